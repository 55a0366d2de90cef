/* inv_unit.h - a fixture inventory and a deep comparison, shared by the
 * tests of the SQLite inventory and of the report loader (static helpers,
 * included by one test binary each). Names are chosen to break naive
 * writers: bytes that are not UTF-8, quotes, newlines, SQL. */
#ifndef CA_INV_UNIT_H
#define CA_INV_UNIT_H

#include "tests/unit/unit.h"
#include "report/formats/emit.h"
#include "report/model/inventory.h"

#define FX_KEY_ID       "0011223344556677"
#define FX_ID_PAT       "0123456789abcdef0123456789abcdef"
#define FX_ID_AWS       "33333333333333333333333333333333"
#define FX_ID_KUBE      "55555555555555555555555555555555"
#define FX_ID_HELPER    "11111111111111111111111111111111"
#define FX_ID_NEW       "66666666666666666666666666666666"
#define FX_PATH_BADUTF8 "/home/alice/\xff\xfe proj/.env"
#define FX_PATH_ODD     "/home/alice/\"q\" 'x' \\ \n%00?#.txt"
#define FX_SQL          "o'brien'); DROP TABLE scans; --"

static const char *
fx_uid_name(void *arg, int64_t uid)
{
	(void)arg;
	return uid == 1000 ? "alice" : uid == 1001 ? "bob" : NULL;
}

struct fx_sight {
	const char *id, *kind, *rule, *redacted, *identity, *path;
	unsigned int line;
	uint32_t mode;
	int64_t uid;
	const char *anchor, *link, *detail, *expires;
	int tier;
	const char *const *scopes;
};

static void
fx_add(struct ca_inventory *inv, const struct fx_sight *f)
{
	struct ca_sighting s;

	memset(&s, 0, sizeof(s));
	memcpy(s.id, f->id, CA_ID_HEX);
	s.id[CA_ID_HEX] = '\0';
	s.kind = f->kind;
	s.rule = f->rule;
	s.redacted = f->redacted;
	s.identity = f->identity;
	s.expires = f->expires;
	s.standing = f->expires ? 0 : -1;
	s.tier = f->tier ? f->tier : -1;
	s.scopes = f->scopes;
	s.detail = f->detail;
	s.structured = true;
	s.path = f->path;
	s.line = f->line;
	s.mode = f->mode;
	s.uid = f->uid;
	s.anchor = f->anchor;
	s.link = f->link;
	assert_int_equal(ca_inventory_add(inv, &s), 0);
}

/* Returns an owned, finished inventory. Variant 0 holds the PAT (two
 * places), an AWS key with an anchor, a kube exec credential linking to
 * it, and a helper; variant 1 drops the helper, adds a new credential,
 * moves the PAT's second copy and makes the AWS key world-readable. */
static struct ca_inventory *
fx_inventory(int variant, const char *started, const char *host)
{
	static const char *const scopes[] = { "repo", "admin:org", NULL };
	struct ca_inventory *inv = ca_inventory_new();
	struct fx_sight f;

	memset(&f, 0, sizeof(f));
	f = (struct fx_sight){ .id = FX_ID_PAT,
		.kind = "github-pat-classic",
		.rule = "gh.hosts-token",
		.redacted = "ghp_a1B2\xe2\x80\xa6",
		.identity = "octocat@github.com",
		.path = "/home/alice/.config/gh/hosts.yml",
		.line = 3,
		.mode = 0600,
		.uid = 1000,
		.scopes = scopes };
	fx_add(inv, &f);
	f.path = variant ? "/home/alice/.bashrc" : FX_PATH_BADUTF8;
	f.line = variant ? 9 : 12;
	f.identity = NULL;
	f.scopes = NULL;
	fx_add(inv, &f);

	f = (struct fx_sight){ .id = FX_ID_AWS,
		.kind = "aws-access-key",
		.rule = "aws.credentials",
		.redacted = "AKIAWXYZ\xe2\x80\xa6",
		.identity = FX_SQL,
		.path = FX_PATH_ODD,
		.line = 0,
		.mode = variant ? 0644 : 0600,
		.uid = 1001,
		.anchor = "aws-profile:/home/alice:prod",
		.detail = "profile prod" };
	fx_add(inv, &f);

	f = (struct fx_sight){ .id = FX_ID_KUBE,
		.kind = "kube-exec",
		.rule = "kube.exec",
		.identity = "eks-prod",
		.path = "/home/alice/.kube/config",
		.line = 20,
		.mode = 0600,
		.uid = 1000,
		.link = "aws-profile:/home/alice:prod" };
	fx_add(inv, &f);
	f.link = "aws-profile:/home/alice:missing";
	fx_add(inv, &f);

	if (!variant) {
		f = (struct fx_sight){ .id = FX_ID_HELPER,
			.kind = "git-credential-helper",
			.rule = "gitconfig.credential-helper",
			.identity = "osxkeychain",
			.path = "/etc/gitconfig",
			.line = 4,
			.mode = 0644,
			.uid = -1 };
		fx_add(inv, &f);
	} else {
		f = (struct fx_sight){ .id = FX_ID_NEW,
			.kind = "jwt",
			.rule = "content.jwt",
			.redacted = "eyJabcd\xe2\x80\xa6",
			.path = "/home/alice/.cache/token",
			.line = 1,
			.mode = 0600,
			.uid = 1000,
			.expires = "2999-01-01T00:00:00Z" };
		fx_add(inv, &f);
	}
	ca_inventory_add_error(inv, "/home/alice/locked", "permission denied");
	ca_inventory_add_error(inv, "/home/alice/\xff", "bad \x1b byte");

	inv->meta.target_type = "dir";
	inv->meta.root = "/";
	inv->meta.host = host;
	inv->meta.scope = "/home/alice";
	snprintf(inv->meta.started, sizeof(inv->meta.started), "%s", started);
	snprintf(inv->meta.finished, sizeof(inv->meta.finished), "%s", started);
	snprintf(inv->meta.key_id, sizeof(inv->meta.key_id), FX_KEY_ID);
	inv->meta.stats.files = 1234;
	inv->meta.stats.bytes = 98765;
	inv->meta.stats.skipped = 7;
	ca_inventory_finish(inv, fx_uid_name, NULL);
	return inv;
}

static void
fx_str_eq(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* Compares everything a report shows. 'raw' is true when 'b' went
 * through a writer that escapes invalid UTF-8: then 'a's strings are
 * compared in their escaped form. */
static void
fx_str_eq_esc(const char *a, const char *b, bool raw)
{
	char *esc;

	if (!raw || !a || !b) {
		fx_str_eq(a, b);
		return;
	}
	esc = ca_utf8_escape(a);
	assert_string_equal(esc, b);
	free(esc);
}

static void
fx_assert_same(const struct ca_inventory *a, const struct ca_inventory *b,
    bool escaped)
{
	assert_int_equal(a->ncreds, b->ncreds);
	for (size_t i = 0; i < a->ncreds; i++) {
		const struct ca_credential *x = a->creds[i], *y = b->creds[i];

		assert_string_equal(x->id, y->id);
		fx_str_eq(x->surface, y->surface);
		fx_str_eq(x->kind, y->kind);
		fx_str_eq(x->rule, y->rule);
		fx_str_eq(x->redacted, y->redacted);
		fx_str_eq_esc(x->identity, y->identity, escaped);
		fx_str_eq(x->expires, y->expires);
		assert_int_equal(x->standing, y->standing);
		assert_int_equal(x->tier, y->tier);
		assert_int_equal(x->risk, y->risk);
		fx_str_eq(x->owner.user, y->owner.user);
		assert_int_equal(x->owner.uid, y->owner.uid);
		fx_str_eq(x->owner.source, y->owner.source);
		assert_int_equal(x->nreasons, y->nreasons);
		for (size_t j = 0; j < x->nreasons; j++)
			fx_str_eq(x->reasons[j], y->reasons[j]);
		assert_int_equal(x->nscopes, y->nscopes);
		for (size_t j = 0; j < x->nscopes; j++)
			fx_str_eq(x->scopes[j], y->scopes[j]);
		assert_int_equal(x->nlocations, y->nlocations);
		for (size_t j = 0; j < x->nlocations; j++) {
			const struct ca_location *l = &x->locations[j];
			const struct ca_location *m = &y->locations[j];
			fx_str_eq_esc(l->path, m->path, escaped);
			assert_int_equal(l->line, m->line);
			assert_int_equal(l->mode, m->mode);
			assert_int_equal(l->uid, m->uid);
			fx_str_eq(l->rule, m->rule);
		}
		assert_int_equal(x->nlinks, y->nlinks);
		for (size_t j = 0; j < x->nlinks; j++) {
			fx_str_eq(x->links[j].ref, y->links[j].ref);
			assert_int_equal(x->links[j].nto, y->links[j].nto);
			for (size_t k = 0; k < x->links[j].nto; k++)
				fx_str_eq(x->links[j].to[k], y->links[j].to[k]);
		}
	}
	assert_int_equal(a->nerrors, b->nerrors);
	for (size_t i = 0; i < a->nerrors; i++) {
		fx_str_eq_esc(a->errors[i].path, b->errors[i].path, escaped);
		fx_str_eq_esc(a->errors[i].error, b->errors[i].error, escaped);
	}
	fx_str_eq(a->meta.target_type, b->meta.target_type);
	fx_str_eq(a->meta.root, b->meta.root);
	assert_string_equal(a->meta.started, b->meta.started);
	assert_string_equal(a->meta.finished, b->meta.finished);
	assert_string_equal(a->meta.key_id, b->meta.key_id);
	assert_int_equal(a->meta.stats.files, b->meta.stats.files);
	assert_int_equal(a->meta.stats.bytes, b->meta.stats.bytes);
	assert_int_equal(a->meta.stats.skipped, b->meta.stats.skipped);
	assert_int_equal(a->meta.stats.errors, b->meta.stats.errors);
}

#endif
