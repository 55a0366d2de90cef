/* decode.c - finds the encoded runs of a buffer (base64, URL-encoded and
 * JSON-escaped strings) and decodes them, so that the engine can run its
 * one vectorscan database over the decoded bytes as well.
 *
 * Everything here is linear in the input and cheap on text that holds no
 * encoded value: the base64 search tests 8-byte blocks with independent
 * table lookups, the other two jump from one '%' or '\' to the next with
 * memchr. A run only becomes a candidate when it looks encoded (a long enough
 * run of the alphabet with both cases and few '/', whose head decodes to text;
 * a valid %XX; a \uXXXX or \/ escape), so paths, identifiers, digests,
 * compressed blobs and certificates are passed over. */
#include "lib/compat.h"
#include "scanners/rules/rules_p.h"
#include "lib/xalloc.h"
#include <pthread.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "lib/banned.h"

/* Shortest base64 run looked at: 18 decoded bytes, shorter than any
 * token of a known shape once its prefix is counted. */
#define B64_MIN_RUN 24
/* Shortest URL-encoded or JSON-escaped run looked at. */
#define ESC_MIN_RUN 16
/* Runs kept per buffer: a generated file of escapes gets no more. */
#define MAX_RUNS 65536
/* Longest run decoded (a bigger one is a blob, not a config value). */
#define MAX_RUN ((size_t)1 << 20)

static short b64_value[256]; /* -1 outside the alphabet */
static size_t b64_mask[256];
static pthread_once_t b64_once = PTHREAD_ONCE_INIT;

static void
b64_fill(void)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                               "abcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < 256; i++)
		b64_value[i] = -1;
	for (size_t i = 0; i < 64; i++) {
		b64_value[(unsigned char)alphabet[i]] = (short)i;
		b64_mask[(unsigned char)alphabet[i]] = SIZE_MAX;
	}
}

static void
b64_init(void)
{
	pthread_once(&b64_once, b64_fill);
}

static bool
is_b64(unsigned char c)
{
	return b64_value[c] >= 0;
}

static int
hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Bytes that may sit in a URL-encoded value (RFC 3986 unreserved and
 * sub-delimiters, '%', ':', '/', '?', '@'): where a run of them ends. */
static bool
is_url_byte(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return c && strchr("%-._~!$&()*+,;=:/?@", c) != NULL;
}

/* A JSON-escaped run ends at whitespace or an unescaped quote. */
static bool
is_json_byte(unsigned char c)
{
	return c > ' ' && c != 0x7f;
}

/* True when data[0..len) is text: no control byte but tab, CR and LF,
 * and at most a quarter of bytes above ASCII (UTF-8 text). Random bytes
 * fail within a few. */
static bool
looks_text(const unsigned char *p, size_t len)
{
	size_t high = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = p[i];

		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c < 0x20 || c == 0x7f)
			return false;
		if (c >= 0x80)
			high++;
	}
	return high * 4 <= len;
}

/* Decodes the base64 of s[0..n) (padding allowed at the end) into 'out'
 * (room for n bytes). Returns the decoded length, or SIZE_MAX when it is
 * not base64. */
static size_t
b64_decode(const char *s, size_t n, unsigned char *out)
{
	size_t o = 0;
	uint32_t acc = 0;
	unsigned int bits = 0;

	while (n && s[n - 1] == '=')
		n--;
	if (n % 4 == 1)
		return SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		int v = b64_value[(unsigned char)s[i]];

		if (v < 0)
			return SIZE_MAX;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	return o;
}

static bool
push_run(struct ca_enc_run **runs, size_t *n, size_t *alloc, size_t start,
    size_t end, enum ca_enc type)
{
	if (*n >= MAX_RUNS)
		return false;
	if (*n == *alloc) {
		*alloc = *alloc ? 2 * *alloc : 16;
		*runs = xrealloc(*runs, *alloc * sizeof(**runs));
	}
	(*runs)[*n].start = start;
	(*runs)[*n].end = end;
	(*runs)[*n].type = type;
	(*n)++;
	return true;
}

/* True when the base64 run s[0..n) may hold text: a path or a long
 * identifier is a run of the alphabet too, but has many '/' or lacks one
 * case (base64 of text mixes both), and the head of anything but text
 * decodes to control bytes. */
static bool
b64_plausible(const unsigned char *s, size_t n)
{
	unsigned char head[16];
	size_t slashes = 0, o;
	bool upper = false, lower = false;

	while (n && s[n - 1] == '=')
		n--;
	if (n % 4 == 1)
		return false;
	for (size_t i = 0; i < n; i++) {
		slashes += s[i] == '/';
		upper |= s[i] >= 'A' && s[i] <= 'Z';
		lower |= s[i] >= 'a' && s[i] <= 'z';
	}
	if (!upper || !lower || slashes * 8 > n)
		return false;
	o = b64_decode((const char *)s, 16, head);
	return o != SIZE_MAX && looks_text(head, o);
}

/* Reports the run around data[from..to) (all in the alphabet), grown to
 * its ends but not back past 'floor', when it is long and plausible.
 * Returns where the run ends, or SIZE_MAX at the cap on runs. */
static size_t
b64_run_at(const unsigned char *d, size_t len, size_t floor, size_t from,
    size_t to, struct ca_enc_run **runs, size_t *n, size_t *alloc)
{
	size_t s = from, e = to;

	while (s > floor && is_b64(d[s - 1]))
		s--;
	while (e < len && is_b64(d[e]))
		e++;
	if (e - s < B64_MIN_RUN)
		return e;
	if (e < len && d[e] == '=')
		e++;
	if (e < len && d[e] == '=')
		e++;
	if (e - s <= MAX_RUN && b64_plausible(d + s, e - s) &&
	    !push_run(runs, n, alloc, s, e, CA_ENC_BASE64))
		return SIZE_MAX;
	return e;
}

#ifdef __SSE2__
/* Bit k set when d[k] (of 16) is in the base64 alphabet. Bytes above
 * 0x7f are negative to the signed compares, so never in a range. */
static inline unsigned int
b64_bits16(const unsigned char *d)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)d);
	__m128i up = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)),
	    _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));
	__m128i lo = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('a' - 1)),
	    _mm_cmplt_epi8(x, _mm_set1_epi8('z' + 1)));
	__m128i di = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
	    _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
	__m128i ps = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('+')),
	    _mm_cmpeq_epi8(x, _mm_set1_epi8('/')));

	return (unsigned int)_mm_movemask_epi8(
	    _mm_or_si128(_mm_or_si128(up, lo), _mm_or_si128(di, ps)));
}
#endif

/* Base64 runs: maximal runs of the alphabet of at least B64_MIN_RUN
 * (24) bytes, with their '=' padding, that b64_plausible() accepts. With
 * SSE2, 64 bytes at a time become a mask of alphabet bytes, in which a
 * run of 24 ones is found with five shifts (and one reaching back into
 * the bytes before through 'carry'); otherwise the search tests 8-byte
 * blocks with independent lookups of b64_mask (a run of 24 holds two
 * whole blocks of the grid). Either way it looks closer only there. */
static void
find_b64(const char *data, size_t len, struct ca_enc_run **runs, size_t *n,
    size_t *alloc)
{
	const unsigned char *d = (const unsigned char *)data;
	size_t i = 0, floor = 0, e;
#ifdef __SSE2__
	size_t carry = 0; /* alphabet bytes just before i, since floor */

	while (i + 64 <= len) {
		uint64_t m = (uint64_t)b64_bits16(d + i) |
		    (uint64_t)b64_bits16(d + i + 16) << 16 |
		    (uint64_t)b64_bits16(d + i + 32) << 32 |
		    (uint64_t)b64_bits16(d + i + 48) << 48;
		uint64_t t = m & (m >> 1);
		size_t lead = ~m ? (size_t)__builtin_ctzll(~m) : 64;
		size_t from;

		t &= t >> 2;
		t &= t >> 4;
		t &= t >> 8; /* runs of 16 starting at each bit */
		t &= t >> 8; /* ... of 24 */
		if (lead && carry + lead >= B64_MIN_RUN)
			from = i;
		else if (t)
			from = i + (size_t)__builtin_ctzll(t);
		else {
			carry = ~m ? (size_t)__builtin_clzll(~m) : carry + 64;
			i += 64;
			continue;
		}
		e = b64_run_at(d, len, floor, from, from + 1, runs, n, alloc);
		if (e == SIZE_MAX)
			return;
		floor = e;
		i = e + 1 < len ? e + 1 : len;
		carry = 0;
	}
	/* The tail, under 64 bytes: byte by byte, from the run before it. */
	for (size_t j = i - carry; j < len; j++) {
#else
	bool prev = false;

	while (i + 8 <= len) {
		const unsigned char *p = d + i;
		size_t m = b64_mask[p[0]] & b64_mask[p[1]] & b64_mask[p[2]] &
		    b64_mask[p[3]] & b64_mask[p[4]] & b64_mask[p[5]] &
		    b64_mask[p[6]] & b64_mask[p[7]];

		if (m && prev) {
			e = b64_run_at(d, len, floor, i - 8, i + 8, runs, n,
			    alloc);
			if (e == SIZE_MAX)
				return;
			floor = e;
			i = e + 1; /* d[e] is outside the run, or the end */
			prev = false;
			continue;
		}
		prev = m != 0;
		i += 8;
	}
	/* The tail, shorter than a block: a run reaching into it has whole
	 * blocks before it only when it started early enough. */
	for (size_t j = len > 32 && len - 32 > floor ? len - 32 : floor;
	     j < len; j++) {
#endif
		if (!is_b64(d[j]))
			continue;
		e = b64_run_at(d, len, floor, j, j + 1, runs, n, alloc);
		if (e == SIZE_MAX)
			return;
		floor = e;
		j = e;
	}
}

/* URL-encoded runs: around each valid %XX, the run of URL bytes. */
static void
find_url(const char *data, size_t len, struct ca_enc_run **runs, size_t *n,
    size_t *alloc)
{
	const unsigned char *d = (const unsigned char *)data;
	size_t i = 0;

	while (i < len) {
		const unsigned char *p = memchr(d + i, '%', len - i);
		size_t at, s, e;

		if (!p)
			return;
		at = (size_t)(p - d);
		if (at + 2 >= len || hex_value(d[at + 1]) < 0 ||
		    hex_value(d[at + 2]) < 0) {
			i = at + 1;
			continue;
		}
		for (s = at; s > i && is_url_byte(d[s - 1]); s--)
			;
		for (e = at + 3; e < len && is_url_byte(d[e]); e++)
			;
		if (e - s >= ESC_MIN_RUN && e - s <= MAX_RUN &&
		    !push_run(runs, n, alloc, s, e, CA_ENC_URL))
			return;
		i = e;
	}
}

/* JSON-escaped runs: around each \uXXXX or \/ escape, the run up to
 * whitespace or an unescaped quote. */
static void
find_json(const char *data, size_t len, struct ca_enc_run **runs, size_t *n,
    size_t *alloc)
{
	const unsigned char *d = (const unsigned char *)data;
	size_t i = 0;

	while (i < len) {
		const unsigned char *p = memchr(d + i, '\\', len - i);
		size_t at, s, e;
		bool esc;

		if (!p)
			return;
		at = (size_t)(p - d);
		esc = at + 1 < len && d[at + 1] == '/';
		if (!esc && at + 5 < len && d[at + 1] == 'u') {
			esc = true;
			for (size_t h = 2; h < 6; h++)
				esc = esc && hex_value(d[at + h]) >= 0;
		}
		if (!esc) {
			i = at + 2;
			continue;
		}
		/* Back to the opening quote: an escaped quote (\") is part
		 * of the run. */
		for (s = at; s > i && is_json_byte(d[s - 1]) &&
		     (d[s - 1] != '"' || (s >= 2 && d[s - 2] == '\\'));
		     s--)
			;
		for (e = at; e < len && is_json_byte(d[e]); e++) {
			if (d[e] == '\\' && e + 1 < len) {
				e++; /* the escaped byte, quote or not */
				continue;
			}
			if (d[e] == '"')
				break;
		}
		if (e > len)
			e = len;
		if (e - s >= ESC_MIN_RUN && e - s <= MAX_RUN &&
		    !push_run(runs, n, alloc, s, e, CA_ENC_JSON))
			return;
		i = e > at + 2 ? e : at + 2;
	}
}

static int
cmp_run(const void *a, const void *b)
{
	const struct ca_enc_run *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

size_t
ca_enc_find(const char *data, size_t len, struct ca_enc_run **out)
{
	struct ca_enc_run *runs = NULL;
	size_t n = 0, alloc = 0;

	b64_init();
	find_b64(data, len, &runs, &n, &alloc);
	find_url(data, len, &runs, &n, &alloc);
	find_json(data, len, &runs, &n, &alloc);
	if (n > 1)
		qsort(runs, n, sizeof(*runs), cmp_run);
	*out = runs;
	return n;
}

/* Decodes a URL-encoded s[0..n) into 'out'; '+' stays as it is (in a
 * token it is a '+', and a space ends no secret). */
static size_t
url_decode(const char *s, size_t n, unsigned char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] == '%' && i + 2 < n &&
		    (hi = hex_value((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hex_value((unsigned char)s[i + 2])) >= 0) {
			out[o++] = (unsigned char)(hi << 4 | lo);
			i += 2;
			continue;
		}
		out[o++] = (unsigned char)s[i];
	}
	return o;
}

/* Appends the UTF-8 of code point 'cp' to out[*o]. */
static void
put_utf8(unsigned char *out, size_t *o, uint32_t cp)
{
	if (cp < 0x80) {
		out[(*o)++] = (unsigned char)cp;
	} else if (cp < 0x800) {
		out[(*o)++] = (unsigned char)(0xc0 | cp >> 6);
		out[(*o)++] = (unsigned char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		out[(*o)++] = (unsigned char)(0xe0 | cp >> 12);
		out[(*o)++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		out[(*o)++] = (unsigned char)(0x80 | (cp & 0x3f));
	} else {
		out[(*o)++] = (unsigned char)(0xf0 | cp >> 18);
		out[(*o)++] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		out[(*o)++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		out[(*o)++] = (unsigned char)(0x80 | (cp & 0x3f));
	}
}

/* Reads the 4 hex digits at s[0..4); returns the value or -1. */
static int32_t
hex4(const char *s)
{
	int32_t v = 0;

	for (int i = 0; i < 4; i++) {
		int h = hex_value((unsigned char)s[i]);

		if (h < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

/* Decodes the JSON escapes of s[0..n) into 'out'. A lone surrogate
 * becomes '?'. */
static size_t
json_decode(const char *s, size_t n, unsigned char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		int32_t cp;

		if (s[i] != '\\' || i + 1 >= n) {
			out[o++] = (unsigned char)s[i];
			continue;
		}
		i++;
		switch (s[i]) {
		case 'n':
			out[o++] = '\n';
			continue;
		case 't':
			out[o++] = '\t';
			continue;
		case 'r':
			out[o++] = '\r';
			continue;
		case 'b':
		case 'f':
			out[o++] = ' ';
			continue;
		case 'u':
			break;
		default: /* \" \\ \/ and anything else: the byte itself */
			out[o++] = (unsigned char)s[i];
			continue;
		}
		if (i + 4 >= n || (cp = hex4(s + i + 1)) < 0) {
			out[o++] = 'u';
			continue;
		}
		i += 4;
		if (cp >= 0xd800 && cp < 0xdc00 && i + 6 < n &&
		    s[i + 1] == '\\' && s[i + 2] == 'u') {
			int32_t lo = hex4(s + i + 3);

			if (lo >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 6;
			}
		}
		if (cp >= 0xd800 && cp < 0xe000)
			cp = '?';
		put_utf8(out, &o, (uint32_t)cp);
	}
	return o;
}

size_t
ca_enc_decode(const struct ca_enc_run *run, const char *data, char *out)
{
	const char *s = data + run->start;
	size_t n = run->end - run->start, o;
	unsigned char *u = (unsigned char *)out;

	switch (run->type) {
	case CA_ENC_BASE64: {
		/* The head first: most runs that are no base64 of text
		 * (identifiers, digests, binary) fail in 16 bytes. */
		b64_init();
		o = b64_decode(s, 16, u);
		if (o == SIZE_MAX || !looks_text(u, o))
			return 0;
		o = b64_decode(s, n, u);
		break;
	}
	case CA_ENC_URL:
		o = url_decode(s, n, u);
		break;
	case CA_ENC_JSON:
		o = json_decode(s, n, u);
		break;
	default:
		return 0;
	}
	if (o == SIZE_MAX || o < ESC_MIN_RUN / 2 || !looks_text(u, o))
		return 0;
	return o;
}

const char *
ca_enc_name(enum ca_enc type)
{
	switch (type) {
	case CA_ENC_BASE64:
		return "base64";
	case CA_ENC_URL:
		return "url";
	case CA_ENC_JSON:
		return "json";
	}
	return "?";
}
