/* test_gcp.c - the Google Cloud module: gcloud's credentials.db and
 * access_tokens.db (built here with the SQLite API and serialised), the
 * active configuration, impersonation and credential_file_override, ADC
 * of every type, legacy credentials, service-account key files; corrupt,
 * encrypted, truncated and hostile SQLite files, WAL-mode files, malformed
 * JSON; and no secret in any string of the inventory. */
#include "tests/unit/cloudkit_unit.h"
#include <sqlite3.h>
#include "lib/glob.h"

extern const struct ca_scanner ca_scanner_gcp;
extern const struct ca_scanner ca_scanner_aws_env;
extern const struct ca_scanner ca_scanner_gcp_env;

#define GDIR      HOME "/.config/gcloud"
#define CREDS_DB  GDIR "/credentials.db"
#define TOKENS_DB GDIR "/access_tokens.db"
#define ADC       GDIR "/application_default_credentials.json"

static const char b62[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* ---- fixtures -------------------------------------------------------- */

static sqlite3 *
db_new(const char *schema)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, schema, NULL, NULL, NULL), SQLITE_OK);
	return db;
}

/* Runs 'sql' with up to four text parameters (NULL binds NULL). */
static void
db_run(sqlite3 *db, const char *sql, const char *a, const char *b,
    const char *c, const char *d)
{
	const char *v[4] = { a, b, c, d };
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	for (int i = 0; i < sqlite3_bind_parameter_count(st) && i < 4; i++) {
		if (v[i])
			sqlite3_bind_text(st, i + 1, v[i], -1,
			    SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, i + 1);
	}
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/* Serialises and closes 'db'; returns malloc'ed bytes. */
static unsigned char *
db_bytes(sqlite3 *db, size_t *len)
{
	sqlite3_int64 n = 0;
	unsigned char *p = sqlite3_serialize(db, "main", &n, 0);
	unsigned char *out = malloc((size_t)n);

	assert_non_null(p);
	memcpy(out, p, (size_t)n);
	sqlite3_free(p);
	sqlite3_close(db);
	*len = (size_t)n;
	return out;
}

static void
add_db(struct ca_target *t, const char *path, sqlite3 *db)
{
	size_t n;
	unsigned char *p = db_bytes(db, &n);

	add_bytes(t, path, p, n);
	free(p);
}

static void
make_jwt(const char *email, char *out, size_t cap)
{
	char payload[256], h[128], p[512], sig[44];

	snprintf(payload, sizeof(payload),
	    "{\"iss\":\"https://accounts.google."
	    "com\",\"email\":\"%s\",\"exp\":4070908800}",
	    email);
	b64_encode(UNIT_JWT_HEADER, strlen(UNIT_JWT_HEADER), h, true);
	b64_encode(payload, strlen(payload), p, true);
	rand_str(b62, 77, 43, sig);
	snprintf(out, cap, "%s.%s.%s", h, p, sig);
}

/* A PEM-shaped synthetic private key, JSON-escaped ("\n" as two bytes)
 * in 'json' and raw in 'raw'. */
static void
make_pem(unsigned int seed, char *raw, size_t rcap, char *json, size_t jcap)
{
	char body[201];

	rand_str(b62, seed, 200, body);
	snprintf(raw, rcap,
	    "-----BEGIN PRIVATE KEY-----\n%.64s\n%.64s\n%.64s\n%s\n"
	    "-----END PRIVATE KEY-----\n",
	    body, body + 64, body + 128, body + 192);
	snprintf(json, jcap,
	    "-----BEGIN PRIVATE KEY-----\\n%.64s\\n%.64s\\n%.64s\\n"
	    "%s\\n-----END PRIVATE KEY-----\\n",
	    body, body + 64, body + 128, body + 192);
}

static char rt1[80], rt2[80], cs1[40], pem_raw[400], pem_json[420];
static char at1[200], at2[200], jwt[1200];

static void
make_secrets(void)
{
	memcpy(rt1, "1//0g", 5);
	rand_str(b62, 11, 70, rt1 + 5);
	memcpy(rt2, "1//0e", 5);
	rand_str(b62, 12, 70, rt2 + 5);
	rand_str(b62, 13, 24, cs1);
	make_pem(14, pem_raw, sizeof(pem_raw), pem_json, sizeof(pem_json));
	memcpy(at1, "ya29.", 5);
	rand_str(b62, 15, 150, at1 + 5);
	memcpy(at2, "ya29.", 5);
	rand_str(b62, 16, 150, at2 + 5);
	make_jwt("alice@example.com", jwt, sizeof(jwt));
}

static void
add_credentials_db(struct ca_target *t, const char *path)
{
	sqlite3 *db = db_new("CREATE TABLE IF NOT EXISTS \"credentials\" "
	                     "(account_id TEXT PRIMARY KEY, value BLOB)");
	const char *ins = "INSERT INTO credentials VALUES (?, ?)";
	char v[2048];

	snprintf(v, sizeof(v),
	    "{\n  \"client_id\": \"32555940559.apps."
	    "googleusercontent.com\",\n  \"client_secret\": \"%s\",\n"
	    "  \"refresh_token\": \"%s\",\n  \"revoke_uri\": \"https://accounts."
	    "google.com/o/oauth2/revoke\",\n  \"scopes\": [\n    \"openid\",\n"
	    "    \"https://www.googleapis.com/auth/cloud-platform\"\n  ],\n"
	    "  \"token_uri\": \"https://oauth2.googleapis.com/token\",\n"
	    "  \"type\": \"authorized_user\"\n}",
	    cs1, rt1);
	db_run(db, ins, "alice@example.com", v, NULL, NULL);
	snprintf(v, sizeof(v),
	    "{\"client_email\": \"deployer@proj-123.iam."
	    "gserviceaccount.com\", \"client_id\": \"1045\", \"private_key\": "
	    "\"%s\", \"private_key_id\": \"3f2a9c0d4e5b6a7980112233445566778899aabb"
	    "\", \"project_id\": \"proj-123\", \"token_uri\": \"https://oauth2."
	    "googleapis.com/token\", \"type\": \"service_account\"}",
	    pem_json);
	db_run(db, ins, "deployer@proj-123.iam.gserviceaccount.com", v, NULL,
	    NULL);
	snprintf(v, sizeof(v),
	    "{\"type\": \"authorized_user\", \"client_id\": "
	    "\"x\", \"client_secret\": \"%s\", \"refresh_token\": \"%s\", "
	    "\"scopes\": \"openid email\"}",
	    cs1, rt2);
	db_run(db, ins, "bob@partner.example#example-universe.com", v, NULL,
	    NULL);
	db_run(db, ins, "external-ci",
	    "{\"type\": \"external_account\", "
	    "\"audience\": \"//iam.googleapis.com/projects/1/locations/global/"
	    "workloadIdentityPools/p/providers/gh\", \"subject_token_type\": "
	    "\"urn:ietf:params:oauth:token-type:jwt\", \"token_url\": "
	    "\"https://sts.googleapis.com/v1/token\", \"credential_source\": "
	    "{\"file\": \"/var/run/secrets/token\"}, "
	    "\"service_account_impersonation_url\": \"https://iamcredentials."
	    "googleapis.com/v1/projects/-/serviceAccounts/ci@proj-123.iam."
	    "gserviceaccount.com:generateAccessToken\"}",
	    NULL, NULL);
	db_run(db, ins, "vm", "{\"type\": \"gce\"}", NULL, NULL);
	db_run(db, ins, "broken", "{\"type\": \"authorized_user\", \"refresh",
	    NULL, NULL);
	db_run(db, ins, "nothing", NULL, NULL, NULL);
	add_db(t, path, db);
}

static void
add_tokens_db(struct ca_target *t, const char *path)
{
	sqlite3 *db = db_new(
	    "CREATE TABLE IF NOT EXISTS \"access_tokens\" "
	    "(account_id TEXT PRIMARY KEY, access_token TEXT, token_expiry "
	    "TIMESTAMP, rapt_token TEXT, id_token TEXT)");
	const char *ins =
	    "INSERT INTO access_tokens (account_id, access_token, "
	    "token_expiry, id_token) VALUES (?, ?, ?, ?)";

	db_run(db, ins, "alice@example.com", at1, "2099-01-01 00:00:00.123456",
	    jwt);
	db_run(db, ins, "bob@partner.example#example-universe.com", at2,
	    "2020-01-01 10:00:00", NULL);
	db_run(db, ins, "empty", NULL, "2099-01-01 00:00:00", NULL);
	add_db(t, path, db);
}

static void
add_config(struct ca_target *t)
{
	add_text(t, GDIR "/active_config", "default\n");
	add_text(t, GDIR "/configurations/config_default",
	    "[core]\naccount = alice@example.com\nproject = proj-123\n"
	    "disable_usage_reporting = True\n\n[compute]\nregion = "
	    "europe-west1\n");
}

/* ---- tests ----------------------------------------------------------- */

static void
test_credentials_db(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c;
	struct ca_inventory *inv;

	(void)state;
	make_secrets();
	add_credentials_db(t, CREDS_DB);
	add_config(t);
	inv = scan_with(t, &ca_scanner_gcp, CREDS_DB);
	assert_int_equal(inv->ncreds, 4);
	assert_int_equal(inv->nerrors, 1);
	assert_true(has_error(inv,
	    "invalid JSON at line 1 in gcloud's "
	    "credential store (account broken)"));

	c = find_secret(inv, rt1);
	assert_non_null(c);
	assert_string_equal(c->kind, "gcp-user-refresh-token");
	assert_string_equal(c->rule, "gcp.user-refresh-token");
	assert_string_equal(c->identity,
	    "alice@example.com (project proj-123)");
	assert_true(c->standing);
	assert_null(c->expires);
	assert_true(has_scope(c,
	    "https://www.googleapis.com/auth/"
	    "cloud-platform"));
	assert_true(has_scope(c, "openid"));
	assert_true(has_anchor(c, "gcloud-account:" HOME ":alice@example.com"));
	assert_true(has_reason(c, "active gcloud configuration 'default'"));
	assert_string_equal(c->locations[0].path, CREDS_DB);

	c = find_secret(inv, pem_json);
	assert_non_null(c);
	assert_string_equal(c->kind, "gcp-service-account-key");
	assert_string_equal(c->identity,
	    "deployer@proj-123.iam."
	    "gserviceaccount.com (project proj-123)");
	assert_true(has_reason(c, "3f2a9c0d4e5b6a7980112233445566778899aabb"));
	assert_true(has_anchor(c,
	    "gcloud-account:" HOME ":deployer@proj-123."
	    "iam.gserviceaccount.com"));

	/* "#universe" is not part of the email */
	c = find_secret(inv, rt2);
	assert_non_null(c);
	assert_string_equal(c->identity, "bob@partner.example");
	assert_true(has_scope(c, "email"));

	c = find_ref(inv,
	    "gcp-external-account:" HOME ":external-ci://iam."
	    "googleapis.com/projects/1/locations/global/workloadIdentityPools/p/"
	    "providers/gh");
	assert_non_null(c);
	assert_string_equal(c->kind, "gcp-external-account");
	assert_string_equal(c->identity, "ci@proj-123.iam.gserviceaccount.com");
	assert_true(has_reason(c, "the token file /var/run/secrets/token"));
	assert_null(c->redacted);

	assert_no_secret(inv, rt1);
	assert_no_secret(inv, rt2);
	assert_no_secret(inv, cs1);
	assert_no_secret(inv, pem_raw + 28);
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_access_tokens_db(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c;
	struct ca_inventory *inv;
	sqlite3 *db;

	(void)state;
	make_secrets();
	add_tokens_db(t, TOKENS_DB);
	add_config(t);
	inv = scan_with(t, &ca_scanner_gcp, TOKENS_DB);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 2);
	c = find_secret(inv, at1);
	assert_non_null(c);
	assert_string_equal(c->kind, "gcp-access-token");
	assert_string_equal(c->identity,
	    "alice@example.com (project proj-123)");
	assert_string_equal(c->expires, "2099-01-01T00:00:00Z");
	assert_false(c->standing);
	assert_int_equal(strncmp(c->redacted, "ya29.", 5), 0);
	assert_true(has_anchor(c, "gcloud-account:" HOME ":alice@example.com"));
	c = find_secret(inv, at2);
	assert_non_null(c);
	assert_string_equal(c->identity, "bob@partner.example");
	assert_string_equal(c->expires, "2020-01-01T10:00:00Z");
	assert_int_equal(c->risk, CA_RISK_LOW);
	assert_true(has_reason(c, "expired"));
	assert_no_secret(inv, at1);
	assert_no_secret(inv, at2);
	ca_inventory_free(inv);

	/* the schema before id_token was added; a -wal file next to it */
	db = db_new(
	    "CREATE TABLE access_tokens (account_id TEXT PRIMARY KEY, "
	    "access_token TEXT, token_expiry TIMESTAMP, rapt_token TEXT)");
	db_run(db, "INSERT INTO access_tokens VALUES (?, ?, ?, NULL)",
	    "carol@example.com", at2, "2099-12-31 23:59:59", NULL);
	add_db(t, HOME "/old/.config/gcloud/access_tokens.db", db);
	add_text(t, HOME "/old/.config/gcloud/access_tokens.db-wal", "WAL!");
	inv = scan_with(t, &ca_scanner_gcp,
	    HOME "/old/.config/gcloud/access_tokens.db");
	assert_int_equal(inv->nerrors, 0);
	c = find_secret(inv, at2);
	assert_non_null(c);
	assert_string_equal(c->identity, "carol@example.com");
	assert_string_equal(c->expires, "2099-12-31T23:59:59Z");
	assert_true(has_reason(c, "recent rows may be in the -wal file"));
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_bad_sqlite(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv;
	unsigned char *bytes, junk[8192];
	size_t n;
	sqlite3 *db;
	char *big;

	(void)state;
	make_secrets();
	rand_str(b62, 5, sizeof(junk) - 1, (char *)junk);
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] ^= (unsigned char)(rng() & 0x80);

	/* encrypted or random bytes */
	add_bytes(t, CREDS_DB, junk, sizeof(junk));
	inv = scan_with(t, &ca_scanner_gcp, CREDS_DB);
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "credentials.db is not a SQLite database"));
	ca_inventory_free(inv);

	/* the right header, garbage pages */
	memcpy(junk, "SQLite format 3", 16);
	add_bytes(t, TOKENS_DB, junk, sizeof(junk));
	inv = scan_with(t, &ca_scanner_gcp, TOKENS_DB);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	assert_true(has_error(inv, "cannot read access_tokens.db"));
	ca_inventory_free(inv);

	/* a real store cut short: rows on lost pages */
	db = db_new("CREATE TABLE credentials (account_id TEXT PRIMARY KEY, "
	            "value BLOB)");
	big = malloc(20001);
	for (int i = 0; i < 8; i++) {
		char acct[32];
		rand_str(b62, 600 + (unsigned)i, 20000, big);
		memcpy(big, "{\"type\":\"x\",\"k\":\"", 17);
		memcpy(big + 19998, "\"}", 3);
		snprintf(acct, sizeof(acct), "user%d@example.com", i);
		db_run(db, "INSERT INTO credentials VALUES (?, ?)", acct, big,
		    NULL, NULL);
	}
	bytes = db_bytes(db, &n);
	add_bytes(t, HOME "/cut/.config/gcloud/credentials.db", bytes, n / 3);
	inv = scan_with(t, &ca_scanner_gcp,
	    HOME "/cut/.config/gcloud/"
	         "credentials.db");
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "cannot read credentials.db"));
	ca_inventory_free(inv);
	free(bytes);

	/* no table; a view instead of the table (views are off) */
	db = db_new("CREATE TABLE other (x)");
	add_db(t, HOME "/none/.config/gcloud/credentials.db", db);
	inv = scan_with(t, &ca_scanner_gcp,
	    HOME "/none/.config/gcloud/"
	         "credentials.db");
	assert_true(has_error(inv, "has no credentials table"));
	ca_inventory_free(inv);
	db = db_new(
	    "CREATE TABLE t (account_id, value);"
	    "CREATE VIEW credentials AS WITH RECURSIVE c(x) AS (SELECT 1 "
	    "UNION ALL SELECT x + 1 FROM c) SELECT x AS account_id, x AS value "
	    "FROM c");
	add_db(t, HOME "/view/.config/gcloud/credentials.db", db);
	inv = scan_with(t, &ca_scanner_gcp,
	    HOME "/view/.config/gcloud/"
	         "credentials.db");
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);

	/* wrong columns */
	db = db_new("CREATE TABLE access_tokens (a, b)");
	add_db(t, HOME "/cols/.config/gcloud/access_tokens.db", db);
	inv = scan_with(t, &ca_scanner_gcp,
	    HOME "/cols/.config/gcloud/"
	         "access_tokens.db");
	assert_true(has_error(inv, "lacks account_id or access_token"));
	ca_inventory_free(inv);

	/* a WAL-mode header still reads (memro patches it on read) */
	db = db_new(
	    "CREATE TABLE access_tokens (account_id TEXT PRIMARY KEY, "
	    "access_token TEXT, token_expiry TIMESTAMP, rapt_token TEXT, "
	    "id_token TEXT)");
	db_run(db, "INSERT INTO access_tokens VALUES (?, ?, ?, NULL, NULL)",
	    "wal@example.com", at1, "2099-01-01 00:00:00", NULL);
	bytes = db_bytes(db, &n);
	bytes[18] = 2;
	bytes[19] = 2;
	add_bytes(t, HOME "/wal/.config/gcloud/access_tokens.db", bytes, n);
	free(bytes);
	inv = scan_with(t, &ca_scanner_gcp,
	    HOME "/wal/.config/gcloud/"
	         "access_tokens.db");
	assert_int_equal(inv->nerrors, 0);
	assert_non_null(find_secret(inv, at1));
	ca_inventory_free(inv);

	/* a value past SQLite's length limit here (16 MiB) */
	db = db_new("CREATE TABLE credentials (account_id TEXT PRIMARY KEY, "
	            "value BLOB)");
	free(big);
	big = malloc((17u << 20) + 1);
	memset(big, 'a', 17u << 20);
	big[17u << 20] = '\0';
	db_run(db, "INSERT INTO credentials VALUES (?, ?)", "huge", big, NULL,
	    NULL);
	add_db(t, HOME "/huge/.config/gcloud/credentials.db", db);
	inv = scan_with(t, &ca_scanner_gcp,
	    HOME "/huge/.config/gcloud/"
	         "credentials.db");
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "cannot read credentials.db"));
	ca_inventory_free(inv);
	free(big);
	ca_target_free(t);
}

/* A store with more rows than accounts a person has is read up to the
 * cap, a row at a time, and says the rest were not read. */
static void
test_row_cap(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv;
	sqlite3 *db;
	char acct[64], tok[64];
	int cap = 10000;

	(void)state;
	db = db_new(
	    "CREATE TABLE access_tokens (account_id TEXT PRIMARY KEY, "
	    "access_token TEXT, token_expiry TIMESTAMP, rapt_token TEXT, "
	    "id_token TEXT)");
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (int i = 0; i < cap + 5; i++) {
		snprintf(acct, sizeof(acct), "user%d@example.com", i);
		snprintf(tok, sizeof(tok), "ya29.a0Af%06dQx7Rk2LmZp9Wc4Tn", i);
		db_run(db,
		    "INSERT INTO access_tokens VALUES (?, ?, ?, NULL, "
		    "NULL)",
		    acct, tok, "2099-01-01 00:00:00", NULL);
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	add_db(t, TOKENS_DB, db);
	inv = scan_with(t, &ca_scanner_gcp, TOKENS_DB);
	assert_int_equal(inv->ncreds, (size_t)cap);
	assert_true(has_error(inv,
	    "more than 10000 rows; the rest are not "
	    "read"));
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_adc(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c, *src;
	struct ca_inventory *inv;
	char buf[4096], rt3[80];

	(void)state;
	make_secrets();
	memcpy(rt3, "1//0h", 5);
	rand_str(b62, 17, 70, rt3 + 5);

	/* authorized_user: no email on record */
	snprintf(buf, sizeof(buf),
	    "{\n  \"account\": \"\",\n  \"client_id\": "
	    "\"764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps."
	    "googleusercontent.com\",\n  \"client_secret\": \"%s\",\n"
	    "  \"quota_project_id\": \"proj-123\",\n  \"refresh_token\": \"%s\",\n"
	    "  \"type\": \"authorized_user\",\n  \"universe_domain\": "
	    "\"googleapis.com\"\n}\n",
	    cs1, rt1);
	add_text(t, ADC, buf);
	inv = scan_with(t, &ca_scanner_gcp, ADC);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 1);
	c = find_secret(inv, rt1);
	assert_non_null(c);
	assert_string_equal(c->identity, "Google user (account not recorded)");
	assert_int_equal(c->locations[0].line, 6);
	assert_true(has_reason(c, "quota project proj-123"));
	assert_true(has_anchor(c, "gcloud-adc:" HOME ":" ADC));
	assert_no_secret(inv, rt1);
	assert_no_secret(inv, cs1);
	ca_inventory_free(inv);

	/* impersonated_service_account: the source is read in turn and the
	 * impersonation links to it */
	snprintf(buf, sizeof(buf),
	    "{\"delegates\": [], "
	    "\"service_account_impersonation_url\": \"https://iamcredentials."
	    "googleapis.com/v1/projects/-/serviceAccounts/deploy@proj-123.iam."
	    "gserviceaccount.com:generateAccessToken\", \"source_credentials\": "
	    "{\"client_id\": \"x\", \"client_secret\": \"%s\", \"refresh_token\":"
	    " \"%s\", \"type\": \"authorized_user\"}, \"type\": "
	    "\"impersonated_service_account\"}",
	    cs1, rt3);
	add_text(t,
	    HOME "/imp/.config/gcloud/"
	         "application_default_credentials.json",
	    buf);
	inv = scan_with(t, &ca_scanner_gcp,
	    HOME "/imp/.config/gcloud/"
	         "application_default_credentials.json");
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 2);
	src = find_secret(inv, rt3);
	assert_non_null(src);
	assert_true(has_reason(src, "source_credentials"));
	c = find_kind(inv, "gcp-impersonation");
	assert_non_null(c);
	assert_string_equal(c->identity,
	    "deploy@proj-123.iam."
	    "gserviceaccount.com");
	assert_int_equal(c->nlinks, 1);
	assert_true(has_anchor(src, c->links[0].ref));
	assert_int_equal(c->links[0].nto, 1);
	assert_string_equal(c->links[0].to[0], src->id);
	assert_no_secret(inv, rt3);
	ca_inventory_free(inv);

	/* external_account with an executable source: the command, masked */
	add_text(t,
	    HOME "/ext/.config/gcloud/"
	         "application_default_credentials.json",
	    "{\"type\": "
	    "\"external_account\", \"audience\": \"//iam.googleapis.com/"
	    "locations/global/workforcePools/wf/providers/okta\", "
	    "\"credential_source\": {\"executable\": {\"command\": "
	    "\"/opt/bin/okta-token --secret=Sup3rS3cretV4lue --json\"}}}");
	inv = scan_with(t, &ca_scanner_gcp,
	    HOME "/ext/.config/gcloud/"
	         "application_default_credentials.json");
	assert_int_equal(inv->ncreds, 1);
	c = inv->creds[0];
	assert_string_equal(c->kind, "gcp-external-account");
	assert_true(has_reason(c,
	    "the command /opt/bin/okta-token --secret=*** "
	    "--json"));
	assert_no_secret(inv, "Sup3rS3cretV4lue");
	ca_inventory_free(inv);

	/* truncated */
	add_text(t,
	    HOME "/tr/.config/gcloud/"
	         "application_default_credentials.json",
	    "{\"type\": "
	    "\"authorized_user\",\n\"refresh_token\": \"1//0abc");
	inv = scan_with(t, &ca_scanner_gcp,
	    HOME "/tr/.config/gcloud/"
	         "application_default_credentials.json");
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "invalid JSON at line 2"));
	assert_no_secret(inv, "1//0abc");
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_legacy_and_keys(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c;
	struct ca_inventory *inv;
	char buf[4096];
	const char *legacy = GDIR
	    "/legacy_credentials/alice@example.com/adc.json";
	const char *boto = GDIR "/legacy_credentials/alice@example.com/.boto";
	const char *keyfile = HOME
	    "/projects/deploy/proj-123-0123456789ab.json";

	(void)state;
	make_secrets();
	add_config(t);
	snprintf(buf, sizeof(buf),
	    "{\"client_id\": \"x\", \"client_secret\": "
	    "\"%s\", \"refresh_token\": \"%s\", \"type\": \"authorized_user\"}",
	    cs1, rt1);
	add_text(t, legacy, buf);
	snprintf(buf, sizeof(buf),
	    "[OAuth2]\nclient_id = x\nclient_secret = "
	    "%s\n\n[Credentials]\ngs_oauth2_refresh_token = %s\n",
	    cs1, rt1);
	add_text(t, boto, buf);
	snprintf(buf, sizeof(buf),
	    "{\n  \"type\": \"service_account\",\n"
	    "  \"project_id\": \"proj-123\",\n  \"private_key_id\": \"abc\",\n"
	    "  \"private_key\": \"%s\",\n  \"client_email\": \"deployer@proj-123."
	    "iam.gserviceaccount.com\",\n  \"client_id\": \"1045\"\n}\n",
	    pem_json);
	add_text(t, keyfile, buf);

	inv = scan_with(t, &ca_scanner_gcp, legacy);
	c = find_secret(inv, rt1);
	assert_non_null(c);
	assert_string_equal(c->identity,
	    "alice@example.com (project proj-123)");
	assert_true(has_anchor(c, "gcloud-account:" HOME ":alice@example.com"));
	ca_inventory_free(inv);

	inv = scan_with(t, &ca_scanner_gcp, boto);
	c = find_secret(inv, rt1);
	assert_non_null(c);
	assert_string_equal(c->identity,
	    "alice@example.com (project proj-123)");
	assert_int_equal(c->locations[0].line, 6);
	assert_int_equal(inv->ncreds, 1);
	assert_no_secret(inv, cs1);
	ca_inventory_free(inv);

	inv = scan_with(t, &ca_scanner_gcp, keyfile);
	assert_int_equal(inv->nerrors, 0);
	c = find_secret(inv, pem_json);
	assert_non_null(c);
	assert_string_equal(c->identity,
	    "deployer@proj-123.iam."
	    "gserviceaccount.com (project proj-123)");
	assert_int_equal(c->locations[0].line, 5);
	assert_true(c->standing);
	assert_string_equal(c->rule, "gcp.sa-key");
	assert_no_secret(inv, pem_raw + 28);
	ca_inventory_free(inv);

	/* the content rule sees the same bytes: one credential, not two */
	inv = scan_in(t, NULL, keyfile, HOME);
	assert_non_null(find_secret(inv, pem_json));
	ca_inventory_free(inv);

	/* an OAuth client file named credentials.json is not ours: quiet */
	add_text(t, HOME "/app/credentials.json",
	    "{\"installed\": "
	    "{\"client_id\": \"x\", \"client_secret\": \"y\"}}");
	inv = scan_with(t, &ca_scanner_gcp, HOME "/app/credentials.json");
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 0);
	ca_inventory_free(inv);
	add_text(t, HOME "/app2/credentials.json", "user: x\npassword: y\n");
	inv = scan_with(t, &ca_scanner_gcp, HOME "/app2/credentials.json");
	assert_int_equal(inv->nerrors, 0);
	ca_inventory_free(inv);
	/* ... unless it looks like a key */
	add_text(t, HOME "/app3/deploy-sa.json",
	    "{\"type\": "
	    "\"service_account\", \"private_key\": \"-----BEGIN");
	inv = scan_with(t, &ca_scanner_gcp, HOME "/app3/deploy-sa.json");
	assert_true(has_error(inv, "invalid JSON"));
	ca_inventory_free(inv);
	/* a placeholder key is no key */
	add_text(t, HOME "/app4/service-account.json",
	    "{\"type\": "
	    "\"service_account\", \"client_email\": \"a@b.iam.gserviceaccount."
	    "com\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nYOUR_KEY_"
	    "HERE\\n-----END PRIVATE KEY-----\\n\"}");
	inv = scan_with(t, &ca_scanner_gcp, HOME "/app4/service-account.json");
	assert_int_equal(inv->ncreds, 0);
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_configurations(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c;
	struct ca_inventory *inv;
	char buf[2048];
	const char *work = GDIR "/configurations/config_work";

	(void)state;
	make_secrets();
	add_config(t);
	add_text(t, work,
	    "[core]\naccount = bob@partner.example\n"
	    "project = partner-prod\n[auth]\nimpersonate_service_account = "
	    "hop@partner-prod.iam.gserviceaccount.com, "
	    "admin@partner-prod.iam.gserviceaccount.com\n"
	    "credential_file_override = ~/keys/override.json\n");
	snprintf(buf, sizeof(buf),
	    "{\"type\": \"service_account\", "
	    "\"client_email\": \"over@partner-prod.iam.gserviceaccount.com\", "
	    "\"private_key\": \"%s\"}",
	    pem_json);
	add_text(t, HOME "/keys/override.json", buf);
	inv = scan_with(t, &ca_scanner_gcp, work);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 2);
	c = find_ref(inv, "gcp-impersonation:" HOME ":config:work");
	assert_non_null(c);
	assert_string_equal(c->kind, "gcp-impersonation");
	assert_string_equal(c->identity,
	    "admin@partner-prod.iam."
	    "gserviceaccount.com");
	assert_true(has_link(c, "gcloud-account:" HOME ":bob@partner.example"));
	assert_true(has_reason(c, "through a delegation chain"));
	assert_false(has_reason(c, "(active)"));
	c = find_secret(inv, pem_json);
	assert_non_null(c);
	assert_string_equal(c->locations[0].path, HOME "/keys/override.json");
	assert_string_equal(c->identity,
	    "over@partner-prod.iam."
	    "gserviceaccount.com (project partner-prod)");
	ca_inventory_free(inv);

	/* the active configuration without impersonation reports nothing */
	inv = scan_with(t, &ca_scanner_gcp,
	    GDIR "/configurations/"
	         "config_default");
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 0);
	ca_inventory_free(inv);
	ca_target_free(t);
}

/* CLOUDSDK_CONFIG and GOOGLE_APPLICATION_CREDENTIALS set in .bashrc */
static void
test_env_moved(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c;
	struct ca_inventory *inv;
	char buf[2048];

	(void)state;
	make_secrets();
	add_text(t, HOME "/.bashrc",
	    "export CLOUDSDK_CONFIG=$HOME/gcloud-work\n"
	    "export GOOGLE_APPLICATION_CREDENTIALS=\"$HOME/keys/ci.json\"\n");
	add_credentials_db(t, HOME "/gcloud-work/credentials.db");
	add_tokens_db(t, HOME "/gcloud-work/access_tokens.db");
	add_text(t, HOME "/gcloud-work/active_config", "default");
	add_text(t, HOME "/gcloud-work/configurations/config_default",
	    "[core]\naccount = alice@example.com\nproject = work-1\n");
	snprintf(buf, sizeof(buf),
	    "{\"type\": \"service_account\", "
	    "\"client_email\": \"ci@proj-9.iam.gserviceaccount.com\", "
	    "\"private_key\": \"%s\"}",
	    pem_json);
	add_text(t, HOME "/keys/ci.json", buf);
	inv = scan_with(t, &ca_scanner_gcp_env, HOME "/.bashrc");
	c = find_secret(inv, rt1);
	assert_non_null(c);
	assert_string_equal(c->rule, "gcp_env.user-refresh-token");
	assert_string_equal(c->identity, "alice@example.com (project work-1)");
	assert_string_equal(c->locations[0].path,
	    HOME "/gcloud-work/credentials.db");
	c = find_secret(inv, at1);
	assert_non_null(c);
	assert_string_equal(c->rule, "gcp_env.access-token");
	c = find_secret(inv, pem_json);
	assert_non_null(c);
	assert_int_equal(c->nlocations, 2);
	assert_no_secret(inv, rt1);
	assert_no_secret(inv, at1);
	ca_inventory_free(inv);
	/* the AWS module no longer reports Google credentials */
	inv = scan_with(t, &ca_scanner_aws_env, HOME "/.bashrc");
	assert_int_equal(inv->ncreds, 0);
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_claims_and_rules(void **state)
{
	static const char *const claimed[] = {
		CREDS_DB,
		TOKENS_DB,
		ADC,
		GDIR "/configurations/config_x",
		GDIR "/legacy_credentials/a@b.c/adc.json",
		"/srv/app/proj-7-0123456789ab.json",
		"/srv/app/my-service-account.json",
		"/srv/x/deploy-sa.json",
		"/srv/x/credentials.json",
		"/home/c/projects/deploy/sa-key.json",
		NULL,
	};

	(void)state;
	assert_string_equal(ca_scanner_gcp.surface, "cloud");
	for (const struct ca_rule_doc *r = ca_scanner_gcp.rules; r->id; r++) {
		assert_int_equal(strncmp(r->id, "gcp.", 4), 0);
		assert_non_null(ca_kind_find(r->kind));
	}
	for (size_t i = 0; claimed[i]; i++) {
		bool hit = false;
		for (size_t j = 0; ca_scanner_gcp.claims[j]; j++)
			hit |= ca_glob_match(ca_scanner_gcp.claims[j],
			    claimed[i] + 1);
		assert_true(hit);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_credentials_db),
		cmocka_unit_test(test_access_tokens_db),
		cmocka_unit_test(test_bad_sqlite),
		cmocka_unit_test(test_row_cap),
		cmocka_unit_test(test_adc),
		cmocka_unit_test(test_legacy_and_keys),
		cmocka_unit_test(test_configurations),
		cmocka_unit_test(test_env_moved),
		cmocka_unit_test(test_claims_and_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
