/* gitlab_runner.c - gitlab-runner's config.toml: /etc/gitlab-runner/,
 * ~/.gitlab-runner/ (a runner run as a user) and the config/ volume of a
 * containerised runner (/srv/gitlab-runner/config/).
 *
 * Each [[runners]] entry holds the runner's authentication token, with
 * the GitLab URL it polls and its executor. Whoever holds the token
 * receives the jobs meant for the runner, with their CI/CD variables and
 * job tokens: gitlab-runner-token, secret tier. The token's shape tells
 * how it was made: glrt- (an authentication token of a runner created in
 * GitLab, 16.0 and later), glrtr- prefixes too, or a legacy token from a
 * registration token. token_expires_at, when set, is its expiry.
 *
 * The runner's cache credentials are secrets too: [runners.cache.s3]
 * SecretKey (with AccessKey as identity) and [runners.cache.azure]
 * AccountKey are reported as ci-hardcoded-secret. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/secret.h"
#include "scanners/kit/toml.h"

#define GLR_MAX_RUNNERS 256

struct glr_runner {
	unsigned int header; /* line of its [[runners]] header */
	const char *name, *url, *executor, *expires;
	const char *access_key; /* cache.s3.AccessKey (public half) */
	char *token;            /* scratch copy, wiped after the file */
	size_t token_len;
	unsigned int token_line;
	char *cache_secret;
	size_t cache_secret_len;
	unsigned int cache_line;
	const char *cache_kind; /* "S3 SecretKey", "Azure AccountKey" */
};

struct glr {
	struct ca_ctx *ctx;
	struct arena *a;
	struct glr_runner *runners;
	size_t n;
};

static struct glr_runner *
runner_for(struct glr *g, const struct toml_kv *kv)
{
	struct glr_runner *r;

	if (g->n && g->runners[g->n - 1].header == kv->array_line)
		return &g->runners[g->n - 1];
	if (g->n >= GLR_MAX_RUNNERS)
		return NULL;
	r = &g->runners[g->n++];
	memset(r, 0, sizeof(*r));
	r->header = kv->array_line;
	return r;
}

static char *
copy_secret(struct glr *g, const struct toml_kv *kv, size_t *len)
{
	*len = kv->len;
	return arena_strndup(g->a, kv->str, kv->len);
}

static int
on_kv(void *arg, const struct toml_kv *kv)
{
	struct glr *g = arg;
	struct glr_runner *r;
	const char *key;

	if (kv->depth < 2 || strcmp(kv->path[0], "runners") || !kv->array_line)
		return 0;
	r = runner_for(g, kv);
	if (!r)
		return 0;
	key = kv->path[kv->depth - 1];
	if (kv->type == TOML_DATETIME && kv->depth == 2 &&
	    !strcmp(key, "token_expires_at")) {
		/* 0001-01-01T00:00:00Z: the token does not expire */
		r->expires = ck_time_rfc3339(g->ctx, kv->raw, kv->raw_len);
		return 0;
	}
	if (kv->type != TOML_STRING)
		return 0;
	if (kv->depth == 2) {
		if (!strcmp(key, "token")) {
			r->token = copy_secret(g, kv, &r->token_len);
			r->token_line = kv->line;
		} else if (!strcmp(key, "name")) {
			r->name = ca_printable_cut(g->a, kv->str, kv->len, 128);
		} else if (!strcmp(key, "url")) {
			r->url = ca_printable_cut(g->a, kv->str, kv->len, 256);
		} else if (!strcmp(key, "executor")) {
			r->executor = ca_printable_cut(g->a, kv->str, kv->len,
			    64);
		}
		return 0;
	}
	if (kv->depth == 4 && !strcmp(kv->path[1], "cache")) {
		if (!strcmp(kv->path[2], "s3") && !strcmp(key, "AccessKey")) {
			r->access_key = ca_printable_cut(g->a, kv->str, kv->len,
			    64);
		} else if ((!strcmp(kv->path[2], "s3") &&
		               !strcmp(key, "SecretKey")) ||
		    (!strcmp(kv->path[2], "azure") &&
		        !strcmp(key, "AccountKey"))) {
			r->cache_secret = copy_secret(g, kv,
			    &r->cache_secret_len);
			r->cache_line = kv->line;
			r->cache_kind = !strcmp(key, "SecretKey") ?
			    "S3 SecretKey" :
			    "Azure AccountKey";
		}
	}
	return 0;
}

/* "authentication token (glrt-)" and friends: what the shape says. */
static const char *
token_type(const char *tok, size_t len)
{
	if (len > 6 && !memcmp(tok, "glrtr-", 6))
		return "runner authentication token (glrtr-, created by a "
		       "registration token)";
	if (len > 5 && !memcmp(tok, "glrt-", 5))
		return "runner authentication token (glrt-)";
	if (len > 9 && !memcmp(tok, "GR1348941", 9))
		return "runner registration token (GR1348941, deprecated)";
	return "legacy runner token (registered with a registration token)";
}

static void
emit_runner(struct glr *g, const struct ca_file *f, const struct glr_runner *r)
{
	static const char *const prefixes[] = {
		"glrtr-",
		"glrt-",
		"GR1348941",
		NULL,
	};
	const char *where = r->url ? r->url : "(no url)";
	struct ca_finding fd;

	if (r->token) {
		ca_finding_init(&fd, "gitlab_runner.token",
		    "gitlab-runner-token");
		fd.line = r->token_line;
		fd.identity = arena_printf(g->a, "runner %s @ %s",
		    r->name ? r->name : "(unnamed)", where);
		fd.preview_prefix = ca_secret_prefix(r->token, r->token_len,
		    prefixes);
		fd.expires = r->expires;
		if (r->expires)
			fd.standing = 0;
		fd.detail = arena_printf(g->a,
		    "%s, %s executor: receives "
		    "the jobs of %s with their CI/CD variables",
		    token_type(r->token, r->token_len),
		    r->executor ? r->executor : "unknown", where);
		ca_emit_secret(g->ctx, f, &fd, r->token, r->token_len);
	}
	if (r->cache_secret) {
		ca_finding_init(&fd, "gitlab_runner.cache-secret",
		    "ci-hardcoded-secret");
		fd.line = r->cache_line;
		fd.identity = arena_printf(g->a,
		    "%s%s of the cache of runner "
		    "%s",
		    r->cache_kind,
		    r->access_key ?
		        arena_printf(g->a, " for %s", r->access_key) :
		        "",
		    r->name ? r->name : "(unnamed)");
		fd.detail = arena_printf(g->a,
		    "cache storage credential of "
		    "gitlab-runner (%s)",
		    r->cache_kind);
		ca_emit_secret(g->ctx, f, &fd, r->cache_secret,
		    r->cache_secret_len);
	}
}

static int
gitlab_runner_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct glr g;
	struct toml_status st;
	int r;

	memset(&g, 0, sizeof(g));
	g.ctx = ctx;
	g.a = ca_scratch(ctx);
	g.runners = arena_zalloc(g.a, GLR_MAX_RUNNERS * sizeof(*g.runners));
	r = toml_parse(g.a, f->data, f->len, on_kv, &g, &st);
	if (r < 0) {
		ca_warn(ctx, NULL, "invalid TOML at line %u: %s", st.line,
		    st.error ? st.error : "parse error");
	} else {
		for (size_t i = 0; i < g.n; i++)
			emit_runner(&g, f, &g.runners[i]);
	}
	for (size_t i = 0; i < g.n; i++) {
		if (g.runners[i].token)
			ca_wipe(g.runners[i].token, g.runners[i].token_len);
		if (g.runners[i].cache_secret)
			ca_wipe(g.runners[i].cache_secret,
			    g.runners[i].cache_secret_len);
	}
	return 0;
}

/* clang-format off */
static const char *const gitlab_runner_claims[] = {
	"**/gitlab-runner/config.toml",
	"**/.gitlab-runner/config.toml",
	"**/gitlab-runner/config/config.toml",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc gitlab_runner_rules[] = {
	{ "gitlab_runner.cache-secret", "ci-hardcoded-secret",
	  "S3 SecretKey or Azure AccountKey of a runner's cache" },
	{ "gitlab_runner.token", "gitlab-runner-token",
	  "[[runners]] token of gitlab-runner's config.toml (glrt- and "
	  "legacy)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_gitlab_runner = {
	.name = "gitlab_runner",
	.surface = "ci",
	.summary = "gitlab-runner config.toml runner tokens",
	.version = 1,
	.claims = gitlab_runner_claims,
	.rules = gitlab_runner_rules,
	.scan_file = gitlab_runner_scan_file,
};
