/* test_agents.c - the agents surface: MCP servers in every config shape
 * (Claude Desktop and Code, VS Code JSONC, Zed, Continue's array, Gemini),
 * their transport, capability class and roots; inline secrets in env,
 * headers, args and URLs; references and placeholders that are no
 * secrets; the path-under: links of the inventory; the JSONC reader; and
 * malformed input. No secret reaches the inventory. */
#include "tests/unit/cloud_unit.h"
#include "scanners/kit/jsonc.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/surfaces/agents/mcp_server.h"

extern const struct ca_scanner ca_scanner_mcp;
extern const struct ca_scanner ca_scanner_claude;
extern const struct ca_scanner ca_scanner_codex;
extern const struct ca_scanner ca_scanner_gemini;
extern const struct ca_scanner ca_scanner_goose;

#define HOME "/home/grace"

static const struct ca_credential *
find_server(const struct ca_inventory *inv, const char *name)
{
	char id[128];

	snprintf(id, sizeof(id), "mcp:%s", name);
	for (size_t i = 0; i < inv->ncreds; i++)
		if (!strcmp(inv->creds[i]->kind, "mcp-server") &&
		    inv->creds[i]->identity &&
		    !strcmp(inv->creds[i]->identity, id))
			return inv->creds[i];
	return NULL;
}

static void
test_claude_desktop(void **state)
{
	char ghp[96], *slack = cu_token("xoxb-4634582553-", CU_ALNUM, 24, 3);
	char *pw = cu_token("Pw", CU_ALNUM, 16, 4);
	char *json;
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	gh_token("ghp_", 11, ghp);
	json = cu_fmt(
	    "{\"mcpServers\": {\n"
	    " \"fs\": {\"command\": \"npx\", \"args\": [\"-y\", "
	    "\"@modelcontextprotocol/server-filesystem\", \"~\", "
	    "\"/srv/data\"]},\n"
	    " \"gh\": {\"command\": \"docker\", \"args\": [\"run\", \"-i\", "
	    "\"--rm\", \"-e\", \"GITHUB_PERSONAL_ACCESS_TOKEN\", "
	    "\"ghcr.io/github/github-mcp-server:v1\"],\n"
	    "  \"env\": {\"GITHUB_PERSONAL_ACCESS_TOKEN\": \"%s\", "
	    "\"GITHUB_TOOLSETS\": \"repos\"}},\n"
	    " \"slack\": {\"command\": \"npx\", \"args\": [\"-y\", "
	    "\"@modelcontextprotocol/server-slack@1.2.0\"],\n"
	    "  \"env\": {\"SLACK_BOT_TOKEN\": \"%s\", \"SLACK_TEAM_ID\": "
	    "\"T0123456789\", \"PATH\": \"/usr/bin\", \"TOKEN_LIMIT\": "
	    "\"409600000\", \"AUTH_MODE\": \"oauth\", \"SECRETS_DIR\": "
	    "\"/run/secrets\"}},\n"
	    " \"pg\": {\"command\": \"npx\", \"args\": [\"-y\", "
	    "\"@modelcontextprotocol/server-postgres\", "
	    "\"postgresql://app:%s@db.test:5432/app\"]},\n"
	    " \"host\": {\"command\": \"docker\", \"args\": [\"run\", \"-v\", "
	    "\"/:/host\", \"--privileged\", \"acme/x\"]},\n"
	    " \"sh\": {\"command\": \"/bin/bash\", \"args\": [\"-c\", "
	    "\"exec ./run.sh\"]},\n"
	    " \"odd\": {\"command\": \"./my-server\"}\n"
	    "}}\n",
	    ghp, slack, pw);
	inv = scan_one(&ca_scanner_mcp,
	    HOME "/.config/Claude/claude_desktop_config.json", HOME, json, 0);
	assert_int_equal(inv->nerrors, 0);

	c = find_server(inv, "fs");
	assert_non_null(c);
	assert_null(c->redacted);
	assert_true(has_scope(c, "capability:filesystem"));
	assert_true(has_scope(c, "client:Claude Desktop"));
	assert_true(has_scope(c, "transport:stdio"));
	assert_true(has_scope(c, "root:" HOME "/"));
	assert_true(has_scope(c, "root:/srv/data/"));
	assert_true(has_link(c, "path-under:" HOME "/"));
	assert_true(has_link(c, "path-under:/srv/data/"));
	/* its root holds the home, and this file's GitHub PAT in it */
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	assert_true(
	    has_reason(c, "inherited through link 'path-under:" HOME "/'"));
	assert_int_equal(c->locations[0].line, 2);

	c = find_server(inv, "gh");
	assert_non_null(c);
	assert_true(has_scope(c, "capability:github"));
	assert_true(has_scope(c, "package:ghcr.io/github/github-mcp-server"));
	c = find_secret(inv, ghp);
	assert_non_null(c);
	assert_string_equal(c->kind, "github-pat-classic");
	assert_string_equal(c->rule, "mcp.env-secret");
	assert_true(has_scope(c, "mcp:gh"));
	assert_true(has_reason(c, "env GITHUB_PERSONAL_ACCESS_TOKEN"));
	assert_int_equal(c->locations[0].line, 4);

	c = find_secret(inv, slack);
	assert_non_null(c);
	assert_string_equal(c->kind, "slack-bot-token");
	assert_true(has_scope(c, "mcp:slack"));
	c = find_server(inv, "slack");
	assert_true(has_scope(c, "package:@modelcontextprotocol/server-slack"));
	assert_true(has_scope(c, "capability:chat"));
	/* the team id and PATH are no secrets */
	assert_null(find_secret(inv, "T0123456789"));
	assert_null(find_secret(inv, "/usr/bin"));

	c = find_secret(inv, pw);
	assert_non_null(c);
	assert_string_equal(c->kind, "database-url");
	assert_string_equal(c->identity, "app@db.test");
	assert_true(has_scope(find_server(inv, "pg"), "capability:database"));

	c = find_server(inv, "host");
	assert_true(has_scope(c, "root:/"));
	assert_true(has_scope(c, "capability:docker"));
	assert_true(has_link(c, "path-under:/"));
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	assert_true(has_reason(c, "--privileged"));

	c = find_server(inv, "sh");
	assert_true(has_scope(c, "capability:shell"));
	assert_true(has_link(c, "path-under:" HOME "/"));
	assert_int_equal(c->tier, CA_TIER_ADMIN);

	c = find_server(inv, "odd");
	assert_true(has_scope(c, "capability:unknown"));
	assert_true(has_reason(c, "not in the catalog"));
	assert_int_equal(c->tier, CA_TIER_READ);

	/* 7 servers, 3 secrets */
	assert_int_equal(count_kind(inv, "mcp-server"), 7);
	assert_int_equal(inv->ncreds, 10);
	assert_no_piece(inv, ghp);
	assert_no_piece(inv, slack);
	assert_no_piece(inv, pw);
	ca_inventory_free(inv);
	free(json);
	free(slack);
	free(pw);
}

/* References to the environment or an input prompt, and placeholders, are
 * no secrets: a reference is listed on the server. */
static void
test_references_and_placeholders(void **state)
{
	static const char json[] =
	    "{\"inputs\": [{\"type\": \"promptString\", \"id\": \"pat\", "
	    "\"password\": true}],\n"
	    " \"servers\": {\n"
	    "  \"a\": {\"command\": \"npx\", \"args\": [\"x\"], \"env\": {"
	    "\"GITHUB_TOKEN\": \"${GITHUB_TOKEN}\", \"API_KEY\": "
	    "\"${input:pat}\", \"B_TOKEN\": \"${env:B_TOKEN}\", \"C_TOKEN\": "
	    "\"$env:C_TOKEN\", \"D_TOKEN\": \"%D_TOKEN%\"}},\n"
	    "  \"b\": {\"type\": \"http\", \"url\": "
	    "\"https://api.githubcopilot.com/mcp/\", \"headers\": {"
	    "\"Authorization\": \"Bearer ${input:pat}\"}},\n"
	    "  \"c\": {\"command\": \"npx\", \"env\": {\"SENTRY_TOKEN\": "
	    "\"<your-token>\", \"OTHER_KEY\": \"YOUR_API_KEY_HERE\", "
	    "\"X_SECRET\": \"changeme\", \"E_TOKEN\": \"\"}}\n"
	    " }}\n";
	struct ca_inventory *inv = scan_one(&ca_scanner_mcp,
	    HOME "/proj/.vscode/mcp.json", HOME, json, 0);
	const struct ca_credential *c;

	(void)state;
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 3); /* the servers only */
	c = find_server(inv, "a");
	assert_non_null(c);
	assert_true(has_scope(c, "ref:env GITHUB_TOKEN"));
	assert_true(has_scope(c, "ref:env API_KEY"));
	assert_true(has_scope(c, "ref:env B_TOKEN"));
	assert_true(has_scope(c, "ref:env C_TOKEN"));
	assert_true(has_scope(c, "ref:env D_TOKEN"));
	assert_true(has_reason(c, "5 secrets referenced"));
	assert_true(has_scope(c, "client:VS Code (workspace)"));
	c = find_server(inv, "b");
	assert_true(has_scope(c, "transport:http"));
	assert_true(has_scope(c, "capability:github"));
	assert_true(has_scope(c, "ref:header Authorization"));
	assert_true(has_scope(c, "auth:authorization-header"));
	c = find_server(inv, "c");
	assert_false(has_reason(c, "inline"));
	ca_inventory_free(inv);
}

/* JSONC (comments, trailing commas), VS Code's "mcp" in settings.json,
 * Zed's context_servers, Continue's array, Gemini's httpUrl and trust,
 * Claude Code projects, headers, args and URL query keys. */
static void
test_shapes(void **state)
{
	char *glpat = cu_token("glpat-", CU_ALNUM, 20, 21);
	char *hdr = cu_token("Pw", CU_ALNUM, 24, 22);
	char *hf = cu_token("hf_", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", 34,
	    23);
	char *stripe = cu_token("sk_live_", CU_ALNUM, 24, 24);
	char *arg = cu_token("", CU_ALNUM, 32, 25);
	char *json;
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	json = cu_fmt(
	    "// settings\n{\n \"editor.fontSize\": 14, /* x */\n"
	    " \"mcp\": {\"servers\": {\"gl\": {\"command\": \"npx\", "
	    "\"args\": [\"@zereight/mcp-gitlab\",],\n"
	    "  \"env\": {\"GITLAB_PERSONAL_ACCESS_TOKEN\": \"%s\", // inline\n"
	    "  },},},},\n"
	    " \"url\": \"http://not-a-server\",\n}\n",
	    glpat);
	inv = scan_one(&ca_scanner_mcp, HOME "/.config/Code/User/settings.json",
	    HOME, json, 0);
	assert_int_equal(inv->nerrors, 0);
	c = find_secret(inv, glpat);
	assert_non_null(c);
	assert_string_equal(c->kind, "gitlab-pat");
	assert_int_equal(c->locations[0].line, 5);
	assert_true(has_scope(find_server(inv, "gl"), "capability:gitlab"));
	assert_true(has_scope(find_server(inv, "gl"), "client:VS Code"));
	assert_int_equal(inv->ncreds, 2);
	assert_no_piece(inv, glpat);
	ca_inventory_free(inv);
	free(json);

	json = cu_fmt(
	    "{\"context_servers\": {\"st\": {\"source\": "
	    "\"custom\", \"command\": {\"path\": \"npx\", \"args\": "
	    "[\"@stripe/mcp\", \"--api-key=%s\", \"--token\", \"%s\"]}}}}",
	    stripe, arg);
	inv = scan_one(&ca_scanner_mcp, HOME "/.config/zed/settings.json", HOME,
	    json, 0);
	c = find_secret(inv, stripe);
	assert_non_null(c);
	assert_string_equal(c->kind, "stripe-secret-key");
	assert_true(has_reason(c, "argument --api-key"));
	c = find_secret(inv, arg);
	assert_non_null(c);
	assert_string_equal(c->kind, "mcp-arg-secret");
	assert_true(has_scope(find_server(inv, "st"), "client:Zed"));
	assert_no_secret(inv, stripe); /* its preview is 12 bytes */
	assert_no_piece(inv, arg);
	ca_inventory_free(inv);
	free(json);

	json = cu_fmt(
	    "{\"mcpServers\": [{\"name\": \"srch\", \"type\": "
	    "\"sse\", \"url\": \"https://s.example.test/sse?x=1&token=%s\"},"
	    " {\"command\": \"uvx\", \"args\": [\"--from\", "
	    "\"awslabs.core-mcp-server@latest\", \"awslabs.core\"]}, 7]}",
	    hf);
	inv = scan_one(&ca_scanner_mcp, HOME "/.continue/config.json", HOME,
	    json, 0);
	c = find_secret(inv, hf);
	assert_non_null(c);
	assert_string_equal(c->kind, "huggingface-token");
	assert_true(has_reason(c, "url query token"));
	c = find_server(inv, "srch");
	assert_true(has_scope(c, "transport:sse"));
	c = find_server(inv, "server 2");
	assert_non_null(c);
	assert_true(has_scope(c, "capability:aws"));
	assert_true(has_scope(c, "package:awslabs.core-mcp-server"));
	assert_no_piece(inv, hf);
	ca_inventory_free(inv);
	free(json);

	json = cu_fmt(
	    "{\"mcpServers\": {\"t\": {\"httpUrl\": "
	    "\"http://tickets.corp.test/mcp\", \"headers\": "
	    "{\"Authorization\": \"Bearer %s\", \"Accept\": \"x/y-long-value\"}"
	    "}, \"k\": {\"command\": \"npx\", \"args\": [\"-y\", "
	    "\"mcp-server-kubernetes\"], \"trust\": true}}}",
	    hdr);
	inv = scan_one(&ca_scanner_mcp, HOME "/.gemini/settings.json", HOME,
	    json, 0);
	c = find_secret(inv, hdr);
	assert_non_null(c);
	assert_string_equal(c->kind, "mcp-header-token");
	c = find_server(inv, "t");
	assert_true(has_scope(c, "transport:http"));
	assert_true(has_reason(c, "plain http"));
	assert_true(has_link(c,
	    "mcp-inline:mcp-server:" HOME "/.gemini/settings.json##t"));
	c = find_server(inv, "k");
	assert_true(has_scope(c, "trust:no-confirmation"));
	assert_true(has_scope(c, "capability:kubernetes"));
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	assert_int_equal(inv->ncreds, 3);
	assert_no_piece(inv, hdr);
	ca_inventory_free(inv);
	free(json);

	inv = scan_one(&ca_scanner_mcp, HOME "/.claude.json", HOME,
	    "{\"projects\": {\"/home/grace/app\": {\"mcpServers\": {\"git\": "
	    "{\"type\": \"stdio\", \"command\": \"uvx\", \"args\": "
	    "[\"mcp-server-git\", \"--repository\", \".\"]}}}, "
	    "\"/x\": 3}, \"mcpServers\": {\"notaserver\": {\"foo\": 1}}}",
	    0);
	c = find_server(inv, "git");
	assert_non_null(c);
	assert_true(has_scope(c, "root:/home/grace/app/"));
	assert_true(has_reason(c, "of project /home/grace/app"));
	assert_int_equal(inv->ncreds, 1);
	ca_inventory_free(inv);

	/* a project's .cursor/mcp.json: "." is the project */
	inv = scan_one(&ca_scanner_mcp, HOME "/src/p/.cursor/mcp.json", HOME,
	    "{\"mcpServers\": {\"fs\": {\"command\": \"npx\", \"args\": "
	    "[\"@modelcontextprotocol/server-filesystem\", \".\", "
	    "\"../q\", \"$HOME/docs\"]}, \"cl\": {\"command\": \"x\", "
	    "\"autoApprove\": [\"a\", \"b\"]}}}",
	    0);
	c = find_server(inv, "fs");
	assert_true(has_scope(c, "root:" HOME "/src/p/"));
	assert_true(has_scope(c, "root:" HOME "/src/p/../q/"));
	assert_true(has_scope(c, "root:" HOME "/docs/"));
	assert_true(has_scope(find_server(inv, "cl"), "auto-approve:2 tools"));
	ca_inventory_free(inv);
	free(glpat);
	free(hdr);
	free(hf);
	free(stripe);
	free(arg);
}

/* Broken, empty, wrong-typed and hostile files: one warning at most, no
 * crash, nothing reported. */
static void
test_malformed(void **state)
{
	static const char *const bad[] = {
		"{\"mcpServers\": {\"a\": {\"command\": \"npx\", \"args\": [",
		"{\"mcpServers\": /* unterminated",
		"\"just a string\"",
		"[1, 2, 3]",
		"{\"mcpServers\": 5, \"servers\": [1, \"x\", null], "
		"\"context_servers\": {\"z\": []}, \"projects\": []}",
		"{\"mcpServers\": {\"a\": {\"command\": 5, \"args\": {}, "
		"\"env\": [], \"headers\": \"x\", \"url\": 3}}}",
		"",
		"\xef\xbb\xbf{}",
		"{\"mcpServers\": {\"\": {\"command\": \"npx\"}}}",
		"{\"a\": \"//not a comment\", \"b\": \"/*\", \"c\": \"\\\"\"}",
	};
	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(bad); i++) {
		struct ca_inventory *inv = scan_one(&ca_scanner_mcp,
		    HOME "/.cursor/mcp.json", HOME, bad[i], 0);
		assert_int_equal(inv->ncreds, 0);
		assert_true(inv->nerrors <= 1);
		ca_inventory_free(inv);
	}
	/* binary and huge argument lists */
	{
		char buf[4096];
		struct ca_inventory *inv;
		size_t n = 0;
		n += (size_t)snprintf(buf, sizeof(buf),
		    "{\"mcpServers\": "
		    "{\"a\": {\"command\": \"docker\", \"args\": [\"run\"");
		for (int i = 0; i < 200 && n < sizeof(buf) - 64; i++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
			    ", \"-v\"");
		snprintf(buf + n, sizeof(buf) - n, "]}}}");
		inv = scan_one(&ca_scanner_mcp, HOME "/.cursor/mcp.json", HOME,
		    buf, 0);
		assert_int_equal(inv->ncreds, 1);
		ca_inventory_free(inv);
		inv = scan_one(&ca_scanner_mcp, HOME "/.cursor/mcp.json", HOME,
		    "\x00\x01\xff{", 4);
		assert_int_equal(inv->ncreds, 0);
		assert_int_equal(inv->nerrors, 1);
		ca_inventory_free(inv);
	}
}

static void
test_jsonc(void **state)
{
	static const char in[] = "{\"a\": \"x//y\", // c\n \"b\": [1, 2,],"
	                         " /* c\n d */ \"c\": {\"d\": \"\\\"/*\",},}";
	char out[sizeof(in)];
	int line;
	json_t *doc;

	(void)state;
	jsonc_blank(in, sizeof(in) - 1, out);
	/* lengths and newlines kept */
	for (size_t i = 0; i < sizeof(in) - 1; i++)
		assert_int_equal(in[i] == '\n', out[i] == '\n');
	doc = jsonc_load(in, sizeof(in) - 1, &line);
	assert_non_null(doc);
	assert_string_equal(ck_json_str(doc, "a", NULL), "x//y");
	assert_int_equal(json_array_size(json_object_get(doc, "b")), 2);
	assert_string_equal(ck_json_str(json_object_get(doc, "c"), "d", NULL),
	    "\"/*");
	ck_json_free(doc);
	doc = jsonc_load("{\n\n\"a\": }", 9, &line);
	assert_null(doc);
	assert_int_equal(line, 3);
	/* a comma before a closer only when nothing else comes between */
	doc = jsonc_load("[1, , ]", 7, &line);
	assert_null(doc);
}

/* The inventory resolves "path-under:<dir>/" to every credential with a
 * secret under <dir>/, and the server takes the highest tier it reaches,
 * naming the link in its reasons. */
static void
test_path_under_links(void **state)
{
	struct ca_inventory *inv = ca_inventory_new();
	struct ca_sighting s;
	const struct ca_credential *srv = NULL, *aws = NULL;

	(void)state;
	memset(&s, 0, sizeof(s));
	memcpy(s.id, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", CA_ID_HEX);
	s.kind = "aws-access-key";
	s.rule = "aws.credentials";
	s.redacted = "abcd\xe2\x80\xa6";
	s.structured = true;
	s.path = HOME "/.aws/credentials";
	s.line = 2;
	s.mode = 0600;
	s.uid = 1000;
	s.tier = -1;
	s.standing = -1;
	assert_int_equal(ca_inventory_add(inv, &s), 0);
	/* elsewhere: not reached */
	memcpy(s.id, "cccccccccccccccccccccccccccccccc", CA_ID_HEX);
	s.path = "/home/grace2/.aws/credentials";
	assert_int_equal(ca_inventory_add(inv, &s), 0);
	/* secretless under the root: not reached */
	memcpy(s.id, "dddddddddddddddddddddddddddddddd", CA_ID_HEX);
	s.kind = "aws-sso-profile";
	s.redacted = NULL;
	s.path = HOME "/.aws/config";
	assert_int_equal(ca_inventory_add(inv, &s), 0);
	memcpy(s.id, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", CA_ID_HEX);
	s.kind = "mcp-server";
	s.rule = "mcp.server";
	s.redacted = NULL;
	s.path = HOME "/.claude.json";
	s.tier = CA_TIER_WRITE;
	s.link = "path-under:" HOME "/";
	assert_int_equal(ca_inventory_add(inv, &s), 0);
	ca_inventory_finish(inv, NULL, NULL);
	for (size_t i = 0; i < inv->ncreds; i++) {
		if (!strcmp(inv->creds[i]->id,
		        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"))
			srv = inv->creds[i];
		if (!strcmp(inv->creds[i]->id,
		        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"))
			aws = inv->creds[i];
	}
	assert_non_null(srv);
	assert_non_null(aws);
	assert_int_equal(srv->nlinks, 1);
	assert_int_equal(srv->links[0].nto, 1);
	assert_string_equal(srv->links[0].to[0], aws->id);
	assert_int_equal(srv->tier, CA_TIER_ADMIN);
	assert_true(has_reason(srv, "path-under:" HOME "/"));
	assert_int_equal(aws->nlinks, 0);
	ca_inventory_free(inv);
}

static void
test_shapes_and_refs(void **state)
{
	size_t p;

	(void)state;
	assert_string_equal(
	    mcp_secret_kind("sk-ant-api03-abcdefghijklmnop", 29, &p),
	    "anthropic-api-key");
	assert_int_equal(p, 13);
	assert_null(mcp_secret_kind("ghp_short", 9, &p));
	assert_int_equal(p, 0);
	assert_null(mcp_secret_kind("plainvalue1234567890", 20, &p));
	assert_true(mcp_plausible_secret("Pw7fK2mQx9Lz", 12));
	assert_false(mcp_plausible_secret("4096", 4));
	assert_false(mcp_plausible_secret("12345678901", 11));
	assert_false(mcp_plausible_secret("/run/secrets", 12));
	assert_false(mcp_plausible_secret("C:\\keys\\a.pem", 13));
	assert_false(mcp_plausible_secret("https://x.test/a", 16));
	assert_false(mcp_plausible_secret("use the key in vault", 20));
	assert_false(mcp_plausible_secret("oauth", 5));
	assert_true(mcp_is_reference("${GITHUB_TOKEN}", 15));
	assert_true(mcp_is_reference(" ${input:pat} ", 14));
	assert_true(mcp_is_reference("$env:X", 6));
	assert_true(mcp_is_reference("%APPDATA_TOKEN%", 15));
	assert_true(mcp_is_reference("{env:X_TOKEN}", 13));
	assert_true(mcp_is_reference("Bearer ${X}", 11));
	assert_false(mcp_is_reference("Bearer abc", 10));
	assert_false(mcp_is_reference("abc$def", 7));
	assert_false(mcp_is_reference("", 0));
	assert_string_equal(mcp_cap_name(MCP_CAP_SHELL), "shell");
	assert_null(mcp_cap_name(3));
	assert_non_null(mcp_catalog_find("awslabs.anything"));
	assert_null(mcp_catalog_find("awslabs"));
	assert_null(mcp_catalog_find(""));
}

/* Claude Code: the OAuth login with its account from .claude.json, MCP
 * OAuth tokens, settings env, apiKeyHelper and permissions. */
static void
test_claude(void **state)
{
	char *acc = cu_token("sk-ant-oat01-", CU_ALNUM "-_", 95, 41);
	char *ref = cu_token("sk-ant-ort01-", CU_ALNUM "-_", 95, 42);
	char *mtok = cu_token("", CU_ALNUM, 40, 43);
	char *envk = cu_token("", CU_ALNUM, 40, 44);
	char *creds = cu_fmt(
	    "{\"claudeAiOauth\": {\"accessToken\": \"%sAA\", "
	    "\"refreshToken\": \"%sAA\", \"expiresAt\": 4102444800000, "
	    "\"scopes\": [\"user:inference\", 7], \"subscriptionType\": "
	    "\"pro\"},\n \"mcpOAuth\": {\"n|1\": {\"serverName\": \"notion\", "
	    "\"serverUrl\": \"https://mcp.notion.com/mcp\", \"accessToken\": "
	    "\"%s\"}, \"bad\": 3}}",
	    acc, ref, mtok);
	char *full_acc = cu_fmt("%sAA", acc), *full_ref = cu_fmt("%sAA", ref);
	struct unit_file files[] = {
		{ HOME "/.claude/.credentials.json", creds, 0 },
		{ HOME "/.claude.json",
		    "{\"oauthAccount\": {\"emailAddress\": "
		    "\"grace@example.test\"}}",
		    0 },
	};
	char *settings = cu_fmt(
	    "{\"env\": {\"ANTHROPIC_AUTH_TOKEN\": \"%s\", "
	    "\"X\": \"1\", \"GH_TOKEN\": \"${GH_TOKEN}\", \"N\": 5},\n"
	    " \"apiKeyHelper\": \"/opt/bin/get-key --secret abcdef\",\n"
	    " \"permissions\": {\"allow\": [\"Bash(git *)\", \"Bash(*)\"], "
	    "\"defaultMode\": \"bypassPermissions\"}}",
	    envk);
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_files(&ca_scanner_claude, files, 2, files[0].path, HOME);
	assert_int_equal(inv->nerrors, 0);
	c = find_secret(inv, full_acc);
	assert_non_null(c);
	assert_string_equal(c->kind, "claude-oauth-token");
	assert_string_equal(c->identity, "grace@example.test");
	assert_string_equal(c->expires, "2100-01-01T00:00:00Z");
	assert_true(has_scope(c, "user:inference"));
	assert_true(has_reason(c, "plan pro"));
	c = find_secret(inv, full_ref);
	assert_non_null(c);
	assert_string_equal(c->kind, "claude-refresh-token");
	c = find_secret(inv, mtok);
	assert_non_null(c);
	assert_string_equal(c->kind, "mcp-oauth-token");
	assert_true(has_scope(c, "mcp:notion"));
	assert_int_equal(inv->ncreds, 3);
	assert_no_secret(inv, full_acc);
	assert_no_secret(inv, full_ref);
	assert_no_piece(inv, mtok);
	ca_inventory_free(inv);
	/* no .claude.json: no account */
	inv = scan_one(&ca_scanner_claude, files[0].path, HOME, creds, 0);
	assert_null(find_secret(inv, full_acc)->identity);
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_claude, HOME "/.claude/settings.json", HOME,
	    settings, 0);
	assert_int_equal(inv->nerrors, 0);
	c = find_secret(inv, envk);
	assert_non_null(c);
	assert_string_equal(c->kind, "agent-env-secret");
	c = find_kind(inv, "claude-api-key-helper");
	assert_non_null(c);
	assert_string_equal(c->identity, "get-key");
	c = find_kind(inv, "agent-permission");
	assert_non_null(c);
	assert_true(has_scope(c, "permission:bypassPermissions"));
	assert_true(has_scope(c, "permission:Bash(*)"));
	assert_false(has_scope(c, "permission:Bash(git *)"));
	assert_true(has_link(c, "path-under:" HOME "/"));
	assert_int_equal(c->tier, CA_TIER_ADMIN);
	assert_int_equal(inv->ncreds, 3);
	assert_no_piece(inv, envk);
	assert_no_secret(inv, "abcdef");
	ca_inventory_free(inv);

	/* narrow permissions: no entry */
	inv = scan_one(&ca_scanner_claude,
	    HOME "/p/.claude/settings.local.json", HOME,
	    "{\"permissions\": {\"allow\": [\"Bash(npm test)\"], "
	    "\"defaultMode\": \"acceptEdits\"}, \"env\": []}",
	    0);
	assert_int_equal(inv->ncreds, 0);
	ca_inventory_free(inv);
	free(acc);
	free(ref);
	free(mtok);
	free(envk);
	free(creds);
	free(full_acc);
	free(full_ref);
	free(settings);
}

static void
test_codex(void **state)
{
	char ghp[96];
	char *key = cu_token("sk-proj-", CU_ALNUM, 60, 51);
	char *rt = cu_token("rt_", CU_ALNUM, 40, 52);
	char *idt = cu_jwt("{\"email\":\"grace@example.test\",\"exp\":"
	                   "4102444800}",
	    53);
	char *at = cu_jwt("{\"sub\":\"u\",\"exp\":4102444800}", 54);
	char *hdr = cu_token("", CU_ALNUM, 32, 55);
	char *toml, *auth;
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	gh_token("ghp_", 56, ghp);
	toml = cu_fmt(
	    "model = \"o3\"\napproval_policy = \"never\"\n"
	    "[profiles.yolo]\nsandbox_mode = \"danger-full-access\"\n"
	    "[mcp_servers.gh]\ncommand = \"npx\"\n"
	    "args = [\"-y\", # comment\n  '@modelcontextprotocol/server-github',"
	    " \"a\\\"b\"]\nenv = { GITHUB_PERSONAL_ACCESS_TOKEN = \"%s\" }\n"
	    "[mcp_servers.r]\nurl = \"https://r.example.test/mcp\"\n"
	    "http_headers = { \"X-Api-Key\" = \"%s\" }\nenabled = false\n"
	    "[mcp_servers.half]\nstartup_timeout_sec = 5\n",
	    ghp, hdr);
	inv = scan_one(&ca_scanner_codex, HOME "/.codex/config.toml", HOME,
	    toml, 0);
	assert_int_equal(inv->nerrors, 0);
	c = find_secret(inv, ghp);
	assert_non_null(c);
	assert_string_equal(c->rule, "codex.env-secret");
	assert_true(has_scope(c, "mcp:gh"));
	c = find_server(inv, "gh");
	assert_non_null(c);
	assert_string_equal(c->rule, "codex.server");
	assert_true(has_scope(c, "capability:github"));
	assert_true(
	    has_scope(c, "package:@modelcontextprotocol/server-github"));
	c = find_secret(inv, hdr);
	assert_non_null(c);
	assert_string_equal(c->kind, "mcp-header-token");
	assert_true(has_scope(find_server(inv, "r"), "disabled"));
	assert_null(find_server(inv, "half"));
	c = find_kind(inv, "agent-permission");
	assert_non_null(c);
	assert_true(has_scope(c, "permission:approval_policy=never"));
	assert_true(has_scope(c, "permission:sandbox_mode=danger-full-access"));
	assert_int_equal(inv->ncreds, 5);
	assert_no_piece(inv, ghp);
	assert_no_piece(inv, hdr);
	ca_inventory_free(inv);

	/* malformed TOML: one warning, the servers before it still count */
	inv = scan_one(&ca_scanner_codex, HOME "/.codex/config.toml", HOME,
	    "[mcp_servers.a]\ncommand = \"bash\"\n[mcp_servers.b\nx = 1\n", 0);
	assert_int_equal(inv->nerrors, 1);
	assert_non_null(find_server(inv, "a"));
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_codex, HOME "/.codex/config.toml", HOME,
	    "approval_policy = \"on-request\"\nargs = [\"x\"\n", 0);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);

	auth = cu_fmt(
	    "{\"OPENAI_API_KEY\": \"%s\", \"tokens\": {\"id_token\":"
	    " \"%s\", \"access_token\": \"%s\", \"refresh_token\": \"%s\", "
	    "\"account_id\": \"a1\"}}",
	    key, idt, at, rt);
	inv = scan_one(&ca_scanner_codex, HOME "/.codex/auth.json", HOME, auth,
	    0);
	c = find_secret(inv, key);
	assert_non_null(c);
	assert_string_equal(c->kind, "openai-api-key");
	assert_string_equal(c->identity, "grace@example.test");
	c = find_secret(inv, at);
	assert_non_null(c);
	assert_string_equal(c->kind, "codex-access-token");
	assert_string_equal(c->expires, "2100-01-01T00:00:00Z");
	c = find_secret(inv, rt);
	assert_string_equal(c->kind, "codex-refresh-token");
	assert_string_equal(find_secret(inv, idt)->kind, "jwt");
	assert_int_equal(inv->ncreds, 4);
	assert_no_piece(inv, rt);
	assert_no_secret(inv, key);
	ca_inventory_free(inv);
	free(auth);
	/* keyring mode: no tokens, null key; broken JSON */
	inv = scan_one(&ca_scanner_codex, HOME "/.codex/auth.json", HOME,
	    "{\"OPENAI_API_KEY\": null, \"tokens\": null}", 0);
	assert_int_equal(inv->ncreds + inv->nerrors, 0);
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_codex, HOME "/.codex/auth.json", HOME,
	    "{\"tokens\": {", 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
	free(key);
	free(rt);
	free(idt);
	free(at);
	free(hdr);
	free(toml);
}

static void
test_gemini(void **state)
{
	char *at = cu_token("ya29.", CU_ALNUM "-_", 120, 61);
	char *rt = cu_token("1//0", CU_ALNUM "-_", 90, 62);
	char *creds = cu_fmt(
	    "{\"access_token\": \"%s\", \"refresh_token\": "
	    "\"%s\", \"scope\": \"https://www.googleapis.com/auth/"
	    "cloud-platform openid\", \"expiry_date\": 4102444800000}",
	    at, rt);
	struct unit_file files[] = {
		{ HOME "/.gemini/oauth_creds.json", creds, 0 },
		{ HOME "/.gemini/google_accounts.json",
		    "{\"active\": \"g@example.test\", \"old\": []}", 0 },
	};
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	inv = scan_files(&ca_scanner_gemini, files, 2, files[0].path, HOME);
	c = find_secret(inv, at);
	assert_non_null(c);
	assert_string_equal(c->kind, "gcp-access-token");
	assert_string_equal(c->identity, "g@example.test");
	assert_string_equal(c->expires, "2100-01-01T00:00:00Z");
	assert_true(
	    has_scope(c, "https://www.googleapis.com/auth/cloud-platform"));
	c = find_secret(inv, rt);
	assert_non_null(c);
	assert_string_equal(c->kind, "gcp-user-refresh-token");
	assert_int_equal(inv->ncreds, 2);
	assert_no_piece(inv, rt);
	assert_no_piece(inv, at);
	ca_inventory_free(inv);

	inv = scan_one(&ca_scanner_gemini, HOME "/.gemini/settings.json", HOME,
	    "{\"tools\": {\"autoAccept\": true}}", 0);
	c = find_kind(inv, "agent-permission");
	assert_non_null(c);
	assert_true(has_scope(c, "permission:autoAccept"));
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_gemini, HOME "/.gemini/settings.json", HOME,
	    "{\"general\": {\"approvalMode\": \"yolo\"}}", 0);
	assert_true(
	    has_scope(find_kind(inv, "agent-permission"), "permission:yolo"));
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_gemini, HOME "/.gemini/settings.json", HOME,
	    "{\"autoAccept\": false, \"approvalMode\": \"default\"}", 0);
	assert_int_equal(inv->ncreds + inv->nerrors, 0);
	ca_inventory_free(inv);
	/* broken: the mcp module reports settings.json; oauth_creds here */
	inv = scan_one(&ca_scanner_gemini, HOME "/.gemini/settings.json", HOME,
	    "{", 0);
	assert_int_equal(inv->ncreds + inv->nerrors, 0);
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_gemini, HOME "/.gemini/oauth_creds.json",
	    HOME, "[\"x\"]", 0);
	assert_int_equal(inv->ncreds + inv->nerrors, 0);
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_gemini, HOME "/.gemini/oauth_creds.json",
	    HOME, "{\"access_token\": ", 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
	free(at);
	free(rt);
	free(creds);
}

/* --mcp-catalog rows come before the built-in ones; bad tables are
 * refused whole. */
static void
test_user_catalog(void **state)
{
	static const char good[] =
	    "{\"servers\": [{\"match\": "
	    "\"@acme/deploy-mcp\", \"capabilities\": [\"shell\", \"aws\"], "
	    "\"label\": \"Acme deploy\"}, {\"match\": \"mcp-server-fetch\", "
	    "\"capabilities\": [\"browser\"]}, {\"match\": \"acme-files*\", "
	    "\"capabilities\": [\"filesystem\"], \"roots_from_args\": true}]}";
	static const char *const bad[] = {
		"[]",
		"{\"servers\": {}}",
		"{\"servers\": [{\"capabilities\": [\"shell\"]}]}",
		"{\"servers\": [{\"match\": \"x\"}]}",
		"{\"servers\": [{\"match\": \"x\", \"capabilities\": []}]}",
		"{\"servers\": [{\"match\": \"x\", \"capabilities\": "
		"[\"teleport\"]}]}",
		"{\"servers\": [{\"match\": \"x\", \"capabilities\": [\"shell\"],"
		" \"roots_from_args\": 1}]}",
		"{\"servers\": [",
	};
	const struct mcp_catalog_entry *e;
	struct ca_inventory *inv;
	const struct ca_credential *c;
	size_t n;

	(void)state;
	assert_non_null(mcp_catalog_builtin(&n));
	assert_true(n > 50);
	assert_int_equal(mcp_catalog_load(good, strlen(good), "t"), 0);
	e = mcp_catalog_find("@acme/deploy-mcp");
	assert_non_null(e);
	assert_int_equal(e->caps, MCP_CAP_SHELL | MCP_CAP_AWS);
	assert_string_equal(e->label, "Acme deploy");
	/* a user row wins over the built-in one */
	assert_int_equal(mcp_catalog_find("mcp-server-fetch")->caps,
	    MCP_CAP_BROWSER);
	inv = scan_one(&ca_scanner_mcp, HOME "/.cursor/mcp.json", HOME,
	    "{\"mcpServers\": {\"f\": {\"command\": \"npx\", \"args\": "
	    "[\"acme-files-x@2\", \"/data\"]}}}",
	    0);
	c = find_server(inv, "f");
	assert_true(has_scope(c, "capability:filesystem"));
	assert_true(has_scope(c, "root:/data/"));
	ca_inventory_free(inv);
	/* a refused table leaves the one before it */
	for (size_t i = 0; i < CA_ARRAY_SIZE(bad); i++)
		assert_int_equal(mcp_catalog_load(bad[i], strlen(bad[i]), "t"),
		    -1);
	assert_non_null(mcp_catalog_find("@acme/deploy-mcp"));
	mcp_catalog_reset();
	assert_null(mcp_catalog_find("@acme/deploy-mcp"));
	assert_int_equal(mcp_catalog_find("mcp-server-fetch")->caps,
	    MCP_CAP_FETCH);
}

static void
test_goose(void **state)
{
	char ghp[96];
	char *key = cu_token("sk-ant-api03-", CU_ALNUM "-_", 93, 71);
	char *yaml, *sec;
	struct ca_inventory *inv;
	const struct ca_credential *c;

	(void)state;
	gh_token("ghp_", 72, ghp);
	yaml = cu_fmt(
	    "GOOSE_MODE: auto\nextensions:\n  developer:\n"
	    "    type: builtin\n  gh:\n    type: stdio\n    cmd: npx\n"
	    "    args: [-y, \"@modelcontextprotocol/server-github\"]\n"
	    "    envs:\n      GITHUB_PERSONAL_ACCESS_TOKEN: %s\n"
	    "      GH_HOST: github.com\n  r:\n    type: streamable_http\n"
	    "    uri: https://r.example.test/mcp\n    enabled: false\n"
	    "  odd: [1, 2]\n",
	    ghp);
	inv = scan_one(&ca_scanner_goose, HOME "/.config/goose/config.yaml",
	    HOME, yaml, 0);
	assert_int_equal(inv->nerrors, 0);
	c = find_secret(inv, ghp);
	assert_non_null(c);
	assert_string_equal(c->rule, "goose.env-secret");
	assert_true(has_scope(c, "mcp:gh"));
	c = find_server(inv, "developer");
	assert_non_null(c);
	assert_true(has_scope(c, "capability:shell"));
	assert_true(has_link(c, "path-under:" HOME "/"));
	c = find_server(inv, "r");
	assert_true(has_scope(c, "transport:http"));
	assert_true(has_scope(c, "disabled"));
	assert_true(has_scope(find_kind(inv, "agent-permission"),
	    "permission:GOOSE_MODE=auto"));
	assert_int_equal(inv->ncreds, 5);
	assert_no_piece(inv, ghp);
	ca_inventory_free(inv);
	free(yaml);

	sec = cu_fmt("ANTHROPIC_API_KEY: %s\nGOOSE_PROVIDER: anthropic\n", key);
	inv = scan_one(&ca_scanner_goose, HOME "/.config/goose/secrets.yaml",
	    HOME, sec, 0);
	c = find_secret(inv, key);
	assert_non_null(c);
	assert_string_equal(c->kind, "anthropic-api-key");
	assert_int_equal(inv->ncreds, 1);
	assert_no_secret(inv, key);
	ca_inventory_free(inv);
	free(sec);

	inv = scan_one(&ca_scanner_goose, HOME "/.config/goose/config.yaml",
	    HOME, "extensions: [\n", 0);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	ca_inventory_free(inv);
	inv = scan_one(&ca_scanner_goose, HOME "/.config/goose/config.yaml",
	    HOME, "- a\n- b\n", 0);
	assert_int_equal(inv->ncreds, 0);
	ca_inventory_free(inv);
	free(key);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_claude_desktop),
		cmocka_unit_test(test_references_and_placeholders),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_jsonc),
		cmocka_unit_test(test_path_under_links),
		cmocka_unit_test(test_shapes_and_refs),
		cmocka_unit_test(test_claude),
		cmocka_unit_test(test_codex),
		cmocka_unit_test(test_gemini),
		cmocka_unit_test(test_user_catalog),
		cmocka_unit_test(test_goose),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
