/* registry.c - the one table of surface modules.
 *
 * Adding a surface: write scanners/surfaces/<surface>/<name>.c exporting
 * 'const struct ca_scanner ca_scanner_<name>' and add X(<name>) below, in
 * name order (a unit test checks order and uniqueness). */
#include "lib/compat.h"
#include "scanners/core/registry.h"

/* One module a line, in name order, so that two branches adding modules
 * meet as two added lines. */
/* clang-format off */
#define CA_SCANNER_LIST(X) \
	X(aws) \
	X(aws_cache) \
	X(aws_env) \
	X(azure) \
	X(cargo) \
	X(chromium) \
	X(claude) \
	X(codex) \
	X(composer) \
	X(copilot) \
	X(docker) \
	X(doctl) \
	X(dotenv) \
	X(firefox) \
	X(fly) \
	X(gcp) \
	X(gcp_env) \
	X(gemini) \
	X(gh) \
	X(gha_runner) \
	X(gha_workflow) \
	X(git_credentials) \
	X(gitconfig) \
	X(gitlab_ci) \
	X(gitlab_runner) \
	X(goose) \
	X(gradle) \
	X(helm) \
	X(jenkins) \
	X(kube) \
	X(linode) \
	X(mail) \
	X(maven) \
	X(mcp) \
	X(msmtp) \
	X(mycnf) \
	X(netlify) \
	X(netrc) \
	X(npm) \
	X(nuget) \
	X(oci) \
	X(other_ci) \
	X(password_store) \
	X(pgpass) \
	X(pip) \
	X(podman) \
	X(pypi) \
	X(railway) \
	X(rubygems) \
	X(shell_history) \
	X(shell_rc) \
	X(ssh) \
	X(supabase) \
	X(terraform) \
	X(vault) \
	X(vercel) \
	X(wrangler) \
	X(yarn)
/* clang-format on */

#define CA_DECLARE(name) extern const struct ca_scanner ca_scanner_##name;
#define CA_ENTRY(name)   &ca_scanner_##name,

CA_SCANNER_LIST(CA_DECLARE)

static const struct ca_scanner *const scanners[] = { CA_SCANNER_LIST(CA_ENTRY)
	    NULL };

const struct ca_scanner *const *
ca_scanners(size_t *count)
{
	*count = CA_ARRAY_SIZE(scanners) - 1;
	return scanners;
}

const struct ca_scanner *
ca_scanner_find(const char *name)
{
	for (size_t i = 0; scanners[i]; i++)
		if (!strcmp(scanners[i]->name, name))
			return scanners[i];
	return NULL;
}
