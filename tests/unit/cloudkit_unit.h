/* cloudkit_unit.h - helpers of test_aws.c and test_gcp.c: synthetic
 * secrets of the right shape, an in-memory home, inventory lookups, and
 * the check that no secret reaches any string of an inventory. */
#ifndef CA_CLOUDKIT_UNIT_H
#define CA_CLOUDKIT_UNIT_H

#include "tests/unit/unit.h"
#include "lib/hash.h"
#include "report/inventory.h"
#include "scanners/rules.h"
#include "scanners/run.h"

static const unsigned char key[] = "credatlas-unit-test-key-0123456789";
#define KEYLEN (sizeof(key) - 1)
#define HOME "/home/carol"

static uint32_t rng_state_;

static uint32_t
rng(void)
{
	rng_state_ = rng_state_ * 1103515245u + 12345u;
	return rng_state_ >> 8;
}

/* 'n' characters of 'alphabet' from seed 'seed' into 'out' (n + 1). */
static void
rand_str(const char *alphabet, unsigned int seed, size_t n, char *out)
{
	size_t k = strlen(alphabet);

	rng_state_ = seed * 2654435761u + 17u;
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[rng() % k];
	out[n] = '\0';
}

/* A 40-character secret access key (base64 alphabet). */
static void CA_UNUSED
aws_secret(unsigned int seed, char out[41])
{
	rand_str("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789+/", seed, 40, out);
}

/* "AKIA"/"ASIA" and 16 base32 characters, the first 'Q' as tokgen does
 * (keeps the decoded account in the modern layout). */
static void CA_UNUSED
aws_key_id(const char *prefix, unsigned int seed, char out[21])
{
	memcpy(out, prefix, 4);
	out[4] = 'Q';
	rand_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", seed, 15, out + 5);
}

static void
secret_id(const char *secret, size_t len, char id[CA_ID_HEX + 1])
{
	unsigned char mac[CA_SHA256_LEN];

	ca_hmac_sha256(key, KEYLEN, secret, len, mac);
	ca_hex(mac, CA_ID_HEX / 2, id);
}

static const struct ca_credential *
find_secret(const struct ca_inventory *inv, const char *secret)
{
	char id[CA_ID_HEX + 1];

	secret_id(secret, strlen(secret), id);
	return ca_inventory_get(inv, id);
}

static const struct ca_credential * CA_UNUSED
find_ref(const struct ca_inventory *inv, const char *ref)
{
	char id[CA_ID_HEX + 1], buf[1024];
	int n = snprintf(buf, sizeof(buf), "credatlas-ref\n%s", ref);

	secret_id(buf, (size_t)n, id);
	return ca_inventory_get(inv, id);
}

static bool CA_UNUSED
has_reason(const struct ca_credential *c, const char *needle)
{
	for (size_t i = 0; i < c->nreasons; i++)
		if (strstr(c->reasons[i], needle))
			return true;
	return false;
}

static bool CA_UNUSED
has_error(const struct ca_inventory *inv, const char *needle)
{
	for (size_t i = 0; i < inv->nerrors; i++)
		if (strstr(inv->errors[i].error, needle))
			return true;
	return false;
}

static bool CA_UNUSED
has_anchor(const struct ca_credential *c, const char *anchor)
{
	for (size_t i = 0; i < c->nanchors; i++)
		if (!strcmp(c->anchors[i], anchor))
			return true;
	return false;
}

static bool CA_UNUSED
has_link(const struct ca_credential *c, const char *ref)
{
	for (size_t i = 0; i < c->nlinks; i++)
		if (!strcmp(c->links[i].ref, ref))
			return true;
	return false;
}

static bool CA_UNUSED
has_scope(const struct ca_credential *c, const char *scope)
{
	for (size_t i = 0; i < c->nscopes; i++)
		if (!strcmp(c->scopes[i], scope))
			return true;
	return false;
}

static void
no_leak_in(const char *s, const char *secret)
{
	size_t n = strlen(secret);

	if (!s || n < 8)
		return;
	assert_null(strstr(s, secret));
	/* nor a tail beyond what a preview may show */
	if (n > 12)
		assert_null(strstr(s, secret + n - 12));
}

/* No string of the inventory holds 'secret' or its last 12 bytes. */
static void
assert_no_secret(const struct ca_inventory *inv, const char *secret)
{
	for (size_t i = 0; i < inv->ncreds; i++) {
		const struct ca_credential *c = inv->creds[i];
		no_leak_in(c->id, secret);
		no_leak_in(c->redacted, secret);
		no_leak_in(c->identity, secret);
		no_leak_in(c->rule, secret);
		no_leak_in(c->expires, secret);
		for (size_t j = 0; j < c->nreasons; j++)
			no_leak_in(c->reasons[j], secret);
		for (size_t j = 0; j < c->nscopes; j++)
			no_leak_in(c->scopes[j], secret);
		for (size_t j = 0; j < c->nlocations; j++)
			no_leak_in(c->locations[j].path, secret);
		for (size_t j = 0; j < c->nanchors; j++)
			no_leak_in(c->anchors[j], secret);
		for (size_t j = 0; j < c->nlinks; j++)
			no_leak_in(c->links[j].ref, secret);
	}
	for (size_t i = 0; i < inv->nerrors; i++) {
		no_leak_in(inv->errors[i].path, secret);
		no_leak_in(inv->errors[i].error, secret);
	}
}

static void
add_bytes(struct ca_target *t, const char *path, const void *data,
    size_t len)
{
	assert_int_equal(ca_target_mem_add(t, path, data, len, 0600, 1000), 0);
}

static void
add_text(struct ca_target *t, const char *path, const char *text)
{
	add_bytes(t, path, text, strlen(text));
}

/* Scans the file at 'path' of 't' with scanner 's' as the walker would,
 * under HOME. Returns an owned inventory. */
static struct ca_inventory *
scan_with(struct ca_target *t, const struct ca_scanner *s, const char *path)
{
	struct ca_inventory *inv = ca_inventory_new();

	assert_int_equal(ca_scan_one_file(t, s, path, HOME, key, KEYLEN, inv),
	    0);
	return inv;
}

/* Prints the inventory, for a failing test's log. */
static void CA_UNUSED
dump(const struct ca_inventory *inv)
{
	for (size_t i = 0; i < inv->ncreds; i++) {
		const struct ca_credential *c = inv->creds[i];
		fprintf(stderr, "cred %s %s [%s] exp=%s standing=%d\n",
		    c->kind, c->rule, c->identity ? c->identity : "-",
		    c->expires ? c->expires : "-", c->standing);
		for (size_t j = 0; j < c->nreasons; j++)
			fprintf(stderr, "  reason: %s\n", c->reasons[j]);
		for (size_t j = 0; j < c->nanchors; j++)
			fprintf(stderr, "  anchor: %s\n", c->anchors[j]);
		for (size_t j = 0; j < c->nlinks; j++)
			fprintf(stderr, "  link: %s (%zu)\n", c->links[j].ref,
			    c->links[j].nto);
	}
	for (size_t i = 0; i < inv->nerrors; i++)
		fprintf(stderr, "error %s: %s\n", inv->errors[i].path,
		    inv->errors[i].error);
}

#endif
