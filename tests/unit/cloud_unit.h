/* cloud_unit.h - helpers shared by the cloud surface tests (test_azure.c,
 * test_kube.c, test_cloud_misc.c): an in-memory tree of several files,
 * lookups by fingerprint, synthetic tokens and JWTs, and the check that
 * no secret reaches any string of the inventory. Every secret made here
 * is synthetic. */
#ifndef CA_CLOUD_UNIT_H
#define CA_CLOUD_UNIT_H

#include "tests/unit/unit.h"
#include <time.h>
#include "lib/hash.h"
#include "report/inventory.h"
#include "scanners/run.h"

static const unsigned char cu_key[] = "credatlas-cloud-unit-key-0123456789";
#define CU_KEYLEN (sizeof(cu_key) - 1)

struct cu_file {
	const char *path;
	const char *data;
	size_t len;             /* 0: strlen(data) */
};

/* Scans 'path' with scanner 's' over a tree holding 'files'. */
static CA_UNUSED struct ca_inventory *
cu_scan(const struct ca_scanner *s, const struct cu_file *files, size_t n,
    const char *path, const char *home)
{
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv = ca_inventory_new();

	for (size_t i = 0; i < n; i++)
		ca_target_mem_add(t, files[i].path, files[i].data,
		    files[i].len ? files[i].len : strlen(files[i].data), 0600,
		    1000);
	assert_int_equal(ca_scan_one_file(t, s, path, home, cu_key, CU_KEYLEN,
	    inv), 0);
	ca_target_free(t);
	return inv;
}

/* Scans one file holding 'text'. */
static CA_UNUSED struct ca_inventory *
cu_scan1(const struct ca_scanner *s, const char *path, const char *home,
    const char *text, size_t len)
{
	struct cu_file f = { path, text, len };

	return cu_scan(s, &f, 1, path, home);
}

static CA_UNUSED const struct ca_credential *
cu_find_secret_n(const struct ca_inventory *inv, const void *secret,
    size_t len)
{
	unsigned char mac[CA_SHA256_LEN];
	char id[CA_ID_HEX + 1];

	ca_hmac_sha256(cu_key, CU_KEYLEN, secret, len, mac);
	ca_hex(mac, CA_ID_HEX / 2, id);
	return ca_inventory_get(inv, id);
}

static CA_UNUSED const struct ca_credential *
cu_find_secret(const struct ca_inventory *inv, const char *secret)
{
	return cu_find_secret_n(inv, secret, strlen(secret));
}

static CA_UNUSED const struct ca_credential *
cu_find_ref(const struct ca_inventory *inv, const char *ref)
{
	char buf[2048];
	int n = snprintf(buf, sizeof(buf), "credatlas-ref\n%s", ref);

	return cu_find_secret_n(inv, buf, (size_t)n);
}

static CA_UNUSED bool
cu_has_reason(const struct ca_credential *c, const char *needle)
{
	for (size_t i = 0; i < c->nreasons; i++)
		if (strstr(c->reasons[i], needle))
			return true;
	return false;
}

static CA_UNUSED bool
cu_has_scope(const struct ca_credential *c, const char *scope)
{
	for (size_t i = 0; i < c->nscopes; i++)
		if (!strcmp(c->scopes[i], scope))
			return true;
	return false;
}

static CA_UNUSED bool
cu_has_link(const struct ca_credential *c, const char *ref)
{
	for (size_t i = 0; i < c->nlinks; i++)
		if (!strcmp(c->links[i].ref, ref))
			return true;
	return false;
}

static CA_UNUSED bool
cu_has_anchor(const struct ca_credential *c, const char *anchor)
{
	for (size_t i = 0; i < c->nanchors; i++)
		if (!strcmp(c->anchors[i], anchor))
			return true;
	return false;
}

static CA_UNUSED size_t
cu_count_kind(const struct ca_inventory *inv, const char *kind)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->ncreds; i++)
		n += !strcmp(inv->creds[i]->kind, kind);
	return n;
}

static CA_UNUSED bool
cu_has_error(const struct ca_inventory *inv, const char *needle)
{
	for (size_t i = 0; i < inv->nerrors; i++)
		if (strstr(inv->errors[i].error, needle))
			return true;
	return false;
}

static CA_UNUSED void
cu_no_leak_in(const char *s, const char *secret, size_t n)
{
	if (!s || n < 8)
		return;
	/* the secret, and any 12-byte piece of it */
	for (size_t i = 0; i + (n < 12 ? n : 12) <= n; i += 3) {
		size_t w = n < 12 ? n : 12;
		assert_null(memmem(s, strlen(s), secret + i, w));
	}
}

/* No string of the inventory holds the secret or a piece of it. */
static CA_UNUSED void
cu_assert_no_secret_n(const struct ca_inventory *inv, const char *secret,
    size_t n)
{
	for (size_t i = 0; i < inv->ncreds; i++) {
		const struct ca_credential *c = inv->creds[i];
		cu_no_leak_in(c->id, secret, n);
		cu_no_leak_in(c->redacted, secret, n);
		cu_no_leak_in(c->identity, secret, n);
		cu_no_leak_in(c->expires, secret, n);
		cu_no_leak_in(c->rule, secret, n);
		cu_no_leak_in(c->kind, secret, n);
		for (size_t j = 0; j < c->nreasons; j++)
			cu_no_leak_in(c->reasons[j], secret, n);
		for (size_t j = 0; j < c->nscopes; j++)
			cu_no_leak_in(c->scopes[j], secret, n);
		for (size_t j = 0; j < c->nlocations; j++)
			cu_no_leak_in(c->locations[j].path, secret, n);
		for (size_t j = 0; j < c->nanchors; j++)
			cu_no_leak_in(c->anchors[j], secret, n);
		for (size_t j = 0; j < c->nlinks; j++)
			cu_no_leak_in(c->links[j].ref, secret, n);
	}
	for (size_t i = 0; i < inv->nerrors; i++) {
		cu_no_leak_in(inv->errors[i].path, secret, n);
		cu_no_leak_in(inv->errors[i].error, secret, n);
	}
}

static CA_UNUSED void
cu_assert_no_secret(const struct ca_inventory *inv, const char *secret)
{
	cu_assert_no_secret_n(inv, secret, strlen(secret));
}

/* 'n' pseudo-random characters of 'alphabet' after 'prefix' (synthetic). */
static CA_UNUSED char *
cu_token(const char *prefix, const char *alphabet, size_t n, uint32_t seed)
{
	size_t p = strlen(prefix), k = strlen(alphabet);
	char *out = malloc(p + n + 1);
	uint32_t x = seed * 2654435761u + 12345u;

	memcpy(out, prefix, p);
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		out[p + i] = alphabet[(x >> 16) % k];
	}
	out[p + n] = '\0';
	return out;
}

#define CU_ALNUM                                                             \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define CU_HEX "0123456789abcdef"

static CA_UNUSED void
cu_b64url(const unsigned char *in, size_t n, char *out)
{
	static const char al[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t o = 0;

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = al[(v >> 18) & 63];
		out[o++] = al[(v >> 12) & 63];
		if (i + 1 < n)
			out[o++] = al[(v >> 6) & 63];
		if (i + 2 < n)
			out[o++] = al[v & 63];
	}
	out[o] = '\0';
}

/* A JWT with 'payload' (JSON) and a synthetic signature; owned. */
static CA_UNUSED char *
cu_jwt(const char *payload, uint32_t seed)
{
	static const char header[] = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
	size_t pn = strlen(payload);
	char *out = malloc(64 + pn * 2 + 128);
	char *sig = cu_token("", CU_ALNUM, 86, seed);
	size_t o;

	cu_b64url((const unsigned char *)header, strlen(header), out);
	o = strlen(out);
	out[o++] = '.';
	cu_b64url((const unsigned char *)payload, pn, out + o);
	o = strlen(out);
	out[o++] = '.';
	memcpy(out + o, sig, 87);
	free(sig);
	return out;
}

/* RFC 3339 UTC of now + 'delta' seconds, into 'out'. */
static CA_UNUSED void
cu_rfc3339(int64_t delta, char out[32])
{
	time_t t = time(NULL) + (time_t)delta;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Formats into a malloc'ed string. */
static CA_UNUSED CA_PRINTF(1, 2) char *
cu_fmt(const char *fmt, ...)
{
	va_list ap;
	char *out;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	out = malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(out, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return out;
}

#endif
