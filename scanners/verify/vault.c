/* vault.c - one copy of each verifiable secret, in locked pages, for the
 * length of a scan.
 *
 * Secrets live in slabs of anonymous memory mapped for the purpose:
 * mlock()ed so they are not written to swap, MADV_DONTDUMP so a crash
 * does not put them in a core file, MADV_WIPEONFORK so a child never sees
 * them. Any of these may fail (RLIMIT_MEMLOCK, an old kernel); the vault
 * still works and says so through ca_vault_locked(). Slabs are wiped and
 * unmapped by ca_vault_free(). Everything else here (ids, kinds, hints)
 * is not secret and lives on the ordinary heap. */
#define CA_SCANNER_ALLOW_OS 1
#include "lib/compat.h"
#include <ctype.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#include "lib/hash.h"
#include "lib/xalloc.h"
#include "scanners/verify/vault.h"
#include "lib/banned.h"

#define SLAB_SIZE (64u * 1024u)

struct slab {
	struct slab *next;
	unsigned char *mem;
	size_t size, used;
	bool locked;
};

struct ca_vault {
	pthread_mutex_t lock;
	ca_vault_want_fn *want;
	void *want_arg;
	struct ca_vault_entry **entries;
	size_t n, cap;
	struct ca_vault_entry **slots; /* open addressing on the id */
	size_t nslots;
	struct slab *slabs;
	bool unlocked; /* some slab could not be locked */
};

struct ca_vault *
ca_vault_new(ca_vault_want_fn *want, void *arg)
{
	struct ca_vault *v = xcalloc(1, sizeof(*v));

	pthread_mutex_init(&v->lock, NULL);
	v->want = want;
	v->want_arg = arg;
	v->nslots = 64;
	v->slots = xcalloc(v->nslots, sizeof(*v->slots));
	return v;
}

static size_t
id_hash(const char *id)
{
	size_t h = 0;

	for (int i = 0; i < 12 && id[i]; i++)
		h = h * 31 + (unsigned char)id[i];
	return h;
}

static struct ca_vault_entry **
slot_for(struct ca_vault_entry **slots, size_t nslots, const char *id)
{
	size_t i = id_hash(id) & (nslots - 1);

	while (slots[i] && strcmp(slots[i]->id, id))
		i = (i + 1) & (nslots - 1);
	return &slots[i];
}

static void
grow(struct ca_vault *v)
{
	size_t n = v->nslots * 2;
	struct ca_vault_entry **s = xcalloc(n, sizeof(*s));

	for (size_t i = 0; i < v->n; i++)
		*slot_for(s, n, v->entries[i]->id) = v->entries[i];
	free(v->slots);
	v->slots = s;
	v->nslots = n;
}

/* Returns locked memory for 'len' bytes, or NULL when mapping fails. */
static unsigned char *
slab_alloc(struct ca_vault *v, size_t len)
{
	struct slab *s = v->slabs;

	if (!s || s->size - s->used < len) {
		size_t size = len > SLAB_SIZE ? len : SLAB_SIZE;
		void *mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (mem == MAP_FAILED)
			return NULL;
		s = xcalloc(1, sizeof(*s));
		s->mem = mem;
		s->size = size;
		s->locked = mlock(mem, size) == 0;
		if (!s->locked)
			v->unlocked = true;
#ifdef MADV_DONTDUMP
		madvise(mem, size, MADV_DONTDUMP);
#endif
#ifdef MADV_WIPEONFORK
		madvise(mem, size, MADV_WIPEONFORK);
#endif
		s->next = v->slabs;
		v->slabs = s;
	}
	s->used += len;
	return s->mem + s->used - len;
}

static bool
host_char(int c)
{
	return isalnum(c) || c == '.' || c == '-';
}

bool
ca_vault_split_identity(const char *identity, char *user, char *host,
    size_t cap)
{
	const char *at, *h, *p;
	size_t hn, un, name_len;

	user[0] = host[0] = '\0';
	if (!identity || !*identity)
		return false;
	at = strrchr(identity, '@');
	h = at ? at + 1 : identity;
	for (p = h; host_char((unsigned char)*p); p++)
		;
	name_len = (size_t)(p - h);
	if (*p == ':') {
		const char *q = p + 1;
		while (isdigit((unsigned char)*q))
			q++;
		if (q == p + 1 || q - p > 6)
			return false;
		p = q;
	}
	hn = (size_t)(p - h);
	/* a host name, not "profile prod" or an email with a comment */
	if (*p || !name_len || hn >= cap || *h == '.' || *h == '-')
		return false;
	if (!memchr(h, '.', name_len) &&
	    (name_len != 9 || strncasecmp(h, "localhost", 9)))
		return false;
	memcpy(host, h, hn);
	host[hn] = '\0';
	for (char *q = host; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	if (at) {
		un = (size_t)(at - identity);
		if (un >= cap)
			un = cap - 1;
		memcpy(user, identity, un);
		user[un] = '\0';
	}
	return true;
}

static bool
base32_upper(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');
}

bool
ca_vault_find_key_id(const char *s, char out[21])
{
	for (const char *p = s; p && *p; p++) {
		size_t i;
		if (strncmp(p, "AKIA", 4) && strncmp(p, "ASIA", 4))
			continue;
		if (p > s && (isalnum((unsigned char)p[-1])))
			continue;
		for (i = 4; i < 20 && base32_upper((unsigned char)p[i]); i++)
			;
		if (i < 20 || isalnum((unsigned char)p[20]))
			continue;
		memcpy(out, p, 20);
		out[20] = '\0';
		return true;
	}
	return false;
}

static void
add_kind(struct ca_vault_entry *e, const char *kind)
{
	for (size_t i = 0; i < e->nkinds; i++)
		if (!strcmp(e->kinds[i], kind))
			return;
	e->kinds = xrealloc(e->kinds, (e->nkinds + 1) * sizeof(*e->kinds));
	e->kinds[e->nkinds++] = xstrdup(kind);
}

static void
add_hint(struct ca_vault_entry *e, const char *rule, const char *identity)
{
	char user[256], host[256];

	if (e->nhints == CA_VAULT_MAX_HINTS ||
	    !ca_vault_split_identity(identity, user, host, sizeof(user)))
		return;
	for (size_t i = 0; i < e->nhints; i++)
		if (!strcmp(e->hints[i].rule, rule) &&
		    !strcmp(e->hints[i].host, host) &&
		    !strcmp(e->hints[i].user ? e->hints[i].user : "", user))
			return;
	e->hints[e->nhints].rule = xstrdup(rule);
	e->hints[e->nhints].user = *user ? xstrdup(user) : NULL;
	e->hints[e->nhints].host = xstrdup(host);
	e->nhints++;
}

int
ca_vault_put(struct ca_vault *v, const char *id, const struct ca_finding *f,
    bool structured)
{
	struct ca_vault_entry **slot, *e;
	char kid[21];

	if (!f->secret || !f->secret_len || !f->kind)
		return 0;
	pthread_mutex_lock(&v->lock);
	slot = slot_for(v->slots, v->nslots, id);
	e = *slot;
	if (!e) {
		if ((v->n + 1) * 2 > v->nslots) {
			grow(v);
			slot = slot_for(v->slots, v->nslots, id);
		}
		e = xcalloc(1, sizeof(*e));
		snprintf(e->id, sizeof(e->id), "%s", id);
		if (v->n == v->cap) {
			v->cap = v->cap ? v->cap * 2 : 64;
			v->entries = xrealloc(v->entries,
			    v->cap * sizeof(*v->entries));
		}
		v->entries[v->n++] = e;
		*slot = e;
	}
	add_kind(e, f->kind);
	if (!e->secret && f->secret_len <= CA_VAULT_MAX_SECRET &&
	    v->want(v->want_arg, f->kind)) {
		unsigned char *mem = slab_alloc(v, f->secret_len);
		if (mem) {
			memcpy(mem, f->secret, f->secret_len);
			e->secret = (const char *)mem;
			e->secret_len = f->secret_len;
		}
	}
	if (!e->key_id &&
	    ((f->identity && ca_vault_find_key_id(f->identity, kid)) ||
	        (f->detail && ca_vault_find_key_id(f->detail, kid))))
		e->key_id = xstrdup(kid);
	if (structured && f->identity && f->rule)
		add_hint(e, f->rule, f->identity);
	pthread_mutex_unlock(&v->lock);
	return 0;
}

const struct ca_vault_entry *
ca_vault_find(const struct ca_vault *v, const char *id)
{
	size_t i = id_hash(id) & (v->nslots - 1);

	while (v->slots[i]) {
		if (!strcmp(v->slots[i]->id, id))
			return v->slots[i];
		i = (i + 1) & (v->nslots - 1);
	}
	return NULL;
}

size_t
ca_vault_count(const struct ca_vault *v)
{
	size_t n = 0;

	for (size_t i = 0; i < v->n; i++)
		n += v->entries[i]->secret != NULL;
	return n;
}

bool
ca_vault_locked(const struct ca_vault *v)
{
	return !v->unlocked;
}

void
ca_vault_free(struct ca_vault *v)
{
	if (!v)
		return;
	while (v->slabs) {
		struct slab *s = v->slabs;
		v->slabs = s->next;
		ca_wipe(s->mem, s->size);
		if (s->locked)
			munlock(s->mem, s->size);
		munmap(s->mem, s->size);
		free(s);
	}
	for (size_t i = 0; i < v->n; i++) {
		struct ca_vault_entry *e = v->entries[i];
		for (size_t k = 0; k < e->nkinds; k++)
			free((char *)e->kinds[k]);
		free(e->kinds);
		for (size_t k = 0; k < e->nhints; k++) {
			free((char *)e->hints[k].rule);
			free((char *)e->hints[k].user);
			free((char *)e->hints[k].host);
		}
		free((char *)e->key_id);
		free(e);
	}
	free(v->entries);
	free(v->slots);
	pthread_mutex_destroy(&v->lock);
	free(v);
}
