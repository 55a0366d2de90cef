/* toml.c - the strict, bounded TOML reader; see toml.h. A recursive
 * descent over the bytes, one value at a time, nothing kept after its
 * callback but the key segments. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "scanners/kit/toml.h"
#include "lib/banned.h"

struct tp {
	struct arena *a;
	const char *p, *end;
	unsigned int line;
	const char *err;
	unsigned int err_line;
	const char *path[TOML_MAX_DEPTH];
	size_t ntable; /* segments of the current [table] */
	bool array_table;
	unsigned int array_line; /* of the latest [[table]] header */
	toml_fn *fn;
	void *arg;
	bool stopped;
};

static int
fail(struct tp *t, const char *why)
{
	if (!t->err) {
		t->err = why;
		t->err_line = t->line;
	}
	return -1;
}

#ifdef __clang_analyzer__
/* Deep in a parse the analyzer gives up following calls, and would take
 * a 'return fail(...)' for a success that leaves its outputs unset. */
#define fail(t, why) (fail(t, why), -1)
#endif

static bool
at_end(const struct tp *t)
{
	return t->p >= t->end;
}

static void
skip_ws(struct tp *t)
{
	while (!at_end(t) && (*t->p == ' ' || *t->p == '\t'))
		t->p++;
}

static void
skip_comment(struct tp *t)
{
	if (!at_end(t) && *t->p == '#')
		while (!at_end(t) && *t->p != '\n')
			t->p++;
}

/* Spaces, comments and newlines (inside arrays). */
static void
skip_all(struct tp *t)
{
	for (;;) {
		skip_ws(t);
		skip_comment(t);
		if (at_end(t))
			return;
		if (*t->p == '\n') {
			t->line++;
			t->p++;
		} else if (*t->p == '\r' && t->p + 1 < t->end &&
		    t->p[1] == '\n') {
			t->p++;
		} else {
			return;
		}
	}
}

/* After a value or header: spaces, an optional comment, then a line end
 * or the end of the input. */
static int
end_of_line(struct tp *t)
{
	skip_ws(t);
	skip_comment(t);
	if (at_end(t))
		return 0;
	if (*t->p == '\r' && t->p + 1 < t->end && t->p[1] == '\n')
		t->p++;
	if (*t->p != '\n')
		return fail(t, "unexpected text after a value");
	t->p++;
	t->line++;
	return 0;
}

static bool
bare_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends the UTF-8 of 'cp' at 'o'; returns the bytes written or -1. */
static int
put_utf8(uint32_t cp, char *o)
{
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Reads a one-line string at t->p (on its opening quote) into an arena
 * buffer. Sets '*raw'/'*raw_len' to the bytes between the quotes. */
static int
read_string(struct tp *t, char **out, size_t *olen, const char **raw,
    size_t *raw_len)
{
	char q = *t->p;
	const char *s;
	char *buf;
	size_t o = 0;

	if (t->end - t->p >= 3 && t->p[1] == q && t->p[2] == q)
		return fail(t, "multi-line strings are not supported");
	s = ++t->p;
	while (!at_end(t) && *t->p != q && *t->p != '\n') {
		if (q == '"' && *t->p == '\\' && t->p + 1 < t->end)
			t->p++;
		t->p++;
	}
	if (at_end(t) || *t->p != q)
		return fail(t, "unterminated string");
	*raw = s;
	*raw_len = (size_t)(t->p - s);
	t->p++;
	buf = arena_alloc(t->a, *raw_len + 1);
	for (const char *c = s; c < s + *raw_len; c++) {
		unsigned char u = (unsigned char)*c;
		if ((u < 0x20 && u != '\t') || u == 0x7f) {
			ca_wipe(buf, o);
			return fail(t, "control character in a string");
		}
		if (q == '\'' || u != '\\') {
			buf[o++] = *c;
			continue;
		}
		c++;
		switch (*c) {
		case 'b':
			buf[o++] = '\b';
			break;
		case 't':
			buf[o++] = '\t';
			break;
		case 'n':
			buf[o++] = '\n';
			break;
		case 'f':
			buf[o++] = '\f';
			break;
		case 'r':
			buf[o++] = '\r';
			break;
		case '"':
			buf[o++] = '"';
			break;
		case '\\':
			buf[o++] = '\\';
			break;
		case 'u':
		case 'U': {
			int nd = *c == 'u' ? 4 : 8, w;
			uint32_t cp = 0;
			if (s + *raw_len - c - 1 < nd) {
				ca_wipe(buf, o);
				return fail(t, "bad unicode escape");
			}
			for (int i = 1; i <= nd; i++) {
				int h = hexval(c[i]);
				if (h < 0) {
					ca_wipe(buf, o);
					return fail(t, "bad unicode escape");
				}
				cp = cp << 4 | (uint32_t)h;
			}
			w = put_utf8(cp, buf + o);
			if (w < 0) {
				ca_wipe(buf, o);
				return fail(t, "bad unicode escape");
			}
			o += (size_t)w;
			c += nd;
			break;
		}
		default:
			ca_wipe(buf, o);
			return fail(t, "unknown escape in a string");
		}
	}
	buf[o] = '\0';
	*out = buf;
	*olen = o;
	return 0;
}

static int
read_key_segment(struct tp *t, const char **seg)
{
	const char *s = t->p;
	char *buf;
	size_t n;

	if (at_end(t))
		return fail(t, "expected a key");
	if (*t->p == '"' || *t->p == '\'') {
		const char *raw;
		size_t raw_len;
		if (read_string(t, &buf, &n, &raw, &raw_len) < 0)
			return -1;
		if (n > TOML_MAX_KEY)
			return fail(t, "key too long");
		*seg = buf;
		return 0;
	}
	while (!at_end(t) && bare_char(*t->p))
		t->p++;
	n = (size_t)(t->p - s);
	if (!n)
		return fail(t, "expected a key");
	if (n > TOML_MAX_KEY)
		return fail(t, "key too long");
	*seg = arena_strndup(t->a, s, n);
	return 0;
}

/* Reads a dotted key into path[*depth...]. */
static int
read_key(struct tp *t, const char **path, size_t *depth)
{
	for (;;) {
		skip_ws(t);
		if (*depth >= TOML_MAX_DEPTH)
			return fail(t, "key nested too deeply");
		if (read_key_segment(t, &path[*depth]) < 0)
			return -1;
		(*depth)++;
		skip_ws(t);
		if (at_end(t) || *t->p != '.')
			return 0;
		t->p++;
	}
}

static bool
delimiter(const struct tp *t)
{
	char c;

	if (at_end(t))
		return true;
	c = *t->p;
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' ||
	    c == ']' || c == '}' || c == '#';
}

static int
read_int(struct tp *t, int64_t *out)
{
	const char *s = t->p;
	int base = 10, digits = 0;
	bool neg = false, last_us = true;
	uint64_t v = 0, lim;

	if (*t->p == '+' || *t->p == '-') {
		neg = *t->p == '-';
		t->p++;
	}
	if (t->end - t->p >= 2 && t->p[0] == '0' &&
	    (t->p[1] == 'x' || t->p[1] == 'o' || t->p[1] == 'b')) {
		if (t->p != s)
			return fail(t, "unsupported value");
		base = t->p[1] == 'x' ? 16 : t->p[1] == 'o' ? 8 : 2;
		t->p += 2;
	}
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; !at_end(t); t->p++) {
		int d = hexval(*t->p);
		if (*t->p == '_') {
			if (last_us)
				return fail(t, "bad number");
			last_us = true;
			continue;
		}
		if (d < 0 || d >= base)
			break;
		if (v > (lim - (uint64_t)d) / (uint64_t)base)
			return fail(t, "integer out of range");
		v = v * (uint64_t)base + (uint64_t)d;
		digits++;
		last_us = false;
	}
	if (!digits || last_us || !delimiter(t))
		return fail(t,
		    "unsupported value (floats and dates are not "
		    "read)");
	if (base == 10 && digits > 1 && s[*s == '+' || *s == '-'] == '0')
		return fail(t, "bad number");
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

static bool
digits_at(const struct tp *t, size_t off, size_t n)
{
	if ((size_t)(t->end - t->p) < off + n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (t->p[off + i] < '0' || t->p[off + i] > '9')
			return false;
	return true;
}

/* A date, a time or both ("1979-05-27T07:32:00.5-07:00", "07:32:00",
 * "1979-05-27 07:32:00Z"), taken as written once its shape holds: the
 * digits of each field, the separators, an optional fraction and zone. */
static int
read_datetime(struct tp *t, struct toml_kv *kv)
{
	const char *s = t->p;
	bool date = digits_at(t, 0, 4) && t->end - t->p > 4 && t->p[4] == '-';

	if (date) {
		if (t->end - t->p < 10 || !digits_at(t, 5, 2) ||
		    t->p[7] != '-' || !digits_at(t, 8, 2))
			return fail(t, "bad date");
		t->p += 10;
		if (!at_end(t) &&
		    (*t->p == 'T' || *t->p == 't' ||
		        (*t->p == ' ' && digits_at(t, 1, 2))))
			t->p++;
		else
			goto done;
	}
	if (!digits_at(t, 0, 2) || t->end - t->p < 8 || t->p[2] != ':' ||
	    !digits_at(t, 3, 2) || t->p[5] != ':' || !digits_at(t, 6, 2))
		return fail(t, "bad time");
	t->p += 8;
	if (!at_end(t) && *t->p == '.') {
		t->p++;
		if (!digits_at(t, 0, 1))
			return fail(t, "bad time");
		while (!at_end(t) && *t->p >= '0' && *t->p <= '9')
			t->p++;
	}
	if (date && !at_end(t) && (*t->p == 'Z' || *t->p == 'z')) {
		t->p++;
	} else if (date && !at_end(t) && (*t->p == '+' || *t->p == '-')) {
		if (!digits_at(t, 1, 2) || t->end - t->p < 6 ||
		    t->p[3] != ':' || !digits_at(t, 4, 2))
			return fail(t, "bad time zone");
		t->p += 6;
	}
done:
	if (!delimiter(t))
		return fail(t, "unsupported value (floats are not read)");
	kv->type = TOML_DATETIME;
	kv->raw = s;
	kv->raw_len = (size_t)(t->p - s);
	return 0;
}

static int read_value(struct tp *t, const char **path, size_t depth,
    size_t nest, bool report);

static int
emit(struct tp *t, struct toml_kv *kv, const char **path, size_t depth,
    bool report)
{
	int r;

	if (!report || t->stopped)
		return 0;
	kv->path = path;
	kv->depth = depth;
	kv->in_array_table = t->array_table;
	kv->array_line = t->array_line;
	r = t->fn(t->arg, kv);
	if (r)
		t->stopped = true;
	return 0;
}

static int
read_array(struct tp *t, size_t nest)
{
	/* elements are checked, not reported: their keys (inline tables)
	 * go to a path of their own */
	const char *none[TOML_MAX_DEPTH];

	t->p++; /* '[' */
	for (;;) {
		skip_all(t);
		if (at_end(t))
			return fail(t, "unterminated array");
		if (*t->p == ']') {
			t->p++;
			return 0;
		}
		if (read_value(t, none, 0, nest + 1, false) < 0)
			return -1;
		skip_all(t);
		if (at_end(t))
			return fail(t, "unterminated array");
		if (*t->p == ',') {
			t->p++;
			continue;
		}
		if (*t->p != ']')
			return fail(t, "expected ',' or ']' in an array");
	}
}

static int
read_inline_table(struct tp *t, const char **path, size_t depth, size_t nest,
    bool report)
{
	bool first = true;

	t->p++; /* '{' */
	for (;;) {
		size_t d = depth;
		skip_ws(t);
		if (at_end(t) || *t->p == '\n')
			return fail(t, "unterminated inline table");
		if (*t->p == '}' && first) {
			t->p++;
			return 0;
		}
		if (read_key(t, path, &d) < 0)
			return -1;
		if (at_end(t) || *t->p != '=')
			return fail(t, "expected '=' after a key");
		t->p++;
		skip_ws(t);
		if (read_value(t, path, d, nest + 1, report) < 0)
			return -1;
		skip_ws(t);
		if (at_end(t))
			return fail(t, "unterminated inline table");
		first = false;
		if (*t->p == '}') {
			t->p++;
			return 0;
		}
		if (*t->p != ',')
			return fail(t,
			    "expected ',' or '}' in an inline "
			    "table");
		t->p++;
	}
}

static int
read_value(struct tp *t, const char **path, size_t depth, size_t nest,
    bool report)
{
	struct toml_kv kv;

	if (nest >= TOML_MAX_DEPTH)
		return fail(t, "values nested too deeply");
	if (at_end(t))
		return fail(t, "expected a value");
	memset(&kv, 0, sizeof(kv));
	kv.line = t->line;
	switch (*t->p) {
	case '"':
	case '\'': {
		char *buf;
		if (read_string(t, &buf, &kv.len, &kv.raw, &kv.raw_len) < 0)
			return -1;
		kv.type = TOML_STRING;
		kv.str = buf;
		emit(t, &kv, path, depth, report);
		ca_wipe(buf, kv.len);
		return 0;
	}
	case '[':
		kv.raw = t->p;
		if (read_array(t, nest) < 0)
			return -1;
		kv.raw_len = (size_t)(t->p - kv.raw);
		kv.type = TOML_ARRAY;
		return emit(t, &kv, path, depth, report);
	case '{':
		return read_inline_table(t, path, depth, nest, report);
	case 't':
	case 'f': {
		bool v = *t->p == 't';
		const char *w = v ? "true" : "false";
		size_t n = strlen(w);
		if ((size_t)(t->end - t->p) < n || memcmp(t->p, w, n))
			return fail(t, "unsupported value");
		t->p += n;
		if (!delimiter(t))
			return fail(t, "unsupported value");
		kv.type = TOML_BOOL;
		kv.b = v;
		return emit(t, &kv, path, depth, report);
	}
	default:
		if ((digits_at(t, 0, 4) && t->end - t->p > 4 &&
		        t->p[4] == '-') ||
		    (digits_at(t, 0, 2) && t->end - t->p > 2 &&
		        t->p[2] == ':')) {
			if (read_datetime(t, &kv) < 0)
				return -1;
			return emit(t, &kv, path, depth, report);
		}
		if ((*t->p >= '0' && *t->p <= '9') || *t->p == '+' ||
		    *t->p == '-') {
			if (read_int(t, &kv.num) < 0)
				return -1;
			kv.type = TOML_INT;
			return emit(t, &kv, path, depth, report);
		}
		return fail(t, "unsupported value");
	}
}

static int
read_header(struct tp *t)
{
	bool array = t->end - t->p >= 2 && t->p[1] == '[';

	if (array)
		t->array_line = t->line;
	t->p += array ? 2 : 1;
	t->ntable = 0;
	if (read_key(t, t->path, &t->ntable) < 0)
		return -1;
	if (array) {
		if (t->end - t->p < 2 || t->p[0] != ']' || t->p[1] != ']')
			return fail(t, "expected ']]'");
		t->p += 2;
	} else {
		if (at_end(t) || *t->p != ']')
			return fail(t, "expected ']'");
		t->p++;
	}
	t->array_table = array;
	return end_of_line(t);
}

int
toml_parse(struct arena *a, const char *data, size_t len, toml_fn *fn,
    void *arg, struct toml_status *st)
{
	struct tp t;
	int r = 0;

	memset(&t, 0, sizeof(t));
	t.a = a;
	t.p = data;
	t.end = data + len;
	t.line = 1;
	t.fn = fn;
	t.arg = arg;
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		t.p += 3;
	if (memchr(data, '\0', len)) {
		fail(&t, "NUL byte in the input");
		r = -1;
	}
	while (!r && !t.stopped) {
		skip_all(&t);
		if (at_end(&t))
			break;
		if (*t.p == '[') {
			r = read_header(&t);
		} else {
			size_t d = t.ntable;
			/* key path after the table's own segments */
			const char **path = t.path;
			r = read_key(&t, path, &d);
			if (!r && (at_end(&t) || *t.p != '='))
				r = fail(&t, "expected '=' after a key");
			if (!r) {
				t.p++;
				skip_ws(&t);
				r = read_value(&t, path, d, 0, true);
			}
			if (!r)
				r = end_of_line(&t);
		}
	}
	if (st) {
		st->error = t.err;
		st->line = t.err_line;
	}
	if (r < 0)
		return -1;
	return t.stopped ? 1 : 0;
}

bool
toml_path_is(const struct toml_kv *kv, const char *const *names)
{
	size_t i;

	for (i = 0; names[i]; i++) {
		if (i >= kv->depth)
			return false;
		if (strcmp(names[i], "*") && strcmp(names[i], kv->path[i]))
			return false;
	}
	return i == kv->depth;
}
