/* codex.c - the OpenAI Codex CLI ($CODEX_HOME, by default ~/.codex):
 *
 * config.toml: [mcp_servers.<name>] (command, args, env, url,
 *   bearer_token_env_var, http_headers, enabled), each reported by
 *   mcp_server_report(); approval_policy = "never" and sandbox_mode =
 *   "danger-full-access", at the top or in a [profiles.<name>], let the
 *   agent run anything unasked.
 * auth.json: OPENAI_API_KEY, and the ChatGPT login's tokens (access_token
 *   and id_token are JWTs, refresh_token), owned by the id_token's email;
 *   the access token's exp is its expiry. */
#include "lib/compat.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/secret.h"
#include "scanners/kit/toml.h"
#include "scanners/surfaces/agents/mcp_server.h"
#include "lib/banned.h"

#define AGENT       "Codex CLI"
#define MAX_SERVERS 64

struct codex {
	struct ca_ctx *ctx;
	struct arena *a;
	struct mcp_server *servers[MAX_SERVERS];
	size_t nservers;
	const char *widen[8];
	size_t nwiden;
};

/* The server called 'name', made on first use; NULL past the cap. */
static struct mcp_server *
server_named(struct codex *c, const char *name)
{
	struct mcp_server *s;

	for (size_t i = 0; i < c->nservers; i++)
		if (!strcmp(c->servers[i]->name, name))
			return c->servers[i];
	if (c->nservers >= MAX_SERVERS)
		return NULL;
	s = arena_alloc(c->a, sizeof(*s));
	memset(s, 0, sizeof(*s));
	s->module = "codex";
	s->client = AGENT;
	s->name = arena_strdup(c->a, name);
	c->servers[c->nservers++] = s;
	return s;
}

/* The strings of a TOML array as written ('raw', brackets included) into
 * 's->args'; other values are skipped. Copies live in the scratch arena,
 * which is wiped after the file. */
static void
read_args(struct codex *c, struct mcp_server *s, const char *raw, size_t n)
{
	const char *p = raw, *end = raw + n;

	while (p < end && s->nargs < MCP_MAX_ARGS) {
		char q = *p;
		if (q == '#') {
			while (p < end && *p != '\n')
				p++;
			continue;
		}
		if (q != '"' && q != '\'') {
			p++;
			continue;
		}
		{
			char *out = arena_alloc(c->a, (size_t)(end - p) + 1);
			size_t o = 0;
			for (p++; p < end && *p != q; p++) {
				if (q == '"' && *p == '\\' && p + 1 < end) {
					p++;
					out[o++] = *p == 'n' ? '\n' :
					    *p == 't'        ? '\t' :
					                       *p;
					continue;
				}
				out[o++] = *p;
			}
			out[o] = '\0';
			s->args[s->nargs++] = out;
			p++;
		}
	}
}

static void
add_pair(struct codex *c, struct mcp_pair *pairs, size_t *n, const char *key,
    const struct toml_kv *kv)
{
	if (*n >= MCP_MAX_PAIRS || kv->type != TOML_STRING)
		return;
	pairs[*n].key = arena_strdup(c->a, key);
	pairs[*n].val = arena_strndup(c->a, kv->str, kv->len);
	pairs[*n].len = kv->len;
	(*n)++;
}

static void
widen(struct codex *c, const char *setting)
{
	for (size_t i = 0; i < c->nwiden; i++)
		if (!strcmp(c->widen[i], setting))
			return;
	if (c->nwiden < CA_ARRAY_SIZE(c->widen))
		c->widen[c->nwiden++] = setting;
}

static int
config_kv(void *arg, const struct toml_kv *kv)
{
	struct codex *c = arg;
	const char *key = kv->path[kv->depth - 1];
	struct mcp_server *s;

	/* approval_policy / sandbox_mode, top level or in a profile */
	if ((kv->depth == 1 ||
	        (kv->depth == 3 && !strcmp(kv->path[0], "profiles"))) &&
	    kv->type == TOML_STRING) {
		if (!strcmp(key, "approval_policy") &&
		    !strcmp(kv->str, "never"))
			widen(c, "approval_policy=never");
		if (!strcmp(key, "sandbox_mode") &&
		    !strcmp(kv->str, "danger-full-access"))
			widen(c, "sandbox_mode=danger-full-access");
		return 0;
	}
	if (kv->depth < 3 || strcmp(kv->path[0], "mcp_servers"))
		return 0;
	s = server_named(c, kv->path[1]);
	if (!s)
		return 0;
	if (kv->depth == 3) {
		const char *k = kv->path[2];
		if (kv->type == TOML_STRING && !strcmp(k, "command"))
			s->command = arena_strndup(c->a, kv->str, kv->len);
		else if (kv->type == TOML_STRING && !strcmp(k, "url")) {
			s->url = arena_strndup(c->a, kv->str, kv->len);
			s->url_len = kv->len;
		} else if (kv->type == TOML_STRING &&
		    !strcmp(k, "bearer_token_env_var"))
			s->bearer_env = arena_strndup(c->a, kv->str, kv->len);
		else if (kv->type == TOML_STRING && !strcmp(k, "bearer_token"))
			add_pair(c, s->headers, &s->nheaders, "Authorization",
			    kv);
		else if (kv->type == TOML_ARRAY && !strcmp(k, "args") &&
		    kv->raw)
			read_args(c, s, kv->raw, kv->raw_len);
		else if (kv->type == TOML_BOOL && !strcmp(k, "enabled"))
			s->disabled = !kv->b;
		return 0;
	}
	if (kv->depth == 4 && !strcmp(kv->path[2], "env"))
		add_pair(c, s->env, &s->nenv, kv->path[3], kv);
	else if (kv->depth == 4 && !strcmp(kv->path[2], "http_headers"))
		add_pair(c, s->headers, &s->nheaders, kv->path[3], kv);
	return 0;
}

static void
scan_config(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct codex c;
	struct toml_status st;

	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.a = ca_scratch(ctx);
	if (toml_parse(c.a, f->data, f->len, config_kv, &c, &st) < 0) {
		ca_warn(ctx, NULL, "invalid TOML at line %u: %s", st.line,
		    st.error ? st.error : "parse error");
		/* the servers read before the error are still reported */
	}
	for (size_t i = 0; i < c.nservers; i++)
		if (c.servers[i]->command || c.servers[i]->url)
			mcp_server_report(ctx, f, c.servers[i]);
	mcp_agent_widening(ctx, f, "codex.permission", AGENT, c.widen,
	    c.nwiden);
}

static void
scan_auth(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	json_t *doc = ck_json_load_warn(ctx, f);
	const json_t *tokens;
	const char *who = NULL, *idt, *acc, *key, *ref, *acct;
	struct ck_jwt jwt;
	struct ca_finding fd;
	size_t n, in, an, rn, kn;

	if (!doc)
		return;
	if (!json_is_object(doc)) {
		ck_json_free(doc);
		return;
	}
	tokens = json_object_get(doc, "tokens");
	idt = ck_json_str(tokens, "id_token", &in);
	if (idt && ck_jwt_decode(a, idt, in, &jwt) && jwt.email)
		who = jwt.email;
	acct = ck_json_nonempty(tokens, "account_id", &n);
	if (!who && acct)
		who = arena_printf(a, "ChatGPT account %s",
		    ca_printable_cut(a, acct, n, 64));

	key = ck_json_str(doc, "OPENAI_API_KEY", &kn);
	ca_finding_init(&fd, "codex.api-key", "openai-api-key");
	fd.identity = who;
	fd.preview_prefix = key ?
	    ca_secret_prefix(key, kn,
	        (const char *const[]){ "sk-proj-", "sk-svcacct-", "sk-admin-",
	            "sk-", NULL }) :
	    0;
	fd.detail = "OpenAI API key the Codex CLI signs in with";
	ca_emit_secret(ctx, f, &fd, key, kn);

	acc = ck_json_str(tokens, "access_token", &an);
	ca_finding_init(&fd, "codex.access-token", "codex-access-token");
	fd.identity = who;
	fd.standing = 0;
	if (acc && ck_jwt_decode(a, acc, an, &jwt) && jwt.exp > 0)
		fd.expires = ck_time_fmt(a, jwt.exp);
	fd.detail = "Codex CLI ChatGPT login access token";
	ca_emit_secret(ctx, f, &fd, acc, an);

	ref = ck_json_str(tokens, "refresh_token", &rn);
	ca_finding_init(&fd, "codex.refresh-token", "codex-refresh-token");
	fd.identity = who;
	fd.detail = "Codex CLI ChatGPT login refresh token: mints new access "
	            "tokens";
	ca_emit_secret(ctx, f, &fd, ref, rn);

	ca_finding_init(&fd, "codex.id-token", "jwt");
	fd.identity = who;
	fd.detail = "Codex CLI ChatGPT login ID token";
	ca_emit_secret(ctx, f, &fd, idt, in);
	ck_json_free(doc);
}

static int
codex_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	if (!strcmp(f->name, "auth.json"))
		scan_auth(ctx, f);
	else
		scan_config(ctx, f);
	return 0;
}

/* clang-format off */
static const char *const codex_claims[] = {
	"**/.codex/config.toml",
	"**/.codex/auth.json",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc codex_rules[] = {
	{ "codex.access-token", "codex-access-token",
	  "tokens.access_token of auth.json (ChatGPT login)" },
	{ "codex.api-key", "openai-api-key", "OPENAI_API_KEY of auth.json" },
	{ "codex.id-token", "jwt", "tokens.id_token of auth.json" },
	{ "codex.arg-secret", "mcp-arg-secret",
	  "secret on the command line of a config.toml MCP server" },
	{ "codex.env-secret", "mcp-env-secret",
	  "secret in [mcp_servers.<name>.env] of config.toml" },
	{ "codex.header-token", "mcp-header-token",
	  "bearer_token or http_headers of a config.toml MCP server" },
	{ "codex.permission", "agent-permission",
	  "approval_policy = \"never\" or sandbox_mode = "
	  "\"danger-full-access\"" },
	{ "codex.refresh-token", "codex-refresh-token",
	  "tokens.refresh_token of auth.json" },
	{ "codex.server", "mcp-server",
	  "[mcp_servers.<name>] of config.toml" },
	{ "codex.url-credential", "mcp-url-credential",
	  "password or key in a config.toml MCP server URL" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_codex = {
	.name = "codex",
	.surface = "agents",
	.summary = "OpenAI Codex CLI: auth.json login and key, config.toml "
	           "MCP servers and approval/sandbox settings",
	.version = 1,
	.claims = codex_claims,
	.rules = codex_rules,
	.scan_file = codex_scan_file,
};
