/* scanner.h - the only API a surface module sees.
 *
 * A surface module claims the paths it understands (glob patterns on the
 * target path), parses each claimed file structurally, and emits findings
 * through ca_emit(). It never opens, stats or lists anything itself and
 * never reads the environment: the file's bytes arrive in 'struct ca_file',
 * other files come through ca_read_file(), and libraries that insist on a
 * path get a private copy from ca_materialize(). Broken input is a
 * diagnostic (ca_warn) and the scan goes on.
 *
 * Adding a surface means one new scanners/surfaces/<surface>/<name>.c
 * exporting a
 * 'const struct ca_scanner ca_scanner_<name>' and one row in registry.c. */
#ifndef CA_SCANNER_H
#define CA_SCANNER_H

#include "lib/compat.h"
#include "lib/arena.h"
#include "lib/strbuf.h"
#include "report/model/finding.h"
#include "scanners/core/target.h"

struct ca_ctx; /* one per worker thread; opaque */

struct ca_file {
	const char *path; /* absolute inside the target */
	const char *name; /* last path component */
	const char *home; /* the home directory it lies under, or NULL */
	const char *data; /* contents, NUL-terminated at data[len]; borrowed */
	size_t len;
	struct ca_stat st;
	/* A claimed file larger than CA_STREAM_OVER, when every module that
	 * claims it reads streams: 'data' is NULL, 'len' 0, and the module
	 * reads the bytes itself with ca_file_read(). */
	bool streamed;
};

/* Claimed files above this size go to modules that read streams as
 * streams, so that memory follows their largest entry, not their size. */
#define CA_STREAM_OVER ((uint64_t)4 << 20)

/* A rule id a scanner can emit, for `credatlas rules` and the man page. */
struct ca_rule_doc {
	const char *id;
	const char *kind;
	const char *summary;
};

struct ca_scanner {
	const char *name;     /* "gh": CLI name and rule-id prefix */
	const char *surface;  /* "github" */
	const char *summary;  /* one line for `credatlas rules` */
	unsigned int version; /* bump when rules or fields change */
	/* Globs on the absolute target path, NULL-terminated. '*' stays in one
	 * component, '**' spans any number of components (including none). */
	const char *const *claims;
	const struct ca_rule_doc *rules; /* terminated by a zeroed row */
	/* Parses one claimed file. Returns 0, or -1 only for failures that
	 * must stop the scan (none today: input errors go to ca_warn). */
	int (*scan_file)(struct ca_ctx *ctx, const struct ca_file *f);
	/* scan_file also takes a streamed file (ca_file.streamed). */
	bool reads_streams;
};

/* Hands a finding to the inventory; 'f' is borrowed. Returns 0. */
int ca_emit(struct ca_ctx *ctx, const struct ca_finding *f);
/* Records a per-file error (never include a secret); returns 0. */
int ca_warn(struct ca_ctx *ctx, const char *path, const char *fmt, ...)
    CA_PRINTF(3, 4);
/* Reads another file of the target into 'out' (appending), at most the
 * structured-file cap. Returns 0 or -errno (-ENOENT: not there). */
int ca_read_file(struct ca_ctx *ctx, const char *path, struct strbuf *out);
/* Reads up to 'len' more bytes of the streamed file being scanned into
 * 'buf'. Returns the count (0 at its end) or -errno. */
ssize_t ca_file_read(struct ca_ctx *ctx, void *buf, size_t len);
/* Starts the streamed file being scanned over at its first byte, for a
 * second pass. Returns 0 or -errno (-ESTALE: it changed since it was
 * first opened). */
int ca_file_rewind(struct ca_ctx *ctx);
/* Resolves 'path' as its user would: "~/x" against 'home', relative paths
 * against 'base_dir'. Returns a string in the scratch arena. */
const char *ca_resolve_path(struct ca_ctx *ctx, const char *path,
    const char *home, const char *base_dir);
/* Scratch memory, reset after every file. */
struct arena *ca_scratch(struct ca_ctx *ctx);
/* Copies 'len' bytes into a new file in the run's private 0700 directory,
 * for libraries that only take a path. Returns an owned path (free it with
 * ca_unmaterialize, which also deletes the file) or NULL after ca_warn. */
char *ca_materialize(struct ca_ctx *ctx, const char *data, size_t len);
void ca_unmaterialize(char *path);

/* The scanner's own name while it runs (for messages). */
const char *ca_ctx_scanner(const struct ca_ctx *ctx);
/* The kind of dependency tree ("npm", "pyenv": installed software, see
 * dep_trees.c) the file being scanned lies in, or NULL (always NULL with
 * --include-deps). A claimed file is read there too; a module whose file
 * is a credential only where a user put it (a repository's CI workflow,
 * not a copy inside a package) passes it over. Static string. */
const char *ca_ctx_dep_tree(const struct ca_ctx *ctx);

#ifndef CA_SCANNER_ALLOW_OS
/* Scanners must go through the target: these fail to compile here. */
#define fopen(...)    CA_BANNED(fopen_use_ca_read_file)
#define open(...)     CA_BANNED(open_use_ca_read_file)
#define openat(...)   CA_BANNED(openat_use_ca_read_file)
#define stat(...)     CA_BANNED(stat_use_the_target)
#define lstat(...)    CA_BANNED(lstat_use_the_target)
#define opendir(...)  CA_BANNED(opendir_use_the_target)
#define getenv(...)   CA_BANNED(getenv_the_target_has_no_host_env)
#define getpwuid(...) CA_BANNED(getpwuid_owners_come_from_the_target)
#define getpwnam(...) CA_BANNED(getpwnam_owners_come_from_the_target)
#define system(...)   CA_BANNED(system)
#define popen(...)    CA_BANNED(popen)
#endif
#include "lib/banned.h"

#endif
