/* password_store.c - password managers and keyrings, reported by their
 * presence only (nothing is decrypted): whoever unlocks one holds every
 * secret inside, so each is a secret-tier store.
 *
 *   pass / gopass     <store>/.gpg-id (the owner's GPG key ids): one per
 *                     store, ~/.password-store and gopass mounts;
 *   KeePass           *.kdbx / *.kdb, told by their signature;
 *   GNOME keyring     <name>.keyring in ~/.local/share/keyrings (GnomeKeyring
 *                     magic);
 *   KWallet           <name>.kwl in ~/.local/share/kwalletd (KWALLET magic);
 *   macOS Keychain    ~/Library/Keychains/<name>.keychain-db ("kych");
 *   Bitwarden CLI     "Bitwarden CLI/data.json": the logged-in account's
 *                     e-mail;
 *   1Password CLI     ~/.config/op/config (~/.op/config): the accounts
 *                     signed in; a v1 'accountKey' (the Secret Key) is a
 *                     secret of its own;
 *   GnuPG             ~/.gnupg/private-keys-v1.d/<keygrip>.key: a
 *                     'private-key' is unprotected (a credential), a
 *                     'protected-private-key' needs its passphrase and a
 *                     'shadowed-private-key' lives on a smartcard (not
 *                     on disk: not reported). */
#include "lib/compat.h"
#include "lib/str.h"
#include <ctype.h>
#include <jansson.h>
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/secret.h"

/* A store finding: a reference to the file, never its bytes. */
static void
store_emit(struct ca_ctx *ctx, const struct ca_file *f, const char *rule,
    const char *identity, const char *detail)
{
	struct ca_finding fd;

	ca_finding_init(&fd, rule, "password-store");
	fd.ref = arena_printf(ca_scratch(ctx), "%s:%s", rule, f->path);
	fd.identity = identity;
	fd.detail = detail;
	fd.standing = 1;
	ca_emit(ctx, &fd);
}

/* The directory holding 'f', printable. */
static const char *
dir_of(struct ca_ctx *ctx, const struct ca_file *f)
{
	const char *slash = strrchr(f->path, '/');

	return ca_printable(ca_scratch(ctx), f->path,
	    slash ? (size_t)(slash - f->path) : 0, 200);
}

static bool
has_magic(const struct ca_file *f, const void *magic, size_t n)
{
	return f->len >= n && !memcmp(f->data, magic, n);
}

static void
scan_gpg_id(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const char *s = f->data;
	size_t n = strcspn(s, "\r\n");
	const char *dir = dir_of(ctx, f);
	bool gopass = strstr(f->path, "/gopass/") != NULL;

	ca_trim(&s, &n);
	store_emit(ctx, f,
	    gopass ? "password_store.gopass" : "password_store.pass",
	    n ? ca_printable(a, s, n, 128) : "(no GPG id)",
	    arena_printf(a,
	        "%s store %s: its entries are "
	        "GPG-encrypted to the key in .gpg-id",
	        gopass ? "gopass" : "pass", dir));
}

static void
scan_keepass(struct ca_ctx *ctx, const struct ca_file *f)
{
	static const unsigned char sig1[] = { 0x03, 0xd9, 0xa2, 0x9a };
	const unsigned char *d = (const unsigned char *)f->data;
	const char *version;

	if (!has_magic(f, sig1, sizeof(sig1)) || f->len < 12)
		return; /* not a KeePass database, whatever its name */
	if (d[4] == 0x67 && d[5] == 0xfb && d[6] == 0x4b && d[7] == 0xb5)
		version = "KeePass 2.x (KDBX)";
	else if (d[4] == 0x65 && d[5] == 0xfb && d[6] == 0x4b && d[7] == 0xb5)
		version = "KeePass 1.x (KDB)";
	else
		return;
	store_emit(ctx, f, "password_store.keepass",
	    ca_printable(ca_scratch(ctx), f->name, strlen(f->name), 128),
	    arena_printf(ca_scratch(ctx),
	        "%s database: every entry opens "
	        "with its master password or key file",
	        version));
}

static void
scan_keyring(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const char *dot = strrchr(f->name, '.');
	const char *name = ca_printable(a, f->name,
	    dot ? (size_t)(dot - f->name) : strlen(f->name), 128);

	if (ca_ends_with(f->name, ".keychain-db") ||
	    ca_ends_with(f->name, ".keychain")) {
		if (!has_magic(f, "kych", 4))
			return;
		store_emit(ctx, f, "password_store.keychain",
		    arena_printf(a, "keychain %s", name),
		    "macOS keychain: "
		    "unlocked by the login password, it holds saved "
		    "passwords, keys and tokens of every application");
	} else if (ca_ends_with(f->name, ".keyring")) {
		if (!has_magic(f, "GnomeKeyring\n\r\0\n", 16))
			return;
		store_emit(ctx, f, "password_store.gnome-keyring",
		    arena_printf(a, "keyring %s", name),
		    "GNOME keyring file "
		    "(Secret Service): unlocked by the login password, it "
		    "holds the secrets of every application using it");
	} else {
		if (!has_magic(f, "KWALLET\n\r\0\r\n", 12))
			return;
		store_emit(ctx, f, "password_store.kwallet",
		    arena_printf(a, "wallet %s", name),
		    "KDE wallet: "
		    "unlocked by its password, it holds the secrets of every "
		    "application using it");
	}
}

static void
scan_bitwarden(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	json_t *root = ck_json_load_warn(ctx, f);
	const char *email = NULL, *active;

	if (!root)
		return;
	/* current: {activeUserId, <id>: {profile: {email}}}; older CLIs
	 * kept userEmail at the top */
	active = json_string_value(json_object_get(root, "activeUserId"));
	if (active)
		email = json_string_value(json_object_get(
		    json_object_get(json_object_get(root, active), "profile"),
		    "email"));
	if (!email)
		email = json_string_value(json_object_get(root, "userEmail"));
	store_emit(ctx, f, "password_store.bitwarden",
	    email ? ca_printable(a, email, strlen(email), 128) :
	            "(no account logged in)",
	    email ? "Bitwarden CLI data: the "
	            "encrypted vault and login tokens of a signed-in account" :
	            "Bitwarden CLI data (no account signed in)");
	ck_json_free(root);
}

static void
scan_onepassword(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	json_t *root = ck_json_load_warn(ctx, f), *accounts, *acc;
	const char **scopes;
	const char *owner = NULL;
	size_t i, n;

	if (!root)
		return;
	accounts = json_object_get(root, "accounts");
	n = json_is_array(accounts) ? json_array_size(accounts) : 0;
	if (n > 64)
		n = 64;
	scopes = arena_zalloc(a, (n + 1) * sizeof(*scopes));
	for (i = 0; i < n; i++) {
		const char *email, *url, *key;
		size_t kl;

		acc = json_array_get(accounts, i);
		email = json_string_value(json_object_get(acc, "email"));
		url = json_string_value(json_object_get(acc, "url"));
		scopes[i] = arena_printf(a, "%s at %s",
		    email ? ca_printable(a, email, strlen(email), 128) : "?",
		    url ? ca_printable(a, url, strlen(url), 128) : "?");
		if (!owner && email)
			owner = ca_printable(a, email, strlen(email), 128);
		/* op v1 kept the Secret Key (A3-...) here: half of what
		 * unlocks the account, and a secret of its own */
		if ((key = ck_json_str(acc, "accountKey", &kl)) && kl) {
			struct ca_finding fd;
			ca_finding_init(&fd, "password_store.onepassword-key",
			    "onepassword-secret-key");
			fd.identity = email ?
			    ca_printable(a, email, strlen(email), 128) :
			    "(1Password account)";
			fd.detail = "1Password Secret Key kept by op v1: with "
			            "the master password it opens the account";
			fd.preview_prefix = kl > 3 && !memcmp(key, "A3-", 3) ?
			    3 :
			    0;
			ca_emit_secret(ctx, f, &fd, key, kl);
		}
	}
	{
		struct ca_finding fd;

		ca_finding_init(&fd, "password_store.onepassword",
		    "password-store");
		fd.ref = arena_printf(a, "password_store.onepassword:%s",
		    f->path);
		fd.identity = owner ? owner : "(no account signed in)";
		fd.scopes = n ? scopes : NULL;
		fd.standing = 1;
		fd.detail = arena_printf(a,
		    "1Password CLI configuration: %zu "
		    "account%s signed in on this machine (sessions live in "
		    "OP_SESSION_* variables)",
		    n, n == 1 ? "" : "s");
		ca_emit(ctx, &fd);
	}
	ck_json_free(root);
}

/* GnuPG's private-keys-v1.d: the extended format ("Key: (private-key
 * ...") or a canonical S-expression ("(11:private-key..."). */
static void
scan_gpg_key(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const char *dot = strrchr(f->name, '.');
	const char *grip = ca_printable(a, f->name,
	    dot ? (size_t)(dot - f->name) : strlen(f->name), 64);
	size_t head = f->len < 4096 ? f->len : 4096;
	const char *kind;
	struct ca_finding fd;

	if (memmem(f->data, head, "shadowed-private-key", 20))
		return; /* a stub: the key is on a smartcard */
	if (memmem(f->data, head, "protected-private-key", 21))
		kind = "gpg-private-key-protected";
	else if (memmem(f->data, head, "private-key", 11))
		kind = "gpg-private-key";
	else {
		ca_warn(ctx, NULL, "not a GnuPG key file");
		return;
	}
	ca_finding_init(&fd,
	    strcmp(kind, "gpg-private-key") ?
	        "password_store.gpg-key-protected" :
	        "password_store.gpg-key",
	    kind);
	fd.line = 1;
	fd.identity = arena_printf(a, "keygrip %s", grip);
	fd.detail = strcmp(kind, "gpg-private-key") ?
	    "GnuPG secret key, protected by its passphrase" :
	    "GnuPG secret key stored without a passphrase: it signs and "
	    "decrypts (a pass store, mail) as its owner";
	/* the key file is the secret: the same key elsewhere is one
	 * credential */
	fd.secret = f->data;
	fd.secret_len = f->len;
	ca_emit(ctx, &fd);
}

static int
password_store_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	if (!strcmp(f->name, ".gpg-id"))
		scan_gpg_id(ctx, f);
	else if (ca_ends_with(f->name, ".kdbx") ||
	    ca_ends_with(f->name, ".kdb"))
		scan_keepass(ctx, f);
	else if (ca_ends_with(f->name, ".keyring") ||
	    ca_ends_with(f->name, ".kwl") ||
	    ca_ends_with(f->name, ".keychain-db") ||
	    ca_ends_with(f->name, ".keychain"))
		scan_keyring(ctx, f);
	else if (!strcmp(f->name, "data.json"))
		scan_bitwarden(ctx, f);
	else if (!strcmp(f->name, "config"))
		scan_onepassword(ctx, f);
	else if (ca_ends_with(f->name, ".key"))
		scan_gpg_key(ctx, f);
	return 0;
}

/* clang-format off */
static const char *const password_store_claims[] = {
	"**/.password-store/.gpg-id",
	"**/.local/share/gopass/stores/*/.gpg-id",
	"**/*.kdbx",
	"**/*.kdb",
	"**/.local/share/keyrings/*.keyring",
	"**/.gnome2/keyrings/*.keyring",
	"**/.local/share/kwalletd/*.kwl",
	"**/.kde/share/apps/kwallet/*.kwl",
	"**/.kde4/share/apps/kwallet/*.kwl",
	"**/Library/Keychains/*.keychain-db",
	"**/Library/Keychains/*.keychain",
	"**/.config/Bitwarden CLI/data.json",
	"**/Library/Application Support/Bitwarden CLI/data.json",
	"**/.config/op/config",
	"**/.op/config",
	"**/.gnupg/private-keys-v1.d/*.key",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc password_store_rules[] = {
	{ "password_store.bitwarden", "password-store",
	  "Bitwarden CLI data.json (presence, account e-mail)" },
	{ "password_store.gnome-keyring", "password-store",
	  "GNOME keyring file (presence)" },
	{ "password_store.gopass", "password-store",
	  "gopass store (.gpg-id)" },
	{ "password_store.gpg-key", "gpg-private-key",
	  "GnuPG secret key without a passphrase (private-keys-v1.d)" },
	{ "password_store.gpg-key-protected", "gpg-private-key-protected",
	  "passphrase-protected GnuPG secret key (private-keys-v1.d)" },
	{ "password_store.keepass", "password-store",
	  "KeePass database (.kdbx, .kdb; by signature)" },
	{ "password_store.keychain", "password-store",
	  "macOS keychain file (presence)" },
	{ "password_store.kwallet", "password-store",
	  "KDE wallet file (presence)" },
	{ "password_store.onepassword", "password-store",
	  "1Password CLI config (accounts signed in)" },
	{ "password_store.onepassword-key", "onepassword-secret-key",
	  "1Password Secret Key kept in an op v1 config" },
	{ "password_store.pass", "password-store",
	  "pass store (~/.password-store/.gpg-id)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_password_store = {
	.name = "password_store",
	.surface = "host",
	.summary = "password managers, keyrings and GnuPG secret keys "
	           "(presence only, never decrypted)",
	.version = 1,
	.claims = password_store_claims,
	.rules = password_store_rules,
	.scan_file = password_store_scan_file,
};
