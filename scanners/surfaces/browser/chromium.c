/* chromium.c - Chromium-family cookie stores and saved logins, from
 * metadata only:
 *
 *  - <profile>/Cookies and <profile>/Network/Cookies (SQLite, table
 *    cookies): host_key, expires_utc (microseconds since 1601-01-01 UTC),
 *    has_expires / is_persistent; plus the first 3 bytes of
 *    encrypted_value, the version prefix, selected as
 *    substr(encrypted_value, 1, 3) so no other byte leaves SQLite. On
 *    Linux "v10" is the built-in fixed key (anyone who can read the file
 *    can decrypt it), "v11" a key held in the desktop keyring; on macOS
 *    "v10" is a key in the Keychain. No value column is ever selected.
 *  - <profile>/Login Data and Login Data For Account (the passwords of
 *    the signed-in Google account; SQLite, table logins): origin_url only,
 *    counted per origin; password_value is never selected.
 *
 * Browsers: Chrome, Chromium, Edge, Brave, Vivaldi, Opera, under ~/.config,
 * Snap (~/snap/<app>/common/...), Flatpak (~/.var/app/<id>/config/...) and
 * a macOS disk (Users/<u>/Library/Application Support/...). Profiles are
 * any directory holding a store; their display name and signed-in account
 * come from the user data directory's "Local State" when it has them.
 * Electron apps (Slack, Discord, VS Code, Cursor, Teams, ...) keep the same
 * store under ~/.config/<App>/ and are named by their folder. */
#include "lib/compat.h"
#include <inttypes.h>
#include <jansson.h>
#include <strings.h>
#include <time.h>
#include "lib/hash.h"
#include "scanners/surfaces/browser/browser.h"

/* Seconds between 1601-01-01 and 1970-01-01. */
#define WIN_EPOCH_DELTA INT64_C(11644473600)
#define MAX_UNIX        INT64_C(253402300799) /* 9999-12-31T23:59:59Z */

/* Unix seconds of a Chromium time (microseconds since 1601). */
static int64_t
chrome_to_unix(int64_t us)
{
	int64_t s;

	if (us <= 0)
		return 0;
	s = us / 1000000 - WIN_EPOCH_DELTA;
	if (s < 0)
		return 0;
	return s > MAX_UNIX ? MAX_UNIX : s;
}

static int64_t
unix_to_chrome(int64_t s)
{
	return (s + WIN_EPOCH_DELTA) * 1000000;
}

/* Browsers by a folder of their user data directory, most specific
 * first. */
static const struct {
	const char *needle;
	const char *label;
} browsers[] = {
	{ "/google-chrome-beta/", "Chrome Beta" },
	{ "/google-chrome-unstable/", "Chrome Dev" },
	{ "/google-chrome/", "Chrome" },
	{ "/Google/Chrome/", "Chrome" },
	{ "/Google/Chrome Beta/", "Chrome Beta" },
	{ "/microsoft-edge", "Edge" },
	{ "/Microsoft Edge/", "Edge" },
	{ "/BraveSoftware/", "Brave" },
	{ "/vivaldi", "Vivaldi" },
	{ "/Vivaldi/", "Vivaldi" },
	{ "/opera", "Opera" },
	{ "/com.operasoftware.Opera/", "Opera" },
	{ "/chromium/", "Chromium" },
	{ "/Chromium/", "Chromium" },
};

struct cpath {
	const char *profile_dir; /* holds Cookies or Network/Cookies */
	const char *data_dir;    /* holds Local State */
	const char *browser;     /* label */
	const char *profile;     /* display name */
	const char *account;     /* or NULL */
	bool macos;
};

/* Reads Local State's profile.info_cache.<dir> {name, user_name}. */
static void
local_state(struct ca_ctx *ctx, struct cpath *p, const char *dir)
{
	struct strbuf sb;
	json_t *root, *e;
	const char *name, *user;

	strbuf_init(&sb, (8u << 20) + 1);
	if (ca_read_file(ctx,
	        arena_printf(ca_scratch(ctx), "%s/Local State", p->data_dir),
	        &sb) < 0 ||
	    !sb.len) {
		strbuf_release(&sb);
		return;
	}
	root = json_loadb(sb.buf, sb.len, 0, NULL);
	strbuf_release(&sb);
	e = json_object_get(
	    json_object_get(json_object_get(root, "profile"), "info_cache"),
	    dir);
	name = json_string_value(json_object_get(e, "name"));
	user = json_string_value(json_object_get(e, "user_name"));
	if (name && *name && strlen(name) < 128)
		p->profile = arena_printf(ca_scratch(ctx), "%s (%s)", dir,
		    name);
	if (user && *user && strlen(user) < 256 && strchr(user, '@'))
		p->account = arena_strdup(ca_scratch(ctx), user);
	json_decref(root);
}

/* The app folder of an Electron store: the component after ".config/",
 * "config/" (Flatpak) or "Application Support/". */
static const char *
electron_app(struct ca_ctx *ctx, const char *path)
{
	static const char *const roots[] = {
		"/.config/",
		"/config/",
		"/Application Support/",
	};
	const char *best = NULL, *q;

	for (size_t i = 0; i < CA_ARRAY_SIZE(roots); i++) {
		q = strstr(path, roots[i]);
		if (q && (!best || q > best))
			best = q + strlen(roots[i]);
	}
	if (!best || !(q = strchr(best, '/')))
		return "unknown app";
	return arena_strndup(ca_scratch(ctx), best, (size_t)(q - best));
}

static void
cpath_of(struct ca_ctx *ctx, const char *path, struct cpath *p)
{
	const char *dir = bdirname(ctx, path);
	const char *base;

	memset(p, 0, sizeof(*p));
	if (!strcmp(bbasename(ctx, dir), "Network"))
		dir = bdirname(ctx, dir);
	p->profile_dir = dir;
	p->data_dir = bdirname(ctx, dir);
	p->macos = strstr(path, "/Library/Application Support/") != NULL;
	base = bbasename(ctx, dir);
	for (size_t i = 0; i < CA_ARRAY_SIZE(browsers); i++)
		if (strstr(path, browsers[i].needle)) {
			p->browser = browsers[i].label;
			break;
		}
	if (!p->browser) {
		/* An Electron app: its store sits in its own folder (or a
		 * partition of it), with no profiles. */
		p->browser = arena_printf(ca_scratch(ctx), "%s (Electron)",
		    electron_app(ctx, path));
		p->profile = "default";
		return;
	}
	p->profile = base;
	local_state(ctx, p, base);
}

/* Is this the Chromium schema? Returns 0 with the optional columns
 * known, or -1 after a warning. */
static int
cookie_columns(struct ca_ctx *ctx, const char *path, struct bdb *d,
    bool *persist, bool *has_exp, bool *enc)
{
	static const char *const want[] = {
		"host_key",
		"expires_utc",
		"is_persistent",
		"has_expires",
		"encrypted_value",
		NULL,
	};
	bool have[5] = { false };
	int n = bdb_columns(ctx, path, "cookie store", d, "cookies", want,
	    have);

	if (n < 0)
		return -1;
	if (n == 0) {
		ca_warn(ctx, path,
		    "no cookies table: not a Chromium cookie "
		    "store");
		return -1;
	}
	if (!have[0] || !have[1]) {
		ca_warn(ctx, path, "cookie store lacks the %s column",
		    !have[0] ? "host_key" : "expires_utc");
		return -1;
	}
	*persist = have[2];
	*has_exp = have[3];
	*enc = have[4];
	return 0;
}

/* Counts the version prefixes: the only bytes of a value ever read. */
static const char *
protection(struct ca_ctx *ctx, const char *path, struct bdb *d, bool mac,
    bool *weak)
{
	sqlite3_stmt *st = NULL;
	uint64_t v10 = 0, v11 = 0, plain = 0, other = 0;
	int rc;

	rc = sqlite3_prepare_v2(d->db,
	    "SELECT substr(encrypted_value, 1, 3),"
	    " COUNT(*) FROM cookies GROUP BY 1",
	    -1, &st, NULL);
	for (rc = rc == SQLITE_OK ? sqlite3_step(st) : rc; rc == SQLITE_ROW;
	     rc = sqlite3_step(st)) {
		const void *b = sqlite3_column_blob(st, 0);
		int n = sqlite3_column_bytes(st, 0);
		uint64_t c = (uint64_t)sqlite3_column_int64(st, 1);
		if (!b || n == 0)
			plain += c;
		else if (n == 3 && !memcmp(b, "v10", 3))
			v10 += c;
		else if (n == 3 && !memcmp(b, "v11", 3))
			v11 += c;
		else
			other += c;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		bdb_warn(ctx, path, "cookie store", d, rc);
		return NULL;
	}
	*weak = plain > 0 || (v10 > 0 && !mac);
	if (!v10 && !v11 && !plain && !other)
		return NULL;
	if (v10 && !v11 && !plain && !other)
		return mac ?
		    "v10, a key kept in the macOS Keychain" :
		    "v10, Chromium's built-in key on Linux: anyone who can "
		    "read the file can decrypt the cookies";
	if (v11 && !v10 && !plain && !other)
		return "v11, a key kept in the desktop keyring";
	return arena_printf(ca_scratch(ctx),
	    "mixed: %" PRIu64 " v10 (%s), %" PRIu64
	    " v11 (keyring key), %" PRIu64 " unencrypted, %" PRIu64 " other",
	    v10,
	    mac ? "Keychain key" :
	          "built-in key, readable "
	          "by anyone who can read the file",
	    v11, plain, other);
}

static void
scan_cookies(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct bdb d;
	struct cpath p;
	struct btally t;
	struct bstore s;
	sqlite3_stmt *st = NULL;
	bool persist, has_exp, enc, weak = false;
	const char *sess;
	char sql[512];
	int64_t now = (int64_t)time(NULL);
	int rc;

	if (bdb_open(ctx, f->path, "cookie store", f->data, f->len, &d) < 0)
		return;
	if (cookie_columns(ctx, f->path, &d, &persist, &has_exp, &enc) < 0) {
		bdb_close(&d);
		return;
	}
	cpath_of(ctx, f->path, &p);
	btally_init(&t, now);
	/* A session cookie (no expiry) lives as long as the browser, and
	 * longer when the browser restores sessions: it counts as live. */
	sess = persist ? "is_persistent = 0" :
	    has_exp    ? "has_expires = 0" :
	                 "expires_utc = 0";
	snprintf(sql, sizeof(sql),
	    "SELECT host_key, COUNT(*), "
	    "SUM(%s), MAX(CASE WHEN %s THEN 0 ELSE expires_utc END), "
	    "SUM(CASE WHEN %s THEN 0 WHEN expires_utc <= ?1 THEN 1 ELSE 0 "
	    "END) FROM cookies GROUP BY host_key",
	    sess, sess, sess);
	rc = sqlite3_prepare_v2(d.db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		sqlite3_bind_int64(st, 1, unix_to_chrome(now));
	for (rc = rc == SQLITE_OK ? sqlite3_step(st) : rc; rc == SQLITE_ROW;
	     rc = sqlite3_step(st)) {
		const char *host = (const char *)sqlite3_column_text(st, 0);
		size_t hlen = (size_t)sqlite3_column_bytes(st, 0);
		uint64_t n = (uint64_t)sqlite3_column_int64(st, 1);
		uint64_t nsess = (uint64_t)sqlite3_column_int64(st, 2);
		int64_t until = chrome_to_unix(sqlite3_column_int64(st, 3));
		uint64_t dead = (uint64_t)sqlite3_column_int64(st, 4);
		t.total += n;
		t.expired += dead;
		t.session += nsess;
		if (until > t.latest)
			t.latest = until;
		if (!host || n <= dead)
			continue;
		btally_add(&t, host, hlen, n - dead, until > now ? until : 0,
		    nsess > 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		bdb_warn(ctx, f->path, "cookie store", &d, rc);
		bdb_close(&d);
		return;
	}
	memset(&s, 0, sizeof(s));
	s.rule = "chromium.cookies";
	s.browser = p.browser;
	s.profile = p.profile;
	s.account = p.account;
	if (enc)
		s.protection = protection(ctx, f->path, &d, p.macos, &weak);
	else
		s.protection = NULL;
	s.weak = weak;
	s.note = bwal_note(ctx, f->path);
	bdb_close(&d);
	btally_emit(ctx, f, &t, &s);
}

/* The host of an origin URL ("https://github.com:443/login" ->
 * "github.com"), as a span of 'url'. */
static const char *
url_host(const char *url, size_t *len)
{
	const char *p = strstr(url, "://"), *e;

	p = p ? p + 3 : url;
	if ((e = strchr(p, '@')) && e < p + strcspn(p, "/"))
		p = e + 1;
	e = p + strcspn(p, ":/?#");
	*len = (size_t)(e - p);
	return p;
}

static void
scan_logins(struct ca_ctx *ctx, const struct ca_file *f)
{
	static const char *const want[] = {
		"origin_url",
		"blacklisted_by_user",
		NULL,
	};
	bool have[2] = { false, false };
	struct ca_finding fd;
	struct bdb d;
	struct cpath p;
	struct btally t;
	sqlite3_stmt *st = NULL;
	uint64_t origins = 0, logins = 0;
	const char **scopes;
	int rc, n, tier = CA_TIER_SECRET;

	if (bdb_open(ctx, f->path, "saved logins", f->data, f->len, &d) < 0)
		return;
	n = bdb_columns(ctx, f->path, "saved logins", &d, "logins", want, have);
	if (n <= 0 || !have[0]) {
		if (n >= 0)
			ca_warn(ctx, f->path,
			    "no logins table with an "
			    "origin_url column: not a Chromium Login Data "
			    "file");
		bdb_close(&d);
		return;
	}
	btally_init(&t, (int64_t)time(NULL));
	/* Rows the user chose never to save hold no password. */
	rc = sqlite3_prepare_v2(d.db,
	    have[1] ?
	        "SELECT origin_url, COUNT(*) FROM logins WHERE "
	        "blacklisted_by_user = 0 GROUP BY origin_url" :
	        "SELECT origin_url, COUNT(*) FROM logins GROUP BY origin_url",
	    -1, &st, NULL);
	for (rc = rc == SQLITE_OK ? sqlite3_step(st) : rc; rc == SQLITE_ROW;
	     rc = sqlite3_step(st)) {
		const char *url = (const char *)sqlite3_column_text(st, 0);
		uint64_t c = (uint64_t)sqlite3_column_int64(st, 1);
		size_t hlen;
		const char *host;
		origins++;
		logins += c;
		if (!url)
			continue;
		host = url_host(url, &hlen);
		btally_add(&t, host, hlen, c, 0, false);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		bdb_warn(ctx, f->path, "saved logins", &d, rc);
		bdb_close(&d);
		return;
	}
	bdb_close(&d);
	cpath_of(ctx, f->path, &p);
	scopes = arena_zalloc(ca_scratch(ctx), (t.nrows + 1) * sizeof(*scopes));
	for (size_t i = 0; i < t.nrows; i++) {
		const struct btally_row *r = &t.rows[i];
		if ((int)r->svc->tier > tier)
			tier = (int)r->svc->tier;
		scopes[i] = arena_printf(ca_scratch(ctx),
		    "%s (%s, %s): %" PRIu64 " saved login%s", r->svc->domain,
		    r->svc->label, ca_tier_name(r->svc->tier), r->live,
		    r->live == 1 ? "" : "s");
	}
	memset(&fd, 0, sizeof(fd));
	fd.rule = "chromium.saved-logins";
	fd.kind = "browser-saved-logins";
	fd.ref = arena_printf(ca_scratch(ctx), "browser-logins:%s", f->path);
	{
		struct bstore s = { .browser = p.browser,
			.profile = p.profile,
			.account = p.account };
		fd.identity = bidentity(ctx, &s);
	}
	fd.standing = 1;
	fd.scopes = scopes;
	fd.tier = tier;
	fd.detail = arena_printf(ca_scratch(ctx),
	    "%s saved logins: %" PRIu64 " for %" PRIu64
	    " origins, %zu high-value service%s; passwords "
	    "are encrypted as the profile's cookies are (not read)%s",
	    p.browser, logins, origins, t.nrows, t.nrows == 1 ? "" : "s",
	    bwal_note(ctx, f->path));
	ca_emit(ctx, &fd);
}

static int
chromium_scan(struct ca_ctx *ctx, const struct ca_file *f)
{
	if (!strcmp(f->name, "Cookies"))
		scan_cookies(ctx, f);
	else if (!strcmp(f->name, "Login Data") ||
	    !strcmp(f->name, "Login Data For Account"))
		scan_logins(ctx, f);
	return 0;
}

/* clang-format off */
static const char *const chromium_claims[] = {
	"**/.config/**/Cookies",
	"**/.config/**/Login Data",
	"**/.config/**/Login Data For Account",
	"**/snap/*/common/**/Cookies",
	"**/snap/*/common/**/Login Data",
	"**/snap/*/common/**/Login Data For Account",
	"**/.var/app/*/config/**/Cookies",
	"**/.var/app/*/config/**/Login Data",
	"**/.var/app/*/config/**/Login Data For Account",
	"**/Library/Application Support/**/Cookies",
	"**/Library/Application Support/**/Login Data",
	"**/Library/Application Support/**/Login Data For Account",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc chromium_rules[] = {
	{ "chromium.cookies", "browser-cookie-store",
	  "Chromium-family or Electron cookie store (Cookies, Network/Cookies):"
	  " live sessions per high-value service, expiry, v10/v11 protection" },
	{ "chromium.saved-logins", "browser-saved-logins",
	  "Chromium-family saved passwords (Login Data): origins counted, "
	  "passwords never read" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_chromium = {
	.name = "chromium",
	.surface = "browser",
	.summary = "Chrome, Chromium, Edge, Brave, Vivaldi, Opera and Electron "
	           "cookie stores and saved logins (metadata only)",
	.version = 1,
	.claims = chromium_claims,
	.rules = chromium_rules,
	.scan_file = chromium_scan,
};
