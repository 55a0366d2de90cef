/* test_linode.c - Linode: one token per user section; decoys,
 * placeholders and malformed files. No secret reaches the inventory. */
#include "tests/unit/cloud_unit.h"

extern const struct ca_scanner ca_scanner_linode;

#define HOME "/home/dana"

static void
test_linode(void **state)
{
	char *t1 = cu_token("", CU_HEX, 64, 101);
	char *t2 = cu_token("", CU_HEX, 64, 102);
	char *t3 = cu_token("", CU_HEX, 64, 103);
	char *ini = cu_fmt(
	    "[DEFAULT]\ndefault-user = dana\n\n[dana]\n"
	    "token = %s\nregion = us-east\n\n[ci-bot]\ntoken = %s\n"
	    "[nobody]\nregion = eu-west\n",
	    t1, t2);
	char *legacy = cu_fmt("[DEFAULT]\ntoken = %s\n", t3);
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_one(&ca_scanner_linode, HOME "/.config/linode-cli", HOME,
	    ini, 0);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 2);
	c = find_secret(inv, t1);
	assert_non_null(c);
	assert_string_equal(c->kind, "linode-token");
	assert_string_equal(c->identity, "linode user dana");
	assert_true(has_reason(c, "(default user)"));
	assert_int_equal(c->locations[0].line, 5);
	c = find_secret(inv, t2);
	assert_non_null(c);
	assert_false(has_reason(c, "default user"));
	assert_no_piece(inv, t1);
	assert_no_piece(inv, t2);
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_linode, HOME "/.linode-cli", HOME, legacy,
	    0);
	c = find_secret(inv, t3);
	assert_non_null(c);
	assert_null(c->identity);
	assert_true(has_reason(c, "legacy"));
	ca_inventory_free(inv);
	free(t1);
	free(t2);
	free(t3);
	free(ini);
	free(legacy);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
