/* test_git_history.c - scan --git-history over an in-memory target: a
 * repository written by git on disk is copied, file by file, into the
 * target, so every object is loose and read through the target. A token
 * committed then deleted is found in history, with its commit, author,
 * date and path; a token still at HEAD is found at HEAD; nothing is read
 * without the flag; every loose object broken in turn (junk, truncated,
 * emptied) gives a note, never a crash; a pack the target cannot map is
 * a note; no secret reaches any string. */
#include "tests/unit/scan_unit.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "lib/strbuf.h"

static char tmpl[1024];
static char deleted[96], live[96], author_tok[96];
static char first_commit[41];

struct file {
	char *path; /* target path */
	char *data;
	size_t len;
};
static struct file *files;
static size_t nfiles;

/* Copies every file under host 'dir' to target path 'at'. */
static void
slurp(const char *dir, const char *at)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char hp[4096], tp[4096];
		struct stat sb;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(hp, sizeof(hp), "%s/%s", dir, e->d_name);
		snprintf(tp, sizeof(tp), "%s/%s", at, e->d_name);
		assert_int_equal(lstat(hp, &sb), 0);
		if (S_ISDIR(sb.st_mode)) {
			slurp(hp, tp);
		} else if (S_ISREG(sb.st_mode)) {
			FILE *f = fopen(hp, "rb");
			struct file *nf;

			assert_non_null(f);
			struct file *grown = realloc(files,
			    (nfiles + 1) * sizeof(*files));

			assert_non_null(grown);
			files = grown;
			nf = &files[nfiles++];
			nf->path = strdup(tp);
			nf->data = malloc((size_t)sb.st_size + 1);
			assert_non_null(nf->data);
			nf->len = fread(nf->data, 1, (size_t)sb.st_size, f);
			fclose(f);
		}
	}
	closedir(d);
}

static int
setup(void **state)
{
	const char *t = getenv("TMPDIR");
	char cmd[8192];
	FILE *p;

	(void)state;
	gh_token("ghp_", 701, deleted);
	gh_token("ghp_", 702, live);
	gh_token("ghp_", 703, author_tok);
	snprintf(tmpl, sizeof(tmpl), "%s/ca-githist.XXXXXX", t ? t : "/tmp");
	if (!mkdtemp(tmpl))
		return -1;
	snprintf(cmd, sizeof(cmd),
	    "cd '%s' && export GIT_AUTHOR_DATE="
	    "2024-01-02T03:04:05Z GIT_COMMITTER_DATE=2024-01-02T03:04:05Z && "
	    "git init -q && git config user.name 'A Dev' && "
	    "git config user.email dev@example.invalid && "
	    "git config gc.auto 0 && "
	    "echo 'GITHUB_TOKEN=%s' > deploy.env && git add . && "
	    "git commit -q -m one && git rm -q deploy.env && "
	    "GIT_AUTHOR_DATE=2024-02-01T00:00:00Z git commit -q -m two && "
	    "echo 'GITHUB_TOKEN=%s' > live.env && git add . && "
	    "git -c user.name='%s' commit -q -m three",
	    tmpl, deleted, live, author_tok);
	if (system(cmd) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd),
	    "cd '%s' && git rev-list --reverse HEAD "
	    "| head -1",
	    tmpl);
	p = popen(cmd, "r");
	if (!p || !fgets(first_commit, sizeof(first_commit), p))
		return -1;
	pclose(p);
	snprintf(cmd, sizeof(cmd), "%s/.git", tmpl);
	slurp(cmd, "/r/.git");
	return 0;
}

static int
teardown(void **state)
{
	char cmd[2048];

	(void)state;
	for (size_t i = 0; i < nfiles; i++) {
		free(files[i].path);
		free(files[i].data);
	}
	free(files);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpl);
	return system(cmd) == 0 ? 0 : -1;
}

/* A target of the repository, with file 'broken' (an index into files,
 * or SIZE_MAX) replaced by 'len' bytes of 'data'. Returns it owned. */
static struct ca_target *
target(size_t broken, const void *data, size_t len)
{
	struct ca_target *t = ca_target_mem_new();

	for (size_t i = 0; i < nfiles; i++)
		if (i == broken)
			add_bytes(t, files[i].path, data, len);
		else
			add_bytes(t, files[i].path, files[i].data,
			    files[i].len);
	return t;
}

static struct ca_inventory *
scan(struct ca_target *t, bool history)
{
	static const char *const paths[] = { "/r", NULL };
	struct ca_inventory *inv = ca_inventory_new();
	struct ca_scan_opts o;

	memset(&o, 0, sizeof(o));
	o.paths = paths;
	o.jobs = 2;
	o.max_file_size = 1 << 20;
	o.key = unit_key;
	o.key_len = UNIT_KEYLEN;
	o.git_history = history;
	assert_int_equal(ca_scan_run(t, &o, inv), 0);
	return inv;
}

static const struct ca_location *
git_location(const struct ca_credential *c)
{
	for (size_t i = 0; c && i < c->nlocations; i++)
		if (c->locations[i].git)
			return &c->locations[i];
	return NULL;
}

static void
no_leak(const struct ca_inventory *inv)
{
	assert_no_piece(inv, deleted);
	assert_no_piece(inv, live);
	assert_no_piece(inv, author_tok);
}

static void
test_found(void **state)
{
	struct ca_target *t = target(SIZE_MAX, NULL, 0);
	struct ca_inventory *inv = scan(t, true);
	const struct ca_location *l;

	(void)state;
	l = git_location(find_secret(inv, deleted));
	assert_non_null(l);
	assert_string_equal(l->path, "/r/.git!deploy.env");
	assert_int_equal(l->line, 1);
	assert_string_equal(l->git->repo, "/r/.git");
	assert_string_equal(l->git->commit, first_commit);
	assert_string_equal(l->git->author, "A Dev <dev@example.invalid>");
	assert_string_equal(l->git->date, "2024-01-02T03:04:05Z");
	assert_string_equal(l->git->path, "deploy.env");
	assert_false(l->git->at_head);
	assert_false(l->git->pushed);
	/* still at HEAD; its author's token-shaped name is redacted */
	l = git_location(find_secret(inv, live));
	assert_non_null(l);
	assert_true(l->git->at_head);
	assert_non_null(l->git->author);
	assert_null(strstr(l->git->author, author_tok));
	/* the author's name is no credential of the repository */
	assert_null(find_secret(inv, author_tok));
	no_leak(inv);
	assert_int_equal(inv->nerrors, 0);
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_off(void **state)
{
	struct ca_target *t = target(SIZE_MAX, NULL, 0);
	struct ca_inventory *inv = scan(t, false);

	(void)state;
	assert_null(find_secret(inv, deleted));
	assert_null(find_secret(inv, live));
	ca_inventory_free(inv);
	ca_target_free(t);
}

/* Every loose object broken three ways: the scan ends, says so, and
 * reports nothing it cannot have read. */
static void
test_broken_objects(void **state)
{
	size_t broken = 0;

	(void)state;
	for (size_t i = 0; i < nfiles; i++) {
		const char *p = files[i].path;
		size_t n = strlen("/r/.git/objects/");

		if (strncmp(p, "/r/.git/objects/", n) || p[n + 2] != '/')
			continue;
		/* libgit2 knows the empty tree without reading it */
		if (strstr(p, "/4b/825dc642cb6eb9a060e54bf8d69288fbee4904"))
			continue;
		for (int how = 0; how < 3; how++) {
			struct ca_target *t;
			struct ca_inventory *inv;

			if (how == 0)
				t = target(i, "junk, not zlib", 14);
			else if (how == 1)
				t = target(i, files[i].data, files[i].len / 2);
			else
				t = target(i, "", 0);
			inv = scan(t, true);
			assert_true(inv->nerrors >= 1);
			no_leak(inv);
			ca_inventory_free(inv);
			ca_target_free(t);
		}
		broken++;
	}
	assert_true(broken >= 7); /* 3 commits, 2 trees, 2 blobs */
}

/* A pack on a target that cannot hand libgit2 a descriptor: a note. */
static void
test_pack_unreadable(void **state)
{
	struct ca_target *t = target(SIZE_MAX, NULL, 0);
	struct ca_inventory *inv;
	bool noted = false;

	(void)state;
	add_text(t, "/r/.git/objects/pack/pack-1.idx", "x");
	add_text(t, "/r/.git/objects/pack/pack-1.pack", "x");
	inv = scan(t, true);
	for (size_t i = 0; i < inv->nerrors; i++)
		if (strstr(inv->errors[i].error, "packs cannot be read"))
			noted = true;
	assert_true(noted);
	/* the loose objects were still read */
	assert_non_null(git_location(find_secret(inv, deleted)));
	ca_inventory_free(inv);
	ca_target_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_off),
		cmocka_unit_test(test_broken_objects),
		cmocka_unit_test(test_pack_unreadable),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
