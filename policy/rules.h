/*
 * The queue rules as data: struct rule, the built-in table that
 * policy_init() copies (policy/rules.c), and the GCE Confidential VM
 * tables.  Plain data; the engine that applies them is policy/policy.h.
 */
#ifndef POLICY_RULES_H
#define POLICY_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy/facts.h"

/* How the unikernel's driver for a NIC type picks its queue pairs. */
enum guest_driver {
	GUEST_IO_QUEUES,	/* min(io-queues or device, device, CPUs) */
	GUEST_AUTO,		/* min(device, CPUs); io-queues ignored */
	GUEST_SINGLE,		/* one pair; io-queues ignored */
	GUEST_DRIVER_COUNT
};

#define RULE_ORIGIN_MAX	192

/*
 * The cloud's default queue allocation for one platform and NIC type:
 *
 *	q = (share ? vCPUs / NICs : vCPUs) / divisor, then max(q, min),
 *	then min(q, cap)
 *
 * and the largest custom count the cloud accepts per NIC (custom_max; 0
 * when the NIC has no custom count).
 */
struct rule {
	enum platform	 platform;
	enum nic_type	 nic;
	bool		 share;		/* vCPUs are divided among the NICs */
	uint32_t	 divisor;	/* >= 1 */
	uint32_t	 min;		/* >= 1 */
	uint32_t	 cap;		/* >= min */
	uint32_t	 custom_max;
	enum guest_driver guest;
	const char	*source;	/* public source of the numbers */
	bool		 confirmed;	/* the source states them outright */
	const char	*doubt;		/* what is uncertain; NULL if nothing */
	const char	*guest_source;	/* source of the guest behaviour */
	/* "" for built-in; else what a policy file changed, and where. */
	char		 origin[RULE_ORIGIN_MAX];
};

/* "io-queues", "auto", "single". */
const char	*guest_driver_name(enum guest_driver);
int		 guest_driver_from_name(const char *, enum guest_driver *);


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
