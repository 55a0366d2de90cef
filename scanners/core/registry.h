/* registry.h - the table of surface modules. */
#ifndef CA_REGISTRY_H
#define CA_REGISTRY_H

#include "scanners/core/scanner.h"

/* The registered scanners, sorted by name; the array is static. */
const struct ca_scanner *const *ca_scanners(size_t *count);
/* Returns the scanner called 'name', or NULL. */
const struct ca_scanner *ca_scanner_find(const char *name);

#endif
