/* test_git_refs.c - the readers of loose refs, packed-refs and reflogs:
 * files shaped as git writes them, and hostile bytes (short ids, non-hex,
 * missing separators, a NUL inside, truncation at every length). */
#include "tests/unit/unit.h"
#include <stdlib.h>
#include "scanners/core/git_refs.h"

#define A40 "0123456789abcdef0123456789abcdef01234567"
#define B40 "89abcdef0123456789abcdef0123456789abcdef"
#define Z40 "0000000000000000000000000000000000000000"

struct seen {
	unsigned char first[CA_GIT_OID_RAW];
	int n;
	int stop_at; /* return 7 at this call, 0: never */
};

static int
collect(const unsigned char oid[CA_GIT_OID_RAW], void *arg)
{
	struct seen *s = arg;

	if (!s->n)
		memcpy(s->first, oid, CA_GIT_OID_RAW);
	s->n++;
	return s->n == s->stop_at ? 7 : 0;
}

static int
packed(const char *text, bool remote_only, struct seen *s)
{
	memset(s, 0, sizeof(*s));
	return ca_git_packed_refs_each(text, strlen(text), remote_only, collect,
	    s);
}

static int
reflog(const char *text, struct seen *s)
{
	memset(s, 0, sizeof(*s));
	return ca_git_reflog_each(text, strlen(text), collect, s);
}

static void
test_oid_hex(void **state)
{
	unsigned char oid[CA_GIT_OID_RAW];

	(void)state;
	assert_int_equal(ca_git_oid_from_hex(A40, oid), 0);
	assert_int_equal(oid[0], 0x01);
	assert_int_equal(oid[19], 0x67);
	assert_int_equal(ca_git_oid_from_hex("ABCDEF" A40, oid), 0);
	assert_int_equal(oid[0], 0xab);
	assert_int_equal(ca_git_oid_from_hex(
	                     "g123456789abcdef0123456789abcdef01234567", oid),
	    -1);
}

static void
test_loose(void **state)
{
	unsigned char oid[CA_GIT_OID_RAW];
	const char *t = NULL;
	size_t tn = 0;

	(void)state;
	assert_int_equal(ca_git_loose_ref(A40 "\n", 41, oid, &t, &tn), 1);
	assert_int_equal(oid[1], 0x23);
	assert_int_equal(ca_git_loose_ref(A40, 40, oid, &t, &tn), 1);
	assert_int_equal(ca_git_loose_ref(A40 "\r\n", 42, oid, &t, &tn), 1);
	assert_int_equal(
	    ca_git_loose_ref("ref: refs/heads/main\n", 21, oid, &t, &tn), 2);
	assert_int_equal(tn, strlen("refs/heads/main"));
	assert_memory_equal(t, "refs/heads/main", tn);
	/* negatives: short, long, junk after, empty target, NUL inside */
	assert_int_equal(ca_git_loose_ref(A40, 39, oid, &t, &tn), -1);
	assert_int_equal(ca_git_loose_ref(A40 "0\n", 42, oid, &t, &tn), -1);
	assert_int_equal(ca_git_loose_ref(A40 " x", 42, oid, &t, &tn), -1);
	assert_int_equal(ca_git_loose_ref("ref: \n", 6, oid, &t, &tn), -1);
	assert_int_equal(ca_git_loose_ref("ref: a\0b", 8, oid, &t, &tn), -1);
	assert_int_equal(ca_git_loose_ref("", 0, oid, &t, &tn), -1);
	assert_int_equal(ca_git_loose_ref(NULL, 0, oid, &t, &tn), -1);
}

static void
test_packed(void **state)
{
	struct seen s;
	const char *file = "# pack-refs with: peeled fully-peeled sorted \n" A40
	                   " refs/heads/main\n" B40
	                   " refs/remotes/origin/main\n" A40 " refs/tags/v1\n"
	                   "^" B40 "\n";

	(void)state;
	assert_int_equal(packed(file, false, &s), 0);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.first[0], 0x01);
	/* only the remote-tracking ref, not the tag's peeled id */
	assert_int_equal(packed(file, true, &s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.first[0], 0x89);
	/* a peeled line after a remote ref is kept with it */
	assert_int_equal(packed(B40 " refs/remotes/o/t\n^" A40 "\n", true, &s),
	    0);
	assert_int_equal(s.n, 2);
	/* stop when the callback says so */
	memset(&s, 0, sizeof(s));
	s.stop_at = 2;
	assert_int_equal(
	    ca_git_packed_refs_each(file, strlen(file), false, collect, &s), 7);
	/* CRLF and a missing final newline */
	assert_int_equal(
	    packed(A40 " refs/heads/x\r\n" B40 " refs/heads/y", false, &s), 0);
	assert_int_equal(s.n, 2);
	/* negatives */
	assert_int_equal(packed(A40 "\n", false, &s), -1); /* no name */
	assert_int_equal(packed(A40 "refs/heads/x\n", false, &s), -1);
	assert_int_equal(packed("xyz refs/heads/x\n", false, &s), -1);
	assert_int_equal(packed("^abc\n", false, &s), -1);
	assert_int_equal(packed(A40 " refs/a\n"
	                            "junk\n",
	                     false, &s),
	    -1);
	assert_int_equal(s.n, 1); /* ids before the fault were seen */
	assert_int_equal(packed("", false, &s), 0);
	assert_int_equal(s.n, 0);
}

static void
test_packed_find(void **state)
{
	unsigned char oid[CA_GIT_OID_RAW];
	const char *file = "# pack-refs with: peeled\n" A40
	                   " refs/heads/main\n^" B40 "\n" B40
	                   " refs/heads/mainline\n";

	(void)state;
	assert_int_equal(ca_git_packed_refs_find(file, strlen(file),
	                     "refs/heads/mainline", 19, oid),
	    1);
	assert_int_equal(oid[0], 0x89);
	assert_int_equal(ca_git_packed_refs_find(file, strlen(file),
	                     "refs/heads/main", 15, oid),
	    1);
	assert_int_equal(oid[0], 0x01);
	/* a prefix of a name is not the name */
	assert_int_equal(ca_git_packed_refs_find(file, strlen(file),
	                     "refs/heads/mai", 14, oid),
	    0);
	assert_int_equal(
	    ca_git_packed_refs_find("junk\n", 5, "refs/heads/main", 15, oid),
	    -1);
	assert_int_equal(ca_git_packed_refs_find(NULL, 0, "x", 1, oid), 0);
}

static void
test_reflog(void **state)
{
	struct seen s;

	(void)state;
	assert_int_equal(
	    reflog(Z40 " " A40 " A U Thor <a@example.com> "
	               "1700000000 +0000\tcommit (initial): one\n" A40 " " B40
	               " A U Thor <a@example.com> 1700000001 +0000\t"
	               "commit: two\n",
	        &s),
	    0);
	assert_int_equal(s.n, 3); /* the zero id is skipped */
	assert_int_equal(s.first[0], 0x01);
	/* negatives: one id only, a bad separator, short ids */
	assert_int_equal(reflog(A40 "\n", &s), -1);
	assert_int_equal(reflog(A40 "x" B40 " who\n", &s), -1);
	assert_int_equal(reflog(A40 " " B40 "x who\n", &s), -1);
	assert_int_equal(reflog("0123 4567\n", &s), -1);
	/* blank lines are fine */
	assert_int_equal(reflog("\n\n", &s), 0);
	assert_int_equal(s.n, 0);
}

/* Every prefix of real files, and every byte flipped: no read past the
 * end (ASan), and only 0 or -1 back. */
static void
test_hostile(void **state)
{
	const char *files[] = {
		"# pack-refs with: peeled\n" A40 " refs/remotes/o/m\n^" B40
		"\n",
		Z40 " " A40 " n <e> 1 +0000\tx\n" A40 " " B40
		    " n <e> 2 +0000\ty",
		"ref: refs/heads/main\n",
		A40 "\n",
	};

	(void)state;
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		size_t len = strlen(files[f]);
		char *buf = malloc(len ? len : 1);

		assert_non_null(buf);
		memcpy(buf, files[f], len);
		for (size_t cut = 0; cut <= len; cut++) {
			struct seen s;
			unsigned char oid[CA_GIT_OID_RAW];
			const char *t;
			size_t tn;
			int ret;

			memset(&s, 0, sizeof(s));
			/* a heap copy of exactly 'cut' bytes */
			char *part = malloc(cut ? cut : 1);
			assert_non_null(part);
			memcpy(part, buf, cut);
			ret = ca_git_packed_refs_each(part, cut, false, collect,
			    &s);
			assert_true(ret == 0 || ret == -1);
			ret = ca_git_reflog_each(part, cut, collect, &s);
			assert_true(ret == 0 || ret == -1);
			ret = ca_git_packed_refs_find(part, cut,
			    "refs/remotes/o/m", 16, oid);
			assert_true(ret >= -1 && ret <= 1);
			ret = ca_git_loose_ref(part, cut, oid, &t, &tn);
			assert_true(ret >= -1 && ret <= 2);
			free(part);
		}
		for (size_t i = 0; i < len; i++) {
			struct seen s;

			memset(&s, 0, sizeof(s));
			buf[i] ^= (char)0x5a;
			(void)ca_git_packed_refs_each(buf, len, true, collect,
			    &s);
			(void)ca_git_reflog_each(buf, len, collect, &s);
			buf[i] ^= (char)0x5a;
		}
		free(buf);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oid_hex),
		cmocka_unit_test(test_loose),
		cmocka_unit_test(test_packed),
		cmocka_unit_test(test_packed_find),
		cmocka_unit_test(test_reflog),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
