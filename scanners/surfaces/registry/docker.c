/* docker.c - container registry logins, two surface modules:
 *
 *   docker  ~/.docker/config.json: auths.<registry>.auth (base64 of
 *           user:password), username + password, identitytoken and
 *           registrytoken; credsStore and credHelpers are delegations to
 *           docker-credential-<helper>, one per registry. Legacy
 *           ~/.dockercfg holds the auths object at the top level.
 *   podman  containers-auth.json(5): $XDG_RUNTIME_DIR/containers/
 *           auth.json (/run/user/<uid>/...), ~/.config/containers/
 *           auth.json, root's /run/containers/0/auth.json. Same format.
 *
 * The registry key is the host ("https://index.docker.io/v1/" gives
 * index.docker.io); the identity is the user decoded from 'auth' plus
 * that host. A helper is named, never executed. A DOCKER_CONFIG set in a
 * shell rc file is not followed (the environment of a target is not
 * known). */
#include "lib/compat.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/surfaces/registry/regauth.h"

static const struct ra_docker_rules docker_rules_ids = {
	.auth = "docker.config-auth",
	.identity = "docker.config-identity-token",
	.registry = "docker.config-registry-token",
	.helper = "docker.credential-helper",
	.tool = "docker",
};

static const struct ra_docker_rules podman_rules_ids = {
	.auth = "podman.auth",
	.identity = "podman.identity-token",
	.registry = "podman.registry-token",
	.helper = "podman.credential-helper",
	.tool = "podman",
};

static int
docker_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	json_t *doc = ra_load_json(ctx, f);

	if (!doc)
		return 0;
	if (!strcmp(f->name, ".dockercfg") && !json_object_get(doc, "auths")) {
		/* legacy layout: the registries are the top-level keys */
		json_t *wrap = json_object();
		if (wrap && !json_object_set(wrap, "auths", doc))
			ra_docker_auths(ctx, f, wrap, &docker_rules_ids);
		json_decref(wrap);
	} else {
		ra_docker_auths(ctx, f, doc, &docker_rules_ids);
	}
	ck_json_free(doc);
	return 0;
}

/* clang-format off */
static const char *const docker_claims[] = {
	"**/.docker/config.json",
	"**/.dockercfg",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc docker_rules[] = {
	{ "docker.config-auth", "docker-registry-auth",
	  "auths.<registry>.auth (base64 user:password) or username and "
	  "password in ~/.docker/config.json" },
	{ "docker.config-identity-token", "docker-identity-token",
	  "auths.<registry>.identitytoken (OAuth refresh token)" },
	{ "docker.config-registry-token", "docker-registry-token",
	  "auths.<registry>.registrytoken (bearer token)" },
	{ "docker.credential-helper", "docker-credential-helper",
	  "credsStore or credHelpers: the login is kept by "
	  "docker-credential-<helper> (never run)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_docker = {
	.name = "docker",
	.surface = "registry",
	.summary = "Docker CLI registry logins (~/.docker/config.json)",
	.version = 1,
	.claims = docker_claims,
	.rules = docker_rules,
	.scan_file = docker_scan_file,
};

static int
podman_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	json_t *doc = ra_load_json(ctx, f);

	if (!doc)
		return 0;
	ra_docker_auths(ctx, f, doc, &podman_rules_ids);
	ck_json_free(doc);
	return 0;
}

/* clang-format off */
static const char *const podman_claims[] = {
	"**/.config/containers/auth.json",
	"/run/user/*/containers/auth.json",
	"/run/containers/*/auth.json",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc podman_rules[] = {
	{ "podman.auth", "docker-registry-auth",
	  "auths.<registry>.auth (base64 user:password) in containers "
	  "auth.json" },
	{ "podman.credential-helper", "docker-credential-helper",
	  "credHelpers in containers auth.json (never run)" },
	{ "podman.identity-token", "docker-identity-token",
	  "auths.<registry>.identitytoken in containers auth.json" },
	{ "podman.registry-token", "docker-registry-token",
	  "auths.<registry>.registrytoken in containers auth.json" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_podman = {
	.name = "podman",
	.surface = "registry",
	.summary = "podman, buildah and skopeo registry logins "
	           "(containers auth.json)",
	.version = 1,
	.claims = podman_claims,
	.rules = podman_rules,
	.scan_file = podman_scan_file,
};
