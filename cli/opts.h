/* opts.h - one option table per command drives getopt_long, --help and
 * the man-page check, so the three cannot drift apart. */
#ifndef CA_OPTS_H
#define CA_OPTS_H

#include "lib/compat.h"

struct cli_opt {
	const char *name; /* long name */
	int short_name;   /* 0 = none */
	bool has_arg;
	const char *argname; /* "FILE" */
	const char *help;    /* one line */
	int id;              /* returned by cli_getopt */
};

struct cli_cmd {
	const char *name;           /* "scan" */
	const char *synopsis;       /* "[options] [PATH...]" */
	const char *summary;        /* one line */
	const struct cli_opt *opts; /* terminated by a zeroed row */
};

/* Prints the usage and option list of 'cmd' to 'out'. */
void cli_usage(FILE *out, const struct cli_cmd *cmd);

/* Parses argv against cmd->opts. Options may follow operands, as with GNU
 * tools, and "--" ends the options. Calls 'fn' with each option id and
 * its argument (borrowed from argv); stops at the first non-zero return.
 * Moves the operands, in order, to the end of argv and returns the index
 * of the first one (argc when there is none), or -1 after printing a
 * usage error. */
int cli_parse(const struct cli_cmd *cmd, int argc, char **argv,
    int (*fn)(void *arg, int id, const char *value), void *arg);

/* --fail-on, the same for every command: a tier, or a risk level. */
struct cli_fail_on {
	int tier; /* -1 none */
	int risk; /* -1 none */
};
#define CLI_FAIL_ON_INIT                                                       \
	{                                                                      \
		-1, -1                                                         \
	}

struct ca_credential;

/* Parses the --fail-on value 'v' for command 'cmd' (both borrowed) into
 * 'out'. Returns 0, or -1 after ca_error(). */
int cli_parse_fail_on(const char *cmd, const char *v, struct cli_fail_on *out);
/* True when 'c' is at or above the tier or risk in 'f' (both borrowed). */
bool cli_fail_on_hit(const struct cli_fail_on *f,
    const struct ca_credential *c);

/* Parses "8M", "512k", "1G" or a plain byte count. Returns 0 or -1. */
int cli_parse_size(const char *s, uint64_t *out);
/* Parses a positive integer no larger than 'max'. Returns 0 or -1. */
int cli_parse_uint(const char *s, unsigned int max, unsigned int *out);

#endif
