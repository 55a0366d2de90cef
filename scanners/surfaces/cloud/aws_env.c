/* aws_env.c - AWS CLI files moved by environment variables set in shell
 * start-up files (.bashrc, .zshrc, .profile, .bash_profile, .zprofile,
 * .zshenv), read as the shell would set them (scanners/kit/shellrc.h):
 *
 *   AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE  parsed by aws.c's parser
 *
 * Files at the default places are left to the modules claiming them. The
 * findings name the file they are in, not the rc file. The gcloud
 * variables (CLOUDSDK_CONFIG, GOOGLE_APPLICATION_CREDENTIALS) are
 * gcp_env.c's.
 *
 * Static keys written into rc and .env files (AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY) are the content rules' business, not this
 * module's. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/shellrc.h"
#include "scanners/surfaces/cloud/aws.h"

#define MAX_ASSIGNMENTS 32 /* per file */

/* Indexes of var_names[]. */
enum var {
	V_AWS_CREDS,
	V_AWS_CONFIG,
};

static const char *const var_names[] = {
	"AWS_SHARED_CREDENTIALS_FILE",
	"AWS_CONFIG_FILE",
};

/* Whether the walker already reads the file at its default place. */
static bool
claimed_elsewhere(const struct ca_rc_assign *a)
{
	switch (a->var) {
	case V_AWS_CREDS:
		return ca_ends_with(a->path, "/.aws/credentials");
	case V_AWS_CONFIG:
		return ca_ends_with(a->path, "/.aws/config");
	default:
		return true;
	}
}

static void
follow_aws(struct ca_ctx *ctx, const struct ca_file *f,
    const struct ca_rc_assign *a, const char *pair)
{
	enum ca_aws_file which = a->var == V_AWS_CREDS ? CA_AWS_CREDENTIALS :
	                                                 CA_AWS_CONFIG;
	struct strbuf sb = STRBUF_INIT((64u << 20) + 1);
	int ret = ca_read_file(ctx, a->path, &sb);

	if (ret == 0) {
		ca_aws_parse(ctx, "aws_env", which, a->path, f->home, sb.buf,
		    sb.len,
		    pair ? pair : ca_aws_sibling(ctx, a->path, f->home, which));
	} else if (ret != -ENOENT && ret != -ENOTDIR) {
		ca_warn(ctx, NULL,
		    "cannot read '%s' named by %s at line %u: %s", a->path,
		    var_names[a->var], a->line, strerror(-ret));
	}
	ca_wipe(sb.buf, sb.len);
	strbuf_release(&sb);
}

static int
aws_env_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct ca_rc_assign as[MAX_ASSIGNMENTS];
	const char *pair[2] = { NULL, NULL };
	size_t n;

	/* cheap test first: most rc files name none of these */
	if (!memmem(f->data, f->len, "AWS_", 4))
		return 0;
	n = ca_rc_assignments(ctx, f, var_names, CA_ARRAY_SIZE(var_names),
	    claimed_elsewhere, as, MAX_ASSIGNMENTS);
	/* the other file of a moved pair is its sibling for context */
	for (size_t i = 0; i < n; i++)
		pair[as[i].var] = as[i].path;
	for (size_t i = 0; i < n; i++)
		follow_aws(ctx, f, &as[i],
		    pair[as[i].var == V_AWS_CREDS ? V_AWS_CONFIG :
		                                    V_AWS_CREDS]);
	return 0;
}

/* clang-format off */
static const char *const aws_env_claims[] = {
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
static const struct ca_rule_doc aws_env_rules[] = {
	{ "aws_env.assume-role", "aws-assume-role",
	  "as aws.assume-role, in a file AWS_CONFIG_FILE or "
	  "AWS_SHARED_CREDENTIALS_FILE names" },
	{ "aws_env.credential-process", "aws-credential-process",
	  "as aws.credential-process, in a moved AWS file" },
	{ "aws_env.profile-key", "aws-access-key",
	  "as aws.profile-key, in a moved AWS file" },
	{ "aws_env.sso-profile", "aws-sso-profile",
	  "as aws.sso-profile, in a moved AWS file" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_aws_env = {
	.name = "aws_env",
	.surface = "cloud",
	.summary = "AWS files moved by AWS_CONFIG_FILE or "
	           "AWS_SHARED_CREDENTIALS_FILE in shell rc files",
	.version = 2, /* 2: the gcloud rules moved to gcp_env */
	.claims = aws_env_claims,
	.rules = aws_env_rules,
	.scan_file = aws_env_scan_file,
};
