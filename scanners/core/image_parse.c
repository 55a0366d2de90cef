/* image_parse.c - the JSON documents of an image: docker-save's
 * manifest.json, OCI manifests and indexes, and the image config. Pure
 * functions over bytes, so the unit tests and the fuzz target drive them
 * without an image. A reason for rejecting a document never quotes a
 * value from it beyond a member name. */
#include "lib/compat.h"
#include <jansson.h>
#include <sys/utsname.h>
#include "lib/xalloc.h"
#include "scanners/core/image.h"
#include "lib/banned.h"

#define MAX_LAYERS 1024 /* more is no image a builder makes */

static int
fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -1;
}

static json_t *
load(const char *json, size_t len, char *err, size_t errlen)
{
	json_error_t je;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);

	if (!root)
		snprintf(err, errlen, "not valid JSON (line %d)", je.line);
	return root;
}

/* Whether 's' is "sha256:" and 64 lowercase hex digits. */
static bool
valid_digest(const char *s)
{
	if (!s || strncmp(s, "sha256:", 7) || strlen(s) != 71)
		return false;
	for (size_t i = 7; i < 71; i++)
		if (!strchr("0123456789abcdef", s[i]))
			return false;
	return true;
}

/* The digest a blob member name implies ("blobs/sha256/<hex>", "<hex>.json"
 * or "<hex>/layer.tar"), owned, or NULL. */
static char *
digest_of_member(const char *member)
{
	const char *p = member;
	char buf[72];

	if (!strncmp(p, "./", 2))
		p += 2;
	if (!strncmp(p, "blobs/sha256/", 13))
		p += 13;
	if (strlen(p) < 64)
		return NULL;
	if (p[64] && strcmp(p + 64, ".json") && strcmp(p + 64, "/layer.tar"))
		return NULL;
	snprintf(buf, sizeof(buf), "sha256:%.64s", p);
	return valid_digest(buf) ? xstrdup(buf) : NULL;
}

static char *
member_of_digest(const char *digest)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "blobs/sha256/%s", digest + 7);
	return xstrdup(buf);
}

void
ca_image_manifest_release(struct ca_image_manifest *m)
{
	for (size_t i = 0; i < m->nlayers; i++) {
		free(m->layers[i].digest);
		free(m->layers[i].member);
		free(m->layers[i].media_type);
	}
	free(m->layers);
	free(m->config_member);
	free(m->config_digest);
	free(m->reference);
	memset(m, 0, sizeof(*m));
}

void
ca_image_config_release(struct ca_image_config *c)
{
	for (size_t i = 0; i < c->ndiff_ids; i++)
		free(c->diff_ids[i]);
	free(c->diff_ids);
	free(c->user);
	free(c->platform);
	memset(c, 0, sizeof(*c));
}

/* A blob member named by docker-save is relative and stays inside the
 * tarball: no "..", not absolute. */
static bool
safe_member(const char *s)
{
	if (!*s || s[0] == '/' || strlen(s) > 1024)
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20)
			return false;
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return false;
		p += n;
		while (*p == '/')
			p++;
	}
	return true;
}

int
ca_image_parse_docker_manifest(const char *json, size_t len,
    struct ca_image_manifest *out, char *err, size_t errlen)
{
	json_t *root, *img, *layers, *tags, *v;
	const char *cfg;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!(root = load(json, len, err, errlen)))
		return -1;
	img = json_array_get(root, 0);
	if (!json_is_array(root) || !json_is_object(img)) {
		json_decref(root);
		return fail(err, errlen,
		    "manifest.json: expected an array of "
		    "images");
	}
	if (json_array_size(root) > 1)
		snprintf(err, errlen,
		    "manifest.json holds %zu images; the "
		    "first is scanned",
		    json_array_size(root));
	cfg = json_string_value(json_object_get(img, "Config"));
	layers = json_object_get(img, "Layers");
	if (!cfg || !safe_member(cfg) || !json_is_array(layers) ||
	    json_array_size(layers) > MAX_LAYERS) {
		json_decref(root);
		return fail(err, errlen,
		    "manifest.json: Config and Layers "
		    "missing or not relative names");
	}
	out->config_member = xstrdup(cfg);
	out->config_digest = digest_of_member(cfg);
	tags = json_object_get(img, "RepoTags");
	if (json_is_string(json_array_get(tags, 0)))
		out->reference = xstrdup(
		    json_string_value(json_array_get(tags, 0)));
	out->layers = xcalloc(json_array_size(layers) + 1,
	    sizeof(*out->layers));
	json_array_foreach(layers, i, v)
	{
		const char *m = json_string_value(v);

		if (!m || !safe_member(m)) {
			json_decref(root);
			ca_image_manifest_release(out);
			return fail(err, errlen,
			    "manifest.json: a layer is "
			    "not a relative name");
		}
		out->layers[i].member = xstrdup(m);
		out->layers[i].digest = digest_of_member(m);
		out->nlayers++;
	}
	json_decref(root);
	return 0;
}

static bool
is_index_type(const char *mt)
{
	return mt &&
	    (!strcmp(mt, "application/vnd.oci.image.index.v1+json") ||
	        !strcmp(mt,
	            "application/vnd.docker.distribution.manifest.list."
	            "v2+json"));
}

int
ca_image_parse_oci_manifest(const char *json, size_t len,
    struct ca_image_manifest *out, char *err, size_t errlen)
{
	json_t *root, *cfg, *layers, *v;
	const char *d;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!(root = load(json, len, err, errlen)))
		return -1;
	if (!json_is_object(root) || json_object_get(root, "manifests") ||
	    is_index_type(
	        json_string_value(json_object_get(root, "mediaType")))) {
		json_decref(root);
		return fail(err, errlen,
		    "manifest: expected an image "
		    "manifest");
	}
	cfg = json_object_get(root, "config");
	layers = json_object_get(root, "layers");
	d = json_string_value(json_object_get(cfg, "digest"));
	if (!valid_digest(d) || !json_is_array(layers) ||
	    json_array_size(layers) > MAX_LAYERS) {
		json_decref(root);
		return fail(err, errlen,
		    "manifest: config or layers missing, "
		    "or a digest that is not sha256");
	}
	out->config_digest = xstrdup(d);
	out->config_member = member_of_digest(d);
	out->layers = xcalloc(json_array_size(layers) + 1,
	    sizeof(*out->layers));
	json_array_foreach(layers, i, v)
	{
		const char *mt = json_string_value(
		    json_object_get(v, "mediaType"));
		json_int_t size = json_integer_value(
		    json_object_get(v, "size"));

		d = json_string_value(json_object_get(v, "digest"));
		if (!valid_digest(d)) {
			json_decref(root);
			ca_image_manifest_release(out);
			return fail(err, errlen,
			    "manifest: a layer digest is "
			    "missing or not sha256");
		}
		out->layers[i].digest = xstrdup(d);
		out->layers[i].member = member_of_digest(d);
		out->layers[i].media_type = mt ? xstrdup(mt) : NULL;
		out->layers[i].size = size > 0 ? (uint64_t)size : 0;
		out->nlayers++;
	}
	json_decref(root);
	return 0;
}

/* This machine's platform in OCI's words. */
static void
host_platform(char *out, size_t size)
{
	struct utsname u;
	const char *arch = "amd64";

	if (uname(&u) == 0) {
		if (!strcmp(u.machine, "aarch64"))
			arch = "arm64";
		else if (!strncmp(u.machine, "arm", 3))
			arch = "arm";
		else if (!strcmp(u.machine, "i686") ||
		    !strcmp(u.machine, "i386"))
			arch = "386";
		else if (strcmp(u.machine, "x86_64"))
			arch = u.machine;
	}
	snprintf(out, size, "linux/%s", arch);
}

int
ca_image_parse_index(const char *json, size_t len, const char *platform,
    char **digest, bool *nested, char *err, size_t errlen)
{
	json_t *root, *mans, *v, *pick = NULL;
	char want[128];
	size_t i;

	*digest = NULL;
	*nested = false;
	if (!(root = load(json, len, err, errlen)))
		return -1;
	mans = json_object_get(root, "manifests");
	if (!json_is_array(mans) || !json_array_size(mans)) {
		json_decref(root);
		return fail(err, errlen, "index: no manifests");
	}
	if (platform)
		snprintf(want, sizeof(want), "%s", platform);
	else
		host_platform(want, sizeof(want));
	json_array_foreach(mans, i, v)
	{
		json_t *p = json_object_get(v, "platform");
		const char *os = json_string_value(json_object_get(p, "os"));
		const char *arch = json_string_value(
		    json_object_get(p, "architecture"));
		char have[128];

		if (json_array_size(mans) == 1) {
			pick = v;
			break;
		}
		if (!os || !arch)
			continue;
		snprintf(have, sizeof(have), "%s/%s", os, arch);
		if (!strcmp(have, want)) {
			pick = v;
			break;
		}
	}
	if (!pick ||
	    !valid_digest(json_string_value(json_object_get(pick, "digest")))) {
		json_decref(root);
		snprintf(err, errlen, "index: no manifest for platform %s",
		    want);
		return -1;
	}
	*digest = xstrdup(json_string_value(json_object_get(pick, "digest")));
	*nested = is_index_type(
	    json_string_value(json_object_get(pick, "mediaType")));
	json_decref(root);
	return 0;
}

/* Appends "<word> <value>" and a newline; 'value' may hold newlines (a
 * PEM key in an ENV) and keeps them, so the content rules see it whole. */
static int
add_line(struct strbuf *text, const char *word, const char *value)
{
	if (strbuf_addstr(text, word) < 0 || strbuf_addch(text, ' ') < 0 ||
	    strbuf_addstr(text, value) < 0 || strbuf_addch(text, '\n') < 0)
		return -1;
	return 0;
}

/* An exec-form list as one shell-like line. */
static int
add_list(struct strbuf *text, const char *word, json_t *list)
{
	json_t *v;
	size_t i;

	if (!json_is_array(list) || !json_array_size(list))
		return 0;
	if (strbuf_addstr(text, word) < 0)
		return -1;
	json_array_foreach(list, i, v)
	{
		const char *s = json_string_value(v);
		if (s &&
		    (strbuf_addch(text, ' ') < 0 || strbuf_addstr(text, s) < 0))
			return -1;
	}
	return strbuf_addch(text, '\n');
}

static int
config_text(json_t *root, json_t *cfg, struct strbuf *text)
{
	json_t *v, *hist = json_object_get(root, "history");
	const char *k;
	size_t i;
	int err = 0;

	json_array_foreach(json_object_get(cfg, "Env"), i,
	    v) if (json_is_string(v))
	    err |= add_line(text, "ENV", json_string_value(v));
	err |= add_list(text, "ENTRYPOINT", json_object_get(cfg, "Entrypoint"));
	err |= add_list(text, "CMD", json_object_get(cfg, "Cmd"));
	json_object_foreach(json_object_get(cfg, "Labels"), k, v)
	{
		if (!json_is_string(v))
			continue;
		err |= strbuf_addf(text, "LABEL %s=%s\n", k,
		    json_string_value(v));
	}
	/* Each build step: BuildKit's "RUN |2 TOKEN=... /bin/sh -c ..."
	 * carries the build args a step saw. */
	json_array_foreach(hist, i, v)
	{
		const char *by = json_string_value(
		    json_object_get(v, "created_by"));
		if (by)
			err |= add_line(text, "HISTORY", by);
	}
	return err ? -1 : 0;
}

int
ca_image_parse_config(const char *json, size_t len, struct ca_image_config *out,
    struct strbuf *text, char *err, size_t errlen)
{
	json_t *root, *cfg, *ids, *v;
	const char *user, *os, *arch, *variant;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!(root = load(json, len, err, errlen)))
		return -1;
	if (!json_is_object(root)) {
		json_decref(root);
		return fail(err, errlen, "config: expected an object");
	}
	cfg = json_object_get(root, "config");
	user = json_string_value(json_object_get(cfg, "User"));
	if (user && *user)
		out->user = xstrdup(user);
	os = json_string_value(json_object_get(root, "os"));
	arch = json_string_value(json_object_get(root, "architecture"));
	variant = json_string_value(json_object_get(root, "variant"));
	if (os && arch) {
		char buf[160];
		snprintf(buf, sizeof(buf), "%.40s/%.40s%s%.40s", os, arch,
		    variant ? "/" : "", variant ? variant : "");
		out->platform = xstrdup(buf);
	}
	ids = json_object_get(json_object_get(root, "rootfs"), "diff_ids");
	if (json_is_array(ids) && json_array_size(ids) <= MAX_LAYERS) {
		out->diff_ids = xcalloc(json_array_size(ids) + 1,
		    sizeof(*out->diff_ids));
		json_array_foreach(ids, i, v)
		{
			if (!valid_digest(json_string_value(v)))
				break;
			out->diff_ids[out->ndiff_ids++] = xstrdup(
			    json_string_value(v));
		}
	}
	if (text && config_text(root, cfg, text) < 0) {
		json_decref(root);
		ca_image_config_release(out);
		return fail(err, errlen, "config: too large");
	}
	json_decref(root);
	return 0;
}

/* Whether byte 'p' starts a valid UTF-8 sequence of 'n' bytes. Returns
 * the length, or 0. */
static size_t
utf8_len(const unsigned char *p)
{
	size_t n;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond Unicode */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

int
ca_image_norm_path(const char *name, char *out, size_t size, const char **why)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t o = 0;

	*why = NULL;
	for (const unsigned char *q = p; *q;) {
		size_t n;
		if (*q < 0x20 || *q == 0x7f) {
			*why = "name holds a control character";
			return -1;
		}
		n = utf8_len(q);
		if (!n) {
			*why = "name is not valid UTF-8";
			return -1;
		}
		q += n;
	}
	if (size < 2)
		return -1;
	out[o++] = '/';
	while (*p) {
		const unsigned char *start;
		size_t n;

		while (*p == '/')
			p++;
		start = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - start);
		if (!n || (n == 1 && start[0] == '.'))
			continue;
		if (n == 2 && start[0] == '.' && start[1] == '.') {
			*why = "name has a '..' component";
			return -1;
		}
		if (o > 1) {
			if (o + 1 >= size)
				goto long_name;
			out[o++] = '/';
		}
		if (o + n >= size)
			goto long_name;
		memcpy(out + o, start, n);
		o += n;
	}
	out[o] = '\0';
	return 0;
long_name:
	*why = "name is too long";
	return -1;
}
