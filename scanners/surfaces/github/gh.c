/* gh.c - GitHub CLI hosts.yml ($GH_CONFIG_DIR, $XDG_CONFIG_HOME/gh or
 * ~/.config/gh): one mapping per host with `user`, `git_protocol`, a
 * host-level `oauth_token` (the active account's, legacy and insecure
 * storage), and since multi-account `users: {<login>: {oauth_token}}`.
 * A login without a token on disk has it in the OS keyring (service
 * "gh:<host>"): that is reported as a secretless credential.
 *
 * The YAML is read as a stream of hosts (yaml_tree.h), one host's tree at
 * a time. Nothing is expanded: an alias may stand for a scalar anchored
 * earlier, never for a collection, and depth, node and alias counts are
 * capped, so a YAML bomb costs one linear pass. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/secret.h"
#include "scanners/kit/gitkit.h"
#include "scanners/kit/yaml_tree.h"

#define MAX_SCALAR 8192 /* longer scalars are kept as "too long" */

/* hosts.yml is small and flat: caps tighter than the default, and an
 * alias of a collection stands for nothing. */
static const struct ytree_limits gh_limits = {
	.depth = 32,
	.nodes = 100000,
	.aliases = 256,
	.scalar = MAX_SCALAR,
	.share_collections = false,
};

/* ---- findings -------------------------------------------------------- */

struct gh_host {
	const struct ca_file *f;
	const char *host;  /* printable, scratch */
	const char *proto; /* printable, scratch, or NULL */
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
		ca_warn(ctx, NULL,
		    "oauth_token for '%s' at line %u is too "
		    "long",
		    h->host, tok->line);
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
	f.identity = login ?
	    arena_printf(ca_scratch(ctx), "%s@%s", login, h->host) :
	    h->host;
	f.standing = -1;
	f.tier = -1;
	f.anchor = h->anchor;
	f.detail = arena_printf(ca_scratch(ctx),
	    "gh CLI %stoken for %s%s%s%s%s",
	    host_level ? "active-account " : "", h->host,
	    h->proto ? " (git_protocol " : "", h->proto ? h->proto : "",
	    h->proto ? ")" : "",
	    gh && gt.checksum_bad ?
	        "; checksum does not match, likely not a live token" :
	        "");
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
	if (!ynode_scalar(n) || !n->len)
		return NULL;
	return ca_printable(ca_scratch(ctx), n->val, n->len, max);
}

static void
scan_host(struct ca_ctx *ctx, const struct ca_file *f, const struct ynode *key,
    const struct ynode *val)
{
	const struct ynode *users, *htok, *user;
	const char *active;
	struct gh_host h;
	bool htok_usable;

	if (!ynode_scalar(key) || !key->len || !val || val->type != YN_MAP)
		return;
	memset(&h, 0, sizeof(h));
	h.f = f;
	h.host = ca_printable(ca_scratch(ctx), key->val, key->len, 256);
	h.proto = printable_scalar(ctx, ynode_get(val, "git_protocol"), 32);
	h.anchor = arena_printf(ca_scratch(ctx), "gh-host:%s:%s",
	    f->home ? f->home : "", h.host);
	user = ynode_get(val, "user");
	active = printable_scalar(ctx, user, 128);
	htok = ynode_get(val, "oauth_token");
	htok_usable = ynode_scalar(htok) &&
	    !ca_secret_unusable(htok->val, htok->len);
	users = ynode_get(val, "users");
	if (users && users->type == YN_MAP) {
		for (const struct ynode *k = users->kids; k && k->next;
		     k = k->next->next) {
			const struct ynode *tok = ynode_get(k->next,
			    "oauth_token");
			const char *login = printable_scalar(ctx, k, 128);
			if (!login)
				continue;
			if (!ynode_null(tok)) {
				if (ynode_scalar(tok) || tok->len > MAX_SCALAR)
					emit_token(ctx, &h, login, tok, false);
				continue;
			}
			/* The active account's token copied to the host
			 * level is this login's token, not a keyring one. */
			if (htok_usable && active && !strcmp(active, login))
				continue;
			emit_keyring(ctx, &h, login, k->line);
		}
	} else if (active && ynode_null(htok)) {
		/* Pre-multi-account layout with the token in the keyring. */
		emit_keyring(ctx, &h, active, user->line);
	}
	/* With a users map the host-level token is the active account's
	 * copy; without one it is the legacy layout's only token. */
	if (!ynode_null(htok) && (ynode_scalar(htok) || htok->len > MAX_SCALAR))
		emit_token(ctx, &h, active, htok,
		    users && users->type == YN_MAP);
}

struct gh_scan {
	struct ca_ctx *ctx;
	const struct ca_file *f;
};

static void
host_entry(void *arg, const struct ytree *t, const struct ynode *key,
    const struct ynode *value)
{
	const struct gh_scan *gs = arg;

	(void)t;
	scan_host(gs->ctx, gs->f, key, value);
}

/* Each host is handed over as soon as it is parsed and then released:
 * a hosts.yml of 20k hosts costs the memory of one. */
static int
gh_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct gh_scan gs = { ctx, f };
	const struct ytree_stream s = { .level = 1,
		.entry = host_entry,
		.arg = &gs };
	struct ytree t;

	if (ytree_load_stream(&t, ctx, f, &gh_limits, &s) < 0)
		return 0;
	if (t.root && t.root->type != YN_MAP && !ynode_null(t.root))
		ca_warn(ctx, NULL, "hosts.yml is not a mapping of hosts");
	ytree_wipe(&t);
	return 0;
}

/* clang-format off */
static const char *const gh_claims[] = {
	"**/.config/gh/hosts.yml",
	"**/gh/hosts.yml",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc gh_rules[] = {
	{ "gh.hosts-token", "github-oauth-token",
	  "oauth_token in gh hosts.yml (kind by prefix: gho_, ghp_, "
	  "github_pat_, ghu_...)" },
	{ "gh.keyring-token", "github-keyring-token",
	  "gh account whose token is kept in the OS keyring" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_gh = {
	.name = "gh",
	.surface = "github",
	.summary = "GitHub CLI accounts and tokens (gh hosts.yml)",
	.version = 1,
	.claims = gh_claims,
	.rules = gh_rules,
	.scan_file = gh_scan_file,
	.reads_streams = true,
};
