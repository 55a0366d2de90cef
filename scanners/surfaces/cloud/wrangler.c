/* wrangler.c - Cloudflare wrangler tokens:
 *
 * <config>/.wrangler/config/<env>.toml: oauth_token, refresh_token,
 * expiration_time, scopes, api_token. The TOML is read by a tiny reader
 * below: only top-level key = value pairs. */
#include "lib/compat.h"
#include <ctype.h>
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/secret.h"

#define TOML_MAX_KEYS  64
#define TOML_MAX_ITEMS 64

/* One top-level key; values are scratch copies, wiped after the file. */
struct toml_kv {
	const char *key;
	char *val; /* string or bare value */
	size_t len;
	unsigned int line;
	char *items[TOML_MAX_ITEMS + 1]; /* array of strings, NULL-ended */
	size_t nitems;
};

struct toml {
	struct arena *a;
	const char *p, *end;
	unsigned int line;
	struct toml_kv kv[TOML_MAX_KEYS];
	size_t nkv;
	bool bad;
};

static void
toml_ws(struct toml *t, bool newlines)
{
	while (t->p < t->end) {
		if (*t->p == '#') {
			while (t->p < t->end && *t->p != '\n')
				t->p++;
		} else if (*t->p == '\n' && newlines) {
			t->line++;
			t->p++;
		} else if (*t->p == ' ' || *t->p == '\t' || *t->p == '\r') {
			t->p++;
		} else {
			break;
		}
	}
}

/* Reads a basic ("...") or literal ('...') string at t->p into a scratch
 * copy. Multi-line forms are not used by the files read here. */
static char *
toml_string(struct toml *t, size_t *len)
{
	char q = *t->p++;
	const char *start = t->p;
	char *out;
	size_t n = 0;

	while (t->p < t->end && *t->p != q && *t->p != '\n') {
		if (q == '"' && *t->p == '\\' && t->p + 1 < t->end)
			t->p++;
		t->p++;
	}
	out = arena_alloc(t->a, (size_t)(t->p - start) + 1);
	for (const char *s = start; s < t->p; s++) {
		if (q == '"' && *s == '\\' && s + 1 < t->p) {
			s++;
			out[n++] = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
		} else {
			out[n++] = *s;
		}
	}
	out[n] = '\0';
	if (t->p < t->end && *t->p == q)
		t->p++;
	else
		t->bad = true;
	*len = n;
	return out;
}

static void
toml_value(struct toml *t, struct toml_kv *kv)
{
	const char *start;

	toml_ws(t, false);
	if (t->p >= t->end)
		return;
	if (*t->p == '"' || *t->p == '\'') {
		kv->val = toml_string(t, &kv->len);
		return;
	}
	if (*t->p == '[') {
		t->p++;
		for (;;) {
			toml_ws(t, true);
			if (t->p >= t->end) {
				t->bad = true;
				return;
			}
			if (*t->p == ']') {
				t->p++;
				return;
			}
			if (*t->p == ',') {
				t->p++;
				continue;
			}
			if (*t->p == '"' || *t->p == '\'') {
				size_t n;
				char *s = toml_string(t, &n);
				if (kv->nitems < TOML_MAX_ITEMS)
					kv->items[kv->nitems++] = s;
				continue;
			}
			t->p++; /* numbers, nested arrays: not needed */
		}
	}
	start = t->p;
	while (t->p < t->end && *t->p != '\n' && *t->p != '#')
		t->p++;
	kv->len = (size_t)(t->p - start);
	while (kv->len && isspace((unsigned char)start[kv->len - 1]))
		kv->len--;
	kv->val = arena_strndup(t->a, start, kv->len);
}

/* Reads the top-level key = value pairs of a TOML document. */
static void
toml_parse(struct toml *t, struct arena *a, const char *data, size_t len)
{
	bool top = true;

	memset(t, 0, sizeof(*t));
	t->a = a;
	t->p = data;
	t->end = data + len;
	t->line = 1;
	for (;;) {
		struct toml_kv scratch, *kv;
		const char *k;
		size_t klen;

		toml_ws(t, true);
		if (t->p >= t->end)
			break;
		if (*t->p == '[') {
			top = false; /* a [table]: later keys are not ours */
			while (t->p < t->end && *t->p != '\n')
				t->p++;
			continue;
		}
		k = t->p;
		if (*t->p == '"' || *t->p == '\'') {
			k = toml_string(t, &klen);
		} else {
			while (t->p < t->end &&
			    (isalnum((unsigned char)*t->p) || *t->p == '_' ||
			        *t->p == '-' || *t->p == '.'))
				t->p++;
			klen = (size_t)(t->p - k);
			k = arena_strndup(a, k, klen);
		}
		toml_ws(t, false);
		if (!klen || t->p >= t->end || *t->p != '=') {
			t->bad = true;
			while (t->p < t->end && *t->p != '\n')
				t->p++;
			continue;
		}
		t->p++;
		kv = top && t->nkv < TOML_MAX_KEYS ? &t->kv[t->nkv++] :
		                                     &scratch;
		memset(kv, 0, sizeof(*kv));
		kv->key = k;
		kv->line = t->line;
		toml_value(t, kv);
		if (kv == &scratch) {
			if (kv->val)
				ca_wipe(kv->val, kv->len);
			for (size_t i = 0; i < kv->nitems; i++)
				ca_wipe(kv->items[i], strlen(kv->items[i]));
		}
	}
}

static void
toml_wipe(struct toml *t)
{
	for (size_t i = 0; i < t->nkv; i++) {
		if (t->kv[i].val)
			ca_wipe(t->kv[i].val, t->kv[i].len);
		for (size_t j = 0; j < t->kv[i].nitems; j++)
			ca_wipe(t->kv[i].items[j], strlen(t->kv[i].items[j]));
	}
}

static const struct toml_kv *
toml_get(const struct toml *t, const char *key)
{
	for (size_t i = 0; i < t->nkv; i++)
		if (!strcmp(t->kv[i].key, key))
			return &t->kv[i];
	return NULL;
}

static int
wrangler_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const struct toml_kv *oauth, *refresh, *api, *exp, *scopes;
	const char *const *scope_list = NULL;
	const char *expires = NULL, *env;
	struct ca_finding fd;
	struct toml t;
	int64_t when;

	toml_parse(&t, a, f->data, f->len);
	if (t.bad)
		ca_warn(ctx, NULL, "malformed TOML (some keys were skipped)");
	env = arena_strndup(a, f->name, strcspn(f->name, "."));
	oauth = toml_get(&t, "oauth_token");
	refresh = toml_get(&t, "refresh_token");
	api = toml_get(&t, "api_token");
	exp = toml_get(&t, "expiration_time");
	scopes = toml_get(&t, "scopes");
	if (exp && exp->val && ck_time_parse(exp->val, exp->len, &when) == 0)
		expires = ck_time_fmt(a, when);
	if (scopes && scopes->nitems)
		scope_list = (const char *const *)scopes->items;
	if (oauth && oauth->val) {
		ca_finding_init(&fd, "wrangler.oauth-token",
		    "cloudflare-oauth-token");
		fd.line = oauth->line;
		fd.expires = expires;
		fd.standing = expires ? 0 : -1;
		fd.scopes = scope_list;
		fd.detail = arena_printf(a,
		    "Cloudflare OAuth token from "
		    "wrangler login (%s profile)",
		    env);
		ca_emit_secret(ctx, f, &fd, oauth->val, oauth->len);
	}
	if (refresh && refresh->val) {
		ca_finding_init(&fd, "wrangler.refresh-token",
		    "cloudflare-refresh-token");
		fd.line = refresh->line;
		fd.standing = 1;
		fd.scopes = scope_list;
		fd.detail = arena_printf(a,
		    "Cloudflare OAuth refresh token "
		    "from wrangler login (%s profile)",
		    env);
		ca_emit_secret(ctx, f, &fd, refresh->val, refresh->len);
	}
	if (api && api->val) {
		ca_finding_init(&fd, "wrangler.api-token",
		    "cloudflare-api-token");
		fd.line = api->line;
		fd.detail = arena_printf(a,
		    "Cloudflare API token in the "
		    "legacy wrangler config (%s profile)",
		    env);
		ca_emit_secret(ctx, f, &fd, api->val, api->len);
	}
	toml_wipe(&t);
	return 0;
}

/* clang-format off */
static const char *const wrangler_claims[] = {
	"**/.wrangler/config/*.toml",
	"**/.config/.wrangler/config/*.toml",
	"**/Library/Preferences/.wrangler/config/*.toml",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc wrangler_rules[] = {
	{ "wrangler.api-token", "cloudflare-api-token",
	  "legacy api_token in the wrangler config" },
	{ "wrangler.oauth-token", "cloudflare-oauth-token",
	  "oauth_token from wrangler login (expiration_time, scopes)" },
	{ "wrangler.refresh-token", "cloudflare-refresh-token",
	  "refresh_token from wrangler login" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_wrangler = {
	.name = "wrangler",
	.surface = "cloud",
	.summary = "Cloudflare wrangler OAuth and API tokens",
	.version = 1,
	.claims = wrangler_claims,
	.rules = wrangler_rules,
	.scan_file = wrangler_scan_file,
};
