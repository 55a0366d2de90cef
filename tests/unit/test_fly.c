/* test_fly.c - Fly.io: access and metrics tokens; decoys, placeholders
 * and malformed files. No secret reaches the inventory. */
#include "tests/unit/cloud_unit.h"

extern const struct ca_scanner ca_scanner_fly;

#define HOME "/home/dana"

static void
test_fly(void **state)
{
	char *at = cu_token("fo1_", CU_ALNUM "_-", 43, 41);
	char *mt = cu_token("fm2_", CU_ALNUM "+/", 120, 42);
	char *yaml = cu_fmt("access_token: %s\nmetrics_token: %s\n"
	                    "send_metrics: true\nwire_guard_state: {}\n",
	    at, mt);
	struct ca_inventory *inv = scan_one(&ca_scanner_fly,
	    HOME "/.fly/config.yml", HOME, yaml, 0);
	const struct ca_credential *c;

	(void)state;
	assert_int_equal(inv->ncreds, 2);
	c = find_secret(inv, at);
	assert_non_null(c);
	assert_string_equal(c->kind, "fly-token");
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	assert_int_equal(strncmp(c->redacted, "fo1_", 4), 0);
	c = find_secret(inv, mt);
	assert_non_null(c);
	assert_int_equal(c->tier, CA_TIER_READ);
	assert_no_piece(inv, at);
	assert_no_piece(inv, mt);
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_fly, HOME "/.fly/config.yml", HOME,
	    "- a list\n", 0);
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "not a YAML mapping"));
	ca_inventory_free(inv);
	free(at);
	free(mt);
	free(yaml);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
