/* verify.c - the request engine of --verify: pick each credential's
 * verifier, send at most --verify-jobs requests at a time through one
 * libcurl multi handle, retry what the provider asks to retry, and
 * record what the answers mean in the inventory.
 *
 * Where a secret may go, checked in this order for every request:
 *   1. only to an entry whose kinds include one the credential was seen
 *      as, and whose hosts (if it has any) include the host the
 *      credential's own files name;
 *   2. only to the entry's base, or the --verify-endpoint override of it;
 *   3. only over https with the peer and host verified, or over plain
 *      http when the URL's host is a loopback address and the socket
 *      really connects to one (an opensocket callback checks);
 *   4. never through a proxy (the environment's proxy variables are
 *      ignored: a proxy would see a plain-http request, and credatlas
 *      does not know whom a proxy answers to), never after a redirect.
 * libcurl keeps its own copies of the URL and headers while a request
 * runs and frees them without wiping; everything credatlas allocates for
 * a request is wiped. */
#include "lib/compat.h"
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include "lib/hash.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "scanners/verify/vault.h"
#include "scanners/verify/verify_p.h"
#include "lib/banned.h"

#define DEFAULT_JOBS     4
#define DEFAULT_TIMEOUT  10 /* seconds, the whole request */
#define CONNECT_TIMEOUT  5  /* seconds, at most */
#define DEFAULT_MAX_WAIT 30 /* seconds of backoff per credential */
#define MAX_RETRIES      3

enum job_state { JOB_PENDING, JOB_RUNNING, JOB_DONE };

struct job {
	struct ca_credential *c;
	const struct ca_vault_entry *ve;
	const struct ca_verifier *v;
	char host[256];
	char user[256];
	struct strbuf base;
	struct ca_vvars vars;
	enum job_state state;
	unsigned int attempt;
	int64_t due;     /* monotonic ms */
	int64_t waited;  /* ms of backoff so far */
	bool plain_http; /* loopback override */
	CURL *h;
	struct curl_slist *hdrs;
	struct ca_vrequest req;
	struct strbuf resp;
	bool resp_too_big;
	struct ca_vresult res;
	bool have_res;
};

struct engine {
	const struct ca_verify_opts *o;
	unsigned int jobs, timeout;
	int64_t max_wait;
	struct job *list;
	size_t n;
	CURLM *multi;
	uint64_t rng;
};

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t
rng_next(struct engine *e)
{
	uint64_t z = (e->rng += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* ---- choosing a verifier -------------------------------------------- */

static bool
trusted_rule(const struct ca_verifier *v, const char *rule)
{
	for (size_t i = 0; i < v->nhost_from; i++)
		if (!strncmp(rule, v->host_from[i], strlen(v->host_from[i])))
			return true;
	return false;
}

static bool
entry_serves(const struct ca_verifier *v, const struct ca_credential *c,
    const struct ca_vault_entry *ve)
{
	if (ca_verifier_has_kind(v, c->kind))
		return true;
	for (size_t i = 0; i < ve->nkinds; i++)
		if (ca_verifier_has_kind(v, ve->kinds[i]))
			return true;
	return false;
}

/* Whether entry 'v' takes credential 'c': 1 yes (host and user filled
 * in), 0 no, -1 it would but lacks something (reason in 'why'). */
static int
entry_applies(const struct ca_verifier *v, const struct ca_credential *c,
    const struct ca_vault_entry *ve, char *host, char *user, char *why,
    size_t whylen)
{
	const char *h = NULL, *u = NULL;

	host[0] = user[0] = '\0';
	if (v->disabled || !entry_serves(v, c, ve))
		return 0;
	for (size_t i = 0; i < ve->nhints; i++) {
		const struct ca_vault_hint *hint = &ve->hints[i];
		if (!trusted_rule(v, hint->rule))
			continue;
		if (h && strcmp(h, hint->host)) {
			snprintf(why, whylen,
			    "its files name more than one "
			    "host for it");
			return -1;
		}
		h = hint->host;
		if (!u && hint->user)
			u = hint->user;
	}
	if (v->nhosts && h) {
		bool listed = false;
		for (size_t i = 0; i < v->nhosts && !listed; i++)
			listed = !strcmp(v->hosts[i], "*") ||
			    !strcmp(v->hosts[i], h);
		if (!listed)
			return 0;
	}
	if ((v->needs & CA_VNEED(CA_VVAR_HOST)) && !h) {
		/* an enterprise entry: without a host it is not this one's */
		return 0;
	}
	if ((v->needs & CA_VNEED(CA_VVAR_USER)) && !u) {
		snprintf(why, whylen,
		    "%s needs the account name, which the "
		    "scan did not find",
		    v->provider);
		return -1;
	}
	if ((v->needs & CA_VNEED(CA_VVAR_KEY_ID)) && !ve->key_id) {
		snprintf(why, whylen,
		    "%s needs the access key id, which the "
		    "scan did not find next to it",
		    v->provider);
		return -1;
	}
	if (h)
		snprintf(host, 256, "%s", h);
	if (u)
		snprintf(user, 256, "%s", u);
	return 1;
}

/* The base for entry 'v': the override of its endpoint, else its own,
 * with {host} filled in. */
static int
job_base(const struct ca_verifiers *t, struct job *j)
{
	const struct ca_verifier *v = j->v;

	strbuf_init(&j->base, 4096);
	for (size_t i = 0; i < t->nendpoints; i++)
		if (!strcmp(t->endpoints[i].name, v->endpoint))
			return strbuf_addstr(&j->base, t->endpoints[i].base);
	for (size_t i = 0; i < v->base.nparts; i++) {
		const struct ca_vtmpl_part *pt = &v->base.parts[i];
		if (strbuf_addstr(&j->base, pt->text ? pt->text : j->host) < 0)
			return -1;
	}
	while (j->base.len > 8 && j->base.buf[j->base.len - 1] == '/')
		strbuf_setlen(&j->base, j->base.len - 1);
	return 0;
}

/* ---- one request ---------------------------------------------------- */

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct job *j = arg;
	size_t len = size * n;

	if (j->resp.len + len > CA_VERIFY_MAX_BODY) {
		j->resp_too_big = true;
		return 0;
	}
	if (strbuf_add(&j->resp, data, len) < 0) {
		j->resp_too_big = true;
		return 0;
	}
	return len;
}

/* The last line of defence for plain http: the socket must go to a
 * loopback address whatever the name resolved to. */
static curl_socket_t
on_open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct job *j = arg;

	(void)purpose;
	if (j->plain_http) {
		bool lo = false;
		if (a->family == AF_INET) {
			const struct sockaddr_in *s4 =
			    (const struct sockaddr_in *)(const void *)&a->addr;
			lo = (ntohl(s4->sin_addr.s_addr) >> 24) == 127;
		} else if (a->family == AF_INET6) {
			const struct sockaddr_in6 *s6 =
			    (const struct sockaddr_in6 *)(const void *)&a->addr;
			lo = IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr);
		}
		if (!lo)
			return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

static const char *
get_header(void *arg, const char *name)
{
	struct job *j = arg;
	struct curl_header *h;

	if (curl_easy_header(j->h, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
		return NULL;
	return h->value;
}

static void
wipe_slist(struct curl_slist *l)
{
	for (; l; l = l->next)
		if (l->data)
			ca_wipe(l->data, strlen(l->data));
}

static void
job_reset(struct job *j)
{
	if (j->h)
		curl_easy_cleanup(j->h);
	j->h = NULL;
	wipe_slist(j->hdrs);
	curl_slist_free_all(j->hdrs);
	j->hdrs = NULL;
	ca_vrequest_release(&j->req);
	ca_wipe(j->resp.buf, j->resp.len);
	strbuf_release(&j->resp);
	j->resp_too_big = false;
}

static void
job_finish(struct job *j, const char *error)
{
	if (error) {
		ca_vresult_release(&j->res);
		j->res.verified = CA_VERIFIED_UNKNOWN;
		j->res.error = xstrdup(error);
	}
	j->have_res = true;
	j->state = JOB_DONE;
	job_reset(j);
}

static int
add_sigv4(struct job *j)
{
	struct ca_sigv4 s;
	struct strbuf auth = STRBUF_INIT(4096), line = STRBUF_INIT(4200);
	const char **hdrs = xcalloc(j->req.nheaders + 1, sizeof(*hdrs));
	char date[20];
	time_t now = time(NULL);
	struct tm tm;
	int ret = -1;

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y%m%dT%H%M%SZ", &tm);
	for (size_t i = 0; i < j->req.nheaders; i++)
		hdrs[i] = j->req.headers[i].buf;
	memset(&s, 0, sizeof(s));
	s.method = j->req.method;
	s.url = j->req.url.buf;
	s.headers = hdrs;
	s.nheaders = j->req.nheaders;
	s.body = j->req.body.buf;
	s.body_len = j->req.body.len;
	s.region = j->v->sigv4_region;
	s.service = j->v->sigv4_service;
	s.key_id = j->vars.key_id;
	s.secret = j->vars.secret;
	s.secret_len = j->vars.secret_len;
	s.amz_date = date;
	if (ca_sigv4_authorization(&s, &auth) == 0 &&
	    strbuf_addf(&line, "X-Amz-Date: %s", date) == 0) {
		j->hdrs = curl_slist_append(j->hdrs, line.buf);
		strbuf_reset(&line);
		if (strbuf_addf(&line, "Authorization: %s", auth.buf) == 0) {
			j->hdrs = curl_slist_append(j->hdrs, line.buf);
			ret = 0;
		}
	}
	strbuf_release(&auth);
	strbuf_release(&line);
	free(hdrs);
	return ret;
}

/* Builds and adds the request for 'j'. On failure the job is done. */
static void
job_start(struct engine *e, struct job *j)
{
	char why[192];
	long ms = (long)e->timeout * 1000;
	int policy;

	if (ca_vrequest_build(j->v, &j->vars, &j->req, why, sizeof(why)) < 0) {
		job_finish(j, why);
		return;
	}
	policy = ca_verify_url_policy(j->req.url.buf, why, sizeof(why));
	if (!policy) {
		char msg[256];
		snprintf(msg, sizeof(msg), "not sent: %s", why);
		job_finish(j, msg);
		return;
	}
	j->plain_http = policy == 2;
	strbuf_init(&j->resp, CA_VERIFY_MAX_BODY);
	j->h = curl_easy_init();
	if (!j->h) {
		job_finish(j, "cannot set up a request");
		return;
	}
	for (size_t i = 0; i < j->req.nheaders; i++)
		j->hdrs = curl_slist_append(j->hdrs, j->req.headers[i].buf);
	/* no "Expect: 100-continue" round trip for a small POST */
	j->hdrs = curl_slist_append(j->hdrs, "Expect:");
	if (j->v->sigv4 && add_sigv4(j) < 0) {
		job_finish(j, "cannot sign the request");
		return;
	}
	curl_easy_setopt(j->h, CURLOPT_PRIVATE, j);
	curl_easy_setopt(j->h, CURLOPT_URL, j->req.url.buf);
	curl_easy_setopt(j->h, CURLOPT_PROTOCOLS_STR,
	    j->plain_http ? "http" : "https");
	curl_easy_setopt(j->h, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(j->h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(j->h, CURLOPT_MAXREDIRS, 0L);
	curl_easy_setopt(j->h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(j->h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(j->h, CURLOPT_PROXY, "");
	curl_easy_setopt(j->h, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(j->h, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
	curl_easy_setopt(j->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(j->h, CURLOPT_TIMEOUT_MS, ms);
	curl_easy_setopt(j->h, CURLOPT_CONNECTTIMEOUT_MS,
	    ms < CONNECT_TIMEOUT * 1000L ? ms : CONNECT_TIMEOUT * 1000L);
	curl_easy_setopt(j->h, CURLOPT_USERAGENT, "credatlas/" CA_VERSION);
	curl_easy_setopt(j->h, CURLOPT_HTTPHEADER, j->hdrs);
	curl_easy_setopt(j->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(j->h, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(j->h, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
	curl_easy_setopt(j->h, CURLOPT_OPENSOCKETDATA, j);
	if (!strcmp(j->req.method, "POST")) {
		curl_easy_setopt(j->h, CURLOPT_POST, 1L);
		curl_easy_setopt(j->h, CURLOPT_POSTFIELDS, j->req.body.buf);
		curl_easy_setopt(j->h, CURLOPT_POSTFIELDSIZE,
		    (long)j->req.body.len);
	} else {
		curl_easy_setopt(j->h, CURLOPT_HTTPGET, 1L);
	}
	if (curl_multi_add_handle(e->multi, j->h) != CURLM_OK) {
		job_finish(j, "cannot start a request");
		return;
	}
	j->state = JOB_RUNNING;
}

static const char *
transfer_error(struct engine *e, struct job *j, CURLcode code, char *buf,
    size_t len)
{
	switch (code) {
	case CURLE_OPERATION_TIMEDOUT:
		snprintf(buf, len, "no answer from %s within %u s",
		    j->v->provider, e->timeout);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		snprintf(buf, len, "cannot resolve the host of %s",
		    j->v->provider);
		break;
	case CURLE_COULDNT_CONNECT:
		snprintf(buf, len, "cannot connect to %s", j->v->provider);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
		snprintf(buf, len, "TLS with %s failed: %s", j->v->provider,
		    curl_easy_strerror(code));
		break;
	case CURLE_WRITE_ERROR:
		if (j->resp_too_big) {
			snprintf(buf, len, "the answer of %s is too large",
			    j->v->provider);
			break;
		}
		/* fall through */
	default:
		/* curl's fixed text for the code; never the URL */
		snprintf(buf, len, "request to %s failed: %s", j->v->provider,
		    curl_easy_strerror(code));
	}
	return buf;
}

static void
job_done(struct engine *e, struct job *j, CURLcode code)
{
	struct ca_vresponse r;
	char msg[256];
	long status = 0;
	int64_t delay;

	curl_multi_remove_handle(e->multi, j->h);
	if (code != CURLE_OK) {
		job_finish(j, transfer_error(e, j, code, msg, sizeof(msg)));
		return;
	}
	curl_easy_getinfo(j->h, CURLINFO_RESPONSE_CODE, &status);
	memset(&r, 0, sizeof(r));
	r.status = status;
	r.body = j->resp.buf;
	r.body_len = j->resp.len;
	r.header = get_header;
	r.header_arg = j;
	ca_vresult_release(&j->res);
	ca_vresponse_classify(j->v, &r, &j->vars, (int64_t)time(NULL), &j->res);
	if (!j->res.retry || j->attempt >= MAX_RETRIES) {
		job_finish(j, NULL);
		return;
	}
	if (j->res.retry_after >= 0) {
		delay = j->res.retry_after * 1000;
		if (delay < 100)
			delay = 100;
	} else {
		delay = 1000LL << j->attempt;
		delay += (int64_t)(rng_next(e) % (uint64_t)(delay / 2 + 1));
	}
	if (j->waited + delay > e->max_wait) {
		if (j->res.retry_after >= 0)
			snprintf(msg, sizeof(msg),
			    "rate limited by %s, which "
			    "asked to wait %lld s: more than allowed",
			    j->v->provider, (long long)j->res.retry_after);
		else
			snprintf(msg, sizeof(msg), "%s",
			    j->res.error ? j->res.error : "rate limited");
		job_finish(j, msg);
		return;
	}
	ca_debug("verify: %s asked credential %.8s to retry in %lld ms",
	    j->v->provider, j->c->id, (long long)delay);
	job_reset(j);
	j->attempt++;
	j->waited += delay;
	j->due = mono_ms() + delay;
	j->state = JOB_PENDING;
}

/* ---- the loop ------------------------------------------------------- */

static void
run_loop(struct engine *e)
{
	for (;;) {
		int64_t now = mono_ms(), next = -1;
		unsigned int running = 0;
		size_t pending = 0;
		int still = 0, left;
		CURLMsg *m;

		for (size_t i = 0; i < e->n; i++)
			running += e->list[i].state == JOB_RUNNING;
		for (size_t i = 0; i < e->n; i++) {
			struct job *j = &e->list[i];
			if (j->state != JOB_PENDING)
				continue;
			if (j->due <= now && running < e->jobs) {
				job_start(e, j);
				running += j->state == JOB_RUNNING;
			}
			if (j->state == JOB_PENDING) {
				pending++;
				if (next < 0 || j->due < next)
					next = j->due;
			}
		}
		if (!running && !pending)
			break;
		curl_multi_perform(e->multi, &still);
		while ((m = curl_multi_info_read(e->multi, &left))) {
			struct job *j = NULL;
			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
			    (char **)&j);
			if (j)
				job_done(e, j, m->data.result);
		}
		{
			int wait = 200;
			now = mono_ms();
			if (next >= 0 && next - now < wait)
				wait = next > now ? (int)(next - now) : 0;
			curl_multi_poll(e->multi, NULL, 0, wait, NULL);
		}
	}
}

/* ---- recording ------------------------------------------------------ */

static void
record(struct ca_inventory *inv, struct job *j)
{
	struct ca_verification ver;

	memset(&ver, 0, sizeof(ver));
	ver.verified = j->res.verified;
	ver.error = j->res.verified == CA_VERIFIED_UNKNOWN ?
	    (j->res.error ? j->res.error : "no answer") :
	    NULL;
	ver.tier = -1;
	if (j->res.verified == CA_VERIFIED_LIVE) {
		ver.identity = j->res.identity;
		ver.scopes = j->res.scopes_known ?
		    (const char *const *)j->res.scopes :
		    NULL;
		ver.nscopes = j->res.nscopes;
		ver.expires = j->res.expires;
		ver.tier = j->res.tier;
	}
	ca_debug("verify: %s: credential %.8s is %s", j->v->provider, j->c->id,
	    ca_verified_name(ver.verified));
	ca_inventory_set_verified(inv, j->c->id, &ver);
}

static void
record_unverifiable(struct ca_inventory *inv, const char *id, const char *why)
{
	struct ca_verification ver;

	memset(&ver, 0, sizeof(ver));
	ver.verified = CA_VERIFIED_UNKNOWN;
	ver.error = why;
	ver.tier = -1;
	ca_inventory_set_verified(inv, id, &ver);
}

/* Records an earlier definite answer instead of asking again. */
static bool
from_cache(const struct ca_verify_opts *o, struct ca_inventory *inv,
    const char *id)
{
	struct ca_verification ver;

	memset(&ver, 0, sizeof(ver));
	ver.tier = -1;
	if (!o->cache || !o->cache(o->cache_arg, id, &ver) ||
	    (ver.verified != CA_VERIFIED_LIVE &&
	        ver.verified != CA_VERIFIED_REVOKED) ||
	    ver.at <= 0)
		return false;
	ca_debug("verify: credential %.8s: an answer of %lld reused", id,
	    (long long)ver.at);
	ca_inventory_set_verified(inv, id, &ver);
	return true;
}

int
ca_verify_run(const struct ca_verify_opts *o, const struct ca_vault *vault,
    struct ca_inventory *inv)
{
	const struct ca_verifiers *t = o->table;
	struct engine e;

	memset(&e, 0, sizeof(e));
	e.o = o;
	e.jobs = o->jobs ? o->jobs : DEFAULT_JOBS;
	e.timeout = o->timeout ? o->timeout : DEFAULT_TIMEOUT;
	e.max_wait = (int64_t)(o->max_wait ? o->max_wait : DEFAULT_MAX_WAIT) *
	    1000;
	e.rng = (uint64_t)mono_ms() ^ ((uint64_t)time(NULL) << 20);
	e.list = xcalloc(inv->ncreds + 1, sizeof(*e.list));

	for (size_t i = 0; i < inv->ncreds; i++) {
		struct ca_credential *c = inv->creds[i];
		const struct ca_vault_entry *ve = ca_vault_find(vault, c->id);
		struct job *j = &e.list[e.n];
		char why[192] = "";
		int r = 0;

		/* What the policy ignores is never sent anywhere. */
		if (!ve || !ve->secret || ca_inventory_is_ignored(inv, c))
			continue;
		for (size_t k = 0; k < t->n; k++) {
			char w[192];
			r = entry_applies(t->v[k], c, ve, j->host, j->user, w,
			    sizeof(w));
			if (r > 0) {
				j->v = t->v[k];
				break;
			}
			if (r < 0 && !*why)
				snprintf(why, sizeof(why), "%s", w);
		}
		if (!j->v) {
			if (*why)
				record_unverifiable(inv, c->id, why);
			continue;
		}
		if (from_cache(o, inv, c->id)) {
			j->v = NULL;
			continue;
		}
		j->c = c;
		j->ve = ve;
		j->state = JOB_PENDING;
		j->res.tier = -1;
		if (job_base(t, j) < 0) {
			strbuf_release(&j->base);
			record_unverifiable(inv, c->id,
			    "the base URL is too "
			    "long");
			memset(j, 0, sizeof(*j));
			continue;
		}
		j->vars.secret = ve->secret;
		j->vars.secret_len = ve->secret_len;
		j->vars.base = j->base.buf;
		j->vars.host = *j->host ? j->host : NULL;
		j->vars.user = *j->user ? j->user : NULL;
		j->vars.key_id = ve->key_id;
		e.n++;
	}
	if (!e.n) {
		free(e.list);
		return 0;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		for (size_t i = 0; i < e.n; i++) {
			record_unverifiable(inv, e.list[i].c->id,
			    "cannot "
			    "initialise libcurl");
			strbuf_release(&e.list[i].base);
		}
		free(e.list);
		return 0;
	}
	e.multi = curl_multi_init();
	if (e.multi) {
		curl_multi_setopt(e.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
		    (long)e.jobs);
		ca_debug("verify: %zu credential%s, %u at a time", e.n,
		    e.n == 1 ? "" : "s", e.jobs);
		run_loop(&e);
	}
	for (size_t i = 0; i < e.n; i++) {
		struct job *j = &e.list[i];
		if (!e.multi)
			job_finish(j, "cannot set up requests");
		else if (j->state != JOB_DONE)
			job_finish(j, "not verified");
		record(inv, j);
		ca_vresult_release(&j->res);
		strbuf_release(&j->base);
	}
	if (e.multi)
		curl_multi_cleanup(e.multi);
	curl_global_cleanup();
	free(e.list);
	return 0;
}
