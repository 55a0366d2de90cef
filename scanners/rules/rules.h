/* rules.h - the content rule engine.
 *
 * Every content rule is compiled into ONE vectorscan (libhs) block-mode
 * database without start-of-match tracking, and a file is scanned in a
 * single pass. A hit only says "rule R matched, ending at offset E"; each
 * hit is then confirmed on a small window ending just after E, by the
 * rule's PCRE2 pattern (JIT) and its validator (checksum, charset, entropy,
 * placeholder rejection). Every rule is anchored on a literal or keyword so
 * the first pass stays fast.
 *
 * The compiled ruleset is shared read-only by all workers; each worker owns
 * a 'struct ca_rule_scratch'. */
#ifndef CA_RULES_H
#define CA_RULES_H

#include "lib/compat.h"
#include "lib/arena.h"

struct ca_rule;         /* one row of the rule table (rules_table.c) */
struct ca_ruleset;      /* compiled databases, shared */
struct ca_rule_scratch; /* per-thread state */

/* A confirmed secret. Pointers are borrowed until the callback returns. */
struct ca_rule_hit {
	const char *rule_id; /* "github.pat-classic" */
	const char *kind;    /* kinds table row */
	const char *secret;  /* points into the scanned buffer */
	size_t secret_len;
	size_t preview_prefix; /* leading public bytes of the secret */
	size_t start, end;     /* byte span of the secret in the buffer */
	unsigned int line;     /* 1-based line of 'start' */
	const char *identity; /* e.g. AWS key id and decoded account, or NULL */
	const char *detail;   /* e.g. "unencrypted OpenSSH private key" */
	/* Found inside an encoded value: "base64", "url" or "json", layers
	 * outermost first and joined by '+' ("base64+base64"); NULL for
	 * plain text. 'start', 'end' and 'line' are then those of the
	 * outermost encoded run in the scanned buffer, while 'secret' points
	 * at the decoded bytes (valid until the callback returns). */
	const char *encoding;
	/* The line where the secret (or its encoded run) starts carries an
	 * allow comment (ca_rules_line_allowed()): the caller drops the finding
	 * and counts it as ignored. */
	bool allowed;
	/* The tier the rule sets (a user rule's "tier"), or -1 for the
	 * kind's default. */
	int tier;
};

/* The inline allow comments, any of which on a secret's line silences it
 * ("credatlas:allow", and "gitleaks:allow" so that files marked for
 * gitleaks need no second comment). */
#define CA_ALLOW_REASON "allow comment on the line"

/* True when data[0..len) holds an allow comment. */
bool ca_rules_line_allowed(const char *line, size_t len);

/* Returns 0 to go on, non-zero to stop the scan. */
typedef int ca_rule_hit_fn(void *arg, const struct ca_rule_hit *hit);

/* Public description of a rule, for `credatlas rules`, the man page and
 * tests (the examples are synthetic). */
struct ca_rule_info {
	const char *id;
	const char *kind;
	const char *summary;
	const char *const *positives; /* NULL-terminated; each must be found */
	const char *const *negatives; /* NULL-terminated; none may be found */
};

/* The rule table, in id order. */
const struct ca_rule_info *ca_rule_infos(size_t *count);

/* The first-pass (vectorscan) pattern of rule 'i', in the order of
 * ca_rule_infos(), or NULL past the end. The syntax is one ripgrep also
 * accepts; a leading "(?i)" marks a caseless rule. Static. Used by
 * `credatlas rules --patterns` for the benchmark's ripgrep comparison. */
const char *ca_rule_hs_pattern(size_t i);
/* The full (PCRE2) pattern of rule 'i': what confirms a first-pass hit,
 * with its boundaries and context. It is what a single-engine grep needs
 * to give the same answer; `credatlas rules --full-patterns` prints them
 * for the benchmark. Static. */
const char *ca_rule_full_pattern(size_t i);

struct ca_user_rules;

/* What content rule 'i' (in the order of ca_rule_infos()) checks before
 * it reports: "format, validator", "keyword, value validator (...)"...
 * Static; NULL past the end. For `credatlas rules` and RULES in the
 * manual. */
const char *ca_rule_checks(size_t i);
/* The same for user rule 'i' of 'ur': its keywords, entropy floor and
 * allowlist, and the placeholder filter every user rule goes through.
 * Borrowed from 'ur'. */
const char *ca_user_rule_checks(const struct ca_user_rules *ur, size_t i);

/* Compiles every rule. Returns 0 with an owned ruleset, or -1 after
 * ca_error(). */
int ca_ruleset_compile(struct ca_ruleset **out);

/* --- user rules (--rules FILE, user_rules.c) --- */

struct ca_user_rules;

/* Reads the rules file at 'path' (borrowed): YAML (.yaml, .yml), TOML
 * (.toml) or JSON, in the gitleaks style (a "rules" list of id, regex,
 * description, secretGroup, keywords, entropy, kind, tier, allowlist),
 * and adds its rules to '*ur' (created when NULL; owned by the caller).
 * Every regex is compiled; an id may not repeat nor name a built-in
 * rule. Returns 0, or -1 after ca_error() naming the file and where. */
int ca_user_rules_load(struct ca_user_rules **ur, const char *path);
void ca_user_rules_free(struct ca_user_rules *ur);
size_t ca_user_rules_count(const struct ca_user_rules *ur);
/* The user rules as rule infos (no examples), in file order; borrowed
 * from 'ur' until the next call. */
const struct ca_rule_info *ca_user_rule_infos(const struct ca_user_rules *ur,
    size_t *count);
/* The tier rule 'i' sets (enum ca_tier), or -1 for its kind's. */
int ca_user_rule_tier(const struct ca_user_rules *ur, size_t i);
/* ca_ruleset_compile() with the user rules 'ur' (borrowed, NULL for
 * none; it must outlive the ruleset) in the same vectorscan database. A
 * regex vectorscan cannot compile exactly (a lookaround, a
 * backreference) goes in as a prefilter that PCRE2 confirms; one it
 * cannot take at all is an error naming the rule and its file. */
int ca_ruleset_compile_user(const struct ca_user_rules *ur,
    struct ca_ruleset **out);
/* The path of the file the next scans of 'sc' read (borrowed until the
 * next call; NULL: unknown), for the user rules' path allowlists. */
void ca_rule_scratch_set_path(struct ca_rule_scratch *sc, const char *path);
void ca_ruleset_free(struct ca_ruleset *rs);

/* Returns owned per-thread scratch for 'rs', or NULL after ca_error(). */
struct ca_rule_scratch *ca_rule_scratch_new(const struct ca_ruleset *rs);
void ca_rule_scratch_free(struct ca_rule_scratch *sc);

/* Scans 'len' bytes of 'data' (borrowed) in one pass and calls 'fn' for each
 * confirmed secret. The secrets found in decoded values come first (one
 * more pass per layer of decoding, see ca_rule_scratch_set_decode()),
 * then those in plain text, each group in order of position; decoded
 * bytes live in 'scratch_arena'. 'scratch_arena' may be used for
 * identity/detail strings that live until the caller resets it (NULL: the
 * scratch keeps its own, valid until the next scan). Returns 0; 1 when
 * the scan stopped early (over 100000 hits, or so many candidates that
 * confirming them all would cost more than a few dozen times the file's
 * size: a hostile or generated file) and only the hits found up to there
 * were delivered; or -1 after ca_error() when vectorscan fails. */
int ca_rules_scan(const struct ca_ruleset *rs, struct ca_rule_scratch *sc,
    const char *data, size_t len, struct arena *scratch_arena,
    ca_rule_hit_fn *fn, void *arg);

/* Whether the scans of 'sc' also decode base64, URL-encoded and
 * JSON-escaped runs and scan what they hold (the default: yes). At most
 * two layers deep, and at most 8 MiB of encoded runs per layer. */
void ca_rule_scratch_set_decode(struct ca_rule_scratch *sc, bool decode);

/* True when the file named 'name' (borrowed; a base name or a path) is
 * source code by its extension (.py, .js, .go, .c, ...). In source code
 * the keyword rules report only quoted literals. */
bool ca_rules_is_code(const char *name);
/* Tells the scratch whether the next files scanned are source code. */
void ca_rule_scratch_set_code(struct ca_rule_scratch *sc, bool code);

/* True when a value is a placeholder or documentation example rather than
 * a live secret: AKIAIOSFODNN7EXAMPLE, xxxx..., <your-token>, ${VAR},
 * changeme, one repeated character, and the like. Shared with the surface
 * parsers so a placeholder in hosts.yml is not reported either. */
bool ca_is_placeholder(const char *s, size_t len);

/* Checks a 40-character GitHub token (ghp_/gho_/ghu_/ghs_/ghr_) or npm_
 * token: CRC-32 of the 30 random characters against the base62 checksum
 * in the last 6. */
bool ca_github_checksum_ok(const char *token, size_t len);

/* Decodes the AWS account id from an access key id (AKIA/ASIA...). Writes
 * 12 digits and a NUL into 'out'; returns 0 or -1. */
int ca_aws_account_from_key_id(const char *key_id, size_t len, char out[13]);

/* --- known public test values (known.c) --- */

struct ca_policy;

/* The reason an ignored[] entry gives for a known public test value. */
#define CA_KNOWN_REASON "known public test value"

/* True when s[0..len) is a widely published test key or documentation
 * sample (data/known_test_values.tsv, built by scripts/gen-known-values.py)
 * or one of the known_values of policy 'p' (borrowed, may be NULL). Such
 * a value is no credential: the scan lists it under ignored[]. */
bool ca_known_test_value(const char *s, size_t len, const struct ca_policy *p);
/* The SHA-256 of the normalised value, as the table stores it: a PEM
 * block's base64 body without header lines or whitespace, or the value
 * trimmed. */
void ca_known_digest(const char *s, size_t len, unsigned char out[32]);
/* Parses 64 hex digits into 'out'; returns 0 or -1. */
int ca_known_parse_hex(const char *s, size_t len, unsigned char out[32]);
/* Rows in the built-in table. */
size_t ca_known_count(void);

#endif
