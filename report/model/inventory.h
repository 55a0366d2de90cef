/* inventory.h - the credentials of one scan, keyed by fingerprint.
 *
 * The same secret seen in several places is one credential with several
 * locations; a structured finding (a surface parser that understood the
 * file) outranks a content-rule hit for kind, rule and identity. Adding is
 * thread-safe; everything else runs after the walk, single-threaded. All
 * strings are copied into the inventory's own arena. */
#ifndef CA_INVENTORY_H
#define CA_INVENTORY_H

#include "lib/compat.h"
#include "report/model/finding.h"

#define CA_ID_HEX 32 /* fingerprint: 128 bits of HMAC-SHA-256, in hex */

/* Where a secret sits in a git repository's history (scan --git-history):
 * the commit that first holds the blob it is in, and what became of it. */
struct ca_git_origin {
	const char *repo;   /* the repository's git directory */
	const char *commit; /* 40 hex digits */
	const char *author; /* "Name <email>", through the redaction gate */
	const char *date;   /* the commit's author date, RFC 3339 UTC */
	const char *path;   /* the blob's path in that commit's tree */
	bool at_head;       /* the same blob is in HEAD's tree */
	bool pushed;        /* the commit is on a remote-tracking branch */
};

/* One sighting of a credential, with no secret in it. */
struct ca_sighting {
	char id[CA_ID_HEX + 1];
	const char *rule;
	const char *kind;
	const char *redacted;
	const char *identity;
	const char *expires;
	int standing; /* 1, 0, or -1 for the kind's default */
	const char *const *scopes;
	const char *detail;
	int tier;        /* -1 for the kind's default */
	bool structured; /* from a surface parser, not a content rule */
	const char *path;
	unsigned int line;
	uint32_t mode;       /* permission bits of the file */
	int64_t uid;         /* file owner, -1 unknown */
	const char *home;    /* home directory the file lies under, or NULL */
	const char *service; /* the service using a system-wide file, or
	                      * NULL ("gitlab-runner" for /etc/gitlab-runner) */
	const char *anchor;  /* see struct ca_finding */
	const char *link;
	const char *exposure;            /* see struct ca_finding */
	const struct ca_git_origin *git; /* in git history, or NULL */
	const char *layer;               /* an image layer's digest, or NULL */
	int layer_index;    /* its index from 0 (the base); -1 for none */
	bool deleted;       /* not in the image's final filesystem */
	bool user_known;    /* in an image: whether its USER can read the
	                     * file is known, and ... */
	bool user_readable; /* ... the answer */
	/* In an archive: the entry below the archive file, the end of
	 * 'path' ("b.zip!/c.env" in "/x/a.tar!/b.zip!/c.env"); or NULL. */
	const char *archive_entry;

	const char *encoding; /* see struct ca_finding */
};

struct ca_location {
	const char *path;
	unsigned int line;
	uint32_t mode;
	int64_t uid;
	const char *rule;
	const char *home;    /* the home it lies under, or NULL */
	const char *service; /* the service using it, or NULL */
	bool misplaced;      /* in another user's home or a shared place */
	bool tracked;        /* in a git repository's index */
	const char *repo;    /* that repository's work tree, or NULL */
	const struct ca_git_origin *git; /* a blob of git history, or NULL */
	const char *layer;  /* the image layer holding it (digest), or
	                     * NULL outside an image */
	int layer_index;    /* that layer's index from 0; -1 for none */
	bool deleted;       /* a later layer deleted or replaced it: it
	                     * still ships in the image */
	bool user_known;    /* whether the image's USER can read it is
	                     * known (image scans only), and ... */
	bool user_readable; /* ... the answer, by the file's mode */
	/* In an archive: see struct ca_sighting. */
	const char *archive_entry;

	/* The secret sits inside an encoded value ("base64", "url", "json",
	 * joined by '+' when nested), or NULL. */
	const char *encoding;
};

/* A delegation from one credential to others, by anchor name. */
struct ca_link {
	const char *ref; /* the anchor named: "aws-profile:/home/a:prod" */
	const char **to; /* ids of the credentials answering to it */
	size_t nto;
};

/* Who answers for a credential, resolved in this order: the owners map
 * (report/owners.h), the identity inside the credential, the Unix owner
 * of the file, else nobody. 'user' and 'uid' are always the file's owner
 * when known, whatever decided. */
struct ca_owner {
	const char *user;    /* Unix user name, or NULL */
	int64_t uid;         /* -1 when unknown */
	const char *source;  /* "owners-map" (a rule gave team and contact),
	                      * "identity" (the credential's identity names
	                      * its owner), "file-uid" (the file's owner;
	                      * 'user' NULL when the target's passwd has no
	                      * name for it) or "unowned" */
	const char *team;    /* from the owners map, or NULL */
	const char *contact; /* from the owners map, or NULL */
};

/* Where a credential's tier comes from (ca_credential.tier_evidence). */
#define CA_EVIDENCE_ASSUMED  "assumed"  /* the kind's conservative default */
#define CA_EVIDENCE_LOCAL    "local"    /* scopes or role read from files */
#define CA_EVIDENCE_VERIFIED "verified" /* confirmed by the provider */
#define CA_EVIDENCE_POLICY   "policy"   /* set by a policy override */

/* What the credential's provider said when asked (--verify). */
enum ca_verified {
	CA_VERIFIED_NONE = 0, /* not asked: no --verify, or no verifier */
	CA_VERIFIED_LIVE,     /* the provider accepted it */
	CA_VERIFIED_REVOKED,  /* the provider rejected it */
	CA_VERIFIED_UNKNOWN,  /* no answer; see verify_error */
};

/* "live", "revoked", "unknown", or NULL for CA_VERIFIED_NONE. */
static inline const char *
ca_verified_name(enum ca_verified v)
{
	return v == CA_VERIFIED_LIVE ? "live" :
	    v == CA_VERIFIED_REVOKED ? "revoked" :
	    v == CA_VERIFIED_UNKNOWN ? "unknown" :
	                               NULL;
}

struct ca_credential {
	char id[CA_ID_HEX + 1];
	const char *surface;
	const char *kind;
	const char *rule;
	const char *redacted; /* NULL for secretless credentials (keyring
	                       * entries, helpers): nothing to preview */
	const char *identity;
	const char *expires;
	bool standing;
	bool structured;
	enum ca_tier tier;
	enum ca_risk risk;
	struct ca_owner owner;
	const char **reasons;
	size_t nreasons;
	const char **scopes;
	size_t nscopes;
	struct ca_location *locations;
	size_t nlocations;
	struct ca_link *links; /* delegations, resolved by finish */
	size_t nlinks;
	const char **anchors; /* names this credential answers to */
	size_t nanchors;
	const char *tier_evidence; /* what the tier rests on: CA_EVIDENCE_*,
	                            * set by finish; "verified" when the
	                            * provider's scopes set it */
	bool misplaced;            /* some location is misplaced */
	const char *exposure;      /* a scanner's exposure reason, or NULL */
	enum ca_verified verified;
	const char *verify_error; /* why 'verified' is unknown; never a
	                           * secret */
	int64_t verified_at;      /* Unix time of the provider's live or
	                           * revoked answer; 0 for none */
	/* private */
	size_t cap_reasons, cap_scopes, cap_locations, cap_links, cap_anchors;
	int tier_override;
	bool tier_fixed; /* set by policy: links do not raise it */
	bool ignored;    /* removed from creds[] by the policy */
};

/* A credential the policy's ignore list removed from the report. */
struct ca_ignored {
	char id[CA_ID_HEX + 1];
	const char *kind;
	const char *rule;
	const char *reason;  /* the ignore's reason */
	const char *expires; /* the ignore's expiry date, or NULL */
	size_t ignore;       /* its index in the policy's ignore list;
	                      * SIZE_MAX for a known public test value */
};

struct ca_scan_error {
	const char *path;
	const char *error;
};

struct ca_scan_stats {
	uint64_t files;   /* regular files looked at */
	uint64_t bytes;   /* bytes read */
	uint64_t skipped; /* files passed over (binary, too large, special) */
	uint64_t errors;  /* entries in errors[] */
	uint64_t ignored; /* credentials removed by the policy (ignored[]) */
};

/* An installed-software tree the walk passed over (dependencies, caches,
 * toolchains): --include-deps reads it. */
struct ca_dep_tree {
	const char *path;
	const char *kind; /* "npm", "virtualenv", "pyenv", "system", ... */
	uint64_t files;   /* files in it left unread */
};

/* The image a scan read (credatlas image): every string borrowed from
 * the scan's target, which outlives the reports. */
struct ca_image_meta {
	const char *reference;       /* a repo tag, else the source given */
	const char *format;          /* "docker-archive", "oci-dir", ... */
	const char *manifest_digest; /* NULL for docker-save */
	const char *config_digest;
	const char *platform; /* "linux/amd64", or NULL */
	const char *user;     /* the config's USER, or NULL (root) */
	const char **layers;  /* digests, base layer first; owned
	                       * array */
	size_t nlayers;
};

struct ca_scan_meta {
	const char *target_type; /* "dir" */
	const char *root;        /* "/" or the --root directory */
	const char *host;        /* the scanning host's name, or NULL */
	const char *scope;       /* what was walked inside the root: the
	                          * PATH operands or the home, one per line;
	                          * "" for every home; NULL when unknown */
	char started[32];        /* RFC 3339 UTC */
	char finished[32];
	char key_id[17]; /* id of the fingerprint key */
	struct ca_scan_stats stats;
	struct ca_dep_tree *dep_trees; /* in path order; owned */
	size_t ndep_trees;
	struct ca_image_meta *image; /* an image scan's facts, or NULL;
	                              * owned (the strings are not) */
};

struct ca_inventory {
	struct ca_scan_meta meta;
	struct ca_credential **creds; /* sorted after ca_inventory_finish() */
	size_t ncreds;
	struct ca_scan_error *errors;
	size_t nerrors;
	struct ca_ignored *ignored; /* in id order, after finish */
	size_t nignored;
	/* private */
	struct ca_inventory_priv *priv;
};

/* Resolves a uid through the target's own /etc/passwd. Returns a borrowed
 * name or NULL. */
typedef const char *ca_uid_name_fn(void *arg, int64_t uid);

/* Finds the uid of the user whose home directory is 'home' (borrowed), or
 * -1; called with the 'arg' given to ca_inventory_finish(). */
typedef int64_t ca_home_uid_fn(void *arg, const char *home);

struct ca_owners;
struct ca_policy;

/* Returns an owned, empty inventory. */
struct ca_inventory *ca_inventory_new(void);
/* Frees the inventory and everything in it; NULL is fine. */
void ca_inventory_free(struct ca_inventory *inv);
/* Records a sighting; thread-safe; 's' is borrowed. Returns 0. */
int ca_inventory_add(struct ca_inventory *inv, const struct ca_sighting *s);
/* Records a skipped installed-software tree; strings are copied. */
void ca_inventory_add_dep_tree(struct ca_inventory *inv, const char *path,
    const char *kind, uint64_t files);
/* Records a per-file error; thread-safe; strings are copied. */
void ca_inventory_add_error(struct ca_inventory *inv, const char *path,
    const char *error);
/* Has ca_inventory_finish() resolve owners through 'owners' and apply
 * 'policy' (report/policy.h); both borrowed, either NULL, and needed only
 * until finish returns. Call before the scan. */
void ca_inventory_set_policy(struct ca_inventory *inv,
    const struct ca_owners *owners, const struct ca_policy *policy);
/* True when the policy's live ignores cover every location of 'c' (both
 * borrowed), so finish will drop it: such a credential is not verified
 * either. Usable before finish. */
/* The policy given to ca_inventory_set_policy() (borrowed), or NULL. */
const struct ca_policy *ca_inventory_policy(const struct ca_inventory *inv);
bool ca_inventory_is_ignored(const struct ca_inventory *inv,
    const struct ca_credential *c);
/* Has ca_inventory_finish() find the user of a home through 'fn', so a
 * file owned by one user in another's home is flagged misplaced. */
void ca_inventory_set_home_uid(struct ca_inventory *inv, ca_home_uid_fn *fn);
/* Marks location 'loc' of 'c' (borrowed, in 'inv') as tracked by the git
 * repository whose work tree is 'repo' (borrowed; copied). Before
 * finish. */
void ca_inventory_mark_tracked(struct ca_inventory *inv,
    struct ca_credential *c, size_t loc, const char *repo);
/* Applies the policy's ignores (removed credentials go to ignored[]),
 * computes tier (kind, scopes, links, policy) and risk (the matrix of
 * report/risk.h, with the policy's weights and overrides), resolves
 * owners, and sorts credentials (most severe first, then surface, kind,
 * first path, id), locations and errors. Every factor leaves a reason. */
void ca_inventory_finish(struct ca_inventory *inv, ca_uid_name_fn *uid_name,
    void *arg);
/* What a provider said about one credential; every pointer borrowed. */
struct ca_verification {
	enum ca_verified verified;
	const char *error;         /* NULL unless unknown */
	const char *identity;      /* as the provider names it, or NULL */
	const char *const *scopes; /* what the provider granted, or NULL when
	                            * it did not say */
	size_t nscopes;
	const char *expires; /* RFC 3339 UTC, or NULL */
	int tier;            /* rated from those scopes, or -1 */
	int64_t at;          /* when the provider answered: 0 for now,
	                      * or an earlier scan's time when cached */
};
/* Records a verification for credential 'id' after the walk and before
 * ca_inventory_finish(): the provider's identity replaces the one found,
 * its scopes join the ones found, its expiry replaces the one found, and
 * a tier rated from its scopes replaces the assumed or stated one.
 * Strings are copied. Returns 0, or -1 when there is no such credential. */
int ca_inventory_set_verified(struct ca_inventory *inv, const char *id,
    const struct ca_verification *v);
/* Returns the credential with this id, or NULL (after finish). */
const struct ca_credential *ca_inventory_get(const struct ca_inventory *inv,
    const char *id);

/* For inventories read back from a report or a database (report/load.h),
 * which are already rated and sorted: never call ca_inventory_finish() on
 * them. */

/* Appends a deep copy of 'c' (borrowed), tier, risk, owner and links as
 * they are: nothing is re-rated, and the order of calls is the report
 * order. Returns the copy, owned by the inventory, or NULL when a
 * credential with the same id is already there. */
struct ca_credential *ca_inventory_add_loaded(struct ca_inventory *inv,
    const struct ca_credential *c);
/* Appends a copy of 'g' (borrowed) to ignored[], as it is, unless an
 * entry with its id is there already. Thread-safe: the walk adds the
 * known public test values it meets. */
void ca_inventory_add_ignored(struct ca_inventory *inv,
    const struct ca_ignored *g);
/* Returns a copy of 's' (borrowed) that lives as long as the inventory,
 * for the meta strings; NULL gives NULL. */
const char *ca_inventory_strdup(struct ca_inventory *inv, const char *s);

#endif
