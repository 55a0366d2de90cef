/* output.h - the one path by which every command writes a report (scan,
 * report, diff and merge), to a file or to standard output, and the
 * terminal helpers they share.
 *
 * A report file is never readable by others, not even for a moment: a
 * new one is written as a 0600 temporary file in the same directory and
 * renamed over the name when complete, so a file that existed with mode
 * 0644 or 0666 is replaced, never written in place. Devices such as
 * /dev/null are written in place and never re-moded; symbolic links are
 * refused. SQLite inventories are written by SQLite itself, in place:
 * cli_report_narrow() re-modes them first. */
#ifndef CA_OUTPUT_H
#define CA_OUTPUT_H

#include "lib/compat.h"
#include "report/model/inventory.h"

struct ca_emitter;

/* Returns the writer for a report at 'path' (borrowed): "-" is standard
 * output in 'format' (default text), any other name picks its writer by
 * extension, else by 'format'. Returns NULL after ca_error() when the
 * format cannot be known or cannot go there, so commands call it for
 * every output before they start any work. */
const struct ca_emitter *cli_report_emitter(const char *path,
    const char *format);

/* Writes 'inv' (borrowed) to 'path' (borrowed) in the format that
 * cli_report_emitter() picks. Returns 0 or -1 after ca_error(). */
int cli_write_report(const struct ca_inventory *inv, const char *path,
    const char *format);

/* A report file being written: see the top of this file. */
struct cli_report_file {
	FILE *fp;   /* write the report here */
	char *path; /* owned copy of the name */
	char *tmp;  /* owned temporary name, or NULL when written in place */
};

/* Opens 'path' (borrowed) for a report; "-" is standard output. Returns
 * 0, or -1 after ca_error(). */
int cli_report_file_open(struct cli_report_file *rf, const char *path);
/* Finishes the report: when 'ok', flushes it and renames the temporary
 * file over the name; otherwise removes the temporary file (an existing
 * report is then left as it was). Returns 0, or -1 after ca_error(). */
int cli_report_file_close(struct cli_report_file *rf, bool ok);

/* Narrows an existing regular file at 'path' (borrowed) to 0600 before a
 * writer that opens it itself (SQLite) writes into it. Nothing there is
 * fine. Returns 0, or -1 after ca_error() when it cannot be narrowed. */
int cli_report_narrow(const char *path);

/* True when 'out' (borrowed) is a terminal and NO_COLOR is not set. */
bool cli_want_color(FILE *out);
/* The terminal's width, or 0 (80) when 'out' (borrowed) is not one. */
unsigned int cli_term_width(FILE *out);

/* Returns an owned copy of 's' (borrowed) fit for a terminal: control
 * characters, bidirectional overrides and bytes that are not UTF-8 are
 * written as backslash escapes, so a file name cannot forge output. */
char *cli_term_escape(const char *s);

#endif
