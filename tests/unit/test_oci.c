/* test_oci.c - OCI profiles and their key files (plain, encrypted,
 * passphrase in the config, session tokens); decoys, placeholders and
 * malformed files. No secret reaches the inventory. */
#include "tests/unit/cloud_unit.h"

extern const struct ca_scanner ca_scanner_oci;

#define HOME "/home/dana"

static void
test_oci(void **state)
{
	char *body = cu_token("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", CU_ALNUM "+/",
	    600, 71);
	char *plain = cu_fmt("-----BEGIN PRIVATE KEY-----\n%s\n"
	                     "-----END PRIVATE KEY-----\nOCI_API_KEY\n",
	    body);
	char *enc = cu_fmt("-----BEGIN ENCRYPTED PRIVATE KEY-----\n%.300s\n"
	                   "-----END ENCRYPTED PRIVATE KEY-----\n",
	    body + 40);
	char *enc2 = cu_fmt(
	    "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: "
	    "4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B2C3D\n\n%.300s\n"
	    "-----END RSA PRIVATE KEY-----\n",
	    body + 80);
	char *pass = cu_token("", CU_ALNUM, 16, 72);
	char *sess = cu_jwt("{\"sub\":\"ocid1.user.oc1..sess\",\"exp\":"
	                    "4102444800}",
	    73);
	char *cfg = cu_fmt(
	    "[DEFAULT]\n"
	    "user=ocid1.user.oc1..aaaaaaaauser\n"
	    "fingerprint=20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34\n"
	    "key_file=~/.oci/oci_api_key.pem\n"
	    "tenancy=ocid1.tenancy.oc1..aaaaaaaatenancy\n"
	    "region=us-ashburn-1\n\n"
	    "[ENC]\nkey_file=keys/enc.pem\npass_phrase=%s\n\n"
	    "[LOCKED]\nkey_file=/home/dana/.oci/keys/locked.pem\n\n"
	    "[SESSION]\nsecurity_token_file=~/.oci/sessions/s1/token\n\n"
	    "[MISSING]\nkey_file=~/.oci/nowhere.pem\n",
	    pass);
	struct unit_file files[] = {
		{ HOME "/.oci/config", cfg, 0 },
		{ HOME "/.oci/oci_api_key.pem", plain, 0 },
		{ HOME "/.oci/keys/enc.pem", enc, 0 },
		{ HOME "/.oci/keys/locked.pem", enc2, 0 },
		{ HOME "/.oci/sessions/s1/token", sess, 0 },
	};
	struct ca_inventory *inv = scan_files(&ca_scanner_oci, files, 5,
	    files[0].path, HOME);
	const struct ca_credential *c;
	size_t n;

	(void)state;
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 4);
	n = strlen(plain);
	while (plain[n - 1] == '\n')
		n--;
	c = find_secret_n(inv, plain, n);
	assert_non_null(c);
	assert_string_equal(c->kind, "oci-api-key");
	assert_string_equal(c->identity,
	    "ocid1.user.oc1..aaaaaaaauser in "
	    "tenancy ocid1.tenancy.oc1..aaaaaaaatenancy");
	assert_string_equal(c->locations[0].path, HOME "/.oci/oci_api_key.pem");
	assert_true(has_reason(c, "profile DEFAULT, fingerprint 20:3b"));
	assert_true(has_reason(c, "profile MISSING") ||
	    has_reason(c, "profile SESSION"));
	c = find_secret_n(inv, enc, strlen(enc) - 1);
	assert_non_null(c);
	assert_string_equal(c->kind, "oci-api-key");
	assert_true(has_reason(c, "pass_phrase is stored in the config"));
	c = find_secret_n(inv, enc2, strlen(enc2) - 1);
	assert_non_null(c);
	assert_string_equal(c->kind, "private-key-encrypted");
	assert_string_equal(c->rule, "oci.api-key-encrypted");
	c = find_secret(inv, sess);
	assert_non_null(c);
	assert_string_equal(c->kind, "oci-session-token");
	assert_string_equal(c->expires, "2100-01-01T00:00:00Z");
	assert_no_piece(inv, body);
	assert_no_piece(inv, pass);
	assert_no_piece(inv, sess);
	ca_inventory_free(inv);

	/* a key_file that is no key */
	{
		struct unit_file bad[] = {
			{ HOME "/.oci/config", "[X]\nkey_file=~/.oci/k\n", 0 },
			{ HOME "/.oci/k", "hello", 0 },
		};
		inv = scan_files(&ca_scanner_oci, bad, 2, bad[0].path, HOME);
		assert_int_equal(inv->ncreds, 0);
		assert_true(has_error(inv, "not a PEM private key"));
		ca_inventory_free(inv);
	}
	inv = scan_one(&ca_scanner_oci, HOME "/.oci/config", HOME,
	    "[open\nkey_file\n", 0);
	assert_true(has_error(inv, "malformed INI"));
	ca_inventory_free(inv);
	free(body);
	free(plain);
	free(enc);
	free(enc2);
	free(pass);
	free(sess);
	free(cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oci),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
