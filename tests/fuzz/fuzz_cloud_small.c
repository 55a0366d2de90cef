/* fuzz_cloud_small.c - libFuzzer harness for the small cloud CLI modules,
 * one file each in scanners/surfaces/cloud/ (terraform, vault, doctl,
 * wrangler, fly, vercel, netlify, oci, supabase, railway, linode) and the
 * kit readers they use (hcl, ini_doc): the first byte picks the module
 * and file, the rest is its content. Files a config may name (an OCI key_file,
 * a sibling config.json) hold the same bytes. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_terraform, ca_scanner_vault,
    ca_scanner_doctl, ca_scanner_wrangler, ca_scanner_fly, ca_scanner_vercel,
    ca_scanner_netlify, ca_scanner_oci, ca_scanner_supabase, ca_scanner_railway,
    ca_scanner_linode;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOME "/home/f"

static const struct {
	const struct ca_scanner *s;
	const char *path;
} cases[] = {
	{ &ca_scanner_terraform, HOME "/.terraform.d/credentials.tfrc.json" },
	{ &ca_scanner_terraform, HOME "/.terraformrc" },
	{ &ca_scanner_vault, HOME "/.vault-token" },
	{ &ca_scanner_vault, HOME "/.vault" },
	{ &ca_scanner_doctl, HOME "/.config/doctl/config.yaml" },
	{ &ca_scanner_wrangler, HOME "/.config/.wrangler/config/default.toml" },
	{ &ca_scanner_fly, HOME "/.fly/config.yml" },
	{ &ca_scanner_vercel, HOME "/.local/share/com.vercel.cli/auth.json" },
	{ &ca_scanner_netlify, HOME "/.config/netlify/config.json" },
	{ &ca_scanner_oci, HOME "/.oci/config" },
	{ &ca_scanner_supabase, HOME "/.supabase/access-token" },
	{ &ca_scanner_railway, HOME "/.railway/config.json" },
	{ &ca_scanner_linode, HOME "/.config/linode-cli" },
};

static const char *const side[] = {
	HOME "/.oci/key.pem",
	HOME "/.oci/token",
	HOME "/.local/share/com.vercel.cli/config.json",
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
	for (size_t i = 0; i < CA_ARRAY_SIZE(side); i++)
		ca_target_mem_add(t, side[i], data + 1, size - 1, 0600, 1000);
	ca_scan_one_file(t, cases[c].s, cases[c].path, HOME, key,
	    sizeof(key) - 1, inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	return 0;
}
