/* browser.h - what the browser surface's modules share: a bounded,
 * read-only view of a SQLite file the walker read (bdb), the table of
 * high-value services a session cookie opens (service_domains.c, extended by
 * --services FILE), and the tally of one cookie store's live sessions per
 * service that becomes one browser-cookie-store credential.
 *
 * Nothing here ever selects a cookie value or a password: queries name
 * metadata columns only (see chromium.c and firefox.c for the one 3-byte
 * exception). */
#ifndef CA_BROWSER_H
#define CA_BROWSER_H

#include "lib/compat.h"
#include <sqlite3.h>
#include "scanners/core/scanner.h"

/* A persistent session living longer than this many days makes the store
 * "standing" (documented in credatlas(1), BROWSER STORES). */
#define CA_BROWSER_STANDING_DAYS 90

/* ---- bdb: one SQLite file, deserialised read-only ------------------- */

struct bdb {
	sqlite3 *db;
	unsigned char *mem;
	size_t len;
	unsigned int ticks;
};

/* Copies 'len' bytes of 'data' (borrowed) into an in-memory, read-only,
 * defensive connection with small limits and a work budget. 'what' names
 * the store in messages. Returns 0, or -1 after ca_warn on 'path'. */
int bdb_open(struct ca_ctx *ctx, const char *path, const char *what,
    const char *data, size_t len, struct bdb *d);
void bdb_close(struct bdb *d);
/* Warns about a failed step: only SQLite's generic text for 'rc', since
 * its messages may quote the (hostile) schema. */
void bdb_warn(struct ca_ctx *ctx, const char *path, const char *what,
    struct bdb *d, int rc);
/* Sets have[i] for each column of 'table' named in 'want' (NULL-ended).
 * Returns the number of columns (0: no such table) or -1 after a warning. */
int bdb_columns(struct ca_ctx *ctx, const char *path, const char *what,
    struct bdb *d, const char *table, const char *const *want, bool *have);
/* PRAGMA user_version, or -1. */
int64_t bdb_user_version(struct bdb *d);

/* ---- services ------------------------------------------------------- */

struct ca_service {
	const char *domain; /* "github.com": the host and its subdomains */
	const char *label;  /* "GitHub" */
	enum ca_tier tier;  /* what a session there grants */
};

/* The service a cookie host belongs to ("github.com", ".github.com",
 * "gist.github.com"), the longest matching domain, or NULL. --services
 * rows come first. Returns a borrowed row. */
const struct ca_service *ca_service_match(const char *host, size_t len);
/* The built-in rows, for tests and the man page. */
const struct ca_service *ca_services_builtin(size_t *count);
/* Replaces the --services rows with those of the JSON text 'json'
 * ('len' bytes; borrowed) read from 'name':
 *   {"services": [{"domain": "x.example", "label": "X", "tier": "admin"}]}
 * Call before the scan starts (not thread-safe). Returns 0 or -1 after
 * ca_error(). */
int ca_services_load(const char *json, size_t len, const char *name);
/* The same, from the file at 'path' (borrowed). */
int ca_services_load_file(const char *path);
/* Drops the --services rows. */
void ca_services_reset(void);

/* ---- the tally of one store ------------------------------------------ */

#define BTALLY_MAX 64 /* services named in one store's scopes */

struct btally_row {
	const struct ca_service *svc;
	uint64_t live; /* unexpired cookies (session cookies included) */
	int64_t until; /* latest expiry, Unix seconds; 0: session only */
};

struct btally {
	int64_t now;
	uint64_t total, expired, session;
	int64_t longest;    /* latest expiry of any live cookie */
	int64_t longest_hv; /* ... of a high-value one */
	int64_t latest;     /* latest expiry of any cookie, expired
	                     * ones included (set by the modules) */
	struct btally_row rows[BTALLY_MAX];
	size_t nrows;
};

void btally_init(struct btally *t, int64_t now);
/* Adds 'n' cookies of 'host' of which the latest persistent expiry is
 * 'expires' (Unix seconds, <= 0 for session cookies only). */
void btally_add(struct btally *t, const char *host, size_t hlen, uint64_t n,
    int64_t expires, bool session);

/* What the modules hand to btally_emit for one store. */
struct bstore {
	const char *rule;       /* "chromium.cookies" */
	const char *browser;    /* "Chrome", "Firefox", "Slack (Electron)" */
	const char *profile;    /* "Default", "Profile 1", "abcd.default" */
	const char *account;    /* an account found for the profile, or NULL */
	const char *protection; /* a sentence on encryption, or NULL */
	bool weak;              /* the protection is no protection */
	const char *note;       /* appended to the detail, or NULL */
};

/* Emits the browser-cookie-store credential of the store at the scanned
 * file: scopes per live high-value service, expiry, standing, tier. */
void btally_emit(struct ca_ctx *ctx, const struct ca_file *f,
    const struct btally *t, const struct bstore *s);

/* RFC 3339 for Unix seconds 't' in the scratch arena. */
const char *btime(struct ca_ctx *ctx, int64_t t);
/* The identity string of a store: "Chrome profile Default (a@b.c)". */
const char *bidentity(struct ca_ctx *ctx, const struct bstore *s);
/* "; recent rows may be in the -wal file ..." when one sits beside
 * 'path', else "". */
const char *bwal_note(struct ca_ctx *ctx, const char *path);
/* The parent directory of 'path' (scratch), or "" for "/x". */
const char *bdirname(struct ca_ctx *ctx, const char *path);
/* The last component of 'dir' (scratch). */
const char *bbasename(struct ca_ctx *ctx, const char *dir);

#endif
