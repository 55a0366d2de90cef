/* test_browser.c - the browser surface: Chromium cookie stores (schema
 * version 24, as Chrome writes it) in the old and new places with v10,
 * v11 and unencrypted values, live, expired and session cookies on
 * high-value and ordinary hosts; Login Data; Firefox cookies.sqlite
 * (schema 14, seconds, and 16, milliseconds) and logins.json with
 * profiles.ini; Electron apps; a corrupt, an empty, a WAL-mode and a
 * column-less store; the --services table and its malformed forms; and a
 * planted value that reaches no string of the inventory beyond the
 * 3-byte version prefix. Every store is built here with the browsers' own
 * CREATE TABLE statements and serialised with the SQLite API. */
#include "tests/unit/scan_unit.h"
#include <sqlite3.h>
#include <time.h>
#include "lib/glob.h"
#include "scanners/surfaces/browser/browser.h"

extern const struct ca_scanner ca_scanner_chromium;
extern const struct ca_scanner ca_scanner_firefox;

#define HOME   "/home/dana"
#define CHROME HOME "/.config/google-chrome"
#define FF     HOME "/.mozilla/firefox"

/* A recognisable value planted in every value column: no byte of it past
 * the "v10" prefix may reach the inventory. */
#define PLANT "PLANTEDCOOKIEVALUE-7f3a9c1e5b2d4086"

/* Chromium's cookies table, meta version 24 (net/extras/sqlite/
 * sqlite_persistent_cookie_store.cc). */
/* clang-format off */
static const char chrome_schema[] =
    "CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, "
    "value LONGVARCHAR);"
    "INSERT INTO meta VALUES('mmap_status','-1');"
    "INSERT INTO meta VALUES('version','24');"
    "INSERT INTO meta VALUES('last_compatible_version','24');"
    "CREATE TABLE cookies(creation_utc INTEGER NOT NULL,host_key TEXT NOT "
    "NULL,top_frame_site_key TEXT NOT NULL,name TEXT NOT NULL,value TEXT "
    "NOT NULL,encrypted_value BLOB NOT NULL,path TEXT NOT NULL,expires_utc "
    "INTEGER NOT NULL,is_secure INTEGER NOT NULL,is_httponly INTEGER NOT "
    "NULL,last_access_utc INTEGER NOT NULL,has_expires INTEGER NOT NULL,"
    "is_persistent INTEGER NOT NULL,priority INTEGER NOT NULL,samesite "
    "INTEGER NOT NULL,source_scheme INTEGER NOT NULL,source_port INTEGER "
    "NOT NULL,last_update_utc INTEGER NOT NULL,source_type INTEGER NOT "
    "NULL,has_cross_site_ancestor INTEGER NOT NULL);"
    "CREATE UNIQUE INDEX cookies_unique_index ON cookies(host_key, "
    "top_frame_site_key, has_cross_site_ancestor, name, path, "
    "source_scheme, source_port);";
/* clang-format on */

/* Login Data's logins table (components/password_manager). */
/* clang-format off */
static const char logins_schema[] =
    "CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, "
    "value LONGVARCHAR);"
    "INSERT INTO meta VALUES('version','40');"
    "CREATE TABLE logins (origin_url VARCHAR NOT NULL, action_url VARCHAR,"
    " username_element VARCHAR, username_value VARCHAR, password_element "
    "VARCHAR, password_value BLOB, submit_element VARCHAR, signon_realm "
    "VARCHAR NOT NULL, date_created INTEGER NOT NULL, blacklisted_by_user "
    "INTEGER NOT NULL, scheme INTEGER NOT NULL, password_type INTEGER, "
    "times_used INTEGER, form_data BLOB, display_name VARCHAR, icon_url "
    "VARCHAR, federation_url VARCHAR, skip_zero_click INTEGER, "
    "generation_upload_status INTEGER, possible_username_pairs BLOB, id "
    "INTEGER PRIMARY KEY AUTOINCREMENT, date_last_used INTEGER NOT NULL "
    "DEFAULT 0, moving_blocked_for BLOB, date_password_modified INTEGER "
    "NOT NULL DEFAULT 0, sender_email VARCHAR, sender_name VARCHAR, "
    "date_received INTEGER, sharing_notification_displayed INTEGER NOT "
    "NULL DEFAULT 0, keychain_identifier BLOB, sender_profile_image_url "
    "VARCHAR, UNIQUE (origin_url, username_element, username_value, "
    "password_element, signon_realm));";
/* clang-format on */

/* Firefox's moz_cookies (netwerk/cookie/CookiePersistentStorage.cpp). */
/* clang-format off */
static const char ff_schema[] =
    "CREATE TABLE moz_cookies (id INTEGER PRIMARY KEY, originAttributes "
    "TEXT NOT NULL DEFAULT '', name TEXT, value TEXT, host TEXT, path TEXT,"
    " expiry INTEGER, lastAccessed INTEGER, creationTime INTEGER, isSecure"
    " INTEGER, isHttpOnly INTEGER, inBrowserElement INTEGER DEFAULT 0, "
    "sameSite INTEGER DEFAULT 0, rawSameSite INTEGER DEFAULT 0, schemeMap "
    "INTEGER DEFAULT 0, isPartitionedAttributeSet INTEGER DEFAULT 0, "
    "CONSTRAINT moz_uniqueid UNIQUE (name, host, path, originAttributes));";
/* clang-format on */

#define DAY       INT64_C(86400)
#define WIN_DELTA INT64_C(11644473600)

static int64_t
chrome_time(int64_t unix_s)
{
	return (unix_s + WIN_DELTA) * 1000000;
}

static sqlite3 *
db_new(const char *schema)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, schema, NULL, NULL, NULL), SQLITE_OK);
	return db;
}

/* Serialises and closes 'db'; returns malloc'ed bytes. */
static unsigned char *
db_bytes(sqlite3 *db, size_t *len)
{
	sqlite3_int64 n = 0;
	unsigned char *p = sqlite3_serialize(db, "main", &n, 0);
	unsigned char *out = malloc((size_t)n);

	assert_non_null(p);
	memcpy(out, p, (size_t)n);
	sqlite3_free(p);
	sqlite3_close(db);
	*len = (size_t)n;
	return out;
}

static void
add_db(struct ca_target *t, const char *path, sqlite3 *db)
{
	size_t n;
	unsigned char *p = db_bytes(db, &n);

	add_bytes(t, path, p, n);
	free(p);
}

/* One Chromium cookie: 'prefix' ("v10", "v11" or "" for a plain value)
 * then the planted value; 'exp' Unix seconds, 0 for a session cookie. */
static void
chrome_cookie(sqlite3 *db, const char *host, const char *name,
    const char *prefix, int64_t exp)
{
	sqlite3_stmt *st;
	char enc[128];
	int n = snprintf(enc, sizeof(enc), "%s%s", prefix,
	    *prefix ? PLANT : "");
	int64_t now = (int64_t)time(NULL);

	assert_int_equal(
	    sqlite3_prepare_v2(db,
	        "INSERT INTO cookies VALUES("
	        "?1, ?2, '', ?3, ?4, ?5, '/', ?6, 1, 1, ?1, ?7, ?7, 1, 0, 2, 443, "
	        "?1, 0, 0)",
	        -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, chrome_time(now - 10 * DAY));
	sqlite3_bind_text(st, 2, host, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, *prefix ? "" : PLANT, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, enc, n, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, exp ? chrome_time(exp) : 0);
	sqlite3_bind_int(st, 7, exp ? 1 : 0);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/* A Chrome store: github.com (3 live, 1 expired), google.com (1 live),
 * an ordinary site (2 live), npmjs.com (1 expired), slack.com (1 session
 * cookie). */
static sqlite3 *
chrome_store(const char *prefix, int64_t gh_until)
{
	int64_t now = (int64_t)time(NULL);
	sqlite3 *db = db_new(chrome_schema);

	chrome_cookie(db, ".github.com", "user_session", prefix, gh_until);
	chrome_cookie(db, "github.com", "logged_in", prefix, gh_until - DAY);
	chrome_cookie(db, "gist.github.com", "_gh_sess", prefix, now + DAY);
	chrome_cookie(db, ".github.com", "old", prefix, now - DAY);
	chrome_cookie(db, ".google.com", "SID", prefix, now + 30 * DAY);
	chrome_cookie(db, "news.example.org", "a", prefix, now + 300 * DAY);
	chrome_cookie(db, "news.example.org", "b", prefix, now + 5 * DAY);
	chrome_cookie(db, ".npmjs.com", "s", prefix, now - 2 * DAY);
	chrome_cookie(db, "app.slack.com", "d", prefix, 0);
	return db;
}

static const char *
day_of(int64_t t)
{
	static char buf[16];
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	return buf;
}

static struct ca_inventory *
scan_path(struct ca_target *t, const struct ca_scanner *s, const char *path)
{
	return scan_in(t, s, path, HOME);
}

static void
test_chrome_v10(void **state)
{
	int64_t now = (int64_t)time(NULL), gh = now + 20 * DAY;
#define P_V10 CHROME "/Default/Network/Cookies"
	const char *p = P_V10;
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv;
	const struct ca_credential *c;
	char want[160];

	(void)state;
	add_db(t, p, chrome_store("v10", gh));
	add_text(t, CHROME "/Local State",
	    "{\"profile\":{\"info_cache\":"
	    "{\"Default\":{\"name\":\"Work\",\"user_name\":"
	    "\"dana@example.com\"}}}}");
	inv = scan_path(t, &ca_scanner_chromium, p);
	assert_int_equal(inv->ncreds, 1);
	assert_int_equal(inv->nerrors, 0);
	c = find_ref(inv, "browser-cookies:" P_V10);
	assert_non_null(c);
	assert_string_equal(c->kind, "browser-cookie-store");
	assert_string_equal(c->surface, "browser");
	assert_null(c->redacted);
	assert_string_equal(c->identity,
	    "Chrome profile Default (Work) (dana@example.com)");
	/* github: 3 live of 4, the latest at gh; google 1; slack 1 session;
	 * npm only expired; the ordinary host is no service. */
	assert_int_equal(c->nscopes, 3);
	snprintf(want, sizeof(want),
	    "github.com (GitHub, admin): 3 cookies, "
	    "until %s",
	    day_of(gh));
	assert_true(has_scope(c, want));
	snprintf(want, sizeof(want),
	    "google.com (Google account, admin): 1 "
	    "cookie, until %s",
	    day_of(now + 30 * DAY));
	assert_true(has_scope(c, want));
	assert_true(has_scope(c,
	    "slack.com (Slack, secret): 1 cookie, "
	    "session only"));
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	/* expires: the longest-lived high-value session (google, 30 days),
	 * not the ordinary site's 300 days. */
	assert_non_null(c->expires);
	assert_int_equal(strncmp(c->expires, day_of(now + 30 * DAY), 10), 0);
	assert_false(c->standing);
	assert_true(has_reason(c,
	    "9 cookies, 2 expired, 3 high-value "
	    "services"));
	assert_true(has_reason(c, "protection: v10, Chromium's built-in key"));
	/* v10 is an exposure: admin sessions, one factor: critical */
	assert_true(has_reason(c, "store protection is weak"));
	assert_int_equal(c->risk, CA_RISK_CRITICAL);
	assert_no_piece(inv, PLANT);
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_chrome_v11_standing(void **state)
{
	int64_t now = (int64_t)time(NULL), gh = now + 400 * DAY;
	const char *p = HOME "/.config/BraveSoftware/Brave-Browser/Profile 2/"
	                     "Cookies";
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	add_db(t, p, chrome_store("v11", gh));
	inv = scan_path(t, &ca_scanner_chromium, p);
	c = find_kind(inv, "browser-cookie-store");
	assert_non_null(c);
	assert_string_equal(c->identity, "Brave profile Profile 2");
	assert_true(c->standing);
	assert_null(c->expires);
	assert_true(has_reason(c, "sessions outlive 90 days (standing)"));
	assert_true(has_reason(c, day_of(gh)));
	assert_true(has_reason(c,
	    "protection: v11, a key kept in the "
	    "desktop keyring"));
	assert_false(has_reason(c, "weak"));
	assert_int_equal(c->risk, CA_RISK_HIGH);
	assert_no_piece(inv, PLANT);
	ca_inventory_free(inv);
	ca_target_free(t);
}

/* Plain values (an empty encrypted_value) and a mixed store; macOS v10 is
 * the Keychain's key, not a weak one. */
static void
test_chrome_plain_mixed_macos(void **state)
{
	int64_t now = (int64_t)time(NULL);
	const char *lin = HOME "/snap/chromium/common/chromium/Default/Cookies";
	const char *mac = "/Users/dana/Library/Application Support/Google/"
	                  "Chrome/Default/Cookies";
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv;
	const struct ca_credential *c;
	sqlite3 *db;

	(void)state;
	db = chrome_store("", now + DAY);
	chrome_cookie(db, "gitlab.com", "x", "v11", now + DAY);
	add_db(t, lin, db);
	add_db(t, mac, chrome_store("v10", now + DAY));
	inv = scan_path(t, &ca_scanner_chromium, lin);
	c = find_kind(inv, "browser-cookie-store");
	assert_non_null(c);
	assert_string_equal(c->identity, "Chromium profile Default");
	assert_true(has_reason(c, "mixed: 0 v10"));
	assert_true(has_reason(c, "1 v11 (keyring key), 9 unencrypted"));
	assert_true(has_reason(c, "store protection is weak"));
	assert_no_piece(inv, PLANT);
	ca_inventory_free(inv);
	inv = scan_path(t, &ca_scanner_chromium, mac);
	c = find_kind(inv, "browser-cookie-store");
	assert_non_null(c);
	assert_true(has_reason(c, "v10, a key kept in the macOS Keychain"));
	assert_false(has_reason(c, "weak"));
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_electron(void **state)
{
	int64_t now = (int64_t)time(NULL);
	const char *p = HOME "/.config/Slack/Cookies";
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv;
	const struct ca_credential *c;
	sqlite3 *db = db_new(chrome_schema);

	(void)state;
	chrome_cookie(db, ".slack.com", "d", "v11", now + 300 * DAY);
	add_db(t, p, db);
	inv = scan_path(t, &ca_scanner_chromium, p);
	c = find_kind(inv, "browser-cookie-store");
	assert_non_null(c);
	assert_string_equal(c->identity, "Slack (Electron) profile default");
	assert_int_equal(c->tier, CA_TIER_SECRET);
	assert_true(c->standing);
	ca_inventory_free(inv);
	ca_target_free(t);
}

/* Only expired sessions: the store expired with its last cookie. */
static void
test_all_expired(void **state)
{
	int64_t now = (int64_t)time(NULL);
	const char *p = HOME "/.config/microsoft-edge/Default/Cookies";
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv;
	const struct ca_credential *c;
	sqlite3 *db = db_new(chrome_schema);

	(void)state;
	chrome_cookie(db, ".github.com", "user_session", "v10", now - 3 * DAY);
	chrome_cookie(db, "example.org", "a", "v10", now - 2 * DAY);
	add_db(t, p, db);
	inv = scan_path(t, &ca_scanner_chromium, p);
	c = find_kind(inv, "browser-cookie-store");
	assert_non_null(c);
	assert_string_equal(c->identity, "Edge profile Default");
	assert_int_equal(c->nscopes, 0);
	assert_int_equal(c->tier, CA_TIER_READ);
	assert_non_null(c->expires);
	assert_int_equal(strncmp(c->expires, day_of(now - 2 * DAY), 10), 0);
	assert_int_equal(c->risk, CA_RISK_LOW);
	assert_true(has_reason(c, "2 cookies, 2 expired, 0 high-value"));
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_login_data(void **state)
{
#define P_LD CHROME "/Profile 1/Login Data"
	const char *p = P_LD;
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv;
	const struct ca_credential *c;
	sqlite3 *db = db_new(logins_schema);
	static const char *const rows[][3] = {
		{ "https://github.com/login", "dana", "0" },
		{ "https://github.com/login", "dana-bot", "0" },
		{ "https://pypi.org/account/login/", "dana", "0" },
		{ "https://shop.example.net/", "dana", "0" },
		{ "https://never.example.com/", "", "1" },
	};

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(rows); i++) {
		char *sql = sqlite3_mprintf(
		    "INSERT INTO logins (origin_url, "
		    "username_value, password_value, signon_realm, "
		    "date_created, blacklisted_by_user, scheme) VALUES (%Q, "
		    "%Q, 'v10" PLANT "', %Q, 0, %s, 0)",
		    rows[i][0], rows[i][1], rows[i][0], rows[i][2]);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
		    SQLITE_OK);
		sqlite3_free(sql);
	}
	add_db(t, p, db);
	inv = scan_path(t, &ca_scanner_chromium, p);
	assert_int_equal(inv->ncreds, 1);
	c = find_ref(inv, "browser-logins:" P_LD);
	assert_non_null(c);
	assert_string_equal(c->kind, "browser-saved-logins");
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	assert_true(c->standing);
	assert_true(has_scope(c,
	    "github.com (GitHub, admin): 2 saved "
	    "logins"));
	assert_true(has_scope(c, "pypi.org (PyPI, write): 1 saved login"));
	assert_true(has_reason(c, "4 for 3 origins, 2 high-value services"));
	assert_no_piece(inv, PLANT);
	ca_inventory_free(inv);
	ca_target_free(t);
}

/* Firefox: seconds (schema 14) and milliseconds (16) give one expiry. */
static void
test_firefox(void **state)
{
	int64_t now = (int64_t)time(NULL);
	const char *p14 = FF "/abcd1234.default-release/cookies.sqlite";
	const char *p16 = HOME "/.librewolf/wxyz.default/cookies.sqlite";
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv;
	const struct ca_credential *c;
	char want[160];

	(void)state;
	for (int ms = 0; ms < 2; ms++) {
		sqlite3 *db = db_new(ff_schema);
		int64_t k = ms ? 1000 : 1;
		char *sql = sqlite3_mprintf(
		    "PRAGMA user_version = %d;"
		    "INSERT INTO moz_cookies (name, value, host, path, expiry,"
		    " lastAccessed, creationTime, isSecure, isHttpOnly) VALUES"
		    " ('user_session', '" PLANT "', '.github.com', '/', %lld,"
		    " 0, 0, 1, 1),"
		    " ('_gh', '" PLANT
		    "', 'github.com', '/', %lld, 0, 0, 1, 1),"
		    " ('old', '" PLANT "', 'claude.ai', '/', %lld, 0, 0, 1, 1),"
		    " ('x', '" PLANT
		    "', 'example.org', '/', %lld, 0, 0, 1, 1);",
		    ms ? 16 : 14, (long long)((now + 10 * DAY) * k),
		    (long long)((now + 2 * DAY) * k),
		    (long long)((now - DAY) * k),
		    (long long)((now + 200 * DAY) * k));
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
		    SQLITE_OK);
		sqlite3_free(sql);
		add_db(t, ms ? p16 : p14, db);
	}
	add_text(t, FF "/profiles.ini",
	    "[Profile1]\nName=other\n"
	    "Path=Profiles/zzz\n\n[Profile0]\nName=default-release\n"
	    "IsRelative=1\nPath=abcd1234.default-release\n");
	snprintf(want, sizeof(want),
	    "github.com (GitHub, admin): 2 cookies, "
	    "until %s",
	    day_of(now + 10 * DAY));
	for (int ms = 0; ms < 2; ms++) {
		inv = scan_path(t, &ca_scanner_firefox, ms ? p16 : p14);
		c = find_kind(inv, "browser-cookie-store");
		assert_non_null(c);
		assert_int_equal(c->nscopes, 1);
		assert_true(has_scope(c, want));
		assert_int_equal(
		    strncmp(c->expires, day_of(now + 10 * DAY), 10), 0);
		assert_false(c->standing);
		assert_true(has_reason(c, "4 cookies, 1 expired"));
		assert_true(has_reason(c, "unencrypted"));
		assert_string_equal(c->identity,
		    ms ? "LibreWolf profile wxyz.default" :
		         "Firefox profile abcd1234.default-release "
		         "(default-release)");
		assert_no_piece(inv, PLANT);
		ca_inventory_free(inv);
	}
	ca_target_free(t);
}

static void
test_firefox_logins(void **state)
{
	const char *p = FF "/abcd.default/logins.json";
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	add_text(t, p,
	    "{\"nextId\":4,\"logins\":["
	    "{\"id\":1,\"hostname\":\"https://github.com\",\"httpRealm\":null,"
	    "\"encryptedUsername\":\"MDIE" PLANT "\",\"encryptedPassword\":"
	    "\"MDoE" PLANT "\",\"encType\":1},"
	    "{\"id\":2,\"hostname\":\"https://github.com\","
	    "\"encryptedUsername\":\"x\",\"encryptedPassword\":\"y\"},"
	    "{\"id\":3,\"hostname\":\"https://www.example.com\"}],"
	    "\"version\":3}");
	add_bytes(t, FF "/abcd.default/key4.db", "SQLite format 3", 16);
	inv = scan_path(t, &ca_scanner_firefox, p);
	c = find_kind(inv, "browser-saved-logins");
	assert_non_null(c);
	assert_true(has_scope(c,
	    "github.com (GitHub, admin): 2 saved "
	    "logins"));
	assert_true(has_reason(c, "3 for 2 origins, 1 high-value service"));
	assert_true(has_reason(c, "key4.db sits beside it"));
	assert_no_piece(inv, PLANT);
	ca_inventory_free(inv);
	ca_target_free(t);
}

/* Broken stores are per-file errors; nothing is reported from them. */
static void
test_broken(void **state)
{
	static const char *const bad[][2] = {
		{ CHROME "/A/Cookies", "is empty" },
		{ CHROME "/B/Cookies", "not a SQLite database" },
		{ CHROME "/C/Cookies", "cannot read cookie store" },
		{ CHROME "/D/Cookies", "lacks the expires_utc column" },
		{ CHROME "/E/Cookies", "no cookies table" },
		{ CHROME "/F/Login Data", "no logins table" },
		{ FF "/x/cookies.sqlite", "lacks the expiry column" },
		{ FF "/y/logins.json", "not valid JSON" },
		{ FF "/z/logins.json", "no \"logins\" array" },
	};
	struct ca_target *t = ca_target_mem_new();
	unsigned char *b;
	size_t n;

	(void)state;
	add_bytes(t, bad[0][0], "", 0);
	add_text(t, bad[1][0],
	    "v10" PLANT " this is no database at all, "
	    "just text long enough to pass the size check of one hundred "
	    "bytes");
	b = db_bytes(chrome_store("v10", (int64_t)time(NULL) + DAY), &n);
	/* the b-tree headers of every page past the schema's */
	for (size_t off = 4096; off + 16 <= n; off += 4096)
		memset(b + off, 0xa5, 16);
	add_bytes(t, bad[2][0], b, n);
	free(b);
	add_db(t, bad[3][0],
	    db_new("CREATE TABLE cookies(host_key TEXT, "
	           "value TEXT, encrypted_value BLOB)"));
	add_db(t, bad[4][0], db_new("CREATE TABLE other(x)"));
	add_db(t, bad[5][0], db_new("CREATE TABLE logins(password_value)"));
	add_db(t, bad[6][0], db_new("CREATE TABLE moz_cookies(host, value)"));
	add_text(t, bad[7][0], "{\"logins\": [");
	add_text(t, bad[8][0], "{\"nextId\": 1}");
	for (size_t i = 0; i < CA_ARRAY_SIZE(bad); i++) {
		struct ca_inventory *inv = scan_path(t,
		    strstr(bad[i][0], "mozilla") ? &ca_scanner_firefox :
		                                   &ca_scanner_chromium,
		    bad[i][0]);
		if (inv->ncreds || !has_error(inv, bad[i][1]))
			fail_msg("%s: %zu credentials, want an error '%s'",
			    bad[i][0], inv->ncreds, bad[i][1]);
		assert_no_piece(inv, PLANT);
		ca_inventory_free(inv);
	}
	ca_target_free(t);
}

/* A WAL-mode store is read from its main file, and says rows may be
 * missing. */
static void
test_wal(void **state)
{
	const char *p = CHROME "/Default/Cookies";
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv;
	const struct ca_credential *c;
	unsigned char *b;
	size_t n;

	(void)state;
	b = db_bytes(chrome_store("v11", (int64_t)time(NULL) + DAY), &n);
	b[18] = b[19] = 2;
	add_bytes(t, p, b, n);
	free(b);
	add_text(t, CHROME "/Default/Cookies-wal", "walframes");
	inv = scan_path(t, &ca_scanner_chromium, p);
	c = find_kind(inv, "browser-cookie-store");
	assert_non_null(c);
	assert_int_equal(c->nscopes, 3);
	assert_true(has_reason(c, "-wal file, which is not read"));
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_services(void **state)
{
	const struct ca_service *s;
	int64_t now = (int64_t)time(NULL);
	const char *p = CHROME "/Default/Cookies";
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv;
	const struct ca_credential *c;
	sqlite3 *db = db_new(chrome_schema);
	static const char *const bad[] = {
		"",
		"[]",
		"{\"services\": {}}",
		"{\"services\": [{\"domain\": \"a.com\"}]}",
		"{\"services\": [{\"domain\": \"a.com\", \"tier\": \"root\"}]}",
		"{\"services\": [{\"domain\": \"a com\", \"tier\": \"read\"}]}",
		"{\"services\": [{\"domain\": \".a.com\", \"tier\": \"read\"}]}",
		"{\"services\": [{\"domain\": 7, \"tier\": \"read\"}]}",
		"{\"services\": [1]}",
	};

	static const char good[] =
	    "{\"services\": [{\"domain\": "
	    "\"corp.example\", \"label\": \"Corp SSO\", \"tier\": \"admin\"},"
	    "{\"domain\": \"github.com\", \"label\": \"GH\", \"tier\": "
	    "\"read\"}]}";

	(void)state;
	s = ca_service_match(".gist.github.com", 16);
	assert_non_null(s);
	assert_string_equal(s->domain, "github.com");
	s = ca_service_match("mail.google.com", 15);
	assert_string_equal(s->label, "Gmail");
	assert_null(ca_service_match("notgithub.com", 13));
	assert_null(ca_service_match("github.com.evil.io", 18));
	assert_null(ca_service_match("", 0));
	for (size_t i = 0; i < CA_ARRAY_SIZE(bad); i++)
		assert_int_equal(
		    ca_services_load(bad[i], strlen(bad[i]), "t.json"), -1);
	assert_null(ca_service_match("intranet.corp.example", 21));
	assert_int_equal(ca_services_load(good, strlen(good), "t.json"), 0);
	s = ca_service_match("intranet.corp.example", 21);
	assert_non_null(s);
	assert_string_equal(s->label, "Corp SSO");
	assert_int_equal(s->tier, CA_TIER_ADMIN);
	assert_string_equal(ca_service_match("github.com", 10)->label, "GH");
	chrome_cookie(db, "sso.corp.example", "s", "v11", now + DAY);
	add_db(t, p, db);
	inv = scan_path(t, &ca_scanner_chromium, p);
	c = find_kind(inv, "browser-cookie-store");
	assert_non_null(c);
	assert_int_equal(c->nscopes, 1);
	assert_int_equal(strncmp(c->scopes[0],
	                     "corp.example (Corp SSO, "
	                     "admin): 1 cookie",
	                     33),
	    0);
	ca_inventory_free(inv);
	ca_target_free(t);
	ca_services_reset();
	assert_null(ca_service_match("intranet.corp.example", 21));
}

static void
test_claims(void **state)
{
	static const char *const yes[][2] = {
		{ "c", CHROME "/Default/Cookies" },
		{ "c", CHROME "/Profile 3/Network/Cookies" },
		{ "c", CHROME "/Default/Login Data" },
		{ "c", CHROME "/Default/Login Data For Account" },
		{ "c", HOME "/.config/chromium/Default/Network/Cookies" },
		{ "c", HOME "/.config/microsoft-edge/Default/Cookies" },
		{ "c", HOME "/.config/vivaldi/Default/Cookies" },
		{ "c", HOME "/.config/opera/Cookies" },
		{ "c", HOME "/.config/Code/Cookies" },
		{ "c", HOME "/.config/discord/Network/Cookies" },
		{ "c", HOME "/snap/chromium/common/chromium/Default/Cookies" },
		{ "c",
		    HOME "/.var/app/com.google.Chrome/config/google-chrome/"
		         "Default/Cookies" },
		{ "c",
		    "/Users/d/Library/Application Support/Google/Chrome/"
		    "Default/Cookies" },
		{ "f", FF "/a.default/cookies.sqlite" },
		{ "f", FF "/a.default/logins.json" },
		{ "f",
		    HOME "/snap/firefox/common/.mozilla/firefox/a/"
		         "cookies.sqlite" },
		{ "f",
		    HOME "/.var/app/org.mozilla.firefox/.mozilla/firefox/a/"
		         "logins.json" },
		{ "f", HOME "/.librewolf/a.default/cookies.sqlite" },
		{ "f",
		    "/Users/d/Library/Application Support/Firefox/Profiles/"
		    "a.default/cookies.sqlite" },
	};
	static const char *const no[] = {
		HOME "/src/Cookies",
		HOME "/logins.json",
		HOME "/cookies.sqlite",
		HOME "/.config/Cookies.bak",
	};

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(yes); i++) {
		const struct ca_scanner *s = yes[i][0][0] == 'c' ?
		    &ca_scanner_chromium :
		    &ca_scanner_firefox;
		bool hit = false;
		for (size_t j = 0; s->claims[j]; j++)
			hit |= ca_glob_match(s->claims[j], yes[i][1] + 1);
		if (!hit)
			fail_msg("not claimed: %s", yes[i][1]);
	}
	for (size_t i = 0; i < CA_ARRAY_SIZE(no); i++) {
		for (size_t j = 0; ca_scanner_chromium.claims[j]; j++)
			assert_false(ca_glob_match(
			    ca_scanner_chromium.claims[j], no[i] + 1));
		for (size_t j = 0; ca_scanner_firefox.claims[j]; j++)
			assert_false(ca_glob_match(ca_scanner_firefox.claims[j],
			    no[i] + 1));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chrome_v10),
		cmocka_unit_test(test_chrome_v11_standing),
		cmocka_unit_test(test_chrome_plain_mixed_macos),
		cmocka_unit_test(test_electron),
		cmocka_unit_test(test_all_expired),
		cmocka_unit_test(test_login_data),
		cmocka_unit_test(test_firefox),
		cmocka_unit_test(test_firefox_logins),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_wal),
		cmocka_unit_test(test_services),
		cmocka_unit_test(test_claims),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
