/* shellrc.c - see shellrc.h. */
#include "lib/compat.h"
#include "lib/arena.h"
#include "lib/strbuf.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/shellrc.h"

#define MAX_VALUE 1024
#define MAX_LINE  4096

static bool
sp(char c)
{
	return c == ' ' || c == '\t';
}

static bool
name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* Skips the word 'w' and the blanks after it at *p. */
static bool
skip_word(const char **p, const char *e, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(e - *p) <= n || memcmp(*p, w, n) || !sp((*p)[n]))
		return false;
	*p += n;
	while (*p < e && sp(**p))
		(*p)++;
	return true;
}

/* Returns the index of s[0..len) in 'names', or 'n' when absent. */
static size_t
match_var(const char *s, size_t len, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) == len && !memcmp(s, names[i], len))
			return i;
	return n;
}

/* Reads a shell word at [p, e): quoted or bare. Returns a scratch copy
 * with $HOME/${HOME} turned into "~", or NULL when it needs an expansion
 * this module cannot do. */
static const char *
read_value(struct ca_ctx *ctx, const char *p, const char *e)
{
	struct strbuf sb = STRBUF_INIT(MAX_VALUE);
	const char *out = NULL;
	char q = 0;

	if (p < e && (*p == '"' || *p == '\'')) {
		q = *p++;
	}
	if ((size_t)(e - p) >= 5 && !memcmp(p, "$HOME", 5) &&
	    (e - p == 5 || !name_char(p[5]))) {
		strbuf_addch(&sb, '~');
		p += 5;
	} else if ((size_t)(e - p) >= 7 && !memcmp(p, "${HOME}", 7)) {
		strbuf_addch(&sb, '~');
		p += 7;
	}
	for (; p < e; p++) {
		char c = *p;
		if (q && c == q)
			break;
		if (!q &&
		    (sp(c) || c == ';' || c == '#' || c == '&' || c == '|' ||
		        c == ')' || c == '\r'))
			break;
		if (c == '$' && q != '\'')
			goto out; /* another expansion: unresolvable */
		if (c == '`' || (c == '\\' && q != '\''))
			goto out;
		if (strbuf_addch(&sb, c) < 0)
			goto out;
	}
	if (sb.len)
		out = arena_strndup(ca_scratch(ctx), sb.buf, sb.len);
out:
	strbuf_release(&sb);
	return out;
}

/* Parses one line; fills 'a' and returns true for an assignment of one
 * of the 'n' variables 'names'. */
static bool
parse_line(struct ca_ctx *ctx, const struct ca_file *f, const char *p,
    const char *e, const char *const *names, size_t n, struct ca_rc_assign *a)
{
	const char *ns, *val;
	bool spaced = false;
	size_t v;

	while (p < e && sp(*p))
		p++;
	if (p == e || *p == '#')
		return false;
	if (skip_word(&p, e, "setenv")) {
		spaced = true;
	} else if (skip_word(&p, e, "set")) {
		/* fish: set -x NAME VALUE, set -gx, set -Ux ... */
		if (p == e || *p != '-' || !memchr(p, 'x', (size_t)(e - p)))
			return false;
		while (p < e && !sp(*p))
			p++;
		while (p < e && sp(*p))
			p++;
		spaced = true;
	} else if (!skip_word(&p, e, "export") &&
	    !skip_word(&p, e, "declare") && !skip_word(&p, e, "typeset")) {
		/* a bare NAME=VALUE */
	} else if (p < e && *p == '-') {
		/* declare -x / typeset -x / export -n ... */
		while (p < e && !sp(*p))
			p++;
		while (p < e && sp(*p))
			p++;
	}
	ns = p;
	while (p < e && name_char(*p))
		p++;
	v = match_var(ns, (size_t)(p - ns), names, n);
	if (v == n)
		return false;
	if (spaced) {
		if (p == e || !sp(*p))
			return false;
		while (p < e && sp(*p))
			p++;
	} else {
		if (p == e || *p != '=')
			return false;
		p++;
	}
	val = read_value(ctx, p, e);
	if (!val)
		return false;
	a->var = v;
	a->path = ca_resolve_path(ctx, val, f->home,
	    f->home ? f->home : ck_dirname(ca_scratch(ctx), f->path));
	return a->path != NULL;
}

size_t
ca_rc_assignments(struct ca_ctx *ctx, const struct ca_file *f,
    const char *const *names, size_t nnames, ca_rc_skip_fn *skip,
    struct ca_rc_assign *out, size_t max)
{
	const char *p = f->data, *end = f->data + f->len;
	size_t n = 0;
	unsigned int lineno = 0;

	while (p < end && n < max) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		struct ca_rc_assign a;
		bool dup = false;

		lineno++;
		memset(&a, 0, sizeof(a));
		if (le - p < MAX_LINE &&
		    parse_line(ctx, f, p, le, names, nnames, &a)) {
			a.line = lineno;
			for (size_t i = 0; i < n; i++)
				if (out[i].var == a.var &&
				    !strcmp(out[i].path, a.path))
					dup = true;
			if (!dup && !(skip && skip(&a)))
				out[n++] = a;
		}
		p = nl ? nl + 1 : end;
	}
	return n;
}
