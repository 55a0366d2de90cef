/* fuzz_host_files.c - libFuzzer harness for the host modules of
 * scanners/surfaces/host/ that parse a format of their own (netrc, shell
 * and REPL histories, .env files, shell start-up files, mail client
 * configs, password stores and keyrings, SSH keys and config): the first
 * byte picks the module and file, the rest is its content. Files a module
 * reads beside the one it scans (an SSH config naming keys, a
 * Thunderbird prefs.js) hold the same bytes. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_netrc, ca_scanner_shell_history,
    ca_scanner_dotenv, ca_scanner_mail, ca_scanner_password_store,
    ca_scanner_ssh, ca_scanner_shell_rc;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOME "/home/f"

static const struct {
	const struct ca_scanner *s;
	const char *path;
} cases[] = {
	{ &ca_scanner_netrc, HOME "/.netrc" },
	{ &ca_scanner_shell_history, HOME "/.bash_history" },
	{ &ca_scanner_shell_history, HOME "/.zsh_history" },
	{ &ca_scanner_shell_history, HOME "/.local/share/fish/fish_history" },
	{ &ca_scanner_shell_history, HOME "/.mysql_history" },
	{ &ca_scanner_shell_history, HOME "/.python_history" },
	{ &ca_scanner_dotenv, HOME "/app/.env.production" },
	{ &ca_scanner_mail, HOME "/.muttrc" },
	{ &ca_scanner_mail, HOME "/.mbsyncrc" },
	{ &ca_scanner_mail, HOME "/.fetchmailrc" },
	{ &ca_scanner_mail, HOME "/.offlineimaprc" },
	{ &ca_scanner_mail, HOME "/.getmail/getmailrc" },
	{ &ca_scanner_mail, HOME "/.thunderbird/p.default/logins.json" },
	{ &ca_scanner_password_store, HOME "/.password-store/.gpg-id" },
	{ &ca_scanner_password_store, HOME "/v.kdbx" },
	{ &ca_scanner_password_store, HOME "/.local/share/keyrings/l.keyring" },
	{ &ca_scanner_password_store, HOME "/.local/share/kwalletd/k.kwl" },
	{ &ca_scanner_password_store, HOME "/.config/Bitwarden CLI/data.json" },
	{ &ca_scanner_password_store, HOME "/.config/op/config" },
	{ &ca_scanner_password_store, HOME "/.gnupg/private-keys-v1.d/A.key" },
	{ &ca_scanner_ssh, HOME "/.ssh/id_ed25519" },
	{ &ca_scanner_ssh, HOME "/.ssh/key.ppk" },
	{ &ca_scanner_ssh, HOME "/.ssh/config" },
	{ &ca_scanner_shell_rc, HOME "/.bashrc" },
};

/* clang-format off */
static const char *const side[] = {
	HOME "/.ssh/config",
	HOME "/k.pem",
	HOME "/.thunderbird/p.default/prefs.js",
	HOME "/.thunderbird/p.default/key4.db",
};
/* clang-format on */

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
		if (strcmp(side[i], cases[c].path))
			ca_target_mem_add(t, side[i], data + 1, size - 1, 0600,
			    1000);
	ca_scan_one_file(t, cases[c].s, cases[c].path, HOME, key,
	    sizeof(key) - 1, inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	return 0;
}
