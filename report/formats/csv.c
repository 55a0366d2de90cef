/* csv.c - the inventory as CSV (RFC 4180): a header row, then one row per
 * credential and location, so a credential seen in three files is three
 * rows sharing an id.
 *
 * Fields are quoted when they hold a comma, a double quote, CR or LF,
 * with quotes doubled; lines end in CRLF. A report is opened in
 * spreadsheets, and a file name such as "=HYPERLINK(...)" would be a
 * formula there: any cell that starts with '=', '+', '-', '@', a tab or CR
 * gets a leading apostrophe (the OWASP "CSV injection" advice), which
 * spreadsheets show as text. `cat report.csv` must not drive the
 * terminal either, so, as in the text report, control characters (C0,
 * DEL, C1) and the code points that reorder or hide text (bidi overrides,
 * line separators) are written as backslash escapes ("\n", "\x1b",
 * "\u009b"), and so are bytes that are not UTF-8 ("\xNN"). A row is
 * therefore always one line. */
#include "lib/compat.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "report/formats/emit.h"
#include "lib/banned.h"

#define LIST_CAP ((size_t)1 << 20) /* one joined reasons/scopes cell */

/* clang-format off */
static const char *const columns[] = {
	"id", "surface", "kind", "label", "rule", "risk", "tier", "redacted",
	"identity", "owner_user", "owner_uid", "owner_source", "expires",
	"standing", "path", "line", "mode", "uid", "location_rule", "reasons",
	"scopes", "links",
};
/* clang-format on */

/* True when a spreadsheet would read a cell starting with 'c' as a
 * formula. */
static bool
formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	    c == '\r';
}

/* Code points that are printable but rearrange or hide what a terminal
 * shows, and the C1 controls (CSI is 0x9b): the text report's list. */
static bool
is_sneaky(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0xfeff;
}

/* Returns an owned copy of 's' (borrowed) with control characters,
 * sneaky code points and bytes that are not UTF-8 escaped. */
static char *
escape_controls(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	/* "\uXXXX" is the longest escape, for at least one byte of input */
	struct strbuf sb = STRBUF_INIT(6 * n + 1);

	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = ca_utf8_decode(p + i, n - i, &cp);

		if (len == 1 && (cp < 0x20 || cp == 0x7f)) {
			if (cp == '\n')
				strbuf_addstr(&sb, "\\n");
			else if (cp == '\t')
				strbuf_addstr(&sb, "\\t");
			else if (cp == '\r')
				strbuf_addstr(&sb, "\\r");
			else
				strbuf_addf(&sb, "\\x%02x", (unsigned)cp);
		} else if (!len) {
			strbuf_addf(&sb, "\\x%02x", (unsigned)p[i]);
			len = 1;
		} else if (is_sneaky(cp)) {
			strbuf_addf(&sb, "\\u%04x", (unsigned)cp);
		} else {
			strbuf_add(&sb, p + i, len);
		}
		i += len;
	}
	return strbuf_detach(&sb, NULL);
}

/* Writes one cell holding 's' (borrowed; NULL is an empty cell), preceded
 * by a comma unless it is the first of its row. */
static void
cell(FILE *out, const char *s, bool first)
{
	char *esc;
	bool quote;

	if (!first)
		fputc(',', out);
	if (!s || !*s)
		return;
	esc = escape_controls(s);
	quote = strpbrk(esc, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', out);
	if (formula_start(esc[0]))
		fputc('\'', out);
	for (const char *p = esc; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	if (quote)
		fputc('"', out);
	free(esc);
}

/* Writes a number cell to 'out' (borrowed), or an empty one when 'v' is
 * negative. */
static void
num_cell(FILE *out, int64_t v)
{
	char buf[32];

	if (v < 0) {
		cell(out, NULL, false);
		return;
	}
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	cell(out, buf, false);
}

/* Returns an owned string: the 'n' strings of 'v' (borrowed) joined by
 * 'sep'. Cut short (never overflowing) past LIST_CAP. */
static char *
join(const char *const *v, size_t n, const char *sep)
{
	struct strbuf sb = STRBUF_INIT(LIST_CAP);

	for (size_t i = 0; i < n; i++) {
		if ((i && strbuf_addstr(&sb, sep) < 0) ||
		    strbuf_addstr(&sb, v[i] ? v[i] : "") < 0)
			break; /* released at the cap: an empty cell */
	}
	return strbuf_detach(&sb, NULL);
}

/* Returns an owned "ref: id id; ref: id" rendering of the links of 'c'
 * (borrowed). */
static char *
links_text(const struct ca_credential *c)
{
	struct strbuf sb = STRBUF_INIT(LIST_CAP);
	int err = 0;

	for (size_t i = 0; i < c->nlinks && !err; i++) {
		const struct ca_link *l = &c->links[i];
		if (i)
			err |= strbuf_addstr(&sb, "; ");
		err |= strbuf_addstr(&sb, l->ref ? l->ref : "");
		err |= strbuf_addch(&sb, ':');
		for (size_t j = 0; j < l->nto && !err; j++) {
			err |= strbuf_addch(&sb, ' ');
			err |= strbuf_addstr(&sb, l->to[j]);
		}
	}
	return strbuf_detach(&sb, NULL);
}

/* One row: the credential's columns, then location 'l' (NULL for a
 * credential with none). Everything is borrowed. */
static void
row(FILE *out, const struct ca_credential *c, const struct ca_location *l,
    const char *reasons, const char *scopes, const char *links)
{
	const struct ca_kind *k = ca_kind_find(c->kind);
	char mode[8];

	cell(out, c->id, true);
	cell(out, c->surface ? c->surface : "generic", false);
	cell(out, c->kind ? c->kind : "unknown", false);
	cell(out, k ? k->label : c->kind, false);
	cell(out, c->rule, false);
	cell(out, ca_risk_name(c->risk), false);
	cell(out, ca_tier_name(c->tier), false);
	cell(out, c->redacted, false);
	cell(out, c->identity, false);
	cell(out, c->owner.user, false);
	num_cell(out, c->owner.uid);
	cell(out, c->owner.source ? c->owner.source : "unowned", false);
	cell(out, c->expires, false);
	cell(out, c->standing ? "true" : "false", false);
	if (l) {
		snprintf(mode, sizeof(mode), "%04o",
		    (unsigned)(l->mode & 07777));
		cell(out, l->path, false);
		num_cell(out, l->line ? (int64_t)l->line : -1);
		cell(out, mode, false);
		num_cell(out, l->uid);
		cell(out, l->rule, false);
	} else {
		for (int i = 0; i < 5; i++)
			cell(out, NULL, false);
	}
	cell(out, reasons, false);
	cell(out, scopes, false);
	cell(out, links, false);
	fputs("\r\n", out);
}

/* 'out', 'inv' and 'opts' are borrowed. */
static int
csv_write(FILE *out, const struct ca_inventory *inv,
    const struct ca_emit_opts *opts)
{
	(void)opts;
	for (size_t i = 0; i < CA_ARRAY_SIZE(columns); i++)
		cell(out, columns[i], i == 0);
	fputs("\r\n", out);
	for (size_t i = 0; i < inv->ncreds && !ferror(out); i++) {
		const struct ca_credential *c = inv->creds[i];
		char *reasons = join(c->reasons, c->nreasons, "; ");
		char *scopes = join(c->scopes, c->nscopes, " ");
		char *links = links_text(c);

		if (!c->nlocations)
			row(out, c, NULL, reasons, scopes, links);
		for (size_t j = 0; j < c->nlocations; j++)
			row(out, c, &c->locations[j], reasons, scopes, links);
		free(reasons);
		free(scopes);
		free(links);
	}
	if (ferror(out))
		return ca_error("cannot write the CSV report: %s",
		    strerror(errno));
	return 0;
}

static const char *const csv_extensions[] = { ".csv", NULL };

const struct ca_emitter ca_emitter_csv = {
	.format = "csv",
	.extensions = csv_extensions,
	.write = csv_write,
};
