/* diff.c - `credatlas diff`: the comparison of two scans and its text and
 * JSON renderings; see diff.h.
 *
 * The JSON document describes credentials, owners and locations with the
 * report's serialiser (json.c, the brief view), so nothing here decides
 * what a credential looks like in JSON. */
#include "lib/compat.h"
#include <jansson.h>
#include "lib/log.h"
#include "lib/xalloc.h"
#include "report/formats/diff.h"
#include "report/formats/emit.h"
#include "report/formats/json_p.h"
#include "lib/banned.h"

/* ---- the comparison ------------------------------------------------ */

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
    struct ca_diff *d)
{
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
		struct ca_diff_change *ch;

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

void
ca_diff_release(struct ca_diff *d)
{
	for (size_t i = 0; i < d->nchanged; i++) {
		free(d->changed[i].added);
		free(d->changed[i].removed);
	}
	free(d->added);
	free(d->gone);
	free(d->changed);
	memset(d, 0, sizeof(*d));
}

int
ca_diff_compute(const struct ca_diff_side *from, const struct ca_diff_side *to,
    struct ca_diff *d)
{
	memset(d, 0, sizeof(*d));
	if (strcmp(from->inv->meta.key_id, to->inv->meta.key_id))
		return ca_error(
		    "diff: cannot compare '%s' (key %s) with '%s' "
		    "(key %s): fingerprints under different keys cannot be "
		    "compared",
		    from->source, from->inv->meta.key_id, to->source,
		    to->inv->meta.key_id);
	compute(from->inv, to->inv, d);
	d->from = from;
	d->to = to;
	return 0;
}

bool
ca_diff_fails(const struct ca_diff *d, int tier, int risk)
{
	for (size_t i = 0; i < d->nadded; i++) {
		const struct ca_credential *c = d->added[i];
		if (tier >= 0 && (int)c->tier >= tier)
			return true;
		if (risk >= 0 && (int)c->risk >= risk)
			return true;
	}
	return false;
}

/* ---- text ---------------------------------------------------------- */

/* Prints 's' (borrowed) escaped for the terminal. */
static void
put_esc(FILE *out, const char *s)
{
	char *e = ca_term_escape(s ? s : "");

	fputs(e, out);
	free(e);
}

/* 'out', 'label' and 's' are borrowed. */
static void
text_side(FILE *out, const char *label, const struct ca_diff_side *s)
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

/* 'out' and 'd' are borrowed. */
int
ca_diff_write_text(FILE *out, const struct ca_diff *d)
{
	text_side(out, "from:", d->from);
	text_side(out, "to:  ", d->to);
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
		const struct ca_diff_change *ch = &d->changed[i];

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

/* Takes ownership of 'v'. Returns 0 or -1. */
static int
set(json_t *o, const char *key, json_t *v)
{
	return json_object_set_new(o, key, v) ? -1 : 0;
}

/* Returns {"from": a, "to": b}, a new reference, or NULL. Takes
 * ownership of both. */
static json_t *
from_to(json_t *a, json_t *b)
{
	json_t *o = json_object();

	if (!o) {
		json_decref(a);
		json_decref(b);
		return NULL;
	}
	if (set(o, "from", a) | set(o, "to", b)) {
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
	int err = 0;

	if (!arr)
		return NULL;
	for (size_t i = 0; i < n; i++)
		err |= json_array_append_new(arr,
		    ca_json_location(v[i], CA_JSON_BRIEF));
	return ca_json_done(arr, err);
}

/* Returns a new reference, or NULL; 'ch' is borrowed. The credential as
 * it is now, and what changed from the earlier scan. */
static json_t *
change_json(const struct ca_diff_change *ch)
{
	json_t *o = ca_json_credential_view(ch->to, CA_JSON_BRIEF);
	json_t *c = json_object();
	int err = 0;

	if (!o || !c) {
		json_decref(o);
		json_decref(c);
		return NULL;
	}
	if (ch->tier)
		err |= set(c, "tier",
		    from_to(json_string(ca_tier_name(ch->from->tier)),
		        json_string(ca_tier_name(ch->to->tier))));
	if (ch->risk)
		err |= set(c, "risk",
		    from_to(json_string(ca_risk_name(ch->from->risk)),
		        json_string(ca_risk_name(ch->to->risk))));
	if (ch->owner)
		err |= set(c, "owner",
		    from_to(ca_json_owner(&ch->from->owner, CA_JSON_BRIEF),
		        ca_json_owner(&ch->to->owner, CA_JSON_BRIEF)));
	if (ch->nadded || ch->nremoved) {
		json_t *l = json_object();
		if (l) {
			err |= set(l, "added",
			    locations_json(ch->added, ch->nadded));
			err |= set(l, "removed",
			    locations_json(ch->removed, ch->nremoved));
		}
		err |= set(c, "locations", l);
	}
	err |= set(o, "changes", c);
	return ca_json_done(o, err);
}

/* Returns a new reference, or NULL; 's' is borrowed. */
static json_t *
side_json(const struct ca_diff_side *s)
{
	const struct ca_scan_meta *m = &s->inv->meta;
	json_t *o = json_object(), *t = json_object();
	int err = 0;

	if (!o || !t) {
		json_decref(o);
		json_decref(t);
		return NULL;
	}
	err |= set(o, "source", ca_json_str_or_null(s->source));
	err |= set(o, "scan", s->scan ? json_integer(s->scan) : json_null());
	err |= set(o, "host", ca_json_str_or_null(m->host));
	err |= set(t, "type", ca_json_str_or_null(m->target_type));
	err |= set(t, "root", ca_json_str_or_null(m->root));
	err |= set(o, "target", t);
	err |= set(o, "started", ca_json_str_or_null(m->started));
	err |= set(o, "finished", ca_json_str_or_null(m->finished));
	return ca_json_done(o, err);
}

/* Returns a new reference, or NULL; 'v' is borrowed. */
static json_t *
creds_json(const struct ca_credential *const *v, size_t n)
{
	json_t *arr = json_array();
	int err = 0;

	if (!arr)
		return NULL;
	for (size_t i = 0; i < n; i++)
		err |= json_array_append_new(arr,
		    ca_json_credential_view(v[i], CA_JSON_BRIEF));
	return ca_json_done(arr, err);
}

/* Returns a new reference to the whole document, or NULL; 'd' is
 * borrowed. */
static json_t *
document(const struct ca_diff *d)
{
	json_t *doc = json_object(), *sum = json_object(), *ch = json_array();
	int err = 0;

	if (!doc || !sum || !ch) {
		json_decref(doc);
		json_decref(sum);
		json_decref(ch);
		return NULL;
	}
	err |= set(doc, "schema", json_string("credatlas-diff/1"));
	err |= set(doc, "key_id", ca_json_str(d->to->inv->meta.key_id));
	err |= set(doc, "from", side_json(d->from));
	err |= set(doc, "to", side_json(d->to));
	err |= set(sum, "new", json_integer((json_int_t)d->nadded));
	err |= set(sum, "gone", json_integer((json_int_t)d->ngone));
	err |= set(sum, "changed", json_integer((json_int_t)d->nchanged));
	err |= set(doc, "summary", sum);
	err |= set(doc, "new", creds_json(d->added, d->nadded));
	err |= set(doc, "gone", creds_json(d->gone, d->ngone));
	for (size_t i = 0; i < d->nchanged; i++)
		err |= json_array_append_new(ch, change_json(&d->changed[i]));
	err |= set(doc, "changed", ch);
	return ca_json_done(doc, err);
}

/* 'out' and 'd' are borrowed. */
int
ca_diff_write_json(FILE *out, const struct ca_diff *d)
{
	return ca_json_dump(out, document(d), "the diff");
}
