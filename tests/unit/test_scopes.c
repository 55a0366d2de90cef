/* test_scopes.c - the scope tables of every family (GitHub classic and
 * fine-grained, GitLab, Google OAuth, npm, Kubernetes), the highest scope
 * deciding, unknown scopes keeping the kind's default as a floor, tiers a
 * file states, tiers flowing along links, and the manual listing every
 * row of every table. */
#include "tests/unit/unit.h"
#include "report/model/inventory.h"
#include "report/model/scopes.h"

struct row {
	const char *kind, *scope;
	int tier;
};

static void
test_tables(void **state)
{
	static const struct row rows[] = {
		/* GitHub classic */
		{ "github-pat-classic", "repo", CA_TIER_WRITE },
		{ "github-pat-classic", "public_repo", CA_TIER_WRITE },
		{ "github-pat-classic", "workflow", CA_TIER_WRITE },
		{ "github-pat-classic", "write:packages", CA_TIER_WRITE },
		{ "github-pat-classic", "read:org", CA_TIER_READ },
		{ "github-pat-classic", "read:packages", CA_TIER_READ },
		{ "github-pat-classic", "user:email", CA_TIER_READ },
		{ "github-pat-classic", "admin:org", CA_TIER_ADMIN },
		{ "github-pat-classic", "admin:enterprise", CA_TIER_ADMIN },
		{ "github-pat-classic", "admin:repo_hook", CA_TIER_ADMIN },
		{ "github-pat-classic", "delete_repo", CA_TIER_ADMIN },
		{ "github-pat-classic", "site_admin", CA_TIER_ADMIN },
		{ "github-oauth-token", "gist", CA_TIER_WRITE },
		{ "github-oauth-token", "REPO",
		    CA_TIER_WRITE }, /* lowercased */
		/* GitHub fine-grained */
		{ "github-pat-fine-grained", "administration:write",
		    CA_TIER_ADMIN },
		{ "github-pat-fine-grained", "contents:write", CA_TIER_WRITE },
		{ "github-pat-fine-grained", "contents=write", CA_TIER_WRITE },
		{ "github-pat-fine-grained", "contents: read", CA_TIER_READ },
		{ "github-pat-fine-grained", "metadata:read", CA_TIER_READ },
		{ "github-pat-fine-grained", "secrets:read", CA_TIER_SECRET },
		{ "github-app-installation-token", "dependabot_secrets:write",
		    CA_TIER_SECRET },
		{ "github-app-installation-token", "workflows:write",
		    CA_TIER_WRITE },
		/* GitLab */
		{ "gitlab-pat", "api", CA_TIER_ADMIN },
		{ "gitlab-pat", "sudo", CA_TIER_ADMIN },
		{ "gitlab-pat", "admin_mode", CA_TIER_ADMIN },
		{ "gitlab-pat", "write_repository", CA_TIER_WRITE },
		{ "gitlab-token", "write_registry", CA_TIER_WRITE },
		{ "gitlab-pat", "read_api", CA_TIER_READ },
		{ "gitlab-pat", "read_repository", CA_TIER_READ },
		/* Google OAuth, with and without the prefix */
		{ "gcp-user-refresh-token",
		    "https://www.googleapis.com/auth/cloud-platform",
		    CA_TIER_ADMIN },
		{ "gcp-access-token", "cloud-platform", CA_TIER_ADMIN },
		{ "gcp-access-token",
		    "https://www.googleapis.com/auth/cloud-platform.read-only",
		    CA_TIER_READ },
		{ "gcp-access-token",
		    "https://www.googleapis.com/auth/devstorage.read_only",
		    CA_TIER_READ },
		{ "gcp-access-token", "bigquery.readonly", CA_TIER_READ },
		{ "gcp-access-token",
		    "https://www.googleapis.com/auth/userinfo.email",
		    CA_TIER_READ },
		{ "gcp-access-token", "openid", CA_TIER_READ },
		{ "gcp-access-token", "appengine.admin", CA_TIER_ADMIN },
		{ "gcp-access-token", "devstorage.read_write", CA_TIER_WRITE },
		{ "gcp-access-token", "cloudkms", CA_TIER_SECRET },
		/* npm token types */
		{ "npm-token", "read-only", CA_TIER_READ },
		{ "npm-token", "publish", CA_TIER_WRITE },
		{ "npm-token", "automation", CA_TIER_WRITE },
		/* Kubernetes */
		{ "kube-client-key", "system:masters", CA_TIER_ADMIN },
		{ "kube-token", "cluster-admin", CA_TIER_ADMIN },
		{ "kube-token", "view", CA_TIER_READ },
		/* nothing known */
		{ "github-pat-classic", "frobnicate", -1 },
		{ "gitlab-pat", "repo", -1 }, /* GitHub's, not GitLab's */
		{ "npm-token", "admin:org", -1 },
		{ "openai-api-key", "repo", -1 }, /* no family */
		{ "github-pat-classic", "", -1 },
		{ NULL, "repo", -1 },
	};
	char msg[160];
	const char *table;

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(rows); i++) {
		int got = ca_scope_tier(rows[i].kind, rows[i].scope, &table);
		if (got != rows[i].tier) {
			snprintf(msg, sizeof(msg), "%s '%s': got %d, want %d",
			    rows[i].kind ? rows[i].kind : "(null)",
			    rows[i].scope, got, rows[i].tier);
			fail_msg("%s", msg);
		}
		if (got >= 0)
			assert_non_null(table);
		else
			assert_null(table);
	}
	assert_string_equal(ca_scope_family("github-app-user-token"), "github");
	assert_string_equal(ca_scope_family("gitlab-runner-token"), "gitlab");
	assert_string_equal(ca_scope_family("gcp-service-account-key"), "gcp");
	assert_string_equal(ca_scope_family("npm-token"), "npm");
	assert_string_equal(ca_scope_family("kube-exec"), "kube");
	assert_null(ca_scope_family("aws-access-key"));
	assert_null(ca_scope_family(NULL));
	/* a scope longer than any table row is simply unknown */
	{
		char big[600];
		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		assert_int_equal(ca_scope_tier("github-pat-classic", big, NULL),
		    -1);
	}
}

static void
test_rate(void **state)
{
	static const char *const mixed[] = { "admin:org", "read:user", "repo",
		"x-unknown", "y-unknown" };
	static const char *const none[] = { "x", "y" };
	struct ca_scope_verdict v;

	(void)state;
	ca_scopes_rate("github-pat-classic", mixed, CA_ARRAY_SIZE(mixed), &v);
	assert_int_equal(v.tier, CA_TIER_ADMIN);
	assert_string_equal(v.decider, "admin:org");
	assert_string_equal(v.table, "github-classic");
	assert_int_equal(v.nunmapped, 2);
	assert_string_equal(v.unmapped, "x-unknown");

	ca_scopes_rate("github-pat-classic", none, 2, &v);
	assert_int_equal(v.tier, -1);
	assert_null(v.decider);
	assert_int_equal(v.nunmapped, 2);

	ca_scopes_rate("github-pat-classic", NULL, 0, &v);
	assert_int_equal(v.tier, -1);
	assert_int_equal(v.nunmapped, 0);
}

/* ---- through the inventory ------------------------------------------- */

static struct ca_sighting
sight(const char *id, const char *kind, const char *const *scopes)
{
	struct ca_sighting s;

	memset(&s, 0, sizeof(s));
	snprintf(s.id, sizeof(s.id), "%s", id);
	s.rule = "test.rule";
	s.kind = kind;
	s.redacted = "x\xe2\x80\xa6";
	s.scopes = scopes;
	s.path = "/home/a/.config/x";
	s.line = 1;
	s.mode = 0600;
	s.uid = 1000;
	s.standing = -1;
	s.tier = -1;
	s.structured = true;
	return s;
}

static bool
has_reason(const struct ca_credential *c, const char *want)
{
	for (size_t i = 0; i < c->nreasons; i++)
		if (strstr(c->reasons[i], want))
			return true;
	return false;
}

#define ID(ch)                                                                 \
	ch ch ch ch ch ch ch ch ch ch ch ch ch ch ch ch ch ch ch ch ch ch ch   \
	    ch ch ch ch ch ch ch ch ch

static void
test_inventory_tiers(void **state)
{
	static const char *const reads[] = { "read:org", "read:user", NULL };
	static const char *const admin[] = { "repo", "admin:org", NULL };
	static const char *const unknown[] = { "read:org", "mystery", NULL };
	static const char *const gcp[] = {
		"https://www.googleapis.com/auth/cloud-platform.read-only",
		NULL,
	};
	static const char *const azure[] = { "https://management.azure.com/"
		                             ".default",
		NULL };
	struct ca_inventory *inv = ca_inventory_new();
	const struct ca_credential *c;
	struct ca_sighting s;

	(void)state;
	/* read-only scopes bring a classic PAT down from its admin default */
	s = sight(ID("1"), "github-pat-classic", reads);
	ca_inventory_add(inv, &s);
	s = sight(ID("2"), "github-pat-classic", admin);
	ca_inventory_add(inv, &s);
	/* a scope no table knows: the kind's default stays the floor */
	s = sight(ID("3"), "github-pat-classic", unknown);
	ca_inventory_add(inv, &s);
	s = sight(ID("4"), "gcp-user-refresh-token", gcp);
	ca_inventory_add(inv, &s);
	/* a family with no table: assumed, no scope complaint */
	s = sight(ID("5"), "azure-refresh-token", azure);
	ca_inventory_add(inv, &s);
	/* a kube client certificate in system:masters: the file says admin */
	s = sight(ID("6"), "kube-client-key", NULL);
	s.tier = CA_TIER_ADMIN;
	ca_inventory_add(inv, &s);
	/* no scopes at all */
	s = sight(ID("7"), "npm-token", NULL);
	ca_inventory_add(inv, &s);
	ca_inventory_finish(inv, NULL, NULL);

	c = ca_inventory_get(inv, ID("1"));
	assert_int_equal(c->tier, CA_TIER_READ);
	assert_string_equal(c->tier_evidence, "local");
	assert_true(has_reason(c,
	    "tier read from scope 'read:org' "
	    "(github-classic table)"));
	assert_false(has_reason(c, "tier assumed"));

	c = ca_inventory_get(inv, ID("2"));
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	assert_string_equal(c->tier_evidence, "local");
	assert_true(has_reason(c, "from scope 'admin:org'"));

	c = ca_inventory_get(inv, ID("3"));
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	assert_string_equal(c->tier_evidence, "assumed");
	assert_true(has_reason(c, "tier assumed from the kind's default"));
	assert_true(has_reason(c,
	    "scope 'mystery' is not in the scope "
	    "tables"));

	c = ca_inventory_get(inv, ID("4"));
	assert_int_equal(c->tier, CA_TIER_READ);
	assert_string_equal(c->tier_evidence, "local");
	assert_true(has_reason(c, "(gcp-oauth table)"));

	c = ca_inventory_get(inv, ID("5"));
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	assert_string_equal(c->tier_evidence, "assumed");
	assert_false(has_reason(c, "not in the scope tables"));

	c = ca_inventory_get(inv, ID("6"));
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	assert_string_equal(c->tier_evidence, "local");
	assert_true(has_reason(c, "tier admin read from the file"));

	c = ca_inventory_get(inv, ID("7"));
	assert_int_equal(c->tier, CA_TIER_WRITE);
	assert_string_equal(c->tier_evidence, "assumed");
	ca_inventory_free(inv);
}

/* A delegation takes the tier of what it reaches, even through a chain;
 * the evidence comes along. */
static void
test_links_raise(void **state)
{
	static const char *const admin[] = { "admin:org", NULL };
	struct ca_inventory *inv = ca_inventory_new();
	const struct ca_credential *c;
	struct ca_sighting s;

	(void)state;
	s = sight(ID("a"), "github-oauth-token", admin);
	s.anchor = "gh-host:/home/a:github.com";
	ca_inventory_add(inv, &s);
	/* a helper (write by default) that reaches the admin token */
	s = sight(ID("b"), "git-credential-helper", NULL);
	s.redacted = NULL;
	s.link = "gh-host:/home/a:github.com";
	s.anchor = "helper:/home/a";
	ca_inventory_add(inv, &s);
	/* a read-only JWT that reaches the helper: two hops */
	s = sight(ID("c"), "jwt", NULL);
	s.link = "helper:/home/a";
	ca_inventory_add(inv, &s);
	/* a link to nothing changes nothing */
	s = sight(ID("d"), "kube-exec", NULL);
	s.redacted = NULL;
	s.link = "aws-profile:/home/a:missing";
	ca_inventory_add(inv, &s);
	ca_inventory_finish(inv, NULL, NULL);

	c = ca_inventory_get(inv, ID("b"));
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	assert_string_equal(c->tier_evidence, "local");
	assert_true(has_reason(c,
	    "tier admin inherited through link "
	    "'gh-host:/home/a:github.com' (github-oauth-token)"));
	c = ca_inventory_get(inv, ID("c"));
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	assert_true(has_reason(c, "inherited through link 'helper:/home/a'"));
	c = ca_inventory_get(inv, ID("d"));
	assert_int_equal(c->tier, CA_TIER_ADMIN); /* its own default */
	assert_false(has_reason(c, "inherited"));
	ca_inventory_free(inv);
}

/* The manual's SCOPE TABLES lists every row of every table. */
static void
test_manual_lists_tables(void **state)
{
	size_t n, len;
	const struct ca_scope_table *t = ca_scope_tables(&n);
	FILE *f = fopen("man/credatlas.1", "r");
	char *page, line[512];

	(void)state;
	if (!f)
		fail_msg("run from the top of the tree: man/credatlas.1 not "
		         "found");
	page = calloc(1, 1 << 20);
	len = fread(page, 1, (1 << 20) - 1, f);
	fclose(f);
	page[len] = '\0';
	assert_true(n >= 6);
	for (size_t i = 0; i < n; i++) {
		snprintf(line, sizeof(line), ".It Sy %s\n", t[i].name);
		if (!strstr(page, line))
			fail_msg("table %s is not in the manual", t[i].name);
		for (size_t j = 0; j < t[i].nrows; j++) {
			snprintf(line, sizeof(line), ".It Ql %s Ta %s\n",
			    t[i].rows[j].pattern,
			    ca_tier_name(t[i].rows[j].tier));
			if (!strstr(page, line))
				fail_msg("%s row '%s' is not in the manual",
				    t[i].name, t[i].rows[j].pattern);
		}
	}
	free(page);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_inventory_tiers),
		cmocka_unit_test(test_links_raise),
		cmocka_unit_test(test_manual_lists_tables),
	};
	return cmocka_run_group_tests_name("scopes", tests, NULL, NULL);
}
