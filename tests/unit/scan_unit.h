/* scan_unit.h - fixtures shared by the unit tests of the surface modules
 * (static inline helpers, included by one test binary each): files in an
 * in-memory target, one file scanned as the walker would with a fixed
 * fingerprint key, credentials found by secret, reference or kind, the
 * check that no secret reaches any string of an inventory, and synthetic
 * GitHub tokens whose checksum holds. Every secret made here is
 * synthetic. */
#ifndef CA_SCAN_UNIT_H
#define CA_SCAN_UNIT_H

#include "tests/unit/unit.h"
#include "lib/hash.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

/* The fingerprint key of every scan made here. */
static const unsigned char unit_key[] = "credatlas-unit-test-key-0123456789";
#define UNIT_KEYLEN (sizeof(unit_key) - 1)

/* ---- targets and scans ----------------------------------------------- */

/* One file of an in-memory tree; 'len' 0 means strlen(data). */
struct unit_file {
	const char *path;
	const void *data;
	size_t len;
};

/* Adds 'len' bytes of 'data' (copied) at 'path' of the in-memory target
 * 't', mode 0600, uid 1000. */
static inline void
add_bytes(struct ca_target *t, const char *path, const void *data, size_t len)
{
	assert_int_equal(ca_target_mem_add(t, path, data, len, 0600, 1000), 0);
}

static inline void
add_text(struct ca_target *t, const char *path, const char *text)
{
	add_bytes(t, path, text, strlen(text));
}

/* Scans the file at 'path' of 't' (borrowed) with scanner 's' as the
 * walker would, under 'home' (may be NULL). Returns an owned inventory. */
static inline struct ca_inventory *
scan_in(struct ca_target *t, const struct ca_scanner *s, const char *path,
    const char *home)
{
	struct ca_inventory *inv = ca_inventory_new();

	assert_int_equal(
	    ca_scan_one_file(t, s, path, home, unit_key, UNIT_KEYLEN, inv), 0);
	return inv;
}

/* Scans 'path' with scanner 's' over a tree holding the 'n' 'files'.
 * Returns an owned inventory. */
static inline struct ca_inventory *
scan_files(const struct ca_scanner *s, const struct unit_file *files, size_t n,
    const char *path, const char *home)
{
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv;

	for (size_t i = 0; i < n; i++)
		add_bytes(t, files[i].path, files[i].data,
		    files[i].len ? files[i].len : strlen(files[i].data));
	inv = scan_in(t, s, path, home);
	ca_target_free(t);
	return inv;
}

/* Scans one file holding 'len' bytes of 'data' (0: strlen(data)). */
static inline struct ca_inventory *
scan_one(const struct ca_scanner *s, const char *path, const char *home,
    const void *data, size_t len)
{
	struct unit_file f = { path, data, len };

	return scan_files(s, &f, 1, path, home);
}

/* ---- lookups --------------------------------------------------------- */

static inline const struct ca_credential *
find_secret_n(const struct ca_inventory *inv, const void *secret, size_t len)
{
	unsigned char mac[CA_SHA256_LEN];
	char id[CA_ID_HEX + 1];

	ca_hmac_sha256(unit_key, UNIT_KEYLEN, secret, len, mac);
	ca_hex(mac, CA_ID_HEX / 2, id);
	return ca_inventory_get(inv, id);
}

/* The credential whose secret is 'secret', or NULL. */
static inline const struct ca_credential *
find_secret(const struct ca_inventory *inv, const char *secret)
{
	return find_secret_n(inv, secret, strlen(secret));
}

/* The secretless credential named by reference 'ref', or NULL. */
static inline const struct ca_credential *
find_ref(const struct ca_inventory *inv, const char *ref)
{
	char buf[2048];
	int n = snprintf(buf, sizeof(buf), "credatlas-ref\n%s", ref);

	return find_secret_n(inv, buf, (size_t)n);
}

/* The first credential of kind 'kind', or NULL. */
static inline const struct ca_credential *
find_kind(const struct ca_inventory *inv, const char *kind)
{
	for (size_t i = 0; i < inv->ncreds; i++)
		if (!strcmp(inv->creds[i]->kind, kind))
			return inv->creds[i];
	return NULL;
}

static inline size_t
count_kind(const struct ca_inventory *inv, const char *kind)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->ncreds; i++)
		n += !strcmp(inv->creds[i]->kind, kind);
	return n;
}

static inline bool
has_reason(const struct ca_credential *c, const char *needle)
{
	for (size_t i = 0; i < c->nreasons; i++)
		if (strstr(c->reasons[i], needle))
			return true;
	return false;
}

static inline bool
has_scope(const struct ca_credential *c, const char *scope)
{
	for (size_t i = 0; i < c->nscopes; i++)
		if (!strcmp(c->scopes[i], scope))
			return true;
	return false;
}

static inline bool
has_anchor(const struct ca_credential *c, const char *anchor)
{
	for (size_t i = 0; i < c->nanchors; i++)
		if (!strcmp(c->anchors[i], anchor))
			return true;
	return false;
}

static inline bool
has_link(const struct ca_credential *c, const char *ref)
{
	for (size_t i = 0; i < c->nlinks; i++)
		if (!strcmp(c->links[i].ref, ref))
			return true;
	return false;
}

static inline bool
has_error(const struct ca_inventory *inv, const char *needle)
{
	for (size_t i = 0; i < inv->nerrors; i++)
		if (strstr(inv->errors[i].error, needle))
			return true;
	return false;
}

/* ---- no secret in the inventory -------------------------------------- */

/* Asserts that 's' (may be NULL) does not hold the 'n'-byte 'secret'. */
typedef void unit_leak_fn(const char *s, const char *secret, size_t n);

/* The secret, and its last 12 bytes, beyond what a preview may show. */
static inline void
no_leak_in(const char *s, const char *secret, size_t n)
{
	if (!s || n < 8)
		return;
	assert_null(memmem(s, strlen(s), secret, n));
	if (n > 12)
		assert_null(memmem(s, strlen(s), secret + n - 12, 12));
}

/* The secret, and any 12-byte piece of it (every third offset). */
static inline void
no_piece_in(const char *s, const char *secret, size_t n)
{
	size_t w = n < 12 ? n : 12;

	if (!s || n < 8)
		return;
	for (size_t i = 0; i + w <= n; i += 3)
		assert_null(memmem(s, strlen(s), secret + i, w));
}

/* Runs 'fn' on every string of the inventory: ids, previews, identities,
 * rules, kinds, expiries, reasons, scopes, paths, anchors, links and
 * errors. */
static inline void
assert_no_secret_with(const struct ca_inventory *inv, const char *secret,
    size_t n, unit_leak_fn *fn)
{
	for (size_t i = 0; i < inv->ncreds; i++) {
		const struct ca_credential *c = inv->creds[i];
		fn(c->id, secret, n);
		fn(c->redacted, secret, n);
		fn(c->identity, secret, n);
		fn(c->rule, secret, n);
		fn(c->kind, secret, n);
		fn(c->expires, secret, n);
		for (size_t j = 0; j < c->nreasons; j++)
			fn(c->reasons[j], secret, n);
		for (size_t j = 0; j < c->nscopes; j++)
			fn(c->scopes[j], secret, n);
		for (size_t j = 0; j < c->nlocations; j++) {
			fn(c->locations[j].path, secret, n);
			if (c->locations[j].git) {
				fn(c->locations[j].git->author, secret, n);
				fn(c->locations[j].git->path, secret, n);
				fn(c->locations[j].git->repo, secret, n);
			}
		}
		for (size_t j = 0; j < c->nanchors; j++)
			fn(c->anchors[j], secret, n);
		for (size_t j = 0; j < c->nlinks; j++)
			fn(c->links[j].ref, secret, n);
	}
	for (size_t i = 0; i < inv->nerrors; i++) {
		fn(inv->errors[i].path, secret, n);
		fn(inv->errors[i].error, secret, n);
	}
}

/* No string of the inventory holds 'secret' or its last 12 bytes. */
static inline void
assert_no_secret(const struct ca_inventory *inv, const char *secret)
{
	assert_no_secret_with(inv, secret, strlen(secret), no_leak_in);
}

/* No string of the inventory holds any 12-byte piece of the secret. */
static inline void
assert_no_piece_n(const struct ca_inventory *inv, const char *secret, size_t n)
{
	assert_no_secret_with(inv, secret, n, no_piece_in);
}

static inline void
assert_no_piece(const struct ca_inventory *inv, const char *secret)
{
	assert_no_piece_n(inv, secret, strlen(secret));
}

/* ---- synthetic tokens ------------------------------------------------ */

/* The header of the synthetic JWTs, before base64url. */
#define UNIT_JWT_HEADER "{\"alg\":\"RS256\",\"typ\":\"JWT\"}"

/* 'n' bytes of 'in' in base64 into 'out' (4 * ((n + 2) / 3) + 1 bytes):
 * the standard alphabet with '=' padding, or with 'url' base64url without
 * padding, as JWTs write it. */
static inline void
b64_encode(const void *in, size_t n, char *out, bool url)
{
	const char *al = url ?
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" :
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *b = in;
	size_t o = 0;

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)b[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)b[i + 1] << 8;
		if (i + 2 < n)
			v |= b[i + 2];
		out[o++] = al[v >> 18 & 63];
		out[o++] = al[v >> 12 & 63];
		if (i + 1 < n || !url)
			out[o++] = i + 1 < n ? al[v >> 6 & 63] : '=';
		if (i + 2 < n || !url)
			out[o++] = i + 2 < n ? al[v & 63] : '=';
	}
	out[o] = '\0';
}

/* A synthetic gh?_ token after 'prefix': 30 pseudo-random characters and
 * their CRC-32 in six base62 digits, so it passes the checksum and is no
 * real token. 'out' gets the NUL-terminated token. */
static inline void
gh_token(const char *prefix, unsigned int seed, char out[96])
{
	static const char al[] =
	    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	size_t p = strlen(prefix);
	uint32_t x = seed * 2654435761u + 7u;

	memcpy(out, prefix, p);
	for (size_t i = 0; i < 30; i++) {
		x = x * 1103515245u + 12345u;
		out[p + i] = al[(x >> 16) % 62];
	}
	ca_base62_encode(ca_crc32(out + p, 30), 6, out + p + 30);
}

#endif
