/* load.c - inventories read back from JSON reports (through jansson) and
 * from scans stored in an SQLite inventory.
 *
 * Both readers build a temporary credential whose pointers are borrowed
 * from the parsed document or from a scratch arena, and hand it to
 * ca_inventory_add_loaded(), which copies it in as it is: a loaded
 * inventory keeps the tiers, risks and order it was written with.
 *
 * A report is untrusted input (it may come from another machine, or have
 * been edited): every field is type-checked, ids must be fingerprints,
 * tiers and risks must be known names, and an error names the field, as
 * in "credentials[3].locations[0].mode: expected an octal string". */
#include "lib/compat.h"
#include <fcntl.h>
#include <jansson.h>
#include <unistd.h>
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "report/formats/load.h"
#include "report/formats/sqlite.h"
#include "lib/banned.h"

#define JSON_SCHEMA "credatlas/1"

static const char sqlite_magic[16] = "SQLite format 3";

/* 'path' is borrowed. */
bool
ca_load_is_db(const char *path)
{
	char head[sizeof(sqlite_magic)];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return false;
	n = read(fd, head, sizeof(head));
	close(fd);
	return n == (ssize_t)sizeof(head) &&
	    !memcmp(head, sqlite_magic, sizeof(head));
}

/* True for the 32 lowercase hexadecimal digits of a fingerprint.
 * 's' is borrowed. */
static bool
is_id(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		        (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == CA_ID_HEX;
}

/* True for the 16 lowercase hexadecimal digits of a key id. 's' is borrowed. */
static bool
is_key_id(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		        (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 16;
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */

/* Reports a bad field: 'at' is where in the document ("credentials[3]"),
 * 'key' the member (may be NULL). All borrowed. Returns -1. */
static int
jbad(const char *name, const char *at, const char *key, const char *what)
{
	return ca_error("cannot load report '%s': %s%s%s: %s", name, at,
	    *at && key ? "." : "", key ? key : "", what);
}

/* Stores the string member 'key' of 'obj' (borrowed from the document)
 * in '*out'. A missing or null member is NULL when 'nullable'. */
static int
jstr(const char *name, const char *at, json_t *obj, const char *key,
    bool nullable, const char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (nullable && (!v || json_is_null(v)))
		return 0;
	if (!json_is_string(v)) {
		/* -1 in plain sight: the analyzer stops inlining this deep */
		jbad(name, at, key,
		    nullable ? "expected a string or null" :
		               "expected a string");
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

/* Stores the integer member 'key' of 'obj' in '*out', which must lie in
 * [min, max]. A missing or null member stores 'dflt' when 'nullable'.
 * 'name', 'at', 'obj' and 'key' are borrowed. */
static int
jint(const char *name, const char *at, json_t *obj, const char *key,
    bool nullable, int64_t min, int64_t max, int64_t dflt, int64_t *out)
{
	json_t *v = json_object_get(obj, key);
	json_int_t n;

	*out = dflt;
	if (nullable && (!v || json_is_null(v)))
		return 0;
	if (!json_is_integer(v))
		return jbad(name, at, key,
		    nullable ? "expected an integer or "
		               "null" :
		               "expected an integer");
	n = json_integer_value(v);
	if (n < min || n > max)
		return jbad(name, at, key, "out of range");
	*out = (int64_t)n;
	return 0;
}

/* Stores the boolean member 'key' of 'obj' in '*out'; a missing member
 * (a report from before the field) is false. */
static int
jbool(const char *name, const char *at, json_t *obj, const char *key, bool *out)
{
	json_t *v = json_object_get(obj, key);

	*out = false;
	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return jbad(name, at, key, "expected true or false");
	*out = json_is_true(v);
	return 0;
}

/* Stores an owned array of the strings (borrowed from the document) of
 * the array member 'key' in '*out' and their number in '*n'. A missing
 * member is an empty list. */
static int
jstrs(const char *name, const char *at, json_t *obj, const char *key,
    const char ***out, size_t *n)
{
	json_t *arr = json_object_get(obj, key);
	size_t len;

	*out = NULL;
	*n = 0;
	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return jbad(name, at, key, "expected an array of strings");
	len = json_array_size(arr);
	if (!len)
		return 0;
	*out = xcalloc(len, sizeof(**out));
	for (size_t i = 0; i < len; i++) {
		json_t *v = json_array_get(arr, i);
		if (!json_is_string(v)) {
			free(*out);
			*out = NULL;
			return jbad(name, at, key,
			    "expected an array of "
			    "strings");
		}
		(*out)[i] = json_string_value(v);
	}
	*n = len;
	return 0;
}

/* Parses a permission string such as "0600". 's' is borrowed. */
static int
parse_mode(const char *s, uint32_t *mode)
{
	uint32_t m = 0;
	size_t i;

	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '7' || i >= 6)
			return -1;
		m = m * 8 + (uint32_t)(s[i] - '0');
	}
	if (!i || m > 07777)
		return -1;
	*mode = m;
	return 0;
}

/* 'name', 'at' and 'o' are borrowed; 'l' gets strings borrowed from the
 * document. */
/* The optional "git" object of a location (scan --git-history) into an
 * owned origin at l->git, freed by release_temp(); its strings belong to
 * the document. */
static int
load_git_origin(const char *name, const char *at, json_t *o,
    struct ca_location *l)
{
	json_t *g = json_object_get(o, "git");
	struct ca_git_origin *d;

	l->git = NULL;
	if (!g || json_is_null(g))
		return 0;
	if (!json_is_object(g))
		return jbad(name, at, "git", "expected an object");
	d = xcalloc(1, sizeof(*d));
	l->git = d;
	if (jstr(name, at, g, "repo", true, &d->repo) < 0 ||
	    jstr(name, at, g, "commit", true, &d->commit) < 0 ||
	    jstr(name, at, g, "author", true, &d->author) < 0 ||
	    jstr(name, at, g, "date", true, &d->date) < 0 ||
	    jstr(name, at, g, "path", true, &d->path) < 0 ||
	    jbool(name, at, g, "at_head", &d->at_head) < 0 ||
	    jbool(name, at, g, "pushed", &d->pushed) < 0)
		return -1;
	return 0;
}

static int
load_location(const char *name, const char *at, json_t *o,
    struct ca_location *l)
{
	const char *mode;
	int64_t v;

	if (!json_is_object(o))
		return jbad(name, at, NULL, "expected an object");
	if (jstr(name, at, o, "path", false, &l->path) < 0 ||
	    jstr(name, at, o, "rule", true, &l->rule) < 0 ||
	    jstr(name, at, o, "mode", false, &mode) < 0)
		return -1;
	if (parse_mode(mode, &l->mode) < 0)
		return jbad(name, at, "mode",
		    "expected an octal string such "
		    "as \"0600\"");
	if (jint(name, at, o, "line", true, 0, UINT32_MAX, 0, &v) < 0 ||
	    jbool(name, at, o, "misplaced", &l->misplaced) < 0 ||
	    jbool(name, at, o, "tracked", &l->tracked) < 0 ||
	    load_git_origin(name, at, o, l) < 0 ||
	    jstr(name, at, o, "layer", true, &l->layer) < 0 ||
	    jstr(name, at, o, "encoding", true, &l->encoding) < 0 ||
	    jbool(name, at, o, "deleted", &l->deleted) < 0 ||
	    jbool(name, at, o, "user_can_read", &l->user_readable) < 0 ||
	    jstr(name, at, o, "archive_entry", true, &l->archive_entry) < 0)
		return -1;
	l->user_known = json_object_get(o, "user_can_read") != NULL;
	l->line = (unsigned int)v;
	if (jint(name, at, o, "layer_index", true, 0, INT32_MAX, -1, &v) < 0)
		return -1;
	l->layer_index = (int)v;
	return jint(name, at, o, "uid", true, 0, INT64_MAX, -1, &l->uid);
}

/* 'name', 'at' and 'o' are borrowed; 'l->to' is owned by the caller
 * (release_temp()). */
static int
load_link(const char *name, const char *at, json_t *o, struct ca_link *l)
{
	if (!json_is_object(o))
		return jbad(name, at, NULL, "expected an object");
	if (jstr(name, at, o, "ref", false, &l->ref) < 0 ||
	    jstrs(name, at, o, "to", &l->to, &l->nto) < 0)
		return -1;
	for (size_t i = 0; i < l->nto; i++)
		if (!is_id(l->to[i]))
			return jbad(name, at, "to", "expected fingerprints");
	return 0;
}

/* Frees the temporary arrays of a credential built by load_credential()
 * (the strings belong to the document). 'c' is borrowed. */
static void
release_temp(struct ca_credential *c)
{
	free(c->reasons);
	free(c->scopes);
	for (size_t i = 0; i < c->nlocations; i++)
		free((void *)(uintptr_t)c->locations[i].git);
	free(c->locations);
	for (size_t i = 0; i < c->nlinks; i++)
		free(c->links[i].to);
	free(c->links);
}

/* 'name', 'inv' and 'o' are borrowed; the credential is copied into 'inv'. */
static int
load_credential(const char *name, struct ca_inventory *inv, json_t *o,
    size_t idx)
{
	struct ca_credential c;
	const char *id, *tier, *risk, *verified;
	json_t *owner, *arr, *standing;
	char at[64], sub[96];
	int t, r, ret = -1;

	snprintf(at, sizeof(at), "credentials[%zu]", idx);
	memset(&c, 0, sizeof(c));
	if (!json_is_object(o))
		return jbad(name, at, NULL, "expected an object");
	if (jstr(name, at, o, "id", false, &id) < 0)
		return -1;
	if (!is_id(id))
		return jbad(name, at, "id", "expected 32 hexadecimal digits");
	memcpy(c.id, id, CA_ID_HEX + 1);
	if (jstr(name, at, o, "surface", false, &c.surface) < 0 ||
	    jstr(name, at, o, "kind", false, &c.kind) < 0 ||
	    jstr(name, at, o, "rule", true, &c.rule) < 0 ||
	    jstr(name, at, o, "redacted", true, &c.redacted) < 0 ||
	    jstr(name, at, o, "identity", true, &c.identity) < 0 ||
	    jstr(name, at, o, "expires", true, &c.expires) < 0 ||
	    jstr(name, at, o, "tier", false, &tier) < 0 ||
	    jstr(name, at, o, "risk", false, &risk) < 0)
		return -1;
	t = ca_tier_parse(tier);
	r = ca_risk_parse(risk);
	if (t < 0)
		return jbad(name, at, "tier",
		    "expected read, write, secret or "
		    "admin");
	if (r < 0)
		return jbad(name, at, "risk",
		    "expected low, medium, high or "
		    "critical");
	c.tier = (enum ca_tier)t;
	c.risk = (enum ca_risk)r;
	standing = json_object_get(o, "standing");
	if (!json_is_boolean(standing))
		return jbad(name, at, "standing", "expected true or false");
	c.standing = json_is_true(standing);

	owner = json_object_get(o, "owner");
	snprintf(sub, sizeof(sub), "%s.owner", at);
	c.owner.uid = -1;
	if (!json_is_object(owner))
		return jbad(name, at, "owner", "expected an object");
	if (jstr(name, sub, owner, "user", true, &c.owner.user) < 0 ||
	    jstr(name, sub, owner, "source", false, &c.owner.source) < 0 ||
	    jstr(name, sub, owner, "team", true, &c.owner.team) < 0 ||
	    jstr(name, sub, owner, "contact", true, &c.owner.contact) < 0 ||
	    jint(name, sub, owner, "uid", true, 0, INT64_MAX, -1,
	        &c.owner.uid) < 0)
		return -1;

	if (jstr(name, at, o, "tier_evidence", true, &c.tier_evidence) < 0 ||
	    jbool(name, at, o, "misplaced", &c.misplaced) < 0)
		return -1;
	if (c.tier_evidence && strcmp(c.tier_evidence, CA_EVIDENCE_ASSUMED) &&
	    strcmp(c.tier_evidence, CA_EVIDENCE_LOCAL) &&
	    strcmp(c.tier_evidence, CA_EVIDENCE_VERIFIED) &&
	    strcmp(c.tier_evidence, CA_EVIDENCE_POLICY))
		return jbad(name, at, "tier_evidence",
		    "expected assumed, "
		    "local, verified or policy");
	/* --verify's answer; absent from reports of older versions */
	if (jstr(name, at, o, "verified", true, &verified) < 0 ||
	    jstr(name, at, o, "verify_error", true, &c.verify_error) < 0)
		return -1;
	if (verified) {
		for (int v = CA_VERIFIED_LIVE; v <= CA_VERIFIED_UNKNOWN; v++)
			if (!strcmp(verified,
			        ca_verified_name((enum ca_verified)v)))
				c.verified = (enum ca_verified)v;
		if (!c.verified)
			return jbad(name, at, "verified",
			    "expected live, "
			    "revoked, unknown or null");
	}

	if (jstrs(name, at, o, "reasons", &c.reasons, &c.nreasons) < 0 ||
	    jstrs(name, at, o, "scopes", &c.scopes, &c.nscopes) < 0)
		goto out;

	arr = json_object_get(o, "locations");
	if (!json_is_array(arr) || !json_array_size(arr)) {
		jbad(name, at, "locations", "expected a non-empty array");
		goto out;
	}
	c.nlocations = json_array_size(arr);
	c.locations = xcalloc(c.nlocations, sizeof(*c.locations));
	for (size_t i = 0; i < c.nlocations; i++) {
		snprintf(sub, sizeof(sub), "%s.locations[%zu]", at, i);
		if (load_location(name, sub, json_array_get(arr, i),
		        &c.locations[i]) < 0)
			goto out;
	}

	arr = json_object_get(o, "links");
	if (arr && !json_is_array(arr)) {
		jbad(name, at, "links", "expected an array");
		goto out;
	}
	if (arr && json_array_size(arr)) {
		size_t n = json_array_size(arr);
		c.links = xcalloc(n, sizeof(*c.links));
		for (size_t i = 0; i < n; i++) {
			snprintf(sub, sizeof(sub), "%s.links[%zu]", at, i);
			c.nlinks++;
			if (load_link(name, sub, json_array_get(arr, i),
			        &c.links[i]) < 0)
				goto out;
		}
	}
	if (!ca_inventory_add_loaded(inv, &c)) {
		jbad(name, at, "id", "the same fingerprint appears twice");
		goto out;
	}
	ret = 0;
out:
	release_temp(&c);
	return ret;
}

/* Copies a time string into one of the meta's fixed buffers.
 * 'name', 'scan' and 'key' are borrowed; 'dst' is the caller's buffer. */
static int
load_time(const char *name, json_t *scan, const char *key, char *dst,
    size_t size)
{
	const char *s;

	if (jstr(name, "scan", scan, key, false, &s) < 0)
		return -1;
	if (strlen(s) >= size)
		return jbad(name, "scan", key, "too long for a time");
	snprintf(dst, size, "%s", s);
	return 0;
}

/* 'name', 'inv' and 'scan' are borrowed; strings are copied into 'inv'. */
static int
load_meta(const char *name, struct ca_inventory *inv, json_t *scan)
{
	struct ca_scan_meta *m = &inv->meta;
	const char *type, *root, *key_id, *host, *scope;
	json_t *target, *stats;
	int64_t v;

	if (!json_is_object(scan))
		return jbad(name, "", "scan", "expected an object");
	target = json_object_get(scan, "target");
	if (!json_is_object(target))
		return jbad(name, "scan", "target", "expected an object");
	if (jstr(name, "scan.target", target, "type", false, &type) < 0 ||
	    jstr(name, "scan.target", target, "root", false, &root) < 0 ||
	    jstr(name, "scan", scan, "host", true, &host) < 0 ||
	    jstr(name, "scan", scan, "scope", true, &scope) < 0 ||
	    jstr(name, "scan", scan, "key_id", false, &key_id) < 0 ||
	    load_time(name, scan, "started", m->started, sizeof(m->started)) <
	        0 ||
	    load_time(name, scan, "finished", m->finished,
	        sizeof(m->finished)) < 0)
		return -1;
	if (!is_key_id(key_id))
		return jbad(name, "scan", "key_id",
		    "expected 16 hexadecimal "
		    "digits");
	memcpy(m->key_id, key_id, sizeof(m->key_id));
	m->target_type = ca_inventory_strdup(inv, type);
	m->root = ca_inventory_strdup(inv, root);
	m->host = ca_inventory_strdup(inv, host);
	m->scope = ca_inventory_strdup(inv, scope);
	stats = json_object_get(scan, "stats");
	if (stats && !json_is_object(stats))
		return jbad(name, "scan", "stats", "expected an object");
	if (!stats)
		return 0;
	if (jint(name, "scan.stats", stats, "files", true, 0, INT64_MAX, 0,
	        &v) < 0)
		return -1;
	m->stats.files = (uint64_t)v;
	if (jint(name, "scan.stats", stats, "bytes", true, 0, INT64_MAX, 0,
	        &v) < 0)
		return -1;
	m->stats.bytes = (uint64_t)v;
	if (jint(name, "scan.stats", stats, "skipped", true, 0, INT64_MAX, 0,
	        &v) < 0)
		return -1;
	m->stats.skipped = (uint64_t)v;
	if (jint(name, "scan.stats", stats, "ignored", true, 0, INT64_MAX, 0,
	        &v) < 0)
		return -1;
	m->stats.ignored = (uint64_t)v;
	return 0;
}

/* The credentials a policy left out; absent in reports from before. */
static int
load_ignored(const char *name, struct ca_inventory *inv, json_t *arr)
{
	char at[48];

	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return jbad(name, "", "ignored", "expected an array");
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *e = json_array_get(arr, i);
		struct ca_ignored g;
		const char *id;
		int64_t idx;

		snprintf(at, sizeof(at), "ignored[%zu]", i);
		memset(&g, 0, sizeof(g));
		if (!json_is_object(e))
			return jbad(name, at, NULL, "expected an object");
		if (jstr(name, at, e, "id", false, &id) < 0 ||
		    jstr(name, at, e, "kind", true, &g.kind) < 0 ||
		    jstr(name, at, e, "rule", true, &g.rule) < 0 ||
		    jstr(name, at, e, "reason", true, &g.reason) < 0 ||
		    jstr(name, at, e, "expires", true, &g.expires) < 0 ||
		    jint(name, at, e, "ignore", true, 0, INT32_MAX, -1, &idx) <
		        0)
			return -1;
		if (!is_id(id))
			return jbad(name, at, "id",
			    "expected 32 hexadecimal "
			    "digits");
		memcpy(g.id, id, sizeof(g.id));
		g.ignore = idx < 0 ? SIZE_MAX : (size_t)idx; /* null: known */
		ca_inventory_add_ignored(inv, &g);
	}
	return 0;
}

/* 'name', 'inv' and 'arr' are borrowed. */
static int
load_errors(const char *name, struct ca_inventory *inv, json_t *arr)
{
	char at[48];

	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return jbad(name, "", "errors", "expected an array");
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *e = json_array_get(arr, i);
		const char *path, *error;

		snprintf(at, sizeof(at), "errors[%zu]", i);
		if (!json_is_object(e))
			return jbad(name, at, NULL, "expected an object");
		if (jstr(name, at, e, "path", false, &path) < 0 ||
		    jstr(name, at, e, "error", false, &error) < 0)
			return -1;
		ca_inventory_add_error(inv, path, error);
	}
	return 0;
}

/* 'doc' and 'name' are borrowed. */
static int
load_document(const char *name, json_t *doc, struct ca_inventory **out)
{
	struct ca_inventory *inv;
	const char *schema;
	json_t *creds;

	if (!json_is_object(doc))
		return ca_error("cannot load report '%s': not a JSON object",
		    name);
	if (jstr(name, "", doc, "schema", false, &schema) < 0)
		return -1;
	if (strcmp(schema, JSON_SCHEMA))
		return ca_error("cannot load report '%s': its schema is not "
		                "\"" JSON_SCHEMA "\"",
		    name);
	creds = json_object_get(doc, "credentials");
	if (!json_is_array(creds))
		return jbad(name, "", "credentials", "expected an array");
	inv = ca_inventory_new();
	if (load_meta(name, inv, json_object_get(doc, "scan")) < 0)
		goto fail;
	for (size_t i = 0; i < json_array_size(creds); i++)
		if (load_credential(name, inv, json_array_get(creds, i), i) < 0)
			goto fail;
	if (load_errors(name, inv, json_object_get(doc, "errors")) < 0 ||
	    load_ignored(name, inv, json_object_get(doc, "ignored")) < 0)
		goto fail;
	inv->meta.stats.errors = inv->nerrors;
	*out = inv;
	return 0;
fail:
	ca_inventory_free(inv);
	return -1;
}

/* 'buf' and 'name' are borrowed; '*out' is owned by the caller. */
int
ca_load_json_buf(const char *buf, size_t len, const char *name,
    struct ca_inventory **out)
{
	json_error_t err;
	json_t *doc;
	int ret;

	*out = NULL;
	doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	if (!doc)
		return ca_error("cannot load report '%s': invalid JSON at line "
		                "%d: %s",
		    name, err.line, err.text);
	ret = load_document(name, doc, out);
	json_decref(doc);
	return ret;
}

/* 'path' is borrowed; '*out' is owned by the caller. */
int
ca_load_json(const char *path, struct ca_inventory **out)
{
	json_error_t err;
	json_t *doc;
	FILE *fp;
	int ret;

	*out = NULL;
	fp = fopen(path, "re");
	if (!fp)
		return ca_error("cannot load report '%s': %s", path,
		    strerror(errno));
	doc = json_loadf(fp, JSON_REJECT_DUPLICATES, &err);
	fclose(fp);
	if (!doc)
		return ca_error("cannot load report '%s': invalid JSON at line "
		                "%d: %s",
		    path, err.line, err.text);
	ret = load_document(path, doc, out);
	json_decref(doc);
	return ret;
}

/* ------------------------------------------------------------------ */
/* SQLite                                                              */

enum {
	R_SCAN,
	R_OBSERVATIONS,
	R_LOCATIONS,
	R_REASONS,
	R_SCOPES,
	R_ANCHORS,
	R_LINKS,
	R_ERRORS,
	R_IGNORED,
	R_COUNT
};

/* clang-format off */
static const char *const reader_sql[R_COUNT] = {
	[R_SCAN] =
	"SELECT host, target_type, target_root, scope, started, finished,\n"
	"    files, bytes, skipped, ignored\n"
	"FROM scans WHERE id = ?1",
	[R_OBSERVATIONS] =
	"SELECT c.fingerprint, o.credential_id, o.surface, o.kind, o.rule,\n"
	"    o.redacted, o.identity, o.owner, o.owner_uid, o.owner_source,\n"
	"    o.tier, o.risk, o.standing, o.expires, o.structured,\n"
	"    o.owner_team, o.owner_contact, o.tier_evidence, o.misplaced,\n"
	"    o.verified, o.verify_error\n"
	"FROM observations o JOIN credentials c ON c.id = o.credential_id\n"
	"WHERE o.scan_id = ?1 ORDER BY o.position",
	[R_LOCATIONS] =
	"SELECT path, line, mode, uid, rule, misplaced FROM locations\n"
	"WHERE scan_id = ?1 AND credential_id = ?2 ORDER BY id",
	[R_REASONS] =
	"SELECT reason FROM reasons\n"
	"WHERE scan_id = ?1 AND credential_id = ?2 ORDER BY id",
	[R_SCOPES] =
	"SELECT scope FROM scopes\n"
	"WHERE scan_id = ?1 AND credential_id = ?2 ORDER BY id",
	[R_ANCHORS] =
	"SELECT anchor FROM anchors\n"
	"WHERE scan_id = ?1 AND credential_id = ?2 ORDER BY id",
	[R_LINKS] =
	"SELECT l.ref, t.fingerprint FROM links l\n"
	"LEFT JOIN credentials t ON t.id = l.target_id\n"
	"WHERE l.scan_id = ?1 AND l.credential_id = ?2 ORDER BY l.id",
	[R_ERRORS] =
	"SELECT path, error FROM errors WHERE scan_id = ?1 ORDER BY id",
	[R_IGNORED] =
	"SELECT fingerprint, kind, rule, ignore_index, reason, expires\n"
	"FROM ignored WHERE scan_id = ?1 ORDER BY id",
};
/* clang-format on */

struct reader {
	struct ca_db *db;
	sqlite3 *h;
	sqlite3_stmt *st[R_COUNT];
	struct arena *scratch; /* the current credential's strings */
	int64_t scan;
};

/* 'r' and 'what' are borrowed. */
static int
rd_error(const struct reader *r, const char *what)
{
	return ca_error("cannot read %s from inventory '%s': %s", what,
	    ca_db_path(r->db), sqlite3_errmsg(r->h));
}

/* Runs the constant statement 'sql' (borrowed). */
static int
rd_exec(struct reader *r, const char *sql)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(r->h, sql, -1, &st, NULL) != SQLITE_OK)
		return rd_error(r, "the scan");
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : rd_error(r, "the scan");
}

/* 'r' and 'what' are borrowed. */
static int
rd_damaged(const struct reader *r, const char *what)
{
	return ca_error("cannot read inventory '%s': scan %lld is damaged: %s",
	    ca_db_path(r->db), (long long)r->scan, what);
}

/* Returns column 'i' copied into the scratch arena, or NULL for NULL.
 * 'r' and 'st' are borrowed. */
static const char *
col(struct reader *r, sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? arena_strdup(r->scratch, (const char *)s) : NULL;
}

/* Binds the scan and credential ids to a child query. */
static sqlite3_stmt *
child(struct reader *r, int which, int64_t cred)
{
	sqlite3_stmt *st = r->st[which];

	sqlite3_reset(st);
	if ((sqlite3_bind_int64(st, 1, r->scan) |
	        sqlite3_bind_int64(st, 2, cred)) != SQLITE_OK)
		return NULL;
	return st;
}

/* Reads a one-column child list into an arena array.
 * 'r' and 'what' are borrowed; '*out' lives in the scratch arena. */
static int
read_strs(struct reader *r, int which, int64_t cred, const char ***out,
    size_t *n, const char *what)
{
	sqlite3_stmt *st = child(r, which, cred);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return rd_error(r, what);
	for (;;) {
		const char *s;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		s = col(r, st, 0);
		if (!s)
			return rd_damaged(r, what);
		if (*n == cap) {
			const char **grown;
			cap = cap ? cap * 2 : 8;
			grown = arena_alloc(r->scratch, cap * sizeof(*grown));
			if (*n)
				memcpy(grown, *out, *n * sizeof(*grown));
			*out = grown;
		}
		(*out)[(*n)++] = s;
	}
	return rc == SQLITE_DONE ? 0 : rd_error(r, what);
}

/* 'r' and 'c' are borrowed; the locations live in the scratch arena. */
static int
read_locations(struct reader *r, int64_t cred, struct ca_credential *c)
{
	sqlite3_stmt *st = child(r, R_LOCATIONS, cred);
	size_t cap = 0;
	int rc;

	if (!st)
		return rd_error(r, "locations");
	for (;;) {
		struct ca_location *l;
		int64_t line, mode;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		if (c->nlocations == cap) {
			struct ca_location *grown;
			cap = cap ? cap * 2 : 4;
			grown = arena_alloc(r->scratch, cap * sizeof(*grown));
			if (c->nlocations)
				memcpy(grown, c->locations,
				    c->nlocations * sizeof(*grown));
			c->locations = grown;
		}
		l = &c->locations[c->nlocations++];
		memset(l, 0, sizeof(*l)); /* fields this reader does not know */
		l->path = col(r, st, 0);
		line = sqlite3_column_int64(st, 1);
		mode = sqlite3_column_int64(st, 2);
		if (!l->path || line < 0 || line > UINT32_MAX || mode < 0 ||
		    mode > 07777)
			return rd_damaged(r, "a location is out of range");
		l->line = (unsigned int)line;
		l->mode = (uint32_t)mode;
		l->uid = sqlite3_column_type(st, 3) == SQLITE_NULL ?
		    -1 :
		    sqlite3_column_int64(st, 3);
		l->rule = col(r, st, 4);
		l->misplaced = sqlite3_column_int(st, 5) != 0;
	}
	if (rc != SQLITE_DONE)
		return rd_error(r, "locations");
	if (!c->nlocations)
		return rd_damaged(r, "a credential has no location");
	return 0;
}

/* Groups the link rows by ref: one row per (ref, target).
 * 'r' and 'c' are borrowed; the links live in the scratch arena. */
static int
read_links(struct reader *r, int64_t cred, struct ca_credential *c)
{
	sqlite3_stmt *st = child(r, R_LINKS, cred);
	size_t cap = 0;
	int rc;

	if (!st)
		return rd_error(r, "links");
	for (;;) {
		const char *ref, *to;
		struct ca_link *l = NULL;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		ref = col(r, st, 0);
		to = col(r, st, 1);
		if (!ref)
			return rd_damaged(r, "a link has no ref");
		for (size_t i = 0; i < c->nlinks && !l; i++)
			if (!strcmp(c->links[i].ref, ref))
				l = &c->links[i];
		if (!l) {
			if (c->nlinks == cap) {
				struct ca_link *grown;
				cap = cap ? cap * 2 : 4;
				grown = arena_alloc(r->scratch,
				    cap * sizeof(*grown));
				if (c->nlinks)
					memcpy(grown, c->links,
					    c->nlinks * sizeof(*grown));
				c->links = grown;
			}
			l = &c->links[c->nlinks++];
			memset(l, 0, sizeof(*l));
			l->ref = ref;
		}
		if (to) {
			const char **grown = arena_alloc(r->scratch,
			    (l->nto + 1) * sizeof(*grown));
			if (l->nto)
				memcpy(grown, l->to, l->nto * sizeof(*grown));
			grown[l->nto++] = to;
			l->to = grown;
		}
	}
	return rc == SQLITE_DONE ? 0 : rd_error(r, "links");
}

/* Reads the observation at the current row of R_OBSERVATIONS.
 * 'r' and 'inv' are borrowed; the credential is copied into 'inv'. */
static int
read_credential(struct reader *r, struct ca_inventory *inv)
{
	sqlite3_stmt *st = r->st[R_OBSERVATIONS];
	struct ca_credential c;
	const char *id, *tier, *risk, *verified;
	int64_t cred;
	int t, k;

	memset(&c, 0, sizeof(c));
	arena_reset(r->scratch);
	id = col(r, st, 0);
	if (!id || !is_id(id))
		return rd_damaged(r, "a fingerprint is malformed");
	memcpy(c.id, id, CA_ID_HEX + 1);
	cred = sqlite3_column_int64(st, 1);
	c.surface = col(r, st, 2);
	c.kind = col(r, st, 3);
	c.rule = col(r, st, 4);
	c.redacted = col(r, st, 5);
	c.identity = col(r, st, 6);
	c.owner.user = col(r, st, 7);
	c.owner.uid = sqlite3_column_type(st, 8) == SQLITE_NULL ?
	    -1 :
	    sqlite3_column_int64(st, 8);
	c.owner.source = col(r, st, 9);
	tier = col(r, st, 10);
	risk = col(r, st, 11);
	c.standing = sqlite3_column_int(st, 12) != 0;
	c.expires = col(r, st, 13);
	c.structured = sqlite3_column_int(st, 14) != 0;
	c.owner.team = col(r, st, 15);
	c.owner.contact = col(r, st, 16);
	c.tier_evidence = col(r, st, 17);
	c.misplaced = sqlite3_column_int(st, 18) != 0;
	verified = col(r, st, 19);
	c.verify_error = col(r, st, 20);
	for (int v = CA_VERIFIED_LIVE; verified && v <= CA_VERIFIED_UNKNOWN;
	     v++)
		if (!strcmp(verified, ca_verified_name((enum ca_verified)v)))
			c.verified = (enum ca_verified)v;
	t = tier ? ca_tier_parse(tier) : -1;
	k = risk ? ca_risk_parse(risk) : -1;
	if (!c.surface || !c.kind || !c.owner.source || t < 0 || k < 0)
		return rd_damaged(r,
		    "a credential lacks a surface, kind, "
		    "owner source, tier or risk");
	c.tier = (enum ca_tier)t;
	c.risk = (enum ca_risk)k;
	if (read_locations(r, cred, &c) < 0 ||
	    read_strs(r, R_REASONS, cred, &c.reasons, &c.nreasons, "reasons") <
	        0 ||
	    read_strs(r, R_SCOPES, cred, &c.scopes, &c.nscopes, "scopes") < 0 ||
	    read_strs(r, R_ANCHORS, cred, &c.anchors, &c.nanchors, "anchors") <
	        0 ||
	    read_links(r, cred, &c) < 0)
		return -1;
	if (!ca_inventory_add_loaded(inv, &c))
		return rd_damaged(r, "a credential appears twice");
	return 0;
}

/* 'r' and 'inv' are borrowed; strings are copied into 'inv'. */
static int
read_meta(struct reader *r, struct ca_inventory *inv)
{
	struct ca_scan_meta *m = &inv->meta;
	sqlite3_stmt *st = r->st[R_SCAN];
	const char *started, *finished;
	int rc;

	if (sqlite3_bind_int64(st, 1, r->scan) != SQLITE_OK)
		return rd_error(r, "the scan");
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return ca_error("inventory '%s' has no scan %lld",
		    ca_db_path(r->db), (long long)r->scan);
	if (rc != SQLITE_ROW)
		return rd_error(r, "the scan");
	m->host = ca_inventory_strdup(inv,
	    (const char *)sqlite3_column_text(st, 0));
	m->target_type = ca_inventory_strdup(inv,
	    (const char *)sqlite3_column_text(st, 1));
	m->root = ca_inventory_strdup(inv,
	    (const char *)sqlite3_column_text(st, 2));
	m->scope = ca_inventory_strdup(inv,
	    (const char *)sqlite3_column_text(st, 3));
	started = (const char *)sqlite3_column_text(st, 4);
	finished = (const char *)sqlite3_column_text(st, 5);
	if (!m->target_type || !m->root || !started || !finished ||
	    strlen(started) >= sizeof(m->started) ||
	    strlen(finished) >= sizeof(m->finished))
		return rd_damaged(r, "its target or times are missing");
	snprintf(m->started, sizeof(m->started), "%s", started);
	snprintf(m->finished, sizeof(m->finished), "%s", finished);
	m->stats.files = (uint64_t)sqlite3_column_int64(st, 6);
	m->stats.bytes = (uint64_t)sqlite3_column_int64(st, 7);
	m->stats.skipped = (uint64_t)sqlite3_column_int64(st, 8);
	m->stats.ignored = (uint64_t)sqlite3_column_int64(st, 9);
	snprintf(m->key_id, sizeof(m->key_id), "%s", ca_db_key_id(r->db));
	return 0;
}

/* 'r' and 'inv' are borrowed. */
static int
read_errors(struct reader *r, struct ca_inventory *inv)
{
	sqlite3_stmt *st = r->st[R_ERRORS];
	int rc;

	if (sqlite3_bind_int64(st, 1, r->scan) != SQLITE_OK)
		return rd_error(r, "errors");
	for (;;) {
		const unsigned char *path, *error;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		path = sqlite3_column_text(st, 0);
		error = sqlite3_column_text(st, 1);
		ca_inventory_add_error(inv, path ? (const char *)path : "",
		    error ? (const char *)error : "");
	}
	return rc == SQLITE_DONE ? 0 : rd_error(r, "errors");
}

static int
read_ignored(struct reader *r, struct ca_inventory *inv)
{
	sqlite3_stmt *st = r->st[R_IGNORED];
	int rc;

	if (sqlite3_bind_int64(st, 1, r->scan) != SQLITE_OK)
		return rd_error(r, "ignored credentials");
	for (;;) {
		struct ca_ignored g;
		const char *id;

		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		memset(&g, 0, sizeof(g));
		id = (const char *)sqlite3_column_text(st, 0);
		if (!id || !is_id(id))
			return rd_damaged(r,
			    "an ignored fingerprint is "
			    "malformed");
		memcpy(g.id, id, CA_ID_HEX + 1);
		g.kind = (const char *)sqlite3_column_text(st, 1);
		g.rule = (const char *)sqlite3_column_text(st, 2);
		g.ignore = (size_t)sqlite3_column_int64(st, 3); /* -1: known */
		g.reason = (const char *)sqlite3_column_text(st, 4);
		g.expires = (const char *)sqlite3_column_text(st, 5);
		ca_inventory_add_ignored(inv, &g);
	}
	return rc == SQLITE_DONE ? 0 : rd_error(r, "ignored credentials");
}

/* 'db' is borrowed; '*out' is owned by the caller. */
int
ca_load_db_scan(struct ca_db *db, int64_t scan_id, struct ca_inventory **out,
    int64_t *loaded_id)
{
	struct ca_inventory *inv = NULL;
	struct reader r;
	int ret = -1, rc;

	*out = NULL;
	if (loaded_id)
		*loaded_id = 0;
	if (!scan_id) {
		if (ca_db_latest_scan(db, &scan_id) < 0)
			return -1;
		if (!scan_id)
			return ca_error("inventory '%s' holds no scans",
			    ca_db_path(db));
	}
	memset(&r, 0, sizeof(r));
	r.db = db;
	r.h = ca_db_handle(db);
	r.scan = scan_id;
	for (size_t i = 0; i < R_COUNT; i++) {
		if (sqlite3_prepare_v2(r.h, reader_sql[i], -1, &r.st[i],
		        NULL) != SQLITE_OK) {
			ca_error("cannot read inventory '%s': %s",
			    ca_db_path(db), sqlite3_errmsg(r.h));
			goto out;
		}
	}
	r.scratch = arena_new(16 * 1024);
	inv = ca_inventory_new();
	/* One read transaction, so a writer appending meanwhile cannot
	 * show us half a picture. */
	if (rd_exec(&r, "BEGIN") < 0)
		goto out;
	if (read_meta(&r, inv) < 0)
		goto rollback;
	if (sqlite3_bind_int64(r.st[R_OBSERVATIONS], 1, scan_id) != SQLITE_OK) {
		rd_error(&r, "credentials");
		goto rollback;
	}
	for (;;) {
		rc = sqlite3_step(r.st[R_OBSERVATIONS]);
		if (rc != SQLITE_ROW)
			break;
		if (read_credential(&r, inv) < 0)
			goto rollback;
	}
	if (rc != SQLITE_DONE) {
		rd_error(&r, "credentials");
		goto rollback;
	}
	if (read_errors(&r, inv) < 0 || read_ignored(&r, inv) < 0)
		goto rollback;
	inv->meta.stats.errors = inv->nerrors;
	ret = 0;
rollback:
	for (size_t i = 0; i < R_COUNT; i++)
		sqlite3_reset(r.st[i]);
	rd_exec(&r, "COMMIT");
out:
	for (size_t i = 0; i < R_COUNT; i++)
		sqlite3_finalize(r.st[i]);
	arena_free(r.scratch);
	if (ret < 0) {
		ca_inventory_free(inv);
		return -1;
	}
	*out = inv;
	if (loaded_id)
		*loaded_id = scan_id;
	return 0;
}

/* 'path' is borrowed; '*out' is owned by the caller. */
int
ca_load_db(const char *path, int64_t scan_id, struct ca_inventory **out,
    int64_t *loaded_id)
{
	struct ca_db *db;
	int ret;

	*out = NULL;
	if (ca_db_open(path, CA_DB_READ, &db) < 0)
		return -1;
	ret = ca_load_db_scan(db, scan_id, out, loaded_id);
	ca_db_close(db);
	return ret;
}

/* 'path' is borrowed; '*out' is owned by the caller. */
int
ca_load(const char *path, int64_t scan_id, struct ca_inventory **out,
    int64_t *loaded_id)
{
	if (ca_load_is_db(path))
		return ca_load_db(path, scan_id, out, loaded_id);
	if (loaded_id)
		*loaded_id = 0;
	if (scan_id) {
		*out = NULL;
		return ca_error("cannot pick scan %lld of '%s': a JSON report "
		                "holds one scan",
		    (long long)scan_id, path);
	}
	return ca_load_json(path, out);
}
