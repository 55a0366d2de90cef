/* cmd_diff.c - `credatlas diff`: what is new, gone and changed (tier,
 * risk, owner, locations) between two scans, stored in one inventory or
 * given as two reports, as text or JSON; --fail-on gates on what is new.
 *
 * Credentials are matched by fingerprint, which only works when both
 * scans used the same fingerprint key: scans under different keys are
 * refused rather than reported as all new and all gone. */
#include "lib/compat.h"
#include <jansson.h>
#include "cli/cmds.h"
#include "cli/output.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "report/formats/emit.h"
#include "report/formats/load.h"
#include "report/formats/sqlite.h"
#include "lib/banned.h"

enum {
	OPT_DB = 1,
	OPT_FORMAT,
	OPT_OUTPUT,
	OPT_FAIL_ON,
	OPT_HELP,
};

static const struct cli_opt diff_opts[] = {
	{ "db", 0, true, "FILE", "compare scans stored in FILE, by id",
	  OPT_DB },
	{ "format", 'f', true, "FMT", "text (default) or json", OPT_FORMAT },
	{ "output", 'o', true, "FILE", "write to FILE instead of stdout",
	  OPT_OUTPUT },
	{ "fail-on", 0, true, "LEVEL",
	  "exit 1 when a new credential is at or above it", OPT_FAIL_ON },
	{ "help", 'h', false, NULL, "show this help", OPT_HELP },
	{ NULL, 0, false, NULL, NULL, 0 },
};

const struct cli_cmd cmd_diff_def = {
	.name = "diff",
	.synopsis = "[--db FILE] [-f FMT] [-o FILE] [--fail-on LEVEL] "
		    "[A [B]]",
	.summary = "Show what is new, gone and changed between two scans or "
		   "reports.",
	.opts = diff_opts,
};

struct diff_args {
	const char *db;
	const char *output;
	bool json, help;
	struct cli_fail_on fail;
};

/* One end of the comparison. */
struct side {
	const char *source; /* the file, borrowed from argv */
	int64_t scan;       /* its id in a database, 0 for a JSON report */
	struct ca_inventory *inv;
};

struct change {
	const struct ca_credential *from, *to;
	bool tier, risk, owner;
	const struct ca_location **added, **removed;
	size_t nadded, nremoved;
};

struct diff {
	const struct ca_credential **added, **gone;
	size_t nadded, ngone;
	struct change *changed;
	size_t nchanged;
};

/* 'arg' and 'v' are borrowed. */
static int
on_opt(void *arg, int id, const char *v)
{
	struct diff_args *a = arg;

	switch (id) {
	case OPT_DB:
		a->db = v;
		break;
	case OPT_FORMAT:
		if (strcmp(v, "text") && strcmp(v, "json"))
			return ca_error("diff: --format takes text or json, "
			    "not '%s'", v);
		a->json = !strcmp(v, "json");
		break;
	case OPT_OUTPUT:
		a->output = v;
		break;
	case OPT_FAIL_ON:
		return cli_parse_fail_on("diff", v, &a->fail);
	case OPT_HELP:
		a->help = true;
		break;
	}
	return 0;
}

/* 's' is borrowed. */
static int
parse_scan_id(const char *s, int64_t *id)
{
	unsigned int v;

	if (cli_parse_uint(s, INT32_MAX, &v) < 0)
		return ca_error("diff: with --db, A and B are scan ids (see "
		    "'credatlas report --db FILE --list'), not '%s'", s);
	*id = v;
	return 0;
}

/* Loads both sides from one database: scans A and B, B and the scan of
 * its target before it, or the latest scan and the one before it.
 * 'path' and 'ops' are borrowed; the inventories in 'a' and 'b' are owned
 * by the caller. */
static int
load_db_sides(const char *path, char **ops, int nops, struct side *a,
    struct side *b)
{
	struct ca_db *db;
	int ret = -1;

	a->source = b->source = path;
	if (nops > 2)
		return ca_error("diff: give at most two scan ids");
	if (ca_db_open(path, CA_DB_READ, &db) < 0)
		return -1;
	if (nops == 2) {
		if (parse_scan_id(ops[0], &a->scan) < 0 ||
		    parse_scan_id(ops[1], &b->scan) < 0)
			goto out;
	} else {
		if (nops == 1 && parse_scan_id(ops[0], &b->scan) < 0)
			goto out;
		if (!nops && ca_db_latest_scan(db, &b->scan) < 0)
			goto out;
		if (!b->scan) {
			ca_error("inventory '%s' holds no scans", path);
			goto out;
		}
		if (ca_db_previous_scan(db, b->scan, &a->scan) < 0)
			goto out;
		if (!a->scan) {
			ca_error("diff: scan %lld is the first of its target "
			    "in '%s'; give two scan ids", (long long)b->scan,
			    path);
			goto out;
		}
	}
	if (ca_load_db_scan(db, a->scan, &a->inv, NULL) < 0 ||
	    ca_load_db_scan(db, b->scan, &b->inv, NULL) < 0)
		goto out;
	ret = 0;
out:
	ca_db_close(db);
	return ret;
}

/* 'a' and 'b' are borrowed. */
static bool
same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* 'c' and 'l' are borrowed. */
static bool
has_location(const struct ca_credential *c, const struct ca_location *l)
{
	for (size_t i = 0; i < c->nlocations; i++)
		if (c->locations[i].line == l->line &&
		    !strcmp(c->locations[i].path, l->path))
			return true;
	return false;
}

/* Fills 'd'; the pointers are borrowed from the two inventories. */
static void
compute(const struct ca_inventory *from, const struct ca_inventory *to,
    struct diff *d)
{
	memset(d, 0, sizeof(*d));
	if (to->ncreds) {
		d->added = xcalloc(to->ncreds, sizeof(*d->added));
		d->changed = xcalloc(to->ncreds, sizeof(*d->changed));
	}
	if (from->ncreds)
		d->gone = xcalloc(from->ncreds, sizeof(*d->gone));
	for (size_t i = 0; i < from->ncreds; i++)
		if (!ca_inventory_get(to, from->creds[i]->id))
			d->gone[d->ngone++] = from->creds[i];
	for (size_t i = 0; i < to->ncreds; i++) {
		const struct ca_credential *t = to->creds[i];
		const struct ca_credential *f = ca_inventory_get(from, t->id);
		struct change *ch;

		if (!f) {
			d->added[d->nadded++] = t;
			continue;
		}
		ch = &d->changed[d->nchanged];
		memset(ch, 0, sizeof(*ch));
		ch->from = f;
		ch->to = t;
		ch->tier = f->tier != t->tier;
		ch->risk = f->risk != t->risk;
		ch->owner = f->owner.uid != t->owner.uid ||
		    !same_str(f->owner.user, t->owner.user);
		for (size_t j = 0; j < t->nlocations; j++) {
			if (has_location(f, &t->locations[j]))
				continue;
			ch->added = xrealloc(ch->added,
			    (ch->nadded + 1) * sizeof(*ch->added));
			ch->added[ch->nadded++] = &t->locations[j];
		}
		for (size_t j = 0; j < f->nlocations; j++) {
			if (has_location(t, &f->locations[j]))
				continue;
			ch->removed = xrealloc(ch->removed,
			    (ch->nremoved + 1) * sizeof(*ch->removed));
			ch->removed[ch->nremoved++] = &f->locations[j];
		}
		if (ch->tier || ch->risk || ch->owner || ch->nadded ||
		    ch->nremoved)
			d->nchanged++;
		else {
			free(ch->added);
			free(ch->removed);
		}
	}
}

/* 'd' is borrowed; what it holds is freed. */
static void
diff_release(struct diff *d)
{
	for (size_t i = 0; i < d->nchanged; i++) {
		free(d->changed[i].added);
		free(d->changed[i].removed);
	}
	free(d->added);
	free(d->gone);
	free(d->changed);
}

/* ---- text ---------------------------------------------------------- */

/* Prints 's' (borrowed) escaped for the terminal. */
static void
put_esc(FILE *out, const char *s)
{
	char *e = cli_term_escape(s ? s : "");

	fputs(e, out);
	free(e);
}

/* 'out', 'label' and 's' are borrowed. */
static void
text_side(FILE *out, const char *label, const struct side *s)
{
	const struct ca_scan_meta *m = &s->inv->meta;

	fprintf(out, "%s ", label);
	if (s->scan)
		fprintf(out, "scan %lld of ", (long long)s->scan);
	put_esc(out, s->source);
	fputs(" (", out);
	if (m->host) {
		put_esc(out, m->host);
		fputc(' ', out);
	}
	put_esc(out, m->target_type);
	fputc(':', out);
	put_esc(out, m->root);
	fprintf(out, ", %s)\n", m->started);
}

/* 'out' and 'o' are borrowed. */
static void
text_owner(FILE *out, const struct ca_owner *o)
{
	if (o->user)
		put_esc(out, o->user);
	if (o->uid >= 0)
		fprintf(out, o->user ? " (uid %lld)" : "uid %lld",
		    (long long)o->uid);
	if (!o->user && o->uid < 0)
		fputs("unowned", out);
}

/* 'out', 'mark' and 'l' are borrowed. */
static void
text_location(FILE *out, const char *mark, const struct ca_location *l)
{
	fprintf(out, "         %s", mark);
	put_esc(out, l->path);
	if (l->line)
		fprintf(out, ":%u", l->line);
	fputc('\n', out);
}

/* The credential's headline: what, how bad, its preview and short id.
 * 'out', 'what' and 'c' are borrowed. */
static void
text_head(FILE *out, const char *what, const struct ca_credential *c)
{
	fprintf(out, "%-8s %-8s %-6s ", what, ca_risk_name(c->risk),
	    ca_tier_name(c->tier));
	put_esc(out, c->kind);
	fputs("  ", out);
	put_esc(out, c->redacted ? c->redacted : "-");
	if (c->identity) {
		fputs("  ", out);
		put_esc(out, c->identity);
	}
	fprintf(out, "  %.12s\n", c->id);
}

/* 'out', 'a', 'b' and 'd' are borrowed. */
static int
text_write(FILE *out, const struct side *a, const struct side *b,
    const struct diff *d)
{
	text_side(out, "from:", a);
	text_side(out, "to:  ", b);
	for (size_t i = 0; i < d->nadded; i++) {
		text_head(out, "new", d->added[i]);
		for (size_t j = 0; j < d->added[i]->nlocations; j++)
			text_location(out, "", &d->added[i]->locations[j]);
	}
	for (size_t i = 0; i < d->ngone; i++) {
		text_head(out, "gone", d->gone[i]);
		for (size_t j = 0; j < d->gone[i]->nlocations; j++)
			text_location(out, "", &d->gone[i]->locations[j]);
	}
	for (size_t i = 0; i < d->nchanged; i++) {
		const struct change *ch = &d->changed[i];

		text_head(out, "changed", ch->to);
		if (ch->tier)
			fprintf(out, "         tier %s -> %s\n",
			    ca_tier_name(ch->from->tier),
			    ca_tier_name(ch->to->tier));
		if (ch->risk)
			fprintf(out, "         risk %s -> %s\n",
			    ca_risk_name(ch->from->risk),
			    ca_risk_name(ch->to->risk));
		if (ch->owner) {
			fputs("         owner ", out);
			text_owner(out, &ch->from->owner);
			fputs(" -> ", out);
			text_owner(out, &ch->to->owner);
			fputc('\n', out);
		}
		for (size_t j = 0; j < ch->nadded; j++)
			text_location(out, "+ ", ch->added[j]);
		for (size_t j = 0; j < ch->nremoved; j++)
			text_location(out, "- ", ch->removed[j]);
	}
	fprintf(out, "%zu new, %zu gone, %zu changed\n", d->nadded, d->ngone,
	    d->nchanged);
	if (fflush(out) || ferror(out))
		return ca_error("cannot write the diff: %s", strerror(errno));
	return 0;
}

/* ---- JSON ---------------------------------------------------------- */

/* Returns a new reference to a JSON string for 's' (borrowed; NULL gives
 * null), escaping bytes that are not UTF-8, or NULL on OOM. */
static json_t *
jstr(const char *s)
{
	json_t *j;
	char *esc;

	if (!s)
		return json_null();
	j = json_string(s);
	if (j)
		return j;
	esc = ca_utf8_escape(s);
	j = json_string(esc);
	free(esc);
	return j;
}

/* Takes ownership of 'v'. Returns 0 or -1. */
static int
set(json_t *o, const char *key, json_t *v)
{
	return json_object_set_new(o, key, v) ? -1 : 0;
}

/* Returns a new reference, or NULL. */
static json_t *
juid(int64_t uid)
{
	return uid < 0 ? json_null() : json_integer((json_int_t)uid);
}

/* Returns a new reference, or NULL; 'l' is borrowed. */
static json_t *
location_json(const struct ca_location *l)
{
	json_t *o = json_object();
	int err = 0;

	if (!o)
		return NULL;
	err |= set(o, "path", jstr(l->path));
	err |= set(o, "line", l->line ? json_integer(l->line) : json_null());
	if (err) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Returns a new reference, or NULL; 'ow' is borrowed. */
static json_t *
owner_json(const struct ca_owner *ow)
{
	json_t *o = json_object();
	int err = 0;

	if (!o)
		return NULL;
	err |= set(o, "user", jstr(ow->user));
	err |= set(o, "uid", juid(ow->uid));
	if (err) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Returns a new reference, or NULL; 'c' is borrowed. The fields of the
 * report's credential objects that say what and where it is. */
static json_t *
credential_json(const struct ca_credential *c)
{
	const struct ca_kind *k = ca_kind_find(c->kind);
	json_t *o = json_object(), *locs = json_array();
	int err = 0;

	if (!o || !locs) {
		json_decref(o);
		json_decref(locs);
		return NULL;
	}
	err |= set(o, "id", jstr(c->id));
	err |= set(o, "surface", jstr(c->surface));
	err |= set(o, "kind", jstr(c->kind));
	err |= set(o, "label", jstr(k ? k->label : c->kind));
	err |= set(o, "redacted", jstr(c->redacted));
	err |= set(o, "identity", jstr(c->identity));
	err |= set(o, "owner", owner_json(&c->owner));
	err |= set(o, "tier", json_string(ca_tier_name(c->tier)));
	err |= set(o, "risk", json_string(ca_risk_name(c->risk)));
	err |= set(o, "expires", jstr(c->expires));
	err |= set(o, "standing", json_boolean(c->standing));
	for (size_t i = 0; i < c->nlocations; i++)
		err |= json_array_append_new(locs,
		    location_json(&c->locations[i]));
	err |= set(o, "locations", locs);
	if (err) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Returns {"from": a, "to": b}, a new reference, or NULL. Takes
 * ownership of both. */
static json_t *
from_to(json_t *a, json_t *b)
{
	json_t *o = json_object();

	if (!o || set(o, "from", a) || set(o, "to", b)) {
		if (!o) {
			json_decref(a);
			json_decref(b);
		}
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Returns a new reference, or NULL; 'v' is borrowed. */
static json_t *
locations_json(const struct ca_location *const *v, size_t n)
{
	json_t *arr = json_array();

	if (!arr)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (json_array_append_new(arr, location_json(v[i]))) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

/* Returns a new reference, or NULL; 'ch' is borrowed. */
static json_t *
change_json(const struct change *ch)
{
	json_t *o = credential_json(ch->to), *c = json_object();
	int err = 0;

	if (!o || !c) {
		json_decref(o);
		json_decref(c);
		return NULL;
	}
	if (ch->tier)
		err |= set(c, "tier", from_to(
		    json_string(ca_tier_name(ch->from->tier)),
		    json_string(ca_tier_name(ch->to->tier))));
	if (ch->risk)
		err |= set(c, "risk", from_to(
		    json_string(ca_risk_name(ch->from->risk)),
		    json_string(ca_risk_name(ch->to->risk))));
	if (ch->owner)
		err |= set(c, "owner", from_to(owner_json(&ch->from->owner),
		    owner_json(&ch->to->owner)));
	if (ch->nadded || ch->nremoved) {
		json_t *l = json_object();
		if (l) {
			err |= set(l, "added", locations_json(ch->added,
			    ch->nadded));
			err |= set(l, "removed", locations_json(ch->removed,
			    ch->nremoved));
		}
		err |= set(c, "locations", l);
	}
	err |= set(o, "changes", c);
	if (err) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Returns a new reference, or NULL; 's' is borrowed. */
static json_t *
side_json(const struct side *s)
{
	const struct ca_scan_meta *m = &s->inv->meta;
	json_t *o = json_object(), *t = json_object();
	int err = 0;

	if (!o || !t) {
		json_decref(o);
		json_decref(t);
		return NULL;
	}
	err |= set(o, "source", jstr(s->source));
	err |= set(o, "scan", s->scan ? json_integer(s->scan) : json_null());
	err |= set(o, "host", jstr(m->host));
	err |= set(t, "type", jstr(m->target_type));
	err |= set(t, "root", jstr(m->root));
	err |= set(o, "target", t);
	err |= set(o, "started", jstr(m->started));
	err |= set(o, "finished", jstr(m->finished));
	if (err) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Returns a new reference, or NULL; 'v' is borrowed. */
static json_t *
creds_json(const struct ca_credential *const *v, size_t n)
{
	json_t *arr = json_array();

	if (!arr)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (json_array_append_new(arr, credential_json(v[i]))) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

/* 'out', 'a', 'b' and 'd' are borrowed. */
static int
json_write(FILE *out, const struct side *a, const struct side *b,
    const struct diff *d)
{
	json_t *doc = json_object(), *sum = json_object(), *ch = json_array();
	int err = 0;

	if (!doc || !sum || !ch) {
		json_decref(doc);
		json_decref(sum);
		json_decref(ch);
		return ca_error("cannot build the diff: out of memory");
	}
	err |= set(doc, "schema", json_string("credatlas-diff/1"));
	err |= set(doc, "key_id", jstr(b->inv->meta.key_id));
	err |= set(doc, "from", side_json(a));
	err |= set(doc, "to", side_json(b));
	err |= set(sum, "new", json_integer((json_int_t)d->nadded));
	err |= set(sum, "gone", json_integer((json_int_t)d->ngone));
	err |= set(sum, "changed", json_integer((json_int_t)d->nchanged));
	err |= set(doc, "summary", sum);
	err |= set(doc, "new", creds_json(d->added, d->nadded));
	err |= set(doc, "gone", creds_json(d->gone, d->ngone));
	for (size_t i = 0; i < d->nchanged; i++)
		err |= json_array_append_new(ch, change_json(&d->changed[i]));
	err |= set(doc, "changed", ch);
	if (err) {
		json_decref(doc);
		return ca_error("cannot build the diff: out of memory");
	}
	err = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (err || fputc('\n', out) == EOF)
		return ca_error("cannot write the diff: %s", strerror(errno));
	return 0;
}

/* 'a' and 'd' are borrowed. */
static bool
fails(const struct diff_args *a, const struct diff *d)
{
	for (size_t i = 0; i < d->nadded; i++)
		if (cli_fail_on_hit(&a->fail, d->added[i]))
			return true;
	return false;
}

/* 'argv' is borrowed. */
int
cmd_diff(int argc, char **argv)
{
	struct diff_args a;
	struct side from, to;
	struct diff d;
	struct cli_report_file rf;
	int first, nops, ret = CA_EXIT_ERROR, wret;

	memset(&a, 0, sizeof(a));
	memset(&from, 0, sizeof(from));
	memset(&to, 0, sizeof(to));
	memset(&d, 0, sizeof(d));
	a.fail = (struct cli_fail_on)CLI_FAIL_ON_INIT;
	first = cli_parse(&cmd_diff_def, argc, argv, on_opt, &a);
	if (first < 0)
		return CA_EXIT_ERROR;
	if (a.help) {
		cli_usage(stdout, &cmd_diff_def);
		return CA_EXIT_OK;
	}
	nops = argc - first;
	if (a.db) {
		if (load_db_sides(a.db, argv + first, nops, &from, &to) < 0)
			goto out;
	} else {
		if (nops != 2) {
			ca_error("diff: give two reports or inventories, or "
			    "--db FILE and scan ids (see 'credatlas diff "
			    "--help')");
			goto out;
		}
		from.source = argv[first];
		to.source = argv[first + 1];
		if (ca_load(from.source, 0, &from.inv, &from.scan) < 0 ||
		    ca_load(to.source, 0, &to.inv, &to.scan) < 0)
			goto out;
	}
	if (strcmp(from.inv->meta.key_id, to.inv->meta.key_id)) {
		ca_error("diff: cannot compare '%s' (key %s) with '%s' (key "
		    "%s): fingerprints under different keys cannot be "
		    "compared", from.source, from.inv->meta.key_id, to.source,
		    to.inv->meta.key_id);
		goto out;
	}
	compute(from.inv, to.inv, &d);
	if (cli_report_file_open(&rf, a.output ? a.output : "-") < 0)
		goto out;
	if (a.json)
		wret = json_write(rf.fp, &from, &to, &d);
	else
		wret = text_write(rf.fp, &from, &to, &d);
	if (cli_report_file_close(&rf, wret == 0) < 0)
		goto out;
	ret = fails(&a, &d) ? CA_EXIT_FINDINGS : CA_EXIT_OK;
out:
	diff_release(&d);
	ca_inventory_free(from.inv);
	ca_inventory_free(to.inv);
	return ret;
}
