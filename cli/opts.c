/* opts.c - table-driven option parsing on top of getopt_long. */
#include "lib/compat.h"
#include <getopt.h>
#include "cli/opts.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "report/model/inventory.h"
#include "lib/banned.h"

void
cli_usage(FILE *out, const struct cli_cmd *cmd)
{
	fprintf(out, "usage: credatlas %s %s\n\n%s\n", cmd->name, cmd->synopsis,
	    cmd->summary);
	if (!cmd->opts || !cmd->opts[0].name)
		return;
	fputs("\noptions:\n", out);
	for (const struct cli_opt *o = cmd->opts; o->name; o++) {
		char left[64];
		if (o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s",
			    o->short_name, o->name, o->has_arg ? " " : "",
			    o->has_arg ? o->argname : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name,
			    o->has_arg ? " " : "",
			    o->has_arg ? o->argname : "");
		fprintf(out, "  %-28s %s\n", left, o->help);
	}
	fputs("\nOptions may follow the operands; '--' ends the options.\n",
	    out);
}

/* Operands and options may come in any order, as with GNU tools, so
 * "scan ./dir -o out.json" writes out.json; "--" ends the options. The
 * optstring starts with '-' (getopt's RETURN_IN_ORDER), which hands each
 * operand back as option 1 whatever POSIXLY_CORRECT says: an option
 * after an operand is never taken for a path to scan. The operands are
 * then moved, in order, to the end of argv. 'cmd' and 'argv' are
 * borrowed; option values passed to 'fn' are borrowed from argv. */
int
cli_parse(const struct cli_cmd *cmd, int argc, char **argv,
    int (*fn)(void *arg, int id, const char *value), void *arg)
{
	size_t n = 0, nops = 0;
	struct option *longopts;
	struct strbuf shorts = STRBUF_INIT(256);
	char **ops;
	int c, ret = -1;

	for (const struct cli_opt *o = cmd->opts; o->name; o++)
		n++;
	longopts = xcalloc(n + 1, sizeof(*longopts));
	ops = xcalloc((size_t)(argc > 0 ? argc : 1), sizeof(*ops));
	strbuf_addch(&shorts, '-'); /* operands in order, as option 1 */
	strbuf_addch(&shorts, ':');
	for (size_t i = 0; i < n; i++) {
		const struct cli_opt *o = &cmd->opts[i];
		longopts[i].name = o->name;
		longopts[i].has_arg = o->has_arg ? required_argument :
		                                   no_argument;
		longopts[i].val = 1000 + (int)i;
		if (o->short_name) {
			strbuf_addch(&shorts, o->short_name);
			if (o->has_arg)
				strbuf_addch(&shorts, ':');
		}
	}
	optind = 0; /* 0, not 1: glibc re-reads the optstring's mode */
	opterr = 0;
	for (;;) {
		const struct cli_opt *o = NULL;
		c = getopt_long(argc, argv, shorts.buf, longopts, NULL);
		if (c == -1)
			break;
		if (c == 1) {
			ops[nops++] = optarg;
			continue;
		}
		if (c == '?' || c == ':') {
			const char *what = argv[optind - 1];
			ca_error("%s: %s '%s' (see 'credatlas %s --help')",
			    cmd->name,
			    c == '?' ? "unknown option" :
			               "missing argument for",
			    what ? what : "?", cmd->name);
			goto out;
		}
		if (c >= 1000)
			o = &cmd->opts[c - 1000];
		else
			for (size_t i = 0; i < n && !o; i++)
				if (cmd->opts[i].short_name == c)
					o = &cmd->opts[i];
		if (!o || fn(arg, o->id, o->has_arg ? optarg : NULL))
			goto out;
	}
	/* After "--", the rest are operands, even "-o". */
	for (int i = optind; i < argc; i++)
		ops[nops++] = argv[i];
	for (size_t i = 0; i < nops; i++)
		argv[argc - (int)nops + (int)i] = ops[i];
	ret = argc - (int)nops;
out:
	free(ops);
	free(longopts);
	strbuf_release(&shorts);
	return ret;
}

/* 'cmd' and 'v' are borrowed. */
int
cli_parse_fail_on(const char *cmd, const char *v, struct cli_fail_on *out)
{
	out->tier = ca_tier_parse(v);
	out->risk = ca_risk_parse(v);
	if (out->tier < 0 && out->risk < 0)
		return ca_error(
		    "%s: --fail-on takes a tier (read, write, "
		    "secret, admin) or a risk (low, medium, high, critical), "
		    "not '%s'",
		    cmd, v);
	return 0;
}

/* 'f' and 'c' are borrowed. */
bool
cli_fail_on_hit(const struct cli_fail_on *f, const struct ca_credential *c)
{
	return (f->tier >= 0 && (int)c->tier >= f->tier) ||
	    (f->risk >= 0 && (int)c->risk >= f->risk);
}

int
cli_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mult = 1;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case '\0':
		break;
	case 'k':
	case 'K':
		mult = 1ull << 10;
		end++;
		break;
	case 'm':
	case 'M':
		mult = 1ull << 20;
		end++;
		break;
	case 'g':
	case 'G':
		mult = 1ull << 30;
		end++;
		break;
	default:
		return -1;
	}
	if (*end == 'i' || *end == 'B')
		end++;
	if (*end == 'B')
		end++;
	if (*end || (v && mult > UINT64_MAX / v))
		return -1;
	*out = v * mult;
	return 0;
}

int
cli_parse_uint(const char *s, unsigned int max, unsigned int *out)
{
	char *end;
	unsigned long v;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v == 0 || v > max)
		return -1;
	*out = (unsigned int)v;
	return 0;
}
