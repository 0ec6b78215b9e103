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

/*
 * Each case is three lines: the machine, what the user asks for, what
 * they must read off the plan.  A field left out is 0 (NULL for nic).
 */
struct plan_case {
	/* The machine. */
	const char	*platform;
	const char	*type;
	/* What is asked for. */
	const char	*nic;		/* NULL: the type's default */
	uint32_t	 nics;
	uint32_t	 reserve;	/* CPUs kept from the NICs */
	uint32_t	 io;		/* io-queues asked for, every NIC */
	uint32_t	 qc1;		/* custom queue count of en1 */
	uint32_t	 qc_rest;	/* custom count of the others */
	/* What the plan says. */
	int		 rc;		/* policy_decide(); -1: refused */
	uint32_t	 vcpus;		/* the catalog's */
	uint32_t	 device;	/* en1's device queues */
	uint32_t	 io_queues;	/* en1; 0 = not written */
	uint32_t	 used;		/* en1's pairs in use */
	uint32_t	 device_last;	/* last NIC; 0 = same as en1 */
};

static const struct plan_case cases[] = {
	/* GCE predefined, virtio-net and gVNIC, several NICs, caps. */
	{ .platform = "gcp", .type = "n2-standard-32",
	  .nic = "gvnic", .nics = 2,
	  .vcpus = 32, .device = 8, .io_queues = 0, .used = 1 },
	{ .platform = "gcp", .type = "n2-standard-32",
	  .nic = "virtio-net", .nics = 2,
	  .vcpus = 32, .device = 16, .io_queues = 16, .used = 16 },
	{ .platform = "gcp", .type = "n2-standard-32",
	  .nics = 1,
	  .vcpus = 32, .device = 32, .io_queues = 32, .used = 32 },
	{ .platform = "gcp", .type = "n2-standard-64",
	  .nic = "virtio-net", .nics = 1,
	  .vcpus = 64, .device = 32, .io_queues = 32, .used = 32 },
	{ .platform = "gcp", .type = "n2-standard-128",
	  .nic = "gvnic", .nics = 8,
	  .vcpus = 128, .device = 8, .io_queues = 0, .used = 1 },
	{ .platform = "gcp", .type = "n2-standard-128",
	  .nic = "gvnic", .nics = 1,
	  .vcpus = 128, .device = 16, .io_queues = 0, .used = 1 },
	{ .platform = "gcp", .type = "n2-standard-32",
	  .nic = "virtio-net", .nics = 3,
	  .vcpus = 32, .device = 10, .io_queues = 10, .used = 10 },
	{ .platform = "gcp", .type = "n2-standard-16",
	  .nic = "virtio-net", .nics = 4,
	  .vcpus = 16, .device = 4, .io_queues = 4, .used = 4 },
	{ .platform = "gcp", .type = "n1-standard-1",
	  .nics = 1,
	  .vcpus = 1, .device = 1, .io_queues = 1, .used = 1 },
	{ .platform = "gcp", .type = "t2d-standard-60",
	  .nic = "virtio-net", .nics = 2,
	  .vcpus = 60, .device = 30, .io_queues = 30, .used = 30 },
	{ .platform = "gcp", .type = "m2-ultramem-208",
	  .nics = 1,
	  .vcpus = 208, .device = 32, .io_queues = 32, .used = 32 },
	{ .platform = "gcp", .type = "c3-standard-4-lssd",
	  .nics = 1,
	  .vcpus = 4, .device = 2, .io_queues = 0, .used = 1 },
	{ .platform = "gcp", .type = "c3-highcpu-176",
	  .nic = "gvnic", .nics = 2,
	  .vcpus = 176, .device = 16, .io_queues = 0, .used = 1 },
	/* Shared-core: e2 types report 2 vCPUs, f1/g1 one. */
	{ .platform = "gcp", .type = "e2-micro",
	  .nic = "virtio-net", .nics = 1,
	  .vcpus = 2, .device = 2, .io_queues = 2, .used = 2 },
	{ .platform = "gcp", .type = "e2-micro",
	  .nic = "gvnic", .nics = 1,
	  .vcpus = 2, .device = 1, .io_queues = 0, .used = 1 },
	{ .platform = "gcp", .type = "e2-medium",
	  .nic = "virtio-net", .nics = 2,
	  .vcpus = 2, .device = 1, .io_queues = 1, .used = 1 },
	{ .platform = "gcp", .type = "f1-micro",
	  .nics = 1,
	  .vcpus = 1, .device = 1, .io_queues = 1, .used = 1 },
	/* The minimum of 1: one vCPU shared by two NICs. */
	{ .platform = "gcp", .type = "g1-small",
	  .nics = 2,
	  .vcpus = 1, .device = 1, .io_queues = 1, .used = 1 },
	{ .platform = "gcp", .type = "e2-small",
	  .nic = "gvnic", .nics = 2,
	  .vcpus = 2, .device = 1, .io_queues = 0, .used = 1 },
	/* Custom types. */
	{ .platform = "gcp", .type = "custom-8-32768",
	  .nics = 1,
	  .vcpus = 8, .device = 8, .io_queues = 8, .used = 8 },
	{ .platform = "gcp", .type = "n2-custom-8-65536-ext",
	  .nic = "virtio-net", .nics = 2,
	  .vcpus = 8, .device = 4, .io_queues = 4, .used = 4 },
	{ .platform = "gcp", .type = "e2-custom-micro-2048",
	  .nics = 1,
	  .vcpus = 2, .device = 2, .io_queues = 2, .used = 2 },
	/* Accelerator types: the suffix counts GPUs, not vCPUs. */
	{ .platform = "gcp", .type = "a2-highgpu-1g",
	  .nic = "virtio-net", .nics = 1,
	  .vcpus = 12, .device = 12, .io_queues = 12, .used = 12 },
	{ .platform = "gcp", .type = "a3-highgpu-8g",
	  .nics = 1,
	  .vcpus = 208, .device = 16, .io_queues = 0, .used = 1 },
	{ .platform = "gcp", .type = "a3-highgpu-8g",
	  .nic = "gvnic", .nics = 4,
	  .vcpus = 208, .device = 16, .io_queues = 0, .used = 1 },
	/* CPU reservation lowers io-queues, never the device's count. */
	{ .platform = "gcp", .type = "n2-standard-16",
	  .nic = "virtio-net", .nics = 1, .reserve = 2,
	  .vcpus = 16, .device = 16, .io_queues = 14, .used = 14 },
	{ .platform = "gcp", .type = "n2-standard-4",
	  .nic = "virtio-net", .nics = 1, .reserve = 4,
	  .vcpus = 4, .device = 4, .io_queues = 1, .used = 1 },
	{ .platform = "gcp", .type = "n2-standard-32",
	  .nic = "virtio-net", .nics = 2, .reserve = 8,
	  .vcpus = 32, .device = 16, .io_queues = 16, .used = 16 },
	/* io-queues asked for: used as given, clamped by the guest. */
	{ .platform = "gcp", .type = "n2-standard-32",
	  .nic = "virtio-net", .nics = 1, .io = 4,
	  .vcpus = 32, .device = 32, .io_queues = 4, .used = 4 },
	{ .platform = "gcp", .type = "n2-standard-16",
	  .nic = "virtio-net", .nics = 1, .io = 64,
	  .vcpus = 16, .device = 16, .io_queues = 64, .used = 16 },
	/* GCE custom queue counts. */
	{ .platform = "gcp", .type = "n2-standard-8",
	  .nic = "virtio-net", .nics = 2, .qc1 = 4,
	  .vcpus = 8, .device = 4, .io_queues = 4, .used = 4,
	  .device_last = 4 },
	{ .platform = "gcp", .type = "n2-standard-8",
	  .nic = "virtio-net", .nics = 2, .qc1 = 6,
	  .vcpus = 8, .device = 6, .io_queues = 6, .used = 6,
	  .device_last = 2 },
	{ .platform = "gcp", .type = "n2-standard-8",
	  .nic = "virtio-net", .nics = 2, .qc1 = 5, .qc_rest = 5,
	  .rc = -1, .vcpus = 8 },
	{ .platform = "gcp", .type = "n2-standard-8",
	  .nic = "virtio-net", .nics = 3, .qc1 = 7,
	  .rc = -1, .vcpus = 8 },
	{ .platform = "gcp", .type = "n2-standard-32",
	  .nic = "gvnic", .nics = 1, .qc1 = 20,
	  .rc = -1, .vcpus = 32 },
	{ .platform = "gcp", .type = "n2-standard-4",
	  .nic = "virtio-net", .nics = 1, .qc1 = 8,
	  .rc = -1, .vcpus = 4 },
	/*
	 * AWS ENA: the per-type figure per ENI, not shared: published
	 * (m5, m6i), else guessed (8; 32 on network-accelerated types).
	 */
	{ .platform = "aws", .type = "c5n.18xlarge",
	  .nics = 1,
	  .vcpus = 72, .device = 32, .io_queues = 0, .used = 32 },
	{ .platform = "aws", .type = "c5n.18xlarge",
	  .nics = 3,
	  .vcpus = 72, .device = 32, .io_queues = 0, .used = 32,
	  .device_last = 32 },
	{ .platform = "aws", .type = "c5n.large",
	  .nics = 1,
	  .vcpus = 2, .device = 8, .io_queues = 0, .used = 2 },
	{ .platform = "aws", .type = "c5n.metal",
	  .nics = 1,
	  .vcpus = 72, .device = 32, .io_queues = 0, .used = 32 },
	{ .platform = "aws", .type = "m5.metal",
	  .nics = 2,
	  .vcpus = 96, .device = 8, .io_queues = 0, .used = 8,
	  .device_last = 8 },
	{ .platform = "aws", .type = "t3.micro",
	  .nics = 1,
	  .vcpus = 2, .device = 2, .io_queues = 0, .used = 2 },
	{ .platform = "aws", .type = "a1.medium",
	  .nics = 1,
	  .vcpus = 1, .device = 8, .io_queues = 0, .used = 1 },
	{ .platform = "aws", .type = "i3.metal",
	  .nics = 1,
	  .vcpus = 72, .device = 8, .io_queues = 0, .used = 8 },
	{ .platform = "aws", .type = "m4.16xlarge",
	  .nics = 1,
	  .vcpus = 64, .device = 8, .io_queues = 0, .used = 8 },
	/* Issue 13's acceptance and published figures. */
	{ .platform = "aws", .type = "m5.large",
	  .nics = 1,
	  .vcpus = 2, .device = 8, .io_queues = 0, .used = 2 },
	{ .platform = "aws", .type = "c5.4xlarge",
	  .nics = 1,
	  .vcpus = 16, .device = 8, .io_queues = 0, .used = 8 },
	{ .platform = "aws", .type = "m5n.4xlarge",
	  .nics = 1,
	  .vcpus = 16, .device = 32, .io_queues = 0, .used = 16 },
	{ .platform = "aws", .type = "m7i-flex.4xlarge",
	  .nics = 1,
	  .vcpus = 16, .device = 4, .io_queues = 0, .used = 4 },
	{ .platform = "aws", .type = "m7a.medium",
	  .nics = 1,
	  .vcpus = 1, .device = 1, .io_queues = 0, .used = 1 },
	/* Published flexible-ENA defaults win over the vCPU rule. */
	{ .platform = "aws", .type = "m6i.large",
	  .nics = 1,
	  .vcpus = 2, .device = 2, .io_queues = 0, .used = 2 },
	{ .platform = "aws", .type = "m6i.4xlarge",
	  .nics = 1,
	  .vcpus = 16, .device = 8, .io_queues = 0, .used = 8 },
	{ .platform = "aws", .type = "m6i.16xlarge",
	  .nics = 2,
	  .vcpus = 64, .device = 8, .io_queues = 0, .used = 8,
	  .device_last = 8 },
	{ .platform = "aws", .type = "m6i.8xlarge",
	  .nics = 1, .qc1 = 32,
	  .vcpus = 32, .device = 32, .io_queues = 0, .used = 32 },
	{ .platform = "aws", .type = "m6i.4xlarge",
	  .nics = 1, .qc1 = 32,
	  .rc = -1, .vcpus = 16 },
	/* The ENA driver ignores io-queues: reserve and requests cannot act. */
	{ .platform = "aws", .type = "c5.xlarge",
	  .nics = 1, .reserve = 1,
	  .vcpus = 4, .device = 8, .io_queues = 0, .used = 4 },
	{ .platform = "aws", .type = "c5.xlarge",
	  .nics = 1, .io = 2,
	  .vcpus = 4, .device = 8, .io_queues = 0, .used = 4 },
	/* Xen: netfront and ixgbevf are single-queue in the guest. */
	{ .platform = "aws", .type = "t2.micro",
	  .nics = 1,
	  .vcpus = 1, .device = 1, .io_queues = 0, .used = 1 },
	{ .platform = "aws", .type = "m4.xlarge",
	  .nics = 1,
	  .vcpus = 4, .device = 2, .io_queues = 0, .used = 1 },
	{ .platform = "aws", .type = "c4.8xlarge",
	  .nics = 1,
	  .vcpus = 36, .device = 2, .io_queues = 0, .used = 1 },
	{ .platform = "aws", .type = "t2.micro",
	  .nics = 1, .qc1 = 1,
	  .rc = -1, .vcpus = 1 },
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
