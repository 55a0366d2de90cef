/* test_policy.c - the policy file: the shipped example, fail_on, tier and
 * risk overrides (first match per field, by kind, scope and identity),
 * exposure weights feeding the matrix, ignores by fingerprint, path, rule
 * and kind (whole credentials and single places), expired ignores that
 * stop applying and say so; then bad files, whose errors name the line,
 * column and key. */
#include "tests/unit/cfg_unit.h"
#include "report/model/policy.h"
#include "report/model/risk.h"

static struct ca_policy *
parse_ok(const char *name, const char *text)
{
	struct ca_policy *p = NULL;

	cap_begin();
	if (ca_policy_parse(name, text, strlen(text), &p) < 0)
		fail_msg("'%s' did not parse: %s", name, cap_end());
	cap_end();
	assert_non_null(p);
	return p;
}

static const char *
parse_bad(const char *name, const char *text)
{
	struct ca_policy *p = (struct ca_policy *)1;
	const char *msg;
	int rc;

	cap_begin();
	rc = ca_policy_parse(name, text, strlen(text), &p);
	msg = cap_end();
	if (rc != -1)
		fail_msg("'%s' parsed but should not have", text);
	assert_null(p);
	assert_has(msg, "cannot load policy '");
	return msg;
}

static void
test_example(void **state)
{
	struct ca_policy *p = NULL;
	int tier, risk;

	(void)state;
	cap_begin();
	if (ca_policy_load("examples/policy.yaml", &p) < 0)
		fail_msg("examples/policy.yaml: %s", cap_end());
	cap_end();
	ca_policy_fail_on(p, &tier, &risk);
	assert_int_equal(tier, -1);
	assert_int_equal(risk, CA_RISK_CRITICAL);
	assert_int_equal(ca_policy_weight(p, CA_EXP_WORLD_READABLE), 2);
	assert_int_equal(ca_policy_weight(p, CA_EXP_MISPLACED), 1);
	assert_int_equal(ca_policy_nignores(p), 3);
	assert_string_equal(ca_policy_ignore_expires(p, 1), "2027-06-30");
	assert_null(ca_policy_ignore_expires(p, 0));
	ca_policy_free(p);

	/* no policy: every weight 1, no fail_on, nothing ignored */
	ca_policy_fail_on(NULL, &tier, &risk);
	assert_int_equal(tier, -1);
	assert_int_equal(risk, -1);
	for (int e = 0; e < CA_EXP_COUNT; e++)
		assert_int_equal(ca_policy_weight(NULL, (enum ca_exposure)e),
		    1);
	assert_int_equal(ca_policy_nignores(NULL), 0);
	assert_string_equal(ca_exposure_name(CA_EXP_HISTORY), "history");
}

static void
test_fail_on(void **state)
{
	struct ca_policy *p;
	int tier, risk;

	(void)state;
	p = parse_ok("p.yaml", "fail_on: secret\n");
	ca_policy_fail_on(p, &tier, &risk);
	assert_int_equal(tier, CA_TIER_SECRET);
	assert_int_equal(risk, -1);
	ca_policy_free(p);
	p = parse_ok("p.json", "{\"fail_on\": \"high\"}");
	ca_policy_fail_on(p, &tier, &risk);
	assert_int_equal(tier, -1);
	assert_int_equal(risk, CA_RISK_HIGH);
	ca_policy_free(p);
	/* an empty policy is a policy */
	p = parse_ok("p.yaml", "{}\n");
	ca_policy_fail_on(p, &tier, &risk);
	assert_int_equal(tier + risk, -2);
	ca_policy_free(p);
}

/* clang-format off */
static const char overrides[] =
	"overrides:\n"
	"  - match: {kind: vault-token}\n"
	"    tier: admin\n"
	"  - match: {kind: npm-token, identity: \"*@MIRROR.example\"}\n"
	"    tier: read\n"
	"    risk: low\n"
	"  - match: {kind: \"github-*\", scope: [workflow, \"workflows:write\"]}\n"
	"    tier: secret\n"
	"  - match: {kind: \"github-*\"}\n"
	"    tier: read\n"
	"  - match: {kind: \"*\"}\n"
	"    risk: medium\n";
/* clang-format on */

static void
test_overrides(void **state)
{
	static const char *const wf[] = { "repo", "workflow", NULL };
	struct ca_policy *p = parse_ok("p.yaml", overrides);
	struct ca_inventory *inv = ca_inventory_new();
	const struct ca_credential *c;
	struct ca_sighting s;

	(void)state;
	s = cfg_sight('1', "vault-token", "/home/alice/.vault-token", 1000);
	ca_inventory_add(inv, &s);
	s = cfg_sight('2', "npm-token", "/home/alice/.npmrc", 1000);
	s.identity = "ci@mirror.example";
	ca_inventory_add(inv, &s);
	s = cfg_sight('3', "npm-token", "/home/alice/b/.npmrc", 1000);
	s.identity = "ci@registry.npmjs.org";
	ca_inventory_add(inv, &s);
	s = cfg_sight('4', "github-pat-classic", "/home/alice/.gh", 1000);
	s.scopes = wf;
	s.anchor = "gh:alice";
	ca_inventory_add(inv, &s);
	s = cfg_sight('5', "github-oauth-token", "/home/alice/.gh2", 1000);
	s.anchor = "gh:alice2";
	ca_inventory_add(inv, &s);
	/* a policy's tier is not raised by what the credential links to */
	s = cfg_sight('6', "github-keyring-token", "/home/alice/.gh3", 1000);
	s.redacted = NULL;
	s.link = "vault:alice";
	ca_inventory_add(inv, &s);
	s = cfg_sight('7', "aws-access-key", "/home/alice/.aws/x", 1000);
	s.anchor = "vault:alice";
	ca_inventory_add(inv, &s);
	ca_inventory_set_policy(inv, NULL, p);
	ca_inventory_finish(inv, cfg_uid_name, NULL);
	ca_policy_free(p);

	c = ca_inventory_get(inv, cfg_id('1'));
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	assert_string_equal(c->tier_evidence, "policy");
	assert_true(cfg_has_reason(c,
	    "tier set to admin by policy "
	    "(overrides[0])"));
	assert_true(cfg_has_reason(c, "tier assumed")); /* what it was */
	assert_int_equal(c->risk, CA_RISK_MEDIUM);
	assert_true(cfg_has_reason(c,
	    "risk set to medium by policy "
	    "(overrides[4])"));

	c = ca_inventory_get(inv, cfg_id('2'));
	assert_int_equal(c->tier, CA_TIER_READ);
	assert_int_equal(c->risk, CA_RISK_LOW);
	assert_true(cfg_has_reason(c, "(overrides[1])"));

	c = ca_inventory_get(inv, cfg_id('3'));
	assert_int_equal(c->tier, CA_TIER_WRITE); /* identity differs */
	assert_string_equal(c->tier_evidence, "assumed");
	assert_int_equal(c->risk, CA_RISK_MEDIUM);

	c = ca_inventory_get(inv, cfg_id('4'));
	assert_int_equal(c->tier, CA_TIER_SECRET); /* the scope matched */
	assert_true(cfg_has_reason(c, "(overrides[2])"));
	c = ca_inventory_get(inv, cfg_id('5'));
	assert_int_equal(c->tier, CA_TIER_READ); /* no such scope */
	assert_true(cfg_has_reason(c, "(overrides[3])"));
	c = ca_inventory_get(inv, cfg_id('6'));
	assert_int_equal(c->tier, CA_TIER_READ);
	assert_false(cfg_has_reason(c, "inherited"));
	ca_inventory_free(inv);
}

/* Weights change how many factors the matrix counts, and say so. */
static void
test_weights(void **state)
{
	struct ca_policy *p = parse_ok("p.yaml",
	    "exposure_weights:\n"
	    "  world_readable: 3\n"
	    "  group_readable: 0\n"
	    "  history: 2\n"
	    "  duplicate: 0\n"
	    "  misplaced: 0\n");
	struct ca_inventory *inv = ca_inventory_new();
	const struct ca_credential *c;
	struct ca_sighting s;

	(void)state;
	assert_int_equal(ca_policy_weight(p, CA_EXP_WORLD_READABLE), 3);
	/* read tier, standing: low at 0 factors, critical at 3 */
	s = cfg_sight('1', "gcp-api-key", "/home/alice/k", 1000);
	s.mode = 0604;
	ca_inventory_add(inv, &s);
	/* group-readable at weight 0: low still */
	s = cfg_sight('2', "gcp-api-key", "/home/alice/g", 1000);
	s.mode = 0640;
	ca_inventory_add(inv, &s);
	/* history at 2: high */
	s = cfg_sight('3', "gcp-api-key", "/home/alice/.bash_history", 1000);
	ca_inventory_add(inv, &s);
	/* two places and misplaced, both at 0: low */
	s = cfg_sight('4', "gcp-api-key", "/tmp/a", 1000);
	ca_inventory_add(inv, &s);
	s = cfg_sight('4', "gcp-api-key", "/tmp/b", 1000);
	ca_inventory_add(inv, &s);
	ca_inventory_set_policy(inv, NULL, p);
	ca_inventory_finish(inv, cfg_uid_name, NULL);
	ca_policy_free(p);

	c = ca_inventory_get(inv, cfg_id('1'));
	assert_int_equal(c->risk, CA_RISK_CRITICAL);
	assert_true(cfg_has_reason(c,
	    "file is world-readable (policy weight "
	    "3)"));
	c = ca_inventory_get(inv, cfg_id('2'));
	assert_int_equal(c->risk, CA_RISK_LOW);
	assert_true(cfg_has_reason(c,
	    "file is group-readable (policy weight "
	    "0)"));
	c = ca_inventory_get(inv, cfg_id('3'));
	assert_int_equal(c->risk, CA_RISK_HIGH);
	c = ca_inventory_get(inv, cfg_id('4'));
	assert_int_equal(c->risk, CA_RISK_LOW);
	assert_true(c->misplaced);
	assert_true(cfg_has_reason(c, "found in 2 places (policy weight 0)"));
	assert_true(cfg_has_reason(c,
	    "misplaced (see above) (policy weight "
	    "0)"));
	ca_inventory_free(inv);
}

/* clang-format off */
static const char ignores[] =
	"ignore:\n"
	"  - fingerprint: " "11111111111111111111111111111111" "\n"
	"    reason: revoked in INC-1\n"
	"  - path: \"**/testdata/**\"\n"
	"    reason: fixtures\n"
	"    expires: 2999-12-31\n"
	"  - rule: noisy.rule\n"
	"    reason: noisy\n"
	"  - kind: slack-webhook\n"
	"    path: \"/srv/**\"\n"
	"    reason: public webhook\n"
	"  - kind: jwt\n"
	"    reason: old exception\n"
	"    expires: 2001-01-31\n"
	"  - kind: [jwt, npm-token]\n"
	"    path: \"/opt/**\"\n"
	"    reason: vendor tokens\n";
/* clang-format on */

static void
test_ignores(void **state)
{
	struct ca_policy *p = parse_ok("p.yaml", ignores);
	struct ca_inventory *inv = ca_inventory_new();
	const struct ca_credential *c;
	struct ca_sighting s;
	const char *err;

	(void)state;
	/* by fingerprint: gone, with its links still naming it */
	s = cfg_sight('1', "aws-access-key", "/home/alice/.aws/credentials",
	    1000);
	s.anchor = "aws-profile:/home/alice:prod";
	ca_inventory_add(inv, &s);
	s = cfg_sight('2', "kube-exec", "/home/alice/.kube/config", 1000);
	s.redacted = NULL;
	s.link = "aws-profile:/home/alice:prod";
	ca_inventory_add(inv, &s);
	/* by path: one place of two dropped, the credential stays */
	s = cfg_sight('3', "npm-token", "/home/alice/p/testdata/.npmrc", 1000);
	ca_inventory_add(inv, &s);
	s = cfg_sight('3', "npm-token", "/home/alice/.npmrc", 1000);
	ca_inventory_add(inv, &s);
	/* by path: its only place dropped, the credential goes */
	s = cfg_sight('4', "pypi-token", "/home/alice/q/testdata/x", 1000);
	ca_inventory_add(inv, &s);
	/* by rule: the rule that found it there */
	s = cfg_sight('5', "generic-secret", "/home/alice/r", 1000);
	s.rule = "noisy.rule";
	ca_inventory_add(inv, &s);
	/* by kind and path: only in /srv */
	s = cfg_sight('6', "slack-webhook", "/srv/app/.env", 0);
	ca_inventory_add(inv, &s);
	s = cfg_sight('7', "slack-webhook", "/home/alice/.env", 1000);
	ca_inventory_add(inv, &s);
	/* an expired ignore: reported again, with a reason and a warning;
	 * a later live ignore still applies where it matches */
	s = cfg_sight('8', "jwt", "/home/alice/t", 1000);
	ca_inventory_add(inv, &s);
	s = cfg_sight('9', "jwt", "/home/alice/u", 1000);
	ca_inventory_add(inv, &s);
	s = cfg_sight('a', "jwt", "/opt/vendor/t", 0);
	ca_inventory_add(inv, &s);
	ca_inventory_set_policy(inv, NULL, p);
	cap_begin();
	ca_inventory_finish(inv, cfg_uid_name, NULL);
	err = cap_end();
	ca_policy_free(p);

	/* one warning for the expired ignore, however much it matched */
	assert_has(err,
	    "credatlas: warning: policy: ignore[4] expired on "
	    "2001-01-31 and no longer applies: old exception\n");
	assert_null(strstr(strstr(err, "ignore[4]") + 1, "ignore[4]"));

	assert_null(ca_inventory_get(inv, cfg_id('1')));
	assert_null(ca_inventory_get(inv, cfg_id('4')));
	assert_null(ca_inventory_get(inv, cfg_id('5')));
	assert_null(ca_inventory_get(inv, cfg_id('6')));
	assert_null(ca_inventory_get(inv, cfg_id('a')));
	assert_int_equal(inv->nignored, 5);
	assert_int_equal(inv->meta.stats.ignored, 5);
	/* in id order, each with its ignore's index and reason */
	assert_string_equal(inv->ignored[0].id, cfg_id('1'));
	assert_int_equal(inv->ignored[0].ignore, 0);
	assert_string_equal(inv->ignored[0].reason, "revoked in INC-1");
	assert_null(inv->ignored[0].expires);
	assert_string_equal(inv->ignored[0].kind, "aws-access-key");
	assert_string_equal(inv->ignored[1].id, cfg_id('4'));
	assert_int_equal(inv->ignored[1].ignore, 1);
	assert_string_equal(inv->ignored[1].expires, "2999-12-31");
	assert_string_equal(inv->ignored[2].id, cfg_id('5'));
	assert_string_equal(inv->ignored[2].rule, "noisy.rule");
	assert_int_equal(inv->ignored[2].ignore, 2);
	assert_string_equal(inv->ignored[3].id, cfg_id('6'));
	assert_int_equal(inv->ignored[3].ignore, 3);
	assert_string_equal(inv->ignored[4].id, cfg_id('a'));
	assert_int_equal(inv->ignored[4].ignore, 5);

	c = ca_inventory_get(inv, cfg_id('2'));
	assert_int_equal(c->nlinks, 1);
	assert_int_equal(c->links[0].nto, 1);
	assert_string_equal(c->links[0].to[0], cfg_id('1'));

	c = ca_inventory_get(inv, cfg_id('3'));
	assert_int_equal(c->nlocations, 1);
	assert_string_equal(c->locations[0].path, "/home/alice/.npmrc");
	assert_true(cfg_has_reason(c,
	    "1 of 2 places ignored by policy "
	    "(ignore[1]: fixtures)"));
	assert_false(cfg_has_reason(c, "found in 2 places"));

	assert_non_null(ca_inventory_get(inv, cfg_id('7')));
	c = ca_inventory_get(inv, cfg_id('8'));
	assert_non_null(c);
	assert_true(cfg_has_reason(c,
	    "ignore expired on 2001-01-31: old "
	    "exception"));
	assert_non_null(ca_inventory_get(inv, cfg_id('9')));
	assert_int_equal(inv->ncreds, 5);
	ca_inventory_free(inv);
}

/* Expiry is through the end of the day, UTC. */
/* The gcloud rules of rc files moved from aws_env.* to gcp_env.*: a
 * policy naming the old id, or a glob matching it, still ignores them;
 * an old id matches only the rule it was renamed to. */
static void
test_rule_aliases(void **state)
{
	struct ca_policy *p = parse_ok("p.yaml",
	    "ignore:\n"
	    "  - rule: aws_env.sa-key\n"
	    "    reason: old id\n"
	    "  - rule: \"aws_env.user-*\"\n"
	    "    reason: old glob\n"
	    "  - rule: aws_env.profile-key\n"
	    "    reason: an AWS rule, not renamed\n");
	struct ca_inventory *inv = ca_inventory_new();
	const struct ca_rule_alias *al;
	struct ca_sighting s;
	size_t n;

	(void)state;
	s = cfg_sight('1', "gcp-service-account-key", "/home/alice/k.json",
	    1000);
	s.rule = "gcp_env.sa-key";
	ca_inventory_add(inv, &s);
	s = cfg_sight('2', "gcp-user-refresh-token", "/home/alice/g/adc.json",
	    1000);
	s.rule = "gcp_env.user-refresh-token";
	ca_inventory_add(inv, &s);
	/* named by no ignore, old or new */
	s = cfg_sight('3', "gcp-access-token", "/home/alice/g/t.db", 1000);
	s.rule = "gcp_env.access-token";
	ca_inventory_add(inv, &s);
	/* gcp.sa-key was never aws_env.sa-key */
	s = cfg_sight('4', "gcp-service-account-key", "/home/alice/sa.json",
	    1000);
	s.rule = "gcp.sa-key";
	ca_inventory_add(inv, &s);
	ca_inventory_set_policy(inv, NULL, p);
	ca_inventory_finish(inv, cfg_uid_name, NULL);
	ca_policy_free(p);

	assert_null(ca_inventory_get(inv, cfg_id('1')));
	assert_null(ca_inventory_get(inv, cfg_id('2')));
	assert_non_null(ca_inventory_get(inv, cfg_id('3')));
	assert_non_null(ca_inventory_get(inv, cfg_id('4')));
	assert_int_equal(inv->nignored, 2);
	assert_int_equal(inv->ignored[0].ignore, 0);
	assert_int_equal(inv->ignored[1].ignore, 1);
	ca_inventory_free(inv);

	/* the table: five renamed ids, each old id under aws_env */
	al = ca_rule_aliases(&n);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(strncmp(al[i].old_id, "aws_env.", 8), 0);
		assert_int_equal(strncmp(al[i].new_id, "gcp_env.", 8), 0);
		assert_string_equal(al[i].old_id + 8, al[i].new_id + 8);
	}
}

static void
test_expiry_edges(void **state)
{
	struct ca_policy *p = parse_ok("p.json",
	    "{\"ignore\": [{\"kind\": \"x\", \"reason\": \"r\", "
	    "\"expires\": \"2024-02-29\"}]}");

	(void)state;
	/* 2024-02-29T00:00:00Z is 1709164800 */
	assert_false(ca_policy_ignore_expired(p, 0, 1709164800));
	assert_false(ca_policy_ignore_expired(p, 0, 1709164800 + 86399));
	assert_true(ca_policy_ignore_expired(p, 0, 1709164800 + 86400));
	assert_false(ca_policy_ignore_expired(p, 7, 1709164800 + 86400));
	ca_policy_free(p);
}

struct bad {
	const char *name, *text, *want[3];
};

static void
test_bad_policies(void **state)
{
	static const struct bad bad[] = {
		/* syntax */
		{ "p.yaml", "ignore:\n  - kind: x\n   reason: y\n",
		    { "line 3", NULL } },
		{ "p.json", "{\n  \"fail_on\": \"high\",\n}\n",
		    { "line 3, column 1", NULL } },
		{ "p.json", "{\"ignore\": [}", { "line 1", NULL } },
		/* unknown keys, named */
		{ "p.yaml", "fail-on: high\n",
		    { "line 1, column 1", "fail-on",
		        "unknown key 'fail-on'" } },
		{ "p.yaml", "ignore:\n  - kind: x\n    reson: typo\n",
		    { "line 3, column 5", "ignore[0].reson",
		        "unknown key 'reson'" } },
		{ "p.yaml",
		    "overrides:\n  - match: {path: x}\n    tier: read\n",
		    { "overrides[0].match.path", "unknown key 'path'", NULL } },
		{ "p.yaml", "exposure_weights: {image_layer: 1}\n",
		    { "exposure_weights.image_layer",
		        "unknown key 'image_layer'", NULL } },
		/* the reason is required, and the error names the index */
		{ "p.yaml",
		    "ignore:\n  - kind: x\n    reason: ok\n"
		    "  - kind: y\n",
		    { "line 4, column 5", "ignore[1]",
		        "'reason' is required" } },
		{ "p.json",
		    "{\"ignore\": [{\"kind\": \"x\", \"reason\": \"\"}]}",
		    { "ignore[0].reason", "non-empty string", NULL } },
		{ "p.yaml", "ignore:\n  - reason: nothing to match\n",
		    { "ignore[0]", "at least one of fingerprint", NULL } },
		/* dates */
		{ "p.yaml",
		    "ignore:\n  - kind: x\n    reason: r\n"
		    "    expires: 2026-02-31\n",
		    { "line 4, column 5", "ignore[0].expires", "YYYY-MM-DD" } },
		{ "p.yaml",
		    "ignore:\n  - {kind: x, reason: r, expires: "
		    "2026/01/01}\n",
		    { "ignore[0].expires", NULL } },
		{ "p.yaml",
		    "ignore:\n  - {kind: x, reason: r, expires: "
		    "tomorrow}\n",
		    { "ignore[0].expires", NULL } },
		{ "p.yaml",
		    "ignore:\n  - {kind: x, reason: r, expires: "
		    "2026-1-1}\n",
		    { "ignore[0].expires", NULL } },
		{ "p.yaml",
		    "ignore:\n  - {kind: x, reason: r, expires: "
		    "20260101}\n",
		    { "ignore[0].expires", "non-empty string" } },
		/* tier and risk names */
		{ "p.yaml",
		    "overrides:\n  - match: {kind: x}\n    tier: root\n",
		    { "line 3, column 5", "overrides[0].tier",
		        "expected a tier: read, write, secret or admin" } },
		{ "p.yaml",
		    "overrides:\n  - match: {kind: x}\n    risk: severe\n",
		    { "overrides[0].risk", "expected a risk", NULL } },
		{ "p.yaml", "overrides:\n  - match: {kind: x}\n",
		    { "overrides[0]", "give 'tier', 'risk' or both", NULL } },
		{ "p.yaml", "overrides:\n  - tier: read\n",
		    { "overrides[0]", "'match' is required", NULL } },
		{ "p.yaml", "overrides:\n  - {match: {}, tier: read}\n",
		    { "overrides[0].match", "at least one of kind", NULL } },
		{ "p.yaml", "fail_on: everything\n",
		    { "line 1, column 1", "fail_on", "expected a tier" } },
		/* weights */
		{ "p.yaml", "exposure_weights: {misplaced: 4}\n",
		    { "exposure_weights.misplaced", "from 0 to 3", NULL } },
		{ "p.yaml", "exposure_weights: {misplaced: -1}\n",
		    { "exposure_weights.misplaced", NULL } },
		{ "p.yaml", "exposure_weights: {misplaced: \"1\"}\n",
		    { "exposure_weights.misplaced", NULL } },
		{ "p.yaml", "exposure_weights: {misplaced: 1.5}\n",
		    { "exposure_weights.misplaced", NULL } },
		{ "p.yaml", "exposure_weights: [1]\n",
		    { "exposure_weights", "expected a mapping", NULL } },
		/* shapes */
		{ "p.yaml", "ignore: {kind: x}\n",
		    { "ignore", "expected a list", NULL } },
		{ "p.yaml", "ignore:\n  - fingerprint: ABC\n    reason: r\n",
		    { "ignore[0].fingerprint", "32 lowercase hexadecimal",
		        NULL } },
		{ "p.yaml", "version: 0\n", { "version", "expected 1", NULL } },
		{ "p.yaml", "[]\n", { "expected a mapping", NULL } },
		{ "p.yaml", "a: &x 1\nb: *x\n",
		    { "aliases are not supported", NULL } },
	};

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(bad); i++) {
		const char *msg = parse_bad(bad[i].name, bad[i].text);
		for (size_t j = 0; j < 3 && bad[i].want[j]; j++)
			assert_has(msg, bad[i].want[j]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_fail_on),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_ignores),
		cmocka_unit_test(test_rule_aliases),
		cmocka_unit_test(test_expiry_edges),
		cmocka_unit_test(test_bad_policies),
	};
	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
