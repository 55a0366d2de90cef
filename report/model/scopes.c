/* scopes.c - the scope tables; see scopes.h. Rows are tried in order and
 * the first pattern that matches decides, so narrow rows ("read:*",
 * "cloud-platform.read-only") come before broad ones. Scopes are compared
 * lowercased, with "name=level" read as "name:level" and Google's
 * "https://www.googleapis.com/auth/" prefix removed. */
#include "lib/compat.h"
#include <ctype.h>
#include <fnmatch.h>
#include "report/model/scopes.h"
#include "lib/banned.h"

#define R CA_TIER_READ
#define W CA_TIER_WRITE
#define S CA_TIER_SECRET
#define A CA_TIER_ADMIN

/* GitHub classic OAuth and personal-access-token scopes. No classic scope
 * reads other secrets, so none is secret tier. */
/* clang-format off */
static const struct ca_scope_row github_classic[] = {
	{ "read:*", R },               /* read:org, read:packages, ... */
	{ "admin:*", A },              /* admin:org, admin:enterprise, hooks */
	{ "delete_repo", A },
	{ "delete:packages", A },
	{ "site_admin", A },
	{ "manage_*", A },             /* manage_runners:*, manage_billing:* */
	{ "audit_log", A },
	{ "repo", W },
	{ "repo:*", W },               /* repo:status, repo:invite */
	{ "repo_deployment", W },
	{ "public_repo", W },
	{ "workflow", W },
	{ "write:*", W },              /* write:org, write:packages, ... */
	{ "security_events", W },
	{ "gist", W },
	{ "user", W },
	{ "user:follow", W },
	{ "user:email", R },
	{ "project", W },
	{ "codespace", W },
	{ "codespace:*", W },
	{ "copilot", W },
	{ "notifications", R },
};
/* clang-format on */

/* GitHub fine-grained permissions ("contents:write"), as fine-grained
 * tokens and GitHub App tokens carry them. */
/* clang-format off */
static const struct ca_scope_row github_fine[] = {
	{ "administration:write", A },
	{ "organization_administration:write", A },
	{ "members:write", A },
	{ "*secrets:*", S },           /* secrets, dependabot_secrets, ... */
	{ "*:admin", A },
	{ "*:write", W },              /* contents, workflows, packages, ... */
	{ "*:read", R },
};
/* clang-format on */

/* GitLab personal, project and group access token scopes. */
/* clang-format off */
static const struct ca_scope_row gitlab[] = {
	{ "api", A },
	{ "sudo", A },
	{ "admin_mode", A },
	{ "manage_runner", A },
	{ "write_*", W },              /* write_repository, write_registry */
	{ "create_runner", W },
	{ "k8s_proxy", W },
	{ "read_*", R },               /* read_api, read_repository, ... */
	{ "ai_features", R },
	{ "self_rotate", R },
	{ "openid", R },
	{ "profile", R },
	{ "email", R },
};
/* clang-format on */

/* Google OAuth scopes, without the https://www.googleapis.com/auth/
 * prefix. */
/* clang-format off */
static const struct ca_scope_row gcp[] = {
	{ "cloud-platform.read-only", R },
	{ "*.readonly", R },
	{ "*.read_only", R },
	{ "*.read-only", R },
	{ "cloud-platform", A },
	{ "iam", A },                  /* mints tokens for service accounts */
	{ "compute", A },
	{ "devstorage.full_control", A },
	{ "*.admin", A },              /* appengine.admin, sqlservice.admin */
	{ "cloudkms", S },             /* decrypts what KMS protects */
	{ "devstorage.read_write", W },
	{ "sqlservice.login", W },
	{ "openid", R },
	{ "email", R },
	{ "profile", R },
	{ "userinfo.*", R },
	{ "accounts.reauth", R },
};
/* clang-format on */

/* npm token types, as `npm token list` shows them. */
/* clang-format off */
static const struct ca_scope_row npm[] = {
	{ "read-only", R },
	{ "readonly", R },
	{ "publish", W },
	{ "automation", W },
	{ "read-write", W },
};
/* clang-format on */

/* Kubernetes groups and cluster roles a kubeconfig user is bound to. */
/* clang-format off */
static const struct ca_scope_row kube[] = {
	{ "system:masters", A },       /* bound to cluster-admin */
	{ "cluster-admin", A },
	{ "admin", A },
	{ "edit", W },
	{ "view", R },
};
/* clang-format on */

#define TABLE(name, family, rows)                                              \
	{                                                                      \
		name, family, rows, CA_ARRAY_SIZE(rows)                        \
	}

/* clang-format off */
static const struct ca_scope_table tables[] = {
	TABLE("github-classic", "github", github_classic),
	TABLE("github-fine-grained", "github", github_fine),
	TABLE("gitlab", "gitlab", gitlab),
	TABLE("gcp-oauth", "gcp", gcp),
	TABLE("npm-token-type", "npm", npm),
	TABLE("kube-groups", "kube", kube),
};
/* clang-format on */

const struct ca_scope_table *
ca_scope_tables(size_t *count)
{
	*count = CA_ARRAY_SIZE(tables);
	return tables;
}

/* The family is a field of the kind's row (report/model/kinds.c): no
 * kind is matched by its name here. */
const char *
ca_scope_family(const char *kind)
{
	const struct ca_kind *k = ca_kind_find(kind);

	return k ? k->scope_family : NULL;
}

/* Writes the comparable form of 'scope' into 'out'. Returns false when it
 * does not fit (no table has scopes that long). */
static bool
normalize(const char *scope, char *out, size_t size)
{
	static const char gprefix[] = "https://www.googleapis.com/auth/";
	size_t n = 0;

	if (!strncmp(scope, gprefix, sizeof(gprefix) - 1))
		scope += sizeof(gprefix) - 1;
	for (; *scope; scope++) {
		unsigned char ch = (unsigned char)*scope;
		if (ch == ' ')
			continue;
		if (n + 1 >= size)
			return false;
		out[n++] = ch == '=' ? ':' : (char)tolower(ch);
	}
	out[n] = '\0';
	return n > 0;
}

int
ca_scope_tier(const char *kind, const char *scope, const char **table)
{
	const char *fam = ca_scope_family(kind);
	char s[256];

	if (table)
		*table = NULL;
	if (!fam || !scope || !normalize(scope, s, sizeof(s)))
		return -1;
	for (size_t t = 0; t < CA_ARRAY_SIZE(tables); t++) {
		if (strcmp(tables[t].family, fam))
			continue;
		for (size_t i = 0; i < tables[t].nrows; i++) {
			if (fnmatch(tables[t].rows[i].pattern, s, 0))
				continue;
			if (table)
				*table = tables[t].name;
			return (int)tables[t].rows[i].tier;
		}
	}
	return -1;
}

void
ca_scopes_rate(const char *kind, const char *const *scopes, size_t n,
    struct ca_scope_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->tier = -1;
	for (size_t i = 0; i < n; i++) {
		const char *table;
		int t = ca_scope_tier(kind, scopes[i], &table);
		if (t < 0) {
			if (!v->unmapped)
				v->unmapped = scopes[i];
			v->nunmapped++;
			continue;
		}
		if (t > v->tier) {
			v->tier = t;
			v->decider = scopes[i];
			v->table = table;
		}
	}
}
