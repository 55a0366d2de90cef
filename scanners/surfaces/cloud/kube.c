/* kube.c - Kubernetes kubeconfig files: ~/.kube/config, any
 * kubeconfig-shaped YAML in the tree, and the cluster-admin configs of
 * kubeadm (/etc/kubernetes, admin.conf and friends) and k3s.
 *
 * A kubeconfig has clusters (name -> server URL), users (name -> AuthInfo)
 * and contexts (name -> cluster, user). Each user entry may hold a bearer
 * token (a JWT names its subject and expiry), a tokenFile, an unencrypted
 * client key with its X.509 certificate (subject CN = user, O = groups,
 * O=system:masters = cluster-admin, NotAfter = expiry), a username and
 * password, a legacy auth-provider with OAuth tokens, or an exec plugin.
 * An exec plugin keeps no secret here: it is reported as a delegation and
 * linked to the credential the plugin runs on (an AWS profile for
 * `aws eks get-token`, the active gcloud account for
 * gke-gcloud-auth-plugin, the Azure CLI login for kubelogin in azurecli
 * mode, a doctl context for doctl). The identity is the principal at the
 * server URL of the context that uses the user entry.
 *
 * YAML goes through the bounded tree of yaml_tree.h (no alias expansion,
 * depth, node and alias caps), streamed an entry at a time. A YAML file without
 * clusters, users or contexts is not a kubeconfig and is ignored without a
 * word. */
#include "lib/compat.h"
#include <ctype.h>
#include <time.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/secret.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/yaml_tree.h"

#define KUBE_MAX_ENTRIES 4096 /* clusters, contexts or users per file */
#define KUBE_MAX_GROUPS  16
#define KUBE_SIDE_CAP    (1u << 20) /* tokenFile, client-key files */

struct kube_cluster {
	const char *name, *server;
	bool insecure;
};

struct kube_context {
	const char *name, *cluster, *user;
};

struct kube {
	struct ca_ctx *ctx;
	const struct ca_file *f;
	struct arena *a;
	const char *dir;
	const char *home;    /* f->home or "" */
	const char *current; /* current-context */
	struct kube_cluster *clusters;
	size_t nclusters;
	struct kube_context *contexts;
	size_t ncontexts;
	size_t nusers;
	size_t dropped; /* entries past KUBE_MAX_ENTRIES */
	unsigned int bad;
	/* Streaming: the pass (1: clusters, contexts and, when they came
	 * first, users; 2: users left for later), and each user's arena. */
	int pass;
	bool users_deferred;
	struct arena *user_arena;
};

/* What is known about one user entry while its findings are built. */
struct kube_user {
	const char *name;     /* printable */
	const char *where;    /* " @ https://x (context c)" */
	const char *imperson; /* "; impersonates ...", or "" */
	bool imperson_admin;
	unsigned int line;
};

/* ---- tree reading ----------------------------------------------------- */

static const char *
str_of(struct kube *k, const struct ynode *n, size_t max)
{
	if (!ynode_scalar(n) || !n->len)
		return NULL;
	return ca_printable_cut(k->a, n->val, n->len, max);
}

/* Counts the entries of a sequence, NULL and non-sequences give 0. */
static size_t
seq_len(const struct ynode *n)
{
	size_t c = 0;

	if (!n || n->type != YN_SEQ)
		return 0;
	for (const struct ynode *e = n->kids; e && c < KUBE_MAX_ENTRIES;
	     e = e->next)
		c++;
	return c;
}

static void
read_cluster(struct kube *k, const struct ynode *e)
{
	struct kube_cluster *c;
	const struct ynode *body = ynode_get(e, "cluster");
	const char *insecure;

	if (!k->clusters)
		k->clusters = arena_zalloc(k->a,
		    KUBE_MAX_ENTRIES * sizeof(*k->clusters));
	if (k->nclusters == KUBE_MAX_ENTRIES) {
		k->dropped++;
		return;
	}
	c = &k->clusters[k->nclusters];
	c->name = str_of(k, ynode_get(e, "name"), 256);
	if (!c->name)
		return;
	c->server = str_of(k, ynode_get(body, "server"), 512);
	insecure = ynode_str(ynode_get(body, "insecure-skip-tls-verify"));
	c->insecure = insecure && !strcmp(insecure, "true");
	k->nclusters++;
}

static void
read_context(struct kube *k, const struct ynode *e)
{
	struct kube_context *c;
	const struct ynode *body = ynode_get(e, "context");

	if (!k->contexts)
		k->contexts = arena_zalloc(k->a,
		    KUBE_MAX_ENTRIES * sizeof(*k->contexts));
	if (k->ncontexts == KUBE_MAX_ENTRIES) {
		k->dropped++;
		return;
	}
	c = &k->contexts[k->ncontexts];
	c->name = str_of(k, ynode_get(e, "name"), 256);
	if (!c->name)
		return;
	c->cluster = str_of(k, ynode_get(body, "cluster"), 256);
	c->user = str_of(k, ynode_get(body, "user"), 256);
	k->ncontexts++;
}

static const struct kube_cluster *
cluster_named(const struct kube *k, const char *name)
{
	for (size_t i = 0; name && i < k->nclusters; i++)
		if (!strcmp(k->clusters[i].name, name))
			return &k->clusters[i];
	return NULL;
}

/* " @ <server> (context <ctx>)" for the context that uses 'user' (the
 * current one first), plus how many other contexts use it. */
static const char *
where_of(struct kube *k, const char *user)
{
	const struct kube_context *best = NULL;
	const struct kube_cluster *cl;
	size_t uses = 0;
	const char *target;

	for (size_t i = 0; i < k->ncontexts; i++) {
		const struct kube_context *c = &k->contexts[i];
		if (!c->user || strcmp(c->user, user))
			continue;
		uses++;
		if (!best || (k->current && !strcmp(c->name, k->current)))
			best = c;
	}
	if (!best)
		return " (no context uses it)";
	cl = cluster_named(k, best->cluster);
	if (cl && cl->server)
		target = cl->server;
	else if (best->cluster)
		target = arena_printf(k->a, "cluster %s", best->cluster);
	else
		target = "an unnamed cluster";
	return arena_printf(k->a, " @ %s (context %s%s)%s", target, best->name,
	    uses > 1 ? arena_printf(k->a, " and %zu more", uses - 1) : "",
	    cl && cl->insecure ? " [TLS verification off]" : "");
}

/* "; impersonates bob (groups a, b)"; flags system:masters. */
static const char *
impersonation(struct kube *k, const struct ynode *u, bool *admin)
{
	const char *as = str_of(k, ynode_get(u, "as"), 256);
	const struct ynode *groups = ynode_get(u, "as-groups");
	struct strbuf sb = STRBUF_INIT(4096);
	const char *out;
	size_t n = 0;

	*admin = false;
	if (!as && seq_len(groups) == 0)
		return "";
	strbuf_addf(&sb, "; impersonates %s", as ? as : "(same user)");
	for (const struct ynode *g = seq_len(groups) ? groups->kids : NULL;
	     g && n < KUBE_MAX_GROUPS; g = g->next) {
		const char *name = str_of(k, g, 128);
		if (!name)
			continue;
		strbuf_addstr(&sb, n++ ? ", " : " (groups ");
		strbuf_addstr(&sb, name);
		if (!strcmp(name, "system:masters"))
			*admin = true;
	}
	if (n)
		strbuf_addch(&sb, ')');
	out = arena_strdup(k->a, sb.buf);
	strbuf_release(&sb);
	return out;
}

/* ---- shared finding bits --------------------------------------------- */

static void
finding_init(struct ca_finding *fd, const char *rule, const char *kind,
    unsigned int line)
{
	memset(fd, 0, sizeof(*fd));
	fd->rule = rule;
	fd->kind = kind;
	fd->line = line;
	fd->standing = -1;
	fd->tier = -1;
}

static const char *
identity(struct kube *k, const struct kube_user *ku, const char *principal)
{
	return arena_printf(k->a, "%s%s", principal ? principal : ku->name,
	    ku->where);
}

/* Decodes base64 that may be wrapped ('len' bytes of 's') into a scratch
 * buffer the caller wipes. Returns the length, or -1. */
static int
b64_decode(struct kube *k, const char *s, size_t len, unsigned char **out)
{
	char *clean = arena_alloc(k->a, len + 1);
	size_t n = 0;
	int got;

	for (size_t i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]))
			clean[n++] = s[i];
	*out = arena_alloc(k->a, n / 4 * 3 + 4);
	got = ca_base64_decode(clean, n, *out, n / 4 * 3 + 4);
	ca_wipe(clean, len + 1);
	if (got <= 0)
		ca_wipe(*out, n / 4 * 3 + 4); /* partly decoded key bytes */
	return got;
}

/* Reads a file the kubeconfig names, relative to the kubeconfig's
 * directory. Returns 0 with the bytes in 'sb', or -errno. */
static int
read_side(struct kube *k, const char *path, struct strbuf *sb,
    const char **full)
{
	*full = ca_resolve_path(k->ctx, path, k->f->home, k->dir);
	if (!*full)
		return -ENOENT;
	return ca_read_file(k->ctx, *full, sb);
}

/* ---- tokens ----------------------------------------------------------- */

static void
emit_token(struct kube *k, const struct kube_user *ku, const char *tok,
    size_t len, const char *rule, const char *path, unsigned int line,
    const char *source)
{
	struct ca_finding fd;
	struct ck_jwt jwt;
	const char *principal = NULL, *sa = "";

	ca_trim(&tok, &len);
	if (ca_secret_unusable(tok, len))
		return;
	finding_init(&fd, rule, "kube-token", line);
	fd.path = path;
	if (ck_jwt_decode(k->a, tok, len, &jwt)) {
		principal = jwt.sub;
		if (jwt.exp) {
			fd.expires = ck_time_fmt(k->a, jwt.exp);
			fd.standing = fd.expires ? 0 : -1;
		}
		if (jwt.sa_namespace && jwt.sa_name)
			sa = arena_printf(k->a, "; service account %s/%s",
			    jwt.sa_namespace, jwt.sa_name);
	}
	fd.secret = tok;
	fd.secret_len = len;
	fd.identity = identity(k, ku, principal);
	fd.tier = ku->imperson_admin ? CA_TIER_ADMIN : -1;
	fd.detail = arena_printf(k->a,
	    "bearer token %sfor kubeconfig user "
	    "'%s'%s%s",
	    source, ku->name, sa, ku->imperson);
	ca_emit(k->ctx, &fd);
}

static void
user_token_file(struct kube *k, const struct kube_user *ku,
    const struct ynode *n)
{
	struct strbuf sb = STRBUF_INIT(KUBE_SIDE_CAP);
	const char *p = str_of(k, n, 1024), *full;

	if (!p)
		return;
	if (read_side(k, p, &sb, &full) == 0)
		emit_token(k, ku, sb.buf, sb.len, "kube.token-file", full, 0,
		    arena_printf(k->a, "read from tokenFile %s ", p));
	ca_wipe(sb.buf, sb.len);
	strbuf_release(&sb);
}

/* ---- client certificates --------------------------------------------- */

struct kube_cert {
	const char *cn;
	const char *groups[KUBE_MAX_GROUPS + 1];
	size_t ngroups;
	bool masters;
	int64_t not_after; /* -1 unknown or no well-defined expiry */
};

static const char *
name_entry(struct kube *k, X509_NAME_ENTRY *e)
{
	unsigned char *utf = NULL;
	const char *out = NULL;
	int n = ASN1_STRING_to_UTF8(&utf, X509_NAME_ENTRY_get_data(e));

	if (n > 0)
		out = ca_printable_cut(k->a, (const char *)utf, (size_t)n, 256);
	OPENSSL_free(utf);
	return out;
}

/* Parses a PEM or DER certificate. Returns true and fills 'c'. */
static bool
cert_parse(struct kube *k, const unsigned char *buf, size_t len,
    struct kube_cert *c)
{
	const unsigned char *p = buf;
	const ASN1_TIME *na;
	X509_NAME *subj;
	X509 *x = NULL;
	struct tm tm;
	BIO *bio;
	int idx;

	memset(c, 0, sizeof(*c));
	c->not_after = -1;
	if (!len || len > INT32_MAX)
		return false;
	bio = BIO_new_mem_buf(buf, (int)len);
	if (bio) {
		x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
		BIO_free(bio);
	}
	if (!x)
		x = d2i_X509(NULL, &p, (long)len);
	ERR_clear_error();
	if (!x)
		return false;
	subj = X509_get_subject_name(x);
	idx = X509_NAME_get_index_by_NID(subj, NID_commonName, -1);
	if (idx >= 0)
		c->cn = name_entry(k, X509_NAME_get_entry(subj, idx));
	idx = -1;
	while ((idx = X509_NAME_get_index_by_NID(subj, NID_organizationName,
	            idx)) >= 0) {
		const char *o = name_entry(k, X509_NAME_get_entry(subj, idx));
		if (!o)
			continue;
		if (!strcmp(o, "system:masters"))
			c->masters = true;
		if (c->ngroups < KUBE_MAX_GROUPS)
			c->groups[c->ngroups++] = o;
	}
	na = X509_get0_notAfter(x);
	memset(&tm, 0, sizeof(tm));
	if (na && ASN1_TIME_to_tm(na, &tm) == 1) {
		int64_t t = (int64_t)timegm(&tm);
		/* 99991231235959Z means "no well-defined expiration" */
		if (t >= 0 && tm.tm_year + 1900 < 9999)
			c->not_after = t;
	}
	X509_free(x);
	ERR_clear_error();
	return true;
}

/* Loads the user's certificate from client-certificate-data or the file
 * client-certificate names. */
static bool
user_cert(struct kube *k, const struct ynode *u, struct kube_cert *c)
{
	const struct ynode *data = ynode_get(u, "client-certificate-data");
	const char *path = str_of(k, ynode_get(u, "client-certificate"), 1024);
	unsigned char *der;
	bool ok = false;
	int n;

	if (ynode_scalar(data) && data->len) {
		n = b64_decode(k, data->val, data->len, &der);
		if (n > 0)
			ok = cert_parse(k, der, (size_t)n, c);
	} else if (path) {
		struct strbuf sb = STRBUF_INIT(KUBE_SIDE_CAP);
		const char *full;
		if (read_side(k, path, &sb, &full) == 0)
			ok = cert_parse(k, (const unsigned char *)sb.buf,
			    sb.len, c);
		strbuf_release(&sb);
	}
	return ok;
}

static const char *
cert_detail(struct kube *k, const struct kube_cert *c)
{
	struct strbuf sb = STRBUF_INIT(4096);
	const char *out;

	strbuf_addf(&sb, "; certificate CN=%s", c->cn ? c->cn : "(none)");
	for (size_t i = 0; i < c->ngroups; i++)
		strbuf_addf(&sb, ", O=%s", c->groups[i]);
	if (c->masters)
		strbuf_addstr(&sb,
		    "; member of system:masters (cluster-admin)");
	out = arena_strdup(k->a, sb.buf);
	strbuf_release(&sb);
	return out;
}

static void
emit_client_key(struct kube *k, const struct kube_user *ku,
    const struct ynode *u, const char *key, size_t len, const char *path,
    unsigned int line, const char *source)
{
	struct ca_finding fd;
	struct kube_cert cert;
	const char *label = NULL, *state = "";
	bool have_cert;

	ca_trim(&key, &len);
	if (ca_secret_unusable(key, len))
		return;
	switch (ck_key_classify(key, len, &label)) {
	case CK_KEY_ENCRYPTED:
		state = "passphrase-protected ";
		break;
	case CK_KEY_NONE:
		label = "key data that is not PEM";
		break;
	default:
		break;
	}
	have_cert = user_cert(k, u, &cert);
	finding_init(&fd, "kube.client-key", "kube-client-key", line);
	fd.path = path;
	fd.secret = key;
	fd.secret_len = len;
	fd.identity = identity(k, ku, have_cert ? cert.cn : NULL);
	if (have_cert && cert.not_after >= 0) {
		fd.expires = ck_time_fmt(k->a, cert.not_after);
		fd.standing = fd.expires ? 0 : -1;
	}
	if ((have_cert && cert.masters) || ku->imperson_admin)
		fd.tier = CA_TIER_ADMIN;
	fd.detail = arena_printf(k->a,
	    "client %s%s %sfor kubeconfig user "
	    "'%s'%s%s",
	    state, label ? label : "private key", source, ku->name,
	    have_cert ? cert_detail(k, &cert) :
	                "; no readable client certificate",
	    ku->imperson);
	ca_emit(k->ctx, &fd);
}

static void
user_client_key(struct kube *k, const struct kube_user *ku,
    const struct ynode *u)
{
	const struct ynode *data = ynode_get(u, "client-key-data");
	const char *path = str_of(k, ynode_get(u, "client-key"), 1024);

	if (ynode_scalar(data) && data->len) {
		unsigned char *pem;
		int n = b64_decode(k, data->val, data->len, &pem);
		if (n > 0) {
			emit_client_key(k, ku, u, (const char *)pem, (size_t)n,
			    NULL, data->line, "");
			ca_wipe(pem, (size_t)n);
		} else {
			/* Not base64: the string itself is what is on disk. */
			emit_client_key(k, ku, u, data->val, data->len, NULL,
			    data->line, "(client-key-data is not base64) ");
		}
	} else if (path) {
		struct strbuf sb = STRBUF_INIT(KUBE_SIDE_CAP);
		const char *full;
		if (read_side(k, path, &sb, &full) == 0)
			emit_client_key(k, ku, u, sb.buf, sb.len, full, 0,
			    arena_printf(k->a, "in %s ", path));
		ca_wipe(sb.buf, sb.len);
		strbuf_release(&sb);
	}
}

/* ---- username and password ------------------------------------------- */

static void
user_basic(struct kube *k, const struct kube_user *ku, const struct ynode *u)
{
	const struct ynode *pw = ynode_get(u, "password");
	const char *user = str_of(k, ynode_get(u, "username"), 256);
	struct ca_finding fd;

	if (!ynode_scalar(pw) || ca_secret_unusable(pw->val, pw->len))
		return;
	finding_init(&fd, "kube.basic-auth", "kube-basic-auth", pw->line);
	fd.secret = pw->val;
	fd.secret_len = pw->len;
	fd.identity = identity(k, ku, user);
	fd.tier = ku->imperson_admin ? CA_TIER_ADMIN : -1;
	fd.detail = arena_printf(k->a,
	    "basic-auth password for kubeconfig "
	    "user '%s'%s",
	    ku->name, ku->imperson);
	ca_emit(k->ctx, &fd);
}

/* ---- auth-provider ---------------------------------------------------- */

static void
user_auth_provider(struct kube *k, const struct kube_user *ku,
    const struct ynode *ap)
{
	static const char *const fields[] = {
		"access-token",
		"id-token",
		"refresh-token",
		"client-secret",
	};
	const struct ynode *cfg = ynode_get(ap, "config");
	const char *name = str_of(k, ynode_get(ap, "name"), 64);
	const char *principal = NULL;
	const struct ynode *idt = ynode_get(cfg, "id-token");
	const char *exp_s;
	int64_t access_exp = -1, t;
	struct ck_jwt jwt;

	if (!cfg || cfg->type != YN_MAP)
		return;
	if (ynode_scalar(idt) && ck_jwt_decode(k->a, idt->val, idt->len, &jwt))
		principal = jwt.email ? jwt.email : jwt.sub;
	exp_s = ynode_str(ynode_get(cfg, "expiry"));
	if (exp_s && ck_time_parse(exp_s, strlen(exp_s), &t) == 0)
		access_exp = t;
	exp_s = ynode_str(ynode_get(cfg, "expires-on"));
	if (access_exp < 0 && exp_s &&
	    ck_parse_int(exp_s, strlen(exp_s), &t) == 0)
		access_exp = ck_seconds(t);
	for (size_t i = 0; i < CA_ARRAY_SIZE(fields); i++) {
		const struct ynode *v = ynode_get(cfg, fields[i]);
		struct ca_finding fd;

		if (!ynode_scalar(v) || ca_secret_unusable(v->val, v->len))
			continue;
		finding_init(&fd, "kube.auth-provider",
		    "kube-auth-provider-token", v->line);
		fd.secret = v->val;
		fd.secret_len = v->len;
		fd.identity = identity(k, ku, principal);
		if (i == 0 && access_exp >= 0) {
			fd.expires = ck_time_fmt(k->a, access_exp);
		} else if (i == 1 &&
		    ck_jwt_decode(k->a, v->val, v->len, &jwt) && jwt.exp) {
			fd.expires = ck_time_fmt(k->a, jwt.exp);
		} else if (i >= 2) {
			fd.standing = 1;
		}
		if (fd.expires)
			fd.standing = 0;
		fd.tier = ku->imperson_admin ? CA_TIER_ADMIN : -1;
		fd.detail = arena_printf(k->a,
		    "auth-provider %s %s for "
		    "kubeconfig user '%s'%s",
		    name ? name : "(unnamed)", fields[i], ku->name,
		    ku->imperson);
		ca_emit(k->ctx, &fd);
	}
}

/* ---- exec plugins ----------------------------------------------------- */

/* Flags whose value is a secret, so it is masked in the detail line. */
static bool
secret_flag(const char *arg)
{
	static const char *const words[] = {
		"secret",
		"token",
		"password",
		"passwd",
		"key",
		"credential",
		NULL,
	};
	size_t n = strcspn(arg, "=");

	if (arg[0] != '-')
		return false;
	for (size_t i = 0; words[i]; i++) {
		const char *hit = strstr(arg, words[i]);
		if (hit && (size_t)(hit - arg) < n)
			return true;
	}
	return false;
}

struct kube_exec {
	const char *command;  /* basename, printable */
	const char *argv[64]; /* printable, masked */
	size_t argc;
	const char *env_profile; /* AWS_PROFILE */
	const char *env_login;   /* AAD_LOGIN_METHOD */
	const char *env_names;   /* "; env A, B" or "" */
};

/* The value after flag 'name' ("--profile x" or "--profile=x"). */
static const char *
arg_value(const struct kube_exec *ex, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < ex->argc; i++) {
		const char *a = ex->argv[i];
		if (!strncmp(a, name, n) && a[n] == '=')
			return a + n + 1;
		if (!strcmp(a, name) && i + 1 < ex->argc)
			return ex->argv[i + 1];
	}
	return NULL;
}

static bool
has_arg(const struct kube_exec *ex, const char *word)
{
	for (size_t i = 0; i < ex->argc; i++)
		if (!strcmp(ex->argv[i], word))
			return true;
	return false;
}

static void
exec_read(struct kube *k, const struct ynode *ex_node, struct kube_exec *ex)
{
	const struct ynode *args = ynode_get(ex_node, "args");
	const struct ynode *env = ynode_get(ex_node, "env");
	const char *cmd = ynode_str(ynode_get(ex_node, "command"));
	struct strbuf sb = STRBUF_INIT(4096);
	bool mask_next = false;
	size_t nenv = 0;

	memset(ex, 0, sizeof(*ex));
	ex->command = cmd ? ca_printable_cut(k->a, ck_basename(cmd),
	                        strlen(ck_basename(cmd)), 128) :
	                    "(no command)";
	for (const struct ynode *a = seq_len(args) ? args->kids : NULL;
	     a && ex->argc < CA_ARRAY_SIZE(ex->argv); a = a->next) {
		const char *s = ynode_str(a);
		char *p;
		if (!s)
			continue;
		if (mask_next) {
			ex->argv[ex->argc++] = "****";
			mask_next = false;
			continue;
		}
		p = ca_printable_cut(k->a, s, strlen(s), 256);
		if (secret_flag(p)) {
			char *eq = strchr(p, '=');
			if (eq)
				p = arena_printf(k->a, "%.*s=****",
				    (int)(eq - p), p);
			else
				mask_next = true;
		}
		ex->argv[ex->argc++] = p;
	}
	for (const struct ynode *e = seq_len(env) ? env->kids : NULL; e;
	     e = e->next) {
		const char *name = str_of(k, ynode_get(e, "name"), 128);
		const char *val = str_of(k, ynode_get(e, "value"), 128);
		if (!name)
			continue;
		if (!strcmp(name, "AWS_PROFILE"))
			ex->env_profile = val;
		else if (!strcmp(name, "AAD_LOGIN_METHOD"))
			ex->env_login = val;
		if (nenv < 8)
			strbuf_addstr(&sb, nenv ? ", " : "; env ");
		if (nenv++ < 8)
			strbuf_addstr(&sb, name);
	}
	ex->env_names = arena_strdup(k->a, sb.buf);
	strbuf_release(&sb);
}

/* Fills the link to the credential the plugin runs on, and a note. */
static const char *
exec_link(struct kube *k, const struct kube_exec *ex, const char **note)
{
	const char *c = ex->command, *v;

	*note = "";
	if ((!strcmp(c, "aws") && has_arg(ex, "eks") &&
	        has_arg(ex, "get-token")) ||
	    !strcmp(c, "aws-iam-authenticator")) {
		v = arg_value(ex, "--profile");
		if (!v)
			v = ex->env_profile;
		if (!v)
			v = "default";
		*note = arena_printf(k->a, "; runs on AWS profile %s", v);
		return arena_printf(k->a, "aws-profile:%s:%s", k->home, v);
	}
	if (!strcmp(c, "gke-gcloud-auth-plugin")) {
		*note = "; runs on the active gcloud account";
		return arena_printf(k->a, "gcloud-active:%s", k->home);
	}
	if (!strcmp(c, "kubelogin")) {
		v = arg_value(ex, "--login");
		if (!v)
			v = arg_value(ex, "-l");
		if (!v)
			v = ex->env_login;
		if (v && !strcmp(v, "azurecli")) {
			*note = "; runs on the Azure CLI login";
			return arena_printf(k->a, "azure-cli:%s", k->home);
		}
		return NULL;
	}
	if (!strcmp(c, "doctl") && has_arg(ex, "exec-credential")) {
		v = arg_value(ex, "--context");
		if (!v)
			v = "default";
		*note = arena_printf(k->a, "; runs on doctl context %s", v);
		return arena_printf(k->a, "doctl-context:%s:%s", k->home, v);
	}
	return NULL;
}

static void
user_exec(struct kube *k, const struct kube_user *ku, const struct ynode *node)
{
	struct strbuf sb = STRBUF_INIT(8192);
	struct kube_exec ex;
	struct ca_finding fd;
	const char *note;

	exec_read(k, node, &ex);
	strbuf_addstr(&sb, ex.command);
	for (size_t i = 0; i < ex.argc; i++) {
		strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, ex.argv[i]);
	}
	finding_init(&fd, "kube.exec", "kube-exec", node->line);
	fd.ref = arena_printf(k->a, "kube-exec:%s:%s", k->f->path, ku->name);
	fd.link = exec_link(k, &ex, &note);
	fd.identity = identity(k, ku, NULL);
	fd.tier = ku->imperson_admin ? CA_TIER_ADMIN : -1;
	fd.detail = arena_printf(k->a, "exec plugin: %s%s%s%s",
	    sb.len ? sb.buf : "(empty)", ex.env_names, note, ku->imperson);
	strbuf_release(&sb);
	ca_emit(k->ctx, &fd);
}

/* ---- users ------------------------------------------------------------ */

static void
scan_user(struct kube *k, const struct ynode *e)
{
	const struct ynode *u = ynode_get(e, "user");
	const struct ynode *n;
	struct kube_user ku;

	memset(&ku, 0, sizeof(ku));
	ku.name = str_of(k, ynode_get(e, "name"), 256);
	if (!ku.name)
		ku.name = "(unnamed)";
	if (ynode_null(u))
		return;
	if (u->type != YN_MAP) {
		k->bad++;
		return;
	}
	ku.line = e->line;
	ku.where = where_of(k, ku.name);
	ku.imperson = impersonation(k, u, &ku.imperson_admin);

	n = ynode_get(u, "token");
	if (ynode_scalar(n))
		emit_token(k, &ku, n->val, n->len, "kube.token", NULL, n->line,
		    "");
	else if (n && n->type == YN_SCALAR && n->len)
		ca_warn(k->ctx, NULL,
		    "token of user '%s' at line %u is too "
		    "long",
		    ku.name, n->line);
	n = ynode_get(u, "tokenFile");
	if (n)
		user_token_file(k, &ku, n);
	user_client_key(k, &ku, u);
	user_basic(k, &ku, u);
	n = ynode_get(u, "auth-provider");
	if (n && n->type == YN_MAP)
		user_auth_provider(k, &ku, n);
	n = ynode_get(u, "exec");
	if (n && n->type == YN_MAP)
		user_exec(k, &ku, n);
}

static bool
kubeconfig_shaped(const struct ynode *root)
{
	return root && root->type == YN_MAP &&
	    (ynode_get(root, "clusters") || ynode_get(root, "users") ||
	        ynode_get(root, "contexts"));
}

/* A user's findings name the server of the context that uses it: its
 * entries are read at once only when the clusters, the contexts and the
 * current context came before them (kubectl writes keys in that order). */
static bool
users_readable_now(struct kube *k, const struct ynode *root)
{
	if (!ynode_get(root, "clusters") || !ynode_get(root, "contexts") ||
	    !ynode_get(root, "current-context"))
		return false;
	if (!k->current)
		k->current = str_of(k, ynode_get(root, "current-context"), 256);
	return true;
}

/* One user entry, its scratch strings in an arena of its own (wiped
 * after it: decoded keys pass through it), so thousands of users cost
 * the memory of one. */
static void
read_user(struct kube *k, const struct ynode *e)
{
	struct arena *file_arena = k->a;

	if (k->nusers == KUBE_MAX_ENTRIES) {
		k->dropped++;
		return;
	}
	k->nusers++;
	k->a = k->user_arena;
	scan_user(k, e);
	arena_wipe_reset(k->user_arena);
	k->a = file_arena;
}

static void
kube_entry(void *arg, const struct ytree *t, const struct ynode *key,
    const struct ynode *value)
{
	struct kube *k = arg;
	const char *list = ytree_open_key(t, 1);

	(void)key;
	if (!list || t->root->type != YN_MAP)
		return;
	if (k->pass == 1 && !strcmp(list, "clusters")) {
		read_cluster(k, value);
	} else if (k->pass == 1 && !strcmp(list, "contexts")) {
		read_context(k, value);
	} else if (!strcmp(list, "users")) {
		if (k->pass == 2 || users_readable_now(k, t->root))
			read_user(k, value);
		else
			k->users_deferred = true;
	}
}

/* The users must be a sequence: anything else is counted as bad. */
static void
check_users(struct kube *k, const struct ynode *root)
{
	const struct ynode *users = ynode_get(root, "users");

	if (users && users->type != YN_SEQ && !ynode_null(users))
		k->bad++;
}

/* Streams the entries of clusters, contexts and users (yaml_tree.h), a
 * second time for the users when they came first. */
static int
kube_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	const struct ytree_stream s = { .level = 2, .entry = kube_entry };
	struct ytree_stream stream = s;
	struct ytree t;
	struct kube k;

	memset(&k, 0, sizeof(k));
	k.ctx = ctx;
	k.f = f;
	k.a = ca_scratch(ctx);
	k.dir = ck_dirname(k.a, f->path);
	k.home = f->home ? f->home : "";
	k.user_arena = arena_new(16u << 10);
	k.pass = 1;
	stream.arg = &k;
	if (ytree_load_stream(&t, ctx, f, NULL, &stream) < 0)
		goto out;
	if (!kubeconfig_shaped(t.root)) {
		ytree_wipe(&t);
		goto out;
	}
	check_users(&k, t.root);
	if (k.users_deferred) {
		k.current = str_of(&k, ynode_get(t.root, "current-context"),
		    256);
		ytree_wipe(&t);
		k.pass = 2;
		(void)ytree_reload_stream(&t, ctx, f, NULL, &stream);
	}
	ytree_wipe(&t);
	if (k.bad)
		ca_warn(ctx, NULL,
		    "%u user entr%s of an unexpected shape "
		    "skipped",
		    k.bad, k.bad == 1 ? "y" : "ies");
	if (k.dropped)
		ca_warn(ctx, NULL,
		    "more than %d clusters, contexts or users: %zu "
		    "entries not read",
		    KUBE_MAX_ENTRIES, k.dropped);
out:
	arena_wipe_reset(k.user_arena);
	arena_free(k.user_arena);
	return 0;
}

/* clang-format off */
static const char *const kube_claims[] = {
	"**/.kube/config",
	"**/.kube/*.yaml",
	"**/.kube/*.yml",
	"**/kubeconfig",
	"**/*.kubeconfig",
	"**/kubeconfig*.yaml",
	"etc/kubernetes/*.conf",
	"etc/rancher/k3s/k3s.yaml",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc kube_rules[] = {
	{ "kube.auth-provider", "kube-auth-provider-token",
	  "legacy auth-provider access, id or refresh token, or client "
	  "secret" },
	{ "kube.basic-auth", "kube-basic-auth",
	  "username and password of a kubeconfig user" },
	{ "kube.client-key", "kube-client-key",
	  "client key (client-key-data or client-key) with its certificate's "
	  "CN, groups and NotAfter" },
	{ "kube.exec", "kube-exec",
	  "exec credential plugin, linked to the credential it runs on" },
	{ "kube.token", "kube-token",
	  "bearer token of a kubeconfig user (JWT: sub and exp)" },
	{ "kube.token-file", "kube-token",
	  "bearer token in the file a kubeconfig user's tokenFile names" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_kube = {
	.name = "kube",
	.surface = "cloud",
	.summary = "Kubernetes kubeconfig users: tokens, client keys, "
	           "passwords, auth-providers and exec plugins",
	.version = 1,
	.claims = kube_claims,
	.rules = kube_rules,
	.scan_file = kube_scan_file,
	.reads_streams = true,
};
