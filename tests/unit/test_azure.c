/* test_azure.c - ~/.azure: the MSAL token cache (live and expired access
 * tokens with scopes, FOCI and plain refresh tokens, owners from Account
 * and IdToken entries, subscription reach from a BOM-prefixed
 * azureProfile.json), service principals with secrets and certificates,
 * the legacy ADAL accessTokens.json; then truncated JSON, wrong types and
 * huge strings. No secret reaches the inventory. */
#include "tests/unit/cloud_unit.h"

extern const struct ca_scanner ca_scanner_azure;

#define HOME    "/home/alice"
#define AZ      HOME "/.azure"
#define MSAL    AZ "/msal_token_cache.json"
#define PROFILE AZ "/azureProfile.json"
#define SPS     AZ "/service_principal_entries.json"
#define ADAL    AZ "/accessTokens.json"
#define CLI     "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
#define TID1    "72f988bf-86f1-41af-91ab-2d7cd011db47"
#define TID2    "0b2c4d6e-1111-4a4a-9c9c-123456789abc"

static char *
profile_json(void)
{
	return cu_fmt(
	    "\xef\xbb\xbf{\"installationId\": \"5f2c\", "
	    "\"subscriptions\": ["
	    "{\"id\": \"s1\", \"name\": \"Prod\", \"state\": \"Enabled\", "
	    "\"tenantId\": \"" TID1 "\", \"isDefault\": true, \"user\": "
	    "{\"name\": \"alice@contoso.test\", \"type\": \"user\"}},"
	    "{\"id\": \"s2\", \"name\": \"Dev\", \"tenantId\": \"" TID1 "\", "
	    "\"user\": {\"name\": \"Alice@Contoso.test\", \"type\": \"user\"}},"
	    "{\"id\": \"s3\", \"name\": \"Sandbox\", \"tenantId\": \"" TID1
	    "\", \"user\": {\"name\": \"alice@contoso.test\", \"type\": "
	    "\"user\"}},"
	    "{\"id\": \"s4\", \"name\": \"Partner\", \"tenantId\": \"" TID2
	    "\", \"user\": {\"name\": \"bob@fabrikam.test\", \"type\": "
	    "\"user\"}}]}");
}

struct msal {
	char *at_live, *at_old, *at_orphan, *rt_foci, *rt_bob, *rt_carol;
	char *idt_carol, *json;
	long long live, old;
};

static void
msal_make(struct msal *m)
{
	long long now = (long long)time(NULL);
	char *p;

	m->live = now + 3600;
	m->old = now - 7200;
	m->at_live = cu_jwt("{\"aud\":\"https://management.core.windows.net/\","
	                    "\"upn\":\"alice@contoso.test\"}",
	    11);
	m->at_old = cu_jwt("{\"aud\":\"https://graph.microsoft.com\"}", 12);
	m->at_orphan = cu_jwt("{\"aud\":\"https://vault.azure.net\"}", 13);
	m->rt_foci = cu_token("0.AXkAv4j5cvGGr0GRqy180BHbR", CU_ALNUM, 300, 14);
	m->rt_bob = cu_token("0.ARoAbC", CU_ALNUM, 280, 15);
	m->rt_carol = cu_token("1.AVEAx", CU_ALNUM, 250, 16);
	p = cu_fmt(
	    "{\"aud\":\"" CLI "\",\"preferred_username\":"
	    "\"carol@contoso.test\",\"oid\":\"oid3\",\"tid\":\"" TID1 "\"}");
	m->idt_carol = cu_jwt(p, 17);
	free(p);
	m->json = cu_fmt(
	    "{\n"
	    "  \"Account\": {\n"
	    "    \"oid1." TID1 "-login.microsoftonline.com-" TID1 "\": {\n"
	    "      \"home_account_id\": \"oid1." TID1 "\",\n"
	    "      \"environment\": \"login.microsoftonline.com\",\n"
	    "      \"realm\": \"" TID1 "\", \"local_account_id\": \"oid1\",\n"
	    "      \"username\": \"alice@contoso.test\",\n"
	    "      \"authority_type\": \"MSSTS\"},\n"
	    "    \"oid2." TID2 "-login.microsoftonline.com-" TID2 "\": {\n"
	    "      \"home_account_id\": \"oid2." TID2 "\",\n"
	    "      \"environment\": \"login.microsoftonline.com\",\n"
	    "      \"realm\": \"" TID2 "\",\n"
	    "      \"username\": \"bob@fabrikam.test\","
	    " \"authority_type\": \"MSSTS\"}\n"
	    "  },\n"
	    "  \"AccessToken\": {\n"
	    "    \"k1\": {\"credential_type\": \"AccessToken\",\n"
	    "      \"secret\": \"%s\",\n"
	    "      \"home_account_id\": \"oid1." TID1 "\",\n"
	    "      \"environment\": \"login.microsoftonline.com\",\n"
	    "      \"client_id\": \"" CLI "\", \"realm\": \"" TID1 "\",\n"
	    "      \"target\": \"https://management.core.windows.net//"
	    "user_impersonation "
	    "https://management.core.windows.net//.default\","
	    "\n      \"token_type\": \"Bearer\", \"cached_at\": \"%lld\",\n"
	    "      \"expires_on\": \"%lld\", "
	    "\"extended_expires_on\": \"%lld\"},"
	    "\n    \"k2\": {\"credential_type\": \"AccessToken\",\n"
	    "      \"secret\": \"%s\",\n"
	    "      \"home_account_id\": \"oid1." TID1 "\",\n"
	    "      \"client_id\": \"" CLI "\", \"realm\": \"" TID1 "\",\n"
	    "      \"target\": \"https://graph.microsoft.com/.default\",\n"
	    "      \"expires_on\": \"%lld\"},\n"
	    "    \"k3\": {\"credential_type\": \"AccessToken\",\n"
	    "      \"secret\": \"%s\", \"home_account_id\": \"oid9.tid9\",\n"
	    "      \"client_id\": \"1950a258-227b-4e31-a9cf-717495945fc2\",\n"
	    "      \"realm\": \"tid9\", \"target\": \"https://vault.azure.net/"
	    ".default\", \"expires_on\": %lld},\n"
	    "    \"decoy\": {\"credential_type\": \"AccessToken\", "
	    "\"secret\": \"\", \"expires_on\": \"1\"},\n"
	    "    \"decoy2\": {\"credential_type\": \"AccessToken\", "
	    "\"secret\": \"<redacted>\", \"expires_on\": \"1\"}\n"
	    "  },\n"
	    "  \"RefreshToken\": {\n"
	    "    \"r1\": {\"credential_type\": \"RefreshToken\",\n"
	    "      \"secret\": \"%s\",\n"
	    "      \"home_account_id\": \"oid1." TID1 "\",\n"
	    "      \"environment\": \"login.microsoftonline.com\",\n"
	    "      \"client_id\": \"" CLI "\", \"target\": \"\",\n"
	    "      \"last_modification_time\": \"%lld\", "
	    "\"family_id\": \"1\"},\n"
	    "    \"r2\": {\"credential_type\": \"RefreshToken\",\n"
	    "      \"secret\": \"%s\", \"home_account_id\": \"oid2." TID2 "\","
	    "\n      \"client_id\": \"" CLI "\"},\n"
	    "    \"r3\": {\"credential_type\": \"RefreshToken\",\n"
	    "      \"secret\": \"%s\", \"home_account_id\": \"oid3." TID1 "\","
	    "\n      \"client_id\": \"" CLI "\"}\n"
	    "  },\n"
	    "  \"IdToken\": {\n"
	    "    \"i3\": {\"credential_type\": \"IdToken\", \"secret\": \"%s\","
	    "\n      \"home_account_id\": \"oid3." TID1 "\", \"realm\": \"" TID1
	    "\", \"client_id\": \"" CLI "\"}\n"
	    "  },\n"
	    "  \"AppMetadata\": {\"appmetadata-login.microsoftonline.com-" CLI
	    "\": {\"client_id\": \"" CLI "\", \"environment\": "
	    "\"login.microsoftonline.com\", \"family_id\": \"1\"}}\n"
	    "}\n",
	    m->at_live, now - 60, m->live, m->live + 3600, m->at_old, m->old,
	    m->at_orphan, now + 600, m->rt_foci, now, m->rt_bob, m->rt_carol,
	    m->idt_carol);
}

static void
msal_free(struct msal *m)
{
	free(m->at_live);
	free(m->at_old);
	free(m->at_orphan);
	free(m->rt_foci);
	free(m->rt_bob);
	free(m->rt_carol);
	free(m->idt_carol);
	free(m->json);
}

static void
assert_no_msal_secret(const struct ca_inventory *inv, const struct msal *m)
{
	assert_no_piece(inv, m->at_live);
	assert_no_piece(inv, m->at_old);
	assert_no_piece(inv, m->at_orphan);
	assert_no_piece(inv, m->rt_foci);
	assert_no_piece(inv, m->rt_bob);
	assert_no_piece(inv, m->rt_carol);
	assert_no_piece(inv, m->idt_carol);
}

static void
test_msal(void **state)
{
	struct msal m;
	char *prof = profile_json();
	struct ca_inventory *inv;
	const struct ca_credential *c;
	char want[32];

	(void)state;
	msal_make(&m);
	{
		struct unit_file files[] = {
			{ MSAL, m.json, 0 },
			{ PROFILE, prof, 0 },
		};
		inv = scan_files(&ca_scanner_azure, files, 2, MSAL, HOME);
	}
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 6); /* IdTokens and decoys are not */

	c = find_secret(inv, m.at_live);
	assert_non_null(c);
	assert_string_equal(c->kind, "azure-access-token");
	assert_string_equal(c->rule, "azure.msal-access-token");
	assert_string_equal(c->surface, "cloud");
	assert_string_equal(c->identity, "alice@contoso.test");
	assert_false(c->standing);
	{
		time_t t = (time_t)m.live;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	assert_string_equal(c->expires, want);
	assert_int_equal(c->nscopes, 2);
	assert_true(
	    has_scope(c, "https://management.core.windows.net//.default"));
	assert_true(has_scope(c,
	    "https://management.core.windows.net//user_impersonation"));
	assert_true(has_reason(c,
	    "MSAL access token for Azure CLI in "
	    "tenant " TID1 "; reaches 3 subscriptions"));
	assert_false(has_reason(c, "expired"));
	assert_int_equal(c->locations[0].line, 17);

	c = find_secret(inv, m.at_old);
	assert_non_null(c);
	assert_true(has_reason(c, "expired"));
	assert_int_equal(c->risk, CA_RISK_LOW);

	/* no Account: the tenant; a numeric expires_on works too */
	c = find_secret(inv, m.at_orphan);
	assert_non_null(c);
	assert_string_equal(c->identity, "tenant tid9");
	assert_non_null(c->expires);
	assert_true(has_reason(c, "client 1950a258-"));

	c = find_secret(inv, m.rt_foci);
	assert_non_null(c);
	assert_string_equal(c->kind, "azure-refresh-token");
	assert_true(c->standing);
	assert_null(c->expires);
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	assert_true(has_reason(c, "FOCI family refresh token"));
	assert_true(has_anchor(c, "azure-cli:" HOME));

	c = find_secret(inv, m.rt_bob);
	assert_non_null(c);
	assert_string_equal(c->identity, "bob@fabrikam.test");
	assert_false(has_reason(c, "FOCI"));
	assert_true(has_reason(c, "reaches 1 subscription"));

	/* owner from the IdToken when there is no Account entry */
	c = find_secret(inv, m.rt_carol);
	assert_non_null(c);
	assert_string_equal(c->identity, "carol@contoso.test");

	assert_no_msal_secret(inv, &m);
	ca_inventory_free(inv);

	/* without azureProfile.json nothing is said of subscriptions */
	inv = scan_one(&ca_scanner_azure, MSAL, HOME, m.json, 0);
	assert_int_equal(inv->ncreds, 6);
	c = find_secret(inv, m.at_live);
	assert_false(has_reason(c, "reaches"));
	ca_inventory_free(inv);
	msal_free(&m);
	free(prof);
}

/* azureProfile.json is read for its warnings only, BOM and all. */
static void
test_profile(void **state)
{
	char *prof = profile_json();
	struct ca_inventory *inv;

	(void)state;
	inv = scan_one(&ca_scanner_azure, PROFILE, HOME, prof, 0);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 0);
	ca_inventory_free(inv);
	prof[40] = '\0';
	inv = scan_one(&ca_scanner_azure, PROFILE, HOME, prof, 0);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	assert_true(has_error(inv, "invalid JSON at line 1"));
	ca_inventory_free(inv);
	free(prof);
}

static void
test_service_principals(void **state)
{
	char *secret = cu_token("Xy38Q~", CU_ALNUM "_~.-", 34, 21);
	char *old_secret = cu_token("", CU_ALNUM, 40, 22);
	char *key = cu_fmt(
	    "-----BEGIN PRIVATE KEY-----\n%s\n"
	    "-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nMIIB\n"
	    "-----END CERTIFICATE-----\n",
	    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49"
	    "AwEHBG0wawIBAQQg7Kq2mVd");
	char *json = cu_fmt(
	    "[\n"
	    "  {\"client_id\": \"11111111-2222-3333-4444-555555555555\",\n"
	    "   \"tenant\": \"" TID1 "\",\n"
	    "   \"client_secret\": \"%s\"},\n"
	    "  {\"client_id\": \"66666666-7777-8888-9999-000000000000\",\n"
	    "   \"tenant\": \"" TID2 "\",\n"
	    "   \"certificate\": \"~/certs/sp.pem\", "
	    "\"use_cert_sn_issuer\": true},\n"
	    "  {\"servicePrincipalId\": "
	    "\"abababab-0000-0000-0000-000000000001\",\n"
	    "   \"servicePrincipalTenant\": \"" TID1 "\", "
	    "\"secret\": \"%s\"},\n"
	    "  {\"client_id\": \"cdcdcdcd-0000-0000-0000-000000000002\", "
	    "\"tenant\": \"" TID1 "\", \"client_secret\": \"${SP_SECRET}\"},\n"
	    "  \"garbage\"\n"
	    "]\n",
	    secret, old_secret);
	struct unit_file files[] = {
		{ SPS, json, 0 },
		{ HOME "/certs/sp.pem", key, 0 },
	};
	struct ca_inventory *inv = scan_files(&ca_scanner_azure, files, 2, SPS,
	    HOME);
	const struct ca_credential *c;

	(void)state;
	assert_int_equal(inv->ncreds, 3);
	c = find_secret(inv, secret);
	assert_non_null(c);
	assert_string_equal(c->kind, "azure-sp-secret");
	assert_string_equal(c->identity,
	    "app 11111111-2222-3333-4444-"
	    "555555555555 in tenant " TID1);
	assert_true(c->standing);
	assert_null(c->expires);
	assert_true(has_anchor(c, "azure-cli:" HOME));
	assert_int_equal(c->locations[0].line, 4);
	c = find_secret(inv, old_secret);
	assert_non_null(c);
	assert_string_equal(c->identity,
	    "app abababab-0000-0000-0000-"
	    "000000000001 in tenant " TID1);
	c = find_ref(inv,
	    "azure-sp-cert:66666666-7777-8888-9999-"
	    "000000000000:~/certs/sp.pem");
	assert_non_null(c);
	assert_string_equal(c->kind, "azure-sp-certificate");
	assert_null(c->redacted);
	assert_true(has_reason(c, "unencrypted private key"));
	/* the string in the list is one shape warning */
	assert_int_equal(inv->nerrors, 1);
	assert_true(has_error(inv, "1 entry of an unexpected shape"));
	assert_no_piece(inv, secret);
	assert_no_piece(inv, old_secret);
	ca_inventory_free(inv);
	free(secret);
	free(old_secret);
	free(key);
	free(json);
}

static void
test_adal(void **state)
{
	char *at = cu_jwt("{\"aud\":\"https://management.core.windows.net/\"}",
	    31);
	char *rt = cu_token("AQABAAAAAAB", CU_ALNUM, 200, 32);
	char *sp = cu_token("", CU_ALNUM "-_", 44, 33);
	char *json = cu_fmt(
	    "[{\"tokenType\": \"Bearer\", \"expiresIn\": 3599,"
	    " \"expiresOn\": \"2019-05-08 15:09:41.513148\",\n"
	    "  \"resource\": \"https://management.core.windows.net/\",\n"
	    "  \"accessToken\": \"%s\",\n  \"refreshToken\": \"%s\",\n"
	    "  \"oid\": \"oid1\", \"userId\": \"alice@contoso.test\", "
	    "\"isMRRT\": true,\n"
	    "  \"_clientId\": \"" CLI "\",\n"
	    "  \"_authority\": \"https://login.microsoftonline.com/" TID1 "\"},"
	    "\n {\"servicePrincipalId\": "
	    "\"abababab-0000-0000-0000-000000000009\","
	    " \"servicePrincipalTenant\": \"" TID2 "\","
	    " \"accessToken\": \"%s\"}]"
	    "\n",
	    at, rt, sp);
	struct ca_inventory *inv = scan_one(&ca_scanner_azure, ADAL, HOME, json,
	    0);
	const struct ca_credential *c;

	(void)state;
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 3);
	c = find_secret(inv, at);
	assert_non_null(c);
	assert_string_equal(c->rule, "azure.adal-access-token");
	assert_string_equal(c->identity, "alice@contoso.test");
	assert_string_equal(c->expires, "2019-05-08T15:09:41Z");
	assert_true(has_reason(c, "expired"));
	assert_true(has_scope(c, "https://management.core.windows.net/"));
	c = find_secret(inv, rt);
	assert_non_null(c);
	assert_string_equal(c->kind, "azure-refresh-token");
	assert_true(c->standing);
	assert_true(has_reason(c, "multi-resource refresh token"));
	c = find_secret(inv, sp);
	assert_non_null(c);
	assert_string_equal(c->kind, "azure-sp-secret");
	assert_true(has_reason(c, "accessTokens.json"));
	assert_no_piece(inv, at);
	assert_no_piece(inv, rt);
	assert_no_piece(inv, sp);
	ca_inventory_free(inv);
	free(at);
	free(rt);
	free(sp);
	free(json);
}

static void
test_malformed(void **state)
{
	struct msal m;
	struct ca_inventory *inv;
	struct strbuf sb = STRBUF_INIT(64u << 20);
	char *tok = cu_token("", CU_ALNUM, 60, 41);
	char *json;

	(void)state;
	msal_make(&m);
	/* truncated: one error, nothing emitted, no secret in it */
	m.json[strlen(m.json) / 2] = '\0';
	inv = scan_one(&ca_scanner_azure, MSAL, HOME, m.json, 0);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	assert_true(has_error(inv, "invalid JSON at line"));
	assert_no_msal_secret(inv, &m);
	ca_inventory_free(inv);
	msal_free(&m);

	/* wrong types: sections and entries that are not objects, secrets
	 * that are not strings */
	json = cu_fmt("{\"AccessToken\": [1, 2], \"RefreshToken\": {\"a\": 7, "
	              "\"b\": {\"secret\": 12}, \"c\": {\"secret\": \"%s\"}}, "
	              "\"Account\": \"x\"}",
	    tok);
	inv = scan_one(&ca_scanner_azure, MSAL, HOME, json, 0);
	assert_int_equal(inv->ncreds, 1);
	assert_non_null(find_secret(inv, tok));
	assert_true(has_error(inv, "3 entries of an unexpected shape"));
	assert_no_piece(inv, tok);
	ca_inventory_free(inv);
	free(json);

	/* a document that is not an object at all */
	inv = scan_one(&ca_scanner_azure, MSAL, HOME, "[\"a\", 1]", 0);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);

	/* huge strings and a huge file: found, no line search, no copy */
	strbuf_addstr(&sb, "{\"AccessToken\": {\"big\": {\"secret\": \"");
	for (size_t i = 0; i < (6u << 20); i++)
		strbuf_addch(&sb, CU_ALNUM[(i * 7 + i / 61) % 62]);
	strbuf_addf(&sb,
	    "\", \"expires_on\": \"99999999999999999999\"}, "
	    "\"ok\": {\"secret\": \"%s\", \"expires_on\": \"-5\"}}}",
	    tok);
	inv = scan_one(&ca_scanner_azure, MSAL, HOME, sb.buf, sb.len);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 2);
	assert_non_null(find_secret(inv, tok));
	assert_null(find_secret(inv, tok)->expires);
	ca_inventory_free(inv);
	strbuf_release(&sb);

	/* binary bytes */
	inv = scan_one(&ca_scanner_azure, SPS, HOME, "\x00\x01\x02{[", 5);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
	free(tok);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_msal),
		cmocka_unit_test(test_profile),
		cmocka_unit_test(test_service_principals),
		cmocka_unit_test(test_adal),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
