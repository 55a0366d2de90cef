/* str.c - see str.h. */
#include "lib/compat.h"
#include "lib/arena.h"
#include "lib/str.h"
#include "lib/banned.h"

/* Flags of printable_copy(). */
#define PRINT_CUT_MARK (1u << 0) /* cut at a UTF-8 boundary, add "..." */
#define PRINT_ASCII    (1u << 1) /* bytes past 0x7e become '?' too */

/* Files past this size report line 0: a line search per finding would
 * otherwise make a hostile file with many findings quadratic. */
#define LINE_OF_MAX (4u << 20)

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	    c == '\r';
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Control bytes (and, for PRINT_ASCII, bytes past 0x7e) show as '?'. */
static char
printable_byte(char c, unsigned int flags)
{
	unsigned char u = (unsigned char)c;

	if (u < 0x20 || u == 0x7f)
		return '?';
	if ((flags & PRINT_ASCII) && u > 0x7e)
		return '?';
	return c;
}

struct ca_span
ca_span_str(const char *s)
{
	struct ca_span sp = { s, s ? strlen(s) : 0 };

	return sp;
}

struct ca_span
ca_span_trim(struct ca_span s)
{
	ca_trim(&s.p, &s.len);
	return s;
}

bool
ca_span_eq(struct ca_span s, const char *lit)
{
	return strlen(lit) == s.len && (!s.len || !memcmp(s.p, lit, s.len));
}

void
ca_trim(const char **s, size_t *len)
{
	while (*len && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
}

bool
ca_ieq(const char *s, size_t len, const char *lit)
{
	if (strlen(lit) != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (lower(s[i]) != lower(lit[i]))
			return false;
	return true;
}

bool
ca_starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

bool
ca_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !memcmp(s + n - m, suffix, m);
}

bool
ca_ends_with_icase(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && ca_ieq(s + n - m, m, suffix);
}

int
ca_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

unsigned int
ca_line_of(const char *data, size_t len, const char *needle, size_t nlen)
{
	const char *hit, *p = data;
	unsigned int line = 1;

	if (!data || !nlen || len > LINE_OF_MAX)
		return 0;
	hit = memmem(data, len, needle, nlen);
	if (!hit)
		return 0;
	while (p < hit) {
		p = memchr(p, '\n', (size_t)(hit - p));
		if (!p)
			break;
		line++;
		p++;
	}
	return line;
}

bool
ca_is_printable_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

/* The one implementation of the printable copies; see str.h. Returns
 * owned by 'a'; 's' is borrowed. */
static char *
printable_copy(struct arena *a, const char *s, size_t len, size_t max,
    unsigned int flags)
{
	bool cut = len > max;
	bool mark = cut && (flags & PRINT_CUT_MARK);
	size_t n = cut ? max : len;
	char *out;

	if (!s)
		return NULL;
	/* a marked cut does not end inside a UTF-8 sequence */
	while (mark && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	out = arena_alloc(a, n + (mark ? 4 : 1));
	for (size_t i = 0; i < n; i++)
		out[i] = printable_byte(s[i], flags);
	if (mark)
		memcpy(out + n, "...", 4);
	else
		out[n] = '\0';
	return out;
}

char *
ca_printable(struct arena *a, const char *s, size_t len, size_t max)
{
	return printable_copy(a, s, len, max, 0);
}

char *
ca_printable_cut(struct arena *a, const char *s, size_t len, size_t max)
{
	return printable_copy(a, s, len, max, PRINT_CUT_MARK);
}

char *
ca_printable_ascii(struct arena *a, const char *s, size_t len)
{
	return printable_copy(a, s, len, len, PRINT_ASCII);
}

char *
ca_printable_buf(char *out, size_t size, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++)
		out[i] = printable_byte(s[i], 0);
	out[i] = '\0';
	return out;
}
