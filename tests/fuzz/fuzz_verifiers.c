/* fuzz_verifiers.c - libFuzzer harness for the verifier table (a user's
 * --verifiers file is untrusted input to the parser) and for what a
 * provider's answer goes through.
 *
 * The input is a verifier document, optionally followed by a NUL and a
 * response body. Whatever parses is then used: each entry builds a
 * request from fixed variables and reads the body under a few statuses
 * with headers taken from the body's head. The promises checked: a
 * failed parse leaves the table as it was and says why; the secret never
 * appears in a reason, an error, an identity or a scope; results are
 * consistent (live/revoked/unknown, an error only when unknown). */
#include "lib/compat.h"
#include "lib/xalloc.h"
#include "scanners/verify/verify_p.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SECRET "ghp_FUZZsecretFUZZsecretFUZZsecret0123"

struct fh {
	const char *body;
	size_t len;
	char val[64];
};

/* Every header is present, with a value cut from the body's head: the
 * parsers of Retry-After, rate limits and scopes all get fuzzed. */
static const char *
fake_header(void *arg, const char *name)
{
	struct fh *h = arg;
	size_t n = h->len < sizeof(h->val) - 1 ? h->len : sizeof(h->val) - 1;

	if ((strlen(name) + n) % 5 == 0)
		return NULL;
	memcpy(h->val, h->body, n);
	h->val[n] = '\0';
	return h->val;
}

static void
no_secret(const char *s)
{
	if (s && strstr(s, "FUZZsecret"))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ca_verifiers *t = ca_verifiers_new();
	const char *doc = (const char *)data;
	const uint8_t *nul = memchr(data, 0, size);
	size_t doclen = nul ? (size_t)(nul - data) : size;
	const char *body = nul ? (const char *)nul + 1 : "";
	size_t blen = nul ? size - doclen - 1 : 0;
	char *copy = xmalloc(blen + 1);
	char err[640];
	static const long statuses[] = { 200, 401, 403, 429, 302, 503 };

	memcpy(copy, body, blen);
	copy[blen] = '\0';
	if (ca_verifiers_parse(t, "fuzz", doc, doclen, err, sizeof(err)) < 0) {
		if (!err[0] || ca_verifiers_count(t) != 0)
			abort();
		goto out;
	}
	for (size_t i = 0; i < t->n; i++) {
		const struct ca_verifier *v = t->v[i];
		struct ca_vvars vars = { .secret = SECRET,
			.secret_len = strlen(SECRET),
			.base = "https://x.test",
			.host = "h.test",
			.user = "u",
			.key_id = "AKIAQ234567ABCDEFGHI" };
		struct ca_vrequest r;
		char why[192];

		if (v->disabled)
			continue;
		if (ca_vrequest_build(v, &vars, &r, why, sizeof(why)) == 0)
			ca_vrequest_release(&r);
		else
			no_secret(why);
		for (size_t k = 0; k < CA_ARRAY_SIZE(statuses); k++) {
			struct fh h = { .body = copy, .len = blen };
			struct ca_vresponse resp = { .status = statuses[k],
				.body = copy,
				.body_len = blen,
				.header = fake_header,
				.header_arg = &h };
			struct ca_vresult res;

			ca_vresponse_classify(v, &resp, &vars, 1700000000,
			    &res);
			if (res.verified != CA_VERIFIED_LIVE &&
			    res.verified != CA_VERIFIED_REVOKED &&
			    res.verified != CA_VERIFIED_UNKNOWN)
				abort();
			if ((res.verified == CA_VERIFIED_UNKNOWN) !=
			    (res.error != NULL))
				abort();
			no_secret(res.error);
			no_secret(res.identity);
			no_secret(res.expires);
			for (size_t s = 0; s < res.nscopes; s++)
				no_secret(res.scopes[s]);
			if (res.tier < -1 || res.tier > CA_TIER_ADMIN)
				abort();
			ca_vresult_release(&res);
		}
	}
out:
	free(copy);
	ca_verifiers_free(t);
	return 0;
}
