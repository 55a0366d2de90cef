/* image_pull.h - pulling an image from a registry (credatlas image REF).
 *
 * A registry reference ("[registry/]repo[:tag|@sha256:digest]", or the
 * same after "docker://") is pulled through the OCI Distribution API with
 * libcurl: the manifest by tag or digest (an index or manifest list is
 * resolved to one platform by the caller), then the config and layer
 * blobs by digest. Blobs are handed over as streams, never written to
 * disk; the caller checks each one's sha256 (target_image.c), as it does
 * for a local image.
 *
 * Authentication: basic, with credentials from --registry-user and
 * --registry-password-stdin or a plain "auth" entry of the user's docker
 * config.json (credential helpers are never run), and the bearer-token
 * flow a WWW-Authenticate challenge asks for. Credentials and tokens never
 * reach a message, a log line or a report, and libcurl sends them to the
 * registry host only (never along a redirect to another host).
 *
 * TLS is always verified (--ca-file adds a private CA); plain http is
 * spoken only to a loopback host or one named by --insecure-registry,
 * and only when its TLS handshake fails (never when a certificate does
 * not verify).
 *
 * The parsers (references, WWW-Authenticate, docker config.json) are pure
 * functions over bytes, for the unit tests and fuzz_image_ref. */
#ifndef CA_IMAGE_PULL_H
#define CA_IMAGE_PULL_H

#include "lib/compat.h"
#include "lib/strbuf.h"

#define CA_DOCKER_HUB_HOST "registry-1.docker.io"

/* A parsed image reference. */
struct ca_image_ref {
	char host[256];  /* "registry-1.docker.io", "127.0.0.1:5000",
	                  * "[::1]:5000" */
	char name[256];  /* the repository: "library/alpine" */
	char tag[129];   /* "latest" when neither tag nor digest is given,
	                  * "" with a digest only */
	char digest[72]; /* "sha256:<64 hex>", or "" */
};

/* Parses 's' (borrowed; an optional "docker://" prefix) into 'out'.
 * Docker Hub rules: a first component without '.' or ':' that is not
 * "localhost" is part of the repository on registry-1.docker.io, and a
 * one-component repository there gets "library/". Returns 0, or -1 with
 * a reason in 'why' that never quotes 's' (it may hold a typed secret). */
int ca_image_ref_parse(const char *s, struct ca_image_ref *out,
    const char **why);
/* Whether 's' names a registry reference rather than a local path: it
 * starts with "docker://", or it does not exist as a path (the caller
 * checks that), parses as a reference and does not look like a file name
 * (a leading "/", "./" or "../", or an archive extension). */
bool ca_image_ref_plausible(const char *s);
/* The host part of 'hostport' ("[::1]:5000" -> "::1") into 'out'. */
void ca_image_ref_hostname(const char *hostport, char *out, size_t size);
/* Whether 'hostport' is a loopback host: localhost, 127.0.0.0/8, ::1. */
bool ca_image_ref_is_loopback(const char *hostport);

/* One challenge of a WWW-Authenticate header. */
struct ca_auth_challenge {
	char scheme[16]; /* "Bearer", "Basic", as sent */
	char realm[1024];
	char service[256];
	char scope[512];
};
/* Parses the first challenge of a WWW-Authenticate value (borrowed).
 * Unknown parameters are skipped; a value too long for its field is an
 * error. Returns 0, or -1 with a reason in 'why'. */
int ca_parse_www_authenticate(const char *s, struct ca_auth_challenge *out,
    const char **why);

/* Looks 'host' up in the "auths" of a docker config.json ('json', 'len'
 * borrowed): keys "host", "https://host", "http://host", each possibly
 * with a path, and Docker Hub's "https://index.docker.io/v1/" for
 * registry-1.docker.io. Only a plain base64 "auth" (user:password) is
 * taken. Returns 1 with owned '*user' and '*password', 0 when there is
 * none (with 'helper' set when a credential helper would have answered:
 * never run), or -1 on a malformed document. */
int ca_docker_config_auth(const char *json, size_t len, const char *host,
    char **user, char **password, bool *helper);

/* How to reach registries: everything borrowed for the pull's life. */
struct ca_pull_opts {
	const char *user;            /* --registry-user, or NULL */
	const char *password;        /* --registry-password-stdin, or NULL */
	const char *docker_config;   /* config.json to take a login from, or
	                              * NULL */
	const char *ca_file;         /* --ca-file, or NULL */
	const char *const *insecure; /* --insecure-registry hosts, NULL-ended,
	                              * or NULL */
};

struct ca_registry;
struct ca_blob_stream;

/* Prepares pulls from the registry of 'ref' (copied). Returns 0 with an
 * owned client, or -1 after ca_error(). */
int ca_registry_open(const struct ca_image_ref *ref,
    const struct ca_pull_opts *o, struct ca_registry **out);
void ca_registry_free(struct ca_registry *r);
/* Fetches the manifest 'reference' (a tag or digest) into 'out', with
 * its media type (the Content-Type, or "") in 'media_type'. Returns 0,
 * or -1 after ca_error(). */
int ca_registry_manifest(struct ca_registry *r, const char *reference,
    struct strbuf *out, char *media_type, size_t mtlen);
/* Starts streaming blob 'digest'; more than 'limit' bytes is an error.
 * Returns 0 with an owned stream, or -errno after ca_error() (-ENOENT
 * when the registry does not have it). Thread safe. */
int ca_registry_blob_open(struct ca_registry *r, const char *digest,
    uint64_t limit, struct ca_blob_stream **out);
/* Reads up to 'len' bytes. Returns the count, 0 at the end, or -errno
 * after ca_error(). */
ssize_t ca_blob_stream_read(struct ca_blob_stream *s, void *buf, size_t len);
void ca_blob_stream_close(struct ca_blob_stream *s);

#endif
