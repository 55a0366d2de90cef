/* pgpass.c - PostgreSQL password files: ~/.pgpass (libpq's PGPASSFILE
 * default), one "hostname:port:database:username:password" per line.
 * '#' starts a comment line; '\' escapes ':' and '\' inside a field; '*'
 * in the first four fields matches anything. The identity is
 * user@host:port/database as written. */
#include "lib/compat.h"
#include "lib/str.h"
#include "lib/hash.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/secret.h"

#define PG_FIELDS 5

/* Splits one line into its five fields, unescaped into 'buf' (room for
 * 'n' bytes). Returns 0, or -1 when the line has fewer fields. */
static int
pg_split(const char *s, size_t n, char *buf, const char **field, size_t *flen)
{
	size_t o = 0, k = 0;

	field[0] = buf;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			buf[o++] = s[++i];
		} else if (s[i] == ':' && k < PG_FIELDS - 1) {
			flen[k] = (size_t)(buf + o - field[k]);
			field[++k] = buf + o;
		} else {
			buf[o++] = s[i];
		}
	}
	flen[k] = (size_t)(buf + o - field[k]);
	return k == PG_FIELDS - 1 ? 0 : -1;
}

static int
pgpass_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const char *p = f->data, *end = f->data + f->len;
	unsigned int bad = 0, first_bad = 0;

	for (unsigned int line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *field[PG_FIELDS];
		size_t n = (size_t)((nl ? nl : end) - p), flen[PG_FIELDS];
		struct ca_finding fd;
		char *buf;

		p = nl ? nl + 1 : end;
		if (n && s[n - 1] == '\r')
			n--;
		if (!n || s[0] == '#')
			continue;
		buf = arena_alloc(a, n + 1);
		if (pg_split(s, n, buf, field, flen) < 0) {
			if (!bad++)
				first_bad = line;
			ca_wipe(buf, n);
			continue;
		}
		memset(&fd, 0, sizeof(fd));
		fd.rule = "pgpass.entry";
		fd.kind = "postgres-password";
		fd.standing = -1;
		fd.tier = -1;
		fd.line = line;
		fd.identity = arena_printf(a, "%s@%s:%s/%s",
		    ca_printable(a, field[3], flen[3], 64),
		    ca_printable(a, field[0], flen[0], 128),
		    ca_printable(a, field[1], flen[1], 16),
		    ca_printable(a, field[2], flen[2], 64));
		fd.detail = "PostgreSQL password in .pgpass (libpq sends it to "
		            "every matching server)";
		if (!ca_secret_unusable(field[4], flen[4])) {
			fd.secret = field[4];
			fd.secret_len = flen[4];
			ca_emit(ctx, &fd);
		}
		ca_wipe(buf, n);
	}
	if (bad)
		ca_warn(ctx, NULL,
		    "%u line%s without five fields skipped "
		    "(first: line %u)",
		    bad, bad == 1 ? "" : "s", first_bad);
	return 0;
}

static const char *const pgpass_claims[] = {
	"**/.pgpass",
	NULL,
};

/* clang-format off */
static const struct ca_rule_doc pgpass_rules[] = {
	{ "pgpass.entry", "postgres-password",
	  "hostname:port:database:username:password line of ~/.pgpass" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_pgpass = {
	.name = "pgpass",
	.surface = "database",
	.summary = "PostgreSQL passwords (~/.pgpass)",
	.version = 1,
	.claims = pgpass_claims,
	.rules = pgpass_rules,
	.scan_file = pgpass_scan_file,
};
