/* gitlab_ci.c - GitLab CI pipelines: .gitlab-ci.yml in every repository
 * under the scanned roots, and the local files it includes (one level,
 * inside the repository). It reports:
 *
 * - secrets written into `variables:` (of the pipeline, `default:` or a
 *   job; `KEY: value` or `KEY: {value: ...}`) as ci-hardcoded-secret;
 * - `id_tokens:`: the OIDC tokens a job asks GitLab for, each with the
 *   audience it federates to (ci-oidc-role);
 * - `secrets:`: external secrets a job reads from Vault, Azure Key Vault,
 *   GCP Secret Manager or AWS Secrets Manager, by name and path
 *   (ci-secret-ref);
 * - the jobs that hand CI_JOB_TOKEN on (in a script, a variable or a
 *   URL), as one ci-workflow-token per pipeline.
 *
 * YAML goes through the bounded tree of yaml_tree.h and the same
 * expanded-size cap as the GitHub workflows; a YAML file without a job
 * or a variable is ignored. Inside installed software a pipeline is its
 * authors', and is passed over. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/secret.h"
#include "scanners/kit/yaml_tree.h"
#include "scanners/surfaces/ci/cikit.h"

#define GL_EXPANDED_CAP 100000 /* nodes, aliases followed */
#define GL_MAX_INCLUDES 16
#define GL_MAX_LISTED   4

/* Top-level keys that are not jobs. */
/* clang-format off */
static const char *const not_jobs[] = {
	"default", "include", "stages", "variables", "workflow", "image",
	"services", "cache", "before_script", "after_script", "types",
	"pages:deploy", "spec", NULL,
};
/* clang-format on */

struct gl {
	struct ca_ctx *ctx;
	const struct ca_file *f;
	struct arena *a;
	const char *repo;
	const char *path; /* the file being read (included or not) */
	const char *file; /* its printable name inside the repo */
	const char *data; /* its bytes, for lines */
	size_t len;
	const char *token_jobs; /* jobs handing CI_JOB_TOKEN on */
	size_t ntoken_jobs;
	unsigned int token_line;
	const char *token_path;
};

static const char *
str_of(struct gl *g, const struct ynode *n, size_t max)
{
	if (!n || !ynode_scalar(n) || !n->len)
		return NULL;
	return ca_printable_cut(g->a, n->val, n->len, max);
}

static bool
is_not_job(const char *key)
{
	for (size_t i = 0; not_jobs[i]; i++)
		if (!strcmp(key, not_jobs[i]))
			return true;
	return false;
}

/* ---- variables -------------------------------------------------------- */

static void
variables_in(struct gl *g, const struct ynode *vars, const char *where)
{
	if (!vars || vars->type != YN_MAP)
		return;
	for (const struct ynode *k = vars->kids; k && k->next;
	     k = k->next->next) {
		const char *key = str_of(g, k, 128);
		const struct ynode *v = k->next;
		struct ca_finding fd;

		if (v->type == YN_MAP)
			v = ci_get(v, "value");
		if (!key || !ynode_scalar(v) || !ci_secret_key(key) ||
		    !ci_secret_value(v->val, v->len) ||
		    ci_token_shaped(v->val, v->len))
			continue;
		ca_finding_init(&fd, "gitlab_ci.hardcoded-secret",
		    "ci-hardcoded-secret");
		fd.path = g->path;
		fd.line = v->line;
		fd.identity = arena_printf(g->a, "%s in %s of pipeline %s", key,
		    where, g->file);
		fd.detail = arena_printf(g->a,
		    "secret written into the "
		    "pipeline (%s of %s): everyone who can read the "
		    "repository has it; keep it in a masked CI/CD variable",
		    key, where);
		ca_emit_secret(g->ctx, g->f, &fd, v->val, v->len);
	}
}

/* ---- id_tokens and secrets ------------------------------------------- */

static void
id_tokens_in(struct gl *g, const struct ynode *ids, const char *job)
{
	if (!ids || ids->type != YN_MAP)
		return;
	for (const struct ynode *k = ids->kids; k && k->next;
	     k = k->next->next) {
		const char *name = str_of(g, k, 64);
		const struct ynode *aud = ci_get(k->next, "aud");
		const char *a;
		struct ca_finding fd;

		if (aud && aud->type == YN_SEQ)
			aud = aud->kids;
		a = str_of(g, aud, 256);
		if (!name)
			continue;
		ca_finding_init(&fd, "gitlab_ci.id-token", "ci-oidc-role");
		fd.path = g->path;
		fd.line = k->line;
		fd.ref = arena_printf(g->a, "ci-oidc:gitlab:%s:%s", g->repo,
		    a ? a : name);
		fd.anchor = fd.ref;
		fd.identity = arena_printf(g->a, "GitLab ID token %s for %s",
		    name, a ? a : "(no audience)");
		fd.detail = arena_printf(g->a,
		    "OIDC token GitLab issues to "
		    "job %s of %s (pipeline %s): whatever trusts that "
		    "audience for this project grants its role",
		    job, g->repo, g->file);
		ca_emit(g->ctx, &fd);
	}
}

/* "vault secret ops/db/password@kv", "Azure Key Vault secret x". */
static const char *
external_secret(struct gl *g, const struct ynode *spec)
{
	const struct ynode *v;
	const char *s;

	if ((v = ci_get(spec, "vault"))) {
		if ((s = str_of(g, v, 256)))
			return arena_printf(g->a, "Vault secret %s", s);
		if ((s = str_of(g, ci_get(v, "path"), 256)))
			return arena_printf(g->a, "Vault secret %s%s%s", s,
			    ci_get(v, "field") ? "/" : "",
			    ci_get(v, "field") ?
			        str_of(g, ci_get(v, "field"), 64) :
			        "");
		return "Vault secret";
	}
	if ((v = ci_get(spec, "azure_key_vault")))
		return arena_printf(g->a, "Azure Key Vault secret %s",
		    str_of(g, ci_get(v, "name"), 128) ?
		        str_of(g, ci_get(v, "name"), 128) :
		        "(unnamed)");
	if ((v = ci_get(spec, "gcp_secret_manager")))
		return arena_printf(g->a, "GCP Secret Manager secret %s",
		    str_of(g, ci_get(v, "name"), 128) ?
		        str_of(g, ci_get(v, "name"), 128) :
		        "(unnamed)");
	if ((v = ci_get(spec, "aws_secrets_manager")))
		return arena_printf(g->a, "AWS Secrets Manager secret %s",
		    str_of(g, ci_get(v, "secret_id"), 128) ?
		        str_of(g, ci_get(v, "secret_id"), 128) :
		        (str_of(g, v, 128) ? str_of(g, v, 128) : "(unnamed)"));
	return NULL;
}

static void
secrets_in(struct gl *g, const struct ynode *secrets, const char *job)
{
	if (!secrets || secrets->type != YN_MAP)
		return;
	for (const struct ynode *k = secrets->kids; k && k->next;
	     k = k->next->next) {
		const char *name = str_of(g, k, 128);
		const char *what = external_secret(g, k->next);
		struct ca_finding fd;

		if (!name || !what)
			continue;
		ca_finding_init(&fd, "gitlab_ci.secret-ref", "ci-secret-ref");
		fd.path = g->path;
		fd.line = k->line;
		fd.ref = arena_printf(g->a, "gitlab-secret:%s:%s", g->repo,
		    name);
		fd.identity = arena_printf(g->a, "%s (as %s)", what, name);
		fd.detail = arena_printf(g->a,
		    "external secret read by job %s "
		    "of %s (pipeline %s) with its ID token",
		    job, g->repo, g->file);
		ca_emit(g->ctx, &fd);
	}
}

/* ---- CI_JOB_TOKEN ----------------------------------------------------- */

static bool
uses_job_token(const struct ynode *n, size_t depth)
{
	if (!n || depth > 16)
		return false;
	if (n->type == YN_SCALAR)
		return ynode_str(n) && strstr(n->val, "CI_JOB_TOKEN");
	for (const struct ynode *k = n->kids; k; k = k->next)
		if (uses_job_token(k, depth + 1))
			return true;
	return false;
}

static void
job_token_in(struct gl *g, const struct ynode *job, const char *name,
    unsigned int line)
{
	static const char *const keys[] = {
		"script",
		"before_script",
		"after_script",
		"variables",
	};

	for (size_t i = 0; i < CA_ARRAY_SIZE(keys); i++) {
		if (!uses_job_token(ci_get(job, keys[i]), 0))
			continue;
		if (g->ntoken_jobs < GL_MAX_LISTED)
			g->token_jobs = g->ntoken_jobs ?
			    arena_printf(g->a, "%s, %s", g->token_jobs, name) :
			    name;
		if (!g->ntoken_jobs++) {
			g->token_line = line;
			g->token_path = g->path;
		}
		return;
	}
}

/* ---- documents -------------------------------------------------------- */

static void
read_doc(struct gl *g, const struct ynode *root)
{
	const struct ynode *dflt = ci_get(root, "default");

	variables_in(g, ci_get(root, "variables"), "variables");
	variables_in(g, ci_get(dflt, "variables"), "default variables");
	id_tokens_in(g, ci_get(dflt, "id_tokens"), "default");
	for (const struct ynode *k = root->kids; k && k->next;
	     k = k->next->next) {
		const char *job = str_of(g, k, 64);
		const char *where;

		if (!job || k->next->type != YN_MAP || is_not_job(job) ||
		    !strcmp(job, "<<"))
			continue;
		where = arena_printf(g->a, "job %s", job);
		variables_in(g, ci_get(k->next, "variables"), where);
		id_tokens_in(g, ci_get(k->next, "id_tokens"), job);
		secrets_in(g, ci_get(k->next, "secrets"), job);
		job_token_in(g, k->next, job, k->line);
	}
}

/* Parses 'len' bytes of 'data' (borrowed) into 't'; NULL after a warning
 * about 'path' when it is not a usable mapping. */
static const struct ynode *
load(struct gl *g, struct ytree *t, const char *data, size_t len,
    const char *path)
{
	if (ytree_parse(t, g->a, data, len, NULL) < 0) {
		ca_warn(g->ctx, path, "invalid YAML at line %u: %s",
		    t->error_line, t->error ? t->error : "parse error");
		return NULL;
	}
	if (!t->root || t->root->type != YN_MAP)
		return NULL;
	if (ynode_expanded(t->root, GL_EXPANDED_CAP) > GL_EXPANDED_CAP) {
		ca_warn(g->ctx, path,
		    "pipeline too large once its aliases are "
		    "followed (over %d nodes): not read",
		    GL_EXPANDED_CAP);
		return NULL;
	}
	return t->root;
}

/* A local include: "/ci/x.yml", {local: "/ci/x.yml"}; remote, project and
 * template includes are not on this machine. */
static const char *
local_include(struct gl *g, const struct ynode *n)
{
	const char *s = NULL;

	if (ynode_scalar(n))
		s = str_of(g, n, 512);
	else if (n && n->type == YN_MAP)
		s = str_of(g, ci_get(n, "local"), 512);
	if (!s || strstr(s, "://") || strstr(s, "..") || strchr(s, '*') ||
	    strchr(s, '$'))
		return NULL;
	return arena_printf(g->a, "%s/%s", g->repo, s[0] == '/' ? s + 1 : s);
}

static void
read_includes(struct gl *g, const struct ynode *inc)
{
	const struct ynode *one = inc;
	size_t n = 0;

	if (inc && inc->type == YN_SEQ)
		one = inc->kids;
	for (; one && n < GL_MAX_INCLUDES;
	     one = inc->type == YN_SEQ ? one->next : NULL, n++) {
		const char *path = local_include(g, one);
		struct strbuf sb = STRBUF_INIT(1u << 20);
		struct ytree t;
		const struct ynode *root;
		int r;

		if (!path || !strcmp(path, g->f->path))
			continue;
		r = ca_read_file(g->ctx, path, &sb);
		if (r == 0) {
			g->path = path;
			g->file = ca_printable_cut(g->a,
			    path + strlen(g->repo) + 1,
			    strlen(path + strlen(g->repo) + 1), 128);
			root = load(g, &t, sb.buf, sb.len, path);
			if (root)
				read_doc(g, root);
			ytree_wipe(&t);
		} else if (r != -ENOENT) {
			ca_warn(g->ctx, path, "cannot read included file: %s",
			    strerror(-r));
		}
		ca_wipe(sb.buf, sb.len);
		strbuf_release(&sb);
	}
}

static void
emit_job_token(struct gl *g, const char *main_file)
{
	struct ca_finding fd;

	if (!g->ntoken_jobs)
		return;
	ca_finding_init(&fd, "gitlab_ci.job-token", "ci-workflow-token");
	fd.path = g->token_path;
	fd.line = g->token_line;
	fd.ref = arena_printf(g->a, "gitlab-job-token:%s", g->f->path);
	fd.identity = arena_printf(g->a, "CI_JOB_TOKEN of %s (pipeline %s)",
	    g->repo, main_file);
	fd.detail = arena_printf(g->a,
	    "the job token is handed on by %s%s: "
	    "it acts as the user who ran the pipeline on every project "
	    "whose job token allowlist admits this one",
	    g->token_jobs,
	    g->ntoken_jobs > GL_MAX_LISTED ?
	        arena_printf(g->a, " and %zu more",
	            g->ntoken_jobs - GL_MAX_LISTED) :
	        "");
	ca_emit(g->ctx, &fd);
}

static int
gitlab_ci_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct ytree t;
	const struct ynode *root;
	const char *slash = strrchr(f->path, '/');
	struct gl *g;

	if (ca_ctx_dep_tree(ctx))
		return 0;
	g = arena_zalloc(ca_scratch(ctx), sizeof(*g));
	g->ctx = ctx;
	g->f = f;
	g->a = ca_scratch(ctx);
	g->repo = slash && slash != f->path ?
	    arena_strndup(g->a, f->path, (size_t)(slash - f->path)) :
	    "";
	g->path = f->path;
	g->file = ca_printable_cut(g->a, f->name, strlen(f->name), 128);
	root = load(g, &t, f->data, f->len, NULL);
	if (root) {
		read_doc(g, root);
		read_includes(g, ci_get(root, "include"));
		emit_job_token(g,
		    ca_printable_cut(g->a, f->name, strlen(f->name), 128));
	}
	ytree_wipe(&t);
	return 0;
}

static const char *const gitlab_ci_claims[] = {
	"**/.gitlab-ci.yml",
	NULL,
};

/* clang-format off */
static const struct ca_rule_doc gitlab_ci_rules[] = {
	{ "gitlab_ci.hardcoded-secret", "ci-hardcoded-secret",
	  "secret written into a pipeline's variables" },
	{ "gitlab_ci.id-token", "ci-oidc-role",
	  "OIDC ID token a job asks for (id_tokens), with its audience" },
	{ "gitlab_ci.job-token", "ci-workflow-token",
	  "CI_JOB_TOKEN handed on by a pipeline's jobs" },
	{ "gitlab_ci.secret-ref", "ci-secret-ref",
	  "external secret a job reads (secrets: vault, azure_key_vault, "
	  "gcp_secret_manager, aws_secrets_manager)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_gitlab_ci = {
	.name = "gitlab_ci",
	.surface = "ci",
	.summary = "GitLab CI pipelines: variables, ID tokens, external "
	           "secrets, job token",
	.version = 1,
	.claims = gitlab_ci_claims,
	.rules = gitlab_ci_rules,
	.scan_file = gitlab_ci_scan_file,
};
