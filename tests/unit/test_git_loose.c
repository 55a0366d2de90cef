/* test_git_loose.c - the loose-object reader: objects deflated here as
 * git writes them (each type, empty contents, a large blob), and hostile
 * bytes: not zlib, a header with no NUL or no size, an unknown type, a
 * size above the cap or beyond size_t, contents shorter or longer than
 * stated, and every truncation of a valid object. */
#include "tests/unit/unit.h"
#include <stdlib.h>
#include <zlib.h>
#include "scanners/core/git_loose.h"

/* Deflates 'len' bytes of 'raw' into an owned buffer; '*zlen' its size. */
static unsigned char *
deflate_raw(const void *raw, size_t len, size_t *zlen)
{
	uLongf n = compressBound(len);
	unsigned char *z = malloc(n);

	assert_non_null(z);
	assert_int_equal(compress(z, &n, raw, len), Z_OK);
	*zlen = n;
	return z;
}

/* A loose object of 'hdr' ("blob 5", without the NUL) and 'body'. */
static unsigned char *
object(const char *hdr, const void *body, size_t blen, size_t *zlen)
{
	size_t hl = strlen(hdr) + 1;
	unsigned char *raw = malloc(hl + blen + 1), *z;

	assert_non_null(raw);
	memcpy(raw, hdr, hl);
	memcpy(raw + hl, body, blen);
	z = deflate_raw(raw, hl + blen, zlen);
	free(raw);
	return z;
}

static void
test_types(void **state)
{
	static const struct {
		const char *hdr;
		enum ca_git_type type;
	} cases[] = {
		{ "blob 5", CA_GIT_BLOB },
		{ "tree 5", CA_GIT_TREE },
		{ "commit 5", CA_GIT_COMMIT },
		{ "tag 5", CA_GIT_TAG },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t zlen, n;
		enum ca_git_type t;
		unsigned char out[5];
		unsigned char *z = object(cases[i].hdr, "hello", 5, &zlen);

		assert_int_equal(ca_git_loose_header(z, zlen, 100, &t, &n), 0);
		assert_int_equal(t, cases[i].type);
		assert_int_equal(n, 5);
		assert_int_equal(ca_git_loose_body(z, zlen, out, 5), 0);
		assert_memory_equal(out, "hello", 5);
		free(z);
	}
}

static void
test_sizes(void **state)
{
	size_t zlen, n, big = 3u << 20;
	enum ca_git_type t;
	unsigned char *body = malloc(big), *out = malloc(big), *z;

	(void)state;
	assert_non_null(body);
	assert_non_null(out);
	/* empty contents */
	z = object("blob 0", "", 0, &zlen);
	assert_int_equal(ca_git_loose_header(z, zlen, 10, &t, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(ca_git_loose_body(z, zlen, out, 0), 0);
	free(z);
	/* 3 MiB, and the cap */
	for (size_t i = 0; i < big; i++)
		body[i] = (unsigned char)(i * 7 + (i >> 9));
	{
		char hdr[32];

		snprintf(hdr, sizeof(hdr), "blob %zu", big);
		z = object(hdr, body, big, &zlen);
	}
	assert_int_equal(ca_git_loose_header(z, zlen, big, &t, &n), 0);
	assert_int_equal(n, big);
	assert_int_equal(ca_git_loose_body(z, zlen, out, big), 0);
	assert_memory_equal(out, body, big);
	assert_int_equal(ca_git_loose_header(z, zlen, big - 1, &t, &n), -1);
	/* a size the caller did not ask for */
	assert_int_equal(ca_git_loose_body(z, zlen, out, big - 1), -1);
	free(z);
	free(body);
	free(out);
}

static void
test_hostile(void **state)
{
	static const char *const heads[] = {
		"blob",    /* no size */
		"blob ",   /* empty size */
		"blob 5x", /* not a number */
		"blub 5",  /* unknown type */
		"blob -5",
		"blob 99999999999999999999999", /* beyond size_t */
		"blob 5 5",
	};
	unsigned char out[16];
	size_t zlen, n;
	enum ca_git_type t;
	unsigned char *z;

	(void)state;
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		z = object(heads[i], "hello", 5, &zlen);
		assert_int_equal(ca_git_loose_header(z, zlen, 1 << 20, &t, &n),
		    -1);
		assert_int_equal(ca_git_loose_body(z, zlen, out, 5), -1);
		free(z);
	}
	/* no NUL at all in the stream */
	z = deflate_raw("blob 5hello", 11, &zlen);
	assert_int_equal(ca_git_loose_header(z, zlen, 100, &t, &n), -1);
	free(z);
	/* not zlib */
	assert_int_equal(ca_git_loose_header((const unsigned char *)"blob 5", 6,
	                     100, &t, &n),
	    -1);
	assert_int_equal(ca_git_loose_header(NULL, 0, 100, &t, &n), -1);
	/* contents shorter, then longer, than the header says */
	z = object("blob 9", "hello", 5, &zlen);
	assert_int_equal(ca_git_loose_header(z, zlen, 100, &t, &n), 0);
	assert_int_equal(ca_git_loose_body(z, zlen, out, 9), -1);
	free(z);
	z = object("blob 3", "hello", 5, &zlen);
	assert_int_equal(ca_git_loose_body(z, zlen, out, 3), -1);
	free(z);
	/* every truncation and every flipped byte of a valid object: no
	 * crash, and a truncated body never reads as whole */
	z = object("commit 40", "tree 0123456789012345678901234567890123\n", 40,
	    &zlen);
	for (size_t cut = 0; cut < zlen; cut++) {
		unsigned char *part = malloc(cut ? cut : 1);
		unsigned char body[40];

		assert_non_null(part);
		memcpy(part, z, cut);
		if (ca_git_loose_header(part, cut, 100, &t, &n) == 0)
			assert_int_equal(n, 40);
		assert_int_equal(ca_git_loose_body(part, cut, body, 40), -1);
		free(part);
	}
	for (size_t i = 0; i < zlen; i++) {
		unsigned char body[40];

		z[i] ^= 0x5a;
		(void)ca_git_loose_header(z, zlen, 100, &t, &n);
		(void)ca_git_loose_body(z, zlen, body, 40);
		z[i] ^= 0x5a;
	}
	free(z);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
