/* test_doctl.c - doctl: the default context and auth-contexts; decoys,
 * placeholders and malformed files. No secret reaches the inventory. */
#include "tests/unit/cloud_unit.h"

extern const struct ca_scanner ca_scanner_doctl;

#define HOME "/home/dana"

static void
test_doctl(void **state)
{
	char *dflt = cu_token("dop_v1_", CU_HEX, 64, 21);
	char *work = cu_token("dop_v1_", CU_HEX, 64, 22);
	char *oauth = cu_token("doo_v1_", CU_HEX, 64, 23);
	char *yaml = cu_fmt(
	    "access-token: %s\ncontext: work\noutput: text\n"
	    "auth-contexts:\n  work: %s\n  personal: \"%s\"\n  empty: \"\"\n"
	    "  list: [a, b]\napps: {dev: {config: x}}\n",
	    dflt, work, oauth);
	struct ca_inventory *inv = scan_one(&ca_scanner_doctl,
	    HOME "/.config/doctl/config.yaml", HOME, yaml, 0);
	const struct ca_credential *c;

	(void)state;
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 3);
	c = find_secret(inv, dflt);
	assert_non_null(c);
	assert_string_equal(c->kind, "digitalocean-token");
	assert_string_equal(c->identity, "doctl context default");
	assert_true(has_anchor(c, "doctl-context:" HOME ":default"));
	assert_int_equal(strncmp(c->redacted, "dop_v1_", 7), 0);
	assert_int_equal(c->locations[0].line, 1);
	c = find_secret(inv, work);
	assert_non_null(c);
	assert_true(has_reason(c, "context work (current)"));
	assert_true(has_anchor(c, "doctl-context:" HOME ":work"));
	c = find_secret(inv, oauth);
	assert_non_null(c);
	assert_true(has_reason(c, "OAuth token"));
	assert_no_piece(inv, dflt);
	assert_no_piece(inv, work);
	assert_no_piece(inv, oauth);
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_doctl, HOME "/.config/doctl/config.yaml",
	    HOME, "access-token: [unclosed\n", 0);
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "invalid YAML"));
	ca_inventory_free(inv);
	free(dflt);
	free(work);
	free(oauth);
	free(yaml);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doctl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
