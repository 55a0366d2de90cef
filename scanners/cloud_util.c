/* cloud_util.c - JSON, JWT, time and value helpers for the cloud surface
 * modules. See cloud_util.h. */
#include "lib/compat.h"
#include <ctype.h>
#include "lib/hash.h"
#include "scanners/cloud_util.h"
#include "scanners/rules.h"

/* ---- JSON ------------------------------------------------------------ */

json_t *
cu_json_load(const char *data, size_t len, int *line)
{
	json_error_t err;
	json_t *doc;

	*line = 0;
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
		data += 3;
		len -= 3;
	}
	doc = json_loadb(data, len, 0, &err);
	if (!doc)
		*line = err.line > 0 ? err.line : 0;
	/* err.text may quote the input: wipe it rather than keep it */
	ca_wipe(err.text, sizeof(err.text));
	ca_wipe(err.source, sizeof(err.source));
	return doc;
}

static void
json_wipe(json_t *v, unsigned int depth)
{
	const char *key;
	json_t *item;
	size_t i;

	if (!v || depth > 4096)
		return;
	switch (json_typeof(v)) {
	case JSON_STRING:
		ca_wipe((char *)json_string_value(v), json_string_length(v));
		break;
	case JSON_OBJECT:
		json_object_foreach(v, key, item)
			json_wipe(item, depth + 1);
		break;
	case JSON_ARRAY:
		json_array_foreach(v, i, item)
			json_wipe(item, depth + 1);
		break;
	default:
		break;
	}
}

void
cu_json_free(json_t *doc)
{
	if (!doc)
		return;
	json_wipe(doc, 0);
	json_decref(doc);
}

const char *
cu_json_str(const json_t *obj, const char *key, size_t *len)
{
	json_t *v;

	if (len)
		*len = 0;
	if (!json_is_object(obj))
		return NULL;
	v = json_object_get(obj, key);
	if (!json_is_string(v))
		return NULL;
	if (len)
		*len = json_string_length(v);
	return json_string_value(v);
}

int
cu_json_int(const json_t *obj, const char *key, int64_t *out)
{
	json_t *v;

	if (!json_is_object(obj))
		return -1;
	v = json_object_get(obj, key);
	if (json_is_integer(v)) {
		*out = (int64_t)json_integer_value(v);
		return 0;
	}
	if (json_is_real(v)) {
		double d = json_real_value(v);
		if (d < -9.2e18 || d > 9.2e18)
			return -1;
		*out = (int64_t)d;
		return 0;
	}
	if (json_is_string(v))
		return cu_parse_int(json_string_value(v), json_string_length(v),
		    out);
	return -1;
}

/* ---- JWT ------------------------------------------------------------- */

bool
cu_jwt_shaped(const char *s, size_t len)
{
	const char *d1, *d2;

	if (len < 10 || memcmp(s, "eyJ", 3))
		return false;
	d1 = memchr(s, '.', len);
	if (!d1)
		return false;
	d2 = memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - s));
	if (!d2 || d2 == d1 + 1)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!isalnum(c) && c != '-' && c != '_' && c != '.' &&
		    c != '=' && c != '+' && c != '/')
			return false;
	}
	return true;
}

static const char *
claim_str(struct arena *a, const json_t *obj, const char *key)
{
	size_t n;
	const char *s = cu_json_str(obj, key, &n);

	return s && n ? cu_printable(a, s, n, 256) : NULL;
}

bool
cu_jwt_decode(struct arena *a, const char *tok, size_t len,
    struct cu_jwt *out)
{
	const char *p, *end;
	unsigned char *buf;
	json_t *doc, *k8s, *aud;
	size_t plen, cap;
	int n, line;

	memset(out, 0, sizeof(*out));
	if (!cu_jwt_shaped(tok, len))
		return false;
	p = (const char *)memchr(tok, '.', len) + 1;
	end = memchr(p, '.', len - (size_t)(p - tok));
	plen = (size_t)(end - p);
	if (!plen || plen > 64 * 1024)
		return false;
	cap = plen / 4 * 3 + 4;
	buf = arena_alloc(a, cap);
	n = ca_base64_decode(p, plen, buf, cap);
	if (n <= 0) {
		ca_wipe(buf, cap);
		return false;
	}
	doc = cu_json_load((const char *)buf, (size_t)n, &line);
	ca_wipe(buf, cap);
	if (!json_is_object(doc)) {
		cu_json_free(doc);
		return false;
	}
	out->sub = claim_str(a, doc, "sub");
	out->email = claim_str(a, doc, "email");
	out->upn = claim_str(a, doc, "upn");
	if (!out->upn)
		out->upn = claim_str(a, doc, "preferred_username");
	out->name = claim_str(a, doc, "name");
	out->iss = claim_str(a, doc, "iss");
	out->tid = claim_str(a, doc, "tid");
	out->oid = claim_str(a, doc, "oid");
	aud = json_object_get(doc, "aud");
	if (json_is_string(aud))
		out->aud = claim_str(a, doc, "aud");
	else if (json_is_array(aud) && json_is_string(json_array_get(aud, 0)))
		out->aud = cu_printable(a,
		    json_string_value(json_array_get(aud, 0)),
		    json_string_length(json_array_get(aud, 0)), 256);
	if (cu_json_int(doc, "exp", &out->exp) < 0 || out->exp < 0)
		out->exp = 0;
	/* Legacy secret-based service-account tokens, then bound ones. */
	out->sa_namespace = claim_str(a, doc,
	    "kubernetes.io/serviceaccount/namespace");
	out->sa_name = claim_str(a, doc,
	    "kubernetes.io/serviceaccount/service-account.name");
	k8s = json_object_get(doc, "kubernetes.io");
	if (json_is_object(k8s)) {
		if (!out->sa_namespace)
			out->sa_namespace = claim_str(a, k8s, "namespace");
		if (!out->sa_name)
			out->sa_name = claim_str(a,
			    json_object_get(k8s, "serviceaccount"), "name");
	}
	cu_json_free(doc);
	return true;
}

/* ---- time ------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

#define CU_TIME_MAX INT64_C(253402300799) /* 9999-12-31T23:59:59Z */

const char *
cu_time_fmt(struct arena *a, int64_t t)
{
	int64_t y, days;
	unsigned m, d, secs;

	if (t < 0 || t > CU_TIME_MAX)
		return NULL;
	days = t / 86400;
	secs = (unsigned)(t % 86400);
	civil_from_days(days, &y, &m, &d);
	return arena_printf(a, "%04lld-%02u-%02uT%02u:%02u:%02uZ",
	    (long long)y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
}

/* Reads exactly 'n' digits at *p; returns -1 when they are not there. */
static int
digits(const char **p, const char *end, int n, int *out)
{
	int v = 0;

	if (end - *p < n)
		return -1;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static bool
expect(const char **p, const char *end, char c)
{
	if (*p < end && **p == c) {
		(*p)++;
		return true;
	}
	return false;
}

int
cu_time_parse(const char *s, size_t len, int64_t *out)
{
	const char *p = s, *end = s + len;
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	int64_t t;

	cu_trim(&p, &len);
	end = p + len;
	if (digits(&p, end, 4, &y) || !expect(&p, end, '-') ||
	    digits(&p, end, 2, &mo) || !expect(&p, end, '-') ||
	    digits(&p, end, 2, &d))
		return -1;
	if (p < end && (*p == 'T' || *p == 't' || *p == ' '))
		p++;
	else
		return -1;
	if (digits(&p, end, 2, &h) || !expect(&p, end, ':') ||
	    digits(&p, end, 2, &mi) || !expect(&p, end, ':') ||
	    digits(&p, end, 2, &sec))
		return -1;
	if (expect(&p, end, '.') || expect(&p, end, ','))
		while (p < end && isdigit((unsigned char)*p))
			p++;
	while (p < end && *p == ' ')
		p++;
	if (p < end && (*p == 'Z' || *p == 'z')) {
		p++;
	} else if (p < end && (*p == '+' || *p == '-')) {
		sign = *p == '-' ? -1 : 1;
		p++;
		if (digits(&p, end, 2, &oh))
			return -1;
		expect(&p, end, ':');
		if (digits(&p, end, 2, &om))
			return -1;
	}
	/* Anything after the zone (" UTC", " m=+0.1") is a name, not data. */
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60 || oh > 23 || om > 59)
		return -1;
	t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + sec;
	t -= (int64_t)sign * (oh * 3600 + om * 60);
	*out = t;
	return 0;
}

int
cu_parse_int(const char *s, size_t len, int64_t *out)
{
	const char *p = s, *end;
	bool neg = false;
	int64_t v = 0;

	cu_trim(&p, &len);
	end = p + len;
	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	if (p == end || !isdigit((unsigned char)*p))
		return -1;
	while (p < end && isdigit((unsigned char)*p)) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p++ - '0');
	}
	if (p < end && *p == '.') {
		p++;
		while (p < end && isdigit((unsigned char)*p))
			p++;
	}
	if (p != end)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

int64_t
cu_seconds(int64_t v)
{
	/* 1e11 seconds is the year 5138: anything larger is milliseconds */
	return v > INT64_C(100000000000) ? v / 1000 : v;
}

/* ---- values ---------------------------------------------------------- */

char *
cu_printable(struct arena *a, const char *s, size_t len, size_t max)
{
	bool cut = len > max;
	char *out;
	size_t n = cut ? max : len;

	out = arena_alloc(a, n + 4);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		out[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (cut) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
	return out;
}

bool
cu_unusable(const char *s, size_t len)
{
	if (!s || !len)
		return true;
	if (s[0] == '$')
		return true; /* $TOKEN, ${TOKEN}, $(cmd) */
	if (len > 2 && s[0] == '%' && s[len - 1] == '%')
		return true; /* %TOKEN% */
	return ca_is_placeholder(s, len);
}

void
cu_trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

unsigned int
cu_line_of(const char *data, size_t len, const char *needle, size_t nlen)
{
	const char *hit;
	unsigned int line = 1;

	if (!nlen || len > (4u << 20))
		return 0;
	hit = memmem(data, len, needle, nlen);
	if (!hit)
		return 0;
	for (const char *p = data; p < hit; p++)
		line += *p == '\n';
	return line;
}

const char *const *
cu_split_words(struct arena *a, const char *s, size_t len, size_t max)
{
	const char **list;
	size_t n = 0, i = 0;

	if (!s || !len || !max)
		return NULL;
	list = arena_alloc(a, (max + 1) * sizeof(*list));
	while (i < len && n < max) {
		size_t start;

		while (i < len && isspace((unsigned char)s[i]))
			i++;
		start = i;
		while (i < len && !isspace((unsigned char)s[i]))
			i++;
		if (i > start)
			list[n++] = cu_printable(a, s + start, i - start, 256);
	}
	if (!n)
		return NULL;
	list[n] = NULL;
	return list;
}

static const char *
memstr(const char *hay, size_t len, const char *needle)
{
	return memmem(hay, len, needle, strlen(needle));
}

/* An openssh-key-v1 body names its cipher right after the magic. */
static enum cu_key_state
openssh_state(const char *body, size_t len)
{
	char b64[128];
	unsigned char raw[96];
	size_t n = 0;
	uint32_t clen;
	int got;

	for (size_t i = 0; i < len && n < sizeof(b64); i++) {
		if (body[i] == '-')
			break;
		if (!isspace((unsigned char)body[i]))
			b64[n++] = body[i];
	}
	n -= n % 4;
	got = ca_base64_decode(b64, n, raw, sizeof(raw));
	ca_wipe(b64, sizeof(b64));
	if (got < 19 || memcmp(raw, "openssh-key-v1", 15)) {
		ca_wipe(raw, sizeof(raw));
		return CU_KEY_PLAIN; /* unreadable: assume the worst */
	}
	clen = (uint32_t)raw[15] << 24 | (uint32_t)raw[16] << 16 |
	    (uint32_t)raw[17] << 8 | raw[18];
	if (clen == 4 && got >= 23 && !memcmp(raw + 19, "none", 4)) {
		ca_wipe(raw, sizeof(raw));
		return CU_KEY_PLAIN;
	}
	ca_wipe(raw, sizeof(raw));
	return CU_KEY_ENCRYPTED;
}

enum cu_key_state
cu_key_classify(const char *pem, size_t len, const char **label)
{
	static const struct {
		const char *marker;
		const char *label;
	} kinds[] = {
		{ "-----BEGIN ENCRYPTED PRIVATE KEY-----",
		  "encrypted PKCS#8 private key" },
		{ "-----BEGIN OPENSSH PRIVATE KEY-----",
		  "OpenSSH private key" },
		{ "-----BEGIN RSA PRIVATE KEY-----", "RSA private key" },
		{ "-----BEGIN EC PRIVATE KEY-----", "EC private key" },
		{ "-----BEGIN DSA PRIVATE KEY-----", "DSA private key" },
		{ "-----BEGIN PRIVATE KEY-----", "PKCS#8 private key" },
	};
	const char *hit = NULL;
	size_t k;

	if (label)
		*label = NULL;
	for (k = 0; k < CA_ARRAY_SIZE(kinds); k++) {
		hit = memstr(pem, len, kinds[k].marker);
		if (hit)
			break;
	}
	if (!hit)
		return CU_KEY_NONE;
	if (label)
		*label = kinds[k].label;
	if (k == 0)
		return CU_KEY_ENCRYPTED;
	if (k == 1) {
		size_t off = (size_t)(hit - pem) + strlen(kinds[k].marker);
		return openssh_state(pem + off, len - off);
	}
	if (memstr(hit, len - (size_t)(hit - pem), "Proc-Type: 4,ENCRYPTED"))
		return CU_KEY_ENCRYPTED;
	return CU_KEY_PLAIN;
}

const char *
cu_dirname(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	return arena_strndup(a, path, (size_t)(slash - path));
}

const char *
cu_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}
