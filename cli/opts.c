/* opts.c - table-driven option parsing on top of getopt_long. */
#include "lib/compat.h"
#include <getopt.h>
#include "cli/opts.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
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
			    o->has_arg ? " " : "", o->has_arg ? o->argname : "");
		fprintf(out, "  %-28s %s\n", left, o->help);
	}
}

int
cli_parse(const struct cli_cmd *cmd, int argc, char **argv,
    int (*fn)(void *arg, int id, const char *value), void *arg)
{
	size_t n = 0;
	struct option *longopts;
	struct strbuf shorts = STRBUF_INIT(256);
	int c, ret = -1;

	for (const struct cli_opt *o = cmd->opts; o->name; o++)
		n++;
	longopts = xcalloc(n + 1, sizeof(*longopts));
	strbuf_addch(&shorts, '+'); /* stop at the first operand */
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
	optind = 1;
	opterr = 0;
	for (;;) {
		const struct cli_opt *o = NULL;
		c = getopt_long(argc, argv, shorts.buf, longopts, NULL);
		if (c == -1)
			break;
		if (c == '?' || c == ':') {
			const char *what = argv[optind - 1];
			ca_error("%s: %s '%s' (see 'credatlas %s --help')",
			    cmd->name, c == '?' ? "unknown option" :
			    "missing argument for", what ? what : "?",
			    cmd->name);
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
	ret = optind;
out:
	free(longopts);
	strbuf_release(&shorts);
	return ret;
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
	case 'k': case 'K':
		mult = 1ull << 10;
		end++;
		break;
	case 'm': case 'M':
		mult = 1ull << 20;
		end++;
		break;
	case 'g': case 'G':
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
