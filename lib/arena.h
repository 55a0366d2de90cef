/* arena.h - bump allocator for data that dies all at once.
 *
 * Used two ways: one arena per scan for everything the inventory keeps
 * (credentials, locations, strings), and one scratch arena per worker that
 * is reset after each file, so parsers need no free paths. Not thread-safe:
 * each arena has one owner (the inventory guards its own with a mutex). */
#ifndef CA_ARENA_H
#define CA_ARENA_H

#include "lib/compat.h"

struct arena;

/* Returns an owned arena whose blocks are at least 'block' bytes. */
struct arena *arena_new(size_t block);
/* Frees every block and the arena itself; NULL is fine. */
void arena_free(struct arena *a);
/* Forgets all allocations but keeps the first block for reuse. */
void arena_reset(struct arena *a);
/* Overwrites every byte handed out, then resets: for an arena that may
 * have held secrets (parsed trees, decoded values). */
void arena_wipe_reset(struct arena *a);
/* Returns memory owned by the arena, aligned for any type; aborts on OOM. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
/* Copies owned by the arena. NULL in gives NULL out. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) CA_PRINTF(2, 3);
/* Bytes handed out since the last reset (for memory accounting). */
size_t arena_used(const struct arena *a);

#endif
