/* test_load.c - reading inventories back: a JSON report loads into the
 * same credentials (ids, tiers, risks, owners, locations, links) and
 * renders to the same bytes; a scan stored in a database renders to the
 * same JSON as the report of the scan itself; malformed reports are
 * errors that name the field, never crashes. */
#include "tests/unit/inv_unit.h"
#include <jansson.h>
#include <sys/stat.h>
#include <unistd.h>
#include "report/formats/emit.h"
#include "report/formats/load.h"
#include "report/formats/sqlite.h"

/* Returns the owned JSON report of 'inv' (borrowed). */
static char *
render_json(const struct ca_inventory *inv)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	assert_int_equal(ca_emitter_json.write(fp, inv, NULL), 0);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static void
test_json_round_trip(void **state)
{
	struct ca_inventory *inv = fx_inventory(0, "2026-01-01T00:00:00Z",
	    "h1");
	struct ca_inventory *back = NULL, *again = NULL;
	char *json, *json2;
	(void)state;

	json = render_json(inv);
	assert_int_equal(ca_load_json_buf(json, strlen(json), "mem", &back), 0);
	assert_non_null(back);
	fx_assert_same(inv, back, true);
	/* A loaded inventory renders to the very same report. */
	json2 = render_json(back);
	assert_string_equal(json, json2);
	/* And loading that again changes nothing either. */
	assert_int_equal(ca_load_json_buf(json2, strlen(json2), "mem", &again),
	    0);
	fx_assert_same(back, again, false);
	assert_non_null(ca_inventory_get(back, FX_ID_KUBE));
	assert_int_equal(ca_inventory_get(back, FX_ID_KUBE)->nlinks, 2);
	free(json);
	free(json2);
	ca_inventory_free(inv);
	ca_inventory_free(back);
	ca_inventory_free(again);
}

static void
test_json_file(void **state)
{
	struct ca_inventory *inv = fx_inventory(1, "2026-01-08T00:00:00Z",
	    NULL);
	struct ca_inventory *back = NULL;
	char dir[] = "/tmp/credatlas-load.XXXXXX", path[64];
	int64_t id = 7;
	FILE *fp;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/r.json", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(ca_emitter_json.write(fp, inv, NULL), 0);
	fclose(fp);
	assert_false(ca_load_is_db(path));
	assert_int_equal(ca_load(path, 0, &back, &id), 0);
	assert_int_equal(id, 0);
	fx_assert_same(inv, back, true);
	ca_inventory_free(back);
	assert_int_equal(ca_load_json(path, &back), 0);
	ca_inventory_free(back);
	/* A JSON report holds one scan: no other can be picked. */
	assert_int_equal(ca_load(path, 2, &back, NULL), -1);
	assert_null(back);
	unlink(path);
	assert_int_equal(ca_load(path, 0, &back, NULL), -1);
	assert_int_equal(ca_load_json(path, &back), -1);
	assert_false(ca_load_is_db(path));
	rmdir(dir);
	ca_inventory_free(inv);
}

/* The report rendered from a stored scan is the report of the scan. */
static void
test_db_renders_same_json(void **state)
{
	struct ca_inventory *inv = fx_inventory(0, "2026-01-01T00:00:00Z",
	    "h1");
	struct ca_inventory *back = NULL;
	char dir[] = "/tmp/credatlas-load.XXXXXX", path[64], *a, *b;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/inv.db", dir);
	assert_int_equal(ca_emitter_sqlite.write_path(path, inv, NULL), 0);
	assert_true(ca_load_is_db(path));
	assert_int_equal(ca_load(path, 0, &back, NULL), 0);
	a = render_json(inv);
	b = render_json(back);
	assert_string_equal(a, b);
	free(a);
	free(b);
	ca_inventory_free(back);
	ca_inventory_free(inv);
	{
		char cmd[96];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		assert_int_equal(system(cmd), 0);
	}
}

/* An empty inventory is a report too. */
static void
test_json_empty(void **state)
{
	struct ca_inventory *inv = ca_inventory_new(), *back = NULL;
	char *json, *json2;
	(void)state;

	snprintf(inv->meta.started, sizeof(inv->meta.started),
	    "2026-01-01T00:00:00Z");
	snprintf(inv->meta.finished, sizeof(inv->meta.finished),
	    "2026-01-01T00:00:01Z");
	snprintf(inv->meta.key_id, sizeof(inv->meta.key_id), FX_KEY_ID);
	ca_inventory_finish(inv, NULL, NULL);
	json = render_json(inv);
	assert_int_equal(ca_load_json_buf(json, strlen(json), "mem", &back), 0);
	assert_int_equal(back->ncreds, 0);
	json2 = render_json(back);
	assert_string_equal(json, json2);
	free(json);
	free(json2);
	ca_inventory_free(inv);
	ca_inventory_free(back);
}

/* Loads 'text' and expects a refusal. */
static void
expect_bad_text(const char *text, size_t len)
{
	struct ca_inventory *inv = (struct ca_inventory *)&inv;

	assert_int_equal(ca_load_json_buf(text, len, "bad", &inv), -1);
	assert_null(inv);
}

/* Takes ownership of 'doc'; loads its dump and expects a refusal. */
static void
expect_bad(json_t *doc)
{
	char *s = json_dumps(doc, JSON_PRESERVE_ORDER);

	assert_non_null(s);
	expect_bad_text(s, strlen(s));
	free(s);
	json_decref(doc);
}

/* Returns a new reference to the fixture report, parsed. */
static json_t *
good_doc(void)
{
	struct ca_inventory *inv = fx_inventory(0, "2026-01-01T00:00:00Z",
	    "h1");
	char *json = render_json(inv);
	json_t *doc = json_loads(json, 0, NULL);

	assert_non_null(doc);
	free(json);
	ca_inventory_free(inv);
	return doc;
}

/* Returns a borrowed reference to credential 'i' of 'doc'. */
static json_t *
cred(json_t *doc, size_t i)
{
	return json_array_get(json_object_get(doc, "credentials"), i);
}

static json_t *
loc(json_t *doc, size_t i)
{
	return json_array_get(json_object_get(cred(doc, i), "locations"), 0);
}

static void
test_malformed(void **state)
{
	static const char *const texts[] = {
		"",
		"{",
		"[]",
		"null",
		"42",
		"\"credatlas/1\"",
		"{}",
		"{\"schema\": \"credatlas/1\"}",
		"{\"schema\": \"credatlas/1\", \"schema\": \"x\"}",
		"{\"schema\": \"credatlas/1\", \"credentials\": {}}",
		"{\"schema\": \"credatlas/1\", \"credentials\": []}",
		"{\"schema\": \"credatlas/1\\u0000\", \"credentials\": []}",
		"\xff\xfe{}",
	};
	struct ca_inventory *inv = NULL;
	json_t *doc;
	char *deep;
	(void)state;

	for (size_t i = 0; i < CA_ARRAY_SIZE(texts); i++)
		expect_bad_text(texts[i], strlen(texts[i]));
	expect_bad_text(NULL, 0);

	/* Nesting far past jansson's depth limit. */
	deep = malloc(200001);
	assert_non_null(deep);
	memset(deep, '[', 100000);
	memset(deep + 100000, ']', 100000);
	deep[200000] = '\0';
	expect_bad_text(deep, 200000);
	free(deep);

	/* The good document loads; each change below breaks one field. */
	doc = good_doc();
	{
		char *s = json_dumps(doc, 0);
		assert_int_equal(ca_load_json_buf(s, strlen(s), "good", &inv),
		    0);
		free(s);
		ca_inventory_free(inv);
	}
	json_decref(doc);

#define BREAK(stmt)                                                            \
	do {                                                                   \
		doc = good_doc();                                              \
		stmt;                                                          \
		expect_bad(doc);                                               \
	} while (0)
	BREAK(json_object_set_new(doc, "schema", json_string("credatlas/2")));
	BREAK(json_object_del(doc, "scan"));
	BREAK(json_object_set_new(json_object_get(doc, "scan"), "key_id",
	    json_string("XYZ")));
	BREAK(json_object_set_new(json_object_get(doc, "scan"), "key_id",
	    json_string("00112233445566778")));
	BREAK(json_object_set_new(json_object_get(doc, "scan"), "started",
	    json_string("2026-01-01T00:00:00.000000000000000+00:00")));
	BREAK(json_object_del(json_object_get(doc, "scan"), "target"));
	BREAK(json_object_set_new(
	    json_object_get(json_object_get(doc, "scan"), "stats"), "files",
	    json_integer(-1)));
	BREAK(json_object_set_new(json_object_get(doc, "scan"), "stats",
	    json_array()));
	BREAK(json_array_append_new(json_object_get(doc, "credentials"),
	    json_string("x")));
	BREAK(json_object_set_new(cred(doc, 0), "id", json_string("abc")));
	BREAK(json_object_set_new(cred(doc, 0), "id",
	    json_string("0123456789ABCDEF0123456789ABCDEF")));
	BREAK(json_object_set_new(cred(doc, 0), "id", json_integer(1)));
	BREAK(json_object_set(cred(doc, 1), "id",
	    json_object_get(cred(doc, 0), "id")));
	BREAK(json_object_set_new(cred(doc, 0), "tier", json_string("root")));
	BREAK(json_object_set_new(cred(doc, 0), "risk", json_integer(3)));
	BREAK(json_object_del(cred(doc, 0), "kind"));
	BREAK(
	    json_object_set_new(cred(doc, 0), "standing", json_string("yes")));
	BREAK(json_object_set_new(cred(doc, 0), "owner", json_null()));
	BREAK(json_object_set_new(json_object_get(cred(doc, 0), "owner"), "uid",
	    json_integer(-5)));
	BREAK(
	    json_object_set_new(cred(doc, 0), "reasons", json_pack("[i]", 1)));
	BREAK(json_object_set_new(cred(doc, 0), "scopes", json_string("x")));
	BREAK(json_object_set_new(cred(doc, 0), "locations", json_array()));
	BREAK(json_object_del(cred(doc, 0), "locations"));
	BREAK(json_object_set_new(loc(doc, 0), "mode", json_string("0999")));
	BREAK(json_object_set_new(loc(doc, 0), "mode", json_string("rw")));
	BREAK(json_object_set_new(loc(doc, 0), "mode", json_string("")));
	BREAK(json_object_set_new(loc(doc, 0), "mode", json_string("0000600")));
	BREAK(json_object_set_new(loc(doc, 0), "mode", json_integer(384)));
	BREAK(json_object_set_new(loc(doc, 0), "line", json_integer(-1)));
	BREAK(json_object_set_new(loc(doc, 0), "line", json_string("3")));
	BREAK(json_object_set_new(loc(doc, 0), "path", json_null()));
	BREAK(json_object_set_new(cred(doc, 0), "links", json_object()));
	BREAK(json_object_set_new(cred(doc, 0), "links",
	    json_pack("[{s:s,s:[s]}]", "ref", "x", "to", "nothex")));
	BREAK(json_object_set_new(cred(doc, 0), "links",
	    json_pack("[{s:i}]", "ref", 1)));
	BREAK(json_object_set_new(doc, "errors", json_object()));
	BREAK(json_object_set_new(doc, "errors",
	    json_pack("[{s:s}]", "error", "x")));
#undef BREAK
}

/* Fields may be added to the report later: unknown members are fine, and
 * optional ones may be missing. */
static void
test_lenient(void **state)
{
	struct ca_inventory *inv = NULL;
	json_t *doc = good_doc();
	char *s;
	(void)state;

	json_object_set_new(doc, "future", json_string("field"));
	json_object_set_new(cred(doc, 0), "not_yet_defined", json_true());
	json_object_del(cred(doc, 0), "links");
	json_object_del(cred(doc, 0), "scopes");
	json_object_del(cred(doc, 0), "identity");
	json_object_del(loc(doc, 0), "line");
	json_object_del(doc, "errors");
	json_object_set_new(json_object_get(doc, "scan"), "host",
	    json_string("box"));
	s = json_dumps(doc, 0);
	assert_int_equal(ca_load_json_buf(s, strlen(s), "lenient", &inv), 0);
	assert_string_equal(inv->meta.host, "box");
	assert_int_equal(inv->nerrors, 0);
	assert_null(inv->creds[0]->identity);
	assert_int_equal(inv->creds[0]->locations[0].line, 0);
	free(s);
	json_decref(doc);
	ca_inventory_free(inv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_json_file),
		cmocka_unit_test(test_db_renders_same_json),
		cmocka_unit_test(test_json_empty),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_lenient),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
