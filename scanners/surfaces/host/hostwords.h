/* hostwords.h - what the host modules that read free-form assignments
 * (shell_history, dotenv, shell_rc) agree on: which variable names say
 * secret, which values could be a typed secret, and which values are
 * token-shaped and so left to the content rules, whose kinds name them
 * better than "a secret in a .env file" would. Symbols carry 'hw_'. */
#ifndef CA_HOSTWORDS_H
#define CA_HOSTWORDS_H

#include "lib/compat.h"
#include "scanners/core/scanner.h"

/* True when the name 's' ('n' bytes, borrowed) ends in a word that says
 * secret (PASSWORD, TOKEN, SECRET, API_KEY, ...) as a whole name or after
 * '_', '-' or a case change. $PWD, the working directory, is not one. */
bool hw_secret_name(const char *s, size_t n);

/* True when the value 's' ('n' bytes, borrowed) could be a secret typed
 * by hand: not a reference, placeholder, path, flag, command or plain
 * short word or boolean. */
bool hw_value_looks_secret(const char *s, size_t n);

/* True when 's' ('n' bytes, borrowed) starts with the public prefix of a
 * vendor token (ghp_, npm_, sk-, xoxb-, AKIA, eyJ, ...). */
bool hw_token_shaped(const char *s, size_t n);

/* Reports each "[export] NAME=value" line of 'f' (borrowed) whose name
 * says secret and whose value looks typed (quotes, inline comments and
 * '#' comment lines understood; token-shaped values left to the content
 * rules) as 'rule' / 'kind' (static strings), the name as identity. Other
 * lines are skipped: the .env and shell rc files it reads are often
 * sourced shell. */
void hw_scan_assignments(struct ca_ctx *ctx, const struct ca_file *f,
    const char *rule, const char *kind);

#endif
