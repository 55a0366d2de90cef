/* test_gitconfig.c - git config through libgit2: credentials in remote,
 * submodule, insteadOf and proxy URLs, extraheader basic and bearer,
 * helpers (store --file followed and linked, inline shell secrets),
 * sendemail and github.token, includes that stay inside the target
 * whatever they name, hostile input, and no secret in any string. */
#include "tests/unit/scan_unit.h"
#include <git2.h>
#include <sys/stat.h>
#include <unistd.h>
#include "scanners/surfaces/git/git_credentials.h"

extern const struct ca_scanner ca_scanner_gitconfig;

#define HOME   "/home/alice"
#define GLOBAL HOME "/.gitconfig"
#define REPO   HOME "/projects/app/.git/config"

static struct ca_inventory *
scan(struct ca_target *t, const char *path, const char *home)
{
	return scan_in(t, &ca_scanner_gitconfig, path, home);
}

static char *
b64(const char *in)
{
	char *out = malloc(strlen(in) * 4 / 3 + 8);

	b64_encode(in, strlen(in), out, false);
	return out;
}

static void
test_repo_urls_and_headers(void **state)
{
	char ghp[96] = "", gho[96] = "", ghs[96] = "", ghs2[96] = "",
	     ghu[96] = "", basic[128], buf[4096];
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c;
	struct ca_inventory *inv;
	char *enc;

	(void)state;
	gh_token("ghp_", 71, ghp);
	gh_token("gho_", 72, gho);
	gh_token("ghs_", 73, ghs);
	gh_token("ghs_", 74, ghs2);
	gh_token("ghu_", 75, ghu);
	snprintf(basic, sizeof(basic), "x-access-token:%s", ghs2);
	enc = b64(basic);
	snprintf(buf, sizeof(buf),
	    "[core]\n"
	    "\trepositoryformatversion = 0\n"
	    "[remote \"origin\"]\n"
	    "\turl = https://alice:Zq8%%40rT%%3A5vLw-Kp3@git.corp.test/a.git\n"
	    "\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
	    "[remote \"gh\"]\n"
	    "\turl = https://x-access-token:%s@github.com/org/app.git\n"
	    "\tpushurl = https://%s@github.com/org/app.git\n"
	    "[submodule \"lib\"]\n"
	    "\turl = https://bob:Pq7-Xw3-Lm9-Kd2@git.corp.test/lib.git\n"
	    "[url \"https://carol:%s@github.com/\"]\n"
	    "\tinsteadOf = https://github.com/\n"
	    "[http \"https://github.com/\"]\n"
	    "\textraheader = AUTHORIZATION: basic %s\n"
	    "[http]\n"
	    "\textraheader = Authorization: Bearer %s\n"
	    "\tproxy = http://proxyuser:Pr0xy-Pa55-w0rd@proxy.test:3128\n"
	    "\textraheader = X-Trace: 1\n",
	    ghp, gho, ghs, enc, ghu);
	add_text(t, REPO, buf);
	add_text(t, GLOBAL,
	    "[user]\n\tname = Alice\n\temail = alice@corp.test\n");
	inv = scan(t, REPO, HOME);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 8);

	c = find_secret(inv, "Zq8@rT:5vLw-Kp3");
	assert_non_null(c);
	assert_string_equal(c->kind, "git-remote-credential");
	assert_string_equal(c->rule, "gitconfig.remote-url-credential");
	assert_string_equal(c->identity, "alice@git.corp.test");
	assert_int_equal(c->locations[0].line, 4);
	assert_string_equal(c->locations[0].path, REPO);
	assert_true(has_reason(c, "credentials in remote 'origin' URL"));

	c = find_secret(inv, ghp);
	assert_non_null(c);
	assert_string_equal(c->kind, "github-pat-classic");
	assert_string_equal(c->identity, "x-access-token@github.com");
	assert_int_equal(c->locations[0].line, 7);
	assert_int_equal(strncmp(c->redacted, "ghp_", 4), 0);

	c = find_secret(inv, gho);
	assert_non_null(c);
	assert_string_equal(c->kind, "github-oauth-token");
	assert_string_equal(c->identity, "github.com");
	assert_true(has_reason(c, "credentials in remote 'gh' push URL"));

	c = find_secret(inv, "Pq7-Xw3-Lm9-Kd2");
	assert_non_null(c);
	assert_true(has_reason(c, "submodule 'lib'"));

	c = find_secret(inv, ghs);
	assert_non_null(c);
	assert_string_equal(c->rule, "gitconfig.insteadof-credential");
	assert_string_equal(c->kind, "github-app-installation-token");
	assert_string_equal(c->identity, "carol@github.com");
	assert_int_equal(c->locations[0].line, 11);

	c = find_secret(inv, ghs2);
	assert_non_null(c);
	assert_string_equal(c->rule, "gitconfig.http-extraheader");
	assert_string_equal(c->kind, "github-app-installation-token");
	assert_string_equal(c->identity, "x-access-token@github.com");
	assert_int_equal(c->locations[0].line, 14);
	assert_true(has_reason(c, "actions/checkout"));
	assert_true(has_reason(c, "for https://github.com"));

	/* bearer: identity from ~/.gitconfig, as git would use it */
	c = find_secret(inv, ghu);
	assert_non_null(c);
	assert_string_equal(c->kind, "github-app-user-token");
	assert_string_equal(c->identity, "alice@corp.test");
	assert_int_equal(c->locations[0].line, 16);

	c = find_secret(inv, "Pr0xy-Pa55-w0rd");
	assert_non_null(c);
	assert_string_equal(c->kind, "url-credential");
	assert_string_equal(c->identity, "proxyuser@proxy.test:3128");

	assert_no_secret(inv, ghp);
	assert_no_secret(inv, gho);
	assert_no_secret(inv, ghs);
	assert_no_secret(inv, ghs2);
	assert_no_secret(inv, ghu);
	assert_no_secret(inv, enc);
	assert_no_secret(inv, "Zq8@rT:5vLw-Kp3");
	assert_no_secret(inv, "Pr0xy-Pa55-w0rd");
	ca_inventory_free(inv);
	ca_target_free(t);
	free(enc);
}

static void
test_extraheader_variants(void **state)
{
	char ghp[96] = "", gho[96] = "", buf[1024];
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c;
	struct ca_inventory *inv;
	char *enc;

	(void)state;
	gh_token("ghp_", 131, ghp);
	gh_token("gho_", 132, gho);
	enc = b64(gho); /* basic with no "user:" part */
	snprintf(buf, sizeof(buf),
	    "[http \"https://ghe.corp.test\"]\n"
	    "\textraheader = Authorization: %s\n"
	    "[http \"https://gitlab.corp.test\"]\n"
	    "\textraheader = PRIVATE-TOKEN: Gl7-Rq2-Vx9-Mz4-Kp8\n"
	    "[http \"https://x.corp.test\"]\n"
	    "\textraheader = authorization: BASIC %s\n"
	    "\textraheader = Authorization: Basic not*base64!\n"
	    "\textraheader = Authorization: token ${TOKEN}\n"
	    "\textraheader = Accept: application/json\n",
	    ghp, enc);
	add_text(t, REPO, buf);
	inv = scan(t, REPO, HOME);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 4);
	c = find_secret(inv, ghp);
	assert_non_null(c);
	assert_string_equal(c->kind, "github-pat-classic");
	assert_true(
	    has_reason(c, "bare authorization for https://ghe.corp.test"));
	c = find_secret(inv, "Gl7-Rq2-Vx9-Mz4-Kp8");
	assert_non_null(c);
	assert_string_equal(c->kind, "git-http-extraheader");
	assert_true(has_reason(c, "private-token header"));
	c = find_secret(inv, gho);
	assert_non_null(c);
	assert_string_equal(c->kind, "github-oauth-token");
	assert_int_equal(c->locations[0].line, 6);
	c = find_secret(inv, "not*base64!");
	assert_non_null(c);
	assert_true(has_reason(c, "not valid base64"));
	assert_no_secret(inv, ghp);
	assert_no_secret(inv, gho);
	assert_no_secret(inv, enc);
	ca_inventory_free(inv);
	ca_target_free(t);
	free(enc);
}

static void
test_helpers(void **state)
{
	char ghp[96] = "", buf[2048];
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c, *store;
	struct ca_inventory *inv;

	(void)state;
	gh_token("ghp_", 81, ghp);
	add_text(t, GLOBAL,
	    "[user]\n"
	    "\temail = alice@corp.test\n"
	    "[credential]\n"
	    "\thelper = osxkeychain\n"
	    "\thelper = store --file ~/.config/git/alt-creds\n"
	    "[credential \"https://github.com\"]\n"
	    "\thelper =\n"
	    "\thelper = !/usr/bin/gh auth git-credential\n"
	    "[credential \"https://internal.test\"]\n"
	    "\thelper = \"!f() { echo username=svc; "
	    "echo password=Hq3-Vz8-Rt5-Wm2; }; f\"\n"
	    "[credential \"https://other.test\"]\n"
	    "\thelper = store --file=/srv/none/creds\n"
	    "[credential \"https://api.test\"]\n"
	    "\thelper = \"!f() { echo API_TOKEN=hunter2xyz; "
	    "echo user=x; }; f\"\n");
	snprintf(buf, sizeof(buf), "https://alice:%s@github.com\n", ghp);
	add_text(t, HOME "/.config/git/alt-creds", buf);
	inv = scan(t, GLOBAL, HOME);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 8);

	c = find_ref(inv, "git-helper:" GLOBAL ":osxkeychain");
	assert_non_null(c);
	assert_string_equal(c->kind, "git-credential-helper");
	assert_string_equal(c->rule, "gitconfig.credential-helper");
	assert_null(c->redacted);
	assert_string_equal(c->identity, "alice@corp.test");
	assert_int_equal(c->locations[0].line, 4);
	assert_true(has_reason(c, "credential helper 'osxkeychain'"));

	store = find_secret(inv, ghp);
	assert_non_null(store);
	assert_string_equal(store->rule, CA_GIT_STORE_RULE);
	assert_string_equal(store->kind, "github-pat-classic");
	assert_string_equal(store->locations[0].path,
	    HOME "/.config/git/alt-creds");
	assert_int_equal(store->locations[0].line, 1);

	c = find_ref(inv,
	    "git-helper:" GLOBAL ":store --file ~/.config/git/alt-creds");
	assert_non_null(c);
	assert_int_equal(c->nlinks, 1);
	assert_string_equal(c->links[0].ref,
	    CA_GIT_STORE_ANCHOR HOME "/.config/git/alt-creds");
	assert_int_equal(c->links[0].nto, 1);
	assert_string_equal(c->links[0].to[0], store->id);

	c = find_ref(inv,
	    "git-helper:" GLOBAL ":!/usr/bin/gh auth git-credential");
	assert_non_null(c);
	assert_true(has_reason(c, "for https://github.com"));
	assert_string_equal(c->links[0].ref, "gh-host:" HOME ":github.com");

	/* the inline password is a finding; the helper shows no secret */
	c = find_secret(inv, "Hq3-Vz8-Rt5-Wm2");
	assert_non_null(c);
	assert_string_equal(c->rule, "gitconfig.helper-inline-secret");
	assert_string_equal(c->kind, "generic-password");
	assert_int_equal(c->locations[0].line, 10);

	/* a store file that is not there is no error */
	c = find_ref(inv, "git-helper:" GLOBAL ":store --file=/srv/none/creds");
	assert_non_null(c);

	/* secret-sounding assignments are masked in the helper shown */
	c = find_ref(inv,
	    "git-helper:" GLOBAL ":!f() { echo API_TOKEN="
	    "hunter2xyz; echo user=x; }; f");
	assert_non_null(c);
	assert_true(has_reason(c, "echo API_TOKEN=...; echo user=x;"));

	assert_no_secret(inv, ghp);
	assert_no_secret(inv, "Hq3-Vz8-Rt5-Wm2");
	assert_no_secret(inv, "hunter2xyz");
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_sendemail_github(void **state)
{
	char gho[96] = "", buf[1024];
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c;
	struct ca_inventory *inv;

	(void)state;
	gh_token("gho_", 91, gho);
	snprintf(buf, sizeof(buf),
	    "[sendemail]\n"
	    "\tsmtpUser = alice@corp.test\n"
	    "\tsmtpServer = smtp.corp.test\n"
	    "\tsmtpPass = Sm7p-Pa55-Xy9-Qw3\n"
	    "[github]\n"
	    "\tuser = alice\n"
	    "\ttoken = %s\n"
	    "[sendemail \"work\"]\n"
	    "\tsmtpPass = changeme\n",
	    gho);
	add_text(t, HOME "/.config/git/config", buf);
	inv = scan(t, HOME "/.config/git/config", HOME);
	assert_int_equal(inv->ncreds, 2);
	c = find_secret(inv, "Sm7p-Pa55-Xy9-Qw3");
	assert_non_null(c);
	assert_string_equal(c->kind, "generic-password");
	assert_string_equal(c->identity, "alice@corp.test@smtp.corp.test");
	assert_int_equal(c->locations[0].line, 4);
	c = find_secret(inv, gho);
	assert_non_null(c);
	assert_string_equal(c->rule, "gitconfig.github-token");
	assert_string_equal(c->identity, "alice@github.com");
	assert_no_secret(inv, gho);
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_includes_inside_target(void **state)
{
	char t1[96] = "", t2[96] = "", t3[96] = "", buf[1024];
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c;
	struct ca_inventory *inv;

	(void)state;
	gh_token("ghp_", 101, t1);
	gh_token("ghp_", 102, t2);
	gh_token("ghp_", 103, t3);
	add_text(t, GLOBAL,
	    "[include]\n"
	    "\tpath = .gitconfig.d/work\n"
	    "[includeIf \"gitdir:~/work/\"]\n"
	    "\tpath = ~/work.inc\n"
	    "[include]\n"
	    "\tpath = /etc/shadow\n"
	    "[include]\n"
	    "\tpath = " GLOBAL "\n");
	snprintf(buf, sizeof(buf),
	    "[remote \"w\"]\n\turl = https://w:%s@w.test/\n"
	    "[include]\n\tpath = ../nested.inc\n",
	    t1);
	add_text(t, HOME "/.gitconfig.d/work", buf);
	snprintf(buf, sizeof(buf),
	    "[user]\n\temail = a@work.test\n"
	    "[remote \"n\"]\n\turl = https://n:%s@n.test/\n",
	    t2);
	add_text(t, HOME "/nested.inc", buf);
	add_text(t, HOME "/work.inc",
	    "\n[sendemail]\n\tsmtpPass = Wk8-Pq3-Zr6-Ty1\n");
	/* an include naming /etc/shadow reads the TARGET's /etc/shadow */
	snprintf(buf, sizeof(buf),
	    "[remote \"s\"]\n\turl = https://s:%s@s.test/\n", t3);
	add_text(t, "/etc/shadow", buf);
	inv = scan(t, GLOBAL, HOME);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 4);

	c = find_secret(inv, t1);
	assert_non_null(c);
	assert_string_equal(c->locations[0].path, HOME "/.gitconfig.d/work");
	assert_int_equal(c->locations[0].line, 2);
	assert_true(has_reason(c, "from an included file"));

	c = find_secret(inv, t2);
	assert_non_null(c);
	assert_string_equal(c->locations[0].path, HOME "/nested.inc");

	c = find_secret(inv, "Wk8-Pq3-Zr6-Ty1");
	assert_non_null(c);
	assert_string_equal(c->locations[0].path, HOME "/work.inc");
	assert_int_equal(c->locations[0].line, 3);
	assert_true(has_reason(c, "condition 'gitdir:~/work/' not evaluated"));

	c = find_secret(inv, t3);
	assert_non_null(c);
	assert_string_equal(c->locations[0].path, "/etc/shadow");
	ca_inventory_free(inv);
	ca_target_free(t);
}

/* Host files an include might reach if libgit2 followed it. */
static char hostdir[64];
static char hostfile[128];
static char host_token[96];

static int
setup_host(void **state)
{
	char buf[512];
	FILE *fp;

	(void)state;
	snprintf(hostdir, sizeof(hostdir), "/tmp/ca-gitconfig-XXXXXX");
	if (!mkdtemp(hostdir))
		return -1;
	snprintf(hostfile, sizeof(hostfile), "%s/host.cfg", hostdir);
	gh_token("ghp_", 111, host_token);
	snprintf(buf, sizeof(buf),
	    "[remote \"host\"]\n\turl = https://h:%s@host.test/\n", host_token);
	fp = fopen(hostfile, "w");
	if (!fp)
		return -1;
	fputs(buf, fp);
	fclose(fp);
	/* "~/" as libgit2 would expand it: the scanner's own home */
	snprintf(buf, sizeof(buf), "%s/.hostinc", hostdir);
	if (link(hostfile, buf) < 0)
		return -1;
	setenv("HOME", hostdir, 1);
	return 0;
}

static int
teardown_host(void **state)
{
	char buf[128];

	(void)state;
	snprintf(buf, sizeof(buf), "%s/.hostinc", hostdir);
	unlink(buf);
	unlink(hostfile);
	rmdir(hostdir);
	return 0;
}

static void
test_includes_never_reach_host(void **state)
{
	/* section header, then "path = <host file>" (or "~/.hostinc") */
	static const struct {
		const char *head;
		bool tilde;
	} forms[] = {
		{ "[include]\n\t", false },
		{ "[INCLUDE]\n\t", false },
		{ "[Include] ", false },
		{ "[core][include]\n\t", false },
		{ "  \t[include]\r\n\t", false },
		{ "[include]\n\t", true },
		{ "[includeIf \"gitdir:/\"]\n\t", false },
		{ "[includeif.gitdir]\n\t", false },
		{ "[ include ]\n\t", false },
		{ "[credatlasinclude]\n\t", false },
		{ "[credatlasinclude]\n\t", true },
	};
	char cfg[512], raw[256];
	git_config *gc = NULL;
	git_buf val = { NULL, 0, 0 };
	FILE *fp;

	(void)state;
	/* The threat is real: libgit2 left alone follows the include. */
	snprintf(raw, sizeof(raw), "%s/raw.cfg", hostdir);
	fp = fopen(raw, "w");
	assert_non_null(fp);
	fprintf(fp, "[include]\n\tpath = %s\n", hostfile);
	fclose(fp);
	git_libgit2_init();
	assert_int_equal(git_config_open_ondisk(&gc, raw), 0);
	assert_int_equal(git_config_get_string_buf(&val, gc, "remote.host.url"),
	    0);
	git_buf_dispose(&val);
	git_config_free(gc);
	/* and "~/" is the scanner's own home */
	fp = fopen(raw, "w");
	assert_non_null(fp);
	fprintf(fp, "[include]\n\tpath = ~/.hostinc\n");
	fclose(fp);
	assert_int_equal(git_config_open_ondisk(&gc, raw), 0);
	assert_int_equal(git_config_get_string_buf(&val, gc, "remote.host.url"),
	    0);
	git_buf_dispose(&val);
	git_config_free(gc);
	unlink(raw);

	for (size_t i = 0; i < CA_ARRAY_SIZE(forms); i++) {
		struct ca_target *t = ca_target_mem_new();
		struct ca_inventory *inv;

		snprintf(cfg, sizeof(cfg), "%spath = %s\n", forms[i].head,
		    forms[i].tilde ? "~/.hostinc" : hostfile);
		add_text(t, GLOBAL, cfg);
		inv = scan(t, GLOBAL, HOME);
		assert_null(find_secret(inv, host_token));
		assert_int_equal(inv->ncreds, 0);
		assert_no_secret(inv, host_token);
		ca_inventory_free(inv);
		ca_target_free(t);
	}
	git_libgit2_shutdown();
}

static void
test_include_depth(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	struct ca_inventory *inv;
	char path[64], buf[128];

	(void)state;
	for (int i = 0; i < 14; i++) {
		snprintf(path, sizeof(path), HOME "/c%d", i);
		snprintf(buf, sizeof(buf),
		    "[include]\n\tpath = c%d\n"
		    "[include]\n\tpath = c0\n",
		    i + 1);
		add_text(t, path, buf);
	}
	add_text(t, GLOBAL,
	    "[include]\n\tpath = c0\n[include]\n\tpath = .gitconfig\n");
	inv = scan(t, GLOBAL, HOME);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	assert_non_null(strstr(inv->errors[0].error, "nested more than"));
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_system_config(void **state)
{
	struct ca_target *t = ca_target_mem_new();
	const struct ca_credential *c;
	struct ca_inventory *inv;

	(void)state;
	add_text(t, "/etc/gitconfig",
	    "[credential]\n\thelper = store\n"
	    "[include]\n\tpath = ~/x\n"
	    "[credential]\n\thelper = cache --timeout=900\n");
	inv = scan(t, "/etc/gitconfig", NULL);
	assert_int_equal(inv->nerrors, 0);
	assert_int_equal(inv->ncreds, 2);
	c = find_ref(inv, "git-helper:/etc/gitconfig:store");
	assert_non_null(c);
	assert_null(c->identity);
	assert_int_equal(c->nlinks, 0);
	ca_inventory_free(inv);
	ca_target_free(t);
}

static void
test_malformed(void **state)
{
	char ghp[96] = "", buf[512];
	struct ca_target *t;
	struct ca_inventory *inv;
	unsigned char junk[4096];
	uint32_t x = 3;
	size_t big = 1u << 20;
	char *huge;

	(void)state;
	gh_token("ghp_", 121, ghp);
	/* an invalid escape: libgit2's message quotes the rest of the line */
	snprintf(buf, sizeof(buf),
	    "[remote \"o\"]\n"
	    "\turl = \"https://a:\\q%s@h.test/\"\n",
	    ghp);
	t = ca_target_mem_new();
	add_text(t, GLOBAL, buf);
	inv = scan(t, GLOBAL, HOME);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	assert_no_secret(inv, ghp);
	ca_inventory_free(inv);
	ca_target_free(t);

	snprintf(buf, sizeof(buf),
	    "[user]\n\tname = a\n[remote \"o\"\n"
	    "\turl = https://a:%s@h.test/\n",
	    ghp);
	t = ca_target_mem_new();
	add_text(t, GLOBAL, buf);
	inv = scan(t, GLOBAL, HOME);
	assert_int_equal(inv->ncreds, 0);
	assert_int_equal(inv->nerrors, 1);
	assert_non_null(
	    strstr(inv->errors[0].error, "invalid git config at line 3"));
	assert_no_secret(inv, ghp);
	ca_inventory_free(inv);
	ca_target_free(t);

	for (size_t i = 0; i < sizeof(junk); i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
	}
	t = ca_target_mem_new();
	add_bytes(t, GLOBAL, junk, sizeof(junk));
	inv = scan(t, GLOBAL, HOME);
	assert_int_equal(inv->ncreds, 0);
	assert_true(inv->nerrors <= 1);
	ca_inventory_free(inv);
	ca_target_free(t);

	huge = malloc(big + 64);
	assert_non_null(huge);
	memcpy(huge, "[http]\n\textraheader = Authorization: basic ", 43);
	memset(huge + 43, 'Q', big);
	memcpy(huge + 43 + big, "\n", 2);
	t = ca_target_mem_new();
	add_text(t, GLOBAL, huge);
	inv = scan(t, GLOBAL, HOME);
	assert_int_equal(inv->ncreds, 0);
	ca_inventory_free(inv);
	ca_target_free(t);
	free(huge);
}

static void
test_rules(void **state)
{
	(void)state;
	for (const struct ca_rule_doc *r = ca_scanner_gitconfig.rules; r->id;
	     r++) {
		assert_int_equal(strncmp(r->id, "gitconfig.", 10), 0);
		assert_non_null(ca_kind_find(r->kind));
		if (r[1].id)
			assert_true(strcmp(r->id, r[1].id) < 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repo_urls_and_headers),
		cmocka_unit_test(test_extraheader_variants),
		cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_sendemail_github),
		cmocka_unit_test(test_includes_inside_target),
		cmocka_unit_test(test_includes_never_reach_host),
		cmocka_unit_test(test_include_depth),
		cmocka_unit_test(test_system_config),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_rules),
	};

	return cmocka_run_group_tests(tests, setup_host, teardown_host);
}
