/* fly.c - Fly.io CLI tokens:
 *
 * ~/.fly/config.yml: access_token, metrics_token. The file names no
 * owner. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/secret.h"
#include "scanners/kit/yaml_tree.h"

static const char *const fly_prefixes[] = {
	"FlyV1 ",
	"fm1a_",
	"fm1r_",
	"fm2_",
	"fo1_",
	NULL,
};

static void
fly_emit(struct ca_ctx *ctx, const struct ca_file *f, const char *rule,
    const struct ynode *tok, int tier, const char *what)
{
	struct ca_finding fd;

	if (!ynode_scalar(tok))
		return;
	ca_finding_init(&fd, rule, "fly-token");
	fd.line = tok->line;
	fd.tier = tier;
	fd.preview_prefix = ca_secret_prefix(tok->val, tok->len, fly_prefixes);
	fd.detail = arena_printf(ca_scratch(ctx),
	    "Fly.io %s written by "
	    "flyctl",
	    what);
	ca_emit_secret(ctx, f, &fd, tok->val, tok->len);
}

static int
fly_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct ytree t;
	const struct ynode *root = ytree_load_map(&t, ctx, f);

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

/* clang-format off */
static const struct ca_rule_doc fly_rules[] = {
	{ "fly.access-token", "fly-token",
	  "access_token in ~/.fly/config.yml" },
	{ "fly.metrics-token", "fly-token",
	  "metrics_token in ~/.fly/config.yml (read tier)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_fly = {
	.name = "fly",
	.surface = "cloud",
	.summary = "Fly.io flyctl access tokens",
	.version = 1,
	.claims = fly_claims,
	.rules = fly_rules,
	.scan_file = fly_scan_file,
};
