/* hcl.c - see hcl.h. */
#include "lib/compat.h"
#include <ctype.h>
#include "lib/arena.h"
#include "scanners/kit/hcl.h"

void
ck_hcl_init(struct ck_hcl *h, const char *data, size_t len)
{
	memset(h, 0, sizeof(*h));
	h->p = data;
	h->end = data + len;
	h->line = 1;
}

static void
hcl_skip(struct ck_hcl *h)
{
	while (h->p < h->end) {
		char c = *h->p;
		if (c == '\n') {
			h->line++;
			h->p++;
		} else if (isspace((unsigned char)c) || c == ',') {
			h->p++;
		} else if (c == '#' ||
		    (c == '/' && h->p + 1 < h->end && h->p[1] == '/')) {
			while (h->p < h->end && *h->p != '\n')
				h->p++;
		} else if (c == '/' && h->p + 1 < h->end && h->p[1] == '*') {
			h->p += 2;
			while (h->p + 1 < h->end &&
			    !(h->p[0] == '*' && h->p[1] == '/')) {
				h->line += *h->p == '\n';
				h->p++;
			}
			h->p = h->p + 2 <= h->end ? h->p + 2 : h->end;
		} else {
			break;
		}
	}
}

enum ck_hcl_tok
ck_hcl_next(struct ck_hcl *h)
{
	char c;

	hcl_skip(h);
	h->tok_line = h->line;
	h->s = h->p;
	h->n = 0;
	if (h->p >= h->end)
		return h->tok = CK_HT_EOF;
	c = *h->p++;
	switch (c) {
	case '{':
		return h->tok = CK_HT_LBRACE;
	case '}':
		return h->tok = CK_HT_RBRACE;
	case '[':
		return h->tok = CK_HT_LBRACK;
	case ']':
		return h->tok = CK_HT_RBRACK;
	case '=':
	case ':':
		return h->tok = CK_HT_EQ; /* ':' is JSON-style HCL */
	case '"':
		h->s = h->p;
		while (h->p < h->end && *h->p != '"' && *h->p != '\n') {
			if (*h->p == '\\' && h->p + 1 < h->end)
				h->p++;
			h->p++;
		}
		h->n = (size_t)(h->p - h->s);
		if (h->p >= h->end || *h->p != '"')
			return h->tok = CK_HT_OTHER; /* unterminated */
		h->p++;
		return h->tok = CK_HT_STRING;
	default:
		if (isalnum((unsigned char)c) || c == '_' || c == '-' ||
		    c == '.') {
			while (h->p < h->end &&
			    (isalnum((unsigned char)*h->p) || *h->p == '_' ||
			        *h->p == '-' || *h->p == '.'))
				h->p++;
			h->n = (size_t)(h->p - h->s);
			return h->tok = CK_HT_IDENT;
		}
		return h->tok = CK_HT_OTHER;
	}
}

bool
ck_hcl_is(const struct ck_hcl *h, const char *word)
{
	return (h->tok == CK_HT_IDENT || h->tok == CK_HT_STRING) &&
	    h->n == strlen(word) && !memcmp(h->s, word, h->n);
}

/* Skips a value that is not a string: a list, an object or a word. */
static void
hcl_skip_value(struct ck_hcl *h)
{
	int depth = 0;

	do {
		if (h->tok == CK_HT_LBRACK || h->tok == CK_HT_LBRACE)
			depth++;
		else if (h->tok == CK_HT_RBRACK || h->tok == CK_HT_RBRACE)
			depth--;
		if (depth <= 0)
			return;
		ck_hcl_next(h);
	} while (h->tok != CK_HT_EOF && depth < 64);
}

/* Reads a body until '}' (or EOF at the top). Blocks nest one level for
 * the callback; deeper ones are skipped. */
static void
hcl_body(struct ck_hcl *h, struct arena *a, const char *block,
    const char *label, int depth, ck_hcl_attr_fn *fn, void *arg)
{
	for (ck_hcl_next(h); h->tok != CK_HT_EOF && h->tok != CK_HT_RBRACE;
	     ck_hcl_next(h)) {
		const char *name, *lab = NULL;
		unsigned int line = h->tok_line;

		if (h->tok != CK_HT_IDENT && h->tok != CK_HT_STRING)
			continue;
		name = arena_strndup(a, h->s, h->n);
		ck_hcl_next(h);
		if (h->tok == CK_HT_EQ) {
			ck_hcl_next(h);
			if (h->tok == CK_HT_STRING)
				fn(arg, block, label, name, h->s, h->n, line);
			else
				hcl_skip_value(h);
			continue;
		}
		while (h->tok == CK_HT_STRING || h->tok == CK_HT_IDENT) {
			if (!lab)
				lab = arena_strndup(a, h->s, h->n);
			ck_hcl_next(h);
		}
		if (h->tok != CK_HT_LBRACE)
			continue;
		if (depth >= 8) {
			hcl_skip_value(h);
			continue;
		}
		hcl_body(h, a, depth ? block : name, depth ? label : lab,
		    depth + 1, fn, arg);
	}
}

void
ck_hcl_parse(struct arena *a, const char *data, size_t len, ck_hcl_attr_fn *fn,
    void *arg)
{
	struct ck_hcl h;

	ck_hcl_init(&h, data, len);
	hcl_body(&h, a, "", NULL, 0, fn, arg);
}
