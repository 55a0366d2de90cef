/* fuzz_azure.c - libFuzzer harness for the azure surface module: the
 * first byte picks the file (token cache, service principals, legacy
 * accessTokens.json, azureProfile.json), the rest is its content. A
 * profile beside the token cache is the same bytes, so the side read is
 * fuzzed too. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_azure;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DIR "/home/f/.azure/"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[] = "credatlas-fuzz-key";
	static const char *const names[] = {
		DIR "msal_token_cache.json",
		DIR "service_principal_entries.json",
		DIR "accessTokens.json",
		DIR "azureProfile.json",
	};
	struct ca_target *t;
	struct ca_inventory *inv;
	const char *path;

	if (!size)
		return 0;
	path = names[data[0] % 4];
	t = ca_target_mem_new();
	inv = ca_inventory_new();
	ca_target_mem_add(t, path, data + 1, size - 1, 0600, 1000);
	if (data[0] % 4 == 0)
		ca_target_mem_add(t, DIR "azureProfile.json", data + 1,
		    size - 1, 0600, 1000);
	ca_scan_one_file(t, &ca_scanner_azure, path, "/home/f", key,
	    sizeof(key) - 1, inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	return 0;
}
