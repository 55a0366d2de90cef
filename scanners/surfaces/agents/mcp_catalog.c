/* mcp_catalog.c - the built-in table of known MCP server packages, images,
 * commands and hosts, and the capability class of each: what a server
 * running it can reach. A name matches a row exactly, or by prefix when
 * the row ends in '*'. Sources: modelcontextprotocol/servers (current and
 * archived), the vendors' own servers, and common community servers; the
 * man page (MCP SERVERS) lists the classes. */
#include "lib/compat.h"
#include "scanners/surfaces/agents/mcp_server.h"

#define FS MCP_CAP_FILESYSTEM
#define SH MCP_CAP_SHELL
#define BR MCP_CAP_BROWSER
#define GIT MCP_CAP_GIT
#define GH MCP_CAP_GITHUB
#define GL MCP_CAP_GITLAB
#define AWS MCP_CAP_AWS
#define GCP MCP_CAP_GCP
#define AZ MCP_CAP_AZURE
#define K8S MCP_CAP_KUBERNETES
#define TF MCP_CAP_TERRAFORM
#define DOCK MCP_CAP_DOCKER
#define DB MCP_CAP_DATABASE
#define MAIL MCP_CAP_MAIL
#define CHAT MCP_CAP_CHAT
#define TKT MCP_CAP_TICKETS
#define WEB MCP_CAP_FETCH
#define MEM MCP_CAP_MEMORY
#define SRCH MCP_CAP_SEARCH
#define CLD MCP_CAP_CLOUD

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
};

const struct mcp_catalog_entry *
mcp_catalog_find(const char *name)
{
	if (!name || !*name)
		return NULL;
	for (size_t i = 0; i < CA_ARRAY_SIZE(catalog); i++) {
		const char *m = catalog[i].match;
		size_t n = strlen(m);
		if (n && m[n - 1] == '*') {
			if (!strncmp(name, m, n - 1))
				return &catalog[i];
		} else if (!strcmp(name, m)) {
			return &catalog[i];
		}
	}
	return NULL;
}

const char *
mcp_cap_name(unsigned int bit)
{
	static const char *const names[MCP_CAP_COUNT] = {
		"filesystem", "shell", "browser", "git", "github", "gitlab",
		"aws", "gcp", "azure", "kubernetes", "terraform", "docker",
		"database", "mail", "chat", "tickets", "fetch", "memory",
		"search", "cloud",
	};

	for (unsigned int i = 0; i < MCP_CAP_COUNT; i++)
		if (bit == 1u << i)
			return names[i];
	return NULL;
}
