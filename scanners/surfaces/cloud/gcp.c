/* gcp.c - Google Cloud CLI and client-library credentials:
 *
 * ~/.config/gcloud (or $CLOUDSDK_CONFIG, through gcp_env.c):
 *  - credentials.db, SQLite: credentials(account_id, value), value being
 *    JSON whose "type" says what it is: authorized_user (a user's refresh
 *    token), service_account and service_account_p12 (a private key),
 *    external_account (federation: no secret here), and more;
 *  - access_tokens.db, SQLite: access_tokens(account_id, access_token,
 *    token_expiry, rapt_token[, id_token]), token_expiry a naive-UTC
 *    "YYYY-MM-DD HH:MM:SS[.ffffff]"; the id_token JWT names the account;
 *  - application_default_credentials.json and legacy_credentials/<account>/
 *    {adc.json, .boto}: ADC JSON of any type, impersonated_service_account
 *    included (the target is named by service_account_impersonation_url;
 *    source_credentials is read as ADC in turn);
 *  - configurations/config_<name> with active_config: the account and
 *    project of each configuration; [auth] impersonate_service_account is
 *    a delegation, credential_file_override points at a key file.
 * Service-account key JSON at the usual names anywhere in the tree
 * (*-<12 hex>.json, *service-account*.json, *-sa.json, *sa-key*.json,
 * credentials.json);
 * the content rule gcp.service-account catches other names.
 *
 * SQLite files are never opened from disk: the bytes the walker read are
 * served, read-only and without a copy, by a private VFS (memro below),
 * so a running gcloud is neither locked nor written, and a store costs
 * its bytes once plus SQLite's small page cache. Rows are read one at a
 * time, and what a row needs lives in an arena reset after it, so memory
 * does not grow with the number of rows. Views and triggers are
 * off, the schema is untrusted, limits are small and a progress handler
 * bounds the work, so a hostile file costs little. Rows still only in a
 * -wal file are missed; that is said in the detail when one exists. */
#include "lib/compat.h"
#include <jansson.h>
#include <pthread.h>
#include <sqlite3.h>
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/secret.h"
#include "scanners/rules/rules.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/surfaces/cloud/gcp.h"

#define MAX_SECRET (64u << 10) /* a PEM key is ~1.7 KB, a P12 ~3 KB */
/* A gcloud store holds one row per account: a store with more is built
 * to flood the inventory, whose memory grows with every credential. */
#define MAX_ROWS  10000
#define MAX_DEPTH 4     /* source_credentials nesting */
#define MAX_TICKS 20000 /* progress callbacks of 1000 VM steps */
#define MAX_JWT   (16u << 10)

/* Where a credential JSON came from. */
struct gsrc {
	const char *label;   /* "credentials.db", "ADC file", ... */
	const char *account; /* the account it is stored under, or NULL */
	const char *anchor;  /* anchor when no account is known */
	unsigned int line;   /* 0: not applicable */
	unsigned int depth;
	const char *text; /* the JSON text, for the raw secret bytes */
	size_t text_len;
	bool lines; /* 'text' is the whole file: lines count */
};

struct gctx {
	struct ca_ctx *ctx;
	const char *path; /* NULL: the scanned file */
	const char *home;
	const char *gdir;   /* the gcloud directory, or NULL */
	const char *note;   /* appended to details ("" or "; ...") */
	bool quiet;         /* not known to be a credential file */
	const char *prefix; /* of rule ids: "gcp" or "gcp_env" */
	/* the active configuration */
	bool active_loaded;
	const char *active_name, *active_account, *active_project;
	struct arena *row; /* per database row, or NULL */
};

static void cred_json(struct gctx *g, const json_t *o, const struct gsrc *src);

/* ---- small helpers --------------------------------------------------- */

/* The row arena while a database row is read (reset after each row),
 * else the file's scratch. */
static struct arena *
scratch(const struct gctx *g)
{
	return g->row ? g->row : ca_scratch(g->ctx);
}

static const char *
rule(const struct gctx *g, const char *name)
{
	return arena_printf(scratch(g), "%s.%s", g->prefix, name);
}

static const char *
pr(const struct gctx *g, const char *s, size_t len, size_t max)
{
	return ca_printable_cut(scratch(g), s, len, max);
}

static const char *
account_anchor(const struct gctx *g, const char *email)
{
	return arena_printf(scratch(g), "%s%s:%s", CA_GCP_ACCOUNT_ANCHOR,
	    ck_home(g->home), email);
}

/* gcloud's "formatted account id" is the email, with "#<universe>" when
 * the universe is not googleapis.com. Returns the email, printable. */
static const char *
account_email(const struct gctx *g, const char *id, size_t len)
{
	const char *hash = memchr(id, '#', len);

	return pr(g, id, hash ? (size_t)(hash - id) : len, 256);
}

/* Reads a whole file of the target into 'sb' (owned by the caller, who
 * wipes and releases it). Returns 0 or -errno. */
static int
read_other(struct gctx *g, const char *path, struct strbuf *sb)
{
	strbuf_init(sb, (64u << 20) + 1);
	return ca_read_file(g->ctx, path, sb);
}

static void
release_other(struct strbuf *sb)
{
	ca_wipe(sb->buf, sb->len);
	strbuf_release(sb);
}

/* Loads the active configuration's account and project, once. */
static void load_active(struct gctx *g);

/* "alice@example.com (project p)" for the active account. */
static const char *
with_project(struct gctx *g, const char *email)
{
	load_active(g);
	if (g->active_account && g->active_project &&
	    !strcmp(g->active_account, email))
		return arena_printf(scratch(g), "%s (project %s)", email,
		    g->active_project);
	return email;
}

static const char *
active_note(struct gctx *g, const char *email)
{
	load_active(g);
	if (g->active_account && !strcmp(g->active_account, email))
		return arena_printf(scratch(g),
		    "; the account of the active "
		    "gcloud configuration '%s'",
		    g->active_name);
	return "";
}

/* The scopes of a credential: a JSON list or a space-separated string. */
static const char *const *
json_scopes(struct gctx *g, const json_t *o)
{
	json_t *v = json_object_get(o, "scopes");
	const char **list;
	size_t n = 0, i;
	json_t *x;

	if (json_is_string(v)) {
		const char *p = json_string_value(v);
		const char *e = p + json_string_length(v);
		list = arena_zalloc(scratch(g), 65 * sizeof(*list));
		while (p < e && n < 64) {
			const char *w;
			while (p < e && (*p == ' ' || *p == ','))
				p++;
			w = p;
			while (p < e && *p != ' ' && *p != ',')
				p++;
			if (p > w)
				list[n++] = pr(g, w, (size_t)(p - w), 256);
		}
		return n ? list : NULL;
	}
	if (!json_is_array(v))
		return NULL;
	list = arena_zalloc(scratch(g), 65 * sizeof(*list));
	json_array_foreach(v, i, x)
	{
		if (n == 64)
			break;
		if (json_is_string(x) && json_string_length(x))
			list[n++] = pr(g, json_string_value(x),
			    json_string_length(x), 256);
	}
	return n ? list : NULL;
}

/* The service account in ".../serviceAccounts/<email>:generateAccessToken". */
static const char *
impersonation_target(struct gctx *g, const char *url, size_t len)
{
	const char *p = memmem(url, len, "serviceAccounts/", 16);
	const char *e;

	if (!p)
		return NULL;
	p += 16;
	e = memchr(p, ':', len - (size_t)(p - url));
	if (!e)
		e = url + len;
	return e > p ? pr(g, p, (size_t)(e - p), 256) : NULL;
}

static const char *
sa_project(struct gctx *g, const json_t *o, const char *email)
{
	size_t n = 0;
	const char *p = ck_json_nonempty(o, "project_id", &n);
	const char *at, *dot;

	if (p)
		return pr(g, p, n, 128);
	if (!email)
		return NULL;
	at = strchr(email, '@');
	dot = at ? strstr(at, ".iam.gserviceaccount.com") : NULL;
	if (!dot || dot == at + 1)
		return NULL;
	return arena_strndup(scratch(g), at + 1, (size_t)(dot - at - 1));
}

/* ---- credential JSON ------------------------------------------------- */

static void
emit_secret(struct gctx *g, const struct gsrc *src, const char *rule,
    const char *kind, const char *secret, size_t len, const char *field,
    const char *identity, const char *anchor, const char *const *scopes,
    const char *detail)
{
	struct ca_finding f;

	if (ca_secret_unusable(secret, len))
		return;
	if (len > MAX_SECRET) {
		ca_warn(g->ctx, g->path,
		    "%s in %s is too long to be one (%zu "
		    "bytes)",
		    field, src->label, len);
		return;
	}
	memset(&f, 0, sizeof(f));
	f.secret = secret;
	f.secret_len = len;
	/* the bytes as written (a PEM key has "\n" escapes), as the content
	 * rules see them, so both sightings are one credential */
	if (src->text)
		ck_json_raw_span(src->text, src->text_len, field, secret, len,
		    &f.secret, &f.secret_len);
	f.rule = rule;
	f.kind = kind;
	f.path = g->path;
	f.line = src->line;
	if (src->text && src->lines && f.secret != secret)
		f.line = ca_line_of(src->text, src->text_len, f.secret,
		    f.secret_len);
	f.identity = identity;
	f.standing = -1;
	f.tier = -1;
	f.scopes = scopes;
	f.anchor = anchor;
	f.detail = arena_printf(scratch(g), "%s%s", detail, g->note);
	ca_emit(g->ctx, &f);
}

static void
user_json(struct gctx *g, const json_t *o, const struct gsrc *src,
    bool workforce)
{
	size_t tlen = 0, alen = 0, qlen = 0;
	const char *tok = ck_json_nonempty(o, "refresh_token", &tlen);
	const char *acct = src->account;
	const char *quota = ck_json_nonempty(o, "quota_project_id", &qlen);
	const char *a;

	if (!tok)
		return;
	if (!acct) {
		a = ck_json_nonempty(o, "account", &alen);
		if (a)
			acct = account_email(g, a, alen);
	}
	emit_secret(g, src, rule(g, "user-refresh-token"),
	    "gcp-user-refresh-token", tok, tlen, "refresh_token",
	    acct ? with_project(g, acct) : "Google user (account not recorded)",
	    acct ? account_anchor(g, acct) : src->anchor, json_scopes(g, o),
	    arena_printf(scratch(g), "%s refresh token in %s%s%s%s",
	        workforce ? "workforce identity federation user" :
	                    "Google user OAuth",
	        src->label, quota ? "; quota project " : "",
	        quota ? pr(g, quota, qlen, 128) : "",
	        acct ? active_note(g, acct) : ""));
}

static void
sa_json(struct gctx *g, const json_t *o, const struct gsrc *src, bool p12)
{
	size_t klen = 0, elen = 0, ilen = 0;
	const char *key = ck_json_nonempty(o, "private_key", &klen);
	const char *email = ck_json_nonempty(o, "client_email", &elen);
	const char *kid = ck_json_nonempty(o, "private_key_id", &ilen);
	const char *em, *project, *identity;

	if (!key)
		return;
	em = email ? pr(g, email, elen, 256) : src->account;
	project = sa_project(g, o, em);
	if (em && project)
		identity = arena_printf(scratch(g), "%s (project %s)", em,
		    project);
	else
		identity = em ? em : "Google service account (no client_email)";
	emit_secret(g, src, rule(g, "sa-key"), "gcp-service-account-key", key,
	    klen, "private_key", identity,
	    em ? account_anchor(g, em) : src->anchor, NULL,
	    arena_printf(scratch(g), "%sservice-account key%s%s in %s",
	        p12 ? "P12 " : "", kid ? " " : "",
	        kid ? pr(g, kid, ilen, 64) : "", src->label));
}

static void
external_json(struct gctx *g, const json_t *o, const struct gsrc *src)
{
	const json_t *cs = json_object_get(o, "credential_source");
	const json_t *exe = json_object_get(cs, "executable");
	size_t ulen = 0, alen = 0;
	const char *url = ck_json_nonempty(o,
	    "service_account_impersonation_url", &ulen);
	const char *aud = ck_json_nonempty(o, "audience", &alen);
	const char *target = url ? impersonation_target(g, url, ulen) : NULL;
	const char *from = "an unknown subject-token source";
	const char *file, *cmd, *env, *surl;
	size_t flen = 0, clen = 0, elen = 0, slen = 0;
	struct ca_finding f;

	file = ck_json_nonempty(cs, "file", &flen);
	cmd = ck_json_nonempty(exe, "command", &clen);
	env = ck_json_nonempty(cs, "environment_id", &elen);
	surl = ck_json_nonempty(cs, "url", &slen);
	if (file)
		from = arena_printf(scratch(g), "the token file %s",
		    pr(g, file, flen, 200));
	else if (cmd)
		from = arena_printf(scratch(g), "the command %s",
		    ck_mask_command(g->ctx, cmd, clen, 120));
	else if (env && elen >= 3 && !strncasecmp(env, "aws", 3))
		from = "the AWS credentials of the environment";
	else if (surl)
		from = arena_printf(scratch(g), "the URL %s",
		    pr(g, surl, slen, 200));
	memset(&f, 0, sizeof(f));
	f.rule = rule(g, "external-account");
	f.kind = "gcp-external-account";
	f.path = g->path;
	f.line = src->line;
	f.ref = arena_printf(scratch(g), "gcp-external-account:%s:%s:%s",
	    ck_home(g->home), src->account ? src->account : src->label,
	    aud ? pr(g, aud, alen, 512) : "");
	f.identity = target ? target :
	    aud             ? pr(g, aud, alen, 256) :
	                      "Google federated identity (no audience)";
	f.standing = -1;
	f.tier = -1;
	f.anchor = src->account ? account_anchor(g, src->account) : src->anchor;
	f.detail = arena_printf(scratch(g),
	    "identity federation in %s: "
	    "exchanges a token from %s%s%s%s",
	    src->label, from, target ? " and impersonates " : "",
	    target ? target : "", g->note);
	ca_emit(g->ctx, &f);
}

static void
impersonated_json(struct gctx *g, const json_t *o, const struct gsrc *src)
{
	const json_t *source = json_object_get(o, "source_credentials");
	const json_t *delegates = json_object_get(o, "delegates");
	size_t ulen = 0;
	const char *url = ck_json_nonempty(o,
	    "service_account_impersonation_url", &ulen);
	const char *target = url ? impersonation_target(g, url, ulen) : NULL;
	struct gsrc inner = *src;
	struct ca_finding f;

	inner.anchor = arena_printf(scratch(g), "gcloud-adc:%s:%s:source%u",
	    ck_home(g->home), g->path ? g->path : src->label, src->depth);
	inner.account = NULL;
	inner.depth = src->depth + 1;
	inner.label = arena_printf(scratch(g), "the source_credentials of %s",
	    src->label);
	memset(&f, 0, sizeof(f));
	f.rule = rule(g, "impersonation");
	f.kind = "gcp-impersonation";
	f.path = g->path;
	f.line = src->line;
	f.ref = arena_printf(scratch(g), "gcp-impersonation:%s:%s:%u:%s",
	    ck_home(g->home), g->path ? g->path : src->label, src->depth,
	    target ? target : "");
	f.identity = target ? target : "unknown service account";
	f.standing = -1;
	f.tier = -1;
	f.anchor = src->account ? account_anchor(g, src->account) : src->anchor;
	if (json_is_object(source))
		f.link = inner.anchor;
	f.detail = arena_printf(scratch(g),
	    "%s impersonates %s with its "
	    "source credentials%s%s",
	    src->label, f.identity,
	    json_array_size(delegates) ? " through a delegation chain" : "",
	    g->note);
	ca_emit(g->ctx, &f);
	if (json_is_object(source))
		cred_json(g, source, &inner);
}

static void
cred_json(struct gctx *g, const json_t *o, const struct gsrc *src)
{
	size_t n = 0;
	const char *type = ck_json_nonempty(o, "type", &n);

	if (!type || src->depth > MAX_DEPTH)
		return;
	if (ca_ieq(type, n, "authorized_user"))
		user_json(g, o, src, false);
	else if (ca_ieq(type, n, "external_account_authorized_user"))
		user_json(g, o, src, true);
	else if (ca_ieq(type, n, "service_account"))
		sa_json(g, o, src, false);
	else if (ca_ieq(type, n, "service_account_p12"))
		sa_json(g, o, src, true);
	else if (ca_ieq(type, n, "external_account"))
		external_json(g, o, src);
	else if (ca_ieq(type, n, "impersonated_service_account"))
		impersonated_json(g, o, src);
	/* gce, devshell and unknown types hold no secret */
}

/* Parses credential JSON bytes; 'quiet' when the name alone does not say
 * it is one (credentials.json may be anything). */
static void
json_bytes(struct gctx *g, const char *data, size_t len, const struct gsrc *src,
    bool file)
{
	struct gsrc s = *src;
	json_t *doc;
	int line;

	doc = ck_json_load(data, len, &line);
	if (!doc) {
		if (!g->quiet || memmem(data, len, "service_account", 15) ||
		    memmem(data, len, "private_key", 11))
			ca_warn(g->ctx, g->path,
			    "invalid JSON at line %d in %s", line, src->label);
		return;
	}
	s.text = data;
	s.text_len = len;
	s.lines = file;
	if (json_is_object(doc))
		cred_json(g, doc, &s);
	else if (!g->quiet)
		ca_warn(g->ctx, g->path, "%s is not a JSON object", src->label);
	ck_json_free(doc);
}

/* ---- configurations -------------------------------------------------- */

struct conf {
	struct gctx *g;
	const char *account, *project, *impersonate, *override;
	size_t ilen, olen;
	unsigned int iline, oline;
};

static int
on_conf(void *arg, const struct ck_ini_item *it)
{
	struct conf *c = arg;

	if (!it->section || it->parent)
		return 0;
	if (ca_ieq(it->section, it->section_len, "core")) {
		if (ca_ieq(it->key, it->key_len, "account") && it->val_len)
			c->account = account_email(c->g, it->val, it->val_len);
		else if (ca_ieq(it->key, it->key_len, "project") && it->val_len)
			c->project = pr(c->g, it->val, it->val_len, 128);
	} else if (ca_ieq(it->section, it->section_len, "auth")) {
		if (ca_ieq(it->key, it->key_len,
		        "impersonate_service_account")) {
			c->impersonate = it->val;
			c->ilen = it->val_len;
			c->iline = it->line;
		} else if (ca_ieq(it->key, it->key_len,
		               "credential_file_override")) {
			c->override = it->val;
			c->olen = it->val_len;
			c->oline = it->line;
		}
	}
	return 0;
}

static void
conf_parse(struct gctx *g, const char *data, size_t len, struct conf *c)
{
	struct ck_ini_status st;

	memset(c, 0, sizeof(*c));
	c->g = g;
	ck_ini_parse(data, len, on_conf, c, &st);
}

static void
load_active(struct gctx *g)
{
	struct strbuf sb;
	const char *name = "default", *p;
	struct conf c;
	size_t n;

	if (g->active_loaded || !g->gdir)
		return;
	g->active_loaded = true;
	if (read_other(g, arena_printf(scratch(g), "%s/active_config", g->gdir),
	        &sb) == 0) {
		p = sb.buf;
		n = sb.len;
		while (n &&
		    (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		while (n && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		if (n && n < 256 && !memchr(p, '/', n))
			name = pr(g, p, n, 255);
	}
	release_other(&sb);
	g->active_name = name;
	if (read_other(g,
	        arena_printf(scratch(g), "%s/configurations/config_%s", g->gdir,
	            name),
	        &sb) == 0) {
		conf_parse(g, sb.buf, sb.len, &c);
		g->active_account = c.account;
		g->active_project = c.project;
	}
	release_other(&sb);
}

static void
conf_scan(struct gctx *g, const char *name, const char *data, size_t len)
{
	struct conf c;
	const char *sa, *last, *comma;
	bool active;
	struct ca_finding f;

	conf_parse(g, data, len, &c);
	load_active(g);
	active = g->active_name && !strcmp(g->active_name, name);
	if (c.impersonate && c.ilen) {
		sa = pr(g, c.impersonate, c.ilen, 512);
		comma = strrchr(sa, ',');
		last = comma ? comma + 1 : sa;
		while (*last == ' ')
			last++;
		memset(&f, 0, sizeof(f));
		f.rule = rule(g, "impersonation");
		f.kind = "gcp-impersonation";
		f.path = g->path;
		f.line = c.iline;
		f.ref = arena_printf(scratch(g),
		    "gcp-impersonation:%s:config:%s", ck_home(g->home), name);
		f.identity = last;
		f.standing = -1;
		f.tier = -1;
		if (c.account)
			f.link = account_anchor(g, c.account);
		f.detail = arena_printf(scratch(g),
		    "gcloud configuration '%s'%s "
		    "impersonates %s%s%s%s%s%s",
		    name, active ? " (active)" : "", last,
		    c.account ? " as " : "", c.account ? c.account : "",
		    comma ? " through a delegation chain" : "",
		    c.project ? "; project " : "", c.project ? c.project : "");
		ca_emit(g->ctx, &f);
	}
	if (c.override && c.olen) {
		const char *op = pr(g, c.override, c.olen, 1024);
		const char *target = ca_resolve_path(g->ctx, op, g->home,
		    g->gdir ? g->gdir : "/");
		if (target)
			ca_gcp_scan_json_path(g->ctx, g->prefix, target,
			    g->home);
	}
}

/* ---- SQLite ---------------------------------------------------------- */

/* memro: a read-only SQLite VFS over bytes already in memory, after
 * ext/misc/memvfs.c. The bytes are borrowed, never copied and never
 * written; a database opens as "file:gcp?ptr=0x...&sz=N&immutable=1", so
 * there is no journal, WAL or lock to look for. A WAL-mode header (bytes
 * 18 and 19 set to 2) would make SQLite look for a -wal file: reads patch
 * them to 1 (rollback journal) on the way out. */

struct memro_file {
	sqlite3_file base;
	const unsigned char *data;
	sqlite3_int64 len;
};

static int
memro_close(sqlite3_file *f CA_UNUSED)
{
	return SQLITE_OK;
}

static int
memro_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	struct memro_file *m = (struct memro_file *)f;
	sqlite3_int64 avail;

	if (n < 0 || off < 0)
		return SQLITE_IOERR_READ;
	avail = off < m->len ? m->len - off : 0;
	if (avail > n)
		avail = n;
	if (avail > 0)
		memcpy(buf, m->data + off, (size_t)avail);
	for (int i = 18; i <= 19; i++)
		if (off <= i && i < off + avail &&
		    ((unsigned char *)buf)[i - off] == 2)
			((unsigned char *)buf)[i - off] = 1;
	if (avail < n) {
		memset((char *)buf + avail, 0, (size_t)(n - avail));
		return SQLITE_IOERR_SHORT_READ;
	}
	return SQLITE_OK;
}

static int
memro_write(sqlite3_file *f CA_UNUSED, const void *buf CA_UNUSED,
    int n CA_UNUSED, sqlite3_int64 off CA_UNUSED)
{
	return SQLITE_READONLY;
}

static int
memro_truncate(sqlite3_file *f CA_UNUSED, sqlite3_int64 size CA_UNUSED)
{
	return SQLITE_READONLY;
}

static int
memro_sync(sqlite3_file *f CA_UNUSED, int flags CA_UNUSED)
{
	return SQLITE_OK;
}

static int
memro_size(sqlite3_file *f, sqlite3_int64 *size)
{
	*size = ((struct memro_file *)f)->len;
	return SQLITE_OK;
}

static int
memro_lock(sqlite3_file *f CA_UNUSED, int level CA_UNUSED)
{
	return SQLITE_OK;
}

static int
memro_reserved(sqlite3_file *f CA_UNUSED, int *out)
{
	*out = 0;
	return SQLITE_OK;
}

static int
memro_control(sqlite3_file *f CA_UNUSED, int op CA_UNUSED, void *arg CA_UNUSED)
{
	return SQLITE_NOTFOUND;
}

static int
memro_sector(sqlite3_file *f CA_UNUSED)
{
	return 4096;
}

static int
memro_caps(sqlite3_file *f CA_UNUSED)
{
	return SQLITE_IOCAP_IMMUTABLE;
}

/* Pages past the header are handed out in place (memory-mapped I/O, see
 * gdb_open), so SQLite keeps no copy of them in its page cache: a row's
 * secret exists in the file's buffer, which the core wipes, and in the
 * value col_wipe() clears. Page 1 goes through memro_read for the patched
 * header. */
static int
memro_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **out)
{
	struct memro_file *m = (struct memro_file *)f;

	*out = NULL;
	if (off >= 100 && n > 0 && off <= m->len - n)
		*out = (void *)(uintptr_t)(m->data + off);
	return SQLITE_OK;
}

static int
memro_unfetch(sqlite3_file *f CA_UNUSED, sqlite3_int64 off CA_UNUSED,
    void *p CA_UNUSED)
{
	return SQLITE_OK;
}

static const sqlite3_io_methods memro_io = {
	.iVersion = 3,
	.xClose = memro_close,
	.xRead = memro_read,
	.xWrite = memro_write,
	.xTruncate = memro_truncate,
	.xSync = memro_sync,
	.xFileSize = memro_size,
	.xLock = memro_lock,
	.xUnlock = memro_lock,
	.xCheckReservedLock = memro_reserved,
	.xFileControl = memro_control,
	.xSectorSize = memro_sector,
	.xDeviceCharacteristics = memro_caps,
	.xFetch = memro_fetch,
	.xUnfetch = memro_unfetch,
};

/* Opens only the main database named by the URI's ptr and sz; anything
 * else (a journal, a temporary file) is refused. 'name' is borrowed. */
static int
memro_open(sqlite3_vfs *vfs CA_UNUSED, const char *name, sqlite3_file *f,
    int flags, int *out_flags)
{
	struct memro_file *m = (struct memro_file *)f;
	const char *ptr, *sz;
	unsigned long long p;
	long long n;
	char *end;

	memset(m, 0, sizeof(*m));
	if (!name || !(flags & SQLITE_OPEN_MAIN_DB) ||
	    (flags & (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)))
		return SQLITE_CANTOPEN;
	ptr = sqlite3_uri_parameter(name, "ptr");
	sz = sqlite3_uri_parameter(name, "sz");
	if (!ptr || !sz)
		return SQLITE_CANTOPEN;
	errno = 0;
	p = strtoull(ptr, &end, 16);
	if (errno || *end || !p)
		return SQLITE_CANTOPEN;
	n = strtoll(sz, &end, 10);
	if (errno || *end || n < 0)
		return SQLITE_CANTOPEN;
	m->data = (const unsigned char *)(uintptr_t)p;
	m->len = n;
	m->base.pMethods = &memro_io;
	if (out_flags)
		*out_flags = SQLITE_OPEN_READONLY;
	return SQLITE_OK;
}

static int
memro_delete(sqlite3_vfs *vfs CA_UNUSED, const char *name CA_UNUSED,
    int sync CA_UNUSED)
{
	return SQLITE_IOERR_DELETE;
}

static int
memro_access(sqlite3_vfs *vfs CA_UNUSED, const char *name CA_UNUSED,
    int flags CA_UNUSED, int *out)
{
	*out = 0; /* no -journal, no -wal: nothing exists beside it */
	return SQLITE_OK;
}

static int
memro_fullname(sqlite3_vfs *vfs CA_UNUSED, const char *name, int n, char *out)
{
	sqlite3_snprintf(n, out, "%s", name);
	return SQLITE_OK;
}

/* Randomness, sleep and time come from the default VFS. */
static int
memro_random(sqlite3_vfs *vfs CA_UNUSED, int n, char *out)
{
	sqlite3_vfs *d = sqlite3_vfs_find(NULL);

	return d->xRandomness(d, n, out);
}

static int
memro_sleep(sqlite3_vfs *vfs CA_UNUSED, int us)
{
	sqlite3_vfs *d = sqlite3_vfs_find(NULL);

	return d->xSleep(d, us);
}

static int
memro_time(sqlite3_vfs *vfs CA_UNUSED, double *out)
{
	sqlite3_vfs *d = sqlite3_vfs_find(NULL);

	return d->xCurrentTime(d, out);
}

static sqlite3_vfs memro_vfs = {
	.iVersion = 1,
	.szOsFile = sizeof(struct memro_file),
	.mxPathname = 512,
	.zName = "credatlas-memro",
	.xOpen = memro_open,
	.xDelete = memro_delete,
	.xAccess = memro_access,
	.xFullPathname = memro_fullname,
	.xRandomness = memro_random,
	.xSleep = memro_sleep,
	.xCurrentTime = memro_time,
};

static pthread_once_t memro_once = PTHREAD_ONCE_INIT;
static int memro_rc = SQLITE_ERROR;

static void
memro_register(void)
{
	memro_rc = sqlite3_vfs_register(&memro_vfs, 0);
}

struct gdb {
	sqlite3 *db;
	unsigned int ticks;
};

static int
gdb_progress(void *arg)
{
	struct gdb *d = arg;

	return ++d->ticks > MAX_TICKS;
}

static void
gdb_close(struct gdb *d)
{
	if (d->db)
		sqlite3_close(d->db);
	memset(d, 0, sizeof(*d));
}

/* Opens the bytes (borrowed; they must outlive the connection) read-only
 * through memro. Returns 0, or -1 after a warning. */
static int
gdb_open(struct gctx *g, const char *data, size_t len, const char *what,
    struct gdb *d)
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
	char uri[128];
	int rc;

	memset(d, 0, sizeof(*d));
	if (len < 100 || memcmp(data, "SQLite format 3", 16)) {
		ca_warn(g->ctx, g->path,
		    "%s is not a SQLite database (encrypted "
		    "or corrupt)",
		    what);
		return -1;
	}
	pthread_once(&memro_once, memro_register);
	if (memro_rc != SQLITE_OK) {
		ca_warn(g->ctx, g->path, "cannot open %s: %s", what,
		    sqlite3_errstr(memro_rc));
		return -1;
	}
	snprintf(uri, sizeof(uri), "file:gcp?ptr=0x%llx&sz=%llu&immutable=1",
	    (unsigned long long)(uintptr_t)data, (unsigned long long)len);
	rc = sqlite3_open_v2(uri, &d->db,
	    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
	    memro_vfs.zName);
	if (rc != SQLITE_OK) {
		ca_warn(g->ctx, g->path, "cannot open %s: %s", what,
		    sqlite3_errstr(rc));
		gdb_close(d);
		return -1;
	}
	for (size_t i = 0; i < CA_ARRAY_SIZE(limits); i++)
		sqlite3_limit(d->db, limits[i][0], limits[i][1]);
	sqlite3_db_config(d->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(d->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(d->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(d->db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	sqlite3_progress_handler(d->db, 1000, gdb_progress, d);
	/* Sorting or grouping would spill to memory, never to a file; pages
	 * are read in place (memro_fetch). */
	sqlite3_exec(d->db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
	snprintf(uri, sizeof(uri), "PRAGMA mmap_size = %llu",
	    (unsigned long long)len);
	sqlite3_exec(d->db, uri, NULL, NULL, NULL);
	return 0;
}

/* Reports SQLite's view of a failure: the generic text of the code only,
 * since messages may quote the (hostile) schema. */
static void
gdb_warn(struct gctx *g, struct gdb *d, const char *what, int rc)
{
	if (d->ticks > MAX_TICKS)
		ca_warn(g->ctx, g->path,
		    "cannot read %s: too much work, "
		    "stopped",
		    what);
	else
		ca_warn(g->ctx, g->path, "cannot read %s: %s", what,
		    sqlite3_errstr(rc));
}

/* Sets have[i] for each column of 'table' named in 'want'. Returns the
 * number of columns the table has (0: no such table), or -1 after a
 * warning. */
static int
gdb_columns(struct gctx *g, struct gdb *d, const char *what, const char *table,
    const char *const *want, bool *have)
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
		gdb_warn(g, d, what, rc);
		return -1;
	}
	return n;
}

static const char *
col_text(sqlite3_stmt *st, int i, size_t *len)
{
	const char *s;
	int t = sqlite3_column_type(st, i);

	*len = 0;
	if (t != SQLITE_TEXT && t != SQLITE_BLOB)
		return NULL;
	s = t == SQLITE_TEXT ? (const char *)sqlite3_column_text(st, i) :
	                       (const char *)sqlite3_column_blob(st, i);
	*len = (size_t)sqlite3_column_bytes(st, i);
	return s && *len ? s : NULL;
}

/* Wipes a value SQLite handed out before the next step reuses it. */
static void
col_wipe(sqlite3_stmt *st, int i)
{
	size_t n;
	const char *s = col_text(st, i, &n);

	if (s)
		ca_wipe((char *)s, n);
}

/* Starts reading rows: the active configuration is loaded first, into
 * the file's scratch, since every row may look at it. */
static void
rows_begin(struct gctx *g)
{
	load_active(g);
	g->row = arena_new(16 * 1024);
}

static void
rows_end(struct gctx *g)
{
	arena_wipe_reset(g->row);
	arena_free(g->row);
	g->row = NULL;
}

static void
creds_db(struct gctx *g, const char *data, size_t len)
{
	static const char *const want[] = { "account_id", "value", NULL };
	bool have[2] = { false, false };
	const char *what = "credentials.db";
	sqlite3_stmt *st = NULL;
	struct gdb d;
	int rc, n, rows = 0;

	if (gdb_open(g, data, len, what, &d) < 0)
		return;
	n = gdb_columns(g, &d, what, "credentials", want, have);
	if (n == 0)
		ca_warn(g->ctx, g->path,
		    "credentials.db has no credentials "
		    "table");
	else if (n > 0 && (!have[0] || !have[1]))
		ca_warn(g->ctx, g->path,
		    "credentials.db: the credentials table "
		    "lacks account_id or value");
	if (n <= 0 || !have[0] || !have[1]) {
		gdb_close(&d);
		return;
	}
	rc = sqlite3_prepare_v2(d.db,
	    "SELECT account_id, value FROM "
	    "\"credentials\"",
	    -1, &st, NULL);
	rows_begin(g);
	for (rc = rc == SQLITE_OK ? sqlite3_step(st) : rc; rc == SQLITE_ROW;
	     rc = sqlite3_step(st)) {
		size_t alen, vlen;
		const char *acct, *val;
		struct gsrc src;

		arena_wipe_reset(g->row);
		acct = col_text(st, 0, &alen);
		val = col_text(st, 1, &vlen);

		if (++rows > MAX_ROWS) {
			ca_warn(g->ctx, g->path,
			    "credentials.db: more than %d "
			    "rows; the rest are not read",
			    MAX_ROWS);
			rc = SQLITE_DONE;
			break;
		}
		if (!val)
			continue;
		memset(&src, 0, sizeof(src));
		src.account = acct ? account_email(g, acct, alen) : NULL;
		src.label = src.account ?
		    arena_printf(scratch(g),
		        "gcloud's credential store (account %s)", src.account) :
		    "gcloud's credential store";
		src.anchor = arena_printf(scratch(g), "gcloud-row:%s:%d",
		    ck_home(g->home), rows);
		json_bytes(g, val, vlen, &src, false);
		col_wipe(st, 1);
	}
	rows_end(g);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		gdb_warn(g, &d, what, rc);
	gdb_close(&d);
}

/* The "email" claim of a JWT, or NULL. */
static const char *
jwt_email(struct gctx *g, const char *tok, size_t len)
{
	const char *p = memchr(tok, '.', len), *e;
	unsigned char *buf;
	const char *email = NULL, *s;
	json_t *doc;
	size_t n = 0;
	int got, line;

	if (!p)
		return NULL;
	p++;
	e = memchr(p, '.', len - (size_t)(p - tok));
	if (!e || (size_t)(e - p) > MAX_JWT)
		return NULL;
	buf = arena_alloc(scratch(g), (size_t)(e - p) + 1);
	got = ca_base64_decode(p, (size_t)(e - p), buf, (size_t)(e - p));
	if (got <= 0)
		return NULL;
	doc = ck_json_load((const char *)buf, (size_t)got, &line);
	if (doc && (s = ck_json_nonempty(doc, "email", &n)))
		email = pr(g, s, n, 256);
	ck_json_free(doc);
	ca_wipe(buf, (size_t)got);
	return email;
}

static void
tokens_db(struct gctx *g, const char *data, size_t len)
{
	static const char *const want[] = {
		"account_id",
		"access_token",
		"token_expiry",
		"id_token",
		NULL,
	};
	bool have[4] = { false, false, false, false };
	const char *what = "access_tokens.db";
	sqlite3_stmt *st = NULL;
	struct gdb d;
	int rc, n, rows = 0;

	if (gdb_open(g, data, len, what, &d) < 0)
		return;
	n = gdb_columns(g, &d, what, "access_tokens", want, have);
	if (n == 0)
		ca_warn(g->ctx, g->path,
		    "access_tokens.db has no access_tokens "
		    "table");
	else if (n > 0 && (!have[0] || !have[1]))
		ca_warn(g->ctx, g->path,
		    "access_tokens.db: the access_tokens "
		    "table lacks account_id or access_token");
	if (n <= 0 || !have[0] || !have[1]) {
		gdb_close(&d);
		return;
	}
	rc = sqlite3_prepare_v2(d.db,
	    have[2] && have[3] ?
	        "SELECT account_id, access_token, token_expiry, id_token FROM "
	        "\"access_tokens\"" :
	        have[2] ?
	        "SELECT account_id, access_token, token_expiry, NULL FROM "
	        "\"access_tokens\"" :
	        have[3] ?
	        "SELECT account_id, access_token, NULL, id_token FROM "
	        "\"access_tokens\"" :
	        "SELECT account_id, access_token, NULL, NULL FROM "
	        "\"access_tokens\"",
	    -1, &st, NULL);
	rows_begin(g);
	for (rc = rc == SQLITE_OK ? sqlite3_step(st) : rc; rc == SQLITE_ROW;
	     rc = sqlite3_step(st)) {
		size_t alen, tlen, elen, ilen;
		const char *acct, *tok, *exp, *idt;
		const char *email = NULL, *expires = NULL;
		struct ca_finding f;

		arena_wipe_reset(g->row);
		acct = col_text(st, 0, &alen);
		tok = col_text(st, 1, &tlen);
		exp = col_text(st, 2, &elen);
		idt = col_text(st, 3, &ilen);

		if (++rows > MAX_ROWS) {
			ca_warn(g->ctx, g->path,
			    "access_tokens.db: more than %d "
			    "rows; the rest are not read",
			    MAX_ROWS);
			rc = SQLITE_DONE;
			break;
		}
		if (!tok || ca_secret_unusable(tok, tlen))
			continue;
		if (tlen > MAX_SECRET) {
			ca_warn(g->ctx, g->path,
			    "access_token of row %d is too "
			    "long to be one",
			    rows);
			col_wipe(st, 1);
			continue;
		}
		if (idt)
			email = jwt_email(g, idt, ilen);
		if (!email && acct)
			email = account_email(g, acct, alen);
		if (exp) {
			expires = ck_time_rfc3339(g->ctx, exp, elen);
		} else if (sqlite3_column_type(st, 2) == SQLITE_INTEGER) {
			char num[24];
			int k = snprintf(num, sizeof(num), "%lld",
			    (long long)sqlite3_column_int64(st, 2));
			expires = ck_time_rfc3339(g->ctx, num, (size_t)k);
		}
		memset(&f, 0, sizeof(f));
		f.rule = rule(g, "access-token");
		f.kind = "gcp-access-token";
		f.path = g->path;
		f.secret = tok;
		f.secret_len = tlen;
		f.preview_prefix = tlen > 5 && !memcmp(tok, "ya29.", 5) ? 5 : 0;
		f.identity = email ? with_project(g, email) :
		                     "gcloud account (unnamed)";
		f.expires = expires;
		f.standing = 0;
		f.tier = -1;
		f.anchor = email ? account_anchor(g, email) : NULL;
		f.detail = arena_printf(scratch(g),
		    "OAuth access token cached by "
		    "gcloud%s%s%s",
		    expires ? "" : "; no readable expiry",
		    email ? active_note(g, email) : "", g->note);
		ca_emit(g->ctx, &f);
		col_wipe(st, 1);
	}
	rows_end(g);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		gdb_warn(g, &d, what, rc);
	gdb_close(&d);
}

/* ---- legacy .boto ---------------------------------------------------- */

struct boto {
	struct gctx *g;
	const struct gsrc *src;
};

static int
on_boto(void *arg, const struct ck_ini_item *it)
{
	struct boto *b = arg;
	struct gctx *g = b->g;
	const char *acct = b->src->account;
	struct gsrc src = *b->src;

	if (!it->section || it->parent ||
	    !ca_ieq(it->key, it->key_len, "gs_oauth2_refresh_token"))
		return 0;
	src.line = it->line;
	emit_secret(g, &src, rule(g, "user-refresh-token"),
	    "gcp-user-refresh-token", it->val, it->val_len,
	    "gs_oauth2_refresh_token",
	    acct ? with_project(g, acct) : "Google user (account not recorded)",
	    acct ? account_anchor(g, acct) : src.anchor, NULL,
	    arena_printf(scratch(g),
	        "Google user OAuth refresh token in %s "
	        "(gsutil .boto)",
	        src.label));
	return 0;
}

/* ---- dispatch -------------------------------------------------------- */

/* The gcloud directory of a file under it ("<dir>/credentials.db",
 * "<dir>/configurations/config_x", "<dir>/legacy_credentials/a/adc.json"),
 * or NULL. */
static const char *
gcloud_dir(struct ca_ctx *ctx, const char *path)
{
	const char *p = strstr(path, "/.config/gcloud/");

	if (p)
		return arena_strndup(ca_scratch(ctx), path,
		    (size_t)(p - path) + 15);
	return NULL;
}

/* The account named by ".../legacy_credentials/<account>/<file>". */
static const char *
legacy_account(struct gctx *g, const char *path)
{
	const char *p = strstr(path, "/legacy_credentials/");
	const char *e;

	if (!p)
		return NULL;
	p += 20;
	e = strchr(p, '/');
	return e && e > p ? account_email(g, p, (size_t)(e - p)) : NULL;
}

static const char *
wal_note(struct gctx *g, const char *path)
{
	struct strbuf sb;
	const char *note = "";

	if (read_other(g, arena_printf(scratch(g), "%s-wal", path), &sb) == 0 &&
	    sb.len > 0)
		note = "; recent rows may be in the -wal file, which is not "
		       "read";
	release_other(&sb);
	return note;
}

static void
gctx_init(struct gctx *g, struct ca_ctx *ctx, const char *prefix,
    const char *path, const char *home)
{
	memset(g, 0, sizeof(*g));
	g->ctx = ctx;
	g->prefix = prefix;
	g->home = home;
	g->note = "";
	g->gdir = path ? gcloud_dir(ctx, path) : NULL;
}

/* Parses 'data' of the file at 'full' (a target path); 'path' is what
 * findings name (NULL for the scanned file). */
static void
scan_bytes(struct gctx *g, const char *full, const char *data, size_t len)
{
	const char *name = strrchr(full, '/');
	struct gsrc src;

	name = name ? name + 1 : full;
	memset(&src, 0, sizeof(src));
	src.anchor = arena_printf(scratch(g), "gcloud-adc:%s:%s",
	    ck_home(g->home), full);
	if (!strcmp(name, "credentials.db")) {
		g->note = wal_note(g, full);
		creds_db(g, data, len);
	} else if (!strcmp(name, "access_tokens.db")) {
		g->note = wal_note(g, full);
		tokens_db(g, data, len);
	} else if (!strncmp(name, "config_", 7) &&
	    strstr(full, "/configurations/")) {
		conf_scan(g, name + 7, data, len);
	} else if (!strcmp(name, ".boto")) {
		struct boto b = { g, &src };
		struct ck_ini_status st;
		src.account = legacy_account(g, full);
		src.label = "legacy gsutil credentials";
		ck_ini_parse(data, len, on_boto, &b, &st);
	} else if (!strcmp(name, "application_default_credentials.json")) {
		src.label = "application default credentials";
		json_bytes(g, data, len, &src, true);
	} else if (strstr(full, "/legacy_credentials/")) {
		src.account = legacy_account(g, full);
		src.label = "legacy gcloud credentials";
		json_bytes(g, data, len, &src, true);
	} else {
		src.label = "a Google credential file";
		g->quiet = true;
		json_bytes(g, data, len, &src, true);
	}
}

int
ca_gcp_scan_json_path(struct ca_ctx *ctx, const char *prefix, const char *path,
    const char *home)
{
	struct gctx g;
	struct strbuf sb;

	gctx_init(&g, ctx, prefix, path, home);
	g.path = path;
	if (read_other(&g, path, &sb) == 0) {
		struct gsrc src;
		memset(&src, 0, sizeof(src));
		src.label = "a Google credential file";
		src.anchor = arena_printf(scratch(&g), "gcloud-adc:%s:%s",
		    ck_home(home), path);
		json_bytes(&g, sb.buf, sb.len, &src, true);
	}
	release_other(&sb);
	return 0;
}

int
ca_gcp_scan_config_dir(struct ca_ctx *ctx, const char *prefix, const char *dir,
    const char *home)
{
	static const char *const files[] = {
		"credentials.db",
		"access_tokens.db",
		"application_default_credentials.json",
		NULL,
	};
	struct gctx g;

	for (size_t i = 0; files[i]; i++) {
		const char *full = arena_printf(ca_scratch(ctx), "%s/%s", dir,
		    files[i]);
		struct strbuf sb;

		gctx_init(&g, ctx, prefix, NULL, home);
		g.gdir = dir;
		g.path = full;
		if (read_other(&g, full, &sb) == 0)
			scan_bytes(&g, full, sb.buf, sb.len);
		release_other(&sb);
	}
	/* the active configuration's impersonation, if any */
	gctx_init(&g, ctx, prefix, NULL, home);
	g.gdir = dir;
	load_active(&g);
	if (g.active_name) {
		const char *full = arena_printf(ca_scratch(ctx),
		    "%s/configurations/config_%s", dir, g.active_name);
		struct strbuf sb;
		g.path = full;
		if (read_other(&g, full, &sb) == 0)
			conf_scan(&g, g.active_name, sb.buf, sb.len);
		release_other(&sb);
	}
	return 0;
}

static int
gcp_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct gctx g;

	gctx_init(&g, ctx, "gcp", f->path, f->home);
	scan_bytes(&g, f->path, f->data, f->len);
	return 0;
}

/* clang-format off */
static const char *const gcp_claims[] = {
	"**/.config/gcloud/credentials.db",
	"**/.config/gcloud/access_tokens.db",
	"**/.config/gcloud/application_default_credentials.json",
	"**/.config/gcloud/legacy_credentials/*/adc.json",
	"**/.config/gcloud/legacy_credentials/*/.boto",
	"**/.config/gcloud/configurations/config_*",
	"**/*service-account*.json",
	"**/*service_account*.json",
	"**/*-sa.json",
	"**/sa.json",
	"**/*sa-key*.json",
	"**/*sa_key*.json",
	"**/credentials.json",
	"**/*-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]"
	    "[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f].json",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc gcp_rules[] = {
	{ "gcp.access-token", "gcp-access-token",
	  "OAuth access token in gcloud's access_tokens.db, with token_expiry "
	  "and the id_token's email" },
	{ "gcp.external-account", "gcp-external-account",
	  "external_account credential (workload or workforce identity "
	  "federation): its token source, no secret" },
	{ "gcp.impersonation", "gcp-impersonation",
	  "service-account impersonation: impersonated_service_account ADC or "
	  "[auth] impersonate_service_account, linked to the source" },
	{ "gcp.sa-key", "gcp-service-account-key",
	  "service-account private key (JSON key file, credentials.db, ADC), "
	  "identity client_email and project" },
	{ "gcp.user-refresh-token", "gcp-user-refresh-token",
	  "authorized_user refresh token (credentials.db, ADC, legacy "
	  "credentials), with its scopes" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_gcp = {
	.name = "gcp",
	.surface = "cloud",
	.summary = "Google Cloud: gcloud credential stores, ADC and "
	           "service-account key files",
	.version = 1,
	.claims = gcp_claims,
	.rules = gcp_rules,
	.scan_file = gcp_scan_file,
};
