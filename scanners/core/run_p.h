/* run_p.h - private to the core: the state of one run and the calls its
 * files make to each other. Surface modules see scanner.h only.
 *
 *   run.c          one scan from start to end, and the single-file entry
 *   workers.c      the thread pool and its work stack
 *   walk.c         where the walk starts and which directories it enters
 *   scan_file.c    the work on one file
 *   claims.c       which surface modules claim a path
 *   passwd.c       the target's users and homes
 *   scanner_api.c  ca_emit, ca_warn, ca_read_file and friends
 *   materialize.c  ca_materialize
 *   git_exposure.c the "git" exposure pass after the walk
 *   git_history.c  --git-history: the blobs of each repository's history
 *   image_scan.c   an image target: its layers streamed, its config
 *   archive_scan.c archives met in the walk, entry by entry
 *   dep_trees.c    installed-software trees the walk passes over
 *   services.c     the service using a system-wide credential */
#ifndef CA_RUN_P_H
#define CA_RUN_P_H

#include "lib/compat.h"
#include <pthread.h>
#include "lib/arena.h"
#include "lib/strbuf.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"
#include "scanners/core/scanner.h"

#define STRUCTURED_CAP (64u << 20) /* the most a surface parser is given */
#define MAX_CLAIMS     8           /* scanners claiming one file */

struct ca_ruleset;
struct ca_rule_scratch;
struct ca_vault;

struct claim {
	const char *glob;
	const char *tail; /* last component of the glob */
	bool tail_literal;
	const struct ca_scanner *scanner;
};

struct passwd_entry {
	char *name;
	int64_t uid;
	int64_t gid; /* the primary group, -1 when unreadable */
	char *home;
};

/* An installed-software tree being passed over (dep_trees.c). */
struct run_dep {
	char *path;
	const char *kind; /* static */
	uint64_t files;   /* atomic: files left unread */
	struct run_dep *next;
};

struct work {
	char *path;
	const char *home; /* borrowed from the run's home list */
	bool is_file;
	bool in_git;         /* inside a .git directory */
	struct run_dep *dep; /* the passed-over tree it lies in, or NULL */
	int layer;           /* an image layer to stream (the layer count:
	                      * the image config), or -1 */
};

struct ca_run {
	struct ca_target *t;
	const struct ca_scan_opts *o;
	struct ca_inventory *inv;
	struct ca_ruleset *rules; /* NULL when only a scanner runs */
	bool rules_shared;        /* the gate's: not freed here */
	struct claim *claims;
	size_t nclaims;
	struct passwd_entry *users;
	size_t nusers;
	char **homes;
	size_t nhomes;

	pthread_mutex_t lock;
	pthread_cond_t cond; /* work was pushed, or the walk is over */
	pthread_cond_t done; /* the walk is over (for the progress loop) */
	struct work *stack;
	size_t nstack, capstack;
	unsigned int active;
	bool failed;
	struct ca_vault *vault; /* --verify only */
	struct run_dep *deps;   /* owned list, under 'lock' */

	char **git_dirs; /* --git-history: git directories met,
	                  * owned, under 'lock' */
	size_t ngit_dirs;

	uint64_t files, bytes, skipped; /* atomics */
	uint64_t tmp_seq;
	char *tmpdir;
	/* An image's USER (image_scan.c), -1 when unknown or not an image:
	 * whether it can read each file is recorded. */
	int64_t image_uid, image_gid;
	pthread_mutex_t tmplock;
};

struct ca_ctx {
	struct ca_run *run;
	struct arena *scratch;
	struct ca_rule_scratch *rsc;
	struct ca_gate *gate; /* redaction of every string it hands on */
	struct strbuf buf;
	const struct ca_file *file;
	const struct ca_scanner *scanner;
	bool found;  /* the current file produced a finding */
	bool parsed; /* a surface module claims the current file */
	/* The kind of dependency tree the current file lies in (static), or
	 * NULL: see ca_ctx_dep_tree(). */
	const char *dep_kind;
	/* In a file read window by window: the window's head that the last
	 * window already scanned, and the lines before the window. */
	size_t win_seen;
	unsigned int win_lines;
	/* The git history a blob being scanned comes from (git_history.c),
	 * or NULL: emit hands it on with each sighting. */
	const struct ca_git_origin *git;
	/* In an image: the layer the current file comes from (digest,
	 * borrowed) and whether the final filesystem still has it. */
	const char *layer;
	int layer_index;
	bool deleted;
	/* In an archive (archive_scan.c): the entry being scanned, below
	 * the archive file ("b.zip!/c.env"), or NULL. */
	const char *archive_entry;
	/* The streamed file being scanned (ca_file.streamed): its handle
	 * and the bytes read from it so far. */
	struct ca_fh *stream_fh;
	uint64_t stream_read;
};

/* claims.c */
void run_build_claims(struct ca_run *r);
/* Fills 'out' with the scanners claiming 'path' (borrowed); returns how
 * many. */
size_t run_match_claims(const struct ca_run *r, const char *path,
    const char *name, const struct ca_scanner **out);

/* passwd.c */
void run_load_passwd(struct ca_run *r);
/* Returns the user name of 'uid', borrowed from the run, or NULL. */
const char *run_uid_name(void *arg, int64_t uid);
int64_t run_home_uid(void *arg, const char *home);
/* Returns the run's own copy of 'home' (borrowed). */
const char *run_add_home(struct ca_run *r, const char *home);
/* Returns the longest known home containing 'path', borrowed, or NULL. */
const char *run_home_of(const struct ca_run *r, const char *path);
bool run_is_system_path(const char *home);

/* workers.c: 'path' is owned by the stack from here on; 'home' is
 * borrowed from the run's home list. */
void run_push_work(struct ca_run *r, char *path, const char *home, bool is_file,
    bool in_git, struct run_dep *dep);
int run_ctx_init(struct ca_ctx *ctx, struct ca_run *r);
void run_ctx_release(struct ca_ctx *ctx);
/* The thread body; 'arg' is the run, borrowed. */
void *run_worker(void *arg);
int run_pool(struct ca_run *r, unsigned int jobs);

/* workers.c: queues image layer 'layer' (image_scan.c). */
void run_push_layer(struct ca_run *r, int layer);

/* image_scan.c */
void run_queue_image(struct ca_run *r);
/* Whether the image's USER can read a file of mode, owner and group 'st'
 * (borrowed), by its permission bits alone. */
bool run_image_user_reads(const struct ca_run *r, const struct ca_stat *st);
/* Fills the image fields of 's' for 'path' (borrowed), a file of the final
 * filesystem that a finding names beside the file being scanned. */
void run_image_locate(const struct ca_run *r, const char *path,
    const struct ca_stat *st, struct ca_sighting *s);
void run_scan_layer(struct ca_ctx *ctx, int layer);

/* walk.c */
void run_queue_starts(struct ca_run *r);
void run_scan_dir(struct ca_ctx *ctx, const struct work *w);

/* scan_file.c: takes ownership of 'fh'; the strings are borrowed. */
void run_scan_open_file(struct ca_ctx *ctx, struct ca_fh *fh,
    const struct ca_stat *st, const char *path, const char *name,
    const char *home, const struct ca_scanner *const *claimed, size_t nclaimed,
    bool content);
void run_record_open_error(struct ca_run *r, const char *path, int err);
/* Opens and scans the file at 'path' (borrowed); 'only', when set, is the
 * one scanner to run instead of the claiming ones. */
void run_scan_path_file(struct ca_ctx *ctx, const char *path, const char *home,
    const struct ca_scanner *only, bool content);

/* Runs the content rules over 'len' bytes at 'data' (borrowed) that are
 * no file of the target (a blob of git history), as a file named by
 * 'file' (borrowed; its data and len are ignored). 'claimed': a surface
 * module would parse such a file, so the keyword rules stay quiet, as
 * they do on disk. Returns true when the bytes held a finding, so the
 * caller wipes its own copy. */
bool run_scan_bytes(struct ca_ctx *ctx, const struct ca_file *file,
    const char *data, size_t len, bool claimed);

/* scan_file.c: runs the content rules and the 'claimed' modules over
 * 'file' (borrowed, its bytes loaded), then wipes what held a
 * credential. */
void run_scan_loaded(struct ca_ctx *ctx, const struct ca_file *file,
    const struct ca_scanner *const *claimed, size_t nclaimed, bool content);

/* archive_scan.c */
/* Whether archives are opened at all (--max-archive-depth is not 0). */
bool run_archives_on(const struct ca_run *r);
/* The largest archive file opened, and the most it may expand to. */
uint64_t run_archive_max(const struct ca_run *r);
/* Whether the file at 'path' whose head is the 'len' bytes at 'head' is
 * an archive to open (both borrowed): archives are opened, its magic
 * bytes say so, and it is no compressed man page or documentation. */
bool run_is_archive(const struct ca_run *r, const char *path, const char *head,
    size_t len);
/* Reads the rest of the archive file 'fh' (its head is in ctx->buf) and
 * scans every entry as a file named "PATH!/ENTRY". Takes ownership of
 * 'fh'; the strings are borrowed. */
void run_scan_archive(struct ca_ctx *ctx, struct ca_fh *fh,
    const struct ca_stat *st, const char *path, const char *name,
    const char *home);

/* scanner_api.c: 'f' is borrowed. */
int run_emit(struct ca_ctx *ctx, const struct ca_finding *f, bool structured);
/* Lists finding 'f' (borrowed) under ignored[] with 'reason' (static)
 * instead of reporting it: an allow comment on its line. Only its
 * fingerprint is kept. Returns 0. */
int run_ignore(struct ca_ctx *ctx, const struct ca_finding *f,
    const char *reason);

/* dep_trees.c */
/* Whether the walker lists directory 'path' at all (not /proc, not .hg). */
bool run_enter_dir(const char *path, const char *name);
/* The kind of installed-software tree directory 'path' is, or NULL. */
const char *run_dep_kind(const struct ca_run *r, const char *path,
    const char *name);
/* Whether a file in a passed-over tree is read anyway (the keep list). */
bool run_dep_keeps(const char *path);
/* Records a passed-over tree; returns it, owned by the run. */
struct run_dep *run_dep_add(struct ca_run *r, const char *path,
    const char *kind);
/* Hands the passed-over trees to the inventory, in path order. */
void run_deps_report(struct ca_run *r);
void run_deps_free(struct ca_run *r);

/* services.c: the service using a system-wide file 'path' (borrowed),
 * or NULL; 'home' is the home it lies under (then NULL). Returns a static
 * string or one in the scratch arena. */
const char *run_service_of(struct ca_ctx *ctx, const char *path,
    const char *home);

/* git_exposure.c */
void run_mark_tracked(struct ca_run *r);

/* git_history.c */
/* Records the git directory at 'path' (borrowed) for --git-history;
 * thread-safe, a repeat is ignored. */
void run_note_git_dir(struct ca_run *r, const char *path);
/* Whether 'path' (borrowed) is a git directory (HEAD and objects/). */
bool run_is_git_dir(struct ca_run *r, const char *path);
/* Scans the history of every recorded git directory. */
void run_scan_git_history(struct ca_run *r);
void run_git_dirs_free(struct ca_run *r);

#endif
