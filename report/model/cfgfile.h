/* cfgfile.h - the user's configuration files (the owners map, the policy)
 * read as JSON or YAML into one jansson tree, so both formats share one
 * validator, with the line and column of every key and array element so
 * an error can say where it is.
 *
 * The format comes from the name: ".json" is JSON, ".yaml" and ".yml" are
 * YAML, anything else is JSON when its first non-blank byte is '{'. YAML
 * is read as plain data: scalars resolve as in YAML 1.2's core schema
 * (null, true/false, integers, else strings; quoted scalars are always
 * strings), a file holds one document, keys are scalars and unique, and
 * aliases are refused (no billion laughs). Not a general YAML or JSON
 * library: files are small (at most CA_CFG_MAX_BYTES) and shallow. */
#ifndef CA_CFGFILE_H
#define CA_CFGFILE_H

#include "lib/compat.h"
#include <jansson.h>

#define CA_CFG_MAX_BYTES (4u << 20)
#define CA_CFG_MAX_DEPTH 32

struct cfg_pos;

struct ca_cfgfile {
	const char *what; /* "owners map", "policy": for messages */
	const char *name; /* the file's name, for messages */
	json_t *root;     /* the document; NULL until parsed */
	/* private */
	struct cfg_pos *pos;
	size_t npos, cappos;
};

/* A list of glob patterns from a configuration file, any of which may
 * match; the strings are borrowed from the file's tree. */
struct ca_globs {
	const char **v;
	size_t n;
};

/* Parses 'len' bytes of 'buf' (borrowed); 'what' and 'name' are borrowed
 * and must outlive 'cf'. Returns 0, or -1 after ca_error() naming the
 * file, the line and the column. Call ca_cfgfile_release() either way. */
int ca_cfgfile_parse(struct ca_cfgfile *cf, const char *what, const char *name,
    const char *buf, size_t len);
/* Reads and parses the file at 'path' (borrowed, and kept as the name).
 * Returns 0 or -1 after ca_error(). */
int ca_cfgfile_load(struct ca_cfgfile *cf, const char *what, const char *path);
/* Reads the file at 'path' (borrowed), at most CA_CFG_MAX_BYTES, into
 * 'sb' (borrowed, appended to), for a format this reader does not parse
 * (a TOML rules file). Returns 0 or -1 after ca_error() naming 'what'. */
struct strbuf;
int ca_cfgfile_read(const char *what, const char *path, struct strbuf *sb);
/* Frees the positions and drops the tree (a caller that keeps borrowing
 * strings from it takes a reference first). */
void ca_cfgfile_release(struct ca_cfgfile *cf);

/* Reports "cannot load WHAT 'NAME': line L, column C: PATH: MESSAGE",
 * with the position of the key or element at 'path' (borrowed, such as
 * "ignore[2].reason", "" for the document) or, failing that, of its
 * nearest parent. Returns -1. */
int ca_cfg_error(const struct ca_cfgfile *cf, const char *path, const char *fmt,
    ...) CA_PRINTF(3, 4);

/* Checks that 'obj' (borrowed), found at 'path', is an object whose keys
 * are all in 'allowed' (NULL-terminated). Returns 0 or -1 after an error
 * naming the first other key. */
int ca_cfg_keys(const struct ca_cfgfile *cf, const json_t *obj,
    const char *path, const char *const *allowed);
/* Sets '*out' to the string at obj[key] (borrowed from the tree), or NULL
 * when absent and not 'required'. Returns 0 or -1 after an error. */
int ca_cfg_string(const struct ca_cfgfile *cf, const json_t *obj,
    const char *path, const char *key, bool required, const char **out);
/* Fills 'g' from obj[key]: a non-empty string or a non-empty array of
 * them, each at most 1024 bytes and with at most two '**' before its
 * end (a path glob's cost grows with each). 'g' is left
 * empty when absent. Returns 0 or -1 after an error; release with
 * ca_globs_release(). */
int ca_cfg_globs(const struct ca_cfgfile *cf, const json_t *obj,
    const char *path, const char *key, struct ca_globs *g);
void ca_globs_release(struct ca_globs *g);

/* True when any pattern of 'g' (borrowed) matches 's' as fnmatch(3) does
 * with 'flags'; false for a NULL 's'. */
bool ca_globs_match(const struct ca_globs *g, const char *s, int flags);
/* True when any pattern matches 'path' as a path glob (lib/glob.h): a
 * leading '/' is ignored on both sides. */
bool ca_globs_match_path(const struct ca_globs *g, const char *path);

#endif
