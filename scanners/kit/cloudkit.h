/* cloudkit.h - parsing helpers shared by the cloud surface modules (aws.c,
 * aws_cache.c, gcp.c, azure.c, kube.c and the small ones): INI
 * through inih with values of any length and their line numbers, JSON
 * loading that never echoes the input and wipes every string on free,
 * JWT claims, timestamps normalised to RFC 3339 UTC, printable copies for
 * identities and details, command masking and private-key classification.
 * The bounded YAML tree is yaml_tree.h.
 *
 * Nothing here copies a secret into anything that outlives the file: INI
 * values are spans into the caller's bytes, JSON strings are wiped before
 * the document is freed, and a decoded JWT payload is wiped once its
 * claims are read. Error texts are static and never quote the input.
 * Symbols carry 'ck_'. */
#ifndef CA_CLOUDKIT_H
#define CA_CLOUDKIT_H

#include "scanners/core/scanner.h"
#include <jansson.h>

/* The most a module reads of a side file (a team config, a key file) it
 * is not handed by the walker. */
#define CK_SIDE_CAP (1u << 20)

/* ---- INI ------------------------------------------------------------- */

/* One key of an INI file, as inih structures it. Every span points into
 * the parsed bytes (borrowed) and is trimmed; values also lose an inline
 * "; comment" (a ';' after whitespace), as inih strips it. */
struct ck_ini_item {
	const char *section; /* name between the brackets, or NULL for
	                      * keys before the first section */
	size_t section_len;
	unsigned int section_line;
	const char *key;
	size_t key_len;
	const char *val;
	size_t val_len;
	unsigned int line; /* 1-based line of the key */
	/* An indented line under a key whose value is empty is a sub-key
	 * ("s3 =\n  max_concurrent_requests = 10"): 'parent' names it. */
	const char *parent;
	size_t parent_len;
	/* An indented "k = v" under a key that has a value: inih (and
	 * botocore) would glue it to that value; it is reported as a key of
	 * its own, marked, since a secret written so is still on disk. */
	bool indented;
};

/* Returns 0 to go on, non-zero to stop the parse. */
typedef int ck_ini_fn(void *arg, const struct ck_ini_item *it);

struct ck_ini_status {
	unsigned int bad_lines;  /* neither section, key, comment nor blank */
	unsigned int first_bad;  /* line of the first */
	unsigned int inih_error; /* what inih reported (first bad line) */
};

/* Parses 'len' bytes of 'data' (borrowed) with inih and calls 'fn' for
 * each key in file order. Lines of any length work: inih is fed one short
 * synthetic line per input line (Debian's libinih cuts lines at 200
 * bytes), and the real spans come from this side. Returns 0. */
int ck_ini_parse(const char *data, size_t len, ck_ini_fn *fn, void *arg,
    struct ck_ini_status *st);

/* ---- JSON ------------------------------------------------------------ */

/* Parses 'len' bytes of 'data' (borrowed), skipping a UTF-8 BOM. Returns
 * an owned document (free it with ck_json_free), or NULL with '*line' set
 * to the 1-based line of the error (0 unknown). jansson's message quotes
 * the input, so callers only get the line. */
json_t *ck_json_load(const char *data, size_t len, int *line);
/* ck_json_load of the file 'f' (borrowed) that warns, naming the line,
 * when it is not JSON. NULL means "stop, already reported". */
json_t *ck_json_load_warn(struct ca_ctx *ctx, const struct ca_file *f);
/* Wipes every string in 'doc' and frees it; takes ownership. NULL is ok. */
void ck_json_free(json_t *doc);
/* The string under 'key' of object 'obj' (borrowed), "" included, or NULL
 * when absent or not a string. '*len' (may be NULL) gets its length. */
const char *ck_json_str(const json_t *obj, const char *key, size_t *len);
/* ck_json_str(), but NULL for an empty string too. */
const char *ck_json_nonempty(const json_t *obj, const char *key, size_t *len);
/* Reads a number or a numeric string under 'key' as an integer. Returns 0
 * and sets '*out', or -1. */
int ck_json_int(const json_t *obj, const char *key, int64_t *out);

/* ---- JWT ------------------------------------------------------------- */

/* Claims of a JWT that say whom it names and when it ends; strings are
 * arena copies, NULL when absent. */
struct ck_jwt {
	const char *sub, *email, *upn, *name, *iss, *tid, *oid, *aud;
	const char *sa_namespace, *sa_name; /* Kubernetes service account */
	int64_t exp;                        /* 0 when absent */
};

/* Decodes the payload of 'tok' ('len' bytes, borrowed) with arena 'a'.
 * Returns true and fills 'out' when it is a JWT with a JSON object
 * payload. */
bool ck_jwt_decode(struct arena *a, const char *tok, size_t len,
    struct ck_jwt *out);
/* True when 's' has the shape header.payload.signature with a base64url
 * header starting "eyJ". */
bool ck_jwt_shaped(const char *s, size_t len);

/* ---- time ------------------------------------------------------------ */

/* Parses 'len' bytes of 's', trimmed: plain digits are Unix seconds or
 * milliseconds; otherwise "YYYY-MM-DD", optionally followed by
 * "[T ]HH:MM:SS[.frac]", then optionally a zone (Z, UTC, GMT, +HH, +HHMM,
 * +HH:MM, -...) after any spaces. No zone means UTC, as gcloud's naive
 * timestamps and ADAL's local times are read. Text after a full time and
 * its zone is a zone name or a clock reading (" UTC", " m=+0.1") and is
 * ignored; a date alone may carry only a zone. Returns 0 and sets '*out',
 * or -1. */
int ck_time_parse(const char *s, size_t len, int64_t *out);
/* Formats Unix seconds as RFC 3339 UTC ("2024-05-01T12:00:00Z") in arena
 * 'a'; NULL outside years 1970-9999 (no usable expiry). */
const char *ck_time_fmt(struct arena *a, int64_t t);
/* ck_time_parse then ck_time_fmt into the scratch arena; NULL when the
 * text is no usable time. */
const char *ck_time_rfc3339(struct ca_ctx *ctx, const char *s, size_t len);
/* Parses a decimal integer, optionally followed by a fraction (ignored).
 * Returns 0 or -1. */
int ck_parse_int(const char *s, size_t len, int64_t *out);
/* Unix seconds from a number that may be in milliseconds. */
int64_t ck_seconds(int64_t v);

/* ---- strings --------------------------------------------------------- */

/* The directory part of 'path' in arena 'a' ("/" for "/x", "." for no
 * slash). */
const char *ck_dirname(struct arena *a, const char *path);
/* Returns the last component of 'path' (borrowed, inside 'path'). */
const char *ck_basename(const char *path);
/* The home for anchors: 'home', or "" when NULL. */
const char *ck_home(const char *home);
/* The line of a decoded JSON string value 'secret' in the JSON text
 * 'data': found by its longest stretch that JSON needs no escape for
 * (a PEM key is written with "\n"). 0 when not found. All borrowed. */
unsigned int ck_json_line_of(const char *data, size_t len, const char *secret,
    size_t slen);
/* Finds in the JSON text 'data' the string under "key" whose value,
 * unescaped, is 'val' ('vlen' bytes), and sets '*span'/'*slen' to its raw,
 * still escaped bytes. The content rules fingerprint what is written in
 * the file, so a parser reporting those bytes merges with them. Returns
 * false when there is no such string. All borrowed. */
bool ck_json_raw_span(const char *data, size_t len, const char *key,
    const char *val, size_t vlen, const char **span, size_t *slen);
/* Splits 's' on spaces into a NULL-terminated list in arena 'a' (at most
 * 'max' entries, each printable). Returns NULL for no words. */
const char *const *ck_split_words(struct arena *a, const char *s, size_t len,
    size_t max);

/* Masks what may be secret in a command line before it goes into a
 * detail: the value after an option or inside an assignment whose name
 * says password, secret, token or key, and anything shaped like an AWS
 * key or a long random string. Result in the scratch arena, printable,
 * cut to 'max' bytes. */
const char *ck_mask_command(struct ca_ctx *ctx, const char *cmd, size_t len,
    size_t max);

/* ---- keys ------------------------------------------------------------ */

/* What a PEM or OpenSSH private key looks like from the outside. */
enum ck_key_state {
	CK_KEY_NONE = 0,  /* not a private key */
	CK_KEY_PLAIN,     /* unencrypted */
	CK_KEY_ENCRYPTED, /* passphrase-protected */
};

/* Classifies 'len' bytes of 'pem' (borrowed). 'label' (may be NULL) gets
 * a static description such as "RSA private key". */
enum ck_key_state ck_key_classify(const char *pem, size_t len,
    const char **label);

#endif
