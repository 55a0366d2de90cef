/* jsonc.h - JSON with comments and trailing commas, as the editors write
 * it (VS Code, Cursor, Zed and Windsurf settings are JSONC), read with
 * jansson after a pass that blanks what plain JSON forbids.
 *
 * The pass keeps every byte's offset and every newline, so a line number
 * jansson reports and a line found by searching the original bytes stay
 * right. The blanked copy may hold secrets: it is wiped before it is
 * freed. Symbols carry 'jsonc_'. */
#ifndef CA_JSONC_H
#define CA_JSONC_H

#include "scanners/core/scanner.h"
#include <jansson.h>

/* Writes into 'out' (borrowed, 'len' bytes) the 'len' bytes of 'in'
 * (borrowed) with "//" and block comments and trailing commas before
 * '}' or ']' turned into spaces (newlines kept). Strings are left as they
 * are, escapes included. Returns the number of bytes blanked. */
size_t jsonc_blank(const char *in, size_t len, char *out);

/* Parses 'len' bytes of 'data' (borrowed) as JSONC. Returns an owned
 * document (free it with ck_json_free) or NULL with '*line' set to the
 * 1-based line of the error (0 unknown). */
json_t *jsonc_load(const char *data, size_t len, int *line);

/* jsonc_load of the file 'f' (borrowed) that warns, naming the line, when
 * it is not JSONC. NULL means "stop, already reported". */
json_t *jsonc_load_warn(struct ca_ctx *ctx, const struct ca_file *f);

#endif
