/* nuget.c - NuGet package source credentials: NuGet.Config / nuget.config
 * (user ~/.nuget/NuGet/NuGet.Config, any project's):
 *
 *   <packageSources><add key="corp" value="https://nuget.corp.test/v3"/>
 *   <packageSourceCredentials><corp>
 *     <add key="Username" value="..."/>
 *     <add key="ClearTextPassword" value="..."/>   a secret
 *     <add key="Password" value="..."/>            DPAPI-encrypted
 *   </corp></packageSourceCredentials>
 *   <apikeys><add key="<url>" value="..."/></apikeys>  encrypted
 *
 * An encrypted value is reported as protected (it decrypts only on the
 * Windows account that wrote it). The source element is the source name
 * with characters XML names refuse written _xHHHH_ (a space is _x0020_).
 * XML goes through regxml.c: no entity expansion, no DTD, no network. */
#include "lib/compat.h"
#include "lib/str.h"
#include "lib/hash.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/surfaces/registry/regauth.h"
#include "scanners/kit/regxml.h"

/* The URL of source 'name' in <packageSources>, or NULL. */
static const char *
nuget_source_url(struct ca_ctx *ctx, const xmlNode *root, const char *name)
{
	const xmlNode *srcs = ra_xml_child(root, "packageSources");
	size_t kl, vl;

	for (const xmlNode *c = srcs ? srcs->children : NULL; c; c = c->next) {
		char *k, *v;
		if (!ra_xml_is(c, "add"))
			continue;
		k = ra_xml_attr(ctx, c, "key", &kl);
		if (!k || strcmp(k, name))
			continue;
		v = ra_xml_attr(ctx, c, "value", &vl);
		return v ? ra_host(ctx, v, vl) : NULL;
	}
	return NULL;
}

/* "_x0020_" back to ' ' for display and lookup. */
static const char *
nuget_unescape(struct ca_ctx *ctx, const char *s)
{
	size_t n = strlen(s), o = 0;
	char *out = arena_alloc(ca_scratch(ctx), n + 1);

	for (size_t i = 0; i < n; i++) {
		unsigned int cp;
		if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' &&
		    s[i + 6] == '_' && sscanf(s + i + 2, "%4x", &cp) == 1 &&
		    cp >= 0x20 && cp < 0x7f) {
			out[o++] = (char)cp;
			i += 6;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return out;
}

static void
nuget_source(struct ca_ctx *ctx, const struct ca_file *f, const xmlNode *root,
    const xmlNode *src)
{
	struct arena *a = ca_scratch(ctx);
	const char *name = nuget_unescape(ctx, (const char *)src->name);
	const char *host = nuget_source_url(ctx, root, name);
	char *user = NULL;
	size_t ul = 0;

	if (!host)
		host = ca_printable(a, name, strlen(name), 128);
	for (const xmlNode *c = src->children; c; c = c->next) {
		size_t kl;
		char *k = ra_xml_is(c, "add") ?
		    ra_xml_attr(ctx, c, "key", &kl) :
		    NULL;
		if (k && ca_ieq(k, kl, "Username"))
			user = ra_xml_attr(ctx, c, "value", &ul);
	}
	for (const xmlNode *c = src->children; c; c = c->next) {
		struct ca_finding fd;
		size_t kl, vl;
		char *k, *v;
		bool clear;

		if (!ra_xml_is(c, "add"))
			continue;
		k = ra_xml_attr(ctx, c, "key", &kl);
		if (!k)
			continue;
		clear = ca_ieq(k, kl, "ClearTextPassword");
		if (!clear && !ca_ieq(k, kl, "Password"))
			continue;
		v = ra_xml_attr(ctx, c, "value", &vl);
		if (!v)
			continue;
		ra_finding_init(&fd,
		    clear ? "nuget.cleartext-password" :
		            "nuget.encrypted-password",
		    clear ? "nuget-password" : "nuget-encrypted-password");
		fd.identity = ra_identity(ctx, user, ul, host);
		fd.line = (unsigned int)xmlGetLineNo(c);
		fd.detail = arena_printf(a, "%s of NuGet source '%s'",
		    clear ? "ClearTextPassword" : "encrypted Password (DPAPI)",
		    ca_printable(a, name, strlen(name), 128));
		ra_emit_secret(ctx, f, &fd, v, vl);
		ca_wipe(v, vl);
	}
}

static void
nuget_apikeys(struct ca_ctx *ctx, const struct ca_file *f, const xmlNode *keys)
{
	for (const xmlNode *c = keys->children; c; c = c->next) {
		struct ca_finding fd;
		size_t kl = 0, vl;
		char *k, *v;

		if (!ra_xml_is(c, "add"))
			continue;
		k = ra_xml_attr(ctx, c, "key", &kl);
		v = ra_xml_attr(ctx, c, "value", &vl);
		if (!v)
			continue;
		ra_finding_init(&fd, "nuget.apikey-encrypted",
		    "nuget-encrypted-password");
		fd.identity = k ? ra_host(ctx, k, kl) : "(no source)";
		fd.line = (unsigned int)xmlGetLineNo(c);
		fd.detail = arena_printf(ca_scratch(ctx),
		    "encrypted NuGet "
		    "API key for %s",
		    fd.identity);
		ra_emit_secret(ctx, f, &fd, v, vl);
		ca_wipe(v, vl);
	}
}

static int
nuget_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	xmlDoc *doc = ra_xml_load(ctx, f);
	xmlNode *root, *creds, *keys;

	if (!doc)
		return 0;
	root = xmlDocGetRootElement(doc);
	if (!ra_xml_is(root, "configuration")) {
		ca_warn(ctx, NULL, "not a NuGet configuration file");
		goto out;
	}
	creds = ra_xml_child(root, "packageSourceCredentials");
	for (xmlNode *s = creds ? creds->children : NULL; s; s = s->next)
		if (s->type == XML_ELEMENT_NODE && s->name)
			nuget_source(ctx, f, root, s);
	keys = ra_xml_child(root, "apikeys");
	if (keys)
		nuget_apikeys(ctx, f, keys);
out:
	ra_xml_free(doc);
	return 0;
}

/* clang-format off */
static const char *const nuget_claims[] = {
	"**/NuGet.Config",
	"**/nuget.config",
	"**/NuGet.config",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc nuget_rules[] = {
	{ "nuget.apikey-encrypted", "nuget-encrypted-password",
	  "encrypted API key under <apikeys> (protected)" },
	{ "nuget.cleartext-password", "nuget-password",
	  "ClearTextPassword of a source in <packageSourceCredentials>" },
	{ "nuget.encrypted-password", "nuget-encrypted-password",
	  "DPAPI-encrypted Password of a source (protected)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_nuget = {
	.name = "nuget",
	.surface = "registry",
	.summary = "NuGet source credentials (NuGet.Config)",
	.version = 1,
	.claims = nuget_claims,
	.rules = nuget_rules,
	.scan_file = nuget_scan_file,
};
