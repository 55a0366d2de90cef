/* workers.c - the pool: directories wait on one shared stack (LIFO keeps
 * the pending set small) and any worker takes the next. Each worker owns
 * its read buffer, its scratch arena and its rule-engine scratch (struct
 * ca_ctx), so the per-file path allocates nothing in the common case. */
#include "lib/compat.h"
#include <pthread.h>
#include <time.h>
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "scanners/core/redact_gate.h"
#include "scanners/core/run_p.h"
#include "scanners/rules/rules.h"
#include "lib/banned.h"

static void
push(struct ca_run *r, const struct work *w)
{
	pthread_mutex_lock(&r->lock);
	if (r->nstack == r->capstack) {
		r->capstack = r->capstack ? r->capstack * 2 : 256;
		r->stack = xrealloc(r->stack, r->capstack * sizeof(*r->stack));
	}
	r->stack[r->nstack++] = *w;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

void
run_push_work(struct ca_run *r, char *path, const char *home, bool is_file,
    bool in_git, struct run_dep *dep)
{
	struct work w = { .path = path,
		.home = home,
		.is_file = is_file,
		.in_git = in_git,
		.dep = dep,
		.layer = -1 };

	push(r, &w);
}

void
run_push_layer(struct ca_run *r, int layer)
{
	struct work w = { .layer = layer };

	push(r, &w);
}

/* Takes the next piece of work; returns false when the walk is over (the
 * stack is empty and no worker can add to it). */
static bool
pop_work(struct ca_run *r, struct work *w, bool *was_active)
{
	pthread_mutex_lock(&r->lock);
	if (*was_active) {
		r->active--;
		*was_active = false;
	}
	while (!r->nstack && r->active)
		pthread_cond_wait(&r->cond, &r->lock);
	if (!r->nstack) {
		pthread_cond_broadcast(&r->cond);
		pthread_cond_broadcast(&r->done);
		pthread_mutex_unlock(&r->lock);
		return false;
	}
	*w = r->stack[--r->nstack];
	r->active++;
	*was_active = true;
	pthread_mutex_unlock(&r->lock);
	return true;
}

int
run_ctx_init(struct ca_ctx *ctx, struct ca_run *r)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->run = r;
	ctx->layer_index = -1;
	ctx->scratch = arena_new(64 * 1024);
	strbuf_init(&ctx->buf, STRUCTURED_CAP + 1);
	ctx->gate = ca_gate_new();
	if (!ctx->gate) {
		arena_free(ctx->scratch);
		return -1;
	}
	if (r->rules) {
		ctx->rsc = ca_rule_scratch_new(r->rules);
		if (!ctx->rsc) {
			ca_gate_free(ctx->gate);
			arena_free(ctx->scratch);
			return -1;
		}
	}
	return 0;
}

void
run_ctx_release(struct ca_ctx *ctx)
{
	ca_rule_scratch_free(ctx->rsc);
	ca_gate_free(ctx->gate);
	arena_free(ctx->scratch);
	strbuf_release(&ctx->buf);
}

void *
run_worker(void *arg)
{
	struct ca_run *r = arg;
	struct ca_ctx ctx;
	struct work w;
	bool active = false;

	if (run_ctx_init(&ctx, r) < 0) {
		pthread_mutex_lock(&r->lock);
		r->failed = true;
		pthread_mutex_unlock(&r->lock);
		return NULL;
	}
	while (pop_work(r, &w, &active)) {
		if (w.layer >= 0)
			run_scan_layer(&ctx, w.layer);
		else if (w.is_file)
			run_scan_path_file(&ctx, w.path, w.home, NULL, true);
		else
			run_scan_dir(&ctx, &w);
		free(w.path);
	}
	run_ctx_release(&ctx);
	return NULL;
}

static void
report_progress(struct ca_run *r)
{
	struct ca_progress p;

	if (!r->o->progress)
		return;
	p.files = __atomic_load_n(&r->files, __ATOMIC_RELAXED);
	p.bytes = __atomic_load_n(&r->bytes, __ATOMIC_RELAXED);
	pthread_mutex_lock(&r->lock);
	p.dirs_pending = r->nstack;
	pthread_mutex_unlock(&r->lock);
	r->o->progress(r->o->progress_arg, &p);
}

/* Runs 'jobs' workers over the stack until the walk is over; the calling
 * thread reports progress meanwhile. Returns 0, or -1 when no worker
 * could start. */
int
run_pool(struct ca_run *r, unsigned int jobs)
{
	pthread_t *threads;
	unsigned int started = 0;
	int ret = 0;

	threads = xcalloc(jobs, sizeof(*threads));
	for (unsigned int i = 0; i < jobs; i++) {
		if (pthread_create(&threads[i], NULL, run_worker, r)) {
			ca_error("cannot start worker thread: %s",
			    strerror(errno));
			break;
		}
		started++;
	}
	if (!started) {
		ret = -1;
	} else if (r->o->progress) {
		/* The main thread only reports progress until the walk ends. */
		pthread_mutex_lock(&r->lock);
		while (r->nstack || r->active) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 200 * 1000 * 1000;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			/* woken only at the end, so pushes cost it nothing */
			pthread_cond_timedwait(&r->done, &r->lock, &ts);
			pthread_mutex_unlock(&r->lock);
			report_progress(r);
			pthread_mutex_lock(&r->lock);
		}
		pthread_mutex_unlock(&r->lock);
	}
	for (unsigned int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	return ret;
}
