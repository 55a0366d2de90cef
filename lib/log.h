/* log.h - diagnostics to stderr, git style: lowercase, no trailing period,
 * subject quoted. Never pass a secret to these. */
#ifndef CA_LOG_H
#define CA_LOG_H

#include "lib/compat.h"

enum ca_log_level { CA_LOG_QUIET = 0, CA_LOG_NORMAL = 1, CA_LOG_VERBOSE = 2 };

void ca_log_set_level(enum ca_log_level level);
enum ca_log_level ca_log_get_level(void);

/* A filter every message passes before it is printed: it may rewrite the
 * NUL-terminated message in 'msg' (capacity 'cap') in place. The scanner
 * core installs its redaction gate here, so a secret that reaches a log
 * line by accident (a path, a name) is printed as its preview. */
typedef void ca_log_filter_fn(char *msg, size_t cap);
void ca_log_set_filter(ca_log_filter_fn *fn);

/* Prints "credatlas: error: ..." and returns -1, so callers can write
 * 'return ca_error(...)'. Printed even when quiet. */
int ca_error(const char *fmt, ...) CA_PRINTF(1, 2);
/* Prints "credatlas: warning: ..." unless quiet; returns 0. */
int ca_warning(const char *fmt, ...) CA_PRINTF(1, 2);
/* Prints "credatlas: ..." only when verbose. */
void ca_debug(const char *fmt, ...) CA_PRINTF(1, 2);

#ifdef __clang_analyzer__
/* The analyzer sees one file at a time: tell it what these return, or
 * every 'return ca_error(...)' looks like a success that may leave its
 * outputs unset (log.c, which defines them, undoes this). */
#define ca_error(...)   (ca_error(__VA_ARGS__), -1)
#define ca_warning(...) (ca_warning(__VA_ARGS__), 0)
#endif

#endif
