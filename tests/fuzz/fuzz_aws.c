/* fuzz_aws.c - libFuzzer harness for the AWS shared files parser: the
 * first byte picks the scanned file (credentials or config) and whether
 * it is reached through AWS_CONFIG_FILE in a .bashrc (aws_env); the rest
 * is its content. The other file of the pair holds the same bytes, so
 * the context read is fuzzed too. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_aws;
extern const struct ca_scanner ca_scanner_aws_env;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOME "/home/f"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[] = "credatlas-fuzz-key";
	static const char rc[] =
	    "export AWS_CONFIG_FILE=~/moved/config\n"
	    "export AWS_SHARED_CREDENTIALS_FILE=\"$HOME/moved/creds\"\n";
	struct ca_target *t;
	struct ca_inventory *inv;
	const char *path;
	unsigned int mode;

	if (!size)
		return 0;
	mode = data[0] % 3;
	t = ca_target_mem_new();
	inv = ca_inventory_new();
	ca_target_mem_add(t, HOME "/.aws/credentials", data + 1, size - 1, 0600,
	    1000);
	ca_target_mem_add(t, HOME "/.aws/config", data + 1, size - 1, 0600,
	    1000);
	if (mode == 2) {
		ca_target_mem_add(t, HOME "/moved/config", data + 1, size - 1,
		    0600, 1000);
		ca_target_mem_add(t, HOME "/moved/creds", data + 1, size - 1,
		    0600, 1000);
		ca_target_mem_add(t, HOME "/.bashrc", rc, sizeof(rc) - 1, 0600,
		    1000);
		ca_scan_one_file(t, &ca_scanner_aws_env, HOME "/.bashrc", HOME,
		    key, sizeof(key) - 1, inv);
	} else {
		path = mode ? HOME "/.aws/config" : HOME "/.aws/credentials";
		ca_scan_one_file(t, &ca_scanner_aws, path, HOME, key,
		    sizeof(key) - 1, inv);
	}
	ca_inventory_free(inv);
	ca_target_free(t);
	return 0;
}
