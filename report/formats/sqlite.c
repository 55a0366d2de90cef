/* sqlite.c - the SQLite inventory: its schema and migrations, the writer
 * behind the "sqlite" report format, and the merge of inventories.
 *
 * A database is an inventory that grows: each scan appends a row to
 * 'scans' and one observation per credential it saw, while 'credentials'
 * keeps one row per fingerprint with its first and last sighting. What
 * a scan no longer sees, compared with the previous scan of the same
 * target (host, target type, root and scope), gets a row in
 * 'resolutions'. The schema is credatlas-db(5).
 *
 * Everything goes through prepared statements with bound values; the only
 * SQL text is the constants below. Strings that are not valid UTF-8 (file
 * names are arbitrary bytes) are stored escaped the way the JSON report
 * escapes them, so a report rendered from the database matches the JSON
 * one byte for byte. */
#include "lib/compat.h"
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "report/formats/emit.h"
#include "report/formats/sqlite.h"
#include "lib/banned.h"

struct ca_db {
	sqlite3 *db;
	char *path;
	char key_id[17];
	enum ca_db_mode mode;
};

/* Version 1. Text columns hold UTF-8; times are RFC 3339 UTC strings,
 * which sort as they compare. */
/* clang-format off */
static const char schema_v1[] =
	"CREATE TABLE meta (\n"
	"	name TEXT PRIMARY KEY,\n"
	"	value TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE tiers (\n"
	"	name TEXT PRIMARY KEY,\n"
	"	rank INTEGER NOT NULL UNIQUE\n"
	");\n"
	"INSERT INTO tiers (name, rank) VALUES\n"
	"	('read', 0), ('write', 1), ('secret', 2), ('admin', 3);\n"
	"CREATE TABLE risks (\n"
	"	name TEXT PRIMARY KEY,\n"
	"	rank INTEGER NOT NULL UNIQUE\n"
	");\n"
	"INSERT INTO risks (name, rank) VALUES\n"
	"	('low', 0), ('medium', 1), ('high', 2), ('critical', 3);\n"
	"CREATE TABLE scans (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	uuid TEXT NOT NULL UNIQUE,\n"
	"	host TEXT NOT NULL,\n"
	"	target_type TEXT NOT NULL,\n"
	"	target_root TEXT NOT NULL,\n"
	"	scope TEXT NOT NULL,\n"
	"	started TEXT NOT NULL,\n"
	"	finished TEXT NOT NULL,\n"
	"	tool_version TEXT NOT NULL,\n"
	"	files INTEGER NOT NULL,\n"
	"	bytes INTEGER NOT NULL,\n"
	"	skipped INTEGER NOT NULL,\n"
	"	errors INTEGER NOT NULL,\n"
	"	credentials INTEGER NOT NULL\n"
	");\n"
	"CREATE INDEX scans_target ON scans\n"
	"	(host, target_type, target_root, scope, started);\n"
	"CREATE TABLE credentials (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	fingerprint TEXT NOT NULL UNIQUE,\n"
	"	kind TEXT NOT NULL,\n"
	"	surface TEXT NOT NULL,\n"
	"	identity TEXT,\n"
	"	owner TEXT,\n"
	"	owner_uid INTEGER,\n"
	"	tier TEXT NOT NULL REFERENCES tiers (name),\n"
	"	risk TEXT NOT NULL REFERENCES risks (name),\n"
	"	standing INTEGER NOT NULL,\n"
	"	expires TEXT,\n"
	"	verified INTEGER,\n"
	"	redacted TEXT,\n"
	"	first_seen TEXT NOT NULL,\n"
	"	last_seen TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX credentials_first_seen ON credentials (first_seen);\n"
	"CREATE TABLE observations (\n"
	"	scan_id INTEGER NOT NULL REFERENCES scans (id),\n"
	"	credential_id INTEGER NOT NULL REFERENCES credentials (id),\n"
	"	position INTEGER NOT NULL,\n"
	"	surface TEXT NOT NULL,\n"
	"	kind TEXT NOT NULL,\n"
	"	rule TEXT,\n"
	"	redacted TEXT,\n"
	"	identity TEXT,\n"
	"	owner TEXT,\n"
	"	owner_uid INTEGER,\n"
	"	owner_source TEXT NOT NULL,\n"
	"	tier TEXT NOT NULL REFERENCES tiers (name),\n"
	"	risk TEXT NOT NULL REFERENCES risks (name),\n"
	"	standing INTEGER NOT NULL,\n"
	"	expires TEXT,\n"
	"	structured INTEGER NOT NULL,\n"
	"	PRIMARY KEY (scan_id, credential_id)\n"
	");\n"
	"CREATE INDEX observations_credential ON observations\n"
	"	(credential_id);\n"
	"CREATE TABLE locations (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	scan_id INTEGER NOT NULL,\n"
	"	credential_id INTEGER NOT NULL,\n"
	"	path TEXT NOT NULL,\n"
	"	line INTEGER,\n"
	"	layer TEXT,\n"
	"	deleted INTEGER,\n"
	"	mode INTEGER NOT NULL,\n"
	"	uid INTEGER,\n"
	"	rule TEXT,\n"
	"	FOREIGN KEY (scan_id, credential_id)\n"
	"	    REFERENCES observations (scan_id, credential_id)\n"
	");\n"
	"CREATE INDEX locations_observation ON locations\n"
	"	(scan_id, credential_id);\n"
	"CREATE TABLE reasons (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	scan_id INTEGER NOT NULL,\n"
	"	credential_id INTEGER NOT NULL,\n"
	"	reason TEXT NOT NULL,\n"
	"	FOREIGN KEY (scan_id, credential_id)\n"
	"	    REFERENCES observations (scan_id, credential_id)\n"
	");\n"
	"CREATE INDEX reasons_observation ON reasons\n"
	"	(scan_id, credential_id);\n"
	"CREATE TABLE scopes (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	scan_id INTEGER NOT NULL,\n"
	"	credential_id INTEGER NOT NULL,\n"
	"	scope TEXT NOT NULL,\n"
	"	FOREIGN KEY (scan_id, credential_id)\n"
	"	    REFERENCES observations (scan_id, credential_id)\n"
	");\n"
	"CREATE INDEX scopes_observation ON scopes (scan_id, credential_id);\n"
	"CREATE TABLE anchors (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	scan_id INTEGER NOT NULL,\n"
	"	credential_id INTEGER NOT NULL,\n"
	"	anchor TEXT NOT NULL,\n"
	"	FOREIGN KEY (scan_id, credential_id)\n"
	"	    REFERENCES observations (scan_id, credential_id)\n"
	");\n"
	"CREATE INDEX anchors_observation ON anchors\n"
	"	(scan_id, credential_id);\n"
	"CREATE TABLE links (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	scan_id INTEGER NOT NULL,\n"
	"	credential_id INTEGER NOT NULL,\n"
	"	ref TEXT NOT NULL,\n"
	"	target_id INTEGER REFERENCES credentials (id),\n"
	"	FOREIGN KEY (scan_id, credential_id)\n"
	"	    REFERENCES observations (scan_id, credential_id)\n"
	");\n"
	"CREATE INDEX links_observation ON links (scan_id, credential_id);\n"
	"CREATE TABLE errors (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	scan_id INTEGER NOT NULL REFERENCES scans (id),\n"
	"	path TEXT NOT NULL,\n"
	"	error TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX errors_scan ON errors (scan_id);\n"
	"CREATE TABLE resolutions (\n"
	"	scan_id INTEGER NOT NULL REFERENCES scans (id),\n"
	"	credential_id INTEGER NOT NULL REFERENCES credentials (id),\n"
	"	previous_scan_id INTEGER NOT NULL REFERENCES scans (id),\n"
	"	PRIMARY KEY (scan_id, credential_id)\n"
	");\n"
	"CREATE INDEX resolutions_credential ON resolutions (credential_id);\n"
	"CREATE VIEW latest_scans AS\n"
	"	SELECT * FROM scans s WHERE NOT EXISTS (\n"
	"	    SELECT 1 FROM scans t\n"
	"	    WHERE t.host = s.host AND t.target_type = s.target_type\n"
	"	      AND t.target_root = s.target_root AND t.scope = s.scope\n"
	"	      AND (t.started > s.started\n"
	"	           OR (t.started = s.started AND t.id > s.id)));\n"
	"PRAGMA application_id = 1128359010;\n"
	"PRAGMA user_version = 1;\n";
/* clang-format on */

/* Version 2: owners (team and contact from an owners map), where the
 * tier comes from, misplaced credentials, and what a policy ignored. */
/* clang-format off */
static const char schema_v2[] =
	"ALTER TABLE scans ADD COLUMN ignored INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE observations ADD COLUMN owner_team TEXT;\n"
	"ALTER TABLE observations ADD COLUMN owner_contact TEXT;\n"
	"ALTER TABLE observations ADD COLUMN tier_evidence TEXT;\n"
	"ALTER TABLE observations ADD COLUMN misplaced INTEGER NOT NULL\n"
	"	DEFAULT 0;\n"
	"ALTER TABLE locations ADD COLUMN misplaced INTEGER NOT NULL\n"
	"	DEFAULT 0;\n"
	"CREATE TABLE ignored (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	scan_id INTEGER NOT NULL REFERENCES scans (id),\n"
	"	fingerprint TEXT NOT NULL,\n"
	"	kind TEXT,\n"
	"	rule TEXT,\n"
	"	ignore_index INTEGER NOT NULL,\n"
	"	reason TEXT,\n"
	"	expires TEXT\n"
	");\n"
	"CREATE INDEX ignored_scan ON ignored (scan_id);\n"
	"PRAGMA user_version = 2;\n";
/* clang-format on */

/* Version 3: what --verify's providers said. Each observation keeps the
 * answer its scan reported; credentials.verified (reserved since version
 * 1) becomes the Unix time of the provider's latest definite answer, live
 * or revoked, which --verify-ttl reads to skip asking again. */
static const char schema_v3[] =
    "ALTER TABLE observations ADD COLUMN verified TEXT;\n"
    "ALTER TABLE observations ADD COLUMN verify_error TEXT;\n"
    "PRAGMA user_version = 3;\n";

/* migrations[v] takes a database from version v - 1 to v; the script
 * ends by setting user_version to v. To change the schema, append a
 * script and bump CA_DB_SCHEMA_VERSION; never edit a published one. */
/* clang-format off */
static const char *const migrations[CA_DB_SCHEMA_VERSION + 1] = {
	NULL,      /* version 0: the empty file */
	schema_v1,
	schema_v2,
	schema_v3,
};
/* clang-format on */

_Static_assert(CA_DB_APPLICATION_ID == 1128359010,
    "the application id in schema_v1 must match CA_DB_APPLICATION_ID");

/* Reports the connection's last error with what was being done; returns
 * -1. 'what' is borrowed. */
static int
db_error(const struct ca_db *db, const char *what)
{
	return ca_error("cannot %s in inventory '%s': %s", what, db->path,
	    sqlite3_errmsg(db->db));
}

/* Prepares 'sql' (borrowed). Returns 0 and an owned statement, or -1. */
static int
prep(struct ca_db *db, const char *sql, sqlite3_stmt **st)
{
	*st = NULL;
	if (sqlite3_prepare_v2(db->db, sql, -1, st, NULL) != SQLITE_OK) {
		ca_error("cannot use inventory '%s': %s", db->path,
		    sqlite3_errmsg(db->db));
		sqlite3_finalize(*st);
		*st = NULL;
		return -1;
	}
	return 0;
}

/* Steps 'st' (borrowed) to completion and resets it for reuse. Returns 0,
 * or -1 after reporting the error with 'what'. */
static int
step_done(struct ca_db *db, sqlite3_stmt *st, const char *what)
{
	int rc;

	do
		rc = sqlite3_step(st);
	while (rc == SQLITE_ROW);
	if (rc != SQLITE_DONE) {
		db_error(db, what);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return -1;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return 0;
}

/* Runs every statement of the constant script 'sql' (borrowed). */
static int
exec_script(struct ca_db *db, const char *sql, const char *what)
{
	const char *tail = sql;

	while (*tail) {
		sqlite3_stmt *st = NULL;
		const char *next = NULL;
		int ret;

		if (sqlite3_prepare_v2(db->db, tail, -1, &st, &next) !=
		    SQLITE_OK)
			return ca_error("cannot use inventory '%s': %s",
			    db->path, sqlite3_errmsg(db->db));
		if (!st) /* only whitespace or a comment was left */
			break;
		ret = step_done(db, st, what);
		sqlite3_finalize(st);
		if (ret < 0)
			return -1;
		tail = next;
	}
	return 0;
}

/* Runs the constant one-row query 'sql' and stores its first column.
 * 'db' and 'sql' are borrowed. */
static int
query_int(struct ca_db *db, const char *sql, int64_t *out, const char *what)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, sql, &st) < 0)
		return -1;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_error(db, what);
		sqlite3_finalize(st);
		return -1;
	}
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

/* Binds 's' (borrowed; NULL binds NULL). Bytes that are not UTF-8 are
 * escaped as in the JSON report. Returns an SQLite result code. */
static int
bind_str(sqlite3_stmt *st, int i, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	if (!s)
		return sqlite3_bind_null(st, i);
	n = strlen(s);
	for (size_t k = 0; k < n;) {
		size_t len = ca_utf8_decode(p + k, n - k, NULL);
		if (!len)
			return sqlite3_bind_text(st, i, ca_utf8_escape(s), -1,
			    free);
		k += len;
	}
	return sqlite3_bind_text(st, i, s, (int)n, SQLITE_TRANSIENT);
}

/* Binds a uid, or NULL when unknown (negative). 'st' is borrowed. */
static int
bind_uid(sqlite3_stmt *st, int i, int64_t uid)
{
	return uid < 0 ? sqlite3_bind_null(st, i) :
	                 sqlite3_bind_int64(st, i, uid);
}

/* 'st' is borrowed. */
static int
bind_u64(sqlite3_stmt *st, int i, uint64_t v)
{
	return sqlite3_bind_int64(st, i,
	    v > INT64_MAX ? INT64_MAX : (sqlite3_int64)v);
}

/* Creates 'path' (borrowed) with mode 0600 whatever the umask, unless
 * something is already there. Returns 0 or -1. */
static int
create_0600(const char *path)
{
	int fd;

	fd = open(path,
	    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
	    0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return 0; /* another writer just made it */
		return ca_error("cannot create inventory '%s': %s", path,
		    strerror(errno));
	}
	if (fchmod(fd, 0600) < 0) {
		ca_error("cannot restrict inventory '%s' to mode 0600: %s",
		    path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* Narrows the -wal and -shm files next to 'path' (borrowed) to 0600
 * where we own them. SQLite creates them with the database's mode, so
 * this only matters when they were left wider by something else.
 *
 * Must run before this process opens the database: closing any
 * descriptor of a file drops every POSIX lock the process holds on it,
 * SQLite's included, and another connection would then reset the -shm
 * under our feet (SIGBUS). */
static void
restrict_sidecars(const char *path)
{
	static const char *const suffixes[] = { "-wal", "-shm" };

	for (size_t i = 0; i < CA_ARRAY_SIZE(suffixes); i++) {
		struct strbuf sb = STRBUF_INIT(64 * 1024);
		struct stat st;
		int fd;

		if (strbuf_addf(&sb, "%s%s", path, suffixes[i]) < 0)
			continue;
		fd = open(sb.buf,
		    O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		strbuf_release(&sb);
		if (fd < 0)
			continue;
		if (!fstat(fd, &st) && S_ISREG(st.st_mode) &&
		    st.st_uid == geteuid() && (st.st_mode & 0177))
			(void)fchmod(fd, 0600);
		close(fd);
	}
}

/* Returns an owned "file:" URI for 'path' (borrowed), percent-encoding
 * everything but unreserved characters and '/', so no file name can
 * smuggle URI parameters in; 'params' (borrowed, may be NULL) is
 * appended after '?'. */
static char *
path_uri(const char *path, const char *params)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb = STRBUF_INIT(128 * 1024);
	int err = 0;

	err |= strbuf_addstr(&sb, path[0] == '/' ? "file://" : "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '/' || c == '-' ||
		    c == '.' || c == '_' || c == '~') {
			err |= strbuf_addch(&sb, c);
		} else {
			err |= strbuf_addch(&sb, '%');
			err |= strbuf_addch(&sb, hex[c >> 4]);
			err |= strbuf_addch(&sb, hex[c & 15]);
		}
	}
	if (params) {
		err |= strbuf_addch(&sb, '?');
		err |= strbuf_addstr(&sb, params);
	}
	if (err)
		return NULL;
	return strbuf_detach(&sb, NULL);
}

/* Switches to WAL so readers never block the writer and several writers
 * queue on the busy timeout. Changing the journal mode wants a moment of
 * exclusive access, which SQLite does not wait for, hence the retries.
 * 'db' is borrowed. */
static int
set_wal(struct ca_db *db)
{
	sqlite3_stmt *st;
	char mode[16] = "";
	int rc = SQLITE_BUSY;

	if (prep(db, "PRAGMA journal_mode = WAL", &st) < 0)
		return -1;
	for (int tries = 0; tries < CA_DB_BUSY_MS / 50; tries++) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const unsigned char *m = sqlite3_column_text(st, 0);
			snprintf(mode, sizeof(mode), "%s",
			    m ? (const char *)m : "");
			break;
		}
		sqlite3_reset(st);
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
		nanosleep(&ts, NULL);
	}
	if (rc != SQLITE_ROW) {
		db_error(db, "switch to WAL mode");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	if (strcmp(mode, "wal"))
		ca_warning("inventory '%s' is in %s mode, not WAL: concurrent "
		           "writers will wait for each other",
		    db->path, mode);
	return 0;
}

/* Reads the schema version into '*version' (0 for an empty file) and
 * checks the file is ours and not from a newer credatlas. 'db' is borrowed. */
static int
schema_version(struct ca_db *db, int64_t *version)
{
	int64_t app, ver, objects;

	if (query_int(db, "PRAGMA application_id", &app, "read the header") <
	        0 ||
	    query_int(db, "PRAGMA user_version", &ver, "read the header") < 0 ||
	    query_int(db, "SELECT count(*) FROM sqlite_schema", &objects,
	        "read the schema") < 0)
		return -1;
	if (!app && !ver && !objects) {
		*version = 0;
		return 0;
	}
	if (app != CA_DB_APPLICATION_ID)
		return ca_error("cannot use '%s': it is an SQLite database, "
		                "but not a credatlas inventory",
		    db->path);
	if (ver > CA_DB_SCHEMA_VERSION)
		return ca_error("cannot use inventory '%s': its schema version "
		                "%lld is newer than this credatlas knows (%d)",
		    db->path, (long long)ver, CA_DB_SCHEMA_VERSION);
	if (ver < 1)
		return ca_error("cannot use inventory '%s': schema version "
		                "%lld is not one credatlas ever wrote",
		    db->path, (long long)ver);
	*version = ver;
	return 0;
}

/* Creates or upgrades the schema in one transaction, so two processes
 * opening a new file at once cannot both create it. 'db' is borrowed. */
static int
migrate(struct ca_db *db)
{
	int64_t version;

	if (exec_script(db, "BEGIN IMMEDIATE", "lock the database") < 0)
		return -1;
	if (schema_version(db, &version) < 0)
		goto fail;
	for (int64_t v = version + 1; v <= CA_DB_SCHEMA_VERSION; v++) {
		ca_debug("inventory '%s': migrating to schema version %lld",
		    db->path, (long long)v);
		if (exec_script(db, migrations[v], "create the schema") < 0)
			goto fail;
	}
	if (exec_script(db, "COMMIT", "commit the schema") < 0)
		goto fail;
	return 0;
fail:
	exec_script(db, "ROLLBACK", "roll back");
	return -1;
}

/* Reads meta.key_id into db->key_id ("" when not set yet). 'db' is borrowed. */
static int
load_key_id(struct ca_db *db)
{
	sqlite3_stmt *st;
	int rc;

	db->key_id[0] = '\0';
	if (prep(db, "SELECT value FROM meta WHERE name = 'key_id'", &st) < 0)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(st, 0);
		snprintf(db->key_id, sizeof(db->key_id), "%s",
		    v ? (const char *)v : "");
	} else if (rc != SQLITE_DONE) {
		db_error(db, "read the key id");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

/* 'path' is borrowed; '*out' is owned by the caller. */
int
ca_db_open(const char *path, enum ca_db_mode mode, struct ca_db **out)
{
	struct ca_db *db;
	struct stat st;
	int64_t version;
	char *uri;
	int flags;

	*out = NULL;
	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			return ca_error("cannot open inventory '%s': it is a "
			                "symbolic link",
			    path);
		if (!S_ISREG(st.st_mode))
			return ca_error("cannot open inventory '%s': not a "
			                "regular file",
			    path);
	} else if (errno != ENOENT || mode == CA_DB_READ) {
		return ca_error("cannot open inventory '%s': %s", path,
		    strerror(errno));
	} else if (create_0600(path) < 0) {
		return -1;
	}
	if (mode == CA_DB_WRITE)
		restrict_sidecars(path);
	uri = path_uri(path, NULL);
	if (!uri)
		return ca_error("cannot open inventory '%s': name too long",
		    path);
	db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	db->mode = mode;
	flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW |
	    (mode == CA_DB_WRITE ? SQLITE_OPEN_READWRITE :
	                           SQLITE_OPEN_READONLY);
	if (sqlite3_open_v2(uri, &db->db, flags, NULL) != SQLITE_OK) {
		ca_error("cannot open inventory '%s': %s", path,
		    db->db ? sqlite3_errmsg(db->db) : "out of memory");
		free(uri);
		ca_db_close(db);
		return -1;
	}
	free(uri);
	sqlite3_extended_result_codes(db->db, 1);
	sqlite3_busy_timeout(db->db, CA_DB_BUSY_MS);
	if (mode == CA_DB_WRITE) {
		/* The first statement reads the header: a file that is not
		 * a database fails here with "file is not a database". */
		if (set_wal(db) < 0 ||
		    exec_script(db,
		        "PRAGMA foreign_keys = ON; "
		        "PRAGMA synchronous = NORMAL",
		        "set up the connection") < 0 ||
		    migrate(db) < 0)
			goto fail;
	} else {
		if (exec_script(db, "PRAGMA foreign_keys = ON",
		        "set up the connection") < 0 ||
		    schema_version(db, &version) < 0)
			goto fail;
		if (version == 0) {
			ca_error("cannot read inventory '%s': it is empty",
			    path);
			goto fail;
		}
		if (version < CA_DB_SCHEMA_VERSION) {
			ca_error(
			    "cannot read inventory '%s': its schema "
			    "version %lld is older than this credatlas reads "
			    "(%d); upgrade it with 'credatlas merge %s'",
			    path, (long long)version, CA_DB_SCHEMA_VERSION,
			    path);
			goto fail;
		}
	}
	if (load_key_id(db) < 0)
		goto fail;
	*out = db;
	return 0;
fail:
	ca_db_close(db);
	return -1;
}

/* Takes ownership of 'db'. */
void
ca_db_close(struct ca_db *db)
{
	if (!db)
		return;
	sqlite3_close_v2(db->db);
	free(db->path);
	free(db);
}

sqlite3 *
ca_db_handle(struct ca_db *db)
{
	return db->db;
}

/* Returns a string borrowed from 'db' (borrowed). */
const char *
ca_db_path(const struct ca_db *db)
{
	return db->path;
}

/* Returns a string borrowed from 'db' (borrowed). */
const char *
ca_db_key_id(const struct ca_db *db)
{
	return db->key_id;
}

/* Fills 'out' with 32 random hex digits: the scan's uuid, which lets a
 * merge recognise a scan it already holds. */
static int
random_uuid(char out[33])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	size_t got = 0;

	while (got < sizeof(b)) {
		ssize_t n = getrandom(b + got, sizeof(b) - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return ca_error("cannot make a scan id: %s",
			    strerror(errno));
		got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(b); i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 15];
	}
	out[32] = '\0';
	return 0;
}

/* Checks the scan's key against the database's, recording it when the
 * database has none yet. Runs inside the write transaction, so two
 * first scans under different keys cannot both get in.
 * 'db' and 'key_id' are borrowed. */
static int
claim_key_id(struct ca_db *db, const char *key_id)
{
	sqlite3_stmt *st;

	if (load_key_id(db) < 0)
		return -1;
	if (db->key_id[0]) {
		if (strcmp(db->key_id, key_id))
			return ca_error(
			    "cannot add to inventory '%s': it "
			    "holds fingerprints made with key %s, this scan "
			    "used key %s (fingerprints under different keys "
			    "cannot be compared)",
			    db->path, db->key_id, key_id);
		return 0;
	}
	if (prep(db, "INSERT INTO meta (name, value) VALUES ('key_id', ?1)",
	        &st) < 0)
		return -1;
	if (bind_str(st, 1, key_id) != SQLITE_OK ||
	    step_done(db, st, "record the key id") < 0) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	snprintf(db->key_id, sizeof(db->key_id), "%s", key_id);
	return 0;
}

enum {
	W_SCAN,
	W_CREDENTIAL,
	W_OBSERVATION,
	W_LOCATION,
	W_REASON,
	W_SCOPE,
	W_ANCHOR,
	W_LINK,
	W_ERROR,
	W_RESOLVE,
	W_IGNORED,
	W_COUNT
};

/* clang-format off */
static const char *const writer_sql[W_COUNT] = {
	[W_SCAN] =
	"INSERT INTO scans (uuid, host, target_type, target_root, scope,\n"
	"    started, finished, tool_version, files, bytes, skipped, errors,\n"
	"    credentials, ignored)\n"
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,\n"
	"    ?14)",
	/* The newest sighting describes the credential; the span of
	 * sightings only ever widens. */
	[W_CREDENTIAL] =
	"INSERT INTO credentials (fingerprint, kind, surface, identity,\n"
	"    owner, owner_uid, tier, risk, standing, expires, redacted,\n"
	"    first_seen, last_seen, verified)\n"
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12,\n"
	"    ?13)\n"
	"ON CONFLICT (fingerprint) DO UPDATE SET\n"
	"  verified = coalesce(max(verified, excluded.verified), verified,\n"
	"      excluded.verified),\n"
	"  kind = iif(excluded.last_seen >= last_seen, excluded.kind, kind),\n"
	"  surface = iif(excluded.last_seen >= last_seen, excluded.surface,\n"
	"      surface),\n"
	"  identity = iif(excluded.last_seen >= last_seen, excluded.identity,\n"
	"      identity),\n"
	"  owner = iif(excluded.last_seen >= last_seen, excluded.owner,\n"
	"      owner),\n"
	"  owner_uid = iif(excluded.last_seen >= last_seen,\n"
	"      excluded.owner_uid, owner_uid),\n"
	"  tier = iif(excluded.last_seen >= last_seen, excluded.tier, tier),\n"
	"  risk = iif(excluded.last_seen >= last_seen, excluded.risk, risk),\n"
	"  standing = iif(excluded.last_seen >= last_seen, excluded.standing,\n"
	"      standing),\n"
	"  expires = iif(excluded.last_seen >= last_seen, excluded.expires,\n"
	"      expires),\n"
	"  redacted = iif(excluded.last_seen >= last_seen, excluded.redacted,\n"
	"      redacted),\n"
	"  first_seen = min(first_seen, excluded.first_seen),\n"
	"  last_seen = max(last_seen, excluded.last_seen)\n"
	"RETURNING id",
	[W_OBSERVATION] =
	"INSERT INTO observations (scan_id, credential_id, position, surface,\n"
	"    kind, rule, redacted, identity, owner, owner_uid, owner_source,\n"
	"    tier, risk, standing, expires, structured, owner_team,\n"
	"    owner_contact, tier_evidence, misplaced, verified, verify_error)\n"
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,\n"
	"    ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
	[W_LOCATION] =
	"INSERT INTO locations (scan_id, credential_id, path, line, mode,\n"
	"    uid, rule, misplaced)\n"
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[W_REASON] =
	"INSERT INTO reasons (scan_id, credential_id, reason)\n"
	"VALUES (?1, ?2, ?3)",
	[W_SCOPE] =
	"INSERT INTO scopes (scan_id, credential_id, scope)\n"
	"VALUES (?1, ?2, ?3)",
	[W_ANCHOR] =
	"INSERT INTO anchors (scan_id, credential_id, anchor)\n"
	"VALUES (?1, ?2, ?3)",
	[W_LINK] =
	"INSERT INTO links (scan_id, credential_id, ref, target_id)\n"
	"VALUES (?1, ?2, ?3, (SELECT id FROM credentials\n"
	"                     WHERE fingerprint = ?4))",
	[W_ERROR] =
	"INSERT INTO errors (scan_id, path, error) VALUES (?1, ?2, ?3)",
	[W_IGNORED] =
	"INSERT INTO ignored (scan_id, fingerprint, kind, rule, ignore_index,\n"
	"    reason, expires)\n"
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	/* A credential is open on a target from the last scan of it that
	 * saw the credential until a scan of it that does not: then that
	 * scan resolves it, unless a file it was in could not be read this
	 * time. "seq" numbers the target's earlier scans in time order. */
	[W_RESOLVE] =
	"WITH cur AS (SELECT * FROM scans WHERE id = ?1),\n"
	"target AS (\n"
	"  SELECT t.id, row_number() OVER (ORDER BY t.started, t.id) AS seq\n"
	"  FROM scans t, cur s\n"
	"  WHERE t.host = s.host AND t.target_type = s.target_type\n"
	"    AND t.target_root = s.target_root AND t.scope = s.scope\n"
	"    AND t.id <> s.id\n"
	"    AND (t.started < s.started\n"
	"         OR (t.started = s.started AND t.id < s.id))),\n"
	"seen AS (\n"
	"  SELECT o.credential_id, max(t.seq) AS seq FROM observations o\n"
	"  JOIN target t ON t.id = o.scan_id GROUP BY o.credential_id),\n"
	"resolved AS (\n"
	"  SELECT r.credential_id, max(t.seq) AS seq FROM resolutions r\n"
	"  JOIN target t ON t.id = r.scan_id GROUP BY r.credential_id)\n"
	"INSERT INTO resolutions (scan_id, credential_id, previous_scan_id)\n"
	"SELECT ?1, s.credential_id, t.id\n"
	"FROM seen s JOIN target t ON t.seq = s.seq\n"
	"LEFT JOIN resolved r ON r.credential_id = s.credential_id\n"
	"WHERE (r.seq IS NULL OR r.seq < s.seq)\n"
	"  AND NOT EXISTS (SELECT 1 FROM observations n\n"
	"                  WHERE n.scan_id = ?1\n"
	"                    AND n.credential_id = s.credential_id)\n"
	"  AND NOT EXISTS (SELECT 1 FROM locations l\n"
	"                  JOIN errors e\n"
	"                    ON e.scan_id = ?1 AND e.path = l.path\n"
	"                  WHERE l.scan_id = t.id\n"
	"                    AND l.credential_id = s.credential_id)",
};
/* clang-format on */

struct writer {
	struct ca_db *db;
	sqlite3_stmt *st[W_COUNT];
	int64_t scan;
};

/* 'w' is borrowed; its statements are finalized. */
static void
writer_release(struct writer *w)
{
	for (size_t i = 0; i < W_COUNT; i++)
		sqlite3_finalize(w->st[i]);
}

/* Inserts the scans row. 'inv' is borrowed. */
static int
write_scan_row(struct writer *w, const struct ca_inventory *inv,
    const char *host, const char *uuid)
{
	const struct ca_scan_meta *m = &inv->meta;
	sqlite3_stmt *st = w->st[W_SCAN];
	int rc = 0;

	rc |= bind_str(st, 1, uuid);
	rc |= bind_str(st, 2, host);
	rc |= bind_str(st, 3, m->target_type ? m->target_type : "dir");
	rc |= bind_str(st, 4, m->root ? m->root : "/");
	rc |= bind_str(st, 5, m->scope ? m->scope : "");
	rc |= bind_str(st, 6, m->started);
	rc |= bind_str(st, 7, m->finished);
	rc |= bind_str(st, 8, CA_VERSION);
	rc |= bind_u64(st, 9, m->stats.files);
	rc |= bind_u64(st, 10, m->stats.bytes);
	rc |= bind_u64(st, 11, m->stats.skipped);
	rc |= bind_u64(st, 12, inv->nerrors);
	rc |= bind_u64(st, 13, inv->ncreds);
	rc |= bind_u64(st, 14, inv->nignored);
	if (rc != SQLITE_OK)
		return db_error(w->db, "bind the scan");
	if (step_done(w->db, st, "insert the scan") < 0)
		return -1;
	w->scan = sqlite3_last_insert_rowid(w->db->db);
	return 0;
}

/* Binds scan id, credential id and one string, and steps.
 * 'w' and 's' are borrowed. */
static int
write_child(struct writer *w, int which, int64_t cred, const char *s,
    const char *what)
{
	sqlite3_stmt *st = w->st[which];

	if ((sqlite3_bind_int64(st, 1, w->scan) |
	        sqlite3_bind_int64(st, 2, cred) | bind_str(st, 3, s)) !=
	    SQLITE_OK)
		return db_error(w->db, what);
	return step_done(w->db, st, what);
}

/* Writes one credential: the credentials row (upserted), its observation
 * at 'position', locations, reasons, scopes and anchors. Stores its row
 * id in '*cred'. 'c' is borrowed. */
static int
write_credential(struct writer *w, const struct ca_credential *c,
    const char *seen, int64_t position, int64_t *cred)
{
	sqlite3_stmt *st = w->st[W_CREDENTIAL];
	const char *tier = ca_tier_name(c->tier), *risk = ca_risk_name(c->risk);
	const char *surface = c->surface ? c->surface : "generic";
	const char *kind = c->kind ? c->kind : "unknown";
	int rc = 0;

	rc |= bind_str(st, 1, c->id);
	rc |= bind_str(st, 2, kind);
	rc |= bind_str(st, 3, surface);
	rc |= bind_str(st, 4, c->identity);
	rc |= bind_str(st, 5, c->owner.user);
	rc |= bind_uid(st, 6, c->owner.uid);
	rc |= bind_str(st, 7, tier);
	rc |= bind_str(st, 8, risk);
	rc |= sqlite3_bind_int(st, 9, c->standing);
	rc |= bind_str(st, 10, c->expires);
	rc |= bind_str(st, 11, c->redacted);
	rc |= bind_str(st, 12, seen);
	rc |= c->verified_at > 0 ? sqlite3_bind_int64(st, 13, c->verified_at) :
	                           sqlite3_bind_null(st, 13);
	if (rc != SQLITE_OK)
		return db_error(w->db, "bind a credential");
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		db_error(w->db, "insert a credential");
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return -1;
	}
	*cred = sqlite3_column_int64(st, 0);
	if (step_done(w->db, st, "insert a credential") < 0)
		return -1;

	st = w->st[W_OBSERVATION];
	rc = 0;
	rc |= sqlite3_bind_int64(st, 1, w->scan);
	rc |= sqlite3_bind_int64(st, 2, *cred);
	rc |= sqlite3_bind_int64(st, 3, position);
	rc |= bind_str(st, 4, surface);
	rc |= bind_str(st, 5, kind);
	rc |= bind_str(st, 6, c->rule);
	rc |= bind_str(st, 7, c->redacted);
	rc |= bind_str(st, 8, c->identity);
	rc |= bind_str(st, 9, c->owner.user);
	rc |= bind_uid(st, 10, c->owner.uid);
	rc |= bind_str(st, 11, c->owner.source ? c->owner.source : "unowned");
	rc |= bind_str(st, 12, tier);
	rc |= bind_str(st, 13, risk);
	rc |= sqlite3_bind_int(st, 14, c->standing);
	rc |= bind_str(st, 15, c->expires);
	rc |= sqlite3_bind_int(st, 16, c->structured);
	rc |= bind_str(st, 17, c->owner.team);
	rc |= bind_str(st, 18, c->owner.contact);
	rc |= bind_str(st, 19, c->tier_evidence);
	rc |= sqlite3_bind_int(st, 20, c->misplaced);
	rc |= bind_str(st, 21, ca_verified_name(c->verified));
	rc |= bind_str(st, 22, c->verify_error);
	if (rc != SQLITE_OK)
		return db_error(w->db, "bind an observation");
	if (step_done(w->db, st, "insert an observation") < 0)
		return -1;

	st = w->st[W_LOCATION];
	for (size_t i = 0; i < c->nlocations; i++) {
		const struct ca_location *l = &c->locations[i];
		rc = 0;
		rc |= sqlite3_bind_int64(st, 1, w->scan);
		rc |= sqlite3_bind_int64(st, 2, *cred);
		rc |= bind_str(st, 3, l->path ? l->path : "");
		rc |= l->line ? sqlite3_bind_int64(st, 4, l->line) :
		                sqlite3_bind_null(st, 4);
		rc |= sqlite3_bind_int64(st, 5, l->mode & 07777);
		rc |= bind_uid(st, 6, l->uid);
		rc |= bind_str(st, 7, l->rule);
		rc |= sqlite3_bind_int(st, 8, l->misplaced);
		if (rc != SQLITE_OK)
			return db_error(w->db, "bind a location");
		if (step_done(w->db, st, "insert a location") < 0)
			return -1;
	}
	for (size_t i = 0; i < c->nreasons; i++)
		if (write_child(w, W_REASON, *cred, c->reasons[i],
		        "insert a reason") < 0)
			return -1;
	for (size_t i = 0; i < c->nscopes; i++)
		if (write_child(w, W_SCOPE, *cred, c->scopes[i],
		        "insert a scope") < 0)
			return -1;
	for (size_t i = 0; i < c->nanchors; i++)
		if (write_child(w, W_ANCHOR, *cred, c->anchors[i],
		        "insert an anchor") < 0)
			return -1;
	return 0;
}

/* One row per (link, target), or one with a NULL target when the
 * delegation points at nothing found on the machine. Credential rows
 * must all exist first. 'w' and 'c' are borrowed. */
static int
write_links(struct writer *w, const struct ca_credential *c, int64_t cred)
{
	sqlite3_stmt *st = w->st[W_LINK];

	for (size_t i = 0; i < c->nlinks; i++) {
		const struct ca_link *l = &c->links[i];
		for (size_t j = 0; j < (l->nto ? l->nto : 1); j++) {
			int rc = 0;
			rc |= sqlite3_bind_int64(st, 1, w->scan);
			rc |= sqlite3_bind_int64(st, 2, cred);
			rc |= bind_str(st, 3, l->ref ? l->ref : "");
			rc |= bind_str(st, 4, l->nto ? l->to[j] : NULL);
			if (rc != SQLITE_OK)
				return db_error(w->db, "bind a link");
			if (step_done(w->db, st, "insert a link") < 0)
				return -1;
		}
	}
	return 0;
}

/* The body of the write transaction. 'w' and 'inv' are borrowed. */
static int
write_all(struct writer *w, const struct ca_inventory *inv)
{
	const struct ca_scan_meta *m = &inv->meta;
	char host[256], uuid[33];
	int64_t *ids = NULL;
	sqlite3_stmt *st;
	int ret = -1;

	if (m->host && *m->host) {
		snprintf(host, sizeof(host), "%s", m->host);
	} else if (gethostname(host, sizeof(host)) < 0 || !host[0]) {
		snprintf(host, sizeof(host), "unknown");
	}
	host[sizeof(host) - 1] = '\0';
	if (random_uuid(uuid) < 0 || write_scan_row(w, inv, host, uuid) < 0)
		return -1;
	if (inv->ncreds)
		ids = xcalloc(inv->ncreds, sizeof(*ids));
	for (size_t i = 0; i < inv->ncreds; i++)
		if (write_credential(w, inv->creds[i], m->started, (int64_t)i,
		        &ids[i]) < 0)
			goto out;
	for (size_t i = 0; i < inv->ncreds; i++)
		if (write_links(w, inv->creds[i], ids[i]) < 0)
			goto out;
	st = w->st[W_ERROR];
	for (size_t i = 0; i < inv->nerrors; i++) {
		if ((sqlite3_bind_int64(st, 1, w->scan) |
		        bind_str(st, 2,
		            inv->errors[i].path ? inv->errors[i].path : "") |
		        bind_str(st, 3,
		            inv->errors[i].error ? inv->errors[i].error :
		                                   "")) != SQLITE_OK) {
			db_error(w->db, "bind an error");
			goto out;
		}
		if (step_done(w->db, st, "insert an error") < 0)
			goto out;
	}
	st = w->st[W_IGNORED];
	for (size_t i = 0; i < inv->nignored; i++) {
		const struct ca_ignored *g = &inv->ignored[i];
		if ((sqlite3_bind_int64(st, 1, w->scan) |
		        bind_str(st, 2, g->id) | bind_str(st, 3, g->kind) |
		        bind_str(st, 4, g->rule) |
		        sqlite3_bind_int64(st, 5,
		            g->ignore == SIZE_MAX ? -1 :
		                                    (sqlite3_int64)g->ignore) |
		        bind_str(st, 6, g->reason) |
		        bind_str(st, 7, g->expires)) != SQLITE_OK) {
			db_error(w->db, "bind an ignored credential");
			goto out;
		}
		if (step_done(w->db, st, "insert an ignored credential") < 0)
			goto out;
	}
	/* Errors first: they keep unreadable credentials open. */
	st = w->st[W_RESOLVE];
	if (sqlite3_bind_int64(st, 1, w->scan) != SQLITE_OK) {
		db_error(w->db, "bind the resolutions");
		goto out;
	}
	if (step_done(w->db, st, "record resolved credentials") < 0)
		goto out;
	ret = 0;
out:
	free(ids);
	return ret;
}

/* 'db' and 'inv' are borrowed. */
int
ca_db_write_scan(struct ca_db *db, const struct ca_inventory *inv,
    int64_t *scan_id)
{
	struct writer w;
	int ret = -1;

	if (db->mode != CA_DB_WRITE)
		return ca_error("cannot write to inventory '%s': opened "
		                "read-only",
		    db->path);
	if (!inv->meta.key_id[0])
		return ca_error("cannot add a scan without a fingerprint key "
		                "id to inventory '%s'",
		    db->path);
	if (!inv->meta.started[0] || !inv->meta.finished[0])
		return ca_error("cannot add a scan without start and finish "
		                "times to inventory '%s'",
		    db->path);
	memset(&w, 0, sizeof(w));
	w.db = db;
	if (exec_script(db, "BEGIN IMMEDIATE", "lock the database") < 0)
		return -1;
	if (claim_key_id(db, inv->meta.key_id) < 0)
		goto out;
	for (size_t i = 0; i < W_COUNT; i++)
		if (prep(db, writer_sql[i], &w.st[i]) < 0)
			goto out;
	if (write_all(&w, inv) < 0)
		goto out;
	writer_release(&w);
	memset(&w.st, 0, sizeof(w.st));
	if (exec_script(db, "COMMIT", "commit the scan") < 0)
		goto out;
	if (scan_id)
		*scan_id = w.scan;
	ret = 0;
out:
	writer_release(&w);
	if (ret < 0) {
		exec_script(db, "ROLLBACK", "roll back");
		load_key_id(db);
	}
	return ret;
}

/* Runs a query that yields one optional id, with 'id' bound to ?1 when
 * non-zero. 'db' and 'sql' are borrowed. */
static int
query_id(struct ca_db *db, const char *sql, int64_t arg, int64_t *out,
    const char *what)
{
	sqlite3_stmt *st;
	int rc;

	*out = 0;
	if (prep(db, sql, &st) < 0)
		return -1;
	if (arg && sqlite3_bind_int64(st, 1, arg) != SQLITE_OK) {
		sqlite3_finalize(st);
		return db_error(db, what);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		db_error(db, what);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* 'db' is borrowed. */
int
ca_db_latest_scan(struct ca_db *db, int64_t *id)
{
	return query_id(db,
	    "SELECT id FROM scans ORDER BY started DESC, "
	    "id DESC LIMIT 1",
	    0, id, "find the latest scan");
}

/* 'db' is borrowed. */
int
ca_db_previous_scan(struct ca_db *db, int64_t id, int64_t *prev)
{
	int64_t found = 0;

	*prev = 0;
	if (id > 0 &&
	    query_id(db, "SELECT id FROM scans WHERE id = ?1", id, &found,
	        "find the scan") < 0)
		return -1;
	if (!found)
		return ca_error("inventory '%s' has no scan %lld", db->path,
		    (long long)id);
	return query_id(db,
	    "SELECT p.id FROM scans s JOIN scans p\n"
	    "  ON p.host = s.host AND p.target_type = s.target_type\n"
	    " AND p.target_root = s.target_root AND p.scope = s.scope\n"
	    " AND p.id <> s.id\n"
	    " AND (p.started < s.started OR (p.started = s.started\n"
	    "      AND p.id < s.id))\n"
	    "WHERE s.id = ?1 ORDER BY p.started DESC, p.id DESC LIMIT 1",
	    id, prev, "find the previous scan");
}

/* Returns an owned copy of column 'i', "" for NULL. */
static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return xstrdup(s ? (const char *)s : "");
}

/* 'db' is borrowed; '*out' is owned by the caller. */
int
ca_db_list_scans(struct ca_db *db, struct ca_db_scan **out, size_t *n)
{
	struct ca_db_scan *v = NULL;
	size_t len = 0, cap = 0;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if (prep(db,
	        "SELECT s.id, s.uuid, s.host, s.target_type, s.target_root,\n"
	        "    s.scope, s.started, s.finished, s.credentials,\n"
	        "    (SELECT count(*) FROM resolutions r WHERE r.scan_id = s.id),\n"
	        "    s.errors\n"
	        "FROM scans s ORDER BY s.started, s.id",
	        &st) < 0)
		return -1;
	for (;;) {
		struct ca_db_scan *s;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof(*v));
		}
		s = &v[len++];
		s->id = sqlite3_column_int64(st, 0);
		s->uuid = col_dup(st, 1);
		s->host = col_dup(st, 2);
		s->target_type = col_dup(st, 3);
		s->target_root = col_dup(st, 4);
		s->scope = col_dup(st, 5);
		s->started = col_dup(st, 6);
		s->finished = col_dup(st, 7);
		s->credentials = (uint64_t)sqlite3_column_int64(st, 8);
		s->resolved = (uint64_t)sqlite3_column_int64(st, 9);
		s->errors = (uint64_t)sqlite3_column_int64(st, 10);
	}
	if (rc != SQLITE_DONE) {
		db_error(db, "list the scans");
		sqlite3_finalize(st);
		ca_db_scans_free(v, len);
		return -1;
	}
	sqlite3_finalize(st);
	*out = v;
	*n = len;
	return 0;
}

/* Takes ownership of 'scans'. */
void
ca_db_scans_free(struct ca_db_scan *scans, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(scans[i].uuid);
		free(scans[i].host);
		free(scans[i].target_type);
		free(scans[i].target_root);
		free(scans[i].scope);
		free(scans[i].started);
		free(scans[i].finished);
	}
	free(scans);
}

/* The merge: the input is attached read-only as "src"; two temporary
 * tables map its scan and credential ids to ours. */
/* clang-format off */
static const char merge_setup[] =
	"CREATE TEMP TABLE IF NOT EXISTS merge_scans (\n"
	"	old INTEGER PRIMARY KEY, new INTEGER NOT NULL,\n"
	"	copied INTEGER NOT NULL);\n"
	"CREATE TEMP TABLE IF NOT EXISTS merge_creds (\n"
	"	old INTEGER PRIMARY KEY, new INTEGER NOT NULL);\n"
	"DELETE FROM temp.merge_scans;\n"
	"DELETE FROM temp.merge_creds;\n";
/* clang-format on */

/* Copies the scans row 'old' unless a scan with its uuid is here. */
static const char merge_scan_find[] =
    "SELECT m.id FROM main.scans m JOIN src.scans s ON s.uuid = m.uuid\n"
    "WHERE s.id = ?1";
/* clang-format off */
static const char merge_scan_copy[] =
	"INSERT INTO main.scans (uuid, host, target_type, target_root, scope,\n"
	"    started, finished, tool_version, files, bytes, skipped, errors,\n"
	"    credentials, ignored)\n"
	"SELECT uuid, host, target_type, target_root, scope, started,\n"
	"    finished, tool_version, files, bytes, skipped, errors,\n"
	"    credentials, ignored\n"
	"FROM src.scans WHERE id = ?1";
/* clang-format on */
static const char merge_scan_map[] =
    "INSERT INTO temp.merge_scans (old, new, copied) VALUES (?1, ?2, ?3)";

/* The rows of the copied scans, in their original order. */
/* clang-format off */
static const char merge_rows[] =
	"INSERT INTO main.credentials (fingerprint, kind, surface, identity,\n"
	"    owner, owner_uid, tier, risk, standing, expires, verified,\n"
	"    redacted, first_seen, last_seen)\n"
	"SELECT fingerprint, kind, surface, identity, owner, owner_uid, tier,\n"
	"    risk, standing, expires, verified, redacted, first_seen,\n"
	"    last_seen\n"
	"FROM src.credentials WHERE true ORDER BY id\n"
	"ON CONFLICT (fingerprint) DO UPDATE SET\n"
	"  kind = iif(excluded.last_seen > last_seen, excluded.kind, kind),\n"
	"  surface = iif(excluded.last_seen > last_seen, excluded.surface,\n"
	"      surface),\n"
	"  identity = iif(excluded.last_seen > last_seen, excluded.identity,\n"
	"      identity),\n"
	"  owner = iif(excluded.last_seen > last_seen, excluded.owner,\n"
	"      owner),\n"
	"  owner_uid = iif(excluded.last_seen > last_seen,\n"
	"      excluded.owner_uid, owner_uid),\n"
	"  tier = iif(excluded.last_seen > last_seen, excluded.tier, tier),\n"
	"  risk = iif(excluded.last_seen > last_seen, excluded.risk, risk),\n"
	"  standing = iif(excluded.last_seen > last_seen, excluded.standing,\n"
	"      standing),\n"
	"  expires = iif(excluded.last_seen > last_seen, excluded.expires,\n"
	"      expires),\n"
	"  verified = coalesce(max(verified, excluded.verified), verified,\n"
	"      excluded.verified),\n"
	"  redacted = iif(excluded.last_seen > last_seen, excluded.redacted,\n"
	"      redacted),\n"
	"  first_seen = min(first_seen, excluded.first_seen),\n"
	"  last_seen = max(last_seen, excluded.last_seen);\n"
	"INSERT INTO temp.merge_creds (old, new)\n"
	"SELECT s.id, m.id FROM src.credentials s\n"
	"JOIN main.credentials m ON m.fingerprint = s.fingerprint;\n"
	"INSERT INTO main.observations (scan_id, credential_id, position,\n"
	"    surface, kind, rule, redacted, identity, owner, owner_uid,\n"
	"    owner_source, tier, risk, standing, expires, structured,\n"
	"    owner_team, owner_contact, tier_evidence, misplaced, verified,\n"
	"    verify_error)\n"
	"SELECT ms.new, mc.new, o.position, o.surface, o.kind, o.rule,\n"
	"    o.redacted, o.identity, o.owner, o.owner_uid, o.owner_source,\n"
	"    o.tier, o.risk, o.standing, o.expires, o.structured,\n"
	"    o.owner_team, o.owner_contact, o.tier_evidence, o.misplaced,\n"
	"    o.verified, o.verify_error\n"
	"FROM src.observations o\n"
	"JOIN temp.merge_scans ms ON ms.old = o.scan_id AND ms.copied\n"
	"JOIN temp.merge_creds mc ON mc.old = o.credential_id\n"
	"ORDER BY o.scan_id, o.position;\n"
	"INSERT INTO main.locations (scan_id, credential_id, path, line,\n"
	"    layer, deleted, mode, uid, rule, misplaced)\n"
	"SELECT ms.new, mc.new, l.path, l.line, l.layer, l.deleted, l.mode,\n"
	"    l.uid, l.rule, l.misplaced\n"
	"FROM src.locations l\n"
	"JOIN temp.merge_scans ms ON ms.old = l.scan_id AND ms.copied\n"
	"JOIN temp.merge_creds mc ON mc.old = l.credential_id\n"
	"ORDER BY l.id;\n"
	"INSERT INTO main.reasons (scan_id, credential_id, reason)\n"
	"SELECT ms.new, mc.new, r.reason FROM src.reasons r\n"
	"JOIN temp.merge_scans ms ON ms.old = r.scan_id AND ms.copied\n"
	"JOIN temp.merge_creds mc ON mc.old = r.credential_id\n"
	"ORDER BY r.id;\n"
	"INSERT INTO main.scopes (scan_id, credential_id, scope)\n"
	"SELECT ms.new, mc.new, s.scope FROM src.scopes s\n"
	"JOIN temp.merge_scans ms ON ms.old = s.scan_id AND ms.copied\n"
	"JOIN temp.merge_creds mc ON mc.old = s.credential_id\n"
	"ORDER BY s.id;\n"
	"INSERT INTO main.anchors (scan_id, credential_id, anchor)\n"
	"SELECT ms.new, mc.new, a.anchor FROM src.anchors a\n"
	"JOIN temp.merge_scans ms ON ms.old = a.scan_id AND ms.copied\n"
	"JOIN temp.merge_creds mc ON mc.old = a.credential_id\n"
	"ORDER BY a.id;\n"
	"INSERT INTO main.links (scan_id, credential_id, ref, target_id)\n"
	"SELECT ms.new, mc.new, l.ref, mt.new FROM src.links l\n"
	"JOIN temp.merge_scans ms ON ms.old = l.scan_id AND ms.copied\n"
	"JOIN temp.merge_creds mc ON mc.old = l.credential_id\n"
	"LEFT JOIN temp.merge_creds mt ON mt.old = l.target_id\n"
	"ORDER BY l.id;\n"
	"INSERT INTO main.errors (scan_id, path, error)\n"
	"SELECT ms.new, e.path, e.error FROM src.errors e\n"
	"JOIN temp.merge_scans ms ON ms.old = e.scan_id AND ms.copied\n"
	"ORDER BY e.id;\n"
	"INSERT INTO main.ignored (scan_id, fingerprint, kind, rule,\n"
	"    ignore_index, reason, expires)\n"
	"SELECT ms.new, g.fingerprint, g.kind, g.rule, g.ignore_index,\n"
	"    g.reason, g.expires FROM src.ignored g\n"
	"JOIN temp.merge_scans ms ON ms.old = g.scan_id AND ms.copied\n"
	"ORDER BY g.id;\n"
	"INSERT INTO main.resolutions (scan_id, credential_id,\n"
	"    previous_scan_id)\n"
	"SELECT ms.new, mc.new, mp.new FROM src.resolutions r\n"
	"JOIN temp.merge_scans ms ON ms.old = r.scan_id AND ms.copied\n"
	"JOIN temp.merge_creds mc ON mc.old = r.credential_id\n"
	"JOIN temp.merge_scans mp ON mp.old = r.previous_scan_id\n"
	"WHERE true ON CONFLICT DO NOTHING;\n";
/* clang-format on */

/* Runs a one-value query on the attached input, naming the input (not
 * the database merged into) when it fails.
 * 'db', 'in_path' and 'sql' are borrowed. */
static int
src_int(struct ca_db *db, const char *in_path, const char *sql, int64_t *out)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*out = 0;
	if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
		rc = SQLITE_ERROR;
	else
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		ca_error("cannot merge '%s': %s", in_path,
		    sqlite3_errmsg(db->db));
		sqlite3_finalize(st);
		return -1;
	}
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* Checks the attached input: a credatlas inventory at our schema
 * version, fingerprinted under our key (adopted when we have none).
 * Returns 0, -1, or -2 for a key mismatch.
 * 'db' and 'in_path' are borrowed; 'src_key' is the caller's buffer. */
static int
merge_check_src(struct ca_db *db, const char *in_path, char *src_key,
    size_t src_key_size)
{
	sqlite3_stmt *st;
	int64_t app, ver;
	int rc;

	if (src_int(db, in_path, "PRAGMA src.application_id", &app) < 0 ||
	    src_int(db, in_path, "PRAGMA src.user_version", &ver) < 0)
		return -1;
	if (app != CA_DB_APPLICATION_ID)
		return ca_error("cannot merge '%s': not a credatlas inventory",
		    in_path);
	if (ver < CA_DB_SCHEMA_VERSION)
		return ca_error(
		    "cannot merge '%s': its schema version is "
		    "%lld, older than this credatlas merges (%d); upgrade it "
		    "first with 'credatlas merge %s'",
		    in_path, (long long)ver, CA_DB_SCHEMA_VERSION, in_path);
	if (ver != CA_DB_SCHEMA_VERSION)
		return ca_error("cannot merge '%s': its schema version %lld is "
		                "newer than this credatlas knows (%d)",
		    in_path, (long long)ver, CA_DB_SCHEMA_VERSION);
	src_key[0] = '\0';
	if (prep(db, "SELECT value FROM src.meta WHERE name = 'key_id'", &st) <
	    0)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(st, 0);
		snprintf(src_key, src_key_size, "%s", v ? (const char *)v : "");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, "read the input's key id");
	if (!src_key[0])
		return 0; /* an empty inventory: nothing to compare */
	if (load_key_id(db) < 0)
		return -1;
	if (db->key_id[0] && strcmp(db->key_id, src_key)) {
		ca_error(
		    "cannot merge '%s' into '%s': its fingerprints were "
		    "made with key %s, those in '%s' with key %s (fingerprints "
		    "under different keys cannot be compared)",
		    in_path, db->path, src_key, db->path, db->key_id);
		return -2;
	}
	return 0;
}

/* Maps every input scan to ours, copying those we lack. 'db' is borrowed. */
static int
merge_scans(struct ca_db *db, size_t *copied, size_t *skipped)
{
	sqlite3_stmt *list = NULL, *find = NULL, *copy = NULL, *map = NULL;
	int ret = -1, rc;

	if (prep(db, "SELECT id FROM src.scans ORDER BY started, id", &list) <
	        0 ||
	    prep(db, merge_scan_find, &find) < 0 ||
	    prep(db, merge_scan_copy, &copy) < 0 ||
	    prep(db, merge_scan_map, &map) < 0)
		goto out;
	for (;;) {
		int64_t old, new_id;
		bool fresh;

		rc = sqlite3_step(list);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			db_error(db, "list the input's scans");
			goto out;
		}
		old = sqlite3_column_int64(list, 0);
		if (sqlite3_bind_int64(find, 1, old) != SQLITE_OK)
			goto out;
		rc = sqlite3_step(find);
		new_id = rc == SQLITE_ROW ? sqlite3_column_int64(find, 0) : 0;
		sqlite3_reset(find);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			db_error(db, "look up a scan");
			goto out;
		}
		fresh = !new_id;
		if (fresh) {
			if (sqlite3_bind_int64(copy, 1, old) != SQLITE_OK ||
			    step_done(db, copy, "copy a scan") < 0)
				goto out;
			new_id = sqlite3_last_insert_rowid(db->db);
			(*copied)++;
		} else {
			(*skipped)++;
		}
		if ((sqlite3_bind_int64(map, 1, old) |
		        sqlite3_bind_int64(map, 2, new_id) |
		        sqlite3_bind_int(map, 3, fresh)) != SQLITE_OK ||
		    step_done(db, map, "map a scan") < 0)
			goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(list);
	sqlite3_finalize(find);
	sqlite3_finalize(copy);
	sqlite3_finalize(map);
	return ret;
}

/* Attaches 'in_path' (borrowed) read-only as "src". */
static int
attach_src(struct ca_db *db, const char *in_path)
{
	sqlite3_stmt *st;
	char *uri;
	int ret;

	uri = path_uri(in_path, "mode=ro");
	if (!uri)
		return ca_error("cannot merge '%s': name too long", in_path);
	if (prep(db, "ATTACH DATABASE ?1 AS src", &st) < 0) {
		free(uri);
		return -1;
	}
	if (sqlite3_bind_text(st, 1, uri, -1, free) != SQLITE_OK) {
		sqlite3_finalize(st);
		return db_error(db, "attach the input");
	}
	ret = sqlite3_step(st) == SQLITE_DONE ?
	    0 :
	    ca_error("cannot open inventory '%s': %s", in_path,
	        sqlite3_errmsg(db->db));
	sqlite3_finalize(st);
	return ret;
}

/* 'db' and 'in_path' are borrowed. */
int
ca_db_merge(struct ca_db *db, const char *in_path, size_t *copied,
    size_t *skipped)
{
	struct stat in_st, out_st;
	char src_key[64];
	size_t ncopied = 0, nskipped = 0;
	int ret = -1, rc;

	if (db->mode != CA_DB_WRITE)
		return ca_error("cannot merge into inventory '%s': opened "
		                "read-only",
		    db->path);
	if (lstat(in_path, &in_st) < 0)
		return ca_error("cannot merge '%s': %s", in_path,
		    strerror(errno));
	if (!S_ISREG(in_st.st_mode))
		return ca_error("cannot merge '%s': not a regular file",
		    in_path);
	if (stat(db->path, &out_st) == 0 && out_st.st_dev == in_st.st_dev &&
	    out_st.st_ino == in_st.st_ino)
		return ca_error("cannot merge '%s' into itself", in_path);
	if (attach_src(db, in_path) < 0)
		return -1;
	if (exec_script(db, "BEGIN IMMEDIATE", "lock the database") < 0)
		goto detach;
	rc = merge_check_src(db, in_path, src_key, sizeof(src_key));
	if (rc < 0) {
		ret = rc;
		goto rollback;
	}
	if (!src_key[0]) {
		ret = 0; /* nothing in it */
		goto rollback;
	}
	if (!db->key_id[0] && claim_key_id(db, src_key) < 0)
		goto rollback;
	if (exec_script(db, merge_setup, "prepare the merge") < 0 ||
	    merge_scans(db, &ncopied, &nskipped) < 0 ||
	    exec_script(db, merge_rows, "copy the input's rows") < 0)
		goto rollback;
	if (exec_script(db, "COMMIT", "commit the merge") < 0)
		goto rollback;
	ret = 0;
	goto detach;
rollback:
	exec_script(db, "ROLLBACK", "roll back");
	load_key_id(db);
	if (ret < 0) {
		ncopied = 0;
		nskipped = 0;
	}
detach:
	exec_script(db, "DETACH DATABASE src", "detach the input");
	if (copied)
		*copied = ncopied;
	if (skipped)
		*skipped = nskipped;
	return ret;
}

/* The "sqlite" report format: appends the scan to the inventory at
 * 'path'. 'path', 'inv' and 'opts' are borrowed. */
static int
sqlite_write_path(const char *path, const struct ca_inventory *inv,
    const struct ca_emit_opts *opts)
{
	struct ca_db *db;
	int ret;

	(void)opts;
	if (ca_db_open(path, CA_DB_WRITE, &db) < 0)
		return -1;
	ret = ca_db_write_scan(db, inv, NULL);
	ca_db_close(db);
	return ret;
}

static const char *const sqlite_extensions[] = { ".db", ".sqlite", ".sqlite3",
	NULL };

const struct ca_emitter ca_emitter_sqlite = {
	.format = "sqlite",
	.extensions = sqlite_extensions,
	.write = NULL,
	.write_path = sqlite_write_path,
};
