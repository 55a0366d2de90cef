/* fuzz_ci.c - libFuzzer harness for the CI surface modules
 * (scanners/surfaces/ci/): GitHub Actions workflows through the bounded
 * YAML tree, self-hosted runner directories (.runner with its side files
 * holding the same bytes), gitlab-runner's config.toml and GitLab CI
 * pipelines (an included ci.yml holds the same bytes), and a Jenkins
 * home's credentials.xml, user config.xml and master.key, and the
 * Buildkite, CircleCI, Travis CI, Drone, Woodpecker and Azure Pipelines
 * files of other_ci. The first byte
 * picks the module, the rest is the file. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_gha_workflow, ca_scanner_gha_runner,
    ca_scanner_gitlab_runner, ca_scanner_gitlab_ci, ca_scanner_jenkins,
    ca_scanner_other_ci;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOME "/home/f"

static const struct {
	const struct ca_scanner *s;
	const char *path;
} cases[] = {
	{ &ca_scanner_gha_workflow, HOME "/app/.github/workflows/ci.yml" },
	{ &ca_scanner_gha_runner, HOME "/actions-runner/.runner" },
	{ &ca_scanner_gitlab_runner, HOME "/.gitlab-runner/config.toml" },
	{ &ca_scanner_gitlab_ci, HOME "/app/.gitlab-ci.yml" },
	{ &ca_scanner_jenkins, HOME "/.jenkins/credentials.xml" },
	{ &ca_scanner_jenkins, HOME "/.jenkins/users/u/config.xml" },
	{ &ca_scanner_jenkins, HOME "/.jenkins/secrets/master.key" },
	{ &ca_scanner_jenkins, HOME "/app/Jenkinsfile" },
	{ &ca_scanner_other_ci, HOME "/.buildkite-agent/buildkite-agent.cfg" },
	{ &ca_scanner_other_ci, HOME "/app/.circleci/config.yml" },
	{ &ca_scanner_other_ci, HOME "/app/.travis.yml" },
	{ &ca_scanner_other_ci, HOME "/app/.drone.yml" },
	{ &ca_scanner_other_ci, HOME "/app/.woodpecker/ci.yml" },
	{ &ca_scanner_other_ci, HOME "/app/azure-pipelines.yml" },
};

/* clang-format off */
static const char *const side[] = {
	HOME "/actions-runner/.credentials",
	HOME "/actions-runner/.credentials_rsaparams",
	HOME "/app/ci.yml", /* an include */
	HOME "/.jenkins/secrets/hudson.util.Secret",
};
/* clang-format on */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[] = "credatlas-fuzz-key";
	struct ca_target *t;
	struct ca_inventory *inv;
	size_t c;

	if (!size)
		return 0;
	c = data[0] % CA_ARRAY_SIZE(cases);
	t = ca_target_mem_new();
	inv = ca_inventory_new();
	ca_target_mem_add(t, cases[c].path, data + 1, size - 1, 0600, 1000);
	for (size_t i = 0; i < CA_ARRAY_SIZE(side); i++)
		ca_target_mem_add(t, side[i], data + 1, size - 1, 0600, 1000);
	ca_scan_one_file(t, cases[c].s, cases[c].path, HOME, key,
	    sizeof(key) - 1, inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	return 0;
}
