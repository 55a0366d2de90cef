/* test_corpus.c - recall and false-positive rate of the content rules on
 * the held-out corpus in testdata/corpus/: positives.tsv (rule id, sample)
 * and negatives.tsv (label, sample), one sample a line with "\n" and "\t"
 * escaped. The samples are synthetic (scripts/gen-rule-saas.py draws them
 * with another seed and in other contexts than the rule table's examples).
 *
 * A positive counts as found when the rule it names reports it; a
 * negative counts as a false positive when any rule reports anything.
 * The test prints both figures and fails under the floors below (at most
 * two false positives in a thousand negatives). Set
 * CA_SRCDIR to run it from outside the source tree. */
#include "tests/unit/unit.h"
#include "scanners/rules/rules_p.h"
#include "lib/arena.h"
#include <stdio.h>
#include <stdlib.h>

#define MIN_RECALL  0.99
#define MAX_FP_RATE 0.002

static struct ca_ruleset *rs;
static struct ca_rule_scratch *sc;
static struct arena *arena;

struct tally {
	const char *want; /* rule id that must report, or NULL: none may */
	bool found;       /* 'want' reported */
	size_t hits;
	const char *first; /* first rule that reported */
};

static int
collect(void *arg, const struct ca_rule_hit *hit)
{
	struct tally *t = arg;

	if (!t->hits++)
		t->first = hit->rule_id;
	if (t->want && !strcmp(t->want, hit->rule_id))
		t->found = true;
	return 0;
}

/* Undoes the corpus escapes in place; returns the new length. */
static size_t
unescape(char *s)
{
	size_t o = 0;

	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '\\' && s[i + 1]) {
			i++;
			s[o++] = s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i];
		} else {
			s[o++] = s[i];
		}
	}
	s[o] = '\0';
	return o;
}

/* Scans each sample of 'name'; counts samples and successes (found
 * positives, or negatives with a hit). */
static void
run_file(const char *name, bool positives, size_t *samples, size_t *hits)
{
	const char *dir = getenv("CA_SRCDIR");
	char path[4096], line[65536];
	FILE *f;

	snprintf(path, sizeof(path), "%s/testdata/corpus/%s", dir ? dir : ".",
	    name);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s (set CA_SRCDIR)", path);
	*samples = *hits = 0;
	while (fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t'), *nl = strchr(line, '\n');
		struct tally t = { 0 };
		size_t n;

		if (line[0] == '#' || !tab)
			continue;
		if (nl)
			*nl = '\0';
		*tab = '\0';
		n = unescape(tab + 1);
		t.want = positives ? line : NULL;
		arena_reset(arena);
		assert_int_equal(
		    ca_rules_scan(rs, sc, tab + 1, n, arena, collect, &t), 0);
		(*samples)++;
		if (positives && t.found)
			(*hits)++;
		else if (positives)
			print_message("missed: %s (%s)\n", line,
			    t.hits ? t.first : "no hit");
		if (!positives && t.hits) {
			(*hits)++;
			print_message("false positive: %s by %s\n", line,
			    t.first);
		}
	}
	fclose(f);
}

static void
test_corpus(void **state)
{
	size_t np, found, nn, fps;
	double recall, fp_rate;

	(void)state;
	run_file("positives.tsv", true, &np, &found);
	run_file("negatives.tsv", false, &nn, &fps);
	assert_true(np >= 800 && nn >= 1000);
	recall = (double)found / (double)np;
	fp_rate = (double)fps / (double)nn;
	print_message("corpus: recall %.3f (%zu of %zu positives), "
	              "false-positive rate %.3f (%zu of %zu negatives)\n",
	    recall, found, np, fp_rate, fps, nn);
	assert_true(recall >= MIN_RECALL);
	assert_true(fp_rate <= MAX_FP_RATE);
}

/* fuzz_rules found it: a value with a run of over 128 letters overflowed
 * the word splitter's buffer (ASan: stack-buffer-overflow in wordy_as). */
static void
test_long_letter_run(void **state)
{
	char buf[600];
	struct tally t = { 0 };
	int n;

	(void)state;
	n = snprintf(buf, sizeof(buf), "API_TOKEN=007_9WIYydPCaLPj%0*d\n", 1,
	    0);
	memset(buf + n - 1, 'T', 300);
	memcpy(buf + n - 1 + 300, "gCpGzMk\n", 8);
	arena_reset(arena);
	assert_int_equal(
	    ca_rules_scan(rs, sc, buf, (size_t)n - 1 + 308, arena, collect, &t),
	    0);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_long_letter_run),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
