/* gitkit.h - the small URL, token and line helpers the GitHub and git
 * surface modules share. They never copy a secret: they return spans into
 * the caller's bytes or decode into a buffer the caller owns and wipes. */
#ifndef CA_GITKIT_H
#define CA_GITKIT_H

#include "scanners/core/scanner.h"

/* A GitHub token classified by its prefix. */
struct ca_gh_token {
	const char *kind;  /* kinds table row, NULL: not a GitHub token */
	size_t prefix_len; /* "ghp_" = 4, "github_pat_" = 11 */
	bool checksum_bad; /* a 40-character gh?_ token failing its CRC */
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
	const char *host; /* host[:port] */
	size_t host_len;
};

/* Splits 'url' ('len' bytes, borrowed) the way git's credential code
 * does (the first '@' of the authority ends the user info). Returns 0, or
 * -1 when it is not a "scheme://" URL. */
int ca_url_split(const char *url, size_t len, struct ca_url_parts *out);

/* Percent-decodes 'len' bytes of 'in' into 'out' (room for 'len' bytes;
 * no NUL added). Returns the decoded length. Both are borrowed. */
size_t ca_pct_decode(const char *in, size_t len, char *out);

#endif
