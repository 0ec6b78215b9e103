#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "driver/io_queues.h"
#include "policy/policy.h"
#include "policy/rules.h"

/*
 * ENA queues per interface when no instance type gives a figure: the ENA
 * best practices' figure for most types (cloud-rules.md 2.1), a guess.
 */
#define POLICY_ENA_GUESS	8


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

/* How Google names a Confidential VM technology. */
static const char *
cvm_name(enum confidential c)
{
	return (c == CONFIDENTIAL_SEV ? "AMD SEV" : "AMD SEV-SNP");
}

/* GCE's exception to its custom-count sum rule, which mqplan cannot see. */
#define GCE_TIER_1	"every NIC is gVNIC with Tier_1 networking"

/*
 * The cloud's rules for custom counts across NICs: GCE takes at most the
 * vCPUs in all, and leaves each NIC on the default allocation at least one
 * queue (cloud-rules.md 1.3).  emitted: the counts are the device queues
 * --emit sets on every NIC (worded as such), not counts asked for.
 */
static int
check_custom_sum(const struct facts *f, uint32_t sum, uint32_t ncustom,
    bool emitted, char *err, size_t errlen)
{
	uint32_t	rest = f->nnics - ncustom;

	if (f->platform != PLATFORM_GCP || ncustom == 0)
		return (0);
	if (rest == 0 && sum > f->vcpus) {
		if (emitted)
			snprintf(err, errlen, "the queue counts sum to %u, "
			    "above the %u %s: GCE refuses custom queue counts "
			    "that do (unless " GCE_TIER_1 ")", sum, f->vcpus,
			    plural(f->vcpus, "vCPU", "vCPUs"));
		else
			snprintf(err, errlen, "custom queue counts sum to %u, "
			    "above the %u %s: GCE refuses this unless "
			    GCE_TIER_1, sum, f->vcpus,
			    plural(f->vcpus, "vCPU", "vCPUs"));
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

/*
 * The ENA queues of the interfaces on each network card, against the
 * card's MaximumEnaQueueCount.  A type whose cards are not known has
 * every interface on card 0.
 */
static int
card_sums(const struct facts *f, const struct decision *d, char *err,
    size_t errlen)
{
	uint32_t	sum[FACTS_NICS_MAX] = { 0 };
	uint32_t	i, card;

	if (f->ena_card_max == 0)
		return (0);
	for (i = 0; i < d->nnics; i++)
		if (d->nics[i].nic == NIC_ENA)
			sum[d->nics[i].at.card] += d->nics[i].device_queues;
	for (card = 0; card < d->nnics; card++) {
		if (sum[card] <= f->ena_card_max)
			continue;
		if (d->network_cards > 1)
			snprintf(err, errlen, "the ENA queues of the interfaces "
			    "on network card %u sum to %u, above its "
			    "MaximumEnaQueueCount of %u: AWS refuses it", card,
			    sum[card], f->ena_card_max);
		else
			snprintf(err, errlen, "the ENA queues of the interfaces "
			    "sum to %u, above the network card's "
			    "MaximumEnaQueueCount of %u: AWS refuses it",
			    sum[card], f->ena_card_max);
		return (-1);
	}
	return (0);
}

int
policy_ena_check(const struct facts *f, const struct decision *d, bool all,
    char *err, size_t errlen)
{
	uint32_t	i, q;

	for (i = 0; i < d->nnics; i++) {
		if (d->nics[i].nic != NIC_ENA)
			continue;
		q = d->nics[i].device_queues;
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
	return (card_sums(f, d, err, errlen));
}

/* AWS's rules for the EnaQueueCount of every interface, as --emit sets it. */
static int
check_emit_ena(const struct facts *f, const struct decision *d, char *err,
    size_t errlen, char *warn, size_t warnlen)
{
	const char	*type = f->instance_type ? f->instance_type :
			    "this type";
	uint32_t	 i;

	for (i = 0; i < d->nnics; i++) {
		if (d->nics[i].nic != NIC_ENA) {
			snprintf(err, errlen, "%s: EnaQueueCount applies to ENA "
			    "interfaces only, not %s", d->nics[i].ifname,
			    nic_type_name(d->nics[i].nic));
			return (-1);
		}
	}
	if (f->ena_flexible == ENA_FLEXIBLE_NO) {
		snprintf(err, errlen, "%s does not support flexible ENA queues "
		    "(FlexibleEnaQueuesSupport unsupported): AWS refuses "
		    "EnaQueueCount", type);
		return (-1);
	}
	if (policy_ena_check(f, d, true, err, errlen) == -1)
		return (-1);
	if (f->ena_flexible != ENA_FLEXIBLE_YES)
		snprintf(warn, warnlen, "not known whether %s supports "
		    "flexible ENA queues; AWS refuses EnaQueueCount where it "
		    "does not", type);
	return (0);
}

int
policy_check_emit(const struct facts *f, const struct decision *d,
    char *err, size_t errlen, char *warn, size_t warnlen)
{
	uint32_t	i, sum = 0;

	if (warnlen > 0)
		warn[0] = '\0';
	switch (f->platform) {
	case PLATFORM_GCP:
		for (i = 0; i < d->nnics; i++)
			sum += d->nics[i].device_queues;
		return (check_custom_sum(f, sum, d->nnics, true, err,
		    errlen));
	case PLATFORM_AWS:
		return (check_emit_ena(f, d, err, errlen, warn, warnlen));
	default:
		return (0);
	}
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
	    cvm_name(f->confidential), f->instance_type, o->source);
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

/*
 * One decision in the making: what each step of policy_decide() reads,
 * and the decision and message it fills.
 */
struct decide {
	const struct policy		*p;
	const struct facts		*f;
	struct decision			*d;
	/* The Confidential VM's cap, or NULL when none is asked for. */
	const struct confidential_cap	*cvm;
	bool				 cvm_applies;	/* to this series */
	char				 series[64];	/* "C2D and N2D" */
	uint32_t			 sum;		/* of custom counts */
	uint32_t			 ncustom;	/* NICs with one */
	/* The rules whose doubt the trace has told. */
	bool				 doubted[POLICY_RULES_MAX];
	char				*err;
	size_t				 errlen;
};

static int	step(struct decide *, enum trace_kind, const char *,
		    const char *, int, const char *, ...)
		    __attribute__((format(printf, 6, 7)));

/*
 * Adds a step to the decision's trace.  Returns 0, or -1 with err set
 * when memory runs out; each caller checks it and stops.
 */
static int
step(struct decide *c, enum trace_kind kind, const char *ifname,
    const char *source, int confirmed, const char *fmt, ...)
{
	va_list	ap;
	int	rc;

	va_start(ap, fmt);
	rc = trace_vadd(&c->d->trace, kind, ifname, source, confirmed, fmt,
	    ap);
	va_end(ap);
	if (rc == -1)
		snprintf(c->err, c->errlen, "out of memory");
	return (rc);
}

/* The machine: platform and type, vCPUs, interfaces. */
static int
machine_inputs(struct decide *c)
{
	const struct facts	*f = c->f;

	if (step(c, TRACE_INPUT, NULL, NULL, -1, "platform %s%s%s",
	    platform_name(f->platform), f->instance_type ? ", type " : "",
	    f->instance_type ? f->instance_type : "") == -1 ||
	    step(c, TRACE_INPUT, NULL, f->vcpus_rule,
	    f->vcpus_confirmed ? 1 : 0, "%u %s", f->vcpus,
	    plural(f->vcpus, "vCPU", "vCPUs")) == -1 ||
	    step(c, TRACE_INPUT, NULL, NULL, -1, "%u network %s", f->nnics,
	    plural(f->nnics, "interface", "interfaces")) == -1)
		return (-1);
	return (0);
}

/*
 * The Confidential VM asked for, and whether its queue cap applies: on
 * the series Google states it for, and on an unknown series.
 */
static int
confidential_inputs(struct decide *c)
{
	const struct facts	*f = c->f;
	int			 rc = 0;

	if ((c->cvm = confidential_cap_for(f, &c->cvm_applies)) == NULL)
		return (0);
	series_list(c->cvm, c->series, sizeof(c->series));
	if (step(c, TRACE_INPUT, NULL, f->confidential_rule, -1,
	    "Confidential VM: %s", cvm_name(f->confidential)) == -1)
		return (-1);
	if (f->instance_type == NULL)
		rc = step(c, TRACE_NOTE, NULL, NULL, -1, "machine series "
		    "unknown: the Confidential VM cap of %u is applied as on "
		    "%s", c->cvm->cap, c->series);
	else if (!c->cvm_applies)
		rc = step(c, TRACE_NOTE, NULL, NULL, -1, "Google states the "
		    "Confidential VM queue cap for %s only: none applied to "
		    "%s", c->series, f->instance_type);
	if (rc == 0 && c->cvm->doubt != NULL)
		rc = step(c, TRACE_NOTE, NULL, NULL, -1, "unconfirmed: %s",
		    c->cvm->doubt);
	return (rc);
}

/*
 * The CPUs left for queues after the application's reserve; at least
 * one, since a NIC cannot run on no CPU.
 */
static int
cpu_reserve(struct decide *c)
{
	const struct policy	*p = c->p;
	uint32_t		 vcpus = c->f->vcpus;

	c->d->queue_cpus = vcpus;
	if (p->reserve_cpus == 0)
		return (0);
	c->d->queue_cpus = p->reserve_cpus < vcpus ?
	    vcpus - p->reserve_cpus : 1;
	return (step(c, TRACE_RULE, NULL, p->reserve_origin, -1,
	    "reserve %u %s for the application: queues may use %u",
	    p->reserve_cpus, plural(p->reserve_cpus, "CPU", "CPUs"),
	    c->d->queue_cpus));
}

/* Every interface's NIC type has a rule on the platform. */
static int
rules_known(struct decide *c)
{
	const struct facts	*f = c->f;
	uint32_t		 i;

	for (i = 0; i < f->nnics; i++) {
		if (policy_rule(c->p, f->platform, f->nics[i].nic) == NULL) {
			snprintf(c->err, c->errlen, "en%u: no queue rule for "
			    "%s on %s", i + 1, nic_type_name(f->nics[i].nic),
			    platform_name(f->platform));
			return (-1);
		}
	}
	return (0);
}

/* The custom counts asked for, across NICs: the cloud's sum rule. */
static int
custom_sum(struct decide *c)
{
	const struct facts	*f = c->f;
	uint32_t		 i;

	for (i = 0; i < f->nnics; i++) {
		if (f->nics[i].queue_count != 0) {
			c->sum += f->nics[i].queue_count;
			c->ncustom++;
		}
	}
	return (check_custom_sum(f, c->sum, c->ncustom, false, c->err,
	    c->errlen));
}

/*
 * A custom count (GCE queueCount, AWS EnaQueueCount) replaces the
 * default allocation, if the cloud takes it for this NIC: at most the
 * rule's (or the type's ENA) maximum, the vCPUs and the Confidential VM
 * cap.
 */
static int
custom_queues(struct decide *c, struct decision_nic *dn,
    const struct rule *r, uint32_t count, uint32_t *q)
{
	const struct facts	*f = c->f;
	const char		*nic = nic_type_name(dn->nic);
	uint32_t		 max = r->custom_max;

	if (dn->nic == NIC_ENA && f->ena_max != 0)
		max = f->ena_max;
	if (max == 0) {
		snprintf(c->err, c->errlen, "%s: %s takes no custom queue "
		    "count", dn->ifname, nic);
		return (-1);
	}
	if (count > max || count > f->vcpus) {
		snprintf(c->err, c->errlen, "%s: custom queue count %u above "
		    "the %s maximum of %u per NIC (min of %u vCPUs and %u): "
		    "the cloud refuses it", dn->ifname, count, nic,
		    max < f->vcpus ? max : f->vcpus, f->vcpus, max);
		return (-1);
	}
	if (c->cvm_applies && count > c->cvm->cap) {
		snprintf(c->err, c->errlen, "%s: custom queue count %u above "
		    "the Confidential VM maximum of %u per vNIC: the cloud "
		    "refuses it", dn->ifname, count, c->cvm->cap);
		return (-1);
	}
	*q = count;
	dn->custom = true;
	return (step(c, TRACE_RULE, dn->ifname, r->source, r->confirmed,
	    "custom queue count (%s) %u, at most min(%u vCPUs, %u) per NIC",
	    custom_name(f->platform), count, f->vcpus, max));
}

/*
 * GCE's default: the vCPUs the custom counts leave, shared among the
 * other NICs, then divided.  Only GCE checks the sum; a policy may share
 * on AWS too.
 */
static int
default_shared(struct decide *c, struct decision_nic *dn,
    const struct rule *r, uint32_t *q)
{
	const struct facts	*f = c->f;
	const char		*plat = platform_name(f->platform);
	const char		*nic = nic_type_name(dn->nic);
	uint32_t		 cpus = c->sum < f->vcpus ? f->vcpus - c->sum : 0;
	uint32_t		 n = f->nnics - c->ncustom;
	char			 div[16] = "";

	if (r->divisor > 1)
		snprintf(div, sizeof(div), " / %u", r->divisor);
	*q = cpus / n / r->divisor;
	if (c->ncustom > 0)
		return (step(c, TRACE_RULE, dn->ifname, r->source,
		    r->confirmed, "%s/%s default: (vCPUs - custom) / other "
		    "NICs%s = (%u - %u) / %u%s = %u (rounded down)", plat, nic,
		    div, f->vcpus, c->sum, n, div, *q));
	return (step(c, TRACE_RULE, dn->ifname, r->source, r->confirmed,
	    "%s/%s default: vCPUs / NICs%s = %u / %u%s = %u%s", plat, nic,
	    div, f->vcpus, n, div, *q,
	    cpus % (n * r->divisor) ? " (rounded down)" : ""));
}

/*
 * AWS's default for ENA: the type's figure, published or derived; with
 * no type, a guess, never one per vCPU (cloud-rules.md 2.0).
 */
static int
default_ena(struct decide *c, struct decision_nic *dn, const struct rule *r,
    uint32_t *q)
{
	const struct facts	*f = c->f;
	const char		*plat = platform_name(f->platform);
	const char		*basis = f->ena_basis ? f->ena_basis :
				    "published";
	bool			 published = strcmp(basis, "published") == 0;

	if (f->ena_default == 0) {
		*q = POLICY_ENA_GUESS;
		return (step(c, TRACE_RULE, dn->ifname, r->source, 0,
		    "%s/%s default: ENA queues per interface = %u (guess: no "
		    "instance type)", plat, nic_type_name(dn->nic), *q));
	}
	*q = f->ena_default;
	return (step(c, TRACE_RULE, dn->ifname, f->ena_source, published,
	    "%s/%s default: ENA queues per interface = %u (%s%s)", plat,
	    nic_type_name(dn->nic), *q, basis, published ? " per-type figure" :
	    strcmp(basis, "derived") == 0 ? " from the catalog's network card" :
	    ""));
}

/* Any other NIC type: one queue per vCPU, divided. */
static int
default_per_vcpu(struct decide *c, struct decision_nic *dn,
    const struct rule *r, uint32_t *q)
{
	const struct facts	*f = c->f;

	*q = f->vcpus / r->divisor;
	return (step(c, TRACE_RULE, dn->ifname, r->source, r->confirmed,
	    "%s/%s default: one queue per vCPU%s = %u",
	    platform_name(f->platform), nic_type_name(dn->nic),
	    r->divisor > 1 ? " / divisor" : "", *q));
}

/* What the trace says about the rule itself, its doubt once per rule. */
static int
rule_notes(struct decide *c, const char *ifn, const struct rule *r)
{
	size_t	ri = (size_t)(r - c->p->rules);

	if (r->origin[0] != '\0' && step(c, TRACE_NOTE, ifn, NULL, -1,
	    "rule changed by %s", r->origin) == -1)
		return (-1);
	if (r->doubt != NULL && !c->doubted[ri]) {
		c->doubted[ri] = true;
		return (step(c, TRACE_NOTE, ifn, NULL, -1, "unconfirmed: %s",
		    r->doubt));
	}
	return (0);
}

/*
 * The bounds on a default allocation: the rule's minimum and cap, then
 * the Confidential VM cap where it applies.  A custom count was held to
 * its own bounds instead (custom_queues()).
 */
static int
device_limits(struct decide *c, const struct decision_nic *dn,
    const struct rule *r, uint32_t *q)
{
	const struct facts	*f = c->f;

	if (*q < r->min) {
		if (step(c, TRACE_CLAMP, dn->ifname, NULL, -1, "%u raised to "
		    "the minimum of %u", *q, r->min) == -1)
			return (-1);
		*q = r->min;
	}
	if (*q > r->cap) {
		if (step(c, TRACE_CLAMP, dn->ifname, NULL, -1, "%u capped at "
		    "%u (the %s/%s cap)", *q, r->cap,
		    platform_name(f->platform), nic_type_name(dn->nic)) == -1)
			return (-1);
		*q = r->cap;
	}
	if (c->cvm_applies && *q > c->cvm->cap) {
		if (step(c, TRACE_CLAMP, dn->ifname, c->cvm->source,
		    c->cvm->confirmed, "%u capped at %u (the Confidential VM "
		    "cap, %s on %s)", *q, c->cvm->cap,
		    cvm_name(f->confidential), c->series) == -1)
			return (-1);
		*q = c->cvm->cap;
	}
	return (0);
}

/*
 * The queue pairs the cloud's device exposes: a custom count, or the
 * default allocation for the NIC type within its bounds.
 */
static int
device_queues(struct decide *c, const struct facts_nic *fn,
    struct decision_nic *dn, const struct rule *r)
{
	uint32_t	q;
	int		rc;

	if (fn->queue_count != 0)
		rc = custom_queues(c, dn, r, fn->queue_count, &q);
	else if (r->share)
		rc = default_shared(c, dn, r, &q);
	else if (dn->nic == NIC_ENA)
		rc = default_ena(c, dn, r, &q);
	else
		rc = default_per_vcpu(c, dn, r, &q);
	if (rc == -1 || rule_notes(c, dn->ifname, r) == -1 ||
	    (!dn->custom && device_limits(c, dn, r, &q) == -1))
		return (-1);
	dn->device_queues = q;
	return (step(c, TRACE_RESULT, dn->ifname, NULL, -1, "the device "
	    "exposes %u queue %s", q, plural(q, "pair", "pairs")));
}

/*
 * The io-queues asked for: by the facts (a flag or the config), else
 * fixed by the policy; *asked is 0 when neither.
 */
static int
asked_io_queues(struct decide *c, const struct decision_nic *dn,
    uint32_t *asked)
{
	size_t	i = (size_t)(dn - c->d->nics);

	*asked = c->f->nics[i].io_queues;
	if (*asked != 0)
		return (step(c, TRACE_INPUT, dn->ifname, NULL, -1, "io-queues "
		    "%u asked for", *asked));
	*asked = c->p->io_queues[i];
	if (*asked != 0)
		return (step(c, TRACE_INPUT, dn->ifname,
		    c->p->io_queues_origin[i], -1, "io-queues %u fixed by the "
		    "policy", *asked));
	return (0);
}

/*
 * GUEST_IO_QUEUES: the driver takes io-queues (by default the device's
 * queues, within the CPUs the reserve leaves) and clamps it as
 * driver/io_queues.h does at boot.
 */
static int
guest_io_queues(struct decide *c, struct decision_nic *dn,
    const struct rule *r, uint32_t asked)
{
	uint32_t	q = dn->device_queues, cpus = c->d->queue_cpus;
	uint32_t	io = asked;

	if (io == 0) {
		io = q < cpus ? q : cpus;
		if (step(c, TRACE_RULE, dn->ifname, NULL, -1, "io-queues = "
		    "min(%u device, %u %s for queues) = %u", q, cpus,
		    plural(cpus, "CPU", "CPUs"), io) == -1)
			return (-1);
	}
	dn->io_queues = io;
	dn->queues = io_queues_clamp(io, q, c->f->vcpus);
	if (step(c, TRACE_CLAMP, dn->ifname, r->guest_source, -1, "guest "
	    "driver: min(io-queues %u, device %u, CPUs %u) = %u", io, q,
	    c->f->vcpus, dn->queues) == -1)
		return (-1);
	if (io > dn->queues)
		return (step(c, TRACE_NOTE, dn->ifname, NULL, -1, "io-queues "
		    "%u is more than the guest can use: the driver clamps it "
		    "to %u at boot", io, dn->queues));
	return (0);
}

/* GUEST_AUTO: the driver uses what the device and CPUs allow. */
static int
guest_auto(struct decide *c, struct decision_nic *dn, const struct rule *r)
{
	uint32_t	q = dn->device_queues, vcpus = c->f->vcpus;

	dn->queues = io_queues_clamp(0, q, vcpus);
	if (step(c, TRACE_CLAMP, dn->ifname, r->guest_source, -1, "guest "
	    "driver: min(device %u, CPUs %u) = %u; io-queues has no effect",
	    q, vcpus, dn->queues) == -1)
		return (-1);
	if (c->p->reserve_cpus > 0)
		return (step(c, TRACE_NOTE, dn->ifname, NULL, -1, "the CPU "
		    "reserve cannot apply: the %s driver ignores io-queues",
		    nic_type_name(dn->nic)));
	return (0);
}

/* GUEST_SINGLE: one pair, whatever the device offers. */
static int
guest_single(struct decide *c, struct decision_nic *dn,
    const struct rule *r)
{
	dn->queues = 1;
	return (step(c, TRACE_CLAMP, dn->ifname, r->guest_source, -1,
	    "guest driver: 1 queue pair; io-queues has no effect"));
}

/* The guest's clamp: the pairs its driver for the NIC type will use. */
static int
guest_clamp(struct decide *c, struct decision_nic *dn, const struct rule *r)
{
	uint32_t	asked;
	int		rc;

	if (asked_io_queues(c, dn, &asked) == -1)
		return (-1);
	switch (r->guest) {
	case GUEST_IO_QUEUES:
		rc = guest_io_queues(c, dn, r, asked);
		break;
	case GUEST_AUTO:
		rc = guest_auto(c, dn, r);
		break;
	case GUEST_SINGLE:
	default:
		rc = guest_single(c, dn, r);
		break;
	}
	if (rc == 0 && asked != 0 && r->guest != GUEST_IO_QUEUES)
		rc = step(c, TRACE_NOTE, dn->ifname, NULL, -1, "io-queues %u "
		    "is ignored by the guest's %s driver: not written", asked,
		    nic_type_name(dn->nic));
	if (rc == 0)
		rc = step(c, TRACE_RESULT, dn->ifname, NULL, -1, "uses %u "
		    "queue %s", dn->queues, plural(dn->queues, "pair",
		    "pairs"));
	return (rc);
}

/* Interface i: the cloud's device queues, then the guest's clamp. */
static int
decide_nic(struct decide *c, uint32_t i)
{
	struct decision_nic	*dn = &c->d->nics[i];
	const struct rule	*r;

	snprintf(dn->ifname, sizeof(dn->ifname), "en%u", i + 1);
	dn->nic = c->f->nics[i].nic;
	r = policy_rule(c->p, c->f->platform, dn->nic);
	dn->guest = r->guest;
	if (step(c, TRACE_INPUT, dn->ifname, NULL, -1, "NIC type %s",
	    nic_type_name(dn->nic)) == -1 ||
	    (c->d->network_cards > 1 && step(c, TRACE_INPUT, dn->ifname,
	    NULL, -1, "network card %u, device index %u", dn->at.card,
	    dn->at.device) == -1) ||
	    device_queues(c, &c->f->nics[i], dn, r) == -1 ||
	    guest_clamp(c, dn, r) == -1)
		return (-1);
	return (0);
}

/*
 * AWS: the network card and device index of every interface, decided
 * before the interfaces are; told on types with several cards only (on
 * the others all sit on card 0, where they go without NetworkCardIndex).
 */
static int
place_cards(struct decide *c)
{
	const struct facts	*f = c->f;
	struct placement	 at[FACTS_NICS_MAX];
	uint32_t		 i;

	if (placement_assign(f->nnics, f->network_cards, f->card_max_nics, at,
	    c->err, c->errlen) == -1)
		return (-1);
	c->d->network_cards = f->network_cards;
	for (i = 0; i < f->nnics; i++)
		c->d->nics[i].at = at[i];
	if (f->network_cards < 2)
		return (0);
	if (step(c, TRACE_RULE, NULL, placement_source,
	    f->nnics <= f->network_cards, "%u network cards of at most %u "
	    "interfaces: the interfaces take them in turn", f->network_cards,
	    f->card_max_nics) == -1)
		return (-1);
	if (f->nnics <= f->network_cards)
		return (0);
	return (step(c, TRACE_NOTE, NULL, NULL, -1, "unconfirmed: AWS's guide "
	    "stops at one interface per card; the next round starts again at "
	    "card 0, with each card's next device index"));
}

/*
 * The rule table, applied in order: the facts complete; the machine, its
 * Confidential VM and CPU reserve; a rule for every NIC and the custom
 * counts' sum; on AWS each interface's network card; then per interface
 * the device's queues (custom count or default allocation, rule bounds,
 * Confidential VM cap) and the guest's clamp; last, AWS's EnaQueueCount
 * rules on the custom counts.
 */
int
policy_decide(const struct policy *p, const struct facts *f,
    struct decision *d, char *err, size_t errlen)
{
	struct decide	c = { .p = p, .f = f, .d = d, .err = err,
			    .errlen = errlen };
	uint32_t	i;
	int		ret = -1;

	memset(d, 0, sizeof(*d));
	if (errlen > 0)
		err[0] = '\0';
	if (check_facts(f, err, errlen) == -1)
		goto out;
	d->platform = f->platform;
	d->vcpus = f->vcpus;
	d->nnics = f->nnics;

	if (machine_inputs(&c) == -1 ||
	    confidential_inputs(&c) == -1 ||
	    cpu_reserve(&c) == -1 ||
	    rules_known(&c) == -1 ||
	    custom_sum(&c) == -1 ||
	    (f->platform == PLATFORM_AWS && place_cards(&c) == -1))
		goto out;
	for (i = 0; i < f->nnics; i++)
		if (decide_nic(&c, i) == -1)
			goto out;
	if (f->platform == PLATFORM_AWS && c.ncustom > 0 &&
	    policy_ena_check(f, d, false, err, errlen) == -1)
		goto out;
	ret = 0;
out:
	return (ret);
}
