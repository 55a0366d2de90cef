/* tokgen.c - prints one synthetic, correctly shaped credential.
 *
 *   tokgen KIND SEED
 *   tokgen --bad-checksum ghp SEED
 *   tokgen --list
 *
 * End-to-end tests, the benchmark and the rule table's examples plant
 * secrets made here, so the repository never holds a pasted token. Output
 * is deterministic per SEED (a splitmix64 stream seeded from it) and has
 * the real shape: GitHub and npm tokens carry a valid CRC-32/base62
 * checksum, OpenSSH keys a parseable openssh-key-v1 header. None of it is
 * a live credential. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/banned.h"

static const char b62[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char b64std[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
static const char letters[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
static const char hexd[] = "0123456789abcdef";
static const char digits[] = "0123456789";

static uint64_t rng_state;

/* splitmix64: tiny, good enough, and identical on every platform. */
static uint64_t
rng_next(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static void
rng_seed(const char *seed)
{
	char *end;
	unsigned long long v;
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a for non-numeric seeds */

	errno = 0;
	v = strtoull(seed, &end, 10);
	if (!errno && *seed && !*end) {
		rng_state = v;
	} else {
		for (const char *p = seed; *p; p++)
			h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
		rng_state = h;
	}
	rng_next();
}

/* Appends 'n' characters drawn from 'set' to 'out' (at most 'cap'). */
static void
put_rand(char *out, size_t cap, const char *set, size_t n)
{
	size_t len = strlen(out), k = strlen(set);

	for (size_t i = 0; i < n && len + 1 < cap; i++)
		out[len++] = set[rng_next() % k];
	out[len] = '\0';
}

static void
put_str(char *out, size_t cap, const char *s)
{
	size_t len = strlen(out), n = strlen(s);

	if (len + n >= cap)
		n = cap - len - 1;
	memcpy(out + len, s, n);
	out[len + n] = '\0';
}

static void
put_b64(char *out, size_t cap, const unsigned char *in, size_t n,
    const char *alphabet, bool pad)
{
	size_t len = strlen(out);

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		size_t left = n - i;
		char q[4];

		if (left > 1)
			v |= (uint32_t)in[i + 1] << 8;
		if (left > 2)
			v |= in[i + 2];
		q[0] = alphabet[(v >> 18) & 63];
		q[1] = alphabet[(v >> 12) & 63];
		q[2] = left > 1 ? alphabet[(v >> 6) & 63] : '=';
		q[3] = left > 2 ? alphabet[v & 63] : '=';
		for (int j = 0; j < 4; j++) {
			if (q[j] == '=' && !pad)
				break;
			if (len + 1 < cap)
				out[len++] = q[j];
		}
	}
	out[len] = '\0';
}

/* A 40-character gh?_/npm_ token: 30 random base62 characters and the
 * CRC-32 of them as 6 base62 digits. */
static void
gen_checksummed(char *out, size_t cap, const char *prefix, bool bad)
{
	char body[31] = "";
	char sum[7];
	uint32_t crc;

	put_rand(body, sizeof(body), b62, 30);
	crc = ca_crc32(body, 30);
	if (bad)
		crc ^= 1;
	ca_base62_encode(crc, 6, sum);
	put_str(out, cap, prefix);
	put_str(out, cap, body);
	put_str(out, cap, sum);
}

static void
put_u32(unsigned char *buf, size_t *n, uint32_t v)
{
	buf[(*n)++] = (unsigned char)(v >> 24);
	buf[(*n)++] = (unsigned char)(v >> 16);
	buf[(*n)++] = (unsigned char)(v >> 8);
	buf[(*n)++] = (unsigned char)v;
}

static void
put_sshstr(unsigned char *buf, size_t *n, const void *s, size_t len)
{
	put_u32(buf, n, (uint32_t)len);
	memcpy(buf + *n, s, len);
	*n += len;
}

static void
put_randbytes(unsigned char *buf, size_t *n, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf[(*n)++] = (unsigned char)rng_next();
}

/* Wraps 'b64' at 64 columns (PEM's width; ssh-keygen uses 70 and
 * parsers take both) between the markers. */
static void
put_block(char *out, size_t cap, const char *label, const char *headers,
    const char *b64)
{
	size_t n = strlen(b64);

	put_str(out, cap, "-----BEGIN ");
	put_str(out, cap, label);
	put_str(out, cap, "-----\n");
	put_str(out, cap, headers);
	for (size_t i = 0; i < n; i += 64) {
		char line[65];
		size_t k = n - i < 64 ? n - i : 64;

		memcpy(line, b64 + i, k);
		line[k] = '\0';
		put_str(out, cap, line);
		put_str(out, cap, "\n");
	}
	put_str(out, cap, "-----END ");
	put_str(out, cap, label);
	put_str(out, cap, "-----");
}

/* An openssh-key-v1 ed25519 key with random key bytes; the structure is
 * real (PROTOCOL.key), the key is not a usable one. */
static void
gen_openssh(char *out, size_t cap, bool encrypted)
{
	unsigned char buf[1024], pub[64], priv[512];
	size_t n = 0, pn = 0, vn = 0;
	uint32_t check = (uint32_t)rng_next();
	char b64[2048] = "";
	unsigned char pk[32];

	memcpy(buf, "openssh-key-v1", 15); /* with its NUL */
	n = 15;
	if (encrypted) {
		unsigned char kdf[32], salt[16];
		size_t kn = 0, sn = 0;

		put_sshstr(buf, &n, "aes256-ctr", 10);
		put_sshstr(buf, &n, "bcrypt", 6);
		put_randbytes(salt, &sn, sizeof(salt));
		put_sshstr(kdf, &kn, salt, sn);
		put_u32(kdf, &kn, 16); /* bcrypt rounds */
		put_sshstr(buf, &n, kdf, kn);
	} else {
		put_sshstr(buf, &n, "none", 4);
		put_sshstr(buf, &n, "none", 4);
		put_sshstr(buf, &n, "", 0);
	}
	put_u32(buf, &n, 1);
	for (size_t i = 0; i < 32; i++)
		pk[i] = (unsigned char)rng_next();
	put_sshstr(pub, &pn, "ssh-ed25519", 11);
	put_sshstr(pub, &pn, pk, 32);
	put_sshstr(buf, &n, pub, pn);
	if (encrypted) {
		put_randbytes(priv, &vn, 144);
	} else {
		char comment[32] = "tokgen@";
		unsigned char sk[64];
		size_t sn = 0;

		put_rand(comment, sizeof(comment), letters, 6);
		put_u32(priv, &vn, check);
		put_u32(priv, &vn, check);
		put_sshstr(priv, &vn, "ssh-ed25519", 11);
		put_sshstr(priv, &vn, pk, 32);
		put_randbytes(sk, &sn, 32);
		memcpy(sk + 32, pk, 32);
		put_sshstr(priv, &vn, sk, 64);
		put_sshstr(priv, &vn, comment, strlen(comment));
		for (unsigned char pad = 1; vn % 8; pad++)
			priv[vn++] = pad;
	}
	put_sshstr(buf, &n, priv, vn);
	put_b64(b64, sizeof(b64), buf, n, b64std, true);
	put_block(out, cap, "OPENSSH PRIVATE KEY", "", b64);
}

/* A PEM or PKCS#8 block whose body is a DER SEQUENCE header followed by
 * random bytes: the shape scanners check, not a usable key. */
static void
gen_pem(char *out, size_t cap, const char *label, bool legacy_encrypted)
{
	unsigned char der[160];
	size_t n = 0;
	char b64[512] = "";
	char headers[160] = "";

	der[n++] = 0x30;
	der[n++] = 0x82;
	der[n++] = 0x04;
	der[n++] = 0xa4;
	put_randbytes(der, &n, sizeof(der) - n);
	if (legacy_encrypted) {
		put_str(headers, sizeof(headers),
		    "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,");
		for (int i = 0; i < 32; i++) {
			char c[2] = { "0123456789ABCDEF"[rng_next() % 16], 0 };
			put_str(headers, sizeof(headers), c);
		}
		put_str(headers, sizeof(headers), "\n\n");
		der[0] = (unsigned char)rng_next() | 1; /* ciphertext */
	}
	put_b64(b64, sizeof(b64), der, n, b64std, true);
	put_block(out, cap, label, headers, b64);
}

static void
gen_jwt(char *out, size_t cap)
{
	char payload[256];
	unsigned char sig[32];
	size_t sn = 0;
	static const char header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

	snprintf(payload, sizeof(payload),
	    "{\"sub\":\"user-%u\",\"email\":\"dev%u@tokgen.test\","
	    "\"iss\":\"https://issuer.tokgen.test\",\"exp\":%u}",
	    (unsigned)(rng_next() % 100000), (unsigned)(rng_next() % 1000),
	    1700000000u + (unsigned)(rng_next() % 100000000));
	put_b64(out, cap, (const unsigned char *)header, strlen(header), b64url,
	    false);
	put_str(out, cap, ".");
	put_b64(out, cap, (const unsigned char *)payload, strlen(payload),
	    b64url, false);
	put_str(out, cap, ".");
	put_randbytes(sig, &sn, sizeof(sig));
	put_b64(out, cap, sig, sn, b64url, false);
}

static int
generate(const char *kind, char *out, size_t cap)
{
	out[0] = '\0';
	if (!strcmp(kind, "ghp") || !strcmp(kind, "gho") ||
	    !strcmp(kind, "ghu") || !strcmp(kind, "ghs") ||
	    !strcmp(kind, "ghr") || !strcmp(kind, "npm")) {
		char prefix[5];

		snprintf(prefix, sizeof(prefix), "%s_", kind);
		gen_checksummed(out, cap, prefix, false);
	} else if (!strcmp(kind, "github_pat")) {
		put_str(out, cap, "github_pat_11");
		put_rand(out, cap, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 20);
		put_str(out, cap, "_");
		put_rand(out, cap, b62, 59);
	} else if (!strcmp(kind, "glpat") || !strcmp(kind, "glrt") ||
	    !strcmp(kind, "gldt") || !strcmp(kind, "glft")) {
		put_str(out, cap, kind);
		put_str(out, cap, "-");
		put_rand(out, cap, b62, 20);
	} else if (!strcmp(kind, "glpat-routable")) {
		put_str(out, cap, "glpat-");
		put_rand(out, cap, b64url, 27);
		put_str(out, cap, ".01"); /* version, then a base-36 CRC */
		put_rand(out, cap, "0123456789abcdefghijklmnopqrstuvwxyz", 7);
	} else if (!strcmp(kind, "aws") || !strcmp(kind, "aws-id") ||
	    !strcmp(kind, "aws-session-id")) {
		put_str(out, cap,
		    !strcmp(kind, "aws-session-id") ? "ASIA" : "AKIA");
		/* 'Q' keeps the decoded account in the modern layout. */
		put_str(out, cap, "Q");
		put_rand(out, cap, b32, 15);
		if (!strcmp(kind, "aws")) {
			put_str(out, cap, " ");
			put_rand(out, cap, b64std, 40);
		}
	} else if (!strcmp(kind, "aws-secret")) {
		put_rand(out, cap, b64std, 40);
	} else if (!strcmp(kind, "xoxb") || !strcmp(kind, "xoxp")) {
		put_str(out, cap, kind);
		put_str(out, cap, "-");
		put_rand(out, cap, digits, 12);
		put_str(out, cap, "-");
		put_rand(out, cap, digits, 13);
		put_str(out, cap, "-");
		if (!strcmp(kind, "xoxp")) {
			put_rand(out, cap, digits, 13);
			put_str(out, cap, "-");
			put_rand(out, cap, hexd, 32);
		} else {
			put_rand(out, cap, b62, 24);
		}
	} else if (!strcmp(kind, "xapp")) {
		put_str(out, cap, "xapp-1-A");
		put_rand(out, cap, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10);
		put_str(out, cap, "-");
		put_rand(out, cap, digits, 13);
		put_str(out, cap, "-");
		put_rand(out, cap, hexd, 64);
	} else if (!strcmp(kind, "hf")) {
		put_str(out, cap, "hf_");
		put_rand(out, cap, letters, 34);
	} else if (!strcmp(kind, "anthropic") ||
	    !strcmp(kind, "anthropic-admin")) {
		put_str(out, cap,
		    !strcmp(kind, "anthropic") ? "sk-ant-api03-" :
		                                 "sk-ant-admin01-");
		put_rand(out, cap, b64url, 93);
		put_str(out, cap, "AA");
	} else if (!strcmp(kind, "openai")) {
		put_str(out, cap, "sk-proj-");
		put_rand(out, cap, b64url, 74);
		put_str(out, cap, "T3BlbkFJ");
		put_rand(out, cap, b64url, 74);
	} else if (!strcmp(kind, "openai-legacy")) {
		put_str(out, cap, "sk-");
		put_rand(out, cap, b62, 20);
		put_str(out, cap, "T3BlbkFJ");
		put_rand(out, cap, b62, 20);
	} else if (!strcmp(kind, "pypi")) {
		put_str(out, cap, "pypi-AgEIcHlwaS5vcmc");
		put_rand(out, cap, b64url, 150);
	} else if (!strcmp(kind, "dckr")) {
		put_str(out, cap, "dckr_pat_");
		put_rand(out, cap, b64url, 27);
	} else if (!strcmp(kind, "sendgrid")) {
		put_str(out, cap, "SG.");
		put_rand(out, cap, b64url, 22);
		put_str(out, cap, ".");
		put_rand(out, cap, b64url, 43);
	} else if (!strcmp(kind, "twilio")) {
		put_str(out, cap, "SK");
		put_rand(out, cap, hexd, 32);
	} else if (!strcmp(kind, "stripe") || !strcmp(kind, "stripe-rk")) {
		put_str(out, cap,
		    !strcmp(kind, "stripe") ? "sk_live_" : "rk_live_");
		put_rand(out, cap, b62, 24);
	} else if (!strcmp(kind, "gcp")) {
		put_str(out, cap, "AIza");
		put_rand(out, cap, b64url, 35);
	} else if (!strcmp(kind, "jwt")) {
		gen_jwt(out, cap);
	} else if (!strcmp(kind, "password")) {
		put_rand(out, cap, b62, 10);
		put_str(out, cap, "!");
		put_rand(out, cap, b62, 5);
	} else if (!strcmp(kind, "pem-rsa")) {
		gen_pem(out, cap, "RSA PRIVATE KEY", false);
	} else if (!strcmp(kind, "pem-rsa-enc")) {
		gen_pem(out, cap, "RSA PRIVATE KEY", true);
	} else if (!strcmp(kind, "pem-ec")) {
		gen_pem(out, cap, "EC PRIVATE KEY", false);
	} else if (!strcmp(kind, "pkcs8")) {
		gen_pem(out, cap, "PRIVATE KEY", false);
	} else if (!strcmp(kind, "pkcs8-enc")) {
		gen_pem(out, cap, "ENCRYPTED PRIVATE KEY", false);
	} else if (!strcmp(kind, "openssh")) {
		gen_openssh(out, cap, false);
	} else if (!strcmp(kind, "openssh-enc")) {
		gen_openssh(out, cap, true);
	} else {
		return -1;
	}
	return 0;
}

/* clang-format off */
static const char *const kinds[] = {
	"anthropic", "anthropic-admin", "aws", "aws-id", "aws-secret",
	"aws-session-id", "dckr", "gcp", "ghp", "gho", "ghr", "ghs", "ghu",
	"github_pat", "gldt", "glft", "glpat", "glpat-routable", "glrt", "hf",
	"jwt", "npm", "openai", "openai-legacy", "openssh", "openssh-enc",
	"password", "pem-ec", "pem-rsa", "pem-rsa-enc", "pkcs8", "pkcs8-enc",
	"pypi", "sendgrid", "stripe", "stripe-rk", "twilio", "xapp", "xoxb",
	"xoxp", NULL,
};
/* clang-format on */

static int
usage(void)
{
	fputs("usage: tokgen KIND SEED\n"
	      "       tokgen --bad-checksum ghp|gho|ghu|ghs|ghr|npm SEED\n"
	      "       tokgen --list\n",
	    stderr);
	return 2;
}

int
main(int argc, char **argv)
{
	static char out[8192];
	bool bad = false;

	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (size_t i = 0; kinds[i]; i++)
			puts(kinds[i]);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "--bad-checksum")) {
		bad = true;
		argv++;
		argc--;
	}
	if (argc != 3)
		return usage();
	rng_seed(argv[2]);
	if (bad) {
		char prefix[5];

		if (strlen(argv[1]) != 3 ||
		    (strncmp(argv[1], "gh", 2) && strcmp(argv[1], "npm")))
			return usage();
		snprintf(prefix, sizeof(prefix), "%s_", argv[1]);
		gen_checksummed(out, sizeof(out), prefix, true);
	} else if (generate(argv[1], out, sizeof(out)) < 0) {
		fprintf(stderr, "tokgen: unknown kind '%s'\n", argv[1]);
		return usage();
	}
	puts(out);
	return 0;
}
