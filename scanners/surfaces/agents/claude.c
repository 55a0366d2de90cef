/* claude.c - Claude Code's own credentials and settings:
 *
 * .claude/.credentials.json (Linux; macOS keeps it in the Keychain):
 *   claudeAiOauth.accessToken (sk-ant-oat01-) and refreshToken
 *   (sk-ant-ort01-), expiresAt in Unix milliseconds, scopes and
 *   subscriptionType; mcpOAuth.<server>: OAuth tokens Claude Code keeps
 *   for remote MCP servers. The account is oauthAccount.emailAddress of
 *   the home's .claude.json.
 * .claude/settings.json, settings.local.json, and the managed
 *   managed-settings.json: env (literal keys such as ANTHROPIC_API_KEY),
 *   apiKeyHelper (a command whose output is the API key: a delegation),
 *   and permissions that let the agent run commands unasked
 *   (defaultMode bypassPermissions, an allow rule "Bash" or "Bash(*)"). */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/jsonc.h"
#include "scanners/kit/secret.h"
#include "scanners/surfaces/agents/mcp_server.h"
#include "lib/banned.h"

#define AGENT "Claude Code"

/* The account of the home's .claude.json (oauthAccount.emailAddress), in
 * the scratch arena, or NULL. .credentials.json lies in <home>/.claude/. */
static const char *
account_of(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const char *slash = strrchr(f->path, '/'), *path, *email;
	struct strbuf sb;
	json_t *doc;
	int line;
	size_t n;

	if (!slash)
		return NULL;
	path = arena_printf(a, "%.*s.json", (int)(slash - f->path), f->path);
	strbuf_init(&sb, CK_SIDE_CAP * 16);
	if (ca_read_file(ctx, path, &sb)) {
		strbuf_release(&sb);
		return NULL;
	}
	doc = ck_json_load(sb.buf, sb.len, &line);
	ca_wipe(sb.buf, sb.len);
	strbuf_release(&sb);
	email = ck_json_str(json_object_get(doc, "oauthAccount"),
	    "emailAddress", &n);
	email = email && n ? ca_printable_cut(a, email, n, 256) : NULL;
	ck_json_free(doc);
	return email;
}

/* Unix milliseconds (or seconds) under 'key' as RFC 3339, or NULL. */
static const char *
expiry_ms(struct ca_ctx *ctx, const json_t *obj, const char *key)
{
	int64_t t;

	if (ck_json_int(obj, key, &t) || t <= 0)
		return NULL;
	if (t > 100000000000LL)
		t /= 1000;
	return ck_time_fmt(ca_scratch(ctx), t);
}

/* The strings of a JSON array as a NULL-terminated list, or NULL. */
static const char *const *
str_list(struct arena *a, const json_t *arr)
{
	const char **out;
	size_t i, n = 0;
	const json_t *v;

	if (!json_is_array(arr) || !json_array_size(arr))
		return NULL;
	out = arena_alloc(a, (json_array_size(arr) + 1) * sizeof(*out));
	json_array_foreach((json_t *)arr, i, v) if (json_is_string(v))
	    out[n++] = ca_printable_cut(a, json_string_value(v),
	        json_string_length(v), 128);
	out[n] = NULL;
	return n ? out : NULL;
}

static void
scan_credentials(struct ca_ctx *ctx, const struct ca_file *f, json_t *doc)
{
	struct arena *a = ca_scratch(ctx);
	const json_t *oauth = json_object_get(doc, "claudeAiOauth");
	const json_t *mcp = json_object_get(doc, "mcpOAuth");
	const char *who = NULL, *tok, *plan, *key;
	const json_t *v;
	struct ca_finding fd;
	size_t n;

	if (json_is_object(oauth)) {
		who = account_of(ctx, f);
		plan = ck_json_nonempty(oauth, "subscriptionType", &n);
		plan = plan ? ca_printable_cut(a, plan, n, 32) : NULL;
		tok = ck_json_str(oauth, "accessToken", &n);
		ca_finding_init(&fd, "claude.oauth-token",
		    "claude-oauth-token");
		fd.identity = who;
		fd.expires = expiry_ms(ctx, oauth, "expiresAt");
		fd.standing = 0;
		fd.scopes = str_list(a, json_object_get(oauth, "scopes"));
		fd.preview_prefix = tok && n > 13 &&
		        !strncmp(tok, "sk-ant-", 7) ?
		    13 :
		    0;
		fd.detail = arena_printf(a,
		    "Claude Code login (claude.ai "
		    "OAuth)%s%s",
		    plan ? ", plan " : "", plan ? plan : "");
		ca_emit_secret(ctx, f, &fd, tok, n);
		tok = ck_json_str(oauth, "refreshToken", &n);
		ca_finding_init(&fd, "claude.refresh-token",
		    "claude-refresh-token");
		fd.identity = who;
		fd.scopes = str_list(a, json_object_get(oauth, "scopes"));
		fd.preview_prefix = tok && n > 13 &&
		        !strncmp(tok, "sk-ant-", 7) ?
		    13 :
		    0;
		fd.detail = "Claude Code login refresh token: mints new access "
		            "tokens";
		ca_emit_secret(ctx, f, &fd, tok, n);
	}
	if (!json_is_object(mcp))
		return;
	json_object_foreach((json_t *)mcp, key, v)
	{
		const char *name = ck_json_nonempty(v, "serverName", &n);
		const char *url;
		size_t un;
		const char **scopes = arena_alloc(a, 2 * sizeof(*scopes));

		name = ca_printable_cut(a, name ? name : key,
		    name ? n : strlen(key), 128);
		scopes[0] = arena_printf(a, "mcp:%s", name);
		scopes[1] = NULL;
		url = ck_json_nonempty(v, "serverUrl", &un);
		for (int r = 0; r < 2; r++) {
			tok = ck_json_str(v, r ? "refreshToken" : "accessToken",
			    &n);
			ca_finding_init(&fd, "claude.mcp-oauth-token",
			    "mcp-oauth-token");
			fd.identity = url ? ca_printable_cut(a, url, un, 256) :
			                    NULL;
			fd.scopes = scopes;
			if (!r)
				fd.expires = expiry_ms(ctx, v, "expiresAt");
			fd.detail = arena_printf(a,
			    "OAuth %s token Claude Code "
			    "keeps for the MCP server '%s'",
			    r ? "refresh" : "access", name);
			ca_emit_secret(ctx, f, &fd, tok, n);
		}
	}
}

/* A permission allow rule that lets any shell command run unasked. */
static bool
any_shell(const char *rule)
{
	static const char *const broad[] = {
		"Bash",
		"Bash(*)",
		"Bash(:*)",
		"Bash(**)",
		"*",
		NULL,
	};
	for (size_t i = 0; broad[i]; i++)
		if (!strcmp(rule, broad[i]))
			return true;
	return false;
}

static void
scan_settings(struct ca_ctx *ctx, const struct ca_file *f, json_t *doc)
{
	struct arena *a = ca_scratch(ctx);
	const json_t *env = json_object_get(doc, "env");
	const json_t *perm = json_object_get(doc, "permissions");
	const json_t *allow = json_object_get(perm, "allow");
	const char *helper, *mode, *key, *widen[8];
	const json_t *v;
	size_t n, nw = 0, i;

	if (json_is_object(env))
		json_object_foreach((json_t *)env, key,
		    v) if (json_is_string(v)) mcp_agent_env_secret(ctx, f,
		    AGENT, "claude.settings-env", "agent-env-secret", key,
		    json_string_value(v), json_string_length(v));
	helper = ck_json_nonempty(doc, "apiKeyHelper", &n);
	if (helper) {
		struct ca_finding fd;
		size_t w = strcspn(helper, " \t");
		const char *prog = helper, *slash;
		for (slash = helper; slash < helper + w; slash++)
			if (*slash == '/')
				prog = slash + 1;
		ca_finding_init(&fd, "claude.api-key-helper",
		    "claude-api-key-helper");
		fd.ref = arena_printf(a, "claude-api-key-helper:%s", f->path);
		/* the program only: its arguments may carry a secret */
		fd.identity = ca_printable_cut(a, prog,
		    (size_t)(helper + w - prog), 128);
		fd.line = ca_line_of(f->data, f->len, "apiKeyHelper", 12);
		fd.detail = "Claude Code gets its API key from a command";
		ca_emit(ctx, &fd);
	}
	mode = ck_json_str(perm, "defaultMode", NULL);
	if (mode && !strcmp(mode, "bypassPermissions"))
		widen[nw++] = "bypassPermissions";
	if (json_is_array(allow))
		json_array_foreach((json_t *)allow, i,
		    v) if (json_is_string(v) &&
		    any_shell(json_string_value(v)) &&
		    nw < CA_ARRAY_SIZE(widen))
		    widen[nw++] = json_string_value(v);
	if (json_is_true(json_object_get(doc, "enableAllProjectMcpServers")) &&
	    nw < CA_ARRAY_SIZE(widen))
		widen[nw++] = "enableAllProjectMcpServers";
	mcp_agent_widening(ctx, f, "claude.permission", AGENT, widen, nw);
}

static int
claude_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	json_t *doc = jsonc_load_warn(ctx, f);

	if (!doc)
		return 0;
	if (json_is_object(doc)) {
		if (!strcmp(f->name, ".credentials.json"))
			scan_credentials(ctx, f, doc);
		else
			scan_settings(ctx, f, doc);
	}
	ck_json_free(doc);
	return 0;
}

/* clang-format off */
static const char *const claude_claims[] = {
	"**/.claude/.credentials.json",
	"**/.claude/settings.json",
	"**/.claude/settings.local.json",
	"**/claude-code/managed-settings.json",
	"**/ClaudeCode/managed-settings.json",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc claude_rules[] = {
	{ "claude.api-key-helper", "claude-api-key-helper",
	  "apiKeyHelper: a command that prints the API key" },
	{ "claude.mcp-oauth-token", "mcp-oauth-token",
	  "mcpOAuth tokens for remote MCP servers in .credentials.json" },
	{ "claude.oauth-token", "claude-oauth-token",
	  "claudeAiOauth.accessToken in .credentials.json" },
	{ "claude.permission", "agent-permission",
	  "bypassPermissions or an allow rule for any shell command" },
	{ "claude.refresh-token", "claude-refresh-token",
	  "claudeAiOauth.refreshToken in .credentials.json" },
	{ "claude.settings-env", "agent-env-secret",
	  "a secret in the env of Claude Code's settings" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_claude = {
	.name = "claude",
	.surface = "agents",
	.summary = "Claude Code OAuth login, MCP OAuth tokens, settings env, "
	           "apiKeyHelper and permissions",
	.version = 1,
	.claims = claude_claims,
	.rules = claude_rules,
	.scan_file = claude_scan_file,
};
