/* target.h - read-only view of what is scanned, as one tree.
 *
 * Scanners and the walker never open, stat or list anything on the host;
 * they ask a target. Paths are absolute inside the target ("/home/a/.netrc")
 * and use '/' as the separator. A target never leaves its root, whatever
 * symlinks say, and never opens anything but regular files and directories,
 * so FIFOs and devices cannot block a scan. Backends: a live directory
 * tree treated as a filesystem root, or several trees each confined to
 * itself (target_dir.c), and an in-memory tree for tests (target_mem.c);
 * an image backend plugs in behind the same operations.
 *
 * Target operations return 0 (or a positive count) on success and -errno on
 * failure, so callers can treat -ENOENT quietly as "not there". */
#ifndef CA_TARGET_H
#define CA_TARGET_H

#include "lib/compat.h"
#include "lib/strbuf.h"

enum ca_ftype { CA_FT_REG, CA_FT_DIR, CA_FT_LNK, CA_FT_OTHER, CA_FT_UNKNOWN };

struct ca_stat {
	enum ca_ftype type;
	uint32_t mode; /* permission bits (07777) */
	int64_t uid;
	int64_t gid;
	uint64_t size;
	int64_t mtime; /* seconds since the epoch */
};

struct ca_target;
struct ca_dir; /* an open directory */
struct ca_fh;  /* an open regular file */

struct ca_dirent {
	const char *name;   /* borrowed until the next call */
	enum ca_ftype type; /* CA_FT_UNKNOWN when the backend cannot tell */
};

struct ca_target_ops {
	const char *kind; /* "dir" */
	/* Opens the directory at 'path'; symlinks are resolved inside the root.
	 */
	int (*open_dir)(struct ca_target *t, const char *path,
	    struct ca_dir **out);
	/* Returns 1 with the next entry, 0 at the end, or -errno. "." and ".."
	 * are never returned. */
	int (*next_entry)(struct ca_dir *d, struct ca_dirent *ent);
	/* Opens entry 'name' of 'd' when it is a regular file (a symlink is
	 * followed only inside the root). Fills 'st'. -EINVAL for anything
	 * that is not a regular file. */
	int (*open_entry)(struct ca_dir *d, const char *name,
	    struct ca_fh **out, struct ca_stat *st);
	void (*close_dir)(struct ca_dir *d);
	/* Opens the regular file at 'path' (as open_entry does). */
	int (*open_file)(struct ca_target *t, const char *path,
	    struct ca_fh **out, struct ca_stat *st);
	/* Reads up to 'len' bytes; returns the count (0 at end) or -errno. */
	ssize_t (*read)(struct ca_fh *fh, void *buf, size_t len);
	void (*close_file)(struct ca_fh *fh);
	/* Stats 'path', following symlinks inside the root. */
	int (*stat_path)(struct ca_target *t, const char *path,
	    struct ca_stat *st);
	void (*free)(struct ca_target *t);
	/* Optional: the host descriptor of an open file, for a library
	 * that maps it through /proc/self/fd (git packs, git_history.c);
	 * -1 or a NULL op when the backend has none. The file stays the
	 * target's: close it with close_file. */
	int (*fh_fd)(struct ca_fh *fh);
};

struct ca_target {
	const struct ca_target_ops *ops;
	const char *root; /* for reports: "/" or the --root directory */
	/* Where the scanned system's own files (its /etc/passwd, for owner
	 * names) are read when the target itself holds only parts of it:
	 * the host's "/" for confined PATH operands. NULL: the target. */
	struct ca_target *system;
};

/* Opens the directory tree at 'root' as a target. Returns 0 with an owned
 * target in *out, or -1 after ca_error(). */
int ca_target_dir_open(const char *root, struct ca_target **out);
/* Opens each absolute host path of the NULL-terminated 'paths' (borrowed)
 * as its own confinement root, mounted at its own path: a directory is
 * walked as itself, a file's directory is its root. Paths under no operand
 * do not exist in the target, and symlinks, includes and "../" stay inside
 * the operand they start from. Missing operands are left out (the walk
 * reports them). Returns 0 with an owned target in *out, or -1 after
 * ca_error(). */
int ca_target_dir_open_confined(const char *const *paths,
    struct ca_target **out);
/* The target holding the scanned system's /etc/passwd (see 'system');
 * borrowed. */
struct ca_target *ca_target_system(struct ca_target *t);
/* Frees the target; NULL is fine. */
void ca_target_free(struct ca_target *t);

/* Reads the whole regular file at 'path' into 'out' (appending). Returns 0,
 * -EFBIG when it is larger than 'cap', or another -errno. 'st' may be NULL. */
int ca_target_read(struct ca_target *t, const char *path, struct strbuf *out,
    size_t cap, struct ca_stat *st);
/* Reads at most 'len' more bytes of an open file into 'out'. */
int ca_fh_read_into(struct ca_target *t, struct ca_fh *fh, struct strbuf *out,
    size_t len);

#endif
