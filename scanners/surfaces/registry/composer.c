/* composer.c - PHP Composer credentials: auth.json in the Composer home
 * (~/.config/composer, legacy ~/.composer):
 *
 *   http-basic:      {host: {username, password}}
 *   github-oauth:    {host: token}
 *   gitlab-token:    {host: token | {username, token}}
 *   gitlab-oauth:    {host: token}
 *   bearer:          {host: token}
 *   bitbucket-oauth: {host: {consumer-key, consumer-secret}}
 *
 * A project's auth.json beside its composer.json is not claimed: the name
 * is too common to claim everywhere (content rules still see it). */
#include "lib/compat.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/surfaces/registry/regauth.h"

static void
composer_emit(struct ca_ctx *ctx, const struct ca_file *f, const char *rule,
    const char *section, const char *host, const char *user, size_t ulen,
    const char *s, size_t n)
{
	struct ca_finding fd;
	const char *h = ra_host(ctx, host, strlen(host));

	ra_finding_init(&fd, rule, "composer-credential");
	fd.identity = ra_identity(ctx, user, ulen, h);
	fd.line = ck_json_line_of(f->data, f->len, s, n);
	fd.detail = arena_printf(ca_scratch(ctx), "Composer %s for %s", section,
	    h);
	ra_emit_secret(ctx, f, &fd, s, n);
}

static int
composer_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	static const char *const token_sections[] = {
		"github-oauth",
		"gitlab-oauth",
		"gitlab-token",
		"bearer",
		"forgejo-token",
	};
	json_t *doc = ra_load_json(ctx, f);
	const json_t *sec;
	const char *host;
	json_t *v;
	unsigned int bad = 0;

	if (!doc)
		return 0;
	sec = json_object_get(doc, "http-basic");
	json_object_foreach((json_t *)sec, host, v)
	{
		size_t ul = 0, pl = 0;
		const char *u = ck_json_nonempty(v, "username", &ul);
		const char *p = ck_json_nonempty(v, "password", &pl);
		if (!p) {
			bad++;
			continue;
		}
		composer_emit(ctx, f, "composer.http-basic", "http-basic", host,
		    u, ul, p, pl);
	}
	for (size_t i = 0; i < CA_ARRAY_SIZE(token_sections); i++) {
		sec = json_object_get(doc, token_sections[i]);
		json_object_foreach((json_t *)sec, host, v)
		{
			size_t ul = 0, tl = 0;
			const char *u = NULL, *t;
			if (json_is_string(v)) {
				t = json_string_value(v);
				tl = json_string_length(v);
			} else {
				u = ck_json_nonempty(v, "username", &ul);
				t = ck_json_nonempty(v, "token", &tl);
			}
			if (!t) {
				bad++;
				continue;
			}
			composer_emit(ctx, f, "composer.token",
			    token_sections[i], host, u, ul, t, tl);
		}
	}
	sec = json_object_get(doc, "bitbucket-oauth");
	json_object_foreach((json_t *)sec, host, v)
	{
		size_t kl = 0, sl = 0;
		const char *k = ck_json_nonempty(v, "consumer-key", &kl);
		const char *s = ck_json_nonempty(v, "consumer-secret", &sl);
		if (!s) {
			bad++;
			continue;
		}
		composer_emit(ctx, f, "composer.bitbucket-oauth",
		    "bitbucket-oauth consumer", host, k, kl, s, sl);
	}
	ck_json_free(doc);
	if (bad)
		ca_warn(ctx, NULL, "%u entr%s of an unexpected shape skipped",
		    bad, bad == 1 ? "y" : "ies");
	return 0;
}

/* clang-format off */
static const char *const composer_claims[] = {
	"**/.config/composer/auth.json",
	"**/.composer/auth.json",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc composer_rules[] = {
	{ "composer.bitbucket-oauth", "composer-credential",
	  "bitbucket-oauth consumer secret in Composer auth.json" },
	{ "composer.http-basic", "composer-credential",
	  "http-basic username and password in Composer auth.json" },
	{ "composer.token", "composer-credential",
	  "github-oauth, gitlab-token, gitlab-oauth, bearer or forgejo-token "
	  "in Composer auth.json" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_composer = {
	.name = "composer",
	.surface = "registry",
	.summary = "PHP Composer credentials (auth.json in the Composer home)",
	.version = 1,
	.claims = composer_claims,
	.rules = composer_rules,
	.scan_file = composer_scan_file,
};
