/* git_index.h - a reader of git's index file (.git/index), versions 2, 3
 * and 4, from a byte buffer: enough to tell whether a path is tracked
 * (committed or staged). Only SHA-1 repositories are understood; the
 * extensions after the entries are not read. Hostile bytes give an
 * error, never a read out of bounds. */
#ifndef CA_GIT_INDEX_H
#define CA_GIT_INDEX_H

#include "lib/compat.h"

/* Called once per entry with its path ('path', borrowed, NUL-terminated,
 * 'len' bytes). Returns 0 to go on, anything else to stop with that
 * value. */
typedef int ca_git_index_fn(const char *path, size_t len, void *arg);

/* Calls 'fn' for each entry of the index in 'data' ('len' bytes,
 * borrowed). Returns 0 after all, fn's non-zero value when it stops, or
 * -1 when the index is malformed (entries before the fault were seen). */
int ca_git_index_each(const char *data, size_t len, ca_git_index_fn *fn,
    void *arg);

/* 1 when 'relpath' (borrowed; relative to the work tree, '/'-separated)
 * is an entry of the index in 'data' (borrowed), 0 when not, -1 when the
 * index is malformed. */
int ca_git_index_contains(const char *data, size_t len, const char *relpath);

#endif
