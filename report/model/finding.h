/* finding.h - the vocabulary shared by scanners and reports: tiers, risks,
 * credential kinds, and the finding a scanner hands to the core.
 *
 * A finding is lent: every pointer in it is borrowed for the duration of
 * ca_emit(), which fingerprints and redacts the secret, wipes nothing of the
 * caller's, and copies the rest into the inventory. The raw secret is never
 * stored and never reaches a report. */
#ifndef CA_FINDING_H
#define CA_FINDING_H

#include "lib/compat.h"

/* What the credential can do at worst, in increasing order. */
enum ca_tier {
	CA_TIER_READ = 0,   /* read-only or metadata */
	CA_TIER_WRITE = 1,  /* change code, data or packages */
	CA_TIER_SECRET = 2, /* read other secrets */
	CA_TIER_ADMIN = 3,  /* administrative or destructive */
};
#define CA_TIER_COUNT 4

enum ca_risk {
	CA_RISK_LOW = 0,
	CA_RISK_MEDIUM = 1,
	CA_RISK_HIGH = 2,
	CA_RISK_CRITICAL = 3,
};
#define CA_RISK_COUNT 4

const char *ca_tier_name(enum ca_tier tier);
const char *ca_risk_name(enum ca_risk risk);
/* Return the enum value, or -1 for an unknown name. */
int ca_tier_parse(const char *name);
int ca_risk_parse(const char *name);

/* Flags of a kind: what the inventory treats differently. */
/* It names the container a secret sits in (an assignment, a URL, a
 * credential store) rather than the secret: a token-shaped rule that
 * recognises the same secret names it better. */
#define CA_KIND_CONTAINER (1u << 0)
/* Its identity names a program (a helper, an exec plugin), not who the
 * credential acts as, so it does not make an owner. */
#define CA_KIND_PROGRAM (1u << 1)
/* Unusable without a passphrase: exposure never rates it above the
 * kind's own risk. */
#define CA_KIND_LOCKED (1u << 2)
/* A keyword guess ("password = ..."): a file a surface module parses is
 * not second-guessed by it, since the parser knows which values are
 * secrets. */
#define CA_KIND_KEYWORD (1u << 3)
/* Its identity names a machine, a service or a pipeline (a CI runner, a
 * workflow), not a person: like a program's, it does not make an owner,
 * which comes from the owners map or the file. */
#define CA_KIND_SERVICE (1u << 4)

/* One row per kind of credential: its surface, label, defaults and all
 * the model knows of it, so a new kind is one row and nothing else. The
 * table lives in report/model/kinds.c and is sorted by name. */
struct ca_kind {
	const char *name;    /* "github-pat-classic" */
	const char *surface; /* "github", "git", "cloud", ... */
	const char *label;   /* "GitHub classic personal access token" */
	enum ca_tier tier;   /* conservative default when scopes are unknown */
	enum ca_risk risk;   /* default risk before exposure factors */
	bool standing;       /* does not expire by itself */
	bool secretless; /* a delegation or keyring entry: no secret on disk */
	/* The family of scope tables its scopes are read with ("github",
	 * see report/model/scopes.h), or NULL when none applies. */
	const char *scope_family;
	unsigned int flags; /* CA_KIND_* */
};

/* Returns the row for 'name' (borrowed, static), or NULL. */
const struct ca_kind *ca_kind_find(const char *name);
/* The whole table, for listings and tests. */
const struct ca_kind *ca_kinds(size_t *count);

/* What a scanner or content rule found. See the top of this file for
 * ownership: everything is borrowed. */
struct ca_finding {
	const char *rule;  /* stable id, never reused: "gh.hosts-token" */
	const char *kind;  /* a row of the kinds table */
	const char *path;  /* target path; NULL = the file being scanned */
	unsigned int line; /* 1-based; 0 = not applicable */

	/* Exactly one of 'secret' and 'ref' is set. 'secret' is the raw value
	 * (not NUL-terminated); 'ref' names a credential kept elsewhere (an OS
	 * keyring entry, a helper) so it still gets a stable fingerprint. */
	const char *secret;
	size_t secret_len;
	size_t preview_prefix; /* leading bytes of 'secret' that are a public
	                        * prefix ("ghp_"), shown in the preview */
	const char *ref;

	const char *identity; /* who it acts as: "octocat@github.com" */
	const char *expires;  /* RFC 3339 UTC, or NULL when none is known */
	int standing;         /* 1 standing, 0 expires, -1 the kind's default */
	const char *const *scopes; /* NULL-terminated list, or NULL */
	const char *detail;        /* one human reason line, or NULL */
	int tier; /* enum ca_tier, or -1 for the kind's default */

	/* Links between credentials, resolved after the walk. 'anchor' is a
	 * name this credential answers to ("aws-profile:/home/a:prod");
	 * 'link' names another credential's anchor that this one delegates
	 * to or inherits (a kube exec plugin running `aws --profile prod`). */
	const char *anchor;
	const char *link;

	/* An exposure no file mode shows, as a reason line, or NULL: a store
	 * whoever reads it can decrypt (a browser's v10 cookies). It counts
	 * once, at the weight of a world-readable file. */
	const char *exposure;

	/* The secret was found inside an encoded value ("base64", "url",
	 * "json", layers joined by '+'); 'line' is the encoded value's. NULL
	 * for a secret in plain text. */
	const char *encoding;
};

#endif
