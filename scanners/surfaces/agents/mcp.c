/* mcp.c - MCP server configs of the coding agents and editors, in every
 * location they are known to keep them (all JSON or JSONC):
 *
 *   Claude Desktop   .config/Claude/, Library/Application Support/Claude/,
 *                    AppData/Roaming/Claude/ claude_desktop_config.json
 *   Claude Code      ~/.claude.json (mcpServers, projects.<dir>.mcpServers)
 *                    and project .mcp.json
 *   Cursor           .cursor/mcp.json
 *   VS Code          .vscode/mcp.json, User/mcp.json ("servers"), and
 *                    User/settings.json ("mcp": {"servers"})
 *   Windsurf         .codeium/windsurf/mcp_config.json (serverUrl)
 *   Cline, Roo       globalStorage/<extension>/settings/
 * (cline_)mcp_settings.json (autoApprove / alwaysAllow lists), .roo/mcp.json
 *   Continue         .continue/config.json (mcpServers as an array) and
 *                    .continue/mcpServers/ *.json
 *   Zed              .config/zed/settings.json (context_servers)
 *   Gemini CLI       .gemini/settings.json (url, httpUrl, trust); Qwen
 *                    Code's .qwen/settings.json
 *   Amazon Q         .aws/amazonq/mcp.json, .amazonq/mcp.json, and the
 *                    agents of .aws/amazonq/cli-agents/ and agents/
 *   managed          Claude Code's managed-mcp.json (/etc/claude-code,
 *                    /Library/Application Support/ClaudeCode)
 *
 * Each server goes to mcp_server_report(), which reports it, what it can
 * reach and the secrets wired into it. Codex's TOML config is codex.c. */
#include "lib/compat.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/jsonc.h"
#include "scanners/surfaces/agents/mcp_server.h"
#include "lib/banned.h"

/* The client that wrote the file, by where it lies. */
static const char *
client_of(const char *path)
{
	static const struct {
		const char *part, *client;
	} clients[] = {
		{ "/Claude/claude_desktop_config.json", "Claude Desktop" },
		{ "/.claude.json", "Claude Code" },
		{ "/.mcp.json", "Claude Code (project)" },
		{ "/.cursor/", "Cursor" },
		{ "/.vscode/", "VS Code (workspace)" },
		{ "/Code - Insiders/User/", "VS Code Insiders" },
		{ "/VSCodium/User/", "VSCodium" },
		{ "/saoudrizwan.claude-dev/", "Cline" },
		{ "/rooveterinaryinc.roo-cline/", "Roo Code" },
		{ "/.roo/", "Roo Code (project)" },
		{ "/Code/User/", "VS Code" },
		{ "/windsurf/", "Windsurf" },
		{ "/.continue/", "Continue" },
		{ "/zed/", "Zed" },
		{ "/.gemini/", "Gemini CLI" },
		{ "/.qwen/", "Qwen Code" },
		{ "amazonq/", "Amazon Q" },
		{ "managed-mcp.json", "Claude Code (managed)" },
	};

	for (size_t i = 0; i < CA_ARRAY_SIZE(clients); i++)
		if (strstr(path, clients[i].part))
			return clients[i].client;
	return "MCP client";
}

/* The strings of a JSON array into 's->args', others skipped. */
static void
read_args(struct mcp_server *s, const json_t *args)
{
	size_t i;
	const json_t *v;

	if (!json_is_array(args))
		return;
	json_array_foreach((json_t *)args, i, v)
	{
		if (s->nargs >= MCP_MAX_ARGS)
			break;
		if (json_is_string(v))
			s->args[s->nargs++] = json_string_value(v);
	}
}

static void
read_pairs(struct mcp_pair *pairs, size_t *n, const json_t *obj)
{
	const char *key;
	const json_t *v;

	if (!json_is_object(obj))
		return;
	json_object_foreach((json_t *)obj, key, v)
	{
		if (*n >= MCP_MAX_PAIRS)
			break;
		if (!json_is_string(v))
			continue;
		pairs[*n].key = key;
		pairs[*n].val = json_string_value(v);
		pairs[*n].len = json_string_length(v);
		(*n)++;
	}
}

static const char *
str_of(const json_t *obj, const char *key, size_t *len)
{
	return ck_json_str(obj, key, len);
}

/* A list of pre-approved tools (Cline autoApprove, Roo alwaysAllow): the
 * agent calls them without asking. */
static void
read_auto_approve(struct ca_ctx *ctx, const json_t *srv, const char **extra)
{
	static const char *const keys[] = { "autoApprove", "alwaysAllow",
		NULL };

	*extra = NULL;
	for (size_t k = 0; keys[k]; k++) {
		const json_t *list = json_object_get(srv, keys[k]);
		if (json_is_array(list) && json_array_size(list))
			*extra = arena_printf(ca_scratch(ctx),
			    "auto-approve:%zu tools", json_array_size(list));
	}
}

/* One server object under name 'name'; 'project' is its Claude Code
 * project or NULL. */
static void
read_server(struct ca_ctx *ctx, const struct ca_file *f, const char *client,
    const char *name, const char *project, const json_t *srv)
{
	struct mcp_server *s;
	const json_t *cmd, *en;
	const char *url, *approve;
	size_t url_len;

	if (!json_is_object(srv) || !name || !*name)
		return;
	s = arena_alloc(ca_scratch(ctx), sizeof(*s));
	memset(s, 0, sizeof(*s));
	s->client = client;
	s->name = name;
	s->project = project;
	s->type = str_of(srv, "type", NULL);
	if (!s->type)
		s->type = str_of(srv, "transport", NULL);
	cmd = json_object_get(srv, "command");
	if (json_is_string(cmd)) {
		s->command = json_string_value(cmd);
	} else if (json_is_object(cmd)) {
		/* Zed before 0.190: "command": {"path", "args", "env"} */
		s->command = str_of(cmd, "path", NULL);
		read_args(s, json_object_get(cmd, "args"));
		read_pairs(s->env, &s->nenv, json_object_get(cmd, "env"));
	}
	read_args(s, json_object_get(srv, "args"));
	read_pairs(s->env, &s->nenv, json_object_get(srv, "env"));
	read_pairs(s->headers, &s->nheaders, json_object_get(srv, "headers"));
	url = str_of(srv, "url", &url_len);
	if (!url)
		url = str_of(srv, "serverUrl", &url_len);
	if (!url) {
		url = str_of(srv, "httpUrl", &url_len);
		if (url && !s->type)
			s->type = "http";
	}
	if (url && url_len) {
		s->url = url;
		s->url_len = url_len;
		if (!s->type && s->command == NULL &&
		    strstr(client, "Gemini") && json_object_get(srv, "url"))
			s->type = "sse";
	}
	en = json_object_get(srv, "disabled");
	s->disabled = json_is_true(en);
	en = json_object_get(srv, "enabled");
	if (json_is_false(en))
		s->disabled = true;
	if (!s->command && !s->url)
		return; /* not a server (a setting of the same name) */
	read_auto_approve(ctx, srv, &approve);
	if (approve)
		s->widening = approve;
	else if (json_is_true(json_object_get(srv, "trust")))
		s->widening = "trust:no-confirmation";
	mcp_server_report(ctx, f, s);
}

/* The servers of an object keyed by name, or of an array of objects
 * carrying a "name" (Continue). */
static void
read_servers(struct ca_ctx *ctx, const struct ca_file *f, const char *client,
    const char *project, const json_t *servers)
{
	const char *name;
	const json_t *srv;
	size_t i;

	if (json_is_object(servers)) {
		json_object_foreach((json_t *)servers, name, srv)
		    read_server(ctx, f, client, name, project, srv);
	} else if (json_is_array(servers)) {
		json_array_foreach((json_t *)servers, i, srv)
		{
			const json_t *tr = json_object_get(srv, "transport");
			name = str_of(srv, "name", NULL);
			if (!name)
				name = arena_printf(ca_scratch(ctx),
				    "server %zu", i + 1);
			/* Continue's legacy experimental form nests the
			 * launch under "transport" */
			read_server(ctx, f, client, name, project,
			    json_is_object(tr) ? tr : srv);
		}
	}
}

static int
mcp_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	const char *client = client_of(f->path);
	json_t *doc = jsonc_load_warn(ctx, f);
	const json_t *projects, *mcp, *exp;

	if (!doc)
		return 0;
	if (!json_is_object(doc)) {
		ck_json_free(doc);
		return 0;
	}
	read_servers(ctx, f, client, NULL, json_object_get(doc, "mcpServers"));
	read_servers(ctx, f, client, NULL, json_object_get(doc, "servers"));
	read_servers(ctx, f, client, NULL,
	    json_object_get(doc, "context_servers"));
	mcp = json_object_get(doc, "mcp");
	if (json_is_object(mcp))
		read_servers(ctx, f, client, NULL,
		    json_object_get(mcp, "servers"));
	exp = json_object_get(doc, "experimental");
	if (json_is_object(exp))
		read_servers(ctx, f, client, NULL,
		    json_object_get(exp, "modelContextProtocolServers"));
	/* Continue's mcpServers/<x>.json may be one bare server */
	if (strstr(f->path, "/mcpServers/") &&
	    (json_object_get(doc, "command") || json_object_get(doc, "url")))
		read_server(ctx, f, client, f->name, NULL, doc);
	projects = json_object_get(doc, "projects");
	if (json_is_object(projects) && !strcmp(f->name, ".claude.json")) {
		const char *dir;
		const json_t *p;
		json_object_foreach((json_t *)projects, dir, p) read_servers(
		    ctx, f, client, dir, json_object_get(p, "mcpServers"));
	}
	ck_json_free(doc);
	return 0;
}

/* clang-format off */
static const char *const mcp_claims[] = {
	"**/Claude/claude_desktop_config.json",
	"**/.claude.json",
	"**/.mcp.json",
	"**/.cursor/mcp.json",
	"**/.vscode/mcp.json",
	"**/Code/User/mcp.json",
	"**/Code/User/settings.json",
	"**/Code - Insiders/User/mcp.json",
	"**/Code - Insiders/User/settings.json",
	"**/VSCodium/User/mcp.json",
	"**/VSCodium/User/settings.json",
	"**/.codeium/windsurf/mcp_config.json",
	"**/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
	"**/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json",
	"**/.roo/mcp.json",
	"**/.continue/config.json",
	"**/.continue/mcpServers/*.json",
	"**/.config/zed/settings.json",
	"**/.gemini/settings.json",
	"**/.qwen/settings.json",
	"**/.aws/amazonq/mcp.json",
	"**/.aws/amazonq/cli-agents/*.json",
	"**/.aws/amazonq/agents/*.json",
	"**/.amazonq/mcp.json",
	"**/claude-code/managed-mcp.json",
	"**/ClaudeCode/managed-mcp.json",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc mcp_rules[] = {
	{ "mcp.arg-secret", "mcp-arg-secret",
	  "secret passed to an MCP server on its command line" },
	{ "mcp.env-secret", "mcp-env-secret",
	  "secret in an MCP server's env" },
	{ "mcp.header-token", "mcp-header-token",
	  "Authorization or key header of a remote MCP server" },
	{ "mcp.server", "mcp-server",
	  "an MCP server: transport, capabilities, what it reaches" },
	{ "mcp.url-credential", "mcp-url-credential",
	  "password or key in an MCP server's URL" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_mcp = {
	.name = "mcp",
	.surface = "agents",
	.summary = "MCP servers of AI agents and editors: secrets wired in, "
	           "capabilities, reach",
	.version = 1,
	.claims = mcp_claims,
	.rules = mcp_rules,
	.scan_file = mcp_scan_file,
};
