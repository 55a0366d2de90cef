/* jsonc.c - JSON with comments and trailing commas (see jsonc.h). */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/xalloc.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/jsonc.h"

/* Blanks byte 'i' of 'out' unless it is a newline, which keeps lines. */
static void
blank_at(char *out, size_t i)
{
	if (out[i] != '\n')
		out[i] = ' ';
}

size_t
jsonc_blank(const char *in, size_t len, char *out)
{
	size_t blanked = 0, comma = 0;
	bool in_string = false, have_comma = false;

	memcpy(out, in, len);
	for (size_t i = 0; i < len; i++) {
		char c = in[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '/' && i + 1 < len && in[i + 1] == '/') {
			for (; i < len && in[i] != '\n'; i++, blanked++)
				blank_at(out, i);
			continue;
		}
		if (c == '/' && i + 1 < len && in[i + 1] == '*') {
			size_t j = i + 2;
			while (
			    j + 1 < len && !(in[j] == '*' && in[j + 1] == '/'))
				j++;
			/* an unterminated comment runs to the end */
			j = j + 1 < len ? j + 2 : len;
			for (; i < j; i++, blanked++)
				blank_at(out, i);
			i--;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (have_comma && (c == '}' || c == ']')) {
			out[comma] = ' ';
			blanked++;
		}
		have_comma = c == ',';
		comma = i;
		if (c == '"')
			in_string = true;
	}
	return blanked;
}

json_t *
jsonc_load(const char *data, size_t len, int *line)
{
	char *copy;
	json_t *doc;

	*line = 0;
	if (!data)
		return NULL;
	copy = xmalloc(len + 1);
	jsonc_blank(data, len, copy);
	copy[len] = '\0';
	doc = ck_json_load(copy, len, line);
	ca_wipe(copy, len + 1);
	free(copy);
	return doc;
}

json_t *
jsonc_load_warn(struct ca_ctx *ctx, const struct ca_file *f)
{
	int line;
	json_t *doc = jsonc_load(f->data, f->len, &line);

	if (doc)
		return doc;
	if (line)
		ca_warn(ctx, NULL, "invalid JSON at line %d", line);
	else
		ca_warn(ctx, NULL, "invalid JSON");
	return NULL;
}
