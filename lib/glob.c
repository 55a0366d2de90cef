/* glob.c - see glob.h. Patterns are short and fixed, so plain recursion on
 * '**' is enough. */
#include "lib/compat.h"
#include <fnmatch.h>
#include "lib/glob.h"
#include "lib/banned.h"

/* Matches one component of 'pattern' (up to '/' or NUL) against one of
 * 'path'. */
static bool
component_match(const char *pat, size_t plen, const char *s, size_t slen)
{
	char pc[256], sc[1024];

	if (plen >= sizeof(pc) || slen >= sizeof(sc))
		return false;
	memcpy(pc, pat, plen);
	pc[plen] = '\0';
	memcpy(sc, s, slen);
	sc[slen] = '\0';
	return !fnmatch(pc, sc, 0);
}

bool
ca_glob_match(const char *pat, const char *path)
{
	const char *pslash, *sslash;
	size_t plen, slen;

	if (!strcmp(pat, "**"))
		return true;
	if (!strncmp(pat, "**/", 3)) {
		const char *p = path;
		pat += 3;
		for (;;) {
			if (ca_glob_match(pat, p))
				return true;
			p = strchr(p, '/');
			if (!p)
				return false;
			p++;
		}
	}
	pslash = strchr(pat, '/');
	sslash = strchr(path, '/');
	plen = pslash ? (size_t)(pslash - pat) : strlen(pat);
	slen = sslash ? (size_t)(sslash - path) : strlen(path);
	if (!component_match(pat, plen, path, slen))
		return false;
	if (!pslash && !sslash)
		return true;
	if (!pslash || !sslash)
		return false;
	return ca_glob_match(pslash + 1, sslash + 1);
}
