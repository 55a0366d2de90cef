/* fuzz_git_index.c - libFuzzer harness for the git index reader: the
 * bytes are an index, looked up for a short and a long path and walked
 * entry by entry. */
#include "lib/compat.h"
#include "scanners/core/git_index.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
count(const char *path, size_t len, void *arg)
{
	size_t *n = arg;

	/* touch every byte, so a bad length shows under ASan */
	for (size_t i = 0; i < len; i++)
		*n += (unsigned char)path[i];
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;

	(void)ca_git_index_contains((const char *)data, size, ".env");
	(void)ca_git_index_contains((const char *)data, size, "a/b/c");
	(void)ca_git_index_each((const char *)data, size, count, &n);
	return 0;
}
