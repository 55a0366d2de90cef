/* fuzz_browser.c - libFuzzer harness for the browser stores: the first
 * byte picks the file (Chromium Cookies, Login Data, Firefox
 * cookies.sqlite or logins.json), whether the SQLite magic is forced onto
 * the bytes (so mutations reach the pages, not only the header check),
 * and whether a -wal file and a Local State sit beside it; the rest is the
 * file. Seed it with the stores tests/e2e/browser_fixtures.py builds. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_chromium;
extern const struct ca_scanner ca_scanner_firefox;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CDIR "/home/f/.config/google-chrome/"
#define FDIR "/home/f/.mozilla/firefox/"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[] = "credatlas-fuzz-key";
	static const char magic[16] = "SQLite format 3";
	static const char *const paths[] = {
		CDIR "Default/Network/Cookies",
		CDIR "Default/Login Data",
		FDIR "a.default/cookies.sqlite",
		FDIR "a.default/logins.json",
	};
	static const char state[] =
	    "{\"profile\":{\"info_cache\":{\"Default\":"
	    "{\"name\":\"n\",\"user_name\":\"u@example.com\"}}}}";
	static const char ini[] = "[Profile0]\nName=x\nPath=a.default\n";
	const struct ca_scanner *s;
	struct ca_target *t;
	struct ca_inventory *inv;
	const char *path;
	char wal[128];
	unsigned char *copy;
	size_t n;

	if (!size)
		return 0;
	path = paths[data[0] & 3];
	s = (data[0] & 3) < 2 ? &ca_scanner_chromium : &ca_scanner_firefox;
	n = size - 1;
	copy = malloc(n ? n : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, n);
	if ((data[0] & 4) && n >= sizeof(magic))
		memcpy(copy, magic, sizeof(magic));
	t = ca_target_mem_new();
	inv = ca_inventory_new();
	ca_target_mem_add(t, path, copy, n, 0600, 1000);
	if (data[0] & 8) {
		snprintf(wal, sizeof(wal), "%s-wal", path);
		ca_target_mem_add(t, wal, "x", 1, 0600, 1000);
		ca_target_mem_add(t, CDIR "Local State", state,
		    sizeof(state) - 1, 0600, 1000);
		ca_target_mem_add(t, FDIR "profiles.ini", ini, sizeof(ini) - 1,
		    0600, 1000);
		ca_target_mem_add(t, FDIR "a.default/key4.db", "k", 1, 0600,
		    1000);
	}
	ca_scan_one_file(t, s, path, "/home/f", key, sizeof(key) - 1, inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	free(copy);
	return 0;
}
