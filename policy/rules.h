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

#endif /* POLICY_RULES_H */
