/* test_rules.c - the content rule engine: every example of the rule table,
 * the validators, the engine's ordering, line numbers, edges and threads.
 *
 * All tokens here are synthetic (tests/tools/tokgen output or made up);
 * none is a live credential. Run with --bench [MB] for a throughput
 * figure instead of the tests. */
#include "tests/unit/unit.h"
#include "scanners/rules/rules_p.h"
#include "lib/arena.h"
#include "lib/hash.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "report/model/finding.h"
#include "report/model/policy.h"
#include <pthread.h>
#include <time.h>

/* tokgen ghp/gho/npm output and their --bad-checksum twins. */
#define GHP         "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"
#define GHP_BAD     "ghp_MvPtVv208C0Wz9t22yr15S6fgEzkOH3y2pk6"
#define GHO         "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"
#define NPM         "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"
#define NPM_BAD     "npm_EBWF8lHfXXDquaVzCIYvtdYQHhEXR318QvB2"
#define AKIA        "AKIAQ5JZWWMTKD5QXXRM"
#define AKIA2       "AKIAQH6LZAFVIWB6AKI3"
#define AWS_SECRET  "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"
#define AWS_SECRET2 "i/jn0ZbV+4EeDM8rmQm/51FQFPVtPh3rhMvu5Z4P"
#define SENDGRID                                                               \
	"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"
#define HF     "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"
#define STRIPE "sk_live_UDjD9C68xnStehrcmjLOOPOV"

static struct ca_ruleset *rs;
static struct ca_rule_scratch *sc;
static struct arena *arena;

#define MAX_COLLECT 64

struct got {
	size_t n;
	struct ca_rule_hit hits[MAX_COLLECT];
	size_t stop_after; /* 0 = never stop */
};

static int
collect(void *arg, const struct ca_rule_hit *hit)
{
	struct got *g = arg;

	if (g->n < MAX_COLLECT)
		g->hits[g->n] = *hit;
	g->n++;
	return g->stop_after && g->n >= g->stop_after;
}

static void
scan_buf(const char *data, size_t len, struct got *g)
{
	memset(g, 0, sizeof(*g));
	arena_reset(arena);
	assert_int_equal(ca_rules_scan(rs, sc, data, len, arena, collect, g),
	    0);
}

static void
scan_str(const char *s, struct got *g)
{
	scan_buf(s, strlen(s), g);
}

static size_t
count_rule(const struct got *g, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; i < g->n && i < MAX_COLLECT; i++)
		n += !strcmp(g->hits[i].rule_id, id);
	return n;
}

static const struct ca_rule_hit *
find_rule(const struct got *g, const char *id)
{
	for (size_t i = 0; i < g->n && i < MAX_COLLECT; i++)
		if (!strcmp(g->hits[i].rule_id, id))
			return &g->hits[i];
	return NULL;
}

static void
assert_secret(const struct ca_rule_hit *h, const char *want)
{
	assert_non_null(h);
	assert_int_equal(h->secret_len, strlen(want));
	assert_memory_equal(h->secret, want, strlen(want));
}

static int
setup(void **state)
{
	(void)state;
	if (ca_ruleset_compile(&rs) < 0)
		return -1;
	sc = ca_rule_scratch_new(rs);
	arena = arena_new(16 << 10);
	return sc ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	ca_rule_scratch_free(sc);
	ca_ruleset_free(rs);
	arena_free(arena);
	return 0;
}

/* --- the table --- */

static void
test_table_shape(void **state)
{
	size_t n, nt;
	const struct ca_rule_info *ri = ca_rule_infos(&n);
	const struct ca_rule *t = ca_rule_table(&nt);

	(void)state;
	assert_true(n >= 400); /* issue 16: at least 400 content rules */
	assert_int_equal(n, nt);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(ri[i].id, t[i].id);
		assert_non_null(strchr(ri[i].id, '.'));
		if (i)
			assert_true(strcmp(ri[i - 1].id, ri[i].id) < 0);
		if (!ca_kind_find(ri[i].kind))
			fail_msg("rule %s: unknown kind %s", ri[i].id,
			    ri[i].kind);
		assert_true(ri[i].summary && *ri[i].summary);
		assert_non_null(ri[i].positives[0]);
		assert_non_null(ri[i].negatives[0]);
		assert_non_null(ca_rule_hs_pattern(i));
		assert_true(t[i].level < CA_RULE_LEVELS);
	}
	assert_null(ca_rule_hs_pattern(n));
}

static void
test_positives(void **state)
{
	size_t n;
	const struct ca_rule_info *ri = ca_rule_infos(&n);
	struct got g;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; ri[i].positives[j]; j++) {
			const char *ex = ri[i].positives[j];

			scan_str(ex, &g);
			if (!g.n)
				fail_msg("rule %s: positive %zu not found",
				    ri[i].id, j);
			for (size_t k = 0; k < g.n; k++) {
				const struct ca_rule_hit *h = &g.hits[k];

				if (strcmp(h->rule_id, ri[i].id))
					fail_msg("rule %s: positive %zu also "
					         "hit by %s",
					    ri[i].id, j, h->rule_id);
				assert_string_equal(h->kind, ri[i].kind);
				assert_true(h->end <= strlen(ex));
				assert_true(h->start < h->end);
				assert_ptr_equal(h->secret, ex + h->start);
				assert_int_equal(h->secret_len,
				    h->end - h->start);
				assert_true(h->preview_prefix <= h->secret_len);
				assert_true(h->line >= 1);
			}
		}
	}
}

static void
test_negatives(void **state)
{
	size_t n;
	const struct ca_rule_info *ri = ca_rule_infos(&n);
	struct got g;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; ri[i].negatives[j]; j++) {
			scan_str(ri[i].negatives[j], &g);
			if (count_rule(&g, ri[i].id))
				fail_msg("rule %s: negative %zu was found",
				    ri[i].id, j);
		}
	}
}

/* --- validators --- */

static void
test_checksum(void **state)
{
	char tok[41] = "ghp_";
	char sum[7];

	(void)state;
	assert_true(ca_github_checksum_ok(GHP, 40));
	assert_true(ca_github_checksum_ok(GHO, 40));
	assert_true(ca_github_checksum_ok(NPM, 40));
	assert_false(ca_github_checksum_ok(GHP_BAD, 40));
	assert_false(ca_github_checksum_ok(NPM_BAD, 40));
	assert_false(ca_github_checksum_ok(GHP, 39));
	assert_false(ca_github_checksum_ok(NULL, 40));
	/* Right checksum, unknown prefix. */
	assert_false(ca_github_checksum_ok("xyz_qWS3bByS69f69oEbhjPJOYhGYy79Zs"
	                                   "2C40lN",
	    40));
	/* Not base62 in the checksum. */
	assert_false(ca_github_checksum_ok("ghp_qWS3bByS69f69oEbhjPJOYhGYy79Zs"
	                                   "2C40-N",
	    40));

	/* Build one, then check that every single-character change of the
	 * random part is caught (CRC-32 detects all of them). */
	memcpy(tok + 4, "0123456789abcdefghijABCDEFGHIJ", 30);
	ca_base62_encode(ca_crc32(tok + 4, 30), 6, sum);
	memcpy(tok + 34, sum, 7);
	assert_true(ca_github_checksum_ok(tok, 40));
	for (size_t i = 4; i < 34; i++) {
		char save = tok[i];

		tok[i] = save == 'z' ? 'y' : 'z';
		assert_false(ca_github_checksum_ok(tok, 40));
		tok[i] = save;
	}
}

/* The first positive of rule 'id' (its table example). */
static const char *
positive_of(const char *id)
{
	size_t n;
	const struct ca_rule_info *ri = ca_rule_infos(&n);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(ri[i].id, id))
			return ri[i].positives[0];
	fail_msg("no rule %s", id);
	return NULL;
}

/* Checksummed key formats (base58check, CRC-16): the example is found,
 * and every one-character change inside its body is not. The change
 * keeps the alphabet, so only the checksum can catch it. */
static void
test_checksummed_keys(void **state)
{
	static const struct {
		const char *id, *alphabet;
		size_t skip; /* leading characters left alone */
	} cases[] = {
		{ "crypto.bitcoin-wif",
		    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz",
		    2 },
		{ "crypto.bip32-xprv",
		    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz",
		    5 },
		{ "nats.nkey-seed", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 3 },
	};
	struct got g;
	char buf[512];

	(void)state;
	for (size_t c = 0; c < CA_ARRAY_SIZE(cases); c++) {
		const char *ex = positive_of(cases[c].id);
		const struct ca_rule_hit *h;
		size_t start, len, changed = 0;

		assert_true(strlen(ex) < sizeof(buf));
		strcpy(buf, ex);
		scan_str(buf, &g);
		h = find_rule(&g, cases[c].id);
		assert_non_null(h);
		start = h->start;
		len = h->secret_len;
		/* The last characters hold padding bits of the checksum in
		 * base32; stop a few short of the end. */
		for (size_t i = start + cases[c].skip; i + 2 < start + len;
		     i += 3) {
			const char *a = cases[c].alphabet;
			char save = buf[i];
			const char *p = strchr(a, save);

			assert_non_null(p);
			buf[i] = p[1] ? p[1] : a[0];
			scan_str(buf, &g);
			if (count_rule(&g, cases[c].id))
				fail_msg("%s: change at %zu not caught",
				    cases[c].id, i - start);
			buf[i] = save;
			changed++;
		}
		assert_true(changed >= 10);
	}
	/* Published examples are no secret: the Bitcoin wiki's WIF key. */
	scan_str("WIF=5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ", &g);
	assert_int_equal(count_rule(&g, "crypto.bitcoin-wif"), 0);
}

static void
test_aws_account(void **state)
{
	char out[13];

	(void)state;
	assert_int_equal(
	    ca_aws_account_from_key_id("ASIAY34FZKBOKMUTVV7A", 20, out), 0);
	assert_string_equal(out, "609629065308");
	assert_int_equal(ca_aws_account_from_key_id(AKIA, 20, out), 0);
	assert_int_equal(strlen(out), 12);
	assert_int_equal(
	    ca_aws_account_from_key_id("ASIAY34FZKBOKMUTVV7", 19, out), -1);
	assert_int_equal(
	    ca_aws_account_from_key_id("ASIAY34FZKBOKMUTVV71", 20, out), -1);
	assert_int_equal(
	    ca_aws_account_from_key_id("asiaY34FZKBOKMUTVV7A", 20, out), -1);
	assert_int_equal(ca_aws_account_from_key_id(NULL, 20, out), -1);
}

static void
test_aws_pairing(void **state)
{
	struct got g;
	const struct ca_rule_hit *h;
	char buf[4096];

	(void)state;
	/* Secret three lines below the id. */
	scan_str("id = " AKIA "\n\n\nsecret = " AWS_SECRET "\n", &g);
	h = find_rule(&g, "aws.access-key");
	assert_secret(h, AWS_SECRET);
	assert_int_equal(h->line, 4);
	assert_int_equal(h->preview_prefix, 0);
	assert_non_null(h->identity);
	assert_non_null(strstr(h->identity, AKIA " (account "));

	/* Eight lines away: too far. */
	scan_str("id = " AKIA "\n\n\n\n\n\n\n\nsecret = " AWS_SECRET "\n", &g);
	assert_int_equal(count_rule(&g, "aws.access-key"), 0);

	/* Same line count, but more than 1 KiB away. */
	memset(buf, 0, sizeof(buf));
	snprintf(buf, sizeof(buf), "id = %s\n%0*d\nsecret = %s\n", AKIA, 1100,
	    0, AWS_SECRET);
	scan_str(buf, &g);
	assert_int_equal(count_rule(&g, "aws.access-key"), 0);

	/* Secret above the id. */
	scan_str("secret = " AWS_SECRET "\nid = " AKIA "\n", &g);
	assert_secret(find_rule(&g, "aws.access-key"), AWS_SECRET);

	/* Two profiles: each id takes its own secret. */
	scan_str("[a]\naws_access_key_id = " AKIA "\n"
	         "aws_secret_access_key = " AWS_SECRET "\n"
	         "[b]\naws_access_key_id = " AKIA2 "\n"
	         "aws_secret_access_key = " AWS_SECRET2 "\n",
	    &g);
	assert_int_equal(g.n, 2);
	assert_secret(&g.hits[0], AWS_SECRET);
	assert_non_null(strstr(g.hits[0].identity, AKIA));
	assert_secret(&g.hits[1], AWS_SECRET2);
	assert_non_null(strstr(g.hits[1].identity, AKIA2));

	/* A secret inside a longer base64 run (a session token) is not. */
	scan_str("id = " AKIA "\ntoken = " AWS_SECRET "QUJDREVGR0hJSktMTU5P\n",
	    &g);
	assert_int_equal(count_rule(&g, "aws.access-key"), 0);

	/* The documentation pair. */
	scan_str("AKIAIOSFODNN7EXAMPLE\n"
	         "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
	    &g);
	assert_int_equal(g.n, 0);

	/* Session keys have their own kind. */
	scan_str("ASIAQ2UXKASGWPJMB5N3 " AWS_SECRET, &g);
	h = find_rule(&g, "aws.session-key");
	assert_non_null(h);
	assert_string_equal(h->kind, "aws-session-key");
}

static const char *
example(const char *rule, size_t i)
{
	size_t n;
	const struct ca_rule_info *ri = ca_rule_infos(&n);

	for (size_t k = 0; k < n; k++)
		if (!strcmp(ri[k].id, rule))
			return ri[k].positives[i];
	return NULL;
}

static void
check_key(const char *text, const char *kind, const char *detail_part)
{
	struct got g;
	const char *end;

	scan_str(text, &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.hits[0].kind, kind);
	assert_non_null(g.hits[0].detail);
	if (!strstr(g.hits[0].detail, detail_part))
		fail_msg("detail '%s' lacks '%s'", g.hits[0].detail,
		    detail_part);
	assert_int_equal(g.hits[0].preview_prefix, 0);
	/* The whole block, BEGIN to the end of the END line's dashes. */
	assert_int_equal(g.hits[0].start, 0);
	end = strstr(text, "-----END ");
	end = strstr(end + 9, "-----") + 5;
	assert_int_equal(g.hits[0].end, (size_t)(end - text));
}

/* A 16k-bit-RSA-sized PKCS#8 block with CRLF lines: the body is long
 * enough to exhaust a naive backtracking pattern's stack. */
static void
check_big_key(void)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t cap = 20000, k = 0;
	char *key = xmalloc(cap);
	uint32_t x = 12345;
	struct got g;

	k += (size_t)snprintf(key, cap, "-----BEGIN PRIVATE KEY-----\r\nMII");
	for (size_t i = 3; i < 12800; i++) {
		x = x * 1103515245 + 12345;
		key[k++] = b64[(x >> 16) % 64];
		if (i % 64 == 63) {
			key[k++] = '\r';
			key[k++] = '\n';
		}
	}
	k += (size_t)snprintf(key + k, cap - k,
	    "\r\n-----END PRIVATE KEY-----\r\n");
	scan_buf(key, k, &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.hits[0].kind, "private-key");
	assert_int_equal(g.hits[0].end, k - 2);
	free(key);
}

static void
test_private_keys(void **state)
{
	const char *rsa = example("crypto.private-key", 0);
	const char *p8 = example("crypto.private-key", 2);
	const char *ossh = example("crypto.private-key", 3);
	const char *rsa_enc = example("crypto.private-key-encrypted", 0);
	const char *p8_enc = example("crypto.private-key-encrypted", 1);
	const char *ossh_enc = example("crypto.private-key-encrypted", 2);
	struct got g;
	char esc[2048];
	size_t k = 0;

	(void)state;
	check_key(rsa, "private-key", "unencrypted PEM RSA");
	check_key(p8, "private-key", "unencrypted PKCS#8");
	check_key(ossh, "private-key", "unencrypted OpenSSH ssh-ed25519");
	check_key(rsa_enc, "private-key-encrypted", "encrypted PEM RSA");
	check_key(rsa_enc, "private-key-encrypted", "AES-128-CBC");
	check_key(p8_enc, "private-key-encrypted", "encrypted PKCS#8");
	check_key(ossh_enc, "private-key-encrypted", "(aes256-ctr)");

	/* The OpenSSH comment is the owner hint. */
	scan_str(ossh, &g);
	assert_string_equal(g.hits[0].identity, "tokgen@akIMBm");

	/* Newlines written as \n inside a JSON or JS string. */
	esc[k++] = '"';
	for (const char *p = ossh; *p && k + 3 < sizeof(esc); p++) {
		if (*p == '\n') {
			esc[k++] = '\\';
			esc[k++] = 'n';
		} else {
			esc[k++] = *p;
		}
	}
	esc[k++] = '"';
	esc[k] = '\0';
	scan_str(esc, &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.hits[0].kind, "private-key");
	assert_string_equal(g.hits[0].identity, "tokgen@akIMBm");

	check_big_key();
}

static void
test_placeholders(void **state)
{
	static const char *const yes[] = {
		"AKIAIOSFODNN7EXAMPLE",
		"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"my-example-token",
		"xxxxxxxxxxxxxxxx",
		"XXXX-XXXX-XXXX",
		"********",
		"0000000000",
		"<your-token>",
		"<token>",
		"${VAR}",
		"${{ secrets.X }}",
		"{{ token }}",
		"$TOKEN",
		"%(password)s",
		"%PASSWORD%",
		"changeme",
		"ChangeMe123",
		"change_me",
		"password",
		"PASSWORD",
		"secret",
		"your_token_here",
		"YOUR_API_KEY",
		"dummy-key",
		"placeholder",
		"REDACTED",
		"test",
		"testing",
		"aaaaaaaa",
		"abababababab",
		"abcdefghij",
		"1234567890",
		"...",
		"",
		NULL,
	};
	static const char *const no[] = {
		"qWS3bByS69f69oEbhjPJOYhGYy79Zs2C40lN",
		AWS_SECRET,
		"Tr0ub4dor&3xq",
		"hunter2hunter",
		"test123x",
		"daeeb975729fae923d5a4fd12aabfe22",
		"Zq7vP2mW9xK4",
		NULL,
	};

	(void)state;
	for (size_t i = 0; yes[i]; i++)
		if (!ca_is_placeholder(yes[i], strlen(yes[i])))
			fail_msg("'%s' should be a placeholder", yes[i]);
	for (size_t i = 0; no[i]; i++)
		if (ca_is_placeholder(no[i], strlen(no[i])))
			fail_msg("'%s' should not be a placeholder", no[i]);
	assert_true(ca_is_placeholder(NULL, 0));
}

static void
test_jwt_identity(void **state)
{
	struct got g;

	(void)state;
	scan_str(example("generic.jwt", 0), &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.hits[0].identity,
	    "dev667@tokgen.test (iss https://issuer.tokgen.test)");
}

static void
test_gcp_service_account(void **state)
{
	struct got g;
	const char *sa = example("gcp.service-account-key", 0);
	const char *key;

	(void)state;
	scan_str(sa, &g);
	/* The embedded private key yields to the file that carries it. */
	assert_int_equal(g.n, 1);
	assert_string_equal(g.hits[0].rule_id, "gcp.service-account-key");
	assert_string_equal(g.hits[0].identity,
	    "ci@tokgen-demo.iam.gserviceaccount.com");
	assert_non_null(strstr(g.hits[0].detail, "tokgen-demo"));
	key = strstr(sa, "-----BEGIN");
	assert_ptr_equal(g.hits[0].secret, key);
	assert_int_equal(g.hits[0].line, 5);
}

/* --- the engine --- */

static void
test_env_token_and_classic(void **state)
{
	struct got g;
	const struct ca_rule_hit *a, *b;

	(void)state;
	scan_str("export GITHUB_TOKEN=\"" GHP "\"\n", &g);
	assert_int_equal(g.n, 2);
	a = find_rule(&g, "github.env-token");
	b = find_rule(&g, "github.pat-classic");
	assert_secret(a, GHP);
	assert_secret(b, GHP);
	assert_int_equal(a->start, b->start);
	assert_int_equal(a->preview_prefix, 4);
	assert_int_equal(b->preview_prefix, 4);
}

static void
test_generic_yields(void **state)
{
	struct got g;

	(void)state;
	/* The generic rules fire on these lines but yield to the token. */
	scan_str("API_KEY=" SENDGRID "\npassword: " STRIPE "\n", &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.hits[0].rule_id, "sendgrid.api-key");
	assert_string_equal(g.hits[1].rule_id, "stripe.secret-key");
	/* A URL credential yields to the token it carries. */
	scan_str("https://x-access-token:" GHP "@github.com/o/r.git", &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.hits[0].rule_id, "github.pat-classic");
	/* https://TOKEN:x-oauth-basic@host: the user part is the secret. */
	scan_str("https://Zq7vP2mW9xK4q8Vn2Lx0:x-oauth-basic@git.internal/r",
	    &g);
	assert_int_equal(g.n, 1);
	assert_secret(&g.hits[0], "Zq7vP2mW9xK4q8Vn2Lx0");
}

/* Scans 'line' and returns the number of keyword-rule hits. */
static size_t
generic_hits(const char *line)
{
	struct got g;

	scan_str(line, &g);
	return count_rule(&g, "generic.secret") +
	    count_rule(&g, "generic.password");
}

/* A translated message of a Java .properties file, written as \uXXXX
 * escapes, is no secret; the same key with a secret-shaped value is. */
static void
test_escaped_text_not_generic(void **state)
{
	(void)state;
	assert_int_equal(generic_hits("err.cookie_name_is_token=\\u30af\\u30c3"
	                              "\\u30ad\\u30fc\\u540d \\\"{0}\\\" "
	                              "\\u306f\\u4e88\\u7d04\n"),
	    0);
	assert_int_equal(
	    generic_hits("err.cookie_name_is_token=Zq7vP2mW9xK4q8Vn2Lx0\n"), 1);
}

/* Each validator that recognises a format and rejects a value keeps the
 * keyword rules off the same bytes. Every case has a control: the same
 * value with its prefix broken, so the specific rule no longer sees it,
 * is reported by a keyword rule, which proves the case would fail if the
 * suppression did not work. PEM keys, URLs, service-account files and
 * webhooks cannot be a keyword value (newlines, "://"), so they need no
 * case. */
static void
test_rejected_not_generic(void **state)
{
	static const struct {
		const char *validator, *line, *control;
	} cases[] = {
		{ "v_github_classic (checksum)", "api_token = \"" GHP_BAD "\"",
		    "api_token = \"ghq_MvPtVv208C0Wz9t22yr15S6fgEzkOH3y2pk6\"" },
		{ "v_github_classic (npm checksum)", "NPM_TOKEN=" NPM_BAD,
		    "NPM_TOKEN=npq_EBWF8lHfXXDquaVzCIYvtdYQHhEXR318QvB2" },
		{ "v_github_env (checksum in GITHUB_TOKEN)",
		    "GITHUB_TOKEN=" GHP_BAD,
		    "XGITHUB_TOKEN=ghq_MvPtVv208C0Wz9t22yr15S6fgEzkOH3y2pk6" },
		{ "v_github_fine (entropy)",
		    "secret_token = \"github_pat_2c3abb2adab33bdb3abda3_adac1"
		    "3cb1cbd2bbad4324421dcdb14241bb3c2c43ab22244bb14ba14132\"",
		    "secret_token = \"github_pax_2c3abb2adab33bdb3abda3_adac1"
		    "3cb1cbd2bbad4324421dcdb14241bb3c2c43ab22244bb14ba14132\"" },
		{ "v_token (docker entropy)",
		    "docker_token = \"dckr_pat_9g9gbfhgg99fgfhEhEfE9bh9fh1\"",
		    "docker_token = \"dckr_pax_9g9gbfhgg99fgfhEhEfE9bh9fh1\"" },
		{ "v_gitlab_runner (entropy)",
		    "runner_token = \"glrt-99bbbf9E1919ffhEhbh1\"",
		    "runner_token = \"glrx-99bbbf9E1919ffhEhbh1\"" },
		{ "v_twilio (entropy)",
		    "twilio_api_key = \"SK1c2b14224cccb342bb433ba3b13aaca1\"",
		    "twilio_api_key = \"SX1c2b14224cccb342bb433ba3b13aaca1\"" },
		{ "v_jwt (header without alg)",
		    "session_token = \"eyJmb28iOiJiYXIifQ.eyJzdWIiOiJ4In0."
		    "c2lnbmF0dXJl\"",
		    "session_token = \"eyJmb28iOiJiYXIifQ.eXJzdWIiOiJ4In0."
		    "c2lnbmF0dXJl\"" },
	};

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(cases); i++) {
		struct got g;

		scan_str(cases[i].line, &g);
		if (g.n)
			fail_msg("%s: %zu hit(s) on '%s', first '%s'",
			    cases[i].validator, g.n, cases[i].line,
			    g.hits[0].rule_id);
		if (generic_hits(cases[i].control) != 1)
			fail_msg("%s: control '%s' not reported by a keyword "
			         "rule",
			    cases[i].validator, cases[i].control);
	}
}

/* Keyword rules in source code report string literals only; in
 * configuration an unquoted value is still one. */
static void
test_code_and_config(void **state)
{
	static const char *const code_no[] = {
		"password = self.password",
		"password=None",
		"password = getpass()",
		"password = \"%s\" % pw",
		"password = f\"{password}\"",
		"password = \"{password}\"",
		"password = \"$PASSWORD\"",
		"password = os.environ[\"X\"]",
		"def connect(host, password='Tr0ub4dor&3xq'):",
		"func login(user string, token string) error {",
		"    password: the password to use, Tr0ub4dor&3",
		"password = Qm4zL9wTx7",
		"PWD='+EscapeParamValue(Password)+'",
		NULL,
	};
	static const char *const code_yes[] = {
		"db_password = \"Tr0ub4dor&3xq\"",
		"client_secret = 'q8Vn2Lx0Pz7Rt4Wm9Kc1'",
		"conn = connect(password=\"Qm4#zL9!wT\")",
		NULL,
	};

	(void)state;
	ca_rule_scratch_set_code(sc, true);
	for (size_t i = 0; code_no[i]; i++)
		if (generic_hits(code_no[i]))
			fail_msg("code: '%s' reported", code_no[i]);
	for (size_t i = 0; code_yes[i]; i++)
		if (generic_hits(code_yes[i]) != 1)
			fail_msg("code: '%s' not reported", code_yes[i]);
	ca_rule_scratch_set_code(sc, false);
	/* The same unquoted value is a value in a config file. */
	assert_int_equal(generic_hits("password = Qm4zL9wTx7"), 1);
	assert_int_equal(generic_hits("password: Tr0ub4dor&3xq"), 1);

	assert_true(ca_rules_is_code("a/b/c.py"));
	assert_true(ca_rules_is_code("main.GO"));
	assert_true(ca_rules_is_code("x.h"));
	assert_true(ca_rules_is_code("asio/ssl/impl/context.ipp"));
	assert_false(ca_rules_is_code("config.yaml"));
	assert_false(ca_rules_is_code(".env"));
	assert_false(ca_rules_is_code("dir.py/Makefile"));
	assert_false(ca_rules_is_code("run.sh"));
	assert_false(ca_rules_is_code(NULL));
}

/* Samples: words, leetspeak, keyboard runs, handles and resource names;
 * and the values around them that stay secrets. */
static void
test_sample_values(void **state)
{
	static const char *const no[] = {
		"password = \"password1\"",
		"password = \"P@55w0rd!\"",
		"PASSWORD=mynewpassword",
		"password: IAmSensitive2",
		"smtp.password = 'doesnotexist1'",
		"password = \"test123\"",
		"\"MasterUserPassword\": \"mynewpassword\"",
		"\"LocalConsolePassword\": \"PassWordMustBeAtLeast6Chars.\"",
		"Pwd := 'nobody@nowhere.com';",
		"\"Password\": \"generatedwebdavpassword1\"",
		"\"SessionToken\": \"ABC12345\"",
		"\"NextToken\": \"abcdefg123\"",
		"'access_token': 'askfjh234as9sd8'",
		"\"passphrase\": \"AB1C2defGHijkLMNo3PqQRstUvwxyzaBCDEfghh4\"",
		"\"NextContinuationToken\": \"1w41l63U0xa8q7smH50vCxyTQqdxo69\"",
		"\"ClientRequestToken\": \"a8ca07e4-61ec-4399-99f4-19853801bcd5\"",
		"\"LockToken\":\"447e55ac-2396-4c6d-b9f9-86b67c17f8b5\"",
		"\"VerificationToken\": \"ILQMESfEW0p6i6gIJcEWvO65TP5hg6B99h\"",
		"PublicKeyToken=b77a5c561934e089",
		"\"AWS::SecretsManager::Secret\": \"c85175a4ebcce361\"",
		"arn:aws:secretsmanager:us-west-2:1234:secret:MyTest-a1b2c3",
		"\"IAMUserChangePassword\": \"arn:aws:iam::aws:policy/Chg1\"",
		"password= scmVersion=",
		"PWD: '/Users/maciej2'",
		NULL,
	};
	static const char *const yes[] = {
		"password = \"Tr0ub4dor&3xq\"",
		"password: hunter2hunter",
		"\"NewPassword\": \"]35d/{pB9Fo9wJ\"",
		"client_secret: q8Vn2Lx0Pz7Rt4Wm9Kc1",
		"VAULT_TOKEN=s1x8Kq3vLm2Zt9Rw4Yp7Nb0c",
		"refresh_token = \"8xKq3vLm2Zt9Rw4Yp7Nb0cQ\"",
		NULL,
	};

	(void)state;
	for (size_t i = 0; no[i]; i++)
		if (generic_hits(no[i]))
			fail_msg("'%s' reported", no[i]);
	for (size_t i = 0; yes[i]; i++)
		if (generic_hits(yes[i]) != 1)
			fail_msg("'%s' not reported", yes[i]);
}

/* The known public test values: the built-in table, the normalisation of
 * PEM bodies, and a policy's own entries. */
static void
test_known_values(void **state)
{
	/* The jwt.io sample, a documented public value. */
	static const char jwtio[] =
	    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkw"
	    "IiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeK"
	    "KF2QT4fwpMeJf36POk6yJV_adQssw5c";
	const char *key = example("crypto.private-key", 0);
	unsigned char d1[32], d2[32];
	char hex[65], pol[256];
	struct ca_policy *p = NULL;
	struct strbuf sb = STRBUF_INIT(1 << 16);

	(void)state;
	assert_true(ca_known_count() >= 60);
	assert_true(ca_known_test_value(jwtio, strlen(jwtio), NULL));
	assert_true(ca_known_test_value("  AKIAIOSFODNN7EXAMPLE\n", 23, NULL));
	assert_true(ca_known_test_value(
	    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", 40, NULL));
	assert_false(ca_known_test_value(jwtio, strlen(jwtio) - 1, NULL));
	assert_false(ca_known_test_value(GHP, strlen(GHP), NULL));
	assert_false(ca_known_test_value(key, strlen(key), NULL));
	assert_false(ca_known_test_value(NULL, 0, NULL));

	/* One key, wrapped differently, escaped, with CRLF: one digest. */
	ca_known_digest(key, strlen(key), d1);
	for (const char *c = key; *c; c++) {
		if (*c == '\n')
			strbuf_addstr(&sb, "\\n\"\n  \"");
		else
			strbuf_addch(&sb, *c);
	}
	ca_known_digest(sb.buf, sb.len, d2);
	assert_memory_equal(d1, d2, 32);
	strbuf_reset(&sb);
	for (const char *c = key; *c; c++) {
		if (*c == '\n')
			strbuf_addstr(&sb, "\r\n");
		else
			strbuf_addch(&sb, *c);
	}
	ca_known_digest(sb.buf, sb.len, d2);
	assert_memory_equal(d1, d2, 32);
	/* Not a digest of the raw bytes: headers and whitespace go. */
	ca_sha256(key, strlen(key), d2);
	assert_memory_not_equal(d1, d2, 32);
	strbuf_release(&sb);

	/* A policy adds its own. */
	ca_hex(d1, 32, hex);
	snprintf(pol, sizeof(pol), "version: 1\nknown_values:\n  - \"%s\"\n",
	    hex);
	assert_int_equal(ca_policy_parse("p.yaml", pol, strlen(pol), &p), 0);
	assert_true(ca_known_test_value(key, strlen(key), p));
	assert_false(ca_known_test_value(GHP, strlen(GHP), p));
	ca_policy_free(p);
	p = NULL;
	/* Malformed entries are errors (the messages go to stderr). */
	assert_int_equal(
	    ca_policy_parse("p.yaml", "known_values: [abc]\n", 20, &p), -1);
	assert_null(p);
	assert_int_equal(ca_policy_parse("p.yaml", "known_values: x\n", 16, &p),
	    -1);
	assert_int_equal(ca_known_parse_hex(hex, 64, d2), 0);
	assert_memory_equal(d1, d2, 32);
	assert_int_equal(ca_known_parse_hex(hex, 63, d2), -1);
	hex[5] = 'g';
	assert_int_equal(ca_known_parse_hex(hex, 64, d2), -1);
}

static void
test_line_numbers(void **state)
{
	struct got g;

	(void)state;
	scan_str("first\nsecond\n" GHP "\n\n" HF "\r\nsix\n\n" NPM, &g);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.hits[0].line, 3);
	assert_int_equal(g.hits[1].line, 5);
	assert_int_equal(g.hits[2].line, 8);
	/* Several on one line, and a multi-line key: line of its start. */
	scan_str("\n" GHP " " GHO "\n"
	         "x = 1\n",
	    &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.hits[0].line, 2);
	assert_int_equal(g.hits[1].line, 2);
}

static void
test_order_and_mixture(void **state)
{
	struct got g;
	const char *text =
	    "stripe = '" STRIPE "'\n"
	    "AKIA id " AKIA " with " AWS_SECRET "\n"
	    "hf: " HF "; npm " NPM "\n"
	    "db = postgres://app:Zq7vP2mW9xK4@db.internal/app\n" GHO "\n";
	const char *order[] = {
		"stripe.secret-key",
		"aws.access-key",
		"huggingface.token",
		"npm.token",
		"generic.database-url",
		"github.oauth-token",
	};

	(void)state;
	scan_str(text, &g);
	assert_int_equal(g.n, CA_ARRAY_SIZE(order));
	for (size_t i = 0; i < CA_ARRAY_SIZE(order); i++) {
		assert_string_equal(g.hits[i].rule_id, order[i]);
		if (i)
			assert_true(g.hits[i - 1].start < g.hits[i].start);
	}
	/* The same token twice is two sightings. */
	scan_str(GHP " and again " GHP, &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.hits[1].start, 40 + 11);
}

static void
test_buffer_edges(void **state)
{
	struct got g;
	size_t n = strlen(GHP);
	char *exact = xmalloc(n); /* no NUL: ASan catches any over-read */
	char *two = xmalloc(2 * n + 1);

	(void)state;
	memcpy(exact, GHP, n);
	scan_buf(exact, n, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.hits[0].start, 0);
	assert_int_equal(g.hits[0].end, n);
	memcpy(two, GHP, n);
	two[n] = '\n';
	memcpy(two + n + 1, GHO, n);
	scan_buf(two, 2 * n + 1, &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.hits[1].end, 2 * n + 1);
	/* A truncated token at the very end is nothing. */
	scan_buf(two, 2 * n, &g);
	assert_int_equal(g.n, 1);
	/* Empty and one-byte buffers. */
	scan_buf(two, 0, &g);
	assert_int_equal(g.n, 0);
	scan_buf(two, 1, &g);
	assert_int_equal(g.n, 0);
	free(exact);
	free(two);
}

static void
test_nul_bytes(void **state)
{
	static const char around[] = "\0\0" GHP "\0\0password=\0Tr0ub4dor&3";
	static const char inside[] =
	    "ghp_qWS3bByS69f69oEb\0jPJOYhGYy79Zs2C40lN";
	struct got g;

	(void)state;
	scan_buf(around, sizeof(around) - 1, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.hits[0].start, 2);
	scan_buf(inside, sizeof(inside) - 1, &g);
	assert_int_equal(g.n, 0);
}

static void
test_random_buffers(void **state)
{
	size_t n = 4u << 20;
	unsigned char *buf = xmalloc(n);
	static const char *const seeds[] = {
		"password=",
		"token: ",
		"://a:",
		"@",
		"eyJ",
		".eyJ",
		"ghp_",
		"-----BEGIN OPENSSH PRIVATE KEY-----\n",
		"-----END ",
		"AKIA",
		"\"type\": \"service_account\"",
		"\"private_key\": \"",
		"\n",
	};
	uint64_t x = 88172645463325252ull;
	struct got g;
	int ret;

	(void)state;
	/* Random bytes. */
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[i] = (unsigned char)x;
	}
	scan_buf((const char *)buf, n, &g);
	/* Base64-ish text salted with rule keywords: every rule's first
	 * pass fires a lot, most confirmations fail. */
	for (size_t i = 0; i < n;) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (x % 61 == 0) {
			const char *s = seeds[(x >> 8) % CA_ARRAY_SIZE(seeds)];
			size_t k = strlen(s);

			if (i + k > n)
				break;
			memcpy(buf + i, s, k);
			i += k;
		} else {
			buf[i++] =
			    (unsigned char)"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			                   "0123456789+/"[(x >> 16) % 64];
		}
	}
	/* This one may stop early (1): it is built to be expensive. */
	memset(&g, 0, sizeof(g));
	ret = ca_rules_scan(rs, sc, (const char *)buf, n, arena, collect, &g);
	assert_true(ret == 0 || ret == 1);
	/* A keyword every few bytes is cut short, and quickly. */
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)"password="[i % 9];
	memset(&g, 0, sizeof(g));
	ret = ca_rules_scan(rs, sc, (const char *)buf, n, arena, collect, &g);
	assert_int_equal(ret, 1);
	free(buf);
}

/* Every example of the table, twenty times over: dense, but real, so the
 * scan must not stop early. */
static void
test_dense_secrets(void **state)
{
	size_t n, cap = 1 << 20, len = 0, positives = 0;
	const struct ca_rule_info *ri = ca_rule_infos(&n);
	char *buf = xmalloc(cap);
	struct got g;
	int ret;

	(void)state;
	for (int rep = 0; rep < 20; rep++) {
		for (size_t i = 0; i < n; i++) {
			for (size_t j = 0; ri[i].positives[j]; j++) {
				size_t k = strlen(ri[i].positives[j]);

				assert_true(len + k + 2 < cap);
				memcpy(buf + len, ri[i].positives[j], k);
				len += k;
				/* Far enough apart for AWS pairing. */
				memcpy(buf + len, "\n\n\n\n\n\n\n\n", 8);
				len += 8;
				positives++;
			}
		}
	}
	memset(&g, 0, sizeof(g));
	ret = ca_rules_scan(rs, sc, buf, len, arena, collect, &g);
	assert_int_equal(ret, 0);
	assert_true(g.n >= positives);
	free(buf);
}

static void
test_chunked_scan(void **state)
{
	size_t n = 300000, at[] = { 0, 4090, 4096 * 3 - 20, 150001, n - 40 };
	char *buf = xmalloc(n);
	struct got whole, chunked;

	(void)state;
	for (size_t i = 0; i < n; i++)
		buf[i] = (i % 80 == 79) ? '\n' : "lorem ipsum "[i % 12];
	for (size_t i = 0; i < CA_ARRAY_SIZE(at); i++) {
		memcpy(buf + at[i], i % 2 ? GHO : GHP, 40);
		if (at[i])
			buf[at[i] - 1] = ' ';
		if (at[i] + 40 < n)
			buf[at[i] + 40] = ' ';
	}
	scan_buf(buf, n, &whole);
	assert_int_equal(whole.n, CA_ARRAY_SIZE(at));
	ca_rule_scratch_set_chunk(sc, 4096);
	scan_buf(buf, n, &chunked);
	ca_rule_scratch_set_chunk(sc, 0);
	assert_int_equal(chunked.n, whole.n);
	for (size_t i = 0; i < whole.n; i++) {
		assert_int_equal(chunked.hits[i].start, whole.hits[i].start);
		assert_int_equal(chunked.hits[i].line, whole.hits[i].line);
		assert_int_equal(whole.hits[i].start, at[i]);
	}
	free(buf);
}

static void
test_stop_early(void **state)
{
	struct got g;
	const char *s = GHP " " GHO " " NPM;

	(void)state;
	memset(&g, 0, sizeof(g));
	g.stop_after = 1;
	assert_int_equal(
	    ca_rules_scan(rs, sc, s, strlen(s), arena, collect, &g), 0);
	assert_int_equal(g.n, 1);
	/* No arena: the scratch keeps its own. */
	memset(&g, 0, sizeof(g));
	s = example("crypto.private-key", 3);
	assert_int_equal(ca_rules_scan(rs, sc, s, strlen(s), NULL, collect, &g),
	    0);
	assert_int_equal(g.n, 1);
	assert_non_null(g.hits[0].detail);
}

struct thread_arg {
	const char *text;
	size_t hits;
	int err;
};

static int
count_hits(void *arg, const struct ca_rule_hit *hit)
{
	(void)hit;
	((struct thread_arg *)arg)->hits++;
	return 0;
}

static void *
thread_main(void *p)
{
	struct thread_arg *a = p;
	struct ca_rule_scratch *mine = ca_rule_scratch_new(rs);
	struct arena *ar = arena_new(4096);

	for (int i = 0; i < 50 && mine; i++) {
		arena_reset(ar);
		a->err |= ca_rules_scan(rs, mine, a->text, strlen(a->text), ar,
		    count_hits, a);
	}
	a->err |= !mine;
	ca_rule_scratch_free(mine);
	arena_free(ar);
	return NULL;
}

static void
test_threads(void **state)
{
	const char *text = example("gcp.service-account-key", 0);
	char big[4096];
	pthread_t t[4];
	struct thread_arg a[4];

	(void)state;
	snprintf(big, sizeof(big), "%s\n%s\n%s\n%s\n", text, GHP,
	    example("generic.jwt", 0), example("crypto.private-key", 3));
	for (int i = 0; i < 4; i++) {
		a[i] = (struct thread_arg){ big, 0, 0 };
		assert_int_equal(
		    pthread_create(&t[i], NULL, thread_main, &a[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(a[i].err, 0);
		assert_int_equal(a[i].hits, 4 * 50);
	}
}

/* --- throughput (not a test) --- */

static int
bench_hit(void *arg, const struct ca_rule_hit *hit)
{
	(void)hit;
	(*(size_t *)arg)++;
	return 0;
}

/* Source-like text: identifiers, numbers, punctuation and comments, with
 * now and then a word the rules anchor on (token, password, https://, SK,
 * ghp, eyJ, -----) so the confirmation path is exercised too. */
static size_t
bench_fill(char *buf, size_t n)
{
	static const char *const words[] = {
		"static",
		"int",
		"return",
		"const",
		"char",
		"struct",
		"if",
		"for",
		"while",
		"else",
		"buffer",
		"len",
		"size_t",
		"void",
		"self",
		"this",
		"function",
		"import",
		"from",
		"result",
		"err",
		"count",
		"index",
		"value",
		"name",
		"path",
		"data",
		"node",
		"\"string literal\"",
		"'c'",
		"0x7f",
		"42",
		"3.14",
		"/* comment */",
		"// note",
		"#include",
		"<stdio.h>",
		"=",
		"==",
		"+=",
		"(",
		")",
		"{",
		"}",
		";",
		",",
		".",
		"->",
		"::",
		"[i]",
		"null",
		"true",
		"the",
		"of",
		"and",
		"to",
		"in",
		"is",
		"that",
		"for",
		"with",
	};
	static const char *const rare[] = {
		"token",
		"tokens",
		"next_token",
		"password_hash",
		"secret_name",
		"api_key_id",
		"https://example.org/docs/page.html",
		"user@example.org",
		"SK",
		"ghp",
		"xoxb",
		"eyJ",
		"AKIA",
		"sk-",
		"hf_",
		"npm_",
		"SG.",
		"-----",
		"BEGIN",
		"key:",
		"token =",
		"getToken()",
		"password = getpass()",
		"token: str",
	};
	uint64_t x = 0x9E3779B97F4A7C15ull;
	size_t i = 0, col = 0;

	while (i + 64 < n) {
		const char *w;
		size_t k;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if ((x >> 20) % 300 == 0)
			w = rare[x % CA_ARRAY_SIZE(rare)];
		else
			w = words[x % CA_ARRAY_SIZE(words)];
		k = strlen(w);
		memcpy(buf + i, w, k);
		i += k;
		col += k + 1;
		if (col > 70 || (x >> 32) % 11 == 0) {
			buf[i++] = '\n';
			for (size_t t = (x >> 40) % 4; t; t--)
				buf[i++] = '\t';
			col = 0;
		} else {
			buf[i++] = ' ';
		}
	}
	return i;
}

/* Reads up to 'cap' bytes of 'path' into 'buf'; returns the count. */
static size_t
bench_read(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

/* --bench [MB] scans MB (default 200) of generated text; --bench FILE
 * scans the file's first 1 GiB instead. One thread, one pass. */
static int
bench(const char *arg)
{
	size_t n = 200, hits = 0;
	char *buf;
	struct timespec t0, t1;
	double secs;
	char *end;

	if (arg) {
		unsigned long mb = strtoul(arg, &end, 10);

		if (*end || !mb) {
			buf = xmalloc(n = (size_t)1 << 30);
			n = bench_read(arg, buf, n);
			if (!n) {
				fprintf(stderr, "cannot read '%s'\n", arg);
				return 1;
			}
			goto scan;
		}
		n = mb;
	}
	buf = xmalloc(n << 20);
	n = bench_fill(buf, n << 20);
scan:
	if (setup(NULL) < 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ca_rules_scan(rs, sc, buf, n, arena, bench_hit, &hits);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("rules: %.1f MB in %.3f s: %.0f MB/s, %zu hits\n",
	    (double)n / 1e6, secs, (double)n / 1e6 / secs, hits);
	teardown(NULL);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_shape),
		cmocka_unit_test(test_positives),
		cmocka_unit_test(test_negatives),
		cmocka_unit_test(test_checksum),
		cmocka_unit_test(test_checksummed_keys),
		cmocka_unit_test(test_aws_account),
		cmocka_unit_test(test_aws_pairing),
		cmocka_unit_test(test_private_keys),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_jwt_identity),
		cmocka_unit_test(test_gcp_service_account),
		cmocka_unit_test(test_env_token_and_classic),
		cmocka_unit_test(test_generic_yields),
		cmocka_unit_test(test_escaped_text_not_generic),
		cmocka_unit_test(test_rejected_not_generic),
		cmocka_unit_test(test_code_and_config),
		cmocka_unit_test(test_sample_values),
		cmocka_unit_test(test_known_values),
		cmocka_unit_test(test_line_numbers),
		cmocka_unit_test(test_order_and_mixture),
		cmocka_unit_test(test_buffer_edges),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_random_buffers),
		cmocka_unit_test(test_dense_secrets),
		cmocka_unit_test(test_chunked_scan),
		cmocka_unit_test(test_stop_early),
		cmocka_unit_test(test_threads),
	};

	if (argc >= 2 && !strcmp(argv[1], "--bench"))
		return bench(argc >= 3 ? argv[2] : NULL);
	return cmocka_run_group_tests_name("rules", tests, setup, teardown);
}
