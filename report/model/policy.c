/* policy.c - load the policy and answer the inventory's questions; see
 * policy.h. Like the owners map, the policy keeps its parsed tree and
 * borrows every string from it. */
#include "lib/compat.h"
#include <ctype.h>
#include <fnmatch.h>
#include <time.h>
#include "lib/xalloc.h"
#include "report/model/cfgfile.h"
#include "report/model/policy.h"
#include "lib/banned.h"

#define MAX_ENTRIES 10000

struct override {
	struct ca_globs kind, scope, identity;
	int tier; /* -1 when not given */
	int risk;
};

struct ignore {
	struct ca_globs fingerprint, path, rule, kind;
	const char *reason;
	const char *expires; /* "YYYY-MM-DD" or NULL */
	int64_t expires_at;  /* the first second after that day, UTC */
};

struct ca_policy {
	json_t *root;
	int fail_tier, fail_risk;
	unsigned int weights[CA_EXP_COUNT];
	struct override *overrides;
	size_t noverrides;
	struct ignore *ignores;
	size_t nignores;
	unsigned char (*known)[32]; /* known_values: SHA-256 digests */
	size_t nknown;
};

/* NULL-terminated, so it doubles as the allowed keys of exposure_weights */
static const char *const exposure_names[CA_EXP_COUNT + 1] = {
	"world_readable",
	"group_readable",
	"history",
	"duplicate",
	"misplaced",
	"git",
	NULL,
};

static const char *const top_keys[] = {
	"version",
	"fail_on",
	"exposure_weights",
	"overrides",
	"ignore",
	"known_values",
	NULL,
};
static const char *const override_keys[] = { "match", "tier", "risk", NULL };
static const char *const override_match_keys[] = {
	"kind",
	"scope",
	"identity",
	NULL,
};
static const char *const ignore_keys[] = {
	"fingerprint",
	"path",
	"rule",
	"kind",
	"reason",
	"expires",
	NULL,
};

const char *
ca_exposure_name(enum ca_exposure e)
{
	return (unsigned)e < CA_EXP_COUNT ? exposure_names[e] : "unknown";
}

void
ca_policy_free(struct ca_policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->noverrides; i++) {
		ca_globs_release(&p->overrides[i].kind);
		ca_globs_release(&p->overrides[i].scope);
		ca_globs_release(&p->overrides[i].identity);
	}
	for (size_t i = 0; i < p->nignores; i++) {
		ca_globs_release(&p->ignores[i].fingerprint);
		ca_globs_release(&p->ignores[i].path);
		ca_globs_release(&p->ignores[i].rule);
		ca_globs_release(&p->ignores[i].kind);
	}
	free(p->overrides);
	free(p->ignores);
	free(p->known);
	json_decref(p->root);
	free(p);
}

/* ---- loading --------------------------------------------------------- */

static int
load_fail_on(const struct ca_cfgfile *cf, struct ca_policy *p)
{
	const char *v;

	if (ca_cfg_string(cf, cf->root, "", "fail_on", false, &v) < 0)
		return -1;
	if (!v)
		return 0;
	p->fail_tier = ca_tier_parse(v);
	p->fail_risk = ca_risk_parse(v);
	if (p->fail_tier < 0 && p->fail_risk < 0)
		return ca_cfg_error(cf, "fail_on",
		    "expected a tier (read, "
		    "write, secret, admin) or a risk (low, medium, high, "
		    "critical)");
	return 0;
}

static int
load_weights(const struct ca_cfgfile *cf, struct ca_policy *p)
{
	const char *const *keys = exposure_names;
	json_t *w = json_object_get(cf->root, "exposure_weights");
	char at[64];

	for (int i = 0; i < CA_EXP_COUNT; i++)
		p->weights[i] = 1;
	if (!w)
		return 0;
	if (ca_cfg_keys(cf, w, "exposure_weights", keys) < 0)
		return -1;
	for (int i = 0; i < CA_EXP_COUNT; i++) {
		json_t *v = json_object_get(w, keys[i]);
		if (!v)
			continue;
		snprintf(at, sizeof(at), "exposure_weights.%s", keys[i]);
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > CA_EXP_MAX_WEIGHT)
			return ca_cfg_error(cf, at,
			    "expected a whole number "
			    "from 0 to %d",
			    CA_EXP_MAX_WEIGHT);
		p->weights[i] = (unsigned int)json_integer_value(v);
	}
	return 0;
}

/* Sets '*out' from obj[key], a tier (is_tier) or risk name, or -1 when
 * absent. */
static int
load_level(const struct ca_cfgfile *cf, const json_t *obj, const char *at,
    const char *key, bool is_tier, int *out)
{
	const char *v;
	char kat[96];

	*out = -1;
	if (ca_cfg_string(cf, obj, at, key, false, &v) < 0)
		return -1;
	if (!v)
		return 0;
	*out = is_tier ? ca_tier_parse(v) : ca_risk_parse(v);
	snprintf(kat, sizeof(kat), "%s.%s", at, key);
	if (*out < 0)
		return ca_cfg_error(cf, kat,
		    is_tier ? "expected a tier: read, write, secret or admin" :
		              "expected a risk: low, medium, high or critical");
	return 0;
}

static int
load_override(const struct ca_cfgfile *cf, const json_t *o, size_t i,
    struct override *ov)
{
	char at[64], mat[80];
	const json_t *m;

	snprintf(at, sizeof(at), "overrides[%zu]", i);
	snprintf(mat, sizeof(mat), "%s.match", at);
	ov->tier = ov->risk = -1;
	if (ca_cfg_keys(cf, o, at, override_keys) < 0 ||
	    load_level(cf, o, at, "tier", true, &ov->tier) < 0 ||
	    load_level(cf, o, at, "risk", false, &ov->risk) < 0)
		return -1;
	if (ov->tier < 0 && ov->risk < 0)
		return ca_cfg_error(cf, at, "give 'tier', 'risk' or both");
	m = json_object_get(o, "match");
	if (!m)
		return ca_cfg_error(cf, at, "'match' is required");
	if (ca_cfg_keys(cf, m, mat, override_match_keys) < 0)
		return -1;
	if (!json_object_size(m))
		return ca_cfg_error(cf, mat,
		    "give at least one of kind, scope "
		    "or identity");
	if (ca_cfg_globs(cf, m, mat, "kind", &ov->kind) < 0 ||
	    ca_cfg_globs(cf, m, mat, "scope", &ov->scope) < 0 ||
	    ca_cfg_globs(cf, m, mat, "identity", &ov->identity) < 0)
		return -1;
	return 0;
}

/* Parses "YYYY-MM-DD" into the first second after that day, UTC. */
static bool
parse_day(const char *s, int64_t *end_of_day)
{
	struct tm tm;
	const char *e;
	char back[16];
	time_t t;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	memset(&tm, 0, sizeof(tm));
	e = strptime(s, "%Y-%m-%d", &tm);
	if (!e || *e)
		return false;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return false;
	/* strptime takes 2026-02-31; the round trip does not */
	gmtime_r(&t, &tm);
	strftime(back, sizeof(back), "%Y-%m-%d", &tm);
	if (strcmp(back, s))
		return false;
	*end_of_day = (int64_t)t + 86400;
	return true;
}

static bool
is_fingerprint(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		        (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == CA_ID_HEX;
}

static int
load_ignore(const struct ca_cfgfile *cf, const json_t *o, size_t i,
    struct ignore *ig)
{
	char at[64], kat[96];

	snprintf(at, sizeof(at), "ignore[%zu]", i);
	if (ca_cfg_keys(cf, o, at, ignore_keys) < 0 ||
	    ca_cfg_globs(cf, o, at, "fingerprint", &ig->fingerprint) < 0 ||
	    ca_cfg_globs(cf, o, at, "path", &ig->path) < 0 ||
	    ca_cfg_globs(cf, o, at, "rule", &ig->rule) < 0 ||
	    ca_cfg_globs(cf, o, at, "kind", &ig->kind) < 0 ||
	    ca_cfg_string(cf, o, at, "reason", true, &ig->reason) < 0 ||
	    ca_cfg_string(cf, o, at, "expires", false, &ig->expires) < 0)
		return -1;
	if (!ig->fingerprint.n && !ig->path.n && !ig->rule.n && !ig->kind.n)
		return ca_cfg_error(cf, at,
		    "give at least one of fingerprint, "
		    "path, rule or kind");
	for (size_t j = 0; j < ig->fingerprint.n; j++) {
		if (is_fingerprint(ig->fingerprint.v[j]))
			continue;
		snprintf(kat, sizeof(kat), "%s.fingerprint", at);
		return ca_cfg_error(cf, kat,
		    "expected a credential id: 32 "
		    "lowercase hexadecimal digits");
	}
	if (ig->expires && !parse_day(ig->expires, &ig->expires_at)) {
		snprintf(kat, sizeof(kat), "%s.expires", at);
		return ca_cfg_error(cf, kat, "expected a date as YYYY-MM-DD");
	}
	return 0;
}

/* Checks root[key] is a list; sets '*n' to its length (0 when absent). */
static int
list_of(const struct ca_cfgfile *cf, const char *key, json_t **arr, size_t *n)
{
	*arr = json_object_get(cf->root, key);
	*n = 0;
	if (!*arr)
		return 0;
	if (!json_is_array(*arr))
		return ca_cfg_error(cf, key, "expected a list");
	*n = json_array_size(*arr);
	if (*n > MAX_ENTRIES)
		return ca_cfg_error(cf, key, "more than %d entries",
		    MAX_ENTRIES);
	return 0;
}

/* known_values: a list of SHA-256 digests (64 hex digits) of normalised
 * values the scan treats as known public test values, like the built-in
 * table (scanners/rules/known.c). */
static int
load_known(const struct ca_cfgfile *cf, struct ca_policy *p)
{
	json_t *arr;
	size_t n;
	char at[64];

	if (list_of(cf, "known_values", &arr, &n) < 0)
		return -1;
	p->known = xcalloc(n ? n : 1, sizeof(*p->known));
	for (size_t i = 0; i < n; i++) {
		const char *h = json_string_value(json_array_get(arr, i));
		bool ok = h && strlen(h) == 64;

		for (size_t k = 0; ok && k < 32; k++) {
			unsigned int b = 0;

			ok = isxdigit((unsigned char)h[2 * k]) &&
			    isxdigit((unsigned char)h[2 * k + 1]) &&
			    sscanf(h + 2 * k, "%2x", &b) == 1;
			p->known[i][k] = (unsigned char)b;
		}
		snprintf(at, sizeof(at), "known_values[%zu]", i);
		if (!ok)
			return ca_cfg_error(cf, at,
			    "expected a SHA-256 digest: "
			    "64 hexadecimal digits");
		p->nknown = i + 1;
	}
	return 0;
}

static int
build(const struct ca_cfgfile *cf, struct ca_policy **out)
{
	struct ca_policy *p;
	json_t *arr, *v;
	size_t n;

	if (!json_is_object(cf->root))
		return ca_cfg_error(cf, "", "expected a mapping");
	if (ca_cfg_keys(cf, cf->root, "", top_keys) < 0)
		return -1;
	v = json_object_get(cf->root, "version");
	if (v && !(json_is_integer(v) && json_integer_value(v) == 1))
		return ca_cfg_error(cf, "version",
		    "expected 1, the only "
		    "version there is");
	p = xcalloc(1, sizeof(*p));
	p->fail_tier = p->fail_risk = -1;
	if (load_fail_on(cf, p) < 0 || load_weights(cf, p) < 0)
		goto fail;
	if (list_of(cf, "overrides", &arr, &n) < 0)
		goto fail;
	p->overrides = xcalloc(n ? n : 1, sizeof(*p->overrides));
	for (size_t i = 0; i < n; i++) {
		p->noverrides = i + 1; /* so free releases what was filled */
		if (load_override(cf, json_array_get(arr, i), i,
		        &p->overrides[i]) < 0)
			goto fail;
	}
	if (list_of(cf, "ignore", &arr, &n) < 0)
		goto fail;
	p->ignores = xcalloc(n ? n : 1, sizeof(*p->ignores));
	for (size_t i = 0; i < n; i++) {
		p->nignores = i + 1;
		if (load_ignore(cf, json_array_get(arr, i), i, &p->ignores[i]) <
		    0)
			goto fail;
	}
	if (load_known(cf, p) < 0)
		goto fail;
	p->root = json_incref(cf->root);
	*out = p;
	return 0;
fail:
	ca_policy_free(p);
	return -1;
}

int
ca_policy_parse(const char *name, const char *buf, size_t len,
    struct ca_policy **out)
{
	struct ca_cfgfile cf;
	int ret;

	*out = NULL;
	ret = ca_cfgfile_parse(&cf, "policy", name, buf, len);
	if (ret == 0)
		ret = build(&cf, out);
	ca_cfgfile_release(&cf);
	return ret;
}

int
ca_policy_load(const char *path, struct ca_policy **out)
{
	struct ca_cfgfile cf;
	int ret;

	*out = NULL;
	ret = ca_cfgfile_load(&cf, "policy", path);
	if (ret == 0)
		ret = build(&cf, out);
	ca_cfgfile_release(&cf);
	return ret;
}

/* ---- questions ------------------------------------------------------- */

void
ca_policy_fail_on(const struct ca_policy *p, int *tier, int *risk)
{
	*tier = p ? p->fail_tier : -1;
	*risk = p ? p->fail_risk : -1;
}

unsigned int
ca_policy_weight(const struct ca_policy *p, enum ca_exposure e)
{
	if (!p || (unsigned)e >= CA_EXP_COUNT)
		return 1;
	return p->weights[e];
}

static bool
override_matches(const struct override *ov, const struct ca_credential *c)
{
	if (ov->kind.n && !ca_globs_match(&ov->kind, c->kind, 0))
		return false;
	if (ov->identity.n &&
	    !ca_globs_match(&ov->identity, c->identity, FNM_CASEFOLD))
		return false;
	if (ov->scope.n) {
		bool any = false;
		for (size_t i = 0; i < c->nscopes && !any; i++)
			any = ca_globs_match(&ov->scope, c->scopes[i], 0);
		if (!any)
			return false;
	}
	return true;
}

int
ca_policy_tier(const struct ca_policy *p, const struct ca_credential *c,
    enum ca_tier *tier)
{
	for (size_t i = 0; p && i < p->noverrides; i++) {
		if (p->overrides[i].tier < 0 ||
		    !override_matches(&p->overrides[i], c))
			continue;
		*tier = (enum ca_tier)p->overrides[i].tier;
		return (int)i;
	}
	return -1;
}

int
ca_policy_risk(const struct ca_policy *p, const struct ca_credential *c,
    enum ca_risk *risk)
{
	for (size_t i = 0; p && i < p->noverrides; i++) {
		if (p->overrides[i].risk < 0 ||
		    !override_matches(&p->overrides[i], c))
			continue;
		*risk = (enum ca_risk)p->overrides[i].risk;
		return (int)i;
	}
	return -1;
}

/* The gcloud rules of shell rc files were reported under aws_env.* until
 * they moved to their own module. */
/* clang-format off */
static const struct ca_rule_alias rule_aliases[] = {
	{ "aws_env.access-token", "gcp_env.access-token" },
	{ "aws_env.external-account", "gcp_env.external-account" },
	{ "aws_env.impersonation", "gcp_env.impersonation" },
	{ "aws_env.sa-key", "gcp_env.sa-key" },
	{ "aws_env.user-refresh-token", "gcp_env.user-refresh-token" },
};
/* clang-format on */

const struct ca_rule_alias *
ca_rule_aliases(size_t *n)
{
	*n = CA_ARRAY_SIZE(rule_aliases);
	return rule_aliases;
}

/* True when 'g' (borrowed) matches rule id 'rule' (borrowed) or one of
 * its old ids. */
static bool
rule_matches(const struct ca_globs *g, const char *rule)
{
	if (ca_globs_match(g, rule, 0))
		return true;
	for (size_t i = 0; i < CA_ARRAY_SIZE(rule_aliases); i++)
		if (!strcmp(rule_aliases[i].new_id, rule) &&
		    ca_globs_match(g, rule_aliases[i].old_id, 0))
			return true;
	return false;
}

size_t
ca_policy_nignores(const struct ca_policy *p)
{
	return p ? p->nignores : 0;
}

bool
ca_policy_ignore_covers(const struct ca_policy *p, size_t i,
    const struct ca_credential *c, const struct ca_location *l)
{
	const struct ignore *ig;

	if (!p || i >= p->nignores)
		return false;
	ig = &p->ignores[i];
	if (ig->fingerprint.n && !ca_globs_match(&ig->fingerprint, c->id, 0))
		return false;
	if (ig->kind.n && !ca_globs_match(&ig->kind, c->kind, 0))
		return false;
	if (ig->rule.n && !rule_matches(&ig->rule, l->rule ? l->rule : c->rule))
		return false;
	if (ig->path.n && !ca_globs_match_path(&ig->path, l->path))
		return false;
	return true;
}

const char *
ca_policy_ignore_reason(const struct ca_policy *p, size_t i)
{
	return p && i < p->nignores ? p->ignores[i].reason : NULL;
}

const char *
ca_policy_ignore_expires(const struct ca_policy *p, size_t i)
{
	return p && i < p->nignores ? p->ignores[i].expires : NULL;
}

bool
ca_policy_ignore_expired(const struct ca_policy *p, size_t i, int64_t now)
{
	if (!p || i >= p->nignores || !p->ignores[i].expires)
		return false;
	return now >= p->ignores[i].expires_at;
}

bool
ca_policy_known_value(const struct ca_policy *p, const unsigned char d[32])
{
	for (size_t i = 0; p && i < p->nknown; i++)
		if (!memcmp(p->known[i], d, 32))
			return true;
	return false;
}
