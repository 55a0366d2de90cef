/* cmd_report.c - `credatlas report`: render a scan stored in an inventory
 * (or a JSON report) again, in any format, without scanning; --list shows
 * the scans an inventory holds. */
#include "lib/compat.h"
#include <sys/stat.h>
#include "cli/cmds.h"
#include "cli/output.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "report/formats/emit.h"
#include "report/formats/load.h"
#include "report/formats/sqlite.h"
#include "lib/banned.h"

enum {
	OPT_DB = 1,
	OPT_SCAN,
	OPT_FORMAT,
	OPT_OUTPUT,
	OPT_LIST,
	OPT_HELP,
};

/* clang-format off */
static const struct cli_opt report_opts[] = {
	{ "db", 0, true, "FILE", "the inventory to read (or give FILE)",
	  OPT_DB },
	{ "scan", 0, true, "ID", "the scan to render (default: the latest)",
	  OPT_SCAN },
	{ "format", 'f', true, "FMT",
	  "format for stdout and unknown extensions (default text)",
	  OPT_FORMAT },
	{ "output", 'o', true, "FILE",
	  "write to FILE (format from extension; repeatable)", OPT_OUTPUT },
	{ "list", 0, false, NULL, "list the scans in the inventory",
	  OPT_LIST },
	{ "help", 'h', false, NULL, "show this help", OPT_HELP },
	{ NULL, 0, false, NULL, NULL, 0 },
};
/* clang-format on */

const struct cli_cmd cmd_report_def = {
	.name = "report",
	.synopsis = "[--db FILE | FILE] [--scan ID] [-f FMT] [-o FILE]... "
	            "[--list]",
	.summary = "Render a scan stored in an inventory, or a JSON report, "
	           "in any format.",
	.opts = report_opts,
};

struct report_args {
	const char *db;
	unsigned int scan;
	const char *format;
	const char **outputs;
	size_t noutputs;
	bool list, help;
};

/* 'arg' and 'v' are borrowed. */
static int
on_opt(void *arg, int id, const char *v)
{
	struct report_args *a = arg;

	switch (id) {
	case OPT_DB:
		a->db = v;
		break;
	case OPT_SCAN:
		if (cli_parse_uint(v, INT32_MAX, &a->scan) < 0)
			return ca_error("report: --scan takes a scan id (a "
			                "positive number), not '%s'",
			    v);
		break;
	case OPT_FORMAT:
		if (!ca_emitter_find(v))
			return ca_error("report: unknown format '%s'", v);
		a->format = v;
		break;
	case OPT_OUTPUT:
		a->outputs = xrealloc(a->outputs,
		    (a->noutputs + 1) * sizeof(*a->outputs));
		a->outputs[a->noutputs++] = v;
		break;
	case OPT_LIST:
		a->list = true;
		break;
	case OPT_HELP:
		a->help = true;
		break;
	}
	return 0;
}

/* Prints one line per scan, oldest first. 'path' is borrowed. */
static int
list_scans(const char *path)
{
	struct ca_db_scan *v = NULL;
	struct ca_db *db;
	size_t n = 0;

	if (ca_db_open(path, CA_DB_READ, &db) < 0)
		return -1;
	if (ca_db_list_scans(db, &v, &n) < 0) {
		ca_db_close(db);
		return -1;
	}
	ca_db_close(db);
	printf("%5s  %-20s  %5s  %8s  %6s  %s\n", "SCAN", "STARTED", "CREDS",
	    "RESOLVED", "ERRORS", "HOST  TARGET");
	for (size_t i = 0; i < n; i++) {
		char *host = cli_term_escape(v[i].host);
		char *root = cli_term_escape(v[i].target_root);
		char *scope;

		/* Several PATH operands are one per line in the scope. */
		for (char *p = v[i].scope; *p; p++)
			if (*p == '\n')
				*p = ' ';
		scope = cli_term_escape(v[i].scope);
		printf("%5lld  %-20s  %5llu  %8llu  %6llu  %s  %s:%s%s%s\n",
		    (long long)v[i].id, v[i].started,
		    (unsigned long long)v[i].credentials,
		    (unsigned long long)v[i].resolved,
		    (unsigned long long)v[i].errors, host, v[i].target_type,
		    root, *scope ? " " : "", scope);
		free(host);
		free(root);
		free(scope);
	}
	ca_db_scans_free(v, n);
	return fflush(stdout) ? -1 : 0;
}

/* True when 'out' (borrowed) names the file 'in' (borrowed) already is:
 * rendering a stored scan into its own inventory would only copy it. */
static bool
same_file(const char *in, const char *out)
{
	struct stat a, b;

	return stat(in, &a) == 0 && stat(out, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* 'argv' is borrowed. */
int
cmd_report(int argc, char **argv)
{
	struct report_args a;
	struct ca_inventory *inv = NULL;
	const char *src;
	int first, ret = CA_EXIT_ERROR;

	memset(&a, 0, sizeof(a));
	first = cli_parse(&cmd_report_def, argc, argv, on_opt, &a);
	if (first < 0)
		goto out;
	if (a.help) {
		cli_usage(stdout, &cmd_report_def);
		ret = CA_EXIT_OK;
		goto out;
	}
	if (argc - first > 1 || (a.db && argc - first == 1)) {
		ca_error("report: give one inventory or report (see "
		         "'credatlas report --help')");
		goto out;
	}
	src = a.db ? a.db : first < argc ? argv[first] : NULL;
	if (!src) {
		ca_error("report: give an inventory (--db FILE) or a report "
		         "FILE");
		goto out;
	}
	if (a.list) {
		if (a.scan || a.noutputs) {
			ca_error("report: --list takes no --scan or --output");
			goto out;
		}
		ret = list_scans(src) < 0 ? CA_EXIT_ERROR : CA_EXIT_OK;
		goto out;
	}
	/* Every output's format is known before anything is read. */
	if (!a.noutputs && !cli_report_emitter("-", a.format))
		goto out;
	for (size_t i = 0; i < a.noutputs; i++) {
		if (!cli_report_emitter(a.outputs[i], a.format))
			goto out;
		if (strcmp(a.outputs[i], "-") && same_file(src, a.outputs[i])) {
			ca_error(
			    "report: cannot write '%s' into itself "
			    "(use 'credatlas merge' to combine inventories)",
			    src);
			goto out;
		}
	}
	if (a.db ? ca_load_db(src, a.scan, &inv, NULL) :
	           ca_load(src, a.scan, &inv, NULL))
		goto out;
	ret = CA_EXIT_OK;
	if (!a.noutputs && cli_write_report(inv, "-", a.format) < 0)
		ret = CA_EXIT_ERROR;
	for (size_t i = 0; i < a.noutputs; i++)
		if (cli_write_report(inv, a.outputs[i], a.format) < 0)
			ret = CA_EXIT_ERROR;
out:
	ca_inventory_free(inv);
	free(a.outputs);
	return ret;
}
