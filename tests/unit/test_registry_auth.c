/* test_registry_auth.c - the registry surface modules (docker, podman,
 * helm, npm, yarn, pypi, pip, cargo, rubygems, maven, gradle, nuget,
 * composer): identity = registry host plus user, secrets decoded from
 * base64 where the format says so, delegations to credential helpers,
 * decoys (placeholders, ${VAR} references, commented-out lines, auth
 * values that decode to placeholders), malformed input whose errors never
 * quote a secret, XML entity attacks (XXE, billion laughs) that go
 * nowhere, and no secret in any inventory string. All secrets are
 * synthetic. */
#include "tests/unit/scan_unit.h"
#include <unistd.h>

extern const struct ca_scanner ca_scanner_docker, ca_scanner_podman,
    ca_scanner_helm, ca_scanner_npm, ca_scanner_yarn, ca_scanner_pypi,
    ca_scanner_pip, ca_scanner_cargo, ca_scanner_rubygems, ca_scanner_maven,
    ca_scanner_gradle, ca_scanner_nuget, ca_scanner_composer;

#define HOME "/home/alice"
#define PW1  "PwK7x2Lm9Zr4TqB8"
#define PW2  "PwH3n6Vd1Wc5YsJ0"
#define PW3  "PwR8t4Fg2Kp7XmN1"

static struct ca_inventory *
scan_text(const struct ca_scanner *s, const char *path, const char *text)
{
	return scan_one(s, path, HOME, text, strlen(text));
}

static const char *
b64(const char *s)
{
	static char out[4][512];
	static int i;

	i = (i + 1) % 4;
	b64_encode(s, strlen(s), out[i], false);
	return out[i];
}

static void
expect_cred(const struct ca_inventory *inv, const char *secret,
    const char *kind, const char *rule, const char *identity, unsigned int line)
{
	const struct ca_credential *c = find_secret(inv, secret);

	if (!c)
		fail_msg("no credential for rule %s", rule);
	assert_string_equal(c->kind, kind);
	assert_string_equal(c->rule, rule);
	assert_string_equal(c->identity, identity);
	if (line)
		assert_int_equal(c->locations[0].line, line);
	assert_no_secret(inv, secret);
}

/* ---- docker / podman / helm ------------------------------------------ */

static void
test_docker_config(void **state)
{
	char pat[64], buf[4096];
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	snprintf(pat, sizeof(pat), "dckr_pat_%s",
	    "a1B2c3D4e5F6g7H8i9J0k1L2m3N");
	snprintf(buf, sizeof(buf),
	    "{\n"
	    "  \"auths\": {\n"
	    "    \"https://index.docker.io/v1/\": {\"auth\": \"%s\"},\n"
	    "    \"ghcr.io\": {\"auth\": \"%s\", \"email\": \"a@x.test\"},\n"
	    "    \"quay.io\": {\"username\": \"alice\", \"identitytoken\": "
	    "\"%s\"},\n"
	    "    \"registry.corp.test:5000\": {\"registrytoken\": \"%s\"},\n"
	    "    \"acr.corp.test\": {\"auth\": \"%s\"},\n"
	    "    \"decoy.test\": {\"auth\": \"%s\"},\n"
	    "    \"decoy2.test\": {\"auth\": \"%s\"},\n"
	    "    \"empty.test\": {}\n"
	    "  },\n"
	    "  \"credsStore\": \"desktop\",\n"
	    "  \"credHelpers\": {\"1234.dkr.ecr.us-east-1.amazonaws.com\": "
	    "\"ecr-login\"}\n"
	    "}\n",
	    b64("alice:" PW1), b64("alice:") /* empty password */, PW2, PW3,
	    b64("<token>:"
	        "PwTok9Qz8Xy7Wv6U"),
	    b64("user:changeme"), b64("ci:${CI_REGISTRY_PASSWORD}"));
	inv = scan_text(&ca_scanner_docker, HOME "/.docker/config.json", buf);
	assert_int_equal(inv->nerrors, 0);
	expect_cred(inv, PW1, "docker-registry-auth", "docker.config-auth",
	    "alice@index.docker.io", 3);
	expect_cred(inv, PW2, "docker-identity-token",
	    "docker.config-identity-token", "alice@quay.io", 5);
	expect_cred(inv, PW3, "docker-registry-token",
	    "docker.config-registry-token", "registry.corp.test:5000", 6);
	/* a helper's "<token>" user marks an identity token */
	expect_cred(inv, "PwTok9Qz8Xy7Wv6U", "docker-identity-token",
	    "docker.config-auth", "acr.corp.test", 7);
	assert_null(find_secret(inv, "changeme"));
	/* the empty entry went to the credsStore, the ECR one to its helper */
	c = find_ref(inv, "docker-credential-desktop:" HOME ":empty.test");
	assert_non_null(c);
	assert_string_equal(c->kind, "docker-credential-helper");
	assert_null(c->redacted);
	assert_true(has_reason(c, "never run"));
	c = find_ref(inv,
	    "docker-credential-ecr-login:" HOME
	    ":1234.dkr.ecr.us-east-1.amazonaws.com");
	assert_non_null(c);
	assert_int_equal(c->locations[0].line, 13);
	assert_int_equal(inv->ncreds, 6);
	ca_inventory_free(inv);

	/* a Docker Hub PAT in auth is named by its shape */
	{
		char up[128];
		snprintf(up, sizeof(up), "bob:%s", pat);
		snprintf(buf, sizeof(buf),
		    "{\"auths\": {\"docker.io\": "
		    "{\"auth\": \"%s\"}}}",
		    b64(up));
	}
	inv = scan_text(&ca_scanner_docker, HOME "/.docker/config.json", buf);
	expect_cred(inv, pat, "docker-hub-pat", "docker.config-auth",
	    "bob@docker.io", 1);
	c = find_secret(inv, pat);
	assert_int_equal(strncmp(c->redacted, "dckr_pat_", 9), 0);
	ca_inventory_free(inv);
}

static void
test_docker_store_only(void **state)
{
	struct ca_inventory *inv;

	(void)state;
	/* credsStore with no auths: one delegation for the default */
	inv = scan_text(&ca_scanner_docker, HOME "/.docker/config.json",
	    "{\"credsStore\": \"pass\"}");
	assert_int_equal(inv->ncreds, 1);
	assert_non_null(
	    find_ref(inv, "docker-credential-pass:" HOME ":(default)"));
	ca_inventory_free(inv);

	/* legacy ~/.dockercfg: registries at the top level */
	inv = scan_text(&ca_scanner_docker, HOME "/.dockercfg",
	    "{\"https://index.docker.io/v1/\": {\"auth\": \"YWxpY2U6UHdLN3gyTG05WnI0VHFCOA==\", \"email\": \"a@x.test\"}}");
	expect_cred(inv, PW1, "docker-registry-auth", "docker.config-auth",
	    "alice@index.docker.io", 1);
	ca_inventory_free(inv);
}

static void
test_docker_malformed(void **state)
{
	char buf[512];
	struct ca_inventory *inv;

	(void)state;
	/* base64 garbage, and base64 without a colon */
	snprintf(buf, sizeof(buf),
	    "{\"auths\": {\"a.test\": {\"auth\": "
	    "\"!!not base64!!\"}, \"b.test\": {\"auth\": \"%s\"}, "
	    "\"c.test\": \"str\"}, \"credHelpers\": {\"d.test\": 5}}",
	    b64(PW1));
	inv = scan_text(&ca_scanner_docker, HOME "/.docker/config.json", buf);
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "auth of registry 'a.test' is not base64"));
	assert_true(has_error(inv, "auth of registry 'b.test'"));
	assert_true(has_error(inv, "2 entries of an unexpected shape"));
	assert_no_secret(inv, PW1);
	ca_inventory_free(inv);

	/* jansson quotes the input near an error: we do not */
	snprintf(buf, sizeof(buf),
	    "{\"auths\": {\"a\": {\"identitytoken\": "
	    "%s}}}",
	    PW1);
	inv = scan_text(&ca_scanner_docker, HOME "/.docker/config.json", buf);
	assert_int_equal(inv->nerrors, 1);
	assert_true(has_error(inv, "invalid JSON at line 1"));
	assert_no_secret(inv, PW1);
	ca_inventory_free(inv);

	inv = scan_text(&ca_scanner_docker, HOME "/.docker/config.json", "[1]");
	assert_true(has_error(inv, "not a JSON object"));
	ca_inventory_free(inv);
}

static void
test_podman_helm(void **state)
{
	char buf[1024];
	struct ca_inventory *inv;

	(void)state;
	snprintf(buf, sizeof(buf),
	    "{\"auths\": {\"quay.io/team/app\": "
	    "{\"auth\": \"%s\"}}, \"credHelpers\": {\"x.test\": \"secretservice\"}}",
	    b64("robot+team:" PW1));
	inv = scan_one(&ca_scanner_podman,
	    "/run/user/1000/containers/auth.json", NULL, buf, 0);
	expect_cred(inv, PW1, "docker-registry-auth", "podman.auth",
	    "robot+team@quay.io", 1);
	assert_non_null(
	    find_ref(inv, "docker-credential-secretservice::x.test"));
	ca_inventory_free(inv);

	inv = scan_text(&ca_scanner_helm,
	    HOME "/.config/helm/registry/config.json", buf);
	expect_cred(inv, PW1, "docker-registry-auth", "helm.registry-auth",
	    "robot+team@quay.io", 1);
	ca_inventory_free(inv);

	inv = scan_text(&ca_scanner_helm,
	    HOME "/.config/helm/repositories.yaml",
	    "apiVersion: \"\"\nrepositories:\n"
	    "- name: corp\n  url: https://charts.corp.test/stable\n"
	    "  username: alice\n  password: " PW2 "\n"
	    "- name: open\n  url: https://charts.example.test\n"
	    "  password: \"\"\n"
	    "- name: env\n  url: https://env.test\n  password: ${HELM_PASS}\n");
	assert_int_equal(inv->ncreds, 1);
	expect_cred(inv, PW2, "helm-repository-password",
	    "helm.repository-password", "alice@charts.corp.test", 6);
	ca_inventory_free(inv);

	inv = scan_text(&ca_scanner_helm,
	    HOME "/.config/helm/repositories.yaml",
	    "repositories: [unclosed\n");
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "invalid YAML"));
	ca_inventory_free(inv);
}

/* ---- npm / yarn ------------------------------------------------------ */

static void
test_npmrc(void **state)
{
	char npm1[96], npm2[96], buf[2048];
	struct ca_inventory *inv;

	(void)state;
	gh_token("npm_", 301, npm1);
	gh_token("npm_", 302, npm2);
	snprintf(buf, sizeof(buf),
	    "; user config\n"
	    "registry=https://registry.npmjs.org/\n"
	    "//registry.npmjs.org/:_authToken=%s\n"
	    "//npm.pkg.github.com/:_authToken=${NPM_TOKEN}\n"
	    "# //old.corp.test/:_authToken=" PW3 "\n"
	    "//npm.corp.test/repo/:username=alice\n"
	    "//npm.corp.test/repo/:_password=\"%s\"\n"
	    "//nexus.corp.test/:_auth=%s\n"
	    "//decoy.test/:_auth=%s\n"
	    "_authToken = %s\n"
	    "always-auth\n",
	    npm1, b64(PW1), b64("bob:" PW2), b64("x:changeme"), npm2);
	inv = scan_text(&ca_scanner_npm, HOME "/.npmrc", buf);
	assert_int_equal(inv->nerrors, 0);
	expect_cred(inv, npm1, "npm-token", "npm.auth-token",
	    "registry.npmjs.org", 3);
	expect_cred(inv, PW1, "npm-basic-auth", "npm.password",
	    "alice@npm.corp.test", 7);
	expect_cred(inv, PW2, "npm-basic-auth", "npm.basic-auth",
	    "bob@nexus.corp.test", 8);
	/* unscoped legacy token: the 'registry' setting names the host */
	expect_cred(inv, npm2, "npm-token", "npm.auth-token",
	    "registry.npmjs.org", 10);
	assert_null(find_secret(inv, PW3));
	assert_int_equal(inv->ncreds, 4);
	assert_int_equal(strncmp(find_secret(inv, npm1)->redacted, "npm_", 4),
	    0);
	ca_inventory_free(inv);

	/* malformed: base64 garbage in _auth and _password */
	inv = scan_text(&ca_scanner_npm, "/srv/app/.npmrc",
	    "//a.test/:_auth=a!b@c#d$e\n//b.test/:_password=not~base64\n"
	    "//c.test/:_auth="
	    "UHdLN3gyTG05WnI0VHFCOA==\n");
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "_auth for 'a.test' on line 1"));
	assert_true(has_error(inv, "_password for 'b.test' on line 2"));
	assert_true(has_error(inv, "_auth for 'c.test' on line 3"));
	assert_no_secret(inv, PW1);
	ca_inventory_free(inv);
}

static void
test_yarn(void **state)
{
	char npm1[96], npm2[96], buf[2048];
	struct ca_inventory *inv;

	(void)state;
	gh_token("npm_", 311, npm1);
	gh_token("npm_", 312, npm2);
	snprintf(buf, sizeof(buf),
	    "npmAuthToken: %s\n"
	    "npmRegistries:\n"
	    "  \"//npm.corp.test\":\n"
	    "    npmAlwaysAuth: true\n"
	    "    npmAuthIdent: \"alice:" PW1 "\"\n"
	    "  \"https://nexus.corp.test/repository/npm\":\n"
	    "    npmAuthIdent: %s\n"
	    "  \"https://env.test\":\n"
	    "    npmAuthToken: \"${YARN_TOKEN}\"\n"
	    "npmScopes:\n"
	    "  corp:\n"
	    "    npmRegistryServer: \"https://scope.corp.test\"\n"
	    "    npmAuthToken: %s\n",
	    npm1, b64("bob:" PW2), npm2);
	inv = scan_text(&ca_scanner_yarn, "/srv/app/.yarnrc.yml", buf);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 4);
	expect_cred(inv, npm1, "npm-token", "yarn.auth-token",
	    "registry.yarnpkg.com", 1);
	expect_cred(inv, PW1, "npm-basic-auth", "yarn.auth-ident",
	    "alice@npm.corp.test", 5);
	expect_cred(inv, PW2, "npm-basic-auth", "yarn.auth-ident",
	    "bob@nexus.corp.test", 7);
	expect_cred(inv, npm2, "npm-token", "yarn.auth-token",
	    "scope.corp.test", 13);
	ca_inventory_free(inv);

	snprintf(buf, sizeof(buf),
	    "# yarn lockfile v1\n"
	    "registry \"https://registry.yarnpkg.com\"\n"
	    "\"//registry.yarnpkg.com/:_authToken\" \"%s\"\n",
	    npm1);
	inv = scan_text(&ca_scanner_yarn, HOME "/.yarnrc", buf);
	expect_cred(inv, npm1, "npm-token", "yarn.auth-token",
	    "registry.yarnpkg.com", 3);
	ca_inventory_free(inv);

	inv = scan_text(&ca_scanner_yarn, HOME "/.yarnrc.yml",
	    "npmAuthIdent: notbase64!\n");
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "npmAuthIdent on line 1"));
	ca_inventory_free(inv);
}

/* ---- pypi / pip ------------------------------------------------------ */

static void
test_pypirc(void **state)
{
	char tok[256], buf[2048];
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	snprintf(tok, sizeof(tok), "pypi-AgEIcHlwaS5vcmc%s",
	    "Q2k9Fz7Wx3Lp8Rt1Yv6Bn4Mc0Hs5Jd2Gk8Ua3Ze7Xq1Wr9Tf6Vb2Np4Ly0Oi5Eh");
	snprintf(buf, sizeof(buf),
	    "[distutils]\nindex-servers =\n    pypi\n    corp\n\n"
	    "[pypi]\nusername = __token__\npassword = %s\n\n"
	    "[corp]\nrepository = https://pypi.corp.test/legacy/\n"
	    "username = alice\npassword = " PW1 "\n\n"
	    "[testpypi]\nusername = __token__\npassword = <your-token>\n"
	    "; password = " PW2 "\n",
	    tok);
	inv = scan_text(&ca_scanner_pypi, HOME "/.pypirc", buf);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 2);
	expect_cred(inv, tok, "pypi-token", "pypi.pypirc-password",
	    "upload.pypi.org", 8);
	c = find_secret(inv, tok);
	assert_true(has_reason(c, "(API token)"));
	expect_cred(inv, PW1, "pypi-password", "pypi.pypirc-password",
	    "alice@pypi.corp.test", 13);
	ca_inventory_free(inv);
}

static void
test_pip(void **state)
{
	struct ca_inventory *inv;

	(void)state;
	inv = scan_text(&ca_scanner_pip, HOME "/.config/pip/pip.conf",
	    "[global]\n"
	    "index-url = https://alice:" PW1 "@pypi.corp.test/simple\n"
	    "extra-index-url =\n"
	    "    https://pypi.org/simple\n"
	    "    https://"
	    "PwGemfuryTok3n9Xq7"
	    "@pypi.fury.io/alice/\n"
	    "    https://ci:${PIP_PASSWORD}@mirror.corp.test/simple\n"
	    "# index-url = https://old:" PW2 "@old.corp.test/simple\n"
	    "find-links = https://bob:" PW3 "@files.corp.test/wheels\n");
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 3);
	expect_cred(inv, PW1, "python-index-credential",
	    "pip.index-url-credential", "alice@pypi.corp.test", 2);
	expect_cred(inv, "PwGemfuryTok3n9Xq7", "python-index-credential",
	    "pip.index-url-credential", "pypi.fury.io", 5);
	expect_cred(inv, PW3, "python-index-credential",
	    "pip.index-url-credential", "bob@files.corp.test", 8);
	assert_null(find_secret(inv, PW2));
	ca_inventory_free(inv);
}

/* ---- cargo / rubygems ------------------------------------------------ */

static void
test_cargo(void **state)
{
	struct ca_inventory *inv;

	(void)state;
	inv = scan_text(&ca_scanner_cargo, HOME "/.cargo/credentials.toml",
	    "# written by cargo login\n"
	    "[registry]\ntoken = \"cio" PW1 "\"\n\n"
	    "[registries.corp]\ntoken = '" PW2 "'\n"
	    "[registries.docs]\ntoken = \"<your-token>\"\n"
	    "[registries.other]\nindex = \"x\"\n");
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 2);
	expect_cred(inv, "cio" PW1, "cargo-token", "cargo.registry-token",
	    "crates.io", 3);
	expect_cred(inv, PW2, "cargo-token", "cargo.registry-token", "corp", 6);
	ca_inventory_free(inv);

	/* a dotted key at the top level is the same table */
	inv = scan_text(&ca_scanner_cargo, HOME "/.cargo/credentials",
	    "registry.token = \"" PW1 "\"\n");
	expect_cred(inv, PW1, "cargo-token", "cargo.registry-token",
	    "crates.io", 1);
	ca_inventory_free(inv);

	/* values before an error are kept; the error never quotes input */
	inv = scan_text(&ca_scanner_cargo, HOME "/.cargo/credentials.toml",
	    "[registry]\ntoken = \"" PW1 "\"\n[registries.x]\ntoken = \"" PW2
	    "\n");
	assert_int_equal(inv->ncreds, 1);
	assert_true(has_error(inv,
	    "invalid TOML at line 4: unterminated "
	    "string"));
	assert_no_secret(inv, PW2);
	ca_inventory_free(inv);
}

static void
test_rubygems(void **state)
{
	char key[96];
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	snprintf(key, sizeof(key), "rubygems_%s",
	    "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071");
	{
		char buf[512];
		snprintf(buf, sizeof(buf),
		    "---\n:rubygems_api_key: %s\n"
		    "https://gems.corp.test: " PW1 "\n"
		    ":ci_key: \"" PW2 "\"\n"
		    ":docs: changeme\n",
		    key);
		inv = scan_text(&ca_scanner_rubygems, HOME "/.gem/credentials",
		    buf);
	}
	assert_int_equal(inv->ncreds, 3);
	expect_cred(inv, key, "rubygems-api-key", "rubygems.api-key",
	    "rubygems.org", 2);
	c = find_secret(inv, key);
	assert_int_equal(strncmp(c->redacted, "rubygems_", 9), 0);
	expect_cred(inv, PW1, "rubygems-api-key", "rubygems.api-key",
	    "gems.corp.test", 3);
	expect_cred(inv, PW2, "rubygems-api-key", "rubygems.api-key", ":ci_key",
	    4);
	ca_inventory_free(inv);
}

/* ---- maven / gradle -------------------------------------------------- */

#define SETTINGS                                                               \
	"<?xml version=\"1.0\"?>\n"                                            \
	"<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\">\n"        \
	"  <servers>\n"                                                        \
	"    <server>\n"                                                       \
	"      <id>corp-releases</id>\n"                                       \
	"      <username>alice</username>\n"                                   \
	"      <password>" PW1 "</password>\n"                                 \
	"    </server>\n"                                                      \
	"    <server>\n"                                                       \
	"      <id>corp-snapshots</id>\n"                                      \
	"      <username>alice</username>\n"                                   \
	"      <password>{COQLCE6DU6GtcS5P=}</password>\n"                     \
	"    </server>\n"                                                      \
	"    <server>\n"                                                       \
	"      <id>deploy</id>\n"                                              \
	"      <privateKey>${user.home}/.ssh/id_ed25519</privateKey>\n"        \
	"      <passphrase>" PW2 "</passphrase>\n"                             \
	"    </server>\n"                                                      \
	"    <server><id>env</id><password>${env.PASS}</password></server>\n"  \
	"    <!-- <server><id>old</id><password>" PW3                          \
	"</password></server> -->\n"                                           \
	"  </servers>\n"                                                       \
	"</settings>\n"

static void
test_maven(void **state)
{
	struct ca_inventory *inv;
	const struct ca_credential *c;
	struct unit_file files[] = {
		{ HOME "/.m2/settings.xml", SETTINGS, 0 },
		{ HOME "/.m2/settings-security.xml",
		    "<settingsSecurity>"
		    "<master>{jSMOWnoPFgsHVpMvz5VrIt5kRbzGpI8u+9EF1iFQyJQ=}"
		    "</master></settingsSecurity>\n",
		    0 },
	};

	(void)state;
	inv = scan_text(&ca_scanner_maven, HOME "/.m2/settings.xml", SETTINGS);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 3);
	expect_cred(inv, PW1, "maven-server-password", "maven.server-password",
	    "alice@corp-releases", 7);
	expect_cred(inv, PW2, "maven-server-password",
	    "maven.server-passphrase", "deploy", 17);
	expect_cred(inv, "{COQLCE6DU6GtcS5P=}", "maven-encrypted-password",
	    "maven.server-password", "alice@corp-snapshots", 12);
	c = find_secret(inv, "{COQLCE6DU6GtcS5P=}");
	assert_true(has_reason(c, "no settings-security.xml"));
	assert_null(find_secret(inv, PW3));
	ca_inventory_free(inv);

	/* with the master password beside it, encryption is no protection */
	inv = scan_files(&ca_scanner_maven, files, 2, files[0].path, HOME);
	c = find_secret(inv, "{COQLCE6DU6GtcS5P=}");
	assert_non_null(c);
	assert_string_equal(c->kind, "maven-server-password");
	assert_true(has_reason(c, "recoverable"));
	ca_inventory_free(inv);
}

static void
test_maven_xml_attacks(void **state)
{
	char path[] = "/tmp/credatlas-xxe-XXXXXX", doc[1024];
	struct ca_inventory *inv;
	int fd;

	(void)state;
	/* a local file an XXE would pull in */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_true(write(fd, "XXELEAKMARKER-0123456789", 24) == 24);
	close(fd);

	snprintf(doc, sizeof(doc),
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE settings [<!ENTITY xxe SYSTEM \"file://%s\">]>\n"
	    "<settings><servers><server><id>x</id>"
	    "<password>&xxe;</password></server></servers></settings>\n",
	    path);
	inv = scan_text(&ca_scanner_maven, HOME "/.m2/settings.xml", doc);
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "declares entities"));
	assert_null(find_secret(inv, "XXELEAKMARKER-0123456789"));
	ca_inventory_free(inv);

	/* an external DTD holding the entity: never loaded */
	snprintf(doc, sizeof(doc),
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE settings SYSTEM \"file://%s\">\n"
	    "<settings><servers><server><id>x</id>"
	    "<password>&xxe;</password></server><server><id>y</id>"
	    "<password>" PW1 "</password></server></servers></settings>\n",
	    path);
	inv = scan_text(&ca_scanner_maven, HOME "/.m2/settings.xml", doc);
	assert_null(find_secret(inv, "XXELEAKMARKER-0123456789"));
	expect_cred(inv, PW1, "maven-server-password", "maven.server-password",
	    "y", 3);
	assert_int_equal(inv->ncreds, 1);
	ca_inventory_free(inv);
	unlink(path);

	/* a network DTD: XML_PARSE_NONET, and no DTD loading anyway */
	inv = scan_text(&ca_scanner_maven, HOME "/.m2/settings.xml",
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE settings SYSTEM "
	    "\"http://127.0.0.1:9/evil.dtd\">\n<settings><servers><server>"
	    "<id>z</id><password>" PW2 "</password></server></servers>"
	    "</settings>\n");
	expect_cred(inv, PW2, "maven-server-password", "maven.server-password",
	    "z", 3);
	ca_inventory_free(inv);

	/* billion laughs: refused at once, no expansion */
	inv = scan_text(&ca_scanner_maven, HOME "/.m2/settings.xml",
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
	    " <!ENTITY lol \"lol\">\n"
	    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
	    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
	    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
	    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
	    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
	    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
	    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
	    "]>\n<settings><servers><server><id>b</id>"
	    "<password>&lol9;</password></server></servers></settings>\n");
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
}

static void
test_maven_malformed(void **state)
{
	struct ca_inventory *inv;

	(void)state;
	/* libxml2's message would quote the text near the error */
	inv = scan_text(&ca_scanner_maven, HOME "/.m2/settings.xml",
	    "<settings><servers><server><password>" PW1
	    "</passw0rd></server></servers></settings>\n");
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "invalid XML at line 1"));
	assert_no_piece(inv, PW1);
	ca_inventory_free(inv);

	inv = scan_text(&ca_scanner_maven, HOME "/.m2/settings.xml",
	    "<project/>\n");
	assert_true(has_error(inv, "not a Maven settings file"));
	ca_inventory_free(inv);

	/* another tool's conf/settings.xml is quietly not ours */
	inv = scan_text(&ca_scanner_maven, "/opt/app/conf/settings.xml",
	    "<project/>\n");
	assert_int_equal(inv->nerrors, 0);
	ca_inventory_free(inv);

	inv = scan_text(&ca_scanner_maven, HOME "/.m2/settings.xml", "");
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
}

static void
test_gradle(void **state)
{
	struct ca_inventory *inv;

	(void)state;
	inv = scan_text(&ca_scanner_gradle, HOME "/.gradle/gradle.properties",
	    "org.gradle.jvmargs=-Xmx2g\n"
	    "ossrhUsername=alice\n"
	    "ossrhPassword=" PW1 "\n"
	    "signing.keyId=0A1B2C3D\n"
	    "signing.password : " PW2 "\n"
	    "signing.secretKeyRingFile=/home/alice/.gnupg/secring.gpg\n"
	    "# mavenPassword=" PW3 "\n"
	    "! artifactoryToken=" PW3 "\n"
	    "gradle.publish.key=PwPublishKey4Xz8Qw\n"
	    "npmToken=${NPM_TOKEN}\n");
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 3);
	expect_cred(inv, PW1, "gradle-property-secret",
	    "gradle.property-secret", "alice@ossrh", 3);
	expect_cred(inv, PW2, "gradle-property-secret",
	    "gradle.property-secret", "signing", 5);
	expect_cred(inv, "PwPublishKey4Xz8Qw", "gradle-property-secret",
	    "gradle.property-secret", "gradle.publish", 9);
	assert_null(find_secret(inv, PW3));
	ca_inventory_free(inv);
}

/* ---- nuget / composer ------------------------------------------------ */

static void
test_nuget(void **state)
{
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_text(&ca_scanner_nuget, HOME "/.nuget/NuGet/NuGet.Config",
	    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<configuration>\n"
	    "  <packageSources>\n"
	    "    <add key=\"Corp Feed\" value=\"https://nuget.corp.test/v3/index.json\" />\n"
	    "    <add key=\"win\" value=\"https://win.corp.test/nuget\" />\n"
	    "  </packageSources>\n"
	    "  <packageSourceCredentials>\n"
	    "    <Corp_x0020_Feed>\n"
	    "      <add key=\"Username\" value=\"alice\" />\n"
	    "      <add key=\"ClearTextPassword\" value=\"" PW1 "\" />\n"
	    "    </Corp_x0020_Feed>\n"
	    "    <win>\n"
	    "      <add key=\"Username\" value=\"bob\" />\n"
	    "      <add key=\"Password\" value=\"AQAAANCMnd8BFdERjHoAwE" PW2
	    "\" />\n"
	    "    </win>\n"
	    "    <env><add key=\"ClearTextPassword\" value=\"%NUGET_PASS%\" /></env>\n"
	    "  </packageSourceCredentials>\n"
	    "  <apikeys>\n"
	    "    <add key=\"https://www.nuget.org/api/v2\" value=\"AQAAANCMnd8B" PW3
	    "\" />\n"
	    "  </apikeys>\n"
	    "</configuration>\n");
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 3);
	expect_cred(inv, PW1, "nuget-password", "nuget.cleartext-password",
	    "alice@nuget.corp.test", 10);
	c = find_secret(inv, PW1);
	assert_true(has_reason(c, "source 'Corp Feed'"));
	expect_cred(inv, "AQAAANCMnd8BFdERjHoAwE" PW2,
	    "nuget-encrypted-password", "nuget.encrypted-password",
	    "bob@win.corp.test", 14);
	expect_cred(inv, "AQAAANCMnd8B" PW3, "nuget-encrypted-password",
	    "nuget.apikey-encrypted", "www.nuget.org", 19);
	ca_inventory_free(inv);

	/* entities in an attribute: refused before parsing */
	inv = scan_text(&ca_scanner_nuget, "/srv/app/nuget.config",
	    "<!DOCTYPE c [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
	    "<configuration><packageSourceCredentials><s>"
	    "<add key=\"ClearTextPassword\" value=\"&e;\"/>"
	    "</s></packageSourceCredentials></configuration>\n");
	assert_int_equal(inv->ncreds, 0);
	assert_true(has_error(inv, "declares entities"));
	ca_inventory_free(inv);

	inv = scan_text(&ca_scanner_nuget, "/srv/app/nuget.config",
	    "<configuration><unclosed></configuration>");
	assert_true(has_error(inv, "invalid XML"));
	ca_inventory_free(inv);
}

static void
test_composer(void **state)
{
	char ghp[96], glpat[64], buf[2048];
	struct ca_inventory *inv;

	(void)state;
	gh_token("ghp_", 321, ghp);
	snprintf(glpat, sizeof(glpat), "glpat-%s", "Ab3dE6gH9jK2mN5pQ8sT");
	snprintf(buf, sizeof(buf),
	    "{\n"
	    "  \"http-basic\": {\"repo.corp.test\": {\"username\": \"alice\", "
	    "\"password\": \"" PW1 "\"}},\n"
	    "  \"github-oauth\": {\"github.com\": \"%s\"},\n"
	    "  \"gitlab-token\": {\"gitlab.corp.test\": {\"username\": \"bob\", "
	    "\"token\": \"%s\"}},\n"
	    "  \"bearer\": {\"pkg.corp.test\": \"" PW2 "\", "
	    "\"env.test\": \"${COMPOSER_TOKEN}\"},\n"
	    "  \"bitbucket-oauth\": {\"bitbucket.org\": {\"consumer-key\": "
	    "\"key1\", \"consumer-secret\": \"" PW3 "\"}},\n"
	    "  \"gitlab-oauth\": {\"bad.test\": {}}\n"
	    "}\n",
	    ghp, glpat);
	inv = scan_text(&ca_scanner_composer,
	    HOME "/.config/composer/auth.json", buf);
	assert_int_equal(inv->ncreds, 5);
	expect_cred(inv, PW1, "composer-credential", "composer.http-basic",
	    "alice@repo.corp.test", 2);
	expect_cred(inv, ghp, "github-pat-classic", "composer.token",
	    "github.com", 3);
	expect_cred(inv, glpat, "gitlab-pat", "composer.token",
	    "bob@gitlab.corp.test", 4);
	expect_cred(inv, PW2, "composer-credential", "composer.token",
	    "pkg.corp.test", 5);
	expect_cred(inv, PW3, "composer-credential", "composer.bitbucket-oauth",
	    "key1@bitbucket.org", 6);
	assert_true(has_error(inv, "1 entry of an unexpected shape"));
	ca_inventory_free(inv);
}

/* Random bytes through every module: no crash, no credential, errors
 * only. */
static void
test_garbage(void **state)
{
	static const struct {
		const struct ca_scanner *s;
		const char *path;
	} cases[] = {
		{ &ca_scanner_docker, HOME "/.docker/config.json" },
		{ &ca_scanner_podman, HOME "/.config/containers/auth.json" },
		{ &ca_scanner_helm, HOME "/.config/helm/repositories.yaml" },
		{ &ca_scanner_npm, HOME "/.npmrc" },
		{ &ca_scanner_yarn, HOME "/.yarnrc.yml" },
		{ &ca_scanner_yarn, HOME "/.yarnrc" },
		{ &ca_scanner_pypi, HOME "/.pypirc" },
		{ &ca_scanner_pip, HOME "/.config/pip/pip.conf" },
		{ &ca_scanner_cargo, HOME "/.cargo/credentials.toml" },
		{ &ca_scanner_rubygems, HOME "/.gem/credentials" },
		{ &ca_scanner_maven, HOME "/.m2/settings.xml" },
		{ &ca_scanner_gradle, HOME "/gradle.properties" },
		{ &ca_scanner_nuget, HOME "/NuGet.Config" },
		{ &ca_scanner_composer, HOME "/.composer/auth.json" },
	};
	unsigned char junk[4096];
	uint32_t x = 99;
	char *huge;
	size_t n = 1u << 20;

	(void)state;
	for (size_t i = 0; i < sizeof(junk); i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
	}
	/* one huge line with no newline, made of key-ish bytes */
	huge = malloc(n + 1);
	assert_non_null(huge);
	memset(huge, 'a', n);
	huge[n / 2] = '=';
	huge[n] = '\0';
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ca_inventory *inv = scan_one(cases[i].s, cases[i].path,
		    HOME, junk, sizeof(junk));
		assert_int_equal(inv->ncreds, 0);
		ca_inventory_free(inv);
		inv = scan_one(cases[i].s, cases[i].path, HOME, huge, n);
		for (size_t j = 0; j < inv->ncreds; j++)
			assert_string_equal(inv->creds[j]->kind,
			    "gradle-property-secret");
		ca_inventory_free(inv);
	}
	free(huge);
}

static void
test_rules(void **state)
{
	const struct ca_scanner *all[] = {
		&ca_scanner_docker,
		&ca_scanner_podman,
		&ca_scanner_helm,
		&ca_scanner_npm,
		&ca_scanner_yarn,
		&ca_scanner_pypi,
		&ca_scanner_pip,
		&ca_scanner_cargo,
		&ca_scanner_rubygems,
		&ca_scanner_maven,
		&ca_scanner_gradle,
		&ca_scanner_nuget,
		&ca_scanner_composer,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		size_t n = strlen(all[i]->name);
		const char *prev = "";
		assert_string_equal(all[i]->surface, "registry");
		for (const struct ca_rule_doc *r = all[i]->rules; r->id; r++) {
			const struct ca_kind *k = ca_kind_find(r->kind);
			assert_int_equal(strncmp(r->id, all[i]->name, n), 0);
			assert_int_equal(r->id[n], '.');
			assert_non_null(k);
			assert_string_equal(k->surface, "registry");
			if (strcmp(prev, r->id) >= 0)
				fail_msg("rules out of order: %s", r->id);
			prev = r->id;
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docker_config),
		cmocka_unit_test(test_docker_store_only),
		cmocka_unit_test(test_docker_malformed),
		cmocka_unit_test(test_podman_helm),
		cmocka_unit_test(test_npmrc),
		cmocka_unit_test(test_yarn),
		cmocka_unit_test(test_pypirc),
		cmocka_unit_test(test_pip),
		cmocka_unit_test(test_cargo),
		cmocka_unit_test(test_rubygems),
		cmocka_unit_test(test_maven),
		cmocka_unit_test(test_maven_xml_attacks),
		cmocka_unit_test(test_maven_malformed),
		cmocka_unit_test(test_gradle),
		cmocka_unit_test(test_nuget),
		cmocka_unit_test(test_composer),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
