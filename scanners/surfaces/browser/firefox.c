/* firefox.c - Firefox (and forks sharing its layout, LibreWolf) cookie
 * stores and saved logins, from metadata only:
 *
 *  - <profile>/cookies.sqlite (table moz_cookies): host and expiry.
 *    expiry is in seconds since 1970 up to schema 15 and in milliseconds
 *    from Firefox 136 (a value above 10^11 is read as milliseconds either
 *    way); session cookies are not kept on disk. Firefox does not encrypt
 *    cookie values: whoever reads the file holds the sessions, which the
 *    store's protection says. The value column is never selected.
 *  - <profile>/logins.json: "logins" entries counted per "hostname";
 *    encryptedUsername and encryptedPassword are never looked at. Without
 *    key4.db beside it the logins cannot be decrypted here; with it, they
 *    can unless a primary password is set (not checked).
 *
 * Profiles live under ~/.mozilla/firefox, ~/.librewolf, Snap
 * (~/snap/firefox/common/.mozilla/firefox), Flatpak
 * (~/.var/app/<id>/.mozilla/firefox) and on a macOS disk
 * (Library/Application Support/Firefox/Profiles); a profile's name comes
 * from profiles.ini beside the profile directories when it is there. */
#include "lib/compat.h"
#include <inttypes.h>
#include <jansson.h>
#include <strings.h>
#include <time.h>
#include "lib/hash.h"
#include "scanners/surfaces/browser/browser.h"

#define MAX_UNIX INT64_C(253402300799)

static const char *
fork_label(const char *path)
{
	if (strstr(path, "/.librewolf/") || strstr(path, "/LibreWolf/"))
		return "LibreWolf";
	if (strstr(path, "/.waterfox/") || strstr(path, "/Waterfox/"))
		return "Waterfox";
	if (strstr(path, "/.floorp/") || strstr(path, "/Floorp/"))
		return "Floorp";
	if (strstr(path, "/.thunderbird/") || strstr(path, "/Thunderbird/"))
		return "Thunderbird";
	return "Firefox";
}

/* The Name= of the profiles.ini section whose Path= ends in 'dir', or
 * 'dir' itself. */
static const char *
profile_name(struct ca_ctx *ctx, const char *profile_dir)
{
	const char *dir = bbasename(ctx, profile_dir);
	const char *root = bdirname(ctx, profile_dir);
	const char *name = NULL, *line, *end, *sec_name = NULL;
	bool match = false;
	struct strbuf sb;
	size_t dlen = strlen(dir);

	/* macOS keeps profiles.ini one level above Profiles/. */
	if (!strcmp(bbasename(ctx, root), "Profiles"))
		root = bdirname(ctx, root);
	strbuf_init(&sb, (1u << 20) + 1);
	if (ca_read_file(ctx,
	        arena_printf(ca_scratch(ctx), "%s/profiles.ini", root),
	        &sb) < 0) {
		strbuf_release(&sb);
		return dir;
	}
	for (line = sb.buf; line && *line; line = end ? end + 1 : NULL) {
		size_t n;
		end = strchr(line, '\n');
		n = end ? (size_t)(end - line) : strlen(line);
		if (n && line[n - 1] == '\r')
			n--;
		if (n && line[0] == '[') {
			if (match && sec_name)
				break;
			match = false;
			sec_name = NULL;
		} else if (n > 5 && !strncmp(line, "Name=", 5) && n < 133) {
			sec_name = arena_strndup(ca_scratch(ctx), line + 5,
			    n - 5);
		} else if (n > 5 && !strncmp(line, "Path=", 5) &&
		    n - 5 >= dlen && !strncmp(line + n - dlen, dir, dlen) &&
		    (n - 5 == dlen || line[n - dlen - 1] == '/')) {
			match = true;
		}
	}
	if (match && sec_name)
		name = sec_name;
	strbuf_release(&sb);
	for (const char *p = name; p && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			name = NULL;
	return name ? arena_printf(ca_scratch(ctx), "%s (%s)", dir, name) : dir;
}

/* SQL for expiry in seconds, whatever the schema's unit. */
#define EXPIRY_S                                                               \
	"(CASE WHEN expiry > 100000000000 THEN expiry / 1000 "                 \
	"ELSE expiry END)"

static void
scan_cookies(struct ca_ctx *ctx, const struct ca_file *f)
{
	static const char *const want[] = { "host", "expiry", NULL };
	bool have[2] = { false, false };
	struct bdb d;
	struct btally t;
	struct bstore s;
	sqlite3_stmt *st = NULL;
	int64_t now = (int64_t)time(NULL);
	int rc, n;

	if (bdb_open(ctx, f->path, "cookie store", f->data, f->len, &d) < 0)
		return;
	n = bdb_columns(ctx, f->path, "cookie store", &d, "moz_cookies", want,
	    have);
	if (n <= 0 || !have[0] || !have[1]) {
		if (n == 0)
			ca_warn(ctx, f->path,
			    "no moz_cookies table: not a "
			    "Firefox cookie store");
		else if (n > 0)
			ca_warn(ctx, f->path,
			    "cookie store lacks the %s "
			    "column",
			    !have[0] ? "host" : "expiry");
		bdb_close(&d);
		return;
	}
	btally_init(&t, now);
	rc = sqlite3_prepare_v2(d.db,
	    "SELECT host, COUNT(*), MAX(" EXPIRY_S "), SUM(CASE WHEN " EXPIRY_S
	    " <= ?1 THEN 1 ELSE 0 END) "
	    "FROM moz_cookies GROUP BY host",
	    -1, &st, NULL);
	if (rc == SQLITE_OK)
		sqlite3_bind_int64(st, 1, now);
	for (rc = rc == SQLITE_OK ? sqlite3_step(st) : rc; rc == SQLITE_ROW;
	     rc = sqlite3_step(st)) {
		const char *host = (const char *)sqlite3_column_text(st, 0);
		size_t hlen = (size_t)sqlite3_column_bytes(st, 0);
		uint64_t c = (uint64_t)sqlite3_column_int64(st, 1);
		int64_t until = sqlite3_column_int64(st, 2);
		uint64_t dead = (uint64_t)sqlite3_column_int64(st, 3);
		t.total += c;
		t.expired += dead;
		if (until > t.latest)
			t.latest = until > MAX_UNIX ? MAX_UNIX : until;
		if (!host || c <= dead)
			continue;
		btally_add(&t, host, hlen, c - dead,
		    until > MAX_UNIX ? MAX_UNIX : until, false);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		bdb_warn(ctx, f->path, "cookie store", &d, rc);
		bdb_close(&d);
		return;
	}
	bdb_close(&d);
	memset(&s, 0, sizeof(s));
	s.rule = "firefox.cookies";
	s.browser = fork_label(f->path);
	s.profile = profile_name(ctx, bdirname(ctx, f->path));
	s.protection = "none: Firefox keeps cookie values unencrypted, so "
	               "anyone who can read the file holds the sessions";
	s.weak = true;
	s.note = bwal_note(ctx, f->path);
	btally_emit(ctx, f, &t, &s);
}

static void
scan_logins(struct ca_ctx *ctx, const struct ca_file *f)
{
	json_error_t err;
	json_t *root, *arr, *e;
	struct ca_finding fd;
	struct btally t;
	struct strbuf key;
	const char **scopes;
	const char *dir = bdirname(ctx, f->path);
	const char *browser = fork_label(f->path), *keynote;
	uint64_t entries = 0, origins = 0;
	size_t i;
	int tier = CA_TIER_SECRET;

	root = json_loadb(f->data, f->len, 0, &err);
	if (!root) {
		ca_warn(ctx, f->path, "logins.json: line %d: not valid JSON",
		    err.line);
		return;
	}
	arr = json_object_get(root, "logins");
	if (!json_is_array(arr)) {
		ca_warn(ctx, f->path, "logins.json has no \"logins\" array");
		json_decref(root);
		return;
	}
	btally_init(&t, (int64_t)time(NULL));
	json_array_foreach(arr, i, e)
	{
		const char *host = json_string_value(
		    json_object_get(e, "hostname"));
		bool dup = false;
		size_t hlen;
		const char *h;

		if (!json_is_object(e))
			continue;
		entries++;
		if (!host)
			continue;
		/* Origins are few; a quadratic scan over at most the first
		 * 4096 keeps hostile files cheap. */
		for (size_t j = 0; j < i && j < 4096; j++) {
			const char *o = json_string_value(json_object_get(
			    json_array_get(arr, j), "hostname"));
			if (o && !strcmp(o, host)) {
				dup = true;
				break;
			}
		}
		if (!dup)
			origins++;
		h = strstr(host, "://");
		h = h ? h + 3 : host;
		hlen = strcspn(h, ":/?#");
		btally_add(&t, h, hlen, 1, 0, false);
	}
	json_decref(root);

	strbuf_init(&key, (64u << 20) + 1);
	keynote = ca_read_file(ctx,
	              arena_printf(ca_scratch(ctx), "%s/key4.db", dir),
	              &key) == 0 ?
	    "key4.db sits beside it: "
	    "readable by whoever reads the profile unless a primary password "
	    "is set (not checked)" :
	    "no key4.db beside it";
	ca_wipe(key.buf, key.len);
	strbuf_release(&key);

	scopes = arena_zalloc(ca_scratch(ctx), (t.nrows + 1) * sizeof(*scopes));
	for (i = 0; i < t.nrows; i++) {
		const struct btally_row *r = &t.rows[i];
		if ((int)r->svc->tier > tier)
			tier = (int)r->svc->tier;
		scopes[i] = arena_printf(ca_scratch(ctx),
		    "%s (%s, %s): %" PRIu64 " saved login%s", r->svc->domain,
		    r->svc->label, ca_tier_name(r->svc->tier), r->live,
		    r->live == 1 ? "" : "s");
	}
	memset(&fd, 0, sizeof(fd));
	fd.rule = "firefox.saved-logins";
	fd.kind = "browser-saved-logins";
	fd.ref = arena_printf(ca_scratch(ctx), "browser-logins:%s", f->path);
	fd.identity = arena_printf(ca_scratch(ctx), "%s profile %s", browser,
	    profile_name(ctx, dir));
	fd.standing = 1;
	fd.scopes = scopes;
	fd.tier = tier;
	fd.detail = arena_printf(ca_scratch(ctx),
	    "%s saved logins: %" PRIu64 " for %" PRIu64
	    " origins, %zu high-value service%s; %s",
	    browser, entries, origins, t.nrows, t.nrows == 1 ? "" : "s",
	    keynote);
	ca_emit(ctx, &fd);
}

static int
firefox_scan(struct ca_ctx *ctx, const struct ca_file *f)
{
	if (!strcmp(f->name, "cookies.sqlite"))
		scan_cookies(ctx, f);
	else if (!strcmp(f->name, "logins.json"))
		scan_logins(ctx, f);
	return 0;
}

/* clang-format off */
static const char *const firefox_claims[] = {
	"**/.mozilla/**/cookies.sqlite",
	"**/.mozilla/**/logins.json",
	"**/.librewolf/**/cookies.sqlite",
	"**/.librewolf/**/logins.json",
	"**/Library/Application Support/Firefox/Profiles/*/cookies.sqlite",
	"**/Library/Application Support/Firefox/Profiles/*/logins.json",
	"**/Library/Application Support/LibreWolf/Profiles/*/cookies.sqlite",
	"**/Library/Application Support/LibreWolf/Profiles/*/logins.json",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc firefox_rules[] = {
	{ "firefox.cookies", "browser-cookie-store",
	  "Firefox or LibreWolf cookie store (cookies.sqlite): live sessions "
	  "per high-value service and expiry; values are unencrypted" },
	{ "firefox.saved-logins", "browser-saved-logins",
	  "Firefox or LibreWolf saved logins (logins.json, key4.db): origins "
	  "counted, encrypted fields never read" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_firefox = {
	.name = "firefox",
	.surface = "browser",
	.summary = "Firefox and LibreWolf cookie stores and saved logins "
	           "(metadata only)",
	.version = 1,
	.claims = firefox_claims,
	.rules = firefox_rules,
	.scan_file = firefox_scan,
};
