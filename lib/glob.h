/* glob.h - path globs for scanner claims: '*', '?' and '[...]' stay within
 * one path component, '**' spans any number of whole components. */
#ifndef CA_GLOB_H
#define CA_GLOB_H

#include "lib/compat.h"

/* True when 'path' (relative, '/'-separated) matches 'pattern'. */
bool ca_glob_match(const char *pattern, const char *path);

#endif
