/* fuzz_redact_gate.c - libFuzzer harness for the redaction gate.
 *
 * Each input is one string (cut at its first NUL, as every field is) that
 * goes through ca_gate_str() and ca_gate_buf(). The gate promises: an
 * unchanged string comes back as the same pointer; a changed one is a
 * fixed point (a second pass finds nothing left to redact), so no secret
 * the rules know survives; the in-place form agrees with it, cut to the
 * buffer. */
#include "lib/compat.h"
#include "lib/arena.h"
#include "scanners/core/redact_gate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ca_gate *gate;
static struct arena *arena;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, buf[512];
	const char *once, *twice;

	if (!gate) {
		gate = ca_gate_new();
		arena = arena_new(64 * 1024);
		if (!gate)
			abort();
	}
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	once = ca_gate_str(gate, arena, s);
	if (once != s) {
		twice = ca_gate_str(gate, arena, once);
		if (twice != once)
			abort(); /* something secret-shaped was left */
	}
	snprintf(buf, sizeof(buf), "%s", s);
	ca_gate_buf(gate, buf, sizeof(buf));
	if (strlen(buf) >= sizeof(buf))
		abort();
	free(s);
	arena_reset(arena);
	return 0;
}
