/* cikit.c - helpers of the CI surface modules; see cikit.h. */
#include "lib/compat.h"
#include <ctype.h>
#include "lib/hash.h"
#include "scanners/kit/secret.h"
#include "scanners/surfaces/ci/cikit.h"

#define CI_MERGE_DEPTH 8 /* '<<' merge keys followed */

static bool
contains_icase(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s; s++)
		if (!strncasecmp(s, needle, n))
			return true;
	return false;
}

bool
ci_secret_key(const char *key)
{
	static const char *const words[] = {
		"token",
		"secret",
		"password",
		"passwd",
		"api_key",
		"apikey",
		"api-key",
		"private_key",
		"private-key",
		"access_key",
		"access-key",
		"auth_key",
		"client_key",
	};
	static const char *const not_words[] = {
		"file",
		"path",
		"name",
		"url",
		"format",
		"type",
		"expir",
		"lifetime",
		"duration",
		"_id",
		"-id",
		"usage",
		"env",
	};
	bool hit = false;

	for (size_t i = 0; i < CA_ARRAY_SIZE(words) && !hit; i++)
		hit = contains_icase(key, words[i]);
	for (size_t i = 0; i < CA_ARRAY_SIZE(not_words) && hit; i++)
		hit = !contains_icase(key, not_words[i]);
	return hit;
}

bool
ci_secret_value(const char *v, size_t len)
{
	bool lower = false, upper = false, digit = false;

	if (len < 8 || len > 4096 || ca_secret_unusable(v, len))
		return false;
	if (v[0] == '/' || v[0] == '.' || v[0] == '~' ||
	    memmem(v, len, "${{", 3) || memmem(v, len, "://", 3))
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];
		if (isspace(c) || c < 0x20 || c == '$')
			return false;
		lower |= islower(c) != 0;
		upper |= isupper(c) != 0;
		digit |= isdigit(c) != 0;
	}
	if (lower + upper + digit < 2)
		return false;
	return ca_entropy(v, len) >= 3.0;
}

bool
ci_token_shaped(const char *v, size_t len)
{
	static const char *const prefixes[] = {
		"ghp_",
		"gho_",
		"ghu_",
		"ghs_",
		"ghr_",
		"github_pat_",
		"glpat-",
		"glrt-",
		"gldt-",
		"npm_",
		"pypi-",
		"xox",
		"AKIA",
		"ASIA",
		"sk-",
		"hf_",
		"dckr_pat_",
		"SG.",
		"AIza",
		NULL,
	};

	return ca_secret_prefix(v, len, prefixes) > 0;
}

static const struct ynode *
get_depth(const struct ynode *map, const char *key, int depth)
{
	const struct ynode *v = ynode_get(map, key), *m;

	if (v || depth >= CI_MERGE_DEPTH)
		return v;
	m = ynode_get(map, "<<");
	if (!m)
		return NULL;
	if (m->type == YN_MAP)
		return get_depth(m, key, depth + 1);
	if (m->type != YN_SEQ)
		return NULL;
	for (const struct ynode *e = m->kids; e; e = e->next) {
		v = e->type == YN_MAP ? get_depth(e, key, depth + 1) : NULL;
		if (v)
			return v;
	}
	return NULL;
}

const struct ynode *
ci_get(const struct ynode *map, const char *key)
{
	return map && map->type == YN_MAP ? get_depth(map, key, 0) : NULL;
}
