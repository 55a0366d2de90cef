/* claims.c - which surface modules claim a path: every module's globs,
 * compiled into one list at the start of a run and matched per file, the
 * cheap literal last component first. */
#include "lib/compat.h"
#include <fnmatch.h>
#include "lib/glob.h"
#include "lib/xalloc.h"
#include "scanners/core/registry.h"
#include "scanners/core/run_p.h"
#include "lib/banned.h"

void
run_build_claims(struct ca_run *r)
{
	size_t n = 0, count;
	const struct ca_scanner *const *list = ca_scanners(&count);

	for (size_t i = 0; i < count; i++)
		for (size_t j = 0; list[i]->claims && list[i]->claims[j]; j++)
			n++;
	r->claims = xcalloc(n ? n : 1, sizeof(*r->claims));
	for (size_t i = 0; i < count; i++) {
		for (size_t j = 0; list[i]->claims && list[i]->claims[j]; j++) {
			struct claim *c = &r->claims[r->nclaims++];
			const char *slash;
			c->glob = list[i]->claims[j];
			slash = strrchr(c->glob, '/');
			c->tail = slash ? slash + 1 : c->glob;
			c->tail_literal = !strpbrk(c->tail, "*?[");
			c->scanner = list[i];
		}
	}
}

/* Fills 'out' with the scanners claiming 'path'; returns how many. */
size_t
run_match_claims(const struct ca_run *r, const char *path, const char *name,
    const struct ca_scanner **out)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nclaims && n < MAX_CLAIMS; i++) {
		const struct claim *c = &r->claims[i];
		bool dup = false;
		if (c->tail_literal ? strcmp(c->tail, name) :
		                      fnmatch(c->tail, name, 0))
			continue;
		/* globs are written for absolute paths without the slash */
		if (!ca_glob_match(c->glob, path[0] == '/' ? path + 1 : path))
			continue;
		for (size_t k = 0; k < n; k++)
			if (out[k] == c->scanner)
				dup = true;
		if (!dup)
			out[n++] = c->scanner;
	}
	return n;
}
