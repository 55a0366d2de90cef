/* test_image_pull.c - the pure parsers of a registry pull: image
 * references (Docker Hub defaults, hosts, ports, tags, digests, and what
 * is refused), telling a reference from a file name, loopback hosts,
 * WWW-Authenticate challenges and docker config.json logins, each on good
 * and malformed input. The pull itself runs against a real registry in
 * tests/e2e/t_image_pull.sh. */
#include "tests/unit/unit.h"
#include "scanners/core/image_pull.h"

#define HEX "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void
expect_ref(const char *s, const char *host, const char *name, const char *tag,
    const char *digest)
{
	struct ca_image_ref r;
	const char *why = NULL;

	if (ca_image_ref_parse(s, &r, &why) != 0)
		fail_msg("'%s' refused: %s", s, why);
	assert_string_equal(r.host, host);
	assert_string_equal(r.name, name);
	assert_string_equal(r.tag, tag);
	assert_string_equal(r.digest, digest);
}

static void
expect_bad_ref(const char *s)
{
	struct ca_image_ref r;
	const char *why = NULL;

	if (ca_image_ref_parse(s, &r, &why) == 0)
		fail_msg("'%s' accepted", s);
	assert_non_null(why);
	/* the reason never quotes the reference */
	if (strlen(s) > 3)
		assert_null(strstr(why, s));
}

static void
test_ref_parse(void **state)
{
	(void)state;
	expect_ref("alpine", CA_DOCKER_HUB_HOST, "library/alpine", "latest",
	    "");
	expect_ref("alpine:3.19", CA_DOCKER_HUB_HOST, "library/alpine", "3.19",
	    "");
	expect_ref("bitnami/redis", CA_DOCKER_HUB_HOST, "bitnami/redis",
	    "latest", "");
	expect_ref("docker://ubuntu:22.04", CA_DOCKER_HUB_HOST,
	    "library/ubuntu", "22.04", "");
	expect_ref("ghcr.io/org/team/app:v1.2-rc_3", "ghcr.io", "org/team/app",
	    "v1.2-rc_3", "");
	expect_ref("127.0.0.1:5000/x", "127.0.0.1:5000", "x", "latest", "");
	expect_ref("localhost/a/b:1", "localhost", "a/b", "1", "");
	expect_ref("localhost:5000/a", "localhost:5000", "a", "latest", "");
	expect_ref("[::1]:5000/a__b.c-d--e", "[::1]:5000", "a__b.c-d--e",
	    "latest", "");
	expect_ref("reg.example/a@sha256:" HEX, "reg.example", "a", "",
	    "sha256:" HEX);
	expect_ref("reg.example/a:1@sha256:" HEX, "reg.example", "a", "1",
	    "sha256:" HEX);
	expect_ref("REG.Example:443/a", "REG.Example:443", "a", "latest", "");
}

static void
test_ref_malformed(void **state)
{
	char big[700];

	(void)state;
	expect_bad_ref("");
	expect_bad_ref("docker://");
	expect_bad_ref("Upper/case");
	expect_bad_ref("a//b");
	expect_bad_ref("/abs");
	expect_bad_ref("a/");
	expect_bad_ref("a:");
	expect_bad_ref("a:-tag");
	expect_bad_ref("a:t@g");
	expect_bad_ref("-a");
	expect_bad_ref("a-");
	expect_bad_ref("a..b");
	expect_bad_ref("a___b");
	expect_bad_ref("a@sha256:1234");
	expect_bad_ref("a@sha512:" HEX);
	expect_bad_ref("a@sha256:" HEX "0");
	expect_bad_ref("a@sha256:0123456789ABCDEF0123456789abcdef0123456789"
	               "abcdef0123456789abcdef");
	/* a login typed into the reference */
	expect_bad_ref("alice:hunter2-secret@reg.example/a");
	expect_bad_ref("docker://alice:hunter2-secret@reg.example/a:1");
	expect_bad_ref("reg.example:0/a");
	expect_bad_ref("reg.example:65536/a");
	expect_bad_ref("reg.example:12345678/a");
	expect_bad_ref("reg.example:/a");
	expect_bad_ref("-reg.example/a");
	expect_bad_ref("reg..example/a");
	expect_bad_ref("reg.example./a");
	expect_bad_ref("[::1/a");
	expect_bad_ref("[zz::1]:5000/a");
	expect_bad_ref("[::1]x/a");
	expect_bad_ref("reg.example/a b");
	expect_bad_ref("reg.example/a\nb");
	expect_bad_ref("reg.example/\xc3\xa9");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	expect_bad_ref(big);
	/* a repository name of more than 255 bytes */
	memset(big, 'a', 300);
	big[300] = '\0';
	expect_bad_ref(big);
	/* a tag of 129 characters */
	memset(big, 't', sizeof(big));
	memcpy(big, "a:", 2);
	big[2 + 129] = '\0';
	expect_bad_ref(big);
	big[2 + 128] = '\0';
	expect_ref(big, CA_DOCKER_HUB_HOST, "library/a", big + 2, "");
}

static void
test_ref_plausible(void **state)
{
	(void)state;
	assert_true(ca_image_ref_plausible("alpine:3"));
	assert_true(ca_image_ref_plausible("ghcr.io/a/b"));
	assert_true(ca_image_ref_plausible("docker://x"));
	/* what looks like a file stays a file */
	assert_false(ca_image_ref_plausible("image.tar"));
	assert_false(ca_image_ref_plausible("dir/image.tar.gz"));
	assert_false(ca_image_ref_plausible("x.tgz"));
	assert_false(ca_image_ref_plausible("x.oci"));
	assert_false(ca_image_ref_plausible("./alpine"));
	assert_false(ca_image_ref_plausible("../alpine"));
	assert_false(ca_image_ref_plausible("/srv/alpine"));
	assert_false(ca_image_ref_plausible("Not A Ref"));
}

static void
test_loopback(void **state)
{
	char host[64];

	(void)state;
	assert_true(ca_image_ref_is_loopback("localhost"));
	assert_true(ca_image_ref_is_loopback("LOCALHOST:5000"));
	assert_true(ca_image_ref_is_loopback("127.0.0.1:5000"));
	assert_true(ca_image_ref_is_loopback("127.255.3.4"));
	assert_true(ca_image_ref_is_loopback("[::1]:5000"));
	assert_false(ca_image_ref_is_loopback("128.0.0.1"));
	assert_false(ca_image_ref_is_loopback("10.0.0.1:5000"));
	assert_false(ca_image_ref_is_loopback("[::2]:5000"));
	assert_false(ca_image_ref_is_loopback("localhost.evil.example"));
	assert_false(ca_image_ref_is_loopback("127.0.0.1.evil.example"));
	assert_false(ca_image_ref_is_loopback(CA_DOCKER_HUB_HOST));
	ca_image_ref_hostname("[::1]:5000", host, sizeof(host));
	assert_string_equal(host, "::1");
	ca_image_ref_hostname("reg.example:443", host, sizeof(host));
	assert_string_equal(host, "reg.example");
	ca_image_ref_hostname("reg.example", host, sizeof(host));
	assert_string_equal(host, "reg.example");
}

static void
test_www_authenticate(void **state)
{
	struct ca_auth_challenge c;
	const char *why = NULL;

	(void)state;
	assert_int_equal(ca_parse_www_authenticate(
	                     "Bearer realm=\"https://auth.docker.io/token\","
	                     "service=\"registry.docker.io\","
	                     "scope=\"repository:library/alpine:pull\"",
	                     &c, &why),
	    0);
	assert_string_equal(c.scheme, "Bearer");
	assert_string_equal(c.realm, "https://auth.docker.io/token");
	assert_string_equal(c.service, "registry.docker.io");
	assert_string_equal(c.scope, "repository:library/alpine:pull");
	assert_int_equal(ca_parse_www_authenticate(
	                     "Basic realm=\"Registry Realm\"", &c, &why),
	    0);
	assert_string_equal(c.scheme, "Basic");
	assert_string_equal(c.realm, "Registry Realm");
	assert_string_equal(c.scope, "");
	/* tokens unquoted, spaces, case, escapes, unknown parameters, and a
	 * second challenge that is not taken */
	assert_int_equal(
	    ca_parse_www_authenticate("Bearer realm=a,service=a\\b", &c, &why),
	    0);
	assert_string_equal(c.service, "a\\b");
	assert_int_equal(
	    ca_parse_www_authenticate("  bearer  REALM = http://127.0.0.1:1/t ,"
	                              " error=\"invalid_token\", service=svc ,"
	                              "scope=\"x\\\"y\", Basic realm=\"r\"",
	        &c, &why),
	    0);
	assert_string_equal(c.scheme, "bearer");
	assert_string_equal(c.realm, "http://127.0.0.1:1/t");
	assert_string_equal(c.service, "svc");
	assert_string_equal(c.scope, "x\"y");
	assert_int_equal(ca_parse_www_authenticate("Bearer", &c, &why), 0);
	assert_string_equal(c.realm, "");
}

static void
expect_bad_challenge(const char *s)
{
	struct ca_auth_challenge c;
	const char *why = NULL;

	if (ca_parse_www_authenticate(s, &c, &why) == 0)
		fail_msg("challenge '%s' accepted", s);
	assert_non_null(why);
}

static void
test_www_authenticate_malformed(void **state)
{
	char big[2048];

	(void)state;
	expect_bad_challenge("");
	expect_bad_challenge("   ");
	expect_bad_challenge("=x");
	expect_bad_challenge("\"Bearer\"");
	expect_bad_challenge("Bearerrrrrrrrrrrrrrrrrrrr realm=x");
	expect_bad_challenge("Bearer realm=\"unterminated");
	expect_bad_challenge("Bearer realm=\"a\\");
	expect_bad_challenge("Bearer realm=");
	expect_bad_challenge("Bearer realm=\"a\" service=\"b\"");
	expect_bad_challenge("Bearer realm=\"a\nb\"");
	expect_bad_challenge("Bearer realm=\"a\x01\"");
	expect_bad_challenge("Bearer ,=x");
	snprintf(big, sizeof(big), "Bearer realm=\"%01100d\"", 0);
	expect_bad_challenge(big);
	snprintf(big, sizeof(big), "Bearer scope=%0600d", 0);
	expect_bad_challenge(big);
}

static int
docker_auth(const char *json, const char *host, char **user, char **pw,
    bool *helper)
{
	return ca_docker_config_auth(json, strlen(json), host, user, pw,
	    helper);
}

static void
test_docker_config(void **state)
{
	char *user = NULL, *pw = NULL;
	bool helper = false;

	(void)state;
	/* "alice:s3cret:with:colons" */
	assert_int_equal(
	    docker_auth("{\"auths\":{\"reg.example:5000\":{\"auth\":"
	                "\"YWxpY2U6czNjcmV0OndpdGg6Y29sb25z\"}}}",
	        "reg.example:5000", &user, &pw, &helper),
	    1);
	assert_string_equal(user, "alice");
	assert_string_equal(pw, "s3cret:with:colons");
	free(user);
	free(pw);
	/* a URL key with a path; Docker Hub's legacy key */
	assert_int_equal(docker_auth("{\"auths\":{\"https://reg.example/v2/\":"
	                             "{\"auth\":\"Ym9iOnB3\"}}}",
	                     "reg.example", &user, &pw, &helper),
	    1);
	assert_string_equal(user, "bob");
	free(user);
	free(pw);
	assert_int_equal(
	    docker_auth("{\"auths\":{\"https://index.docker.io/v1/\":"
	                "{\"auth\":\"Ym9iOnB3\"}}}",
	        CA_DOCKER_HUB_HOST, &user, &pw, &helper),
	    1);
	free(user);
	free(pw);
	/* another host, a longer host with the same prefix, a port */
	assert_int_equal(docker_auth("{\"auths\":{\"reg.example.evil\":"
	                             "{\"auth\":\"Ym9iOnB3\"},"
	                             "\"reg.example:5000\":"
	                             "{\"auth\":\"Ym9iOnB3\"}}}",
	                     "reg.example", &user, &pw, &helper),
	    0);
	assert_null(user);
	assert_null(pw);
	/* a credential helper is noted and never run */
	assert_int_equal(docker_auth("{\"credsStore\":\"desktop\",\"auths\":"
	                             "{\"reg.example\":{}}}",
	                     "reg.example", &user, &pw, &helper),
	    0);
	assert_true(helper);
	assert_int_equal(docker_auth("{\"credHelpers\":{\"reg.example\":"
	                             "\"gcr\"}}",
	                     "reg.example", &user, &pw, &helper),
	    0);
	assert_true(helper);
	assert_int_equal(docker_auth("{}", "reg.example", &user, &pw, &helper),
	    0);
	assert_false(helper);
}

static void
test_docker_config_malformed(void **state)
{
	static const char *const bad_docs[] = { "", "[]", "{", "\"x\"",
		"{\"auths\":[]}", "{\"auths\":\"x\"}", NULL };
	/* unusable entries: no colon, empty user, not base64, a NUL, wrong
	 * types */
	static const char *const unusable[] = {
		"{\"auths\":{\"r.example\":{\"auth\":\"bm9jb2xvbg==\"}}}",
		"{\"auths\":{\"r.example\":{\"auth\":\"OnB3\"}}}",
		"{\"auths\":{\"r.example\":{\"auth\":\"!!!\"}}}",
		"{\"auths\":{\"r.example\":{\"auth\":\"YQA6Yg==\"}}}",
		"{\"auths\":{\"r.example\":{\"auth\":42}}}",
		"{\"auths\":{\"r.example\":\"x\"}}",
		"{\"auths\":{\"r.example\":{\"auth\":\"\"}}}",
		NULL,
	};
	char *user = NULL, *pw = NULL;
	bool helper;

	(void)state;
	for (size_t i = 0; bad_docs[i]; i++)
		assert_int_equal(
		    docker_auth(bad_docs[i], "r.example", &user, &pw, &helper),
		    -1);
	for (size_t i = 0; unusable[i]; i++) {
		assert_int_equal(
		    docker_auth(unusable[i], "r.example", &user, &pw, &helper),
		    0);
		assert_null(user);
		assert_null(pw);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ref_parse),
		cmocka_unit_test(test_ref_malformed),
		cmocka_unit_test(test_ref_plausible),
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_www_authenticate),
		cmocka_unit_test(test_www_authenticate_malformed),
		cmocka_unit_test(test_docker_config),
		cmocka_unit_test(test_docker_config_malformed),
	};
	return cmocka_run_group_tests_name("image_pull", tests, NULL, NULL);
}
