/* vault.h - the secrets of one scan, held in memory only while --verify
 * needs them.
 *
 * The inventory never stores a secret; verification needs one to send to
 * its provider. So when --verify is on, the core hands each finding to
 * the vault as it is emitted, and the vault keeps ONE copy of the secret
 * per credential id, in pages locked out of swap (best effort) and left
 * out of core dumps, together with what routes the request: the kinds the
 * credential was seen as, the user and host its structured sightings name
 * (gh's "alice@ghe.corp.test"), and an AWS access key id seen next to it.
 * Only secrets of kinds the verifier table serves are kept. Everything is
 * wiped when the vault is freed, at the end of ca_scan_run(). */
#ifndef CA_VAULT_H
#define CA_VAULT_H

#include "lib/compat.h"
#include "report/model/finding.h"

#define CA_VAULT_MAX_SECRET 4096 /* longer secrets are nothing we verify */
#define CA_VAULT_MAX_HINTS  8

/* Where a structured sighting says the credential is used: its rule and
 * the user and host of its "user@host" identity. */
struct ca_vault_hint {
	const char *rule;
	const char *user; /* NULL when the identity names no user */
	const char *host;
};

struct ca_vault_entry {
	char id[33];
	const char *secret; /* in locked memory; NULL when no sighting of
	                     * a wanted kind was seen */
	size_t secret_len;
	const char **kinds; /* every kind it was seen as */
	size_t nkinds;
	const char *key_id; /* an AWS access key id seen with it, or NULL */
	struct ca_vault_hint hints[CA_VAULT_MAX_HINTS];
	size_t nhints;
};

typedef bool ca_vault_want_fn(void *arg, const char *kind);

/* Returns an owned vault that keeps secrets of the kinds 'want' accepts
 * ('want' and 'arg' are borrowed for the vault's life). */
struct ca_vault *ca_vault_new(ca_vault_want_fn *want, void *arg);
/* Records finding 'f' (borrowed) of credential 'id'; thread-safe. A
 * secret is copied only the first time its id comes with a wanted kind.
 * 'structured' says a surface parser made the finding, so its identity
 * may route a request. Returns 0. */
int ca_vault_put(struct ca_vault *v, const char *id, const struct ca_finding *f,
    bool structured);
/* The entry for 'id', or NULL; borrowed, valid until ca_vault_free(). */
const struct ca_vault_entry *ca_vault_find(const struct ca_vault *v,
    const char *id);
size_t ca_vault_count(const struct ca_vault *v);
/* Whether the pages holding secrets could be locked (for diagnostics). */
bool ca_vault_locked(const struct ca_vault *v);
/* Wipes every secret and frees the vault; NULL is fine. */
void ca_vault_free(struct ca_vault *v);

/* Splits an identity such as "alice@ghe.corp.test" or "ghe.corp.test"
 * into user and host, in 'user' and 'host' (cap bytes each). Returns
 * true when a plausible host name (letters, digits, '.', '-', an optional
 * :port) was found. */
bool ca_vault_split_identity(const char *identity, char *user, char *host,
    size_t cap);
/* Finds an AWS access key id (AKIA/ASIA and 16 base32 characters) in 's';
 * writes it to 'out' (21 bytes). Returns true when found. */
bool ca_vault_find_key_id(const char *s, char out[21]);

#endif
