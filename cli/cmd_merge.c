/* cmd_merge.c - `credatlas merge OUT.db IN.db...`: fold inventories made
 * elsewhere (one per host, say) into one. Scans are copied with new ids,
 * credentials merge by fingerprint; a scan OUT already holds is skipped,
 * so merging the same file twice is harmless. Inputs are read, never
 * written. With no input, OUT is only created or upgraded to the
 * current schema. */
#include "lib/compat.h"
#include "cli/cmds.h"
#include "cli/output.h"
#include "lib/log.h"
#include "report/formats/sqlite.h"
#include "lib/banned.h"

enum { OPT_QUIET = 1, OPT_HELP };

/* clang-format off */
static const struct cli_opt merge_opts[] = {
	{ "quiet", 'q', false, NULL, "print nothing but errors", OPT_QUIET },
	{ "help", 'h', false, NULL, "show this help", OPT_HELP },
	{ NULL, 0, false, NULL, NULL, 0 },
};
/* clang-format on */

const struct cli_cmd cmd_merge_def = {
	.name = "merge",
	.synopsis = "[-q] OUT.db [IN.db...]",
	.summary = "Merge inventories into OUT.db, which is created if "
	           "missing.",
	.opts = merge_opts,
};

struct merge_args {
	bool quiet, help;
};

/* 'arg' and 'v' are borrowed. */
static int
on_opt(void *arg, int id, const char *v)
{
	struct merge_args *a = arg;

	(void)v;
	if (id == OPT_QUIET)
		a->quiet = true;
	else if (id == OPT_HELP)
		a->help = true;
	return 0;
}

/* 'argv' is borrowed. */
int
cmd_merge(int argc, char **argv)
{
	struct merge_args a;
	struct ca_db *db = NULL;
	int first, ret = CA_EXIT_ERROR;

	memset(&a, 0, sizeof(a));
	first = cli_parse(&cmd_merge_def, argc, argv, on_opt, &a);
	if (first < 0)
		return CA_EXIT_ERROR;
	if (a.help) {
		cli_usage(stdout, &cmd_merge_def);
		return CA_EXIT_OK;
	}
	if (first >= argc) {
		ca_error("merge: give the inventory to merge into (see "
		         "'credatlas merge --help')");
		return CA_EXIT_ERROR;
	}
	/* OUT is a report file like any other: never left readable by
	 * others. SQLite writes it in place, so it is narrowed first. */
	if (cli_report_narrow(argv[first]) < 0 ||
	    ca_db_open(argv[first], CA_DB_WRITE, &db) < 0)
		return CA_EXIT_ERROR;
	for (int i = first + 1; i < argc; i++) {
		size_t copied = 0, skipped = 0;

		/* Each input is one transaction: those before a failure
		 * stay merged, and the message says which one failed. */
		if (ca_db_merge(db, argv[i], &copied, &skipped) < 0)
			goto out;
		if (!a.quiet)
			printf("%s: %zu scan%s merged, %zu already there\n",
			    argv[i], copied, copied == 1 ? "" : "s", skipped);
	}
	ret = CA_EXIT_OK;
out:
	ca_db_close(db);
	if (!a.quiet && fflush(stdout))
		ret = CA_EXIT_ERROR;
	return ret;
}
