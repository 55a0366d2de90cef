/* fuzz_gcp_env.c - libFuzzer harness for the gcp_env module and the
 * kit's shell rc reader (scanners/kit/shellrc.c): the bytes are a .bashrc
 * and also the files it most likely names (a key file, and the ADC and
 * configuration of a moved gcloud directory), so an assignment that
 * parses is followed into gcp.c's parsers. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_gcp_env;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOME "/home/f"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[] = "credatlas-fuzz-key";
	static const char *const side[] = {
		HOME "/k.json",
		HOME "/g/application_default_credentials.json",
		HOME "/g/configurations/config_default",
	};
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv = ca_inventory_new();

	ca_target_mem_add(t, HOME "/.bashrc", data, size, 0600, 1000);
	for (size_t i = 0; i < CA_ARRAY_SIZE(side); i++)
		ca_target_mem_add(t, side[i], data, size, 0600, 1000);
	ca_target_mem_add(t, HOME "/g/active_config", "default", 7, 0600, 1000);
	ca_scan_one_file(t, &ca_scanner_gcp_env, HOME "/.bashrc", HOME, key,
	    sizeof(key) - 1, inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	return 0;
}
