/* terraform.c - Terraform CLI credentials:
 *
 * ~/.terraform.d/credentials.tfrc.json ({"credentials": {"<host>":
 * {"token"}}}) and ~/.terraformrc blocks credentials "<host>" { token =
 * "..." } and credentials_helper "<name>" { } (a delegation). The file
 * names no owner: findings carry the host. .terraformrc is HCL, read by
 * the kit's tiny reader (scanners/kit/hcl.h). */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/hcl.h"
#include "scanners/kit/secret.h"

static void
tf_emit_token(struct ca_ctx *ctx, const struct ca_file *f, const char *rule,
    const char *host, const char *tok, size_t n, unsigned int line)
{
	struct ca_finding fd;

	ca_finding_init(&fd, rule, "terraform-token");
	fd.identity = host;
	fd.line = line;
	fd.detail = arena_printf(ca_scratch(ctx),
	    "HCP Terraform / Terraform "
	    "Enterprise API token for %s%s",
	    host,
	    memmem(tok, n, ".atlasv1.", 9) ? " (atlasv1 user or team token)" :
	                                     "");
	ca_emit_secret(ctx, f, &fd, tok, n);
}

static void
tfrc_json(struct ca_ctx *ctx, const struct ca_file *f)
{
	json_t *doc = ck_json_load_warn(ctx, f);
	const json_t *creds, *v;
	const char *host;
	unsigned int bad = 0;

	if (!doc)
		return;
	creds = json_object_get(doc, "credentials");
	if (!json_is_object(creds)) {
		if (creds || !json_is_object(doc))
			bad++;
	} else {
		json_object_foreach((json_t *)creds, host, v)
		{
			size_t n;
			const char *tok = ck_json_str(v, "token", &n);
			if (!tok) {
				bad++;
				continue;
			}
			tf_emit_token(ctx, f, "terraform.credentials-json",
			    ca_printable_cut(ca_scratch(ctx), host,
			        strlen(host), 256),
			    tok, n, 0);
		}
	}
	ck_json_free(doc);
	if (bad)
		ca_warn(ctx, NULL, "%u entr%s of an unexpected shape skipped",
		    bad, bad == 1 ? "y" : "ies");
}

struct tfrc {
	struct ca_ctx *ctx;
	const struct ca_file *f;
};

static void
tfrc_attr(void *arg, const char *block, const char *label, const char *name,
    const char *val, size_t vlen, unsigned int line)
{
	struct tfrc *tr = arg;
	struct arena *a = ca_scratch(tr->ctx);

	if (!strcmp(block, "credentials") && !strcmp(name, "token")) {
		tf_emit_token(tr->ctx, tr->f, "terraform.terraformrc-token",
		    label ? ca_printable_cut(a, label, strlen(label), 256) :
		            "(no host)",
		    val, vlen, line);
	}
}

/* credentials_helper "<name>" { args = [...] } delegates every host's
 * token to terraform-credentials-<name>. Found with a second pass over
 * the raw text because the block may have no string attribute. */
static void
tfrc_helpers(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct ck_hcl h;

	ck_hcl_init(&h, f->data, f->len);
	while (ck_hcl_next(&h) != CK_HT_EOF) {
		struct ca_finding fd;
		const char *name;
		unsigned int line = h.tok_line;

		if (!ck_hcl_is(&h, "credentials_helper"))
			continue;
		if (ck_hcl_next(&h) != CK_HT_STRING && h.tok != CK_HT_IDENT)
			continue;
		name = ca_printable_cut(ca_scratch(ctx), h.s, h.n, 128);
		ca_finding_init(&fd, "terraform.credentials-helper",
		    "terraform-credentials-helper");
		fd.line = line;
		fd.ref = arena_printf(ca_scratch(ctx),
		    "terraform-credentials-helper:%s:%s", f->path, name);
		fd.detail = arena_printf(ca_scratch(ctx),
		    "Terraform asks "
		    "terraform-credentials-%s for host tokens",
		    name);
		ca_emit(ctx, &fd);
	}
}

static int
terraform_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct tfrc tr = { ctx, f };

	if (!strcmp(f->name, "credentials.tfrc.json")) {
		tfrc_json(ctx, f);
		return 0;
	}
	ck_hcl_parse(ca_scratch(ctx), f->data, f->len, tfrc_attr, &tr);
	tfrc_helpers(ctx, f);
	return 0;
}

/* clang-format off */
static const char *const terraform_claims[] = {
	"**/.terraform.d/credentials.tfrc.json",
	"**/.terraformrc",
	"**/terraform.rc",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc terraform_rules[] = {
	{ "terraform.credentials-helper", "terraform-credentials-helper",
	  "credentials_helper block: host tokens come from a helper" },
	{ "terraform.credentials-json", "terraform-token",
	  "host token written by terraform login (credentials.tfrc.json)" },
	{ "terraform.terraformrc-token", "terraform-token",
	  "credentials \"<host>\" { token } block in .terraformrc" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_terraform = {
	.name = "terraform",
	.surface = "cloud",
	.summary = "Terraform CLI host tokens (credentials.tfrc.json, "
	           ".terraformrc)",
	.version = 1,
	.claims = terraform_claims,
	.rules = terraform_rules,
	.scan_file = terraform_scan_file,
};
