/* cloudkit.h - parsing helpers shared by the AWS and Google Cloud surface
 * modules (aws.c, aws_cache.c, aws_env.c, gcp.c): INI through inih with
 * values of any length and their line numbers, JSON loading that never
 * echoes the input, timestamps normalised to RFC 3339 UTC, and printable
 * copies for identities and details.
 *
 * Nothing here copies a secret: INI values are spans into the caller's
 * bytes, and JSON strings are wiped before the document is freed. Error
 * texts are static and never quote the input. Symbols carry 'ck_'. */
#ifndef CA_CLOUDKIT_H
#define CA_CLOUDKIT_H

#include "scanners/scanner.h"
#include <jansson.h>

/* ---- INI ------------------------------------------------------------- */

/* One key of an INI file, as inih structures it. Every span points into
 * the parsed bytes (borrowed) and is trimmed; values also lose an inline
 * "; comment" (a ';' after whitespace), as inih strips it. */
struct ck_ini_item {
	const char *section;   /* name between the brackets, or NULL for
				* keys before the first section */
	size_t section_len;
	unsigned int section_line;
	const char *key;
	size_t key_len;
	const char *val;
	size_t val_len;
	unsigned int line;     /* 1-based line of the key */
	/* An indented line under a key whose value is empty is a sub-key
	 * ("s3 =\n  max_concurrent_requests = 10"): 'parent' names it. */
	const char *parent;
	size_t parent_len;
	/* An indented "k = v" under a key that has a value: inih (and
	 * botocore) would glue it to that value; it is reported as a key of
	 * its own, marked, since a secret written so is still on disk. */
	bool indented;
};

/* Returns 0 to go on, non-zero to stop the parse. */
typedef int ck_ini_fn(void *arg, const struct ck_ini_item *it);

struct ck_ini_status {
	unsigned int bad_lines;   /* neither section, key, comment nor blank */
	unsigned int first_bad;   /* line of the first */
	unsigned int inih_error;  /* what inih reported (first bad line) */
};

/* Parses 'len' bytes of 'data' (borrowed) with inih and calls 'fn' for
 * each key in file order. Lines of any length work: inih is fed one short
 * synthetic line per input line (Debian's libinih cuts lines at 200
 * bytes), and the real spans come from this side. Returns 0. */
int ck_ini_parse(const char *data, size_t len, ck_ini_fn *fn, void *arg,
    struct ck_ini_status *st);

/* True when 'len' bytes of 's' equal 'lit', ignoring ASCII case. */
bool ck_eq(const char *s, size_t len, const char *lit);

/* ---- JSON ------------------------------------------------------------ */

/* Parses 'len' bytes of 'data' (borrowed), skipping a UTF-8 BOM. Returns
 * an owned document (free it with ck_json_free), or NULL with '*line' set
 * to the 1-based line of the error. jansson's message quotes the input,
 * so callers only get the line. */
json_t *ck_json_load(const char *data, size_t len, int *line);
/* Wipes every string in 'doc' and frees it; takes ownership. NULL is ok. */
void ck_json_free(json_t *doc);
/* The string under 'key' of object 'obj' (borrowed), or NULL when absent,
 * empty or not a string. '*len' (may be NULL) gets its length. */
const char *ck_json_str(const json_t *obj, const char *key, size_t *len);

/* ---- time ------------------------------------------------------------ */

#define CK_TIME_LEN 21 /* "2024-05-01T12:00:00Z" and its NUL */

/* Parses "YYYY-MM-DD[T ]HH:MM:SS[.frac][Z|UTC|+HH:MM|+HHMM|-...]" ('len'
 * bytes; no zone means UTC, as gcloud's naive timestamps are) or plain
 * Unix seconds or milliseconds. Returns 0 and sets '*out', or -1. */
int ck_time_parse(const char *s, size_t len, int64_t *out);
/* Writes 't' as RFC 3339 UTC into 'out'; -1 outside years 1970-9999. */
int ck_time_fmt(int64_t t, char out[CK_TIME_LEN]);
/* ck_time_parse then ck_time_fmt into the scratch arena; NULL when the
 * text is no usable time. */
const char *ck_time_rfc3339(struct ca_ctx *ctx, const char *s, size_t len);

/* ---- strings --------------------------------------------------------- */

/* Returns a printable copy of 'len' bytes of 's' in the scratch arena:
 * control bytes as '?', cut to 'max' bytes with "..." added. Never pass a
 * secret. NULL in gives NULL out. */
char *ck_printable(struct ca_ctx *ctx, const char *s, size_t len, size_t max);
/* True when a value cannot be a live secret: empty, a placeholder or
 * documentation example, or a reference ("$X", "${X}", "%X%"). */
bool ck_unusable(const char *s, size_t len);
/* The directory part of 'path' in the scratch arena ("/" for "/x"). */
const char *ck_dirname(struct ca_ctx *ctx, const char *path);
/* The home for anchors: 'home', or "" when NULL. */
const char *ck_home(const char *home);
/* The 1-based line of the first occurrence of 'needle' ('nlen' bytes) in
 * 'data', or 0 when it does not occur. All borrowed. */
unsigned int ck_line_of(const char *data, size_t len, const char *needle,
    size_t nlen);
/* The line of a decoded JSON string value 'secret' in the JSON text
 * 'data': found by its longest stretch that JSON needs no escape for
 * (a PEM key is written with "\n"). 0 when not found. All borrowed. */
unsigned int ck_json_line_of(const char *data, size_t len,
    const char *secret, size_t slen);
/* Finds in the JSON text 'data' the string under "key" whose value,
 * unescaped, is 'val' ('vlen' bytes), and sets '*span'/'*slen' to its raw,
 * still escaped bytes. The content rules fingerprint what is written in
 * the file, so a parser reporting those bytes merges with them. Returns
 * false when there is no such string. All borrowed. */
bool ck_json_raw_span(const char *data, size_t len, const char *key,
    const char *val, size_t vlen, const char **span, size_t *slen);
/* True when the 'path' ends with 'suffix'. */
bool ck_ends_with(const char *path, const char *suffix);

/* Masks what may be secret in a command line before it goes into a
 * detail: the value after an option or inside an assignment whose name
 * says password, secret, token or key, and anything shaped like an AWS
 * key or a long random string. Result in the scratch arena, printable,
 * cut to 'max' bytes. */
const char *ck_mask_command(struct ca_ctx *ctx, const char *cmd, size_t len,
    size_t max);

#endif
