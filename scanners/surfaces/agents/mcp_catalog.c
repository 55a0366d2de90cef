/* mcp_catalog.c - the built-in table of known MCP server packages, images,
 * commands and hosts, and the capability class of each: what a server
 * running it can reach. A name matches a row exactly, or by prefix when
 * the row ends in '*'. Sources: modelcontextprotocol/servers (current and
 * archived), the vendors' own servers, and common community servers; the
 * man page (MCP SERVERS) lists the classes. --mcp-catalog FILE adds rows
 * (JSON, see mcp_catalog_load) that are looked at before the built-in
 * ones. */
#include "lib/compat.h"
#include <jansson.h>
#include "lib/log.h"
#include "lib/xalloc.h"
#include "scanners/surfaces/agents/mcp_server.h"

#define FS   MCP_CAP_FILESYSTEM
#define SH   MCP_CAP_SHELL
#define BR   MCP_CAP_BROWSER
#define GIT  MCP_CAP_GIT
#define GH   MCP_CAP_GITHUB
#define GL   MCP_CAP_GITLAB
#define AWS  MCP_CAP_AWS
#define GCP  MCP_CAP_GCP
#define AZ   MCP_CAP_AZURE
#define K8S  MCP_CAP_KUBERNETES
#define TF   MCP_CAP_TERRAFORM
#define DOCK MCP_CAP_DOCKER
#define DB   MCP_CAP_DATABASE
#define MAIL MCP_CAP_MAIL
#define CHAT MCP_CAP_CHAT
#define TKT  MCP_CAP_TICKETS
#define WEB  MCP_CAP_FETCH
#define MEM  MCP_CAP_MEMORY
#define SRCH MCP_CAP_SEARCH
#define CLD  MCP_CAP_CLOUD

/* clang-format off */
static const struct mcp_catalog_entry catalog[] = {
	/* reference servers (modelcontextprotocol/servers) */
	{ "@modelcontextprotocol/server-filesystem", FS, "filesystem server", true },
	{ "mcp/filesystem", FS, "filesystem server image", true },
	{ "mcp-server-git", GIT | FS, "git server", false },
	{ "mcp/git", GIT | FS, "git server image", false },
	{ "mcp-server-fetch", WEB, "fetch server", false },
	{ "mcp/fetch", WEB, "fetch server image", false },
	{ "@modelcontextprotocol/server-memory", MEM, "memory server", false },
	{ "mcp/memory", MEM, "memory server image", false },
	{ "@modelcontextprotocol/server-sequential-thinking", MEM, "sequential thinking server", false },
	{ "@modelcontextprotocol/server-everything", WEB, "test server", false },
	{ "mcp-server-time", MEM, "time server", false },
	/* archived reference servers */
	{ "@modelcontextprotocol/server-github", GH, "GitHub server (archived)", false },
	{ "@modelcontextprotocol/server-gitlab", GL, "GitLab server (archived)", false },
	{ "@modelcontextprotocol/server-postgres", DB, "PostgreSQL server (archived)", false },
	{ "mcp-server-sqlite", DB | FS, "SQLite server", false },
	{ "@modelcontextprotocol/server-redis", DB, "Redis server (archived)", false },
	{ "@modelcontextprotocol/server-slack", CHAT, "Slack server (archived)", false },
	{ "@modelcontextprotocol/server-puppeteer", BR, "Puppeteer browser server (archived)", false },
	{ "@modelcontextprotocol/server-gdrive", CLD, "Google Drive server (archived)", false },
	{ "@modelcontextprotocol/server-google-maps", SRCH, "Google Maps server (archived)", false },
	{ "@modelcontextprotocol/server-brave-search", SRCH, "Brave search server (archived)", false },
	{ "@modelcontextprotocol/server-sentry", TKT, "Sentry server (archived)", false },
	{ "@modelcontextprotocol/server-aws-kb-retrieval", AWS, "AWS knowledge-base server (archived)", false },
	{ "mcp-server-sentry", TKT, "Sentry server", false },
	/* vendors and community */
	{ "ghcr.io/github/github-mcp-server", GH, "GitHub's server", false },
	{ "github-mcp-server", GH, "GitHub's server", false },
	{ "api.githubcopilot.com", GH, "GitHub's remote server", false },
	{ "@zereight/mcp-gitlab", GL, "GitLab server", false },
	{ "@playwright/mcp", BR, "Playwright browser server", false },
	{ "chrome-devtools-mcp", BR, "Chrome DevTools server", false },
	{ "@browsermcp/mcp", BR, "Browser MCP (the user's own browser)", false },
	{ "mcp/puppeteer", BR, "Puppeteer browser server image", false },
	{ "@wonderwhy-er/desktop-commander", SH | FS, "Desktop Commander (shell and files)", false },
	{ "mcp-shell-server", SH, "shell server", false },
	{ "mcp-server-commands", SH, "command server", false },
	{ "awslabs.*", AWS, "AWS Labs server", false },
	{ "@aws/*", AWS, "AWS server", false },
	{ "@google-cloud/*", GCP, "Google Cloud server", false },
	{ "@azure/mcp", AZ, "Azure server", false },
	{ "@azure/*", AZ, "Azure server", false },
	{ "mcp-server-kubernetes", K8S, "Kubernetes server", false },
	{ "kubernetes-mcp-server", K8S, "Kubernetes server", false },
	{ "mcp/kubernetes", K8S, "Kubernetes server image", false },
	{ "hashicorp/terraform-mcp-server", TF, "Terraform server", false },
	{ "terraform-mcp-server", TF, "Terraform server", false },
	{ "mcp/docker", DOCK, "Docker server image", false },
	{ "mcp-server-docker", DOCK, "Docker server", false },
	{ "@supabase/mcp-server-supabase", DB | CLD, "Supabase server", false },
	{ "@neondatabase/mcp-server-neon", DB | CLD, "Neon server", false },
	{ "mcp/postgres", DB, "PostgreSQL server image", false },
	{ "postgres-mcp", DB, "PostgreSQL server", false },
	{ "@benborla29/mcp-server-mysql", DB, "MySQL server", false },
	{ "mongodb-mcp-server", DB, "MongoDB server", false },
	{ "@gongrzhe/server-gmail-autoauth-mcp", MAIL, "Gmail server", false },
	{ "@zencoderai/slack-mcp-server", CHAT, "Slack server", false },
	{ "slack-mcp-server", CHAT, "Slack server", false },
	{ "@notionhq/notion-mcp-server", TKT, "Notion server", false },
	{ "mcp.notion.com", TKT, "Notion's remote server", false },
	{ "@linear/mcp", TKT, "Linear server", false },
	{ "mcp.linear.app", TKT, "Linear's remote server", false },
	{ "mcp.atlassian.com", TKT, "Atlassian's remote server", false },
	{ "mcp-atlassian", TKT, "Atlassian server", false },
	{ "mcp.sentry.dev", TKT, "Sentry's remote server", false },
	{ "@sentry/mcp-server", TKT, "Sentry server", false },
	{ "@stripe/mcp", CLD, "Stripe server", false },
	{ "mcp.stripe.com", CLD, "Stripe's remote server", false },
	{ "@cloudflare/mcp-server-cloudflare", CLD, "Cloudflare server", false },
	{ "@vercel/mcp", CLD, "Vercel server", false },
	{ "mcp.vercel.com", CLD, "Vercel's remote server", false },
	{ "@upstash/context7-mcp", SRCH, "Context7 documentation search", false },
	{ "mcp.context7.com", SRCH, "Context7's remote server", false },
	{ "@brave/brave-search-mcp-server", SRCH, "Brave search server", false },
	{ "tavily-mcp", SRCH, "Tavily search server", false },
	{ "exa-mcp-server", SRCH, "Exa search server", false },
	{ "mcp-server-memory", MEM, "memory server", false },
	/* Goose's built-in extensions */
	{ "builtin:developer", SH | FS, "Goose developer extension (shell and files)", false },
	{ "builtin:computercontroller", SH | BR | FS, "Goose computer controller", false },
	{ "builtin:memory", MEM, "Goose memory extension", false },
};
/* clang-format on */

/* The --mcp-catalog rows, set before the scan starts and only read
 * while it runs. */
static struct mcp_catalog_entry *user_rows;
static size_t user_nrows;

static bool
matches(const struct mcp_catalog_entry *e, const char *name)
{
	size_t n = strlen(e->match);

	if (n && e->match[n - 1] == '*')
		return !strncmp(name, e->match, n - 1);
	return !strcmp(name, e->match);
}

const struct mcp_catalog_entry *
mcp_catalog_find(const char *name)
{
	if (!name || !*name)
		return NULL;
	for (size_t i = 0; i < user_nrows; i++)
		if (matches(&user_rows[i], name))
			return &user_rows[i];
	for (size_t i = 0; i < CA_ARRAY_SIZE(catalog); i++)
		if (matches(&catalog[i], name))
			return &catalog[i];
	return NULL;
}

const struct mcp_catalog_entry *
mcp_catalog_builtin(size_t *count)
{
	*count = CA_ARRAY_SIZE(catalog);
	return catalog;
}

void
mcp_catalog_reset(void)
{
	for (size_t i = 0; i < user_nrows; i++) {
		free((char *)user_rows[i].match);
		free((char *)user_rows[i].label);
	}
	free(user_rows);
	user_rows = NULL;
	user_nrows = 0;
}

/* The capability bit named 'name', or 0. */
static unsigned int
cap_named(const char *name)
{
	for (unsigned int b = 0; b < MCP_CAP_COUNT; b++)
		if (!strcmp(mcp_cap_name(1u << b), name))
			return 1u << b;
	return 0;
}

static void
free_rows(struct mcp_catalog_entry *rows, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		free((char *)rows[j].match);
		free((char *)rows[j].label);
	}
	free(rows);
}

/* Takes ownership of 'root'; 'name' is borrowed. On success the table
 * owns copies of the rows. */
static int
load_root(json_t *root, const char *name)
{
	json_t *arr, *row, *caps, *cap;
	struct mcp_catalog_entry *rows;
	size_t i, n, k;

	arr = json_object_get(root, "servers");
	if (!json_is_array(arr)) {
		json_decref(root);
		return ca_error("MCP catalog '%s': wants an object with a "
		                "\"servers\" array",
		    name);
	}
	n = json_array_size(arr);
	if (n > 4096) {
		json_decref(root);
		return ca_error("MCP catalog '%s': more than 4096 rows", name);
	}
	rows = xcalloc(n ? n : 1, sizeof(*rows));
	json_array_foreach(arr, i, row)
	{
		const char *m = json_string_value(
		    json_object_get(row, "match"));
		const char *l = json_string_value(
		    json_object_get(row, "label"));
		json_t *roots = json_object_get(row, "roots_from_args");
		unsigned int bits = 0;
		bool ok = m && *m && strlen(m) <= 256 &&
		    (!l || strlen(l) <= 80) &&
		    (!roots || json_is_boolean(roots));

		caps = json_object_get(row, "capabilities");
		ok = ok && json_is_array(caps) && json_array_size(caps);
		if (ok)
			json_array_foreach(caps, k, cap)
			{
				unsigned int bit = json_is_string(cap) ?
				    cap_named(json_string_value(cap)) :
				    0;
				if (!bit)
					ok = false;
				bits |= bit;
			}
		if (!ok) {
			free_rows(rows, i);
			json_decref(root);
			return ca_error(
			    "MCP catalog '%s': row %zu needs a "
			    "\"match\" (a name, or a prefix ending in '*'), "
			    "\"capabilities\" (a list of capability classes), "
			    "an optional \"label\" of at most 80 characters "
			    "and an optional boolean \"roots_from_args\"",
			    name, i + 1);
		}
		rows[i].match = xstrdup(m);
		rows[i].label = xstrdup(l ? l : m);
		rows[i].caps = bits;
		rows[i].roots_from_args = json_is_true(roots);
	}
	json_decref(root);
	mcp_catalog_reset();
	user_rows = rows;
	user_nrows = n;
	return 0;
}

/* 'json' and 'name' are borrowed. */
int
mcp_catalog_load(const char *json, size_t len, const char *name)
{
	json_error_t err;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);

	if (!root)
		return ca_error("MCP catalog '%s': line %d: not valid JSON",
		    name, err.line);
	return load_root(root, name);
}

/* 'path' is borrowed. The catalog is the user's own file on the host
 * running the scan, named on the command line (as --services is), not a
 * file of the target. */
int
mcp_catalog_load_file(const char *path)
{
	json_error_t err;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);

	if (!root && err.line > 0)
		return ca_error("MCP catalog '%s': line %d: not valid JSON",
		    path, err.line);
	if (!root)
		return ca_error("MCP catalog '%s': cannot read it", path);
	return load_root(root, path);
}

const char *
mcp_cap_name(unsigned int bit)
{
	static const char *const names[MCP_CAP_COUNT] = {
		"filesystem",
		"shell",
		"browser",
		"git",
		"github",
		"gitlab",
		"aws",
		"gcp",
		"azure",
		"kubernetes",
		"terraform",
		"docker",
		"database",
		"mail",
		"chat",
		"tickets",
		"fetch",
		"memory",
		"search",
		"cloud",
	};

	for (unsigned int i = 0; i < MCP_CAP_COUNT; i++)
		if (bit == 1u << i)
			return names[i];
	return NULL;
}
