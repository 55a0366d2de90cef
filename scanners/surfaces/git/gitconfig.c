/* gitconfig.c - git configuration files read through libgit2: the system
 * /etc/gitconfig, ~/.gitconfig, $XDG_CONFIG_HOME/git/config and every
 * repository's .git/config, with the files they include. Reports
 * credentials embedded in remote, submodule, insteadOf and proxy URLs,
 * http.extraheader authorization, sendemail.smtpPass and github.token,
 * and every credential.helper as a delegation (following
 * `store --file <path>` into the store file).
 *
 * Includes never escape the target. libgit2 would follow include.path on
 * the host (`path = ~/x` against the scanner's own home, or /etc/shadow),
 * so every "[include" section header is renamed before libgit2 sees the
 * bytes, and this module follows the paths itself through ca_read_file().
 * includeIf conditions are not evaluated (the gitdir the user works in is
 * unknowable offline): such files are read and the detail says so.
 *
 * libgit2 keeps no line numbers; a finding's line is where its secret's
 * bytes first occur in the file, or 0 when they are escaped there. */
#include "lib/compat.h"
#include <ctype.h>
#include <git2.h>
#include <pthread.h>
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/secret.h"
#include "scanners/surfaces/git/git_credentials.h"

#define MAX_DEPTH    10 /* include nesting, as git and libgit2 */
#define MAX_FILES    64 /* included and store files per scanned file */
#define MAX_SECRET   4096
#define HELPER_SHOWN 80 /* bytes of a helper string in the detail */
#define READ_CAP     (16u << 20)
#define NEUTRAL      "credatlas" /* prefixed to "include" section names */

enum gc_mode { GC_FINDINGS, GC_IDENTITY };

/* Who the configuration says the user is (scratch strings, or NULL). */
struct gc_ident {
	const char *email, *name;
	const char *smtp_user, *smtp_server;
	const char *github_user;
};

/* One configuration file being read. */
struct gc_file {
	const char *path; /* target path (scratch or borrowed) */
	const char *dir;  /* its directory */
	const char *data; /* original bytes, borrowed */
	size_t len;
	int depth;        /* 0 for the scanned file */
	const char *cond; /* includeIf condition (printable), or NULL */
	bool included;
	struct gc_ident id; /* own values, then the includer's */
	const char **incs;  /* include paths found (scratch) */
	const char **inc_conds;
	size_t nincs, capincs;
	bool escaped; /* libgit2 saw a live include: distrust */
};

/* One scanned file and everything it pulls in. */
struct gc_run {
	struct ca_ctx *ctx;
	const struct ca_file *f;
	const char *home;
	const char *worktree; /* for .git/config: the repository's top */
	const char *seen[MAX_FILES];
	size_t nseen;
	bool home_loaded;
	struct gc_ident home_id;
};

static pthread_once_t gc_once = PTHREAD_ONCE_INIT;
static int gc_init_ret;

static void
gc_init_libgit2(void)
{
	/* Never shut down: workers may still be reading when one finishes,
	 * and the state is process-wide. */
	gc_init_ret = git_libgit2_init();
}

/* ---- keeping includes away from libgit2 ------------------------------ */

/* Length of the "[ include" at data[i] up to the 'i' of include, or 0.
 * libgit2 names a section from the bytes right after '[', lowercased, so
 * only "include" and "includeIf..." there can make an include; spaces
 * are allowed too for good measure. */
static size_t
include_header_at(const char *data, size_t len, size_t i)
{
	size_t j = i + 1;

	if (data[i] != '[')
		return 0;
	while (j < len && data[j] != '\n' && isspace((unsigned char)data[j]))
		j++;
	if (len - j < 7)
		return 0;
	/* ASCII folding, as libgit2 does: strncasecmp() follows the locale,
	 * and a Turkish one does not fold 'I' to 'i'. */
	for (size_t k = 0; k < 7; k++) {
		char c = data[j + k];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != "include"[k])
			return 0;
	}
	return j - i;
}

/* Copies 'data' into 'out' (one allocation, so no stray copy of a secret
 * is left by a realloc) with every "[include" renamed "[credatlasinclude".
 * The caller wipes and releases 'out'. Returns 0 or -1. */
static int
neutralize_includes(const char *data, size_t len, struct strbuf *out)
{
	size_t count = 0, start = 0;

	for (size_t i = 0; i < len; i++)
		if (include_header_at(data, len, i))
			count++;
	strbuf_init(out, len + count * (sizeof(NEUTRAL) - 1) + 1);
	if (strbuf_grow(out, out->cap) < 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		size_t skip = include_header_at(data, len, i);
		if (!skip)
			continue;
		strbuf_add(out, data + start, i + skip - start);
		strbuf_add(out, NEUTRAL, sizeof(NEUTRAL) - 1);
		start = i + skip;
		i += skip;
	}
	return strbuf_add(out, data + start, len - start);
}

/* ---- small helpers --------------------------------------------------- */

struct gc_key {
	const char *section; /* lowercase */
	size_t section_len;
	const char *sub; /* case kept, may hold dots; NULL if none */
	size_t sub_len;
	const char *var; /* lowercase */
};

static void
split_key(const char *name, struct gc_key *k)
{
	const char *dot = strchr(name, '.'), *last = strrchr(name, '.');

	memset(k, 0, sizeof(*k));
	if (!dot) {
		k->section = name;
		k->section_len = strlen(name);
		k->var = "";
		return;
	}
	k->section = name;
	k->section_len = (size_t)(dot - name);
	k->var = last + 1;
	if (last > dot) {
		k->sub = dot + 1;
		k->sub_len = (size_t)(last - dot - 1);
	}
}

static bool
key_is(const struct gc_key *k, const char *section, const char *var)
{
	return strlen(section) == k->section_len &&
	    !memcmp(k->section, section, k->section_len) &&
	    (!var || !strcmp(k->var, var));
}

static const char *
git_identity(const struct gc_ident *id)
{
	return id->email ? id->email : id->name;
}

/* "scheme://host" of a URL, never its user info; or the printable text
 * when it is not a URL (credential.<url> may be a bare host). */
static const char *
url_display(struct ca_ctx *ctx, const char *url, size_t len)
{
	struct ca_url_parts u;

	if (ca_url_split(url, len, &u) < 0)
		return ca_printable(ca_scratch(ctx), url, len, 128);
	return arena_printf(ca_scratch(ctx), "%s://%s",
	    ca_printable(ca_scratch(ctx), u.scheme, u.scheme_len, 16),
	    ca_printable(ca_scratch(ctx), u.host, u.host_len, 128));
}

/* A note for findings read from included files. */
static const char *
origin_note(struct ca_ctx *ctx, const struct gc_file *cf)
{
	if (cf->cond)
		return arena_printf(ca_scratch(ctx),
		    "; from an includeIf file "
		    "(condition '%s' not evaluated)",
		    cf->cond);
	return cf->included ? "; from an included file" : "";
}

/* Fills the common fields and emits a secret finding. */
static void
emit_secret(struct gc_run *g, const struct gc_file *cf, const char *rule,
    const char *fallback_kind, const char *secret, size_t slen, const char *raw,
    size_t raw_len, const char *identity, const char *detail)
{
	struct ca_gh_token gt;
	struct ca_finding f;
	bool gh;

	if (slen > MAX_SECRET || ca_secret_unusable(secret, slen))
		return;
	gh = ca_gh_token_classify(secret, slen, &gt);
	memset(&f, 0, sizeof(f));
	f.rule = rule;
	f.kind = gh ? gt.kind : fallback_kind;
	f.path = cf->path;
	f.line = ca_line_of(cf->data, cf->len, raw, raw_len);
	f.secret = secret;
	f.secret_len = slen;
	f.preview_prefix = gh ? gt.prefix_len : 0;
	f.identity = identity;
	f.standing = -1;
	f.tier = -1;
	f.detail = arena_printf(ca_scratch(g->ctx), "%s%s%s", detail,
	    gh && gt.checksum_bad ?
	        "; token checksum does not match, likely not live" :
	        "",
	    origin_note(g->ctx, cf));
	ca_emit(g->ctx, &f);
}

/* ---- what a config value can hold ------------------------------------ */

/* Credentials in the user info of 'url' ('len' bytes, borrowed). */
static void
url_credential(struct gc_run *g, const struct gc_file *cf, const char *url,
    size_t len, const char *rule, const char *kind, const char *detail)
{
	struct ca_ctx *ctx = g->ctx;
	struct ca_url_parts u;
	struct ca_gh_token gt;
	char *user, *pass;
	size_t ulen, plen;
	const char *host, *identity;
	bool user_tok;

	if (ca_url_split(url, len, &u) < 0 || !u.user)
		return;
	if (u.user_len > MAX_SECRET || u.pass_len > MAX_SECRET)
		return;
	user = arena_alloc(ca_scratch(ctx), u.user_len + 1);
	pass = arena_alloc(ca_scratch(ctx), u.pass_len + 1);
	ulen = ca_pct_decode(u.user, u.user_len, user);
	plen = u.pass ? ca_pct_decode(u.pass, u.pass_len, pass) : 0;
	host = ca_printable(ca_scratch(ctx), u.host, u.host_len, 256);
	user_tok = ca_gh_token_classify(user, ulen, &gt);
	if (user_tok) {
		/* https://<token>@github.com: the token is the user part,
		 * and no identity */
		emit_secret(g, cf, rule, kind, user, ulen, u.user, u.user_len,
		    host, detail);
	}
	if (plen &&
	    !(user_tok && plen == 13 && !memcmp(pass, "x-oauth-basic", 13))) {
		identity = user_tok ?
		    host :
		    arena_printf(ca_scratch(ctx), "%s@%s",
		        ca_printable(ca_scratch(ctx), user, ulen, 128), host);
		emit_secret(g, cf, rule, kind, pass, plen, u.pass, u.pass_len,
		    identity, detail);
	}
	ca_wipe(user, ulen);
	ca_wipe(pass, plen);
}

static const char *
skip_space(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	return p;
}

#define XH_RULE "gitconfig.http-extraheader"
#define XH_KIND "git-http-extraheader"

/* Where an http.<url>.extraheader applies. */
struct xh_ctx {
	const char *where; /* " for https://host", or "" */
	const char *host;  /* host of <url>, or NULL */
};

/* "Authorization: basic <b64>": the password of the decoded "user:pass"
 * is the secret ('cred', 'len' bytes, borrowed). */
static void
extraheader_basic(struct gc_run *g, const struct gc_file *cf,
    const struct xh_ctx *x, const char *cred, size_t len)
{
	struct arena *a = ca_scratch(g->ctx);
	const char *identity = git_identity(&cf->id), *user, *sep;
	char *dec = arena_alloc(a, len + 1);
	size_t ulen;
	int dlen;

	dlen = len <= MAX_SECRET ?
	    ca_base64_decode(cred, len, (unsigned char *)dec, len) :
	    -1;
	if (dlen < 0) {
		ca_wipe(dec, len + 1); /* bytes decoded before the error */
		emit_secret(g, cf, XH_RULE, XH_KIND, cred, len, cred, len,
		    identity,
		    arena_printf(a,
		        "http.extraheader basic "
		        "credentials%s (not valid base64)",
		        x->where));
		return;
	}
	sep = memchr(dec, ':', (size_t)dlen);
	if (!sep) {
		emit_secret(g, cf, XH_RULE, XH_KIND, dec, (size_t)dlen, cred,
		    len, identity,
		    arena_printf(a,
		        "http.extraheader basic "
		        "credentials%s",
		        x->where));
		ca_wipe(dec, (size_t)dlen);
		return;
	}
	ulen = (size_t)(sep - dec);
	user = ca_printable(ca_scratch(g->ctx), dec, ulen, 128);
	emit_secret(g, cf, XH_RULE, XH_KIND, sep + 1, (size_t)dlen - ulen - 1,
	    cred, len, x->host ? arena_printf(a, "%s@%s", user, x->host) : user,
	    arena_printf(a, "http.extraheader basic credentials%s%s", x->where,
	        strcmp(user, "x-access-token") ?
	            "" :
	            " (persisted by actions/checkout)"));
	ca_wipe(dec, (size_t)dlen);
}

static const char *
trim_end(const char *s, const char *end)
{
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	return end;
}

/* http.extraheader / http.<url>.extraheader: "Authorization: basic
 * <base64 user:pass>" (actions/checkout persists x-access-token:ghs_...),
 * "Authorization: bearer <token>", or a token header (PRIVATE-TOKEN). */
static void
extraheader(struct gc_run *g, const struct gc_file *cf, const char *val,
    const struct gc_key *k)
{
	struct ca_ctx *ctx = g->ctx;
	struct arena *a = ca_scratch(ctx);
	const char *end = val + strlen(val), *colon, *name, *name_end;
	const char *cred, *cred_end, *scheme;
	struct xh_ctx x = { "", NULL };
	size_t slen, clen;
	char *lname;

	colon = memchr(val, ':', (size_t)(end - val));
	if (!colon)
		return;
	name = skip_space(val, colon);
	name_end = trim_end(name, colon);
	cred = skip_space(colon + 1, end);
	cred_end = trim_end(cred, end);
	if (cred == cred_end)
		return;
	if (k->sub) {
		struct ca_url_parts u;
		x.where = arena_printf(a, " for %s",
		    url_display(ctx, k->sub, k->sub_len));
		if (ca_url_split(k->sub, k->sub_len, &u) == 0)
			x.host = ca_printable(ca_scratch(ctx), u.host,
			    u.host_len, 256);
	}
	if (ca_ieq(name, (size_t)(name_end - name), "authorization") ||
	    ca_ieq(name, (size_t)(name_end - name), "proxy-authorization")) {
		scheme = cred;
		while (cred < cred_end && !isspace((unsigned char)*cred))
			cred++;
		slen = (size_t)(cred - scheme);
		cred = skip_space(cred, cred_end);
		if (cred == cred_end) {
			/* a bare token after "Authorization:" */
			cred = scheme;
			slen = 0;
		}
		clen = (size_t)(cred_end - cred);
		if (ca_ieq(scheme, slen, "basic")) {
			extraheader_basic(g, cf, &x, cred, clen);
			return;
		}
		emit_secret(g, cf, XH_RULE, XH_KIND, cred, clen, cred, clen,
		    git_identity(&cf->id),
		    arena_printf(a,
		        "http.extraheader "
		        "%s authorization%s",
		        slen ? ca_printable(ca_scratch(ctx), scheme, slen, 16) :
		               "bare",
		        x.where));
		return;
	}
	/* PRIVATE-TOKEN, Job-Token, X-Api-Key and friends carry the secret
	 * as the whole value. */
	lname = ca_printable(ca_scratch(ctx), name, (size_t)(name_end - name),
	    64);
	for (char *c = lname; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (!strstr(lname, "token") && !strstr(lname, "api-key") &&
	    !strstr(lname, "apikey") && !strstr(lname, "secret"))
		return;
	clen = (size_t)(cred_end - cred);
	emit_secret(g, cf, XH_RULE, XH_KIND, cred, clen, cred, clen,
	    git_identity(&cf->id),
	    arena_printf(a,
	        "http.extraheader %s "
	        "header%s",
	        lname, x.where));
}

/* ---- credential helpers ---------------------------------------------- */

static bool
word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Length of an inline secret starting at helper[i] ("password=<v>" gives
 * the value's offset in *voff), or 0. Only shell helpers ("!...") can
 * carry one. */
static size_t
inline_secret_at(const char *h, size_t len, size_t i, size_t *voff)
{
	struct ca_gh_token gt;
	size_t j;

	*voff = 0;
	if (len - i > 9 && !strncmp(h + i, "password=", 9) &&
	    (i == 0 || !word_char(h[i - 1]))) {
		j = i + 9;
		while (j < len && !isspace((unsigned char)h[j]) &&
		    !strchr("\"';)\\", h[j]))
			j++;
		*voff = 9;
		return j - i;
	}
	if (i > 0 && word_char(h[i - 1]))
		return 0;
	for (j = i; j < len && word_char(h[j]); j++)
		;
	if (ca_gh_token_classify(h + i, j - i, &gt))
		return j - i;
	return 0;
}

/* Offset of the value when helper[i] starts "<name>=" and the name speaks
 * of a secret (password=, token=, API_KEY=, --auth=...), or 0. */
static size_t
secret_assignment_at(const char *h, size_t len, size_t i)
{
	static const char *const words[] = {
		"pass",
		"token",
		"secret",
		"key",
		"auth",
		"cred",
	};
	char name[64];
	size_t j = i, n = 0;

	if (i > 0 && (word_char(h[i - 1]) || h[i - 1] == '-'))
		return 0;
	while (j < len && (word_char(h[j]) || h[j] == '-') && n < 63)
		name[n++] = (char)tolower((unsigned char)h[j++]);
	if (!n || j >= len || h[j] != '=')
		return 0;
	name[n] = '\0';
	for (size_t w = 0; w < CA_ARRAY_SIZE(words); w++)
		if (strstr(name, words[w]))
			return j + 1 - i;
	return 0;
}

/* The helper string as shown: inline secrets, values assigned to
 * secret-sounding names and long random-looking words replaced by "...",
 * cut at HELPER_SHOWN bytes on a UTF-8 boundary. */
static const char *
helper_display(struct ca_ctx *ctx, const char *h, size_t len)
{
	struct strbuf sb = STRBUF_INIT(4 * HELPER_SHOWN);
	const char *out;
	size_t i = 0, n;

	while (i < len && sb.len < HELPER_SHOWN + 8) {
		size_t voff, s = inline_secret_at(h, len, i, &voff);
		if (!s) {
			voff = secret_assignment_at(h, len, i);
			/* the value runs to the next blank, quote or ';' */
			for (s = voff; voff && i + s < len; s++)
				if (isspace((unsigned char)h[i + s]) ||
				    strchr("\"';)|&", h[i + s]))
					break;
		}
		if (s) {
			strbuf_add(&sb, h + i, voff);
			strbuf_addstr(&sb, "...");
			i += s;
			continue;
		}
		if (word_char(h[i]) && (i == 0 || !word_char(h[i - 1]))) {
			size_t j = i;
			bool digit = false, alpha = false;
			for (; j < len && word_char(h[j]); j++) {
				digit |= isdigit((unsigned char)h[j]) != 0;
				alpha |= isalpha((unsigned char)h[j]) != 0;
			}
			if (j - i >= 20 && digit && alpha) {
				strbuf_addstr(&sb, "...");
				i = j;
				continue;
			}
		}
		strbuf_addch(&sb, h[i]);
		i++;
	}
	n = sb.len;
	if (n > HELPER_SHOWN || i < len) {
		n = n > HELPER_SHOWN ? HELPER_SHOWN : n;
		while (n && ((unsigned char)sb.buf[n] & 0xC0) == 0x80)
			n--;
		out = arena_printf(ca_scratch(ctx), "%s...",
		    ca_printable(ca_scratch(ctx), sb.buf, n, HELPER_SHOWN));
	} else {
		out = ca_printable(ca_scratch(ctx), sb.buf, n, HELPER_SHOWN);
	}
	ca_wipe(sb.buf, sb.len);
	strbuf_release(&sb);
	return out;
}

/* Splits a helper command line into at most 'max' words (shell-like
 * quotes, no expansion), copies in the scratch arena. */
static size_t
helper_words(struct ca_ctx *ctx, const char *h, const char **w, size_t max)
{
	size_t n = 0;
	const char *p = h;

	while (*p && n < max) {
		struct strbuf sb = STRBUF_INIT(4096);
		char q = 0;
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		for (; *p && (q || !isspace((unsigned char)*p)); p++) {
			if (q && *p == q)
				q = 0;
			else if (!q && (*p == '"' || *p == '\''))
				q = *p;
			else if (strbuf_addch(&sb, *p) < 0)
				break;
		}
		w[n++] = arena_strndup(ca_scratch(ctx), sb.buf, sb.len);
		ca_wipe(sb.buf, sb.len);
		strbuf_release(&sb);
	}
	return n;
}

/* Resolves 'path' as ca_resolve_path() does, then folds "." and ".."
 * components and repeated slashes, so one file has one name (for the
 * cycle check and the report). Returns a scratch string or NULL. */
static const char *
resolve(struct ca_ctx *ctx, const char *path, const char *home,
    const char *base)
{
	const char *r = ca_resolve_path(ctx, path, home, base), *p;
	char *out;
	size_t o = 0;

	if (!r || r[0] != '/')
		return r;
	out = arena_alloc(ca_scratch(ctx), strlen(r) + 2);
	for (p = r; *p;) {
		const char *e;
		size_t n;
		while (*p == '/')
			p++;
		e = strchrnul(p, '/');
		n = (size_t)(e - p);
		if (n == 1 && p[0] == '.') {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (o && out[o - 1] != '/')
				o--;
			if (o)
				o--; /* the slash; "/.." stays "/" */
		} else if (n) {
			out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		p = e;
	}
	if (!o)
		out[o++] = '/';
	out[o] = '\0';
	return out;
}

static bool
seen_before(struct gc_run *g, const char *path)
{
	for (size_t i = 0; i < g->nseen; i++)
		if (!strcmp(g->seen[i], path))
			return true;
	if (g->nseen == MAX_FILES)
		return true; /* enough: a hostile include tree stops here */
	g->seen[g->nseen++] = path;
	return false;
}

/* Reads the credential-store file a `store --file` helper names. */
static void
follow_store(struct gc_run *g, const struct gc_file *cf, const char *file)
{
	struct ca_ctx *ctx = g->ctx;
	struct strbuf sb = STRBUF_INIT(READ_CAP);
	const char *base;
	int ret;

	if (!file)
		return;
	/* git runs the helper in the repository (for .git/config) or
	 * wherever the user is: relative paths are a guess either way. */
	base = g->worktree ? g->worktree : g->home ? g->home : cf->dir;
	file = resolve(ctx, file, g->home, base);
	if (!file || seen_before(g, file))
		return;
	ret = ca_read_file(ctx, file, &sb);
	if (ret == 0)
		ca_git_credentials_parse(ctx, file, sb.buf, sb.len);
	else if (ret != -ENOENT && ret != -ENOTDIR && ret != -EISDIR)
		ca_warn(ctx, cf->path, "cannot read credential store '%s': %s",
		    ca_printable(ca_scratch(ctx), file, strlen(file), 256),
		    strerror(-ret));
	ca_wipe(sb.buf, sb.len);
	strbuf_release(&sb);
}

/* credential.helper / credential.<url>.helper. */
static void
helper(struct gc_run *g, const struct gc_file *cf, const char *val,
    const struct gc_key *k)
{
	struct ca_ctx *ctx = g->ctx;
	size_t len = strlen(val), i;
	const char *w[16], *store_file = NULL, *where = "", *link = NULL;
	size_t nw;
	struct ca_finding f;

	while (len && isspace((unsigned char)val[len - 1]))
		len--;
	val = skip_space(val, val + len);
	len = strlen(val);
	while (len && isspace((unsigned char)val[len - 1]))
		len--;
	if (!len)
		return; /* an empty helper resets the list */
	if (k->sub)
		where = arena_printf(ca_scratch(ctx), " for %s",
		    url_display(ctx, k->sub, k->sub_len));

	/* A shell helper may spell its secret out. */
	if (val[0] == '!') {
		for (i = 1; i < len; i++) {
			size_t voff, s = inline_secret_at(val, len, i, &voff);
			if (!s)
				continue;
			emit_secret(g, cf, "gitconfig.helper-inline-secret",
			    "generic-password", val + i + voff, s - voff,
			    val + i + voff, s - voff, git_identity(&cf->id),
			    arena_printf(ca_scratch(ctx),
			        "secret written into "
			        "a shell credential helper%s",
			        where));
			i += s - 1;
		}
	}

	nw = helper_words(ctx, val[0] == '!' ? val + 1 : val, w,
	    CA_ARRAY_SIZE(w));
	if (val[0] != '!' && nw &&
	    (!strcmp(w[0], "store") ||
	        ca_ends_with(w[0], "git-credential-store"))) {
		for (i = 1; i < nw; i++) {
			if (!strcmp(w[i], "--file") && i + 1 < nw)
				store_file = w[++i];
			else if (!strncmp(w[i], "--file=", 7))
				store_file = w[i] + 7;
		}
		if (store_file) {
			const char *base = g->worktree ? g->worktree :
			    g->home                    ? g->home :
			                                 cf->dir;
			const char *r = resolve(ctx, store_file, g->home, base);
			if (r)
				link = arena_printf(ca_scratch(ctx), "%s%s",
				    CA_GIT_STORE_ANCHOR, r);
		} else if (g->home) {
			link = arena_printf(ca_scratch(ctx),
			    "%s%s/.git-credentials", CA_GIT_STORE_ANCHOR,
			    g->home);
		}
	} else if (val[0] == '!' && nw >= 3 &&
	    (!strcmp(w[0], "gh") || ca_ends_with(w[0], "/gh")) &&
	    !strcmp(w[1], "auth") && !strcmp(w[2], "git-credential")) {
		struct ca_url_parts u;
		const char *host = "github.com";
		if (k->sub && ca_url_split(k->sub, k->sub_len, &u) == 0 &&
		    u.host_len)
			host = ca_printable(ca_scratch(ctx), u.host, u.host_len,
			    256);
		link = arena_printf(ca_scratch(ctx), "gh-host:%s:%s",
		    g->home ? g->home : "", host);
	}

	memset(&f, 0, sizeof(f));
	f.rule = "gitconfig.credential-helper";
	f.kind = "git-credential-helper";
	f.path = cf->path;
	f.line = ca_line_of(cf->data, cf->len, val, len);
	/* The reference goes only into the keyed fingerprint. */
	f.ref = arena_printf(ca_scratch(ctx), "git-helper:%s:%.*s", cf->path,
	    (int)len, val);
	f.identity = git_identity(&cf->id);
	f.standing = -1;
	f.tier = -1;
	f.link = link;
	f.detail = arena_printf(ca_scratch(ctx), "credential helper '%s'%s%s",
	    helper_display(ctx, val, len), where, origin_note(ctx, cf));
	ca_emit(ctx, &f);
	ca_wipe((char *)f.ref, strlen(f.ref));
	follow_store(g, cf, store_file);
	/* a shell helper's words may spell a secret out */
	/* w[0..nw) are arena copies of strings, never NULL */
	for (i = 0; i < nw; i++)
		/* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker) */
		ca_wipe((char *)w[i], strlen(w[i]));
}

/* ---- reading one file ------------------------------------------------ */

struct gc_pass {
	struct gc_run *g;
	struct gc_file *cf;
	enum gc_mode mode;
};

static void
add_include(struct ca_ctx *ctx, struct gc_file *cf, const char *path,
    const struct gc_key *k, bool conditional)
{
	if (!path || !*path)
		return;
	if (cf->nincs == cf->capincs) {
		size_t cap = cf->capincs ? cf->capincs * 2 : 4;
		const char **a = arena_alloc(ca_scratch(ctx), cap * sizeof(*a));
		const char **c = arena_alloc(ca_scratch(ctx), cap * sizeof(*c));
		if (cf->nincs) {
			memcpy(a, cf->incs, cf->nincs * sizeof(*a));
			memcpy(c, cf->inc_conds, cf->nincs * sizeof(*c));
		}
		cf->incs = a;
		cf->inc_conds = c;
		cf->capincs = cap;
	}
	cf->incs[cf->nincs] = arena_strdup(ca_scratch(ctx), path);
	cf->inc_conds[cf->nincs] = conditional ?
	    (k->sub ? ca_printable(ca_scratch(ctx), k->sub, k->sub_len, 128) :
	              "") :
	    NULL;
	cf->nincs++;
}

static int
on_identity(const git_config_entry *e, void *arg)
{
	struct gc_pass *p = arg;
	struct ca_ctx *ctx = p->g->ctx;
	struct gc_ident *id = &p->cf->id;
	const char *v = e->value;

	if (!strcmp(e->name, "include.path") ||
	    !strncmp(e->name, "includeif.", 10)) {
		p->cf->escaped = true;
		return 0;
	}
	if (!v || !*v)
		return 0;
	if (!strcmp(e->name, "user.email"))
		id->email = ca_printable(ca_scratch(ctx), v, strlen(v), 128);
	else if (!strcmp(e->name, "user.name"))
		id->name = ca_printable(ca_scratch(ctx), v, strlen(v), 128);
	else if (!strcmp(e->name, "sendemail.smtpuser"))
		id->smtp_user = ca_printable(ca_scratch(ctx), v, strlen(v),
		    128);
	else if (!strcmp(e->name, "sendemail.smtpserver"))
		id->smtp_server = ca_printable(ca_scratch(ctx), v, strlen(v),
		    128);
	else if (!strcmp(e->name, "github.user"))
		id->github_user = ca_printable(ca_scratch(ctx), v, strlen(v),
		    128);
	return 0;
}

static int
on_entry(const git_config_entry *e, void *arg)
{
	struct gc_pass *p = arg;
	struct gc_run *g = p->g;
	struct gc_file *cf = p->cf;
	struct ca_ctx *ctx = g->ctx;
	const char *v = e->value;
	struct gc_key k;

	split_key(e->name, &k);
	if (key_is(&k, "url", "insteadof") ||
	    key_is(&k, "url", "pushinsteadof")) {
		/* The credential sits in the subsection (the base URL that
		 * replaces the prefix) more often than in the value. */
		if (k.sub)
			url_credential(g, cf, k.sub, k.sub_len,
			    "gitconfig.insteadof-credential",
			    "git-remote-credential",
			    "credentials in a url.<base>.insteadOf base URL");
		if (v)
			url_credential(g, cf, v, strlen(v),
			    "gitconfig.insteadof-credential",
			    "git-remote-credential",
			    "credentials in a url.<base>.insteadOf prefix");
		return 0;
	}
	if (!v || !*v)
		return 0;
	if (key_is(&k, NEUTRAL "include", "path") && !k.sub) {
		add_include(ctx, cf, v, &k, false);
	} else if (key_is(&k, NEUTRAL "includeif", "path") && k.sub) {
		add_include(ctx, cf, v, &k, true);
	} else if (key_is(&k, "remote", "url") ||
	    key_is(&k, "remote", "pushurl")) {
		const char *name = k.sub ?
		    ca_printable(ca_scratch(ctx), k.sub, k.sub_len, 64) :
		    "";
		url_credential(g, cf, v, strlen(v),
		    "gitconfig.remote-url-credential", "git-remote-credential",
		    arena_printf(ca_scratch(ctx),
		        "credentials in remote '%s' "
		        "%s",
		        name, strcmp(k.var, "url") ? "push URL" : "URL"));
	} else if (key_is(&k, "submodule", "url")) {
		url_credential(g, cf, v, strlen(v),
		    "gitconfig.remote-url-credential", "git-remote-credential",
		    arena_printf(ca_scratch(ctx),
		        "credentials in submodule "
		        "'%s' URL",
		        k.sub ? ca_printable(ca_scratch(ctx), k.sub, k.sub_len,
		                    64) :
		                ""));
	} else if (key_is(&k, "http", "proxy") ||
	    key_is(&k, "remote", "proxy") || key_is(&k, "https", "proxy")) {
		url_credential(g, cf, v, strlen(v),
		    "gitconfig.proxy-credential", "url-credential",
		    arena_printf(ca_scratch(ctx),
		        "credentials in the %.*s "
		        "proxy URL",
		        (int)k.section_len, k.section));
	} else if (key_is(&k, "http", "extraheader")) {
		extraheader(g, cf, v, &k);
	} else if (key_is(&k, "credential", "helper")) {
		helper(g, cf, v, &k);
	} else if (key_is(&k, "sendemail", "smtppass")) {
		const char *id = cf->id.smtp_user;
		if (id && cf->id.smtp_server)
			id = arena_printf(ca_scratch(ctx), "%s@%s", id,
			    cf->id.smtp_server);
		emit_secret(g, cf, "gitconfig.sendemail-password",
		    "generic-password", v, strlen(v), v, strlen(v),
		    id ? id : git_identity(&cf->id),
		    "git send-email SMTP password (sendemail.smtpPass)");
	} else if (key_is(&k, "github", "token") ||
	    key_is(&k, "github", "oauth-token")) {
		const char *id = cf->id.github_user ?
		    arena_printf(ca_scratch(ctx), "%s@github.com",
		        cf->id.github_user) :
		    git_identity(&cf->id);
		emit_secret(g, cf, "gitconfig.github-token",
		    "github-oauth-token", v, strlen(v), v, strlen(v), id,
		    "GitHub token in git config (github.token, read by hub "
		    "and older tools)");
	}
	return 0;
}

/* Pulls the line number out of a libgit2 parse error; the message itself
 * may quote the file (an invalid escape and the rest of its line), so it
 * is never shown. */
static unsigned int
error_line(const char *mpath)
{
	const git_error *e = git_error_last();
	const char *p;
	unsigned long n;

	if (!e || !e->message || !mpath)
		return 0;
	p = strstr(e->message, mpath);
	if (!p || p[strlen(mpath)] != ':')
		return 0;
	n = strtoul(p + strlen(mpath) + 1, NULL, 10);
	return n > UINT32_MAX ? 0 : (unsigned int)n;
}

static void read_includes(struct gc_run *g, struct gc_file *cf);

/* Reads one configuration file through libgit2. Returns 0, or -1 after
 * ca_warn() when it cannot be parsed. */
static int
read_config(struct gc_run *g, struct gc_file *cf, enum gc_mode mode)
{
	struct ca_ctx *ctx = g->ctx;
	struct strbuf copy;
	struct gc_pass pass = { g, cf, mode };
	const struct gc_ident parent = cf->id;
	git_config *cfg = NULL;
	char *mpath;
	int ret = -1;

	if (neutralize_includes(cf->data, cf->len, &copy) < 0) {
		strbuf_release(&copy);
		return ca_warn(ctx, cf->path, "git config too large to read");
	}
	mpath = ca_materialize(ctx, copy.buf, copy.len);
	ca_wipe(copy.buf, copy.len);
	strbuf_release(&copy);
	if (!mpath)
		return -1;
	if (git_config_open_ondisk(&cfg, mpath) < 0) {
		unsigned int line = error_line(mpath);
		if (line)
			ca_warn(ctx, cf->path, "invalid git config at line %u",
			    line);
		else
			ca_warn(ctx, cf->path, "invalid git config");
		goto out;
	}
	memset(&cf->id, 0, sizeof(cf->id));
	git_config_foreach(cfg, on_identity, &pass);
	if (cf->escaped) {
		/* cannot happen unless the renaming above has a hole */
		ca_warn(ctx, cf->path,
		    "internal: include directive reached "
		    "libgit2, file skipped");
		goto out;
	}
	/* Own values first, then the includer's. */
	if (!cf->id.email)
		cf->id.email = parent.email;
	if (!cf->id.name)
		cf->id.name = parent.name;
	if (!cf->id.smtp_user)
		cf->id.smtp_user = parent.smtp_user;
	if (!cf->id.smtp_server)
		cf->id.smtp_server = parent.smtp_server;
	if (!cf->id.github_user)
		cf->id.github_user = parent.github_user;
	ret = 0;
	if (mode == GC_IDENTITY)
		goto out;
	if (!cf->id.email && !cf->id.name && g->worktree && !g->home_loaded &&
	    g->home) {
		/* a repository's identity usually comes from ~/.gitconfig */
		struct strbuf sb = STRBUF_INIT(READ_CAP);
		struct gc_file home;
		g->home_loaded = true;
		memset(&home, 0, sizeof(home));
		home.path = arena_printf(ca_scratch(ctx), "%s/.gitconfig",
		    g->home);
		if (ca_read_file(ctx, home.path, &sb) == 0) {
			home.data = sb.buf;
			home.len = sb.len;
			if (read_config(g, &home, GC_IDENTITY) == 0)
				g->home_id = home.id;
		}
		ca_wipe(sb.buf, sb.len);
		strbuf_release(&sb);
		cf->id.email = g->home_id.email;
		cf->id.name = g->home_id.name;
	}
	git_config_foreach(cfg, on_entry, &pass);
out:
	git_config_free(cfg);
	ca_unmaterialize(mpath);
	if (ret == 0 && mode == GC_FINDINGS)
		read_includes(g, cf);
	return ret;
}

/* Follows the includes of 'cf' inside the target. */
static void
read_includes(struct gc_run *g, struct gc_file *cf)
{
	struct ca_ctx *ctx = g->ctx;

	for (size_t i = 0; i < cf->nincs; i++) {
		struct strbuf sb = STRBUF_INIT(READ_CAP);
		struct gc_file inc;
		const char *path, *slash;
		int ret;

		path = resolve(ctx, cf->incs[i], g->home, cf->dir);
		if (!path)
			continue; /* ~user, or ~ without a home: unknowable */
		if (cf->depth + 1 >= MAX_DEPTH) {
			ca_warn(ctx, cf->path,
			    "includes nested more than %d "
			    "deep",
			    MAX_DEPTH);
			return;
		}
		if (seen_before(g, path))
			continue;
		ret = ca_read_file(ctx, path, &sb);
		if (ret < 0) {
			/* git ignores includes that are not there */
			if (ret != -ENOENT && ret != -ENOTDIR && ret != -EISDIR)
				ca_warn(ctx, cf->path,
				    "cannot read included "
				    "file '%s': %s",
				    ca_printable(ca_scratch(ctx), path,
				        strlen(path), 256),
				    strerror(-ret));
			strbuf_release(&sb);
			continue;
		}
		memset(&inc, 0, sizeof(inc));
		inc.path = path;
		slash = strrchr(path, '/');
		inc.dir = slash && slash != path ?
		    arena_strndup(ca_scratch(ctx), path,
		        (size_t)(slash - path)) :
		    "/";
		inc.data = sb.buf;
		inc.len = sb.len;
		inc.depth = cf->depth + 1;
		inc.included = true;
		inc.cond = cf->inc_conds[i] ? cf->inc_conds[i] : cf->cond;
		inc.id = cf->id;
		read_config(g, &inc, GC_FINDINGS);
		ca_wipe(sb.buf, sb.len);
		strbuf_release(&sb);
	}
}

static int
gitconfig_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct gc_run g;
	struct gc_file cf;
	const char *slash;
	size_t n = strlen(f->path);

	pthread_once(&gc_once, gc_init_libgit2);
	if (gc_init_ret < 0)
		return ca_warn(ctx, NULL, "cannot initialise libgit2");
	memset(&g, 0, sizeof(g));
	g.ctx = ctx;
	g.f = f;
	g.home = f->home;
	if (n > 12 && !strcmp(f->path + n - 12, "/.git/config"))
		g.worktree = n == 12 ?
		    "/" :
		    arena_strndup(ca_scratch(ctx), f->path, n - 12);
	memset(&cf, 0, sizeof(cf));
	cf.path = f->path;
	slash = strrchr(f->path, '/');
	cf.dir = slash && slash != f->path ?
	    arena_strndup(ca_scratch(ctx), f->path, (size_t)(slash - f->path)) :
	    "/";
	cf.data = f->data;
	cf.len = f->len;
	seen_before(&g, f->path);
	read_config(&g, &cf, GC_FINDINGS);
	return 0;
}

/* clang-format off */
static const char *const gitconfig_claims[] = {
	"**/.gitconfig",
	"**/.config/git/config",
	"etc/gitconfig",
	"**/.git/config",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc gitconfig_rules[] = {
	{ "gitconfig.credential-helper", "git-credential-helper",
	  "credential.helper delegation (store --file is followed)" },
	{ "gitconfig.github-token", "github-oauth-token",
	  "github.token for hub and older tools (kind by prefix)" },
	{ "gitconfig.helper-inline-secret", "generic-password",
	  "password or token written into a shell credential helper" },
	{ "gitconfig.http-extraheader", "git-http-extraheader",
	  "http.extraheader authorization: basic, bearer or token header" },
	{ "gitconfig.insteadof-credential", "git-remote-credential",
	  "credentials in a url.<base>.insteadOf rewrite" },
	{ "gitconfig.proxy-credential", "url-credential",
	  "credentials in an http.proxy or remote proxy URL" },
	{ "gitconfig.remote-url-credential", "git-remote-credential",
	  "credentials in a remote or submodule URL" },
	{ "gitconfig.sendemail-password", "generic-password",
	  "sendemail.smtpPass" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_gitconfig = {
	.name = "gitconfig",
	.surface = "git",
	.summary = "git configuration: remote URLs, extraheaders, helpers "
	           "(libgit2, includes kept inside the target)",
	.version = 1,
	.claims = gitconfig_claims,
	.rules = gitconfig_rules,
	.scan_file = gitconfig_scan_file,
};
