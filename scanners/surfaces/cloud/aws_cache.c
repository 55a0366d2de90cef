/* aws_cache.c - the AWS CLI's and SDKs' credential caches, JSON files:
 *
 * ~/.aws/sso/cache/<sha1>.json: an IAM Identity Center session, written
 * by `aws sso login` (startUrl, region, accessToken, expiresAt,
 * clientId, clientSecret, registrationExpiresAt, refreshToken). The
 * access token and the refresh token are reported apart, each with its
 * own expiry (expiresAt; registrationExpiresAt bounds the refresh), and
 * both answer to "aws-sso-token:<home>:<start url>" so the profiles using
 * the session link to them. Client registration files (clientId and
 * clientSecret only) hold no token and are passed over.
 *
 * ~/.aws/cli/cache/<sha1>.json and ~/.aws/boto/cache/<sha1>.json:
 * temporary credentials the CLI or boto3 got from AssumeRole, web
 * identity or SSO (Credentials.{AccessKeyId, SecretAccessKey,
 * SessionToken, Expiration}, AssumedRoleUser.Arn). The secret is the
 * secret access key; the identity the assumed role's ARN, else the
 * account decoded from the key id.
 *
 * Timestamps come as "2024-05-01T12:00:00Z", "...+00:00" or, from older
 * CLI v2 builds, "...UTC"; all are normalised to RFC 3339 UTC. An expired
 * token is still reported, with its expiry. */
#include "lib/compat.h"
#include <jansson.h>
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/secret.h"
#include "scanners/rules/rules.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/surfaces/cloud/aws.h"

#define MAX_TOKEN (64u << 10)

static bool
too_long(struct ca_ctx *ctx, const char *field, size_t len)
{
	if (len <= MAX_TOKEN)
		return false;
	ca_warn(ctx, NULL, "%s is too long to be a token (%zu bytes)", field,
	    len);
	return true;
}

static const char *
json_time(struct ca_ctx *ctx, const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	char buf[24];

	if (json_is_string(v))
		return ck_time_rfc3339(ctx, json_string_value(v),
		    json_string_length(v));
	if (json_is_integer(v)) {
		int n = snprintf(buf, sizeof(buf), "%lld",
		    (long long)json_integer_value(v));
		return ck_time_rfc3339(ctx, buf, (size_t)n);
	}
	return NULL;
}

/* ---- SSO token cache ------------------------------------------------- */

static void
sso_emit(struct ca_ctx *ctx, const struct ca_file *f, const json_t *doc,
    bool refresh)
{
	const char *key = refresh ? "refreshToken" : "accessToken";
	const char *url, *region, *tok;
	size_t ulen = 0, rlen = 0, tlen = 0;
	struct ca_finding fd;

	tok = ck_json_nonempty(doc, key, &tlen);
	if (!tok || ca_secret_unusable(tok, tlen) || too_long(ctx, key, tlen))
		return;
	url = ck_json_nonempty(doc, "startUrl", &ulen);
	region = ck_json_nonempty(doc, "region", &rlen);
	memset(&fd, 0, sizeof(fd));
	fd.rule = refresh ? "aws_cache.sso-refresh-token" :
	                    "aws_cache.sso-token";
	fd.kind = refresh ? "aws-sso-refresh-token" : "aws-sso-token";
	fd.line = ck_json_line_of(f->data, f->len, tok, tlen);
	fd.secret = tok;
	fd.secret_len = tlen;
	fd.identity = url ? ca_printable_cut(ca_scratch(ctx), url, ulen, 256) :
	                    "IAM Identity Center session (no startUrl)";
	fd.expires = json_time(ctx, doc,
	    refresh ? "registrationExpiresAt" : "expiresAt");
	fd.standing = 0;
	fd.tier = -1;
	if (url)
		fd.anchor = ca_aws_sso_anchor(ctx, f->home, url, ulen);
	fd.detail = arena_printf(ca_scratch(ctx),
	    "IAM Identity Center %s "
	    "cached by the AWS CLI%s%s%s%s",
	    refresh ? "refresh token, "
	              "renews access until the client registration expires" :
	              "access token",
	    region ? " (region " : "",
	    region ? ca_printable_cut(ca_scratch(ctx), region, rlen, 32) : "",
	    region ? ")" : "", fd.expires ? "" : "; no readable expiry");
	ca_emit(ctx, &fd);
}

static void
sso_scan(struct ca_ctx *ctx, const struct ca_file *f, const json_t *doc)
{
	sso_emit(ctx, f, doc, false);
	sso_emit(ctx, f, doc, true);
}

/* ---- CLI and boto credential caches ---------------------------------- */

static void
creds_scan(struct ca_ctx *ctx, const struct ca_file *f, const json_t *doc,
    bool boto)
{
	const json_t *c = json_object_get(doc, "Credentials");
	const json_t *user = json_object_get(doc, "AssumedRoleUser");
	const char *id, *sec, *tok, *arn, *ptype;
	size_t idlen = 0, seclen = 0, toklen = 0, arnlen = 0, plen = 0;
	const char *account = NULL;
	struct ca_finding fd;
	bool session;

	if (!json_is_object(c))
		return;
	sec = ck_json_nonempty(c, "SecretAccessKey", &seclen);
	if (!sec || ca_secret_unusable(sec, seclen) ||
	    too_long(ctx, "SecretAccessKey", seclen))
		return;
	id = ck_json_nonempty(c, "AccessKeyId", &idlen);
	if (id && ca_secret_unusable(id, idlen))
		return;
	tok = ck_json_nonempty(c, "SessionToken", &toklen);
	arn = ck_json_nonempty(user, "Arn", &arnlen);
	ptype = ck_json_nonempty(doc, "ProviderType", &plen);
	if (id)
		account = ca_aws_account(ctx, id, idlen);
	session = tok || !id || idlen < 4 || memcmp(id, "AKIA", 4);

	memset(&fd, 0, sizeof(fd));
	fd.rule = "aws_cache.cli-credentials";
	fd.kind = session ? "aws-session-key" : "aws-access-key";
	fd.line = ck_json_line_of(f->data, f->len, sec, seclen);
	fd.secret = sec;
	fd.secret_len = seclen;
	fd.identity = arn ?
	    ca_printable_cut(ca_scratch(ctx), arn, arnlen, 256) :
	    account ? account :
	              "unknown AWS principal";
	fd.expires = json_time(ctx, c, "Expiration");
	fd.standing = session ? 0 : -1;
	fd.tier = -1;
	fd.detail = arena_printf(ca_scratch(ctx),
	    "temporary credentials "
	    "cached by %s%s%s%s%s%s",
	    boto ? "boto3" : "the AWS CLI", ptype ? " (provider " : "",
	    ptype ? ca_printable_cut(ca_scratch(ctx), ptype, plen, 32) : "",
	    ptype ? ")" : "", id ? ", key id " : "",
	    id ? ca_printable_cut(ca_scratch(ctx), id, idlen, 32) : "");
	ca_emit(ctx, &fd);
}

static int
aws_cache_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	bool sso = strstr(f->path, "/.aws/sso/cache/") != NULL;
	json_t *doc;
	int line;

	doc = ck_json_load(f->data, f->len, &line);
	if (!doc)
		return ca_warn(ctx, NULL, "invalid JSON at line %d", line);
	if (!json_is_object(doc)) {
		ck_json_free(doc);
		return ca_warn(ctx, NULL, "not a JSON object");
	}
	if (sso)
		sso_scan(ctx, f, doc);
	else
		creds_scan(ctx, f, doc, strstr(f->path, "/.aws/boto/") != NULL);
	ck_json_free(doc);
	return 0;
}

/* clang-format off */
static const char *const aws_cache_claims[] = {
	"**/.aws/sso/cache/*.json",
	"**/.aws/cli/cache/*.json",
	"**/.aws/boto/cache/*.json",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc aws_cache_rules[] = {
	{ "aws_cache.cli-credentials", "aws-session-key",
	  "temporary credentials in the AWS CLI or boto3 cache, with their "
	  "Expiration and the assumed role's ARN" },
	{ "aws_cache.sso-refresh-token", "aws-sso-refresh-token",
	  "refreshToken in the SSO token cache, until registrationExpiresAt" },
	{ "aws_cache.sso-token", "aws-sso-token",
	  "accessToken in the SSO token cache (~/.aws/sso/cache), with "
	  "expiresAt and startUrl" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_aws_cache = {
	.name = "aws_cache",
	.surface = "cloud",
	.summary = "AWS SSO token cache and CLI/boto3 credential caches",
	.version = 1,
	.claims = aws_cache_claims,
	.rules = aws_cache_rules,
	.scan_file = aws_cache_scan_file,
};
