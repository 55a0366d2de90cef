/* cloud_util.h - parsing helpers shared by the cloud surface modules
 * (azure.c, kube.c, cloud_misc.c): JSON loading and wiping, JWT claims,
 * timestamps, and value checks. The bounded YAML tree is yaml_tree.h.
 *
 * Nothing here copies a secret into anything that outlives the file: JSON
 * strings are wiped before the document is freed, and a decoded JWT
 * payload is wiped once its claims are read. Error texts are static and
 * never quote the input. Symbols carry the 'cu_' prefix. */
#ifndef CA_CLOUD_UTIL_H
#define CA_CLOUD_UTIL_H

#include "scanners/scanner.h"
#include <jansson.h>

/* ---- JSON ------------------------------------------------------------ */

/* Parses 'len' bytes of 'data' (borrowed), skipping a UTF-8 byte-order
 * mark. Returns an owned document (release it with cu_json_free), or
 * NULL with '*line' set to the 1-based line of the error (0 unknown).
 * jansson's own message quotes the input, so it is not passed on. */
json_t *cu_json_load(const char *data, size_t len, int *line);
/* Wipes every string in 'doc' (takes ownership) and frees it. */
void cu_json_free(json_t *doc);
/* Returns the string under 'key' in object 'obj' (borrowed), or NULL when
 * absent or not a string. '*len' (may be NULL) gets its length. */
const char *cu_json_str(const json_t *obj, const char *key, size_t *len);
/* Reads a number or a numeric string under 'key' as an integer. Returns 0
 * and sets '*out', or -1. */
int cu_json_int(const json_t *obj, const char *key, int64_t *out);

/* ---- JWT ------------------------------------------------------------- */

/* Claims of a JWT that say whom it names and when it ends; strings are
 * scratch copies, NULL when absent. */
struct cu_jwt {
	const char *sub, *email, *upn, *name, *iss, *tid, *oid, *aud;
	const char *sa_namespace, *sa_name; /* Kubernetes service account */
	int64_t exp;           /* 0 when absent */
};

/* Decodes the payload of 'tok' ('len' bytes, borrowed). Returns true and
 * fills 'out' when it is a JWT with a JSON object payload. */
bool cu_jwt_decode(struct arena *a, const char *tok, size_t len,
    struct cu_jwt *out);
/* True when 's' has the shape header.payload.signature with a base64url
 * header starting "eyJ". */
bool cu_jwt_shaped(const char *s, size_t len);

/* ---- time ------------------------------------------------------------ */

/* Formats Unix seconds as RFC 3339 UTC ("2024-05-01T12:00:00Z") in the
 * arena; NULL when outside years 1970-9999 (no usable expiry). */
const char *cu_time_fmt(struct arena *a, int64_t t);
/* Parses "YYYY-MM-DD[T ]HH:MM:SS[.frac][Z|+HH:MM|-HH:MM| +0000 UTC]"
 * ('len' bytes). A time without a zone is taken as UTC. Returns 0 and
 * sets '*out', or -1. */
int cu_time_parse(const char *s, size_t len, int64_t *out);
/* Parses a decimal integer, optionally followed by a fraction (ignored).
 * Returns 0 or -1. */
int cu_parse_int(const char *s, size_t len, int64_t *out);
/* Unix seconds from a number that may be in milliseconds. */
int64_t cu_seconds(int64_t v);

/* ---- values ---------------------------------------------------------- */

/* Returns a printable copy (controls as '?', at most 'max' bytes, a
 * trailing "..." when cut) in the arena. Never pass a secret. */
char *cu_printable(struct arena *a, const char *s, size_t len, size_t max);
/* True when a value cannot be a live secret: empty, a placeholder, or a
 * reference to the environment ("$X", "${X}", "%X%"). */
bool cu_unusable(const char *s, size_t len);
/* Shrinks [*s, *s + *len) past leading and trailing whitespace. */
void cu_trim(const char **s, size_t *len);
/* Returns the 1-based line of the first occurrence of 'needle' in 'data',
 * or 0 (also for files over 4 MiB, to keep the search linear). */
unsigned int cu_line_of(const char *data, size_t len, const char *needle,
    size_t nlen);
/* Splits 's' on spaces into a NULL-terminated list in the arena (at most
 * 'max' entries, each printable). Returns NULL for no words. */
const char *const *cu_split_words(struct arena *a, const char *s, size_t len,
    size_t max);

/* What a PEM or OpenSSH private key looks like from the outside. */
enum cu_key_state {
	CU_KEY_NONE = 0,       /* not a private key */
	CU_KEY_PLAIN,          /* unencrypted */
	CU_KEY_ENCRYPTED,      /* passphrase-protected */
};

/* Classifies 'len' bytes of 'pem' (borrowed). 'label' (may be NULL) gets
 * a static description such as "RSA private key". */
enum cu_key_state cu_key_classify(const char *pem, size_t len,
    const char **label);

/* Returns the directory part of 'path' in the arena ("/" for "/x"). */
const char *cu_dirname(struct arena *a, const char *path);
/* Returns the last component of 'path' (borrowed, inside 'path'). */
const char *cu_basename(const char *path);

#endif
