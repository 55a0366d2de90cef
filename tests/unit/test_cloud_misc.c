/* test_cloud_misc.c - the smaller cloud CLIs: Terraform (tfrc.json and
 * .terraformrc blocks, credentials helpers), Vault (token file, helper),
 * doctl contexts, wrangler TOML (expiry, scopes), Fly, Vercel, Netlify
 * (with its GitHub token), OCI profiles and their key files (plain,
 * encrypted, passphrase in the config, session tokens), Supabase (UTF-16
 * too), Railway and Linode; decoys, placeholders and malformed files.
 * No secret reaches the inventory. */
#include "tests/unit/cloud_unit.h"

extern const struct ca_scanner ca_scanner_terraform;
extern const struct ca_scanner ca_scanner_vault;
extern const struct ca_scanner ca_scanner_doctl;
extern const struct ca_scanner ca_scanner_wrangler;
extern const struct ca_scanner ca_scanner_fly;
extern const struct ca_scanner ca_scanner_vercel;
extern const struct ca_scanner ca_scanner_netlify;
extern const struct ca_scanner ca_scanner_oci;
extern const struct ca_scanner ca_scanner_supabase;
extern const struct ca_scanner ca_scanner_railway;
extern const struct ca_scanner ca_scanner_linode;

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
	char *json = cu_fmt("{\n  \"credentials\": {\n"
	    "    \"app.terraform.io\": {\n      \"token\": \"%s\"\n    },\n"
	    "    \"tfe.corp.test\": {\"token\": \"%s\"},\n"
	    "    \"bad.host\": {\"tok\": 1},\n"
	    "    \"placeholder.host\": {\"token\": \"your-token-here\"}\n"
	    "  }\n}\n", t1, t2);
	char *rc = cu_fmt("# CLI config\n"
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
	    "}\n", t3, t4);
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
	c = find_ref(inv, "terraform-credentials-helper:" HOME
	    "/.terraformrc:vault");
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
	c = find_ref(inv, "vault-token-helper:" HOME
	    ":/usr/local/bin/vault-helper");
	assert_non_null(c);
	assert_string_equal(c->kind, "vault-token-helper");
	assert_int_equal(c->locations[0].line, 2);
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_vault, HOME "/.bao", HOME,
	    "{\"token_helper\": \"/opt/bao/helper\"}", 0);
	assert_non_null(find_ref(inv, "vault-token-helper:" HOME
	    ":/opt/bao/helper"));
	ca_inventory_free(inv);
	free(tok);
	free(legacy);
	free(file);
}

static void
test_doctl(void **state)
{
	char *dflt = cu_token("dop_v1_", CU_HEX, 64, 21);
	char *work = cu_token("dop_v1_", CU_HEX, 64, 22);
	char *oauth = cu_token("doo_v1_", CU_HEX, 64, 23);
	char *yaml = cu_fmt("access-token: %s\ncontext: work\noutput: text\n"
	    "auth-contexts:\n  work: %s\n  personal: \"%s\"\n  empty: \"\"\n"
	    "  list: [a, b]\napps: {dev: {config: x}}\n", dflt, work, oauth);
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

static void
test_wrangler(void **state)
{
	char *at = cu_token("", CU_ALNUM "-_.", 43, 31);
	char *rt = cu_token("", CU_ALNUM "-_.", 43, 32);
	char *api = cu_token("", CU_ALNUM "_-", 40, 33);
	char *toml = cu_fmt("# wrangler login\n"
	    "oauth_token = \"%s\"\n"
	    "expiration_time = \"2024-05-01T12:00:00.123Z\"\n"
	    "refresh_token = '%s'\n"
	    "scopes = [\n  \"account:read\",\n  \"user:read\", "
	    "\"workers:write\", # comment\n  \"offline_access\",\n]\n"
	    "\n[extra]\noauth_token = \"not-a-top-level-key\"\n", at, rt);
	char *legacy = cu_fmt("api_token = \"%s\"\n", api);
	const char *path = HOME "/.config/.wrangler/config/default.toml";
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_one(&ca_scanner_wrangler, path, HOME, toml, 0);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 2);
	c = find_secret(inv, at);
	assert_non_null(c);
	assert_string_equal(c->kind, "cloudflare-oauth-token");
	assert_string_equal(c->expires, "2024-05-01T12:00:00Z");
	assert_true(has_reason(c, "expired"));
	assert_int_equal(c->nscopes, 4);
	assert_true(has_scope(c, "workers:write"));
	assert_int_equal(c->locations[0].line, 2);
	c = find_secret(inv, rt);
	assert_non_null(c);
	assert_string_equal(c->kind, "cloudflare-refresh-token");
	assert_true(c->standing);
	assert_true(has_scope(c, "offline_access"));
	assert_no_piece(inv, at);
	assert_no_piece(inv, rt);
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_wrangler,
	    HOME "/.wrangler/config/staging.toml", HOME, legacy, 0);
	c = find_secret(inv, api);
	assert_non_null(c);
	assert_string_equal(c->kind, "cloudflare-api-token");
	assert_true(has_reason(c, "(staging profile)"));
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_wrangler, path, HOME,
	    "oauth_token = \"unterminated\nscopes = [\"a\"\n= 3\n", 0);
	assert_true(has_error(inv, "malformed TOML"));
	ca_inventory_free(inv);
	free(at);
	free(rt);
	free(api);
	free(toml);
	free(legacy);
}

static void
test_fly(void **state)
{
	char *at = cu_token("fo1_", CU_ALNUM "_-", 43, 41);
	char *mt = cu_token("fm2_", CU_ALNUM "+/", 120, 42);
	char *yaml = cu_fmt("access_token: %s\nmetrics_token: %s\n"
	    "send_metrics: true\nwire_guard_state: {}\n", at, mt);
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

static void
test_vercel(void **state)
{
	char *tok = cu_token("", CU_ALNUM, 24, 51);
	char *rt = cu_token("", CU_ALNUM, 48, 52);
	long long exp = (long long)time(NULL) + 3600;
	char *json = cu_fmt("{\n  \"// Note\": \"This is your Vercel "
	    "credentials file. DO NOT SHARE!\",\n  \"token\": \"%s\",\n"
	    "  \"refreshToken\": \"%s\",\n  \"expiresAt\": %lld\n}\n", tok, rt,
	    exp);
	const char *dir = HOME "/.local/share/com.vercel.cli";
	struct unit_file files[] = {
		{ HOME "/.local/share/com.vercel.cli/auth.json", json, 0 },
		{ HOME "/.local/share/com.vercel.cli/config.json",
		  "{\"currentTeam\": \"team_x1y2\", \"collectMetrics\": true}",
		  0 },
	};
	struct ca_inventory *inv = scan_files(&ca_scanner_vercel, files, 2,
	    files[0].path, HOME);
	const struct ca_credential *c;

	(void)state;
	(void)dir;
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 2);
	c = find_secret(inv, tok);
	assert_non_null(c);
	assert_string_equal(c->kind, "vercel-token");
	assert_string_equal(c->identity, "vercel team team_x1y2");
	assert_non_null(c->expires);
	assert_false(c->standing);
	c = find_secret(inv, rt);
	assert_non_null(c);
	assert_true(c->standing);
	assert_no_piece(inv, tok);
	assert_no_piece(inv, rt);
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_vercel, HOME "/.vercel/auth.json", HOME,
	    "[1]", 0);
	assert_true(has_error(inv, "not an object"));
	ca_inventory_free(inv);
	free(tok);
	free(rt);
	free(json);
}

static void
test_netlify(void **state)
{
	char *tok = cu_token("nfp_", CU_ALNUM, 40, 61);
	char *gh = cu_token("gho_", CU_ALNUM, 36, 62);
	char *tok2 = cu_token("", CU_ALNUM "-_", 43, 63);
	char *json = cu_fmt("{\"telemetryDisabled\": false, \"cliId\": \"c1\", "
	    "\"userId\": \"u1\",\n \"users\": {\n"
	    "  \"u1\": {\"id\": \"u1\", \"name\": \"Dana\", \"email\": "
	    "\"dana@corp.test\",\n   \"auth\": {\"token\": \"%s\",\n"
	    "    \"github\": {\"user\": \"dana-gh\", \"token\": \"%s\"}}},\n"
	    "  \"u2\": {\"id\": \"u2\", \"auth\": {\"token\": \"%s\"}},\n"
	    "  \"u3\": 5}}\n", tok, gh, tok2);
	struct ca_inventory *inv = scan_one(&ca_scanner_netlify,
	    HOME "/.config/netlify/config.json", HOME, json, 0);
	const struct ca_credential *c;

	(void)state;
	assert_int_equal(inv->ncreds, 3);
	c = find_secret(inv, tok);
	assert_non_null(c);
	assert_string_equal(c->kind, "netlify-token");
	assert_string_equal(c->identity, "dana@corp.test");
	assert_true(has_reason(c, "current user"));
	c = find_secret(inv, gh);
	assert_non_null(c);
	assert_string_equal(c->kind, "github-oauth-token");
	assert_string_equal(c->identity, "dana-gh@github.com");
	c = find_secret(inv, tok2);
	assert_non_null(c);
	assert_string_equal(c->identity, "netlify user u2");
	assert_no_piece(inv, tok);
	assert_no_piece(inv, gh);
	assert_no_piece(inv, tok2);
	ca_inventory_free(inv);
	/* a project's netlify/config.json is not the CLI's */
	inv = scan_one(&ca_scanner_netlify,
	    HOME "/src/site/netlify/config.json", HOME,
	    "{\"build\": {\"command\": \"make\"}}", 0);
	assert_int_equal(inv->ncreds + inv->nerrors, 0);
	ca_inventory_free(inv);
	free(tok);
	free(gh);
	free(tok2);
	free(json);
}

static void
test_oci(void **state)
{
	char *body = cu_token("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", CU_ALNUM "+/",
	    600, 71);
	char *plain = cu_fmt("-----BEGIN PRIVATE KEY-----\n%s\n"
	    "-----END PRIVATE KEY-----\nOCI_API_KEY\n", body);
	char *enc = cu_fmt("-----BEGIN ENCRYPTED PRIVATE KEY-----\n%.300s\n"
	    "-----END ENCRYPTED PRIVATE KEY-----\n", body + 40);
	char *enc2 = cu_fmt("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: "
	    "4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B2C3D\n\n%.300s\n"
	    "-----END RSA PRIVATE KEY-----\n", body + 80);
	char *pass = cu_token("", CU_ALNUM, 16, 72);
	char *sess = cu_jwt("{\"sub\":\"ocid1.user.oc1..sess\",\"exp\":"
	    "4102444800}", 73);
	char *cfg = cu_fmt("[DEFAULT]\n"
	    "user=ocid1.user.oc1..aaaaaaaauser\n"
	    "fingerprint=20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34\n"
	    "key_file=~/.oci/oci_api_key.pem\n"
	    "tenancy=ocid1.tenancy.oc1..aaaaaaaatenancy\n"
	    "region=us-ashburn-1\n\n"
	    "[ENC]\nkey_file=keys/enc.pem\npass_phrase=%s\n\n"
	    "[LOCKED]\nkey_file=/home/dana/.oci/keys/locked.pem\n\n"
	    "[SESSION]\nsecurity_token_file=~/.oci/sessions/s1/token\n\n"
	    "[MISSING]\nkey_file=~/.oci/nowhere.pem\n", pass);
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
	assert_string_equal(c->identity, "ocid1.user.oc1..aaaaaaaauser in "
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

static void
test_railway(void **state)
{
	char *at = cu_token("", CU_ALNUM, 43, 91);
	char *rt = cu_token("", CU_ALNUM, 43, 92);
	char *legacy = cu_token("", CU_HEX, 32, 93);
	long long exp = (long long)time(NULL) - 60;
	char *json = cu_fmt("{\"projects\": {\"/home/dana/app\": "
	    "{\"projectPath\": \"/home/dana/app\", \"project\": \"p1\", "
	    "\"environment\": \"e1\"}},"
	    "\n \"user\": {\"id\": \"usr_42\", \"accessToken\": \"%s\",\n"
	    "  \"refreshToken\": \"%s\", \"tokenExpiresAt\": %lld}}\n", at, rt,
	    exp);
	char *old = cu_fmt("{\"projects\": {}, \"user\": {\"token\": \"%s\"}}",
	    legacy);
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_one(&ca_scanner_railway, HOME "/.railway/config.json", HOME,
	    json, 0);
	assert_int_equal(inv->ncreds, 2);
	c = find_secret(inv, at);
	assert_non_null(c);
	assert_string_equal(c->kind, "railway-token");
	assert_string_equal(c->identity, "railway user usr_42");
	assert_true(has_reason(c, "expired"));
	c = find_secret(inv, rt);
	assert_non_null(c);
	assert_string_equal(c->kind, "railway-refresh-token");
	assert_true(c->standing);
	assert_no_piece(inv, at);
	assert_no_piece(inv, rt);
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_railway,
	    HOME "/.railway/config-staging.json", HOME, old, 0);
	c = find_secret(inv, legacy);
	assert_non_null(c);
	assert_true(has_reason(c, "staging"));
	assert_true(c->standing);
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_railway, HOME "/.railway/config.json", HOME,
	    "{\"user\": 5}", 0);
	assert_true(has_error(inv, "'user' is not an object"));
	ca_inventory_free(inv);
	free(at);
	free(rt);
	free(legacy);
	free(json);
	free(old);
}

static void
test_linode(void **state)
{
	char *t1 = cu_token("", CU_HEX, 64, 101);
	char *t2 = cu_token("", CU_HEX, 64, 102);
	char *t3 = cu_token("", CU_HEX, 64, 103);
	char *ini = cu_fmt("[DEFAULT]\ndefault-user = dana\n\n[dana]\n"
	    "token = %s\nregion = us-east\n\n[ci-bot]\ntoken = %s\n"
	    "[nobody]\nregion = eu-west\n", t1, t2);
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

/* The registry lists every module of this file, with rule docs. */
static void
test_rule_docs(void **state)
{
	const struct ca_scanner *const all[] = {
		&ca_scanner_terraform, &ca_scanner_vault, &ca_scanner_doctl,
		&ca_scanner_wrangler, &ca_scanner_fly, &ca_scanner_vercel,
		&ca_scanner_netlify, &ca_scanner_oci, &ca_scanner_supabase,
		&ca_scanner_railway, &ca_scanner_linode,
	};

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(all); i++) {
		size_t plen = strlen(all[i]->name);
		assert_non_null(all[i]->rules);
		assert_non_null(all[i]->rules[0].id);
		for (size_t j = 0; all[i]->rules[j].id; j++) {
			const struct ca_rule_doc *r = &all[i]->rules[j];
			assert_int_equal(strncmp(r->id, all[i]->name, plen), 0);
			assert_int_equal(r->id[plen], '.');
			assert_non_null(ca_kind_find(r->kind));
			if (j)
				assert_true(strcmp(all[i]->rules[j - 1].id,
				    r->id) < 0);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terraform),
		cmocka_unit_test(test_vault),
		cmocka_unit_test(test_doctl),
		cmocka_unit_test(test_wrangler),
		cmocka_unit_test(test_fly),
		cmocka_unit_test(test_vercel),
		cmocka_unit_test(test_netlify),
		cmocka_unit_test(test_oci),
		cmocka_unit_test(test_supabase),
		cmocka_unit_test(test_railway),
		cmocka_unit_test(test_linode),
		cmocka_unit_test(test_rule_docs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
