/* fuzz_gcp_json.c - libFuzzer harness for the Google Cloud text files: the
 * first byte picks ADC, a legacy adc.json, a legacy .boto, a service-
 * account key file, or a configuration (the same bytes are also the
 * active configuration, and a credential_file_override target); the rest
 * is the content. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_gcp;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define GDIR "/home/f/.config/gcloud/"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[] = "credatlas-fuzz-key";
	static const char *const names[] = {
		GDIR "application_default_credentials.json",
		GDIR "legacy_credentials/a@b.c/adc.json",
		GDIR "legacy_credentials/a@b.c/.boto",
		"/home/f/proj/proj-1-0123456789ab.json",
		GDIR "configurations/config_default",
	};
	struct ca_target *t;
	struct ca_inventory *inv;
	const char *path;

	if (!size)
		return 0;
	path = names[data[0] % 5];
	t = ca_target_mem_new();
	inv = ca_inventory_new();
	ca_target_mem_add(t, path, data + 1, size - 1, 0600, 1000);
	if (data[0] % 5 != 4)
		ca_target_mem_add(t, GDIR "configurations/config_default",
		    data + 1, size - 1, 0600, 1000);
	ca_target_mem_add(t, GDIR "active_config", "default", 7, 0600, 1000);
	ca_target_mem_add(t, "/home/f/override.json", data + 1, size - 1, 0600,
	    1000);
	ca_scan_one_file(t, &ca_scanner_gcp, path, "/home/f", key,
	    sizeof(key) - 1, inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	return 0;
}
