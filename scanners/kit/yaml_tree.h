/* yaml_tree.h - a bounded tree of the first YAML document of a file, read
 * with libyaml's event parser into an arena, for the surface modules that
 * parse YAML (gh.c, kube.c, doctl.c, fly.c).
 *
 * A YAML bomb costs one linear pass. Nothing is expanded or copied: an
 * alias shares the value of the scalar anchored under its name (the latest
 * such anchor, as YAML says) and, when the limits allow it, the children
 * of a collection anchored and closed before it; any other alias stands
 * for nothing, so the tree has no cycles. Depth, nodes, aliases and the
 * size of a kept scalar are capped. Shared children mean a walk that
 * visits every node can be exponential: callers look up fixed paths,
 * never walk the whole tree.
 *
 * Scalars may be secrets. They live in the arena and ytree_wipe()
 * overwrites them; libyaml's copies and its input buffers are wiped as
 * the parse goes. Error texts are static and never quote the input.
 *
 * A store of many entries (20k gh hosts, a kubeconfig of thousands of
 * users) is read as a stream (ytree_parse_stream()): each entry at a
 * chosen nesting level is handed to a callback as soon as it is complete,
 * then wiped and released, so the tree holds the skeleton above that
 * level plus one entry, and the node cap bounds one entry, not the file. */
#ifndef CA_YAML_TREE_H
#define CA_YAML_TREE_H

#include "scanners/core/scanner.h"

/* Caps on one parse; a tree past them is an error, except 'scalar': a
 * longer scalar is kept without its value (NULL 'val', real 'len'). */
struct ytree_limits {
	size_t depth;   /* nesting of collections */
	size_t nodes;   /* every node, aliases included */
	size_t aliases; /* alias nodes, and anchors remembered */
	size_t scalar;  /* bytes of a kept scalar */
	/* An alias of a closed collection shares its children; when false it
	 * stands for nothing and only scalars can be aliased. */
	bool share_collections;
};

/* Depth 64, 200000 nodes, 1024 aliases, 1 MiB scalars, shared
 * collections. */
extern const struct ytree_limits ytree_default_limits;

enum ynode_type { YN_NONE, YN_SCALAR, YN_MAP, YN_SEQ };

/* One node; everything lives in the tree's arena. */
struct ynode {
	enum ynode_type type;
	char *val;          /* scalar bytes, NUL-terminated, or NULL */
	size_t len;         /* scalar length, even when too long to keep */
	unsigned int line;  /* 1-based line where the node starts */
	struct ynode *kids; /* maps: key, value, key, value...; seqs */
	struct ynode *last_kid, *next;
	struct ynode *all_next; /* owned scalar copies, for wiping */
	size_t nkids;           /* collections: children so far */
	const char *anchor;
	bool shared; /* 'val'/'kids' belong to an anchored node */
	bool closed; /* a collection whose end has been seen */
};

struct ytree;

/* Called with each complete entry of a collection open at stack level
 * 'level' (1: the root's entries; 2: the entries of the root's values):
 * 'key' is NULL in a sequence. Both are released when it returns; an
 * anchored node inside them is kept for later aliases (a copy, counted
 * against the node cap), unless it is a collection holding an alias. */
typedef void ytree_entry_fn(void *arg, const struct ytree *t,
    const struct ynode *key, const struct ynode *value);

struct ytree_stream {
	size_t level;
	ytree_entry_fn *entry;
	void *arg;
};

struct ytree {
	struct arena *a;
	const struct ytree_limits *lim;
	struct ynode *root;
	struct ynode **stack; /* lim->depth entries */
	size_t depth;
	size_t nodes, aliases;
	struct ynode *scalars;   /* list through all_next */
	struct ynode **anchored; /* lim->aliases entries */
	size_t nanchored;
	const char *error; /* static text, or NULL */
	/* The node cap was reached: the tree holds what came before it. */
	bool truncated;
	unsigned int error_line;
	/* Streaming (NULL 'stream' otherwise): the open entry's nodes live
	 * in 'entry_arena' (owned), released once it is handed over. */
	const struct ytree_stream *stream;
	struct arena *entry_arena;
	bool in_entry;
	size_t entry_nodes, entry_nanchored;
	struct ynode *entry_scalars;
	struct ynode **keys; /* lim->depth entries: key of each open node */
};

/* Parses the first document of 'len' bytes of 'data' (borrowed) into 't',
 * whose nodes come from arena 'a' (borrowed). 'lim' (borrowed, must
 * outlive 't'; NULL for ytree_default_limits). Returns 0, or -1 with
 * t->error set. A document past the node cap is not an error: the tree
 * holds its first nodes (a map may end on a key without a value) and
 * t->truncated is set. Call ytree_wipe() afterwards either way. */
int ytree_parse(struct ytree *t, struct arena *a, const char *data, size_t len,
    const struct ytree_limits *lim);
/* ytree_parse(), streaming the entries at s->level (borrowed, level >= 1)
 * to s->entry instead of keeping them: the tree keeps the nodes above
 * that level, and the collections there are left empty. A node cap hit
 * inside an entry stops the parse like an error, after the entries
 * before it were handed over. */
int ytree_parse_stream(struct ytree *t, struct arena *a, const char *data,
    size_t len, const struct ytree_limits *lim, const struct ytree_stream *s);
/* ytree_parse_stream() of the file 'f' (borrowed) again, for a second
 * pass (a streamed file is read again from its start), with no warning
 * about what the first pass already warned about. Returns 0, or -1 (with
 * a warning when the file could not be read again; 't' is wiped). */
int ytree_reload_stream(struct ytree *t, struct ca_ctx *ctx,
    const struct ca_file *f, const struct ytree_limits *lim,
    const struct ytree_stream *s);
/* The key under which the collection open at stack level 'level' sits
 * (level 0 is the root: NULL), or NULL (in a sequence, or a non-scalar
 * key). For a stream callback: the key of the entries' parent is level
 * s->level - 1. */
const char *ytree_open_key(const struct ytree *t, size_t level);
/* ytree_parse() of the file 'f' (borrowed; its bytes, or its stream when
 * f->streamed) into the scratch arena of
 * 'ctx'. On failure it wipes 't', warns "invalid YAML[ at line N]: why"
 * and returns -1; otherwise returns 0, after a warning that the rest is
 * not read when the tree was truncated. */
int ytree_load(struct ytree *t, struct ca_ctx *ctx, const struct ca_file *f,
    const struct ytree_limits *lim);
/* ytree_load() streaming the entries at s->level (ytree_parse_stream()).
 * A node cap hit inside an entry is warned about like the truncation
 * ytree_load() reports. */
int ytree_load_stream(struct ytree *t, struct ca_ctx *ctx,
    const struct ca_file *f, const struct ytree_limits *lim,
    const struct ytree_stream *s);
/* ytree_load with the default limits, for a file whose root must be a
 * mapping: returns the root (borrowed from 't'), or NULL after a warning
 * (none for an empty document). */
const struct ynode *ytree_load_map(struct ytree *t, struct ca_ctx *ctx,
    const struct ca_file *f);
/* Overwrites every scalar copied into the tree ('t' borrowed) and frees
 * a stream's entry arena: call it once after every parse. */
void ytree_wipe(struct ytree *t);

/* Returns the value under scalar key 'key' of mapping 'map' (borrowed), or
 * NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* True for a scalar whose value was kept. */
bool ynode_scalar(const struct ynode *n);
/* True for absent, empty, "~" and "null". */
bool ynode_null(const struct ynode *n);
/* Returns the scalar's bytes (borrowed) or NULL when 'n' holds none. */
const char *ynode_str(const struct ynode *n);
/* Counts the nodes under 'n' (borrowed) as a walk that follows every
 * shared collection would visit them, stopping past 'cap': returns the
 * count, or cap + 1 when it is larger. It costs at most cap + 1 steps,
 * so a caller that must walk the whole tree checks it first and refuses
 * an alias bomb before the walk. */
size_t ynode_expanded(const struct ynode *n, size_t cap);

#endif
