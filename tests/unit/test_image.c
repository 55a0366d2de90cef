/* test_image.c - the image documents' parsers on good and malformed input,
 * entry names, and the image target built from an OCI layout written
 * here with libarchive: whiteouts and opaque directories, symlinks and
 * hard links that try to leave the image, devices, and the stream's
 * deleted flags. */
#include "tests/unit/unit.h"
#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/hash.h"
#include "lib/strbuf.h"
#include "scanners/core/image.h"

#define H1 "1111111111111111111111111111111111111111111111111111111111111111"
#define H2 "2222222222222222222222222222222222222222222222222222222222222222"
#define D1 "sha256:" H1
#define D2 "sha256:" H2

/* ---- docker-save manifest.json ---- */

static int
docker(const char *json, struct ca_image_manifest *m, char *err)
{
	return ca_image_parse_docker_manifest(json, strlen(json), m, err, 256);
}

static void
test_docker_manifest(void **state)
{
	struct ca_image_manifest m;
	char err[256] = "";

	(void)state;
	assert_int_equal(
	    docker("[{\"Config\":\"blobs/sha256/" H1
	           "\",\"RepoTags\":[\"a/b:1\"],\"Layers\":[\"blobs/sha256/" H2
	           "\",\"abc/layer.tar\"]}]",
	        &m, err),
	    0);
	assert_string_equal(m.config_digest, D1);
	assert_string_equal(m.reference, "a/b:1");
	assert_int_equal(m.nlayers, 2);
	assert_string_equal(m.layers[0].digest, D2);
	/* a legacy layer's digest comes from the config's diff ids */
	assert_null(m.layers[1].digest);
	assert_string_equal(m.layers[1].member, "abc/layer.tar");
	ca_image_manifest_release(&m);
}

static void
test_docker_manifest_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"{",
		"[]",
		"{}",
		"[1]",
		"[{}]",
		"[{\"Config\":\"c.json\"}]",
		"[{\"Config\":\"c.json\",\"Layers\":{}}]",
		"[{\"Config\":\"c.json\",\"Layers\":[1]}]",
		"[{\"Config\":\"/etc/c.json\",\"Layers\":[]}]",
		"[{\"Config\":\"../c.json\",\"Layers\":[]}]",
		"[{\"Config\":\"c.json\",\"Layers\":[\"a/../../x\"]}]",
		"[{\"Config\":\"c.json\",\"Layers\":[\"..\"]}]",
		"[{\"Config\":\"c\\n.json\",\"Layers\":[]}]",
		"[{\"Config\":\"c.json\",\"Config\":\"d.json\",\"Layers\":[]}]",
	};
	struct ca_image_manifest m;
	char err[256];

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(bad); i++) {
		err[0] = '\0';
		assert_int_equal(docker(bad[i], &m, err), -1);
		assert_true(err[0] != '\0');
		assert_int_equal(m.nlayers, 0);
		assert_null(m.layers);
	}
}

/* ---- OCI manifests and indexes ---- */

static void
test_oci_manifest(void **state)
{
	const char *good =
	    "{\"schemaVersion\":2,\"config\":{\"digest\":\"" D1
	    "\"},\"layers\":[{\"mediaType\":\"application/vnd.oci.image."
	    "layer.v1.tar+gzip\",\"digest\":\"" D2 "\",\"size\":42}]}";
	static const char *const bad[] = {
		"[]",
		"{}",
		"{\"config\":{}}",
		"{\"manifests\":[],\"config\":{\"digest\":\"" D1 "\"},"
		"\"layers\":[]}",
		"{\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
		"\"config\":{\"digest\":\"" D1 "\"},\"layers\":[]}",
		"{\"config\":{\"digest\":\"sha512:11\"},\"layers\":[]}",
		"{\"config\":{\"digest\":\"" D1 "\"},\"layers\":[{}]}",
		"{\"config\":{\"digest\":\"" D1 "\"},\"layers\":[{\"digest\":"
		"\"sha256:ABCD\"}]}",
		"{\"config\":{\"digest\":\"sha256:"
		"111111111111111111111111111111111111111111111111111111111111111G"
		"\"},\"layers\":[]}",
	};
	struct ca_image_manifest m;
	char err[256];

	(void)state;
	assert_int_equal(ca_image_parse_oci_manifest(good, strlen(good), &m,
	                     err, sizeof(err)),
	    0);
	assert_string_equal(m.config_member, "blobs/sha256/" H1);
	assert_int_equal(m.nlayers, 1);
	assert_string_equal(m.layers[0].digest, D2);
	assert_int_equal(m.layers[0].size, 42);
	assert_string_equal(m.layers[0].media_type,
	    "application/vnd.oci.image.layer.v1.tar+gzip");
	ca_image_manifest_release(&m);
	for (size_t i = 0; i < CA_ARRAY_SIZE(bad); i++) {
		assert_int_equal(ca_image_parse_oci_manifest(bad[i],
		                     strlen(bad[i]), &m, err, sizeof(err)),
		    -1);
		assert_null(m.layers);
	}
}

static void
test_index(void **state)
{
	const char *two = "{\"manifests\":["
	                  "{\"digest\":\"" D1
	                  "\",\"platform\":{\"os\":\"linux\","
	                  "\"architecture\":\"arm64\"}},"
	                  "{\"digest\":\"" D2
	                  "\",\"platform\":{\"os\":\"linux\","
	                  "\"architecture\":\"amd64\"}}]}";
	const char *one = "{\"manifests\":[{\"mediaType\":\"application/vnd."
	                  "oci.image.index.v1+json\",\"digest\":\"" D1 "\"}]}";
	char err[256], *digest;
	bool nested;

	(void)state;
	assert_int_equal(ca_image_parse_index(two, strlen(two), "linux/amd64",
	                     &digest, &nested, err, sizeof(err)),
	    0);
	assert_string_equal(digest, D2);
	assert_false(nested);
	free(digest);
	assert_int_equal(ca_image_parse_index(two, strlen(two), "linux/arm64",
	                     &digest, &nested, err, sizeof(err)),
	    0);
	assert_string_equal(digest, D1);
	free(digest);
	assert_int_equal(ca_image_parse_index(two, strlen(two), "linux/s390x",
	                     &digest, &nested, err, sizeof(err)),
	    -1);
	assert_null(digest);
	assert_non_null(strstr(err, "linux/s390x"));
	/* one manifest is taken whatever its platform; it may nest */
	assert_int_equal(ca_image_parse_index(one, strlen(one), "linux/s390x",
	                     &digest, &nested, err, sizeof(err)),
	    0);
	assert_true(nested);
	free(digest);
	{
		static const char *const bad[] = { "{\"manifests\":[]}",
			"{\"manifests\":[{\"digest\":\"md5:x\"}]}",
			"{\"manifests\":{}}", "[]" };
		for (size_t i = 0; i < CA_ARRAY_SIZE(bad); i++)
			assert_int_equal(ca_image_parse_index(bad[i],
			                     strlen(bad[i]), NULL, &digest,
			                     &nested, err, sizeof(err)),
			    -1);
	}
	assert_int_equal(ca_image_parse_index("nope", 4, NULL, &digest, &nested,
	                     err, sizeof(err)),
	    -1);
}

/* ---- the config ---- */

static void
test_config(void **state)
{
	const char *cfg =
	    "{\"architecture\":\"arm64\",\"os\":\"linux\","
	    "\"variant\":\"v8\",\"config\":{\"User\":\"app\",\"Env\":[\"A=1\","
	    "7,\"TOKEN=x y\"],\"Entrypoint\":[\"/bin/tini\",\"--\"],\"Cmd\":"
	    "[\"run\"],\"Labels\":{\"k\":\"v\",\"n\":3}},\"rootfs\":{"
	    "\"diff_ids\":[\"" D1 "\",\"" D2
	    "\"]},\"history\":[{\"created_by\":"
	    "\"RUN |1 ARG=v /bin/sh -c true\"},{\"empty_layer\":true}]}";
	struct ca_image_config c;
	struct strbuf text = STRBUF_INIT(1 << 20);
	char err[256];

	(void)state;
	assert_int_equal(ca_image_parse_config(cfg, strlen(cfg), &c, &text, err,
	                     sizeof(err)),
	    0);
	assert_string_equal(c.user, "app");
	assert_string_equal(c.platform, "linux/arm64/v8");
	assert_int_equal(c.ndiff_ids, 2);
	assert_string_equal(c.diff_ids[1], D2);
	assert_string_equal(text.buf,
	    "ENV A=1\nENV TOKEN=x y\n"
	    "ENTRYPOINT /bin/tini --\nCMD run\nLABEL k=v\n"
	    "HISTORY RUN |1 ARG=v /bin/sh -c true\n");
	ca_image_config_release(&c);
	strbuf_release(&text);
}

static void
test_config_malformed(void **state)
{
	static const char *const odd[] = {
		/* wrong types are passed over, not fatal */
		"{\"config\":{\"User\":5,\"Env\":\"A=1\",\"Cmd\":\"x\","
		"\"Labels\":[]},\"rootfs\":{\"diff_ids\":\"x\"},"
		"\"history\":{}}",
		"{\"rootfs\":{\"diff_ids\":[\"sha256:short\"]}}",
		"{}",
	};
	static const char *const bad[] = { "", "[]", "\"s\"",
		"{\"a\":", "{\"a\":1,\"a\":2}" };
	struct ca_image_config c;
	struct strbuf text = STRBUF_INIT(1 << 20);
	struct strbuf tiny = STRBUF_INIT(8);
	char err[256];
	const char *big = "{\"config\":{\"Env\":[\"A_LONG_VARIABLE=1\"]}}";

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(odd); i++) {
		strbuf_reset(&text);
		assert_int_equal(ca_image_parse_config(odd[i], strlen(odd[i]),
		                     &c, &text, err, sizeof(err)),
		    0);
		assert_null(c.user);
		assert_int_equal(c.ndiff_ids, 0);
		assert_int_equal(text.len, 0);
		ca_image_config_release(&c);
	}
	for (size_t i = 0; i < CA_ARRAY_SIZE(bad); i++)
		assert_int_equal(ca_image_parse_config(bad[i], strlen(bad[i]),
		                     &c, &text, err, sizeof(err)),
		    -1);
	/* text beyond its cap is an error, not a cut */
	assert_int_equal(ca_image_parse_config(big, strlen(big), &c, &tiny, err,
	                     sizeof(err)),
	    -1);
	strbuf_release(&text);
	strbuf_release(&tiny);
}

/* ---- entry names ---- */

static void
test_norm_path(void **state)
{
	static const struct {
		const char *in, *out;
	} good[] = {
		{ "./etc/passwd", "/etc/passwd" },
		{ "etc//x/./y/", "/etc/x/y" },
		{ "/abs/name", "/abs/name" },
		{ ".", "/" },
		{ "./", "/" },
		{ "", "/" },
		{ "caf\xc3\xa9/\xe2\x82\xac", "/caf\xc3\xa9/\xe2\x82\xac" },
		{ "..x/y..", "/..x/y.." },
	};
	static const char *const bad[] = {
		"../x",
		"a/../../x",
		"a/..",
		"..",
		"a\nb",
		"a\tb",
		"\x7f",
		"\xff",
		"\xc0\x80",
		"\xed\xa0\x80",
		"\xe2\x82",
		"\xf4\x90\x80\x80",
	};
	char out[64], longname[200];
	const char *why;

	(void)state;
	for (size_t i = 0; i < CA_ARRAY_SIZE(good); i++) {
		assert_int_equal(
		    ca_image_norm_path(good[i].in, out, sizeof(out), &why), 0);
		assert_string_equal(out, good[i].out);
	}
	for (size_t i = 0; i < CA_ARRAY_SIZE(bad); i++) {
		why = NULL;
		assert_int_equal(
		    ca_image_norm_path(bad[i], out, sizeof(out), &why), -1);
		assert_non_null(why);
	}
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(ca_image_norm_path(longname, out, sizeof(out), &why),
	    -1);
	assert_string_equal(why, "name is too long");
}

/* ---- an image target over a layout written here ---- */

static char dir[64];

struct entry {
	const char *name;
	mode_t type;      /* AE_IFREG, AE_IFDIR, AE_IFLNK, AE_IFIFO */
	const char *data; /* contents, or a symlink's target */
	const char *hardlink;
};

/* Writes a gzip layer of 'n' entries into the layout; returns its
 * digest in 'digest' (72 bytes). */
static void
write_layer(const struct entry *ents, size_t n, char *digest)
{
	static unsigned char buf[1 << 20];
	struct archive *a = archive_write_new();
	unsigned char md[CA_SHA256_LEN];
	char path[256];
	size_t used = 0;
	FILE *f;

	archive_write_set_format_pax_restricted(a);
	archive_write_add_filter_gzip(a);
	assert_int_equal(archive_write_open_memory(a, buf, sizeof(buf), &used),
	    ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, ents[i].name);
		archive_entry_set_filetype(e, ents[i].type);
		archive_entry_set_perm(e, 0644);
		if (ents[i].hardlink)
			archive_entry_set_hardlink(e, ents[i].hardlink);
		else if (ents[i].type == AE_IFLNK)
			archive_entry_set_symlink(e, ents[i].data);
		else if (ents[i].type == AE_IFREG)
			archive_entry_set_size(e,
			    (la_int64_t)strlen(ents[i].data));
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		if (ents[i].type == AE_IFREG && !ents[i].hardlink)
			archive_write_data(a, ents[i].data,
			    strlen(ents[i].data));
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	ca_sha256(buf, used, md);
	memcpy(digest, "sha256:", 7);
	ca_hex(md, CA_SHA256_LEN, digest + 7);
	snprintf(path, sizeof(path), "%s/blobs/sha256/%s", dir, digest + 7);
	f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(buf, 1, used, f);
	fclose(f);
}

static void
write_blob(const char *text, char *digest)
{
	unsigned char md[CA_SHA256_LEN];
	char path[256];
	FILE *f;

	ca_sha256(text, strlen(text), md);
	memcpy(digest, "sha256:", 7);
	ca_hex(md, CA_SHA256_LEN, digest + 7);
	snprintf(path, sizeof(path), "%s/blobs/sha256/%s", dir, digest + 7);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int
setup(void **state)
{
	static const struct entry l0[] = {
		{ "etc/passwd", AE_IFREG, "root:x:0:0::/root:/bin/sh\n", NULL },
		{ "etc/secret", AE_IFREG, "base\n", NULL },
		{ "gone/a", AE_IFREG, "a\n", NULL },
		{ "opaque/old", AE_IFREG, "old\n", NULL },
		{ "links/abs", AE_IFLNK, "/etc/passwd", NULL },
		{ "links/climb", AE_IFLNK, "../../../../../etc/passwd", NULL },
		{ "links/loop", AE_IFLNK, "loop", NULL },
		{ "links/hard", AE_IFREG, NULL, "etc/secret" },
		{ "links/hard-out", AE_IFREG, NULL, "../../etc/shadow" },
		{ "fifo", AE_IFIFO, NULL, NULL },
	};
	static const struct entry l1[] = {
		{ "etc/secret", AE_IFREG, "replaced\n", NULL },
		{ ".wh.gone", AE_IFREG, "", NULL },
		{ "opaque/.wh..wh..opq", AE_IFREG, "", NULL },
		{ "opaque/new", AE_IFREG, "new\n", NULL },
		{ "../escape", AE_IFREG, "x\n", NULL },
	};
	char d0[80], d1[80], dc[80], dm[80], text[1024], path[128];
	FILE *f;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ca-image-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/blobs", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/blobs/sha256", dir);
	mkdir(path, 0755);
	write_layer(l0, CA_ARRAY_SIZE(l0), d0);
	write_layer(l1, CA_ARRAY_SIZE(l1), d1);
	write_blob("{\"os\":\"linux\",\"architecture\":\"amd64\",\"config\":"
	           "{\"User\":\"1000\"}}",
	    dc);
	snprintf(text, sizeof(text),
	    "{\"schemaVersion\":2,\"config\":"
	    "{\"digest\":\"%s\"},\"layers\":[{\"digest\":\"%s\"},{\"digest\":"
	    "\"%s\"}]}",
	    dc, d0, d1);
	write_blob(text, dm);
	snprintf(path, sizeof(path), "%s/index.json", dir);
	f = fopen(path, "w");
	fprintf(f, "{\"manifests\":[{\"digest\":\"%s\"}]}", dm);
	fclose(f);
	snprintf(path, sizeof(path), "%s/oci-layout", dir);
	f = fopen(path, "w");
	fputs("{\"imageLayoutVersion\":\"1.0.0\"}", f);
	fclose(f);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
read_text(struct ca_target *t, const char *path, const char *want)
{
	struct strbuf sb = STRBUF_INIT(1 << 20);

	assert_int_equal(ca_target_read(t, path, &sb, 1 << 20, NULL), 0);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

struct seen {
	char paths[16][64];
	bool deleted[16];
	size_t n;
};

static int
on_entry(void *arg, const struct ca_image_entry *e, struct ca_fh *fh)
{
	struct seen *s = arg;

	(void)fh;
	if (s->n < 16) {
		snprintf(s->paths[s->n], sizeof(s->paths[0]), "%s", e->path);
		s->deleted[s->n] = e->deleted;
		s->n++;
	}
	return 0;
}

static bool
was_deleted(const struct seen *s, const char *path, int *found)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->paths[i], path)) {
			(*found)++;
			return s->deleted[i];
		}
	return false;
}

static void
test_image_target(void **state)
{
	struct ca_target *t;
	struct ca_image_info info;
	struct ca_stat st;
	struct seen s0, s1;
	char err[256];
	int found = 0;

	(void)state;
	assert_int_equal(ca_target_image_open(dir, NULL, &t), 0);
	assert_true(ca_target_is_image(t));
	ca_target_image_info(t, &info);
	assert_string_equal(info.format, "oci-dir");
	assert_string_equal(info.user, "1000");
	assert_int_equal(info.nlayers, 2);
	/* the final view: replaced, whited out, opaque */
	read_text(t, "/etc/secret", "replaced\n");
	assert_int_equal(t->ops->stat_path(t, "/gone", &st), -ENOENT);
	assert_int_equal(t->ops->stat_path(t, "/gone/a", &st), -ENOENT);
	assert_int_equal(t->ops->stat_path(t, "/opaque/old", &st), -ENOENT);
	read_text(t, "/opaque/new", "new\n");
	/* symlinks stay inside the image, however they climb */
	read_text(t, "/links/abs", "root:x:0:0::/root:/bin/sh\n");
	read_text(t, "/links/climb", "root:x:0:0::/root:/bin/sh\n");
	assert_int_equal(t->ops->stat_path(t, "/links/loop", &st), -ELOOP);
	/* a hard link reads its target's contents as they were linked */
	read_text(t, "/links/hard", "base\n");
	assert_int_equal(t->ops->stat_path(t, "/links/hard-out", &st), -ENOENT);
	/* a FIFO is listed, never opened */
	assert_int_equal(t->ops->stat_path(t, "/fifo", &st), 0);
	assert_int_equal(st.type, CA_FT_OTHER);
	{
		struct ca_fh *fh;
		assert_int_equal(t->ops->open_file(t, "/fifo", &fh, &st),
		    -EINVAL);
	}
	assert_int_equal(t->ops->stat_path(t, "/escape", &st), -ENOENT);
	/* the stream: every file of every layer, deleted ones marked */
	memset(&s0, 0, sizeof(s0));
	memset(&s1, 0, sizeof(s1));
	assert_int_equal(
	    ca_target_image_stream(t, 0, on_entry, &s0, err, sizeof(err)), 0);
	assert_int_equal(
	    ca_target_image_stream(t, 1, on_entry, &s1, err, sizeof(err)), 0);
	assert_false(was_deleted(&s0, "/etc/passwd", &found));
	assert_true(was_deleted(&s0, "/etc/secret", &found));
	assert_true(was_deleted(&s0, "/gone/a", &found));
	assert_true(was_deleted(&s0, "/opaque/old", &found));
	assert_false(was_deleted(&s1, "/etc/secret", &found));
	assert_false(was_deleted(&s1, "/opaque/new", &found));
	assert_int_equal(found, 6);
	/* neither whiteouts nor refused names are handed on */
	assert_int_equal(s1.n, 2);
	assert_int_equal(
	    ca_target_image_stream(t, 2, on_entry, &s1, err, sizeof(err)),
	    -EINVAL);
	ca_target_free(t);
}

static void
count_error(void *arg, const char *path, const char *msg)
{
	(void)path;
	(void)msg;
	(*(int *)arg)++;
}

static void
test_image_errors(void **state)
{
	struct ca_target *t;
	struct ca_image_opts o;
	int n = 0;

	(void)state;
	assert_int_equal(ca_target_image_open(dir, NULL, &t), 0);
	/* the hard link out, the FIFO and ../escape */
	ca_target_image_errors(t, count_error, &n);
	assert_int_equal(n, 3);
	ca_target_free(t);
	/* limits: entries and uncompressed size */
	memset(&o, 0, sizeof(o));
	o.max_entries = 5;
	assert_int_equal(ca_target_image_open(dir, &o, &t), -1);
	o.max_entries = 0;
	o.max_size = 10;
	assert_int_equal(ca_target_image_open(dir, &o, &t), -1);
	o.max_size = 0;
	o.platform = "linux/amd64";
	assert_int_equal(ca_target_image_open(dir, &o, &t), 0);
	ca_target_free(t);
	assert_int_equal(ca_target_image_open("/nonexistent/x", NULL, &t), -1);
	assert_null(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docker_manifest),
		cmocka_unit_test(test_docker_manifest_malformed),
		cmocka_unit_test(test_oci_manifest),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_config_malformed),
		cmocka_unit_test(test_norm_path),
		cmocka_unit_test(test_image_target),
		cmocka_unit_test(test_image_errors),
	};
	return cmocka_run_group_tests_name("image", tests, setup, teardown);
}
