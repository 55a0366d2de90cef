/* test_verify.c - the verifier table (parsing, clear errors), request
 * templates, what a response means, Retry-After and expiry parsing, the
 * https-only/loopback rule, the vault's routing hints, and that no error
 * string ever holds the secret. No network: the engine is exercised end
 * to end by tests/e2e/t_verify.sh. */
#include "tests/unit/unit.h"
#include "lib/strbuf.h"
#include "report/model/inventory.h"
#include "scanners/verify/vault.h"
#include "scanners/verify/verify_p.h"

#define SECRET "ghp_s3cr3tT0kenValue0123456789abcdefABCD"

/* clang-format off */
static const char good_doc[] =
    "{\"version\": 1, \"verifiers\": [{"
    " \"provider\": \"acme\", \"kinds\": [\"openai-api-key\"],"
    " \"base\": \"https://api.acme.test\","
    " \"request\": {\"url\": \"{base}/v1/me?k={secret}\","
    "   \"headers\": {\"Authorization\": \"Bearer {secret}\"}},"
    " \"response\": {\"identity\": [\"{/user/name}@acme\", \"/id\"],"
    "   \"scopes\": \"header:X-Scopes\", \"expires\": \"/exp\"},"
    " \"status\": {\"live\": [200], \"revoked\": [401, 403]},"
    " \"scope_tiers\": {\"admin\": \"admin\", \"*:write\": \"write\","
    "   \"repo:write\": \"read\", \"*\": \"read\"},"
    " \"no_scopes_tier\": \"read\""
    "}]}";
/* clang-format on */

static struct ca_verifiers *
parse_ok(const char *doc)
{
	struct ca_verifiers *t = ca_verifiers_new();
	char err[640];

	if (ca_verifiers_parse(t, "test", doc, strlen(doc), err, sizeof(err)) <
	    0)
		fail_msg("unexpected parse error: %s", err);
	return t;
}

/* Parses an entry body wrapped in a document; returns the error text. */
static void
expect_error(const char *entry, const char *want)
{
	struct ca_verifiers *t = ca_verifiers_new();
	char doc[4096], err[640];

	snprintf(doc, sizeof(doc), "{\"version\": 1, \"verifiers\": [%s]}",
	    entry);
	if (ca_verifiers_parse(t, "user.json", doc, strlen(doc), err,
	        sizeof(err)) == 0)
		fail_msg("parsed, but should fail with '%s': %s", want, entry);
	if (!strstr(err, want))
		fail_msg("error '%s' does not say '%s'", err, want);
	assert_non_null(strstr(err, "'user.json'"));
	assert_int_equal((int)ca_verifiers_count(t), 0);
	ca_verifiers_free(t);
}

#define ENTRY(fields)                                                          \
	"{\"provider\": \"p\", \"kinds\": [\"npm-token\"],"                    \
	" \"base\": \"https://x.test\", \"request\": {\"url\":"                \
	" \"{base}/u\", \"headers\": {\"A\": \"{secret}\"}},"                  \
	" \"status\": {\"live\": [200]}" fields "}"

static void
test_builtin(void **state)
{
	struct ca_verifiers *t = ca_verifiers_builtin();
	static const char *const providers[] = {
		"github",
		"github-enterprise",
		"gitlab",
		"aws",
		"npm",
		"slack",
		"huggingface",
		"openai",
		"anthropic",
		"dockerhub",
		"gcp-token",
	};

	(void)state;
	assert_non_null(t);
	for (size_t i = 0; i < CA_ARRAY_SIZE(providers); i++)
		assert_non_null(ca_verifiers_find(t, providers[i]));
	assert_true(ca_verifiers_wants_kind(t, "github-pat-classic"));
	assert_true(ca_verifiers_wants_kind(t, "aws-access-key"));
	assert_false(ca_verifiers_wants_kind(t, "aws-session-key"));
	assert_false(ca_verifiers_wants_kind(t, "generic-password"));
	assert_true(ca_verifiers_find(t, "aws")->sigv4);
	assert_true(
	    ca_verifiers_find(t, "aws")->needs & CA_VNEED(CA_VVAR_KEY_ID));
	assert_true(ca_verifiers_find(t, "github-enterprise")->needs &
	    CA_VNEED(CA_VVAR_HOST));
	assert_true(
	    ca_verifiers_find(t, "dockerhub")->needs & CA_VNEED(CA_VVAR_USER));
	ca_verifiers_free(t);
}

static void
test_user_file_merges(void **state)
{
	struct ca_verifiers *t = ca_verifiers_builtin();
	size_t n = ca_verifiers_count(t);
	const char *doc =
	    "{\"version\": 1, \"verifiers\": ["
	    "{\"provider\": \"openai\", \"disabled\": true},"
	    "{\"provider\": \"npm\", \"kinds\": [\"npm-token\"],"
	    " \"base\": \"https://npm.corp.test\", \"request\": {\"url\":"
	    " \"{base}/-/whoami\", \"headers\": {\"Authorization\":"
	    " \"Bearer {secret}\"}}, \"status\": {\"live\": [200]}},"
	    "{\"provider\": \"new-one\", \"comment\": \"ok\", \"kinds\": "
	    "[\"pypi-token\"], \"base\": \"https://pypi.test\", \"request\":"
	    " {\"url\": \"{base}/x\", \"headers\": {\"X\": \"{secret}\"}},"
	    " \"status\": {\"live\": [200]}}]}";
	char err[640];

	(void)state;
	assert_int_equal(
	    ca_verifiers_parse(t, "u", doc, strlen(doc), err, sizeof(err)), 0);
	assert_int_equal((int)ca_verifiers_count(t), (int)n + 1);
	assert_false(ca_verifiers_wants_kind(t, "openai-api-key"));
	assert_true(ca_verifiers_wants_kind(t, "pypi-token"));
	assert_string_equal(ca_verifiers_find(t, "npm")->base.parts[0].text,
	    "https://npm.corp.test");
	/* endpoint overrides: https or loopback http, by provider or by the
	 * shared endpoint name */
	assert_int_equal(
	    ca_verifiers_set_endpoint(t, "github=http://127.0.0.1:8080/gh/"),
	    0);
	assert_string_equal(t->endpoints[0].base, "http://127.0.0.1:8080/gh");
	assert_int_equal(
	    ca_verifiers_set_endpoint(t, "github-app=https://ghe.test"), 0);
	assert_int_equal((int)t->nendpoints, 1); /* github-app shares github */
	assert_int_equal(
	    ca_verifiers_set_endpoint(t, "github=http://example.com"), -1);
	assert_int_equal(ca_verifiers_set_endpoint(t, "nope=https://x.test"),
	    -1);
	assert_int_equal(ca_verifiers_set_endpoint(t, "github"), -1);
	assert_int_equal(
	    ca_verifiers_set_endpoint(t, "github=https://x.test/?q=1"), -1);
	ca_verifiers_free(t);
}

static void
test_bad_entries(void **state)
{
	(void)state;
	expect_error(ENTRY(", \"colour\": 1"), "field 'colour': unknown field");
	expect_error("{\"provider\": \"p\", \"kinds\": [\"no-such-kind\"]}",
	    "unknown kind 'no-such-kind'");
	expect_error("{\"provider\": \"P Q\"}", "field 'provider'");
	expect_error("{\"kinds\": [\"npm-token\"]}",
	    "field 'provider': missing");
	expect_error("{\"provider\": \"p\", \"kinds\": [\"npm-token\"], "
	             "\"base\": \"http://example.com\", \"request\": {\"url\": "
	             "\"{base}/x\"}, \"status\": {\"live\": [200]}}",
	    "loopback");
	expect_error(
	    "{\"provider\": \"p\", \"kinds\": [\"npm-token\"], "
	    "\"base\": \"https://x.test\", \"request\": {\"url\": "
	    "\"https://evil.test/{secret}\"}, \"status\": {\"live\": [200]}}",
	    "must start with {base}");
	expect_error("{\"provider\": \"p\", \"kinds\": [\"npm-token\"], "
	             "\"base\": \"https://x.test\", \"request\": {\"url\": "
	             "\"{base}/x\"}, \"status\": {\"live\": [200]}}",
	    "never sends {secret}");
	expect_error("{\"provider\": \"p\", \"kinds\": [\"npm-token\"], "
	             "\"base\": \"https://x.test\", \"request\": {\"url\": "
	             "\"{base}/{token}\"}, \"status\": {\"live\": [200]}}",
	    "unknown placeholder '{token}'");
	expect_error("{\"provider\": \"p\", \"kinds\": [\"npm-token\"], "
	             "\"base\": \"https://x.test\", \"request\": {\"url\": "
	             "\"{base}/{/login}\"}, \"status\": {\"live\": [200]}}",
	    "reads a response");
	expect_error(ENTRY(", \"response\": {\"identity\": \"{secret}\"}"),
	    "cannot appear in what is read from a response");
	expect_error("{\"provider\": \"p\", \"kinds\": [\"npm-token\"], "
	             "\"base\": \"https://x.test\", \"request\": {\"url\": "
	             "\"{base}/u\", \"headers\": {\"A\": \"{secret}\"}}, "
	             "\"status\": {\"live\": [200], \"revoked\": [200]}}",
	    "both live and revoked");
	expect_error("{\"provider\": \"p\", \"kinds\": [\"npm-token\"], "
	             "\"base\": \"https://x.test\", \"request\": {\"url\": "
	             "\"{base}/u\", \"headers\": {\"A\": \"{secret}\"}}, "
	             "\"status\": {\"live\": [200], \"revoked\": [429]}}",
	    "retried");
	expect_error(ENTRY(", \"hosts\": [\"x.test\"]"), "needs host_from");
	expect_error("{\"provider\": \"p\", \"kinds\": [\"npm-token\"], "
	             "\"base\": \"https://{host}\", \"request\": {\"url\": "
	             "\"{base}/u\", \"headers\": {\"A\": \"{secret}\"}}, "
	             "\"status\": {\"live\": [200]}}",
	    "host_from");
	expect_error("{\"provider\": \"p\", \"disabled\": true, \"kinds\": "
	             "[\"npm-token\"]}",
	    "a disabled entry holds only");
	expect_error(ENTRY(", \"signer\": {\"type\": \"sigv4\", \"region\": "
	                   "\"us-east-1\", \"service\": \"sts\"}"),
	    "never sent");
	expect_error(ENTRY(", \"signer\": {\"type\": \"hmac\", \"region\": "
	                   "\"x\", \"service\": \"y\"}"),
	    "the only signer is sigv4");
	expect_error(ENTRY(", \"scope_tiers\": {\"repo\": \"mighty\"}"),
	    "must be a tier");
	expect_error("{\"provider\": \"p\", \"kinds\": [\"npm-token\"], "
	             "\"base\": \"https://x.test\", \"request\": {\"method\": "
	             "\"DELETE\", \"url\": \"{base}/u\"}}",
	    "must be GET or POST");
	expect_error("{\"provider\": \"p\", \"kinds\": [\"npm-token\"], "
	             "\"base\": \"https://x.test\", \"request\": {\"url\": "
	             "\"{base}/u\", \"headers\": {\"Host\": \"{secret}\"}}}",
	    "the engine's to set");
	expect_error(ENTRY("") "," ENTRY(""), "defined twice");
	expect_error(ENTRY(", \"response\": {\"revoked_errors\": [\"x\"]}"),
	    "needs response.error");
}

static void
test_bad_documents(void **state)
{
	struct ca_verifiers *t = ca_verifiers_new();
	char err[640];

	(void)state;
	assert_int_equal(ca_verifiers_parse(t, "d", "{", 1, err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "invalid JSON at line 1"));
	assert_int_equal(ca_verifiers_parse(t, "d", "[]", 2, err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "must be a JSON object"));
	assert_int_equal(ca_verifiers_parse(t, "d",
	                     "{\"version\": 2, "
	                     "\"verifiers\": []}",
	                     31, err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "field 'version': must be 1"));
	assert_int_equal(ca_verifiers_parse(t, "d",
	                     "{\"version\": 1, "
	                     "\"version\": 1, \"verifiers\": []}",
	                     45, err, sizeof(err)),
	    -1);
	/* a failed document leaves the table as it was */
	assert_int_equal((int)ca_verifiers_count(t), 0);
	ca_verifiers_free(t);
}

static void
test_request_templates(void **state)
{
	struct ca_verifiers *t = parse_ok(good_doc);
	const struct ca_verifier *v = ca_verifiers_find(t, "acme");
	struct ca_vvars vars = { .secret = "a b&c/d",
		.secret_len = 7,
		.base = "https://api.acme.test" };
	struct ca_vrequest r;
	char why[192];

	(void)state;
	assert_int_equal(ca_vrequest_build(v, &vars, &r, why, sizeof(why)), 0);
	assert_string_equal(r.method, "GET");
	/* in a URL the secret is percent-encoded, in a header it is not */
	assert_string_equal(r.url.buf,
	    "https://api.acme.test/v1/me?"
	    "k=a%20b%26c%2Fd");
	assert_int_equal((int)r.nheaders, 1);
	assert_string_equal(r.headers[0].buf, "Authorization: Bearer a b&c/d");
	assert_false(r.has_body);
	ca_vrequest_release(&r);
	assert_int_equal((int)r.url.len, 0);

	/* a line break cannot be smuggled into a header */
	vars.secret = "x\r\nX-Evil: " SECRET;
	vars.secret_len = strlen(vars.secret);
	assert_int_equal(ca_vrequest_build(v, &vars, &r, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "line break"));
	assert_null(strstr(why, SECRET));
	assert_null(strstr(why, "ghp_"));
	ca_verifiers_free(t);
}

static void
test_body_encodings(void **state)
{
	struct ca_verifiers *t = ca_verifiers_builtin();
	const struct ca_verifier *d = ca_verifiers_find(t, "dockerhub");
	const struct ca_verifier *g = ca_verifiers_find(t, "gcp-token");
	const struct ca_verifier *e = ca_verifiers_find(t, "github-enterprise");
	struct ca_vvars vars = { .secret = "dckr_pat_\"q\\",
		.secret_len = 12,
		.base = "https://hub.docker.com",
		.user = "dev\"x" };
	struct ca_vrequest r;
	char why[192];

	(void)state;
	assert_int_equal(ca_vrequest_build(d, &vars, &r, why, sizeof(why)), 0);
	assert_string_equal(r.method, "POST");
	assert_string_equal(r.body.buf,
	    "{\"username\": \"dev\\\"x\", "
	    "\"password\": \"dckr_pat_\\\"q\\\\\"}");
	ca_vrequest_release(&r);
	/* no account name: not sent, and the reason says why */
	vars.user = NULL;
	assert_int_equal(ca_vrequest_build(d, &vars, &r, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "account name"));

	vars.secret = "ya29.a+b/c=";
	vars.secret_len = 11;
	vars.base = "https://oauth2.googleapis.com";
	assert_int_equal(ca_vrequest_build(g, &vars, &r, why, sizeof(why)), 0);
	assert_string_equal(r.url.buf,
	    "https://oauth2.googleapis.com/"
	    "tokeninfo");
	assert_string_equal(r.body.buf, "access_token=ya29.a%2Bb%2Fc%3D");
	ca_vrequest_release(&r);

	/* a GHES base comes from the host the gh config names */
	assert_string_equal(e->base.parts[0].text, "https://");
	ca_verifiers_free(t);
}

/* ---- responses ----------------------------------------------------- */

struct hdrs {
	const char *const *kv; /* name, value, ..., NULL */
};

static const char *
fake_header(void *arg, const char *name)
{
	const struct hdrs *h = arg;

	for (size_t i = 0; h->kv && h->kv[i]; i += 2)
		if (!strcasecmp(h->kv[i], name))
			return h->kv[i + 1];
	return NULL;
}

static void
classify(const struct ca_verifier *v, long status, const char *body,
    const char *const *kv, struct ca_vresult *out)
{
	struct hdrs h = { kv };
	struct ca_vresponse r = { .status = status,
		.body = body,
		.body_len = body ? strlen(body) : 0,
		.header = fake_header,
		.header_arg = &h };
	struct ca_vvars vars = { .secret = SECRET,
		.secret_len = strlen(SECRET),
		.host = "ghe.corp.test" };

	ca_vresponse_classify(v, &r, &vars, 1700000000, out);
	if (out->error) {
		assert_null(strstr(out->error, SECRET));
		assert_null(strstr(out->error, "s3cr3t"));
	}
	if (out->identity)
		assert_null(strstr(out->identity, "s3cr3t"));
}

static void
test_classify_github(void **state)
{
	struct ca_verifiers *t = ca_verifiers_builtin();
	const struct ca_verifier *gh = ca_verifiers_find(t, "github");
	const struct ca_verifier *ghe = ca_verifiers_find(t,
	    "github-enterprise");
	static const char *const admin[] = { "X-OAuth-Scopes",
		"repo, admin:org", "github-authentication-token-expiration",
		"2030-01-02 03:04:05 UTC", NULL };
	static const char *const none[] = { "X-OAuth-Scopes", "", NULL };
	static const char *const only_read[] = { "x-oauth-scopes", "read:user",
		NULL };
	static const char *const limited[] = { "X-RateLimit-Remaining", "0",
		"X-RateLimit-Reset", "1700000042", NULL };
	static const char *const busy[] = { "Retry-After", "7", NULL };
	struct ca_vresult r;

	(void)state;
	classify(gh, 200, "{\"login\": \"octocat\"}", admin, &r);
	assert_int_equal(r.verified, CA_VERIFIED_LIVE);
	assert_string_equal(r.identity, "octocat@github.com");
	assert_true(r.scopes_known);
	assert_int_equal((int)r.nscopes, 2);
	assert_string_equal(r.scopes[0], "repo");
	assert_string_equal(r.scopes[1], "admin:org");
	assert_int_equal(r.tier, CA_TIER_ADMIN);
	assert_string_equal(r.expires, "2030-01-02T03:04:05Z");
	ca_vresult_release(&r);

	/* an empty scope header: a classic token with no scopes */
	classify(gh, 200, "{\"login\": \"octocat\"}", none, &r);
	assert_true(r.scopes_known);
	assert_int_equal((int)r.nscopes, 0);
	assert_int_equal(r.tier, CA_TIER_READ);
	ca_vresult_release(&r);
	/* no header at all (fine-grained): the tier is not the provider's */
	classify(gh, 200, "{\"login\": \"octocat\"}", NULL, &r);
	assert_int_equal(r.verified, CA_VERIFIED_LIVE);
	assert_false(r.scopes_known);
	assert_int_equal(r.tier, -1);
	ca_vresult_release(&r);
	classify(gh, 200, "{\"login\": \"x\"}", only_read, &r);
	assert_int_equal(r.tier, CA_TIER_READ);
	ca_vresult_release(&r);

	classify(gh, 401, "{\"message\": \"Bad credentials\"}", NULL, &r);
	assert_int_equal(r.verified, CA_VERIFIED_REVOKED);
	assert_null(r.error);
	ca_vresult_release(&r);

	/* GitHub's primary rate limit is a 403 with no requests left */
	classify(gh, 403, "{}", limited, &r);
	assert_true(r.retry);
	assert_int_equal((int)r.retry_after, 42);
	ca_vresult_release(&r);
	classify(gh, 403, "{}", NULL, &r);
	assert_false(r.retry);
	assert_int_equal(r.verified, CA_VERIFIED_UNKNOWN);
	assert_non_null(strstr(r.error, "HTTP 403"));
	ca_vresult_release(&r);
	classify(gh, 429, "", busy, &r);
	assert_true(r.retry);
	assert_int_equal((int)r.retry_after, 7);
	assert_non_null(strstr(r.error, "rate limited"));
	ca_vresult_release(&r);
	classify(gh, 503, "", NULL, &r);
	assert_true(r.retry);
	assert_int_equal((int)r.retry_after, -1);
	ca_vresult_release(&r);
	classify(gh, 302, "", NULL, &r);
	assert_int_equal(r.verified, CA_VERIFIED_UNKNOWN);
	assert_non_null(strstr(r.error, "redirect"));
	ca_vresult_release(&r);
	/* malformed JSON on a live status: unknown, not live */
	classify(gh, 200, "{\"login\": ", admin, &r);
	assert_int_equal(r.verified, CA_VERIFIED_UNKNOWN);
	assert_non_null(strstr(r.error, "not the JSON"));
	assert_null(r.identity);
	ca_vresult_release(&r);
	/* an identity that echoes the secret is dropped */
	classify(gh, 200, "{\"login\": \"" SECRET "\"}", NULL, &r);
	assert_int_equal(r.verified, CA_VERIFIED_LIVE);
	assert_null(r.identity);
	ca_vresult_release(&r);
	/* {host} in a response template: the GHES host */
	classify(ghe, 200, "{\"login\": \"al\"}", NULL, &r);
	assert_string_equal(r.identity, "al@ghe.corp.test");
	ca_vresult_release(&r);
	ca_verifiers_free(t);
}

static void
test_classify_bodies(void **state)
{
	struct ca_verifiers *t = ca_verifiers_builtin();
	const struct ca_verifier *slack = ca_verifiers_find(t, "slack");
	const struct ca_verifier *aws = ca_verifiers_find(t, "aws");
	const struct ca_verifier *gl = ca_verifiers_find(t, "gitlab");
	const struct ca_verifier *gcp = ca_verifiers_find(t, "gcp-token");
	const struct ca_verifier *hf = ca_verifiers_find(t, "huggingface");
	static const char *const sc[] = { "X-OAuth-Scopes",
		"chat:write,channels:history", NULL };
	struct ca_vresult r;

	(void)state;
	classify(slack, 200,
	    "{\"ok\": true, \"user\": \"bob\", \"team\": "
	    "\"acme\"}",
	    sc, &r);
	assert_int_equal(r.verified, CA_VERIFIED_LIVE);
	assert_string_equal(r.identity, "bob@acme");
	assert_int_equal(r.tier, CA_TIER_SECRET); /* reads history */
	ca_vresult_release(&r);
	/* Slack says no with HTTP 200 */
	classify(slack, 200, "{\"ok\": false, \"error\": \"invalid_auth\"}",
	    NULL, &r);
	assert_int_equal(r.verified, CA_VERIFIED_REVOKED);
	ca_vresult_release(&r);
	classify(slack, 200, "{\"ok\": false, \"error\": \"ratelimited\"}",
	    NULL, &r);
	assert_int_equal(r.verified, CA_VERIFIED_UNKNOWN);
	assert_string_equal(r.error, "the provider said 'ratelimited'");
	ca_vresult_release(&r);
	/* an error code that echoes the secret is not repeated */
	classify(slack, 200, "{\"ok\": false, \"error\": \"bad " SECRET "\"}",
	    NULL, &r);
	assert_int_equal(r.verified, CA_VERIFIED_UNKNOWN);
	assert_null(strstr(r.error, "s3cr3t"));
	ca_vresult_release(&r);

	classify(aws, 200,
	    "<GetCallerIdentityResponse><GetCallerIdentity"
	    "Result><Arn>arn:aws:iam::123456789012:user/a&amp;b</Arn>"
	    "<Account>123456789012</Account></GetCallerIdentityResult>"
	    "</GetCallerIdentityResponse>",
	    NULL, &r);
	assert_int_equal(r.verified, CA_VERIFIED_LIVE);
	assert_string_equal(r.identity, "arn:aws:iam::123456789012:user/a&b");
	ca_vresult_release(&r);
	classify(aws, 403,
	    "<ErrorResponse><Error><Code>InvalidClientTokenId"
	    "</Code></Error></ErrorResponse>",
	    NULL, &r);
	assert_int_equal(r.verified, CA_VERIFIED_REVOKED);
	ca_vresult_release(&r);
	classify(aws, 403,
	    "<ErrorResponse><Error><Code>AccessDenied</Code>"
	    "</Error></ErrorResponse>",
	    NULL, &r);
	assert_int_equal(r.verified, CA_VERIFIED_UNKNOWN);
	assert_non_null(strstr(r.error, "AccessDenied"));
	ca_vresult_release(&r);

	classify(gl, 200,
	    "{\"active\": true, \"scopes\": [\"read_api\", "
	    "\"api\"], \"expires_at\": \"2031-05-06\"}",
	    NULL, &r);
	assert_int_equal(r.verified, CA_VERIFIED_LIVE);
	assert_int_equal(r.tier, CA_TIER_ADMIN);
	assert_string_equal(r.expires, "2031-05-06T00:00:00Z");
	assert_null(r.identity);
	ca_vresult_release(&r);
	classify(gl, 200, "{\"active\": false, \"scopes\": []}", NULL, &r);
	assert_int_equal(r.verified, CA_VERIFIED_UNKNOWN);
	ca_vresult_release(&r);

	classify(gcp, 200,
	    "{\"email\": \"c@example.com\", \"scope\": "
	    "\"openid https://www.googleapis.com/auth/cloud-platform\", "
	    "\"exp\": \"4102444800\"}",
	    NULL, &r);
	assert_string_equal(r.identity, "c@example.com");
	assert_int_equal(r.tier, CA_TIER_ADMIN);
	assert_string_equal(r.expires, "2100-01-01T00:00:00Z");
	ca_vresult_release(&r);
	/* the first identity candidate that resolves */
	classify(gcp, 200, "{\"sub\": \"1234\", \"scope\": \"openid\"}", NULL,
	    &r);
	assert_string_equal(r.identity, "1234");
	assert_int_equal(r.tier, CA_TIER_READ);
	ca_vresult_release(&r);
	classify(gcp, 400, "{\"error\": \"invalid_token\"}", NULL, &r);
	assert_int_equal(r.verified, CA_VERIFIED_REVOKED);
	ca_vresult_release(&r);

	classify(hf, 200,
	    "{\"name\": \"u\", \"auth\": {\"accessToken\": "
	    "{\"role\": \"fineGrained\"}}}",
	    NULL, &r);
	assert_true(r.scopes_known);
	assert_int_equal(r.tier, -1); /* not in the table: says nothing */
	ca_vresult_release(&r);
	ca_verifiers_free(t);
}

static void
test_scope_tiers(void **state)
{
	struct ca_verifiers *t = parse_ok(good_doc);
	const struct ca_verifier *v = ca_verifiers_find(t, "acme");
	const char *a[] = { "repo:write" }; /* exact beats '*:write' */
	const char *b[] = { "pkg:write" };  /* the longest glob */
	const char *c[] = { "x", "admin" };
	struct ca_vresult r;
	static const char *const hdr[] = { "X-Scopes", "admin, x", NULL };

	(void)state;
	assert_int_equal(ca_verifier_scope_tier(v, a, 1), CA_TIER_READ);
	assert_int_equal(ca_verifier_scope_tier(v, b, 1), CA_TIER_WRITE);
	assert_int_equal(ca_verifier_scope_tier(v, c, 2), CA_TIER_ADMIN);
	assert_int_equal(ca_verifier_scope_tier(v, NULL, 0), CA_TIER_READ);
	/* identity: the first candidate fails (no /user/name), the second
	 * resolves; expires from Unix seconds */
	classify(v, 200, "{\"id\": 42, \"exp\": 1700000000}", hdr, &r);
	assert_string_equal(r.identity, "42");
	assert_string_equal(r.expires, "2023-11-14T22:13:20Z");
	assert_int_equal(r.tier, CA_TIER_ADMIN);
	ca_vresult_release(&r);
	classify(v, 200, "{\"user\": {\"name\": \"n\"}}", NULL, &r);
	assert_string_equal(r.identity, "n@acme");
	ca_vresult_release(&r);
	ca_verifiers_free(t);
}

/* ---- times --------------------------------------------------------- */

static void
test_retry_after(void **state)
{
	int64_t s = -1, now = 784111777; /* Sun, 06 Nov 1994 08:49:37 GMT */

	(void)state;
	assert_int_equal(ca_verify_parse_retry_after("120", now, &s), 0);
	assert_int_equal((int)s, 120);
	assert_int_equal(ca_verify_parse_retry_after(" 0", now, &s), 0);
	assert_int_equal((int)s, 0);
	assert_int_equal(ca_verify_parse_retry_after(
	                     "Sun, 06 Nov 1994 08:49:47 GMT", now, &s),
	    0);
	assert_int_equal((int)s, 10);
	assert_int_equal(ca_verify_parse_retry_after(
	                     "Sunday, 06-Nov-94 08:50:37 GMT", now, &s),
	    0);
	assert_int_equal((int)s, 60);
	assert_int_equal(
	    ca_verify_parse_retry_after("Sun Nov  6 08:49:40 1994", now, &s),
	    0);
	assert_int_equal((int)s, 3);
	/* a date in the past: go now */
	assert_int_equal(ca_verify_parse_retry_after(
	                     "Sat, 05 Nov 1994 08:49:37 GMT", now, &s),
	    0);
	assert_int_equal((int)s, 0);
	assert_int_equal(ca_verify_parse_retry_after("soon", now, &s), -1);
	assert_int_equal(ca_verify_parse_retry_after("-5", now, &s), -1);
	assert_int_equal(ca_verify_parse_retry_after(
	                     "Sun, 06 Nov 1994 08:49:47 PST", now, &s),
	    -1);
	assert_int_equal(ca_verify_parse_retry_after(
	                     "Sun, 06 Foo 1994 08:49:47 GMT", now, &s),
	    -1);
	assert_int_equal(ca_verify_parse_retry_after("", now, &s), -1);

	assert_int_equal(ca_verify_parse_reset("1700000042", 1700000000, &s),
	    0);
	assert_int_equal((int)s, 42);
	assert_int_equal(ca_verify_parse_reset("30", 1700000000, &s), 0);
	assert_int_equal((int)s, 30);
	assert_int_equal(ca_verify_parse_reset("x", 1700000000, &s), -1);
}

static void
test_expiry(void **state)
{
	char out[32];

	(void)state;
	assert_int_equal(ca_verify_parse_expiry("2030-01-02 03:04:05 UTC", out),
	    0);
	assert_string_equal(out, "2030-01-02T03:04:05Z");
	assert_int_equal(
	    ca_verify_parse_expiry("2030-01-02 03:04:05 +0200", out), 0);
	assert_string_equal(out, "2030-01-02T01:04:05Z");
	assert_int_equal(
	    ca_verify_parse_expiry("2030-01-02T03:04:05.123-01:30", out), 0);
	assert_string_equal(out, "2030-01-02T04:34:05Z");
	assert_int_equal(ca_verify_parse_expiry("2031-05-06", out), 0);
	assert_string_equal(out, "2031-05-06T00:00:00Z");
	assert_int_equal(ca_verify_parse_expiry("1700000000", out), 0);
	assert_string_equal(out, "2023-11-14T22:13:20Z");
	assert_int_equal(ca_verify_parse_expiry("1700000000000", out), 0);
	assert_string_equal(out, "2023-11-14T22:13:20Z");
	assert_int_equal(ca_verify_parse_expiry("never", out), -1);
	assert_int_equal(ca_verify_parse_expiry("2030-13-01", out), -1);
	assert_int_equal(ca_verify_parse_expiry("2030-01-02T03:04", out), -1);
	assert_int_equal(ca_verify_parse_expiry("2030-01-02 03:04:05 EST", out),
	    -1);
}

/* ---- where a secret may go ----------------------------------------- */

static void
test_url_policy(void **state)
{
	char why[192];

	(void)state;
	assert_int_equal(ca_verify_url_policy("https://api.github.com/user",
	                     why, sizeof(why)),
	    1);
	assert_int_equal(
	    ca_verify_url_policy("HTTPS://api.github.com", why, sizeof(why)),
	    1);
	assert_int_equal(
	    ca_verify_url_policy("http://127.0.0.1:8080/x", why, sizeof(why)),
	    2);
	assert_int_equal(
	    ca_verify_url_policy("http://127.9.8.7/", why, sizeof(why)), 2);
	assert_int_equal(
	    ca_verify_url_policy("http://[::1]:9/x", why, sizeof(why)), 2);
	assert_int_equal(
	    ca_verify_url_policy("http://localhost:1/", why, sizeof(why)), 2);
	assert_int_equal(
	    ca_verify_url_policy("http://example.com/", why, sizeof(why)), 0);
	assert_non_null(strstr(why, "loopback"));
	assert_int_equal(ca_verify_url_policy("http://127.0.0.1.evil.test/",
	                     why, sizeof(why)),
	    0);
	assert_int_equal(
	    ca_verify_url_policy("http://128.0.0.1/", why, sizeof(why)), 0);
	assert_int_equal(
	    ca_verify_url_policy("http://[::2]/", why, sizeof(why)), 0);
	assert_int_equal(
	    ca_verify_url_policy("ftp://127.0.0.1/", why, sizeof(why)), 0);
	assert_int_equal(
	    ca_verify_url_policy("file:///etc/passwd", why, sizeof(why)), 0);
	assert_int_equal(ca_verify_url_policy("https://u:p@api.github.com/",
	                     why, sizeof(why)),
	    0);
	assert_non_null(strstr(why, "user information"));
	assert_int_equal(ca_verify_url_policy("http://127.0.0.1@evil.test/",
	                     why, sizeof(why)),
	    0);
	assert_int_equal(ca_verify_url_policy("not a url", why, sizeof(why)),
	    0);
	assert_true(ca_verify_is_loopback("127.0.0.1"));
	assert_true(ca_verify_is_loopback("::ffff:127.0.0.1"));
	assert_false(ca_verify_is_loopback("10.0.0.1"));
	assert_false(ca_verify_is_loopback("localhost.evil.test"));
}

/* ---- the vault ----------------------------------------------------- */

static bool
want_github(void *arg, const char *kind)
{
	(void)arg;
	return !strncmp(kind, "github-", 7);
}

static void
test_vault(void **state)
{
	struct ca_vault *v = ca_vault_new(want_github, NULL);
	const struct ca_vault_entry *e;
	struct ca_finding f;
	char user[64], host[64], kid[21];

	(void)state;
	assert_true(ca_vault_split_identity("alice@ghe.corp.test", user, host,
	    sizeof(user)));
	assert_string_equal(user, "alice");
	assert_string_equal(host, "ghe.corp.test");
	assert_true(ca_vault_split_identity("GHE.Corp.Test:8443", user, host,
	    sizeof(user)));
	assert_string_equal(user, "");
	assert_string_equal(host, "ghe.corp.test:8443");
	assert_false(
	    ca_vault_split_identity("profile prod", user, host, sizeof(user)));
	assert_false(ca_vault_split_identity("carol@example.com (project x)",
	    user, host, sizeof(user)));
	assert_false(
	    ca_vault_split_identity("AKIAEXAMPLE", user, host, sizeof(user)));
	assert_true(ca_vault_find_key_id("long-lived access key "
	                                 "AKIAQ234567ABCDEFGHI in the AWS file",
	    kid));
	assert_string_equal(kid, "AKIAQ234567ABCDEFGHI");
	assert_false(ca_vault_find_key_id("XAKIAQ234567ABCDEFGHI", kid));
	assert_false(ca_vault_find_key_id("AKIAQ234567ABCDEFGH", kid));

	/* a content-rule sighting first: no hint from it */
	memset(&f, 0, sizeof(f));
	f.rule = "generic.secret";
	f.kind = "generic-secret";
	f.secret = SECRET;
	f.secret_len = strlen(SECRET);
	f.identity = "evil.test";
	assert_int_equal(ca_vault_put(v, "00aa", &f, false), 0);
	e = ca_vault_find(v, "00aa");
	assert_non_null(e);
	assert_null(e->secret); /* not a kind anyone verifies */
	assert_int_equal((int)e->nhints, 0);
	/* then the gh parser names the same secret and its host */
	f.rule = "gh.hosts-token";
	f.kind = "github-pat-classic";
	f.identity = "alice@ghe.corp.test";
	assert_int_equal(ca_vault_put(v, "00aa", &f, true), 0);
	f.identity = "alice@ghe.corp.test"; /* the same hint once */
	assert_int_equal(ca_vault_put(v, "00aa", &f, true), 0);
	e = ca_vault_find(v, "00aa");
	assert_non_null(e->secret);
	assert_memory_equal(e->secret, SECRET, strlen(SECRET));
	assert_int_equal((int)e->nkinds, 2);
	assert_int_equal((int)e->nhints, 1);
	assert_string_equal(e->hints[0].host, "ghe.corp.test");
	assert_string_equal(e->hints[0].user, "alice");
	assert_string_equal(e->hints[0].rule, "gh.hosts-token");
	assert_int_equal((int)ca_vault_count(v), 1);
	assert_null(ca_vault_find(v, "00ab"));
	/* many ids: the table grows and keeps them all */
	for (int i = 0; i < 300; i++) {
		char id[33];
		snprintf(id, sizeof(id), "%032x", i + 7);
		f.identity = NULL;
		assert_int_equal(ca_vault_put(v, id, &f, false), 0);
	}
	assert_int_equal((int)ca_vault_count(v), 301);
	assert_non_null(ca_vault_find(v, "00aa"));
	ca_vault_free(v);
}

/* ---- what the inventory makes of an answer -------------------------- */

static void
add_cred(struct ca_inventory *inv, const char *id, const char *kind,
    const char *identity, const char *const *scopes)
{
	struct ca_sighting s;

	memset(&s, 0, sizeof(s));
	snprintf(s.id, sizeof(s.id), "%s", id);
	s.rule = "gh.hosts-token";
	s.kind = kind;
	s.redacted = "ghp_abcd\u2026";
	s.identity = identity;
	s.scopes = scopes;
	s.standing = -1;
	s.tier = -1;
	s.structured = true;
	s.path = "/home/a/.config/gh/hosts.yml";
	s.line = 4;
	s.mode = 0600;
	s.uid = -1;
	assert_int_equal(ca_inventory_add(inv, &s), 0);
}

static const struct ca_credential *
cred(const struct ca_inventory *inv, const char *id)
{
	const struct ca_credential *c = ca_inventory_get(inv, id);

	assert_non_null(c);
	return c;
}

static bool
has_reason(const struct ca_credential *c, const char *r)
{
	for (size_t i = 0; i < c->nreasons; i++)
		if (!strcmp(c->reasons[i], r))
			return true;
	return false;
}

static void
test_inventory_results(void **state)
{
	struct ca_inventory *inv = ca_inventory_new();
	static const char *const found[] = { "gist", NULL };
	static const char *const granted[] = { "read:user", "gist" };
	struct ca_verification v;
	const struct ca_credential *c;

	(void)state;
	add_cred(inv, "00000000000000000000000000000001", "github-pat-classic",
	    "alice@github.com", found);
	add_cred(inv, "00000000000000000000000000000002", "github-pat-classic",
	    NULL, NULL);
	add_cred(inv, "00000000000000000000000000000003", "github-pat-classic",
	    NULL, NULL);
	add_cred(inv, "00000000000000000000000000000004", "github-pat-classic",
	    NULL, NULL);

	memset(&v, 0, sizeof(v));
	v.verified = CA_VERIFIED_LIVE;
	v.identity = "alice-renamed@github.com";
	v.scopes = granted;
	v.nscopes = 2;
	v.expires = "2030-01-02T03:04:05Z";
	v.tier = CA_TIER_READ;
	assert_int_equal(ca_inventory_set_verified(inv,
	                     "00000000000000000000000000000001", &v),
	    0);
	memset(&v, 0, sizeof(v));
	v.verified = CA_VERIFIED_REVOKED;
	v.tier = -1;
	assert_int_equal(ca_inventory_set_verified(inv,
	                     "00000000000000000000000000000002", &v),
	    0);
	v.verified = CA_VERIFIED_UNKNOWN;
	v.error = "no answer from github within 10 s";
	assert_int_equal(ca_inventory_set_verified(inv,
	                     "00000000000000000000000000000003", &v),
	    0);
	assert_int_equal(ca_inventory_set_verified(inv,
	                     "000000000000000000000000000000ff", &v),
	    -1);
	ca_inventory_finish(inv, NULL, NULL);

	/* live: identity replaced, scopes joined, expiry set, tier rated */
	c = cred(inv, "00000000000000000000000000000001");
	assert_int_equal(c->verified, CA_VERIFIED_LIVE);
	assert_null(c->verify_error);
	assert_string_equal(c->identity, "alice-renamed@github.com");
	assert_int_equal((int)c->nscopes, 2);
	assert_string_equal(c->expires, "2030-01-02T03:04:05Z");
	assert_int_equal(c->tier, CA_TIER_READ);
	assert_string_equal(c->tier_evidence, CA_EVIDENCE_VERIFIED);
	assert_true(has_reason(c, "tier from verified scopes"));
	/* revoked: the lowest risk, and a reason */
	c = cred(inv, "00000000000000000000000000000002");
	assert_int_equal(c->verified, CA_VERIFIED_REVOKED);
	assert_int_equal(c->risk, CA_RISK_LOW);
	assert_int_equal(c->tier, CA_TIER_ADMIN); /* no scopes: as found */
	assert_true(has_reason(c, "revoked: the provider rejected it"));
	/* unknown: why, and nothing else changes */
	c = cred(inv, "00000000000000000000000000000003");
	assert_int_equal(c->verified, CA_VERIFIED_UNKNOWN);
	assert_string_equal(c->verify_error,
	    "no answer from github within 10 s");
	assert_string_not_equal(c->tier_evidence, CA_EVIDENCE_VERIFIED);
	assert_int_equal(c->risk,
	    cred(inv, "00000000000000000000000000000004")->risk);
	/* not asked */
	c = cred(inv, "00000000000000000000000000000004");
	assert_int_equal(c->verified, CA_VERIFIED_NONE);
	assert_null(ca_verified_name(c->verified));
	ca_inventory_free(inv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_user_file_merges),
		cmocka_unit_test(test_bad_entries),
		cmocka_unit_test(test_bad_documents),
		cmocka_unit_test(test_request_templates),
		cmocka_unit_test(test_body_encodings),
		cmocka_unit_test(test_classify_github),
		cmocka_unit_test(test_classify_bodies),
		cmocka_unit_test(test_scope_tiers),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_url_policy),
		cmocka_unit_test(test_vault),
		cmocka_unit_test(test_inventory_results),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
