/* test_hashicorp_vault.c - HashiCorp Vault: the token file and the
 * token helper; decoys, placeholders and malformed files. No secret
 * reaches the inventory. */
#include "tests/unit/cloud_unit.h"

extern const struct ca_scanner ca_scanner_vault;

#define HOME "/home/dana"

static void
test_vault(void **state)
{
	char *tok = cu_token("hvs.", CU_ALNUM "_-", 92, 11);
	char *legacy = cu_token("s.", CU_ALNUM, 24, 12);
	char *file = cu_fmt("%s\n", tok);
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_one(&ca_scanner_vault, HOME "/.vault-token", HOME, file, 0);
	assert_int_equal(inv->ncreds, 1);
	c = find_secret(inv, tok);
	assert_non_null(c);
	assert_string_equal(c->kind, "vault-token");
	assert_int_equal(c->tier, CA_TIER_SECRET);
	assert_int_equal(strncmp(c->redacted, "hvs.", 4), 0);
	assert_true(has_reason(c, "service token"));
	assert_no_piece(inv, tok);
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_vault, HOME "/.vault-token", HOME, legacy,
	    0);
	c = find_secret(inv, legacy);
	assert_non_null(c);
	assert_true(has_reason(c, "legacy service token"));
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_vault, HOME "/.vault-token", HOME, "\n", 0);
	assert_int_equal(inv->ncreds + inv->nerrors, 0);
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_vault, HOME "/.vault-token", HOME,
	    "line one\nline two\n", 0);
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "not a single token"));
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_vault, HOME "/.vault", HOME,
	    "# vault CLI\ntoken_helper = \"/usr/local/bin/vault-helper\"\n", 0);
	assert_int_equal(inv->ncreds, 1);
	c = find_ref(inv,
	    "vault-token-helper:" HOME ":/usr/local/bin/vault-helper");
	assert_non_null(c);
	assert_string_equal(c->kind, "vault-token-helper");
	assert_int_equal(c->locations[0].line, 2);
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_vault, HOME "/.bao", HOME,
	    "{\"token_helper\": \"/opt/bao/helper\"}", 0);
	assert_non_null(
	    find_ref(inv, "vault-token-helper:" HOME ":/opt/bao/helper"));
	ca_inventory_free(inv);
	free(tok);
	free(legacy);
	free(file);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vault),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
