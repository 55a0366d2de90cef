/* run.c - the core of a scan: walk the target with a pool of workers,
 * hand each file to the surface modules that claim it and through the
 * content rules, and turn what they find into inventory sightings.
 *
 * The walk is iterative: directories wait on one shared stack (LIFO keeps
 * the pending set small) and any worker takes the next. Each worker owns
 * its read buffer, its scratch arena and its rule-engine scratch, so the
 * per-file path allocates nothing in the common case. The raw secret of a
 * finding exists only in the read buffer: ca_emit() turns it into a keyed
 * fingerprint and a redacted preview before anything is stored. */
#define CA_SCANNER_ALLOW_OS 1
#include "lib/compat.h"
#include <fcntl.h>
#include <fnmatch.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "lib/arena.h"
#include "lib/glob.h"
#include "lib/hash.h"
#include "lib/log.h"
#include "lib/redact.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "scanners/core/git_index.h"
#include "scanners/core/redact_gate.h"
#include "scanners/core/registry.h"
#include "scanners/rules/rules.h"
#include "scanners/core/run.h"
#include "scanners/verify/vault.h"
#include "scanners/verify/verify.h"
#include "lib/banned.h"

#define STRUCTURED_CAP (64u << 20) /* the most a surface parser is given */
#define BINARY_SNIFF 8192          /* NUL in this head = binary */
#define MAX_CLAIMS 8               /* scanners claiming one file */

struct claim {
	const char *glob;
	const char *tail;       /* last component of the glob */
	bool tail_literal;
	const struct ca_scanner *scanner;
};

struct passwd_entry {
	char *name;
	int64_t uid;
	char *home;
};

struct work {
	char *path;
	const char *home; /* borrowed from the run's home list */
	bool is_file;
	bool in_git;      /* inside a .git directory */
};

struct ca_run {
	struct ca_target *t;
	const struct ca_scan_opts *o;
	struct ca_inventory *inv;
	struct ca_ruleset *rules;   /* NULL when only a scanner runs */
	struct claim *claims;
	size_t nclaims;
	struct passwd_entry *users;
	size_t nusers;
	char **homes;
	size_t nhomes;

	pthread_mutex_t lock;
	pthread_cond_t cond;      /* work was pushed, or the walk is over */
	pthread_cond_t done;      /* the walk is over (for the progress loop) */
	struct work *stack;
	size_t nstack, capstack;
	unsigned int active;
	bool failed;
	struct ca_vault *vault;     /* --verify only */

	uint64_t files, bytes, skipped; /* atomics */
	uint64_t tmp_seq;
	char *tmpdir;
	pthread_mutex_t tmplock;
};

struct ca_ctx {
	struct ca_run *run;
	struct arena *scratch;
	struct ca_rule_scratch *rsc;
	struct ca_gate *gate;       /* redaction of every string it hands on */
	struct strbuf buf;
	const struct ca_file *file;
	const struct ca_scanner *scanner;
	bool found;  /* the current file produced a finding */
	bool parsed; /* a surface module claims the current file */
};

/* ---- claims ---------------------------------------------------------- */

static void
build_claims(struct ca_run *r)
{
	size_t n = 0, count;
	const struct ca_scanner *const *list = ca_scanners(&count);

	for (size_t i = 0; i < count; i++)
		for (size_t j = 0; list[i]->claims && list[i]->claims[j]; j++)
			n++;
	r->claims = xcalloc(n ? n : 1, sizeof(*r->claims));
	for (size_t i = 0; i < count; i++) {
		for (size_t j = 0; list[i]->claims && list[i]->claims[j]; j++) {
			struct claim *c = &r->claims[r->nclaims++];
			const char *slash;
			c->glob = list[i]->claims[j];
			slash = strrchr(c->glob, '/');
			c->tail = slash ? slash + 1 : c->glob;
			c->tail_literal = !strpbrk(c->tail, "*?[");
			c->scanner = list[i];
		}
	}
}

/* Fills 'out' with the scanners claiming 'path'; returns how many. */
static size_t
match_claims(const struct ca_run *r, const char *path, const char *name,
    const struct ca_scanner **out)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nclaims && n < MAX_CLAIMS; i++) {
		const struct claim *c = &r->claims[i];
		bool dup = false;
		if (c->tail_literal ? strcmp(c->tail, name) :
		    fnmatch(c->tail, name, 0))
			continue;
		/* globs are written for absolute paths without the slash */
		if (!ca_glob_match(c->glob, path[0] == '/' ? path + 1 : path))
			continue;
		for (size_t k = 0; k < n; k++)
			if (out[k] == c->scanner)
				dup = true;
		if (!dup)
			out[n++] = c->scanner;
	}
	return n;
}

/* ---- users and homes ------------------------------------------------- */

static void
load_passwd(struct ca_run *r)
{
	struct strbuf sb = STRBUF_INIT(4u << 20);
	char *line, *next;

	if (ca_target_read(r->t, "/etc/passwd", &sb, 4u << 20, NULL) < 0) {
		strbuf_release(&sb);
		return;
	}
	for (line = sb.buf; line && *line; line = next) {
		char *f[7];
		int nf = 0;
		char *p = line, *end;
		long long uid;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line == '#' || !*line)
			continue;
		while (nf < 7) {
			f[nf++] = p;
			p = strchr(p, ':');
			if (!p)
				break;
			*p++ = '\0';
		}
		if (nf < 6)
			continue;
		errno = 0;
		uid = strtoll(f[2], &end, 10);
		if (errno || end == f[2] || *end)
			continue;
		r->users = xrealloc(r->users, (r->nusers + 1) * sizeof(*r->users));
		r->users[r->nusers].name = xstrdup(f[0]);
		r->users[r->nusers].uid = uid;
		r->users[r->nusers].home = xstrdup(f[5]);
		r->nusers++;
	}
	strbuf_release(&sb);
}

static const char *
uid_name(void *arg, int64_t uid)
{
	struct ca_run *r = arg;

	for (size_t i = 0; i < r->nusers; i++)
		if (r->users[i].uid == uid)
			return r->users[i].name;
	return NULL;
}

/* The uid of the user whose home is 'home' in the target's passwd, or -1:
 * the inventory flags a file owned by someone else there as misplaced. */
static int64_t
home_uid(void *arg, const char *home)
{
	struct ca_run *r = arg;
	size_t n = strlen(home);

	while (n > 1 && home[n - 1] == '/')
		n--;
	for (size_t i = 0; i < r->nusers; i++) {
		const char *h = r->users[i].home;
		size_t m = strlen(h);
		while (m > 1 && h[m - 1] == '/')
			m--;
		if (m == n && !strncmp(h, home, n))
			return r->users[i].uid;
	}
	return -1;
}

/* Keeps a normalised copy of 'home' in the run's home list (no trailing
 * slash, deduplicated) and returns it. */
static const char *
add_home(struct ca_run *r, const char *home)
{
	size_t n = strlen(home);

	while (n > 1 && home[n - 1] == '/')
		n--;
	for (size_t i = 0; i < r->nhomes; i++)
		if (strlen(r->homes[i]) == n && !strncmp(r->homes[i], home, n))
			return r->homes[i];
	r->homes = xrealloc(r->homes, (r->nhomes + 1) * sizeof(*r->homes));
	r->homes[r->nhomes] = xstrndup(home, n);
	return r->homes[r->nhomes++];
}

/* The longest known home that contains 'path', or NULL. */
static const char *
home_of(const struct ca_run *r, const char *path)
{
	const char *best = NULL;
	size_t bestlen = 0;

	for (size_t i = 0; i < r->nhomes; i++) {
		size_t n = strlen(r->homes[i]);
		if (n > bestlen && !strncmp(path, r->homes[i], n) &&
		    (path[n] == '/' || !path[n])) {
			best = r->homes[i];
			bestlen = n;
		}
	}
	return best;
}

static bool
is_system_path(const char *home)
{
	static const char *const sys[] = {
		"/", "/bin", "/sbin", "/usr", "/usr/bin", "/usr/sbin", "/dev",
		"/proc", "/sys", "/nonexistent", "/var", "/etc", "/run", "/lib",
	};
	for (size_t i = 0; i < CA_ARRAY_SIZE(sys); i++)
		if (!strcmp(home, sys[i]))
			return true;
	return false;
}

/* ---- the work stack -------------------------------------------------- */

static void
push_work(struct ca_run *r, char *path, const char *home, bool is_file,
    bool in_git)
{
	pthread_mutex_lock(&r->lock);
	if (r->nstack == r->capstack) {
		r->capstack = r->capstack ? r->capstack * 2 : 256;
		r->stack = xrealloc(r->stack, r->capstack * sizeof(*r->stack));
	}
	r->stack[r->nstack].path = path;
	r->stack[r->nstack].home = home;
	r->stack[r->nstack].is_file = is_file;
	r->stack[r->nstack].in_git = in_git;
	r->nstack++;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

/* Takes the next piece of work; returns false when the walk is over (the
 * stack is empty and no worker can add to it). */
static bool
pop_work(struct ca_run *r, struct work *w, bool *was_active)
{
	pthread_mutex_lock(&r->lock);
	if (*was_active) {
		r->active--;
		*was_active = false;
	}
	while (!r->nstack && r->active)
		pthread_cond_wait(&r->cond, &r->lock);
	if (!r->nstack) {
		pthread_cond_broadcast(&r->cond);
		pthread_cond_broadcast(&r->done);
		pthread_mutex_unlock(&r->lock);
		return false;
	}
	*w = r->stack[--r->nstack];
	r->active++;
	*was_active = true;
	pthread_mutex_unlock(&r->lock);
	return true;
}

/* ---- emitting -------------------------------------------------------- */

static void
fingerprint(const struct ca_run *r, const struct ca_finding *f,
    char id[CA_ID_HEX + 1])
{
	unsigned char mac[CA_SHA256_LEN];

	if (f->secret) {
		ca_hmac_sha256(r->o->key, r->o->key_len, f->secret,
		    f->secret_len, mac);
	} else {
		/* A secretless credential is named by its reference; the
		 * domain prefix keeps it apart from any secret's value. */
		struct strbuf sb = STRBUF_INIT(4096);
		strbuf_addstr(&sb, "credatlas-ref\n");
		strbuf_addstr(&sb, f->ref ? f->ref : "");
		ca_hmac_sha256(r->o->key, r->o->key_len, sb.buf, sb.len, mac);
		strbuf_release(&sb);
	}
	ca_hex(mac, CA_ID_HEX / 2, id);
}

static int
emit(struct ca_ctx *ctx, const struct ca_finding *f, bool structured)
{
	struct ca_run *r = ctx->run;
	struct ca_sighting s;
	char preview[64];

	if (!f->rule || !f->kind || (!f->secret && !f->ref))
		return ca_warn(ctx, ctx->file ? ctx->file->path : NULL,
		    "internal: incomplete finding from '%s'",
		    ctx->scanner ? ctx->scanner->name : "rules");
	memset(&s, 0, sizeof(s));
	ctx->found = true;
	fingerprint(r, f, s.id);
	if (r->vault)
		ca_vault_put(r->vault, s.id, f, structured);
	if (f->secret) {
		ca_redact(f->secret, f->secret_len, f->preview_prefix, preview,
		    sizeof(preview));
		s.redacted = preview;
	}
	s.rule = f->rule;
	s.kind = f->kind;
	s.identity = f->identity;
	s.expires = f->expires;
	s.standing = f->standing;
	s.scopes = f->scopes;
	s.detail = f->detail;
	s.tier = f->tier;
	s.structured = structured;
	s.path = f->path ? f->path : ctx->file->path;
	s.line = f->line;
	if (!f->path || !strcmp(f->path, ctx->file->path)) {
		s.mode = ctx->file->st.mode;
		s.uid = ctx->file->st.uid;
	} else {
		struct ca_stat st;
		if (r->t->ops->stat_path(r->t, f->path, &st) == 0) {
			s.mode = st.mode;
			s.uid = st.uid;
		} else {
			s.uid = -1;
		}
	}
	s.home = ctx->file->home;
	s.anchor = f->anchor;
	s.link = f->link;
	ca_gate_sighting(ctx->gate, ctx->scratch, &s);
	return ca_inventory_add(r->inv, &s);
}

int
ca_emit(struct ca_ctx *ctx, const struct ca_finding *f)
{
	return emit(ctx, f, true);
}

int
ca_warn(struct ca_ctx *ctx, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int n = 0;

	if (ctx->scanner)
		n = snprintf(msg, sizeof(msg), "%s: ", ctx->scanner->name);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	if (!path && ctx->file)
		path = ctx->file->path;
	ca_gate_buf(ctx->gate, msg, sizeof(msg));
	path = ca_gate_str(ctx->gate, ctx->scratch, path);
	ca_inventory_add_error(ctx->run->inv, path, msg);
	return 0;
}

int
ca_read_file(struct ca_ctx *ctx, const char *path, struct strbuf *out)
{
	return ca_target_read(ctx->run->t, path, out, STRUCTURED_CAP, NULL);
}

struct arena *
ca_scratch(struct ca_ctx *ctx)
{
	return ctx->scratch;
}

const char *
ca_ctx_scanner(const struct ca_ctx *ctx)
{
	return ctx->scanner ? ctx->scanner->name : "rules";
}

const char *
ca_resolve_path(struct ca_ctx *ctx, const char *path, const char *home,
    const char *base_dir)
{
	if (!path || !*path)
		return NULL;
	if (path[0] == '~') {
		if (path[1] && path[1] != '/')
			return NULL; /* ~user: not resolvable offline */
		if (!home)
			return NULL;
		return arena_printf(ctx->scratch, "%s%s", home, path + 1);
	}
	if (path[0] == '/')
		return arena_strdup(ctx->scratch, path);
	if (!base_dir)
		return NULL;
	return arena_printf(ctx->scratch, "%s/%s",
	    strcmp(base_dir, "/") ? base_dir : "", path);
}

/* Hands a library that insists on a path a private copy of 'data' that
 * never touches a disk: an anonymous memfd, named through /proc/self/fd.
 * Only if memfd_create is missing does it fall back to a file in a 0700
 * temporary directory, overwritten before it is unlinked. */
char *
ca_materialize(struct ca_ctx *ctx, const char *data, size_t len)
{
	struct ca_run *r = ctx->run;
	char *path;
	size_t n;
	int fd;

	fd = memfd_create("credatlas", MFD_CLOEXEC);
	if (fd >= 0) {
		path = xmalloc(40);
		snprintf(path, 40, "/proc/self/fd/%d", fd);
	} else {
		uint64_t seq;
		pthread_mutex_lock(&r->tmplock);
		if (!r->tmpdir) {
			const char *base = getenv("TMPDIR");
			char tmpl[4096];
			snprintf(tmpl, sizeof(tmpl), "%s/credatlas.XXXXXX",
			    base && *base ? base : "/tmp");
			if (mkdtemp(tmpl))
				r->tmpdir = xstrdup(tmpl);
		}
		pthread_mutex_unlock(&r->tmplock);
		if (!r->tmpdir) {
			ca_warn(ctx, NULL, "cannot create a private temporary "
			    "directory: %s", strerror(errno));
			return NULL;
		}
		seq = __atomic_add_fetch(&r->tmp_seq, 1, __ATOMIC_RELAXED);
		n = strlen(r->tmpdir) + 32;
		path = xmalloc(n);
		snprintf(path, n, "%s/m%llu", r->tmpdir,
		    (unsigned long long)seq);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
		    O_NOFOLLOW, 0600);
		if (fd < 0) {
			ca_warn(ctx, NULL, "cannot create a temporary file: %s",
			    strerror(errno));
			free(path);
			return NULL;
		}
	}
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			ca_warn(ctx, NULL, "cannot write a temporary copy: %s",
			    strerror(errno));
			close(fd);
			ca_unmaterialize(path);
			return NULL;
		}
		off += (size_t)w;
	}
	if (strncmp(path, "/proc/self/fd/", 14))
		close(fd);
	/* a memfd stays open: closing it would free the copy */
	return path;
}

void
ca_unmaterialize(char *path)
{
	if (!path)
		return;
	if (!strncmp(path, "/proc/self/fd/", 14)) {
		close((int)strtol(path + 14, NULL, 10));
	} else {
		int fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0) {
			struct stat sb;
			if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
				static const char zeros[4096];
				for (off_t o = 0; o < sb.st_size;
				    o += (off_t)sizeof(zeros))
					if (write(fd, zeros, sizeof(zeros)) < 0)
						break;
			}
			close(fd);
		}
		unlink(path);
	}
	free(path);
}

/* ---- per-file work --------------------------------------------------- */

static int
on_rule_hit(void *arg, const struct ca_rule_hit *hit)
{
	struct ca_ctx *ctx = arg;
	struct ca_finding f;

	/* A file a surface module understands is not second-guessed by the
	 * keyword rules: its parser knows which values are secrets (and
	 * reports them), while `client_secret = ...` guesses would only add
	 * noise beside them. Token-shaped rules still run. */
	if (ctx->parsed && (!strcmp(hit->kind, "generic-password") ||
	    !strcmp(hit->kind, "generic-secret")))
		return 0;

	memset(&f, 0, sizeof(f));
	f.rule = hit->rule_id;
	f.kind = hit->kind;
	f.line = hit->line;
	f.secret = hit->secret;
	f.secret_len = hit->secret_len;
	f.preview_prefix = hit->preview_prefix;
	f.identity = hit->identity;
	f.detail = hit->detail;
	f.standing = -1;
	f.tier = -1;
	return emit(ctx, &f, false);
}

static bool
looks_binary(const char *data, size_t len)
{
	return memchr(data, '\0', len < BINARY_SNIFF ? len : BINARY_SNIFF);
}

/* Reads and scans one open file. Takes ownership of 'fh'. */
static void
scan_open_file(struct ca_ctx *ctx, struct ca_fh *fh, const struct ca_stat *st,
    const char *path, const char *name, const char *home,
    const struct ca_scanner *const *claimed, size_t nclaimed, bool content)
{
	struct ca_run *r = ctx->run;
	struct ca_target *t = r->t;
	uint64_t limit = nclaimed ? STRUCTURED_CAP : r->o->max_file_size;
	struct ca_file file;
	size_t want;
	int ret;

	__atomic_add_fetch(&r->files, 1, __ATOMIC_RELAXED);
	if (st->size > limit) {
		t->ops->close_file(fh);
		if (nclaimed)
			ca_inventory_add_error(r->inv, path,
			    "file too large for its parser");
		__atomic_add_fetch(&r->skipped, 1, __ATOMIC_RELAXED);
		return;
	}
	strbuf_reset(&ctx->buf);
	/* Size the buffer once, so no realloc leaves a copy of a secret
	 * behind in freed memory. */
	if (strbuf_grow(&ctx->buf, (size_t)(st->size < limit ? st->size : limit)
	    + 1) < 0)
		strbuf_init(&ctx->buf, STRUCTURED_CAP + 1);
	/* Read the head first: a binary file nobody claims is not read on. */
	want = st->size < BINARY_SNIFF ? (size_t)st->size + 1 : BINARY_SNIFF;
	ret = ca_fh_read_into(t, fh, &ctx->buf, want);
	if (!ret && ctx->buf.len == want && (nclaimed ||
	    !looks_binary(ctx->buf.buf, ctx->buf.len)))
		ret = ca_fh_read_into(t, fh, &ctx->buf,
		    (size_t)(limit + 1 - ctx->buf.len));
	t->ops->close_file(fh);
	__atomic_add_fetch(&r->bytes, ctx->buf.len, __ATOMIC_RELAXED);
	if (ret < 0) {
		char msg[128];
		snprintf(msg, sizeof(msg), "cannot read: %s", strerror(-ret));
		ca_inventory_add_error(r->inv, path, msg);
		strbuf_reset(&ctx->buf);
		return;
	}
	if (ctx->buf.len > limit) {
		/* it grew while we read it */
		strbuf_setlen(&ctx->buf, (size_t)limit);
	}
	memset(&file, 0, sizeof(file));
	file.path = path;
	file.name = name;
	file.home = home;
	file.data = ctx->buf.buf;
	file.len = ctx->buf.len;
	file.st = *st;
	ctx->file = &file;
	ctx->parsed = nclaimed > 0;
	if (content && r->rules && !looks_binary(file.data, file.len) &&
	    file.len <= r->o->max_file_size) {
		ctx->scanner = NULL;
		int rret = ca_rules_scan(r->rules, ctx->rsc, file.data,
		    file.len, ctx->scratch, on_rule_hit, ctx);
		if (rret < 0)
			ca_inventory_add_error(r->inv, path,
			    "content rules failed on this file");
		else if (rret > 0)
			ca_inventory_add_error(r->inv, path,
			    "content rules stopped early: too many candidates "
			    "(findings so far are kept)");
	} else if (!nclaimed) {
		__atomic_add_fetch(&r->skipped, 1, __ATOMIC_RELAXED);
	}
	for (size_t i = 0; i < nclaimed; i++) {
		ctx->scanner = claimed[i];
		claimed[i]->scan_file(ctx, &file);
	}
	ctx->scanner = NULL;
	ctx->file = NULL;
	/* Parsers leave copies of values in the scratch (trees, decoded
	 * keys), secrets or not: overwrite them. */
	arena_wipe_reset(ctx->scratch);
	/* A file that held a credential is wiped from the buffer now rather
	 * than left for the next file to overwrite. */
	if (ctx->found) {
		ca_wipe(ctx->buf.buf, ctx->buf.len);
		ctx->found = false;
	}
	/* Do not keep a huge buffer around after one huge file. */
	if (ctx->buf.alloc > (4u << 20) &&
	    ctx->buf.alloc > 2 * r->o->max_file_size) {
		strbuf_release(&ctx->buf);
	}
}

static void
record_open_error(struct ca_run *r, const char *path, int err)
{
	char msg[128];

	switch (-err) {
	case EINVAL:  /* not a regular file: FIFO, socket, device */
	case EISDIR:  /* a symlink to a directory: not followed */
	case ELOOP:   /* symlink loop, or a link the fallback won't follow */
	case ENOENT:  /* dangling symlink, or gone since listed */
	case ENOTDIR:
	case EXDEV:
		__atomic_add_fetch(&r->skipped, 1, __ATOMIC_RELAXED);
		return;
	default:
		snprintf(msg, sizeof(msg), "cannot open: %s", strerror(-err));
		ca_inventory_add_error(r->inv, path, msg);
	}
}

static char *
join_path(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p = xmalloc(dl + nl + 2);
	size_t o = 0;

	if (!(dl == 1 && dir[0] == '/')) {
		memcpy(p, dir, dl);
		o = dl;
	}
	p[o++] = '/';
	memcpy(p + o, name, nl + 1);
	return p;
}

/* Dependency caches: large, vendored, and not where a user's credentials
 * live. Matched as path suffixes, so ~/.m2/settings.xml, ~/.cargo/
 * credentials.toml and ~/.gradle/gradle.properties are still seen while
 * the repositories beside them are not. */
static const char *const dep_dirs[] = {
	"node_modules", "bower_components", ".pnpm-store", "__pycache__",
	"site-packages", "dist-packages", ".venv", "venv", ".tox",
	".m2/repository", ".gradle/caches", ".gradle/wrapper", ".cargo/registry",
	".cargo/git", ".rustup", ".npm/_cacache", ".yarn/cache", ".cache/pip",
	".cache/yarn", ".cache/go-build", "go/pkg/mod", ".terraform/providers",
	"vendor/bundle",
};
static const char *const vcs_dirs[] = { ".hg", ".svn", ".bzr", "_darcs" };

static bool
path_ends_with(const char *path, const char *suffix)
{
	size_t pl = strlen(path), sl = strlen(suffix);

	return pl > sl && path[pl - sl - 1] == '/' &&
	    !strcmp(path + pl - sl, suffix);
}

/* Whether the walker enters directory 'name' at 'path'. */
static bool
enter_dir(const struct ca_run *r, const char *path, const char *name)
{
	static const char *const virtual_fs[] = { "/proc", "/sys", "/dev" };

	for (size_t i = 0; i < CA_ARRAY_SIZE(virtual_fs); i++)
		if (!strcmp(path, virtual_fs[i]))
			return false;
	for (size_t i = 0; i < CA_ARRAY_SIZE(vcs_dirs); i++)
		if (!strcmp(name, vcs_dirs[i]))
			return false;
	if (!r->o->include_deps) {
		for (size_t i = 0; i < CA_ARRAY_SIZE(dep_dirs); i++)
			if (path_ends_with(path, dep_dirs[i]))
				return false;
	}
	return true;
}

static void
scan_dir(struct ca_ctx *ctx, const struct work *w)
{
	struct ca_run *r = ctx->run;
	struct ca_target *t = r->t;
	const struct ca_scanner *claimed[MAX_CLAIMS];
	struct ca_dirent ent;
	struct ca_dir *d;
	int ret;

	ret = t->ops->open_dir(t, w->path, &d);
	if (ret < 0) {
		if (ret != -ENOENT && ret != -ENOTDIR && ret != -ELOOP) {
			char msg[128];
			snprintf(msg, sizeof(msg), "cannot open directory: %s",
			    strerror(-ret));
			ca_inventory_add_error(r->inv, w->path, msg);
		}
		return;
	}
	while ((ret = t->ops->next_entry(d, &ent)) > 0) {
		char *full;
		size_t nclaimed;
		struct ca_fh *fh;
		struct ca_stat st;
		int oret;

		if (ent.type == CA_FT_OTHER) {
			__atomic_add_fetch(&r->skipped, 1, __ATOMIC_RELAXED);
			continue; /* FIFO, socket, device: never opened */
		}
		full = join_path(w->path, ent.name);
		if (ent.type == CA_FT_DIR) {
			bool git = !strcmp(ent.name, ".git");
			/* Inside .git only the top-level files matter (config);
			 * objects, refs and hooks are not credentials. */
			if (!w->in_git && enter_dir(r, full, ent.name)) {
				push_work(r, full, w->home, false, git);
				continue;
			}
			free(full);
			continue;
		}
		nclaimed = match_claims(r, full, ent.name, claimed);
		if (w->in_git && !nclaimed) {
			free(full);
			continue;
		}
		oret = t->ops->open_entry(d, ent.name, &fh, &st);
		if (oret < 0) {
			record_open_error(r, full, oret);
			free(full);
			continue;
		}
		scan_open_file(ctx, fh, &st, full, ent.name, w->home, claimed,
		    nclaimed, !w->in_git);
		free(full);
	}
	if (ret < 0) {
		char msg[128];
		snprintf(msg, sizeof(msg), "cannot list directory: %s",
		    strerror(-ret));
		ca_inventory_add_error(r->inv, w->path, msg);
	}
	t->ops->close_dir(d);
}

static void
scan_path_file(struct ca_ctx *ctx, const char *path, const char *home,
    const struct ca_scanner *only, bool content)
{
	struct ca_run *r = ctx->run;
	const struct ca_scanner *claimed[MAX_CLAIMS];
	const char *name = strrchr(path, '/');
	struct ca_fh *fh;
	struct ca_stat st;
	size_t nclaimed;
	int ret;

	name = name ? name + 1 : path;
	if (only) {
		claimed[0] = only;
		nclaimed = 1;
	} else {
		nclaimed = match_claims(r, path, name, claimed);
	}
	ret = r->t->ops->open_file(r->t, path, &fh, &st);
	if (ret < 0) {
		if (ret != -ENOENT)
			record_open_error(r, path, ret);
		return;
	}
	scan_open_file(ctx, fh, &st, path, name, home, claimed, nclaimed,
	    content);
}

/* ---- workers --------------------------------------------------------- */

static int
ctx_init(struct ca_ctx *ctx, struct ca_run *r)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->run = r;
	ctx->scratch = arena_new(64 * 1024);
	strbuf_init(&ctx->buf, STRUCTURED_CAP + 1);
	ctx->gate = ca_gate_new();
	if (!ctx->gate) {
		arena_free(ctx->scratch);
		return -1;
	}
	if (r->rules) {
		ctx->rsc = ca_rule_scratch_new(r->rules);
		if (!ctx->rsc) {
			ca_gate_free(ctx->gate);
			arena_free(ctx->scratch);
			return -1;
		}
	}
	return 0;
}

static void
ctx_release(struct ca_ctx *ctx)
{
	ca_rule_scratch_free(ctx->rsc);
	ca_gate_free(ctx->gate);
	arena_free(ctx->scratch);
	strbuf_release(&ctx->buf);
}

static void *
worker(void *arg)
{
	struct ca_run *r = arg;
	struct ca_ctx ctx;
	struct work w;
	bool active = false;

	if (ctx_init(&ctx, r) < 0) {
		pthread_mutex_lock(&r->lock);
		r->failed = true;
		pthread_mutex_unlock(&r->lock);
		return NULL;
	}
	while (pop_work(r, &w, &active)) {
		if (w.is_file)
			scan_path_file(&ctx, w.path, w.home, NULL, true);
		else
			scan_dir(&ctx, &w);
		free(w.path);
	}
	ctx_release(&ctx);
	return NULL;
}

static void
utc_now(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Queues the start points: explicit paths, or the homes. */
static void
queue_starts(struct ca_run *r)
{
	const struct ca_scan_opts *o = r->o;
	struct ca_stat st;

	for (size_t i = 0; i < r->nusers; i++)
		if (!is_system_path(r->users[i].home))
			add_home(r, r->users[i].home);
	if (o->home)
		add_home(r, o->home);
	if (o->paths) {
		for (size_t i = 0; o->paths[i]; i++) {
			const char *p = o->paths[i];
			if (r->t->ops->stat_path(r->t, p, &st) < 0) {
				ca_inventory_add_error(r->inv, p,
				    "cannot scan: no such file or directory");
				continue;
			}
			push_work(r, xstrdup(p), home_of(r, p),
			    st.type != CA_FT_DIR, false);
		}
		return;
	}
	if (o->all_homes) {
		size_t n = r->nhomes;
		for (size_t i = 0; i < n; i++) {
			if (r->t->ops->stat_path(r->t, r->homes[i], &st) < 0 ||
			    st.type != CA_FT_DIR)
				continue;
			/* A home inside another home is walked with it. */
			bool nested = false;
			for (size_t j = 0; j < n; j++) {
				size_t l = strlen(r->homes[j]);
				if (j != i && !strncmp(r->homes[i], r->homes[j], l) &&
				    r->homes[i][l] == '/')
					nested = true;
			}
			if (!nested)
				push_work(r, xstrdup(r->homes[i]), r->homes[i],
				    false, false);
		}
	} else if (o->home) {
		const char *h = home_of(r, o->home);
		push_work(r, xstrdup(h), h, false, false);
	}
	/* The system-wide git configuration applies to every user. */
	if (r->t->ops->stat_path(r->t, "/etc/gitconfig", &st) == 0 &&
	    st.type == CA_FT_REG)
		push_work(r, xstrdup("/etc/gitconfig"), NULL, true, false);
}

static void
run_init(struct ca_run *r, struct ca_target *t, const struct ca_scan_opts *o,
    struct ca_inventory *inv)
{
	memset(r, 0, sizeof(*r));
	r->t = t;
	r->o = o;
	r->inv = inv;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	pthread_cond_init(&r->done, NULL);
	pthread_mutex_init(&r->tmplock, NULL);
	build_claims(r);
	load_passwd(r);
}

static void
run_release(struct ca_run *r)
{
	for (size_t i = 0; i < r->nusers; i++) {
		free(r->users[i].name);
		free(r->users[i].home);
	}
	free(r->users);
	for (size_t i = 0; i < r->nhomes; i++)
		free(r->homes[i]);
	free(r->homes);
	for (size_t i = 0; i < r->nstack; i++)
		free(r->stack[i].path);
	free(r->stack);
	free(r->claims);
	if (r->tmpdir) {
		rmdir(r->tmpdir);
		free(r->tmpdir);
	}
	ca_ruleset_free(r->rules);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->cond);
	pthread_cond_destroy(&r->done);
	pthread_mutex_destroy(&r->tmplock);
}

static void
report_progress(struct ca_run *r)
{
	struct ca_progress p;

	if (!r->o->progress)
		return;
	p.files = __atomic_load_n(&r->files, __ATOMIC_RELAXED);
	p.bytes = __atomic_load_n(&r->bytes, __ATOMIC_RELAXED);
	pthread_mutex_lock(&r->lock);
	p.dirs_pending = r->nstack;
	pthread_mutex_unlock(&r->lock);
	r->o->progress(r->o->progress_arg, &p);
}

/* The vault keeps only secrets some verifier can use. */
static bool
verifiable_kind(void *arg, const char *kind)
{
	return ca_verifiers_wants_kind(arg, kind);
}

/* Asks each credential's provider about it (--verify), then wipes the
 * vault: no secret of the scan is left in memory after this. */
static void
verify_and_wipe(struct ca_run *r)
{
	struct ca_verify_opts vo;

	memset(&vo, 0, sizeof(vo));
	vo.table = r->o->verifiers;
	vo.jobs = r->o->verify_jobs;
	vo.timeout = r->o->verify_timeout;
	vo.cache = r->o->verify_cache;
	vo.cache_arg = r->o->verify_cache_arg;
	if (!ca_vault_locked(r->vault))
		ca_debug("verify: secrets could not be locked in memory "
		    "(RLIMIT_MEMLOCK); they may reach swap");
	ca_verify_run(&vo, r->vault, r->inv);
	ca_vault_free(r->vault);
	r->vault = NULL;
}

/* ---- tracked by git ------------------------------------------------- */

#define GIT_INDEX_CAP ((size_t)64 << 20)

/* One repository's index, read once per scan. */
struct git_repo {
	char *dir;         /* the work tree, owned: "/" or "/home/a/src" */
	struct strbuf idx; /* its .git/index */
	bool bad;          /* unreadable or malformed */
};

struct git_cache {
	struct git_repo *repos; /* owned */
	size_t n;
};

/* True when some component of 'path' (borrowed) is ".git". */
static bool
in_git_dir(const char *path)
{
	for (const char *p = path; (p = strstr(p, ".git")) != NULL; p += 4)
		if ((p == path || p[-1] == '/') && (p[4] == '/' || !p[4]))
			return true;
	return false;
}

/* The repository whose work tree is 'dir' (borrowed), from the cache or
 * read into it; NULL when 'dir' holds no .git/index. Returns borrowed. */
static struct git_repo *
git_repo_at(struct ca_run *r, struct git_cache *gc, const char *dir)
{
	struct git_repo *g;
	struct ca_stat st;
	char path[4096];
	int n, ret;

	for (size_t i = 0; i < gc->n; i++)
		if (strcmp(gc->repos[i].dir, dir) == 0)
			return &gc->repos[i];
	n = snprintf(path, sizeof(path), "%s/.git/index",
	    strcmp(dir, "/") == 0 ? "" : dir);
	if (n < 0 || (size_t)n >= sizeof(path))
		return NULL;
	if (r->t->ops->stat_path(r->t, path, &st) < 0 || st.type != CA_FT_REG)
		return NULL;
	gc->repos = xrealloc(gc->repos, (gc->n + 1) * sizeof(*gc->repos));
	g = &gc->repos[gc->n++];
	g->dir = xstrdup(dir);
	strbuf_init(&g->idx, GIT_INDEX_CAP);
	ret = ca_target_read(r->t, path, &g->idx, GIT_INDEX_CAP, NULL);
	g->bad = ret < 0;
	if (ret < 0)
		ca_debug("cannot read \"%s\": %s", path, strerror(-ret));
	return g;
}

/* Marks location 'j' of 'c' (borrowed) tracked when the nearest enclosing
 * work tree with a .git/index lists it. */
static void
mark_if_tracked(struct ca_run *r, struct git_cache *gc,
    struct ca_credential *c, size_t j)
{
	const char *path = c->locations[j].path;
	char dir[4096];
	size_t len;
	struct git_repo *g = NULL;

	if (!path || path[0] != '/' || in_git_dir(path))
		return;
	len = strlen(path);
	if (len >= sizeof(dir))
		return;
	memcpy(dir, path, len + 1);
	while (!g) {
		char *slash = strrchr(dir, '/');

		if (!slash)
			return;
		if (slash == dir) {
			if (!dir[1])
				return; /* "/" was tried last time */
			dir[1] = '\0';
		} else {
			*slash = '\0';
		}
		g = git_repo_at(r, gc, dir);
	}
	if (g->bad)
		return;
	len = strcmp(g->dir, "/") == 0 ? 1 : strlen(g->dir) + 1;
	switch (ca_git_index_contains(g->idx.buf, g->idx.len, path + len)) {
	case 1:
		ca_inventory_mark_tracked(r->inv, c, j, g->dir);
		break;
	case 0:
		break;
	default:
		ca_debug("\"%s/.git/index\" is malformed", g->dir);
		g->bad = true;
		break;
	}
}

/* Flags every location that a git repository tracks (exposure factor
 * "git"); each index is read once. */
static void
mark_tracked(struct ca_run *r)
{
	struct git_cache gc = { NULL, 0 };
	struct ca_inventory *inv = r->inv;

	for (size_t i = 0; i < inv->ncreds; i++)
		for (size_t j = 0; j < inv->creds[i]->nlocations; j++)
			mark_if_tracked(r, &gc, inv->creds[i], j);
	for (size_t i = 0; i < gc.n; i++) {
		free(gc.repos[i].dir);
		strbuf_release(&gc.repos[i].idx);
	}
	free(gc.repos);
}

/* The last pass of the redaction gate: what the walk did not hand
 * through emit() or ca_warn() (open and read errors, the metadata) and
 * what finish and --verify derived (reasons, provider answers). */
static void
gate_inventory(struct ca_inventory *inv)
{
	struct ca_gate *g = ca_gate_new();

	ca_gate_inventory(g, inv);
	ca_gate_free(g);
}

int
ca_scan_run(struct ca_target *t, const struct ca_scan_opts *o,
    struct ca_inventory *inv)
{
	struct ca_run r;
	pthread_t *threads;
	unsigned int jobs = o->jobs ? o->jobs : 1, started = 0;
	int ret = 0;

	/* From here on, no log line can carry a secret-shaped string. */
	if (ca_gate_install_log_filter() < 0)
		return -1;
	run_init(&r, t, o, inv);
	utc_now(inv->meta.started);
	inv->meta.target_type = t->ops->kind;
	inv->meta.root = t->root;
	if (ca_ruleset_compile(&r.rules) < 0) {
		run_release(&r);
		return -1;
	}
	queue_starts(&r);
	if (o->verify && o->verifiers)
		r.vault = ca_vault_new(verifiable_kind,
		    (void *)o->verifiers);
	threads = xcalloc(jobs, sizeof(*threads));
	for (unsigned int i = 0; i < jobs; i++) {
		if (pthread_create(&threads[i], NULL, worker, &r)) {
			ca_error("cannot start worker thread: %s", strerror(errno));
			break;
		}
		started++;
	}
	if (!started) {
		ret = -1;
	} else if (o->progress) {
		/* The main thread only reports progress until the walk ends. */
		pthread_mutex_lock(&r.lock);
		while (r.nstack || r.active) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 200 * 1000 * 1000;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			/* woken only at the end, so pushes cost it nothing */
			pthread_cond_timedwait(&r.done, &r.lock, &ts);
			pthread_mutex_unlock(&r.lock);
			report_progress(&r);
			pthread_mutex_lock(&r.lock);
		}
		pthread_mutex_unlock(&r.lock);
	}
	for (unsigned int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	if (r.failed)
		ret = ca_error("a worker could not start its rule engine");
	if (r.vault)
		verify_and_wipe(&r);
	inv->meta.stats.files = r.files;
	inv->meta.stats.bytes = r.bytes;
	inv->meta.stats.skipped = r.skipped;
	mark_tracked(&r);
	ca_inventory_set_home_uid(inv, home_uid);
	ca_inventory_finish(inv, uid_name, &r);
	gate_inventory(inv);
	utc_now(inv->meta.finished);
	run_release(&r);
	return ret;
}

int
ca_scan_one_file(struct ca_target *t, const struct ca_scanner *s,
    const char *path, const char *home, const unsigned char *key,
    size_t key_len, struct ca_inventory *inv)
{
	struct ca_scan_opts o;
	struct ca_run r;
	struct ca_ctx ctx;
	struct ca_stat st;
	int ret;

	memset(&o, 0, sizeof(o));
	o.key = key;
	o.key_len = key_len;
	o.jobs = 1;
	o.max_file_size = 8u << 20;
	run_init(&r, t, &o, inv);
	if (home)
		add_home(&r, home);
	if (!s && ca_ruleset_compile(&r.rules) < 0) {
		run_release(&r);
		return -1;
	}
	ret = t->ops->stat_path(t, path, &st);
	if (ret == 0 && ctx_init(&ctx, &r) == 0) {
		scan_path_file(&ctx, path, home ? home_of(&r, home) : NULL, s,
		    !s);
		ctx_release(&ctx);
	}
	ca_inventory_set_home_uid(inv, home_uid);
	ca_inventory_finish(inv, uid_name, &r);
	gate_inventory(inv);
	run_release(&r);
	return ret;
}
