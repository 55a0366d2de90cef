/* owners.c - load the owners map and match its rules; see owners.h.
 *
 * The map keeps its parsed tree alive and borrows every string from it, so
 * a rule is a handful of pointers. */
#include "lib/compat.h"
#include <fnmatch.h>
#include "lib/xalloc.h"
#include "report/model/cfgfile.h"
#include "report/model/owners.h"
#include "lib/banned.h"

#define MAX_RULES 10000

struct owner_rule {
	struct ca_globs path, user, identity, kind;
	const char *team;
	const char *contact;
};

struct ca_owners {
	json_t *root; /* keeps the borrowed strings alive */
	struct owner_rule *rules;
	size_t nrules;
};

static const char *const top_keys[] = { "version", "rules", NULL };
static const char *const rule_keys[] = { "match", "team", "contact", NULL };
static const char *const match_keys[] = {
	"path",
	"user",
	"identity",
	"kind",
	NULL,
};

void
ca_owners_free(struct ca_owners *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->nrules; i++) {
		ca_globs_release(&o->rules[i].path);
		ca_globs_release(&o->rules[i].user);
		ca_globs_release(&o->rules[i].identity);
		ca_globs_release(&o->rules[i].kind);
	}
	free(o->rules);
	json_decref(o->root);
	free(o);
}

size_t
ca_owners_count(const struct ca_owners *o)
{
	return o ? o->nrules : 0;
}

/* Checks "version", when given, is 1. Shared in spirit with policy.c. */
static int
check_version(const struct ca_cfgfile *cf)
{
	json_t *v = json_object_get(cf->root, "version");

	if (v && !(json_is_integer(v) && json_integer_value(v) == 1))
		return ca_cfg_error(cf, "version",
		    "expected 1, the only "
		    "version there is");
	return 0;
}

/* Fills 'r' from rules[i]. Returns 0 or -1 after an error. */
static int
load_rule(const struct ca_cfgfile *cf, const json_t *o, size_t i,
    struct owner_rule *r)
{
	char at[64], mat[80];
	const json_t *m;

	snprintf(at, sizeof(at), "rules[%zu]", i);
	snprintf(mat, sizeof(mat), "%s.match", at);
	if (ca_cfg_keys(cf, o, at, rule_keys) < 0 ||
	    ca_cfg_string(cf, o, at, "team", true, &r->team) < 0 ||
	    ca_cfg_string(cf, o, at, "contact", false, &r->contact) < 0)
		return -1;
	m = json_object_get(o, "match");
	if (!m)
		return ca_cfg_error(cf, at, "'match' is required");
	if (ca_cfg_keys(cf, m, mat, match_keys) < 0)
		return -1;
	if (!json_object_size(m))
		return ca_cfg_error(cf, mat,
		    "give at least one of path, user, "
		    "identity or kind");
	if (ca_cfg_globs(cf, m, mat, "path", &r->path) < 0 ||
	    ca_cfg_globs(cf, m, mat, "user", &r->user) < 0 ||
	    ca_cfg_globs(cf, m, mat, "identity", &r->identity) < 0 ||
	    ca_cfg_globs(cf, m, mat, "kind", &r->kind) < 0)
		return -1;
	return 0;
}

static int
build(const struct ca_cfgfile *cf, struct ca_owners **out)
{
	struct ca_owners *o;
	json_t *rules;
	size_t n;

	if (!json_is_object(cf->root))
		return ca_cfg_error(cf, "", "expected a mapping with 'rules'");
	if (ca_cfg_keys(cf, cf->root, "", top_keys) < 0 ||
	    check_version(cf) < 0)
		return -1;
	rules = json_object_get(cf->root, "rules");
	if (!rules)
		return ca_cfg_error(cf, "", "'rules' is required");
	if (!json_is_array(rules))
		return ca_cfg_error(cf, "rules", "expected a list of rules");
	n = json_array_size(rules);
	if (n > MAX_RULES)
		return ca_cfg_error(cf, "rules", "more than %d rules",
		    MAX_RULES);
	o = xcalloc(1, sizeof(*o));
	o->rules = xcalloc(n ? n : 1, sizeof(*o->rules));
	for (size_t i = 0; i < n; i++) {
		o->nrules = i + 1; /* so free releases what was filled */
		if (load_rule(cf, json_array_get(rules, i), i, &o->rules[i]) <
		    0) {
			ca_owners_free(o);
			return -1;
		}
	}
	o->nrules = n;
	o->root = json_incref(cf->root);
	*out = o;
	return 0;
}

int
ca_owners_parse(const char *name, const char *buf, size_t len,
    struct ca_owners **out)
{
	struct ca_cfgfile cf;
	int ret;

	*out = NULL;
	ret = ca_cfgfile_parse(&cf, "owners map", name, buf, len);
	if (ret == 0)
		ret = build(&cf, out);
	ca_cfgfile_release(&cf);
	return ret;
}

int
ca_owners_load(const char *path, struct ca_owners **out)
{
	struct ca_cfgfile cf;
	int ret;

	*out = NULL;
	ret = ca_cfgfile_load(&cf, "owners map", path);
	if (ret == 0)
		ret = build(&cf, out);
	ca_cfgfile_release(&cf);
	return ret;
}

/* A rule matches when every matcher it has matches; path and user are
 * tested against each location and match when any location does. */
static bool
rule_matches(const struct owner_rule *r, const struct ca_credential *c,
    const char *const *users)
{
	bool any;

	if (r->kind.n && !ca_globs_match(&r->kind, c->kind, 0))
		return false;
	if (r->identity.n &&
	    !ca_globs_match(&r->identity, c->identity, FNM_CASEFOLD))
		return false;
	if (r->path.n) {
		any = false;
		for (size_t i = 0; i < c->nlocations && !any; i++)
			any = ca_globs_match_path(&r->path,
			    c->locations[i].path);
		if (!any)
			return false;
	}
	if (r->user.n) {
		any = false;
		for (size_t i = 0; users && i < c->nlocations && !any; i++)
			any = ca_globs_match(&r->user, users[i], 0);
		if (!any)
			return false;
	}
	return true;
}

int
ca_owners_match(const struct ca_owners *o, const struct ca_credential *c,
    const char *const *users, const char **team, const char **contact)
{
	for (size_t i = 0; o && i < o->nrules; i++) {
		if (!rule_matches(&o->rules[i], c, users))
			continue;
		*team = o->rules[i].team;
		*contact = o->rules[i].contact;
		return (int)i;
	}
	return -1;
}
