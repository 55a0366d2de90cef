/* other_ci.c - the CI systems with one file each:
 *
 * - the Buildkite agent's buildkite-agent.cfg (/etc/buildkite-agent,
 *   ~/.buildkite-agent, /usr/local/etc/buildkite-agent): its `token` is
 *   the agent token that registers agents and receives every job of the
 *   organisation's queues with their secrets (buildkite-agent-token);
 * - CircleCI's .circleci/config.yml: the contexts a workflow hands its
 *   jobs (every environment variable of the context, ci-secret-ref) and
 *   secrets written into `environment:` or a docker image's `auth:`
 *   (ci-hardcoded-secret);
 * - Travis CI's .travis.yml: `secure:` values, encrypted with the
 *   repository's key, reported present by reference (ci-secret-ref), and
 *   secrets written into `env:` (ci-hardcoded-secret);
 * - Drone's .drone.yml and Woodpecker's .woodpecker.yml (and the .yml
 *   files of .woodpecker/): the secrets a pipeline names
 *   (`from_secret:`, Woodpecker's `secrets: [...]`), as ci-secret-ref;
 *   only the first YAML document of a file is read;
 * - Azure Pipelines' azure-pipelines.yml: variable groups (ci-secret-ref),
 *   the service connections its tasks sign in with (`azureSubscription`,
 *   `connectedServiceNameARM`: ci-oidc-role, a delegation) and secrets
 *   written into `variables` (ci-hardcoded-secret).
 *
 * YAML goes through the bounded tree of yaml_tree.h with the expanded-size
 * cap of the other pipelines; copies inside installed software are
 * passed over. */
#include "lib/compat.h"
#include <ctype.h>
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/secret.h"
#include "scanners/kit/yaml_tree.h"
#include "scanners/surfaces/ci/cikit.h"

#define OC_EXPANDED_CAP 100000
#define OC_MAX_ITEMS    4096

/* ---- Buildkite -------------------------------------------------------- */

struct bk {
	const char *token, *name, *endpoint;
	size_t token_len;
	unsigned int line;
	struct arena *a;
};

static int
bk_item(void *arg, const struct ck_ini_item *it)
{
	struct bk *b = arg;
	const char *v = it->val;
	size_t n = it->val_len;

	if (it->section)
		return 0;
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		v++;
		n -= 2;
	}
	if (ca_ieq(it->key, it->key_len, "token")) {
		b->token = v;
		b->token_len = n;
		b->line = it->line;
	} else if (ca_ieq(it->key, it->key_len, "name")) {
		b->name = ca_printable_cut(b->a, v, n, 128);
	} else if (ca_ieq(it->key, it->key_len, "endpoint")) {
		b->endpoint = ca_printable_cut(b->a, v, n, 256);
	}
	return 0;
}

static void
scan_buildkite(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct bk b;
	struct ck_ini_status st;
	struct ca_finding fd;

	memset(&b, 0, sizeof(b));
	b.a = ca_scratch(ctx);
	ck_ini_parse(f->data, f->len, bk_item, &b, &st);
	if (!b.token)
		return;
	ca_finding_init(&fd, "other_ci.buildkite-agent-token",
	    "buildkite-agent-token");
	fd.line = b.line;
	fd.identity = arena_printf(b.a, "Buildkite agent %s @ %s",
	    b.name ? b.name : "(default name)",
	    b.endpoint ? b.endpoint : "agent.buildkite.com");
	fd.detail = "agent token: registers agents that run the jobs of the "
	            "organisation's queues, with their secrets";
	ca_emit_secret(ctx, f, &fd, b.token, b.token_len);
}

/* ---- YAML pipelines --------------------------------------------------- */

static const struct ynode *
load_yaml(struct ytree *t, struct ca_ctx *ctx, const struct ca_file *f)
{
	const struct ynode *root = ytree_load_map(t, ctx, f);

	if (root && ynode_expanded(root, OC_EXPANDED_CAP) > OC_EXPANDED_CAP) {
		ca_warn(ctx, NULL,
		    "pipeline too large once its aliases are "
		    "followed (over %d nodes): not read",
		    OC_EXPANDED_CAP);
		return NULL;
	}
	return root;
}

static const char *
repo_of(struct ca_ctx *ctx, const struct ca_file *f, const char *marker)
{
	const char *p = strstr(f->path, marker);

	if (!p)
		p = strrchr(f->path, '/');
	if (!p || p == f->path)
		return "/";
	return ca_printable_cut(ca_scratch(ctx), f->path, (size_t)(p - f->path),
	    256);
}

/* Secrets written into mapping 'map' (an environment block). */
static void
hardcoded_in(struct ca_ctx *ctx, const struct ca_file *f,
    const struct ynode *map, const char *rule, const char *where)
{
	struct arena *a = ca_scratch(ctx);

	if (!map || map->type != YN_MAP)
		return;
	for (const struct ynode *k = map->kids; k && k->next;
	     k = k->next->next) {
		const struct ynode *v = k->next;
		const char *key = ynode_str(k);
		struct ca_finding fd;

		if (!key || !ynode_scalar(v) || !ci_secret_key(key) ||
		    !ci_secret_value(v->val, v->len) ||
		    ci_token_shaped(v->val, v->len))
			continue;
		ca_finding_init(&fd, rule, "ci-hardcoded-secret");
		fd.line = v->line;
		fd.identity = arena_printf(a, "%s in %s",
		    ca_printable_cut(a, k->val, k->len, 128), where);
		fd.detail = arena_printf(a,
		    "secret written into the pipeline "
		    "(%s): everyone who can read the repository has it",
		    where);
		ca_emit_secret(ctx, f, &fd, v->val, v->len);
	}
}

static void
emit_context(struct ca_ctx *ctx, const char *repo, const struct ynode *n,
    const char *job)
{
	struct arena *a = ca_scratch(ctx);
	const char *name = ynode_str(n);
	struct ca_finding fd;

	if (!name || !*name)
		return;
	name = ca_printable_cut(a, n->val, n->len, 128);
	ca_finding_init(&fd, "other_ci.circleci-context", "ci-secret-ref");
	fd.line = n->line;
	fd.ref = arena_printf(a, "circleci-context:%s", name);
	fd.identity = arena_printf(a, "CircleCI context %s", name);
	fd.detail = arena_printf(a,
	    "every environment variable of the "
	    "context is handed to job %s of %s",
	    job, repo);
	ca_emit(ctx, &fd);
}

static void
scan_circleci(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct ytree t;
	const struct ynode *root = load_yaml(&t, ctx, f);
	const char *repo = repo_of(ctx, f, "/.circleci/");
	struct arena *a = ca_scratch(ctx);
	size_t items = 0;

	if (!root)
		goto out;
	hardcoded_in(ctx, f, ci_get(root, "environment"),
	    "other_ci.circleci-hardcoded-secret", "the pipeline environment");
	for (const struct ynode *k =
	         ci_get(root, "jobs") ? ci_get(root, "jobs")->kids : NULL;
	     k && k->next && items++ < OC_MAX_ITEMS; k = k->next->next) {
		const char *job = ynode_str(k);
		const struct ynode *body = k->next;
		if (!job || body->type != YN_MAP)
			continue;
		job = ca_printable_cut(a, k->val, k->len, 64);
		hardcoded_in(ctx, f, ci_get(body, "environment"),
		    "other_ci.circleci-hardcoded-secret",
		    arena_printf(a, "environment of job %s", job));
		for (const struct ynode *d = ci_get(body, "docker") &&
		             ci_get(body, "docker")->type == YN_SEQ ?
		         ci_get(body, "docker")->kids :
		         NULL;
		     d; d = d->next)
			hardcoded_in(ctx, f, ci_get(d, "auth"),
			    "other_ci.circleci-hardcoded-secret",
			    arena_printf(a, "docker auth of job %s", job));
	}
	/* workflows.<w>.jobs: [ name | {name: {context: x | [x, y]}} ] */
	for (const struct ynode *w = ci_get(root, "workflows") ?
	         ci_get(root, "workflows")->kids :
	         NULL;
	     w && w->next && items++ < OC_MAX_ITEMS; w = w->next->next) {
		const struct ynode *jobs = ci_get(w->next, "jobs");
		for (const struct ynode *j =
		         jobs && jobs->type == YN_SEQ ? jobs->kids : NULL;
		     j && items++ < OC_MAX_ITEMS; j = j->next) {
			const struct ynode *ctxn;
			const char *job;
			if (j->type != YN_MAP || !j->kids || !j->kids->next)
				continue;
			job = ynode_str(j->kids) ?
			    ca_printable_cut(a, j->kids->val, j->kids->len,
			        64) :
			    "(unnamed)";
			ctxn = ci_get(j->kids->next, "context");
			if (ctxn && ctxn->type == YN_SEQ) {
				for (const struct ynode *c = ctxn->kids; c;
				     c = c->next)
					emit_context(ctx, repo, c, job);
			} else if (ctxn) {
				emit_context(ctx, repo, ctxn, job);
			}
		}
	}
out:
	ytree_wipe(&t);
}

/* Every `secure:` value under 'n', reported by reference. */
static void
travis_secure(struct ca_ctx *ctx, const struct ca_file *f, const char *repo,
    const struct ynode *n, const char *where, size_t depth, size_t *items)
{
	struct arena *a = ca_scratch(ctx);

	if (!n || depth > 8 || ++*items > OC_MAX_ITEMS)
		return;
	if (n->type == YN_MAP) {
		for (const struct ynode *k = n->kids; k && k->next;
		     k = k->next->next) {
			const char *key = ynode_str(k);
			unsigned char mac[CA_SHA256_LEN];
			char hex[17];
			struct ca_finding fd;
			if (!key || strcmp(key, "secure") ||
			    !ynode_scalar(k->next)) {
				travis_secure(ctx, f, repo, k->next,
				    key ? ca_printable_cut(a, k->val, k->len,
				              64) :
				          where,
				    depth + 1, items);
				continue;
			}
			/* named by a digest of the ciphertext: stable, and
			 * no piece of it in the report */
			ca_sha256(k->next->val, k->next->len, mac);
			ca_hex(mac, 8, hex);
			ca_finding_init(&fd, "other_ci.travis-secure",
			    "ci-secret-ref");
			fd.line = k->next->line;
			fd.ref = arena_printf(a, "travis-secure:%s:%s", repo,
			    hex);
			fd.identity = arena_printf(a,
			    "Travis CI encrypted "
			    "value %s of %s (%s)",
			    hex, repo, where);
			fd.detail =
			    "encrypted with the repository's Travis "
			    "key (secure:): only Travis CI decrypts it, for "
			    "the builds of this repository";
			ca_emit(ctx, &fd);
		}
	} else if (n->type == YN_SEQ) {
		for (const struct ynode *e = n->kids; e; e = e->next)
			travis_secure(ctx, f, repo, e, where, depth + 1, items);
	}
}

static void
scan_travis(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct ytree t;
	const struct ynode *root = load_yaml(&t, ctx, f);
	const char *repo = repo_of(ctx, f, "/.travis.yml");
	const struct ynode *env;
	size_t items = 0;

	if (!root)
		goto out;
	travis_secure(ctx, f, repo, root, "top level", 0, &items);
	/* env: {global: [K=V, ...]} or env: [K=V, ...] */
	env = ci_get(root, "env");
	if (env && env->type == YN_MAP)
		env = ci_get(env, "global");
	for (const struct ynode *e = env && env->type == YN_SEQ ? env->kids :
	                                                          NULL;
	     e; e = e->next) {
		const char *s = ynode_str(e), *eq;
		char key[129];
		struct ca_finding fd;
		if (!s || !(eq = memchr(s, '=', e->len)) ||
		    (size_t)(eq - s) >= sizeof(key))
			continue;
		memcpy(key, s, (size_t)(eq - s));
		key[eq - s] = '\0';
		if (!ci_secret_key(key) ||
		    !ci_secret_value(eq + 1, e->len - (size_t)(eq + 1 - s)) ||
		    ci_token_shaped(eq + 1, e->len - (size_t)(eq + 1 - s)))
			continue;
		ca_finding_init(&fd, "other_ci.travis-hardcoded-secret",
		    "ci-hardcoded-secret");
		fd.line = e->line;
		fd.identity = arena_printf(ca_scratch(ctx), "%s in env of %s",
		    ca_printable_cut(ca_scratch(ctx), key, strlen(key), 128),
		    repo);
		fd.detail =
		    "secret written into .travis.yml: everyone who can "
		    "read the repository has it; use secure: or repository "
		    "settings";
		ca_emit_secret(ctx, f, &fd, eq + 1,
		    e->len - (size_t)(eq + 1 - s));
	}
out:
	ytree_wipe(&t);
}

/* ---- Drone, Woodpecker, Azure Pipelines ------------------------------ */

struct walk {
	struct ca_ctx *ctx;
	const struct ca_file *f;
	const char *repo;
	const char *system; /* "Drone", "Woodpecker", "Azure Pipelines" */
	size_t items;
};

static void
emit_named(struct walk *w, const char *rule, const char *kind, const char *what,
    const struct ynode *name_node, const char *detail)
{
	struct arena *a = ca_scratch(w->ctx);
	const char *name;
	struct ca_finding fd;

	if (!ynode_scalar(name_node) || !name_node->len ||
	    memchr(name_node->val, '$', name_node->len))
		return;
	name = ca_printable_cut(a, name_node->val, name_node->len, 128);
	ca_finding_init(&fd, rule, kind);
	fd.line = name_node->line;
	fd.ref = arena_printf(a, "%s:%s:%s", rule, w->repo, name);
	if (!strcmp(kind, "ci-oidc-role"))
		fd.anchor = fd.ref;
	fd.identity = arena_printf(a, "%s %s %s", w->system, what, name);
	fd.detail = arena_printf(a, "%s (%s)", detail, w->repo);
	ca_emit(w->ctx, &fd);
}

/* Visits every mapping entry under 'n' (the expanded-size cap bounds
 * the walk). */
static void
walk_pipeline(struct walk *w, const struct ynode *n, size_t depth)
{
	if (!n || depth > 32 || ++w->items > OC_MAX_ITEMS * 16)
		return;
	if (n->type == YN_SEQ) {
		for (const struct ynode *e = n->kids; e; e = e->next)
			walk_pipeline(w, e, depth + 1);
		return;
	}
	if (n->type != YN_MAP)
		return;
	for (const struct ynode *k = n->kids; k && k->next; k = k->next->next) {
		const char *key = ynode_str(k);
		const struct ynode *v = k->next;

		if (!key) {
			continue;
		} else if (!strcmp(key, "from_secret")) {
			emit_named(w, "other_ci.drone-secret", "ci-secret-ref",
			    "secret", v,
			    "secret the pipeline reads "
			    "(from_secret), kept by the CI server");
			continue;
		} else if (!strcmp(key, "secrets") && v->type == YN_SEQ &&
		    !strcmp(w->system, "Woodpecker")) {
			for (const struct ynode *e = v->kids; e; e = e->next)
				emit_named(w, "other_ci.drone-secret",
				    "ci-secret-ref", "secret",
				    e->type == YN_MAP ? ci_get(e, "source") : e,
				    "secret a step "
				    "reads, kept by the CI server");
			continue;
		} else if (!strcmp(key, "group") &&
		    !strcmp(w->system, "Azure Pipelines")) {
			emit_named(w, "other_ci.azure-variable-group",
			    "ci-secret-ref", "variable group", v,
			    "variable "
			    "group linked to the pipeline: its secret "
			    "variables reach the jobs");
			continue;
		} else if ((!strcmp(key, "azureSubscription") ||
		               !strcmp(key, "connectedServiceNameARM") ||
		               !strcmp(key,
		                   "azureResourceManagerConnection")) &&
		    !strcmp(w->system, "Azure Pipelines")) {
			emit_named(w, "other_ci.azure-service-connection",
			    "ci-oidc-role", "service connection", v,
			    "Azure Resource Manager service connection a task "
			    "signs in with (workload identity federation or a "
			    "secret Azure DevOps keeps)");
			continue;
		}
		walk_pipeline(w, v, depth + 1);
	}
}

/* Azure Pipelines variables: [ {name: K, value: V}, {group: G} ] or
 * {K: V}. */
static void
azure_variables(struct ca_ctx *ctx, const struct ca_file *f,
    const struct ynode *vars)
{
	struct arena *a = ca_scratch(ctx);

	if (vars && vars->type == YN_MAP) {
		hardcoded_in(ctx, f, vars, "other_ci.azure-hardcoded-secret",
		    "pipeline variables");
		return;
	}
	for (const struct ynode *e = vars && vars->type == YN_SEQ ? vars->kids :
	                                                            NULL;
	     e; e = e->next) {
		const char *key = ynode_str(ci_get(e, "name"));
		const struct ynode *v = ci_get(e, "value");
		struct ca_finding fd;

		if (!key || !ynode_scalar(v) || !ci_secret_key(key) ||
		    !ci_secret_value(v->val, v->len) ||
		    ci_token_shaped(v->val, v->len))
			continue;
		ca_finding_init(&fd, "other_ci.azure-hardcoded-secret",
		    "ci-hardcoded-secret");
		fd.line = v->line;
		fd.identity = arena_printf(a, "%s in pipeline variables",
		    ca_printable_cut(a, key, strlen(key), 128));
		fd.detail = "secret written into azure-pipelines.yml: everyone "
		            "who can read the repository has it; use a secret "
		            "variable";
		ca_emit_secret(ctx, f, &fd, v->val, v->len);
	}
}

/* 'marker' starts the part of the path below the repository. */
static void
scan_walked(struct ca_ctx *ctx, const struct ca_file *f, const char *system,
    const char *marker)
{
	struct ytree t;
	const struct ynode *root = load_yaml(&t, ctx, f);
	struct walk w;

	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.f = f;
	w.system = system;
	w.repo = repo_of(ctx, f, marker);
	if (root) {
		walk_pipeline(&w, root, 0);
		if (!strcmp(system, "Azure Pipelines"))
			azure_variables(ctx, f, ci_get(root, "variables"));
	}
	ytree_wipe(&t);
}

static int
other_ci_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	if (!strcmp(f->name, "buildkite-agent.cfg")) {
		scan_buildkite(ctx, f);
		return 0;
	}
	if (ca_ctx_dep_tree(ctx))
		return 0; /* a package's own pipeline */
	if (!strcmp(f->name, ".travis.yml"))
		scan_travis(ctx, f);
	else if (!strcmp(f->name, ".drone.yml"))
		scan_walked(ctx, f, "Drone", "/.drone.yml");
	else if (strstr(f->path, "/.woodpecker"))
		scan_walked(ctx, f, "Woodpecker", "/.woodpecker");
	else if (ca_starts_with(f->name, "azure-pipelines"))
		scan_walked(ctx, f, "Azure Pipelines", "/azure-pipelines.y");
	else
		scan_circleci(ctx, f);
	return 0;
}

/* clang-format off */
static const char *const other_ci_claims[] = {
	"**/buildkite-agent.cfg",
	"**/.circleci/config.yml",
	"**/.travis.yml",
	"**/.drone.yml",
	"**/.woodpecker.yml",
	"**/.woodpecker.yaml",
	"**/.woodpecker/*.yml",
	"**/.woodpecker/*.yaml",
	"**/azure-pipelines.yml",
	"**/azure-pipelines.yaml",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc other_ci_rules[] = {
	{ "other_ci.azure-hardcoded-secret", "ci-hardcoded-secret",
	  "secret written into azure-pipelines.yml variables" },
	{ "other_ci.azure-service-connection", "ci-oidc-role",
	  "Azure Pipelines service connection a task signs in with" },
	{ "other_ci.azure-variable-group", "ci-secret-ref",
	  "Azure Pipelines variable group linked to a pipeline" },
	{ "other_ci.buildkite-agent-token", "buildkite-agent-token",
	  "token of the Buildkite agent's buildkite-agent.cfg" },
	{ "other_ci.circleci-context", "ci-secret-ref",
	  "CircleCI context a workflow hands a job" },
	{ "other_ci.circleci-hardcoded-secret", "ci-hardcoded-secret",
	  "secret written into .circleci/config.yml (environment, docker "
	  "auth)" },
	{ "other_ci.drone-secret", "ci-secret-ref",
	  "secret a Drone or Woodpecker pipeline names (from_secret, "
	  "secrets)" },
	{ "other_ci.travis-hardcoded-secret", "ci-hardcoded-secret",
	  "secret written into the env of .travis.yml" },
	{ "other_ci.travis-secure", "ci-secret-ref",
	  "encrypted secure: value of .travis.yml (present, by reference)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_other_ci = {
	.name = "other_ci",
	.surface = "ci",
	.summary = "Buildkite agent token, CircleCI, Travis CI, Drone, "
	           "Woodpecker and Azure Pipelines secrets",
	.version = 1,
	.claims = other_ci_claims,
	.rules = other_ci_rules,
	.scan_file = other_ci_scan_file,
};
