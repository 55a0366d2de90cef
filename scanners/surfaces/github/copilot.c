/* copilot.c - GitHub Copilot editor-plugin token files under
 * $XDG_CONFIG_HOME/github-copilot/: hosts.json (older plugins,
 * {"<host>": {"user", "oauth_token"}}) and apps.json (newer,
 * {"<host>:<client-id>": {"user", "oauth_token", "githubAppId"}}).
 *
 * Every token is a github-copilot-token: the plugin exchanges it for
 * short-lived Copilot session tokens, so that is what it is for, whatever
 * its prefix says; the prefix goes into the detail. */
#include "lib/compat.h"
#include <jansson.h>
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/secret.h"
#include "scanners/kit/gitkit.h"

#define MAX_TOKEN 4096

static const char *
prefix_note(const struct ca_gh_token *t)
{
	if (!t->kind)
		return "";
	if (!strcmp(t->kind, "github-oauth-token"))
		return ", gho_ OAuth app token";
	if (!strcmp(t->kind, "github-app-user-token"))
		return ", ghu_ GitHub App user token";
	if (!strcmp(t->kind, "github-pat-classic"))
		return ", ghp_ classic personal access token";
	if (!strcmp(t->kind, "github-pat-fine-grained"))
		return ", github_pat_ fine-grained token";
	return ", GitHub token";
}

/* Wipes jansson's copy of a token string before the document is freed. */
static void
wipe_string(json_t *s)
{
	if (json_is_string(s))
		ca_wipe((char *)json_string_value(s), json_string_length(s));
}

/* Reports the account under 'key' ("github.com" or
 * "github.com:Iv1.b507a08c87ecfe98"); 'val' is borrowed. */
static void
scan_entry(struct ca_ctx *ctx, const struct ca_file *f, bool apps,
    const char *key, json_t *val)
{
	json_t *tok = json_object_get(val, "oauth_token");
	json_t *user = json_object_get(val, "user");
	const char *host, *app = NULL, *colon, *sec;
	struct ca_gh_token gt;
	struct ca_finding fd;
	size_t slen;
	bool gh;

	if (!json_is_string(tok))
		return;
	sec = json_string_value(tok);
	slen = json_string_length(tok);
	if (slen > MAX_TOKEN || ca_secret_unusable(sec, slen))
		return;
	colon = apps ? strrchr(key, ':') : NULL;
	host = ca_printable(ca_scratch(ctx), key,
	    colon ? (size_t)(colon - key) : strlen(key), 256);
	if (colon)
		app = ca_printable(ca_scratch(ctx), colon + 1,
		    strlen(colon + 1), 64);
	gh = ca_gh_token_classify(sec, slen, &gt);
	memset(&fd, 0, sizeof(fd));
	fd.rule = apps ? "copilot.apps-token" : "copilot.hosts-token";
	fd.kind = "github-copilot-token";
	fd.secret = sec;
	fd.secret_len = slen;
	fd.preview_prefix = gh ? gt.prefix_len : 0;
	fd.line = ca_line_of(f->data, f->len, sec, slen);
	if (json_is_string(user) && json_string_length(user))
		fd.identity = arena_printf(ca_scratch(ctx), "%s@%s",
		    ca_printable(ca_scratch(ctx), json_string_value(user),
		        json_string_length(user), 128),
		    host);
	else
		fd.identity = host;
	fd.standing = -1;
	fd.tier = -1;
	fd.detail = arena_printf(ca_scratch(ctx),
	    "GitHub Copilot plugin token for %s%s%s%s%s", host,
	    app ? " (app " : "", app ? app : "", app ? ")" : "",
	    gh && gt.checksum_bad ?
	        ", checksum does not match: likely not live" :
	        prefix_note(&gt));
	ca_emit(ctx, &fd);
}

static int
copilot_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	bool apps = !strcmp(f->name, "apps.json");
	json_error_t err;
	json_t *doc, *val;
	const char *key;

	/* jansson's error text quotes the input near the error: only the
	 * position may be reported. */
	doc = json_loadb(f->data, f->len, 0, &err);
	if (!doc)
		return ca_warn(ctx, NULL, "invalid JSON at line %d, column %d",
		    err.line, err.column);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return ca_warn(ctx, NULL, "'%s' is not a JSON object", f->name);
	}
	json_object_foreach(doc, key, val)
	{
		if (json_is_object(val))
			scan_entry(ctx, f, apps, key, val);
	}
	json_object_foreach(doc, key, val)
	{
		if (json_is_object(val))
			wipe_string(json_object_get(val, "oauth_token"));
	}
	json_decref(doc);
	return 0;
}

/* clang-format off */
static const char *const copilot_claims[] = {
	"**/github-copilot/hosts.json",
	"**/github-copilot/apps.json",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc copilot_rules[] = {
	{ "copilot.apps-token", "github-copilot-token",
	  "oauth_token in github-copilot/apps.json (per host and app)" },
	{ "copilot.hosts-token", "github-copilot-token",
	  "oauth_token in github-copilot/hosts.json (older plugins)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_copilot = {
	.name = "copilot",
	.surface = "github",
	.summary = "GitHub Copilot plugin tokens (github-copilot/*.json)",
	.version = 1,
	.claims = copilot_claims,
	.rules = copilot_rules,
	.scan_file = copilot_scan_file,
};
