/* ini_doc.c - see ini_doc.h. */
#include "lib/compat.h"
#include <ini.h>
#include "lib/arena.h"
#include "lib/hash.h"
#include "scanners/kit/ini_doc.h"

static int
ini_collect(void *user, const char *section, const char *name,
    const char *value)
{
	struct ck_ini_doc *d = user;
	struct ck_ini_section *s = NULL;

	for (size_t i = 0; i < d->nsec; i++)
		if (!strcmp(d->sec[i].name, section))
			s = &d->sec[i];
	if (!s) {
		if (d->nsec == CK_INI_MAX_SECTIONS) {
			d->truncated = true;
			return 1;
		}
		s = &d->sec[d->nsec++];
		s->name = arena_strdup(d->a, section);
	}
	for (size_t i = 0; i < s->nkeys; i++) {
		if (strcmp(s->key[i], name))
			continue;
		ca_wipe(s->val[i], strlen(s->val[i]));
		s->val[i] = arena_strdup(d->a, value);
		return 1;
	}
	if (s->nkeys == CK_INI_MAX_KEYS) {
		d->truncated = true;
		return 1;
	}
	s->key[s->nkeys] = arena_strdup(d->a, name);
	s->val[s->nkeys++] = arena_strdup(d->a, value);
	return 1;
}

int
ck_ini_doc_load(struct ca_ctx *ctx, const struct ca_file *f,
    struct ck_ini_doc *d)
{
	memset(d, 0, sizeof(*d));
	d->a = ca_scratch(ctx);
	return ini_parse_string(f->data, ini_collect, d);
}

void
ck_ini_doc_wipe(struct ck_ini_doc *d)
{
	for (size_t i = 0; i < d->nsec; i++)
		for (size_t j = 0; j < d->sec[i].nkeys; j++)
			ca_wipe(d->sec[i].val[j], strlen(d->sec[i].val[j]));
}

const char *
ck_ini_doc_get(const struct ck_ini_section *s, const struct ck_ini_section *def,
    const char *key)
{
	for (int pass = 0; pass < 2; pass++) {
		const struct ck_ini_section *x = pass ? def : s;
		for (size_t i = 0; x && i < x->nkeys; i++)
			if (!strcmp(x->key[i], key))
				return x->val[i];
	}
	return NULL;
}

const struct ck_ini_section *
ck_ini_doc_section(const struct ck_ini_doc *d, const char *name)
{
	for (size_t i = 0; i < d->nsec; i++)
		if (!strcmp(d->sec[i].name, name))
			return &d->sec[i];
	return NULL;
}
