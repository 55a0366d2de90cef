/* test_toml.c - the strict TOML reader: tables, arrays of tables, dotted
 * and quoted keys, both string kinds with escapes, integers in four bases,
 * booleans, nested arrays and inline tables; then every malformed input it
 * must refuse, with the line, the nesting bound, a huge line, and a
 * callback that stops the parse. */
#include "tests/unit/unit.h"
#include "lib/arena.h"
#include "scanners/kit/toml.h"

struct seen {
	char text[4096];
	size_t n;
	int stop_after;
};

static int
collect(void *arg, const struct toml_kv *kv)
{
	struct seen *s = arg;
	char key[512] = "";
	size_t o = 0;

	for (size_t i = 0; i < kv->depth; i++)
		o += (size_t)snprintf(key + o, sizeof(key) - o, "%s%s",
		    i ? "." : "", kv->path[i]);
	switch (kv->type) {
	case TOML_STRING:
		s->n += (size_t)snprintf(s->text + s->n, sizeof(s->text) - s->n,
		    "%s%s=s:%s@%u\n", kv->in_array_table ? "[[]]" : "", key,
		    kv->str, kv->line);
		break;
	case TOML_INT:
		s->n += (size_t)snprintf(s->text + s->n, sizeof(s->text) - s->n,
		    "%s=i:%lld\n", key, (long long)kv->num);
		break;
	case TOML_BOOL:
		s->n += (size_t)snprintf(s->text + s->n, sizeof(s->text) - s->n,
		    "%s=b:%d\n", key, kv->b);
		break;
	case TOML_ARRAY:
		s->n += (size_t)snprintf(s->text + s->n, sizeof(s->text) - s->n,
		    "%s=a\n", key);
		break;
	case TOML_DATETIME:
		s->n += (size_t)snprintf(s->text + s->n, sizeof(s->text) - s->n,
		    "%s=d:%.*s@%u\n", key, (int)kv->raw_len, kv->raw,
		    kv->array_line);
		break;
	}
	return s->stop_after && !--s->stop_after;
}

static int
parse(const char *doc, struct seen *s, struct toml_status *st)
{
	struct arena *a = arena_new(4096);
	int r;

	memset(s, 0, sizeof(*s));
	r = toml_parse(a, doc, strlen(doc), collect, s, st);
	arena_free(a);
	return r;
}

static void
test_valid(void **state)
{
	struct seen s;
	(void)state;
	struct toml_status st;
	const char *doc = "# cargo credentials\n"
	                  "top = \"t\"   # trailing comment\n"
	                  "\n"
	                  "[registry]\n"
	                  "token = \"cio\\u0041b\\tc\\\\d\\\"e\"\n"
	                  "[registries.\"my corp\"]\n"
	                  "token = 'C:\\raw\\path'\n"
	                  "n = +1_000\n"
	                  "h = 0xff\n"
	                  "o = 0o17\n"
	                  "b = 0b101\n"
	                  "neg = -42\n"
	                  "ok = true\n"
	                  "no = false\n"
	                  "list = [ 1, [\"a\", 'b'], # comment\n"
	                  "  { x = 1 }, ]\n"
	                  "site.name = \"dotted\"\n"
	                  "inline = { user = \"u\", deep.pass = \"p\" }\n"
	                  "empty = {}\n"
	                  "[[servers]]\n"
	                  "name = \"one\"\r\n"
	                  "[ spaced . table ]\n"
	                  "k = \"v\"";

	assert_int_equal(parse(doc, &s, &st), 0);
	assert_null(st.error);
	assert_string_equal(s.text,
	    "top=s:t@2\n"
	    "registry.token=s:cioAb\tc\\d\"e@5\n"
	    "registries.my corp.token=s:C:\\raw\\path@7\n"
	    "registries.my corp.n=i:1000\n"
	    "registries.my corp.h=i:255\n"
	    "registries.my corp.o=i:15\n"
	    "registries.my corp.b=i:5\n"
	    "registries.my corp.neg=i:-42\n"
	    "registries.my corp.ok=b:1\n"
	    "registries.my corp.no=b:0\n"
	    "registries.my corp.list=a\n"
	    "registries.my corp.site.name=s:dotted@17\n"
	    "registries.my corp.inline.user=s:u@18\n"
	    "registries.my corp.inline.deep.pass=s:p@18\n"
	    "[[]]servers.name=s:one@21\n"
	    "spaced.table.k=s:v@23\n");
}

/* gitlab-runner writes dates; the runners of [[runners]] are told apart
 * by the line of their header, which their [runners.x] tables keep. */
static void
test_datetime(void **state)
{
	struct seen s;
	struct toml_status st;
	const char *doc = "a = 1979-05-27T07:32:00Z\n"
	                  "b = 1979-05-27 07:32:00.999-07:00 # c\n"
	                  "c = 1979-05-27\n"
	                  "d = 07:32:00.5\n"
	                  "e = [1979-05-27, 0001-01-01T00:00:00Z]\n"
	                  "[[runners]]\n"
	                  "f = 2024-01-01T00:00:00z\n"
	                  "[runners.docker]\n"
	                  "g = 00:00:00\n"
	                  "[[runners]]\n"
	                  "h = 2024-01-01T00:00:00+01:30\n";

	(void)state;
	assert_int_equal(parse(doc, &s, &st), 0);
	assert_null(st.error);
	assert_string_equal(s.text,
	    "a=d:1979-05-27T07:32:00Z@0\n"
	    "b=d:1979-05-27 07:32:00.999-07:00@0\n"
	    "c=d:1979-05-27@0\n"
	    "d=d:07:32:00.5@0\n"
	    "e=a\n"
	    "runners.f=d:2024-01-01T00:00:00z@6\n"
	    "runners.docker.g=d:00:00:00@6\n"
	    "runners.h=d:2024-01-01T00:00:00+01:30@10\n");
}

static int
raw_cb(void *arg, const struct toml_kv *kv)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "%.*s|%s", (int)kv->raw_len, kv->raw,
	    kv->str);
	*(const char **)arg = buf;
	return 0;
}

static void
test_raw_span(void **state)
{
	struct arena *a = arena_new(4096);
	const char *doc = "k = \"a\\u00e9b\"\n";
	struct toml_status st;
	const char *raw = NULL;
	size_t raw_len = 0;

	(void)state;
	/* the callback sees the escaped bytes as written too */
	assert_int_equal(toml_parse(a, doc, strlen(doc), raw_cb, &raw, &st), 0);
	assert_non_null(raw);
	raw_len = strlen(raw);
	assert_string_equal(raw,
	    "a\\u00e9b|a\xc3\xa9"
	    "b");
	(void)raw_len;
	arena_free(a);
}

static void
test_malformed(void **state)
{
	static const struct {
		const char *doc;
		const char *why;
		unsigned int line;
	} cases[] = {
		{ "a = 1.5\n", "unsupported value", 1 },
		{ "a = 1979-05-27X\n", "unsupported value", 1 },
		{ "a = 1979-5-27\n", "bad date", 1 },
		{ "a = 1979-05-27T7:32:00Z\n", "bad time", 1 },
		{ "a = 07:32\n", "bad time", 1 },
		{ "a = 1979-05-27T07:32:00+07\n", "bad time zone", 1 },
		{ "a = 1979-05-27T07:32:00.Z\n", "bad time", 1 },
		{ "a = inf\n", "unsupported value", 1 },
		{ "a = 01\n", "bad number", 1 },
		{ "a = 1__0\n", "bad number", 1 },
		{ "a = 99999999999999999999\n", "out of range", 1 },
		{ "a = \"\"\"multi\nline\"\"\"\n", "multi-line", 1 },
		{ "\n\na = \"open\n", "unterminated string", 3 },
		{ "a = 'open\n", "unterminated string", 1 },
		{ "a = \"bad \\q escape\"\n", "unknown escape", 1 },
		{ "a = \"\\uD800\"\n", "bad unicode escape", 1 },
		{ "a = \"\\u12\"\n", "bad unicode escape", 1 },
		{ "a = \"ctl \x01\"\n", "control character", 1 },
		{ "a = 1 b = 2\n", "unexpected text", 1 },
		{ "a\n", "expected '='", 1 },
		{ "= 1\n", "expected a key", 1 },
		{ "[table\n", "expected ']'", 1 },
		{ "[[table]\n", "expected ']]'", 1 },
		{ "[t] x\n", "unexpected text", 1 },
		{ "a = [1, 2\n", "unterminated array", 2 },
		{ "a = [1 2]\n", "expected ','", 1 },
		{ "a = {x = 1\n", "inline table", 1 },
		{ "a = {x = 1 y = 2}\n", "expected ','", 1 },
		{ "a = truely\n", "unsupported value", 1 },
		{ "a = \n", "unsupported value", 1 },
		{ "a =", "expected a value", 1 },
		{ "a = 1\0b = 2\n", "NUL", 1 },
	};
	struct seen s;
	struct toml_status st;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = parse(cases[i].doc, &s, &st);
		if (!strcmp(cases[i].why, "NUL")) {
			struct arena *a = arena_new(4096);
			r = toml_parse(a, cases[i].doc, 12, collect, &s, &st);
			arena_free(a);
		}
		if (r != -1 || !st.error || !strstr(st.error, cases[i].why) ||
		    st.line != cases[i].line)
			fail_msg("case %zu: r=%d error=%s line=%u", i, r,
			    st.error ? st.error : "(none)", st.line);
	}
}

static void
test_bounds(void **state)
{
	struct seen s;
	struct toml_status st;
	char *doc;
	size_t n = 200000;

	(void)state;
	/* nesting past the cap is an error, not a stack overflow */
	doc = malloc(n + 8);
	assert_non_null(doc);
	memcpy(doc, "a = ", 4);
	memset(doc + 4, '[', n);
	doc[n + 4] = '\0';
	assert_int_equal(parse(doc, &s, &st), -1);
	assert_non_null(strstr(st.error, "nested too deeply"));

	/* so is a key of too many segments */
	for (size_t i = 0; i < 40; i++)
		memcpy(doc + 2 * i, "k.", 2);
	memcpy(doc + 80, "k = 1\n", 7);
	assert_int_equal(parse(doc, &s, &st), -1);
	assert_non_null(strstr(st.error, "nested too deeply"));

	/* a huge one-line string is read whole */
	memcpy(doc, "a = \"", 5);
	memset(doc + 5, 'x', n - 10);
	memcpy(doc + n - 5, "\"\n", 3);
	assert_int_equal(parse(doc, &s, &st), 0);

	/* and a huge bare key is refused */
	memset(doc, 'k', n);
	memcpy(doc + n, " = 1", 5);
	assert_int_equal(parse(doc, &s, &st), -1);
	assert_non_null(strstr(st.error, "key too long"));
	free(doc);
}

static void
test_stop(void **state)
{
	struct arena *a = arena_new(4096);
	const char *doc = "a = 1\nb = 2\nc = 3\n";
	struct seen s;
	struct toml_status st;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.stop_after = 2;
	assert_int_equal(toml_parse(a, doc, strlen(doc), collect, &s, &st), 1);
	assert_string_equal(s.text, "a=i:1\nb=i:2\n");
	arena_free(a);
}

static void
test_path_is(void **state)
{
	const char *path[] = { "registries", "corp", "token" };
	struct toml_kv kv;
	static const char *const yes[] = { "registries", "*", "token", NULL };
	static const char *const no1[] = { "registries", "*", NULL };
	static const char *const no2[] = { "registry", "token", NULL };

	(void)state;
	memset(&kv, 0, sizeof(kv));
	kv.path = path;
	kv.depth = 3;
	assert_true(toml_path_is(&kv, yes));
	assert_false(toml_path_is(&kv, no1));
	assert_false(toml_path_is(&kv, no2));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_datetime),
		cmocka_unit_test(test_raw_span),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_path_is),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
