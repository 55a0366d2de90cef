/* fuzz_policy.c - libFuzzer harness for the policy reader: the bytes are
 * read once as YAML and once as JSON, and a policy that loads is applied
 * to a small inventory (overrides, weights, ignores with and without
 * expiry), so every part of it runs. */
#include "lib/compat.h"
#include "lib/log.h"
#include "report/model/inventory.h"
#include "report/model/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
add(struct ca_inventory *inv, char ch, const char *kind, const char *path,
    uint32_t mode)
{
	static const char *const scopes[] = { "repo", "workflow", NULL };
	struct ca_sighting s;

	memset(&s, 0, sizeof(s));
	memset(s.id, ch, CA_ID_HEX);
	s.rule = "fuzz.rule";
	s.kind = kind;
	s.redacted = "x";
	s.identity = "alice@corp.example";
	s.scopes = scopes;
	s.path = path;
	s.line = 1;
	s.mode = mode;
	s.uid = 1000;
	s.standing = -1;
	s.tier = -1;
	s.anchor = "anchor";
	s.link = "anchor";
	ca_inventory_add(inv, &s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "policy.yaml", "policy.json" };

	ca_log_set_level(CA_LOG_QUIET);
	for (size_t i = 0; i < CA_ARRAY_SIZE(names); i++) {
		struct ca_policy *p = NULL;
		struct ca_inventory *inv;
		int tier, risk;
		if (ca_policy_parse(names[i], (const char *)data, size, &p) < 0)
			continue;
		ca_policy_fail_on(p, &tier, &risk);
		inv = ca_inventory_new();
		add(inv, '1', "github-pat-classic", "/home/alice/.bashrc",
		    0644);
		add(inv, '1', "github-pat-classic", "/tmp/t/testdata/.env",
		    0600);
		add(inv, 'a', "npm-token", "/srv/x/.npmrc", 0640);
		add(inv, 'b', "jwt", "/home/alice/.bash_history", 0600);
		ca_inventory_set_policy(inv, NULL, p);
		ca_inventory_finish(inv, NULL, NULL);
		ca_inventory_free(inv);
		ca_policy_free(p);
	}
	return 0;
}
