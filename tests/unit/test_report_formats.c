/* test_report_formats.c - the CSV, JSON Lines, SARIF and HTML writers.
 *
 * Each writer renders one inventory whose file names, identities, owners,
 * scopes and errors are chosen to break naive writers: markup that would
 * run in a browser, a JSON string that would close a script element,
 * spreadsheet formulas, CSV delimiters, SARIF link syntax, invalid UTF-8,
 * line separators and bidi overrides. The tests parse what comes out
 * (RFC 4180 by hand, JSON with jansson) and check the structure and that
 * nothing hostile comes out raw. */
#include "tests/unit/unit.h"
#include <jansson.h>
#include "lib/hash.h"
#include "report/formats/emit.h"
#include "report/model/inventory.h"
#include "report/formats/json_p.h"

#define ELL       "\xe2\x80\xa6"
#define ID_PAT    "0123456789abcdef0123456789abcdef"
#define ID_KEY    "22222222222222222222222222222222"
#define ID_AWS    "33333333333333333333333333333333"
#define ID_HELPER "44444444444444444444444444444444"
#define ID_JWT    "55555555555555555555555555555555"

#define XSS_IMG       "<img src=x onerror=alert(1)>"
#define PATH_IMG      "home/alice/" XSS_IMG ".env"
#define XSS_SCRIPT    "</script><script>alert(1)</script>"
#define PATH_SCRIPT   "home/alice/x" XSS_SCRIPT ".env"
#define PATH_CSV      "home/bob/a,\"b\"\r\nc.txt"
#define PATH_BADUTF8  "home/alice/\xff\xfe.env"
#define PATH_LS       "home/alice/line\xe2\x80\xa8sep\xe2\x80\xa9.env"
#define IDENT_FORMULA "=cmd|' /C calc'!A0"
#define IDENT_LINK    "[click](1) me"
#define IDENT_BIDI                                                             \
	"admin\xe2\x80\xae"                                                    \
	"evil"
#define OWNER_XSS "<svg onload=alert(3)>"
#define ERROR_XSS "<b>bad</b> & \"worse\""

static const char *
uid_name(void *arg, int64_t uid)
{
	(void)arg;
	if (uid == 1000)
		return "alice";
	if (uid == 1001)
		return OWNER_XSS;
	if (uid == 1002)
		return "@evil";
	return NULL;
}

/* Returns a sighting with the fields every test needs; strings are
 * borrowed. */
static struct ca_sighting
sighting(const char *id, const char *kind, const char *rule, const char *path,
    unsigned int line, int64_t uid)
{
	struct ca_sighting s;

	memset(&s, 0, sizeof(s));
	memcpy(s.id, id, CA_ID_HEX);
	s.kind = kind;
	s.rule = rule;
	s.redacted = "abcd" ELL;
	s.standing = -1;
	s.tier = -1;
	s.structured = true;
	s.path = path;
	s.line = line;
	s.mode = 0600;
	s.uid = uid;
	return s;
}

/* Returns an owned, finished inventory: five credentials, eight
 * locations, three errors, hostile strings everywhere. */
static struct ca_inventory *
build_inventory(void)
{
	static const char *const scopes[] = { "-2+3", "repo", NULL };
	struct ca_inventory *inv = ca_inventory_new();
	struct ca_sighting s;

	s = sighting(ID_PAT, "github-pat-classic", "gh.hosts-token", PATH_IMG,
	    3, 1000);
	s.redacted = "ghp_a1B2" ELL;
	s.identity = IDENT_LINK;
	s.scopes = scopes;
	s.anchor = "gh:alice";
	assert_int_equal(ca_inventory_add(inv, &s), 0);
	s = sighting(ID_PAT, "github-pat-classic", "github.pat-classic",
	    PATH_SCRIPT, 0, 1000);
	s.redacted = "ghp_a1B2" ELL;
	assert_int_equal(ca_inventory_add(inv, &s), 0);
	s = sighting(ID_PAT, "github-pat-classic", "github.pat-classic",
	    PATH_LS, 9, 1000);
	s.redacted = "ghp_a1B2" ELL;
	assert_int_equal(ca_inventory_add(inv, &s), 0);

	s = sighting(ID_KEY, "openai-api-key", "openai.api-key", PATH_CSV, 1,
	    1001);
	s.identity = IDENT_FORMULA;
	s.detail = "=1+1";
	assert_int_equal(ca_inventory_add(inv, &s), 0);

	s = sighting(ID_AWS, "aws-access-key", "aws.access-key", PATH_BADUTF8,
	    2, 1002);
	s.identity = IDENT_BIDI;
	s.mode = 0644;
	assert_int_equal(ca_inventory_add(inv, &s), 0);
	s.path = "home/alice/.aws/credentials";
	assert_int_equal(ca_inventory_add(inv, &s), 0);

	s = sighting(ID_HELPER, "git-credential-helper",
	    "gitconfig.credential-helper", "home/alice/.gitconfig", 4, -1);
	s.redacted = NULL;
	s.identity = "osxkeychain";
	s.link = "gh:alice";
	assert_int_equal(ca_inventory_add(inv, &s), 0);
	s.link = "gh:nobody";
	assert_int_equal(ca_inventory_add(inv, &s), 0);

	s = sighting(ID_JWT, "jwt", "jwt.token", "home/alice/.cache/token", 1,
	    1000);
	s.expires = "2999-01-01T00:00:00Z";
	s.standing = 0;
	assert_int_equal(ca_inventory_add(inv, &s), 0);

	ca_inventory_add_error(inv, PATH_IMG, ERROR_XSS);
	ca_inventory_add_error(inv, PATH_SCRIPT, "permission denied");
	ca_inventory_add_error(inv, "home/x/\xff", "invalid \x1b byte");

	inv->meta.root = "/srv/<root> & co";
	inv->meta.target_type = "dir";
	snprintf(inv->meta.started, sizeof(inv->meta.started),
	    "2026-01-02T03:04:05Z");
	snprintf(inv->meta.finished, sizeof(inv->meta.finished),
	    "2026-01-02T03:04:09Z");
	snprintf(inv->meta.key_id, sizeof(inv->meta.key_id),
	    "0011223344556677");
	inv->meta.stats.files = 1234;
	inv->meta.stats.bytes = 99;
	inv->meta.stats.errors = 3;
	ca_inventory_finish(inv, uid_name, NULL);
	return inv;
}

static size_t
total_locations(const struct ca_inventory *inv)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->ncreds; i++)
		n += inv->creds[i]->nlocations ? inv->creds[i]->nlocations : 1;
	return n;
}

/* Returns the owned bytes 'e' writes for 'inv' (both borrowed). */
static char *
render(const struct ca_emitter *e, const struct ca_inventory *inv, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);

	assert_non_null(fp);
	assert_int_equal(e->write(fp, inv, NULL), 0);
	assert_int_equal(fclose(fp), 0);
	if (len)
		*len = n;
	return buf;
}

/* True when the 'n' bytes at 's' are entirely well-formed UTF-8. */
static bool
valid_utf8(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t len = ca_utf8_decode((const unsigned char *)s + i, n - i,
		    NULL);
		if (!len)
			return false;
		i += len;
	}
	return true;
}

static bool
contains(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

static void
test_lookup(void **state)
{
	(void)state;
	assert_ptr_equal(ca_emitter_find("csv"), &ca_emitter_csv);
	assert_ptr_equal(ca_emitter_find("html"), &ca_emitter_html);
	assert_ptr_equal(ca_emitter_find("jsonl"), &ca_emitter_jsonl);
	assert_ptr_equal(ca_emitter_find("sarif"), &ca_emitter_sarif);
	assert_ptr_equal(ca_emitter_for_path("r.csv"), &ca_emitter_csv);
	assert_ptr_equal(ca_emitter_for_path("R.CSV"), &ca_emitter_csv);
	assert_ptr_equal(ca_emitter_for_path("r.html"), &ca_emitter_html);
	assert_ptr_equal(ca_emitter_for_path("r.htm"), &ca_emitter_html);
	assert_ptr_equal(ca_emitter_for_path("r.jsonl"), &ca_emitter_jsonl);
	assert_ptr_equal(ca_emitter_for_path("r.ndjson"), &ca_emitter_jsonl);
	assert_ptr_equal(ca_emitter_for_path("r.sarif"), &ca_emitter_sarif);
	/* The longest extension wins over ".json". */
	assert_ptr_equal(ca_emitter_for_path("r.sarif.json"),
	    &ca_emitter_sarif);
	assert_ptr_equal(ca_emitter_for_path("/x/R.SARIF.JSON"),
	    &ca_emitter_sarif);
	assert_ptr_equal(ca_emitter_for_path("r.json"), &ca_emitter_json);
	assert_ptr_equal(ca_emitter_for_path("sarif.json"), &ca_emitter_json);
	/* A hidden ".sarif.json" has only the ".json" extension. */
	assert_ptr_equal(ca_emitter_for_path("dir/.sarif.json"),
	    &ca_emitter_json);
	assert_null(ca_emitter_for_path(".csv"));
}

/* Parses RFC 4180 text: returns the number of records, storing each
 * record's field count in 'fields' (up to 'max') and the field values in
 * 'cells' (owned, row-major, up to 'cap' in all). Fails the test on a
 * malformed record. */
static size_t
parse_csv(const char *s, size_t *fields, size_t max, char **cells, size_t cap,
    size_t *ncells)
{
	size_t rec = 0, nf = 0;

	*ncells = 0;
	while (*s) {
		char buf[4096];
		size_t n = 0;

		if (*s == '"') {
			for (s++;; s++) {
				/* An unterminated quote. */
				assert_true(*s != '\0');
				if (*s == '"' && s[1] == '"') {
					buf[n++] = '"';
					s++;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					buf[n++] = *s;
				}
				assert_true(n < sizeof(buf));
			}
		} else {
			while (*s && *s != ',' && *s != '\r' && *s != '\n') {
				/* A quote in a bare field. */
				assert_true(*s != '"');
				buf[n++] = *s++;
				assert_true(n < sizeof(buf));
			}
		}
		buf[n] = '\0';
		if (*ncells < cap)
			cells[(*ncells)++] = strdup(buf);
		nf++;
		if (*s == ',') {
			s++;
			continue;
		}
		/* Records end in CRLF, never a bare LF. */
		assert_int_equal(s[0], '\r');
		assert_int_equal(s[1], '\n');
		s += 2;
		if (rec < max)
			fields[rec] = nf;
		rec++;
		nf = 0;
	}
	return rec;
}

#define HEADER                                                                 \
	"id,surface,kind,label,rule,risk,tier,redacted,identity,"              \
	"owner_user,owner_uid,owner_source,expires,standing,path,line,mode,"   \
	"uid,location_rule,reasons,scopes,links\r\n"

static void
test_csv(void **state)
{
	struct ca_inventory *inv = build_inventory();
	size_t len, nrec, ncells, fields[64];
	char *out = render(&ca_emitter_csv, inv, &len);
	char *cells[2048];
	const size_t ncol = 22;
	bool saw_csv_path = false, saw_formula = false, saw_owner = false;
	bool saw_scope = false, saw_reason = false, saw_link = false;
	(void)state;

	assert_true(valid_utf8(out, len));
	assert_true(!strncmp(out, HEADER, strlen(HEADER)));
	nrec = parse_csv(out, fields, 64, cells, 2048, &ncells);
	/* A header, then one row per credential and location. */
	assert_int_equal(nrec, 1 + total_locations(inv));
	for (size_t i = 0; i < nrec; i++)
		assert_int_equal(fields[i], ncol);
	for (size_t i = ncol; i < ncells; i++) {
		const char *c = cells[i];
		size_t col = i % ncol;

		/* No cell a spreadsheet would evaluate. */
		assert_false(c[0] == '=' || c[0] == '+' || c[0] == '-' ||
		    c[0] == '@' || c[0] == '\t' || c[0] == '\r');
		/* Quotes and the comma survive; CR and LF are escaped, so a
		 * row stays one line. */
		if (col == 14 && !strcmp(c, "home/bob/a,\"b\"\\r\\nc.txt"))
			saw_csv_path = true;
		if (col == 8 && !strcmp(c, "'" IDENT_FORMULA))
			saw_formula = true;
		if (col == 9 && !strcmp(c, "'@evil"))
			saw_owner = true;
		if (col == 20 && !strcmp(c, "'-2+3 repo"))
			saw_scope = true;
		if (col == 19 && !strncmp(c, "'=1+1; ", 7))
			saw_reason = true;
		if (col == 21 && !strcmp(c, "gh:alice: " ID_PAT "; gh:nobody:"))
			saw_link = true;
		if (col == 14)
			assert_false(contains(c, "\xff")); /* escaped */
	}
	assert_true(saw_csv_path);
	assert_true(saw_formula);
	assert_true(saw_owner);
	assert_true(saw_scope);
	assert_true(saw_reason);
	assert_true(saw_link);
	assert_true(contains(out, "home/alice/\\xff\\xfe.env"));
	for (size_t i = 0; i < ncells; i++)
		free(cells[i]);
	free(out);
	ca_inventory_free(inv);
}

static void
test_jsonl(void **state)
{
	struct ca_inventory *inv = build_inventory();
	size_t len, lines = 0;
	char *out = render(&ca_emitter_jsonl, inv, &len);
	char *save = NULL, *line;
	(void)state;

	assert_true(len > 0);
	assert_int_equal(out[len - 1], '\n');
	assert_true(valid_utf8(out, len));
	/* Line readers that also break at U+2028 see one record a line. */
	assert_false(contains(out, "\xe2\x80\xa8"));
	assert_false(contains(out, "\xe2\x80\xa9"));
	assert_true(contains(out, "line\\u2028sep\\u2029.env"));
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		json_error_t jerr;
		json_t *o = json_loads(line, JSON_REJECT_DUPLICATES, &jerr);
		json_t *ref, *scan, *v;
		const char *key;
		void *it;

		if (!o)
			fail_msg("line %zu: %s", lines + 1, jerr.text);
		assert_true(lines < inv->ncreds);
		/* The main report's credential object, key for key and in
		 * its order, in the inventory's order, then the scan
		 * context. */
		ref = ca_json_credential(inv->creds[lines]);
		it = json_object_iter(ref);
		json_object_foreach(o, key, v)
		{
			(void)v;
			if (!it) {
				assert_string_equal(key, "scan");
				continue;
			}
			assert_string_equal(key, json_object_iter_key(it));
			it = json_object_iter_next(ref, it);
		}
		assert_null(it);
		scan = json_object_get(o, "scan");
		assert_non_null(scan);
		json_incref(scan);
		json_object_del(o, "scan");
		assert_true(json_equal(o, ref));
		assert_string_equal(
		    json_string_value(json_object_get(scan, "started")),
		    "2026-01-02T03:04:05Z");
		assert_string_equal(
		    json_string_value(json_object_get(scan, "root")),
		    "/srv/<root> & co");
		assert_string_equal(
		    json_string_value(json_object_get(scan, "key_id")),
		    "0011223344556677");
		json_decref(scan);
		json_decref(ref);
		json_decref(o);
		lines++;
	}
	/* The CRLF in a file name did not split a record. */
	assert_int_equal(lines, inv->ncreds);
	free(out);
	ca_inventory_free(inv);
}

static json_t *
get(json_t *o, const char *path)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && o;
	     k = strtok_r(NULL, ".", &save)) {
		if (json_is_array(o))
			o = json_array_get(o, (size_t)strtoul(k, NULL, 10));
		else
			o = json_object_get(o, k);
	}
	if (!o)
		fail_msg("no '%s'", path);
	return o;
}

static const char *
gets_(json_t *o, const char *path)
{
	json_t *v = get(o, path);

	if (!json_is_string(v))
		fail_msg("'%s' is not a string", path);
	return json_string_value(v);
}

/* True when 'uri' is a relative URI reference made only of unreserved
 * characters, '/' and well-formed percent escapes, with no ':' that
 * could read as a scheme. */
static bool
clean_uri(const char *uri)
{
	if (!*uri || *uri == '/')
		return false;
	for (const char *p = uri; *p; p++) {
		if (*p == '%') {
			if (!strchr("0123456789ABCDEF", p[1]) || !p[1] ||
			    !strchr("0123456789ABCDEF", p[2]) || !p[2])
				return false;
			p += 2;
			continue;
		}
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		            "abcdefghijklmnopqrstuvwxyz0123456789-._~/",
		        *p))
			return false;
	}
	return true;
}

static void
test_sarif(void **state)
{
	struct ca_inventory *inv = build_inventory();
	size_t len, nres = 0;
	char *out = render(&ca_emitter_sarif, inv, &len);
	json_error_t jerr;
	json_t *doc, *run, *rules, *results, *notes;
	bool saw_link_escape = false;
	(void)state;

	assert_true(valid_utf8(out, len));
	doc = json_loadb(out, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		fail_msg("invalid JSON at line %d: %s", jerr.line, jerr.text);
	assert_string_equal(gets_(doc, "version"), "2.1.0");
	assert_non_null(gets_(doc, "$schema"));
	assert_int_equal(json_array_size(get(doc, "runs")), 1);
	run = get(doc, "runs.0");
	assert_string_equal(gets_(run, "tool.driver.name"), "credatlas");
	assert_string_equal(gets_(run, "tool.driver.version"), CA_VERSION);
	assert_true(
	    !strncmp(gets_(run, "tool.driver.informationUri"), "https://", 8));
	assert_string_equal(gets_(run, "originalUriBaseIds.ROOT.uri"),
	    "file:///srv/%3Croot%3E%20%26%20co/");

	/* Rules: sorted, unique, described, with a severity. */
	rules = get(run, "tool.driver.rules");
	assert_true(json_array_size(rules) >= 5);
	for (size_t i = 0; i < json_array_size(rules); i++) {
		json_t *r = json_array_get(rules, i);
		const char *sev = gets_(r, "properties.security-severity");
		json_t *tags = get(r, "properties.tags");
		bool security = false;

		if (i)
			assert_true(
			    strcmp(gets_(json_array_get(rules, i - 1), "id"),
			        gets_(r, "id")) < 0);
		assert_true(strlen(gets_(r, "shortDescription.text")) > 3);
		assert_true(strlen(gets_(r, "fullDescription.text")) > 10);
		assert_true(strlen(gets_(r, "help.text")) > 10);
		assert_true(strlen(gets_(r, "help.markdown")) > 10);
		assert_true(!strcmp(sev, "9.5") || !strcmp(sev, "8.0") ||
		    !strcmp(sev, "5.5") || !strcmp(sev, "2.0"));
		for (size_t t = 0; t < json_array_size(tags); t++)
			if (!strcmp(json_string_value(json_array_get(tags, t)),
			        "security"))
				security = true;
		assert_true(security);
	}
	assert_string_equal(gets_(rules, "0.id"), "aws.access-key");
	assert_string_equal(gets_(rules, "0.shortDescription.text"),
	    "AWS access key pair");
	assert_string_equal(gets_(rules, "0.properties.security-severity"),
	    "9.5");

	/* Results: one per credential and location. */
	results = get(run, "results");
	assert_int_equal(json_array_size(results), total_locations(inv));
	for (size_t i = 0; i < inv->ncreds; i++) {
		const struct ca_credential *c = inv->creds[i];
		for (size_t j = 0; j < c->nlocations; j++, nres++) {
			json_t *r = json_array_get(results, nres);
			json_t *loc = get(r, "locations.0.physicalLocation");
			json_t *region = json_object_get(loc, "region");
			size_t ri = (size_t)json_integer_value(
			    get(r, "ruleIndex"));
			const char *msg = gets_(r, "message.text");
			const char *lvl = gets_(r, "level");

			assert_string_equal(gets_(r, "ruleId"),
			    c->locations[j].rule);
			assert_string_equal(
			    gets_(json_array_get(rules, ri), "id"),
			    c->locations[j].rule);
			assert_string_equal(
			    gets_(r,
			        "partialFingerprints.credatlasFingerprint/v1"),
			    c->id);
			assert_int_equal(
			    strlen(gets_(r,
			        "partialFingerprints.credatlasLocation/v1")),
			    32);
			assert_string_equal(lvl,
			    c->risk >= CA_RISK_HIGH       ? "error" :
			        c->risk == CA_RISK_MEDIUM ? "warning" :
			                                    "note");
			assert_true(
			    clean_uri(gets_(loc, "artifactLocation.uri")));
			assert_string_equal(
			    gets_(loc, "artifactLocation.uriBaseId"), "ROOT");
			if (c->locations[j].line)
				assert_int_equal(
				    json_integer_value(
				        json_object_get(region, "startLine")),
				    c->locations[j].line);
			else
				assert_null(region);
			if (contains(msg, "\\[click\\](1)"))
				saw_link_escape = true;
			assert_false(contains(msg, "[click]"));
		}
	}
	assert_true(saw_link_escape);
	/* The hostile names, percent-encoded. */
	assert_true(contains(out,
	    "home/alice/%3Cimg%20src%3Dx%20onerror%3D"
	    "alert%281%29%3E.env"));
	assert_true(contains(out, "home/alice/%FF%FE.env"));
	assert_true(contains(out, "home/bob/a%2C%22b%22%0D%0Ac.txt"));

	notes = get(run, "invocations.0.toolExecutionNotifications");
	assert_int_equal(json_array_size(notes), inv->nerrors);
	assert_true(
	    json_is_true(get(run, "invocations.0.executionSuccessful")));
	assert_string_equal(gets_(run, "invocations.0.startTimeUtc"),
	    "2026-01-02T03:04:05Z");
	json_decref(doc);
	free(out);
	ca_inventory_free(inv);
}

/* Returns a pointer just past 'open' in 'hay' and stores the length up
 * to the next 'close' in '*n'; fails when either is missing. */
static const char *
between(const char *hay, const char *open, const char *close, size_t *n)
{
	const char *a = strstr(hay, open), *b;

	if (!a)
		fail_msg("no '%s'", open);
	a += strlen(open);
	b = strstr(a, close);
	if (!b)
		fail_msg("no '%s' after '%s'", close, open);
	*n = (size_t)(b - a);
	return a;
}

/* Fails unless the CSP lists the SHA-256 of the 'n' bytes at 'text' as
 * 'what' (script-src or style-src). */
static void
assert_hashed(const char *html, const char *what, const char *text, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char d[CA_SHA256_LEN];
	char want[128], b64[64], *w = b64;
	size_t i;

	ca_sha256(text, n, d);
	for (i = 0; i + 2 < sizeof(d); i += 3) {
		uint32_t v = (uint32_t)d[i] << 16 | (uint32_t)d[i + 1] << 8 |
		    d[i + 2];
		*w++ = tab[v >> 18];
		*w++ = tab[(v >> 12) & 63];
		*w++ = tab[(v >> 6) & 63];
		*w++ = tab[v & 63];
	}
	/* 32 = 3 * 10 + 2: two bytes left, one '='. */
	{
		uint32_t v = (uint32_t)d[i] << 16 | (uint32_t)d[i + 1] << 8;
		*w++ = tab[v >> 18];
		*w++ = tab[(v >> 12) & 63];
		*w++ = tab[(v >> 6) & 63];
		*w++ = '=';
		*w = '\0';
	}
	snprintf(want, sizeof(want), "%s 'sha256-%s'", what, b64);
	if (!contains(html, want))
		fail_msg("the policy lacks %s", want);
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void
test_html(void **state)
{
	struct ca_inventory *inv = build_inventory();
	size_t len, n, njs, ncss;
	char *out = render(&ca_emitter_html, inv, &len);
	const char *data, *js, *css, *p;
	char *copy;
	json_t *doc, *ref;
	json_error_t jerr;
	(void)state;

	assert_true(valid_utf8(out, len));
	assert_true(!strncmp(out, "<!DOCTYPE html>", 15));
	/* A strict policy, before any script or style. */
	p = strstr(out,
	    "<meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"default-src 'none'; script-src 'sha256-");
	assert_non_null(p);
	assert_true(p < strstr(out, "<style>"));
	assert_true(contains(out,
	    "img-src data:; base-uri 'none'; "
	    "form-action 'none'\">"));
	assert_false(contains(out, "unsafe-inline"));
	assert_false(contains(out, "unsafe-eval"));
	/* No URL but the SVG namespace: nothing to fetch. */
	assert_int_equal(count(out, "http:"),
	    count(out, "xmlns=\"http://www.w3.org/2000/svg\""));
	assert_int_equal(count(out, "https:"), 0);
	css = between(out, "<style>", "</style>", &ncss);
	assert_hashed(out, "style-src", css, ncss);
	js = between(out, "</script>\n<script>", "</script>", &njs);
	assert_hashed(out, "script-src", js, njs);
	/* The script builds the DOM; it never parses markup. */
	copy = strndup(js, njs);
	assert_false(contains(copy, "innerHTML"));
	assert_false(contains(copy, "outerHTML"));
	assert_false(contains(copy, "insertAdjacentHTML"));
	assert_false(contains(copy, "document.write"));
	assert_false(contains(copy, "eval("));
	free(copy);

	/* Exactly two scripts: the data block and the page script. */
	assert_int_equal(count(out, "<script"), 2);
	assert_int_equal(count(out, "</script>"), 2);

	/* The data block: nothing that could end it or open markup, and
	 * the same document as the JSON report. */
	data = between(out, "<script type=\"application/json\" id=\"data\">",
	    "</script>", &n);
	copy = strndup(data, n);
	assert_null(strchr(copy, '<'));
	assert_null(strchr(copy, '>'));
	assert_null(strchr(copy, '&'));
	assert_false(contains(copy, "\xe2\x80\xa8"));
	assert_false(contains(copy, "\xe2\x80\xa9"));
	assert_true(contains(copy,
	    "\\u003c/script\\u003e\\u003cscript"
	    "\\u003ealert(1)"));
	assert_true(contains(copy, "\\u2028sep\\u2029"));
	doc = json_loads(copy, 0, &jerr);
	if (!doc)
		fail_msg("data block: %s", jerr.text);
	ref = ca_json_report(inv);
	assert_true(json_equal(doc, ref));
	json_decref(doc);
	json_decref(ref);
	free(copy);

	/* Nothing hostile raw anywhere in the page. */
	assert_false(contains(out, "<img"));
	assert_false(contains(out, "<svg onload"));
	assert_false(contains(out, "<b>bad"));
	assert_false(contains(out, "<root>"));
	assert_false(contains(out, "\xe2\x80\xae")); /* bidi override */
	assert_false(contains(out, "\x1b"));
	/* ...but escaped where the C side renders it. */
	assert_true(contains(out, "&lt;img src=x onerror=alert(1)&gt;.env"));
	assert_true(contains(out,
	    "&lt;b&gt;bad&lt;/b&gt; &amp; "
	    "&quot;worse&quot;"));
	assert_true(contains(out, "&lt;svg onload=alert(3)&gt;"));
	assert_true(contains(out,
	    "<title>credatlas report: /srv/&lt;root&gt; "
	    "&amp; co</title>"));
	assert_true(contains(out, "home/x/\\xff"));
	assert_true(contains(out, "invalid \\x1b byte"));

	/* The summary the browser test reads. */
	assert_true(contains(out, "id=\"n-total\">5<"));
	assert_true(contains(out, "id=\"chart-owner\""));
	assert_true(contains(out, "id=\"chart-surface\""));
	/* The matrix: four tiers by five lifetimes. */
	p = between(out, "<table class=\"matrix\">", "</table>", &n);
	copy = strndup(p, n);
	assert_int_equal(count(copy, "<tr>"), 1 + 20);
	/* Standing admin with one exposure: critical. */
	assert_true(contains(copy,
	    "<th scope=\"row\">standing</th>"
	    "<td class=\"risk-high\">high</td>"
	    "<td class=\"risk-critical\">critical</td>"));
	free(copy);
	assert_int_equal(count(out, "<td class=\"path\">"), 3); /* errors */
	free(out);
	ca_inventory_free(inv);
}

/* Every writer on an empty inventory: well-formed and empty. */
/* The JSON writer streams the document a credential at a time; its bytes
 * are what dumping the whole tree gives, for a full and an empty report. */
static void
assert_json_streamed_as_tree(const struct ca_inventory *inv)
{
	json_t *ref = ca_json_report(inv);
	char *want, *got;

	assert_non_null(ref);
	want = json_dumps(ref, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(ref);
	assert_non_null(want);
	got = render(&ca_emitter_json, inv, NULL);
	assert_int_equal(strlen(got), strlen(want) + 1);
	assert_memory_equal(got, want, strlen(want));
	assert_int_equal(got[strlen(want)], '\n');
	free(want);
	free(got);
}

static void
test_json_streamed(void **state)
{
	struct ca_inventory *inv = build_inventory();
	(void)state;

	assert_json_streamed_as_tree(inv);
	ca_inventory_free(inv);
	inv = ca_inventory_new();
	inv->meta.root = "/";
	ca_inventory_finish(inv, uid_name, NULL);
	assert_json_streamed_as_tree(inv);
	ca_inventory_free(inv);
}

static void
test_empty(void **state)
{
	struct ca_inventory *inv = ca_inventory_new();
	size_t len;
	char *out;
	json_t *doc;
	(void)state;

	inv->meta.root = "/";
	ca_inventory_finish(inv, uid_name, NULL);
	out = render(&ca_emitter_csv, inv, &len);
	assert_int_equal(count(out, "\r\n"), 1);
	free(out);
	out = render(&ca_emitter_jsonl, inv, &len);
	assert_int_equal(len, 0);
	free(out);
	out = render(&ca_emitter_sarif, inv, &len);
	doc = json_loadb(out, len, 0, NULL);
	assert_non_null(doc);
	assert_int_equal(json_array_size(get(doc, "runs.0.results")), 0);
	assert_int_equal(json_array_size(get(doc, "runs.0.tool.driver.rules")),
	    0);
	assert_string_equal(gets_(doc, "runs.0.originalUriBaseIds.ROOT.uri"),
	    "file:///");
	json_decref(doc);
	free(out);
	out = render(&ca_emitter_html, inv, &len);
	assert_true(contains(out, "id=\"n-total\">0<"));
	assert_true(contains(out, "</html>\n"));
	free(out);
	ca_inventory_free(inv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_jsonl),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_json_streamed),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
