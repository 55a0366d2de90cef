/* output.h - writing a finished or loaded inventory to a report file or
 * to standard output, for the commands that render reports (report; scan
 * keeps its own copy for now). Also the terminal helpers they share. */
#ifndef CA_OUTPUT_H
#define CA_OUTPUT_H

#include "lib/compat.h"
#include "report/model/inventory.h"

/* Writes 'inv' (borrowed) to 'path' (borrowed): "-" is standard output in
 * 'format' (default text), any other name picks its writer by extension,
 * else by 'format'. Files are created 0600; the sqlite writer appends to
 * its database. Returns 0 or -1 after ca_error(). */
int cli_write_report(const struct ca_inventory *inv, const char *path,
    const char *format);

/* True when 'out' (borrowed) is a terminal and NO_COLOR is not set. */
bool cli_want_color(FILE *out);
/* The terminal's width, or 0 (80) when 'out' (borrowed) is not one. */
unsigned int cli_term_width(FILE *out);

/* Returns an owned copy of 's' (borrowed) fit for a terminal: control
 * characters, bidirectional overrides and bytes that are not UTF-8 are
 * written as backslash escapes, so a file name cannot forge output. */
char *cli_term_escape(const char *s);

#endif
