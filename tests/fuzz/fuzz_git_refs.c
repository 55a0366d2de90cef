/* fuzz_git_refs.c - libFuzzer harness for the readers of loose refs,
 * packed-refs and reflogs: the same bytes go to all three. */
#include "lib/compat.h"
#include "scanners/core/git_refs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
touch(const unsigned char oid[CA_GIT_OID_RAW], void *arg)
{
	size_t *n = arg;

	for (size_t i = 0; i < CA_GIT_OID_RAW; i++)
		*n += oid[i];
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	unsigned char oid[CA_GIT_OID_RAW];
	const char *target = NULL;
	size_t n = 0, tn = 0;

	(void)ca_git_packed_refs_each(d, size, false, touch, &n);
	(void)ca_git_packed_refs_each(d, size, true, touch, &n);
	(void)ca_git_reflog_each(d, size, touch, &n);
	(void)ca_git_packed_refs_find(d, size, "refs/heads/main", 15, oid);
	if (ca_git_loose_ref(d, size, oid, &target, &tn) == 2)
		for (size_t i = 0; i < tn; i++)
			n += (unsigned char)target[i];
	return 0;
}
