/* redact.h - the only form in which a secret may leave the process: a
 * short preview. */
#ifndef CA_REDACT_H
#define CA_REDACT_H

#include "lib/compat.h"

/* Writes the preview of 'secret' into 'out' ('cap' >= 16): the public
 * prefix (its first 'prefix' bytes, at most 32), then at most four more
 * characters, then an ellipsis. Without a prefix, short secrets show
 * nothing but the ellipsis, since a password's first letters would narrow
 * an offline guess. Non-printable bytes show as '?'. */
void ca_redact(const char *secret, size_t len, size_t prefix, char *out,
    size_t cap);

#endif
