/* passwd.c - users and homes of the target: its own /etc/passwd (never
 * the host's getpwuid), the homes a run knows, and which home a path lies
 * under. */
#include "lib/compat.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "scanners/core/run_p.h"
#include "lib/banned.h"

void
run_load_passwd(struct ca_run *r)
{
	struct strbuf sb = STRBUF_INIT(4u << 20);
	char *line, *next;

	/* A confined scan of PATHs still names owners from the host's. */
	if (ca_target_read(ca_target_system(r->t), "/etc/passwd", &sb, 4u << 20,
	        NULL) < 0) {
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
		r->users = xrealloc(r->users,
		    (r->nusers + 1) * sizeof(*r->users));
		r->users[r->nusers].name = xstrdup(f[0]);
		r->users[r->nusers].uid = uid;
		errno = 0;
		r->users[r->nusers].gid = strtoll(f[3], &end, 10);
		if (errno || end == f[3] || *end)
			r->users[r->nusers].gid = -1;
		r->users[r->nusers].home = xstrdup(f[5]);
		r->nusers++;
	}
	strbuf_release(&sb);
}

const char *
run_uid_name(void *arg, int64_t uid)
{
	struct ca_run *r = arg;

	for (size_t i = 0; i < r->nusers; i++)
		if (r->users[i].uid == uid)
			return r->users[i].name;
	return NULL;
}

/* The uid of the user whose home is 'home' in the target's passwd, or -1:
 * the inventory flags a file owned by someone else there as misplaced. */
int64_t
run_home_uid(void *arg, const char *home)
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
const char *
run_add_home(struct ca_run *r, const char *home)
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
const char *
run_home_of(const struct ca_run *r, const char *path)
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

bool
run_is_system_path(const char *home)
{
	static const char *const sys[] = {
		"/",
		"/bin",
		"/sbin",
		"/usr",
		"/usr/bin",
		"/usr/sbin",
		"/dev",
		"/proc",
		"/sys",
		"/nonexistent",
		"/var",
		"/etc",
		"/run",
		"/lib",
	};
	for (size_t i = 0; i < CA_ARRAY_SIZE(sys); i++)
		if (!strcmp(home, sys[i]))
			return true;
	return false;
}
