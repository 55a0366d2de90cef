/* git_credentials.c - git-credential-store files: ~/.git-credentials and
 * $XDG_CONFIG_HOME/git/credentials. One URL per line,
 * "https://user:pass@host[/path]", with user and password percent-encoded;
 * the decoded password is the secret. The URL, token and line helpers
 * shared with gh.c, gitconfig.c and copilot.c are in scanners/kit/gitkit.c.
 *
 * It does not evaluate credential.helper settings: gitconfig.c does that
 * and calls ca_git_credentials_parse() for `store --file <path>`. */
#include "lib/compat.h"
#include <ctype.h>
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/secret.h"
#include "scanners/rules/rules.h"
#include "scanners/surfaces/git/git_credentials.h"

#define MAX_SECRET 4096 /* longer "passwords" are not credentials */

/* ---- credential-store files ------------------------------------------ */

struct store_state {
	const char *path;   /* borrowed; NULL: the scanned file */
	const char *anchor; /* scratch */
	unsigned int bad;   /* malformed lines */
	unsigned int first_bad;
};

/* Emits one secret of a store line. */
static void
store_emit(struct ca_ctx *ctx, const struct store_state *st,
    const struct ca_url_parts *u, const char *secret, size_t slen,
    const char *identity, unsigned int lineno)
{
	struct ca_gh_token tok;
	struct ca_finding f;
	bool gh;

	if (ca_secret_unusable(secret, slen))
		return;
	gh = ca_gh_token_classify(secret, slen, &tok);
	memset(&f, 0, sizeof(f));
	f.rule = CA_GIT_STORE_RULE;
	f.kind = gh ? tok.kind : "git-credential";
	f.path = st->path;
	f.line = lineno;
	f.secret = secret;
	f.secret_len = slen;
	f.preview_prefix = gh ? tok.prefix_len : 0;
	f.identity = identity;
	f.standing = -1;
	f.tier = -1;
	f.anchor = st->anchor;
	f.detail = arena_printf(ca_scratch(ctx),
	    "git credential-store entry for %s://%s%s",
	    ca_printable(ca_scratch(ctx), u->scheme, u->scheme_len, 16),
	    ca_printable(ca_scratch(ctx), u->host, u->host_len, 256),
	    gh && tok.checksum_bad ?
	        " (token checksum does not match: likely not live)" :
	        "");
	ca_emit(ctx, &f);
}

/* Emits the credentials of one store line ('line', 'len' bytes,
 * borrowed, at 1-based 'lineno'). Returns false when it is malformed. */
static bool
store_line(struct ca_ctx *ctx, struct store_state *st, const char *line,
    size_t len, unsigned int lineno)
{
	struct ca_url_parts u;
	struct ca_gh_token tok;
	char *user, *pass;
	size_t ulen, plen;
	const char *host;
	bool user_tok;

	if (ca_url_split(line, len, &u) < 0 || !u.host_len)
		return false;
	if (!u.user)
		return true; /* no user info: nothing stored for it */
	if (u.user_len > MAX_SECRET || u.pass_len > MAX_SECRET)
		return false;
	user = arena_alloc(ca_scratch(ctx), u.user_len + 1);
	pass = arena_alloc(ca_scratch(ctx), u.pass_len + 1);
	ulen = ca_pct_decode(u.user, u.user_len, user);
	plen = u.pass ? ca_pct_decode(u.pass, u.pass_len, pass) : 0;
	host = ca_printable(ca_scratch(ctx), u.host, u.host_len, 256);
	/* "https://<token>@github.com" and "<token>:x-oauth-basic" put the
	 * token in the user part, which then never goes into an identity. */
	user_tok = ca_gh_token_classify(user, ulen, &tok);
	if (user_tok)
		store_emit(ctx, st, &u, user, ulen, host, lineno);
	if (plen &&
	    !(user_tok && plen == 13 && !memcmp(pass, "x-oauth-basic", 13)))
		store_emit(ctx, st, &u, pass, plen,
		    user_tok ?
		        host :
		        arena_printf(ca_scratch(ctx), "%s@%s",
		            ca_printable(ca_scratch(ctx), user, ulen, 128),
		            host),
		    lineno);
	ca_wipe(user, ulen);
	ca_wipe(pass, plen);
	return true;
}

int
ca_git_credentials_parse(struct ca_ctx *ctx, const char *path, const char *data,
    size_t len)
{
	struct store_state st;
	const char *p = data, *end = data + len;
	unsigned int lineno = 0;

	memset(&st, 0, sizeof(st));
	st.path = path;
	if (path)
		st.anchor = arena_printf(ca_scratch(ctx), "%s%s",
		    CA_GIT_STORE_ANCHOR, path);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *s = p, *e = le;

		lineno++;
		p = nl ? nl + 1 : end;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (s == e)
			continue; /* git skips blank lines too */
		if (!store_line(ctx, &st, s, (size_t)(e - s), lineno)) {
			if (!st.bad++)
				st.first_bad = lineno;
		}
	}
	/* One warning per file, and never the line: it may hold a secret. */
	if (st.bad)
		ca_warn(ctx, path,
		    "%u malformed credential line%s (first at "
		    "line %u)",
		    st.bad, st.bad == 1 ? "" : "s", st.first_bad);
	return 0;
}

/* ---- the surface module ---------------------------------------------- */

static int
git_credentials_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	return ca_git_credentials_parse(ctx, f->path, f->data, f->len);
}

/* clang-format off */
static const char *const git_credentials_claims[] = {
	"**/.git-credentials",
	"**/.config/git/credentials",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc git_credentials_rules[] = {
	{ CA_GIT_STORE_RULE, "git-credential",
	  "password in a credential-store line (GitHub kinds by prefix)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_git_credentials = {
	.name = "git_credentials",
	.surface = "git",
	.summary = "git credential-store files (~/.git-credentials)",
	.version = 1,
	.claims = git_credentials_claims,
	.rules = git_credentials_rules,
	.scan_file = git_credentials_scan_file,
};
