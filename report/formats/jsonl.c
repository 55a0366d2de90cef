/* jsonl.c - JSON Lines: one compact credential object per line, for SIEM
 * and log pipelines that ingest a record at a time.
 *
 * Each line is the credential object of the main report (same keys, same
 * order, see JSON OUTPUT in credatlas(1)) followed by "scan", the context a
 * lone record needs: when the scan started, its root and the fingerprint
 * key's id. jansson escapes every control character, so a newline in a
 * file name cannot split a record; U+2028 and U+2029 are escaped here too,
 * since some line readers (Python's splitlines, old JavaScript) break
 * lines there. Per-file errors are not credentials and are left to the
 * JSON report. */
#include "lib/compat.h"
#include <jansson.h>
#include "lib/log.h"
#include "report/formats/emit.h"
#include "report/formats/json_p.h"
#include "lib/banned.h"

/* Returns a new reference to the "scan" context, or NULL; 'm' is
 * borrowed. */
static json_t *
scan_context(const struct ca_scan_meta *m)
{
	json_t *o = json_object();
	int err = 0;

	if (!o)
		return NULL;
	err |= json_object_set_new(o, "started", ca_json_str(m->started));
	err |= json_object_set_new(o, "root",
	    ca_json_str(m->root ? m->root : "/"));
	err |= json_object_set_new(o, "key_id", ca_json_str(m->key_id));
	return ca_json_done(o, err);
}

/* Writes one record, 'line' (borrowed, valid UTF-8 from jansson), and a
 * newline, with the Unicode line and paragraph separators escaped. */
static void
put_line(FILE *out, const char *line)
{
	const unsigned char *p = (const unsigned char *)line;

	for (; *p; p++) {
		/* U+2028 is e2 80 a8, U+2029 e2 80 a9. */
		if (p[0] == 0xe2 && p[1] == 0x80 &&
		    (p[2] == 0xa8 || p[2] == 0xa9)) {
			fputs(p[2] == 0xa8 ? "\\u2028" : "\\u2029", out);
			p += 2;
		} else {
			fputc(*p, out);
		}
	}
	fputc('\n', out);
}

/* 'out', 'inv' and 'opts' are borrowed. */
static int
jsonl_write(FILE *out, const struct ca_inventory *inv,
    const struct ca_emit_opts *opts)
{
	json_t *scan;

	(void)opts;
	scan = scan_context(&inv->meta);
	if (!scan)
		return ca_error("cannot build the JSON Lines report: out of "
		                "memory");
	for (size_t i = 0; i < inv->ncreds; i++) {
		json_t *c = ca_json_credential(inv->creds[i]);
		char *line;

		/* json_object_set() takes its own reference: every line
		 * shares the one context object. */
		if (!c || json_object_set(c, "scan", scan)) {
			json_decref(c);
			json_decref(scan);
			return ca_error("cannot build the JSON Lines report: "
			                "out of memory");
		}
		line = json_dumps(c, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(c);
		if (!line) {
			json_decref(scan);
			return ca_error("cannot build the JSON Lines report: "
			                "out of memory");
		}
		put_line(out, line);
		free(line);
		if (ferror(out))
			break;
	}
	json_decref(scan);
	if (ferror(out))
		return ca_error("cannot write the JSON Lines report: %s",
		    strerror(errno));
	return 0;
}

static const char *const jsonl_extensions[] = { ".jsonl", ".ndjson", NULL };

const struct ca_emitter ca_emitter_jsonl = {
	.format = "jsonl",
	.extensions = jsonl_extensions,
	.write = jsonl_write,
};
