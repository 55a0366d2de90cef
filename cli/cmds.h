/* cmds.h - the commands; each parses its own options and returns an exit
 * code (0 clean, 1 findings at or above --fail-on, 2 usage or fatal). */
#ifndef CA_CMDS_H
#define CA_CMDS_H

#include "cli/opts.h"

#define CA_EXIT_OK       0
#define CA_EXIT_FINDINGS 1
#define CA_EXIT_ERROR    2

int cmd_scan(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_image(int argc, char **argv);
int cmd_git(int argc, char **argv);

extern const struct cli_cmd cmd_scan_def;
extern const struct cli_cmd cmd_rules_def;
extern const struct cli_cmd cmd_report_def;
extern const struct cli_cmd cmd_diff_def;
extern const struct cli_cmd cmd_merge_def;
extern const struct cli_cmd cmd_image_def;
extern const struct cli_cmd cmd_git_def;

#endif
