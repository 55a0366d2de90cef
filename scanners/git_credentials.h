/* git_credentials.h - the git credential-store parser, and the small URL
 * and token helpers the GitHub and git surface modules share.
 *
 * ca_git_credentials_parse() is what scanners/git_credentials.c runs on
 * ~/.git-credentials; gitconfig.c calls it for `store --file <path>`. The
 * helpers never copy a secret: they return spans into the caller's bytes
 * or decode into a buffer the caller owns and wipes. */
#ifndef CA_GIT_CREDENTIALS_H
#define CA_GIT_CREDENTIALS_H

#include "scanners/scanner.h"

/* Rule id of one credential-store line, whoever found the file. */
#define CA_GIT_STORE_RULE "git_credentials.store-entry"
/* Anchor prefix of credential-store entries: "git-store:<path>". A
 * credential.helper finding links to it. */
#define CA_GIT_STORE_ANCHOR "git-store:"

/* Parses the credential-store bytes 'data' (borrowed, 'len' bytes) of the
 * file at target path 'path' (borrowed; NULL means the file being
 * scanned) and emits one finding per line holding a password. Malformed
 * lines give one warning for the whole file. Returns 0. */
int ca_git_credentials_parse(struct ca_ctx *ctx, const char *path,
    const char *data, size_t len);

/* A GitHub token classified by its prefix. */
struct ca_gh_token {
	const char *kind;      /* kinds table row, NULL: not a GitHub token */
	size_t prefix_len;     /* "ghp_" = 4, "github_pat_" = 11 */
	bool checksum_bad;     /* a 40-character gh?_ token failing its CRC */
};

/* Classifies 's' ('len' bytes, borrowed) by prefix. Returns true and
 * fills 'out' when it is a GitHub token. */
bool ca_gh_token_classify(const char *s, size_t len, struct ca_gh_token *out);

/* The parts of "scheme://user:pass@host/path"; spans into the URL, raw
 * (still percent-encoded). Absent parts have a NULL pointer. */
struct ca_url_parts {
	const char *scheme;
	size_t scheme_len;
	const char *user;
	size_t user_len;
	const char *pass;
	size_t pass_len;
	const char *host;      /* host[:port] */
	size_t host_len;
};

/* Splits 'url' ('len' bytes, borrowed) the way git's credential code
 * does (the first '@' of the authority ends the user info). Returns 0, or
 * -1 when it is not a "scheme://" URL. */
int ca_url_split(const char *url, size_t len, struct ca_url_parts *out);

/* Percent-decodes 'len' bytes of 'in' into 'out' (room for 'len' bytes;
 * no NUL added). Returns the decoded length. Both are borrowed. */
size_t ca_pct_decode(const char *in, size_t len, char *out);

/* Returns the 1-based line of the first occurrence of 'needle' in 'data',
 * or 0 when it does not occur (or 'nlen' is 0). Both are borrowed. */
unsigned int ca_line_of(const char *data, size_t len, const char *needle,
    size_t nlen);

/* Returns a printable copy (control bytes as '?', at most 'max' bytes)
 * of 'len' bytes of 's', owned by the scratch arena. Never pass a
 * secret: the copy is not wiped. */
char *ca_printable(struct ca_ctx *ctx, const char *s, size_t len, size_t max);

/* True when a value cannot be a live secret: empty, a placeholder, or a
 * shell/environment reference ("$TOKEN", "${TOKEN}", "%TOKEN%"). */
bool ca_secret_unusable(const char *s, size_t len);

#endif
