/* test_report.c - the report writers: the JSON document field by field,
 * the text layout (width, escaping, colour), the 0600 report opener and
 * the emitter table. Inventories are built through the public inventory
 * API, with file names chosen to break naive writers. */
#include "tests/unit/unit.h"
#include <fcntl.h>
#include <jansson.h>
#include <sys/stat.h>
#include <unistd.h>
#include "report/formats/emit.h"
#include "report/model/inventory.h"

#define ELL       "\xe2\x80\xa6" /* the ellipsis that ends a preview */
#define ID_PAT    "0123456789abcdef0123456789abcdef"
#define ID_HELPER "11111111111111111111111111111111"
#define ID_OPENAI "22222222222222222222222222222222"
#define ID_AWS    "33333333333333333333333333333333"
#define ID_JWT    "44444444444444444444444444444444"

#define PATH_NEWLINE      "home/bob/weird\nname\033[31m\a.gitconfig"
#define PATH_BADUTF8      "home/alice/\xff\xfe proj/.env"
#define PATH_BADUTF8_JSON "home/alice/\\xff\\xfe proj/.env"
#define PATH_QUOTES       "home/alice/\"quoted\" \\ </script>.txt"
#define PATH_ERROR        "home/x/\033]0;pwned\a"
#define IDENTITY_BIDI                                                          \
	"admin\xe2\x80\xae"                                                    \
	"evil@example.com"

/* A path longer than any line, so the text writer must cut it. */
static const char *const long_path =
    "home/alice/projects/a-very-long-directory-name-that-goes-on/"
    "and-on-and-on/through/many/levels/of/nesting/until/it/is/well/"
    "past/eighty/columns/deploy/secrets/production.env";

static const char *
uid_name(void *arg, int64_t uid)
{
	(void)arg;
	return uid == 1000 ? "alice" : NULL;
}

static void
sight(struct ca_inventory *inv, const char *id, const char *kind,
    const char *rule, const char *redacted, const char *identity,
    const char *path, unsigned int line, uint32_t mode, int64_t uid)
{
	struct ca_sighting s;

	memset(&s, 0, sizeof(s));
	memcpy(s.id, id, CA_ID_HEX);
	s.id[CA_ID_HEX] = '\0';
	s.kind = kind;
	s.rule = rule;
	s.redacted = redacted;
	s.identity = identity;
	s.standing = -1;
	s.tier = -1;
	s.structured = true;
	s.path = path;
	s.line = line;
	s.mode = mode;
	s.uid = uid;
	assert_int_equal(ca_inventory_add(inv, &s), 0);
}

/* Returns an owned, finished inventory with five credentials, seven
 * errors and odd names everywhere. */
static struct ca_inventory *
build_inventory(void)
{
	static const char *const scopes[] = { "model.request", "files.read",
		NULL };
	struct ca_inventory *inv = ca_inventory_new();
	struct ca_sighting s;

	sight(inv, ID_PAT, "github-pat-classic", "gh.hosts-token",
	    "ghp_a1B2" ELL, "octocat@github.com",
	    "home/alice/.config/gh/hosts.yml", 3, 0600, 1000);
	sight(inv, ID_PAT, "github-pat-classic", "git.credentials-store",
	    "ghp_a1B2" ELL, NULL, "home/alice/.git-credentials", 1, 0644, 1000);
	sight(inv, ID_HELPER, "git-credential-helper",
	    "gitconfig.credential-helper", NULL, "osxkeychain", PATH_NEWLINE, 0,
	    0644, -1);

	memset(&s, 0, sizeof(s));
	memcpy(s.id, ID_OPENAI, sizeof(s.id));
	s.kind = "openai-api-key";
	s.rule = "content.openai-api-key";
	s.redacted = "sk-proj-wxyz" ELL;
	s.standing = -1;
	s.tier = -1;
	s.scopes = scopes;
	s.detail = "found by a content rule";
	s.path = PATH_BADUTF8;
	s.line = 12;
	s.mode = 0600;
	s.uid = 1001;
	assert_int_equal(ca_inventory_add(inv, &s), 0);

	sight(inv, ID_AWS, "aws-access-key", "content.aws-access-key",
	    "AKIAWXYZ" ELL, IDENTITY_BIDI, PATH_QUOTES, 7, 0600, 1000);
	sight(inv, ID_AWS, "aws-access-key", "content.aws-access-key",
	    "AKIAWXYZ" ELL, NULL, long_path, 2, 0600, 1000);

	memset(&s, 0, sizeof(s));
	memcpy(s.id, ID_JWT, sizeof(s.id));
	s.kind = "jwt";
	s.rule = "content.jwt";
	s.redacted = "eyJabcd" ELL;
	s.expires = "2999-01-01T00:00:00Z";
	s.standing = 0;
	s.tier = -1;
	s.path = "home/alice/.cache/token";
	s.line = 1;
	s.mode = 0600;
	s.uid = 1000;
	assert_int_equal(ca_inventory_add(inv, &s), 0);

	ca_inventory_add_error(inv, PATH_ERROR, "permission denied");
	ca_inventory_add_error(inv,
	    "home/alice/"
	    "\xff",
	    "invalid \x1b byte");
	for (int i = 0; i < 5; i++) {
		char p[32];
		snprintf(p, sizeof(p), "var/lib/x%d", i);
		ca_inventory_add_error(inv, p, "too large");
	}

	inv->meta.root = "/";
	inv->meta.target_type = "dir";
	snprintf(inv->meta.started, sizeof(inv->meta.started),
	    "2026-01-02T03:04:05Z");
	snprintf(inv->meta.finished, sizeof(inv->meta.finished),
	    "2026-01-02T03:04:09Z");
	snprintf(inv->meta.key_id, sizeof(inv->meta.key_id),
	    "0011223344556677");
	inv->meta.stats.files = 1234;
	inv->meta.stats.bytes = 5u * 1024 * 1024 + 77;
	inv->meta.stats.skipped = 12;
	ca_inventory_finish(inv, uid_name, NULL);
	return inv;
}

/* Returns the owned bytes 'e' writes for 'inv' (both borrowed). */
static char *
render(const struct ca_emitter *e, const struct ca_inventory *inv,
    const struct ca_emit_opts *opts, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);

	assert_non_null(fp);
	assert_int_equal(e->write(fp, inv, opts), 0);
	assert_int_equal(fclose(fp), 0);
	if (len)
		*len = n;
	return buf;
}

/* Returns a borrowed member, failing the test when it is absent or of the
 * wrong type. */
static json_t *
member(json_t *obj, const char *key, json_type type)
{
	json_t *v;

	assert_true(json_is_object(obj));
	v = json_object_get(obj, key);
	if (!v)
		fail_msg("missing key '%s'", key);
	if (json_typeof(v) != type)
		fail_msg("key '%s' has type %d, want %d", key,
		    (int)json_typeof(v), (int)type);
	return v;
}

static void
assert_nullable(json_t *obj, const char *key, json_type type)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		fail_msg("missing key '%s'", key);
	if (!json_is_null(v) && json_typeof(v) != type)
		fail_msg("key '%s' has type %d", key, (int)json_typeof(v));
}

static const char *
str(json_t *obj, const char *key)
{
	return json_string_value(member(obj, key, JSON_STRING));
}

static json_int_t
num(json_t *obj, const char *key)
{
	return json_integer_value(member(obj, key, JSON_INTEGER));
}

/* Returns the borrowed credential with this id in the parsed document. */
static json_t *
cred_by_id(json_t *doc, const char *id)
{
	json_t *creds = json_object_get(doc, "credentials");

	for (size_t i = 0; i < json_array_size(creds); i++) {
		json_t *c = json_array_get(creds, i);
		if (!strcmp(json_string_value(json_object_get(c, "id")), id))
			return c;
	}
	fail_msg("no credential '%s'", id);
	return NULL;
}

static void
assert_keys(json_t *obj, const char *const *keys)
{
	const char *key;
	json_t *v;
	size_t i = 0;

	/* Order matters: the document is diffed between scans. */
	json_object_foreach(obj, key, v)
	{
		(void)v;
		assert_non_null(keys[i]);
		assert_string_equal(key, keys[i]);
		i++;
	}
	assert_null(keys[i]);
}

static void
test_utf8_escape(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain/ascii", "plain/ascii" },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91",
		    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91" },
		{ "a\xff"
		  "b",
		    "a\\xff"
		    "b" },
		{ "\xc0\xaf", "\\xc0\\xaf" },          /* overlong '/' */
		{ "\xed\xa0\x80", "\\xed\\xa0\\x80" }, /* surrogate */
		{ "\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80" }, /* > U+10FFFF */
		{ "end\xe2\x82", "end\\xe2\\x82" },             /* cut short */
		{ "\x80x", "\\x80x" }, /* stray continuation */
		{ "\xe2\x28\xa1", "\\xe2(\\xa1" },
		{ "", "" },
	};
	uint32_t cp = 0;
	(void)state;

	for (size_t i = 0; i < CA_ARRAY_SIZE(cases); i++) {
		char *got = ca_utf8_escape(cases[i].in);
		assert_string_equal(got, cases[i].out);
		free(got);
	}
	assert_int_equal(
	    ca_utf8_decode((const unsigned char *)"\xe2\x80\xae", 3, &cp), 3);
	assert_int_equal(cp, 0x202e);
	assert_int_equal(
	    ca_utf8_decode((const unsigned char *)"\xe2\x80\xae", 2, &cp), 0);
	assert_int_equal(ca_utf8_decode((const unsigned char *)"", 0, &cp), 0);
}

static void
test_json_document(void **state)
{
	static const char *const top[] = { "schema", "tool", "scan", "summary",
		"credentials", "errors", "ignored", NULL };
	static const char *const risks[] = { "critical", "high", "medium",
		"low", NULL };
	static const char *const tiers[] = { "admin", "secret", "write", "read",
		NULL };
	static const char *const cred_keys[] = { "id", "surface", "kind",
		"label", "rule", "redacted", "identity", "owner", "tier",
		"tier_evidence", "risk", "reasons", "scopes", "expires",
		"standing", "misplaced", "locations", "links", "verified",
		"verify_error", NULL };
	static const char *const loc_keys[] = { "path", "line", "mode", "uid",
		"rule", "misplaced", "tracked", NULL };
	static const char *const owner_keys[] = { "user", "uid", "source",
		"team", "contact", NULL };
	struct ca_inventory *inv = build_inventory();
	json_t *doc, *scan, *stats, *sum, *creds, *c, *loc, *locs, *owner;
	json_t *errs;
	json_error_t jerr;
	size_t len, total = 0;
	char *out = render(&ca_emitter_json, inv, NULL, &len);
	const char *key;
	json_t *v;
	(void)state;

	assert_true(len > 0);
	assert_int_equal(out[len - 1], '\n');
	doc = json_loadb(out, len, 0, &jerr);
	if (!doc)
		fail_msg("invalid JSON at line %d: %s", jerr.line, jerr.text);
	assert_keys(doc, top);

	assert_string_equal(str(doc, "schema"), "credatlas/1");
	assert_string_equal(str(member(doc, "tool", JSON_OBJECT), "name"),
	    "credatlas");
	assert_string_equal(str(member(doc, "tool", JSON_OBJECT), "version"),
	    CA_VERSION);

	scan = member(doc, "scan", JSON_OBJECT);
	assert_string_equal(str(member(scan, "target", JSON_OBJECT), "type"),
	    "dir");
	assert_string_equal(str(member(scan, "target", JSON_OBJECT), "root"),
	    "/");
	assert_string_equal(str(scan, "started"), "2026-01-02T03:04:05Z");
	assert_string_equal(str(scan, "finished"), "2026-01-02T03:04:09Z");
	assert_string_equal(str(scan, "key_id"), "0011223344556677");
	stats = member(scan, "stats", JSON_OBJECT);
	assert_int_equal(num(stats, "files"), 1234);
	assert_int_equal(num(stats, "bytes"), 5 * 1024 * 1024 + 77);
	assert_int_equal(num(stats, "skipped"), 12);
	assert_int_equal(num(stats, "errors"), 7);
	assert_int_equal(num(stats, "ignored"), 0);
	assert_int_equal(json_array_size(member(doc, "ignored", JSON_ARRAY)),
	    0);

	sum = member(doc, "summary", JSON_OBJECT);
	assert_int_equal(num(sum, "credentials"), 5);
	assert_keys(member(sum, "by_risk", JSON_OBJECT), risks);
	assert_keys(member(sum, "by_tier", JSON_OBJECT), tiers);
	json_object_foreach(member(sum, "by_risk", JSON_OBJECT), key, v)
	    total += (size_t)json_integer_value(v);
	assert_int_equal(total, 5);
	total = 0;
	json_object_foreach(member(sum, "by_tier", JSON_OBJECT), key, v)
	    total += (size_t)json_integer_value(v);
	assert_int_equal(total, 5);
	total = 0;
	json_object_foreach(member(sum, "by_surface", JSON_OBJECT), key, v)
	    total += (size_t)json_integer_value(v);
	assert_int_equal(total, 5);
	assert_int_equal(num(member(sum, "by_surface", JSON_OBJECT), "github"),
	    1);
	assert_int_equal(num(member(sum, "by_surface", JSON_OBJECT), "git"), 1);
	assert_int_equal(num(member(sum, "by_surface", JSON_OBJECT), "cloud"),
	    1);

	/* Every credential: every field, with its type, in order. */
	creds = member(doc, "credentials", JSON_ARRAY);
	assert_int_equal(json_array_size(creds), inv->ncreds);
	for (size_t i = 0; i < json_array_size(creds); i++) {
		c = json_array_get(creds, i);
		assert_keys(c, cred_keys);
		/* The inventory's order, untouched. */
		assert_string_equal(str(c, "id"), inv->creds[i]->id);
		assert_int_equal(strlen(str(c, "id")), CA_ID_HEX);
		str(c, "surface");
		str(c, "kind");
		str(c, "label");
		str(c, "rule");
		assert_nullable(c, "redacted", JSON_STRING);
		assert_nullable(c, "identity", JSON_STRING);
		owner = member(c, "owner", JSON_OBJECT);
		assert_keys(owner, owner_keys);
		assert_nullable(owner, "user", JSON_STRING);
		assert_nullable(owner, "uid", JSON_INTEGER);
		str(owner, "source");
		assert_nullable(owner, "team", JSON_STRING);
		assert_nullable(owner, "contact", JSON_STRING);
		assert_true(ca_tier_parse(str(c, "tier")) >= 0);
		str(c, "tier_evidence");
		assert_true(json_is_boolean(json_object_get(c, "misplaced")));
		assert_true(ca_risk_parse(str(c, "risk")) >= 0);
		member(c, "reasons", JSON_ARRAY);
		member(c, "scopes", JSON_ARRAY);
		assert_nullable(c, "expires", JSON_STRING);
		assert_true(json_is_boolean(json_object_get(c, "standing")));
		assert_true(
		    json_array_size(member(c, "locations", JSON_ARRAY)) > 0);
		locs = json_object_get(c, "locations");
		for (size_t j = 0; j < json_array_size(locs); j++) {
			loc = json_array_get(locs, j);
			assert_keys(loc, loc_keys);
			str(loc, "path");
			assert_nullable(loc, "line", JSON_INTEGER);
			assert_int_equal(strlen(str(loc, "mode")), 4);
			assert_int_equal(str(loc, "mode")[0], '0');
			assert_nullable(loc, "uid", JSON_INTEGER);
			str(loc, "rule");
			assert_true(
			    json_is_boolean(json_object_get(loc, "misplaced")));
		}
	}
	/* Most severe first. */
	assert_string_equal(str(json_array_get(creds, 0), "risk"), "critical");

	c = cred_by_id(doc, ID_PAT);
	assert_string_equal(str(c, "surface"), "github");
	assert_string_equal(str(c, "kind"), "github-pat-classic");
	assert_string_equal(str(c, "label"),
	    "GitHub classic personal access token");
	assert_string_equal(str(c, "redacted"), "ghp_a1B2" ELL);
	assert_string_equal(str(c, "identity"), "octocat@github.com");
	assert_string_equal(str(c, "tier"), "admin");
	assert_string_equal(str(c, "risk"), "critical");
	assert_true(json_is_true(json_object_get(c, "standing")));
	assert_true(json_is_null(json_object_get(c, "expires")));
	owner = json_object_get(c, "owner");
	assert_string_equal(str(owner, "user"), "alice");
	assert_int_equal(num(owner, "uid"), 1000);
	/* its identity names the owner; the file's owner is still given */
	assert_string_equal(str(owner, "source"), "identity");
	assert_true(json_is_null(json_object_get(owner, "team")));
	assert_string_equal(str(c, "tier_evidence"), "assumed");
	assert_int_equal(json_array_size(json_object_get(c, "locations")), 2);
	loc = json_array_get(json_object_get(c, "locations"), 0);
	assert_string_equal(str(loc, "path"),
	    "home/alice/.config/gh/hosts.yml");
	assert_int_equal(num(loc, "line"), 3);
	assert_string_equal(str(loc, "mode"), "0600");
	assert_int_equal(num(loc, "uid"), 1000);
	assert_string_equal(str(loc, "rule"), "gh.hosts-token");
	loc = json_array_get(json_object_get(c, "locations"), 1);
	assert_string_equal(str(loc, "mode"), "0644");
	assert_string_equal(str(loc, "rule"), "git.credentials-store");

	/* A delegation: no preview, no owner, no line. */
	c = cred_by_id(doc, ID_HELPER);
	assert_true(json_is_null(json_object_get(c, "redacted")));
	owner = json_object_get(c, "owner");
	assert_true(json_is_null(json_object_get(owner, "user")));
	assert_true(json_is_null(json_object_get(owner, "uid")));
	assert_string_equal(str(owner, "source"), "unowned");
	loc = json_array_get(json_object_get(c, "locations"), 0);
	/* Control characters survive as JSON escapes, byte for byte. */
	assert_string_equal(str(loc, "path"), PATH_NEWLINE);
	assert_true(json_is_null(json_object_get(loc, "line")));
	assert_true(json_is_null(json_object_get(loc, "uid")));

	c = cred_by_id(doc, ID_OPENAI);
	assert_true(json_is_null(json_object_get(c, "identity")));
	assert_int_equal(json_array_size(json_object_get(c, "scopes")), 2);
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(c, "scopes"), 0)),
	    "files.read");
	assert_true(json_array_size(json_object_get(c, "reasons")) >= 1);
	loc = json_array_get(json_object_get(c, "locations"), 0);
	assert_string_equal(str(loc, "path"), PATH_BADUTF8_JSON);
	owner = json_object_get(c, "owner");
	assert_true(json_is_null(json_object_get(owner, "user")));
	assert_int_equal(num(owner, "uid"), 1001);

	c = cred_by_id(doc, ID_AWS);
	assert_string_equal(str(c, "identity"), IDENTITY_BIDI);
	loc = json_array_get(json_object_get(c, "locations"), 0);
	assert_string_equal(str(loc, "path"), PATH_QUOTES);

	c = cred_by_id(doc, ID_JWT);
	assert_string_equal(str(c, "expires"), "2999-01-01T00:00:00Z");
	assert_true(json_is_false(json_object_get(c, "standing")));

	errs = member(doc, "errors", JSON_ARRAY);
	assert_int_equal(json_array_size(errs), 7);
	for (size_t i = 0; i < json_array_size(errs); i++) {
		str(json_array_get(errs, i), "path");
		str(json_array_get(errs, i), "error");
	}
	assert_string_equal(str(json_array_get(errs, 0), "path"),
	    "home/alice/\\xff");
	assert_string_equal(str(json_array_get(errs, 1), "path"), PATH_ERROR);

	json_decref(doc);
	free(out);
	ca_inventory_free(inv);
}

static void
test_json_deterministic(void **state)
{
	struct ca_inventory *a = build_inventory(), *b = build_inventory();
	size_t la, lb;
	char *x = render(&ca_emitter_json, a, NULL, &la);
	char *y = render(&ca_emitter_json, b, NULL, &lb);
	(void)state;

	assert_int_equal(la, lb);
	assert_memory_equal(x, y, la);
	/* Two-space indentation, as documented. */
	assert_non_null(strstr(x, "\n  \"schema\": \"credatlas/1\""));
	/* "</script>" goes out as is: the document is not meant for HTML, and
	 * escaping "/" would garble every path. */
	assert_non_null(strstr(x, "</script>"));
	free(x);
	free(y);
	ca_inventory_free(a);
	ca_inventory_free(b);
}

static void
test_json_empty(void **state)
{
	struct ca_inventory *inv = ca_inventory_new();
	json_t *doc, *sum;
	size_t len;
	char *out;
	(void)state;

	ca_inventory_finish(inv, NULL, NULL);
	out = render(&ca_emitter_json, inv, NULL, &len);
	doc = json_loadb(out, len, 0, NULL);
	assert_non_null(doc);
	assert_int_equal(
	    json_array_size(member(doc, "credentials", JSON_ARRAY)), 0);
	assert_int_equal(json_array_size(member(doc, "errors", JSON_ARRAY)), 0);
	sum = member(doc, "summary", JSON_OBJECT);
	assert_int_equal(num(sum, "credentials"), 0);
	assert_int_equal(
	    json_object_size(member(sum, "by_surface", JSON_OBJECT)), 0);
	assert_int_equal(num(member(sum, "by_risk", JSON_OBJECT), "critical"),
	    0);
	/* Unset times and key are empty strings, not garbage. */
	assert_string_equal(str(member(doc, "scan", JSON_OBJECT), "started"),
	    "");
	json_decref(doc);
	free(out);
	ca_inventory_free(inv);
}

/* Removes "ESC [ ... m" sequences in place; returns how many. Fails the
 * test on any other escape sequence. */
static size_t
strip_sgr(char *s)
{
	char *r = s, *w = s;
	size_t n = 0;

	while (*r) {
		if (*r != '\033') {
			*w++ = *r++;
			continue;
		}
		assert_int_equal(r[1], '[');
		r += 2;
		while ((*r >= '0' && *r <= '9') || *r == ';')
			r++;
		assert_int_equal(*r, 'm');
		r++;
		n++;
	}
	*w = '\0';
	return n;
}

/* Checks the text is valid UTF-8, has no control character but '\n', and
 * no line wider than 'width' code points. Returns the number of lines. */
static size_t
check_lines(const char *s, size_t width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), col = 0, lines = 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = ca_utf8_decode(p + i, n - i, &cp);

		if (!len)
			fail_msg("invalid UTF-8 at byte %zu", i);
		if (cp == '\n') {
			lines++;
			col = 0;
		} else {
			if (cp < 0x20 || cp == 0x7f ||
			    (cp >= 0x80 && cp < 0xa0))
				fail_msg("control character %#x at byte %zu",
				    (unsigned)cp, i);
			if (cp == 0x202e)
				fail_msg("bidi override at byte %zu", i);
			col++;
			if (col > width)
				fail_msg("line %zu is wider than %zu: %.*s",
				    lines + 1, width, (int)(i + len), s);
		}
		i += len;
	}
	assert_true(n == 0 || s[n - 1] == '\n');
	return lines;
}

static void
test_text_layout(void **state)
{
	struct ca_inventory *inv = build_inventory();
	struct ca_emit_opts opts = { 0 };
	char *out = render(&ca_emitter_text, inv, &opts, NULL);
	(void)state;

	assert_null(strchr(out, '\033'));
	assert_true(check_lines(out, 80) > 15);
	/* The summary comes first, with its table. */
	assert_true(strstr(out, "surface") < strstr(out, "critical  admin"));
	/* risks from the matrix: the PAT and the AWS key are admin and in two
	 * places (critical), the helper is capped low, the OpenAI key is
	 * write and sits in a .env file (high), the JWT is read (low) */
	assert_non_null(strstr(out,
	    "5 credentials: 2 critical, 1 high, "
	    "0 medium, 2 low"));
	assert_non_null(strstr(out,
	    "files     1234 read (5.0 MiB), "
	    "12 skipped, 7 errors"));
	assert_non_null(strstr(out, "key       0011223344556677"));
	/* One entry per credential, with what identifies it. */
	assert_non_null(strstr(out, "GitHub classic personal access token"));
	assert_non_null(strstr(out,
	    "ghp_a1B2" ELL "  octocat@github.com  "
	    "owner alice"));
	assert_non_null(strstr(out,
	    "          home/alice/.config/gh/hosts.yml:3\n"
	    "          home/alice/.git-credentials:1\n"));
	/* Escaped, never raw. */
	assert_non_null(strstr(out,
	    "home/bob/weird\\nname\\x1b[31m\\x07"
	    ".gitconfig\n"));
	assert_non_null(strstr(out, "home/alice/\\xff\\xfe proj/.env:12"));
	assert_non_null(strstr(out, "admin\\u202eevil@example.com"));
	assert_non_null(strstr(out, "\"quoted\" \\ </script>.txt:7"));
	/* A long path keeps its end. */
	assert_non_null(strstr(out, "\n          " ELL "/"));
	assert_non_null(strstr(out, "deploy/secrets/production.env:2\n"));
	/* No owner name without the target's passwd. */
	assert_non_null(strstr(out, "owner uid 1001"));
	assert_non_null(strstr(out, "owner unknown"));
	/* Errors close the report, the first few of them. */
	assert_non_null(strstr(out, "7 errors, the first ones:"));
	assert_non_null(strstr(out, "home/x/\\x1b]0;pwned\\x07\n"));
	assert_non_null(strstr(out, "invalid \\x1b byte"));
	assert_non_null(strstr(out, "and 2 more"));
	free(out);
	ca_inventory_free(inv);
}

static void
test_text_color(void **state)
{
	struct ca_inventory *inv = build_inventory();
	struct ca_emit_opts opts = { .color = true };
	char *out = render(&ca_emitter_text, inv, &opts, NULL);
	(void)state;

	assert_non_null(strstr(out, "\033[1;31mcritical\033[0m"));
	assert_non_null(strstr(out, "\033[33mhigh\033[0m"));
	/* Colour codes take no columns; once gone, the layout is the same as
	 * without colour, and nothing from the tree slipped an ESC in. */
	assert_true(strip_sgr(out) > 5);
	check_lines(out, 80);
	free(out);
	ca_inventory_free(inv);
}

static void
test_text_summary_only(void **state)
{
	struct ca_inventory *inv = build_inventory();
	struct ca_emit_opts opts = { .summary_only = true };
	char *out = render(&ca_emitter_text, inv, &opts, NULL);
	char *github, *git;
	(void)state;

	check_lines(out, 80);
	assert_non_null(
	    strstr(out, "surface     worst      admin secret  write"));
	assert_null(strstr(out, "hosts.yml"));
	assert_null(strstr(out, "octocat"));
	assert_null(strstr(out, "the first ones"));
	/* Most critical surface first; "all" totals the rows. */
	github = strstr(out, "\ngithub ");
	git = strstr(out, "\ngit ");
	assert_non_null(github);
	assert_non_null(git);
	assert_true(strstr(out, "\ncloud ") < git);
	assert_true(github < git);
	assert_non_null(strstr(out,
	    "\nall         critical       2      0"
	    "      2      1      5\n"));
	free(out);
	ca_inventory_free(inv);
}

static void
test_text_widths(void **state)
{
	struct ca_inventory *inv = build_inventory();
	struct ca_emit_opts wide = { .width = 250 };
	struct ca_emit_opts narrow = { .width = 20 };
	char *out;
	(void)state;

	out = render(&ca_emitter_text, inv, &wide, NULL);
	check_lines(out, 250);
	/* With room, the long path is whole. */
	assert_non_null(strstr(out, long_path));
	free(out);
	/* Below 60 columns the layout stops shrinking. */
	out = render(&ca_emitter_text, inv, &narrow, NULL);
	check_lines(out, 60);
	free(out);
	out = render(&ca_emitter_text, inv, NULL, NULL);
	check_lines(out, 80);
	free(out);
	ca_inventory_free(inv);
}

/* Fields far larger than any line, full of bytes that must be escaped:
 * the writer cuts them, stays in its columns and does not crash. */
static void
test_text_huge_fields(void **state)
{
	struct ca_inventory *inv = ca_inventory_new();
	size_t n = 200 * 1024;
	char *ident = malloc(n + 1), *path = malloc(5001);
	struct ca_emit_opts opts = { .color = true };
	json_t *doc;
	char *out;
	(void)state;

	assert_non_null(ident);
	assert_non_null(path);
	for (size_t i = 0; i < n; i++)
		ident[i] = (char)(i % 3 ? 'a' : '\x1b');
	ident[n] = '\0';
	for (size_t i = 0; i < 5000; i++)
		path[i] = (char)(i % 2 ? '/' : '\x9b'); /* 8-bit CSI */
	path[0] = '/';
	path[4999] = 'z';
	path[5000] = '\0';
	sight(inv, ID_PAT, "no-such-kind", "x.rule", ident, ident, path, 9,
	    0600, 1000);
	ca_inventory_add_error(inv, path, ident);
	ca_inventory_finish(inv, uid_name, NULL);

	out = render(&ca_emitter_text, inv, &opts, NULL);
	strip_sgr(out);
	check_lines(out, 80);
	/* Cut from the left: the end of the path and its line survive. */
	assert_non_null(strstr(out, "/\\x9bz:9\n"));
	free(out);
	out = render(&ca_emitter_json, inv, NULL, NULL);
	doc = json_loads(out, 0, NULL);
	assert_non_null(doc);
	json_decref(doc);
	free(out);
	free(ident);
	free(path);
	ca_inventory_free(inv);
}

static void
test_text_empty(void **state)
{
	struct ca_inventory *inv = ca_inventory_new();
	char *out;
	(void)state;

	ca_inventory_finish(inv, NULL, NULL);
	out = render(&ca_emitter_text, inv, NULL, NULL);
	check_lines(out, 80);
	assert_non_null(strstr(out, "no credentials found\n"));
	assert_non_null(strstr(out, "no errors\n"));
	assert_non_null(strstr(out, "scan      - to -\n"));
	free(out);
	ca_inventory_free(inv);
}

static void
test_report_open(void **state)
{
	char dir[] = "/tmp/credatlas-test-XXXXXX";
	char path[64], link[64];
	struct stat st;
	mode_t old;
	FILE *fp;
	int fd;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/new.json", dir);
	snprintf(link, sizeof(link), "%s/link.json", dir);

	/* Created 0600 even when the umask would allow everything. */
	old = umask(0);
	fp = ca_report_open(path);
	assert_non_null(fp);
	assert_int_equal(fputs("{}\n", fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);

	/* An existing, readable file is narrowed and truncated. */
	assert_int_equal(chmod(path, 0644), 0);
	fp = ca_report_open(path);
	assert_non_null(fp);
	assert_int_equal(fstat(fileno(fp), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_size, 0);
	assert_true(fcntl(fileno(fp), F_GETFD) & FD_CLOEXEC);
	assert_int_equal(fclose(fp), 0);

	/* A symbolic link is refused, and its target left alone. */
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(symlink(path, link), 0);
	assert_null(ca_report_open(link));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	umask(old);

	/* A missing directory is an error, not a crash. */
	snprintf(path, sizeof(path), "%s/no/such.json", dir);
	assert_null(ca_report_open(path));

	/* Non-regular files are written to but never chmod-ed. */
	fd = open("/dev/null", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	close(fd);
	if (access("/dev/null", W_OK) == 0) {
		struct stat after;
		fp = ca_report_open("/dev/null");
		assert_non_null(fp);
		fclose(fp);
		assert_int_equal(stat("/dev/null", &after), 0);
		assert_int_equal(after.st_mode, st.st_mode);
	}

	snprintf(path, sizeof(path), "%s/new.json", dir);
	unlink(link);
	unlink(path);
	rmdir(dir);
}

static void
test_emitter_lookup(void **state)
{
	const struct ca_emitter *const *all;
	size_t n = 0;
	(void)state;

	assert_ptr_equal(ca_emitter_find("json"), &ca_emitter_json);
	assert_ptr_equal(ca_emitter_find("text"), &ca_emitter_text);
	assert_null(ca_emitter_find("xml"));
	assert_null(ca_emitter_find("JSON"));
	assert_null(ca_emitter_find(""));
	assert_null(ca_emitter_find(NULL));

	assert_ptr_equal(ca_emitter_for_path("inv.json"), &ca_emitter_json);
	assert_ptr_equal(ca_emitter_for_path("/tmp/x/INV.JSON"),
	    &ca_emitter_json);
	assert_ptr_equal(ca_emitter_for_path("summary.txt"), &ca_emitter_text);
	assert_ptr_equal(ca_emitter_for_path("summary.text"), &ca_emitter_text);
	assert_ptr_equal(ca_emitter_for_path("a.json.txt"), &ca_emitter_text);
	assert_null(ca_emitter_for_path("inv.docx"));
	assert_null(ca_emitter_for_path("json"));
	assert_null(ca_emitter_for_path(".json"));
	assert_null(ca_emitter_for_path("dir/.txt"));
	assert_null(ca_emitter_for_path("-"));
	assert_null(ca_emitter_for_path(""));
	assert_null(ca_emitter_for_path(NULL));

	all = ca_emitters(&n);
	assert_true(n >= 2);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(all[i]->format);
		/* Stream writers, or writers of a file of their own (SQLite).
		 */
		assert_true(all[i]->write || all[i]->write_path);
		assert_non_null(all[i]->extensions);
		assert_non_null(all[i]->extensions[0]);
		assert_ptr_equal(ca_emitter_find(all[i]->format), all[i]);
		for (size_t j = 0; all[i]->extensions[j]; j++) {
			char name[32];
			assert_int_equal(all[i]->extensions[j][0], '.');
			snprintf(name, sizeof(name), "r%s",
			    all[i]->extensions[j]);
			assert_ptr_equal(ca_emitter_for_path(name), all[i]);
		}
		if (i)
			assert_true(
			    strcmp(all[i - 1]->format, all[i]->format) < 0);
	}
}

/* A writer that cannot write must say so, not report success. */
static void
test_write_error(void **state)
{
	struct ca_inventory *inv = build_inventory();
	FILE *fp = fopen("/dev/full", "w");
	size_t n = 0;
	const struct ca_emitter *const *all = ca_emitters(&n);
	(void)state;

	if (!fp) {
		ca_inventory_free(inv);
		skip();
	}
	fclose(fp);
	for (size_t i = 0; i < n; i++) {
		if (!all[i]->write)
			continue; /* writes its own file; tested on its own */
		fp = fopen("/dev/full", "w");
		assert_non_null(fp);
		/* Unbuffered, so the failure shows before fclose(). */
		setvbuf(fp, NULL, _IONBF, 0);
		assert_int_equal(all[i]->write(fp, inv, NULL), -1);
		fclose(fp);
	}
	ca_inventory_free(inv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_escape),
		cmocka_unit_test(test_json_document),
		cmocka_unit_test(test_json_deterministic),
		cmocka_unit_test(test_json_empty),
		cmocka_unit_test(test_text_layout),
		cmocka_unit_test(test_text_color),
		cmocka_unit_test(test_text_summary_only),
		cmocka_unit_test(test_text_widths),
		cmocka_unit_test(test_text_huge_fields),
		cmocka_unit_test(test_text_empty),
		cmocka_unit_test(test_report_open),
		cmocka_unit_test(test_emitter_lookup),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
