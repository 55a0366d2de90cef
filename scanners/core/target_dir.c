/* target_dir.c - a live directory tree, read as the root of a filesystem.
 *
 * One root dirfd; every path is resolved with openat2(RESOLVE_IN_ROOT |
 * RESOLVE_NO_MAGICLINKS), so absolute symlinks and "../" climb no higher
 * than the root: "/etc/shadow" inside the root means ROOT/etc/shadow. On
 * kernels without openat2 each component is opened with O_NOFOLLOW
 * instead, so symlinks are not followed at all.
 *
 * Nothing but regular files and directories is ever opened for reading:
 * directory entries that are FIFOs, sockets or devices are refused from
 * their type alone, symlinks are resolved with O_PATH and fstat'ed before a
 * real open, and every open carries O_NONBLOCK, so a swapped-in FIFO cannot
 * block either. */
#include "lib/compat.h"
#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "lib/log.h"
#include "lib/xalloc.h"
#include "scanners/core/target.h"
#include "lib/banned.h"

struct dir_target {
	struct ca_target base;
	int rootfd;
	bool have_openat2;
};

struct ca_dir {
	struct dir_target *t;
	DIR *dp;
	char *path;
	const char *last_name;      /* the entry next_entry returned last */
	unsigned char last_type;    /* and its d_type */
};

struct ca_fh {
	int fd;
};

#define OPEN_FLAGS (O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)

static int
sys_openat2(int dirfd, const char *path, int flags)
{
	struct open_how how;

	memset(&how, 0, sizeof(how));
	how.flags = (uint64_t)flags;
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

/* Opens 'path' without following any symlink, one component at a time;
 * the fallback when openat2 is missing. */
static int
open_nofollow(int rootfd, const char *path, int flags)
{
	char buf[4096];
	char *comp, *next;
	int fd, nfd;

	if (strlen(path) >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, strlen(path) + 1);
	fd = dup(rootfd);
	if (fd < 0)
		return -errno;
	comp = buf;
	while (*comp == '/')
		comp++;
	if (!*comp) {
		nfd = openat(fd, ".", flags);
		close(fd);
		return nfd < 0 ? -errno : nfd;
	}
	for (;;) {
		next = strchr(comp, '/');
		if (next) {
			*next++ = '\0';
			while (*next == '/')
				next++;
			if (!*next)
				next = NULL;
		}
		if (!strcmp(comp, "..")) {
			close(fd);
			return -EACCES;
		}
		if (next)
			nfd = openat(fd, comp, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
		else
			nfd = openat(fd, comp, flags | O_NOFOLLOW);
		close(fd);
		if (nfd < 0)
			return -errno;
		if (!next)
			return nfd;
		fd = nfd;
		comp = next;
	}
}

static int
resolve_open(struct dir_target *t, const char *path, int flags)
{
	const char *rel = path;
	int fd;

	while (*rel == '/')
		rel++;
	if (!*rel)
		rel = ".";
	if (t->have_openat2) {
		fd = sys_openat2(t->rootfd, rel, flags);
		return fd < 0 ? -errno : fd;
	}
	return open_nofollow(t->rootfd, rel, flags);
}

static void
fill_stat(const struct stat *sb, struct ca_stat *st)
{
	if (S_ISREG(sb->st_mode))
		st->type = CA_FT_REG;
	else if (S_ISDIR(sb->st_mode))
		st->type = CA_FT_DIR;
	else if (S_ISLNK(sb->st_mode))
		st->type = CA_FT_LNK;
	else
		st->type = CA_FT_OTHER;
	st->mode = sb->st_mode & 07777;
	st->uid = sb->st_uid;
	st->gid = sb->st_gid;
	st->size = (uint64_t)sb->st_size;
	st->mtime = sb->st_mtime;
}

/* Takes ownership of 'fd': returns it wrapped when it is a regular file,
 * closes it otherwise. */
static int
wrap_regular(int fd, struct ca_fh **out, struct ca_stat *st)
{
	struct stat sb;
	struct ca_fh *fh;

	if (fstat(fd, &sb) < 0) {
		int err = -errno;
		close(fd);
		return err;
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	if (st)
		fill_stat(&sb, st);
	fh = xmalloc(sizeof(*fh));
	fh->fd = fd;
	*out = fh;
	return 0;
}

/* Opens a path that may be a symlink: resolve it with O_PATH inside the
 * root, and only open it for reading once fstat says it is a regular file
 * (and the same one). */
static int
open_resolved(struct dir_target *t, const char *path, struct ca_fh **out,
    struct ca_stat *st)
{
	struct stat sb, sb2;
	int pfd, fd;

	pfd = resolve_open(t, path, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return pfd;
	if (fstat(pfd, &sb) < 0) {
		int err = -errno;
		close(pfd);
		return err;
	}
	close(pfd);
	if (!S_ISREG(sb.st_mode))
		return S_ISDIR(sb.st_mode) ? -EISDIR : -EINVAL;
	fd = resolve_open(t, path, OPEN_FLAGS);
	if (fd < 0)
		return fd;
	if (fstat(fd, &sb2) < 0 || sb2.st_ino != sb.st_ino ||
	    sb2.st_dev != sb.st_dev) {
		close(fd);
		return -ESTALE;
	}
	return wrap_regular(fd, out, st);
}

static int
dir_open_dir(struct ca_target *base, const char *path, struct ca_dir **out)
{
	struct dir_target *t = (struct dir_target *)base;
	struct ca_dir *d;
	DIR *dp;
	int fd;

	fd = resolve_open(t, path, O_RDONLY | O_DIRECTORY | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd < 0)
		return fd;
	dp = fdopendir(fd);
	if (!dp) {
		int err = -errno;
		close(fd);
		return err;
	}
	d = xmalloc(sizeof(*d));
	d->t = t;
	d->dp = dp;
	d->path = xstrdup(path);
	*out = d;
	return 0;
}

static int
dir_next_entry(struct ca_dir *d, struct ca_dirent *ent)
{
	struct dirent *de;

	for (;;) {
		errno = 0;
		de = readdir(d->dp);
		if (!de)
			return errno ? -errno : 0;
		if (de->d_name[0] == '.' && (!de->d_name[1] ||
		    (de->d_name[1] == '.' && !de->d_name[2])))
			continue;
		break;
	}
	ent->name = de->d_name;
	d->last_name = de->d_name;
	d->last_type = de->d_type;
	switch (de->d_type) {
	case DT_REG:
		ent->type = CA_FT_REG;
		break;
	case DT_DIR:
		ent->type = CA_FT_DIR;
		break;
	case DT_LNK:
		ent->type = CA_FT_LNK;
		break;
	case DT_UNKNOWN:
		ent->type = CA_FT_UNKNOWN;
		break;
	default:
		ent->type = CA_FT_OTHER;
		break;
	}
	return 1;
}

static int
dir_open_entry(struct ca_dir *d, const char *name, struct ca_fh **out,
    struct ca_stat *st)
{
	struct stat sb;
	int dfd = dirfd(d->dp);
	int fd;

	/* The common case, a regular file by its directory entry: open it
	 * straight away (O_NOFOLLOW, O_NONBLOCK) and let fstat confirm, one
	 * system call fewer per file. A file swapped for a symlink since it
	 * was listed fails with ELOOP and takes the careful path below. */
	if (name == d->last_name && d->last_type == DT_REG) {
		fd = openat(dfd, name, OPEN_FLAGS | O_NOFOLLOW);
		if (fd >= 0)
			return wrap_regular(fd, out, st);
		if (errno != ELOOP)
			return -errno;
	}
	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (S_ISLNK(sb.st_mode)) {
		char *full;
		int ret;
		size_t n = strlen(d->path) + strlen(name) + 2;
		full = xmalloc(n);
		snprintf(full, n, "%s/%s", d->path, name);
		ret = open_resolved(d->t, full, out, st);
		free(full);
		return ret;
	}
	if (!S_ISREG(sb.st_mode))
		return S_ISDIR(sb.st_mode) ? -EISDIR : -EINVAL;
	fd = openat(dfd, name, OPEN_FLAGS | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	return wrap_regular(fd, out, st);
}

static void
dir_close_dir(struct ca_dir *d)
{
	if (!d)
		return;
	closedir(d->dp);
	free(d->path);
	free(d);
}

static int
dir_open_file(struct ca_target *base, const char *path, struct ca_fh **out,
    struct ca_stat *st)
{
	return open_resolved((struct dir_target *)base, path, out, st);
}

static ssize_t
dir_read(struct ca_fh *fh, void *buf, size_t len)
{
	ssize_t n;

	do
		n = read(fh->fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

static void
dir_close_file(struct ca_fh *fh)
{
	if (!fh)
		return;
	close(fh->fd);
	free(fh);
}

static int
dir_stat_path(struct ca_target *base, const char *path, struct ca_stat *st)
{
	struct dir_target *t = (struct dir_target *)base;
	struct stat sb;
	int fd = resolve_open(t, path, O_PATH | O_CLOEXEC);

	if (fd < 0)
		return fd;
	if (fstat(fd, &sb) < 0) {
		int err = -errno;
		close(fd);
		return err;
	}
	close(fd);
	fill_stat(&sb, st);
	return 0;
}

static void
dir_free(struct ca_target *base)
{
	struct dir_target *t = (struct dir_target *)base;

	close(t->rootfd);
	free((char *)t->base.root);
	free(t);
}

static const struct ca_target_ops dir_ops = {
	.kind = "dir",
	.open_dir = dir_open_dir,
	.next_entry = dir_next_entry,
	.open_entry = dir_open_entry,
	.close_dir = dir_close_dir,
	.open_file = dir_open_file,
	.read = dir_read,
	.close_file = dir_close_file,
	.stat_path = dir_stat_path,
	.free = dir_free,
};

int
ca_target_dir_open(const char *root, struct ca_target **out)
{
	struct dir_target *t;
	int fd, probe;

	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return ca_error("cannot open root '%s': %s", root,
		    strerror(errno));
	t = xcalloc(1, sizeof(*t));
	t->base.ops = &dir_ops;
	t->base.root = xstrdup(root);
	t->rootfd = fd;
	probe = sys_openat2(fd, ".", O_PATH | O_CLOEXEC);
	if (probe >= 0) {
		t->have_openat2 = true;
		close(probe);
	}
	*out = &t->base;
	return 0;
}
