/* git_credentials.h - the git credential-store parser, shared by the
 * credential-store file module and gitconfig.c (`store --file`).
 *
 * ca_git_credentials_parse() is what scanners/git_credentials.c runs on
 * ~/.git-credentials; gitconfig.c calls it for `store --file <path>`.
 * The helpers it used to hold are in scanners/kit/gitkit.h. */
#ifndef CA_GIT_CREDENTIALS_H
#define CA_GIT_CREDENTIALS_H

#include "scanners/core/scanner.h"
#include "scanners/kit/gitkit.h"

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

#endif
