/*
 * EC2 instance types: size rule and exceptions, hypervisor and NIC per
 * family, flexible ENA figures, and describe-instance-types JSON.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "platforms/aws/instance_type.h"
#include "tests/check_main.h"

static const struct {
	const char	*name;
	int		 rc;
	unsigned int	 vcpus;
	const char	*hypervisor;
	const char	*nic;
	bool		 metal;
	unsigned int	 ena_default;
	unsigned int	 ena_max;
	const char	*err;
} cases[] = {
	{ "c5n.18xlarge", 0, 72, "nitro", "ena", false, 32, 0, NULL },
	{ "c5n.metal", 0, 72, "nitro", "ena", true, 32, 0, NULL },
	{ "t2.micro", 0, 1, "xen", "netfront", false, 0, 0, NULL },
	{ "t2.medium", 0, 2, "xen", "netfront", false, 0, 0, NULL },
	{ "t3.micro", 0, 2, "nitro", "ena", false, 2, 2, NULL },
	{ "m4.16xlarge", 0, 64, "xen", "ena", false, 8, 0, NULL },
	{ "m4.xlarge", 0, 4, "xen", "ixgbevf", false, 0, 0, NULL },
	{ "c4.8xlarge", 0, 36, "xen", "ixgbevf", false, 0, 0, NULL },
	{ "m6i.large", 0, 2, "nitro", "ena", false, 2, 2, NULL },
	{ "m6i.xlarge", 0, 4, "nitro", "ena", false, 4, 4, NULL },
	{ "m6i.2xlarge", 0, 8, "nitro", "ena", false, 8, 8, NULL },
	{ "m6i.4xlarge", 0, 16, "nitro", "ena", false, 8, 16, NULL },
	{ "m6i.8xlarge", 0, 32, "nitro", "ena", false, 8, 32, NULL },
	{ "m6i.16xlarge", 0, 64, "nitro", "ena", false, 8, 32, NULL },
	{ "m6id.12xlarge", 0, 48, "nitro", "ena", false, 8, 32, NULL },
	{ "i3.metal", 0, 72, "nitro", "ena", true, 8, 0, NULL },
	{ "i3.large", 0, 2, "xen", "ena", false, 8, 0, NULL },
	{ "m7i.metal-48xl", 0, 192, "nitro", "ena", true, 16, 16, NULL },
	{ "mac1.metal", 0, 12, "nitro", "ena", true, 8, 8, NULL },
	{ "u-6tb1.112xlarge", 0, 448, "nitro", "ena", false, 8, 0, NULL },
	{ "m7i-flex.large", 0, 2, "nitro", "ena", false, 1, 1, NULL },
	{ "a1.medium", 0, 1, "nitro", "ena", false, 8, 0, NULL },
	{ "hpc7g.16xlarge", 0, 64, "nitro", "ena", false, 8, 0, NULL },
	/* The published figures (AWS gp.html / co.html). */
	{ "m5.large", 0, 2, "nitro", "ena", false, 8, 8, NULL },
	{ "m5.xlarge", 0, 4, "nitro", "ena", false, 8, 8, NULL },
	{ "m5.24xlarge", 0, 96, "nitro", "ena", false, 8, 8, NULL },
	{ "m5n.4xlarge", 0, 16, "nitro", "ena", false, 32, 32, NULL },
	{ "m5n.2xlarge", 0, 8, "nitro", "ena", false, 8, 8, NULL },
	{ "m7i-flex.4xlarge", 0, 16, "nitro", "ena", false, 4, 4, NULL },
	{ "m7a.medium", 0, 1, "nitro", "ena", false, 1, 1, NULL },
	{ "c6in.32xlarge", 0, 128, "nitro", "ena", false, 32, 32, NULL },
	/* Guessed: 8 per interface, never one per vCPU. */
	{ "c5.4xlarge", 0, 16, "nitro", "ena", false, 8, 0, NULL },
	{ "c99.large", 1, 0, NULL, NULL, false, 0, 0,
	    "unknown instance family 'c99'" },
	{ "c5n.nano", 1, 0, NULL, NULL, false, 0, 0,
	    "c5n has no size 'nano' (sizes: large" },
	{ "", -1, 0, NULL, NULL, false, 0, 0, "must be 1 to" },
	{ "c5n", -1, 0, NULL, NULL, false, 0, 0, "'c5n' is not" },
	{ "C5N.18XLARGE", -1, 0, NULL, NULL, false, 0, 0, "'C5N.18XLARGE'" },
	{ "c5.0xlarge", -1, 0, NULL, NULL, false, 0, 0, "'0xlarge'" },
	{ "c5.99999999999xlarge", -1, 0, NULL, NULL, false, 0, 0,
	    "'99999999999xlarge'" },
	{ "c5 .large", -1, 0, NULL, NULL, false, 0, 0, "'c5 .large'" },
	{ "c5.large.x", -1, 0, NULL, NULL, false, 0, 0, "<family>.<size>" },
};

START_TEST(test_lookup)
{
	struct instance_type	it;
	char			err[256];
	int			rc;

	rc = aws_instance_type_lookup(cases[_i].name, &it, err, sizeof(err));
	ck_assert_msg(rc == cases[_i].rc, "%s: rc %d (%s)", cases[_i].name, rc,
	    err);
	if (rc != 0) {
		ck_assert_msg(strstr(err, cases[_i].err) != NULL,
		    "%s: '%s' lacks '%s'", cases[_i].name, err, cases[_i].err);
		return;
	}
	ck_assert_str_eq(it.platform, "aws");
	ck_assert_uint_eq(it.vcpus, cases[_i].vcpus);
	ck_assert_str_eq(it.hypervisor, cases[_i].hypervisor);
	ck_assert_str_eq(it.nics[0], cases[_i].nic);
	ck_assert(it.bare_metal == cases[_i].metal);
	ck_assert_uint_eq(it.ena_default, cases[_i].ena_default);
	ck_assert_uint_eq(it.ena_max, cases[_i].ena_max);
	ck_assert_str_ne(it.vcpus_rule, "");
}
END_TEST

START_TEST(test_sources)
{
	struct instance_type	it;
	char			err[256];

	ck_assert_int_eq(aws_instance_type_lookup("m6i.large", &it, err,
	    sizeof(err)), 0);
	ck_assert(instance_type_confirmed(&it));
	ck_assert_int_eq(it.flexible_ena, 1);
	ck_assert_int_eq(aws_instance_type_lookup("c5n.18xlarge", &it, err,
	    sizeof(err)), 0);
	ck_assert(!instance_type_confirmed(&it));
	ck_assert_int_eq(it.flexible_ena, -1);
	ck_assert_ptr_nonnull(strstr(it.vcpus_rule, "4 x 18"));
	ck_assert_int_eq(aws_instance_type_lookup("c4.8xlarge", &it, err,
	    sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(it.vcpus_rule, "exception table"));
}
END_TEST

struct walk {
	int	n;
	int	bad;
	int	metal;
	int	stop_at;
};

static int
walk_one(const struct instance_type *it, void *arg)
{
	struct walk		*w = arg;
	struct instance_type	 again;
	char			 err[256];

	w->n++;
	if (it->bare_metal)
		w->metal++;
	if (aws_instance_type_lookup(it->name, &again, err, sizeof(err)) != 0 ||
	    again.vcpus != it->vcpus || it->vcpus == 0)
		w->bad++;
	return (w->stop_at != 0 && w->n == w->stop_at ? 9 : 0);
}

START_TEST(test_foreach)
{
	struct walk	w = { 0, 0, 0, 0 };

	ck_assert_int_eq(aws_instance_type_foreach(walk_one, &w), 0);
	ck_assert_int_gt(w.n, 600);
	ck_assert_int_gt(w.metal, 50);
	ck_assert_int_eq(w.bad, 0);
	memset(&w, 0, sizeof(w));
	w.stop_at = 3;
	ck_assert_int_eq(aws_instance_type_foreach(walk_one, &w), 9);
	ck_assert_int_eq(w.n, 3);
}
END_TEST

START_TEST(test_json)
{
	static const char old[] = "{\"InstanceType\": \"t2.micro\", "
	    "\"Hypervisor\": \"xen\", \"VCpuInfo\": {\"DefaultVCpus\": 1, "
	    "\"DefaultCores\": 1, \"DefaultThreadsPerCore\": 1}, "
	    "\"NetworkInfo\": {\"MaximumNetworkInterfaces\": 2, "
	    "\"EnaSupport\": \"unsupported\"}}";
	static const char newer[] = "{\"InstanceType\": \"a1.2xlarge\", "
	    "\"Hypervisor\": \"nitro\", \"VCpuInfo\": {\"DefaultVCpus\": 8}, "
	    "\"NetworkInfo\": {\"MaximumNetworkInterfaces\": 4, "
	    "\"MaximumNetworkCards\": 1, \"DefaultNetworkCardIndex\": 0, "
	    "\"NetworkCards\": [{\"NetworkCardIndex\": 0, "
	    "\"MaximumNetworkInterfaces\": 4, \"BaselineBandwidthInGbps\": 2.5, "
	    "\"PeakBandwidthInGbps\": 10}], \"EnaSupport\": \"required\"}}";
	static const char flex[] = "{\"InstanceType\": \"m6i.4xlarge\", "
	    "\"VCpuInfo\": {\"DefaultVCpus\": 16}, \"NetworkInfo\": "
	    "{\"EnaSupport\": \"required\", \"FlexibleEnaQueuesSupport\": "
	    "\"supported\", \"NetworkCards\": [{\"NetworkCardIndex\": 0, "
	    "\"DefaultEnaQueueCountPerInterface\": 8, "
	    "\"MaximumEnaQueueCountPerInterface\": 16}]}}";
	static const char *const bad[] = {
	    "{\"InstanceType\": \"x.large\", \"VCpuInfo\": {}}",
	    "{\"InstanceType\": \"x.large\", \"VCpuInfo\": "
	    "{\"DefaultVCpus\": \"2\"}}",
	    "{\"VCpuInfo\": {\"DefaultVCpus\": 2}}", "7" };
	struct instance_type	 it;
	char			 err[256];
	json_t			*j;
	size_t			 i;

	j = json_loads(old, 0, NULL);
	ck_assert_int_eq(aws_instance_type_from_json(j, &it, err, sizeof(err)),
	    0);
	ck_assert_uint_eq(it.vcpus, 1);
	ck_assert_str_eq(it.nics[0], "netfront");
	ck_assert_str_eq(it.hypervisor, "xen");
	ck_assert_uint_eq(it.max_nics, 2);
	json_decref(j);

	j = json_loads(newer, 0, NULL);
	ck_assert_int_eq(aws_instance_type_from_json(j, &it, err, sizeof(err)),
	    0);
	ck_assert_uint_eq(it.vcpus, 8);
	ck_assert_str_eq(it.nics[0], "ena");
	/* No ENA figures in the catalog: the built-in guess stands. */
	ck_assert_uint_eq(it.ena_default, 8);
	ck_assert_str_eq(basis_name(it.ena_from.basis), "guess");
	ck_assert_int_eq(it.flexible_ena, -1);
	json_decref(j);

	j = json_loads(flex, 0, NULL);
	ck_assert_int_eq(aws_instance_type_from_json(j, &it, err, sizeof(err)),
	    0);
	ck_assert_uint_eq(it.ena_default, 8);
	ck_assert_uint_eq(it.ena_max, 16);
	ck_assert_int_eq(it.flexible_ena, 1);
	json_decref(j);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		j = json_loads(bad[i], JSON_DECODE_ANY, NULL);
		ck_assert_int_eq(aws_instance_type_from_json(j, &it, err,
		    sizeof(err)), -1);
		ck_assert_str_ne(err, "");
		json_decref(j);
	}
}
END_TEST

/* The three ways to the ENA figure, each naming where it comes from. */
START_TEST(test_ena_provenance)
{
	static const char derived[] = "{\"InstanceType\": \"c5.4xlarge\", "
	    "\"VCpuInfo\": {\"DefaultVCpus\": 16}, \"NetworkInfo\": "
	    "{\"EnaSupport\": \"required\", \"NetworkCards\": "
	    "[{\"NetworkCardIndex\": 0, \"MaximumNetworkInterfaces\": 8, "
	    "\"MaximumEnaQueueCount\": 64}]}}";
	static const char wins[] = "{\"InstanceType\": \"m5.large\", "
	    "\"VCpuInfo\": {\"DefaultVCpus\": 2}, \"NetworkInfo\": "
	    "{\"EnaSupport\": \"required\", \"NetworkCards\": "
	    "[{\"NetworkCardIndex\": 0, \"MaximumNetworkInterfaces\": 3, "
	    "\"MaximumEnaQueueCount\": 24, "
	    "\"DefaultEnaQueueCountPerInterface\": 4}]}}";
	struct instance_type	 it;
	char			 err[256];
	json_t			*j;

	ck_assert_int_eq(aws_instance_type_lookup("m5.large", &it, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(it.ena_default, 8);
	ck_assert_str_eq(basis_name(it.ena_from.basis), "published");
	ck_assert_str_eq(it.ena_from.source, "ENA queues per interface: "
	    "https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html");
	ck_assert_uint_eq(it.ena_card_max, 0);

	/* The ENA queues guide adds the per-instance maximum for m6i. */
	ck_assert_int_eq(aws_instance_type_lookup("m6i.4xlarge", &it, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(it.ena_default, 8);
	ck_assert_uint_eq(it.ena_max, 16);
	ck_assert_uint_eq(it.ena_card_max, 64);
	ck_assert_ptr_nonnull(strstr(it.ena_from.source, "ena-queues.html"));

	ck_assert_int_eq(aws_instance_type_lookup("c5.4xlarge", &it, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(it.ena_default, 8);
	ck_assert_str_eq(basis_name(it.ena_from.basis), "guess");
	ck_assert_ptr_nonnull(strstr(it.ena_from.source, "best practices"));

	/* No ENA, no figure. */
	ck_assert_int_eq(aws_instance_type_lookup("t2.micro", &it, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(it.ena_default, 0);
	ck_assert_int_eq(it.ena_from.basis, BASIS_NONE);

	j = json_loads(derived, 0, NULL);
	ck_assert_int_eq(aws_instance_type_from_json(j, &it, err, sizeof(err)),
	    0);
	ck_assert_uint_eq(it.ena_default, 8);
	ck_assert_str_eq(basis_name(it.ena_from.basis), "derived");
	ck_assert_ptr_nonnull(strstr(it.ena_from.source, "cilium"));
	json_decref(j);

	/* The catalog's own figure wins over the table and the derivation. */
	j = json_loads(wins, 0, NULL);
	ck_assert_int_eq(aws_instance_type_from_json(j, &it, err, sizeof(err)),
	    0);
	ck_assert_uint_eq(it.ena_default, 4);
	ck_assert_str_eq(basis_name(it.ena_from.basis), "published");
	ck_assert_ptr_nonnull(strstr(it.ena_from.source,
	    "DefaultEnaQueueCountPerInterface"));
	json_decref(j);
}
END_TEST

/* Every published row names an AWS page and reaches a known family. */
START_TEST(test_ena_rows_sourced)
{
	struct instance_type	 it;
	const char		*family, *figures, *source;
	char			 name[INSTANCE_TYPE_NAME_MAX], err[256];
	size_t			 i;

	for (i = 0; aws_ena_row(i, &family, &figures, &source) == 0; i++) {
		ck_assert_msg(source != NULL && strncmp(source,
		    "https://docs.aws.amazon.com/", 28) == 0,
		    "ENA row %s has no AWS page as its source", family);
		ck_assert_msg(figures != NULL && strchr(figures, '=') != NULL,
		    "ENA row %s has no figures", family);
		snprintf(name, sizeof(name), "%s.%.*s", family,
		    (int)strcspn(figures, "="), figures);
		if (strncmp(figures, "*=", 2) == 0)
			snprintf(name, sizeof(name), "%s.%s", family,
			    strcmp(family, "m5") == 0 ? "large" : "xlarge");
		ck_assert_msg(aws_instance_type_lookup(name, &it, err,
		    sizeof(err)) == 0, "ENA row %s: %s", family, err);
		ck_assert_str_eq(basis_name(it.ena_from.basis), "published");
	}
	ck_assert_uint_gt(i, 20);
}
END_TEST

static int
ena_sourced(const struct instance_type *it, void *arg)
{
	int	*bad = arg;

	if (strcmp(it->nics[0], "ena") == 0 && (it->ena_default == 0 ||
	    it->ena_from.basis == BASIS_NONE ||
	    it->ena_from.source[0] == '\0'))
		(*bad)++;
	return (0);
}

/* No ENA type in the table is left without a figure and its source. */
START_TEST(test_ena_every_type)
{
	int	bad = 0;

	ck_assert_int_eq(aws_instance_type_foreach(ena_sourced, &bad), 0);
	ck_assert_int_eq(bad, 0);
}
END_TEST

/*
 * NIC limits: the generated describe-instance-types rows first, then the
 * figures of amazon-vpc-resource-controller-k8s's limits.go, each sourced;
 * a type neither names has none.
 */
START_TEST(test_nic_limits)
{
	struct instance_type	it;
	char			err[256];

	ck_assert_int_eq(aws_instance_type_lookup("m5.large", &it, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(it.max_nics, 3);
	ck_assert_uint_eq(it.network_cards, 1);
	ck_assert_int_eq(it.max_nics_from.basis, BASIS_PUBLISHED);
	ck_assert_ptr_nonnull(strstr(it.max_nics_from.source,
	    "aws/amazon-vpc-resource-controller-k8s pkg/aws/vpc/limits.go @ "));
	/* Several network cards: the total and the most on one card. */
	ck_assert_int_eq(aws_instance_type_lookup("p4d.24xlarge", &it, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(it.max_nics, 60);
	ck_assert_uint_eq(it.network_cards, 4);
	ck_assert_uint_eq(it.card_max_nics, 15);
	ck_assert_int_eq(aws_instance_type_lookup("c6in.32xlarge", &it, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(it.max_nics, 16);
	ck_assert_uint_eq(it.network_cards, 2);
	ck_assert_uint_eq(it.card_max_nics, 8);
	/* A generated row wins over the other table. */
	ck_assert_int_eq(aws_instance_type_lookup("t2.micro", &it, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(it.max_nics, 2);
	ck_assert_ptr_nonnull(strstr(it.max_nics_from.source,
	    "describe-instance-types"));
	ck_assert_ptr_null(strstr(it.max_nics_from.source, "limits.go"));
}
END_TEST

/* Every built-in type with a NIC limit has a source; none has a guess. */
static int
limit_sourced(const struct instance_type *it, void *arg)
{
	unsigned int	*n = arg;

	if (it->max_nics == 0)
		return (it->max_nics_from.basis != BASIS_NONE);
	if (it->max_nics_from.basis != BASIS_PUBLISHED ||
	    it->max_nics_from.source[0] == '\0')
		return (1);
	(*n)++;
	return (0);
}

START_TEST(test_nic_limits_sourced)
{
	unsigned int	n = 0;

	ck_assert_int_eq(aws_instance_type_foreach(limit_sourced, &n), 0);
	/* Nearly every family-table type is in the public table. */
	ck_assert_uint_gt(n, 300);
}
END_TEST

static Suite *
aws_suite(void)
{
	Suite	*s = suite_create("aws");
	TCase	*tc = tcase_create("instance_type");

	tcase_add_loop_test(tc, test_lookup, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_sources);
	tcase_add_test(tc, test_foreach);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_ena_provenance);
	tcase_add_test(tc, test_ena_rows_sourced);
	tcase_add_test(tc, test_ena_every_type);
	tcase_add_test(tc, test_nic_limits);
	tcase_add_test(tc, test_nic_limits_sourced);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (check_main(aws_suite()));
}
