/*
 * Plans across both clouds: the catalog finds the type, the engine
 * decides, and every case states the three numbers a user reads off
 * `mqplan plan`: device queues, io-queues written, pairs used.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "platforms/catalog.h"
#include "policy/policy.h"
#include "tests/check_main.h"

struct plan_case {
	const char	*platform;
	const char	*type;
	const char	*nic;		/* NULL: the type's default */
	uint32_t	 nics;
	uint32_t	 reserve;
	uint32_t	 io;		/* io-queues asked for, every NIC */
	uint32_t	 qc1;		/* custom queue count of en1 */
	uint32_t	 qc_rest;	/* custom count of the others */
	int		 rc;		/* policy_decide() */
	uint32_t	 vcpus;
	uint32_t	 device;	/* en1 */
	uint32_t	 io_queues;	/* en1; 0 = not written */
	uint32_t	 used;		/* en1 */
	uint32_t	 device_last;	/* last NIC; 0 = same as en1 */
};

static const struct plan_case cases[] = {
	/* GCE predefined, virtio-net and gVNIC, several NICs, caps. */
	{ "gcp", "n2-standard-32", "gvnic", 2, 0, 0, 0, 0, 0, 32, 8, 0, 1, 0 },
	{ "gcp", "n2-standard-32", "virtio-net", 2, 0, 0, 0, 0, 0, 32, 16,
	    16, 16, 0 },
	{ "gcp", "n2-standard-32", NULL, 1, 0, 0, 0, 0, 0, 32, 32, 32, 32, 0 },
	{ "gcp", "n2-standard-64", "virtio-net", 1, 0, 0, 0, 0, 0, 64, 32, 32,
	    32, 0 },
	{ "gcp", "n2-standard-128", "gvnic", 8, 0, 0, 0, 0, 0, 128, 8, 0, 1,
	    0 },
	{ "gcp", "n2-standard-128", "gvnic", 1, 0, 0, 0, 0, 0, 128, 16, 0, 1,
	    0 },
	{ "gcp", "n2-standard-32", "virtio-net", 3, 0, 0, 0, 0, 0, 32, 10, 10,
	    10, 0 },
	{ "gcp", "n2-standard-16", "virtio-net", 4, 0, 0, 0, 0, 0, 16, 4, 4, 4,
	    0 },
	{ "gcp", "n1-standard-1", NULL, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0 },
	{ "gcp", "t2d-standard-60", "virtio-net", 2, 0, 0, 0, 0, 0, 60, 30, 30,
	    30, 0 },
	{ "gcp", "m2-ultramem-208", NULL, 1, 0, 0, 0, 0, 0, 208, 32, 32, 32,
	    0 },
	{ "gcp", "c3-standard-4-lssd", NULL, 1, 0, 0, 0, 0, 0, 4, 2, 0, 1, 0 },
	{ "gcp", "c3-highcpu-176", "gvnic", 2, 0, 0, 0, 0, 0, 176, 16, 0, 1,
	    0 },
	/* Shared-core: e2 types report 2 vCPUs, f1/g1 one. */
	{ "gcp", "e2-micro", "virtio-net", 1, 0, 0, 0, 0, 0, 2, 2, 2, 2, 0 },
	{ "gcp", "e2-micro", "gvnic", 1, 0, 0, 0, 0, 0, 2, 1, 0, 1, 0 },
	{ "gcp", "e2-medium", "virtio-net", 2, 0, 0, 0, 0, 0, 2, 1, 1, 1, 0 },
	{ "gcp", "f1-micro", NULL, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0 },
	/* The minimum of 1: one vCPU shared by two NICs. */
	{ "gcp", "g1-small", NULL, 2, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0 },
	{ "gcp", "e2-small", "gvnic", 2, 0, 0, 0, 0, 0, 2, 1, 0, 1, 0 },
	/* Custom types. */
	{ "gcp", "custom-8-32768", NULL, 1, 0, 0, 0, 0, 0, 8, 8, 8, 8, 0 },
	{ "gcp", "n2-custom-8-65536-ext", "virtio-net", 2, 0, 0, 0, 0, 0, 8, 4,
	    4, 4, 0 },
	{ "gcp", "e2-custom-micro-2048", NULL, 1, 0, 0, 0, 0, 0, 2, 2, 2, 2,
	    0 },
	/* Accelerator types: the suffix counts GPUs, not vCPUs. */
	{ "gcp", "a2-highgpu-1g", "virtio-net", 1, 0, 0, 0, 0, 0, 12, 12, 12,
	    12, 0 },
	{ "gcp", "a3-highgpu-8g", NULL, 1, 0, 0, 0, 0, 0, 208, 16, 0, 1, 0 },
	{ "gcp", "a3-highgpu-8g", "gvnic", 4, 0, 0, 0, 0, 0, 208, 16, 0, 1,
	    0 },
	/* CPU reservation lowers io-queues, never the device's count. */
	{ "gcp", "n2-standard-16", "virtio-net", 1, 2, 0, 0, 0, 0, 16, 16, 14,
	    14, 0 },
	{ "gcp", "n2-standard-4", "virtio-net", 1, 4, 0, 0, 0, 0, 4, 4, 1, 1,
	    0 },
	{ "gcp", "n2-standard-32", "virtio-net", 2, 8, 0, 0, 0, 0, 32, 16, 16,
	    16, 0 },
	/* io-queues asked for: used as given, clamped by the guest. */
	{ "gcp", "n2-standard-32", "virtio-net", 1, 0, 4, 0, 0, 0, 32, 32, 4,
	    4, 0 },
	{ "gcp", "n2-standard-16", "virtio-net", 1, 0, 64, 0, 0, 0, 16, 16, 64,
	    16, 0 },
	/* GCE custom queue counts. */
	{ "gcp", "n2-standard-8", "virtio-net", 2, 0, 0, 4, 0, 0, 8, 4, 4, 4,
	    4 },
	{ "gcp", "n2-standard-8", "virtio-net", 2, 0, 0, 6, 0, 0, 8, 6, 6, 6,
	    2 },
	{ "gcp", "n2-standard-8", "virtio-net", 2, 0, 0, 5, 5, -1, 8, 0, 0, 0,
	    0 },
	{ "gcp", "n2-standard-8", "virtio-net", 3, 0, 0, 7, 0, -1, 8, 0, 0, 0,
	    0 },
	{ "gcp", "n2-standard-32", "gvnic", 1, 0, 0, 20, 0, -1, 32, 0, 0, 0,
	    0 },
	{ "gcp", "n2-standard-4", "virtio-net", 1, 0, 0, 8, 0, -1, 4, 0, 0, 0,
	    0 },
	/*
	 * AWS ENA: the per-type figure per ENI, not shared: published
	 * (m5, m6i), else guessed (8; 32 on network-accelerated types).
	 */
	{ "aws", "c5n.18xlarge", NULL, 1, 0, 0, 0, 0, 0, 72, 32, 0, 32, 0 },
	{ "aws", "c5n.18xlarge", NULL, 3, 0, 0, 0, 0, 0, 72, 32, 0, 32, 32 },
	{ "aws", "c5n.large", NULL, 1, 0, 0, 0, 0, 0, 2, 8, 0, 2, 0 },
	{ "aws", "c5n.metal", NULL, 1, 0, 0, 0, 0, 0, 72, 32, 0, 32, 0 },
	{ "aws", "m5.metal", NULL, 2, 0, 0, 0, 0, 0, 96, 8, 0, 8, 8 },
	{ "aws", "t3.micro", NULL, 1, 0, 0, 0, 0, 0, 2, 2, 0, 2, 0 },
	{ "aws", "a1.medium", NULL, 1, 0, 0, 0, 0, 0, 1, 8, 0, 1, 0 },
	{ "aws", "i3.metal", NULL, 1, 0, 0, 0, 0, 0, 72, 8, 0, 8, 0 },
	{ "aws", "m4.16xlarge", NULL, 1, 0, 0, 0, 0, 0, 64, 8, 0, 8, 0 },
	/* Issue 13's acceptance and published figures. */
	{ "aws", "m5.large", NULL, 1, 0, 0, 0, 0, 0, 2, 8, 0, 2, 0 },
	{ "aws", "c5.4xlarge", NULL, 1, 0, 0, 0, 0, 0, 16, 8, 0, 8, 0 },
	{ "aws", "m5n.4xlarge", NULL, 1, 0, 0, 0, 0, 0, 16, 32, 0, 16, 0 },
	{ "aws", "m7i-flex.4xlarge", NULL, 1, 0, 0, 0, 0, 0, 16, 4, 0, 4, 0 },
	{ "aws", "m7a.medium", NULL, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0 },
	/* Published flexible-ENA defaults win over the vCPU rule. */
	{ "aws", "m6i.large", NULL, 1, 0, 0, 0, 0, 0, 2, 2, 0, 2, 0 },
	{ "aws", "m6i.4xlarge", NULL, 1, 0, 0, 0, 0, 0, 16, 8, 0, 8, 0 },
	{ "aws", "m6i.16xlarge", NULL, 2, 0, 0, 0, 0, 0, 64, 8, 0, 8, 8 },
	{ "aws", "m6i.8xlarge", NULL, 1, 0, 0, 32, 0, 0, 32, 32, 0, 32, 0 },
	{ "aws", "m6i.4xlarge", NULL, 1, 0, 0, 32, 0, -1, 16, 0, 0, 0, 0 },
	/* The ENA driver ignores io-queues: reserve and requests cannot act. */
	{ "aws", "c5.xlarge", NULL, 1, 1, 0, 0, 0, 0, 4, 8, 0, 4, 0 },
	{ "aws", "c5.xlarge", NULL, 1, 0, 2, 0, 0, 0, 4, 8, 0, 4, 0 },
	/* Xen: netfront and ixgbevf are single-queue in the guest. */
	{ "aws", "t2.micro", NULL, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0 },
	{ "aws", "m4.xlarge", NULL, 1, 0, 0, 0, 0, 0, 4, 2, 0, 1, 0 },
	{ "aws", "c4.8xlarge", NULL, 1, 0, 0, 0, 0, 0, 36, 2, 0, 1, 0 },
	{ "aws", "t2.micro", NULL, 1, 0, 0, 1, 0, -1, 1, 0, 0, 0, 0 },
};

static void
facts_for(const struct plan_case *c, const struct instance_type *it,
    struct facts *f)
{
	enum nic_type	nic;
	uint32_t	i;

	facts_init(f);
	ck_assert_int_eq(platform_from_name(c->platform, &f->platform), 0);
	f->instance_type = c->type;
	f->vcpus = it->vcpus;
	f->ena_default = it->ena_default;
	f->ena_max = it->ena_max;
	f->ena_source = it->ena_from.source;
	f->ena_basis = it->ena_from.basis == BASIS_NONE ? NULL :
	    basis_name(it->ena_from.basis);
	f->nnics = c->nics;
	ck_assert_int_eq(nic_type_from_name(c->nic ? c->nic : it->nics[0],
	    &nic), 0);
	for (i = 0; i < c->nics; i++) {
		f->nics[i].nic = nic;
		f->nics[i].io_queues = c->io;
		f->nics[i].queue_count = i == 0 ? c->qc1 : c->qc_rest;
	}
}

START_TEST(test_plan_table)
{
	const struct plan_case	*c = &cases[_i];
	struct catalog		 cat = CATALOG_INIT;
	struct instance_type	 it;
	struct policy		 p;
	struct facts		 f;
	struct decision		 d;
	char			 err[512];
	int			 rc;

	rc = catalog_lookup(&cat, c->platform, c->type, &it, err, sizeof(err));
	ck_assert_msg(rc == 0, "%s: %s", c->type, err);
	ck_assert_uint_eq(it.vcpus, c->vcpus);
	if (c->nic != NULL)
		ck_assert_msg(instance_type_allows_nic(&it, c->nic),
		    "%s does not allow %s", c->type, c->nic);
	policy_init(&p);
	p.reserve_cpus = c->reserve;
	facts_for(c, &it, &f);
	rc = policy_decide(&p, &f, &d, err, sizeof(err));
	ck_assert_msg(rc == c->rc, "%s: rc %d (%s)", c->type, rc, err);
	if (rc == 0) {
		ck_assert_uint_eq(d.nnics, c->nics);
		ck_assert_msg(d.nics[0].device_queues == c->device,
		    "%s: device %u, want %u", c->type, d.nics[0].device_queues,
		    c->device);
		ck_assert_msg(d.nics[0].io_queues == c->io_queues,
		    "%s: io-queues %u, want %u", c->type, d.nics[0].io_queues,
		    c->io_queues);
		ck_assert_msg(d.nics[0].queues == c->used,
		    "%s: used %u, want %u", c->type, d.nics[0].queues,
		    c->used);
		ck_assert_uint_eq(d.nics[c->nics - 1].device_queues,
		    c->device_last ? c->device_last : c->device);
		ck_assert_uint_gt(d.trace.nsteps, 0);
	} else
		ck_assert_str_ne(err, "");
	decision_release(&d);
}
END_TEST

static Suite *
plan_suite(void)
{
	Suite	*s = suite_create("plan");
	TCase	*tc = tcase_create("table");

	tcase_add_loop_test(tc, test_plan_table, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (check_main(plan_suite()));
}
