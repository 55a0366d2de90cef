/* hashicorp_vault.c - HashiCorp Vault CLI token:
 *
 * ~/.vault-token (the whole file is the token) and the ~/.vault (or
 * OpenBao ~/.bao) token_helper setting, a delegation. The module is
 * "vault"; the file is hashicorp_vault.c because scanners/verify/vault.c
 * (the locked-memory secret store) holds the base name. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/hcl.h"
#include "scanners/kit/secret.h"

static const char *
vault_type(const char *s, size_t n, size_t *prefix)
{
	static const struct {
		const char *p;
		const char *what;
	} types[] = {
		{ "hvs.", "service token" },
		{ "hvb.", "batch token" },
		{ "hvr.", "recovery token" },
		{ "s.", "legacy service token" },
		{ "b.", "legacy batch token" },
		{ "r.", "legacy recovery token" },
	};

	for (size_t i = 0; i < CA_ARRAY_SIZE(types); i++) {
		size_t p = strlen(types[i].p);
		if (n > p && !memcmp(s, types[i].p, p)) {
			*prefix = p;
			return types[i].what;
		}
	}
	*prefix = 0;
	return "token";
}

static void
vault_token(struct ca_ctx *ctx, const struct ca_file *f)
{
	const char *s = f->data, *what;
	size_t n = f->len, prefix;
	struct ca_finding fd;

	ca_trim(&s, &n);
	if (!n)
		return;
	if (memchr(s, '\n', n) || n > 4096) {
		ca_warn(ctx, NULL, "not a single token");
		return;
	}
	what = vault_type(s, n, &prefix);
	ca_finding_init(&fd, "vault.token-file", "vault-token");
	fd.preview_prefix = prefix;
	fd.line = 1;
	fd.detail = arena_printf(ca_scratch(ctx),
	    "Vault/OpenBao %s written "
	    "by the built-in token helper (vault login); VAULT_ADDR is not "
	    "on disk",
	    what);
	ca_emit_secret(ctx, f, &fd, s, n);
}

struct vault_cfg {
	struct ca_ctx *ctx;
	const struct ca_file *f;
};

static void
vault_helper(struct ca_ctx *ctx, const struct ca_file *f, const char *val,
    size_t n, unsigned int line)
{
	struct ca_finding fd;
	const char *p = ca_printable_cut(ca_scratch(ctx), val, n, 1024);

	if (!n)
		return;
	ca_finding_init(&fd, "vault.token-helper", "vault-token-helper");
	fd.line = line;
	fd.ref = arena_printf(ca_scratch(ctx), "vault-token-helper:%s:%s",
	    f->home ? f->home : "", p);
	fd.detail = arena_printf(ca_scratch(ctx),
	    "Vault CLI token helper %s "
	    "keeps the token (not in ~/.vault-token)",
	    p);
	ca_emit(ctx, &fd);
}

static void
vault_attr(void *arg, const char *block, const char *label, const char *name,
    const char *val, size_t vlen, unsigned int line)
{
	struct vault_cfg *vc = arg;

	(void)label;
	if (!*block && !strcmp(name, "token_helper"))
		vault_helper(vc->ctx, vc->f, val, vlen, line);
}

static int
vault_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct vault_cfg vc = { ctx, f };

	if (!strcmp(f->name, ".vault-token")) {
		vault_token(ctx, f);
		return 0;
	}
	/* HCL or JSON: the reader takes both ("key": "value"). */
	ck_hcl_parse(ca_scratch(ctx), f->data, f->len, vault_attr, &vc);
	return 0;
}

/* clang-format off */
static const char *const vault_claims[] = {
	"**/.vault-token",
	"**/.vault",
	"**/.bao",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc vault_rules[] = {
	{ "vault.token-file", "vault-token",
	  "token in ~/.vault-token (hvs./hvb./s. prefixes)" },
	{ "vault.token-helper", "vault-token-helper",
	  "token_helper in ~/.vault: the token lives with the helper" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_vault = {
	.name = "vault",
	.surface = "cloud",
	.summary = "HashiCorp Vault and OpenBao CLI tokens and token helpers",
	.version = 1,
	.claims = vault_claims,
	.rules = vault_rules,
	.scan_file = vault_scan_file,
};
