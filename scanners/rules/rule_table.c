/* rules_table.c - the content rules: patterns, windows, validators and
 * synthetic examples.
 *
 * Rule ids are a contract ("<provider>.<name>"): never renamed, never
 * reused. Each rule has one kind. Examples are synthetic: tokens with
 * checksums come from tests/tools/tokgen, pasted here at authoring time;
 * none is a live credential. tests/unit/test_rules.c runs every example. */
#include "lib/compat.h"
#include "scanners/rules/rules_p.h"
#include "lib/arena.h"
#include "lib/hash.h"
#include "lib/str.h"
#include <pthread.h>
#include <ctype.h>
#include <stdio.h>
#include <strings.h>
#include "lib/banned.h"

/* Lookarounds shared by token rules: no token character on either side. */
#define NB "(?<![A-Za-z0-9_-])"
#define NA "(?![A-Za-z0-9_-])"

/* Generic assignments: keyword, optional closing quote of a quoted key,
 * separator, then a quoted or bare value (group 4, by branch reset). */
#define ASSIGN_TAIL                                                            \
	"([\"']?)[ \\t]{0,4}(=>|:=|[:=])(?![=~])[ \\t]{0,16}"                  \
	"(?|\"([^\"\\r\\n\\x00]{1,256})\"|'([^'\\r\\n\\x00]{1,256})'"          \
	"|`([^`\\r\\n\\x00]{1,256})`|([^\\s\\x00\"'`,;&()\\[\\]{}<>]{1,256}))"
#define ASSIGN_HS "[\"']?[ \\t]{0,4}[:=]"
#define G_KEYQ    2
#define G_SEP     3
#define G_VAL     4
#define NO_GROUP  CA_RULE_MAX_GROUPS

/* --- small validators --- */

/* The part of the secret after its public prefix is random enough and
 * not a placeholder. */
static bool
body_ok(const struct ca_rule_match *m, double min_entropy)
{
	const char *s = ca_rm_secret(m) + m->prefix;
	size_t n = ca_rm_secret_len(m) - m->prefix;

	return ca_rv_random_enough(s, n, min_entropy);
}

static bool
v_token(struct ca_rule_match *m)
{
	return body_ok(m, 3.0);
}

static bool
v_github_classic(struct ca_rule_match *m)
{
	return ca_github_checksum_ok(ca_rm_secret(m), ca_rm_secret_len(m)) &&
	    !ca_is_placeholder(ca_rm_secret(m) + 4, ca_rm_secret_len(m) - 4);
}

static bool
v_github_fine(struct ca_rule_match *m)
{
	return body_ok(m, 4.0);
}

static bool
starts_with(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && !memcmp(s, prefix, k);
}

static bool
v_github_env(struct ca_rule_match *m)
{
	const char *v = ca_rm_secret(m);
	size_t n = ca_rm_secret_len(m);

	if (n < 20 || n > 255)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr(
		        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		        "0123456789_.-",
		        v[i]) ||
		    !v[i])
			return false;
	if (ca_is_placeholder(v, n))
		return false;
	if (n >= 4 && v[0] == 'g' && v[1] == 'h' && v[3] == '_') {
		m->prefix = 4;
		return ca_github_checksum_ok(v, n);
	}
	if (starts_with(v, n, "github_pat_"))
		m->prefix = 11;
	return body_ok(m, 3.0);
}

/* AZURE_CLIENT_SECRET=...: a random value of a client secret's charset. */
static bool
v_azure_env(struct ca_rule_match *m)
{
	const char *v = ca_rm_secret(m);
	size_t n = ca_rm_secret_len(m);

	if (n < 16 || n > 255)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr(
		        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		        "0123456789_.~-",
		        v[i]))
			return false;
	return body_ok(m, 3.0);
}

static bool
v_gitlab_runner(struct ca_rule_match *m)
{
	m->prefix = starts_with(ca_rm_secret(m), ca_rm_secret_len(m),
	                "GR1348941") ?
	    9 :
	    5;
	return body_ok(m, 3.0);
}

static bool
v_gitlab_token(struct ca_rule_match *m)
{
	static const char *const names[][2] = {
		{ "gldt-", "GitLab deploy token" },
		{ "glptt-", "GitLab pipeline trigger token" },
		{ "glcbt-", "GitLab CI/CD job token" },
		{ "glft-", "GitLab feed token" },
		{ "glimt-", "GitLab incoming mail token" },
		{ "glagent-", "GitLab Kubernetes agent token" },
		{ "gloas-", "GitLab OAuth application secret" },
		{ "glsoat-", "GitLab SCIM token" },
		{ "glffct-", "GitLab feature flag client token" },
	};
	const char *s = ca_rm_secret(m);
	size_t n = ca_rm_secret_len(m);

	for (size_t i = 0; i < CA_ARRAY_SIZE(names); i++) {
		if (starts_with(s, n, names[i][0])) {
			m->prefix = strlen(names[i][0]);
			m->detail = names[i][1];
			return body_ok(m, 3.0);
		}
	}
	return false;
}

static bool
v_aws(struct ca_rule_match *m)
{
	const char *id = ca_rm_secret(m);
	size_t s, e;
	char acct[13];
	bool session = id[1] == 'S';

	if (ca_is_placeholder(id, 20) || ca_is_placeholder(id + 4, 16))
		return false;
	if (!ca_rv_aws_find_secret(m->data, m->len, m->start, m->end, &s, &e))
		return false;
	if (!ca_aws_account_from_key_id(id, 20, acct))
		m->identity = arena_printf(m->arena, "%.20s (account %s)", id,
		    acct);
	else
		m->identity = arena_strndup(m->arena, id, 20);
	m->detail = session ? "temporary access key pair (STS)" :
	                      "access key pair";
	m->start = s;
	m->end = e;
	m->prefix = 0;
	return true;
}

/* AWS_SESSION_TOKEN=... (or aws_session_token in an INI file, or
 * "SessionToken" in a JSON cache): an STS session token is long base64;
 * without its key id and secret it is not usable, but it names a live
 * temporary session. */
static bool
v_aws_session_token(struct ca_rule_match *m)
{
	const char *v = ca_rm_secret(m);
	size_t n = ca_rm_secret_len(m);

	if (n < 100)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!v[i] ||
		    !strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
		            "nopqrstuvwxyz0123456789+/=",
		        v[i]))
			return false;
	m->detail = "AWS STS session token (temporary; used with an ASIA key "
	            "id and its secret key)";
	return body_ok(m, 4.0);
}

static bool
v_gcp_key(struct ca_rule_match *m)
{
	return body_ok(m, 3.5);
}

/* Finds "key": "value" nearest to 'center' in [lo, hi) and returns the raw
 * (still escaped) value span. */
static bool
json_string_near(const char *d, size_t lo, size_t hi, size_t center,
    const char *key, size_t *vs, size_t *ve)
{
	size_t kn = strlen(key), best = SIZE_MAX, best_dist = SIZE_MAX;
	const char *p = d + lo, *end = d + hi;

	while ((p = memmem(p, (size_t)(end - p), key, kn))) {
		size_t i = (size_t)(p - d);
		size_t dist = i > center ? i - center : center - i;

		if (dist < best_dist) {
			best_dist = dist;
			best = i;
		}
		p++;
	}
	if (best == SIZE_MAX)
		return false;
	for (best += kn; best < hi && strchr(" \t\r\n", d[best]) && d[best];)
		best++;
	if (best >= hi || d[best++] != ':')
		return false;
	while (best < hi && strchr(" \t\r\n", d[best]) && d[best])
		best++;
	if (best >= hi || d[best++] != '"')
		return false;
	*vs = best;
	for (size_t i = best; i < hi; i++) {
		if (d[i] == '\\') {
			i++;
		} else if (d[i] == '"') {
			*ve = i;
			return true;
		} else if (d[i] == '\n') {
			return false;
		}
	}
	return false;
}

/* The fields of a key file sit within a few KiB of "type" whatever their
 * order (gcloud writes "type" first, sorted dumps put it near the end);
 * the private key itself may run to 3 KiB. */
#define SA_REACH   4096
#define SA_KEY_MAX 8192

static bool
v_gcp_sa(struct ca_rule_match *m)
{
	size_t at = m->gs[0];
	size_t lo = at > SA_REACH ? at - SA_REACH : 0;
	size_t hi = m->len - at > SA_REACH + SA_KEY_MAX ?
	    at + SA_REACH + SA_KEY_MAX :
	    m->len;
	size_t ks, ke, es, ee, ps, pe;
	const char *detail = NULL, *ident = NULL;

	if (!json_string_near(m->data, lo, hi, at, "\"private_key\"", &ks, &ke))
		return false;
	if (ca_rv_private_key(m->data, ks, ke, m->arena, &detail, &ident) < 0)
		return false;
	if (json_string_near(m->data, lo, hi, at, "\"client_email\"", &es,
	        &ee) &&
	    ee - es <= 256 && ee > es)
		m->identity = ca_printable_ascii(m->arena, m->data + es,
		    ee - es);
	if (json_string_near(m->data, lo, hi, at, "\"project_id\"", &ps, &pe) &&
	    pe - ps <= 128 && pe > ps)
		m->detail = arena_printf(m->arena,
		    "service-account key file, project %s",
		    ca_printable_ascii(m->arena, m->data + ps, pe - ps));
	else
		m->detail = "service-account key file";
	m->start = ks;
	m->end = ke;
	m->prefix = 0;
	return true;
}

static bool
v_slack_user(struct ca_rule_match *m)
{
	const char *s = ca_rm_secret(m);
	size_t n = ca_rm_secret_len(m);

	m->prefix = starts_with(s, n, "xoxe.xoxp-") ? 10 : 5;
	return body_ok(m, 3.0);
}

static bool
v_slack_webhook(struct ca_rule_match *m)
{
	m->prefix = m->gs[2] - m->gs[1];
	return body_ok(m, 3.0);
}

static bool
v_huggingface(struct ca_rule_match *m)
{
	struct ca_rv_classes c;

	m->prefix = ca_rm_secret(m)[0] == 'h' ? 3 : 8;
	ca_rv_classes(ca_rm_secret(m) + m->prefix,
	    ca_rm_secret_len(m) - m->prefix, &c);
	return c.upper && c.lower && body_ok(m, 3.5);
}

static bool
v_openai(struct ca_rule_match *m)
{
	static const char *const forms[][2] = {
		{ "sk-proj-", "OpenAI project key" },
		{ "sk-svcacct-", "OpenAI service-account key" },
		{ "sk-admin-", "OpenAI admin key" },
	};
	const char *s = ca_rm_secret(m);
	size_t n = ca_rm_secret_len(m);

	m->prefix = 3;
	m->detail = "OpenAI user key (legacy format)";
	for (size_t i = 0; i < CA_ARRAY_SIZE(forms); i++) {
		if (starts_with(s, n, forms[i][0])) {
			m->prefix = strlen(forms[i][0]);
			m->detail = forms[i][1];
		}
	}
	return body_ok(m, 3.5);
}

static bool
v_twilio(struct ca_rule_match *m)
{
	struct ca_rv_classes c;

	ca_rv_classes(ca_rm_secret(m) + 2, ca_rm_secret_len(m) - 2, &c);
	return c.digit && (c.lower || c.upper) && body_ok(m, 3.0);
}

static bool
v_private_key(struct ca_rule_match *m, int want)
{
	const char *detail = NULL, *identity = NULL;

	if (ca_rv_private_key(m->data, m->start, m->end, m->arena, &detail,
	        &identity) != want)
		return false;
	m->detail = detail;
	m->identity = identity;
	return true;
}

static bool
v_private_key_plain(struct ca_rule_match *m)
{
	return v_private_key(m, 0);
}

static bool
v_private_key_encrypted(struct ca_rule_match *m)
{
	return v_private_key(m, 1);
}

static bool
v_jwt(struct ca_rule_match *m)
{
	const char *identity = NULL;

	if (ca_is_placeholder(ca_rm_secret(m), ca_rm_secret_len(m)) ||
	    !ca_rv_jwt(ca_rm_secret(m), ca_rm_secret_len(m), m->arena,
	        &identity))
		return false;
	m->identity = identity;
	return true;
}

/* --- credentials in URLs --- */

static bool
eq_lower(const char *s, size_t n, const char *word)
{
	if (strlen(word) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];

		if (c != word[i])
			return false;
	}
	return true;
}

static bool
is_db_scheme(const char *s, size_t n)
{
	static const char *const schemes[] = {
		"postgres",
		"postgresql",
		"mysql",
		"mariadb",
		"mongodb",
		"mongodb+srv",
		"redis",
		"rediss",
		"amqp",
		"amqps",
		"mssql",
		"sqlserver",
		"oracle",
		"cockroachdb",
		"clickhouse",
		"couchdb",
		"couchbase",
		"neo4j",
		"neo4j+s",
		"bolt",
		"cassandra",
		"snowflake",
		NULL,
	};

	for (size_t i = 0; schemes[i]; i++)
		if (eq_lower(s, n, schemes[i]))
			return true;
	return false;
}

/* The password of user:password@host is a real one. */
static bool
url_password_ok(const struct ca_rule_match *m, unsigned int gu, unsigned int gp,
    unsigned int gh)
{
	const char *d = m->data;
	const char *p = d + m->gs[gp];
	size_t pn = m->ge[gp] - m->gs[gp];
	static const char *const hosts[] = {
		"host",
		"hostname",
		"server",
		"domain",
		"db",
		NULL,
	};

	static const char *const users[] = {
		"user",
		"username",
		"usr",
		"name",
		"login",
		"foo",
		"me",
		NULL,
	};
	char dec[256];
	size_t dn = 0;

	if (pn < 3 || ca_is_placeholder(p, pn) ||
	    ca_rv_value_is_code(p, pn, true))
		return false;
	if (ca_rm_has(m, gu) && m->ge[gu] - m->gs[gu] == pn &&
	    !strncasecmp(d + m->gs[gu], p, pn))
		return false; /* postgres:postgres, guest:guest */
	if (ca_rm_has(m, gu)) {
		const char *u = d + m->gs[gu];
		size_t un = m->ge[gu] - m->gs[gu];

		for (size_t i = 0; users[i]; i++)
			if (eq_lower(u, un, users[i]))
				return false; /* user:secret@host: a template */
		if (!un && memchr(p, ':', pn))
			return false; /* cvs://:pserver:anoncvs@host */
	}
	/* "not-re%40l": percent-decoded before the dictionary check. */
	for (size_t i = 0; i < pn && dn < sizeof(dec); i++) {
		unsigned int c;

		if (p[i] == '%' && i + 2 < pn &&
		    isxdigit((unsigned char)p[i + 1]) &&
		    isxdigit((unsigned char)p[i + 2]) &&
		    sscanf(p + i + 1, "%2x", &c) == 1) {
			dec[dn++] = (char)c;
			i += 2;
		} else {
			dec[dn++] = p[i];
		}
	}
	if (ca_rv_wordy(dec, dn) || ca_is_placeholder(dec, dn))
		return false;
	if (ca_rm_has(m, gh)) {
		const char *h = d + m->gs[gh];
		size_t hn = m->ge[gh] - m->gs[gh];

		if (ca_rv_find_ci(h, hn, "example") != SIZE_MAX)
			return false;
		for (size_t i = 0; hosts[i]; i++)
			if (eq_lower(h, hn, hosts[i]))
				return false;
	}
	return true;
}

/* Returns "user@host" in the match's arena (or NULL without a host). */
static const char *
user_at_host(const struct ca_rule_match *m, unsigned int gu, unsigned int gh)
{
	const char *d = m->data;
	/* cppcheck-suppress arrayIndexOutOfBounds ; ca_rm_has() bounds gu */
	size_t un = ca_rm_has(m, gu) ? m->ge[gu] - m->gs[gu] : 0;
	size_t hn = ca_rm_has(m, gh) ? m->ge[gh] - m->gs[gh] : 0;
	const char *s;

	if (!hn)
		return NULL;
	if (!un)
		return arena_strndup(m->arena, d + m->gs[gh], hn);
	s = arena_printf(m->arena, "%.*s@%.*s", (int)un, d + m->gs[gu], (int)hn,
	    d + m->gs[gh]);
	return ca_printable_ascii(m->arena, s, strlen(s));
}

static bool
v_url(struct ca_rule_match *m)
{
	const char *d = m->data;
	size_t sn = m->ge[1] - m->gs[1];

	if (is_db_scheme(d + m->gs[1], sn))
		return false; /* generic.database-url owns these */
	if (eq_lower(d + m->gs[3], m->ge[3] - m->gs[3], "x-oauth-basic")) {
		/* https://TOKEN:x-oauth-basic@host: the user is the secret. */
		size_t un = m->ge[2] - m->gs[2];

		if (un < 8 || !ca_rv_random_enough(d + m->gs[2], un, 3.0))
			return false;
		m->start = m->gs[2];
		m->end = m->ge[2];
		m->identity = arena_strndup(m->arena, d + m->gs[4],
		    m->ge[4] - m->gs[4]);
	} else {
		if (!url_password_ok(m, 2, 3, 4))
			return false;
		m->identity = user_at_host(m, 2, 4);
	}
	m->detail = arena_printf(m->arena, "%.*s URL with embedded password",
	    (int)sn, d + m->gs[1]);
	return true;
}

static bool
v_database_url(struct ca_rule_match *m)
{
	const char *d = m->data;
	unsigned int gp = ca_rm_has(m, 4) ? 4 : 7;

	if (!ca_rm_has(m, gp))
		return false;
	if (gp == 4 && !url_password_ok(m, 3, 4, 5))
		return false;
	if (gp == 7 && !url_password_ok(m, NO_GROUP, 7, 6))
		return false;
	m->start = m->gs[gp];
	m->end = m->ge[gp];
	m->identity = gp == 4 ? user_at_host(m, 3, 5) :
	                        user_at_host(m, NO_GROUP, 6);
	m->detail = arena_printf(m->arena, "%.*s connection string",
	    (int)(m->ge[1] - m->gs[1]), d + m->gs[1]);
	return true;
}

/* --- generic assignments --- */

static bool
is_path(const char *v, size_t n)
{
	if (!(v[0] == '/' || starts_with(v, n, "~/") ||
	        starts_with(v, n, "./") || starts_with(v, n, "../")))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr(
		        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		        "0123456789/._-~",
		        v[i]) ||
		    !v[i])
			return false;
	return true;
}

/* A bare identifier that names a variable rather than spelling a secret:
 * snake_case, UPPER_SNAKE or camelCase without digits. */
static bool
looks_like_variable(const char *v, size_t n)
{
	struct ca_rv_classes c;
	bool underscore = memchr(v, '_', n) != NULL;

	for (size_t i = 0; i < n; i++)
		if (!((v[i] >= 'a' && v[i] <= 'z') ||
		        (v[i] >= 'A' && v[i] <= 'Z') ||
		        (v[i] >= '0' && v[i] <= '9') || v[i] == '_'))
			return false;
	ca_rv_classes(v, n, &c);
	if (underscore && (!c.upper || !c.lower))
		return true;
	if (!c.digit && c.upper && c.lower && v[0] >= 'a' && v[0] <= 'z')
		return true;
	return false;
}

/* PascalCase letters only: "NewsAuthPassword", "URLPassword", a name. */
static bool
is_pascal_name(const char *v, size_t n)
{
	bool lower = false;

	for (size_t i = 0; i < n; i++) {
		if (!isalpha((unsigned char)v[i]))
			return false;
		lower |= islower((unsigned char)v[i]) != 0;
	}
	return n >= 6 && lower && isupper((unsigned char)v[0]);
}

/* Prose: words of letters only ("Invalid password"). */
static bool
is_prose(const char *v, size_t n)
{
	if (!memchr(v, ' ', n))
		return false;
	for (size_t i = 0; i < n; i++)
		if (v[i] >= '0' && v[i] <= '9')
			return false;
	return true;
}

/* A value whose base64 reads as prose ("not my real password" in npm's
 * docs): the encoding hides words, not a secret, and prose in plain text
 * is no password either. */
static bool
is_encoded_prose(const char *v, size_t n)
{
	unsigned char dec[200];
	int k;

	if (n < 12 || n % 4 || n > 256)
		return false;
	k = ca_base64_decode(v, n, dec, sizeof(dec));
	if (k < 8)
		return false;
	for (int i = 0; i < k; i++)
		if (dec[i] < 0x20 || dec[i] > 0x7e)
			return false;
	return is_prose((const char *)dec, (size_t)k);
}

/* Text written as \uXXXX escapes, as Java .properties files hold every
 * translated message ("token=\u30af\u30c3..."): words, not a secret. */
static bool
is_escaped_text(const char *v, size_t n)
{
	size_t escapes = 0;

	for (size_t i = 0; i + 6 <= n; i++)
		if (v[i] == '\\' && v[i + 1] == 'u' &&
		    isxdigit((unsigned char)v[i + 2]) &&
		    isxdigit((unsigned char)v[i + 3]) &&
		    isxdigit((unsigned char)v[i + 4]) &&
		    isxdigit((unsigned char)v[i + 5]))
			escapes++;
	return escapes >= 2 && escapes * 6 * 2 >= n;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Words that, right before "token" in a key name, make it a handle
 * rather than a credential: NextToken, ClientRequestToken, LockToken,
 * PublicKeyToken (.NET), csrf_token. Compared with '_' and '-' left out. */
/* clang-format off */
static const char *const handle_words[] = {
	"next", "continuation", "pagination", "page", "paging", "change",
	"client", "request", "idempotency", "lock", "action", "verification",
	"export", "import", "product", "output", "input", "sync", "cursor",
	"marker", "resume", "update", "publickey", "csrf", "xsrf", "form",
	"start", "end", "last", "prev", "previous", "cancel", "confirmation",
	"continue", "delete", "upload", NULL,
};
/* clang-format on */

/* True when the key that the keyword ends is no credential's name: part
 * of a namespaced or ARN path ("AWS::SecretsManager::Secret",
 * "arn:aws:secretsmanager:...:secret:x"), or a token that is a handle
 * (see handle_words). */
static bool
key_is_handle(const struct ca_rule_match *m)
{
	const char *d = m->data;
	size_t ks = m->gs[1], ke = m->ge[1], b = ks;
	char pre[64];
	size_t n = 0;

	while (b > 0 && ks - b < 64 &&
	    (isalnum((unsigned char)d[b - 1]) || d[b - 1] == '_' ||
	        d[b - 1] == '-'))
		b--;
	if (b > 0 && d[b - 1] == ':')
		return true;
	if (!eq_lower(d + ks, ke - ks, "token"))
		return false;
	for (size_t i = b; i < ks && n < sizeof(pre); i++)
		if (d[i] != '_' && d[i] != '-')
			pre[n++] = (char)tolower((unsigned char)d[i]);
	for (size_t i = 0; handle_words[i]; i++) {
		size_t k = strlen(handle_words[i]);

		if (n >= k && !memcmp(pre + n - k, handle_words[i], k))
			return true;
	}
	return false;
}

/* True when the keyword at 'ks' sits in the parameter list of a function
 * definition on its line: "def f(user, password='...')", "func f(token
 * string)". The default of a parameter is no credential of the program. */
static bool
in_definition(const char *d, size_t ks)
{
	static const char *const defs[] = {
		"def ",
		"func ",
		"function ",
		"fn ",
		"sub ",
		"procedure ",
		NULL,
	};
	size_t b = ks;
	int depth = 0;

	while (b > 0 && d[b - 1] != '\n' && ks - b < 512)
		b--;
	for (size_t i = ks; i > b; i--) {
		if (d[i - 1] == ')')
			depth--;
		else if (d[i - 1] == '(' && ++depth > 0)
			break;
	}
	if (depth <= 0)
		return false;
	for (size_t i = 0; defs[i]; i++)
		if (ca_rv_find_ci(d + b, ks - b, defs[i]) != SIZE_MAX)
			return true;
	return false;
}

/* In source code only a string literal is a value, and not one that is
 * a format, an interpolation or a piece of a concatenation. */
static bool
code_literal_ok(const struct ca_rule_match *m, const char *v, size_t n,
    bool quoted)
{
	if (!quoted || in_definition(m->data, m->gs[1]))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = v[i], next = i + 1 < n ? v[i + 1] : '\0';

		if (c == '{' || c == '}')
			return false; /* f"{password}", "{0}" */
		if (c == '%' && next && strchr("sdrvif(", next))
			return false;
		if (c == '$' && next &&
		    (isalpha((unsigned char)next) || strchr("_{(", next)))
			return false;
	}
	if (v[0] == '+' || v[n - 1] == '+')
		return false; /* '...' + expr + '...' */
	if (memchr(v, '(', n) && memchr(v, ')', n))
		return false;
	return true;
}

/* The share of characters inside ascending or descending runs of three
 * or more (letters compared without case): "ABC12345", "abcdefg123". */
static bool
mostly_sequence(const char *v, size_t n)
{
	size_t in_runs = 0, run = 1;
	int dir = 0;

	for (size_t i = 1; i < n; i++) {
		int step = tolower((unsigned char)v[i]) -
		    tolower((unsigned char)v[i - 1]);
		bool seq = step == 1 || step == -1;

		if (seq && (run == 1 || step == dir)) {
			run++;
		} else {
			if (run >= 3)
				in_runs += run;
			run = seq ? 2 : 1;
		}
		dir = step;
	}
	if (run >= 3)
		in_runs += run;
	return n >= 6 && in_runs * 4 >= n * 3;
}

/* Keyboard mash on the home row: "askfjh234as9sd8", "sdf23409df". */
static bool
home_row_mash(const char *v, size_t n)
{
	size_t letters = 0, home = 0;

	for (size_t i = 0; i < n; i++) {
		int c = tolower((unsigned char)v[i]);

		if (c < 'a' || c > 'z')
			continue;
		letters++;
		home += strchr("asdfghjkl", c) != NULL;
	}
	if (n <= 16 && letters >= 3 && home == letters)
		return true; /* "23sdf876234" */
	return n <= 24 && letters >= 6 && home * 10 >= letters * 7;
}

/* Values that are samples rather than secrets, whatever the file. */
static bool
sample_value(const char *v, size_t n)
{
	return ca_rv_wordy(v, n) || mostly_sequence(v, n) ||
	    home_row_mash(v, n) || (n >= 4 && !strncasecmp(v, "arn:", 4));
}

/* "name=": an identifier and an equals sign. */
static bool
is_ident_eq(const char *v, size_t n)
{
	if (n < 2 || !(isalpha((unsigned char)v[0]) || v[0] == '_'))
		return false;
	for (size_t i = 1; i + 1 < n; i++)
		if (!isalnum((unsigned char)v[i]) && v[i] != '_')
			return false;
	return true;
}

/* Checks the value of a keyword assignment; sets the secret span to it. */
static bool
generic_value(struct ca_rule_match *m, size_t min_len)
{
	const char *d = m->data;
	size_t vs = m->gs[G_VAL], ve = m->ge[G_VAL], n = ve - vs;
	size_t ss = m->gs[G_SEP], sep_len = m->ge[G_SEP] - ss;
	const char *v = d + vs;
	bool quoted = vs > m->ge[G_SEP] && d[vs - 1] &&
	    strchr("\"'`", d[vs - 1]);

	if (n < min_len || ca_is_placeholder(v, n) ||
	    ca_rv_value_is_code(v, n, quoted) || is_prose(v, n) ||
	    is_escaped_text(v, n) || is_encoded_prose(v, n) ||
	    ca_rv_find_ci(v, n, "://") != SIZE_MAX)
		return false;
	if (key_is_handle(m) || sample_value(v, n) || is_path(v, n))
		return false;
	if (m->code && !code_literal_ok(m, v, n, quoted))
		return false;
	if (quoted && (looks_like_variable(v, n) || is_pascal_name(v, n)) &&
	    (ca_rv_find_ci(v, n, "pass") != SIZE_MAX ||
	        ca_rv_find_ci(v, n, "secret") != SIZE_MAX ||
	        ca_rv_find_ci(v, n, "token") != SIZE_MAX ||
	        ca_rv_find_ci(v, n, "key") != SIZE_MAX))
		return false; /* "challengePassword": a name, not a value */
	if (!quoted) {
		char after = ve < m->len ? d[ve] : '\n';

		/* Cut at the pattern's 256 bytes: a blob in a URL or a
		 * log, seen in part; the token rules find long secrets. */
		if (n == 256 && after && !isspace((unsigned char)after) &&
		    !strchr("\"'`,;&()[]{}<>", after))
			return false;
		bool spaced = (ss > 0 && is_blank(d[ss - 1])) ||
		    is_blank(d[m->ge[G_SEP]]);
		size_t k = ve;

		/* Code: a call argument, a type annotation, a dict entry. */
		if (after && strchr("[(,;)", after))
			return false;
		if (m->ge[G_KEYQ] > m->gs[G_KEYQ])
			return false; /* "password": bare -> not JSON */
		if (looks_like_variable(v, n))
			return false;
		if (v[n - 1] == '=' && is_ident_eq(v, n))
			return false; /* "password= scmVersion=": another key */
		/* "key: value more words" is prose or code, not YAML. */
		while (k < m->len && is_blank(d[k]))
			k++;
		if (d[ss] == ':' && sep_len == 1 && k > ve && k < m->len &&
		    !strchr("\r\n#", d[k]))
			return false;
		if ((sep_len == 2 || (spaced && d[ss] == '=')) &&
		    !memchr(v, '.', n)) {
			struct ca_rv_classes c;

			/* x := y, x => y, x = y: a variable unless it has a
			 * digit or punctuation. */
			ca_rv_classes(v, n, &c);
			if (!c.digit && !c.other)
				return false;
		}
	}
	m->start = vs;
	m->end = ve;
	m->prefix = 0;
	return true;
}

/* A password without a known prefix needs two character classes and
 * some spread: "hunter2hunter" passes, "aaaa1111" and "secretvalue" do
 * not. */
static bool
v_generic_password(struct ca_rule_match *m)
{
	struct ca_rv_classes c;
	const char *v;
	size_t n;

	if (!generic_value(m, 6))
		return false;
	v = ca_rm_secret(m);
	n = ca_rm_secret_len(m);
	ca_rv_classes(v, n, &c);
	if ((c.lower > 0) + (c.upper > 0) + (c.digit > 0) + (c.other > 0) < 2)
		return false;
	return ca_entropy(v, n) >= 2.5;
}

static bool
v_generic_secret(struct ca_rule_match *m)
{
	struct ca_rv_classes c;
	const char *v;
	size_t n;

	if (!generic_value(m, 8))
		return false;
	v = ca_rm_secret(m);
	n = ca_rm_secret_len(m);
	ca_rv_classes(v, n, &c);
	if (!c.digit || !(c.lower + c.upper) || memchr(v, ' ', n))
		return false;
	return ca_entropy(v, n) >= (n < 12 ? 2.7 : 3.0);
}

/* --- the table --- */

/* clang-format off */
static const char *const p_anthropic_admin[] = {
	"ANTHROPIC_ADMIN_KEY=sk-ant-admin01-7PkSiTZZ7KE6Bh4XU-3Pks5qJJHurY6o"
	"yTrNpZJXL6qY37e3Oxp0FYoH6KxATlmirTVh5KZWufwm8iq7a_4fWj0ZAROBaAA",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_anthropic_admin[] = {
	"sk-ant-admin01-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxAA",
	"sk-ant-admin01-short",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_anthropic_api[] = {
	"\"ANTHROPIC_API_KEY\": \"sk-ant-api03-wp4KAt9t1-TBTMtS4RdMAs7Pi57UEh"
	"gi0C8MV_KSXk11VqSndtmHo_YCGm5HQLzhDooNIIVW1pJnMyiPwP4ATbp1EIcrKAA\"",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_anthropic_api[] = {
	"sk-ant-api03-wp4KAt9t1-TBTMtS4RdMAs7Pi57UEhgi0C8MV_KSXk11VqSndtmHo_"
	"YCGm5HQLzhDooNIIVW1pJnMyiPwP4ATbp1EIcrKAB",
	"sk-ant-api03-...AA",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_aws_access[] = {
	"[default]\naws_access_key_id = AKIAQ5JZWWMTKD5QXXRM\n"
	"aws_secret_access_key = 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\n",
	"export AWS_SECRET_ACCESS_KEY=i/jn0ZbV+4EeDM8rmQm/51FQFPVtPh3rhMvu5Z4P\n"
	"export AWS_ACCESS_KEY_ID=AKIAQ5JZWWMTKD5QXXRM\n",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_aws_access[] = {
	"aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
	"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
	"aws_access_key_id = AKIAQ5JZWWMTKD5QXXRM\n",
	"aws_access_key_id = AKIAQ5JZWWMTKD5QXXRM\n"
	"commit = a4c123b1612dd272d1371c17149d439536b3216f\n",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_aws_env_session[] = {
	"export AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEUvImZaYMEtKJGF2VDuiBNgkWb2s"
	"RPReNbA/TkB/yOaGglfIPk5VlDPk4C47bIkprJIoekk6P0K4uGpSSozBfGIy2EJAPnjR/"
	"rohtxlB3lex0XEw/yy6yxz4Uk0yGfuBXunJJm/oSHoNrKsFXJu59awr2qxPDjpLK4NFQ"
	"V7FZmH+UzHQR1xfxRXmyqhAPu7NPpZP+rtJySLdi46tYBfB2WiucHX4PN8RJIb0/\n",
	"[temp]\naws_session_token = FwoGZXIvYXdzEJrOl72YCAxtAsVIz/P/4E1ZqQHdXx0Y"
	"36SMeXUZxZ8O8IFs0SFaHnm6WG5HalCGP3QEGKe1GAbqQ5WPLAWf+emhOY1lM4kmxCK8g"
	"l9szEl8tyUdLqV4XFJjlva4G0iKMOZGIiwULNb86TXfoCfMk8mW4dIgqgSzufbgem\n",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_aws_env_session[] = {
	"export AWS_SESSION_TOKEN=\"${AWS_SESSION_TOKEN}\"\n",
	"AWS_SESSION_TOKEN=\n",
	"aws_session_token = <session-token>\n",
	"AWS_SESSION_TOKEN=FwoGZXIvYXdzEJr\n",
	/* NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one long line */
	"MY_AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEUvImZaYMEtKJGF2VDuiBNgkWb2sRPRe"
	"NbA/TkB/yOaGglfIPk5VlDPk4C47bIkprJIoekk6P0K4uGpSSozBfGIy2EJAPnjR/rohtxl"
	"B3lex0XEw/yy6yxz4Uk0yGfuBXunJJm/oSHoNrKsFXJu59awr2qxPDjpLK4NFQV7\n",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_aws_session[] = {
	"{\"Credentials\": {\"AccessKeyId\": \"ASIAQ2UXKASGWPJMB5N3\", "
	"\"SecretAccessKey\": \"i/jn0ZbV+4EeDM8rmQm/51FQFPVtPh3rhMvu5Z4P\", "
	"\"Expiration\": \"2024-05-01T12:00:00Z\"}}",
	NULL,
};
/* clang-format on */
static const char *const n_aws_session[] = {
	"ASIAQ2UXKASGWPJMB5N3 has no secret near it",
	NULL,
};
/* clang-format off */
static const char *const p_azure_entra[] = {
	"Xy38Q~wnztP0aod9cvhCK9HfBwohrHaZyHOdW7YI",
	"{\"keyId\": \"0d4c8f51-2b6e-4d2a-9a55-6f6f0e3e7c11\", "
	"\"secretText\": \"p2w7Q~.IFf~dSbz64tuZVspI8HfcOdE6UA88f\"}",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_azure_entra[] = {
	"xxx8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	"Ab18Q~short",
	"prefixXy38Q~wnztP0aod9cvhCK9HfBwohrHaZyHOdW7YI",
	"Xy38Q~wnztP0aod9cvhCK9HfBwohrHaZyHOdW7YIwnztP0",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_azure_env[] = {
	"export AZURE_CLIENT_SECRET=u-XqU4U5xjWjg~flXGxxnYT7XurCDHVrjw7KqJu-\n",
	"ARM_CLIENT_SECRET: \"q8R2-t5Vx.9LmZ~Kd3Wp7Yc1Nf6Hb4Js0Ga\"",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_azure_env[] = {
	"AZURE_CLIENT_SECRET: ${{ secrets.AZURE_CLIENT_SECRET }}",
	"AZURE_CLIENT_SECRET=<your-client-secret>",
	"export AZURE_CLIENT_SECRET=$SP_SECRET",
	"AZURE_CLIENT_SECRET_FILE=/var/run/secrets/azure/client-secret",
	"AZURE_CLIENT_SECRET=\"short\"",
	"MY_AZURE_CLIENT_SECRET=u-XqU4U5xjWjg~flXGxxnYT7XurCDHVrjw7KqJu-",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_private_key[] = {
	"-----BEGIN RSA PRIVATE KEY-----\n"
	"MIIEpJUsiwpMy3HXw7XxB51+uPmeWfaC0eOnkfVmTLwDQ7N2sm5uUNITnPxKyBnS\n"
	"qzyh5RN/9xwawvc4zMG2UVbANgoOssoSXHl0K3UkGndY6KAccuy6oU6ZPHFzT183\n"
	"X8wUG1fB0IztkkakYmuNfJ4FZr9BM+uzycZ/qUw0iigUlRhXYJEj9apuK0xrXc+K\n"
	"TF2EzqPpnQL8W9T8m5LM2A==\n"
	"-----END RSA PRIVATE KEY-----\n",
	"-----BEGIN EC PRIVATE KEY-----\n"
	"MIIEpDW+S/EC8BoON1nV/Pi3tUeZxX1Wqg74l4fud31bXNynThxDJY+tzdUYBKvK\n"
	"QAOMNSZIyZ88oZ6Z3CL9MdRNogF66nV4NQwM1n6/cmkRB93ACvPsT5DwdKi6jvot\n"
	"FFhvAG1+FodW08egwennAKNu3/mDJivsmQHV80FPxOV6Xnr/z81+UpSP2R3P3j5D\n"
	"tdY02EKzMcba2BR+ooAT6g==\n"
	"-----END EC PRIVATE KEY-----\n",
	"-----BEGIN PRIVATE KEY-----\n"
	"MIIEpD32d8+eOHs4CQjYLOutCOIjLSq1fhvjIblFRkA0CKipScPjQX370LuC745g\n"
	"fo0I6ed4B/sKrX6LCiHnLIYLa/HdGjIvuNeGAKTP9/iKGLOlXc3KMg695XptTsQE\n"
	"Fw71q6CTxF9gGFUD4OVTC8So/jTEmgt+u5G6xHDhfDcT7cNikmng/maeFJPVd0tK\n"
	"a5nYwVPtL+RoLg9UUbTlZg==\n"
	"-----END PRIVATE KEY-----\n",
	"-----BEGIN OPENSSH PRIVATE KEY-----\n"
	"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz\n"
	"c2gtZWQyNTUxOQAAACCeV0PJCa9JuyfwQqAj/GGWzlRgu4xP6tRepp/ldzGJCAAA\n"
	"AJCWq4MBlquDAQAAAAtzc2gtZWQyNTUxOQAAACCeV0PJCa9JuyfwQqAj/GGWzlRg\n"
	"u4xP6tRepp/ldzGJCAAAAEArlhNeqDh3Bhvf/p3peN80UE6SinwRlNmrU/nugbTt\n"
	"sZ5XQ8kJr0m7J/BCoCP8YZbOVGC7jE/q1F6mn+V3MYkIAAAADXRva2dlbkBha0lN\n"
	"Qm0=\n"
	"-----END OPENSSH PRIVATE KEY-----\n",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_private_key_enc[] = {
	"-----BEGIN RSA PRIVATE KEY-----\n"
	"Proc-Type: 4,ENCRYPTED\n"
	"DEK-Info: AES-128-CBC,35F7A663067CA7BA99812DA33E2232FB\n"
	"\n"
	"S4IEpB4aeModod+6LIfIMGZGNCO3TOgYTEyPkrph6Ivp0Y1PeHKljhbUPd9+HW6q\n"
	"ltNoDBdPsNwX14/EOUSMlEJ/Fy0p8I9xvUsV+3xlgpOjj7w/VIxsx2mXKA9FavS6\n"
	"dLodIhKbu7cYb3PCw56OXi1/vlSLehp2lBPezcDIPKOJx9SkU9vWaSrE6cQk/t+J\n"
	"FYuFfuLP/4Rmuk+Bclbs3w==\n"
	"-----END RSA PRIVATE KEY-----\n",
	"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
	"MIIEpAcrbaf7CLerboXLrd+JG5/+bN7hGVYuUW2J3ACc8yyQAWChFb+zsqyfRx4Z\n"
	"3WwEJJawhETOdfXqw/hs0CXoif6wXQsT1A/7ajVAQsrvk2+Cj0qCqTljq5nqYhI7\n"
	"7fSy+kf3ZDpNWDL/ZxDAvXPmdMf1FhwJLPzIwLyXEnyWyKMkku61V9P48FQC5R0g\n"
	"IoQWfkiMCdM0FEPUCNT4SA==\n"
	"-----END ENCRYPTED PRIVATE KEY-----\n",
	"-----BEGIN OPENSSH PRIVATE KEY-----\n"
	"b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABAW\n"
	"5sdS4wkLraJ0QUu4Fkn9AAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIAj/\n"
	"gdjTyXi3mALRHvObRlvCJrVmF8akVyFiB12OnVFiAAAAkBy0UAgRTV724+RSdReO\n"
	"Rs0MG6xsYVpiUWpEzAP14ymIYBaB/H7VIqHoBpj5+gECzT/xulhziB17RYmpfb6X\n"
	"ykHXTHemwbEL3ihRcrzuWOiWLSBXsqRFl/vtmuRgTaXUxQm68yQqQnGWN2RIEJBW\n"
	"Kp9QAe3fMSjq/dir2jZRh3NINaUqcGQlvjxJge/3Hpy/3w==\n"
	"-----END OPENSSH PRIVATE KEY-----\n",
	NULL,
};
/* clang-format on */
/* Documentation shapes that are not keys, valid for both key rules. */
#define KEY_NEGATIVES                                                                \
	"-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",       \
	    "-----BEGIN PRIVATE KEY-----\nMIIE<your key here>\n"                     \
	    "-----END PRIVATE KEY-----",                                             \
	    "-----BEGIN OPENSSH PRIVATE KEY-----\n"                                  \
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
	    "AAAAAAAAAAAA\n-----END OPENSSH PRIVATE KEY-----",                       \
	    "-----BEGIN RSA PRIVATE KEY-----\n(no end marker)"
/* clang-format off */
static const char *const n_private_key[] = {
	KEY_NEGATIVES,
	"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
	"MIIEpAcrbaf7CLerboXLrd+JG5/+bN7hGVYuUW2J3ACc8yyQAWChFb+zsqyfRx4Z\n"
	"3WwEJJawhETOdfXqw/hs0CXoif6wXQsT1A/7ajVAQsrvk2+Cj0qCqTljq5nqYhI7\n"
	"-----END ENCRYPTED PRIVATE KEY-----\n",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_private_key_enc[] = {
	KEY_NEGATIVES,
	"-----BEGIN PRIVATE KEY-----\n"
	"MIIEpD32d8+eOHs4CQjYLOutCOIjLSq1fhvjIblFRkA0CKipScPjQX370LuC745g\n"
	"fo0I6ed4B/sKrX6LCiHnLIYLa/HdGjIvuNeGAKTP9/iKGLOlXc3KMg695XptTsQE\n"
	"-----END PRIVATE KEY-----\n",
	NULL,
};
/* clang-format on */
static const char *const p_docker[] = {
	"docker login -u dev -p dckr_pat_02UR7E8RJXG6UyTMJIexFbTJS8K",
	NULL,
};
/* clang-format off */
static const char *const n_docker[] = {
	"dckr_pat_xxxxxxxxxxxxxxxxxxxxxxxxxxx",
	"dckr_pat_02UR7E8RJXG6UyTMJIexFbTJS8Kextra",
	NULL,
};
/* clang-format on */
static const char *const p_gcp_key[] = {
	"GOOGLE_API_KEY=AIzaWt5WgppNVQ0-laAVUu2dstgo14fFE3N8bi4",
	NULL,
};
/* clang-format off */
static const char *const n_gcp_key[] = {
	"AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
	"AIzaWt5WgppNVQ0-laAVUu2dstgo14fFE3N8b",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_gcp_sa[] = {
	"{\n  \"type\": \"service_account\",\n"
	"  \"project_id\": \"tokgen-demo\",\n"
	"  \"private_key_id\": \"daeeb975729fae923d5a4fd12aabfe22\",\n"
	"  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEpD32d8+eOHs4CQjY"
	"LOutCOIjLSq1fhvjIblFRkA0CKipScPjQX370LuC745g\\nfo0I6ed4B/sKrX6LCiHnLIY"
	"La/HdGjIvuNeGAKTP9/iKGLOlXc3KMg695XptTsQE\\n-----END PRIVATE KEY-----"
	"\\n\",\n"
	"  \"client_email\": \"ci@tokgen-demo.iam.gserviceaccount.com\"\n}\n",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_gcp_sa[] = {
	"{\"type\": \"service_account\", \"client_email\": \"a@b.c\"}",
	"{\"type\": \"service_account\", \"private_key\": \"<your key>\"}",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_database_url[] = {
	"DATABASE_URL=postgres://app:Zq7vP2mW9xK4@db.internal:5432/app",
	/* NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one long line */
	"spring.datasource.url=jdbc:sqlserver://sql01:1433;databaseName=crm;"
	"user=svc_crm;password=Hx8!qT2zLm4v",
	"MONGO=mongodb+srv://reader:q8Vn2Lx0Pz7R@cluster0.ab1cd.mongodb.net/x",
	"NEO4J_URI=neo4j+s://graph:Wq3nX8vL2pR7@graph.internal:7687",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_database_url[] = {
	"postgres://user:password@localhost/db",
	"postgres://postgres:postgres@localhost/db",
	"mysql://root:${MYSQL_PASSWORD}@db/app",
	"redis://:****@cache:6379",
	"postgresql://app:Zq7vP2mW9xK4@db.example.com/app",
	"postgres://localhost/db",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_jwt[] = {
	"Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1"
	"c2VyLTg3MzgyIiwiZW1haWwiOiJkZXY2NjdAdG9rZ2VuLnRlc3QiLCJpc3MiOiJodHRwczo"
	"vL2lzc3Vlci50b2tnZW4udGVzdCIsImV4cCI6MTc5MDMyODgzNH0.wGEhtj4Ziw029oeGsf"
	"SDvu9NdYMk5KGFl_Q3EbgHSQ4",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_jwt[] = {
	/* {"foo":"bar"} header: no "alg" */
	"eyJmb28iOiJiYXIifQ.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
	"eyJhbGciOiJIUzI1NiJ9",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_password[] = {
	"db_password = \"Tr0ub4dor&3xq\"",
	"PASSWORD=lW8BRutDJE!pAVB0",
	"  password: hunter2hunter\n",
	"<add key=\"Pwd\" value=\"x\"/> pwd='Qm4#zL9!wT'",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_password[] = {
	"password = getpass()",
	"password: 'bm90IG15IHJlYWwgcGFzc3dvcmQ='",
	"password: ${DB_PASSWORD}",
	"password = \"changeme\"",
	"password: \"<your-password>\"",
	"password = None",
	"password: string;",
	"PWD=/home/dev/project",
	"password = \"{{ vault_password }}\"",
	"password=%(db_password)s",
	"password = self.password",
	"password = \"xxxxxxxx\"",
	"if password == \"hunter2hunter\":",
	"def login(user, password: str, retries=3):",
	"password = user_password",
	"raise ValueError(\"password: Invalid password\")",
	"password: !vault |",
	"PASSWORD=$DB_PASSWORD",
	"{\"password\": pw}",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_secret[] = {
	"client_secret = \"q8Vn2Lx0Pz7Rt4Wm9Kc1\"",
	"API_KEY=daeeb975729fae923d5a4fd12aabfe22",
	"\"access_token\": \"ya29.a0AfH6SMBx3k9Lq2Vt7Rz1Np8Ws4Yc6Ud0\"",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_secret[] = {
	"token = request.headers.get(\"X-Token\")",
	"api_key = \"YOUR_API_KEY\"",
	"secret: ${{ secrets.DEPLOY_KEY }}",
	"token: abcdefghijk",
	"access_token = \"aaaaaaaaaaaaaaaa\"",
	"csrf_token = generate_token()",
	"token = null",
	"token = os.environ[\"TOKEN\"]",
	"secret_key = settings.SECRET_KEY",
	"tokens = 42",
	"token = next_token",
	"api_key: sk_test_placeholder",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_url[] = {
	"git remote add origin https://deploy:Zq7vP2mW9xK4@git.internal/repo.git",
	"proxy = http://alice:Hx8qT2zLm4v@proxy.corp:3128",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_url[] = {
	"https://user:password@host/path",
	"https://user:${PASS}@git.internal/repo",
	"ftp://anon:****@files.internal/",
	"https://alice:Hx8qT2zLm4v@example.com/",
	"https://git.internal:8443/repo",
	"postgres://app:Zq7vP2mW9xK4@db.internal:5432/app",
	"https://%s:%s@host.internal/",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_gh_app_install[] = {
	"x-access-token:ghs_AYHn4pIucIjF1olhQI6SnRr9o1KqVc2inBpp",
	"ghs_E9SLTR0R6gNmx1OvvR1Gwqbru30GCm20tVj3",
	NULL,
};
/* clang-format on */
static const char *const n_gh_app_install[] = {
	"ghs_dUGGTNTYbGmf98Kjo6Y6zwrZtwIQPj0Z3UlO",
	NULL,
};
/* clang-format off */
static const char *const p_gh_app_user[] = {
	"token: ghu_fzfRI2GmMrdEAe7WP3az1W43pTpDY341u0QN",
	"ghu_FWg3nqKwiJDxUlpBJLWdxpBooiHrXv44OnZ6",
	NULL,
};
/* clang-format on */
static const char *const n_gh_app_user[] = {
	"ghu_L5XAzyNI8usMjqfsxYjD8ruNmJaJt906Cq6y",
	NULL,
};
/* clang-format off */
static const char *const p_gh_env[] = {
	"export GITHUB_TOKEN=a4c123b1612dd272d1371c17149d439536b3216f\n",
	"GH_ENTERPRISE_TOKEN: \"a4c123b1612dd272d1371c17149d439536b3216f\"",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_gh_env[] = {
	"GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}",
	"export GH_TOKEN=$(gh auth token)",
	"GITHUB_TOKEN=your_token_here",
	"GH_TOKEN=\"<token>\"",
	"MY_GITHUB_TOKEN=a4c123b1612dd272d1371c17149d439536b3216f",
	"GITHUB_TOKEN=ghp_MvPtVv208C0Wz9t22yr15S6fgEzkOH3y2pk6",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_gh_oauth[] = {
	"oauth_token: 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",
	"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",
	NULL,
};
/* clang-format on */
static const char *const n_gh_oauth[] = {
	"gho_5ncUPQKTTb1dWtCqFG1jWKFiEYu7W84N5TX5",
	NULL,
};
/* clang-format off */
static const char *const p_gh_classic[] = {
	"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",
	"url = https://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@github.com/o/r",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_gh_classic[] = {
	"ghp_MvPtVv208C0Wz9t22yr15S6fgEzkOH3y2pk6",
	"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	"ghp_qWS3bByS69f69oEbhjPJOYhGYy79Zs2C40l",
	"a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",
	"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x",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_gh_fine[] = {
	"github_pat_11F53A4MDMHN6S5DG45IUJ_RIpdzaJ3ASGUv1LcPebfN7h67l92x4M27kzy"
	"58wZvyMC4D0Tc9NLj0iAHUk",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_gh_fine[] = {
	"github_pat_11XXXXXXXXXXXXXXXXXXXX_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxx",
	"github_pat_11F53A4MDMHN6S5DG45IUJ_RIpdzaJ3ASGUv1Lc",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_gh_refresh[] = {
	"\"refresh_token\": \"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\"",
	"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",
	NULL,
};
/* clang-format on */
static const char *const n_gh_refresh[] = {
	"ghr_JxM42UMusQw8Ynuluge0farwtFGUcB0E1kC8",
	NULL,
};
/* clang-format off */
static const char *const p_gitlab_pat[] = {
	"GITLAB_TOKEN=glpat-uSIuZV8QjB5Dm2g18YkR",
	"glpat-m5L_q5v0vuwqIvanwSLLtRpKwUz.01mkojnt7",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_gitlab_pat[] = {
	"glpat-xxxxxxxxxxxxxxxxxxxx",
	"glpat-uSIuZV8QjB5Dm2g18Yk",
	"glpat-<your-token>",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_gitlab_runner[] = {
	"token = \"glrt-s4rp3eYFL3TRarYMWWFu\"",
	"registration-token GR1348941sedVgZX1joC8uO49aNrK",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_gitlab_runner[] = {
	"glrt-XXXXXXXXXXXXXXXXXXXX",
	"GR1348941xxxxxxxxxxxxxxxxxxxx",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_gitlab_token[] = {
	"deploy: gldt-sedVgZX1joC8uO49aNrK",
	"https://gitlab.internal/feed.atom?feed_token=glft-dhPwRTfKReTGMmblx9Rh",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_gitlab_token[] = {
	"gldt-xxxxxxxxxxxxxxxxxxxx",
	"glxx-sedVgZX1joC8uO49aNrK",
	NULL,
};
/* clang-format on */
static const char *const p_huggingface[] = {
	"HF_TOKEN=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",
	NULL,
};
/* clang-format off */
static const char *const n_huggingface[] = {
	"hf_hub_download(repo_id=x)",
	"hf_abcdefghijklmnopqrstuvwxyzabcdefgh",
	"hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_npm[] = {
	"//registry.npmjs.org/:_authToken=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",
	"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",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_npm[] = {
	"npm_EBWF8lHfXXDquaVzCIYvtdYQHhEXR318QvB2",
	"npm_install_dependencies_for_the_project",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_openai[] = {
	"OPENAI_API_KEY=sk-proj-c8-Q3N3zUAHDBRHBo1Zg1j0UOI23qbFYqX5aFwt36x6zwPY"
	"LW1ZVqyiKW-t-BwtBh3H-T7yq2rT3BlbkFJdjQivtQ91VT4zvFLpwiM-hiMpOG-vQWtL-d"
	"vzHsc7VbJC6iK6gU8sW-ucTfysdcYVS9TuQURBL",
	"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",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_openai[] = {
	"sk-proj-abc",
	"sk-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_pypi[] = {
	"password = pypi-AgEIcHlwaS5vcmc_kk6b1LWCkTocDzOR0VfCX2cQrw1WoJm67E32P5"
	"b7JJRnSMK-HOEflE16q3V8ex-ykWd9cK6lmO8V7zzfbM0XsdqgOP5dokjFlErkA0NWc24B"
	"XmYDYtJZEECpNFHfeHNBhKOgg7tHoC3Wdj3pTv-Ed",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_pypi[] = {
	"pypi-AgEIcHlwaS5vcmc",
	"pypi-AgEIcHlwaS5vcmcXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
	"XXXXXX",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_sendgrid[] = {
	"SENDGRID_API_KEY='SG.6XN1W7IpTnQfY2tFK10yis.R6QLWsUqft4xZpDWWc0kGhzUQo"
	"LW1aez7DfhrRl2d7T'",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_sendgrid[] = {
	"SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	"SG.6XN1W7IpTnQfY2tFK10yis",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_slack_app[] = {
	"SLACK_APP_TOKEN=xapp-1-AYBHLD0HYJM-5777027232890-835721a5afb8b86f3070de"
	"2dcf3b5ae80371f3d0f5855a0b3aaa125be254ffd7",
	NULL,
};
/* clang-format on */
static const char *const n_slack_app[] = {
	"xapp-1-XXXXXXXXXXX-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	NULL,
};
static const char *const p_slack_bot[] = {
	"SLACK_BOT_TOKEN=xoxb-658315156349-5621731220696-F3ctOtzRS5zdKeYKBqxcUoVt",
	NULL,
};
/* clang-format off */
static const char *const n_slack_bot[] = {
	"xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx",
	"xoxb-your-token",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_slack_user[] = {
	"xoxp-200948114693-8896463204320-3689406533027-b01b91d3b71e60ba9321001a"
	"2909d69b",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_slack_user[] = {
	"xoxp-1234",
	"xoxp-000000000000-000000000000-000000000000-xxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxx",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const p_slack_webhook[] = {
	"url: https://hooks.slack.com/services/T05AB1CDE/B07XY2Z9Q/q8Vn2Lx0Pz7R"
	"t4Wm9Kc1sJ3h",
	NULL,
};
/* clang-format on */
/* clang-format off */
static const char *const n_slack_webhook[] = {
	"https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXX"
	"XXXXXX",
	"https://hooks.slack.com/services/",
	NULL,
};
/* clang-format on */
static const char *const p_stripe_rk[] = {
	"STRIPE_KEY=rk_live_Cx1Wb0KJwyi3JOFF2ooXdvOD",
	NULL,
};
static const char *const n_stripe_rk[] = {
	"rk_test_Cx1Wb0KJwyi3JOFF2ooXdvOD",
	NULL,
};
static const char *const p_stripe_sk[] = {
	"Stripe.api_key = \"sk_live_UDjD9C68xnStehrcmjLOOPOV\"",
	NULL,
};
/* clang-format off */
static const char *const n_stripe_sk[] = {
	"sk_test_UDjD9C68xnStehrcmjLOOPOV",
	"sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
	NULL,
};
/* clang-format on */
static const char *const p_twilio[] = {
	"TWILIO_API_KEY=SK64b4b5d4804a07589b369cd473208691",
	NULL,
};
/* clang-format off */
static const char *const n_twilio[] = {
	"TASKdaeeb975729fae923d5a4fd12aabfe22",
	"SK00000000000000000000000000000000",
	"SKdaeeb975729fae923d5a4fd12aabfe22ff",
	NULL,
};
/* clang-format on */

/* NOLINTBEGIN(bugprone-macro-parentheses): the arguments are designated
 * initializers' values and pasted string literals, never operands */
#define TOKEN_RULE(ID, KIND, SUMMARY, HS, RE, BEFORE, AFTER, PREFIX, V, P, N)  \
	{                                                                      \
		.id = ID, .kind = KIND, .summary = SUMMARY, .hs = HS,          \
		.re = RE, .before = BEFORE, .after = AFTER, .group = 1,        \
		.prefix = PREFIX, .level = 0, .validate = V, .positives = P,   \
		.negatives = N                                                 \
	}
/* NOLINTEND(bugprone-macro-parentheses) */

#define GH_CLASSIC(ID, KIND, SUMMARY, PFX, P, N)                               \
	TOKEN_RULE(ID, KIND, SUMMARY, PFX "[A-Za-z0-9]{36}",                   \
	    "(?<![A-Za-z0-9_])(" PFX "[A-Za-z0-9]{36})(?![A-Za-z0-9_])", 40,   \
	    0, 4, v_github_classic, P, N)

/* The private key rules share one first-pass pattern; the validators split
 * encrypted from unencrypted. The body is possessive and cannot run over
 * another "-----" marker, so a BEGIN without END costs one pass over its
 * body; the window ('after') bounds it to 32 KiB, enough for RSA-16384. */
#define PK_HS                                                                  \
	"-----BEGIN (?:RSA |DSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"
#define PK_RE                                                                  \
	"-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED )?)PRIVATE KEY-----"  \
	"(?>[A-Za-z0-9+/=\\s\\\\:,]++|-(?!----))*+"                            \
	"-----END \\1PRIVATE KEY-----"

/* clang-format off */
static const struct ca_rule rules[] = {
	TOKEN_RULE("anthropic.admin-key", "anthropic-admin-key",
	    "Anthropic admin API key (sk-ant-admin01-)",
	    "sk-ant-admin01-[A-Za-z0-9_-]{93}AA",
	    NB "(sk-ant-admin01-[A-Za-z0-9_-]{93}AA)" NA, 110, 0, 15,
	    v_token, p_anthropic_admin, n_anthropic_admin),
	TOKEN_RULE("anthropic.api-key", "anthropic-api-key",
	    "Anthropic API key (sk-ant-api03-)",
	    "sk-ant-api03-[A-Za-z0-9_-]{93}AA",
	    NB "(sk-ant-api03-[A-Za-z0-9_-]{93}AA)" NA, 108, 0, 13, v_token,
	    p_anthropic_api, n_anthropic_api),
	TOKEN_RULE("aws.access-key", "aws-access-key",
	    "AWS access key id (AKIA/ABIA/ACCA) with its secret key nearby",
	    "(?:AKIA|ABIA|ACCA)[A-Z2-7]{16}",
	    "(?<![A-Za-z0-9])((?:AKIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Za-z0-9])",
	    20, 0, 0, v_aws, p_aws_access, n_aws_access),
	{ .id = "aws.env-session-token", .kind = "aws-session-key",
	    .summary = "AWS_SESSION_TOKEN / aws_session_token / SessionToken "
		       "with an STS session token",
	    .hs = "(?i)(?:aws_session_token|aws_security_token|sessiontoken)"
		  ASSIGN_HS,
	    .re = "(?i)(?<![A-Za-z0-9_])(?:aws_session_token|"
		  "aws_security_token|sessiontoken)[\"']?[ \\t]{0,4}[:=](?!=)"
		  "[ \\t]{0,16}(?|\"([A-Za-z0-9+/=]{100,4096})\"|"
		  "'([A-Za-z0-9+/=]{100,4096})'|([A-Za-z0-9+/=]{100,4096}))"
		  "(?![A-Za-z0-9+/=])",
	    .before = 40, .after = 4130, .group = 1, .prefix = 0, .level = 0,
	    .validate = v_aws_session_token, .positives = p_aws_env_session,
	    .negatives = n_aws_env_session },
	TOKEN_RULE("aws.session-key", "aws-session-key",
	    "AWS temporary key id (ASIA) with its secret key nearby",
	    "ASIA[A-Z2-7]{16}",
	    "(?<![A-Za-z0-9])(ASIA[A-Z2-7]{16})(?![A-Za-z0-9])", 20, 0, 0,
	    v_aws, p_aws_session, n_aws_session),
	TOKEN_RULE("azure.entra-client-secret", "azure-sp-secret",
	    "Microsoft Entra ID client secret (three characters, a digit, Q~)",
	    "[0-9A-Za-z_~.-]{3}[0-9]Q~[0-9A-Za-z_~.-]{31}",
	    "(?<![0-9A-Za-z_~.-])([0-9A-Za-z_~.-]{3}[0-9]Q~"
	    "[0-9A-Za-z_~.-]{31,34})(?![0-9A-Za-z_~.-])", 37, 3, 0, v_token,
	    p_azure_entra, n_azure_entra),
	{ .id = "azure.env-client-secret", .kind = "azure-sp-secret",
	    .summary = "AZURE_CLIENT_SECRET or ARM_CLIENT_SECRET assignment",
	    .hs = "(?:AZURE_CLIENT_SECRET|ARM_CLIENT_SECRET)" ASSIGN_HS,
	    .re = "(?<![A-Za-z0-9_])(?:AZURE_CLIENT_SECRET|ARM_CLIENT_SECRET)"
		  "[\"']?[ \\t]{0,4}[:=](?!=)[ \\t]{0,16}(?|\"([^\"\\r\\n\\x00]"
		  "{1,300})\"|'([^'\\r\\n\\x00]{1,300})'|([^\\s\\x00\"'#;,]"
		  "{1,300}))",
	    .before = 32, .after = 330, .group = 1, .prefix = 0, .level = 0,
	    .validate = v_azure_env, .positives = p_azure_env,
	    .negatives = n_azure_env },
	{ .id = "crypto.private-key", .kind = "private-key",
	    .summary = "unencrypted PEM, PKCS#8 or OpenSSH private key",
	    .hs = PK_HS, .re = PK_RE, .before = 40, .after = 32800,
	    .group = 0, .prefix = 0, .level = 1,
	    .validate = v_private_key_plain, .positives = p_private_key,
	    .negatives = n_private_key },
	{ .id = "crypto.private-key-encrypted", .kind = "private-key-encrypted",
	    .summary = "passphrase-protected PEM, PKCS#8 or OpenSSH private key",
	    .hs = PK_HS, .re = PK_RE, .before = 40, .after = 32800,
	    .group = 0, .prefix = 0, .level = 1,
	    .validate = v_private_key_encrypted,
	    .positives = p_private_key_enc, .negatives = n_private_key_enc },
	TOKEN_RULE("docker.hub-pat", "docker-hub-pat",
	    "Docker Hub personal access token (dckr_pat_)",
	    "dckr_pat_[A-Za-z0-9_-]{27}",
	    NB "(dckr_pat_[A-Za-z0-9_-]{27})" NA, 36, 0, 9, v_token, p_docker,
	    n_docker),
	TOKEN_RULE("gcp.api-key", "gcp-api-key", "Google API key (AIza)",
	    "AIza[0-9A-Za-z_-]{35}", NB "(AIza[0-9A-Za-z_-]{35})" NA, 39, 0, 4,
	    v_gcp_key, p_gcp_key, n_gcp_key),
	{ .id = "gcp.service-account-key", .kind = "gcp-service-account-key",
	    .summary = "Google Cloud service-account JSON key file",
	    .hs = "\"type\"[ \\t\\r\\n]{0,16}:[ \\t\\r\\n]{0,16}"
		  "\"service_account\"",
	    .re = "\"type\"[ \\t\\r\\n]{0,16}:[ \\t\\r\\n]{0,16}"
		  "\"service_account\"",
	    .before = 60, .after = 0, .group = 0, .prefix = 0, .level = 0,
	    .validate = v_gcp_sa, .positives = p_gcp_sa,
	    .negatives = n_gcp_sa },
	{ .id = "generic.database-url", .kind = "database-url",
	    .summary = "database connection string with a password",
	    .hs = "(?i)(?:postgres|postgresql|mysql|mariadb|mongodb|"
		  "mongodb\\+srv|redis|rediss|amqp|amqps|mssql|sqlserver|"
		  "oracle|cockroachdb|clickhouse|couchdb|couchbase|neo4j|"
		  "neo4j\\+s|bolt|cassandra|snowflake)://",
	    .re = "(?i)(?<![A-Za-z0-9+.-])((?:jdbc:)?(postgres(?:ql)?|mysql|"
		  "mariadb|mongodb(?:\\+srv)?|rediss?|amqps?|mssql|sqlserver|"
		  "oracle|cockroachdb|clickhouse|couchdb|couchbase|"
		  "neo4j(?:\\+s)?|bolt|cassandra|snowflake))://(?:"
		  "([^\\s\\x00/?#@:\"'<>]{0,128}):([^\\s\\x00/?#@\"'<>]{1,256})@"
		  "([A-Za-z0-9._~,:-]{1,253})"
		  "|([A-Za-z0-9._~,:\\[\\]-]{1,253}+)[^\\s\"'<>]{0,512}?[?;&]"
		  "(?:password|pwd)=([^&;\\s\\x00\"'<>]{1,256}))",
	    .before = 20, .after = 1100, .group = 0, .prefix = 0, .level = 2,
	    .validate = v_database_url, .positives = p_database_url,
	    .negatives = n_database_url },
	{ .id = "generic.jwt", .kind = "jwt",
	    .summary = "JSON Web Token (header decodes to JSON with \"alg\")",
	    .hs = "eyJ[A-Za-z0-9_-]{8,}\\.eyJ",
	    .re = NB "(eyJ[A-Za-z0-9_-]{8,4096}+\\.eyJ[A-Za-z0-9_-]{4,16384}+"
		  "\\.[A-Za-z0-9_-]{0,2048}+)" NA,
	    .before = 4110, .after = 18500, .group = 1, .prefix = 0,
	    .level = 0, .validate = v_jwt, .positives = p_jwt,
	    .negatives = n_jwt },
	{ .id = "generic.password", .kind = "generic-password",
	    .summary = "password assignment (password=, passwd:, pwd=...)",
	    .hs = "(?i)(?:password|passwd|passphrase|pwd)" ASSIGN_HS,
	    .re = "(?i)(password|passwd|passphrase|pwd)" ASSIGN_TAIL,
	    .before = 16, .after = 300, .group = G_VAL, .prefix = 0,
	    .level = 3, .validate = v_generic_password,
	    .positives = p_password, .negatives = n_password },
	{ .id = "generic.secret", .kind = "generic-secret",
	    .summary = "secret, token or API key assignment with a random value",
	    .hs = "(?i)(?:secret|token|api[_-]?key|access[_-]?key|"
		  "auth[_-]?key|secret[_-]?key)" ASSIGN_HS,
	    .re = "(?i)(secret|token|api[_-]?key|access[_-]?key|auth[_-]?key|"
		  "secret[_-]?key)" ASSIGN_TAIL,
	    .before = 18, .after = 300, .group = G_VAL, .prefix = 0,
	    .level = 3, .validate = v_generic_secret, .positives = p_secret,
	    .negatives = n_secret },
	{ .id = "generic.url-credential", .kind = "url-credential",
	    .summary = "URL with an embedded password (scheme://user:pass@host)",
	    .hs = "://[^\\s\\x00/?#@:\"'<>]{0,128}:[^\\s\\x00/?#@\"'<>]{1,256}@",
	    .re = "(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{1,30})://"
		  "([^\\s\\x00/?#@:\"'<>]{0,128}):([^\\s\\x00/?#@\"'<>]{1,256})@"
		  "([A-Za-z0-9._~-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])",
	    .before = 430, .after = 260, .group = 3, .prefix = 0, .level = 2,
	    .validate = v_url, .positives = p_url, .negatives = n_url },
	GH_CLASSIC("github.app-installation-token",
	    "github-app-installation-token",
	    "GitHub App installation token (ghs_), checksum verified", "ghs_",
	    p_gh_app_install, n_gh_app_install),
	GH_CLASSIC("github.app-user-token", "github-app-user-token",
	    "GitHub App user-to-server token (ghu_), checksum verified", "ghu_",
	    p_gh_app_user, n_gh_app_user),
	{ .id = "github.env-token", .kind = "github-env-token",
	    .summary = "GITHUB_TOKEN/GH_TOKEN assignment in an env or rc file",
	    .hs = "(?:GITHUB_TOKEN|GH_TOKEN|GH_ENTERPRISE_TOKEN|"
		  "GITHUB_ENTERPRISE_TOKEN)" ASSIGN_HS,
	    .re = "(?<![A-Za-z0-9_])(?:GITHUB_TOKEN|GH_TOKEN|"
		  "GH_ENTERPRISE_TOKEN|GITHUB_ENTERPRISE_TOKEN)[\"']?[ \\t]{0,4}"
		  "[:=](?!=)[ \\t]{0,16}(?|\"([^\"\\r\\n\\x00]{1,300})\"|"
		  "'([^'\\r\\n\\x00]{1,300})'|([^\\s\\x00\"'#;,]{1,300}))",
	    .before = 32, .after = 330, .group = 1, .prefix = 0, .level = 0,
	    .validate = v_github_env, .positives = p_gh_env,
	    .negatives = n_gh_env },
	GH_CLASSIC("github.oauth-token", "github-oauth-token",
	    "GitHub OAuth token (gho_), checksum verified", "gho_", p_gh_oauth,
	    n_gh_oauth),
	GH_CLASSIC("github.pat-classic", "github-pat-classic",
	    "GitHub classic personal access token (ghp_), checksum verified",
	    "ghp_", p_gh_classic, n_gh_classic),
	TOKEN_RULE("github.pat-fine-grained", "github-pat-fine-grained",
	    "GitHub fine-grained personal access token (github_pat_)",
	    "github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}",
	    NB "(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})" NA, 93, 0, 11,
	    v_github_fine, p_gh_fine, n_gh_fine),
	GH_CLASSIC("github.refresh-token", "github-refresh-token",
	    "GitHub refresh token (ghr_), checksum verified", "ghr_",
	    p_gh_refresh, n_gh_refresh),
	TOKEN_RULE("gitlab.pat", "gitlab-pat",
	    "GitLab personal, project or group access token (glpat-)",
	    "glpat-[A-Za-z0-9_-]{20}",
	    NB "(glpat-(?:[A-Za-z0-9_-]{27,300}\\.[0-9a-z]{2}[0-9a-z]{7}|"
	       "[A-Za-z0-9_-]{20}))(?![A-Za-z0-9_.-])",
	    26, 300, 6, v_token, p_gitlab_pat, n_gitlab_pat),
	TOKEN_RULE("gitlab.runner-token", "gitlab-runner-token",
	    "GitLab runner authentication or registration token",
	    "(?:glrt-|GR1348941)[A-Za-z0-9_-]{20}",
	    NB "((?:glrt-|GR1348941)[A-Za-z0-9_-]{20,300}"
	       "(?:\\.[0-9a-z]{9})?)(?![A-Za-z0-9_.-])",
	    29, 300, 5, v_gitlab_runner, p_gitlab_runner, n_gitlab_runner),
	TOKEN_RULE("gitlab.token", "gitlab-token",
	    "other GitLab tokens (deploy, trigger, job, feed, agent, OAuth...)",
	    "(?:gldt|glptt|glcbt|glft|glimt|glagent|gloas|glsoat|glffct)-"
	    "[A-Za-z0-9_-]{20}",
	    NB "((?:gldt|glptt|glcbt|glft|glimt|glagent|gloas|glsoat|glffct)-"
	       "[A-Za-z0-9_-]{20,300}(?:\\.[0-9a-z]{9})?)(?![A-Za-z0-9_.-])",
	    29, 300, 0, v_gitlab_token, p_gitlab_token, n_gitlab_token),
	TOKEN_RULE("huggingface.token", "huggingface-token",
	    "Hugging Face access token (hf_, api_org_)",
	    "(?:hf_|api_org_)[A-Za-z]{34}",
	    NB "((?:hf_|api_org_)[A-Za-z]{34})" NA, 42, 0, 3, v_huggingface,
	    p_huggingface, n_huggingface),
	TOKEN_RULE("npm.token", "npm-token",
	    "npm access token (npm_), checksum verified", "npm_[A-Za-z0-9]{36}",
	    "(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])", 40, 0, 4,
	    v_github_classic, p_npm, n_npm),
	TOKEN_RULE("openai.api-key", "openai-api-key",
	    "OpenAI API key (sk-proj-, sk-svcacct-, sk-admin-, legacy sk-)",
	    "sk-[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20}",
	    NB "(sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,200}T3BlbkFJ"
	       "[A-Za-z0-9_-]{20,200}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}))"
	       NA,
	    232, 200, 3, v_openai, p_openai, n_openai),
	TOKEN_RULE("pypi.token", "pypi-token", "PyPI API token (pypi-AgEI...)",
	    "pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50}",
	    NB "(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000})" NA, 70, 960, 20,
	    v_token, p_pypi, n_pypi),
	TOKEN_RULE("sendgrid.api-key", "sendgrid-api-key",
	    "SendGrid API key (SG.)", "SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}",
	    NB "(SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43})" NA, 69, 0, 3,
	    v_token, p_sendgrid, n_sendgrid),
	TOKEN_RULE("slack.app-token", "slack-app-token",
	    "Slack app-level token (xapp-, legacy xoxa-)",
	    "(?:xapp|xoxa)-[0-9]-",
	    NB "(xapp-[0-9]-[A-Z0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{32,80}|"
	       "xoxa-[0-9]-[A-Za-z0-9-]{30,200})(?![A-Za-z0-9-])",
	    8, 220, 5, v_token, p_slack_app, n_slack_app),
	TOKEN_RULE("slack.bot-token", "slack-bot-token", "Slack bot token (xoxb-)",
	    "xoxb-[0-9]{8}",
	    NB "(xoxb-[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{18,48})"
	       "(?![A-Za-z0-9-])",
	    13, 80, 5, v_token, p_slack_bot, n_slack_bot),
	TOKEN_RULE("slack.user-token", "slack-user-token",
	    "Slack user or rotating token (xoxp-, xoxe.xoxp-, xoxe-)",
	    "(?:xoxp-[0-9]{8}|xoxe\\.xoxp-1-|xoxe-1-)",
	    NB "(xoxp-[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{28,34}|"
	       "xoxe\\.xoxp-1-[A-Za-z0-9-]{60,300}|xoxe-1-[A-Za-z0-9-]{60,300})"
	       "(?![A-Za-z0-9-])",
	    15, 320, 5, v_slack_user, p_slack_user, n_slack_user),
	{ .id = "slack.webhook", .kind = "slack-webhook",
	    .summary = "Slack incoming webhook URL",
	    .hs = "hooks\\.slack\\.com/(?:services|workflows|triggers)/",
	    .re = "((?:https?://)?hooks\\.slack\\.com/"
		  "(?:services|workflows|triggers)/([A-Za-z0-9_/+-]{20,160}))"
		  "(?![A-Za-z0-9_/+-])",
	    .before = 50, .after = 170, .group = 1, .prefix = 0, .level = 0,
	    .validate = v_slack_webhook, .positives = p_slack_webhook,
	    .negatives = n_slack_webhook },
	TOKEN_RULE("stripe.restricted-key", "stripe-restricted-key",
	    "Stripe live restricted key (rk_live_)", "rk_live_[A-Za-z0-9]{24}",
	    "(?<![A-Za-z0-9_])(rk_live_[A-Za-z0-9]{24,247})(?![A-Za-z0-9_])", 32,
	    230, 8, v_token, p_stripe_rk, n_stripe_rk),
	TOKEN_RULE("stripe.secret-key", "stripe-secret-key",
	    "Stripe live secret key (sk_live_)", "sk_live_[A-Za-z0-9]{24}",
	    "(?<![A-Za-z0-9_])(sk_live_[A-Za-z0-9]{24,247})(?![A-Za-z0-9_])", 32,
	    230, 8, v_token, p_stripe_sk, n_stripe_sk),
	TOKEN_RULE("twilio.api-key", "twilio-api-key", "Twilio API key (SK + 32 hex)",
	    "SK[0-9a-fA-F]{32}",
	    "(?<![A-Za-z0-9_])(SK[0-9a-fA-F]{32})(?![A-Za-z0-9_])", 34, 0, 2,
	    v_twilio, p_twilio, n_twilio),
};
/* clang-format on */

/* The whole table: this file's rules and rule_saas.c's, merged once into
 * id order (each part is sorted; test_rules.c checks the result). */
#define ALL_RULES_MAX 1024
static struct ca_rule all_rules[ALL_RULES_MAX];
static size_t all_count;
static struct ca_rule_info infos[ALL_RULES_MAX];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void
table_init(void)
{
	size_t nb, i = 0, j = 0;
	const struct ca_rule *b = ca_rule_table_saas(&nb);
	size_t na = CA_ARRAY_SIZE(rules);

	while ((i < na || j < nb) && all_count < ALL_RULES_MAX) {
		if (j >= nb || (i < na && strcmp(rules[i].id, b[j].id) < 0))
			all_rules[all_count++] = rules[i++];
		else
			all_rules[all_count++] = b[j++];
	}
	for (size_t k = 0; k < all_count; k++) {
		infos[k].id = all_rules[k].id;
		infos[k].kind = all_rules[k].kind;
		infos[k].summary = all_rules[k].summary;
		infos[k].positives = all_rules[k].positives;
		infos[k].negatives = all_rules[k].negatives;
	}
}

const struct ca_rule *
ca_rule_table(size_t *count)
{
	pthread_once(&table_once, table_init);
	*count = all_count;
	return all_rules;
}

const struct ca_rule_info *
ca_rule_infos(size_t *count)
{
	pthread_once(&table_once, table_init);
	*count = all_count;
	return infos;
}
