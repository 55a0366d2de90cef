/* str.h - spans and the small string helpers every layer shares.
 *
 * A span is a borrowed view of bytes: it owns nothing, is not
 * NUL-terminated, and lives no longer than the buffer it points into. The
 * helpers never allocate except the printable copies, which go into an
 * arena the caller names. Comparisons are ASCII-only on purpose: file
 * formats spell their keys in ASCII, and a locale must not change a
 * match. */
#ifndef CA_STR_H
#define CA_STR_H

#include "lib/compat.h"

struct arena;

struct ca_span {
	const char *p; /* borrowed; NULL only when len is 0 */
	size_t len;
};

/* Returns the span of the C string 's' (borrowed); NULL gives {NULL, 0}. */
struct ca_span ca_span_str(const char *s);
/* Returns 's' without leading and trailing ASCII whitespace. */
struct ca_span ca_span_trim(struct ca_span s);
/* True when 's' holds exactly the C string 'lit' (borrowed). */
bool ca_span_eq(struct ca_span s, const char *lit);

/* Shrinks [*s, *s + *len) past leading and trailing ASCII whitespace
 * (space, \t, \n, \v, \f, \r). '*s' is borrowed and stays inside. */
void ca_trim(const char **s, size_t *len);
/* True when the 'len' bytes at 's' equal the C string 'lit', ignoring
 * ASCII case. Both borrowed. */
bool ca_ieq(const char *s, size_t len, const char *lit);
/* True when the C string 's' starts / ends with 'affix'. Borrowed. */
bool ca_starts_with(const char *s, const char *prefix);
bool ca_ends_with(const char *s, const char *suffix);
/* ca_ends_with, ignoring ASCII case (".JSON" ends with ".json"). */
bool ca_ends_with_icase(const char *s, const char *suffix);
/* The value of one hex digit, or -1 when 'c' is not one. */
int ca_hexval(int c);

/* Returns the 1-based line of the first occurrence of 'needle' ('nlen'
 * bytes) in 'data', or 0 when it does not occur, 'nlen' is 0 or 'data' is
 * over 4 MiB (one search per finding must stay cheap on a hostile file).
 * All borrowed. */
unsigned int ca_line_of(const char *data, size_t len, const char *needle,
    size_t nlen);

/* True when all 'len' bytes at 's' (borrowed) are printable ASCII
 * (0x20 to 0x7e). */
bool ca_is_printable_ascii(const char *s, size_t len);
/* Returns a copy of at most 'max' of the 'len' bytes at 's' (borrowed),
 * owned by arena 'a', with control bytes as '?'. Fit for messages and
 * labels, never for a secret: the copy is not wiped. NULL in gives NULL
 * out. */
char *ca_printable(struct arena *a, const char *s, size_t len, size_t max);
/* ca_printable, but a cut shows: it ends at a UTF-8 boundary and "..." is
 * added. */
char *ca_printable_cut(struct arena *a, const char *s, size_t len, size_t max);
/* ca_printable of all 'len' bytes, with every byte past 0x7e as '?' too
 * (ASCII only). */
char *ca_printable_ascii(struct arena *a, const char *s, size_t len);
/* Writes the printable form of the C string 's' (borrowed) into 'out'
 * ('size' > 0 bytes, borrowed), cut to fit, and returns 'out'. For
 * messages built on the stack. */
char *ca_printable_buf(char *out, size_t size, const char *s);

#endif
