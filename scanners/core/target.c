/* target.c - helpers shared by every target backend. */
#include "lib/compat.h"
#include "scanners/core/target.h"
#include "lib/banned.h"

void
ca_target_free(struct ca_target *t)
{
	if (t)
		t->ops->free(t);
}

struct ca_target *
ca_target_system(struct ca_target *t)
{
	return t->system ? t->system : t;
}

int
ca_fh_read_into(struct ca_target *t, struct ca_fh *fh, struct strbuf *out,
    size_t len)
{
	while (len) {
		size_t chunk = len < 65536 ? len : 65536;
		ssize_t n;

		/* Fill the room the caller made before growing: a buffer
		 * sized up front is never reallocated (and so never leaves a
		 * stale copy of its contents behind). */
		if (out->alloc > out->len + 1) {
			if (chunk > out->alloc - out->len - 1)
				chunk = out->alloc - out->len - 1;
		} else if (strbuf_grow(out, chunk) < 0) {
			return -EFBIG;
		}
		n = t->ops->read(fh, out->buf + out->len, chunk);
		if (n < 0)
			return (int)n;
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->buf[out->len] = '\0';
		len -= (size_t)n;
	}
	return 0;
}

int
ca_target_read(struct ca_target *t, const char *path, struct strbuf *out,
    size_t cap, struct ca_stat *st)
{
	struct ca_stat local;
	struct ca_fh *fh;
	int ret;

	if (!st)
		st = &local;
	ret = t->ops->open_file(t, path, &fh, st);
	if (ret < 0)
		return ret;
	if (st->size > cap) {
		t->ops->close_file(fh);
		return -EFBIG;
	}
	/* Read one byte past the size so a file that grew is noticed. */
	ret = ca_fh_read_into(t, fh, out, (size_t)st->size + 1);
	t->ops->close_file(fh);
	if (ret == 0 && out->len > cap)
		ret = -EFBIG;
	return ret;
}
