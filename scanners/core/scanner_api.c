/* scanner_api.c - the calls a surface module makes (scanner.h): ca_emit
 * turns a finding into a keyed fingerprint and a redacted preview before
 * anything is stored, ca_warn records a per-file error, ca_read_file reads
 * through the target. */
#include "lib/compat.h"
#include "lib/arena.h"
#include "lib/hash.h"
#include "lib/redact.h"
#include "lib/strbuf.h"
#include "scanners/core/redact_gate.h"
#include "scanners/core/run_p.h"
#include "scanners/rules/rules.h"
#include "scanners/verify/vault.h"
#include "lib/banned.h"

static void
fingerprint(const struct ca_run *r, const struct ca_finding *f,
    char id[CA_ID_HEX + 1])
{
	unsigned char mac[CA_SHA256_LEN];

	if (f->secret) {
		ca_hmac_sha256(r->o->key, r->o->key_len, f->secret,
		    f->secret_len, mac);
	} else {
		/* A secretless credential is named by its reference; the
		 * domain prefix keeps it apart from any secret's value. */
		struct strbuf sb = STRBUF_INIT(4096);
		strbuf_addstr(&sb, "credatlas-ref\n");
		strbuf_addstr(&sb, f->ref ? f->ref : "");
		ca_hmac_sha256(r->o->key, r->o->key_len, sb.buf, sb.len, mac);
		strbuf_release(&sb);
	}
	ca_hex(mac, CA_ID_HEX / 2, id);
}

int
run_emit(struct ca_ctx *ctx, const struct ca_finding *f, bool structured)
{
	struct ca_run *r = ctx->run;
	struct ca_sighting s;
	char preview[64];

	if (!f->rule || !f->kind || (!f->secret && !f->ref))
		return ca_warn(ctx, ctx->file ? ctx->file->path : NULL,
		    "internal: incomplete finding from '%s'",
		    ctx->scanner ? ctx->scanner->name : "rules");
	memset(&s, 0, sizeof(s));
	ctx->found = true;
	fingerprint(r, f, s.id);
	/* A published test key or documentation sample is no credential:
	 * it is listed under ignored[] and goes no further (no vault). */
	if (f->secret &&
	    ca_known_test_value(f->secret, f->secret_len,
	        ca_inventory_policy(r->inv))) {
		struct ca_ignored g = { .kind = f->kind,
			.rule = f->rule,
			.reason = CA_KNOWN_REASON,
			.ignore = SIZE_MAX };

		memcpy(g.id, s.id, sizeof(g.id));
		ca_inventory_add_ignored(r->inv, &g);
		return 0;
	}
	if (r->vault)
		ca_vault_put(r->vault, s.id, f, structured);
	if (f->secret) {
		ca_redact(f->secret, f->secret_len, f->preview_prefix, preview,
		    sizeof(preview));
		s.redacted = preview;
	}
	s.rule = f->rule;
	s.kind = f->kind;
	s.identity = f->identity;
	s.expires = f->expires;
	s.standing = f->standing;
	s.scopes = f->scopes;
	s.detail = f->detail;
	s.exposure = f->exposure;
	s.tier = f->tier;
	s.structured = structured;
	s.path = f->path ? f->path : ctx->file->path;
	s.line = f->line;
	if (!f->path || !strcmp(f->path, ctx->file->path)) {
		s.mode = ctx->file->st.mode;
		s.uid = ctx->file->st.uid;
		s.layer = ctx->layer;
		s.layer_index = ctx->layer_index;
		s.deleted = ctx->deleted;
		s.archive_entry = ctx->archive_entry;
		if (ctx->layer && ctx->layer_index >= 0 && r->image_uid >= 0) {
			s.user_known = true;
			s.user_readable = run_image_user_reads(r,
			    &ctx->file->st);
		}
	} else {
		struct ca_stat st;
		if (r->t->ops->stat_path(r->t, f->path, &st) == 0) {
			s.mode = st.mode;
			s.uid = st.uid;
			/* another file of an image: the final filesystem's */
			if (ctx->layer)
				run_image_locate(r, f->path, &st, &s);
		} else {
			s.uid = -1;
		}
	}
	s.home = ctx->file->home;
	s.service = run_service_of(ctx, s.path, s.home);
	s.encoding = f->encoding;
	s.anchor = f->anchor;
	s.link = f->link;
	s.git = ctx->git;
	ca_gate_sighting(ctx->gate, ctx->scratch, &s);
	return ca_inventory_add(r->inv, &s);
}

int
run_ignore(struct ca_ctx *ctx, const struct ca_finding *f, const char *reason)
{
	struct ca_ignored g = { .kind = f->kind,
		.rule = f->rule,
		.reason = reason,
		.ignore = SIZE_MAX };

	if (!f->rule || !f->kind || !f->secret)
		return 0;
	ctx->found = true; /* the buffer held a secret: wipe it */
	fingerprint(ctx->run, f, g.id);
	ca_inventory_add_ignored(ctx->run->inv, &g);
	return 0;
}

int
ca_emit(struct ca_ctx *ctx, const struct ca_finding *f)
{
	return run_emit(ctx, f, true);
}

int
ca_warn(struct ca_ctx *ctx, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int n = 0;

	if (ctx->scanner)
		n = snprintf(msg, sizeof(msg), "%s: ", ctx->scanner->name);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	if (!path && ctx->file)
		path = ctx->file->path;
	ca_gate_buf(ctx->gate, msg, sizeof(msg));
	path = ca_gate_str(ctx->gate, ctx->scratch, path);
	ca_inventory_add_error(ctx->run->inv, path, msg);
	return 0;
}

int
ca_read_file(struct ca_ctx *ctx, const char *path, struct strbuf *out)
{
	return ca_target_read(ctx->run->t, path, out, STRUCTURED_CAP, NULL);
}

ssize_t
ca_file_read(struct ca_ctx *ctx, void *buf, size_t len)
{
	struct ca_run *r = ctx->run;
	ssize_t n;

	if (!ctx->stream_fh)
		return -EINVAL;
	/* no parser is handed more than STRUCTURED_CAP, streamed or not */
	if (len > STRUCTURED_CAP - ctx->stream_read)
		len = (size_t)(STRUCTURED_CAP - ctx->stream_read);
	if (!len)
		return 0;
	n = r->t->ops->read(ctx->stream_fh, buf, len);
	if (n > 0) {
		ctx->stream_read += (uint64_t)n;
		__atomic_add_fetch(&r->bytes, (uint64_t)n, __ATOMIC_RELAXED);
	}
	return n;
}

int
ca_file_rewind(struct ca_ctx *ctx)
{
	struct ca_run *r = ctx->run;
	const struct ca_file *f = ctx->file;
	struct ca_fh *fh;
	struct ca_stat st;
	int ret;

	if (!ctx->stream_fh || !f || !f->streamed)
		return -EINVAL;
	/* Opened by its path again, confined as the first time: the file
	 * the first pass read, or an error. */
	ret = r->t->ops->open_file(r->t, f->path, &fh, &st);
	if (ret < 0)
		return ret;
	if (st.size != f->st.size || st.mtime != f->st.mtime) {
		r->t->ops->close_file(fh);
		return -ESTALE;
	}
	r->t->ops->close_file(ctx->stream_fh);
	ctx->stream_fh = fh;
	ctx->stream_read = 0;
	return 0;
}

struct arena *
ca_scratch(struct ca_ctx *ctx)
{
	return ctx->scratch;
}

const char *
ca_ctx_scanner(const struct ca_ctx *ctx)
{
	return ctx->scanner ? ctx->scanner->name : "rules";
}

const char *
ca_ctx_dep_tree(const struct ca_ctx *ctx)
{
	return ctx->dep_kind;
}

const char *
ca_resolve_path(struct ca_ctx *ctx, const char *path, const char *home,
    const char *base_dir)
{
	if (!path || !*path)
		return NULL;
	if (path[0] == '~') {
		if (path[1] && path[1] != '/')
			return NULL; /* ~user: not resolvable offline */
		if (!home)
			return NULL;
		return arena_printf(ctx->scratch, "%s%s", home, path + 1);
	}
	if (path[0] == '/')
		return arena_strdup(ctx->scratch, path);
	if (!base_dir)
		return NULL;
	return arena_printf(ctx->scratch, "%s/%s",
	    strcmp(base_dir, "/") ? base_dir : "", path);
}
