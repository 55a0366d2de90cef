/* jenkins.c - a Jenkins home (JENKINS_HOME: /var/lib/jenkins,
 * ~/.jenkins, a container volume):
 *
 *   secrets/master.key        the key that unwraps hudson.util.Secret,
 *                             which in turn decrypts every stored secret:
 *                             jenkins-master-key;
 *   credentials.xml           the stored credentials of the system
 *                             provider, each with its id, type and
 *                             encrypted secret ({AQAAABAAAA...}):
 *                             jenkins-credential when master.key and
 *                             hudson.util.Secret lie beside it (whoever
 *                             reads the home decrypts them), else
 *                             jenkins-credential-encrypted;
 *   users/<u>/config.xml      a legacy API token (<apiToken>), the same
 *                             way; hashed tokens of the token store are
 *                             no secret and are not reported;
 *   Jenkinsfile               (in a repository) the stored credentials a
 *                             pipeline binds, by id: credentials('id')
 *                             and credentialsId: 'id' (ci-secret-ref,
 *                             linked to the stored credential of that id
 *                             when a Jenkins home on the machine has it).
 *
 * XML goes through the kit's regxml (no entities, no network). Secret
 * values are never decrypted here, only fingerprinted. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/regxml.h"
#include "scanners/kit/secret.h"

#define JK_MAX_CREDS 4096

/* The elements that hold a credential's secret, by the plugins that
 * store them. */
/* clang-format off */
static const char *const secret_elems[] = {
	"password", "secret", "privateKey", "passphrase", "apiToken",
	"token", "secretBytes", "accessKey", "secretKey", "clientSecret",
	NULL,
};
/* clang-format on */

/* The Jenkins home a file lies in: the directory above secrets/ or
 * users/<u>/, or the file's own directory. */
static const char *
home_of(struct arena *a, const char *path, const char *marker)
{
	const char *p = strstr(path, marker);

	if (!p) {
		p = strrchr(path, '/');
		if (!p)
			return "";
	}
	return arena_strndup(a, path, (size_t)(p - path));
}

/* True when both keys that decrypt the home's secrets are there. */
static bool
keys_beside(struct ca_ctx *ctx, const char *home)
{
	static const char *const names[] = {
		"secrets/master.key",
		"secrets/hudson.util.Secret",
	};

	for (size_t i = 0; i < CA_ARRAY_SIZE(names); i++) {
		struct strbuf sb = STRBUF_INIT(1u << 16);
		int r = ca_read_file(ctx,
		    arena_printf(ca_scratch(ctx), "%s/%s", home, names[i]),
		    &sb);
		ca_wipe(sb.buf, sb.len);
		strbuf_release(&sb);
		if (r < 0)
			return false;
	}
	return true;
}

/* "UsernamePasswordCredentialsImpl" from the element's class name. */
static const char *
short_type(const xmlNode *n)
{
	const char *name = (const char *)n->name, *dot = strrchr(name, '.');

	return dot ? dot + 1 : name;
}

static void
emit_cred(struct ca_ctx *ctx, const struct ca_file *f, bool open_keys,
    const char *rule, const char *identity, const char *type,
    const xmlNode *secret_node, const char *anchor)
{
	struct ca_finding fd;
	size_t n = 0;
	char *s = ra_xml_text(ctx, secret_node, &n);
	/* Jenkins writes a secret encrypted as {base64}; one without the
	 * braces was written by hand and is clear text */
	bool encrypted = s && n > 2 && s[0] == '{' && s[n - 1] == '}';

	if (!s)
		return;
	ca_finding_init(&fd, rule,
	    open_keys || !encrypted ? "jenkins-credential" :
	                              "jenkins-credential-encrypted");
	fd.line = (unsigned int)xmlGetLineNo(secret_node);
	fd.identity = identity;
	fd.anchor = anchor;
	fd.detail = arena_printf(ca_scratch(ctx), "Jenkins %s (%s)%s", type,
	    (const char *)secret_node->name,
	    !encrypted ?
	        ": stored in clear text" :
	        open_keys ?
	        ": secrets/master.key and hudson.util.Secret lie beside it, so "
	        "whoever reads the Jenkins home decrypts it" :
	        ": encrypted with a master key not found beside it");
	if (encrypted)
		ca_emit_secret(ctx, f, &fd, s + 1, n - 2);
	else
		ca_emit_secret(ctx, f, &fd, s, n);
	ca_wipe(s, n);
}

/* Every element with an <id> and a secret child, at any depth (folders
 * and domains nest them). */
static void
walk_creds(struct ca_ctx *ctx, const struct ca_file *f, bool open_keys,
    const xmlNode *n, size_t *count, size_t depth)
{
	for (; n && *count < JK_MAX_CREDS && depth < 32; n = n->next) {
		const xmlNode *id, *secret = NULL;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		id = ra_xml_child(n, "id");
		for (size_t i = 0; id && !secret && secret_elems[i]; i++)
			secret = ra_xml_child(n, secret_elems[i]);
		if (id && secret) {
			struct arena *a = ca_scratch(ctx);
			size_t il = 0, ul = 0;
			const char *idv = ra_xml_text(ctx, id, &il);
			const char *user = ra_xml_text(ctx,
			    ra_xml_child(n, "username"), &ul);

			(*count)++;
			emit_cred(ctx, f, open_keys, "jenkins.credential",
			    arena_printf(a, "Jenkins credential %s%s%s",
			        idv ? ca_printable_cut(a, idv, il, 128) :
			              "(no id)",
			        user ? " for " : "",
			        user ? ca_printable_cut(a, user, ul, 128) : ""),
			    short_type(n), secret,
			    idv ? arena_printf(a, "jenkins-credential:%s",
			              ca_printable_cut(a, idv, il, 128)) :
			          NULL);
			continue;
		}
		/* an SSH key keeps its secret one level down */
		if (id && ra_xml_child(n, "privateKeySource")) {
			const xmlNode *pk = ra_xml_child(
			    ra_xml_child(n, "privateKeySource"), "privateKey");
			if (pk) {
				struct arena *a = ca_scratch(ctx);
				size_t il = 0;
				const char *idv = ra_xml_text(ctx, id, &il);
				(*count)++;
				emit_cred(ctx, f, open_keys,
				    "jenkins.credential",
				    arena_printf(a, "Jenkins credential %s",
				        idv ?
				            ca_printable_cut(a, idv, il, 128) :
				            "(no id)"),
				    short_type(n), pk,
				    idv ?
				        arena_printf(a, "jenkins-credential:%s",
				            ca_printable_cut(a, idv, il, 128)) :
				        NULL);
				continue;
			}
		}
		walk_creds(ctx, f, open_keys, n->children, count, depth + 1);
	}
}

static void
scan_credentials(struct ca_ctx *ctx, const struct ca_file *f)
{
	xmlDoc *doc;
	size_t count = 0;
	bool open_keys;

	/* only Jenkins' own credentials.xml, not any file of that name */
	if (!memmem(f->data, f->len, "com.cloudbees.plugins.credentials", 33))
		return;
	doc = ra_xml_load(ctx, f);
	if (!doc)
		return;
	open_keys = keys_beside(ctx,
	    home_of(ca_scratch(ctx), f->path, "/credentials.xml"));
	walk_creds(ctx, f, open_keys, xmlDocGetRootElement(doc), &count, 0);
	ra_xml_free(doc);
}

static void
scan_user(struct ca_ctx *ctx, const struct ca_file *f)
{
	const char *users = strstr(f->path, "/users/");
	xmlDoc *doc;
	const xmlNode *prop;

	if (!users || !memmem(f->data, f->len, "jenkins.security.ApiToken", 25))
		return;
	doc = ra_xml_load(ctx, f);
	if (!doc)
		return;
	prop = ra_xml_child(
	    ra_xml_child(xmlDocGetRootElement(doc), "properties"),
	    "jenkins.security.ApiTokenProperty");
	if (prop && ra_xml_child(prop, "apiToken")) {
		struct arena *a = ca_scratch(ctx);
		const char *u = users + 7, *slash = strchr(u, '/');
		const char *name = ca_printable_cut(a, u,
		    slash ? (size_t)(slash - u) : strlen(u), 128);
		emit_cred(ctx, f,
		    keys_beside(ctx, home_of(a, f->path, "/users/")),
		    "jenkins.user-api-token",
		    arena_printf(a, "Jenkins API token of user %s", name),
		    "legacy user API token", ra_xml_child(prop, "apiToken"),
		    NULL);
	}
	ra_xml_free(doc);
}

static void
scan_master_key(struct ca_ctx *ctx, const struct ca_file *f)
{
	const char *s = f->data;
	size_t n = f->len;
	struct ca_finding fd;
	const char *home = home_of(ca_scratch(ctx), f->path, "/secrets/");

	ca_trim(&s, &n);
	/* 512 hex digits when Jenkins made it; anything else is not its */
	if (n < 64 || n > 4096)
		return;
	for (size_t i = 0; i < n; i++)
		if (ca_hexval((unsigned char)s[i]) < 0)
			return;
	ca_finding_init(&fd, "jenkins.master-key", "jenkins-master-key");
	fd.line = 1;
	fd.identity = arena_printf(ca_scratch(ctx), "Jenkins master key of %s",
	    home);
	fd.detail =
	    "unwraps secrets/hudson.util.Secret, which decrypts every "
	    "credential, API token and secret field the Jenkins home stores";
	ca_emit_secret(ctx, f, &fd, s, n);
}

/* The quoted id after 'at' ("'id'" or "\"id\""), or NULL. */
static const char *
quoted_id(struct arena *a, const char *at, const char *end, size_t *len)
{
	const char *q;

	while (at < end && (*at == ' ' || *at == '\t'))
		at++;
	if (at >= end || (*at != '\'' && *at != '"'))
		return NULL;
	q = memchr(at + 1, *at, (size_t)(end - at - 1));
	if (!q || q == at + 1 || q - at > 129 ||
	    memchr(at, '$', (size_t)(q - at)))
		return NULL;
	*len = (size_t)(q - at - 1);
	return ca_printable_cut(a, at + 1, *len, 128);
}

static void
scan_jenkinsfile(struct ca_ctx *ctx, const struct ca_file *f)
{
	static const char *const calls[] = {
		"credentials(",
		"credentialsId:",
		"credentialsId :",
		NULL,
	};
	struct arena *a = ca_scratch(ctx);
	const char *end = f->data + f->len, *slash = strrchr(f->path, '/');
	const char *repo = slash && slash != f->path ?
	    arena_strndup(a, f->path, (size_t)(slash - f->path)) :
	    "/";
	size_t found = 0;

	if (ca_ctx_dep_tree(ctx))
		return;
	for (size_t c = 0; calls[c]; c++) {
		size_t cl = strlen(calls[c]);
		/* lines counted as the hits go forward: one pass a call */
		const char *counted = f->data;
		unsigned int line = 1;
		for (const char *p = f->data; found < 1024 &&
		     (p = memmem(p, (size_t)(end - p), calls[c], cl)) != NULL;
		     p += cl) {
			size_t len = 0;
			const char *id = quoted_id(a, p + cl, end, &len);
			struct ca_finding fd;
			if (!id)
				continue;
			found++;
			ca_finding_init(&fd, "jenkins.credential-ref",
			    "ci-secret-ref");
			for (; counted < p; counted++)
				line += *counted == '\n';
			fd.line = line;
			fd.ref = arena_printf(a, "jenkins-cred-ref:%s:%s", repo,
			    id);
			fd.link = arena_printf(a, "jenkins-credential:%s", id);
			fd.identity = arena_printf(a,
			    "Jenkins credential %s "
			    "bound by %s",
			    id, repo);
			fd.detail =
			    "stored Jenkins credential the pipeline "
			    "binds by id (credentials(), credentialsId): the "
			    "secret is kept by Jenkins";
			ca_emit(ctx, &fd);
		}
	}
}

static int
jenkins_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	if (!strcmp(f->name, "Jenkinsfile"))
		scan_jenkinsfile(ctx, f);
	else if (!strcmp(f->name, "master.key"))
		scan_master_key(ctx, f);
	else if (!strcmp(f->name, "credentials.xml"))
		scan_credentials(ctx, f);
	else
		scan_user(ctx, f);
	return 0;
}

/* clang-format off */
static const char *const jenkins_claims[] = {
	"**/secrets/master.key",
	"**/credentials.xml",
	"**/users/*/config.xml",
	"**/Jenkinsfile",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc jenkins_rules[] = {
	{ "jenkins.credential", "jenkins-credential",
	  "stored credential of credentials.xml (id, type; encrypted "
	  "secret)" },
	{ "jenkins.credential-ref", "ci-secret-ref",
	  "stored credential a Jenkinsfile binds by id" },
	{ "jenkins.master-key", "jenkins-master-key",
	  "secrets/master.key of a Jenkins home" },
	{ "jenkins.user-api-token", "jenkins-credential",
	  "legacy API token of a Jenkins user (users/*/config.xml)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_jenkins = {
	.name = "jenkins",
	.surface = "ci",
	.summary = "Jenkins home: master key, stored credentials, user API "
	           "tokens; credentials a Jenkinsfile binds",
	.version = 1,
	.claims = jenkins_claims,
	.rules = jenkins_rules,
	.scan_file = jenkins_scan_file,
};
