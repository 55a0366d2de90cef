/* archive_scan.c - an archive met in the walk (or in an image layer) is
 * read whole into memory, up to --max-archive-size, and each of its text
 * entries goes through the same per-file scan as a file on disk: the
 * content rules, and the surface modules whose claims match the entry's
 * path "ARCHIVE!/ENTRY" (a glob that starts with "**", as the one of
 * .npmrc files does; a glob anchored at a home does not). The entry's
 * mode and owner are the archive file's: that is who can read it.
 * archive_walk.c does the reading, bounds and names. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "scanners/core/archive.h"
#include "scanners/core/redact_gate.h"
#include "scanners/core/run_p.h"
#include "lib/banned.h"

struct archive_job {
	struct ca_ctx *ctx;
	const char *path; /* the archive file's */
	const char *home;
	const struct ca_stat *st;
};

bool
run_archives_on(const struct ca_run *r)
{
	return r->o->archive_depth > 0 && r->rules;
}

uint64_t
run_archive_max(const struct ca_run *r)
{
	return r->o->archive_max_size ? r->o->archive_max_size :
	                                CA_ARCHIVE_SIZE_DEFAULT;
}

bool
run_is_archive(const struct ca_run *r, const char *path, const char *head,
    size_t len)
{
	enum ca_archive_sniff kind;

	if (!run_archives_on(r))
		return false;
	kind = ca_archive_sniff(head, len);
	return kind == CA_ARCHIVE_CONTAINER ||
	    (kind == CA_ARCHIVE_STREAM && !ca_archive_compressed_doc(path));
}

/* Returns owned "PATH!/CHAIN", without the separator a nested archive's
 * chain ends with. 'path' and 'chain' are borrowed. */
static char *
entry_path(const char *path, const char *chain)
{
	size_t sep = strlen(CA_ARCHIVE_SEP), n = strlen(chain);
	struct strbuf sb = STRBUF_INIT(SIZE_MAX - 1);

	if (n >= sep && !strcmp(chain + n - sep, CA_ARCHIVE_SEP))
		n -= sep;
	(void)strbuf_addstr(&sb, path);
	if (n) {
		(void)strbuf_addstr(&sb, CA_ARCHIVE_SEP);
		(void)strbuf_add(&sb, chain, n);
	}
	return strbuf_detach(&sb, NULL);
}

static void
on_note(void *arg, const char *chain, const char *msg)
{
	struct archive_job *job = arg;
	struct ca_ctx *ctx = job->ctx;
	char *p = entry_path(job->path, chain);

	ca_inventory_add_error(ctx->run->inv,
	    ca_gate_str(ctx->gate, ctx->scratch, p), msg);
	arena_wipe_reset(ctx->scratch);
	free(p);
}

static void
on_entry(void *arg, const struct ca_archive_entry *e)
{
	struct archive_job *job = arg;
	struct ca_ctx *ctx = job->ctx;
	struct ca_run *r = ctx->run;
	const struct ca_scanner *claimed[MAX_CLAIMS];
	struct ca_file file;
	size_t nclaimed;
	char *p = entry_path(job->path, e->chain);

	nclaimed = run_match_claims(r, p, e->name, claimed);
	memset(&file, 0, sizeof(file));
	file.path = p;
	file.name = e->name;
	file.home = job->home;
	file.data = e->data;
	file.len = e->len;
	file.st = *job->st;
	file.st.size = e->len;
	ctx->archive_entry = e->chain;
	run_scan_loaded(ctx, &file, claimed, nclaimed, true);
	ctx->archive_entry = NULL;
	free(p);
}

void
run_scan_archive(struct ca_ctx *ctx, struct ca_fh *fh, const struct ca_stat *st,
    const char *path, const char *name, const char *home)
{
	struct ca_run *r = ctx->run;
	uint64_t max = run_archive_max(r);
	struct strbuf arch;
	struct archive_job job = { ctx, path, home, st };
	struct ca_archive_walker w;
	int ret;

	/* The archive leaves the worker's buffer, which its entries use;
	 * sized once, so no realloc leaves a copy behind. */
	strbuf_init(&arch, (size_t)max + 1);
	ret = strbuf_reserve_exact(&arch,
	    (size_t)(st->size < max ? st->size : max) + 1);
	if (!ret)
		ret = strbuf_add(&arch, ctx->buf.buf, ctx->buf.len);
	ca_wipe(ctx->buf.buf, ctx->buf.len);
	strbuf_reset(&ctx->buf);
	if (ret < 0) {
		r->t->ops->close_file(fh);
		ca_inventory_add_error(r->inv, path,
		    "cannot read archive: out of memory");
		goto out;
	}
	ret = ca_fh_read_into(r->t, fh, &arch, (size_t)(max + 1 - arch.len));
	r->t->ops->close_file(fh);
	__atomic_add_fetch(&r->bytes, arch.len, __ATOMIC_RELAXED);
	if (ret < 0 || arch.len > max) {
		char msg[128];
		snprintf(msg, sizeof(msg), "cannot read archive: %s",
		    ret < 0 ? strerror(-ret) :
		              "it grew past --max-archive-size");
		ca_inventory_add_error(r->inv, path, msg);
		goto out;
	}
	memset(&w, 0, sizeof(w));
	w.lim.max_depth = r->o->archive_depth;
	w.lim.max_size = max;
	w.lim.max_entry = r->o->max_file_size;
	w.lim.max_entries = CA_ARCHIVE_MAX_ENTRIES;
	w.lim.max_ratio = CA_ARCHIVE_MAX_RATIO;
	w.entry = on_entry;
	w.note = on_note;
	w.arg = &job;
	ca_archive_walk(&w, arch.buf, arch.len, name);
	__atomic_add_fetch(&r->files, w.stats.entries, __ATOMIC_RELAXED);
	__atomic_add_fetch(&r->skipped, w.stats.skipped, __ATOMIC_RELAXED);
	__atomic_add_fetch(&r->bytes, w.stats.bytes, __ATOMIC_RELAXED);
out:
	/* a plain tar or a stored zip entry holds its secrets as they are */
	ca_wipe(arch.buf, arch.len);
	strbuf_release(&arch);
}
