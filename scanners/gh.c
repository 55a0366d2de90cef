/* gh.c - GitHub CLI hosts.yml ($GH_CONFIG_DIR, $XDG_CONFIG_HOME/gh or
 * ~/.config/gh): one mapping per host with `user`, `git_protocol`, a
 * host-level `oauth_token` (the active account's, legacy and insecure
 * storage), and since multi-account `users: {<login>: {oauth_token}}`.
 * A login without a token on disk has it in the OS keyring (service
 * "gh:<host>"): that is reported as a secretless credential.
 *
 * The YAML is read with libyaml's event parser into a small tree in the
 * scratch arena. Nothing is expanded: an alias may stand for a scalar
 * anchored earlier, never for a collection, and depth, node and alias
 * counts are capped, so a YAML bomb costs one linear pass. */
#include "lib/compat.h"
#include <yaml.h>
#include "lib/hash.h"
#include "scanners/git_credentials.h"

#define MAX_DEPTH 32
#define MAX_NODES 100000
#define MAX_ALIASES 256
#define MAX_SCALAR 8192 /* longer scalars are kept as "too long" */

enum ynode_type { YN_SCALAR, YN_MAP, YN_SEQ, YN_NONE };

/* One node of the tree; everything lives in the scratch arena. */
struct ynode {
	enum ynode_type type;
	char *val;             /* scalar bytes (NUL-terminated), or NULL */
	size_t len;            /* scalar length, even when too long to keep */
	unsigned int line;     /* 1-based line where the node starts */
	struct ynode *kids, *last_kid, *next; /* maps: key, value, key, ... */
	struct ynode *all_next;/* every scalar copy, for wiping */
	const char *anchor;
};

struct ytree {
	struct arena *a;
	struct ynode *root;
	struct ynode *stack[MAX_DEPTH];
	size_t depth;
	size_t nodes, aliases;
	struct ynode *scalars; /* list through all_next */
	struct ynode *anchored[MAX_ALIASES];
	size_t nanchored;
	const char *error;     /* static text, or NULL */
	unsigned int error_line;
};

/* Wipes every scalar copied into the tree: tokens are among them. */
static void
ytree_wipe(struct ytree *t)
{
	for (struct ynode *n = t->scalars; n; n = n->all_next)
		if (n->val)
			ca_wipe(n->val, n->len);
}

static void
ytree_add(struct ytree *t, struct ynode *n)
{
	if (!t->depth) {
		if (!t->root)
			t->root = n;
		return;
	}
	struct ynode *parent = t->stack[t->depth - 1];
	if (parent->last_kid)
		parent->last_kid->next = n;
	else
		parent->kids = n;
	parent->last_kid = n;
}

/* Returns a new node for an event, or NULL after setting t->error. */
static struct ynode *
ytree_node(struct ytree *t, enum ynode_type type, const yaml_event_t *ev,
    const yaml_char_t *anchor)
{
	struct ynode *n;

	if (++t->nodes > MAX_NODES) {
		t->error = "too many nodes";
		return NULL;
	}
	n = arena_zalloc(t->a, sizeof(*n));
	n->type = type;
	n->line = (unsigned int)ev->start_mark.line + 1;
	if (anchor && t->nanchored < MAX_ALIASES) {
		n->anchor = arena_strdup(t->a, (const char *)anchor);
		t->anchored[t->nanchored++] = n;
	}
	return n;
}

/* An alias stands for the scalar anchored under its name (the latest
 * one, as YAML says), or for nothing when the anchor is a collection. */
static struct ynode *
ytree_alias(struct ytree *t, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct ynode *n;

	if (++t->aliases > MAX_ALIASES) {
		t->error = "too many aliases";
		return NULL;
	}
	n = ytree_node(t, YN_NONE, ev, NULL);
	if (!n)
		return NULL;
	for (size_t i = t->nanchored; i > 0; i--) {
		const struct ynode *a = t->anchored[i - 1];
		if (strcmp(a->anchor, name))
			continue;
		if (a->type == YN_SCALAR) {
			n->type = YN_SCALAR;
			n->len = a->len;
			if (a->val) {
				n->val = arena_strndup(t->a, a->val, a->len);
				n->all_next = t->scalars;
				t->scalars = n;
			}
		}
		break;
	}
	return n;
}

/* Feeds one event into the tree. Returns 1 to go on, 0 at the end of the
 * first document, -1 after setting t->error. */
static int
ytree_event(struct ytree *t, const yaml_event_t *ev)
{
	struct ynode *n;

	switch (ev->type) {
	case YAML_DOCUMENT_END_EVENT:
	case YAML_STREAM_END_EVENT:
		return 0;
	case YAML_SCALAR_EVENT:
		n = ytree_node(t, YN_SCALAR, ev, ev->data.scalar.anchor);
		if (!n)
			return -1;
		n->len = ev->data.scalar.length;
		if (n->len <= MAX_SCALAR) {
			n->val = arena_strndup(t->a,
			    (const char *)ev->data.scalar.value, n->len);
			n->all_next = t->scalars;
			t->scalars = n;
		}
		ytree_add(t, n);
		return 1;
	case YAML_ALIAS_EVENT:
		n = ytree_alias(t, ev);
		if (!n)
			return -1;
		ytree_add(t, n);
		return 1;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		if (t->depth == MAX_DEPTH) {
			t->error = "nested too deeply";
			return -1;
		}
		n = ytree_node(t, ev->type == YAML_MAPPING_START_EVENT ?
		    YN_MAP : YN_SEQ, ev, ev->type == YAML_MAPPING_START_EVENT ?
		    ev->data.mapping_start.anchor :
		    ev->data.sequence_start.anchor);
		if (!n)
			return -1;
		ytree_add(t, n);
		t->stack[t->depth++] = n;
		return 1;
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		if (t->depth)
			t->depth--;
		return 1;
	default:
		return 1;
	}
}

/* Parses the first document of 'data' (borrowed) into 't'. Returns 0 or
 * -1 with t->error set (static text: libyaml's messages hold no input). */
static int
ytree_parse(struct ytree *t, const char *data, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int ret = 0;

	if (!yaml_parser_initialize(&p)) {
		t->error = "cannot set up the YAML parser";
		return -1;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	for (;;) {
		int more;

		if (!yaml_parser_parse(&p, &ev)) {
			t->error = p.problem ? p.problem : "invalid YAML";
			t->error_line = (unsigned int)p.problem_mark.line + 1;
			ret = -1;
			break;
		}
		more = ytree_event(t, &ev);
		/* libyaml's copy of a scalar may be a token */
		if (ev.type == YAML_SCALAR_EVENT && ev.data.scalar.value)
			ca_wipe(ev.data.scalar.value, ev.data.scalar.length);
		yaml_event_delete(&ev);
		if (more < 0)
			ret = -1;
		if (more <= 0)
			break;
	}
	yaml_parser_delete(&p);
	return ret;
}

/* Returns the value of scalar key 'key' in map 'map', or NULL. */
static const struct ynode *
ymap_get(const struct ynode *map, const char *key)
{
	if (!map || map->type != YN_MAP)
		return NULL;
	for (const struct ynode *k = map->kids; k && k->next; k = k->next->next)
		if (k->type == YN_SCALAR && k->val && !strcmp(k->val, key))
			return k->next;
	return NULL;
}

static bool
is_scalar(const struct ynode *n)
{
	return n && n->type == YN_SCALAR && n->val;
}

/* A scalar with nothing in it ("", "~", "null") counts as absent. */
static bool
is_null(const struct ynode *n)
{
	if (!n || n->type == YN_NONE)
		return true;
	if (n->type != YN_SCALAR)
		return false;
	return !n->len || !strcmp(n->val ? n->val : "", "~") ||
	    !strcmp(n->val ? n->val : "", "null");
}

/* ---- findings -------------------------------------------------------- */

struct gh_host {
	const struct ca_file *f;
	const char *host;      /* printable, scratch */
	const char *proto;     /* printable, scratch, or NULL */
	const char *anchor;
};

static void
emit_token(struct ca_ctx *ctx, const struct gh_host *h, const char *login,
    const struct ynode *tok, bool host_level)
{
	struct ca_gh_token gt;
	struct ca_finding f;
	bool gh;

	if (tok->len > MAX_SCALAR || !tok->val) {
		ca_warn(ctx, NULL, "oauth_token for '%s' at line %u is too "
		    "long", h->host, tok->line);
		return;
	}
	if (ca_secret_unusable(tok->val, tok->len))
		return;
	gh = ca_gh_token_classify(tok->val, tok->len, &gt);
	memset(&f, 0, sizeof(f));
	f.rule = "gh.hosts-token";
	f.kind = gh ? gt.kind : "github-oauth-token";
	f.line = tok->line;
	f.secret = tok->val;
	f.secret_len = tok->len;
	f.preview_prefix = gh ? gt.prefix_len : 0;
	f.identity = login ? arena_printf(ca_scratch(ctx), "%s@%s", login,
	    h->host) : h->host;
	f.standing = -1;
	f.tier = -1;
	f.anchor = h->anchor;
	f.detail = arena_printf(ca_scratch(ctx),
	    "gh CLI %stoken for %s%s%s%s%s",
	    host_level ? "active-account " : "", h->host,
	    h->proto ? " (git_protocol " : "", h->proto ? h->proto : "",
	    h->proto ? ")" : "", gh && gt.checksum_bad ?
	    "; checksum does not match, likely not a live token" : "");
	ca_emit(ctx, &f);
}

static void
emit_keyring(struct ca_ctx *ctx, const struct gh_host *h, const char *login,
    unsigned int line)
{
	struct ca_finding f;

	memset(&f, 0, sizeof(f));
	f.rule = "gh.keyring-token";
	f.kind = "github-keyring-token";
	f.line = line;
	f.ref = arena_printf(ca_scratch(ctx), "keyring:gh:%s:%s", h->host,
	    login);
	f.identity = arena_printf(ca_scratch(ctx), "%s@%s", login, h->host);
	f.standing = -1;
	f.tier = -1;
	f.anchor = h->anchor;
	f.detail = arena_printf(ca_scratch(ctx),
	    "token kept in the OS keyring (service gh:%s)", h->host);
	ca_emit(ctx, &f);
}

static const char *
printable_scalar(struct ca_ctx *ctx, const struct ynode *n, size_t max)
{
	if (!is_scalar(n) || !n->len)
		return NULL;
	return ca_printable(ctx, n->val, n->len, max);
}

static void
scan_host(struct ca_ctx *ctx, const struct ca_file *f, const struct ynode *key,
    const struct ynode *val)
{
	const struct ynode *users, *htok, *user;
	const char *active;
	struct gh_host h;
	bool htok_usable;

	if (!is_scalar(key) || !key->len || !val || val->type != YN_MAP)
		return;
	memset(&h, 0, sizeof(h));
	h.f = f;
	h.host = ca_printable(ctx, key->val, key->len, 256);
	h.proto = printable_scalar(ctx, ymap_get(val, "git_protocol"), 32);
	h.anchor = arena_printf(ca_scratch(ctx), "gh-host:%s:%s",
	    f->home ? f->home : "", h.host);
	user = ymap_get(val, "user");
	active = printable_scalar(ctx, user, 128);
	htok = ymap_get(val, "oauth_token");
	htok_usable = is_scalar(htok) && !ca_secret_unusable(htok->val,
	    htok->len);
	users = ymap_get(val, "users");
	if (users && users->type == YN_MAP) {
		for (const struct ynode *k = users->kids; k && k->next;
		    k = k->next->next) {
			const struct ynode *tok = ymap_get(k->next,
			    "oauth_token");
			const char *login = printable_scalar(ctx, k, 128);
			if (!login)
				continue;
			if (!is_null(tok)) {
				if (is_scalar(tok) || tok->len > MAX_SCALAR)
					emit_token(ctx, &h, login, tok, false);
				continue;
			}
			/* The active account's token copied to the host
			 * level is this login's token, not a keyring one. */
			if (htok_usable && active && !strcmp(active, login))
				continue;
			emit_keyring(ctx, &h, login, k->line);
		}
	} else if (active && is_null(htok)) {
		/* Pre-multi-account layout with the token in the keyring. */
		emit_keyring(ctx, &h, active, user->line);
	}
	/* With a users map the host-level token is the active account's
	 * copy; without one it is the legacy layout's only token. */
	if (!is_null(htok) && (is_scalar(htok) || htok->len > MAX_SCALAR))
		emit_token(ctx, &h, active, htok, users &&
		    users->type == YN_MAP);
}

static int
gh_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct ytree t;

	memset(&t, 0, sizeof(t));
	t.a = ca_scratch(ctx);
	if (ytree_parse(&t, f->data, f->len) < 0) {
		ytree_wipe(&t);
		if (t.error_line)
			return ca_warn(ctx, NULL, "invalid YAML at line %u: %s",
			    t.error_line, t.error);
		return ca_warn(ctx, NULL, "invalid YAML: %s", t.error);
	}
	if (t.root && t.root->type == YN_MAP) {
		for (const struct ynode *k = t.root->kids; k && k->next;
		    k = k->next->next)
			scan_host(ctx, f, k, k->next);
	} else if (t.root && !is_null(t.root)) {
		ca_warn(ctx, NULL, "hosts.yml is not a mapping of hosts");
	}
	ytree_wipe(&t);
	return 0;
}

static const char *const gh_claims[] = {
	"**/.config/gh/hosts.yml",
	"**/gh/hosts.yml",
	NULL,
};

static const struct ca_rule_doc gh_rules[] = {
	{ "gh.hosts-token", "github-oauth-token",
	  "oauth_token in gh hosts.yml (kind by prefix: gho_, ghp_, "
	  "github_pat_, ghu_...)" },
	{ "gh.keyring-token", "github-keyring-token",
	  "gh account whose token is kept in the OS keyring" },
	{ NULL, NULL, NULL },
};

const struct ca_scanner ca_scanner_gh = {
	.name = "gh",
	.surface = "github",
	.summary = "GitHub CLI accounts and tokens (gh hosts.yml)",
	.version = 1,
	.claims = gh_claims,
	.rules = gh_rules,
	.scan_file = gh_scan_file,
};
