/* fuzz_owners.c - libFuzzer harness for the owners map reader: the bytes
 * are read once as YAML and once as JSON (the format comes from the name),
 * and a map that loads is matched against a small credential, so the
 * rules' patterns run too. Errors go to stderr, which libFuzzer ignores. */
#include "lib/compat.h"
#include "lib/log.h"
#include "report/model/owners.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "owners.yaml", "owners.json" };
	static const char *const users[] = { "alice", NULL };
	struct ca_location locs[2];
	struct ca_credential c;

	ca_log_set_level(CA_LOG_QUIET);
	memset(&c, 0, sizeof(c));
	memset(locs, 0, sizeof(locs));
	locs[0].path = "/home/alice/.config/gh/hosts.yml";
	locs[0].uid = 1000;
	locs[1].path = "/srv/ci/.npmrc";
	locs[1].uid = -1;
	c.kind = "github-oauth-token";
	c.identity = "alice@corp.example (account 123456789012)";
	c.locations = locs;
	c.nlocations = 2;
	for (size_t i = 0; i < CA_ARRAY_SIZE(names); i++) {
		struct ca_owners *o = NULL;
		const char *team, *contact;
		if (ca_owners_parse(names[i], (const char *)data, size, &o) < 0)
			continue;
		ca_owners_match(o, &c, users, &team, &contact);
		ca_owners_free(o);
	}
	return 0;
}
