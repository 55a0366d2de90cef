/* fuzz_gitconfig.c - libFuzzer harness for the gitconfig surface module:
 * the bytes are a ~/.gitconfig. Two NUL bytes in a row split off further
 * files the config may name, ~/inc (for include.path) and ~/creds (for
 * `store --file`), so includes and the credential store get explored. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_gitconfig;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOME "/home/f"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[] = "credatlas-fuzz-key";
	static const char *const paths[] = {
		HOME "/.gitconfig",
		HOME "/inc",
		HOME "/creds",
	};
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv = ca_inventory_new();
	const uint8_t *p = data, *end = data + size;

	for (size_t i = 0; i < CA_ARRAY_SIZE(paths); i++) {
		const uint8_t *cut = p;
		while (cut + 1 < end && !(cut[0] == 0 && cut[1] == 0))
			cut++;
		if (cut + 1 >= end || i == CA_ARRAY_SIZE(paths) - 1)
			cut = end;
		ca_target_mem_add(t, paths[i], p, (size_t)(cut - p), 0600,
		    1000);
		if (cut == end)
			break;
		p = cut + 2;
	}
	ca_scan_one_file(t, &ca_scanner_gitconfig, HOME "/.gitconfig", HOME,
	    key, sizeof(key) - 1, inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	return 0;
}
