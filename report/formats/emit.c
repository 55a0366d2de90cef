/* emit.c - the table of report writers, the report file opener and the
 * UTF-8 helpers the writers share.
 *
 * Reports list where credentials live, so a report file is itself
 * sensitive: it is created 0600 whatever the umask, an existing file is
 * narrowed to 0600 before anything is written, and a symbolic link in the
 * last component is refused rather than followed. Standard output ("-")
 * is the CLI's business, not this file's. */
#include "lib/compat.h"
#include <fcntl.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "report/formats/emit.h"
#include "lib/banned.h"

/* Sorted by format name; the first one is the default for --format. */
/* clang-format off */
static const struct ca_emitter *const emitters[] = {
	&ca_emitter_csv,
	&ca_emitter_html,
	&ca_emitter_json,
	&ca_emitter_jsonl,
	&ca_emitter_sarif,
	&ca_emitter_sqlite,
	&ca_emitter_text,
};
/* clang-format on */

const struct ca_emitter *const *
ca_emitters(size_t *count)
{
	*count = CA_ARRAY_SIZE(emitters);
	return emitters;
}

/* Returns a borrowed, static emitter; 'format' is borrowed. */
const struct ca_emitter *
ca_emitter_find(const char *format)
{
	if (!format)
		return NULL;
	for (size_t i = 0; i < CA_ARRAY_SIZE(emitters); i++)
		if (!strcmp(emitters[i]->format, format))
			return emitters[i];
	return NULL;
}

/* Returns a borrowed, static emitter; 'path' is borrowed. Extensions
 * compare without case, so "INV.JSON" is a JSON report too, and the
 * longest match wins, so "inv.sarif.json" is SARIF, not JSON. */
const struct ca_emitter *
ca_emitter_for_path(const char *path)
{
	const struct ca_emitter *best = NULL;
	size_t len, best_n = 0;

	if (!path)
		return NULL;
	len = strlen(path);
	for (size_t i = 0; i < CA_ARRAY_SIZE(emitters); i++) {
		const char *const *ext = emitters[i]->extensions;
		for (; ext && *ext; ext++) {
			size_t n = strlen(*ext);
			/* A bare ".json" is a hidden file, not an extension. */
			if (n > best_n && len > n && path[len - n - 1] != '/' &&
			    !strcasecmp(path + len - n, *ext)) {
				best = emitters[i];
				best_n = n;
			}
		}
	}
	return best;
}

/* Returns an owned stream; 'path' is borrowed. */
FILE *
ca_report_open(const char *path)
{
	struct stat st;
	FILE *fp;
	int fd;

	fd = open(path,
	    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY,
	    0600);
	if (fd < 0) {
		if (errno == ELOOP)
			ca_error("cannot write report '%s': it is a symbolic "
			         "link",
			    path);
		else
			ca_error("cannot write report '%s': %s", path,
			    strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0) {
		ca_error("cannot stat report '%s': %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	/* open() only applies the mode to a file it creates, and then masked
	 * by the umask. Only regular files are narrowed: "-o /dev/null" run
	 * as root must not chmod the device node. */
	if (S_ISREG(st.st_mode) && (st.st_mode & 07777) != 0600 &&
	    fchmod(fd, 0600) < 0) {
		ca_error("cannot restrict report '%s' to mode 0600: %s", path,
		    strerror(errno));
		close(fd);
		return NULL;
	}
	fp = fdopen(fd, "w");
	if (!fp) {
		ca_error("cannot write report '%s': %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	return fp;
}

size_t
ca_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c, min;
	size_t len;

	if (!n)
		return 0;
	c = s[0];
	if (c < 0x80) {
		len = 1;
		min = 0;
	} else if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0; /* continuation byte, 0xc0/0xc1, or past 0xf4 */
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates and values past U+10FFFF are
	 * what jansson (and RFC 3629) refuse. */
	if (c < min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	if (cp)
		*cp = c;
	return len;
}

/* Returns owned memory; 's' is borrowed. The copy is at most four times
 * as long, so its size is computed first and nothing can be cut short. */
char *
ca_utf8_escape(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), out = 0, i;
	char *r, *w;

	for (i = 0; i < n;) {
		size_t len = ca_utf8_decode(p + i, n - i, NULL);
		out += len ? len : 4;
		i += len ? len : 1;
	}
	r = w = xmalloc(out + 1);
	for (i = 0; i < n;) {
		size_t len = ca_utf8_decode(p + i, n - i, NULL);
		if (len) {
			memcpy(w, p + i, len);
			w += len;
			i += len;
			continue;
		}
		*w++ = '\\';
		*w++ = 'x';
		*w++ = hex[p[i] >> 4];
		*w++ = hex[p[i] & 0xf];
		i++;
	}
	*w = '\0';
	return r;
}

/* Code points that are printable but rearrange or hide what a terminal
 * shows: C1 controls, bidi overrides and line separators. */
static bool
is_sneaky(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0xfeff;
}

/* Returns owned memory; 's' is borrowed. */
char *
ca_term_escape(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct strbuf sb = STRBUF_INIT(256 * 1024);
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = ca_utf8_decode(p + i, n - i, &cp);
		int err;

		if (len && cp >= 0x20 && cp != 0x7f && !is_sneaky(cp)) {
			err = strbuf_add(&sb, p + i, len);
			i += len;
		} else if (len > 1) {
			err = strbuf_addf(&sb, "\\u{%x}", (unsigned)cp);
			i += len;
		} else {
			err = strbuf_addf(&sb, "\\x%02x", p[i]);
			i++;
		}
		if (err < 0)
			break; /* past the cap: the buffer is released */
	}
	return strbuf_detach(&sb, NULL);
}
