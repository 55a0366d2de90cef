/* test_terraform.c - Terraform: tfrc.json and .terraformrc credentials
 * blocks, credentials helpers; decoys, placeholders and malformed
 * files. No secret reaches the inventory. */
#include "tests/unit/cloud_unit.h"

extern const struct ca_scanner ca_scanner_terraform;

#define HOME "/home/dana"

static char *
tf_token(uint32_t seed)
{
	char *a = cu_token("", CU_ALNUM, 14, seed);
	char *b = cu_token("", CU_ALNUM "-_", 67, seed + 1);
	char *out = cu_fmt("%s.atlasv1.%s", a, b);

	free(a);
	free(b);
	return out;
}

static void
test_terraform(void **state)
{
	char *t1 = tf_token(1), *t2 = tf_token(3), *t3 = tf_token(5);
	char *t4 = tf_token(7);
	char *json = cu_fmt(
	    "{\n  \"credentials\": {\n"
	    "    \"app.terraform.io\": {\n      \"token\": \"%s\"\n    },\n"
	    "    \"tfe.corp.test\": {\"token\": \"%s\"},\n"
	    "    \"bad.host\": {\"tok\": 1},\n"
	    "    \"placeholder.host\": {\"token\": \"your-token-here\"}\n"
	    "  }\n}\n",
	    t1, t2);
	char *rc = cu_fmt(
	    "# CLI config\n"
	    "plugin_cache_dir = \"$HOME/.terraform.d/plugin-cache\"\n"
	    "disable_checkpoint = true\n"
	    "credentials \"app.terraform.io\" {\n"
	    "  token = \"%s\"\n"
	    "}\n"
	    "/* a block comment { token = \"not-this\" } */\n"
	    "credentials \"tfe.corp.test\" { token = \"%s\" }\n"
	    "credentials_helper \"vault\" {\n"
	    "  args = [\"--mount\", \"secret\"]\n"
	    "}\n"
	    "provider_installation {\n"
	    "  direct { exclude = [\"registry.terraform.io/*/*\"] }\n"
	    "}\n",
	    t3, t4);
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_one(&ca_scanner_terraform,
	    HOME "/.terraform.d/credentials.tfrc.json", HOME, json, 0);
	assert_int_equal(inv->ncreds, 2);
	c = find_secret(inv, t1);
	assert_non_null(c);
	assert_string_equal(c->kind, "terraform-token");
	assert_string_equal(c->rule, "terraform.credentials-json");
	assert_string_equal(c->identity, "app.terraform.io");
	assert_true(c->standing);
	assert_null(c->expires);
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	assert_int_equal(c->locations[0].line, 4);
	assert_true(has_reason(c, "atlasv1"));
	c = find_secret(inv, t2);
	assert_non_null(c);
	assert_string_equal(c->identity, "tfe.corp.test");
	assert_true(has_error(inv, "1 entry of an unexpected shape"));
	assert_no_piece(inv, t1);
	assert_no_piece(inv, t2);
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_terraform, HOME "/.terraformrc", HOME, rc,
	    0);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 3);
	c = find_secret(inv, t3);
	assert_non_null(c);
	assert_string_equal(c->rule, "terraform.terraformrc-token");
	assert_string_equal(c->identity, "app.terraform.io");
	assert_int_equal(c->locations[0].line, 5);
	c = find_secret(inv, t4);
	assert_non_null(c);
	assert_string_equal(c->identity, "tfe.corp.test");
	c = find_ref(inv,
	    "terraform-credentials-helper:" HOME "/.terraformrc:vault");
	assert_non_null(c);
	assert_string_equal(c->kind, "terraform-credentials-helper");
	assert_null(c->redacted);
	assert_no_piece(inv, t3);
	assert_no_piece(inv, t4);
	ca_inventory_free(inv);

	/* truncated JSON */
	json[30] = '\0';
	inv = scan_one(&ca_scanner_terraform,
	    HOME "/.terraform.d/credentials.tfrc.json", HOME, json, 0);
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "invalid JSON"));
	ca_inventory_free(inv);
	/* unbalanced HCL is read as far as it goes */
	inv = scan_one(&ca_scanner_terraform, HOME "/.terraformrc", HOME,
	    "credentials \"x\" { token = \"abc", 0);
	assert_int_equal(inv->ncreds, 0);
	ca_inventory_free(inv);
	free(t1);
	free(t2);
	free(t3);
	free(t4);
	free(json);
	free(rc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terraform),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
