/* dep_trees.c - installed software is a dependency tree: what a package
 * manager or toolchain installed (node_modules, virtualenvs, pyenv
 * versions, the Go module cache, /usr/share under --root, ...) is not
 * where a user's credentials live, and its test keys and library source
 * only bury the real findings. Such a tree is passed over unless
 * --include-deps, and reported (path, kind, files left unread).
 *
 * A tree is recognised from the table below by its name, its parent's
 * name and marker files where it has them, never by a bare common name: a
 * user's own lib/ or test/ is not a dependency tree, a virtualenv's lib/
 * (beside its pyvenv.cfg) is. Passing over still lists the tree: a file
 * that a surface module claims (scanners/core/claims.c), or that the
 * keep list names, is read wherever it lies, so claims always win over a
 * skip rule and a new surface never edits this table. The man page's
 * DEPENDENCY TREES section documents the same table. */
#include "lib/compat.h"
#include <fnmatch.h>
#include "lib/glob.h"
#include "lib/xalloc.h"
#include "scanners/core/run_p.h"
#include "lib/banned.h"

#define DEP_HOME (1u << 0) /* the parent is a home */
#define DEP_ABS  (1u << 1) /* 'names' are absolute target paths */

struct dep_rule {
	const char *kind;    /* reported as the tree's kind */
	const char *names;   /* the directory's name: globs, space-separated */
	const char *parent;  /* its parent's name (globs), or NULL for any */
	const char *markers; /* one of these must exist, relative to the
	                      * directory ("../x": beside it), or NULL */
	unsigned int flags;  /* DEP_* */
};

/* clang-format off */
static const struct dep_rule dep_rules[] = {
	/* JavaScript */
	{ "npm", "node_modules", NULL, NULL, 0 },
	{ "bower", "bower_components", NULL, NULL, 0 },
	{ "pnpm", ".pnpm-store", NULL, NULL, 0 },
	{ "npm-cache", "_cacache _npx", ".npm", NULL, 0 },
	{ "yarn-cache", "cache berry", ".yarn", NULL, 0 },
	{ "nvm", ".nvm", NULL, "nvm.sh versions", 0 },
	/* Python */
	{ "python-bytecode", "__pycache__", NULL, NULL, 0 },
	{ "python-packages", "site-packages dist-packages", "python* Lib",
	  NULL, 0 },
	{ "python-stdlib", "python[23].[0-9]*", "lib lib64", "os.py", 0 },
	{ "python-tests", "test", "python[23].[0-9]*", "__init__.py", 0 },
	{ "virtualenv", "bin lib lib64 include share Lib Scripts", NULL,
	  "../pyvenv.cfg", 0 },
	{ "pyenv", ".pyenv", NULL, "libexec/pyenv versions", 0 },
	{ "conda", "miniconda* anaconda* miniforge* mambaforge* micromamba "
	  "conda", NULL, "conda-meta", 0 },
	{ "conda", "envs pkgs", ".conda", NULL, 0 },
	/* several languages */
	{ "asdf", ".asdf", NULL, "installs asdf.sh", 0 },
	{ "mise", "mise rtx", "share", "installs", 0 },
	{ "sdkman", ".sdkman", NULL, "candidates", 0 },
	{ "homebrew", "Cellar Caskroom", NULL, "../bin/brew", 0 },
	{ "homebrew", "Homebrew", NULL, "Library/Homebrew", 0 },
	{ "cache", ".cache", NULL, NULL, DEP_HOME },
	{ "cache", "pip yarn go-build", ".cache", NULL, 0 },
	/* Ruby */
	{ "rbenv", ".rbenv", NULL, "libexec/rbenv versions", 0 },
	{ "rvm", ".rvm", NULL, "scripts/rvm", 0 },
	{ "gems", "gems", NULL, "../specifications", 0 },
	{ "bundler", "bundle", "vendor", "ruby", 0 },
	/* Rust, Go, JVM */
	{ "rustup", ".rustup", NULL, "toolchains settings.toml", 0 },
	{ "cargo-registry", "registry git", ".cargo", NULL, 0 },
	{ "go-modules", "mod", "pkg", "cache/download", 0 },
	{ "go-toolchain", "go go1.*", NULL, "src/runtime", 0 },
	{ "maven", "repository", ".m2", NULL, 0 },
	{ "gradle", "caches wrapper jdks native daemon", ".gradle", NULL, 0 },
	{ "terraform", "providers modules", ".terraform", NULL, 0 },
	/* the system's own software, by absolute path (--root, or "/") */
	{ "system", "/usr/lib /usr/lib32 /usr/lib64 /usr/libx32 /usr/libexec "
	  "/usr/share /usr/include /usr/src /var/lib/dpkg /var/cache/apt "
	  "/snap /nix/store /var/lib/docker /var/lib/containerd "
	  "/var/lib/flatpak", NULL, NULL, DEP_ABS },
};
/* clang-format on */

/* Files read even inside a passed-over tree, beside the claimed ones:
 * credentials by nature that no surface module claims (yet). Globs on the
 * target path without its leading '/'. */
static const char *const dep_keep[] = {
	"**/.cache/huggingface/token",
	"**/.cache/huggingface/stored_tokens",
};

/* Pseudo-filesystems: never listed, never counted. */
static const char *const pseudo_fs[] = { "/proc", "/sys", "/dev", "/run" };

/* Other version control systems' stores: not credentials. */
static const char *const vcs_dirs[] = { ".hg", ".svn", ".bzr", "_darcs" };

/* Whether 'name' (borrowed) matches one of the space-separated globs of
 * 'list' (borrowed). */
static bool
match_word(const char *list, const char *name)
{
	char glob[256];

	while (*list) {
		size_t n = strcspn(list, " ");

		if (n < sizeof(glob)) {
			memcpy(glob, list, n);
			glob[n] = '\0';
			if (strpbrk(glob, "*?[") ? !fnmatch(glob, name, 0) :
			                           !strcmp(glob, name))
				return true;
		}
		list += n;
		while (*list == ' ')
			list++;
	}
	return false;
}

/* Whether one of the space-separated 'markers' (borrowed) exists for
 * directory 'path' (borrowed). */
static bool
has_marker(const struct ca_run *r, const char *path, const char *markers)
{
	char m[256], full[4096];
	struct ca_stat st;

	while (*markers) {
		size_t n = strcspn(markers, " ");
		int len = -1;

		if (n < sizeof(m)) {
			memcpy(m, markers, n);
			m[n] = '\0';
			if (!strncmp(m, "../", 3)) {
				const char *slash = strrchr(path, '/');
				int plen = slash ? (int)(slash - path) : 0;
				len = snprintf(full, sizeof(full), "%.*s/%s",
				    plen, path, m + 3);
			} else {
				len = snprintf(full, sizeof(full), "%s/%s",
				    strcmp(path, "/") ? path : "", m);
			}
		}
		if (len > 0 && (size_t)len < sizeof(full) &&
		    r->t->ops->stat_path(r->t, full, &st) == 0)
			return true;
		markers += n;
		while (*markers == ' ')
			markers++;
	}
	return false;
}

/* The last component of the parent of 'path' into 'out' (at most 'size'
 * bytes), "" for the root. */
static void
parent_name(const char *path, char *out, size_t size)
{
	const char *end = strrchr(path, '/'), *start = end;

	out[0] = '\0';
	if (!end || end == path)
		return;
	while (start > path && start[-1] != '/')
		start--;
	if ((size_t)(end - start) < size) {
		memcpy(out, start, (size_t)(end - start));
		out[end - start] = '\0';
	}
}

/* Whether the parent of 'path' is one of the run's homes. */
static bool
parent_is_home(const struct ca_run *r, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *home;
	size_t n;

	if (!slash)
		return false;
	n = (size_t)(slash - path);
	home = run_home_of(r, path);
	return home && strlen(home) == (n ? n : 1) &&
	    !strncmp(home, path, n ? n : 1);
}

bool
run_enter_dir(const char *path, const char *name)
{
	for (size_t i = 0; i < CA_ARRAY_SIZE(pseudo_fs); i++)
		if (!strcmp(path, pseudo_fs[i]))
			return false;
	for (size_t i = 0; i < CA_ARRAY_SIZE(vcs_dirs); i++)
		if (!strcmp(name, vcs_dirs[i]))
			return false;
	return true;
}

const char *
run_dep_kind(const struct ca_run *r, const char *path, const char *name)
{
	char parent[256];
	bool have_parent = false;

	for (size_t i = 0; i < CA_ARRAY_SIZE(dep_rules); i++) {
		const struct dep_rule *d = &dep_rules[i];

		if (d->flags & DEP_ABS) {
			if (!match_word(d->names, path))
				continue;
		} else if (!match_word(d->names, name)) {
			continue;
		}
		if (d->parent) {
			if (!have_parent) {
				parent_name(path, parent, sizeof(parent));
				have_parent = true;
			}
			if (!match_word(d->parent, parent))
				continue;
		}
		if ((d->flags & DEP_HOME) && !parent_is_home(r, path))
			continue;
		if (d->markers && !has_marker(r, path, d->markers))
			continue;
		return d->kind;
	}
	return NULL;
}

bool
run_dep_keeps(const char *path)
{
	const char *rel = path[0] == '/' ? path + 1 : path;

	for (size_t i = 0; i < CA_ARRAY_SIZE(dep_keep); i++)
		if (ca_glob_match(dep_keep[i], rel))
			return true;
	return false;
}

struct run_dep *
run_dep_add(struct ca_run *r, const char *path, const char *kind)
{
	struct run_dep *d = xcalloc(1, sizeof(*d));

	d->path = xstrdup(path);
	d->kind = kind;
	pthread_mutex_lock(&r->lock);
	d->next = r->deps;
	r->deps = d;
	pthread_mutex_unlock(&r->lock);
	return d;
}

static int
cmp_dep(const void *a, const void *b)
{
	const struct run_dep *x = *(struct run_dep *const *)a;
	const struct run_dep *y = *(struct run_dep *const *)b;

	return strcmp(x->path, y->path);
}

void
run_deps_report(struct ca_run *r)
{
	struct run_dep **v;
	size_t n = 0, i = 0;

	for (struct run_dep *d = r->deps; d; d = d->next)
		n++;
	if (!n)
		return;
	v = xcalloc(n, sizeof(*v));
	for (struct run_dep *d = r->deps; d; d = d->next)
		v[i++] = d;
	qsort(v, n, sizeof(*v), cmp_dep);
	for (i = 0; i < n; i++)
		ca_inventory_add_dep_tree(r->inv, v[i]->path, v[i]->kind,
		    __atomic_load_n(&v[i]->files, __ATOMIC_RELAXED));
	free(v);
}

void
run_deps_free(struct ca_run *r)
{
	struct run_dep *d = r->deps, *next;

	for (; d; d = next) {
		next = d->next;
		free(d->path);
		free(d);
	}
	r->deps = NULL;
}
