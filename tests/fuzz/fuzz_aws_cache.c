/* fuzz_aws_cache.c - libFuzzer harness for the AWS cache files: the first
 * byte picks the SSO token cache, the CLI cache or the boto3 cache; the
 * rest is the JSON. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_aws_cache;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOME "/home/f"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[] = "credatlas-fuzz-key";
	static const char *const names[] = {
		HOME "/.aws/sso/cache/0123456789abcdef0123456789abcdef01234567"
		     ".json",
		HOME "/.aws/cli/cache/0123456789abcdef0123456789abcdef01234567"
		     ".json",
		HOME "/.aws/boto/cache/0123456789abcdef0123456789abcdef0123456"
		     "7.json",
	};
	struct ca_target *t;
	struct ca_inventory *inv;
	const char *path;

	if (!size)
		return 0;
	path = names[data[0] % 3];
	t = ca_target_mem_new();
	inv = ca_inventory_new();
	ca_target_mem_add(t, path, data + 1, size - 1, 0600, 1000);
	ca_scan_one_file(t, &ca_scanner_aws_cache, path, HOME, key,
	    sizeof(key) - 1, inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	return 0;
}
