/* rules_p.h - private to the content rule engine (rules.c, rules_table.c,
 * rules_validate.c) and its unit test: the rule row, the candidate a
 * validator inspects, and the helpers validators share. Surface modules use
 * rules.h only. */
#ifndef CA_RULES_P_H
#define CA_RULES_P_H

#include "scanners/rules/rules.h"

#define CA_RULE_MAX_GROUPS 10 /* capture groups a rule may use, plus 0 */
#define CA_RULE_LEVELS     4  /* see 'level' below */

/* One candidate: a PCRE2 match confirmed around a vectorscan hit. The
 * engine fills everything; a validator reads the groups, may move the
 * secret span and preview prefix, and may set identity and detail (static
 * strings or strings in 'arena'). Offsets index 'data'. */
struct ca_rule_match {
	const char *data; /* the whole scanned buffer, borrowed */
	size_t len;
	size_t gs[CA_RULE_MAX_GROUPS]; /* group starts; SIZE_MAX = unset */
	size_t ge[CA_RULE_MAX_GROUPS]; /* group ends; [0] = whole match */
	size_t start, end;             /* the secret */
	size_t prefix;                 /* public leading bytes of the secret */
	const char *identity;
	const char *detail;
	struct arena *arena;
	bool code; /* the file is source code (ca_rules_is_code()) */
};

/* Returns true to keep the candidate. Must not log the secret. */
typedef bool ca_rule_validate_fn(struct ca_rule_match *m);

struct ca_rule {
	const char *id;   /* "<provider>.<name>", a stable contract */
	const char *kind; /* row of report/kinds.c */
	const char *summary;
	/* First-pass pattern: anchored on a literal, ends at a fixed offset
	 * or a delimiter so one occurrence gives one end offset. Written in
	 * the syntax ripgrep also accepts; a leading "(?i)" is turned into
	 * HS_FLAG_CASELESS. */
	const char *hs;
	/* Confirmation pattern (PCRE2, JIT). It must match the occurrence
	 * whose end vectorscan reported, within [end - before, end + after]. */
	const char *re;
	uint32_t before, after;
	unsigned int group;  /* capture group holding the secret; 0 = all */
	unsigned int prefix; /* preview_prefix of the secret */
	/* Where hits overlap, hits of a higher level are dropped: 0 tokens of
	 * a known shape, 1 private keys (they yield to the service-account
	 * file that embeds them), 2 credentials in URLs, 3 generic
	 * assignments. Hits of equal level are all kept. */
	unsigned int level;
	ca_rule_validate_fn *validate; /* NULL: the pattern is enough */
	const char *const *positives;  /* synthetic; NULL-terminated */
	const char *const *negatives;
};

/* The rule table (static, in id order). */
const struct ca_rule *ca_rule_table(size_t *count);
/* The rules of rule_saas.c (static, in id order); ca_rule_table() merges
 * them with the others. */
const struct ca_rule *ca_rule_table_saas(size_t *count);

/* (user_rules.c) JIT-compiles 're' where that is safe to check: PCRE2's JIT
 * scans ahead in aligned 16-byte blocks that may end past the subject
 * (harmless, the block is in the same page), which memcheck cannot tell from a
 * read of uninitialised memory. Under valgrind the interpreter runs the same
 * pattern instead, with the same results. */
void ca_rules_jit(void *re); /* a pcre2_code */
/* Test hook: scan in vectorscan chunks of 'chunk' bytes (the default is
 * 1 GiB, as hs_scan takes a 32-bit length). */
void ca_rule_scratch_set_chunk(struct ca_rule_scratch *sc, size_t chunk);

/* --- user rules (user_rules.c) --- */

/* One rule of a rules file. Strings live in the set's arena; the
 * regexes ('void *': pcre2_code) are owned by the set. */
struct ca_user_rule {
	struct ca_rule rule;   /* id, kind, summary, hs = re, group, level */
	const char *source;    /* the rules file's name */
	int tier;              /* enum ca_tier, or -1 for the kind's */
	double entropy;        /* floor in bits per byte; 0 for none */
	const char **keywords; /* lower case; one must be on the line */
	size_t nkeywords;
	const char **stopwords; /* lower case; none may be in the secret */
	size_t nstopwords;
	void **allow_re; /* none may match the secret (or the match) */
	size_t nallow_re;
	bool allow_match;   /* allowlist regexes see the whole match */
	void **allow_paths; /* none may match the file's path */
	size_t nallow_paths;
};

struct ca_user_rules {
	struct ca_user_rule *v;
	size_t n, alloc;
	void **owned_re;
	size_t nowned;
	struct ca_rule_info *infos; /* for ca_user_rule_infos() */
	struct arena *arena;
};

/* Rule 'i' of 'ur' as a table row (borrowed). */
const struct ca_rule *ca_user_rule_row(const struct ca_user_rules *ur,
    size_t i);
/* The rules file rule 'i' came from (borrowed). */
const char *ca_user_rule_source(const struct ca_user_rules *ur, size_t i);
/* Applies rule 'i''s entropy floor, keywords, stopwords and allowlist to
 * the candidate 'm' of a file at 'path' (NULL: unknown); 'mctx' is the
 * PCRE2 match context with the limits. True to keep it. */
bool ca_user_rule_ok(const struct ca_user_rules *ur, size_t i,
    const struct ca_rule_match *m, const char *path, void *mctx);

/* --- encoded values (decode.c) --- */

enum ca_enc {
	CA_ENC_BASE64 = 1,
	CA_ENC_URL,
	CA_ENC_JSON,
};

/* A run of a buffer that looks encoded: data[start..end). */
struct ca_enc_run {
	size_t start, end;
	enum ca_enc type;
};

/* Finds the runs of data[0..len) that look encoded (base64 runs of at
 * least 24 bytes of the alphabet, URL runs around a valid %XX, JSON runs
 * around a \uXXXX or \/ escape), at most 65536, sorted by start; runs of
 * different encodings may overlap. Linear in 'len'. Returns the count and
 * sets '*out' to an owned array (NULL when none). */
size_t ca_enc_find(const char *data, size_t len, struct ca_enc_run **out);
/* Decodes 'run' (borrowed) of 'data' into 'out', which has room for
 * run->end - run->start bytes (no encoding here makes a value longer).
 * Returns the decoded length, or 0 when the run does not decode, or
 * decodes to something other than text (control bytes). */
size_t ca_enc_decode(const struct ca_enc_run *run, const char *data, char *out);
/* "base64", "url" or "json" (static). */
const char *ca_enc_name(enum ca_enc type);

/* --- helpers shared by the validators (rules_validate.c) --- */

/* The secret span of 'm' as a pointer. */
static inline const char *
ca_rm_secret(const struct ca_rule_match *m)
{
	return m->data + m->start;
}

static inline size_t
ca_rm_secret_len(const struct ca_rule_match *m)
{
	return m->end - m->start;
}

/* True when group 'g' took part in the match. */
static inline bool
ca_rm_has(const struct ca_rule_match *m, unsigned int g)
{
	return g < CA_RULE_MAX_GROUPS && m->gs[g] != SIZE_MAX;
}

/* Entropy and shape of a value, for thresholds. */
bool ca_rv_random_enough(const char *s, size_t len, double min_entropy);
/* Counts of character classes in s[0..len). */
struct ca_rv_classes {
	size_t lower, upper, digit, other;
};
void ca_rv_classes(const char *s, size_t len, struct ca_rv_classes *c);
/* Case-insensitive search for 'needle' in s[0..len); returns the offset or
 * SIZE_MAX. */
size_t ca_rv_find_ci(const char *s, size_t len, const char *needle);

/* Looks for the AWS secret access key belonging to the key id at
 * data[id_start..id_end): a delimited 40-character base64 run within
 * 1 KiB and 6 lines, not past a neighbouring key id, after the id when one
 * is there. Returns true and the span, or false. */
bool ca_rv_aws_find_secret(const char *data, size_t len, size_t id_start,
    size_t id_end, size_t *start, size_t *end);

/* Describes the private key block data[start..end) (BEGIN..END, newlines
 * may be literal "\n" escapes). Returns 1 when encrypted, 0 when not, -1
 * when it is no key at all (placeholder body, bad OpenSSH header). Sets
 * 'detail' (static or in 'arena') and, for unencrypted OpenSSH keys with
 * a comment, 'identity' (in 'arena'). */
int ca_rv_private_key(const char *data, size_t start, size_t end,
    struct arena *arena, const char **detail, const char **identity);

/* Checks a JWT's header (must be JSON with "alg") and, when the payload
 * carries them, returns "email|sub (iss ...)" in 'arena' as identity.
 * Returns false when it is not a JWT. */
bool ca_rv_jwt(const char *tok, size_t len, struct arena *arena,
    const char **identity);

/* True when s[0..len) is made of common English and programming words
 * (and a few digits or separators), after undoing leetspeak: "password1",
 * "P@55w0rd!", "mynewpassword", "IAmSensitive". Such a value is a
 * sample, not a secret. */
bool ca_rv_wordy(const char *s, size_t len);

/* True when a generic assignment's value is code rather than a literal:
 * a call, a variable reference, an attribute, null/true/false, a type. */
bool ca_rv_value_is_code(const char *v, size_t len, bool quoted);

#endif
