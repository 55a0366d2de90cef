/* output.c - report files and standard output, the one path by which
 * every command writes a report (see output.h for the rules). */
/* The CLI is not a scanner: it may read its own environment. */
#define CA_SCANNER_ALLOW_OS 1
#include "lib/compat.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/output.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "report/formats/emit.h"
#include "lib/banned.h"

/* 'out' is borrowed. */
bool
cli_want_color(FILE *out)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(fileno(out)) && !(nc && *nc);
}

/* 'out' is borrowed. */
unsigned int
cli_term_width(FILE *out)
{
	struct winsize ws;

	if (!isatty(fileno(out)) || ioctl(fileno(out), TIOCGWINSZ, &ws) < 0)
		return 0;
	return ws.ws_col;
}

/* 'path' and 'format' are borrowed; returns a static writer. */
const struct ca_emitter *
cli_report_emitter(const char *path, const char *format)
{
	const struct ca_emitter *e;

	if (!strcmp(path, "-")) {
		e = ca_emitter_find(format ? format : "text");
		if (!e) {
			ca_error("unknown format '%s'", format);
			return NULL;
		}
		if (!e->write) {
			ca_error("the %s format cannot go to standard output "
			         "(use -o FILE)",
			    e->format);
			return NULL;
		}
		return e;
	}
	e = ca_emitter_for_path(path);
	if (!e && format)
		e = ca_emitter_find(format);
	if (!e)
		ca_error("cannot tell the format of '%s' from its extension "
		         "(use --format)",
		    path);
	return e;
}

/* 'rf' is borrowed. */
static void
report_file_release(struct cli_report_file *rf)
{
	free(rf->path);
	free(rf->tmp);
	memset(rf, 0, sizeof(*rf));
}

/* Returns the owned name of a new 0600 temporary file next to 'path'
 * (borrowed) and its descriptor in '*fd', or NULL with errno set. */
static char *
temp_beside(const char *path, int *fd)
{
	const char *slash = strrchr(path, '/');
	struct strbuf sb = STRBUF_INIT(1 << 16);
	char *tmp;

	/* mkostemp() creates the file 0600 whatever the umask. */
	if (slash)
		strbuf_add(&sb, path, (size_t)(slash - path + 1));
	if (strbuf_addf(&sb, ".%s.credatlas-XXXXXX", slash ? slash + 1 : path) <
	    0) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	tmp = strbuf_detach(&sb, NULL);
	*fd = mkostemp(tmp, O_CLOEXEC);
	if (*fd < 0) {
		int e = errno;
		free(tmp);
		errno = e;
		return NULL;
	}
	return tmp;
}

/* 'rf' is filled; 'path' is borrowed. */
int
cli_report_file_open(struct cli_report_file *rf, const char *path)
{
	struct stat st;
	int fd;

	memset(rf, 0, sizeof(*rf));
	if (!strcmp(path, "-")) {
		rf->fp = stdout;
		rf->path = xstrdup(path);
		return 0;
	}
	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			return ca_error("cannot write report '%s': it is a "
			                "symbolic link",
			    path);
		if (S_ISDIR(st.st_mode))
			return ca_error("cannot write report '%s': it is a "
			                "directory",
			    path);
		/* A device or a pipe is written in place, never re-moded. */
		if (!S_ISREG(st.st_mode))
			goto in_place;
	} else if (errno != ENOENT) {
		return ca_error("cannot write report '%s': %s", path,
		    strerror(errno));
	}
	rf->tmp = temp_beside(path, &fd);
	if (!rf->tmp) {
		/* A directory we may not create in, holding a file we may
		 * write: write it in place, narrowed before the first byte. */
		if ((errno == EACCES || errno == EPERM || errno == EROFS) &&
		    access(path, F_OK) == 0)
			goto in_place;
		return ca_error("cannot write report '%s': %s", path,
		    strerror(errno));
	}
	rf->fp = fdopen(fd, "w");
	if (!rf->fp) {
		ca_error("cannot write report '%s': %s", path, strerror(errno));
		close(fd);
		unlink(rf->tmp);
		report_file_release(rf);
		return -1;
	}
	rf->path = xstrdup(path);
	return 0;
in_place:
	rf->fp = ca_report_open(path);
	if (!rf->fp)
		return -1;
	rf->path = xstrdup(path);
	return 0;
}

/* 'rf' is released. */
int
cli_report_file_close(struct cli_report_file *rf, bool ok)
{
	int ret = 0;

	if (!rf->fp)
		return -1;
	if (rf->fp == stdout) {
		if (fflush(stdout) != 0 && ok)
			ret = ca_error("cannot write to standard output: %s",
			    strerror(errno));
		report_file_release(rf);
		return ok ? ret : -1;
	}
	if (fclose(rf->fp) != 0 && ok)
		ret = ca_error("cannot write '%s': %s", rf->path,
		    strerror(errno));
	if (!ok)
		ret = -1;
	if (rf->tmp) {
		if (ret == 0 && rename(rf->tmp, rf->path) != 0)
			ret = ca_error("cannot write report '%s': %s", rf->path,
			    strerror(errno));
		if (ret < 0)
			unlink(rf->tmp);
	}
	report_file_release(rf);
	return ret;
}

/* 'path' is borrowed. */
int
cli_report_narrow(const char *path)
{
	struct stat st;
	int fd;

	fd = open(path,
	    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return 0; /* not there, or refused later by its writer */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 07777) != 0600 && fchmod(fd, 0600) < 0) {
		ca_error("cannot restrict report '%s' to mode 0600: %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* 'inv', 'path' and 'format' are borrowed. */
int
cli_write_report(const struct ca_inventory *inv, const char *path,
    const char *format)
{
	const struct ca_emitter *e = cli_report_emitter(path, format);
	struct cli_report_file rf;
	struct ca_emit_opts eo;
	int ret;

	if (!e)
		return -1;
	memset(&eo, 0, sizeof(eo));
	if (!strcmp(path, "-")) {
		eo.color = cli_want_color(stdout);
		eo.width = cli_term_width(stdout);
	}
	if (e->write_path) {
		if (cli_report_narrow(path) < 0)
			return -1;
		return e->write_path(path, inv, &eo);
	}
	if (cli_report_file_open(&rf, path) < 0)
		return -1;
	ret = e->write(rf.fp, inv, &eo);
	return cli_report_file_close(&rf, ret == 0);
}

/* Returns owned memory; 's' is borrowed. The report layer escapes the
 * same way for the diff. */
char *
cli_term_escape(const char *s)
{
	return ca_term_escape(s);
}
