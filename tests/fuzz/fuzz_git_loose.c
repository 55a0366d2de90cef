/* fuzz_git_loose.c - libFuzzer harness for the loose-object reader: the
 * bytes as a loose object, and deflated behind a header that states
 * their size (so the fuzzer reaches the contents past zlib). */
#include "lib/compat.h"
#include <stdlib.h>
#include <zlib.h>
#include "scanners/core/git_loose.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
read_object(const unsigned char *z, size_t zlen)
{
	enum ca_git_type type;
	size_t n;
	unsigned char *out;

	if (ca_git_loose_header(z, zlen, 1 << 20, &type, &n) < 0)
		return;
	out = malloc(n ? n : 1);
	if (!out)
		return;
	if (ca_git_loose_body(z, zlen, out, n) == 0) {
		volatile unsigned char sum = 0;

		for (size_t i = 0; i < n; i++)
			sum ^= out[i]; /* every byte written */
		(void)sum;
	}
	/* a size that is not the stated one must fail */
	if (n)
		(void)ca_git_loose_body(z, zlen, out, n - 1);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *raw, *z;
	uLongf zlen;
	int hl;

	read_object(data, size);
	if (size > 1 << 16)
		return 0;
	raw = malloc(size + 32);
	zlen = compressBound(size + 32);
	z = malloc(zlen);
	if (raw && z) {
		/* the first byte picks a stated size: true, short or long */
		size_t stated = size + (size && data[0] % 3 == 1 ? 1 : 0) -
		    (size && data[0] % 3 == 2 ? 1 : 0);

		hl = snprintf((char *)raw, 32, "blob %zu", stated) + 1;
		memcpy(raw + hl, data, size);
		if (compress(z, &zlen, raw, (uLong)(size + (size_t)hl)) == Z_OK)
			read_object(z, zlen);
	}
	free(raw);
	free(z);
	return 0;
}
