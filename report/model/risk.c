/* risk.c - see risk.h for the rules this table encodes. */
#include "lib/compat.h"
#include "report/model/risk.h"
#include "lib/banned.h"

static const char *const life_names[CA_LIFE_COUNT] = {
	"expired",
	"short",
	"medium",
	"long",
	"standing",
};

const char *
ca_lifetime_name(enum ca_lifetime life)
{
	return (unsigned)life < CA_LIFE_COUNT ? life_names[life] : "unknown";
}

enum ca_lifetime
ca_lifetime_of(bool standing, int64_t expires, int64_t now)
{
	int64_t left;

	if (standing)
		return CA_LIFE_STANDING;
	left = expires - now;
	if (left <= 0)
		return CA_LIFE_EXPIRED;
	if (left < 24 * 3600)
		return CA_LIFE_SHORT;
	if (left < 30 * 24 * 3600)
		return CA_LIFE_MEDIUM;
	return CA_LIFE_LONG;
}

enum ca_risk
ca_risk_rate(enum ca_tier tier, unsigned int exposures, enum ca_lifetime life)
{
	static const enum ca_risk base[CA_TIER_COUNT] = {
		CA_RISK_LOW,
		CA_RISK_MEDIUM,
		CA_RISK_HIGH,
		CA_RISK_HIGH,
	};
	int r;

	if (life == CA_LIFE_EXPIRED)
		return CA_RISK_LOW;
	r = (unsigned)tier < CA_TIER_COUNT ? (int)base[tier] : CA_RISK_MEDIUM;
	r += (int)(exposures > 3 ? 3 : exposures);
	if (life == CA_LIFE_SHORT)
		r--;
	if (r < CA_RISK_LOW)
		r = CA_RISK_LOW;
	if (r > CA_RISK_CRITICAL)
		r = CA_RISK_CRITICAL;
	return (enum ca_risk)r;
}
