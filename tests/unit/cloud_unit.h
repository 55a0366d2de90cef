/* cloud_unit.h - helpers shared by the cloud surface tests (test_azure.c,
 * test_kube.c and one per small CLI, test_terraform.c to test_linode.c):
 * synthetic tokens, JWTs and times. The
 * fixtures all surface tests share are in scan_unit.h. Every secret made
 * here is synthetic. */
#ifndef CA_CLOUD_UNIT_H
#define CA_CLOUD_UNIT_H

#include "tests/unit/scan_unit.h"
#include <time.h>

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

#define CU_ALNUM                                                               \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define CU_HEX "0123456789abcdef"

/* A JWT with 'payload' (JSON) and a synthetic signature; owned. */
static CA_UNUSED char *
cu_jwt(const char *payload, uint32_t seed)
{
	size_t pn = strlen(payload);
	char *out = malloc(64 + pn * 2 + 128);
	char *sig = cu_token("", CU_ALNUM, 86, seed);
	size_t o;

	b64_encode(UNIT_JWT_HEADER, strlen(UNIT_JWT_HEADER), out, true);
	o = strlen(out);
	out[o++] = '.';
	b64_encode(payload, pn, out + o, true);
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
static CA_UNUSED CA_PRINTF(1, 2) char *cu_fmt(const char *fmt, ...)
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
