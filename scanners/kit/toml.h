/* toml.h - a small, strict, bounded TOML reader for the surface modules
 * (cargo credentials, and any TOML config after it).
 *
 * It understands comments, [tables], [[arrays of tables]], dotted and
 * quoted keys, basic strings (with their escapes) and literal strings on
 * one line, decimal, hex, octal and binary integers, booleans, dates and
 * times (handed over as written: gitlab-runner writes token_expires_at),
 * arrays (nested, over several lines) and inline tables. Anything else
 * (floats, multi-line strings, a bad escape, trailing garbage) stops the
 * parse with an error: a reader that guesses could misreport a secret.
 * Duplicate keys are not detected.
 *
 * Values are handed to a callback as they are read. A decoded string
 * lives in the caller's arena only for the callback: it is wiped as soon
 * as the callback returns, since it may be a secret. Nesting, keys and
 * key length are capped. Error texts are static and never quote the
 * input. Symbols carry 'toml_'. */
#ifndef CA_TOML_H
#define CA_TOML_H

#include "lib/compat.h"
#include "lib/arena.h"

#define TOML_MAX_DEPTH 32   /* key segments + nested arrays/tables */
#define TOML_MAX_KEY   1024 /* bytes of one key segment */

enum toml_type { TOML_STRING, TOML_INT, TOML_BOOL, TOML_ARRAY, TOML_DATETIME };

/* One key = value. Everything is borrowed for the callback only. */
struct toml_kv {
	const char *const *path; /* table segments then key segments */
	size_t depth;            /* entries in 'path' */
	enum toml_type type;
	const char *str; /* TOML_STRING: decoded, NUL-terminated */
	size_t len;
	const char *raw; /* TOML_STRING: the bytes between the
	                  * quotes, as written in the input;
	                  * TOML_DATETIME: the date as written;
	                  * TOML_ARRAY: the whole array, brackets
	                  * included, as written */
	size_t raw_len;
	int64_t num;         /* TOML_INT */
	bool b;              /* TOML_BOOL */
	unsigned int line;   /* 1-based line of the value */
	bool in_array_table; /* under a [[table]] header */
	/* Line of the latest [[table]] header (0: none yet), kept through
	 * the [sub.tables] after it: it tells the elements of an array of
	 * tables apart ([[runners]] then [runners.docker]). */
	unsigned int array_line;
};

/* Returns 0 to go on, non-zero to stop (the parse then returns 1). */
typedef int toml_fn(void *arg, const struct toml_kv *kv);

struct toml_status {
	const char *error; /* static text, or NULL */
	unsigned int line; /* line of the error */
};

/* Parses 'len' bytes of 'data' (borrowed) with scratch from arena 'a'
 * (borrowed), calling 'fn' for each value in file order. Returns 0, 1
 * when 'fn' stopped it, or -1 with 'st' (borrowed, may be NULL) set. */
int toml_parse(struct arena *a, const char *data, size_t len, toml_fn *fn,
    void *arg, struct toml_status *st);

/* True when 'kv' is at 'depth' segments equal to the NULL-terminated
 * list of names given ("*" matches any one segment). */
bool toml_path_is(const struct toml_kv *kv, const char *const *names);

#endif
