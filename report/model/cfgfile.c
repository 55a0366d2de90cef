/* cfgfile.c - JSON (jansson) or YAML (libyaml) into one jansson tree, with
 * positions. See cfgfile.h.
 *
 * jansson keeps no positions, so after it has accepted a JSON document a
 * small walker goes over the same bytes again and notes where each key
 * and element starts, under the same path names the validators use
 * ("rules[0].match.path"). The YAML reader notes them as it builds the
 * tree from libyaml's events. */
#include "lib/compat.h"
#include <fnmatch.h>
#include <yaml.h>
#include "lib/glob.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/str.h"
#include "lib/xalloc.h"
#include "report/model/cfgfile.h"
#include "lib/banned.h"

#define PATH_MAX_LEN  256 /* deeper or longer paths get no position */
#define MAX_POSITIONS 65536
#define GLOB_MAX_LEN  1024

struct cfg_pos {
	char *path;
	unsigned long line, col;
};

/* ---- positions ------------------------------------------------------- */

static void
pos_add(struct ca_cfgfile *cf, const char *path, unsigned long line,
    unsigned long col)
{
	if (cf->npos >= MAX_POSITIONS)
		return;
	if (cf->npos == cf->cappos) {
		cf->cappos = cf->cappos ? cf->cappos * 2 : 32;
		cf->pos = xrealloc(cf->pos, cf->cappos * sizeof(*cf->pos));
	}
	cf->pos[cf->npos].path = xstrdup(path);
	cf->pos[cf->npos].line = line;
	cf->pos[cf->npos].col = col;
	cf->npos++;
}

/* The position noted for 'path', else for its nearest parent, else 0. */
static const struct cfg_pos *
pos_find(const struct ca_cfgfile *cf, const char *path)
{
	char buf[PATH_MAX_LEN];
	size_t n;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		buf[0] = '\0';
	for (;;) {
		for (size_t i = 0; i < cf->npos; i++)
			if (!strcmp(cf->pos[i].path, buf))
				return &cf->pos[i];
		n = strlen(buf);
		if (!n)
			return NULL;
		/* drop the last ".key" or "[i]" */
		while (n > 0 && buf[n - 1] != '.' && buf[n - 1] != '[')
			n--;
		if (n > 0)
			n--;
		buf[n] = '\0';
	}
}

/* Path lengths: NOPATH means "too deep or too long, note nothing". */
#define NOPATH ((size_t)-1)

/* Appends ".key" (or "key" at the top) to the path in 'buf' of length
 * 'len'. Returns the new length, or NOPATH when it does not fit. */
static size_t
path_key(char *buf, size_t len, const char *key)
{
	int n;

	if (len == NOPATH)
		return NOPATH;
	n = snprintf(buf + len, PATH_MAX_LEN - len, "%s%s", len ? "." : "",
	    key);
	if (n < 0 || (size_t)n >= PATH_MAX_LEN - len) {
		buf[len] = '\0';
		return NOPATH;
	}
	return len + (size_t)n;
}

/* Appends "[i]"; as path_key(). */
static size_t
path_index(char *buf, size_t len, size_t i)
{
	int n;

	if (len == NOPATH)
		return NOPATH;
	n = snprintf(buf + len, PATH_MAX_LEN - len, "[%zu]", i);
	if (n < 0 || (size_t)n >= PATH_MAX_LEN - len) {
		buf[len] = '\0';
		return NOPATH;
	}
	return len + (size_t)n;
}

/* Cuts the path back to 'len' after a child is done. */
static void
path_cut(char *buf, size_t len)
{
	if (len != NOPATH)
		buf[len] = '\0';
}

/* ---- errors ---------------------------------------------------------- */

static int CA_PRINTF(5, 0)
    verror_at(const struct ca_cfgfile *cf, unsigned long line,
        unsigned long col, const char *path, const char *fmt, va_list ap)
{
	char msg[512], where[64] = "", p[PATH_MAX_LEN + 4] = "";

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (line)
		snprintf(where, sizeof(where), "line %lu, column %lu: ", line,
		    col);
	if (path && *path)
		snprintf(p, sizeof(p), "%s: ", path);
	return ca_error("cannot load %s '%s': %s%s%s", cf->what, cf->name,
	    where, p, msg);
}

static int CA_PRINTF(5, 6)
    error_at(const struct ca_cfgfile *cf, unsigned long line, unsigned long col,
        const char *path, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = verror_at(cf, line, col, path, fmt, ap);
	va_end(ap);
	return r;
}

int
ca_cfg_error(const struct ca_cfgfile *cf, const char *path, const char *fmt,
    ...)
{
	const struct cfg_pos *pos = pos_find(cf, path ? path : "");
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = verror_at(cf, pos ? pos->line : 0, pos ? pos->col : 0, path, fmt,
	    ap);
	va_end(ap);
	return r;
}

/* ---- JSON positions -------------------------------------------------- */

struct jwalk {
	struct ca_cfgfile *cf;
	const char *p, *end;
	unsigned long line, col;
};

static void
jw_next(struct jwalk *w)
{
	if (w->p >= w->end)
		return;
	if (*w->p == '\n') {
		w->line++;
		w->col = 1;
	} else if (((unsigned char)*w->p & 0xc0) != 0x80) {
		w->col++; /* columns count characters, as jansson's do */
	}
	w->p++;
}

static void
jw_space(struct jwalk *w)
{
	while (w->p < w->end && strchr(" \t\r\n", *w->p) && *w->p)
		jw_next(w);
}

/* Skips a string starting at its opening quote. */
static void
jw_string(struct jwalk *w)
{
	jw_next(w);
	while (w->p < w->end && *w->p != '"') {
		if (*w->p == '\\')
			jw_next(w);
		jw_next(w);
	}
	jw_next(w);
}

/* Notes the positions of everything inside the value at w->p, whose path
 * is buf[0..len) (NOPATH: note nothing below). The document has already
 * been accepted by jansson, so this trusts its shape but never reads past
 * the end. */
static void
jw_value(struct jwalk *w, char *buf, size_t len, int depth)
{
	const char *before;
	size_t i = 0, n;

	jw_space(w);
	if (w->p >= w->end)
		return;
	if (*w->p == '"') {
		jw_string(w);
		return;
	}
	if (*w->p != '{' && *w->p != '[') {
		/* a literal or a number; strchr() finds the NUL terminator,
		 * so a stray NUL byte counts as part of the token */
		while (
		    w->p < w->end && (!*w->p || !strchr(",]} \t\r\n", *w->p)))
			jw_next(w);
		return;
	}
	if (depth > CA_CFG_MAX_DEPTH)
		len = NOPATH;
	if (*w->p == '[') {
		jw_next(w);
		for (;;) {
			jw_space(w);
			if (w->p >= w->end)
				return;
			if (*w->p == ']') {
				jw_next(w);
				return;
			}
			if (*w->p == ',') {
				jw_next(w);
				continue;
			}
			n = path_index(buf, len, i++);
			if (n != NOPATH)
				pos_add(w->cf, buf, w->line, w->col);
			before = w->p;
			jw_value(w, buf, n, depth + 1);
			path_cut(buf, len);
			if (w->p == before)
				jw_next(w); /* whatever it is, never stall */
		}
	}
	jw_next(w);
	for (;;) {
		const char *k;
		json_t *key;
		unsigned long line, col;

		jw_space(w);
		if (w->p >= w->end)
			return;
		if (*w->p == '}') {
			jw_next(w);
			return;
		}
		if (*w->p == ',') {
			jw_next(w);
			continue;
		}
		if (*w->p != '"') {
			jw_next(w); /* cannot happen in accepted JSON */
			continue;
		}
		k = w->p;
		line = w->line;
		col = w->col;
		jw_string(w);
		n = NOPATH;
		if (len != NOPATH) {
			key = json_loadb(k, (size_t)(w->p - k), JSON_DECODE_ANY,
			    NULL);
			if (json_is_string(key))
				n = path_key(buf, len, json_string_value(key));
			json_decref(key);
		}
		if (n != NOPATH)
			pos_add(w->cf, buf, line, col);
		jw_space(w);
		if (w->p < w->end && *w->p == ':')
			jw_next(w);
		jw_value(w, buf, n, depth + 1);
		path_cut(buf, len);
	}
}

static int
parse_json(struct ca_cfgfile *cf, const char *buf, size_t len)
{
	struct jwalk w = { cf, buf, buf + len, 1, 1 };
	char path[PATH_MAX_LEN] = "";
	json_error_t err;

	cf->root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	if (!cf->root)
		return error_at(cf, err.line > 0 ? (unsigned long)err.line : 0,
		    err.column > 0 ? (unsigned long)err.column : 0, NULL, "%s",
		    err.text);
	pos_add(cf, "", 1, 1);
	jw_value(&w, path, 0, 0);
	return 0;
}

/* ---- YAML ------------------------------------------------------------ */

struct ywalk {
	struct ca_cfgfile *cf;
	yaml_parser_t parser;
};

/* Fetches the next event into 'ev'. Returns 0 or -1 after an error. */
static int
y_next(struct ywalk *y, yaml_event_t *ev)
{
	if (yaml_parser_parse(&y->parser, ev))
		return 0;
	return error_at(y->cf, y->parser.problem_mark.line + 1,
	    y->parser.problem_mark.column + 1, NULL, "%s%s%s",
	    y->parser.problem ? y->parser.problem : "invalid YAML",
	    y->parser.context ? " " : "",
	    y->parser.context ? y->parser.context : "");
}

static bool
all_digits(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* The YAML 1.2 core schema, for plain scalars only; everything else is a
 * string. Dates stay strings: the validators parse them. */
static json_t *
y_scalar(const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	const char *tag = (const char *)ev->data.scalar.tag;
	size_t len = ev->data.scalar.length;
	char *end;
	long long ll;
	double d;

	if (tag && strcmp(tag, "!") && strcmp(tag, YAML_NULL_TAG) &&
	    strcmp(tag, YAML_BOOL_TAG) && strcmp(tag, YAML_INT_TAG) &&
	    strcmp(tag, YAML_FLOAT_TAG))
		return json_stringn(s, len);
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
	    (tag && !strcmp(tag, "!")) || strlen(s) != len)
		return json_stringn(s, len);
	if (!len || !strcmp(s, "~") || !strcmp(s, "null") ||
	    !strcmp(s, "Null") || !strcmp(s, "NULL"))
		return json_null();
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return json_true();
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return json_false();
	if (all_digits(s)) {
		errno = 0;
		ll = strtoll(s, &end, 10);
		if (!errno && !*end)
			return json_integer(ll);
		return json_stringn(s, len);
	}
	if (strspn(s, "+-0123456789.eE") == len && strpbrk(s, "0123456789")) {
		errno = 0;
		d = strtod(s, &end);
		if (!errno && !*end)
			return json_real(d);
	}
	return json_stringn(s, len);
}

static json_t *y_node(struct ywalk *y, yaml_event_t *ev, char *buf, size_t len,
    int depth);

/* Builds the mapping whose start event has been read. */
static json_t *
y_mapping(struct ywalk *y, char *buf, size_t len, int depth)
{
	json_t *obj = json_object(), *val;
	yaml_event_t ev;
	char key[GLOB_MAX_LEN + 1], pk[64];
	const char *at = len == NOPATH ? NULL : buf;
	size_t n;

	for (;;) {
		if (y_next(y, &ev) < 0)
			goto fail;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return obj;
		}
		if (ev.type != YAML_SCALAR_EVENT ||
		    ev.data.scalar.length > GLOB_MAX_LEN ||
		    strlen((const char *)ev.data.scalar.value) !=
		        ev.data.scalar.length) {
			error_at(y->cf, ev.start_mark.line + 1,
			    ev.start_mark.column + 1, at,
			    "a key must be a "
			    "string of at most %d bytes",
			    GLOB_MAX_LEN);
			yaml_event_delete(&ev);
			goto fail;
		}
		memcpy(key, ev.data.scalar.value, ev.data.scalar.length + 1);
		if (json_object_get(obj, key)) {
			error_at(y->cf, ev.start_mark.line + 1,
			    ev.start_mark.column + 1, at, "duplicate key '%s'",
			    ca_printable_buf(pk, sizeof(pk), key));
			yaml_event_delete(&ev);
			goto fail;
		}
		n = path_key(buf, len, key);
		if (n != NOPATH)
			pos_add(y->cf, buf, ev.start_mark.line + 1,
			    ev.start_mark.column + 1);
		yaml_event_delete(&ev);
		if (y_next(y, &ev) < 0)
			goto fail;
		val = y_node(y, &ev, buf, n, depth + 1);
		path_cut(buf, len);
		if (!val || json_object_set_new(obj, key, val))
			goto fail;
	}
fail:
	json_decref(obj);
	return NULL;
}

static json_t *
y_sequence(struct ywalk *y, char *buf, size_t len, int depth)
{
	json_t *arr = json_array(), *val;
	yaml_event_t ev;
	size_t i = 0, n;

	for (;;) {
		if (y_next(y, &ev) < 0)
			goto fail;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return arr;
		}
		n = path_index(buf, len, i++);
		if (n != NOPATH)
			pos_add(y->cf, buf, ev.start_mark.line + 1,
			    ev.start_mark.column + 1);
		val = y_node(y, &ev, buf, n, depth + 1);
		path_cut(buf, len);
		if (!val || json_array_append_new(arr, val))
			goto fail;
	}
fail:
	json_decref(arr);
	return NULL;
}

/* Builds the node whose first event is 'ev' (taken: deleted here). */
static json_t *
y_node(struct ywalk *y, yaml_event_t *ev, char *buf, size_t len, int depth)
{
	unsigned long line = ev->start_mark.line + 1;
	unsigned long col = ev->start_mark.column + 1;
	yaml_event_type_t type = ev->type;
	json_t *r = NULL;

	if (type == YAML_SCALAR_EVENT)
		r = y_scalar(ev);
	yaml_event_delete(ev);
	if (len == NOPATH)
		buf = NULL; /* only for messages below */
	switch (type) {
	case YAML_SCALAR_EVENT:
		return r;
	case YAML_ALIAS_EVENT:
		error_at(y->cf, line, col, buf, "aliases are not supported");
		return NULL;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		if (depth > CA_CFG_MAX_DEPTH) {
			error_at(y->cf, line, col, buf, "nested too deeply");
			return NULL;
		}
		return type == YAML_MAPPING_START_EVENT ?
		    y_mapping(y, buf, len, depth) :
		    y_sequence(y, buf, len, depth);
	default:
		error_at(y->cf, line, col, buf, "unexpected YAML event");
		return NULL;
	}
}

static int
parse_yaml(struct ca_cfgfile *cf, const char *buf, size_t len)
{
	struct ywalk y = { .cf = cf };
	char path[PATH_MAX_LEN] = "";
	yaml_event_t ev;
	int ret = -1;

	if (!yaml_parser_initialize(&y.parser))
		return ca_error("cannot start the YAML parser: out of memory");
	yaml_parser_set_input_string(&y.parser, (const unsigned char *)buf,
	    len);
	pos_add(cf, "", 1, 1);
	if (y_next(&y, &ev) < 0)
		goto out;
	yaml_event_delete(&ev); /* stream start */
	if (y_next(&y, &ev) < 0)
		goto out;
	if (ev.type == YAML_STREAM_END_EVENT) {
		/* an empty file is an empty document */
		yaml_event_delete(&ev);
		cf->root = json_null();
		ret = 0;
		goto out;
	}
	yaml_event_delete(&ev); /* document start */
	if (y_next(&y, &ev) < 0)
		goto out;
	cf->root = y_node(&y, &ev, path, 0, 0);
	if (!cf->root)
		goto out;
	if (y_next(&y, &ev) < 0) /* document end */
		goto out;
	yaml_event_delete(&ev);
	if (y_next(&y, &ev) < 0)
		goto out;
	if (ev.type != YAML_STREAM_END_EVENT) {
		error_at(cf, ev.start_mark.line + 1, ev.start_mark.column + 1,
		    NULL, "only one YAML document is allowed");
		yaml_event_delete(&ev);
		goto out;
	}
	yaml_event_delete(&ev);
	ret = 0;
out:
	if (ret < 0) {
		json_decref(cf->root);
		cf->root = NULL;
	}
	yaml_parser_delete(&y.parser);
	return ret;
}

/* ---- the file -------------------------------------------------------- */

int
ca_cfgfile_parse(struct ca_cfgfile *cf, const char *what, const char *name,
    const char *buf, size_t len)
{
	bool json;
	size_t i = 0;

	memset(cf, 0, sizeof(*cf));
	cf->what = what;
	cf->name = name;
	if (len > CA_CFG_MAX_BYTES)
		return error_at(cf, 0, 0, NULL, "larger than %u bytes",
		    CA_CFG_MAX_BYTES);
	if (ca_ends_with_icase(name, ".json")) {
		json = true;
	} else if (ca_ends_with_icase(name, ".yaml") ||
	    ca_ends_with_icase(name, ".yml")) {
		json = false;
	} else {
		while (i < len && strchr(" \t\r\n", buf[i]) && buf[i])
			i++;
		json = i < len && buf[i] == '{';
	}
	return json ? parse_json(cf, buf, len) : parse_yaml(cf, buf, len);
}

int
ca_cfgfile_load(struct ca_cfgfile *cf, const char *what, const char *path)
{
	struct strbuf sb = STRBUF_INIT(CA_CFG_MAX_BYTES + 1);
	char chunk[8192];
	FILE *f;
	size_t n;
	int ret;

	memset(cf, 0, sizeof(*cf));
	cf->what = what;
	cf->name = path;
	f = fopen(path, "rb");
	if (!f)
		return ca_error("cannot read %s '%s': %s", what, path,
		    strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (strbuf_add(&sb, chunk, n) < 0) {
			fclose(f);
			strbuf_release(&sb);
			return error_at(cf, 0, 0, NULL, "larger than %u bytes",
			    CA_CFG_MAX_BYTES);
		}
	}
	if (ferror(f)) {
		ret = ca_error("cannot read %s '%s': %s", what, path,
		    strerror(errno));
		fclose(f);
		strbuf_release(&sb);
		return ret;
	}
	fclose(f);
	ret = ca_cfgfile_parse(cf, what, path, sb.buf, sb.len);
	strbuf_release(&sb);
	return ret;
}

void
ca_cfgfile_release(struct ca_cfgfile *cf)
{
	for (size_t i = 0; i < cf->npos; i++)
		free(cf->pos[i].path);
	free(cf->pos);
	cf->pos = NULL;
	cf->npos = cf->cappos = 0;
	json_decref(cf->root);
	cf->root = NULL;
}

/* ---- validators ------------------------------------------------------ */

/* Joins 'path' and 'key' into 'out' the way positions are named. */
static const char *
join(char *out, size_t size, const char *path, const char *key)
{
	snprintf(out, size, "%s%s%s", path, *path ? "." : "", key);
	return out;
}

int
ca_cfg_keys(const struct ca_cfgfile *cf, const json_t *obj, const char *path,
    const char *const *allowed)
{
	const char *key;
	json_t *val;
	char at[PATH_MAX_LEN + 64], pk[64];

	if (!json_is_object(obj))
		return ca_cfg_error(cf, path, "expected a mapping");
	json_object_foreach((json_t *)obj, key, val)
	{
		bool ok = false;
		for (size_t i = 0; allowed[i]; i++)
			if (!strcmp(key, allowed[i]))
				ok = true;
		if (!ok)
			return ca_cfg_error(cf, join(at, sizeof(at), path, key),
			    "unknown key '%s'",
			    ca_printable_buf(pk, sizeof(pk), key));
	}
	return 0;
}

int
ca_cfg_string(const struct ca_cfgfile *cf, const json_t *obj, const char *path,
    const char *key, bool required, const char **out)
{
	json_t *v = json_object_get(obj, key);
	char at[PATH_MAX_LEN + 64];

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return ca_cfg_error(cf, path, "'%s' is required", key);
		return 0;
	}
	if (!json_is_string(v) || !json_string_length(v) ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return ca_cfg_error(cf, join(at, sizeof(at), path, key),
		    "expected a non-empty string");
	*out = json_string_value(v);
	return 0;
}

/* Checks one pattern; 'at' names it. */
static int
check_glob(const struct ca_cfgfile *cf, const char *at, const json_t *v)
{
	const char *s, *p;
	int stars = 0;

	if (!json_is_string(v) || !json_string_length(v) ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return ca_cfg_error(cf, at, "expected a non-empty string");
	s = json_string_value(v);
	if (strlen(s) > GLOB_MAX_LEN)
		return ca_cfg_error(cf, at, "a pattern is at most %d bytes",
		    GLOB_MAX_LEN);
	/* Each '**' but a final one multiplies the matching time by the
	 * depth of the path (lib/glob.c recurses), and paths come from the
	 * scanned tree: two keep it quadratic on hostile trees. */
	for (p = s; (p = strstr(p, "**")); p += 2)
		if (p[2])
			stars++;
	if (stars > 2)
		return ca_cfg_error(cf, at,
		    "a pattern may have at most two "
		    "'**' before its end");
	return 0;
}

int
ca_cfg_globs(const struct ca_cfgfile *cf, const json_t *obj, const char *path,
    const char *key, struct ca_globs *g)
{
	json_t *v = json_object_get(obj, key);
	char at[PATH_MAX_LEN + 64], el[PATH_MAX_LEN + 96];

	memset(g, 0, sizeof(*g));
	if (!v)
		return 0;
	join(at, sizeof(at), path, key);
	if (json_is_array(v)) {
		size_t n = json_array_size(v);
		if (!n)
			return ca_cfg_error(cf, at,
			    "expected a pattern or a "
			    "non-empty list of them");
		for (size_t i = 0; i < n; i++) {
			snprintf(el, sizeof(el), "%s[%zu]", at, i);
			if (check_glob(cf, el, json_array_get(v, i)) < 0)
				return -1;
		}
		g->v = xcalloc(n, sizeof(*g->v));
		for (size_t i = 0; i < n; i++)
			g->v[i] = json_string_value(json_array_get(v, i));
		g->n = n;
		return 0;
	}
	if (check_glob(cf, at, v) < 0)
		return -1;
	g->v = xcalloc(1, sizeof(*g->v));
	g->v[0] = json_string_value(v);
	g->n = 1;
	return 0;
}

void
ca_globs_release(struct ca_globs *g)
{
	free(g->v);
	g->v = NULL;
	g->n = 0;
}

bool
ca_globs_match(const struct ca_globs *g, const char *s, int flags)
{
	if (!s)
		return false;
	for (size_t i = 0; i < g->n; i++)
		if (!fnmatch(g->v[i], s, flags))
			return true;
	return false;
}

bool
ca_globs_match_path(const struct ca_globs *g, const char *path)
{
	if (!path)
		return false;
	while (*path == '/')
		path++;
	for (size_t i = 0; i < g->n; i++) {
		const char *p = g->v[i];
		while (*p == '/')
			p++;
		if (ca_glob_match(p, path))
			return true;
	}
	return false;
}

int
ca_cfgfile_read(const char *what, const char *path, struct strbuf *sb)
{
	char chunk[8192];
	FILE *f;
	size_t n;
	int ret = 0;

	f = fopen(path, "rb");
	if (!f)
		return ca_error("cannot read %s '%s': %s", what, path,
		    strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (sb->len + n > CA_CFG_MAX_BYTES ||
		    strbuf_add(sb, chunk, n) < 0) {
			ret = ca_error("cannot load %s '%s': larger than %u "
			               "bytes",
			    what, path, CA_CFG_MAX_BYTES);
			break;
		}
	}
	if (!ret && ferror(f))
		ret = ca_error("cannot read %s '%s': %s", what, path,
		    strerror(errno));
	fclose(f);
	return ret;
}
