/* fuzz_git_credentials.c - libFuzzer harness for the git_credentials
 * surface module: the bytes are a ~/.git-credentials file. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_git_credentials;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOME "/home/f"
#define PATH HOME "/.git-credentials"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[] = "credatlas-fuzz-key";
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv = ca_inventory_new();

	ca_target_mem_add(t, PATH, data, size, 0600, 1000);
	ca_scan_one_file(t, &ca_scanner_git_credentials, PATH, HOME, key,
	    sizeof(key) - 1, inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	return 0;
}
