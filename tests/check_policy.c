/*
 * The rule engine on bare facts, the guest clamp shared with the driver,
 * and the YAML policy file: values, and errors that name file:line:col.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "driver/io_queues.h"
#include "manifest/file.h"
#include "policy/policy.h"
#include "policy/rules.h"
#include "tests/check_main.h"

/* As cli/ does: open the file (regular files only), then load it. */
static int
load(struct policy *p, const char *path, char *err, size_t errlen)
{
	int	fd, rc;

	if ((fd = file_open_regular(path, err, errlen)) == -1)
		return (-1);
	rc = policy_load(p, fd, path, err, errlen);
	close(fd);
	return (rc);
}

#define DATA	TEST_DATA "/policy/"

static void
one_machine(struct facts *f, enum platform plat, uint32_t vcpus,
    uint32_t nnics, enum nic_type nic)
{
	uint32_t	i;

	facts_init(f);
	f->platform = plat;
	f->vcpus = vcpus;
	f->nnics = nnics;
	for (i = 0; i < nnics; i++)
		f->nics[i].nic = nic;
}

/* True if some step of the trace contains text. */
static bool
traced(const struct decision *d, const char *text)
{
	size_t	i;

	for (i = 0; i < d->trace.nsteps; i++)
		if (strstr(d->trace.steps[i].text, text) != NULL)
			return (true);
	return (false);
}

START_TEST(test_clamp)
{
	ck_assert_uint_eq(io_queues_clamp(0, 8, 4), 4);
	ck_assert_uint_eq(io_queues_clamp(0, 2, 4), 2);
	ck_assert_uint_eq(io_queues_clamp(3, 8, 4), 3);
	ck_assert_uint_eq(io_queues_clamp(16, 8, 32), 8);
	ck_assert_uint_eq(io_queues_clamp(16, 8, 2), 2);
	ck_assert_uint_eq(io_queues_clamp(1, 1, 1), 1);
	ck_assert_uint_eq(io_queues_clamp(4, 0, 4), 0);
	ck_assert_uint_eq(io_queues_clamp(4, 4, 0), 0);
}
END_TEST

START_TEST(test_parse)
{
	static const struct {
		const char	*s;
		bool		 ok;
		uint32_t	 v;
	} t[] = {
		{ "1", true, 1 }, { "2", true, 2 }, { "32768", true, 32768 },
		{ "0002", true, 2 }, { "0", false, 0 }, { "-1", false, 0 },
		{ "4abc", false, 0 }, { "4.5", false, 0 }, { "", false, 0 },
		{ " 4", false, 0 }, { "4 ", false, 0 }, { "+4", false, 0 },
		{ "32769", false, 0 }, { "99999999999999999999", false, 0 },
		{ "0x10", false, 0 },
	};
	uint32_t	v;
	size_t		i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		v = 12345;
		ck_assert_msg(io_queues_parse(t[i].s, &v) == t[i].ok,
		    "'%s'", t[i].s);
		ck_assert_uint_eq(v, t[i].ok ? t[i].v : 12345);
	}
	ck_assert(!io_queues_parse(NULL, &v));
}
END_TEST

START_TEST(test_explain_arithmetic)
{
	struct policy	p;
	struct facts	f;
	struct decision	d;
	char		err[256];
	size_t		i;

	policy_init(&p);
	one_machine(&f, PLATFORM_GCP, 32, 2, NIC_GVNIC);
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	ck_assert(traced(&d, "32 / 2 / 2 = 8"));
	ck_assert_uint_eq(d.nics[1].device_queues, 8);
	decision_release(&d);

	one_machine(&f, PLATFORM_GCP, 32, 2, NIC_VIRTIO_NET);
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	ck_assert(traced(&d, "32 / 2 = 16"));
	decision_release(&d);

	/* No type: ENA guesses 8 per interface, never one per vCPU. */
	one_machine(&f, PLATFORM_AWS, 72, 1, NIC_ENA);
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	ck_assert(traced(&d, "ENA queues per interface = 8 (guess"));
	ck_assert_uint_eq(d.nics[0].device_queues, 8);
	ck_assert_uint_eq(d.nics[0].queues, 8);
	decision_release(&d);

	/* A derived figure says so; the guest still clamps to its CPUs. */
	one_machine(&f, PLATFORM_AWS, 2, 1, NIC_ENA);
	f.ena_default = 8;
	f.ena_basis = "derived";
	f.ena_source = "catalog x.json: floor(24 / 3)";
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	ck_assert(traced(&d, "= 8 (derived from the catalog's network card)"));
	for (i = 0; i < d.trace.nsteps; i++)
		if (strstr(d.trace.steps[i].text, "(derived") != NULL)
			break;
	ck_assert_uint_lt(i, d.trace.nsteps);
	ck_assert_str_eq(d.trace.steps[i].source, f.ena_source);
	ck_assert_int_eq(d.trace.steps[i].confirmed, 0);
	ck_assert_uint_eq(d.nics[0].device_queues, 8);
	ck_assert_uint_eq(d.nics[0].queues, 2);
	decision_release(&d);
}
END_TEST

/* AWS's rules for EnaQueueCount, as the cloud applies them. */
START_TEST(test_ena_count_rules)
{
	struct policy	p;
	struct facts	f;
	struct decision	d;
	char		err[256];

	policy_init(&p);

	/* A power of two, or AWS refuses it. */
	one_machine(&f, PLATFORM_AWS, 16, 1, NIC_ENA);
	f.nics[0].queue_count = 6;
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "EnaQueueCount 6 is not a power "
	    "of two"));
	decision_release(&d);

	/* At most the per-interface maximum. */
	one_machine(&f, PLATFORM_AWS, 16, 1, NIC_ENA);
	f.ena_default = 8;
	f.ena_max = 16;
	f.nics[0].queue_count = 16;
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	ck_assert_uint_eq(d.nics[0].device_queues, 16);
	decision_release(&d);

	/* The network card's MaximumEnaQueueCount bounds the sum. */
	one_machine(&f, PLATFORM_AWS, 16, 2, NIC_ENA);
	f.ena_default = 8;
	f.ena_max = 16;
	f.ena_card_max = 16;
	f.nics[0].queue_count = 16;
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "sum to 24"));
	ck_assert_ptr_nonnull(strstr(err, "MaximumEnaQueueCount of 16"));
	decision_release(&d);
	f.nics[0].queue_count = 16;
	f.ena_card_max = 32;
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	decision_release(&d);

	/* --emit aws-cli sets every count: the defaults are checked too. */
	one_machine(&f, PLATFORM_AWS, 4, 1, NIC_ENA);
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	ck_assert_uint_eq(d.nics[0].device_queues, 8);
	ck_assert_int_eq(policy_ena_check(&f, &d, false, err, sizeof(err)),
	    0);
	ck_assert_int_eq(policy_ena_check(&f, &d, true, err, sizeof(err)),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "above the 4 vCPUs"));
	decision_release(&d);
}
END_TEST

/*
 * AWS's guide to several network cards: the primary on card 0 at device
 * index 0, each next interface on the next unused card at device index 1,
 * then round again; on a type whose cards are not known, all on card 0.
 */
START_TEST(test_placement)
{
	static const struct placement	spread[5] = {
		{ 0, 0 }, { 1, 1 }, { 2, 1 }, { 0, 1 }, { 1, 2 } };
	struct placement		at[FACTS_NICS_MAX];
	char				err[128];
	uint32_t			i;

	ck_assert_int_eq(placement_assign(5, 3, 2, at, err, sizeof(err)), 0);
	for (i = 0; i < 5; i++) {
		ck_assert_uint_eq(at[i].card, spread[i].card);
		ck_assert_uint_eq(at[i].device, spread[i].device);
	}
	ck_assert_int_eq(placement_assign(3, 0, 0, at, err, sizeof(err)), 0);
	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(at[i].card, 0);
		ck_assert_uint_eq(at[i].device, i);
	}
	ck_assert_int_eq(placement_assign(3, 1, 3, at, err, sizeof(err)), 0);
	ck_assert_uint_eq(at[2].card, 0);
	ck_assert_uint_eq(at[2].device, 2);

	/* More than the cards hold. */
	ck_assert_int_eq(placement_assign(7, 3, 2, at, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "7 network interfaces do not fit on 3 network "
	    "cards of 2 each");
}
END_TEST

/*
 * The ENA queue sum is per network card: four interfaces of 32 on two
 * cards of 64 fit, five do not (card 0 takes three); with the cards not
 * known all sit on card 0 and three already do not fit.
 */
START_TEST(test_card_ena_sums)
{
	struct policy	p;
	struct facts	f;
	struct decision	d;
	char		err[256];
	uint32_t	i;

	policy_init(&p);
	one_machine(&f, PLATFORM_AWS, 128, 4, NIC_ENA);
	f.ena_default = 32;
	f.ena_max = 32;
	f.ena_card_max = 64;
	f.network_cards = 2;
	f.card_max_nics = 8;
	for (i = 0; i < FACTS_NICS_MAX; i++)
		f.nics[i].queue_count = 32;
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	ck_assert_uint_eq(d.network_cards, 2);
	ck_assert_uint_eq(d.nics[1].at.card, 1);
	ck_assert_uint_eq(d.nics[1].at.device, 1);
	ck_assert(traced(&d, "2 network cards of at most 8 interfaces"));
	ck_assert(traced(&d, "network card 1, device index 2"));
	decision_release(&d);

	f.nnics = 5;
	f.nics[4].nic = NIC_ENA;
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "the ENA queues of the interfaces on network "
	    "card 0 sum to 96, above its MaximumEnaQueueCount of 64: AWS "
	    "refuses it");
	decision_release(&d);

	f.nnics = 3;
	f.network_cards = 0;
	f.card_max_nics = 0;
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "sum to 96"));
	ck_assert(!traced(&d, "network card"));
	decision_release(&d);

	/* A count of interfaces the cards cannot hold is refused. */
	f.nnics = 5;
	f.network_cards = 2;
	f.card_max_nics = 2;
	f.ena_card_max = 0;
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "5 network interfaces do not fit on 2 network "
	    "cards of 2 each");
	decision_release(&d);
}
END_TEST

START_TEST(test_sources_in_trace)
{
	struct policy	p;
	struct facts	f;
	struct decision	d;
	char		err[256];
	size_t		i;
	bool		confirmed_rule = false;

	policy_init(&p);
	one_machine(&f, PLATFORM_GCP, 16, 1, NIC_VIRTIO_NET);
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	/* Google's own text states the formula: the rule step is confirmed. */
	for (i = 0; i < d.trace.nsteps; i++)
		if (d.trace.steps[i].kind == TRACE_RULE &&
		    d.trace.steps[i].source != NULL &&
		    d.trace.steps[i].confirmed == 1 &&
		    strstr(d.trace.steps[i].source, "min(floor(#vCPU / #vNIC), "
		    "32)") != NULL)
			confirmed_rule = true;
	ck_assert(confirmed_rule);
	/* What it does not state stays marked. */
	ck_assert(traced(&d, "unconfirmed: the minimum of 1 is not in "
	    "Google's text"));
	ck_assert(traced(&d, "per NIC or a sum over NICs"));
	decision_release(&d);
}
END_TEST

/* GCE Confidential VM: the cap of 8 and where Google states it. */
struct cvm_case {
	const char		*type;		/* NULL: series unknown */
	enum nic_type		 nic;
	enum confidential	 cvm;
	uint32_t		 vcpus;
	uint32_t		 qc;		/* custom count of en1 */
	int			 rc;
	uint32_t		 device;
	const char		*traced;	/* a step that must be there */
};

static const struct cvm_case cvm_cases[] = {
	{ "n2d-standard-32", NIC_VIRTIO_NET, CONFIDENTIAL_SEV, 32, 0, 0, 8,
	    "32 capped at 8 (the Confidential VM cap, AMD SEV on C2D and N2D)" },
	{ "c2d-standard-112", NIC_GVNIC, CONFIDENTIAL_SEV, 112, 0, 0, 8,
	    "16 capped at 8 (the Confidential VM cap" },
	{ "n2d-standard-8", NIC_VIRTIO_NET, CONFIDENTIAL_SEV, 8, 0, 0, 8,
	    "Confidential VM: AMD SEV" },
	{ "n2d-standard-4", NIC_VIRTIO_NET, CONFIDENTIAL_SEV, 4, 0, 0, 4,
	    "Confidential VM: AMD SEV" },
	{ "n2d-standard-32", NIC_VIRTIO_NET, CONFIDENTIAL_SEV_SNP, 32, 0, 0, 8,
	    "AMD SEV-SNP on N2D" },
	{ "c2d-standard-32", NIC_VIRTIO_NET, CONFIDENTIAL_SEV_SNP, 32, 0, 0,
	    32, "for N2D only: none applied to c2d-standard-32" },
	{ "n2-standard-32", NIC_VIRTIO_NET, CONFIDENTIAL_SEV, 32, 0, 0, 32,
	    "for C2D and N2D only" },
	{ NULL, NIC_VIRTIO_NET, CONFIDENTIAL_SEV, 32, 0, 0, 8,
	    "machine series unknown" },
	{ "n2d-standard-32", NIC_VIRTIO_NET, CONFIDENTIAL_SEV, 32, 8, 0, 8,
	    "custom queue count" },
	{ "n2d-standard-32", NIC_VIRTIO_NET, CONFIDENTIAL_SEV, 32, 16, -1, 0,
	    NULL },
	{ "n2d-standard-32", NIC_VIRTIO_NET, CONFIDENTIAL_NONE, 32, 0, 0, 32,
	    "the device exposes 32" },
};

START_TEST(test_confidential)
{
	const struct cvm_case	*c = &cvm_cases[_i];
	struct policy		 p;
	struct facts		 f;
	struct decision		 d;
	char			 err[256];

	policy_init(&p);
	one_machine(&f, PLATFORM_GCP, c->vcpus, 1, c->nic);
	f.instance_type = c->type;
	f.confidential = c->cvm;
	f.nics[0].queue_count = c->qc;
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), c->rc);
	if (c->rc == 0) {
		ck_assert_uint_eq(d.nics[0].device_queues, c->device);
		ck_assert_msg(traced(&d, c->traced), "no step '%s'",
		    c->traced);
	} else
		ck_assert_str_eq(err, "en1: custom queue count 16 above the "
		    "Confidential VM maximum of 8 per vNIC: the cloud refuses "
		    "it");
	decision_release(&d);
}
END_TEST

START_TEST(test_confidential_names)
{
	struct policy	p;
	struct facts	f;
	struct decision	d;
	enum confidential c;
	char		err[256];

	ck_assert_int_eq(confidential_from_name("SEV", &c), 0);
	ck_assert_int_eq(c, CONFIDENTIAL_SEV);
	ck_assert_int_eq(confidential_from_name("SEV_SNP", &c), 0);
	ck_assert_int_eq(c, CONFIDENTIAL_SEV_SNP);
	ck_assert_int_eq(confidential_from_name("tdx", &c), -1);
	ck_assert_str_eq(confidential_name(CONFIDENTIAL_SEV_SNP), "sev-snp");

	/* The cap is a GCE rule: on AWS it is refused, not ignored. */
	policy_init(&p);
	one_machine(&f, PLATFORM_AWS, 8, 1, NIC_ENA);
	f.confidential = CONFIDENTIAL_SEV;
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "a Confidential VM (sev) has queue rules on gcp "
	    "only");
	decision_release(&d);
}
END_TEST

/*
 * Which machine types GCE offers each Confidential VM technology on, as
 * --emit gcloud|gce-api checks them before asking for one.
 */
struct offer_case {
	const char		*type;		/* NULL: no type given */
	enum confidential	 cvm;
	int			 rc;
	const char		*min_cpu;	/* the platform asked for */
};

static const struct offer_case offer_cases[] = {
	{ "n2d-standard-32", CONFIDENTIAL_SEV, 0, NULL },
	{ "N2D-standard-32", CONFIDENTIAL_SEV, 0, NULL },
	{ "c2d-standard-112", CONFIDENTIAL_SEV, 0, NULL },
	{ "c3d-standard-30", CONFIDENTIAL_SEV, 0, NULL },
	{ "c4d-standard-8", CONFIDENTIAL_SEV, 0, NULL },
	{ "g4-standard-48", CONFIDENTIAL_SEV, 0, NULL },
	{ "g4-standard-96", CONFIDENTIAL_SEV, -1, NULL },
	{ "n2-standard-32", CONFIDENTIAL_SEV, -1, NULL },
	{ "n2dx-standard-8", CONFIDENTIAL_SEV, -1, NULL },
	{ "e2-micro", CONFIDENTIAL_SEV, -1, NULL },
	{ "n2d-standard-32", CONFIDENTIAL_SEV_SNP, 0, "AMD Milan" },
	{ "c2d-standard-32", CONFIDENTIAL_SEV_SNP, -1, NULL },
	{ "c3d-standard-30", CONFIDENTIAL_SEV_SNP, -1, NULL },
	{ NULL, CONFIDENTIAL_SEV_SNP, 0, "AMD Milan" },
	{ "n2-standard-32", CONFIDENTIAL_NONE, 0, NULL },
};

START_TEST(test_confidential_offer)
{
	const struct offer_case		*c = &offer_cases[_i];
	const struct confidential_offer	*o;
	struct facts			 f;
	char				 err[512];

	one_machine(&f, PLATFORM_GCP, 32, 1, NIC_VIRTIO_NET);
	f.instance_type = c->type;
	f.confidential = c->cvm;
	err[0] = '\0';
	ck_assert_int_eq(policy_confidential_check(&f, &o, err, sizeof(err)),
	    c->rc);
	if (c->rc == -1) {
		/* The refusal names the type, the technology and the page. */
		ck_assert_ptr_nonnull(strstr(err, c->type));
		ck_assert_ptr_nonnull(strstr(err, c->cvm == CONFIDENTIAL_SEV ?
		    "AMD SEV Confidential VM" : "AMD SEV-SNP Confidential VM"));
		ck_assert_ptr_nonnull(strstr(err, "https://cloud.google.com/"));
		return;
	}
	if (c->cvm == CONFIDENTIAL_NONE) {
		ck_assert_ptr_null(o);
		return;
	}
	ck_assert_ptr_nonnull(o);
	if (c->min_cpu == NULL)
		ck_assert_ptr_null(o->min_cpu_platform);
	else {
		ck_assert_str_eq(o->min_cpu_platform, c->min_cpu);
		ck_assert_ptr_nonnull(o->min_cpu_source);
	}
}
END_TEST

/* Every row says where it comes from, and every technology has one. */
START_TEST(test_confidential_offer_sources)
{
	size_t	i;
	bool	seen[CONFIDENTIAL_COUNT] = { false };

	for (i = 0; i < confidential_offers_count; i++) {
		ck_assert_ptr_nonnull(confidential_offers[i].source);
		ck_assert_ptr_nonnull(strstr(confidential_offers[i].source,
		    "https://"));
		ck_assert_msg(confidential_offers[i].min_cpu_platform == NULL ||
		    confidential_offers[i].min_cpu_source != NULL,
		    "row %zu: a CPU platform without a source", i);
		seen[confidential_offers[i].type] = true;
	}
	ck_assert(seen[CONFIDENTIAL_SEV] && seen[CONFIDENTIAL_SEV_SNP]);
	ck_assert_ptr_nonnull(strstr(confidential_maintenance_source,
	    "https://cloud.google.com/"));
}
END_TEST

START_TEST(test_bad_facts)
{
	struct policy	p;
	struct facts	f;
	struct decision	d;
	char		err[256];

	policy_init(&p);
	one_machine(&f, PLATFORM_NONE, 4, 1, NIC_ENA);
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "no platform given");
	decision_release(&d);

	one_machine(&f, PLATFORM_GCP, 0, 1, NIC_GVNIC);
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), -1);
	decision_release(&d);

	one_machine(&f, PLATFORM_GCP, 4, 0, NIC_GVNIC);
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), -1);
	decision_release(&d);

	/* No published rule for IDPF (bare metal). */
	one_machine(&f, PLATFORM_GCP, 192, 1, NIC_IDPF);
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "en1: no queue rule for idpf on gcp");
	decision_release(&d);
}
END_TEST

/*
 * --emit sets every interface's device queues as a custom count: GCE's
 * sum rule is the one policy_decide() applies to the counts asked for,
 * worded for each (the goldens plan-custom-refused and
 * plan-emit-gce-refused show both).
 */
START_TEST(test_check_emit_gce)
{
	struct policy	p;
	struct facts	f;
	struct decision	d;
	char		err[256], warn[256];

	policy_init(&p);
	one_machine(&f, PLATFORM_GCP, 1, 2, NIC_VIRTIO_NET);
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	ck_assert_int_eq(policy_check_emit(&f, &d, err, sizeof(err), warn,
	    sizeof(warn)), -1);
	ck_assert_str_eq(err, "the queue counts sum to 2, above the 1 vCPU: "
	    "GCE refuses custom queue counts that do (unless every NIC is "
	    "gVNIC with Tier_1 networking)");
	decision_release(&d);

	one_machine(&f, PLATFORM_GCP, 8, 2, NIC_VIRTIO_NET);
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	strcpy(warn, "stale");
	ck_assert_int_eq(policy_check_emit(&f, &d, err, sizeof(err), warn,
	    sizeof(warn)), 0);
	ck_assert_str_eq(warn, "");
	decision_release(&d);

	/* The same rule on counts asked for, worded as such. */
	f.nics[0].queue_count = 5;
	f.nics[1].queue_count = 5;
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "custom queue counts sum to 10, above the 8 "
	    "vCPUs: GCE refuses this unless every NIC is gVNIC with Tier_1 "
	    "networking");
	decision_release(&d);
}
END_TEST

/* --emit aws-cli: AWS takes EnaQueueCount on ENA, on flexible types. */
START_TEST(test_check_emit_aws)
{
	struct policy	p;
	struct facts	f;
	struct decision	d;
	char		err[256], warn[256];

	policy_init(&p);
	one_machine(&f, PLATFORM_AWS, 2, 1, NIC_NETFRONT);
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	ck_assert_int_eq(policy_check_emit(&f, &d, err, sizeof(err), warn,
	    sizeof(warn)), -1);
	ck_assert_str_eq(err, "en1: EnaQueueCount applies to ENA interfaces "
	    "only, not netfront");
	decision_release(&d);

	one_machine(&f, PLATFORM_AWS, 2, 1, NIC_ENA);
	f.instance_type = "m5.large";
	f.ena_default = 2;
	f.ena_flexible = ENA_FLEXIBLE_NO;
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	ck_assert_int_eq(policy_check_emit(&f, &d, err, sizeof(err), warn,
	    sizeof(warn)), -1);
	ck_assert_str_eq(err, "m5.large does not support flexible ENA queues "
	    "(FlexibleEnaQueuesSupport unsupported): AWS refuses "
	    "EnaQueueCount");

	/* Unknown: the request is printed, with a warning. */
	f.ena_flexible = ENA_FLEXIBLE_UNKNOWN;
	ck_assert_int_eq(policy_check_emit(&f, &d, err, sizeof(err), warn,
	    sizeof(warn)), 0);
	ck_assert_str_eq(warn, "not known whether m5.large supports flexible "
	    "ENA queues; AWS refuses EnaQueueCount where it does not");
	f.ena_flexible = ENA_FLEXIBLE_YES;
	ck_assert_int_eq(policy_check_emit(&f, &d, err, sizeof(err), warn,
	    sizeof(warn)), 0);
	ck_assert_str_eq(warn, "");
	decision_release(&d);

	/* Every emitted count meets policy_ena_check(), defaults too. */
	one_machine(&f, PLATFORM_AWS, 4, 1, NIC_ENA);
	f.ena_flexible = ENA_FLEXIBLE_YES;
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	ck_assert_int_eq(policy_check_emit(&f, &d, err, sizeof(err), warn,
	    sizeof(warn)), -1);
	ck_assert_str_eq(err, "en1: EnaQueueCount 8 is above the 4 vCPUs: "
	    "AWS refuses it");
	decision_release(&d);
}
END_TEST

/*
 * Which cloud a NIC type is on agrees with the rule table: every type
 * has a rule on its cloud (but IDPF, which has no published one) and no
 * rule names a type on another cloud; each platform's default NIC is its
 * own.
 */
START_TEST(test_nic_platforms)
{
	struct policy	p;
	int		n, pl;

	policy_init(&p);
	for (n = NIC_NONE + 1; n < NIC_TYPE_COUNT; n++) {
		pl = nic_type_platform((enum nic_type)n);
		ck_assert_int_ne(pl, PLATFORM_NONE);
		ck_assert(n == NIC_IDPF || policy_rule(&p, (enum platform)pl,
		    (enum nic_type)n) != NULL);
		ck_assert_ptr_null(policy_rule(&p, (enum platform)(pl ==
		    PLATFORM_GCP ? PLATFORM_AWS : PLATFORM_GCP),
		    (enum nic_type)n));
	}
	ck_assert_int_eq(nic_type_platform(NIC_GVNIC), PLATFORM_GCP);
	ck_assert_int_eq(nic_type_platform(NIC_IXGBEVF), PLATFORM_AWS);
	ck_assert_int_eq(nic_type_platform(NIC_NONE), PLATFORM_NONE);
	for (pl = PLATFORM_NONE + 1; pl < PLATFORM_COUNT; pl++)
		ck_assert_int_eq(nic_type_platform(platform_default_nic(
		    (enum platform)pl)), pl);
	ck_assert_int_eq(platform_default_nic(PLATFORM_AWS), NIC_ENA);
	ck_assert_int_eq(platform_default_nic(PLATFORM_GCP), NIC_VIRTIO_NET);
}
END_TEST

/*
 * Memory that runs out once, on cue: while oom_after >= 0, that many more
 * trace growths succeed and the next one fails; later ones succeed, so a
 * step whose failure is ignored shows as a short trace.  A trace grows
 * at its 1st, 33rd, 65th, 129th ... step.
 */
static int	oom_after = -1;

void *
reallocarray(void *ptr, size_t n, size_t size)
{
	if (oom_after == 0 || (size != 0 && n > SIZE_MAX / size)) {
		oom_after = -1;
		errno = ENOMEM;
		return (NULL);
	}
	if (oom_after > 0)
		oom_after--;
	return (realloc(ptr, n * size));
}

/* Each kind of step an interface's decision takes, by its text. */
static const char *const nic_steps[] = {
	"NIC type ", "custom queue count (", " default: ", "rule changed by ",
	"unconfirmed: ", "raised to the minimum", "cap)", "Confidential VM cap",
	"the device exposes", "asked for", "fixed by the policy",
	"io-queues = min(", "guest driver: ", "more than the guest can use",
	"reserve cannot apply", "is ignored by", "uses ",
};

/*
 * Decides f with each trace growth failing in turn: the decision stops
 * with "out of memory" and the steps before, never a short trace and 0.
 * Marks in hit[] the kinds of step that failed.
 */
static void
decide_short_of_memory(const struct policy *p, const struct facts *f,
    bool *hit)
{
	struct decision	d;
	struct trace	full;
	char		err[256];
	size_t		at, j;
	int		k;

	oom_after = -1;
	ck_assert_int_eq(policy_decide(p, f, &d, err, sizeof(err)), 0);
	full = d.trace;
	/* The k-th growth comes at step at: 0, 32, 64 ... */
	for (k = 0, at = 0; at < full.nsteps; k++, at = 32u << (k - 1)) {
		oom_after = k;
		ck_assert_int_eq(policy_decide(p, f, &d, err, sizeof(err)), -1);
		ck_assert_int_eq(oom_after, -1);
		ck_assert_str_eq(err, "out of memory");
		ck_assert_uint_eq(d.trace.nsteps, at);
		for (j = 0; j < sizeof(nic_steps) / sizeof(nic_steps[0]); j++)
			if (strstr(full.steps[at].text, nic_steps[j]) != NULL)
				hit[j] = true;
		decision_release(&d);
	}
	trace_release(&full);
}

/*
 * A step that cannot be added stops the decision.  Machines of 1 to 32
 * interfaces of two types each, custom counts, io-queues asked for and
 * fixed, a CPU reserve, a changed rule and a Confidential VM move the
 * failing growth onto every kind of step an interface's decision takes.
 */
START_TEST(test_out_of_memory)
{
	static const uint32_t	vcpus[] = { 3, 224 };
	static const enum nic_type pairs[][2] = {
		{ NIC_VIRTIO_NET, NIC_GVNIC }, { NIC_ENA, NIC_NETFRONT },
		{ NIC_IXGBEVF, NIC_ENA },
	};
	struct policy	p;
	struct facts	f;
	bool		hit[sizeof(nic_steps) / sizeof(nic_steps[0])] = { 0 };
	size_t		v, t, j;
	uint32_t	nn, i;
	int		opt;

	for (opt = 0; opt < 8; opt++) {
		policy_init(&p);
		if (opt & 1)
			p.reserve_cpus = 1;
		if (opt & 2) {
			for (i = 0; i < FACTS_NICS_MAX; i++)
				p.io_queues[i] = 2;
			policy_rule_mut(&p, PLATFORM_GCP, NIC_GVNIC)->min = 2;
			snprintf(policy_rule_mut(&p, PLATFORM_GCP,
			    NIC_GVNIC)->origin, RULE_ORIGIN_MAX, "test");
		}
		for (v = 0; v < sizeof(vcpus) / sizeof(vcpus[0]); v++)
		for (t = 0; t < sizeof(pairs) / sizeof(pairs[0]); t++)
		for (nn = 1; nn <= FACTS_NICS_MAX; nn++) {
			one_machine(&f, t == 0 ? PLATFORM_GCP : PLATFORM_AWS,
			    vcpus[v], nn, pairs[t][0]);
			for (i = nn / 2; i < nn; i++)
				f.nics[i].nic = pairs[t][1];
			if (t == 0 && (opt & 4))
				f.confidential = CONFIDENTIAL_SEV;
			for (i = 0; i < nn; i += 3)
				f.nics[i].io_queues = 3;
			/* netfront and ixgbevf take no custom count. */
			if ((opt & 4) && vcpus[v] >= 2 * nn &&
			    f.nics[nn - 1].nic != NIC_IXGBEVF &&
			    f.nics[nn - 1].nic != NIC_NETFRONT)
				f.nics[nn - 1].queue_count = 1;
			decide_short_of_memory(&p, &f, hit);
		}
	}
	for (j = 0; j < sizeof(nic_steps) / sizeof(nic_steps[0]); j++)
		ck_assert_msg(hit[j], "no failure at a step with \"%s\"",
		    nic_steps[j]);
}
END_TEST

START_TEST(test_names)
{
	enum nic_type	n;
	enum platform	pl;

	ck_assert_int_eq(nic_type_from_name("GVNIC", &n), 0);
	ck_assert_int_eq(n, NIC_GVNIC);
	ck_assert_int_eq(nic_type_from_name("VIRTIO_NET", &n), 0);
	ck_assert_int_eq(n, NIC_VIRTIO_NET);
	ck_assert_int_eq(nic_type_from_name("gve", &n), 0);
	ck_assert_int_eq(n, NIC_GVNIC);
	ck_assert_int_eq(nic_type_from_name("e1000", &n), -1);
	ck_assert_str_eq(nic_type_name(NIC_VIRTIO_NET), "virtio-net");
	ck_assert_int_eq(platform_from_name("AWS", &pl), 0);
	ck_assert_int_eq(pl, PLATFORM_AWS);
	ck_assert_int_eq(platform_from_name("azure", &pl), -1);
}
END_TEST

START_TEST(test_file_full)
{
	struct policy	p;
	struct facts	f;
	struct decision	d;
	char		err[512];

	policy_init(&p);
	ck_assert_msg(load(&p, DATA "full.yaml", err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_uint_eq(p.reserve_cpus, 2);
	ck_assert_uint_eq(policy_rule(&p, PLATFORM_GCP, NIC_VIRTIO_NET)->cap,
	    16);
	ck_assert_uint_eq(policy_rule(&p, PLATFORM_AWS, NIC_ENA)->cap, 8);
	ck_assert_uint_eq(p.io_queues[1], 3);

	/* The cap now binds at 16, and the reserve lowers io-queues. */
	one_machine(&f, PLATFORM_GCP, 64, 2, NIC_VIRTIO_NET);
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	ck_assert_uint_eq(d.nics[0].device_queues, 16);
	ck_assert_uint_eq(d.nics[0].io_queues, 16);
	ck_assert_uint_eq(d.nics[1].io_queues, 3);
	ck_assert_uint_eq(d.nics[1].queues, 3);
	ck_assert(traced(&d, "rule changed by cap at " DATA "full.yaml:7:12"));
	/* min, divisor, share, custom-max and guest restate the defaults. */
	ck_assert_str_eq(policy_rule(&p, PLATFORM_GCP, NIC_VIRTIO_NET)->origin,
	    "cap at " DATA "full.yaml:7:12");
	ck_assert_str_eq(policy_rule(&p, PLATFORM_GCP, NIC_GVNIC)->origin,
	    "divisor at " DATA "full.yaml:14:16, guest at " DATA
	    "full.yaml:15:14");
	decision_release(&d);

	/* gVNIC turned into an io-queues driver without the /2. */
	one_machine(&f, PLATFORM_GCP, 8, 1, NIC_GVNIC);
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	ck_assert_uint_eq(d.nics[0].device_queues, 8);
	ck_assert_uint_eq(d.nics[0].io_queues, 6);
	decision_release(&d);

	ck_assert_int_eq(load(&p, DATA "empty.yaml", err, sizeof(err)),
	    0);
}
END_TEST

/* A policy that sets every value to its default changes nothing. */
START_TEST(test_file_defaults)
{
	struct policy	p;
	struct facts	f;
	struct decision	d;
	char		err[512];

	policy_init(&p);
	ck_assert_msg(load(&p, DATA "defaults.yaml", err,
	    sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(policy_rule(&p, PLATFORM_GCP, NIC_VIRTIO_NET)->origin,
	    "");
	one_machine(&f, PLATFORM_GCP, 64, 2, NIC_VIRTIO_NET);
	ck_assert_int_eq(policy_decide(&p, &f, &d, err, sizeof(err)), 0);
	ck_assert_uint_eq(d.nics[0].device_queues, 32);
	ck_assert(!traced(&d, "rule changed"));
	decision_release(&d);
}
END_TEST

static const struct {
	const char	*file;
	const char	*err;
} bad_files[] = {
	{ "unknown-key.yaml", DATA "unknown-key.yaml:5:7: unknown key 'cpa' in "
	    "rules.gcp.virtio-net (known: share, divisor, min, cap, "
	    "custom-max, guest)" },
	{ "wrong-type.yaml", DATA "wrong-type.yaml:4:12: rules.aws.ena.cap "
	    "must be a number, not a list" },
	{ "out-of-range.yaml", DATA "out-of-range.yaml:4:16: "
	    "interfaces.en1.io-queues 40000 is out of range (1 to 32768)" },
	{ "not-number.yaml", DATA "not-number.yaml:3:23: "
	    "rules.gcp.gvnic.divisor must be a whole number, not 'two'" },
	{ "duplicate.yaml", DATA "duplicate.yaml:2:1: duplicate key "
	    "'reserve-cpus' in the policy" },
	{ "bad-iface.yaml", DATA "bad-iface.yaml:2:3: interface 'eth0' is not "
	    "en1 .. en32" },
	{ "syntax.yaml", DATA "syntax.yaml:3:1: did not find expected ',' or "
	    "']'" },
	{ "two-docs.yaml", DATA "two-docs.yaml:3:1: a second YAML document: a "
	    "policy file holds one" },
	{ "min-cap.yaml", DATA "min-cap.yaml:4:7: rules.gcp.virtio-net: min 8 "
	    "is above cap 4" },
	{ "wrong-nic.yaml", DATA "wrong-nic.yaml:3:5: no rule for NIC type "
	    "'ena' on gcp" },
	{ "bad-platform.yaml", DATA "bad-platform.yaml:2:3: unknown key "
	    "'azure' in rules (known: gcp, aws)" },
	{ "root-list.yaml", DATA "root-list.yaml:1:1: the policy must be a "
	    "mapping, not a list" },
	{ "bad-guest.yaml", DATA "bad-guest.yaml:4:14: rules.aws.ena.guest "
	    "must be io-queues, auto or single" },
	{ "bad-version.yaml", DATA "bad-version.yaml:1:10: version 2 is out of "
	    "range (1 to 1)" },
	{ "missing.yaml", DATA "missing.yaml: No such file or directory" },
	{ "", DATA ": is a directory, not a regular file" },
};

START_TEST(test_file_errors)
{
	struct policy	p;
	char		path[256], err[512];

	policy_init(&p);
	snprintf(path, sizeof(path), DATA "%s", bad_files[_i].file);
	ck_assert_int_eq(load(&p, path, err, sizeof(err)), -1);
	ck_assert_str_eq(err, bad_files[_i].err);
}
END_TEST

static Suite *
policy_suite(void)
{
	Suite	*s = suite_create("policy");
	TCase	*tc;

	tc = tcase_create("engine");
	tcase_add_test(tc, test_clamp);
	tcase_add_test(tc, test_parse);
	tcase_add_test(tc, test_explain_arithmetic);
	tcase_add_test(tc, test_ena_count_rules);
	tcase_add_test(tc, test_placement);
	tcase_add_test(tc, test_card_ena_sums);
	tcase_add_test(tc, test_sources_in_trace);
	tcase_add_loop_test(tc, test_confidential, 0,
	    (int)(sizeof(cvm_cases) / sizeof(cvm_cases[0])));
	tcase_add_test(tc, test_confidential_names);
	tcase_add_loop_test(tc, test_confidential_offer, 0,
	    sizeof(offer_cases) / sizeof(offer_cases[0]));
	tcase_add_test(tc, test_confidential_offer_sources);
	tcase_add_test(tc, test_bad_facts);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_check_emit_gce);
	tcase_add_test(tc, test_check_emit_aws);
	tcase_add_test(tc, test_nic_platforms);
	suite_add_tcase(s, tc);

	/* Thousands of decisions: room for ASan on a loaded machine. */
	tc = tcase_create("memory");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_out_of_memory);
	suite_add_tcase(s, tc);

	tc = tcase_create("file");
	tcase_add_test(tc, test_file_full);
	tcase_add_test(tc, test_file_defaults);
	tcase_add_loop_test(tc, test_file_errors, 0,
	    (int)(sizeof(bad_files) / sizeof(bad_files[0])));
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (check_main(policy_suite()));
}
