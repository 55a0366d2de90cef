/* bdb.c - a browser's SQLite store, read the house way (as gcp.c reads
 * gcloud's): the bytes the walker read are copied and deserialised
 * read-only into an in-memory connection, so a running browser is neither
 * locked nor written and nothing on disk is opened by SQLite. Defensive
 * mode is on, the schema is untrusted, views and triggers are off, no
 * extension can load (the connection never enables it), limits are small
 * and a progress handler bounds the work, so a hostile file costs little.
 * A WAL-mode header is rewritten in the copy so the main file reads as a
 * rollback database; rows only in the -wal file are missed (said in the
 * detail). */
#include "lib/compat.h"
#include <strings.h>
#include "lib/hash.h"
#include "scanners/surfaces/browser/browser.h"

/* Progress callbacks of 1000 VM steps: a 100k-cookie store needs a few
 * thousand; a hostile one stops after about a second. */
#define MAX_TICKS 200000

static int
bdb_progress(void *arg)
{
	struct bdb *d = arg;

	return ++d->ticks > MAX_TICKS;
}

void
bdb_close(struct bdb *d)
{
	if (d->db)
		sqlite3_close(d->db);
	if (d->mem) {
		ca_wipe(d->mem, d->len);
		sqlite3_free(d->mem);
	}
	memset(d, 0, sizeof(*d));
}

/* 'data' is borrowed; 'd' is filled (owned by the caller: bdb_close). */
int
bdb_open(struct ca_ctx *ctx, const char *path, const char *what,
    const char *data, size_t len, struct bdb *d)
{
	static const int limits[][2] = {
		{ SQLITE_LIMIT_LENGTH, 16 << 20 },
		{ SQLITE_LIMIT_SQL_LENGTH, 4096 },
		{ SQLITE_LIMIT_COLUMN, 256 },
		{ SQLITE_LIMIT_EXPR_DEPTH, 64 },
		{ SQLITE_LIMIT_COMPOUND_SELECT, 4 },
		{ SQLITE_LIMIT_VDBE_OP, 20000 },
		{ SQLITE_LIMIT_FUNCTION_ARG, 8 },
		{ SQLITE_LIMIT_ATTACHED, 0 },
		{ SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 64 },
		{ SQLITE_LIMIT_TRIGGER_DEPTH, 1 },
		{ SQLITE_LIMIT_WORKER_THREADS, 0 },
	};
	int rc;

	memset(d, 0, sizeof(*d));
	if (len == 0) {
		ca_warn(ctx, path, "%s is empty", what);
		return -1;
	}
	if (len < 100 || memcmp(data, "SQLite format 3", 16)) {
		ca_warn(ctx, path,
		    "%s is not a SQLite database (encrypted "
		    "or corrupt)",
		    what);
		return -1;
	}
	d->mem = sqlite3_malloc64(len);
	if (!d->mem) {
		ca_warn(ctx, path, "no memory to read %s", what);
		return -1;
	}
	memcpy(d->mem, data, len);
	d->len = len;
	if (d->mem[18] == 2)
		d->mem[18] = 1;
	if (d->mem[19] == 2)
		d->mem[19] = 1;
	rc = sqlite3_open_v2(":memory:", &d->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		ca_warn(ctx, path, "cannot open %s: %s", what,
		    sqlite3_errstr(rc));
		bdb_close(d);
		return -1;
	}
	for (size_t i = 0; i < CA_ARRAY_SIZE(limits); i++)
		sqlite3_limit(d->db, limits[i][0], limits[i][1]);
	sqlite3_db_config(d->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(d->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(d->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(d->db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	sqlite3_db_config(d->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0,
	    NULL);
	sqlite3_progress_handler(d->db, 1000, bdb_progress, d);
	rc = sqlite3_deserialize(d->db, "main", d->mem, (sqlite3_int64)len,
	    (sqlite3_int64)len, SQLITE_DESERIALIZE_READONLY);
	if (rc != SQLITE_OK) {
		ca_warn(ctx, path, "cannot read %s: %s", what,
		    sqlite3_errstr(rc));
		bdb_close(d);
		return -1;
	}
	return 0;
}

void
bdb_warn(struct ca_ctx *ctx, const char *path, const char *what, struct bdb *d,
    int rc)
{
	if (d->ticks > MAX_TICKS)
		ca_warn(ctx, path, "cannot read %s: too much work, stopped",
		    what);
	else
		ca_warn(ctx, path, "cannot read %s: %s", what,
		    sqlite3_errstr(rc));
}

/* 'want' and 'have' are borrowed. */
int
bdb_columns(struct ca_ctx *ctx, const char *path, const char *what,
    struct bdb *d, const char *table, const char *const *want, bool *have)
{
	char sql[128];
	sqlite3_stmt *st = NULL;
	int rc, n = 0;

	snprintf(sql, sizeof(sql), "PRAGMA table_info(\"%s\")", table);
	rc = sqlite3_prepare_v2(d->db, sql, -1, &st, NULL);
	for (rc = rc == SQLITE_OK ? sqlite3_step(st) : rc; rc == SQLITE_ROW;
	     rc = sqlite3_step(st)) {
		const unsigned char *name = sqlite3_column_text(st, 1);
		n++;
		for (size_t i = 0; name && want[i]; i++)
			if (!strcasecmp((const char *)name, want[i]))
				have[i] = true;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		bdb_warn(ctx, path, what, d, rc);
		return -1;
	}
	return n;
}

int64_t
bdb_user_version(struct bdb *d)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	if (sqlite3_prepare_v2(d->db, "PRAGMA user_version", -1, &st, NULL) ==
	        SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}
