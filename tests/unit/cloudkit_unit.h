/* cloudkit_unit.h - helpers of test_aws.c and test_gcp.c: synthetic
 * secrets of the right shape and scans under one home. The fixtures all
 * surface tests share are in scan_unit.h. */
#ifndef CA_CLOUDKIT_UNIT_H
#define CA_CLOUDKIT_UNIT_H

#include "tests/unit/scan_unit.h"
#include "scanners/rules/rules.h"

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
	         "0123456789+/",
	    seed, 40, out);
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

/* Scans the file at 'path' of 't' with scanner 's' as the walker would,
 * under HOME. Returns an owned inventory. */
static struct ca_inventory *
scan_with(struct ca_target *t, const struct ca_scanner *s, const char *path)
{
	return scan_in(t, s, path, HOME);
}

/* Prints the inventory, for a failing test's log. */
static void CA_UNUSED
dump(const struct ca_inventory *inv)
{
	for (size_t i = 0; i < inv->ncreds; i++) {
		const struct ca_credential *c = inv->creds[i];
		fprintf(stderr, "cred %s %s [%s] exp=%s standing=%d\n", c->kind,
		    c->rule, c->identity ? c->identity : "-",
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
