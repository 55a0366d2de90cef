/* test_sigv4.c - AWS Signature Version 4 against AWS's published
 * aws-sig-v4-test-suite (credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z,
 * us-east-1, service "service"), and the shape of the STS request the
 * aws verifier sends. */
#include "tests/unit/unit.h"
#include "lib/strbuf.h"
#include "scanners/verify/verify_p.h"

#define SUITE_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define SUITE_SCOPE  "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"
#define EMPTY_SHA                                                              \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static void
suite(struct ca_sigv4 *s, const char *method, const char *url)
{
	memset(s, 0, sizeof(*s));
	s->method = method;
	s->url = url;
	s->region = "us-east-1";
	s->service = "service";
	s->key_id = "AKIDEXAMPLE";
	s->secret = SUITE_SECRET;
	s->secret_len = strlen(SUITE_SECRET);
	s->amz_date = "20150830T123600Z";
}

static void
expect_auth(const struct ca_sigv4 *s, const char *signed_headers,
    const char *sig)
{
	struct strbuf sb = STRBUF_INIT(4096);
	char want[512];

	snprintf(want, sizeof(want),
	    "AWS4-HMAC-SHA256 Credential=" SUITE_SCOPE
	    ", SignedHeaders=%s, Signature=%s",
	    signed_headers, sig);
	assert_int_equal(ca_sigv4_authorization(s, &sb), 0);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void
test_get_vanilla(void **state)
{
	struct ca_sigv4 s;
	struct strbuf sb = STRBUF_INIT(4096);

	(void)state;
	suite(&s, "GET", "https://example.amazonaws.com/");
	assert_int_equal(ca_sigv4_canonical_request(&s, &sb), 0);
	assert_string_equal(sb.buf,
	    "GET\n/\n\n"
	    "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
	    "host;x-amz-date\n" EMPTY_SHA);
	strbuf_reset(&sb);
	assert_int_equal(ca_sigv4_string_to_sign(&s, &sb), 0);
	assert_string_equal(sb.buf,
	    "AWS4-HMAC-SHA256\n20150830T123600Z\n"
	    "20150830/us-east-1/service/aws4_request\n"
	    "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
	strbuf_release(&sb);
	expect_auth(&s, "host;x-amz-date",
	    "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

static void
test_query_order(void **state)
{
	struct ca_sigv4 s;
	struct strbuf sb = STRBUF_INIT(4096);

	(void)state;
	/* get-vanilla-query-order-key-case: parameters sorted by key */
	suite(&s, "GET",
	    "https://example.amazonaws.com/?Param2=value2&Param1=value1");
	assert_int_equal(ca_sigv4_canonical_request(&s, &sb), 0);
	assert_non_null(strstr(sb.buf, "\nParam1=value1&Param2=value2\n"));
	strbuf_release(&sb);
	expect_auth(&s, "host;x-amz-date",
	    "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

static void
test_post_vanilla(void **state)
{
	struct ca_sigv4 s;

	(void)state;
	suite(&s, "POST", "https://example.amazonaws.com/");
	expect_auth(&s, "host;x-amz-date",
	    "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

static void
test_post_form(void **state)
{
	static const char *const hdrs[] = {
		"Content-Type: application/x-www-form-urlencoded",
	};
	struct ca_sigv4 s;
	struct strbuf sb = STRBUF_INIT(4096);

	(void)state;
	/* post-x-www-form-urlencoded: the shape of an STS call */
	suite(&s, "POST", "https://example.amazonaws.com/");
	s.headers = hdrs;
	s.nheaders = 1;
	s.body = "Param1=value1";
	s.body_len = 13;
	assert_int_equal(ca_sigv4_canonical_request(&s, &sb), 0);
	assert_string_equal(sb.buf,
	    "POST\n/\n\n"
	    "content-type:application/x-www-form-urlencoded\n"
	    "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
	    "content-type;host;x-amz-date\n"
	    "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
	strbuf_release(&sb);
	expect_auth(&s, "content-type;host;x-amz-date",
	    "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
}

static void
test_host_port_and_trim(void **state)
{
	static const char *const hdrs[] = {
		"Content-Type:   text/plain   ;  charset=utf-8 ",
		"Host: spoofed.example", /* ours wins */
	};
	struct ca_sigv4 s;
	struct strbuf sb = STRBUF_INIT(4096);

	(void)state;
	suite(&s, "POST", "http://127.0.0.1:8443/");
	s.headers = hdrs;
	s.nheaders = 2;
	assert_int_equal(ca_sigv4_canonical_request(&s, &sb), 0);
	assert_non_null(strstr(sb.buf,
	    "\ncontent-type:text/plain ; "
	    "charset=utf-8\nhost:127.0.0.1:8443\n"));
	assert_null(strstr(sb.buf, "spoofed"));
	strbuf_reset(&sb);
	/* the default port is left out, as the Host header leaves it */
	suite(&s, "GET", "https://sts.amazonaws.com:443/");
	assert_int_equal(ca_sigv4_canonical_request(&s, &sb), 0);
	assert_non_null(strstr(sb.buf, "\nhost:sts.amazonaws.com\n"));
	strbuf_release(&sb);
}

static void
test_bad_input(void **state)
{
	struct ca_sigv4 s;
	struct strbuf sb = STRBUF_INIT(4096);

	(void)state;
	suite(&s, "GET", "not a url");
	assert_int_equal(ca_sigv4_authorization(&s, &sb), -1);
	suite(&s, "GET", "https://user@example.amazonaws.com/");
	assert_int_equal(ca_sigv4_authorization(&s, &sb), -1);
	suite(&s, "GET", "https://example.amazonaws.com/");
	s.key_id = "AKID/EVIL";
	assert_int_equal(ca_sigv4_authorization(&s, &sb), -1);
	suite(&s, "GET", "https://example.amazonaws.com/");
	s.amz_date = "2015";
	assert_int_equal(ca_sigv4_authorization(&s, &sb), -1);
	assert_int_equal((int)sb.len, 0);
	strbuf_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_vanilla),
		cmocka_unit_test(test_query_order),
		cmocka_unit_test(test_post_vanilla),
		cmocka_unit_test(test_post_form),
		cmocka_unit_test(test_host_port_and_trim),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
