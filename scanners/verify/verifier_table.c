/* verify_table.c - the verifier table: parsing and checking entries,
 * building requests from their templates, and reading what a response
 * means. No network and no clock here (the engine passes 'now'), so the
 * unit tests and the fuzz target drive all of it directly.
 *
 * The format is documented in credatlas(1), VERIFIERS, and in
 * data/verifiers.json, the built-in table. Parsing is strict: an unknown
 * field, an unknown kind or placeholder, a base that is not https is an
 * error naming the entry and the field, so a typo in a user's table does
 * not silently verify nothing (or, worse, send a secret somewhere). */
#include "lib/compat.h"
#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <fnmatch.h>
#include <jansson.h>
#include <netinet/in.h>
#include <time.h>
#include "lib/hash.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "report/model/finding.h"
#include "scanners/verify/verify_p.h"
#include "lib/banned.h"

#define MAX_ENTRIES  256
#define MAX_LIST     64
#define MAX_STR      4096
#define MAX_PARTS    64
#define NAME_MAX_LEN 64
/* a request part: a template (at most MAX_STR) and a vault secret (at
 * most 4096 bytes) escaped six bytes for one */
#define REQ_CAP (MAX_STR + 6 * 4096 + 1024)

static const char *const var_names[CA_VVAR_COUNT] = {
	"secret",
	"base",
	"host",
	"user",
	"key_id",
};

/* ---- freeing -------------------------------------------------------- */

static void
src_release(struct ca_vsource *s)
{
	free(s->arg);
	memset(s, 0, sizeof(*s));
}

static void
tmpl_release(struct ca_vtmpl *t)
{
	for (size_t i = 0; i < t->nparts; i++) {
		free(t->parts[i].text);
		src_release(&t->parts[i].src);
	}
	free(t->parts);
	memset(t, 0, sizeof(*t));
}

static void
strs_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
verifier_free(struct ca_verifier *v)
{
	if (!v)
		return;
	free(v->provider);
	free(v->endpoint);
	free(v->summary);
	strs_free(v->kinds, v->nkinds);
	strs_free(v->hosts, v->nhosts);
	strs_free(v->host_from, v->nhost_from);
	tmpl_release(&v->base);
	free(v->method);
	tmpl_release(&v->url);
	for (size_t i = 0; i < v->nheaders; i++) {
		free(v->headers[i].name);
		tmpl_release(&v->headers[i].value);
	}
	free(v->headers);
	tmpl_release(&v->body);
	free(v->sigv4_region);
	free(v->sigv4_service);
	for (size_t i = 0; i < v->nidentity; i++)
		tmpl_release(&v->identity[i]);
	free(v->identity);
	src_release(&v->scopes);
	src_release(&v->expires);
	src_release(&v->ok);
	src_release(&v->error);
	strs_free(v->revoked_errors, v->nrevoked_errors);
	free(v->live);
	free(v->revoked);
	for (size_t i = 0; i < v->nscope_tiers; i++)
		free(v->scope_tiers[i].pattern);
	free(v->scope_tiers);
	free(v);
}

struct ca_verifiers *
ca_verifiers_new(void)
{
	return xcalloc(1, sizeof(struct ca_verifiers));
}

void
ca_verifiers_free(struct ca_verifiers *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		verifier_free(t->v[i]);
	free(t->v);
	for (size_t i = 0; i < t->nendpoints; i++) {
		free(t->endpoints[i].name);
		free(t->endpoints[i].base);
	}
	free(t->endpoints);
	free(t);
}

/* ---- parsing context ------------------------------------------------ */

struct pctx {
	const char *name; /* the document, for messages */
	char *err;
	size_t errlen;
	size_t index; /* entry number, 1-based; 0 = top level */
	const char *provider;
	bool failed;
};

static int fail(struct pctx *p, const char *field, const char *fmt, ...)
    CA_PRINTF(3, 4);

/* Records the first error: "'FILE': verifier 3 ('github'): field
 * 'request.url': ...". Returns -1. */
static int
fail(struct pctx *p, const char *field, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (p->failed)
		return -1;
	p->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->index && p->provider)
		snprintf(p->err, p->errlen,
		    "'%s': verifier %zu ('%s'): %s%s%s"
		    "%s",
		    p->name, p->index, p->provider, field ? "field '" : "",
		    field ? field : "", field ? "': " : "", msg);
	else if (p->index)
		snprintf(p->err, p->errlen, "'%s': verifier %zu: %s%s%s%s",
		    p->name, p->index, field ? "field '" : "",
		    field ? field : "", field ? "': " : "", msg);
	else
		snprintf(p->err, p->errlen, "'%s': %s%s%s%s", p->name,
		    field ? "field '" : "", field ? field : "",
		    field ? "': " : "", msg);
	return -1;
}

#ifdef __clang_analyzer__
/* The analyzer does not follow a variadic call, so it would take every
 * 'return fail(...)' for a success that leaves its outputs unset. */
#define fail(...) (fail(__VA_ARGS__), -1)
#endif

static bool
name_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > NAME_MAX_LEN || !isalnum((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

/* Returns the string value of 'key' in 'obj' (borrowed), or NULL when
 * absent; a non-string, an empty or an over-long string is an error. */
static int
get_str(struct pctx *p, json_t *obj, const char *key, const char *field,
    bool required, const char **out)
{
	json_t *j = json_object_get(obj, key);
	const char *s;

	*out = NULL;
	if (!j) {
		if (required)
			return fail(p, field, "missing");
		return 0;
	}
	if (!json_is_string(j))
		return fail(p, field, "must be a string");
	s = json_string_value(j);
	if (!*s || strlen(s) != json_string_length(j) ||
	    json_string_length(j) > MAX_STR)
		return fail(p, field,
		    "must be a non-empty string without NUL "
		    "bytes, at most %d bytes",
		    MAX_STR);
	*out = s;
	return 0;
}

/* Copies an array of non-empty strings into an owned vector. */
static int
get_strs(struct pctx *p, json_t *obj, const char *key, const char *field,
    char ***out, size_t *n)
{
	json_t *j = json_object_get(obj, key), *e;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!j)
		return 0;
	if (!json_is_array(j) || !json_array_size(j))
		return fail(p, field, "must be a non-empty array of strings");
	if (json_array_size(j) > MAX_LIST)
		return fail(p, field, "more than %d entries", MAX_LIST);
	*out = xcalloc(json_array_size(j), sizeof(**out));
	json_array_foreach(j, i, e)
	{
		const char *s = json_string_value(e);
		if (!json_is_string(e) || !*s ||
		    strlen(s) != json_string_length(e) || strlen(s) > MAX_STR)
			return fail(p, field,
			    "entry %zu is not a non-empty "
			    "string",
			    i + 1);
		(*out)[(*n)++] = xstrdup(s);
	}
	return 0;
}

static int
get_codes(struct pctx *p, json_t *obj, const char *key, const char *field,
    int **out, size_t *n)
{
	json_t *j = json_object_get(obj, key), *e;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!j)
		return 0;
	if (!json_is_array(j) || json_array_size(j) > MAX_LIST)
		return fail(p, field, "must be an array of HTTP status codes");
	*out = xcalloc(json_array_size(j) + 1, sizeof(**out));
	json_array_foreach(j, i, e)
	{
		json_int_t c;
		if (!json_is_integer(e))
			return fail(p, field, "entry %zu is not an integer",
			    i + 1);
		c = json_integer_value(e);
		if (c < 100 || c > 599)
			return fail(p, field, "%lld is not an HTTP status",
			    (long long)c);
		if (c == 429 || c >= 500)
			return fail(p, field,
			    "%lld is retried, so it can mean "
			    "neither live nor revoked",
			    (long long)c);
		(*out)[(*n)++] = (int)c;
	}
	return 0;
}

/* Rejects keys of 'obj' not in 'known' (NULL-terminated). "comment" is
 * always allowed, since JSON has no comments. */
static int
check_keys(struct pctx *p, json_t *obj, const char *prefix,
    const char *const *known)
{
	const char *key;
	json_t *val;

	json_object_foreach(obj, key, val)
	{
		bool ok = !strcmp(key, "comment");
		for (size_t i = 0; !ok && known[i]; i++)
			ok = !strcmp(key, known[i]);
		if (!ok) {
			char f[128];
			snprintf(f, sizeof(f), "%s%.64s", prefix, key);
			return fail(p, f, "unknown field");
		}
	}
	return 0;
}

/* ---- templates and sources ------------------------------------------ */

static bool
placeholder_char(int c)
{
	return isalnum(c) || c == '_' || c == ':' || c == '/' || c == '~' ||
	    c == '.' || c == '-';
}

static bool
token_char(int c)
{
	return isalnum(c) || strchr("!#$%&'*+-.^_`|~", c);
}

/* Parses a source name ("/ptr", "header:Name", "xml:Name", or a variable)
 * into 's'. 'response' says where it appears. */
static int
source_parse(struct pctx *p, const char *field, const char *name, size_t n,
    bool response, struct ca_vsource *s)
{
	memset(s, 0, sizeof(*s));
	for (int i = 0; i < CA_VVAR_COUNT; i++) {
		if (strlen(var_names[i]) != n || memcmp(var_names[i], name, n))
			continue;
		if (response && (i == CA_VVAR_SECRET || i == CA_VVAR_BASE))
			return fail(p, field,
			    "{%s} cannot appear in what is "
			    "read from a response",
			    var_names[i]);
		s->type = CA_VSRC_VAR;
		s->var = (enum ca_vvar)i;
		return 0;
	}
	if (n && name[0] == '/') {
		s->type = CA_VSRC_JSON;
		s->arg = xstrndup(name, n);
	} else if (n > 7 && !strncmp(name, "header:", 7)) {
		s->type = CA_VSRC_HEADER;
		s->arg = xstrndup(name + 7, n - 7);
		for (const char *c = s->arg; *c; c++)
			if (!token_char((unsigned char)*c))
				return fail(p, field,
				    "bad header name in "
				    "'{%.*s}'",
				    (int)n, name);
	} else if (n > 4 && !strncmp(name, "xml:", 4)) {
		s->type = CA_VSRC_XML;
		s->arg = xstrndup(name + 4, n - 4);
	} else {
		return fail(p, field, "unknown placeholder '{%.*s}'",
		    (int)(n > 64 ? 64 : n), name);
	}
	if (!response)
		return fail(p, field,
		    "'{%.*s}' reads a response; a request "
		    "takes {secret}, {base}, {host}, {user} and {key_id}",
		    (int)(n > 64 ? 64 : n), name);
	return 0;
}

static void
tmpl_add(struct ca_vtmpl *t, char *text, const struct ca_vsource *src)
{
	t->parts = xrealloc(t->parts, (t->nparts + 1) * sizeof(*t->parts));
	t->parts[t->nparts].text = text;
	if (src)
		t->parts[t->nparts].src = *src;
	else
		memset(&t->parts[t->nparts].src, 0, sizeof(*src));
	t->nparts++;
}

/* "{name}" where name is made of placeholder characters is a placeholder;
 * any other '{' is literal text (JSON bodies are full of them). */
static int
tmpl_parse(struct pctx *p, const char *field, const char *s, bool response,
    struct ca_vtmpl *t)
{
	struct strbuf lit = STRBUF_INIT(MAX_STR + 1);

	memset(t, 0, sizeof(*t));
	t->set = true;
	for (const char *c = s; *c;) {
		const char *e = c + 1;
		struct ca_vsource src;

		if (*c != '{') {
			strbuf_addch(&lit, *c++);
			continue;
		}
		while (placeholder_char((unsigned char)*e))
			e++;
		if (*e != '}' || e == c + 1) {
			strbuf_addch(&lit, *c++);
			continue;
		}
		if (lit.len)
			tmpl_add(t, strbuf_detach(&lit, NULL), NULL);
		if (source_parse(p, field, c + 1, (size_t)(e - c - 1), response,
		        &src) < 0) {
			src_release(&src);
			strbuf_release(&lit);
			return -1;
		}
		tmpl_add(t, NULL, &src);
		if (t->nparts > MAX_PARTS) {
			strbuf_release(&lit);
			return fail(p, field, "too many placeholders");
		}
		c = e + 1;
	}
	if (lit.len)
		tmpl_add(t, strbuf_detach(&lit, NULL), NULL);
	strbuf_release(&lit);
	return 0;
}

static unsigned int
tmpl_needs(const struct ca_vtmpl *t)
{
	unsigned int n = 0;

	for (size_t i = 0; i < t->nparts; i++)
		if (!t->parts[i].text && t->parts[i].src.type == CA_VSRC_VAR)
			n |= CA_VNEED(t->parts[i].src.var);
	return n;
}

/* A field that names one response source: "/ptr", "header:Name",
 * "xml:Name" (braces allowed around it). */
static int
get_source(struct pctx *p, json_t *obj, const char *key, const char *field,
    struct ca_vsource *s)
{
	const char *v;
	size_t n;

	memset(s, 0, sizeof(*s));
	if (get_str(p, obj, key, field, false, &v) < 0 || !v)
		return p->failed ? -1 : 0;
	n = strlen(v);
	if (n > 2 && v[0] == '{' && v[n - 1] == '}') {
		v++;
		n -= 2;
	}
	if (source_parse(p, field, v, n, true, s) < 0)
		return -1;
	if (s->type == CA_VSRC_VAR)
		return fail(p, field, "must read the response, not a variable");
	return 0;
}

/* ---- URL policy ----------------------------------------------------- */

bool
ca_verify_is_loopback(const char *host)
{
	char buf[64];
	size_t n = strlen(host);
	struct in_addr a4;
	struct in6_addr a6;

	if (!strcasecmp(host, "localhost") || !strcasecmp(host, "localhost."))
		return true;
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']' &&
	    n - 2 < sizeof(buf)) {
		memcpy(buf, host + 1, n - 2);
		buf[n - 2] = '\0';
		host = buf;
	}
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1) {
		if (IN6_IS_ADDR_LOOPBACK(&a6))
			return true;
		return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
	}
	return false;
}

int
ca_verify_url_policy(const char *url, char *why, size_t whylen)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *user = NULL, *pw = NULL;
	int ret = 0;

	if (!u) {
		snprintf(why, whylen, "out of memory");
		return 0;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		snprintf(why, whylen, "not an absolute URL");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PASSWORD, &pw, 0) == CURLUE_OK) {
		snprintf(why, whylen, "a URL with user information is refused");
		goto out;
	}
	if (!strcmp(scheme, "https")) {
		ret = *host ? 1 : 0;
		if (!ret)
			snprintf(why, whylen, "no host");
	} else if (!strcmp(scheme, "http")) {
		ret = ca_verify_is_loopback(host) ? 2 : 0;
		if (!ret)
			snprintf(why, whylen,
			    "plain http is allowed only to a "
			    "loopback address (127.0.0.0/8, ::1, localhost)");
	} else {
		snprintf(why, whylen,
		    "only https (or http to a loopback "
		    "address) may carry a credential");
	}
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_free(pw);
	curl_url_cleanup(u);
	return ret;
}

/* Checks a base template: a literal scheme and "://", then at most a
 * {host} placeholder for a variable. */
static int
check_base(struct pctx *p, const char *field, const struct ca_vtmpl *t)
{
	struct strbuf sb = STRBUF_INIT(MAX_STR * 2);
	char why[160];

	if (!t->nparts || !t->parts[0].text ||
	    (strncmp(t->parts[0].text, "https://", 8) &&
	        strncmp(t->parts[0].text, "http://", 7))) {
		strbuf_release(&sb);
		return fail(p, field, "must start with https://");
	}
	for (size_t i = 0; i < t->nparts; i++) {
		const struct ca_vtmpl_part *pt = &t->parts[i];
		if (pt->text) {
			strbuf_addstr(&sb, pt->text);
		} else if (pt->src.type == CA_VSRC_VAR &&
		    pt->src.var == CA_VVAR_HOST) {
			strbuf_addstr(&sb, "host.example");
		} else {
			strbuf_release(&sb);
			return fail(p, field,
			    "may hold no placeholder but "
			    "{host}");
		}
	}
	if (strpbrk(sb.buf, "?#")) {
		strbuf_release(&sb);
		return fail(p, field, "must not hold a query or fragment");
	}
	if (!ca_verify_url_policy(sb.buf, why, sizeof(why))) {
		strbuf_release(&sb);
		return fail(p, field, "%s", why);
	}
	strbuf_release(&sb);
	return 0;
}

/* ---- one entry ------------------------------------------------------ */

/* clang-format off */
static const char *const entry_keys[] = {
	"provider", "endpoint", "summary", "disabled", "kinds", "hosts",
	"host_from", "base", "request", "signer", "response", "status",
	"scope_tiers", "no_scopes_tier", NULL,
};
/* clang-format on */
static const char *const request_keys[] = {
	"method",
	"url",
	"headers",
	"body",
	NULL,
};
static const char *const response_keys[] = {
	"identity",
	"scopes",
	"expires",
	"ok",
	"error",
	"revoked_errors",
	NULL,
};
static const char *const status_keys[] = { "live", "revoked", NULL };
static const char *const signer_keys[] = { "type", "region", "service", NULL };

static int
parse_request(struct pctx *p, json_t *req, struct ca_verifier *v)
{
	const char *method, *url, *body, *key;
	json_t *hdrs, *val;

	if (!json_is_object(req))
		return fail(p, "request", "must be an object");
	if (check_keys(p, req, "request.", request_keys) < 0 ||
	    get_str(p, req, "method", "request.method", false, &method) < 0 ||
	    get_str(p, req, "url", "request.url", true, &url) < 0 ||
	    get_str(p, req, "body", "request.body", false, &body) < 0)
		return -1;
	method = method ? method : "GET";
	if (strcmp(method, "GET") && strcmp(method, "POST"))
		return fail(p, "request.method", "must be GET or POST");
	v->method = xstrdup(method);
	if (strncmp(url, "{base}", 6))
		return fail(p, "request.url", "must start with {base}");
	if (tmpl_parse(p, "request.url", url, false, &v->url) < 0)
		return -1;
	for (size_t i = 1; i < v->url.nparts; i++)
		if (!v->url.parts[i].text &&
		    v->url.parts[i].src.var == CA_VVAR_BASE)
			return fail(p, "request.url",
			    "{base} only at the "
			    "start");
	if (body) {
		if (strcmp(method, "POST"))
			return fail(p, "request.body",
			    "only a POST has a "
			    "body");
		if (tmpl_parse(p, "request.body", body, false, &v->body) < 0)
			return -1;
	}
	hdrs = json_object_get(req, "headers");
	if (!hdrs)
		return 0;
	if (!json_is_object(hdrs) || json_object_size(hdrs) > 32)
		return fail(p, "request.headers",
		    "must be an object of at "
		    "most 32 name: value strings");
	v->headers = xcalloc(json_object_size(hdrs), sizeof(*v->headers));
	json_object_foreach(hdrs, key, val)
	{
		struct ca_vheader *h = &v->headers[v->nheaders];
		char f[96];
		const char *s = json_string_value(val);

		snprintf(f, sizeof(f), "request.headers.%.64s", key);
		if (!*key || strlen(key) > 64)
			return fail(p, f, "bad header name");
		for (const char *c = key; *c; c++)
			if (!token_char((unsigned char)*c))
				return fail(p, f, "bad header name");
		if (!strcasecmp(key, "host") ||
		    !strcasecmp(key, "content-length") ||
		    !strcasecmp(key, "transfer-encoding") ||
		    !strcasecmp(key, "connection"))
			return fail(p, f, "this header is the engine's to set");
		if (!json_is_string(val) ||
		    strlen(s) != json_string_length(val) || strlen(s) > MAX_STR)
			return fail(p, f, "must be a string");
		h->name = xstrdup(key);
		v->nheaders++;
		if (tmpl_parse(p, f, s, false, &h->value) < 0)
			return -1;
		if (!strcasecmp(key, "content-type") && strstr(s, "json"))
			v->body_enc = CA_VBODY_JSON;
		else if (!strcasecmp(key, "content-type") &&
		    strstr(s, "x-www-form-urlencoded"))
			v->body_enc = CA_VBODY_FORM;
	}
	return 0;
}

static int
parse_response(struct pctx *p, json_t *resp, struct ca_verifier *v)
{
	json_t *id;

	if (!json_is_object(resp))
		return fail(p, "response", "must be an object");
	if (check_keys(p, resp, "response.", response_keys) < 0)
		return -1;
	id = json_object_get(resp, "identity");
	if (id) {
		json_t *one = id, *e;
		size_t n = json_is_array(id) ? json_array_size(id) : 1, i;

		if ((!json_is_array(id) && !json_is_string(id)) || !n || n > 8)
			return fail(p, "response.identity",
			    "must be a string "
			    "or an array of 1 to 8 strings");
		v->identity = xcalloc(n, sizeof(*v->identity));
		for (i = 0; i < n; i++) {
			const char *s;
			e = json_is_array(id) ? json_array_get(id, i) : one;
			s = json_string_value(e);
			if (!json_is_string(e) || !*s ||
			    strlen(s) != json_string_length(e) ||
			    strlen(s) > MAX_STR)
				return fail(p, "response.identity",
				    "entry %zu "
				    "is not a non-empty string",
				    i + 1);
			v->nidentity++;
			if (strchr(s, '{')) {
				if (tmpl_parse(p, "response.identity", s, true,
				        &v->identity[i]) < 0)
					return -1;
			} else {
				struct ca_vsource src;
				if (source_parse(p, "response.identity", s,
				        strlen(s), true, &src) < 0) {
					src_release(&src);
					return -1;
				}
				v->identity[i].set = true;
				tmpl_add(&v->identity[i], NULL, &src);
			}
		}
	}
	if (get_source(p, resp, "scopes", "response.scopes", &v->scopes) < 0 ||
	    get_source(p, resp, "expires", "response.expires", &v->expires) <
	        0 ||
	    get_source(p, resp, "ok", "response.ok", &v->ok) < 0 ||
	    get_source(p, resp, "error", "response.error", &v->error) < 0 ||
	    get_strs(p, resp, "revoked_errors", "response.revoked_errors",
	        &v->revoked_errors, &v->nrevoked_errors) < 0)
		return -1;
	if (v->nrevoked_errors && !v->error.type)
		return fail(p, "response.revoked_errors",
		    "needs "
		    "response.error to read the provider's error code");
	if (v->ok.type && v->ok.type != CA_VSRC_JSON)
		return fail(p, "response.ok", "must be a JSON pointer");
	return 0;
}

static int
parse_scope_tiers(struct pctx *p, json_t *e, struct ca_verifier *v)
{
	json_t *st = json_object_get(e, "scope_tiers"), *val;
	const char *key, *nst;

	v->no_scopes_tier = -1;
	if (get_str(p, e, "no_scopes_tier", "no_scopes_tier", false, &nst) < 0)
		return -1;
	if (nst) {
		v->no_scopes_tier = ca_tier_parse(nst);
		if (v->no_scopes_tier < 0)
			return fail(p, "no_scopes_tier",
			    "'%.32s' is not a "
			    "tier (read, write, secret, admin)",
			    nst);
	}
	if (!st)
		return 0;
	if (!json_is_object(st) || json_object_size(st) > 512)
		return fail(p, "scope_tiers",
		    "must be an object of at most "
		    "512 scope: tier pairs");
	v->scope_tiers = xcalloc(json_object_size(st) + 1,
	    sizeof(*v->scope_tiers));
	json_object_foreach(st, key, val)
	{
		int tier = json_is_string(val) ?
		    ca_tier_parse(json_string_value(val)) :
		    -1;
		char f[96];

		snprintf(f, sizeof(f), "scope_tiers.%.64s", key);
		if (!*key || strlen(key) > CA_VERIFY_MAX_SCOPE_LEN)
			return fail(p, f, "bad scope name");
		if (tier < 0)
			return fail(p, f,
			    "must be a tier (read, write, "
			    "secret, admin)");
		v->scope_tiers[v->nscope_tiers].pattern = xstrdup(key);
		v->scope_tiers[v->nscope_tiers].tier = tier;
		v->nscope_tiers++;
	}
	return 0;
}

static int
parse_entry(struct pctx *p, json_t *e, struct ca_verifier **out)
{
	struct ca_verifier *v = xcalloc(1, sizeof(*v));
	const char *provider, *endpoint, *summary, *base;
	json_t *j;
	unsigned int used;

	*out = v;
	v->no_scopes_tier = -1;
	if (!json_is_object(e))
		return fail(p, NULL, "must be an object");
	if (get_str(p, e, "provider", "provider", true, &provider) < 0)
		return -1;
	if (!name_ok(provider))
		return fail(p, "provider",
		    "must be lowercase letters, digits, "
		    "'-' and '_', at most %d",
		    NAME_MAX_LEN);
	v->provider = xstrdup(provider);
	p->provider = v->provider;
	if (check_keys(p, e, "", entry_keys) < 0 ||
	    get_str(p, e, "summary", "summary", false, &summary) < 0)
		return -1;
	v->summary = summary ? xstrdup(summary) : NULL;
	j = json_object_get(e, "disabled");
	if (j && !json_is_boolean(j))
		return fail(p, "disabled", "must be true or false");
	if (json_is_true(j)) {
		const char *key;
		json_t *val;
		v->disabled = true;
		json_object_foreach(e, key, val)
		{
			(void)val;
			if (strcmp(key, "provider") &&
			    strcmp(key, "disabled") && strcmp(key, "summary") &&
			    strcmp(key, "comment"))
				return fail(p, key,
				    "a disabled entry holds "
				    "only provider and summary");
		}
		return 0;
	}
	if (get_str(p, e, "endpoint", "endpoint", false, &endpoint) < 0)
		return -1;
	if (endpoint && !name_ok(endpoint))
		return fail(p, "endpoint",
		    "must be lowercase letters, digits, "
		    "'-' and '_'");
	v->endpoint = xstrdup(endpoint ? endpoint : provider);
	if (get_strs(p, e, "kinds", "kinds", &v->kinds, &v->nkinds) < 0)
		return -1;
	if (!v->nkinds)
		return fail(p, "kinds", "missing");
	for (size_t i = 0; i < v->nkinds; i++)
		if (!ca_kind_find(v->kinds[i]))
			return fail(p, "kinds",
			    "unknown kind '%.64s' (see "
			    "credatlas rules)",
			    v->kinds[i]);
	if (get_strs(p, e, "hosts", "hosts", &v->hosts, &v->nhosts) < 0 ||
	    get_strs(p, e, "host_from", "host_from", &v->host_from,
	        &v->nhost_from) < 0)
		return -1;
	for (size_t i = 0; i < v->nhosts; i++) {
		for (char *c = v->hosts[i]; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if (strcmp(v->hosts[i], "*") &&
		    strspn(v->hosts[i],
		        "abcdefghijklmnopqrstuvwxyz0123456789"
		        ".-:") != strlen(v->hosts[i]))
			return fail(p, "hosts", "'%.64s' is not a host name",
			    v->hosts[i]);
	}
	if (v->nhosts && !v->nhost_from)
		return fail(p, "hosts",
		    "needs host_from: the rules whose "
		    "identities name the host");
	if (get_str(p, e, "base", "base", true, &base) < 0 ||
	    tmpl_parse(p, "base", base, false, &v->base) < 0 ||
	    check_base(p, "base", &v->base) < 0)
		return -1;
	j = json_object_get(e, "request");
	if (!j)
		return fail(p, "request", "missing");
	if (parse_request(p, j, v) < 0)
		return -1;
	j = json_object_get(e, "signer");
	if (j) {
		const char *type, *region, *service;
		if (!json_is_object(j))
			return fail(p, "signer", "must be an object");
		if (check_keys(p, j, "signer.", signer_keys) < 0 ||
		    get_str(p, j, "type", "signer.type", true, &type) < 0 ||
		    get_str(p, j, "region", "signer.region", true, &region) <
		        0 ||
		    get_str(p, j, "service", "signer.service", true, &service) <
		        0)
			return -1;
		if (strcmp(type, "sigv4"))
			return fail(p, "signer.type",
			    "the only signer is "
			    "sigv4");
		if (!name_ok(region) || !name_ok(service))
			return fail(p, "signer",
			    "region and service must be "
			    "lowercase names");
		v->sigv4 = true;
		v->sigv4_region = xstrdup(region);
		v->sigv4_service = xstrdup(service);
	}
	j = json_object_get(e, "response");
	if (j && parse_response(p, j, v) < 0)
		return -1;
	j = json_object_get(e, "status");
	if (!j || !json_is_object(j))
		return fail(p, "status", "missing, or not an object");
	if (check_keys(p, j, "status.", status_keys) < 0 ||
	    get_codes(p, j, "live", "status.live", &v->live, &v->nlive) < 0 ||
	    get_codes(p, j, "revoked", "status.revoked", &v->revoked,
	        &v->nrevoked) < 0)
		return -1;
	if (!v->nlive)
		return fail(p, "status.live", "missing or empty");
	for (size_t i = 0; i < v->nlive; i++)
		for (size_t k = 0; k < v->nrevoked; k++)
			if (v->live[i] == v->revoked[k])
				return fail(p, "status",
				    "%d is both live and "
				    "revoked",
				    v->live[i]);
	if (parse_scope_tiers(p, e, v) < 0)
		return -1;

	/* What the request uses decides what a credential must bring. */
	used = tmpl_needs(&v->url) | tmpl_needs(&v->body) |
	    tmpl_needs(&v->base);
	for (size_t i = 0; i < v->nheaders; i++)
		used |= tmpl_needs(&v->headers[i].value);
	for (size_t i = 0; i < v->nidentity; i++)
		used |= tmpl_needs(&v->identity[i]) & ~CA_VNEED(CA_VVAR_SECRET);
	if (v->sigv4) {
		if (used & CA_VNEED(CA_VVAR_SECRET))
			return fail(p, "request",
			    "with the sigv4 signer the "
			    "secret signs the request and is never sent");
		used |= CA_VNEED(CA_VVAR_KEY_ID);
	} else if (!(used & CA_VNEED(CA_VVAR_SECRET))) {
		return fail(p, "request", "never sends {secret}");
	}
	if ((used & (CA_VNEED(CA_VVAR_HOST) | CA_VNEED(CA_VVAR_USER))) &&
	    !v->nhost_from)
		return fail(p, "host_from",
		    "{host} and {user} come from the "
		    "identities of the rules named here; it is missing");
	v->needs = used & ~CA_VNEED(CA_VVAR_BASE);
	return 0;
}

static const char *const top_keys[] = { "version", "verifiers", NULL };

int
ca_verifiers_parse(struct ca_verifiers *t, const char *name, const char *data,
    size_t len, char *err, size_t errlen)
{
	struct pctx p = { .name = name, .err = err, .errlen = errlen };
	struct ca_verifier **list = NULL;
	size_t n = 0, i;
	json_error_t jerr;
	json_t *doc, *arr, *e;

	if (errlen)
		err[0] = '\0';
	doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		/* jansson's text names the problem, never echoes values */
		snprintf(err, errlen, "'%s': invalid JSON at line %d: %s", name,
		    jerr.line, jerr.text);
		return -1;
	}
	if (!json_is_object(doc)) {
		fail(&p, NULL, "must be a JSON object");
		goto bad;
	}
	if (check_keys(&p, doc, "", top_keys) < 0)
		goto bad;
	e = json_object_get(doc, "version");
	if (!json_is_integer(e) || json_integer_value(e) != 1) {
		fail(&p, "version", "must be 1");
		goto bad;
	}
	arr = json_object_get(doc, "verifiers");
	if (!json_is_array(arr) || json_array_size(arr) > MAX_ENTRIES) {
		fail(&p, "verifiers", "must be an array of at most %d entries",
		    MAX_ENTRIES);
		goto bad;
	}
	list = xcalloc(json_array_size(arr) + 1, sizeof(*list));
	json_array_foreach(arr, i, e)
	{
		p.index = i + 1;
		p.provider = NULL;
		if (parse_entry(&p, e, &list[n++]) < 0)
			goto bad;
		for (size_t k = 0; k + 1 < n; k++)
			if (!strcmp(list[k]->provider, list[n - 1]->provider)) {
				fail(&p, "provider", "defined twice");
				goto bad;
			}
	}
	/* All good: merge by provider name. */
	for (size_t k = 0; k < n; k++) {
		size_t j;
		for (j = 0; j < t->n; j++)
			if (!strcmp(t->v[j]->provider, list[k]->provider))
				break;
		if (j < t->n) {
			verifier_free(t->v[j]);
			t->v[j] = list[k];
		} else {
			t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
			t->v[t->n++] = list[k];
		}
	}
	free(list);
	json_decref(doc);
	return 0;
bad:
	for (size_t k = 0; k < n; k++)
		verifier_free(list[k]);
	free(list);
	json_decref(doc);
	return -1;
}

struct ca_verifiers *
ca_verifiers_builtin(void)
{
	struct ca_verifiers *t = ca_verifiers_new();
	char err[640];

	if (ca_verifiers_parse(t, "built-in verifiers",
	        (const char *)ca_verifiers_json, ca_verifiers_json_len, err,
	        sizeof(err)) < 0) {
		ca_error("%s", err);
		ca_verifiers_free(t);
		return NULL;
	}
	return t;
}

/* The file is the user's own, on the scanning host (not the target). */
int
ca_verifiers_load_file(struct ca_verifiers *t, const char *path)
{
	struct strbuf sb = STRBUF_INIT(1u << 20);
	char buf[8192], err[640];
	FILE *f = fopen(path, "rb");
	size_t n;
	int ret = 0;

	if (!f)
		return ca_error("cannot open verifiers '%s': %s", path,
		    strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (strbuf_add(&sb, buf, n) < 0) {
			ret = ca_error("verifiers '%s': larger than 1 MiB",
			    path);
			break;
		}
	}
	if (!ret && ferror(f))
		ret = ca_error("cannot read verifiers '%s': %s", path,
		    strerror(errno));
	fclose(f);
	if (!ret &&
	    ca_verifiers_parse(t, path, sb.buf, sb.len, err, sizeof(err)) < 0)
		ret = ca_error("%s", err);
	strbuf_release(&sb);
	return ret;
}

int
ca_verifiers_set_endpoint(struct ca_verifiers *t, const char *spec)
{
	const char *eq = strchr(spec, '=');
	char why[160], *name, *base;
	size_t n;
	bool known = false;

	if (!eq || eq == spec || !eq[1])
		return ca_error("--verify-endpoint takes PROVIDER=URL, not "
		                "'%s'",
		    spec);
	name = xstrndup(spec, (size_t)(eq - spec));
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i]->provider, name) ||
		    (t->v[i]->endpoint && !strcmp(t->v[i]->endpoint, name)))
			known = true;
	if (!known) {
		ca_error("--verify-endpoint: no verifier named '%s'", name);
		free(name);
		return -1;
	}
	base = xstrdup(eq + 1);
	n = strlen(base);
	while (n > 1 && base[n - 1] == '/')
		base[--n] = '\0';
	if (strpbrk(base, "?#{} \t\r\n") ||
	    !ca_verify_url_policy(base, why, sizeof(why))) {
		ca_error("--verify-endpoint %s: '%s' cannot be a base: %s",
		    name, base,
		    strpbrk(base, "?#{} \t\r\n") ?
		        "no query, "
		        "fragment, braces or spaces" :
		        why);
		free(name);
		free(base);
		return -1;
	}
	/* An override names the endpoint of every entry that shares it. */
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->v[i]->provider, name) || !t->v[i]->endpoint ||
		    !strcmp(t->v[i]->endpoint, name))
			continue;
		free(name);
		name = xstrdup(t->v[i]->endpoint);
		break;
	}
	for (size_t i = 0; i < t->nendpoints; i++) {
		if (strcmp(t->endpoints[i].name, name))
			continue;
		free(t->endpoints[i].base);
		t->endpoints[i].base = base;
		free(name);
		return 0;
	}
	t->endpoints = xrealloc(t->endpoints,
	    (t->nendpoints + 1) * sizeof(*t->endpoints));
	t->endpoints[t->nendpoints].name = name;
	t->endpoints[t->nendpoints].base = base;
	t->nendpoints++;
	return 0;
}

bool
ca_verifier_has_kind(const struct ca_verifier *v, const char *kind)
{
	if (v->disabled || !kind)
		return false;
	for (size_t i = 0; i < v->nkinds; i++)
		if (!strcmp(v->kinds[i], kind))
			return true;
	return false;
}

bool
ca_verifiers_wants_kind(const struct ca_verifiers *t, const char *kind)
{
	for (size_t i = 0; i < t->n; i++)
		if (ca_verifier_has_kind(t->v[i], kind))
			return true;
	return false;
}

size_t
ca_verifiers_count(const struct ca_verifiers *t)
{
	return t->n;
}

const struct ca_verifier *
ca_verifiers_find(const struct ca_verifiers *t, const char *provider)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i]->provider, provider))
			return t->v[i];
	return NULL;
}

/* ---- building requests ---------------------------------------------- */

static const char *
var_value(const struct ca_vvars *vars, enum ca_vvar var, size_t *len)
{
	const char *s = NULL;

	switch (var) {
	case CA_VVAR_SECRET:
		*len = vars->secret_len;
		return vars->secret;
	case CA_VVAR_BASE:
		s = vars->base;
		break;
	case CA_VVAR_HOST:
		s = vars->host;
		break;
	case CA_VVAR_USER:
		s = vars->user;
		break;
	case CA_VVAR_KEY_ID:
		s = vars->key_id;
		break;
	case CA_VVAR_COUNT:
		break;
	}
	*len = s ? strlen(s) : 0;
	return s;
}

enum enc { ENC_RAW, ENC_URL, ENC_JSON, ENC_HEADER };

static int
put_encoded(struct strbuf *sb, const char *s, size_t n, enum enc enc)
{
	static const char hex[] = "0123456789ABCDEF";
	int err = 0;

	for (size_t i = 0; i < n && !err; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (enc) {
		case ENC_URL:
			if (isalnum(c) || c == '-' || c == '.' || c == '_' ||
			    c == '~') {
				err = strbuf_addch(sb, c);
			} else {
				err = strbuf_addch(sb, '%');
				err |= strbuf_addch(sb, hex[c >> 4]);
				err |= strbuf_addch(sb, hex[c & 15]);
			}
			break;
		case ENC_JSON:
			if (c == '"' || c == '\\')
				err = strbuf_addch(sb, '\\') |
				    strbuf_addch(sb, c);
			else if (c < 0x20)
				err = strbuf_addf(sb, "\\u%04x", c);
			else
				err = strbuf_addch(sb, c);
			break;
		case ENC_HEADER:
			if (c == '\r' || c == '\n' || c == '\0')
				return -2;
			err = strbuf_addch(sb, c);
			break;
		case ENC_RAW:
			err = strbuf_addch(sb, c);
			break;
		}
	}
	return err ? -1 : 0;
}

/* Expands request template 't' into 'sb'; variables are encoded with
 * 'enc' ({base} and {host} are never encoded: they are URL parts). */
static int
expand(const struct ca_vtmpl *t, const struct ca_vvars *vars, enum enc enc,
    struct strbuf *sb, char *why, size_t whylen)
{
	for (size_t i = 0; i < t->nparts; i++) {
		const struct ca_vtmpl_part *pt = &t->parts[i];
		const char *v;
		size_t n;
		int r;

		if (pt->text) {
			if (strbuf_addstr(sb, pt->text) < 0)
				goto full;
			continue;
		}
		v = var_value(vars, pt->src.var, &n);
		if (!v) {
			snprintf(why, whylen, "no %s is known for it",
			    pt->src.var == CA_VVAR_USER ?
			        "account name" :
			        pt->src.var == CA_VVAR_HOST ?
			        "host" :
			        pt->src.var == CA_VVAR_KEY_ID ?
			        "access key id" :
			        (unsigned)pt->src.var < CA_VVAR_COUNT ?
			        var_names[pt->src.var] :
			        "value");
			return -1;
		}
		r = put_encoded(sb, v, n,
		    pt->src.var == CA_VVAR_BASE || pt->src.var == CA_VVAR_HOST ?
		        (enc == ENC_HEADER ? ENC_HEADER : ENC_RAW) :
		        enc);
		if (r == -2) {
			snprintf(why, whylen,
			    "a value holds a line break and "
			    "cannot go in a header");
			return -1;
		}
		if (r < 0)
			goto full;
	}
	return 0;
full:
	snprintf(why, whylen, "the request is too large");
	return -1;
}

void
ca_vrequest_release(struct ca_vrequest *r)
{
	ca_wipe(r->url.buf, r->url.len);
	strbuf_release(&r->url);
	for (size_t i = 0; i < r->nheaders; i++) {
		ca_wipe(r->headers[i].buf, r->headers[i].len);
		strbuf_release(&r->headers[i]);
	}
	free(r->headers);
	ca_wipe(r->body.buf, r->body.len);
	strbuf_release(&r->body);
	memset(r, 0, sizeof(*r));
}

int
ca_vrequest_build(const struct ca_verifier *v, const struct ca_vvars *vars,
    struct ca_vrequest *out, char *why, size_t whylen)
{
	enum enc be = v->body_enc == CA_VBODY_JSON ? ENC_JSON :
	    v->body_enc == CA_VBODY_FORM           ? ENC_URL :
	                                             ENC_RAW;

	memset(out, 0, sizeof(*out));
	out->method = v->method;
	/* Each buffer is allocated at its cap once, so no realloc can leave
	 * a copy of the secret behind in freed memory. */
	strbuf_init(&out->url, REQ_CAP);
	strbuf_init(&out->body, REQ_CAP);
	if (strbuf_grow(&out->url, REQ_CAP) < 0)
		goto bad_size;
	if (expand(&v->url, vars, ENC_URL, &out->url, why, whylen) < 0)
		goto bad;
	out->headers = xcalloc(v->nheaders + 1, sizeof(*out->headers));
	for (size_t i = 0; i < v->nheaders; i++) {
		struct strbuf *h = &out->headers[out->nheaders++];
		strbuf_init(h, REQ_CAP);
		if (strbuf_grow(h, REQ_CAP) < 0 ||
		    strbuf_addf(h, "%s: ", v->headers[i].name) < 0)
			goto bad_size;
		if (expand(&v->headers[i].value, vars, ENC_HEADER, h, why,
		        whylen) < 0)
			goto bad;
	}
	if (v->body.set) {
		out->has_body = true;
		if (strbuf_grow(&out->body, REQ_CAP) < 0)
			goto bad_size;
		if (expand(&v->body, vars, be, &out->body, why, whylen) < 0)
			goto bad;
	}
	return 0;
bad_size:
	snprintf(why, whylen, "the request is too large");
bad:
	ca_vrequest_release(out);
	return -1;
}

/* ---- reading responses ---------------------------------------------- */

/* RFC 6901: "" is the document, "/a/0" the first element of "a". */
static json_t *
json_pointer(json_t *doc, const char *ptr)
{
	json_t *cur = doc;
	const char *p = ptr;
	char tok[256];

	if (!*p)
		return doc;
	while (cur && *p == '/') {
		size_t n = 0;
		p++;
		while (*p && *p != '/') {
			char c = *p++;
			if (c == '~' && (*p == '0' || *p == '1'))
				c = *p++ == '0' ? '~' : '/';
			if (n + 1 >= sizeof(tok))
				return NULL;
			tok[n++] = c;
		}
		tok[n] = '\0';
		if (json_is_object(cur)) {
			cur = json_object_get(cur, tok);
		} else if (json_is_array(cur)) {
			char *end;
			unsigned long idx;
			if (!n || (n > 1 && tok[0] == '0') ||
			    !isdigit((unsigned char)tok[0]))
				return NULL;
			errno = 0;
			idx = strtoul(tok, &end, 10);
			if (errno || *end)
				return NULL;
			cur = json_array_get(cur, idx);
		} else {
			return NULL;
		}
	}
	return *p ? NULL : cur;
}

/* Text of the first <name> element (no attributes needed), entities
 * decoded, into 'sb'. Returns 0, or -1 when there is none. */
static int
xml_text(const char *body, size_t len, const char *name, struct strbuf *sb)
{
	size_t nl = strlen(name);

	for (size_t i = 0; i + nl + 2 <= len; i++) {
		size_t j;
		if (body[i] != '<' || memcmp(body + i + 1, name, nl))
			continue;
		j = i + 1 + nl;
		if (j >= len ||
		    (body[j] != '>' && body[j] != ' ' && body[j] != '\t' &&
		        body[j] != '\n' && body[j] != '/'))
			continue;
		while (j < len && body[j] != '>')
			j++;
		if (j >= len)
			return -1;
		if (body[j - 1] == '/')
			return 0; /* <Name/> */
		for (j++; j < len && body[j] != '<'; j++) {
			static const struct {
				const char *e;
				char c;
			} ents[] = {
				{ "&amp;", '&' },
				{ "&lt;", '<' },
				{ "&gt;", '>' },
				{ "&quot;", '"' },
				{ "&apos;", '\'' },
			};
			char c = body[j];
			for (size_t k = 0; c == '&' && k < 5; k++) {
				size_t el = strlen(ents[k].e);
				if (j + el <= len &&
				    !memcmp(body + j, ents[k].e, el)) {
					c = ents[k].c;
					j += el - 1;
					break;
				}
			}
			if (strbuf_addch(sb, c) < 0)
				return -1;
		}
		return 0;
	}
	return -1;
}

struct rctx {
	const struct ca_vresponse *r;
	const struct ca_vvars *vars;
	json_t *json;
	bool json_tried;
	bool json_bad; /* a JSON source met a body that is not JSON */
};

static json_t *
rctx_json(struct rctx *c)
{
	if (!c->json_tried) {
		c->json_tried = true;
		c->json = json_loadb(c->r->body ? c->r->body : "",
		    c->r->body_len, JSON_DECODE_ANY, NULL);
	}
	if (!c->json)
		c->json_bad = true;
	return c->json;
}

/* Reads source 's' as text into 'sb'; a JSON array is its elements
 * joined by a space (for scopes). Returns 1 when found, 0 when absent. */
static int
read_source(struct rctx *c, const struct ca_vsource *s, struct strbuf *sb)
{
	const char *v;
	json_t *j, *e;
	size_t i;

	switch (s->type) {
	case CA_VSRC_HEADER:
		v = c->r->header ? c->r->header(c->r->header_arg, s->arg) :
		                   NULL;
		if (!v)
			return 0;
		strbuf_addstr(sb, v);
		return 1;
	case CA_VSRC_XML:
		return xml_text(c->r->body ? c->r->body : "", c->r->body_len,
		           s->arg, sb) == 0;
	case CA_VSRC_JSON:
		j = rctx_json(c);
		if (!j)
			return 0;
		j = json_pointer(j, s->arg);
		if (json_is_string(j)) {
			strbuf_add(sb, json_string_value(j),
			    json_string_length(j));
		} else if (json_is_integer(j)) {
			strbuf_addf(sb, "%lld",
			    (long long)json_integer_value(j));
		} else if (json_is_real(j)) {
			strbuf_addf(sb, "%.0f", json_real_value(j));
		} else if (json_is_boolean(j)) {
			strbuf_addstr(sb, json_is_true(j) ? "true" : "false");
		} else if (json_is_array(j)) {
			json_array_foreach(j, i, e)
			{
				if (!json_is_string(e))
					continue;
				if (sb->len)
					strbuf_addch(sb, ' ');
				strbuf_add(sb, json_string_value(e),
				    json_string_length(e));
			}
		} else {
			return 0;
		}
		return 1;
	case CA_VSRC_VAR:
		v = var_value(c->vars, s->var, &i);
		if (!v || s->var == CA_VVAR_SECRET)
			return 0;
		strbuf_add(sb, v, i);
		return 1;
	case CA_VSRC_NONE:
		break;
	}
	return 0;
}

/* Whether 's' holds the secret or any 12-byte piece of it. */
static bool
holds_secret(const char *s, size_t n, const struct ca_vvars *vars)
{
	size_t w;

	if (!vars || !vars->secret || !vars->secret_len)
		return false;
	w = vars->secret_len < 12 ? vars->secret_len : 12;
	for (size_t i = 0; i + w <= vars->secret_len; i++)
		if (memmem(s, n, vars->secret + i, w))
			return true;
	return false;
}

/* Returns an owned, printable copy of at most 'cap' bytes of 's', or
 * NULL when it is empty or holds the secret. */
static char *
clean(const char *s, size_t n, size_t cap, const struct ca_vvars *vars)
{
	char *out;

	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n || holds_secret(s, n, vars))
		return NULL;
	if (n > cap)
		n = cap;
	out = xstrndup(s, n);
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return out;
}

static char *
resolve_tmpl(struct rctx *c, const struct ca_vtmpl *t)
{
	struct strbuf sb = STRBUF_INIT(64 * 1024);
	char *out;

	for (size_t i = 0; i < t->nparts; i++) {
		if (t->parts[i].text) {
			strbuf_addstr(&sb, t->parts[i].text);
			continue;
		}
		if (read_source(c, &t->parts[i].src, &sb) != 1) {
			strbuf_release(&sb);
			return NULL;
		}
	}
	out = clean(sb.buf, sb.len, CA_VERIFY_MAX_FIELD, c->vars);
	strbuf_release(&sb);
	return out;
}

static char *
resolve_source(struct rctx *c, const struct ca_vsource *s, size_t cap)
{
	struct strbuf sb = STRBUF_INIT(64 * 1024);
	char *out = NULL;

	if (s->type && read_source(c, s, &sb) == 1)
		out = clean(sb.buf, sb.len, cap, c->vars);
	strbuf_release(&sb);
	return out;
}

static void
read_scopes(struct rctx *c, const struct ca_verifier *v, struct ca_vresult *out)
{
	struct strbuf sb = STRBUF_INIT(64 * 1024);
	const char *p;

	if (!v->scopes.type || read_source(c, &v->scopes, &sb) != 1) {
		strbuf_release(&sb);
		return;
	}
	/* present, even empty: the provider said what it grants */
	out->scopes_known = true;
	for (p = sb.buf; *p;) {
		size_t n;
		char *s;
		p += strspn(p, ", \t");
		n = strcspn(p, ", \t");
		if (!n)
			break;
		s = n <= CA_VERIFY_MAX_SCOPE_LEN ?
		    clean(p, n, CA_VERIFY_MAX_SCOPE_LEN, c->vars) :
		    NULL;
		p += n;
		if (!s)
			continue;
		for (size_t k = 0; k < out->nscopes; k++)
			if (!strcmp(out->scopes[k], s)) {
				free(s);
				s = NULL;
				break;
			}
		if (!s)
			continue;
		if (out->nscopes == CA_VERIFY_MAX_SCOPES) {
			free(s);
			break;
		}
		out->scopes = xrealloc(out->scopes,
		    (out->nscopes + 1) * sizeof(*out->scopes));
		out->scopes[out->nscopes++] = s;
	}
	strbuf_release(&sb);
}

int
ca_verifier_scope_tier(const struct ca_verifier *v, const char *const *scopes,
    size_t n)
{
	int tier = -1;

	if (!n)
		return v->no_scopes_tier;
	for (size_t i = 0; i < n; i++) {
		int t = -1;
		size_t best = 0;
		for (size_t k = 0; k < v->nscope_tiers; k++) {
			const struct ca_vscope_tier *st = &v->scope_tiers[k];
			if (!strcmp(st->pattern, scopes[i])) {
				t = st->tier;
				break;
			}
			if (strchr(st->pattern, '*') &&
			    strlen(st->pattern) > best &&
			    !fnmatch(st->pattern, scopes[i], 0)) {
				t = st->tier;
				best = strlen(st->pattern);
			}
		}
		if (t > tier)
			tier = t;
	}
	return tier;
}

static bool
in_codes(const int *codes, size_t n, long status)
{
	for (size_t i = 0; i < n; i++)
		if (codes[i] == status)
			return true;
	return false;
}

static bool
in_strs(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

static void set_error(struct ca_vresult *out, const char *fmt, ...)
    CA_PRINTF(2, 3);

static void
set_error(struct ca_vresult *out, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	free(out->error);
	out->error = xstrdup(msg);
}

static bool
header_is_zero(const struct ca_vresponse *r, const char *name)
{
	const char *v = r->header ? r->header(r->header_arg, name) : NULL;
	size_t n;

	if (!v)
		return false;
	v += strspn(v, " \t");
	n = strcspn(v, " \t");
	return n == 1 && *v == '0' && !v[1 + strspn(v + 1, " \t")];
}

static void
retry_after(const struct ca_vresponse *r, int64_t now, struct ca_vresult *out)
{
	static const char *const resets[] = {
		"x-ratelimit-reset",
		"ratelimit-reset",
	};
	const char *v = r->header ? r->header(r->header_arg, "retry-after") :
	                            NULL;
	int64_t secs;

	out->retry_after = -1;
	if (v && ca_verify_parse_retry_after(v, now, &secs) == 0) {
		out->retry_after = secs;
		return;
	}
	for (size_t i = 0; i < CA_ARRAY_SIZE(resets); i++) {
		v = r->header ? r->header(r->header_arg, resets[i]) : NULL;
		if (v && ca_verify_parse_reset(v, now, &secs) == 0) {
			out->retry_after = secs;
			return;
		}
	}
}

void
ca_vresult_release(struct ca_vresult *r)
{
	free(r->error);
	free(r->identity);
	strs_free(r->scopes, r->nscopes);
	free(r->expires);
	memset(r, 0, sizeof(*r));
	r->tier = -1;
	r->retry_after = -1;
}

/* A provider's error code, cleaned; owned or NULL. */
static char *
error_code(struct rctx *c, const struct ca_verifier *v)
{
	return v->error.type ? resolve_source(c, &v->error, 64) : NULL;
}

void
ca_vresponse_classify(const struct ca_verifier *v, const struct ca_vresponse *r,
    const struct ca_vvars *vars, int64_t now, struct ca_vresult *out)
{
	struct rctx c = { .r = r, .vars = vars };
	long st = r->status;
	char *code = NULL;

	memset(out, 0, sizeof(*out));
	out->tier = -1;
	out->retry_after = -1;
	out->verified = CA_VERIFIED_UNKNOWN;

	if (st == 429 || (st >= 500 && st <= 599) ||
	    (!in_codes(v->live, v->nlive, st) && (st == 403 || st == 429) &&
	        (header_is_zero(r, "x-ratelimit-remaining") ||
	            header_is_zero(r, "ratelimit-remaining")))) {
		out->retry = true;
		retry_after(r, now, out);
		if (st >= 500)
			set_error(out, "the provider failed (HTTP %ld)", st);
		else
			set_error(out,
			    "rate limited by the provider "
			    "(HTTP %ld)",
			    st);
		goto out;
	}
	if (in_codes(v->live, v->nlive, st)) {
		struct strbuf sb = STRBUF_INIT(16);
		bool ok = true;

		if (v->ok.type) {
			ok = read_source(&c, &v->ok, &sb) == 1 &&
			    !strcmp(sb.buf, "true");
			strbuf_release(&sb);
		}
		if (c.json_bad) {
			set_error(out,
			    "the provider's answer is not the JSON "
			    "expected (HTTP %ld)",
			    st);
			goto out;
		}
		if (!ok) {
			code = error_code(&c, v);
			if (in_strs(v->revoked_errors, v->nrevoked_errors,
			        code)) {
				out->verified = CA_VERIFIED_REVOKED;
			} else if (code) {
				set_error(out, "the provider said '%s'", code);
			} else {
				set_error(out,
				    "the provider did not confirm "
				    "it (HTTP %ld)",
				    st);
			}
			goto out;
		}
		for (size_t i = 0; i < v->nidentity && !out->identity; i++)
			out->identity = resolve_tmpl(&c, &v->identity[i]);
		read_scopes(&c, v, out);
		out->expires = resolve_source(&c, &v->expires,
		    CA_VERIFY_MAX_FIELD);
		if (out->expires) {
			char t[32];
			if (ca_verify_parse_expiry(out->expires, t) == 0) {
				free(out->expires);
				out->expires = xstrdup(t);
			} else {
				free(out->expires);
				out->expires = NULL;
			}
		}
		if (c.json_bad) {
			/* the status said live; the body said nothing */
			ca_vresult_release(out);
			out->verified = CA_VERIFIED_UNKNOWN;
			set_error(out,
			    "the provider's answer is not the JSON "
			    "expected (HTTP %ld)",
			    st);
			goto out;
		}
		out->verified = CA_VERIFIED_LIVE;
		if (out->scopes_known)
			out->tier = ca_verifier_scope_tier(v,
			    (const char *const *)out->scopes, out->nscopes);
		goto out;
	}
	if (in_codes(v->revoked, v->nrevoked, st)) {
		code = error_code(&c, v);
		if (!v->nrevoked_errors || !code ||
		    in_strs(v->revoked_errors, v->nrevoked_errors, code))
			out->verified = CA_VERIFIED_REVOKED;
		else
			set_error(out,
			    "the provider refused it for another "
			    "reason: '%s' (HTTP %ld)",
			    code, st);
		goto out;
	}
	if (st >= 300 && st < 400)
		set_error(out,
		    "the provider answered with a redirect (HTTP "
		    "%ld), which is not followed",
		    st);
	else
		set_error(out, "unexpected answer from the provider (HTTP %ld)",
		    st);
out:
	free(code);
	json_decref(c.json);
}

/* ---- times ---------------------------------------------------------- */

static const char *const months[12] = {
	"Jan",
	"Feb",
	"Mar",
	"Apr",
	"May",
	"Jun",
	"Jul",
	"Aug",
	"Sep",
	"Oct",
	"Nov",
	"Dec",
};

static int
month_of(const char *m)
{
	for (int i = 0; i < 12; i++)
		if (!strncmp(m, months[i], 3) && !m[3])
			return i;
	return -1;
}

static bool
tm_valid(const struct tm *tm)
{
	return tm->tm_year >= 70 && tm->tm_year < 8100 && tm->tm_mon >= 0 &&
	    tm->tm_mon < 12 && tm->tm_mday >= 1 && tm->tm_mday <= 31 &&
	    tm->tm_hour >= 0 && tm->tm_hour < 24 && tm->tm_min >= 0 &&
	    tm->tm_min < 60 && tm->tm_sec >= 0 && tm->tm_sec <= 60;
}

static bool
all_digits(const char *s, size_t max)
{
	size_t n = strlen(s);

	return n && n <= max && strspn(s, "0123456789") == n;
}

/* The three HTTP date forms of RFC 9110, section 5.6.7. */
static int
parse_http_date(const char *v, int64_t *out)
{
	struct tm tm;
	char mon[4], wd[16], zone[4];
	int d, y, h, mi, s, n = 0;
	const char *comma = strchr(v, ',');

	memset(&tm, 0, sizeof(tm));
	if (comma) {
		/* IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" and RFC 850
		 * "Sunday, 06-Nov-94 08:49:37 GMT" */
		if (sscanf(comma + 1, " %2d %3s %4d %2d:%2d:%2d %3s%n", &d, mon,
		        &y, &h, &mi, &s, zone, &n) == 7 &&
		    !comma[1 + n]) {
			;
		} else if (sscanf(comma + 1,
		               " %2d-%3[A-Za-z]-%2d %2d:%2d:%2d "
		               "%3s%n",
		               &d, mon, &y, &h, &mi, &s, zone, &n) == 7 &&
		    !comma[1 + n]) {
			y += y < 70 ? 2000 : 1900;
		} else {
			return -1;
		}
		if (strcmp(zone, "GMT"))
			return -1;
	} else if (sscanf(v, "%15s %3s %2d %2d:%2d:%2d %4d%n", wd, mon, &d, &h,
	               &mi, &s, &y, &n) == 7 &&
	    !v[n]) {
		; /* asctime "Sun Nov  6 08:49:37 1994" */
	} else {
		return -1;
	}
	tm.tm_mon = month_of(mon);
	tm.tm_mday = d;
	tm.tm_year = y - 1900;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	if (!tm_valid(&tm))
		return -1;
	*out = (int64_t)timegm(&tm);
	return 0;
}

int
ca_verify_parse_retry_after(const char *v, int64_t now, int64_t *secs)
{
	int64_t t;

	while (*v == ' ')
		v++;
	if (all_digits(v, 10)) {
		*secs = (int64_t)strtoll(v, NULL, 10);
		return 0;
	}
	if (parse_http_date(v, &t) < 0)
		return -1;
	*secs = t > now ? t - now : 0;
	return 0;
}

int
ca_verify_parse_reset(const char *v, int64_t now, int64_t *secs)
{
	int64_t t;

	while (*v == ' ')
		v++;
	if (!all_digits(v, 12))
		return -1;
	t = (int64_t)strtoll(v, NULL, 10);
	/* a Unix time is past 2001; a delta that large is no delta */
	if (t >= 1000000000)
		*secs = t > now ? t - now : 0;
	else
		*secs = t;
	return 0;
}

int
ca_verify_parse_expiry(const char *v, char out[32])
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, s = 0, n = 0;
	int64_t t, off = 0;
	time_t tt;
	const char *p;

	memset(&tm, 0, sizeof(tm));
	while (*v == ' ')
		v++;
	if (all_digits(v, 14)) {
		t = (int64_t)strtoll(v, NULL, 10);
		if (t >= 100000000000LL)
			t /= 1000; /* milliseconds */
		if (t <= 0 || t > 253402300799LL)
			return -1;
		goto format;
	}
	if (sscanf(v, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	p = v + n;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (sscanf(p + 1, "%2d:%2d:%2d%n", &h, &mi, &s, &n) != 3 ||
		    n != 8)
			return -1;
		p += 1 + n;
		if (*p == '.') {
			p++;
			p += strspn(p, "0123456789");
		}
		while (*p == ' ')
			p++;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (!strcmp(p, "UTC") || !strcmp(p, "GMT")) {
			p += 3;
		} else if (*p == '+' || *p == '-') {
			int oh, om;
			int sign = *p == '-' ? -1 : 1;
			if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) == 2 &&
			    n == 5)
				p += 6;
			else if (sscanf(p + 1, "%2d%2d%n", &oh, &om, &n) == 2 &&
			    n == 4)
				p += 5;
			else
				return -1;
			if (oh > 23 || om > 59)
				return -1;
			off = sign * (oh * 3600 + om * 60);
		}
	}
	if (*p)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	if (!tm_valid(&tm))
		return -1;
	t = (int64_t)timegm(&tm) - off;
format:
	tt = (time_t)t;
	if (!gmtime_r(&tt, &tm))
		return -1;
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return 0;
}
