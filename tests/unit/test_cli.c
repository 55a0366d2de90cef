/* test_cli.c - the CLI's own modules: option parsing (options after
 * operands, "--", usage errors), --fail-on in one place, and report files
 * (format known up front, 0600 by temporary file and rename, an old
 * report kept when a write fails, symbolic links refused). */
#include "tests/unit/unit.h"
#include <sys/stat.h>
#include <unistd.h>
#include "cli/opts.h"
#include "cli/output.h"
#include "lib/log.h"
#include "report/formats/emit.h"
#include "report/model/inventory.h"
#include "lib/banned.h"

enum { T_OUT = 1, T_FAIL, T_QUIET };

/* clang-format off */
static const struct cli_opt t_opts[] = {
	{ "output", 'o', true, "FILE", "out", T_OUT },
	{ "fail-on", 0, true, "LEVEL", "gate", T_FAIL },
	{ "quiet", 'q', false, NULL, "quiet", T_QUIET },
	{ NULL, 0, false, NULL, NULL, 0 },
};
/* clang-format on */

static const struct cli_cmd t_cmd = {
	.name = "t",
	.synopsis = "[options] [PATH...]",
	.summary = "test",
	.opts = t_opts,
};

struct seen {
	const char *out;
	bool quiet;
	struct cli_fail_on fail;
	int calls;
};

static int
on_opt(void *arg, int id, const char *v)
{
	struct seen *s = arg;

	s->calls++;
	if (id == T_OUT)
		s->out = v;
	else if (id == T_QUIET)
		s->quiet = true;
	else if (id == T_FAIL)
		return cli_parse_fail_on("t", v, &s->fail);
	return 0;
}

/* Parses the NULL-terminated 'args' (argv[0] is added); returns the first
 * operand's index and leaves argv in 'argv' (at most 16). */
static int
parse(char **argv, const char *const *args, struct seen *s)
{
	int argc = 0;

	argv[argc++] = (char *)"t";
	for (; *args; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	memset(s, 0, sizeof(*s));
	s->fail = (struct cli_fail_on)CLI_FAIL_ON_INIT;
	return cli_parse(&t_cmd, argc, argv, on_opt, s);
}

static void
test_options_after_operands(void **state)
{
	static const char *const args[] = { "./dir", "-o", "out.json",
		"--fail-on", "admin", "b", "-q", NULL };
	char *argv[16];
	struct seen s;
	int first;

	(void)state;
	first = parse(argv, args, &s);
	assert_int_equal(first, 6);
	assert_string_equal(argv[6], "./dir");
	assert_string_equal(argv[7], "b");
	assert_string_equal(s.out, "out.json");
	assert_true(s.quiet);
	assert_int_equal(s.fail.tier, CA_TIER_ADMIN);
	assert_int_equal(s.calls, 3);
}

static void
test_double_dash(void **state)
{
	static const char *const args[] = { "-q", "a", "--", "-o", "x",
		"--fail-on", NULL };
	char *argv[16];
	struct seen s;
	int first;

	(void)state;
	first = parse(argv, args, &s);
	assert_int_equal(first, 3);
	assert_string_equal(argv[3], "a");
	assert_string_equal(argv[4], "-o");
	assert_string_equal(argv[5], "x");
	assert_string_equal(argv[6], "--fail-on");
	assert_null(s.out);
	assert_true(s.quiet);
}

static void
test_dash_is_an_operand(void **state)
{
	static const char *const args[] = { "-", "-o", "-", NULL };
	char *argv[16];
	struct seen s;

	(void)state;
	assert_int_equal(parse(argv, args, &s), 3);
	assert_string_equal(argv[3], "-");
	assert_string_equal(s.out, "-");
}

static void
test_no_operands(void **state)
{
	static const char *const args[] = { "-q", NULL };
	char *argv[16];
	struct seen s;

	(void)state;
	assert_int_equal(parse(argv, args, &s), 2);
}

static void
test_usage_errors(void **state)
{
	static const char *const unknown[] = { "a", "--nope", NULL };
	static const char *const missing[] = { "a", "-o", NULL };
	static const char *const missing_long[] = { "a", "--fail-on", NULL };
	static const char *const bad_level[] = { "a", "--fail-on", "huge",
		NULL };
	static const char *const unknown_short[] = { "-z", "a", NULL };
	char *argv[16];
	struct seen s;

	(void)state;
	ca_log_set_level(CA_LOG_QUIET);
	assert_int_equal(parse(argv, unknown, &s), -1);
	assert_int_equal(parse(argv, missing, &s), -1);
	assert_int_equal(parse(argv, missing_long, &s), -1);
	assert_int_equal(parse(argv, bad_level, &s), -1);
	assert_int_equal(parse(argv, unknown_short, &s), -1);
	ca_log_set_level(CA_LOG_NORMAL);
}

static void
test_fail_on(void **state)
{
	struct cli_fail_on f = CLI_FAIL_ON_INIT;
	struct ca_credential c;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.tier = CA_TIER_ADMIN;
	c.risk = CA_RISK_LOW;
	assert_false(cli_fail_on_hit(&f, &c));
	assert_int_equal(cli_parse_fail_on("t", "secret", &f), 0);
	assert_true(cli_fail_on_hit(&f, &c));
	c.tier = CA_TIER_WRITE;
	assert_false(cli_fail_on_hit(&f, &c));
	assert_int_equal(cli_parse_fail_on("t", "high", &f), 0);
	assert_int_equal(f.tier, -1);
	assert_false(cli_fail_on_hit(&f, &c));
	c.risk = CA_RISK_CRITICAL;
	assert_true(cli_fail_on_hit(&f, &c));
	ca_log_set_level(CA_LOG_QUIET);
	assert_int_equal(cli_parse_fail_on("t", "", &f), -1);
	assert_int_equal(cli_parse_fail_on("t", "ADMIN!", &f), -1);
	ca_log_set_level(CA_LOG_NORMAL);
}

static void
test_report_emitter(void **state)
{
	(void)state;
	ca_log_set_level(CA_LOG_QUIET);
	assert_ptr_equal(cli_report_emitter("a.json", NULL), &ca_emitter_json);
	assert_ptr_equal(cli_report_emitter("a.db", "json"),
	    &ca_emitter_sqlite);
	assert_ptr_equal(cli_report_emitter("a.weird", "csv"), &ca_emitter_csv);
	assert_null(cli_report_emitter("a.weird", NULL));
	assert_ptr_equal(cli_report_emitter("-", NULL), &ca_emitter_text);
	assert_null(cli_report_emitter("-", "sqlite"));
	assert_null(cli_report_emitter("-", "nope"));
	ca_log_set_level(CA_LOG_NORMAL);
}

/* Returns the mode bits of 'path' (borrowed), or -1. */
static int
mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

static void
slurp(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	size_t got;

	assert_non_null(f);
	got = fread(buf, 1, n - 1, f);
	buf[got] = '\0';
	fclose(f);
}

static void
test_report_file(void **state)
{
	char dir[] = "/tmp/credatlas-test-cli.XXXXXX";
	char path[256], link[256], buf[64];
	struct cli_report_file rf;
	struct stat before, after;
	mode_t old_umask;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/r.json", dir);
	snprintf(link, sizeof(link), "%s/l.json", dir);
	old_umask = umask(0);

	/* New: 0600 whatever the umask, and only there once complete. */
	assert_int_equal(cli_report_file_open(&rf, path), 0);
	fputs("new", rf.fp);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(cli_report_file_close(&rf, true), 0);
	assert_int_equal(mode_of(path), 0600);
	slurp(path, buf, sizeof(buf));
	assert_string_equal(buf, "new");

	/* Existing 0666: replaced by a new 0600 file, not written in place. */
	assert_int_equal(chmod(path, 0666), 0);
	assert_int_equal(stat(path, &before), 0);
	assert_int_equal(cli_report_file_open(&rf, path), 0);
	fputs("second", rf.fp);
	assert_int_equal(cli_report_file_close(&rf, true), 0);
	assert_int_equal(stat(path, &after), 0);
	assert_int_not_equal(before.st_ino, after.st_ino);
	assert_int_equal(after.st_mode & 07777, 0600);
	slurp(path, buf, sizeof(buf));
	assert_string_equal(buf, "second");

	/* A failed write leaves the old report whole, and no temporary. */
	assert_int_equal(cli_report_file_open(&rf, path), 0);
	fputs("half", rf.fp);
	assert_int_equal(cli_report_file_close(&rf, false), -1);
	slurp(path, buf, sizeof(buf));
	assert_string_equal(buf, "second");

	/* A symbolic link is refused, its target untouched. */
	assert_int_equal(symlink(path, link), 0);
	ca_log_set_level(CA_LOG_QUIET);
	assert_int_equal(cli_report_file_open(&rf, link), -1);
	assert_int_equal(cli_report_file_open(&rf, dir), -1);
	ca_log_set_level(CA_LOG_NORMAL);
	slurp(path, buf, sizeof(buf));
	assert_string_equal(buf, "second");

	/* An inventory written in place by SQLite is narrowed first. */
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(cli_report_narrow(path), 0);
	assert_int_equal(mode_of(path), 0600);
	snprintf(buf, sizeof(buf), "%s/none.db", dir);
	assert_int_equal(cli_report_narrow(buf), 0);
	assert_int_equal(cli_report_narrow(link), 0);

	/* Only the two files are left: rmdir fails on a temporary left
	 * behind. */
	unlink(link);
	unlink(path);
	assert_int_equal(rmdir(dir), 0);
	umask(old_umask);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options_after_operands),
		cmocka_unit_test(test_double_dash),
		cmocka_unit_test(test_dash_is_an_operand),
		cmocka_unit_test(test_no_operands),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_fail_on),
		cmocka_unit_test(test_report_emitter),
		cmocka_unit_test(test_report_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
