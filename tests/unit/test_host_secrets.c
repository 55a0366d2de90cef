/* test_host_secrets.c - the host secret modules pgpass, mycnf and msmtp:
 * identity per entry, escapes and quotes, inheritance of msmtp defaults
 * and parent accounts, passwordeval as a delegation that is never run,
 * decoys (comments, placeholders, empty passwords that make the client
 * prompt), malformed lines, and no secret in any inventory string. All
 * secrets are synthetic. */
#include "tests/unit/scan_unit.h"

extern const struct ca_scanner ca_scanner_pgpass, ca_scanner_mycnf,
    ca_scanner_msmtp;

#define HOME "/home/alice"
#define PW1  "PwK7x2Lm9Zr4TqB8"
#define PW2  "PwH3n6Vd1Wc5YsJ0"
#define PW3  "PwR8t4Fg2Kp7XmN1"

static struct ca_inventory *
scan_text(const struct ca_scanner *s, const char *path, const char *text)
{
	return scan_one(s, path, HOME, text, strlen(text));
}

static void
expect_cred(const struct ca_inventory *inv, const char *secret,
    const char *kind, const char *rule, const char *identity, unsigned int line)
{
	const struct ca_credential *c = find_secret(inv, secret);

	if (!c)
		fail_msg("no credential for rule %s", rule);
	assert_string_equal(c->kind, kind);
	assert_string_equal(c->rule, rule);
	assert_string_equal(c->identity, identity);
	assert_int_equal(c->locations[0].line, line);
	assert_no_secret(inv, secret);
}

static void
test_pgpass(void **state)
{
	struct ca_inventory *inv;

	(void)state;
	inv = scan_text(&ca_scanner_pgpass, HOME "/.pgpass",
	    "# host:port:db:user:password\n"
	    "db.corp.test:5432:app:alice:" PW1 "\n"
	    "*:*:*:postgres:Pw\\:with\\:colons\\\\x9\r\n"
	    "# old.corp.test:5432:*:bob:" PW3 "\n"
	    "localhost:5432:*:carol:changeme\n"
	    "broken line without fields\n"
	    "a:b:c\n"
	    "h:1:d:u:" PW2 ":extra:colons\n");
	assert_int_equal(inv->ncreds, 3);
	expect_cred(inv, PW1, "postgres-password", "pgpass.entry",
	    "alice@db.corp.test:5432/app", 2);
	expect_cred(inv, "Pw:with:colons\\x9", "postgres-password",
	    "pgpass.entry", "postgres@*:*/*", 3);
	/* libpq: the password is the rest of the line, colons and all */
	expect_cred(inv, PW2 ":extra:colons", "postgres-password",
	    "pgpass.entry", "u@h:1/d", 8);
	assert_null(find_secret(inv, PW3));
	assert_true(has_error(inv,
	    "2 lines without five fields skipped "
	    "(first: line 6)"));
	ca_inventory_free(inv);
}

static void
test_mycnf(void **state)
{
	struct ca_inventory *inv;

	(void)state;
	inv = scan_text(&ca_scanner_mycnf, HOME "/.my.cnf",
	    "[client]\n"
	    "user = alice\n"
	    "password = \"" PW1 "\"\n"
	    "host = db.corp.test\n"
	    "\n"
	    "[mysqldump]\n"
	    "user = backup\n"
	    "password=" PW2 "\n"
	    "\n"
	    "[mysql]\n"
	    "password\n"
	    "# password = " PW3 "\n"
	    "[mysqladmin]\n"
	    "password = <your-password>\n");
	assert_int_equal(inv->ncreds, 2);
	expect_cred(inv, PW1, "mysql-password", "mycnf.password",
	    "alice@db.corp.test", 3);
	/* host comes from [client], which every client reads */
	expect_cred(inv, PW2, "mysql-password", "mycnf.password",
	    "backup@db.corp.test", 8);
	assert_true(has_reason(find_secret(inv, PW2), "[mysqldump]"));
	ca_inventory_free(inv);

	inv = scan_text(&ca_scanner_mycnf, "/etc/mysql/conf.d/client.cnf",
	    "[client]\npassword=" PW3 "\n");
	expect_cred(inv, PW3, "mysql-password", "mycnf.password",
	    "(current user)@localhost", 2);
	ca_inventory_free(inv);
}

static void
test_msmtp(void **state)
{
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_text(&ca_scanner_msmtp, HOME "/.msmtprc",
	    "# msmtp\n"
	    "defaults\n"
	    "auth on\n"
	    "tls on\n"
	    "host smtp.corp.test\n"
	    "\n"
	    "account work\n"
	    "user alice@corp.test\n"
	    "from alice@corp.test\n"
	    "password \"" PW1 "\"\n"
	    "\n"
	    "account work2 : work\n"
	    "user alice2@corp.test\n"
	    "\n"
	    "account gmail\n"
	    "host smtp.gmail.com\n"
	    "from alice@gmail.test\n"
	    "passwordeval \"gpg --quiet --decrypt ~/.mail-pass.gpg\"\n"
	    "\n"
	    "account other\n"
	    "host smtp.other.test\n"
	    "user bob\n"
	    "# password " PW3 "\n"
	    "password changeme\n"
	    "\n"
	    "account default : work\n");
	/* work and work2 share one password: one credential, two sightings
	 * of the same line */
	c = find_secret(inv, PW1);
	assert_non_null(c);
	assert_string_equal(c->kind, "smtp-password");
	assert_string_equal(c->rule, "msmtp.password");
	assert_int_equal(c->locations[0].line, 10);
	assert_no_secret(inv, PW1);
	c = find_ref(inv, "msmtp-passwordeval:" HOME "/.msmtprc:gmail");
	assert_non_null(c);
	assert_string_equal(c->kind, "mail-password-command");
	assert_string_equal(c->identity, "alice@gmail.test@smtp.gmail.com");
	assert_null(c->redacted);
	assert_true(has_reason(c, "never run"));
	assert_true(has_reason(c, "gpg"));
	assert_null(find_secret(inv, PW3));
	assert_int_equal(inv->ncreds, 2);
	assert_int_equal(inv->nerrors, 0);
	ca_inventory_free(inv);
}

static void
test_garbage(void **state)
{
	const struct ca_scanner *all[] = {
		&ca_scanner_pgpass,
		&ca_scanner_mycnf,
		&ca_scanner_msmtp,
	};
	const char *paths[] = {
		HOME "/.pgpass",
		HOME "/.my.cnf",
		HOME "/.msmtprc",
	};
	unsigned char junk[4096];
	uint32_t x = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(junk); i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
		if (junk[i] == ':' || junk[i] == '=')
			junk[i] = '.';
	}
	for (size_t i = 0; i < 3; i++) {
		struct ca_inventory *inv = scan_one(all[i], paths[i], HOME,
		    junk, sizeof(junk));
		assert_int_equal(inv->ncreds, 0);
		ca_inventory_free(inv);
		for (const struct ca_rule_doc *r = all[i]->rules; r->id; r++) {
			size_t n = strlen(all[i]->name);
			assert_int_equal(strncmp(r->id, all[i]->name, n), 0);
			assert_non_null(ca_kind_find(r->kind));
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pgpass),
		cmocka_unit_test(test_mycnf),
		cmocka_unit_test(test_msmtp),
		cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
