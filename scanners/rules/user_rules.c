/* user_rules.c - content rules from the user's rules files (--rules FILE),
 * in the style of gitleaks: a list of rules, each with an id, a regex and
 * optionally a description, the secret's capture group, keywords, an
 * entropy floor, a kind, a tier and an allowlist (regexes, paths,
 * stopwords). YAML and JSON are read by report/model/cfgfile (positions in
 * every error), TOML by scanners/kit/toml into the same tree.
 *
 * A rules file is trusted no more than any input: its size, the number of
 * rules, the length of each pattern are capped; every regex is compiled
 * here so that a bad one is an error naming the file and the rule; and
 * every match runs under PCRE2 match and depth limits (engine.c), so a
 * pattern that backtracks catastrophically costs a bounded time per
 * candidate. The engine compiles the rules into its one vectorscan
 * database beside the built-in ones. */
#include "lib/compat.h"
#include "scanners/rules/rules_p.h"
#include "lib/arena.h"
#include "lib/hash.h"
#include "lib/log.h"
#include "lib/str.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "report/model/cfgfile.h"
#include "report/model/finding.h"
#include "scanners/core/registry.h"
#include "scanners/kit/toml.h"
#include <hs/hs.h>
#include <ctype.h>
#include <jansson.h>
#include <strings.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#ifdef CA_HAVE_VALGRIND
#include <valgrind.h>
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif
#include "lib/banned.h"

#define MAX_RULES   1000 /* over every file */
#define MAX_PATTERN 4096 /* bytes of one regex */
#define MAX_LIST    256  /* keywords, stopwords, allowlist entries */
#define MAX_ID      64

static const char *const *const no_examples = (const char *const[]){ NULL };

void
ca_rules_jit(void *re)
{
	/* Without JIT (an exotic platform, or valgrind) matching is slower
	 * but right. */
	if (!RUNNING_ON_VALGRIND)
		(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
}

/* Compiles 'pattern' for PCRE2 (JIT when it can). Returns the code or
 * NULL after ca_error() naming 'file', 'id' and 'what'. */
static pcre2_code *
compile_re(const char *file, const char *id, const char *what,
    const char *pattern, uint32_t opts)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *re;

	if (strlen(pattern) > MAX_PATTERN) {
		ca_error("rules file '%s': rule '%s': %s is longer than %d "
		         "bytes",
		    file, id, what, MAX_PATTERN);
		return NULL;
	}
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts,
	    &err, &off, NULL);
	if (!re) {
		PCRE2_UCHAR msg[160];

		pcre2_get_error_message(err, msg, sizeof(msg));
		ca_error("rules file '%s': rule '%s': %s does not compile at "
		         "offset %zu: %s",
		    file, id, what, (size_t)off, (const char *)msg);
		return NULL;
	}
	ca_rules_jit(re);
	return re;
}

/* True when 'id' names a built-in rule: a content rule or a surface
 * module's. */
static bool
builtin_id(const char *id)
{
	size_t n, ns;
	const struct ca_rule *t = ca_rule_table(&n);
	const struct ca_scanner *const *sc = ca_scanners(&ns);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].id, id))
			return true;
	for (size_t i = 0; i < ns; i++)
		for (const struct ca_rule_doc *d = sc[i]->rules; d && d->id;
		     d++)
			if (!strcmp(d->id, id))
				return true;
	return false;
}

static bool
valid_id(const char *id)
{
	size_t n = strlen(id);

	if (!n || n > MAX_ID)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)id[i];

		if (!(isalnum(c) || c == '.' || c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* Reads obj[key], a string or a list of strings, into an arena array.
 * 'lower' folds ASCII case (keywords and stopwords match caseless).
 * Returns 0 or -1 after an error. */
static int
str_list(const struct ca_cfgfile *cf, struct arena *a, const json_t *obj,
    const char *path, const char *key, bool lower, const char ***out, size_t *n)
{
	const json_t *v = json_object_get(obj, key);
	char at[160];
	size_t cnt;

	*out = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	snprintf(at, sizeof(at), "%s.%s", path, key);
	if (json_is_string(v)) {
		cnt = 1;
	} else if (json_is_array(v)) {
		cnt = json_array_size(v);
	} else {
		return ca_cfg_error(cf, at, "expected a string or a list");
	}
	if (cnt > MAX_LIST)
		return ca_cfg_error(cf, at, "more than %d entries", MAX_LIST);
	*out = arena_alloc(a, (cnt ? cnt : 1) * sizeof(**out));
	for (size_t i = 0; i < cnt; i++) {
		const json_t *e = json_is_string(v) ? v : json_array_get(v, i);
		char *s;

		if (!json_is_string(e) || !json_string_length(e))
			return ca_cfg_error(cf, at,
			    "expected non-empty strings");
		if (json_string_length(e) > MAX_PATTERN)
			return ca_cfg_error(cf, at,
			    "an entry is longer than "
			    "%d bytes",
			    MAX_PATTERN);
		s = arena_strdup(a, json_string_value(e));
		if (lower)
			for (char *p = s; *p; p++)
				*p = (char)tolower((unsigned char)*p);
		(*out)[(*n)++] = s;
	}
	return 0;
}

/* Compiles a list of regexes (borrowed strings) into 're' (owned by
 * 'ur'). Returns 0 or -1. */
static int
re_list(struct ca_user_rules *ur, const char *file, const char *id,
    const char *what, const char *const *v, size_t n, void ***re)
{
	*re = NULL;
	if (!n)
		return 0;
	*re = arena_alloc(ur->arena, n * sizeof(**re));
	for (size_t i = 0; i < n; i++) {
		(*re)[i] = compile_re(file, id, what, v[i], 0);
		if (!(*re)[i])
			return -1;
		ur->owned_re[ur->nowned++] = (*re)[i];
	}
	return 0;
}

static double
number_of(const json_t *v, bool *ok)
{
	char *end;
	double d;

	*ok = true;
	if (json_is_number(v))
		return json_number_value(v);
	if (json_is_string(v)) {
		d = strtod(json_string_value(v), &end);
		if (end != json_string_value(v) && !*end)
			return d;
	}
	*ok = false;
	return 0;
}

/* Adds the rule at 'obj' (path 'path' in the file). */
static int
add_rule(struct ca_user_rules *ur, const struct ca_cfgfile *cf,
    const char *file, const json_t *obj, const char *path)
{
	static const char *const keys[] = { "id", "description", "regex",
		"secretGroup", "keywords", "entropy", "kind", "tier",
		"allowlist", "tags", NULL };
	static const char *const allow_keys[] = { "regexes", "paths",
		"stopwords", "description", "regexTarget", NULL };
	struct ca_user_rule *u;
	const char *id, *desc, *regex, *kind, *tier, *target;
	const json_t *v, *al;
	char at[160];
	const char **allow_re = NULL, **paths = NULL;
	size_t nallow_re = 0, npaths = 0;
	bool ok;
	uint32_t groups = 0;
	pcre2_code *re;

	if (ca_cfg_keys(cf, obj, path, keys) < 0 ||
	    ca_cfg_string(cf, obj, path, "id", true, &id) < 0 ||
	    ca_cfg_string(cf, obj, path, "description", false, &desc) < 0 ||
	    ca_cfg_string(cf, obj, path, "regex", true, &regex) < 0 ||
	    ca_cfg_string(cf, obj, path, "kind", false, &kind) < 0 ||
	    ca_cfg_string(cf, obj, path, "tier", false, &tier) < 0)
		return -1;
	if (!valid_id(id))
		return ca_cfg_error(cf, path,
		    "id '%.64s' must be 1 to %d letters, digits, '.', '-' "
		    "or '_'",
		    id, MAX_ID);
	if (builtin_id(id))
		return ca_cfg_error(cf, path, "id '%s' is a built-in rule's id",
		    id);
	for (size_t i = 0; i < ur->n; i++)
		if (!strcmp(ur->v[i].rule.id, id))
			return ca_cfg_error(cf, path,
			    "id '%s' is given twice (also in '%s')", id,
			    ur->v[i].source);
	if (ur->n >= MAX_RULES)
		return ca_cfg_error(cf, path, "more than %d user rules",
		    MAX_RULES);
	if (kind && !ca_kind_find(kind))
		return ca_cfg_error(cf, path, "unknown kind '%.64s'", kind);
	if (tier && ca_tier_parse(tier) < 0)
		return ca_cfg_error(cf, path,
		    "unknown tier '%.64s' (read, write, secret, admin)", tier);
	if (!*regex)
		return ca_cfg_error(cf, path, "empty regex");
	if (ur->n == ur->alloc) {
		ur->alloc = ur->alloc ? 2 * ur->alloc : 16;
		ur->v = xrealloc(ur->v, ur->alloc * sizeof(*ur->v));
	}
	u = &ur->v[ur->n];
	memset(u, 0, sizeof(*u));
	u->source = arena_strdup(ur->arena, file);
	u->rule.id = arena_strdup(ur->arena, id);
	u->rule.kind = kind ? arena_strdup(ur->arena, kind) : "custom-secret";
	u->rule.summary = arena_printf(ur->arena, "%s (user rule, %s)",
	    desc && *desc ? desc : "user rule", file);
	u->rule.hs = arena_strdup(ur->arena, regex);
	u->rule.re = u->rule.hs;
	u->rule.before = 4096;
	u->rule.after = 4096;
	u->rule.level = 0;
	u->rule.positives = no_examples;
	u->rule.negatives = no_examples;
	u->tier = tier ? ca_tier_parse(tier) : -1;
	/* The regex compiles, and its secret group exists. */
	re = compile_re(file, id, "regex", regex, 0);
	if (!re)
		return -1;
	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups);
	pcre2_code_free(re);
	v = json_object_get(obj, "secretGroup");
	if (v && !json_is_null(v)) {
		double g = number_of(v, &ok);

		snprintf(at, sizeof(at), "%s.secretGroup", path);
		if (!ok || g < 0 || g != (double)(unsigned int)g ||
		    (uint32_t)g > groups)
			return ca_cfg_error(cf, at,
			    "expected a capture group of the regex (0 to %u)",
			    groups);
		u->rule.group = (unsigned int)g;
	}
	if (groups + 1 > CA_RULE_MAX_GROUPS)
		return ca_cfg_error(cf, path,
		    "the regex has %u capture groups, at most %d", groups,
		    CA_RULE_MAX_GROUPS - 1);
	v = json_object_get(obj, "entropy");
	if (v && !json_is_null(v)) {
		double e = number_of(v, &ok);

		snprintf(at, sizeof(at), "%s.entropy", path);
		if (!ok || e < 0 || e > 8)
			return ca_cfg_error(cf, at,
			    "expected a number from 0 to 8 (bits per byte)");
		u->entropy = e;
	}
	if (str_list(cf, ur->arena, obj, path, "keywords", true, &u->keywords,
	        &u->nkeywords) < 0)
		return -1;
	al = json_object_get(obj, "allowlist");
	if (al && !json_is_null(al)) {
		snprintf(at, sizeof(at), "%s.allowlist", path);
		if (ca_cfg_keys(cf, al, at, allow_keys) < 0 ||
		    ca_cfg_string(cf, al, at, "regexTarget", false, &target) <
		        0 ||
		    str_list(cf, ur->arena, al, at, "regexes", false, &allow_re,
		        &nallow_re) < 0 ||
		    str_list(cf, ur->arena, al, at, "paths", false, &paths,
		        &npaths) < 0 ||
		    str_list(cf, ur->arena, al, at, "stopwords", true,
		        &u->stopwords, &u->nstopwords) < 0)
			return -1;
		if (target && strcmp(target, "secret") &&
		    strcmp(target, "match"))
			return ca_cfg_error(cf, at,
			    "regexTarget must be \"secret\" or \"match\"");
		u->allow_match = target && !strcmp(target, "match");
	}
	ur->owned_re = xrealloc(ur->owned_re,
	    (ur->nowned + nallow_re + npaths) * sizeof(*ur->owned_re));
	if (re_list(ur, file, id, "an allowlist regex", allow_re, nallow_re,
	        &u->allow_re) < 0 ||
	    re_list(ur, file, id, "an allowlist path", paths, npaths,
	        &u->allow_paths) < 0)
		return -1;
	u->nallow_re = nallow_re;
	u->nallow_paths = npaths;
	ur->n++;
	return 0;
}

/* --- TOML: read into the same tree as YAML and JSON --- */

struct toml_build {
	json_t *root;
	json_t *rules;     /* the [[rules]] array */
	json_t *cur;       /* the rule being filled */
	unsigned int line; /* its [[rules]] header's line */
	unsigned int err_line;
	const char *error;
};

/* Parses a TOML array of strings as written ('raw', brackets included):
 * basic strings with the common escapes and literal strings. Returns a
 * new JSON array or NULL. */
static json_t *
toml_str_array(const char *raw, size_t len)
{
	json_t *arr = json_array();
	size_t i = 1;
	struct strbuf sb = STRBUF_INIT(MAX_PATTERN + 1);

	if (len < 2 || raw[0] != '[' || raw[len - 1] != ']')
		goto bad;
	while (i < len - 1) {
		char q = raw[i];

		if (isspace((unsigned char)q) || q == ',') {
			i++;
			continue;
		}
		if (q == '#') { /* a comment to the end of the line */
			while (i < len - 1 && raw[i] != '\n')
				i++;
			continue;
		}
		if (q != '"' && q != '\'')
			goto bad;
		strbuf_reset(&sb);
		for (i++; i < len - 1 && raw[i] != q; i++) {
			char c = raw[i];

			if (q == '"' && c == '\\' && i + 1 < len - 1) {
				c = raw[++i];
				c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
			}
			if (strbuf_addch(&sb, c) < 0)
				goto bad;
		}
		if (i >= len - 1)
			goto bad;
		i++;
		json_array_append_new(arr, json_stringn(sb.buf, sb.len));
	}
	strbuf_release(&sb);
	return arr;
bad:
	strbuf_release(&sb);
	json_decref(arr);
	return NULL;
}

static int
on_toml(void *arg, const struct toml_kv *kv)
{
	struct toml_build *b = arg;
	json_t *dst, *val;

	b->err_line = kv->line;
	const char *key = kv->path[kv->depth - 1];

	if (kv->depth == 1) {
		dst = b->root;
	} else if (!strcmp(kv->path[0], "rules") && kv->array_line &&
	    (kv->depth == 2 ||
	        (kv->depth == 3 && !strcmp(kv->path[1], "allowlist")))) {
		if (!b->cur || kv->array_line != b->line) {
			b->cur = json_object();
			b->line = kv->array_line;
			json_array_append_new(b->rules, b->cur);
		}
		dst = b->cur;
		if (kv->depth == 3) {
			dst = json_object_get(b->cur, "allowlist");
			if (!dst) {
				dst = json_object();
				json_object_set_new(b->cur, "allowlist", dst);
			}
		}
	} else {
		b->error = "only [[rules]] tables and their [rules.allowlist] "
		           "are known";
		return 1;
	}
	switch (kv->type) {
	case TOML_STRING:
		val = json_stringn(kv->str, kv->len);
		break;
	case TOML_INT:
		val = json_integer(kv->num);
		break;
	case TOML_BOOL:
		val = json_boolean(kv->b);
		break;
	case TOML_ARRAY:
		val = toml_str_array(kv->raw, kv->raw_len);
		if (!val) {
			b->error = "an array that is not of one-line strings";
			return 1;
		}
		break;
	default:
		b->error = "a value of an unexpected type";
		return 1;
	}
	json_object_set_new(dst, key, val);
	return 0;
}

/* Rewrites each '''literal''' string that opens and closes on one line
 * (how gitleaks files write every regex) as a basic string, which the
 * kit's TOML reader takes: backslashes and quotes escaped. 'in' is
 * borrowed; 'out' gets the result. Returns 0 or -1 when too large. */
static int
toml_one_line_literals(const struct strbuf *in, struct strbuf *out)
{
	const char *p = in->buf, *end = in->buf + in->len;

	while (p < end) {
		const char *q = memmem(p, (size_t)(end - p), "'''", 3);
		const char *close, *nl;

		if (!q)
			return strbuf_add(out, p, (size_t)(end - p));
		nl = memchr(q + 3, '\n', (size_t)(end - q - 3));
		close = memmem(q + 3, (size_t)((nl ? nl : end) - q - 3), "'''",
		    3);
		if (!close) { /* a real multi-line string: left as it is */
			if (strbuf_add(out, p, (size_t)(q + 3 - p)) < 0)
				return -1;
			p = q + 3;
			continue;
		}
		if (strbuf_add(out, p, (size_t)(q - p)) < 0 ||
		    strbuf_addch(out, '"') < 0)
			return -1;
		for (const char *c = q + 3; c < close; c++) {
			bool esc = *c == '\\' || *c == '"';

			if ((esc && strbuf_addch(out, '\\') < 0) ||
			    strbuf_addch(out, *c) < 0)
				return -1;
		}
		if (strbuf_addch(out, '"') < 0)
			return -1;
		p = close + 3;
	}
	return 0;
}

/* Quotes the value of each line "entropy = 3.5": the kit's TOML reader
 * takes no floats, and gitleaks files write the entropy floor as one.
 * 'in' is borrowed; 'out' gets the result. Returns 0 or -1. */
static int
toml_quote_entropy(const struct strbuf *in, struct strbuf *out)
{
	const char *p = in->buf, *end = in->buf + in->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl + 1 : end, *v = p, *ve;

		while (v < le && (*v == ' ' || *v == '\t'))
			v++;
		if ((size_t)(le - v) > 7 && !memcmp(v, "entropy", 7)) {
			v += 7;
			while (v < le && (*v == ' ' || *v == '\t'))
				v++;
			if (v < le && *v == '=') {
				v++;
				while (v < le && (*v == ' ' || *v == '\t'))
					v++;
				ve = v;
				while (ve < le &&
				    (isdigit((unsigned char)*ve) || *ve == '.'))
					ve++;
				if (ve > v &&
				    memchr(v, '.', (size_t)(ve - v))) {
					if (strbuf_add(out, p,
					        (size_t)(v - p)) < 0 ||
					    strbuf_addch(out, '"') < 0 ||
					    strbuf_add(out, v,
					        (size_t)(ve - v)) < 0 ||
					    strbuf_addch(out, '"') < 0)
						return -1;
					p = ve;
				}
			}
		}
		if (strbuf_add(out, p, (size_t)(le - p)) < 0)
			return -1;
		p = le;
	}
	return 0;
}

/* Reads the TOML rules file 'path' into cf->root. Returns 0 or -1. */
static int
load_toml(struct ca_cfgfile *cf, const char *path)
{
	struct strbuf sb = STRBUF_INIT(CA_CFG_MAX_BYTES + 1);
	struct strbuf q = STRBUF_INIT(2 * CA_CFG_MAX_BYTES + 2);
	struct strbuf conv = STRBUF_INIT(4 * CA_CFG_MAX_BYTES + 4);
	struct toml_build b = { 0 };
	struct toml_status st = { 0 };
	struct arena *a;
	int ret;

	memset(cf, 0, sizeof(*cf));
	cf->what = "rules file";
	cf->name = path;
	if (ca_cfgfile_read("rules file", path, &sb) < 0) {
		strbuf_release(&sb);
		return -1;
	}
	if (toml_quote_entropy(&sb, &q) < 0 ||
	    toml_one_line_literals(&q, &conv) < 0) {
		strbuf_release(&sb);
		strbuf_release(&q);
		strbuf_release(&conv);
		return ca_error("rules file '%s': too large", path);
	}
	strbuf_release(&sb);
	strbuf_release(&q);
	a = arena_new(64 << 10);
	b.root = json_object();
	b.rules = json_array();
	json_object_set_new(b.root, "rules", b.rules);
	ret = toml_parse(a, conv.buf, conv.len, on_toml, &b, &st);
	arena_free(a);
	strbuf_release(&conv);
	if (ret) {
		json_decref(b.root);
		return ca_error("cannot load rules file '%s': line %u: %s",
		    path, b.error ? b.err_line : st.line,
		    b.error ? b.error : st.error);
	}
	cf->root = b.root;
	return 0;
}

int
ca_user_rules_load(struct ca_user_rules **urp, const char *path)
{
	static const char *const top_keys[] = { "title", "rules", NULL };
	struct ca_user_rules *ur = *urp;
	struct ca_cfgfile cf;
	const json_t *rules;
	int ret;

	if (!ur) {
		ur = xcalloc(1, sizeof(*ur));
		ur->arena = arena_new(16 << 10);
		*urp = ur;
	}
	if (ca_ends_with(path, ".toml"))
		ret = load_toml(&cf, path);
	else
		ret = ca_cfgfile_load(&cf, "rules file", path);
	if (ret < 0) {
		ca_cfgfile_release(&cf);
		return -1;
	}
	ret = -1;
	if (!json_is_object(cf.root)) {
		ca_cfg_error(&cf, "", "expected a mapping with a rules list");
		goto out;
	}
	if (ca_cfg_keys(&cf, cf.root, "", top_keys) < 0)
		goto out;
	rules = json_object_get(cf.root, "rules");
	if (!json_is_array(rules) || !json_array_size(rules)) {
		ca_cfg_error(&cf, "rules",
		    "expected a non-empty list of rules");
		goto out;
	}
	for (size_t i = 0; i < json_array_size(rules); i++) {
		char at[32];

		snprintf(at, sizeof(at), "rules[%zu]", i);
		if (!json_is_object(json_array_get(rules, i))) {
			ca_cfg_error(&cf, at, "expected a mapping");
			goto out;
		}
		if (add_rule(ur, &cf, path, json_array_get(rules, i), at) < 0)
			goto out;
	}
	ret = 0;
out:
	ca_cfgfile_release(&cf);
	return ret;
}

void
ca_user_rules_free(struct ca_user_rules *ur)
{
	if (!ur)
		return;
	for (size_t i = 0; i < ur->nowned; i++)
		pcre2_code_free(ur->owned_re[i]);
	free(ur->owned_re);
	free(ur->v);
	free(ur->infos);
	arena_free(ur->arena);
	free(ur);
}

const struct ca_rule_info *
ca_user_rule_infos(const struct ca_user_rules *ur, size_t *count)
{
	struct ca_user_rules *w = (struct ca_user_rules *)(uintptr_t)ur;

	*count = ur ? ur->n : 0;
	if (!ur || !ur->n)
		return NULL;
	free(w->infos);
	w->infos = xcalloc(ur->n, sizeof(*w->infos));
	for (size_t i = 0; i < ur->n; i++) {
		w->infos[i].id = ur->v[i].rule.id;
		w->infos[i].kind = ur->v[i].rule.kind;
		w->infos[i].summary = ur->v[i].rule.summary;
		w->infos[i].positives = no_examples;
		w->infos[i].negatives = no_examples;
	}
	return w->infos;
}

int
ca_user_rule_tier(const struct ca_user_rules *ur, size_t i)
{
	return ur && i < ur->n ? ur->v[i].tier : -1;
}

/* The line around data[start..end): from the newline before 'start' to
 * the one after 'end', at most 4 KiB either way. */
static void
line_around(const char *data, size_t len, size_t start, size_t end, size_t *ls,
    size_t *le)
{
	size_t lo = start > 4096 ? start - 4096 : 0;
	size_t hi = len - end > 4096 ? end + 4096 : len;

	*ls = start;
	while (*ls > lo && data[*ls - 1] != '\n')
		(*ls)--;
	*le = end;
	while (*le < hi && data[*le] != '\n')
		(*le)++;
}

bool
ca_user_rule_ok(const struct ca_user_rules *ur, size_t i,
    const struct ca_rule_match *m, const char *path, void *mctx)
{
	const struct ca_user_rule *u = &ur->v[i];
	const char *s = ca_rm_secret(m);
	size_t n = ca_rm_secret_len(m);

	if (ca_is_placeholder(s, n))
		return false;
	if (u->entropy > 0 && ca_entropy(s, n) < u->entropy)
		return false;
	if (u->nkeywords) {
		size_t ls, le;
		bool found = false;

		line_around(m->data, m->len, m->ge[0] > m->gs[0] ? m->gs[0] : 0,
		    m->ge[0], &ls, &le);
		for (size_t k = 0; k < u->nkeywords && !found; k++)
			found = ca_rv_find_ci(m->data + ls, le - ls,
			            u->keywords[k]) != SIZE_MAX;
		if (!found)
			return false;
	}
	for (size_t k = 0; k < u->nstopwords; k++)
		if (ca_rv_find_ci(s, n, u->stopwords[k]) != SIZE_MAX)
			return false;
	if (u->nallow_re) {
		const char *t = u->allow_match ? m->data + m->gs[0] : s;
		size_t tn = u->allow_match ? m->ge[0] - m->gs[0] : n;
		pcre2_match_data *md = NULL;

		for (size_t k = 0; k < u->nallow_re; k++) {
			pcre2_code *re = u->allow_re[k];
			int rc;

			md = pcre2_match_data_create_from_pattern(re, NULL);
			rc = pcre2_match(re, (PCRE2_SPTR)t, tn, 0, 0, md, mctx);
			pcre2_match_data_free(md);
			if (rc >= 0)
				return false;
		}
	}
	if (u->nallow_paths && path) {
		for (size_t k = 0; k < u->nallow_paths; k++) {
			pcre2_code *re = u->allow_paths[k];
			pcre2_match_data *md =
			    pcre2_match_data_create_from_pattern(re, NULL);
			int rc = pcre2_match(re, (PCRE2_SPTR)path,
			    PCRE2_ZERO_TERMINATED, 0, 0, md, mctx);

			pcre2_match_data_free(md);
			if (rc >= 0)
				return false;
		}
	}
	return true;
}

const struct ca_rule *
ca_user_rule_row(const struct ca_user_rules *ur, size_t i)
{
	return &ur->v[i].rule;
}

size_t
ca_user_rules_count(const struct ca_user_rules *ur)
{
	return ur ? ur->n : 0;
}

const char *
ca_user_rule_source(const struct ca_user_rules *ur, size_t i)
{
	return ur->v[i].source;
}

const char *
ca_user_rule_checks(const struct ca_user_rules *ur, size_t i)
{
	const struct ca_user_rule *u = &ur->v[i];
	struct strbuf sb = STRBUF_INIT(1024);
	const char *r;

	strbuf_addstr(&sb, "regex");
	if (u->nkeywords)
		strbuf_addstr(&sb, ", keyword");
	if (u->entropy > 0) {
		char e[32];

		snprintf(e, sizeof(e), ", entropy >= %.2f", u->entropy);
		strbuf_addstr(&sb, e);
	}
	if (u->nallow_re || u->nallow_paths || u->nstopwords)
		strbuf_addstr(&sb, ", allowlist");
	strbuf_addstr(&sb, ", placeholder filter");
	r = arena_strdup(ur->arena, sb.buf);
	strbuf_release(&sb);
	return r;
}
