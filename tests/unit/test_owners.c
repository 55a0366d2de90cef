/* test_owners.c - the owners map: YAML and JSON read alike, the first
 * matching rule wins, every matcher (path, user, identity, kind, lists
 * of patterns, all keys together); the fallbacks to the identity inside
 * the credential, the file's Unix owner and "unowned"; misplaced files;
 * and bad maps, whose errors name the line, column and key. */
#include "tests/unit/cfg_unit.h"
#include "report/model/owners.h"
#include "report/model/risk.h"

static struct ca_owners *
parse_ok(const char *name, const char *text)
{
	struct ca_owners *o = NULL;

	cap_begin();
	if (ca_owners_parse(name, text, strlen(text), &o) < 0)
		fail_msg("'%s' did not parse: %s", name, cap_end());
	cap_end();
	assert_non_null(o);
	return o;
}

/* Parses 'text' expecting failure; returns the message. */
static const char *
parse_bad(const char *name, const char *text)
{
	struct ca_owners *o = (struct ca_owners *)1;
	const char *msg;
	int rc;

	cap_begin();
	rc = ca_owners_parse(name, text, strlen(text), &o);
	msg = cap_end();
	if (rc != -1)
		fail_msg("'%s' parsed but should not have", text);
	assert_null(o);
	assert_has(msg, "cannot load owners map '");
	return msg;
}

/* The shipped example parses and means what its comments say. */
static void
test_example(void **state)
{
	struct ca_owners *o = NULL;

	(void)state;
	cap_begin();
	if (ca_owners_load("examples/owners.yaml", &o) < 0)
		fail_msg("examples/owners.yaml: %s", cap_end());
	cap_end();
	assert_int_equal(ca_owners_count(o), 5);
	ca_owners_free(o);
}

/* clang-format off */
static const char map_yaml[] =
	"version: 1\n"
	"rules:\n"
	"  - match: {path: \"/srv/ci/**\"}\n"
	"    team: ci\n"
	"    contact: \"#ci\"\n"
	"  - match: {identity: \"*(account 111122223333)*\"}\n"
	"    team: cloud\n"
	"  - match:\n"
	"      identity: \"*@CORP.example\"\n"
	"      kind: \"github-*\"\n"
	"    team: devprod\n"
	"    contact: devprod@corp.example\n"
	"  - match: {kind: [npm-token, pypi-token]}\n"
	"    team: packages\n"
	"  - match: {user: bob}\n"
	"    team: bobs\n"
	"  - match: {path: \"home/*/work/**\"}\n"
	"    team: work\n"
	"  - match: {identity: \"*@corp.example\"}\n"
	"    team: corp-any\n";
/* clang-format on */

/* The same map as JSON, to show both read into the same rules. */
/* clang-format off */
static const char map_json[] =
	"{\"version\": 1, \"rules\": [\n"
	" {\"match\": {\"path\": \"/srv/ci/**\"}, \"team\": \"ci\",\n"
	"  \"contact\": \"#ci\"},\n"
	" {\"match\": {\"identity\": \"*(account 111122223333)*\"},\n"
	"  \"team\": \"cloud\"},\n"
	" {\"match\": {\"identity\": \"*@CORP.example\", \"kind\": \"github-*\"},\n"
	"  \"team\": \"devprod\", \"contact\": \"devprod@corp.example\"},\n"
	" {\"match\": {\"kind\": [\"npm-token\", \"pypi-token\"]},\n"
	"  \"team\": \"packages\"},\n"
	" {\"match\": {\"user\": \"bob\"}, \"team\": \"bobs\"},\n"
	" {\"match\": {\"path\": \"home/*/work/**\"}, \"team\": \"work\"},\n"
	" {\"match\": {\"identity\": \"*@corp.example\"}, \"team\": \"corp-any\"}\n"
	"]}\n";
/* clang-format on */

struct want {
	char id;
	const char *source, *team, *contact;
};

static void
check_owners(const char *name, const char *text)
{
	static const struct want wants[] = {
		{ '1', "owners-map", "ci", "#ci" },
		{ '2', "owners-map", "cloud", NULL },
		{ '3', "owners-map", "devprod", "devprod@corp.example" },
		{ '4', "owners-map", "corp-any", NULL }, /* kind differs */
		{ '5', "owners-map", "packages", NULL },
		{ '6', "owners-map", "bobs", NULL },
		{ '7', "owners-map", "work", NULL },
		{ '8', "identity", NULL, NULL },
		{ '9', "file-uid", NULL, NULL }, { 'a', "unowned", NULL, NULL },
		{ 'b', "owners-map", "ci", "#ci" }, /* first rule wins */
		{ 'c', "file-uid", NULL, NULL },    /* a helper's identity */
	};
	struct ca_owners *o = parse_ok(name, text);
	struct ca_inventory *inv = ca_inventory_new();
	struct ca_sighting s;

	assert_int_equal(ca_owners_count(o), 7);
	s = cfg_sight('1', "aws-access-key", "/srv/ci/deploy/.aws/credentials",
	    0);
	ca_inventory_add(inv, &s);
	s = cfg_sight('2', "aws-access-key", "/home/alice/.aws/credentials",
	    1000);
	s.identity = "AKIAEXAMPLE (account 111122223333)";
	ca_inventory_add(inv, &s);
	s = cfg_sight('3', "github-oauth-token",
	    "/home/alice/.config/gh/hosts.yml", 1000);
	s.identity = "alice@corp.EXAMPLE"; /* identity ignores case */
	ca_inventory_add(inv, &s);
	s = cfg_sight('4', "gitlab-pat", "/home/alice/.env", 1000);
	s.identity = "alice@corp.example";
	ca_inventory_add(inv, &s);
	s = cfg_sight('5', "pypi-token", "/home/alice/.pypirc", 1000);
	ca_inventory_add(inv, &s);
	/* user: any location owned by bob */
	s = cfg_sight('6', "generic-secret", "/home/alice/x", 1000);
	ca_inventory_add(inv, &s);
	s = cfg_sight('6', "generic-secret", "/home/bob/y", 1001);
	ca_inventory_add(inv, &s);
	s = cfg_sight('7', "generic-secret", "/home/alice/work/p/.env", 1000);
	ca_inventory_add(inv, &s);
	s = cfg_sight('8', "github-oauth-token", "/home/alice/.netrc", 1000);
	s.identity = "alice@github.com";
	ca_inventory_add(inv, &s);
	s = cfg_sight('9', "generic-secret", "/home/alice/z", 1000);
	ca_inventory_add(inv, &s);
	s = cfg_sight('a', "generic-secret", "/home/alice/nobody", -1);
	ca_inventory_add(inv, &s);
	/* matches rule 0 (path) and rule 4 (user bob): the first wins */
	s = cfg_sight('b', "generic-secret", "/srv/ci/x", 1001);
	ca_inventory_add(inv, &s);
	s = cfg_sight('c', "git-credential-helper", "/home/alice/.gitconfig",
	    1000);
	s.identity = "osxkeychain";
	s.redacted = NULL;
	ca_inventory_add(inv, &s);

	ca_inventory_set_policy(inv, o, NULL);
	ca_inventory_finish(inv, cfg_uid_name, NULL);
	ca_owners_free(o); /* finish is done with it */
	for (size_t i = 0; i < CA_ARRAY_SIZE(wants); i++) {
		const struct ca_credential *c = ca_inventory_get(inv,
		    cfg_id(wants[i].id));
		char what[64];
		assert_non_null(c);
		snprintf(what, sizeof(what), "%s: credential %c", name,
		    wants[i].id);
		if (strcmp(c->owner.source, wants[i].source))
			fail_msg("%s: source %s, want %s", what,
			    c->owner.source, wants[i].source);
		if (!wants[i].team)
			assert_null(c->owner.team);
		else if (!c->owner.team || strcmp(c->owner.team, wants[i].team))
			fail_msg("%s: team %s, want %s", what,
			    c->owner.team ? c->owner.team : "(null)",
			    wants[i].team);
		if (!wants[i].contact)
			assert_null(c->owner.contact);
		else
			assert_string_equal(c->owner.contact, wants[i].contact);
		/* the unowned one says so; no one else does */
		assert_int_equal(
		    cfg_has_reason(c, "no owner could be determined"),
		    wants[i].id == 'a');
	}
	/* the file's owner is kept whatever decided */
	assert_string_equal(ca_inventory_get(inv, cfg_id('3'))->owner.user,
	    "alice");
	assert_int_equal(ca_inventory_get(inv, cfg_id('3'))->owner.uid, 1000);
	assert_string_equal(ca_inventory_get(inv, cfg_id('9'))->owner.user,
	    "alice");
	assert_int_equal(ca_inventory_get(inv, cfg_id('a'))->owner.uid, -1);
	ca_inventory_free(inv);
}

static void
test_matchers_yaml(void **state)
{
	(void)state;
	check_owners("owners.yaml", map_yaml);
}

static void
test_matchers_json(void **state)
{
	(void)state;
	check_owners("owners.json", map_json);
	/* no extension: a leading '{' is JSON, anything else YAML */
	check_owners("owners", map_json);
	check_owners("owners.conf", map_yaml);
}

/* No map at all: identity, then the file's owner, then nobody. */
static void
test_fallbacks_without_map(void **state)
{
	struct ca_inventory *inv = ca_inventory_new();
	const struct ca_credential *c;
	struct ca_sighting s;

	(void)state;
	s = cfg_sight('1', "gcp-service-account-key", "/home/alice/key.json",
	    1000);
	s.identity = "deployer@proj.iam.gserviceaccount.com (project proj)";
	ca_inventory_add(inv, &s);
	s = cfg_sight('2', "generic-secret", "/home/alice/x", 4242);
	ca_inventory_add(inv, &s);
	/* the first location with a known uid names the owner */
	s = cfg_sight('3', "generic-secret", "/a/unknown", -1);
	ca_inventory_add(inv, &s);
	s = cfg_sight('3', "generic-secret", "/b/known", 1001);
	ca_inventory_add(inv, &s);
	ca_inventory_finish(inv, cfg_uid_name, NULL);

	c = ca_inventory_get(inv, cfg_id('1'));
	assert_string_equal(c->owner.source, "identity");
	assert_string_equal(c->owner.user, "alice");
	c = ca_inventory_get(inv, cfg_id('2'));
	assert_string_equal(c->owner.source, "file-uid");
	assert_null(c->owner.user); /* passwd has no name for 4242 */
	assert_int_equal(c->owner.uid, 4242);
	c = ca_inventory_get(inv, cfg_id('3'));
	assert_string_equal(c->owner.source, "file-uid");
	assert_string_equal(c->owner.user, "bob");
	ca_inventory_free(inv);
}

/* Misplaced: in another user's home, or in a shared directory; never for
 * a delegation; only when the home's user is known. */
static void
test_misplaced(void **state)
{
	struct ca_inventory *inv = ca_inventory_new();
	const struct ca_credential *c;
	struct ca_sighting s;

	(void)state;
	/* alice's key in bob's home */
	s = cfg_sight('1', "aws-access-key", "/home/bob/.aws/credentials",
	    1000);
	s.home = "/home/bob";
	ca_inventory_add(inv, &s);
	/* alice's key in her own home */
	s = cfg_sight('2', "aws-access-key", "/home/alice/.aws/credentials",
	    1000);
	s.home = "/home/alice";
	ca_inventory_add(inv, &s);
	/* in /tmp and /opt, one credential in two places */
	s = cfg_sight('3', "npm-token", "/tmp/build/.npmrc", 1000);
	ca_inventory_add(inv, &s);
	s = cfg_sight('3', "npm-token", "/home/alice/.npmrc", 1000);
	s.home = "/home/alice";
	ca_inventory_add(inv, &s);
	/* a system-wide credential helper: a delegation, never misplaced */
	s = cfg_sight('4', "git-credential-helper", "/etc/gitconfig", 0);
	s.redacted = NULL;
	ca_inventory_add(inv, &s);
	/* a home nobody in passwd has */
	s = cfg_sight('5', "npm-token", "/home/ghost/.npmrc", 1000);
	s.home = "/home/ghost";
	ca_inventory_add(inv, &s);
	/* root's file in alice's home */
	s = cfg_sight('6', "pypi-token", "/home/alice/.pypirc", 0);
	s.home = "/home/alice";
	ca_inventory_add(inv, &s);
	/* "/etcetera" is not /etc */
	s = cfg_sight('7', "pypi-token", "/etcetera/x", 0);
	ca_inventory_add(inv, &s);
	ca_inventory_set_home_uid(inv, cfg_home_uid);
	ca_inventory_finish(inv, cfg_uid_name, NULL);

	c = ca_inventory_get(inv, cfg_id('1'));
	assert_true(c->misplaced);
	assert_true(c->locations[0].misplaced);
	assert_true(cfg_has_reason(c,
	    "misplaced: owned by alice, in the home "
	    "of bob (/home/bob)"));
	/* admin, standing, one exposure: critical; without it, high */
	assert_int_equal(c->risk, CA_RISK_CRITICAL);
	c = ca_inventory_get(inv, cfg_id('2'));
	assert_false(c->misplaced);
	assert_false(cfg_has_reason(c, "misplaced"));
	assert_int_equal(c->risk, CA_RISK_HIGH);

	c = ca_inventory_get(inv, cfg_id('3'));
	assert_true(c->misplaced);
	assert_int_equal(c->nlocations, 2);
	/* sorted by path: /home/alice/.npmrc, then /tmp/build/.npmrc */
	assert_false(c->locations[0].misplaced);
	assert_true(c->locations[1].misplaced);
	assert_true(cfg_has_reason(c,
	    "misplaced: in the shared directory "
	    "/tmp/"));
	assert_true(cfg_has_reason(c, "misplaced (see above)"));

	c = ca_inventory_get(inv, cfg_id('4'));
	assert_false(c->misplaced);
	c = ca_inventory_get(inv, cfg_id('5'));
	assert_false(c->misplaced);
	c = ca_inventory_get(inv, cfg_id('6'));
	assert_true(c->misplaced);
	assert_true(cfg_has_reason(c, "owned by root, in the home of alice"));
	c = ca_inventory_get(inv, cfg_id('7'));
	assert_false(c->misplaced);
	ca_inventory_free(inv);
}

/* Without the callback, only shared directories count. */
static void
test_misplaced_without_passwd(void **state)
{
	struct ca_inventory *inv = ca_inventory_new();
	struct ca_sighting s;

	(void)state;
	s = cfg_sight('1', "aws-access-key", "/home/bob/.aws/credentials",
	    1000);
	s.home = "/home/bob";
	ca_inventory_add(inv, &s);
	s = cfg_sight('2', "aws-access-key", "/srv/app/.aws/credentials", 1000);
	ca_inventory_add(inv, &s);
	ca_inventory_finish(inv, NULL, NULL);
	assert_false(ca_inventory_get(inv, cfg_id('1'))->misplaced);
	assert_true(ca_inventory_get(inv, cfg_id('2'))->misplaced);
	assert_true(cfg_has_reason(ca_inventory_get(inv, cfg_id('2')),
	                "owned by") == false);
	ca_inventory_free(inv);
}

struct bad {
	const char *name, *text, *want[3];
};

static void
test_bad_maps(void **state)
{
	static const struct bad bad[] = {
		{ "o.yaml", "rules:\n  - match: {path: x\n",
		    { "line 3, column 1", NULL } },
		{ "o.yaml", "rules: [\n", { "line 2", NULL } },
		{ "o.json",
		    "{\"rules\": [\n {\"match\": {\"kind\": \"x\"}},\n]}",
		    { "line 3, column 1", NULL } },
		{ "o.json", "{\"rules\": [], \"rules\": []}",
		    { "duplicate", NULL } },
		{ "o.yaml",
		    "rules:\n - match: {kind: x}\n   team: a\n   colour: red\n",
		    { "line 4, column 4", "rules[0].colour",
		        "unknown key 'colour'" } },
		{ "o.yaml",
		    "rules:\n - match: {kind: x, team: a}\n   team: t\n",
		    { "line 2, column 21", "rules[0].match.team",
		        "unknown key 'team'" } },
		{ "o.json",
		    "{\n \"rules\": [\n  {\"match\": {\"kind\": \"x\"},\n"
		    "   \"team\": \"t\", \"owner\": \"me\"}\n ]\n}\n",
		    { "line 4, column 17", "rules[0].owner",
		        "unknown key 'owner'" } },
		{ "o.yaml",
		    "rules:\n - match: {kind: x}\n - match: {kind: y}\n",
		    { "rules[0]", "'team' is required", NULL } },
		{ "o.yaml", "rules:\n - team: t\n",
		    { "line 2, column 4", "rules[0]", "'match' is required" } },
		{ "o.yaml", "rules:\n - team: t\n   match: {}\n",
		    { "rules[0].match", "at least one of path", NULL } },
		{ "o.yaml", "rules:\n - team: 5\n   match: {kind: x}\n",
		    { "rules[0].team", "expected a non-empty string", NULL } },
		{ "o.yaml", "rules:\n - team: t\n   match: {kind: []}\n",
		    { "rules[0].match.kind", "non-empty list", NULL } },
		{ "o.yaml", "rules:\n - team: t\n   match: {kind: [x, 3]}\n",
		    { "rules[0].match.kind[1]", "non-empty string", NULL } },
		{ "o.yaml",
		    "rules:\n - team: t\n   match: {path: "
		    "\"**/a/**/b/**/x\"}\n",
		    { "rules[0].match.path", "at most two '**' before its end",
		        NULL } },
		{ "o.yaml", "version: 2\nrules: []\n",
		    { "line 1, column 1", "version", "expected 1" } },
		{ "o.yaml", "rules: {}\n",
		    { "rules", "expected a list", NULL } },
		{ "o.yaml", "- a\n- b\n", { "expected a mapping", NULL } },
		{ "o.yaml", "", { "expected a mapping", NULL } },
		{ "o.yaml", "version: 1\n", { "'rules' is required", NULL } },
		{ "o.yaml", "rules: &r []\nother: *r\n",
		    { "line 2, column 8", "aliases are not supported", NULL } },
		{ "o.yaml", "rules: []\nrules: []\n",
		    { "line 2, column 1", "duplicate key 'rules'", NULL } },
		{ "o.yaml", "rules: []\n---\nrules: []\n",
		    { "only one YAML document", NULL } },
		{ "o.yaml", "rules:\n - ? [a]\n   : b\n",
		    { "a key must be a string", NULL } },
		{ "o.yaml", "\xff\xfe rules: []\n", { "line 1", NULL } },
		{ "o.yaml",
		    "rules:\n - team: \"t\\u0000x\"\n   match: {kind: x}\n",
		    { "rules[0].team", NULL } },
	};

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(bad); i++) {
		const char *msg = parse_bad(bad[i].name, bad[i].text);
		for (size_t j = 0; j < 3 && bad[i].want[j]; j++)
			assert_has(msg, bad[i].want[j]);
		/* one line, lowercase after the prefix, no period */
		{
			size_t lines = 0, len = strlen(msg);
			for (size_t k = 0; k < len; k++)
				lines += msg[k] == '\n';
			assert_int_equal(lines, 1);
			assert_true(len >= 2 && msg[len - 2] != '.');
		}
	}
}

/* Deep nesting and large files are refused, not recursed into. */
static void
test_limits(void **state)
{
	struct ca_owners *o = NULL;
	size_t n = 200, pre = sizeof("rules: ") - 1;
	char *deep = calloc(1, pre + 2 * n + 1);
	const char *msg;

	(void)state;
	memcpy(deep, "rules: ", pre);
	memset(deep + pre, '[', n);
	memset(deep + pre + n, ']', n);
	msg = parse_bad("deep.yaml", deep);
	assert_has(msg, "nested too deeply");
	free(deep);

	cap_begin();
	assert_int_equal(ca_owners_load("/nonexistent/owners.yaml", &o), -1);
	assert_has(cap_end(),
	    "cannot read owners map "
	    "'/nonexistent/owners.yaml': No such file or directory");
	assert_null(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_matchers_yaml),
		cmocka_unit_test(test_matchers_json),
		cmocka_unit_test(test_fallbacks_without_map),
		cmocka_unit_test(test_misplaced),
		cmocka_unit_test(test_misplaced_without_passwd),
		cmocka_unit_test(test_bad_maps),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests_name("owners", tests, NULL, NULL);
}
