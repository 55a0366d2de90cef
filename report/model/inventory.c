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
#include "lib/log.h"
#include "report/model/inventory.h"
#include "report/model/owners.h"
#include "report/model/policy.h"
#include "report/model/risk.h"
#include "report/model/scopes.h"
#include "lib/banned.h"

struct ca_inventory_priv {
	pthread_mutex_t lock;
	struct arena *arena;
	struct ca_credential **slots; /* open addressing on the id */
	size_t nslots;
	size_t cap_creds;
	size_t cap_errors;
	const struct ca_owners *owners; /* borrowed until finish */
	const struct ca_policy *policy;
	ca_home_uid_fn *home_uid;
};

struct ca_inventory *
ca_inventory_new(void)
{
	struct ca_inventory *inv = xcalloc(1, sizeof(*inv));

	inv->priv = xcalloc(1, sizeof(*inv->priv));
	pthread_mutex_init(&inv->priv->lock, NULL);
	inv->priv->arena = arena_new(64 * 1024);
	inv->priv->nslots = 256;
	inv->priv->slots = xcalloc(inv->priv->nslots,
	    sizeof(*inv->priv->slots));
	inv->meta.target_type = "dir";
	inv->meta.root = "/";
	return inv;
}

/* Frees what 'c' holds outside the arena and empties its lists. */
static void
cred_release(struct ca_credential *c)
{
	free(c->reasons);
	free(c->scopes);
	free(c->locations);
	free(c->anchors);
	for (size_t j = 0; j < c->nlinks; j++)
		free(c->links[j].to);
	free(c->links);
	c->reasons = c->scopes = c->anchors = NULL;
	c->locations = NULL;
	c->links = NULL;
	c->nreasons = c->nscopes = c->nanchors = c->nlocations = c->nlinks = 0;
	c->cap_reasons = c->cap_scopes = c->cap_anchors = 0;
	c->cap_locations = c->cap_links = 0;
}

void
ca_inventory_free(struct ca_inventory *inv)
{
	if (!inv)
		return;
	for (size_t i = 0; i < inv->ncreds; i++)
		cred_release(inv->creds[i]);
	free(inv->creds);
	free(inv->errors);
	free(inv->meta.dep_trees);
	if (inv->meta.image)
		free(inv->meta.image->layers);
	free(inv->meta.image);
	free(inv->ignored);
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
		h = h * 16 +
		    (size_t)(id[i] <= '9' ? id[i] - '0' : id[i] - 'a' + 10);
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

/* Whether 'kind' names the container a secret sits in rather than what
 * the secret is (CA_KIND_CONTAINER in its row). */
static bool
is_container_kind(const char *kind)
{
	const struct ca_kind *k = ca_kind_find(kind);

	return k && (k->flags & CA_KIND_CONTAINER);
}

/* Whether a sighting names a credential better than what it has: a surface
 * parser beats a content rule, a token-shaped kind beats a container kind,
 * and otherwise the smaller rule id wins, so the result never depends on
 * which worker thread came first. */
static bool
names_better(bool structured, const char *kind, const char *rule,
    bool old_structured, const char *old_kind, const char *old_rule)
{
	bool cont = is_container_kind(kind),
	     old_cont = is_container_kind(old_kind);

	if (structured != old_structured)
		return structured;
	if (cont != old_cont)
		return !cont;
	return strcmp(rule, old_rule) < 0;
}

/* Returns a copy of 'g' (borrowed) in 'a', or NULL for NULL. */
static const struct ca_git_origin *
git_origin_dup(struct arena *a, const struct ca_git_origin *g)
{
	struct ca_git_origin *d;

	if (!g)
		return NULL;
	d = arena_alloc(a, sizeof(*d));
	d->repo = arena_strdup(a, g->repo);
	d->commit = arena_strdup(a, g->commit);
	d->author = arena_strdup(a, g->author);
	d->date = arena_strdup(a, g->date);
	d->path = arena_strdup(a, g->path);
	d->at_head = g->at_head;
	d->pushed = g->pushed;
	return d;
}

/* The same path and line of git history seen in several blobs (a file
 * edited around its secret): the location keeps the earliest commit, so
 * the result does not depend on which worker came first, and it is at
 * HEAD or pushed when any of them is. */
static void
merge_git_origin(struct arena *a, struct ca_location *loc,
    const struct ca_git_origin *g)
{
	struct ca_git_origin *d;
	int cmp;

	if (!g)
		return;
	if (!loc->git) {
		loc->git = git_origin_dup(a, g);
		return;
	}
	d = (struct ca_git_origin *)loc->git;
	cmp = strcmp(g->date ? g->date : "", d->date ? d->date : "");
	if (cmp < 0 ||
	    (cmp == 0 &&
	        strcmp(g->commit ? g->commit : "", d->commit ? d->commit : "") <
	            0)) {
		bool head = d->at_head, pushed = d->pushed;

		d = (struct ca_git_origin *)git_origin_dup(a, g);
		d->at_head |= head;
		d->pushed |= pushed;
		loc->git = d;
		return;
	}
	d->at_head |= g->at_head;
	d->pushed |= g->pushed;
}

static void
add_location(struct ca_inventory_priv *p, struct ca_credential *c,
    const struct ca_sighting *s)
{
	struct ca_location *loc;

	for (size_t i = 0; i < c->nlocations; i++) {
		loc = &c->locations[i];
		/* In an image, one path may sit in several layers. */
		if (loc->line != s->line || strcmp(loc->path, s->path) ||
		    loc->layer_index != (s->layer ? s->layer_index : -1))
			continue;
		merge_git_origin(p->arena, loc, s->git);
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
	loc->home = arena_strdup(p->arena, s->home);
	loc->service = arena_strdup(p->arena, s->service);
	loc->misplaced = false;
	loc->tracked = false;
	loc->repo = NULL;
	loc->git = git_origin_dup(p->arena, s->git);
	loc->layer = arena_strdup(p->arena, s->layer);
	loc->layer_index = s->layer ? s->layer_index : -1;
	loc->deleted = s->deleted;
	loc->user_known = s->user_known;
	loc->user_readable = s->user_readable;
	loc->archive_entry = arena_strdup(p->arena, s->archive_entry);
	loc->encoding = arena_strdup(p->arena, s->encoding);
}

/* A structured finding names the credential better than a content rule,
 * so it takes over kind, rule and identity; otherwise only gaps are
 * filled. */
static void
merge_fields(struct ca_inventory_priv *p, struct ca_credential *c,
    const struct ca_sighting *s, bool fresh)
{
	const struct ca_kind *k = ca_kind_find(s->kind);
	bool take = fresh ||
	    names_better(s->structured, s->kind, s->rule, c->structured,
	        c->kind, c->rule);

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
	if (s->exposure && !c->exposure)
		c->exposure = arena_strdup(p->arena, s->exposure);
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
				c->cap_links = c->cap_links ? c->cap_links * 2 :
				                              2;
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
ca_inventory_add_dep_tree(struct ca_inventory *inv, const char *path,
    const char *kind, uint64_t files)
{
	struct ca_dep_tree *d;

	inv->meta.dep_trees = xrealloc(inv->meta.dep_trees,
	    (inv->meta.ndep_trees + 1) * sizeof(*inv->meta.dep_trees));
	d = &inv->meta.dep_trees[inv->meta.ndep_trees++];
	d->path = ca_inventory_strdup(inv, path);
	d->kind = ca_inventory_strdup(inv, kind);
	d->files = files;
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
	inv->errors[inv->nerrors].path = arena_strdup(p->arena,
	    path ? path : "");
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
	if (x->line != y->line)
		return (x->line > y->line) - (x->line < y->line);
	/* the same path in several image layers: base layer first */
	return (x->layer_index > y->layer_index) -
	    (x->layer_index < y->layer_index);
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
	/* zsh's .zhistory and macOS per-session .zsh_sessions/<id>.history;
	 * name.env files, which dotenv reads as .env files */
	if ((n >= 8 && !strcmp(name + n - 8, ".history")) ||
	    !strcmp(name, ".zhistory") ||
	    (n > 4 && !strcmp(name + n - 4, ".env")))
		return true;
	if (!strcmp(name, ".lesshst") || !strcmp(name, ".viminfo"))
		return true;
	return !strncmp(name, ".env", 4) &&
	    (!name[4] || name[4] == '.' || !strcmp(name + 4, "rc"));
}

/* ---- tier ------------------------------------------------------------ */

/* Names the scopes no table knows, for a reason line. */
static void
unmapped_reason(struct ca_inventory_priv *p, struct ca_credential *c,
    const struct ca_scope_verdict *v)
{
	char msg[192];

	if (!v->nunmapped || !ca_scope_family(c->kind))
		return;
	if (v->nunmapped == 1)
		snprintf(msg, sizeof(msg),
		    "scope '%.64s' is not in the scope "
		    "tables",
		    v->unmapped);
	else
		snprintf(msg, sizeof(msg),
		    "scope '%.64s' and %zu more are not "
		    "in the scope tables",
		    v->unmapped, v->nunmapped - 1);
	add_reason(p, c, msg);
}

/* The tier from what is known of this credential alone, most trusted
 * first: the provider's answer, scopes or a role read from the files, the
 * kind's default; then a policy override on top. A scope no table knows
 * might grant anything, so with one of those the kind's default stays a
 * floor. */
static void
set_tier(struct ca_inventory_priv *p, struct ca_credential *c)
{
	const struct ca_kind *k = ca_kind_find(c->kind);
	enum ca_tier def = k ? k->tier : CA_TIER_WRITE, pt;
	struct ca_scope_verdict v;
	int local, ov;
	char msg[192];

	ca_scopes_rate(c->kind, c->scopes, c->nscopes, &v);
	if (c->tier_evidence &&
	    !strcmp(c->tier_evidence, CA_EVIDENCE_VERIFIED) &&
	    c->tier_override >= 0) {
		/* the verification already said so: "tier from verified
		 * scopes" */
		c->tier = (enum ca_tier)c->tier_override;
		c->tier_evidence = CA_EVIDENCE_VERIFIED;
	} else {
		local = c->tier_override > v.tier ? c->tier_override : v.tier;
		if (local >= 0 && v.tier == local && v.nunmapped &&
		    c->tier_override < 0 && (int)def > local)
			local = -1; /* an unknown scope: the default stands */
		if (local < 0) {
			c->tier = def;
			c->tier_evidence = CA_EVIDENCE_ASSUMED;
			add_reason(p, c,
			    "tier assumed from the kind's default");
		} else {
			c->tier = (enum ca_tier)local;
			c->tier_evidence = CA_EVIDENCE_LOCAL;
			if (v.tier == local)
				snprintf(msg, sizeof(msg),
				    "tier %s from scope "
				    "'%.64s' (%s table)",
				    ca_tier_name(c->tier), v.decider, v.table);
			else
				snprintf(msg, sizeof(msg),
				    "tier %s read from "
				    "the file",
				    ca_tier_name(c->tier));
			add_reason(p, c, msg);
		}
		unmapped_reason(p, c, &v);
	}
	ov = ca_policy_tier(p->policy, c, &pt);
	if (ov >= 0) {
		c->tier = pt;
		c->tier_evidence = CA_EVIDENCE_POLICY;
		c->tier_fixed = true;
		snprintf(msg, sizeof(msg),
		    "tier set to %s by policy "
		    "(overrides[%d])",
		    ca_tier_name(pt), ov);
		add_reason(p, c, msg);
	}
}

/* A delegation can do what the credentials it reaches can do: a kube exec
 * plugin running `aws --profile prod` is as strong as prod's key. Raises
 * tiers along links until nothing changes (tiers only go up, so at most
 * CA_TIER_COUNT rounds matter); a policy's tier is left alone. */
static void
inherit_tiers(struct ca_inventory *inv)
{
	struct ca_inventory_priv *p = inv->priv;
	const struct ca_credential **from;
	const char **via;
	bool changed = true;
	char msg[256];

	if (!inv->ncreds)
		return;
	from = xcalloc(inv->ncreds, sizeof(*from));
	via = xcalloc(inv->ncreds, sizeof(*via));
	for (int round = 0; changed && round <= CA_TIER_COUNT; round++) {
		changed = false;
		for (size_t i = 0; i < inv->ncreds; i++) {
			struct ca_credential *c = inv->creds[i];
			if (c->tier_fixed)
				continue;
			for (size_t l = 0; l < c->nlinks; l++) {
				for (size_t t = 0; t < c->links[l].nto; t++) {
					const struct ca_credential *d =
					    *slot_for(p, c->links[l].to[t]);
					if (!d || d->ignored ||
					    d->tier <= c->tier)
						continue;
					c->tier = d->tier;
					c->tier_evidence = d->tier_evidence;
					from[i] = d;
					via[i] = c->links[l].ref;
					changed = true;
				}
			}
		}
	}
	for (size_t i = 0; i < inv->ncreds; i++) {
		if (!from[i])
			continue;
		snprintf(msg, sizeof(msg),
		    "tier %s inherited through link "
		    "'%.128s' (%s)",
		    ca_tier_name(inv->creds[i]->tier), via[i], from[i]->kind);
		add_reason(p, inv->creds[i], msg);
	}
	free(from);
	free(via);
}

/* ---- misplaced ------------------------------------------------------- */

/* The shared directory 'path' lies in, or NULL: places every user (or
 * every program) reads, where no one's personal credential belongs. */
static const char *
shared_dir(const char *path)
{
	static const char *const dirs[] = {
		"/etc/",
		"/opt/",
		"/srv/",
		"/tmp/",
		"/var/tmp/",
	};
	for (size_t i = 0; i < CA_ARRAY_SIZE(dirs); i++)
		if (!strncmp(path, dirs[i], strlen(dirs[i])))
			return dirs[i];
	return NULL;
}

/* Writes "alice" or "uid 1001" into 'out'. */
static const char *
user_label(char *out, size_t size, ca_uid_name_fn *uid_name, void *arg,
    int64_t uid)
{
	const char *name = uid_name && uid >= 0 ? uid_name(arg, uid) : NULL;

	if (name)
		snprintf(out, size, "%.64s", name);
	else
		snprintf(out, size, "uid %lld", (long long)uid);
	return out;
}

/* Flags the locations that lie in a shared directory, or in a home whose
 * user does not own the file. Delegations hold no secret, so nothing of
 * theirs is misplaced (a system-wide credential helper in /etc/gitconfig
 * is where it should be). */
static void
find_misplaced(struct ca_inventory_priv *p, struct ca_credential *c,
    ca_uid_name_fn *uid_name, void *arg)
{
	const struct ca_kind *k = ca_kind_find(c->kind);
	char msg[320], owner[80], home_user[80];

	c->misplaced = false;
	if (k && k->secretless)
		return;
	for (size_t i = 0; i < c->nlocations; i++) {
		struct ca_location *l = &c->locations[i];
		const char *dir = shared_dir(l->path);
		int64_t hu = -1;

		l->misplaced = false;
		if (dir) {
			snprintf(msg, sizeof(msg),
			    "misplaced: in the shared "
			    "directory %s",
			    dir);
		} else if (l->home && l->uid >= 0 && p->home_uid &&
		    (hu = p->home_uid(arg, l->home)) >= 0 && hu != l->uid) {
			snprintf(msg, sizeof(msg),
			    "misplaced: owned by %s, in "
			    "the home of %s (%.128s)",
			    user_label(owner, sizeof(owner), uid_name, arg,
			        l->uid),
			    user_label(home_user, sizeof(home_user), uid_name,
			        arg, hu),
			    l->home);
		} else {
			continue;
		}
		l->misplaced = true;
		c->misplaced = true;
		add_reason(p, c, msg);
	}
}

/* ---- risk ------------------------------------------------------------ */

/* Counts one exposure factor at its policy weight and says so. */
static unsigned int
exposure(struct ca_inventory_priv *p, struct ca_credential *c,
    enum ca_exposure e, const char *reason)
{
	unsigned int w = ca_policy_weight(p->policy, e);
	char msg[192];

	if (w == 1) {
		add_reason(p, c, reason);
	} else {
		snprintf(msg, sizeof(msg), "%s (policy weight %u)", reason, w);
		add_reason(p, c, msg);
	}
	return w;
}

/* Applies the risk matrix (report/risk.h) to the tier, the exposure
 * factors seen (each at its policy weight) and the lifetime, then a
 * policy override. Every factor leaves a reason. */
static void
rate_risk(struct ca_inventory_priv *p, struct ca_credential *c, int64_t now)
{
	const struct ca_kind *k = ca_kind_find(c->kind);
	unsigned int exposures = 0;
	uint32_t modes = 0;
	bool hist = false;
	const char *repo = NULL;
	const struct ca_git_origin *git = NULL;
	enum ca_lifetime life;
	enum ca_risk pr;
	int64_t expires = -1;
	int ov;
	char msg[96];

	for (size_t i = 0; i < c->nlocations; i++) {
		modes |= c->locations[i].mode;
		if (is_exposed_file(c->locations[i].path))
			hist = true;
		if (c->locations[i].tracked && !repo)
			repo = c->locations[i].repo ? c->locations[i].repo :
			                              "?";
		/* a pushed commit outranks one only in the local history */
		if (c->locations[i].git &&
		    (!git || (c->locations[i].git->pushed && !git->pushed)))
			git = c->locations[i].git;
	}
	/* A delegation's file holds no secret: who can read it reads no
	 * credential, so its mode is no exposure. */
	if (k && k->secretless)
		modes = 0;
	if (modes & 0004)
		exposures += exposure(p, c, CA_EXP_WORLD_READABLE,
		    "file is world-readable");
	else if (modes & 0040)
		exposures += exposure(p, c, CA_EXP_GROUP_READABLE,
		    "file is group-readable");
	if (c->exposure)
		exposures += exposure(p, c, CA_EXP_WORLD_READABLE, c->exposure);
	if (hist)
		exposures += exposure(p, c, CA_EXP_HISTORY,
		    "in shell history or a .env file");
	if (c->nlocations > 1) {
		snprintf(msg, sizeof(msg), "found in %zu places",
		    c->nlocations);
		exposures += exposure(p, c, CA_EXP_DUPLICATE, msg);
	}
	if (c->misplaced)
		exposures += exposure(p, c, CA_EXP_MISPLACED,
		    "misplaced (see above)");
	if (repo) {
		char gmsg[160];

		snprintf(gmsg, sizeof(gmsg), "tracked by git in %s", repo);
		exposures += exposure(p, c, CA_EXP_GIT, gmsg);
	} else if (git) {
		/* Committed once, it is in every clone: the git factor,
		 * counted once whether or not a work tree still tracks it. */
		char gmsg[192];

		snprintf(gmsg, sizeof(gmsg), "%s %s",
		    git->pushed ?
		        "pushed: in the history of a remote-tracking branch of" :
		        "in git history of",
		    git->repo ? git->repo : "?");
		exposures += exposure(p, c, CA_EXP_GIT, gmsg);
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
	if (k && (k->secretless || (k->flags & CA_KIND_LOCKED)) &&
	    c->risk > k->risk)
		c->risk = k->risk;
	/* One its provider rejected opens nothing any more, like an expired
	 * one (the reason was added with the verification). */
	if (c->verified == CA_VERIFIED_REVOKED)
		c->risk = CA_RISK_LOW;
	ov = ca_policy_risk(p->policy, c, &pr);
	if (ov >= 0) {
		c->risk = pr;
		snprintf(msg, sizeof(msg),
		    "risk set to %s by policy "
		    "(overrides[%d])",
		    ca_risk_name(pr), ov);
		add_reason(p, c, msg);
	}
}

/* ---- owners ---------------------------------------------------------- */

/* Whether the identity of a 'kind' credential says who it acts as. A
 * credential helper's or exec plugin's names a program instead
 * (CA_KIND_PROGRAM in its row), a CI runner's a service
 * (CA_KIND_SERVICE). */
static bool
identity_names_owner(const char *kind)
{
	const struct ca_kind *k = ca_kind_find(kind);

	return kind && !(k && (k->flags & (CA_KIND_PROGRAM | CA_KIND_SERVICE)));
}

/* The owners map, else the credential's identity, else the file's Unix
 * owner, else nobody (itself a problem worth a reason). */
static void
resolve_owner(struct ca_inventory_priv *p, struct ca_credential *c,
    ca_uid_name_fn *uid_name, void *arg)
{
	const char **users = NULL;
	const char *team = NULL, *contact = NULL;

	c->owner.uid = -1;
	c->owner.user = NULL;
	c->owner.team = c->owner.contact = NULL;
	if (c->nlocations)
		users = xcalloc(c->nlocations, sizeof(*users));
	for (size_t i = 0; i < c->nlocations; i++) {
		int64_t uid = c->locations[i].uid;
		if (uid >= 0 && uid_name)
			users[i] = uid_name(arg, uid);
		if (uid >= 0 && c->owner.uid < 0) {
			c->owner.uid = uid;
			c->owner.user = arena_strdup(p->arena, users[i]);
		}
	}
	if (ca_owners_match(p->owners, c, users, &team, &contact) >= 0) {
		c->owner.source = "owners-map";
		c->owner.team = arena_strdup(p->arena, team);
		c->owner.contact = arena_strdup(p->arena, contact);
	} else if (c->identity && identity_names_owner(c->kind)) {
		c->owner.source = "identity";
	} else if (c->owner.uid >= 0) {
		c->owner.source = "file-uid";
	} else {
		c->owner.source = "unowned";
		add_reason(p, c, "no owner could be determined");
	}
	free(users);
}

/* ---- ignores --------------------------------------------------------- */

static int
cmp_ignored(const void *a, const void *b)
{
	return strcmp(((const struct ca_ignored *)a)->id,
	    ((const struct ca_ignored *)b)->id);
}

/* An entry the walk put in ignored[] (an allow comment on the line, a
 * known test value) names a place, not the credential: when the same
 * secret was also reported somewhere else, it is no ignored credential
 * and its entry goes. */
static void
drop_walk_ignores(struct ca_inventory *inv)
{
	struct ca_inventory_priv *p = inv->priv;
	size_t kept = 0;

	for (size_t i = 0; i < inv->nignored; i++) {
		struct ca_ignored *g = &inv->ignored[i];

		if (g->ignore == SIZE_MAX && *slot_for(p, g->id))
			continue;
		inv->ignored[kept++] = *g;
	}
	inv->nignored = kept;
	inv->meta.stats.ignored = kept;
}

/* Applies the policy's ignore list: a location covered by a live ignore
 * is dropped, and a credential with no location left goes to ignored[].
 * An expired ignore does not apply; it leaves a reason on what it would
 * have covered and one warning. Runs before rating, so what is left is
 * rated on what is left. */
static void
apply_ignores(struct ca_inventory *inv, int64_t now)
{
	struct ca_inventory_priv *p = inv->priv;
	size_t nig = ca_policy_nignores(p->policy), kept = 0;
	bool *warned;
	char msg[320];

	if (!nig) {
		/* The walk's known test values still need their order. */
		if (inv->nignored > 1)
			qsort(inv->ignored, inv->nignored,
			    sizeof(*inv->ignored), cmp_ignored);
		return;
	}
	warned = xcalloc(nig, sizeof(*warned));
	for (size_t i = 0; i < inv->ncreds; i++) {
		struct ca_credential *c = inv->creds[i];
		size_t left = 0, first_ig = 0;
		bool any = false;

		for (size_t j = 0; j < c->nlocations; j++) {
			bool dropped = false;
			for (size_t g = 0; g < nig && !dropped; g++) {
				if (!ca_policy_ignore_covers(p->policy, g, c,
				        &c->locations[j]))
					continue;
				if (!ca_policy_ignore_expired(p->policy, g,
				        now)) {
					dropped = true;
					if (!any)
						first_ig = g;
					any = true;
					continue;
				}
				snprintf(msg, sizeof(msg),
				    "ignore expired on "
				    "%s: %.200s",
				    ca_policy_ignore_expires(p->policy, g),
				    ca_policy_ignore_reason(p->policy, g));
				add_reason(p, c, msg);
				if (!warned[g])
					ca_warning(
					    "policy: ignore[%zu] expired "
					    "on %s and no longer applies: "
					    "%.200s",
					    g,
					    ca_policy_ignore_expires(p->policy,
					        g),
					    ca_policy_ignore_reason(p->policy,
					        g));
				warned[g] = true;
			}
			if (!dropped)
				c->locations[left++] = c->locations[j];
		}
		if (left && left < c->nlocations) {
			snprintf(msg, sizeof(msg),
			    "%zu of %zu places ignored by "
			    "policy (ignore[%zu]: %.200s)",
			    c->nlocations - left, c->nlocations, first_ig,
			    ca_policy_ignore_reason(p->policy, first_ig));
			add_reason(p, c, msg);
		}
		c->nlocations = left;
		if (left) {
			inv->creds[kept++] = c;
			continue;
		}
		inv->ignored = xrealloc(inv->ignored,
		    (inv->nignored + 1) * sizeof(*inv->ignored));
		struct ca_ignored *ig = &inv->ignored[inv->nignored++];
		memcpy(ig->id, c->id, sizeof(ig->id));
		ig->kind = c->kind;
		ig->rule = c->rule;
		ig->reason = arena_strdup(p->arena,
		    ca_policy_ignore_reason(p->policy, first_ig));
		ig->expires = arena_strdup(p->arena,
		    ca_policy_ignore_expires(p->policy, first_ig));
		ig->ignore = first_ig;
		c->ignored = true;
		cred_release(c);
	}
	inv->ncreds = kept;
	inv->meta.stats.ignored = inv->nignored;
	if (inv->nignored > 1)
		qsort(inv->ignored, inv->nignored, sizeof(*inv->ignored),
		    cmp_ignored);
	free(warned);
}

/* A link "path-under:<dir>/" names every credential with a secret that
 * lies under <dir>/ ("/" for all): what an MCP server given that
 * filesystem root (or a shell in that home) can read. Secretless entries
 * (keyring references, delegations, other servers) hold nothing to read
 * there. */
#define CA_LINK_PATH_UNDER "path-under:"

static bool
lies_under(const struct ca_credential *d, const char *dir)
{
	size_t n = strlen(dir);

	if (!d->redacted)
		return false;
	for (size_t i = 0; i < d->nlocations; i++)
		if (!strncmp(d->locations[i].path, dir, n))
			return true;
	return false;
}

/* Points every link at the credentials whose anchors it names. Quadratic
 * in the number of links, which are few (one per delegation). */
static void
resolve_links(struct ca_inventory *inv)
{
	size_t plen = strlen(CA_LINK_PATH_UNDER);

	for (size_t i = 0; i < inv->ncreds; i++) {
		struct ca_credential *c = inv->creds[i];
		for (size_t l = 0; l < c->nlinks; l++) {
			struct ca_link *link = &c->links[l];
			bool under = !strncmp(link->ref, CA_LINK_PATH_UNDER,
			    plen);
			for (size_t j = 0; j < inv->ncreds; j++) {
				const struct ca_credential *d = inv->creds[j];
				if (d == c)
					continue;
				if (under) {
					if (!lies_under(d, link->ref + plen))
						continue;
					link->to = xrealloc(link->to,
					    (link->nto + 1) *
					        sizeof(*link->to));
					link->to[link->nto++] = d->id;
					continue;
				}
				for (size_t a = 0; a < d->nanchors; a++) {
					if (strcmp(d->anchors[a], link->ref))
						continue;
					link->to = xrealloc(link->to,
					    (link->nto + 1) *
					        sizeof(*link->to));
					link->to[link->nto++] = d->id;
					break;
				}
			}
		}
	}
}

/* Orders credential ids the way the report lists them; ignored ones (no
 * longer in the report) last, by id. */
static int
cmp_target(const void *a, const void *b, void *arg)
{
	struct ca_inventory_priv *p = arg;
	const struct ca_credential *x = *slot_for(p, *(const char *const *)a);
	const struct ca_credential *y = *slot_for(p, *(const char *const *)b);

	if (x->ignored != y->ignored)
		return x->ignored ? 1 : -1;
	if (x->ignored)
		return strcmp(x->id, y->id);
	return cmp_credential(&x, &y);
}

/* Links were resolved before rating (tiers flow along them), in the order
 * credentials happened to arrive; give their targets the report order. */
static void
sort_link_targets(struct ca_inventory *inv)
{
	for (size_t i = 0; i < inv->ncreds; i++) {
		struct ca_credential *c = inv->creds[i];
		for (size_t l = 0; l < c->nlinks; l++)
			if (c->links[l].nto > 1)
				qsort_r(c->links[l].to, c->links[l].nto,
				    sizeof(*c->links[l].to), cmp_target,
				    inv->priv);
	}
}

void
ca_inventory_set_policy(struct ca_inventory *inv,
    const struct ca_owners *owners, const struct ca_policy *policy)
{
	inv->priv->owners = owners;
	inv->priv->policy = policy;
}

const struct ca_policy *
ca_inventory_policy(const struct ca_inventory *inv)
{
	return inv->priv->policy;
}

bool
ca_inventory_is_ignored(const struct ca_inventory *inv,
    const struct ca_credential *c)
{
	const struct ca_policy *pol = inv->priv->policy;
	size_t nig = pol ? ca_policy_nignores(pol) : 0;
	int64_t now = (int64_t)time(NULL);

	if (!nig || !c->nlocations)
		return false;
	for (size_t j = 0; j < c->nlocations; j++) {
		bool covered = false;
		for (size_t g = 0; g < nig && !covered; g++)
			covered = ca_policy_ignore_covers(pol, g, c,
			              &c->locations[j]) &&
			    !ca_policy_ignore_expired(pol, g, now);
		if (!covered)
			return false;
	}
	return true;
}

void
ca_inventory_set_home_uid(struct ca_inventory *inv, ca_home_uid_fn *fn)
{
	inv->priv->home_uid = fn;
}

void
ca_inventory_mark_tracked(struct ca_inventory *inv, struct ca_credential *c,
    size_t loc, const char *repo)
{
	if (loc >= c->nlocations)
		return;
	c->locations[loc].tracked = true;
	c->locations[loc].repo = arena_strdup(inv->priv->arena, repo);
}

/* Links resolve before ignores apply, so a link to an ignored credential
 * still names its id (listed in ignored[]); tiers are set for all before
 * links raise any; risk needs the final tier and the misplaced flags. */
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
			qsort(c->scopes, c->nscopes, sizeof(*c->scopes),
			    cmp_str);
	}
	resolve_links(inv);
	drop_walk_ignores(inv);
	apply_ignores(inv, now);
	for (size_t i = 0; i < inv->ncreds; i++)
		set_tier(p, inv->creds[i]);
	inherit_tiers(inv);
	for (size_t i = 0; i < inv->ncreds; i++) {
		struct ca_credential *c = inv->creds[i];
		find_misplaced(p, c, uid_name, arg);
		rate_risk(p, c, now);
		resolve_owner(p, c, uid_name, arg);
		if (c->reasons && c->nreasons > 1)
			qsort(c->reasons, c->nreasons, sizeof(*c->reasons),
			    cmp_str);
	}
	if (inv->ncreds > 1)
		qsort(inv->creds, inv->ncreds, sizeof(*inv->creds),
		    cmp_credential);
	sort_link_targets(inv);
	if (inv->nerrors > 1)
		qsort(inv->errors, inv->nerrors, sizeof(*inv->errors),
		    cmp_error);
	inv->meta.stats.errors = inv->nerrors;
	/* borrowed only until now */
	p->owners = NULL;
	p->policy = NULL;
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
ca_inventory_add_loaded(struct ca_inventory *inv, const struct ca_credential *c)
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
	d->owner.team = arena_strdup(a, c->owner.team);
	d->owner.contact = arena_strdup(a, c->owner.contact);
	d->tier_evidence = arena_strdup(a, c->tier_evidence);
	d->misplaced = c->misplaced;
	d->exposure = arena_strdup(a, c->exposure);
	d->verified = c->verified;
	d->verify_error = arena_strdup(a, c->verify_error);
	d->verified_at = c->verified_at;
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
			d->locations[i].path = arena_strdup(a,
			    l->path ? l->path : "");
			d->locations[i].line = l->line;
			d->locations[i].mode = l->mode;
			d->locations[i].uid = l->uid;
			d->locations[i].rule = arena_strdup(a, l->rule);
			d->locations[i].home = arena_strdup(a, l->home);
			d->locations[i].service = arena_strdup(a, l->service);
			d->locations[i].misplaced = l->misplaced;
			d->locations[i].tracked = l->tracked;
			d->locations[i].repo = arena_strdup(a, l->repo);
			d->locations[i].git = git_origin_dup(a, l->git);
			d->locations[i].layer = arena_strdup(a, l->layer);
			d->locations[i].layer_index = l->layer_index;
			d->locations[i].deleted = l->deleted;
			d->locations[i].user_known = l->user_known;
			d->locations[i].user_readable = l->user_readable;
			d->locations[i].archive_entry = arena_strdup(a,
			    l->archive_entry);
			d->locations[i].encoding = arena_strdup(a, l->encoding);
		}
	}
	d->nlocations = d->cap_locations = c->nlocations;
	if (c->nlinks) {
		d->links = xcalloc(c->nlinks, sizeof(*d->links));
		for (size_t i = 0; i < c->nlinks; i++) {
			d->links[i].ref = arena_strdup(a,
			    c->links[i].ref ? c->links[i].ref : "");
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

/* 'g' is borrowed; its strings are copied into the arena. */
void
ca_inventory_add_ignored(struct ca_inventory *inv, const struct ca_ignored *g)
{
	struct ca_inventory_priv *p = inv->priv;
	struct ca_ignored *d;

	pthread_mutex_lock(&p->lock);
	for (size_t i = 0; i < inv->nignored; i++) {
		if (!strncmp(inv->ignored[i].id, g->id, CA_ID_HEX)) {
			pthread_mutex_unlock(&p->lock);
			return;
		}
	}
	inv->ignored = xrealloc(inv->ignored,
	    (inv->nignored + 1) * sizeof(*inv->ignored));
	d = &inv->ignored[inv->nignored++];
	memcpy(d->id, g->id, sizeof(d->id));
	d->id[CA_ID_HEX] = '\0';
	d->kind = arena_strdup(p->arena, g->kind);
	d->rule = arena_strdup(p->arena, g->rule);
	d->reason = arena_strdup(p->arena, g->reason);
	d->expires = arena_strdup(p->arena, g->expires);
	d->ignore = g->ignore;
	inv->meta.stats.ignored = inv->nignored;
	pthread_mutex_unlock(&p->lock);
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

/* 'v' is borrowed; strings are copied into the arena. Runs after the
 * walk, single-threaded, but takes the lock like every writer. */
int
ca_inventory_set_verified(struct ca_inventory *inv, const char *id,
    const struct ca_verification *v)
{
	struct ca_inventory_priv *p = inv->priv;
	struct ca_credential *c;

	pthread_mutex_lock(&p->lock);
	c = *slot_for(p, id);
	if (!c) {
		pthread_mutex_unlock(&p->lock);
		return -1;
	}
	c->verified = v->verified;
	c->verify_error = NULL;
	if (v->verified == CA_VERIFIED_UNKNOWN)
		c->verify_error = arena_strdup(p->arena,
		    v->error ? v->error : "no answer");
	if (v->verified == CA_VERIFIED_LIVE ||
	    v->verified == CA_VERIFIED_REVOKED)
		c->verified_at = v->at > 0 ? v->at : (int64_t)time(NULL);
	if (v->at > 0)
		add_reason(p, c, "verified by an earlier scan (--verify-ttl)");
	if (v->verified == CA_VERIFIED_REVOKED)
		add_reason(p, c, "revoked: the provider rejected it");
	if (v->verified == CA_VERIFIED_LIVE) {
		/* the provider knows better than any file */
		if (v->identity)
			c->identity = arena_strdup(p->arena, v->identity);
		if (v->expires)
			c->expires = arena_strdup(p->arena, v->expires);
		for (size_t i = 0; v->scopes && i < v->nscopes; i++)
			list_add_unique(p->arena, &c->scopes, &c->nscopes,
			    &c->cap_scopes, v->scopes[i]);
		if (v->tier >= 0) {
			c->tier_override = v->tier;
			c->tier_evidence = CA_EVIDENCE_VERIFIED;
			add_reason(p, c, "tier from verified scopes");
		}
	}
	pthread_mutex_unlock(&p->lock);
	return 0;
}
