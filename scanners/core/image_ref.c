/* image_ref.c - the pure parsers of a registry pull (see image_pull.h):
 * image references, WWW-Authenticate challenges and docker config.json
 * logins. No I/O; a reason for a refusal never quotes the input, which a
 * user may have typed a password into. */
#include "lib/compat.h"
#include <arpa/inet.h>
#include <ctype.h>
#include <jansson.h>
#include "lib/hash.h"
#include "lib/xalloc.h"
#include "scanners/core/image_pull.h"
#include "lib/banned.h"

#define DOCKER_PREFIX "docker://"

static bool
is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool
is_alnum(char c)
{
	return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

/* A repository path component: [a-z0-9]+ joined by ".", "_", "__" or
 * runs of "-". */
static bool
valid_component(const char *s, size_t n)
{
	size_t i = 0;

	if (!n || !is_lower_alnum(s[0]) || !is_lower_alnum(s[n - 1]))
		return false;
	while (i < n) {
		if (is_lower_alnum(s[i])) {
			i++;
			continue;
		}
		if (s[i] == '.' || (s[i] == '_' && s[i + 1] != '_')) {
			i++;
		} else if (s[i] == '_') {
			i += 2;
		} else if (s[i] == '-') {
			while (i < n && s[i] == '-')
				i++;
		} else {
			return false;
		}
		if (i >= n || !is_lower_alnum(s[i]))
			return false;
	}
	return true;
}

/* A host: DNS labels of letters, digits and inner '-', or a bracketed
 * IPv6 address; then an optional ":port". */
static bool
valid_host(const char *s, size_t n)
{
	size_t i = 0, hostend = n;
	const char *colon;

	if (!n)
		return false;
	if (s[0] == '[') {
		const char *close = memchr(s, ']', n);
		char addr[64];
		struct in6_addr a6;
		size_t alen;

		if (!close)
			return false;
		alen = (size_t)(close - s) - 1;
		if (alen == 0 || alen >= sizeof(addr))
			return false;
		memcpy(addr, s + 1, alen);
		addr[alen] = '\0';
		if (inet_pton(AF_INET6, addr, &a6) != 1)
			return false;
		i = (size_t)(close - s) + 1;
		if (i == n)
			return true;
		if (s[i] != ':')
			return false;
		colon = s + i;
	} else {
		colon = memchr(s, ':', n);
		if (colon)
			hostend = (size_t)(colon - s);
		if (!hostend)
			return false;
		for (i = 0; i < hostend; i++) {
			bool edge = i == 0 || s[i - 1] == '.' ||
			    i + 1 == hostend || s[i + 1] == '.';
			if (is_alnum(s[i]))
				continue;
			if (s[i] == '-' && !edge)
				continue;
			if (s[i] == '.' && i > 0 && i + 1 < hostend &&
			    s[i - 1] != '.')
				continue;
			return false;
		}
	}
	if (colon) {
		size_t plen = n - (size_t)(colon - s) - 1;
		unsigned long port = 0;
		if (!plen || plen > 5)
			return false;
		for (size_t k = 1; k <= plen; k++) {
			if (!isdigit((unsigned char)colon[k]))
				return false;
			port = port * 10 + (unsigned long)(colon[k] - '0');
		}
		if (!port || port > 65535)
			return false;
	}
	return true;
}

static bool
valid_tag(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 128)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool word = is_alnum(s[i]) || s[i] == '_';
		if (!word && (i == 0 || (s[i] != '.' && s[i] != '-')))
			return false;
	}
	return true;
}

static bool
valid_sha256(const char *s)
{
	if (strncmp(s, "sha256:", 7) || strlen(s) != 71)
		return false;
	for (size_t i = 7; i < 71; i++)
		if (!strchr("0123456789abcdef", s[i]))
			return false;
	return true;
}

static int
refuse(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

int
ca_image_ref_parse(const char *s, struct ca_image_ref *out, const char **why)
{
	char buf[512], *at, *name, *slash, *colon;
	size_t hostlen = 0;
	bool hub = false;

	memset(out, 0, sizeof(*out));
	if (!strncmp(s, DOCKER_PREFIX, strlen(DOCKER_PREFIX)))
		s += strlen(DOCKER_PREFIX);
	if (strlen(s) >= sizeof(buf))
		return refuse(why, "too long for an image reference");
	memcpy(buf, s, strlen(s) + 1);
	if (!buf[0])
		return refuse(why, "empty image reference");
	at = strchr(buf, '@');
	if (at) {
		*at++ = '\0';
		if (!valid_sha256(at))
			return refuse(why,
			    "the digest after '@' is not "
			    "sha256:<64 lowercase hex digits>");
		memcpy(out->digest, at, strlen(at) + 1);
	}
	name = buf;
	slash = strchr(name, '/');
	if (slash &&
	    (memchr(name, '.', (size_t)(slash - name)) ||
	        memchr(name, ':', (size_t)(slash - name)) || name[0] == '[' ||
	        ((size_t)(slash - name) == 9 &&
	            !strncmp(name, "localhost", 9)))) {
		hostlen = (size_t)(slash - name);
		if (!valid_host(name, hostlen) || hostlen >= sizeof(out->host))
			return refuse(why, "not a valid registry host");
		memcpy(out->host, name, hostlen);
		out->host[hostlen] = '\0';
		name = slash + 1;
	} else {
		snprintf(out->host, sizeof(out->host), "%s",
		    CA_DOCKER_HUB_HOST);
		hub = true;
	}
	colon = strrchr(name, ':');
	if (colon && !strchr(colon, '/')) {
		*colon++ = '\0';
		if (!valid_tag(colon))
			return refuse(why, "not a valid tag");
		memcpy(out->tag, colon, strlen(colon) + 1);
	}
	for (const char *p = name;;) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (!valid_component(p, n))
			return refuse(why,
			    "not a valid repository name (lowercase "
			    "letters, digits and . _ - between them)");
		if (!end)
			break;
		p = end + 1;
	}
	if (snprintf(out->name, sizeof(out->name), "%s%s",
	        hub && !strchr(name, '/') ? "library/" : "",
	        name) >= (int)sizeof(out->name))
		return refuse(why, "repository name too long");
	if (!out->tag[0] && !out->digest[0])
		memcpy(out->tag, "latest", 7);
	return 0;
}

bool
ca_image_ref_plausible(const char *s)
{
	static const char *const exts[] = { ".tar", ".tar.gz", ".tgz",
		".tar.zst", ".tar.xz", ".oci", ".json", NULL };
	struct ca_image_ref ref;
	size_t n = strlen(s);

	if (!strncmp(s, DOCKER_PREFIX, strlen(DOCKER_PREFIX)))
		return true;
	if (s[0] == '/' || !strncmp(s, "./", 2) || !strncmp(s, "../", 3))
		return false;
	for (size_t i = 0; exts[i]; i++) {
		size_t e = strlen(exts[i]);
		if (n >= e && !strcmp(s + n - e, exts[i]))
			return false;
	}
	return ca_image_ref_parse(s, &ref, NULL) == 0;
}

void
ca_image_ref_hostname(const char *hostport, char *out, size_t size)
{
	const char *end;

	if (hostport[0] == '[') {
		end = strchr(hostport, ']');
		hostport++;
	} else {
		end = strchr(hostport, ':');
	}
	if (!end)
		end = hostport + strlen(hostport);
	snprintf(out, size, "%.*s", (int)(end - hostport), hostport);
}

bool
ca_image_ref_is_loopback(const char *hostport)
{
	char host[256];
	struct in_addr a4;
	struct in6_addr a6;

	ca_image_ref_hostname(hostport, host, sizeof(host));
	if (!strcasecmp(host, "localhost"))
		return true;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return false;
}

/* ---- WWW-Authenticate ---- */

static bool
is_token_char(char c)
{
	return c > ' ' && c < 127 && !strchr("()<>@,;:\\\"/[]?={}", c);
}

static const char *
skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

int
ca_parse_www_authenticate(const char *s, struct ca_auth_challenge *out,
    const char **why)
{
	const char *p = skip_ws(s);
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	while (is_token_char(p[n]))
		n++;
	if (!n || n >= sizeof(out->scheme))
		return refuse(why, "no authentication scheme");
	memcpy(out->scheme, p, n);
	p += n;
	for (;;) {
		char name[32], *dst = NULL;
		size_t cap = 0, len = 0;

		p = skip_ws(p);
		while (*p == ',')
			p = skip_ws(p + 1);
		if (!*p)
			break;
		for (n = 0; is_token_char(p[n]); n++)
			;
		if (!n)
			return refuse(why, "a parameter without a name");
		if (n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
		} else {
			name[0] = '\0';
		}
		p = skip_ws(p + n);
		if (*p != '=') {
			/* The next challenge starts: only the first counts. */
			break;
		}
		p = skip_ws(p + 1);
		if (!strcasecmp(name, "realm")) {
			dst = out->realm;
			cap = sizeof(out->realm);
		} else if (!strcasecmp(name, "service")) {
			dst = out->service;
			cap = sizeof(out->service);
		} else if (!strcasecmp(name, "scope")) {
			dst = out->scope;
			cap = sizeof(out->scope);
		}
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				char c = *p;
				if (c == '\\') {
					if (!p[1])
						break;
					c = *++p;
				}
				if ((unsigned char)c < ' ' || c == 127)
					return refuse(why,
					    "a control character "
					    "in a parameter");
				if (dst) {
					if (len + 1 >= cap)
						return refuse(why,
						    "a parameter "
						    "too long");
					dst[len++] = c;
				}
			}
			if (*p != '"')
				return refuse(why,
				    "an unterminated quoted "
				    "parameter");
			p++;
		} else {
			/* lenient: registries send unquoted URLs */
			for (n = 0; (unsigned char)p[n] > ' ' && p[n] != 127 &&
			     p[n] != ',' && p[n] != '"';
			     n++)
				;
			if (!n)
				return refuse(why,
				    "a parameter without a value");
			if (dst) {
				if (n >= cap)
					return refuse(why,
					    "a parameter too long");
				memcpy(dst, p, n);
				len = n;
			}
			p += n;
		}
		if (dst)
			dst[len] = '\0';
		p = skip_ws(p);
		if (*p && *p != ',')
			return refuse(why, "parameters not separated by ','");
	}
	return 0;
}

/* ---- docker config.json ---- */

/* Whether config key 'key' names 'host': "host", or a URL of it with a
 * path ("https://host/v1/"). */
static bool
key_names_host(const char *key, const char *host)
{
	size_t hl = strlen(host);

	if (!strncmp(key, "https://", 8))
		key += 8;
	else if (!strncmp(key, "http://", 7))
		key += 7;
	return !strncmp(key, host, hl) && (key[hl] == '\0' || key[hl] == '/');
}

static bool
is_hub(const char *host)
{
	return !strcmp(host, CA_DOCKER_HUB_HOST) ||
	    !strcmp(host, "index.docker.io") || !strcmp(host, "docker.io");
}

/* Splits a decoded "user:password"; returns 1, or 0 when unusable. */
static int
split_login(const unsigned char *raw, size_t n, char **user, char **password)
{
	const unsigned char *colon = memchr(raw, ':', n);

	if (!colon || colon == raw || memchr(raw, '\0', n))
		return 0;
	*user = xstrndup((const char *)raw, (size_t)(colon - raw));
	*password = xstrndup((const char *)colon + 1,
	    n - (size_t)(colon - raw) - 1);
	return 1;
}

int
ca_docker_config_auth(const char *json, size_t len, const char *host,
    char **user, char **password, bool *helper)
{
	json_error_t je;
	json_t *root, *auths, *v;
	const char *key;
	int ret = 0;

	*user = *password = NULL;
	*helper = false;
	root = json_loadb(json, len, 0, &je);
	if (!root || !json_is_object(root)) {
		json_decref(root);
		return -1;
	}
	if (json_object_get(root, "credsStore") ||
	    json_object_get(json_object_get(root, "credHelpers"), host))
		*helper = true;
	auths = json_object_get(root, "auths");
	if (auths && !json_is_object(auths)) {
		json_decref(root);
		return -1;
	}
	json_object_foreach(auths, key, v)
	{
		const char *b64 = json_string_value(json_object_get(v, "auth"));
		unsigned char raw[1024];
		int n;

		if (!key_names_host(key, host) &&
		    !(is_hub(host) &&
		        (key_names_host(key, "index.docker.io") ||
		            key_names_host(key, "docker.io") ||
		            key_names_host(key, CA_DOCKER_HUB_HOST))))
			continue;
		if (!b64 || !*b64)
			continue;
		n = ca_base64_decode(b64, strlen(b64), raw, sizeof(raw));
		if (n > 0)
			ret = split_login(raw, (size_t)n, user, password);
		ca_wipe(raw, sizeof(raw));
		if (ret)
			break;
	}
	json_decref(root);
	return ret;
}
