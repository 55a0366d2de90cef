/* test_git_index.c - the git index reader against indexes written by git
 * itself (versions 2, 3 with an extended entry, and 4, with a path longer
 * than the flags can hold), and hostile bytes: wrong magic and version,
 * truncation anywhere, counts and lengths the buffer cannot hold. */
#include "tests/unit/unit.h"
#include <stdio.h>
#include <stdlib.h>
#include "scanners/core/git_index.h"

static char tmpl[1024];

static const char *const tracked[] = {
	".env",
	"a/b/c.txt",
	"a/b/d.txt",
	"a/be.txt",
	"zz",
};

/* Runs a shell command in the repository; fails the test when it does. */
static void
sh(const char *cmd)
{
	char buf[8192];

	snprintf(buf, sizeof(buf), "cd '%s' && %s >/dev/null 2>&1", tmpl, cmd);
	assert_int_equal(system(buf), 0);
}

/* Returns an owned copy of the repository's .git/index in '*len'. */
static char *
read_index(size_t *len)
{
	char path[4200];
	char *buf;
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/.git/index", tmpl);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int
setup(void **state)
{
	const char *t = getenv("TMPDIR");
	char longname[5000];
	char cmd[10000];
	size_t n;

	(void)state;
	snprintf(tmpl, sizeof(tmpl), "%s/ca-gitidx.XXXXXX", t ? t : "/tmp");
	if (!mkdtemp(tmpl))
		return -1;
	snprintf(cmd, sizeof(cmd),
	    "cd '%s' && git init -q && mkdir -p a/b && "
	    "touch .env a/b/c.txt a/b/d.txt a/be.txt zz untracked.txt && "
	    "git add .env a zz",
	    tmpl);
	if (system(cmd) != 0)
		return -1;
	/* a name of 4200 bytes: longer than the flags' 12 bits */
	n = (size_t)snprintf(longname, sizeof(longname), "long/");
	while (n < 4200)
		longname[n++] = 'x';
	longname[n] = '\0';
	snprintf(cmd, sizeof(cmd),
	    "cd '%s' && git update-index --add "
	    "--cacheinfo 100644,e69de29bb2d1d6434b8b29ae775ad8c2e48c5391,%s",
	    tmpl, longname);
	if (system(cmd) != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[4200];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpl);
	return system(cmd) == 0 ? 0 : -1;
}

static void
check_contents(void)
{
	char longname[5000];
	size_t len, n;
	char *buf = read_index(&len);

	for (size_t i = 0; i < sizeof(tracked) / sizeof(tracked[0]); i++)
		assert_int_equal(ca_git_index_contains(buf, len, tracked[i]),
		    1);
	assert_int_equal(ca_git_index_contains(buf, len, "untracked.txt"), 0);
	assert_int_equal(ca_git_index_contains(buf, len, "a/b"), 0);
	assert_int_equal(ca_git_index_contains(buf, len, "a/b/c.tx"), 0);
	assert_int_equal(ca_git_index_contains(buf, len, ""), 0);
	n = (size_t)snprintf(longname, sizeof(longname), "long/");
	while (n < 4200)
		longname[n++] = 'x';
	longname[n] = '\0';
	assert_int_equal(ca_git_index_contains(buf, len, longname), 1);
	longname[n - 1] = '\0';
	assert_int_equal(ca_git_index_contains(buf, len, longname), 0);
	/* every cut is read without a fault */
	for (size_t cut = 0; cut < len; cut++)
		(void)ca_git_index_contains(buf, cut, "zz");
	for (size_t cut = 0; cut < len && cut < 64; cut++)
		assert_int_equal(ca_git_index_contains(buf, cut, "zz"), -1);
	free(buf);
}

static void
test_v2(void **state)
{
	(void)state;
	sh("git update-index --index-version 2");
	check_contents();
}

static void
test_v3(void **state)
{
	(void)state;
	/* intent-to-add sets an extended flag, which makes the index v3 */
	sh("touch ita.txt && git add -N ita.txt");
	sh("git update-index --index-version 3");
	check_contents();
	{
		size_t len;
		char *buf = read_index(&len);

		assert_int_equal(buf[7], 3);
		assert_int_equal(ca_git_index_contains(buf, len, "ita.txt"), 1);
		free(buf);
	}
}

static void
test_v4(void **state)
{
	size_t len;
	char *buf;

	(void)state;
	sh("git update-index --index-version 4");
	check_contents();
	buf = read_index(&len);
	assert_int_equal(buf[7], 4);
	free(buf);
}

static void
test_hostile(void **state)
{
	char hdr[12 + 64 + 16];
	size_t len;
	char *buf;

	(void)state;
	assert_int_equal(ca_git_index_contains(NULL, 0, "x"), -1);
	assert_int_equal(ca_git_index_contains("", 0, "x"), -1);
	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, "DIRC\0\0\0\2\0\0\0\0", 12);
	/* an empty index is well-formed */
	assert_int_equal(ca_git_index_contains(hdr, 12, "x"), 0);
	memcpy(hdr, "DIRX", 4);
	assert_int_equal(ca_git_index_contains(hdr, 12, "x"), -1);
	memcpy(hdr, "DIRC", 4);
	hdr[7] = 5;
	assert_int_equal(ca_git_index_contains(hdr, 12, "x"), -1);
	hdr[7] = 1;
	assert_int_equal(ca_git_index_contains(hdr, 12, "x"), -1);
	/* a count the bytes cannot hold */
	hdr[7] = 2;
	memset(hdr + 8, 0xff, 4);
	assert_int_equal(ca_git_index_contains(hdr, sizeof(hdr), "x"), -1);
	/* one entry whose name length runs past the end */
	memcpy(hdr + 8, "\0\0\0\1", 4);
	hdr[12 + 60] = 0x0f;
	hdr[12 + 61] = (char)0xfe;
	assert_int_equal(ca_git_index_contains(hdr, sizeof(hdr), "x"), -1);
	/* 0xFFF: a NUL-terminated name with no NUL */
	hdr[12 + 61] = (char)0xff;
	memset(hdr + 12 + 62, 'a', sizeof(hdr) - 12 - 62);
	assert_int_equal(ca_git_index_contains(hdr, sizeof(hdr), "x"), -1);
	/* the extended flag in version 2 */
	hdr[12 + 60] = 0x40;
	hdr[12 + 61] = 1;
	assert_int_equal(ca_git_index_contains(hdr, sizeof(hdr), "a"), -1);
	/* a real v4 index with every byte flipped in turn: no crash */
	sh("git update-index --index-version 4");
	buf = read_index(&len);
	for (size_t i = 0; i < len; i++) {
		buf[i] ^= (char)0xa5;
		(void)ca_git_index_contains(buf, len, "zz");
		buf[i] ^= (char)0xa5;
	}
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v2),
		cmocka_unit_test(test_v3),
		cmocka_unit_test(test_v4),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
