/* aws.h - the AWS shared credentials and config file parser, shared by
 * aws.c (~/.aws/credentials and ~/.aws/config) and aws_env.c (the files
 * AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name in shell rc files),
 * and the anchor names other modules link to.
 *
 * Every AWS profile credential answers to "aws-profile:<home>:<profile>"
 * (home "" when the file lies under no home), so a delegation elsewhere (a
 * kube exec plugin running `aws --profile prod`, a role's source_profile)
 * can link to whatever backs that profile. SSO tokens answer to
 * "aws-sso-token:<home>:<start url>". */
#ifndef CA_AWS_H
#define CA_AWS_H

#include "scanners/core/scanner.h"

#define CA_AWS_PROFILE_ANCHOR "aws-profile:"
#define CA_AWS_SSO_ANCHOR     "aws-sso-token:"

enum ca_aws_file {
	CA_AWS_CREDENTIALS, /* [name] sections */
	CA_AWS_CONFIG,      /* [default], [profile name], [sso-session name] */
};

/* Parses the AWS file 'data' ('len' bytes, borrowed) of type 'which' at
 * target path 'path' (borrowed; NULL means the file being scanned) and
 * emits one finding per static key, role, credential_process and SSO
 * profile in it. 'sibling' (may be NULL) is the other file of the pair,
 * read through ca_read_file() for context only: a role_arn, a
 * source_profile, an sso-session. 'home' (may be NULL) names the anchors.
 * Rule ids are "<prefix>.profile-key" and so on ("aws" from aws.c,
 * "aws_env" from aws_env.c). Malformed lines and duplicate sections are
 * warnings; the rest of the file is still reported. Returns 0. */
int ca_aws_parse(struct ca_ctx *ctx, const char *prefix, enum ca_aws_file which,
    const char *path, const char *home, const char *data, size_t len,
    const char *sibling);

/* Returns the path of the other file of the pair for the file at 'path':
 * its neighbour when 'path' is ".../.aws/<name>", else the one under
 * 'home', else NULL. In the scratch arena. */
const char *ca_aws_sibling(struct ca_ctx *ctx, const char *path,
    const char *home, enum ca_aws_file which);

/* Returns "aws-profile:<home>:<profile>" in the scratch arena. */
const char *ca_aws_profile_anchor(struct ca_ctx *ctx, const char *home,
    const char *profile);
/* Returns "aws-sso-token:<home>:<start url>" in the scratch arena, the
 * URL without trailing slashes so config and cache agree. */
const char *ca_aws_sso_anchor(struct ca_ctx *ctx, const char *home,
    const char *url, size_t len);

/* Returns "account 123456789012" decoded offline from an access key id
 * ('len' bytes), or NULL. In the scratch arena. */
const char *ca_aws_account(struct ca_ctx *ctx, const char *key_id, size_t len);

#endif
