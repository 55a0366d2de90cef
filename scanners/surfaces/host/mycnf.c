/* mycnf.c - MySQL / MariaDB option files: ~/.my.cnf (and /etc/my.cnf,
 * the .cnf files of /etc/mysql/conf.d): 'password' in the [client], [mysql],
 * [mysqldump], [mysqladmin], [mariadb-client]... groups, with the 'user'
 * and 'host' of the same group (or of [client], which every client
 * reads). A 'password' with no value makes the client prompt: nothing to
 * report. The obfuscated ~/.mylogin.cnf is not read. */
#include "lib/compat.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/secret.h"

#define MAX_ITEMS 4096

struct mycnf {
	struct ca_ctx *ctx;
	struct ck_ini_item *items;
	size_t n, cap;
};

static int
mycnf_item(void *arg, const struct ck_ini_item *it)
{
	struct mycnf *m = arg;

	if (m->n == m->cap) {
		struct ck_ini_item *ni;
		if (m->cap >= MAX_ITEMS)
			return 1;
		m->cap = m->cap ? m->cap * 2 : 32;
		ni = arena_alloc(ca_scratch(m->ctx), m->cap * sizeof(*ni));
		if (m->n)
			memcpy(ni, m->items, m->n * sizeof(*ni));
		m->items = ni;
	}
	m->items[m->n++] = *it;
	return 0;
}

/* 'key' of the group of 'like', else of [client]; trimmed, unquoted. */
static bool
mycnf_get(const struct mycnf *m, const struct ck_ini_item *like,
    const char *key, const char **v, size_t *vl)
{
	const struct ck_ini_item *hit = NULL;

	for (size_t i = 0; i < m->n; i++) {
		const struct ck_ini_item *it = &m->items[i];
		if (!it->section || !ca_ieq(it->key, it->key_len, key))
			continue;
		/* The tool's own section wins over [client]. */
		if ((it->section_len == like->section_len &&
		        !memcmp(it->section, like->section, it->section_len)) ||
		    (!hit && ca_ieq(it->section, it->section_len, "client")))
			hit = it;
	}
	if (!hit)
		return false;
	*v = hit->val;
	*vl = hit->val_len;
	if (*vl >= 2 && ((*v)[0] == '"' || (*v)[0] == '\'') &&
	    (*v)[*vl - 1] == (*v)[0]) {
		(*v)++;
		*vl -= 2;
	}
	return *vl > 0;
}

static int
mycnf_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	struct ck_ini_status st;
	struct mycnf m;

	memset(&m, 0, sizeof(m));
	m.ctx = ctx;
	ck_ini_parse(f->data, f->len, mycnf_item, &m, &st);
	for (size_t i = 0; i < m.n; i++) {
		const struct ck_ini_item *it = &m.items[i];
		const char *pw = it->val, *u = NULL, *h = NULL;
		size_t pl = it->val_len, ul = 0, hl = 0;
		struct ca_finding fd;

		if (!it->section || !ca_ieq(it->key, it->key_len, "password"))
			continue;
		if (pl >= 2 && (pw[0] == '"' || pw[0] == '\'') &&
		    pw[pl - 1] == pw[0]) {
			pw++;
			pl -= 2;
		}
		if (ca_secret_unusable(pw, pl))
			continue;
		mycnf_get(&m, it, "user", &u, &ul);
		mycnf_get(&m, it, "host", &h, &hl);
		memset(&fd, 0, sizeof(fd));
		fd.rule = "mycnf.password";
		fd.kind = "mysql-password";
		fd.standing = -1;
		fd.tier = -1;
		fd.line = it->line;
		fd.identity = arena_printf(a, "%s@%s",
		    u ? ca_printable(a, u, ul, 64) : "(current user)",
		    h ? ca_printable(a, h, hl, 128) : "localhost");
		fd.detail = arena_printf(a,
		    "MySQL password in option group "
		    "[%s]",
		    ca_printable(a, it->section, it->section_len, 64));
		fd.secret = pw;
		fd.secret_len = pl;
		ca_emit(ctx, &fd);
	}
	return 0;
}

/* clang-format off */
static const char *const mycnf_claims[] = {
	"**/.my.cnf",
	"/etc/my.cnf",
	"/etc/mysql/my.cnf",
	"/etc/mysql/conf.d/*.cnf",
	"/etc/mysql/mariadb.conf.d/*.cnf",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc mycnf_rules[] = {
	{ "mycnf.password", "mysql-password",
	  "password in a client group of a MySQL option file (~/.my.cnf)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_mycnf = {
	.name = "mycnf",
	.surface = "database",
	.summary = "MySQL and MariaDB client passwords (~/.my.cnf)",
	.version = 1,
	.claims = mycnf_claims,
	.rules = mycnf_rules,
	.scan_file = mycnf_scan_file,
};
