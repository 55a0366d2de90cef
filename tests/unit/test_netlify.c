/* test_netlify.c - Netlify: user tokens and the GitHub token; decoys,
 * placeholders and malformed files. No secret reaches the inventory. */
#include "tests/unit/cloud_unit.h"

extern const struct ca_scanner ca_scanner_netlify;

#define HOME "/home/dana"

static void
test_netlify(void **state)
{
	char *tok = cu_token("nfp_", CU_ALNUM, 40, 61);
	char *gh = cu_token("gho_", CU_ALNUM, 36, 62);
	char *tok2 = cu_token("", CU_ALNUM "-_", 43, 63);
	char *json = cu_fmt(
	    "{\"telemetryDisabled\": false, \"cliId\": \"c1\", "
	    "\"userId\": \"u1\",\n \"users\": {\n"
	    "  \"u1\": {\"id\": \"u1\", \"name\": \"Dana\", \"email\": "
	    "\"dana@corp.test\",\n   \"auth\": {\"token\": \"%s\",\n"
	    "    \"github\": {\"user\": \"dana-gh\", \"token\": \"%s\"}}},\n"
	    "  \"u2\": {\"id\": \"u2\", \"auth\": {\"token\": \"%s\"}},\n"
	    "  \"u3\": 5}}\n",
	    tok, gh, tok2);
	struct ca_inventory *inv = scan_one(&ca_scanner_netlify,
	    HOME "/.config/netlify/config.json", HOME, json, 0);
	const struct ca_credential *c;

	(void)state;
	assert_int_equal(inv->ncreds, 3);
	c = find_secret(inv, tok);
	assert_non_null(c);
	assert_string_equal(c->kind, "netlify-token");
	assert_string_equal(c->identity, "dana@corp.test");
	assert_true(has_reason(c, "current user"));
	c = find_secret(inv, gh);
	assert_non_null(c);
	assert_string_equal(c->kind, "github-oauth-token");
	assert_string_equal(c->identity, "dana-gh@github.com");
	c = find_secret(inv, tok2);
	assert_non_null(c);
	assert_string_equal(c->identity, "netlify user u2");
	assert_no_piece(inv, tok);
	assert_no_piece(inv, gh);
	assert_no_piece(inv, tok2);
	ca_inventory_free(inv);
	/* a project's netlify/config.json is not the CLI's */
	inv = scan_one(&ca_scanner_netlify,
	    HOME "/src/site/netlify/config.json", HOME,
	    "{\"build\": {\"command\": \"make\"}}", 0);
	assert_int_equal(inv->ncreds + inv->nerrors, 0);
	ca_inventory_free(inv);
	free(tok);
	free(gh);
	free(tok2);
	free(json);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_netlify),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
