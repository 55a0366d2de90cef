/* npm.c - npm and Yarn registry logins, two surface modules:
 *
 *   npm   .npmrc (user ~/.npmrc, any project's .npmrc, global
 *         <prefix>/etc/npmrc): per registry ("nerf-darted" URL,
 *         //host[/path]/:key) _authToken (bearer), _auth (base64
 *         user:password), username + _password (base64 password); the
 *         legacy unscoped _authToken, _auth, _password and username
 *         apply to 'registry' (registry.npmjs.org by default).
 *   yarn  Yarn Berry .yarnrc.yml: npmAuthToken and npmAuthIdent
 *         ("user:password" or its base64) at the top level and under
 *         npmRegistries."<url>" and npmScopes.<scope>; Yarn classic
 *         .yarnrc lines ("key" "value"), which take .npmrc keys.
 *
 * npm splits a line at its first '=' (keys hold ':', so no INI reader
 * here). "${NPM_TOKEN}" is a reference to the environment, not a
 * secret, and is not reported. */
#include "lib/compat.h"
#include "lib/str.h"
#include <ctype.h>
#include "lib/hash.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/yaml_tree.h"
#include "scanners/kit/secret.h"
#include "scanners/surfaces/registry/regauth.h"

#define MAX_KEYS 4096

struct npm_key {
	const char *scope; /* "//host/path/" or "" (unscoped) */
	size_t scope_len;
	const char *name; /* "_authToken", "username", ... */
	size_t name_len;
	const char *val;
	size_t val_len;
	unsigned int line;
};

struct npmrc {
	struct ca_ctx *ctx;
	const struct ca_file *f;
	struct npm_key *keys;
	size_t n, cap;
	const char *registry; /* the 'registry' value, or NULL */
	size_t registry_len;
	const char *rule_prefix; /* "npm" or "yarn" */
};

/* Strips one pair of matching quotes. */
static void
unquote(const char **s, size_t *n)
{
	if (*n >= 2 && ((*s)[0] == '"' || (*s)[0] == '\'') &&
	    (*s)[*n - 1] == (*s)[0]) {
		(*s)++;
		*n -= 2;
	}
}

static void
npm_add(struct npmrc *r, const char *key, size_t klen, const char *val,
    size_t vlen, unsigned int line)
{
	struct npm_key *k;
	const char *colon;

	unquote(&key, &klen);
	unquote(&val, &vlen);
	if (ca_ieq(key, klen, "registry")) {
		r->registry = val;
		r->registry_len = vlen;
		return;
	}
	if (r->n == r->cap) {
		struct npm_key *nk;
		if (r->cap >= MAX_KEYS)
			return;
		r->cap = r->cap ? r->cap * 2 : 32;
		nk = arena_alloc(ca_scratch(r->ctx), r->cap * sizeof(*nk));
		if (r->n)
			memcpy(nk, r->keys, r->n * sizeof(*nk));
		r->keys = nk;
	}
	k = &r->keys[r->n];
	memset(k, 0, sizeof(*k));
	/* "//host/path/:_authToken": the scope ends at the last ':' */
	colon = klen > 2 && key[0] == '/' && key[1] == '/' ?
	    memrchr(key, ':', klen) :
	    NULL;
	if (colon) {
		k->scope = key;
		k->scope_len = (size_t)(colon - key);
		k->name = colon + 1;
		k->name_len = klen - k->scope_len - 1;
	} else {
		k->scope = "";
		k->name = key;
		k->name_len = klen;
	}
	k->val = val;
	k->val_len = vlen;
	k->line = line;
	r->n++;
}

static const struct npm_key *
npm_find(const struct npmrc *r, const struct npm_key *like, const char *name)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct npm_key *k = &r->keys[i];
		if (k->scope_len == like->scope_len &&
		    !memcmp(k->scope, like->scope, k->scope_len) &&
		    ca_ieq(k->name, k->name_len, name))
			return k;
	}
	return NULL;
}

static const char *
npm_host(const struct npmrc *r, const struct npm_key *k)
{
	if (k->scope_len)
		return ra_host(r->ctx, k->scope, k->scope_len);
	if (r->registry && r->registry_len)
		return ra_host(r->ctx, r->registry, r->registry_len);
	return "registry.npmjs.org";
}

static const char *
rule_id(const struct npmrc *r, const char *what)
{
	return arena_printf(ca_scratch(r->ctx), "%s.%s", r->rule_prefix, what);
}

static void
npm_emit(struct npmrc *r)
{
	struct arena *a = ca_scratch(r->ctx);

	for (size_t i = 0; i < r->n; i++) {
		const struct npm_key *k = &r->keys[i], *u;
		const char *host = npm_host(r, k), *user = NULL;
		size_t ulen = 0, dlen = 0;
		struct ca_finding fd;
		char *dec;

		u = npm_find(r, k, "username");
		if (u) {
			user = u->val;
			ulen = u->val_len;
		}
		if (ca_ieq(k->name, k->name_len, "_authToken")) {
			ra_finding_init(&fd, rule_id(r, "auth-token"),
			    "npm-token");
			fd.identity = ra_identity(r->ctx, user, ulen, host);
			fd.line = k->line;
			fd.detail = arena_printf(a, "%s auth token for %s%s",
			    r->rule_prefix, host,
			    k->scope_len ? "" : " (unscoped _authToken)");
			ra_emit_secret(r->ctx, r->f, &fd, k->val, k->val_len);
		} else if (ca_ieq(k->name, k->name_len, "_auth")) {
			char *colon;
			if (ca_secret_unusable(k->val, k->val_len))
				continue;
			dec = ra_b64(r->ctx, k->val, k->val_len, &dlen);
			colon = dec ? memchr(dec, ':', dlen) : NULL;
			if (!colon) {
				ca_warn(r->ctx, NULL,
				    "_auth for '%s' on line "
				    "%u is not base64 of user:password",
				    host, k->line);
				if (dec)
					ca_wipe(dec, dlen);
				continue;
			}
			ra_finding_init(&fd, rule_id(r, "basic-auth"),
			    "npm-basic-auth");
			fd.identity = ra_identity(r->ctx, dec,
			    (size_t)(colon - dec), host);
			fd.line = k->line;
			fd.detail = arena_printf(a,
			    "%s _auth (base64 "
			    "user:password) for %s",
			    r->rule_prefix, host);
			ra_emit_secret(r->ctx, r->f, &fd, colon + 1,
			    dlen - (size_t)(colon - dec) - 1);
			ca_wipe(dec, dlen);
		} else if (ca_ieq(k->name, k->name_len, "_password")) {
			if (ca_secret_unusable(k->val, k->val_len))
				continue;
			dec = ra_b64(r->ctx, k->val, k->val_len, &dlen);
			if (!dec) {
				ca_warn(r->ctx, NULL,
				    "_password for '%s' on "
				    "line %u is not base64",
				    host, k->line);
				continue;
			}
			ra_finding_init(&fd, rule_id(r, "password"),
			    "npm-basic-auth");
			fd.identity = ra_identity(r->ctx, user, ulen, host);
			fd.line = k->line;
			fd.detail = arena_printf(a,
			    "%s username and _password "
			    "(base64) for %s",
			    r->rule_prefix, host);
			ra_emit_secret(r->ctx, r->f, &fd, dec, dlen);
			ca_wipe(dec, dlen);
		}
	}
}

static void
npmrc_kv(void *arg, const struct ra_kv *kv)
{
	npm_add(arg, kv->key, kv->key_len, kv->val, kv->val_len, kv->line);
}

static int
npm_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct npmrc r;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.f = f;
	r.rule_prefix = "npm";
	/* a line without '=' is a bare flag to npm (true), not an error */
	ra_kv_lines(f->data, f->len, "=", "#;", false, npmrc_kv, &r, NULL);
	npm_emit(&r);
	return 0;
}

/* clang-format off */
static const char *const npm_claims[] = {
	"**/.npmrc",
	"**/etc/npmrc",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc npm_rules[] = {
	{ "npm.auth-token", "npm-token",
	  "//<registry>/:_authToken (or unscoped _authToken) in .npmrc" },
	{ "npm.basic-auth", "npm-basic-auth",
	  "_auth: base64 user:password for a registry in .npmrc" },
	{ "npm.password", "npm-basic-auth",
	  "username and _password (base64) for a registry in .npmrc" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_npm = {
	.name = "npm",
	.surface = "registry",
	.summary = "npm registry tokens and passwords (.npmrc)",
	.version = 1,
	.claims = npm_claims,
	.rules = npm_rules,
	.scan_file = npm_scan_file,
};

/* ==== yarn ============================================================ */

/* Yarn classic: "key value", either part may be quoted. */
static void
yarnrc_classic(struct npmrc *r, const struct ca_file *f)
{
	const char *p = f->data, *end = f->data + f->len;

	for (unsigned int line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *s = p, *k, *v;
		size_t n = (size_t)(e - p), kl;

		p = nl ? nl + 1 : end;
		ca_trim(&s, &n);
		if (!n || s[0] == '#')
			continue;
		k = s;
		if (s[0] == '"') {
			const char *q = memchr(s + 1, '"', n - 1);
			if (!q)
				continue;
			kl = (size_t)(q - s) + 1;
		} else {
			kl = 0;
			while (kl < n && !isspace((unsigned char)s[kl]))
				kl++;
		}
		v = k + kl;
		n -= kl;
		ca_trim(&v, &n);
		if (n)
			npm_add(r, k, kl, v, n, line);
	}
}

/* npmAuthToken / npmAuthIdent of one YAML mapping ('host' for scope). */
static void
yarn_block(struct npmrc *r, const struct ynode *m, const char *host)
{
	struct arena *a = ca_scratch(r->ctx);
	const struct ynode *tok = ynode_get(m, "npmAuthToken");
	const struct ynode *ident = ynode_get(m, "npmAuthIdent");
	const struct ynode *srv = ynode_get(m, "npmRegistryServer");
	struct ca_finding fd;

	if (ynode_str(srv))
		host = ra_host(r->ctx, srv->val, srv->len);
	if (ynode_str(tok)) {
		ra_finding_init(&fd, "yarn.auth-token", "npm-token");
		fd.identity = host;
		fd.line = tok->line;
		fd.detail = arena_printf(a, "Yarn npmAuthToken for %s", host);
		ra_emit_secret(r->ctx, r->f, &fd, tok->val, tok->len);
	}
	if (ynode_str(ident) && !ca_secret_unusable(ident->val, ident->len)) {
		const char *s = ident->val, *colon;
		size_t n = ident->len, dlen = 0;
		char *dec = NULL;

		colon = memchr(s, ':', n);
		if (!colon) {
			dec = ra_b64(r->ctx, s, n, &dlen);
			colon = dec ? memchr(dec, ':', dlen) : NULL;
			s = dec;
			n = dlen;
		}
		if (!colon) {
			ca_warn(r->ctx, NULL,
			    "npmAuthIdent on line %u is not "
			    "user:password",
			    ident->line);
		} else {
			ra_finding_init(&fd, "yarn.auth-ident",
			    "npm-basic-auth");
			fd.identity = ra_identity(r->ctx, s,
			    (size_t)(colon - s), host);
			fd.line = ident->line;
			fd.detail = arena_printf(a,
			    "Yarn npmAuthIdent "
			    "(user:password) for %s",
			    host);
			ra_emit_secret(r->ctx, r->f, &fd, colon + 1,
			    n - (size_t)(colon - s) - 1);
		}
		if (dec)
			ca_wipe(dec, dlen);
	}
}

static void
yarnrc_yml(struct npmrc *r, const struct ca_file *f)
{
	struct ytree t;
	const struct ynode *root, *regs, *scopes;

	if (ytree_load(&t, r->ctx, f, NULL) < 0)
		return;
	root = t.root;
	if (!root || root->type != YN_MAP) {
		if (!ynode_null(root))
			ca_warn(r->ctx, NULL, "not a YAML mapping");
		ytree_wipe(&t);
		return;
	}
	yarn_block(r, root, "registry.yarnpkg.com");
	regs = ynode_get(root, "npmRegistries");
	if (regs && regs->type == YN_MAP) {
		for (const struct ynode *k = regs->kids; k && k->next;
		     k = k->next->next) {
			if (k->next->type == YN_MAP && ynode_str(k))
				yarn_block(r, k->next,
				    ra_host(r->ctx, k->val, k->len));
		}
	}
	scopes = ynode_get(root, "npmScopes");
	if (scopes && scopes->type == YN_MAP) {
		for (const struct ynode *k = scopes->kids; k && k->next;
		     k = k->next->next) {
			if (k->next->type == YN_MAP)
				yarn_block(r, k->next, "registry.yarnpkg.com");
		}
	}
	ytree_wipe(&t);
}

static int
yarn_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct npmrc r;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.f = f;
	r.rule_prefix = "yarn";
	if (ca_ends_with(f->name, ".yml")) {
		yarnrc_yml(&r, f);
		return 0;
	}
	yarnrc_classic(&r, f);
	npm_emit(&r);
	return 0;
}

/* clang-format off */
static const char *const yarn_claims[] = {
	"**/.yarnrc.yml",
	"**/.yarnrc",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc yarn_rules[] = {
	{ "yarn.auth-ident", "npm-basic-auth",
	  "npmAuthIdent (user:password or its base64) in .yarnrc.yml" },
	{ "yarn.auth-token", "npm-token",
	  "npmAuthToken (top level, npmRegistries, npmScopes) in "
	  ".yarnrc.yml, or _authToken in a classic .yarnrc" },
	{ "yarn.basic-auth", "npm-basic-auth",
	  "_auth (base64 user:password) in a classic .yarnrc" },
	{ "yarn.password", "npm-basic-auth",
	  "username and _password in a classic .yarnrc" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_yarn = {
	.name = "yarn",
	.surface = "registry",
	.summary = "Yarn registry tokens (.yarnrc.yml, .yarnrc)",
	.version = 1,
	.claims = yarn_claims,
	.rules = yarn_rules,
	.scan_file = yarn_scan_file,
};
