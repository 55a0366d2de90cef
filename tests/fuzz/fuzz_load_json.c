/* fuzz_load_json.c - libFuzzer harness for the JSON report loader
 * (report/formats/load.c), which reads reports from other machines for
 * `report`, `diff` and `scan --baseline`.
 *
 * Random bytes rarely make a report, so the first byte picks how the input
 * is used: as the whole document, spliced into a valid report at an offset
 * the second byte picks, or as the new value of one of the report's
 * fields. Whatever loads must render, load again, and render to the same
 * bytes: a loaded inventory is taken as it is, never re-rated. */
#include "lib/compat.h"
#include <jansson.h>
#include "report/formats/emit.h"
#include "report/formats/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* clang-format off */
static const char template_report[] =
	"{\"schema\": \"credatlas/1\",\n"
	" \"tool\": {\"name\": \"credatlas\", \"version\": \"0.1.0\"},\n"
	" \"scan\": {\"target\": {\"type\": \"dir\", \"root\": \"/\"},\n"
	"   \"started\": \"2026-01-02T03:04:05Z\",\n"
	"   \"finished\": \"2026-01-02T03:04:09Z\",\n"
	"   \"key_id\": \"0011223344556677\",\n"
	"   \"stats\": {\"files\": 3, \"bytes\": 100, \"skipped\": 1,\n"
	"     \"errors\": 1}},\n"
	" \"summary\": {\"credentials\": 2},\n"
	" \"credentials\": [\n"
	"  {\"id\": \"0123456789abcdef0123456789abcdef\",\n"
	"   \"surface\": \"github\", \"kind\": \"github-pat-classic\",\n"
	"   \"label\": \"x\", \"rule\": \"gh.hosts-token\",\n"
	"   \"redacted\": \"ghp_a1B2\\u2026\", \"identity\": \"octocat\",\n"
	"   \"owner\": {\"user\": \"alice\", \"uid\": 1000,\n"
	"     \"source\": \"file-uid\"},\n"
	"   \"tier\": \"admin\", \"risk\": \"critical\",\n"
	"   \"reasons\": [\"file is world-readable\", \"lifetime: standing\"],\n"
	"   \"scopes\": [\"repo\"], \"expires\": null, \"standing\": true,\n"
	"   \"locations\": [{\"path\": \"/home/a/.bashrc\", \"line\": 3,\n"
	"     \"mode\": \"0644\", \"uid\": 1000, \"rule\": \"gh.hosts-token\"}],\n"
	"   \"links\": [{\"ref\": \"aws-profile:/home/a:prod\",\n"
	"     \"to\": [\"33333333333333333333333333333333\"]}]},\n"
	"  {\"id\": \"33333333333333333333333333333333\",\n"
	"   \"surface\": \"cloud\", \"kind\": \"aws-access-key\",\n"
	"   \"label\": \"y\", \"rule\": null, \"redacted\": null,\n"
	"   \"identity\": null,\n"
	"   \"owner\": {\"user\": null, \"uid\": null, \"source\": \"unowned\"},\n"
	"   \"tier\": \"write\", \"risk\": \"low\", \"reasons\": [],\n"
	"   \"scopes\": [], \"expires\": \"2020-01-01T00:00:00Z\",\n"
	"   \"standing\": false,\n"
	"   \"locations\": [{\"path\": \"/etc/x\", \"line\": null,\n"
	"     \"mode\": \"0600\", \"uid\": null, \"rule\": null}],\n"
	"   \"links\": []}],\n"
	" \"errors\": [{\"path\": \"/home/a/locked\",\n"
	"   \"error\": \"permission denied\"}]}\n";
/* clang-format on */

/* Returns the owned JSON rendering of 'inv' (borrowed); aborts on
 * failure, which must not happen for a loaded inventory. */
static char *
render(const struct ca_inventory *inv, size_t *len)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);

	if (!fp || ca_emitter_json.write(fp, inv, NULL) < 0)
		abort();
	if (fclose(fp))
		abort();
	return buf;
}

/* The loaded inventory must survive a round trip unchanged. */
static void
check(const struct ca_inventory *inv)
{
	struct ca_inventory *again = NULL;
	char *a, *b;
	size_t alen = 0, blen = 0;

	for (size_t i = 0; i < inv->ncreds; i++)
		if (ca_inventory_get(inv, inv->creds[i]->id) != inv->creds[i])
			abort();
	a = render(inv, &alen);
	if (ca_load_json_buf(a, alen, "fuzz-again", &again) < 0)
		abort();
	b = render(again, &blen);
	if (alen != blen || memcmp(a, b, alen))
		abort();
	free(a);
	free(b);
	ca_inventory_free(again);
}

static void
try_load(const char *buf, size_t len)
{
	struct ca_inventory *inv = NULL;

	if (ca_load_json_buf(buf, len, "fuzz", &inv) == 0) {
		if (!inv)
			abort();
		check(inv);
		ca_inventory_free(inv);
	} else if (inv) {
		abort();
	}
}

/* Replaces one value of the template (picked by 'which') with 'v'. */
static void
set_field(json_t *doc, unsigned int which, json_t *v)
{
	json_t *creds = json_object_get(doc, "credentials");
	json_t *c = json_array_get(creds, which & 1);
	json_t *loc = json_array_get(json_object_get(c, "locations"), 0);
	static const char *const cred_keys[] = { "id", "tier", "risk",
		"standing", "owner", "reasons", "locations", "links", "kind",
		"expires" };
	static const char *const loc_keys[] = { "path", "line", "mode", "uid" };
	static const char *const scan_keys[] = { "key_id", "started", "target",
		"stats" };

	which >>= 1;
	switch (which % 4) {
	case 0:
		json_object_set(c,
		    cred_keys[(which / 4) % CA_ARRAY_SIZE(cred_keys)], v);
		break;
	case 1:
		json_object_set(loc,
		    loc_keys[(which / 4) % CA_ARRAY_SIZE(loc_keys)], v);
		break;
	case 2:
		json_object_set(json_object_get(doc, "scan"),
		    scan_keys[(which / 4) % CA_ARRAY_SIZE(scan_keys)], v);
		break;
	default:
		json_array_append(creds, v);
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t tlen = sizeof(template_report) - 1, off;
	char *buf;

	if (size < 2) {
		try_load((const char *)data, size);
		return 0;
	}
	switch (data[0] % 3) {
	case 0:
		try_load((const char *)data + 1, size - 1);
		break;
	case 1:
		off = (size_t)data[1] * tlen / 256;
		buf = malloc(tlen + size);
		if (!buf)
			return 0;
		memcpy(buf, template_report, off);
		memcpy(buf + off, data + 2, size - 2);
		memcpy(buf + off + size - 2, template_report + off, tlen - off);
		try_load(buf, tlen + size - 2);
		free(buf);
		break;
	default: {
		json_t *doc = json_loads(template_report, 0, NULL);
		json_t *v = json_loadb((const char *)data + 2, size - 2,
		    JSON_DECODE_ANY, NULL);
		char *s;

		if (!doc)
			abort();
		if (!v)
			v = json_stringn((const char *)data + 2, size - 2);
		if (v)
			set_field(doc, data[1], v);
		json_decref(v);
		s = json_dumps(doc, JSON_PRESERVE_ORDER);
		if (s)
			try_load(s, strlen(s));
		free(s);
		json_decref(doc);
		break;
	}
	}
	return 0;
}
