/* git_index.c - the git index format (gitformat-index(5)) read through a
 * byte buffer. Every offset is checked against the end before it is
 * used. */
#include "lib/compat.h"
#include "lib/xalloc.h"
#include "scanners/core/git_index.h"
#include "lib/banned.h"

#define HEADER_LEN    12
#define FIXED_LEN     62 /* stat data, mode, ids, size, SHA-1, flags */
#define FLAGS_AT      60
#define FLAG_EXTENDED 0x4000u
#define NAME_MASK     0x0FFFu

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* The offset-encoded varint of v4 (git's decode_varint): reads at '*off',
 * advances it. Returns 0, or -1 past the end or on overflow. */
static int
varint(const unsigned char *d, size_t len, size_t *off, size_t *out)
{
	size_t v;
	unsigned char c;

	if (*off >= len)
		return -1;
	c = d[(*off)++];
	v = c & 0x7f;
	while (c & 0x80) {
		if (*off >= len || v >= (SIZE_MAX >> 7) - 1)
			return -1;
		c = d[(*off)++];
		v = ((v + 1) << 7) | (c & 0x7f);
	}
	*out = v;
	return 0;
}

/* The length of the name at 'off': from the flags, or up to its NUL when
 * the flags say 0xFFF or more. -1 when it runs past the end. */
static int
name_len(const unsigned char *d, size_t len, size_t off, unsigned int nl,
    size_t *out)
{
	const unsigned char *nul;

	if (off > len)
		return -1;
	if (nl < NAME_MASK) {
		if (len - off < (size_t)nl + 1 || d[off + nl] != '\0')
			return -1;
		*out = nl;
		return 0;
	}
	nul = memchr(d + off, '\0', len - off);
	if (!nul)
		return -1;
	*out = (size_t)(nul - (d + off));
	return 0;
}

int
ca_git_index_each(const char *data, size_t len, ca_git_index_fn *fn, void *arg)
{
	const unsigned char *d = (const unsigned char *)data;
	uint32_t version, count;
	size_t off = HEADER_LEN, plen = 0;
	char *prev = NULL; /* v4: the previous path, owned */
	int ret = 0;

	if (!d || len < HEADER_LEN || memcmp(d, "DIRC", 4) != 0)
		return -1;
	version = be32(d + 4);
	count = be32(d + 8);
	if (version < 2 || version > 4)
		return -1;
	/* A fixed part per entry: a count the bytes cannot hold is a lie. */
	if (count > (len - HEADER_LEN) / (FIXED_LEN + 1))
		return -1;
	if (version == 4)
		prev = xmalloc(len + 1); /* no path is longer than the file */
	for (uint32_t i = 0; i < count && ret == 0; i++) {
		unsigned int flags, ext = 0;
		size_t start = off, nlen, strip, slen;

		if (len - off < FIXED_LEN) {
			ret = -1;
			break;
		}
		flags = (unsigned int)d[off + FLAGS_AT] << 8 |
		    d[off + FLAGS_AT + 1];
		if (flags & FLAG_EXTENDED) {
			if (version < 3) {
				ret = -1;
				break;
			}
			ext = 2;
		}
		off += FIXED_LEN + ext;
		if (off > len) {
			ret = -1;
			break;
		}
		if (version < 4) {
			if (name_len(d, len, off, flags & NAME_MASK, &nlen) <
			    0) {
				ret = -1;
				break;
			}
			ret = fn((const char *)d + off, nlen, arg);
			/* 1 to 8 NULs pad the entry to a multiple of 8 */
			nlen += FIXED_LEN + ext;
			off = start + ((nlen + 8) & ~(size_t)7);
			if (off > len)
				ret = ret ? ret : -1;
			continue;
		}
		if (varint(d, len, &off, &strip) < 0 || strip > plen ||
		    name_len(d, len, off, NAME_MASK, &slen) < 0) {
			ret = -1;
			break;
		}
		plen -= strip;
		if (slen > len - plen) {
			ret = -1;
			break;
		}
		memcpy(prev + plen, d + off, slen);
		plen += slen;
		prev[plen] = '\0';
		off += slen + 1;
		/* the flags' length, when it fits, must agree */
		if ((flags & NAME_MASK) != NAME_MASK &&
		    (flags & NAME_MASK) != plen) {
			ret = -1;
			break;
		}
		ret = fn(prev, plen, arg);
	}
	free(prev);
	return ret;
}

struct want {
	const char *path;
	size_t len;
};

static int
match(const char *path, size_t len, void *arg)
{
	const struct want *w = arg;

	return len == w->len && memcmp(path, w->path, len) == 0;
}

int
ca_git_index_contains(const char *data, size_t len, const char *relpath)
{
	struct want w = { relpath, strlen(relpath) };
	int ret = ca_git_index_each(data, len, match, &w);

	return ret < 0 ? -1 : ret;
}
