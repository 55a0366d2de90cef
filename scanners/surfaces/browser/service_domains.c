/* service_domains.c - the high-value services a browser session opens, and the
 * tally of one cookie store's live sessions against them.
 *
 * A row is a domain (matching itself and its subdomains, the longest match
 * winning), a label, and the tier a logged-in session there grants: a code
 * host or cloud console session can mint tokens and change anything the
 * user can (admin); mail, chat and AI consoles hold other secrets
 * (secret); a package registry session can publish (write). --services
 * FILE adds rows (JSON, see ca_services_load) that win over the built-in
 * ones for the same or a longer domain. */
#include "lib/compat.h"
#include <ctype.h>
#include <inttypes.h>
#include <jansson.h>
#include <strings.h>
#include <time.h>
#include "lib/hash.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "scanners/surfaces/browser/browser.h"

#define R CA_TIER_READ
#define W CA_TIER_WRITE
#define S CA_TIER_SECRET
#define A CA_TIER_ADMIN

/* clang-format off */
static const struct ca_service builtin[] = {
	/* code hosts */
	{ "github.com", "GitHub", A },
	{ "gitlab.com", "GitLab", A },
	{ "bitbucket.org", "Bitbucket", A },
	/* cloud consoles and identity providers */
	{ "aws.amazon.com", "AWS console", A },
	{ "signin.aws.amazon.com", "AWS sign-in", A },
	{ "console.aws.amazon.com", "AWS console", A },
	{ "awsapps.com", "AWS IAM Identity Center portal", A },
	{ "portal.azure.com", "Azure portal", A },
	{ "login.microsoftonline.com", "Microsoft Entra ID sign-in", A },
	{ "login.live.com", "Microsoft account sign-in", A },
	{ "accounts.google.com", "Google account", A },
	{ "google.com", "Google account", A },
	{ "console.cloud.google.com", "Google Cloud console", A },
	{ "vercel.com", "Vercel dashboard", A },
	{ "dash.cloudflare.com", "Cloudflare dashboard", A },
	{ "cloudflare.com", "Cloudflare", A },
	{ "app.netlify.com", "Netlify dashboard", A },
	{ "cloud.digitalocean.com", "DigitalOcean console", A },
	/* mail and chat */
	{ "mail.google.com", "Gmail", S },
	{ "outlook.live.com", "Outlook", S },
	{ "outlook.office.com", "Outlook (Microsoft 365)", S },
	{ "outlook.office365.com", "Outlook (Microsoft 365)", S },
	{ "slack.com", "Slack", S },
	{ "discord.com", "Discord", S },
	{ "teams.microsoft.com", "Microsoft Teams", S },
	/* package registries */
	{ "npmjs.com", "npm", W },
	{ "pypi.org", "PyPI", W },
	{ "hub.docker.com", "Docker Hub", W },
	{ "docker.com", "Docker", W },
	{ "crates.io", "crates.io", W },
	/* AI consoles */
	{ "chatgpt.com", "ChatGPT", S },
	{ "platform.openai.com", "OpenAI platform", A },
	{ "claude.ai", "Claude", S },
	{ "console.anthropic.com", "Anthropic console", A },
	{ "aistudio.google.com", "Google AI Studio", A },
	{ "huggingface.co", "Hugging Face", W },
	{ "gemini.google.com", "Gemini", S },
};
/* clang-format on */

/* The --services rows: set before the scan, read by every worker. */
static struct ca_service *user_rows;
static size_t user_nrows;

const struct ca_service *
ca_services_builtin(size_t *count)
{
	*count = CA_ARRAY_SIZE(builtin);
	return builtin;
}

/* Does 'host' (a cookie's host, maybe with a leading '.') lie in
 * 'domain'? Returns the domain's length when it does, else 0. */
static size_t
domain_match(const char *host, size_t len, const char *domain)
{
	size_t n = strlen(domain);

	if (len && host[0] == '.') {
		host++;
		len--;
	}
	if (len < n || strncasecmp(host + len - n, domain, n))
		return 0;
	if (len > n && host[len - n - 1] != '.')
		return 0;
	return n;
}

/* 'host' is borrowed (not NUL-terminated); the row returned is static or
 * owned by the --services table. */
const struct ca_service *
ca_service_match(const char *host, size_t len)
{
	const struct ca_service *best = NULL;
	size_t best_n = 0, n;

	for (size_t i = 0; i < user_nrows; i++)
		if ((n = domain_match(host, len, user_rows[i].domain)) &&
		    n >= best_n) {
			best = &user_rows[i];
			best_n = n;
		}
	for (size_t i = 0; i < CA_ARRAY_SIZE(builtin); i++)
		if ((n = domain_match(host, len, builtin[i].domain)) &&
		    n > best_n) {
			best = &builtin[i];
			best_n = n;
		}
	return best;
}

void
ca_services_reset(void)
{
	for (size_t i = 0; i < user_nrows; i++) {
		free((char *)user_rows[i].domain);
		free((char *)user_rows[i].label);
	}
	free(user_rows);
	user_rows = NULL;
	user_nrows = 0;
}

static bool
valid_domain(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 253 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '-')
			return false;
	return true;
}

/* Takes ownership of 'root'; 'name' is borrowed. On success the table
 * owns copies of the rows. */
static int
load_root(json_t *root, const char *name)
{
	json_t *arr, *row;
	struct ca_service *rows;
	size_t i, n;

	arr = json_object_get(root, "services");
	if (!json_is_array(arr)) {
		json_decref(root);
		return ca_error("services table '%s': wants an object with a "
		                "\"services\" array",
		    name);
	}
	n = json_array_size(arr);
	if (n > 4096) {
		json_decref(root);
		return ca_error("services table '%s': more than 4096 rows",
		    name);
	}
	rows = xcalloc(n ? n : 1, sizeof(*rows));
	json_array_foreach(arr, i, row)
	{
		const char *d = json_string_value(
		    json_object_get(row, "domain"));
		const char *l = json_string_value(
		    json_object_get(row, "label"));
		const char *t = json_string_value(json_object_get(row, "tier"));
		int tier = t ? ca_tier_parse(t) : -1;

		if (!d || !valid_domain(d) || tier < 0 ||
		    (l && strlen(l) > 80)) {
			for (size_t j = 0; j < i; j++) {
				free((char *)rows[j].domain);
				free((char *)rows[j].label);
			}
			free(rows);
			json_decref(root);
			return ca_error(
			    "services table '%s': row %zu needs a "
			    "\"domain\" (letters, digits, '.', '-'), a "
			    "\"tier\" (read, write, secret, admin) and an "
			    "optional \"label\" of at most 80 characters",
			    name, i + 1);
		}
		rows[i].domain = xstrdup(d);
		rows[i].label = xstrdup(l ? l : d);
		rows[i].tier = (enum ca_tier)tier;
	}
	json_decref(root);
	ca_services_reset();
	user_rows = rows;
	user_nrows = n;
	return 0;
}

/* 'json' and 'name' are borrowed. */
int
ca_services_load(const char *json, size_t len, const char *name)
{
	json_error_t err;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);

	if (!root)
		return ca_error("services table '%s': line %d: not valid JSON",
		    name, err.line);
	return load_root(root, name);
}

/* 'path' is borrowed. The table is the user's own file on the host
 * running the scan, named on the command line (as --owners and
 * --verifiers are), not a file of the target. */
int
ca_services_load_file(const char *path)
{
	json_error_t err;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);

	if (!root && err.line > 0)
		return ca_error("services table '%s': line %d: not valid JSON",
		    path, err.line);
	if (!root)
		return ca_error("services table '%s': cannot read it", path);
	return load_root(root, path);
}

/* ---- the tally ------------------------------------------------------- */

void
btally_init(struct btally *t, int64_t now)
{
	memset(t, 0, sizeof(*t));
	t->now = now;
}

/* 'host' is borrowed. */
void
btally_add(struct btally *t, const char *host, size_t hlen, uint64_t n,
    int64_t expires, bool session)
{
	const struct ca_service *svc = ca_service_match(host, hlen);
	struct btally_row *r = NULL;

	if (expires > t->longest)
		t->longest = expires;
	if (!svc)
		return;
	if (expires > t->longest_hv)
		t->longest_hv = expires;
	(void)session;
	for (size_t i = 0; i < t->nrows; i++)
		if (t->rows[i].svc == svc ||
		    !strcmp(t->rows[i].svc->label, svc->label))
			r = &t->rows[i];
	if (!r) {
		if (t->nrows == BTALLY_MAX)
			return;
		r = &t->rows[t->nrows++];
		r->svc = svc;
	}
	r->live += n;
	if (expires > r->until)
		r->until = expires;
}

const char *
btime(struct ca_ctx *ctx, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[32];

	if (!gmtime_r(&tt, &tm) ||
	    !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return NULL;
	return arena_strdup(ca_scratch(ctx), buf);
}

static const char *
bday(struct ca_ctx *ctx, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[16];

	if (!gmtime_r(&tt, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%d", &tm))
		return "?";
	return arena_strdup(ca_scratch(ctx), buf);
}

const char *
bidentity(struct ca_ctx *ctx, const struct bstore *s)
{
	struct arena *a = ca_scratch(ctx);

	if (s->account)
		return arena_printf(a, "%s profile %s (%s)", s->browser,
		    s->profile, s->account);
	return arena_printf(a, "%s profile %s", s->browser, s->profile);
}

static int
cmp_row(const void *a, const void *b)
{
	const struct btally_row *x = a, *y = b;

	if (x->svc->tier != y->svc->tier)
		return x->svc->tier > y->svc->tier ? -1 : 1;
	return strcmp(x->svc->domain, y->svc->domain);
}

/* 'f', 't' and 's' are borrowed. */
void
btally_emit(struct ca_ctx *ctx, const struct ca_file *f, const struct btally *t,
    const struct bstore *s)
{
	struct arena *a = ca_scratch(ctx);
	struct btally_row rows[BTALLY_MAX];
	const char **scopes = arena_zalloc(a, (t->nrows + 1) * sizeof(*scopes));
	struct ca_finding fd;
	int64_t longest = t->nrows ? t->longest_hv : t->longest;
	int tier = CA_TIER_READ;
	bool standing;
	struct strbuf why;

	memcpy(rows, t->rows, t->nrows * sizeof(*rows));
	qsort(rows, t->nrows, sizeof(*rows), cmp_row);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct btally_row *r = &rows[i];
		if ((int)r->svc->tier > tier)
			tier = (int)r->svc->tier;
		scopes[i] = arena_printf(a,
		    "%s (%s, %s): %" PRIu64 " cookie%s, %s%s", r->svc->domain,
		    r->svc->label, ca_tier_name(r->svc->tier), r->live,
		    r->live == 1 ? "" : "s",
		    r->until > 0 ? "until " : "session only",
		    r->until > 0 ? bday(ctx, r->until) : "");
	}
	standing = longest > 0 &&
	    longest - t->now > (int64_t)CA_BROWSER_STANDING_DAYS * 86400;
	strbuf_init(&why, 4096);
	strbuf_addf(&why,
	    "%s cookie store: %" PRIu64 " cookies, %" PRIu64
	    " expired, %zu high-value service%s with live sessions",
	    s->browser, t->total, t->expired, t->nrows,
	    t->nrows == 1 ? "" : "s");
	if (standing)
		strbuf_addf(&why, "; sessions outlive %d days (standing)",
		    CA_BROWSER_STANDING_DAYS);
	if (s->protection)
		strbuf_addf(&why, "; protection: %s", s->protection);
	if (s->note)
		strbuf_addstr(&why, s->note);

	memset(&fd, 0, sizeof(fd));
	fd.rule = s->rule;
	fd.kind = "browser-cookie-store";
	fd.ref = arena_printf(a, "browser-cookies:%s", f->path);
	fd.identity = bidentity(ctx, s);
	fd.standing = standing ? 1 : 0;
	/* An expiry would turn standing off in the model: a standing store
	 * carries its latest expiry in the scopes and the detail only. */
	if (!standing && longest > 0)
		fd.expires = btime(ctx, longest);
	if (standing)
		strbuf_addf(&why, "; latest session expiry %s",
		    bday(ctx, longest));
	/* Nothing live: the store's sessions ended when its last cookie
	 * did, which rates it expired. */
	if (longest <= 0 && !t->session && t->latest > 0 && t->latest <= t->now)
		fd.expires = btime(ctx, t->latest);
	fd.scopes = scopes;
	fd.tier = tier;
	fd.detail = arena_strdup(a, why.buf);
	/* Cookies anyone who reads the file can decrypt are as exposed as a
	 * world-readable secret. */
	if (s->weak)
		fd.exposure = arena_printf(a, "store protection is weak: %s",
		    s->protection);
	ca_emit(ctx, &fd);
	strbuf_release(&why);
}

const char *
bwal_note(struct ca_ctx *ctx, const char *path)
{
	struct strbuf sb;
	const char *note = "";

	strbuf_init(&sb, (64u << 20) + 1);
	if (ca_read_file(ctx, arena_printf(ca_scratch(ctx), "%s-wal", path),
	        &sb) == 0 &&
	    sb.len > 0)
		note = "; recent rows may be in the -wal file, which is not "
		       "read";
	ca_wipe(sb.buf, sb.len);
	strbuf_release(&sb);
	return note;
}

const char *
bdirname(struct ca_ctx *ctx, const char *path)
{
	const char *e = strrchr(path, '/');

	return arena_strndup(ca_scratch(ctx), path, e ? (size_t)(e - path) : 0);
}

const char *
bbasename(struct ca_ctx *ctx, const char *dir)
{
	const char *e = strrchr(dir, '/');

	return arena_strdup(ca_scratch(ctx), e ? e + 1 : dir);
}
