/* linode.c - Linode CLI tokens:
 *
 * ~/.config/linode-cli (INI, read with scanners/kit/ini_doc.h): one
 * section per user with token; [DEFAULT] default-user. Named by the user
 * name. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/ini_doc.h"
#include "scanners/kit/secret.h"

static int
linode_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const struct ck_ini_section *def;
	const char *dflt;
	struct ck_ini_doc d;
	int bad = ck_ini_doc_load(ctx, f, &d);

	if (bad)
		ca_warn(ctx, NULL, "malformed INI at line %d", bad);
	def = ck_ini_doc_section(&d, "DEFAULT");
	dflt = def ? ck_ini_doc_get(def, NULL, "default-user") : NULL;
	for (size_t i = 0; i < d.nsec; i++) {
		const struct ck_ini_section *s = &d.sec[i];
		const char *tok = ck_ini_doc_get(s, NULL, "token");
		struct ca_finding fd;
		bool legacy = !strcmp(s->name, "DEFAULT");

		if (!tok || !*s->name)
			continue;
		ca_finding_init(&fd, "linode.token", "linode-token");
		fd.identity = legacy ?
		    NULL :
		    arena_printf(a, "linode user %s",
		        ca_printable_cut(a, s->name, strlen(s->name), 128));
		fd.detail = arena_printf(a,
		    "Linode API token of the "
		    "linode-cli%s",
		    legacy ? " (legacy [DEFAULT] token)" :
		        dflt && !strcmp(dflt, s->name) ? " (default user)" :
		                                         "");
		ca_emit_secret(ctx, f, &fd, tok, strlen(tok));
	}
	ck_ini_doc_wipe(&d);
	return 0;
}

/* clang-format off */
static const char *const linode_claims[] = {
	"**/.config/linode-cli",
	"**/.linode-cli",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc linode_rules[] = {
	{ "linode.token", "linode-token",
	  "token of a linode-cli user section" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_linode = {
	.name = "linode",
	.surface = "cloud",
	.summary = "Linode CLI API tokens",
	.version = 1,
	.claims = linode_claims,
	.rules = linode_rules,
	.scan_file = linode_scan_file,
};
