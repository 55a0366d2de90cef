/* load.h - an inventory read back from a "credatlas/1" JSON report or from
 * a scan stored in an SQLite inventory, so that `credatlas report`,
 * `credatlas diff` and `scan --baseline` work on either.
 *
 * A loaded inventory is already rated and sorted: tiers, risks, owners and
 * the report order are taken as they were written, never recomputed, so
 * rendering it again gives the same report. Never pass one to
 * ca_inventory_finish(). Input is untrusted: anything malformed is an
 * error naming the file and the field, never a crash. */
#ifndef CA_LOAD_H
#define CA_LOAD_H

#include "lib/compat.h"
#include "report/model/inventory.h"

struct ca_db;

/* True when the file at 'path' (borrowed) starts like an SQLite
 * database; false for anything else, including a missing file. Do not
 * call it on a database this process has open: closing the descriptor
 * it reads with would drop SQLite's locks on the file. */
bool ca_load_is_db(const char *path);

/* Loads 'path' (borrowed): a database when ca_load_is_db() says so, else
 * a JSON report. For a database, 'scan_id' picks the scan (0 = the most
 * recent); a JSON report holds one scan, and 'scan_id' must be 0. Stores
 * an owned inventory in '*out' and the scan id in '*loaded_id' (0 for
 * JSON; may be NULL). Returns 0 or -1 after ca_error(). */
int ca_load(const char *path, int64_t scan_id, struct ca_inventory **out,
    int64_t *loaded_id);

/* Loads the JSON report at 'path' (borrowed). Same contract. */
int ca_load_json(const char *path, struct ca_inventory **out);
/* Loads a JSON report from the 'len' bytes at 'buf' (borrowed); 'name'
 * (borrowed) is what error messages call it. Same contract. */
int ca_load_json_buf(const char *buf, size_t len, const char *name,
    struct ca_inventory **out);

/* Loads scan 'scan_id' (0 = the most recent) of the open database 'db'
 * (borrowed). Same contract. */
int ca_load_db_scan(struct ca_db *db, int64_t scan_id,
    struct ca_inventory **out, int64_t *loaded_id);
/* Opens the database at 'path' (borrowed) read-only and loads a scan of
 * it. Same contract. */
int ca_load_db(const char *path, int64_t scan_id, struct ca_inventory **out,
    int64_t *loaded_id);

#endif
