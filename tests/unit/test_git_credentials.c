/* test_git_credentials.c - the credential-store parser: percent-decoding,
 * GitHub kinds by prefix, tokens in the user part, placeholders, line
 * numbers, one warning per malformed file, and no secret in any string
 * of the inventory. */
#include "tests/unit/scan_unit.h"
#include "scanners/surfaces/git/git_credentials.h"
#include "lib/str.h"
#include "scanners/kit/secret.h"

extern const struct ca_scanner ca_scanner_git_credentials;

#define HOME  "/home/alice"
#define STORE HOME "/.git-credentials"

static struct ca_inventory *
scan_text(const char *path, const char *text)
{
	return scan_one(&ca_scanner_git_credentials, path, HOME, text,
	    strlen(text));
}

static void
test_store_entries(void **state)
{
	char ghp[96] = "", ghs[96] = "", buf[1024];
	const struct ca_credential *c;
	struct ca_inventory *inv;

	(void)state;
	gh_token("ghp_", 1, ghp);
	gh_token("ghs_", 2, ghs);
	snprintf(buf, sizeof(buf),
	    "https://alice:Zq8%%40rT%%3A5vLw%%2FmN0pK@git.corp.test\n"
	    "https://alice:%s@github.com\n"
	    "https://x-access-token:%s@github.com/org/repo.git\n"
	    "https://nobody@example.com\n",
	    ghp, ghs);
	inv = scan_text(STORE, buf);
	assert_int_equal(inv->ncreds, 3);
	assert_int_equal(inv->nerrors, 0);

	/* the decoded password is the secret */
	c = find_secret(inv, "Zq8@rT:5vLw/mN0pK");
	assert_non_null(c);
	assert_string_equal(c->kind, "git-credential");
	assert_string_equal(c->rule, CA_GIT_STORE_RULE);
	assert_string_equal(c->identity, "alice@git.corp.test");
	assert_int_equal(c->nlocations, 1);
	assert_string_equal(c->locations[0].path, STORE);
	assert_int_equal(c->locations[0].line, 1);
	assert_non_null(strstr(c->reasons[0], "credential-store"));

	c = find_secret(inv, ghp);
	assert_non_null(c);
	assert_string_equal(c->kind, "github-pat-classic");
	assert_string_equal(c->identity, "alice@github.com");
	assert_int_equal(c->locations[0].line, 2);
	assert_int_equal(strncmp(c->redacted, "ghp_", 4), 0);

	c = find_secret(inv, ghs);
	assert_non_null(c);
	assert_string_equal(c->kind, "github-app-installation-token");
	assert_string_equal(c->identity, "x-access-token@github.com");
	assert_int_equal(c->locations[0].line, 3);
	assert_non_null(c->anchors);
	assert_string_equal(c->anchors[0], CA_GIT_STORE_ANCHOR STORE);

	assert_no_secret(inv, ghp);
	assert_no_secret(inv, ghs);
	assert_no_secret(inv, "Zq8@rT:5vLw/mN0pK");
	ca_inventory_free(inv);
}

static void
test_token_as_user(void **state)
{
	char gho[96] = "", ghp[96] = "", buf[512];
	const struct ca_credential *c;
	struct ca_inventory *inv;

	(void)state;
	gh_token("gho_", 3, gho);
	gh_token("ghp_", 4, ghp);
	snprintf(buf, sizeof(buf),
	    "https://%s@github.com\r\n"
	    "https://%s:x-oauth-basic@github.com\r\n",
	    gho, ghp);
	inv = scan_text(STORE, buf);
	assert_int_equal(inv->ncreds, 2);
	c = find_secret(inv, gho);
	assert_non_null(c);
	assert_string_equal(c->kind, "github-oauth-token");
	assert_string_equal(c->identity, "github.com");
	c = find_secret(inv, ghp);
	assert_non_null(c);
	assert_int_equal(c->locations[0].line, 2);
	assert_no_secret(inv, gho);
	assert_no_secret(inv, ghp);
	ca_inventory_free(inv);
}

static void
test_placeholders(void **state)
{
	struct ca_inventory *inv;

	(void)state;
	inv = scan_text(STORE,
	    "https://alice:changeme@github.com\n"
	    "https://alice:${GITHUB_TOKEN}@github.com\n"
	    "https://alice:$TOKEN@github.com\n"
	    "https://alice:%GHP_1%@github.com\n"
	    "https://alice:xxxxxxxxxxxxxxxx@github.com\n"
	    "https://alice:@github.com\n"
	    "https://alice:<your-token>@github.com\n");
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 0);
	ca_inventory_free(inv);
}

static void
test_malformed(void **state)
{
	char ghp[96] = "", buf[512];
	struct ca_inventory *inv;

	(void)state;
	gh_token("ghp_", 5, ghp);
	/* a bad line holding a secret: never echoed */
	snprintf(buf, sizeof(buf),
	    "%s\n"
	    "https://bob:Vr4nd0m-Passw0rd-91@host.test\n"
	    "not a url at all\n"
	    "https://\n"
	    "\n",
	    ghp);
	inv = scan_text(STORE, buf);
	assert_int_equal(inv->ncreds, 1);
	assert_int_equal(inv->nerrors, 1);
	assert_non_null(strstr(inv->errors[0].error, "3 malformed"));
	assert_non_null(strstr(inv->errors[0].error, "line 1"));
	assert_no_secret(inv, ghp);
	assert_no_secret(inv, "Vr4nd0m-Passw0rd-91");
	ca_inventory_free(inv);
}

static void
test_binary_garbage(void **state)
{
	struct ca_inventory *inv;
	unsigned char junk[4096];
	uint32_t x = 99;

	(void)state;
	for (size_t i = 0; i < sizeof(junk); i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
	}
	inv = scan_one(&ca_scanner_git_credentials, STORE, HOME, junk,
	    sizeof(junk));
	assert_true(inv->nerrors <= 1);
	ca_inventory_free(inv);
}

static void
test_huge_line(void **state)
{
	size_t n = 1u << 20;
	char *big = malloc(n + 64);
	struct ca_inventory *inv;

	(void)state;
	assert_non_null(big);
	memcpy(big, "https://u:", 10);
	memset(big + 10, 'A', n);
	memcpy(big + 10 + n, "@h.test\n", 9);
	inv = scan_text(STORE, big);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
	free(big);
}

static void
test_xdg_and_claims(void **state)
{
	const char *const *c = ca_scanner_git_credentials.claims;
	const struct ca_rule_doc *r = ca_scanner_git_credentials.rules;

	(void)state;
	assert_string_equal(c[0], "**/.git-credentials");
	assert_string_equal(c[1], "**/.config/git/credentials");
	assert_null(c[2]);
	assert_string_equal(r[0].id, CA_GIT_STORE_RULE);
	assert_non_null(ca_kind_find(r[0].kind));
	assert_null(r[1].id);
}

static void
test_helpers(void **state)
{
	struct ca_url_parts u;
	char out[32];
	size_t n;

	(void)state;
	assert_int_equal(ca_url_split("git@github.com:o/r", 18, &u), -1);
	assert_int_equal(ca_url_split("https://h.test/a@b", 18, &u), 0);
	assert_null(u.user);
	assert_int_equal(u.host_len, 6);
	assert_int_equal(ca_url_split("ssh://u:p@h:22/x", 16, &u), 0);
	assert_int_equal(u.user_len, 1);
	assert_int_equal(u.pass_len, 1);
	assert_int_equal(u.host_len, 4);
	n = ca_pct_decode("a%2fb%zz%4", 10, out);
	assert_int_equal(n, 8);
	assert_memory_equal(out, "a/b%zz%4", 8);
	assert_int_equal(ca_line_of("a\nb\nneedle", 10, "needle", 6), 3);
	assert_int_equal(ca_line_of("a\nb", 3, "zz", 2), 0);
	assert_true(ca_secret_unusable("${X}", 4));
	assert_true(ca_secret_unusable("%GHO_1%", 7));
	assert_false(ca_secret_unusable("Vr4nd0m-Passw0rd-91", 19));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_entries),
		cmocka_unit_test(test_token_as_user),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_binary_garbage),
		cmocka_unit_test(test_huge_line),
		cmocka_unit_test(test_xdg_and_claims),
		cmocka_unit_test(test_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
