/* hostwords.c - secret-looking names and values for the host modules; see
 * hostwords.h. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include <ctype.h>
#include "scanners/kit/secret.h"
#include "scanners/surfaces/host/hostwords.h"

/* The names a secret goes by, as the last part of a variable name. */
/* clang-format off */
static const char *const secret_suffixes[] = {
	"PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "TOKEN", "APIKEY",
	"API_KEY", "ACCESS_KEY", "SECRET_KEY", "PRIVATE_KEY", "AUTH",
	"CREDENTIALS", "PASSPHRASE", NULL,
};
/* clang-format on */

bool
hw_secret_name(const char *s, size_t n)
{
	for (size_t i = 0; secret_suffixes[i]; i++) {
		size_t k = strlen(secret_suffixes[i]);
		const char *tail;

		if (n < k)
			continue;
		tail = s + n - k;
		if (!ca_ieq(tail, k, secret_suffixes[i]))
			continue;
		if (n == k)
			return strcmp(secret_suffixes[i], "PWD") != 0;
		if (tail[-1] == '_' || tail[-1] == '-' || tail[-1] == '.' ||
		    (islower((unsigned char)tail[-1]) &&
		        isupper((unsigned char)tail[0])))
			return true;
	}
	return false;
}

bool
hw_value_looks_secret(const char *s, size_t n)
{
	bool lower = false, upper = false, digit = false, other = false;

	if (n < 6 || ca_secret_unusable(s, n))
		return false;
	if (strchr("/~.-`<", s[0]))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (islower(c))
			lower = true;
		else if (isupper(c))
			upper = true;
		else if (isdigit(c))
			digit = true;
		/* built from a command or a variable, or a control byte
		 * nobody types */
		else if (c < 0x20 ||
		    (c == '$' && i + 1 < n &&
		        (s[i + 1] == '(' || s[i + 1] == '{')))
			return false;
		else
			other = true;
	}
	return n >= 16 || lower + upper + digit + other >= 2;
}

/* Public prefixes of the tokens the content rules know by shape. */
/* clang-format off */
static const char *const token_prefixes[] = {
	"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-",
	"gldt-", "glrt-", "npm_", "pypi-", "rubygems_", "dckr_pat_", "sk-",
	"sk_live_", "sk_test_", "rk_live_", "xoxb-", "xoxp-", "xoxe.",
	"xapp-", "hf_", "SG.", "AIza", "ya29.", "AKIA", "ASIA", "eyJ",
	"dop_v1_", "hvs.", "-----BEGIN", NULL,
};
/* clang-format on */

bool
hw_token_shaped(const char *s, size_t n)
{
	return ca_secret_prefix(s, n, token_prefixes) > 0;
}

/* Longer values are no typed secret (a certificate, a blob): left to the
 * content rules. */
#define HW_MAX_VALUE 4096

/* Unquotes the value at 's' ('n' bytes, trimmed) into 'buf' (room for
 * n + 1). Returns the value's length. */
static size_t
assignment_value(const char *s, size_t n, char *buf)
{
	size_t o = 0;

	if (n && (s[0] == '"' || s[0] == '\'')) {
		char q = s[0];
		for (size_t i = 1; i < n && s[i] != q; i++) {
			if (q == '"' && s[i] == '\\' && i + 1 < n) {
				i++;
				buf[o++] = s[i] == 'n' ? '\n' : s[i];
			} else {
				buf[o++] = s[i];
			}
		}
		buf[o] = '\0';
		return o;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '#' && i && isspace((unsigned char)s[i - 1]))
			break;
		buf[o++] = s[i];
	}
	while (o && isspace((unsigned char)buf[o - 1]))
		o--;
	buf[o] = '\0';
	return o;
}

void
hw_scan_assignments(struct ca_ctx *ctx, const struct ca_file *f,
    const char *rule, const char *kind)
{
	struct arena *a = ca_scratch(ctx);
	const char *p = f->data, *end = f->data + f->len;
	char *buf = arena_alloc(a, HW_MAX_VALUE + 1);

	for (unsigned int line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *eq, *name, *v;
		size_t n = (size_t)((nl ? nl : end) - p), nn, vn, bn;
		struct ca_finding fd;

		p = nl ? nl + 1 : end;
		ca_trim(&s, &n);
		if (!n || s[0] == '#')
			continue;
		if (n > 7 && !memcmp(s, "export", 6) &&
		    isspace((unsigned char)s[6])) {
			s += 7;
			n -= 7;
			ca_trim(&s, &n);
		}
		eq = memchr(s, '=', n);
		if (!eq)
			continue; /* sourced shell: not an assignment */
		name = s;
		nn = (size_t)(eq - s);
		ca_trim(&name, &nn);
		v = eq + 1;
		vn = (size_t)(s + n - v);
		ca_trim(&v, &vn);
		if (!nn || vn > HW_MAX_VALUE || !hw_secret_name(name, nn))
			continue;
		for (size_t i = 0; i < nn; i++)
			if (!isalnum((unsigned char)name[i]) &&
			    name[i] != '_' && name[i] != '.' && name[i] != '-')
				nn = 0;
		if (!nn)
			continue;
		bn = assignment_value(v, vn, buf);
		if (hw_value_looks_secret(buf, bn) &&
		    !hw_token_shaped(buf, bn)) {
			ca_finding_init(&fd, rule, kind);
			fd.line = line;
			fd.identity = ca_printable(a, name, nn, 64);
			fd.detail = arena_printf(a,
			    "%s set in %s: every "
			    "process started from it gets the secret",
			    fd.identity,
			    ca_printable(a, f->name, strlen(f->name), 64));
			ca_emit_secret(ctx, f, &fd, buf, bn);
		}
		ca_wipe(buf, bn);
	}
}
