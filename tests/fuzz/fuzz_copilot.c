/* fuzz_copilot.c - libFuzzer harness for the copilot surface module: the
 * bytes are a github-copilot apps.json, or hosts.json when the first byte
 * is odd. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_copilot;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOME "/home/f"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[] = "credatlas-fuzz-key";
	const char *path = HOME "/.config/github-copilot/apps.json";
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv = ca_inventory_new();

	if (size && (data[0] & 1))
		path = HOME "/.config/github-copilot/hosts.json";
	ca_target_mem_add(t, path, data, size, 0600, 1000);
	ca_scan_one_file(t, &ca_scanner_copilot, path, HOME, key,
	    sizeof(key) - 1, inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	return 0;
}
