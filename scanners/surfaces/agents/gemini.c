/* gemini.c - the Gemini CLI's own credentials and settings (~/.gemini):
 *
 * oauth_creds.json: the Google login of "Login with Google" (access_token,
 *   refresh_token, scope, id_token, expiry_date in Unix milliseconds).
 *   Its client asks for cloud-platform: the refresh token is a Google
 *   Cloud user credential. The account is google_accounts.json's "active",
 *   else the id_token's email.
 * settings.json: auto-accept or YOLO approval (autoAccept,
 *   approvalMode = "yolo", at the top or under "tools" or "general") lets
 *   the agent run tools unasked. Its mcpServers are the mcp module's. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/jsonc.h"
#include "scanners/kit/secret.h"
#include "scanners/surfaces/agents/mcp_server.h"
#include "lib/banned.h"

#define AGENT "Gemini CLI"

/* google_accounts.json's "active" next to 'f', in the scratch arena. */
static const char *
active_account(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const char *slash = strrchr(f->path, '/'), *email;
	struct strbuf sb;
	json_t *doc;
	int line;
	size_t n;

	if (!slash)
		return NULL;
	strbuf_init(&sb, CK_SIDE_CAP);
	if (ca_read_file(ctx,
	        arena_printf(a, "%.*s/google_accounts.json",
	            (int)(slash - f->path), f->path),
	        &sb)) {
		strbuf_release(&sb);
		return NULL;
	}
	doc = ck_json_load(sb.buf, sb.len, &line);
	strbuf_release(&sb);
	email = ck_json_nonempty(doc, "active", &n);
	email = email ? ca_printable_cut(a, email, n, 256) : NULL;
	ck_json_free(doc);
	return email;
}

/* A space-separated "scope" string as a NULL-terminated list. */
static const char *const *
scope_list(struct arena *a, const char *s, size_t n)
{
	const char **list = arena_alloc(a, 33 * sizeof(*list));
	const char *p = s, *e = s + n;
	size_t k = 0;

	while (s && p < e && k < 32) {
		const char *w;
		while (p < e && *p == ' ')
			p++;
		w = p;
		while (p < e && *p != ' ')
			p++;
		if (p > w)
			list[k++] = ca_printable_cut(a, w, (size_t)(p - w),
			    256);
	}
	list[k] = NULL;
	return k ? list : NULL;
}

static void
scan_oauth(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	json_t *doc = ck_json_load_warn(ctx, f);
	const char *who, *tok, *scope, *idt;
	const char *const *scopes;
	struct ca_finding fd;
	struct ck_jwt jwt;
	size_t n, sn, in;
	int64_t ms;

	if (!doc)
		return;
	if (!json_is_object(doc)) {
		ck_json_free(doc);
		return;
	}
	who = active_account(ctx, f);
	idt = ck_json_str(doc, "id_token", &in);
	if (!who && idt && ck_jwt_decode(a, idt, in, &jwt) && jwt.email)
		who = jwt.email;
	scope = ck_json_str(doc, "scope", &sn);
	scopes = scope_list(a, scope, scope ? sn : 0);

	tok = ck_json_str(doc, "access_token", &n);
	ca_finding_init(&fd, "gemini.access-token", "gcp-access-token");
	fd.identity = who;
	fd.scopes = scopes;
	fd.standing = 0;
	if (!ck_json_int(doc, "expiry_date", &ms) && ms > 0)
		fd.expires = ck_time_fmt(a,
		    ms > 100000000000LL ? ms / 1000 : ms);
	fd.preview_prefix = tok && n > 5 && !strncmp(tok, "ya29.", 5) ? 5 : 0;
	fd.detail = "Gemini CLI Google login access token";
	ca_emit_secret(ctx, f, &fd, tok, n);

	tok = ck_json_str(doc, "refresh_token", &n);
	ca_finding_init(&fd, "gemini.refresh-token", "gcp-user-refresh-token");
	fd.identity = who;
	fd.scopes = scopes;
	fd.detail = "Gemini CLI Google login refresh token (its client asks "
	            "for cloud-platform)";
	ca_emit_secret(ctx, f, &fd, tok, n);
	ck_json_free(doc);
}

static bool
yolo_in(const json_t *o)
{
	const char *mode;

	if (!json_is_object(o))
		return false;
	if (json_is_true(json_object_get(o, "autoAccept")) ||
	    json_is_true(json_object_get(o, "yolo")))
		return true;
	mode = ck_json_str(o, "approvalMode", NULL);
	if (!mode)
		mode = ck_json_str(o, "defaultApprovalMode", NULL);
	return mode && !strcmp(mode, "yolo");
}

static void
scan_settings(struct ca_ctx *ctx, const struct ca_file *f)
{
	json_t *doc = jsonc_load(f->data, f->len, &(int){ 0 });
	const char *widen[1];
	size_t nw = 0;

	/* the mcp module reports a broken file */
	if (!doc)
		return;
	if (yolo_in(doc) || yolo_in(json_object_get(doc, "tools")) ||
	    yolo_in(json_object_get(doc, "general")))
		widen[nw++] = json_object_get(doc, "autoAccept") ||
		        yolo_in(json_object_get(doc, "tools")) ?
		    "autoAccept" :
		    "yolo";
	mcp_agent_widening(ctx, f, "gemini.permission", AGENT, widen, nw);
	ck_json_free(doc);
}

static int
gemini_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	if (!strcmp(f->name, "oauth_creds.json"))
		scan_oauth(ctx, f);
	else
		scan_settings(ctx, f);
	return 0;
}

/* clang-format off */
static const char *const gemini_claims[] = {
	"**/.gemini/oauth_creds.json",
	"**/.gemini/settings.json",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc gemini_rules[] = {
	{ "gemini.access-token", "gcp-access-token",
	  "access_token of oauth_creds.json" },
	{ "gemini.permission", "agent-permission",
	  "autoAccept or YOLO approval in settings.json" },
	{ "gemini.refresh-token", "gcp-user-refresh-token",
	  "refresh_token of oauth_creds.json" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_gemini = {
	.name = "gemini",
	.surface = "agents",
	.summary = "Gemini CLI Google login (oauth_creds.json) and "
	           "auto-accept settings",
	.version = 1,
	.claims = gemini_claims,
	.rules = gemini_rules,
	.scan_file = gemini_scan_file,
};
