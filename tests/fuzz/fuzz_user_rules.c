/* fuzz_user_rules.c - libFuzzer harness for rules files (--rules).
 *
 * The first byte picks the format (YAML, TOML or JSON, by the file's
 * extension); the rest is written to a file of this process and loaded.
 * A file that loads is compiled with the built-in rules and the ruleset
 * scans the input itself: whatever the rules say, the load either fails
 * with an error or gives rules that compile or fail cleanly, and a scan
 * stays within its limits. */
#include "lib/compat.h"
#include "scanners/rules/rules.h"
#include "lib/arena.h"
#include <stdio.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
count_hit(void *arg, const struct ca_rule_hit *h)
{
	size_t *n = arg;

	if (!h->rule_id || !h->secret || !h->secret_len)
		abort();
	(*n)++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ext[] = { "yaml", "toml", "json" };
	static struct arena *arena;
	char path[64];
	struct ca_user_rules *ur = NULL;
	struct ca_ruleset *rs = NULL;
	FILE *f;

	if (!size)
		return 0;
	if (!arena)
		arena = arena_new(64 << 10);
	snprintf(path, sizeof(path), "/tmp/fuzz_user_rules.%d.%s",
	    (int)getpid(), ext[data[0] % 3]);
	f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data + 1, 1, size - 1, f);
	fclose(f);
	if (ca_user_rules_load(&ur, path) == 0 &&
	    ca_ruleset_compile_user(ur, &rs) == 0) {
		struct ca_rule_scratch *sc = ca_rule_scratch_new(rs);
		size_t n = 0;

		if (!sc)
			abort();
		ca_rule_scratch_set_path(sc, path);
		arena_reset(arena);
		(void)ca_rules_scan(rs, sc, (const char *)data + 1, size - 1,
		    arena, count_hit, &n);
		ca_rule_scratch_free(sc);
		ca_ruleset_free(rs);
	}
	ca_user_rules_free(ur);
	unlink(path);
	return 0;
}
