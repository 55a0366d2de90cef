/* gha_runner.c - GitHub Actions self-hosted runner directories, found by
 * their .runner file anywhere in the tree. A configured runner keeps:
 *
 *   .runner                  agent name and id, pool, the GitHub URL it
 *                            serves (a repository, an organisation or an
 *                            enterprise) and the Actions service URL;
 *   .credentials             the OAuth scheme, client id and the URL it
 *                            trades a signed assertion at for tokens;
 *   .credentials_rsaparams   the runner's RSA private key (JSON of its
 *                            parameters: modulus, exponent, d, p, q...).
 *
 * Together they are a standing credential: whoever copies them can pull
 * the jobs queued for that repository or organisation, with their
 * secrets and tokens. One gha-runner-registration is reported per
 * directory; its secret is the private exponent, so two copies of the
 * same runner are one credential. Without the key file (removed, or
 * another runner's layout) the registration is reported by reference.
 * The files are JSON, often with a UTF-8 byte-order mark. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/secret.h"

/* Reads and parses the JSON side file 'name' beside the .runner file.
 * Returns an owned document or NULL ('*missing' set when it is absent). */
static json_t *
side_json(struct ca_ctx *ctx, const char *dir, const char *name,
    const char **path, bool *missing)
{
	struct strbuf sb = STRBUF_INIT(CK_SIDE_CAP);
	json_t *doc = NULL;
	int line = 0, r;

	*path = arena_printf(ca_scratch(ctx), "%s/%s", dir, name);
	r = ca_read_file(ctx, *path, &sb);
	*missing = r == -ENOENT;
	if (r == 0) {
		doc = ck_json_load(sb.buf, sb.len, &line);
		if (!doc || !json_is_object(doc)) {
			ca_warn(ctx, *path, "not a JSON object (line %d)",
			    line);
			ck_json_free(doc);
			doc = NULL;
		}
	} else if (r != -ENOENT) {
		ca_warn(ctx, *path, "cannot read: %s", strerror(-r));
	}
	ca_wipe(sb.buf, sb.len);
	strbuf_release(&sb);
	return doc;
}

static const char *
field(struct ca_ctx *ctx, const json_t *obj, const char *key, size_t max)
{
	size_t n = 0;
	const char *s = obj ? ck_json_nonempty(obj, key, &n) : NULL;

	return s ? ca_printable_cut(ca_scratch(ctx), s, n, max) : NULL;
}

static int
gha_runner_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const char *slash = strrchr(f->path, '/');
	const char *dir, *cred_path, *key_path;
	const char *name, *url, *pool, *client, *auth_url, *scheme;
	json_t *runner, *cred = NULL, *key = NULL;
	bool cred_missing = true, key_missing = true;
	struct ca_finding fd;
	const char *d = NULL;
	size_t dn = 0;
	int64_t agent_id = -1;

	runner = ck_json_load_warn(ctx, f);
	if (!runner)
		return 0;
	if (!json_is_object(runner) ||
	    (!ck_json_str(runner, "gitHubUrl", NULL) &&
	        !ck_json_str(runner, "serverUrl", NULL))) {
		ck_json_free(runner);
		return 0; /* another tool's .runner */
	}
	dir = slash && slash != f->path ?
	    arena_strndup(a, f->path, (size_t)(slash - f->path)) :
	    "";
	cred = side_json(ctx, dir, ".credentials", &cred_path, &cred_missing);
	key = side_json(ctx, dir, ".credentials_rsaparams", &key_path,
	    &key_missing);

	name = field(ctx, runner, "agentName", 128);
	url = field(ctx, runner, "gitHubUrl", 256);
	if (!url)
		url = field(ctx, runner, "serverUrl", 256);
	pool = field(ctx, runner, "poolName", 128);
	ck_json_int(runner, "agentId", &agent_id);
	scheme = field(ctx, cred, "scheme", 64);
	client = field(ctx, cred ? json_object_get(cred, "data") : NULL,
	    "clientId", 128);
	auth_url = field(ctx, cred ? json_object_get(cred, "data") : NULL,
	    "authorizationUrl", 256);
	if (key)
		d = ck_json_nonempty(key, "d", &dn);

	ca_finding_init(&fd, "gha_runner.registration",
	    "gha-runner-registration");
	fd.identity = arena_printf(a, "runner %s @ %s%s%s",
	    name ? name : "(unnamed)", url, pool ? " (pool " : "",
	    pool ? arena_printf(a, "%s)", pool) : "");
	fd.detail = arena_printf(a,
	    "self-hosted runner registration%s: %s "
	    "client %s%s%s; %s: whoever copies this directory pulls the "
	    "jobs and secrets of %s",
	    agent_id >= 0 ?
	        arena_printf(a, " (agent id %lld)", (long long)agent_id) :
	        "",
	    scheme ? scheme : "OAuth", client ? client : "(unknown)",
	    auth_url ? " at " : "", auth_url ? auth_url : "",
	    d               ? "RSA private key in .credentials_rsaparams" :
	        key_missing ? "no .credentials_rsaparams beside it" :
	                      ".credentials_rsaparams holds no private key",
	    url);
	if (d) {
		fd.path = key_path;
		fd.secret = d;
		fd.secret_len = dn;
		ca_emit(ctx, &fd);
	} else if (!cred_missing || !key_missing) {
		fd.line = 1;
		fd.ref = arena_printf(a, "gha-runner:%s", dir);
		ca_emit(ctx, &fd);
	}
	ck_json_free(key);
	ck_json_free(cred);
	ck_json_free(runner);
	return 0;
}

static const char *const gha_runner_claims[] = {
	"**/.runner",
	NULL,
};

/* clang-format off */
static const struct ca_rule_doc gha_runner_rules[] = {
	{ "gha_runner.registration", "gha-runner-registration",
	  "self-hosted runner registration: .runner, .credentials and the "
	  "RSA key in .credentials_rsaparams" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_gha_runner = {
	.name = "gha_runner",
	.surface = "ci",
	.summary = "GitHub Actions self-hosted runner registrations",
	.version = 1,
	.claims = gha_runner_claims,
	.rules = gha_runner_rules,
	.scan_file = gha_runner_scan_file,
};
