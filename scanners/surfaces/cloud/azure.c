/* azure.c - Azure CLI credentials in ~/.azure ($AZURE_CONFIG_DIR).
 *
 * msal_token_cache.json (plaintext MSAL cache; with encryption on it is a
 * .bin or lives in the keyring and is not read here) holds maps of
 * AccessToken, RefreshToken, IdToken and Account entries. Access tokens
 * carry expires_on (Unix seconds as a string) and target (the scopes);
 * refresh tokens do not expire by themselves, and family_id "1" marks a
 * FOCI family token that other Microsoft first-party clients accept. The
 * owner is the Account's username, joined by home_account_id.
 *
 * service_principal_entries.json lists service principals with a client
 * secret (standing), a certificate path or a client assertion. The legacy
 * ADAL accessTokens.json (azure-cli < 2.30) is a list of user tokens and
 * service-principal entries whose accessToken is the client secret.
 * azureProfile.json holds no secret: it is read next to the token cache
 * to say how many subscriptions an account reaches.
 *
 * Refresh tokens and service-principal secrets answer to the anchor
 * "azure-cli:<home>", which a kubeconfig exec plugin running kubelogin
 * in azurecli mode links to. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/secret.h"
#include "scanners/kit/cloudkit.h"

#define AZ_CLI_CLIENT_ID "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
#define AZ_MAX_USERS     64
#define AZ_MAX_SCOPES    32
#define AZ_PROFILE_CAP   (16u << 20)

/* Subscriptions reached per signed-in name, from azureProfile.json. */
struct az_profile {
	const char *user[AZ_MAX_USERS];
	size_t nsubs[AZ_MAX_USERS];
	size_t nusers;
};

struct az_scan {
	struct ca_ctx *ctx;
	const struct ca_file *f;
	struct arena *a;
	const char *anchor; /* "azure-cli:<home>" */
	struct az_profile prof;
	unsigned int bad; /* entries of an unexpected shape */
};

/* ---- azureProfile.json ------------------------------------------------ */

static void
profile_fill(struct az_scan *az, const json_t *doc)
{
	const json_t *subs = json_object_get(doc, "subscriptions");
	const json_t *sub;
	size_t i;

	if (!json_is_array(subs))
		return;
	json_array_foreach(subs, i, sub)
	{
		size_t n, u;
		const char *name = ck_json_str(json_object_get(sub, "user"),
		    "name", &n);
		if (!name || !n)
			continue;
		for (u = 0; u < az->prof.nusers; u++)
			if (!strcasecmp(az->prof.user[u], name))
				break;
		if (u == az->prof.nusers) {
			if (u == AZ_MAX_USERS)
				continue;
			az->prof.user[u] = ca_printable_cut(az->a, name, n,
			    256);
			az->prof.nusers++;
		}
		az->prof.nsubs[u]++;
	}
}

/* Reads azureProfile.json from the token cache's directory; a missing or
 * broken profile only means less detail (it gets its own warning when it
 * is scanned itself). */
static void
profile_load(struct az_scan *az)
{
	struct strbuf sb = STRBUF_INIT(AZ_PROFILE_CAP);
	const char *path = arena_printf(az->a, "%s/azureProfile.json",
	    ck_dirname(az->a, az->f->path));
	json_t *doc;
	int line;

	if (ca_read_file(az->ctx, path, &sb) == 0) {
		doc = ck_json_load(sb.buf, sb.len, &line);
		if (json_is_object(doc))
			profile_fill(az, doc);
		ck_json_free(doc);
	}
	strbuf_release(&sb);
}

static size_t
profile_subs(const struct az_scan *az, const char *user)
{
	if (!user)
		return 0;
	for (size_t u = 0; u < az->prof.nusers; u++)
		if (!strcasecmp(az->prof.user[u], user))
			return az->prof.nsubs[u];
	return 0;
}

/* "; reaches 3 subscriptions", or "" when the profile says nothing. */
static const char *
reach(const struct az_scan *az, const char *user)
{
	size_t n = profile_subs(az, user);

	if (!n)
		return "";
	return arena_printf(az->a, "; reaches %zu subscription%s", n,
	    n == 1 ? "" : "s");
}

static const char *
client_name(struct az_scan *az, const char *client_id)
{
	if (!client_id)
		return "an unknown client";
	if (!strcasecmp(client_id, AZ_CLI_CLIENT_ID))
		return "Azure CLI";
	return arena_printf(az->a, "client %s",
	    ca_printable_cut(az->a, client_id, strlen(client_id), 64));
}

/* ---- findings --------------------------------------------------------- */

/* Emits one finding for secret 's' unless it is a placeholder. */
static void
az_emit(struct az_scan *az, struct ca_finding *fd, const char *s, size_t n)
{
	if (!s || ca_secret_unusable(s, n))
		return;
	fd->secret = s;
	fd->secret_len = n;
	fd->line = ca_line_of(az->f->data, az->f->len, s, n);
	ca_emit(az->ctx, fd);
}

static void
finding_init(struct ca_finding *fd, const char *rule, const char *kind)
{
	memset(fd, 0, sizeof(*fd));
	fd->rule = rule;
	fd->kind = kind;
	fd->standing = -1;
	fd->tier = -1;
}

/* ---- msal_token_cache.json ------------------------------------------- */

/* The username of the Account (or IdToken) with this home_account_id. */
static const char *
msal_username(struct az_scan *az, const json_t *doc, const char *home_id)
{
	const char *key;
	const json_t *e;

	if (!home_id)
		return NULL;
	json_object_foreach((json_t *)json_object_get(doc, "Account"), key, e)
	{
		size_t n;
		const char *hid = ck_json_str(e, "home_account_id", NULL);
		const char *user = ck_json_str(e, "username", &n);
		if (hid && user && n && !strcmp(hid, home_id))
			return ca_printable_cut(az->a, user, n, 256);
	}
	json_object_foreach((json_t *)json_object_get(doc, "IdToken"), key, e)
	{
		size_t n;
		struct ck_jwt jwt;
		const char *hid = ck_json_str(e, "home_account_id", NULL);
		const char *tok = ck_json_str(e, "secret", &n);
		if (!hid || !tok || strcmp(hid, home_id))
			continue;
		if (ck_jwt_decode(az->a, tok, n, &jwt) &&
		    (jwt.upn || jwt.email))
			return jwt.upn ? jwt.upn : jwt.email;
	}
	return NULL;
}

/* The tenant of "<oid>.<tenant>", or NULL. */
static const char *
home_tenant(struct az_scan *az, const char *home_id)
{
	const char *dot = home_id ? strchr(home_id, '.') : NULL;

	if (!dot || !dot[1])
		return NULL;
	return ca_printable_cut(az->a, dot + 1, strlen(dot + 1), 64);
}

static const char *
identity_of(struct az_scan *az, const char *user, const char *tenant)
{
	if (user)
		return user;
	if (tenant)
		return arena_printf(az->a, "tenant %s", tenant);
	return NULL;
}

static void
msal_access(struct az_scan *az, const json_t *doc, const json_t *e)
{
	struct ca_finding fd;
	const char *secret, *user, *realm, *target, *client, *hid;
	size_t slen, tlen;
	int64_t exp;

	secret = ck_json_str(e, "secret", &slen);
	if (!secret) {
		az->bad++;
		return;
	}
	hid = ck_json_str(e, "home_account_id", NULL);
	user = msal_username(az, doc, hid);
	realm = ck_json_str(e, "realm", NULL);
	if (realm)
		realm = ca_printable_cut(az->a, realm, strlen(realm), 64);
	else
		realm = home_tenant(az, hid);
	target = ck_json_str(e, "target", &tlen);
	client = ck_json_str(e, "client_id", NULL);

	finding_init(&fd, "azure.msal-access-token", "azure-access-token");
	fd.identity = identity_of(az, user, realm);
	if (ck_json_int(e, "expires_on", &exp) == 0)
		fd.expires = ck_time_fmt(az->a, ck_seconds(exp));
	fd.scopes = ck_split_words(az->a, target, tlen, AZ_MAX_SCOPES);
	fd.detail = arena_printf(az->a, "MSAL access token for %s%s%s%s",
	    client_name(az, client), realm ? " in tenant " : "",
	    realm ? realm : "", reach(az, user));
	az_emit(az, &fd, secret, slen);
}

static void
msal_refresh(struct az_scan *az, const json_t *doc, const json_t *e)
{
	struct ca_finding fd;
	const char *secret, *user, *family, *client, *hid;
	size_t slen;

	secret = ck_json_str(e, "secret", &slen);
	if (!secret) {
		az->bad++;
		return;
	}
	hid = ck_json_str(e, "home_account_id", NULL);
	user = msal_username(az, doc, hid);
	family = ck_json_str(e, "family_id", NULL);
	client = ck_json_str(e, "client_id", NULL);

	finding_init(&fd, "azure.msal-refresh-token", "azure-refresh-token");
	fd.identity = identity_of(az, user, home_tenant(az, hid));
	fd.standing = 1;
	fd.anchor = az->anchor;
	fd.detail = arena_printf(az->a, "MSAL refresh token for %s%s%s",
	    client_name(az, client),
	    family && !strcmp(family, "1") ?
	        "; FOCI family refresh token (family_id 1): other Microsoft "
	        "first-party clients accept it" :
	        "",
	    reach(az, user));
	az_emit(az, &fd, secret, slen);
}

/* Walks one section ("AccessToken") of the cache. */
static void
msal_section(struct az_scan *az, const json_t *doc, const char *name,
    void (*fn)(struct az_scan *, const json_t *, const json_t *))
{
	const json_t *sec = json_object_get(doc, name);
	const char *key;
	const json_t *e;

	if (!sec || json_is_null(sec))
		return;
	if (!json_is_object(sec)) {
		az->bad++;
		return;
	}
	json_object_foreach((json_t *)sec, key, e)
	{
		if (!json_is_object(e)) {
			az->bad++;
			continue;
		}
		fn(az, doc, e);
	}
}

static void
scan_msal(struct az_scan *az, const json_t *doc)
{
	if (!json_is_object(doc)) {
		az->bad++;
		return;
	}
	profile_load(az);
	msal_section(az, doc, "AccessToken", msal_access);
	msal_section(az, doc, "RefreshToken", msal_refresh);
}

/* ---- service principals ---------------------------------------------- */

/* The first string present under any of 'keys'. */
static const char *
first_str(const json_t *e, const char *const *keys, size_t *len)
{
	for (size_t i = 0; keys[i]; i++) {
		const char *s = ck_json_str(e, keys[i], len);
		if (s)
			return s;
	}
	if (len)
		*len = 0;
	return NULL;
}

static const char *const sp_id_keys[] = {
	"client_id",
	"servicePrincipalId",
	NULL,
};
static const char *const sp_tenant_keys[] = {
	"tenant",
	"servicePrincipalTenant",
	NULL,
};
static const char *const sp_secret_keys[] = {
	"client_secret",
	"secret",
	"accessToken",
	NULL,
};
static const char *const sp_cert_keys[] = {
	"certificate",
	"certificateFile",
	NULL,
};

/* Says whether the certificate file also holds a usable private key. */
static const char *
cert_key_note(struct az_scan *az, const char *path)
{
	struct strbuf sb = STRBUF_INIT(1u << 20);
	const char *full, *note = "";
	enum ck_key_state st;

	full = ca_resolve_path(az->ctx, path, az->f->home,
	    ck_dirname(az->a, az->f->path));
	if (full && ca_read_file(az->ctx, full, &sb) == 0) {
		st = ck_key_classify(sb.buf, sb.len, NULL);
		if (st == CK_KEY_PLAIN)
			note = "; the file holds an unencrypted private key";
		else if (st == CK_KEY_ENCRYPTED)
			note = "; the file holds an encrypted private key";
	} else if (full) {
		note = "; the file is not in the scanned tree";
	}
	ca_wipe(sb.buf, sb.len);
	strbuf_release(&sb);
	return note;
}

static void
sp_entry(struct az_scan *az, const json_t *e, const char *source)
{
	struct ca_finding fd;
	const char *id, *tenant, *secret, *cert, *assertion, *ident;
	size_t n, slen, alen;
	struct ck_jwt jwt;

	id = first_str(e, sp_id_keys, &n);
	id = id ? ca_printable_cut(az->a, id, n, 128) : "(unknown)";
	tenant = first_str(e, sp_tenant_keys, &n);
	tenant = tenant ? ca_printable_cut(az->a, tenant, n, 128) : "(unknown)";
	ident = arena_printf(az->a, "app %s in tenant %s", id, tenant);
	secret = first_str(e, sp_secret_keys, &slen);
	cert = first_str(e, sp_cert_keys, &n);
	assertion = ck_json_str(e, "client_assertion", &alen);

	if (secret) {
		finding_init(&fd, "azure.sp-secret", "azure-sp-secret");
		fd.identity = ident;
		fd.standing = 1;
		fd.anchor = az->anchor;
		fd.detail = arena_printf(az->a,
		    "service principal client secret in %s", source);
		az_emit(az, &fd, secret, slen);
	}
	if (cert && n) {
		const char *p = ca_printable_cut(az->a, cert, n, 1024);
		finding_init(&fd, "azure.sp-certificate",
		    "azure-sp-certificate");
		fd.identity = ident;
		fd.ref = arena_printf(az->a, "azure-sp-cert:%s:%s", id, p);
		fd.line = ca_line_of(az->f->data, az->f->len, cert, n);
		fd.anchor = az->anchor;
		fd.detail = arena_printf(az->a,
		    "service principal signs in with certificate %s%s", p,
		    cert_key_note(az, p));
		ca_emit(az->ctx, &fd);
	}
	if (assertion) {
		finding_init(&fd, "azure.sp-assertion", "azure-sp-secret");
		fd.identity = ident;
		if (ck_jwt_decode(az->a, assertion, alen, &jwt) && jwt.exp) {
			fd.expires = ck_time_fmt(az->a, jwt.exp);
			fd.standing = 0;
		}
		fd.detail = arena_printf(az->a,
		    "service principal client assertion (federated token) "
		    "in %s",
		    source);
		az_emit(az, &fd, assertion, alen);
	}
}

static void
scan_sp(struct az_scan *az, const json_t *doc)
{
	const json_t *e;
	size_t i;

	if (json_is_object(doc)) {
		sp_entry(az, doc, "service_principal_entries.json");
		return;
	}
	if (!json_is_array(doc)) {
		az->bad++;
		return;
	}
	json_array_foreach(doc, i, e)
	{
		if (!json_is_object(e)) {
			az->bad++;
			continue;
		}
		sp_entry(az, e, "service_principal_entries.json");
	}
}

/* ---- legacy accessTokens.json (ADAL) --------------------------------- */

/* The tenant at the end of an authority URL. */
static const char *
authority_tenant(struct az_scan *az, const char *auth)
{
	const char *slash;
	size_t n;

	if (!auth)
		return NULL;
	n = strlen(auth);
	while (n && auth[n - 1] == '/')
		n--;
	slash = memrchr(auth, '/', n);
	if (!slash || (size_t)(slash + 1 - auth) >= n)
		return NULL;
	return ca_printable_cut(az->a, slash + 1,
	    n - (size_t)(slash + 1 - auth), 64);
}

static void
adal_user(struct az_scan *az, const json_t *e)
{
	struct ca_finding fd;
	const char *at, *rt, *user, *tenant, *res, *exp_s, *client;
	size_t atlen, rtlen, n, rlen;
	int64_t exp;

	at = ck_json_str(e, "accessToken", &atlen);
	rt = ck_json_str(e, "refreshToken", &rtlen);
	user = ck_json_str(e, "userId", &n);
	user = user && n ? ca_printable_cut(az->a, user, n, 256) : NULL;
	tenant = authority_tenant(az, ck_json_str(e, "_authority", NULL));
	res = ck_json_str(e, "resource", &rlen);
	client = ck_json_str(e, "_clientId", NULL);
	if (!at && !rt) {
		az->bad++;
		return;
	}
	if (at) {
		finding_init(&fd, "azure.adal-access-token",
		    "azure-access-token");
		fd.identity = identity_of(az, user, tenant);
		exp_s = ck_json_str(e, "expiresOn", &n);
		/* ADAL wrote local time without a zone; read it as UTC */
		if (exp_s && ck_time_parse(exp_s, n, &exp) == 0)
			fd.expires = ck_time_fmt(az->a, exp);
		fd.scopes = ck_split_words(az->a, res, rlen, 1);
		fd.detail = arena_printf(az->a,
		    "legacy ADAL access token for %s (accessTokens.json; "
		    "expiresOn is local time)%s",
		    client_name(az, client), reach(az, user));
		az_emit(az, &fd, at, atlen);
	}
	if (rt) {
		finding_init(&fd, "azure.adal-refresh-token",
		    "azure-refresh-token");
		fd.identity = identity_of(az, user, tenant);
		fd.standing = 1;
		fd.anchor = az->anchor;
		fd.detail = arena_printf(az->a,
		    "legacy ADAL refresh token for %s (accessTokens.json)%s%s",
		    client_name(az, client),
		    json_is_true(json_object_get(e, "isMRRT")) ?
		        "; multi-resource refresh token" :
		        "",
		    reach(az, user));
		az_emit(az, &fd, rt, rtlen);
	}
}

static void
scan_adal(struct az_scan *az, const json_t *doc)
{
	const json_t *e;
	size_t i;

	if (!json_is_array(doc)) {
		az->bad++;
		return;
	}
	profile_load(az);
	json_array_foreach(doc, i, e)
	{
		if (!json_is_object(e)) {
			az->bad++;
			continue;
		}
		if (ck_json_str(e, "servicePrincipalId", NULL))
			sp_entry(az, e, "accessTokens.json");
		else
			adal_user(az, e);
	}
}

/* ---- entry point ------------------------------------------------------ */

static int
azure_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct az_scan az;
	json_t *doc;
	int line;

	memset(&az, 0, sizeof(az));
	az.ctx = ctx;
	az.f = f;
	az.a = ca_scratch(ctx);
	az.anchor = arena_printf(az.a, "azure-cli:%s", f->home ? f->home : "");
	doc = ck_json_load(f->data, f->len, &line);
	if (!doc) {
		if (line)
			return ca_warn(ctx, NULL, "invalid JSON at line %d",
			    line);
		return ca_warn(ctx, NULL, "invalid JSON");
	}
	if (!strcmp(f->name, "msal_token_cache.json"))
		scan_msal(&az, doc);
	else if (!strcmp(f->name, "service_principal_entries.json"))
		scan_sp(&az, doc);
	else if (!strcmp(f->name, "accessTokens.json"))
		scan_adal(&az, doc);
	else if (!json_is_object(doc))
		az.bad++; /* azureProfile.json: parsed for its warning only */
	ck_json_free(doc);
	if (az.bad)
		ca_warn(ctx, NULL, "%u entr%s of an unexpected shape skipped",
		    az.bad, az.bad == 1 ? "y" : "ies");
	return 0;
}

/* clang-format off */
static const char *const azure_claims[] = {
	"**/.azure/msal_token_cache.json",
	"**/.azure/azureProfile.json",
	"**/.azure/service_principal_entries.json",
	"**/.azure/accessTokens.json",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc azure_rules[] = {
	{ "azure.adal-access-token", "azure-access-token",
	  "access token in the legacy ADAL accessTokens.json" },
	{ "azure.adal-refresh-token", "azure-refresh-token",
	  "refresh token in the legacy ADAL accessTokens.json" },
	{ "azure.msal-access-token", "azure-access-token",
	  "MSAL cache access token (expires_on, target scopes)" },
	{ "azure.msal-refresh-token", "azure-refresh-token",
	  "MSAL cache refresh token (family_id 1: FOCI family token)" },
	{ "azure.sp-assertion", "azure-sp-secret",
	  "service-principal client assertion (federated JWT)" },
	{ "azure.sp-certificate", "azure-sp-certificate",
	  "service principal that signs in with a certificate file" },
	{ "azure.sp-secret", "azure-sp-secret",
	  "service-principal client secret (service_principal_entries.json "
	  "or legacy accessTokens.json)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_azure = {
	.name = "azure",
	.surface = "cloud",
	.summary = "Azure CLI token cache, service principals and legacy "
	           "ADAL tokens (~/.azure)",
	.version = 1,
	.claims = azure_claims,
	.rules = azure_rules,
	.scan_file = azure_scan_file,
};
