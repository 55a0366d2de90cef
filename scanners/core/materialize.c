/* materialize.c - the one sanctioned escape hatch from the target: a
 * private copy of some bytes under a path, for libraries that only take a
 * path. */
#define CA_SCANNER_ALLOW_OS 1
#include "lib/compat.h"
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/xalloc.h"
#include "scanners/core/run_p.h"
#include "lib/banned.h"

/* Hands a library that insists on a path a private copy of 'data' that
 * never touches a disk: an anonymous memfd, named through /proc/self/fd.
 * Only if memfd_create is missing does it fall back to a file in a 0700
 * temporary directory, overwritten before it is unlinked. */
char *
ca_materialize(struct ca_ctx *ctx, const char *data, size_t len)
{
	struct ca_run *r = ctx->run;
	char *path;
	size_t n;
	int fd;

	fd = memfd_create("credatlas", MFD_CLOEXEC);
	if (fd >= 0) {
		path = xmalloc(40);
		snprintf(path, 40, "/proc/self/fd/%d", fd);
	} else {
		uint64_t seq;
		pthread_mutex_lock(&r->tmplock);
		if (!r->tmpdir) {
			const char *base = getenv("TMPDIR");
			char tmpl[4096];
			snprintf(tmpl, sizeof(tmpl), "%s/credatlas.XXXXXX",
			    base && *base ? base : "/tmp");
			if (mkdtemp(tmpl))
				r->tmpdir = xstrdup(tmpl);
		}
		pthread_mutex_unlock(&r->tmplock);
		if (!r->tmpdir) {
			ca_warn(ctx, NULL,
			    "cannot create a private temporary "
			    "directory: %s",
			    strerror(errno));
			return NULL;
		}
		seq = __atomic_add_fetch(&r->tmp_seq, 1, __ATOMIC_RELAXED);
		n = strlen(r->tmpdir) + 32;
		path = xmalloc(n);
		snprintf(path, n, "%s/m%llu", r->tmpdir,
		    (unsigned long long)seq);
		fd = open(path,
		    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0) {
			ca_warn(ctx, NULL, "cannot create a temporary file: %s",
			    strerror(errno));
			free(path);
			return NULL;
		}
	}
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			ca_warn(ctx, NULL, "cannot write a temporary copy: %s",
			    strerror(errno));
			close(fd);
			ca_unmaterialize(path);
			return NULL;
		}
		off += (size_t)w;
	}
	if (strncmp(path, "/proc/self/fd/", 14))
		close(fd);
	/* a memfd stays open: closing it would free the copy */
	return path;
}

void
ca_unmaterialize(char *path)
{
	if (!path)
		return;
	if (!strncmp(path, "/proc/self/fd/", 14)) {
		close((int)strtol(path + 14, NULL, 10));
	} else {
		int fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0) {
			struct stat sb;
			if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
				static const char zeros[4096];
				for (off_t o = 0; o < sb.st_size;
				     o += (off_t)sizeof(zeros))
					if (write(fd, zeros, sizeof(zeros)) < 0)
						break;
			}
			close(fd);
		}
		unlink(path);
	}
	free(path);
}
