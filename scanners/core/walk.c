/* walk.c - the walk: where it starts (the PATH operands, one home, or the
 * whole system under --root), and the listing of one directory into work
 * for the pool: subdirectories to walk (or to pass over as installed
 * software, dep_trees.c), files to scan. */
#include "lib/compat.h"
#include "lib/str.h"
#include "lib/xalloc.h"
#include "scanners/core/image.h"
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
			struct run_dep *dep = w->dep;
			const char *kind;
			/* --git-history reads a repository's objects after
			 * the walk (git_history.c), unless it lies in
			 * installed software the walk passes over. */
			if (r->o->git_history && !w->in_git && !w->dep &&
			    (git ||
			        (ca_ends_with(ent.name, ".git") &&
			            run_is_git_dir(r, full))))
				run_note_git_dir(r, full);
			/* Inside .git only the top-level files matter (config);
			 * objects, refs and hooks are not credentials. */
			if (w->in_git || !run_enter_dir(full, ent.name)) {
				free(full);
				continue;
			}
			/* Installed software is listed, not read: claimed
			 * files in it still are (below). */
			if (!dep && !r->o->include_deps &&
			    (kind = run_dep_kind(r, full, ent.name)) != NULL)
				dep = run_dep_add(r, full, kind);
			/* Walking the whole system, a home begins here. */
			run_push_work(r, full,
			    w->home ? w->home : run_home_of(r, full), false,
			    git, dep);
			continue;
		}
		/* Claims first: a claimed file is read wherever it lies. */
		nclaimed = run_match_claims(r, full, ent.name, claimed);
		if (w->in_git && !nclaimed) {
			free(full);
			continue;
		}
		if (w->dep && !nclaimed && !run_dep_keeps(full)) {
			__atomic_add_fetch(&w->dep->files, 1, __ATOMIC_RELAXED);
			free(full);
			continue;
		}
		oret = t->ops->open_entry(d, ent.name, &fh, &st);
		if (oret < 0) {
			run_record_open_error(r, full, oret);
			free(full);
			continue;
		}
		ctx->dep_kind = w->dep ? w->dep->kind : NULL;
		run_scan_open_file(ctx, fh, &st, full, ent.name, w->home,
		    claimed, nclaimed, !w->in_git);
		ctx->dep_kind = NULL;
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

	if (ca_target_is_image(r->t)) {
		run_queue_image(r);
		return;
	}
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
			/* a PATH that is itself a git directory (bare) */
			if (o->git_history && st.type == CA_FT_DIR &&
			    run_is_git_dir(r, p))
				run_note_git_dir(r, p);
			run_push_work(r, xstrdup(p), run_home_of(r, p),
			    st.type != CA_FT_DIR, false, NULL);
		}
		return;
	}
	if (o->all_homes) {
		/* --root: the whole system, homes and all (the skip table
		 * passes over /proc, /usr/share and installed software). */
		run_push_work(r, xstrdup("/"), NULL, false, false, NULL);
		return;
	}
	if (o->home) {
		const char *h = run_home_of(r, o->home);
		run_push_work(r, xstrdup(h), h, false, false, NULL);
	}
	/* The system-wide git configuration applies to every user. */
	if (r->t->ops->stat_path(r->t, "/etc/gitconfig", &st) == 0 &&
	    st.type == CA_FT_REG)
		run_push_work(r, xstrdup("/etc/gitconfig"), NULL, true, false,
		    NULL);
}
