/* test_ci.c - the CI surface: GitHub Actions workflows (effective
 * permissions for every combination of top-level and job-level blocks,
 * pwn-request triggers, OIDC roles and their links, secret names,
 * secrets: inherit, hard-coded secrets, anchors and merge keys, flow
 * style, a second document, an alias bomb, malformed YAML), GitLab CI
 * pipelines and their local includes (variables, ID tokens, external
 * secrets, the job token), self-hosted runner directories and
 * gitlab-runner's config.toml (tokens and their types, expiry, cache
 * keys, malformed TOML) and Jenkins homes (master key, stored
 * credentials decryptable or not, user API tokens, XML with entities),
 * the Buildkite agent token, CircleCI contexts and Travis CI secure
 * values. No secret reaches any inventory. */
#include "tests/unit/cloud_unit.h"

extern const struct ca_scanner ca_scanner_gha_workflow, ca_scanner_gha_runner,
    ca_scanner_gitlab_runner, ca_scanner_gitlab_ci, ca_scanner_jenkins,
    ca_scanner_other_ci;

#define HOME "/home/heidi"
#define WF   HOME "/src/app/.github/workflows/ci.yml"

static struct ca_inventory *
scan_wf(const char *yaml)
{
	return scan_one(&ca_scanner_gha_workflow, WF, HOME, yaml, 0);
}

static const struct ca_credential *
token_of(const struct ca_inventory *inv)
{
	return find_ref(inv, "gha-token:" WF);
}

/* The token's scopes, sorted as emitted, joined with " ". */
static void
scopes_text(const struct ca_credential *c, char *out, size_t size)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < c->nscopes && o < size; i++)
		o += (size_t)snprintf(out + o, size - o, "%s%s", i ? " " : "",
		    c->scopes[i]);
}

/* ---- permissions ------------------------------------------------------ */

static void
test_permissions_matrix(void **state)
{
	static const struct {
		const char *top;    /* the top-level block, or "" */
		const char *job;    /* the job's block, or "" */
		const char *scopes; /* NULL: no token reported */
		enum ca_tier tier;
	} cases[] = {
		{ "", "", "default (assumed write)", CA_TIER_WRITE },
		{ "permissions: read-all\n", "", "read-all", CA_TIER_READ },
		{ "permissions: write-all\n", "", "write-all", CA_TIER_ADMIN },
		{ "permissions:\n  contents: read\n", "", "contents:read",
		    CA_TIER_READ },
		{ "permissions: {}\n", "", NULL, CA_TIER_READ },
		{ "permissions:\n", "", NULL, CA_TIER_READ },
		/* a job's block replaces the workflow's, never adds to it */
		{ "permissions: write-all\n", "    permissions: {}\n", NULL,
		    CA_TIER_READ },
		{ "permissions: read-all\n",
		    "    permissions:\n      packages: write\n",
		    "packages:write", CA_TIER_WRITE },
		{ "", "    permissions:\n      contents: read\n",
		    "contents:read", CA_TIER_READ },
		{ "", "    permissions: write-all\n", "write-all",
		    CA_TIER_ADMIN },
		{ "permissions:\n  contents: write\n",
		    "    permissions: read-all\n", "read-all", CA_TIER_READ },
		{ "permissions:\n  administration: write\n", "",
		    "administration:write", CA_TIER_ADMIN },
		{ "permissions:\n  id-token: write\n  contents: none\n", "",
		    "id-token:write", CA_TIER_READ },
		{ "permissions: ${{ inputs.perms }}\n", "",
		    "not understood (assumed write)", CA_TIER_WRITE },
		{ "permissions:\n  contents: read\n  bogus: write\n", "",
		    "contents:read", CA_TIER_READ },
	};
	char buf[256], yaml[1024];

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(cases); i++) {
		struct ca_inventory *inv;
		const struct ca_credential *c;

		snprintf(yaml, sizeof(yaml),
		    "on: push\n%sjobs:\n  build:\n"
		    "    runs-on: ubuntu-latest\n%s    steps:\n"
		    "      - run: make\n",
		    cases[i].top, cases[i].job);
		inv = scan_wf(yaml);
		c = token_of(inv);
		if (!cases[i].scopes) {
			if (c)
				fail_msg("case %zu: token reported", i);
			ca_inventory_free(inv);
			continue;
		}
		if (!c)
			fail_msg("case %zu: no token", i);
		scopes_text(c, buf, sizeof(buf));
		if (strcmp(buf, cases[i].scopes) || c->tier != cases[i].tier)
			fail_msg("case %zu: scopes '%s' tier %d", i, buf,
			    (int)c->tier);
		assert_string_equal(c->kind, "ci-workflow-token");
		assert_null(c->redacted);
		ca_inventory_free(inv);
	}
}

/* Two jobs: the token's scopes are the highest level of each, and the
 * job without a block (under none at the top) is named in the reasons. */
static void
test_permissions_union(void **state)
{
	struct ca_inventory *inv = scan_wf(
	    "on: push\n"
	    "jobs:\n"
	    "  a:\n"
	    "    permissions: {contents: read, issues: write}\n"
	    "    steps: [{run: x}]\n"
	    "  b:\n"
	    "    permissions:\n"
	    "      contents: write\n"
	    "    steps: [{run: y}]\n"
	    "  c:\n"
	    "    runs-on: [self-hosted, linux]\n"
	    "    steps: [{run: z}]\n");
	const struct ca_credential *c = token_of(inv);
	char buf[256];

	(void)state;
	assert_non_null(c);
	scopes_text(c, buf, sizeof(buf));
	/* the inventory sorts scopes */
	assert_string_equal(buf,
	    "contents:write default (assumed write) issues:write");
	assert_int_equal(c->tier, CA_TIER_WRITE);
	assert_true(has_reason(c, "no permissions block for c"));
	assert_true(has_reason(c, "self-hosted runner for c"));
	assert_true(has_reason(c, "GITHUB_TOKEN of 3 jobs"));
	ca_inventory_free(inv);
}

/* ---- untrusted code --------------------------------------------------- */

static void
test_pwn_request(void **state)
{
	static const struct {
		const char *on, *ref;
		bool hit;
	} cases[] = {
		{ "pull_request_target",
		    "${{ github.event.pull_request.head.sha }}", true },
		{ "[pull_request_target]", "${{ github.head_ref }}", true },
		{ "{workflow_run: {workflows: [CI]}}",
		    "${{ github.event.workflow_run.head_sha }}", true },
		{ "pull_request_target",
		    "refs/pull/${{ github.event.number }}/merge", true },
		/* the base branch is trusted */
		{ "pull_request_target", "main", false },
		/* pull_request runs fork code without secrets */
		{ "pull_request", "${{ github.event.pull_request.head.sha }}",
		    false },
	};
	char yaml[1024];

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(cases); i++) {
		struct ca_inventory *inv;
		const struct ca_credential *c;

		snprintf(yaml, sizeof(yaml),
		    "on: %s\n"
		    "jobs:\n  preview:\n    steps:\n"
		    "      - uses: actions/checkout@v4\n"
		    "        with:\n          ref: \"%s\"\n"
		    "      - run: make\n        env:\n"
		    "          K: ${{ secrets.DEPLOY_KEY }}\n",
		    cases[i].on, cases[i].ref);
		inv = scan_wf(yaml);
		c = find_ref(inv, "gha-untrusted:" WF ":preview");
		if ((c != NULL) != cases[i].hit)
			fail_msg("case %zu: found %d", i, c != NULL);
		if (c) {
			assert_string_equal(c->kind, "ci-untrusted-checkout");
			assert_int_equal(c->locations[0].line, 5);
			assert_true(has_reason(c, "the workflow's secrets"));
			assert_int_equal(c->tier, CA_TIER_WRITE);
		}
		ca_inventory_free(inv);
	}
}

/* ---- OIDC ------------------------------------------------------------- */

static void
test_oidc(void **state)
{
	struct ca_inventory *inv = scan_wf(
	    "on: push\n"
	    "permissions:\n  id-token: write\n  contents: read\n"
	    "jobs:\n"
	    "  aws:\n"
	    "    steps:\n"
	    "      - uses: aws-actions/configure-aws-credentials@v4\n"
	    "        with:\n"
	    "          role-to-assume: arn:aws:iam::111122223333:role/ci\n"
	    "  keys:\n"
	    "    steps:\n"
	    "      - uses: aws-actions/configure-aws-credentials@v4\n"
	    "        with:\n"
	    "          role-to-assume: arn:aws:iam::111122223333:role/k\n"
	    "          aws-secret-access-key: ${{ secrets.AWS_SECRET }}\n"
	    "  gcp:\n"
	    "    steps:\n"
	    "      - uses: google-github-actions/auth@v2\n"
	    "        with: {workload_identity_provider: projects/1/x, "
	    "service_account: sa@p.iam.gserviceaccount.com}\n"
	    "      - uses: google-github-actions/auth@v2\n"
	    "        with: {workload_identity_provider: projects/2/y}\n"
	    "  azure:\n"
	    "    permissions: {contents: read}\n"
	    "    steps:\n"
	    "      - uses: azure/login@v2\n"
	    "        with: {client-id: cid-1, tenant-id: tid-1}\n"
	    "      - uses: Azure/login@v2\n"
	    "        with: {creds: '${{ secrets.AZURE_CREDENTIALS }}'}\n");
	const struct ca_credential *c, *tok = token_of(inv);

	(void)state;
	c = find_ref(inv, "ci-oidc:aws:arn:aws:iam::111122223333:role/ci");
	assert_non_null(c);
	assert_string_equal(c->kind, "ci-oidc-role");
	assert_string_equal(c->identity,
	    "AWS role arn:aws:iam::111122223333:role/ci");
	assert_int_equal(c->locations[0].line, 8);
	assert_true(
	    has_anchor(c, "ci-oidc:aws:arn:aws:iam::111122223333:role/ci"));
	/* static keys beside a role are no federation */
	assert_null(
	    find_ref(inv, "ci-oidc:aws:arn:aws:iam::111122223333:role/k"));
	c = find_ref(inv, "ci-oidc:gcp:sa@p.iam.gserviceaccount.com");
	assert_non_null(c);
	assert_string_equal(c->identity,
	    "GCP service account "
	    "sa@p.iam.gserviceaccount.com via projects/1/x");
	assert_non_null(find_ref(inv, "ci-oidc:gcp:projects/2/y"));
	c = find_ref(inv, "ci-oidc:azure:cid-1");
	assert_non_null(c);
	assert_string_equal(c->identity, "Azure client cid-1 (tenant tid-1)");
	/* the azure job's own block has no id-token */
	assert_true(has_reason(c, "not granted id-token: write"));
	assert_int_equal(count_kind(inv, "ci-oidc-role"), 4);

	assert_non_null(tok);
	assert_true(
	    has_link(tok, "ci-oidc:aws:arn:aws:iam::111122223333:role/ci"));
	assert_true(has_link(tok, "ci-oidc:azure:cid-1"));
	assert_int_equal(tok->nlinks, 4);
	assert_int_equal(tok->nlocations, 1);
	assert_true(has_reason(tok, "federates to 4 cloud roles"));
	assert_non_null(
	    find_ref(inv, "gha-secret:" HOME "/src/app:AWS_SECRET"));
	assert_non_null(
	    find_ref(inv, "gha-secret:" HOME "/src/app:AZURE_CREDENTIALS"));
	ca_inventory_free(inv);
}

/* ---- secrets ---------------------------------------------------------- */

static void
test_secret_refs(void **state)
{
	struct ca_inventory *inv = scan_wf(
	    "on: push\n"
	    "env:\n  TOP: ${{ secrets.TOP_SECRET }}\n"
	    "jobs:\n"
	    "  a:\n"
	    "    steps:\n"
	    "      - run: echo ${{ secrets.NPM_TOKEN }} ${{secrets['QUOTED']}}\n"
	    "      - run: echo ${{ secrets.GITHUB_TOKEN }} secrets.NOT_EXPR\n"
	    "  b:\n"
	    "    steps:\n"
	    "      - run: echo ${{ secrets.NPM_TOKEN }} ${{ mysecrets.NO }}\n"
	    "  call:\n"
	    "    uses: org/repo/.github/workflows/x.yml@main\n"
	    "    secrets: inherit\n");
	const struct ca_credential *c;

	(void)state;
	c = find_ref(inv, "gha-secret:" HOME "/src/app:NPM_TOKEN");
	assert_non_null(c);
	assert_string_equal(c->kind, "ci-secret-ref");
	assert_string_equal(c->identity,
	    "secret NPM_TOKEN of " HOME "/src/app");
	assert_true(has_reason(c, "jobs a, b"));
	assert_int_equal(c->locations[0].line, 7);
	assert_non_null(find_ref(inv, "gha-secret:" HOME "/src/app:QUOTED"));
	assert_non_null(
	    find_ref(inv, "gha-secret:" HOME "/src/app:TOP_SECRET"));
	assert_null(find_ref(inv, "gha-secret:" HOME "/src/app:GITHUB_TOKEN"));
	assert_null(find_ref(inv, "gha-secret:" HOME "/src/app:NOT_EXPR"));
	assert_null(find_ref(inv, "gha-secret:" HOME "/src/app:NO"));
	c = find_ref(inv, "gha-secret:" HOME "/src/app:*");
	assert_non_null(c);
	assert_string_equal(c->rule, "gha_workflow.secrets-inherit");
	assert_true(has_reason(c, "org/repo/.github/workflows/x.yml@main"));
	/* the reusable workflow is pinned to a branch */
	assert_true(has_reason(token_of(inv),
	    "pinned by tag, not commit: "
	    "org/repo/.github/workflows/x.yml@main"));
	assert_int_equal(count_kind(inv, "ci-secret-ref"), 4);
	ca_inventory_free(inv);
}

static void
test_hardcoded(void **state)
{
	char *pass = cu_token("Hk", CU_ALNUM, 22, 7);
	char *pass2 = cu_token("Qz", CU_ALNUM, 24, 8);
	char gh[96];
	char *yaml;
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	gh_token("ghp_", 14, gh);
	yaml = cu_fmt("on: push\n"
	              "env:\n"
	              "  DEPLOY_TOKEN: %s\n"
	              "  TOKEN_FILE: /run/secrets/x9Q2mZ7kLp4W\n"
	              "  API_TOKEN: changeme\n"
	              "  SECRET_NAME: prod-db-Password7\n"
	              "  REF_TOKEN: ${{ secrets.REAL }}\n"
	              "jobs:\n"
	              "  a:\n"
	              "    steps:\n"
	              "      - uses: some/action@v1\n"
	              "        with:\n"
	              "          password: '%s'\n"
	              "          github-token: %s\n"
	              "          version: 1.2.3-rc4-Build77\n",
	    pass, pass2, gh);
	inv = scan_wf(yaml);
	c = find_secret(inv, pass);
	assert_non_null(c);
	assert_string_equal(c->kind, "ci-hardcoded-secret");
	assert_string_equal(c->rule, "gha_workflow.hardcoded-secret");
	assert_string_equal(c->identity,
	    "DEPLOY_TOKEN in env of workflow "
	    "ci.yml");
	assert_int_equal(c->locations[0].line, 3);
	c = find_secret(inv, pass2);
	assert_non_null(c);
	assert_int_equal(c->locations[0].line, 13);
	assert_true(strstr(c->identity,
	                "password in step some/action@v1 of "
	                "job a") != NULL);
	/* a token format is the content rules' to name */
	assert_null(find_secret(inv, gh));
	assert_int_equal(count_kind(inv, "ci-hardcoded-secret"), 2);
	assert_no_piece(inv, pass);
	assert_no_piece(inv, pass2);
	ca_inventory_free(inv);
	free(yaml);
	free(pass);
	free(pass2);
}

/* ---- YAML shapes ------------------------------------------------------ */

static void
test_yaml_shapes(void **state)
{
	char *pass = cu_token("Mm", CU_ALNUM, 20, 9);
	char *yaml = cu_fmt(
	    "on: push\n"
	    "x-defaults: &defaults\n"
	    "  runs-on: self-hosted\n"
	    "  permissions: {packages: write}\n"
	    "  env: {NPM_PASSWORD: %s}\n"
	    "jobs:\n"
	    "  a:\n"
	    "    <<: *defaults\n"
	    "    steps: [{run: make}]\n"
	    "  b: {<<: *defaults, permissions: read-all, steps: [{run: x}]}\n"
	    "---\n"
	    "jobs: {c: {permissions: write-all}}\n",
	    pass);
	struct ca_inventory *inv = scan_wf(yaml);
	const struct ca_credential *c = token_of(inv);
	char buf[256];

	(void)state;
	assert_non_null(c);
	scopes_text(c, buf, sizeof(buf));
	/* merge keys give a its block; b's own wins; the second document
	 * is not read */
	assert_string_equal(buf, "packages:write read-all");
	assert_true(has_reason(c, "self-hosted runner for a, b"));
	c = find_secret(inv, pass);
	assert_non_null(c);
	assert_int_equal(c->locations[0].line, 5);
	assert_no_piece(inv, pass);
	ca_inventory_free(inv);
	free(yaml);
	free(pass);
}

/* Nine levels of ten aliases: a billion leaves once expanded. */
static void
test_alias_bomb(void **state)
{
	char yaml[4096];
	size_t o = 0;
	struct ca_inventory *inv;
	clock_t t0 = clock();

	(void)state;
	o += (size_t)snprintf(yaml + o, sizeof(yaml) - o,
	    "on: push\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, "
	    "lol]\n");
	for (int i = 1; i < 9; i++) {
		o += (size_t)snprintf(yaml + o, sizeof(yaml) - o, "x%d: &a%d [",
		    i, i);
		for (int j = 0; j < 10; j++)
			o += (size_t)snprintf(yaml + o, sizeof(yaml) - o,
			    "*a%d%s", i - 1, j < 9 ? ", " : "]\n");
	}
	snprintf(yaml + o, sizeof(yaml) - o,
	    "jobs:\n  a:\n    steps: *a8\n    env:\n"
	    "      K: ${{ secrets.X }}\n");
	inv = scan_wf(yaml);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	assert_true(has_error(inv, "too large once its aliases"));
	/* refused in far less than a second */
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
	ca_inventory_free(inv);
}

static void
test_malformed_yaml(void **state)
{
	static const char *const docs[] = {
		"jobs: [unclosed\n",
		"jobs:\n  a:\n    steps:\n  - bad indent\n   x: y\n",
		"\t\tjobs: tab\n",
		"%YAML 9.9\n---\njobs: {}\n",
		"\xff\xfe\x00j\x00o\x00b\x00s",
	};
	static const char *const quiet[] = {
		"",                        /* empty */
		"jobs: {a: *undefined}\n", /* an unknown alias is nothing */
		"jobs: not-a-map\n",
		"jobs:\n  a: [1, 2]\n  b: scalar\n",
		"name: x\non: push\n", /* no jobs */
		"jobs:\n  a:\n    steps: 42\n    permissions: [x]\n",
	};

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(docs); i++) {
		struct ca_inventory *inv = scan_one(&ca_scanner_gha_workflow,
		    WF, HOME, docs[i], i == 4 ? 10 : 0);
		if (inv->ncreds || inv->nerrors != 1)
			fail_msg("doc %zu: %zu creds, %zu errors", i,
			    inv->ncreds, inv->nerrors);
		ca_inventory_free(inv);
	}
	for (size_t i = 0; i < CA_ARRAY_SIZE(quiet); i++) {
		struct ca_inventory *inv = scan_wf(quiet[i]);
		size_t tokens = count_kind(inv, "ci-workflow-token");
		/* the last one is a workflow: its job gets a token */
		if (i == CA_ARRAY_SIZE(quiet) - 1 ? tokens != 1 :
		                                    inv->ncreds != 0)
			fail_msg("quiet %zu: %zu creds", i, inv->ncreds);
		ca_inventory_free(inv);
	}
}

/* ---- GitLab CI -------------------------------------------------------- */

#define GLCI HOME "/src/ops/.gitlab-ci.yml"

static void
test_gitlab_ci(void **state)
{
	char *pass = cu_token("Vv", CU_ALNUM, 22, 41);
	char *pass2 = cu_token("Ww", CU_ALNUM, 22, 42);
	char *main_yml = cu_fmt(
	    "include:\n"
	    "  - local: /ci/inc.yml\n"
	    "  - remote: https://x.test/a.yml\n"
	    "  - local: ../escape.yml\n"
	    "  - /ci/missing.yml\n"
	    "variables:\n"
	    "  REGISTRY_PASSWORD: %s\n"
	    "  NPM_TOKEN: $MASKED\n"
	    "  PLAIN_TOKEN: changeme\n"
	    "default:\n"
	    "  id_tokens:\n"
	    "    ALL_JOBS: {aud: https://vault.test}\n"
	    "stages: [build]\n"
	    ".tpl: &tpl\n"
	    "  script: [\"curl -u gitlab-ci-token:$CI_JOB_TOKEN x\"]\n"
	    "build:\n"
	    "  <<: *tpl\n"
	    "test:\n"
	    "  script: [make]\n",
	    pass);
	char *inc = cu_fmt("deploy:\n"
	                   "  id_tokens:\n"
	                   "    AWS: {aud: [sts.amazonaws.com, other]}\n"
	                   "  secrets:\n"
	                   "    DB: {vault: prod/db/pw@ops, token: $AWS}\n"
	                   "    AZ: {azure_key_vault: {name: kv-secret}}\n"
	                   "    NOPE: {file: false}\n"
	                   "  variables:\n"
	                   "    HOOK_SECRET: {value: %s, description: x}\n",
	    pass2);
	struct unit_file files[] = {
		{ GLCI, main_yml, 0 },
		{ HOME "/src/ops/ci/inc.yml", inc, 0 },
		{ HOME "/src/escape.yml",
		    "x:\n  variables: {K_TOKEN: "
		    "Aa1Bb2Cc3Dd4Ee5Ff6}\n",
		    0 },
	};
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_files(&ca_scanner_gitlab_ci, files, 3, GLCI, HOME);
	c = find_secret(inv, pass);
	assert_non_null(c);
	assert_string_equal(c->rule, "gitlab_ci.hardcoded-secret");
	assert_int_equal(c->locations[0].line, 7);
	c = find_secret(inv, pass2);
	assert_non_null(c);
	assert_string_equal(c->locations[0].path, HOME "/src/ops/ci/inc.yml");
	assert_int_equal(c->locations[0].line, 9);
	assert_string_equal(c->identity,
	    "HOOK_SECRET in job deploy of pipeline ci/inc.yml");
	/* only local includes inside the repository are read */
	assert_null(find_secret(inv, "Aa1Bb2Cc3Dd4Ee5Ff6"));
	assert_int_equal(count_kind(inv, "ci-hardcoded-secret"), 2);

	c = find_ref(inv, "ci-oidc:gitlab:" HOME "/src/ops:sts.amazonaws.com");
	assert_non_null(c);
	assert_string_equal(c->identity,
	    "GitLab ID token AWS for sts.amazonaws.com");
	assert_non_null(find_ref(inv,
	    "ci-oidc:gitlab:" HOME "/src/ops:https://vault.test"));
	assert_int_equal(count_kind(inv, "ci-oidc-role"), 2);
	c = find_ref(inv, "gitlab-secret:" HOME "/src/ops:DB");
	assert_non_null(c);
	assert_string_equal(c->identity, "Vault secret prod/db/pw@ops (as DB)");
	c = find_ref(inv, "gitlab-secret:" HOME "/src/ops:AZ");
	assert_non_null(c);
	assert_string_equal(c->identity,
	    "Azure Key Vault secret kv-secret (as AZ)");
	assert_null(find_ref(inv, "gitlab-secret:" HOME "/src/ops:NOPE"));

	/* the template's script reaches build through the merge key; the
	 * template itself is a hidden job and counts too */
	c = find_ref(inv, "gitlab-job-token:" GLCI);
	assert_non_null(c);
	assert_string_equal(c->kind, "ci-workflow-token");
	assert_true(has_reason(c, "handed on by .tpl, build"));
	assert_int_equal(c->locations[0].line, 14);
	assert_int_equal(inv->nerrors, 0);
	assert_no_piece(inv, pass);
	assert_no_piece(inv, pass2);
	ca_inventory_free(inv);

	/* malformed: the main file, then an included one */
	inv = scan_one(&ca_scanner_gitlab_ci, GLCI, HOME, "a: [b\n", 0);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
	files[1].data = "deploy: {script: [x}\n";
	inv = scan_files(&ca_scanner_gitlab_ci, files, 2, GLCI, HOME);
	assert_int_equal(inv->nerrors, 1);
	assert_true(has_error(inv, "invalid YAML"));
	assert_non_null(find_secret(inv, pass));
	ca_inventory_free(inv);
	free(main_yml);
	free(inc);
	free(pass);
	free(pass2);
}

/* ---- Jenkins ---------------------------------------------------------- */

#define JH HOME "/.jenkins"

static void
test_jenkins(void **state)
{
	char *p1 = cu_token("AQAAABAAAAAQ", CU_ALNUM, 40, 51);
	char *p2 = cu_token("", CU_ALNUM, 24, 52);
	char *p3 = cu_token("AQAAABAAAAAw", CU_ALNUM, 40, 53);
	char *hex = cu_token("", CU_HEX, 512, 54);
	char *creds = cu_fmt(
	    "<?xml version='1.1' encoding='UTF-8'?>\n"
	    "<com.cloudbees.plugins.credentials.SystemCredentialsProvider>\n"
	    " <domainCredentialsMap><entry><list>\n"
	    "  <com.cloudbees.plugins.credentials.impl."
	    "UsernamePasswordCredentialsImpl>\n"
	    "   <id>nexus</id><username>dep</username>\n"
	    "   <password>{%s}</password>\n"
	    "  </com.cloudbees.plugins.credentials.impl."
	    "UsernamePasswordCredentialsImpl>\n"
	    "  <x.StringCredentialsImpl><id>plain</id>\n"
	    "   <secret>%s</secret></x.StringCredentialsImpl>\n"
	    "  <x.StringCredentialsImpl><id>empty</id><secret/>"
	    "</x.StringCredentialsImpl>\n"
	    " </list></entry></domainCredentialsMap>\n"
	    "</com.cloudbees.plugins.credentials.SystemCredentialsProvider>\n",
	    p1, p2);
	char *user = cu_fmt(
	    "<user><id>h</id><properties>"
	    "<jenkins.security.ApiTokenProperty><apiToken>{%s}</apiToken>"
	    "</jenkins.security.ApiTokenProperty></properties></user>",
	    p3);
	struct unit_file files[] = {
		{ JH "/credentials.xml", creds, 0 },
		{ JH "/users/h_1/config.xml", user, 0 },
		{ JH "/secrets/master.key", hex, 0 },
		{ JH "/secrets/hudson.util.Secret", "synthetic", 0 },
	};
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_files(&ca_scanner_jenkins, files, 4, JH "/credentials.xml",
	    HOME);
	c = find_secret(inv, p1);
	assert_non_null(c);
	assert_string_equal(c->kind, "jenkins-credential");
	assert_string_equal(c->identity, "Jenkins credential nexus for dep");
	assert_int_equal(c->locations[0].line, 6);
	assert_true(has_reason(c, "lie beside it"));
	assert_true(has_anchor(c, "jenkins-credential:nexus"));
	c = find_secret(inv, p2);
	assert_non_null(c);
	assert_true(has_reason(c, "clear text"));
	assert_int_equal(inv->ncreds, 2);
	assert_no_piece(inv, p1);
	assert_no_piece(inv, p2);
	ca_inventory_free(inv);

	/* without hudson.util.Secret beside it, the secret stays locked;
	 * clear text does not */
	inv = scan_files(&ca_scanner_jenkins, files, 3, JH "/credentials.xml",
	    HOME);
	assert_string_equal(find_secret(inv, p1)->kind,
	    "jenkins-credential-encrypted");
	assert_string_equal(find_secret(inv, p2)->kind, "jenkins-credential");
	ca_inventory_free(inv);

	inv = scan_files(&ca_scanner_jenkins, files, 4,
	    JH "/users/h_1/config.xml", HOME);
	c = find_secret(inv, p3);
	assert_non_null(c);
	assert_string_equal(c->rule, "jenkins.user-api-token");
	assert_string_equal(c->identity, "Jenkins API token of user h_1");
	assert_no_piece(inv, p3);
	ca_inventory_free(inv);

	inv = scan_files(&ca_scanner_jenkins, files, 4,
	    JH "/secrets/master.key", HOME);
	c = find_secret(inv, hex);
	assert_non_null(c);
	assert_string_equal(c->kind, "jenkins-master-key");
	assert_string_equal(c->identity, "Jenkins master key of " JH);
	assert_no_piece(inv, hex);
	ca_inventory_free(inv);
	free(creds);
	free(user);
	free(hex);
	free(p1);
	free(p2);
	free(p3);
}

static void
test_jenkinsfile(void **state)
{
	struct ca_inventory *inv = scan_one(&ca_scanner_jenkins,
	    HOME "/src/x/Jenkinsfile", HOME,
	    "pipeline {\n"
	    "  environment { A = credentials('cred-a') }\n"
	    "  steps {\n"
	    "    withCredentials([usernamePassword(credentialsId: \"cred-b\","
	    " usernameVariable: 'U')]) { sh 'x' }\n"
	    "    git credentialsId : 'cred-a', url: 'u'\n"
	    "    echo credentials(params.X)\n"
	    "    echo credentials('${dyn}')\n"
	    "  }\n"
	    "}\n",
	    0);
	const struct ca_credential *c;

	(void)state;
	c = find_ref(inv, "jenkins-cred-ref:" HOME "/src/x:cred-a");
	assert_non_null(c);
	assert_string_equal(c->kind, "ci-secret-ref");
	assert_int_equal(c->nlocations, 2);
	assert_int_equal(c->locations[1].line, 5);
	assert_true(has_link(c, "jenkins-credential:cred-a"));
	c = find_ref(inv, "jenkins-cred-ref:" HOME "/src/x:cred-b");
	assert_non_null(c);
	assert_int_equal(c->locations[0].line, 4);
	assert_int_equal(inv->ncreds, 2);
	ca_inventory_free(inv);
}

static void
test_jenkins_malformed(void **state)
{
	static const struct {
		const char *path, *data;
		size_t errors;
	} cases[] = {
		/* another tool's credentials.xml */
		{ JH "/credentials.xml",
		    "<creds><id>a</id><password>"
		    "Zx81Kq02Lm93Nb</password></creds>",
		    0 },
		{ JH "/credentials.xml",
		    "<com.cloudbees.plugins.credentials.X>"
		    "<unclosed>",
		    1 },
		{ JH "/credentials.xml",
		    "<!DOCTYPE a [<!ENTITY x \"y\">]>"
		    "<com.cloudbees.plugins.credentials.X><a><id>i</id>"
		    "<password>&x;</password></a></com.cloudbees.plugins."
		    "credentials.X>",
		    1 },
		{ JH "/users/u/config.xml",
		    "<user><properties>"
		    "<jenkins.security.ApiTokenProperty>",
		    1 },
		{ JH "/users/u/config.xml",
		    "<user><properties>"
		    "<jenkins.security.ApiTokenProperty><tokenStore/>"
		    "</jenkins.security.ApiTokenProperty></properties></user>",
		    0 },
		{ JH "/secrets/master.key", "not hex at all, a note\n", 0 },
		{ JH "/secrets/master.key", "abcdef", 0 },
	};

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(cases); i++) {
		struct ca_inventory *inv = scan_one(&ca_scanner_jenkins,
		    cases[i].path, HOME, cases[i].data, 0);
		if (inv->ncreds || inv->nerrors != cases[i].errors)
			fail_msg("case %zu: %zu creds, %zu errors", i,
			    inv->ncreds, inv->nerrors);
		ca_inventory_free(inv);
	}
}

/* ---- Buildkite, CircleCI, Travis CI ----------------------------------- */

static void
test_other_ci(void **state)
{
	char *tok = cu_token("", CU_HEX, 50, 61);
	char *pw = cu_token("Cc", CU_ALNUM, 20, 62);
	char *tv = cu_token("Tt", CU_ALNUM, 20, 63);
	char *bk = cu_fmt("# agent\ntoken=\"%s\"\nname=\"ci-1\"\n"
	                  "endpoint=https://agent.bk.test/v3\n",
	    tok);
	char *circle = cu_fmt(
	    "version: 2.1\n"
	    "jobs:\n"
	    "  b:\n"
	    "    docker:\n"
	    "      - image: x\n"
	    "        auth: {username: u, password: %s}\n"
	    "    environment: {API_TOKEN: $FROM_CONTEXT, N: 1}\n"
	    "workflows:\n"
	    "  w:\n"
	    "    jobs:\n"
	    "      - b: {context: [ctx-a, ctx-b]}\n"
	    "      - c: {context: ctx-a}\n"
	    "      - plain\n",
	    pw);
	char *travis = cu_fmt(
	    "env:\n"
	    "  global:\n"
	    "    - secure: \"c3ludGhldGljLWVuY3J5cHRlZA==\"\n"
	    "    - DEPLOY_TOKEN=%s\n"
	    "    - GH_TOKEN=$GH\n"
	    "deploy: {api_key: {secure: \"b3RoZXItZW5jcnlwdGVk\"}}\n",
	    tv);
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_one(&ca_scanner_other_ci,
	    "/etc/buildkite-agent/buildkite-agent.cfg", NULL, bk, 0);
	c = find_secret(inv, tok);
	assert_non_null(c);
	assert_string_equal(c->kind, "buildkite-agent-token");
	assert_string_equal(c->identity,
	    "Buildkite agent ci-1 @ https://agent.bk.test/v3");
	assert_int_equal(c->locations[0].line, 2);
	assert_no_piece(inv, tok);
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_other_ci,
	    "/etc/buildkite-agent/buildkite-agent.cfg", NULL,
	    "token=\"xxxxxxxxxxxxxxxx\"\nname=a\n", 0);
	assert_int_equal(inv->ncreds, 0);
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_other_ci, HOME "/m/.circleci/config.yml",
	    HOME, circle, 0);
	c = find_secret(inv, pw);
	assert_non_null(c);
	assert_string_equal(c->identity, "password in docker auth of job b");
	assert_int_equal(c->locations[0].line, 6);
	c = find_ref(inv, "circleci-context:ctx-a");
	assert_non_null(c);
	assert_int_equal(c->nlocations, 2);
	assert_non_null(find_ref(inv, "circleci-context:ctx-b"));
	assert_int_equal(inv->ncreds, 3);
	assert_no_piece(inv, pw);
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_other_ci, HOME "/m/.travis.yml", HOME,
	    travis, 0);
	c = find_secret(inv, tv);
	assert_non_null(c);
	assert_string_equal(c->rule, "other_ci.travis-hardcoded-secret");
	assert_int_equal(c->locations[0].line, 4);
	assert_int_equal(count_kind(inv, "ci-secret-ref"), 2);
	assert_int_equal(inv->ncreds, 3);
	for (size_t i = 0; i < inv->ncreds; i++)
		assert_null(strstr(inv->creds[i]->identity, "c3ludGhl"));
	ca_inventory_free(inv);

	/* malformed: one warning each, nothing found */
	inv = scan_one(&ca_scanner_other_ci, HOME "/m/.travis.yml", HOME,
	    "env: [a\n", 0);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_other_ci, HOME "/m/.circleci/config.yml",
	    HOME, "jobs: {a: [}\n", 0);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
	free(bk);
	free(circle);
	free(travis);
	free(tok);
	free(pw);
	free(tv);
}

static void
test_drone_azure(void **state)
{
	char *pw = cu_token("Az", CU_ALNUM, 22, 71);
	char *azure = cu_fmt("trigger: [main]\n"
	                     "variables:\n"
	                     "  - group: prod-secrets\n"
	                     "  - name: SIGNING_PASSWORD\n"
	                     "    value: %s\n"
	                     "  - name: BUILD_TOKEN\n"
	                     "    value: $(from.group)\n"
	                     "steps:\n"
	                     "  - task: AzureCLI@2\n"
	                     "    inputs:\n"
	                     "      azureSubscription: 'prod-arm'\n"
	                     "      scriptType: bash\n",
	    pw);
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_one(&ca_scanner_other_ci, HOME "/d/.drone.yml", HOME,
	    "kind: pipeline\n"
	    "steps:\n"
	    "  - name: publish\n"
	    "    environment:\n"
	    "      NPM_TOKEN: {from_secret: npm_token}\n"
	    "      OTHER: {from_secret: '${not_a_name}'}\n"
	    "---\n"
	    "kind: secret\n"
	    "name: second_doc\n",
	    0);
	c = find_ref(inv, "other_ci.drone-secret:" HOME "/d:npm_token");
	assert_non_null(c);
	assert_string_equal(c->identity, "Drone secret npm_token");
	assert_int_equal(c->locations[0].line, 5);
	assert_int_equal(inv->ncreds, 1);
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_other_ci, HOME "/w/.woodpecker/build.yml",
	    HOME,
	    "steps:\n  b:\n    secrets: [docker_pw, {source: s3, "
	    "target: S3}]\n",
	    0);
	assert_non_null(
	    find_ref(inv, "other_ci.drone-secret:" HOME "/w:docker_pw"));
	assert_non_null(find_ref(inv, "other_ci.drone-secret:" HOME "/w:s3"));
	assert_int_equal(inv->ncreds, 2);
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_other_ci, HOME "/a/azure-pipelines.yml",
	    HOME, azure, 0);
	c = find_ref(inv,
	    "other_ci.azure-variable-group:" HOME "/a:prod-secrets");
	assert_non_null(c);
	assert_string_equal(c->identity,
	    "Azure Pipelines variable group prod-secrets");
	c = find_ref(inv,
	    "other_ci.azure-service-connection:" HOME "/a:prod-arm");
	assert_non_null(c);
	assert_string_equal(c->kind, "ci-oidc-role");
	c = find_secret(inv, pw);
	assert_non_null(c);
	assert_int_equal(c->locations[0].line, 5);
	assert_int_equal(inv->ncreds, 3);
	assert_no_piece(inv, pw);
	ca_inventory_free(inv);
	free(azure);
	free(pw);
}

/* ---- self-hosted runner ----------------------------------------------- */

#define RUNNER HOME "/actions-runner"

static void
test_runner(void **state)
{
	char *d = cu_token("", CU_ALNUM, 64, 21);
	char *key = cu_fmt("{\"d\":\"%s\",\"exponent\":\"AQAB\","
	                   "\"modulus\":\"bW9k\"}",
	    d);
	struct unit_file files[] = {
		{ RUNNER "/.runner",
		    "\xef\xbb\xbf{\"agentId\": 3, "
		    "\"agentName\": \"build-1\", \"poolName\": \"Default\", "
		    "\"gitHubUrl\": \"https://github.com/org/repo\"}",
		    0 },
		{ RUNNER "/.credentials",
		    "{\"scheme\": \"OAuth\", \"data\": "
		    "{\"clientId\": \"cid-9\", \"authorizationUrl\": "
		    "\"https://pipelines.test/_apis/oauth2/token\"}}",
		    0 },
		{ RUNNER "/.credentials_rsaparams", key, 0 },
	};
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_files(&ca_scanner_gha_runner, files, 3, RUNNER "/.runner",
	    HOME);
	c = find_secret(inv, d);
	assert_non_null(c);
	assert_string_equal(c->kind, "gha-runner-registration");
	assert_int_equal(c->tier, CA_TIER_SECRET);
	assert_string_equal(c->identity,
	    "runner build-1 @ https://github.com/org/repo (pool Default)");
	assert_string_equal(c->locations[0].path,
	    RUNNER "/.credentials_rsaparams");
	assert_true(has_reason(c,
	    "OAuth client cid-9 at "
	    "https://pipelines.test/_apis/oauth2/token"));
	assert_true(has_reason(c, "agent id 3"));
	assert_no_piece(inv, d);
	ca_inventory_free(inv);

	/* no key file: the registration by reference */
	inv = scan_files(&ca_scanner_gha_runner, files, 2, RUNNER "/.runner",
	    HOME);
	c = find_ref(inv, "gha-runner:" RUNNER);
	assert_non_null(c);
	assert_true(has_reason(c, "no .credentials_rsaparams beside it"));
	assert_int_equal(inv->ncreds, 1);
	ca_inventory_free(inv);

	/* a .runner alone is a leftover, not a credential */
	inv = scan_files(&ca_scanner_gha_runner, files, 1, RUNNER "/.runner",
	    HOME);
	assert_int_equal(inv->ncreds + inv->nerrors, 0);
	ca_inventory_free(inv);
	free(key);
	free(d);
}

static void
test_runner_malformed(void **state)
{
	struct unit_file bad_cred[] = {
		{ RUNNER "/.runner",
		    "{\"gitHubUrl\": \"https://github.com/o\"}", 0 },
		{ RUNNER "/.credentials", "{\"scheme\": ", 0 },
		{ RUNNER "/.credentials_rsaparams", "[1, 2]", 0 },
	};
	struct unit_file other[] = {
		{ HOME "/proj/.runner", "{\"name\": \"another tool\"}", 0 },
	};
	struct ca_inventory *inv;

	(void)state;
	/* two broken side files: two warnings, the runner by reference */
	inv = scan_files(&ca_scanner_gha_runner, bad_cred, 3, RUNNER "/.runner",
	    HOME);
	assert_int_equal(inv->nerrors, 2);
	assert_int_equal(inv->ncreds, 1);
	assert_non_null(find_ref(inv, "gha-runner:" RUNNER));
	ca_inventory_free(inv);

	inv = scan_files(&ca_scanner_gha_runner, other, 1, HOME "/proj/.runner",
	    HOME);
	assert_int_equal(inv->ncreds + inv->nerrors, 0);
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_gha_runner, RUNNER "/.runner", HOME,
	    "not json at all", 0);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
}

/* ---- gitlab-runner ---------------------------------------------------- */

#define GLR HOME "/.gitlab-runner/config.toml"

static void
test_gitlab_runner(void **state)
{
	char *glrt = cu_token("glrt-", CU_ALNUM, 20, 31);
	char *legacy = cu_token("", CU_ALNUM, 20, 32);
	char *s3 = cu_token("", CU_ALNUM, 40, 33);
	char *toml = cu_fmt("concurrent = 4\n"
	                    "[[runners]]\n"
	                    "  name = \"docker-1\"\n"
	                    "  url = \"https://gitlab.corp.test\"\n"
	                    "  token = \"%s\"\n"
	                    "  token_expires_at = 2031-02-03T04:05:06Z\n"
	                    "  executor = \"docker\"\n"
	                    "  [runners.cache.s3]\n"
	                    "    AccessKey = \"CACHEKEYID\"\n"
	                    "    SecretKey = \"%s\"\n"
	                    "  [runners.docker]\n"
	                    "    image = \"alpine\"\n"
	                    "[[runners]]\n"
	                    "  name = \"shell\"\n"
	                    "  url = \"https://gitlab.com/\"\n"
	                    "  token = '%s'\n"
	                    "  token_expires_at = 0001-01-01T00:00:00Z\n"
	                    "  executor = \"shell\"\n"
	                    "[[runners]]\n"
	                    "  name = \"template\"\n"
	                    "  token = \"<runner-token>\"\n",
	    glrt, s3, legacy);
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_one(&ca_scanner_gitlab_runner, GLR, HOME, toml, 0);
	c = find_secret(inv, glrt);
	assert_non_null(c);
	assert_string_equal(c->kind, "gitlab-runner-token");
	assert_string_equal(c->rule, "gitlab_runner.token");
	assert_string_equal(c->identity,
	    "runner docker-1 @ https://gitlab.corp.test");
	assert_string_equal(c->expires, "2031-02-03T04:05:06Z");
	assert_false(c->standing);
	assert_int_equal(c->locations[0].line, 5);
	assert_int_equal(strncmp(c->redacted, "glrt-", 5), 0);
	assert_true(has_reason(c, "authentication token (glrt-)"));
	c = find_secret(inv, legacy);
	assert_non_null(c);
	assert_null(c->expires);
	assert_true(c->standing);
	assert_true(has_reason(c, "legacy runner token"));
	assert_string_equal(c->identity, "runner shell @ https://gitlab.com/");
	c = find_secret(inv, s3);
	assert_non_null(c);
	assert_string_equal(c->kind, "ci-hardcoded-secret");
	assert_string_equal(c->identity,
	    "S3 SecretKey for CACHEKEYID of the "
	    "cache of runner docker-1");
	assert_int_equal(inv->ncreds, 3);
	assert_int_equal(inv->nerrors, 0);
	assert_no_piece(inv, glrt);
	assert_no_piece(inv, legacy);
	assert_no_piece(inv, s3);
	ca_inventory_free(inv);
	free(toml);
	free(glrt);
	free(legacy);
	free(s3);
}

static void
test_gitlab_runner_malformed(void **state)
{
	static const char *const docs[] = {
		"[[runners]]\n  token = \"glrt-unterminated\n",
		"[[runners]\n",
		"[[runners]]\n  token = 1.5\n",
		"[[runners]]\n  token_expires_at = 2024-13\n",
		"[[runners]]\ntoken = \"a\" junk\n",
	};

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(docs); i++) {
		struct ca_inventory *inv = scan_one(&ca_scanner_gitlab_runner,
		    GLR, HOME, docs[i], 0);
		if (inv->ncreds || inv->nerrors != 1 ||
		    !has_error(inv, "invalid TOML"))
			fail_msg("doc %zu: %zu creds, %zu errors", i,
			    inv->ncreds, inv->nerrors);
		ca_inventory_free(inv);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_permissions_matrix),
		cmocka_unit_test(test_permissions_union),
		cmocka_unit_test(test_pwn_request),
		cmocka_unit_test(test_oidc),
		cmocka_unit_test(test_secret_refs),
		cmocka_unit_test(test_hardcoded),
		cmocka_unit_test(test_yaml_shapes),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_malformed_yaml),
		cmocka_unit_test(test_gitlab_ci),
		cmocka_unit_test(test_jenkins),
		cmocka_unit_test(test_jenkinsfile),
		cmocka_unit_test(test_jenkins_malformed),
		cmocka_unit_test(test_other_ci),
		cmocka_unit_test(test_drone_azure),
		cmocka_unit_test(test_runner),
		cmocka_unit_test(test_runner_malformed),
		cmocka_unit_test(test_gitlab_runner),
		cmocka_unit_test(test_gitlab_runner_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
