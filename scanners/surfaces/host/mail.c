/* mail.c - mail clients that keep a password beside the account:
 *
 *   mutt / neomutt  ~/.muttrc, ~/.mutt/muttrc, ~/.config/mutt/muttrc,
 *                   ~/.neomuttrc, ~/.config/neomutt/neomuttrc: 'set
 *                   imap_pass', 'pop_pass', 'smtp_pass' (a `backtick`
 *                   value is a command: a delegation, never run), with
 *                   imap_user / pop_user / smtp_url / folder for identity;
 *   mbsync / isync  ~/.mbsyncrc, ~/.config/isyncrc: 'Pass' of each
 *                   IMAPAccount ('PassCmd' is a delegation);
 *   fetchmail       ~/.fetchmailrc: 'poll HOST ... user NAME ... password
 *                   VALUE' (a free-form token stream);
 *   offlineimap     ~/.offlineimaprc: 'remotepass' of each [Repository]
 *                   ('remotepasseval' and 'remotepassfile' delegate);
 *   getmail         ~/.getmail/getmailrc*: [retriever] 'password'
 *                   ('password_command' delegates);
 *   Thunderbird     <profile>/logins.json beside key4.db: the saved
 *                   passwords are reported as a store, never decrypted,
 *                   with the accounts prefs.js names.
 *
 * Identity is user@host. A command that produces a password is reported
 * as mail-password-command and never executed. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include <ctype.h>
#include <jansson.h>
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/secret.h"

#define MAIL_MAX_ACCOUNTS 256
#define TB_MAX_SCOPES     32

struct mspan {
	const char *s;
	size_t n;
	unsigned int line;
};

static const char *
pr(struct ca_ctx *ctx, const struct mspan *sp, const char *dflt)
{
	return sp->s && sp->n ?
	    ca_printable(ca_scratch(ctx), sp->s, sp->n, 128) :
	    dflt;
}

/* Reports a literal password, or the command that yields one. */
static void
mail_emit(struct ca_ctx *ctx, const struct ca_file *f, const char *rule,
    const char *kind, const char *identity, const char *what,
    const struct mspan *secret)
{
	struct ca_finding fd;

	ca_finding_init(&fd, rule, kind);
	fd.line = secret->line;
	fd.identity = identity;
	fd.detail = what;
	ca_emit_secret(ctx, f, &fd, secret->s, secret->n);
}

static void
mail_emit_command(struct ca_ctx *ctx, const struct ca_file *f, const char *rule,
    const char *identity, const char *client, const struct mspan *cmd)
{
	struct arena *a = ca_scratch(ctx);
	struct ca_finding fd;

	ca_finding_init(&fd, rule, "mail-password-command");
	fd.line = cmd->line;
	fd.identity = identity;
	fd.ref = arena_printf(a, "%s:%s:%u", rule, f->path, cmd->line);
	fd.detail = arena_printf(a,
	    "%s gets the password of %s from a "
	    "command (never run): %s",
	    client, identity, ck_mask_command(ctx, cmd->s, cmd->n, 200));
	ca_emit(ctx, &fd);
}

/* Strips one level of matching quotes. */
static void
unquote(const char **s, size_t *n)
{
	if (*n >= 2 && ((*s)[0] == '"' || (*s)[0] == '\'') &&
	    (*s)[*n - 1] == (*s)[0]) {
		(*s)++;
		*n -= 2;
	}
}

/* The host of a URL ("imaps://user@host:993/INBOX" gives host), into
 * '*host'; the user part into '*user' when there is one. */
static void
url_parts(const struct mspan *url, struct mspan *user, struct mspan *host)
{
	const char *s = url->s, *end, *h, *e, *at;

	if (!s)
		return;
	end = s + url->n;
	h = s;
	for (const char *p = s; p + 2 < end; p++)
		if (p[0] == ':' && p[1] == '/' && p[2] == '/') {
			h = p + 3;
			break;
		}
	e = h;
	while (e < end && *e != '/' && *e != '?')
		e++;
	at = NULL;
	for (const char *p = h; p < e; p++)
		if (*p == '@')
			at = p;
	if (at) {
		const char *colon = memchr(h, ':', (size_t)(at - h));
		user->s = h;
		user->n = (size_t)((colon ? colon : at) - h);
		user->line = url->line;
		h = at + 1;
	}
	for (const char *p = h; p < e; p++)
		if (*p == ':') {
			e = p;
			break;
		}
	host->s = h;
	host->n = (size_t)(e - h);
	host->line = url->line;
}

/* ---- mutt ---------------------------------------------------------- */

struct mutt {
	struct mspan imap_user, imap_pass, pop_user, pop_pass, smtp_url,
	    smtp_pass, folder, pop_host, from, spoolfile;
};

static void
mutt_scan(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const char *p = f->data, *end = f->data + f->len;
	struct mutt m;
	struct mspan u = { 0 }, h = { 0 };
	const char *user, *host;

	memset(&m, 0, sizeof(m));
	for (unsigned int line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *k, *eq, *v;
		size_t n = (size_t)((nl ? nl : end) - p), kn, vn;
		struct mspan *slot = NULL;

		p = nl ? nl + 1 : end;
		ca_trim(&s, &n);
		if (n < 4 || memcmp(s, "set", 3) ||
		    !isspace((unsigned char)s[3]))
			continue;
		s += 4;
		n -= 4;
		ca_trim(&s, &n);
		eq = memchr(s, '=', n);
		if (!eq)
			continue;
		k = s;
		kn = (size_t)(eq - s);
		ca_trim(&k, &kn);
		v = eq + 1;
		vn = (size_t)(s + n - v);
		ca_trim(&v, &vn);
		/* an unquoted value ends at a blank; then maybe a comment */
		if (vn && v[0] != '"' && v[0] != '\'' && v[0] != '`') {
			size_t i = 0;
			while (i < vn && !isspace((unsigned char)v[i]))
				i++;
			vn = i;
		} else if (vn && (v[0] == '"' || v[0] == '\'' || v[0] == '`')) {
			const char *q = memchr(v + 1, v[0], vn - 1);
			if (q)
				vn = (size_t)(q - v + 1);
		}
		if (ca_ieq(k, kn, "imap_user"))
			slot = &m.imap_user;
		else if (ca_ieq(k, kn, "imap_pass"))
			slot = &m.imap_pass;
		else if (ca_ieq(k, kn, "pop_user"))
			slot = &m.pop_user;
		else if (ca_ieq(k, kn, "pop_pass"))
			slot = &m.pop_pass;
		else if (ca_ieq(k, kn, "pop_host"))
			slot = &m.pop_host;
		else if (ca_ieq(k, kn, "smtp_url"))
			slot = &m.smtp_url;
		else if (ca_ieq(k, kn, "smtp_pass"))
			slot = &m.smtp_pass;
		else if (ca_ieq(k, kn, "folder"))
			slot = &m.folder;
		else if (ca_ieq(k, kn, "spoolfile"))
			slot = &m.spoolfile;
		else if (ca_ieq(k, kn, "from"))
			slot = &m.from;
		if (slot) {
			slot->s = v;
			slot->n = vn;
			slot->line = line;
			/* passwords keep their quotes for the backtick test */
			if (slot != &m.imap_pass && slot != &m.pop_pass &&
			    slot != &m.smtp_pass)
				unquote(&slot->s, &slot->n);
		}
	}
	/* the IMAP host is the folder's (or the spool's) */
	url_parts(m.folder.s ? &m.folder : &m.spoolfile, &u, &h);
	user = pr(ctx, &m.imap_user,
	    u.s ? pr(ctx, &u, "(no user)") : "(no user)");
	host = pr(ctx, &h, "(imap host)");
	if (m.imap_pass.s) {
		struct mspan *ip = &m.imap_pass;
		const char *id = arena_printf(a, "%s@%s", user, host);
		if (ip->n && ip->s[0] == '`')
			mail_emit_command(ctx, f, "mail.mutt-command", id,
			    "mutt", ip);
		else {
			unquote(&ip->s, &ip->n);
			mail_emit(ctx, f, "mail.mutt-password", "mail-password",
			    id, "IMAP password of a mutt configuration", ip);
		}
	}
	if (m.pop_pass.s) {
		struct mspan *pp = &m.pop_pass, ph = { 0 }, pu = { 0 };
		const char *id;
		url_parts(&m.pop_host, &pu, &ph);
		id = arena_printf(a, "%s@%s", pr(ctx, &m.pop_user, "(no user)"),
		    pr(ctx, &ph, "(pop host)"));
		if (pp->n && pp->s[0] == '`')
			mail_emit_command(ctx, f, "mail.mutt-command", id,
			    "mutt", pp);
		else {
			unquote(&pp->s, &pp->n);
			mail_emit(ctx, f, "mail.mutt-password", "mail-password",
			    id, "POP password of a mutt configuration", pp);
		}
	}
	if (m.smtp_pass.s) {
		struct mspan *sp = &m.smtp_pass, su = { 0 }, sh = { 0 };
		struct mspan url = m.smtp_url;
		const char *id;
		unquote(&url.s, &url.n);
		url_parts(&url, &su, &sh);
		id = arena_printf(a, "%s@%s", su.s ? pr(ctx, &su, user) : user,
		    pr(ctx, &sh, "(smtp host)"));
		if (sp->n && sp->s[0] == '`')
			mail_emit_command(ctx, f, "mail.mutt-command", id,
			    "mutt", sp);
		else {
			unquote(&sp->s, &sp->n);
			mail_emit(ctx, f, "mail.mutt-smtp-password",
			    "smtp-password", id,
			    "SMTP password of a mutt configuration", sp);
		}
	}
}

/* ---- mbsync -------------------------------------------------------- */

struct mbsync_account {
	struct mspan name, host, user, pass, cmd;
};

static void
mbsync_flush(struct ca_ctx *ctx, const struct ca_file *f,
    const struct mbsync_account *ac)
{
	const char *id;

	if (!ac->name.s)
		return;
	id = arena_printf(ca_scratch(ctx), "%s@%s",
	    pr(ctx, &ac->user, "(no user)"), pr(ctx, &ac->host, "(no host)"));
	if (ac->pass.s)
		mail_emit(ctx, f, "mail.mbsync-password", "mail-password", id,
		    arena_printf(ca_scratch(ctx),
		        "IMAP password of mbsync "
		        "account '%s'",
		        pr(ctx, &ac->name, "?")),
		    &ac->pass);
	else if (ac->cmd.s)
		mail_emit_command(ctx, f, "mail.mbsync-command", id, "mbsync",
		    &ac->cmd);
}

static void
mbsync_scan(struct ca_ctx *ctx, const struct ca_file *f)
{
	const char *p = f->data, *end = f->data + f->len;
	struct mbsync_account ac;

	memset(&ac, 0, sizeof(ac));
	for (unsigned int line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *v;
		size_t n = (size_t)((nl ? nl : end) - p), kn, vn;
		struct mspan sp;

		p = nl ? nl + 1 : end;
		ca_trim(&s, &n);
		if (!n || s[0] == '#')
			continue;
		for (kn = 0; kn < n && !isspace((unsigned char)s[kn]); kn++)
			;
		v = s + kn;
		vn = n - kn;
		ca_trim(&v, &vn);
		sp.s = v;
		sp.n = vn;
		sp.line = line;
		if (ca_ieq(s, kn, "IMAPAccount")) {
			mbsync_flush(ctx, f, &ac);
			memset(&ac, 0, sizeof(ac));
			ac.name = sp;
		} else if (!ac.name.s) {
			continue;
		} else if (ca_ieq(s, kn, "IMAPStore") ||
		    ca_ieq(s, kn, "MaildirStore") || ca_ieq(s, kn, "Channel") ||
		    ca_ieq(s, kn, "Group")) {
			mbsync_flush(ctx, f, &ac);
			memset(&ac, 0, sizeof(ac));
		} else if (ca_ieq(s, kn, "Host")) {
			ac.host = sp;
		} else if (ca_ieq(s, kn, "User")) {
			unquote(&sp.s, &sp.n);
			ac.user = sp;
		} else if (ca_ieq(s, kn, "Pass")) {
			unquote(&sp.s, &sp.n);
			ac.pass = sp;
		} else if (ca_ieq(s, kn, "PassCmd")) {
			unquote(&sp.s, &sp.n);
			ac.cmd = sp;
		}
	}
	mbsync_flush(ctx, f, &ac);
}

/* ---- fetchmail ----------------------------------------------------- */

/* The next blank-separated token (quotes kept together, '#' comments
 * skipped); false at the end. */
static bool
fm_token(const char **pp, const char *end, unsigned int *line, struct mspan *t)
{
	const char *p = *pp;

	for (;;) {
		while (p < end && isspace((unsigned char)*p)) {
			if (*p == '\n')
				(*line)++;
			p++;
		}
		if (p < end && *p == '#') {
			while (p < end && *p != '\n')
				p++;
			continue;
		}
		break;
	}
	if (p >= end)
		return false;
	t->s = p;
	t->line = *line;
	if (*p == '"' || *p == '\'') {
		const char *q = p + 1;
		while (q < end && *q != *p && *q != '\n')
			q += *q == '\\' && q + 1 < end ? 2 : 1;
		if (q > end)
			q = end;
		t->s = p + 1;
		t->n = (size_t)(q - p - 1);
		*pp = q < end && *q == *p ? q + 1 : q;
		return true;
	}
	while (p < end && !isspace((unsigned char)*p) && *p != ',' && *p != ';')
		p++;
	if (p == t->s)
		p++; /* a lone ',' or ';' */
	t->n = (size_t)(p - t->s);
	*pp = p;
	return true;
}

static void
fetchmail_flush(struct ca_ctx *ctx, const struct ca_file *f,
    const struct mspan *host, const struct mspan *user,
    const struct mspan *pass)
{
	if (!pass->s || !host->s)
		return;
	mail_emit(ctx, f, "mail.fetchmail-password", "mail-password",
	    arena_printf(ca_scratch(ctx), "%s@%s",
	        pr(ctx, user, "(current user)"), pr(ctx, host, "?")),
	    "password of a fetchmail poll entry", pass);
}

static void
fetchmail_scan(struct ca_ctx *ctx, const struct ca_file *f)
{
	const char *p = f->data, *end = f->data + f->len;
	struct mspan host = { 0 }, user = { 0 }, pass = { 0 }, t, v;
	unsigned int line = 1;

	while (fm_token(&p, end, &line, &t)) {
		if (ca_ieq(t.s, t.n, "poll") || ca_ieq(t.s, t.n, "skip") ||
		    ca_ieq(t.s, t.n, "defaults")) {
			fetchmail_flush(ctx, f, &host, &user, &pass);
			memset(&host, 0, sizeof(host));
			memset(&user, 0, sizeof(user));
			memset(&pass, 0, sizeof(pass));
			if (!ca_ieq(t.s, t.n, "defaults") &&
			    fm_token(&p, end, &line, &v))
				host = v;
		} else if ((ca_ieq(t.s, t.n, "user") ||
		               ca_ieq(t.s, t.n, "username")) &&
		    fm_token(&p, end, &line, &v)) {
			/* a second 'user' starts another user of the host */
			if (pass.s)
				fetchmail_flush(ctx, f, &host, &user, &pass);
			memset(&pass, 0, sizeof(pass));
			user = v;
		} else if ((ca_ieq(t.s, t.n, "password") ||
		               ca_ieq(t.s, t.n, "pass") ||
		               ca_ieq(t.s, t.n, "passwd")) &&
		    fm_token(&p, end, &line, &v)) {
			pass = v;
		}
	}
	fetchmail_flush(ctx, f, &host, &user, &pass);
}

/* ---- offlineimap and getmail (INI) --------------------------------- */

struct ini_section {
	struct mspan name, host, user, pass, cmd;
	const char *cmd_key;
};

static void
ini_flush(struct ca_ctx *ctx, const struct ca_file *f, bool getmail,
    const struct ini_section *sec)
{
	const char *id, *client = getmail ? "getmail" : "offlineimap";

	if (!sec->pass.s && !sec->cmd.s)
		return;
	id = arena_printf(ca_scratch(ctx), "%s@%s",
	    pr(ctx, &sec->user, "(no user)"), pr(ctx, &sec->host, "(no host)"));
	if (sec->pass.s)
		mail_emit(ctx, f,
		    getmail ? "mail.getmail-password" :
		              "mail.offlineimap-password",
		    "mail-password", id,
		    arena_printf(ca_scratch(ctx), "password of %s [%s]", client,
		        pr(ctx, &sec->name, "?")),
		    &sec->pass);
	else
		mail_emit_command(ctx, f,
		    getmail ? "mail.getmail-command" :
		              "mail.offlineimap-command",
		    id, client, &sec->cmd);
}

static void
ini_scan(struct ca_ctx *ctx, const struct ca_file *f, bool getmail)
{
	const char *p = f->data, *end = f->data + f->len;
	struct ini_section sec;

	memset(&sec, 0, sizeof(sec));
	for (unsigned int line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *sep, *k, *v;
		size_t n = (size_t)((nl ? nl : end) - p), kn, vn;
		struct mspan sp;

		p = nl ? nl + 1 : end;
		ca_trim(&s, &n);
		if (!n || s[0] == '#' || s[0] == ';')
			continue;
		if (s[0] == '[' && s[n - 1] == ']') {
			ini_flush(ctx, f, getmail, &sec);
			memset(&sec, 0, sizeof(sec));
			sec.name.s = s + 1;
			sec.name.n = n - 2;
			continue;
		}
		sep = NULL;
		for (size_t i = 0; i < n; i++)
			if (s[i] == '=' || s[i] == ':') {
				sep = s + i;
				break;
			}
		if (!sep)
			continue;
		k = s;
		kn = (size_t)(sep - s);
		ca_trim(&k, &kn);
		v = sep + 1;
		vn = (size_t)(s + n - v);
		ca_trim(&v, &vn);
		sp.s = v;
		sp.n = vn;
		sp.line = line;
		if (ca_ieq(k, kn, "remotehost") || ca_ieq(k, kn, "server"))
			sec.host = sp;
		else if (ca_ieq(k, kn, "remoteuser") ||
		    ca_ieq(k, kn, "username"))
			sec.user = sp;
		else if (ca_ieq(k, kn, "remotepass") ||
		    (getmail && ca_ieq(k, kn, "password")))
			sec.pass = sp;
		else if (ca_ieq(k, kn, "remotepasseval") ||
		    ca_ieq(k, kn, "remotepassfile") ||
		    (getmail && ca_ieq(k, kn, "password_command")))
			sec.cmd = sp;
	}
	ini_flush(ctx, f, getmail, &sec);
}

/* ---- Thunderbird --------------------------------------------------- */

/* The value of user_pref("<key>", "<value>") at 's', or false. */
static bool
pref_string(const char *s, size_t n, struct mspan *key, struct mspan *val)
{
	const char *end = s + n, *q;

	if (n < 12 || memcmp(s, "user_pref(\"", 11))
		return false;
	key->s = s + 11;
	q = memchr(key->s, '"', (size_t)(end - key->s));
	if (!q)
		return false;
	key->n = (size_t)(q - key->s);
	q++;
	while (q < end && (*q == ',' || *q == ' '))
		q++;
	if (q >= end || *q != '"')
		return false;
	val->s = q + 1;
	q = memchr(val->s, '"', (size_t)(end - val->s));
	if (!q)
		return false;
	val->n = (size_t)(q - val->s);
	return true;
}

static bool
key_ends(const struct mspan *k, const char *prefix, const char *suffix)
{
	size_t pl = strlen(prefix), sl = strlen(suffix);

	return k->n > pl + sl && !memcmp(k->s, prefix, pl) &&
	    !memcmp(k->s + k->n - sl, suffix, sl);
}

static void
thunderbird_scan(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const char *slash = strrchr(f->path, '/');
	const char *dir = arena_strndup(a, f->path,
	    slash ? (size_t)(slash - f->path) : 0);
	const char **scopes = arena_zalloc(a,
	    (TB_MAX_SCOPES + 1) * sizeof(*scopes));
	const char *owner = NULL, *keynote;
	struct strbuf prefs, key;
	struct ca_finding fd;
	size_t nscopes = 0, nlogins = 0;
	json_t *root = ck_json_load_warn(ctx, f);

	if (!root)
		return;
	if (json_is_array(json_object_get(root, "logins")))
		nlogins = json_array_size(json_object_get(root, "logins"));
	ck_json_free(root);

	strbuf_init(&prefs, 4u << 20);
	if (ca_read_file(ctx, arena_printf(a, "%s/prefs.js", dir), &prefs) ==
	    0) {
		const char *p = prefs.buf, *end = prefs.buf + prefs.len;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = (size_t)((nl ? nl : end) - p);
			struct mspan k, v;

			if (pref_string(p, n, &k, &v)) {
				if (!owner &&
				    key_ends(&k, "mail.identity.",
				        ".useremail"))
					owner = ca_printable(a, v.s, v.n, 128);
				else if (nscopes < TB_MAX_SCOPES &&
				    (key_ends(&k, "mail.server.",
				         ".hostname") ||
				        key_ends(&k, "mail.smtpserver.",
				            ".hostname")))
					scopes[nscopes++] = arena_printf(a,
					    "%s server %s",
					    k.s[5] == 's' && k.s[6] == 'm' ?
					        "smtp" :
					        "mail",
					    ca_printable(a, v.s, v.n, 128));
			}
			p = nl ? nl + 1 : end;
		}
	}
	strbuf_release(&prefs);
	strbuf_init(&key, (64u << 20) + 1);
	keynote = ca_read_file(ctx, arena_printf(a, "%s/key4.db", dir), &key) ==
	        0 ?
	    "key4.db sits beside it: readable by whoever reads "
	    "the profile unless a primary password is set (not checked)" :
	    "no key4.db beside it";
	ca_wipe(key.buf, key.len);
	strbuf_release(&key);

	ca_finding_init(&fd, "mail.thunderbird-logins", "mail-saved-logins");
	fd.ref = arena_printf(a, "mail-logins:%s", f->path);
	fd.identity = owner ? owner :
	                      arena_printf(a,
	                          "Thunderbird profile "
	                          "%s",
	                          ca_printable(a, dir, strlen(dir), 128));
	fd.scopes = nscopes ? scopes : NULL;
	fd.detail = arena_printf(a,
	    "Thunderbird saved passwords: %zu "
	    "login%s (never decrypted); %s",
	    nlogins, nlogins == 1 ? "" : "s", keynote);
	ca_emit(ctx, &fd);
}

/* ---- dispatch ------------------------------------------------------ */

static int
mail_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	const char *n = f->name;

	if (!strcmp(n, "logins.json"))
		thunderbird_scan(ctx, f);
	else if (!strcmp(n, ".mbsyncrc") || !strcmp(n, "isyncrc") ||
	    !strcmp(n, "mbsyncrc"))
		mbsync_scan(ctx, f);
	else if (!strcmp(n, ".fetchmailrc"))
		fetchmail_scan(ctx, f);
	else if (!strcmp(n, ".offlineimaprc") ||
	    ca_ends_with(f->path, "/offlineimap/config"))
		ini_scan(ctx, f, false);
	else if (ca_starts_with(n, "getmailrc"))
		ini_scan(ctx, f, true);
	else
		mutt_scan(ctx, f);
	return 0;
}

/* clang-format off */
static const char *const mail_claims[] = {
	"**/.muttrc",
	"**/.mutt/muttrc",
	"**/.config/mutt/muttrc",
	"**/.neomuttrc",
	"**/.config/neomutt/neomuttrc",
	"**/.mbsyncrc",
	"**/.config/isyncrc",
	"**/.config/isync/mbsyncrc",
	"**/.fetchmailrc",
	"**/.offlineimaprc",
	"**/.config/offlineimap/config",
	"**/.getmail/getmailrc*",
	"**/.config/getmail/getmailrc*",
	"**/.thunderbird/*/logins.json",
	"**/snap/thunderbird/common/.thunderbird/*/logins.json",
	"**/Library/Thunderbird/Profiles/*/logins.json",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc mail_rules[] = {
	{ "mail.fetchmail-password", "mail-password",
	  "password of a fetchmail poll entry (~/.fetchmailrc)" },
	{ "mail.getmail-command", "mail-password-command",
	  "getmail password_command: a command, never run" },
	{ "mail.getmail-password", "mail-password",
	  "[retriever] password of a getmailrc" },
	{ "mail.mbsync-command", "mail-password-command",
	  "mbsync PassCmd: a command, never run" },
	{ "mail.mbsync-password", "mail-password",
	  "Pass of an mbsync IMAPAccount (~/.mbsyncrc)" },
	{ "mail.mutt-command", "mail-password-command",
	  "mutt imap_pass/smtp_pass set from a `command`, never run" },
	{ "mail.mutt-password", "mail-password",
	  "mutt/neomutt imap_pass or pop_pass" },
	{ "mail.mutt-smtp-password", "smtp-password",
	  "mutt/neomutt smtp_pass" },
	{ "mail.offlineimap-command", "mail-password-command",
	  "offlineimap remotepasseval or remotepassfile" },
	{ "mail.offlineimap-password", "mail-password",
	  "offlineimap remotepass of a [Repository]" },
	{ "mail.thunderbird-logins", "mail-saved-logins",
	  "Thunderbird logins.json + key4.db store (metadata only)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_mail = {
	.name = "mail",
	.surface = "mail",
	.summary = "mail client passwords (mutt, mbsync, fetchmail, "
	           "offlineimap, getmail) and Thunderbird's saved logins",
	.version = 1,
	.claims = mail_claims,
	.rules = mail_rules,
	.scan_file = mail_scan_file,
};
