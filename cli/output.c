/* output.c - report files and standard output for the rendering commands.
 *
 * The same rules as `scan -o`: a report file is created 0600 (the writers
 * that keep a file of their own do it themselves), a format that needs a
 * file cannot go to standard output, and an unknown extension needs
 * --format. */
/* The CLI is not a scanner: it may read its own environment. */
#define CA_SCANNER_ALLOW_OS 1
#include "lib/compat.h"
#include <sys/ioctl.h>
#include <unistd.h>
#include "cli/output.h"
#include "lib/log.h"
#include "lib/strbuf.h"
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

/* 'inv', 'path' and 'format' are borrowed. */
int
cli_write_report(const struct ca_inventory *inv, const char *path,
    const char *format)
{
	const struct ca_emitter *e;
	struct ca_emit_opts eo;
	FILE *out;
	int ret;

	memset(&eo, 0, sizeof(eo));
	if (!strcmp(path, "-")) {
		e = ca_emitter_find(format ? format : "text");
		if (!e)
			return ca_error("unknown format '%s'", format);
		if (!e->write)
			return ca_error("the %s format cannot go to standard "
			    "output (use -o FILE)", e->format);
		eo.color = cli_want_color(stdout);
		eo.width = cli_term_width(stdout);
		if (e->write(stdout, inv, &eo) < 0 || fflush(stdout))
			return -1;
		return 0;
	}
	e = ca_emitter_for_path(path);
	if (!e && format)
		e = ca_emitter_find(format);
	if (!e)
		return ca_error("cannot tell the format of '%s' from its "
		    "extension (use --format)", path);
	if (e->write_path)
		return e->write_path(path, inv, &eo);
	out = ca_report_open(path);
	if (!out)
		return -1;
	ret = e->write(out, inv, &eo);
	if (fclose(out) != 0 && ret == 0)
		ret = ca_error("cannot write '%s': %s", path, strerror(errno));
	return ret;
}

/* Returns owned memory; 's' is borrowed. The report layer escapes the
 * same way for the diff. */
char *
cli_term_escape(const char *s)
{
	return ca_term_escape(s);
}
