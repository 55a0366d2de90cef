/* fuzz_gcp_db.c - libFuzzer harness for gcloud's SQLite stores: the first
 * byte picks credentials.db or access_tokens.db, whether the SQLite magic
 * is forced onto the bytes (so mutations reach the pages, not only the
 * header check) and whether a -wal file sits next to it; the rest is the
 * database. Seed it with real stores (testdata/homes/carol.mk.py makes
 * some). */
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
	static const char magic[16] = "SQLite format 3";
	struct ca_target *t;
	struct ca_inventory *inv;
	const char *path;
	unsigned char *copy;
	size_t n;

	if (!size)
		return 0;
	path = data[0] & 1 ? GDIR "access_tokens.db" : GDIR "credentials.db";
	n = size - 1;
	copy = malloc(n ? n : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, n);
	if ((data[0] & 2) && n >= sizeof(magic))
		memcpy(copy, magic, sizeof(magic));
	t = ca_target_mem_new();
	inv = ca_inventory_new();
	ca_target_mem_add(t, path, copy, n, 0600, 1000);
	if (data[0] & 4)
		ca_target_mem_add(t,
		    data[0] & 1 ? GDIR "access_tokens.db-wal" :
		                  GDIR "credentials.db-wal",
		    "x", 1, 0600, 1000);
	ca_target_mem_add(t, GDIR "active_config", "default", 7, 0600, 1000);
	ca_target_mem_add(t, GDIR "configurations/config_default",
	    "[core]\naccount = a@b.c\nproject = p\n", 35, 0600, 1000);
	ca_scan_one_file(t, &ca_scanner_gcp, path, "/home/f", key,
	    sizeof(key) - 1, inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	free(copy);
	return 0;
}
