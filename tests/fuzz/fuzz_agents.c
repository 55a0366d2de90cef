/* fuzz_agents.c - libFuzzer harness for the agents surface: the bytes are
 * a config at one of the places the agents modules claim, picked by the
 * first byte, so every client's MCP shape, the JSONC reader, Claude
 * Code's credentials and settings, Codex's TOML and auth.json, and
 * Gemini's login, and Goose's YAML are driven. Side files (.claude.json next to
 * the credentials, google_accounts.json) hold the same bytes. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_mcp;
extern const struct ca_scanner ca_scanner_claude;
extern const struct ca_scanner ca_scanner_codex;
extern const struct ca_scanner ca_scanner_gemini;
extern const struct ca_scanner ca_scanner_goose;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOME "/home/f"

static const struct {
	const struct ca_scanner *s;
	const char *path;
} cases[] = {
	{ &ca_scanner_mcp, HOME "/.config/Claude/claude_desktop_config.json" },
	{ &ca_scanner_mcp, HOME "/.claude.json" },
	{ &ca_scanner_mcp, HOME "/src/p/.mcp.json" },
	{ &ca_scanner_mcp, HOME "/src/p/.cursor/mcp.json" },
	{ &ca_scanner_mcp, HOME "/src/p/.vscode/mcp.json" },
	{ &ca_scanner_mcp, HOME "/.config/Code/User/settings.json" },
	{ &ca_scanner_mcp, HOME "/.config/zed/settings.json" },
	{ &ca_scanner_mcp, HOME "/.continue/config.json" },
	{ &ca_scanner_mcp, HOME "/.continue/mcpServers/a.json" },
	{ &ca_scanner_mcp, HOME "/.gemini/settings.json" },
	{ &ca_scanner_claude, HOME "/.claude/.credentials.json" },
	{ &ca_scanner_claude, HOME "/.claude/settings.json" },
	{ &ca_scanner_codex, HOME "/.codex/config.toml" },
	{ &ca_scanner_codex, HOME "/.codex/auth.json" },
	{ &ca_scanner_gemini, HOME "/.gemini/oauth_creds.json" },
	{ &ca_scanner_gemini, HOME "/.gemini/settings.json" },
	{ &ca_scanner_goose, HOME "/.config/goose/config.yaml" },
	{ &ca_scanner_goose, HOME "/.config/goose/secrets.yaml" },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[] = "credatlas-fuzz-key";
	size_t pick = size ? data[0] % CA_ARRAY_SIZE(cases) : 0;
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv = ca_inventory_new();

	if (size) {
		data++;
		size--;
	}
	ca_target_mem_add(t, cases[pick].path, data, size, 0600, 1000);
	ca_target_mem_add(t, HOME "/.claude.json", data, size, 0600, 1000);
	ca_target_mem_add(t, HOME "/.gemini/google_accounts.json", data, size,
	    0600, 1000);
	ca_scan_one_file(t, cases[pick].s, cases[pick].path, HOME, key,
	    sizeof(key) - 1, inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	return 0;
}
