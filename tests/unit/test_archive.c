/* test_archive.c - archives inside a tree (archive_walk.c): entry names
 * normalised so that none climbs out, is absolute or carries control
 * bytes; archives known by their magic bytes only; and the walker over
 * archives written here with libarchive: text entries handed on with
 * their chain of names, binary ones passed over, nesting down to the
 * depth bound, and the size, ratio and entry-count bounds, an encrypted
 * entry and a truncated archive each noted while the walk goes on. */
#include "tests/unit/unit.h"
#include <archive.h>
#include <archive_entry.h>
#include "lib/strbuf.h"
#include "scanners/core/archive.h"

/* --- names ------------------------------------------------------------- */

static void
expect_name(const char *raw, int want_ret, const char *want,
    unsigned int want_flags)
{
	char out[CA_ARCHIVE_NAME_MAX];
	unsigned int flags = 99;
	int ret = ca_archive_norm_name(raw, out, sizeof(out), &flags);

	if (want_ret >= 0) {
		assert_int_equal(ret, (int)strlen(want));
		assert_string_equal(out, want);
	} else {
		assert_int_equal(ret, want_ret);
	}
	assert_int_equal(flags, want_flags);
}

static void
test_names(void **state)
{
	char longname[CA_ARCHIVE_NAME_MAX + 10];
	char out[8];
	unsigned int flags;

	(void)state;
	expect_name("config/application.yml", 0, "config/application.yml", 0);
	expect_name("./a//b/./c", 0, "a/b/c", 0);
	expect_name("/etc/passwd", 0, "etc/passwd", CA_ARCHIVE_NAME_ABSOLUTE);
	expect_name("../../evil.env", 0, "evil.env", CA_ARCHIVE_NAME_CLIMBS);
	expect_name("a/../../b/x", 0, "b/x", CA_ARCHIVE_NAME_CLIMBS);
	expect_name("a/b/../c", 0, "a/c", 0); /* stays inside: no flag */
	expect_name("dir\\sub\\f.env", 0, "dir/sub/f.env", 0);
	expect_name("a\nb\x7f.txt", 0, "a?b?.txt", CA_ARCHIVE_NAME_CONTROL);
	/* not UTF-8: '?', and an overlong '/' is no separator */
	expect_name("\xff\xfe.txt", 0, "??.txt", 0);
	expect_name("a\xc0\xaf..\xc0\xafx", 0, "a??..??x", 0);
	expect_name("\xed\xa0\x80", 0, "???", 0); /* a surrogate */
	expect_name("caf\xc3\xa9/\xe2\x82\xac", 0, "caf\xc3\xa9/\xe2\x82\xac",
	    0);
	expect_name("", -EINVAL, NULL, 0);
	expect_name("./", -EINVAL, NULL, 0);
	expect_name("..", -EINVAL, NULL, CA_ARCHIVE_NAME_CLIMBS);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	expect_name(longname, -ENAMETOOLONG, NULL, 0);
	/* a small buffer: cut nowhere, refused */
	assert_int_equal(
	    ca_archive_norm_name("abc/defgh", out, sizeof(out), &flags),
	    -ENAMETOOLONG);
	assert_int_equal(
	    ca_archive_norm_name("abc/def", out, sizeof(out), &flags), 7);
	assert_int_equal(ca_archive_norm_name(NULL, out, sizeof(out), &flags),
	    -EINVAL);
}

/* --- magic ------------------------------------------------------------- */

static void
test_sniff(void **state)
{
	char tar[512];

	(void)state;
	assert_int_equal(ca_archive_sniff("\x1f\x8b\x08\0", 4),
	    CA_ARCHIVE_STREAM);
	assert_int_equal(ca_archive_sniff("\x1f\x8b", 2), CA_ARCHIVE_NONE);
	assert_int_equal(ca_archive_sniff("BZh91AY&SY", 10), CA_ARCHIVE_STREAM);
	assert_int_equal(ca_archive_sniff("BZh is a word", 13),
	    CA_ARCHIVE_NONE);
	assert_int_equal(ca_archive_sniff("\xfd"
	                                  "7zXZ\0",
	                     6),
	    CA_ARCHIVE_STREAM);
	assert_int_equal(ca_archive_sniff("\x28\xb5\x2f\xfd", 4),
	    CA_ARCHIVE_STREAM);
	assert_int_equal(ca_archive_sniff("PK\3\4\x14\0", 6),
	    CA_ARCHIVE_CONTAINER);
	assert_int_equal(ca_archive_sniff("PK and more", 11), CA_ARCHIVE_NONE);
	assert_int_equal(ca_archive_sniff("7z\xbc\xaf\x27\x1c", 6),
	    CA_ARCHIVE_CONTAINER);
	assert_int_equal(ca_archive_sniff("!<arch>\ndebian-binary   ", 24),
	    CA_ARCHIVE_CONTAINER);
	/* a static library is an ar archive too: not opened */
	assert_int_equal(ca_archive_sniff("!<arch>\n/               ", 24),
	    CA_ARCHIVE_NONE);
	memset(tar, 0, sizeof(tar));
	memcpy(tar, "x.env", 5);
	memcpy(tar + 257, "ustar", 5);
	assert_int_equal(ca_archive_sniff(tar, sizeof(tar)),
	    CA_ARCHIVE_CONTAINER);
	assert_int_equal(ca_archive_sniff(tar, 261), CA_ARCHIVE_NONE);
	assert_int_equal(ca_archive_sniff("GITHUB_TOKEN=x\n", 15),
	    CA_ARCHIVE_NONE);
	assert_int_equal(ca_archive_sniff("", 0), CA_ARCHIVE_NONE);
}

/* Compressed documentation is not opened, on disk or in an archive. */
static void
test_compressed_doc(void **state)
{
	(void)state;
	assert_true(ca_archive_compressed_doc("/usr/share/man/man1/ls.1.gz"));
	assert_true(ca_archive_compressed_doc("usr/share/doc/x/changelog.gz"));
	assert_true(ca_archive_compressed_doc("/opt/share/info/wget.info.gz"));
	assert_false(ca_archive_compressed_doc("/home/u/myshare/man/x.gz"));
	assert_false(ca_archive_compressed_doc("/srv/backup/dump.sql.gz"));
	assert_false(ca_archive_compressed_doc("/usr/share/java/x.jar"));
}

/* --- archives written here --------------------------------------------- */

struct file_spec {
	const char *name;
	const char *data; /* NULL: 'len' bytes of 'fill' */
	size_t len;
	char fill;
};

/* Writes an archive of 'format' (ARCHIVE_FORMAT_*) through 'filter'
 * (ARCHIVE_FILTER_*) into an owned buffer; 'options' may be NULL. */
static char *
write_archive(int format, int filter, const char *options,
    const struct file_spec *files, size_t n, size_t *len)
{
	struct archive *a = archive_write_new();
	size_t cap = 64u << 20, used = 0;
	char *buf = malloc(cap);

	assert_non_null(buf);
	assert_int_equal(archive_write_set_format(a, format), ARCHIVE_OK);
	if (filter != ARCHIVE_FILTER_NONE)
		assert_int_equal(archive_write_add_filter(a, filter),
		    ARCHIVE_OK);
	if (options)
		assert_int_equal(archive_write_set_options(a, options),
		    ARCHIVE_OK);
	if (format == ARCHIVE_FORMAT_ZIP && options &&
	    strstr(options, "encryption"))
		assert_int_equal(archive_write_set_passphrase(a, "pw"),
		    ARCHIVE_OK);
	assert_int_equal(archive_write_open_memory(a, buf, cap, &used),
	    ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		char *fill = NULL;
		const char *data = files[i].data;
		size_t dlen = data ? strlen(data) : files[i].len;

		if (!data) {
			fill = malloc(dlen ? dlen : 1);
			memset(fill, files[i].fill, dlen);
			data = fill;
		} else if (files[i].len) {
			dlen = files[i].len;
		}
		/* UTF-8, as a zip flags it: the reader's locale is C */
		archive_entry_update_pathname_utf8(e, files[i].name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)dlen);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, data, dlen),
		    (la_ssize_t)dlen);
		archive_entry_free(e);
		free(fill);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	*len = used;
	return buf;
}

struct seen {
	struct strbuf entries; /* "chain=len\n" for each entry */
	struct strbuf notes;   /* "chain: msg\n" for each note */
};

static void
on_entry(void *arg, const struct ca_archive_entry *e)
{
	struct seen *s = arg;

	assert_int_equal(e->data[e->len], '\0');
	assert_int_equal(strbuf_addf(&s->entries, "%s=%zu\n", e->chain, e->len),
	    0);
}

static void
on_note(void *arg, const char *chain, const char *msg)
{
	struct seen *s = arg;

	assert_int_equal(strbuf_addf(&s->notes, "%s: %s\n", chain, msg), 0);
}

static struct ca_archive_walker
walker(struct seen *s, unsigned int depth)
{
	struct ca_archive_walker w;

	memset(&w, 0, sizeof(w));
	strbuf_init(&s->entries, 1 << 20);
	strbuf_init(&s->notes, 1 << 20);
	w.lim.max_depth = depth;
	w.lim.max_size = 64u << 20;
	w.lim.max_entry = 1u << 20;
	w.lim.max_entries = 1000;
	w.lim.max_ratio = CA_ARCHIVE_MAX_RATIO;
	w.entry = on_entry;
	w.note = on_note;
	w.arg = s;
	return w;
}

static void
seen_release(struct seen *s)
{
	strbuf_release(&s->entries);
	strbuf_release(&s->notes);
}

static void
test_tar_gz(void **state)
{
	static const char bin[] = "\x7f"
	                          "ELF\0\0\0binary";
	const struct file_spec files[] = {
		{ "app/.env", "GITHUB_TOKEN=placeholder\n", 0, 0 },
		{ "app/bin/tool", bin, sizeof(bin) - 1, 0 },
		{ "../up.env", "X=1\n", 0, 0 },
	};
	struct seen s;
	struct ca_archive_walker w = walker(&s, 3);
	size_t len;
	char *buf = write_archive(ARCHIVE_FORMAT_TAR_PAX_RESTRICTED,
	    ARCHIVE_FILTER_GZIP, NULL, files, 3, &len);

	(void)state;
	assert_int_equal(ca_archive_sniff(buf, len), CA_ARCHIVE_STREAM);
	assert_int_equal(ca_archive_walk(&w, buf, len, "/x/a.tar.gz"), 0);
	assert_string_equal(s.entries.buf, "app/.env=25\nup.env=4\n");
	assert_non_null(
	    strstr(s.notes.buf, "up.env: entry name leads out of the archive"));
	assert_int_equal(w.stats.entries, 3);
	assert_int_equal(w.stats.handed, 2);
	assert_int_equal(w.stats.skipped, 1);
	free(buf);
	seen_release(&s);
}

/* A zip holding a tar holding a file, and a gzip of text. */
static void
test_nested(void **state)
{
	const struct file_spec inner[] = {
		{ "pkg/.npmrc", "//registry.npmjs.org/:_authToken=x\n", 0, 0 },
	};
	struct file_spec outer[4] = {
		{ "config/application.yml", "token: x\n", 0, 0 },
		{ "lib/inner.tar", NULL, 0, 0 },
		{ "notes.txt.gz", NULL, 0, 0 },
		{ "usr/share/man/man1/x.1.gz", NULL, 0, 0 },
	};
	const struct file_spec raw[] = { { "data", "hello\n", 0, 0 } };
	struct seen s;
	struct ca_archive_walker w;
	size_t ilen, glen, len;
	char *ibuf = write_archive(ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FILTER_NONE, NULL, inner, 1, &ilen);
	char *gbuf = write_archive(ARCHIVE_FORMAT_RAW, ARCHIVE_FILTER_GZIP,
	    NULL, raw, 1, &glen);
	char *buf;

	(void)state;
	outer[1].data = ibuf;
	outer[1].len = ilen;
	outer[2].data = gbuf;
	outer[2].len = glen;
	outer[3].data = gbuf; /* a man page: passed over */
	outer[3].len = glen;
	buf = write_archive(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, NULL,
	    outer, 4, &len);
	w = walker(&s, 3);
	assert_int_equal(ca_archive_walk(&w, buf, len, "/srv/app.jar"), 0);
	assert_string_equal(s.entries.buf,
	    "config/application.yml=9\n"
	    "lib/inner.tar!/pkg/.npmrc=35\n"
	    "notes.txt.gz!/notes.txt=6\n");
	assert_string_equal(s.notes.buf, "");
	seen_release(&s);

	/* depth 1: the nested archives are noted, not opened */
	w = walker(&s, 1);
	assert_int_equal(ca_archive_walk(&w, buf, len, "/srv/app.jar"), 0);
	assert_string_equal(s.entries.buf, "config/application.yml=9\n");
	assert_non_null(strstr(s.notes.buf,
	    "lib/inner.tar: archive nested deeper than --max-archive-depth"));
	assert_non_null(strstr(s.notes.buf, "notes.txt.gz: archive nested"));
	seen_release(&s);

	/* depth 0: nothing at all */
	w = walker(&s, 0);
	assert_int_equal(ca_archive_walk(&w, buf, len, "/srv/app.jar"), 0);
	assert_string_equal(s.entries.buf, "");
	seen_release(&s);
	free(buf);
	free(ibuf);
	free(gbuf);
}

/* 32 MiB of one letter compresses a thousand times: the ratio bound
 * stops it, in a tar.gz (skipped data is decompressed too) and in a
 * zip; the total bound stops a nested one. */
static void
test_bomb(void **state)
{
	const struct file_spec files[] = {
		{ "a.txt", "first\n", 0, 0 },
		{ "bomb.txt", NULL, 32u << 20, 'A' },
		{ "z.txt", "last\n", 0, 0 },
	};
	static const int formats[][2] = {
		{ ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_GZIP },
		{ ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE },
	};

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct seen s;
		struct ca_archive_walker w = walker(&s, 3);
		size_t len;
		char *buf = write_archive(formats[i][0], formats[i][1], NULL,
		    files, 3, &len);

		w.lim.max_entry = 64u << 20; /* the ratio must stop it */
		assert_true(len < (1u << 20));
		assert_int_equal(ca_archive_walk(&w, buf, len, "/b"), 0);
		assert_string_equal(s.entries.buf, "a.txt=6\n");
		assert_non_null(strstr(s.notes.buf,
		    "bomb.txt: archive expands past its bound"));
		assert_true(w.stats.bytes <=
		    len * CA_ARCHIVE_MAX_RATIO + CA_ARCHIVE_RATIO_SLACK + 64);
		seen_release(&s);

		/* a small total bound */
		w = walker(&s, 3);
		w.lim.max_entry = 64u << 20;
		w.lim.max_size = 2u << 20;
		assert_int_equal(ca_archive_walk(&w, buf, len, "/b"), 0);
		assert_string_equal(s.entries.buf, "a.txt=6\n");
		assert_non_null(strstr(s.notes.buf, "past its bound"));
		seen_release(&s);

		/* the entry over --max-file-size: passed over; a zip seeks
		 * past it, a tar.gz counts it against the bounds */
		w = walker(&s, 3);
		assert_int_equal(ca_archive_walk(&w, buf, len, "/b"), 0);
		assert_string_equal(s.entries.buf,
		    i ? "a.txt=6\nz.txt=5\n" : "a.txt=6\n");
		seen_release(&s);
		free(buf);
	}
}

/* A single compressed file of unknown size: read up to --max-file-size,
 * then left, never inflated to its end. */
static void
test_raw_bomb(void **state)
{
	const struct file_spec raw[] = { { "data", NULL, 48u << 20, 'A' } };
	struct seen s;
	struct ca_archive_walker w = walker(&s, 3);
	size_t len;
	char *buf = write_archive(ARCHIVE_FORMAT_RAW, ARCHIVE_FILTER_GZIP, NULL,
	    raw, 1, &len);

	(void)state;
	assert_int_equal(ca_archive_walk(&w, buf, len, "/x/big.txt.gz"), 0);
	assert_string_equal(s.entries.buf, "");
	assert_int_equal(w.stats.skipped, 1);
	assert_true(w.stats.bytes <= (1u << 20) + 1);
	free(buf);
	seen_release(&s);
}

/* A zip entry named in UTF-8 keeps its name (the locale is C). */
static void
test_utf8_name(void **state)
{
	const struct file_spec files[] = {
		{ "caf\xc3\xa9/\xe2\x82\xac.env", "A=1\n", 0, 0 },
	};
	struct seen s;
	struct ca_archive_walker w = walker(&s, 3);
	size_t len;
	/* the name flagged UTF-8 (bit 11), as zip tools write it */
	char *buf = write_archive(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE,
	    "zip:hdrcharset=UTF-8", files, 1, &len);

	(void)state;
	assert_int_equal(ca_archive_walk(&w, buf, len, "/u.zip"), 0);
	assert_string_equal(s.entries.buf, "caf\xc3\xa9/\xe2\x82\xac.env=4\n");
	assert_string_equal(s.notes.buf, "");
	free(buf);
	seen_release(&s);
}

static void
test_entry_count(void **state)
{
	struct file_spec files[6];
	char names[6][8];
	struct seen s;
	struct ca_archive_walker w = walker(&s, 3);
	size_t len;
	char *buf;

	(void)state;
	for (size_t i = 0; i < 6; i++) {
		snprintf(names[i], sizeof(names[i]), "f%zu", i);
		files[i] = (struct file_spec){ names[i], "x\n", 0, 0 };
	}
	buf = write_archive(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, NULL,
	    files, 6, &len);
	w.lim.max_entries = 4;
	assert_int_equal(ca_archive_walk(&w, buf, len, "/z.zip"), 0);
	assert_string_equal(s.entries.buf, "f0=2\nf1=2\nf2=2\nf3=2\n");
	assert_non_null(strstr(s.notes.buf, ": archive holds more than 4"));
	free(buf);
	seen_release(&s);
}

static void
test_encrypted(void **state)
{
	const struct file_spec files[] = {
		{ "secret.env", "TOKEN=hidden-value-here\n", 0, 0 },
	};
	struct seen s;
	struct ca_archive_walker w = walker(&s, 3);
	size_t len;
	char *buf = write_archive(ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE,
	    "zip:encryption=zipcrypt", files, 1, &len);

	(void)state;
	assert_int_equal(ca_archive_walk(&w, buf, len, "/e.zip"), 0);
	assert_string_equal(s.entries.buf, "");
	assert_string_equal(s.notes.buf,
	    "secret.env: encrypted entry: not read\n");
	assert_int_equal(w.stats.skipped, 1);
	free(buf);
	seen_release(&s);
}

/* Truncated, corrupt and empty input: a note, never a crash. */
static void
test_broken(void **state)
{
	const struct file_spec files[] = {
		{ "one.env", "A=1\n", 0, 0 },
		{ "two.txt", NULL, 200000, 'b' },
	};
	struct seen s;
	struct ca_archive_walker w;
	size_t len, glen;
	char *buf = write_archive(ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_NONE,
	    NULL, files, 2, &len);
	char *gbuf = write_archive(ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FILTER_GZIP, NULL, files, 2, &glen);

	(void)state;
	/* cut inside the second entry: the first is still read */
	w = walker(&s, 3);
	ca_archive_walk(&w, buf, len / 2, "/t.tar");
	assert_string_equal(s.entries.buf, "one.env=4\n");
	assert_non_null(strstr(s.notes.buf, "cannot read"));
	seen_release(&s);
	/* a truncated gzip */
	w = walker(&s, 3);
	ca_archive_walk(&w, gbuf, glen - 20, "/t.tgz");
	assert_non_null(strstr(s.notes.buf, "cannot read"));
	seen_release(&s);
	/* garbage after a gzip magic */
	memset(gbuf + 10, 0x55, glen - 10);
	w = walker(&s, 3);
	ca_archive_walk(&w, gbuf, glen, "/t.tgz");
	assert_string_equal(s.entries.buf, "");
	assert_non_null(strstr(s.notes.buf, "cannot read"));
	seen_release(&s);
	/* a zip magic and nothing else */
	w = walker(&s, 3);
	assert_int_equal(ca_archive_walk(&w, "PK\3\4", 4, "/z.zip"), -1);
	assert_non_null(strstr(s.notes.buf, "cannot read archive"));
	seen_release(&s);
	free(buf);
	free(gbuf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_compressed_doc),
		cmocka_unit_test(test_tar_gz),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_bomb),
		cmocka_unit_test(test_raw_bomb),
		cmocka_unit_test(test_utf8_name),
		cmocka_unit_test(test_entry_count),
		cmocka_unit_test(test_encrypted),
		cmocka_unit_test(test_broken),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
