/* dotenv.c - .env files in every variant (.env, .env.local,
 * .env.production, .env.example, name.env, ...) anywhere under the
 * scanned tree, and direnv's .envrc. One "NAME=value" per line, with an
 * optional 'export ' in front; '#' starts a comment line (and, after a
 * blank, an unquoted value's inline comment); values may be single-quoted
 * (literal) or double-quoted (backslash escapes). A value is reported
 * when its name says secret (PASSWORD, TOKEN, SECRET, API_KEY, ...) and
 * it looks typed rather than a reference, path or placeholder; the
 * variable name is the identity. Vendor tokens and URLs with passwords
 * are the content rules' (which still run on these files), so a
 * DATABASE_URL or a ghp_ token keeps its own kind. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include <ctype.h>
#include "scanners/kit/secret.h"
#include "scanners/surfaces/host/hostwords.h"

/* Longer values are no typed secret (a certificate, a blob): left to the
 * content rules. */
#define DOTENV_MAX_VALUE 4096

/* Unquotes the value at 's' ('n' bytes, trimmed) into 'buf' (room for
 * n + 1). Returns the value's length. */
static size_t
dotenv_value(const char *s, size_t n, char *buf)
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

static int
dotenv_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const char *p = f->data, *end = f->data + f->len;
	char *buf = arena_alloc(a, DOTENV_MAX_VALUE + 1);

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
		if (!nn || vn > DOTENV_MAX_VALUE || !hw_secret_name(name, nn))
			continue;
		for (size_t i = 0; i < nn; i++)
			if (!isalnum((unsigned char)name[i]) && name[i] != '_' &&
			    name[i] != '.' && name[i] != '-')
				nn = 0;
		if (!nn)
			continue;
		bn = dotenv_value(v, vn, buf);
		if (hw_value_looks_secret(buf, bn) && !hw_token_shaped(buf, bn)) {
			ca_finding_init(&fd, "dotenv.secret", "dotenv-secret");
			fd.line = line;
			fd.identity = ca_printable(a, name, nn, 64);
			fd.detail = arena_printf(a, "%s in %s: every process "
			    "started from this directory's tooling gets it",
			    fd.identity, ca_printable(a, f->name,
			    strlen(f->name), 64));
			ca_emit_secret(ctx, f, &fd, buf, bn);
		}
		ca_wipe(buf, bn);
	}
	return 0;
}

static const char *const dotenv_claims[] = {
	"**/.env",
	"**/.env.*",
	"**/*.env",
	"**/.envrc",
	NULL,
};

static const struct ca_rule_doc dotenv_rules[] = {
	{ "dotenv.secret", "dotenv-secret",
	  "NAME=value in a .env file or .envrc, with a name that says "
	  "secret" },
	{ NULL, NULL, NULL },
};

const struct ca_scanner ca_scanner_dotenv = {
	.name = "dotenv",
	.surface = "host",
	.summary = "secrets in .env files (.env, .env.local, .env.production, "
		   ".envrc, ...)",
	.version = 1,
	.claims = dotenv_claims,
	.rules = dotenv_rules,
	.scan_file = dotenv_scan_file,
};
