/*
 * The rule engine: facts in, one decision per interface plus an
 * explanation trace out.
 *
 * A struct policy holds the rules (a copy of the built-in table that a
 * policy file may change), the CPUs to keep for the application and the
 * io-queues fixed per interface.  policy_decide() is pure: no I/O, no
 * global state; the same policy and facts give the same decision.
 */
#ifndef POLICY_POLICY_H
#define POLICY_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy/facts.h"
#include "policy/placement.h"
#include "policy/rules.h"
#include "policy/trace.h"

#define POLICY_RULES_MAX	16
#define POLICY_RESERVE_MAX	4096

struct policy {
	struct rule	 rules[POLICY_RULES_MAX];
	size_t		 nrules;
	uint32_t	 reserve_cpus;		/* kept for the application */
	char		 reserve_origin[RULE_ORIGIN_MAX];
	/* io-queues fixed per interface (index 0 = en1); 0 = not fixed. */
	uint32_t	 io_queues[FACTS_NICS_MAX];
	char		 io_queues_origin[FACTS_NICS_MAX][RULE_ORIGIN_MAX];
	char		 path[RULE_ORIGIN_MAX];	/* policy file, or "" */
};

struct decision_nic {
	char		 ifname[TRACE_IFNAME_MAX];	/* "en1" ... */
	enum nic_type	 nic;
	uint32_t	 device_queues;	/* pairs the device exposes */
	bool		 custom;	/* device_queues is a custom count */
	/* io-queues to write; 0 when the guest driver ignores it. */
	uint32_t	 io_queues;
	uint32_t	 queues;	/* pairs the guest driver will use */
	enum guest_driver guest;
	/* AWS: the network card and device index it attaches at. */
	struct placement at;
};

struct decision {
	enum platform		 platform;
	uint32_t		 vcpus;
	uint32_t		 queue_cpus;	/* vCPUs less the reserve */
	uint32_t		 nnics;
	uint32_t		 network_cards;	/* AWS; 0 = not known */
	struct decision_nic	 nics[FACTS_NICS_MAX];
	struct trace		 trace;
};

/* Loads the built-in rules (policy/rules.c); no reserve, nothing fixed. */
void		 policy_init(struct policy *);

/* Returns the rule for platform and nic, or NULL if there is none. */
const struct rule *policy_rule(const struct policy *, enum platform,
		    enum nic_type);
struct rule	*policy_rule_mut(struct policy *, enum platform,
		    enum nic_type);

/*
 * Reads a YAML policy file (see mqplan-policy(5)) from fd into *p, on top
 * of what *p holds; path names it in messages.  policy/ opens no files:
 * the caller opens it (cli/ refuses what is not a regular file) and
 * closes fd.  Returns 0, or -1 with err set to "FILE:LINE:COL: what" (or
 * "FILE: what" when there is no position).  On error *p may be partly
 * changed: start again from policy_init().
 */
int		 policy_load(struct policy *p, int fd, const char *path,
		    char *err, size_t errlen);

/*
 * Decides every interface of *f under *p.  Returns 0 with *d filled, or -1
 * with err set when the facts are incomplete or the cloud would refuse the
 * configuration (for example GCE custom counts summing above the vCPUs).
 * In both cases d->trace holds the steps taken so far: release it with
 * decision_release().
 */
int		 policy_decide(const struct policy *p, const struct facts *f,
		    struct decision *d, char *err, size_t errlen);

void		 decision_release(struct decision *);

/*
 * Checks the ENA interfaces' queue counts in *d against AWS's rules for
 * EnaQueueCount (EC2 User Guide, ENA queues): each a power of two, at most
 * the vCPUs and at most f->ena_max when known; their sum at most the
 * network card's f->ena_card_max when known.  all: check every ENA
 * interface (what --emit aws-cli sets), else only the custom counts (the
 * cloud's own default allocation is never refused; the sum is checked
 * either way).  Returns 0, or -1 with err naming the rule broken.
 */
int		 policy_ena_check(const struct facts *f,
		    const struct decision *d, bool all, char *err,
		    size_t errlen);

/*
 * Checks the cloud-side request plan --emit makes for *d, which sets
 * every interface's device queues as a custom count, against the rules of
 * f's cloud, the same rules policy_decide() applies to the custom counts
 * asked for.  GCE: the counts sum to at most the vCPUs (unless every NIC
 * is gVNIC with Tier_1 networking, which mqplan cannot know).  AWS: every
 * interface is ENA, the type supports flexible ENA queues, and
 * policy_ena_check() with all.  Returns 0 with warn set to what could not
 * be checked ("" if nothing), or -1 with err naming the rule broken.  The
 * Confidential VM request is policy_confidential_check()'s.
 */
int		 policy_check_emit(const struct facts *f,
		    const struct decision *d, char *err, size_t errlen,
		    char *warn, size_t warnlen);

struct confidential_offer;

/*
 * Checks that GCE offers f's Confidential VM technology on f's machine
 * type (confidential_offers[], policy/rules.c), as a request that asks
 * for one must.  Sets *offer to the technology's row (what else the
 * request must carry, and the sources), or NULL when f asks for none.
 * Without an instance type nothing can be checked and 0 is returned.
 * Returns 0, or -1 with err naming the rule and its source.
 */
int		 policy_confidential_check(const struct facts *f,
		    const struct confidential_offer **offer, char *err,
		    size_t errlen);

#endif /* POLICY_POLICY_H */
