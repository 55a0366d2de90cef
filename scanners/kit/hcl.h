/* hcl.h - a tiny HCL reader for the small config files of HashiCorp
 * tools (.terraformrc, ~/.vault): top-level "name = value" attributes and
 * labelled blocks, one level deep for the callback (deeper blocks are
 * skipped). Comments (#, //, block) are skipped; JSON-style ':' reads as
 * '='. It is no HCL evaluator: only string values reach the callback,
 * raw (still escaped) and borrowed from the input. */
#ifndef CA_HCL_H
#define CA_HCL_H

#include "lib/compat.h"

struct arena;

enum ck_hcl_tok {
	CK_HT_EOF,
	CK_HT_IDENT,
	CK_HT_STRING,
	CK_HT_LBRACE,
	CK_HT_RBRACE,
	CK_HT_EQ,
	CK_HT_LBRACK,
	CK_HT_RBRACK,
	CK_HT_OTHER,
};

/* The tokenizer, for a second pass over the raw text. */
struct ck_hcl {
	const char *p, *end;
	unsigned int line;
	/* the last token */
	enum ck_hcl_tok tok;
	const char *s; /* CK_HT_IDENT / CK_HT_STRING: raw bytes */
	size_t n;
	unsigned int tok_line;
};

/* Starts 'h' (borrowed) at the 'len' bytes of 'data' (borrowed). */
void ck_hcl_init(struct ck_hcl *h, const char *data, size_t len);
/* Reads the next token into 'h' and returns it. */
enum ck_hcl_tok ck_hcl_next(struct ck_hcl *h);
/* True when the last token is the word or string 'word' (borrowed). */
bool ck_hcl_is(const struct ck_hcl *h, const char *word);

/* One attribute: block ("" at the top level), its first label (NULL when
 * none), the name and the raw string value with its length, and the
 * 1-based line of the name. All borrowed for the call. */
typedef void ck_hcl_attr_fn(void *arg, const char *block, const char *label,
    const char *name, const char *val, size_t vlen, unsigned int line);

/* Reads the 'len' bytes at 'data' (borrowed) and calls 'fn' for each
 * string attribute; names and labels are copied into arena 'a'. Never
 * fails: what it cannot read it skips. */
void ck_hcl_parse(struct arena *a, const char *data, size_t len,
    ck_hcl_attr_fn *fn, void *arg);

#endif
