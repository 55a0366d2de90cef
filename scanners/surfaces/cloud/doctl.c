/* doctl.c - DigitalOcean CLI tokens:
 *
 * doctl's config.yaml: access-token (context "default") and
 * auth-contexts {name: token}. The file names no owner: findings carry
 * the context. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/secret.h"
#include "scanners/kit/yaml_tree.h"

static const char *const do_prefixes[] = {
	"dop_v1_",
	"doo_v1_",
	"dor_v1_",
	NULL,
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
	prefix = ca_secret_prefix(tok->val, tok->len, do_prefixes);
	ca_finding_init(&fd, rule, "digitalocean-token");
	fd.line = tok->line;
	fd.preview_prefix = prefix;
	fd.identity = arena_printf(a, "doctl context %s", context);
	fd.anchor = arena_printf(a, "doctl-context:%s:%s",
	    f->home ? f->home : "", context);
	fd.detail = arena_printf(a, "DigitalOcean %s for doctl context %s%s",
	    !strncmp(tok->val, "doo_v1_", 7)     ? "OAuth token" :
	        !strncmp(tok->val, "dor_v1_", 7) ? "refresh token" :
	                                           "personal access token",
	    context, current ? " (current)" : "");
	ca_emit_secret(ctx, f, &fd, tok->val, tok->len);
}

static int
doctl_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct ytree t;
	const struct ynode *root = ytree_load_map(&t, ctx, f);
	const struct ynode *ctxs;
	const char *current;

	if (root) {
		current = ynode_str(ynode_get(root, "context"));
		if (!current)
			current = "default";
		current = ca_printable_cut(ca_scratch(ctx), current,
		    strlen(current), 128);
		doctl_emit(ctx, f, "doctl.access-token", "default",
		    ynode_get(root, "access-token"),
		    !strcmp(current, "default"));
		ctxs = ynode_get(root, "auth-contexts");
		for (const struct ynode *k =
		         ctxs && ctxs->type == YN_MAP ? ctxs->kids : NULL;
		     k && k->next; k = k->next->next) {
			const char *name;
			if (!ynode_scalar(k))
				continue;
			name = ca_printable_cut(ca_scratch(ctx), k->val, k->len,
			    128);
			doctl_emit(ctx, f, "doctl.auth-context", name, k->next,
			    !strcmp(name, current));
		}
	}
	ytree_wipe(&t);
	return 0;
}

/* clang-format off */
static const char *const doctl_claims[] = {
	"**/.config/doctl/config.yaml",
	"**/Library/Application Support/doctl/config.yaml",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc doctl_rules[] = {
	{ "doctl.access-token", "digitalocean-token",
	  "access-token of the default doctl context" },
	{ "doctl.auth-context", "digitalocean-token",
	  "token of a named doctl auth context" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_doctl = {
	.name = "doctl",
	.surface = "cloud",
	.summary = "DigitalOcean doctl access tokens and auth contexts",
	.version = 1,
	.claims = doctl_claims,
	.rules = doctl_rules,
	.scan_file = doctl_scan_file,
};
