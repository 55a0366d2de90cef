/* test_decode.c - secrets inside encoded values (base64, URL-encoded,
 * JSON-escaped, nested within the depth bound) and inline allow comments,
 * through the content rule engine; the run finder and decoders on
 * malformed input.
 *
 * The token is tokgen output (synthetic); the encoded forms were made
 * from it with base64(1) and Python's urllib. */
#include "tests/unit/unit.h"
#include "scanners/rules/rules_p.h"
#include "lib/arena.h"
#include "lib/xalloc.h"

#define GHP "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"
/* base64(GHP), base64 of that, and once more (past the depth bound) */
#define GHP_B64 "Z2hwX3FXUzNiQnlTNjlmNjlvRWJoalBKT1loR1l5NzlaczJDNDBsTg=="
#define GHP_B64_B64                                                            \
	"WjJod1gzRlhVek5pUW5sVE5qbG1Oamx2UldKb2FsQktUMWxvUjFsNU56bGFjekpETkRC" \
	"c1RnPT0="
#define GHP_B64_3                                                              \
	"V2pKb2QxZ3pSbGhWZWs1cFVXNXNWRTVxYkcxT2FteDJVbGRLYjJGc1FrdFVNV3h2VWpG" \
	"c05VNTZiR0ZqZWtwRVRrUkNjMVJuUFQwPQ=="
#define GHP_URL                                                                \
	"%67%68%70%5F%71%57%53%33%62%42%79%53%36%39%66%36%39%6F%45%62%68%6A"   \
	"%50%4A%4F%59%68%47%59%79%37%39%5A%73%32%43%34%30%6C%4E"
/* A .dockerconfigjson whose auth entry carries the token, base64'd. */
#define DOCKERCFG_B64                                                          \
	"eyJhdXRocyI6eyJyLmV4YW1wbGUiOnsiYXV0aCI6IngiLCJ0b2tlbiI6ImdocF9xV1Mz" \
	"YkJ5UzY5ZjY5b0ViaGpQSk9ZaEdZeTc5WnMyQzQwbE4ifX19"
/* base64 of English prose, and of 48 bytes of binary */
#define PROSE_B64                                                              \
	"VGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZywgdHdpY2Ug" \
	"b3Zlci4="
#define BINARY_B64                                                             \
	"yMnKy8zNzs/Q0dLT1NXW19jZ2tvc3d7f4OHi4+Tl5ufo6err7O3u7/Dx8vP09fb3"

static struct ca_ruleset *rs;
static struct ca_rule_scratch *sc;
static struct arena *arena;

#define MAX_COLLECT 16

struct got {
	size_t n;
	struct ca_rule_hit hits[MAX_COLLECT];
	char secrets[MAX_COLLECT][128]; /* copies: the decoded bytes go */
};

static int
collect(void *arg, const struct ca_rule_hit *hit)
{
	struct got *g = arg;

	if (g->n < MAX_COLLECT) {
		size_t n = hit->secret_len < 127 ? hit->secret_len : 127;

		g->hits[g->n] = *hit;
		memcpy(g->secrets[g->n], hit->secret, n);
		g->secrets[g->n][n] = '\0';
	}
	g->n++;
	return 0;
}

static void
scan_str(const char *s, struct got *g)
{
	memset(g, 0, sizeof(*g));
	arena_reset(arena);
	assert_int_equal(ca_rules_scan(rs, sc, s, strlen(s), arena, collect, g),
	    0);
}

/* The one hit of 'g' by github.pat-classic, or NULL. */
static const struct ca_rule_hit *
ghp_hit(const struct got *g, size_t *idx)
{
	const struct ca_rule_hit *found = NULL;

	for (size_t i = 0; i < g->n && i < MAX_COLLECT; i++) {
		if (strcmp(g->hits[i].rule_id, "github.pat-classic"))
			continue;
		assert_null(found);
		found = &g->hits[i];
		*idx = i;
	}
	return found;
}

/* Scans 'doc', which holds 'run' once on line 'line', and expects the
 * token decoded from it with label 'enc'. */
static void
expect_decoded(const char *doc, const char *run, unsigned int line,
    const char *enc)
{
	struct got g;
	size_t i = 0;
	const struct ca_rule_hit *h;
	const char *at = strstr(doc, run);

	assert_non_null(at);
	scan_str(doc, &g);
	h = ghp_hit(&g, &i);
	assert_non_null(h);
	assert_string_equal(g.secrets[i], GHP);
	assert_non_null(h->encoding);
	assert_string_equal(h->encoding, enc);
	assert_int_equal(h->line, line);
	/* reported at the encoded run, which holds no plain token */
	assert_true(h->start <= (size_t)(at - doc));
	assert_true(h->end >= (size_t)(at - doc) + strlen(run) - 2);
	assert_false(h->allowed);
}

static void
test_base64_value(void **state)
{
	(void)state;
	expect_decoded("apiVersion: v1\nkind: Secret\ndata:\n  token: " GHP_B64
	               "\n",
	    GHP_B64, 4, "base64");
	/* unpadded, in a shell pipeline */
	expect_decoded(
	    "echo Z2hwX3FXUzNiQnlTNjlmNjlvRWJoalBKT1loR1l5NzlaczJDNDBsTg"
	    " | base64 -d > t\n",
	    "Z2hwX3FXUzNiQnlTNjlmNjlvRWJoalBKT1loR1l5NzlaczJDNDBsTg", 1,
	    "base64");
	/* a whole .dockerconfigjson */
	expect_decoded("{\"type\": \"kubernetes.io/dockerconfigjson\",\n"
	               " \".dockerconfigjson\": \"" DOCKERCFG_B64 "\"}\n",
	    DOCKERCFG_B64, 2, "base64");
}

static void
test_url_and_json(void **state)
{
	(void)state;
	expect_decoded("x\nnext=" GHP_URL "&y=1\n", GHP_URL, 2, "url");
	expect_decoded("cb=https%3A%2F%2Fh.example%2F%3Ft%3Dghp_"
	               "qWS3bByS69f69oEbhjPJOYhGYy79Zs2C40lN%26x\n",
	    "cb=https%3A", 1, "url");
	expect_decoded("{\"cfg\": \"{\\\"t\\\": \\\"ghp\\u005F"
	               "qWS3bByS69f69oEbhjPJOYhGYy79Zs2C40lN\\\"}\"}\n",
	    "ghp\\u005F", 1, "json");
}

static void
test_nested(void **state)
{
	struct got g;
	size_t i;

	(void)state;
	expect_decoded("v: " GHP_B64_B64 "\n", GHP_B64_B64, 1, "base64+base64");
	/* a third layer is past the bound */
	scan_str("v: " GHP_B64_3 "\n", &g);
	assert_null(ghp_hit(&g, &i));
}

static void
test_negatives(void **state)
{
	struct got g;
	char buf[64];
	struct ca_enc_run r = { 0, strlen(BINARY_B64), CA_ENC_BASE64 };

	(void)state;
	scan_str("blob: " BINARY_B64 "\n", &g);
	assert_int_equal(g.n, 0);
	assert_int_equal(ca_enc_decode(&r, BINARY_B64, buf), 0);
	scan_str("motto: " PROSE_B64 "\n", &g);
	assert_int_equal(g.n, 0);
	/* a digest is base64's alphabet, but no base64 of text */
	scan_str("sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca4959"
	         "91b7852b855\n",
	    &g);
	assert_int_equal(g.n, 0);
	/* a percent-escaped '@' in a URL's password is no delimiter (from
	 * rfc3986's docs) */
	scan_str("'https://sigmavirus24:not-re%40l@github.com/sigmavirus24/"
	         "rfc3986'\n",
	    &g);
	assert_int_equal(g.n, 0);
	/* without decoding, the base64'd token is not found */
	ca_rule_scratch_set_decode(sc, false);
	scan_str("token: " GHP_B64 "\n", &g);
	for (size_t i = 0; i < g.n; i++)
		assert_string_not_equal(g.hits[i].rule_id,
		    "github.pat-classic");
	ca_rule_scratch_set_decode(sc, true);
}

/* The keyword rule that reads `password: <base64>` yields to the token
 * the value decodes to: one credential, not two. */
static void
test_keyword_yields(void **state)
{
	struct got g;
	size_t i = 0;

	(void)state;
	scan_str("password: \"" GHP_B64 "\"\n", &g);
	assert_non_null(ghp_hit(&g, &i));
	assert_int_equal(g.n, 1);
}

static void
test_allow_comments(void **state)
{
	struct got g;
	size_t i = 0;

	(void)state;
	scan_str("a = \"" GHP "\" # credatlas:allow\n", &g);
	assert_non_null(ghp_hit(&g, &i));
	assert_true(g.hits[i].allowed);
	scan_str("a = \"" GHP "\" // gitleaks:allow\n", &g);
	assert_non_null(ghp_hit(&g, &i));
	assert_true(g.hits[i].allowed);
	/* the comment on the line before does not count */
	scan_str("# credatlas:allow\na = \"" GHP "\"\n", &g);
	assert_non_null(ghp_hit(&g, &i));
	assert_false(g.hits[i].allowed);
	assert_int_equal(g.hits[i].line, 2);
	/* a decoded secret: the encoded value's line */
	scan_str("x: 1\ntoken: " GHP_B64 " # credatlas:allow\n", &g);
	assert_non_null(ghp_hit(&g, &i));
	assert_true(g.hits[i].allowed);
	assert_string_equal(g.hits[i].encoding, "base64");
	assert_true(ca_rules_line_allowed("x credatlas:allow", 17));
	assert_false(ca_rules_line_allowed("x credatlas:allo", 16));
}

/* The base64 search walks 8-byte blocks: a run is found at every
 * alignment, in the middle of a buffer and at its very end, and a
 * 24-byte run but not a 23-byte one. */
static void
test_alignments(void **state)
{
	char buf[512];
	struct ca_enc_run *runs;
	size_t n;

	(void)state;
	for (size_t pad = 0; pad < 140; pad++) {
		for (int at_end = 0; at_end < 2; at_end++) {
			struct got g;
			size_t i = 0;

			snprintf(buf, sizeof(buf), "%*s%s%s", (int)pad, "",
			    GHP_B64, at_end ? "" : " and more text\n");
			scan_str(buf, &g);
			assert_non_null(ghp_hit(&g, &i));
			assert_int_equal(g.hits[i].start, pad);
		}
	}
	/* "Zm9vYmFyYmF6cXV4cXV1eHl6" is base64 of "foobarbazquxquuxyz" */
	for (size_t pad = 0; pad < 140; pad++) {
		snprintf(buf, sizeof(buf), "%*s%s", (int)pad, "",
		    "Zm9vYmFyYmF6cXV4cXV1eHl6");
		n = ca_enc_find(buf, strlen(buf), &runs);
		assert_int_equal(n, 1);
		assert_int_equal(runs[0].start, pad);
		free(runs);
		snprintf(buf, sizeof(buf), "%*s%s.", (int)pad, "",
		    "Zm9vYmFyYmF6cXV4cXV1eHl");
		n = ca_enc_find(buf, strlen(buf), &runs);
		assert_int_equal(n, 0);
		free(runs);
	}
}

/* The run finder and decoders on malformed and hostile input. */
static void
test_malformed_runs(void **state)
{
	static const char *const docs[] = {
		"%",
		"%4",
		"abc%4G%zz%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%",
		"\\",
		"\\u",
		"\\u12",
		"\\uD800\\uD800\\uDC00\\u0000\\u0041aaaaaaaaaaaaaaaaaaaa",
		"\"\\\"\\\"\\\"\\/\\/\\/\\/\\/\\/\\/\\/\\/\\/\\/\\/\\/\"",
		"====================================",
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
		"AAAAAAAAAAAAAAAAAAAAAAAAA",
		"++++++++++++++++++++++++++++++++++++////////////",
		"a%41%42%43%44%45%46%47%48%49%4A%4B%4C%4D%4E%4F%00%01",
	};
	struct got g;

	(void)state;
	for (size_t d = 0; d < sizeof(docs) / sizeof(*docs); d++) {
		struct ca_enc_run *runs = NULL;
		size_t n = ca_enc_find(docs[d], strlen(docs[d]), &runs);

		for (size_t i = 0; i < n; i++) {
			size_t len = runs[i].end - runs[i].start;
			char *out = xmalloc(len + 1);
			size_t o;

			assert_true(runs[i].start < runs[i].end);
			assert_true(runs[i].end <= strlen(docs[d]));
			o = ca_enc_decode(&runs[i], docs[d], out);
			assert_true(o <= len);
			free(out);
		}
		free(runs);
		scan_str(docs[d], &g);
	}
}

/* A buffer of nothing but base64 runs of text costs one more pass, not
 * one per run: 20000 runs scan and the count of hits is right. */
static void
test_many_runs(void **state)
{
	size_t n = 20000, len = 0;
	char *buf = xmalloc(n * (sizeof(PROSE_B64) + 1) + 64);
	struct got g;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		memcpy(buf + len, PROSE_B64 "\n", sizeof(PROSE_B64));
		len += sizeof(PROSE_B64);
	}
	memcpy(buf + len, GHP_B64 "\n", sizeof(GHP_B64));
	len += sizeof(GHP_B64);
	buf[len] = '\0';
	scan_str(buf, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.hits[0].line, n + 1);
	free(buf);
}

static int
setup(void **state)
{
	(void)state;
	if (ca_ruleset_compile(&rs) < 0)
		return -1;
	sc = ca_rule_scratch_new(rs);
	arena = arena_new(4096);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64_value),
		cmocka_unit_test(test_url_and_json),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_negatives),
		cmocka_unit_test(test_keyword_yields),
		cmocka_unit_test(test_allow_comments),
		cmocka_unit_test(test_alignments),
		cmocka_unit_test(test_malformed_runs),
		cmocka_unit_test(test_many_runs),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
