/* cmd_diff.c - `credatlas diff`: what is new, gone and changed (tier,
 * risk, owner, locations) between two scans, stored in one inventory or
 * given as two reports, as text or JSON; --fail-on gates on what is new.
 *
 * This file reads the options and the operands and loads the two sides;
 * the comparison and its renderings are report/formats/diff.c. */
#include "lib/compat.h"
#include "cli/cmds.h"
#include "cli/output.h"
#include "lib/log.h"
#include "report/formats/diff.h"
#include "report/formats/emit.h"
#include "report/formats/load.h"
#include "report/formats/sqlite.h"
#include "lib/banned.h"

enum {
	OPT_DB = 1,
	OPT_FORMAT,
	OPT_OUTPUT,
	OPT_FAIL_ON,
	OPT_HELP,
};

/* clang-format off */
static const struct cli_opt diff_opts[] = {
	{ "db", 0, true, "FILE", "compare scans stored in FILE, by id",
	  OPT_DB },
	{ "format", 'f', true, "FMT", "text (default) or json", OPT_FORMAT },
	{ "output", 'o', true, "FILE", "write to FILE instead of stdout",
	  OPT_OUTPUT },
	{ "fail-on", 0, true, "LEVEL",
	  "exit 1 when a new credential is at or above it", OPT_FAIL_ON },
	{ "help", 'h', false, NULL, "show this help", OPT_HELP },
	{ NULL, 0, false, NULL, NULL, 0 },
};
/* clang-format on */

const struct cli_cmd cmd_diff_def = {
	.name = "diff",
	.synopsis = "[--db FILE] [-f FMT] [-o FILE] [--fail-on LEVEL] "
	            "[A [B]]",
	.summary = "Show what is new, gone and changed between two scans or "
	           "reports.",
	.opts = diff_opts,
};

struct diff_args {
	const char *db;
	const char *output;
	bool json, help;
	struct cli_fail_on fail;
};

/* 'arg' and 'v' are borrowed. */
static int
on_opt(void *arg, int id, const char *v)
{
	struct diff_args *a = arg;

	switch (id) {
	case OPT_DB:
		a->db = v;
		break;
	case OPT_FORMAT:
		if (strcmp(v, "text") && strcmp(v, "json"))
			return ca_error("diff: --format takes text or json, "
			                "not '%s'",
			    v);
		a->json = !strcmp(v, "json");
		break;
	case OPT_OUTPUT:
		a->output = v;
		break;
	case OPT_FAIL_ON:
		return cli_parse_fail_on("diff", v, &a->fail);
	case OPT_HELP:
		a->help = true;
		break;
	}
	return 0;
}

/* 's' is borrowed. */
static int
parse_scan_id(const char *s, int64_t *id)
{
	unsigned int v;

	if (cli_parse_uint(s, INT32_MAX, &v) < 0)
		return ca_error(
		    "diff: with --db, A and B are scan ids (see "
		    "'credatlas report --db FILE --list'), not '%s'",
		    s);
	*id = v;
	return 0;
}

/* Loads both sides from one database: scans A and B, B and the scan of
 * its target before it, or the latest scan and the one before it.
 * 'path' and 'ops' are borrowed; the inventories in 'a' and 'b' are owned
 * by the caller. */
static int
load_db_sides(const char *path, char **ops, int nops, struct ca_diff_side *a,
    struct ca_diff_side *b)
{
	struct ca_db *db;
	int ret = -1;

	a->source = b->source = path;
	if (nops > 2)
		return ca_error("diff: give at most two scan ids");
	if (ca_db_open(path, CA_DB_READ, &db) < 0)
		return -1;
	if (nops == 2) {
		if (parse_scan_id(ops[0], &a->scan) < 0 ||
		    parse_scan_id(ops[1], &b->scan) < 0)
			goto out;
	} else {
		if (nops == 1 && parse_scan_id(ops[0], &b->scan) < 0)
			goto out;
		if (!nops && ca_db_latest_scan(db, &b->scan) < 0)
			goto out;
		if (!b->scan) {
			ca_error("inventory '%s' holds no scans", path);
			goto out;
		}
		if (ca_db_previous_scan(db, b->scan, &a->scan) < 0)
			goto out;
		if (!a->scan) {
			ca_error("diff: scan %lld is the first of its target "
			         "in '%s'; give two scan ids",
			    (long long)b->scan, path);
			goto out;
		}
	}
	if (ca_load_db_scan(db, a->scan, &a->inv, NULL) < 0 ||
	    ca_load_db_scan(db, b->scan, &b->inv, NULL) < 0)
		goto out;
	ret = 0;
out:
	ca_db_close(db);
	return ret;
}

/* 'argv' is borrowed. */
int
cmd_diff(int argc, char **argv)
{
	struct diff_args a;
	struct ca_diff_side from, to;
	struct ca_diff d;
	struct cli_report_file rf;
	int first, nops, ret = CA_EXIT_ERROR, wret;

	memset(&a, 0, sizeof(a));
	memset(&from, 0, sizeof(from));
	memset(&to, 0, sizeof(to));
	memset(&d, 0, sizeof(d));
	a.fail = (struct cli_fail_on)CLI_FAIL_ON_INIT;
	first = cli_parse(&cmd_diff_def, argc, argv, on_opt, &a);
	if (first < 0)
		return CA_EXIT_ERROR;
	if (a.help) {
		cli_usage(stdout, &cmd_diff_def);
		return CA_EXIT_OK;
	}
	nops = argc - first;
	if (a.db) {
		if (load_db_sides(a.db, argv + first, nops, &from, &to) < 0)
			goto out;
	} else {
		if (nops != 2) {
			ca_error("diff: give two reports or inventories, or "
			         "--db FILE and scan ids (see 'credatlas diff "
			         "--help')");
			goto out;
		}
		from.source = argv[first];
		to.source = argv[first + 1];
		if (ca_load(from.source, 0, &from.inv, &from.scan) < 0 ||
		    ca_load(to.source, 0, &to.inv, &to.scan) < 0)
			goto out;
	}
	if (ca_diff_compute(&from, &to, &d) < 0)
		goto out;
	if (cli_report_file_open(&rf, a.output ? a.output : "-") < 0)
		goto out;
	if (a.json)
		wret = ca_diff_write_json(rf.fp, &d);
	else
		wret = ca_diff_write_text(rf.fp, &d);
	if (cli_report_file_close(&rf, wret == 0) < 0)
		goto out;
	ret = ca_diff_fails(&d, a.fail.tier, a.fail.risk) ? CA_EXIT_FINDINGS :
	                                                    CA_EXIT_OK;
out:
	ca_diff_release(&d);
	ca_inventory_free(from.inv);
	ca_inventory_free(to.inv);
	return ret;
}
