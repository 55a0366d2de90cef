/* netlify.c - Netlify CLI tokens:
 *
 * netlify/config.json: users.<id>.auth.token (and the GitHub token of
 * users.<id>.auth.github), named by the user's email. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/secret.h"

static int
netlify_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	json_t *doc = ck_json_load_warn(ctx, f);
	const json_t *users, *u;
	const char *id, *current;

	if (!doc)
		return 0;
	users = json_object_get(doc, "users");
	if (!json_is_object(users)) {
		/* Not the CLI's global config (a project's netlify/ dir). */
		ck_json_free(doc);
		return 0;
	}
	current = ck_json_str(doc, "userId", NULL);
	json_object_foreach((json_t *)users, id, u)
	{
		const json_t *auth = json_object_get(u, "auth");
		const json_t *gh = json_object_get(auth, "github");
		const char *email, *who, *tok, *ghtok, *ghuser;
		struct ca_finding fd;
		size_t n, tn, gn, un;

		email = ck_json_str(u, "email", &n);
		who = email && n ?
		    ca_printable_cut(a, email, n, 256) :
		    arena_printf(a, "netlify user %s",
		        ca_printable_cut(a, id, strlen(id), 128));
		tok = ck_json_str(auth, "token", &tn);
		if (tok) {
			ca_finding_init(&fd, "netlify.token", "netlify-token");
			fd.identity = who;
			fd.detail = arena_printf(a,
			    "Netlify CLI access token "
			    "(netlify login)%s",
			    current && !strcmp(current, id) ? "; current user" :
			                                      "");
			ca_emit_secret(ctx, f, &fd, tok, tn);
		}
		ghtok = ck_json_str(gh, "token", &gn);
		ghuser = ck_json_str(gh, "user", &un);
		if (ghtok) {
			ca_finding_init(&fd, "netlify.github-token",
			    "github-oauth-token");
			fd.identity = ghuser && un ?
			    arena_printf(a, "%s@github.com",
			        ca_printable_cut(a, ghuser, un, 128)) :
			    who;
			fd.preview_prefix = gn > 4 && ghtok[0] == 'g' &&
			        ghtok[3] == '_' ?
			    4 :
			    0;
			fd.detail = arena_printf(a,
			    "GitHub token that the "
			    "Netlify CLI keeps for %s",
			    who);
			ca_emit_secret(ctx, f, &fd, ghtok, gn);
		}
	}
	ck_json_free(doc);
	return 0;
}

/* clang-format off */
static const char *const netlify_claims[] = {
	"**/netlify/config.json",
	"**/.netlify/config.json",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc netlify_rules[] = {
	{ "netlify.github-token", "github-oauth-token",
	  "GitHub token kept in the Netlify CLI config" },
	{ "netlify.token", "netlify-token",
	  "users.<id>.auth.token in the Netlify CLI config" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_netlify = {
	.name = "netlify",
	.surface = "cloud",
	.summary = "Netlify CLI access tokens (config.json)",
	.version = 1,
	.claims = netlify_claims,
	.rules = netlify_rules,
	.scan_file = netlify_scan_file,
};
