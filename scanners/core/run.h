/* run.h - one scan: walk the target, route each file to the surface modules
 * that claim it and through the content rules, and fill an inventory.
 * This is the core; cli/ calls it, tests and fuzz targets call the
 * single-file entry points. */
#ifndef CA_RUN_H
#define CA_RUN_H

#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/scanner.h"

#include "scanners/verify/verify.h"

struct ca_user_rules;

struct ca_progress {
	uint64_t files;
	uint64_t bytes;
	uint64_t dirs_pending;
};
typedef void ca_progress_fn(void *arg, const struct ca_progress *p);

struct ca_scan_opts {
	const char *const *paths; /* start paths inside the target, or NULL:
	                           * then every home from the target's
	                           * /etc/passwd (with --root) or 'home' */
	const char *home;         /* the invoking user's home (no --root) */
	bool all_homes;           /* --root: walk the whole system, with
	                           * the homes of the target's passwd */
	unsigned int jobs;        /* worker threads, >= 1 */
	uint64_t max_file_size;   /* content rules skip larger files */
	bool include_deps;        /* also read installed software and
	                           * caches (dep_trees.c) */
	/* --git-history: after the walk, every blob reachable from the refs,
	 * reflogs and stash of each git repository the walk met (or a PATH
	 * that is one) is scanned with the content rules, once per blob
	 * (git_history.c). */
	bool git_history;
	/* With git_history: also the blobs no commit reaches. */
	bool git_all_objects;
	/* Archives met (archive.h) are opened down to this many levels,
	 * 0: not at all; their size, and what they expand to, is at most
	 * 'archive_max_size' (0: CA_ARCHIVE_SIZE_DEFAULT). */
	unsigned int archive_depth;
	uint64_t archive_max_size;
	const unsigned char *key; /* fingerprint key, borrowed */
	size_t key_len;
	ca_progress_fn *progress; /* called from worker threads, may be NULL */
	void *progress_arg;
	/* --verify: after the walk, ask each credential's own provider about
	 * it (the only use of the network); secrets are kept in a vault for
	 * the scan's length only (scanners/vault.h). */
	bool verify;
	const struct ca_verifiers *verifiers; /* borrowed, with overrides */
	unsigned int verify_jobs;             /* requests in flight, 0 = 4 */
	unsigned int verify_timeout;          /* seconds per request, 0 = 10 */
	ca_verify_cache_fn *verify_cache;     /* earlier answers, or NULL */
	void *verify_cache_arg;
	/* --rules FILE: the user's content rules, compiled into the same
	 * database as the built-in ones; borrowed, or NULL. */
	const struct ca_user_rules *user_rules;
};

/* Scans the target and fills 'inv' (meta, credentials, errors). Returns 0,
 * or -1 after ca_error() on a fatal error (no rule database, no memory for
 * threads). Per-file problems land in inv->errors. */
int ca_scan_run(struct ca_target *t, const struct ca_scan_opts *o,
    struct ca_inventory *inv);

/* For tests and fuzz targets: runs one scanner (or, with s == NULL, only
 * the content rules) over the file at 'path' of target 't', as the walker
 * would, with 'home' as the owning home. Sightings go to 'inv'. Returns 0
 * or -errno when the file cannot be read. */
int ca_scan_one_file(struct ca_target *t, const struct ca_scanner *s,
    const char *path, const char *home, const unsigned char *key,
    size_t key_len, struct ca_inventory *inv);

/* An in-memory target (tests, fuzzing): files added by path; directories
 * appear implicitly. Returns an owned target. */
struct ca_target *ca_target_mem_new(void);
/* Adds a regular file; 'data' is copied. Returns 0. */
int ca_target_mem_add(struct ca_target *base, const char *path,
    const void *data, size_t len, uint32_t mode, int64_t uid);

#endif
