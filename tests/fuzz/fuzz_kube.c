/* fuzz_kube.c - libFuzzer harness for the kube surface module: the bytes
 * are a kubeconfig; the files its users may name (tokenFile, client-key,
 * client-certificate) exist with the same bytes, so side reads and the
 * X.509 parser are fuzzed too. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_kube;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOME "/home/f"
#define PATH HOME "/.kube/config"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[] = "credatlas-fuzz-key";
	static const char *const side[] = {
		HOME "/.kube/token",
		HOME "/.kube/client.crt",
		HOME "/.kube/client.key",
	};
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv = ca_inventory_new();

	ca_target_mem_add(t, PATH, data, size, 0600, 1000);
	for (size_t i = 0; i < CA_ARRAY_SIZE(side); i++)
		ca_target_mem_add(t, side[i], data, size, 0600, 1000);
	ca_scan_one_file(t, &ca_scanner_kube, PATH, HOME, key, sizeof(key) - 1,
	    inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	return 0;
}
