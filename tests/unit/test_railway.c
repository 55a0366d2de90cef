/* test_railway.c - Railway: user tokens and their expiry; decoys,
 * placeholders and malformed files. No secret reaches the inventory. */
#include "tests/unit/cloud_unit.h"

extern const struct ca_scanner ca_scanner_railway;

#define HOME "/home/dana"

static void
test_railway(void **state)
{
	char *at = cu_token("", CU_ALNUM, 43, 91);
	char *rt = cu_token("", CU_ALNUM, 43, 92);
	char *legacy = cu_token("", CU_HEX, 32, 93);
	long long exp = (long long)time(NULL) - 60;
	char *json = cu_fmt(
	    "{\"projects\": {\"/home/dana/app\": "
	    "{\"projectPath\": \"/home/dana/app\", \"project\": \"p1\", "
	    "\"environment\": \"e1\"}},"
	    "\n \"user\": {\"id\": \"usr_42\", \"accessToken\": \"%s\",\n"
	    "  \"refreshToken\": \"%s\", \"tokenExpiresAt\": %lld}}\n",
	    at, rt, exp);
	char *old = cu_fmt("{\"projects\": {}, \"user\": {\"token\": \"%s\"}}",
	    legacy);
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_one(&ca_scanner_railway, HOME "/.railway/config.json", HOME,
	    json, 0);
	assert_int_equal(inv->ncreds, 2);
	c = find_secret(inv, at);
	assert_non_null(c);
	assert_string_equal(c->kind, "railway-token");
	assert_string_equal(c->identity, "railway user usr_42");
	assert_true(has_reason(c, "expired"));
	c = find_secret(inv, rt);
	assert_non_null(c);
	assert_string_equal(c->kind, "railway-refresh-token");
	assert_true(c->standing);
	assert_no_piece(inv, at);
	assert_no_piece(inv, rt);
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_railway,
	    HOME "/.railway/config-staging.json", HOME, old, 0);
	c = find_secret(inv, legacy);
	assert_non_null(c);
	assert_true(has_reason(c, "staging"));
	assert_true(c->standing);
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_railway, HOME "/.railway/config.json", HOME,
	    "{\"user\": 5}", 0);
	assert_true(has_error(inv, "'user' is not an object"));
	ca_inventory_free(inv);
	free(at);
	free(rt);
	free(legacy);
	free(json);
	free(old);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_railway),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
