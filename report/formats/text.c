/* text.c - the human report: a summary, then one entry per credential.
 *
 * Written for a terminal 80 columns wide (or opts->width): every line is
 * cut to fit, long fields end in "…", and paths are cut from the left so
 * the file name survives. Everything that came from the scanned tree (file
 * names, identities, error texts) is escaped before it is printed: a file
 * called "\033]0;pwned\a" must not retitle the terminal, and a newline in a
 * name must not forge a line of the report. Columns are counted in code
 * points; double-width characters may overhang. */
#include "lib/compat.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "report/formats/emit.h"
#include "lib/banned.h"

#define DEFAULT_WIDTH 80
#define MIN_WIDTH     60
#define MAX_WIDTH     1000
#define FIELD_CAP     ((size_t)64 * 1024) /* escaped bytes; a path is < 4096 */
#define INDENT        10 /* where the second line of an entry starts */
#define PREVIEW_COLS  24 /* "github_pat_abcd…" and friends */
#define OWNER_COLS    26 /* "owner " and a long user name */
#define MAX_ERRORS    5  /* errors listed at the end; the JSON has all */
#define ELLIPSIS      "\u2026"

#define SGR_RESET "\033[0m"
#define SGR_BOLD  "\033[1m"

struct text {
	FILE *out;
	size_t width;
	bool color;
};

/* clang-format off */
static const char *const risk_sgr[CA_RISK_COUNT] = {
	"\033[34m",   /* low: blue */
	"\033[36m",   /* medium: cyan */
	"\033[33m",   /* high: yellow */
	"\033[1;31m", /* critical: bold red */
};
/* clang-format on */

/* Code points that are printable but rearrange or hide what a terminal
 * shows: bidi overrides (the "Trojan Source" trick) and line separators. */
static bool
is_sneaky(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || /* C1 controls, CSI is 0x9b */
	    cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

/* Appends 's' (borrowed) to 'sb' in displayable form: control characters,
 * invalid UTF-8 and sneaky code points become backslash escapes. Past
 * FIELD_CAP it stops with "…"; nothing that long fits on a line anyway. */
static void
escape(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = s ? strlen(s) : 0;
	char tmp[16];

	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = ca_utf8_decode(p + i, n - i, &cp);
		const char *add = tmp;
		size_t addlen;

		if (len == 1 && (cp < 0x20 || cp == 0x7f)) {
			if (cp == '\n')
				add = "\\n";
			else if (cp == '\t')
				add = "\\t";
			else if (cp == '\r')
				add = "\\r";
			else
				snprintf(tmp, sizeof(tmp), "\\x%02x",
				    (unsigned)cp);
			addlen = strlen(add);
		} else if (!len) {
			snprintf(tmp, sizeof(tmp), "\\x%02x", (unsigned)p[i]);
			addlen = strlen(tmp);
			len = 1;
		} else if (is_sneaky(cp)) {
			snprintf(tmp, sizeof(tmp), "\\u%04x", (unsigned)cp);
			addlen = strlen(tmp);
		} else {
			add = (const char *)p + i;
			addlen = len;
		}
		if (sb->len + addlen + sizeof(ELLIPSIS) >= sb->cap) {
			/* Room for the ellipsis was kept: this cannot fail. */
			(void)strbuf_addstr(sb, ELLIPSIS);
			return;
		}
		if (strbuf_add(sb, add, addlen) < 0)
			return; /* cannot happen either, see above */
		i += len;
	}
}

/* Number of code points in the valid UTF-8 string 's'. */
static size_t
cols(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Byte offset of code point number 'k' of the valid UTF-8 string 's'. */
static size_t
offset_of(const char *s, size_t k)
{
	size_t i = 0;

	while (s[i] && k) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		k--;
	}
	return i;
}

static void
pad(struct text *t, size_t n)
{
	while (n--)
		fputc(' ', t->out);
}

/* Writes the display string 's' (borrowed) in at most 'w' columns, cut at
 * the end with "…", padded to 'w' when 'fill'. Returns the columns used. */
static size_t
put_head(struct text *t, const char *s, size_t w, bool fill)
{
	size_t c = cols(s);

	if (!w)
		return 0;
	if (c <= w) {
		fputs(s, t->out);
	} else {
		fwrite(s, 1, offset_of(s, w - 1), t->out);
		fputs(ELLIPSIS, t->out);
		c = w;
	}
	if (fill && c < w) {
		pad(t, w - c);
		c = w;
	}
	return c;
}

/* Writes the display string 's' (borrowed) in at most 'w' columns, cut at
 * the start with "…" so the end (a file name) stays. */
static void
put_tail(struct text *t, const char *s, size_t w)
{
	size_t c = cols(s);

	if (!w)
		return;
	if (c <= w) {
		fputs(s, t->out);
		return;
	}
	fputs(ELLIPSIS, t->out);
	fputs(s + offset_of(s, c - (w - 1)), t->out);
}

static void
sgr(struct text *t, const char *code)
{
	if (t->color)
		fputs(code, t->out);
}

/* Writes the risk name in its colour, padded to 'w' columns. */
static void
put_risk(struct text *t, enum ca_risk r, size_t w)
{
	const char *name = ca_risk_name(r);

	if ((unsigned)r < CA_RISK_COUNT)
		sgr(t, risk_sgr[r]);
	fputs(name, t->out);
	if ((unsigned)r < CA_RISK_COUNT)
		sgr(t, SGR_RESET);
	if (strlen(name) < w)
		pad(t, w - strlen(name));
}

/* Formats a byte count the way people read it, into 'buf'. */
static void
human_bytes(char *buf, size_t len, uint64_t n)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	double v = (double)n;
	size_t u = 0;

	if (n < 1024) {
		snprintf(buf, len, "%llu B", (unsigned long long)n);
		return;
	}
	v /= 1024;
	while (v >= 1024 && u + 1 < CA_ARRAY_SIZE(unit)) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%.1f %s", v, unit[u]);
}

struct surface_row {
	const char *name;
	size_t tier[CA_TIER_COUNT];
	size_t total;
	int worst; /* highest enum ca_risk seen */
};

/* Most critical first: worst risk, then the counts from the admin tier
 * down, then the name so equal rows keep a stable order. */
static int
cmp_row(const void *a, const void *b)
{
	const struct surface_row *x = a, *y = b;

	if (x->worst != y->worst)
		return y->worst - x->worst;
	for (int i = CA_TIER_COUNT - 1; i >= 0; i--)
		if (x->tier[i] != y->tier[i])
			return x->tier[i] < y->tier[i] ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* Returns an owned array of one row per surface in 'inv' (borrowed). */
static struct surface_row *
surface_rows(const struct ca_inventory *inv, size_t *nrows)
{
	struct surface_row *rows = xcalloc(inv->ncreds + 1, sizeof(*rows));
	size_t n = 0;

	for (size_t i = 0; i < inv->ncreds; i++) {
		const struct ca_credential *c = inv->creds[i];
		const char *name = c->surface ? c->surface : "generic";
		size_t j;

		for (j = 0; j < n; j++)
			if (!strcmp(rows[j].name, name))
				break;
		if (j == n) {
			rows[n].name = name;
			rows[n].worst = -1;
			n++;
		}
		if ((unsigned)c->tier < CA_TIER_COUNT)
			rows[j].tier[c->tier]++;
		rows[j].total++;
		if ((int)c->risk > rows[j].worst)
			rows[j].worst = (int)c->risk;
	}
	qsort(rows, n, sizeof(*rows), cmp_row);
	*nrows = n;
	return rows;
}

static void
table_row(struct text *t, const struct surface_row *r, bool bold)
{
	struct strbuf sb = STRBUF_INIT(FIELD_CAP);

	escape(&sb, r->name);
	if (bold)
		sgr(t, SGR_BOLD);
	put_head(t, sb.buf, 12, true);
	if (bold)
		sgr(t, SGR_RESET);
	if (r->worst >= 0)
		put_risk(t, (enum ca_risk)r->worst, 9);
	else
		pad(t, 9);
	for (int i = CA_TIER_COUNT - 1; i >= 0; i--)
		fprintf(t->out, "%7zu", r->tier[i]);
	fprintf(t->out, "%7zu\n", r->total);
	strbuf_release(&sb);
}

/* Prints one line of our own text (already displayable), cut to the
 * width. */
static void CA_PRINTF(2, 3) line(struct text *t, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT(FIELD_CAP);
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (rc == 0)
		put_head(t, sb.buf, t->width, false);
	fputc('\n', t->out);
	strbuf_release(&sb);
}

/* Returns the display form of a fixed-size meta field, or "-" when empty;
 * the result lives in 'sb'. */
static const char *
meta_field(struct strbuf *sb, const char *s, size_t size)
{
	strbuf_reset(sb);
	if (!s[0])
		return "-";
	/* The arrays are filled by snprintf, but a report must not read past
	 * them if someone forgot. */
	if (!memchr(s, '\0', size))
		return "-";
	escape(sb, s);
	return sb->buf;
}

/* Appends what was scanned, escaped: the PATH operands (the scope, one
 * per line) and the root when it is not "/", else the target and its
 * root ("dir /srv/img" for every home under --root). 'm' is borrowed. */
static void
what_scanned(struct strbuf *sb, const struct ca_scan_meta *m)
{
	const char *root = m->root ? m->root : "/";
	const char *p = m->scope;

	if (!p || !*p) {
		escape(sb, m->target_type ? m->target_type : "dir");
		strbuf_addch(sb, ' ');
		escape(sb, root);
		return;
	}
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *one = strndup(p, n);

		if (one)
			escape(sb, one);
		free(one);
		p += n;
		if (*p) {
			strbuf_addstr(sb, ", ");
			p++;
		}
	}
	if (strcmp(root, "/")) {
		strbuf_addstr(sb, " in ");
		escape(sb, root);
	}
}

/* The summary block: what was scanned, the counts, the per-surface table. */
static void
summary(struct text *t, const struct ca_inventory *inv)
{
	const struct ca_scan_meta *m = &inv->meta;
	struct strbuf sb = STRBUF_INIT(FIELD_CAP), sb2 = STRBUF_INIT(FIELD_CAP);
	size_t risk[CA_RISK_COUNT] = { 0 }, nrows, used;
	struct surface_row *rows, all = { .name = "all", .worst = -1 };
	char bytes[32];

	sgr(t, SGR_BOLD);
	fputs("credatlas " CA_VERSION, t->out);
	sgr(t, SGR_RESET);
	used = strlen("credatlas " CA_VERSION);
	fputs(" inventory of ", t->out);
	used += strlen(" inventory of ");
	what_scanned(&sb, m);
	put_tail(t, sb.buf, t->width - used);
	fputc('\n', t->out);

	line(t, "scan      %s to %s",
	    meta_field(&sb, m->started, sizeof(m->started)),
	    meta_field(&sb2, m->finished, sizeof(m->finished)));
	line(t, "key       %s", meta_field(&sb, m->key_id, sizeof(m->key_id)));
	human_bytes(bytes, sizeof(bytes), m->stats.bytes);
	line(t, "files     %llu read (%s), %llu skipped, %llu error%s",
	    (unsigned long long)m->stats.files, bytes,
	    (unsigned long long)m->stats.skipped,
	    (unsigned long long)m->stats.errors,
	    m->stats.errors == 1 ? "" : "s");
	if (m->stats.ignored)
		line(t,
		    "ignored   %llu credential%s (policy ignores, allow "
		    "comments, known test values)",
		    (unsigned long long)m->stats.ignored,
		    m->stats.ignored == 1 ? "" : "s");
	if (m->ndep_trees) {
		uint64_t nf = 0;
		for (size_t i = 0; i < m->ndep_trees; i++)
			nf += m->dep_trees[i].files;
		line(t,
		    "deps      %zu installed tree%s skipped (%llu "
		    "file%s; --include-deps reads them)",
		    m->ndep_trees, m->ndep_trees == 1 ? "" : "s",
		    (unsigned long long)nf, nf == 1 ? "" : "s");
	}
	fputc('\n', t->out);
	strbuf_release(&sb);
	strbuf_release(&sb2);

	if (!inv->ncreds) {
		fputs("no credentials found\n", t->out);
		return;
	}
	for (size_t i = 0; i < inv->ncreds; i++)
		if ((unsigned)inv->creds[i]->risk < CA_RISK_COUNT)
			risk[inv->creds[i]->risk]++;
	fprintf(t->out, "%zu credential%s:", inv->ncreds,
	    inv->ncreds == 1 ? "" : "s");
	for (int i = CA_RISK_COUNT - 1; i >= 0; i--) {
		fprintf(t->out, " %zu ", risk[i]);
		if (risk[i])
			sgr(t, risk_sgr[i]);
		fputs(ca_risk_name((enum ca_risk)i), t->out);
		if (risk[i])
			sgr(t, SGR_RESET);
		fputs(i ? "," : "\n", t->out);
	}
	fputc('\n', t->out);

	sgr(t, SGR_BOLD);
	fprintf(t->out, "%-12s%-9s%7s%7s%7s%7s%7s\n", "surface", "worst",
	    "admin", "secret", "write", "read", "total");
	sgr(t, SGR_RESET);
	rows = surface_rows(inv, &nrows);
	for (size_t i = 0; i < nrows; i++) {
		table_row(t, &rows[i], false);
		for (int k = 0; k < CA_TIER_COUNT; k++)
			all.tier[k] += rows[i].tier[k];
		all.total += rows[i].total;
		if (rows[i].worst > all.worst)
			all.worst = rows[i].worst;
	}
	if (nrows > 1)
		table_row(t, &all, true);
	free(rows);
}

/* Appends "path:line" for 'l' (borrowed) to 'sb' in display form. */
static void
location_text(struct strbuf *sb, const struct ca_location *l)
{
	char num[16];

	escape(sb, l->path ? l->path : "");
	if (l->line) {
		snprintf(num, sizeof(num), ":%u", l->line);
		escape(sb, num);
	}
	/* Found inside an encoded value: say which encoding. */
	if (l->encoding) {
		escape(sb, " (");
		escape(sb, l->encoding);
		escape(sb, ")");
	}
	/* In an image: which layer, and whether it is gone from the final
	 * filesystem (it still ships). */
	if (l->layer && l->layer_index >= 0) {
		char at[48];
		snprintf(at, sizeof(at), " (layer %d%s)", l->layer_index,
		    l->deleted ? ", deleted" : "");
		escape(sb, at);
	}
}

/* Appends, in display form, where in git history 'g' (borrowed) lies,
 * most telling first, as the line may be cut:
 * "removed from HEAD, pushed: commit 0123456789ab 2024-05-01 by A <a@x>". */
static void
git_origin_text(struct strbuf *sb, const struct ca_git_origin *g)
{
	char head[64];

	escape(sb, g->at_head ? "still at HEAD" : "removed from HEAD");
	if (g->pushed)
		escape(sb, ", pushed");
	snprintf(head, sizeof(head), ": commit %.12s %.10s",
	    g->commit ? g->commit : "?", g->date ? g->date : "");
	escape(sb, head);
	if (g->author) {
		escape(sb, " by ");
		escape(sb, g->author);
	}
}

/* Appends, in display form, who owns the credential's first file. */
static void
owner_text(struct strbuf *sb, const struct ca_credential *c)
{
	char num[48];

	if (c->owner.user) {
		escape(sb, "owner ");
		escape(sb, c->owner.user);
		return;
	}
	if (c->owner.uid >= 0)
		snprintf(num, sizeof(num), "owner uid %lld",
		    (long long)c->owner.uid);
	else
		snprintf(num, sizeof(num), "owner unknown");
	escape(sb, num);
}

/* One entry:
 *   risk  tier  surface  label
 *             preview  identity  owner
 *             path:line            (one line per location)
 */
static void
credential(struct text *t, const struct ca_credential *c, size_t surf_w)
{
	const struct ca_kind *k = ca_kind_find(c->kind);
	struct strbuf sb = STRBUF_INIT(FIELD_CAP);
	struct strbuf own = STRBUF_INIT(FIELD_CAP);
	size_t room = t->width - INDENT, used, own_w;

	/* Line 1: what it is. */
	put_risk(t, c->risk, INDENT);
	used = INDENT;
	used += put_head(t, ca_tier_name(c->tier), 8, true);
	escape(&sb, c->surface ? c->surface : "generic");
	used += put_head(t, sb.buf, surf_w + 2, true);
	strbuf_reset(&sb);
	escape(&sb, k ? k->label : c->kind);
	put_head(t, sb.buf, t->width - used, false);
	fputc('\n', t->out);
	strbuf_reset(&sb);

	/* Line 2: how it looks, whom it acts as, whose it is. The preview
	 * and the owner are short and keep their room; the identity takes
	 * what is left. */
	owner_text(&own, c);
	own_w = cols(own.buf) < OWNER_COLS ? cols(own.buf) : OWNER_COLS;
	pad(t, INDENT);
	used = 0;
	if (c->redacted) {
		escape(&sb, c->redacted);
		used += put_head(t, sb.buf, PREVIEW_COLS, false) + 2;
		fputs("  ", t->out);
		strbuf_reset(&sb);
	}
	if (c->identity && room > used + own_w + 2 + 8) {
		escape(&sb, c->identity);
		put_head(t, sb.buf, room - used - own_w - 2, false);
		fputs("  ", t->out);
		strbuf_reset(&sb);
	}
	put_head(t, own.buf, own_w, false);
	fputc('\n', t->out);
	strbuf_release(&own);

	/* What its provider said, when --verify asked. */
	if (ca_verified_name(c->verified)) {
		pad(t, INDENT);
		escape(&sb, "verified ");
		escape(&sb, ca_verified_name(c->verified));
		if (c->verify_error) {
			escape(&sb, ": ");
			escape(&sb, c->verify_error);
		}
		put_head(t, sb.buf, room, false);
		fputc('\n', t->out);
		strbuf_reset(&sb);
	}

	/* Then every place it was seen, one per line; a blob of git
	 * history with its commit on the next. */
	for (size_t i = 0; i < c->nlocations; i++) {
		pad(t, INDENT);
		location_text(&sb, &c->locations[i]);
		put_tail(t, sb.buf, room);
		fputc('\n', t->out);
		strbuf_reset(&sb);
		if (c->locations[i].git) {
			pad(t, INDENT + 2);
			git_origin_text(&sb, c->locations[i].git);
			put_head(t, sb.buf, room - 2, false);
			fputc('\n', t->out);
			strbuf_reset(&sb);
		}
	}
	strbuf_release(&sb);
}

/* ---- agents: what each MCP server and agent setting can reach ------- */

/* True for the entries the agents view lists. */
static bool
is_agent_entry(const struct ca_credential *c)
{
	return !strcmp(c->kind, "mcp-server") ||
	    !strcmp(c->kind, "agent-permission");
}

/* The scopes of 'c' that start with 'prefix', without it, joined by
 * 'sep' into 'sb'. */
static void
scopes_with(struct strbuf *sb, const struct ca_credential *c,
    const char *prefix, const char *sep)
{
	size_t n = strlen(prefix);
	bool first = true;

	for (size_t i = 0; i < c->nscopes; i++) {
		if (strncmp(c->scopes[i], prefix, n))
			continue;
		if (!first)
			escape(sb, sep);
		escape(sb, c->scopes[i] + n);
		first = false;
	}
}

/* One line per MCP server and agent permission: tier, name, client,
 * transport and capabilities; then what it reaches through its links
 * (how many credentials, and the strongest). */
static void
agents(struct text *t, const struct ca_inventory *inv)
{
	struct strbuf sb = STRBUF_INIT(FIELD_CAP);
	size_t n = 0;

	for (size_t i = 0; i < inv->ncreds; i++)
		n += is_agent_entry(inv->creds[i]);
	if (!n)
		return;
	fprintf(t->out,
	    "\nagents and MCP servers (%zu): what each can "
	    "reach\n",
	    n);
	for (size_t i = 0; i < inv->ncreds; i++) {
		const struct ca_credential *c = inv->creds[i], *top = NULL;
		size_t reached = 0;

		if (!is_agent_entry(c))
			continue;
		pad(t, 2);
		put_head(t, ca_tier_name(c->tier), 8, true);
		escape(&sb, c->identity ? c->identity : c->kind);
		escape(&sb, "  ");
		scopes_with(&sb, c, "client:", ",");
		escape(&sb, "  ");
		scopes_with(&sb, c, "transport:", ",");
		escape(&sb, " ");
		scopes_with(&sb, c, "capability:", ",");
		scopes_with(&sb, c, "permission:", ", ");
		put_head(t, sb.buf, t->width - 10, false);
		fputc('\n', t->out);
		strbuf_reset(&sb);
		for (size_t l = 0; l < c->nlinks; l++)
			for (size_t k = 0; k < c->links[l].nto; k++) {
				const struct ca_credential *d =
				    ca_inventory_get(inv, c->links[l].to[k]);
				if (!d)
					continue;
				reached++;
				if (!top || d->tier > top->tier)
					top = d;
			}
		pad(t, 10);
		if (top)
			strbuf_addf(&sb,
			    "reaches %zu credential%s, the "
			    "strongest %s (%s)",
			    reached, reached == 1 ? "" : "s",
			    ca_tier_name(top->tier), top->kind);
		else
			escape(&sb, "reaches no credential found by this scan");
		put_head(t, sb.buf, t->width - 10, false);
		fputc('\n', t->out);
		strbuf_reset(&sb);
	}
	strbuf_release(&sb);
}

static void
errors(struct text *t, const struct ca_inventory *inv)
{
	struct strbuf sb = STRBUF_INIT(FIELD_CAP);
	size_t shown = inv->nerrors < MAX_ERRORS ? inv->nerrors : MAX_ERRORS;
	size_t msg_w = 0;

	fputc('\n', t->out);
	if (!inv->nerrors) {
		fputs("no errors\n", t->out);
		return;
	}
	fprintf(t->out, "%zu error%s%s\n", inv->nerrors,
	    inv->nerrors == 1 ? "" : "s",
	    inv->nerrors > shown ? ", the first ones:" : ":");
	/* The messages line up in one column, the paths after them. */
	for (size_t i = 0; i < shown; i++) {
		escape(&sb, inv->errors[i].error);
		if (cols(sb.buf) > msg_w)
			msg_w = cols(sb.buf);
		strbuf_reset(&sb);
	}
	if (msg_w > 32)
		msg_w = 32;
	for (size_t i = 0; i < shown; i++) {
		size_t used = 2;
		fputs("  ", t->out);
		escape(&sb, inv->errors[i].error);
		used += put_head(t, sb.buf, msg_w, true);
		fputs("  ", t->out);
		used += 2;
		strbuf_reset(&sb);
		escape(&sb, inv->errors[i].path);
		put_tail(t, sb.buf, t->width - used);
		fputc('\n', t->out);
		strbuf_reset(&sb);
	}
	if (inv->nerrors > shown)
		fprintf(t->out, "  and %zu more, listed in the JSON report\n",
		    inv->nerrors - shown);
	strbuf_release(&sb);
}

/* 'out', 'inv' and 'opts' are borrowed. */
static int
text_write(FILE *out, const struct ca_inventory *inv,
    const struct ca_emit_opts *opts)
{
	struct text t = { .out = out, .width = DEFAULT_WIDTH };
	size_t surf_w = 0;

	if (opts) {
		t.color = opts->color;
		if (opts->width)
			t.width = opts->width;
	}
	/* Narrower than this, the fixed columns alone would wrap. */
	if (t.width < MIN_WIDTH)
		t.width = MIN_WIDTH;
	if (t.width > MAX_WIDTH)
		t.width = MAX_WIDTH;

	summary(&t, inv);
	if (!opts || !opts->summary_only) {
		for (size_t i = 0; i < inv->ncreds; i++) {
			const char *s = inv->creds[i]->surface;
			size_t w = s ? cols(s) : 7;
			if (w > surf_w)
				surf_w = w;
		}
		if (surf_w > 10)
			surf_w = 10;
		if (inv->ncreds)
			fputc('\n', out);
		for (size_t i = 0; i < inv->ncreds; i++)
			credential(&t, inv->creds[i], surf_w);
		agents(&t, inv);
		errors(&t, inv);
	}
	if (ferror(out))
		return ca_error("cannot write the text report: %s",
		    strerror(errno));
	return 0;
}

static const char *const text_extensions[] = { ".txt", ".text", NULL };

const struct ca_emitter ca_emitter_text = {
	.format = "text",
	.extensions = text_extensions,
	.write = text_write,
};
