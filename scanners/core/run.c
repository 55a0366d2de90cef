/* run.c - one scan from start to end: set up the run (claims, the
 * target's passwd, the rule database), let the workers walk (workers.c,
 * walk.c, scan_file.c), ask providers under --verify, mark what git
 * tracks, and finish the inventory. Also the single-file entry point for
 * tests and fuzz targets. */
#include "lib/compat.h"
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include "lib/log.h"
#include "lib/xalloc.h"
#include "scanners/core/image.h"
#include "scanners/core/redact_gate.h"
#include "scanners/core/run_p.h"
#include "scanners/rules/rules.h"
#include "scanners/verify/vault.h"
#include "scanners/verify/verify.h"
#include "lib/banned.h"

static void
utc_now(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
run_init(struct ca_run *r, struct ca_target *t, const struct ca_scan_opts *o,
    struct ca_inventory *inv)
{
	memset(r, 0, sizeof(*r));
	r->image_uid = r->image_gid = -1;
	r->t = t;
	r->o = o;
	r->inv = inv;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	pthread_cond_init(&r->done, NULL);
	pthread_mutex_init(&r->tmplock, NULL);
	run_build_claims(r);
	run_load_passwd(r);
}

static void
run_release(struct ca_run *r)
{
	for (size_t i = 0; i < r->nusers; i++) {
		free(r->users[i].name);
		free(r->users[i].home);
	}
	free(r->users);
	run_deps_free(r);
	run_git_dirs_free(r);
	for (size_t i = 0; i < r->nhomes; i++)
		free(r->homes[i]);
	free(r->homes);
	for (size_t i = 0; i < r->nstack; i++)
		free(r->stack[i].path);
	free(r->stack);
	free(r->claims);
	if (r->tmpdir) {
		rmdir(r->tmpdir);
		free(r->tmpdir);
	}
	if (!r->rules_shared)
		ca_ruleset_free(r->rules);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->cond);
	pthread_cond_destroy(&r->done);
	pthread_mutex_destroy(&r->tmplock);
}

/* The vault keeps only secrets some verifier can use. */
static bool
verifiable_kind(void *arg, const char *kind)
{
	return ca_verifiers_wants_kind(arg, kind);
}

/* Asks each credential's provider about it (--verify), then wipes the
 * vault: no secret of the scan is left in memory after this. */
static void
verify_and_wipe(struct ca_run *r)
{
	struct ca_verify_opts vo;

	memset(&vo, 0, sizeof(vo));
	vo.table = r->o->verifiers;
	vo.jobs = r->o->verify_jobs;
	vo.timeout = r->o->verify_timeout;
	vo.cache = r->o->verify_cache;
	vo.cache_arg = r->o->verify_cache_arg;
	if (!ca_vault_locked(r->vault))
		ca_debug("verify: secrets could not be locked in memory "
		         "(RLIMIT_MEMLOCK); they may reach swap");
	ca_verify_run(&vo, r->vault, r->inv);
	ca_vault_free(r->vault);
	r->vault = NULL;
}

/* The last pass of the redaction gate: what the walk did not hand
 * through emit() or ca_warn() (open and read errors, the metadata) and
 * what finish and --verify derived (reasons, provider answers). */
static void
gate_inventory(struct ca_inventory *inv)
{
	struct ca_gate *g = ca_gate_new();

	ca_gate_inventory(g, inv);
	ca_gate_free(g);
}

/* Records the image's facts in the scan metadata. */
static void
set_image_meta(struct ca_target *t, struct ca_inventory *inv)
{
	struct ca_image_info info;
	struct ca_image_meta *im = xcalloc(1, sizeof(*im));

	ca_target_image_info(t, &info);
	im->reference = info.reference;
	im->format = info.format;
	im->manifest_digest = info.manifest_digest;
	im->config_digest = info.config_digest && *info.config_digest ?
	    info.config_digest :
	    NULL;
	im->platform = info.platform;
	im->user = info.user;
	im->layers = xcalloc(info.nlayers + 1, sizeof(*im->layers));
	for (size_t i = 0; i < info.nlayers; i++)
		im->layers[i] = info.layers[i].digest;
	im->nlayers = info.nlayers;
	free(inv->meta.image ? inv->meta.image->layers : NULL);
	free(inv->meta.image);
	inv->meta.image = im;
}

int
ca_scan_run(struct ca_target *t, const struct ca_scan_opts *o,
    struct ca_inventory *inv)
{
	struct ca_run r;
	unsigned int jobs = o->jobs ? o->jobs : 1;
	int ret = 0;

	/* From here on, no log line can carry a secret-shaped string. */
	if (ca_gate_install_log_filter() < 0)
		return -1;
	run_init(&r, t, o, inv);
	utc_now(inv->meta.started);
	inv->meta.target_type = t->ops->kind;
	inv->meta.root = t->root;
	if (ca_target_is_image(t))
		set_image_meta(t, inv);
	if (!o->user_rules) {
		/* the redaction gate's rules are these: compiled once */
		r.rules = ca_gate_ruleset();
		r.rules_shared = true;
		if (!r.rules) {
			run_release(&r);
			return ca_error("cannot compile the content rules");
		}
	} else if (ca_ruleset_compile_user(o->user_rules, &r.rules) < 0) {
		run_release(&r);
		return -1;
	}
	run_queue_starts(&r);
	if (o->verify && o->verifiers)
		r.vault = ca_vault_new(verifiable_kind, (void *)o->verifiers);
	if (run_pool(&r, jobs) < 0)
		ret = -1;
	run_deps_report(&r);
	if (o->git_history && !r.failed)
		run_scan_git_history(&r);
	if (r.failed)
		ret = ca_error("a worker could not start its rule engine");
	if (r.vault)
		verify_and_wipe(&r);
	inv->meta.stats.files = r.files;
	inv->meta.stats.bytes = r.bytes;
	inv->meta.stats.skipped = r.skipped;
	run_mark_tracked(&r);
	ca_inventory_set_home_uid(inv, run_home_uid);
	ca_inventory_finish(inv, run_uid_name, &r);
	gate_inventory(inv);
	utc_now(inv->meta.finished);
	run_release(&r);
	return ret;
}

int
ca_scan_one_file(struct ca_target *t, const struct ca_scanner *s,
    const char *path, const char *home, const unsigned char *key,
    size_t key_len, struct ca_inventory *inv)
{
	struct ca_scan_opts o;
	struct ca_run r;
	struct ca_ctx ctx;
	struct ca_stat st;
	int ret;

	memset(&o, 0, sizeof(o));
	o.key = key;
	o.key_len = key_len;
	o.jobs = 1;
	o.max_file_size = 8u << 20;
	run_init(&r, t, &o, inv);
	if (home)
		run_add_home(&r, home);
	if (!s) {
		r.rules = ca_gate_ruleset();
		r.rules_shared = true;
		if (!r.rules) {
			run_release(&r);
			return ca_error("cannot compile the content rules");
		}
	}
	ret = t->ops->stat_path(t, path, &st);
	if (ret == 0 && run_ctx_init(&ctx, &r) == 0) {
		run_scan_path_file(&ctx, path,
		    home ? run_home_of(&r, home) : NULL, s, !s);
		run_ctx_release(&ctx);
	}
	ca_inventory_set_home_uid(inv, run_home_uid);
	ca_inventory_finish(inv, run_uid_name, &r);
	gate_inventory(inv);
	run_release(&r);
	return ret;
}
