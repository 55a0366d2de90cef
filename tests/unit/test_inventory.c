/* test_inventory.c - one credential per fingerprint, structured findings
 * outrank content rules, locations dedupe, rating and ordering. */
#include "tests/unit/unit.h"
#include "report/model/inventory.h"
#include "report/model/risk.h"

static struct ca_sighting
sighting(const char *id, const char *kind, const char *path, unsigned line,
    bool structured)
{
	struct ca_sighting s;

	memset(&s, 0, sizeof(s));
	snprintf(s.id, sizeof(s.id), "%s", id);
	s.rule = structured ? "gh.hosts-token" : "github.pat-classic";
	s.kind = kind;
	s.redacted = "ghp_Ab12\xe2\x80\xa6";
	s.path = path;
	s.line = line;
	s.mode = 0600;
	s.uid = 1000;
	s.standing = -1;
	s.tier = -1;
	s.structured = structured;
	return s;
}

static const char *
names(void *arg, int64_t uid)
{
	(void)arg;
	return uid == 1000 ? "alice" : NULL;
}

static const char id_a[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char id_b[] = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

static void
test_merge(void **state)
{
	struct ca_inventory *inv = ca_inventory_new();
	struct ca_sighting s;
	const struct ca_credential *c;

	(void)state;
	s = sighting(id_a, "github-env-token", "/home/a/.bashrc", 3, false);
	ca_inventory_add(inv, &s);
	s = sighting(id_a, "github-oauth-token", "/home/a/.config/gh/hosts.yml",
	    4, true);
	s.identity = "octocat@github.com";
	s.detail = "gh CLI token";
	ca_inventory_add(inv, &s);
	/* the same place again is not a new location */
	ca_inventory_add(inv, &s);
	s = sighting(id_a, "github-env-token", "/home/a/.env", 1, false);
	ca_inventory_add(inv, &s);
	s = sighting(id_b, "generic-password", "/home/a/x", 1, false);
	s.mode = 0644;
	ca_inventory_add(inv, &s);
	ca_inventory_finish(inv, names, NULL);

	assert_int_equal(inv->ncreds, 2);
	c = ca_inventory_get(inv, id_a);
	assert_non_null(c);
	assert_string_equal(c->kind, "github-oauth-token");
	assert_string_equal(c->rule, "gh.hosts-token");
	assert_string_equal(c->surface, "github");
	assert_string_equal(c->identity, "octocat@github.com");
	assert_int_equal(c->nlocations, 3);
	/* locations sorted by path */
	assert_string_equal(c->locations[0].path, "/home/a/.bashrc");
	assert_string_equal(c->locations[1].path,
	    "/home/a/.config/gh/hosts.yml");
	assert_string_equal(c->owner.user, "alice");
	/* the identity inside the credential outranks the file's owner */
	assert_string_equal(c->owner.source, "identity");
	assert_string_equal(c->tier_evidence, "assumed");
	assert_true(c->standing);

	c = ca_inventory_get(inv, id_b);
	assert_non_null(c);
	bool world = false;
	for (size_t i = 0; i < c->nreasons; i++)
		if (!strcmp(c->reasons[i], "file is world-readable"))
			world = true;
	assert_true(world);
	ca_inventory_free(inv);
}

/* A delegation holds no secret: a world-readable file of one exposes no
 * credential, so its mode gives no reason and no higher risk. */
static void
test_secretless_mode(void **state)
{
	struct ca_inventory *inv = ca_inventory_new();
	struct ca_sighting s;
	const struct ca_credential *c;

	(void)state;
	s = sighting(id_a, "kube-exec", "/home/a/.kube/config", 7, true);
	s.rule = "kube.exec";
	s.mode = 0666;
	ca_inventory_add(inv, &s);
	s = sighting(id_b, "generic-password", "/home/a/.kube/config", 9,
	    false);
	s.mode = 0666;
	ca_inventory_add(inv, &s);
	ca_inventory_finish(inv, names, NULL);

	c = ca_inventory_get(inv, id_a);
	assert_non_null(c);
	for (size_t i = 0; i < c->nreasons; i++) {
		assert_null(strstr(c->reasons[i], "world-readable"));
		assert_null(strstr(c->reasons[i], "group-readable"));
	}
	assert_int_equal(c->risk, ca_kind_find("kube-exec")->risk);
	/* the same mode on a file holding a secret is an exposure */
	c = ca_inventory_get(inv, id_b);
	bool world = false;
	for (size_t i = 0; i < c->nreasons; i++)
		if (!strcmp(c->reasons[i], "file is world-readable"))
			world = true;
	assert_true(world);
	ca_inventory_free(inv);
}

static void
test_rating_and_order(void **state)
{
	struct ca_inventory *inv = ca_inventory_new();
	struct ca_sighting s;
	const struct ca_credential *c;

	(void)state;
	s = sighting(id_a, "jwt", "/a", 1, false);
	s.expires = "2001-01-01T00:00:00Z";
	s.uid = 4242;
	ca_inventory_add(inv, &s);
	s = sighting(id_b, "github-pat-classic", "/b", 1, false);
	s.tier = CA_TIER_WRITE; /* e.g. scopes known not to include admin */
	ca_inventory_add(inv, &s);
	ca_inventory_add_error(inv, "/z", "cannot open: Permission denied");
	ca_inventory_add_error(inv, "/y", "cannot open: Permission denied");
	ca_inventory_finish(inv, names, NULL);

	/* most severe first: the classic PAT, then the expired JWT */
	assert_string_equal(inv->creds[0]->id, id_b);
	assert_int_equal(inv->creds[0]->tier, CA_TIER_WRITE);
	assert_int_equal(inv->creds[0]->risk, CA_RISK_MEDIUM);
	c = ca_inventory_get(inv, id_a);
	assert_int_equal(c->risk, CA_RISK_LOW);
	assert_false(c->standing);
	assert_null(c->owner.user);
	assert_string_equal(c->owner.source, "file-uid");
	assert_int_equal(inv->nerrors, 2);
	assert_string_equal(inv->errors[0].path, "/y");
	assert_int_equal(inv->meta.stats.errors, 2);
	ca_inventory_free(inv);
}

/* Every cell of the matrix, against the rules written in risk.h. */
static void
test_risk_matrix(void **state)
{
	(void)state;
	for (int t = 0; t < CA_TIER_COUNT; t++) {
		for (unsigned e = 0; e <= 3; e++) {
			for (int l = 0; l < CA_LIFE_COUNT; l++) {
				int base = t == CA_TIER_READ ? 0 :
				    t == CA_TIER_WRITE       ? 1 :
				                               2;
				int want = base + (int)e;
				if (l == CA_LIFE_SHORT)
					want--;
				if (want < 0)
					want = 0;
				if (want > 3)
					want = 3;
				if (l == CA_LIFE_EXPIRED)
					want = CA_RISK_LOW;
				assert_int_equal(ca_risk_rate((enum ca_tier)t,
				                     e, (enum ca_lifetime)l),
				    want);
			}
		}
	}
	/* the two rules the issue names */
	assert_int_equal(ca_risk_rate(CA_TIER_ADMIN, 1, CA_LIFE_STANDING),
	    CA_RISK_CRITICAL);
	assert_int_equal(ca_risk_rate(CA_TIER_ADMIN, 3, CA_LIFE_EXPIRED),
	    CA_RISK_LOW);
	assert_int_equal(ca_lifetime_of(true, 0, 100), CA_LIFE_STANDING);
	assert_int_equal(ca_lifetime_of(false, 50, 100), CA_LIFE_EXPIRED);
	assert_int_equal(ca_lifetime_of(false, 100 + 3600, 100), CA_LIFE_SHORT);
	assert_int_equal(ca_lifetime_of(false, 100 + 86400 * 2, 100),
	    CA_LIFE_MEDIUM);
	assert_int_equal(ca_lifetime_of(false, 100 + 86400 * 60, 100),
	    CA_LIFE_LONG);
}

static void
test_links(void **state)
{
	struct ca_inventory *inv = ca_inventory_new();
	struct ca_sighting s;
	const struct ca_credential *c;

	(void)state;
	s = sighting(id_a, "aws-access-key", "/home/a/.aws/credentials", 2,
	    true);
	s.anchor = "aws-profile:/home/a:prod";
	ca_inventory_add(inv, &s);
	s = sighting(id_b, "git-credential-helper", "/home/a/.kube/config", 9,
	    true);
	s.redacted = NULL;
	s.link = "aws-profile:/home/a:prod";
	ca_inventory_add(inv, &s);
	s.link = "aws-profile:/home/a:missing";
	ca_inventory_add(inv, &s);
	ca_inventory_finish(inv, names, NULL);

	c = ca_inventory_get(inv, id_b);
	assert_int_equal(c->nlinks, 2);
	assert_string_equal(c->links[0].ref, "aws-profile:/home/a:prod");
	assert_int_equal(c->links[0].nto, 1);
	assert_string_equal(c->links[0].to[0], id_a);
	assert_int_equal(c->links[1].nto, 0);
	assert_null(c->redacted);
	c = ca_inventory_get(inv, id_a);
	assert_int_equal(c->nanchors, 1);
	assert_int_equal(c->nlinks, 0);
	ca_inventory_free(inv);
}

static void
test_kinds_sorted(void **state)
{
	size_t n;
	const struct ca_kind *k = ca_kinds(&n);

	(void)state;
	assert_true(n > 10);
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(k[i - 1].name, k[i].name) < 0);
	for (size_t i = 0; i < n; i++) {
		assert_ptr_equal(ca_kind_find(k[i].name), &k[i]);
		assert_non_null(k[i].surface);
		assert_non_null(k[i].label);
	}
	assert_null(ca_kind_find("no-such-kind"));
	assert_int_equal(ca_tier_parse("admin"), CA_TIER_ADMIN);
	assert_int_equal(ca_risk_parse("critical"), CA_RISK_CRITICAL);
	assert_int_equal(ca_tier_parse("bogus"), -1);
	assert_string_equal(ca_tier_name(CA_TIER_SECRET), "secret");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_secretless_mode),
		cmocka_unit_test(test_rating_and_order),
		cmocka_unit_test(test_risk_matrix),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_kinds_sorted),
	};
	return cmocka_run_group_tests_name("inventory", tests, NULL, NULL);
}
