/* netrc.c - .netrc files (curl, ftp, git through libcurl, pip, Heroku, Go):
 * ~/.netrc and ~/_netrc. The file is a stream of whitespace-separated
 * tokens: 'machine NAME' or 'default' opens an entry, 'login', 'password'
 * and 'account' fill it, and 'macdef NAME' starts an ftp macro that runs
 * to the next blank line (its body is never read as tokens). A token
 * starting with '#' comments out the rest of its line, and curl accepts
 * double-quoted values with backslash escapes. Each password is reported
 * with identity login@machine ("(any host)" for default); an anonymous
 * ftp login, whose password is by custom an e-mail address, is not. */
#include "lib/compat.h"
#include "lib/str.h"
#include <ctype.h>
#include "scanners/kit/secret.h"

/* A quoted token longer than this is no host, login or password anyone
 * types: it is cut there (an unquoted one is taken whole, in place). */
#define NETRC_MAX_TOKEN 4096

struct netrc_lexer {
	const char *p, *end;
	unsigned int line;
};

struct netrc_token {
	const char *s; /* in the file, or unescaped in the scratch arena */
	size_t n;
	unsigned int line;
};

struct netrc_entry {
	struct netrc_token machine, login, password;
	bool is_default, open;
};

/* Skips blanks, newlines and '#' comments. */
static void
lex_skip(struct netrc_lexer *lx)
{
	while (lx->p < lx->end) {
		if (*lx->p == '\n') {
			lx->line++;
			lx->p++;
		} else if (isspace((unsigned char)*lx->p)) {
			lx->p++;
		} else if (*lx->p == '#') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
		} else {
			break;
		}
	}
}

/* Reads the next token into 't'; a quoted one is unescaped into the
 * scratch arena 'a'. Returns false at the end of the file. */
static bool
lex_next(struct netrc_lexer *lx, struct arena *a, struct netrc_token *t)
{
	lex_skip(lx);
	if (lx->p >= lx->end)
		return false;
	t->line = lx->line;
	if (*lx->p == '"') {
		char *buf = arena_alloc(a, NETRC_MAX_TOKEN + 1);
		size_t o = 0;

		lx->p++;
		while (lx->p < lx->end && *lx->p != '"' && *lx->p != '\n') {
			if (*lx->p == '\\' && lx->p + 1 < lx->end &&
			    lx->p[1] != '\n')
				lx->p++;
			if (o < NETRC_MAX_TOKEN)
				buf[o++] = *lx->p;
			lx->p++;
		}
		if (lx->p < lx->end && *lx->p == '"')
			lx->p++;
		buf[o] = '\0';
		t->s = buf;
		t->n = o;
		return true;
	}
	t->s = lx->p;
	while (lx->p < lx->end && !isspace((unsigned char)*lx->p))
		lx->p++;
	t->n = (size_t)(lx->p - t->s);
	return true;
}

/* Skips a macdef body: the rest of the macdef line, then every line up to
 * and including the first empty one. */
static void
lex_skip_macro(struct netrc_lexer *lx)
{
	const char *nl = memchr(lx->p, '\n', (size_t)(lx->end - lx->p));

	lx->p = nl ? nl : lx->end;
	while (lx->p < lx->end) {
		/* at a '\n': an empty line follows when the next is too */
		const char *next = lx->p + 1;

		lx->line++;
		if (next < lx->end && *next == '\r')
			next++;
		if (next >= lx->end || *next == '\n') {
			lx->p = next;
			return;
		}
		nl = memchr(next, '\n', (size_t)(lx->end - next));
		lx->p = nl ? nl : lx->end;
	}
}

static bool
anonymous_login(const struct netrc_token *login)
{
	return login->s &&
	    (ca_ieq(login->s, login->n, "anonymous") ||
	        ca_ieq(login->s, login->n, "ftp"));
}

static void
netrc_emit(struct ca_ctx *ctx, const struct ca_file *f,
    const struct netrc_entry *e)
{
	struct arena *a = ca_scratch(ctx);
	const char *host, *user;
	struct ca_finding fd;

	if (!e->password.s || anonymous_login(&e->login))
		return;
	host = e->is_default ? "(any host)" :
	                       ca_printable(a, e->machine.s, e->machine.n, 128);
	user = e->login.s ? ca_printable(a, e->login.s, e->login.n, 128) : NULL;
	ca_finding_init(&fd, "netrc.password", "netrc-password");
	fd.line = e->password.line;
	fd.identity = user ? arena_printf(a, "%s@%s", user, host) : host;
	fd.detail = e->is_default ?
	    "default entry of .netrc: curl, ftp and pip send this login to "
	    "any host without an entry of its own" :
	    arena_printf(a,
	        ".netrc password for %s (curl, git, pip and ftp "
	        "send it)",
	        host);
	ca_emit_secret(ctx, f, &fd, e->password.s, e->password.n);
}

static int
netrc_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	struct netrc_lexer lx = { f->data, f->data + f->len, 1 };
	struct netrc_entry e;
	struct netrc_token t, v;
	unsigned int dangling = 0;

	memset(&e, 0, sizeof(e));
	while (lex_next(&lx, a, &t)) {
		bool is_machine = ca_ieq(t.s, t.n, "machine");
		bool is_default = ca_ieq(t.s, t.n, "default");
		struct netrc_token *slot = NULL;

		if (is_machine || is_default) {
			if (e.open)
				netrc_emit(ctx, f, &e);
			memset(&e, 0, sizeof(e));
			e.open = true;
			e.is_default = is_default;
			if (is_machine && !lex_next(&lx, a, &e.machine))
				dangling++;
			continue;
		}
		if (ca_ieq(t.s, t.n, "macdef")) {
			lex_skip_macro(&lx);
			continue;
		}
		if (ca_ieq(t.s, t.n, "login"))
			slot = &e.login;
		else if (ca_ieq(t.s, t.n, "password"))
			slot = &e.password;
		else if (!ca_ieq(t.s, t.n, "account"))
			continue; /* unknown words are skipped, as curl does */
		if (!lex_next(&lx, a, &v)) {
			dangling++;
			break;
		}
		if (slot && e.open)
			*slot = v;
	}
	if (e.open)
		netrc_emit(ctx, f, &e);
	if (dangling)
		ca_warn(ctx, NULL,
		    "the file ends inside an entry (a keyword "
		    "without its value)");
	return 0;
}

/* clang-format off */
static const char *const netrc_claims[] = {
	"**/.netrc",
	"**/_netrc",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc netrc_rules[] = {
	{ "netrc.password", "netrc-password",
	  "password of a machine or default entry of ~/.netrc" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_netrc = {
	.name = "netrc",
	.surface = "host",
	.summary = "logins of ~/.netrc (curl, git, pip, ftp, Heroku)",
	.version = 1,
	.claims = netrc_claims,
	.rules = netrc_rules,
	.scan_file = netrc_scan_file,
};
