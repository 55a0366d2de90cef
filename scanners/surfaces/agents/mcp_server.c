/* mcp_server.c - what the agents surface reports of one MCP server (see
 * mcp_server.h): the launch it runs (npx, uvx, docker run, a shell), the
 * capability class of that package from the catalog or, failing that,
 * from the command line itself, the roots and profiles it opens, and the
 * secrets wired into it.
 *
 * A server is one secretless credential of kind "mcp-server" whose scopes
 * say "mcp:<name>", its transport and "capability:<class>", and whose
 * links name what it reaches: its own inline secrets, and every credential
 * under a filesystem root it is given (a shell reaches the whole home, a
 * browser server the profile it drives). The inventory resolves those
 * links after the walk and raises the server's tier to the highest tier
 * it reaches. Each inline secret is a credential of its own, scoped
 * "mcp:<name>"; a reference to the environment or an input prompt is
 * listed on the server, never reported as a secret. */
#include "lib/compat.h"
#include "lib/str.h"
#include "scanners/kit/secret.h"
#include "scanners/surfaces/agents/mcp_server.h"
#include "lib/banned.h"

#define MAX_ROOTS  16
#define MAX_SCOPES (8 + MCP_CAP_COUNT + MAX_ROOTS + MCP_MAX_PAIRS)

/* ---- secret shapes --------------------------------------------------- */

struct shape {
	const char *prefix;
	const char *kind;
	size_t shown; /* public bytes shown in the preview */
};

/* Value prefixes that name a token's issuer, so a key wired into a server
 * is reported as what it is (and meets the content rule's finding of the
 * same secret under the same kind). Longest prefixes first where one
 * contains another. */
/* clang-format off */
static const struct shape shapes[] = {
	{ "github_pat_", "github-pat-fine-grained", 11 },
	{ "ghp_", "github-pat-classic", 4 },
	{ "gho_", "github-oauth-token", 4 },
	{ "ghu_", "github-app-user-token", 4 },
	{ "ghs_", "github-app-installation-token", 4 },
	{ "ghr_", "github-refresh-token", 4 },
	{ "glpat-", "gitlab-pat", 6 },
	{ "xoxb-", "slack-bot-token", 5 },
	{ "xoxp-", "slack-user-token", 5 },
	{ "xapp-", "slack-app-token", 5 },
	{ "sk-ant-admin01-", "anthropic-admin-key", 15 },
	{ "sk-ant-api03-", "anthropic-api-key", 13 },
	{ "sk-ant-oat01-", "claude-oauth-token", 13 },
	{ "sk-ant-ort01-", "claude-refresh-token", 13 },
	{ "sk-proj-", "openai-api-key", 8 },
	{ "sk-svcacct-", "openai-api-key", 11 },
	{ "sk-admin-", "openai-api-key", 9 },
	{ "AIza", "gcp-api-key", 4 },
	{ "hf_", "huggingface-token", 3 },
	{ "sbp_", "supabase-token", 4 },
	{ "npm_", "npm-token", 4 },
	{ "sk_live_", "stripe-secret-key", 8 },
	{ "rk_live_", "stripe-restricted-key", 8 },
	{ "dop_v1_", "digitalocean-token", 7 },
	{ "SG.", "sendgrid-api-key", 3 },
};
/* clang-format on */

const char *
mcp_secret_kind(const char *v, size_t n, size_t *prefix)
{
	*prefix = 0;
	for (size_t i = 0; i < CA_ARRAY_SIZE(shapes); i++) {
		size_t p = strlen(shapes[i].prefix);
		if (n > p + 8 && !memcmp(v, shapes[i].prefix, p)) {
			*prefix = shapes[i].shown;
			return shapes[i].kind;
		}
	}
	return NULL;
}

bool
mcp_is_reference(const char *v, size_t n)
{
	if (!v)
		return false;
	ca_trim(&v, &n);
	if (!n)
		return false;
	if (v[0] == '$')
		return true; /* $VAR ${VAR} ${input:x} ${env:X} $env:X */
	if (n > 2 && v[0] == '%' && v[n - 1] == '%')
		return true;
	if (n > 5 && !memcmp(v, "{env:", 5) && v[n - 1] == '}')
		return true; /* opencode */
	if (n > 8 && !memcmp(v, "Bearer ", 7) && v[7] == '$')
		return true;
	return false;
}

/* ---- the launch ------------------------------------------------------ */

/* What the command line runs. */
struct launch {
	const char *runner;  /* "npx", "uvx", "docker", or NULL */
	const char *package; /* package, image or command, versionless */
	size_t pkg_arg;      /* index of the argument after it */
	bool shell;          /* a shell or an interpreter's inline code */
	bool privileged;     /* docker --privileged */
	bool docker_socket;  /* docker.sock mounted */
	const char *mounts[MAX_ROOTS]; /* docker -v sources */
	size_t nmounts;
};

static const char *
base_name(struct arena *a, const char *cmd)
{
	const char *b = cmd;
	size_t n;

	for (const char *p = cmd; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	n = strlen(b);
	if (n > 4 &&
	    (ca_ends_with_icase(b, ".exe") || ca_ends_with_icase(b, ".cmd") ||
	        ca_ends_with_icase(b, ".bat")))
		n -= 4;
	return arena_strndup(a, b, n);
}

/* A package or image name without its version or tag: "@scope/x@1.2" is
 * "@scope/x", "x==1.0" is "x", "ghcr.io/o/i:tag" is "ghcr.io/o/i". */
static const char *
versionless(struct arena *a, const char *s)
{
	size_t n = strlen(s), slash = 0, cut = n;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '/')
			slash = i + 1;
	for (size_t i = s[0] == '@' ? 1 : 0; i < n; i++) {
		if (s[i] == '@' ||
		    (s[i] == '=' && i + 1 < n && s[i + 1] == '=') ||
		    (s[i] == '>' || s[i] == '<' || s[i] == '[') ||
		    (s[i] == ':' && i >= slash)) {
			cut = i;
			break;
		}
	}
	return arena_strndup(a, s, cut);
}

static bool
is_option(const char *arg)
{
	return arg && arg[0] == '-';
}

static bool
in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

/* docker run options that take the next argument as their value. */
/* clang-format off */
static const char *const docker_valued[] = {
	"-e", "--env", "--env-file", "-v", "--volume", "--mount", "--name",
	"-p", "--publish", "-w", "--workdir", "--network", "--net", "-u",
	"--user", "--entrypoint", "-l", "--label", "--add-host",
	"--platform", "--pull", "--cpus", "-m", "--memory", "--hostname",
	"-h", "--device", "--cap-add", "--cap-drop", "--security-opt",
	"--ipc", "--pid", "--restart", "--runtime", "--tmpfs", NULL,
};
/* clang-format on */

static void
add_mount(struct launch *l, struct arena *a, const char *spec, bool mount)
{
	const char *src = spec;
	size_t n;

	if (mount) {
		/* --mount type=bind,source=/x,target=/y */
		const char *p = strstr(spec, "source=");
		if (!p)
			p = strstr(spec, "src=");
		if (!p)
			return;
		src = strchr(p, '=') + 1;
		n = strcspn(src, ",");
	} else {
		n = strcspn(spec, ":");
		/* C:\x:/y on Windows: keep the drive */
		if (n == 1 &&
		    ((spec[0] >= 'A' && spec[0] <= 'Z') ||
		        (spec[0] >= 'a' && spec[0] <= 'z')) &&
		    spec[1] == ':')
			n = 2 + strcspn(spec + 2, ":");
	}
	if (!n)
		return;
	src = arena_strndup(a, src, n);
	if (strstr(src, "docker.sock"))
		l->docker_socket = true;
	if (l->nmounts < MAX_ROOTS &&
	    (src[0] == '/' || src[0] == '~' || src[0] == '$'))
		l->mounts[l->nmounts++] = src;
}

static void
read_docker(struct launch *l, struct arena *a, const struct mcp_server *s)
{
	size_t i = 0;

	if (i < s->nargs && !strcmp(s->args[i], "run"))
		i++;
	else
		return;
	for (; i < s->nargs; i++) {
		const char *arg = s->args[i];
		if (!is_option(arg)) {
			l->package = versionless(a, arg);
			l->pkg_arg = i + 1;
			return;
		}
		if (!strcmp(arg, "--privileged"))
			l->privileged = true;
		if (!strncmp(arg, "-v=", 3) || !strncmp(arg, "--volume=", 9))
			add_mount(l, a, strchr(arg, '=') + 1, false);
		else if (!strncmp(arg, "--mount=", 8))
			add_mount(l, a, arg + 8, true);
		if (!in_list(arg, docker_valued) || i + 1 >= s->nargs)
			continue;
		if (!strcmp(arg, "-v") || !strcmp(arg, "--volume"))
			add_mount(l, a, s->args[i + 1], false);
		else if (!strcmp(arg, "--mount"))
			add_mount(l, a, s->args[i + 1], true);
		i++;
	}
}

/* npx/bunx/pnpm dlx/uvx/pipx run: the first argument that is not an
 * option names the package ("--package X" and "--from X" name it too). */
static void
read_runner(struct launch *l, struct arena *a, const struct mcp_server *s,
    size_t i)
{
	static const char *const valued[] = {
		"--with",
		"--python",
		"-p",
		"--package",
		"--from",
		"--index",
		"--index-url",
		"--registry",
		"--cache",
		NULL,
	};
	const char *named = NULL;

	for (; i < s->nargs; i++) {
		const char *arg = s->args[i];
		if (!is_option(arg)) {
			l->package = versionless(a, named ? named : arg);
			l->pkg_arg = i + 1;
			return;
		}
		if (in_list(arg, valued) && i + 1 < s->nargs) {
			if (!strcmp(arg, "-p") || !strcmp(arg, "--package") ||
			    !strcmp(arg, "--from"))
				named = s->args[i + 1];
			i++;
		}
	}
}

static void
read_launch(struct launch *l, struct arena *a, const struct mcp_server *s)
{
	static const char *const shells[] = {
		"bash",
		"sh",
		"zsh",
		"fish",
		"dash",
		"ksh",
		"pwsh",
		"powershell",
		"cmd",
		NULL,
	};
	static const char *const interpreters[] = {
		"python",
		"python3",
		"node",
		"deno",
		"bun",
		"ruby",
		"perl",
		NULL,
	};
	const char *cmd;

	memset(l, 0, sizeof(*l));
	if (!s->command || !*s->command)
		return;
	cmd = base_name(a, s->command);
	l->package = cmd;
	if (!strcmp(cmd, "npx") || !strcmp(cmd, "bunx") ||
	    !strcmp(cmd, "pnpx") || !strcmp(cmd, "uvx")) {
		l->runner = cmd;
		read_runner(l, a, s, 0);
	} else if ((!strcmp(cmd, "pnpm") || !strcmp(cmd, "yarn") ||
	               !strcmp(cmd, "bun") || !strcmp(cmd, "pipx") ||
	               !strcmp(cmd, "uv")) &&
	    s->nargs > 1 &&
	    (!strcmp(s->args[0], "dlx") || !strcmp(s->args[0], "x") ||
	        !strcmp(s->args[0], "run"))) {
		l->runner = cmd;
		read_runner(l, a, s, 1);
	} else if (!strcmp(cmd, "docker") || !strcmp(cmd, "podman")) {
		l->runner = cmd;
		read_docker(l, a, s);
	} else if (in_list(cmd, shells)) {
		l->shell = true;
	} else if (in_list(cmd, interpreters)) {
		for (size_t i = 0; i < s->nargs; i++) {
			const char *arg = s->args[i];
			if (!strcmp(arg, "-c") || !strcmp(arg, "-e") ||
			    !strcmp(arg, "--eval")) {
				l->shell = true;
				break;
			}
			if (!strcmp(arg, "-m") && i + 1 < s->nargs) {
				l->package = versionless(a, s->args[i + 1]);
				l->pkg_arg = i + 2;
				break;
			}
			if (!is_option(arg)) {
				l->package = base_name(a, arg);
				l->pkg_arg = i + 1;
				break;
			}
		}
	}
}

/* The host of a URL, in the scratch arena, or NULL. */
static const char *
url_host(struct arena *a, const char *url, size_t n)
{
	const char *p = memchr(url, ':', n), *end = url + n, *h, *at;

	if (!p || end - p < 3 || memcmp(p, "://", 3))
		return NULL;
	h = p + 3;
	p = h;
	while (p < end && *p != '/' && *p != '?' && *p != '#')
		p++;
	at = NULL;
	for (const char *q = h; q < p; q++)
		if (*q == '@')
			at = q;
	if (at)
		h = at + 1;
	for (const char *q = h; q < p; q++)
		if (*q == ':') {
			p = q;
			break;
		}
	return p > h ? arena_strndup(a, h, (size_t)(p - h)) : NULL;
}

/* ---- the report ------------------------------------------------------ */

struct report {
	struct ca_ctx *ctx;
	const struct ca_file *f;
	const struct mcp_server *s;
	struct arena *a;
	const char *module; /* rule id prefix: "mcp", "codex" */
	const char *ref;    /* the server's reference */
	const char *label;  /* "Claude Desktop MCP server 'x'" */
	const char *scopes[MAX_SCOPES + 1];
	size_t nscopes;
	const char *inline_scopes[2];
	unsigned int line;
	size_t ninline; /* inline secrets reported */
	size_t nrefs;   /* references listed */
};

static void
add_scope(struct report *r, const char *scope)
{
	for (size_t i = 0; i < r->nscopes; i++)
		if (!strcmp(r->scopes[i], scope))
			return;
	if (r->nscopes < MAX_SCOPES)
		r->scopes[r->nscopes++] = scope;
}

static const char *
printable(struct report *r, const char *s)
{
	return ca_printable_cut(r->a, s, strlen(s), 128);
}

/* True when a value picked by its name alone (not by a token's shape)
 * can be a secret: long enough, not a number, a boolean, a path or a
 * plain URL ("TOKEN_LIMIT": "4096", "AUTH_MODE": "oauth",
 * "SECRETS_DIR": "/run/secrets" are settings, not secrets). */
bool
mcp_plausible_secret(const char *v, size_t n)
{
	size_t digits = 0, spaces = 0;

	if (!v)
		return false;
	ca_trim(&v, &n);
	if (n < 8)
		return false;
	for (size_t i = 0; i < n; i++) {
		digits += v[i] >= '0' && v[i] <= '9';
		spaces += v[i] == ' ';
	}
	if (digits == n || spaces > 1)
		return false;
	if (v[0] == '/' || v[0] == '~' || v[0] == '.' ||
	    (n > 2 && v[1] == ':' && (v[2] == '\\' || v[2] == '/')))
		return false; /* a path */
	if (memmem(v, n, "://", 3))
		return false; /* a URL: its password is looked at apart */
	return true;
}

/* Emits one inline value 'v' of the server as a credential, unless it is
 * a reference (listed on the server) or a placeholder (nothing). */
static void
emit_inline(struct report *r, const char *rule, const char *kind,
    const char *where, const char *v, size_t n, const char *identity)
{
	struct ca_finding fd;
	const char *shaped;
	size_t prefix;

	if (!v)
		return;
	ca_trim(&v, &n);
	if (mcp_is_reference(v, n)) {
		add_scope(r, arena_printf(r->a, "ref:%s", where));
		r->nrefs++;
		return;
	}
	if (ca_secret_unusable(v, n))
		return;
	shaped = mcp_secret_kind(v, n, &prefix);
	ca_finding_init(&fd, arena_printf(r->a, "%s.%s", r->module, rule),
	    shaped ? shaped : kind);
	fd.preview_prefix = prefix;
	fd.scopes = r->inline_scopes;
	fd.identity = identity;
	fd.anchor = arena_printf(r->a, "mcp-inline:%s", r->ref);
	fd.detail = arena_printf(r->a, "wired into %s (%s)", r->label, where);
	ca_emit_secret(r->ctx, r->f, &fd, v, n);
	r->ninline++;
}

/* Words of an environment or header name that say its value is a
 * secret; a name ending in one of 'not_secret' holds something else
 * (AWS_ACCESS_KEY_ID, TOKEN_PATH). */
bool
mcp_secret_name(const char *name)
{
	static const char *const words[] = {
		"TOKEN",
		"KEY",
		"APIKEY",
		"SECRET",
		"PASSWORD",
		"PASSWD",
		"PASS",
		"PAT",
		"AUTH",
		"AUTHORIZATION",
		"CREDENTIAL",
		"CREDENTIALS",
		"COOKIE",
		"SESSION",
		"BEARER",
		"PRIVATE",
		"ACCESSTOKEN",
		"AUTHTOKEN",
		NULL,
	};
	static const char *const not_secret[] = {
		"ID",
		"PATH",
		"FILE",
		"DIR",
		"URL",
		"HOST",
		"PORT",
		"USER",
		"USERNAME",
		"NAME",
		"TYPE",
		"MODE",
		"HELPER",
		"ENDPOINT",
		"REGION",
		"PROFILE",
		"HEADER",
		"ENV",
		"VAR",
		NULL,
	};
	char word[32];
	size_t n = 0;
	bool secret = false;
	bool last_says_not = false;

	for (const char *p = name;; p++) {
		char c = *p;
		bool sep = !c || c == '_' || c == '-' || c == '.' || c == ' ';
		if (!sep) {
			if (n < sizeof(word) - 1)
				word[n++] = (char)(c >= 'a' && c <= 'z' ?
				        c - 32 :
				        c);
			continue;
		}
		word[n] = '\0';
		if (n) {
			if (in_list(word, words))
				secret = true;
			last_says_not = in_list(word, not_secret);
		}
		n = 0;
		if (!c)
			break;
	}
	return secret && !last_says_not;
}

/* A URL's password (scheme://user:pass@host) and its user@host, or
 * false. */
static bool
url_password(struct report *r, const char *v, size_t n, const char **pw,
    size_t *pwlen, const char **who)
{
	const char *p = memchr(v, ':', n), *end = v + n, *user, *colon, *at;

	if (!p || end - p < 3 || memcmp(p, "://", 3))
		return false;
	user = p + 3;
	at = NULL;
	for (const char *q = user;
	     q < end && *q != '/' && *q != '?' && *q != '#'; q++)
		if (*q == '@')
			at = q;
	if (!at)
		return false;
	colon = memchr(user, ':', (size_t)(at - user));
	if (!colon || colon + 1 >= at)
		return false;
	*pw = colon + 1;
	*pwlen = (size_t)(at - colon - 1);
	{
		const char *h = at + 1, *he = h;
		while (he < end && *he != '/' && *he != '?' && *he != '#' &&
		    *he != ':')
			he++;
		*who = arena_printf(r->a, "%s@%s",
		    ca_printable_cut(r->a, user, (size_t)(colon - user), 64),
		    ca_printable_cut(r->a, h, (size_t)(he - h), 128));
	}
	return true;
}

static bool
database_scheme(const char *v, size_t n)
{
	static const char *const schemes[] = {
		"postgres://",
		"postgresql://",
		"mysql://",
		"mariadb://",
		"mongodb://",
		"mongodb+srv://",
		"redis://",
		"rediss://",
		"amqp://",
		"amqps://",
		"mssql://",
		"sqlserver://",
		"clickhouse://",
		NULL,
	};
	for (size_t i = 0; schemes[i]; i++) {
		size_t k = strlen(schemes[i]);
		if (n > k && !strncasecmp(v, schemes[i], k))
			return true;
	}
	return false;
}

/* A value that is a URL: its password is the secret. Returns true when
 * the value was a URL with credentials (reported or a reference). */
static bool
emit_url_value(struct report *r, const char *where, const char *v, size_t n)
{
	const char *pw, *who;
	size_t pwlen;

	if (!url_password(r, v, n, &pw, &pwlen, &who))
		return false;
	emit_inline(r, "url-credential",
	    database_scheme(v, n) ? "database-url" : "mcp-url-credential",
	    where, pw, pwlen, who);
	return true;
}

static void
report_env(struct report *r)
{
	const struct mcp_server *s = r->s;

	for (size_t i = 0; i < s->nenv; i++) {
		const struct mcp_pair *e = &s->env[i];
		const char *where = arena_printf(r->a, "env %s",
		    printable(r, e->key));
		size_t prefix;
		if (!e->val)
			continue;
		if (emit_url_value(r, where, e->val, e->len))
			continue;
		if ((mcp_secret_name(e->key) &&
		        mcp_plausible_secret(e->val, e->len)) ||
		    mcp_secret_kind(e->val, e->len, &prefix))
			emit_inline(r, "env-secret", "mcp-env-secret", where,
			    e->val, e->len, NULL);
	}
}

static void
report_headers(struct report *r)
{
	const struct mcp_server *s = r->s;

	for (size_t i = 0; i < s->nheaders; i++) {
		const struct mcp_pair *h = &s->headers[i];
		const char *v = h->val, *where;
		size_t n = h->len, prefix;
		bool authz;

		if (!v)
			continue;
		authz = !strcasecmp(h->key, "Authorization") ||
		    !strcasecmp(h->key, "Proxy-Authorization");
		where = arena_printf(r->a, "header %s", printable(r, h->key));
		if (authz)
			add_scope(r, "auth:authorization-header");
		if (!authz && !mcp_secret_kind(v, n, &prefix) &&
		    !(mcp_secret_name(h->key) && mcp_plausible_secret(v, n)))
			continue;
		ca_trim(&v, &n);
		/* "Bearer x", "token x", "Basic x": the credential is x */
		if (authz) {
			const char *sp = memchr(v, ' ', n);
			if (sp) {
				n -= (size_t)(sp + 1 - v);
				v = sp + 1;
			}
		}
		emit_inline(r, "header-token", "mcp-header-token", where, v, n,
		    NULL);
	}
}

/* Argument names whose value is a secret. */
static bool
secret_flag(const char *arg, size_t n)
{
	static const char *const flags[] = {
		"--token",
		"--api-key",
		"--apikey",
		"--access-token",
		"--password",
		"--secret",
		"--auth-token",
		"--bearer-token",
		"--pat",
		"--key",
		"--client-secret",
		"--personal-access-token",
		NULL,
	};
	for (size_t i = 0; flags[i]; i++)
		if (strlen(flags[i]) == n && !strncmp(arg, flags[i], n))
			return true;
	return false;
}

static void
report_args(struct report *r)
{
	const struct mcp_server *s = r->s;

	for (size_t i = 0; i < s->nargs; i++) {
		const char *arg = s->args[i], *eq;
		size_t n = strlen(arg), prefix;

		if (emit_url_value(r, "args", arg, n))
			continue;
		eq = arg[0] == '-' ? strchr(arg, '=') : NULL;
		if (eq && secret_flag(arg, (size_t)(eq - arg))) {
			emit_inline(r, "arg-secret", "mcp-arg-secret",
			    arena_printf(r->a, "argument %s",
			        printable(r,
			            arena_strndup(r->a, arg,
			                (size_t)(eq - arg)))),
			    eq + 1, strlen(eq + 1), NULL);
			continue;
		}
		if (secret_flag(arg, n) && i + 1 < s->nargs) {
			emit_inline(r, "arg-secret", "mcp-arg-secret",
			    arena_printf(r->a, "argument %s",
			        printable(r, arg)),
			    s->args[i + 1], strlen(s->args[i + 1]), NULL);
			i++;
			continue;
		}
		if (mcp_secret_kind(arg, n, &prefix))
			emit_inline(r, "arg-secret", "mcp-arg-secret", "args",
			    arg, n, NULL);
	}
}

/* The URL's credentials: a password, or a key in the query string. */
static void
report_url(struct report *r)
{
	const struct mcp_server *s = r->s;
	static const char *const keys[] = {
		"token=",
		"api_key=",
		"apikey=",
		"api-key=",
		"key=",
		"access_token=",
		"auth=",
		"secret=",
		"password=",
		NULL,
	};
	const char *q;

	if (!s->url)
		return;
	if (emit_url_value(r, "url", s->url, s->url_len))
		return;
	q = memchr(s->url, '?', s->url_len);
	while (q && q < s->url + s->url_len) {
		const char *p = q + 1, *end = s->url + s->url_len, *v;
		size_t vlen;
		for (size_t i = 0; keys[i]; i++) {
			size_t k = strlen(keys[i]);
			if ((size_t)(end - p) <= k ||
			    strncasecmp(p, keys[i], k))
				continue;
			v = p + k;
			vlen = strcspn(v, "&#");
			if (vlen > (size_t)(end - v))
				vlen = (size_t)(end - v);
			emit_inline(r, "url-credential", "mcp-url-credential",
			    arena_printf(r->a, "url query %.*s", (int)(k - 1),
			        keys[i]),
			    v, vlen, NULL);
			break;
		}
		q = memchr(p, '&', (size_t)(end - p));
	}
}

/* Tier a capability alone gives, before the links add what it reaches. */
static enum ca_tier
caps_tier(unsigned int caps)
{
	if (caps &
	    (MCP_CAP_SHELL | MCP_CAP_DOCKER | MCP_CAP_AWS | MCP_CAP_GCP |
	        MCP_CAP_AZURE | MCP_CAP_KUBERNETES | MCP_CAP_TERRAFORM))
		return CA_TIER_ADMIN;
	if (caps & (MCP_CAP_BROWSER | MCP_CAP_MAIL))
		return CA_TIER_SECRET;
	if (caps &
	    (MCP_CAP_FILESYSTEM | MCP_CAP_GIT | MCP_CAP_GITHUB |
	        MCP_CAP_GITLAB | MCP_CAP_DATABASE | MCP_CAP_CHAT |
	        MCP_CAP_TICKETS | MCP_CAP_CLOUD))
		return CA_TIER_WRITE;
	return CA_TIER_READ;
}

/* Emits the server once per link (the inventory gathers them on one
 * credential, since they share the reference). */
static void
emit_server(struct report *r, enum ca_tier tier, const char *detail,
    const char *link)
{
	struct ca_finding fd;

	ca_finding_init(&fd, arena_printf(r->a, "%s.server", r->module),
	    "mcp-server");
	fd.ref = r->ref;
	fd.identity = arena_printf(r->a, "mcp:%s", printable(r, r->s->name));
	fd.scopes = r->scopes;
	fd.tier = (int)tier;
	fd.line = r->line;
	fd.detail = detail;
	fd.link = link;
	ca_emit(r->ctx, &fd);
}

/* A root as its user would resolve it, ending in '/'; NULL when it cannot
 * be resolved offline. */
static const char *
root_of(struct report *r, const char *arg, const char *base)
{
	const char *home = r->f->home, *p;
	size_t n;

	if (!strcmp(arg, "$HOME") || !strcmp(arg, "${HOME}") ||
	    !strcmp(arg, "%USERPROFILE%"))
		arg = "~";
	else if (!strncmp(arg, "$HOME/", 6))
		arg = arena_printf(r->a, "~/%s", arg + 6);
	else if (!strncmp(arg, "${HOME}/", 8))
		arg = arena_printf(r->a, "~/%s", arg + 8);
	if (!strcmp(arg, ".") || !strcmp(arg, "./"))
		arg = base;
	else if (!strncmp(arg, "./", 2))
		arg += 2;
	p = ca_resolve_path(r->ctx, arg, home, base);
	if (!p)
		return NULL;
	n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	if (n == 1 && p[0] == '/')
		return "/";
	return arena_printf(r->a, "%.*s/", (int)n, p);
}

/* The base of relative roots: the project a config belongs to (the
 * parent of .cursor/, .vscode/, ... ), else the file's directory. */
static const char *
dir_of(struct arena *a, const char *path)
{
	static const char *const project_dirs[] = {
		"/.cursor",
		"/.vscode",
		"/.gemini",
		"/.roo",
		"/.amazonq",
		"/.continue",
		"/.qwen",
		"/.claude",
		NULL,
	};
	const char *slash = strrchr(path, '/');
	char *dir;

	if (!slash || slash == path)
		return "/";
	dir = arena_strndup(a, path, (size_t)(slash - path));
	for (size_t i = 0; project_dirs[i]; i++)
		if (ca_ends_with(dir, project_dirs[i])) {
			dir[strlen(dir) - strlen(project_dirs[i])] = '\0';
			return *dir ? dir : "/";
		}
	return dir;
}

void
mcp_server_report(struct ca_ctx *ctx, const struct ca_file *f,
    const struct mcp_server *s)
{
	struct report r;
	struct launch l;
	const struct mcp_catalog_entry *e = NULL;
	const char *transport, *roots[MAX_ROOTS], *profile = NULL, *base,
	                                          *host = NULL, *what;
	size_t nroots = 0;
	unsigned int caps = 0;
	enum ca_tier tier;
	bool remote;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.f = f;
	r.s = s;
	r.a = ca_scratch(ctx);
	r.module = s->module ? s->module : "mcp";
	if (!s->name)
		return;
	r.ref = arena_printf(r.a, "mcp-server:%s#%s#%s", f->path,
	    s->project ? s->project : "", s->name);
	r.label = arena_printf(r.a, "%s MCP server '%s'%s%s", s->client,
	    printable(&r, s->name), s->project ? " of project " : "",
	    s->project ? printable(&r, s->project) : "");
	r.inline_scopes[0] = arena_printf(r.a, "mcp:%s", s->name);
	r.line = ca_line_of(f->data, f->len,
	    arena_printf(r.a, "\"%s\"", s->name), strlen(s->name) + 2);
	if (!r.line)
		r.line = ca_line_of(f->data, f->len, s->name, strlen(s->name));
	base = s->project ? s->project : dir_of(r.a, f->path);

	remote = s->url && !s->command;
	transport = s->type && *s->type ? s->type : remote ? "http" : "stdio";
	if (!strcmp(transport, "streamable-http") ||
	    !strcmp(transport, "streamableHttp") ||
	    !strcmp(transport, "streamable_http"))
		transport = "http";
	add_scope(&r, r.inline_scopes[0]);
	add_scope(&r, arena_printf(r.a, "client:%s", s->client));
	add_scope(&r,
	    arena_printf(r.a, "transport:%s", printable(&r, transport)));

	read_launch(&l, r.a, s);
	if (remote) {
		host = url_host(r.a, s->url, s->url_len);
		e = mcp_catalog_find(host);
	} else {
		e = mcp_catalog_find(l.package);
		if (!e && s->command)
			e = mcp_catalog_find(base_name(r.a, s->command));
	}
	if (e)
		caps |= e->caps;
	if (l.shell)
		caps |= MCP_CAP_SHELL;
	if (l.docker_socket || l.privileged)
		caps |= MCP_CAP_DOCKER | MCP_CAP_SHELL;
	if (l.nmounts)
		caps |= MCP_CAP_FILESYSTEM;
	if (l.package && !remote)
		add_scope(&r,
		    arena_printf(r.a, "package:%s", printable(&r, l.package)));

	/* filesystem roots: the catalog's trailing arguments, docker
	 * mounts, git's --repository */
	if (e && e->roots_from_args)
		for (size_t i = l.pkg_arg; i < s->nargs && nroots < MAX_ROOTS;
		     i++) {
			const char *root;
			if (is_option(s->args[i]))
				continue;
			root = root_of(&r, s->args[i], base);
			if (root)
				roots[nroots++] = root;
		}
	for (size_t i = 0; i < l.nmounts && nroots < MAX_ROOTS; i++) {
		const char *root = root_of(&r, l.mounts[i], base);
		if (root)
			roots[nroots++] = root;
	}
	for (size_t i = 0; i + 1 < s->nargs && nroots < MAX_ROOTS; i++)
		if (s->args[i] && s->args[i + 1] &&
		    (!strcmp(s->args[i], "--repository") ||
		        !strcmp(s->args[i], "--allowed-directory"))) {
			const char *root = root_of(&r, s->args[i + 1], base);
			if (root)
				roots[nroots++] = root;
		}
	/* a browser's profile: a persistent user profile holds its cookie
	 * store and saved logins */
	if (caps & MCP_CAP_BROWSER) {
		for (size_t i = 0; i < s->nargs; i++) {
			const char *arg = s->args[i], *v = NULL;
			if (!arg)
				continue;
			if ((!strcmp(arg, "--user-data-dir") ||
			        !strcmp(arg, "--profile")) &&
			    i + 1 < s->nargs)
				v = s->args[i + 1];
			else if (!strncmp(arg, "--user-data-dir=", 16))
				v = arg + 16;
			if (v)
				profile = root_of(&r, v, base);
		}
	}
	for (unsigned int b = 0; b < MCP_CAP_COUNT; b++)
		if (caps & (1u << b))
			add_scope(&r,
			    arena_printf(r.a, "capability:%s",
			        mcp_cap_name(1u << b)));
	if (!caps)
		add_scope(&r, "capability:unknown");
	for (size_t i = 0; i < nroots; i++)
		add_scope(&r,
		    arena_printf(r.a, "root:%s", printable(&r, roots[i])));
	if (profile)
		add_scope(&r,
		    arena_printf(r.a, "profile:%s", printable(&r, profile)));
	if (s->disabled)
		add_scope(&r, "disabled");
	if (s->widening)
		add_scope(&r, s->widening);
	if (s->bearer_env)
		add_scope(&r,
		    arena_printf(r.a, "ref:bearer %s",
		        printable(&r, s->bearer_env)));

	/* inline secrets, before the server's scopes are final: references
	 * land in them */
	report_env(&r);
	report_headers(&r);
	report_args(&r);
	report_url(&r);
	r.scopes[r.nscopes] = NULL;

	tier = caps_tier(caps);
	for (size_t i = 0; i < nroots; i++)
		if (r.f->home &&
		    !strncmp(r.f->home, roots[i], strlen(roots[i])) &&
		    tier < CA_TIER_SECRET)
			tier = CA_TIER_SECRET; /* the home and its secrets */

	if (remote)
		what = arena_printf(r.a, "%s to %s", printable(&r, transport),
		    host ? printable(&r, host) : "an unparsed URL");
	else
		what = arena_printf(r.a, "stdio: %s%s%s",
		    s->command ? printable(&r, base_name(r.a, s->command)) :
		                 "?",
		    l.package && l.runner ? " " : "",
		    l.package && l.runner ? printable(&r, l.package) : "");
	emit_server(&r, tier,
	    arena_printf(r.a, "%s (%s)%s%s", r.label, what,
	        e ? ": " : ": not in the catalog", e ? e->label : ""),
	    NULL);
	if (r.ninline)
		emit_server(&r, tier,
		    arena_printf(r.a,
		        "holds %zu inline "
		        "secret%s",
		        r.ninline, r.ninline == 1 ? "" : "s"),
		    arena_printf(r.a, "mcp-inline:%s", r.ref));
	if (r.nrefs)
		emit_server(&r, tier,
		    arena_printf(r.a,
		        "%zu secret%s "
		        "referenced from the environment or an input prompt, not "
		        "stored",
		        r.nrefs, r.nrefs == 1 ? "" : "s"),
		    NULL);
	if (remote && s->url_len > 7 && !strncasecmp(s->url, "http://", 7) &&
	    host && strcmp(host, "localhost") && strcmp(host, "127.0.0.1") &&
	    strcmp(host, "[::1]"))
		emit_server(&r, tier,
		    "remote server over plain http: its "
		    "headers and answers cross the network unencrypted",
		    NULL);
	if (s->widening)
		emit_server(&r, tier,
		    arena_printf(r.a,
		        "the agent calls its "
		        "tools without asking (%s)",
		        s->widening),
		    NULL);
	if (l.shell)
		emit_server(&r, tier,
		    "launched through a shell or inline "
		    "interpreter code: it runs anything the user can run",
		    NULL);
	if (l.privileged || l.docker_socket)
		emit_server(&r, tier,
		    l.privileged ? "docker run --privileged:"
		                   " root on the host" :
		                   "docker socket mounted: root on the "
		                   "host",
		    NULL);
	for (size_t i = 0; i < nroots; i++)
		emit_server(&r, tier,
		    arena_printf(r.a,
		        "filesystem root %s "
		        "reaches every credential under it",
		        printable(&r, roots[i])),
		    arena_printf(r.a, "path-under:%s", roots[i]));
	if ((caps & MCP_CAP_SHELL) && r.f->home)
		emit_server(&r, tier,
		    "a shell reaches every credential in the"
		    " home",
		    arena_printf(r.a, "path-under:%s/", r.f->home));
	if (profile)
		emit_server(&r, tier,
		    arena_printf(r.a,
		        "drives the browser "
		        "profile %s (its cookies and saved logins)",
		        printable(&r, profile)),
		    arena_printf(r.a, "path-under:%s", profile));
}

void
mcp_agent_widening(struct ca_ctx *ctx, const struct ca_file *f,
    const char *rule, const char *agent, const char *const *settings, size_t n)
{
	struct arena *a = ca_scratch(ctx);
	struct ca_finding fd;
	const char **scopes;
	struct strbuf list = STRBUF_INIT(4096);

	if (!n)
		return;
	scopes = arena_alloc(a, (n + 2) * sizeof(*scopes));
	scopes[0] = arena_printf(a, "agent:%s", agent);
	for (size_t i = 0; i < n; i++) {
		scopes[i + 1] = arena_printf(a, "permission:%s",
		    ca_printable_cut(a, settings[i], strlen(settings[i]), 96));
		strbuf_addf(&list, "%s%s", i ? ", " : "", scopes[i + 1] + 11);
	}
	scopes[n + 1] = NULL;
	ca_finding_init(&fd, rule, "agent-permission");
	fd.ref = arena_printf(a, "agent-permission:%s", f->path);
	fd.identity = agent;
	fd.scopes = scopes;
	fd.tier = CA_TIER_ADMIN;
	fd.line = ca_line_of(f->data, f->len, settings[0],
	    strcspn(settings[0], "="));
	fd.detail = arena_printf(a,
	    "%s runs commands without asking (%s): "
	    "everything it reaches is one prompt away",
	    agent, list.buf);
	if (f->home)
		fd.link = arena_printf(a, "path-under:%s/", f->home);
	ca_emit(ctx, &fd);
	strbuf_release(&list);
}

void
mcp_agent_env_secret(struct ca_ctx *ctx, const struct ca_file *f,
    const char *agent, const char *rule, const char *kind, const char *key,
    const char *val, size_t len)
{
	struct arena *a = ca_scratch(ctx);
	struct ca_finding fd;
	const char *shaped;
	size_t prefix;

	if (!val || !key)
		return;
	shaped = mcp_secret_kind(val, len, &prefix);
	if (!shaped &&
	    !(mcp_secret_name(key) && mcp_plausible_secret(val, len)))
		return;
	if (mcp_is_reference(val, len))
		return;
	ca_finding_init(&fd, rule, shaped ? shaped : kind);
	fd.preview_prefix = prefix;
	fd.detail = arena_printf(a, "%s setting env %s", agent,
	    ca_printable_cut(a, key, strlen(key), 96));
	ca_emit_secret(ctx, f, &fd, val, len);
}
