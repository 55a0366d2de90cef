/* test_host_files.c - the host modules netrc, shell_history, dotenv, mail,
 * password_store and ssh: identity and line per secret, the decoys each
 * format has (comments, placeholders, references, commands that are
 * reported and never run, lines that only mention a password), malformed
 * and huge input, and no secret in any inventory string. All secrets are
 * synthetic. */
#include "tests/unit/scan_unit.h"

extern const struct ca_scanner ca_scanner_netrc;

#define HOME "/home/ivan"
#define PW1 "PwK7x2Lm9Zr4TqB8"
#define PW2 "PwH3n6Vd1Wc5YsJ0"
#define PW3 "PwR8t4Fg2Kp7XmN1"
#define PW4 "PwQ5s9Hj3Lb6WeD2"

static struct ca_inventory *
scan_text(const struct ca_scanner *s, const char *path, const char *text)
{
	return scan_one(s, path, HOME, text, strlen(text));
}

static const struct ca_credential *
expect_cred(const struct ca_inventory *inv, const char *secret,
    const char *kind, const char *rule, const char *identity,
    unsigned int line)
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
			big[25 + i] = "abcdefghijklmnopqrstuvwxyz0123456789"
			    [(x >> 16) % 36];
		}
		big[25 + n] = '\0';
		inv = scan_one(&ca_scanner_netrc, HOME "/.netrc", HOME, big,
		    25 + n);
		assert_int_equal(inv->ncreds, 1);
		ca_inventory_free(inv);
		free(big);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_netrc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
