/* fuzz_host.c - libFuzzer harness for the host secret modules pgpass,
 * mycnf and msmtp: the first byte picks the module, the rest is the
 * file. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_pgpass, ca_scanner_mycnf,
    ca_scanner_msmtp;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOME "/home/f"

static const struct {
	const struct ca_scanner *s;
	const char *path;
} cases[] = {
	{ &ca_scanner_pgpass, HOME "/.pgpass" },
	{ &ca_scanner_mycnf, HOME "/.my.cnf" },
	{ &ca_scanner_msmtp, HOME "/.msmtprc" },
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
	ca_scan_one_file(t, cases[c].s, cases[c].path, HOME, key,
	    sizeof(key) - 1, inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	return 0;
}
