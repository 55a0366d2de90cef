/* target_dir.c - a live directory tree, read as the root of a filesystem,
 * or several trees each confined to itself (the PATH operands).
 *
 * Each tree is a mount: a prefix of the target's paths and one root dirfd.
 * "--root DIR" is one mount of DIR at "/"; "scan A B" mounts A at A's own
 * absolute path and B at B's, so reported paths name the real location
 * while nothing outside A or B can be reached: a path under no mount does
 * not exist. Inside a mount every path is resolved with openat2(
 * RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS), so absolute symlinks and "../"
 * climb no higher than the mount's root: "/etc/shadow" inside it means
 * ROOT/etc/shadow. On kernels without openat2 each component is opened
 * with O_NOFOLLOW instead, so symlinks are not followed at all.
 *
 * Nothing but regular files and directories is ever opened for reading:
 * directory entries that are FIFOs, sockets or devices are refused from
 * their type alone; every file is first opened with O_PATH (which does not
 * open the file itself), fstat'ed, and only a regular file is then
 * reopened for reading through that descriptor (/proc/self/fd), so a file
 * swapped for a device between the check and the open is never opened.
 * Without /proc the reopen goes by name with O_NOFOLLOW | O_NONBLOCK and
 * must find the same inode. */
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

struct mount {
	char *prefix; /* target path of the mount's root, no trailing '/' */
	size_t len;   /* 0 for "/" */
	int fd;
};

struct dir_target {
	struct ca_target base;
	struct mount *mounts;
	size_t nmounts;
	bool have_openat2;
	bool have_proc; /* /proc/self/fd reopens work */
};

struct ca_dir {
	struct dir_target *t;
	DIR *dp;
	char *path;
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
			nfd = openat(fd, comp,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
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

/* The mount holding 'path' (borrowed: the longest matching prefix) and
 * the rest of the path inside it, or NULL when no mount holds it. */
static const struct mount *
find_mount(const struct dir_target *t, const char *path, const char **rel)
{
	const struct mount *best = NULL;

	for (size_t i = 0; i < t->nmounts; i++) {
		const struct mount *m = &t->mounts[i];
		if (strncmp(path, m->prefix, m->len) ||
		    (path[m->len] && path[m->len] != '/'))
			continue;
		if (!best || m->len > best->len)
			best = m;
	}
	if (best)
		*rel = path + best->len;
	return best;
}

static int
resolve_open(struct dir_target *t, const char *path, int flags)
{
	const struct mount *m = find_mount(t, path, &path);
	const char *rel = path;
	int fd;

	if (!m)
		return -ENOENT; /* outside every scanned tree */
	while (*rel == '/')
		rel++;
	if (!*rel)
		rel = ".";
	if (t->have_openat2) {
		fd = sys_openat2(m->fd, rel, flags);
		return fd < 0 ? -errno : fd;
	}
	return open_nofollow(m->fd, rel, flags);
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
 * the same one as 'want' (the O_PATH check), closes it otherwise. */
static int
wrap_regular(int fd, const struct stat *want, struct ca_fh **out,
    struct ca_stat *st)
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
	if (sb.st_ino != want->st_ino || sb.st_dev != want->st_dev) {
		close(fd); /* swapped between the check and the open */
		return -ESTALE;
	}
	if (st)
		fill_stat(&sb, st);
	fh = xmalloc(sizeof(*fh));
	fh->fd = fd;
	*out = fh;
	return 0;
}

/* Takes ownership of 'pfd', an O_PATH descriptor whose fstat is 'sb':
 * opens the file for reading only when it is a regular file, through the
 * descriptor. Without /proc it opens by name ('name' in directory 'dfd',
 * or the target path 'name' when dfd < 0) and demands the same inode. */
static int
reopen_regular(struct dir_target *t, int pfd, const struct stat *sb, int dfd,
    const char *name, struct ca_fh **out, struct ca_stat *st)
{
	char proc[64];
	int fd;

	if (!S_ISREG(sb->st_mode)) {
		close(pfd);
		return S_ISDIR(sb->st_mode) ? -EISDIR : -EINVAL;
	}
	if (t->have_proc) {
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
		fd = open(proc, OPEN_FLAGS);
		fd = fd < 0 ? -errno : fd;
	} else if (dfd >= 0) {
		fd = openat(dfd, name, OPEN_FLAGS | O_NOFOLLOW);
		fd = fd < 0 ? -errno : fd;
	} else {
		fd = resolve_open(t, name, OPEN_FLAGS);
	}
	close(pfd);
	if (fd < 0)
		return fd;
	return wrap_regular(fd, sb, out, st);
}

/* Fstats 'pfd'; on failure closes it and returns -errno. */
static int
fstat_path_fd(int pfd, struct stat *sb)
{
	int err;

	if (fstat(pfd, sb) == 0)
		return 0;
	err = -errno;
	close(pfd);
	return err;
}

/* Opens a path that may be a symlink: resolve it with O_PATH inside its
 * mount, and open it for reading only through that descriptor. */
static int
open_resolved(struct dir_target *t, const char *path, struct ca_fh **out,
    struct ca_stat *st)
{
	struct stat sb;
	int pfd, ret;

	pfd = resolve_open(t, path, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return pfd;
	if ((ret = fstat_path_fd(pfd, &sb)) < 0)
		return ret;
	return reopen_regular(t, pfd, &sb, -1, path, out, st);
}

static int
dir_open_dir(struct ca_target *base, const char *path, struct ca_dir **out)
{
	struct dir_target *t = (struct dir_target *)base;
	struct ca_dir *d;
	DIR *dp;
	int fd;

	fd = resolve_open(t, path,
	    O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
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
		if (de->d_name[0] == '.' &&
		    (!de->d_name[1] ||
		        (de->d_name[1] == '.' && !de->d_name[2])))
			continue;
		break;
	}
	ent->name = de->d_name;
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
	int pfd, ret;

	/* O_PATH opens nothing: the entry is checked through the descriptor
	 * and reopened for reading only when it is a regular file, so an
	 * entry swapped for a device or FIFO after it was listed is never
	 * opened. A symlink (O_PATH | O_NOFOLLOW gives the link itself) is
	 * resolved again through its mount. */
	pfd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (pfd < 0)
		return -errno;
	if ((ret = fstat_path_fd(pfd, &sb)) < 0)
		return ret;
	if (S_ISLNK(sb.st_mode)) {
		size_t n = strlen(d->path) + strlen(name) + 2;
		char *full = xmalloc(n);

		close(pfd);
		snprintf(full, n, "%s/%s", d->path, name);
		ret = open_resolved(d->t, full, out, st);
		free(full);
		return ret;
	}
	return reopen_regular(d->t, pfd, &sb, dfd, name, out, st);
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

static int
dir_fh_fd(struct ca_fh *fh)
{
	return fh->fd;
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

	for (size_t i = 0; i < t->nmounts; i++) {
		close(t->mounts[i].fd);
		free(t->mounts[i].prefix);
	}
	free(t->mounts);
	ca_target_free(t->base.system);
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
	.fh_fd = dir_fh_fd,
};

/* Adds a mount of the directory 'dir' (a host path) at target path
 * 'prefix'; both borrowed. Returns 0 or -errno. */
static int
add_mount(struct dir_target *t, const char *dir, const char *prefix)
{
	size_t len = strlen(prefix);
	struct mount *m;
	int fd;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (len > 0 && prefix[len - 1] == '/')
		len--;
	t->mounts = xrealloc(t->mounts, (t->nmounts + 1) * sizeof(*t->mounts));
	m = &t->mounts[t->nmounts++];
	m->prefix = xstrndup(prefix, len);
	m->len = len;
	m->fd = fd;
	return 0;
}

/* Returns a new target with no mount yet, owned. */
static struct dir_target *
dir_target_new(const char *root)
{
	struct dir_target *t = xcalloc(1, sizeof(*t));
	struct stat sb;
	int probe;

	t->base.ops = &dir_ops;
	t->base.root = xstrdup(root);
	probe = sys_openat2(AT_FDCWD, "/", O_PATH | O_CLOEXEC);
	if (probe >= 0) {
		t->have_openat2 = true;
		close(probe);
	}
	/* Reopening through /proc/self/fd needs a mounted /proc. */
	probe = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (probe >= 0) {
		t->have_proc = fstat(probe, &sb) == 0;
		close(probe);
	}
	return t;
}

int
ca_target_dir_open(const char *root, struct ca_target **out)
{
	struct dir_target *t = dir_target_new(root);
	int ret = add_mount(t, root, "/");

	if (ret < 0) {
		dir_free(&t->base);
		return ca_error("cannot open root '%s': %s", root,
		    strerror(-ret));
	}
	*out = &t->base;
	return 0;
}

int
ca_target_dir_open_confined(const char *const *paths, struct ca_target **out)
{
	struct dir_target *t = dir_target_new("/");
	struct stat sb;

	for (size_t i = 0; paths[i]; i++) {
		const char *p = paths[i];
		char *dir;
		size_t n;

		if (p[0] != '/')
			continue;
		/* A missing operand is reported by the walk. */
		if (stat(p, &sb) < 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			(void)add_mount(t, p, p);
			continue;
		}
		/* A file operand: its directory is its root. */
		n = strlen(p);
		while (n > 1 && p[n - 1] != '/')
			n--;
		dir = xstrndup(p, n > 1 ? n - 1 : 1);
		(void)add_mount(t, dir, dir);
		free(dir);
	}
	if (ca_target_dir_open("/", &t->base.system) < 0) {
		dir_free(&t->base);
		return -1;
	}
	*out = &t->base;
	return 0;
}
