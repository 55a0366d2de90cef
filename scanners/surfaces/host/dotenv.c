/* dotenv.c - .env files in every variant (.env, .env.local,
 * .env.production, .env.example, name.env, ...) anywhere under the
 * scanned tree, and direnv's .envrc. One "NAME=value" per line, with an
 * optional 'export ' in front; '#' starts a comment line (and, after a
 * blank, an unquoted value's inline comment); values may be single-quoted
 * (literal) or double-quoted (backslash escapes). A value is reported
 * when its name says secret (PASSWORD, TOKEN, SECRET, API_KEY, ...) and
 * it looks typed rather than a reference, path or placeholder; the
 * variable name is the identity. Vendor tokens and URLs with passwords
 * are the content rules' (which still run on these files), so a
 * DATABASE_URL or a ghp_ token keeps its own kind. */
#include "lib/compat.h"
#include "scanners/surfaces/host/hostwords.h"

static int
dotenv_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	hw_scan_assignments(ctx, f, "dotenv.secret", "dotenv-secret");
	return 0;
}

/* clang-format off */
static const char *const dotenv_claims[] = {
	"**/.env",
	"**/.env.*",
	"**/*.env",
	"**/.envrc",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc dotenv_rules[] = {
	{ "dotenv.secret", "dotenv-secret",
	  "NAME=value in a .env file or .envrc, with a name that says "
	  "secret" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_dotenv = {
	.name = "dotenv",
	.surface = "host",
	.summary = "secrets in .env files (.env, .env.local, .env.production, "
	           ".envrc, ...)",
	.version = 1,
	.claims = dotenv_claims,
	.rules = dotenv_rules,
	.scan_file = dotenv_scan_file,
};
