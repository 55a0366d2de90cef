/* aws_env.c - cloud CLI files moved by environment variables set in shell
 * start-up files (.bashrc, .zshrc, .profile, .bash_profile, .zprofile,
 * .zshenv). The scanner cannot read the user's environment, so it reads
 * what the shell would set:
 *
 *   AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE  parsed by aws.c's parser
 *   CLOUDSDK_CONFIG                               gcloud's directory (gcp.c)
 *   GOOGLE_APPLICATION_CREDENTIALS                an ADC or key file (gcp.c)
 *
 * Forms understood: NAME=VALUE with an optional export, declare -x or
 * typeset -x; csh's setenv NAME VALUE; fish's set -x/-gx NAME VALUE.
 * Values may be quoted; "~", $HOME and ${HOME} are expanded against the
 * file's home, other expansions make the value unresolvable and it is
 * skipped. Every assignment is followed, whichever branch of the script it
 * sits in. Files at the default places are left to the modules claiming
 * them. The findings name the file they are in, not the rc file.
 *
 * Static keys written into rc and .env files (AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY) are the content rules' business, not this
 * module's. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/surfaces/cloud/aws.h"
#include "scanners/surfaces/cloud/gcp.h"

#define MAX_VALUE 1024
#define MAX_ASSIGNMENTS 32 /* per file */

enum var {
	V_AWS_CREDS, V_AWS_CONFIG, V_CLOUDSDK, V_GOOGLE_ADC, V_NONE,
};

static const char *const var_names[] = {
	"AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "CLOUDSDK_CONFIG",
	"GOOGLE_APPLICATION_CREDENTIALS",
};

struct assign {
	enum var var;
	const char *path;      /* resolved, scratch */
	unsigned int line;
};

static bool
sp(char c)
{
	return c == ' ' || c == '\t';
}

static bool
name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* Skips the word 'w' and the blanks after it at *p. */
static bool
skip_word(const char **p, const char *e, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(e - *p) <= n || memcmp(*p, w, n) || !sp((*p)[n]))
		return false;
	*p += n;
	while (*p < e && sp(**p))
		(*p)++;
	return true;
}

static enum var
match_var(const char *s, size_t len)
{
	for (size_t i = 0; i < CA_ARRAY_SIZE(var_names); i++)
		if (strlen(var_names[i]) == len && !memcmp(s, var_names[i], len))
			return (enum var)i;
	return V_NONE;
}

/* Reads a shell word at [p, e): quoted or bare. Returns a scratch copy
 * with $HOME/${HOME} turned into "~", or NULL when it needs an expansion
 * this module cannot do. */
static const char *
read_value(struct ca_ctx *ctx, const char *p, const char *e)
{
	struct strbuf sb = STRBUF_INIT(MAX_VALUE);
	const char *out = NULL;
	char q = 0;

	if (p < e && (*p == '"' || *p == '\'')) {
		q = *p++;
	}
	if ((size_t)(e - p) >= 5 && !memcmp(p, "$HOME", 5) &&
	    (e - p == 5 || !name_char(p[5]))) {
		strbuf_addch(&sb, '~');
		p += 5;
	} else if ((size_t)(e - p) >= 7 && !memcmp(p, "${HOME}", 7)) {
		strbuf_addch(&sb, '~');
		p += 7;
	}
	for (; p < e; p++) {
		char c = *p;
		if (q && c == q)
			break;
		if (!q && (sp(c) || c == ';' || c == '#' || c == '&' ||
		    c == '|' || c == ')' || c == '\r'))
			break;
		if (c == '$' && q != '\'')
			goto out; /* another expansion: unresolvable */
		if (c == '`' || (c == '\\' && q != '\''))
			goto out;
		if (strbuf_addch(&sb, c) < 0)
			goto out;
	}
	if (sb.len)
		out = arena_strndup(ca_scratch(ctx), sb.buf, sb.len);
out:
	strbuf_release(&sb);
	return out;
}

/* Parses one line; fills 'a' and returns true for an assignment of a
 * variable of interest. */
static bool
parse_line(struct ca_ctx *ctx, const struct ca_file *f, const char *p,
    const char *e, struct assign *a)
{
	const char *ns, *val;
	bool spaced = false;
	enum var v;

	while (p < e && sp(*p))
		p++;
	if (p == e || *p == '#')
		return false;
	if (skip_word(&p, e, "setenv")) {
		spaced = true;
	} else if (skip_word(&p, e, "set")) {
		/* fish: set -x NAME VALUE, set -gx, set -Ux ... */
		if (p == e || *p != '-' || !memchr(p, 'x', (size_t)(e - p)))
			return false;
		while (p < e && !sp(*p))
			p++;
		while (p < e && sp(*p))
			p++;
		spaced = true;
	} else if (!skip_word(&p, e, "export") &&
	    !skip_word(&p, e, "declare") && !skip_word(&p, e, "typeset")) {
		/* a bare NAME=VALUE */
	} else if (p < e && *p == '-') {
		/* declare -x / typeset -x / export -n ... */
		while (p < e && !sp(*p))
			p++;
		while (p < e && sp(*p))
			p++;
	}
	ns = p;
	while (p < e && name_char(*p))
		p++;
	v = match_var(ns, (size_t)(p - ns));
	if (v == V_NONE)
		return false;
	if (spaced) {
		if (p == e || !sp(*p))
			return false;
		while (p < e && sp(*p))
			p++;
	} else {
		if (p == e || *p != '=')
			return false;
		p++;
	}
	val = read_value(ctx, p, e);
	if (!val)
		return false;
	a->var = v;
	a->path = ca_resolve_path(ctx, val, f->home, f->home ? f->home :
	    ck_dirname(ca_scratch(ctx), f->path));
	return a->path != NULL;
}

/* Whether the walker already reads the file at its default place. */
static bool
claimed_elsewhere(const struct assign *a)
{
	switch (a->var) {
	case V_AWS_CREDS:
		return ck_ends_with(a->path, "/.aws/credentials");
	case V_AWS_CONFIG:
		return ck_ends_with(a->path, "/.aws/config");
	case V_CLOUDSDK:
		return ck_ends_with(a->path, "/.config/gcloud") ||
		    ck_ends_with(a->path, "/.config/gcloud/");
	case V_GOOGLE_ADC:
		return strstr(a->path, "/.config/gcloud/") != NULL;
	default:
		return true;
	}
}

static void
follow_aws(struct ca_ctx *ctx, const struct ca_file *f, const struct assign *a,
    const char *pair)
{
	enum ca_aws_file which = a->var == V_AWS_CREDS ? CA_AWS_CREDENTIALS :
	    CA_AWS_CONFIG;
	struct strbuf sb = STRBUF_INIT((64u << 20) + 1);
	int ret = ca_read_file(ctx, a->path, &sb);

	if (ret == 0) {
		ca_aws_parse(ctx, "aws_env", which, a->path, f->home, sb.buf, sb.len,
		    pair ? pair : ca_aws_sibling(ctx, a->path, f->home, which));
	} else if (ret != -ENOENT && ret != -ENOTDIR) {
		ca_warn(ctx, NULL, "cannot read '%s' named by %s at line %u: %s",
		    a->path, var_names[a->var], a->line, strerror(-ret));
	}
	ca_wipe(sb.buf, sb.len);
	strbuf_release(&sb);
}

static int
aws_env_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct assign as[MAX_ASSIGNMENTS];
	const char *p = f->data, *end = f->data + f->len;
	const char *pair[2] = { NULL, NULL };
	size_t n = 0;
	unsigned int lineno = 0;

	/* cheap test first: most rc files name none of these */
	if (!memmem(f->data, f->len, "AWS_", 4) &&
	    !memmem(f->data, f->len, "CLOUDSDK_CONFIG", 15) &&
	    !memmem(f->data, f->len, "GOOGLE_APPLICATION_CREDENTIALS", 30))
		return 0;
	while (p < end && n < MAX_ASSIGNMENTS) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		struct assign a;
		bool dup = false;

		lineno++;
		memset(&a, 0, sizeof(a));
		if (le - p < 4096 && parse_line(ctx, f, p, le, &a)) {
			a.line = lineno;
			for (size_t i = 0; i < n; i++)
				if (as[i].var == a.var &&
				    !strcmp(as[i].path, a.path))
					dup = true;
			if (!dup && !claimed_elsewhere(&a))
				as[n++] = a;
		}
		p = nl ? nl + 1 : end;
	}
	/* the other file of a moved pair is its sibling for context */
	for (size_t i = 0; i < n; i++)
		if (as[i].var == V_AWS_CREDS || as[i].var == V_AWS_CONFIG)
			pair[as[i].var] = as[i].path;
	for (size_t i = 0; i < n; i++) {
		switch (as[i].var) {
		case V_AWS_CREDS:
			follow_aws(ctx, f, &as[i], pair[V_AWS_CONFIG]);
			break;
		case V_AWS_CONFIG:
			follow_aws(ctx, f, &as[i], pair[V_AWS_CREDS]);
			break;
		case V_CLOUDSDK:
			ca_gcp_scan_config_dir(ctx, "aws_env", as[i].path,
			    f->home);
			break;
		case V_GOOGLE_ADC:
			ca_gcp_scan_json_path(ctx, "aws_env", as[i].path,
			    f->home);
			break;
		default:
			break;
		}
	}
	return 0;
}

static const char *const aws_env_claims[] = {
	"**/.bashrc",
	"**/.bash_profile",
	"**/.profile",
	"**/.zshrc",
	"**/.zprofile",
	"**/.zshenv",
	NULL,
};

static const struct ca_rule_doc aws_env_rules[] = {
	{ "aws_env.access-token", "gcp-access-token",
	  "as gcp.access-token, in the gcloud directory CLOUDSDK_CONFIG names" },
	{ "aws_env.assume-role", "aws-assume-role",
	  "as aws.assume-role, in a file AWS_CONFIG_FILE or "
	  "AWS_SHARED_CREDENTIALS_FILE names" },
	{ "aws_env.credential-process", "aws-credential-process",
	  "as aws.credential-process, in a moved AWS file" },
	{ "aws_env.external-account", "gcp-external-account",
	  "as gcp.external-account, in a moved gcloud directory or ADC file" },
	{ "aws_env.impersonation", "gcp-impersonation",
	  "as gcp.impersonation, in a moved gcloud directory or ADC file" },
	{ "aws_env.profile-key", "aws-access-key",
	  "as aws.profile-key, in a moved AWS file" },
	{ "aws_env.sa-key", "gcp-service-account-key",
	  "as gcp.sa-key, in the file "
	  "GOOGLE_APPLICATION_CREDENTIALS names" },
	{ "aws_env.sso-profile", "aws-sso-profile",
	  "as aws.sso-profile, in a moved AWS file" },
	{ "aws_env.user-refresh-token", "gcp-user-refresh-token",
	  "as gcp.user-refresh-token, in a moved gcloud directory or ADC file" },
	{ NULL, NULL, NULL },
};

const struct ca_scanner ca_scanner_aws_env = {
	.name = "aws_env",
	.surface = "cloud",
	.summary = "AWS and gcloud files moved by AWS_CONFIG_FILE, "
	    "AWS_SHARED_CREDENTIALS_FILE, CLOUDSDK_CONFIG or "
	    "GOOGLE_APPLICATION_CREDENTIALS in shell rc files",
	.version = 1,
	.claims = aws_env_claims,
	.rules = aws_env_rules,
	.scan_file = aws_env_scan_file,
};
