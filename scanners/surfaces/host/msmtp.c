/* msmtp.c - msmtp accounts: ~/.msmtprc, $XDG_CONFIG_HOME/msmtp/config and
 * the system /etc/msmtprc. "key value" lines ('#' comments, values may be
 * double-quoted) grouped by 'account NAME [: PARENT...]', after a
 * 'defaults' block every account inherits. Per account: 'password' is a
 * literal secret (identity user@host); 'passwordeval' is a command that
 * prints it, reported as a delegation and never run. */
#include "lib/compat.h"
#include "lib/str.h"
#include <ctype.h>
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/secret.h"

#define MAX_ACCOUNTS 256

struct span {
	const char *s;
	size_t n;
	unsigned int line;
};

struct account {
	struct span name, host, user, from, pass, eval;
};

static void
inherit(struct account *to, const struct account *from)
{
	if (!to->host.s)
		to->host = from->host;
	if (!to->user.s)
		to->user = from->user;
	if (!to->from.s)
		to->from = from->from;
	if (!to->pass.s && !to->eval.s) {
		to->pass = from->pass;
		to->eval = from->eval;
	}
}

static void
msmtp_emit(struct ca_ctx *ctx, const struct ca_file *f,
    const struct account *ac)
{
	struct arena *a = ca_scratch(ctx);
	const char *name = ca_printable(a, ac->name.s, ac->name.n, 64);
	const char *host = ac->host.s ?
	    ca_printable(a, ac->host.s, ac->host.n, 128) :
	    "(no host)";
	struct ca_finding fd;

	memset(&fd, 0, sizeof(fd));
	fd.standing = -1;
	fd.tier = -1;
	if (ac->user.s)
		fd.identity = arena_printf(a, "%s@%s",
		    ca_printable(a, ac->user.s, ac->user.n, 128), host);
	else if (ac->from.s)
		fd.identity = arena_printf(a, "%s@%s",
		    ca_printable(a, ac->from.s, ac->from.n, 128), host);
	else
		fd.identity = host;
	if (ac->pass.s && !ca_secret_unusable(ac->pass.s, ac->pass.n)) {
		fd.rule = "msmtp.password";
		fd.kind = "smtp-password";
		fd.line = ac->pass.line;
		fd.secret = ac->pass.s;
		fd.secret_len = ac->pass.n;
		fd.detail = arena_printf(a,
		    "SMTP password of msmtp account "
		    "'%s'",
		    name);
		ca_emit(ctx, &fd);
	} else if (ac->eval.s) {
		const char *cmd = ck_mask_command(ctx, ac->eval.s, ac->eval.n,
		    200);
		fd.rule = "msmtp.passwordeval";
		fd.kind = "mail-password-command";
		fd.line = ac->eval.line;
		fd.ref = arena_printf(a, "msmtp-passwordeval:%s:%s", f->path,
		    name);
		fd.detail = arena_printf(a,
		    "msmtp account '%s' gets its "
		    "password from a command (never run): %s",
		    name, cmd);
		ca_emit(ctx, &fd);
	}
}

static int
msmtp_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	const char *p = f->data, *end = f->data + f->len;
	struct account *acs, defaults, *cur = &defaults;
	size_t nacs = 0;

	acs = arena_alloc(ca_scratch(ctx), MAX_ACCOUNTS * sizeof(*acs));
	memset(&defaults, 0, sizeof(defaults));
	for (unsigned int line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *k, *v;
		size_t n = (size_t)((nl ? nl : end) - p), kl, vl;
		struct span sp;

		p = nl ? nl + 1 : end;
		ca_trim(&s, &n);
		if (!n || s[0] == '#')
			continue;
		k = s;
		for (kl = 0; kl < n && !isspace((unsigned char)s[kl]); kl++)
			;
		v = s + kl;
		vl = n - kl;
		ca_trim(&v, &vl);
		if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
			v++;
			vl -= 2;
		}
		sp.s = v;
		sp.n = vl;
		sp.line = line;
		if (ca_ieq(k, kl, "defaults")) {
			cur = &defaults;
		} else if (ca_ieq(k, kl, "account")) {
			const char *colon = memchr(v, ':', vl);
			size_t nl2 = colon ? (size_t)(colon - v) : vl;
			if (nacs == MAX_ACCOUNTS) {
				ca_warn(ctx, NULL,
				    "more than %d accounts: the "
				    "rest are skipped",
				    MAX_ACCOUNTS);
				break;
			}
			cur = &acs[nacs++];
			memset(cur, 0, sizeof(*cur));
			sp.n = nl2;
			ca_trim(&sp.s, &sp.n);
			cur->name = sp;
			/* 'account x : y z' copies y, then z, over defaults */
			while (colon && colon < v + vl) {
				const char *q = colon + 1, *e;
				while (q < v + vl && isspace((unsigned char)*q))
					q++;
				e = q;
				while (e < v + vl &&
				    !isspace((unsigned char)*e) && *e != ',')
					e++;
				for (size_t i = 0; e > q && i + 1 < nacs; i++)
					if (acs[i].name.n == (size_t)(e - q) &&
					    !memcmp(acs[i].name.s, q,
					        (size_t)(e - q)))
						inherit(cur, &acs[i]);
				colon = e < v + vl ? e : NULL;
			}
		} else if (ca_ieq(k, kl, "host")) {
			cur->host = sp;
		} else if (ca_ieq(k, kl, "user")) {
			cur->user = sp;
		} else if (ca_ieq(k, kl, "from")) {
			cur->from = sp;
		} else if (ca_ieq(k, kl, "password")) {
			cur->pass = sp;
			cur->eval.s = NULL;
		} else if (ca_ieq(k, kl, "passwordeval")) {
			cur->eval = sp;
			cur->pass.s = NULL;
		}
	}
	for (size_t i = 0; i < nacs; i++) {
		inherit(&acs[i], &defaults);
		msmtp_emit(ctx, f, &acs[i]);
	}
	return 0;
}

/* clang-format off */
static const char *const msmtp_claims[] = {
	"**/.msmtprc",
	"**/.config/msmtp/config",
	"/etc/msmtprc",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc msmtp_rules[] = {
	{ "msmtp.password", "smtp-password",
	  "password of an msmtp account (~/.msmtprc)" },
	{ "msmtp.passwordeval", "mail-password-command",
	  "passwordeval of an msmtp account: a command, never run" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_msmtp = {
	.name = "msmtp",
	.surface = "mail",
	.summary = "msmtp SMTP passwords and password commands (~/.msmtprc)",
	.version = 1,
	.claims = msmtp_claims,
	.rules = msmtp_rules,
	.scan_file = msmtp_scan_file,
};
