/* verify.h - live verification (--verify): ask each credential's own
 * provider whether it is live, who it acts as and what it may do.
 *
 * What to ask is data, not code: a verifier table (data/verifiers.json,
 * compiled in, extended with --verifiers FILE) says for each provider
 * which kinds it serves, how to build the request, how to read identity,
 * scopes and expiry from the response and which statuses mean live or
 * revoked. AWS Signature Version 4 is the one built-in signer.
 *
 * Secrets reach this module only through the vault (scanners/vault.h),
 * and leave the process only in a request to a provider whose entry
 * serves the credential's kind, over https (or plain http to a loopback
 * address, for tests), never through a proxy, never after a redirect.
 * Nothing here runs unless --verify was given. */
#ifndef CA_VERIFY_H
#define CA_VERIFY_H

#include "lib/compat.h"
#include "report/model/inventory.h"

struct ca_verifiers; /* the table; opaque */
struct ca_vault;

/* Returns an owned table holding the built-in entries, or NULL after
 * ca_error() (a broken build). */
struct ca_verifiers *ca_verifiers_builtin(void);
/* Parses a verifier document of 'len' bytes ('data' borrowed; 'name' is
 * for messages) into 't': an entry replaces the one with the same
 * provider name, others are appended. Returns 0, or -1 with a message in
 * 'err' and 't' unchanged. */
int ca_verifiers_parse(struct ca_verifiers *t, const char *name,
    const char *data, size_t len, char *err, size_t errlen);
/* Reads and parses the file at 'path' (borrowed). Returns 0 or -1 after
 * ca_error(). */
int ca_verifiers_load_file(struct ca_verifiers *t, const char *path);
/* Points the endpoint of a provider elsewhere: 'spec' is "NAME=URL",
 * where NAME is a provider (or an entry's "endpoint") and URL a base
 * that passes the https/loopback rule. Returns 0 or -1 after
 * ca_error(). */
int ca_verifiers_set_endpoint(struct ca_verifiers *t, const char *spec);
/* Whether any enabled entry serves 'kind'. */
bool ca_verifiers_wants_kind(const struct ca_verifiers *t, const char *kind);
/* Entries, for listings: the count, and the provider name and kinds of
 * entry 'i' (borrowed). */
size_t ca_verifiers_count(const struct ca_verifiers *t);
void ca_verifiers_free(struct ca_verifiers *t);

/* An earlier answer for credential 'id', young enough to reuse
 * (--verify-ttl): returns true and fills 'out' (its strings valid until
 * the next call; out->at the time of the answer), or false. */
typedef bool ca_verify_cache_fn(void *arg, const char *id,
    struct ca_verification *out);

struct ca_verify_opts {
	const struct ca_verifiers *table; /* borrowed */
	unsigned int jobs;                /* requests in flight, default 4 */
	unsigned int timeout;             /* seconds per request, default 10 */
	unsigned int max_wait;     /* seconds of backoff per credential, 30 */
	ca_verify_cache_fn *cache; /* may be NULL */
	void *cache_arg;
};

/* Verifies every credential of 'inv' whose secret is in 'vault' and that
 * some entry serves, and records the results in 'inv' (before
 * ca_inventory_finish(), which re-rates). 'o', 'vault' and 'inv' are
 * borrowed. Returns 0; a provider that cannot be reached is a result
 * (unknown, with verify_error), not a failure. */
int ca_verify_run(const struct ca_verify_opts *o, const struct ca_vault *vault,
    struct ca_inventory *inv);

#endif
