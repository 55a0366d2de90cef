/* sqlite.h - the SQLite inventory: scans appended to one database file,
 * with the history of every credential across them.
 *
 * The schema is documented in credatlas-db(5) and versioned with
 * PRAGMA user_version; opening a database for writing migrates it to the
 * current version, opening it for reading refuses any other version. Every
 * scan is written in one BEGIN IMMEDIATE transaction, with prepared
 * statements only, so several processes may append to one file at once
 * (WAL, busy timeout). Like every report, the database holds fingerprints
 * and redacted previews, never a secret. */
#ifndef CA_SQLITE_H
#define CA_SQLITE_H

#include "lib/compat.h"
#include <sqlite3.h>
#include "report/model/inventory.h"

#define CA_DB_SCHEMA_VERSION 3
#define CA_DB_APPLICATION_ID 0x43416462 /* "CAdb", for file(1) */
#define CA_DB_BUSY_MS        10000

enum ca_db_mode {
	CA_DB_READ,  /* read-only; the file must exist at the current schema */
	CA_DB_WRITE, /* created 0600 when missing, migrated when older */
};

struct ca_db;

/* One row of the scans table, for listings. Strings are owned by the
 * array returned by ca_db_list_scans(). */
struct ca_db_scan {
	int64_t id;
	char *uuid, *host, *target_type, *target_root, *scope;
	char *started, *finished;
	uint64_t credentials, resolved, errors;
};

/* Opens the inventory at 'path' (borrowed). Returns 0 and an owned handle
 * in '*out', or -1 after ca_error(): the file is missing (read), not a
 * database, not a credatlas inventory, a symbolic link, or of a schema
 * version this program cannot use. */
int ca_db_open(const char *path, enum ca_db_mode mode, struct ca_db **out);
/* Closes and frees; NULL is fine. */
void ca_db_close(struct ca_db *db);
/* Returns the borrowed connection, for readers (report/load.c). */
sqlite3 *ca_db_handle(struct ca_db *db);
/* Returns the borrowed path the database was opened with. */
const char *ca_db_path(const struct ca_db *db);
/* Returns the fingerprint key id every scan in the database was made
 * with, borrowed, or "" when it holds no scan yet. */
const char *ca_db_key_id(const struct ca_db *db);

/* Appends the scan in 'inv' (borrowed, finished) in one transaction:
 * its credentials (first_seen kept, last_seen moved), locations, links
 * and errors, and a resolution for each credential the previous scan of
 * the same target saw but this one did not. Refuses a scan made with
 * another fingerprint key. Stores the new scan's id in '*scan_id' (may
 * be NULL). Returns 0 or -1 after ca_error(); nothing is written then. */
int ca_db_write_scan(struct ca_db *db, const struct ca_inventory *inv,
    int64_t *scan_id);

/* Stores the id of the most recent scan (by start time) in '*id', or 0
 * when there is none. Returns 0 or -1 after ca_error(). */
int ca_db_latest_scan(struct ca_db *db, int64_t *id);
/* Stores the id of the scan of the same target just before scan 'id' in
 * '*prev', or 0 when there is none. Returns 0, or -1 after ca_error()
 * (also when scan 'id' does not exist). */
int ca_db_previous_scan(struct ca_db *db, int64_t id, int64_t *prev);

/* Returns 0 with an owned array of every scan, oldest first, in '*out'
 * and its length in '*n'; or -1 after ca_error(). */
int ca_db_list_scans(struct ca_db *db, struct ca_db_scan **out, size_t *n);
/* Frees what ca_db_list_scans() returned. */
void ca_db_scans_free(struct ca_db_scan *scans, size_t n);

/* Copies every scan of the inventory at 'in_path' (borrowed) that 'db'
 * (opened for writing) does not hold yet, with its rows, giving the scans
 * new ids and merging credentials by fingerprint (earliest first_seen,
 * latest last_seen). Scans are known by their uuid, so merging the same
 * file twice copies nothing the second time. One transaction per input.
 * Returns 0 and counts in '*copied' and '*skipped' (may be NULL), -1 after
 * ca_error(), or -2 after ca_error() when the input's fingerprint key
 * differs from the database's. */
int ca_db_merge(struct ca_db *db, const char *in_path, size_t *copied,
    size_t *skipped);

#endif
