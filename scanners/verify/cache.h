/* cache.h - --verify-ttl: the answers earlier scans kept in the --db
 * inventory, reused instead of asking a provider again.
 *
 * An answer is reused when the credential (by fingerprint) was verified
 * live or revoked no longer than the TTL ago: its verdict, identity,
 * expiry, verified tier and scopes come from the most recent scan that
 * recorded them. The inventory is the SQLite database of
 * report/formats/sqlite.h; this module only reads it. */
#ifndef CA_VERIFY_CACHE_H
#define CA_VERIFY_CACHE_H

#include "lib/compat.h"
#include "scanners/verify/verify.h"

struct ca_verify_cache; /* opaque */

/* Opens the inventory at 'path' (borrowed) for answers at most 'ttl'
 * seconds old. When there is no inventory yet there is nothing to reuse:
 * '*out' is NULL and 0 is returned. Otherwise '*out' is owned by the
 * caller (ca_verify_cache_free()). An older inventory is migrated, as
 * writing the scan into it would. Returns 0, or -1 after ca_error(). */
int ca_verify_cache_open(const char *path, int64_t ttl,
    struct ca_verify_cache **out);
/* A ca_verify_cache_fn: 'arg' is the struct ca_verify_cache (borrowed),
 * 'id' the credential's fingerprint (borrowed). The strings and scopes
 * in 'out' belong to the cache and stay valid until the next lookup or
 * ca_verify_cache_free(). */
bool ca_verify_cache_lookup(void *arg, const char *id,
    struct ca_verification *out);
/* Takes ownership of 'vc' (NULL is fine) and closes the inventory. */
void ca_verify_cache_free(struct ca_verify_cache *vc);

#endif
