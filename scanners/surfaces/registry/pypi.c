/* pypi.c - Python package index logins, two surface modules:
 *
 *   pypi  ~/.pypirc (INI): one section per index with repository,
 *         username ("__token__" for API tokens) and password.
 *   pip   pip.conf / pip.ini (~/.config/pip, ~/.pip, /etc/pip.conf,
 *         /etc/xdg/pip, a virtualenv's pip.conf): credentials inside
 *         index-url, extra-index-url or find-links URLs
 *         (https://user:token@host/simple), continuation lines included.
 *
 * The section of a .pypirc names the index: "pypi" is upload.pypi.org and
 * "testpypi" test.pypi.org unless 'repository' says otherwise. pip URL
 * passwords are reported as written (still percent-encoded), which is
 * what the url-credential content rule fingerprints, so the two merge. */
#include "lib/compat.h"
#include "lib/str.h"
#include <ctype.h>
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/gitkit.h"
#include "scanners/surfaces/registry/regauth.h"

#define MAX_ITEMS 4096

struct pypirc {
	struct ca_ctx *ctx;
	struct ck_ini_item *items;
	size_t n, cap;
};

static int
pypirc_item(void *arg, const struct ck_ini_item *it)
{
	struct pypirc *r = arg;

	if (r->n == r->cap) {
		struct ck_ini_item *ni;
		if (r->cap >= MAX_ITEMS)
			return 1;
		r->cap = r->cap ? r->cap * 2 : 32;
		ni = arena_alloc(ca_scratch(r->ctx), r->cap * sizeof(*ni));
		if (r->n)
			memcpy(ni, r->items, r->n * sizeof(*ni));
		r->items = ni;
	}
	r->items[r->n++] = *it;
	return 0;
}

static const struct ck_ini_item *
pypirc_get(const struct pypirc *r, const struct ck_ini_item *like,
    const char *key)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct ck_ini_item *it = &r->items[i];
		if (it->section_len == like->section_len && it->section &&
		    !memcmp(it->section, like->section, it->section_len) &&
		    ca_ieq(it->key, it->key_len, key))
			return it;
	}
	return NULL;
}

static int
pypi_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	struct pypirc r;
	struct ck_ini_status st;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	ck_ini_parse(f->data, f->len, pypirc_item, &r, &st);
	if (st.bad_lines)
		ca_warn(ctx, NULL,
		    "%u line%s that are not INI skipped "
		    "(first: line %u)",
		    st.bad_lines, st.bad_lines == 1 ? "" : "s", st.first_bad);
	for (size_t i = 0; i < r.n; i++) {
		const struct ck_ini_item *it = &r.items[i], *u, *repo;
		const char *host, *sec;
		struct ca_finding fd;

		if (!it->section || !ca_ieq(it->key, it->key_len, "password"))
			continue;
		sec = ca_printable(a, it->section, it->section_len, 128);
		repo = pypirc_get(&r, it, "repository");
		u = pypirc_get(&r, it, "username");
		if (repo && repo->val_len)
			host = ra_host(ctx, repo->val, repo->val_len);
		else if (!strcmp(sec, "pypi"))
			host = "upload.pypi.org";
		else if (!strcmp(sec, "testpypi"))
			host = "test.pypi.org";
		else
			host = sec;
		ra_finding_init(&fd, "pypi.pypirc-password", "pypi-password");
		fd.line = it->line;
		if (u && !ca_ieq(u->val, u->val_len, "__token__"))
			fd.identity = ra_identity(ctx, u->val, u->val_len,
			    host);
		else
			fd.identity = host;
		fd.detail = arena_printf(a,
		    "upload credential of index "
		    "[%s] in .pypirc%s",
		    sec,
		    u && ca_ieq(u->val, u->val_len, "__token__") ?
		        " (API token)" :
		        "");
		ra_emit_secret(ctx, f, &fd, it->val, it->val_len);
	}
	return 0;
}

static const char *const pypi_claims[] = {
	"**/.pypirc",
	NULL,
};

/* clang-format off */
static const struct ca_rule_doc pypi_rules[] = {
	{ "pypi.pypirc-password", "pypi-password",
	  "password (or __token__ API token) of an index in .pypirc" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_pypi = {
	.name = "pypi",
	.surface = "registry",
	.summary = "PyPI upload credentials (.pypirc)",
	.version = 1,
	.claims = pypi_claims,
	.rules = pypi_rules,
	.scan_file = pypi_scan_file,
};

/* ==== pip ============================================================= */

static bool
url_char(char c)
{
	return c && !isspace((unsigned char)c) && c != '"' && c != '\'' &&
	    c != '<' && c != '>';
}

/* Reports the credential of one URL ('n' bytes of 'u', borrowed). */
static void
pip_url(struct ca_ctx *ctx, const struct ca_file *f, const char *u, size_t n,
    unsigned int line)
{
	struct ca_url_parts up;
	struct ca_finding fd;
	const char *host;

	if (ca_url_split(u, n, &up) < 0 || !up.host || !up.user)
		return;
	host = ca_printable(ca_scratch(ctx), up.host, up.host_len, 256);
	ra_finding_init(&fd, "pip.index-url-credential",
	    "python-index-credential");
	fd.line = line;
	if (up.pass) {
		fd.identity = ra_identity(ctx, up.user, up.user_len, host);
		fd.detail = arena_printf(ca_scratch(ctx),
		    "pip index URL "
		    "with a password for %s",
		    host);
		ra_emit_secret(ctx, f, &fd, up.pass, up.pass_len);
	} else if (up.user_len >= 16) {
		/* https://TOKEN@host/: the user name is the token */
		fd.identity = host;
		fd.detail = arena_printf(ca_scratch(ctx),
		    "pip index URL "
		    "with a token as its user name for %s",
		    host);
		ra_emit_secret(ctx, f, &fd, up.user, up.user_len);
	}
}

static int
pip_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	const char *p = f->data, *end = f->data + f->len;

	for (unsigned int line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *s = p;
		size_t n = (size_t)(e - p);

		p = nl ? nl + 1 : end;
		ca_trim(&s, &n);
		if (!n || s[0] == '#' || s[0] == ';')
			continue;
		for (const char *q = s; q + 3 <= s + n; q++) {
			const char *b = q, *t = q + 3;
			if (memcmp(q, "://", 3))
				continue;
			while (b > s &&
			    (isalnum((unsigned char)b[-1]) || b[-1] == '+' ||
			        b[-1] == '-' || b[-1] == '.'))
				b--;
			while (t < s + n && url_char(*t))
				t++;
			if (b < q)
				pip_url(ctx, f, b, (size_t)(t - b), line);
			q = t - 1;
		}
	}
	return 0;
}

/* clang-format off */
static const char *const pip_claims[] = {
	"**/pip.conf",
	"**/pip.ini",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc pip_rules[] = {
	{ "pip.index-url-credential", "python-index-credential",
	  "user:password (or a token) inside index-url, extra-index-url or "
	  "find-links of pip.conf" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_pip = {
	.name = "pip",
	.surface = "registry",
	.summary = "pip index credentials (pip.conf, pip.ini)",
	.version = 1,
	.claims = pip_claims,
	.rules = pip_rules,
	.scan_file = pip_scan_file,
};
