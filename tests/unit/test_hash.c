/* test_hash.c - lib/hash.c against published values: zlib's CRC-32, RFC
 * 4648 base32/base64, FIPS 180-2 SHA-256, RFC 4231 HMAC-SHA-256, plus the
 * base62 codec of GitHub token checksums and Shannon entropy. */
#include "tests/unit/unit.h"
#include "lib/hash.h"
#include <math.h>

static void
test_crc32(void **state)
{
	static const char fox[] = "The quick brown fox jumps over the lazy dog";
	unsigned char zeros[32] = { 0 };

	(void)state;
	/* zlib.crc32() of each input. */
	assert_int_equal(ca_crc32("", 0), 0x00000000u);
	assert_int_equal(ca_crc32("a", 1), 0xe8b7be43u);
	assert_int_equal(ca_crc32("123456789", 9), 0xcbf43926u);
	assert_int_equal(ca_crc32(fox, strlen(fox)), 0x414fa339u);
	assert_int_equal(ca_crc32(zeros, sizeof(zeros)), 0x190a55adu);
}

static void
test_base62(void **state)
{
	char out[16];
	uint64_t v;

	(void)state;
	assert_int_equal(ca_base62_decode("0", 1, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(ca_base62_decode("10", 2, &v), 0);
	assert_int_equal(v, 62);
	assert_int_equal(ca_base62_decode("zz", 2, &v), 0);
	assert_int_equal(v, 61 * 62 + 61);
	assert_int_equal(ca_base62_decode("A", 1, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(ca_base62_decode("a", 1, &v), 0);
	assert_int_equal(v, 36);
	/* The largest 6-digit value, which every CRC-32 fits under. */
	assert_int_equal(ca_base62_decode("zzzzzz", 6, &v), 0);
	assert_true(v == 56800235583ull && v > UINT32_MAX);
	assert_int_equal(ca_base62_decode("ab-c", 4, &v), -1);
	assert_int_equal(ca_base62_decode("zzzzzzzzzzzz", 12, &v), -1);

	ca_base62_encode(0, 6, out);
	assert_string_equal(out, "000000");
	ca_base62_encode(62, 3, out);
	assert_string_equal(out, "010");
	ca_base62_encode(0xcbf43926u, 6, out);
	assert_int_equal(ca_base62_decode(out, 6, &v), 0);
	assert_int_equal(v, 0xcbf43926u);
	ca_base62_encode(UINT32_MAX, 6, out);
	assert_string_equal(out, "4gfFC3");
}

static void
test_base32(void **state)
{
	unsigned char out[16];

	(void)state;
	/* RFC 4648 section 10 vectors. */
	assert_int_equal(ca_base32_decode("", 0, out, sizeof(out)), 0);
	assert_int_equal(ca_base32_decode("MY", 2, out, sizeof(out)), 1);
	assert_memory_equal(out, "f", 1);
	assert_int_equal(ca_base32_decode("MZXW6===", 8, out, sizeof(out)), 3);
	assert_memory_equal(out, "foo", 3);
	assert_int_equal(ca_base32_decode("MZXW6YTBOI", 10, out, sizeof(out)),
	    6);
	assert_memory_equal(out, "foobar", 6);
	assert_int_equal(ca_base32_decode("mzxw6", 5, out, sizeof(out)), -1);
	assert_int_equal(ca_base32_decode("MZXW1", 5, out, sizeof(out)), -1);
	assert_int_equal(ca_base32_decode("MZXW6YTBOI", 10, out, 5), -1);
}

static void
test_base64(void **state)
{
	unsigned char out[16];

	(void)state;
	/* RFC 4648 section 10 vectors, with and without padding. */
	assert_int_equal(ca_base64_decode("", 0, out, sizeof(out)), 0);
	assert_int_equal(ca_base64_decode("Zg==", 4, out, sizeof(out)), 1);
	assert_memory_equal(out, "f", 1);
	assert_int_equal(ca_base64_decode("Zm8", 3, out, sizeof(out)), 2);
	assert_memory_equal(out, "fo", 2);
	assert_int_equal(ca_base64_decode("Zm9vYmFy", 8, out, sizeof(out)), 6);
	assert_memory_equal(out, "foobar", 6);
	/* Standard and URL-safe alphabets both decode. */
	assert_int_equal(ca_base64_decode("+/8=", 4, out, sizeof(out)), 2);
	assert_int_equal(out[0], 0xfb);
	assert_int_equal(out[1], 0xff);
	assert_int_equal(ca_base64_decode("-_8", 3, out, sizeof(out)), 2);
	assert_int_equal(out[0], 0xfb);
	assert_int_equal(out[1], 0xff);
	/* Whitespace and foreign characters are errors; so is overflow. */
	assert_int_equal(ca_base64_decode("Zm9v YmFy", 9, out, sizeof(out)),
	    -1);
	assert_int_equal(ca_base64_decode("Zm9v*", 5, out, sizeof(out)), -1);
	assert_int_equal(ca_base64_decode("Zm9vYmFy", 8, out, 5), -1);
}

static void
assert_hex(const unsigned char *d, size_t n, const char *want)
{
	char hex[2 * CA_SHA256_LEN + 1];

	ca_hex(d, n, hex);
	assert_string_equal(hex, want);
}

static void
test_sha256_hmac(void **state)
{
	unsigned char md[CA_SHA256_LEN];
	unsigned char key[131];
	static const char big_msg[] =
	    "Test Using Larger Than Block-Size Key - Hash Key First";

	(void)state;
	ca_sha256("abc", 3, md);
	assert_hex(md, sizeof(md),
	    "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	ca_sha256("", 0, md);
	assert_hex(md, sizeof(md),
	    "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");

	/* RFC 4231 test case 1. */
	memset(key, 0x0b, 20);
	ca_hmac_sha256(key, 20, "Hi There", 8, md);
	assert_hex(md, sizeof(md),
	    "b0344c61d8db38535ca8afceaf0bf12b"
	    "881dc200c9833da726e9376c2e32cff7");
	/* Test case 2: a key shorter than the output. */
	ca_hmac_sha256((const unsigned char *)"Jefe", 4,
	    "what do ya want for nothing?", 28, md);
	assert_hex(md, sizeof(md),
	    "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843");
	/* Test case 6: a key longer than the block. */
	memset(key, 0xaa, sizeof(key));
	ca_hmac_sha256(key, sizeof(key), big_msg, strlen(big_msg), md);
	assert_hex(md, sizeof(md),
	    "60e431591ee0b67f0d8a26aacbf5b77f"
	    "8e0bc6213728c5140546040f0ee37f54");
	ca_hex((const unsigned char *)"\x00\xff", 2, (char *)key);
	assert_string_equal((char *)key, "00ff");
}

static void
test_entropy(void **state)
{
	unsigned char all[256];

	(void)state;
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	assert_true(ca_entropy("", 0) == 0.0);
	assert_true(ca_entropy("aaaa", 4) == 0.0);
	assert_true(fabs(ca_entropy("ab", 2) - 1.0) < 1e-9);
	assert_true(fabs(ca_entropy("abcd", 4) - 2.0) < 1e-9);
	assert_true(fabs(ca_entropy("aabb", 4) - 1.0) < 1e-9);
	assert_true(fabs(ca_entropy((const char *)all, 256) - 8.0) < 1e-9);
	/* 3 of one, 1 of another: -(3/4 log2 3/4 + 1/4 log2 1/4). */
	assert_true(fabs(ca_entropy("aaab", 4) - 0.8112781244591328) < 1e-9);
}

static void
test_wipe(void **state)
{
	char buf[8] = "secret!";

	(void)state;
	ca_wipe(buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32),
		cmocka_unit_test(test_base62),
		cmocka_unit_test(test_base32),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_sha256_hmac),
		cmocka_unit_test(test_entropy),
		cmocka_unit_test(test_wipe),
	};

	return cmocka_run_group_tests_name("hash", tests, NULL, NULL);
}
