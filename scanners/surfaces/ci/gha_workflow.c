/* gha_workflow.c - GitHub Actions workflows: the .yml and .yaml files of
 * .github/workflows in every repository under the scanned roots. A
 * workflow decides which token its jobs get, which secrets they see,
 * which cloud role they can assume and whether untrusted code runs with
 * them; this module reports that authority:
 *
 * - the workflow's GITHUB_TOKEN (ci-workflow-token, no secret on disk):
 *   its scopes are the effective permissions of its jobs (a job's own
 *   block, else the workflow's, else the repository default, reported as
 *   "default (assumed write)"), and its tier follows them;
 * - each cloud role a job federates to through GitHub's OIDC issuer
 *   (ci-oidc-role): aws-actions/configure-aws-credentials role-to-assume,
 *   google-github-actions/auth workload_identity_provider and
 *   service_account, azure/login client-id; the token links to it;
 * - the repository secrets the workflow names (ci-secret-ref, names
 *   only), and `secrets: inherit`;
 * - a job of a pull_request_target or workflow_run workflow that checks
 *   out the pull request's code (ci-untrusted-checkout);
 * - secrets written into env: or with: (ci-hardcoded-secret);
 * - self-hosted runners and third-party actions pinned by tag instead of
 *   a commit, as reasons on the token.
 *
 * YAML goes through the bounded tree of yaml_tree.h; a tree that would
 * pass WF_EXPANDED_CAP nodes once its aliases are followed (an alias
 * bomb) is refused before any walk. A YAML file without a `jobs` mapping
 * is not a workflow and is ignored without a word, and so is a workflow
 * inside installed software (a pyenv checkout, node_modules, the Go
 * module cache): it grants its authors' authority, not the user's. */
#include "lib/compat.h"
#include <ctype.h>
#include "lib/str.h"
#include "scanners/kit/secret.h"
#include "scanners/kit/yaml_tree.h"
#include "scanners/surfaces/ci/cikit.h"

#define WF_EXPANDED_CAP 100000 /* nodes, aliases followed */
#define WF_MAX_REFS     256    /* secret names per workflow */
#define WF_MAX_ROLES    32     /* federated roles per workflow */
#define WF_MAX_LISTED   4      /* names listed in one reason */

enum perm_level { PERM_NONE, PERM_READ, PERM_WRITE };

/* The GITHUB_TOKEN permission scopes (administration is not one, but a
 * workflow naming it asks for the most). */
/* clang-format off */
static const char *const scope_names[] = {
	"actions", "administration", "attestations", "checks", "contents",
	"deployments", "discussions", "id-token", "issues", "models",
	"packages", "pages", "pull-requests", "repository-projects",
	"security-events", "statuses",
};
/* clang-format on */
#define NSCOPES CA_ARRAY_SIZE(scope_names)

enum perm_mode {
	PM_DEFAULT, /* no block: the repository default */
	PM_READ_ALL,
	PM_WRITE_ALL,
	PM_MAP,     /* scope: level, the rest none */
	PM_UNKNOWN, /* an expression or a shape GitHub would refuse */
};

struct perms {
	enum perm_mode mode;
	unsigned char level[NSCOPES];
};

struct secret_ref {
	const char *name;
	unsigned int line;
	const char *jobs; /* "build, deploy" */
	size_t njobs;
	const char *last_job;
};

struct oidc_role {
	const char *anchor; /* "ci-oidc:aws:arn:..." */
	const char *identity;
	const char *action;
	const char *job;
	unsigned int line;
	bool id_token; /* the job's token may ask for an OIDC token */
};

struct wf {
	struct ca_ctx *ctx;
	const struct ca_file *f;
	struct arena *a;
	const char *repo;    /* the directory holding .github */
	const char *file;    /* printable file name */
	const char *trigger; /* pull_request_target / workflow_run */
	struct perms top;
	bool top_set;
	unsigned int perm_line; /* of the top-level block, or of jobs */

	/* the token: what its jobs get, together */
	struct perms any; /* the highest level of each scope */
	bool any_default, any_write_all, any_read_all, any_unknown;
	size_t njobs, nempty;
	const char *default_jobs;
	size_t ndefault;
	const char *self_hosted;
	size_t nself_hosted;
	const char *unpinned;
	size_t nunpinned;
	bool inherit;

	struct secret_ref refs[WF_MAX_REFS];
	size_t nrefs;
	size_t job_refs; /* references in the job being read */
	struct oidc_role roles[WF_MAX_ROLES];
	size_t nroles;
};

/* ---- tree reading ----------------------------------------------------- */

static const char *
str_of(struct wf *w, const struct ynode *n, size_t max)
{
	if (!n || !ynode_scalar(n) || !n->len)
		return NULL;
	return ca_printable_cut(w->a, n->val, n->len, max);
}

/* Appends 'name' to the ", "-separated list '*list' of '*n' names, the
 * first WF_MAX_LISTED of them. */
static void
list_add(struct wf *w, const char **list, size_t *n, const char *name)
{
	if (*n < WF_MAX_LISTED)
		*list = *n ? arena_printf(w->a, "%s, %s", *list, name) :
		             arena_strdup(w->a, name);
	++*n;
}

/* "a, b, c, d and 3 more" */
static const char *
list_text(struct wf *w, const char *list, size_t n)
{
	if (n <= WF_MAX_LISTED)
		return list;
	return arena_printf(w->a, "%s and %zu more", list, n - WF_MAX_LISTED);
}

/* ---- permissions ------------------------------------------------------ */

static int
scope_index(const char *name)
{
	for (size_t i = 0; i < NSCOPES; i++)
		if (!strcmp(scope_names[i], name))
			return (int)i;
	return -1;
}

static void
perms_parse(const struct ynode *n, struct perms *p)
{
	memset(p, 0, sizeof(*p));
	if (!n) {
		p->mode = PM_DEFAULT;
		return;
	}
	if (n->type == YN_SCALAR) {
		const char *s = ynode_str(n);
		if (s && !strcmp(s, "read-all"))
			p->mode = PM_READ_ALL;
		else if (s && !strcmp(s, "write-all"))
			p->mode = PM_WRITE_ALL;
		else if (ynode_null(n))
			/* `permissions:` alone grants nothing */
			p->mode = PM_MAP;
		else
			p->mode = PM_UNKNOWN;
		return;
	}
	if (n->type != YN_MAP) {
		p->mode = PM_UNKNOWN;
		return;
	}
	p->mode = PM_MAP;
	for (const struct ynode *k = n->kids; k && k->next; k = k->next->next) {
		const char *name = ynode_str(k), *lvl = ynode_str(k->next);
		int i = name ? scope_index(name) : -1;
		if (i < 0 || !lvl)
			continue;
		if (!strcmp(lvl, "write"))
			p->level[i] = PERM_WRITE;
		else if (!strcmp(lvl, "read"))
			p->level[i] = PERM_READ;
	}
}

/* The level a job with effective permissions 'p' has on scope 'i'. The
 * permissive repository default writes everything but id-token and
 * administration. */
static enum perm_level
perms_level(const struct perms *p, size_t i)
{
	bool special = !strcmp(scope_names[i], "id-token") ||
	    !strcmp(scope_names[i], "administration");

	switch (p->mode) {
	case PM_DEFAULT:
	case PM_UNKNOWN:
		return special ? PERM_NONE : PERM_WRITE;
	case PM_READ_ALL:
		return !strcmp(scope_names[i], "administration") ? PERM_NONE :
		                                                   PERM_READ;
	case PM_WRITE_ALL:
		return !strcmp(scope_names[i], "administration") ? PERM_NONE :
		                                                   PERM_WRITE;
	case PM_MAP:
		return (enum perm_level)p->level[i];
	}
	return PERM_NONE;
}

static bool
perms_id_token(const struct perms *p)
{
	return perms_level(p, (size_t)scope_index("id-token")) == PERM_WRITE;
}

/* "contents:read, id-token:write" or "none" */
static const char *
perms_text(struct wf *w, const struct perms *p)
{
	struct strbuf sb = STRBUF_INIT(1024);
	const char *out;

	switch (p->mode) {
	case PM_DEFAULT:
		return "default (assumed write)";
	case PM_UNKNOWN:
		return "not understood (assumed write)";
	case PM_READ_ALL:
		return "read-all";
	case PM_WRITE_ALL:
		return "write-all";
	case PM_MAP:
		break;
	}
	for (size_t i = 0; i < NSCOPES; i++)
		if (p->level[i])
			strbuf_addf(&sb, "%s%s:%s", sb.len ? ", " : "",
			    scope_names[i],
			    p->level[i] == PERM_WRITE ? "write" : "read");
	out = arena_strdup(w->a, sb.len ? sb.buf : "none");
	strbuf_release(&sb);
	return out;
}

/* What the token can do at worst with 'p'. */
static enum ca_tier
perms_tier(const struct perms *p)
{
	enum ca_tier t = CA_TIER_READ;

	if (p->mode == PM_WRITE_ALL)
		return CA_TIER_ADMIN;
	if (p->mode == PM_DEFAULT || p->mode == PM_UNKNOWN)
		return CA_TIER_WRITE;
	if (p->mode == PM_MAP &&
	    p->level[scope_index("administration")] == PERM_WRITE)
		return CA_TIER_ADMIN;
	for (size_t i = 0; i < NSCOPES; i++)
		if (perms_level(p, i) == PERM_WRITE &&
		    strcmp(scope_names[i], "id-token"))
			t = CA_TIER_WRITE;
	return t;
}

static bool
perms_empty(const struct perms *p)
{
	if (p->mode != PM_MAP)
		return false;
	for (size_t i = 0; i < NSCOPES; i++)
		if (p->level[i])
			return false;
	return true;
}

/* Folds a job's effective permissions into the workflow token's. */
static void
perms_fold(struct wf *w, const struct perms *p, const char *job)
{
	w->njobs++;
	switch (p->mode) {
	case PM_DEFAULT:
		w->any_default = true;
		list_add(w, &w->default_jobs, &w->ndefault, job);
		return;
	case PM_UNKNOWN:
		w->any_unknown = true;
		return;
	case PM_READ_ALL:
		w->any_read_all = true;
		return;
	case PM_WRITE_ALL:
		w->any_write_all = true;
		return;
	case PM_MAP:
		break;
	}
	if (perms_empty(p))
		w->nempty++;
	for (size_t i = 0; i < NSCOPES; i++)
		if (p->level[i] > w->any.level[i])
			w->any.level[i] = p->level[i];
}

/* ---- secrets named ---------------------------------------------------- */

static void
ref_add(struct wf *w, const char *name, size_t len, unsigned int line,
    const char *job)
{
	struct secret_ref *r = NULL;
	const char *n = ca_printable_cut(w->a, name, len, 128);

	if (!n || !strcmp(n, "GITHUB_TOKEN"))
		return; /* the workflow token itself */
	for (size_t i = 0; i < w->nrefs; i++)
		if (!strcmp(w->refs[i].name, n))
			r = &w->refs[i];
	if (!r) {
		if (w->nrefs >= WF_MAX_REFS)
			return;
		r = &w->refs[w->nrefs++];
		memset(r, 0, sizeof(*r));
		r->name = n;
		r->line = line;
	}
	if (!job)
		return;
	w->job_refs++;
	if (r->last_job == job)
		return;
	r->last_job = job;
	list_add(w, &r->jobs, &r->njobs, job);
}

static bool
ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* Finds secrets.NAME and secrets['NAME'] inside the ${{ }} expressions of
 * scalar 'n'. */
static void
refs_in_scalar(struct wf *w, const struct ynode *n, const char *job)
{
	const char *s = ynode_str(n), *end, *e, *x;

	if (!s)
		return;
	end = s + n->len;
	for (const char *p = s; (e = memmem(p, (size_t)(end - p), "${{", 3));
	     p = x) {
		x = memmem(e, (size_t)(end - e), "}}", 2);
		if (!x)
			x = end;
		for (const char *q = e + 3; q + 8 < x; q++) {
			const char *name;
			size_t len = 0;
			if (memcmp(q, "secrets", 7) ||
			    (q > s && ident_char(q[-1])))
				continue;
			if (q[7] == '.') {
				name = q + 8;
				while (name + len < x && ident_char(name[len]))
					len++;
			} else if (q[7] == '[' && q + 9 < x &&
			    (q[8] == '\'' || q[8] == '"')) {
				char quote = q[8];
				name = q + 9;
				while (name + len < x && name[len] != quote)
					len++;
			} else {
				continue;
			}
			if (len)
				ref_add(w, name, len, n->line, job);
		}
	}
}

/* Every scalar under 'n' (the expanded-size check bounds the walk). */
static void
refs_in_tree(struct wf *w, const struct ynode *n, const char *job)
{
	if (!n)
		return;
	if (n->type == YN_SCALAR) {
		refs_in_scalar(w, n, job);
		return;
	}
	for (const struct ynode *k = n->kids; k; k = k->next)
		refs_in_tree(w, k, job);
}

/* ---- hard-coded secrets ----------------------------------------------- */

/* The entries of mapping 'env' (an env: or with: block) whose key names a
 * secret and whose value is written out. */
static void
hardcoded_in(struct wf *w, const struct ynode *map, const char *where)
{
	if (!map || map->type != YN_MAP)
		return;
	for (const struct ynode *k = map->kids; k && k->next;
	     k = k->next->next) {
		const char *key = str_of(w, k, 128);
		const struct ynode *v = k->next;
		struct ca_finding fd;

		if (!key || !ynode_scalar(v) || !ci_secret_key(key) ||
		    !ci_secret_value(v->val, v->len) ||
		    ci_token_shaped(v->val, v->len))
			continue;
		ca_finding_init(&fd, "gha_workflow.hardcoded-secret",
		    "ci-hardcoded-secret");
		fd.line = v->line;
		fd.identity = arena_printf(w->a, "%s in %s of workflow %s", key,
		    where, w->file);
		fd.detail = arena_printf(w->a,
		    "secret written into the "
		    "workflow (%s of %s): everyone who can read the "
		    "repository has it; keep it in repository secrets",
		    key, where);
		ca_emit_secret(w->ctx, w->f, &fd, v->val, v->len);
	}
}

/* ---- steps ------------------------------------------------------------ */

/* "owner/repo@ref": true when it is a third-party action pinned by a tag
 * or branch rather than a full commit sha. */
static bool
unpinned_action(const char *uses)
{
	const char *at = strrchr(uses, '@');
	size_t n;

	if (!at || uses[0] == '.' || !strncmp(uses, "docker://", 9))
		return false;
	if (!strncmp(uses, "actions/", 8) || !strncmp(uses, "github/", 7))
		return false;
	n = strlen(at + 1);
	if (n != 40)
		return true;
	for (size_t i = 1; i <= n; i++)
		if (!isxdigit((unsigned char)at[i]))
			return true;
	return false;
}

static bool
action_is(const char *uses, const char *name)
{
	size_t n = strlen(name);

	return !strncasecmp(uses, name, n) && (uses[n] == '@' || !uses[n]);
}

/* A ref or repository input that names the pull request's own code. */
static bool
untrusted_ref(const char *s)
{
	static const char *const heads[] = {
		"github.event.pull_request.head.sha",
		"github.event.pull_request.head.ref",
		"github.event.pull_request.head.repo",
		"github.head_ref",
		"github.event.workflow_run.head_sha",
		"github.event.workflow_run.head_branch",
		"github.event.workflow_run.head_repository",
		"refs/pull/",
		"github.event.number",
		"github.event.pull_request.number",
	};

	for (size_t i = 0; s && i < CA_ARRAY_SIZE(heads); i++)
		if (strstr(s, heads[i]))
			return true;
	return false;
}

static void
role_add(struct wf *w, const char *provider, const char *role,
    const char *identity, const char *action, const char *job,
    const struct perms *eff, unsigned int line)
{
	struct oidc_role *r;

	if (w->nroles >= WF_MAX_ROLES)
		return;
	r = &w->roles[w->nroles++];
	r->anchor = arena_printf(w->a, "ci-oidc:%s:%s", provider, role);
	r->identity = identity;
	r->action = action;
	r->job = job;
	r->line = line;
	r->id_token = perms_id_token(eff);
}

/* Cloud logins through GitHub's OIDC issuer in one step. */
static void
step_oidc(struct wf *w, const char *uses, const struct ynode *with,
    const char *job, const struct perms *eff, unsigned int line)
{
	if (action_is(uses, "aws-actions/configure-aws-credentials")) {
		const char *role = str_of(w, ci_get(with, "role-to-assume"),
		    256);
		/* static keys in with: are secrets, not a federation */
		if (role && !ci_get(with, "aws-secret-access-key"))
			role_add(w, "aws", role,
			    arena_printf(w->a, "AWS role %s", role),
			    "aws-actions/configure-aws-credentials", job, eff,
			    line);
	} else if (action_is(uses, "google-github-actions/auth")) {
		const char *wip = str_of(w,
		    ci_get(with, "workload_identity_provider"), 256);
		const char *sa = str_of(w, ci_get(with, "service_account"),
		    256);
		if (wip)
			role_add(w, "gcp", sa ? sa : wip,
			    sa ? arena_printf(w->a,
			             "GCP service account %s via "
			             "%s",
			             sa, wip) :
			         arena_printf(w->a,
			             "GCP workload identity "
			             "provider %s",
			             wip),
			    "google-github-actions/auth", job, eff, line);
	} else if (action_is(uses, "azure/login")) {
		const char *client = str_of(w, ci_get(with, "client-id"), 256);
		const char *tenant = str_of(w, ci_get(with, "tenant-id"), 256);
		if (client && !ci_get(with, "creds"))
			role_add(w, "azure", client,
			    arena_printf(w->a, "Azure client %s%s%s%s", client,
			        tenant ? " (tenant " : "", tenant ? tenant : "",
			        tenant ? ")" : ""),
			    "azure/login", job, eff, line);
	}
}

/* ---- jobs ------------------------------------------------------------- */

static bool
self_hosted(const struct ynode *runs_on)
{
	const char *s;

	if (!runs_on)
		return false;
	if (runs_on->type == YN_SCALAR) {
		s = ynode_str(runs_on);
		return s && strstr(s, "self-hosted");
	}
	if (runs_on->type == YN_MAP)
		return self_hosted(ynode_get(runs_on, "labels")) ||
		    ynode_get(runs_on, "group");
	for (const struct ynode *e = runs_on->kids; e; e = e->next)
		if (self_hosted(e))
			return true;
	return false;
}

static void
emit_untrusted(struct wf *w, const char *job, const struct perms *eff,
    const char *ref, unsigned int line, size_t nsecrets)
{
	struct ca_finding fd;
	enum ca_tier tier = perms_tier(eff);

	ca_finding_init(&fd, "gha_workflow.untrusted-checkout",
	    "ci-untrusted-checkout");
	fd.line = line;
	fd.ref = arena_printf(w->a, "gha-untrusted:%s:%s", w->f->path, job);
	fd.identity = arena_printf(w->a, "%s job %s of workflow %s", w->repo,
	    job, w->file);
	fd.tier = tier > CA_TIER_WRITE ? (int)tier : CA_TIER_WRITE;
	fd.detail = arena_printf(w->a,
	    "%s runs the pull request's own code "
	    "(checkout of %s) with a token of %s%s%s: a fork can take them",
	    w->trigger, ref, perms_text(w, eff),
	    nsecrets ? " and the workflow's secrets" : "",
	    perms_id_token(eff) ? " and an OIDC token" : "");
	ca_emit(w->ctx, &fd);
}

static void
job_scan(struct wf *w, const char *job, const struct ynode *body)
{
	const struct ynode *steps = ci_get(body, "steps");
	const struct ynode *uses_n = ci_get(body, "uses");
	const struct ynode *secrets = ci_get(body, "secrets");
	const struct ynode *pn = ci_get(body, "permissions");
	struct perms eff;

	if (pn)
		perms_parse(pn, &eff);
	else if (w->top_set)
		eff = w->top;
	else
		perms_parse(NULL, &eff);
	perms_fold(w, &eff, job);
	w->job_refs = 0;
	if (self_hosted(ci_get(body, "runs-on")))
		list_add(w, &w->self_hosted, &w->nself_hosted, job);
	refs_in_tree(w, body, job);

	hardcoded_in(w, ci_get(body, "env"),
	    arena_printf(w->a, "env of job %s", job));
	hardcoded_in(w, ci_get(ci_get(body, "container"), "env"),
	    arena_printf(w->a, "container env of job %s", job));
	hardcoded_in(w, ci_get(ci_get(body, "container"), "credentials"),
	    arena_printf(w->a, "container credentials of job %s", job));

	/* a reusable workflow call */
	if (ynode_scalar(uses_n)) {
		const char *u = str_of(w, uses_n, 256);
		if (u && unpinned_action(u))
			list_add(w, &w->unpinned, &w->nunpinned, u);
		if (ynode_scalar(secrets) && !strcmp(secrets->val, "inherit")) {
			struct ca_finding fd;
			w->inherit = true;
			ca_finding_init(&fd, "gha_workflow.secrets-inherit",
			    "ci-secret-ref");
			fd.line = secrets->line;
			fd.ref = arena_printf(w->a, "gha-secret:%s:*", w->repo);
			fd.identity = arena_printf(w->a, "every secret of %s",
			    w->repo);
			fd.detail = arena_printf(w->a,
			    "secrets: inherit hands "
			    "all repository secrets to %s (job %s of "
			    "workflow %s)",
			    u ? u : "a reusable workflow", job, w->file);
			ca_emit(w->ctx, &fd);
		}
		if (secrets && secrets->type == YN_MAP)
			hardcoded_in(w, secrets,
			    arena_printf(w->a, "secrets passed by job %s",
			        job));
	}

	for (const struct ynode *st =
	         steps && steps->type == YN_SEQ ? steps->kids : NULL;
	     st; st = st->next) {
		const char *uses = str_of(w, ci_get(st, "uses"), 256);
		const struct ynode *with = ci_get(st, "with");
		const char *name = str_of(w, ci_get(st, "name"), 64);
		const char *where = arena_printf(w->a, "step %s%s%s of job %s",
		    name ? "'" : "", name ? name : (uses ? uses : "run"),
		    name ? "'" : "", job);

		hardcoded_in(w, ci_get(st, "env"), where);
		if (!uses)
			continue;
		hardcoded_in(w, with, where);
		if (unpinned_action(uses))
			list_add(w, &w->unpinned, &w->nunpinned, uses);
		step_oidc(w, uses, with, job, &eff, st->line);
		if (w->trigger && action_is(uses, "actions/checkout")) {
			const char *ref = str_of(w, ci_get(with, "ref"), 160);
			const char *repo = str_of(w, ci_get(with, "repository"),
			    160);
			if (untrusted_ref(ref) || untrusted_ref(repo))
				emit_untrusted(w, job, &eff,
				    untrusted_ref(ref) ? ref : repo, st->line,
				    w->job_refs);
		}
	}
}

/* ---- triggers --------------------------------------------------------- */

static bool
trigger_has(const struct ynode *on, const char *name)
{
	if (!on)
		return false;
	if (on->type == YN_SCALAR)
		return ynode_str(on) && !strcmp(on->val, name);
	if (on->type == YN_MAP)
		return ynode_get(on, name) != NULL;
	for (const struct ynode *e = on->kids; e; e = e->next)
		if (trigger_has(e, name))
			return true;
	return false;
}

/* ---- findings --------------------------------------------------------- */

static void
emit_token(struct wf *w)
{
	struct strbuf why = STRBUF_INIT(2048);
	const char *scopes[NSCOPES + 5];
	size_t ns = 0;
	enum ca_tier tier = CA_TIER_READ;
	struct ca_finding fd;
	bool admin_scope = w->any.level[scope_index("administration")] ==
	    PERM_WRITE;

	if (w->any_write_all)
		scopes[ns++] = "write-all";
	if (w->any_default)
		scopes[ns++] = "default (assumed write)";
	if (w->any_unknown)
		scopes[ns++] = "not understood (assumed write)";
	if (w->any_read_all)
		scopes[ns++] = "read-all";
	for (size_t i = 0; i < NSCOPES; i++)
		if (w->any.level[i])
			scopes[ns++] = arena_printf(w->a, "%s:%s",
			    scope_names[i],
			    w->any.level[i] == PERM_WRITE ? "write" : "read");
	scopes[ns] = NULL;
	if (!ns && !w->nrefs && !w->nroles)
		goto out; /* permissions: {} everywhere: no authority */

	if (w->any_write_all || admin_scope)
		tier = CA_TIER_ADMIN;
	else if (w->any_default || w->any_unknown)
		tier = CA_TIER_WRITE;
	else
		for (size_t i = 0; i < NSCOPES; i++)
			if (w->any.level[i] == PERM_WRITE &&
			    strcmp(scope_names[i], "id-token"))
				tier = CA_TIER_WRITE;

	strbuf_addf(&why, "GITHUB_TOKEN of %zu job%s", w->njobs,
	    w->njobs == 1 ? "" : "s");
	if (w->any_default)
		strbuf_addf(&why,
		    "; no permissions block for %s: the "
		    "repository default applies (assumed write)",
		    list_text(w, w->default_jobs, w->ndefault));
	if (w->trigger)
		strbuf_addf(&why,
		    "; triggered by %s (runs with secrets on "
		    "events from forks)",
		    w->trigger);
	if (w->nroles)
		strbuf_addf(&why,
		    "; federates to %zu cloud role%s through "
		    "OIDC",
		    w->nroles, w->nroles == 1 ? "" : "s");
	if (w->nrefs)
		strbuf_addf(&why, "; %zu secret%s named", w->nrefs,
		    w->nrefs == 1 ? "" : "s");
	if (w->inherit)
		strbuf_addstr(&why, "; secrets: inherit");
	if (w->nself_hosted)
		strbuf_addf(&why, "; self-hosted runner for %s",
		    list_text(w, w->self_hosted, w->nself_hosted));
	if (w->nunpinned)
		strbuf_addf(&why,
		    "; third-party actions pinned by tag, not "
		    "commit: %s",
		    list_text(w, w->unpinned, w->nunpinned));

	ca_finding_init(&fd, "gha_workflow.token", "ci-workflow-token");
	fd.line = w->perm_line;
	fd.ref = arena_printf(w->a, "gha-token:%s", w->f->path);
	fd.identity = arena_printf(w->a, "GITHUB_TOKEN of %s (workflow %s)",
	    w->repo, w->file);
	fd.scopes = scopes;
	fd.tier = (int)tier;
	fd.detail = why.buf;
	/* one link per federated role: the same reference merges */
	for (size_t i = 0; i < w->nroles || i == 0; i++) {
		fd.link = w->nroles ? w->roles[i].anchor : NULL;
		ca_emit(w->ctx, &fd);
	}
out:
	strbuf_release(&why);
}

static void
emit_refs(struct wf *w)
{
	for (size_t i = 0; i < w->nrefs; i++) {
		const struct secret_ref *r = &w->refs[i];
		struct ca_finding fd;

		ca_finding_init(&fd, "gha_workflow.secret-ref",
		    "ci-secret-ref");
		fd.line = r->line;
		fd.ref = arena_printf(w->a, "gha-secret:%s:%s", w->repo,
		    r->name);
		fd.identity = arena_printf(w->a, "secret %s of %s", r->name,
		    w->repo);
		fd.detail = arena_printf(w->a,
		    "repository secret named by "
		    "workflow %s%s%s (the value is kept by GitHub)",
		    w->file,
		    !r->jobs          ? "" :
		        r->njobs == 1 ? ", job " :
		                        ", jobs ",
		    r->jobs ? list_text(w, r->jobs, r->njobs) : "");
		ca_emit(w->ctx, &fd);
	}
}

static void
emit_roles(struct wf *w)
{
	for (size_t i = 0; i < w->nroles; i++) {
		const struct oidc_role *r = &w->roles[i];
		struct ca_finding fd;

		ca_finding_init(&fd, "gha_workflow.oidc-role", "ci-oidc-role");
		fd.line = r->line;
		fd.ref = r->anchor;
		fd.anchor = r->anchor;
		fd.identity = r->identity;
		fd.detail = arena_printf(w->a,
		    "assumed through GitHub's OIDC "
		    "issuer by job %s of workflow %s in %s (%s)%s",
		    r->job, w->file, w->repo, r->action,
		    r->id_token ? "" :
		                  "; the job is not granted id-token: write");
		ca_emit(w->ctx, &fd);
	}
}

/* ---- the file --------------------------------------------------------- */

/* The directory holding .github/workflows, or the file's directory. */
static const char *
repo_of(struct wf *w, const char *path)
{
	const char *p = strstr(path, "/.github/workflows/");

	if (!p)
		p = strrchr(path, '/');
	if (!p || p == path)
		return "/";
	return ca_printable_cut(w->a, path, (size_t)(p - path), 256);
}

static int
gha_workflow_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct ytree t;
	const struct ynode *root, *jobs, *on, *jobs_key = NULL;
	struct wf *w;

	/* a package's or toolchain's own workflows run for its authors */
	if (ca_ctx_dep_tree(ctx))
		return 0;
	root = ytree_load_map(&t, ctx, f);
	if (!root)
		return 0;
	if (ynode_expanded(root, WF_EXPANDED_CAP) > WF_EXPANDED_CAP) {
		ca_warn(ctx, NULL,
		    "workflow too large once its aliases are "
		    "followed (over %d nodes): not read",
		    WF_EXPANDED_CAP);
		goto out;
	}
	jobs = ci_get(root, "jobs");
	if (!jobs || jobs->type != YN_MAP)
		goto out; /* not a workflow */

	w = arena_zalloc(ca_scratch(ctx), sizeof(*w));
	w->ctx = ctx;
	w->f = f;
	w->a = ca_scratch(ctx);
	w->repo = repo_of(w, f->path);
	w->file = ca_printable_cut(w->a, f->name, strlen(f->name), 128);
	/* YAML 1.1 readers turn a bare `on` key into true; GitHub does not */
	on = ci_get(root, "on");
	if (!on)
		on = ci_get(root, "true");
	if (trigger_has(on, "pull_request_target"))
		w->trigger = "pull_request_target";
	else if (trigger_has(on, "workflow_run"))
		w->trigger = "workflow_run";

	for (const struct ynode *k = root->kids; k && k->next;
	     k = k->next->next)
		if (ynode_scalar(k) && !strcmp(k->val, "jobs"))
			jobs_key = k;
	w->perm_line = jobs_key ? jobs_key->line : 1;
	if (ci_get(root, "permissions")) {
		w->top_set = true;
		perms_parse(ci_get(root, "permissions"), &w->top);
		for (const struct ynode *k = root->kids; k && k->next;
		     k = k->next->next)
			if (ynode_scalar(k) && !strcmp(k->val, "permissions"))
				w->perm_line = k->line;
	}
	refs_in_tree(w, ci_get(root, "env"), NULL);
	hardcoded_in(w, ci_get(root, "env"), "env");

	for (const struct ynode *k = jobs->kids; k && k->next;
	     k = k->next->next) {
		const char *job = str_of(w, k, 64);
		if (!job || !strcmp(job, "<<") || k->next->type != YN_MAP)
			continue;
		job_scan(w, job, k->next);
	}
	emit_roles(w);
	emit_token(w);
	emit_refs(w);
out:
	ytree_wipe(&t);
	return 0;
}

/* clang-format off */
static const char *const gha_workflow_claims[] = {
	"**/.github/workflows/*.yml",
	"**/.github/workflows/*.yaml",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc gha_workflow_rules[] = {
	{ "gha_workflow.hardcoded-secret", "ci-hardcoded-secret",
	  "secret written into a workflow's env: or with: block" },
	{ "gha_workflow.oidc-role", "ci-oidc-role",
	  "cloud role a job assumes through GitHub's OIDC issuer (AWS, "
	  "GCP, Azure)" },
	{ "gha_workflow.secret-ref", "ci-secret-ref",
	  "repository secret named by a workflow (name only)" },
	{ "gha_workflow.secrets-inherit", "ci-secret-ref",
	  "secrets: inherit hands every secret to a reusable workflow" },
	{ "gha_workflow.token", "ci-workflow-token",
	  "the GITHUB_TOKEN a workflow's jobs get, with their effective "
	  "permissions" },
	{ "gha_workflow.untrusted-checkout", "ci-untrusted-checkout",
	  "pull_request_target or workflow_run job that checks out the "
	  "pull request's code" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_gha_workflow = {
	.name = "gha_workflow",
	.surface = "ci",
	.summary = "GitHub Actions workflows: token permissions, OIDC roles, "
	           "secrets",
	.version = 1,
	.claims = gha_workflow_claims,
	.rules = gha_workflow_rules,
	.scan_file = gha_workflow_scan_file,
};
