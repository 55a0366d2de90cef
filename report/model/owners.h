/* owners.h - the owners map (scan --owners FILE): an ordered list of rules
 * that give credentials a team and a contact. The first rule that matches
 * wins. The file format is OWNERS MAP in credatlas(1):
 *
 *   version: 1                        # optional; 1 is the only version
 *   rules:
 *     - match:                        # every key given must match
 *         path: PATTERN               # path glob (lib/glob.h) on any
 *                                     # location, leading '/' optional
 *         user: alice                 # Unix user owning any location
 *         identity: PATTERN           # fnmatch(3), case-insensitive
 *         kind: PATTERN               # fnmatch(3) on the kind
 *                                     # each: a string or a list of them
 *       team: platform                # required
 *       contact: platform@corp.example
 *
 * This module only loads and matches; the inventory decides the order in
 * which owners are resolved (report/inventory.c). */
#ifndef CA_OWNERS_H
#define CA_OWNERS_H

#include "lib/compat.h"
#include "report/model/inventory.h"

struct ca_owners;

/* Parses an owners map from 'len' bytes of 'buf' (borrowed). 'name'
 * (borrowed; the map keeps a copy) names it in messages and its extension
 * picks the format (report/cfgfile.h). Returns 0 with an owned map in
 * '*out', or -1 after ca_error() naming the line, column and key. */
int ca_owners_parse(const char *name, const char *buf, size_t len,
    struct ca_owners **out);
/* Reads the file at 'path' (borrowed) and parses it. */
int ca_owners_load(const char *path, struct ca_owners **out);
/* Frees the map; NULL is fine. */
void ca_owners_free(struct ca_owners *o);
/* The number of rules. */
size_t ca_owners_count(const struct ca_owners *o);

/* Returns the index of the first rule matching 'c' (borrowed), or -1.
 * 'users' (borrowed) holds the Unix user name of each of c's locations,
 * NULL where unknown. On a match '*team' and '*contact' (contact may be
 * NULL) are borrowed from the map. */
int ca_owners_match(const struct ca_owners *o, const struct ca_credential *c,
    const char *const *users, const char **team, const char **contact);

#endif
