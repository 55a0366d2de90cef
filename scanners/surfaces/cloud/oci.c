/* oci.c - Oracle Cloud CLI keys and sessions:
 *
 * ~/.oci/config (INI, read with scanners/kit/ini_doc.h): per profile
 * user, tenancy, fingerprint, key_file (read and classified),
 * pass_phrase, security_token_file. Named by user and tenancy OCIDs. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/ini_doc.h"
#include "scanners/kit/secret.h"

static void
oci_key(struct ca_ctx *ctx, const struct ca_file *f, const char *profile,
    const char *ident, const char *key_file, const char *fp, bool pass)
{
	struct arena *a = ca_scratch(ctx);
	struct strbuf sb = STRBUF_INIT(CK_SIDE_CAP);
	const char *full, *label = NULL, *s;
	struct ca_finding fd;
	enum ck_key_state st;
	size_t n;

	full = ca_resolve_path(ctx, key_file, f->home, ck_dirname(a, f->path));
	if (!full || ca_read_file(ctx, full, &sb) < 0) {
		strbuf_release(&sb);
		return; /* the key is not in the scanned tree */
	}
	s = sb.buf;
	n = sb.len;
	ca_trim(&s, &n);
	st = ck_key_classify(s, n, &label);
	if (st == CK_KEY_NONE) {
		ca_warn(ctx, NULL,
		    "key_file '%s' of profile '%s' is not a PEM "
		    "private key",
		    ca_printable_cut(a, key_file, strlen(key_file), 256),
		    profile);
	} else {
		bool usable = st == CK_KEY_PLAIN || pass;
		ca_finding_init(&fd,
		    usable ? "oci.api-key" : "oci.api-key-encrypted",
		    usable ? "oci-api-key" : "private-key-encrypted");
		fd.path = full;
		fd.identity = ident;
		fd.detail = arena_printf(a,
		    "OCI API signing key (%s) for "
		    "profile %s%s%s%s",
		    label, profile, fp ? ", fingerprint " : "", fp ? fp : "",
		    st == CK_KEY_ENCRYPTED ?
		        (pass ? "; passphrase-protected, but pass_phrase is stored in the "
		                "config" :
		                "; passphrase-protected") :
		        "");
		ca_emit_secret(ctx, f, &fd, s, n);
	}
	ca_wipe(sb.buf, sb.len);
	strbuf_release(&sb);
}

static void
oci_session(struct ca_ctx *ctx, const struct ca_file *f, const char *profile,
    const char *ident, const char *token_file)
{
	struct arena *a = ca_scratch(ctx);
	struct strbuf sb = STRBUF_INIT(CK_SIDE_CAP);
	const char *full;
	struct ca_finding fd;
	struct ck_jwt jwt;

	full = ca_resolve_path(ctx, token_file, f->home,
	    ck_dirname(a, f->path));
	if (full && ca_read_file(ctx, full, &sb) == 0) {
		const char *s = sb.buf;
		size_t n = sb.len;
		ca_trim(&s, &n);
		ca_finding_init(&fd, "oci.session-token", "oci-session-token");
		fd.path = full;
		fd.identity = ident;
		if (ck_jwt_decode(a, s, n, &jwt)) {
			if (jwt.exp)
				fd.expires = ck_time_fmt(a, jwt.exp);
			if (jwt.sub && !ident)
				fd.identity = jwt.sub;
		}
		fd.detail = arena_printf(a,
		    "OCI session token (oci session "
		    "authenticate) for profile %s",
		    profile);
		ca_emit_secret(ctx, f, &fd, s, n);
	}
	ca_wipe(sb.buf, sb.len);
	strbuf_release(&sb);
}

static int
oci_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const struct ck_ini_section *def;
	struct ck_ini_doc d;
	int bad = ck_ini_doc_load(ctx, f, &d);

	if (bad)
		ca_warn(ctx, NULL, "malformed INI at line %d", bad);
	def = ck_ini_doc_section(&d, "DEFAULT");
	for (size_t i = 0; i < d.nsec; i++) {
		const struct ck_ini_section *s = &d.sec[i];
		const char *user = ck_ini_doc_get(s, def, "user");
		const char *tenancy = ck_ini_doc_get(s, def, "tenancy");
		const char *key = ck_ini_doc_get(s, def, "key_file");
		const char *fp = ck_ini_doc_get(s, def, "fingerprint");
		const char *pass = ck_ini_doc_get(s, def, "pass_phrase");
		const char *tok = ck_ini_doc_get(s, def, "security_token_file");
		const char *ident = NULL, *profile;

		if (!*s->name)
			continue; /* keys before any section */
		profile = ca_printable_cut(a, s->name, strlen(s->name), 128);
		if (user || tenancy)
			ident = arena_printf(a, "%s in tenancy %s",
			    user ?
			        ca_printable_cut(a, user, strlen(user), 256) :
			        "(no user)",
			    tenancy ? ca_printable_cut(a, tenancy,
			                  strlen(tenancy), 256) :
			              "(unknown)");
		if (fp)
			fp = ca_printable_cut(a, fp, strlen(fp), 128);
		if (key && *key)
			oci_key(ctx, f, profile, ident, key, fp, pass && *pass);
		if (tok && *tok)
			oci_session(ctx, f, profile, ident, tok);
	}
	ck_ini_doc_wipe(&d);
	return 0;
}

static const char *const oci_claims[] = {
	"**/.oci/config",
	NULL,
};

/* clang-format off */
static const struct ca_rule_doc oci_rules[] = {
	{ "oci.api-key", "oci-api-key",
	  "unencrypted API signing key named by key_file (or an encrypted "
	  "one whose pass_phrase is in the config)" },
	{ "oci.api-key-encrypted", "private-key-encrypted",
	  "passphrase-protected API signing key named by key_file" },
	{ "oci.session-token", "oci-session-token",
	  "session token named by security_token_file" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_oci = {
	.name = "oci",
	.surface = "cloud",
	.summary = "Oracle Cloud CLI profiles: API signing keys and session "
	           "tokens",
	.version = 1,
	.claims = oci_claims,
	.rules = oci_rules,
	.scan_file = oci_scan_file,
};
