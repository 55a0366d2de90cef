/* scopes.h - documented tables from a credential's recorded scopes to its
 * tier: GitHub classic scopes and fine-grained permissions, GitLab token
 * scopes, Google OAuth scopes, npm token types and Kubernetes groups.
 *
 * Each kind belongs to at most one family of tables, named in its row of
 * the kinds table (scope_family: the GitHub kinds read both GitHub tables,
 * the GitLab kinds the GitLab one, the Google Cloud kinds the Google one,
 * npm-token the npm one, the kubeconfig kinds the Kubernetes one). Within
 * a table the first pattern that matches a scope
 * decides its tier. The tables are printed in credatlas(1) (SCOPE TABLES)
 * and a unit test keeps the page in step with them. */
#ifndef CA_SCOPES_H
#define CA_SCOPES_H

#include "lib/compat.h"
#include "report/model/finding.h"

/* One row: a scope pattern (fnmatch(3)) and the tier it grants. */
struct ca_scope_row {
	const char *pattern;
	enum ca_tier tier;
};

struct ca_scope_table {
	const char *name;   /* "github-classic" */
	const char *family; /* "github": the kinds it serves */
	const struct ca_scope_row *rows;
	size_t nrows;
};

/* All tables, in the order they are consulted. */
const struct ca_scope_table *ca_scope_tables(size_t *count);

/* The family of tables for 'kind' (borrowed; "github", ...): the
 * scope_family of its row, or NULL when none applies or the kind has no
 * row. Static. */
const char *ca_scope_family(const char *kind);

/* The tier 'scope' grants to a credential of 'kind', or -1 when no table
 * of the kind's family knows it. '*table' (may be NULL) is set to the
 * name of the deciding table. */
int ca_scope_tier(const char *kind, const char *scope, const char **table);

/* What the scopes of one credential say. */
struct ca_scope_verdict {
	int tier;             /* the highest mapped tier, -1 when none */
	const char *decider;  /* the scope that gave it (borrowed) */
	const char *table;    /* its table's name */
	const char *unmapped; /* the first scope no table knows, or NULL */
	size_t nunmapped;
};

/* Rates the 'n' scopes of a 'kind' credential (all borrowed). */
void ca_scopes_rate(const char *kind, const char *const *scopes, size_t n,
    struct ca_scope_verdict *v);

#endif
