/* rules_validate.c - the checks behind the content rules: placeholder
 * rejection, the GitHub/npm checksum, AWS account decoding and key pairing,
 * private key classification and JWT decoding.
 *
 * Everything here reads bounded slices of the scanned buffer and never
 * assumes NUL termination; nothing here logs, so no secret can leak into a
 * diagnostic. */
#include "lib/compat.h"
#include "scanners/rules/rules_p.h"
#include "lib/arena.h"
#include "lib/hash.h"
#include "lib/str.h"
#include <ctype.h>
#include <jansson.h>
#include "lib/banned.h"

static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

size_t
ca_rv_find_ci(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	int up = needle[0] >= 'a' && needle[0] <= 'z' ? needle[0] - 32 :
	                                                needle[0];

	if (!n)
		return 0;
	for (size_t i = 0; i + n <= len; i++) {
		size_t k = 1;

		/* Cheap first-character test before the comparison. */
		if (s[i] != needle[0] && s[i] != up)
			continue;
		while (k < n && lower((unsigned char)s[i + k]) == needle[k])
			k++;
		if (k == n)
			return i;
	}
	return SIZE_MAX;
}

static bool
eq_ci(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	if (n != len)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)s[i]) != word[i])
			return false;
	return true;
}

static bool
any_eq_ci(const char *s, size_t len, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (eq_ci(s, len, words[i]))
			return true;
	return false;
}

/* True when s[0..len) contains any of 'words' (lowercase, at most 32
 * bytes long), ignoring case. Lowercases once, in overlapping chunks, and
 * lets memmem do the searching: validators call this on every candidate,
 * so it must stay cheap on hostile input. */
static bool
any_has_ci(const char *s, size_t len, const char *const *words)
{
	char low[512];
	size_t off = 0;

	for (;;) {
		size_t n = len - off < sizeof(low) ? len - off : sizeof(low);

		for (size_t i = 0; i < n; i++)
			low[i] = (char)lower((unsigned char)s[off + i]);
		for (size_t i = 0; words[i]; i++)
			/* cppcheck-suppress uninitvar ; low[0..n) is set */
			if (memmem(low, n, words[i], strlen(words[i])))
				return true;
		if (off + n >= len)
			return false;
		off += n - 32;
	}
}

void
ca_rv_classes(const char *s, size_t len, struct ca_rv_classes *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch >= 'a' && ch <= 'z')
			c->lower++;
		else if (ch >= 'A' && ch <= 'Z')
			c->upper++;
		else if (ch >= '0' && ch <= '9')
			c->digit++;
		else
			c->other++;
	}
}

bool
ca_rv_random_enough(const char *s, size_t len, double min_entropy)
{
	return ca_entropy(s, len) >= min_entropy && !ca_is_placeholder(s, len);
}

/* Exact values (case-insensitive) that documentation and templates use
 * instead of a secret. */
/* clang-format off */
static const char *const placeholder_words[] = {
	"password", "passwd", "secret", "changeme", "change_me", "change-me",
	"test", "testing", "dummy", "placeholder", "redacted", "todo",
	"fixme", "none", "null", "nil", "undefined", "true", "false", "xxx",
	"pass", "token", "sample", "foo", "bar", "foobar", "value", "string",
	"secret_key", "api_key", "apikey", "your_token_here", "mypassword",
	"letmein", "username", "user", "***", "...",
	/* RFC 6749's example tokens, copied into many docs. */
	"2yotnfzfejr1zcsicmwpaa", "tgzv3jokf0xg5qx2tlkwia",
	/* RFC 6749's client credentials (s6BhdRkqt3:gX1fBat3bV, as Basic)
	 * and RFC 6750's bearer token. */
	"czzcagrsa3f0mzpnwdfmqmf0m2jw", "mf_9.b5f-4.1jqm", NULL,
};
/* clang-format on */

/* Substrings that only appear in placeholders; long enough that a random
 * token contains one with negligible probability. */
/* clang-format off */
static const char *const placeholder_parts[] = {
	"example", "changeme", "change_me", "change-me", "your_", "your-",
	"yourtoken", "yourpassword", "yoursecret", "yourkey", "placeholder",
	"redacted", "dummy", "replace_me", "replaceme", "replace-me",
	"insert_", "insert-", "_here", "-here", "<your", "notreal",
	"not_real", "not-a-real", "fake_", "fake-", NULL,
};
/* clang-format on */

/* A value that is mostly mask characters: "xxxx-xxxx", "****", "0000". */
static bool
mostly_mask(const char *s, size_t len)
{
	size_t mask = 0;

	for (size_t i = 0; i < len; i++)
		if (strchr("xX*0.#-_ ", s[i]) && s[i])
			mask++;
	return len >= 4 && mask * 4 >= len * 3;
}

static bool
has_mask_run(const char *s, size_t len)
{
	size_t run = 1;

	for (size_t i = 1; i < len; i++) {
		char a = (char)lower((unsigned char)s[i - 1]);
		char b = (char)lower((unsigned char)s[i]);

		run = (a == b) ? run + 1 : 1;
		if ((b == '*' && run >= 3) || (b == 'x' && run >= 5) ||
		    (b == '.' && run >= 3))
			return true;
	}
	return false;
}

/* abcdefgh, 12345678, 87654321: the keyboard-walk of documentation. */
static bool
has_sequence(const char *s, size_t len)
{
	size_t up = 1, down = 1;

	for (size_t i = 1; i < len; i++) {
		int d = (unsigned char)s[i] - (unsigned char)s[i - 1];

		up = d == 1 ? up + 1 : 1;
		down = d == -1 ? down + 1 : 1;
		if (up >= 8 || down >= 8)
			return true;
	}
	return false;
}

static bool
low_diversity(const char *s, size_t len)
{
	bool seen[256] = { false };
	size_t distinct = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!seen[c]) {
			seen[c] = true;
			distinct++;
		}
	}
	if (distinct <= 1)
		return true;
	if (len >= 4 && distinct <= 2)
		return true;
	if (len >= 10 && distinct <= 3)
		return true;
	/* A short unit repeated: "abcdabcdabcd", "password=password=..." */
	for (size_t p = 1; p <= 16 && 2 * p <= len; p++) {
		size_t i = p;

		if (p > 4 && len < 3 * p)
			break;
		if (p <= 4 && len < 2 * p + 4)
			continue;
		while (i < len && s[i] == s[i - p])
			i++;
		if (i == len)
			return true;
	}
	return false;
}

static bool
is_template(const char *s, size_t len)
{
	static const char *const marks[] = {
		"${",
		"{{",
		"}}",
		"#{",
		"%(",
		"<%",
		"$(",
		NULL,
	};
	const char *lt;

	if (any_has_ci(s, len, marks))
		return true;
	if (len >= 2 && s[0] == '$' &&
	    (isalpha((unsigned char)s[1]) || s[1] == '_' || s[1] == '{'))
		return true;
	if (len >= 3 && s[0] == '%' && s[len - 1] == '%')
		return true;
	if (len >= 2 && s[0] == '{' && s[len - 1] == '}')
		return true;
	lt = memchr(s, '<', len);
	if (lt && memchr(lt, '>', len - (size_t)(lt - s)))
		return true;
	return false;
}

bool
ca_is_placeholder(const char *s, size_t len)
{
	if (!s || !len)
		return true;
	if (any_eq_ci(s, len, placeholder_words))
		return true;
	if (any_has_ci(s, len, placeholder_parts))
		return true;
	if (len >= 4 && eq_ci(s, 4, "your"))
		return true;
	if (is_template(s, len))
		return true;
	if (mostly_mask(s, len) || has_mask_run(s, len))
		return true;
	if (low_diversity(s, len) || has_sequence(s, len))
		return true;
	return false;
}

bool
ca_github_checksum_ok(const char *token, size_t len)
{
	static const char *const prefixes[] = {
		"ghp_",
		"gho_",
		"ghu_",
		"ghs_",
		"ghr_",
		"npm_",
		NULL,
	};
	uint64_t sum;
	bool known = false;

	if (!token || len != 40)
		return false;
	for (size_t i = 0; prefixes[i]; i++)
		known |= !memcmp(token, prefixes[i], 4);
	if (!known)
		return false;
	if (ca_base62_decode(token + 34, 6, &sum) < 0)
		return false;
	return sum == ca_crc32(token + 4, 30);
}

int
ca_aws_account_from_key_id(const char *key_id, size_t len, char out[13])
{
	unsigned char raw[10];
	uint64_t v = 0;

	if (!key_id || len != 20)
		return -1;
	for (size_t i = 0; i < 4; i++)
		if (key_id[i] < 'A' || key_id[i] > 'Z')
			return -1;
	if (ca_base32_decode(key_id + 4, 16, raw, sizeof(raw)) != 10)
		return -1;
	for (size_t i = 0; i < 6; i++)
		v = (v << 8) | raw[i];
	v = (v & 0x7FFFFFFFFF80ull) >> 7;
	if (v > 999999999999ull)
		return -1; /* 40 bits can exceed 12 digits: not a real layout */
	for (int i = 11; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
	out[12] = '\0';
	return 0;
}

/* --- AWS key pairing --- */

static bool
is_b32(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');
}

static bool
is_alnum(char c)
{
	return isalnum((unsigned char)c) != 0;
}

static bool
is_b64(char c)
{
	return is_alnum(c) || c == '/' || c == '+';
}

/* True when a delimited AWS key id starts at data[i]. */
static bool
key_id_at(const char *data, size_t len, size_t i)
{
	static const char *const prefixes[] = { "AKIA", "ASIA", "ABIA", "ACCA",
		NULL };
	bool ok = false;

	if (i + 20 > len || (i > 0 && is_alnum(data[i - 1])))
		return false;
	if (i + 20 < len && is_alnum(data[i + 20]))
		return false;
	for (size_t k = 0; prefixes[k]; k++)
		ok |= !memcmp(data + i, prefixes[k], 4);
	for (size_t k = 4; ok && k < 20; k++)
		ok = is_b32(data[i + k]);
	return ok;
}

/* Plausible secret access key: mixed case, not hex, random-looking. */
static bool
aws_secret_ok(const char *s)
{
	struct ca_rv_classes c;
	size_t hex = 0;

	ca_rv_classes(s, 40, &c);
	for (size_t i = 0; i < 40; i++)
		hex += isxdigit((unsigned char)s[i]) != 0;
	if (!c.lower || !c.upper || hex == 40)
		return false;
	return ca_rv_random_enough(s, 40, 4.0);
}

/* True when the line holding data[pos] mentions "secret" before 'pos'. */
static bool
secret_keyword_before(const char *data, size_t lo, size_t pos)
{
	size_t b = pos;

	while (b > lo && data[b - 1] != '\n' && pos - b < 128)
		b--;
	return ca_rv_find_ci(data + b, pos - b, "secret") != SIZE_MAX;
}

bool
ca_rv_aws_find_secret(const char *data, size_t len, size_t id_start,
    size_t id_end, size_t *start, size_t *end)
{
	size_t lo = id_start > 1024 ? id_start - 1024 : 0;
	size_t hi = len - id_end > 1024 ? id_end + 1024 : len;
	size_t best_s = SIZE_MAX, best_score = SIZE_MAX;
	int lines = 0;

	/* Six lines either side: stop at the 7th newline. */
	for (size_t i = id_start; i > lo; i--) {
		if (data[i - 1] == '\n' && ++lines == 7) {
			lo = i;
			break;
		}
	}
	lines = 0;
	for (size_t i = id_end; i < hi; i++) {
		if (data[i] == '\n' && ++lines == 7) {
			hi = i;
			break;
		}
	}
	/* Another key id owns whatever lies beyond it. */
	for (size_t i = lo; i + 20 <= id_start; i++)
		if (key_id_at(data, len, i))
			lo = i + 20;
	for (size_t i = id_end; i + 20 <= hi; i++) {
		if (key_id_at(data, len, i)) {
			hi = i;
			break;
		}
	}
	for (size_t i = lo; i < hi;) {
		size_t j = i, score;

		if (!is_b64(data[i])) {
			i++;
			continue;
		}
		while (j < hi && is_b64(data[j]))
			j++;
		if (j - i != 40 ||
		    (j < len && (is_b64(data[j]) || data[j] == '=')) ||
		    (i > 0 && is_b64(data[i - 1])) ||
		    !aws_secret_ok(data + i)) {
			i = j;
			continue;
		}
		/* Rank: a "secret" keyword on the line first, then the
		 * nearest candidate after the id, then the nearest before. */
		if (i >= id_end)
			score = i - id_end;
		else
			score = (1u << 20) + (id_start - j);
		if (!secret_keyword_before(data, lo, i))
			score += 1u << 24;
		if (score < best_score) {
			best_score = score;
			best_s = i;
		}
		i = j;
	}
	if (best_s == SIZE_MAX)
		return false;
	*start = best_s;
	*end = best_s + 40;
	return true;
}

/* --- private keys --- */

struct ssh_reader {
	const unsigned char *p;
	size_t n;
	bool bad;
};

static uint32_t
ssh_u32(struct ssh_reader *r)
{
	uint32_t v;

	if (r->bad || r->n < 4) {
		r->bad = true;
		return 0;
	}
	v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
	    (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	r->n -= 4;
	return v;
}

/* Returns a pointer to the string's bytes (borrowed) and its length. */
static const unsigned char *
ssh_str(struct ssh_reader *r, size_t *len)
{
	uint32_t n = ssh_u32(r);
	const unsigned char *s;

	if (r->bad || n > r->n) {
		r->bad = true;
		*len = 0;
		return NULL;
	}
	s = r->p;
	r->p += n;
	r->n -= n;
	*len = n;
	return s;
}

static bool
ssh_str_is(const unsigned char *s, size_t n, const char *want)
{
	return s && n == strlen(want) && !memcmp(s, want, n);
}

/* Copies a printable ASCII name into the arena, or returns NULL. */
static const char *
printable_dup(struct arena *a, const unsigned char *s, size_t n, size_t max)
{
	if (!s || !n || n > max || !ca_is_printable_ascii((const char *)s, n))
		return NULL;
	return arena_strndup(a, (const char *)s, n);
}

/* Strings of each key type before the comment in the private section. */
static int
ssh_private_fields(const unsigned char *type, size_t n)
{
	if (ssh_str_is(type, n, "ssh-ed25519"))
		return 2;
	if (ssh_str_is(type, n, "ssh-rsa"))
		return 6;
	if (ssh_str_is(type, n, "ssh-dss"))
		return 5;
	if (n > 11 && !memcmp(type, "ecdsa-sha2-", 11))
		return 3;
	return -1;
}

/* Reads the unencrypted private section up to the comment. */
static const char *
ssh_comment(struct ssh_reader *priv, struct arena *a)
{
	const unsigned char *type, *comment;
	size_t tn, cn, skip;
	int fields;
	uint32_t c1 = ssh_u32(priv), c2 = ssh_u32(priv);

	if (priv->bad || c1 != c2)
		return NULL;
	type = ssh_str(priv, &tn);
	fields = ssh_private_fields(type, tn);
	if (fields < 0)
		return NULL;
	for (int i = 0; i < fields; i++)
		ssh_str(priv, &skip);
	comment = ssh_str(priv, &cn);
	if (priv->bad)
		return NULL;
	return printable_dup(a, comment, cn, 256);
}

static int
openssh_describe(const unsigned char *raw, size_t n, struct arena *a,
    const char **detail, const char **identity)
{
	struct ssh_reader r = { raw, n, false };
	const unsigned char *cipher, *kdf, *pub, *type = NULL, *priv;
	size_t cn, kn, pn, tn = 0, vn, skip;
	const char *ktype, *cname;
	bool encrypted;
	uint32_t nkeys;

	if (n < 15 || memcmp(raw, "openssh-key-v1", 15))
		return -1;
	r.p += 15;
	r.n -= 15;
	cipher = ssh_str(&r, &cn);
	kdf = ssh_str(&r, &kn);
	ssh_str(&r, &skip); /* kdfoptions */
	nkeys = ssh_u32(&r);
	if (r.bad || !cipher || !kdf || !cn || cn > 64 || !kn || kn > 64 ||
	    nkeys < 1 || nkeys > 64)
		return -1;
	encrypted = !ssh_str_is(cipher, cn, "none");
	pub = ssh_str(&r, &pn);
	if (!r.bad) {
		struct ssh_reader pr = { pub, pn, false };

		type = ssh_str(&pr, &tn);
	}
	ktype = printable_dup(a, type, tn, 64);
	cname = printable_dup(a, cipher, cn, 64);
	if (encrypted)
		*detail = arena_printf(a,
		    "encrypted OpenSSH %s private key (%s)", ktype ? ktype : "",
		    cname ? cname : "unknown cipher");
	else
		*detail = arena_printf(a, "unencrypted OpenSSH %sprivate key",
		    ktype ? arena_printf(a, "%s ", ktype) : "");
	if (!encrypted && nkeys == 1 && !r.bad) {
		priv = ssh_str(&r, &vn);
		if (!r.bad) {
			struct ssh_reader vr = { priv, vn, false };

			*identity = ssh_comment(&vr, a);
		}
	}
	return encrypted ? 1 : 0;
}

/* Copies the base64 of a PEM body into 'out' (at most 'cap' characters),
 * skipping whitespace, literal "\n" escapes and RFC 1421 header lines.
 * Returns the count, or SIZE_MAX when the body holds anything else (an
 * ellipsis, a placeholder). */
static size_t
pem_body(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	size_t i = 0;

	while (i < n) {
		size_t eol = i, next;

		/* One line: up to a newline or a literal "\n". */
		while (eol < n && s[eol] != '\n' && s[eol] != '\r' &&
		    !(s[eol] == '\\' && eol + 1 < n &&
		        (s[eol + 1] == 'n' || s[eol + 1] == 'r')))
			eol++;
		next = eol < n ? eol + (s[eol] == '\\' ? 2 : 1) : n;
		if (memchr(s + i, ':', eol - i)) {
			i = next; /* Proc-Type:, DEK-Info:, Comment: */
			continue;
		}
		for (size_t j = i; j < eol; j++) {
			char c = s[j];

			if (c == ' ' || c == '\t' || c == '"')
				continue;
			if (!is_b64(c) && c != '=')
				return SIZE_MAX;
			if (k < cap)
				out[k++] = c;
		}
		i = next;
	}
	return k;
}

/* The value of the DEK-Info header ("AES-128-CBC"), or NULL. */
static const char *
dek_cipher(const char *s, size_t n, struct arena *a)
{
	size_t at = ca_rv_find_ci(s, n, "dek-info:");
	size_t b, e;

	if (at == SIZE_MAX)
		return NULL;
	b = at + 9;
	while (b < n && s[b] == ' ')
		b++;
	e = b;
	while (e < n && e - b < 32 && (is_alnum(s[e]) || s[e] == '-'))
		e++;
	return e > b ? arena_strndup(a, s + b, e - b) : NULL;
}

int
ca_rv_private_key(const char *data, size_t start, size_t end,
    struct arena *arena, const char **detail, const char **identity)
{
	static const char begin[] = "-----BEGIN ";
	const char *s = data + start;
	size_t n = end - start, hdr_end, body_end, b64n, cap;
	const char *label, *tail;
	size_t label_len;
	char *b64;

	if (n < sizeof(begin) || memcmp(s, begin, sizeof(begin) - 1))
		return -1;
	label = s + sizeof(begin) - 1;
	tail = memchr(label, '-', n - (sizeof(begin) - 1));
	if (!tail)
		return -1;
	label_len = (size_t)(tail - label); /* "RSA PRIVATE KEY" */
	hdr_end = (size_t)(tail - s) + 5;
	body_end = 0;
	for (size_t i = hdr_end; i + 9 <= n; i++) {
		if (!memcmp(s + i, "-----END ", 9)) {
			body_end = i;
			break;
		}
	}
	if (!body_end || body_end <= hdr_end)
		return -1;
	/* Sized to the body: the arena lives for the whole file. */
	cap = body_end - hdr_end < 16384 ? body_end - hdr_end : 16384;
	b64 = arena_alloc(arena, cap);
	b64n = pem_body(s + hdr_end, body_end - hdr_end, b64, cap);
	if (b64n == SIZE_MAX || b64n < 64 || ca_is_placeholder(b64, b64n))
		return -1;

	if (label_len == 19 && !memcmp(label, "OPENSSH PRIVATE KEY", 19)) {
		unsigned char *raw = arena_alloc(arena, b64n);
		size_t pad = b64n;
		int got;

		while (pad % 4)
			pad--; /* decode whole quanta only: it may be capped */
		got = ca_base64_decode(b64, pad, raw, b64n);
		if (got < 0)
			return -1;
		return openssh_describe(raw, (size_t)got, arena, detail,
		    identity);
	}
	if (label_len == 21 && !memcmp(label, "ENCRYPTED PRIVATE KEY", 21)) {
		if (b64[0] != 'M')
			return -1;
		*detail = "encrypted PKCS#8 private key";
		return 1;
	}
	if (label_len == 11 && !memcmp(label, "PRIVATE KEY", 11)) {
		if (b64[0] != 'M')
			return -1;
		*detail = "unencrypted PKCS#8 private key";
		return 0;
	}
	if (label_len > 12) {
		size_t alg = label_len - 12; /* "RSA", "DSA", "EC" */
		size_t proc = ca_rv_find_ci(s + hdr_end, body_end - hdr_end,
		    "proc-type:");

		if (proc != SIZE_MAX &&
		    ca_rv_find_ci(s + hdr_end + proc,
		        body_end - hdr_end - proc < 40 ?
		            body_end - hdr_end - proc :
		            40,
		        "encrypted") != SIZE_MAX) {
			const char *c = dek_cipher(s + hdr_end,
			    body_end - hdr_end, arena);

			*detail = arena_printf(arena,
			    "encrypted PEM %.*s private key (%s)", (int)alg,
			    label, c ? c : "unknown cipher");
			return 1;
		}
		if (b64[0] != 'M')
			return -1;
		*detail = arena_printf(arena,
		    "unencrypted PEM %.*s private key", (int)alg, label);
		return 0;
	}
	return -1;
}

/* --- JWT --- */

static json_t *
b64_json(const char *s, size_t n)
{
	unsigned char buf[12288];
	int got;

	if (n > sizeof(buf) * 4 / 3)
		return NULL;
	got = ca_base64_decode(s, n, buf, sizeof(buf));
	if (got <= 0)
		return NULL;
	return json_loadb((const char *)buf, (size_t)got, 0, NULL);
}

static const char *
claim(json_t *obj, const char *name)
{
	const char *v = json_string_value(json_object_get(obj, name));

	return v && *v ? v : NULL;
}

bool
ca_rv_jwt(const char *tok, size_t len, struct arena *arena,
    const char **identity)
{
	const char *dot1 = memchr(tok, '.', len), *dot2;
	json_t *hdr, *body;
	const char *who, *iss;
	bool ok;

	if (!dot1)
		return false;
	dot2 = memchr(dot1 + 1, '.', len - (size_t)(dot1 + 1 - tok));
	if (!dot2)
		return false;
	hdr = b64_json(tok, (size_t)(dot1 - tok));
	ok = json_is_object(hdr) && json_is_string(json_object_get(hdr, "alg"));
	json_decref(hdr);
	if (!ok)
		return false;
	body = b64_json(dot1 + 1, (size_t)(dot2 - dot1 - 1));
	if (!json_is_object(body)) {
		json_decref(body);
		return true;
	}
	who = claim(body, "email");
	if (!who)
		who = claim(body, "preferred_username");
	if (!who)
		who = claim(body, "upn");
	if (!who)
		who = claim(body, "sub");
	iss = claim(body, "iss");
	if (who && iss)
		*identity = arena_printf(arena, "%.128s (iss %.128s)", who,
		    iss);
	else if (who)
		*identity = arena_printf(arena, "%.128s", who);
	else if (iss)
		*identity = arena_printf(arena, "iss %.128s", iss);
	if (*identity) /* claims are attacker-chosen text */
		*identity = ca_printable_ascii(arena, *identity,
		    strlen(*identity));
	json_decref(body);
	return true;
}

/* --- generic assignments --- */

static bool
is_ident(const char *s, size_t n)
{
	if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '_')
			return false;
	return true;
}

/* a.b.c, a::b, a->b: attribute and member access. */
static bool
is_member_access(const char *s, size_t n)
{
	size_t i = 0, parts = 0;

	while (i < n) {
		size_t b = i;

		while (i < n && (is_alnum(s[i]) || s[i] == '_'))
			i++;
		if (!is_ident(s + b, i - b))
			return false;
		parts++;
		if (i == n)
			break;
		if (s[i] == '.')
			i++;
		else if (i + 1 < n &&
		    ((s[i] == ':' && s[i + 1] == ':') ||
		        (s[i] == '-' && s[i + 1] == '>')))
			i += 2;
		else
			return false;
	}
	return parts >= 2;
}

bool
ca_rv_value_is_code(const char *v, size_t len, bool quoted)
{
	static const char *const words[] = {
		"null",
		"none",
		"nil",
		"true",
		"false",
		"undefined",
		"yes",
		"no",
		"on",
		"off",
		"required",
		"optional",
		"string",
		"str",
		"bytes",
		"int",
		"bool",
		"boolean",
		"object",
		"any",
		"number",
		"text",
		"hidden",
		"empty",
		"secretstr",
		"securestring",
		"getpass",
		"input",
		"prompt",
		"env",
		"environ",
		NULL,
	};
	static const char *const marks[] = {
		"%s",
		"%(",
		"enc[",
		"enc(",
		"getenv",
		"environ",
		"process.env",
		"os.getenv",
		"vault:",
		"secretref",
		"secretkeyref",
		NULL,
	};

	if (!len)
		return true;
	if (any_eq_ci(v, len, words) || any_has_ci(v, len, marks))
		return true;
	if (strchr("$@&*!%=:", v[0]) && v[0])
		return true;
	if (len >= 2 && v[0] == '\\' && v[1] == '$')
		return true; /* "\$PWD": a shell variable, escaped */
	if (quoted)
		return false;
	for (size_t i = 0; i < len; i++)
		if (strchr("()[]{}<>", v[i]) && v[i])
			return true;
	return is_member_access(v, len);
}
