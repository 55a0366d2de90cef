/* scan_file.c - the work on one file: read it once into the worker's
 * buffer (a binary file nobody claims only as far as its head; a large one
 * only the content rules read, a window at a time), run the content rules
 * and every surface module that claims it, then wipe what held a
 * credential. */
#include "lib/compat.h"
#include "lib/arena.h"
#include "lib/hash.h"
#include "lib/strbuf.h"
#include "scanners/core/run_p.h"
#include "scanners/rules/rules.h"
#include "lib/banned.h"

#define BINARY_SNIFF 8192 /* NUL in this head = binary */
/* A file only the content rules read, larger than a window, is read a
 * window at a time so that --max-file-size does not set the memory a
 * worker holds. Each window starts with the last OVERLAP bytes of the one
 * before, more than the longest match (a PEM block of a 16k RSA key). */
#define WINDOW  ((size_t)16 << 20)
#define OVERLAP ((size_t)64 << 10)

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
	/* Wholly inside the overlap: the previous window reported it. */
	if (hit->end <= ctx->win_seen)
		return 0;

	memset(&f, 0, sizeof(f));
	f.rule = hit->rule_id;
	f.kind = hit->kind;
	f.line = hit->line + ctx->win_lines;
	f.secret = hit->secret;
	f.secret_len = hit->secret_len;
	f.preview_prefix = hit->preview_prefix;
	f.identity = hit->identity;
	f.detail = hit->detail;
	f.standing = -1;
	f.tier = hit->tier;
	f.encoding = hit->encoding;
	if (hit->allowed)
		return run_ignore(ctx, &f, CA_ALLOW_REASON);
	return run_emit(ctx, &f, false);
}

static bool
looks_binary(const char *data, size_t len)
{
	return memchr(data, '\0', len < BINARY_SNIFF ? len : BINARY_SNIFF);
}

static void
report_rules_result(struct ca_run *r, const char *path, int rret)
{
	if (rret < 0)
		ca_inventory_add_error(r->inv, path,
		    "content rules failed on this file");
	else if (rret > 0)
		ca_inventory_add_error(r->inv, path,
		    "content rules stopped early: too many candidates "
		    "(findings so far are kept)");
}

static unsigned int
count_lines(const char *p, size_t n)
{
	unsigned int lines = 0;
	const char *end = p + n;

	while ((p = memchr(p, '\n', (size_t)(end - p)))) {
		lines++;
		p++;
	}
	return lines;
}

/* Runs the content rules over 'fh' a window at a time, up to
 * --max-file-size bytes. The first window is already in ctx->buf. Returns
 * 0 or a negative errno of a read. Does not close 'fh'. */
static int
scan_windows(struct ca_ctx *ctx, struct ca_fh *fh, struct ca_file *file)
{
	struct ca_run *r = ctx->run;
	uint64_t left = r->o->max_file_size;
	int ret = 0;

	ctx->win_seen = 0;
	ctx->win_lines = 0;
	for (;;) {
		size_t len = ctx->buf.len, keep;
		int rret;

		file->data = ctx->buf.buf;
		file->len = len;
		rret = ca_rules_scan(r->rules, ctx->rsc, ctx->buf.buf, len,
		    ctx->scratch, on_rule_hit, ctx);
		report_rules_result(r, file->path, rret);
		arena_wipe_reset(ctx->scratch);
		left -= len - ctx->win_seen < left ? len - ctx->win_seen : left;
		if (rret != 0 || !left || len < ctx->win_seen + WINDOW)
			break; /* the file ended, or the limit */
		keep = len < OVERLAP ? len : OVERLAP;
		ctx->win_lines += count_lines(ctx->buf.buf, len - keep);
		memmove(ctx->buf.buf, ctx->buf.buf + len - keep, keep);
		if (ctx->found)
			ca_wipe(ctx->buf.buf + keep, len - keep);
		strbuf_setlen(&ctx->buf, keep);
		ctx->win_seen = keep;
		ret = ca_fh_read_into(r->t, fh, &ctx->buf,
		    (size_t)(WINDOW < left ? WINDOW : left));
		__atomic_add_fetch(&r->bytes, ctx->buf.len - keep,
		    __ATOMIC_RELAXED);
		if (ret < 0 || ctx->buf.len == keep)
			break;
	}
	ctx->win_seen = 0;
	ctx->win_lines = 0;
	return ret;
}

/* What is left of a worker after a file: no copy of a value in the
 * scratch, none in the buffer, and no huge buffer kept. */
static void
after_file(struct ca_ctx *ctx)
{
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
	/* Do not keep a huge buffer around after one huge file: two workers
	 * each holding a 40 MB store would double the peak. A streaming
	 * window's buffer is kept for the next large file. */
	if (ctx->buf.alloc > WINDOW + OVERLAP + 2) {
		strbuf_release(&ctx->buf);
	}
}

/* A file for the content rules alone, larger than a window: read and
 * scanned a window at a time. Takes ownership of 'fh'. */
static void
scan_streamed(struct ca_ctx *ctx, struct ca_fh *fh, const struct ca_stat *st,
    const char *path, const char *name, const char *home, bool have_head)
{
	struct ca_run *r = ctx->run;
	struct ca_file file;
	int ret = 0;

	/* 'have_head': the head is in the buffer, sized for a window */
	if (!have_head) {
		strbuf_reset(&ctx->buf);
		if (strbuf_reserve_exact(&ctx->buf, WINDOW + OVERLAP + 1) < 0) {
			r->t->ops->close_file(fh);
			ca_inventory_add_error(r->inv, path,
			    "cannot read: out of memory");
			return;
		}
		ret = ca_fh_read_into(r->t, fh, &ctx->buf, BINARY_SNIFF);
	}
	if (!ret && ctx->buf.len == BINARY_SNIFF &&
	    !looks_binary(ctx->buf.buf, ctx->buf.len))
		ret = ca_fh_read_into(r->t, fh, &ctx->buf,
		    WINDOW - BINARY_SNIFF);
	else if (!ret)
		ret = 1; /* binary: nobody reads on */
	__atomic_add_fetch(&r->bytes, ctx->buf.len, __ATOMIC_RELAXED);
	memset(&file, 0, sizeof(file));
	file.path = path;
	file.name = name;
	file.home = home;
	file.st = *st;
	/* cppcheck-suppress autoVariables ; after_file() clears it */
	ctx->file = &file;
	ctx->parsed = false;
	if (!ret) {
		ca_rule_scratch_set_code(ctx->rsc, ca_rules_is_code(name));
		ca_rule_scratch_set_path(ctx->rsc, path);
		ret = scan_windows(ctx, fh, &file);
	} else if (ret > 0) {
		__atomic_add_fetch(&r->skipped, 1, __ATOMIC_RELAXED);
		ret = 0;
	}
	r->t->ops->close_file(fh);
	if (ret < 0) {
		char msg[128];
		snprintf(msg, sizeof(msg), "cannot read: %s", strerror(-ret));
		ca_inventory_add_error(r->inv, path, msg);
	}
	after_file(ctx);
}

/* Reads the head of a file too large to read whole as a text file, and
 * hands it to the archive scan when it is an archive (archive_scan.c);
 * otherwise it is skipped or streamed, as it would have been. Takes
 * ownership of 'fh'. */
static void
large_archive(struct ca_ctx *ctx, struct ca_fh *fh, const struct ca_stat *st,
    const char *path, const char *name, const char *home)
{
	struct ca_run *r = ctx->run;
	int ret;

	/* Sized for a window: a text file goes on streamed from here,
	 * with no realloc leaving a copy of its head behind. */
	strbuf_reset(&ctx->buf);
	if (strbuf_reserve_exact(&ctx->buf, WINDOW + OVERLAP + 1) < 0) {
		r->t->ops->close_file(fh);
		ca_inventory_add_error(r->inv, path,
		    "cannot read: out of memory");
		return;
	}
	ret = ca_fh_read_into(r->t, fh, &ctx->buf, BINARY_SNIFF);
	if (ret < 0) {
		char msg[128];
		r->t->ops->close_file(fh);
		snprintf(msg, sizeof(msg), "cannot read: %s", strerror(-ret));
		ca_inventory_add_error(r->inv, path, msg);
		return;
	}
	if (run_is_archive(r, path, ctx->buf.buf, ctx->buf.len)) {
		run_scan_archive(ctx, fh, st, path, name, home);
		return;
	}
	if (st->size > r->o->max_file_size || !r->rules) {
		r->t->ops->close_file(fh);
		__atomic_add_fetch(&r->skipped, 1, __ATOMIC_RELAXED);
		ca_wipe(ctx->buf.buf, ctx->buf.len);
		strbuf_reset(&ctx->buf);
		return;
	}
	scan_streamed(ctx, fh, st, path, name, home, true);
}

/* True when a claimed file goes to its modules as a stream: it is large,
 * every module claiming it reads streams, and it can be opened again by
 * its path for a second pass (not so inside an image layer or an
 * archive). */
static bool
claimed_stream(const struct ca_ctx *ctx, const struct ca_stat *st,
    const struct ca_scanner *const *claimed, size_t nclaimed)
{
	if (!nclaimed || st->size <= CA_STREAM_OVER || ctx->layer ||
	    ctx->archive_entry || ctx->git)
		return false;
	for (size_t i = 0; i < nclaimed; i++)
		if (!claimed[i]->reads_streams)
			return false;
	return true;
}

/* The content rules over a streamed claimed file, read again from its
 * start a window at a time (the modules read it before). */
static void
stream_content(struct ca_ctx *ctx, struct ca_file *file)
{
	struct ca_run *r = ctx->run;
	int ret;

	if (file->st.size > r->o->max_file_size)
		return;
	ret = ca_file_rewind(ctx);
	strbuf_reset(&ctx->buf);
	if (!ret && strbuf_reserve_exact(&ctx->buf, WINDOW + OVERLAP + 1) < 0)
		ret = -ENOMEM;
	if (!ret)
		ret = ca_fh_read_into(r->t, ctx->stream_fh, &ctx->buf, WINDOW);
	if (!ret && !looks_binary(ctx->buf.buf, ctx->buf.len)) {
		__atomic_add_fetch(&r->bytes, ctx->buf.len, __ATOMIC_RELAXED);
		ca_rule_scratch_set_code(ctx->rsc,
		    ca_rules_is_code(file->name));
		ca_rule_scratch_set_path(ctx->rsc, file->path);
		ret = scan_windows(ctx, ctx->stream_fh, file);
	}
	if (ret < 0) {
		char msg[128];
		snprintf(msg, sizeof(msg), "cannot read again: %s",
		    strerror(-ret));
		ca_inventory_add_error(r->inv, file->path, msg);
	}
}

/* A claimed file handed to its modules as a stream (claimed_stream()),
 * each module from the first byte, then to the content rules. Takes
 * ownership of 'fh'. */
static void
scan_claimed_stream(struct ca_ctx *ctx, struct ca_fh *fh,
    const struct ca_stat *st, const char *path, const char *name,
    const char *home, const struct ca_scanner *const *claimed, size_t nclaimed,
    bool content)
{
	struct ca_run *r = ctx->run;
	struct ca_file file;

	memset(&file, 0, sizeof(file));
	file.path = path;
	file.name = name;
	file.home = home;
	file.st = *st;
	file.streamed = true;
	ctx->stream_fh = fh;
	ctx->stream_read = 0;
	/* cppcheck-suppress autoVariables ; after_file() clears it */
	ctx->file = &file;
	ctx->parsed = true;
	for (size_t i = 0; i < nclaimed; i++) {
		int ret = i ? ca_file_rewind(ctx) : 0;
		if (ret < 0) {
			char msg[128];
			snprintf(msg, sizeof(msg), "cannot read again: %s",
			    strerror(-ret));
			ca_inventory_add_error(r->inv, path, msg);
			break;
		}
		ctx->scanner = claimed[i];
		claimed[i]->scan_file(ctx, &file);
	}
	ctx->scanner = NULL;
	if (content && r->rules)
		stream_content(ctx, &file);
	r->t->ops->close_file(ctx->stream_fh);
	ctx->stream_fh = NULL;
	after_file(ctx);
}

/* Reads and scans one open file. Takes ownership of 'fh'. */
void
run_scan_open_file(struct ca_ctx *ctx, struct ca_fh *fh,
    const struct ca_stat *st, const char *path, const char *name,
    const char *home, const struct ca_scanner *const *claimed, size_t nclaimed,
    bool content)
{
	struct ca_run *r = ctx->run;
	struct ca_target *t = r->t;
	uint64_t limit = nclaimed ? STRUCTURED_CAP : r->o->max_file_size;
	/* An archive nobody claims is opened (archive_scan.c): it may be
	 * larger than --max-file-size, up to --max-archive-size. */
	bool archive = !nclaimed && content && run_archives_on(r);
	struct ca_file file;
	size_t want;
	int ret;

	__atomic_add_fetch(&r->files, 1, __ATOMIC_RELAXED);
	if (archive && (st->size > limit || st->size > WINDOW) &&
	    st->size <= run_archive_max(r)) {
		/* Too large to read whole as a text file: the head says
		 * whether it is an archive, else it is skipped or
		 * streamed as it would have been. */
		large_archive(ctx, fh, st, path, name, home);
		return;
	}
	if (st->size > limit) {
		t->ops->close_file(fh);
		if (nclaimed)
			ca_inventory_add_error(r->inv, path,
			    "file too large for its parser");
		__atomic_add_fetch(&r->skipped, 1, __ATOMIC_RELAXED);
		return;
	}
	if (claimed_stream(ctx, st, claimed, nclaimed)) {
		scan_claimed_stream(ctx, fh, st, path, name, home, claimed,
		    nclaimed, content);
		return;
	}
	if (!nclaimed && content && r->rules && st->size > WINDOW) {
		scan_streamed(ctx, fh, st, path, name, home, false);
		return;
	}
	strbuf_reset(&ctx->buf);
	/* Size the buffer once, so no realloc leaves a copy of a secret
	 * behind in freed memory. */
	if (strbuf_reserve_exact(&ctx->buf,
	        (size_t)(st->size < limit ? st->size : limit) + 1) < 0)
		strbuf_init(&ctx->buf, STRUCTURED_CAP + 1);
	/* Read the head first: a binary file nobody claims is not read on. */
	want = st->size < BINARY_SNIFF ? (size_t)st->size + 1 : BINARY_SNIFF;
	ret = ca_fh_read_into(t, fh, &ctx->buf, want);
	if (!ret && archive &&
	    run_is_archive(r, path, ctx->buf.buf, ctx->buf.len)) {
		run_scan_archive(ctx, fh, st, path, name, home);
		return;
	}
	if (!ret && ctx->buf.len == want &&
	    (nclaimed || !looks_binary(ctx->buf.buf, ctx->buf.len)))
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
	run_scan_loaded(ctx, &file, claimed, nclaimed, content);
}

void
run_scan_loaded(struct ca_ctx *ctx, const struct ca_file *file,
    const struct ca_scanner *const *claimed, size_t nclaimed, bool content)
{
	struct ca_run *r = ctx->run;

	/* cppcheck-suppress autoVariables ; after_file() clears it */
	ctx->file = file;
	ctx->parsed = nclaimed > 0;
	if (content && r->rules && !looks_binary(file->data, file->len) &&
	    file->len <= r->o->max_file_size) {
		ctx->scanner = NULL;
		ca_rule_scratch_set_code(ctx->rsc,
		    ca_rules_is_code(file->name));
		ca_rule_scratch_set_path(ctx->rsc, file->path);
		int rret = ca_rules_scan(r->rules, ctx->rsc, file->data,
		    file->len, ctx->scratch, on_rule_hit, ctx);
		report_rules_result(r, file->path, rret);
	} else if (!nclaimed) {
		__atomic_add_fetch(&r->skipped, 1, __ATOMIC_RELAXED);
	}
	for (size_t i = 0; i < nclaimed; i++) {
		ctx->scanner = claimed[i];
		claimed[i]->scan_file(ctx, file);
	}
	after_file(ctx);
}

bool
run_scan_bytes(struct ca_ctx *ctx, const struct ca_file *file, const char *data,
    size_t len, bool claimed)
{
	struct ca_run *r = ctx->run;
	struct ca_file f = *file;
	bool found;
	int rret;

	__atomic_add_fetch(&r->bytes, len, __ATOMIC_RELAXED);
	if (!r->rules || looks_binary(data, len))
		return false;
	/* The rules want a NUL after the bytes, and a copy in the worker's
	 * buffer is wiped like a file's when it held a secret. */
	strbuf_reset(&ctx->buf);
	if (strbuf_reserve_exact(&ctx->buf, len + 1) < 0 ||
	    strbuf_add(&ctx->buf, data, len) < 0) {
		ca_inventory_add_error(r->inv, file->path,
		    "cannot scan: out of memory");
		return false;
	}
	f.data = ctx->buf.buf;
	f.len = ctx->buf.len;
	ctx->file = &f;
	ctx->parsed = claimed;
	ctx->scanner = NULL;
	ca_rule_scratch_set_code(ctx->rsc, ca_rules_is_code(f.name));
	ca_rule_scratch_set_path(ctx->rsc, f.path);
	rret = ca_rules_scan(r->rules, ctx->rsc, f.data, f.len, ctx->scratch,
	    on_rule_hit, ctx);
	report_rules_result(r, file->path, rret);
	found = ctx->found;
	after_file(ctx);
	ctx->file = NULL; /* after_file() did; said here for cppcheck */
	return found;
}

void
run_record_open_error(struct ca_run *r, const char *path, int err)
{
	char msg[128];

	switch (-err) {
	case EINVAL: /* not a regular file: FIFO, socket, device */
	case EISDIR: /* a symlink to a directory: not followed */
	case ELOOP:  /* symlink loop, or a link the fallback won't follow */
	case ENOENT: /* dangling symlink, or gone since listed */
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
