/* The built-in rule table that policy_init() copies (policy/rules.c). */
#ifndef POLICY_RULES_H
#define POLICY_RULES_H

#include <stddef.h>

#include "policy/policy.h"

extern const struct rule	rules_default[];
extern const size_t		rules_default_count;

/*
 * GCE Confidential VM: the most queues a vNIC gets with a technology, on
 * the machine series Google states it for.  Not changeable by a policy
 * file.
 */
struct confidential_cap {
	enum confidential	 type;
	const char		*series[3];	/* "n2d", ...; NULL ends */
	uint32_t		 cap;
	const char		*source;
	bool			 confirmed;
	const char		*doubt;		/* NULL if nothing */
};

extern const struct confidential_cap	confidential_caps[];
extern const size_t			confidential_caps_count;

/*
 * GCE Confidential VM: the machine series (and single types) Google offers
 * a technology on, and the minimum CPU platform an instance must ask for,
 * each with its source.  What --emit gcloud|gce-api checks before it
 * prints a request for a Confidential VM.
 */
struct confidential_offer {
	enum confidential	 type;
	const char		*series[5];	/* "n2d", ...; NULL ends */
	const char		*types[2];	/* whole names; NULL ends */
	const char		*source;
	const char		*min_cpu_platform;	/* or NULL */
	const char		*min_cpu_source;	/* NULL if none */
	bool			 min_cpu_confirmed;	/* Google's own text */
};

extern const struct confidential_offer	confidential_offers[];
extern const size_t			confidential_offers_count;

/*
 * Where Google says that a Confidential VM that cannot live-migrate must
 * ask for onHostMaintenance TERMINATE.
 */
extern const char			confidential_maintenance_source[];

#endif /* POLICY_RULES_H */
