/* test_user_rules.c - rules files (--rules): YAML and TOML rules found in
 * the one pass with their kind and tier; keywords, entropy, stopwords,
 * allowlist regexes and paths; and hostile or malformed files (bad
 * regex, built-in or repeated id, unknown keys, empty-matching and
 * catastrophically backtracking patterns), each a clear error or a
 * bounded scan. The secrets are made up. */
#include "tests/unit/unit.h"
#include "scanners/rules/rules_p.h"
#include "lib/arena.h"
#include "lib/xalloc.h"
#include "report/model/finding.h"
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static char dir[] = "/tmp/test_user_rules.XXXXXX";
static struct arena *arena;

#define MAX_COLLECT 16

struct got {
	size_t n;
	struct ca_rule_hit hits[MAX_COLLECT];
};

static int
collect(void *arg, const struct ca_rule_hit *hit)
{
	struct got *g = arg;

	if (g->n < MAX_COLLECT)
		g->hits[g->n] = *hit;
	g->n++;
	return 0;
}

/* Writes 'text' to DIR/name and returns the path (static buffer). */
static const char *
put(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Loads one rules file; returns the set or NULL when it is refused. */
static struct ca_user_rules *
load(const char *name, const char *text)
{
	struct ca_user_rules *ur = NULL;

	if (ca_user_rules_load(&ur, put(name, text)) < 0) {
		ca_user_rules_free(ur);
		return NULL;
	}
	return ur;
}

/* Scans 's' as the file 'path' with the built-in rules and 'ur'. */
static void
scan(const struct ca_user_rules *ur, const char *path, const char *s,
    struct got *g)
{
	struct ca_ruleset *rs;
	struct ca_rule_scratch *sc;

	assert_int_equal(ca_ruleset_compile_user(ur, &rs), 0);
	sc = ca_rule_scratch_new(rs);
	assert_non_null(sc);
	ca_rule_scratch_set_path(sc, path);
	memset(g, 0, sizeof(*g));
	arena_reset(arena);
	assert_true(
	    ca_rules_scan(rs, sc, s, strlen(s), arena, collect, g) >= 0);
	ca_rule_scratch_free(sc);
	ca_ruleset_free(rs);
}

static size_t
count(const struct got *g, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; i < g->n && i < MAX_COLLECT; i++)
		n += !strcmp(g->hits[i].rule_id, id);
	return n;
}

static const char *const yaml_rules =
    "title: acme\n"
    "rules:\n"
    "  - id: acme.api-key\n"
    "    description: Acme API key\n"
    "    regex: 'acme_(?:live|test)_([A-Za-z0-9]{32})'\n"
    "    secretGroup: 1\n"
    "    keywords: [ACME]\n"
    "    entropy: 3.0\n"
    "    tier: admin\n"
    "    allowlist:\n"
    "      stopwords: [example]\n"
    "      paths: ['/fixtures/']\n"
    "      regexes: ['^0000']\n";

static void
test_yaml_rule(void **state)
{
	struct ca_user_rules *ur = load("r.yaml", yaml_rules);
	struct got g;
	size_t n;
	const struct ca_rule_info *ri;

	(void)state;
	assert_non_null(ur);
	ri = ca_user_rule_infos(ur, &n);
	assert_int_equal(n, 1);
	assert_string_equal(ri[0].id, "acme.api-key");
	assert_string_equal(ri[0].kind, "custom-secret");
	assert_non_null(strstr(ca_user_rule_checks(ur, 0), "entropy >= 3.00"));
	scan(ur, "/srv/app.env",
	    "x\nk = acme_live_Xq3rT9vLm2Np8sKd4Fh7Jw1Zc6Bb5Ge0\n", &g);
	assert_int_equal(count(&g, "acme.api-key"), 1);
	assert_int_equal(g.hits[0].line, 2);
	assert_int_equal(g.hits[0].tier, CA_TIER_ADMIN);
	assert_int_equal(g.hits[0].secret_len, 32); /* the group */
	assert_memory_equal(g.hits[0].secret, "Xq3rT9vL", 8);
	/* the path allowlist */
	scan(ur, "/srv/fixtures/app.env",
	    "k = acme_live_Xq3rT9vLm2Np8sKd4Fh7Jw1Zc6Bb5Ge0\n", &g);
	assert_int_equal(count(&g, "acme.api-key"), 0);
	/* a stopword, an allowlist regex, too little entropy */
	scan(ur, "/srv/a",
	    "a = acme_live_EXAMPLEq3rT9vLm2Np8sKd4Fh7Jw1Zc6Bb\n"
	    "b = acme_live_0000T9vLm2Np8sKd4Fh7Jw1Zc6Bb5Ge0xy\n"
	    "c = acme_live_abababababababababababababababab\n",
	    &g);
	assert_int_equal(count(&g, "acme.api-key"), 0);
	/* no keyword on the line: the regex is caseless-free, so "ACME"
	 * must be there; a match of another case is no match */
	scan(ur, "/srv/a", "k = ACME_live_Xq3rT9vLm2Np8sKd4Fh7Jw1Zc6Bb5Ge0\n",
	    &g);
	assert_int_equal(count(&g, "acme.api-key"), 0);
	ca_user_rules_free(ur);
}

static void
test_toml_rules(void **state)
{
	struct ca_user_rules *ur = load("r.toml",
	    "title = \"corp\"\n"
	    "\n"
	    "[[rules]]\n"
	    "id = \"corp-token\"\n"
	    "description = \"Corp token\"\n"
	    "regex = '''corp-[0-9a-f]{24}(?:\"|\\s|$)'''\n"
	    "keywords = [\"corp-\"]\n"
	    "entropy = 3.5\n"
	    "\n"
	    "[[rules]]\n"
	    "id = \"corp-key\"\n"
	    "regex = '(?<=CORPKEY=)[A-Z0-9]{20}'\n"
	    "kind = \"generic-secret\"\n"
	    "[rules.allowlist]\n"
	    "regexes = ['^AAAA']\n");
	struct got g;
	size_t n;

	(void)state;
	assert_non_null(ur);
	ca_user_rule_infos(ur, &n);
	assert_int_equal(n, 2);
	/* a TOML float, as gitleaks writes the floor */
	assert_non_null(strstr(ca_user_rule_checks(ur, 0), "entropy >= 3.50"));
	scan(ur, NULL,
	    "x corp-7f3a9c1e5b2d8f4a6c0e9b71\n"
	    "CORPKEY=Q8W2E4R6T1Y3U5I7O9P0\n"
	    "CORPKEY=AAAAR6T1Y3U5I7O9P0ZZ\n",
	    &g);
	assert_int_equal(count(&g, "corp-token"), 1);
	/* a lookbehind: taken as a vectorscan prefilter */
	assert_int_equal(count(&g, "corp-key"), 1);
	for (size_t i = 0; i < g.n; i++)
		if (!strcmp(g.hits[i].rule_id, "corp-key")) {
			assert_string_equal(g.hits[i].kind, "generic-secret");
			assert_int_equal(g.hits[i].line, 2);
		}
	ca_user_rules_free(ur);
}

/* Every malformed or hostile file is refused with an error. */
static void
test_refused(void **state)
{
	static const struct {
		const char *name, *text;
	} bad[] = {
		{ "a.yaml", "rules: []\n" },
		{ "b.yaml", "rules:\n  - id: x\n" },
		{ "c.yaml", "rules:\n  - regex: abc\n" },
		{ "d.yaml", "rules:\n  - id: x\n    regex: 'ab(c'\n" },
		{ "e.yaml",
		    "rules:\n  - id: github.pat-classic\n    regex: "
		    "abcdef\n" },
		{ "f.yaml",
		    "rules:\n  - id: x\n    regex: abcdef\n  - id: x\n"
		    "    regex: ghijkl\n" },
		{ "g.yaml",
		    "rules:\n  - id: x\n    regex: abcdef\n    path: "
		    "a\n" },
		{ "h.yaml",
		    "rules:\n  - id: x\n    regex: abcdef\n    kind: "
		    "nope\n" },
		{ "i.yaml",
		    "rules:\n  - id: x\n    regex: abcdef\n    tier: "
		    "huge\n" },
		{ "j.yaml",
		    "rules:\n  - id: x\n    regex: 'a(b)c'\n    "
		    "secretGroup: 2\n" },
		{ "k.yaml", "rules:\n  - id: 'a b'\n    regex: abcdef\n" },
		{ "l.yaml",
		    "rules:\n  - id: x\n    regex: abcdef\n    "
		    "entropy: lots\n" },
		{ "m.yaml",
		    "extend: {useDefault: true}\nrules:\n  - id: x\n"
		    "    regex: abcdef\n" },
		{ "n.yaml",
		    "rules:\n  - id: x\n    regex: abc\n    allowlist:"
		    "\n      regexes: ['(']\n" },
		{ "o.yaml", "- just\n- a list\n" },
		{ "p.yaml", "rules: {id: x}\n" },
		{ "q.toml", "[[rules]]\nid = \"x\"\nregex = '''abc\n'''\n" },
		{ "r.toml", "[other]\nx = 1\n" },
		{ "s.toml",
		    "[[rules]]\nid = \"x\"\nregex = 'abc'\nkeywords = "
		    "[1, 2]\n" },
		{ "t.json", "{\"rules\": [{\"id\": \"x\", \"regex\": 7}]}" },
		{ "u.yaml", "rules:\n  - id: x\n    regex: \"\"\n" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct ca_user_rules *ur = load(bad[i].name, bad[i].text);

		if (ur)
			fail_msg("%s was accepted", bad[i].name);
	}
	assert_null(load("v.yaml",
	    "rules:\n  - id: x\n    regex: 'a(b)'\n"
	    "    secretGroup: -1\n"));
}

/* Regexes the engine cannot take: refused when the ruleset compiles,
 * with an error naming the rule, not at scan time. */
static void
test_refused_at_compile(void **state)
{
	static const char *const bad[] = {
		"rules:\n  - id: empty\n    regex: 'a*'\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct ca_user_rules *ur = load("c.yaml", bad[i]);
		struct ca_ruleset *rs = NULL;

		if (!ur)
			continue; /* refused on load: fine too */
		assert_int_equal(ca_ruleset_compile_user(ur, &rs), -1);
		assert_null(rs);
		ca_user_rules_free(ur);
	}
}

/* A pattern that backtracks catastrophically on a long run costs a
 * bounded time: the match limit gives up on each candidate. */
static void
test_catastrophic(void **state)
{
	struct ca_user_rules *ur = load("cat.yaml",
	    "rules:\n  - id: evil\n    regex: 'x(a+)+b'\n");
	size_t len = 200000;
	char *buf = xmalloc(len + 1);
	struct got g;
	clock_t t0;

	(void)state;
	assert_non_null(ur);
	for (size_t i = 0; i < len; i++)
		buf[i] = i % 4000 ? 'a' : 'x';
	buf[len] = '\0';
	t0 = clock();
	scan(ur, NULL, buf, &g);
	assert_int_equal(count(&g, "evil"), 0);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 60);
	free(buf);
	ca_user_rules_free(ur);
}

/* Several files add up; an id in two files is refused. */
static void
test_two_files(void **state)
{
	struct ca_user_rules *ur = NULL;

	(void)state;
	assert_int_equal(ca_user_rules_load(&ur,
	                     put("one.yaml",
	                         "rules:\n  - id: one\n  "
	                         "  regex: onetok_[a-z]{"
	                         "12}\n")),
	    0);
	assert_int_equal(ca_user_rules_load(&ur,
	                     put("two.json",
	                         "{\"rules\": [{\"id\": \"two\", "
	                         "\"regex\": \"twotok_[a-z]{12}"
	                         "\"}]}")),
	    0);
	assert_int_equal(ca_user_rules_count(ur), 2);
	assert_int_equal(ca_user_rules_load(&ur,
	                     put("three.yaml",
	                         "rules:\n  - id: one\n  "
	                         "  regex: x[a-z]{12}\n")),
	    -1);
	ca_user_rules_free(ur);
}

static int
setup(void **state)
{
	(void)state;
	arena = arena_new(4096);
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[300];

	(void)state;
	arena_free(arena);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml_rule),
		cmocka_unit_test(test_toml_rules),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_refused_at_compile),
		cmocka_unit_test(test_catastrophic),
		cmocka_unit_test(test_two_files),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
