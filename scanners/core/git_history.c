/* git_history.c - scan --git-history: a secret committed once stays in
 * every clone, deleted or not. After the walk, each git directory it met
 * (a work tree's .git, a bare repository, or a PATH that is one) is read
 * through libgit2:
 *
 *   1. the starting ids: HEAD, every loose ref under refs/ (branches,
 *      tags, remote-tracking branches, the stash), packed-refs, and every
 *      reflog under logs/ (so the older stash entries and rewritten
 *      commits count too);
 *   2. every commit reachable from them, each once, parents included;
 *   3. the commits oldest first, and in each its tree, skipping any tree
 *      already seen: each blob is met once, with the commit and path
 *      where it first appears, in time linear in the objects (not in
 *      commits times tree size);
 *   4. each blob once, with the content rules, by the scan's workers,
 *      as "GITDIR!PATH" with the commit, its author and date, whether the
 *      blob is still in HEAD's tree and whether the commit is on a
 *      remote-tracking branch (pushed).
 *
 * Confinement. libgit2 never opens the repository: no config is read (so
 * no include escapes) and objects/info/alternates is never followed (an
 * object only there is missing, and counted in a note). The object
 * database is built by hand: loose objects come through the target
 * (loose_backend below); each pack is opened through the target and
 * handed to libgit2 as a symlink, in a private 0700 directory, to
 * /proc/self/fd/N, so the pack libgit2 maps is the confined one.
 *
 * Bounds: blobs larger than --max-file-size (and binary ones) are
 * skipped, and a repository stops after HIST_MAX_BLOBS blobs or
 * HIST_MAX_BYTES bytes read, with a note. */
#define CA_SCANNER_ALLOW_OS 1 /* mkdtemp, symlink: the private pack links */
#include "lib/compat.h"
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include "lib/arena.h"
#include "lib/hash.h"
#include "lib/log.h"
#include "lib/str.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "scanners/core/git_loose.h"
#include "scanners/core/git_refs.h"
#include "scanners/core/redact_gate.h"
#include "scanners/core/run_p.h"
#include "lib/banned.h"

#define HIST_MAX_BLOBS     2000000u             /* per repository */
#define HIST_MAX_BYTES     ((uint64_t)16 << 30) /* read, per repository */
#define HIST_MAX_COMMITS   5000000u
#define HIST_MAX_PACKS     512
#define HIST_MAX_REF_FILES 100000
#define HIST_REF_CAP       ((size_t)64 << 20)  /* packed-refs, a reflog */
#define LOOSE_CAP          ((size_t)256 << 20) /* a loose object, inflated */
#define TREE_DEPTH         256
#define NONE               UINT32_MAX

/* ---- a map from object id to an index ------------------------------- */

struct oidmap {
	git_oid *keys;
	uint32_t *vals; /* NONE: empty slot */
	size_t cap, n;
};

static size_t
oid_slot(const git_oid *id, size_t cap)
{
	uint64_t h;

	memcpy(&h, id->id, sizeof(h)); /* an id is already a hash */
	return (size_t)(h & (cap - 1));
}

static void
oidmap_grow(struct oidmap *m)
{
	struct oidmap g;

	g.cap = m->cap ? m->cap * 2 : 1024;
	g.n = 0;
	g.keys = xcalloc(g.cap, sizeof(*g.keys));
	g.vals = xmalloc(g.cap * sizeof(*g.vals));
	for (size_t i = 0; i < g.cap; i++)
		g.vals[i] = NONE;
	for (size_t i = 0; i < m->cap; i++) {
		size_t s;

		if (m->vals[i] == NONE)
			continue;
		s = oid_slot(&m->keys[i], g.cap);
		while (g.vals[s] != NONE)
			s = (s + 1) & (g.cap - 1);
		g.keys[s] = m->keys[i];
		g.vals[s] = m->vals[i];
		g.n++;
	}
	free(m->keys);
	free(m->vals);
	*m = g;
}

/* The value of 'id', or NONE. */
static uint32_t
oidmap_get(const struct oidmap *m, const git_oid *id)
{
	if (!m->cap)
		return NONE;
	for (size_t s = oid_slot(id, m->cap); m->vals[s] != NONE;
	     s = (s + 1) & (m->cap - 1))
		if (!git_oid_cmp(&m->keys[s], id))
			return m->vals[s];
	return NONE;
}

/* Puts 'id' -> 'val' unless 'id' is there. Returns the value it has
 * now: 'val' when it was added. */
static uint32_t
oidmap_put(struct oidmap *m, const git_oid *id, uint32_t val)
{
	size_t s;

	if ((m->n + 1) * 2 > m->cap)
		oidmap_grow(m);
	for (s = oid_slot(id, m->cap); m->vals[s] != NONE;
	     s = (s + 1) & (m->cap - 1))
		if (!git_oid_cmp(&m->keys[s], id))
			return m->vals[s];
	m->keys[s] = *id;
	m->vals[s] = val;
	m->n++;
	return val;
}

static void
oidmap_free(struct oidmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---- loose objects, through the target ------------------------------ */

struct loose_backend {
	git_odb_backend parent;
	struct ca_target *t;
	char *objdir; /* target path of objects/, owned */
};

/* Inflates the loose object 'z' ('zlen' bytes): its type and size from
 * the header, and with 'out' its contents into a buffer from 'b'.
 * Returns 0 or a GIT_E* code. */
static int
loose_inflate(struct loose_backend *b, const unsigned char *z, size_t zlen,
    git_object_t *type, size_t *size, void **out)
{
	enum ca_git_type t;
	unsigned char *data;

	if (ca_git_loose_header(z, zlen, LOOSE_CAP, &t, size) < 0)
		goto bad;
	*type = (git_object_t)t;
	if (!out)
		return 0;
	data = git_odb_backend_data_alloc(&b->parent, *size + 1);
	if (!data)
		goto bad;
	if (ca_git_loose_body(z, zlen, data, *size) < 0) {
		git_odb_backend_data_free(&b->parent, data);
		goto bad;
	}
	data[*size] = '\0';
	*out = data;
	return 0;
bad:
	git_error_set_str(GIT_ERROR_ODB, "malformed loose object");
	return GIT_ERROR;
}

/* Reads loose object 'id' into 'sb'. Returns 0, GIT_ENOTFOUND or
 * GIT_ERROR. */
static int
loose_read_file(struct loose_backend *b, const git_oid *id, struct strbuf *sb)
{
	char hex[GIT_OID_HEXSZ + 1], path[4200];
	int ret;

	git_oid_tostr(hex, sizeof(hex), id);
	if ((size_t)snprintf(path, sizeof(path), "%s/%.2s/%s", b->objdir, hex,
	        hex + 2) >= sizeof(path))
		return GIT_ENOTFOUND;
	ret = ca_target_read(b->t, path, sb, LOOSE_CAP, NULL);
	if (ret == -ENOENT || ret == -ENOTDIR || ret == -EINVAL)
		return GIT_ENOTFOUND;
	if (ret < 0) {
		git_error_set_str(GIT_ERROR_ODB, "cannot read a loose object");
		return GIT_ERROR;
	}
	return 0;
}

static int
loose_read(void **out, size_t *len, git_object_t *type, git_odb_backend *be,
    const git_oid *id)
{
	struct loose_backend *b = (struct loose_backend *)be;
	struct strbuf sb = STRBUF_INIT(LOOSE_CAP);
	int ret = loose_read_file(b, id, &sb);

	if (!ret)
		ret = loose_inflate(b, (const unsigned char *)sb.buf, sb.len,
		    type, len, out);
	strbuf_release(&sb);
	return ret;
}

static int
loose_read_header(size_t *len, git_object_t *type, git_odb_backend *be,
    const git_oid *id)
{
	struct loose_backend *b = (struct loose_backend *)be;
	struct strbuf sb = STRBUF_INIT(LOOSE_CAP);
	int ret = loose_read_file(b, id, &sb);

	if (!ret)
		ret = loose_inflate(b, (const unsigned char *)sb.buf, sb.len,
		    type, len, NULL);
	strbuf_release(&sb);
	return ret;
}

static int
loose_exists(git_odb_backend *be, const git_oid *id)
{
	struct loose_backend *b = (struct loose_backend *)be;
	char hex[GIT_OID_HEXSZ + 1], path[4200];
	struct ca_stat st;

	git_oid_tostr(hex, sizeof(hex), id);
	snprintf(path, sizeof(path), "%s/%.2s/%s", b->objdir, hex, hex + 2);
	return b->t->ops->stat_path(b->t, path, &st) == 0 &&
	    st.type == CA_FT_REG;
}

/* Every loose object: objects/XX/YYYY..., listed through the target.
 * Only --all-objects asks, and libgit2 calls every backend's foreach. */
static int
loose_foreach(git_odb_backend *be, git_odb_foreach_cb cb, void *payload)
{
	struct loose_backend *b = (struct loose_backend *)be;
	struct ca_target *t = b->t;

	for (int i = 0; i < 256; i++) {
		char dir[4200], hex[GIT_OID_HEXSZ + 1];
		struct ca_dir *d;
		struct ca_dirent ent;
		int ret = 0;

		snprintf(dir, sizeof(dir), "%s/%02x", b->objdir, i);
		if (t->ops->open_dir(t, dir, &d) < 0)
			continue;
		while (!ret && t->ops->next_entry(d, &ent) > 0) {
			git_oid id;

			if (ent.type != CA_FT_REG ||
			    strlen(ent.name) != GIT_OID_HEXSZ - 2)
				continue;
			snprintf(hex, sizeof(hex), "%02x%s", i, ent.name);
			if (git_oid_fromstr(&id, hex) == 0)
				ret = cb(&id, payload);
		}
		t->ops->close_dir(d);
		if (ret)
			return ret;
	}
	return 0;
}

static void
loose_free(git_odb_backend *be)
{
	struct loose_backend *b = (struct loose_backend *)be;

	free(b->objdir);
	free(b);
}

static git_odb_backend *
loose_backend_new(struct ca_target *t, const char *objdir)
{
	struct loose_backend *b = xcalloc(1, sizeof(*b));

	git_odb_init_backend(&b->parent, GIT_ODB_BACKEND_VERSION);
	b->parent.read = loose_read;
	b->parent.read_header = loose_read_header;
	b->parent.exists = loose_exists;
	b->parent.foreach = loose_foreach;
	b->parent.free = loose_free;
	b->t = t;
	b->objdir = xstrdup(objdir);
	return &b->parent;
}

/* ---- one repository --------------------------------------------------- */

struct commit_ent {
	git_oid id;
	int64_t time;     /* committer time, for oldest-first order */
	uint32_t parents; /* index of its first parent in 'parents' */
	uint32_t nparents;
	bool pushed;
};

struct blob_ent {
	git_oid id;
	uint32_t commit;  /* where it first appears; NONE: unreachable */
	const char *path; /* there, in the arena */
};

/* A pack opened through the target, named for libgit2 by a link. */
struct pack_link {
	struct ca_fh *idx, *pack;
	char *idx_link, *pack_link;
};

struct hist {
	struct ca_run *r;
	const char *gitdir; /* target path, borrowed */
	struct ca_stat st;  /* of its HEAD, for the sightings */
	char *farm;         /* the private link directory, owned */
	struct pack_link *packs;
	size_t npacks;
	git_odb *odb; /* the walk's own */
	git_repository *repo;

	git_oid *roots; /* every starting id */
	size_t nroots, caproots;
	size_t npushed_roots; /* roots[0 .. npushed_roots) are the
	                       * remote-tracking ones */
	git_oid head;
	bool have_head;

	struct commit_ent *commits;
	size_t ncommits, capcommits;
	uint32_t *parents;
	size_t nparents, capparents;
	struct oidmap commit_idx;
	struct oidmap trees; /* seen trees (value unused) */
	struct oidmap blob_idx;
	struct blob_ent *blobs;
	size_t nblobs, capblobs;
	struct oidmap head_blobs; /* blobs of HEAD's tree */
	size_t unreachable;       /* blobs only --all-objects finds */
	struct arena *arena;      /* blob paths */
	uint64_t missing;         /* objects not there */
	uint64_t bad_refs;        /* malformed ref files */
	size_t ref_files;

	/* the blob pass, shared by its threads */
	size_t next;      /* atomic: next blob to take */
	uint64_t bytes;   /* atomic */
	uint64_t skipped; /* atomic: too large or unreadable */
	bool capped;      /* atomic-ish: a bound was hit */
	pthread_mutex_t lock;
};

static void
add_root(struct hist *h, const git_oid *id)
{
	if (h->nroots == h->caproots) {
		h->caproots = h->caproots ? h->caproots * 2 : 64;
		h->roots = xrealloc(h->roots, h->caproots * sizeof(*h->roots));
	}
	h->roots[h->nroots++] = *id;
}

static int
root_cb(const unsigned char oid[CA_GIT_OID_RAW], void *arg)
{
	git_oid id;

	memset(&id, 0, sizeof(id)); /* a SHA-256 build's oid is larger */
	memcpy(id.id, oid, CA_GIT_OID_RAW);
	add_root(arg, &id);
	return 0;
}

/* Reads a small file of the repository ("HEAD", "packed-refs") into
 * 'sb'; 0 or -errno. */
static int
read_git_file(struct hist *h, const char *name, struct strbuf *sb, size_t cap)
{
	char path[4200];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", h->gitdir, name) >=
	    sizeof(path))
		return -ENAMETOOLONG;
	strbuf_reset(sb);
	return ca_target_read(h->r->t, path, sb, cap, NULL);
}

/* Every loose ref under the target directory 'dir' (borrowed): remote
 * ones only when 'remote' is set. Each file counts against the bound. */
static void
walk_refs(struct hist *h, const char *dir, int depth,
    void (*on_file)(struct hist *, const char *, const struct strbuf *))
{
	struct ca_target *t = h->r->t;
	struct ca_dir *d;
	struct ca_dirent ent;
	struct strbuf sb = STRBUF_INIT(HIST_REF_CAP);

	if (depth > 32 || t->ops->open_dir(t, dir, &d) < 0)
		return;
	while (t->ops->next_entry(d, &ent) > 0) {
		size_t n = strlen(dir) + strlen(ent.name) + 2;
		char *full = xmalloc(n);

		snprintf(full, n, "%s/%s", dir, ent.name);
		if (ent.type == CA_FT_DIR) {
			walk_refs(h, full, depth + 1, on_file);
		} else if (h->ref_files++ < HIST_MAX_REF_FILES) {
			strbuf_reset(&sb);
			if (ca_target_read(t, full, &sb, HIST_REF_CAP, NULL) ==
			    0)
				on_file(h, full, &sb);
		}
		free(full);
	}
	t->ops->close_dir(d);
	strbuf_release(&sb);
}

static void
on_loose_ref(struct hist *h, const char *path, const struct strbuf *sb)
{
	unsigned char oid[CA_GIT_OID_RAW];
	const char *target;
	size_t tn;

	(void)path;
	switch (ca_git_loose_ref(sb->buf, sb->len, oid, &target, &tn)) {
	case 1:
		root_cb(oid, h);
		break;
	case 2:
		break; /* symbolic (origin/HEAD): it names a ref seen anyway */
	default:
		h->bad_refs++;
		break;
	}
}

static void
on_reflog(struct hist *h, const char *path, const struct strbuf *sb)
{
	(void)path;
	if (ca_git_reflog_each(sb->buf, sb->len, root_cb, h) < 0)
		h->bad_refs++;
}

/* HEAD, resolved through loose refs and packed-refs (one level of
 * "ref:", as git writes it). */
static void
resolve_head(struct hist *h, const struct strbuf *packed)
{
	struct strbuf sb = STRBUF_INIT(4096);
	unsigned char oid[CA_GIT_OID_RAW];
	const char *target;
	size_t tn;
	int kind;

	if (read_git_file(h, "HEAD", &sb, 4096) < 0)
		goto out;
	kind = ca_git_loose_ref(sb.buf, sb.len, oid, &target, &tn);
	if (kind == 2) {
		char name[1024];

		if (tn >= sizeof(name) || memmem(target, tn, "..", 2))
			goto out;
		memcpy(name, target, tn);
		name[tn] = '\0';
		if (ca_git_packed_refs_find(packed->buf, packed->len, name, tn,
		        oid) == 1)
			kind = 1;
		if (read_git_file(h, name, &sb, 4096) == 0 &&
		    ca_git_loose_ref(sb.buf, sb.len, oid, &target, &tn) == 1)
			kind = 1;
	}
	if (kind == 1) {
		memcpy(h->head.id, oid, CA_GIT_OID_RAW);
		h->have_head = true;
		add_root(h, &h->head);
	}
out:
	strbuf_release(&sb);
}

/* The starting ids: remote-tracking ones first (they decide "pushed"),
 * then HEAD, all refs, packed-refs and every reflog. */
static void
collect_roots(struct hist *h)
{
	struct strbuf packed = STRBUF_INIT(HIST_REF_CAP);
	char dir[4200];

	if (read_git_file(h, "packed-refs", &packed, HIST_REF_CAP) < 0)
		strbuf_reset(&packed);
	if (ca_git_packed_refs_each(packed.buf, packed.len, true, root_cb, h) <
	    0)
		h->bad_refs++;
	snprintf(dir, sizeof(dir), "%s/refs/remotes", h->gitdir);
	walk_refs(h, dir, 0, on_loose_ref);
	h->npushed_roots = h->nroots;
	resolve_head(h, &packed);
	(void)ca_git_packed_refs_each(packed.buf, packed.len, false, root_cb,
	    h);
	snprintf(dir, sizeof(dir), "%s/refs", h->gitdir);
	walk_refs(h, dir, 0, on_loose_ref);
	snprintf(dir, sizeof(dir), "%s/logs", h->gitdir);
	walk_refs(h, dir, 0, on_reflog);
	strbuf_release(&packed);
}

/* ---- the object database ---------------------------------------------- */

static int
path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Opens every objects/pack/NAME.idx with its NAME.pack through the target
 * and links both from the private directory, for libgit2. */
static void
open_packs(struct hist *h)
{
	struct ca_target *t = h->r->t;
	struct ca_dir *d;
	struct ca_dirent ent;
	char dir[4200];
	char **names = NULL;
	size_t nnames = 0;

	snprintf(dir, sizeof(dir), "%s/objects/pack", h->gitdir);
	if (t->ops->open_dir(t, dir, &d) < 0)
		return;
	while (t->ops->next_entry(d, &ent) > 0 && nnames < HIST_MAX_PACKS)
		if (ca_ends_with(ent.name, ".idx") && ent.type != CA_FT_DIR) {
			names = xrealloc(names, (nnames + 1) * sizeof(*names));
			names[nnames++] = xstrdup(ent.name);
		}
	t->ops->close_dir(d);
	if (nnames)
		qsort(names, nnames, sizeof(*names), path_cmp);
	if (nnames && !t->ops->fh_fd) {
		ca_inventory_add_error(h->r->inv, h->gitdir,
		    "git history: "
		    "packs cannot be read from this target; only loose "
		    "objects were scanned");
	} else if (nnames) {
		const char *base = getenv("TMPDIR");
		char tmpl[4096];

		snprintf(tmpl, sizeof(tmpl), "%s/credatlas-git.XXXXXX",
		    base && *base ? base : "/tmp");
		if (mkdtemp(tmpl))
			h->farm = xstrdup(tmpl);
		else
			ca_inventory_add_error(h->r->inv, h->gitdir,
			    "git history: "
			    "cannot create a private directory; packs skipped");
	}
	for (size_t i = 0; h->farm && i < nnames; i++) {
		struct pack_link pl;
		struct ca_stat st;
		char path[4400], fdpath[64];
		size_t n = strlen(names[i]) - 4;

		memset(&pl, 0, sizeof(pl));
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (t->ops->open_file(t, path, &pl.idx, &st) < 0)
			continue;
		snprintf(path, sizeof(path), "%s/%.*s.pack", dir, (int)n,
		    names[i]);
		if (t->ops->open_file(t, path, &pl.pack, &st) < 0 ||
		    t->ops->fh_fd(pl.idx) < 0 || t->ops->fh_fd(pl.pack) < 0) {
			t->ops->close_file(pl.idx);
			if (pl.pack)
				t->ops->close_file(pl.pack);
			h->missing++;
			continue;
		}
		n = strlen(h->farm) + 32;
		pl.idx_link = xmalloc(n);
		pl.pack_link = xmalloc(n);
		snprintf(pl.idx_link, n, "%s/p%zu.idx", h->farm, i);
		snprintf(pl.pack_link, n, "%s/p%zu.pack", h->farm, i);
		snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d",
		    t->ops->fh_fd(pl.idx));
		if (symlink(fdpath, pl.idx_link) == 0) {
			snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d",
			    t->ops->fh_fd(pl.pack));
			if (symlink(fdpath, pl.pack_link) == 0) {
				h->packs = xrealloc(h->packs,
				    (h->npacks + 1) * sizeof(*h->packs));
				h->packs[h->npacks++] = pl;
				continue;
			}
			unlink(pl.idx_link);
		}
		t->ops->close_file(pl.idx);
		t->ops->close_file(pl.pack);
		free(pl.idx_link);
		free(pl.pack_link);
	}
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
}

static void
close_packs(struct hist *h)
{
	for (size_t i = 0; i < h->npacks; i++) {
		unlink(h->packs[i].idx_link);
		unlink(h->packs[i].pack_link);
		free(h->packs[i].idx_link);
		free(h->packs[i].pack_link);
		h->r->t->ops->close_file(h->packs[i].idx);
		h->r->t->ops->close_file(h->packs[i].pack);
	}
	free(h->packs);
	h->packs = NULL;
	h->npacks = 0;
	if (h->farm) {
		rmdir(h->farm);
		free(h->farm);
		h->farm = NULL;
	}
}

/* A database of the repository's own objects, no alternates; one per
 * thread (libgit2 objects are not shared between threads). Returns 0
 * with an owned odb and a repository wrapping it, or -1. */
static int
odb_open(struct hist *h, git_odb **odb, git_repository **repo)
{
	char objdir[4200];
	git_odb_backend *b;

	*odb = NULL;
	*repo = NULL;
	if (git_odb_new(odb) < 0)
		return -1;
	snprintf(objdir, sizeof(objdir), "%s/objects", h->gitdir);
	if (git_odb_add_backend(*odb, loose_backend_new(h->r->t, objdir), 1) <
	    0)
		goto fail;
	for (size_t i = 0; i < h->npacks; i++) {
		if (git_odb_backend_one_pack(&b, h->packs[i].idx_link) < 0) {
			/* each blob worker opens its own: a pack that will
			 * not open is counted by the walk's odb only */
			if (odb == &h->odb)
				h->missing++;
			continue;
		}
		if (git_odb_add_backend(*odb, b, 2) < 0) {
			b->free(b);
			goto fail;
		}
	}
	if (git_repository_wrap_odb(repo, *odb) < 0)
		goto fail;
	return 0;
fail:
	git_odb_free(*odb);
	*odb = NULL;
	return -1;
}

/* ---- commits and trees ------------------------------------------------ */

/* The index of commit 'id', added (unvisited) when new. */
static uint32_t
commit_slot(struct hist *h, const git_oid *id)
{
	uint32_t i = oidmap_get(&h->commit_idx, id);

	if (i != NONE || h->ncommits >= HIST_MAX_COMMITS)
		return i;
	if (h->ncommits == h->capcommits) {
		h->capcommits = h->capcommits ? h->capcommits * 2 : 1024;
		h->commits = xrealloc(h->commits,
		    h->capcommits * sizeof(*h->commits));
	}
	i = (uint32_t)h->ncommits++;
	memset(&h->commits[i], 0, sizeof(h->commits[i]));
	h->commits[i].id = *id;
	h->commits[i].time = INT64_MIN; /* not read yet */
	oidmap_put(&h->commit_idx, id, i);
	return i;
}

static void
add_parent(struct hist *h, uint32_t p)
{
	if (h->nparents == h->capparents) {
		h->capparents = h->capparents ? h->capparents * 2 : 1024;
		h->parents = xrealloc(h->parents,
		    h->capparents * sizeof(*h->parents));
	}
	h->parents[h->nparents++] = p;
}

/* A root peeled to its commit (annotated tags, tags of tags); NONE for
 * a tree, a blob or a missing object. */
static uint32_t
root_commit(struct hist *h, const git_oid *root)
{
	git_oid id = *root;

	for (int depth = 0; depth < 16; depth++) {
		git_object *o;
		git_object_t type;

		if (git_object_lookup(&o, h->repo, &id, GIT_OBJECT_ANY) < 0) {
			h->missing++;
			return NONE;
		}
		type = git_object_type(o);
		if (type == GIT_OBJECT_COMMIT) {
			git_object_free(o);
			return commit_slot(h, &id);
		}
		if (type != GIT_OBJECT_TAG) {
			git_object_free(o);
			return NONE;
		}
		id = *git_tag_target_id((git_tag *)o);
		git_object_free(o);
	}
	return NONE;
}

/* Every commit reachable from the roots, each read once: its time and
 * its parents. A missing commit (shallow clone, an alternate outside the
 * root, corruption) is counted and passed over. */
static void
walk_commits(struct hist *h)
{
	uint32_t *stack = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < h->nroots; i++) {
		uint32_t c = root_commit(h, &h->roots[i]);

		if (c == NONE)
			continue;
		if (i < h->npushed_roots)
			h->commits[c].pushed = true;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			stack = xrealloc(stack, cap * sizeof(*stack));
		}
		stack[n++] = c;
	}
	while (n) {
		uint32_t c = stack[--n];
		git_commit *cm;
		unsigned int np;

		if (h->commits[c].time != INT64_MIN)
			continue;
		if (git_commit_lookup(&cm, h->repo, &h->commits[c].id) < 0) {
			h->commits[c].time =
			    INT64_MAX; /* missing: never read */
			h->missing++;
			continue;
		}
		h->commits[c].time = git_commit_time(cm);
		np = git_commit_parentcount(cm);
		h->commits[c].parents = (uint32_t)h->nparents;
		for (unsigned int k = 0; k < np; k++) {
			uint32_t p = commit_slot(h,
			    git_commit_parent_id(cm, k));

			if (p == NONE)
				continue;
			add_parent(h, p);
			h->commits[c].nparents++;
			if (h->commits[p].time == INT64_MIN) {
				if (n == cap) {
					cap = cap * 2;
					stack = xrealloc(stack,
					    cap * sizeof(*stack));
				}
				stack[n++] = p;
			}
		}
		git_commit_free(cm);
	}
	/* pushed: every ancestor of a remote-tracking commit */
	for (size_t i = 0; i < h->ncommits; i++)
		if (h->commits[i].pushed) {
			if (n == cap) {
				cap = cap ? cap * 2 : 1024;
				stack = xrealloc(stack, cap * sizeof(*stack));
			}
			stack[n++] = (uint32_t)i;
		}
	while (n) {
		const struct commit_ent *ce = &h->commits[stack[--n]];

		for (uint32_t k = 0; k < ce->nparents; k++) {
			uint32_t p = h->parents[ce->parents + k];

			if (h->commits[p].pushed)
				continue;
			h->commits[p].pushed = true;
			if (n == cap) {
				cap = cap ? cap * 2 : 1024;
				stack = xrealloc(stack, cap * sizeof(*stack));
			}
			stack[n++] = p;
		}
	}
	free(stack);
}

/* Walks tree 'id' with path 'prefix' ('plen' bytes of 'path'): each
 * subtree not seen before, each new blob recorded for commit 'c'. With
 * 'head' set, every blob goes into head_blobs instead and 'trees' is
 * not consulted. */
static void
walk_tree(struct hist *h, const git_oid *id, struct strbuf *path, uint32_t c,
    bool head, struct oidmap *seen, int depth)
{
	git_tree *tree;
	size_t plen = path->len, count;

	if (depth > TREE_DEPTH)
		return;
	if (git_tree_lookup(&tree, h->repo, id) < 0) {
		h->missing++;
		return;
	}
	count = git_tree_entrycount(tree);
	for (size_t i = 0; i < count; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const git_oid *eid = git_tree_entry_id(e);
		git_object_t type = git_tree_entry_type(e);

		if (type == GIT_OBJECT_TREE) {
			size_t before = seen->n;

			oidmap_put(seen, eid, 0);
			if (seen->n == before)
				continue; /* seen: its blobs are known */
			strbuf_setlen(path, plen);
			if (plen)
				strbuf_addch(path, '/');
			strbuf_addstr(path, git_tree_entry_name(e));
			walk_tree(h, eid, path, c, head, seen, depth + 1);
			continue;
		}
		if (type != GIT_OBJECT_BLOB)
			continue; /* a submodule's commit */
		if (head) {
			oidmap_put(&h->head_blobs, eid, 0);
			continue;
		}
		if (oidmap_get(&h->blob_idx, eid) != NONE ||
		    h->nblobs >= HIST_MAX_BLOBS) {
			if (h->nblobs >= HIST_MAX_BLOBS)
				h->capped = true;
			continue;
		}
		if (h->nblobs == h->capblobs) {
			h->capblobs = h->capblobs ? h->capblobs * 2 : 1024;
			h->blobs = xrealloc(h->blobs,
			    h->capblobs * sizeof(*h->blobs));
		}
		strbuf_setlen(path, plen);
		if (plen)
			strbuf_addch(path, '/');
		strbuf_addstr(path, git_tree_entry_name(e));
		h->blobs[h->nblobs].id = *eid;
		h->blobs[h->nblobs].commit = c;
		h->blobs[h->nblobs].path = arena_strdup(h->arena, path->buf);
		oidmap_put(&h->blob_idx, eid, (uint32_t)h->nblobs);
		h->nblobs++;
	}
	strbuf_setlen(path, plen);
	git_tree_free(tree);
}

static const struct hist *sort_hist; /* qsort has no argument */

static int
by_time(const void *a, const void *b)
{
	const struct commit_ent *x = &sort_hist->commits[*(const uint32_t *)a];
	const struct commit_ent *y = &sort_hist->commits[*(const uint32_t *)b];

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return git_oid_cmp(&x->id, &y->id);
}

static pthread_mutex_t sort_lock = PTHREAD_MUTEX_INITIALIZER;

/* The commits oldest first, each tree once: every blob with the commit
 * and path where it first appears. Then HEAD's blobs. */
static void
collect_blobs(struct hist *h)
{
	uint32_t *order = xmalloc((h->ncommits + 1) * sizeof(*order));
	struct strbuf path = STRBUF_INIT(1 << 20);
	size_t n = 0;

	for (size_t i = 0; i < h->ncommits; i++)
		if (h->commits[i].time != INT64_MAX &&
		    h->commits[i].time != INT64_MIN)
			order[n++] = (uint32_t)i;
	pthread_mutex_lock(&sort_lock);
	sort_hist = h;
	qsort(order, n, sizeof(*order), by_time);
	sort_hist = NULL;
	pthread_mutex_unlock(&sort_lock);
	for (size_t i = 0; i < n; i++) {
		git_commit *cm;
		const git_oid *tid;
		size_t before = h->trees.n;

		if (git_commit_lookup(&cm, h->repo, &h->commits[order[i]].id) <
		    0)
			continue;
		tid = git_commit_tree_id(cm);
		oidmap_put(&h->trees, tid, 0);
		if (h->trees.n != before) {
			strbuf_reset(&path);
			walk_tree(h, tid, &path, order[i], false, &h->trees, 0);
		}
		git_commit_free(cm);
	}
	if (h->have_head) {
		git_commit *cm;
		struct oidmap seen;

		memset(&seen, 0, sizeof(seen));
		if (git_commit_lookup(&cm, h->repo, &h->head) == 0) {
			strbuf_reset(&path);
			walk_tree(h, git_commit_tree_id(cm), &path, 0, true,
			    &seen, 0);
			git_commit_free(cm);
		}
		oidmap_free(&seen);
	}
	strbuf_release(&path);
	free(order);
}

/* --all-objects: each blob of the object database that no commit
 * reaches (dropped by a rewrite, left by a stash drop or a reset) gets a
 * place of its own, "(unreachable)/ID", after the reachable ones. */
static int
on_any_object(const git_oid *id, void *arg)
{
	struct hist *h = arg;
	char hex[GIT_OID_HEXSZ + 1], path[GIT_OID_HEXSZ + 16];
	git_object_t type;
	size_t size;

	if (oidmap_get(&h->blob_idx, id) != NONE)
		return 0;
	if (h->nblobs >= HIST_MAX_BLOBS) {
		h->capped = true;
		return 1;
	}
	if (git_odb_read_header(&size, &type, h->odb, id) < 0 ||
	    type != GIT_OBJECT_BLOB)
		return 0;
	if (h->nblobs == h->capblobs) {
		h->capblobs = h->capblobs ? h->capblobs * 2 : 1024;
		h->blobs = xrealloc(h->blobs, h->capblobs * sizeof(*h->blobs));
	}
	git_oid_tostr(hex, sizeof(hex), id);
	snprintf(path, sizeof(path), "(unreachable)/%s", hex);
	h->blobs[h->nblobs].id = *id;
	h->blobs[h->nblobs].commit = NONE;
	h->blobs[h->nblobs].path = arena_strdup(h->arena, path);
	oidmap_put(&h->blob_idx, id, (uint32_t)h->nblobs);
	h->nblobs++;
	h->unreachable++;
	return 0;
}

/* ---- the blobs -------------------------------------------------------- */

struct hist_worker {
	struct hist *h;
	pthread_t thread;
	bool started;
	bool report_progress; /* the calling thread's worker */
};

/* RFC 3339 UTC of a git time. */
static void
git_date(const git_time *t, char out[32])
{
	time_t when = (time_t)t->time;
	struct tm tm;

	if (!gmtime_r(&when, &tm) ||
	    !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, 32, "1970-01-01T00:00:00Z");
}

/* Whether a surface module claims 'path' (borrowed; a blob's path) where
 * the work tree would hold it: its parser, not a keyword guess, decides
 * what in such a file is a secret, on disk and in history alike (a
 * logins.json's encrypted values, a placeholder in a fixture). */
static bool
claimed_in_work_tree(const struct hist *h, const char *path)
{
	const struct ca_scanner *claimed[MAX_CLAIMS];
	size_t dl = strlen(h->gitdir);
	const char *name = strrchr(path, '/');
	char full[4200];

	/* "/p/.git" has its work tree at "/p"; a bare "/srv/p.git" has none,
	 * and its files are matched as if it were one */
	if (dl >= 5 && !strcmp(h->gitdir + dl - 5, "/.git"))
		dl -= 5;
	if ((size_t)snprintf(full, sizeof(full), "%.*s/%s", (int)dl, h->gitdir,
	        path) >= sizeof(full))
		return false;
	return run_match_claims(h->r, full, name ? name + 1 : path, claimed) >
	    0;
}

/* Scans blob 'b' (borrowed) with the content rules, as GITDIR!PATH. */
static void
scan_blob(struct hist *h, struct ca_ctx *ctx, git_odb *odb,
    git_repository *repo, const struct blob_ent *b)
{
	struct ca_run *r = h->r;
	uint64_t limit = r->o->max_file_size < STRUCTURED_CAP ?
	    r->o->max_file_size :
	    STRUCTURED_CAP;
	const struct commit_ent *ce = b->commit == NONE ?
	    NULL :
	    &h->commits[b->commit];
	struct ca_git_origin origin;
	char hex[GIT_OID_HEXSZ + 1], date[32];
	struct ca_file file;
	git_odb_object *obj;
	git_commit *cm = NULL;
	git_object_t type;
	size_t size;
	const char *name;
	char *fpath, *author = NULL;
	uint64_t total;

	if (git_odb_read_header(&size, &type, odb, &b->id) < 0) {
		__atomic_add_fetch(&h->skipped, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&h->missing, 1, __ATOMIC_RELAXED);
		return;
	}
	if (size > limit) {
		__atomic_add_fetch(&h->skipped, 1, __ATOMIC_RELAXED);
		return;
	}
	total = __atomic_add_fetch(&h->bytes, size, __ATOMIC_RELAXED);
	if (total > HIST_MAX_BYTES) {
		__atomic_store_n(&h->capped, true, __ATOMIC_RELAXED);
		return;
	}
	if (git_odb_read(&obj, odb, &b->id) < 0) {
		__atomic_add_fetch(&h->skipped, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&h->missing, 1, __ATOMIC_RELAXED);
		return;
	}
	if (ce)
		git_oid_tostr(hex, sizeof(hex), &ce->id);
	size = strlen(h->gitdir) + strlen(b->path) + 2;
	fpath = xmalloc(size);
	snprintf(fpath, size, "%s!%s", h->gitdir, b->path);
	name = strrchr(b->path, '/');
	memset(&origin, 0, sizeof(origin));
	origin.repo = h->gitdir;
	origin.commit = ce ? hex : NULL;
	origin.path = b->path;
	origin.at_head = oidmap_get(&h->head_blobs, &b->id) != NONE;
	origin.pushed = ce && ce->pushed;
	date[0] = '\0';
	if (ce && git_commit_lookup(&cm, repo, &ce->id) == 0) {
		const git_signature *sig = git_commit_author(cm);

		if (sig) {
			size_t n = strlen(sig->name) + strlen(sig->email) + 4;

			author = xmalloc(n);
			snprintf(author, n, "%s <%s>", sig->name, sig->email);
			git_date(&sig->when, date);
		}
	}
	/* a commit author is as free-form as a file name: gated, and
	 * never kept beyond this blob unless a finding copies it */
	origin.author = author ? ca_gate_str(ctx->gate, ctx->scratch, author) :
	                         NULL;
	origin.date = date[0] ? date : NULL;
	memset(&file, 0, sizeof(file));
	file.path = fpath;
	file.name = name ? name + 1 : b->path;
	file.home = run_home_of(r, h->gitdir);
	file.st = h->st;
	ctx->git = &origin;
	if (run_scan_bytes(ctx, &file, git_odb_object_data(obj),
	        git_odb_object_size(obj), claimed_in_work_tree(h, b->path)))
		ca_wipe((void *)(uintptr_t)git_odb_object_data(obj),
		    git_odb_object_size(obj));
	ctx->git = NULL;
	__atomic_add_fetch(&r->files, 1, __ATOMIC_RELAXED);
	git_odb_object_free(obj);
	git_commit_free(cm);
	free(author);
	free(fpath);
}

static void *
blob_worker(void *arg)
{
	struct hist_worker *w = arg;
	struct hist *h = w->h;
	struct ca_ctx ctx;
	git_odb *odb;
	git_repository *repo;

	if (odb_open(h, &odb, &repo) < 0)
		return NULL;
	if (run_ctx_init(&ctx, h->r) < 0) {
		git_repository_free(repo);
		git_odb_free(odb);
		return NULL;
	}
	for (;;) {
		size_t i = __atomic_fetch_add(&h->next, 1, __ATOMIC_RELAXED);

		if (i >= h->nblobs ||
		    __atomic_load_n(&h->capped, __ATOMIC_RELAXED))
			break;
		scan_blob(h, &ctx, odb, repo, &h->blobs[i]);
		/* the walk's progress line goes on through a long history */
		if (w->report_progress && h->r->o->progress && !(i % 2048)) {
			struct ca_progress p;

			p.files = __atomic_load_n(&h->r->files,
			    __ATOMIC_RELAXED);
			p.bytes = __atomic_load_n(&h->r->bytes,
			    __ATOMIC_RELAXED);
			p.dirs_pending = 0;
			h->r->o->progress(h->r->o->progress_arg, &p);
		}
	}
	run_ctx_release(&ctx);
	git_repository_free(repo);
	git_odb_free(odb);
	return NULL;
}

/* The blobs, by the scan's number of workers. */
static void
scan_blobs(struct hist *h)
{
	unsigned int jobs = h->r->o->jobs ? h->r->o->jobs : 1;
	struct hist_worker *w;
	unsigned int started = 0;

	if (jobs > 64)
		jobs = 64;
	if (jobs > h->nblobs / 64 + 1)
		jobs = (unsigned int)(h->nblobs / 64 + 1);
	w = xcalloc(jobs, sizeof(*w));
	for (unsigned int i = 0; i < jobs; i++) {
		w[i].h = h;
		if (i == 0) {
			w[i].report_progress = true;
			continue; /* this thread is the first worker */
		}
		w[i].started = pthread_create(&w[i].thread, NULL, blob_worker,
		                   &w[i]) == 0;
		started += w[i].started;
	}
	blob_worker(&w[0]);
	for (unsigned int i = 1; i < jobs; i++)
		if (w[i].started)
			pthread_join(w[i].thread, NULL);
	free(w);
	(void)started;
}

/* ---- the pass --------------------------------------------------------- */

static void note(struct hist *h, const char *fmt, ...) CA_PRINTF(2, 3);

static void
note(struct hist *h, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ca_inventory_add_error(h->r->inv, h->gitdir, msg);
}

static void
hist_release(struct hist *h)
{
	git_repository_free(h->repo);
	git_odb_free(h->odb);
	close_packs(h);
	oidmap_free(&h->commit_idx);
	oidmap_free(&h->trees);
	oidmap_free(&h->blob_idx);
	oidmap_free(&h->head_blobs);
	arena_free(h->arena);
	free(h->roots);
	free(h->commits);
	free(h->parents);
	free(h->blobs);
}

static void
scan_repo(struct ca_run *r, const char *gitdir)
{
	struct hist h;
	struct ca_stat st;
	char path[4200];
	bool shallow;

	memset(&h, 0, sizeof(h));
	h.r = r;
	h.gitdir = gitdir;
	h.arena = arena_new(64 * 1024);
	snprintf(path, sizeof(path), "%s/HEAD", gitdir);
	if (r->t->ops->stat_path(r->t, path, &h.st) < 0) {
		arena_free(h.arena);
		return;
	}
	snprintf(path, sizeof(path), "%s/shallow", gitdir);
	shallow = r->t->ops->stat_path(r->t, path, &st) == 0;
	open_packs(&h);
	if (odb_open(&h, &h.odb, &h.repo) < 0) {
		note(&h, "git history: cannot read the object database");
		hist_release(&h);
		return;
	}
	collect_roots(&h);
	walk_commits(&h);
	collect_blobs(&h);
	if (r->o->git_all_objects &&
	    git_odb_foreach(h.odb, on_any_object, &h) < 0)
		note(&h,
		    "git history: cannot list every object; the "
		    "reachable ones were scanned");
	ca_debug("git history: %s: %zu commits, %zu blobs (%zu unreachable)",
	    gitdir, h.ncommits, h.nblobs, h.unreachable);
	scan_blobs(&h);
	if (h.bad_refs)
		note(&h,
		    "git history: %llu malformed ref or reflog files "
		    "passed over",
		    (unsigned long long)h.bad_refs);
	snprintf(path, sizeof(path), "%s/objects/info/alternates", gitdir);
	if (h.missing)
		note(&h,
		    "git history: %llu objects missing or unreadable (%s); "
		    "the rest was scanned",
		    (unsigned long long)h.missing,
		    shallow ? "a shallow clone: its history is cut" :
		        r->t->ops->stat_path(r->t, path, &st) == 0 ?
		              "objects/info/alternates is never followed" :
		              "a corrupt or incomplete repository");
	if (h.capped)
		note(&h,
		    "git history: stopped at the bound of %u blobs or "
		    "%llu GiB read; later blobs were not scanned",
		    HIST_MAX_BLOBS, (unsigned long long)(HIST_MAX_BYTES >> 30));
	if (h.ncommits >= HIST_MAX_COMMITS)
		note(&h, "git history: stopped at the bound of %u commits",
		    HIST_MAX_COMMITS);
	__atomic_add_fetch(&r->skipped, h.skipped, __ATOMIC_RELAXED);
	hist_release(&h);
}

static pthread_once_t git_once = PTHREAD_ONCE_INIT;
static int git_init_ret;

static void
git_init(void)
{
	git_init_ret = git_libgit2_init();
	/* Objects are read, never written; a corrupt one is found by zlib
	 * and the parsers. Hashing every blob again would cost more than
	 * scanning it. */
	if (git_init_ret >= 0) {
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
		/* Each commit and tree is looked at about once, so a big
		 * object cache (256 MiB by default, shared by every
		 * repository) buys nothing: 20k commits reached 720 MiB of
		 * RSS with it, against the scan's 64 MiB budget. */
		git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE,
		    (ssize_t)(4 << 20));
		git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT,
		    (size_t)(256 << 20));
	}
}

bool
run_is_git_dir(struct ca_run *r, const char *path)
{
	char p[4200];
	struct ca_stat st;

	if ((size_t)snprintf(p, sizeof(p), "%s/HEAD", path) >= sizeof(p) ||
	    r->t->ops->stat_path(r->t, p, &st) < 0 || st.type != CA_FT_REG)
		return false;
	snprintf(p, sizeof(p), "%s/objects", path);
	return r->t->ops->stat_path(r->t, p, &st) == 0 && st.type == CA_FT_DIR;
}

void
run_note_git_dir(struct ca_run *r, const char *path)
{
	pthread_mutex_lock(&r->lock);
	for (size_t i = 0; i < r->ngit_dirs; i++)
		if (!strcmp(r->git_dirs[i], path)) {
			pthread_mutex_unlock(&r->lock);
			return;
		}
	r->git_dirs = xrealloc(r->git_dirs,
	    (r->ngit_dirs + 1) * sizeof(*r->git_dirs));
	r->git_dirs[r->ngit_dirs++] = xstrdup(path);
	pthread_mutex_unlock(&r->lock);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
run_scan_git_history(struct ca_run *r)
{
	pthread_once(&git_once, git_init);
	if (git_init_ret < 0) {
		ca_inventory_add_error(r->inv, NULL,
		    "git history: cannot initialise libgit2");
		return;
	}
	/* in path order, so notes and progress do not depend on the walk */
	if (r->ngit_dirs)
		qsort(r->git_dirs, r->ngit_dirs, sizeof(*r->git_dirs), str_cmp);
	for (size_t i = 0; i < r->ngit_dirs; i++)
		scan_repo(r, r->git_dirs[i]);
}

void
run_git_dirs_free(struct ca_run *r)
{
	for (size_t i = 0; i < r->ngit_dirs; i++)
		free(r->git_dirs[i]);
	free(r->git_dirs);
	r->git_dirs = NULL;
	r->ngit_dirs = 0;
}
