/* shellrc.h - environment variables that shell start-up files set to a
 * path. The aws_env and gcp_env surfaces share this reader: the scanner
 * cannot read the user's environment, so it reads what the shell would
 * set.
 *
 * Forms understood: NAME=VALUE with an optional export, declare -x or
 * typeset -x; csh's setenv NAME VALUE; fish's set -x/-gx NAME VALUE.
 * Values may be quoted; "~", $HOME and ${HOME} are expanded against the
 * file's home, other expansions make the value unresolvable and it is
 * skipped. Every assignment is followed, whichever branch of the script it
 * sits in. Lines of 4 KiB or more and values of 1 KiB or more are passed
 * over. */
#ifndef CA_SHELLRC_H
#define CA_SHELLRC_H

#include "scanners/core/scanner.h"

/* One assignment of a variable of interest. */
struct ca_rc_assign {
	size_t var;        /* index into the names asked for */
	const char *path;  /* resolved target path, scratch */
	unsigned int line; /* 1-based, in the rc file */
};

/* Whether the module leaves 'a' to another (the file at its default
 * place is read by the module claiming it). */
typedef bool ca_rc_skip_fn(const struct ca_rc_assign *a);

/* Fills 'out' (room for 'max', borrowed) with the assignments in the rc
 * file 'f' (borrowed) to any of the 'nnames' variables 'names'
 * (borrowed), in file order, without repeats of one variable and path
 * and without those 'skip' (may be NULL) passes over. Returns how many. */
size_t ca_rc_assignments(struct ca_ctx *ctx, const struct ca_file *f,
    const char *const *names, size_t nnames, ca_rc_skip_fn *skip,
    struct ca_rc_assign *out, size_t max);

#endif
