/* maven.c - JVM build tool credentials, two surface modules:
 *
 *   maven   ~/.m2/settings.xml and $MAVEN_HOME/conf/settings.xml:
 *           <servers><server> id, username, password, privateKey,
 *           passphrase. A password written "{...}" is encrypted with
 *           the master password of settings-security.xml: without that
 *           file it is reported as protected; with it (the master is
 *           itself only obfuscated) it is as good as plain text.
 *   gradle  gradle.properties (~/.gradle and any project): keys whose
 *           name says password, token, secret or key (ossrhPassword,
 *           signing.password, gradle.publish.secret, ...).
 *
 * XML goes through regxml.c: no entity expansion, no DTD, no network.
 * The identity of a maven server is its user plus its id (which a
 * <repository> or <distributionManagement> of a pom maps to a URL). */
#include "lib/compat.h"
#include "lib/str.h"
#include <ctype.h>
#include "lib/hash.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/surfaces/registry/regauth.h"
#include "scanners/kit/regxml.h"

/* "{base64}" with optional text around: maven's encrypted form. */
static bool
maven_encrypted(const char *s, size_t n)
{
	const char *o = memchr(s, '{', n), *c;

	if (!o)
		return false;
	c = memchr(o, '}', n - (size_t)(o - s));
	if (!c || c - o < 9)
		return false;
	for (const char *p = o + 1; p < c; p++)
		if (!isalnum((unsigned char)*p) && *p != '+' && *p != '/' &&
		    *p != '=')
			return false;
	return true;
}

/* Whether settings-security.xml beside 'f' holds a master password. */
static bool
maven_master(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct strbuf sb = STRBUF_INIT(1u << 20);
	const char *path = arena_printf(ca_scratch(ctx),
	    "%s/settings-security.xml", ck_dirname(ca_scratch(ctx), f->path));
	bool found = false;

	if (ca_read_file(ctx, path, &sb) == 0)
		found = memmem(sb.buf, sb.len, "<master>", 8) != NULL;
	ca_wipe(sb.buf, sb.len);
	strbuf_release(&sb);
	return found;
}

static void
maven_secret(struct ca_ctx *ctx, const struct ca_file *f, const char *rule,
    const char *id, const char *user, size_t ulen, char *val, size_t vlen,
    const char *what, int master)
{
	struct arena *a = ca_scratch(ctx);
	struct ca_finding fd;
	bool enc = maven_encrypted(val, vlen);

	ra_finding_init(&fd, rule,
	    enc && !master ? "maven-encrypted-password" :
	                     "maven-server-password");
	fd.identity = ra_identity(ctx, user, ulen, id);
	if (!enc)
		fd.detail = arena_printf(a,
		    "plain-text %s of Maven server "
		    "'%s'",
		    what, id);
	else if (master)
		fd.detail = arena_printf(a,
		    "encrypted %s of Maven server "
		    "'%s', but settings-security.xml beside it holds the "
		    "master password: recoverable",
		    what, id);
	else
		fd.detail = arena_printf(a,
		    "encrypted %s of Maven server "
		    "'%s' (no settings-security.xml found beside it)",
		    what, id);
	if (!enc) {
		ra_emit_secret(ctx, f, &fd, val, vlen);
	} else {
		/* "{...}" reads as a template placeholder to the shared
		 * check, so the emit is done here */
		fd.secret = val;
		fd.secret_len = vlen;
		fd.line = ca_line_of(f->data, f->len, val, vlen);
		ca_emit(ctx, &fd);
	}
	ca_wipe(val, vlen);
}

static int
maven_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	xmlDoc *doc = ra_xml_load(ctx, f);
	xmlNode *root, *servers;
	int master = -1;

	if (!doc)
		return 0;
	root = xmlDocGetRootElement(doc);
	if (!ra_xml_is(root, "settings")) {
		/* conf/settings.xml is a common name: only ~/.m2 must be ours
		 */
		if (ca_ends_with(f->path, "/.m2/settings.xml"))
			ca_warn(ctx, NULL, "not a Maven settings file");
		goto out;
	}
	servers = ra_xml_child(root, "servers");
	for (xmlNode *s = servers ? servers->children : NULL; s; s = s->next) {
		size_t il = 0, ul = 0, pl = 0;
		char *idt, *user, *pass;
		const char *id;

		if (!ra_xml_is(s, "server"))
			continue;
		idt = ra_xml_text(ctx, ra_xml_child(s, "id"), &il);
		user = ra_xml_text(ctx, ra_xml_child(s, "username"), &ul);
		id = idt ? ca_printable(ca_scratch(ctx), idt, il, 128) :
		           "(no id)";
		pass = ra_xml_text(ctx, ra_xml_child(s, "password"), &pl);
		if (pass && master < 0)
			master = maven_master(ctx, f);
		if (pass)
			maven_secret(ctx, f, "maven.server-password", id, user,
			    ul, pass, pl, "password", master > 0);
		pass = ra_xml_text(ctx, ra_xml_child(s, "passphrase"), &pl);
		if (pass && master < 0)
			master = maven_master(ctx, f);
		if (pass)
			maven_secret(ctx, f, "maven.server-passphrase", id,
			    user, ul, pass, pl, "private-key passphrase",
			    master > 0);
	}
out:
	ra_xml_free(doc);
	return 0;
}

/* clang-format off */
static const char *const maven_claims[] = {
	"**/.m2/settings.xml",
	"**/conf/settings.xml",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc maven_rules[] = {
	{ "maven.server-passphrase", "maven-server-password",
	  "<server><passphrase> of a private key in settings.xml" },
	{ "maven.server-password", "maven-server-password",
	  "<server><password> in settings.xml, plain or with "
	  "settings-security.xml beside it (an encrypted one without it is "
	  "maven-encrypted-password)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_maven = {
	.name = "maven",
	.surface = "registry",
	.summary = "Maven server credentials (~/.m2/settings.xml)",
	.version = 1,
	.claims = maven_claims,
	.rules = maven_rules,
	.scan_file = maven_scan_file,
};

/* ==== gradle ========================================================== */

#define MAX_PROPS 4096

struct gradle {
	struct ca_ctx *ctx;
	const struct ca_file *f;
	struct ra_kv *kv;
	size_t n, cap;
};

static void
gradle_kv(void *arg, const struct ra_kv *kv)
{
	struct gradle *g = arg;

	if (g->n == g->cap) {
		struct ra_kv *nk;
		if (g->cap >= MAX_PROPS)
			return;
		g->cap = g->cap ? g->cap * 2 : 64;
		nk = arena_alloc(ca_scratch(g->ctx), g->cap * sizeof(*nk));
		if (g->n)
			memcpy(nk, g->kv, g->n * sizeof(*nk));
		g->kv = nk;
	}
	g->kv[g->n++] = *kv;
}

static bool
ends_ci(const char *s, size_t n, const char *suf)
{
	size_t l = strlen(suf);

	return n >= l && ca_ieq(s + n - l, l, suf);
}

/* The length of the secret-naming suffix of key 's', or 0. */
static size_t
gradle_secret_suffix(const char *s, size_t n)
{
	static const char *const sufs[] = {
		"password",
		"passwd",
		"token",
		"secret",
		"apikey",
		"api_key",
		"api.key",
		"key",
	};

	/* paths, ids and names, not secrets */
	if (ends_ci(s, n, "keyid") || ends_ci(s, n, "file") ||
	    ends_ci(s, n, "path") || ends_ci(s, n, "keyring"))
		return 0;
	for (size_t i = 0; i < CA_ARRAY_SIZE(sufs); i++)
		if (ends_ci(s, n, sufs[i]))
			return strlen(sufs[i]);
	return 0;
}

/* The user beside a secret: <prefix>Username, <prefix>User,
 * <prefix>.username. */
static const struct ra_kv *
gradle_user(const struct gradle *g, const char *prefix, size_t pl)
{
	static const char *const names[] = { "username", "user", "login" };

	for (size_t i = 0; i < g->n; i++) {
		const struct ra_kv *kv = &g->kv[i];
		if (kv->key_len <= pl || memcmp(kv->key, prefix, pl))
			continue;
		for (size_t j = 0; j < CA_ARRAY_SIZE(names); j++) {
			const char *rest = kv->key + pl;
			size_t rl = kv->key_len - pl;
			if (rl && *rest == '.') {
				rest++;
				rl--;
			}
			if (ca_ieq(rest, rl, names[j]))
				return kv;
		}
	}
	return NULL;
}

static int
gradle_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	struct gradle g;

	memset(&g, 0, sizeof(g));
	g.ctx = ctx;
	g.f = f;
	ra_kv_lines(f->data, f->len, "=:", "#!", false, gradle_kv, &g, NULL);
	for (size_t i = 0; i < g.n; i++) {
		const struct ra_kv *kv = &g.kv[i], *u;
		size_t suf = gradle_secret_suffix(kv->key, kv->key_len), pl;
		const char *key, *where;
		struct ca_finding fd;

		if (!suf)
			continue;
		pl = kv->key_len - suf;
		u = pl ? gradle_user(&g, kv->key, pl) : NULL;
		while (pl && (kv->key[pl - 1] == '.' || kv->key[pl - 1] == '_'))
			pl--;
		key = ca_printable(a, kv->key, kv->key_len, 128);
		where = pl ? ca_printable(a, kv->key, pl, 128) : key;
		ra_finding_init(&fd, "gradle.property-secret",
		    "gradle-property-secret");
		fd.line = kv->line;
		fd.identity = u ? ra_identity(ctx, u->val, u->val_len, where) :
		                  where;
		fd.detail = arena_printf(a, "Gradle property %s", key);
		ra_emit_secret(ctx, f, &fd, kv->val, kv->val_len);
	}
	return 0;
}

static const char *const gradle_claims[] = {
	"**/gradle.properties",
	NULL,
};

/* clang-format off */
static const struct ca_rule_doc gradle_rules[] = {
	{ "gradle.property-secret", "gradle-property-secret",
	  "a gradle.properties key naming a password, token, secret or key "
	  "(ossrhPassword, signing.password, gradle.publish.secret)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_gradle = {
	.name = "gradle",
	.surface = "registry",
	.summary = "publishing secrets in gradle.properties",
	.version = 1,
	.claims = gradle_claims,
	.rules = gradle_rules,
	.scan_file = gradle_scan_file,
};
