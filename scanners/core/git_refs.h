/* git_refs.h - readers of the small text files that name git commits:
 * a loose ref (".git/refs/heads/main", HEAD), packed-refs, and a reflog
 * (".git/logs/HEAD", the stash's log). They only pull object ids out;
 * the history pass (git_history.c) walks from them. Only SHA-1 ids (40
 * hex digits) are understood. Hostile bytes give an error or nothing,
 * never a read out of bounds. */
#ifndef CA_GIT_REFS_H
#define CA_GIT_REFS_H

#include "lib/compat.h"

#define CA_GIT_OID_RAW 20
#define CA_GIT_OID_HEX 40

/* Called once per object id found: 'oid' is the raw id (borrowed).
 * Returns 0 to go on, anything else to stop with that value. */
typedef int ca_git_oid_fn(const unsigned char oid[CA_GIT_OID_RAW], void *arg);

/* Decodes 40 hex digits at 's' (at least 40 bytes readable) into 'oid'.
 * Returns 0, or -1 when one is not a hex digit. The all-zero id (git's
 * "none") decodes too; callers skip it. */
int ca_git_oid_from_hex(const char *s, unsigned char oid[CA_GIT_OID_RAW]);

/* A loose ref's bytes 'data' ('len', borrowed): 1 with 'oid' set when
 * it holds an id, 2 with '*target'/'*target_len' pointing into 'data'
 * when it is symbolic ("ref: refs/heads/main"), -1 when it is neither. */
int ca_git_loose_ref(const char *data, size_t len,
    unsigned char oid[CA_GIT_OID_RAW], const char **target, size_t *target_len);

/* Calls 'fn' for every id of a packed-refs file: each ref's id and each
 * peeled id ("^<id>" lines). Comment lines are skipped. 'remote_only'
 * keeps only refs under refs/remotes/ (and their peeled ids). Returns 0,
 * fn's non-zero value, or -1 at the first malformed line (ids before it
 * were seen). */
int ca_git_packed_refs_each(const char *data, size_t len, bool remote_only,
    ca_git_oid_fn *fn, void *arg);

/* Looks ref 'name' ('nlen' bytes, borrowed) up in a packed-refs file:
 * 1 with 'oid' set, 0 when it is not there, -1 when the file is malformed
 * before it. */
int ca_git_packed_refs_find(const char *data, size_t len, const char *name,
    size_t nlen, unsigned char oid[CA_GIT_OID_RAW]);

/* Calls 'fn' for the old and the new id of every reflog line ("<old>
 * <new> <who> <when>\t<message>"), skipping all-zero ids. Returns 0,
 * fn's non-zero value, or -1 at the first malformed line. */
int ca_git_reflog_each(const char *data, size_t len, ca_git_oid_fn *fn,
    void *arg);

#endif
