/* test_str.c - lib/str: spans, trimming, ASCII case, affixes, hex digits,
 * line numbers and the printable copies, including the malformed and
 * boundary inputs the surfaces feed them. */
#include "tests/unit/unit.h"
#include "lib/arena.h"
#include "lib/str.h"

static void
test_span(void **state)
{
	struct ca_span s = ca_span_str("  \t key = v \r\n");
	struct ca_span t = ca_span_trim(s), e;

	(void)state;
	assert_int_equal(s.len, 14);
	assert_int_equal(t.len, 7);
	assert_memory_equal(t.p, "key = v", 7);
	assert_true(ca_span_eq(t, "key = v"));
	assert_false(ca_span_eq(t, "key = "));
	assert_false(ca_span_eq(t, "KEY = V"));
	/* NULL and all-blank spans trim to nothing */
	e = ca_span_str(NULL);
	assert_null(e.p);
	assert_int_equal(e.len, 0);
	assert_int_equal(ca_span_trim(e).len, 0);
	assert_true(ca_span_eq(e, ""));
	assert_int_equal(ca_span_trim(ca_span_str(" \v\f\t\r\n ")).len, 0);
}

static void
test_trim(void **state)
{
	const char *s = "\n\tx y\t\n";
	size_t n = strlen(s);

	(void)state;
	ca_trim(&s, &n);
	assert_int_equal(n, 3);
	assert_memory_equal(s, "x y", 3);
	/* only ASCII whitespace goes: a NUL or a high byte stays */
	s = "\0a\xa0";
	n = 3;
	ca_trim(&s, &n);
	assert_int_equal(n, 3);
	n = 0;
	ca_trim(&s, &n);
	assert_int_equal(n, 0);
}

static void
test_case_and_affixes(void **state)
{
	(void)state;
	assert_true(ca_ieq("Profile", 7, "profile"));
	assert_true(ca_ieq("SSO-SESSION", 11, "sso-session"));
	assert_false(ca_ieq("profiles", 8, "profile"));
	assert_false(ca_ieq("profil", 6, "profile"));
	/* ASCII only: a Latin-1 capital does not fold */
	assert_false(ca_ieq("\xc9", 1, "\xe9"));
	assert_true(ca_ieq("", 0, ""));
	/* the length counts, not a NUL inside */
	assert_false(ca_ieq("ab\0", 3, "ab"));

	assert_true(ca_starts_with("github_pat_x", "github_pat_"));
	assert_false(ca_starts_with("ghp", "ghp_"));
	assert_true(ca_starts_with("x", ""));
	assert_true(
	    ca_ends_with("/home/a/.aws/credentials", "/.aws/credentials"));
	assert_false(ca_ends_with("credentials", "/.aws/credentials"));
	assert_false(ca_ends_with("owners.JSON", ".json"));
	assert_true(ca_ends_with("", ""));
	assert_true(ca_ends_with_icase("owners.JSON", ".json"));
	assert_true(ca_ends_with_icase("p.Yml", ".yml"));
	assert_false(ca_ends_with_icase("yml", ".yml"));
}

static void
test_hexval(void **state)
{
	(void)state;
	assert_int_equal(ca_hexval('0'), 0);
	assert_int_equal(ca_hexval('9'), 9);
	assert_int_equal(ca_hexval('a'), 10);
	assert_int_equal(ca_hexval('F'), 15);
	assert_int_equal(ca_hexval('g'), -1);
	assert_int_equal(ca_hexval('G'), -1);
	assert_int_equal(ca_hexval('/'), -1);
	assert_int_equal(ca_hexval(':'), -1);
	assert_int_equal(ca_hexval('\0'), -1);
	/* a signed char past 0x7f is negative: never a digit */
	assert_int_equal(ca_hexval((char)0xe6), -1);
	assert_int_equal(ca_hexval(0x100 + 'a'), -1);
}

static void
test_line_of(void **state)
{
	static const char text[] = "a\nb\n\nneedle x\nneedle";
	size_t big = (4u << 20) + 1;
	char *huge;

	(void)state;
	assert_int_equal(ca_line_of(text, strlen(text), "needle", 6), 4);
	assert_int_equal(ca_line_of(text, strlen(text), "a", 1), 1);
	assert_int_equal(ca_line_of(text, strlen(text), "zz", 2), 0);
	assert_int_equal(ca_line_of(text, strlen(text), "a", 0), 0);
	assert_int_equal(ca_line_of(NULL, 0, "a", 1), 0);
	/* the needle must lie inside 'len', not merely inside the string */
	assert_int_equal(ca_line_of(text, 3, "b\n", 2), 0);
	/* past 4 MiB the search is skipped (line 0: not known) */
	huge = calloc(1, big);
	assert_non_null(huge);
	memset(huge, '\n', big);
	memcpy(huge + 10, "tok", 3);
	assert_int_equal(ca_line_of(huge, big - 1, "tok", 3), 11);
	assert_int_equal(ca_line_of(huge, big, "tok", 3), 0);
	free(huge);
}

static void
test_printable(void **state)
{
	struct arena *a = arena_new(256);
	char buf[6];

	(void)state;
	assert_string_equal(ca_printable(a, "a\tb\x7f\x1b[0m", 8, 64),
	    "a?b??[0m");
	/* a plain cut is silent; bytes past 0x7e stay (UTF-8 names) */
	assert_string_equal(ca_printable(a, "h\xc3\xa9llo", 6, 3), "h\xc3\xa9");
	assert_string_equal(ca_printable(a, "abc", 3, 0), "");
	assert_null(ca_printable(a, NULL, 3, 8));
	/* a marked cut adds "..." and never splits a UTF-8 sequence */
	assert_string_equal(ca_printable_cut(a, "abcdef", 6, 3), "abc...");
	assert_string_equal(ca_printable_cut(a, "ab\xc3\xa9z", 5, 3), "ab...");
	assert_string_equal(ca_printable_cut(a, "abc", 3, 3), "abc");
	assert_string_equal(ca_printable_cut(a, "\xa9\xa9\xa9", 3, 2), "...");
	assert_null(ca_printable_cut(a, NULL, 0, 2));
	/* ASCII copies: everything outside 0x20..0x7e becomes '?' */
	assert_string_equal(ca_printable_ascii(a, "n\xc3\xa9\n\x7f~", 6),
	    "n????~");
	assert_string_equal(ca_printable_ascii(a, "", 0), "");
	assert_true(ca_is_printable_ascii("ssh-ed25519 ~", 13));
	assert_false(ca_is_printable_ascii("ssh\x7f", 4));
	assert_false(ca_is_printable_ascii("caf\xc3\xa9", 5));
	assert_true(ca_is_printable_ascii("", 0));
	/* the stack form cuts to fit and keeps the NUL */
	assert_string_equal(ca_printable_buf(buf, sizeof(buf), "k\x01y\nlong"),
	    "k?y?l");
	assert_string_equal(ca_printable_buf(buf, 1, "abc"), "");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_span),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_case_and_affixes),
		cmocka_unit_test(test_hexval),
		cmocka_unit_test(test_line_of),
		cmocka_unit_test(test_printable),
	};
	return cmocka_run_group_tests_name("str", tests, NULL, NULL);
}
