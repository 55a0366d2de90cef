/* test_gh.c - gh hosts.yml: legacy and multi-account layouts, keyring-only
 * accounts, GHES hosts, prefix kinds, placeholders, scalar aliases, and
 * hostile YAML (truncated, binary, alias bombs, deep nesting, huge
 * scalars) with no secret in any string of the inventory. */
#include "tests/unit/scan_unit.h"

extern const struct ca_scanner ca_scanner_gh;

#define HOME  "/home/alice"
#define HOSTS HOME "/.config/gh/hosts.yml"

static struct ca_inventory *
scan_bytes(const char *path, const void *data, size_t len)
{
	return scan_one(&ca_scanner_gh, path, HOME, data, len);
}

static struct ca_inventory *
scan_text(const char *text)
{
	return scan_bytes(HOSTS, text, strlen(text));
}

static void
test_legacy(void **state)
{
	char gho[96] = "", buf[512];
	const struct ca_credential *c;
	struct ca_inventory *inv;

	(void)state;
	gh_token("gho_", 11, gho);
	snprintf(buf, sizeof(buf),
	    "github.com:\n"
	    "    oauth_token: %s\n"
	    "    user: alice\n"
	    "    git_protocol: https\n",
	    gho);
	inv = scan_text(buf);
	assert_int_equal(inv->ncreds, 1);
	assert_int_equal(inv->nerrors, 0);
	c = find_secret(inv, gho);
	assert_non_null(c);
	assert_string_equal(c->kind, "github-oauth-token");
	assert_string_equal(c->rule, "gh.hosts-token");
	assert_string_equal(c->identity, "alice@github.com");
	assert_int_equal(strncmp(c->redacted, "gho_", 4), 0);
	assert_true(c->structured);
	assert_int_equal(c->locations[0].line, 2);
	assert_string_equal(c->locations[0].path, HOSTS);
	assert_true(has_reason(c,
	    "gh CLI token for github.com (git_protocol "
	    "https)"));
	assert_string_equal(c->anchors[0], "gh-host:" HOME ":github.com");
	assert_no_secret(inv, gho);
	ca_inventory_free(inv);
}

static void
test_multi_account(void **state)
{
	char a[96] = "", b[96] = "", buf[1024];
	const struct ca_credential *c;
	struct ca_inventory *inv;

	(void)state;
	gh_token("gho_", 21, a);
	gh_token("ghp_", 22, b);
	snprintf(buf, sizeof(buf),
	    "github.com:\n"
	    "    users:\n"
	    "        alice:\n"
	    "            oauth_token: %s\n"
	    "        bob:\n"
	    "            oauth_token: \"%s\"\n"
	    "        carol:\n"
	    "    git_protocol: ssh\n"
	    "    user: alice\n"
	    "    oauth_token: %s\n"
	    "ghe.corp.test:\n"
	    "    users:\n"
	    "        dave: {}\n"
	    "    git_protocol: https\n"
	    "    user: dave\n",
	    a, b, a);
	inv = scan_text(buf);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 4);

	/* the active account's token at host level is the same secret */
	c = find_secret(inv, a);
	assert_non_null(c);
	assert_string_equal(c->identity, "alice@github.com");
	assert_int_equal(c->nlocations, 2);
	assert_int_equal(c->locations[0].line, 4);
	assert_int_equal(c->locations[1].line, 10);

	c = find_secret(inv, b);
	assert_non_null(c);
	assert_string_equal(c->kind, "github-pat-classic");
	assert_string_equal(c->identity, "bob@github.com");
	assert_int_equal(c->locations[0].line, 6);

	c = find_ref(inv, "keyring:gh:github.com:carol");
	assert_non_null(c);
	assert_string_equal(c->kind, "github-keyring-token");
	assert_string_equal(c->rule, "gh.keyring-token");
	assert_string_equal(c->identity, "carol@github.com");
	assert_null(c->redacted);
	assert_int_equal(c->locations[0].line, 7);
	assert_true(has_reason(c,
	    "token kept in the OS keyring (service gh:github.com)"));

	/* GHES host, keyring only */
	c = find_ref(inv, "keyring:gh:ghe.corp.test:dave");
	assert_non_null(c);
	assert_string_equal(c->identity, "dave@ghe.corp.test");
	assert_string_equal(c->anchors[0], "gh-host:" HOME ":ghe.corp.test");

	assert_no_secret(inv, a);
	assert_no_secret(inv, b);
	ca_inventory_free(inv);
}

static void
test_keyring_legacy(void **state)
{
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_text("github.com:\n    user: octo\n"
	                "    git_protocol: https\n");
	assert_int_equal(inv->ncreds, 1);
	c = find_ref(inv, "keyring:gh:github.com:octo");
	assert_non_null(c);
	assert_int_equal(c->locations[0].line, 2);
	ca_inventory_free(inv);
}

static void
test_prefix_kinds(void **state)
{
	char fine[128], ghu[96] = "", bad[96] = "", buf[1024];
	const struct ca_credential *c;
	struct ca_inventory *inv;

	(void)state;
	snprintf(fine, sizeof(fine), "github_pat_%s_%s",
	    "11AQ7TZ3Y0kR2mXc9PdLw4",
	    "Q7w9e8rT6y5u4i3o2p1a2s3d4f5g6h7j8k9l0zXcVbNmQwErTyUiOp1z4x7");
	gh_token("ghu_", 31, ghu);
	gh_token("ghp_", 32, bad);
	bad[39] = bad[39] == 'A' ? 'B' : 'A'; /* break the checksum */
	snprintf(buf, sizeof(buf),
	    "github.com:\n    users:\n        f:\n            oauth_token: %s\n"
	    "        u:\n            oauth_token: %s\n"
	    "        b:\n            oauth_token: %s\n"
	    "legacy.test:\n    user: h\n"
	    "    oauth_token: 3f9a1c07be52d8e46a0b9c71f2e8d3a5c6b04e19\n",
	    fine, ghu, bad);
	inv = scan_text(buf);
	assert_int_equal(inv->ncreds, 4);
	c = find_secret(inv, fine);
	assert_non_null(c);
	assert_string_equal(c->kind, "github-pat-fine-grained");
	assert_int_equal(strncmp(c->redacted, "github_pat_", 11), 0);
	c = find_secret(inv, ghu);
	assert_string_equal(c->kind, "github-app-user-token");
	c = find_secret(inv, bad);
	assert_non_null(c);
	assert_true(has_reason(c, "checksum does not match"));
	c = find_secret(inv, "3f9a1c07be52d8e46a0b9c71f2e8d3a5c6b04e19");
	assert_non_null(c);
	assert_string_equal(c->kind, "github-oauth-token");
	assert_string_equal(c->identity, "h@legacy.test");
	assert_no_secret(inv, fine);
	assert_no_secret(inv, ghu);
	assert_no_secret(inv, bad);
	ca_inventory_free(inv);
}

static void
test_placeholders(void **state)
{
	struct ca_inventory *inv;

	(void)state;
	inv = scan_text(
	    "github.com:\n"
	    "    users:\n"
	    "        a:\n            oauth_token: <your-token>\n"
	    "        b:\n            oauth_token: xxxxxxxxxxxxxxxxxxxx\n"
	    "        c:\n            oauth_token: ${GH_TOKEN}\n"
	    "        d:\n            oauth_token: '%GHO_1%'\n"
	    "    user: a\n"
	    "    oauth_token: ghp_your_token_here\n");
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 0);
	ca_inventory_free(inv);
}

static void
test_scalar_alias(void **state)
{
	char gho[96] = "", buf[512];
	const struct ca_credential *c;
	struct ca_inventory *inv;

	(void)state;
	gh_token("gho_", 41, gho);
	snprintf(buf, sizeof(buf),
	    "defaults:\n    tok: &t %s\n"
	    "github.com:\n    user: alice\n    oauth_token: *t\n"
	    "---\nsecond.doc:\n    user: zed\n",
	    gho);
	inv = scan_text(buf);
	assert_int_equal(inv->ncreds, 1);
	c = find_secret(inv, gho);
	assert_non_null(c);
	assert_string_equal(c->identity, "alice@github.com");
	assert_int_equal(c->locations[0].line, 5);
	assert_no_secret(inv, gho);
	ca_inventory_free(inv);
}

static void
assert_one_error(struct ca_inventory *inv, const char *needle)
{
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	assert_string_equal(inv->errors[0].path, HOSTS);
	if (needle)
		assert_non_null(strstr(inv->errors[0].error, needle));
}

static void
test_malformed(void **state)
{
	char gho[96] = "", buf[512];
	struct ca_inventory *inv;
	unsigned char junk[2048];
	uint32_t x = 5;

	(void)state;
	gh_token("gho_", 51, gho);
	/* truncated in a quoted token: reported without the token */
	snprintf(buf, sizeof(buf),
	    "github.com:\n    user: a\n"
	    "    oauth_token: \"%s",
	    gho);
	inv = scan_text(buf);
	assert_one_error(inv, "invalid YAML at line");
	assert_no_secret(inv, gho);
	ca_inventory_free(inv);

	/* a mapping cut off mid-way */
	snprintf(buf, sizeof(buf),
	    "github.com:\n  users: {alice: {oauth_token: %s", gho);
	inv = scan_text(buf);
	assert_one_error(inv, "invalid YAML");
	assert_no_secret(inv, gho);
	ca_inventory_free(inv);

	for (size_t i = 0; i < sizeof(junk); i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
	}
	inv = scan_bytes(HOSTS, junk, sizeof(junk));
	assert_one_error(inv, "invalid YAML");
	ca_inventory_free(inv);

	inv = scan_text("- a\n- b\n");
	assert_one_error(inv, "not a mapping");
	ca_inventory_free(inv);

	inv = scan_text("");
	assert_int_equal(inv->ncreds + inv->nerrors, 0);
	ca_inventory_free(inv);
}

static void
test_yaml_bomb(void **state)
{
	static const char small[] =
	    "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	    "github.com: &h {user: x, users: *f}\n"
	    "g: {<<: *h, users: *f}\n";
	struct strbuf sb = STRBUF_INIT(1u << 20);
	struct ca_inventory *inv;

	(void)state;
	/* aliases of collections stand for nothing: x is keyring-only */
	inv = scan_text(small);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 1);
	ca_inventory_free(inv);

	/* more aliases than any hosts.yml needs */
	strbuf_addstr(&sb, "a: &a [x]\nb: [");
	for (int i = 0; i < 5000; i++)
		strbuf_addstr(&sb, "*a,");
	strbuf_addstr(&sb, "*a]\n");
	inv = scan_text(sb.buf);
	assert_one_error(inv, "too many aliases");
	ca_inventory_free(inv);
	strbuf_release(&sb);
}

/* Hosts are streamed: 40000 of them (some 160000 nodes, past the node
 * cap of a whole tree) are all read, an anchor in one host still serves
 * an alias in a later one, and a single host past the cap stops the read
 * there with an error, after the hosts before it were reported. */
static void
test_many_hosts(void **state)
{
	struct strbuf sb = STRBUF_INIT(8u << 20);
	struct ca_inventory *inv;
	char tok[96];

	(void)state;
	for (int i = 0; i < 40000; i++) {
		gh_token("gho_", (unsigned)i + 1000u, tok);
		strbuf_addf(&sb,
		    "h%d.example.com:\n    user: u%d\n"
		    "    oauth_token: %s%s\n    git_protocol: https\n",
		    i, i, i == 7 ? "&seven " : "", tok);
	}
	strbuf_addstr(&sb,
	    "last.example.com:\n    user: z\n"
	    "    oauth_token: *seven\n");
	inv = scan_text(sb.buf);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 40000);
	gh_token("gho_", 1007u, tok);
	assert_int_equal(find_secret(inv, tok)->nlocations, 2);
	ca_inventory_free(inv);

	strbuf_reset(&sb);
	for (int i = 0; i < 3; i++) {
		gh_token("gho_", (unsigned)i + 5000u, tok);
		strbuf_addf(&sb,
		    "h%d.example.com:\n    user: u%d\n"
		    "    oauth_token: %s\n",
		    i, i, tok);
	}
	strbuf_addstr(&sb, "huge.example.com:\n    users:\n");
	for (int i = 0; i < 60000; i++)
		strbuf_addf(&sb, "        u%d: {}\n", i);
	strbuf_addstr(&sb, "after.example.com:\n    user: a\n");
	inv = scan_text(sb.buf);
	assert_int_equal(inv->nerrors, 1);
	assert_non_null(strstr(inv->errors[0].error, "are not read"));
	assert_int_equal(inv->ncreds, 3);
	ca_inventory_free(inv);
	strbuf_release(&sb);
}

static void
test_deep_and_huge(void **state)
{
	size_t n = 100000, big = 1u << 20;
	char *deep = malloc(n + 8), *huge = malloc(big + 64);
	struct ca_inventory *inv;

	(void)state;
	assert_non_null(deep);
	assert_non_null(huge);
	memcpy(deep, "a: ", 3);
	memset(deep + 3, '[', n);
	deep[n + 3] = '\0';
	inv = scan_text(deep);
	assert_one_error(inv, "nested too deeply");
	ca_inventory_free(inv);

	memcpy(huge, "github.com:\n    user: a\n    oauth_token: ghp_", 45);
	memset(huge + 45, 'Q', big);
	memcpy(huge + 45 + big, "\n", 2);
	inv = scan_text(huge);
	assert_one_error(inv, "too long");
	ca_inventory_free(inv);
	free(deep);
	free(huge);
}

static void
test_claims_and_rules(void **state)
{
	(void)state;
	assert_string_equal(ca_scanner_gh.name, "gh");
	for (const struct ca_rule_doc *r = ca_scanner_gh.rules; r->id; r++) {
		assert_int_equal(strncmp(r->id, "gh.", 3), 0);
		assert_non_null(ca_kind_find(r->kind));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_legacy),
		cmocka_unit_test(test_multi_account),
		cmocka_unit_test(test_keyring_legacy),
		cmocka_unit_test(test_prefix_kinds),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_scalar_alias),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_yaml_bomb),
		cmocka_unit_test(test_many_hosts),
		cmocka_unit_test(test_deep_and_huge),
		cmocka_unit_test(test_claims_and_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
