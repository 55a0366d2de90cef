/* json.c - the "credatlas/1" JSON report, through jansson.
 *
 * The document is a contract (see JSON OUTPUT in credatlas(1)): keys keep
 * their order, credentials keep the inventory's order, and nothing depends
 * on the clock or the hash seed, so two scans of the same tree diff
 * cleanly. Fields are added, never renamed; a change of meaning bumps the
 * schema. */
#include "lib/compat.h"
#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/log.h"
#include "lib/xalloc.h"
#include "report/formats/emit.h"
#include "report/formats/json_p.h"
#include "lib/banned.h"

#define SCHEMA "credatlas/1"

/* Returns a new reference to a JSON string for 's' (borrowed), escaping
 * bytes that are not UTF-8, or NULL when out of memory. jansson rejects
 * invalid UTF-8 outright, and a path is whatever bytes the file system
 * holds. */
static json_t *
jstr(const char *s)
{
	char *esc;
	json_t *j;

	j = json_string(s);
	if (j)
		return j;
	esc = ca_utf8_escape(s);
	j = json_string(esc);
	free(esc);
	return j;
}

/* Like jstr(), but NULL becomes JSON null. */
static json_t *
jstr_or_null(const char *s)
{
	return s ? jstr(s) : json_null();
}

static json_t *
jint(uint64_t v)
{
	/* json_int_t is signed; no counter gets near 2^63, but clamp anyway
	 * rather than print a negative count. */
	return json_integer(v > INT64_MAX ? INT64_MAX : (json_int_t)v);
}

static json_t *
juid(int64_t uid)
{
	return uid < 0 ? json_null() : json_integer((json_int_t)uid);
}

/* Takes ownership of 'val', even on failure (jansson's _new contract), so
 * a NULL from a failed constructor is caught here. Returns 0 or -1. */
static int
set(json_t *obj, const char *key, json_t *val)
{
	return json_object_set_new(obj, key, val) ? -1 : 0;
}

/* Takes ownership of 'val'. Returns 0 or -1. */
static int
push(json_t *arr, json_t *val)
{
	return json_array_append_new(arr, val) ? -1 : 0;
}

/* Returns a new reference to an array of the 'n' strings (borrowed), or
 * NULL. */
static json_t *
str_array(const char *const *v, size_t n)
{
	json_t *arr = json_array();
	int err = 0;

	if (!arr)
		return NULL;
	for (size_t i = 0; i < n; i++)
		err |= push(arr, jstr(v[i]));
	return ca_json_done(arr, err);
}

/* Returns a new reference, or NULL. */
static json_t *
tool_json(void)
{
	json_t *o = json_object();
	int err = 0;

	if (!o)
		return NULL;
	err |= set(o, "name", json_string("credatlas"));
	err |= set(o, "version", json_string(CA_VERSION));
	return ca_json_done(o, err);
}

/* The installed-software trees the walk passed over. Returns a new
 * reference, or NULL; 'm' is borrowed. */
static json_t *
dep_trees_json(const struct ca_scan_meta *m)
{
	json_t *arr = json_array();
	int err = 0;

	if (!arr)
		return NULL;
	for (size_t i = 0; i < m->ndep_trees; i++) {
		json_t *d = json_object();
		int derr = !d;

		if (d) {
			derr |= set(d, "path", jstr(m->dep_trees[i].path));
			derr |= set(d, "kind", jstr(m->dep_trees[i].kind));
			derr |= set(d, "files_skipped",
			    jint(m->dep_trees[i].files));
		}
		err |= push(arr, ca_json_done(d, derr));
	}
	return ca_json_done(arr, err);
}

/* The image a scan read. Returns a new reference, or NULL; 'im' is
 * borrowed. */
static json_t *
image_json(const struct ca_image_meta *im)
{
	json_t *o = json_object(), *layers = json_array();
	int err = 0;

	if (!o || !layers) {
		json_decref(o);
		json_decref(layers);
		return NULL;
	}
	err |= set(o, "reference", jstr_or_null(im->reference));
	err |= set(o, "format", jstr_or_null(im->format));
	err |= set(o, "manifest_digest", jstr_or_null(im->manifest_digest));
	err |= set(o, "config_digest", jstr_or_null(im->config_digest));
	err |= set(o, "platform", jstr_or_null(im->platform));
	err |= set(o, "user", jstr_or_null(im->user));
	for (size_t i = 0; i < im->nlayers; i++)
		err |= push(layers, jstr(im->layers[i]));
	err |= set(o, "layers", layers);
	return ca_json_done(o, err);
}

/* Returns a new reference, or NULL; 'm' is borrowed. */
static json_t *
scan_json(const struct ca_scan_meta *m)
{
	json_t *o = json_object(), *target = json_object();
	json_t *stats = json_object();
	int err = 0;

	if (!o || !target || !stats) {
		json_decref(o);
		json_decref(target);
		json_decref(stats);
		return NULL;
	}
	err |= set(target, "type",
	    jstr(m->target_type ? m->target_type : "dir"));
	err |= set(target, "root", jstr(m->root ? m->root : "/"));
	err |= set(o, "target", target);
	err |= set(o, "host", jstr_or_null(m->host));
	err |= set(o, "scope", jstr_or_null(m->scope));
	err |= set(o, "started", jstr(m->started));
	err |= set(o, "finished", jstr(m->finished));
	err |= set(o, "key_id", jstr(m->key_id));
	err |= set(stats, "files", jint(m->stats.files));
	err |= set(stats, "bytes", jint(m->stats.bytes));
	err |= set(stats, "skipped", jint(m->stats.skipped));
	err |= set(stats, "errors", jint(m->stats.errors));
	err |= set(stats, "ignored", jint(m->stats.ignored));
	err |= set(o, "stats", stats);
	err |= set(o, "dependency_trees", dep_trees_json(m));
	if (m->image)
		err |= set(o, "image", image_json(m->image));
	return ca_json_done(o, err);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Returns a new reference to {"surface": count, ...} in name order, so the
 * object does not change shape with the severity sort, or NULL. */
static json_t *
by_surface_json(const struct ca_inventory *inv)
{
	const char **names;
	json_t *o = json_object();
	size_t n = 0;
	int err = 0;

	if (!o)
		return NULL;
	if (!inv->ncreds)
		return o;
	names = calloc(inv->ncreds, sizeof(*names));
	if (!names) {
		json_decref(o);
		return NULL;
	}
	for (size_t i = 0; i < inv->ncreds; i++) {
		const char *s = inv->creds[i]->surface;
		names[n++] = s ? s : "generic";
	}
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && !strcmp(names[j], names[i]))
			j++;
		err |= set(o, names[i], jint(j - i));
		i = j;
	}
	free(names);
	return ca_json_done(o, err);
}

/* Returns a new reference, or NULL; 'inv' is borrowed. */
static json_t *
summary_json(const struct ca_inventory *inv)
{
	size_t risk[CA_RISK_COUNT] = { 0 }, tier[CA_TIER_COUNT] = { 0 };
	json_t *o = json_object(), *r = json_object(), *t = json_object();
	int err = 0;

	if (!o || !r || !t) {
		json_decref(o);
		json_decref(r);
		json_decref(t);
		return NULL;
	}
	for (size_t i = 0; i < inv->ncreds; i++) {
		const struct ca_credential *c = inv->creds[i];
		if ((unsigned)c->risk < CA_RISK_COUNT)
			risk[c->risk]++;
		if ((unsigned)c->tier < CA_TIER_COUNT)
			tier[c->tier]++;
	}
	/* Most severe first, as people read the summary. */
	for (int i = CA_RISK_COUNT - 1; i >= 0; i--)
		err |= set(r, ca_risk_name((enum ca_risk)i), jint(risk[i]));
	for (int i = CA_TIER_COUNT - 1; i >= 0; i--)
		err |= set(t, ca_tier_name((enum ca_tier)i), jint(tier[i]));
	err |= set(o, "credentials", jint(inv->ncreds));
	err |= set(o, "by_risk", r);
	err |= set(o, "by_tier", t);
	err |= set(o, "by_surface", by_surface_json(inv));
	return ca_json_done(o, err);
}

/* A blob of git history (scan --git-history): a new reference, or NULL;
 * 'g' is borrowed. */
static json_t *
git_origin_json(const struct ca_git_origin *g)
{
	json_t *o = json_object();
	int err = 0;

	if (!o)
		return NULL;
	err |= set(o, "repo", jstr_or_null(g->repo));
	err |= set(o, "commit", jstr_or_null(g->commit));
	err |= set(o, "author", jstr_or_null(g->author));
	err |= set(o, "date", jstr_or_null(g->date));
	err |= set(o, "path", jstr_or_null(g->path));
	err |= set(o, "at_head", json_boolean(g->at_head));
	err |= set(o, "pushed", json_boolean(g->pushed));
	return ca_json_done(o, err);
}

/* Returns a new reference, or NULL; 'l' is borrowed. */
static json_t *
location_json(const struct ca_location *l, enum ca_json_view view)
{
	json_t *o = json_object();
	char mode[8];
	int err = 0;

	if (!o)
		return NULL;
	err |= set(o, "path", jstr(l->path ? l->path : ""));
	err |= set(o, "line", l->line ? json_integer(l->line) : json_null());
	if (view == CA_JSON_BRIEF)
		return ca_json_done(o, err);
	/* A string, because JSON has no octal and 384 means nothing to a
	 * reader. */
	snprintf(mode, sizeof(mode), "%04o", (unsigned)(l->mode & 07777));
	err |= set(o, "mode", json_string(mode));
	err |= set(o, "uid", juid(l->uid));
	err |= set(o, "rule", jstr_or_null(l->rule));
	err |= set(o, "misplaced", json_boolean(l->misplaced));
	err |= set(o, "tracked", json_boolean(l->tracked));
	if (l->git)
		err |= set(o, "git", git_origin_json(l->git));
	if (l->layer) {
		err |= set(o, "layer", jstr(l->layer));
		if (l->layer_index >= 0)
			err |= set(o, "layer_index",
			    json_integer(l->layer_index));
		err |= set(o, "deleted", json_boolean(l->deleted));
		if (l->user_known)
			err |= set(o, "user_can_read",
			    json_boolean(l->user_readable));
	}
	if (l->service)
		err |= set(o, "service", jstr(l->service));
	if (l->archive_entry && l->path) {
		/* the archive file: the path without "!/" and the entry */
		size_t n = strlen(l->path), e = strlen(l->archive_entry) + 2;
		char *file = xstrndup(l->path, n > e ? n - e : 0);

		err |= set(o, "archive", jstr(file));
		free(file);
		err |= set(o, "archive_entry", jstr(l->archive_entry));
	}
	if (l->encoding)
		err |= set(o, "encoding", jstr(l->encoding));
	return ca_json_done(o, err);
}

/* Returns a new reference, or NULL; 'ow' is borrowed. */
static json_t *
owner_json(const struct ca_owner *ow, enum ca_json_view view)
{
	json_t *o = json_object();
	int err = 0;

	if (!o)
		return NULL;
	err |= set(o, "user", jstr_or_null(ow->user));
	err |= set(o, "uid", juid(ow->uid));
	if (view == CA_JSON_BRIEF)
		return ca_json_done(o, err);
	err |= set(o, "source", jstr(ow->source ? ow->source : "unowned"));
	err |= set(o, "team", jstr_or_null(ow->team));
	err |= set(o, "contact", jstr_or_null(ow->contact));
	return ca_json_done(o, err);
}

/* Returns a new reference, or NULL; 'c' is borrowed. A link names what a
 * delegation points at and the ids of the credentials found for it (none
 * when that credential is not on this machine). */
static json_t *
links_json(const struct ca_credential *c)
{
	json_t *arr = json_array();
	int err = 0;

	if (!arr)
		return NULL;
	for (size_t i = 0; i < c->nlinks; i++) {
		json_t *l = json_object(),
		       *to = str_array(c->links[i].to, c->links[i].nto);
		err |= set(l, "ref", jstr(c->links[i].ref));
		err |= set(l, "to", to);
		err |= push(arr, l);
	}
	return ca_json_done(arr, err);
}

/* Returns a new reference, or NULL; 'c' is borrowed. The brief view is
 * the full one with fields left out, never another shape: what a field
 * holds does not depend on the view. */
static json_t *
credential_json(const struct ca_credential *c, enum ca_json_view view)
{
	const struct ca_kind *k = ca_kind_find(c->kind);
	bool full = view == CA_JSON_FULL;
	json_t *o = json_object(), *locs = json_array();
	int err = 0;

	if (!o || !locs) {
		json_decref(o);
		json_decref(locs);
		return NULL;
	}
	err |= set(o, "id", jstr(c->id));
	err |= set(o, "surface", jstr(c->surface ? c->surface : "generic"));
	err |= set(o, "kind", jstr(c->kind ? c->kind : "unknown"));
	/* An unknown kind still gets a label, so consumers need no fallback. */
	err |= set(o, "label",
	    jstr(k          ? k->label :
	            c->kind ? c->kind :
	                      "unknown"));
	if (full)
		err |= set(o, "rule", jstr_or_null(c->rule));
	err |= set(o, "redacted", jstr_or_null(c->redacted));
	err |= set(o, "identity", jstr_or_null(c->identity));
	err |= set(o, "owner", owner_json(&c->owner, view));
	err |= set(o, "tier", json_string(ca_tier_name(c->tier)));
	if (full)
		err |= set(o, "tier_evidence",
		    jstr(c->tier_evidence ? c->tier_evidence : "assumed"));
	err |= set(o, "risk", json_string(ca_risk_name(c->risk)));
	if (full) {
		err |= set(o, "reasons", str_array(c->reasons, c->nreasons));
		err |= set(o, "scopes", str_array(c->scopes, c->nscopes));
	}
	err |= set(o, "expires", jstr_or_null(c->expires));
	err |= set(o, "standing", json_boolean(c->standing));
	if (full)
		err |= set(o, "misplaced", json_boolean(c->misplaced));
	for (size_t i = 0; i < c->nlocations; i++)
		err |= push(locs, location_json(&c->locations[i], view));
	err |= set(o, "locations", locs);
	if (!full)
		return ca_json_done(o, err);
	err |= set(o, "links", links_json(c));
	/* --verify: null when the provider was not asked */
	err |= set(o, "verified", jstr_or_null(ca_verified_name(c->verified)));
	err |= set(o, "verify_error", jstr_or_null(c->verify_error));
	return ca_json_done(o, err);
}

/* Returns a new reference, or NULL; 'inv' is borrowed. */
static json_t *
errors_json(const struct ca_inventory *inv)
{
	json_t *arr = json_array();
	int err = 0;

	if (!arr)
		return NULL;
	for (size_t i = 0; i < inv->nerrors; i++) {
		json_t *e = json_object();
		if (e) {
			err |= set(e, "path",
			    jstr(inv->errors[i].path ? inv->errors[i].path :
			                               ""));
			err |= set(e, "error",
			    jstr(inv->errors[i].error ? inv->errors[i].error :
			                                ""));
		}
		err |= push(arr, e);
	}
	return ca_json_done(arr, err);
}

/* Returns a new reference to the credentials the policy's ignore list
 * removed, or NULL; 'inv' is borrowed. */
static json_t *
ignored_json(const struct ca_inventory *inv)
{
	json_t *arr = json_array();
	int err = 0;

	if (!arr)
		return NULL;
	for (size_t i = 0; i < inv->nignored; i++) {
		const struct ca_ignored *g = &inv->ignored[i];
		json_t *e = json_object();
		if (e) {
			err |= set(e, "id", jstr(g->id));
			err |= set(e, "kind", jstr_or_null(g->kind));
			err |= set(e, "rule", jstr_or_null(g->rule));
			err |= set(e, "ignore",
			    g->ignore == SIZE_MAX ? json_null() :
			                            jint(g->ignore));
			err |= set(e, "reason", jstr_or_null(g->reason));
			err |= set(e, "expires", jstr_or_null(g->expires));
		}
		err |= push(arr, e);
	}
	return ca_json_done(arr, err);
}

/* Returns a new reference to the whole document, or NULL when out of
 * memory; 'inv' is borrowed. */
static json_t *
document(const struct ca_inventory *inv)
{
	json_t *doc = json_object(), *creds = json_array();
	int err = 0;

	if (!doc || !creds) {
		json_decref(doc);
		json_decref(creds);
		return NULL;
	}
	err |= set(doc, "schema", json_string(SCHEMA));
	err |= set(doc, "tool", tool_json());
	err |= set(doc, "scan", scan_json(&inv->meta));
	err |= set(doc, "summary", summary_json(inv));
	for (size_t i = 0; i < inv->ncreds; i++)
		err |= push(creds,
		    credential_json(inv->creds[i], CA_JSON_FULL));
	err |= set(doc, "credentials", creds);
	err |= set(doc, "errors", errors_json(inv));
	err |= set(doc, "ignored", ignored_json(inv));
	return ca_json_done(doc, err);
}

json_t *
ca_json_done(json_t *v, int err)
{
	if (!err)
		return v;
	json_decref(v);
	return NULL;
}

int
ca_json_dump(FILE *out, json_t *doc, const char *what)
{
	int rc;

	if (!doc)
		return ca_error("cannot build %s: out of memory", what);
	rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (rc < 0 || fputc('\n', out) == EOF || ferror(out))
		return ca_error("cannot write %s: %s", what, strerror(errno));
	return 0;
}

/* Writes 'v' as JSON_INDENT(2) would inside a container 'depth' levels
 * deep, and drops the reference. JSON strings hold no raw newline, so every
 * newline of the dump starts a line to indent. */
static int
dump_nested(FILE *out, json_t *v, int depth)
{
	char *text;
	int err = 0;

	if (!v)
		return -1;
	text = json_dumps(v,
	    JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	json_decref(v);
	if (!text)
		return -1;
	for (const char *p = text; *p; p++) {
		if (fputc(*p, out) == EOF)
			err = -1;
		if (*p == '\n' && fprintf(out, "%*s", 2 * depth, "") < 0)
			err = -1;
	}
	free(text);
	return err;
}

static int
member(FILE *out, const char *key, json_t *v, bool first)
{
	if (fprintf(out, "%s\n  \"%s\": ", first ? "{" : ",", key) < 0) {
		json_decref(v);
		return -1;
	}
	return dump_nested(out, v, 1);
}

/* The document, written a credential at a time: a tree of every
 * credential costs about 4 KB each, 90 MB for a store of 20k rows, on top
 * of the inventory itself. The output matches json_dumpf(document()).
 * 'out', 'inv' and 'opts' are borrowed. */
static int
json_write(FILE *out, const struct ca_inventory *inv,
    const struct ca_emit_opts *opts)
{
	int err = 0;

	(void)opts;
	err |= member(out, "schema", json_string(SCHEMA), true);
	err |= member(out, "tool", tool_json(), false);
	err |= member(out, "scan", scan_json(&inv->meta), false);
	err |= member(out, "summary", summary_json(inv), false);
	err |= fputs(",\n  \"credentials\": [", out) == EOF;
	for (size_t i = 0; i < inv->ncreds && !err; i++) {
		err |= fputs(i ? ",\n    " : "\n    ", out) == EOF;
		err |= dump_nested(out,
		    credential_json(inv->creds[i], CA_JSON_FULL), 2);
	}
	err |= fputs(inv->ncreds ? "\n  ]" : "]", out) == EOF;
	err |= member(out, "errors", errors_json(inv), false);
	err |= member(out, "ignored", ignored_json(inv), false);
	err |= fputs("\n}\n", out) == EOF;
	if (err || ferror(out))
		return ca_error("cannot write the JSON report: %s",
		    ferror(out) ? strerror(errno) : "out of memory");
	return 0;
}

/* The building blocks other writers share (report/json_p.h); every
 * pointer is borrowed and each returns a new reference or NULL. */
json_t *
ca_json_str(const char *s)
{
	return jstr(s);
}

json_t *
ca_json_str_or_null(const char *s)
{
	return jstr_or_null(s);
}

json_t *
ca_json_credential(const struct ca_credential *c)
{
	return credential_json(c, CA_JSON_FULL);
}

json_t *
ca_json_credential_view(const struct ca_credential *c, enum ca_json_view view)
{
	return credential_json(c, view);
}

json_t *
ca_json_owner(const struct ca_owner *o, enum ca_json_view view)
{
	return owner_json(o, view);
}

json_t *
ca_json_location(const struct ca_location *l, enum ca_json_view view)
{
	return location_json(l, view);
}

json_t *
ca_json_report(const struct ca_inventory *inv)
{
	return document(inv);
}

static const char *const json_extensions[] = { ".json", NULL };

const struct ca_emitter ca_emitter_json = {
	.format = "json",
	.extensions = json_extensions,
	.write = json_write,
};
