/* secret.h - what every surface decides about a value before it reports
 * it as a secret, and the few steps of reporting one that every small
 * surface module repeats. The kit's one home for them, so the git, GitHub
 * and cloud surfaces agree on what is not a live credential. */
#ifndef CA_SECRET_H
#define CA_SECRET_H

#include "scanners/core/scanner.h"

/* True when the 'len' bytes at 's' (borrowed) cannot be a live secret:
 * NULL or empty, a placeholder or documentation example, or a shell or
 * environment reference ("$TOKEN", "${TOKEN}", "$(cmd)", "%TOKEN%"). */
bool ca_secret_unusable(const char *s, size_t len);

/* Returns the length of the first of 'prefixes' (NULL-terminated,
 * borrowed) that the 'n' bytes at 's' start with and go on past (the
 * public part of a token, "dop_v1_"), or 0. */
size_t ca_secret_prefix(const char *s, size_t n, const char *const *prefixes);

/* Zeroes 'fd' (borrowed) and sets its rule and kind (borrowed, static
 * strings) with tier and standing left to the kinds table. */
void ca_finding_init(struct ca_finding *fd, const char *rule, const char *kind);
/* Emits 'fd' (borrowed) with the secret 's' (borrowed, 'n' bytes; NULL
 * does nothing), trimmed of whitespace, unless it is unusable. A finding
 * with neither a line nor a path of its own gets the line of the secret
 * in 'f'. */
void ca_emit_secret(struct ca_ctx *ctx, const struct ca_file *f,
    struct ca_finding *fd, const char *s, size_t n);

#endif
