/* test_diff.c - the diff engine and writers (report/formats/diff.c): what
 * is new, gone and changed; scans under different keys are refused;
 * --fail-on looks only at what is new; the JSON describes a credential
 * with the report's own serialiser (the brief view is the full object
 * with keys left out, never other values); the text escapes file names. */
#include "tests/unit/unit.h"
#include <jansson.h>
#include "report/formats/diff.h"
#include "report/formats/json_p.h"

#define ID_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define ID_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define ID_C "cccccccccccccccccccccccccccccccc"
#define KEY  "0011223344556677"

/* Adds one sighting of 'id' (borrowed strings) to 'inv'. */
static void
add(struct ca_inventory *inv, const char *id, const char *kind,
    const char *path, int tier)
{
	struct ca_sighting s;

	memset(&s, 0, sizeof(s));
	memcpy(s.id, id, CA_ID_HEX);
	s.kind = kind;
	s.rule = "test.rule";
	s.redacted = "abcd...";
	s.standing = -1;
	s.tier = tier;
	s.structured = true;
	s.path = path;
	s.line = 3;
	s.mode = 0600;
	s.uid = 1000;
	assert_int_equal(ca_inventory_add(inv, &s), 0);
}

/* Returns an owned, finished inventory under fingerprint key 'key'. */
static struct ca_inventory *
finish(struct ca_inventory *inv, const char *key)
{
	ca_inventory_finish(inv, NULL, NULL);
	snprintf(inv->meta.key_id, sizeof(inv->meta.key_id), "%s", key);
	snprintf(inv->meta.started, sizeof(inv->meta.started),
	    "2026-01-02T03:04:05Z");
	inv->meta.target_type = "dir";
	inv->meta.root = "/";
	return inv;
}

/* From: A (write) and B. To: A read-only and copied to a second file, C,
 * and a path that holds an escape sequence. */
static void
sides(struct ca_diff_side *from, struct ca_diff_side *to, const char *key)
{
	struct ca_inventory *f = ca_inventory_new(), *t = ca_inventory_new();

	add(f, ID_A, "github-pat-classic", "home/a/.bashrc", -1);
	add(f, ID_B, "npm-token", "home/a/.npmrc", -1);
	add(t, ID_A, "github-pat-classic", "home/a/.bashrc", CA_TIER_READ);
	add(t, ID_A, "github-pat-classic", "home/a/.profile", CA_TIER_READ);
	add(t, ID_C, "gitlab-pat", "home/a/odd\x1b[31m.env", -1);
	memset(from, 0, sizeof(*from));
	memset(to, 0, sizeof(*to));
	from->source = "r1.json";
	from->inv = finish(f, KEY);
	to->source = "r2.json";
	to->scan = 7;
	to->inv = finish(t, key);
}

static void
release(struct ca_diff *d, struct ca_diff_side *a, struct ca_diff_side *b)
{
	ca_diff_release(d);
	ca_inventory_free(a->inv);
	ca_inventory_free(b->inv);
}

static void
test_compute(void **state)
{
	struct ca_diff_side a, b;
	struct ca_diff d;

	(void)state;
	sides(&a, &b, KEY);
	assert_int_equal(ca_diff_compute(&a, &b, &d), 0);
	assert_int_equal(d.nadded, 1);
	assert_string_equal(d.added[0]->id, ID_C);
	assert_int_equal(d.ngone, 1);
	assert_string_equal(d.gone[0]->id, ID_B);
	assert_int_equal(d.nchanged, 1);
	assert_string_equal(d.changed[0].to->id, ID_A);
	assert_true(d.changed[0].tier);
	assert_false(d.changed[0].owner);
	assert_int_equal(d.changed[0].nadded, 1);
	assert_string_equal(d.changed[0].added[0]->path, "home/a/.profile");
	assert_int_equal(d.changed[0].nremoved, 0);
	/* only the new GitLab token (admin) counts for --fail-on */
	assert_true(ca_diff_fails(&d, CA_TIER_ADMIN, -1));
	assert_false(ca_diff_fails(&d, -1, CA_RISK_CRITICAL + 1));
	assert_false(ca_diff_fails(&d, -1, -1));
	release(&d, &a, &b);

	/* a scan compared with itself: nothing new, gone or changed */
	sides(&a, &b, KEY);
	assert_int_equal(ca_diff_compute(&b, &b, &d), 0);
	assert_int_equal(d.nadded + d.ngone + d.nchanged, 0);
	assert_false(ca_diff_fails(&d, CA_TIER_READ, CA_RISK_LOW));
	release(&d, &a, &b);
}

static void
test_other_key_refused(void **state)
{
	struct ca_diff_side a, b;
	struct ca_diff d;

	(void)state;
	sides(&a, &b, "8899aabbccddeeff");
	assert_int_equal(ca_diff_compute(&a, &b, &d), -1);
	assert_int_equal(d.nadded + d.ngone + d.nchanged, 0);
	assert_null(d.added);
	release(&d, &a, &b);
}

/* Whether every key of 'brief' is in 'full' with the same value, in the
 * same order (both borrowed). */
static void
assert_subset(json_t *brief, json_t *full)
{
	const char *key;
	json_t *v;
	void *it = json_object_iter(full);

	assert_true(json_object_size(brief) > 0);
	assert_true(json_object_size(brief) < json_object_size(full));
	json_object_foreach(brief, key, v)
	{
		json_t *w = json_object_get(full, key);

		if (!w)
			fail_msg("brief key '%s' is not in the report", key);
		/* the same order: skip the full keys the brief leaves out */
		while (it && strcmp(json_object_iter_key(it), key))
			it = json_object_iter_next(full, it);
		if (!it)
			fail_msg("brief key '%s' is out of order", key);
		if (json_is_object(v) || json_is_array(v)) {
			if (json_is_array(v)) {
				assert_int_equal(json_array_size(v),
				    json_array_size(w));
				for (size_t i = 0; i < json_array_size(v); i++)
					assert_subset(json_array_get(v, i),
					    json_array_get(w, i));
			} else {
				assert_subset(v, w);
			}
		} else if (!json_equal(v, w)) {
			fail_msg("brief key '%s' differs from the report", key);
		}
	}
}

static void
test_json(void **state)
{
	struct ca_diff_side a, b;
	struct ca_diff d;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	json_t *doc, *full, *ch;
	json_error_t jerr;

	(void)state;
	assert_non_null(out);
	sides(&a, &b, KEY);
	assert_int_equal(ca_diff_compute(&a, &b, &d), 0);
	assert_int_equal(ca_diff_write_json(out, &d), 0);
	fclose(out);
	doc = json_loadb(buf, len, 0, &jerr);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "schema")),
	    "credatlas-diff/1");
	assert_int_equal(json_integer_value(json_object_get(
	                     json_object_get(doc, "to"), "scan")),
	    7);
	assert_true(json_is_null(
	    json_object_get(json_object_get(doc, "from"), "scan")));
	/* the new credential is the report's object, some keys left out */
	full = ca_json_credential(d.added[0]);
	assert_subset(json_array_get(json_object_get(doc, "new"), 0), full);
	json_decref(full);
	full = ca_json_credential(d.gone[0]);
	assert_subset(json_array_get(json_object_get(doc, "gone"), 0), full);
	json_decref(full);
	ch = json_object_get(json_array_get(json_object_get(doc, "changed"), 0),
	    "changes");
	assert_string_equal(json_string_value(json_object_get(
	                        json_object_get(ch, "tier"), "to")),
	    "read");
	assert_int_equal(json_array_size(json_object_get(
	                     json_object_get(ch, "locations"), "added")),
	    1);
	assert_null(json_object_get(ch, "owner"));
	json_decref(doc);
	free(buf);
	release(&d, &a, &b);
}

static void
test_text(void **state)
{
	struct ca_diff_side a, b;
	struct ca_diff d;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(out);
	sides(&a, &b, KEY);
	assert_int_equal(ca_diff_compute(&a, &b, &d), 0);
	assert_int_equal(ca_diff_write_text(out, &d), 0);
	fclose(out);
	assert_null(memchr(buf, '\x1b', len));
	assert_non_null(strstr(buf, "home/a/odd\\x1b[31m.env:3\n"));
	assert_non_null(strstr(buf, "to:   scan 7 of r2.json (dir:/, "));
	assert_non_null(strstr(buf, "         tier admin -> read\n"));
	assert_non_null(strstr(buf, "         + home/a/.profile:3\n"));
	assert_non_null(strstr(buf, "1 new, 1 gone, 1 changed\n"));
	free(buf);
	release(&d, &a, &b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compute),
		cmocka_unit_test(test_other_key_refused),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_text),
	};
	return cmocka_run_group_tests_name("diff", tests, NULL, NULL);
}
