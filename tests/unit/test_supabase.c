/* test_supabase.c - Supabase: the access-token file (UTF-16 too);
 * decoys, placeholders and malformed files. No secret reaches the
 * inventory. */
#include "tests/unit/cloud_unit.h"

extern const struct ca_scanner ca_scanner_supabase;

#define HOME "/home/dana"

static void
test_supabase(void **state)
{
	char *tok = cu_token("sbp_", CU_HEX, 40, 81);
	char *file = cu_fmt("%s\n", tok);
	char wide[128];
	size_t n = 0;
	const char *path = HOME "/.supabase/access-token";
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_one(&ca_scanner_supabase, path, HOME, file, 0);
	c = find_secret(inv, tok);
	assert_non_null(c);
	assert_string_equal(c->kind, "supabase-token");
	assert_int_equal(strncmp(c->redacted, "sbp_", 4), 0);
	assert_no_piece(inv, tok);
	ca_inventory_free(inv);

	/* UTF-16LE with a byte-order mark */
	wide[n++] = (char)0xff;
	wide[n++] = (char)0xfe;
	for (size_t i = 0; tok[i]; i++) {
		wide[n++] = tok[i];
		wide[n++] = 0;
	}
	inv = scan_one(&ca_scanner_supabase, path, HOME, wide, n);
	assert_non_null(find_secret(inv, tok));
	assert_int_equal(inv->ncreds, 1);
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_supabase, path, HOME,
	    "sbp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", 0);
	assert_int_equal(inv->ncreds + inv->nerrors, 0);
	ca_inventory_free(inv);
	free(tok);
	free(file);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_supabase),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
