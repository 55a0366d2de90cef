/* cikit.h - what the CI surface modules share (gha_workflow, gitlab_ci,
 * gitlab_runner): telling a secret written into a pipeline from a word,
 * a path or an expression by its key and its value, and following YAML
 * '<<' merge keys, which CI files use to share blocks between jobs.
 * Symbols carry 'ci_'. */
#ifndef CA_CIKIT_H
#define CA_CIKIT_H

#include "scanners/kit/yaml_tree.h"

/* True when a key names a value meant to be a secret (DEPLOY_TOKEN,
 * npm-token, password, AWS_SECRET_ACCESS_KEY), not its file, name,
 * format or lifetime (TOKEN_FILE, token-format). 'key' is borrowed. */
bool ci_secret_key(const char *key);
/* True when the 'len' bytes at 'v' (borrowed) look like a secret rather
 * than a word, a path, a URL or an expression: no spaces, 8 bytes or
 * more, two character classes and enough entropy, and not unusable
 * (placeholders, $VAR references). */
bool ci_secret_value(const char *v, size_t len);
/* True when the value starts like a token format the content rules
 * recognise and check (ghp_, glpat-, AKIA...): they name its kind. */
bool ci_token_shaped(const char *v, size_t len);
/* ynode_get() on mapping 'map' (borrowed), following '<<' merge keys (a
 * mapping or a list of them) a few levels deep. Returns a borrowed node
 * or NULL. */
const struct ynode *ci_get(const struct ynode *map, const char *key);

#endif
