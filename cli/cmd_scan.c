/* cmd_scan.c - `credatlas scan`: pick the target, run the scan, write the
 * reports, and turn --fail-on into the exit code. */
/* The CLI is not a scanner: it may read its own environment. */
#define CA_SCANNER_ALLOW_OS 1
#include "lib/compat.h"
#include <pwd.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "cli/cmds.h"
#include "cli/fpkey.h"
#include "cli/output.h"
#include "lib/hash.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "lib/strbuf.h"
#include "report/formats/emit.h"
#include "report/formats/load.h"
#include "report/model/owners.h"
#include "report/model/policy.h"
#include "scanners/surfaces/agents/mcp_server.h"
#include "scanners/surfaces/browser/browser.h"
#include "scanners/core/archive.h"
#include "scanners/core/image.h"
#include "scanners/core/image_pull.h"
#include "scanners/core/run.h"
#include "scanners/core/target.h"
#include "scanners/rules/rules.h"
#include "scanners/verify/cache.h"
#include "scanners/verify/verify.h"
#include "lib/banned.h"

enum {
	OPT_ROOT = 1,
	OPT_OUTPUT,
	OPT_FORMAT,
	OPT_JOBS,
	OPT_MAX_FILE_SIZE,
	OPT_INCLUDE_DEPS,
	OPT_GIT_HISTORY,
	OPT_ALL_OBJECTS,
	OPT_FOLLOW_OUTSIDE,
	OPT_QUIET,
	OPT_FAIL_ON,
	OPT_KEY_FILE,
	OPT_NO_PROGRESS,
	OPT_VERIFY,
	OPT_VERIFY_JOBS,
	OPT_VERIFIERS,
	OPT_VERIFY_ENDPOINT,
	OPT_VERIFY_TIMEOUT,
	OPT_VERIFY_TTL,
	OPT_VERBOSE,
	OPT_DB,
	OPT_BASELINE,
	OPT_OWNERS,
	OPT_POLICY,
	OPT_SERVICES,
	OPT_MCP_CATALOG,
	OPT_IMAGE,
	OPT_MAX_IMAGE_SIZE,
	OPT_PLATFORM,
	OPT_REGISTRY_USER,
	OPT_REGISTRY_PASSWORD_STDIN,
	OPT_CA_FILE,
	OPT_INSECURE_REGISTRY,
	OPT_MAX_ARCHIVE_DEPTH,
	OPT_MAX_ARCHIVE_SIZE,
	OPT_HELP,
	OPT_RULES,
};

/* clang-format off */
static const struct cli_opt scan_opts[] = {
	{ "root", 0, true, "DIR",
	  "scan DIR as a filesystem root (homes from its passwd)",
	  OPT_ROOT },
	{ "output", 'o', true, "FILE",
	  "write a report (format from extension; repeatable)",
	  OPT_OUTPUT },
	{ "db", 0, true, "FILE", "append the scan to the inventory FILE",
	  OPT_DB },
	{ "format", 'f', true, "FMT",
	  "csv|html|json|jsonl|sarif|sqlite|text",
	  OPT_FORMAT },
	{ "jobs", 'j', true, "N", "worker threads (default: number of cores)",
	  OPT_JOBS },
	{ "max-file-size", 0, true, "SIZE",
	  "content rules skip larger files (default 8M)",
	  OPT_MAX_FILE_SIZE },
	{ "max-archive-depth", 0, true, "N",
	  "open archives nested N deep (default 3; 0: none)",
	  OPT_MAX_ARCHIVE_DEPTH },
	{ "max-archive-size", 0, true, "SIZE",
	  "largest archive opened, and expanded (default 64M)",
	  OPT_MAX_ARCHIVE_SIZE },
	{ "include-deps", 0, false, NULL,
	  "also walk installed software and caches (node_modules, ...)",
	  OPT_INCLUDE_DEPS },
	{ "git-history", 0, false, NULL,
	  "also scan every blob in the history of each git repository",
	  OPT_GIT_HISTORY },
	{ "all-objects", 0, false, NULL,
	  "with --git-history: also the blobs no commit reaches",
	  OPT_ALL_OBJECTS },
	{ "follow-outside", 0, false, NULL,
	  "let links and includes in a PATH reach outside it (unsafe)",
	  OPT_FOLLOW_OUTSIDE },
	{ "quiet", 'q', false, NULL, "print nothing but errors", OPT_QUIET },
	{ "fail-on", 0, true, "LEVEL",
	  "exit 1 at or above a tier or risk level",
	  OPT_FAIL_ON },
	{ "baseline", 0, true, "FILE",
	  "--fail-on counts only what FILE does not hold",
	  OPT_BASELINE },
	{ "owners", 0, true, "FILE",
	  "owners map: team and contact per credential",
	  OPT_OWNERS },
	{ "policy", 0, true, "FILE",
	  "overrides, exposure weights, ignores, fail_on",
	  OPT_POLICY },
	{ "rules", 0, true, "FILE",
	  "more content rules (YAML, TOML or JSON; repeatable)",
	  OPT_RULES },
	{ "services", 0, true, "FILE",
	  "more high-value services for browser sessions (JSON)",
	  OPT_SERVICES },
	{ "mcp-catalog", 0, true, "FILE",
	  "more MCP server packages and their capabilities (JSON)",
	  OPT_MCP_CATALOG },
	{ "fingerprint-key-file", 0, true, "FILE",
	  "HMAC key for fingerprints (shared by a fleet)",
	  OPT_KEY_FILE },
	{ "no-progress", 0, false, NULL, "no progress line on stderr",
	  OPT_NO_PROGRESS },
	{ "verify", 0, false, NULL,
	  "ask providers if credentials are live (network)", OPT_VERIFY },
	{ "verify-jobs", 0, true, "N",
	  "verification requests at a time (default 4)", OPT_VERIFY_JOBS },
	{ "verifiers", 0, true, "FILE",
	  "add or replace verifier entries (JSON)", OPT_VERIFIERS },
	{ "verify-endpoint", 0, true, "P=URL",
	  "send provider P's requests to URL; repeatable",
	  OPT_VERIFY_ENDPOINT },
	{ "verify-timeout", 0, true, "SECONDS",
	  "seconds per verification request (default 10)",
	  OPT_VERIFY_TIMEOUT },
	{ "verify-ttl", 0, true, "AGE",
	  "reuse --db answers younger than AGE (e.g. 12h)",
	  OPT_VERIFY_TTL },
	{ "verbose", 'v', false, NULL, "more diagnostics on stderr", OPT_VERBOSE },
	{ "image", 0, true, "SOURCE",
	  "scan a container image: docker-save tar, OCI layout or archive, "
	  "or a registry reference",
	  OPT_IMAGE },
	{ "max-image-size", 0, true, "SIZE",
	  "refuse images larger uncompressed (default 16G)",
	  OPT_MAX_IMAGE_SIZE },
	{ "platform", 0, true, "OS/ARCH",
	  "the image to take from a multi-platform index",
	  OPT_PLATFORM },
	{ "registry-user", 0, true, "USER",
	  "log in to the image's registry as USER",
	  OPT_REGISTRY_USER },
	{ "registry-password-stdin", 0, false, NULL,
	  "read the registry password from standard input",
	  OPT_REGISTRY_PASSWORD_STDIN },
	{ "ca-file", 0, true, "FILE",
	  "also trust the CA certificates in FILE for the registry",
	  OPT_CA_FILE },
	{ "insecure-registry", 0, true, "HOST",
	  "pull from HOST over plain http; repeatable",
	  OPT_INSECURE_REGISTRY },
	{ "help", 'h', false, NULL, "show this help", OPT_HELP },
	{ NULL, 0, false, NULL, NULL, 0 },
};
/* clang-format on */

const struct cli_cmd cmd_scan_def = {
	.name = "scan",
	.synopsis = "[options] [PATH... | -]",
	.summary = "Scan your home, PATHs, standard input (-) or every home "
	           "under --root.",
	.opts = scan_opts,
};

/* `credatlas image SOURCE` is `credatlas scan --image SOURCE`. */
const struct cli_cmd cmd_image_def = {
	.name = "image",
	.synopsis = "[options] SOURCE",
	.summary = "Scan a container image: every layer, deleted files and "
	           "its config.",
	.opts = scan_opts,
};

/* `credatlas git PATH...` is `credatlas scan --git-history PATH...`. */
const struct cli_cmd cmd_git_def = {
	.name = "git",
	.synopsis = "[options] PATH...",
	.summary = "Scan git repositories: the work tree and every blob of "
	           "their history.",
	.opts = scan_opts,
};

struct scan_args {
	const char *root;
	const char **outputs;
	size_t noutputs;
	const char *format;
	unsigned int jobs;
	uint64_t max_file_size;
	unsigned int archive_depth; /* --max-archive-depth */
	uint64_t archive_max_size;  /* --max-archive-size */
	bool include_deps;
	bool git_history;
	bool all_objects;
	bool follow_outside;
	bool quiet;
	bool no_progress;
	bool help;
	struct cli_fail_on fail;
	const char *key_file;
	bool verify; /* --verify and its settings */
	unsigned int verify_jobs;
	unsigned int verify_timeout;
	const char *verifiers_path;
	const char **endpoints; /* --verify-endpoint, in order */
	size_t nendpoints;
	int64_t verify_ttl; /* seconds; -1 unset */
	const char *db;     /* --db: the SQLite inventory */
	bool db_failed;
	const char *baseline_path; /* --baseline: a report or inventory */
	struct ca_inventory *baseline;
	const char *owners_path;      /* --owners */
	const char *policy_path;      /* --policy */
	const char *services_path;    /* --services */
	const char *mcp_catalog_path; /* --mcp-catalog */
	const char *image;         /* --image, or the image command's SOURCE */
	uint64_t max_image_size;   /* 0: the default */
	const char *platform;      /* --platform */
	const char *registry_user; /* --registry-user */
	bool password_stdin;       /* --registry-password-stdin */
	const char *ca_file;       /* --ca-file */
	const char **insecure;     /* --insecure-registry, NULL-ended */
	size_t ninsecure;

	const char **rules_paths; /* --rules, in order */
	size_t nrules_paths;
};

/* "3600", "30m", "12h", "7d" (at most a year) into seconds. */
static int
parse_age(const char *v, int64_t *out)
{
	static const struct {
		char unit;
		int64_t secs;
	} units[] = {
		{ 's', 1 },
		{ 'm', 60 },
		{ 'h', 3600 },
		{ 'd', 86400 },
	};
	char *end;
	long long n;
	int64_t mul = 1;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || end == v || n < 0 || *v == '-' || *v == '+')
		return -1;
	if (*end) {
		mul = 0;
		for (size_t i = 0; i < CA_ARRAY_SIZE(units); i++)
			if (*end == units[i].unit && !end[1])
				mul = units[i].secs;
		if (!mul)
			return -1;
	}
	if (n > 366LL * 86400 / mul)
		return -1;
	*out = (int64_t)n * mul;
	return 0;
}

static int
on_opt(void *arg, int id, const char *v)
{
	struct scan_args *a = arg;

	switch (id) {
	case OPT_ROOT:
		a->root = v;
		break;
	case OPT_RULES:
		a->rules_paths = xrealloc(a->rules_paths,
		    (a->nrules_paths + 1) * sizeof(*a->rules_paths));
		a->rules_paths[a->nrules_paths++] = v;
		break;
	case OPT_OUTPUT:
		a->outputs = xrealloc(a->outputs,
		    (a->noutputs + 1) * sizeof(*a->outputs));
		a->outputs[a->noutputs++] = v;
		break;
	case OPT_FORMAT:
		if (!ca_emitter_find(v))
			return ca_error("scan: unknown format '%s'", v);
		a->format = v;
		break;
	case OPT_JOBS:
		if (cli_parse_uint(v, 256, &a->jobs) < 0)
			return ca_error("scan: --jobs takes a number from 1 to "
			                "256, not '%s'",
			    v);
		break;
	case OPT_MAX_FILE_SIZE:
		if (cli_parse_size(v, &a->max_file_size) < 0 ||
		    a->max_file_size == 0 || a->max_file_size > (1ull << 30))
			return ca_error("scan: --max-file-size takes a size "
			                "from 1 to 1G, not '%s'",
			    v);
		break;
	case OPT_MAX_ARCHIVE_DEPTH:
		if (!strcmp(v, "0"))
			a->archive_depth = 0;
		else if (cli_parse_uint(v, 16, &a->archive_depth) < 0)
			return ca_error("scan: --max-archive-depth takes a "
			                "number from 0 to 16, not '%s'",
			    v);
		break;
	case OPT_MAX_ARCHIVE_SIZE:
		if (cli_parse_size(v, &a->archive_max_size) < 0 ||
		    a->archive_max_size == 0 ||
		    a->archive_max_size > (1ull << 30))
			return ca_error("scan: --max-archive-size takes a size "
			                "from 1 to 1G, not '%s'",
			    v);
		break;
	case OPT_INCLUDE_DEPS:
		a->include_deps = true;
		break;
	case OPT_GIT_HISTORY:
		a->git_history = true;
		break;
	case OPT_ALL_OBJECTS:
		a->all_objects = true;
		break;
	case OPT_FOLLOW_OUTSIDE:
		a->follow_outside = true;
		break;
	case OPT_QUIET:
		a->quiet = true;
		break;
	case OPT_FAIL_ON:
		return cli_parse_fail_on("scan", v, &a->fail);
	case OPT_KEY_FILE:
		a->key_file = v;
		break;
	case OPT_NO_PROGRESS:
		a->no_progress = true;
		break;
	case OPT_VERBOSE:
		ca_log_set_level(CA_LOG_VERBOSE);
		break;
	case OPT_VERIFY:
		a->verify = true;
		break;
	case OPT_VERIFY_JOBS:
		if (cli_parse_uint(v, 64, &a->verify_jobs) < 0)
			return ca_error("scan: --verify-jobs takes a number "
			                "from 1 to 64, not '%s'",
			    v);
		break;
	case OPT_VERIFIERS:
		a->verifiers_path = v;
		break;
	case OPT_VERIFY_ENDPOINT:
		a->endpoints = xrealloc(a->endpoints,
		    (a->nendpoints + 1) * sizeof(*a->endpoints));
		a->endpoints[a->nendpoints++] = v;
		break;
	case OPT_VERIFY_TTL:
		if (parse_age(v, &a->verify_ttl) < 0)
			return ca_error(
			    "scan: --verify-ttl takes an age "
			    "such as 3600, 30m, 12h or 7d, not '%s'",
			    v);
		break;
	case OPT_VERIFY_TIMEOUT:
		if (cli_parse_uint(v, 300, &a->verify_timeout) < 0)
			return ca_error("scan: --verify-timeout takes seconds "
			                "from 1 to 300, not '%s'",
			    v);
		break;
	case OPT_DB:
		a->db = v;
		break;
	case OPT_BASELINE:
		a->baseline_path = v;
		break;
	case OPT_OWNERS:
		a->owners_path = v;
		break;
	case OPT_POLICY:
		a->policy_path = v;
		break;
	case OPT_SERVICES:
		a->services_path = v;
		break;
	case OPT_MCP_CATALOG:
		a->mcp_catalog_path = v;
		break;
	case OPT_IMAGE:
		a->image = v;
		break;
	case OPT_MAX_IMAGE_SIZE:
		if (cli_parse_size(v, &a->max_image_size) < 0 ||
		    a->max_image_size == 0)
			return ca_error("scan: --max-image-size takes a size "
			                "such as 2G, not '%s'",
			    v);
		break;
	case OPT_PLATFORM:
		if (!strchr(v, '/') || strlen(v) > 64)
			return ca_error("scan: --platform takes OS/ARCH such "
			                "as linux/amd64, not '%s'",
			    v);
		a->platform = v;
		break;
	case OPT_REGISTRY_USER:
		if (!*v || strchr(v, ':'))
			return ca_error("scan: --registry-user takes a user "
			                "name without ':'");
		a->registry_user = v;
		break;
	case OPT_REGISTRY_PASSWORD_STDIN:
		a->password_stdin = true;
		break;
	case OPT_CA_FILE:
		a->ca_file = v;
		break;
	case OPT_INSECURE_REGISTRY:
		a->insecure = xrealloc(a->insecure,
		    (a->ninsecure + 2) * sizeof(*a->insecure));
		a->insecure[a->ninsecure++] = v;
		a->insecure[a->ninsecure] = NULL;
		break;
	case OPT_HELP:
		a->help = true;
		break;
	}
	return 0;
}

/* The verifier table for --verify: the built-in entries, then the
 * --verifiers file, then the endpoint overrides. Returns 0 or -1 after
 * an error; '*out' is owned by the caller. */
static int
load_verifiers(const struct scan_args *a, struct ca_verifiers **out)
{
	*out = NULL;
	if (!a->verify) {
		if (a->verifiers_path || a->nendpoints || a->verify_jobs ||
		    a->verify_timeout || a->verify_ttl >= 0)
			return ca_error(
			    "scan: --verifiers, --verify-endpoint, "
			    "--verify-jobs, --verify-timeout and --verify-ttl "
			    "need --verify");
		return 0;
	}
	if (a->verify_ttl >= 0 && !a->db)
		return ca_error("scan: --verify-ttl reuses the answers kept in "
		                "the --db inventory; give --db");
	*out = ca_verifiers_builtin();
	if (!*out)
		return -1;
	if (a->verifiers_path &&
	    ca_verifiers_load_file(*out, a->verifiers_path) < 0)
		return -1;
	for (size_t i = 0; i < a->nendpoints; i++)
		if (ca_verifiers_set_endpoint(*out, a->endpoints[i]) < 0)
			return -1;
	return 0;
}

static void
progress(void *arg, const struct ca_progress *p)
{
	(void)arg;
	fprintf(stderr,
	    "\r\033[Kscanning: %llu files, %.1f MiB, %llu "
	    "directories queued",
	    (unsigned long long)p->files, (double)p->bytes / (1 << 20),
	    (unsigned long long)p->dirs_pending);
}

/* The invoking user's home: $HOME, else the password database. */
static const char *
invoking_home(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home && *home == '/')
		return home;
	pw = getpwuid(getuid());
	return pw ? pw->pw_dir : NULL;
}

/* Makes a PATH operand absolute inside the target: relative operands are
 * taken from the current directory when the target is the host's root. */
static char *
absolute_operand(const char *root, const char *p)
{
	char cwd[4096];
	size_t n;
	char *out;

	if (p[0] == '/' || root)
		return p[0] == '/' ? xstrdup(p) : NULL;
	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	if (!strcmp(p, "."))
		return xstrdup(cwd);
	n = strlen(cwd) + strlen(p) + 2;
	out = xmalloc(n);
	snprintf(out, n, "%s/%s", strcmp(cwd, "/") ? cwd : "", p);
	return out;
}

/* Credentials in the --baseline do not count: they were accepted. */
static bool
fails(const struct scan_args *a, const struct ca_inventory *inv)
{
	for (size_t i = 0; i < inv->ncreds; i++) {
		const struct ca_credential *c = inv->creds[i];
		if (a->baseline && ca_inventory_get(a->baseline, c->id))
			continue;
		if (cli_fail_on_hit(&a->fail, c))
			return true;
	}
	return false;
}

static int
cmp_path(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Returns what the scan walks inside the root, owned, for the inventory's
 * history (scans of the same host, root and scope are one target): the
 * PATH operands sorted, one per line, else the home, else "" for every
 * home under --root. 'paths' and 'home' are borrowed. */
static char *
scan_scope(char **paths, const char *home)
{
	struct strbuf sb = STRBUF_INIT(1 << 20);
	char **sorted;
	size_t n = 0;

	if (!paths)
		return xstrdup(home ? home : "");
	while (paths[n])
		n++;
	sorted = xcalloc(n, sizeof(*sorted));
	memcpy(sorted, paths, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_path);
	for (size_t i = 0; i < n; i++)
		if ((i && strbuf_addch(&sb, '\n') < 0) ||
		    strbuf_addstr(&sb, sorted[i]) < 0)
			break;
	free(sorted);
	return strbuf_detach(&sb, NULL);
}

/* The name standard input has in the report: "-" as a PATH operand. */
#define STDIN_NAME "(stdin)"
#define STDIN_PATH "/" STDIN_NAME

/* Reads standard input, for "-", into an in-memory target holding one
 * file, so the content rules see the bytes as they would see a file's.
 * Input larger than 'max' is refused rather than cut short: a scan that
 * silently read half its input would pass a gate it should fail. Returns
 * 0 with an owned target in '*out', or -1 after ca_error(). */
static int
stdin_target(uint64_t max, struct ca_target **out)
{
	struct strbuf sb = STRBUF_INIT(64 << 20);
	char buf[65536];
	ssize_t n;

	*out = NULL;
	for (;;) {
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			strbuf_release(&sb);
			return ca_error("scan: cannot read standard input: %s",
			    strerror(errno));
		}
		if (n == 0)
			break;
		if (sb.len + (size_t)n > max ||
		    strbuf_add(&sb, buf, (size_t)n) < 0) {
			strbuf_release(&sb);
			return ca_error("scan: standard input is larger than "
			                "--max-file-size (%llu bytes)",
			    (unsigned long long)max);
		}
	}
	*out = ca_target_mem_new();
	ca_target_mem_add(*out, STDIN_PATH, sb.buf, sb.len, 0600,
	    (int64_t)getuid());
	explicit_bzero(sb.buf, sb.len);
	strbuf_release(&sb);
	return 0;
}

/* A PATH that does not exist or cannot be read is an error, not an empty
 * inventory: "no credentials found" about a mistyped path would pass a
 * CI gate; the same goes for the home scanned by default. Checked
 * through the target, before the scan starts. 'paths' (absolute) and
 * 'given' (as typed) are borrowed. Returns 0 or -1 after
 * ca_error(). */
static int
check_operands(struct ca_target *t, const char *const *paths,
    const char *const *given)
{
	for (size_t i = 0; paths[i]; i++) {
		struct ca_stat st;
		struct ca_dir *d;
		struct ca_fh *fh;
		int err;

		err = t->ops->stat_path(t, paths[i], &st);
		if (!err && st.type == CA_FT_DIR) {
			err = t->ops->open_dir(t, paths[i], &d);
			if (!err)
				t->ops->close_dir(d);
		} else if (!err && st.type == CA_FT_REG) {
			err = t->ops->open_file(t, paths[i], &fh, &st);
			if (!err)
				t->ops->close_file(fh);
		} else if (!err) {
			return ca_error("scan: cannot scan '%s': not a "
			                "regular file or directory",
			    given[i]);
		}
		if (err)
			return ca_error("scan: cannot scan '%s': %s", given[i],
			    strerror(-err));
	}
	return 0;
}

/* Writes the reports: every -o, the --db inventory, and the summary or
 * the whole report on standard output. Returns the exit code. 'a' and
 * 'inv' are borrowed. */
static int
write_reports(struct scan_args *a, const struct ca_inventory *inv)
{
	struct ca_emit_opts eo = { .summary_only = true };
	bool to_stdout = false, *written;
	int ret = CA_EXIT_OK;

	written = xcalloc(a->noutputs + 1, sizeof(*written));
	for (size_t i = 0; i < a->noutputs; i++) {
		if (!strcmp(a->outputs[i], "-"))
			to_stdout = true;
		if (cli_write_report(inv, a->outputs[i], a->format) < 0)
			ret = CA_EXIT_ERROR;
		else
			written[i] = true;
	}
	if (a->db &&
	    (cli_report_narrow(a->db) < 0 ||
	        ca_emitter_sqlite.write_path(a->db, inv, NULL) < 0)) {
		ret = CA_EXIT_ERROR;
		a->db_failed = true;
	}
	if (a->quiet || to_stdout)
		goto out;
	if (!a->noutputs && !a->db) {
		if (cli_write_report(inv, "-", a->format) < 0)
			ret = CA_EXIT_ERROR;
		goto out;
	}
	eo.color = cli_want_color(stdout);
	eo.width = cli_term_width(stdout);
	ca_emitter_text.write(stdout, inv, &eo);
	/* Only the reports that were written are said to be. */
	for (size_t i = 0; i < a->noutputs; i++)
		if (written[i])
			printf("report written to %s\n", a->outputs[i]);
	if (a->db && !a->db_failed)
		printf("scan added to inventory %s\n", a->db);
	if (fflush(stdout) != 0)
		ret = CA_EXIT_ERROR;
out:
	free(written);
	return ret;
}

/* Opens the image target of --image (or `credatlas image`), pulled with
 * 'po' (borrowed) when a registry reference: PATHs, --root and standard
 * input do not go with it. Returns 0 with an owned
 * target in '*t', or -1 after ca_error(). */
static int
open_image(const struct scan_args *a, int noperands,
    const struct ca_pull_opts *po, struct ca_target **t)
{
	struct ca_image_opts io;

	if (noperands || a->root || a->follow_outside)
		return ca_error("scan: an image is scanned alone: no PATH, "
		                "--root or --follow-outside with it");
	memset(&io, 0, sizeof(io));
	io.max_size = a->max_image_size;
	io.platform = a->platform;
	io.pull = po;
	return ca_target_image_open(a->image, &io, t);
}

/* Reads the registry password, one line, from standard input into
 * 'buf'. Returns 0 or -1 after ca_error(). */
static int
read_password(char *buf, size_t size)
{
	size_t n = 0;
	int c;

	while ((c = getchar()) != EOF && c != '\n') {
		if (n + 1 >= size) {
			ca_wipe(buf, size);
			return ca_error("image: the registry password on "
			                "standard input is too long");
		}
		buf[n++] = (char)c;
	}
	if (n && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	if (!n)
		return ca_error("image: --registry-password-stdin read no "
		                "password");
	return 0;
}

/* The logins and TLS settings of a pull: the docker config.json is
 * $DOCKER_CONFIG/config.json or ~/.docker/config.json, read only when
 * no --registry-user is given. Returns 0 or -1 after ca_error(). */
static int
pull_opts(const struct scan_args *a, struct ca_pull_opts *po, char *password,
    size_t pwsize, char *config, size_t cfgsize)
{
	const char *dir = getenv("DOCKER_CONFIG"), *home = invoking_home();

	memset(po, 0, sizeof(*po));
	if (a->password_stdin && !a->registry_user)
		return ca_error("image: --registry-password-stdin goes with "
		                "--registry-user");
	if (a->registry_user) {
		if (!a->password_stdin)
			return ca_error("image: --registry-user needs "
			                "--registry-password-stdin (a password "
			                "is never taken on the command line)");
		if (read_password(password, pwsize) < 0)
			return -1;
		po->user = a->registry_user;
		po->password = password;
	} else if (dir && *dir) {
		snprintf(config, cfgsize, "%s/config.json", dir);
		po->docker_config = config;
	} else if (home) {
		snprintf(config, cfgsize, "%s/.docker/config.json", home);
		po->docker_config = config;
	}
	po->ca_file = a->ca_file;
	po->insecure = a->insecure;
	return 0;
}

static int scan_main(const struct cli_cmd *def, int argc, char **argv);

int
cmd_scan(int argc, char **argv)
{
	return scan_main(&cmd_scan_def, argc, argv);
}

int
cmd_image(int argc, char **argv)
{
	return scan_main(&cmd_image_def, argc, argv);
}

int
cmd_git(int argc, char **argv)
{
	return scan_main(&cmd_git_def, argc, argv);
}

static int
scan_main(const struct cli_cmd *def, int argc, char **argv)
{
	struct scan_args a;
	struct ca_scan_opts o;
	struct ca_fpkey key;
	struct ca_target *t = NULL;
	struct ca_inventory *inv = NULL;
	struct ca_verifiers *verifiers = NULL;
	struct ca_verify_cache *vcache = NULL;
	struct ca_owners *owners = NULL;
	struct ca_policy *policy = NULL;
	struct ca_user_rules *user_rules = NULL;
	char **paths = NULL;
	char host[256] = "", *scope = NULL;
	int first, ret = CA_EXIT_ERROR;
	bool from_stdin = false;
	long cores;

	memset(&a, 0, sizeof(a));
	a.verify_ttl = -1;
	memset(&key, 0, sizeof(key));
	a.fail = (struct cli_fail_on)CLI_FAIL_ON_INIT;
	a.max_file_size = 8u << 20;
	a.archive_depth = CA_ARCHIVE_DEPTH_DEFAULT;
	a.archive_max_size = CA_ARCHIVE_SIZE_DEFAULT;
	first = cli_parse(def, argc, argv, on_opt, &a);
	if (first < 0)
		goto out;
	if (a.help) {
		cli_usage(stdout, def);
		ret = CA_EXIT_OK;
		goto out;
	}
	if (def == &cmd_image_def) {
		if (first != argc - 1 || a.image) {
			ca_error(
			    "image: give one SOURCE (a docker-save "
			    "tarball, an OCI layout directory or archive)");
			goto out;
		}
		a.image = argv[first++];
	}
	if (def == &cmd_git_def) {
		if (first >= argc || a.image || a.root) {
			ca_error("git: give one or more repository PATHs");
			goto out;
		}
		a.git_history = true;
	}
	if (a.all_objects && !a.git_history) {
		ca_error("scan: --all-objects goes with --git-history");
		goto out;
	}
	if (!a.image &&
	    (a.max_image_size || a.platform || a.registry_user ||
	        a.password_stdin || a.ca_file || a.insecure)) {
		ca_error("scan: --max-image-size, --platform and the registry "
		         "options go with an image");
		goto out;
	}
	if (a.quiet)
		ca_log_set_level(CA_LOG_QUIET);
	if (!a.jobs) {
		cores = sysconf(_SC_NPROCESSORS_ONLN);
		a.jobs = cores > 0 ? (unsigned int)(cores > 64 ? 64 : cores) :
		                     1;
	}

	/* Every report's format is known before the scan starts, so a
	 * mistyped -o costs nothing and never follows "report written". */
	for (size_t i = 0; i < a.noutputs; i++)
		if (!cli_report_emitter(a.outputs[i], a.format))
			goto out;
	if (!a.noutputs && !a.db && !a.quiet &&
	    !cli_report_emitter("-", a.format))
		goto out;

	memset(&o, 0, sizeof(o));
	if (a.image) {
		struct ca_pull_opts po;
		char password[4096] = "", config[4096] = "";
		int opened = pull_opts(&a, &po, password, sizeof(password),
		    config, sizeof(config));
		if (opened == 0)
			opened = open_image(&a, argc - first, &po, &t);
		ca_wipe(password, sizeof(password));
		if (opened < 0)
			goto out;
		first = argc;
	}
	for (int i = first; i < argc; i++)
		if (!strcmp(argv[i], "-"))
			from_stdin = true;
	if (from_stdin && (argc - first > 1 || a.root)) {
		ca_error("scan: '-' (standard input) is the only PATH when "
		         "given, and takes no --root");
		goto out;
	}
	if (from_stdin) {
		paths = xcalloc(2, sizeof(*paths));
		paths[0] = xstrdup(STDIN_PATH);
		o.paths = (const char *const *)paths;
	} else if (first < argc) {
		size_t n = (size_t)(argc - first);
		paths = xcalloc(n + 1, sizeof(*paths));
		for (size_t i = 0; i < n; i++) {
			paths[i] = absolute_operand(a.root,
			    argv[first + (int)i]);
			if (!paths[i]) {
				ca_error("scan: with --root, PATH must be "
				         "absolute inside the root: '%s'",
				    argv[first + (int)i]);
				goto out;
			}
		}
		o.paths = (const char *const *)paths;
	}
	/* Each PATH is its own confinement root unless --follow-outside:
	 * what a scanned tree links to or includes stays out of the scan. */
	if (a.image) {
		/* opened above */
	} else if (from_stdin) {
		if (stdin_target(a.max_file_size, &t) < 0)
			goto out;
	} else if (a.root || !paths || a.follow_outside) {
		if (ca_target_dir_open(a.root ? a.root : "/", &t) < 0)
			goto out;
	} else if (ca_target_dir_open_confined((const char *const *)paths, &t) <
	    0) {
		goto out;
	}
	if (paths && !from_stdin &&
	    check_operands(t, (const char *const *)paths,
	        (const char *const *)argv + first) < 0)
		goto out;
	if (a.root || a.image) {
		o.all_homes = !paths;
	} else if (!from_stdin) {
		o.home = invoking_home();
		if (!o.home && !paths) {
			ca_error("scan: cannot tell your home directory "
			         "(set HOME or give a PATH)");
			goto out;
		}
		if (!paths) {
			const char *home[] = { o.home, NULL };
			if (check_operands(t, home, home) < 0)
				goto out;
		}
	}
	/* Both files are read before the scan, so a mistake in them costs
	 * nothing; the policy's fail_on stands in for a missing --fail-on. */
	if (a.owners_path && ca_owners_load(a.owners_path, &owners) < 0)
		goto out;
	if (a.policy_path) {
		if (ca_policy_load(a.policy_path, &policy) < 0)
			goto out;
		if (a.fail.tier < 0 && a.fail.risk < 0)
			ca_policy_fail_on(policy, &a.fail.tier, &a.fail.risk);
	}
	for (size_t i = 0; i < a.nrules_paths; i++)
		if (ca_user_rules_load(&user_rules, a.rules_paths[i]) < 0)
			goto out;
	if (a.services_path && ca_services_load_file(a.services_path) < 0)
		goto out;
	if (a.mcp_catalog_path && mcp_catalog_load_file(a.mcp_catalog_path) < 0)
		goto out;
	if (ca_fpkey_load(&key, a.key_file) < 0)
		goto out;
	if (load_verifiers(&a, &verifiers) < 0)
		goto out;
	if (a.baseline_path) {
		if (ca_load(a.baseline_path, 0, &a.baseline, NULL) < 0)
			goto out;
		if (strcmp(a.baseline->meta.key_id, key.id)) {
			ca_error("scan: the baseline '%s' was made with "
			         "fingerprint key %s, this scan uses key %s: "
			         "fingerprints under different keys cannot be "
			         "compared (see --fingerprint-key-file)",
			    a.baseline_path, a.baseline->meta.key_id, key.id);
			goto out;
		}
	}
	o.jobs = a.jobs;
	o.max_file_size = a.max_file_size;
	o.archive_depth = a.archive_depth;
	o.archive_max_size = a.archive_max_size;
	o.include_deps = a.include_deps;
	o.git_history = a.git_history;
	o.git_all_objects = a.all_objects;
	o.verify = a.verify;
	o.verifiers = verifiers;
	o.verify_jobs = a.verify_jobs;
	o.verify_timeout = a.verify_timeout;
	if (a.verify && a.verify_ttl > 0) {
		if (ca_verify_cache_open(a.db, a.verify_ttl, &vcache) < 0)
			goto out;
		if (vcache) {
			o.verify_cache = ca_verify_cache_lookup;
			o.verify_cache_arg = vcache;
		}
	}
	o.key = key.key;
	o.key_len = sizeof(key.key);
	o.user_rules = user_rules;
	if (!a.quiet && !a.no_progress && isatty(STDERR_FILENO))
		o.progress = progress;

	inv = ca_inventory_new();
	ca_inventory_set_policy(inv, owners, policy);
	memcpy(inv->meta.key_id, key.id, sizeof(inv->meta.key_id));
	if (gethostname(host, sizeof(host) - 1) == 0 && host[0])
		inv->meta.host = host;
	scope = from_stdin ? xstrdup(STDIN_NAME) :
	                     scan_scope(paths, a.root ? NULL : o.home);
	inv->meta.scope = scope;
	if (ca_scan_run(t, &o, inv) < 0)
		goto out;
	ca_verify_cache_free(vcache);
	vcache = NULL;
	if (o.progress)
		fputs("\r\033[K", stderr);

	ret = write_reports(&a, inv);
	if (ret == CA_EXIT_OK && fails(&a, inv))
		ret = CA_EXIT_FINDINGS;
out:
	if (paths) {
		for (size_t i = 0; paths[i]; i++)
			free(paths[i]);
		free(paths);
	}
	ca_inventory_free(inv);
	ca_inventory_free(a.baseline);
	ca_owners_free(owners);
	ca_policy_free(policy);
	ca_user_rules_free(user_rules);
	free(a.rules_paths);
	free(scope);
	ca_target_free(t);
	ca_fpkey_release(&key);
	ca_verifiers_free(verifiers);
	free(a.endpoints);
	free(a.insecure);
	ca_verify_cache_free(vcache);
	free(a.outputs);
	return ret;
}
