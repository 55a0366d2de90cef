/* aws.c - the AWS CLI and SDK shared files: ~/.aws/credentials ([name]
 * sections) and ~/.aws/config ([default], [profile name], [sso-session
 * name], [services name]), INI read through inih (cloudkit.c).
 *
 * Each profile section yields what it holds: a static key pair
 * (aws_access_key_id, aws_secret_access_key, aws_session_token), whose
 * secret is the secret access key; a role (role_arn with source_profile,
 * credential_source or web_identity_token_file), reported as a secretless
 * delegation linked to its source profile; a credential_process command,
 * recorded, never run; and an IAM Identity Center (SSO) profile, linked to
 * the SSO token of its start URL. The other file of the pair is read for
 * context (a role_arn in config for keys in credentials, an sso-session),
 * and reports come only from the file being parsed, so each credential
 * has the location where it is written.
 *
 * The account is decoded offline from the access key id; it is a hint
 * (keys older than the layout decode to nonsense). Botocore rejects a
 * file with duplicate sections or keys outside a section; such files are
 * still read, with a warning, since the secrets in them are on disk. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/secret.h"
#include "scanners/rules/rules.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/surfaces/cloud/aws.h"

#define MAX_SECTIONS 20000
#define MAX_KEYS     200000
#define MAX_SECRET   4096 /* an AWS secret is 40 characters */
#define MAX_NAME     128  /* profile names in identities and details */
#define MAX_DUPS     64   /* sections of one name looked at */

enum sec_type { SEC_PROFILE, SEC_SSO_SESSION, SEC_OTHER };

struct kv {
	const char *key, *val; /* spans into the file's bytes */
	size_t klen, vlen;
	unsigned int line;
	bool indented;
	struct kv *next;
};

struct sec {
	enum sec_type type;
	const char *name; /* printable, scratch */
	unsigned int line;
	struct kv *kvs, *last;
	struct sec *next;
};

struct doc {
	enum ca_aws_file which;
	struct arena *a;
	struct sec *head, *tail;
	size_t nsec, nkeys;
	struct sec **sorted;  /* by type, name, line */
	unsigned int outside; /* line of the first key before any section */
	bool truncated;
	struct ck_ini_status st;
};

struct aws_run {
	struct ca_ctx *ctx;
	const char *path; /* NULL: the scanned file */
	const char *home;
	struct doc *cur;
	struct doc *creds, *conf; /* the pair, either may be NULL */
	const char *file_label;   /* "credentials" or "config" */
	const char *prefix;       /* of rule ids */
};

/* ---- the document ---------------------------------------------------- */

/* Names the section [raw] of a file of type 'which'. */
static void
section_name(struct ca_ctx *ctx, enum ca_aws_file which, const char *raw,
    size_t len, struct sec *s)
{
	const char *sp, *rest;
	size_t wlen;

	s->type = SEC_PROFILE;
	if (which == CA_AWS_CREDENTIALS) {
		s->name = ca_printable_cut(ca_scratch(ctx), raw, len, MAX_NAME);
		return;
	}
	sp = raw;
	while (sp < raw + len && *sp != ' ' && *sp != '\t')
		sp++;
	wlen = (size_t)(sp - raw);
	rest = sp;
	while (rest < raw + len && (*rest == ' ' || *rest == '\t'))
		rest++;
	if (rest == raw + len) {
		/* [default]; botocore ignores other bare names, a secret in
		 * one is still reported under that name */
		s->name = ca_printable_cut(ca_scratch(ctx), raw, len, MAX_NAME);
		return;
	}
	if (ca_ieq(raw, wlen, "profile"))
		s->type = SEC_PROFILE;
	else if (ca_ieq(raw, wlen, "sso-session"))
		s->type = SEC_SSO_SESSION;
	else
		s->type = SEC_OTHER;
	s->name = ca_printable_cut(ca_scratch(ctx), rest,
	    (size_t)(raw + len - rest), MAX_NAME);
}

struct load_arg {
	struct ca_ctx *ctx;
	struct doc *d;
};

static int
on_item(void *arg, const struct ck_ini_item *it)
{
	struct load_arg *la = arg;
	struct doc *d = la->d;
	struct kv *kv;

	if (!it->section) {
		if (!d->outside)
			d->outside = it->line;
		return 0;
	}
	if (it->parent)
		return 0; /* "s3 =\n  max_concurrent_requests = 10" */
	if (!d->tail || d->tail->line != it->section_line) {
		struct sec *s;
		if (d->nsec == MAX_SECTIONS) {
			d->truncated = true;
			return 1;
		}
		s = arena_zalloc(d->a, sizeof(*s));
		s->line = it->section_line;
		section_name(la->ctx, d->which, it->section, it->section_len,
		    s);
		if (d->tail)
			d->tail->next = s;
		else
			d->head = s;
		d->tail = s;
		d->nsec++;
	}
	if (d->nkeys++ == MAX_KEYS) {
		d->truncated = true;
		return 1;
	}
	kv = arena_zalloc(d->a, sizeof(*kv));
	kv->key = it->key;
	kv->klen = it->key_len;
	kv->val = it->val;
	kv->vlen = it->val_len;
	kv->line = it->line;
	kv->indented = it->indented;
	if (d->tail->last)
		d->tail->last->next = kv;
	else
		d->tail->kvs = kv;
	d->tail->last = kv;
	return 0;
}

static int
sec_cmp(const void *a, const void *b)
{
	const struct sec *x = *(const struct sec *const *)a;
	const struct sec *y = *(const struct sec *const *)b;
	int c;

	if (x->type != y->type)
		return (int)x->type - (int)y->type;
	c = strcmp(x->name, y->name);
	if (c)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

static void
doc_load(struct ca_ctx *ctx, struct doc *d, enum ca_aws_file which,
    const char *data, size_t len)
{
	struct load_arg la;
	size_t i = 0;

	memset(d, 0, sizeof(*d));
	la.ctx = ctx;
	la.d = d;
	d->which = which;
	d->a = ca_scratch(ctx);
	ck_ini_parse(data, len, on_item, &la, &d->st);
	d->sorted = arena_alloc(d->a,
	    (d->nsec ? d->nsec : 1) * sizeof(*d->sorted));
	for (struct sec *s = d->head; s; s = s->next)
		d->sorted[i++] = s;
	qsort(d->sorted, d->nsec, sizeof(*d->sorted), sec_cmp);
}

/* The last value of 'key' in section 's', or NULL. */
static const struct kv *
sec_get(const struct sec *s, const char *key)
{
	const struct kv *hit = NULL;

	for (const struct kv *kv = s->kvs; kv; kv = kv->next)
		if (ca_ieq(kv->key, kv->klen, key))
			hit = kv;
	return hit;
}

/* Compares section 's' with (type, name). */
static int
sec_key_cmp(const struct sec *s, enum sec_type type, const char *name)
{
	if (s->type != type)
		return (int)s->type - (int)type;
	return strcmp(s->name, name);
}

/* Sets [*first, *end) to the sections of (type, name) in 'd', which
 * sec_cmp sorted in line order. */
static void
name_range(const struct doc *d, enum sec_type type, const char *name,
    size_t *first, size_t *end)
{
	size_t lo = 0, hi = d->nsec, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (sec_key_cmp(d->sorted[mid], type, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	hi = d->nsec;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (sec_key_cmp(d->sorted[mid], type, name) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*end = lo;
}

/* The value of 'key' for 'name' in 'd': the last section of that name
 * that sets it wins. Only the last MAX_DUPS sections of one name are
 * looked at, so a file of one section repeated stays linear. */
static const struct kv *
doc_get(const struct doc *d, enum sec_type type, const char *name,
    const char *key)
{
	size_t first, end;

	if (!d)
		return NULL;
	name_range(d, type, name, &first, &end);
	for (size_t i = end, n = 0; i > first && n < MAX_DUPS; i--, n++) {
		const struct kv *kv = sec_get(d->sorted[i - 1], key);
		if (kv)
			return kv;
	}
	return NULL;
}

/* A profile's value as the SDK merges them: the credentials file wins. */
static const struct kv *
prof_get(const struct aws_run *r, const char *name, const char *key)
{
	const struct kv *kv = doc_get(r->creds, SEC_PROFILE, name, key);

	return kv ? kv : doc_get(r->conf, SEC_PROFILE, name, key);
}

static void
doc_warn(struct aws_run *r, const struct doc *d)
{
	struct ca_ctx *ctx = r->ctx;

	if (d->st.bad_lines)
		ca_warn(ctx, r->path,
		    "%u malformed line%s in the AWS %s file "
		    "(first at line %u)",
		    d->st.bad_lines, d->st.bad_lines == 1 ? "" : "s",
		    r->file_label, d->st.first_bad);
	if (d->outside)
		ca_warn(ctx, r->path,
		    "keys outside any section (first at line "
		    "%u); the AWS CLI rejects this file",
		    d->outside);
	if (d->truncated)
		ca_warn(ctx, r->path,
		    "more than %u sections or %u keys; the "
		    "rest of the file is not read",
		    MAX_SECTIONS, MAX_KEYS);
	for (size_t i = 1; i < d->nsec; i++) {
		const struct sec *a = d->sorted[i - 1], *b = d->sorted[i];
		if (a->type != b->type || strcmp(a->name, b->name))
			continue;
		if (i >= 2 && d->sorted[i - 2]->type == a->type &&
		    !strcmp(d->sorted[i - 2]->name, a->name))
			continue; /* one warning per name */
		ca_warn(ctx, r->path,
		    "duplicate section for '%s' (lines %u "
		    "and %u); the AWS CLI rejects this file",
		    a->name, a->line, b->line);
	}
}

/* ---- anchors and identities ------------------------------------------ */

const char *
ca_aws_profile_anchor(struct ca_ctx *ctx, const char *home, const char *profile)
{
	return arena_printf(ca_scratch(ctx), "%s%s:%s", CA_AWS_PROFILE_ANCHOR,
	    ck_home(home), profile);
}

const char *
ca_aws_sso_anchor(struct ca_ctx *ctx, const char *home, const char *url,
    size_t len)
{
	while (len && (url[len - 1] == '/' || url[len - 1] == '#'))
		len--;
	return arena_printf(ca_scratch(ctx), "%s%s:%s", CA_AWS_SSO_ANCHOR,
	    ck_home(home), ca_printable_cut(ca_scratch(ctx), url, len, 512));
}

const char *
ca_aws_account(struct ca_ctx *ctx, const char *key_id, size_t len)
{
	char acct[13];

	if (!key_id || ca_aws_account_from_key_id(key_id, len, acct) < 0)
		return NULL;
	return arena_printf(ca_scratch(ctx), "account %s", acct);
}

const char *
ca_aws_sibling(struct ca_ctx *ctx, const char *path, const char *home,
    enum ca_aws_file which)
{
	const char *other = which == CA_AWS_CREDENTIALS ? "config" :
	                                                  "credentials";
	const char *dir = ck_dirname(ca_scratch(ctx), path);

	if (ca_ends_with(dir, "/.aws"))
		return arena_printf(ca_scratch(ctx), "%s/%s", dir, other);
	if (home)
		return arena_printf(ca_scratch(ctx), "%s/.aws/%s",
		    strcmp(home, "/") ? home : "", other);
	return NULL;
}

static const char *
kv_print(struct aws_run *r, const struct kv *kv, size_t max)
{
	return kv && kv->vlen ?
	    ca_printable_cut(ca_scratch(r->ctx), kv->val, kv->vlen, max) :
	    NULL;
}

/* A role ARN worth naming: not empty, not a template, not the example
 * account of the AWS documentation. */
static bool
arn_usable(const struct kv *kv)
{
	if (!kv || !kv->vlen)
		return false;
	if (memchr(kv->val, '<', kv->vlen) || memchr(kv->val, '$', kv->vlen) ||
	    memchr(kv->val, '{', kv->vlen))
		return false;
	return !memmem(kv->val, kv->vlen, ":123456789012:", 14);
}

/* ---- findings -------------------------------------------------------- */

static const char *
rule(const struct aws_run *r, const char *name)
{
	return arena_printf(ca_scratch(r->ctx), "%s.%s", r->prefix, name);
}

static const char *const session_expiry_keys[] = {
	"aws_expiration",
	"x_security_token_expires",
	"aws_session_expiration",
	"expiration",
	NULL,
};

static void
emit_key(struct aws_run *r, const struct sec *s)
{
	struct ca_ctx *ctx = r->ctx;
	const struct kv *sec = sec_get(s, "aws_secret_access_key");
	const struct kv *id, *tok, *role;
	const char *account = NULL, *base, *kid = NULL, *expires = NULL;
	struct ca_finding f;
	bool session;

	if (!sec || ca_secret_unusable(sec->val, sec->vlen))
		return;
	if (sec->vlen > MAX_SECRET) {
		ca_warn(ctx, r->path,
		    "aws_secret_access_key of profile '%s' at "
		    "line %u is too long to be one",
		    s->name, sec->line);
		return;
	}
	/* the id and token as the SDK would pair them with this secret */
	id = sec_get(s, "aws_access_key_id");
	if (!id)
		id = prof_get(r, s->name, "aws_access_key_id");
	tok = sec_get(s, "aws_session_token");
	if (!tok)
		tok = sec_get(s, "aws_security_token");
	if (id && id->vlen && ca_secret_unusable(id->val, id->vlen))
		return; /* AKIAIOSFODNN7EXAMPLE and friends */
	if (id && id->vlen) {
		account = ca_aws_account(ctx, id->val, id->vlen);
		kid = ca_printable_cut(ca_scratch(ctx), id->val, id->vlen, 32);
	}
	session = (id && id->vlen >= 4 && !memcmp(id->val, "ASIA", 4)) ||
	    ((!id || id->vlen < 4 || memcmp(id->val, "AKIA", 4)) && tok &&
	        tok->vlen);
	if (session) {
		for (size_t i = 0; session_expiry_keys[i] && !expires; i++) {
			const struct kv *e = prof_get(r, s->name,
			    session_expiry_keys[i]);
			if (e)
				expires = ck_time_rfc3339(ctx, e->val, e->vlen);
		}
	}
	role = prof_get(r, s->name, "role_arn");
	base = arn_usable(role) ? kv_print(r, role, 256) : account;

	memset(&f, 0, sizeof(f));
	f.rule = rule(r, "profile-key");
	f.kind = session ? "aws-session-key" : "aws-access-key";
	f.path = r->path;
	f.line = sec->line;
	f.secret = sec->val;
	f.secret_len = sec->vlen;
	f.identity = base ?
	    arena_printf(ca_scratch(ctx), "%s (profile %s)", base, s->name) :
	    arena_printf(ca_scratch(ctx), "profile %s", s->name);
	f.expires = expires;
	f.standing = session ? 0 : -1;
	f.tier = -1;
	f.anchor = ca_aws_profile_anchor(ctx, r->home, s->name);
	f.detail = arena_printf(ca_scratch(ctx),
	    "%s key%s%s in the AWS %s "
	    "file, profile '%s'%s%s%s",
	    session ? "temporary session" : "long-lived access", kid ? " " : "",
	    kid ? kid : "", r->file_label, s->name,
	    account ? "; account decoded offline from the key id" : "",
	    session && !(tok && tok->vlen) ? "; no session token next to "
	                                     "it" :
	                                     "",
	    sec->indented ? "; indented under another key, which "
	                    "the AWS CLI misreads" :
	                    "");
	ca_emit(ctx, &f);
}

static void
emit_role(struct aws_run *r, const struct sec *s, const struct kv *role)
{
	struct ca_ctx *ctx = r->ctx;
	const struct kv *src = prof_get(r, s->name, "source_profile");
	const struct kv *csrc = prof_get(r, s->name, "credential_source");
	const struct kv *wit = prof_get(r, s->name, "web_identity_token_file");
	const struct kv *mfa = prof_get(r, s->name, "mfa_serial");
	const struct kv *ext = prof_get(r, s->name, "external_id");
	const char *via = "";
	struct ca_finding f;

	if (!arn_usable(role) ||
	    doc_get(r->cur, SEC_PROFILE, s->name, "role_arn") != role)
		return; /* a later section of the same name sets it */
	memset(&f, 0, sizeof(f));
	if (src && src->vlen) {
		const char *sp = kv_print(r, src, MAX_NAME);
		f.link = ca_aws_profile_anchor(ctx, r->home, sp);
		via = arena_printf(ca_scratch(ctx),
		    " with the credentials of profile '%s'", sp);
	} else if (csrc && csrc->vlen) {
		via = arena_printf(ca_scratch(ctx),
		    " with credential_source %s", kv_print(r, csrc, 64));
	} else if (wit && wit->vlen) {
		via = arena_printf(ca_scratch(ctx),
		    " with the web identity token in %s",
		    kv_print(r, wit, 200));
	}
	f.rule = rule(r, "assume-role");
	f.kind = "aws-assume-role";
	f.path = r->path;
	f.line = role->line;
	f.ref = arena_printf(ca_scratch(ctx), "aws-role:%s:%s",
	    ck_home(r->home), s->name);
	f.identity = kv_print(r, role, 256);
	f.standing = -1;
	f.tier = -1;
	f.anchor = ca_aws_profile_anchor(ctx, r->home, s->name);
	f.detail = arena_printf(ca_scratch(ctx),
	    "profile '%s' assumes the "
	    "role%s%s%s",
	    s->name, via, mfa && mfa->vlen ? "; MFA required" : "",
	    ext && ext->vlen ? "; external_id set" : "");
	ca_emit(ctx, &f);
}

static void
emit_process(struct aws_run *r, const struct sec *s, const struct kv *cp)
{
	struct ca_ctx *ctx = r->ctx;
	struct ca_finding f;

	if (!cp->vlen ||
	    doc_get(r->cur, SEC_PROFILE, s->name, "credential_process") != cp)
		return;
	memset(&f, 0, sizeof(f));
	f.rule = rule(r, "credential-process");
	f.kind = "aws-credential-process";
	f.path = r->path;
	f.line = cp->line;
	f.ref = arena_printf(ca_scratch(ctx), "aws-credential-process:%s:%s",
	    ck_home(r->home), s->name);
	f.identity = arena_printf(ca_scratch(ctx), "profile %s", s->name);
	f.standing = -1;
	f.tier = -1;
	f.anchor = ca_aws_profile_anchor(ctx, r->home, s->name);
	f.detail = arena_printf(ca_scratch(ctx), "credential_process: %s",
	    ck_mask_command(ctx, cp->val, cp->vlen, 120));
	ca_emit(ctx, &f);
}

/* Splits sso_registration_scopes ("sso:account:access, x") into a list. */
static const char *const *
split_scopes(struct ca_ctx *ctx, const struct kv *kv)
{
	const char **list;
	size_t n = 0;
	const char *p, *e;

	if (!kv || !kv->vlen)
		return NULL;
	list = arena_zalloc(ca_scratch(ctx), 33 * sizeof(*list));
	p = kv->val;
	e = kv->val + kv->vlen;
	while (p < e && n < 32) {
		const char *w;
		while (p < e && (*p == ',' || *p == ' ' || *p == '\t'))
			p++;
		w = p;
		while (p < e && *p != ',' && *p != ' ' && *p != '\t')
			p++;
		if (p > w)
			list[n++] = ca_printable_cut(ca_scratch(ctx), w,
			    (size_t)(p - w), 128);
	}
	return n ? list : NULL;
}

/* The last section of the same type and name as 's' in 'd'. */
static const struct sec *
last_of_name(const struct doc *d, const struct sec *s)
{
	size_t first, end;

	name_range(d, s->type, s->name, &first, &end);
	return end > first ? d->sorted[end - 1] : s;
}

static void
emit_sso(struct aws_run *r, const struct sec *s)
{
	struct ca_ctx *ctx = r->ctx;
	const struct kv *acct = prof_get(r, s->name, "sso_account_id");
	const struct kv *role = prof_get(r, s->name, "sso_role_name");
	const struct kv *sess = prof_get(r, s->name, "sso_session");
	const struct kv *url = prof_get(r, s->name, "sso_start_url");
	const struct kv *region = prof_get(r, s->name, "sso_region");
	const struct kv *scopes = NULL;
	const char *sname = kv_print(r, sess, MAX_NAME);
	struct strbuf id = STRBUF_INIT(2048);
	struct ca_finding f;

	if (!sec_get(s, "sso_session") && !sec_get(s, "sso_start_url") &&
	    !sec_get(s, "sso_account_id") && !sec_get(s, "sso_role_name"))
		return;
	if (last_of_name(r->cur, s) != s)
		return; /* reported once, from the last section of the name */
	if (sname) {
		const struct doc *docs[2] = { r->conf, r->creds };
		for (size_t i = 0; i < 2; i++) {
			const struct kv *u = doc_get(docs[i], SEC_SSO_SESSION,
			    sname, "sso_start_url");
			if (!u)
				continue;
			if (!url)
				url = u;
			if (!region)
				region = doc_get(docs[i], SEC_SSO_SESSION,
				    sname, "sso_region");
			scopes = doc_get(docs[i], SEC_SSO_SESSION, sname,
			    "sso_registration_scopes");
			break;
		}
	}
	if (acct && acct->vlen)
		strbuf_addf(&id, "account %s", kv_print(r, acct, 32));
	if (role && role->vlen)
		strbuf_addf(&id, "%srole %s", id.len ? " " : "",
		    kv_print(r, role, MAX_NAME));
	if (url && url->vlen)
		strbuf_addf(&id, "%svia %s", id.len ? " " : "",
		    kv_print(r, url, 256));
	if (!id.len)
		strbuf_addf(&id, "profile %s", s->name);

	memset(&f, 0, sizeof(f));
	f.rule = rule(r, "sso-profile");
	f.kind = "aws-sso-profile";
	f.path = r->path;
	f.line = s->line;
	f.ref = arena_printf(ca_scratch(ctx), "aws-sso-profile:%s:%s",
	    ck_home(r->home), s->name);
	f.identity = arena_strdup(ca_scratch(ctx), id.buf);
	f.standing = -1;
	f.tier = -1;
	f.scopes = split_scopes(ctx, scopes);
	f.anchor = ca_aws_profile_anchor(ctx, r->home, s->name);
	if (url && url->vlen)
		f.link = ca_aws_sso_anchor(ctx, r->home, url->val, url->vlen);
	f.detail = arena_printf(ca_scratch(ctx),
	    "IAM Identity Center profile "
	    "'%s'%s%s%s%s; its tokens are in ~/.aws/sso/cache",
	    s->name, sname ? ", sso-session " : "", sname ? sname : "",
	    region && region->vlen ? ", region " : "",
	    region && region->vlen ? kv_print(r, region, 32) : "");
	strbuf_release(&id);
	ca_emit(ctx, &f);
}

static void
emit_section(struct aws_run *r, const struct sec *s)
{
	const struct kv *role, *cp;

	if (s->type != SEC_PROFILE)
		return;
	emit_key(r, s);
	role = sec_get(s, "role_arn");
	if (role)
		emit_role(r, s, role);
	cp = sec_get(s, "credential_process");
	if (cp)
		emit_process(r, s, cp);
	emit_sso(r, s);
}

/* ---- entry points ---------------------------------------------------- */

int
ca_aws_parse(struct ca_ctx *ctx, const char *prefix, enum ca_aws_file which,
    const char *path, const char *home, const char *data, size_t len,
    const char *sibling)
{
	struct strbuf other = STRBUF_INIT((64u << 20) + 1);
	struct doc cur, odoc;
	struct aws_run r;
	bool have_other = false;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.path = path;
	r.home = home;
	r.prefix = prefix;
	r.file_label = which == CA_AWS_CREDENTIALS ? "credentials" : "config";
	doc_load(ctx, &cur, which, data, len);
	r.cur = &cur;
	if (sibling && ca_read_file(ctx, sibling, &other) == 0) {
		doc_load(ctx, &odoc,
		    which == CA_AWS_CREDENTIALS ? CA_AWS_CONFIG :
		                                  CA_AWS_CREDENTIALS,
		    other.buf, other.len);
		have_other = true;
	}
	if (which == CA_AWS_CREDENTIALS) {
		r.creds = &cur;
		r.conf = have_other ? &odoc : NULL;
	} else {
		r.conf = &cur;
		r.creds = have_other ? &odoc : NULL;
	}
	doc_warn(&r, &cur);
	for (const struct sec *s = cur.head; s; s = s->next)
		emit_section(&r, s);
	ca_wipe(other.buf, other.len);
	strbuf_release(&other);
	return 0;
}

static int
aws_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	enum ca_aws_file which = strcmp(f->name, "credentials") ?
	    CA_AWS_CONFIG :
	    CA_AWS_CREDENTIALS;

	return ca_aws_parse(ctx, "aws", which, NULL, f->home, f->data, f->len,
	    ca_aws_sibling(ctx, f->path, f->home, which));
}

/* clang-format off */
static const char *const aws_claims[] = {
	"**/.aws/credentials",
	"**/.aws/config",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc aws_rules[] = {
	{ "aws.assume-role", "aws-assume-role",
	  "profile with role_arn: the role it assumes, linked to its "
	  "source_profile" },
	{ "aws.credential-process", "aws-credential-process",
	  "profile with credential_process: the command (masked), never run" },
	{ "aws.profile-key", "aws-access-key",
	  "aws_secret_access_key in a profile (aws-session-key for ASIA ids "
	  "or with a session token); account decoded from the key id" },
	{ "aws.sso-profile", "aws-sso-profile",
	  "IAM Identity Center profile (sso_session or sso_start_url), linked "
	  "to its cached SSO token" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_aws = {
	.name = "aws",
	.surface = "cloud",
	.summary = "AWS shared credentials and config files (~/.aws)",
	.version = 1,
	.claims = aws_claims,
	.rules = aws_rules,
	.scan_file = aws_scan_file,
};
