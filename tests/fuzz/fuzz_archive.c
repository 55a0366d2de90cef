/* fuzz_archive.c - libFuzzer harness for archives inside a tree: the bytes
 * are an archive read from memory (archive_walk.c) with small bounds,
 * nested archives opened three deep, every text entry handed to a callback
 * that checks its NUL and its chain; the same bytes, cut at their first
 * NUL, are an entry name to normalise. */
#include "lib/compat.h"
#include "scanners/core/archive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
on_entry(void *arg, const struct ca_archive_entry *e)
{
	size_t *n = arg;

	if (e->data[e->len] != '\0' || !*e->chain || !*e->name ||
	    strlen(e->chain) >= 64 * 1024)
		abort();
	(*n)++;
}

static void
on_note(void *arg, const char *chain, const char *msg)
{
	(void)arg;
	if (!chain || !msg || !*msg)
		abort();
}

static void
check_name(const uint8_t *data, size_t size)
{
	char raw[2048], out[CA_ARCHIVE_NAME_MAX];
	size_t n = size < sizeof(raw) - 1 ? size : sizeof(raw) - 1;
	unsigned int flags;
	int len;

	memcpy(raw, data, n);
	raw[n] = '\0';
	len = ca_archive_norm_name(raw, out, sizeof(out), &flags);
	if (len < 0)
		return;
	/* nothing left that could climb or be absolute or a control */
	if ((size_t)len != strlen(out) || out[0] == '/' || !strcmp(out, "..") ||
	    !strncmp(out, "../", 3) || strstr(out, "/../") || strstr(out, "//"))
		abort();
	for (int i = 0; i < len; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f ||
		    out[i] == '\\')
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ca_archive_walker w;
	size_t handed = 0;

	check_name(data, size);
	memset(&w, 0, sizeof(w));
	w.lim.max_depth = 3;
	w.lim.max_size = 4u << 20;
	w.lim.max_entry = 1u << 20;
	w.lim.max_entries = 1000;
	w.lim.max_ratio = CA_ARCHIVE_MAX_RATIO;
	w.entry = on_entry;
	w.note = on_note;
	w.arg = &handed;
	ca_archive_walk(&w, (const char *)data, size, "/fuzz.bin.gz");
	if (w.stats.bytes > w.lim.max_size + (64u << 10) ||
	    handed != w.stats.handed)
		abort();
	return 0;
}
