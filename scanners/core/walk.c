/* walk.c - the walk: where it starts (the PATH operands, one home, or
 * every home), which directories it enters, and the listing of one
 * directory into work for the pool. */
#include "lib/compat.h"
#include "lib/xalloc.h"
#include "scanners/core/run_p.h"
#include "lib/banned.h"

static char *
join_path(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p = xmalloc(dl + nl + 2);
	size_t o = 0;

	if (!(dl == 1 && dir[0] == '/')) {
		memcpy(p, dir, dl);
		o = dl;
	}
	p[o++] = '/';
	memcpy(p + o, name, nl + 1);
	return p;
}

/* Dependency caches: large, vendored, and not where a user's credentials
 * live. Matched as path suffixes, so ~/.m2/settings.xml, ~/.cargo/
 * credentials.toml and ~/.gradle/gradle.properties are still seen while
 * the repositories beside them are not. */
static const char *const dep_dirs[] = {
	"node_modules", "bower_components", ".pnpm-store", "__pycache__",
	"site-packages", "dist-packages", ".venv", "venv", ".tox",
	".m2/repository", ".gradle/caches", ".gradle/wrapper", ".cargo/registry",
	".cargo/git", ".rustup", ".npm/_cacache", ".yarn/cache", ".cache/pip",
	".cache/yarn", ".cache/go-build", "go/pkg/mod", ".terraform/providers",
	"vendor/bundle",
};
static const char *const vcs_dirs[] = { ".hg", ".svn", ".bzr", "_darcs" };

static bool
path_ends_with(const char *path, const char *suffix)
{
	size_t pl = strlen(path), sl = strlen(suffix);

	return pl > sl && path[pl - sl - 1] == '/' &&
	    !strcmp(path + pl - sl, suffix);
}

/* Whether the walker enters directory 'name' at 'path'. */
static bool
enter_dir(const struct ca_run *r, const char *path, const char *name)
{
	static const char *const virtual_fs[] = { "/proc", "/sys", "/dev" };

	for (size_t i = 0; i < CA_ARRAY_SIZE(virtual_fs); i++)
		if (!strcmp(path, virtual_fs[i]))
			return false;
	for (size_t i = 0; i < CA_ARRAY_SIZE(vcs_dirs); i++)
		if (!strcmp(name, vcs_dirs[i]))
			return false;
	if (!r->o->include_deps) {
		for (size_t i = 0; i < CA_ARRAY_SIZE(dep_dirs); i++)
			if (path_ends_with(path, dep_dirs[i]))
				return false;
	}
	return true;
}

void
run_scan_dir(struct ca_ctx *ctx, const struct work *w)
{
	struct ca_run *r = ctx->run;
	struct ca_target *t = r->t;
	const struct ca_scanner *claimed[MAX_CLAIMS];
	struct ca_dirent ent;
	struct ca_dir *d;
	int ret;

	ret = t->ops->open_dir(t, w->path, &d);
	if (ret < 0) {
		if (ret != -ENOENT && ret != -ENOTDIR && ret != -ELOOP) {
			char msg[128];
			snprintf(msg, sizeof(msg), "cannot open directory: %s",
			    strerror(-ret));
			ca_inventory_add_error(r->inv, w->path, msg);
		}
		return;
	}
	while ((ret = t->ops->next_entry(d, &ent)) > 0) {
		char *full;
		size_t nclaimed;
		struct ca_fh *fh;
		struct ca_stat st;
		int oret;

		if (ent.type == CA_FT_OTHER) {
			__atomic_add_fetch(&r->skipped, 1, __ATOMIC_RELAXED);
			continue; /* FIFO, socket, device: never opened */
		}
		full = join_path(w->path, ent.name);
		if (ent.type == CA_FT_DIR) {
			bool git = !strcmp(ent.name, ".git");
			/* Inside .git only the top-level files matter (config);
			 * objects, refs and hooks are not credentials. */
			if (!w->in_git && enter_dir(r, full, ent.name)) {
				run_push_work(r, full, w->home, false, git);
				continue;
			}
			free(full);
			continue;
		}
		nclaimed = run_match_claims(r, full, ent.name, claimed);
		if (w->in_git && !nclaimed) {
			free(full);
			continue;
		}
		oret = t->ops->open_entry(d, ent.name, &fh, &st);
		if (oret < 0) {
			run_record_open_error(r, full, oret);
			free(full);
			continue;
		}
		run_scan_open_file(ctx, fh, &st, full, ent.name, w->home, claimed,
		    nclaimed, !w->in_git);
		free(full);
	}
	if (ret < 0) {
		char msg[128];
		snprintf(msg, sizeof(msg), "cannot list directory: %s",
		    strerror(-ret));
		ca_inventory_add_error(r->inv, w->path, msg);
	}
	t->ops->close_dir(d);
}


/* Queues the start points: explicit paths, or the homes. */
void
run_queue_starts(struct ca_run *r)
{
	const struct ca_scan_opts *o = r->o;
	struct ca_stat st;

	for (size_t i = 0; i < r->nusers; i++)
		if (!run_is_system_path(r->users[i].home))
			run_add_home(r, r->users[i].home);
	if (o->home)
		run_add_home(r, o->home);
	if (o->paths) {
		for (size_t i = 0; o->paths[i]; i++) {
			const char *p = o->paths[i];
			if (r->t->ops->stat_path(r->t, p, &st) < 0) {
				ca_inventory_add_error(r->inv, p,
				    "cannot scan: no such file or directory");
				continue;
			}
			run_push_work(r, xstrdup(p), run_home_of(r, p),
			    st.type != CA_FT_DIR, false);
		}
		return;
	}
	if (o->all_homes) {
		size_t n = r->nhomes;
		for (size_t i = 0; i < n; i++) {
			if (r->t->ops->stat_path(r->t, r->homes[i], &st) < 0 ||
			    st.type != CA_FT_DIR)
				continue;
			/* A home inside another home is walked with it. */
			bool nested = false;
			for (size_t j = 0; j < n; j++) {
				size_t l = strlen(r->homes[j]);
				if (j != i && !strncmp(r->homes[i], r->homes[j], l) &&
				    r->homes[i][l] == '/')
					nested = true;
			}
			if (!nested)
				run_push_work(r, xstrdup(r->homes[i]), r->homes[i],
				    false, false);
		}
	} else if (o->home) {
		const char *h = run_home_of(r, o->home);
		run_push_work(r, xstrdup(h), h, false, false);
	}
	/* The system-wide git configuration applies to every user. */
	if (r->t->ops->stat_path(r->t, "/etc/gitconfig", &st) == 0 &&
	    st.type == CA_FT_REG)
		run_push_work(r, xstrdup("/etc/gitconfig"), NULL, true, false);
}
