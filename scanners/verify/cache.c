/* cache.c - --verify-ttl over the --db inventory; see cache.h.
 *
 * The queries read the inventory's own tables (credentials, observations,
 * scans, scopes; credatlas-db(5)): the newest observation of the
 * fingerprint whose verification said live or revoked, provided the
 * credential was verified since the cut-off, and the scopes recorded with
 * that observation. */
#include "lib/compat.h"
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>
#include "lib/log.h"
#include "lib/xalloc.h"
#include "report/formats/sqlite.h"
#include "scanners/verify/cache.h"
#include "lib/banned.h"

struct ca_verify_cache {
	struct ca_db *db;
	sqlite3_stmt *find, *scopes;
	int64_t since; /* answers from this Unix time on */
	/* what the last lookup handed out, freed by the next one */
	char *identity, *expires, **scopes_v;
	size_t nscopes;
};

/* clang-format off */
static const char find_sql[] =
	"SELECT o.verified, o.identity, o.expires, o.tier, o.tier_evidence,\n"
	"    o.scan_id, o.credential_id, c.verified\n"
	"FROM credentials c\n"
	"JOIN observations o ON o.credential_id = c.id\n"
	"JOIN scans s ON s.id = o.scan_id\n"
	"WHERE c.fingerprint = ?1 AND c.verified >= ?2\n"
	"  AND o.verified IN ('live', 'revoked')\n"
	"ORDER BY s.started DESC, s.id DESC LIMIT 1";
/* clang-format on */
static const char scopes_sql[] =
    "SELECT scope FROM scopes WHERE scan_id = ?1 AND credential_id = ?2\n"
    "ORDER BY id";

/* Frees what the last lookup handed out; 'vc' is borrowed. */
static void
cache_clear(struct ca_verify_cache *vc)
{
	free(vc->identity);
	free(vc->expires);
	for (size_t i = 0; i < vc->nscopes; i++)
		free(vc->scopes_v[i]);
	free(vc->scopes_v);
	vc->identity = vc->expires = NULL;
	vc->scopes_v = NULL;
	vc->nscopes = 0;
}

/* Returns an owned copy of column 'i' of 'st' (borrowed), or NULL when it
 * is NULL. */
static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

bool
ca_verify_cache_lookup(void *arg, const char *id, struct ca_verification *out)
{
	struct ca_verify_cache *vc = arg;
	const char *ev;
	bool hit = false;

	cache_clear(vc);
	sqlite3_reset(vc->find);
	if (sqlite3_bind_text(vc->find, 1, id, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(vc->find, 2, vc->since) ||
	    sqlite3_step(vc->find) != SQLITE_ROW)
		return false;
	ev = (const char *)sqlite3_column_text(vc->find, 0);
	out->verified = ev && !strcmp(ev, "live") ? CA_VERIFIED_LIVE :
	                                            CA_VERIFIED_REVOKED;
	vc->identity = col_dup(vc->find, 1);
	vc->expires = col_dup(vc->find, 2);
	ev = (const char *)sqlite3_column_text(vc->find, 4);
	out->tier = ev && !strcmp(ev, CA_EVIDENCE_VERIFIED) &&
	        sqlite3_column_text(vc->find, 3) ?
	    ca_tier_parse((const char *)sqlite3_column_text(vc->find, 3)) :
	    -1;
	out->at = sqlite3_column_int64(vc->find, 7);
	sqlite3_reset(vc->scopes);
	if (!sqlite3_bind_int64(vc->scopes, 1,
	        sqlite3_column_int64(vc->find, 5)) &&
	    !sqlite3_bind_int64(vc->scopes, 2,
	        sqlite3_column_int64(vc->find, 6))) {
		while (sqlite3_step(vc->scopes) == SQLITE_ROW) {
			vc->scopes_v = xrealloc(vc->scopes_v,
			    (vc->nscopes + 1) * sizeof(*vc->scopes_v));
			vc->scopes_v[vc->nscopes++] = col_dup(vc->scopes, 0);
		}
		hit = true;
	}
	out->identity = vc->identity;
	out->expires = vc->expires;
	out->scopes = (const char *const *)vc->scopes_v;
	out->nscopes = vc->nscopes;
	sqlite3_reset(vc->find);
	return hit;
}

void
ca_verify_cache_free(struct ca_verify_cache *vc)
{
	if (!vc)
		return;
	cache_clear(vc);
	sqlite3_finalize(vc->find);
	sqlite3_finalize(vc->scopes);
	ca_db_close(vc->db);
	free(vc);
}

int
ca_verify_cache_open(const char *path, int64_t ttl,
    struct ca_verify_cache **out)
{
	struct ca_verify_cache *vc;
	sqlite3 *h;

	*out = NULL;
	if (access(path, F_OK) != 0)
		return 0;
	vc = xcalloc(1, sizeof(*vc));
	if (ca_db_open(path, CA_DB_WRITE, &vc->db) < 0) {
		free(vc);
		return -1;
	}
	h = ca_db_handle(vc->db);
	if (sqlite3_prepare_v2(h, find_sql, -1, &vc->find, NULL) ||
	    sqlite3_prepare_v2(h, scopes_sql, -1, &vc->scopes, NULL)) {
		ca_error("cannot read earlier answers from '%s': %s", path,
		    sqlite3_errmsg(h));
		ca_verify_cache_free(vc);
		return -1;
	}
	vc->since = (int64_t)time(NULL) - ttl;
	*out = vc;
	return 0;
}
