/* test_walk.c - the walker passes over installed software recognised by
 * name, parent and marker (never by a bare common name), still reads
 * what a surface module claims inside it, counts what it left unread, and
 * under --root walks the whole system but not /proc or /run. */
#include "tests/unit/unit.h"
#include "scanners/core/run.h"
#include "scanners/core/target.h"

static const unsigned char key[] = "credatlas-unit-walk-key";

static void
add(struct ca_target *t, const char *path)
{
	assert_int_equal(ca_target_mem_add(t, path, "x\n", 2, 0644, 1000), 0);
}

/* Scans 't' and returns the inventory, owned. */
static struct ca_inventory *
scan(struct ca_target *t, const char *const *paths, bool all_homes,
    bool include_deps)
{
	struct ca_inventory *inv = ca_inventory_new();
	struct ca_scan_opts o;

	memset(&o, 0, sizeof(o));
	o.paths = paths;
	o.all_homes = all_homes;
	o.include_deps = include_deps;
	o.jobs = 2;
	o.max_file_size = 1 << 20;
	o.key = key;
	o.key_len = sizeof(key) - 1;
	assert_int_equal(ca_scan_run(t, &o, inv), 0);
	return inv;
}

/* The tree at 'path' in the report, or NULL. */
static const struct ca_dep_tree *
tree(const struct ca_inventory *inv, const char *path)
{
	for (size_t i = 0; i < inv->meta.ndep_trees; i++)
		if (!strcmp(inv->meta.dep_trees[i].path, path))
			return &inv->meta.dep_trees[i];
	return NULL;
}

static struct ca_target *
home_tree(void)
{
	struct ca_target *t = ca_target_mem_new();
	static const char pw[] = "u:x:1000:1000::/home/u:/bin/sh\n";

	/* the home makes ~/.cache a cache (a .cache elsewhere is not) */
	assert_int_equal(
	    ca_target_mem_add(t, "/etc/passwd", pw, sizeof(pw) - 1, 0644, 0),
	    0);
	add(t, "/home/u/proj/.cache/build.log");
	/* a virtualenv: its lib/ and bin/ are installed, its root is not */
	add(t, "/home/u/proj/.venv/pyvenv.cfg");
	add(t, "/home/u/proj/.venv/.env");
	add(t, "/home/u/proj/.venv/lib/python3.11/site-packages/a.py");
	add(t, "/home/u/proj/.venv/lib/python3.11/site-packages/b.py");
	add(t, "/home/u/proj/.venv/bin/activate");
	/* the user's own lib/ and test/: no marker, not installed */
	add(t, "/home/u/proj/lib/util.py");
	add(t, "/home/u/proj/test/test_util.py");
	/* a pyenv root (marker: versions), with a claimed file inside */
	add(t, "/home/u/.pyenv/versions/3.11.7/lib/python3.11/os.py");
	add(t, "/home/u/.pyenv/versions/3.11.7/lib/python3.11/ssl.py");
	add(t, "/home/u/.pyenv/plugins/x/.git-credentials");
	/* a name without its marker is not a tree */
	add(t, "/home/u/.rbenv/notes.txt");
	/* a stdlib test directory outside any install */
	add(t, "/home/u/build/lib/python3.12/test/__init__.py");
	add(t, "/home/u/build/lib/python3.12/test/keycert.pem");
	/* node_modules, the Go module cache */
	add(t, "/home/u/proj/node_modules/left-pad/index.js");
	add(t, "/home/u/go/pkg/mod/cache/download/x.zip");
	add(t, "/home/u/go/pkg/mod/example.com/m@v1/m.go");
	/* ~/.cache is one tree; a Hugging Face token in it is still read */
	add(t, "/home/u/.cache/pip/wheel.whl");
	add(t, "/home/u/.cache/huggingface/token");
	return t;
}

static void
test_dep_trees(void **state)
{
	static const char *const paths[] = { "/home/u", NULL };
	struct ca_target *t = home_tree();
	struct ca_inventory *inv = scan(t, paths, false, false);
	const struct ca_dep_tree *d;

	(void)state;
	d = tree(inv, "/home/u/proj/.venv/lib");
	assert_non_null(d);
	assert_string_equal(d->kind, "virtualenv");
	assert_int_equal(d->files, 2);
	d = tree(inv, "/home/u/proj/.venv/bin");
	assert_non_null(d);
	assert_int_equal(d->files, 1);
	d = tree(inv, "/home/u/.pyenv");
	assert_non_null(d);
	assert_string_equal(d->kind, "pyenv");
	assert_int_equal(d->files, 2); /* .git-credentials was read */
	d = tree(inv, "/home/u/build/lib/python3.12/test");
	assert_non_null(d);
	assert_string_equal(d->kind, "python-tests");
	assert_int_equal(d->files, 2);
	d = tree(inv, "/home/u/proj/node_modules");
	assert_non_null(d);
	assert_string_equal(d->kind, "npm");
	d = tree(inv, "/home/u/go/pkg/mod");
	assert_non_null(d);
	assert_string_equal(d->kind, "go-modules");
	assert_int_equal(d->files, 2);
	d = tree(inv, "/home/u/.cache");
	assert_non_null(d);
	assert_string_equal(d->kind, "cache");
	assert_int_equal(d->files, 1); /* the token was read */
	assert_null(tree(inv, "/home/u/proj/lib"));
	assert_null(tree(inv, "/home/u/proj/test"));
	assert_null(tree(inv, "/home/u/.rbenv"));
	assert_null(tree(inv, "/home/u/proj/.venv"));
	assert_null(tree(inv, "/home/u/proj/.cache"));
	assert_int_equal(inv->meta.ndep_trees, 7);
	/* read: .venv/.env and pyvenv.cfg, proj/lib and proj/test, the
	 * claimed .git-credentials, .rbenv/notes.txt, the kept token and
	 * proj/.cache/build.log */
	assert_int_equal(inv->meta.stats.files, 8);
	/* in path order */
	for (size_t i = 1; i < inv->meta.ndep_trees; i++)
		assert_true(strcmp(inv->meta.dep_trees[i - 1].path,
		                inv->meta.dep_trees[i].path) < 0);
	ca_inventory_free(inv);

	inv = scan(t, paths, false, true);
	assert_int_equal(inv->meta.ndep_trees, 0);
	assert_int_equal(inv->meta.stats.files, 19);
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_whole_system(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv;
	const struct ca_dep_tree *d;

	(void)state;
	assert_int_equal(ca_target_mem_add(t, "/etc/passwd",
	                     "u:x:1000:1000::/home/u:/bin/sh\n", 31, 0644, 0),
	    0);
	add(t, "/home/u/.netrc");
	add(t, "/etc/gitlab-runner/config.toml");
	add(t, "/opt/deploy/.env");
	add(t, "/app/.env");
	add(t, "/proc/1/environ");
	add(t, "/sys/kernel/notes");
	add(t, "/run/secrets/x");
	add(t, "/dev/null-ish");
	add(t, "/usr/share/doc/x/key.pem");
	add(t, "/usr/include/x.h");
	add(t, "/usr/local/bin/tool");
	inv = scan(t, NULL, true, false);
	d = tree(inv, "/usr/share");
	assert_non_null(d);
	assert_string_equal(d->kind, "system");
	assert_int_equal(d->files, 1);
	assert_non_null(tree(inv, "/usr/include"));
	assert_null(tree(inv, "/proc"));
	assert_null(tree(inv, "/run"));
	assert_int_equal(inv->meta.ndep_trees, 2);
	/* passwd, .netrc, the runner, /opt, /app, /usr/local/bin/tool */
	assert_int_equal(inv->meta.stats.files, 6);
	ca_inventory_free(inv);
	ca_target_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dep_trees),
		cmocka_unit_test(test_whole_system),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
