/* fpkey.c - load or create the fingerprint key; see fpkey.h. */
#include "lib/compat.h"
#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/fpkey.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "lib/banned.h"

static char *
default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	size_t n;
	char *p;

	if (xdg && *xdg == '/') {
		n = strlen(xdg) + 40;
		p = xmalloc(n);
		snprintf(p, n, "%s/credatlas/fingerprint.key", xdg);
		return p;
	}
	if (!home || !*home)
		return NULL;
	n = strlen(home) + 48;
	p = xmalloc(n);
	snprintf(p, n, "%s/.config/credatlas/fingerprint.key", home);
	return p;
}

/* mkdir -p for the key's parent directories, 0700 for the ones we make. */
static int
make_parents(const char *path)
{
	char *dup = xstrdup(path);
	int ret = 0;

	for (char *p = dup + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dup, 0700) < 0 && errno != EEXIST) {
			ret = ca_error("cannot create '%s': %s", dup,
			    strerror(errno));
			break;
		}
		*p = '/';
	}
	free(dup);
	return ret;
}

static int
create_key(const char *path)
{
	unsigned char key[CA_FPKEY_LEN];
	char hex[2 * CA_FPKEY_LEN + 2];
	int fd;
	ssize_t w;

	if (make_parents(path) < 0)
		return -1;
	if (RAND_bytes(key, sizeof(key)) != 1)
		return ca_error("cannot generate a fingerprint key");
	ca_hex(key, sizeof(key), hex);
	ca_wipe(key, sizeof(key));
	hex[2 * CA_FPKEY_LEN] = '\n';
	hex[2 * CA_FPKEY_LEN + 1] = '\0';
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0) {
		ca_wipe(hex, sizeof(hex));
		if (errno == EEXIST)
			return 0; /* another run made it first: use theirs */
		return ca_error("cannot create fingerprint key '%s': %s", path,
		    strerror(errno));
	}
	w = write(fd, hex, 2 * CA_FPKEY_LEN + 1);
	ca_wipe(hex, sizeof(hex));
	if (w != 2 * CA_FPKEY_LEN + 1 || fsync(fd) < 0) {
		close(fd);
		unlink(path);
		return ca_error("cannot write fingerprint key '%s'", path);
	}
	close(fd);
	return 0;
}

static int
read_key(struct ca_fpkey *k, const char *path)
{
	char buf[256];
	struct stat st;
	ssize_t n;
	size_t len;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return ca_error("cannot open fingerprint key '%s': %s", path,
		    strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return ca_error("fingerprint key '%s' is not a regular file",
		    path);
	}
	if (st.st_mode & 077)
		ca_warning("fingerprint key '%s' is readable by others "
		           "(mode %04o); it should be 0600",
		    path, (unsigned)(st.st_mode & 07777));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return ca_error("cannot read fingerprint key '%s': %s", path,
		    strerror(errno));
	len = (size_t)n;
	while (len &&
	    (buf[len - 1] == '\n' || buf[len - 1] == '\r' ||
	        buf[len - 1] == ' '))
		len--;
	if (len != 2 * CA_FPKEY_LEN) {
		ca_wipe(buf, sizeof(buf));
		return ca_error("fingerprint key '%s' must hold %d hex digits",
		    path, 2 * CA_FPKEY_LEN);
	}
	for (size_t i = 0; i < CA_FPKEY_LEN; i++) {
		int hi = ca_hexval(buf[2 * i]), lo = ca_hexval(buf[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			ca_wipe(buf, sizeof(buf));
			return ca_error("fingerprint key '%s' is not hex",
			    path);
		}
		k->key[i] = (unsigned char)(hi << 4 | lo);
	}
	ca_wipe(buf, sizeof(buf));
	return 0;
}

int
ca_fpkey_load(struct ca_fpkey *k, const char *path)
{
	static const char domain[] = "credatlas-key-id";
	unsigned char buf[sizeof(domain) + CA_FPKEY_LEN];
	unsigned char digest[CA_SHA256_LEN];
	char hex[2 * CA_SHA256_LEN + 1];

	memset(k, 0, sizeof(*k));
	if (path) {
		k->path = xstrdup(path);
	} else {
		k->path = default_path();
		if (!k->path)
			return ca_error(
			    "cannot locate the fingerprint key: "
			    "HOME is not set (use --fingerprint-key-file)");
		if (access(k->path, F_OK) < 0 && create_key(k->path) < 0)
			return -1;
	}
	if (read_key(k, k->path) < 0)
		return -1;
	memcpy(buf, domain, sizeof(domain));
	memcpy(buf + sizeof(domain), k->key, CA_FPKEY_LEN);
	ca_sha256(buf, sizeof(buf), digest);
	ca_wipe(buf, sizeof(buf));
	ca_hex(digest, 8, hex);
	memcpy(k->id, hex, 17);
	return 0;
}

void
ca_fpkey_release(struct ca_fpkey *k)
{
	ca_wipe(k->key, sizeof(k->key));
	free(k->path);
	k->path = NULL;
}
