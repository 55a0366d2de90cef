/* cmd_rules.c - `credatlas rules`: the surface modules and every rule id,
 * as text or JSON; --patterns prints the first-pass patterns alone (the
 * benchmark feeds them to ripgrep); --matrix prints the risk matrix, the
 * same table as RISK MATRIX in credatlas(1). */
#include "lib/compat.h"
#include <jansson.h>
#include "cli/cmds.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "report/model/finding.h"
#include "report/model/risk.h"
#include "scanners/core/registry.h"
#include "scanners/rules/rules.h"
#include "lib/banned.h"

enum {
	OPT_PATTERNS = 1,
	OPT_FULL_PATTERNS,
	OPT_JSON,
	OPT_MATRIX,
	OPT_HELP,
	OPT_RULES,
};

/* clang-format off */
static const struct cli_opt rules_opts[] = {
	{ "patterns", 0, false, NULL,
	  "print the content rules' first-pass patterns, one per line",
	  OPT_PATTERNS },
	{ "full-patterns", 0, false, NULL,
	  "print the content rules' full PCRE2 patterns, one per line",
	  OPT_FULL_PATTERNS },
	{ "json", 0, false, NULL, "print the list as JSON", OPT_JSON },
	{ "rules", 0, true, "FILE",
	  "also list the user rules of FILE (repeatable)", OPT_RULES },
	{ "matrix", 0, false, NULL,
	  "print the risk matrix (tier x exposure x lifetime)", OPT_MATRIX },
	{ "help", 'h', false, NULL, "show this help", OPT_HELP },
	{ NULL, 0, false, NULL, NULL, 0 },
};
/* clang-format on */

const struct cli_cmd cmd_rules_def = {
	.name = "rules",
	.synopsis = "[--patterns | --matrix] [--json] [--rules FILE]",
	.summary = "List the surface modules and the rules they apply, with "
	           "their stable ids.",
	.opts = rules_opts,
};

struct rules_args {
	bool patterns, full_patterns, json, matrix, help;
	const char **rules_paths; /* --rules, in order */
	size_t nrules_paths;
};

static int
on_opt(void *arg, int id, const char *v)
{
	struct rules_args *a = arg;

	if (id == OPT_PATTERNS)
		a->patterns = true;
	else if (id == OPT_FULL_PATTERNS)
		a->full_patterns = true;
	else if (id == OPT_JSON)
		a->json = true;
	else if (id == OPT_MATRIX)
		a->matrix = true;
	else if (id == OPT_HELP)
		a->help = true;
	else if (id == OPT_RULES) {
		a->rules_paths = xrealloc(a->rules_paths,
		    (a->nrules_paths + 1) * sizeof(*a->rules_paths));
		a->rules_paths[a->nrules_paths++] = v;
	}
	return 0;
}

static const char *
kind_tier(const char *kind)
{
	const struct ca_kind *k = ca_kind_find(kind);
	return k ? ca_tier_name(k->tier) : "?";
}

static const char *
user_tier(const struct ca_user_rules *ur, size_t i, const char *kind)
{
	int t = ca_user_rule_tier(ur, i);

	return t >= 0 ? ca_tier_name((enum ca_tier)t) : kind_tier(kind);
}

static void
print_text(const struct ca_user_rules *ur)
{
	size_t ns, nr;
	const struct ca_scanner *const *sc = ca_scanners(&ns);
	const struct ca_rule_info *ri = ca_rule_infos(&nr);

	printf("Surface modules (structured parsers):\n");
	for (size_t i = 0; i < ns; i++) {
		printf("\n  %s (surface %s, v%u): %s\n", sc[i]->name,
		    sc[i]->surface, sc[i]->version, sc[i]->summary);
		for (const struct ca_rule_doc *d = sc[i]->rules; d && d->id;
		     d++)
			printf("    %-34s %-28s %-6s %s\n", d->id, d->kind,
			    kind_tier(d->kind), d->summary);
	}
	printf(
	    "\nContent rules (one vectorscan pass over every text file):\n\n");
	for (size_t i = 0; i < nr; i++)
		printf("  %-34s %-28s %-6s %s\n      checks: %s\n", ri[i].id,
		    ri[i].kind, kind_tier(ri[i].kind), ri[i].summary,
		    ca_rule_checks(i));
	ri = ca_user_rule_infos(ur, &nr);
	if (nr)
		printf("\nUser rules (--rules, in the same pass):\n\n");
	for (size_t i = 0; i < nr; i++)
		printf("  %-34s %-28s %-6s %s\n      checks: %s\n", ri[i].id,
		    ri[i].kind, user_tier(ur, i, ri[i].kind), ri[i].summary,
		    ca_user_rule_checks(ur, i));
}

static int
print_json(const struct ca_user_rules *ur)
{
	size_t ns, nr;
	const struct ca_scanner *const *sc = ca_scanners(&ns);
	const struct ca_rule_info *ri = ca_rule_infos(&nr);
	json_t *root = json_object(), *mods = json_array(),
	       *rules = json_array();
	int ret;

	for (size_t i = 0; i < ns; i++) {
		json_t *m = json_object(), *rs = json_array();
		json_object_set_new(m, "name", json_string(sc[i]->name));
		json_object_set_new(m, "surface", json_string(sc[i]->surface));
		json_object_set_new(m, "version", json_integer(sc[i]->version));
		json_object_set_new(m, "summary", json_string(sc[i]->summary));
		for (const struct ca_rule_doc *d = sc[i]->rules; d && d->id;
		     d++)
			json_array_append_new(rs,
			    json_pack("{s:s,s:s,s:s,s:s}", "id", d->id, "kind",
			        d->kind, "tier", kind_tier(d->kind), "summary",
			        d->summary));
		json_object_set_new(m, "rules", rs);
		json_array_append_new(mods, m);
	}
	for (size_t i = 0; i < nr; i++)
		json_array_append_new(rules,
		    json_pack("{s:s,s:s,s:s,s:s,s:s}", "id", ri[i].id, "kind",
		        ri[i].kind, "tier", kind_tier(ri[i].kind), "summary",
		        ri[i].summary, "checks", ca_rule_checks(i)));
	json_object_set_new(root, "surfaces", mods);
	json_object_set_new(root, "content_rules", rules);
	rules = json_array();
	ri = ca_user_rule_infos(ur, &nr);
	for (size_t i = 0; i < nr; i++)
		json_array_append_new(rules,
		    json_pack("{s:s,s:s,s:s,s:s,s:s}", "id", ri[i].id, "kind",
		        ri[i].kind, "tier", user_tier(ur, i, ri[i].kind),
		        "summary", ri[i].summary, "checks",
		        ca_user_rule_checks(ur, i)));
	json_object_set_new(root, "user_rules", rules);
	ret = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(root);
	return ret;
}

/* The risk of every tier x lifetime x exposure count, from ca_risk_rate()
 * itself, so the table cannot drift from the code. 3 stands for three or
 * more factors, where the matrix saturates. */
static void
print_matrix_text(void)
{
	printf("Risk by tier, lifetime and number of exposure factors "
	       "(credatlas(1), RISK MATRIX):\n\n");
	printf("%-7s %-9s %-8s %-8s %-8s %s\n", "tier", "lifetime", "0", "1",
	    "2", "3+");
	for (int t = 0; t < CA_TIER_COUNT; t++) {
		for (int l = CA_LIFE_COUNT - 1; l >= 0; l--) {
			printf("%-7s %-9s", ca_tier_name((enum ca_tier)t),
			    ca_lifetime_name((enum ca_lifetime)l));
			for (unsigned int e = 0; e < CA_EXPOSURE_COLUMNS; e++)
				printf(e + 1 < CA_EXPOSURE_COLUMNS ? " %-8s" :
				                                     " %s\n",
				    ca_risk_name(ca_risk_rate((enum ca_tier)t,
				        e, (enum ca_lifetime)l)));
		}
	}
}

static int
print_matrix_json(void)
{
	json_t *root = json_object(), *cells = json_array();
	int ret;

	for (int t = 0; t < CA_TIER_COUNT; t++)
		for (int l = CA_LIFE_COUNT - 1; l >= 0; l--)
			for (unsigned int e = 0; e < CA_EXPOSURE_COLUMNS; e++)
				json_array_append_new(cells,
				    json_pack("{s:s,s:s,s:I,s:s}", "tier",
				        ca_tier_name((enum ca_tier)t),
				        "lifetime",
				        ca_lifetime_name((enum ca_lifetime)l),
				        "exposures", (json_int_t)e, "risk",
				        ca_risk_name(
				            ca_risk_rate((enum ca_tier)t, e,
				                (enum ca_lifetime)l))));
	json_object_set_new(root, "matrix", cells);
	ret = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(root);
	return ret;
}

int
cmd_rules(int argc, char **argv)
{
	struct rules_args a;
	struct ca_user_rules *ur = NULL;
	int first, ret;

	memset(&a, 0, sizeof(a));
	first = cli_parse(&cmd_rules_def, argc, argv, on_opt, &a);
	if (first < 0)
		return CA_EXIT_ERROR;
	if (a.help) {
		cli_usage(stdout, &cmd_rules_def);
		return CA_EXIT_OK;
	}
	if (first < argc) {
		ca_error("rules: unexpected argument '%s'", argv[first]);
		return CA_EXIT_ERROR;
	}
	if (a.patterns && a.matrix) {
		ca_error("rules: --patterns and --matrix cannot be combined");
		return CA_EXIT_ERROR;
	}
	if (a.matrix) {
		if (a.json)
			return print_matrix_json() ? CA_EXIT_ERROR : CA_EXIT_OK;
		print_matrix_text();
		return CA_EXIT_OK;
	}
	if (a.patterns) {
		size_t n;
		ca_rule_infos(&n);
		for (size_t i = 0; i < n; i++)
			printf("%s\n", ca_rule_hs_pattern(i));
		return CA_EXIT_OK;
	}
	if (a.full_patterns) {
		size_t n;
		ca_rule_infos(&n);
		for (size_t i = 0; i < n; i++)
			printf("%s\n", ca_rule_full_pattern(i));
		return CA_EXIT_OK;
	}
	for (size_t i = 0; i < a.nrules_paths; i++)
		if (ca_user_rules_load(&ur, a.rules_paths[i]) < 0) {
			ca_user_rules_free(ur);
			free(a.rules_paths);
			return CA_EXIT_ERROR;
		}
	ret = CA_EXIT_OK;
	if (a.json)
		ret = print_json(ur) ? CA_EXIT_ERROR : CA_EXIT_OK;
	else
		print_text(ur);
	ca_user_rules_free(ur);
	free(a.rules_paths);
	return ret;
}
