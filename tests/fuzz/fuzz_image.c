/* fuzz_image.c - libFuzzer harness for images: the bytes go through every
 * image document parser (docker-save manifest, OCI manifest, index,
 * config) and the entry-name check, then become the one layer of an OCI
 * layout written to a private directory with its real digest, so the
 * layer reaches libarchive, the whiteout index, the target operations and
 * the stream. Errors go to stderr, which libFuzzer ignores. */
#define CA_SCANNER_ALLOW_OS 1
#include "lib/compat.h"
#include <sys/stat.h>
#include <unistd.h>
#include "lib/hash.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "scanners/core/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void
put(const char *name, const void *data, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, len, f);
	fclose(f);
}

/* Writes 'data' as a blob; returns its digest in 'digest' (72 bytes). */
static void
put_blob(const void *data, size_t len, char *digest)
{
	unsigned char md[CA_SHA256_LEN];
	char name[128];

	ca_sha256(data, len, md);
	memcpy(digest, "sha256:", 7);
	ca_hex(md, CA_SHA256_LEN, digest + 7);
	snprintf(name, sizeof(name), "blobs/sha256/%s", digest + 7);
	put(name, data, len);
}

static void
unlink_blob(const char *digest)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/blobs/sha256/%s", dir, digest + 7);
	unlink(path);
}

static int
on_entry(void *arg, const struct ca_image_entry *e, struct ca_fh *fh)
{
	struct ca_target *t = arg;
	char buf[4096];

	(void)e;
	while (t->ops->read(fh, buf, sizeof(buf)) > 0)
		;
	t->ops->close_file(fh);
	return 0;
}

static void
parse_all(const char *s, size_t n)
{
	struct ca_image_manifest m;
	struct ca_image_config c;
	struct strbuf text = STRBUF_INIT(1 << 20);
	char err[256], *digest = NULL, path[256];
	const char *why;
	bool nested;

	if (ca_image_parse_docker_manifest(s, n, &m, err, sizeof(err)) == 0)
		ca_image_manifest_release(&m);
	if (ca_image_parse_oci_manifest(s, n, &m, err, sizeof(err)) == 0)
		ca_image_manifest_release(&m);
	if (ca_image_parse_index(s, n, NULL, &digest, &nested, err,
	        sizeof(err)) == 0)
		free(digest);
	if (ca_image_parse_config(s, n, &c, &text, err, sizeof(err)) == 0)
		ca_image_config_release(&c);
	strbuf_release(&text);
	if (n < 1024 && !memchr(s, '\0', n)) {
		char name[1024];
		memcpy(name, s, n);
		name[n] = '\0';
		ca_image_norm_path(name, path, sizeof(path), &why);
	}
}

static void
image_of(const uint8_t *data, size_t size)
{
	static const char cfg[] =
	    "{\"os\":\"linux\",\"architecture\":"
	    "\"amd64\",\"config\":{\"User\":\"app\",\"Env\":[\"A=1\"]}}";
	static const char *const paths[] = { "/", "/etc/passwd", "/a/b", "/x",
		"/a/../../b", "/lnk/x" };
	char dl[80], dc[80], dm[80], man[512], idx[256];
	struct ca_image_opts o;
	struct ca_target *t;
	char err[256];

	put_blob(data, size, dl);
	put_blob(cfg, sizeof(cfg) - 1, dc);
	snprintf(man, sizeof(man),
	    "{\"schemaVersion\":2,\"config\":"
	    "{\"digest\":\"%s\"},\"layers\":[{\"digest\":\"%s\"}]}",
	    dc, dl);
	put_blob(man, strlen(man), dm);
	snprintf(idx, sizeof(idx), "{\"manifests\":[{\"digest\":\"%s\"}]}", dm);
	put("index.json", idx, strlen(idx));
	memset(&o, 0, sizeof(o));
	o.max_size = 64u << 20;
	o.max_entries = 10000;
	if (ca_target_image_open(dir, &o, &t) < 0)
		goto out;
	for (size_t i = 0; i < CA_ARRAY_SIZE(paths); i++) {
		struct strbuf sb = STRBUF_INIT(1 << 20);
		struct ca_stat st;
		struct ca_dir *d;
		struct ca_dirent ent;

		t->ops->stat_path(t, paths[i], &st);
		ca_target_read(t, paths[i], &sb, 1 << 20, NULL);
		strbuf_release(&sb);
		if (t->ops->open_dir(t, paths[i], &d) == 0) {
			while (t->ops->next_entry(d, &ent) > 0)
				;
			t->ops->close_dir(d);
		}
	}
	ca_target_image_stream(t, 0, on_entry, t, err, sizeof(err));
	ca_target_free(t);
out:
	/* one input's blobs do not pile up on disk */
	unlink_blob(dl);
	unlink_blob(dm);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ca_log_set_level(CA_LOG_QUIET);
	if (!dir[0]) {
		char path[128];
		snprintf(dir, sizeof(dir), "/tmp/fuzz-image-XXXXXX");
		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof(path), "%s/blobs", dir);
		mkdir(path, 0700);
		snprintf(path, sizeof(path), "%s/blobs/sha256", dir);
		mkdir(path, 0700);
	}
	parse_all((const char *)data, size);
	image_of(data, size);
	return 0;
}
