/* archive.h - archives found inside a tree, read from memory through
 * libarchive entry by entry; nothing is ever extracted to disk and no
 * entry name is used to open anything.
 *
 * Recognised by their magic bytes, whatever the file is called: tar
 * (ustar, GNU, pax), plain or compressed; zip and its kin (jar, war, ear,
 * whl, apk, nupkg, xpi, vsix, docx...); Debian packages (ar starting with
 * debian-binary); 7z; and a single compressed file (gzip, bzip2, xz, zstd,
 * lz4), which is read as one entry named after the file without its
 * suffix. A gem is a tar holding data.tar.gz: a nested archive. Archives
 * inside archives are opened down to a depth bound; the entries met, the
 * bytes expanded and each archive's expansion ratio (against zip bombs)
 * are bounded too. Encrypted entries are noted, never read. */
#ifndef CA_ARCHIVE_H
#define CA_ARCHIVE_H

#include "lib/compat.h"

#define CA_ARCHIVE_DEPTH_DEFAULT 3           /* --max-archive-depth */
#define CA_ARCHIVE_SIZE_DEFAULT  (64u << 20) /* --max-archive-size */
#define CA_ARCHIVE_MAX_ENTRIES   100000u     /* entries of one archive */
/* An archive may expand to this many times its own size (plus
 * CA_ARCHIVE_RATIO_SLACK): text compresses ten times at most, a bomb a
 * thousand times and more. */
#define CA_ARCHIVE_MAX_RATIO   100u
#define CA_ARCHIVE_RATIO_SLACK (1u << 20)
#define CA_ARCHIVE_NAME_MAX    1024 /* bytes of a normalised entry name */
#define CA_ARCHIVE_SEP         "!/" /* between an archive and its entry */

enum ca_archive_sniff {
	CA_ARCHIVE_NONE = 0,
	CA_ARCHIVE_CONTAINER, /* tar, zip, deb, 7z */
	CA_ARCHIVE_STREAM,    /* a compressed stream: tar.gz or x.gz */
};

/* What the 'len' bytes of a file's head (borrowed) say it is. */
enum ca_archive_sniff ca_archive_sniff(const char *head, size_t len);

/* Whether 'path' (borrowed: a target path or an entry name) lies under
 * share/man, share/info or share/doc: documentation a distribution
 * compresses by policy, whose examples are nobody's credentials and which
 * is not opened when compressed (a single compressed file). */
bool ca_archive_compressed_doc(const char *path);

/* Flags of ca_archive_norm_name(). */
#define CA_ARCHIVE_NAME_CLIMBS   1u /* "../" led out of the archive */
#define CA_ARCHIVE_NAME_CONTROL  2u /* control bytes, shown as '?' */
#define CA_ARCHIVE_NAME_ABSOLUTE 4u /* started with '/' */

/* Normalises the entry name 'raw' (borrowed) into 'out' ('size' bytes,
 * borrowed): '\' is a separator, empty, "." and ".." components are
 * resolved without ever leaving the archive, control bytes and bytes of
 * invalid UTF-8 become '?'. Sets '*flags' to what was changed. Returns
 * the length, -EINVAL when nothing is left (or 'raw' is NULL) and
 * -ENAMETOOLONG past 'size' - 1 bytes. */
int ca_archive_norm_name(const char *raw, char *out, size_t size,
    unsigned int *flags);

struct ca_archive_limits {
	unsigned int max_depth; /* archives opened one inside another */
	uint64_t max_size;      /* bytes expanded in all, every level */
	uint64_t max_entry;     /* the largest text entry handed on */
	uint64_t max_entries;   /* entries met in all, every level */
	unsigned int max_ratio; /* expanded / compressed, per archive */
};

/* One text entry read whole. */
struct ca_archive_entry {
	/* the entry's normalised name below the outermost archive, with
	 * CA_ARCHIVE_SEP after each nested archive: "b.zip!/c.env" */
	const char *chain;
	const char *name; /* its last component */
	const char *data; /* NUL-terminated at data[len]; wiped after */
	size_t len;
};

struct ca_archive_stats {
	uint64_t entries; /* regular-file entries met */
	uint64_t handed;  /* text entries handed on */
	uint64_t skipped; /* binary, too large or not read */
	uint64_t bytes;   /* bytes expanded */
};

struct ca_archive_walker {
	struct ca_archive_limits lim;
	/* Called for each text entry; everything borrowed for the call. */
	void (*entry)(void *arg, const struct ca_archive_entry *e);
	/* A problem with the entry 'chain' (or the archive itself when
	 * "" or, nested, ends with CA_ARCHIVE_SEP): 'msg' holds no entry
	 * data. Both borrowed. */
	void (*note)(void *arg, const char *chain, const char *msg);
	void *arg;
	struct ca_archive_stats stats; /* added to by each walk */
};

/* Walks the archive in the 'len' bytes at 'data' (borrowed), a file
 * named 'name' (borrowed: names the entry of a single compressed file),
 * calling w->entry for each text entry and w->note for each problem.
 * Returns 0, or -1 when the archive could not be read at all (noted). */
int ca_archive_walk(struct ca_archive_walker *w, const char *data, size_t len,
    const char *name);

#endif
