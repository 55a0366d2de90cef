/* git_refs.c - loose refs, packed-refs and reflogs (gitrepository-
 * layout(5), git-pack-refs(1)) read from a byte buffer, line by line;
 * every line is bounded by the buffer's end before it is looked at. */
#include "lib/compat.h"
#include "scanners/core/git_refs.h"
#include "lib/banned.h"

static int
hexval(char c)
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
ca_git_oid_from_hex(const char *s, unsigned char oid[CA_GIT_OID_RAW])
{
	for (size_t i = 0; i < CA_GIT_OID_RAW; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		oid[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

static bool
oid_is_zero(const unsigned char oid[CA_GIT_OID_RAW])
{
	for (size_t i = 0; i < CA_GIT_OID_RAW; i++)
		if (oid[i])
			return false;
	return true;
}

/* An id that ends its token: 40 hex digits followed by the line's end or
 * one of 'seps'. */
static int
token_oid(const char *p, size_t n, const char *seps,
    unsigned char oid[CA_GIT_OID_RAW])
{
	if (n < CA_GIT_OID_HEX || ca_git_oid_from_hex(p, oid) < 0)
		return -1;
	/* strchr() finds the terminator too: a NUL is no separator */
	if (n > CA_GIT_OID_HEX &&
	    (!p[CA_GIT_OID_HEX] || !strchr(seps, p[CA_GIT_OID_HEX])))
		return -1;
	return 0;
}

int
ca_git_loose_ref(const char *data, size_t len,
    unsigned char oid[CA_GIT_OID_RAW], const char **target, size_t *target_len)
{
	const char *nl;
	size_t n;

	if (!data)
		return -1;
	nl = memchr(data, '\n', len);
	n = nl ? (size_t)(nl - data) : len;
	if (n > 5 && memcmp(data, "ref: ", 5) == 0) {
		const char *t = data + 5;
		size_t tn = n - 5;

		while (tn && (t[tn - 1] == ' ' || t[tn - 1] == '\r'))
			tn--;
		if (!tn || memchr(t, '\0', tn))
			return -1;
		*target = t;
		*target_len = tn;
		return 2;
	}
	if (n > CA_GIT_OID_HEX && data[n - 1] == '\r')
		n--;
	if (n != CA_GIT_OID_HEX || token_oid(data, n, "", oid) < 0)
		return -1;
	return 1;
}

static bool
has_prefix(const char *p, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);

	return n >= pl && memcmp(p, prefix, pl) == 0;
}

int
ca_git_packed_refs_each(const char *data, size_t len, bool remote_only,
    ca_git_oid_fn *fn, void *arg)
{
	const char *p = data, *end = data ? data + len : NULL;
	bool last_kept = false; /* the ref a "^" line peels was kept */

	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		unsigned char oid[CA_GIT_OID_RAW];
		int ret = 0;

		if (n && p[n - 1] == '\r')
			n--;
		if (!n || p[0] == '#') {
			/* header or blank: nothing */
		} else if (p[0] == '^') {
			if (token_oid(p + 1, n - 1, "", oid) < 0)
				return -1;
			if (last_kept)
				ret = fn(oid, arg);
		} else {
			if (token_oid(p, n, " ", oid) < 0 ||
			    n < CA_GIT_OID_HEX + 2)
				return -1;
			last_kept = !remote_only ||
			    has_prefix(p + CA_GIT_OID_HEX + 1,
			        n - CA_GIT_OID_HEX - 1, "refs/remotes/");
			if (last_kept)
				ret = fn(oid, arg);
		}
		if (ret)
			return ret;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

int
ca_git_packed_refs_find(const char *data, size_t len, const char *name,
    size_t nlen, unsigned char oid[CA_GIT_OID_RAW])
{
	const char *p = data, *end = data ? data + len : NULL;

	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (n && p[n - 1] == '\r')
			n--;
		if (n && p[0] != '#' && p[0] != '^') {
			if (token_oid(p, n, " ", oid) < 0 ||
			    n < CA_GIT_OID_HEX + 2)
				return -1;
			if (n - CA_GIT_OID_HEX - 1 == nlen &&
			    memcmp(p + CA_GIT_OID_HEX + 1, name, nlen) == 0)
				return 1;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

int
ca_git_reflog_each(const char *data, size_t len, ca_git_oid_fn *fn, void *arg)
{
	const char *p = data, *end = data ? data + len : NULL;

	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		unsigned char oid[CA_GIT_OID_RAW];
		int ret;

		if (n) {
			if (n < 2 * CA_GIT_OID_HEX + 1 ||
			    p[CA_GIT_OID_HEX] != ' ')
				return -1;
			for (int i = 0; i < 2; i++) {
				const char *at = p + i * (CA_GIT_OID_HEX + 1);

				if (token_oid(at, n - (size_t)(at - p), " \t\r",
				        oid) < 0)
					return -1;
				if (!oid_is_zero(oid) && (ret = fn(oid, arg)))
					return ret;
			}
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}
