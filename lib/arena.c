/* arena.c - bump allocator: a list of blocks, newest first. */
#include "lib/compat.h"
#include "lib/arena.h"
#include "lib/hash.h"
#include "lib/xalloc.h"
#include "lib/banned.h"

struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t used;
	max_align_t data[];
};

struct arena {
	struct arena_block *head;
	size_t block;
	size_t used;
};

static struct arena_block *
block_new(size_t size)
{
	struct arena_block *b = xmalloc(sizeof(*b) + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct arena *
arena_new(size_t block)
{
	struct arena *a = xcalloc(1, sizeof(*a));
	a->block = block < 256 ? 256 : block;
	return a;
}

void
arena_free(struct arena *a)
{
	struct arena_block *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void
arena_reset(struct arena *a)
{
	struct arena_block *b, *next, *last = NULL;

	/* Keep the oldest block (the one of standard size) for reuse. */
	for (b = a->head; b; b = next) {
		next = b->next;
		if (!next && b->size == a->block) {
			last = b;
			break;
		}
		free(b);
	}
	if (last)
		last->used = 0;
	a->head = last;
	a->used = 0;
}

void
arena_wipe_reset(struct arena *a)
{
	for (struct arena_block *b = a->head; b; b = b->next)
		ca_wipe(b->data, b->used);
	arena_reset(a);
}

void *
arena_alloc(struct arena *a, size_t n)
{
	const size_t align = _Alignof(max_align_t);
	struct arena_block *b = a->head;
	void *p;

	n = (n + align - 1) & ~(align - 1);
	if (!n)
		n = align;
	if (!b || b->size - b->used < n) {
		if (n > a->block / 2) {
			/* Big requests get their own block behind the current
			 * one, so the current block's free space is not lost.
			 */
			struct arena_block *big = block_new(n);
			big->used = n;
			if (b) {
				big->next = b->next;
				b->next = big;
			} else {
				a->head = big;
			}
			a->used += n;
			return big->data;
		}
		b = block_new(a->block);
		b->next = a->head;
		a->head = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	a->used += n;
	return p;
}

void *
arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;
	char *p;

	/* Most results fit the stack buffer: format once, copy once. */
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	if ((size_t)n < sizeof(small))
		return arena_strndup(a, small, (size_t)n);
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t
arena_used(const struct arena *a)
{
	return a->used;
}
