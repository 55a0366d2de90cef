/* verify_sigv4.c - AWS Signature Version 4, for the one verifier that
 * cannot put its secret in a header (STS GetCallerIdentity).
 *
 * The secret access key never goes on the wire: it keys an HMAC chain
 * (date, region, service, "aws4_request") whose last link signs a digest
 * of the request. Every intermediate key is wiped. Checked against the
 * published aws-sig-v4-test-suite (tests/unit/test_sigv4.c). */
#include "lib/compat.h"
#include <ctype.h>
#include "lib/hash.h"
#include "lib/str.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "scanners/verify/verify_p.h"
#include "lib/banned.h"

#define ALGORITHM "AWS4-HMAC-SHA256"

struct url_parts {
	const char *scheme;
	size_t scheme_len;
	const char *host; /* host[:port], as in the URL */
	size_t host_len;
	const char *path;
	size_t path_len;
	const char *query;
	size_t query_len;
};

static int
split_url(const char *url, struct url_parts *u)
{
	const char *p = strstr(url, "://"), *h, *end;

	memset(u, 0, sizeof(*u));
	if (!p)
		return -1;
	u->scheme = url;
	u->scheme_len = (size_t)(p - url);
	h = p + 3;
	end = h + strcspn(h, "/?#");
	if (end == h || memchr(h, '@', (size_t)(end - h)))
		return -1;
	u->host = h;
	u->host_len = (size_t)(end - h);
	/* The Host header omits the scheme's default port. */
	if (u->host_len > 4 && u->scheme_len == 5 &&
	    !strncasecmp(url, "https", 5) && !memcmp(end - 4, ":443", 4))
		u->host_len -= 4;
	else if (u->host_len > 3 && u->scheme_len == 4 &&
	    !strncasecmp(url, "http", 4) && !memcmp(end - 3, ":80", 3))
		u->host_len -= 3;
	u->path = end;
	u->path_len = strcspn(end, "?#");
	if (end[u->path_len] == '?') {
		u->query = end + u->path_len + 1;
		u->query_len = strcspn(u->query, "#");
	}
	return 0;
}

static bool
unreserved(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* AWS's URI encoding: everything but unreserved characters as %XX
 * (uppercase). With 'keep_slash', '/' stays; with 'keep_pct', an
 * existing %XX escape stays as it is (the path is already encoded). */
static int
uri_encode(struct strbuf *sb, const char *s, size_t n, bool keep_slash,
    bool keep_pct)
{
	static const char hex[] = "0123456789ABCDEF";
	int err = 0;

	for (size_t i = 0; i < n && !err; i++) {
		unsigned char c = (unsigned char)s[i];
		if (unreserved(c) || (keep_slash && c == '/')) {
			err = strbuf_addch(sb, c);
		} else if (keep_pct && c == '%' && i + 2 < n &&
		    isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			int hi = toupper((unsigned char)s[i + 1]);
			int lo = toupper((unsigned char)s[i + 2]);
			err = strbuf_addch(sb, '%');
			err |= strbuf_addch(sb, hi);
			err |= strbuf_addch(sb, lo);
			i += 2;
		} else {
			err = strbuf_addch(sb, '%');
			err |= strbuf_addch(sb, hex[c >> 4]);
			err |= strbuf_addch(sb, hex[c & 15]);
		}
	}
	return err ? -1 : 0;
}

/* Percent-decodes s[0..n) into 'sb' ('+' is a space, as forms send). */
static int
uri_decode(struct strbuf *sb, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (c == '%' && i + 2 < n) {
			int hi = ca_hexval((unsigned char)s[i + 1]);
			int lo = ca_hexval((unsigned char)s[i + 2]);
			if (hi >= 0 && lo >= 0) {
				c = hi * 16 + lo;
				i += 2;
			}
		} else if (c == '+') {
			c = ' ';
		}
		if (strbuf_addch(sb, c) < 0)
			return -1;
	}
	return 0;
}

struct param {
	char *key;
	char *value;
};

static int
cmp_param(const void *a, const void *b)
{
	const struct param *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : strcmp(x->value, y->value);
}

/* The query's parameters, each decoded and re-encoded the AWS way, sorted
 * by key and then value. */
static int
canonical_query(struct strbuf *out, const char *q, size_t n)
{
	struct param *ps = NULL;
	size_t np = 0;
	int err = 0;

	for (size_t i = 0; i < n;) {
		size_t j = i, eq;
		struct strbuf k = STRBUF_INIT(8192), v = STRBUF_INIT(8192);
		struct strbuf ek = STRBUF_INIT(32768), ev = STRBUF_INIT(32768);

		while (j < n && q[j] != '&')
			j++;
		if (j > i) {
			eq = i;
			while (eq < j && q[eq] != '=')
				eq++;
			err |= uri_decode(&k, q + i, eq - i);
			if (eq < j)
				err |= uri_decode(&v, q + eq + 1, j - eq - 1);
			err |= uri_encode(&ek, k.buf, k.len, false, false);
			err |= uri_encode(&ev, v.buf, v.len, false, false);
			ps = xrealloc(ps, (np + 1) * sizeof(*ps));
			ps[np].key = strbuf_detach(&ek, NULL);
			ps[np].value = strbuf_detach(&ev, NULL);
			np++;
		}
		strbuf_release(&k);
		strbuf_release(&v);
		strbuf_release(&ek);
		strbuf_release(&ev);
		i = j + 1;
	}
	if (np > 1)
		qsort(ps, np, sizeof(*ps), cmp_param);
	for (size_t i = 0; i < np; i++) {
		if (i)
			err |= strbuf_addch(out, '&');
		err |= strbuf_addf(out, "%s=%s", ps[i].key, ps[i].value);
		free(ps[i].key);
		free(ps[i].value);
	}
	free(ps);
	return err ? -1 : 0;
}

struct hdr {
	char *name;  /* lowercase */
	char *value; /* trimmed, inner runs of spaces collapsed */
};

static int
cmp_hdr(const void *a, const void *b)
{
	return strcmp(((const struct hdr *)a)->name,
	    ((const struct hdr *)b)->name);
}

static char *
trim_collapse(const char *s)
{
	size_t n = strlen(s), o = 0;
	char *out = xmalloc(n + 1);
	bool space = false;

	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t') {
			space = true;
			continue;
		}
		if (space && o)
			out[o++] = ' ';
		space = false;
		out[o++] = *s;
	}
	out[o] = '\0';
	return out;
}

/* Collects host, x-amz-date and the given headers, lowercased and sorted;
 * returns how many, in an owned array. */
static struct hdr *
collect_headers(const struct ca_sigv4 *s, const struct url_parts *u,
    size_t *count)
{
	struct hdr *h = xcalloc(s->nheaders + 2, sizeof(*h));
	size_t n = 0;

	h[n].name = xstrdup("host");
	h[n++].value = xstrndup(u->host, u->host_len);
	h[n].name = xstrdup("x-amz-date");
	h[n++].value = xstrdup(s->amz_date);
	for (size_t i = 0; i < s->nheaders; i++) {
		const char *colon = strchr(s->headers[i], ':');
		size_t nl;
		bool dup = false;

		if (!colon)
			continue;
		nl = (size_t)(colon - s->headers[i]);
		for (size_t k = 0; k < n; k++)
			if (strlen(h[k].name) == nl &&
			    !strncasecmp(h[k].name, s->headers[i], nl))
				dup = true;
		if (dup)
			continue; /* host and date are ours */
		h[n].name = xstrndup(s->headers[i], nl);
		for (char *p = h[n].name; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		h[n++].value = trim_collapse(colon + 1);
	}
	qsort(h, n, sizeof(*h), cmp_hdr);
	*count = n;
	return h;
}

static void
free_headers(struct hdr *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].name);
		free(h[i].value);
	}
	free(h);
}

static int
signed_headers(struct strbuf *out, const struct hdr *h, size_t n)
{
	int err = 0;

	for (size_t i = 0; i < n; i++) {
		if (i)
			err |= strbuf_addch(out, ';');
		err |= strbuf_addstr(out, h[i].name);
	}
	return err ? -1 : 0;
}

int
ca_sigv4_canonical_request(const struct ca_sigv4 *s, struct strbuf *out)
{
	struct url_parts u;
	struct hdr *h;
	size_t nh;
	unsigned char digest[CA_SHA256_LEN];
	char hex[2 * CA_SHA256_LEN + 1];
	int err = 0;

	if (split_url(s->url, &u) < 0 || !s->amz_date)
		return -1;
	err |= strbuf_addstr(out, s->method);
	err |= strbuf_addch(out, '\n');
	if (!u.path_len)
		err |= strbuf_addch(out, '/');
	else
		err |= uri_encode(out, u.path, u.path_len, true, true);
	err |= strbuf_addch(out, '\n');
	err |= canonical_query(out, u.query ? u.query : "", u.query_len);
	err |= strbuf_addch(out, '\n');
	h = collect_headers(s, &u, &nh);
	for (size_t i = 0; i < nh; i++)
		err |= strbuf_addf(out, "%s:%s\n", h[i].name, h[i].value);
	err |= strbuf_addch(out, '\n');
	err |= signed_headers(out, h, nh);
	free_headers(h, nh);
	err |= strbuf_addch(out, '\n');
	ca_sha256(s->body ? s->body : "", s->body_len, digest);
	ca_hex(digest, sizeof(digest), hex);
	err |= strbuf_addstr(out, hex);
	return err ? -1 : 0;
}

static int
scope(struct strbuf *out, const struct ca_sigv4 *s)
{
	return strbuf_addf(out, "%.8s/%s/%s/aws4_request", s->amz_date,
	    s->region, s->service);
}

int
ca_sigv4_string_to_sign(const struct ca_sigv4 *s, struct strbuf *out)
{
	struct strbuf cr = STRBUF_INIT(1u << 20);
	unsigned char digest[CA_SHA256_LEN];
	char hex[2 * CA_SHA256_LEN + 1];
	int err = 0;

	if (!s->amz_date || strlen(s->amz_date) != 16 ||
	    ca_sigv4_canonical_request(s, &cr) < 0) {
		strbuf_release(&cr);
		return -1;
	}
	ca_sha256(cr.buf, cr.len, digest);
	strbuf_release(&cr);
	ca_hex(digest, sizeof(digest), hex);
	err |= strbuf_addstr(out, ALGORITHM "\n");
	err |= strbuf_addf(out, "%s\n", s->amz_date);
	err |= scope(out, s);
	err |= strbuf_addf(out, "\n%s", hex);
	return err ? -1 : 0;
}

int
ca_sigv4_authorization(const struct ca_sigv4 *s, struct strbuf *out)
{
	struct strbuf sts = STRBUF_INIT(1u << 16);
	unsigned char k[CA_SHA256_LEN], k2[CA_SHA256_LEN], sig[CA_SHA256_LEN];
	char hex[2 * CA_SHA256_LEN + 1], date[9];
	unsigned char *k0;
	struct url_parts u;
	struct hdr *h;
	size_t nh;
	int err = 0;

	if (!s->key_id || !*s->key_id || strpbrk(s->key_id, "/, \r\n") ||
	    !s->secret || !s->region || !s->service ||
	    ca_sigv4_string_to_sign(s, &sts) < 0) {
		strbuf_release(&sts);
		return -1;
	}
	/* kSecret = "AWS4" + secret, then the chain; each step overwrites
	 * the key it came from. */
	k0 = xmalloc(s->secret_len + 4);
	memcpy(k0, "AWS4", 4);
	memcpy(k0 + 4, s->secret, s->secret_len);
	memcpy(date, s->amz_date, 8);
	date[8] = '\0';
	ca_hmac_sha256(k0, s->secret_len + 4, date, 8, k);
	ca_wipe(k0, s->secret_len + 4);
	free(k0);
	ca_hmac_sha256(k, sizeof(k), s->region, strlen(s->region), k2);
	ca_hmac_sha256(k2, sizeof(k2), s->service, strlen(s->service), k);
	ca_hmac_sha256(k, sizeof(k), "aws4_request", 12, k2);
	ca_hmac_sha256(k2, sizeof(k2), sts.buf, sts.len, sig);
	ca_wipe(k, sizeof(k));
	ca_wipe(k2, sizeof(k2));
	strbuf_release(&sts);
	ca_hex(sig, sizeof(sig), hex);

	split_url(s->url, &u);
	h = collect_headers(s, &u, &nh);
	err |= strbuf_addf(out, ALGORITHM " Credential=%s/", s->key_id);
	err |= scope(out, s);
	err |= strbuf_addstr(out, ", SignedHeaders=");
	err |= signed_headers(out, h, nh);
	err |= strbuf_addf(out, ", Signature=%s", hex);
	free_headers(h, nh);
	return err ? -1 : 0;
}
