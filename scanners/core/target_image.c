/* target_image.c - a container image as a target (see image.h).
 *
 * Opening an image reads its manifest and config, then streams every
 * layer once to check the blob's sha256 and to build an index of the
 * final filesystem: one node per path, with the layer and entry number
 * that hold its contents. Nothing is extracted; the index holds names and
 * metadata only, and the entry count and uncompressed size it accepts are
 * bounded, so a decompression bomb is refused before its bytes are. The
 * target operations answer from the index; reading a file streams its
 * layer up to its entry (rare: the passwd, the side files a surface module
 * reads), while the scan itself streams each layer once more, entry by
 * entry (ca_target_image_stream).
 *
 * Names are normalised to absolute paths; a name with a ".." component,
 * a control character or invalid UTF-8 is refused with an error and the
 * scan goes on. Symlinks resolve inside the image (an absolute target or
 * "../" climbs no higher than its root), hard links must name a regular
 * file already in the image, and devices, FIFOs and sockets are listed but
 * never read. */
#define CA_SCANNER_ALLOW_OS 1
#include "lib/compat.h"
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/hash.h"
#include "lib/log.h"
#include "lib/str.h"
#include "lib/xalloc.h"
#include "scanners/core/image.h"
#include "scanners/core/image_pull.h"
#include "lib/banned.h"

#define SMALL_BLOB_CAP (16u << 20) /* manifests, indexes, configs */
#define MAX_ERRORS     1000
#define MAX_LINKS      40
#define PATH_CAP       4096

enum image_format {
	FMT_DOCKER_ARCHIVE,
	FMT_OCI_DIR,
	FMT_OCI_ARCHIVE,
	FMT_REGISTRY,
};

struct node {
	char *path;       /* "/etc/passwd"; "/" for the root */
	const char *name; /* last component, inside 'path' */
	struct node *parent, *child, *prev, *next, *hnext;
	enum ca_ftype type;
	uint32_t mode;
	int64_t uid, gid;
	uint64_t size;
	int64_t mtime;
	char *link;     /* a symlink's target */
	uint32_t layer; /* where a regular file's contents are */
	uint64_t ordinal;
	uint32_t entry_layer; /* the entry that made this node */
	uint64_t entry_ordinal;
};

struct img_error {
	char *path;
	char *msg;
};

struct image_target {
	struct ca_target base;
	char *source;
	enum image_format format;
	struct ca_image_opts o;
	struct ca_image_manifest man;
	struct ca_image_config cfg;
	char *manifest_digest;
	struct ca_registry *reg; /* FMT_REGISTRY: where blobs come from */
	struct strbuf config_text;
	struct node *root;
	struct node **buckets;
	size_t nbuckets, nnodes;
	struct img_error *errors;
	size_t nerrors, caperrors, dropped;
	uint64_t total_bytes, total_entries;
};

/* A blob being read: a file of an OCI layout, a member of a tarball (the
 * outer archive positioned at it) or a registry's answer. Its sha256 is
 * taken as it goes. */
struct blob {
	int fd;
	struct archive *outer;
	struct ca_blob_stream *http;
	EVP_MD_CTX *md;
	uint64_t nread;
	bool unhashed; /* the scan's second read: the index pass checked the
	                * digest, and hashing again costs a twentieth of the
	                * scan for nothing */
	unsigned char buf[65536];
};

/* One layer's tar, read through libarchive from its blob. */
struct layer_stream {
	struct blob *b;
	struct archive *a;
	uint64_t ordinal; /* of the entry last returned, from 1 */
};

struct ca_fh {
	bool borrowed; /* a stream's current entry */
	bool own_stream;
	struct layer_stream ls; /* when own_stream */
	struct archive *a;
	const char *mem; /* the config text */
	size_t len, off;
};

struct ca_dir {
	struct image_target *t;
	struct node *dir;
	struct node *next;
};

static const struct ca_target_ops image_ops;
static int resolve(const struct image_target *t, const char *path, bool follow,
    struct node **out);

/* ---- the index ---- */

static uint64_t
hash_path(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static struct node *
lookup(const struct image_target *t, const char *path)
{
	struct node *n = t->buckets[hash_path(path) & (t->nbuckets - 1)];

	while (n && strcmp(n->path, path))
		n = n->hnext;
	return n;
}

static void
hash_insert(struct image_target *t, struct node *n)
{
	size_t b;

	if (t->nnodes + 1 > t->nbuckets) {
		size_t nb = t->nbuckets * 2;
		struct node **nbk = xcalloc(nb, sizeof(*nbk));

		for (size_t i = 0; i < t->nbuckets; i++) {
			struct node *m = t->buckets[i], *next;
			for (; m; m = next) {
				next = m->hnext;
				b = hash_path(m->path) & (nb - 1);
				m->hnext = nbk[b];
				nbk[b] = m;
			}
		}
		free(t->buckets);
		t->buckets = nbk;
		t->nbuckets = nb;
	}
	b = hash_path(n->path) & (t->nbuckets - 1);
	n->hnext = t->buckets[b];
	t->buckets[b] = n;
	t->nnodes++;
}

static void
hash_remove(struct image_target *t, struct node *n)
{
	struct node **pp = &t->buckets[hash_path(n->path) & (t->nbuckets - 1)];

	while (*pp && *pp != n)
		pp = &(*pp)->hnext;
	if (*pp) {
		*pp = n->hnext;
		t->nnodes--;
	}
}

static struct node *
node_new(const char *path)
{
	struct node *n = xcalloc(1, sizeof(*n));
	const char *slash;

	n->path = xstrdup(path);
	slash = strrchr(n->path, '/');
	n->name = slash && slash[1] ? slash + 1 : n->path;
	n->uid = n->gid = 0;
	return n;
}

static void
node_free(struct node *n)
{
	free(n->path);
	free(n->link);
	free(n);
}

static void
unlink_child(struct node *n)
{
	if (n->prev)
		n->prev->next = n->next;
	else if (n->parent)
		n->parent->child = n->next;
	if (n->next)
		n->next->prev = n->prev;
	n->prev = n->next = NULL;
	n->parent = NULL;
}

static void
link_child(struct node *parent, struct node *n)
{
	n->parent = parent;
	n->prev = NULL;
	n->next = parent->child;
	if (parent->child)
		parent->child->prev = n;
	parent->child = n;
}

/* Frees 'n' and everything below it; 'n' is already out of its
 * parent's list. */
static void
free_subtree(struct image_target *t, struct node *n)
{
	struct node *c, *next;

	for (c = n->child; c; c = next) {
		next = c->next;
		free_subtree(t, c);
	}
	hash_remove(t, n);
	node_free(n);
}

/* Removes 'n' and everything below it from the view. */
static void
remove_subtree(struct image_target *t, struct node *n)
{
	unlink_child(n);
	free_subtree(t, n);
}

static void
add_error(struct image_target *t, const char *path, const char *msg)
{
	if (t->nerrors >= MAX_ERRORS) {
		t->dropped++;
		return;
	}
	if (t->nerrors == t->caperrors) {
		t->caperrors = t->caperrors ? t->caperrors * 2 : 16;
		t->errors = xrealloc(t->errors,
		    t->caperrors * sizeof(*t->errors));
	}
	t->errors[t->nerrors].path = xstrdup(path);
	t->errors[t->nerrors].msg = xstrdup(msg);
	t->nerrors++;
}

/* The directory at 'path', made (with its parents) when missing; a
 * non-directory in the way is replaced, as unpacking would. */
static struct node *
ensure_dir(struct image_target *t, const char *path)
{
	struct node *n = lookup(t, path), *parent;
	char ppath[PATH_CAP];
	const char *slash;

	if (n && n->type == CA_FT_DIR)
		return n;
	if (n)
		remove_subtree(t, n);
	slash = strrchr(path, '/');
	if (slash == path)
		snprintf(ppath, sizeof(ppath), "/");
	else
		snprintf(ppath, sizeof(ppath), "%.*s", (int)(slash - path),
		    path);
	parent = ensure_dir(t, ppath);
	n = node_new(path);
	n->type = CA_FT_DIR;
	n->mode = 0755;
	link_child(parent, n);
	hash_insert(t, n);
	return n;
}

static void
parent_of(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		snprintf(out, size, "/");
	else
		snprintf(out, size, "%.*s", (int)(slash - path), path);
}

/* Applies a whiteout entry of layer 'layer' at 'path'. */
static void
apply_whiteout(struct image_target *t, const char *path, uint32_t layer)
{
	char dir[PATH_CAP], victim[2 * PATH_CAP + 2];
	const char *base = strrchr(path, '/') + 1;
	struct node *n;

	parent_of(path, dir, sizeof(dir));
	if (!strcmp(base, ".wh..wh..opq")) {
		/* An opaque directory hides what lower layers put in it. */
		struct node *d = lookup(t, dir), *c, *next;
		if (!d || d->type != CA_FT_DIR)
			return;
		for (c = d->child; c; c = next) {
			next = c->next;
			if (c->entry_layer < layer)
				remove_subtree(t, c);
		}
		return;
	}
	base += 4;
	if (!*base)
		return;
	snprintf(victim, sizeof(victim), "%s/%s", strcmp(dir, "/") ? dir : "",
	    base);
	n = lookup(t, victim);
	if (n && n != t->root && n->entry_layer < layer)
		remove_subtree(t, n);
}

static bool
is_whiteout(const char *path)
{
	const char *base = strrchr(path, '/');

	return base && !strncmp(base + 1, ".wh.", 4);
}

static void
fill_meta(struct node *n, struct archive_entry *e)
{
	n->mode = (uint32_t)archive_entry_perm(e) & 07777;
	n->uid = archive_entry_uid(e);
	n->gid = archive_entry_gid(e);
	n->size = archive_entry_size_is_set(e) && archive_entry_size(e) > 0 ?
	    (uint64_t)archive_entry_size(e) :
	    0;
	n->mtime = archive_entry_mtime(e);
}

/* Puts entry 'e' (the 'ordinal'th of layer 'layer', at normalised
 * 'path') into the view. */
static void
apply_entry(struct image_target *t, const char *path, struct archive_entry *e,
    uint32_t layer, uint64_t ordinal)
{
	char ppath[PATH_CAP];
	const char *hl = archive_entry_hardlink(e);
	mode_t ft = archive_entry_filetype(e);
	struct node *n, *parent, *target = NULL;
	enum ca_ftype type;

	if (!strcmp(path, "/"))
		return;
	if (is_whiteout(path)) {
		apply_whiteout(t, path, layer);
		return;
	}
	if (hl) {
		char tpath[PATH_CAP];
		const char *why;
		if (ca_image_norm_path(hl, tpath, sizeof(tpath), &why) < 0) {
			add_error(t, path,
			    "image: hard link points outside "
			    "the image; not read");
			return;
		}
		target = lookup(t, tpath);
		if (!target || target->type != CA_FT_REG) {
			add_error(t, path,
			    "image: hard link to a file not in "
			    "the image; not read");
			return;
		}
		type = CA_FT_REG;
	} else if (ft == AE_IFREG) {
		type = CA_FT_REG;
	} else if (ft == AE_IFDIR) {
		type = CA_FT_DIR;
	} else if (ft == AE_IFLNK) {
		type = CA_FT_LNK;
	} else {
		add_error(t, path,
		    "image: device, FIFO or socket entry; "
		    "not read");
		type = CA_FT_OTHER;
	}
	n = lookup(t, path);
	if (n && n->type == CA_FT_DIR && type == CA_FT_DIR) {
		fill_meta(n, e);
		n->entry_layer = layer;
		n->entry_ordinal = ordinal;
		return;
	}
	if (n)
		remove_subtree(t, n);
	parent_of(path, ppath, sizeof(ppath));
	parent = ensure_dir(t, ppath);
	n = node_new(path);
	n->type = type;
	fill_meta(n, e);
	n->entry_layer = layer;
	n->entry_ordinal = ordinal;
	if (target) {
		n->layer = target->layer;
		n->ordinal = target->ordinal;
		n->size = target->size;
	} else {
		n->layer = layer;
		n->ordinal = ordinal;
	}
	if (type == CA_FT_LNK)
		n->link = xstrdup(
		    archive_entry_symlink(e) ? archive_entry_symlink(e) : "");
	link_child(parent, n);
	hash_insert(t, n);
}

/* ---- blobs ---- */

static const char *
strip_dot(const char *name)
{
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	while (name[0] == '/')
		name++;
	return name;
}

/* Positions a new reader of the tarball at 'member' (following up to a
 * few symlinks between members, as old docker-save output has). Returns
 * 0 or -errno. */
static int
outer_open(const char *source, const char *member, struct archive **out)
{
	char want[PATH_CAP];

	snprintf(want, sizeof(want), "%s", strip_dot(member));
	for (int hop = 0; hop < 4; hop++) {
		struct archive *a = archive_read_new();
		struct archive_entry *e;
		int r;
		bool relink = false;

		archive_read_support_filter_all(a);
		archive_read_support_format_tar(a);
		if (archive_read_open_filename(a, source, 65536) !=
		    ARCHIVE_OK) {
			archive_read_free(a);
			return -EIO;
		}
		while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK ||
		    r == ARCHIVE_WARN) {
			const char *name = archive_entry_pathname(e);
			if (!name || strcmp(strip_dot(name), want))
				continue;
			if (archive_entry_filetype(e) == AE_IFLNK &&
			    archive_entry_symlink(e)) {
				char dir[PATH_CAP], tmp[2 * PATH_CAP + 2];
				const char *why;
				const char *slash = strrchr(want, '/');
				snprintf(dir, sizeof(dir), "%.*s",
				    slash ? (int)(slash - want) : 0, want);
				snprintf(tmp, sizeof(tmp), "%s/%s", dir,
				    archive_entry_symlink(e));
				if (ca_image_norm_path(tmp, want, sizeof(want),
				        &why) < 0)
					break;
				memmove(want, want + 1, strlen(want));
				relink = true;
				break;
			}
			if (archive_entry_hardlink(e)) {
				snprintf(want, sizeof(want), "%s",
				    strip_dot(archive_entry_hardlink(e)));
				relink = true;
				break;
			}
			*out = a;
			return 0;
		}
		archive_read_free(a);
		if (!relink)
			return r == ARCHIVE_EOF ? -ENOENT : -EIO;
	}
	return -ELOOP;
}

/* Starts a registry's blob for 'member' ("blobs/sha256/<hex>"): no more
 * bytes than a layer's declared size, or a small blob's cap. Returns 0
 * or -errno. */
static int
registry_blob_open(const struct image_target *t, const char *member,
    struct ca_blob_stream **out)
{
	char digest[80];
	uint64_t limit = SMALL_BLOB_CAP;

	if (strncmp(member, "blobs/sha256/", 13) || strlen(member) != 13 + 64)
		return -EINVAL;
	snprintf(digest, sizeof(digest), "sha256:%s", member + 13);
	for (size_t i = 0; i < t->man.nlayers; i++)
		if (!strcmp(t->man.layers[i].member, member)) {
			limit = t->man.layers[i].size ? t->man.layers[i].size :
			                                t->o.max_size;
			break;
		}
	return ca_registry_blob_open(t->reg, digest, limit, out);
}

static int
blob_open(const struct image_target *t, const char *member, struct blob **out)
{
	struct blob *b = xcalloc(1, sizeof(*b));
	int ret;

	*out = NULL;
	b->fd = -1;
	if (t->format == FMT_REGISTRY) {
		ret = registry_blob_open(t, member, &b->http);
		if (ret < 0) {
			free(b);
			return ret;
		}
	} else if (t->format == FMT_OCI_DIR) {
		char path[PATH_CAP];
		snprintf(path, sizeof(path), "%s/%s", t->source, member);
		b->fd = open(path,
		    O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
		if (b->fd < 0) {
			ret = errno > 0 ? -errno : -EIO;
			free(b);
			return ret == -ELOOP ? -EINVAL : ret;
		}
		struct stat st;
		if (fstat(b->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			close(b->fd);
			free(b);
			return -EINVAL;
		}
	} else if ((ret = outer_open(t->source, member, &b->outer)) < 0) {
		free(b);
		return ret;
	}
	b->md = EVP_MD_CTX_new();
	if (!b->md || EVP_DigestInit_ex(b->md, EVP_sha256(), NULL) != 1) {
		if (b->fd >= 0)
			close(b->fd);
		archive_read_free(b->outer);
		ca_blob_stream_close(b->http);
		EVP_MD_CTX_free(b->md);
		free(b);
		return -ENOMEM;
	}
	*out = b;
	return 0;
}

static ssize_t
blob_read(struct blob *b, void *buf, size_t len)
{
	ssize_t n;

	if (b->http) {
		n = ca_blob_stream_read(b->http, buf, len);
		if (n < 0)
			return n;
	} else if (b->outer) {
		n = archive_read_data(b->outer, buf, len);
		if (n < 0)
			return -EIO;
	} else {
		do
			n = read(b->fd, buf, len);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return -errno;
	}
	if (n > 0) {
		if (!b->unhashed)
			EVP_DigestUpdate(b->md, buf, (size_t)n);
		b->nread += (uint64_t)n;
	}
	return n;
}

/* Reads the blob to its end and compares its sha256 with 'digest'.
 * Returns 0, -EBADMSG on a mismatch, or -errno. */
static int
blob_check(struct blob *b, const char *digest)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char hex[2 * CA_SHA256_LEN + 1];
	ssize_t n;

	while ((n = blob_read(b, b->buf, sizeof(b->buf))) > 0)
		;
	if (n < 0)
		return (int)n;
	EVP_DigestFinal_ex(b->md, md, &mdlen);
	ca_hex(md, CA_SHA256_LEN, hex);
	if (!digest || strncmp(digest, "sha256:", 7) || strcmp(digest + 7, hex))
		return -EBADMSG;
	return 0;
}

static void
blob_close(struct blob *b)
{
	if (!b)
		return;
	if (b->fd >= 0)
		close(b->fd);
	archive_read_free(b->outer);
	ca_blob_stream_close(b->http);
	EVP_MD_CTX_free(b->md);
	free(b);
}

/* Reads a small blob whole, checking 'digest' when given. Returns 0 or
 * -1 after ca_error(). */
static int
read_small(const struct image_target *t, const char *member, const char *digest,
    struct strbuf *out)
{
	struct blob *b;
	char buf[65536];
	ssize_t n;
	int ret = blob_open(t, member, &b);

	if (ret < 0 || !b)
		return ca_error("image: '%s': blob '%s' %s", t->source, member,
		    ret == -ENOENT ? "is missing" : strerror(-ret));
	while ((n = blob_read(b, buf, sizeof(buf))) > 0)
		if (strbuf_add(out, buf, (size_t)n) < 0) {
			blob_close(b);
			return ca_error("image: '%s': blob '%s' is too large",
			    t->source, member);
		}
	if (n == 0 && digest)
		n = blob_check(b, digest);
	blob_close(b);
	if (n == -EBADMSG)
		return ca_error("image: '%s': blob '%s' does not match its "
		                "digest",
		    t->source, member);
	if (n < 0)
		return ca_error("image: '%s': cannot read blob '%s': %s",
		    t->source, member, strerror((int)-n));
	return 0;
}

/* ---- layers ---- */

static la_ssize_t
layer_read_cb(struct archive *a, void *arg, const void **buf)
{
	struct blob *b = arg;
	ssize_t n = blob_read(b, b->buf, sizeof(b->buf));

	*buf = b->buf;
	if (n < 0) {
		archive_set_error(a, EIO, "cannot read the layer blob");
		return -1;
	}
	return n;
}

static int
layer_open(const struct image_target *t, size_t layer, struct layer_stream *ls,
    char *why, size_t whylen)
{
	int ret;

	memset(ls, 0, sizeof(*ls));
	ret = blob_open(t, t->man.layers[layer].member, &ls->b);
	if (ret < 0 || !ls->b)
		return ret < 0 ? ret : -EIO;
	ls->a = archive_read_new();
	archive_read_support_filter_all(ls->a);
	archive_read_support_format_tar(ls->a);
	archive_read_support_format_empty(ls->a);
	if (archive_read_open(ls->a, ls->b, NULL, layer_read_cb, NULL) !=
	    ARCHIVE_OK) {
		if (why)
			snprintf(why, whylen, "%s",
			    archive_error_string(ls->a) ?
			        archive_error_string(ls->a) :
			        "not a tar");
		archive_read_free(ls->a);
		blob_close(ls->b);
		ls->a = NULL;
		ls->b = NULL;
		return -EIO;
	}
	return 0;
}

/* Returns 1 with the next entry, 0 at the end, or -EIO. */
static int
layer_next(struct layer_stream *ls, struct archive_entry **e)
{
	int r = archive_read_next_header(ls->a, e);

	if (r == ARCHIVE_EOF)
		return 0;
	if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
		return -EIO;
	ls->ordinal++;
	return 1;
}

static void
layer_close(struct layer_stream *ls)
{
	if (ls->a)
		archive_read_free(ls->a);
	blob_close(ls->b);
	memset(ls, 0, sizeof(*ls));
}

/* Streams layer 'layer' to index it and check its digest. Returns 0 or
 * -1 after ca_error(). */
static int
index_layer(struct image_target *t, size_t layer)
{
	const struct ca_image_layer *l = &t->man.layers[layer];
	struct layer_stream ls;
	struct archive_entry *e;
	char open_why[256] = "";
	int r, ret = layer_open(t, layer, &ls, open_why, sizeof(open_why));

	if (ret < 0)
		return ca_error("image: '%s': layer %zu (%s) %s%s", t->source,
		    layer, l->digest,
		    ret == -ENOENT ? "is missing" : "cannot be read: ",
		    ret == -ENOENT  ? "" :
		        open_why[0] ? open_why :
		                      strerror(-ret));
	while ((r = layer_next(&ls, &e)) > 0) {
		const char *name = archive_entry_pathname(e), *why;
		char path[PATH_CAP];
		uint64_t size = archive_entry_size(e) > 0 ?
		    (uint64_t)archive_entry_size(e) :
		    0;

		if (++t->total_entries > t->o.max_entries) {
			layer_close(&ls);
			return ca_error("image: '%s': more than %u entries; "
			                "refused as a decompression bomb",
			    t->source, t->o.max_entries);
		}
		if (size > t->o.max_size - t->total_bytes) {
			layer_close(&ls);
			return ca_error(
			    "image: '%s': layers larger than "
			    "--max-image-size (%llu bytes) uncompressed",
			    t->source, (unsigned long long)t->o.max_size);
		}
		t->total_bytes += size;
		if (!name) {
			add_error(t, l->digest,
			    "image: entry without a name; "
			    "not read");
			continue;
		}
		if (ca_image_norm_path(name, path, sizeof(path), &why) < 0) {
			char shown[128];
			ca_printable_buf(shown, sizeof(shown), name);
			char msg[256];
			snprintf(msg, sizeof(msg),
			    "image: entry '%s' refused: "
			    "%s",
			    shown, why ? why : "bad name");
			add_error(t, l->digest, msg);
			continue;
		}
		apply_entry(t, path, e, (uint32_t)layer, ls.ordinal);
	}
	if (r < 0) {
		char msg[256];
		snprintf(msg, sizeof(msg), "%s",
		    archive_error_string(ls.a) ? archive_error_string(ls.a) :
		                                 "read error");
		/* A flipped byte breaks the decompressor before the digest
		 * can tell: say which it is. */
		ret = blob_check(ls.b, l->digest);
		layer_close(&ls);
		if (ret == -EBADMSG)
			return ca_error("image: '%s': layer %zu does not match "
			                "its digest %s",
			    t->source, layer, l->digest);
		return ca_error("image: '%s': layer %zu (%s) is damaged or "
		                "truncated: %s",
		    t->source, layer, l->digest, msg);
	}
	ret = blob_check(ls.b, l->digest);
	layer_close(&ls);
	if (ret == -EBADMSG)
		return ca_error("image: '%s': layer %zu does not match its "
		                "digest %s",
		    t->source, layer, l->digest);
	if (ret < 0)
		return ca_error("image: '%s': cannot read layer %zu: %s",
		    t->source, layer, strerror(-ret));
	return 0;
}

/* ---- opening ---- */

static int
open_oci(struct image_target *t)
{
	struct strbuf sb = STRBUF_INIT(SMALL_BLOB_CAP);
	char err[256] = "", *digest = NULL;
	bool nested = false;

	if (read_small(t, "index.json", NULL, &sb) < 0)
		return -1;
	for (int depth = 0;; depth++) {
		char *member;
		int ret = ca_image_parse_index(sb.buf, sb.len, t->o.platform,
		    &digest, &nested, err, sizeof(err));
		strbuf_release(&sb);
		if (ret < 0) {
			return ca_error("image: '%s': %s", t->source, err);
		}
		member = xmalloc(strlen(digest) + 16);
		snprintf(member, strlen(digest) + 16, "blobs/sha256/%s",
		    digest + 7);
		ret = read_small(t, member, digest, &sb);
		free(member);
		if (ret < 0) {
			free(digest);
			return -1;
		}
		if (!nested)
			break;
		free(digest);
		if (depth == 3) {
			strbuf_release(&sb);
			return ca_error("image: '%s': indexes nested too deep",
			    t->source);
		}
	}
	t->manifest_digest = digest;
	if (ca_image_parse_oci_manifest(sb.buf, sb.len, &t->man, err,
	        sizeof(err)) < 0) {
		strbuf_release(&sb);
		return ca_error("image: '%s': %s", t->source, err);
	}
	strbuf_release(&sb);
	return 0;
}

/* Whether 'body' hashes to 'digest' ("sha256:<hex>"). */
static bool
body_matches(const struct strbuf *body, const char *digest)
{
	unsigned char md[CA_SHA256_LEN];
	char hex[2 * CA_SHA256_LEN + 1];

	ca_sha256(body->buf, body->len, md);
	ca_hex(md, CA_SHA256_LEN, hex);
	return !strncmp(digest, "sha256:", 7) && !strcmp(digest + 7, hex);
}

static bool
is_index_doc(const char *media_type, const struct strbuf *body)
{
	if (!strcmp(media_type, "application/vnd.oci.image.index.v1+json") ||
	    !strcmp(media_type,
	        "application/vnd.docker.distribution.manifest.list.v2+json"))
		return true;
	/* a registry that does not say: an index has "manifests" */
	return !media_type[0] && strstr(body->buf, "\"manifests\"");
}

/* Pulls the manifest of registry reference 'ref' (an index or manifest
 * list resolved to the platform), checking each document against its
 * digest. Returns 0 or -1 after ca_error(). */
static int
open_registry(struct image_target *t, const struct ca_image_ref *ref,
    const struct ca_pull_opts *po)
{
	struct strbuf sb = STRBUF_INIT(SMALL_BLOB_CAP);
	char err[256] = "", mt[128] = "", want[80] = "";
	unsigned char md[CA_SHA256_LEN];
	char hex[2 * CA_SHA256_LEN + 1];
	int depth;

	if (ca_registry_open(ref, po, &t->reg) < 0)
		return -1;
	snprintf(want, sizeof(want), "%s", ref->digest);
	for (depth = 0;; depth++) {
		char *digest = NULL;
		bool nested = false;

		strbuf_reset(&sb);
		if (ca_registry_manifest(t->reg, want[0] ? want : ref->tag, &sb,
		        mt, sizeof(mt)) < 0)
			goto fail;
		if (want[0] && !body_matches(&sb, want)) {
			ca_error("image: '%s': manifest %s does not match its "
			         "digest",
			    t->source, want);
			goto fail;
		}
		ca_sha256(sb.buf, sb.len, md);
		ca_hex(md, CA_SHA256_LEN, hex);
		free(t->manifest_digest);
		t->manifest_digest = xmalloc(8 + sizeof(hex));
		snprintf(t->manifest_digest, 8 + sizeof(hex), "sha256:%s", hex);
		if (!is_index_doc(mt, &sb))
			break;
		if (depth == 3) {
			ca_error("image: '%s': indexes nested too deep",
			    t->source);
			goto fail;
		}
		if (ca_image_parse_index(sb.buf, sb.len, t->o.platform, &digest,
		        &nested, err, sizeof(err)) < 0) {
			ca_error("image: '%s': %s", t->source, err);
			goto fail;
		}
		snprintf(want, sizeof(want), "%s", digest);
		free(digest);
	}
	if (strstr(mt, "distribution.manifest.v1")) {
		ca_error("image: '%s': a Docker schema 1 manifest, which is "
		         "not supported",
		    t->source);
		goto fail;
	}
	if (ca_image_parse_oci_manifest(sb.buf, sb.len, &t->man, err,
	        sizeof(err)) < 0) {
		ca_error("image: '%s': %s", t->source, err);
		goto fail;
	}
	t->man.reference = xstrdup(t->source);
	strbuf_release(&sb);
	return 0;
fail:
	strbuf_release(&sb);
	return -1;
}

static int
open_docker(struct image_target *t)
{
	struct strbuf sb = STRBUF_INIT(SMALL_BLOB_CAP);
	char err[256] = "";

	if (read_small(t, "manifest.json", NULL, &sb) < 0)
		return -1;
	if (ca_image_parse_docker_manifest(sb.buf, sb.len, &t->man, err,
	        sizeof(err)) < 0) {
		strbuf_release(&sb);
		return ca_error("image: '%s': %s", t->source, err);
	}
	if (err[0])
		ca_warning("image: '%s': %s", t->source, err);
	strbuf_release(&sb);
	return 0;
}

/* Tells the kind of source: a directory is an OCI layout; a file is a
 * tarball, of a layout when it holds oci-layout and index.json, else of
 * docker-save. Returns 0 or -1 after ca_error(). */
static int
detect_format(struct image_target *t)
{
	struct stat st;
	struct archive *a;
	struct archive_entry *e;
	bool layout = false, index = false, manifest = false;
	int r;

	if (stat(t->source, &st) < 0)
		return ca_error("image: cannot open '%s': %s", t->source,
		    strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		t->format = FMT_OCI_DIR;
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return ca_error("image: '%s' is not a file or directory",
		    t->source);
	a = archive_read_new();
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, t->source, 65536) != ARCHIVE_OK) {
		archive_read_free(a);
		return ca_error("image: '%s' is neither a tar archive nor an "
		                "OCI layout directory",
		    t->source);
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK ||
	    r == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(e);
		if (!name)
			continue;
		name = strip_dot(name);
		layout |= !strcmp(name, "oci-layout");
		index |= !strcmp(name, "index.json");
		manifest |= !strcmp(name, "manifest.json");
	}
	archive_read_free(a);
	if (r != ARCHIVE_EOF)
		return ca_error("image: '%s' is not a readable tar archive",
		    t->source);
	if (layout && index) {
		t->format = FMT_OCI_ARCHIVE;
		return 0;
	}
	if (manifest) {
		t->format = FMT_DOCKER_ARCHIVE;
		return 0;
	}
	return ca_error("image: '%s' holds neither manifest.json (docker save) "
	                "nor oci-layout and index.json (OCI)",
	    t->source);
}

/* docker-save names legacy layers "<id>/layer.tar": their digest is the
 * config's diff id (the layers are plain tars). */
static int
fill_layer_digests(struct image_target *t)
{
	for (size_t i = 0; i < t->man.nlayers; i++) {
		if (t->man.layers[i].digest)
			continue;
		if (i >= t->cfg.ndiff_ids)
			return ca_error(
			    "image: '%s': layer %zu has no digest to "
			    "check it against",
			    t->source, i);
		t->man.layers[i].digest = xstrdup(t->cfg.diff_ids[i]);
	}
	return 0;
}

static void
image_free(struct ca_target *base)
{
	struct image_target *t = (struct image_target *)base;

	if (t->root)
		remove_subtree(t, t->root);
	free(t->buckets);
	for (size_t i = 0; i < t->nerrors; i++) {
		free(t->errors[i].path);
		free(t->errors[i].msg);
	}
	free(t->errors);
	ca_image_manifest_release(&t->man);
	ca_image_config_release(&t->cfg);
	free(t->manifest_digest);
	ca_registry_free(t->reg);
	strbuf_release(&t->config_text);
	free(t->source);
	free(t);
}

/* Whether 'source' is pulled from a registry: "docker://...", or no
 * such path and a plausible reference (image_pull.h). */
static bool
is_reference(const char *source)
{
	struct stat st;

	if (!strncmp(source, "docker://", 9))
		return true;
	if (stat(source, &st) == 0 || errno != ENOENT)
		return false;
	return ca_image_ref_plausible(source);
}

/* "host/name:tag", "host/name@digest" or both: owned. */
static char *
canonical_reference(const struct ca_image_ref *ref)
{
	size_t n = strlen(ref->host) + strlen(ref->name) + strlen(ref->tag) +
	    strlen(ref->digest) + 4;
	char *s = xmalloc(n);

	snprintf(s, n, "%s/%s%s%s%s%s", ref->host, ref->name,
	    ref->tag[0] ? ":" : "", ref->tag, ref->digest[0] ? "@" : "",
	    ref->digest);
	return s;
}

int
ca_target_image_open(const char *source, const struct ca_image_opts *o,
    struct ca_target **out)
{
	struct image_target *t = xcalloc(1, sizeof(*t));
	struct strbuf sb = STRBUF_INIT(SMALL_BLOB_CAP);
	char err[256] = "";
	int ret;

	*out = NULL;
	t->base.ops = &image_ops;
	t->source = xstrdup(source);
	t->base.root = t->source;
	if (o)
		t->o = *o;
	if (!t->o.max_size)
		t->o.max_size = CA_IMAGE_MAX_SIZE;
	if (!t->o.max_entries)
		t->o.max_entries = CA_IMAGE_MAX_ENTRIES;
	strbuf_init(&t->config_text, SMALL_BLOB_CAP);
	t->nbuckets = 1024;
	t->buckets = xcalloc(t->nbuckets, sizeof(*t->buckets));
	t->root = node_new("/");
	t->root->type = CA_FT_DIR;
	t->root->mode = 0755;
	hash_insert(t, t->root);
	if (is_reference(source)) {
		struct ca_image_ref ref;
		const char *why;
		if (ca_image_ref_parse(source, &ref, &why) < 0) {
			/* never quoted: a mistyped password may be in it */
			ca_error("image: not a local image and not a registry "
			         "reference: %s",
			    why);
			goto fail;
		}
		free(t->source);
		t->source = canonical_reference(&ref);
		t->base.root = t->source;
		t->format = FMT_REGISTRY;
		ret = open_registry(t, &ref, t->o.pull);
	} else if (detect_format(t) < 0) {
		goto fail;
	} else {
		ret = t->format == FMT_DOCKER_ARCHIVE ? open_docker(t) :
		                                        open_oci(t);
	}
	if (ret < 0)
		goto fail;
	if (read_small(t, t->man.config_member, t->man.config_digest, &sb) < 0)
		goto fail;
	if (ca_image_parse_config(sb.buf, sb.len, &t->cfg, &t->config_text, err,
	        sizeof(err)) < 0) {
		ca_error("image: '%s': %s", source, err);
		goto fail;
	}
	strbuf_release(&sb);
	if (!t->man.config_digest) {
		/* legacy docker-save: the config's name is its id, unchecked */
		t->man.config_digest = xstrdup("");
	}
	if (fill_layer_digests(t) < 0)
		goto fail;
	for (size_t i = 0; i < t->man.nlayers; i++)
		if (index_layer(t, i) < 0)
			goto fail;
	*out = &t->base;
	return 0;
fail:
	strbuf_release(&sb);
	image_free(&t->base);
	return -1;
}

bool
ca_target_is_image(const struct ca_target *t)
{
	return t && t->ops == &image_ops;
}

void
ca_target_image_info(const struct ca_target *base, struct ca_image_info *info)
{
	const struct image_target *t = (const struct image_target *)base;
	static const char *const names[] = { "docker-archive", "oci-dir",
		"oci-archive", "registry" };

	memset(info, 0, sizeof(*info));
	info->reference = t->man.reference ? t->man.reference : t->source;
	info->format = names[t->format];
	info->manifest_digest = t->manifest_digest;
	info->config_digest = t->man.config_digest;
	info->platform = t->cfg.platform;
	info->user = t->cfg.user;
	info->layers = t->man.layers;
	info->nlayers = t->man.nlayers;
}

void
ca_target_image_errors(const struct ca_target *base,
    void (*fn)(void *arg, const char *path, const char *msg), void *arg)
{
	const struct image_target *t = (const struct image_target *)base;

	for (size_t i = 0; i < t->nerrors; i++)
		fn(arg, t->errors[i].path, t->errors[i].msg);
	if (t->dropped) {
		char msg[96];
		snprintf(msg, sizeof(msg),
		    "image: %zu more entry problems not "
		    "listed",
		    t->dropped);
		fn(arg, t->source, msg);
	}
}

const struct strbuf *
ca_target_image_config_text(const struct ca_target *base)
{
	return &((const struct image_target *)base)->config_text;
}

/* ---- the scan's stream ---- */

int
ca_target_image_stream(struct ca_target *base, size_t layer,
    ca_image_entry_fn *fn, void *arg, char *err, size_t errlen)
{
	struct image_target *t = (struct image_target *)base;
	struct layer_stream ls;
	struct archive_entry *e;
	int r, ret;

	if (layer >= t->man.nlayers)
		return -EINVAL;
	ret = layer_open(t, layer, &ls, NULL, 0);
	if (ret < 0) {
		snprintf(err, errlen, "cannot open layer: %s", strerror(-ret));
		return ret;
	}
	/* A local blob is the one the index pass hashed. A pulled one is
	 * fetched again, and a registry could serve other bytes the second
	 * time: it is hashed again and checked at its end. */
	ls.b->unhashed = !ls.b->http;
	while ((r = layer_next(&ls, &e)) > 0) {
		const char *name = archive_entry_pathname(e), *why;
		char path[PATH_CAP];
		struct ca_image_entry ent;
		struct ca_fh fh;
		struct node *n;

		if (!name || archive_entry_filetype(e) != AE_IFREG ||
		    archive_entry_hardlink(e))
			continue;
		if (ca_image_norm_path(name, path, sizeof(path), &why) < 0 ||
		    !strcmp(path, "/") || is_whiteout(path))
			continue;
		n = lookup(t, path);
		memset(&ent, 0, sizeof(ent));
		ent.path = path;
		ent.layer = layer;
		ent.deleted = !(n && n->entry_layer == layer &&
		    n->entry_ordinal == ls.ordinal);
		ent.st.type = CA_FT_REG;
		ent.st.mode = (uint32_t)archive_entry_perm(e) & 07777;
		ent.st.uid = archive_entry_uid(e);
		ent.st.gid = archive_entry_gid(e);
		ent.st.size = archive_entry_size(e) > 0 ?
		    (uint64_t)archive_entry_size(e) :
		    0;
		ent.st.mtime = archive_entry_mtime(e);
		memset(&fh, 0, sizeof(fh));
		fh.borrowed = true;
		fh.a = ls.a;
		if (fn(arg, &ent, &fh) != 0)
			break;
	}
	if (r < 0) {
		snprintf(err, errlen, "layer is damaged or truncated: %s",
		    archive_error_string(ls.a) ? archive_error_string(ls.a) :
		                                 "read error");
		layer_close(&ls);
		return -EIO;
	}
	if (ls.b->http) {
		ret = blob_check(ls.b, t->man.layers[layer].digest);
		if (ret < 0) {
			snprintf(err, errlen,
			    "layer %zu changed between its two fetches: %s",
			    layer,
			    ret == -EBADMSG ? "it does not match its digest" :
			                      strerror(-ret));
			layer_close(&ls);
			return ret;
		}
	}
	layer_close(&ls);
	return 0;
}

int
ca_target_image_layer_of(struct ca_target *base, const char *path)
{
	struct node *n;

	if (resolve((struct image_target *)base, path, true, &n) < 0 ||
	    n == ((struct image_target *)base)->root)
		return -1;
	return (int)n->entry_layer;
}

int
ca_target_image_open_config(struct ca_target *base, struct ca_fh **out,
    struct ca_stat *st)
{
	struct image_target *t = (struct image_target *)base;
	struct ca_fh *fh = xcalloc(1, sizeof(*fh));

	fh->mem = t->config_text.buf;
	fh->len = t->config_text.len;
	memset(st, 0, sizeof(*st));
	st->type = CA_FT_REG;
	st->mode = 0644; /* whoever pulls the image reads it */
	st->size = fh->len;
	*out = fh;
	return 0;
}

/* ---- target operations ---- */

/* Resolves 'path' inside the image, following symlinks (the last one too
 * when 'follow'). Returns 0 with the node, or -errno. */
static int
resolve(const struct image_target *t, const char *path, bool follow,
    struct node **out)
{
	char cur[PATH_CAP] = "", rest[2 * PATH_CAP], cand[PATH_CAP];
	int links = 0;

	if (snprintf(rest, sizeof(rest), "%s", path) >= (int)sizeof(rest))
		return -ENAMETOOLONG;
	for (;;) {
		char *p = rest, comp[PATH_CAP];
		size_t n;
		struct node *node;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		n = strcspn(p, "/");
		if (n >= sizeof(comp))
			return -ENAMETOOLONG;
		memcpy(comp, p, n);
		comp[n] = '\0';
		memmove(rest, p + n, strlen(p + n) + 1);
		if (!strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			char *slash = strrchr(cur, '/');
			if (slash)
				*slash = '\0';
			continue;
		}
		if (snprintf(cand, sizeof(cand), "%s/%s", cur, comp) >=
		    (int)sizeof(cand))
			return -ENAMETOOLONG;
		node = lookup(t, cand);
		if (!node)
			return -ENOENT;
		if (node->type == CA_FT_LNK && (rest[0] || follow)) {
			char tmp[2 * PATH_CAP];
			if (++links > MAX_LINKS)
				return -ELOOP;
			if (snprintf(tmp, sizeof(tmp), "%s/%s", node->link,
			        rest) >= (int)sizeof(tmp))
				return -ENAMETOOLONG;
			memcpy(rest, tmp, strlen(tmp) + 1);
			if (node->link[0] == '/')
				cur[0] = '\0';
			continue;
		}
		if (rest[strspn(rest, "/")] && node->type != CA_FT_DIR)
			return -ENOTDIR;
		memcpy(cur, cand, strlen(cand) + 1);
	}
	*out = lookup(t, cur[0] ? cur : "/");
	return *out ? 0 : -ENOENT;
}

static void
node_stat(const struct node *n, struct ca_stat *st)
{
	st->type = n->type;
	st->mode = n->mode;
	st->uid = n->uid;
	st->gid = n->gid;
	st->size = n->size;
	st->mtime = n->mtime;
}

static int
image_open_dir(struct ca_target *base, const char *path, struct ca_dir **out)
{
	struct node *n;
	int ret = resolve((struct image_target *)base, path, true, &n);

	if (ret < 0)
		return ret;
	if (n->type != CA_FT_DIR)
		return -ENOTDIR;
	*out = xcalloc(1, sizeof(**out));
	(*out)->t = (struct image_target *)base;
	(*out)->dir = n;
	(*out)->next = n->child;
	return 0;
}

static int
image_next_entry(struct ca_dir *d, struct ca_dirent *ent)
{
	if (!d->next)
		return 0;
	ent->name = d->next->name;
	ent->type = d->next->type;
	d->next = d->next->next;
	return 1;
}

static void
image_close_dir(struct ca_dir *d)
{
	free(d);
}

static int
image_open_file(struct ca_target *base, const char *path, struct ca_fh **out,
    struct ca_stat *st)
{
	struct image_target *t = (struct image_target *)base;
	struct archive_entry *e;
	struct ca_fh *fh;
	struct node *n;
	int r, ret = resolve(t, path, true, &n);

	if (ret < 0)
		return ret;
	if (n->type == CA_FT_DIR)
		return -EISDIR;
	if (n->type != CA_FT_REG)
		return -EINVAL;
	fh = xcalloc(1, sizeof(*fh));
	fh->own_stream = true;
	ret = layer_open(t, n->layer, &fh->ls, NULL, 0);
	if (ret < 0) {
		free(fh);
		return ret;
	}
	while ((r = layer_next(&fh->ls, &e)) > 0 && fh->ls.ordinal < n->ordinal)
		;
	if (r <= 0 || fh->ls.ordinal != n->ordinal) {
		layer_close(&fh->ls);
		free(fh);
		return -EIO;
	}
	fh->a = fh->ls.a;
	node_stat(n, st);
	*out = fh;
	return 0;
}

static int
image_open_entry(struct ca_dir *d, const char *name, struct ca_fh **out,
    struct ca_stat *st)
{
	char path[PATH_CAP];

	if (snprintf(path, sizeof(path), "%s/%s",
	        strcmp(d->dir->path, "/") ? d->dir->path : "",
	        name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	return image_open_file(&d->t->base, path, out, st);
}

static ssize_t
image_read(struct ca_fh *fh, void *buf, size_t len)
{
	la_ssize_t n;

	if (fh->mem) {
		size_t left = fh->len - fh->off;
		if (len > left)
			len = left;
		memcpy(buf, fh->mem + fh->off, len);
		fh->off += len;
		return (ssize_t)len;
	}
	n = archive_read_data(fh->a, buf, len);
	return n < 0 ? -EIO : (ssize_t)n;
}

static void
image_close_file(struct ca_fh *fh)
{
	if (fh->borrowed)
		return;
	if (fh->own_stream)
		layer_close(&fh->ls);
	free(fh);
}

static int
image_stat_path(struct ca_target *base, const char *path, struct ca_stat *st)
{
	struct node *n;
	int ret = resolve((struct image_target *)base, path, true, &n);

	if (ret < 0)
		return ret;
	node_stat(n, st);
	return 0;
}

static const struct ca_target_ops image_ops = {
	.kind = "image",
	.open_dir = image_open_dir,
	.next_entry = image_next_entry,
	.open_entry = image_open_entry,
	.close_dir = image_close_dir,
	.open_file = image_open_file,
	.read = image_read,
	.close_file = image_close_file,
	.stat_path = image_stat_path,
	.free = image_free,
};
