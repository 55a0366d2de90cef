/* test_wrangler.c - wrangler: the TOML config, expiry and scopes;
 * decoys, placeholders and malformed files. No secret reaches the
 * inventory. */
#include "tests/unit/cloud_unit.h"

extern const struct ca_scanner ca_scanner_wrangler;

#define HOME "/home/dana"

static void
test_wrangler(void **state)
{
	char *at = cu_token("", CU_ALNUM "-_.", 43, 31);
	char *rt = cu_token("", CU_ALNUM "-_.", 43, 32);
	char *api = cu_token("", CU_ALNUM "_-", 40, 33);
	char *toml = cu_fmt(
	    "# wrangler login\n"
	    "oauth_token = \"%s\"\n"
	    "expiration_time = \"2024-05-01T12:00:00.123Z\"\n"
	    "refresh_token = '%s'\n"
	    "scopes = [\n  \"account:read\",\n  \"user:read\", "
	    "\"workers:write\", # comment\n  \"offline_access\",\n]\n"
	    "\n[extra]\noauth_token = \"not-a-top-level-key\"\n",
	    at, rt);
	char *legacy = cu_fmt("api_token = \"%s\"\n", api);
	const char *path = HOME "/.config/.wrangler/config/default.toml";
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_one(&ca_scanner_wrangler, path, HOME, toml, 0);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 2);
	c = find_secret(inv, at);
	assert_non_null(c);
	assert_string_equal(c->kind, "cloudflare-oauth-token");
	assert_string_equal(c->expires, "2024-05-01T12:00:00Z");
	assert_true(has_reason(c, "expired"));
	assert_int_equal(c->nscopes, 4);
	assert_true(has_scope(c, "workers:write"));
	assert_int_equal(c->locations[0].line, 2);
	c = find_secret(inv, rt);
	assert_non_null(c);
	assert_string_equal(c->kind, "cloudflare-refresh-token");
	assert_true(c->standing);
	assert_true(has_scope(c, "offline_access"));
	assert_no_piece(inv, at);
	assert_no_piece(inv, rt);
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_wrangler,
	    HOME "/.wrangler/config/staging.toml", HOME, legacy, 0);
	c = find_secret(inv, api);
	assert_non_null(c);
	assert_string_equal(c->kind, "cloudflare-api-token");
	assert_true(has_reason(c, "(staging profile)"));
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_wrangler, path, HOME,
	    "oauth_token = \"unterminated\nscopes = [\"a\"\n= 3\n", 0);
	assert_true(has_error(inv, "malformed TOML"));
	ca_inventory_free(inv);
	free(at);
	free(rt);
	free(api);
	free(toml);
	free(legacy);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrangler),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
