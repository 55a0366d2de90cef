/* inventory.c - credentials keyed by fingerprint, with their locations.
 *
 * Adding runs on worker threads under one mutex; the critical section is a
 * hash lookup and a few copies into the arena. Everything after the walk
 * (owners, risk, sorting) is single-threaded in ca_inventory_finish(). */
#include "lib/compat.h"
#include <pthread.h>
#include <time.h>
#include "lib/arena.h"
#include "lib/xalloc.h"
#include "report/inventory.h"
#include "report/risk.h"
#include "lib/banned.h"

struct ca_inventory_priv {
	pthread_mutex_t lock;
	struct arena *arena;
	struct ca_credential **slots; /* open addressing on the id */
	size_t nslots;
	size_t cap_creds;
	size_t cap_errors;
};

struct ca_inventory *
ca_inventory_new(void)
{
	struct ca_inventory *inv = xcalloc(1, sizeof(*inv));

	inv->priv = xcalloc(1, sizeof(*inv->priv));
	pthread_mutex_init(&inv->priv->lock, NULL);
	inv->priv->arena = arena_new(64 * 1024);
	inv->priv->nslots = 256;
	inv->priv->slots = xcalloc(inv->priv->nslots, sizeof(*inv->priv->slots));
	inv->meta.target_type = "dir";
	inv->meta.root = "/";
	return inv;
}

void
ca_inventory_free(struct ca_inventory *inv)
{
	if (!inv)
		return;
	for (size_t i = 0; i < inv->ncreds; i++) {
		free(inv->creds[i]->reasons);
		free(inv->creds[i]->scopes);
		free(inv->creds[i]->locations);
		free(inv->creds[i]->anchors);
		for (size_t j = 0; j < inv->creds[i]->nlinks; j++)
			free(inv->creds[i]->links[j].to);
		free(inv->creds[i]->links);
	}
	free(inv->creds);
	free(inv->errors);
	free(inv->priv->slots);
	arena_free(inv->priv->arena);
	pthread_mutex_destroy(&inv->priv->lock);
	free(inv->priv);
	free(inv);
}

static size_t
id_hash(const char *id)
{
	/* The id is already a keyed hash: its first hex digits are uniform. */
	size_t h = 0;
	for (int i = 0; i < 12 && id[i]; i++)
		h = h * 16 + (size_t)(id[i] <= '9' ? id[i] - '0' : id[i] - 'a' + 10);
	return h;
}

static struct ca_credential **
slot_for(struct ca_inventory_priv *p, const char *id)
{
	size_t mask = p->nslots - 1;
	size_t i = id_hash(id) & mask;

	while (p->slots[i] && strcmp(p->slots[i]->id, id))
		i = (i + 1) & mask;
	return &p->slots[i];
}

static void
grow_slots(struct ca_inventory *inv)
{
	struct ca_inventory_priv *p = inv->priv;

	free(p->slots);
	p->nslots *= 2;
	p->slots = xcalloc(p->nslots, sizeof(*p->slots));
	for (size_t i = 0; i < inv->ncreds; i++)
		*slot_for(p, inv->creds[i]->id) = inv->creds[i];
}

/* Appends 's' to a string list unless it is already there; the string is
 * copied into the arena. */
static void
list_add_unique(struct arena *a, const char ***list, size_t *n, size_t *cap,
    const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*list)[i], s))
			return;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		*list = xrealloc(*list, *cap * sizeof(**list));
	}
	(*list)[(*n)++] = arena_strdup(a, s);
}

/* Kinds that name the container a secret sits in (an assignment, a URL,
 * a credential store) rather than what the secret is. When a token-shaped
 * rule recognises the same secret, its kind is the better name. */
static bool
is_container_kind(const char *kind)
{
	static const char *const containers[] = {
		"database-url", "generic-password", "generic-secret",
		"git-credential", "git-http-extraheader", "git-remote-credential",
		"github-env-token", "jwt", "url-credential",
	};
	for (size_t i = 0; i < CA_ARRAY_SIZE(containers); i++)
		if (!strcmp(kind, containers[i]))
			return true;
	return false;
}

/* Whether a sighting names a credential better than what it has: a surface
 * parser beats a content rule, a token-shaped kind beats a container kind,
 * and otherwise the smaller rule id wins, so the result never depends on
 * which worker thread came first. */
static bool
names_better(bool structured, const char *kind, const char *rule,
    bool old_structured, const char *old_kind, const char *old_rule)
{
	bool cont = is_container_kind(kind), old_cont = is_container_kind(old_kind);

	if (structured != old_structured)
		return structured;
	if (cont != old_cont)
		return !cont;
	return strcmp(rule, old_rule) < 0;
}

static void
add_location(struct ca_inventory_priv *p, struct ca_credential *c,
    const struct ca_sighting *s)
{
	struct ca_location *loc;

	for (size_t i = 0; i < c->nlocations; i++) {
		loc = &c->locations[i];
		if (loc->line != s->line || strcmp(loc->path, s->path))
			continue;
		/* the same place seen by two rules: it takes the rule that
		 * names the credential (merge_fields has just chosen it) */
		if (!strcmp(s->rule, c->rule))
			loc->rule = c->rule;
		return;
	}
	if (c->nlocations == c->cap_locations) {
		c->cap_locations = c->cap_locations ? c->cap_locations * 2 : 2;
		c->locations = xrealloc(c->locations,
		    c->cap_locations * sizeof(*c->locations));
	}
	loc = &c->locations[c->nlocations++];
	loc->path = arena_strdup(p->arena, s->path);
	loc->line = s->line;
	loc->mode = s->mode;
	loc->uid = s->uid;
	loc->rule = arena_strdup(p->arena, s->rule);
}

/* A structured finding names the credential better than a content rule,
 * so it takes over kind, rule and identity; otherwise only gaps are
 * filled. */
static void
merge_fields(struct ca_inventory_priv *p, struct ca_credential *c,
    const struct ca_sighting *s, bool fresh)
{
	const struct ca_kind *k = ca_kind_find(s->kind);
	bool take = fresh || names_better(s->structured, s->kind, s->rule,
	    c->structured, c->kind, c->rule);

	if (take) {
		c->kind = arena_strdup(p->arena, s->kind);
		c->surface = k ? k->surface : "generic";
		c->rule = arena_strdup(p->arena, s->rule);
		c->structured = s->structured;
		if (s->redacted)
			c->redacted = arena_strdup(p->arena, s->redacted);
	}
	if (s->identity && (take || !c->identity))
		c->identity = arena_strdup(p->arena, s->identity);
	if (s->expires && (take || !c->expires))
		c->expires = arena_strdup(p->arena, s->expires);
	if (s->standing >= 0 && (take || c->standing))
		c->standing = s->standing;
	else if (fresh)
		c->standing = k ? k->standing : true;
	if (s->tier >= 0 && s->tier > c->tier_override)
		c->tier_override = s->tier;
	for (size_t i = 0; s->scopes && s->scopes[i]; i++)
		list_add_unique(p->arena, &c->scopes, &c->nscopes,
		    &c->cap_scopes, s->scopes[i]);
	if (s->detail)
		list_add_unique(p->arena, &c->reasons, &c->nreasons,
		    &c->cap_reasons, s->detail);
	if (s->anchor)
		list_add_unique(p->arena, &c->anchors, &c->nanchors,
		    &c->cap_anchors, s->anchor);
	if (s->link) {
		bool have = false;
		for (size_t i = 0; i < c->nlinks; i++)
			if (!strcmp(c->links[i].ref, s->link))
				have = true;
		if (!have) {
			if (c->nlinks == c->cap_links) {
				c->cap_links = c->cap_links ? c->cap_links * 2 : 2;
				c->links = xrealloc(c->links,
				    c->cap_links * sizeof(*c->links));
			}
			memset(&c->links[c->nlinks], 0, sizeof(*c->links));
			c->links[c->nlinks++].ref = arena_strdup(p->arena,
			    s->link);
		}
	}
}

int
ca_inventory_add(struct ca_inventory *inv, const struct ca_sighting *s)
{
	struct ca_inventory_priv *p = inv->priv;
	struct ca_credential **slot, *c;
	bool fresh = false;

	pthread_mutex_lock(&p->lock);
	slot = slot_for(p, s->id);
	c = *slot;
	if (!c) {
		if ((inv->ncreds + 1) * 2 > p->nslots) {
			grow_slots(inv);
			slot = slot_for(p, s->id);
		}
		c = arena_zalloc(p->arena, sizeof(*c));
		memcpy(c->id, s->id, sizeof(c->id));
		c->tier_override = -1;
		c->owner.uid = -1;
		if (inv->ncreds == p->cap_creds) {
			p->cap_creds = p->cap_creds ? p->cap_creds * 2 : 64;
			inv->creds = xrealloc(inv->creds,
			    p->cap_creds * sizeof(*inv->creds));
		}
		inv->creds[inv->ncreds++] = c;
		*slot = c;
		fresh = true;
	}
	merge_fields(p, c, s, fresh);
	add_location(p, c, s);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

void
ca_inventory_add_error(struct ca_inventory *inv, const char *path,
    const char *error)
{
	struct ca_inventory_priv *p = inv->priv;

	pthread_mutex_lock(&p->lock);
	if (inv->nerrors == p->cap_errors) {
		p->cap_errors = p->cap_errors ? p->cap_errors * 2 : 16;
		inv->errors = xrealloc(inv->errors,
		    p->cap_errors * sizeof(*inv->errors));
	}
	inv->errors[inv->nerrors].path = arena_strdup(p->arena, path ? path : "");
	inv->errors[inv->nerrors].error = arena_strdup(p->arena, error);
	inv->nerrors++;
	inv->meta.stats.errors = inv->nerrors;
	pthread_mutex_unlock(&p->lock);
}

/* Parses the "YYYY-MM-DDTHH:MM:SS" head of an RFC 3339 UTC time. Returns
 * -1 when it is not one. */
static int64_t
parse_rfc3339(const char *s)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end)
		return -1;
	return (int64_t)timegm(&tm);
}

static int
cmp_location(const void *a, const void *b)
{
	const struct ca_location *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
cmp_credential(const void *a, const void *b)
{
	const struct ca_credential *x = *(const struct ca_credential *const *)a;
	const struct ca_credential *y = *(const struct ca_credential *const *)b;
	int c;

	if (x->risk != y->risk)
		return (int)y->risk - (int)x->risk;
	if (x->tier != y->tier)
		return (int)y->tier - (int)x->tier;
	c = strcmp(x->surface, y->surface);
	if (!c)
		c = strcmp(x->kind, y->kind);
	if (!c)
		c = strcmp(x->locations[0].path, y->locations[0].path);
	if (!c)
		c = strcmp(x->id, y->id);
	return c;
}

static int
cmp_error(const void *a, const void *b)
{
	const struct ca_scan_error *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : strcmp(x->error, y->error);
}

static void
add_reason(struct ca_inventory_priv *p, struct ca_credential *c,
    const char *reason)
{
	list_add_unique(p->arena, &c->reasons, &c->nreasons, &c->cap_reasons,
	    reason);
}

/* Files whose contents are routinely copied, synced or shown: a secret
 * in them is exposed beyond its owner's intent. */
static bool
is_exposed_file(const char *path)
{
	const char *name = strrchr(path, '/');
	size_t n;

	name = name ? name + 1 : path;
	n = strlen(name);
	if (n >= 8 && !strcmp(name + n - 8, "_history"))
		return true;
	if (!strcmp(name, ".lesshst") || !strcmp(name, ".viminfo"))
		return true;
	return !strncmp(name, ".env", 4) && (!name[4] || name[4] == '.' ||
	    !strcmp(name + 4, "rc"));
}

/* Applies the risk matrix (report/risk.h) to what the inventory knows:
 * tier, the exposure factors seen, and the lifetime. Every factor leaves
 * a reason. */
static void
rate(struct ca_inventory_priv *p, struct ca_credential *c, int64_t now)
{
	const struct ca_kind *k = ca_kind_find(c->kind);
	unsigned int exposures = 0;
	uint32_t modes = 0;
	bool hist = false;
	enum ca_lifetime life;
	int64_t expires = -1;
	char msg[96];

	c->tier = k ? k->tier : CA_TIER_WRITE;
	if (c->tier_override >= 0)
		c->tier = (enum ca_tier)c->tier_override;
	else
		add_reason(p, c, "tier assumed from the kind's default");
	for (size_t i = 0; i < c->nlocations; i++) {
		modes |= c->locations[i].mode;
		if (is_exposed_file(c->locations[i].path))
			hist = true;
	}
	if (modes & 0044) {
		exposures++;
		add_reason(p, c, modes & 0004 ? "file is world-readable" :
		    "file is group-readable");
	}
	if (hist) {
		exposures++;
		add_reason(p, c, "in shell history or a .env file");
	}
	if (c->nlocations > 1) {
		exposures++;
		snprintf(msg, sizeof(msg), "found in %zu places", c->nlocations);
		add_reason(p, c, msg);
	}
	if (c->expires) {
		expires = parse_rfc3339(c->expires);
		c->standing = false;
	}
	if (c->standing)
		life = CA_LIFE_STANDING;
	else if (expires >= 0)
		life = ca_lifetime_of(false, expires, now);
	else
		life = CA_LIFE_MEDIUM; /* expires, but we cannot tell when */
	snprintf(msg, sizeof(msg), "lifetime: %s", ca_lifetime_name(life));
	add_reason(p, c, life == CA_LIFE_EXPIRED ? "expired" : msg);
	c->risk = ca_risk_rate(c->tier, exposures, life);
	/* A delegation holds no secret and an encrypted key needs its
	 * passphrase: neither is worse than its kind says. */
	if (k && (k->secretless || strstr(k->name, "-encrypted")) &&
	    c->risk > k->risk)
		c->risk = k->risk;
}

/* Points every link at the credentials whose anchors it names. Quadratic
 * in the number of links, which are few (one per delegation). */
static void
resolve_links(struct ca_inventory *inv)
{
	for (size_t i = 0; i < inv->ncreds; i++) {
		struct ca_credential *c = inv->creds[i];
		for (size_t l = 0; l < c->nlinks; l++) {
			struct ca_link *link = &c->links[l];
			for (size_t j = 0; j < inv->ncreds; j++) {
				const struct ca_credential *d = inv->creds[j];
				if (d == c)
					continue;
				for (size_t a = 0; a < d->nanchors; a++) {
					if (strcmp(d->anchors[a], link->ref))
						continue;
					link->to = xrealloc(link->to,
					    (link->nto + 1) * sizeof(*link->to));
					link->to[link->nto++] = d->id;
					break;
				}
			}
		}
	}
}

void
ca_inventory_finish(struct ca_inventory *inv, ca_uid_name_fn *uid_name,
    void *arg)
{
	struct ca_inventory_priv *p = inv->priv;
	int64_t now = (int64_t)time(NULL);

	for (size_t i = 0; i < inv->ncreds; i++) {
		struct ca_credential *c = inv->creds[i];
		qsort(c->locations, c->nlocations, sizeof(*c->locations),
		    cmp_location);
		if (c->nscopes)
			qsort(c->scopes, c->nscopes, sizeof(*c->scopes), cmp_str);
		rate(p, c, now);
		c->owner.uid = c->locations[0].uid;
		c->owner.user = NULL;
		if (c->owner.uid >= 0 && uid_name)
			c->owner.user = arena_strdup(p->arena,
			    uid_name(arg, c->owner.uid));
		c->owner.source = c->owner.uid >= 0 ? "file-uid" : "unowned";
		if (c->reasons && c->nreasons > 1)
			qsort(c->reasons, c->nreasons, sizeof(*c->reasons),
			    cmp_str);
	}
	if (inv->ncreds > 1)
		qsort(inv->creds, inv->ncreds, sizeof(*inv->creds),
		    cmp_credential);
	resolve_links(inv);
	if (inv->nerrors > 1)
		qsort(inv->errors, inv->nerrors, sizeof(*inv->errors),
		    cmp_error);
	inv->meta.stats.errors = inv->nerrors;
}

const struct ca_credential *
ca_inventory_get(const struct ca_inventory *inv, const char *id)
{
	for (size_t i = 0; i < inv->ncreds; i++)
		if (!strcmp(inv->creds[i]->id, id))
			return inv->creds[i];
	return NULL;
}

/* Returns an owned (malloc'd) array of arena copies of the 'n' strings
 * in 'v' (borrowed), or NULL when 'n' is 0. */
static const char **
copy_strs(struct arena *a, const char *const *v, size_t n)
{
	const char **r;

	if (!n)
		return NULL;
	r = xcalloc(n, sizeof(*r));
	for (size_t i = 0; i < n; i++)
		r[i] = arena_strdup(a, v[i] ? v[i] : "");
	return r;
}

/* 'c' is borrowed; the copy belongs to the inventory. Single-threaded,
 * like everything after the walk, but takes the lock anyway so it cannot
 * race an add. */
struct ca_credential *
ca_inventory_add_loaded(struct ca_inventory *inv,
    const struct ca_credential *c)
{
	struct ca_inventory_priv *p = inv->priv;
	struct ca_credential **slot, *d;
	struct arena *a = p->arena;

	pthread_mutex_lock(&p->lock);
	slot = slot_for(p, c->id);
	if (*slot) {
		pthread_mutex_unlock(&p->lock);
		return NULL;
	}
	if ((inv->ncreds + 1) * 2 > p->nslots) {
		grow_slots(inv);
		slot = slot_for(p, c->id);
	}
	d = arena_zalloc(a, sizeof(*d));
	memcpy(d->id, c->id, sizeof(d->id));
	d->id[CA_ID_HEX] = '\0';
	d->surface = arena_strdup(a, c->surface);
	d->kind = arena_strdup(a, c->kind);
	d->rule = arena_strdup(a, c->rule);
	d->redacted = arena_strdup(a, c->redacted);
	d->identity = arena_strdup(a, c->identity);
	d->expires = arena_strdup(a, c->expires);
	d->standing = c->standing;
	d->structured = c->structured;
	d->tier = c->tier;
	d->risk = c->risk;
	d->tier_override = (int)c->tier;
	d->owner.user = arena_strdup(a, c->owner.user);
	d->owner.uid = c->owner.uid;
	d->owner.source = arena_strdup(a, c->owner.source);
	d->reasons = copy_strs(a, c->reasons, c->nreasons);
	d->nreasons = d->cap_reasons = c->nreasons;
	d->scopes = copy_strs(a, c->scopes, c->nscopes);
	d->nscopes = d->cap_scopes = c->nscopes;
	d->anchors = copy_strs(a, c->anchors, c->nanchors);
	d->nanchors = d->cap_anchors = c->nanchors;
	if (c->nlocations) {
		d->locations = xcalloc(c->nlocations, sizeof(*d->locations));
		for (size_t i = 0; i < c->nlocations; i++) {
			const struct ca_location *l = &c->locations[i];
			d->locations[i].path = arena_strdup(a, l->path ?
			    l->path : "");
			d->locations[i].line = l->line;
			d->locations[i].mode = l->mode;
			d->locations[i].uid = l->uid;
			d->locations[i].rule = arena_strdup(a, l->rule);
		}
	}
	d->nlocations = d->cap_locations = c->nlocations;
	if (c->nlinks) {
		d->links = xcalloc(c->nlinks, sizeof(*d->links));
		for (size_t i = 0; i < c->nlinks; i++) {
			d->links[i].ref = arena_strdup(a, c->links[i].ref ?
			    c->links[i].ref : "");
			d->links[i].to = copy_strs(a, c->links[i].to,
			    c->links[i].nto);
			d->links[i].nto = c->links[i].nto;
		}
	}
	d->nlinks = d->cap_links = c->nlinks;
	if (inv->ncreds == p->cap_creds) {
		p->cap_creds = p->cap_creds ? p->cap_creds * 2 : 64;
		inv->creds = xrealloc(inv->creds,
		    p->cap_creds * sizeof(*inv->creds));
	}
	inv->creds[inv->ncreds++] = d;
	*slot = d;
	pthread_mutex_unlock(&p->lock);
	return d;
}

/* 's' is borrowed; the copy is owned by the inventory's arena. */
const char *
ca_inventory_strdup(struct ca_inventory *inv, const char *s)
{
	const char *r;

	if (!s)
		return NULL;
	pthread_mutex_lock(&inv->priv->lock);
	r = arena_strdup(inv->priv->arena, s);
	pthread_mutex_unlock(&inv->priv->lock);
	return r;
}
