/* fuzz_rules.c - libFuzzer harness for the content rule engine.
 *
 * The ruleset is compiled once; each input is scanned as one buffer (not
 * NUL-terminated: a copy of exactly the input's size, so an over-read is
 * an ASan report) and every hit is checked against the engine's promises:
 * spans inside the buffer, the secret pointer at the span, position order,
 * line numbers that match the newlines before the start; a hit in a
 * decoded value (they come first) at an encoded run of the buffer. The first
 * byte's low bit scans as source code (the keyword rules' code mode); the
 * known-value normaliser runs on the input and on every hit. */
#include "lib/compat.h"
#include "scanners/rules/rules.h"
#include "lib/arena.h"
#include "lib/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ca_ruleset *rs;
static struct ca_rule_scratch *sc;
static struct arena *arena;

struct check {
	const char *buf;
	size_t len;
	size_t last_start;
	bool plain_seen; /* a plain hit came: no decoded one may follow */
	size_t pos;
	unsigned int line;
};

static int
check_hit(void *arg, const struct ca_rule_hit *h)
{
	struct check *c = arg;

	if (h->encoding) {
		/* Decoded: the span is the encoded run's, the secret lies in
		 * the decoded bytes; these hits come before the plain ones. */
		unsigned int line = 1;

		if (!h->rule_id || !h->kind || h->start >= h->end ||
		    h->end > c->len || !h->secret || !h->secret_len ||
		    h->preview_prefix > h->secret_len || c->plain_seen)
			abort();
		for (size_t i = 0; i < h->start; i++)
			line += c->buf[i] == '\n';
		if (h->line != line)
			abort();
		(void)ca_known_test_value(h->secret, h->secret_len, NULL);
		return 0;
	}
	if (!h->rule_id || !h->kind || h->start >= h->end || h->end > c->len ||
	    h->secret != c->buf + h->start ||
	    h->secret_len != h->end - h->start ||
	    h->preview_prefix > h->secret_len || h->start < c->last_start)
		abort();
	for (; c->pos < h->start; c->pos++)
		c->line += c->buf[c->pos] == '\n';
	if (h->line != c->line)
		abort();
	(void)ca_known_test_value(h->secret, h->secret_len, NULL);
	if (h->identity)
		(void)strlen(h->identity);
	if (h->detail)
		(void)strlen(h->detail);
	c->last_start = h->start;
	c->plain_seen = true;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct check c = { 0 };
	unsigned char digest[32];
	char *buf;

	if (!rs) {
		if (ca_ruleset_compile(&rs) < 0)
			abort();
		sc = ca_rule_scratch_new(rs);
		arena = arena_new(64 << 10);
		if (!sc)
			abort();
	}
	buf = xmalloc(size ? size : 1);
	if (size)
		memcpy(buf, data, size);
	c.buf = buf;
	c.len = size;
	c.line = 1;
	arena_reset(arena);
	ca_known_digest(buf, size, digest);
	ca_rule_scratch_set_code(sc, size && (data[0] & 1));
	if (ca_rules_scan(rs, sc, buf, size, arena, check_hit, &c) < 0)
		abort();
	free(buf);
	return 0;
}
