/* fuzz_toml.c - libFuzzer harness for the strict TOML reader
 * (scanners/kit/toml.c): any bytes, every value read back through the
 * callback, which touches each string and key segment. */
#include "lib/compat.h"
#include "lib/arena.h"
#include "scanners/kit/toml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
touch(void *arg, const struct toml_kv *kv)
{
	size_t *sum = arg;

	for (size_t i = 0; i < kv->depth; i++)
		*sum += strlen(kv->path[i]);
	if (kv->type == TOML_STRING) {
		*sum += strlen(kv->str) + kv->len;
		for (size_t i = 0; i < kv->raw_len; i++)
			*sum += (unsigned char)kv->raw[i];
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(4096);
	struct toml_status st;
	size_t sum = 0;

	toml_parse(a, (const char *)data, size, touch, &sum, &st);
	arena_free(a);
	return 0;
}
