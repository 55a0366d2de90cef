/* secret.c - see secret.h. */
#include "lib/compat.h"
#include "lib/str.h"
#include "scanners/rules/rules.h"
#include "scanners/kit/secret.h"
#include "lib/banned.h"

bool
ca_secret_unusable(const char *s, size_t len)
{
	if (!s || !len)
		return true;
	if (s[0] == '$')
		return true; /* $TOKEN, ${TOKEN}, $(cmd) */
	if (len > 2 && s[0] == '%' && s[len - 1] == '%')
		return true; /* %TOKEN% */
	return ca_is_placeholder(s, len);
}

size_t
ca_secret_prefix(const char *s, size_t n, const char *const *prefixes)
{
	for (size_t i = 0; prefixes[i]; i++) {
		size_t p = strlen(prefixes[i]);
		if (n > p && !memcmp(s, prefixes[i], p))
			return p;
	}
	return 0;
}

void
ca_finding_init(struct ca_finding *fd, const char *rule, const char *kind)
{
	memset(fd, 0, sizeof(*fd));
	fd->rule = rule;
	fd->kind = kind;
	fd->standing = -1;
	fd->tier = -1;
}

void
ca_emit_secret(struct ca_ctx *ctx, const struct ca_file *f,
    struct ca_finding *fd, const char *s, size_t n)
{
	if (!s)
		return;
	ca_trim(&s, &n);
	if (ca_secret_unusable(s, n))
		return;
	fd->secret = s;
	fd->secret_len = n;
	if (!fd->line && !fd->path)
		fd->line = ca_line_of(f->data, f->len, s, n);
	ca_emit(ctx, fd);
}
