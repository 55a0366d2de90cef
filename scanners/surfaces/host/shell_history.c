/* shell_history.c - secrets typed on command lines, from shell and REPL
 * history files: bash (~/.bash_history), zsh (~/.zsh_history, extended
 * lines ": <epoch>:<duration>;<command>", macOS ~/.zsh_sessions), fish
 * (fish_history, "- cmd: <command>" with \\ and \n escapes), and the
 * python, node, psql, mysql (\ooo octal escapes), sqlite, redis-cli and irb
 * REPLs.
 *
 * A shell line is split into words as sh would (quotes, backslashes,
 * operators) and each simple command is read for the forms that carry a
 * secret: an assignment to a variable named like a secret (export, env
 * prefixes, fish 'set -x', csh 'setenv'), curl/wget user:password and
 * Authorization headers, mysql -pPASS, docker/podman/helm login -p,
 * sshpass -p, and gh auth login --with-token fed by '<<<' or a pipe. A
 * REPL line is read for SQL passwords (PASSWORD '...', IDENTIFIED BY
 * '...'), redis AUTH and "name = 'literal'" assignments to a name that
 * says secret. Token-shaped secrets and URLs with passwords are the
 * content rules' (which still run on these files): a line that only
 * mentions a password, a prompt (-p alone, -u user without a password)
 * and $VAR or $(cmd) values are not secrets. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include <ctype.h>
#include "scanners/kit/secret.h"
#include "scanners/surfaces/host/hostwords.h"

/* Longer command lines (a pasted file, a base64 blob) are left to the
 * content rules. */
#define HIST_MAX_LINE  (64 * 1024)
#define HIST_MAX_WORDS 512

enum hist_format { HIST_SH, HIST_ZSH, HIST_FISH, HIST_REPL, HIST_MYSQL };

struct word {
	const char *s; /* unquoted, in the scratch arena */
	size_t n;
	bool op; /* an operator: | || && ; & < > << <<< ( ) */
};

struct hist {
	struct ca_ctx *ctx;
	const struct ca_file *f;
	const char *what; /* "bash history" */
	unsigned int line;
	/* made once per file, not per line: a history has many lines */
	struct word *words;
	char *wordbuf; /* HIST_MAX_LINE + 1 bytes */
};

/* ---- values -------------------------------------------------------- */

static void
emit(struct hist *h, const char *rule, const char *identity, const char *form,
    const char *s, size_t n)
{
	struct arena *a = ca_scratch(h->ctx);
	struct ca_finding fd;

	/* a vendor token is the content rules': their kind names it */
	if (hw_token_shaped(s, n))
		return;
	ca_finding_init(&fd, rule, "history-secret");
	fd.line = h->line;
	fd.identity = identity;
	fd.detail = arena_printf(a, "%s typed on a command line, kept in %s",
	    form, h->what);
	ca_emit_secret(h->ctx, h->f, &fd, s, n);
}

/* The host of the first http(s) URL among the words, or NULL. */
static const char *
url_host(struct hist *h, const struct word *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = w[i].s, *end = s + w[i].n, *host, *e;

		if (w[i].op ||
		    !(ca_starts_with(s, "http://") ||
		        ca_starts_with(s, "https://")))
			continue;
		host = strstr(s, "://") + 3;
		e = host;
		while (e < end && *e != '/' && *e != '?' && *e != '#')
			e++;
		if (memchr(host, '@', (size_t)(e - host)))
			host = (const char *)memchr(host, '@',
			           (size_t)(e - host)) +
			    1;
		for (const char *c = host; c < e; c++)
			if (*c == ':') {
				e = c;
				break;
			}
		if (e > host)
			return ca_printable(ca_scratch(h->ctx), host,
			    (size_t)(e - host), 128);
	}
	return NULL;
}

/* ---- shell words --------------------------------------------------- */

static bool
is_op_char(char c)
{
	return c == '|' || c == '&' || c == ';' || c == '<' || c == '>' ||
	    c == '(' || c == ')';
}

/* Splits 's' ('n' <= HIST_MAX_LINE bytes) into words, unquoted into
 * 'buf'. Returns how many (at most HIST_MAX_WORDS). */
static size_t
split_words(char *buf, const char *s, size_t n, struct word *w)
{
	size_t nw = 0, o = 0, i = 0;

	while (i < n && nw < HIST_MAX_WORDS) {
		char quote = 0;
		size_t start = o;

		while (i < n && isspace((unsigned char)s[i]))
			i++;
		if (i >= n)
			break;
		if (s[i] == '#')
			break; /* a comment to the end of the line */
		if (is_op_char(s[i])) {
			w[nw].s = s + i;
			while (i < n && is_op_char(s[i]))
				i++;
			w[nw].n = (size_t)(s + i - w[nw].s);
			w[nw++].op = true;
			continue;
		}
		for (; i < n; i++) {
			char c = s[i];
			if (quote == '\'') {
				if (c == '\'')
					quote = 0;
				else
					buf[o++] = c;
			} else if (quote == '"') {
				if (c == '"')
					quote = 0;
				else if (c == '\\' && i + 1 < n &&
				    strchr("\"\\$`", s[i + 1]))
					buf[o++] = s[++i];
				else
					buf[o++] = c;
			} else if (c == '\'' || c == '"') {
				quote = c;
			} else if (c == '\\' && i + 1 < n) {
				buf[o++] = s[++i];
			} else if (isspace((unsigned char)c) || is_op_char(c)) {
				break;
			} else {
				buf[o++] = c;
			}
		}
		w[nw].s = buf + start;
		w[nw].n = o - start;
		w[nw++].op = false;
		buf[o++] = '\0';
	}
	return nw;
}

static bool
word_is(const struct word *w, const char *lit)
{
	return !w->op && w->n == strlen(lit) && !memcmp(w->s, lit, w->n);
}

/* The value of option 'opt' at words[i]: "-pX" / "--opt=X" attached, or
 * the next word when 'separate'. Sets *skip to the words used. */
static bool
opt_value(const struct word *w, size_t i, size_t n, const char *opt,
    bool separate, const char **v, size_t *vl)
{
	size_t k = strlen(opt);

	if (w[i].op || w[i].n < k || memcmp(w[i].s, opt, k))
		return false;
	if (w[i].n > k) {
		size_t skip = opt[1] == '-' && w[i].s[k] == '=' ? 1 : 0;
		if (opt[1] == '-' && !skip)
			return false; /* --password-stdin is not --password */
		*v = w[i].s + k + skip;
		*vl = w[i].n - k - skip;
		return true;
	}
	if (!separate || i + 1 >= n || w[i + 1].op)
		return false;
	*v = w[i + 1].s;
	*vl = w[i + 1].n;
	return true;
}

/* NAME=VALUE: reported when the name says secret. */
static void
check_assignment(struct hist *h, const char *s, size_t n)
{
	const char *eq = memchr(s, '=', n);
	size_t nl;

	if (!eq || eq == s)
		return;
	nl = (size_t)(eq - s);
	for (size_t i = 0; i < nl; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return;
	if (hw_secret_name(s, nl) && hw_value_looks_secret(eq + 1, n - nl - 1))
		emit(h, "shell_history.assignment",
		    ca_printable(ca_scratch(h->ctx), s, nl, 64),
		    "a secret assigned to a variable", eq + 1, n - nl - 1);
}

static const char *
base_name(const struct word *w)
{
	const char *slash = memrchr(w->s, '/', w->n);

	return slash ? slash + 1 : w->s;
}

static void
check_curl(struct hist *h, const struct word *w, size_t n, bool wget)
{
	const char *host = url_host(h, w, n);

	for (size_t i = 1; i < n; i++) {
		const char *v;
		size_t vl;

		if (!wget &&
		    (opt_value(w, i, n, "-u", true, &v, &vl) ||
		        opt_value(w, i, n, "--user", true, &v, &vl))) {
			const char *colon = memchr(v, ':', vl);
			if (colon && colon > v) /* without ':' curl prompts */
				emit(h, "shell_history.basic-auth",
				    arena_printf(ca_scratch(h->ctx), "%s@%s",
				        ca_printable(ca_scratch(h->ctx), v,
				            (size_t)(colon - v), 64),
				        host ? host : "(no host)"),
				    "curl -u user:password", colon + 1,
				    vl - (size_t)(colon - v) - 1);
		} else if (wget &&
		    (opt_value(w, i, n, "--password", false, &v, &vl) ||
		        opt_value(w, i, n, "--http-password", false, &v,
		            &vl))) {
			emit(h, "shell_history.basic-auth",
			    host ? host : "(no host)", "wget --password", v,
			    vl);
		} else if (opt_value(w, i, n, "-H", true, &v, &vl) ||
		    opt_value(w, i, n, "--header", !wget, &v, &vl)) {
			const char *p = v, *end = v + vl;
			if (vl < 14 || !ca_ieq(v, 14, "authorization:"))
				continue;
			p += 14;
			while (p < end && isspace((unsigned char)*p))
				p++;
			/* the scheme (Bearer, Basic, token), then the secret */
			while (p < end && !isspace((unsigned char)*p))
				p++;
			while (p < end && isspace((unsigned char)*p))
				p++;
			if (p < end)
				emit(h, "shell_history.auth-header",
				    host ? host : "(no host)",
				    "an Authorization header", p,
				    (size_t)(end - p));
		}
	}
}

static void
check_mysql(struct hist *h, const struct word *w, size_t n)
{
	struct arena *a = ca_scratch(h->ctx);
	const char *user = "(current user)", *host = "localhost", *pw = NULL;
	const char *v;
	size_t pl = 0, vl;

	for (size_t i = 1; i < n; i++) {
		if (opt_value(w, i, n, "-u", true, &v, &vl) ||
		    opt_value(w, i, n, "--user", true, &v, &vl))
			user = ca_printable(a, v, vl, 64);
		else if (opt_value(w, i, n, "-h", true, &v, &vl) ||
		    opt_value(w, i, n, "--host", true, &v, &vl))
			host = ca_printable(a, v, vl, 128);
		/* -p alone (and --password alone) make mysql prompt */
		else if (opt_value(w, i, n, "-p", false, &v, &vl) ||
		    opt_value(w, i, n, "--password", false, &v, &vl)) {
			pw = v;
			pl = vl;
		}
	}
	if (pw)
		emit(h, "shell_history.mysql-password",
		    arena_printf(a, "%s@%s", user, host), "mysql -pPASSWORD",
		    pw, pl);
}

/* docker / podman / nerdctl / buildah / skopeo login, helm registry
 * login: -p, --password; the registry is the last plain word. */
static void
check_login(struct hist *h, const struct word *w, size_t n, size_t from)
{
	struct arena *a = ca_scratch(h->ctx);
	const char *user = NULL, *registry = "docker.io", *pw = NULL, *v;
	size_t pl = 0, vl;

	for (size_t i = from; i < n; i++) {
		if (opt_value(w, i, n, "-u", true, &v, &vl) ||
		    opt_value(w, i, n, "--username", true, &v, &vl)) {
			user = ca_printable(a, v, vl, 64);
			i += w[i].n == 2 || w[i].n == 10;
		} else if (opt_value(w, i, n, "-p", true, &v, &vl) ||
		    opt_value(w, i, n, "--password", true, &v, &vl)) {
			pw = v;
			pl = vl;
			i += w[i].n == 2 || w[i].n == 10;
		} else if (!w[i].op && w[i].n && w[i].s[0] != '-') {
			registry = ca_printable(a, w[i].s, w[i].n, 128);
		}
	}
	if (pw)
		emit(h, "shell_history.login-password",
		    user ? arena_printf(a, "%s@%s", user, registry) : registry,
		    "a registry login password (-p)", pw, pl);
}

/* gh auth login --with-token <<< TOKEN, or echo TOKEN | gh auth login
 * --with-token ('prev' is the command before the pipe, or NULL). */
static void
check_gh(struct hist *h, const struct word *w, size_t n,
    const struct word *prev, size_t nprev, const struct word *after,
    size_t nafter)
{
	const char *host = "github.com", *v;
	bool with_token = false;
	size_t vl;

	if (n < 3 || !word_is(&w[1], "auth") || !word_is(&w[2], "login"))
		return;
	for (size_t i = 3; i < n; i++) {
		if (word_is(&w[i], "--with-token"))
			with_token = true;
		else if (opt_value(w, i, n, "--hostname", true, &v, &vl) ||
		    opt_value(w, i, n, "-h", true, &v, &vl))
			host = ca_printable(ca_scratch(h->ctx), v, vl, 128);
	}
	if (!with_token)
		return;
	if (nafter >= 2 && after[0].op && after[0].n == 3 &&
	    !memcmp(after[0].s, "<<<", 3) && !after[1].op)
		emit(h, "shell_history.gh-token", host,
		    "a token fed to gh auth login", after[1].s, after[1].n);
	else if (prev && nprev >= 2 &&
	    (word_is(&prev[0], "echo") || word_is(&prev[0], "printf")) &&
	    !prev[nprev - 1].op)
		emit(h, "shell_history.gh-token", host,
		    "a token fed to gh auth login", prev[nprev - 1].s,
		    prev[nprev - 1].n);
}

/* One simple command: words [0, n) up to an operator; 'prev' is the
 * command piped into it, 'after' the words after it. */
static void
check_command(struct hist *h, const struct word *w, size_t n,
    const struct word *prev, size_t nprev, const struct word *after,
    size_t nafter)
{
	size_t i = 0;
	const char *cmd;
	const char *v;
	size_t vl;

	/* leading assignments, 'env' and 'sudo' */
	for (; i < n; i++) {
		if (memchr(w[i].s, '=', w[i].n) && w[i].s[0] != '-')
			check_assignment(h, w[i].s, w[i].n);
		else if (!word_is(&w[i], "env") && !word_is(&w[i], "sudo") &&
		    !word_is(&w[i], "command"))
			break;
	}
	if (i >= n)
		return;
	w += i;
	n -= i;
	cmd = base_name(&w[0]);
	if (!strcmp(cmd, "export") || !strcmp(cmd, "declare") ||
	    !strcmp(cmd, "typeset") || !strcmp(cmd, "local") ||
	    !strcmp(cmd, "readonly")) {
		for (size_t k = 1; k < n; k++)
			if (w[k].s[0] != '-')
				check_assignment(h, w[k].s, w[k].n);
	} else if ((!strcmp(cmd, "set") || !strcmp(cmd, "setenv")) && n >= 3) {
		/* fish 'set -gx NAME VALUE', csh 'setenv NAME VALUE' */
		size_t k = 1;
		while (k < n && w[k].s[0] == '-')
			k++;
		if (k + 1 < n && hw_secret_name(w[k].s, w[k].n) &&
		    hw_value_looks_secret(w[k + 1].s, w[k + 1].n))
			emit(h, "shell_history.assignment",
			    ca_printable(ca_scratch(h->ctx), w[k].s, w[k].n,
			        64),
			    "a secret assigned to a variable", w[k + 1].s,
			    w[k + 1].n);
	} else if (!strcmp(cmd, "curl")) {
		check_curl(h, w, n, false);
	} else if (!strcmp(cmd, "wget")) {
		check_curl(h, w, n, true);
	} else if (!strcmp(cmd, "mysql") || !strcmp(cmd, "mysqldump") ||
	    !strcmp(cmd, "mysqladmin") || !strcmp(cmd, "mariadb")) {
		check_mysql(h, w, n);
	} else if ((!strcmp(cmd, "docker") || !strcmp(cmd, "podman") ||
	               !strcmp(cmd, "nerdctl") || !strcmp(cmd, "buildah") ||
	               !strcmp(cmd, "skopeo")) &&
	    n > 1 && word_is(&w[1], "login")) {
		check_login(h, w, n, 2);
	} else if (!strcmp(cmd, "helm") && n > 2 &&
	    word_is(&w[1], "registry") && word_is(&w[2], "login")) {
		check_login(h, w, n, 3);
	} else if (!strcmp(cmd, "gh")) {
		check_gh(h, w, n, prev, nprev, after, nafter);
	} else if (!strcmp(cmd, "sshpass")) {
		for (size_t k = 1; k < n; k++)
			if (opt_value(w, k, n, "-p", true, &v, &vl)) {
				emit(h, "shell_history.sshpass",
				    url_host(h, w, n) ? url_host(h, w, n) :
				                        "(ssh)",
				    "sshpass -p", v, vl);
				break;
			}
	}
}

static void
check_shell_line(struct hist *h, const char *s, size_t n)
{
	struct word *w = h->words;
	size_t nw = split_words(h->wordbuf, s, n, w), start = 0;
	size_t prev = 0, nprev = 0;
	bool piped = false;

	for (size_t i = 0; i <= nw; i++) {
		if (i < nw && !w[i].op)
			continue;
		if (i > start)
			check_command(h, w + start, i - start,
			    piped ? w + prev : NULL, nprev, w + i, nw - i);
		piped = i < nw && w[i].n == 1 && w[i].s[0] == '|';
		prev = start;
		nprev = i - start;
		/* 'cmd <<< word': the word is the command's, not the next */
		if (i < nw && w[i].n == 3 && !memcmp(w[i].s, "<<<", 3))
			i++;
		start = i + 1;
	}
}

/* ---- REPL lines ---------------------------------------------------- */

/* The quoted literal at p (after blanks), or false. */
static bool
quoted_at(const char *p, const char *end, const char **v, size_t *vl)
{
	const char *q;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || (*p != '\'' && *p != '"'))
		return false;
	q = memchr(p + 1, *p, (size_t)(end - p - 1));
	if (!q)
		return false;
	*v = p + 1;
	*vl = (size_t)(q - p - 1);
	return true;
}

static const char *
ci_find(const char *s, const char *end, const char *lit)
{
	size_t k = strlen(lit);

	for (; s + k <= end; s++)
		if (ca_ieq(s, k, lit))
			return s;
	return NULL;
}

/* The SQL user a statement names: the word after USER or ROLE. */
static const char *
sql_user(struct hist *h, const char *s, const char *end)
{
	const char *p = ci_find(s, end, "user ");
	const char *e;

	if (!p)
		p = ci_find(s, end, "role ");
	if (!p)
		return "(database user)";
	p += 5;
	while (p < end && (*p == ' ' || *p == '\'' || *p == '"' || *p == '`'))
		p++;
	for (e = p; e < end &&
	     (isalnum((unsigned char)*e) || *e == '_' || *e == '-' ||
	         *e == '.');
	     e++)
		;
	return e > p ?
	    ca_printable(ca_scratch(h->ctx), p, (size_t)(e - p), 64) :
	    "(database user)";
}

static void
check_repl_line(struct hist *h, const char *s, size_t n)
{
	const char *end, *p, *v;
	size_t vl;

	if (!s || n < 6)
		return; /* too short for any form below */
	end = s + n;
	/* SQL: PASSWORD 'x', PASSWORD = 'x', PASSWORD('x'), IDENTIFIED [WITH
	 * plugin] BY 'x' */
	for (p = s; (p = ci_find(p, end, "password")); p += 8) {
		const char *q = p + 8;
		while (q < end && (*q == ' ' || *q == '=' || *q == '('))
			q++;
		if (quoted_at(q, end, &v, &vl) &&
		    hw_value_looks_secret(v, vl)) {
			emit(h, "shell_history.sql-password",
			    sql_user(h, s, end), "a database password in SQL",
			    v, vl);
			return;
		}
	}
	if ((p = ci_find(s, end, "identified ")) &&
	    (p = ci_find(p, end, " by ")) && quoted_at(p + 4, end, &v, &vl) &&
	    hw_value_looks_secret(v, vl)) {
		emit(h, "shell_history.sql-password", sql_user(h, s, end),
		    "a database password in SQL", v, vl);
		return;
	}
	/* redis-cli: AUTH [user] password */
	if (n > 5 && ca_ieq(s, 5, "auth ")) {
		const char *last = end;
		while (last > s && isspace((unsigned char)last[-1]))
			last--;
		v = last;
		while (v > s + 5 && !isspace((unsigned char)v[-1]))
			v--;
		if (hw_value_looks_secret(v, (size_t)(last - v)))
			emit(h, "shell_history.redis-auth", "redis",
			    "a redis AUTH password", v, (size_t)(last - v));
		return;
	}
	/* name = 'literal' with a name that says secret */
	for (size_t i = 0; i < n; i++) {
		const char *name = s + i, *q;
		if (!(isalpha((unsigned char)s[i]) || s[i] == '_') ||
		    (i &&
		        (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_')))
			continue;
		while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
			i++;
		p = s + i;
		q = p;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (q >= end || *q != '=' || (q + 1 < end && q[1] == '='))
			continue;
		if (hw_secret_name(name, (size_t)(p - name)) &&
		    quoted_at(q + 1, end, &v, &vl) &&
		    hw_value_looks_secret(v, vl))
			emit(h, "shell_history.assignment",
			    ca_printable(ca_scratch(h->ctx), name,
			        (size_t)(p - name), 64),
			    "a secret assigned to a variable", v, vl);
		if (i >= n)
			break;
	}
}

/* ---- formats ------------------------------------------------------- */

/* Decodes one stored line into 'out' (room for n + 1): fish's \\ and \n,
 * mysql's \ooo octal. Returns the decoded length. */
static size_t
decode_line(enum hist_format fmt, const char *s, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && fmt == HIST_FISH) {
			i++;
			out[o++] = s[i] == 'n' ? ' ' : s[i];
		} else if (s[i] == '\\' && i + 3 < n && fmt == HIST_MYSQL &&
		    s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
		    s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
			out[o++] = (char)((s[i + 1] - '0') * 64 +
			    (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			i += 3;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return o;
}

static enum hist_format
format_of(const char *path, const char **what)
{
	static const struct {
		const char *suffix;
		enum hist_format fmt;
		const char *what;
	} map[] = {
		{ "/.bash_history", HIST_SH, "bash history" },
		{ "/.sh_history", HIST_SH, "sh history" },
		{ "/.zsh_history", HIST_ZSH, "zsh history" },
		{ "/.zhistory", HIST_ZSH, "zsh history" },
		{ ".history", HIST_ZSH, "zsh session history" },
		{ "/fish_history", HIST_FISH, "fish history" },
		{ "/.mysql_history", HIST_MYSQL, "mysql history" },
		{ "/.psql_history", HIST_REPL, "psql history" },
		{ "/.python_history", HIST_REPL, "python history" },
		{ "/.node_repl_history", HIST_REPL, "node REPL history" },
		{ "/.sqlite_history", HIST_REPL, "sqlite history" },
		{ "/.rediscli_history", HIST_REPL, "redis-cli history" },
		{ "/.irb_history", HIST_REPL, "irb history" },
	};

	for (size_t i = 0; i < CA_ARRAY_SIZE(map); i++)
		if (ca_ends_with(path, map[i].suffix)) {
			*what = map[i].what;
			return map[i].fmt;
		}
	*what = "shell history";
	return HIST_SH;
}

static int
shell_history_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	struct hist h = { ctx, f, NULL, 0, NULL, NULL };
	enum hist_format fmt = format_of(f->path, &h.what);
	const char *p = f->data, *end = f->data + f->len;
	char *buf = arena_alloc(a, HIST_MAX_LINE + 1);
	unsigned int skipped = 0;

	h.words = arena_alloc(a, HIST_MAX_WORDS * sizeof(*h.words));
	h.wordbuf = arena_alloc(a, HIST_MAX_LINE + 1);

	for (unsigned int line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p;
		size_t n = (size_t)((nl ? nl : end) - p), dn;

		p = nl ? nl + 1 : end;
		if (n && s[n - 1] == '\r')
			n--;
		if (n > HIST_MAX_LINE) {
			skipped++;
			continue;
		}
		if (fmt == HIST_ZSH && n > 2 && s[0] == ':' && s[1] == ' ') {
			const char *semi = memchr(s, ';', n);
			if (semi) {
				n -= (size_t)(semi + 1 - s);
				s = semi + 1;
			}
		} else if (fmt == HIST_FISH) {
			ca_trim(&s, &n);
			if (n < 6 || memcmp(s, "- cmd:", 6))
				continue;
			s += 6;
			n -= 6;
		}
		h.line = line;
		dn = decode_line(fmt, s, n, buf);
		if (fmt == HIST_REPL || fmt == HIST_MYSQL)
			check_repl_line(&h, buf, dn);
		else
			check_shell_line(&h, buf, dn);
		ca_wipe(buf, dn);
	}
	ca_wipe(h.wordbuf, HIST_MAX_LINE + 1);
	if (skipped)
		ca_warn(ctx, NULL,
		    "%u line%s longer than %d KiB left to the "
		    "content rules",
		    skipped, skipped == 1 ? "" : "s", HIST_MAX_LINE / 1024);
	return 0;
}

/* clang-format off */
static const char *const shell_history_claims[] = {
	"**/.bash_history",
	"**/.sh_history",
	"**/.zsh_history",
	"**/.zhistory",
	"**/.zsh_sessions/*.history",
	"**/.local/share/fish/fish_history",
	"**/.python_history",
	"**/.node_repl_history",
	"**/.psql_history",
	"**/.mysql_history",
	"**/.sqlite_history",
	"**/.rediscli_history",
	"**/.irb_history",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc shell_history_rules[] = {
	{ "shell_history.assignment", "history-secret",
	  "export NAME=..., set -x NAME ... or name = '...' with a name that "
	  "says secret" },
	{ "shell_history.auth-header", "history-secret",
	  "curl/wget -H 'Authorization: <scheme> <secret>'" },
	{ "shell_history.basic-auth", "history-secret",
	  "curl -u user:password, wget --password" },
	{ "shell_history.gh-token", "history-secret",
	  "gh auth login --with-token fed by <<< or a pipe" },
	{ "shell_history.login-password", "history-secret",
	  "docker/podman/helm registry login -p PASSWORD" },
	{ "shell_history.mysql-password", "history-secret",
	  "mysql -pPASSWORD or --password=PASSWORD" },
	{ "shell_history.redis-auth", "history-secret",
	  "redis-cli AUTH password" },
	{ "shell_history.sql-password", "history-secret",
	  "PASSWORD '...' or IDENTIFIED BY '...' in psql or mysql history" },
	{ "shell_history.sshpass", "history-secret", "sshpass -p PASSWORD" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_shell_history = {
	.name = "shell_history",
	.surface = "host",
	.summary = "secrets typed on command lines (shell and REPL history)",
	.version = 1,
	.claims = shell_history_claims,
	.rules = shell_history_rules,
	.scan_file = shell_history_scan_file,
};
