/* helm.c - Helm credentials:
 *
 *   ~/.config/helm/registry/config.json  `helm registry login`, written in
 *                                        the docker config format (auths,
 *                                        credsStore, credHelpers)
 *   ~/.config/helm/repositories.yaml     repositories: [{name, url,
 *                                        username, password, ...}]
 *
 * (macOS keeps both under ~/Library/Preferences/helm.) */
#include "lib/compat.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/yaml_tree.h"
#include "scanners/surfaces/registry/regauth.h"

static const struct ra_docker_rules helm_rules_ids = {
	.auth = "helm.registry-auth",
	.identity = "helm.registry-identity-token",
	.registry = "helm.registry-token",
	.helper = "helm.credential-helper",
	.tool = "helm",
};

static void
helm_repositories(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct ytree t;
	const struct ynode *repos;

	if (ytree_load(&t, ctx, f, NULL) < 0)
		return;
	if (!t.root || t.root->type != YN_MAP) {
		if (!ynode_null(t.root))
			ca_warn(ctx, NULL, "not a YAML mapping");
		ytree_wipe(&t);
		return;
	}
	repos = ynode_get(t.root, "repositories");
	for (const struct ynode *r =
	         repos && repos->type == YN_SEQ ? repos->kids : NULL;
	     r; r = r->next) {
		const struct ynode *pw = ynode_get(r, "password");
		const struct ynode *user = ynode_get(r, "username");
		const struct ynode *url = ynode_get(r, "url");
		const struct ynode *name = ynode_get(r, "name");
		struct ca_finding fd;
		const char *host;

		if (r->type != YN_MAP || !ynode_str(pw))
			continue;
		host = ynode_str(url) ?
		    ra_host(ctx, url->val, url->len) :
		    ynode_str(name) ?
		    ca_printable(ca_scratch(ctx), name->val, name->len, 128) :
		    "(no url)";
		ra_finding_init(&fd, "helm.repository-password",
		    "helm-repository-password");
		fd.identity = ynode_str(user) ?
		    ra_identity(ctx, user->val, user->len, host) :
		    host;
		fd.line = pw->line;
		fd.detail = arena_printf(ca_scratch(ctx),
		    "Helm chart "
		    "repository '%s' password",
		    ynode_str(name) ? ca_printable(ca_scratch(ctx), name->val,
		                          name->len, 128) :
		                      host);
		ra_emit_secret(ctx, f, &fd, pw->val, pw->len);
	}
	ytree_wipe(&t);
}

static int
helm_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	json_t *doc;

	if (!strcmp(f->name, "repositories.yaml")) {
		helm_repositories(ctx, f);
		return 0;
	}
	doc = ra_load_json(ctx, f);
	if (!doc)
		return 0;
	ra_docker_auths(ctx, f, doc, &helm_rules_ids);
	ck_json_free(doc);
	return 0;
}

/* clang-format off */
static const char *const helm_claims[] = {
	"**/.config/helm/registry/config.json",
	"**/.config/helm/repositories.yaml",
	"**/Library/Preferences/helm/registry/config.json",
	"**/Library/Preferences/helm/repositories.yaml",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc helm_rules[] = {
	{ "helm.credential-helper", "docker-credential-helper",
	  "credsStore or credHelpers in the Helm registry config.json (never "
	  "run)" },
	{ "helm.registry-auth", "docker-registry-auth",
	  "OCI registry login in the Helm registry config.json" },
	{ "helm.registry-identity-token", "docker-identity-token",
	  "identitytoken in the Helm registry config.json" },
	{ "helm.registry-token", "docker-registry-token",
	  "registrytoken in the Helm registry config.json" },
	{ "helm.repository-password", "helm-repository-password",
	  "password of a chart repository in repositories.yaml" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_helm = {
	.name = "helm",
	.surface = "registry",
	.summary = "Helm registry logins and chart repository passwords",
	.version = 1,
	.claims = helm_claims,
	.rules = helm_rules,
	.scan_file = helm_scan_file,
};
