/* regauth.c - helpers shared by the registry surface modules; see
 * regauth.h. */
#include "lib/compat.h"
#include "lib/str.h"
#include <ctype.h>
#include "lib/hash.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/gitkit.h"
#include "scanners/kit/secret.h"
#include "scanners/surfaces/registry/regauth.h"

void
ra_finding_init(struct ca_finding *fd, const char *rule, const char *kind)
{
	memset(fd, 0, sizeof(*fd));
	fd->rule = rule;
	fd->kind = kind;
	fd->standing = -1;
	fd->tier = -1;
}

static bool
has_prefix(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);

	return n > pl && !memcmp(s, p, pl);
}

const char *
ra_token_kind(const char *s, size_t n, const char *dflt, size_t *prefix)
{
	static const struct {
		const char *prefix;
		size_t shown;
		const char *kind;
	} shapes[] = {
		{ "npm_", 4, "npm-token" },
		{ "pypi-AgEIcHlwaS5vcmc", 5, "pypi-token" },
		{ "rubygems_", 9, "rubygems-api-key" },
		{ "dckr_pat_", 9, "docker-hub-pat" },
		{ "glpat-", 6, "gitlab-pat" },
	};
	struct ca_gh_token gh;

	*prefix = 0;
	for (size_t i = 0; i < CA_ARRAY_SIZE(shapes); i++) {
		if (has_prefix(s, n, shapes[i].prefix)) {
			*prefix = shapes[i].shown;
			return shapes[i].kind;
		}
	}
	if (ca_gh_token_classify(s, n, &gh) && !gh.checksum_bad) {
		*prefix = gh.prefix_len;
		return gh.kind;
	}
	return dflt;
}

bool
ra_emit_secret(struct ca_ctx *ctx, const struct ca_file *f,
    struct ca_finding *fd, const char *s, size_t n)
{
	size_t prefix;

	if (!s)
		return false;
	ca_trim(&s, &n);
	if (ca_secret_unusable(s, n))
		return false;
	/* A value quoted in an INI or properties file: the quotes are not
	 * part of the secret. */
	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
		s++;
		n -= 2;
		if (ca_secret_unusable(s, n))
			return false;
	}
	fd->kind = ra_token_kind(s, n, fd->kind, &prefix);
	fd->preview_prefix = prefix;
	fd->secret = s;
	fd->secret_len = n;
	if (!fd->line && !fd->path)
		fd->line = ca_line_of(f->data, f->len, s, n);
	ca_emit(ctx, fd);
	return true;
}

const char *
ra_host(struct ca_ctx *ctx, const char *url, size_t n)
{
	const char *p = url, *end, *h, *at;

	ca_trim(&p, &n);
	end = p + n;
	for (const char *q = p; q + 2 < end; q++) {
		if (q[0] == ':' && q[1] == '/' && q[2] == '/') {
			p = q + 3;
			break;
		}
		if (!isalnum((unsigned char)*q) && *q != '+' && *q != '-' &&
		    *q != '.')
			break;
	}
	while (p < end && *p == '/')
		p++;
	h = p;
	while (p < end && *p != '/' && *p != '?' && *p != '#')
		p++;
	/* user info before the last '@' of the authority is not the host */
	at = memrchr(h, '@', (size_t)(p - h));
	if (at)
		h = at + 1;
	/* an npm nerf-dart "//host/:" or a trailing ':' */
	while (p > h && p[-1] == ':')
		p--;
	if (p == h)
		return "(no host)";
	return ca_printable(ca_scratch(ctx), h, (size_t)(p - h), 256);
}

const char *
ra_identity(struct ca_ctx *ctx, const char *user, size_t ulen, const char *host)
{
	struct arena *a = ca_scratch(ctx);

	if (!user || !ulen)
		return host;
	return arena_printf(a, "%s@%s", ca_printable(a, user, ulen, 128), host);
}

char *
ra_b64(struct ca_ctx *ctx, const char *s, size_t n, size_t *outlen)
{
	unsigned char *out;
	int r;

	ca_trim(&s, &n);
	if (!n || n > 64 * 1024)
		return NULL;
	out = arena_alloc(ca_scratch(ctx), n + 1);
	r = ca_base64_decode(s, n, out, n);
	if (r <= 0)
		return NULL;
	for (int i = 0; i < r; i++) {
		if (out[i] < 0x20 || out[i] == 0x7f) {
			ca_wipe(out, (size_t)r);
			return NULL;
		}
	}
	out[r] = '\0';
	*outlen = (size_t)r;
	return (char *)out;
}

void
ra_kv_lines(const char *data, size_t len, const char *seps,
    const char *comments, bool sections, ra_kv_fn *fn, void *arg,
    unsigned int *bad)
{
	const char *p = data, *end = data + len;
	struct ra_kv kv;

	memset(&kv, 0, sizeof(kv));
	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	for (unsigned int line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *s = p, *sep = NULL;
		size_t n = (size_t)(e - p);

		p = nl ? nl + 1 : end;
		ca_trim(&s, &n);
		if (!n || strchr(comments, s[0]))
			continue;
		if (sections && s[0] == '[' && s[n - 1] == ']') {
			kv.section = s + 1;
			kv.section_len = n - 2;
			ca_trim(&kv.section, &kv.section_len);
			continue;
		}
		for (size_t i = 0; i < n && !sep; i++)
			if (strchr(seps, s[i]))
				sep = s + i;
		if (!sep) {
			if (bad)
				(*bad)++;
			continue;
		}
		kv.key = s;
		kv.key_len = (size_t)(sep - s);
		ca_trim(&kv.key, &kv.key_len);
		kv.val = sep + 1;
		kv.val_len = (size_t)(s + n - kv.val);
		ca_trim(&kv.val, &kv.val_len);
		kv.line = line;
		fn(arg, &kv);
	}
}

json_t *
ra_load_json(struct ca_ctx *ctx, const struct ca_file *f)
{
	int line;
	json_t *doc = ck_json_load(f->data, f->len, &line);

	if (doc) {
		if (json_is_object(doc))
			return doc;
		ck_json_free(doc);
		ca_warn(ctx, NULL, "not a JSON object");
		return NULL;
	}
	if (line)
		ca_warn(ctx, NULL, "invalid JSON at line %d", line);
	else
		ca_warn(ctx, NULL, "invalid JSON");
	return NULL;
}

/* The line of "key" in the JSON text, for findings keyed by a registry. */
static unsigned int
key_line(struct ca_ctx *ctx, const struct ca_file *f, const char *key)
{
	const char *q = arena_printf(ca_scratch(ctx), "\"%s\"", key);

	return ca_line_of(f->data, f->len, q, strlen(q));
}

static void
docker_helper(struct ca_ctx *ctx, const struct ca_file *f,
    const struct ra_docker_rules *rules, const char *reg, const char *helper,
    bool store)
{
	struct arena *a = ca_scratch(ctx);
	struct ca_finding fd;
	const char *host = reg ? ra_host(ctx, reg, strlen(reg)) : "(default)";
	const char *h = ca_printable(a, helper, strlen(helper), 128);

	ra_finding_init(&fd, rules->helper, "docker-credential-helper");
	fd.identity = host;
	fd.line = reg ? key_line(ctx, f, reg) : key_line(ctx, f, "credsStore");
	fd.ref = arena_printf(a, "docker-credential-%s:%s:%s", h,
	    ck_home(f->home), host);
	fd.detail = arena_printf(a,
	    "%s asks docker-credential-%s for the "
	    "login of %s (%s; the helper is never run)",
	    rules->tool, h, host, store ? "credsStore" : "credHelpers");
	ca_emit(ctx, &fd);
}

/* One auths entry. Returns true when it held a credential inline. */
static bool
docker_entry(struct ca_ctx *ctx, const struct ca_file *f,
    const struct ra_docker_rules *rules, const char *reg, const json_t *e,
    unsigned int *bad)
{
	struct arena *a = ca_scratch(ctx);
	const char *host = ra_host(ctx, reg, strlen(reg));
	const char *user, *pass, *auth, *tok;
	size_t ulen = 0, plen = 0, alen = 0, tlen = 0;
	struct ca_finding fd;
	bool inline_cred = false;

	if (!json_is_object(e)) {
		(*bad)++;
		return false;
	}
	user = ck_json_nonempty(e, "username", &ulen);
	pass = ck_json_nonempty(e, "password", &plen);
	auth = ck_json_nonempty(e, "auth", &alen);
	if (auth) {
		size_t dlen = 0;
		char *dec = ra_b64(ctx, auth, alen, &dlen);
		char *colon = dec ? memchr(dec, ':', dlen) : NULL;

		inline_cred = true;
		if (!colon) {
			ca_warn(ctx, NULL,
			    "auth of registry '%s' is not "
			    "base64 of user:password",
			    host);
			if (dec)
				ca_wipe(dec, dlen);
		} else {
			size_t dul = (size_t)(colon - dec);
			ra_finding_init(&fd, rules->auth,
			    "docker-registry-auth");
			fd.identity = ra_identity(ctx, dec, dul, host);
			fd.line = ck_json_line_of(f->data, f->len, auth, alen);
			fd.detail = arena_printf(a,
			    "%s login to %s (base64 "
			    "user:password in auths)",
			    rules->tool, host);
			/* "<token>" is how a helper marks an identity token */
			if (dul == 7 && !memcmp(dec, "<token>", 7)) {
				fd.kind = "docker-identity-token";
				fd.identity = host;
			}
			ra_emit_secret(ctx, f, &fd, colon + 1, dlen - dul - 1);
			ca_wipe(dec, dlen);
		}
	} else if (pass) {
		inline_cred = true;
		ra_finding_init(&fd, rules->auth, "docker-registry-auth");
		fd.identity = ra_identity(ctx, user, ulen, host);
		fd.line = ck_json_line_of(f->data, f->len, pass, plen);
		fd.detail = arena_printf(a,
		    "%s login to %s (username and "
		    "password in auths)",
		    rules->tool, host);
		ra_emit_secret(ctx, f, &fd, pass, plen);
	}
	tok = ck_json_nonempty(e, "identitytoken", &tlen);
	if (tok) {
		inline_cred = true;
		ra_finding_init(&fd, rules->identity, "docker-identity-token");
		fd.identity = ra_identity(ctx, user, ulen, host);
		fd.line = ck_json_line_of(f->data, f->len, tok, tlen);
		fd.detail = arena_printf(a,
		    "%s identity token (OAuth refresh "
		    "token) for %s",
		    rules->tool, host);
		ra_emit_secret(ctx, f, &fd, tok, tlen);
	}
	tok = ck_json_nonempty(e, "registrytoken", &tlen);
	if (tok) {
		inline_cred = true;
		ra_finding_init(&fd, rules->registry, "docker-registry-token");
		fd.identity = ra_identity(ctx, user, ulen, host);
		fd.line = ck_json_line_of(f->data, f->len, tok, tlen);
		fd.detail = arena_printf(a, "%s registry bearer token for %s",
		    rules->tool, host);
		ra_emit_secret(ctx, f, &fd, tok, tlen);
	}
	return inline_cred;
}

void
ra_docker_auths(struct ca_ctx *ctx, const struct ca_file *f, const json_t *doc,
    const struct ra_docker_rules *rules)
{
	const json_t *auths = json_object_get(doc, "auths");
	const json_t *helpers = json_object_get(doc, "credHelpers");
	const char *store = ck_json_nonempty(doc, "credsStore", NULL);
	const char *reg;
	json_t *v;
	unsigned int bad = 0, bare = 0;

	if (auths && !json_is_object(auths))
		bad++;
	if (json_is_object(auths)) {
		json_object_foreach((json_t *)auths, reg, v)
		{
			if (docker_entry(ctx, f, rules, reg, v, &bad))
				continue;
			/* an empty entry: the login went to the helper */
			if (store && !json_object_get(helpers, reg)) {
				docker_helper(ctx, f, rules, reg, store, true);
				bare++;
			}
		}
	}
	if (store && !bare)
		docker_helper(ctx, f, rules, NULL, store, true);
	if (helpers && !json_is_object(helpers))
		bad++;
	if (json_is_object(helpers)) {
		json_object_foreach((json_t *)helpers, reg, v)
		{
			if (!json_is_string(v) || !json_string_length(v)) {
				bad++;
				continue;
			}
			docker_helper(ctx, f, rules, reg, json_string_value(v),
			    false);
		}
	}
	if (bad)
		ca_warn(ctx, NULL, "%u entr%s of an unexpected shape skipped",
		    bad, bad == 1 ? "y" : "ies");
}
