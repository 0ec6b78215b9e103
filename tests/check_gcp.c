/*
 * GCE machine types: the name parser, the tables behind it, and gcloud's
 * JSON.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "platforms/gcp/machine_type.h"
#include "tests/check_main.h"

static const struct {
	const char	*name;
	int		 rc;
	unsigned int	 vcpus;
	const char	*nic0;		/* default NIC */
	bool		 gvnic;		/* gVNIC allowed */
	bool		 shared;
	unsigned int	 gen;
	const char	*err;		/* part of the message for rc != 0 */
} cases[] = {
	{ "n2-standard-32", 0, 32, "virtio-net", true, false, 2, NULL },
	{ "n1-standard-1", 0, 1, "virtio-net", true, false, 1, NULL },
	{ "n2d-highcpu-224", 0, 224, "virtio-net", true, false, 2, NULL },
	{ "e2-micro", 0, 2, "virtio-net", true, true, 2, NULL },
	{ "e2-small", 0, 2, "virtio-net", true, true, 2, NULL },
	{ "e2-medium", 0, 2, "virtio-net", true, true, 2, NULL },
	{ "f1-micro", 0, 1, "virtio-net", true, true, 1, NULL },
	{ "g1-small", 0, 1, "virtio-net", true, true, 1, NULL },
	{ "c3-standard-4-lssd", 0, 4, "gvnic", true, false, 3, NULL },
	{ "c3-highcpu-176", 0, 176, "gvnic", true, false, 3, NULL },
	{ "c3-highcpu-192-metal", 0, 192, "idpf", false, false, 3, NULL },
	{ "z3-highmem-88-highlssd", 0, 88, "gvnic", true, false, 3, NULL },
	{ "c4a-standard-72", 0, 72, "gvnic", true, false, 4, NULL },
	{ "t2a-standard-4", 0, 4, "gvnic", true, false, 3, NULL },
	{ "m2-ultramem-208", 0, 208, "virtio-net", true, false, 2, NULL },
	{ "custom-8-32768", 0, 8, "virtio-net", true, false, 1, NULL },
	{ "n2-custom-8-65536-ext", 0, 8, "virtio-net", true, false, 2, NULL },
	{ "e2-custom-micro-2048", 0, 2, "virtio-net", true, true, 2, NULL },
	{ "n4-custom-6-12288", 0, 6, "gvnic", true, false, 4, NULL },
	{ "a2-highgpu-1g", 0, 12, "virtio-net", true, false, 2, NULL },
	{ "a2-megagpu-16g", 0, 96, "virtio-net", true, false, 2, NULL },
	{ "a3-highgpu-8g", 0, 208, "gvnic", true, false, 3, NULL },
	{ "a3-megagpu-8g", 0, 208, "gvnic", true, false, 3, NULL },
	{ "n2-standard-7", 1, 0, NULL, false, false, 0,
	    "n2-standard has no size 7 (sizes: 2, 4, 8" },
	{ "c3-standard-192", 1, 0, NULL, false, false, 0,
	    "c3-standard has no size 192" },
	{ "zz9-standard-4", 1, 0, NULL, false, false, 0,
	    "unknown machine series 'zz9'" },
	{ "n2-superfast-8", 1, 0, NULL, false, false, 0,
	    "n2 has no type 'superfast' (types: standard, highmem, highcpu)" },
	{ "a2-highgpu-3g", 1, 0, NULL, false, false, 0, "a2-highgpu-3g" },
	{ "c2-custom-4-4096", 1, 0, NULL, false, false, 0,
	    "series 'c2' has no custom types" },
	{ "n2-standard-8-turbo", 1, 0, NULL, false, false, 0,
	    "unknown suffix 'turbo'" },
	{ "", -1, 0, NULL, false, false, 0, "must be 1 to" },
	{ "N2-STANDARD-8", -1, 0, NULL, false, false, 0, "'N2-STANDARD-8'" },
	{ "n2 standard 8", -1, 0, NULL, false, false, 0, "'n2 standard 8'" },
	{ "custom-0-1024", -1, 0, NULL, false, false, 0, "vCPUs '0'" },
	{ "custom-8", -1, 0, NULL, false, false, 0, "expected" },
	{ "custom-99999999999999999999-1024", -1, 0, NULL, false, false, 0,
	    "vCPUs '99999999999999999999'" },
	{ "n2-standard-", -1, 0, NULL, false, false, 0, "empty part" },
	{ "n2-standard-x", -1, 0, NULL, false, false, 0,
	    "'x' is not a vCPU count" },
	{ "n2-standard-8-lssd-a", -1, 0, NULL, false, false, 0,
	    "expected <series>-<type>-<vCPUs>[-<suffix>]" },
	{ "n2-standard-8-lssd-a-b-c", -1, 0, NULL, false, false, 0,
	    "too many parts" },
};

START_TEST(test_lookup)
{
	struct instance_type	it;
	char			err[256];
	int			rc;

	rc = gcp_machine_type_lookup(cases[_i].name, &it, err, sizeof(err));
	ck_assert_msg(rc == cases[_i].rc, "%s: rc %d (%s)", cases[_i].name, rc,
	    err);
	if (rc != 0) {
		ck_assert_msg(strstr(err, cases[_i].err) != NULL,
		    "%s: '%s' lacks '%s'", cases[_i].name, err, cases[_i].err);
		return;
	}
	ck_assert_str_eq(it.name, cases[_i].name);
	ck_assert_str_eq(it.platform, "gcp");
	ck_assert_uint_eq(it.vcpus, cases[_i].vcpus);
	ck_assert_str_eq(it.nics[0], cases[_i].nic0);
	ck_assert(instance_type_allows_nic(&it, "gvnic") == cases[_i].gvnic);
	ck_assert(it.shared_core == cases[_i].shared);
	ck_assert_uint_eq(it.generation, cases[_i].gen);
	ck_assert_str_ne(it.vcpus_rule, "");
	ck_assert_str_ne(it.source, "");
}
END_TEST

START_TEST(test_confirmation)
{
	struct instance_type	it;
	char			err[256];

	/* Its vCPUs and NICs are confirmed, its vNIC limit is not. */
	ck_assert_int_eq(gcp_machine_type_lookup("n2-standard-8", &it, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(it.vcpus_from.basis, BASIS_CONFIRMED);
	ck_assert_int_eq(it.nics_from.basis, BASIS_CONFIRMED);
	ck_assert_int_eq(it.max_nics_from.basis, BASIS_DERIVED);
	ck_assert(!instance_type_confirmed(&it));
	ck_assert_int_eq(gcp_machine_type_lookup("t2a-standard-4", &it, err,
	    sizeof(err)), 0);
	ck_assert(!instance_type_confirmed(&it));
	ck_assert_int_eq(gcp_machine_type_lookup("a3-highgpu-8g", &it, err,
	    sizeof(err)), 0);
	ck_assert(!instance_type_confirmed(&it));
	ck_assert_uint_eq(it.accelerators, 8);
	ck_assert_int_eq(gcp_machine_type_lookup("c3-highcpu-192-metal", &it,
	    err, sizeof(err)), 0);
	ck_assert(it.bare_metal);
	ck_assert_int_eq(gcp_machine_type_lookup("custom-8-32768", &it, err,
	    sizeof(err)), 0);
	ck_assert(it.custom);
	ck_assert_str_eq(it.family, "n1");
}
END_TEST

struct walk {
	int	n;
	int	bad;
	int	stop_at;
};

static int
walk_one(const struct instance_type *it, void *arg)
{
	struct walk		*w = arg;
	struct instance_type	 again;
	char			 err[256];

	w->n++;
	if (gcp_machine_type_lookup(it->name, &again, err, sizeof(err)) != 0 ||
	    again.vcpus != it->vcpus)
		w->bad++;
	return (w->stop_at != 0 && w->n == w->stop_at ? 7 : 0);
}

START_TEST(test_foreach)
{
	struct walk	w = { 0, 0, 0 };

	ck_assert_int_eq(gcp_machine_type_foreach(walk_one, &w), 0);
	ck_assert_int_gt(w.n, 300);
	ck_assert_int_eq(w.bad, 0);
	w.n = 0;
	w.stop_at = 5;
	ck_assert_int_eq(gcp_machine_type_foreach(walk_one, &w), 7);
	ck_assert_int_eq(w.n, 5);
}
END_TEST

START_TEST(test_json)
{
	static const char e2[] = "{\"kind\": \"compute#machineType\", "
	    "\"id\": \"334002\", \"creationTimestamp\": "
	    "\"1969-12-31T16:00:00.000-08:00\", \"name\": \"e2-micro\", "
	    "\"description\": \"Efficient Instance, 2 vCPU (1/8 shared "
	    "physical core) and 1 GB RAM\", \"guestCpus\": 2, \"memoryMb\": "
	    "1024, \"imageSpaceGb\": 0, \"maximumPersistentDisks\": 16, "
	    "\"maximumPersistentDisksSizeGb\": \"3072\", \"zone\": "
	    "\"europe-west1-b\", \"selfLink\": \"https://x/e2-micro\", "
	    "\"isSharedCpu\": true}";
	static const char a3[] = "{\"name\": \"a3-highgpu-8g\", \"guestCpus\": "
	    "208, \"accelerators\": [{\"guestAcceleratorType\": "
	    "\"nvidia-h100-80gb\", \"guestAcceleratorCount\": 8}]}";
	static const char *const bad[] = { "{\"name\": \"x-1\"}",
	    "{\"name\": \"x-1\", \"guestCpus\": \"2\"}",
	    "{\"name\": \"x-1\", \"guestCpus\": 0}",
	    "{\"guestCpus\": 4}", "[1]" };
	struct instance_type	 it;
	char			 err[256];
	json_t			*j;
	size_t			 i;

	j = json_loads(e2, 0, NULL);
	ck_assert_int_eq(gcp_machine_type_from_json(j, &it, err, sizeof(err)),
	    0);
	ck_assert_str_eq(it.name, "e2-micro");
	ck_assert_uint_eq(it.vcpus, 2);
	ck_assert(it.shared_core);
	ck_assert_str_eq(it.nics[0], "virtio-net");
	json_decref(j);

	j = json_loads(a3, 0, NULL);
	ck_assert_int_eq(gcp_machine_type_from_json(j, &it, err, sizeof(err)),
	    0);
	ck_assert_uint_eq(it.vcpus, 208);
	ck_assert_uint_eq(it.accelerators, 8);
	ck_assert_str_eq(it.nics[0], "gvnic");
	json_decref(j);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		j = json_loads(bad[i], 0, NULL);
		ck_assert_int_eq(gcp_machine_type_from_json(j, &it, err,
		    sizeof(err)), -1);
		ck_assert_str_ne(err, "");
		json_decref(j);
	}
}
END_TEST

/*
 * GCE's vNIC limit, max(2, min(vCPUs, 8)): derived, its source saying that
 * Google's page does not state it; no figure for accelerator and bare-metal
 * types, nor from a catalog's guestCpus but by the same rule.
 */
static const struct {
	const char	*name;
	unsigned int	 max_nics;
} nic_limits[] = {
	{ "e2-micro", 2 },
	{ "f1-micro", 2 },
	{ "n1-standard-1", 2 },
	{ "n2-standard-4", 4 },
	{ "e2-custom-6-8192", 6 },
	{ "n2-standard-16", 8 },
	{ "c3-highcpu-176", 8 },
	{ "a3-highgpu-8g", 0 },
	{ "c3-highcpu-192-metal", 0 },
};

START_TEST(test_nic_limit)
{
	struct instance_type	it;
	char			err[256];

	ck_assert_int_eq(gcp_machine_type_lookup(nic_limits[_i].name, &it, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(it.max_nics, nic_limits[_i].max_nics);
	if (it.max_nics == 0) {
		ck_assert_int_eq(it.max_nics_from.basis, BASIS_NONE);
		return;
	}
	ck_assert_int_eq(it.max_nics_from.basis, BASIS_DERIVED);
	ck_assert_ptr_nonnull(strstr(it.max_nics_from.source, "UNCONFIRMED"));
	ck_assert_ptr_nonnull(strstr(it.max_nics_from.source,
	    "cloud.google.com/vpc/docs/multiple-interfaces-concepts"));
}
END_TEST

START_TEST(test_nic_limit_json)
{
	struct instance_type	 it;
	char			 err[256];
	json_t			*j;

	j = json_loads("{\"name\": \"n2-standard-3\", \"guestCpus\": 3}", 0,
	    NULL);
	ck_assert_int_eq(gcp_machine_type_from_json(j, &it, err, sizeof(err)),
	    0);
	ck_assert_uint_eq(it.max_nics, 3);
	ck_assert_int_eq(it.max_nics_from.basis, BASIS_DERIVED);
	ck_assert_ptr_nonnull(strstr(it.max_nics_from.source, "guestCpus"));
	json_decref(j);
}
END_TEST

static Suite *
gcp_suite(void)
{
	Suite	*s = suite_create("gcp");
	TCase	*tc = tcase_create("machine_type");

	tcase_add_loop_test(tc, test_lookup, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_confirmation);
	tcase_add_loop_test(tc, test_nic_limit, 0,
	    sizeof(nic_limits) / sizeof(nic_limits[0]));
	tcase_add_test(tc, test_nic_limit_json);
	tcase_add_test(tc, test_foreach);
	tcase_add_test(tc, test_json);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (check_main(gcp_suite()));
}
