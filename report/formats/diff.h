/* diff.h - what is new, gone and changed (tier, risk, owner, locations)
 * between two scans, and its text and JSON renderings (`credatlas diff`).
 *
 * Credentials are matched by fingerprint, which only works when both
 * scans used the same fingerprint key: scans under different keys are
 * refused rather than reported as all new and all gone. The JSON
 * rendering ("credatlas-diff/1", see the diff command in credatlas(1))
 * describes a credential with the report's own serialiser (json_p.h), so
 * a field means the same in both documents. */
#ifndef CA_DIFF_H
#define CA_DIFF_H

#include "lib/compat.h"
#include "report/model/inventory.h"

/* One end of the comparison: the source is borrowed, the inventory owned
 * by the caller, who frees it after the diff. */
struct ca_diff_side {
	const char *source;       /* the report or inventory file */
	int64_t scan;             /* its id in an inventory, 0 for a report */
	struct ca_inventory *inv; /* the caller's */
};

/* A credential in both scans that differs; the pointers are borrowed
 * from the two inventories, the arrays owned by the diff. */
struct ca_diff_change {
	const struct ca_credential *from, *to;
	bool tier, risk, owner; /* which of these differ */
	const struct ca_location **added, **removed;
	size_t nadded, nremoved;
};

struct ca_diff {
	const struct ca_diff_side *from, *to;       /* borrowed */
	const struct ca_credential **added, **gone; /* borrowed credentials */
	size_t nadded, ngone;
	struct ca_diff_change *changed;
	size_t nchanged;
};

/* Compares 'from' with 'to' (both borrowed, and kept in 'd', so they must
 * outlive it) into 'd', to be released with ca_diff_release(). Returns 0,
 * or -1 after ca_error() when the scans were fingerprinted under
 * different keys ('d' is then empty). */
int ca_diff_compute(const struct ca_diff_side *from,
    const struct ca_diff_side *to, struct ca_diff *d);
/* Frees what 'd' (borrowed) holds; the inventories are the caller's. */
void ca_diff_release(struct ca_diff *d);
/* Whether a new credential is at or above 'tier' or 'risk' (each -1 for
 * no limit), for --fail-on. 'd' is borrowed. */
bool ca_diff_fails(const struct ca_diff *d, int tier, int risk);

/* Writes 'd' (borrowed) to 'out' (borrowed) for a terminal, every string
 * escaped. Returns 0 or -1 after ca_error(). */
int ca_diff_write_text(FILE *out, const struct ca_diff *d);
/* Writes 'd' (borrowed) to 'out' (borrowed) as a "credatlas-diff/1"
 * document. Returns 0 or -1 after ca_error(). */
int ca_diff_write_json(FILE *out, const struct ca_diff *d);

#endif
