/* sarif.c - SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab).
 *
 * One run; the driver lists one rule per rule id the results use, with
 * the kind's label as its description, remediation help, and a
 * "security-severity" from the worst risk among its results (GitHub
 * reads severity from the rule only). There is one result per credential
 * and location: its level follows the credential's risk, its message
 * names the kind, the redacted preview and the identity (never a secret),
 * and its partialFingerprints carry the credential's keyed id, so a
 * dashboard tracks the same secret across runs and files.
 *
 * Paths are relative to the scanned root (uriBaseId "ROOT", whose file
 * URI is in originalUriBaseIds) and percent-encoded: a file name is any
 * bytes, and '<', '%', ':' or a newline must not change what the URI
 * means. Scanning a checkout with "--root <checkout> /" makes them
 * repository paths. Per-file errors are tool notifications. */
#include "lib/compat.h"
#include <jansson.h>
#include "lib/hash.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "report/formats/emit.h"
#include "report/formats/json_p.h"
#include "lib/banned.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
/* Where people read about the tool; a SARIF driver must name one. */
#define INFO_URI      "https://github.com/credatlas/credatlas"
#define BASE_ID       "ROOT"
#define FP_CREDENTIAL "credatlasFingerprint/v1"
#define FP_LOCATION   "credatlasLocation/v1"
#define TEXT_CAP      ((size_t)256 * 1024)

struct rule {
	const char *id;   /* borrowed from the inventory */
	const char *kind; /* kind of the first credential it found */
	enum ca_risk worst;
};

struct rules {
	struct rule *v;
	size_t n, cap;
};

/* Returns the borrowed rule id of a result: the location's rule, else
 * the credential's. 'c' and 'l' (may be NULL) are borrowed. */
static const char *
rule_of(const struct ca_credential *c, const struct ca_location *l)
{
	if (l && l->rule)
		return l->rule;
	return c->rule ? c->rule : "credatlas.unknown";
}

/* Returns a static string: the number GitHub maps to its critical, high,
 * medium or low band. */
static const char *
severity(enum ca_risk r)
{
	switch (r) {
	case CA_RISK_CRITICAL:
		return "9.5";
	case CA_RISK_HIGH:
		return "8.0";
	case CA_RISK_MEDIUM:
		return "5.5";
	default:
		return "2.0";
	}
}

/* Returns a static string: the SARIF level for risk 'r'. */
static const char *
level(enum ca_risk r)
{
	if (r >= CA_RISK_HIGH)
		return "error";
	return r == CA_RISK_MEDIUM ? "warning" : "note";
}

static int
cmp_rule(const void *a, const void *b)
{
	return strcmp(((const struct rule *)a)->id,
	    ((const struct rule *)b)->id);
}

/* Returns the borrowed rule with this id in the sorted table, or NULL. */
static struct rule *
rules_find(const struct rules *rs, const char *id)
{
	struct rule key = { .id = id };

	return rs->n ? bsearch(&key, rs->v, rs->n, sizeof(*rs->v), cmp_rule) :
	               NULL;
}

/* Collects the rule ids of every result, sorted and unique, each with its
 * worst risk. 'inv' is borrowed and must outlive 'rs'. */
static void
rules_collect(struct rules *rs, const struct ca_inventory *inv)
{
	for (size_t i = 0; i < inv->ncreds; i++) {
		const struct ca_credential *c = inv->creds[i];
		size_t n = c->nlocations ? c->nlocations : 1;

		for (size_t j = 0; j < n; j++) {
			const char *id = rule_of(c,
			    c->nlocations ? &c->locations[j] : NULL);
			size_t k;

			/* A handful of rules: a linear look-up is enough and
			 * keeps first-seen kinds deterministic. */
			for (k = 0; k < rs->n; k++)
				if (!strcmp(rs->v[k].id, id))
					break;
			if (k == rs->n) {
				if (rs->n == rs->cap) {
					rs->cap = rs->cap ? rs->cap * 2 : 16;
					rs->v = xrealloc(rs->v,
					    rs->cap * sizeof(*rs->v));
				}
				rs->v[k].id = id;
				rs->v[k].kind = c->kind;
				rs->v[k].worst = c->risk;
				rs->n++;
			} else if (c->risk > rs->v[k].worst) {
				rs->v[k].worst = c->risk;
			}
		}
	}
	if (rs->n > 1)
		qsort(rs->v, rs->n, sizeof(*rs->v), cmp_rule);
}

/* Takes ownership of 'val' (jansson's _new contract). Returns 0 or -1. */
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

/* Returns a new reference to {"text": s}, or NULL; 's' is borrowed. */
static json_t *
message(const char *s)
{
	json_t *o = json_object();

	if (o && set(o, "text", ca_json_str(s))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Returns an owned, percent-encoded URI reference for the target path
 * 'path' (borrowed): leading slashes dropped, every byte but unreserved
 * characters and '/' encoded. ':' is encoded too, so no first segment
 * reads as a scheme. */
static char *
uri_path(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb = STRBUF_INIT(TEXT_CAP);
	const unsigned char *p = (const unsigned char *)(path ? path : "");

	while (*p == '/')
		p++;
	for (; *p; p++) {
		int c = *p;
		bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == '/';
		char enc[3] = { '%', hex[c >> 4], hex[c & 15] };

		if (plain ? strbuf_addch(&sb, c) < 0 :
		            strbuf_add(&sb, enc, sizeof(enc)) < 0)
			break; /* past the cap: the buffer is empty */
	}
	if (!sb.len)
		(void)strbuf_addch(&sb, '.');
	return strbuf_detach(&sb, NULL);
}

/* Returns a new reference to an artifactLocation for 'path' (borrowed),
 * or NULL. */
static json_t *
artifact(const char *path)
{
	json_t *o = json_object();
	char *uri = uri_path(path);
	int err = 0;

	if (o) {
		err |= set(o, "uri", json_string(uri));
		err |= set(o, "uriBaseId", json_string(BASE_ID));
	}
	free(uri);
	return ca_json_done(o, err);
}

/* Returns a new reference to a location for 'path' (borrowed) at 'line'
 * (0: the whole file), or NULL. */
static json_t *
location(const char *path, unsigned int line)
{
	json_t *loc = json_object(), *phys = json_object(), *region;
	int err = 0;

	if (!loc || !phys) {
		json_decref(loc);
		json_decref(phys);
		return NULL;
	}
	err |= set(phys, "artifactLocation", artifact(path));
	if (line) {
		region = json_object();
		err |= set(region, "startLine", json_integer(line));
		err |= set(phys, "region", region);
	}
	err |= set(loc, "physicalLocation", phys);
	return ca_json_done(loc, err);
}

/* Appends 's' (borrowed) to 'sb' for a SARIF plain-text message: square
 * brackets are escaped so a name like "[x](1)" cannot become an embedded
 * link. */
static void
add_text(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		if ((*s == '[' || *s == ']') && strbuf_addch(sb, '\\') < 0)
			return;
		if (strbuf_addch(sb, *s) < 0)
			return;
	}
}

/* Returns a new reference to the result for location 'l' of 'c' (both
 * borrowed; 'l' NULL for a credential without locations), or NULL. */
static json_t *
result(const struct ca_credential *c, const struct ca_location *l,
    const struct rules *rs)
{
	const struct ca_kind *k = ca_kind_find(c->kind);
	const char *rid = rule_of(c, l);
	const struct rule *r = rules_find(rs, rid);
	struct strbuf sb = STRBUF_INIT(TEXT_CAP);
	json_t *o = json_object(), *locs = json_array();
	json_t *fp = json_object(), *props = json_object();
	unsigned char digest[CA_SHA256_LEN];
	char lochex[2 * CA_SHA256_LEN + 1], num[48];
	int err = 0;

	if (!o || !locs || !fp || !props) {
		json_decref(o);
		json_decref(locs);
		json_decref(fp);
		json_decref(props);
		return NULL;
	}
	add_text(&sb, k ? k->label : c->kind ? c->kind : "credential");
	if (c->redacted) {
		add_text(&sb, " ");
		add_text(&sb, c->redacted);
	}
	if (c->identity) {
		add_text(&sb, " for ");
		add_text(&sb, c->identity);
	}
	add_text(&sb, ": ");
	add_text(&sb, ca_risk_name(c->risk));
	add_text(&sb, " risk, ");
	add_text(&sb, ca_tier_name(c->tier));
	add_text(&sb, " tier");
	if (c->nlocations > 1) {
		snprintf(num, sizeof(num), " (found in %zu places)",
		    c->nlocations);
		add_text(&sb, num);
	}
	/* In an image: a file a later layer deleted still ships. */
	if (l && l->layer && l->layer_index >= 0) {
		snprintf(num, sizeof(num), " In layer %d%s", l->layer_index,
		    l->deleted ? ", deleted by a later layer" : "");
		add_text(&sb, num);
	}
	add_text(&sb, ".");

	/* The id names the secret; the location hash tells its copies
	 * apart, so each file keeps its own alert. */
	{
		struct strbuf key = STRBUF_INIT(TEXT_CAP);
		(void)strbuf_addstr(&key, c->id);
		(void)strbuf_addch(&key, '\0');
		(void)strbuf_addstr(&key, l && l->path ? l->path : "");
		(void)strbuf_addf(&key, "%c%u", '\0', l ? l->line : 0);
		/* the same path in two image layers: two alerts */
		if (l && l->layer && l->layer_index >= 0)
			(void)strbuf_addf(&key, "%c%d", '\0', l->layer_index);
		ca_sha256(key.buf, key.len, digest);
		ca_hex(digest, 16, lochex);
		strbuf_release(&key);
	}

	err |= set(o, "ruleId", ca_json_str(rid));
	if (r)
		err |= set(o, "ruleIndex", json_integer(r - rs->v));
	err |= set(o, "level", json_string(level(c->risk)));
	err |= set(o, "message", message(sb.buf));
	if (l)
		err |= push(locs, location(l->path, l->line));
	err |= set(o, "locations", locs);
	err |= set(fp, FP_CREDENTIAL, json_string(c->id));
	err |= set(fp, FP_LOCATION, json_string(lochex));
	err |= set(o, "partialFingerprints", fp);
	err |= set(props, "credential", json_string(c->id));
	err |= set(props, "kind", ca_json_str(c->kind ? c->kind : "unknown"));
	err |= set(props, "surface",
	    ca_json_str(c->surface ? c->surface : "generic"));
	err |= set(props, "risk", json_string(ca_risk_name(c->risk)));
	err |= set(props, "tier", json_string(ca_tier_name(c->tier)));
	err |= set(props, "security-severity", json_string(severity(c->risk)));
	if (l && l->layer) {
		err |= set(props, "layer", ca_json_str(l->layer));
		err |= set(props, "deleted", json_boolean(l->deleted));
	}
	err |= set(o, "properties", props);
	strbuf_release(&sb);
	return ca_json_done(o, err);
}

/* Returns a new reference to a multiformatMessageString, or NULL; both
 * strings are borrowed. */
static json_t *
mfmt(const char *text, const char *markdown)
{
	json_t *o = json_object();
	int err = 0;

	if (!o)
		return NULL;
	err |= set(o, "text", ca_json_str(text));
	if (markdown)
		err |= set(o, "markdown", ca_json_str(markdown));
	return ca_json_done(o, err);
}

/* Returns a new reference to the descriptor of rule 'r' (borrowed), or
 * NULL. The texts come from the kinds table, never from scanned files. */
static json_t *
rule_json(const struct rule *r)
{
	const struct ca_kind *k = ca_kind_find(r->kind);
	const char *label = k ? k->label : r->kind ? r->kind : "credential";
	const char *surface = k ? k->surface : "generic";
	struct strbuf full = STRBUF_INIT(TEXT_CAP);
	struct strbuf help = STRBUF_INIT(TEXT_CAP);
	struct strbuf md = STRBUF_INIT(TEXT_CAP);
	json_t *o = json_object(), *cfg = json_object();
	json_t *props = json_object(), *tags = json_array();
	const char *what;
	char surface_tag[64];
	int err = 0;

	if (!o || !cfg || !props || !tags) {
		json_decref(o);
		json_decref(cfg);
		json_decref(props);
		json_decref(tags);
		return NULL;
	}
	what = k && k->secretless ?
	    "It holds no secret itself but hands out access on demand (a "
	    "credential helper, keyring entry or delegation)." :
	    "Anyone who can read the file can use it.";
	(void)strbuf_addf(&full,
	    "Credential stored on disk: %s (kind %s, "
	    "rule %s). %s Its tier by default is %s.",
	    label, r->kind ? r->kind : "unknown", r->id, what,
	    ca_tier_name(k ? k->tier : CA_TIER_WRITE));
	(void)strbuf_addf(&help,
	    "credatlas found a credential on disk: %s. "
	    "%s "
	    "Revoke or rotate it at its issuer, remove it from the file and "
	    "from any copies (shell history, backups, images), and keep it "
	    "in a secret manager or the OS keyring instead. If it has to "
	    "stay, make the file readable by its owner only (mode 0600). "
	    "The report holds no secret: only a redacted preview and a "
	    "keyed fingerprint.",
	    label, what);
	(void)strbuf_addf(&md,
	    "credatlas found a credential on disk: "
	    "**%s**. %s\n\n"
	    "1. Revoke or rotate it at its issuer.\n"
	    "2. Remove it from the file and from any copies (shell history, "
	    "backups, images).\n"
	    "3. Keep it in a secret manager or the OS keyring instead; if it "
	    "has to stay, make the file readable by its owner only "
	    "(`chmod 600`).\n\n"
	    "The report holds no secret: only a redacted preview and a keyed "
	    "fingerprint.",
	    label, what);
	snprintf(surface_tag, sizeof(surface_tag), "surface/%s", surface);

	err |= set(o, "id", ca_json_str(r->id));
	err |= set(o, "name", ca_json_str(r->kind ? r->kind : "unknown"));
	err |= set(o, "shortDescription", mfmt(label, NULL));
	err |= set(o, "fullDescription", mfmt(full.buf, NULL));
	err |= set(o, "help", mfmt(help.buf, md.buf));
	err |= set(cfg, "level", json_string(level(r->worst)));
	err |= set(o, "defaultConfiguration", cfg);
	err |= push(tags, json_string("security"));
	err |= push(tags, json_string("credentials"));
	err |= push(tags, json_string("external/cwe/cwe-522"));
	err |= push(tags, ca_json_str(surface_tag));
	err |= set(props, "tags", tags);
	err |= set(props, "precision", json_string("high"));
	err |= set(props, "security-severity", json_string(severity(r->worst)));
	err |= set(o, "properties", props);
	strbuf_release(&full);
	strbuf_release(&help);
	strbuf_release(&md);
	return ca_json_done(o, err);
}

/* Returns a new reference to the tool object, or NULL; 'rs' is
 * borrowed. */
static json_t *
tool_json(const struct rules *rs)
{
	json_t *tool = json_object(), *drv = json_object(), *arr = json_array();
	int err = 0;

	if (!tool || !drv || !arr) {
		json_decref(tool);
		json_decref(drv);
		json_decref(arr);
		return NULL;
	}
	err |= set(drv, "name", json_string("credatlas"));
	err |= set(drv, "version", json_string(CA_VERSION));
	err |= set(drv, "semanticVersion", json_string(CA_VERSION));
	err |= set(drv, "informationUri", json_string(INFO_URI));
	for (size_t i = 0; i < rs->n; i++)
		err |= push(arr, rule_json(&rs->v[i]));
	err |= set(drv, "rules", arr);
	err |= set(tool, "driver", drv);
	return ca_json_done(tool, err);
}

/* Returns a new reference to the invocation (times, and the per-file
 * errors as notifications), or NULL; 'inv' is borrowed. */
static json_t *
invocation_json(const struct ca_inventory *inv)
{
	const struct ca_scan_meta *m = &inv->meta;
	json_t *o = json_object(), *notes = json_array();
	int err = 0;

	if (!o || !notes) {
		json_decref(o);
		json_decref(notes);
		return NULL;
	}
	err |= set(o, "executionSuccessful", json_true());
	/* Only well-formed times: the schema says date-time. */
	if (memchr(m->started, '\0', sizeof(m->started)) && m->started[0])
		err |= set(o, "startTimeUtc", ca_json_str(m->started));
	if (memchr(m->finished, '\0', sizeof(m->finished)) && m->finished[0])
		err |= set(o, "endTimeUtc", ca_json_str(m->finished));
	for (size_t i = 0; i < inv->nerrors; i++) {
		json_t *n = json_object(), *locs = json_array();
		struct strbuf sb = STRBUF_INIT(TEXT_CAP);

		add_text(&sb,
		    inv->errors[i].error ? inv->errors[i].error : "error");
		err |= set(n, "level", json_string("warning"));
		err |= set(n, "message", message(sb.buf));
		err |= push(locs, location(inv->errors[i].path, 0));
		err |= set(n, "locations", locs);
		err |= push(notes, n);
		strbuf_release(&sb);
	}
	if (inv->nerrors)
		err |= set(o, "toolExecutionNotifications", notes);
	else
		json_decref(notes);
	return ca_json_done(o, err);
}

/* Returns a new reference to {"ROOT": {"uri": "file:///root/"}}, or NULL
 * when the root is not an absolute path (then there is nothing true to
 * say). 'root' is borrowed. */
static json_t *
base_ids(const char *root)
{
	struct strbuf sb = STRBUF_INIT(TEXT_CAP);
	json_t *o, *loc;
	char *path;
	int err = 0;

	if (!root || root[0] != '/')
		return NULL;
	path = uri_path(root);
	(void)strbuf_addstr(&sb, "file:///");
	if (strcmp(path, ".")) {
		(void)strbuf_addstr(&sb, path);
		if (sb.len && sb.buf[sb.len - 1] != '/')
			(void)strbuf_addch(&sb, '/');
	}
	free(path);
	o = json_object();
	loc = json_object();
	if (!o || !loc || !sb.len) {
		json_decref(o);
		json_decref(loc);
		strbuf_release(&sb);
		return NULL;
	}
	err |= set(loc, "uri", json_string(sb.buf));
	err |= set(o, BASE_ID, loc);
	strbuf_release(&sb);
	return ca_json_done(o, err);
}

/* Returns a new reference to the run's property bag, or NULL; 'm' is
 * borrowed. */
static json_t *
run_props(const struct ca_scan_meta *m)
{
	json_t *o = json_object(), *stats = json_object();
	int err = 0;

	if (!o || !stats) {
		json_decref(o);
		json_decref(stats);
		return NULL;
	}
	err |= set(o, "schema", json_string("credatlas/1"));
	err |= set(o, "target_type",
	    ca_json_str(m->target_type ? m->target_type : "dir"));
	err |= set(o, "root", ca_json_str(m->root ? m->root : "/"));
	err |= set(o, "key_id", ca_json_str(m->key_id));
	err |= set(stats, "files", json_integer((json_int_t)m->stats.files));
	err |= set(stats, "bytes", json_integer((json_int_t)m->stats.bytes));
	err |= set(stats, "skipped",
	    json_integer((json_int_t)m->stats.skipped));
	err |= set(stats, "errors", json_integer((json_int_t)m->stats.errors));
	err |= set(stats, "ignored",
	    json_integer((json_int_t)m->stats.ignored));
	err |= set(o, "stats", stats);
	return ca_json_done(o, err);
}

/* Returns a new reference to the whole log, or NULL; 'inv' is
 * borrowed. */
static json_t *
document(const struct ca_inventory *inv)
{
	struct rules rs = { NULL, 0, 0 };
	json_t *doc = json_object(), *runs = json_array(), *run = json_object();
	json_t *results = json_array(), *invs = json_array(), *bases;
	int err = 0;

	if (!doc || !runs || !run || !results || !invs) {
		json_decref(doc);
		json_decref(runs);
		json_decref(run);
		json_decref(results);
		json_decref(invs);
		return NULL;
	}
	rules_collect(&rs, inv);
	for (size_t i = 0; i < inv->ncreds; i++) {
		const struct ca_credential *c = inv->creds[i];
		if (!c->nlocations)
			err |= push(results, result(c, NULL, &rs));
		for (size_t j = 0; j < c->nlocations; j++)
			err |= push(results, result(c, &c->locations[j], &rs));
	}
	err |= set(doc, "$schema", json_string(SARIF_SCHEMA));
	err |= set(doc, "version", json_string("2.1.0"));
	err |= set(run, "tool", tool_json(&rs));
	err |= push(invs, invocation_json(inv));
	err |= set(run, "invocations", invs);
	bases = base_ids(inv->meta.root ? inv->meta.root : "/");
	if (bases)
		err |= set(run, "originalUriBaseIds", bases);
	err |= set(run, "results", results);
	err |= set(run, "properties", run_props(&inv->meta));
	err |= push(runs, run);
	err |= set(doc, "runs", runs);
	free(rs.v);
	return ca_json_done(doc, err);
}

/* 'out', 'inv' and 'opts' are borrowed. */
static int
sarif_write(FILE *out, const struct ca_inventory *inv,
    const struct ca_emit_opts *opts)
{
	(void)opts;
	return ca_json_dump(out, document(inv), "the SARIF report");
}

/* "x.sarif.json" is SARIF, not JSON: the longest extension wins. */
static const char *const sarif_extensions[] = { ".sarif", ".sarif.json", NULL };

const struct ca_emitter ca_emitter_sarif = {
	.format = "sarif",
	.extensions = sarif_extensions,
	.write = sarif_write,
};
