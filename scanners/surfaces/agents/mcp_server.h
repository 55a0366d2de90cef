/* mcp_server.h - one MCP server as the agent configs declare it, whatever
 * the config's format (JSON, JSONC, TOML), and what the agents surface
 * reports of it: the secrets wired into it (env, headers, args, URL), its
 * transport, the capabilities of the package it runs (mcp_catalog.c), and
 * the links from the server to the host credentials it can reach. */
#ifndef CA_MCP_SERVER_H
#define CA_MCP_SERVER_H

#include "scanners/core/scanner.h"

#define MCP_MAX_ARGS  64
#define MCP_MAX_PAIRS 64

/* Capability classes of a server (see man/credatlas.1, MCP SERVERS). */
enum mcp_cap {
	MCP_CAP_FILESYSTEM = 1u << 0,
	MCP_CAP_SHELL = 1u << 1,
	MCP_CAP_BROWSER = 1u << 2,
	MCP_CAP_GIT = 1u << 3,
	MCP_CAP_GITHUB = 1u << 4,
	MCP_CAP_GITLAB = 1u << 5,
	MCP_CAP_AWS = 1u << 6,
	MCP_CAP_GCP = 1u << 7,
	MCP_CAP_AZURE = 1u << 8,
	MCP_CAP_KUBERNETES = 1u << 9,
	MCP_CAP_TERRAFORM = 1u << 10,
	MCP_CAP_DOCKER = 1u << 11,
	MCP_CAP_DATABASE = 1u << 12,
	MCP_CAP_MAIL = 1u << 13,
	MCP_CAP_CHAT = 1u << 14,
	MCP_CAP_TICKETS = 1u << 15,
	MCP_CAP_FETCH = 1u << 16,
	MCP_CAP_MEMORY = 1u << 17,
	MCP_CAP_SEARCH = 1u << 18,
	MCP_CAP_CLOUD = 1u << 19, /* another cloud or SaaS platform API */
};
#define MCP_CAP_COUNT 20

/* The name of the capability bit 'bit' ("filesystem"), or NULL. */
const char *mcp_cap_name(unsigned int bit);

/* A key and its value, borrowed from the parsed document. */
struct mcp_pair {
	const char *key;
	const char *val;
	size_t len;
};

struct mcp_server {
	const char *module;  /* the reporting module, prefix of the rule ids
	                      * (NULL: "mcp") */
	const char *client;  /* "Claude Desktop" */
	const char *name;    /* the server's key in the config */
	const char *project; /* Claude Code local scope: the project, or NULL */
	const char *type;    /* declared transport, or NULL */
	const char *command;
	const char *args[MCP_MAX_ARGS];
	size_t nargs;
	struct mcp_pair env[MCP_MAX_PAIRS];
	size_t nenv;
	struct mcp_pair headers[MCP_MAX_PAIRS];
	size_t nheaders;
	const char *url;
	size_t url_len;
	bool disabled;
	/* Set by the reader when the config names the variable a bearer token
	 * comes from (Codex bearer_token_env_var): a reference. */
	const char *bearer_env;
	/* A setting that lets the agent call the server's tools without
	 * asking ("auto-approve:3 tools", "trust:no-confirmation"), or
	 * NULL. */
	const char *widening;
};

/* One row of the catalog: a package, image, command or URL pattern and
 * what a server running it can do. */
struct mcp_catalog_entry {
	const char *match;    /* exact name, or a prefix ending in '*' */
	unsigned int caps;    /* MCP_CAP_* */
	const char *label;    /* "official filesystem server" */
	bool roots_from_args; /* the trailing arguments are allowed roots */
};

/* The entry matching 'name' (a package without its version, an image
 * without its tag, a command's base name or a URL host), or NULL.
 * --mcp-catalog rows come first. */
const struct mcp_catalog_entry *mcp_catalog_find(const char *name);
/* The built-in rows, for tests and the man page. */
const struct mcp_catalog_entry *mcp_catalog_builtin(size_t *count);
/* Replaces the --mcp-catalog rows with those of the JSON text 'json'
 * ('len' bytes; borrowed) read from 'name':
 *   {"servers": [{"match": "acme-mcp*", "capabilities": ["shell"],
 *     "label": "Acme runner", "roots_from_args": false}]}
 * Call before the scan starts (not thread-safe). Returns 0 or -1 after
 * ca_error(). */
int mcp_catalog_load(const char *json, size_t len, const char *name);
/* The same, from the file at 'path' (borrowed). */
int mcp_catalog_load_file(const char *path);
/* Drops the --mcp-catalog rows. */
void mcp_catalog_reset(void);

/* Reports server 's' (borrowed) of file 'f' (borrowed): one secretless
 * "mcp-server" credential naming its transport and capabilities, linked
 * to what it reaches, and one credential per inline secret. */
void mcp_server_report(struct ca_ctx *ctx, const struct ca_file *f,
    const struct mcp_server *s);

/* The kind a secret value's shape names ("github-pat-classic") with the
 * length of its public prefix, or NULL when its shape says nothing. */
const char *mcp_secret_kind(const char *v, size_t n, size_t *prefix);

/* True when an environment variable or header called 'name' holds a
 * secret by its name (GITHUB_TOKEN, X-API-Key; not AWS_ACCESS_KEY_ID). */
bool mcp_secret_name(const char *name);

/* True when a value chosen by its name alone can be a secret: at least
 * 8 bytes, not a number, a path, a URL or a phrase. */
bool mcp_plausible_secret(const char *v, size_t n);

/* True when the value is a reference to a secret kept elsewhere:
 * "${VAR}", "$VAR", "${input:id}", "${env:VAR}", "$env:VAR", "%VAR%",
 * "{env:VAR}". */
bool mcp_is_reference(const char *v, size_t n);

/* Reports, under rule 'rule', the settings of agent 'agent' in file 'f'
 * that let it act without asking (the 'n' 'settings', borrowed:
 * "bypassPermissions", "Bash(*)", "sandbox_mode=danger-full-access"): one
 * secretless "agent-permission" credential, admin, linked to every credential
 * in the home, since an agent that runs any command unasked reaches all of
 * them. Nothing when 'n' is 0. */
void mcp_agent_widening(struct ca_ctx *ctx, const struct ca_file *f,
    const char *rule, const char *agent, const char *const *settings, size_t n);

/* Reports the secrets of an agent's own "env" settings (Claude Code
 * settings.json, Gemini's .env): a value under a secret-looking name or
 * with a known token shape, by its shape's kind or 'kind'. 'where' names
 * the setting ("env ANTHROPIC_API_KEY"). */
void mcp_agent_env_secret(struct ca_ctx *ctx, const struct ca_file *f,
    const char *agent, const char *rule, const char *kind, const char *key,
    const char *val, size_t len);

#endif
