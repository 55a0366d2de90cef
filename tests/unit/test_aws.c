/* test_aws.c - the AWS modules: credentials and config profiles (static
 * and session keys, roles, credential_process, SSO), the SSO token cache
 * and the CLI/boto credential caches, files moved by rc files; decoys and
 * placeholders; malformed INI (duplicate sections, odd spacing, lines
 * longer than inih's 200 bytes, huge values) and JSON; offline account
 * decoding; and no secret in any string of the inventory. */
#include "tests/unit/cloudkit_unit.h"

extern const struct ca_scanner ca_scanner_aws;
extern const struct ca_scanner ca_scanner_aws_cache;
extern const struct ca_scanner ca_scanner_aws_env;

#define CREDS  HOME "/.aws/credentials"
#define CONFIG HOME "/.aws/config"

static char ak1[21], ak3[21], s1[41], s2[41], s3[41];
static char token[700];

static const char *
credentials_text(char *buf, size_t cap)
{
	aws_key_id("AKIA", 1, ak1);
	aws_key_id("AKIA", 3, ak3);
	aws_secret(101, s1);
	aws_secret(102, s2);
	aws_secret(103, s3);
	rand_str(
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	    "+/",
	    104, 600, token);
	snprintf(buf, cap,
	    "# AWS credentials, managed by hand\n"
	    "[default]\n"
	    "aws_access_key_id = %s\n"
	    "aws_secret_access_key = %s\n"
	    "region = eu-west-1\n"
	    "\n"
	    "[session]\n"
	    "aws_access_key_id=ASIAY34FZKBOKMUTVV7A\n"
	    "aws_secret_access_key=%s\n"
	    "aws_session_token=%s\n"
	    "x_security_token_expires = 2020-01-02T03:04:05+01:00\n"
	    "\n"
	    "[admin]\n"
	    "aws_access_key_id = %s\n"
	    "aws_secret_access_key = %s   ; rotated 2024-01\n"
	    "\n"
	    "; the documentation example, left over\n"
	    "[example]\n"
	    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
	    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
	    "[templated]\n"
	    "aws_access_key_id = ${AWS_ACCESS_KEY_ID}\n"
	    "aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}\n"
	    "[empty]\n"
	    "aws_secret_access_key =\n",
	    ak1, s1, s2, token, ak3, s3);
	return buf;
}

/* clang-format off */
static const char config_for_creds[] =
    "[default]\n"
    "region = eu-west-1\n"
    "output = json\n"
    "\n"
    "[profile admin]\n"
    "role_arn = arn:aws:iam::210987654321:role/OrgAdmin\n"
    "source_profile = default\n";
/* clang-format on */

static void
test_credentials(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c;
	struct ca_inventory *inv;
	char buf[4096], acct[13], want[128];

	(void)state;
	add_text(t, CREDS, credentials_text(buf, sizeof(buf)));
	add_text(t, CONFIG, config_for_creds);
	inv = scan_with(t, &ca_scanner_aws, CREDS);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 3);

	c = find_secret(inv, s1);
	assert_non_null(c);
	assert_string_equal(c->kind, "aws-access-key");
	assert_string_equal(c->rule, "aws.profile-key");
	assert_int_equal(ca_aws_account_from_key_id(ak1, 20, acct), 0);
	snprintf(want, sizeof(want), "account %s (profile default)", acct);
	assert_string_equal(c->identity, want);
	assert_true(c->standing);
	assert_null(c->expires);
	assert_true(c->structured);
	assert_string_equal(c->locations[0].path, CREDS);
	assert_int_equal(c->locations[0].line, 4);
	assert_true(has_anchor(c, "aws-profile:" HOME ":default"));
	assert_true(has_reason(c, ak1)); /* the key id, to find it in IAM */
	assert_true(has_reason(c, "decoded offline"));

	/* ASIA: a session key; the account decodes from the published
	 * example id; the expiry is normalised to UTC; expired is low */
	c = find_secret(inv, s2);
	assert_non_null(c);
	assert_string_equal(c->kind, "aws-session-key");
	assert_string_equal(c->identity,
	    "account 609629065308 (profile "
	    "session)");
	assert_string_equal(c->expires, "2020-01-02T02:04:05Z");
	assert_false(c->standing);
	assert_int_equal(c->risk, CA_RISK_LOW);
	assert_true(has_reason(c, "expired"));

	/* the role in config names what the profile acts as; the inline
	 * comment is not part of the secret */
	c = find_secret(inv, s3);
	assert_non_null(c);
	assert_string_equal(c->identity,
	    "arn:aws:iam::210987654321:role/"
	    "OrgAdmin (profile admin)");
	assert_int_equal(c->locations[0].line, 15);

	/* the documentation example and templates are not reported */
	assert_null(
	    find_secret(inv, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
	assert_no_secret(inv, s1);
	assert_no_secret(inv, s2);
	assert_no_secret(inv, s3);
	assert_no_secret(inv, token);
	ca_inventory_free(inv);

	/* the config side: the role, linked to the source profile */
	inv = scan_with(t, &ca_scanner_aws, CONFIG);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 1);
	c = find_ref(inv, "aws-role:" HOME ":admin");
	assert_non_null(c);
	assert_string_equal(c->kind, "aws-assume-role");
	assert_string_equal(c->identity,
	    "arn:aws:iam::210987654321:role/"
	    "OrgAdmin");
	assert_null(c->redacted);
	assert_true(has_link(c, "aws-profile:" HOME ":default"));
	assert_true(has_anchor(c, "aws-profile:" HOME ":admin"));
	assert_int_equal(c->locations[0].line, 6);
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_config_delegations(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c;
	struct ca_inventory *inv;
	char buf[4096], tok[41];

	(void)state;
	rand_str(
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 7,
	    32, tok);
	snprintf(buf, sizeof(buf),
	    "[default]\n"
	    "region = us-east-1\n"
	    "s3 =\n"
	    "    max_concurrent_requests = 20\n"
	    "    role_arn = arn:aws:iam::999999999999:role/Nested\n"
	    "\n"
	    "[profile dev]\n"
	    "role_arn = arn:aws:iam::111122223333:role/Dev\n"
	    "source_profile = default\n"
	    "mfa_serial = arn:aws:iam::111122223333:mfa/carol\n"
	    "external_id = Ext%s\n"
	    "\n"
	    "[profile ec2]\n"
	    "role_arn = arn:aws:iam::111122223333:role/FromInstance\n"
	    "credential_source = Ec2InstanceMetadata\n"
	    "\n"
	    "[profile vault]\n"
	    "credential_process = /usr/local/bin/aws-vault exec prod --json "
	    "--token=%s --password hunter2xyz\n"
	    "\n"
	    "[sso-session corp]\n"
	    "sso_start_url = https://corp.awsapps.com/start/\n"
	    "sso_region = eu-central-1\n"
	    "sso_registration_scopes = sso:account:access\n"
	    "\n"
	    "[profile sso-admin]\n"
	    "sso_session = corp\n"
	    "sso_account_id = 444455556666\n"
	    "sso_role_name = AdministratorAccess\n"
	    "region = eu-central-1\n"
	    "\n"
	    "[profile legacy-sso]\n"
	    "sso_start_url = https://legacy.awsapps.com/start\n"
	    "sso_region = us-east-1\n"
	    "sso_account_id = 777788889999\n"
	    "sso_role_name = ReadOnly\n"
	    "\n"
	    "[profile doc]\n"
	    "role_arn = arn:aws:iam::123456789012:role/Example\n"
	    "source_profile = default\n"
	    "[services local]\n"
	    "s3 =\n"
	    "  endpoint_url = http://localhost:4566\n"
	    "[plugins]\n"
	    "cli_legacy_plugin_path = /usr/lib/python3/dist-packages\n",
	    tok, tok);
	add_text(t, CONFIG, buf);
	inv = scan_with(t, &ca_scanner_aws, CONFIG);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 5);

	c = find_ref(inv, "aws-role:" HOME ":dev");
	assert_non_null(c);
	assert_string_equal(c->rule, "aws.assume-role");
	assert_string_equal(c->identity, "arn:aws:iam::111122223333:role/Dev");
	assert_true(has_link(c, "aws-profile:" HOME ":default"));
	assert_true(has_reason(c, "with the credentials of profile 'default'"));
	assert_true(has_reason(c, "MFA required"));
	assert_true(has_reason(c, "external_id set"));
	assert_true(c->standing);

	c = find_ref(inv, "aws-role:" HOME ":ec2");
	assert_non_null(c);
	assert_int_equal(c->nlinks, 0);
	assert_true(has_reason(c, "credential_source Ec2InstanceMetadata"));

	c = find_ref(inv, "aws-credential-process:" HOME ":vault");
	assert_non_null(c);
	assert_string_equal(c->kind, "aws-credential-process");
	assert_string_equal(c->identity, "profile vault");
	assert_true(has_reason(c,
	    "credential_process: /usr/local/bin/aws-vault "
	    "exec prod --json --token=*** --password ***"));
	assert_true(has_anchor(c, "aws-profile:" HOME ":vault"));

	c = find_ref(inv, "aws-sso-profile:" HOME ":sso-admin");
	assert_non_null(c);
	assert_string_equal(c->kind, "aws-sso-profile");
	assert_string_equal(c->identity,
	    "account 444455556666 role "
	    "AdministratorAccess via https://corp.awsapps.com/start/");
	assert_true(has_link(c,
	    "aws-sso-token:" HOME ":https://corp.awsapps.com/start"));
	assert_true(has_scope(c, "sso:account:access"));
	assert_true(has_reason(c, "sso-session corp, region eu-central-1"));

	c = find_ref(inv, "aws-sso-profile:" HOME ":legacy-sso");
	assert_non_null(c);
	assert_string_equal(c->identity,
	    "account 777788889999 role ReadOnly "
	    "via https://legacy.awsapps.com/start");

	/* nested s3 keys are not profile keys; the doc example is skipped */
	assert_null(find_ref(inv, "aws-role:" HOME ":default"));
	assert_null(find_ref(inv, "aws-role:" HOME ":doc"));
	assert_no_secret(inv, tok);
	assert_no_secret(inv, "hunter2xyz");
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_malformed_ini(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c;
	struct ca_inventory *inv;
	char ak[6][21], sk[6][41];
	char *buf, *big, *cmd, *longtok;
	size_t cap = 200000;

	(void)state;
	for (int i = 0; i < 6; i++) {
		aws_key_id("AKIA", 40 + (unsigned)i, ak[i]);
		aws_secret(140 + (unsigned)i, sk[i]);
	}
	big = malloc(5001);
	cmd = malloc(5001);
	longtok = malloc(3001);
	buf = malloc(cap);
	assert_non_null(buf);
	aws_secret(99, big);
	rand_str(
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
	    98, 5000, big);
	memset(cmd, 'x', 5000);
	memcpy(cmd, "/bin/get-creds ", 15);
	cmd[5000] = '\0';
	rand_str(
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
	    97, 3000, longtok);
	snprintf(buf, cap,
	    "\xEF\xBB\xBF# a BOM first\n"
	    "orphan = value\n"
	    "[dup]\n"
	    "aws_access_key_id = %s\n"
	    "aws_secret_access_key = %s\n"
	    "[ spaced ]\r\n"
	    "aws_access_key_id=%s\r\n"
	    "\taws_secret_access_key\t=\t%s\t\r\n"
	    "this line has no delimiter\n"
	    "[dup]\n"
	    "aws_access_key_id = %s\n"
	    "aws_secret_access_key = %s\n"
	    "[indented]\n"
	    "aws_access_key_id = %s\n"
	    "    aws_secret_access_key = %s\n"
	    "[long]\n"
	    "aws_session_token = %s\n"
	    "aws_access_key_id = %s\n"
	    "aws_secret_access_key = %s\n"
	    "credential_process = %s\n"
	    "[huge]\n"
	    "aws_secret_access_key = %s\n"
	    "[unclosed\n",
	    ak[0], sk[0], ak[1], sk[1], ak[2], sk[2], ak[3], sk[3], longtok,
	    ak[4], sk[4], cmd, big);
	add_text(t, CREDS, buf);
	inv = scan_with(t, &ca_scanner_aws, CREDS);
	for (int i = 0; i < 5; i++) {
		c = find_secret(inv, sk[i]);
		assert_non_null(c);
		assert_string_equal(c->kind, "aws-access-key");
	}
	c = find_secret(inv, sk[1]);
	assert_true(has_anchor(c, "aws-profile:" HOME ":spaced"));
	assert_int_equal(c->locations[0].line, 8);
	c = find_secret(inv, sk[3]);
	assert_true(has_reason(c, "indented under another key"));
	/* a line past inih's 200 bytes leaves the lines after it intact */
	c = find_secret(inv, sk[4]);
	assert_int_equal(c->locations[0].line, 19);
	c = find_ref(inv, "aws-credential-process:" HOME ":long");
	assert_non_null(c);
	assert_true(has_reason(c, "credential_process: /bin/get-creds xxx"));
	for (size_t i = 0; i < c->nreasons; i++)
		assert_true(strlen(c->reasons[i]) < 200);
	assert_null(find_secret(inv, big));
	assert_int_equal(inv->ncreds, 6);

	assert_true(has_error(inv,
	    "2 malformed lines in the AWS credentials "
	    "file (first at line 9)"));
	assert_true(
	    has_error(inv, "keys outside any section (first at line 2)"));
	assert_true(has_error(inv,
	    "duplicate section for 'dup' (lines 3 and "
	    "10)"));
	assert_true(has_error(inv, "too long"));
	assert_int_equal(inv->nerrors, 4);
	for (int i = 0; i < 6; i++)
		assert_no_secret(inv, sk[i]);
	assert_no_secret(inv, big);
	assert_no_secret(inv, longtok);
	ca_inventory_free(inv);

	/* binary junk and an empty file are no crash and no credential */
	ca_target_free(t);
	t = ca_target_mem_new();
	for (size_t i = 0; i < 4096; i++)
		buf[i] = (char)(rng() & 0xff);
	add_bytes(t, CREDS, buf, 4096);
	add_bytes(t, CONFIG, "", 0);
	inv = scan_with(t, &ca_scanner_aws, CREDS);
	assert_int_equal(inv->ncreds, 0);
	ca_inventory_free(inv);
	inv = scan_with(t, &ca_scanner_aws, CONFIG);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 0);
	ca_inventory_free(inv);
	ca_target_free(t);
	free(buf);
	free(big);
	free(cmd);
	free(longtok);
}

static void
test_many_sections(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv;
	size_t cap = 15000 * 80, n = 0;
	char *buf = malloc(cap);

	(void)state;
	/* more sections than the cap: a warning, the first ones kept, and
	 * lookups that stay fast */
	for (int i = 0; i < 25000 && n + 32 < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, "[p%d]\nx = %d\n", i,
		    i);
	add_bytes(t, CONFIG, buf, n);
	inv = scan_with(t, &ca_scanner_aws, CONFIG);
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "the rest of the file is not read"));
	ca_inventory_free(inv);
	ca_target_free(t);

	/* one profile repeated: one role, one warning, and no quadratic
	 * lookups (each section asks for the profile's other keys) */
	t = ca_target_mem_new();
	n = 0;
	for (int i = 0; i < 15000 && n + 128 < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n,
		    "[profile a]\nrole_arn = "
		    "arn:aws:iam::111122223333:role/R\nsource_profile = b\n");
	add_bytes(t, CONFIG, buf, n);
	inv = scan_with(t, &ca_scanner_aws, CONFIG);
	assert_int_equal(inv->ncreds, 1);
	assert_int_equal(inv->creds[0]->nlocations, 1);
	assert_true(has_error(inv, "duplicate section for 'a'"));
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
	ca_target_free(t);
	free(buf);
}

static void
test_sso_cache(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c;
	struct ca_inventory *inv;
	char at1[200], rt1[200], at2[200], cs[60], buf[2048];
	const char *live = HOME "/.aws/sso/cache/"
	                        "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567.json";
	const char *old = HOME "/.aws/sso/cache/"
	                       "1111111111111111111111111111111111111111.json";
	const char *reg = HOME
	    "/.aws/sso/cache/botocore-client-id-us-east-1.json";
	const char *trunc = HOME "/.aws/sso/cache/truncated.json";
	const char *arr = HOME "/.aws/sso/cache/array.json";

	(void)state;
	rand_str(
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
	    201, 180, at1);
	rand_str(
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
	    202, 180, rt1);
	rand_str(
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
	    203, 180, at2);
	rand_str(
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
	    204, 50, cs);
	snprintf(buf, sizeof(buf),
	    "{\"startUrl\": "
	    "\"https://corp.awsapps.com/start/\", \"region\": \"eu-central-1\", "
	    "\"accessToken\": \"aoa%s\", \"expiresAt\": \"2099-01-01T00:00:00Z\","
	    " \"clientId\": \"cid\", \"clientSecret\": \"%s\", "
	    "\"registrationExpiresAt\": \"2099-03-01T08:00:00+02:00\", "
	    "\"refreshToken\": \"aor%s\"}",
	    at1, cs, rt1);
	add_text(t, live, buf);
	snprintf(buf, sizeof(buf),
	    "{\"startUrl\": "
	    "\"https://legacy.awsapps.com/start\", \"region\": \"us-east-1\", "
	    "\"accessToken\": \"%s\", \"expiresAt\": \"2020-06-17T10:18:08UTC\"}",
	    at2);
	add_text(t, old, buf);
	snprintf(buf, sizeof(buf),
	    "{\"clientId\": \"cid\", \"clientSecret\": "
	    "\"%s\", \"expiresAt\": \"2099-01-01T00:00:00Z\"}",
	    cs);
	add_text(t, reg, buf);
	snprintf(buf, sizeof(buf),
	    "{\"startUrl\": \"https://x.awsapps.com/"
	    "start\",\n \"accessToken\": \"%s",
	    at2);
	add_text(t, trunc, buf);
	add_text(t, arr, "[1, 2, 3]");

	memmove(at1 + 3, at1, strlen(at1) + 1);
	memcpy(at1, "aoa", 3);
	memmove(rt1 + 3, rt1, strlen(rt1) + 1);
	memcpy(rt1, "aor", 3);

	inv = scan_with(t, &ca_scanner_aws_cache, live);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 2);
	c = find_secret(inv, at1);
	assert_non_null(c);
	assert_string_equal(c->kind, "aws-sso-token");
	assert_string_equal(c->rule, "aws_cache.sso-token");
	assert_string_equal(c->identity, "https://corp.awsapps.com/start/");
	assert_string_equal(c->expires, "2099-01-01T00:00:00Z");
	assert_false(c->standing);
	assert_true(has_anchor(c,
	    "aws-sso-token:" HOME ":https://corp.awsapps.com/start"));
	assert_true(has_reason(c, "region eu-central-1"));
	assert_int_equal(c->nlocations, 1);
	assert_int_equal(c->locations[0].line, 1);
	c = find_secret(inv, rt1);
	assert_non_null(c);
	assert_string_equal(c->kind, "aws-sso-refresh-token");
	assert_string_equal(c->expires, "2099-03-01T06:00:00Z");
	assert_false(c->standing);
	assert_no_secret(inv, at1);
	assert_no_secret(inv, rt1);
	assert_no_secret(inv, cs);
	ca_inventory_free(inv);

	inv = scan_with(t, &ca_scanner_aws_cache, old);
	c = find_secret(inv, at2);
	assert_non_null(c);
	assert_string_equal(c->expires, "2020-06-17T10:18:08Z");
	assert_int_equal(c->risk, CA_RISK_LOW);
	assert_true(has_reason(c, "expired"));
	ca_inventory_free(inv);

	inv = scan_with(t, &ca_scanner_aws_cache, reg);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 0);
	ca_inventory_free(inv);

	inv = scan_with(t, &ca_scanner_aws_cache, trunc);
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "invalid JSON at line 2"));
	assert_no_secret(inv, at2);
	ca_inventory_free(inv);

	inv = scan_with(t, &ca_scanner_aws_cache, arr);
	assert_true(has_error(inv, "not a JSON object"));
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_cli_cache(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c;
	struct ca_inventory *inv;
	char id[21], sk[41], sk2[41], tok[400], buf[2048];
	const char *cli = HOME "/.aws/cli/cache/"
	                       "3c1e5a0f7d9b2468ace13579bdf02468ace13579.json";
	const char *boto = HOME "/.aws/boto/cache/"
	                        "4d2f6b1a8e0c3579bdf13579ace02468bdf13579.json";
	const char *junk = HOME "/.aws/cli/cache/other.json";

	(void)state;
	aws_key_id("ASIA", 301, id);
	aws_secret(302, sk);
	aws_secret(303, sk2);
	rand_str(
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	    "+/",
	    304, 380, tok);
	snprintf(buf, sizeof(buf),
	    "{\"Credentials\": {\"AccessKeyId\": \"%s\", "
	    "\"SecretAccessKey\": \"%s\", \"SessionToken\": \"%s\", "
	    "\"Expiration\": \"2099-05-01T12:00:00+00:00\"}, "
	    "\"AssumedRoleUser\": {\"AssumedRoleId\": "
	    "\"AROAQ2YBAXAMPLEID:botocore-session-1\", \"Arn\": "
	    "\"arn:aws:sts::111122223333:assumed-role/Dev/botocore-session-1\"}, "
	    "\"ResponseMetadata\": {\"RequestId\": \"r-1\"}}",
	    id, sk, tok);
	add_text(t, cli, buf);
	snprintf(buf, sizeof(buf),
	    "{\"ProviderType\": \"sso\", "
	    "\"Credentials\": {\"AccessKeyId\": \"ASIAY34FZKBOKMUTVV7A\", "
	    "\"SecretAccessKey\": \"%s\", \"SessionToken\": \"%s\", "
	    "\"Expiration\": \"2021-02-03T04:05:06Z\"}}",
	    sk2, tok);
	add_text(t, boto, buf);
	add_text(t, junk, "{\"something\": \"else\"}");

	inv = scan_with(t, &ca_scanner_aws_cache, cli);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 1);
	c = find_secret(inv, sk);
	assert_non_null(c);
	assert_string_equal(c->kind, "aws-session-key");
	assert_string_equal(c->rule, "aws_cache.cli-credentials");
	assert_string_equal(c->identity,
	    "arn:aws:sts::111122223333:"
	    "assumed-role/Dev/botocore-session-1");
	assert_string_equal(c->expires, "2099-05-01T12:00:00Z");
	assert_false(c->standing);
	assert_no_secret(inv, sk);
	assert_no_secret(inv, tok);
	ca_inventory_free(inv);

	inv = scan_with(t, &ca_scanner_aws_cache, boto);
	c = find_secret(inv, sk2);
	assert_non_null(c);
	assert_string_equal(c->identity, "account 609629065308");
	assert_string_equal(c->expires, "2021-02-03T04:05:06Z");
	assert_true(has_reason(c, "boto3 (provider sso)"));
	assert_no_secret(inv, sk2);
	ca_inventory_free(inv);

	inv = scan_with(t, &ca_scanner_aws_cache, junk);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 0);
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_env_moved_files(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c;
	struct ca_inventory *inv;
	char id[21], sk[41], acct[13], buf[1024], want[128];
	const char *rc = HOME "/.bashrc";

	(void)state;
	aws_key_id("AKIA", 401, id);
	aws_secret(402, sk);
	add_text(t, rc,
	    "# ~/.bashrc\n"
	    "export PATH=$HOME/bin:$PATH\n"
	    "export AWS_CONFIG_FILE=~/work/aws-config\n"
	    "  export AWS_SHARED_CREDENTIALS_FILE=\"$HOME/work/aws-creds\" # x\n"
	    "AWS_PROFILE=dev\n"
	    "export AWS_CONFIG_FILE=$OTHER/x\n"
	    "export AWS_CONFIG_FILE=~/.aws/config\n"
	    "export AWS_SHARED_CREDENTIALS_FILE=/nowhere/creds\n");
	add_text(t, HOME "/work/aws-config",
	    "[profile dev]\n"
	    "role_arn = arn:aws:iam::111122223333:role/Dev\n"
	    "source_profile = base\n");
	snprintf(buf, sizeof(buf),
	    "[base]\naws_access_key_id = %s\n"
	    "aws_secret_access_key = %s\n",
	    id, sk);
	add_text(t, HOME "/work/aws-creds", buf);

	inv = scan_with(t, &ca_scanner_aws_env, rc);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 2);
	c = find_secret(inv, sk);
	assert_non_null(c);
	assert_string_equal(c->rule, "aws_env.profile-key");
	assert_string_equal(c->locations[0].path, HOME "/work/aws-creds");
	assert_int_equal(c->locations[0].line, 3);
	assert_int_equal(ca_aws_account_from_key_id(id, 20, acct), 0);
	snprintf(want, sizeof(want), "account %s (profile base)", acct);
	assert_string_equal(c->identity, want);
	assert_true(has_anchor(c, "aws-profile:" HOME ":base"));
	c = find_ref(inv, "aws-role:" HOME ":dev");
	assert_non_null(c);
	assert_string_equal(c->rule, "aws_env.assume-role");
	assert_string_equal(c->locations[0].path, HOME "/work/aws-config");
	assert_true(has_link(c, "aws-profile:" HOME ":base"));
	assert_no_secret(inv, sk);
	ca_inventory_free(inv);

	/* fish and csh forms; an rc file naming nothing is cheap and quiet */
	add_text(t, HOME "/.zshenv",
	    "set -gx AWS_SHARED_CREDENTIALS_FILE "
	    "'/home/carol/work/aws-creds'\n");
	inv = scan_with(t, &ca_scanner_aws_env, HOME "/.zshenv");
	assert_non_null(find_secret(inv, sk));
	ca_inventory_free(inv);
	add_text(t, HOME "/.profile",
	    "setenv AWS_SHARED_CREDENTIALS_FILE "
	    "~/work/aws-creds\n");
	inv = scan_with(t, &ca_scanner_aws_env, HOME "/.profile");
	assert_non_null(find_secret(inv, sk));
	ca_inventory_free(inv);
	add_text(t, HOME "/.zshrc", "alias ll='ls -l'\n");
	inv = scan_with(t, &ca_scanner_aws_env, HOME "/.zshrc");
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 0);
	ca_inventory_free(inv);
	ca_target_free(t);
}

/* The whole walk: a role in config links to the key in credentials, and
 * an SSO profile to its cached token. */
static void
test_links_resolve(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv = ca_inventory_new();
	const struct ca_credential *role, *sso, *tok;
	struct ca_scan_opts o;
	char buf[4096], at[120];

	(void)state;
	add_text(t, "/etc/passwd", "carol:x:1000:1000::/home/carol:/bin/sh\n");
	add_text(t, CREDS, credentials_text(buf, sizeof(buf)));
	add_text(t, CONFIG,
	    "[profile admin]\n"
	    "role_arn = arn:aws:iam::210987654321:role/OrgAdmin\n"
	    "source_profile = default\n"
	    "[sso-session corp]\n"
	    "sso_start_url = https://corp.awsapps.com/start\n"
	    "[profile sso]\n"
	    "sso_session = corp\n"
	    "sso_account_id = 444455556666\n"
	    "sso_role_name = Admin\n");
	rand_str("abcdefghijklmnopqrstuvwxyz0123456789", 501, 100, at);
	snprintf(buf, sizeof(buf),
	    "{\"startUrl\": "
	    "\"https://corp.awsapps.com/start\", \"accessToken\": \"%s\", "
	    "\"expiresAt\": \"2099-01-01T00:00:00Z\"}",
	    at);
	add_text(t,
	    HOME "/.aws/sso/cache/"
	         "aa11bb22cc33dd44ee55ff66aa77bb88cc99dd00.json",
	    buf);
	memset(&o, 0, sizeof(o));
	o.all_homes = true;
	o.jobs = 1;
	o.max_file_size = 1 << 20;
	o.key = unit_key;
	o.key_len = UNIT_KEYLEN;
	assert_int_equal(ca_scan_run(t, &o, inv), 0);
	role = find_ref(inv, "aws-role:" HOME ":admin");
	sso = find_ref(inv, "aws-sso-profile:" HOME ":sso");
	tok = find_secret(inv, at);
	assert_non_null(role);
	assert_non_null(sso);
	assert_non_null(tok);
	assert_int_equal(role->nlinks, 1);
	assert_int_equal(role->links[0].nto, 1);
	assert_string_equal(role->links[0].to[0], find_secret(inv, s1)->id);
	assert_int_equal(sso->nlinks, 1);
	assert_int_equal(sso->links[0].nto, 1);
	assert_string_equal(sso->links[0].to[0], tok->id);
	/* content rules and the parser agree on where the token is */
	assert_int_equal(tok->nlocations, 1);
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_claims_and_rules(void **state)
{
	const struct ca_scanner *const mods[] = {
		&ca_scanner_aws,
		&ca_scanner_aws_cache,
		&ca_scanner_aws_env,
	};

	(void)state;
	for (size_t m = 0; m < CA_ARRAY_SIZE(mods); m++) {
		size_t n = strlen(mods[m]->name);
		assert_string_equal(mods[m]->surface, "cloud");
		for (const struct ca_rule_doc *r = mods[m]->rules; r->id; r++) {
			assert_int_equal(strncmp(r->id, mods[m]->name, n), 0);
			assert_int_equal(r->id[n], '.');
			assert_non_null(ca_kind_find(r->kind));
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_credentials),
		cmocka_unit_test(test_config_delegations),
		cmocka_unit_test(test_malformed_ini),
		cmocka_unit_test(test_many_sections),
		cmocka_unit_test(test_sso_cache),
		cmocka_unit_test(test_cli_cache),
		cmocka_unit_test(test_env_moved_files),
		cmocka_unit_test(test_links_resolve),
		cmocka_unit_test(test_claims_and_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
