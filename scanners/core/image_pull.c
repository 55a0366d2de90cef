/* image_pull.c - the registry client of `credatlas image REF` (see
 * image_pull.h): OCI Distribution API requests through libcurl.
 *
 * Every request is a libcurl easy handle driven by its own multi handle,
 * so a blob is read the way a file is: the reader asks for bytes, the
 * transfer runs until some arrive, and libcurl's write callback pauses
 * the transfer while the small buffer is full. Memory stays bounded
 * whatever the blob's size and nothing is written to disk. Manifests,
 * configs and tokens go through the same stream into a capped buffer.
 *
 * A request is retried (at most three times, with backoff) when the
 * connection fails or the registry answers 429 or 5xx before any byte
 * was handed on; a 401 is answered once with the challenge's scheme
 * (basic, or a bearer token fetched from the realm), and the answer is
 * kept for the next requests. Credentials go to libcurl as its own
 * authentication options, which it sends to the first host only: a
 * registry redirecting a blob to storage elsewhere never sees them
 * leave. */
#define CA_SCANNER_ALLOW_OS 1
#include "lib/compat.h"
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <time.h>
#include "lib/hash.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "scanners/core/image_pull.h"
#include "lib/banned.h"

#define MAX_ATTEMPTS    3
#define STREAM_BUF_CAP  (256u << 10)
#define TOKEN_CAP       (64u << 10)
#define MANIFEST_CAP    (4u << 20)
#define CONNECT_TIMEOUT 20L  /* seconds */
#define LOW_SPEED_BYTES 512L /* a transfer slower than this ... */
#define LOW_SPEED_TIME  60L  /* ... for this many seconds is dropped */
#define SMALL_TIMEOUT   120L /* whole manifest or token request */
#define MAX_RETRY_AFTER 10   /* seconds we wait at most for Retry-After */

enum auth_mode { AUTH_NONE, AUTH_BASIC, AUTH_BEARER };

struct ca_registry {
	struct ca_image_ref ref;
	char scheme[8]; /* "https" or "http" */
	char *ca_file;
	char *user, *password; /* the login, when one is known */
	bool plain_ok;         /* plain http may be spoken to this host */
	bool scheme_known;     /* the first answer came: no more fallback */
	pthread_mutex_t lock;  /* guards mode and token */
	enum auth_mode mode;
	char *token;
	unsigned int generation; /* bumped when mode or token change */
};

struct ca_blob_stream {
	struct ca_registry *r;
	CURLM *m;
	CURL *e;
	struct curl_slist *hdrs; /* must live as long as the handle */
	unsigned char *buf;
	size_t len, off, cap;
	bool paused, done, status_seen;
	CURLcode result;
	long status;
	uint64_t handed, limit;
	char www_auth[1536];
	char content_type[128];
	char retry_after[16];
	char what[96]; /* "manifest 'latest'", "blob sha256:..." */
	char errbuf[CURL_ERROR_SIZE];
};

static void
wipe_free(char *s)
{
	if (s) {
		ca_wipe(s, strlen(s));
		free(s);
	}
}

/* ---- one transfer ---- */

static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	struct ca_blob_stream *s = arg;
	size_t len = size * n, name;
	struct {
		const char *name;
		char *dst;
		size_t cap;
	} keep[] = {
		{ "www-authenticate", s->www_auth, sizeof(s->www_auth) },
		{ "content-type", s->content_type, sizeof(s->content_type) },
		{ "retry-after", s->retry_after, sizeof(s->retry_after) },
	};

	if (len >= 5 && !strncmp(data, "HTTP/", 5)) {
		/* a new response (after a redirect): forget the last one */
		s->www_auth[0] = s->content_type[0] = s->retry_after[0] = '\0';
		return len;
	}
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		const char *v;
		size_t vlen;

		name = strlen(keep[i].name);
		if (len <= name || data[name] != ':' ||
		    strncasecmp(data, keep[i].name, name))
			continue;
		v = data + name + 1;
		vlen = len - name - 1;
		while (vlen && (*v == ' ' || *v == '\t')) {
			v++;
			vlen--;
		}
		while (vlen &&
		    (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' ||
		        v[vlen - 1] == ' '))
			vlen--;
		/* only the first challenge is kept: ours is the one asked */
		if (keep[i].dst[0])
			continue;
		if (vlen >= keep[i].cap)
			vlen = keep[i].cap - 1;
		memcpy(keep[i].dst, v, vlen);
		keep[i].dst[vlen] = '\0';
	}
	return len;
}

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct ca_blob_stream *s = arg;
	size_t len = size * n;

	if (!s->status_seen) {
		curl_easy_getinfo(s->e, CURLINFO_RESPONSE_CODE, &s->status);
		s->status_seen = true;
	}
	if (s->status < 200 || s->status >= 300)
		return len; /* an error page: not the blob */
	if (s->len + len > s->cap) {
		if (s->len) {
			s->paused = true;
			return CURL_WRITEFUNC_PAUSE;
		}
		s->buf = xrealloc(s->buf, len);
		s->cap = len;
	}
	memcpy(s->buf + s->len, data, len);
	s->len += len;
	return len;
}

static void
stream_release(struct ca_blob_stream *s)
{
	if (s->e) {
		curl_multi_remove_handle(s->m, s->e);
		curl_easy_cleanup(s->e);
	}
	if (s->m)
		curl_multi_cleanup(s->m);
	curl_slist_free_all(s->hdrs);
	s->e = NULL;
	s->m = NULL;
	s->hdrs = NULL;
}

/* Sets up a transfer of 'url' with the registry's current login, or,
 * for a token request ('token', its URL checked by url_allowed()), with
 * 'user' and 'password' when given; the generation of the login goes to
 * '*gen'. Returns 0 or -1. */
static int
stream_start(struct ca_blob_stream *s, const char *url, const char *accept,
    bool small, const char *user, const char *password, bool token,
    unsigned int *gen)
{
	struct ca_registry *r = s->r;

	stream_release(s);
	s->len = s->off = 0;
	s->paused = s->done = s->status_seen = false;
	s->status = 0;
	s->result = CURLE_OK;
	s->www_auth[0] = s->content_type[0] = s->retry_after[0] = '\0';
	s->errbuf[0] = '\0';
	s->m = curl_multi_init();
	s->e = curl_easy_init();
	if (!s->m || !s->e)
		return -1;
	curl_easy_setopt(s->e, CURLOPT_URL, url);
	curl_easy_setopt(s->e, CURLOPT_PROTOCOLS_STR,
	    r->plain_ok || token ? "http,https" : "https");
	curl_easy_setopt(s->e, CURLOPT_REDIR_PROTOCOLS_STR,
	    r->plain_ok ? "http,https" : "https");
	curl_easy_setopt(s->e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(s->e, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(s->e, CURLOPT_UNRESTRICTED_AUTH, 0L);
	curl_easy_setopt(s->e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(s->e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (r->ca_file)
		curl_easy_setopt(s->e, CURLOPT_CAINFO, r->ca_file);
	if (ca_image_ref_is_loopback(r->ref.host))
		curl_easy_setopt(s->e, CURLOPT_PROXY, "");
	curl_easy_setopt(s->e, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
	curl_easy_setopt(s->e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->e, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
	curl_easy_setopt(s->e, CURLOPT_LOW_SPEED_LIMIT, LOW_SPEED_BYTES);
	curl_easy_setopt(s->e, CURLOPT_LOW_SPEED_TIME, LOW_SPEED_TIME);
	if (small)
		curl_easy_setopt(s->e, CURLOPT_TIMEOUT, SMALL_TIMEOUT);
	curl_easy_setopt(s->e, CURLOPT_USERAGENT, "credatlas");
	curl_easy_setopt(s->e, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(s->e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(s->e, CURLOPT_HEADERDATA, s);
	curl_easy_setopt(s->e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(s->e, CURLOPT_WRITEDATA, s);
	if (accept) {
		s->hdrs = curl_slist_append(NULL, accept);
		curl_easy_setopt(s->e, CURLOPT_HTTPHEADER, s->hdrs);
	}
	pthread_mutex_lock(&r->lock);
	if (token && user) {
		/* a token request: the login goes to the realm */
		curl_easy_setopt(s->e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(s->e, CURLOPT_USERNAME, user);
		curl_easy_setopt(s->e, CURLOPT_PASSWORD, password);
	} else if (token) {
		/* anonymous token request */
	} else if (r->mode == AUTH_BASIC) {
		curl_easy_setopt(s->e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(s->e, CURLOPT_USERNAME, r->user);
		curl_easy_setopt(s->e, CURLOPT_PASSWORD, r->password);
	} else if (r->mode == AUTH_BEARER) {
		curl_easy_setopt(s->e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
		curl_easy_setopt(s->e, CURLOPT_XOAUTH2_BEARER, r->token);
	}
	if (gen)
		*gen = r->generation;
	pthread_mutex_unlock(&r->lock);
	curl_multi_add_handle(s->m, s->e);
	return 0;
}

/* Runs the transfer until there is something for the reader or it ends. */
static void
stream_drive(struct ca_blob_stream *s)
{
	int running = 0, left;
	CURLMsg *msg;

	if (s->paused && s->off == s->len) {
		s->off = s->len = 0;
		s->paused = false;
		curl_easy_pause(s->e, CURLPAUSE_CONT);
		if (s->len)
			return;
	}
	if (curl_multi_perform(s->m, &running) != CURLM_OK) {
		s->done = true;
		s->result = CURLE_FAILED_INIT;
		return;
	}
	while ((msg = curl_multi_info_read(s->m, &left)))
		if (msg->msg == CURLMSG_DONE) {
			s->done = true;
			s->result = msg->data.result;
		}
	if (s->done && !s->status_seen)
		curl_easy_getinfo(s->e, CURLINFO_RESPONSE_CODE, &s->status);
	if (!s->done && s->off == s->len && !s->paused)
		curl_multi_poll(s->m, NULL, 0, 1000, NULL);
}

static bool
retryable(CURLcode c)
{
	return c == CURLE_COULDNT_CONNECT || c == CURLE_OPERATION_TIMEDOUT ||
	    c == CURLE_RECV_ERROR || c == CURLE_SEND_ERROR ||
	    c == CURLE_GOT_NOTHING || c == CURLE_PARTIAL_FILE ||
	    c == CURLE_COULDNT_RESOLVE_HOST;
}

static void
backoff(const struct ca_blob_stream *s, int attempt)
{
	long ms = 500L << attempt;
	char *end;
	long ra = strtol(s->retry_after, &end, 10);
	struct timespec ts;

	if (s->retry_after[0] && !*end && ra >= 0)
		ms = (ra > MAX_RETRY_AFTER ? MAX_RETRY_AFTER : ra) * 1000L;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

static int authenticate(struct ca_registry *r, const char *challenge,
    unsigned int gen);

/* Opens 'url' and waits for its first bytes (or its end), retrying and
 * authenticating as the registry asks. Returns 0 with a 2xx answer
 * under way, or -errno after ca_error(). */
static int
stream_open(struct ca_blob_stream *s, const char *url, const char *accept,
    bool small)
{
	struct ca_registry *r = s->r;
	bool authed = false;

	for (int attempt = 0;;) {
		unsigned int gen = 0;

		if (stream_start(s, url, accept, small, NULL, NULL, false,
		        &gen) < 0)
			return ca_error("image: cannot start a request to '%s'",
			    r->ref.host);
		while (!s->done && !(s->status_seen && s->off < s->len))
			stream_drive(s);
		if (s->done && s->result == CURLE_SSL_CONNECT_ERROR &&
		    r->plain_ok && !r->scheme_known &&
		    !strncmp(url, "https:", 6))
			return -EPROTO; /* no TLS: the caller tries http */
		if (s->done && s->result != CURLE_OK) {
			if (retryable(s->result) && ++attempt < MAX_ATTEMPTS) {
				backoff(s, attempt - 1);
				continue;
			}
			return ca_error("image: %s from '%s': %s", s->what,
			    r->ref.host,
			    s->errbuf[0] ? s->errbuf :
			                   curl_easy_strerror(s->result));
		}
		if (s->status >= 200 && s->status < 300)
			return 0;
		if (s->status == 401 && !authed) {
			/* the whole body must be read before the next
			 * request on a kept connection; we just drop it */
			char challenge[sizeof(s->www_auth)];
			memcpy(challenge, s->www_auth, sizeof(challenge));
			authed = true;
			if (authenticate(r, challenge, gen) < 0)
				return -EACCES;
			continue;
		}
		if ((s->status == 429 || s->status >= 500) &&
		    ++attempt < MAX_ATTEMPTS) {
			backoff(s, attempt - 1);
			continue;
		}
		if (s->status == 401 && r->user)
			return ca_error("image: %s from '%s': '%s' refused the "
			                "login (HTTP 401)",
			    s->what, r->ref.host, r->ref.host);
		if (s->status == 401 || s->status == 403)
			return ca_error("image: %s from '%s': access denied "
			                "(HTTP %ld)%s",
			    s->what, r->ref.host, s->status,
			    r->user ? "" :
			              "; give --registry-user and "
			              "--registry-password-stdin, or log in "
			              "with docker login");
		if (s->status == 404) {
			ca_error("image: %s from '%s': not found (HTTP 404)",
			    s->what, r->ref.host);
			return -ENOENT;
		}
		ca_error("image: %s from '%s': HTTP %ld", s->what, r->ref.host,
		    s->status);
		return -EIO;
	}
}

ssize_t
ca_blob_stream_read(struct ca_blob_stream *s, void *buf, size_t len)
{
	size_t n;

	while (s->off == s->len && !s->done)
		stream_drive(s);
	if (s->off == s->len) {
		if (s->result != CURLE_OK) {
			ca_error("image: %s from '%s' cut short: %s", s->what,
			    s->r->ref.host,
			    s->errbuf[0] ? s->errbuf :
			                   curl_easy_strerror(s->result));
			return -EIO;
		}
		return 0;
	}
	n = s->len - s->off;
	if (n > len)
		n = len;
	if (n > s->limit - s->handed) {
		ca_error("image: %s from '%s' is larger than it may be "
		         "(%llu bytes)",
		    s->what, s->r->ref.host, (unsigned long long)s->limit);
		return -EFBIG;
	}
	memcpy(buf, s->buf + s->off, n);
	s->off += n;
	s->handed += n;
	return (ssize_t)n;
}

void
ca_blob_stream_close(struct ca_blob_stream *s)
{
	if (!s)
		return;
	stream_release(s);
	free(s->buf);
	free(s);
}

static struct ca_blob_stream *
stream_new(struct ca_registry *r, const char *what, uint64_t limit)
{
	struct ca_blob_stream *s = xcalloc(1, sizeof(*s));

	s->r = r;
	s->cap = STREAM_BUF_CAP;
	s->buf = xmalloc(s->cap);
	s->limit = limit;
	snprintf(s->what, sizeof(s->what), "%s", what);
	return s;
}

/* Reads the rest of 's' into 'out' (capped). Returns 0 or -1. */
static int
stream_slurp(struct ca_blob_stream *s, struct strbuf *out)
{
	char buf[16384];
	ssize_t n;

	while ((n = ca_blob_stream_read(s, buf, sizeof(buf))) > 0)
		if (strbuf_add(out, buf, (size_t)n) < 0)
			return ca_error("image: %s from '%s' is too large",
			    s->what, s->r->ref.host);
	return n < 0 ? -1 : 0;
}

/* ---- authentication ---- */

/* Whether plain http may go to the host of 'url'. */
static bool
url_allowed(const struct ca_registry *r, const char *url, const char **why)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	bool ok = false;

	*why = "not a valid URL";
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		if (!strcmp(scheme, "https")) {
			ok = true;
		} else if (!strcmp(scheme, "http")) {
			ok = r->plain_ok || ca_image_ref_is_loopback(host);
			*why = "plain http to a host that is not loopback nor "
			       "--insecure-registry";
		} else {
			*why = "neither https nor http";
		}
	}
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}

/* Fetches a bearer token for challenge 'ch'. Returns 0 with an owned
 * token, or -1 after ca_error(). */
static int
fetch_token(struct ca_registry *r, const struct ca_auth_challenge *ch,
    char **token)
{
	struct strbuf url = STRBUF_INIT(4096), body = STRBUF_INIT(TOKEN_CAP);
	struct ca_blob_stream *s = stream_new(r, "token", TOKEN_CAP);
	char scope[600];
	const char *why, *tok;
	json_t *doc = NULL;
	int ret = -1;

	*token = NULL;
	if (ch->scope[0])
		snprintf(scope, sizeof(scope), "%s", ch->scope);
	else
		snprintf(scope, sizeof(scope), "repository:%s:pull",
		    r->ref.name);
	if (!url_allowed(r, ch->realm, &why)) {
		ca_error("image: the token service of '%s' is refused: %s",
		    r->ref.host, why);
		goto out;
	}
	{
		char *esc_service = curl_easy_escape(NULL, ch->service, 0);
		char *esc_scope = curl_easy_escape(NULL, scope, 0);
		int r1 = strbuf_addf(&url, "%s%s", ch->realm,
		    strchr(ch->realm, '?') ? "&" : "?");
		if (r1 >= 0 && ch->service[0])
			r1 = strbuf_addf(&url, "service=%s&", esc_service);
		if (r1 >= 0)
			r1 = strbuf_addf(&url, "scope=%s", esc_scope);
		curl_free(esc_service);
		curl_free(esc_scope);
		if (r1 < 0) {
			ca_error("image: the token service URL of '%s' is too "
			         "long",
			    r->ref.host);
			goto out;
		}
	}
	for (int attempt = 0;; attempt++) {
		if (stream_start(s, url.buf, NULL, true, r->user, r->password,
		        true, NULL) < 0)
			goto out;
		while (!s->done && !(s->status_seen && s->off < s->len))
			stream_drive(s);
		if (s->done && s->result != CURLE_OK) {
			if (retryable(s->result) &&
			    attempt + 1 < MAX_ATTEMPTS) {
				backoff(s, attempt);
				continue;
			}
			ca_error("image: cannot reach the token service of "
			         "'%s': %s",
			    r->ref.host,
			    s->errbuf[0] ? s->errbuf :
			                   curl_easy_strerror(s->result));
			goto out;
		}
		if ((s->status == 429 || s->status >= 500) &&
		    attempt + 1 < MAX_ATTEMPTS) {
			backoff(s, attempt);
			continue;
		}
		break;
	}
	if (s->status < 200 || s->status >= 300) {
		ca_error("image: the token service of '%s' refused %s (HTTP "
		         "%ld)",
		    r->ref.host, r->user ? "the login" : "an anonymous pull",
		    s->status);
		goto out;
	}
	if (stream_slurp(s, &body) < 0)
		goto out;
	doc = json_loadb(body.buf, body.len, 0, NULL);
	tok = json_string_value(json_object_get(doc, "token"));
	if (!tok || !*tok)
		tok = json_string_value(json_object_get(doc, "access_token"));
	if (!tok || !*tok || strlen(tok) > 16384 || strpbrk(tok, "\r\n \t")) {
		ca_error("image: the token service of '%s' answered without a "
		         "usable token",
		    r->ref.host);
		goto out;
	}
	*token = xstrdup(tok);
	ret = 0;
out:
	if (doc) {
		/* the token's copy in the document is not ours to wipe;
		 * the body's is */
		json_decref(doc);
	}
	ca_wipe(body.buf, body.len);
	strbuf_release(&body);
	strbuf_release(&url);
	ca_blob_stream_close(s);
	return ret;
}

/* Answers a 401 challenge: switches to basic with the known login, or
 * fetches a bearer token. Another thread may have answered it already
 * (the generation moved on since the request started). Returns 0 or -1
 * after ca_error(). */
static int
authenticate(struct ca_registry *r, const char *challenge, unsigned int gen)
{
	struct ca_auth_challenge ch;
	const char *why;
	char *token = NULL;

	pthread_mutex_lock(&r->lock);
	if (r->generation != gen) {
		pthread_mutex_unlock(&r->lock);
		return 0;
	}
	pthread_mutex_unlock(&r->lock);
	if (!challenge[0])
		return ca_error("image: '%s' asks for authentication without "
		                "saying how (no WWW-Authenticate)",
		    r->ref.host);
	if (ca_parse_www_authenticate(challenge, &ch, &why) < 0)
		return ca_error("image: cannot understand the authentication "
		                "challenge of '%s': %s",
		    r->ref.host, why);
	if (!strcasecmp(ch.scheme, "Basic")) {
		if (!r->user)
			return ca_error(
			    "image: '%s' requires a login: give "
			    "--registry-user and --registry-password-stdin, "
			    "or log in with docker login",
			    r->ref.host);
		pthread_mutex_lock(&r->lock);
		if (r->mode == AUTH_BASIC) {
			pthread_mutex_unlock(&r->lock);
			return ca_error("image: '%s' refused the login",
			    r->ref.host);
		}
		r->mode = AUTH_BASIC;
		r->generation++;
		pthread_mutex_unlock(&r->lock);
		return 0;
	}
	if (strcasecmp(ch.scheme, "Bearer"))
		return ca_error("image: '%s' asks for authentication scheme "
		                "'%s', which is not supported",
		    r->ref.host, ch.scheme);
	if (!ch.realm[0])
		return ca_error("image: the bearer challenge of '%s' has no "
		                "realm",
		    r->ref.host);
	if (fetch_token(r, &ch, &token) < 0)
		return -1;
	pthread_mutex_lock(&r->lock);
	wipe_free(r->token);
	r->token = token;
	r->mode = AUTH_BEARER;
	r->generation++;
	pthread_mutex_unlock(&r->lock);
	return 0;
}

/* ---- the client ---- */

static bool
host_listed(const char *host, const char *const *list)
{
	for (size_t i = 0; list && list[i]; i++)
		if (!strcasecmp(list[i], host))
			return true;
	return false;
}

/* Reads the login for the registry from a docker config.json. */
static void
load_docker_login(struct ca_registry *r, const char *path)
{
	struct strbuf sb = STRBUF_INIT(1u << 20);
	FILE *f = fopen(path, "re");
	char buf[8192];
	size_t n;
	bool helper = false;
	int ret;

	if (!f)
		return;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (strbuf_add(&sb, buf, n) < 0)
			break;
	fclose(f);
	ca_wipe(buf, sizeof(buf));
	ret = ca_docker_config_auth(sb.buf, sb.len, r->ref.host, &r->user,
	    &r->password, &helper);
	if (ret < 0)
		ca_warning("image: '%s' is not a docker config.json; no login "
		           "taken from it",
		    path);
	else if (ret == 0 && helper)
		ca_debug("image: '%s' names a credential helper for '%s', "
		         "which credatlas never runs",
		    path, r->ref.host);
	else if (ret > 0)
		ca_debug("image: login for '%s' from '%s'", r->ref.host, path);
	ca_wipe(sb.buf, sb.len);
	strbuf_release(&sb);
}

static void
global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

int
ca_registry_open(const struct ca_image_ref *ref, const struct ca_pull_opts *o,
    struct ca_registry **out)
{
	struct ca_registry *r;
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	char host[256];

	*out = NULL;
	pthread_once(&once, global_init);
	r = xcalloc(1, sizeof(*r));
	r->ref = *ref;
	pthread_mutex_init(&r->lock, NULL);
	ca_image_ref_hostname(ref->host, host, sizeof(host));
	r->plain_ok = ca_image_ref_is_loopback(ref->host) ||
	    host_listed(ref->host, o ? o->insecure : NULL) ||
	    host_listed(host, o ? o->insecure : NULL);
	/* https first, even where plain http is allowed (see
	 * ca_registry_manifest) */
	snprintf(r->scheme, sizeof(r->scheme), "https");
	if (o && o->ca_file)
		r->ca_file = xstrdup(o->ca_file);
	if (o && o->user) {
		r->user = xstrdup(o->user);
		r->password = xstrdup(o->password ? o->password : "");
	} else if (o && o->docker_config) {
		load_docker_login(r, o->docker_config);
	}
	*out = r;
	return 0;
}

void
ca_registry_free(struct ca_registry *r)
{
	if (!r)
		return;
	wipe_free(r->user);
	wipe_free(r->password);
	wipe_free(r->token);
	free(r->ca_file);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

int
ca_registry_manifest(struct ca_registry *r, const char *reference,
    struct strbuf *out, char *media_type, size_t mtlen)
{
	static const char accept[] =
	    "Accept: application/vnd.oci.image.index.v1+json, "
	    "application/vnd.oci.image.manifest.v1+json, "
	    "application/vnd.docker.distribution.manifest.list.v2+json, "
	    "application/vnd.docker.distribution.manifest.v2+json";
	char url[1024], what[96];
	struct ca_blob_stream *s;
	int ret;

	snprintf(url, sizeof(url), "%s://%s/v2/%s/manifests/%s", r->scheme,
	    r->ref.host, r->ref.name, reference);
	snprintf(what, sizeof(what), "manifest '%.80s'", reference);
	s = stream_new(r, what, MANIFEST_CAP);
	ret = stream_open(s, url, accept, true);
	if (ret == -EPROTO) {
		/* A loopback or --insecure-registry host that does not speak
		 * TLS (the TLS handshake failed, not the certificate check):
		 * plain http, as docker does. Only the first request can get
		 * here, before any thread pulls a blob. */
		ca_debug("image: '%s' does not speak TLS: plain http",
		    r->ref.host);
		snprintf(r->scheme, sizeof(r->scheme), "http");
		snprintf(url, sizeof(url), "%s://%s/v2/%s/manifests/%s",
		    r->scheme, r->ref.host, r->ref.name, reference);
		r->scheme_known = true;
		ret = stream_open(s, url, accept, true);
	}
	r->scheme_known = true;
	if (ret == 0)
		ret = stream_slurp(s, out);
	if (ret == 0) {
		char *semi = strchr(s->content_type, ';');
		if (semi)
			*semi = '\0';
		snprintf(media_type, mtlen, "%s", s->content_type);
	}
	ca_blob_stream_close(s);
	return ret < 0 ? -1 : 0;
}

int
ca_registry_blob_open(struct ca_registry *r, const char *digest, uint64_t limit,
    struct ca_blob_stream **out)
{
	char url[1024], what[96];
	struct ca_blob_stream *s;
	int ret;

	*out = NULL;
	snprintf(url, sizeof(url), "%s://%s/v2/%s/blobs/%s", r->scheme,
	    r->ref.host, r->ref.name, digest);
	snprintf(what, sizeof(what), "blob %.79s", digest);
	s = stream_new(r, what, limit);
	ret = stream_open(s, url, NULL, false);
	if (ret < 0) {
		ca_blob_stream_close(s);
		return ret;
	}
	*out = s;
	return 0;
}
