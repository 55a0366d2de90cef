/* emit.h - one writer per report format behind one interface.
 *
 * A writer renders a finished inventory to a stream. The caller opens the
 * destination (report files are created 0600) and picks the writer by
 * name or by the output file's extension. Writers never see a secret: the
 * inventory holds only fingerprints and redacted previews. */
#ifndef CA_EMIT_H
#define CA_EMIT_H

#include "lib/compat.h"
#include "report/model/inventory.h"

struct ca_emit_opts {
	bool color;         /* ANSI colour (text only) */
	bool summary_only;  /* text: the summary without per-credential lines */
	unsigned int width; /* terminal columns for text, 0 = 80 */
};

struct ca_emitter {
	const char *format;            /* "json", "text" */
	const char *const *extensions; /* ".json", NULL-terminated */
	/* Writes the report to 'out'; returns 0 or -1 after ca_error().
	 * NULL for formats that need a file of their own (SQLite). */
	int (*write)(FILE *out, const struct ca_inventory *inv,
	    const struct ca_emit_opts *opts);
	/* Optional: writes to the file at 'path' itself (creating it 0600),
	 * used instead of 'write' when set. Returns 0 or -1 after
	 * ca_error(). */
	int (*write_path)(const char *path, const struct ca_inventory *inv,
	    const struct ca_emit_opts *opts);
};

/* Returns the emitter for a format name, or NULL. */
const struct ca_emitter *ca_emitter_find(const char *format);
/* Returns the emitter whose extension ends 'path' (the longest one that
 * matches: "x.sarif.json" is SARIF), or NULL. */
const struct ca_emitter *ca_emitter_for_path(const char *path);
/* The registered emitters, for --help and tests. */
const struct ca_emitter *const *ca_emitters(size_t *count);

/* Opens 'path' for writing a report: created (or truncated) with mode 0600
 * whatever the umask, and forced to 0600 when it existed. Returns an owned
 * stream, or NULL after ca_error(). */
FILE *ca_report_open(const char *path);

/* UTF-8 helpers shared by the writers. File names and values read from
 * files are arbitrary bytes; reports must stay valid UTF-8. */

/* Returns the length (1-4) of the well-formed UTF-8 sequence at the start
 * of the 'n' bytes at 's' and stores its code point in '*cp' (may be
 * NULL), or returns 0 when there is none: a stray continuation byte, a
 * truncated sequence, an overlong form, a surrogate or a value past
 * U+10FFFF. 's' is borrowed. */
size_t ca_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Returns an owned copy of the NUL-terminated 's' (borrowed) in which each
 * byte that is not part of a well-formed sequence is replaced by the four
 * characters "\xNN" (lowercase hex). Valid UTF-8 comes back unchanged. */
char *ca_utf8_escape(const char *s);

/* Returns an owned copy of 's' (borrowed) fit for a terminal: control
 * characters, bidirectional overrides and bytes that are not UTF-8 are
 * written as backslash escapes ("\x1b", "\u{202e}"), so a file name
 * cannot forge output. Used by the diff and the CLI's listings. */
char *ca_term_escape(const char *s);

extern const struct ca_emitter ca_emitter_csv;
extern const struct ca_emitter ca_emitter_html;
extern const struct ca_emitter ca_emitter_json;
extern const struct ca_emitter ca_emitter_jsonl;
extern const struct ca_emitter ca_emitter_sqlite;
extern const struct ca_emitter ca_emitter_sarif;
extern const struct ca_emitter ca_emitter_text;

#endif
