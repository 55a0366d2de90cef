/* git_loose.c - loose objects (gitformat-loose(5)) inflated with zlib
 * from a byte buffer. The header is read from the stream's first bytes
 * and checked before anything is allocated; the contents must fill the
 * stated size exactly. */
#include "lib/compat.h"
#include <zlib.h>
#include "scanners/core/git_loose.h"
#include "lib/banned.h"

#define HEAD_MAX 32 /* "commit " + 20 digits + NUL fits */

/* Inflates the first bytes of 'z' into 'head'; '*zs' is left open for
 * the rest (the caller ends it). Returns the bytes in 'head', or -1. */
static int
inflate_head(z_stream *zs, const unsigned char *z, size_t zlen,
    unsigned char head[HEAD_MAX], int *zr)
{
	memset(zs, 0, sizeof(*zs));
	if (inflateInit(zs) != Z_OK)
		return -1;
	zs->next_in = (unsigned char *)(uintptr_t)z;
	zs->avail_in = (uInt)(zlen > UINT32_MAX ? UINT32_MAX : zlen);
	zs->next_out = head;
	zs->avail_out = HEAD_MAX;
	*zr = inflate(zs, Z_SYNC_FLUSH);
	if (*zr != Z_OK && *zr != Z_STREAM_END && *zr != Z_BUF_ERROR)
		return -1;
	return (int)(HEAD_MAX - zs->avail_out);
}

/* Parses "<type> <size>\0" at the start of 'head' ('have' bytes).
 * Returns the header's length (with its NUL), or -1. */
static int
parse_head(const unsigned char *head, size_t have, size_t cap,
    enum ca_git_type *type, size_t *size)
{
	static const struct {
		const char *name;
		enum ca_git_type type;
	} types[] = {
		{ "commit", CA_GIT_COMMIT },
		{ "tree", CA_GIT_TREE },
		{ "blob", CA_GIT_BLOB },
		{ "tag", CA_GIT_TAG },
	};
	const unsigned char *nul = memchr(head, '\0', have);
	const unsigned char *sp = memchr(head, ' ', have);
	size_t n = 0;
	bool known = false;

	if (!nul || !sp || sp > nul || sp + 1 == nul)
		return -1;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if ((size_t)(sp - head) == strlen(types[i].name) &&
		    !memcmp(head, types[i].name, (size_t)(sp - head))) {
			*type = types[i].type;
			known = true;
		}
	if (!known)
		return -1;
	for (const unsigned char *p = sp + 1; p < nul; p++) {
		if (*p < '0' || *p > '9' || n > cap / 10)
			return -1;
		n = n * 10 + (size_t)(*p - '0');
	}
	if (n > cap)
		return -1;
	*size = n;
	return (int)(nul + 1 - head);
}

int
ca_git_loose_header(const unsigned char *z, size_t zlen, size_t cap,
    enum ca_git_type *type, size_t *size)
{
	unsigned char head[HEAD_MAX];
	z_stream zs;
	int have, zr, ret = -1;

	have = inflate_head(&zs, z, zlen, head, &zr);
	if (have > 0 && parse_head(head, (size_t)have, cap, type, size) > 0)
		ret = 0;
	inflateEnd(&zs);
	return ret;
}

int
ca_git_loose_body(const unsigned char *z, size_t zlen, unsigned char *out,
    size_t size)
{
	unsigned char head[HEAD_MAX];
	enum ca_git_type type;
	size_t stated, extra;
	z_stream zs;
	int have, hlen, zr, ret = -1;

	have = inflate_head(&zs, z, zlen, head, &zr);
	if (have <= 0)
		goto out;
	hlen = parse_head(head, (size_t)have, SIZE_MAX, &type, &stated);
	if (hlen < 0 || stated != size)
		goto out;
	extra = (size_t)(have - hlen);
	if (extra > size || size - extra > UINT32_MAX)
		goto out;
	memcpy(out, head + hlen, extra);
	if (zr != Z_STREAM_END) {
		zs.next_out = out + extra;
		zs.avail_out = (uInt)(size - extra);
		/* one byte more than stated would be a lie: ask for it */
		zr = inflate(&zs, Z_FINISH);
		if (zr == Z_STREAM_END && zs.avail_out == 0)
			ret = 0;
	} else if (extra == size) {
		ret = 0;
	}
out:
	inflateEnd(&zs);
	return ret;
}
