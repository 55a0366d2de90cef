/* redact_gate.h - the one gate every string passes on its way to an
 * output.
 *
 * A secret can hide in a field that is not a secret: a token pasted as a
 * gh user name, an AWS profile named after a key, a file called like a
 * token. The gate runs the content rules (scanners/rules/) over such a
 * string and replaces every match with its redacted preview, so what the
 * rules would call a secret never reaches a report, an error or a log
 * line, whichever field carries it. The core applies it to each sighting
 * and warning on the way into the inventory, to the whole inventory once
 * the scan is over (errors, metadata, reasons, verification answers),
 * and to every log line. */
#ifndef CA_REDACT_GATE_H
#define CA_REDACT_GATE_H

#include "lib/compat.h"
#include "lib/arena.h"
#include "report/model/inventory.h"

struct ca_gate; /* per thread: it owns rule-engine scratch */
struct ca_ruleset;

/* Returns an owned gate, or NULL after ca_error() when the rules do not
 * compile. The rules are compiled once per process and shared. */
/* The built-in rules, compiled once per process and never freed: the
 * gate's, shared by every scan without user rules, since compiling the
 * vectorscan database costs more than a small scan. NULL when they do
 * not compile. */
struct ca_ruleset *ca_gate_ruleset(void);
struct ca_gate *ca_gate_new(void);
void ca_gate_free(struct ca_gate *g);

/* Returns 's' itself (borrowed) when no content rule matches in it, else
 * a copy in 'a' with each match replaced by its preview. NULL gives NULL.
 * With g == NULL the string comes back as it is. */
const char *ca_gate_str(struct ca_gate *g, struct arena *a, const char *s);

/* Redacts the NUL-terminated string in 'buf' (capacity 'cap') in place;
 * a result that does not fit is cut. A string that fills the buffer is
 * taken as already cut by its writer, and its last bytes (where a secret
 * cut in two would not match) are replaced by an ellipsis. */
void ca_gate_buf(struct ca_gate *g, char *buf, size_t cap);

/* Passes every string field of 's' through the gate; the strings that
 * change are copied into 'a'. 's' is borrowed and rewritten. */
void ca_gate_sighting(struct ca_gate *g, struct arena *a,
    struct ca_sighting *s);

/* Passes every string of the finished inventory 'inv' (borrowed) that
 * reaches an output through the gate: metadata, errors, and each
 * credential's identity, scopes, reasons, locations, anchors, links and
 * verification error. Changed strings are copied into the inventory. */
void ca_gate_inventory(struct ca_gate *g, struct ca_inventory *inv);

/* Routes every later log line (lib/log.h) through a process-wide gate.
 * Idempotent; returns 0 or -1 when the rules do not compile. */
int ca_gate_install_log_filter(void);

#endif
