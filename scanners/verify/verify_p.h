/* verify_p.h - the insides of live verification, shared by verify.c (the
 * request engine), verify_table.c (the verifier table: parsing,
 * templates, reading responses), verify_sigv4.c and their tests. Nothing
 * outside scanners/verify*.c and tests includes this; the rest of the
 * program sees scanners/verify.h.
 *
 * Everything here is pure: no network, no clock unless one is passed in,
 * so the unit tests and the fuzz target can drive it directly. */
#ifndef CA_VERIFY_P_H
#define CA_VERIFY_P_H

#include "lib/compat.h"
#include "lib/strbuf.h"
#include "scanners/verify/verify.h"

#define CA_VERIFY_MAX_BODY      (1u << 20) /* response bytes kept */
#define CA_VERIFY_MAX_FIELD     256        /* identity, expiry, error code */
#define CA_VERIFY_MAX_SCOPES    64
#define CA_VERIFY_MAX_SCOPE_LEN 128

/* Where a value comes from. Request templates may use the variables;
 * response templates may use variables (but never the secret) and the
 * response sources. */
enum ca_vsrc_type {
	CA_VSRC_NONE = 0,
	CA_VSRC_VAR,    /* {secret} {base} {host} {user} {key_id} */
	CA_VSRC_JSON,   /* {/json/pointer} (RFC 6901) */
	CA_VSRC_HEADER, /* {header:Name} */
	CA_VSRC_XML,    /* {xml:Element}: text of the first such element */
};

enum ca_vvar {
	CA_VVAR_SECRET = 0,
	CA_VVAR_BASE,
	CA_VVAR_HOST,
	CA_VVAR_USER,
	CA_VVAR_KEY_ID,
	CA_VVAR_COUNT,
};
#define CA_VNEED(v) (1u << (v))

struct ca_vsource {
	enum ca_vsrc_type type;
	enum ca_vvar var; /* CA_VSRC_VAR */
	char *arg;        /* pointer, header or element name; owned */
};

/* Literal text and placeholders, parsed once at load time. */
struct ca_vtmpl_part {
	char *text; /* literal, or NULL for a placeholder */
	struct ca_vsource src;
};
struct ca_vtmpl {
	struct ca_vtmpl_part *parts;
	size_t nparts;
	bool set; /* the field was given */
};

struct ca_vheader {
	char *name;
	struct ca_vtmpl value;
};

struct ca_vscope_tier {
	char *pattern; /* exact scope, or a glob with '*' */
	int tier;      /* enum ca_tier */
};

enum ca_vbody_enc {
	CA_VBODY_RAW = 0,
	CA_VBODY_JSON, /* Content-Type says JSON: JSON-escaped */
	CA_VBODY_FORM, /* form-encoded: values percent-encoded */
};

struct ca_verifier {
	char *provider;
	char *endpoint; /* the --verify-endpoint name */
	char *summary;
	bool disabled;
	char **kinds;
	size_t nkinds;
	char **hosts; /* NULL: any host, hints ignored */
	size_t nhosts;
	char **host_from; /* rule-id prefixes of trusted identities */
	size_t nhost_from;
	struct ca_vtmpl base;
	char *method; /* "GET" or "POST" */
	struct ca_vtmpl url;
	struct ca_vheader *headers;
	size_t nheaders;
	struct ca_vtmpl body;
	enum ca_vbody_enc body_enc;
	bool sigv4;
	char *sigv4_region;
	char *sigv4_service;
	/* response */
	struct ca_vtmpl *identity; /* candidates; the first that resolves */
	size_t nidentity;
	struct ca_vsource scopes;
	struct ca_vsource expires;
	struct ca_vsource ok;
	struct ca_vsource error;
	char **revoked_errors;
	size_t nrevoked_errors;
	int *live;
	size_t nlive;
	int *revoked;
	size_t nrevoked;
	struct ca_vscope_tier *scope_tiers;
	size_t nscope_tiers;
	int no_scopes_tier; /* -1: an empty scope list says nothing */
	unsigned int needs; /* CA_VNEED() of what the request uses */
};

struct ca_vendpoint {
	char *name;
	char *base;
};

struct ca_verifiers {
	struct ca_verifier **v;
	size_t n;
	struct ca_vendpoint *endpoints;
	size_t nendpoints;
};

/* The values a request is built from. 'secret' is borrowed from the
 * vault and never copied anywhere but into the request. */
struct ca_vvars {
	const char *secret;
	size_t secret_len;
	const char *base; /* the entry's base (override or default) */
	const char *host;
	const char *user;
	const char *key_id;
};

/* One request, built from an entry and the variables. Every buffer may
 * hold the secret: release with ca_vrequest_release(), which wipes. */
struct ca_vrequest {
	const char *method; /* borrowed from the entry */
	struct strbuf url;
	struct strbuf *headers; /* "Name: value" lines */
	size_t nheaders;
	struct strbuf body;
	bool has_body;
};

/* A response as the engine saw it. */
typedef const char *ca_vheader_fn(void *arg, const char *name);
struct ca_vresponse {
	long status;
	const char *body;
	size_t body_len;
	ca_vheader_fn *header; /* a header's value, or NULL */
	void *header_arg;
};

/* What a response means. All strings owned; release with
 * ca_vresult_release(). */
struct ca_vresult {
	enum ca_verified verified;
	char *error; /* why it is unknown; never holds the secret */
	char *identity;
	char **scopes; /* valid when scopes_known */
	size_t nscopes;
	bool scopes_known;
	char *expires;       /* RFC 3339 UTC */
	int tier;            /* from the scopes, or -1 */
	bool retry;          /* rate limited or a server error: try again */
	int64_t retry_after; /* seconds the provider asked for, or -1 */
};

/* ---- the table (verify_table.c) ------------------------------------- */

/* Returns an owned, empty table. */
struct ca_verifiers *ca_verifiers_new(void);
/* The built-in data/verifiers.json, compiled in (verifiers_data.c). */
extern const unsigned char ca_verifiers_json[];
extern const size_t ca_verifiers_json_len;

/* Whether entry 'v' serves the kind. */
bool ca_verifier_has_kind(const struct ca_verifier *v, const char *kind);
/* The entry named 'provider' in 't', or NULL. */
const struct ca_verifier *ca_verifiers_find(const struct ca_verifiers *t,
    const char *provider);
/* Builds the request of 'v' for 'vars' into 'out' (initialised here).
 * Returns 0, or -1 with a reason in 'why' (which never holds the secret)
 * when a value cannot be placed (a newline in a header value, a missing
 * variable). */
int ca_vrequest_build(const struct ca_verifier *v, const struct ca_vvars *vars,
    struct ca_vrequest *out, char *why, size_t whylen);
void ca_vrequest_release(struct ca_vrequest *r);

/* Reads response 'r' to entry 'v' into 'out' (initialised here). 'vars'
 * are for response templates and for keeping the secret out of every
 * string taken from the response. 'now' is the Unix time, for HTTP dates
 * in Retry-After. */
void ca_vresponse_classify(const struct ca_verifier *v,
    const struct ca_vresponse *r, const struct ca_vvars *vars, int64_t now,
    struct ca_vresult *out);
void ca_vresult_release(struct ca_vresult *r);

/* Tier of a scope list under 'v''s scope_tiers: the highest tier of any
 * scope (exact key first, else the longest matching glob), the
 * no_scopes_tier for an empty list, or -1 when nothing is rated. */
int ca_verifier_scope_tier(const struct ca_verifier *v,
    const char *const *scopes, size_t n);

/* Whether 'url' may carry a secret: https with a host and no user
 * information, or http to a loopback host (127.0.0.0/8, ::1, localhost).
 * Returns 1 for https, 2 for loopback http, or 0 with a reason in 'why'. */
int ca_verify_url_policy(const char *url, char *why, size_t whylen);
/* Whether a textual address is a loopback host. */
bool ca_verify_is_loopback(const char *host);

/* Retry-After: delta seconds or an HTTP date (IMF-fixdate, RFC 850,
 * asctime). Returns 0 and the seconds to wait from 'now' (never
 * negative), or -1. */
int ca_verify_parse_retry_after(const char *v, int64_t now, int64_t *secs);
/* X-RateLimit-Reset / RateLimit-Reset: a Unix time (GitHub) or delta
 * seconds (the IETF draft); told apart by size. Returns 0 or -1. */
int ca_verify_parse_reset(const char *v, int64_t now, int64_t *secs);
/* A provider's expiry in any of the forms they use (Unix seconds, a date,
 * RFC 3339, "YYYY-MM-DD HH:MM:SS UTC" or with a numeric offset) as
 * RFC 3339 UTC into 'out' (21 bytes). Returns 0 or -1. */
int ca_verify_parse_expiry(const char *v, char out[32]);

/* ---- AWS Signature Version 4 (verify_sigv4.c) ----------------------- */

struct ca_sigv4 {
	const char *method;
	const char *url;            /* absolute; path and query as sent */
	const char *const *headers; /* "Name: value", signed; may be NULL */
	size_t nheaders;
	const void *body;
	size_t body_len;
	const char *region;
	const char *service;
	const char *key_id;
	const char *secret; /* the secret access key; borrowed */
	size_t secret_len;
	const char *amz_date; /* "YYYYMMDDTHHMMSSZ" */
};

/* Appends the canonical request / string to sign / Authorization header
 * value to 'out'. Return 0, or -1 on a malformed URL or a full buffer.
 * Intermediate key material is wiped. */
int ca_sigv4_canonical_request(const struct ca_sigv4 *s, struct strbuf *out);
int ca_sigv4_string_to_sign(const struct ca_sigv4 *s, struct strbuf *out);
int ca_sigv4_authorization(const struct ca_sigv4 *s, struct strbuf *out);

#endif
