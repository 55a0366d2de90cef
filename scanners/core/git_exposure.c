/* git_exposure.c - exposure factor "git": after the walk, each
 * credential location that a git repository tracks (its nearest work tree
 * with a .git/index lists it) is marked; each index is read once. */
#include "lib/compat.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "scanners/core/git_index.h"
#include "scanners/core/run_p.h"
#include "lib/banned.h"

#define GIT_INDEX_CAP ((size_t)64 << 20)

/* One repository's index, read once per scan. */
struct git_repo {
	char *dir;         /* the work tree, owned: "/" or "/home/a/src" */
	struct strbuf idx; /* its .git/index */
	bool bad;          /* unreadable or malformed */
};

struct git_cache {
	struct git_repo *repos; /* owned */
	size_t n;
};

/* True when some component of 'path' (borrowed) is ".git". */
static bool
in_git_dir(const char *path)
{
	for (const char *p = path; (p = strstr(p, ".git")) != NULL; p += 4)
		if ((p == path || p[-1] == '/') && (p[4] == '/' || !p[4]))
			return true;
	return false;
}

/* The repository whose work tree is 'dir' (borrowed), from the cache or
 * read into it; NULL when 'dir' holds no .git/index. Returns borrowed. */
static struct git_repo *
git_repo_at(struct ca_run *r, struct git_cache *gc, const char *dir)
{
	struct git_repo *g;
	struct ca_stat st;
	char path[4096];
	int n, ret;

	for (size_t i = 0; i < gc->n; i++)
		if (strcmp(gc->repos[i].dir, dir) == 0)
			return &gc->repos[i];
	n = snprintf(path, sizeof(path), "%s/.git/index",
	    strcmp(dir, "/") == 0 ? "" : dir);
	if (n < 0 || (size_t)n >= sizeof(path))
		return NULL;
	if (r->t->ops->stat_path(r->t, path, &st) < 0 || st.type != CA_FT_REG)
		return NULL;
	gc->repos = xrealloc(gc->repos, (gc->n + 1) * sizeof(*gc->repos));
	g = &gc->repos[gc->n++];
	g->dir = xstrdup(dir);
	strbuf_init(&g->idx, GIT_INDEX_CAP);
	ret = ca_target_read(r->t, path, &g->idx, GIT_INDEX_CAP, NULL);
	g->bad = ret < 0;
	if (ret < 0)
		ca_debug("cannot read \"%s\": %s", path, strerror(-ret));
	return g;
}

/* Marks location 'j' of 'c' (borrowed) tracked when the nearest enclosing
 * work tree with a .git/index lists it. */
static void
mark_if_tracked(struct ca_run *r, struct git_cache *gc, struct ca_credential *c,
    size_t j)
{
	const char *entry = c->locations[j].archive_entry;
	char dir[4096], path[4096];
	size_t len;
	struct git_repo *g = NULL;

	if (!c->locations[j].path || c->locations[j].path[0] != '/' ||
	    in_git_dir(c->locations[j].path))
		return;
	len = strlen(c->locations[j].path);
	/* an entry of an archive is tracked when the archive file is */
	if (entry && strlen(entry) + 2 < len)
		len -= strlen(entry) + 2; /* "!/" and the entry */
	if (len >= sizeof(dir))
		return;
	memcpy(path, c->locations[j].path, len);
	path[len] = '\0';
	memcpy(dir, path, len + 1);
	while (!g) {
		char *slash = strrchr(dir, '/');

		if (!slash)
			return;
		if (slash == dir) {
			if (!dir[1])
				return; /* "/" was tried last time */
			dir[1] = '\0';
		} else {
			*slash = '\0';
		}
		g = git_repo_at(r, gc, dir);
	}
	if (g->bad)
		return;
	len = strcmp(g->dir, "/") == 0 ? 1 : strlen(g->dir) + 1;
	switch (ca_git_index_contains(g->idx.buf, g->idx.len, path + len)) {
	case 1:
		ca_inventory_mark_tracked(r->inv, c, j, g->dir);
		break;
	case 0:
		break;
	default:
		ca_debug("\"%s/.git/index\" is malformed", g->dir);
		g->bad = true;
		break;
	}
}

/* Flags every location that a git repository tracks (exposure factor
 * "git"); each index is read once. */
void
run_mark_tracked(struct ca_run *r)
{
	struct git_cache gc = { NULL, 0 };
	struct ca_inventory *inv = r->inv;

	for (size_t i = 0; i < inv->ncreds; i++)
		for (size_t j = 0; j < inv->creds[i]->nlocations; j++)
			mark_if_tracked(r, &gc, inv->creds[i], j);
	for (size_t i = 0; i < gc.n; i++) {
		free(gc.repos[i].dir);
		strbuf_release(&gc.repos[i].idx);
	}
	free(gc.repos);
}
