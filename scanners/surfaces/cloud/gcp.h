/* gcp.h - the Google Cloud parsers of gcp.c, for gcp_env.c, which finds
 * CLOUDSDK_CONFIG and GOOGLE_APPLICATION_CREDENTIALS in shell rc files,
 * and the anchor name of gcloud accounts.
 *
 * Every credential of a gcloud account (refresh token, access token,
 * service-account key) answers to "gcloud-account:<home>:<email>" (home
 * "" when the file lies under no home). */
#ifndef CA_GCP_H
#define CA_GCP_H

#include "scanners/core/scanner.h"

#define CA_GCP_ACCOUNT_ANCHOR "gcloud-account:"

/* Reads the gcloud configuration directory 'dir' (borrowed; a target
 * path) through ca_read_file(): credentials.db, access_tokens.db,
 * application_default_credentials.json and the active configuration.
 * 'home' (may be NULL) names the anchors; rule ids are "<prefix>.<rule>"
 * ("gcp_env.user-refresh-token"). Returns 0. */
int ca_gcp_scan_config_dir(struct ca_ctx *ctx, const char *prefix,
    const char *dir, const char *home);

/* Reads the file at target path 'path' (borrowed) and reports the Google
 * credential JSON in it (service-account key, authorized_user,
 * external_account, impersonated_service_account). A file that is not
 * one is passed over quietly. Rule ids as above. Returns 0. */
int ca_gcp_scan_json_path(struct ca_ctx *ctx, const char *prefix,
    const char *path, const char *home);

#endif
