/* regauth.h - helpers the registry surface modules share (docker, podman,
 * helm, npm, yarn, pypi, pip, cargo, rubygems, maven, gradle, nuget,
 * composer): findings with the house defaults, token kinds told by their
 * shape, registry hosts from URLs, strict base64 of "user:password", a
 * line splitter for the key=value files INI readers get wrong (.npmrc keys
 * hold ':'), and the docker-style "auths" object that docker, podman and
 * helm write alike.
 *
 * Decoded secrets live in the scratch arena and are wiped by the caller
 * as soon as they are emitted. Nothing here quotes a value in a message.
 * Symbols carry 'ra_'. */
#ifndef CA_REGAUTH_H
#define CA_REGAUTH_H

#include "scanners/core/scanner.h"
#include <jansson.h>

/* Zeroes 'fd' and sets rule, kind and the "kind's default" markers. */
void ra_finding_init(struct ca_finding *fd, const char *rule, const char *kind);

/* The kind a registry secret 's' ('n' bytes, borrowed) names by its shape
 * (npm_, pypi-, rubygems_, dckr_pat_, glpat-, gh?_, ...), or 'dflt'.
 * '*prefix' gets the length of a public prefix shown in previews. */
const char *ra_token_kind(const char *s, size_t n, const char *dflt,
    size_t *prefix);

/* Emits 'fd' (borrowed) with secret 's' ('n' bytes, borrowed) unless it is
 * empty, a placeholder or a reference. The kind is refined by the token's
 * shape, and the line found in 'f' when fd->line is 0. Returns true when
 * it emitted. */
bool ra_emit_secret(struct ca_ctx *ctx, const struct ca_file *f,
    struct ca_finding *fd, const char *s, size_t n);

/* The printable host[:port] of a registry key or URL ('n' bytes of 'url',
 * borrowed): scheme, "//", user info and path dropped, in the scratch
 * arena. "registry.npmjs.org" for "//registry.npmjs.org/:". */
const char *ra_host(struct ca_ctx *ctx, const char *url, size_t n);

/* "user@host" (or "host" when 'user' is NULL or empty), printable, in the
 * scratch arena. Both borrowed. */
const char *ra_identity(struct ca_ctx *ctx, const char *user, size_t ulen,
    const char *host);

/* Strictly decodes 'n' bytes of base64 's' (borrowed; padding optional,
 * surrounding whitespace trimmed) into a NUL-terminated scratch buffer.
 * Returns the buffer (wipe it with ca_wipe(out, *outlen) once used) or
 * NULL when 's' is no base64 or decodes to something that is not text. */
char *ra_b64(struct ca_ctx *ctx, const char *s, size_t n, size_t *outlen);

/* One "key = value" line: spans into the file (borrowed), trimmed. */
struct ra_kv {
	const char *key;
	size_t key_len;
	const char *val;
	size_t val_len;
	unsigned int line;
	const char *section; /* "[name]" seen last, or NULL */
	size_t section_len;
};

typedef void ra_kv_fn(void *arg, const struct ra_kv *kv);

/* Calls 'fn' for every line of 'data' that splits at the first byte of
 * 'seps' (e.g. "=" for .npmrc, "=:" for Java properties), skipping blank
 * lines and lines starting with one of 'comments'. Section headers
 * "[name]" are tracked when 'sections' is true. Lines without a separator
 * are counted in '*bad' (may be NULL). */
void ra_kv_lines(const char *data, size_t len, const char *seps,
    const char *comments, bool sections, ra_kv_fn *fn, void *arg,
    unsigned int *bad);

/* Loads JSON or warns ("invalid JSON at line N"); NULL means reported. */
json_t *ra_load_json(struct ca_ctx *ctx, const struct ca_file *f);

/* Rule ids of one docker-style auth file. */
struct ra_docker_rules {
	const char *auth;     /* auths.<reg>.auth or username + password */
	const char *identity; /* auths.<reg>.identitytoken */
	const char *registry; /* auths.<reg>.registrytoken */
	const char *helper;   /* credsStore / credHelpers */
	const char *tool;     /* "docker", "podman", "helm" for details */
};

/* Reports the "auths", "credsStore" and "credHelpers" of a docker-style
 * config 'doc' (borrowed) read from 'f'. A helper is named, never run. */
void ra_docker_auths(struct ca_ctx *ctx, const struct ca_file *f,
    const json_t *doc, const struct ra_docker_rules *rules);

#endif
