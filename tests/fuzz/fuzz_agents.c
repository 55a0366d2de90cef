/* fuzz_agents.c - libFuzzer harness for the agents surface: the bytes are
 * an MCP config (JSON or JSONC) at one of the places the mcp module
 * claims, picked by the first byte, so every client's shape and the JSONC
 * reader are driven. */
#include "lib/compat.h"
#include "report/model/inventory.h"
#include "scanners/core/run.h"

extern const struct ca_scanner ca_scanner_mcp;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOME "/home/f"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[] = "credatlas-fuzz-key";
	static const char *const paths[] = {
		HOME "/.config/Claude/claude_desktop_config.json",
		HOME "/.claude.json",
		HOME "/src/p/.mcp.json",
		HOME "/src/p/.cursor/mcp.json",
		HOME "/src/p/.vscode/mcp.json",
		HOME "/.config/Code/User/settings.json",
		HOME "/.config/zed/settings.json",
		HOME "/.continue/config.json",
		HOME "/.continue/mcpServers/a.json",
		HOME "/.gemini/settings.json",
	};
	const char *path = paths[size ? data[0] % CA_ARRAY_SIZE(paths) : 0];
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv = ca_inventory_new();

	ca_target_mem_add(t, path, data, size, 0600, 1000);
	ca_scan_one_file(t, &ca_scanner_mcp, path, HOME, key,
	    sizeof(key) - 1, inv);
	ca_inventory_free(inv);
	ca_target_free(t);
	return 0;
}
