/* shell_rc.c - secrets exported by shell start-up files: ~/.bashrc,
 * ~/.bash_profile, ~/.profile, ~/.zshrc, ~/.zprofile, ~/.zshenv. The
 * aws_env and gcp_env modules read these files for the paths they set,
 * which makes them parsed files the keyword rules leave alone; this
 * module is what reads their "export NAME=value" lines for secrets
 * (PASSWORD, TOKEN, SECRET, API_KEY, ...), as dotenv does for .env files.
 * Every shell the user starts exports them to every program it runs.
 * Vendor tokens keep the content rules' kinds. */
#include "lib/compat.h"
#include "scanners/surfaces/host/hostwords.h"

static int
shell_rc_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	hw_scan_assignments(ctx, f, "shell_rc.export", "shell-rc-secret");
	return 0;
}

/* clang-format off */
static const char *const shell_rc_claims[] = {
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
static const struct ca_rule_doc shell_rc_rules[] = {
	{ "shell_rc.export", "shell-rc-secret",
	  "export NAME=value in a shell start-up file, with a name that "
	  "says secret" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_shell_rc = {
	.name = "shell_rc",
	.surface = "host",
	.summary = "secrets exported by shell start-up files (~/.bashrc, "
	           "~/.profile, ~/.zshrc, ...)",
	.version = 1,
	.claims = shell_rc_claims,
	.rules = shell_rc_rules,
	.scan_file = shell_rc_scan_file,
};
