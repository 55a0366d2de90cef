/* test_kinds.c - the kinds table (report/model/kinds.c) is the one place a
 * kind is described: it must be sorted and unique, every row must be
 * whole, and every kind a surface module documents or a content rule
 * emits must have a row, so a kind can never reach the inventory without
 * its label, tier, scope family and flags. */
#include "tests/unit/unit.h"
#include "report/model/finding.h"
#include "report/model/scopes.h"
#include "scanners/core/registry.h"
#include "scanners/rules/rules.h"

/* Whether some scope table serves 'family' (borrowed). */
static bool
family_has_table(const char *family)
{
	size_t n;
	const struct ca_scope_table *t = ca_scope_tables(&n);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].family, family))
			return true;
	return false;
}

static void
test_sorted_unique(void **state)
{
	size_t n;
	const struct ca_kind *k = ca_kinds(&n);

	(void)state;
	assert_true(n > 10);
	for (size_t i = 0; i < n; i++) {
		if (i && strcmp(k[i - 1].name, k[i].name) >= 0)
			fail_msg("kind '%s' is out of order or repeated after "
			         "'%s'",
			    k[i].name, k[i - 1].name);
		/* bsearch finds every row, and finds that row */
		assert_ptr_equal(ca_kind_find(k[i].name), &k[i]);
	}
	assert_null(ca_kind_find("no-such-kind"));
	assert_null(ca_kind_find(NULL));
}

static void
test_rows_whole(void **state)
{
	const unsigned int known = CA_KIND_CONTAINER | CA_KIND_PROGRAM |
	    CA_KIND_LOCKED | CA_KIND_KEYWORD | CA_KIND_SERVICE;
	size_t n;
	const struct ca_kind *k = ca_kinds(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const struct ca_kind *r = &k[i];

		if (!r->surface || !*r->surface || !r->label || !*r->label)
			fail_msg("kind '%s' lacks a surface or label", r->name);
		if ((unsigned)r->tier >= CA_TIER_COUNT ||
		    (unsigned)r->risk >= CA_RISK_COUNT)
			fail_msg("kind '%s' has no valid tier or risk",
			    r->name);
		if (r->flags & ~known)
			fail_msg("kind '%s' has unknown flags %#x", r->name,
			    r->flags & ~known);
		if (r->scope_family && !family_has_table(r->scope_family))
			fail_msg("kind '%s': no scope table serves family "
			         "'%s'",
			    r->name, r->scope_family);
		/* the scope family is read from the row, not the name */
		assert_ptr_equal(ca_scope_family(r->name), r->scope_family);
		/* a program's identity is a delegation's: no secret */
		if ((r->flags & CA_KIND_PROGRAM) && !r->secretless)
			fail_msg("kind '%s' names a program but holds a "
			         "secret",
			    r->name);
		/* a locked key holds its secret, behind a passphrase */
		if ((r->flags & CA_KIND_LOCKED) && r->secretless)
			fail_msg("kind '%s' is locked but secretless", r->name);
	}
	/* Spot checks of the rows that replaced the old name matching. */
	assert_string_equal(ca_scope_family("github-app-user-token"), "github");
	assert_string_equal(ca_scope_family("npm-token"), "npm");
	assert_null(ca_scope_family("aws-access-key"));
	assert_null(ca_scope_family("no-such-kind"));
	assert_true(ca_kind_find("url-credential")->flags & CA_KIND_CONTAINER);
	assert_false(
	    ca_kind_find("github-pat-classic")->flags & CA_KIND_CONTAINER);
	assert_true(ca_kind_find("kube-exec")->flags & CA_KIND_PROGRAM);
	assert_true(
	    ca_kind_find("git-credential-helper")->flags & CA_KIND_PROGRAM);
	assert_true(
	    ca_kind_find("private-key-encrypted")->flags & CA_KIND_LOCKED);
	assert_true(ca_kind_find("generic-secret")->flags & CA_KIND_KEYWORD);
	assert_false(ca_kind_find("private-key")->flags & CA_KIND_LOCKED);
	assert_true(
	    ca_kind_find("gitlab-runner-token")->flags & CA_KIND_SERVICE);
	assert_false(
	    ca_kind_find("github-pat-classic")->flags & CA_KIND_SERVICE);
}

/* Every kind a surface module documents (its rule docs in the registry)
 * has a row. */
static void
test_surface_kinds_have_rows(void **state)
{
	size_t n, nrules = 0;
	const struct ca_scanner *const *s = ca_scanners(&n);

	(void)state;
	assert_true(n > 5);
	for (size_t i = 0; i < n; i++) {
		for (const struct ca_rule_doc *r = s[i]->rules; r && r->id;
		     r++) {
			if (!r->kind || !ca_kind_find(r->kind))
				fail_msg("%s rule %s: kind '%s' has no row in "
				         "the kinds table",
				    s[i]->name, r->id,
				    r->kind ? r->kind : "(null)");
			nrules++;
		}
	}
	assert_true(nrules > 20);
}

/* Every kind a content rule emits has a row. */
static void
test_rule_kinds_have_rows(void **state)
{
	size_t n;
	const struct ca_rule_info *ri = ca_rule_infos(&n);

	(void)state;
	assert_true(n > 20);
	for (size_t i = 0; i < n; i++)
		if (!ri[i].kind || !ca_kind_find(ri[i].kind))
			fail_msg("content rule %s: kind '%s' has no row in "
			         "the kinds table",
			    ri[i].id, ri[i].kind ? ri[i].kind : "(null)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_unique),
		cmocka_unit_test(test_rows_whole),
		cmocka_unit_test(test_surface_kinds_have_rows),
		cmocka_unit_test(test_rule_kinds_have_rows),
	};
	return cmocka_run_group_tests_name("kinds", tests, NULL, NULL);
}
