/* redact_gate.c - see redact_gate.h.
 *
 * The rules are compiled once per process (pthread_once) and never freed:
 * fuzz targets and tests create a gate per input, and a second database
 * per scan would double the start-up cost. Each gate owns its own rule
 * scratch, apart from the scratch scanning the file: emit() runs inside
 * the file scan's hit callback, where that scratch is busy. */
#include "lib/compat.h"
#include <pthread.h>
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/redact.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "scanners/rules/rules.h"
#include "scanners/core/redact_gate.h"
#include "lib/banned.h"

/* No rule matches fewer bytes than this, so shorter strings skip the
 * engine. */
#define GATE_MIN_LEN 8
/* A string longer than this is cut (with an ellipsis) rather than passed
 * on unread: no output field is that long. */
#define GATE_MAX_LEN    ((size_t)1 << 20)
#define GATE_CUT_MARGIN ((size_t)16 << 10) /* longer than any secret */
/* What is dropped from the end of a message that fills its buffer: more
 * than any token a message could quote. */
#define GATE_TAIL 128

struct ca_gate {
	struct ca_rule_scratch *sc;
	struct arena *scratch; /* identity strings of the rule engine */
};

static pthread_once_t gate_once = PTHREAD_ONCE_INIT;
static struct ca_ruleset *gate_rules; /* process-wide, never freed */

static void
gate_compile(void)
{
	if (ca_ruleset_compile(&gate_rules) < 0)
		gate_rules = NULL;
}

struct ca_ruleset *
ca_gate_ruleset(void)
{
	pthread_once(&gate_once, gate_compile);
	return gate_rules;
}

struct ca_gate *
ca_gate_new(void)
{
	struct ca_gate *g;

	pthread_once(&gate_once, gate_compile);
	if (!gate_rules)
		return NULL;
	g = xcalloc(1, sizeof(*g));
	g->sc = ca_rule_scratch_new(gate_rules);
	if (!g->sc) {
		free(g);
		return NULL;
	}
	g->scratch = arena_new(4096);
	return g;
}

void
ca_gate_free(struct ca_gate *g)
{
	if (!g)
		return;
	ca_rule_scratch_free(g->sc);
	arena_free(g->scratch);
	free(g);
}

struct rewrite {
	const char *s;
	struct strbuf out;
	size_t done; /* bytes of 's' already copied or replaced */
	bool changed;
};

static int
on_gate_hit(void *arg, const struct ca_rule_hit *hit)
{
	struct rewrite *rw = arg;
	char preview[64];

	if (hit->start < rw->done || hit->end <= hit->start)
		return 0; /* inside a span already replaced */
	ca_redact(hit->secret, hit->secret_len, hit->preview_prefix, preview,
	    sizeof(preview));
	strbuf_add(&rw->out, rw->s + rw->done, hit->start - rw->done);
	strbuf_addstr(&rw->out, preview);
	rw->done = hit->end;
	rw->changed = true;
	return 0;
}

/* Rewrites 's' (borrowed) into rw->out; true when the string changed. */
static bool
gate_rewrite(struct ca_gate *g, const char *s, struct rewrite *rw)
{
	size_t len = strnlen(s, GATE_MAX_LEN);
	bool cut = s[len] != '\0';

	rw->s = s;
	rw->done = 0;
	rw->changed = false;
	/* Each replacement is at most a preview (under 64 bytes). */
	strbuf_init(&rw->out, len + 64 * (len / GATE_MIN_LEN + 1) + 4);
	if (len < GATE_MIN_LEN)
		return false;
	/* After a stop (too many candidates) or an engine failure (which
	 * the engine reported), only what precedes the last hit is known to
	 * be clean: the rest is dropped. */
	if (ca_rules_scan(gate_rules, g->sc, s, len, g->scratch, on_gate_hit,
	        rw) != 0) {
		cut = true;
		len = rw->done;
	}
	arena_reset(g->scratch);
	if (!rw->changed && !cut)
		return false;
	/* What was not looked at is not passed on, nor the end of the part
	 * that was, where a secret cut in two would not match. */
	if (cut)
		len = len - rw->done > GATE_CUT_MARGIN ? len - GATE_CUT_MARGIN :
		                                         rw->done;
	strbuf_add(&rw->out, s + rw->done, len - rw->done);
	if (cut)
		strbuf_addstr(&rw->out, "\xe2\x80\xa6");
	return true;
}

/* Rewrites of one string before the gate gives up on it and replaces it
 * whole. */
#define GATE_PASSES   4
#define GATE_GIVEN_UP "[redacted]"

const char *
ca_gate_str(struct ca_gate *g, struct arena *a, const char *s)
{
	struct rewrite rw;
	const char *cur = s;

	if (!g || !s)
		return s;
	/* A rewrite can bring two pieces of text together into something a
	 * rule matches again: rewrite until nothing changes. */
	for (int pass = 0;; pass++) {
		bool changed = gate_rewrite(g, cur, &rw) &&
		    strcmp(rw.out.buf, cur) != 0;

		if (changed && pass < GATE_PASSES)
			cur = arena_strndup(a, rw.out.buf, rw.out.len);
		strbuf_release(&rw.out);
		if (!changed)
			return cur;
		if (pass == GATE_PASSES)
			return GATE_GIVEN_UP;
	}
}

void
ca_gate_buf(struct ca_gate *g, char *buf, size_t cap)
{
	struct rewrite rw;
	size_t n;

	if (!g || !cap)
		return;
	/* A message that fills its buffer was probably cut by vsnprintf, and
	 * a secret cut in two would not match: its end is dropped. */
	n = strnlen(buf, cap);
	if (n + 1 >= cap) {
		n = n > GATE_TAIL ? n - GATE_TAIL : 0;
		if (n + 4 <= cap)
			memcpy(buf + n, "\xe2\x80\xa6", 4);
		else
			buf[n] = '\0';
	}
	for (int pass = 0;; pass++) {
		bool changed = gate_rewrite(g, buf, &rw) &&
		    strcmp(rw.out.buf, buf) != 0;

		if (changed && pass < GATE_PASSES) {
			n = rw.out.len < cap - 1 ? rw.out.len : cap - 1;
			memcpy(buf, rw.out.buf, n);
			buf[n] = '\0';
		}
		strbuf_release(&rw.out);
		if (!changed)
			return;
		if (pass == GATE_PASSES) {
			snprintf(buf, cap, "%s", GATE_GIVEN_UP);
			return;
		}
	}
}

/* Gates a NULL-terminated (or 'n'-long, when n != SIZE_MAX) list of
 * strings; returns the list itself or a rewritten copy in 'a'. */
static const char **
gate_list(struct ca_gate *g, struct arena *a, const char **list, size_t n)
{
	const char **copy = NULL;

	if (!list)
		return NULL;
	if (n == SIZE_MAX)
		for (n = 0; list[n]; n++)
			;
	for (size_t i = 0; i < n; i++) {
		const char *v = ca_gate_str(g, a, list[i]);
		if (v == list[i])
			continue;
		if (!copy) {
			copy = arena_alloc(a, (n + 1) * sizeof(*copy));
			memcpy(copy, list, n * sizeof(*copy));
			copy[n] = NULL;
		}
		copy[i] = v;
	}
	return copy ? copy : list;
}

void
ca_gate_sighting(struct ca_gate *g, struct arena *a, struct ca_sighting *s)
{
	if (!g)
		return;
	s->identity = ca_gate_str(g, a, s->identity);
	s->expires = ca_gate_str(g, a, s->expires);
	s->detail = ca_gate_str(g, a, s->detail);
	s->path = ca_gate_str(g, a, s->path);
	s->archive_entry = ca_gate_str(g, a, s->archive_entry);
	s->home = ca_gate_str(g, a, s->home);
	s->anchor = ca_gate_str(g, a, s->anchor);
	s->link = ca_gate_str(g, a, s->link);
	s->scopes = (const char *const *)gate_list(g, a,
	    (const char **)s->scopes, SIZE_MAX);
}

/* Gates one inventory string in place: a changed string is copied into
 * the inventory. 'p' is borrowed. */
static void
gate_field(struct ca_gate *g, struct ca_inventory *inv, struct arena *a,
    const char **p)
{
	const char *v = ca_gate_str(g, a, *p);

	if (v != *p)
		*p = ca_inventory_strdup(inv, v);
}

static void
gate_fields(struct ca_gate *g, struct ca_inventory *inv, struct arena *a,
    const char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		gate_field(g, inv, a, &list[i]);
}

static void
gate_credential(struct ca_gate *g, struct ca_inventory *inv, struct arena *a,
    struct ca_credential *c)
{
	gate_field(g, inv, a, &c->identity);
	gate_field(g, inv, a, &c->expires);
	gate_field(g, inv, a, &c->verify_error);
	gate_field(g, inv, a, &c->owner.user);
	gate_field(g, inv, a, &c->owner.team);
	gate_field(g, inv, a, &c->owner.contact);
	gate_fields(g, inv, a, c->reasons, c->nreasons);
	gate_fields(g, inv, a, c->scopes, c->nscopes);
	gate_fields(g, inv, a, c->anchors, c->nanchors);
	for (size_t i = 0; i < c->nlocations; i++) {
		gate_field(g, inv, a, &c->locations[i].path);
		gate_field(g, inv, a, &c->locations[i].archive_entry);
		gate_field(g, inv, a, &c->locations[i].repo);
		gate_field(g, inv, a, &c->locations[i].home);
		if (c->locations[i].git) {
			/* the inventory's own copy: a commit author or a path
			 * in history is as free-form as a file name */
			struct ca_git_origin *o =
			    (struct ca_git_origin *)c->locations[i].git;

			gate_field(g, inv, a, &o->author);
			gate_field(g, inv, a, &o->path);
			gate_field(g, inv, a, &o->repo);
		}
	}
	for (size_t i = 0; i < c->nlinks; i++)
		gate_field(g, inv, a, &c->links[i].ref);
}

void
ca_gate_inventory(struct ca_gate *g, struct ca_inventory *inv)
{
	struct arena *a;

	if (!g)
		return;
	a = arena_new(4096);
	gate_field(g, inv, a, &inv->meta.root);
	gate_field(g, inv, a, &inv->meta.host);
	gate_field(g, inv, a, &inv->meta.scope);
	for (size_t i = 0; i < inv->nerrors; i++) {
		gate_field(g, inv, a, &inv->errors[i].path);
		gate_field(g, inv, a, &inv->errors[i].error);
	}
	for (size_t i = 0; i < inv->ncreds; i++)
		gate_credential(g, inv, a, inv->creds[i]);
	for (size_t i = 0; i < inv->nignored; i++)
		gate_field(g, inv, a, &inv->ignored[i].reason);
	arena_free(a);
}

/* ---- log lines ------------------------------------------------------- */

static pthread_mutex_t log_gate_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ca_gate *log_gate; /* process-wide, never freed */
static _Thread_local bool in_log_filter;

static void
log_filter(char *msg, size_t cap)
{
	/* The engine may log a failure of its own: no recursion. */
	if (in_log_filter)
		return;
	in_log_filter = true;
	pthread_mutex_lock(&log_gate_lock);
	ca_gate_buf(log_gate, msg, cap);
	pthread_mutex_unlock(&log_gate_lock);
	in_log_filter = false;
}

int
ca_gate_install_log_filter(void)
{
	int ret = 0;

	pthread_mutex_lock(&log_gate_lock);
	if (!log_gate) {
		log_gate = ca_gate_new();
		if (log_gate)
			ca_log_set_filter(log_filter);
		else
			ret = -1;
	}
	pthread_mutex_unlock(&log_gate_lock);
	return ret;
}
