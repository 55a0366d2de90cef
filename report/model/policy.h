/* policy.h - the policy file (scan --policy FILE): tier and risk overrides,
 * exposure weights, ignores and the default --fail-on. The file format is
 * POLICY FILE in credatlas(1):
 *
 *   version: 1
 *   fail_on: high                      # a tier or a risk, as --fail-on
 *   exposure_weights:                  # 0 to 3 each; 1 when not given
 *     world_readable: 2
 *     misplaced: 0
 *   overrides:                         # first match wins, per field
 *     - match: {kind: PATTERN, scope: PATTERN, identity: PATTERN}
 *       tier: read                     # and/or
 *       risk: low
 *   ignore:
 *     - fingerprint: 0123...           # and/or path, rule, kind
 *       reason: "test fixture"         # required
 *       expires: 2026-12-31            # optional: applies through that
 *                                      # day (UTC), then stops applying
 *   known_values:                      # SHA-256 of normalised values,
 *     - 0123...                        # as data/known_test_values.tsv
 *
 * This module loads and answers questions; the inventory applies the
 * answers (report/inventory.c). */
#ifndef CA_POLICY_H
#define CA_POLICY_H

#include "lib/compat.h"
#include "report/model/inventory.h"

/* The exposure factors the inventory counts, named as in the policy's
 * exposure_weights. */
enum ca_exposure {
	CA_EXP_WORLD_READABLE = 0, /* a file holding it is world-readable */
	CA_EXP_GROUP_READABLE,     /* ... group-readable (and not world) */
	CA_EXP_HISTORY,            /* in shell history or a .env file */
	CA_EXP_DUPLICATE,          /* found in several places */
	CA_EXP_MISPLACED,          /* in another user's home or a shared
	                            * location (report/inventory.h) */
	CA_EXP_GIT,                /* a file holding it is tracked by git
	                            * (in a repository's index) */
};
#define CA_EXP_COUNT      6
#define CA_EXP_MAX_WEIGHT 3

/* "world_readable", ...; "unknown" out of range. */
const char *ca_exposure_name(enum ca_exposure e);

struct ca_policy;

/* Parses a policy from 'len' bytes of 'buf' (borrowed); 'name' (borrowed)
 * names it in messages and picks the format by extension. Returns 0 with
 * an owned policy in '*out', or -1 after ca_error() naming the line,
 * column and key. */
int ca_policy_parse(const char *name, const char *buf, size_t len,
    struct ca_policy **out);
/* Reads the file at 'path' (borrowed) and parses it. */
int ca_policy_load(const char *path, struct ca_policy **out);
/* Frees the policy; NULL is fine. */
void ca_policy_free(struct ca_policy *p);

/* The policy's fail_on: '*tier' or '*risk' set to the level, the other to
 * -1; both -1 when the policy sets none (or 'p' is NULL). */
void ca_policy_fail_on(const struct ca_policy *p, int *tier, int *risk);

/* The weight of exposure factor 'e': 1 unless the policy says otherwise
 * (0 switches the factor off). */
unsigned int ca_policy_weight(const struct ca_policy *p, enum ca_exposure e);

/* The first override matching 'c' (borrowed) that sets a tier: returns
 * its index and sets '*tier', or returns -1. */
int ca_policy_tier(const struct ca_policy *p, const struct ca_credential *c,
    enum ca_tier *tier);
/* The same for risk. */
int ca_policy_risk(const struct ca_policy *p, const struct ca_credential *c,
    enum ca_risk *risk);

/* A renamed rule id: policy files naming the old id (or a glob matching
 * it) still match findings of the new one. Old ids are never reused. */
struct ca_rule_alias {
	const char *old_id;
	const char *new_id;
};
/* The table of aliases (static, borrowed); '*n' is set to its length. */
const struct ca_rule_alias *ca_rule_aliases(size_t *n);

/* Ignores, in file order. */
size_t ca_policy_nignores(const struct ca_policy *p);
/* True when ignore 'i' covers location 'l' of 'c' (both borrowed): its
 * fingerprint, rule (or an old id of the rule, see ca_rule_aliases) and
 * kind (those it gives) match the credential and its path, when given,
 * matches the location. Says nothing of expiry. */
bool ca_policy_ignore_covers(const struct ca_policy *p, size_t i,
    const struct ca_credential *c, const struct ca_location *l);
/* The ignore's reason and its expiry date ("YYYY-MM-DD", or NULL when it
 * never expires); borrowed from the policy. */
const char *ca_policy_ignore_reason(const struct ca_policy *p, size_t i);
const char *ca_policy_ignore_expires(const struct ca_policy *p, size_t i);
/* True when the ignore has an expiry date and 'now' (Unix seconds) is
 * past the end of that day, UTC. */
bool ca_policy_ignore_expired(const struct ca_policy *p, size_t i, int64_t now);

/* True when 'd' (borrowed, a SHA-256 digest of a normalised value, see
 * scanners/rules/known.c) is one of the policy's known_values. */
bool ca_policy_known_value(const struct ca_policy *p,
    const unsigned char d[32]);

#endif
