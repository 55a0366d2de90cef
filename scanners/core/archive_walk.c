/* archive_walk.c - one archive in memory, entry by entry, through
 * libarchive (see archive.h): the bounds, the nesting and the names. It
 * knows nothing of the run: the text entries go to a callback
 * (archive_scan.c hands them to the per-file scan). */
#include "lib/compat.h"
#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
#include "lib/hash.h"
#include "lib/str.h"
#include "lib/strbuf.h"
#include "scanners/core/archive.h"
#include "lib/banned.h"

#define HEAD 8192 /* read first: a NUL in it means binary */

enum ca_archive_sniff
ca_archive_sniff(const char *head, size_t len)
{
	const unsigned char *p = (const unsigned char *)head;

	if (len >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8)
		return CA_ARCHIVE_STREAM; /* gzip, deflate */
	if (len >= 10 && !memcmp(p, "BZh", 3) && p[3] >= '1' && p[3] <= '9' &&
	    (!memcmp(p + 4, "1AY&SY", 6) ||
	        !memcmp(p + 4, "\x17\x72\x45\x38\x50\x90", 6)))
		return CA_ARCHIVE_STREAM;
	if (len >= 6 &&
	    !memcmp(p,
	        "\xfd"
	        "7zXZ\0",
	        6))
		return CA_ARCHIVE_STREAM;
	if (len >= 4 &&
	    (!memcmp(p, "\x28\xb5\x2f\xfd", 4) ||   /* zstd */
	        !memcmp(p, "\x04\x22\x4d\x18", 4))) /* lz4 frame */
		return CA_ARCHIVE_STREAM;
	if (len >= 4 && (!memcmp(p, "PK\3\4", 4) || !memcmp(p, "PK\5\6", 4)))
		return CA_ARCHIVE_CONTAINER;
	if (len >= 6 && !memcmp(p, "7z\xbc\xaf\x27\x1c", 6))
		return CA_ARCHIVE_CONTAINER;
	/* ar is also every static library: only a Debian package is read */
	if (len >= 21 && !memcmp(p, "!<arch>\ndebian-binary", 21))
		return CA_ARCHIVE_CONTAINER;
	if (len >= 262 && !memcmp(p + 257, "ustar", 5))
		return CA_ARCHIVE_CONTAINER;
	return CA_ARCHIVE_NONE;
}

bool
ca_archive_compressed_doc(const char *path)
{
	static const char *const dirs[] = { "share/man/", "share/info/",
		"share/doc/", NULL };

	for (size_t i = 0; dirs[i]; i++) {
		const char *p = strstr(path, dirs[i]);
		/* a whole component: at the start (an entry name) or after
		 * a '/' */
		if (p && (p == path || p[-1] == '/'))
			return true;
	}
	return false;
}

/* The length of the valid UTF-8 sequence at 's' ('n' bytes left), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t need;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4;
	else
		return 0;
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* overlong forms, surrogates, past U+10FFFF */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return need;
}

int
ca_archive_norm_name(const char *raw, char *out, size_t size,
    unsigned int *flags)
{
	const unsigned char *p = (const unsigned char *)raw;
	size_t o = 0;

	*flags = 0;
	if (!raw || !size)
		return -EINVAL;
	if (*p == '/' || *p == '\\')
		*flags |= CA_ARCHIVE_NAME_ABSOLUTE;
	while (*p) {
		const unsigned char *c;
		size_t start = o, n;

		while (*p == '/' || *p == '\\')
			p++;
		if (!*p)
			break;
		c = p;
		while (*p && *p != '/' && *p != '\\')
			p++;
		n = (size_t)(p - c);
		if ((n == 1 && c[0] == '.'))
			continue;
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			if (!o) {
				*flags |= CA_ARCHIVE_NAME_CLIMBS;
				continue;
			}
			while (o && out[o - 1] != '/')
				o--;
			if (o)
				o--; /* the slash before it */
			continue;
		}
		if (o && o + 1 < size)
			out[o++] = '/';
		for (size_t i = 0; i < n;) {
			size_t u = utf8_len(c + i, n - i);
			if (o + (u ? u : 1) >= size)
				return -ENAMETOOLONG;
			if (c[i] < 0x20 || c[i] == 0x7f) {
				*flags |= CA_ARCHIVE_NAME_CONTROL;
				out[o++] = '?';
				i++;
			} else if (!u) {
				out[o++] = '?';
				i++;
			} else {
				memcpy(out + o, c + i, u);
				o += u;
				i += u;
			}
		}
		if (o == start)
			return -ENAMETOOLONG;
	}
	if (!o)
		return -EINVAL;
	out[o] = '\0';
	return (int)o;
}

struct walk {
	struct ca_archive_walker *w;
	uint64_t expanded; /* bytes expanded, every level */
	uint64_t entries;  /* entries met, every level */
	bool stopped;      /* a bound of the whole walk was reached */
	struct strbuf chain;
};

static void note(struct walk *s, const char *name, const char *fmt, ...)
    CA_PRINTF(3, 4);

/* 'name', when not NULL, is an entry of the archive at the chain. */
static void
note(struct walk *s, const char *name, const char *fmt, ...)
{
	size_t keep = s->chain.len;
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (name)
		(void)strbuf_addstr(&s->chain, name);
	if (s->w->note)
		s->w->note(s->w->arg, s->chain.buf, msg);
	strbuf_setlen(&s->chain, keep);
}

/* Reads up to 'want' more bytes of the current entry into 'sb'. Returns
 * 0, 1 when the entry ended, or -1 with the reader's error. */
static int
read_more(struct archive *a, struct strbuf *sb, size_t want)
{
	while (want) {
		la_ssize_t n;
		size_t chunk = want < 65536 ? want : 65536;

		if (strbuf_grow(sb, chunk) < 0)
			return -1;
		n = archive_read_data(a, sb->buf + sb->len, chunk);
		if (n < 0)
			return -1;
		if (n == 0)
			return 1;
		sb->len += (size_t)n;
		sb->buf[sb->len] = '\0';
		want -= (size_t)n;
	}
	return 0;
}

/* The name of the one entry of a single compressed file: the file's
 * name without its compression suffix. */
static void
raw_name(const char *file, char *out, size_t size)
{
	static const char *const suffixes[] = { ".gz", ".bz2", ".xz", ".zst",
		".lz4", ".z", NULL };
	const char *base = strrchr(file, '/');
	size_t n;

	base = base ? base + 1 : file;
	n = strlen(base);
	for (size_t i = 0; suffixes[i]; i++)
		if (ca_ends_with_icase(base, suffixes[i]) &&
		    n > strlen(suffixes[i])) {
			n -= strlen(suffixes[i]);
			break;
		}
	snprintf(out, size, "%.*s", (int)n, n ? base : "data");
	if (!*out)
		snprintf(out, size, "data");
}

static int walk_level(struct walk *s, const char *data, size_t len,
    const char *file, unsigned int depth);

static void
note_bound(struct walk *s, const char *name)
{
	note(s, name,
	    "archive expands past its bound (--max-archive-size, or %u times "
	    "its size): the rest is not read",
	    s->w->lim.max_ratio);
}

/* Reads the current entry 'name' (normalised) and hands it on, opens it
 * as a nested archive, or passes it over. '*level' is what this archive
 * has expanded so far, 'room' what it may still expand. Returns 0, or 1
 * when the archive is to be left (a bound, an unreadable entry). */
static int
take_entry(struct walk *s, struct archive *a, const char *name, int64_t size,
    uint64_t *level, uint64_t room, unsigned int depth)
{
	struct ca_archive_walker *w = s->w;
	struct strbuf sb = STRBUF_INIT(SIZE_MAX - 1);
	enum ca_archive_sniff kind;
	size_t want;
	int ret = 0, got;
	bool doc;

	if (w->lim.max_size - s->expanded < room)
		room = w->lim.max_size - s->expanded;
	want = room < HEAD ? (size_t)room : HEAD;
	got = read_more(a, &sb, want);
	if (got < 0)
		goto unreadable;
	kind = ca_archive_sniff(sb.buf, sb.len);
	/* compressed documentation is passed over as on disk: archive.h */
	doc = kind == CA_ARCHIVE_STREAM && ca_archive_compressed_doc(name);
	if (!doc && kind != CA_ARCHIVE_NONE && depth >= w->lim.max_depth) {
		note(s, name,
		    "archive nested deeper than --max-archive-depth (%u): "
		    "not opened",
		    w->lim.max_depth);
		w->stats.skipped++;
	} else if (!doc &&
	    (kind != CA_ARCHIVE_NONE || !memchr(sb.buf, '\0', sb.len))) {
		/* a nested archive is read whole, a text entry up to
		 * --max-file-size */
		bool bounded = kind != CA_ARCHIVE_NONE ||
		    room < w->lim.max_entry;
		uint64_t cap = bounded ? room : w->lim.max_entry;

		if (sb.len == want)
			got = read_more(a, &sb, (size_t)(cap - sb.len + 1));
		if (got < 0)
			goto unreadable;
		if (sb.len > cap) {
			w->stats.skipped++;
			if (bounded) {
				note_bound(s, name);
				ret = 1;
			}
		} else if (kind != CA_ARCHIVE_NONE) {
			size_t keep = s->chain.len;

			s->expanded += sb.len;
			*level += sb.len;
			w->stats.bytes += sb.len;
			if (strbuf_addstr(&s->chain, name) == 0 &&
			    strbuf_addstr(&s->chain, CA_ARCHIVE_SEP) == 0)
				walk_level(s, sb.buf, sb.len, name, depth + 1);
			strbuf_setlen(&s->chain, keep);
			goto out;
		} else {
			struct ca_archive_entry e;
			size_t keep = s->chain.len;
			const char *base = strrchr(name, '/');

			if (strbuf_addstr(&s->chain, name) == 0) {
				e.chain = s->chain.buf;
				e.name = base ? base + 1 : name;
				e.data = sb.buf;
				e.len = sb.len;
				w->stats.handed++;
				if (w->entry)
					w->entry(w->arg, &e);
			}
			strbuf_setlen(&s->chain, keep);
		}
	} else {
		w->stats.skipped++; /* binary, or documentation */
	}
	s->expanded += sb.len;
	*level += sb.len;
	w->stats.bytes += sb.len;
	/* The rest of the entry is skipped, which in a compressed stream
	 * means decompressed (a zip seeks past it): it counts against the
	 * bounds, before it is done. Of unknown size (a single compressed
	 * file), it could be anything: the archive is left. */
	if (!ret && size < 0 && got != 1 &&
	    (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) !=
	        ARCHIVE_FORMAT_ZIP)
		ret = 1;
	if (!ret && size > (int64_t)sb.len &&
	    (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) !=
	        ARCHIVE_FORMAT_ZIP) {
		uint64_t rest = (uint64_t)size - sb.len;

		if (rest > room - (sb.len < room ? sb.len : room)) {
			note_bound(s, name);
			ret = 1;
		} else {
			s->expanded += rest;
			*level += rest;
		}
	}
	goto out;
unreadable:
	note(s, name, "cannot read entry: %s",
	    archive_error_string(a) ? archive_error_string(a) : "read error");
	ret = 1;
out:
	ca_wipe(sb.buf, sb.len);
	strbuf_release(&sb);
	return ret;
}

static int
walk_level(struct walk *s, const char *data, size_t len, const char *file,
    unsigned int depth)
{
	struct ca_archive_walker *w = s->w;
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	bool stream = ca_archive_sniff(data, len) == CA_ARCHIVE_STREAM;
	uint64_t level = 0, level_cap;
	int r, ret = 0;

	if (!a) {
		note(s, NULL, "cannot read archive: out of memory");
		return -1;
	}
	level_cap = (uint64_t)len * w->lim.max_ratio + CA_ARCHIVE_RATIO_SLACK;
	/* Compiled-in decoders only: none of these runs a program. */
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_lzma(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_lz4(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_ar(a);
	archive_read_support_format_7zip(a);
	archive_read_support_format_empty(a); /* x.gz of nothing */
	if (stream)
		archive_read_support_format_raw(a);
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		note(s, NULL, "cannot read archive: %s",
		    archive_error_string(a) ? archive_error_string(a) :
		                              "unknown format");
		archive_read_free(a);
		return -1;
	}
	while (!s->stopped) {
		char name[CA_ARCHIVE_NAME_MAX];
		const char *raw;
		unsigned int flags;
		int64_t size;
		int n;

		r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			note(s, NULL, "cannot read archive: %s",
			    archive_error_string(a) ? archive_error_string(a) :
			                              "corrupt");
			ret = -1;
			break;
		}
		if (++s->entries > w->lim.max_entries) {
			note(s, NULL,
			    "archive holds more than %llu entries: the rest "
			    "is not read",
			    (unsigned long long)w->lim.max_entries);
			s->stopped = true;
			break;
		}
		if (archive_entry_filetype(ae) != AE_IFREG ||
		    archive_entry_hardlink(ae))
			continue; /* directories, links, devices: no data */
		w->stats.entries++;
		size = archive_entry_size_is_set(ae) ? archive_entry_size(ae) :
		                                       -1;
		if ((archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) ==
		    ARCHIVE_FORMAT_RAW) {
			raw_name(file, name, sizeof(name));
			flags = 0;
			n = (int)strlen(name);
		} else {
			/* UTF-8 when the archive says which charset
			 * it uses (the locale is C: no conversion
			 * would succeed), else the bytes as they are */
			raw = archive_entry_pathname_utf8(ae);
			if (!raw)
				raw = archive_entry_pathname(ae);
			n = ca_archive_norm_name(raw, name, sizeof(name),
			    &flags);
		}
		if (n < 0) {
			note(s, NULL, "entry with %s name not read",
			    n == -ENAMETOOLONG ? "a too long" :
			        raw            ? "an empty" :
			                         "an unreadable");
			w->stats.skipped++;
			continue;
		}
		if (flags & CA_ARCHIVE_NAME_CLIMBS)
			note(s, name,
			    "entry name leads out of the archive ('../'): "
			    "read under this name");
		if (flags & CA_ARCHIVE_NAME_CONTROL)
			note(s, name,
			    "entry name holds control bytes (shown as '?')");
		if (archive_entry_is_encrypted(ae)) {
			note(s, name, "encrypted entry: not read");
			w->stats.skipped++;
			continue;
		}
		if (level >= level_cap || s->expanded >= w->lim.max_size) {
			note_bound(s, NULL);
			break;
		}
		if (take_entry(s, a, name, size, &level, level_cap - level,
		        depth))
			break;
	}
	if (s->expanded >= w->lim.max_size)
		s->stopped = true;
	archive_read_free(a);
	return ret;
}

int
ca_archive_walk(struct ca_archive_walker *w, const char *data, size_t len,
    const char *name)
{
	locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	locale_t old = (locale_t)0;
	struct walk s;
	int ret;

	memset(&s, 0, sizeof(s));
	s.w = w;
	strbuf_init(&s.chain, 64 * 1024);
	/* libarchive converts entry names to the locale's charset, and in
	 * the C locale a UTF-8 name fails to convert: this thread reads the
	 * archive in C.UTF-8, and no other thread is touched. */
	if (utf8)
		old = uselocale(utf8);
	if (!w->lim.max_depth || !w->lim.max_ratio)
		ret = 0;
	else
		ret = walk_level(&s, data, len, name, 1);
	if (utf8) {
		uselocale(old);
		freelocale(utf8);
	}
	strbuf_release(&s.chain);
	return ret;
}
