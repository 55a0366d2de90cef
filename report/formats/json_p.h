/* json_p.h - the JSON report's building blocks, shared with the other
 * writers that speak JSON (JSON Lines, SARIF, the HTML report's data, the
 * diff).
 *
 * Private to report/: the document itself is the contract (JSON OUTPUT in
 * credatlas(1)), these functions are not. Every string goes through
 * ca_json_str(), so bytes that are not UTF-8 come out as "\xNN" the same
 * way in every format. */
#ifndef CA_JSON_P_H
#define CA_JSON_P_H

#include "lib/compat.h"
#include <jansson.h>
#include "report/model/inventory.h"

/* Returns a new reference to a JSON string for 's' (borrowed), invalid
 * UTF-8 escaped, or NULL when out of memory. */
json_t *ca_json_str(const char *s);
/* Like ca_json_str(), but NULL becomes JSON null. */
json_t *ca_json_str_or_null(const char *s);

/* The one serialiser of a credential, its owner and its locations, in
 * two views. The brief view is the full one with fields left out (same
 * keys, same order, same values), so a consumer of one document reads
 * the other. */
enum ca_json_view {
	/* Every field: the report's credential object (JSON, JSON Lines,
	 * the HTML report's data). */
	CA_JSON_FULL,
	/* What and where, for the diff: id, surface, kind, label, redacted,
	 * identity, owner (user, uid), tier, risk, expires, standing and
	 * locations (path, line). */
	CA_JSON_BRIEF,
};
/* Returns a new reference to the credential object for 'c' (borrowed)
 * in 'view', or NULL when out of memory. */
json_t *ca_json_credential_view(const struct ca_credential *c,
    enum ca_json_view view);
/* ca_json_credential_view(c, CA_JSON_FULL): the report's object. */
json_t *ca_json_credential(const struct ca_credential *c);
/* Returns a new reference to the owner object for 'o' (borrowed), or
 * NULL when out of memory. */
json_t *ca_json_owner(const struct ca_owner *o, enum ca_json_view view);
/* Returns a new reference to the location object for 'l' (borrowed), or
 * NULL when out of memory. */
json_t *ca_json_location(const struct ca_location *l, enum ca_json_view view);
/* Returns a new reference to the whole "credatlas/1" document for 'inv'
 * (borrowed), or NULL when out of memory. */
json_t *ca_json_report(const struct ca_inventory *inv);
/* Writes 'doc' to 'out' (borrowed) indented, in document order, with a
 * final newline, and drops the reference (takes ownership; NULL means the
 * document could not be built). 'what' names it in messages ("the SARIF
 * report"). Returns 0 or -1 after ca_error(). */
int ca_json_dump(FILE *out, json_t *doc, const char *what);
/* The end of every builder: returns 'v' (takes ownership) when 'err' is
 * 0, else drops it and returns NULL, so one failed set or append anywhere
 * in a tree reports out of memory once. */
json_t *ca_json_done(json_t *v, int err);

#endif
