/* test_lib.c - strbuf caps and invariants, arena, glob, redaction. */
#include "tests/unit/unit.h"
#include "lib/arena.h"
#include "lib/glob.h"
#include "lib/redact.h"
#include "lib/strbuf.h"

static void
test_strbuf_basics(void **state)
{
	struct strbuf sb = STRBUF_INIT(64);

	(void)state;
	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");
	assert_int_equal(strbuf_addstr(&sb, "abc"), 0);
	assert_int_equal(strbuf_addf(&sb, "-%d-", 42), 0);
	assert_int_equal(strbuf_addch(&sb, 'z'), 0);
	assert_string_equal(sb.buf, "abc-42-z");
	assert_int_equal(sb.len, 8);
	strbuf_setlen(&sb, 3);
	assert_string_equal(sb.buf, "abc");
	strbuf_reset(&sb);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
	assert_string_equal(sb.buf, "");
}

static void
test_strbuf_cap(void **state)
{
	struct strbuf sb = STRBUF_INIT(10);
	char *s;
	size_t len;

	(void)state;
	assert_int_equal(strbuf_add(&sb, "0123456789", 10), 0);
	/* one byte past the cap fails and releases the buffer */
	assert_int_equal(strbuf_addch(&sb, 'x'), -1);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	assert_int_equal(strbuf_addf(&sb, "%s", "a very long string past ten"),
	    -1);
	assert_int_equal(strbuf_addstr(&sb, "ok"), 0);
	s = strbuf_detach(&sb, &len);
	assert_string_equal(s, "ok");
	assert_int_equal(len, 2);
	assert_string_equal(sb.buf, "");
	free(s);
	/* detaching an empty buffer still gives an owned string */
	s = strbuf_detach(&sb, NULL);
	assert_string_equal(s, "");
	free(s);
}

static void
test_arena(void **state)
{
	struct arena *a = arena_new(256);
	char *big, *s;

	(void)state;
	for (int i = 0; i < 1000; i++) {
		int *p = arena_alloc(a, sizeof(int) * 3);
		assert_int_equal(((uintptr_t)p) % _Alignof(max_align_t), 0);
		p[0] = p[1] = p[2] = i;
	}
	big = arena_alloc(a, 100000);
	memset(big, 1, 100000);
	s = arena_printf(a, "%s=%d", "x", 5);
	assert_string_equal(s, "x=5");
	assert_string_equal(arena_strndup(a, "hello", 3), "hel");
	assert_null(arena_strdup(a, NULL));
	assert_true(arena_used(a) >= 100000);
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	assert_non_null(arena_zalloc(a, 10));
	arena_free(a);
}

static void
test_glob(void **state)
{
	(void)state;
	assert_true(ca_glob_match("**/.config/gh/hosts.yml",
	    "home/a/.config/gh/hosts.yml"));
	assert_true(
	    ca_glob_match("**/.config/gh/hosts.yml", ".config/gh/hosts.yml"));
	assert_false(ca_glob_match("**/.config/gh/hosts.yml",
	    "home/a/.config/gh/hosts.yml.bak"));
	assert_true(ca_glob_match("etc/gitconfig", "etc/gitconfig"));
	assert_false(ca_glob_match("etc/gitconfig", "x/etc/gitconfig"));
	assert_true(ca_glob_match("**/.aws/sso/cache/*.json",
	    "root/.aws/sso/cache/abc.json"));
	assert_false(ca_glob_match("**/.aws/sso/cache/*.json",
	    "root/.aws/sso/cache/sub/abc.json"));
	assert_true(ca_glob_match("home/*/.netrc", "home/bob/.netrc"));
	assert_false(ca_glob_match("home/*/.netrc", "home/bob/x/.netrc"));
	assert_true(ca_glob_match("**", "anything/at/all"));
}

static void
test_redact(void **state)
{
	char out[64];

	(void)state;
	ca_redact("ghp_Ab12CDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 40, 4, out,
	    sizeof(out));
	assert_string_equal(out, "ghp_Ab12\xe2\x80\xa6");
	/* short password: nothing but the ellipsis */
	ca_redact("hunter2", 7, 0, out, sizeof(out));
	assert_string_equal(out, "\xe2\x80\xa6");
	/* long prefix-less secret: at most four characters */
	ca_redact("abcdefghijklmnopqrstuvwxyz0123456789", 36, 0, out,
	    sizeof(out));
	assert_string_equal(out, "abcd\xe2\x80\xa6");
	/* control bytes never reach the output */
	ca_redact("\x1b[31mABCDEFGHIJKLMNOP", 21, 0, out, sizeof(out));
	assert_string_equal(out, "?[\xe2\x80\xa6");
	/* PEM armour is not previewed */
	ca_redact("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE",
	    56, 0, out, sizeof(out));
	assert_string_equal(out, "\xe2\x80\xa6");
	/* a prefix longer than the secret is ignored */
	ca_redact("abc", 3, 10, out, sizeof(out));
	assert_string_equal(out, "\xe2\x80\xa6");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf_basics),
		cmocka_unit_test(test_strbuf_cap),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_glob),
		cmocka_unit_test(test_redact),
	};
	return cmocka_run_group_tests_name("lib", tests, NULL, NULL);
}
