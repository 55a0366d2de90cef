/* cloud_misc.c - the smaller cloud CLIs, one surface module each:
 *
 *   terraform  ~/.terraform.d/credentials.tfrc.json ({"credentials":
 *              {"<host>": {"token"}}}) and ~/.terraformrc blocks
 *              credentials "<host>" { token = "..." } and
 *              credentials_helper "<name>" { } (a delegation)
 *   vault      ~/.vault-token (the whole file is the token) and the
 *              ~/.vault (or OpenBao ~/.bao) token_helper setting
 *   doctl      config.yaml: access-token (context "default") and
 *              auth-contexts {name: token}
 *   wrangler   <config>/.wrangler/config/<env>.toml: oauth_token,
 *              refresh_token, expiration_time, scopes, api_token
 *   fly        ~/.fly/config.yml: access_token, metrics_token
 *   vercel     com.vercel.cli/auth.json: token, refreshToken, expiresAt
 *   netlify    netlify/config.json: users.<id>.auth.token (and the
 *              GitHub token of users.<id>.auth.github)
 *   oci        ~/.oci/config (INI): per profile user, tenancy,
 *              fingerprint, key_file (read and classified),
 *              pass_phrase, security_token_file
 *   supabase   ~/.supabase/access-token (sbp_...)
 *   railway    ~/.railway/config.json: user.token, user.accessToken,
 *              user.refreshToken, user.tokenExpiresAt (Unix seconds)
 *   linode     ~/.config/linode-cli (INI): one section per user with
 *              token; [DEFAULT] default-user
 *
 * None of these files names its owner except Netlify (email), OCI (user
 * and tenancy OCIDs), Linode (user name) and Railway (user id); the rest
 * get what the file does say (host, context, profile). TOML and the HCL
 * of .terraformrc are read by two tiny readers below: only top-level
 * key = value pairs and one level of labelled blocks. */
#include "lib/compat.h"
#include <ctype.h>
#include <ini.h>
#include "lib/hash.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/yaml_tree.h"

#define SIDE_CAP (1u << 20)

static void
finding_init(struct ca_finding *fd, const char *rule, const char *kind)
{
	memset(fd, 0, sizeof(*fd));
	fd->rule = rule;
	fd->kind = kind;
	fd->standing = -1;
	fd->tier = -1;
}

/* Emits 'fd' with secret 's' unless it is a placeholder. */
static void
emit_secret(struct ca_ctx *ctx, const struct ca_file *f,
    struct ca_finding *fd, const char *s, size_t n)
{
	if (!s)
		return;
	ck_trim(&s, &n);
	if (ck_unusable(s, n))
		return;
	fd->secret = s;
	fd->secret_len = n;
	if (!fd->line && !fd->path)
		fd->line = ck_line_of(f->data, f->len, s, n);
	ca_emit(ctx, fd);
}

static size_t
prefix_of(const char *s, size_t n, const char *const *prefixes)
{
	for (size_t i = 0; prefixes[i]; i++) {
		size_t p = strlen(prefixes[i]);
		if (n > p && !memcmp(s, prefixes[i], p))
			return p;
	}
	return 0;
}

/* Loads JSON or warns; NULL means "stop, already reported". */
static json_t *
load_json(struct ca_ctx *ctx, const struct ca_file *f)
{
	int line;
	json_t *doc = ck_json_load(f->data, f->len, &line);

	if (doc)
		return doc;
	if (line)
		ca_warn(ctx, NULL, "invalid JSON at line %d", line);
	else
		ca_warn(ctx, NULL, "invalid JSON");
	return NULL;
}

/* Parses YAML into 't' or warns; returns the root mapping or NULL. */
static const struct ynode *
load_yaml(struct ca_ctx *ctx, const struct ca_file *f, struct ytree *t)
{
	if (ytree_load(t, ctx, f, NULL) < 0)
		return NULL;
	if (t->root && t->root->type == YN_MAP)
		return t->root;
	if (!ynode_null(t->root))
		ca_warn(ctx, NULL, "not a YAML mapping");
	return NULL;
}

/* ==== a tiny HCL reader (for .terraformrc and ~/.vault) ================ */

enum hcl_tok {
	HT_EOF, HT_IDENT, HT_STRING, HT_LBRACE, HT_RBRACE, HT_EQ, HT_LBRACK,
	HT_RBRACK, HT_OTHER,
};

struct hcl {
	const char *p, *end;
	unsigned int line;
	/* the last token */
	enum hcl_tok tok;
	const char *s;           /* HT_IDENT / HT_STRING: raw bytes */
	size_t n;
	unsigned int tok_line;
};

static void
hcl_skip(struct hcl *h)
{
	while (h->p < h->end) {
		char c = *h->p;
		if (c == '\n') {
			h->line++;
			h->p++;
		} else if (isspace((unsigned char)c) || c == ',') {
			h->p++;
		} else if (c == '#' || (c == '/' && h->p + 1 < h->end &&
		    h->p[1] == '/')) {
			while (h->p < h->end && *h->p != '\n')
				h->p++;
		} else if (c == '/' && h->p + 1 < h->end && h->p[1] == '*') {
			h->p += 2;
			while (h->p + 1 < h->end &&
			    !(h->p[0] == '*' && h->p[1] == '/')) {
				h->line += *h->p == '\n';
				h->p++;
			}
			h->p = h->p + 2 <= h->end ? h->p + 2 : h->end;
		} else {
			break;
		}
	}
}

static enum hcl_tok
hcl_next(struct hcl *h)
{
	char c;

	hcl_skip(h);
	h->tok_line = h->line;
	h->s = h->p;
	h->n = 0;
	if (h->p >= h->end)
		return h->tok = HT_EOF;
	c = *h->p++;
	switch (c) {
	case '{': return h->tok = HT_LBRACE;
	case '}': return h->tok = HT_RBRACE;
	case '[': return h->tok = HT_LBRACK;
	case ']': return h->tok = HT_RBRACK;
	case '=':
	case ':': return h->tok = HT_EQ; /* ':' is JSON-style HCL */
	case '"':
		h->s = h->p;
		while (h->p < h->end && *h->p != '"' && *h->p != '\n') {
			if (*h->p == '\\' && h->p + 1 < h->end)
				h->p++;
			h->p++;
		}
		h->n = (size_t)(h->p - h->s);
		if (h->p >= h->end || *h->p != '"')
			return h->tok = HT_OTHER; /* unterminated */
		h->p++;
		return h->tok = HT_STRING;
	default:
		if (isalnum((unsigned char)c) || c == '_' || c == '-' ||
		    c == '.') {
			while (h->p < h->end &&
			    (isalnum((unsigned char)*h->p) || *h->p == '_' ||
			    *h->p == '-' || *h->p == '.'))
				h->p++;
			h->n = (size_t)(h->p - h->s);
			return h->tok = HT_IDENT;
		}
		return h->tok = HT_OTHER;
	}
}

static bool
hcl_is(const struct hcl *h, const char *word)
{
	return (h->tok == HT_IDENT || h->tok == HT_STRING) &&
	    h->n == strlen(word) && !memcmp(h->s, word, h->n);
}

/* One attribute: block ("" at the top level), its first label, the name
 * and the raw string value (NULL unless the value is a string). */
typedef void hcl_attr_fn(void *arg, const char *block, const char *label,
    const char *name, const char *val, size_t vlen, unsigned int line);

/* Skips a value that is not a string: a list, an object or a word. */
static void
hcl_skip_value(struct hcl *h)
{
	int depth = 0;

	do {
		if (h->tok == HT_LBRACK || h->tok == HT_LBRACE)
			depth++;
		else if (h->tok == HT_RBRACK || h->tok == HT_RBRACE)
			depth--;
		if (depth <= 0)
			return;
		hcl_next(h);
	} while (h->tok != HT_EOF && depth < 64);
}

/* Reads a body until '}' (or EOF at the top). Blocks nest one level for
 * the callback; deeper ones are skipped. */
static void
hcl_body(struct hcl *h, struct arena *a, const char *block,
    const char *label, int depth, hcl_attr_fn *fn, void *arg)
{
	for (hcl_next(h); h->tok != HT_EOF && h->tok != HT_RBRACE;
	    hcl_next(h)) {
		const char *name, *lab = NULL;
		unsigned int line = h->tok_line;

		if (h->tok != HT_IDENT && h->tok != HT_STRING)
			continue;
		name = arena_strndup(a, h->s, h->n);
		hcl_next(h);
		if (h->tok == HT_EQ) {
			hcl_next(h);
			if (h->tok == HT_STRING)
				fn(arg, block, label, name, h->s, h->n, line);
			else
				hcl_skip_value(h);
			continue;
		}
		while (h->tok == HT_STRING || h->tok == HT_IDENT) {
			if (!lab)
				lab = arena_strndup(a, h->s, h->n);
			hcl_next(h);
		}
		if (h->tok != HT_LBRACE)
			continue;
		if (depth >= 8) {
			hcl_skip_value(h);
			continue;
		}
		hcl_body(h, a, depth ? block : name, depth ? label : lab,
		    depth + 1, fn, arg);
	}
}

static void
hcl_parse(struct arena *a, const char *data, size_t len, hcl_attr_fn *fn,
    void *arg)
{
	struct hcl h;

	memset(&h, 0, sizeof(h));
	h.p = data;
	h.end = data + len;
	h.line = 1;
	hcl_body(&h, a, "", NULL, 0, fn, arg);
}

/* ==== terraform ========================================================= */

static void
tf_emit_token(struct ca_ctx *ctx, const struct ca_file *f, const char *rule,
    const char *host, const char *tok, size_t n, unsigned int line)
{
	struct ca_finding fd;

	finding_init(&fd, rule, "terraform-token");
	fd.identity = host;
	fd.line = line;
	fd.detail = arena_printf(ca_scratch(ctx), "HCP Terraform / Terraform "
	    "Enterprise API token for %s%s", host,
	    memmem(tok, n, ".atlasv1.", 9) ? " (atlasv1 user or team token)" :
	    "");
	emit_secret(ctx, f, &fd, tok, n);
}

static void
tfrc_json(struct ca_ctx *ctx, const struct ca_file *f)
{
	json_t *doc = load_json(ctx, f);
	const json_t *creds, *v;
	const char *host;
	unsigned int bad = 0;

	if (!doc)
		return;
	creds = json_object_get(doc, "credentials");
	if (!json_is_object(creds)) {
		if (creds || !json_is_object(doc))
			bad++;
	} else {
		json_object_foreach((json_t *)creds, host, v) {
			size_t n;
			const char *tok = ck_json_str(v, "token", &n);
			if (!tok) {
				bad++;
				continue;
			}
			tf_emit_token(ctx, f, "terraform.credentials-json",
			    ck_printable(ca_scratch(ctx), host, strlen(host),
			    256), tok, n, 0);
		}
	}
	ck_json_free(doc);
	if (bad)
		ca_warn(ctx, NULL, "%u entr%s of an unexpected shape skipped",
		    bad, bad == 1 ? "y" : "ies");
}

struct tfrc {
	struct ca_ctx *ctx;
	const struct ca_file *f;
};

static void
tfrc_attr(void *arg, const char *block, const char *label, const char *name,
    const char *val, size_t vlen, unsigned int line)
{
	struct tfrc *tr = arg;
	struct arena *a = ca_scratch(tr->ctx);

	if (!strcmp(block, "credentials") && !strcmp(name, "token")) {
		tf_emit_token(tr->ctx, tr->f, "terraform.terraformrc-token",
		    label ? ck_printable(a, label, strlen(label), 256) :
		    "(no host)", val, vlen, line);
	}
}

/* credentials_helper "<name>" { args = [...] } delegates every host's
 * token to terraform-credentials-<name>. Found with a second pass over
 * the raw text because the block may have no string attribute. */
static void
tfrc_helpers(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct hcl h;

	memset(&h, 0, sizeof(h));
	h.p = f->data;
	h.end = f->data + f->len;
	h.line = 1;
	while (hcl_next(&h) != HT_EOF) {
		struct ca_finding fd;
		const char *name;
		unsigned int line = h.tok_line;

		if (!hcl_is(&h, "credentials_helper"))
			continue;
		if (hcl_next(&h) != HT_STRING && h.tok != HT_IDENT)
			continue;
		name = ck_printable(ca_scratch(ctx), h.s, h.n, 128);
		finding_init(&fd, "terraform.credentials-helper",
		    "terraform-credentials-helper");
		fd.line = line;
		fd.ref = arena_printf(ca_scratch(ctx),
		    "terraform-credentials-helper:%s:%s", f->path, name);
		fd.detail = arena_printf(ca_scratch(ctx), "Terraform asks "
		    "terraform-credentials-%s for host tokens", name);
		ca_emit(ctx, &fd);
	}
}

static int
terraform_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct tfrc tr = { ctx, f };

	if (!strcmp(f->name, "credentials.tfrc.json")) {
		tfrc_json(ctx, f);
		return 0;
	}
	hcl_parse(ca_scratch(ctx), f->data, f->len, tfrc_attr, &tr);
	tfrc_helpers(ctx, f);
	return 0;
}

static const char *const terraform_claims[] = {
	"**/.terraform.d/credentials.tfrc.json",
	"**/.terraformrc",
	"**/terraform.rc",
	NULL,
};

static const struct ca_rule_doc terraform_rules[] = {
	{ "terraform.credentials-helper", "terraform-credentials-helper",
	  "credentials_helper block: host tokens come from a helper" },
	{ "terraform.credentials-json", "terraform-token",
	  "host token written by terraform login (credentials.tfrc.json)" },
	{ "terraform.terraformrc-token", "terraform-token",
	  "credentials \"<host>\" { token } block in .terraformrc" },
	{ NULL, NULL, NULL },
};

const struct ca_scanner ca_scanner_terraform = {
	.name = "terraform",
	.surface = "cloud",
	.summary = "Terraform CLI host tokens (credentials.tfrc.json, "
		   ".terraformrc)",
	.version = 1,
	.claims = terraform_claims,
	.rules = terraform_rules,
	.scan_file = terraform_scan_file,
};

/* ==== vault ============================================================= */

static const char *
vault_type(const char *s, size_t n, size_t *prefix)
{
	static const struct {
		const char *p;
		const char *what;
	} types[] = {
		{ "hvs.", "service token" }, { "hvb.", "batch token" },
		{ "hvr.", "recovery token" }, { "s.", "legacy service token" },
		{ "b.", "legacy batch token" },
		{ "r.", "legacy recovery token" },
	};

	for (size_t i = 0; i < CA_ARRAY_SIZE(types); i++) {
		size_t p = strlen(types[i].p);
		if (n > p && !memcmp(s, types[i].p, p)) {
			*prefix = p;
			return types[i].what;
		}
	}
	*prefix = 0;
	return "token";
}

static void
vault_token(struct ca_ctx *ctx, const struct ca_file *f)
{
	const char *s = f->data, *what;
	size_t n = f->len, prefix;
	struct ca_finding fd;

	ck_trim(&s, &n);
	if (!n)
		return;
	if (memchr(s, '\n', n) || n > 4096) {
		ca_warn(ctx, NULL, "not a single token");
		return;
	}
	what = vault_type(s, n, &prefix);
	finding_init(&fd, "vault.token-file", "vault-token");
	fd.preview_prefix = prefix;
	fd.line = 1;
	fd.detail = arena_printf(ca_scratch(ctx), "Vault/OpenBao %s written "
	    "by the built-in token helper (vault login); VAULT_ADDR is not "
	    "on disk", what);
	emit_secret(ctx, f, &fd, s, n);
}

struct vault_cfg {
	struct ca_ctx *ctx;
	const struct ca_file *f;
};

static void
vault_helper(struct ca_ctx *ctx, const struct ca_file *f, const char *val,
    size_t n, unsigned int line)
{
	struct ca_finding fd;
	const char *p = ck_printable(ca_scratch(ctx), val, n, 1024);

	if (!n)
		return;
	finding_init(&fd, "vault.token-helper", "vault-token-helper");
	fd.line = line;
	fd.ref = arena_printf(ca_scratch(ctx), "vault-token-helper:%s:%s",
	    f->home ? f->home : "", p);
	fd.detail = arena_printf(ca_scratch(ctx), "Vault CLI token helper %s "
	    "keeps the token (not in ~/.vault-token)", p);
	ca_emit(ctx, &fd);
}

static void
vault_attr(void *arg, const char *block, const char *label, const char *name,
    const char *val, size_t vlen, unsigned int line)
{
	struct vault_cfg *vc = arg;

	(void)label;
	if (!*block && !strcmp(name, "token_helper"))
		vault_helper(vc->ctx, vc->f, val, vlen, line);
}

static int
vault_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct vault_cfg vc = { ctx, f };

	if (!strcmp(f->name, ".vault-token")) {
		vault_token(ctx, f);
		return 0;
	}
	/* HCL or JSON: the reader takes both ("key": "value"). */
	hcl_parse(ca_scratch(ctx), f->data, f->len, vault_attr, &vc);
	return 0;
}

static const char *const vault_claims[] = {
	"**/.vault-token",
	"**/.vault",
	"**/.bao",
	NULL,
};

static const struct ca_rule_doc vault_rules[] = {
	{ "vault.token-file", "vault-token",
	  "token in ~/.vault-token (hvs./hvb./s. prefixes)" },
	{ "vault.token-helper", "vault-token-helper",
	  "token_helper in ~/.vault: the token lives with the helper" },
	{ NULL, NULL, NULL },
};

const struct ca_scanner ca_scanner_vault = {
	.name = "vault",
	.surface = "cloud",
	.summary = "HashiCorp Vault and OpenBao CLI tokens and token helpers",
	.version = 1,
	.claims = vault_claims,
	.rules = vault_rules,
	.scan_file = vault_scan_file,
};

/* ==== doctl ============================================================= */

static const char *const do_prefixes[] = {
	"dop_v1_", "doo_v1_", "dor_v1_", NULL,
};

static void
doctl_emit(struct ca_ctx *ctx, const struct ca_file *f, const char *rule,
    const char *context, const struct ynode *tok, bool current)
{
	struct arena *a = ca_scratch(ctx);
	struct ca_finding fd;
	size_t prefix;

	if (!ynode_scalar(tok))
		return;
	prefix = prefix_of(tok->val, tok->len, do_prefixes);
	finding_init(&fd, rule, "digitalocean-token");
	fd.line = tok->line;
	fd.preview_prefix = prefix;
	fd.identity = arena_printf(a, "doctl context %s", context);
	fd.anchor = arena_printf(a, "doctl-context:%s:%s",
	    f->home ? f->home : "", context);
	fd.detail = arena_printf(a, "DigitalOcean %s for doctl context %s%s",
	    !strncmp(tok->val, "doo_v1_", 7) ? "OAuth token" :
	    !strncmp(tok->val, "dor_v1_", 7) ? "refresh token" :
	    "personal access token", context, current ? " (current)" : "");
	emit_secret(ctx, f, &fd, tok->val, tok->len);
}

static int
doctl_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct ytree t;
	const struct ynode *root = load_yaml(ctx, f, &t);
	const struct ynode *ctxs;
	const char *current;

	if (root) {
		current = ynode_str(ynode_get(root, "context"));
		if (!current)
			current = "default";
		current = ck_printable(ca_scratch(ctx), current,
		    strlen(current), 128);
		doctl_emit(ctx, f, "doctl.access-token", "default",
		    ynode_get(root, "access-token"),
		    !strcmp(current, "default"));
		ctxs = ynode_get(root, "auth-contexts");
		for (const struct ynode *k = ctxs && ctxs->type == YN_MAP ?
		    ctxs->kids : NULL; k && k->next; k = k->next->next) {
			const char *name;
			if (!ynode_scalar(k))
				continue;
			name = ck_printable(ca_scratch(ctx), k->val, k->len,
			    128);
			doctl_emit(ctx, f, "doctl.auth-context", name, k->next,
			    !strcmp(name, current));
		}
	}
	ytree_wipe(&t);
	return 0;
}

static const char *const doctl_claims[] = {
	"**/.config/doctl/config.yaml",
	"**/Library/Application Support/doctl/config.yaml",
	NULL,
};

static const struct ca_rule_doc doctl_rules[] = {
	{ "doctl.access-token", "digitalocean-token",
	  "access-token of the default doctl context" },
	{ "doctl.auth-context", "digitalocean-token",
	  "token of a named doctl auth context" },
	{ NULL, NULL, NULL },
};

const struct ca_scanner ca_scanner_doctl = {
	.name = "doctl",
	.surface = "cloud",
	.summary = "DigitalOcean doctl access tokens and auth contexts",
	.version = 1,
	.claims = doctl_claims,
	.rules = doctl_rules,
	.scan_file = doctl_scan_file,
};

/* ==== wrangler (tiny TOML) ============================================== */

#define TOML_MAX_KEYS 64
#define TOML_MAX_ITEMS 64

/* One top-level key; values are scratch copies, wiped after the file. */
struct toml_kv {
	const char *key;
	char *val;               /* string or bare value */
	size_t len;
	unsigned int line;
	char *items[TOML_MAX_ITEMS + 1]; /* array of strings, NULL-ended */
	size_t nitems;
};

struct toml {
	struct arena *a;
	const char *p, *end;
	unsigned int line;
	struct toml_kv kv[TOML_MAX_KEYS];
	size_t nkv;
	bool bad;
};

static void
toml_ws(struct toml *t, bool newlines)
{
	while (t->p < t->end) {
		if (*t->p == '#') {
			while (t->p < t->end && *t->p != '\n')
				t->p++;
		} else if (*t->p == '\n' && newlines) {
			t->line++;
			t->p++;
		} else if (*t->p == ' ' || *t->p == '\t' || *t->p == '\r') {
			t->p++;
		} else {
			break;
		}
	}
}

/* Reads a basic ("...") or literal ('...') string at t->p into a scratch
 * copy. Multi-line forms are not used by the files read here. */
static char *
toml_string(struct toml *t, size_t *len)
{
	char q = *t->p++;
	const char *start = t->p;
	char *out;
	size_t n = 0;

	while (t->p < t->end && *t->p != q && *t->p != '\n') {
		if (q == '"' && *t->p == '\\' && t->p + 1 < t->end)
			t->p++;
		t->p++;
	}
	out = arena_alloc(t->a, (size_t)(t->p - start) + 1);
	for (const char *s = start; s < t->p; s++) {
		if (q == '"' && *s == '\\' && s + 1 < t->p) {
			s++;
			out[n++] = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
		} else {
			out[n++] = *s;
		}
	}
	out[n] = '\0';
	if (t->p < t->end && *t->p == q)
		t->p++;
	else
		t->bad = true;
	*len = n;
	return out;
}

static void
toml_value(struct toml *t, struct toml_kv *kv)
{
	const char *start;

	toml_ws(t, false);
	if (t->p >= t->end)
		return;
	if (*t->p == '"' || *t->p == '\'') {
		kv->val = toml_string(t, &kv->len);
		return;
	}
	if (*t->p == '[') {
		t->p++;
		for (;;) {
			toml_ws(t, true);
			if (t->p >= t->end) {
				t->bad = true;
				return;
			}
			if (*t->p == ']') {
				t->p++;
				return;
			}
			if (*t->p == ',') {
				t->p++;
				continue;
			}
			if (*t->p == '"' || *t->p == '\'') {
				size_t n;
				char *s = toml_string(t, &n);
				if (kv->nitems < TOML_MAX_ITEMS)
					kv->items[kv->nitems++] = s;
				continue;
			}
			t->p++; /* numbers, nested arrays: not needed */
		}
	}
	start = t->p;
	while (t->p < t->end && *t->p != '\n' && *t->p != '#')
		t->p++;
	kv->len = (size_t)(t->p - start);
	while (kv->len && isspace((unsigned char)start[kv->len - 1]))
		kv->len--;
	kv->val = arena_strndup(t->a, start, kv->len);
}

/* Reads the top-level key = value pairs of a TOML document. */
static void
toml_parse(struct toml *t, struct arena *a, const char *data, size_t len)
{
	bool top = true;

	memset(t, 0, sizeof(*t));
	t->a = a;
	t->p = data;
	t->end = data + len;
	t->line = 1;
	for (;;) {
		struct toml_kv scratch, *kv;
		const char *k;
		size_t klen;

		toml_ws(t, true);
		if (t->p >= t->end)
			break;
		if (*t->p == '[') {
			top = false; /* a [table]: later keys are not ours */
			while (t->p < t->end && *t->p != '\n')
				t->p++;
			continue;
		}
		k = t->p;
		if (*t->p == '"' || *t->p == '\'') {
			k = toml_string(t, &klen);
		} else {
			while (t->p < t->end &&
			    (isalnum((unsigned char)*t->p) || *t->p == '_' ||
			    *t->p == '-' || *t->p == '.'))
				t->p++;
			klen = (size_t)(t->p - k);
			k = arena_strndup(a, k, klen);
		}
		toml_ws(t, false);
		if (!klen || t->p >= t->end || *t->p != '=') {
			t->bad = true;
			while (t->p < t->end && *t->p != '\n')
				t->p++;
			continue;
		}
		t->p++;
		kv = top && t->nkv < TOML_MAX_KEYS ? &t->kv[t->nkv++] :
		    &scratch;
		memset(kv, 0, sizeof(*kv));
		kv->key = k;
		kv->line = t->line;
		toml_value(t, kv);
		if (kv == &scratch) {
			if (kv->val)
				ca_wipe(kv->val, kv->len);
			for (size_t i = 0; i < kv->nitems; i++)
				ca_wipe(kv->items[i], strlen(kv->items[i]));
		}
	}
}

static void
toml_wipe(struct toml *t)
{
	for (size_t i = 0; i < t->nkv; i++) {
		if (t->kv[i].val)
			ca_wipe(t->kv[i].val, t->kv[i].len);
		for (size_t j = 0; j < t->kv[i].nitems; j++)
			ca_wipe(t->kv[i].items[j], strlen(t->kv[i].items[j]));
	}
}

static const struct toml_kv *
toml_get(const struct toml *t, const char *key)
{
	for (size_t i = 0; i < t->nkv; i++)
		if (!strcmp(t->kv[i].key, key))
			return &t->kv[i];
	return NULL;
}

static int
wrangler_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const struct toml_kv *oauth, *refresh, *api, *exp, *scopes;
	const char *const *scope_list = NULL;
	const char *expires = NULL, *env;
	struct ca_finding fd;
	struct toml t;
	int64_t when;

	toml_parse(&t, a, f->data, f->len);
	if (t.bad)
		ca_warn(ctx, NULL, "malformed TOML (some keys were skipped)");
	env = arena_strndup(a, f->name, strcspn(f->name, "."));
	oauth = toml_get(&t, "oauth_token");
	refresh = toml_get(&t, "refresh_token");
	api = toml_get(&t, "api_token");
	exp = toml_get(&t, "expiration_time");
	scopes = toml_get(&t, "scopes");
	if (exp && exp->val && ck_time_parse(exp->val, exp->len, &when) == 0)
		expires = ck_time_fmt(a, when);
	if (scopes && scopes->nitems)
		scope_list = (const char *const *)scopes->items;
	if (oauth && oauth->val) {
		finding_init(&fd, "wrangler.oauth-token",
		    "cloudflare-oauth-token");
		fd.line = oauth->line;
		fd.expires = expires;
		fd.standing = expires ? 0 : -1;
		fd.scopes = scope_list;
		fd.detail = arena_printf(a, "Cloudflare OAuth token from "
		    "wrangler login (%s profile)", env);
		emit_secret(ctx, f, &fd, oauth->val, oauth->len);
	}
	if (refresh && refresh->val) {
		finding_init(&fd, "wrangler.refresh-token",
		    "cloudflare-refresh-token");
		fd.line = refresh->line;
		fd.standing = 1;
		fd.scopes = scope_list;
		fd.detail = arena_printf(a, "Cloudflare OAuth refresh token "
		    "from wrangler login (%s profile)", env);
		emit_secret(ctx, f, &fd, refresh->val, refresh->len);
	}
	if (api && api->val) {
		finding_init(&fd, "wrangler.api-token", "cloudflare-api-token");
		fd.line = api->line;
		fd.detail = arena_printf(a, "Cloudflare API token in the "
		    "legacy wrangler config (%s profile)", env);
		emit_secret(ctx, f, &fd, api->val, api->len);
	}
	toml_wipe(&t);
	return 0;
}

static const char *const wrangler_claims[] = {
	"**/.wrangler/config/*.toml",
	"**/.config/.wrangler/config/*.toml",
	"**/Library/Preferences/.wrangler/config/*.toml",
	NULL,
};

static const struct ca_rule_doc wrangler_rules[] = {
	{ "wrangler.api-token", "cloudflare-api-token",
	  "legacy api_token in the wrangler config" },
	{ "wrangler.oauth-token", "cloudflare-oauth-token",
	  "oauth_token from wrangler login (expiration_time, scopes)" },
	{ "wrangler.refresh-token", "cloudflare-refresh-token",
	  "refresh_token from wrangler login" },
	{ NULL, NULL, NULL },
};

const struct ca_scanner ca_scanner_wrangler = {
	.name = "wrangler",
	.surface = "cloud",
	.summary = "Cloudflare wrangler OAuth and API tokens",
	.version = 1,
	.claims = wrangler_claims,
	.rules = wrangler_rules,
	.scan_file = wrangler_scan_file,
};

/* ==== fly =============================================================== */

static const char *const fly_prefixes[] = {
	"FlyV1 ", "fm1a_", "fm1r_", "fm2_", "fo1_", NULL,
};

static void
fly_emit(struct ca_ctx *ctx, const struct ca_file *f, const char *rule,
    const struct ynode *tok, int tier, const char *what)
{
	struct ca_finding fd;

	if (!ynode_scalar(tok))
		return;
	finding_init(&fd, rule, "fly-token");
	fd.line = tok->line;
	fd.tier = tier;
	fd.preview_prefix = prefix_of(tok->val, tok->len, fly_prefixes);
	fd.detail = arena_printf(ca_scratch(ctx), "Fly.io %s written by "
	    "flyctl", what);
	emit_secret(ctx, f, &fd, tok->val, tok->len);
}

static int
fly_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct ytree t;
	const struct ynode *root = load_yaml(ctx, f, &t);

	if (root) {
		fly_emit(ctx, f, "fly.access-token",
		    ynode_get(root, "access_token"), -1,
		    "access token (fly auth login)");
		fly_emit(ctx, f, "fly.metrics-token",
		    ynode_get(root, "metrics_token"), CA_TIER_READ,
		    "metrics token");
	}
	ytree_wipe(&t);
	return 0;
}

static const char *const fly_claims[] = {
	"**/.fly/config.yml",
	NULL,
};

static const struct ca_rule_doc fly_rules[] = {
	{ "fly.access-token", "fly-token",
	  "access_token in ~/.fly/config.yml" },
	{ "fly.metrics-token", "fly-token",
	  "metrics_token in ~/.fly/config.yml (read tier)" },
	{ NULL, NULL, NULL },
};

const struct ca_scanner ca_scanner_fly = {
	.name = "fly",
	.surface = "cloud",
	.summary = "Fly.io flyctl access tokens",
	.version = 1,
	.claims = fly_claims,
	.rules = fly_rules,
	.scan_file = fly_scan_file,
};

/* ==== vercel ============================================================ */

/* currentTeam from config.json beside auth.json, if any. */
static const char *
vercel_team(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	struct strbuf sb = STRBUF_INIT(SIDE_CAP);
	const char *team = NULL, *s;
	json_t *doc;
	size_t n;
	int line;

	if (ca_read_file(ctx, arena_printf(a, "%s/config.json",
	    ck_dirname(a, f->path)), &sb) == 0) {
		doc = ck_json_load(sb.buf, sb.len, &line);
		s = ck_json_str(doc, "currentTeam", &n);
		if (s && n)
			team = arena_printf(a, "vercel team %s",
			    ck_printable(a, s, n, 128));
		ck_json_free(doc);
	}
	strbuf_release(&sb);
	return team;
}

static int
vercel_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	json_t *doc = load_json(ctx, f);
	struct ca_finding fd;
	const char *tok, *rt, *team;
	size_t n, rn;
	int64_t exp;

	if (!doc)
		return 0;
	if (!json_is_object(doc)) {
		ca_warn(ctx, NULL, "auth.json is not an object");
		ck_json_free(doc);
		return 0;
	}
	team = vercel_team(ctx, f);
	tok = ck_json_str(doc, "token", &n);
	rt = ck_json_str(doc, "refreshToken", &rn);
	if (tok) {
		finding_init(&fd, "vercel.token", "vercel-token");
		fd.identity = team;
		if (ck_json_int(doc, "expiresAt", &exp) == 0) {
			fd.expires = ck_time_fmt(a, ck_seconds(exp));
			fd.standing = fd.expires ? 0 : -1;
		}
		fd.detail = rt ?
		    "Vercel CLI OAuth access token (vercel login)" :
		    "Vercel CLI token (vercel login)";
		emit_secret(ctx, f, &fd, tok, n);
	}
	if (rt) {
		finding_init(&fd, "vercel.refresh-token",
		    "vercel-refresh-token");
		fd.identity = team;
		fd.standing = 1;
		fd.detail = "Vercel CLI OAuth refresh token (vercel login)";
		emit_secret(ctx, f, &fd, rt, rn);
	}
	ck_json_free(doc);
	return 0;
}

static const char *const vercel_claims[] = {
	"**/com.vercel.cli/auth.json",
	"**/.vercel/auth.json",
	NULL,
};

static const struct ca_rule_doc vercel_rules[] = {
	{ "vercel.refresh-token", "vercel-refresh-token",
	  "refreshToken in the Vercel CLI auth.json" },
	{ "vercel.token", "vercel-token",
	  "token in the Vercel CLI auth.json (expiresAt when OAuth)" },
	{ NULL, NULL, NULL },
};

const struct ca_scanner ca_scanner_vercel = {
	.name = "vercel",
	.surface = "cloud",
	.summary = "Vercel CLI tokens (auth.json)",
	.version = 1,
	.claims = vercel_claims,
	.rules = vercel_rules,
	.scan_file = vercel_scan_file,
};

/* ==== netlify =========================================================== */

static int
netlify_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	json_t *doc = load_json(ctx, f);
	const json_t *users, *u;
	const char *id, *current;

	if (!doc)
		return 0;
	users = json_object_get(doc, "users");
	if (!json_is_object(users)) {
		/* Not the CLI's global config (a project's netlify/ dir). */
		ck_json_free(doc);
		return 0;
	}
	current = ck_json_str(doc, "userId", NULL);
	json_object_foreach((json_t *)users, id, u) {
		const json_t *auth = json_object_get(u, "auth");
		const json_t *gh = json_object_get(auth, "github");
		const char *email, *who, *tok, *ghtok, *ghuser;
		struct ca_finding fd;
		size_t n, tn, gn, un;

		email = ck_json_str(u, "email", &n);
		who = email && n ? ck_printable(a, email, n, 256) :
		    arena_printf(a, "netlify user %s",
		    ck_printable(a, id, strlen(id), 128));
		tok = ck_json_str(auth, "token", &tn);
		if (tok) {
			finding_init(&fd, "netlify.token", "netlify-token");
			fd.identity = who;
			fd.detail = arena_printf(a, "Netlify CLI access token "
			    "(netlify login)%s", current && !strcmp(current,
			    id) ? "; current user" : "");
			emit_secret(ctx, f, &fd, tok, tn);
		}
		ghtok = ck_json_str(gh, "token", &gn);
		ghuser = ck_json_str(gh, "user", &un);
		if (ghtok) {
			finding_init(&fd, "netlify.github-token",
			    "github-oauth-token");
			fd.identity = ghuser && un ? arena_printf(a,
			    "%s@github.com", ck_printable(a, ghuser, un, 128)) :
			    who;
			fd.preview_prefix = gn > 4 && ghtok[0] == 'g' &&
			    ghtok[3] == '_' ? 4 : 0;
			fd.detail = arena_printf(a, "GitHub token that the "
			    "Netlify CLI keeps for %s", who);
			emit_secret(ctx, f, &fd, ghtok, gn);
		}
	}
	ck_json_free(doc);
	return 0;
}

static const char *const netlify_claims[] = {
	"**/netlify/config.json",
	"**/.netlify/config.json",
	NULL,
};

static const struct ca_rule_doc netlify_rules[] = {
	{ "netlify.github-token", "github-oauth-token",
	  "GitHub token kept in the Netlify CLI config" },
	{ "netlify.token", "netlify-token",
	  "users.<id>.auth.token in the Netlify CLI config" },
	{ NULL, NULL, NULL },
};

const struct ca_scanner ca_scanner_netlify = {
	.name = "netlify",
	.surface = "cloud",
	.summary = "Netlify CLI access tokens (config.json)",
	.version = 1,
	.claims = netlify_claims,
	.rules = netlify_rules,
	.scan_file = netlify_scan_file,
};

/* ==== shared INI reading (oci, linode) ================================== */

#define INI_MAX_SECTIONS 64
#define INI_MAX_KEYS 32

struct ini_section {
	const char *name;
	const char *key[INI_MAX_KEYS];
	char *val[INI_MAX_KEYS];  /* scratch copies, wiped after the file */
	size_t nkeys;
};

struct ini_doc {
	struct arena *a;
	struct ini_section sec[INI_MAX_SECTIONS];
	size_t nsec;
	bool truncated;
};

static int
ini_collect(void *user, const char *section, const char *name,
    const char *value)
{
	struct ini_doc *d = user;
	struct ini_section *s = NULL;

	for (size_t i = 0; i < d->nsec; i++)
		if (!strcmp(d->sec[i].name, section))
			s = &d->sec[i];
	if (!s) {
		if (d->nsec == INI_MAX_SECTIONS) {
			d->truncated = true;
			return 1;
		}
		s = &d->sec[d->nsec++];
		s->name = arena_strdup(d->a, section);
	}
	for (size_t i = 0; i < s->nkeys; i++) {
		if (strcmp(s->key[i], name))
			continue;
		ca_wipe(s->val[i], strlen(s->val[i]));
		s->val[i] = arena_strdup(d->a, value);
		return 1;
	}
	if (s->nkeys == INI_MAX_KEYS) {
		d->truncated = true;
		return 1;
	}
	s->key[s->nkeys] = arena_strdup(d->a, name);
	s->val[s->nkeys++] = arena_strdup(d->a, value);
	return 1;
}

/* Parses 'f' (NUL-terminated by the core). Returns inih's result: 0, or
 * the first bad line. */
static int
ini_load(struct ca_ctx *ctx, const struct ca_file *f, struct ini_doc *d)
{
	memset(d, 0, sizeof(*d));
	d->a = ca_scratch(ctx);
	return ini_parse_string(f->data, ini_collect, d);
}

static void
ini_wipe(struct ini_doc *d)
{
	for (size_t i = 0; i < d->nsec; i++)
		for (size_t j = 0; j < d->sec[i].nkeys; j++)
			ca_wipe(d->sec[i].val[j], strlen(d->sec[i].val[j]));
}

/* A key of 's', falling back to the DEFAULT section 'def' (OCI and
 * configparser semantics). */
static const char *
ini_get(const struct ini_section *s, const struct ini_section *def,
    const char *key)
{
	for (int pass = 0; pass < 2; pass++) {
		const struct ini_section *x = pass ? def : s;
		for (size_t i = 0; x && i < x->nkeys; i++)
			if (!strcmp(x->key[i], key))
				return x->val[i];
	}
	return NULL;
}

static const struct ini_section *
ini_section(const struct ini_doc *d, const char *name)
{
	for (size_t i = 0; i < d->nsec; i++)
		if (!strcmp(d->sec[i].name, name))
			return &d->sec[i];
	return NULL;
}

/* ==== oci =============================================================== */

static void
oci_key(struct ca_ctx *ctx, const struct ca_file *f, const char *profile,
    const char *ident, const char *key_file, const char *fp, bool pass)
{
	struct arena *a = ca_scratch(ctx);
	struct strbuf sb = STRBUF_INIT(SIDE_CAP);
	const char *full, *label = NULL, *s;
	struct ca_finding fd;
	enum ck_key_state st;
	size_t n;

	full = ca_resolve_path(ctx, key_file, f->home, ck_dirname(a, f->path));
	if (!full || ca_read_file(ctx, full, &sb) < 0) {
		strbuf_release(&sb);
		return; /* the key is not in the scanned tree */
	}
	s = sb.buf;
	n = sb.len;
	ck_trim(&s, &n);
	st = ck_key_classify(s, n, &label);
	if (st == CK_KEY_NONE) {
		ca_warn(ctx, NULL, "key_file '%s' of profile '%s' is not a PEM "
		    "private key", ck_printable(a, key_file, strlen(key_file),
		    256), profile);
	} else {
		bool usable = st == CK_KEY_PLAIN || pass;
		finding_init(&fd, usable ? "oci.api-key" :
		    "oci.api-key-encrypted", usable ? "oci-api-key" :
		    "private-key-encrypted");
		fd.path = full;
		fd.identity = ident;
		fd.detail = arena_printf(a, "OCI API signing key (%s) for "
		    "profile %s%s%s%s", label, profile,
		    fp ? ", fingerprint " : "", fp ? fp : "",
		    st == CK_KEY_ENCRYPTED ? (pass ?
		    "; passphrase-protected, but pass_phrase is stored in the "
		    "config" : "; passphrase-protected") : "");
		emit_secret(ctx, f, &fd, s, n);
	}
	ca_wipe(sb.buf, sb.len);
	strbuf_release(&sb);
}

static void
oci_session(struct ca_ctx *ctx, const struct ca_file *f, const char *profile,
    const char *ident, const char *token_file)
{
	struct arena *a = ca_scratch(ctx);
	struct strbuf sb = STRBUF_INIT(SIDE_CAP);
	const char *full;
	struct ca_finding fd;
	struct ck_jwt jwt;

	full = ca_resolve_path(ctx, token_file, f->home,
	    ck_dirname(a, f->path));
	if (full && ca_read_file(ctx, full, &sb) == 0) {
		const char *s = sb.buf;
		size_t n = sb.len;
		ck_trim(&s, &n);
		finding_init(&fd, "oci.session-token", "oci-session-token");
		fd.path = full;
		fd.identity = ident;
		if (ck_jwt_decode(a, s, n, &jwt)) {
			if (jwt.exp)
				fd.expires = ck_time_fmt(a, jwt.exp);
			if (jwt.sub && !ident)
				fd.identity = jwt.sub;
		}
		fd.detail = arena_printf(a, "OCI session token (oci session "
		    "authenticate) for profile %s", profile);
		emit_secret(ctx, f, &fd, s, n);
	}
	ca_wipe(sb.buf, sb.len);
	strbuf_release(&sb);
}

static int
oci_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const struct ini_section *def;
	struct ini_doc d;
	int bad = ini_load(ctx, f, &d);

	if (bad)
		ca_warn(ctx, NULL, "malformed INI at line %d", bad);
	def = ini_section(&d, "DEFAULT");
	for (size_t i = 0; i < d.nsec; i++) {
		const struct ini_section *s = &d.sec[i];
		const char *user = ini_get(s, def, "user");
		const char *tenancy = ini_get(s, def, "tenancy");
		const char *key = ini_get(s, def, "key_file");
		const char *fp = ini_get(s, def, "fingerprint");
		const char *pass = ini_get(s, def, "pass_phrase");
		const char *tok = ini_get(s, def, "security_token_file");
		const char *ident = NULL, *profile;

		if (!*s->name)
			continue; /* keys before any section */
		profile = ck_printable(a, s->name, strlen(s->name), 128);
		if (user || tenancy)
			ident = arena_printf(a, "%s in tenancy %s",
			    user ? ck_printable(a, user, strlen(user), 256) :
			    "(no user)", tenancy ? ck_printable(a, tenancy,
			    strlen(tenancy), 256) : "(unknown)");
		if (fp)
			fp = ck_printable(a, fp, strlen(fp), 128);
		if (key && *key)
			oci_key(ctx, f, profile, ident, key, fp,
			    pass && *pass);
		if (tok && *tok)
			oci_session(ctx, f, profile, ident, tok);
	}
	ini_wipe(&d);
	return 0;
}

static const char *const oci_claims[] = {
	"**/.oci/config",
	NULL,
};

static const struct ca_rule_doc oci_rules[] = {
	{ "oci.api-key", "oci-api-key",
	  "unencrypted API signing key named by key_file (or an encrypted "
	  "one whose pass_phrase is in the config)" },
	{ "oci.api-key-encrypted", "private-key-encrypted",
	  "passphrase-protected API signing key named by key_file" },
	{ "oci.session-token", "oci-session-token",
	  "session token named by security_token_file" },
	{ NULL, NULL, NULL },
};

const struct ca_scanner ca_scanner_oci = {
	.name = "oci",
	.surface = "cloud",
	.summary = "Oracle Cloud CLI profiles: API signing keys and session "
		   "tokens",
	.version = 1,
	.claims = oci_claims,
	.rules = oci_rules,
	.scan_file = oci_scan_file,
};

/* ==== supabase ========================================================== */

static int
supabase_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	const char *s = f->data;
	size_t n = f->len;
	struct ca_finding fd;
	char *narrow = NULL;
	size_t nlen = 0;

	/* Written as UTF-16LE with a BOM on some Windows setups. */
	if (n >= 2 && (unsigned char)s[0] == 0xff &&
	    (unsigned char)s[1] == 0xfe) {
		size_t k = 0;
		narrow = arena_alloc(ca_scratch(ctx), n / 2 + 1);
		for (size_t i = 2; i + 1 < n; i += 2)
			if (!s[i + 1])
				narrow[k++] = s[i];
		narrow[k] = '\0';
		s = narrow;
		n = nlen = k;
	} else if (n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) {
		s += 3;
		n -= 3;
	}
	ck_trim(&s, &n);
	if (n && (memchr(s, '\n', n) || n > 4096)) {
		ca_warn(ctx, NULL, "not a single token");
	} else if (n) {
		finding_init(&fd, "supabase.access-token", "supabase-token");
		fd.line = 1;
		fd.preview_prefix = n > 4 && !memcmp(s, "sbp_", 4) ? 4 : 0;
		fd.detail = "Supabase personal access token (supabase login, "
		    "file fallback when no keyring is available)";
		emit_secret(ctx, f, &fd, s, n);
	}
	if (narrow)
		ca_wipe(narrow, nlen);
	return 0;
}

static const char *const supabase_claims[] = {
	"**/.supabase/access-token",
	NULL,
};

static const struct ca_rule_doc supabase_rules[] = {
	{ "supabase.access-token", "supabase-token",
	  "token in ~/.supabase/access-token (sbp_)" },
	{ NULL, NULL, NULL },
};

const struct ca_scanner ca_scanner_supabase = {
	.name = "supabase",
	.surface = "cloud",
	.summary = "Supabase CLI access token",
	.version = 1,
	.claims = supabase_claims,
	.rules = supabase_rules,
	.scan_file = supabase_scan_file,
};

/* ==== railway =========================================================== */

static int
railway_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	json_t *doc = load_json(ctx, f);
	const json_t *user;
	const char *legacy, *at, *rt, *id, *ident = NULL, *env = "";
	struct ca_finding fd;
	size_t ln, an, rn, idn;
	int64_t exp;

	if (!doc)
		return 0;
	user = json_object_get(doc, "user");
	if (!json_is_object(user)) {
		if (user && !json_is_null(user))
			ca_warn(ctx, NULL, "'user' is not an object");
		ck_json_free(doc);
		return 0;
	}
	if (strstr(f->name, "staging"))
		env = " (staging environment)";
	else if (strstr(f->name, "dev"))
		env = " (dev environment)";
	id = ck_json_str(user, "id", &idn);
	if (id && idn)
		ident = arena_printf(a, "railway user %s",
		    ck_printable(a, id, idn, 128));
	legacy = ck_json_str(user, "token", &ln);
	at = ck_json_str(user, "accessToken", &an);
	rt = ck_json_str(user, "refreshToken", &rn);
	if (legacy) {
		finding_init(&fd, "railway.token", "railway-token");
		fd.identity = ident;
		fd.detail = arena_printf(a, "Railway CLI account token "
		    "(legacy railway login)%s", env);
		emit_secret(ctx, f, &fd, legacy, ln);
	}
	if (at) {
		finding_init(&fd, "railway.access-token", "railway-token");
		fd.identity = ident;
		if (ck_json_int(user, "tokenExpiresAt", &exp) == 0) {
			fd.expires = ck_time_fmt(a, ck_seconds(exp));
			fd.standing = fd.expires ? 0 : -1;
		}
		fd.detail = arena_printf(a, "Railway CLI OAuth access token%s",
		    env);
		emit_secret(ctx, f, &fd, at, an);
	}
	if (rt) {
		finding_init(&fd, "railway.refresh-token",
		    "railway-refresh-token");
		fd.identity = ident;
		fd.standing = 1;
		fd.detail = arena_printf(a, "Railway CLI OAuth refresh token%s",
		    env);
		emit_secret(ctx, f, &fd, rt, rn);
	}
	ck_json_free(doc);
	return 0;
}

static const char *const railway_claims[] = {
	"**/.railway/config.json",
	"**/.railway/config-staging.json",
	"**/.railway/config-dev.json",
	NULL,
};

static const struct ca_rule_doc railway_rules[] = {
	{ "railway.access-token", "railway-token",
	  "user.accessToken (OAuth, tokenExpiresAt)" },
	{ "railway.refresh-token", "railway-refresh-token",
	  "user.refreshToken (OAuth)" },
	{ "railway.token", "railway-token",
	  "user.token of the legacy railway login" },
	{ NULL, NULL, NULL },
};

const struct ca_scanner ca_scanner_railway = {
	.name = "railway",
	.surface = "cloud",
	.summary = "Railway CLI tokens (~/.railway/config.json)",
	.version = 1,
	.claims = railway_claims,
	.rules = railway_rules,
	.scan_file = railway_scan_file,
};

/* ==== linode ============================================================ */

static int
linode_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const struct ini_section *def;
	const char *dflt;
	struct ini_doc d;
	int bad = ini_load(ctx, f, &d);

	if (bad)
		ca_warn(ctx, NULL, "malformed INI at line %d", bad);
	def = ini_section(&d, "DEFAULT");
	dflt = def ? ini_get(def, NULL, "default-user") : NULL;
	for (size_t i = 0; i < d.nsec; i++) {
		const struct ini_section *s = &d.sec[i];
		const char *tok = ini_get(s, NULL, "token");
		struct ca_finding fd;
		bool legacy = !strcmp(s->name, "DEFAULT");

		if (!tok || !*s->name)
			continue;
		finding_init(&fd, "linode.token", "linode-token");
		fd.identity = legacy ? NULL : arena_printf(a, "linode user %s",
		    ck_printable(a, s->name, strlen(s->name), 128));
		fd.detail = arena_printf(a, "Linode API token of the "
		    "linode-cli%s", legacy ? " (legacy [DEFAULT] token)" :
		    dflt && !strcmp(dflt, s->name) ? " (default user)" : "");
		emit_secret(ctx, f, &fd, tok, strlen(tok));
	}
	ini_wipe(&d);
	return 0;
}

static const char *const linode_claims[] = {
	"**/.config/linode-cli",
	"**/.linode-cli",
	NULL,
};

static const struct ca_rule_doc linode_rules[] = {
	{ "linode.token", "linode-token",
	  "token of a linode-cli user section" },
	{ NULL, NULL, NULL },
};

const struct ca_scanner ca_scanner_linode = {
	.name = "linode",
	.surface = "cloud",
	.summary = "Linode CLI API tokens",
	.version = 1,
	.claims = linode_claims,
	.rules = linode_rules,
	.scan_file = linode_scan_file,
};
