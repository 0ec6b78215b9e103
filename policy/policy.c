#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "driver/io_queues.h"
#include "policy/policy.h"
#include "policy/rules.h"

/* Adds a step or bails out of policy_decide() through its out label. */
#define STEP(...) do {							\
	if (trace_add(&d->trace, __VA_ARGS__) == -1) {			\
		snprintf(err, errlen, "out of memory");			\
		goto out;						\
	}								\
} while (0)

/*
 * ENA queues per interface when no instance type gives a figure: the ENA
 * best practices' figure for most types (cloud-rules.md 2.1), a guess.
 */
#define POLICY_ENA_GUESS	8

static const char *const guest_names[GUEST_DRIVER_COUNT] = {
	[GUEST_IO_QUEUES] = "io-queues",
	[GUEST_AUTO] = "auto",
	[GUEST_SINGLE] = "single",
};

void
policy_init(struct policy *p)
{
	size_t	i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < rules_default_count && i < POLICY_RULES_MAX; i++)
		p->rules[i] = rules_default[i];
	p->nrules = i;
}

/* The index of the rule for plat and nic, or -1. */
static int
rule_index(const struct policy *p, enum platform plat, enum nic_type nic)
{
	size_t	i;

	for (i = 0; i < p->nrules; i++)
		if (p->rules[i].platform == plat && p->rules[i].nic == nic)
			return ((int)i);
	return (-1);
}

const struct rule *
policy_rule(const struct policy *p, enum platform plat, enum nic_type nic)
{
	int	i = rule_index(p, plat, nic);

	return (i < 0 ? NULL : &p->rules[i]);
}

struct rule *
policy_rule_mut(struct policy *p, enum platform plat, enum nic_type nic)
{
	int	i = rule_index(p, plat, nic);

	return (i < 0 ? NULL : &p->rules[i]);
}

const char *
guest_driver_name(enum guest_driver g)
{
	if (g < 0 || g >= GUEST_DRIVER_COUNT)
		return ("?");
	return (guest_names[g]);
}

int
guest_driver_from_name(const char *name, enum guest_driver *g)
{
	int	i;

	for (i = 0; i < GUEST_DRIVER_COUNT; i++) {
		if (strcasecmp(name, guest_names[i]) == 0) {
			*g = (enum guest_driver)i;
			return (0);
		}
	}
	return (-1);
}

void
decision_release(struct decision *d)
{
	trace_release(&d->trace);
}

static const char *
plural(uint32_t n, const char *one, const char *many)
{
	return (n == 1 ? one : many);
}

/* The name of the cloud's custom queue count, for messages. */
static const char *
custom_name(enum platform plat)
{
	return (plat == PLATFORM_GCP ? "GCE queueCount" : "AWS EnaQueueCount");
}

/*
 * The cloud's rules for custom counts across NICs: GCE takes at most the
 * vCPUs in all, and leaves each NIC on the default allocation at least one
 * queue (cloud-rules.md 1.3).
 */
static int
check_custom_sum(const struct facts *f, uint32_t sum, uint32_t ncustom,
    char *err, size_t errlen)
{
	uint32_t	rest = f->nnics - ncustom;

	if (f->platform != PLATFORM_GCP || ncustom == 0)
		return (0);
	if (rest == 0 && sum > f->vcpus) {
		snprintf(err, errlen, "custom queue counts sum to %u, above "
		    "the %u vCPUs: GCE refuses this unless every NIC is gVNIC "
		    "with Tier_1 networking", sum, f->vcpus);
		return (-1);
	}
	if (rest > 0 && (sum >= f->vcpus || f->vcpus - sum < rest)) {
		snprintf(err, errlen, "custom queue counts sum to %u of %u "
		    "vCPUs, leaving fewer than one queue for each of the %u "
		    "%s on the default allocation: GCE refuses this", sum,
		    f->vcpus, rest, plural(rest, "other NIC", "other NICs"));
		return (-1);
	}
	return (0);
}

int
policy_ena_check(const struct facts *f, const struct decision *d, bool all,
    char *err, size_t errlen)
{
	uint32_t	i, q, sum = 0;

	for (i = 0; i < d->nnics; i++) {
		if (d->nics[i].nic != NIC_ENA)
			continue;
		q = d->nics[i].device_queues;
		sum += q;
		if (!all && !d->nics[i].custom)
			continue;
		if (q == 0 || (q & (q - 1)) != 0) {
			snprintf(err, errlen, "%s: EnaQueueCount %u is not a "
			    "power of two: AWS refuses it", d->nics[i].ifname,
			    q);
			return (-1);
		}
		if (q > f->vcpus) {
			snprintf(err, errlen, "%s: EnaQueueCount %u is above "
			    "the %u vCPUs: AWS refuses it", d->nics[i].ifname,
			    q, f->vcpus);
			return (-1);
		}
		if (f->ena_max != 0 && q > f->ena_max) {
			snprintf(err, errlen, "%s: EnaQueueCount %u is above "
			    "the %u ENA queues per interface: AWS refuses it",
			    d->nics[i].ifname, q, f->ena_max);
			return (-1);
		}
	}
	if (f->ena_card_max != 0 && sum > f->ena_card_max) {
		snprintf(err, errlen, "the ENA queues of the interfaces sum "
		    "to %u, above the network card's MaximumEnaQueueCount of "
		    "%u: AWS refuses it", sum, f->ena_card_max);
		return (-1);
	}
	return (0);
}

/* The length of type's series: "n2d" of "n2d-standard-32". */
static size_t
series_len(const char *type)
{
	const char	*dash;

	dash = strchr(type, '-');
	return (dash ? (size_t)(dash - type) : strlen(type));
}

int
policy_confidential_check(const struct facts *f,
    const struct confidential_offer **offer, char *err, size_t errlen)
{
	const struct confidential_offer	*o = NULL;
	size_t				 i, len;

	*offer = NULL;
	if (f->confidential == CONFIDENTIAL_NONE)
		return (0);
	for (i = 0; i < confidential_offers_count; i++)
		if (confidential_offers[i].type == f->confidential)
			o = &confidential_offers[i];
	if (o == NULL) {
		snprintf(err, errlen, "no GCE offer known for a Confidential "
		    "VM with %s", confidential_name(f->confidential));
		return (-1);
	}
	*offer = o;
	if (f->instance_type == NULL)
		return (0);
	len = series_len(f->instance_type);
	for (i = 0; o->series[i] != NULL; i++)
		if (strlen(o->series[i]) == len &&
		    strncasecmp(f->instance_type, o->series[i], len) == 0)
			return (0);
	for (i = 0; o->types[i] != NULL; i++)
		if (strcasecmp(f->instance_type, o->types[i]) == 0)
			return (0);
	snprintf(err, errlen, "GCE offers no %s Confidential VM on %s: Google "
	    "lists it for other machine types only (%s)",
	    f->confidential == CONFIDENTIAL_SEV ? "AMD SEV" : "AMD SEV-SNP",
	    f->instance_type, o->source);
	return (-1);
}

static int
check_facts(const struct facts *f, char *err, size_t errlen)
{
	uint32_t	i;

	if (f->platform <= PLATFORM_NONE || f->platform >= PLATFORM_COUNT) {
		snprintf(err, errlen, "no platform given");
		return (-1);
	}
	if (f->confidential != CONFIDENTIAL_NONE &&
	    f->platform != PLATFORM_GCP) {
		snprintf(err, errlen, "a Confidential VM (%s) has queue rules "
		    "on gcp only", confidential_name(f->confidential));
		return (-1);
	}
	if (f->vcpus == 0) {
		snprintf(err, errlen, "vCPU count unknown");
		return (-1);
	}
	if (f->nnics == 0 || f->nnics > FACTS_NICS_MAX) {
		snprintf(err, errlen, "%u network interfaces: between 1 and %d "
		    "are supported", f->nnics, FACTS_NICS_MAX);
		return (-1);
	}
	for (i = 0; i < f->nnics; i++) {
		if (f->nics[i].nic <= NIC_NONE ||
		    f->nics[i].nic >= NIC_TYPE_COUNT) {
			snprintf(err, errlen, "en%u: no NIC type", i + 1);
			return (-1);
		}
		if (f->nics[i].io_queues > IO_QUEUES_MAX) {
			snprintf(err, errlen, "en%u: io-queues %u above %u",
			    i + 1, f->nics[i].io_queues, IO_QUEUES_MAX);
			return (-1);
		}
	}
	return (0);
}

/*
 * The Confidential VM cap for f, or NULL when f asks for none.  *applies
 * says whether Google states it for f's machine series; an unknown series
 * (no type given) is capped as if it were one of them.
 */
static const struct confidential_cap *
confidential_cap_for(const struct facts *f, bool *applies)
{
	const struct confidential_cap	*c;
	size_t				 i, j, len;

	*applies = false;
	if (f->confidential == CONFIDENTIAL_NONE)
		return (NULL);
	for (i = 0; i < confidential_caps_count; i++) {
		c = &confidential_caps[i];
		if (c->type != f->confidential)
			continue;
		if (f->instance_type == NULL) {
			*applies = true;
			return (c);
		}
		len = series_len(f->instance_type);
		for (j = 0; c->series[j] != NULL; j++)
			if (strlen(c->series[j]) == len &&
			    strncasecmp(f->instance_type, c->series[j],
			    len) == 0)
				*applies = true;
		return (c);
	}
	return (NULL);
}

/* "C2D and N2D" from a cap's series, for messages. */
static void
series_list(const struct confidential_cap *c, char *buf, size_t len)
{
	size_t	j, k, o = 0;

	buf[0] = '\0';
	for (j = 0; c->series[j] != NULL && o < len; j++) {
		if (j > 0)
			o += snprintf(buf + o, len - o, "%s",
			    c->series[j + 1] == NULL ? " and " : ", ");
		for (k = 0; c->series[j][k] != '\0' && o + 1 < len; k++)
			buf[o++] = (char)toupper((unsigned char)c->series[j][k]);
		buf[o] = '\0';
	}
}

int
policy_decide(const struct policy *p, const struct facts *f,
    struct decision *d, char *err, size_t errlen)
{
	const struct rule	*r;
	const struct confidential_cap *cvm;
	bool			 doubted[POLICY_RULES_MAX] = { false };
	bool			 cvm_applies;
	char			 series[64];
	uint32_t		 i, sum = 0, ncustom = 0;
	int			 ret = -1;

	memset(d, 0, sizeof(*d));
	if (errlen > 0)
		err[0] = '\0';
	if (check_facts(f, err, errlen) == -1)
		goto out;
	d->platform = f->platform;
	d->vcpus = f->vcpus;
	d->nnics = f->nnics;

	STEP(TRACE_INPUT, NULL, NULL, -1, "platform %s%s%s",
	    platform_name(f->platform), f->instance_type ? ", type " : "",
	    f->instance_type ? f->instance_type : "");
	STEP(TRACE_INPUT, NULL, f->vcpus_rule, f->vcpus_confirmed ? 1 : 0,
	    "%u %s", f->vcpus, plural(f->vcpus, "vCPU", "vCPUs"));
	STEP(TRACE_INPUT, NULL, NULL, -1, "%u network %s", f->nnics,
	    plural(f->nnics, "interface", "interfaces"));
	if ((cvm = confidential_cap_for(f, &cvm_applies)) != NULL) {
		series_list(cvm, series, sizeof(series));
		STEP(TRACE_INPUT, NULL, f->confidential_rule, -1,
		    "Confidential VM: %s",
		    f->confidential == CONFIDENTIAL_SEV ? "AMD SEV" :
		    "AMD SEV-SNP");
		if (f->instance_type == NULL)
			STEP(TRACE_NOTE, NULL, NULL, -1, "machine series "
			    "unknown: the Confidential VM cap of %u is applied "
			    "as on %s", cvm->cap, series);
		else if (!cvm_applies)
			STEP(TRACE_NOTE, NULL, NULL, -1, "Google states the "
			    "Confidential VM queue cap for %s only: none "
			    "applied to %s", series, f->instance_type);
		if (cvm->doubt != NULL)
			STEP(TRACE_NOTE, NULL, NULL, -1, "unconfirmed: %s",
			    cvm->doubt);
	}

	/*
	 * The CPUs left for queues after the application's reserve; at least
	 * one, since a NIC cannot run on no CPU.
	 */
	d->queue_cpus = f->vcpus;
	if (p->reserve_cpus > 0) {
		d->queue_cpus = p->reserve_cpus < f->vcpus ?
		    f->vcpus - p->reserve_cpus : 1;
		STEP(TRACE_RULE, NULL, p->reserve_origin, -1,
		    "reserve %u %s for the application: queues may use %u",
		    p->reserve_cpus, plural(p->reserve_cpus, "CPU", "CPUs"),
		    d->queue_cpus);
	}

	for (i = 0; i < f->nnics; i++) {
		if (policy_rule(p, f->platform, f->nics[i].nic) == NULL) {
			snprintf(err, errlen, "en%u: no queue rule for %s on %s",
			    i + 1, nic_type_name(f->nics[i].nic),
			    platform_name(f->platform));
			goto out;
		}
		if (f->nics[i].queue_count != 0) {
			sum += f->nics[i].queue_count;
			ncustom++;
		}
	}
	if (check_custom_sum(f, sum, ncustom, err, errlen) == -1)
		goto out;

	for (i = 0; i < f->nnics; i++) {
		const struct facts_nic	*fn = &f->nics[i];
		struct decision_nic	*dn = &d->nics[i];
		const char		*nic = nic_type_name(fn->nic);
		uint32_t		 q, max, io = 0, askedfor = 0;
		const char		*ifn = dn->ifname;

		snprintf(dn->ifname, sizeof(dn->ifname), "en%u", i + 1);
		r = policy_rule(p, f->platform, fn->nic);
		dn->nic = fn->nic;
		dn->guest = r->guest;
		STEP(TRACE_INPUT, ifn, NULL, -1, "NIC type %s", nic);

		if (fn->queue_count != 0) {
			/* A custom count replaces the default allocation. */
			max = r->custom_max;
			if (fn->nic == NIC_ENA && f->ena_max != 0)
				max = f->ena_max;
			if (max == 0) {
				snprintf(err, errlen, "%s: %s takes no custom "
				    "queue count", ifn, nic);
				goto out;
			}
			if (fn->queue_count > max || fn->queue_count >
			    f->vcpus) {
				snprintf(err, errlen, "%s: custom queue count "
				    "%u above the %s maximum of %u per NIC "
				    "(min of %u vCPUs and %u): the cloud "
				    "refuses it", ifn, fn->queue_count, nic,
				    max < f->vcpus ? max : f->vcpus, f->vcpus,
				    max);
				goto out;
			}
			if (cvm_applies && fn->queue_count > cvm->cap) {
				snprintf(err, errlen, "%s: custom queue count "
				    "%u above the Confidential VM maximum of %u "
				    "per vNIC: the cloud refuses it", ifn,
				    fn->queue_count, cvm->cap);
				goto out;
			}
			q = fn->queue_count;
			dn->custom = true;
			STEP(TRACE_RULE, ifn, r->source, r->confirmed,
			    "custom queue count (%s) %u, at most min(%u vCPUs, "
			    "%u) per NIC", custom_name(f->platform), q,
			    f->vcpus, max);
		} else if (r->share) {
			/* Only GCE checks the sum; a policy may share on AWS. */
			uint32_t	cpus = sum < f->vcpus ? f->vcpus - sum : 0;
			uint32_t	n = f->nnics - ncustom;
			char		div[16] = "";

			if (r->divisor > 1)
				snprintf(div, sizeof(div), " / %u", r->divisor);
			q = cpus / n / r->divisor;
			if (ncustom > 0)
				STEP(TRACE_RULE, ifn, r->source, r->confirmed,
				    "%s/%s default: (vCPUs - custom) / other NICs"
				    "%s = (%u - %u) / %u%s = %u (rounded down)",
				    platform_name(f->platform), nic, div,
				    f->vcpus, sum, n, div, q);
			else
				STEP(TRACE_RULE, ifn, r->source, r->confirmed,
				    "%s/%s default: vCPUs / NICs%s = %u / %u%s = "
				    "%u%s", platform_name(f->platform), nic, div,
				    f->vcpus, n, div, q,
				    cpus % (n * r->divisor) ? " (rounded down)" :
				    "");
		} else if (fn->nic == NIC_ENA && f->ena_default != 0) {
			const char	*basis = f->ena_basis != NULL ?
			    f->ena_basis : "published";

			q = f->ena_default;
			STEP(TRACE_RULE, ifn, f->ena_source,
			    strcmp(basis, "published") == 0,
			    "%s/%s default: ENA queues per interface = %u "
			    "(%s%s)", platform_name(f->platform), nic, q, basis,
			    strcmp(basis, "published") == 0 ?
			    " per-type figure" : strcmp(basis, "derived") == 0 ?
			    " from the catalog's network card" : "");
		} else if (fn->nic == NIC_ENA) {
			/* No type: never one per vCPU (cloud-rules.md 2.0). */
			q = POLICY_ENA_GUESS;
			STEP(TRACE_RULE, ifn, r->source, 0,
			    "%s/%s default: ENA queues per interface = %u "
			    "(guess: no instance type)",
			    platform_name(f->platform), nic, q);
		} else {
			q = f->vcpus / r->divisor;
			STEP(TRACE_RULE, ifn, r->source, r->confirmed,
			    "%s/%s default: one queue per vCPU%s = %u",
			    platform_name(f->platform), nic,
			    r->divisor > 1 ? " / divisor" : "", q);
		}
		if (r->origin[0] != '\0')
			STEP(TRACE_NOTE, ifn, NULL, -1, "rule changed by %s",
			    r->origin);
		if (r->doubt != NULL && !doubted[r - p->rules]) {
			doubted[r - p->rules] = true;
			STEP(TRACE_NOTE, ifn, NULL, -1, "unconfirmed: %s",
			    r->doubt);
		}
		if (!dn->custom) {
			if (q < r->min) {
				STEP(TRACE_CLAMP, ifn, NULL, -1, "%u raised to "
				    "the minimum of %u", q, r->min);
				q = r->min;
			}
			if (q > r->cap) {
				STEP(TRACE_CLAMP, ifn, NULL, -1, "%u capped at "
				    "%u (the %s/%s cap)", q, r->cap,
				    platform_name(f->platform), nic);
				q = r->cap;
			}
			if (cvm_applies && q > cvm->cap) {
				STEP(TRACE_CLAMP, ifn, cvm->source,
				    cvm->confirmed, "%u capped at %u (the "
				    "Confidential VM cap, %s on %s)", q,
				    cvm->cap, f->confidential ==
				    CONFIDENTIAL_SEV ? "AMD SEV" :
				    "AMD SEV-SNP", series);
				q = cvm->cap;
			}
		}
		dn->device_queues = q;
		STEP(TRACE_RESULT, ifn, NULL, -1, "the device exposes %u queue "
		    "%s", q, plural(q, "pair", "pairs"));

		if (fn->io_queues != 0) {
			askedfor = fn->io_queues;
			STEP(TRACE_INPUT, ifn, NULL, -1, "io-queues %u asked "
			    "for", askedfor);
		} else if (p->io_queues[i] != 0) {
			askedfor = p->io_queues[i];
			STEP(TRACE_INPUT, ifn, p->io_queues_origin[i], -1,
			    "io-queues %u fixed by the policy", askedfor);
		}

		switch (r->guest) {
		case GUEST_IO_QUEUES:
			if (askedfor != 0)
				io = askedfor;
			else {
				io = q < d->queue_cpus ? q : d->queue_cpus;
				STEP(TRACE_RULE, ifn, NULL, -1, "io-queues = "
				    "min(%u device, %u %s for queues) = %u", q,
				    d->queue_cpus, plural(d->queue_cpus, "CPU",
				    "CPUs"), io);
			}
			dn->io_queues = io;
			dn->queues = io_queues_clamp(io, q, f->vcpus);
			STEP(TRACE_CLAMP, ifn, r->guest_source, -1,
			    "guest driver: min(io-queues %u, device %u, CPUs "
			    "%u) = %u", io, q, f->vcpus, dn->queues);
			if (io > dn->queues)
				STEP(TRACE_NOTE, ifn, NULL, -1, "io-queues %u is "
				    "more than the guest can use: the driver "
				    "clamps it to %u at boot", io, dn->queues);
			break;
		case GUEST_AUTO:
			dn->queues = io_queues_clamp(0, q, f->vcpus);
			STEP(TRACE_CLAMP, ifn, r->guest_source, -1,
			    "guest driver: min(device %u, CPUs %u) = %u; "
			    "io-queues has no effect", q, f->vcpus,
			    dn->queues);
			if (p->reserve_cpus > 0)
				STEP(TRACE_NOTE, ifn, NULL, -1, "the CPU "
				    "reserve cannot apply: the %s driver "
				    "ignores io-queues", nic);
			break;
		case GUEST_SINGLE:
		default:
			dn->queues = 1;
			STEP(TRACE_CLAMP, ifn, r->guest_source, -1,
			    "guest driver: 1 queue pair; io-queues has no "
			    "effect");
			break;
		}
		if (askedfor != 0 && r->guest != GUEST_IO_QUEUES)
			STEP(TRACE_NOTE, ifn, NULL, -1, "io-queues %u is "
			    "ignored by the guest's %s driver: not written",
			    askedfor, nic);
		STEP(TRACE_RESULT, ifn, NULL, -1, "uses %u queue %s",
		    dn->queues, plural(dn->queues, "pair", "pairs"));
	}
	if (f->platform == PLATFORM_AWS && ncustom > 0 &&
	    policy_ena_check(f, d, false, err, errlen) == -1)
		goto out;
	ret = 0;
out:
	return (ret);
}
