/* gcp_env.c - gcloud files moved by environment variables set in shell
 * start-up files (.bashrc, .zshrc, .profile, .bash_profile, .zprofile,
 * .zshenv), read as the shell would set them (scanners/kit/shellrc.h):
 *
 *   CLOUDSDK_CONFIG                 gcloud's directory (gcp.c's parsers)
 *   GOOGLE_APPLICATION_CREDENTIALS  an ADC or key file (gcp.c's parsers)
 *
 * Files at the default places are left to the gcp module, which claims
 * them. The findings name the file they are in, not the rc file.
 *
 * These rules were reported under aws_env.* until aws_env.c was split;
 * the old ids stay aliases that policy files still match
 * (report/model/policy.c). */
#include "lib/compat.h"
#include "lib/str.h"
#include "scanners/kit/shellrc.h"
#include "scanners/surfaces/cloud/gcp.h"

#define MAX_ASSIGNMENTS 32 /* per file */

/* Indexes of var_names[]. */
enum var {
	V_CLOUDSDK,
	V_GOOGLE_ADC,
};

static const char *const var_names[] = {
	"CLOUDSDK_CONFIG",
	"GOOGLE_APPLICATION_CREDENTIALS",
};

/* Whether the walker already reads the file at its default place. */
static bool
claimed_elsewhere(const struct ca_rc_assign *a)
{
	switch (a->var) {
	case V_CLOUDSDK:
		return ca_ends_with(a->path, "/.config/gcloud") ||
		    ca_ends_with(a->path, "/.config/gcloud/");
	case V_GOOGLE_ADC:
		return strstr(a->path, "/.config/gcloud/") != NULL;
	default:
		return true;
	}
}

static int
gcp_env_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct ca_rc_assign as[MAX_ASSIGNMENTS];
	size_t n;

	/* cheap test first: most rc files name neither */
	if (!memmem(f->data, f->len, "CLOUDSDK_CONFIG", 15) &&
	    !memmem(f->data, f->len, "GOOGLE_APPLICATION_CREDENTIALS", 30))
		return 0;
	n = ca_rc_assignments(ctx, f, var_names, CA_ARRAY_SIZE(var_names),
	    claimed_elsewhere, as, MAX_ASSIGNMENTS);
	for (size_t i = 0; i < n; i++) {
		if (as[i].var == V_CLOUDSDK)
			ca_gcp_scan_config_dir(ctx, "gcp_env", as[i].path,
			    f->home);
		else
			ca_gcp_scan_json_path(ctx, "gcp_env", as[i].path,
			    f->home);
	}
	return 0;
}

/* clang-format off */
static const char *const gcp_env_claims[] = {
	"**/.bashrc",
	"**/.bash_profile",
	"**/.profile",
	"**/.zshrc",
	"**/.zprofile",
	"**/.zshenv",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc gcp_env_rules[] = {
	{ "gcp_env.access-token", "gcp-access-token",
	  "as gcp.access-token, in the gcloud directory CLOUDSDK_CONFIG names "
	  "(alias aws_env.access-token)" },
	{ "gcp_env.external-account", "gcp-external-account",
	  "as gcp.external-account, in a moved gcloud directory or ADC file "
	  "(alias aws_env.external-account)" },
	{ "gcp_env.impersonation", "gcp-impersonation",
	  "as gcp.impersonation, in a moved gcloud directory or ADC file "
	  "(alias aws_env.impersonation)" },
	{ "gcp_env.sa-key", "gcp-service-account-key",
	  "as gcp.sa-key, in the file GOOGLE_APPLICATION_CREDENTIALS names "
	  "(alias aws_env.sa-key)" },
	{ "gcp_env.user-refresh-token", "gcp-user-refresh-token",
	  "as gcp.user-refresh-token, in a moved gcloud directory or ADC file "
	  "(alias aws_env.user-refresh-token)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_gcp_env = {
	.name = "gcp_env",
	.surface = "cloud",
	.summary =
	    "gcloud directories and Google credential files moved by "
	    "CLOUDSDK_CONFIG or GOOGLE_APPLICATION_CREDENTIALS in shell rc "
	    "files",
	.version = 1,
	.claims = gcp_env_claims,
	.rules = gcp_env_rules,
	.scan_file = gcp_env_scan_file,
};
