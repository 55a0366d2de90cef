/* cfg_unit.h - shared by the tests of the owners map and the policy
 * (static helpers, included by one test binary each): capture what a
 * call prints on stderr, and build sightings for an inventory. */
#ifndef CA_CFG_UNIT_H
#define CA_CFG_UNIT_H

#include "tests/unit/unit.h"
#include <unistd.h>
#include "report/model/inventory.h"

/* Standard error, captured into a temporary file between cap_begin()
 * and cap_end(), which returns what was written (static buffer). */
static int cap_saved = -1; /* the real stderr while capturing */
static FILE *cap_file;

static CA_UNUSED void
cap_begin(void)
{
	fflush(stderr);
	cap_file = tmpfile();
	assert_non_null(cap_file);
	cap_saved = dup(2);
	assert_true(cap_saved >= 0);
	assert_true(dup2(fileno(cap_file), 2) >= 0);
}

static CA_UNUSED const char *
cap_end(void)
{
	static char buf[8192];
	size_t n;

	fflush(stderr);
	assert_true(dup2(cap_saved, 2) >= 0);
	close(cap_saved);
	cap_saved = -1;
	rewind(cap_file);
	n = fread(buf, 1, sizeof(buf) - 1, cap_file);
	buf[n] = '\0';
	fclose(cap_file);
	cap_file = NULL;
	return buf;
}

/* Fails with the captured text when it lacks 'want'. */
static CA_UNUSED void
assert_has(const char *got, const char *want)
{
	if (!strstr(got, want))
		fail_msg("expected '%s' in: %s", want, got);
}

/* A sighting of 'kind' at 'path' owned by 'uid', with 32 copies of 'ch'
 * as its id; everything else plain. */
static CA_UNUSED struct ca_sighting
cfg_sight(char ch, const char *kind, const char *path, int64_t uid)
{
	struct ca_sighting s;

	memset(&s, 0, sizeof(s));
	memset(s.id, ch, CA_ID_HEX);
	s.id[CA_ID_HEX] = '\0';
	s.rule = "test.rule";
	s.kind = kind;
	s.redacted = "x\xe2\x80\xa6";
	s.path = path;
	s.line = 1;
	s.mode = 0600;
	s.uid = uid;
	s.standing = -1;
	s.tier = -1;
	s.structured = true;
	return s;
}

static CA_UNUSED const char *
cfg_id(char ch)
{
	static char id[CA_ID_HEX + 1];

	memset(id, ch, CA_ID_HEX);
	id[CA_ID_HEX] = '\0';
	return id;
}

static CA_UNUSED bool
cfg_has_reason(const struct ca_credential *c, const char *want)
{
	for (size_t i = 0; i < c->nreasons; i++)
		if (strstr(c->reasons[i], want))
			return true;
	return false;
}

/* The target's users: alice 1000 (/home/alice), bob 1001 (/home/bob). */
static CA_UNUSED const char *
cfg_uid_name(void *arg, int64_t uid)
{
	(void)arg;
	return uid == 0 ? "root" :
	    uid == 1000 ? "alice" :
	    uid == 1001 ? "bob" :
	                  NULL;
}

static CA_UNUSED int64_t
cfg_home_uid(void *arg, const char *home)
{
	(void)arg;
	if (!strcmp(home, "/home/alice"))
		return 1000;
	if (!strcmp(home, "/home/bob"))
		return 1001;
	if (!strcmp(home, "/root"))
		return 0;
	return -1;
}

#endif
