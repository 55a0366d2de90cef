/* test_sqlite.c - the SQLite inventory: history across scans of one
 * target (first_seen kept, last_seen moved, resolutions), targets kept
 * apart, the schema version and its checks, values bound (never spliced
 * into SQL), damaged files, key mismatches, concurrent writers in separate
 * processes, and merging inventories. */
#include "tests/unit/inv_unit.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "report/formats/emit.h"
#include "report/formats/load.h"
#include "report/formats/sqlite.h"

#define T1 "2026-01-01T00:00:00Z"
#define T2 "2026-01-08T00:00:00Z"
#define T0 "2025-12-01T00:00:00Z"

struct fixture {
	char dir[64];
	char path[128];
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/credatlas-sqlite.XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	snprintf(fx->path, sizeof(fx->path), "%s/inv.db", fx->dir);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

/* Writes the inventory to the database at 'path'; returns the scan id. */
static int64_t
write_inv(const char *path, struct ca_inventory *inv)
{
	struct ca_db *db;
	int64_t id = 0;

	assert_int_equal(ca_db_open(path, CA_DB_WRITE, &db), 0);
	assert_int_equal(ca_db_write_scan(db, inv, &id), 0);
	assert_true(id > 0);
	ca_db_close(db);
	return id;
}

static int64_t
write_fixture(const char *path, int variant, const char *started,
    const char *host)
{
	struct ca_inventory *inv = fx_inventory(variant, started, host);
	int64_t id = write_inv(path, inv);

	ca_inventory_free(inv);
	return id;
}

/* Runs a one-value query with the sqlite3 API directly, as a user of the
 * documented schema would, binding 'arg' to ?1 when given. */
static int64_t
q_int(const char *path, const char *sql, const char *arg)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

/* Like q_int() for a text value; returns an owned string or NULL. */
static char *
q_str(const char *path, const char *sql, const char *arg)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	char *v = NULL;

	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static void
assert_q_str(const char *path, const char *sql, const char *arg,
    const char *want)
{
	char *got = q_str(path, sql, arg);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
test_history(void **state)
{
	struct fixture *fx = *state;
	struct ca_inventory *one, *two, *back;
	struct ca_db *db;
	struct stat st;
	int64_t s1, s2, id, prev;
	mode_t old = umask(0);

	one = fx_inventory(0, T1, "h1");
	two = fx_inventory(1, T2, "h1");
	s1 = write_inv(fx->path, one);
	s2 = write_inv(fx->path, two);
	umask(old);
	assert_true(s2 > s1);

	/* Created 0600 even with umask 0, and so is the WAL beside it. */
	assert_int_equal(stat(fx->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);

	assert_int_equal(q_int(fx->path, "PRAGMA user_version", NULL),
	    CA_DB_SCHEMA_VERSION);
	assert_int_equal(q_int(fx->path, "PRAGMA application_id", NULL),
	    CA_DB_APPLICATION_ID);
	assert_q_str(fx->path, "PRAGMA journal_mode", NULL, "wal");
	assert_q_str(fx->path, "SELECT value FROM meta WHERE name = 'key_id'",
	    NULL, FX_KEY_ID);
	assert_int_equal(q_int(fx->path, "SELECT count(*) FROM scans", NULL),
	    2);
	assert_int_equal(
	    q_int(fx->path, "SELECT count(*) FROM credentials", NULL), 5);

	/* Seen twice: first_seen kept, last_seen moved. */
	assert_q_str(fx->path,
	    "SELECT first_seen FROM credentials WHERE "
	    "fingerprint = ?1",
	    FX_ID_PAT, T1);
	assert_q_str(fx->path,
	    "SELECT last_seen FROM credentials WHERE "
	    "fingerprint = ?1",
	    FX_ID_PAT, T2);
	/* New in the second scan. */
	assert_q_str(fx->path,
	    "SELECT first_seen FROM credentials WHERE "
	    "fingerprint = ?1",
	    FX_ID_NEW, T2);
	/* Gone in the second scan: resolved there, and only that one. */
	assert_q_str(fx->path,
	    "SELECT last_seen FROM credentials WHERE "
	    "fingerprint = ?1",
	    FX_ID_HELPER, T1);
	assert_int_equal(
	    q_int(fx->path, "SELECT count(*) FROM resolutions", NULL), 1);
	assert_int_equal(
	    q_int(fx->path,
	        "SELECT r.scan_id FROM resolutions r "
	        "JOIN credentials c ON c.id = r.credential_id WHERE "
	        "c.fingerprint = ?1",
	        FX_ID_HELPER),
	    s2);
	assert_int_equal(q_int(fx->path,
	                     "SELECT previous_scan_id FROM "
	                     "resolutions",
	                     NULL),
	    s1);
	/* The newest observation describes the credential. */
	assert_q_str(fx->path,
	    "SELECT risk FROM credentials WHERE "
	    "fingerprint = ?1",
	    FX_ID_AWS, ca_risk_name(ca_inventory_get(two, FX_ID_AWS)->risk));
	assert_q_str(fx->path,
	    "SELECT host || '|' || scope FROM scans "
	    "WHERE id = 1",
	    NULL, "h1|/home/alice");

	/* Values are bound, never spliced: the SQL in the identity is
	 * stored as text and every table is still there. */
	assert_q_str(fx->path,
	    "SELECT identity FROM credentials WHERE "
	    "fingerprint = ?1",
	    FX_ID_AWS, FX_SQL);
	assert_int_equal(q_int(fx->path,
	                     "SELECT count(*) FROM sqlite_schema "
	                     "WHERE name = 'scans'",
	                     NULL),
	    1);
	/* Bytes that are not UTF-8 are stored escaped, as in JSON. */
	assert_int_equal(q_int(fx->path,
	                     "SELECT count(*) FROM locations "
	                     "WHERE path = ?1",
	                     "/home/alice/\\xff\\xfe proj/.env"),
	    1);
	/* layer, deleted and verified exist and are NULL for now. */
	assert_int_equal(q_int(fx->path,
	                     "SELECT count(*) FROM locations "
	                     "WHERE layer IS NOT NULL OR deleted IS NOT NULL",
	                     NULL),
	    0);
	assert_int_equal(q_int(fx->path,
	                     "SELECT count(*) FROM credentials "
	                     "WHERE verified IS NOT NULL",
	                     NULL),
	    0);
	/* The link to a credential found points at it; the other at none. */
	assert_int_equal(
	    q_int(fx->path,
	        "SELECT count(*) FROM links l JOIN "
	        "credentials t ON t.id = l.target_id WHERE t.fingerprint = ?1",
	        FX_ID_AWS),
	    2);
	assert_int_equal(q_int(fx->path,
	                     "SELECT count(*) FROM links WHERE "
	                     "target_id IS NULL",
	                     NULL),
	    2);
	assert_int_equal(
	    q_int(fx->path, "SELECT count(*) FROM latest_scans", NULL), 1);

	/* Read back: each scan as it was written. */
	assert_int_equal(ca_load_db(fx->path, s1, &back, &id), 0);
	assert_int_equal(id, s1);
	fx_assert_same(one, back, true);
	assert_string_equal(back->meta.host, "h1");
	assert_string_equal(back->meta.scope, "/home/alice");
	ca_inventory_free(back);
	assert_int_equal(ca_load_db(fx->path, 0, &back, &id), 0);
	assert_int_equal(id, s2);
	fx_assert_same(two, back, true);
	ca_inventory_free(back);
	assert_int_equal(ca_load(fx->path, 0, &back, NULL), 0);
	fx_assert_same(two, back, true);
	ca_inventory_free(back);
	assert_int_equal(ca_load_db(fx->path, 99, &back, NULL), -1);
	assert_null(back);

	assert_int_equal(ca_db_open(fx->path, CA_DB_READ, &db), 0);
	assert_int_equal(ca_db_latest_scan(db, &id), 0);
	assert_int_equal(id, s2);
	assert_int_equal(ca_db_previous_scan(db, s2, &prev), 0);
	assert_int_equal(prev, s1);
	assert_int_equal(ca_db_previous_scan(db, s1, &prev), 0);
	assert_int_equal(prev, 0);
	assert_int_equal(ca_db_previous_scan(db, 42, &prev), -1);
	assert_string_equal(ca_db_key_id(db), FX_KEY_ID);
	/* A read-only handle refuses to write. */
	assert_int_equal(ca_db_write_scan(db, one, NULL), -1);
	ca_db_close(db);

	ca_inventory_free(one);
	ca_inventory_free(two);
}

/* Another host, or another scope on the same host, is another target:
 * its scans resolve nothing of the first one's. */
static void
test_targets_apart(void **state)
{
	struct fixture *fx = *state;
	struct ca_inventory *inv;

	write_fixture(fx->path, 0, T1, "h1");
	write_fixture(fx->path, 1, T2, "h2");
	inv = fx_inventory(1, T2, "h1");
	inv->meta.scope = "/home/bob";
	write_inv(fx->path, inv);
	ca_inventory_free(inv);
	assert_int_equal(
	    q_int(fx->path, "SELECT count(*) FROM resolutions", NULL), 0);
	assert_int_equal(
	    q_int(fx->path, "SELECT count(*) FROM latest_scans", NULL), 3);
	/* One credentials row per fingerprint, whatever the host. */
	assert_int_equal(
	    q_int(fx->path, "SELECT count(*) FROM credentials", NULL), 5);
	assert_int_equal(
	    q_int(fx->path,
	        "SELECT count(*) FROM observations "
	        "o JOIN credentials c ON c.id = o.credential_id WHERE "
	        "c.fingerprint = ?1",
	        FX_ID_PAT),
	    3);
}

/* A credential whose file could not be read this time is not resolved:
 * the scan cannot tell whether it is gone. */
static void
test_unreadable_not_resolved(void **state)
{
	struct fixture *fx = *state;
	struct ca_inventory *inv;

	write_fixture(fx->path, 0, T1, "h1");
	inv = fx_inventory(1, T2, "h1");
	ca_inventory_add_error(inv, "/etc/gitconfig", "permission denied");
	write_inv(fx->path, inv);
	ca_inventory_free(inv);
	assert_int_equal(
	    q_int(fx->path, "SELECT count(*) FROM resolutions", NULL), 0);
	/* A later scan that reads the file resolves it, against the last
	 * scan that saw it. */
	write_fixture(fx->path, 1, "2026-01-15T00:00:00Z", "h1");
	assert_int_equal(
	    q_int(fx->path, "SELECT count(*) FROM resolutions", NULL), 1);
	assert_int_equal(q_int(fx->path,
	                     "SELECT previous_scan_id FROM "
	                     "resolutions WHERE scan_id = 3",
	                     NULL),
	    1);
	/* And only once. */
	write_fixture(fx->path, 1, "2026-01-22T00:00:00Z", "h1");
	assert_int_equal(
	    q_int(fx->path, "SELECT count(*) FROM resolutions", NULL), 1);
}

static void
test_key_mismatch(void **state)
{
	struct fixture *fx = *state;
	struct ca_inventory *inv;
	struct ca_db *db;

	write_fixture(fx->path, 0, T1, "h1");
	inv = fx_inventory(1, T2, "h1");
	snprintf(inv->meta.key_id, sizeof(inv->meta.key_id),
	    "ffffffffffffffff");
	assert_int_equal(ca_db_open(fx->path, CA_DB_WRITE, &db), 0);
	assert_int_equal(ca_db_write_scan(db, inv, NULL), -1);
	/* Nothing of it was written, and the handle still works. */
	assert_string_equal(ca_db_key_id(db), FX_KEY_ID);
	snprintf(inv->meta.key_id, sizeof(inv->meta.key_id), FX_KEY_ID);
	assert_int_equal(ca_db_write_scan(db, inv, NULL), 0);
	ca_db_close(db);
	ca_inventory_free(inv);
	assert_int_equal(q_int(fx->path, "SELECT count(*) FROM scans", NULL),
	    2);
	/* A scan without a key id or times is refused outright. */
	inv = ca_inventory_new();
	assert_int_equal(ca_db_open(fx->path, CA_DB_WRITE, &db), 0);
	assert_int_equal(ca_db_write_scan(db, inv, NULL), -1);
	ca_db_close(db);
	ca_inventory_free(inv);
}

static void
write_bytes(const char *path, const void *buf, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, n), (ssize_t)n);
	close(fd);
}

static void
sql(const char *path, const char *script)
{
	sqlite3 *h;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, script, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

/* Damaged, foreign, future and missing files are errors, not crashes. */
static void
test_bad_files(void **state)
{
	struct fixture *fx = *state;
	struct ca_inventory *inv = NULL;
	struct ca_db *db = NULL;
	char other[160], link[160];
	unsigned char junk[8192];
	struct stat st;
	int fd;

	/* Not a database at all. */
	memset(junk, 'x', sizeof(junk));
	write_bytes(fx->path, junk, sizeof(junk));
	assert_int_equal(ca_db_open(fx->path, CA_DB_WRITE, &db), -1);
	assert_null(db);
	assert_int_equal(ca_db_open(fx->path, CA_DB_READ, &db), -1);
	assert_int_equal(ca_load(fx->path, 0, &inv, NULL), -1);
	assert_null(inv);

	/* The SQLite header, then garbage. */
	memcpy(junk, "SQLite format 3", 16);
	for (size_t i = 16; i < sizeof(junk); i++)
		junk[i] = (unsigned char)(i * 7919u >> 3);
	write_bytes(fx->path, junk, sizeof(junk));
	assert_true(ca_load_is_db(fx->path));
	assert_int_equal(ca_db_open(fx->path, CA_DB_WRITE, &db), -1);
	assert_int_equal(ca_load(fx->path, 0, &inv, NULL), -1);

	/* A real inventory with its pages scribbled over. */
	unlink(fx->path);
	write_fixture(fx->path, 0, T1, "h1");
	write_fixture(fx->path, 1, T2, "h1");
	{
		struct ca_db *w;
		assert_int_equal(ca_db_open(fx->path, CA_DB_WRITE, &w), 0);
		ca_db_close(w); /* the last close checkpoints the WAL */
	}
	assert_int_equal(stat(fx->path, &st), 0);
	fd = open(fx->path, O_WRONLY);
	assert_true(fd >= 0);
	memset(junk, 0xa5, sizeof(junk));
	for (off_t off = 4096; off + 512 <= st.st_size; off += 4096)
		assert_int_equal(pwrite(fd, junk, 512, off + 100), 512);
	close(fd);
	if (ca_load(fx->path, 0, &inv, NULL) == 0)
		ca_inventory_free(inv); /* may survive; must not crash */
	inv = NULL;
	/* Truncated to its header page. */
	assert_int_equal(truncate(fx->path, 4096), 0);
	if (ca_load(fx->path, 0, &inv, NULL) == 0)
		ca_inventory_free(inv);
	inv = NULL;

	/* Someone else's SQLite database. */
	snprintf(other, sizeof(other), "%s/other.db", fx->dir);
	sql(other, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
	assert_int_equal(ca_db_open(other, CA_DB_WRITE, &db), -1);
	assert_int_equal(ca_db_open(other, CA_DB_READ, &db), -1);
	assert_int_equal(q_int(other, "SELECT count(*) FROM t", NULL), 1);

	/* Ours, from a newer credatlas. */
	unlink(fx->path);
	write_fixture(fx->path, 0, T1, "h1");
	sql(fx->path, "PRAGMA user_version = 99;");
	assert_int_equal(ca_db_open(fx->path, CA_DB_WRITE, &db), -1);
	assert_int_equal(ca_db_open(fx->path, CA_DB_READ, &db), -1);
	assert_int_equal(q_int(fx->path, "PRAGMA user_version", NULL), 99);

	/* Empty and missing files: an empty one is a fine place to start
	 * an inventory, but there is nothing to read in it. */
	unlink(fx->path);
	assert_int_equal(ca_db_open(fx->path, CA_DB_READ, &db), -1);
	write_bytes(fx->path, "", 0);
	assert_int_equal(ca_db_open(fx->path, CA_DB_READ, &db), -1);
	assert_int_equal(ca_db_open(fx->path, CA_DB_WRITE, &db), 0);
	assert_int_equal(ca_load_db_scan(db, 0, &inv, NULL), -1);
	ca_db_close(db);

	/* A symbolic link is refused, not followed. */
	snprintf(link, sizeof(link), "%s/link.db", fx->dir);
	assert_int_equal(symlink(fx->path, link), 0);
	assert_int_equal(ca_db_open(link, CA_DB_WRITE, &db), -1);
	assert_int_equal(ca_db_open(link, CA_DB_READ, &db), -1);
	snprintf(link, sizeof(link), "%s/dangling.db", fx->dir);
	assert_int_equal(symlink("/nonexistent/x.db", link), 0);
	assert_int_equal(ca_db_open(link, CA_DB_WRITE, &db), -1);
	/* A directory is not an inventory. */
	assert_int_equal(ca_db_open(fx->dir, CA_DB_WRITE, &db), -1);
}

/* File names with URI syntax in them stay file names. */
static void
test_odd_names(void **state)
{
	struct fixture *fx = *state;
	char path[192];
	struct stat st;

	snprintf(path, sizeof(path), "%s/file:x?mode=memory&vfs=unix#%%41.db",
	    fx->dir);
	write_fixture(path, 0, T1, "h1");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(q_int(path, "SELECT count(*) FROM scans", NULL), 1);
}

#define PER_CHILD 8

/* Two processes append to one (new) file at once: every scan lands. */
static void
test_concurrent(void **state)
{
	struct fixture *fx = *state;
	pid_t pids[2];

	for (int c = 0; c < 2; c++) {
		pids[c] = fork();
		assert_true(pids[c] >= 0);
		if (pids[c] == 0) {
			int bad = 0;
			for (int i = 0; i < PER_CHILD; i++) {
				char host[16], when[32];
				struct ca_inventory *inv;
				struct ca_db *db;
				snprintf(host, sizeof(host), "host%d", c);
				snprintf(when, sizeof(when),
				    "2026-02-%02dT00:00:00Z", i + 1);
				inv = fx_inventory(i & 1, when, host);
				if (ca_db_open(fx->path, CA_DB_WRITE, &db) < 0)
					bad = 1;
				else if (ca_db_write_scan(db, inv, NULL) < 0)
					bad = 1;
				if (!bad)
					ca_db_close(db);
				ca_inventory_free(inv);
			}
			_exit(bad);
		}
	}
	for (int c = 0; c < 2; c++) {
		int status = 0;
		assert_int_equal(waitpid(pids[c], &status, 0), pids[c]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(q_int(fx->path, "SELECT count(*) FROM scans", NULL),
	    2 * PER_CHILD);
	assert_int_equal(q_int(fx->path,
	                     "SELECT count(DISTINCT host) FROM "
	                     "scans",
	                     NULL),
	    2);
	assert_int_equal(
	    q_int(fx->path, "SELECT count(*) FROM credentials", NULL), 5);
	/* Each host alternates between the variants: the helper resolves
	 * in every odd scan, the variant-1 credential in every even one
	 * after the first. */
	assert_int_equal(
	    q_int(fx->path, "SELECT count(*) FROM resolutions", NULL),
	    2 * (PER_CHILD / 2 + (PER_CHILD - 1) / 2));
	assert_int_equal(q_int(fx->path, "PRAGMA integrity_check", NULL), 0);
}

static void
test_merge(void **state)
{
	struct fixture *fx = *state;
	char a[160], b[160], c[160], out[160];
	struct ca_inventory *inv, *back;
	size_t copied = 0, skipped = 0;
	struct ca_db *db;
	struct stat st;

	snprintf(a, sizeof(a), "%s/a.db", fx->dir);
	snprintf(b, sizeof(b), "%s/b.db", fx->dir);
	snprintf(c, sizeof(c), "%s/c.db", fx->dir);
	snprintf(out, sizeof(out), "%s/out.db", fx->dir);
	write_fixture(a, 0, T1, "h1");
	write_fixture(a, 1, T2, "h1");
	write_fixture(b, 1, T0, "h2");
	inv = fx_inventory(0, T1, "h3");
	snprintf(inv->meta.key_id, sizeof(inv->meta.key_id),
	    "ffffffffffffffff");
	write_inv(c, inv);
	ca_inventory_free(inv);

	assert_int_equal(ca_db_open(out, CA_DB_WRITE, &db), 0);
	assert_int_equal(ca_db_merge(db, a, &copied, &skipped), 0);
	assert_int_equal(copied, 2);
	assert_int_equal(skipped, 0);
	assert_int_equal(ca_db_merge(db, b, &copied, &skipped), 0);
	assert_int_equal(copied, 1);
	/* Again: nothing new. */
	assert_int_equal(ca_db_merge(db, a, &copied, &skipped), 0);
	assert_int_equal(copied, 0);
	assert_int_equal(skipped, 2);
	/* Another key: refused, nothing copied. */
	assert_int_equal(ca_db_merge(db, c, &copied, &skipped), -2);
	assert_int_equal(copied, 0);
	/* Itself, and files that are no inventory. */
	assert_int_equal(ca_db_merge(db, out, NULL, NULL), -1);
	assert_int_equal(ca_db_merge(db, fx->dir, NULL, NULL), -1);
	write_bytes(fx->path, "{}", 2);
	assert_int_equal(ca_db_merge(db, fx->path, NULL, NULL), -1);
	ca_db_close(db);

	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(q_int(out, "SELECT count(*) FROM scans", NULL), 3);
	assert_int_equal(q_int(out, "SELECT count(*) FROM credentials", NULL),
	    5);
	assert_int_equal(q_int(out, "SELECT count(*) FROM observations", NULL),
	    4 + 4 + 4);
	assert_int_equal(q_int(out, "SELECT count(*) FROM resolutions", NULL),
	    1);
	/* Earliest first sighting, latest last one, across both inputs. */
	assert_q_str(out,
	    "SELECT first_seen FROM credentials WHERE "
	    "fingerprint = ?1",
	    FX_ID_PAT, T0);
	assert_q_str(out,
	    "SELECT last_seen FROM credentials WHERE "
	    "fingerprint = ?1",
	    FX_ID_PAT, T2);
	assert_q_str(out,
	    "SELECT first_seen FROM credentials WHERE "
	    "fingerprint = ?1",
	    FX_ID_NEW, T0);
	assert_q_str(out, "SELECT value FROM meta WHERE name = 'key_id'", NULL,
	    FX_KEY_ID);
	assert_int_equal(q_int(out, "PRAGMA foreign_key_check", NULL), -1);

	/* Each copied scan reads back as it was written. */
	inv = fx_inventory(1, T0, "h2");
	assert_int_equal(ca_load_db(out, 3, &back, NULL), 0);
	fx_assert_same(inv, back, true);
	assert_string_equal(back->meta.host, "h2");
	ca_inventory_free(back);
	ca_inventory_free(inv);
	inv = fx_inventory(1, T2, "h1");
	assert_int_equal(ca_load_db(out, 0, &back, NULL), 0);
	fx_assert_same(inv, back, true);
	ca_inventory_free(back);
	ca_inventory_free(inv);

	/* A scan written after the merge still finds its history. */
	write_fixture(out, 0, "2026-01-20T00:00:00Z", "h1");
	assert_int_equal(q_int(out, "SELECT count(*) FROM resolutions", NULL),
	    2);
}

static void
test_emitter(void **state)
{
	struct fixture *fx = *state;
	struct ca_inventory *inv = fx_inventory(0, T1, NULL);
	const struct ca_emitter *e;
	char host[256] = "";

	assert_ptr_equal(ca_emitter_find("sqlite"), &ca_emitter_sqlite);
	assert_ptr_equal(ca_emitter_for_path("x/inv.db"), &ca_emitter_sqlite);
	assert_ptr_equal(ca_emitter_for_path("inv.SQLITE"), &ca_emitter_sqlite);
	assert_ptr_equal(ca_emitter_for_path("inv.sqlite3"),
	    &ca_emitter_sqlite);
	e = &ca_emitter_sqlite;
	assert_null(e->write);
	assert_non_null(e->write_path);
	assert_int_equal(e->write_path(fx->path, inv, NULL), 0);
	assert_int_equal(e->write_path(fx->path, inv, NULL), 0);
	assert_int_equal(q_int(fx->path, "SELECT count(*) FROM scans", NULL),
	    2);
	/* No host in the meta: the writer names the host it runs on. */
	gethostname(host, sizeof(host) - 1);
	assert_q_str(fx->path, "SELECT DISTINCT host FROM scans", NULL,
	    host[0] ? host : "unknown");
	/* Two uuids, two scans. */
	assert_int_equal(q_int(fx->path,
	                     "SELECT count(DISTINCT uuid) FROM "
	                     "scans",
	                     NULL),
	    2);
	ca_inventory_free(inv);
}

static void
test_list_scans(void **state)
{
	struct fixture *fx = *state;
	struct ca_db_scan *v;
	struct ca_db *db;
	size_t n;

	write_fixture(fx->path, 0, T2, "h1");
	write_fixture(fx->path, 1, T1, "h2");
	assert_int_equal(ca_db_open(fx->path, CA_DB_READ, &db), 0);
	assert_int_equal(ca_db_list_scans(db, &v, &n), 0);
	assert_int_equal(n, 2);
	/* Oldest first, by start time. */
	assert_string_equal(v[0].host, "h2");
	assert_string_equal(v[1].host, "h1");
	assert_int_equal(v[1].credentials, 4);
	assert_int_equal(v[1].errors, 2);
	assert_string_equal(v[0].started, T1);
	assert_int_equal(strlen(v[0].uuid), 32);
	ca_db_scans_free(v, n);
	ca_db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_targets_apart, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_not_resolved,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_mismatch, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_files, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_odd_names, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_concurrent, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_emitter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_scans, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
