/* target_mem.c - an in-memory tree, for unit tests and fuzz targets.
 * Files are added by absolute path; directories exist implicitly as the
 * prefixes of those paths. Linear scans are fine at test sizes. */
#include "lib/compat.h"
#include "lib/xalloc.h"
#include "scanners/core/run.h"
#include "scanners/core/target.h"
#include "lib/banned.h"

struct mem_file {
	char *path;
	char *data;
	size_t len;
	uint32_t mode;
	int64_t uid;
};

struct mem_target {
	struct ca_target base;
	struct mem_file *files;
	size_t nfiles, cap;
};

struct ca_dir {
	struct mem_target *t;
	char *path;  /* without trailing slash; "" for the root */
	size_t next; /* index into files */
	char **seen; /* child names already returned */
	size_t nseen;
	char name[256];
};

struct ca_fh {
	const struct mem_file *f;
	size_t off;
};

static const char *
norm(const char *path)
{
	/* "/" and "" both name the root. */
	return (path[0] == '/' && !path[1]) ? "" : path;
}

static const struct mem_file *
find_file(struct mem_target *t, const char *path)
{
	for (size_t i = 0; i < t->nfiles; i++)
		if (!strcmp(t->files[i].path, path))
			return &t->files[i];
	return NULL;
}

static bool
is_dir(struct mem_target *t, const char *path)
{
	size_t n = strlen(path);

	for (size_t i = 0; i < t->nfiles; i++)
		if (!strncmp(t->files[i].path, path, n) &&
		    t->files[i].path[n] == '/')
			return true;
	return false;
}

static int
mem_open_dir(struct ca_target *base, const char *path, struct ca_dir **out)
{
	struct mem_target *t = (struct mem_target *)base;
	struct ca_dir *d;

	path = norm(path);
	if (*path && !is_dir(t, path))
		return find_file(t, path) ? -ENOTDIR : -ENOENT;
	d = xcalloc(1, sizeof(*d));
	d->t = t;
	d->path = xstrdup(path);
	*out = d;
	return 0;
}

static int
mem_next_entry(struct ca_dir *d, struct ca_dirent *ent)
{
	size_t n = strlen(d->path);

	while (d->next < d->t->nfiles) {
		const char *p = d->t->files[d->next++].path;
		const char *rest, *slash;
		size_t len;
		bool dup = false;

		if (strncmp(p, d->path, n) || p[n] != '/')
			continue;
		rest = p + n + 1;
		slash = strchr(rest, '/');
		len = slash ? (size_t)(slash - rest) : strlen(rest);
		if (len >= sizeof(d->name))
			continue;
		memcpy(d->name, rest, len);
		d->name[len] = '\0';
		for (size_t i = 0; i < d->nseen; i++)
			if (!strcmp(d->seen[i], d->name))
				dup = true;
		if (dup)
			continue;
		d->seen = xrealloc(d->seen, (d->nseen + 1) * sizeof(*d->seen));
		d->seen[d->nseen++] = xstrdup(d->name);
		ent->name = d->name;
		ent->type = slash ? CA_FT_DIR : CA_FT_REG;
		return 1;
	}
	return 0;
}

static int
open_mem(const struct mem_file *f, struct ca_fh **out, struct ca_stat *st)
{
	struct ca_fh *fh = xcalloc(1, sizeof(*fh));

	fh->f = f;
	if (st) {
		st->type = CA_FT_REG;
		st->mode = f->mode;
		st->uid = f->uid;
		st->gid = 0;
		st->size = f->len;
		st->mtime = 0;
	}
	*out = fh;
	return 0;
}

static int
mem_open_file(struct ca_target *base, const char *path, struct ca_fh **out,
    struct ca_stat *st)
{
	struct mem_target *t = (struct mem_target *)base;
	const struct mem_file *f = find_file(t, path);

	if (!f)
		return is_dir(t, norm(path)) ? -EISDIR : -ENOENT;
	return open_mem(f, out, st);
}

static int
mem_open_entry(struct ca_dir *d, const char *name, struct ca_fh **out,
    struct ca_stat *st)
{
	char full[4096];

	snprintf(full, sizeof(full), "%s/%s", d->path, name);
	return mem_open_file(&d->t->base, full, out, st);
}

static void
mem_close_dir(struct ca_dir *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nseen; i++)
		free(d->seen[i]);
	free(d->seen);
	free(d->path);
	free(d);
}

static ssize_t
mem_read(struct ca_fh *fh, void *buf, size_t len)
{
	size_t left = fh->f->len - fh->off;

	if (len > left)
		len = left;
	memcpy(buf, fh->f->data + fh->off, len);
	fh->off += len;
	return (ssize_t)len;
}

static void
mem_close_file(struct ca_fh *fh)
{
	free(fh);
}

static int
mem_stat_path(struct ca_target *base, const char *path, struct ca_stat *st)
{
	struct mem_target *t = (struct mem_target *)base;
	const struct mem_file *f = find_file(t, path);

	memset(st, 0, sizeof(*st));
	if (f) {
		st->type = CA_FT_REG;
		st->mode = f->mode;
		st->uid = f->uid;
		st->size = f->len;
		return 0;
	}
	if (!*norm(path) || is_dir(t, norm(path))) {
		st->type = CA_FT_DIR;
		st->mode = 0755;
		return 0;
	}
	return -ENOENT;
}

static void
mem_free(struct ca_target *base)
{
	struct mem_target *t = (struct mem_target *)base;

	for (size_t i = 0; i < t->nfiles; i++) {
		free(t->files[i].path);
		free(t->files[i].data);
	}
	free(t->files);
	free(t);
}

static const struct ca_target_ops mem_ops = {
	.kind = "mem",
	.open_dir = mem_open_dir,
	.next_entry = mem_next_entry,
	.open_entry = mem_open_entry,
	.close_dir = mem_close_dir,
	.open_file = mem_open_file,
	.read = mem_read,
	.close_file = mem_close_file,
	.stat_path = mem_stat_path,
	.free = mem_free,
};

struct ca_target *
ca_target_mem_new(void)
{
	struct mem_target *t = xcalloc(1, sizeof(*t));

	t->base.ops = &mem_ops;
	t->base.root = "/";
	return &t->base;
}

int
ca_target_mem_add(struct ca_target *base, const char *path, const void *data,
    size_t len, uint32_t mode, int64_t uid)
{
	struct mem_target *t = (struct mem_target *)base;
	struct mem_file *f;

	if (t->nfiles == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->files = xrealloc(t->files, t->cap * sizeof(*t->files));
	}
	f = &t->files[t->nfiles++];
	f->path = xstrdup(path);
	f->data = xmalloc(len + 1);
	memcpy(f->data, data, len);
	f->data[len] = '\0';
	f->len = len;
	f->mode = mode;
	f->uid = uid;
	return 0;
}
