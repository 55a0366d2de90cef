/* xalloc.h - allocation that never returns NULL.
 * Running out of memory is the one condition the scan cannot report and
 * survive, so these abort (as redis' zmalloc does) instead of returning. */
#ifndef CA_XALLOC_H
#define CA_XALLOC_H

#include "lib/compat.h"

/* Returns owned memory; aborts on OOM. */
void *xmalloc(size_t n);
/* Returns owned zeroed memory; aborts on OOM or overflow. */
void *xcalloc(size_t nmemb, size_t size);
/* Takes ownership of 'p', returns owned; aborts on OOM. */
void *xrealloc(void *p, size_t n);
/* Returns an owned copy of 's'; aborts on OOM. */
char *xstrdup(const char *s);
/* Returns an owned NUL-terminated copy of n bytes of 's'. */
char *xstrndup(const char *s, size_t n);

#endif
