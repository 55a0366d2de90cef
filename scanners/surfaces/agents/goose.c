/* goose.c - Block's Goose agent (~/.config/goose):
 *
 * config.yaml: extensions.<name> (type stdio, sse or streamable_http, cmd,
 *   args, envs, uri, headers, enabled), each reported by
 *   mcp_server_report(); the built-in "developer" extension runs shell
 *   commands and edits files. GOOSE_MODE: auto approves every tool call.
 * secrets.yaml: provider keys kept in a file when the keyring is off. */
#include "lib/compat.h"
#include "lib/str.h"
#include "scanners/kit/secret.h"
#include "scanners/kit/yaml_tree.h"
#include "scanners/surfaces/agents/mcp_server.h"
#include "lib/banned.h"

#define AGENT "Goose"

static void
read_pairs(struct mcp_pair *pairs, size_t *n, const struct ynode *map)
{
	if (!map || map->type != YN_MAP)
		return;
	for (const struct ynode *k = map->kids; k && k->next;
	     k = k->next->next) {
		if (*n >= MCP_MAX_PAIRS)
			break;
		if (!ynode_scalar(k) || !ynode_scalar(k->next))
			continue;
		pairs[*n].key = ynode_str(k);
		pairs[*n].val = ynode_str(k->next);
		pairs[*n].len = k->next->len;
		(*n)++;
	}
}

static void
read_extension(struct ca_ctx *ctx, const struct ca_file *f, const char *name,
    const struct ynode *ext)
{
	struct mcp_server *s;
	const char *type = ynode_str(ynode_get(ext, "type"));
	const struct ynode *args = ynode_get(ext, "args"), *en, *uri;

	if (!ext || ext->type != YN_MAP)
		return;
	s = arena_alloc(ca_scratch(ctx), sizeof(*s));
	memset(s, 0, sizeof(*s));
	s->module = "goose";
	s->client = AGENT;
	s->name = name;
	s->type = type && !strcmp(type, "streamable_http") ? "http" : type;
	s->command = ynode_str(ynode_get(ext, "cmd"));
	if (type && !strcmp(type, "builtin"))
		s->command = arena_printf(ca_scratch(ctx), "builtin:%s", name);
	if (args && args->type == YN_SEQ)
		for (const struct ynode *a = args->kids; a; a = a->next)
			if (ynode_scalar(a) && s->nargs < MCP_MAX_ARGS)
				s->args[s->nargs++] = ynode_str(a);
	read_pairs(s->env, &s->nenv, ynode_get(ext, "envs"));
	read_pairs(s->headers, &s->nheaders, ynode_get(ext, "headers"));
	uri = ynode_get(ext, "uri");
	if (ynode_scalar(uri) && uri->len) {
		s->url = ynode_str(uri);
		s->url_len = uri->len;
		if (s->type && !strcmp(s->type, "stdio"))
			s->type = NULL;
	}
	if (s->url)
		s->command = NULL;
	en = ynode_get(ext, "enabled");
	s->disabled = ynode_scalar(en) && !strcmp(ynode_str(en), "false");
	if (s->command || s->url)
		mcp_server_report(ctx, f, s);
}

static void
scan_config(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct ytree t;
	const struct ynode *root = ytree_load_map(&t, ctx, f), *exts, *mode;
	const char *widen[1];
	size_t nw = 0;

	if (!root) {
		ytree_wipe(&t);
		return;
	}
	exts = ynode_get(root, "extensions");
	if (exts && exts->type == YN_MAP)
		for (const struct ynode *k = exts->kids; k && k->next;
		     k = k->next->next)
			if (ynode_scalar(k))
				read_extension(ctx, f, ynode_str(k), k->next);
	mode = ynode_get(root, "GOOSE_MODE");
	if (ynode_scalar(mode) && !strcmp(ynode_str(mode), "auto"))
		widen[nw++] = "GOOSE_MODE=auto";
	mcp_agent_widening(ctx, f, "goose.permission", AGENT, widen, nw);
	ytree_wipe(&t);
}

static void
scan_secrets(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct ytree t;
	const struct ynode *root = ytree_load_map(&t, ctx, f);

	if (root)
		for (const struct ynode *k = root->kids; k && k->next;
		     k = k->next->next)
			if (ynode_scalar(k) && ynode_scalar(k->next))
				mcp_agent_env_secret(ctx, f, AGENT,
				    "goose.secret", "agent-env-secret",
				    ynode_str(k), ynode_str(k->next),
				    k->next->len);
	ytree_wipe(&t);
}

static int
goose_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	if (!strcmp(f->name, "secrets.yaml"))
		scan_secrets(ctx, f);
	else
		scan_config(ctx, f);
	return 0;
}

/* clang-format off */
static const char *const goose_claims[] = {
	"**/.config/goose/config.yaml",
	"**/.config/goose/secrets.yaml",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc goose_rules[] = {
	{ "goose.arg-secret", "mcp-arg-secret",
	  "secret on the command line of a Goose extension" },
	{ "goose.env-secret", "mcp-env-secret",
	  "secret in the envs of a Goose extension" },
	{ "goose.header-token", "mcp-header-token",
	  "Authorization or key header of a remote Goose extension" },
	{ "goose.permission", "agent-permission",
	  "GOOSE_MODE: auto (every tool call approved)" },
	{ "goose.secret", "agent-env-secret",
	  "a provider key in secrets.yaml (keyring off)" },
	{ "goose.server", "mcp-server", "an extension of config.yaml" },
	{ "goose.url-credential", "mcp-url-credential",
	  "password or key in a Goose extension's uri" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_goose = {
	.name = "goose",
	.surface = "agents",
	.summary = "Goose agent: extensions (MCP servers), GOOSE_MODE and "
	           "secrets.yaml",
	.version = 1,
	.claims = goose_claims,
	.rules = goose_rules,
	.scan_file = goose_scan_file,
};
