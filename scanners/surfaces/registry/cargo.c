/* cargo.c - Cargo registry tokens: $CARGO_HOME/credentials.toml (and the
 * legacy credentials without extension; CARGO_HOME defaults to
 * ~/.cargo), written by `cargo login`:
 *
 *   [registry] token = "..."           crates.io
 *   [registries.<name>] token = "..."  an alternative registry
 *
 * Read with the strict TOML reader (scanners/kit/toml.c): a file it does
 * not understand is a warning, and the values read before the error are
 * still reported. */
#include "lib/compat.h"
#include "lib/str.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/toml.h"
#include "scanners/surfaces/registry/regauth.h"

struct cargo {
	struct ca_ctx *ctx;
	const struct ca_file *f;
};

static int
cargo_kv(void *arg, const struct toml_kv *kv)
{
	static const char *const crates[] = { "registry", "token", NULL };
	static const char *const named[] = { "registries", "*", "token", NULL };
	struct cargo *c = arg;
	struct ca_finding fd;
	const char *host;

	if (kv->type != TOML_STRING)
		return 0;
	if (toml_path_is(kv, crates))
		host = "crates.io";
	else if (toml_path_is(kv, named))
		host = ca_printable(ca_scratch(c->ctx), kv->path[1],
		    strlen(kv->path[1]), 128);
	else
		return 0;
	ra_finding_init(&fd, "cargo.registry-token", "cargo-token");
	fd.identity = host;
	fd.line = kv->line;
	fd.detail = arena_printf(ca_scratch(c->ctx),
	    "cargo publish token for "
	    "%s%s",
	    host, kv->path[0][8] ? " (registries table)" : "");
	ra_emit_secret(c->ctx, c->f, &fd, kv->str, kv->len);
	return 0;
}

static int
cargo_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct cargo c = { ctx, f };
	struct toml_status st;

	if (toml_parse(ca_scratch(ctx), f->data, f->len, cargo_kv, &c, &st) < 0)
		ca_warn(ctx, NULL, "invalid TOML at line %u: %s", st.line,
		    st.error);
	return 0;
}

/* clang-format off */
static const char *const cargo_claims[] = {
	"**/.cargo/credentials",
	"**/.cargo/credentials.toml",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc cargo_rules[] = {
	{ "cargo.registry-token", "cargo-token",
	  "[registry] token (crates.io) or [registries.<name>] token in "
	  "~/.cargo/credentials.toml" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_cargo = {
	.name = "cargo",
	.surface = "registry",
	.summary = "Cargo registry tokens (~/.cargo/credentials.toml)",
	.version = 1,
	.claims = cargo_claims,
	.rules = cargo_rules,
	.scan_file = cargo_scan_file,
};
