/* test_host_files.c - the host modules netrc, shell_history, dotenv, mail,
 * password_store and ssh: identity and line per secret, the decoys each
 * format has (comments, placeholders, references, commands that are
 * reported and never run, lines that only mention a password), malformed
 * and huge input, and no secret in any inventory string. All secrets are
 * synthetic. */
#include "tests/unit/scan_unit.h"

extern const struct ca_scanner ca_scanner_netrc, ca_scanner_shell_history,
    ca_scanner_dotenv, ca_scanner_mail, ca_scanner_password_store,
    ca_scanner_ssh, ca_scanner_shell_rc;

#define HOME "/home/ivan"
#define PW1  "PwK7x2Lm9Zr4TqB8"
#define PW2  "PwH3n6Vd1Wc5YsJ0"
#define PW3  "PwR8t4Fg2Kp7XmN1"
#define PW4  "PwQ5s9Hj3Lb6WeD2"

static struct ca_inventory *
scan_text(const struct ca_scanner *s, const char *path, const char *text)
{
	return scan_one(s, path, HOME, text, strlen(text));
}

static const struct ca_credential *
expect_cred(const struct ca_inventory *inv, const char *secret,
    const char *kind, const char *rule, const char *identity, unsigned int line)
{
	const struct ca_credential *c = find_secret(inv, secret);

	if (!c)
		fail_msg("no credential for rule %s (%s)", rule, identity);
	assert_string_equal(c->kind, kind);
	assert_string_equal(c->rule, rule);
	assert_string_equal(c->identity, identity);
	assert_int_equal(c->locations[0].line, line);
	assert_no_secret(inv, secret);
	return c;
}

static void
test_netrc(void **state)
{
	struct ca_inventory *inv;

	(void)state;
	inv = scan_text(&ca_scanner_netrc, HOME "/.netrc",
	    "# heroku\n"
	    "machine api.heroku.com\n"
	    "  login ivan@corp.test\n"
	    "  password " PW1 "\n"
	    "machine ftp.corp.test login ivan password " PW2 "\n"
	    "# machine old.corp.test login ivan password " PW3 "\n"
	    "machine docs.example.test login demo password changeme\n"
	    "machine ftp.example.test login anonymous password a@b.test\n"
	    "machine q.corp.test login \"iv an\" password \"Pw\\\"quoted x\"\n"
	    "macdef init\n"
	    "login mallory password " PW3 "\n"
	    "\n"
	    "default login ivan password " PW4 "\n");
	assert_int_equal(inv->ncreds, 4);
	expect_cred(inv, PW1, "netrc-password", "netrc.password",
	    "ivan@corp.test@api.heroku.com", 4);
	expect_cred(inv, PW2, "netrc-password", "netrc.password",
	    "ivan@ftp.corp.test", 5);
	expect_cred(inv, "Pw\"quoted x", "netrc-password", "netrc.password",
	    "iv an@q.corp.test", 9);
	expect_cred(inv, PW4, "netrc-password", "netrc.password",
	    "ivan@(any host)", 13);
	assert_null(find_secret(inv, PW3));
	assert_int_equal(inv->nerrors, 0);
	ca_inventory_free(inv);

	/* a password without a machine, a dangling keyword, a huge token */
	inv = scan_text(&ca_scanner_netrc, HOME "/.netrc",
	    "password " PW1 "\nmachine x.test login");
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "ends inside an entry"));
	ca_inventory_free(inv);
	{
		size_t n = 1 << 20;
		char *big = malloc(n + 64);

		assert_non_null(big);
		unsigned int x = 7;

		memcpy(big, "machine h.test password \"", 25);
		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			big[25 + i] =
			    "abcdefghijklmnopqrstuvwxyz0123456789"[(x >> 16) %
			        36];
		}
		big[25 + n] = '\0';
		inv = scan_one(&ca_scanner_netrc, HOME "/.netrc", HOME, big,
		    25 + n);
		assert_int_equal(inv->ncreds, 1);
		ca_inventory_free(inv);
		free(big);
	}
}

static void
test_shell_history(void **state)
{
	struct ca_inventory *inv;

	(void)state;
	inv = scan_text(&ca_scanner_shell_history, HOME "/.bash_history",
	    "ls -la\n"
	    "export DB_PASSWORD=" PW1 "\n"
	    "curl -u ivan:" PW2 " https://api.corp.test/v1/status\n"
	    "curl -sH 'x: y' -H 'Authorization: Bearer " PW3 "' "
	    "https://api.corp.test/v1/me\n"
	    "mysql -uroot -p" PW4 " -h mysql.corp.test shop\n"
	    "docker login -u ivan -p PwDock3rL0gin99 registry.corp.test\n"
	    "gh auth login --with-token <<< PwGhT0ken55abc\n"
	    "echo PwPiped7ok3nXY | gh auth login --with-token -h ghe.test\n"
	    "sshpass -p 'PwSsh9pass77' ssh deploy@prod.corp.test\n"
	    "AWS_SECRET=PwEnvPrefix42x make deploy\n"
	    /* decoys */
	    "echo \"I forgot my password again\"\n"
	    "passwd\n"
	    "mysql -u root -p\n"
	    "curl -u ivan https://api.corp.test/v1/status\n"
	    "export API_TOKEN=$(cat ~/.config/api/token)\n"
	    "export DB_PASSWORD=\"${VAULT_DB_PASSWORD}\"\n"
	    "export TOKEN_FILE=/run/secrets/token\n"
	    "export GIT_ASKPASS=/usr/bin/true PWD=/tmp\n"
	    "docker login -u ivan --password-stdin registry.corp.test\n"
	    "# export SECRET=PwCommentedOut1\n"
	    "export NPM_TOKEN=changeme\n"
	    "export GH_TOKEN=ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\n");
	expect_cred(inv, PW1, "history-secret", "shell_history.assignment",
	    "DB_PASSWORD", 2);
	expect_cred(inv, PW2, "history-secret", "shell_history.basic-auth",
	    "ivan@api.corp.test", 3);
	expect_cred(inv, PW3, "history-secret", "shell_history.auth-header",
	    "api.corp.test", 4);
	expect_cred(inv, PW4, "history-secret", "shell_history.mysql-password",
	    "root@mysql.corp.test", 5);
	expect_cred(inv, "PwDock3rL0gin99", "history-secret",
	    "shell_history.login-password", "ivan@registry.corp.test", 6);
	expect_cred(inv, "PwGhT0ken55abc", "history-secret",
	    "shell_history.gh-token", "github.com", 7);
	expect_cred(inv, "PwPiped7ok3nXY", "history-secret",
	    "shell_history.gh-token", "ghe.test", 8);
	expect_cred(inv, "PwSsh9pass77", "history-secret",
	    "shell_history.sshpass", "(ssh)", 9);
	expect_cred(inv, "PwEnvPrefix42x", "history-secret",
	    "shell_history.assignment", "AWS_SECRET", 10);
	assert_int_equal(inv->ncreds, 9);
	assert_null(find_secret(inv, "PwCommentedOut1"));
	ca_inventory_free(inv);

	/* zsh extended lines, fish entries, REPLs, mysql's octal escapes */
	inv = scan_text(&ca_scanner_shell_history, HOME "/.zsh_history",
	    ": 1700000000:0;cd ~\n"
	    ": 1700000012:0;export NPM_TOKEN=" PW1 "\n");
	expect_cred(inv, PW1, "history-secret", "shell_history.assignment",
	    "NPM_TOKEN", 2);
	ca_inventory_free(inv);
	/* zsh's other name and macOS session files are histories too */
	inv = scan_text(&ca_scanner_shell_history,
	    HOME "/.zsh_sessions/6A1B.history",
	    ": 1700000012:0;export NPM_TOKEN=" PW1 "\n");
	assert_true(has_reason(expect_cred(inv, PW1, "history-secret",
	                           "shell_history.assignment", "NPM_TOKEN", 1),
	    "in shell history or a .env file"));
	ca_inventory_free(inv);
	inv = scan_text(&ca_scanner_dotenv, HOME "/deploy/prod.env",
	    "DB_PASSWORD=" PW2 "\n");
	assert_true(has_reason(expect_cred(inv, PW2, "dotenv-secret",
	                           "dotenv.secret", "DB_PASSWORD", 1),
	    "in shell history or a .env file"));
	ca_inventory_free(inv);
	inv = scan_text(&ca_scanner_shell_history,
	    HOME "/.local/share/fish/fish_history",
	    "- cmd: set -x VAULT_TOKEN " PW2 "\n"
	    "  when: 1700000100\n"
	    "- cmd: set -x ANSWER 42\n"
	    "- cmd: echo a\\\\nset -gx GH_TOKEN " PW3 "\n");
	expect_cred(inv, PW2, "history-secret", "shell_history.assignment",
	    "VAULT_TOKEN", 1);
	assert_int_equal(inv->ncreds, 1);
	ca_inventory_free(inv);
	inv = scan_text(&ca_scanner_shell_history, HOME "/.psql_history",
	    "\\dt\n"
	    "ALTER USER app WITH PASSWORD '" PW1 "';\n"
	    "\\password app\n"
	    "select * from users where password = '';\n");
	expect_cred(inv, PW1, "history-secret", "shell_history.sql-password",
	    "app", 2);
	assert_int_equal(inv->ncreds, 1);
	ca_inventory_free(inv);
	inv = scan_text(&ca_scanner_shell_history, HOME "/.mysql_history",
	    "_HiStOrY_V2_\n"
	    "CREATE\\040USER\\040'ro'@'%'\\040IDENTIFIED\\040BY\\040'" PW2
	    "';\n");
	expect_cred(inv, PW2, "history-secret", "shell_history.sql-password",
	    "ro", 2);
	ca_inventory_free(inv);
	inv = scan_text(&ca_scanner_shell_history, HOME "/.python_history",
	    "api_token = \"" PW3 "\"\n"
	    "print(\"password\")\n"
	    "if password == 'x': pass\n"
	    "token = os.environ['TOKEN']\n");
	expect_cred(inv, PW3, "history-secret", "shell_history.assignment",
	    "api_token", 1);
	assert_int_equal(inv->ncreds, 1);
	ca_inventory_free(inv);
	inv = scan_text(&ca_scanner_shell_history, HOME "/.rediscli_history",
	    "AUTH default " PW4 "\nauth\nkeys *\n");
	expect_cred(inv, PW4, "history-secret", "shell_history.redis-auth",
	    "redis", 1);
	ca_inventory_free(inv);
}

static void
test_history_malformed(void **state)
{
	static const char *const paths[] = {
		HOME "/.bash_history",
		HOME "/.zsh_history",
		HOME "/.local/share/fish/fish_history",
		HOME "/.mysql_history",
		HOME "/.psql_history",
	};
	size_t n = 200 * 1024;
	char *big = malloc(n + 1);

	(void)state;
	assert_non_null(big);
	/* unbalanced quotes, lone operators, escapes at the end, a line
	 * over the limit, NULs and high bytes */
	for (size_t i = 0; i < n; i++)
		big[i] = "'\"\\|<;&=x- \n\x83\0:"[i * 7 % 16];
	memcpy(big + 1000, "\nexport A_TOKEN='unterminated", 29);
	memset(big + 5000, 'a', 70 * 1024);
	for (size_t i = 0; i < CA_ARRAY_SIZE(paths); i++) {
		struct ca_inventory *inv = scan_one(&ca_scanner_shell_history,
		    paths[i], HOME, big, n);
		assert_true(inv->ncreds < 5);
		ca_inventory_free(inv);
	}
	free(big);
}

static void
test_dotenv(void **state)
{
	struct ca_inventory *inv;

	(void)state;
	inv = scan_text(&ca_scanner_dotenv, HOME "/projects/api/.env",
	    "# local development\n"
	    "DATABASE_URL=postgres://app:" PW1 "@db.corp.test:5432/app\n"
	    "SECRET_KEY=" PW2 "\n"
	    "export REDIS_PASSWORD=\"" PW3 "\" # inline\n"
	    "API_TOKEN='" PW4 "'\n"
	    "smtpPassword = PwSpaced0ut12 # comment\n"
	    /* decoys */
	    "# SMTP_PASSWORD=PwCommented99x\n"
	    "DEBUG=true\n"
	    "EMPTY_TOKEN=\n"
	    "AUTH_TOKEN=${AUTH_TOKEN}\n"
	    "JWT_SECRET=<your-secret>\n"
	    "NPM_TOKEN=npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\n"
	    "SESSION_SECRET=changeme\n"
	    "TOKEN_PATH=/run/secrets/token\n"
	    "FEATURE_AUTH=enabled\n"
	    "if [ -n \"$x\" ]; then\n");
	assert_null(
	    find_secret(inv, "postgres://app:" PW1 "@db.corp.test:5432/app"));
	expect_cred(inv, PW2, "dotenv-secret", "dotenv.secret", "SECRET_KEY",
	    3);
	expect_cred(inv, PW3, "dotenv-secret", "dotenv.secret",
	    "REDIS_PASSWORD", 4);
	expect_cred(inv, PW4, "dotenv-secret", "dotenv.secret", "API_TOKEN", 5);
	expect_cred(inv, "PwSpaced0ut12", "dotenv-secret", "dotenv.secret",
	    "smtpPassword", 6);
	assert_int_equal(inv->ncreds, 4);
	assert_int_equal(inv->nerrors, 0);
	ca_inventory_free(inv);

	/* the same reader, for shell start-up files */
	inv = scan_text(&ca_scanner_shell_rc, HOME "/.bashrc",
	    "export PATH=\"$HOME/bin:$PATH\"\n"
	    "if [ -f ~/.aliases ]; then . ~/.aliases; fi\n"
	    "export JIRA_API_TOKEN=" PW1 "\n"
	    "export GITHUB_TOKEN=\"${GH_TOKEN}\"\n"
	    "# export OLD_PASSWORD=" PW2 "\n");
	expect_cred(inv, PW1, "shell-rc-secret", "shell_rc.export",
	    "JIRA_API_TOKEN", 3);
	assert_int_equal(inv->ncreds, 1);
	ca_inventory_free(inv);

	/* binary bytes, an unterminated quote, a huge value */
	{
		static const char junk[] =
		    "A_TOKEN=\"Pw\x01\x02\x03unterminated"
		    "\nB_SECRET=\xff\xfe\x00\x01xyzXYZ123\n";
		size_t n = 8192;
		char *big = malloc(n + 16);

		inv = scan_one(&ca_scanner_dotenv, HOME "/x.env", HOME, junk,
		    sizeof(junk) - 1);
		assert_int_equal(inv->ncreds, 0);
		ca_inventory_free(inv);
		assert_non_null(big);
		memcpy(big, "BIG_TOKEN=", 10);
		for (size_t i = 10; i < n; i++)
			big[i] = "Ab1"[i % 3];
		inv = scan_one(&ca_scanner_dotenv, HOME "/.env.local", HOME,
		    big, n);
		assert_int_equal(inv->ncreds, 0);
		ca_inventory_free(inv);
		free(big);
	}
}

static void
test_mail(void **state)
{
	struct ca_inventory *inv;
	const struct ca_credential *c;
	static const struct unit_file tb[] = {
		{ HOME "/.thunderbird/k3x9.default/logins.json",
		    "{\"nextId\":2,\"logins\":[{\"id\":1,\"hostname\":"
		    "\"imap://imap.corp.test\",\"encryptedUsername\":\"MDoEEPg"
		    "AAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECPGqWj0\","
		    "\"encryptedPassword\":\"MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYI"
		    "KoZIhvcNAwcECB1tlIWxjQ\"}],\"version\":3}",
		    0 },
		{ HOME "/.thunderbird/k3x9.default/prefs.js",
		    "user_pref(\"mail.server.server1.hostname\", "
		    "\"imap.corp.test\");\n"
		    "user_pref(\"mail.smtpserver.smtp1.hostname\", "
		    "\"smtp.corp.test\");\n"
		    "user_pref(\"mail.identity.id1.useremail\", "
		    "\"ivan@corp.test\");\n",
		    0 },
		{ HOME "/.thunderbird/k3x9.default/key4.db", "SQLite format 3",
		    0 },
	};

	(void)state;
	inv = scan_text(&ca_scanner_mail, HOME "/.muttrc",
	    "set from = \"ivan@corp.test\"\n"
	    "set imap_user = \"ivan@corp.test\"\n"
	    "set imap_pass = \"" PW1 "\"\n"
	    "set smtp_url = \"smtps://ivan@smtp.corp.test:465/\"\n"
	    "set smtp_pass = `pass show mail/corp`\n"
	    "set folder = \"imaps://imap.corp.test/\"\n"
	    "# set smtp_pass = \"" PW2 "\"\n");
	expect_cred(inv, PW1, "mail-password", "mail.mutt-password",
	    "ivan@corp.test@imap.corp.test", 3);
	c = find_kind(inv, "mail-password-command");
	assert_non_null(c);
	assert_string_equal(c->identity, "ivan@smtp.corp.test");
	assert_null(find_secret(inv, PW2));
	assert_int_equal(inv->ncreds, 2);
	ca_inventory_free(inv);

	inv = scan_text(&ca_scanner_mail, HOME "/.mbsyncrc",
	    "IMAPAccount work\nHost imap.corp.test\nUser ivan\n"
	    "Pass \"" PW1 "\"\n\n"
	    "IMAPStore work-remote\nAccount work\n\n"
	    "IMAPAccount personal\nHost imap.mail.test\nUser ivan@mail.test\n"
	    "PassCmd \"pass show mail/personal\"\n"
	    "IMAPAccount old\nHost imap.old.test\n# Pass " PW2 "\n");
	expect_cred(inv, PW1, "mail-password", "mail.mbsync-password",
	    "ivan@imap.corp.test", 4);
	assert_non_null(find_kind(inv, "mail-password-command"));
	assert_int_equal(inv->ncreds, 2);
	ca_inventory_free(inv);

	inv = scan_text(&ca_scanner_mail, HOME "/.fetchmailrc",
	    "set daemon 300\n"
	    "poll pop.corp.test protocol pop3\n"
	    "    user \"ivan\" there with password \"" PW1 "\" is ivan here\n"
	    "    user bob password " PW3 "\n"
	    "# poll old.test user x password " PW2 "\n"
	    "poll pop.example.test user \"demo\" password \"changeme\"\n");
	expect_cred(inv, PW1, "mail-password", "mail.fetchmail-password",
	    "ivan@pop.corp.test", 3);
	expect_cred(inv, PW3, "mail-password", "mail.fetchmail-password",
	    "bob@pop.corp.test", 4);
	assert_int_equal(inv->ncreds, 2);
	ca_inventory_free(inv);

	inv = scan_text(&ca_scanner_mail, HOME "/.offlineimaprc",
	    "[Repository WorkRemote]\ntype = IMAP\n"
	    "remotehost = imap.corp.test\nremoteuser = ivan\n"
	    "remotepass = " PW1 "\n\n"
	    "[Repository Personal]\nremotehost = imap.mail.test\n"
	    "remoteuser = ivan\nremotepasseval = get_pass(\"personal\")\n");
	expect_cred(inv, PW1, "mail-password", "mail.offlineimap-password",
	    "ivan@imap.corp.test", 5);
	assert_non_null(find_kind(inv, "mail-password-command"));
	ca_inventory_free(inv);

	inv = scan_text(&ca_scanner_mail, HOME "/.getmail/getmailrc",
	    "[retriever]\ntype = SimpleIMAPSSLRetriever\n"
	    "server = imap.corp.test\nusername = ivan\npassword = " PW4 "\n"
	    "[destination]\npath = ~/Maildir/\n");
	expect_cred(inv, PW4, "mail-password", "mail.getmail-password",
	    "ivan@imap.corp.test", 5);
	ca_inventory_free(inv);

	inv = scan_files(&ca_scanner_mail, tb, CA_ARRAY_SIZE(tb), tb[0].path,
	    HOME);
	c = find_kind(inv, "mail-saved-logins");
	assert_non_null(c);
	assert_string_equal(c->identity, "ivan@corp.test");
	assert_true(has_scope(c, "mail server imap.corp.test"));
	assert_true(has_scope(c, "smtp server smtp.corp.test"));
	assert_true(has_reason(c, "1 login"));
	assert_int_equal(inv->ncreds, 1);
	ca_inventory_free(inv);

	/* broken JSON: one warning, nothing reported */
	inv = scan_text(&ca_scanner_mail,
	    HOME "/.thunderbird/x.default/logins.json", "{\"logins\": [");
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
}

static void
test_mail_malformed(void **state)
{
	static const char *const paths[] = {
		HOME "/.muttrc",
		HOME "/.mbsyncrc",
		HOME "/.fetchmailrc",
		HOME "/.offlineimaprc",
		HOME "/.getmail/getmailrc",
	};
	static const char junk[] =
	    "set imap_pass = \"\nset smtp_url=\"://@\n"
	    "poll \"unterminated\\\nuser\npassword\n[\n]\n=\n:\nPass\n"
	    "IMAPAccount\nset folder=`\nset smtp_pass=`x\n\"\\";

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(paths); i++) {
		struct ca_inventory *inv = scan_one(&ca_scanner_mail, paths[i],
		    HOME, junk, sizeof(junk) - 1);
		assert_true(inv->ncreds <= 2);
		ca_inventory_free(inv);
	}
}

/* Scans one store file: exactly one credential of 'kind' and identity,
 * secret tier; or none when 'kind' is NULL. */
static void
one_store(const char *path, const void *data, size_t len, const char *kind,
    const char *identity)
{
	struct ca_inventory *inv = scan_one(&ca_scanner_password_store, path,
	    HOME, data, len);
	const struct ca_credential *c;

	if (!kind) {
		assert_int_equal(inv->ncreds, 0);
		ca_inventory_free(inv);
		return;
	}
	assert_int_equal(inv->ncreds, 1);
	c = find_kind(inv, kind);
	assert_non_null(c);
	assert_string_equal(c->identity, identity);
	assert_string_equal(ca_tier_name((enum ca_tier)c->tier), "secret");
	ca_inventory_free(inv);
}

static void
test_password_store(void **state)
{
	static const char kdbx[] = "\x03\xd9\xa2\x9a\x67\xfb\x4b\xb5\x01\x00"
	                           "\x04\x00body";
	static const char notkdbx[] = "PK\x03\x04 a zip named like a vault";
	static const char gnome[] = "GnomeKeyring\n\r\0\n\x01\x00rest";
	static const char kwl[] = "KWALLET\n\r\0\r\n\x01\x01rest";
	static const char *const bw =
	    "{\"activeUserId\": \"u1\", \"u1\": {\"profile\": {\"email\": "
	    "\"ivan@corp.test\"}}}";
	static const char *const op =
	    "{\"accounts\": [{\"shorthand\": \"corp\", \"url\": "
	    "\"https://corp.1password.com\", \"email\": \"ivan@corp.test\", "
	    "\"accountKey\": \"A3-ABC123-DEF456-GHI78-JKL90-MNO12-PQR34\"}]}";
	static const char *const gpg_plain =
	    "Created: 20240101T000000\nKey: (private-key (ecc (curve "
	    "Ed25519)(q #40AA#)(d #" PW1 PW2 "#)))\n";
	static const char *const gpg_prot =
	    "Created: 20240101T000000\nKey: (protected-private-key (ecc "
	    "(protected openpgp-s2k3-ocb-aes ((sha1 #00# \"20971520\")#00#)"
	    "#C0FFEE#)))\n";
	static const char *const gpg_card =
	    "Key: (shadowed-private-key (rsa (n #00#)(e #010001#)(shadowed "
	    "t1-v1 (#D276#))))\n";
	struct ca_inventory *inv;

	(void)state;
	one_store(HOME "/.password-store/.gpg-id", "ivan@corp.test\n", 15,
	    "password-store", "ivan@corp.test");
	one_store(HOME "/Documents/passwords.kdbx", kdbx, sizeof(kdbx) - 1,
	    "password-store", "passwords.kdbx");
	one_store(HOME "/Documents/vault.kdbx", notkdbx, sizeof(notkdbx) - 1,
	    NULL, NULL);
	one_store(HOME "/.local/share/keyrings/login.keyring", gnome,
	    sizeof(gnome) - 1, "password-store", "keyring login");
	one_store(HOME "/.local/share/keyrings/fake.keyring", "text", 4, NULL,
	    NULL);
	one_store(HOME "/.local/share/kwalletd/kdewallet.kwl", kwl,
	    sizeof(kwl) - 1, "password-store", "wallet kdewallet");
	one_store("/Users/ivan/Library/Keychains/login.keychain-db",
	    "kych\0\1\0\0rest", 12, "password-store", "keychain login");
	one_store("/Users/ivan/Library/Keychains/x.keychain-db", "nope", 4,
	    NULL, NULL);
	one_store(HOME "/.config/Bitwarden CLI/data.json", bw, strlen(bw),
	    "password-store", "ivan@corp.test");
	one_store(HOME "/.gnupg/private-keys-v1.d/AB12.key", gpg_prot,
	    strlen(gpg_prot), "gpg-private-key-protected", "keygrip AB12");
	one_store(HOME "/.gnupg/private-keys-v1.d/CD34.key", gpg_card,
	    strlen(gpg_card), NULL, NULL);

	inv = scan_one(&ca_scanner_password_store,
	    HOME "/.gnupg/private-keys-v1.d/EF56.key", HOME, gpg_plain,
	    strlen(gpg_plain));
	expect_cred(inv, gpg_plain, "gpg-private-key", "password_store.gpg-key",
	    "keygrip EF56", 1);
	assert_no_secret(inv, PW1 PW2);
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_password_store, HOME "/.config/op/config",
	    HOME, op, strlen(op));
	assert_int_equal(inv->ncreds, 2);
	assert_true(has_scope(find_kind(inv, "password-store"),
	    "ivan@corp.test at https://corp.1password.com"));
	expect_cred(inv, "A3-ABC123-DEF456-GHI78-JKL90-MNO12-PQR34",
	    "onepassword-secret-key", "password_store.onepassword-key",
	    "ivan@corp.test", 1);
	ca_inventory_free(inv);

	/* broken JSON: a warning; a .key file that is no GnuPG key */
	inv = scan_text(&ca_scanner_password_store, HOME "/.config/op/config",
	    "{\"accounts\": [");
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
	inv = scan_text(&ca_scanner_password_store,
	    HOME "/.gnupg/private-keys-v1.d/x.key", "\x01\x02garbage");
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
}

/* Appends an SSH string (length, bytes) to 'b' at '*o'. */
static void
put_str(unsigned char *b, size_t *o, const void *s, size_t n)
{
	b[(*o)++] = (unsigned char)(n >> 24);
	b[(*o)++] = (unsigned char)(n >> 16);
	b[(*o)++] = (unsigned char)(n >> 8);
	b[(*o)++] = (unsigned char)n;
	memcpy(b + *o, s, n);
	*o += n;
}

/* A synthetic OpenSSH ed25519 key in PEM form, with 'cipher' and (when
 * "none") the comment 'comment'; random-looking bytes, no real key. */
static char *
openssh_pem(const char *cipher, const char *comment)
{
	unsigned char body[1024], priv[512], key[64], pub[32];
	size_t o = 0, po = 0;
	char *b64 = malloc(2048), *pem = malloc(4096);
	size_t plen;
	unsigned int x = 12345;

	for (size_t i = 0; i < sizeof(key); i++) {
		x = x * 1103515245u + 12345u;
		key[i] = (unsigned char)(x >> 16);
	}
	memcpy(pub, key + 32, 32);
	memcpy(body, "openssh-key-v1", 15);
	o = 15;
	put_str(body, &o, cipher, strlen(cipher));
	put_str(body, &o, strcmp(cipher, "none") ? "bcrypt" : "none",
	    strcmp(cipher, "none") ? 6 : 4);
	put_str(body, &o, "", 0);
	body[o++] = 0, body[o++] = 0, body[o++] = 0, body[o++] = 1;
	{
		unsigned char blob[128];
		size_t bo = 0;
		put_str(blob, &bo, "ssh-ed25519", 11);
		put_str(blob, &bo, pub, 32);
		put_str(body, &o, blob, bo);
	}
	memcpy(priv, "\x11\x22\x33\x44\x11\x22\x33\x44", 8);
	po = 8;
	put_str(priv, &po, "ssh-ed25519", 11);
	put_str(priv, &po, pub, 32);
	put_str(priv, &po, key, 64);
	put_str(priv, &po, comment, strlen(comment));
	for (unsigned char pad = 1; po % 8; pad++)
		priv[po++] = pad;
	put_str(body, &o, priv, po);
	b64_encode(body, o, b64, false);
	plen = (size_t)snprintf(pem, 4096,
	    "-----BEGIN OPENSSH PRIVATE KEY-----"
	    "\n");
	for (size_t i = 0, n = strlen(b64); i < n; i += 70)
		plen += (size_t)snprintf(pem + plen, 4096 - plen, "%.70s\n",
		    b64 + i);
	/* no newline after the END marker: the block is the secret */
	snprintf(pem + plen, 4096 - plen, "-----END OPENSSH PRIVATE KEY-----");
	free(b64);
	return pem;
}

static void
test_ssh(void **state)
{
	char *plain = openssh_pem("none", "ivan@laptop");
	char *enc = openssh_pem("aes256-ctr", "hidden@comment");
	static const char *const config =
	    "# personal keys\n"
	    "Host github.com\n"
	    "    User git\n"
	    "    IdentityFile ~/.ssh/id_ed25519\n"
	    "\n"
	    "Host prod-*\n"
	    "    HostName %h.corp.test\n"
	    "    User deploy\n"
	    "    IdentityFile ~/.ssh/deploy_key\n"
	    "Host bastion\n"
	    "    HostName=bastion.corp.test\n"
	    "    User ivan\n"
	    "    IdentityFile \"%d/.ssh/id_ed25519\"\n"
	    "#   IdentityFile ~/.ssh/old_key\n";
	static const char *const pem_enc =
	    "-----BEGIN RSA PRIVATE KEY-----\n"
	    "Proc-Type: 4,ENCRYPTED\n"
	    "DEK-Info: AES-128-CBC,B7EE4515C7CFD3272598A61D13A15277\n\n"
	    "c3ludGhldGljIGVuY3J5cHRlZCBib2R5IG5vdCBhIHJlYWwga2V5IGF0IGFsbA==\n"
	    "-----END RSA PRIVATE KEY-----";
	static const char *const pem_plain =
	    "-----BEGIN EC PRIVATE KEY-----\n"
	    "c3ludGhldGljIHVuZW5jcnlwdGVkIGJvZHkgbm90IGEgcmVhbCBrZXkgYXQgYWxs\n"
	    "-----END EC PRIVATE KEY-----";
	static const char *const ppk =
	    "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n"
	    "Comment: ivan@win\nPublic-Lines: 2\nAAAA\nBBBB\n"
	    "Private-Lines: 1\nc3ludGhldGljIHByaXZhdGU=\n";
	struct unit_file files[] = {
		{ HOME "/.ssh/config", config, 0 },
		{ HOME "/.ssh/id_ed25519", plain, 0 },
		{ HOME "/.ssh/backup", enc, 0 },
		{ HOME "/.ssh/legacy.pem", pem_enc, 0 },
		{ HOME "/.ssh/deploy_key", pem_plain, 0 },
		{ HOME "/.ssh/win.ppk", ppk, 0 },
		{ HOME "/.ssh/authorized_keys", "ssh-ed25519 AAAAC3 x@y\n", 0 },
		{ HOME "/.ssh/bundle.pem", NULL, 0 },
	};
	struct ca_inventory *inv;
	const struct ca_credential *c;
	char bundle[1024];

	(void)state;
	/* a certificate first, then the key */
	snprintf(bundle, sizeof(bundle),
	    "-----BEGIN CERTIFICATE-----\nMIIB\n"
	    "-----END CERTIFICATE-----\n%s",
	    pem_plain);
	files[CA_ARRAY_SIZE(files) - 1].data = bundle;
	inv = scan_files(&ca_scanner_ssh, files, CA_ARRAY_SIZE(files),
	    HOME "/.ssh/bundle.pem", HOME);
	c = find_secret(inv, pem_plain);
	assert_non_null(c);
	assert_string_equal(c->kind, "ssh-private-key");
	assert_int_equal(c->locations[0].line, 4);
	assert_no_secret(inv, pem_plain);
	ca_inventory_free(inv);

	inv = scan_files(&ca_scanner_ssh, files, CA_ARRAY_SIZE(files),
	    HOME "/.ssh/id_ed25519", HOME);
	c = expect_cred(inv, plain, "ssh-private-key", "ssh.private-key",
	    "ivan@laptop", 1);
	assert_true(has_scope(c, "ssh git@github.com"));
	assert_true(has_scope(c, "ssh ivan@bastion.corp.test (Host bastion)"));
	assert_true(has_scope(c,
	    "ssh * (a default key name: tried on every "
	    "host unless IdentitiesOnly)"));
	assert_true(has_reason(c, "ssh-ed25519"));
	ca_inventory_free(inv);

	inv = scan_files(&ca_scanner_ssh, files, CA_ARRAY_SIZE(files),
	    HOME "/.ssh/backup", HOME);
	/* encrypted: the comment is unreadable and no Host names it */
	c = find_secret(inv, enc);
	assert_non_null(c);
	assert_string_equal(c->kind, "ssh-private-key-encrypted");
	assert_null(c->identity);
	assert_true(has_reason(c, "passphrase-protected ssh-ed25519"));
	assert_no_secret(inv, enc);
	ca_inventory_free(inv);

	inv = scan_files(&ca_scanner_ssh, files, CA_ARRAY_SIZE(files),
	    HOME "/.ssh/legacy.pem", HOME);
	assert_non_null(find_kind(inv, "ssh-private-key-encrypted"));
	ca_inventory_free(inv);

	inv = scan_files(&ca_scanner_ssh, files, CA_ARRAY_SIZE(files),
	    HOME "/.ssh/deploy_key", HOME);
	c = expect_cred(inv, pem_plain, "ssh-private-key", "ssh.private-key",
	    "deploy@prod-*.corp.test", 1);
	assert_true(has_scope(c, "ssh deploy@prod-*.corp.test (Host prod-*)"));
	ca_inventory_free(inv);

	inv = scan_files(&ca_scanner_ssh, files, CA_ARRAY_SIZE(files),
	    HOME "/.ssh/win.ppk", HOME);
	expect_cred(inv, ppk, "ssh-private-key", "ssh.private-key", "ivan@win",
	    1);
	ca_inventory_free(inv);

	/* a key the config names outside ~/.ssh, read where it lies; a
	 * missing one is no error */
	{
		struct unit_file cf[] = {
			{ HOME "/.ssh/config",
			    "Host ci\n  HostName ci.test\n"
			    "  User b\n  IdentityFile ~/keys/ci.pem\n"
			    "  IdentityFile /no/such/key\n",
			    0 },
			{ HOME "/keys/ci.pem", pem_enc, 0 },
		};
		inv = scan_files(&ca_scanner_ssh, cf, CA_ARRAY_SIZE(cf),
		    HOME "/.ssh/config", HOME);
		assert_int_equal(inv->ncreds, 1);
		c = find_secret(inv, pem_enc);
		assert_non_null(c);
		assert_string_equal(c->kind, "ssh-private-key-encrypted");
		assert_string_equal(c->identity, "b@ci.test");
		assert_string_equal(c->locations[0].path, HOME "/keys/ci.pem");
		assert_int_equal(c->locations[0].line, 1);
		assert_true(has_scope(c, "ssh b@ci.test (Host ci)"));
		assert_int_equal(inv->nerrors, 0);
		ca_inventory_free(inv);
	}

	/* not credentials: authorized_keys, the config itself */
	inv = scan_files(&ca_scanner_ssh, files, CA_ARRAY_SIZE(files),
	    HOME "/.ssh/authorized_keys", HOME);
	assert_int_equal(inv->ncreds, 0);
	ca_inventory_free(inv);
	inv = scan_files(&ca_scanner_ssh, files, CA_ARRAY_SIZE(files),
	    HOME "/.ssh/config", HOME);
	assert_int_equal(inv->ncreds, 0);
	ca_inventory_free(inv);

	/* base64 garbage in an OpenSSH body: a warning, no finding; a key
	 * without its END marker: nothing */
	inv = scan_text(&ca_scanner_ssh, HOME "/.ssh/broken",
	    "-----BEGIN OPENSSH PRIVATE KEY-----\n!!!notbase64@@@\n"
	    "-----END OPENSSH PRIVATE KEY-----\n");
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
	inv = scan_text(&ca_scanner_ssh, HOME "/.ssh/cut",
	    "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n");
	assert_int_equal(inv->ncreds, 0);
	ca_inventory_free(inv);
	/* a truncated openssh-key-v1 body: lengths past the end */
	{
		static const unsigned char trunc[] =
		    "openssh-key-v1\0\0\0\0\x04"
		    "none\xff\xff\xff\xff";
		char b64[128], text[256];
		b64_encode(trunc, sizeof(trunc) - 1, b64, false);
		snprintf(text, sizeof(text),
		    "-----BEGIN OPENSSH PRIVATE "
		    "KEY-----\n%s\n-----END OPENSSH PRIVATE KEY-----\n",
		    b64);
		inv = scan_text(&ca_scanner_ssh, HOME "/.ssh/trunc", text);
		assert_int_equal(inv->ncreds, 0);
		ca_inventory_free(inv);
	}
	free(plain);
	free(enc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_netrc),
		cmocka_unit_test(test_shell_history),
		cmocka_unit_test(test_history_malformed),
		cmocka_unit_test(test_dotenv),
		cmocka_unit_test(test_mail),
		cmocka_unit_test(test_mail_malformed),
		cmocka_unit_test(test_password_store),
		cmocka_unit_test(test_ssh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
