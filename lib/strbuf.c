/* strbuf.c - capped growable buffer; see strbuf.h for the invariants. */
#include "lib/compat.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "lib/banned.h"

char strbuf_empty[1];

void
strbuf_init(struct strbuf *sb, size_t cap)
{
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	sb->cap = cap;
}

void
strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
}

void
strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

char *
strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *res;

	if (len)
		*len = sb->len;
	if (!sb->alloc)
		res = xstrdup("");
	else
		res = sb->buf;
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	return res;
}

int
strbuf_reserve_exact(struct strbuf *sb, size_t extra)
{
	size_t want;

	if (extra > sb->cap || sb->len > sb->cap - extra) {
		strbuf_release(sb);
		return -1;
	}
	want = sb->len + extra + 1;
	if (want <= sb->alloc)
		return 0;
	if (sb->len)
		return strbuf_grow(sb, extra);
	/* Empty: a fresh block of the exact size, not a doubled one, so a
	 * 40 MB file does not cost 64 MiB. */
	strbuf_release(sb);
	sb->buf = xmalloc(want);
	sb->buf[0] = '\0';
	sb->alloc = want;
	return 0;
}

int
strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t want, n;

	if (extra > sb->cap || sb->len > sb->cap - extra) {
		strbuf_release(sb);
		return -1;
	}
	want = sb->len + extra + 1;
	if (want <= sb->alloc)
		return 0;
	n = sb->alloc ? sb->alloc : 64;
	while (n < want)
		n = n > SIZE_MAX / 2 ? want : n * 2;
	if (n > sb->cap + 1)
		n = sb->cap + 1;
	if (n < want)
		n = want;
	if (sb->alloc) {
		sb->buf = xrealloc(sb->buf, n);
	} else {
		sb->buf = xmalloc(n);
		sb->buf[0] = '\0';
	}
	sb->alloc = n;
	return 0;
}

int
strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (strbuf_grow(sb, len) < 0)
		return -1;
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	return 0;
}

int
strbuf_addstr(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

int
strbuf_addch(struct strbuf *sb, int c)
{
	char ch = (char)c;
	return strbuf_add(sb, &ch, 1);
}

int
strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return -1;
	if (strbuf_grow(sb, (size_t)n) < 0)
		return -1;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return 0;
}

int
strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return ret;
}

void
strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (len >= sb->len)
		return;
	sb->len = len;
	sb->buf[len] = '\0';
}
