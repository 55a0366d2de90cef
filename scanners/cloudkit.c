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
#include <time.h>
#include <ini.h>
#include "lib/hash.h"
#include "scanners/rules.h"
#include "scanners/cloudkit.h"

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
	while (*s < *e && is_space(**s))
		(*s)++;
	while (*e > *s && is_space((*e)[-1]))
		(*e)--;
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
ck_handler(void *user, const char *section, const char *name,
    const char *value)
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

bool
ck_eq(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && !strncasecmp(s, lit, len);
}

/* ---- JSON ------------------------------------------------------------ */

json_t *
ck_json_load(const char *data, size_t len, int *line)
{
	json_error_t err;
	json_t *doc;

	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
	}
	doc = json_loadb(data, len, 0, &err);
	*line = doc ? 0 : err.line;
	/* err.text and err.source may quote the input */
	ca_wipe(&err, sizeof(err));
	return doc;
}

static void
json_wipe(json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_string(v)) {
		ca_wipe((char *)json_string_value(v), json_string_length(v));
	} else if (json_is_object(v)) {
		json_object_foreach(v, k, x)
			json_wipe(x);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			json_wipe(x);
	}
}

void
ck_json_free(json_t *doc)
{
	if (!doc)
		return;
	json_wipe(doc);
	json_decref(doc);
}

const char *
ck_json_str(const json_t *obj, const char *key, size_t *len)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v) || !json_string_length(v))
		return NULL;
	if (len)
		*len = json_string_length(v);
	return json_string_value(v);
}

/* ---- time ------------------------------------------------------------ */

static int64_t
days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
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

/* Parses the zone at [p, e): nothing, Z, UTC, GMT, +HH, +HHMM, +HH:MM,
 * possibly after one space. Sets the offset east of UTC in seconds. */
static bool
parse_zone(const char *p, const char *e, int64_t *off)
{
	int hh = 0, mm = 0, sign;

	*off = 0;
	if (p < e && *p == ' ')
		p++;
	if (p == e)
		return true;
	if (lit(&p, e, "Z") || lit(&p, e, "UTC") || lit(&p, e, "GMT"))
		return p == e;
	if (*p != '+' && *p != '-')
		return false;
	sign = *p == '-' ? -1 : 1;
	p++;
	if (!digits(&p, e, 2, &hh))
		return false;
	if (p < e && *p == ':')
		p++;
	if (p < e && !digits(&p, e, 2, &mm))
		return false;
	if (p != e || hh > 23 || mm > 59)
		return false;
	*off = sign * (hh * 3600 + mm * 60);
	return true;
}

int
ck_time_parse(const char *s, size_t len, int64_t *out)
{
	const char *p = s, *e = s + len;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	int64_t off, v = 0;
	bool all_digits = len > 0 && len <= 16;

	while (p < e && is_space(*p))
		p++;
	while (e > p && is_space(e[-1]))
		e--;
	for (const char *q = p; q < e; q++)
		if (*q < '0' || *q > '9')
			all_digits = false;
	if (all_digits && p < e) {
		for (const char *q = p; q < e; q++)
			v = v * 10 + (*q - '0');
		if (v > 100000000000ll)
			v /= 1000; /* milliseconds */
		*out = v;
		return 0;
	}
	if (!digits(&p, e, 4, &y) || !lit(&p, e, "-") ||
	    !digits(&p, e, 2, &mo) || !lit(&p, e, "-") ||
	    !digits(&p, e, 2, &d))
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
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return -1;
	if (!parse_zone(p, e, &off))
		return -1;
	*out = days_from_civil(y, (unsigned int)mo, (unsigned int)d) * 86400 +
	    h * 3600 + mi * 60 + sec - off;
	return 0;
}

int
ck_time_fmt(int64_t t, char out[CK_TIME_LEN])
{
	struct tm tm;
	time_t tt;

	/* 1970-01-01 .. 9999-12-31T23:59:59Z */
	if (t < 0 || t > 253402300799ll)
		return -1;
	tt = (time_t)t;
	if (!gmtime_r(&tt, &tm))
		return -1;
	if (strftime(out, CK_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) !=
	    CK_TIME_LEN - 1)
		return -1;
	return 0;
}

const char *
ck_time_rfc3339(struct ca_ctx *ctx, const char *s, size_t len)
{
	char buf[CK_TIME_LEN];
	int64_t t;

	if (!s || ck_time_parse(s, len, &t) < 0 || ck_time_fmt(t, buf) < 0)
		return NULL;
	return arena_strdup(ca_scratch(ctx), buf);
}

/* ---- strings --------------------------------------------------------- */

char *
ck_printable(struct ca_ctx *ctx, const char *s, size_t len, size_t max)
{
	bool cut = len > max;
	size_t n = cut ? max : len;
	char *out;

	if (!s)
		return NULL;
	/* do not end inside a UTF-8 sequence */
	while (cut && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	out = arena_alloc(ca_scratch(ctx), n + 4);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		out[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (cut) {
		memcpy(out + n, "...", 4);
	} else {
		out[n] = '\0';
	}
	return out;
}

bool
ck_unusable(const char *s, size_t len)
{
	if (!s || !len)
		return true;
	if (s[0] == '$')
		return true; /* $TOKEN, ${TOKEN}, $(cmd) */
	if (len > 2 && s[0] == '%' && s[len - 1] == '%')
		return true;
	return ca_is_placeholder(s, len);
}

const char *
ck_dirname(struct ca_ctx *ctx, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	return arena_strndup(ca_scratch(ctx), path, (size_t)(slash - path));
}

const char *
ck_home(const char *home)
{
	return home ? home : "";
}

unsigned int
ck_line_of(const char *data, size_t len, const char *needle, size_t nlen)
{
	const char *hit, *p = data;
	unsigned int line = 1;

	if (!data || !nlen)
		return 0;
	hit = memmem(data, len, needle, nlen);
	if (!hit)
		return 0;
	while (p < hit) {
		p = memchr(p, '\n', (size_t)(hit - p));
		if (!p)
			break;
		line++;
		p++;
	}
	return line;
}

unsigned int
ck_json_line_of(const char *data, size_t len, const char *secret,
    size_t slen)
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
	return ck_line_of(data, len, secret + best, best_len);
}

static int
hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
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
ck_json_raw_span(const char *data, size_t len, const char *key,
    const char *val, size_t vlen, const char **span, size_t *slen)
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

bool
ck_ends_with(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);

	return n >= m && !strcmp(path + n - m, suffix);
}

static bool
secretish_name(const char *s, size_t len)
{
	static const char *const words[] = {
		"pass", "pwd", "secret", "token", "key", "credential", "auth",
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
	/* a cut command ends in "..." (ck_printable adds it past 'max') */
	if (p < e)
		strbuf_addstr(&sb, "...");
	out = ck_printable(ctx, sb.buf, sb.len, max);
	strbuf_release(&sb);
	return out;
}
