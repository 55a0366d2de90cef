/* rubygems.c - RubyGems API keys: ~/.gem/credentials (and the XDG
 * ~/.local/share/gem/credentials), YAML written by `gem signin`:
 *
 *   ---
 *   :rubygems_api_key: rubygems_<48 hex>
 *   https://gems.corp.test: <key>
 *
 * ':rubygems_api_key' is the key of rubygems.org; a URL key is the key of
 * that host; any other symbol key is a named key ('gem push -k NAME'). */
#include "lib/compat.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/yaml_tree.h"
#include "scanners/surfaces/registry/regauth.h"

static int
rubygems_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct ytree t;
	const struct ynode *root;

	if (ytree_load(&t, ctx, f, NULL) < 0)
		return 0;
	root = t.root;
	if (!root || root->type != YN_MAP) {
		if (!ynode_null(root))
			ca_warn(ctx, NULL, "not a YAML mapping");
		ytree_wipe(&t);
		return 0;
	}
	for (const struct ynode *k = root->kids; k && k->next;
	     k = k->next->next) {
		const struct ynode *v = k->next;
		struct ca_finding fd;
		const char *host;

		if (!ynode_str(k) || !ynode_str(v))
			continue;
		if (!strcmp(k->val, ":rubygems_api_key") ||
		    !strcmp(k->val, "rubygems_api_key"))
			host = "rubygems.org";
		else if (strstr(k->val, "://"))
			host = ra_host(ctx, k->val, k->len);
		else
			host = ca_printable(ca_scratch(ctx), k->val, k->len,
			    128);
		ra_finding_init(&fd, "rubygems.api-key", "rubygems-api-key");
		fd.identity = host;
		fd.line = v->line;
		fd.detail = arena_printf(ca_scratch(ctx),
		    "RubyGems API key "
		    "for %s (gem push)",
		    host);
		ra_emit_secret(ctx, f, &fd, v->val, v->len);
	}
	ytree_wipe(&t);
	return 0;
}

/* clang-format off */
static const char *const rubygems_claims[] = {
	"**/.gem/credentials",
	"**/.local/share/gem/credentials",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc rubygems_rules[] = {
	{ "rubygems.api-key", "rubygems-api-key",
	  ":rubygems_api_key: or a per-host key in ~/.gem/credentials" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_rubygems = {
	.name = "rubygems",
	.surface = "registry",
	.summary = "RubyGems API keys (~/.gem/credentials)",
	.version = 1,
	.claims = rubygems_claims,
	.rules = rubygems_rules,
	.scan_file = rubygems_scan_file,
};
