/* test_target.c - the directory target never leaves its root, never opens
 * a FIFO or device, and reports types and modes; the memory target lists
 * implicit directories. */
#include "tests/unit/unit.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "scanners/core/run.h"
#include "scanners/core/target.h"

static char tmp[256];
static char outside[300];

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
path_of(char *out, size_t cap, const char *rel)
{
	snprintf(out, cap, "%s/%s", tmp, rel);
}

static int
setup(void **state)
{
	char p[512], q[512];

	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/ca-target-XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	snprintf(outside, sizeof(outside), "%s-outside", tmp);
	mkdir(outside, 0700);
	snprintf(p, sizeof(p), "%s/secret", outside);
	write_file(p, "outside\n");
	path_of(p, sizeof(p), "root");
	mkdir(p, 0755);
	path_of(p, sizeof(p), "root/etc");
	mkdir(p, 0755);
	path_of(p, sizeof(p), "root/etc/passwd");
	write_file(p, "inside-passwd\n");
	path_of(p, sizeof(p), "root/home");
	mkdir(p, 0755);
	path_of(p, sizeof(p), "root/home/file");
	write_file(p, "hello\n");
	chmod(p, 0640);
	/* absolute link: means ROOT/etc/passwd, not the host's */
	path_of(p, sizeof(p), "root/home/abs");
	if (symlink("/etc/passwd", p) < 0)
		return -1;
	/* relative link climbing out of the root */
	path_of(p, sizeof(p), "root/home/climb");
	snprintf(q, sizeof(q), "../../../%s-outside/secret",
	    strrchr(tmp, '/') + 1);
	if (symlink(q, p) < 0)
		return -1;
	/* absolute link to the outside directory's real path */
	path_of(p, sizeof(p), "root/home/out");
	snprintf(q, sizeof(q), "%s/secret", outside);
	if (symlink(q, p) < 0)
		return -1;
	path_of(p, sizeof(p), "root/home/loop");
	if (symlink("loop", p) < 0)
		return -1;
	path_of(p, sizeof(p), "root/home/fifo");
	if (mkfifo(p, 0644) < 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[700];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", tmp, outside);
	return system(cmd) == 0 ? 0 : -1;
}

static struct ca_target *
open_root(void)
{
	char p[512];
	struct ca_target *t = NULL;

	path_of(p, sizeof(p), "root");
	assert_int_equal(ca_target_dir_open(p, &t), 0);
	return t;
}

static void
test_reads_inside(void **state)
{
	struct ca_target *t = open_root();
	struct strbuf sb = STRBUF_INIT(1024);
	struct ca_stat st;

	(void)state;
	assert_int_equal(ca_target_read(t, "/home/file", &sb, 1024, &st), 0);
	assert_string_equal(sb.buf, "hello\n");
	assert_int_equal(st.type, CA_FT_REG);
	assert_int_equal(st.mode, 0640);
	assert_int_equal(st.uid, (int64_t)getuid());
	strbuf_reset(&sb);
	/* the absolute symlink resolves inside the root */
	assert_int_equal(ca_target_read(t, "/home/abs", &sb, 1024, NULL), 0);
	assert_string_equal(sb.buf, "inside-passwd\n");
	strbuf_reset(&sb);
	assert_int_equal(ca_target_read(t, "/home/file", &sb, 3, NULL), -EFBIG);
	strbuf_release(&sb);
	ca_target_free(t);
}

static void
test_never_escapes(void **state)
{
	struct ca_target *t = open_root();
	struct strbuf sb = STRBUF_INIT(1024);
	char p[512];

	(void)state;
	assert_true(ca_target_read(t, "/home/climb", &sb, 1024, NULL) < 0);
	assert_true(ca_target_read(t, "/home/out", &sb, 1024, NULL) < 0);
	assert_true(ca_target_read(t, "/../../../../etc/hostname", &sb, 1024,
	                NULL) < 0 ||
	    !strstr(sb.buf, "outside"));
	snprintf(p, sizeof(p), "%s/secret", outside);
	assert_true(ca_target_read(t, p, &sb, 1024, NULL) < 0);
	assert_int_equal(sb.len, 0);
	assert_true(ca_target_read(t, "/home/loop", &sb, 1024, NULL) < 0);
	strbuf_release(&sb);
	ca_target_free(t);
}

static void
test_no_fifo(void **state)
{
	struct ca_target *t = open_root();
	struct strbuf sb = STRBUF_INIT(1024);
	struct ca_dir *d;
	struct ca_dirent ent;
	struct ca_fh *fh;
	struct ca_stat st;
	int n = 0;

	(void)state;
	assert_int_equal(ca_target_read(t, "/home/fifo", &sb, 1024, NULL),
	    -EINVAL);
	assert_int_equal(t->ops->open_dir(t, "/home", &d), 0);
	while (t->ops->next_entry(d, &ent) > 0) {
		n++;
		if (!strcmp(ent.name, "fifo")) {
			assert_int_equal(ent.type, CA_FT_OTHER);
			assert_int_equal(
			    t->ops->open_entry(d, ent.name, &fh, &st), -EINVAL);
		}
		if (!strcmp(ent.name, "abs")) {
			assert_int_equal(ent.type, CA_FT_LNK);
			assert_int_equal(
			    t->ops->open_entry(d, ent.name, &fh, &st), 0);
			t->ops->close_file(fh);
		}
	}
	assert_int_equal(n, 6);
	t->ops->close_dir(d);
	assert_int_equal(ca_target_read(t, "/dev/zero", &sb, 1024, NULL),
	    -ENOENT);
	strbuf_release(&sb);
	ca_target_free(t);
}

/* Each operand is its own root: nothing outside it can be named, and
 * links inside it resolve inside it; reported paths stay real. */
static void
test_confined(void **state)
{
	struct strbuf sb = STRBUF_INIT(1024);
	struct ca_target *t = NULL;
	char home[512], p[600], file[600];
	const char *paths[3];

	(void)state;
	path_of(home, sizeof(home), "root/home");
	path_of(file, sizeof(file), "root/home/file");
	paths[0] = home;
	paths[1] = NULL;
	assert_int_equal(ca_target_dir_open_confined(paths, &t), 0);
	assert_int_equal(ca_target_read(t, file, &sb, 1024, NULL), 0);
	assert_string_equal(sb.buf, "hello\n");
	/* beside the operand, and the host's files: not there */
	path_of(p, sizeof(p), "root/etc/passwd");
	assert_int_equal(ca_target_read(t, p, &sb, 1024, NULL), -ENOENT);
	assert_int_equal(ca_target_read(t, "/etc/passwd", &sb, 1024, NULL),
	    -ENOENT);
	snprintf(p, sizeof(p), "%s/secret", outside);
	assert_int_equal(ca_target_read(t, p, &sb, 1024, NULL), -ENOENT);
	/* links and ".." resolve inside the operand */
	snprintf(p, sizeof(p), "%s/abs", home);
	assert_int_equal(ca_target_read(t, p, &sb, 1024, NULL), -ENOENT);
	snprintf(p, sizeof(p), "%s/out", home);
	assert_int_equal(ca_target_read(t, p, &sb, 1024, NULL), -ENOENT);
	snprintf(p, sizeof(p), "%s/climb", home);
	assert_true(ca_target_read(t, p, &sb, 1024, NULL) < 0);
	snprintf(p, sizeof(p), "%s/../etc/passwd", home);
	assert_int_equal(ca_target_read(t, p, &sb, 1024, NULL), -ENOENT);
	/* owners still come from the host's passwd */
	assert_ptr_not_equal(ca_target_system(t), t);
	assert_ptr_equal(ca_target_system(ca_target_system(t)),
	    ca_target_system(t));
	ca_target_free(t);

	/* a file operand: its directory is its root */
	paths[0] = file;
	strbuf_reset(&sb);
	assert_int_equal(ca_target_dir_open_confined(paths, &t), 0);
	assert_int_equal(ca_target_read(t, file, &sb, 1024, NULL), 0);
	assert_string_equal(sb.buf, "hello\n");
	ca_target_free(t);
	strbuf_release(&sb);
}

static void
test_mem_target(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	struct strbuf sb = STRBUF_INIT(1024);
	struct ca_dir *d;
	struct ca_dirent ent;
	struct ca_stat st;
	int dirs = 0, files = 0;

	(void)state;
	ca_target_mem_add(t, "/home/a/.netrc", "machine x", 9, 0600, 1000);
	ca_target_mem_add(t, "/home/a/sub/f", "y", 1, 0644, 1000);
	ca_target_mem_add(t, "/home/b/g", "z", 1, 0644, 1001);
	assert_int_equal(t->ops->open_dir(t, "/home/a", &d), 0);
	while (t->ops->next_entry(d, &ent) > 0) {
		if (ent.type == CA_FT_DIR)
			dirs++;
		else
			files++;
	}
	t->ops->close_dir(d);
	assert_int_equal(dirs, 1);
	assert_int_equal(files, 1);
	assert_int_equal(ca_target_read(t, "/home/a/.netrc", &sb, 1024, &st),
	    0);
	assert_string_equal(sb.buf, "machine x");
	assert_int_equal(st.mode, 0600);
	assert_int_equal(st.uid, 1000);
	assert_int_equal(t->ops->stat_path(t, "/home", &st), 0);
	assert_int_equal(st.type, CA_FT_DIR);
	assert_int_equal(t->ops->stat_path(t, "/nope", &st), -ENOENT);
	strbuf_release(&sb);
	ca_target_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_inside),
		cmocka_unit_test(test_never_escapes),
		cmocka_unit_test(test_no_fifo),
		cmocka_unit_test(test_confined),
		cmocka_unit_test(test_mem_target),
	};
	return cmocka_run_group_tests_name("target", tests, setup, teardown);
}
