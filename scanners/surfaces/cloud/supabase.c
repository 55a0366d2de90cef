/* supabase.c - Supabase CLI token:
 *
 * ~/.supabase/access-token (sbp_...): the whole file is the token. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/secret.h"

static int
supabase_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	const char *s = f->data;
	size_t n = f->len;
	struct ca_finding fd;
	char *narrow = NULL;
	size_t nlen = 0;

	/* Written as UTF-16LE with a BOM on some Windows setups. */
	if (n >= 2 && (unsigned char)s[0] == 0xff &&
	    (unsigned char)s[1] == 0xfe) {
		size_t k = 0;
		narrow = arena_alloc(ca_scratch(ctx), n / 2 + 1);
		for (size_t i = 2; i + 1 < n; i += 2)
			if (!s[i + 1])
				narrow[k++] = s[i];
		narrow[k] = '\0';
		s = narrow;
		n = nlen = k;
	} else if (n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) {
		s += 3;
		n -= 3;
	}
	ca_trim(&s, &n);
	if (n && (memchr(s, '\n', n) || n > 4096)) {
		ca_warn(ctx, NULL, "not a single token");
	} else if (n) {
		ca_finding_init(&fd, "supabase.access-token", "supabase-token");
		fd.line = 1;
		fd.preview_prefix = n > 4 && !memcmp(s, "sbp_", 4) ? 4 : 0;
		fd.detail = "Supabase personal access token (supabase login, "
		            "file fallback when no keyring is available)";
		ca_emit_secret(ctx, f, &fd, s, n);
	}
	if (narrow)
		ca_wipe(narrow, nlen);
	return 0;
}

static const char *const supabase_claims[] = {
	"**/.supabase/access-token",
	NULL,
};

/* clang-format off */
static const struct ca_rule_doc supabase_rules[] = {
	{ "supabase.access-token", "supabase-token",
	  "token in ~/.supabase/access-token (sbp_)" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_supabase = {
	.name = "supabase",
	.surface = "cloud",
	.summary = "Supabase CLI access token",
	.version = 1,
	.claims = supabase_claims,
	.rules = supabase_rules,
	.scan_file = supabase_scan_file,
};
