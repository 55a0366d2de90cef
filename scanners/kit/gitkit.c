/* gitkit.c - the URL, token and line helpers the GitHub and git surfaces
 * share. See gitkit.h. */
#include "lib/compat.h"
#include <ctype.h>
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/rules/rules.h"
#include "scanners/kit/gitkit.h"

static const struct {
	const char *prefix;
	const char *kind;
	bool crc; /* 40 characters with a CRC-32 checksum */
} gh_prefixes[] = {
	{ "github_pat_", "github-pat-fine-grained", false },
	{ "ghp_", "github-pat-classic", true },
	{ "gho_", "github-oauth-token", true },
	{ "ghu_", "github-app-user-token", true },
	{ "ghs_", "github-app-installation-token", true },
	{ "ghr_", "github-refresh-token", true },
};

bool
ca_gh_token_classify(const char *s, size_t len, struct ca_gh_token *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < CA_ARRAY_SIZE(gh_prefixes); i++) {
		size_t n = strlen(gh_prefixes[i].prefix);
		/* a bare prefix is not a token */
		if (len <= n || memcmp(s, gh_prefixes[i].prefix, n))
			continue;
		out->kind = gh_prefixes[i].kind;
		out->prefix_len = n;
		out->checksum_bad = gh_prefixes[i].crc && len == 40 &&
		    !ca_github_checksum_ok(s, len);
		return true;
	}
	return false;
}

int
ca_url_split(const char *url, size_t len, struct ca_url_parts *out)
{
	const char *p = url, *end = url + len, *auth, *auth_end, *at, *colon;

	memset(out, 0, sizeof(*out));
	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
	while (p < end &&
	    (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.'))
		p++;
	if (p == url || end - p < 3 || memcmp(p, "://", 3))
		return -1;
	out->scheme = url;
	out->scheme_len = (size_t)(p - url);
	auth = p + 3;
	auth_end = auth;
	while (auth_end < end && *auth_end != '/' && *auth_end != '?' &&
	    *auth_end != '#')
		auth_end++;
	at = memchr(auth, '@', (size_t)(auth_end - auth));
	if (!at) {
		out->host = auth;
		out->host_len = (size_t)(auth_end - auth);
		return 0;
	}
	out->user = auth;
	colon = memchr(auth, ':', (size_t)(at - auth));
	if (colon) {
		out->user_len = (size_t)(colon - auth);
		out->pass = colon + 1;
		out->pass_len = (size_t)(at - colon - 1);
	} else {
		out->user_len = (size_t)(at - auth);
	}
	out->host = at + 1;
	out->host_len = (size_t)(auth_end - at - 1);
	return 0;
}

size_t
ca_pct_decode(const char *in, size_t len, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (in[i] == '%' && i + 2 < len) {
			int hi = ca_hexval(in[i + 1]);
			int lo = ca_hexval(in[i + 2]);

			if (hi >= 0 && lo >= 0) {
				out[o++] = (char)(hi << 4 | lo);
				i += 2;
				continue;
			}
		}
		out[o++] = in[i];
	}
	return o;
}
