/* fuzz_registry.c - libFuzzer harness for the registry surface modules
 * (docker, podman, helm, npm, yarn, pypi, pip, cargo, rubygems, maven,
 * gradle, nuget, composer): the first byte picks the module and file, the
 * rest is its content. The settings-security.xml a maven settings.xml
 * looks for holds the same bytes. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_docker, ca_scanner_podman,
    ca_scanner_helm, ca_scanner_npm, ca_scanner_yarn, ca_scanner_pypi,
    ca_scanner_pip, ca_scanner_cargo, ca_scanner_rubygems, ca_scanner_maven,
    ca_scanner_gradle, ca_scanner_nuget, ca_scanner_composer;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOME "/home/f"

static const struct {
	const struct ca_scanner *s;
	const char *path;
} cases[] = {
	{ &ca_scanner_docker, HOME "/.docker/config.json" },
	{ &ca_scanner_docker, HOME "/.dockercfg" },
	{ &ca_scanner_podman, "/run/user/1000/containers/auth.json" },
	{ &ca_scanner_helm, HOME "/.config/helm/registry/config.json" },
	{ &ca_scanner_helm, HOME "/.config/helm/repositories.yaml" },
	{ &ca_scanner_npm, HOME "/.npmrc" },
	{ &ca_scanner_yarn, HOME "/.yarnrc.yml" },
	{ &ca_scanner_yarn, HOME "/.yarnrc" },
	{ &ca_scanner_pypi, HOME "/.pypirc" },
	{ &ca_scanner_pip, HOME "/.config/pip/pip.conf" },
	{ &ca_scanner_cargo, HOME "/.cargo/credentials.toml" },
	{ &ca_scanner_rubygems, HOME "/.gem/credentials" },
	{ &ca_scanner_maven, HOME "/.m2/settings.xml" },
	{ &ca_scanner_gradle, HOME "/.gradle/gradle.properties" },
	{ &ca_scanner_nuget, HOME "/.nuget/NuGet/NuGet.Config" },
	{ &ca_scanner_composer, HOME "/.config/composer/auth.json" },
};

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
	ca_target_mem_add(t, HOME "/.m2/settings-security.xml", data + 1,
	    size - 1, 0600, 1000);
	ca_scan_one_file(t, cases[c].s, cases[c].path, HOME, key,
	    sizeof(key) - 1, inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	return 0;
}
