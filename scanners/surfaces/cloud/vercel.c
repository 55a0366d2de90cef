/* vercel.c - Vercel CLI tokens:
 *
 * com.vercel.cli/auth.json: token, refreshToken, expiresAt, and the
 * team of the neighbouring config.json. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/secret.h"

/* currentTeam from config.json beside auth.json, if any. */
static const char *
vercel_team(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	struct strbuf sb = STRBUF_INIT(CK_SIDE_CAP);
	const char *team = NULL, *s;
	json_t *doc;
	size_t n;
	int line;

	if (ca_read_file(ctx,
	        arena_printf(a, "%s/config.json", ck_dirname(a, f->path)),
	        &sb) == 0) {
		doc = ck_json_load(sb.buf, sb.len, &line);
		s = ck_json_str(doc, "currentTeam", &n);
		if (s && n)
			team = arena_printf(a, "vercel team %s",
			    ca_printable_cut(a, s, n, 128));
		ck_json_free(doc);
	}
	strbuf_release(&sb);
	return team;
}

static int
vercel_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	json_t *doc = ck_json_load_warn(ctx, f);
	struct ca_finding fd;
	const char *tok, *rt, *team;
	size_t n, rn;
	int64_t exp;

	if (!doc)
		return 0;
	if (!json_is_object(doc)) {
		ca_warn(ctx, NULL, "auth.json is not an object");
		ck_json_free(doc);
		return 0;
	}
	team = vercel_team(ctx, f);
	tok = ck_json_str(doc, "token", &n);
	rt = ck_json_str(doc, "refreshToken", &rn);
	if (tok) {
		ca_finding_init(&fd, "vercel.token", "vercel-token");
		fd.identity = team;
		if (ck_json_int(doc, "expiresAt", &exp) == 0) {
			fd.expires = ck_time_fmt(a, ck_seconds(exp));
			fd.standing = fd.expires ? 0 : -1;
		}
		fd.detail = rt ?
		    "Vercel CLI OAuth access token (vercel login)" :
		    "Vercel CLI token (vercel login)";
		ca_emit_secret(ctx, f, &fd, tok, n);
	}
	if (rt) {
		ca_finding_init(&fd, "vercel.refresh-token",
		    "vercel-refresh-token");
		fd.identity = team;
		fd.standing = 1;
		fd.detail = "Vercel CLI OAuth refresh token (vercel login)";
		ca_emit_secret(ctx, f, &fd, rt, rn);
	}
	ck_json_free(doc);
	return 0;
}

/* clang-format off */
static const char *const vercel_claims[] = {
	"**/com.vercel.cli/auth.json",
	"**/.vercel/auth.json",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc vercel_rules[] = {
	{ "vercel.refresh-token", "vercel-refresh-token",
	  "refreshToken in the Vercel CLI auth.json" },
	{ "vercel.token", "vercel-token",
	  "token in the Vercel CLI auth.json (expiresAt when OAuth)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_vercel = {
	.name = "vercel",
	.surface = "cloud",
	.summary = "Vercel CLI tokens (auth.json)",
	.version = 1,
	.claims = vercel_claims,
	.rules = vercel_rules,
	.scan_file = vercel_scan_file,
};
