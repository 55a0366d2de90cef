/* hostwords.c - secret-looking names and values for the host modules; see
 * hostwords.h. */
#include "lib/compat.h"
#include "lib/str.h"
#include <ctype.h>
#include "scanners/kit/secret.h"
#include "scanners/surfaces/host/hostwords.h"

/* The names a secret goes by, as the last part of a variable name. */
static const char *const secret_suffixes[] = {
	"PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "TOKEN", "APIKEY",
	"API_KEY", "ACCESS_KEY", "SECRET_KEY", "PRIVATE_KEY", "AUTH",
	"CREDENTIALS", "PASSPHRASE", NULL,
};

bool
hw_secret_name(const char *s, size_t n)
{
	for (size_t i = 0; secret_suffixes[i]; i++) {
		size_t k = strlen(secret_suffixes[i]);
		const char *tail;

		if (n < k)
			continue;
		tail = s + n - k;
		if (!ca_ieq(tail, k, secret_suffixes[i]))
			continue;
		if (n == k)
			return strcmp(secret_suffixes[i], "PWD") != 0;
		if (tail[-1] == '_' || tail[-1] == '-' || tail[-1] == '.' ||
		    (islower((unsigned char)tail[-1]) &&
		    isupper((unsigned char)tail[0])))
			return true;
	}
	return false;
}

bool
hw_value_looks_secret(const char *s, size_t n)
{
	bool lower = false, upper = false, digit = false, other = false;

	if (n < 6 || ca_secret_unusable(s, n))
		return false;
	if (strchr("/~.-`<", s[0]))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (islower(c))
			lower = true;
		else if (isupper(c))
			upper = true;
		else if (isdigit(c))
			digit = true;
		/* built from a command or a variable, or a control byte
		 * nobody types */
		else if (c < 0x20 || (c == '$' && i + 1 < n &&
		    (s[i + 1] == '(' || s[i + 1] == '{')))
			return false;
		else
			other = true;
	}
	return n >= 16 || lower + upper + digit + other >= 2;
}

/* Public prefixes of the tokens the content rules know by shape. */
static const char *const token_prefixes[] = {
	"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-",
	"gldt-", "glrt-", "npm_", "pypi-", "rubygems_", "dckr_pat_", "sk-",
	"sk_live_", "sk_test_", "rk_live_", "xoxb-", "xoxp-", "xoxe.",
	"xapp-", "hf_", "SG.", "AIza", "ya29.", "AKIA", "ASIA", "eyJ",
	"dop_v1_", "hvs.", "-----BEGIN", NULL,
};

bool
hw_token_shaped(const char *s, size_t n)
{
	return ca_secret_prefix(s, n, token_prefixes) > 0;
}
