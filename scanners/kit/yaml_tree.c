/* yaml_tree.c - bounded YAML event tree. See yaml_tree.h. */
#include "lib/compat.h"
#include <yaml.h>
#include "lib/hash.h"
#include "scanners/kit/yaml_tree.h"

const struct ytree_limits ytree_default_limits = {
	.depth = 64,
	.nodes = 200000,
	.aliases = 1024,
	.scalar = 1u << 20,
	.share_collections = true,
};

void
ytree_wipe(struct ytree *t)
{
	for (struct ynode *n = t->scalars; n; n = n->all_next)
		if (n->val)
			ca_wipe(n->val, n->len);
	t->scalars = NULL;
	if (t->entry_arena) {
		arena_wipe_reset(t->entry_arena);
		arena_free(t->entry_arena);
		t->entry_arena = NULL;
	}
}

/* Where a new node goes: an open entry of a stream has its own arena. */
static struct arena *
node_arena(const struct ytree *t)
{
	return t->in_entry ? t->entry_arena : t->a;
}

/* The collection a new node joins, or NULL for the root. */
static struct ynode *
open_parent(const struct ytree *t)
{
	return t->depth ? t->stack[t->depth - 1] : NULL;
}

/* A node about to join a collection at the stream's level starts an
 * entry, unless it is the value of a key that already started one. */
static void
entry_begin(struct ytree *t)
{
	const struct ynode *parent = open_parent(t);

	if (!t->stream || t->in_entry || t->depth != t->stream->level)
		return;
	if (parent->type == YN_MAP && parent->nkids % 2)
		return;
	t->in_entry = true;
	t->entry_nodes = t->nodes;
	t->entry_nanchored = t->nanchored;
	t->entry_scalars = t->scalars;
}

/* Counts the nodes of 'n' (borrowed) and under it, or returns SIZE_MAX
 * when one of them is an alias (its bytes would be copied again). */
static size_t
copyable_nodes(const struct ynode *n)
{
	size_t count = 1;

	if (n->shared)
		return SIZE_MAX;
	for (const struct ynode *k = n->kids; k; k = k->next) {
		size_t sub = copyable_nodes(k);
		if (sub == SIZE_MAX)
			return SIZE_MAX;
		count += sub;
	}
	return count;
}

/* Copies 'n' (borrowed) and the nodes under it into the tree's arena. */
static struct ynode *
copy_node(struct ytree *t, const struct ynode *n)
{
	struct ynode *c = arena_zalloc(t->a, sizeof(*c));

	c->type = n->type;
	c->len = n->len;
	c->line = n->line;
	c->closed = n->closed;
	if (n->val) {
		c->val = arena_strndup(t->a, n->val, n->len);
		c->all_next = t->scalars;
		t->scalars = c;
	}
	for (const struct ynode *k = n->kids; k; k = k->next) {
		struct ynode *kc = copy_node(t, k);
		if (c->last_kid)
			c->last_kid->next = kc;
		else
			c->kids = kc;
		c->last_kid = kc;
		c->nkids++;
	}
	return c;
}

/* An anchor in an entry may be aliased in a later one (a hosts.yml
 * "defaults" entry, a kubeconfig user body shared by two users): the
 * anchored node outlives its entry, copied into the tree's arena and
 * counted against the node cap. A collection holding an alias, or one
 * too large for the cap, is dropped and its aliases stand for nothing. */
static void
keep_anchors(struct ytree *t)
{
	size_t kept = t->entry_nanchored;

	for (size_t i = t->entry_nanchored; i < t->nanchored; i++) {
		const struct ynode *a = t->anchored[i];
		struct ynode *c;
		size_t count = 1;

		if (a->type == YN_NONE ||
		    (a->type != YN_SCALAR &&
		        (!a->closed || !t->lim->share_collections)))
			continue;
		if (a->type != YN_SCALAR)
			count = copyable_nodes(a);
		if (count == SIZE_MAX || t->nodes + count > t->lim->nodes)
			continue;
		c = copy_node(t, a);
		c->anchor = arena_strdup(t->a, a->anchor);
		t->anchored[kept++] = c;
		t->nodes += count;
	}
	t->nanchored = kept;
}

/* After a node at the stream's level is complete: a sequence element or
 * a map value ends the entry, which is handed over, wiped and released. */
static void
entry_end(struct ytree *t)
{
	struct ynode *parent = open_parent(t);
	const struct ynode *key;

	if (!t->in_entry || t->depth != t->stream->level)
		return;
	if (parent->type == YN_MAP && parent->nkids % 2)
		return; /* a key: its value follows */
	/* Entries before it were released: it is the parent's only one. */
	key = parent->type == YN_MAP ? parent->kids : NULL;
	t->stream->entry(t->stream->arg, t, key, parent->last_kid);
	t->nodes = t->entry_nodes;
	t->scalars = t->entry_scalars;
	keep_anchors(t);
	arena_wipe_reset(t->entry_arena);
	parent->kids = parent->last_kid = NULL;
	parent->nkids = 0;
	t->in_entry = false;
}

static void
ytree_add(struct ytree *t, struct ynode *n)
{
	struct ynode *parent;

	if (!t->depth) {
		if (!t->root)
			t->root = n;
		return;
	}
	parent = t->stack[t->depth - 1];
	parent->nkids++;
	if (parent->last_kid)
		parent->last_kid->next = n;
	else
		parent->kids = n;
	parent->last_kid = n;
}

/* Returns a new node for 'ev', or NULL after setting t->error. */
static struct ynode *
ytree_node(struct ytree *t, enum ynode_type type, const yaml_event_t *ev,
    const yaml_char_t *anchor)
{
	struct ynode *n;

	if (++t->nodes > t->lim->nodes) {
		t->error = "too many nodes";
		t->truncated = true;
		t->error_line = (unsigned int)ev->start_mark.line + 1;
		return NULL;
	}
	n = arena_zalloc(node_arena(t), sizeof(*n));
	n->type = type;
	n->line = (unsigned int)ev->start_mark.line + 1;
	if (anchor && t->nanchored < t->lim->aliases) {
		n->anchor = arena_strdup(node_arena(t), (const char *)anchor);
		t->anchored[t->nanchored++] = n;
	}
	return n;
}

/* An alias shares the value (or the children) of the node anchored under
 * its name and copies nothing, so a thousand aliases of a megabyte cost a
 * thousand small nodes. */
static struct ynode *
ytree_alias(struct ytree *t, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct ynode *n;

	if (++t->aliases > t->lim->aliases) {
		t->error = "too many aliases";
		return NULL;
	}
	n = ytree_node(t, YN_NONE, ev, NULL);
	if (!n)
		return NULL;
	for (size_t i = t->nanchored; i > 0; i--) {
		const struct ynode *a = t->anchored[i - 1];
		if (strcmp(a->anchor, name))
			continue;
		if (a->type == YN_SCALAR) {
			n->type = YN_SCALAR;
			n->len = a->len;
			n->val = a->val;
			n->shared = true;
		} else if (a->type != YN_NONE && a->closed &&
		    t->lim->share_collections) {
			n->type = a->type;
			n->kids = a->kids;
			n->shared = true;
		}
		break;
	}
	return n;
}

/* Feeds one event into the tree. Returns 1 to go on, 0 at the end of the
 * first document, -1 after setting t->error. */
static int
ytree_event(struct ytree *t, const yaml_event_t *ev)
{
	struct ynode *n, *parent;
	bool map;

	switch (ev->type) {
	case YAML_DOCUMENT_END_EVENT:
	case YAML_STREAM_END_EVENT:
		return 0;
	case YAML_SCALAR_EVENT:
		entry_begin(t);
		n = ytree_node(t, YN_SCALAR, ev, ev->data.scalar.anchor);
		if (!n)
			return -1;
		n->len = ev->data.scalar.length;
		if (n->len <= t->lim->scalar) {
			n->val = arena_strndup(node_arena(t),
			    (const char *)ev->data.scalar.value, n->len);
			n->all_next = t->scalars;
			t->scalars = n;
		}
		ytree_add(t, n);
		entry_end(t);
		return 1;
	case YAML_ALIAS_EVENT:
		entry_begin(t);
		n = ytree_alias(t, ev);
		if (!n)
			return -1;
		ytree_add(t, n);
		entry_end(t);
		return 1;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		if (t->depth == t->lim->depth) {
			t->error = "nested too deeply";
			return -1;
		}
		map = ev->type == YAML_MAPPING_START_EVENT;
		entry_begin(t);
		n = ytree_node(t, map ? YN_MAP : YN_SEQ, ev,
		    map ? ev->data.mapping_start.anchor :
		          ev->data.sequence_start.anchor);
		if (!n)
			return -1;
		parent = open_parent(t);
		/* a value's key is the parent's last child, not yet paired */
		t->keys[t->depth] = parent && parent->type == YN_MAP &&
		        parent->nkids % 2 ?
		    parent->last_kid :
		    NULL;
		ytree_add(t, n);
		t->stack[t->depth++] = n;
		return 1;
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		if (t->depth) {
			t->stack[--t->depth]->closed = true;
			entry_end(t);
		}
		return 1;
	default:
		return 1;
	}
}

/* libyaml keeps decoded input in its own buffers; a token may be there. */
static void
parser_wipe(yaml_parser_t *p)
{
	if (p->buffer.start && p->buffer.end > p->buffer.start)
		ca_wipe(p->buffer.start,
		    (size_t)(p->buffer.end - p->buffer.start));
	if (p->raw_buffer.start && p->raw_buffer.end > p->raw_buffer.start)
		ca_wipe(p->raw_buffer.start,
		    (size_t)(p->raw_buffer.end - p->raw_buffer.start));
}

/* libyaml's read handler for a streamed file: 1 with the count (0 at the
 * end), 0 on a read error. */
static int
read_streamed(void *arg, unsigned char *buf, size_t size, size_t *size_read)
{
	ssize_t n = ca_file_read(arg, buf, size);

	if (n < 0)
		return 0;
	*size_read = (size_t)n;
	return 1;
}

/* Parses 'len' bytes of 'data', or when 'data' is NULL the streamed file
 * that 'ctx' is scanning. */
static int
parse_input(struct ytree *t, struct arena *a, const char *data, size_t len,
    struct ca_ctx *ctx, const struct ytree_limits *lim,
    const struct ytree_stream *s)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int ret = 0;

	memset(t, 0, sizeof(*t));
	t->a = a;
	t->lim = lim ? lim : &ytree_default_limits;
	t->stack = arena_alloc(a, t->lim->depth * sizeof(*t->stack));
	t->keys = arena_alloc(a, t->lim->depth * sizeof(*t->keys));
	t->anchored = arena_alloc(a, t->lim->aliases * sizeof(*t->anchored));
	if (s && s->level >= 1 && s->entry) {
		t->stream = s;
		t->entry_arena = arena_new(64u << 10);
	}
	if (!yaml_parser_initialize(&p)) {
		t->error = "cannot set up the YAML parser";
		return -1;
	}
	if (data)
		yaml_parser_set_input_string(&p, (const unsigned char *)data,
		    len);
	else
		yaml_parser_set_input(&p, read_streamed, ctx);
	for (;;) {
		int more;

		if (!yaml_parser_parse(&p, &ev)) {
			/* libyaml's problem texts are static: no input */
			t->error = p.problem ? p.problem : "invalid YAML";
			t->error_line = (unsigned int)p.problem_mark.line + 1;
			ret = -1;
			break;
		}
		more = ytree_event(t, &ev);
		/* libyaml's copy of a scalar may be a token */
		if (ev.type == YAML_SCALAR_EVENT && ev.data.scalar.value)
			ca_wipe(ev.data.scalar.value, ev.data.scalar.length);
		yaml_event_delete(&ev);
		if (more < 0)
			ret = -1;
		if (more <= 0)
			break;
	}
	parser_wipe(&p);
	yaml_parser_delete(&p);
	/* A huge but well-formed store (20k gh hosts) still yields its first
	 * entries; memory stays bounded by the cap, not by the file. */
	if (ret < 0 && t->truncated)
		ret = 0;
	return ret;
}

int
ytree_parse_stream(struct ytree *t, struct arena *a, const char *data,
    size_t len, const struct ytree_limits *lim, const struct ytree_stream *s)
{
	return parse_input(t, a, data ? data : "", len, NULL, lim, s);
}

int
ytree_parse(struct ytree *t, struct arena *a, const char *data, size_t len,
    const struct ytree_limits *lim)
{
	return ytree_parse_stream(t, a, data, len, lim, NULL);
}

/* The file 'f' as parse_input() takes it: its bytes, or its stream. */
static int
parse_file(struct ytree *t, struct ca_ctx *ctx, const struct ca_file *f,
    const struct ytree_limits *lim, const struct ytree_stream *s)
{
	if (f->streamed)
		return parse_input(t, ca_scratch(ctx), NULL, 0, ctx, lim, s);
	return parse_input(t, ca_scratch(ctx), f->data, f->len, NULL, lim, s);
}

int
ytree_reload_stream(struct ytree *t, struct ca_ctx *ctx,
    const struct ca_file *f, const struct ytree_limits *lim,
    const struct ytree_stream *s)
{
	int ret = f->streamed ? ca_file_rewind(ctx) : 0;

	if (ret < 0) {
		memset(t, 0, sizeof(*t));
		ca_warn(ctx, NULL, "cannot read it a second time: %s",
		    strerror(-ret));
		return -1;
	}
	ret = parse_file(t, ctx, f, lim, s);
	if (ret < 0)
		ytree_wipe(t);
	return ret;
}

const char *
ytree_open_key(const struct ytree *t, size_t level)
{
	if (level == 0 || level >= t->depth || !ynode_scalar(t->keys[level]))
		return NULL;
	return t->keys[level]->val;
}

int
ytree_load_stream(struct ytree *t, struct ca_ctx *ctx, const struct ca_file *f,
    const struct ytree_limits *lim, const struct ytree_stream *s)
{
	if (parse_file(t, ctx, f, lim, s) == 0) {
		if (t->truncated)
			ca_warn(ctx, NULL,
			    "more than %zu YAML nodes: those after "
			    "line %u are not read",
			    t->lim->nodes, t->error_line);
		return 0;
	}
	ytree_wipe(t);
	if (t->error_line)
		ca_warn(ctx, NULL, "invalid YAML at line %u: %s", t->error_line,
		    t->error);
	else
		ca_warn(ctx, NULL, "invalid YAML: %s", t->error);
	return -1;
}

int
ytree_load(struct ytree *t, struct ca_ctx *ctx, const struct ca_file *f,
    const struct ytree_limits *lim)
{
	return ytree_load_stream(t, ctx, f, lim, NULL);
}

const struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	if (!map || map->type != YN_MAP)
		return NULL;
	for (const struct ynode *k = map->kids; k && k->next; k = k->next->next)
		if (k->type == YN_SCALAR && k->val && !strcmp(k->val, key))
			return k->next;
	return NULL;
}

bool
ynode_scalar(const struct ynode *n)
{
	return n && n->type == YN_SCALAR && n->val;
}

bool
ynode_null(const struct ynode *n)
{
	if (!n || n->type == YN_NONE)
		return true;
	if (n->type != YN_SCALAR)
		return false;
	if (!n->len)
		return true;
	return n->val && (!strcmp(n->val, "~") || !strcmp(n->val, "null"));
}

const char *
ynode_str(const struct ynode *n)
{
	return ynode_scalar(n) ? n->val : NULL;
}

const struct ynode *
ytree_load_map(struct ytree *t, struct ca_ctx *ctx, const struct ca_file *f)
{
	if (ytree_load(t, ctx, f, NULL) < 0)
		return NULL;
	if (t->root && t->root->type == YN_MAP)
		return t->root;
	if (!ynode_null(t->root))
		ca_warn(ctx, NULL, "not a YAML mapping");
	return NULL;
}

/* Nesting as a walk sees it, aliases followed: past it the tree counts
 * as too large, which keeps the recursion's stack small. */
#define EXPANDED_DEPTH 1024

/* Adds the nodes under 'n' to '*count', giving up once it passes 'cap'. */
static void
expanded_add(const struct ynode *n, size_t cap, size_t *count, size_t depth)
{
	if (depth > EXPANDED_DEPTH) {
		*count = cap + 1;
		return;
	}
	for (; n && *count <= cap; n = n->next) {
		++*count;
		if (n->type == YN_MAP || n->type == YN_SEQ)
			expanded_add(n->kids, cap, count, depth + 1);
	}
}

size_t
ynode_expanded(const struct ynode *n, size_t cap)
{
	size_t count = 0;

	if (!n)
		return 0;
	count = 1;
	if (n->type == YN_MAP || n->type == YN_SEQ)
		expanded_add(n->kids, cap, &count, 1);
	return count > cap ? cap + 1 : count;
}
