/* test_redact_gate.c - the redaction gate: clean strings pass untouched
 * (the same pointer), secret-shaped pieces of any string become their
 * previews, the in-place form stays inside its buffer, hostile strings
 * (invalid UTF-8, over a megabyte, thousands of tokens) are cut rather
 * than passed on unread, and a scan puts no token used as a gh user name
 * into any string of the inventory. */
#include "tests/unit/scan_unit.h"
#include "lib/arena.h"
#include "scanners/core/redact_gate.h"

#define HOME "/home/u"

extern const struct ca_scanner ca_scanner_gh;

static struct ca_gate *gate;
static struct arena *arena;

static int
setup(void **state)
{
	(void)state;
	gate = ca_gate_new();
	arena = arena_new(64 * 1024);
	return gate ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	ca_gate_free(gate);
	arena_free(arena);
	return 0;
}

static void
test_clean(void **state)
{
	static const char *const clean[] = {
		"",
		"a",
		"alice@github.com",
		"/home/alice/.config/gh/hosts.yml",
		"profile prod (account 123456789012)",
		"ghp_short",
		"ya29.",
		"-----BEGIN CERTIFICATE-----",
	};

	(void)state;
	assert_null(ca_gate_str(gate, arena, NULL));
	for (size_t i = 0; i < CA_ARRAY_SIZE(clean); i++)
		assert_ptr_equal(ca_gate_str(gate, arena, clean[i]), clean[i]);
	/* no gate: the string as it is */
	assert_ptr_equal(ca_gate_str(NULL, arena, clean[2]), clean[2]);
}

static void
test_tokens_replaced(void **state)
{
	char a[96] = "", b[96] = "", s[512], want[64];
	const char *out;

	(void)state;
	gh_token("ghp_", 701, a);
	gh_token("gho_", 702, b);
	snprintf(s, sizeof(s), "%s@github.com", a);
	out = ca_gate_str(gate, arena, s);
	assert_ptr_not_equal(out, s);
	assert_null(strstr(out, a + 8));
	snprintf(want, sizeof(want), "%.8s\xe2\x80\xa6@github.com", a);
	assert_string_equal(out, want);

	/* two in one string, with text around and between */
	snprintf(s, sizeof(s), "profile %s links to %s.", a, b);
	out = ca_gate_str(gate, arena, s);
	assert_null(strstr(out, a + 8));
	assert_null(strstr(out, b + 8));
	assert_non_null(strstr(out, "profile ghp_"));
	assert_non_null(strstr(out, " links to gho_"));
	assert_int_equal(out[strlen(out) - 1], '.');
	/* a fixed point: nothing is left to redact */
	assert_ptr_equal(ca_gate_str(gate, arena, out), out);

	/* a URL's password */
	snprintf(s, sizeof(s), "https://octo:%s@github.com/acme/app.git", a);
	out = ca_gate_str(gate, arena, s);
	assert_null(strstr(out, a + 8));
	assert_non_null(strstr(out, "@github.com/acme/app.git"));
}

static void
test_buf(void **state)
{
	char a[96] = "", buf[24], big[256];

	(void)state;
	gh_token("ghp_", 703, a);
	/* cut to the buffer, NUL-terminated, no token piece */
	snprintf(big, sizeof(big), "x %s", a);
	memcpy(buf, big, sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	ca_gate_buf(gate, buf, sizeof(buf));
	assert_true(strlen(buf) < sizeof(buf));
	no_piece_in(buf, a + 4, strlen(a) - 4);
	/* a message cut by its writer inside a token: the end is dropped */
	memset(big, '.', sizeof(big));
	memcpy(big + sizeof(big) - 30, a, 29);
	big[sizeof(big) - 1] = '\0';
	ca_gate_buf(gate, big, sizeof(big));
	no_piece_in(big, a + 4, 25);
	assert_non_null(strstr(big, "....\xe2\x80\xa6"));
	snprintf(big, sizeof(big), "cannot read '%s/hosts.yml': too large", a);
	ca_gate_buf(gate, big, sizeof(big));
	assert_null(strstr(big, a + 8));
	assert_non_null(strstr(big, "/hosts.yml': too large"));
	/* nothing to do */
	snprintf(buf, sizeof(buf), "plain");
	ca_gate_buf(gate, buf, sizeof(buf));
	assert_string_equal(buf, "plain");
	ca_gate_buf(gate, buf, 0);
	ca_gate_buf(NULL, buf, sizeof(buf));
	assert_string_equal(buf, "plain");
}

static void
test_hostile(void **state)
{
	char a[96] = "", *s;
	const char *out;
	size_t n = (2u << 20) + 100, o = 0;

	(void)state;
	gh_token("ghp_", 704, a);
	/* invalid UTF-8 around a token */
	s = malloc(n + 1);
	assert_non_null(s);
	snprintf(s, n, "\xff\xfe%s\xc3", a);
	out = ca_gate_str(gate, arena, s);
	assert_null(strstr(out, a + 8));
	assert_memory_equal(out, "\xff\xfeghp_", 6);

	/* over a megabyte, a token past the part looked at: cut */
	memset(s, 'x', n);
	memcpy(s + n - 60, a, strlen(a));
	s[n] = '\0';
	out = ca_gate_str(gate, arena, s);
	assert_ptr_not_equal(out, s);
	assert_true(strlen(out) <= (1u << 20) + 3);
	assert_null(strstr(out, a + 8));
	/* a token straddling the cut is dropped with the margin */
	memset(s, 'x', n);
	memcpy(s + (1u << 20) - 20, a, strlen(a));
	out = ca_gate_str(gate, arena, s);
	assert_null(strstr(out, "ghp_"));

	/* thousands of tokens, separated by spaces */
	for (unsigned int i = 0; o + 64 < n; i++) {
		gh_token("ghp_", 800 + i % 50, s + o);
		o += strlen(s + o);
		s[o++] = ' ';
	}
	s[o] = '\0';
	out = ca_gate_str(gate, arena, s);
	assert_null(strstr(out, a + 8));
	for (unsigned int i = 0; i < 50; i++) {
		gh_token("ghp_", 800 + i, a);
		assert_null(strstr(out, a + 8));
	}
	free(s);
	arena_reset(arena);
}

/* A token typed as the gh user name reaches no string of the inventory. */
static void
test_scan_identity(void **state)
{
	char user[96] = "", tok[96] = "", yml[2048];
	struct ca_inventory *inv;

	(void)state;
	gh_token("ghp_", 705, user);
	gh_token("gho_", 706, tok);
	snprintf(yml, sizeof(yml),
	    "github.com:\n    users:\n        %s:\n"
	    "            oauth_token: %s\n    user: %s\n    oauth_token: %s\n"
	    "%s.example.test:\n    user: x\n    oauth_token: %s\n",
	    user, tok, user, tok, user, tok);
	inv = scan_one(&ca_scanner_gh, HOME "/.config/gh/hosts.yml", HOME, yml,
	    0);
	assert_non_null(find_secret(inv, tok));
	assert_no_piece(inv, user);
	assert_no_piece(inv, tok);
	ca_inventory_free(inv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_tokens_replaced),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_scan_identity),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
