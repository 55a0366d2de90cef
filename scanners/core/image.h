/* image.h - container images as a scan target (credatlas image SOURCE).
 *
 * Sources: a docker-save tarball (manifest.json and layer tars), an OCI
 * image layout directory (oci-layout, index.json, blobs/sha256/) and an
 * OCI archive (a tar of such a layout), or a registry reference pulled
 * through image_pull.h. Nothing is extracted: every blob
 * is read as a stream, through libarchive for layers (gzip, zstd or
 * plain tar), and its sha256 is checked against its digest before any
 * file of the image is scanned; a mismatch or a missing blob is fatal for
 * the image.
 *
 * The target (target_image.c) is the image's final filesystem, layers
 * applied in order with their whiteouts (.wh.NAME, .wh..wh..opq), so
 * every surface module sees the image as it would see a root. The scan
 * (image_scan.c) does not walk that view: it streams every layer entry by
 * entry, so a file a later layer deleted or overwrote is still read, and
 * reported as deleted with the digest and index of the layer that holds
 * it. The image config (Env, Cmd, Entrypoint, Labels, history) is read as
 * one more text file, "/(image config)". */
#ifndef CA_IMAGE_H
#define CA_IMAGE_H

#include "lib/compat.h"
#include "lib/strbuf.h"
#include "scanners/core/target.h"

/* The path the image config is scanned under. */
#define CA_IMAGE_CONFIG_PATH "/(image config)"

/* Defaults of the limits that bound a hostile image. */
#define CA_IMAGE_MAX_SIZE    ((uint64_t)16 << 30) /* uncompressed bytes */
#define CA_IMAGE_MAX_ENTRIES 2000000u             /* tar entries, all layers */

struct ca_pull_opts;

struct ca_image_layer {
	char *digest; /* "sha256:<hex>", checked against the blob */
	char *member; /* the blob inside the source ("blobs/sha256/<hex>") */
	char *media_type; /* or NULL (docker-save) */
	uint64_t size;    /* the declared size of the blob, 0 when unknown */
};

/* What a manifest says (parsed by ca_image_parse_*). */
struct ca_image_manifest {
	char *config_member; /* the config blob inside the source */
	char *config_digest; /* "sha256:<hex>" or NULL (legacy docker-save) */
	char *reference;     /* a repo tag, or NULL */
	struct ca_image_layer *layers;
	size_t nlayers;
};

/* What the config says, for the scan metadata. */
struct ca_image_config {
	char *user;      /* USER, or NULL */
	char *platform;  /* "os/arch[/variant]", or NULL */
	char **diff_ids; /* rootfs.diff_ids, NULL-terminated, or NULL */
	size_t ndiff_ids;
};

/* The limits and options of opening an image. */
struct ca_image_opts {
	uint64_t max_size;    /* uncompressed bytes of all layers; 0 = the
	                       * default */
	uint32_t max_entries; /* 0 = the default */
	const char *platform; /* "os/arch" to pick from an index, or NULL
	                       * for this machine's */
	const struct ca_pull_opts *pull; /* logins and TLS of a registry
	                                  * pull, or NULL */
};

/* Image facts for the report: every string borrowed from the target. */
struct ca_image_info {
	const char *reference;       /* as given */
	const char *format;          /* "docker-archive", "oci-dir",
	                              * "oci-archive", "registry" */
	const char *manifest_digest; /* NULL for docker-save */
	const char *config_digest;
	const char *platform; /* or NULL */
	const char *user;     /* the config's USER, or NULL */
	const struct ca_image_layer *layers;
	size_t nlayers;
};

/* Parses a docker-save manifest.json (its first image). Returns 0, or -1
 * with a reason in 'err'. 'out' is owned by the caller
 * (ca_image_manifest_release). */
int ca_image_parse_docker_manifest(const char *json, size_t len,
    struct ca_image_manifest *out, char *err, size_t errlen);
/* Parses an OCI (or Docker v2) image manifest. Returns 0, or -1 with a
 * reason in 'err'. */
int ca_image_parse_oci_manifest(const char *json, size_t len,
    struct ca_image_manifest *out, char *err, size_t errlen);
/* Picks from an OCI index the manifest for 'platform' ("os/arch", or
 * NULL for this machine's; an index of one manifest is taken whatever its
 * platform). Returns 0 with the chosen manifest's digest (owned) and
 * whether it is itself an index, or -1 with a reason in 'err'. */
int ca_image_parse_index(const char *json, size_t len, const char *platform,
    char **digest, bool *nested, char *err, size_t errlen);
/* Parses an image config: USER, platform, diff ids, and writes what can
 * carry a secret (Env, Entrypoint, Cmd, Labels, history created_by) to
 * 'text', one Dockerfile-like line each ("ENV NAME=value"). Returns 0, or
 * -1 with a reason in 'err'. */
int ca_image_parse_config(const char *json, size_t len,
    struct ca_image_config *out, struct strbuf *text, char *err, size_t errlen);
void ca_image_manifest_release(struct ca_image_manifest *m);
void ca_image_config_release(struct ca_image_config *c);

/* Normalises a tar entry name into an absolute image path in 'out'
 * ("./etc/x" -> "/etc/x"). Returns 0, or -1 with a reason in 'why' for a
 * name that is unsafe or unreportable: a ".." component, a control
 * character or invalid UTF-8, or too long. The root itself is "/". */
int ca_image_norm_path(const char *name, char *out, size_t size,
    const char **why);

/* Opens the image at 'source' (borrowed): reads its manifest and config,
 * checks every blob's digest while indexing the layers, and builds the
 * final filesystem view. Problems with single entries (unsafe names,
 * links outside, devices) are kept for ca_target_image_errors(). Returns
 * 0 with an owned target, or -1 after ca_error(). */
int ca_target_image_open(const char *source, const struct ca_image_opts *o,
    struct ca_target **out);
/* Whether 't' is an image target. */
bool ca_target_is_image(const struct ca_target *t);
/* The image's facts; 't' must be an image target. */
void ca_target_image_info(const struct ca_target *base,
    struct ca_image_info *info);
/* The per-entry problems found while indexing, as (path, message) pairs,
 * borrowed: calls 'fn' for each. */
void ca_target_image_errors(const struct ca_target *base,
    void (*fn)(void *arg, const char *path, const char *msg), void *arg);
/* The config text written by ca_image_parse_config(), borrowed. */
const struct strbuf *ca_target_image_config_text(const struct ca_target *base);

/* One regular file of a layer, as the stream meets it. */
struct ca_image_entry {
	const char *path; /* normalised, absolute; borrowed */
	struct ca_stat st;
	size_t layer; /* its index, from 0 (the base layer) */
	bool deleted; /* not in the final filesystem: a later layer
	               * (or a later entry) deleted or replaced it */
};
/* Called for each regular file of the layer with an open handle on its
 * contents, which the callee must close (close_file) before returning.
 * Returns 0 to go on. */
typedef int ca_image_entry_fn(void *arg, const struct ca_image_entry *e,
    struct ca_fh *fh);
/* Streams layer 'layer' of image target 't'. Returns 0, or a negative
 * errno with a reason in 'err' when the layer cannot be read to its end
 * (files before the problem were handed on). */
int ca_target_image_stream(struct ca_target *base, size_t layer,
    ca_image_entry_fn *fn, void *arg, char *err, size_t errlen);
/* The index of the layer whose entry made 'path' (symlinks followed) in
 * the final filesystem, or -1 when it is not there. */
int ca_target_image_layer_of(struct ca_target *base, const char *path);
/* Opens the config text as a file. */
int ca_target_image_open_config(struct ca_target *base, struct ca_fh **out,
    struct ca_stat *st);

#endif
