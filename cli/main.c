/* main.c - the command table (git's builtin table, in small). The only
 * place that decides the process exit code. */
#include "lib/compat.h"
#include <sys/prctl.h>
#include <sys/resource.h>
#include "cli/cmds.h"
#include "lib/log.h"
#include "lib/banned.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const struct cli_cmd *def;
};

/* clang-format off */
static const struct command commands[] = {
	{ "diff", cmd_diff, &cmd_diff_def },
	{ "git", cmd_git, &cmd_git_def },
	{ "image", cmd_image, &cmd_image_def },
	{ "merge", cmd_merge, &cmd_merge_def },
	{ "report", cmd_report, &cmd_report_def },
	{ "rules", cmd_rules, &cmd_rules_def },
	{ "scan", cmd_scan, &cmd_scan_def },
};
/* clang-format on */

static void
usage(FILE *out)
{
	fputs("usage: credatlas <command> [options]\n"
	      "       credatlas --version\n"
	      "       credatlas help [command]\n\n"
	      "Inventory the credentials on a workstation or disk: where each "
	      "one lives,\nwho owns it, what it can do and whether it "
	      "expires.\n\ncommands:\n",
	    out);
	for (size_t i = 0; i < CA_ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name,
		    commands[i].def->summary);
	fputs("\nRun 'credatlas <command> --help' for a command's options; "
	      "see credatlas(1).\n",
	    out);
}

static const struct command *
find_command(const char *name)
{
	for (size_t i = 0; i < CA_ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* A scan holds secrets in memory (the file being read, the --verify
 * vault): a core file would write them to disk, readable by whoever reads
 * the crash directory. No core, and no ptrace or /proc/PID/mem for other
 * processes of the same user. Best effort: a failure is not fatal. */
static void
no_core_dumps(void)
{
	struct rlimit rl = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &rl) < 0)
		ca_debug("cannot disable core dumps: %s", strerror(errno));
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		ca_debug("cannot mark the process not dumpable: %s",
		    strerror(errno));
}

int
main(int argc, char **argv)
{
	const struct command *cmd;

	no_core_dumps();

	if (argc < 2) {
		usage(stderr);
		return CA_EXIT_ERROR;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("credatlas %s\n", CA_VERSION);
		return CA_EXIT_OK;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return CA_EXIT_OK;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc > 2 && (cmd = find_command(argv[2]))) {
			cli_usage(stdout, cmd->def);
			return CA_EXIT_OK;
		}
		usage(stdout);
		return argc > 2 ? CA_EXIT_ERROR : CA_EXIT_OK;
	}
	cmd = find_command(argv[1]);
	if (!cmd) {
		ca_error("'%s' is not a credatlas command (see 'credatlas "
		         "--help')",
		    argv[1]);
		return CA_EXIT_ERROR;
	}
	return cmd->fn(argc - 1, argv + 1);
}
