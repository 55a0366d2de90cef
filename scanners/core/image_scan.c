/* image_scan.c - the scan of an image target: one piece of work per layer
 * and one for the config. A layer is streamed entry by entry and each
 * regular file goes through the same per-file scan as a walked file
 * (scan_file.c), with the walk's own decisions (pseudo filesystems, .git,
 * installed software passed over unless --include-deps) taken from the
 * file's directories. A file a later layer deleted or replaced is read
 * all the same: its findings carry the layer and deleted = true, because
 * the layer still ships with the image. */
#include "lib/compat.h"
#include <pthread.h>
#include "lib/xalloc.h"
#include "scanners/core/image.h"
#include "scanners/core/run_p.h"
#include "lib/banned.h"

#define DIR_CAP 4096

struct layer_walk {
	struct ca_ctx *ctx;
	const char *digest;
	size_t layer;
	/* the decision for the last directory met: entries of one
	 * directory come together in a tar */
	char dir[DIR_CAP];
	bool have_dir;
	bool skip;   /* the walk would not enter it */
	bool in_git; /* directly inside a .git directory */
	struct run_dep *dep;
};

/* The passed-over tree at 'path', recorded once for all layers: the
 * look-up and the insertion hold the lock together, as two layers may
 * meet the same tree at once. */
static struct run_dep *
find_dep(struct ca_run *r, const char *path, const char *kind)
{
	struct run_dep *d;

	pthread_mutex_lock(&r->lock);
	for (d = r->deps; d; d = d->next)
		if (!strcmp(d->path, path))
			break;
	if (!d) {
		d = xcalloc(1, sizeof(*d));
		d->path = xstrdup(path);
		d->kind = kind;
		d->next = r->deps;
		r->deps = d;
	}
	pthread_mutex_unlock(&r->lock);
	return d;
}

/* Decides, as the walk would going down from "/", whether files of
 * directory 'dir' are read. */
static void
dir_policy(struct layer_walk *lw, const char *dir)
{
	struct ca_run *r = lw->ctx->run;
	char prefix[DIR_CAP];
	const char *p = dir;

	lw->skip = false;
	lw->in_git = false;
	lw->dep = NULL;
	snprintf(lw->dir, sizeof(lw->dir), "%s", dir);
	lw->have_dir = true;
	while (*p) {
		const char *name, *kind;
		size_t n;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		name = p;
		p += strcspn(p, "/");
		n = (size_t)(p - dir);
		if (n >= sizeof(prefix)) {
			lw->skip = true;
			return;
		}
		memcpy(prefix, dir, n);
		prefix[n] = '\0';
		name = prefix + (name - dir);
		/* Inside .git only its top-level files are read. */
		if (lw->in_git || !run_enter_dir(prefix, name)) {
			lw->skip = true;
			return;
		}
		lw->in_git = !strcmp(name, ".git");
		if (!lw->dep && !r->o->include_deps &&
		    (kind = run_dep_kind(r, prefix, name)) != NULL)
			lw->dep = find_dep(r, prefix, kind);
	}
}

static int
on_entry(void *arg, const struct ca_image_entry *e, struct ca_fh *fh)
{
	struct layer_walk *lw = arg;
	struct ca_ctx *ctx = lw->ctx;
	struct ca_run *r = ctx->run;
	const struct ca_scanner *claimed[MAX_CLAIMS];
	const char *slash = strrchr(e->path, '/'), *name = slash + 1;
	char dir[DIR_CAP];
	size_t nclaimed;

	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - e->path), e->path);
	if (!lw->have_dir || strcmp(dir, lw->dir))
		dir_policy(lw, dir);
	if (lw->skip) {
		r->t->ops->close_file(fh);
		return 0;
	}
	nclaimed = run_match_claims(r, e->path, name, claimed);
	if ((lw->in_git && !nclaimed) ||
	    (lw->dep && !nclaimed && !run_dep_keeps(e->path))) {
		if (lw->dep)
			__atomic_add_fetch(&lw->dep->files, 1,
			    __ATOMIC_RELAXED);
		r->t->ops->close_file(fh);
		return 0;
	}
	ctx->layer = lw->digest;
	ctx->layer_index = (int)lw->layer;
	ctx->deleted = e->deleted;
	run_scan_open_file(ctx, fh, &e->st, e->path, name,
	    run_home_of(r, e->path), claimed, nclaimed, !lw->in_git);
	ctx->layer = NULL;
	ctx->layer_index = -1;
	ctx->deleted = false;
	return 0;
}

/* The config (Env, Cmd, Labels, history) as one text file. */
static void
scan_config(struct ca_ctx *ctx)
{
	struct ca_run *r = ctx->run;
	struct ca_image_info info;
	struct ca_fh *fh;
	struct ca_stat st;

	ca_target_image_info(r->t, &info);
	if (ca_target_image_open_config(r->t, &fh, &st) < 0)
		return;
	ctx->layer = info.config_digest;
	ctx->layer_index = -1;
	run_scan_open_file(ctx, fh, &st, CA_IMAGE_CONFIG_PATH,
	    CA_IMAGE_CONFIG_PATH + 1, NULL, NULL, 0, true);
	ctx->layer = NULL;
}

void
run_scan_layer(struct ca_ctx *ctx, int layer)
{
	struct ca_run *r = ctx->run;
	struct ca_image_info info;
	struct layer_walk lw;
	char err[256] = "";

	ca_target_image_info(r->t, &info);
	if ((size_t)layer >= info.nlayers) {
		scan_config(ctx);
		return;
	}
	memset(&lw, 0, sizeof(lw));
	lw.ctx = ctx;
	lw.layer = (size_t)layer;
	lw.digest = info.layers[layer].digest;
	if (ca_target_image_stream(r->t, (size_t)layer, on_entry, &lw, err,
	        sizeof(err)) < 0)
		ca_inventory_add_error(r->inv, lw.digest, err);
}

static void
add_image_error(void *arg, const char *path, const char *msg)
{
	struct ca_run *r = arg;

	ca_inventory_add_error(r->inv, path, msg);
}

/* Resolves the config's USER ("name", "uid", "name:group", "uid:gid";
 * none is root) through the image's passwd. A group given by name is
 * left unknown: the image's /etc/group is not read. */
static void
resolve_user(struct ca_run *r, const char *user)
{
	char name[256];
	const char *colon;
	char *end;
	long long v;

	if (!user || !*user) {
		r->image_uid = r->image_gid = 0;
		return;
	}
	colon = strchr(user, ':');
	snprintf(name, sizeof(name), "%.*s",
	    colon ? (int)(colon - user) : (int)strlen(user), user);
	errno = 0;
	v = strtoll(name, &end, 10);
	if (!errno && end != name && !*end && v >= 0) {
		r->image_uid = v;
		r->image_gid = -1;
		for (size_t i = 0; i < r->nusers; i++)
			if (r->users[i].uid == v)
				r->image_gid = r->users[i].gid;
	} else {
		for (size_t i = 0; i < r->nusers; i++)
			if (!strcmp(r->users[i].name, name)) {
				r->image_uid = r->users[i].uid;
				r->image_gid = r->users[i].gid;
			}
	}
	if (colon) {
		errno = 0;
		v = strtoll(colon + 1, &end, 10);
		r->image_gid = !errno && end != colon + 1 && !*end && v >= 0 ?
		    v :
		    -1;
	}
}

bool
run_image_user_reads(const struct ca_run *r, const struct ca_stat *st)
{
	if (r->image_uid == 0)
		return true;
	if (st->uid == r->image_uid)
		return st->mode & 0400;
	if (r->image_gid >= 0 && st->gid == r->image_gid)
		return st->mode & 0040;
	return st->mode & 0004;
}

void
run_image_locate(const struct ca_run *r, const char *path,
    const struct ca_stat *st, struct ca_sighting *s)
{
	struct ca_image_info info;
	int layer = ca_target_image_layer_of(r->t, path);

	if (layer < 0)
		return;
	ca_target_image_info(r->t, &info);
	s->layer = info.layers[layer].digest;
	s->layer_index = layer;
	s->deleted = false;
	if (r->image_uid >= 0) {
		s->user_known = true;
		s->user_readable = run_image_user_reads(r, st);
	}
}

void
run_queue_image(struct ca_run *r)
{
	struct ca_image_info info;

	ca_target_image_info(r->t, &info);
	resolve_user(r, info.user);
	ca_target_image_errors(r->t, add_image_error, r);
	/* The homes of the image's passwd, for owners and misplaced
	 * files, as under --root. */
	for (size_t i = 0; i < r->nusers; i++)
		if (!run_is_system_path(r->users[i].home))
			run_add_home(r, r->users[i].home);
	for (size_t i = 0; i <= info.nlayers; i++)
		run_push_layer(r, (int)i);
}
