/* test_kube.c - kubeconfig users: bearer tokens (JWT subject and expiry,
 * tokenFile), client keys with a certificate made here by OpenSSL (CN,
 * O=system:masters, NotAfter), basic auth, auth-provider tokens, exec
 * plugins linked to AWS profiles, gcloud, the Azure CLI and doctl, secret
 * arguments masked, impersonation, placeholders; then hostile YAML
 * (truncated, alias bombs, deep nesting, huge scalars, wrong types) and
 * files that are not kubeconfigs. No secret reaches the inventory. */
#include "tests/unit/cloud_unit.h"
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

extern const struct ca_scanner ca_scanner_kube;

#define HOME "/home/alice"
#define KCFG HOME "/.kube/config"

/* ---- a client certificate made for the test --------------------------- */

struct pair {
	char *cert_pem, *key_pem; /* owned */
	char *cert_b64, *key_b64; /* owned */
};

static char *
bio_string(BIO *b)
{
	char *data, *out;
	long n = BIO_get_mem_data(b, &data);

	out = malloc((size_t)n + 1);
	memcpy(out, data, (size_t)n);
	out[n] = '\0';
	return out;
}

static char *
b64(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(4 * ((n + 2) / 3) + 1);

	EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)s, (int)n);
	return out;
}

/* A self-signed EC certificate for CN='cn' with the given O= groups,
 * valid until now + 'valid_for' seconds, and its unencrypted key. */
static void
make_pair(const char *cn, const char *const *orgs, long valid_for,
    struct pair *p)
{
	EVP_PKEY *pkey = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_NAME *name = X509_NAME_new();
	BIO *b;

	assert_non_null(pkey);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 4242);
	X509_gmtime_adj(X509_getm_notBefore(x), -7200);
	X509_gmtime_adj(X509_getm_notAfter(x), valid_for);
	for (size_t i = 0; orgs && orgs[i]; i++)
		X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
		    (const unsigned char *)orgs[i], -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, name);
	X509_set_issuer_name(x, name);
	X509_set_pubkey(x, pkey);
	assert_true(X509_sign(x, pkey, EVP_sha256()) > 0);

	b = BIO_new(BIO_s_mem());
	PEM_write_bio_X509(b, x);
	p->cert_pem = bio_string(b);
	BIO_free(b);
	b = BIO_new(BIO_s_mem());
	PEM_write_bio_PrivateKey(b, pkey, NULL, NULL, 0, NULL, NULL);
	p->key_pem = bio_string(b);
	BIO_free(b);
	p->cert_b64 = b64(p->cert_pem);
	p->key_b64 = b64(p->key_pem);
	X509_NAME_free(name);
	X509_free(x);
	EVP_PKEY_free(pkey);
}

static void
free_pair(struct pair *p)
{
	free(p->cert_pem);
	free(p->key_pem);
	free(p->cert_b64);
	free(p->key_b64);
}

/* The key as the scanner fingerprints it: decoded, trailing newline off. */
static const struct ca_credential *
find_key(const struct ca_inventory *inv, const char *pem)
{
	size_t n = strlen(pem);

	while (n && (pem[n - 1] == '\n' || pem[n - 1] == '\r'))
		n--;
	return find_secret_n(inv, pem, n);
}

/* ---- the main fixture -------------------------------------------------- */

struct fixture {
	struct pair admin;
	char *sa_jwt, *expired_jwt, *id_token, *password, *refresh, *csecret;
	char *imp_token, *opaque, *file_token, *arg_secret;
	char *yaml;
};

static void
fixture_make(struct fixture *fx)
{
	static const char *const orgs[] = { "system:masters", "dev", NULL };
	char *p;
	time_t now = time(NULL);

	make_pair("alice", orgs, 3 * 86400, &fx->admin);
	p = cu_fmt(
	    "{\"iss\":\"kubernetes/serviceaccount\","
	    "\"kubernetes.io/serviceaccount/namespace\":\"ci\","
	    "\"kubernetes.io/serviceaccount/service-account.name\":"
	    "\"deployer\","
	    "\"sub\":\"system:serviceaccount:ci:deployer\",\"exp\":%lld}",
	    (long long)now + 86400);
	fx->sa_jwt = cu_jwt(p, 1);
	free(p);
	p = cu_fmt(
	    "{\"sub\":\"system:serviceaccount:old:bot\",\"exp\":%lld,"
	    "\"kubernetes.io\":{\"namespace\":\"old\",\"serviceaccount\":"
	    "{\"name\":\"bot\"}}}",
	    (long long)now - 86400);
	fx->expired_jwt = cu_jwt(p, 2);
	free(p);
	p = cu_fmt("{\"iss\":\"https://dex.corp.test\",\"sub\":\"Cg1kZXY\","
	           "\"email\":\"dev@corp.test\",\"exp\":%lld}",
	    (long long)now + 3600);
	fx->id_token = cu_jwt(p, 3);
	free(p);
	fx->password = cu_token("", CU_ALNUM, 20, 4);
	fx->refresh = cu_token("ChlR", CU_ALNUM, 40, 5);
	fx->csecret = cu_token("", CU_ALNUM, 32, 6);
	fx->imp_token = cu_token("kubeimp", CU_ALNUM, 40, 7);
	fx->opaque = cu_token("", CU_ALNUM, 48, 8);
	fx->file_token = cu_token("", CU_ALNUM, 44, 9);
	fx->arg_secret = cu_token("", CU_ALNUM, 30, 10);
	fx->yaml = cu_fmt(
	    "apiVersion: v1\n"
	    "kind: Config\n"
	    "preferences: {}\n"
	    "current-context: prod\n"
	    "clusters:\n"
	    "- name: prod-cluster\n"
	    "  cluster:\n"
	    "    server: https://prod.k8s.corp.test:6443\n"
	    "    certificate-authority-data: %s\n"
	    "- name: eks-cluster\n"
	    "  cluster:\n"
	    "    server: https://ABCDEF0123.gr7.us-east-1.eks.amazonaws.com\n"
	    "- name: gke\n"
	    "  cluster: {server: 'https://34.1.2.3', "
	    "insecure-skip-tls-verify: true}\n"
	    "contexts:\n"
	    "- name: staging\n"
	    "  context: {cluster: prod-cluster, user: admin-cert}\n"
	    "- name: prod\n"
	    "  context:\n"
	    "    cluster: prod-cluster\n"
	    "    user: admin-cert\n"
	    "    namespace: default\n"
	    "- name: ci\n"
	    "  context: {cluster: prod-cluster, user: ci-bot}\n"
	    "- name: eks\n"
	    "  context: {cluster: eks-cluster, user: eks-user}\n"
	    "- name: gke\n"
	    "  context: {cluster: gke, user: gke-user}\n"
	    "- name: old\n"
	    "  context: {cluster: gone, user: old-basic}\n"
	    "users:\n"
	    "- name: admin-cert\n"
	    "  user:\n"
	    "    client-certificate-data: %s\n"
	    "    client-key-data: %s\n"
	    "- name: ci-bot\n"
	    "  user:\n"
	    "    token: %s\n"
	    "- name: retired-bot\n"
	    "  user:\n"
	    "    token: %s\n"
	    "- name: eks-user\n"
	    "  user:\n"
	    "    exec:\n"
	    "      apiVersion: client.authentication.k8s.io/v1beta1\n"
	    "      command: aws\n"
	    "      args: [--region, us-east-1, eks, get-token, "
	    "--cluster-name, prod, --profile, prod]\n"
	    "      env: null\n"
	    "      interactiveMode: IfAvailable\n"
	    "- name: gke-user\n"
	    "  user:\n"
	    "    exec:\n"
	    "      apiVersion: client.authentication.k8s.io/v1beta1\n"
	    "      command: gke-gcloud-auth-plugin\n"
	    "      provideClusterInfo: true\n"
	    "- name: old-basic\n"
	    "  user:\n"
	    "    username: admin\n"
	    "    password: \"%s\"\n"
	    "- name: oidc\n"
	    "  user:\n"
	    "    auth-provider:\n"
	    "      name: oidc\n"
	    "      config:\n"
	    "        client-id: kubernetes\n"
	    "        client-secret: %s\n"
	    "        id-token: %s\n"
	    "        idp-issuer-url: https://dex.corp.test\n"
	    "        refresh-token: %s\n"
	    "- name: impersonator\n"
	    "  user:\n"
	    "    token: %s\n"
	    "    as: bob\n"
	    "    as-groups: [system:masters, ops]\n"
	    "- name: opaque\n"
	    "  user: {token: '%s'}\n"
	    "- name: from-file\n"
	    "  user:\n"
	    "    tokenFile: tokens/ci.token\n"
	    "- name: oidc-login\n"
	    "  user:\n"
	    "    exec:\n"
	    "      command: kubectl\n"
	    "      args: [oidc-login, get-token, --oidc-client-secret, %s, "
	    "--grant-type=authcode]\n"
	    "# decoys\n"
	    "- name: placeholder\n"
	    "  user: {token: <your-token-here>}\n"
	    "- name: env-ref\n"
	    "  user: {token: '${KUBE_TOKEN}'}\n"
	    "- name: empty\n"
	    "  user: {}\n"
	    "- name: nothing\n"
	    "  user: null\n",
	    fx->admin.cert_b64, fx->admin.cert_b64, fx->admin.key_b64,
	    fx->sa_jwt, fx->expired_jwt, fx->password, fx->csecret,
	    fx->id_token, fx->refresh, fx->imp_token, fx->opaque,
	    fx->arg_secret);
}

static void
fixture_free(struct fixture *fx)
{
	free_pair(&fx->admin);
	free(fx->sa_jwt);
	free(fx->expired_jwt);
	free(fx->id_token);
	free(fx->password);
	free(fx->refresh);
	free(fx->csecret);
	free(fx->imp_token);
	free(fx->opaque);
	free(fx->file_token);
	free(fx->arg_secret);
	free(fx->yaml);
}

static struct ca_inventory *
fixture_scan(const struct fixture *fx)
{
	char *tok = cu_fmt("%s\n", fx->file_token);
	struct unit_file files[] = {
		{ KCFG, fx->yaml, 0 },
		{ HOME "/.kube/tokens/ci.token", tok, 0 },
	};
	struct ca_inventory *inv = scan_files(&ca_scanner_kube, files, 2, KCFG,
	    HOME);

	free(tok);
	return inv;
}

static void
test_client_cert(void **state)
{
	struct fixture fx;
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	fixture_make(&fx);
	inv = fixture_scan(&fx);
	assert_int_equal(inv->nerrors, 0);
	c = find_key(inv, fx.admin.key_pem);
	assert_non_null(c);
	assert_string_equal(c->kind, "kube-client-key");
	assert_string_equal(c->rule, "kube.client-key");
	assert_string_equal(c->surface, "cloud");
	/* CN is the user; the current context names the server */
	assert_string_equal(c->identity,
	    "alice @ https://prod.k8s.corp.test:6443 "
	    "(context prod and 1 more)");
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	assert_true(has_reason(c, "member of system:masters (cluster-admin)"));
	assert_true(has_reason(c, "O=dev"));
	assert_true(has_reason(c, "kubeconfig user 'admin-cert'"));
	assert_non_null(c->expires);
	assert_false(c->standing);
	assert_int_equal(c->nlocations, 1);
	assert_string_equal(c->locations[0].path, KCFG);
	assert_int_equal(c->locations[0].line, 35);
	assert_no_piece(inv, fx.admin.key_pem + 30);
	ca_inventory_free(inv);
	fixture_free(&fx);
}

static void
test_tokens(void **state)
{
	struct fixture fx;
	struct ca_inventory *inv;
	const struct ca_credential *c;
	char soon[32];

	(void)state;
	fixture_make(&fx);
	inv = fixture_scan(&fx);

	c = find_secret(inv, fx.sa_jwt);
	assert_non_null(c);
	assert_string_equal(c->kind, "kube-token");
	assert_string_equal(c->identity,
	    "system:serviceaccount:ci:deployer"
	    " @ https://prod.k8s.corp.test:6443 (context ci)");
	assert_non_null(c->expires);
	cu_rfc3339(86400 - 60, soon);
	assert_true(strcmp(c->expires, soon) >= 0);
	assert_false(c->standing);
	assert_true(has_reason(c, "service account ci/deployer"));
	assert_false(has_reason(c, "expired"));

	/* expired, in no context: still listed, low risk */
	c = find_secret(inv, fx.expired_jwt);
	assert_non_null(c);
	assert_string_equal(c->identity,
	    "system:serviceaccount:old:bot (no context uses it)");
	assert_true(has_reason(c, "expired"));
	assert_int_equal(c->risk, CA_RISK_LOW);
	assert_true(has_reason(c, "service account old/bot"));

	/* opaque token: the user entry is the principal; kind default */
	c = find_secret(inv, fx.opaque);
	assert_non_null(c);
	assert_string_equal(c->identity, "opaque (no context uses it)");
	assert_null(c->expires);
	assert_true(c->standing);

	/* impersonation is said and makes it admin */
	c = find_secret(inv, fx.imp_token);
	assert_non_null(c);
	assert_true(
	    has_reason(c, "impersonates bob (groups system:masters, ops)"));
	assert_int_equal(c->tier, CA_TIER_ADMIN);

	/* tokenFile, relative to the kubeconfig's directory */
	c = find_secret(inv, fx.file_token);
	assert_non_null(c);
	assert_string_equal(c->rule, "kube.token-file");
	assert_string_equal(c->locations[0].path,
	    HOME "/.kube/tokens/ci.token");
	assert_true(has_reason(c, "tokenFile tokens/ci.token"));

	/* basic auth: identity is the username at the cluster name */
	c = find_secret(inv, fx.password);
	assert_non_null(c);
	assert_string_equal(c->kind, "kube-basic-auth");
	assert_string_equal(c->identity, "admin @ cluster gone (context old)");

	/* decoys: placeholder, ${VAR}, empty users */
	assert_int_equal(count_kind(inv, "kube-token"), 5);
	assert_int_equal(inv->nerrors, 0);

	assert_no_piece(inv, fx.sa_jwt);
	assert_no_piece(inv, fx.expired_jwt);
	assert_no_piece(inv, fx.opaque);
	assert_no_piece(inv, fx.imp_token);
	assert_no_piece(inv, fx.file_token);
	assert_no_piece(inv, fx.password);
	ca_inventory_free(inv);
	fixture_free(&fx);
}

static void
test_auth_provider(void **state)
{
	struct fixture fx;
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	fixture_make(&fx);
	inv = fixture_scan(&fx);
	assert_int_equal(count_kind(inv, "kube-auth-provider-token"), 3);
	c = find_secret(inv, fx.id_token);
	assert_non_null(c);
	assert_string_equal(c->identity, "dev@corp.test (no context uses it)");
	assert_non_null(c->expires);
	assert_true(has_reason(c, "auth-provider oidc id-token"));
	c = find_secret(inv, fx.refresh);
	assert_non_null(c);
	assert_true(c->standing);
	assert_null(c->expires);
	assert_true(has_reason(c, "refresh-token"));
	c = find_secret(inv, fx.csecret);
	assert_non_null(c);
	assert_true(has_reason(c, "client-secret"));
	assert_no_piece(inv, fx.id_token);
	assert_no_piece(inv, fx.refresh);
	assert_no_piece(inv, fx.csecret);
	ca_inventory_free(inv);
	fixture_free(&fx);
}

static void
test_exec(void **state)
{
	struct fixture fx;
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	fixture_make(&fx);
	inv = fixture_scan(&fx);
	assert_int_equal(count_kind(inv, "kube-exec"), 3);

	c = find_ref(inv, "kube-exec:" KCFG ":eks-user");
	assert_non_null(c);
	assert_null(c->redacted);
	assert_string_equal(c->rule, "kube.exec");
	assert_string_equal(c->identity,
	    "eks-user @ "
	    "https://ABCDEF0123.gr7.us-east-1.eks.amazonaws.com (context eks)");
	assert_int_equal(c->nlinks, 1);
	assert_string_equal(c->links[0].ref, "aws-profile:" HOME ":prod");
	assert_true(has_reason(c,
	    "exec plugin: aws --region us-east-1 eks "
	    "get-token --cluster-name prod --profile prod"));

	c = find_ref(inv, "kube-exec:" KCFG ":gke-user");
	assert_non_null(c);
	assert_true(has_link(c, "gcloud-active:" HOME));
	assert_true(has_reason(c, "[TLS verification off]") ||
	    strstr(c->identity, "[TLS verification off]"));

	/* a secret argument is masked, the plugin is not linked */
	c = find_ref(inv, "kube-exec:" KCFG ":oidc-login");
	assert_non_null(c);
	assert_int_equal(c->nlinks, 0);
	assert_true(has_reason(c,
	    "--oidc-client-secret **** "
	    "--grant-type=authcode"));
	assert_no_piece(inv, fx.arg_secret);
	ca_inventory_free(inv);
	fixture_free(&fx);
}

/* Exec plugins and the credentials they run on. */
static void
test_exec_links(void **state)
{
	static const struct {
		const char *exec;
		const char *link; /* NULL: none */
	} cases[] = {
		{ "{command: aws, args: [eks, get-token, --profile=stage]}",
		    "aws-profile:" HOME ":stage" },
		{ "{command: /usr/local/bin/aws, args: [eks, get-token, "
		  "--cluster-name, x], env: [{name: AWS_PROFILE, value: ops}]}",
		    "aws-profile:" HOME ":ops" },
		{ "{command: aws, args: [eks, get-token, --cluster-name, x]}",
		    "aws-profile:" HOME ":default" },
		{ "{command: aws-iam-authenticator, args: [token, -i, x], "
		  "env: [{name: AWS_PROFILE, value: legacy}]}",
		    "aws-profile:" HOME ":legacy" },
		{ "{command: kubelogin, args: [get-token, --login, azurecli, "
		  "--server-id, 6dae42f8]}",
		    "azure-cli:" HOME },
		{ "{command: kubelogin, args: [get-token, -l, devicecode]}",
		    NULL },
		{ "{command: doctl, args: [kubernetes, cluster, kubeconfig, "
		  "exec-credential, --version=v1beta1, --context, work, c1]}",
		    "doctl-context:" HOME ":work" },
		{ "{command: aws, args: [s3, ls]}", NULL },
		{ "{command: my-plugin}", NULL },
	};

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(cases); i++) {
		char *yaml = cu_fmt("users:\n- name: u\n  user:\n"
		                    "    exec: %s\n",
		    cases[i].exec);
		struct ca_inventory *inv = scan_one(&ca_scanner_kube, KCFG,
		    HOME, yaml, 0);
		const struct ca_credential *c = find_ref(inv,
		    "kube-exec:" KCFG ":u");

		assert_non_null(c);
		assert_int_equal(inv->nerrors, 0);
		if (cases[i].link) {
			assert_int_equal(c->nlinks, 1);
			assert_string_equal(c->links[0].ref, cases[i].link);
		} else {
			assert_int_equal(c->nlinks, 0);
		}
		ca_inventory_free(inv);
		free(yaml);
	}
}

/* A kubeconfig outside any home links to the home-less anchor. */
static void
test_exec_no_home(void **state)
{
	const char *yaml = "users:\n- name: u\n  user:\n    exec:\n"
	                   "      command: aws\n      args: [eks, get-token]\n";
	struct ca_inventory *inv = scan_one(&ca_scanner_kube,
	    "/srv/deploy/kubeconfig", NULL, yaml, 0);
	const struct ca_credential *c = find_ref(inv,
	    "kube-exec:/srv/deploy/kubeconfig:u");

	(void)state;
	assert_non_null(c);
	assert_string_equal(c->links[0].ref, "aws-profile::default");
	ca_inventory_free(inv);
}

/* An expired certificate, a key in a file, a PEM cert file, and a key
 * with no certificate at all. */
static void
test_client_key_files(void **state)
{
	static const char *const none[] = { NULL };
	struct pair old, fresh;
	struct ca_inventory *inv;
	const struct ca_credential *c;
	char *yaml;

	(void)state;
	make_pair("ci-robot", none, -86400, &old);
	make_pair("bob", none, 86400, &fresh);
	yaml = cu_fmt(
	    "clusters:\n- name: c\n  cluster: {server: "
	    "https://10.0.0.1:6443}\ncontexts:\n- name: x\n  context: "
	    "{cluster: c, user: files}\nusers:\n"
	    "- name: files\n  user:\n    client-certificate: certs/old.crt\n"
	    "    client-key: /home/alice/.kube/certs/old.key\n"
	    "- name: bare\n  user:\n    client-key-data: %s\n",
	    fresh.key_b64);
	{
		struct unit_file files[] = {
			{ KCFG, yaml, 0 },
			{ HOME "/.kube/certs/old.crt", old.cert_pem, 0 },
			{ HOME "/.kube/certs/old.key", old.key_pem, 0 },
		};
		inv = scan_files(&ca_scanner_kube, files, 3, KCFG, HOME);
	}
	assert_int_equal(inv->nerrors, 0);
	c = find_key(inv, old.key_pem);
	assert_non_null(c);
	assert_string_equal(c->identity,
	    "ci-robot @ https://10.0.0.1:6443 (context x)");
	assert_string_equal(c->locations[0].path, HOME "/.kube/certs/old.key");
	assert_true(has_reason(c, "expired"));
	assert_int_equal(c->risk, CA_RISK_LOW);
	/* no system:masters: the kind's default tier, assumed */
	assert_true(has_reason(c, "tier assumed"));
	c = find_key(inv, fresh.key_pem);
	assert_non_null(c);
	assert_true(has_reason(c, "no readable client certificate"));
	assert_null(c->expires);
	assert_no_piece(inv, old.key_pem + 30);
	assert_no_piece(inv, fresh.key_pem + 30);
	ca_inventory_free(inv);
	free(yaml);
	free_pair(&old);
	free_pair(&fresh);
}

/* Anchored user bodies are shared, not copied; an anchor serves users
 * streamed after the one it is in, and users listed before the contexts
 * are read in a second pass that knows the contexts. */
static void
test_anchors(void **state)
{
	char *tok = cu_token("", CU_ALNUM, 40, 77);
	char *yaml = cu_fmt("users:\n- name: a\n  user: &u {token: %s}\n"
	                    "- name: b\n  user: *u\n"
	                    "- name: c\n  user: &x {exec: {command: doctl}}\n"
	                    "- name: d\n  user: *x\n"
	                    "contexts:\n- name: cd\n"
	                    "  context: {cluster: k, user: d}\n"
	                    "clusters:\n- name: k\n"
	                    "  cluster: {server: 'https://k.corp.test'}\n"
	                    "current-context: cd\n",
	    tok);
	struct ca_inventory *inv = scan_one(&ca_scanner_kube, KCFG, HOME, yaml,
	    0);
	const struct ca_credential *c = find_secret(inv, tok);
	bool c_seen = false, d_seen = false;

	(void)state;
	assert_non_null(c);
	assert_int_equal(inv->ncreds, 3);
	assert_int_equal(inv->nerrors, 0);
	for (size_t i = 0; i < inv->ncreds; i++) {
		const char *id = inv->creds[i]->identity;
		if (strcmp(inv->creds[i]->kind, "kube-exec"))
			continue;
		c_seen |= !strcmp(id, "c (no context uses it)");
		d_seen |= !strcmp(id, "d @ https://k.corp.test (context cd)");
	}
	assert_true(c_seen);
	assert_true(d_seen);
	ca_inventory_free(inv);
	free(yaml);
	free(tok);
}

static void
test_not_kubeconfig(void **state)
{
	static const char *const texts[] = {
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n",
		"- just\n- a\n- list\n",
		"",
		"# only a comment\n",
		"plain scalar\n",
	};

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(texts); i++) {
		struct ca_inventory *inv = scan_one(&ca_scanner_kube,
		    HOME "/deploy/kubeconfig-prod.yaml", HOME, texts[i], 0);
		assert_int_equal(inv->ncreds, 0);
		assert_int_equal(inv->nerrors, 0);
		ca_inventory_free(inv);
	}
}

static void
expect_error(const char *text, size_t len, const char *needle)
{
	struct ca_inventory *inv = scan_one(&ca_scanner_kube, KCFG, HOME, text,
	    len);

	assert_int_equal(inv->ncreds, 0);
	assert_true(inv->nerrors >= 1);
	assert_string_equal(inv->errors[0].path, KCFG);
	if (needle && !has_error(inv, needle)) {
		fprintf(stderr, "error '%s' lacks '%s'\n", inv->errors[0].error,
		    needle);
		fail();
	}
	ca_inventory_free(inv);
}

static void
test_hostile(void **state)
{
	struct strbuf sb = STRBUF_INIT(64u << 20);
	char *tok = cu_token("", CU_ALNUM, 40, 99);
	char *trunc;

	(void)state;
	/* truncated in the middle of a flow mapping */
	trunc = cu_fmt("users:\n- name: a\n  user: {token: %s, ", tok);
	expect_error(trunc, 0, "invalid YAML");
	free(trunc);

	/* a billion-laughs bomb of nested aliases */
	strbuf_addstr(&sb, "a: &a [lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int lvl = 1; lvl < 10; lvl++) {
		strbuf_addf(&sb, "%c: &%c [", 'a' + lvl, 'a' + lvl);
		for (int i = 0; i < 9; i++)
			strbuf_addf(&sb, "*%c, ", 'a' + lvl - 1);
		strbuf_addf(&sb, "*%c]\n", 'a' + lvl - 1);
	}
	for (int i = 0; i < 1100; i++)
		strbuf_addstr(&sb, i ? ", *j" : "users: [*j");
	strbuf_addstr(&sb, "]\n");
	expect_error(sb.buf, sb.len, "too many aliases");
	strbuf_reset(&sb);

	/* nested too deeply */
	strbuf_addstr(&sb, "users: ");
	for (int i = 0; i < 5000; i++)
		strbuf_addch(&sb, '[');
	expect_error(sb.buf, sb.len, "nested too deeply");
	strbuf_reset(&sb);

	/* binary garbage */
	expect_error("users:\n- \x01\x02\xff\xfe: [\x00", 13, NULL);

	/* wrong types are skipped with one warning */
	{
		struct ca_inventory *inv = scan_one(&ca_scanner_kube, KCFG,
		    HOME,
		    "clusters: 7\ncontexts: {a: b}\nusers:\n- name: x\n"
		    "  user: [token, abc]\n- name: y\n  user: plain\n"
		    "- 42\n",
		    0);
		assert_int_equal(inv->ncreds, 0);
		assert_int_equal(inv->nerrors, 1);
		assert_true(has_error(inv,
		    "2 user entries of an "
		    "unexpected shape"));
		ca_inventory_free(inv);
	}

	/* a huge token is reported as too long, not copied */
	strbuf_addstr(&sb, "users:\n- name: big\n  user:\n    token: ");
	for (size_t i = 0; i < (2u << 20); i++)
		strbuf_addch(&sb, "abcdefghij"[i % 10]);
	strbuf_addstr(&sb, "\n- name: fine\n  user: {token: ");
	strbuf_addstr(&sb, tok);
	strbuf_addstr(&sb, "}\n");
	{
		struct ca_inventory *inv = scan_one(&ca_scanner_kube, KCFG,
		    HOME, sb.buf, sb.len);
		assert_int_equal(inv->ncreds, 1);
		assert_non_null(find_secret(inv, tok));
		assert_true(has_error(inv, "too long"));
		ca_inventory_free(inv);
	}
	strbuf_release(&sb);
	free(tok);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_client_cert),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_auth_provider),
		cmocka_unit_test(test_exec),
		cmocka_unit_test(test_exec_links),
		cmocka_unit_test(test_exec_no_home),
		cmocka_unit_test(test_client_key_files),
		cmocka_unit_test(test_anchors),
		cmocka_unit_test(test_not_kubeconfig),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
