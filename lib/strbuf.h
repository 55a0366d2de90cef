/* strbuf.h - growable, capped, always NUL-terminated byte buffer.
 *
 * Invariants (after git's strbuf): 'buf' is never NULL and buf[len] is
 * always '\0'. Every buffer has a mandatory cap (after curl's dynbuf): an
 * append that would pass it fails with -1 and releases the buffer, so a
 * hostile input cannot grow memory without bound. */
#ifndef CA_STRBUF_H
#define CA_STRBUF_H

#include "lib/compat.h"

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc; /* 0 while buf points at the shared empty string */
	size_t cap;   /* the most bytes 'len' may reach */
};

extern char strbuf_empty[1];
#define STRBUF_INIT(c)                                                         \
	{                                                                      \
		strbuf_empty, 0, 0, (c)                                        \
	}

/* Sets up an empty buffer that may grow to 'cap' bytes; allocates nothing. */
void strbuf_init(struct strbuf *sb, size_t cap);
/* Frees the contents; the buffer is empty and reusable afterwards. */
void strbuf_release(struct strbuf *sb);
/* Empties the buffer and keeps its memory. */
void strbuf_reset(struct strbuf *sb);
/* Returns owned string (never NULL); the buffer is left empty. 'len' may be
 * NULL. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

/* Appends; return 0, or -1 (buffer released) when the cap would be passed. */
int strbuf_add(struct strbuf *sb, const void *data, size_t len);
int strbuf_addstr(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, int c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...) CA_PRINTF(2, 3);
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
    CA_PRINTF(2, 0);
/* Makes room for 'extra' more bytes without changing len; -1 past cap. */
int strbuf_grow(struct strbuf *sb, size_t extra);
/* Like strbuf_grow, but an empty buffer gets exactly 'extra' + 1 bytes
 * rather than the next power of two. */
int strbuf_reserve_exact(struct strbuf *sb, size_t extra);
/* Shortens to 'len' (no-op when longer). */
void strbuf_setlen(struct strbuf *sb, size_t len);

#endif
