/* known.c - known public test values: the test keys of CPython, Go,
 * OpenSSL and friends, and documentation samples (the AWS example key
 * pair, the jwt.io token), which are published and so are no credential.
 *
 * data/known_test_values.tsv is compiled in (the Makefile turns it into
 * $(B)/gen/known_values_data.c) and holds the SHA-256 of each normalised
 * value, never the value; scripts/gen-known-values.py regenerates it from
 * the sources it names and normalises exactly as known_normalise() does.
 * A policy file adds its own digests (known_values in credatlas(1)). */
#include "lib/compat.h"
#include <pthread.h>
#include "lib/hash.h"
#include "lib/xalloc.h"
#include "report/model/policy.h"
#include "scanners/rules/rules.h"
#include "lib/banned.h"

extern const unsigned char ca_known_values_tsv[];
extern const size_t ca_known_values_tsv_len;

struct known_row {
	unsigned char digest[CA_SHA256_LEN];
};

static struct known_row *known_rows;
static size_t known_nrows;
static pthread_once_t known_once = PTHREAD_ONCE_INIT;

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
ca_known_parse_hex(const char *s, size_t len, unsigned char out[CA_SHA256_LEN])
{
	if (len != 2 * CA_SHA256_LEN)
		return -1;
	for (size_t i = 0; i < CA_SHA256_LEN; i++) {
		int hi = hexval((unsigned char)s[2 * i]);
		int lo = hexval((unsigned char)s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

static int
cmp_row(const void *a, const void *b)
{
	return memcmp(a, b, CA_SHA256_LEN);
}

/* Reads the compiled table: one "HEX\tkind\tsource" row a line, '#'
 * comments. A malformed row is skipped (the table is generated, and
 * test_rules checks that every row parses). */
static void
known_load(void)
{
	const char *p = (const char *)ca_known_values_tsv;
	const char *end = p + ca_known_values_tsv_len;
	size_t cap = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *tab = memchr(p, '\t', (size_t)(eol - p));
		unsigned char d[CA_SHA256_LEN];

		if (*p != '#' && tab &&
		    !ca_known_parse_hex(p, (size_t)(tab - p), d)) {
			if (known_nrows == cap) {
				cap = cap ? 2 * cap : 128;
				known_rows = xrealloc(known_rows,
				    cap * sizeof(*known_rows));
			}
			memcpy(known_rows[known_nrows++].digest, d, sizeof(d));
		}
		p = eol + 1;
	}
	if (known_nrows > 1)
		qsort(known_rows, known_nrows, sizeof(*known_rows), cmp_row);
}

size_t
ca_known_count(void)
{
	pthread_once(&known_once, known_load);
	return known_nrows;
}

static bool
is_b64(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
}

/* Finds 'needle' in s[from..len); returns its offset or SIZE_MAX. */
static size_t
find(const char *s, size_t len, size_t from, const char *needle)
{
	size_t n = strlen(needle);
	const char *p;

	if (from > len)
		return SIZE_MAX;
	p = memmem(s + from, len - from, needle, n);
	return p ? (size_t)(p - s) : SIZE_MAX;
}

/* Writes the normalised form of s[0..len) into 'out' (len bytes at
 * least) and returns its length: the base64 body of a PEM block (header
 * lines with a ':' dropped, "\n" escapes taken as newlines), or the value
 * without surrounding whitespace. Mirrors scripts/gen-known-values.py. */
static size_t
known_normalise(const char *s, size_t len, char *out)
{
	size_t begin = find(s, len, 0, "-----BEGIN "), head, end, k = 0;

	if (begin != SIZE_MAX &&
	    (head = find(s, len, begin + 11, "-----")) != SIZE_MAX &&
	    (end = find(s, len, head + 5, "-----END")) != SIZE_MAX) {
		size_t i = head + 5;

		while (i < end) {
			size_t eol = i, next, line = k;
			bool header = false;

			while (eol < end && s[eol] != '\n' && s[eol] != '\r' &&
			    !(s[eol] == '\\' && eol + 1 < end &&
			        (s[eol + 1] == 'n' || s[eol + 1] == 'r')))
				eol++;
			next = eol < end ? eol + (s[eol] == '\\' ? 2 : 1) : end;
			for (size_t j = i; j < eol; j++) {
				if (s[j] == ':')
					header = true;
				else if (is_b64(s[j]))
					out[k++] = s[j];
			}
			if (header)
				k = line; /* Proc-Type:, DEK-Info: */
			i = next;
		}
		return k;
	}
	while (len && strchr(" \t\r\n\f\v", s[0]) && s[0]) {
		s++;
		len--;
	}
	while (len && strchr(" \t\r\n\f\v", s[len - 1]) && s[len - 1])
		len--;
	memcpy(out, s, len);
	return len;
}

void
ca_known_digest(const char *s, size_t len, unsigned char out[CA_SHA256_LEN])
{
	char stack[8192];
	char *buf = len <= sizeof(stack) ? stack : xmalloc(len);
	size_t n = known_normalise(s, len, buf);

	ca_sha256(buf, n, out);
	/* The normalised copy is the secret, or most of it. */
	ca_wipe(buf, n);
	if (buf != stack)
		free(buf);
}

bool
ca_known_test_value(const char *s, size_t len, const struct ca_policy *p)
{
	unsigned char d[CA_SHA256_LEN];

	if (!s || !len)
		return false;
	pthread_once(&known_once, known_load);
	ca_known_digest(s, len, d);
	if (known_nrows &&
	    bsearch(d, known_rows, known_nrows, sizeof(*known_rows), cmp_row))
		return true;
	return ca_policy_known_value(p, d);
}
