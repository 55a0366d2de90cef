/* scan_file.c - the work on one file: read it once into the worker's
 * buffer (a binary file nobody claims only as far as its head), run the
 * content rules and every surface module that claims it, then wipe what
 * held a credential. */
#include "lib/compat.h"
#include "lib/arena.h"
#include "lib/hash.h"
#include "lib/strbuf.h"
#include "scanners/core/run_p.h"
#include "scanners/rules/rules.h"
#include "lib/banned.h"

#define BINARY_SNIFF 8192          /* NUL in this head = binary */

static int
on_rule_hit(void *arg, const struct ca_rule_hit *hit)
{
	struct ca_ctx *ctx = arg;
	const struct ca_kind *k = ca_kind_find(hit->kind);
	struct ca_finding f;

	/* A file a surface module understands is not second-guessed by the
	 * keyword rules: its parser knows which values are secrets (and
	 * reports them), while `client_secret = ...` guesses would only add
	 * noise beside them. Token-shaped rules still run. */
	if (ctx->parsed && k && (k->flags & CA_KIND_KEYWORD))
		return 0;

	memset(&f, 0, sizeof(f));
	f.rule = hit->rule_id;
	f.kind = hit->kind;
	f.line = hit->line;
	f.secret = hit->secret;
	f.secret_len = hit->secret_len;
	f.preview_prefix = hit->preview_prefix;
	f.identity = hit->identity;
	f.detail = hit->detail;
	f.standing = -1;
	f.tier = -1;
	return run_emit(ctx, &f, false);
}

static bool
looks_binary(const char *data, size_t len)
{
	return memchr(data, '\0', len < BINARY_SNIFF ? len : BINARY_SNIFF);
}

/* Reads and scans one open file. Takes ownership of 'fh'. */
void
run_scan_open_file(struct ca_ctx *ctx, struct ca_fh *fh, const struct ca_stat *st,
    const char *path, const char *name, const char *home,
    const struct ca_scanner *const *claimed, size_t nclaimed, bool content)
{
	struct ca_run *r = ctx->run;
	struct ca_target *t = r->t;
	uint64_t limit = nclaimed ? STRUCTURED_CAP : r->o->max_file_size;
	struct ca_file file;
	size_t want;
	int ret;

	__atomic_add_fetch(&r->files, 1, __ATOMIC_RELAXED);
	if (st->size > limit) {
		t->ops->close_file(fh);
		if (nclaimed)
			ca_inventory_add_error(r->inv, path,
			    "file too large for its parser");
		__atomic_add_fetch(&r->skipped, 1, __ATOMIC_RELAXED);
		return;
	}
	strbuf_reset(&ctx->buf);
	/* Size the buffer once, so no realloc leaves a copy of a secret
	 * behind in freed memory. */
	if (strbuf_grow(&ctx->buf, (size_t)(st->size < limit ? st->size : limit)
	    + 1) < 0)
		strbuf_init(&ctx->buf, STRUCTURED_CAP + 1);
	/* Read the head first: a binary file nobody claims is not read on. */
	want = st->size < BINARY_SNIFF ? (size_t)st->size + 1 : BINARY_SNIFF;
	ret = ca_fh_read_into(t, fh, &ctx->buf, want);
	if (!ret && ctx->buf.len == want && (nclaimed ||
	    !looks_binary(ctx->buf.buf, ctx->buf.len)))
		ret = ca_fh_read_into(t, fh, &ctx->buf,
		    (size_t)(limit + 1 - ctx->buf.len));
	t->ops->close_file(fh);
	__atomic_add_fetch(&r->bytes, ctx->buf.len, __ATOMIC_RELAXED);
	if (ret < 0) {
		char msg[128];
		snprintf(msg, sizeof(msg), "cannot read: %s", strerror(-ret));
		ca_inventory_add_error(r->inv, path, msg);
		strbuf_reset(&ctx->buf);
		return;
	}
	if (ctx->buf.len > limit) {
		/* it grew while we read it */
		strbuf_setlen(&ctx->buf, (size_t)limit);
	}
	memset(&file, 0, sizeof(file));
	file.path = path;
	file.name = name;
	file.home = home;
	file.data = ctx->buf.buf;
	file.len = ctx->buf.len;
	file.st = *st;
	ctx->file = &file;
	ctx->parsed = nclaimed > 0;
	if (content && r->rules && !looks_binary(file.data, file.len) &&
	    file.len <= r->o->max_file_size) {
		ctx->scanner = NULL;
		ca_rule_scratch_set_code(ctx->rsc, ca_rules_is_code(name));
		int rret = ca_rules_scan(r->rules, ctx->rsc, file.data,
		    file.len, ctx->scratch, on_rule_hit, ctx);
		if (rret < 0)
			ca_inventory_add_error(r->inv, path,
			    "content rules failed on this file");
		else if (rret > 0)
			ca_inventory_add_error(r->inv, path,
			    "content rules stopped early: too many candidates "
			    "(findings so far are kept)");
	} else if (!nclaimed) {
		__atomic_add_fetch(&r->skipped, 1, __ATOMIC_RELAXED);
	}
	for (size_t i = 0; i < nclaimed; i++) {
		ctx->scanner = claimed[i];
		claimed[i]->scan_file(ctx, &file);
	}
	ctx->scanner = NULL;
	ctx->file = NULL;
	/* Parsers leave copies of values in the scratch (trees, decoded
	 * keys), secrets or not: overwrite them. */
	arena_wipe_reset(ctx->scratch);
	/* A file that held a credential is wiped from the buffer now rather
	 * than left for the next file to overwrite. */
	if (ctx->found) {
		ca_wipe(ctx->buf.buf, ctx->buf.len);
		ctx->found = false;
	}
	/* Do not keep a huge buffer around after one huge file. */
	if (ctx->buf.alloc > (4u << 20) &&
	    ctx->buf.alloc > 2 * r->o->max_file_size) {
		strbuf_release(&ctx->buf);
	}
}

void
run_record_open_error(struct ca_run *r, const char *path, int err)
{
	char msg[128];

	switch (-err) {
	case EINVAL:  /* not a regular file: FIFO, socket, device */
	case EISDIR:  /* a symlink to a directory: not followed */
	case ELOOP:   /* symlink loop, or a link the fallback won't follow */
	case ENOENT:  /* dangling symlink, or gone since listed */
	case ENOTDIR:
	case EXDEV:
		__atomic_add_fetch(&r->skipped, 1, __ATOMIC_RELAXED);
		return;
	default:
		snprintf(msg, sizeof(msg), "cannot open: %s", strerror(-err));
		ca_inventory_add_error(r->inv, path, msg);
	}
}

void
run_scan_path_file(struct ca_ctx *ctx, const char *path, const char *home,
    const struct ca_scanner *only, bool content)
{
	struct ca_run *r = ctx->run;
	const struct ca_scanner *claimed[MAX_CLAIMS];
	const char *name = strrchr(path, '/');
	struct ca_fh *fh;
	struct ca_stat st;
	size_t nclaimed;
	int ret;

	name = name ? name + 1 : path;
	if (only) {
		claimed[0] = only;
		nclaimed = 1;
	} else {
		nclaimed = run_match_claims(r, path, name, claimed);
	}
	ret = r->t->ops->open_file(r->t, path, &fh, &st);
	if (ret < 0) {
		if (ret != -ENOENT)
			run_record_open_error(r, path, ret);
		return;
	}
	run_scan_open_file(ctx, fh, &st, path, name, home, claimed, nclaimed,
	    content);
}

