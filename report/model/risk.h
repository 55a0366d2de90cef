/* risk.h - the risk matrix: risk is a documented function of the
 * credential's tier, how many exposure factors apply, and its lifetime.
 *
 *   base:      read -> low, write -> medium, secret -> high, admin -> high
 *   exposure:  each factor raises one level (world- or group-readable
 *              file, shell history or .env file, several copies,
 *              misplaced, tracked by git; each counted at its policy
 *              weight, see report/policy.h), up to critical
 *   lifetime:  expired -> low whatever else; short (< 24 h) lowers one
 *              level; medium (< 30 days), long and standing leave it
 *
 * So a standing admin credential with any exposure is critical, and an
 * expired one is low. The table is printed by `credatlas rules --matrix`,
 * in the man page and in the HTML report. */
#ifndef CA_RISK_H
#define CA_RISK_H

#include "lib/compat.h"
#include "report/model/finding.h"

enum ca_lifetime {
	CA_LIFE_EXPIRED = 0,
	CA_LIFE_SHORT,    /* expires within 24 hours */
	CA_LIFE_MEDIUM,   /* within 30 days */
	CA_LIFE_LONG,     /* later than 30 days */
	CA_LIFE_STANDING, /* never expires by itself */
};
#define CA_LIFE_COUNT 5

#define CA_EXPOSURE_COLUMNS                                                    \
	4 /* 0, 1, 2, and 3 or more factors: the                               \
	   * matrix saturates at three */

const char *ca_lifetime_name(enum ca_lifetime life);

/* The lifetime class of a credential that expires at 'expires' (Unix
 * seconds; ignored when 'standing') seen at 'now'. */
enum ca_lifetime ca_lifetime_of(bool standing, int64_t expires, int64_t now);

/* The matrix itself. 'exposures' is the number of exposure factors. */
enum ca_risk ca_risk_rate(enum ca_tier tier, unsigned int exposures,
    enum ca_lifetime life);

#endif
