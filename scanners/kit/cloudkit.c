/* cloudkit.c - see cloudkit.h.
 *
 * The INI reader drives inih through ini_parse_stream() with a reader over
 * the caller's buffer (the bytes, never a path). Debian builds libinih
 * with 200-byte lines and no reallocation, so a session token or a long
 * credential_process line would be cut and its tail parsed as garbage.
 * Each input line is therefore classified here, as inih would, and inih
 * is handed a short stand-in ("[s]", "k=v", " v", ";"); the handler then
 * reports the real spans of the line inih just accepted. inih stays the
 * parser of record (sections, continuations, comments, errors) and never
 * sees a value, so no secret passes through its buffers. */
#include "lib/compat.h"
#include <ctype.h>
#include <ini.h>
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/rules/rules.h"
#include "scanners/kit/cloudkit.h"

/* ---- INI ------------------------------------------------------------- */

enum ini_line { L_NONE, L_KEY, L_CONT };

struct ini_state {
	const char *p, *end;
	unsigned int lineno;
	/* the current section */
	const char *sec;
	size_t sec_len;
	unsigned int sec_line;
	bool in_section;
	/* the last key line of the section (inih's prev_name) */
	bool have_key;
	const char *pkey;
	size_t pkey_len;
	bool pkey_empty;
	/* the line just handed to inih */
	enum ini_line kind;
	struct ck_ini_item item;
	ck_ini_fn *fn;
	void *arg;
	bool stop;
	struct ck_ini_status *st;
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' ||
	    c == '\n';
}

static void
trim(const char **s, const char **e)
{
	size_t n = (size_t)(*e - *s);

	ca_trim(s, &n);
	*e = *s + n;
}

/* Finds the first byte of [s, e) that is in 'chars' or starts an inline
 * comment (';' after whitespace), as inih's find_chars_or_comment does.
 * Returns 'e' when there is none. */
static const char *
find_or_comment(const char *s, const char *e, const char *chars)
{
	bool was_space = false;

	for (; s < e; s++) {
		if (chars && *s && strchr(chars, *s))
			return s;
		if (was_space && *s == ';')
			return s;
		was_space = is_space(*s);
	}
	return e;
}

/* Splits "key = value" in [s, e). Returns false when inih would find no
 * delimiter. */
static bool
split_kv(const char *s, const char *e, struct ck_ini_item *it)
{
	const char *d = find_or_comment(s, e, "=:");
	const char *ks = s, *ke, *vs, *ve;

	if (d == e || *d == ';')
		return false;
	ke = d;
	trim(&ks, &ke);
	vs = d + 1;
	ve = e;
	trim(&vs, &ve);
	ve = find_or_comment(vs, ve, NULL);
	trim(&vs, &ve);
	it->key = ks;
	it->key_len = (size_t)(ke - ks);
	it->val = vs;
	it->val_len = (size_t)(ve - vs);
	return true;
}

static void
bad_line(struct ini_state *s)
{
	if (!s->st->bad_lines++)
		s->st->first_bad = s->lineno;
}

/* Classifies the line [a, b) (right-trimmed, BOM skipped) that started at
 * 'start', fills s->item, and returns inih's stand-in for it. */
static const char *
classify(struct ini_state *s, const char *start, const char *a, const char *b)
{
	const char *c = a;

	while (c < b && is_space(*c))
		c++;
	s->kind = L_NONE;
	memset(&s->item, 0, sizeof(s->item));
	if (s->in_section) {
		s->item.section = s->sec;
		s->item.section_len = s->sec_len;
		s->item.section_line = s->sec_line;
	}
	s->item.line = s->lineno;
	if (c == b)
		return "\n";
	if (*c == ';' || *c == '#')
		return ";\n";
	if (s->have_key && c > start) {
		/* a continuation line of the last key */
		if (split_kv(c, b, &s->item) && s->item.key_len) {
			if (s->pkey_empty) {
				s->item.parent = s->pkey;
				s->item.parent_len = s->pkey_len;
			} else {
				s->item.indented = true;
			}
			s->kind = L_CONT;
		}
		return " v\n";
	}
	if (*c == '[') {
		const char *rb = find_or_comment(c + 1, b, "]");
		const char *ns = c + 1, *ne = rb;
		if (rb == b || *rb != ']') {
			bad_line(s);
			return "[\n";
		}
		trim(&ns, &ne);
		s->sec = ns;
		s->sec_len = (size_t)(ne - ns);
		s->sec_line = s->lineno;
		s->in_section = true;
		s->have_key = false;
		return "[s]\n";
	}
	if (!split_kv(c, b, &s->item)) {
		bad_line(s);
		return "x\n";
	}
	s->have_key = s->item.key_len > 0;
	s->pkey = s->item.key;
	s->pkey_len = s->item.key_len;
	s->pkey_empty = s->item.val_len == 0;
	if (!s->item.key_len)
		return "=v\n";
	s->kind = L_KEY;
	return "k=v\n";
}

static char *
ck_reader(char *str, int num, void *stream)
{
	struct ini_state *s = stream;
	const char *start, *nl, *le, *a;
	const char *out;

	if (s->stop || s->p >= s->end || num < 8)
		return NULL;
	start = s->p;
	nl = memchr(start, '\n', (size_t)(s->end - start));
	le = nl ? nl : s->end;
	s->p = nl ? nl + 1 : s->end;
	s->lineno++;
	a = start;
	if (s->lineno == 1 && le - a >= 3 && !memcmp(a, "\xEF\xBB\xBF", 3))
		a += 3;
	while (le > a && is_space(le[-1]))
		le--;
	out = classify(s, start, a, le);
	memcpy(str, out, strlen(out) + 1);
	return str;
}

static int
ck_handler(void *user, const char *section, const char *name, const char *value)
{
	struct ini_state *s = user;

	(void)section;
	(void)name;
	(void)value;
	if (s->stop || s->kind == L_NONE)
		return 1;
	s->kind = L_NONE;
	if (s->fn(s->arg, &s->item))
		s->stop = true;
	return 1;
}

int
ck_ini_parse(const char *data, size_t len, ck_ini_fn *fn, void *arg,
    struct ck_ini_status *st)
{
	struct ini_state s;
	int ret;

	memset(st, 0, sizeof(*st));
	memset(&s, 0, sizeof(s));
	s.p = data;
	s.end = data + len;
	s.fn = fn;
	s.arg = arg;
	s.st = st;
	ret = ini_parse_stream(ck_reader, &s, ck_handler, &s);
	if (ret > 0)
		st->inih_error = (unsigned int)ret;
	return 0;
}

/* ---- JSON ------------------------------------------------------------ */

json_t *
ck_json_load(const char *data, size_t len, int *line)
{
	json_error_t err;
	json_t *doc;

	*line = 0;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
	}
	doc = json_loadb(data, len, 0, &err);
	if (!doc)
		*line = err.line > 0 ? err.line : 0;
	/* err.text and err.source may quote the input */
	ca_wipe(&err, sizeof(err));
	return doc;
}

json_t *
ck_json_load_warn(struct ca_ctx *ctx, const struct ca_file *f)
{
	int line;
	json_t *doc = ck_json_load(f->data, f->len, &line);

	if (doc)
		return doc;
	if (line)
		ca_warn(ctx, NULL, "invalid JSON at line %d", line);
	else
		ca_warn(ctx, NULL, "invalid JSON");
	return NULL;
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
		json_object_foreach(v, key, item) json_wipe(item, depth + 1);
		break;
	case JSON_ARRAY:
		json_array_foreach(v, i, item) json_wipe(item, depth + 1);
		break;
	default:
		break;
	}
}

void
ck_json_free(json_t *doc)
{
	if (!doc)
		return;
	json_wipe(doc, 0);
	json_decref(doc);
}

const char *
ck_json_str(const json_t *obj, const char *key, size_t *len)
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

const char *
ck_json_nonempty(const json_t *obj, const char *key, size_t *len)
{
	size_t n;
	const char *s = ck_json_str(obj, key, &n);

	if (len)
		*len = n;
	return n ? s : NULL;
}

int
ck_json_int(const json_t *obj, const char *key, int64_t *out)
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
		return ck_parse_int(json_string_value(v), json_string_length(v),
		    out);
	return -1;
}

/* ---- JWT ------------------------------------------------------------- */

bool
ck_jwt_shaped(const char *s, size_t len)
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
	const char *s = ck_json_str(obj, key, &n);

	return s && n ? ca_printable_cut(a, s, n, 256) : NULL;
}

bool
ck_jwt_decode(struct arena *a, const char *tok, size_t len, struct ck_jwt *out)
{
	const char *p, *end;
	unsigned char *buf;
	json_t *doc, *k8s, *aud;
	size_t plen, cap;
	int n, line;

	memset(out, 0, sizeof(*out));
	if (!ck_jwt_shaped(tok, len))
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
	doc = ck_json_load((const char *)buf, (size_t)n, &line);
	ca_wipe(buf, cap);
	if (!json_is_object(doc)) {
		ck_json_free(doc);
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
		out->aud = ca_printable_cut(a,
		    json_string_value(json_array_get(aud, 0)),
		    json_string_length(json_array_get(aud, 0)), 256);
	if (ck_json_int(doc, "exp", &out->exp) < 0 || out->exp < 0)
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
	ck_json_free(doc);
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

#define CK_TIME_MAX INT64_C(253402300799) /* 9999-12-31T23:59:59Z */

const char *
ck_time_fmt(struct arena *a, int64_t t)
{
	int64_t y, days;
	unsigned m, d, secs;

	if (t < 0 || t > CK_TIME_MAX)
		return NULL;
	days = t / 86400;
	secs = (unsigned)(t % 86400);
	civil_from_days(days, &y, &m, &d);
	return arena_printf(a, "%04lld-%02u-%02uT%02u:%02u:%02uZ", (long long)y,
	    m, d, secs / 3600, secs / 60 % 60, secs % 60);
}

/* Reads exactly 'n' digits at *p (before 'e'). */
static bool
digits(const char **p, const char *e, size_t n, int *out)
{
	int v = 0;

	if ((size_t)(e - *p) < n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool
lit(const char **p, const char *e, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(e - *p) < n || strncasecmp(*p, s, n))
		return false;
	*p += n;
	return true;
}

/* Parses the zone at *p, after any spaces: nothing, Z, UTC, GMT, +HH,
 * +HHMM, +HH:MM (or '-'). Sets the offset east of UTC in seconds and
 * moves *p past what it read. Returns false for a broken offset. */
static bool
parse_zone(const char **pp, const char *e, int64_t *off)
{
	const char *p = *pp;
	int hh = 0, mm = 0, sign;
	bool colon;

	*off = 0;
	while (p < e && *p == ' ')
		p++;
	*pp = p;
	if (lit(pp, e, "Z") || lit(pp, e, "UTC") || lit(pp, e, "GMT"))
		return true;
	if (p == e || (*p != '+' && *p != '-'))
		return true;
	sign = *p == '-' ? -1 : 1;
	p++;
	if (!digits(&p, e, 2, &hh))
		return false;
	colon = p < e && *p == ':';
	if (colon)
		p++;
	if (p < e && (colon || (*p >= '0' && *p <= '9'))) {
		if (!digits(&p, e, 2, &mm))
			return false;
	} else if (p < e && *p != ' ') {
		return false; /* "+05x" */
	}
	if (hh > 23 || mm > 59)
		return false;
	*off = sign * (hh * 3600 + mm * 60);
	*pp = p;
	return true;
}

int
ck_time_parse(const char *s, size_t len, int64_t *out)
{
	const char *p = s, *e;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	int64_t off, v = 0;
	bool all_digits = len > 0 && len <= 16, full = false;

	ca_trim(&p, &len);
	e = p + len;
	for (const char *q = p; q < e; q++)
		if (*q < '0' || *q > '9')
			all_digits = false;
	if (all_digits && p < e) {
		for (const char *q = p; q < e; q++)
			v = v * 10 + (*q - '0');
		*out = ck_seconds(v);
		return 0;
	}
	if (!digits(&p, e, 4, &y) || !lit(&p, e, "-") ||
	    !digits(&p, e, 2, &mo) || !lit(&p, e, "-") || !digits(&p, e, 2, &d))
		return -1;
	if (p < e && (*p == 'T' || *p == 't' || *p == ' ') && e - p >= 9 &&
	    p[1] >= '0' && p[1] <= '9') {
		p++;
		if (!digits(&p, e, 2, &h) || !lit(&p, e, ":") ||
		    !digits(&p, e, 2, &mi) || !lit(&p, e, ":") ||
		    !digits(&p, e, 2, &sec))
			return -1;
		if (p < e && (*p == '.' || *p == ',')) {
			p++;
			while (p < e && *p >= '0' && *p <= '9')
				p++;
		}
		full = true;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return -1;
	if (!parse_zone(&p, e, &off))
		return -1;
	/* After a full time, what follows the zone (" UTC", " m=+0.1") is a
	 * name, not data; a date alone must end with its zone. */
	if (!full && p != e)
		return -1;
	*out = days_from_civil(y, (unsigned int)mo, (unsigned int)d) * 86400 +
	    h * 3600 + mi * 60 + sec - off;
	return 0;
}

const char *
ck_time_rfc3339(struct ca_ctx *ctx, const char *s, size_t len)
{
	int64_t t;

	if (!s || ck_time_parse(s, len, &t) < 0)
		return NULL;
	return ck_time_fmt(ca_scratch(ctx), t);
}

int
ck_parse_int(const char *s, size_t len, int64_t *out)
{
	const char *p = s, *end;
	bool neg = false;
	int64_t v = 0;

	ca_trim(&p, &len);
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
ck_seconds(int64_t v)
{
	/* 1e11 seconds is the year 5138: anything larger is milliseconds */
	return v > INT64_C(100000000000) ? v / 1000 : v;
}

/* ---- strings --------------------------------------------------------- */

const char *
ck_dirname(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	return arena_strndup(a, path, (size_t)(slash - path));
}

const char *
ck_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

const char *
ck_home(const char *home)
{
	return home ? home : "";
}

unsigned int
ck_json_line_of(const char *data, size_t len, const char *secret, size_t slen)
{
	size_t best = 0, best_len = 0, run = 0;

	for (size_t i = 0; i <= slen; i++) {
		unsigned char c = i < slen ? (unsigned char)secret[i] : 0;
		if (i < slen && c >= 0x20 && c != '"' && c != '\\' &&
		    c != '/' && c < 0x7f) {
			run++;
			continue;
		}
		if (run > best_len) {
			best = i - run;
			best_len = run;
		}
		run = 0;
	}
	if (best_len < 8 && best_len != slen)
		return 0;
	return ca_line_of(data, len, secret + best, best_len);
}

static int
hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		int d = ca_hexval(p[i]);

		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/* Compares the JSON string body at 'q' (after its opening quote) with
 * 'val'. Returns the closing quote on a match, else NULL. */
static const char *
json_body_eq(const char *q, const char *e, const char *val, size_t vlen)
{
	static const char esc_in[] = "\"\\/bfnrt";
	static const char esc_out[] = "\"\\/\b\f\n\r\t";
	size_t i = 0;

	while (q < e && *q != '"') {
		int c = (unsigned char)*q++;
		if (c == '\\') {
			const char *k;
			if (q == e)
				return NULL;
			if (*q == 'u') {
				if (e - q < 5)
					return NULL;
				c = hex4(q + 1);
				if (c < 0 || c > 0x7f)
					return NULL; /* not worth decoding */
				q += 5;
			} else {
				k = strchr(esc_in, *q);
				if (!*q || !k)
					return NULL;
				c = (unsigned char)esc_out[k - esc_in];
				q++;
			}
		}
		if (i >= vlen || (unsigned char)val[i] != c)
			return NULL;
		i++;
	}
	return q < e && i == vlen ? q : NULL;
}

bool
ck_json_raw_span(const char *data, size_t len, const char *key, const char *val,
    size_t vlen, const char **span, size_t *slen)
{
	const char *p = data, *e = data + len;
	size_t klen = strlen(key);

	while (p < e) {
		const char *q, *end;

		q = memchr(p, '"', (size_t)(e - p));
		if (!q)
			break;
		p = q + 1;
		if ((size_t)(e - p) < klen + 1 || memcmp(p, key, klen) ||
		    p[klen] != '"')
			continue;
		q = p + klen + 1;
		while (q < e && is_space(*q))
			q++;
		if (q == e || *q != ':')
			continue;
		q++;
		while (q < e && is_space(*q))
			q++;
		if (q == e || *q != '"')
			continue;
		q++;
		end = json_body_eq(q, e, val, vlen);
		if (end) {
			*span = q;
			*slen = (size_t)(end - q);
			return true;
		}
	}
	return false;
}

static bool
secretish_name(const char *s, size_t len)
{
	static const char *const words[] = {
		"pass",
		"pwd",
		"secret",
		"token",
		"key",
		"credential",
		"auth",
	};

	for (size_t i = 0; i < CA_ARRAY_SIZE(words); i++) {
		size_t w = strlen(words[i]);
		for (size_t j = 0; j + w <= len; j++)
			if (!strncasecmp(s + j, words[i], w))
				return true;
	}
	return false;
}

/* A long run of base64-ish characters with upper, lower and digits: a
 * random string, whatever it is, is not printed. */
static bool
randomish(const char *s, size_t len)
{
	bool up = false, lo = false, dig = false;

	if (len < 20)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			up = true;
		else if (c >= 'a' && c <= 'z')
			lo = true;
		else if (c >= '0' && c <= '9')
			dig = true;
		else if (!strchr("+/=_-.", c))
			return false;
	}
	return up && lo && dig;
}

const char *
ck_mask_command(struct ca_ctx *ctx, const char *cmd, size_t len, size_t max)
{
	struct strbuf sb = STRBUF_INIT(1 << 16);
	const char *p = cmd, *e = cmd + len;
	bool mask_next = false;
	const char *out;

	while (p < e && sb.len <= max) {
		const char *ts = p, *te, *eq;
		size_t tl;

		if (is_space(*p)) {
			strbuf_addch(&sb, ' ');
			while (p < e && is_space(*p))
				p++;
			continue;
		}
		while (p < e && !is_space(*p))
			p++;
		te = p;
		tl = (size_t)(te - ts);
		eq = memchr(ts, '=', tl);
		if (mask_next) {
			strbuf_addstr(&sb, "***");
			mask_next = false;
		} else if (eq && secretish_name(ts, (size_t)(eq - ts))) {
			strbuf_add(&sb, ts, (size_t)(eq - ts) + 1);
			strbuf_addstr(&sb, "***");
		} else if (randomish(ts, tl) ||
		    (eq && randomish(eq + 1, (size_t)(te - eq - 1)))) {
			strbuf_addstr(&sb, "***");
		} else {
			strbuf_add(&sb, ts, tl);
			mask_next = ts[0] == '-' && !eq &&
			    secretish_name(ts, tl);
		}
	}
	/* a cut command ends in "..." (ca_printable_cut adds it past 'max') */
	if (p < e)
		strbuf_addstr(&sb, "...");
	out = ca_printable_cut(ca_scratch(ctx), sb.buf, sb.len, max);
	strbuf_release(&sb);
	return out;
}

const char *const *
ck_split_words(struct arena *a, const char *s, size_t len, size_t max)
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
			list[n++] = ca_printable_cut(a, s + start, i - start,
			    256);
	}
	if (!n)
		return NULL;
	list[n] = NULL;
	return list;
}

/* ---- keys ------------------------------------------------------------ */

static const char *
memstr(const char *hay, size_t len, const char *needle)
{
	return memmem(hay, len, needle, strlen(needle));
}

/* An openssh-key-v1 body names its cipher right after the magic. */
static enum ck_key_state
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
		return CK_KEY_PLAIN; /* unreadable: assume the worst */
	}
	clen = (uint32_t)raw[15] << 24 | (uint32_t)raw[16] << 16 |
	    (uint32_t)raw[17] << 8 | raw[18];
	if (clen == 4 && got >= 23 && !memcmp(raw + 19, "none", 4)) {
		ca_wipe(raw, sizeof(raw));
		return CK_KEY_PLAIN;
	}
	ca_wipe(raw, sizeof(raw));
	return CK_KEY_ENCRYPTED;
}

enum ck_key_state
ck_key_classify(const char *pem, size_t len, const char **label)
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
		return CK_KEY_NONE;
	if (label)
		*label = kinds[k].label;
	if (k == 0)
		return CK_KEY_ENCRYPTED;
	if (k == 1) {
		size_t off = (size_t)(hit - pem) + strlen(kinds[k].marker);
		return openssh_state(pem + off, len - off);
	}
	if (memstr(hit, len - (size_t)(hit - pem), "Proc-Type: 4,ENCRYPTED"))
		return CK_KEY_ENCRYPTED;
	return CK_KEY_PLAIN;
}
