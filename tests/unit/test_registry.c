/* test_registry.c - the surface table (scanners/core/registry.c): every
 * module defined under scanners/surfaces/ is listed exactly once, in name
 * order (so the order is stable and `credatlas rules` prints it sorted),
 * each with the fields the core and `credatlas rules` need; every rule id,
 * across all modules and the content rules, is unique; a module's rule
 * ids carry its name and name a known kind; and the renamed-rule aliases
 * point at live ids and shadow none. tests/e2e/t_surface_table.sh checks that
 * the binary's `credatlas rules --json` prints the same table. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "tests/unit/unit.h"
#include <ftw.h>
#include "report/model/finding.h"
#include "report/model/policy.h"
#include "scanners/core/registry.h"
#include "scanners/rules/rules.h"

#define MAX_DEFS 256

/* The module names defined in the sources, found by nftw(). */
static char *defs[MAX_DEFS];
static size_t ndefs;

/* Adds every "const struct ca_scanner ca_scanner_NAME =" definition in
 * the file at 'path' to defs[]. */
static int
collect(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	static const char decl[] = "const struct ca_scanner ca_scanner_";
	char line[512];
	size_t n = strlen(path);
	FILE *fp;

	(void)st;
	(void)ftw;
	if (type != FTW_F || n < 2 || strcmp(path + n - 2, ".c"))
		return 0;
	fp = fopen(path, "r");
	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp)) {
		char *name, *end;

		if (strncmp(line, decl, sizeof(decl) - 1))
			continue;
		name = line + sizeof(decl) - 1;
		end = name +
		    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_");
		if (strncmp(end, " = {", 4) || ndefs == MAX_DEFS)
			continue;
		*end = '\0';
		defs[ndefs++] = strdup(name);
	}
	fclose(fp);
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every module of the sources is in the table, and nothing else. Tests
 * run from the top of the tree (make check-unit). */
static void
test_every_module_listed(void **state)
{
	size_t n;
	const struct ca_scanner *const *sc = ca_scanners(&n);

	(void)state;
	assert_int_equal(nftw("scanners/surfaces", collect, 16, FTW_PHYS), 0);
	qsort(defs, ndefs, sizeof(defs[0]), cmp_str);
	/* at least the modules this test was written against */
	assert_true(ndefs >= 22);
	for (size_t i = 0; i < ndefs && i < n; i++)
		if (strcmp(defs[i], sc[i]->name))
			fail_msg("module '%s' is defined, the table has '%s' "
			         "in its place",
			    defs[i], sc[i]->name);
	if (ndefs != n)
		fail_msg("%zu modules defined, %zu in the table", ndefs, n);
	for (size_t i = 0; i < ndefs; i++)
		free(defs[i]);
	assert_null(sc[n]); /* NULL-terminated */
}

/* Strictly increasing names: sorted, so no duplicate either. */
static void
test_sorted_unique(void **state)
{
	size_t n;
	const struct ca_scanner *const *sc = ca_scanners(&n);

	(void)state;
	assert_true(n > 0);
	for (size_t i = 1; i < n; i++)
		if (strcmp(sc[i - 1]->name, sc[i]->name) >= 0)
			fail_msg("table out of order at '%s', '%s'",
			    sc[i - 1]->name, sc[i]->name);
	for (size_t i = 0; i < n; i++) {
		assert_ptr_equal(ca_scanner_find(sc[i]->name), sc[i]);
		for (size_t j = 0; j < i; j++)
			assert_ptr_not_equal(sc[i], sc[j]);
	}
	assert_null(ca_scanner_find("no_such_module"));
	assert_null(ca_scanner_find(""));
}

/* What the core and `credatlas rules` read from each module. */
static void
test_module_fields(void **state)
{
	size_t n;
	const struct ca_scanner *const *sc = ca_scanners(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const struct ca_scanner *s = sc[i];
		size_t plen = strlen(s->name);

		assert_true(plen > 0);
		assert_int_equal(
		    strspn(s->name, "abcdefghijklmnopqrstuvwxyz0123456789_"),
		    plen);
		assert_non_null(s->surface);
		assert_non_null(s->summary);
		assert_true(s->version >= 1);
		assert_non_null(s->scan_file);
		assert_non_null(s->claims);
		assert_non_null(s->claims[0]);
		assert_non_null(s->rules);
		assert_non_null(s->rules[0].id);
		for (size_t j = 0; s->rules[j].id; j++) {
			const struct ca_rule_doc *r = &s->rules[j];

			if (strncmp(r->id, s->name, plen) || r->id[plen] != '.')
				fail_msg("rule '%s' of module '%s' lacks its "
				         "prefix",
				    r->id, s->name);
			if (!ca_kind_find(r->kind))
				fail_msg("rule '%s': unknown kind '%s'", r->id,
				    r->kind);
			assert_non_null(r->summary);
		}
	}
}

/* One rule id names one rule, across modules and content rules. */
static void
test_rule_ids_unique(void **state)
{
	size_t n, nr, nids = 0;
	const struct ca_scanner *const *sc = ca_scanners(&n);
	const struct ca_rule_info *ri = ca_rule_infos(&nr);
	const char **ids;

	(void)state;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; sc[i]->rules[j].id; j++)
			nids++;
	ids = calloc(nids + nr, sizeof(*ids));
	assert_non_null(ids);
	nids = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; sc[i]->rules[j].id; j++)
			ids[nids++] = sc[i]->rules[j].id;
	for (size_t i = 0; i < nr; i++) {
		assert_non_null(ca_kind_find(ri[i].kind));
		ids[nids++] = ri[i].id;
	}
	qsort(ids, nids, sizeof(*ids), cmp_str);
	for (size_t i = 1; i < nids; i++)
		if (!strcmp(ids[i - 1], ids[i]))
			fail_msg("rule id '%s' is used twice", ids[i]);
	free(ids);
}

/* Each alias renames a live rule id, and no old id is one today (an old
 * id is never reused). */
static void
test_aliases(void **state)
{
	size_t n, na, nr;
	const struct ca_scanner *const *sc = ca_scanners(&n);
	const struct ca_rule_alias *al = ca_rule_aliases(&na);
	const struct ca_rule_info *ri = ca_rule_infos(&nr);

	(void)state;
	for (size_t a = 0; a < na; a++) {
		bool live = false;

		for (size_t i = 0; i < n; i++) {
			for (size_t j = 0; sc[i]->rules[j].id; j++) {
				const char *id = sc[i]->rules[j].id;

				if (!strcmp(id, al[a].new_id))
					live = true;
				if (!strcmp(id, al[a].old_id))
					fail_msg("old id '%s' is in use",
					    al[a].old_id);
			}
		}
		for (size_t i = 0; i < nr; i++)
			assert_string_not_equal(ri[i].id, al[a].old_id);
		if (!live)
			fail_msg("alias '%s' points at no rule '%s'",
			    al[a].old_id, al[a].new_id);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_module_listed),
		cmocka_unit_test(test_sorted_unique),
		cmocka_unit_test(test_module_fields),
		cmocka_unit_test(test_rule_ids_unique),
		cmocka_unit_test(test_aliases),
	};

	return cmocka_run_group_tests_name("registry", tests, NULL, NULL);
}
