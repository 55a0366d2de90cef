/* test_vercel.c - Vercel: auth.json and the team of config.json;
 * decoys, placeholders and malformed files. No secret reaches the
 * inventory. */
#include "tests/unit/cloud_unit.h"

extern const struct ca_scanner ca_scanner_vercel;

#define HOME "/home/dana"

static void
test_vercel(void **state)
{
	char *tok = cu_token("", CU_ALNUM, 24, 51);
	char *rt = cu_token("", CU_ALNUM, 48, 52);
	long long exp = (long long)time(NULL) + 3600;
	char *json = cu_fmt(
	    "{\n  \"// Note\": \"This is your Vercel "
	    "credentials file. DO NOT SHARE!\",\n  \"token\": \"%s\",\n"
	    "  \"refreshToken\": \"%s\",\n  \"expiresAt\": %lld\n}\n",
	    tok, rt, exp);
	const char *dir = HOME "/.local/share/com.vercel.cli";
	struct unit_file files[] = {
		{ HOME "/.local/share/com.vercel.cli/auth.json", json, 0 },
		{ HOME "/.local/share/com.vercel.cli/config.json",
		    "{\"currentTeam\": \"team_x1y2\", \"collectMetrics\": true}",
		    0 },
	};
	struct ca_inventory *inv = scan_files(&ca_scanner_vercel, files, 2,
	    files[0].path, HOME);
	const struct ca_credential *c;

	(void)state;
	(void)dir;
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 2);
	c = find_secret(inv, tok);
	assert_non_null(c);
	assert_string_equal(c->kind, "vercel-token");
	assert_string_equal(c->identity, "vercel team team_x1y2");
	assert_non_null(c->expires);
	assert_false(c->standing);
	c = find_secret(inv, rt);
	assert_non_null(c);
	assert_true(c->standing);
	assert_no_piece(inv, tok);
	assert_no_piece(inv, rt);
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_vercel, HOME "/.vercel/auth.json", HOME,
	    "[1]", 0);
	assert_true(has_error(inv, "not an object"));
	ca_inventory_free(inv);
	free(tok);
	free(rt);
	free(json);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vercel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
