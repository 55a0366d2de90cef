/* test_copilot.c - github-copilot hosts.json and apps.json: identity per
 * host and app, prefix in the detail, placeholders, malformed JSON whose
 * error never quotes the input, and no secret in any inventory string. */
#include "tests/unit/scan_unit.h"

extern const struct ca_scanner ca_scanner_copilot;

#define HOME  "/home/alice"
#define DIR   HOME "/.config/github-copilot"
#define HOSTS DIR "/hosts.json"
#define APPS  DIR "/apps.json"

static struct ca_inventory *
scan_bytes(const char *path, const void *data, size_t len)
{
	return scan_one(&ca_scanner_copilot, path, HOME, data, len);
}

static struct ca_inventory *
scan_text(const char *path, const char *text)
{
	return scan_bytes(path, text, strlen(text));
}

static void
test_hosts_json(void **state)
{
	char gho[96] = "", buf[512];
	const struct ca_credential *c;
	struct ca_inventory *inv;

	(void)state;
	gh_token("gho_", 61, gho);
	snprintf(buf, sizeof(buf),
	    "{\n  \"github.com\": {\n"
	    "    \"user\": \"alice\",\n    \"oauth_token\": \"%s\"\n  }\n}\n",
	    gho);
	inv = scan_text(HOSTS, buf);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 1);
	c = find_secret(inv, gho);
	assert_non_null(c);
	assert_string_equal(c->kind, "github-copilot-token");
	assert_string_equal(c->rule, "copilot.hosts-token");
	assert_string_equal(c->identity, "alice@github.com");
	assert_int_equal(c->locations[0].line, 4);
	assert_int_equal(strncmp(c->redacted, "gho_", 4), 0);
	assert_true(has_reason(c, "gho_ OAuth app token"));
	assert_no_secret(inv, gho);
	ca_inventory_free(inv);
}

static void
test_apps_json(void **state)
{
	char ghu[96] = "", ghu2[96] = "", buf[1024];
	const struct ca_credential *c;
	struct ca_inventory *inv;

	(void)state;
	gh_token("ghu_", 62, ghu);
	gh_token("ghu_", 63, ghu2);
	snprintf(buf, sizeof(buf),
	    "{\"github.com:Iv1.b507a08c87ecfe98\":"
	    "{\"user\":\"alice\",\"oauth_token\":\"%s\","
	    "\"githubAppId\":\"Iv1.b507a08c87ecfe98\"},\n"
	    "\"ghe.corp.test:Iv1.0aa11bb22cc33dd4\":"
	    "{\"oauth_token\":\"%s\"},\n"
	    "\"other\": 3, \"empty\": {\"user\": \"x\"}}",
	    ghu, ghu2);
	inv = scan_text(APPS, buf);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 2);
	c = find_secret(inv, ghu);
	assert_non_null(c);
	assert_string_equal(c->rule, "copilot.apps-token");
	assert_string_equal(c->identity, "alice@github.com");
	assert_true(has_reason(c, "app Iv1.b507a08c87ecfe98"));
	assert_true(has_reason(c, "ghu_"));
	assert_int_equal(c->locations[0].line, 1);
	c = find_secret(inv, ghu2);
	assert_non_null(c);
	assert_string_equal(c->identity, "ghe.corp.test");
	assert_int_equal(c->locations[0].line, 2);
	assert_no_secret(inv, ghu);
	assert_no_secret(inv, ghu2);
	ca_inventory_free(inv);
}

static void
test_placeholders(void **state)
{
	struct ca_inventory *inv;

	(void)state;
	inv = scan_text(HOSTS,
	    "{\"github.com\": {\"user\": \"a\", "
	    "\"oauth_token\": \"<token>\"}, \"x.test\": {\"oauth_token\": "
	    "\"${COPILOT_TOKEN}\"}, \"y.test\": {\"oauth_token\": \"\"},"
	    "\"z.test\": {\"oauth_token\": 42}}");
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 0);
	ca_inventory_free(inv);
}

static void
test_malformed(void **state)
{
	char gho[96] = "", buf[512];
	struct ca_inventory *inv;
	unsigned char junk[2048];
	uint32_t x = 17;
	char *deep;
	size_t n = 100000;

	(void)state;
	gh_token("gho_", 64, gho);
	/* jansson would quote the token near the error: we must not */
	snprintf(buf, sizeof(buf), "{\"github.com\": {\"oauth_token\": %s}}",
	    gho);
	inv = scan_text(HOSTS, buf);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	assert_non_null(strstr(inv->errors[0].error, "invalid JSON at line 1"));
	assert_no_secret(inv, gho);
	ca_inventory_free(inv);

	snprintf(buf, sizeof(buf), "{\"github.com\": {\"oauth_token\": \"%s",
	    gho);
	inv = scan_text(HOSTS, buf);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	assert_no_secret(inv, gho);
	ca_inventory_free(inv);

	for (size_t i = 0; i < sizeof(junk); i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
	}
	inv = scan_bytes(APPS, junk, sizeof(junk));
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);

	inv = scan_text(APPS, "[1, 2]");
	assert_int_equal(inv->nerrors, 1);
	assert_non_null(strstr(inv->errors[0].error, "not a JSON object"));
	ca_inventory_free(inv);

	deep = malloc(n + 1);
	assert_non_null(deep);
	memset(deep, '[', n);
	deep[n] = '\0';
	inv = scan_text(APPS, deep);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
	free(deep);
}

static void
test_rules(void **state)
{
	(void)state;
	for (const struct ca_rule_doc *r = ca_scanner_copilot.rules; r->id;
	     r++) {
		assert_int_equal(strncmp(r->id, "copilot.", 8), 0);
		assert_non_null(ca_kind_find(r->kind));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hosts_json),
		cmocka_unit_test(test_apps_json),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
