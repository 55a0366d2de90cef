/* railway.c - Railway CLI tokens:
 *
 * ~/.railway/config.json: user.token, user.accessToken,
 * user.refreshToken, user.tokenExpiresAt (Unix seconds), named by the
 * user id. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/secret.h"

static int
railway_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	json_t *doc = ck_json_load_warn(ctx, f);
	const json_t *user;
	const char *legacy, *at, *rt, *id, *ident = NULL, *env = "";
	struct ca_finding fd;
	size_t ln, an, rn, idn;
	int64_t exp;

	if (!doc)
		return 0;
	user = json_object_get(doc, "user");
	if (!json_is_object(user)) {
		if (user && !json_is_null(user))
			ca_warn(ctx, NULL, "'user' is not an object");
		ck_json_free(doc);
		return 0;
	}
	if (strstr(f->name, "staging"))
		env = " (staging environment)";
	else if (strstr(f->name, "dev"))
		env = " (dev environment)";
	id = ck_json_str(user, "id", &idn);
	if (id && idn)
		ident = arena_printf(a, "railway user %s",
		    ca_printable_cut(a, id, idn, 128));
	legacy = ck_json_str(user, "token", &ln);
	at = ck_json_str(user, "accessToken", &an);
	rt = ck_json_str(user, "refreshToken", &rn);
	if (legacy) {
		ca_finding_init(&fd, "railway.token", "railway-token");
		fd.identity = ident;
		fd.detail = arena_printf(a,
		    "Railway CLI account token "
		    "(legacy railway login)%s",
		    env);
		ca_emit_secret(ctx, f, &fd, legacy, ln);
	}
	if (at) {
		ca_finding_init(&fd, "railway.access-token", "railway-token");
		fd.identity = ident;
		if (ck_json_int(user, "tokenExpiresAt", &exp) == 0) {
			fd.expires = ck_time_fmt(a, ck_seconds(exp));
			fd.standing = fd.expires ? 0 : -1;
		}
		fd.detail = arena_printf(a, "Railway CLI OAuth access token%s",
		    env);
		ca_emit_secret(ctx, f, &fd, at, an);
	}
	if (rt) {
		ca_finding_init(&fd, "railway.refresh-token",
		    "railway-refresh-token");
		fd.identity = ident;
		fd.standing = 1;
		fd.detail = arena_printf(a, "Railway CLI OAuth refresh token%s",
		    env);
		ca_emit_secret(ctx, f, &fd, rt, rn);
	}
	ck_json_free(doc);
	return 0;
}

/* clang-format off */
static const char *const railway_claims[] = {
	"**/.railway/config.json",
	"**/.railway/config-staging.json",
	"**/.railway/config-dev.json",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc railway_rules[] = {
	{ "railway.access-token", "railway-token",
	  "user.accessToken (OAuth, tokenExpiresAt)" },
	{ "railway.refresh-token", "railway-refresh-token",
	  "user.refreshToken (OAuth)" },
	{ "railway.token", "railway-token",
	  "user.token of the legacy railway login" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_railway = {
	.name = "railway",
	.surface = "cloud",
	.summary = "Railway CLI tokens (~/.railway/config.json)",
	.version = 1,
	.claims = railway_claims,
	.rules = railway_rules,
	.scan_file = railway_scan_file,
};
