/*
 * Offline detection over the sysfs fixture trees of tests/data/sysfs and
 * the SDKs' environment variables: which cloud, why, what DMI tells, the
 * guest's CPUs and NICs, and whether the metadata service is worth asking.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "platforms/detect.h"
#include "tests/check_main.h"

#define SYSFS	TEST_DATA "/sysfs/"

static const char *const vars[] = { "GCE_METADATA_HOST", "GCE_METADATA_IP",
    "NO_GCE_CHECK", "AWS_EC2_METADATA_SERVICE_ENDPOINT",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "AWS_EC2_METADATA_DISABLED",
    "AWS_EC2_METADATA_V1_DISABLED", NULL };

static void
clean_env(void)
{
	const char *const	*v;

	for (v = vars; *v != NULL; v++)
		unsetenv(*v);
}

static void
detect_in(struct detection *d, const char *fixture)
{
	struct sysfs	s;
	char		root[256], err[256];

	snprintf(root, sizeof(root), SYSFS "%s", fixture);
	sysfs_init(&s, root);
	ck_assert_msg(detect_offline(d, &s, false, err, sizeof(err)) == 0,
	    "%s", err);
}

static const struct {
	const char	*fixture;
	const char	*platform;
	const char	*why;
	const char	*hypervisor;
	const char	*type;
	unsigned int	 vcpus;
	size_t		 nnics;
	const char	*nic0;		/* NIC type of the first interface */
	const char	*driver0;
	unsigned int	 queues0;
	bool		 metadata;
	const char	*url;
} fixtures[] = {
	{ "gce-virtio", "gcp", "DMI product_name is 'Google Compute Engine'",
	    NULL, "", 8, 1, "virtio-net", "virtio_net", 8, true,
	    "http://169.254.169.254/computeMetadata/v1/" },
	{ "gce-gvnic", "gcp", "DMI product_name is 'Google Compute Engine'",
	    NULL, "", 16, 2, "gvnic", "gve", 4, true,
	    "http://169.254.169.254/computeMetadata/v1/" },
	{ "ec2-nitro", "aws", "DMI sys_vendor is 'Amazon EC2'", "nitro",
	    "c5n.xlarge", 4, 2, "ena", "ena", 4, true,
	    "http://169.254.169.254" },
	{ "ec2-xen", "aws", "hypervisor uuid starts with ec2", "xen", "", 1, 1,
	    "netfront", "vif", 1, true, "http://169.254.169.254" },
	{ "laptop", NULL, "no cloud in the environment, DMI or hypervisor files",
	    NULL, "", 8, 1, NULL, "iwlwifi", 1, false, "" },
	{ "container", NULL, "no cloud in the environment, DMI or hypervisor "
	    "files", NULL, "", 2, 0, NULL, NULL, 0, false, "" },
	/* No devices/system/cpu/online: vCPUs not known from the guest. */
	{ "gce-nocpus", "gcp", "DMI product_name is 'Google Compute Engine'",
	    NULL, "", 0, 1, "virtio-net", "virtio_net", 8, true,
	    "http://169.254.169.254/computeMetadata/v1/" },
	/* DMI holding escapes and a byte that is not UTF-8: kept as read. */
	{ "ec2-hostile", "aws", "DMI sys_vendor is 'Amazon EC2'", "nitro",
	    "c5n.xlarge\x1b[2J\xff", 4, 2, "ena", "ena", 4, true,
	    "http://169.254.169.254" },
};

START_TEST(test_fixtures)
{
	struct detection	d;

	clean_env();
	detect_in(&d, fixtures[_i].fixture);
	if (fixtures[_i].platform == NULL)
		ck_assert_ptr_null(d.platform);
	else
		ck_assert_str_eq(d.platform, fixtures[_i].platform);
	ck_assert_str_eq(d.why, fixtures[_i].why);
	if (fixtures[_i].hypervisor == NULL)
		ck_assert_ptr_null(d.hypervisor);
	else
		ck_assert_str_eq(d.hypervisor, fixtures[_i].hypervisor);
	ck_assert_str_eq(d.instance_type, fixtures[_i].type);
	ck_assert_uint_eq(d.vcpus, fixtures[_i].vcpus);
	ck_assert_uint_eq(d.nnics, fixtures[_i].nnics);
	if (d.nnics > 0) {
		if (fixtures[_i].nic0 == NULL)
			ck_assert_ptr_null(d.nics[0].type);
		else
			ck_assert_str_eq(d.nics[0].type, fixtures[_i].nic0);
		ck_assert_str_eq(d.nics[0].driver, fixtures[_i].driver0);
		ck_assert_uint_eq(d.nics[0].rx_queues, fixtures[_i].queues0);
		ck_assert_uint_eq(d.nics[0].tx_queues, fixtures[_i].queues0);
	}
	ck_assert(d.metadata_wanted == fixtures[_i].metadata);
	ck_assert_str_eq(d.metadata_url, fixtures[_i].url);
	ck_assert_uint_ge(d.log.nprobes, 13);
}
END_TEST

START_TEST(test_nitro_details)
{
	struct detection	d;

	clean_env();
	detect_in(&d, "ec2-nitro");
	ck_assert_str_eq(d.instance_id, "i-0af01c0123456789a");
	ck_assert_str_eq(d.nics[0].ifname, "ens5");
	ck_assert_str_eq(d.nics[1].ifname, "ens6");
	ck_assert_uint_eq(d.nics[0].vendor, 0x1d0f);
	ck_assert_uint_eq(d.nics[0].device, 0xec20);
	ck_assert(d.imds_v1_allowed);
}
END_TEST

/*
 * An endpoint in the environment says EC2 as DMI does: what DMI tells of
 * a Nitro machine (type in product_name, instance id in board_asset_tag)
 * is still read.
 */
START_TEST(test_endpoint_keeps_dmi)
{
	struct detection	d;

	clean_env();
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9", 1);
	detect_in(&d, "ec2-nitro");
	ck_assert_str_eq(d.why, "AWS_EC2_METADATA_SERVICE_ENDPOINT is set");
	ck_assert_str_eq(d.hypervisor, "nitro");
	ck_assert_str_eq(d.instance_type, "c5n.xlarge");
	ck_assert_str_eq(d.instance_id, "i-0af01c0123456789a");
	/* Not on EC2 by DMI: nothing taken from it. */
	detect_in(&d, "laptop");
	ck_assert_ptr_null(d.hypervisor);
	ck_assert_str_eq(d.instance_id, "");
	clean_env();
}
END_TEST

/* A MAC goes into metadata URLs: anything else is dropped. */
START_TEST(test_bad_mac)
{
	struct detection	d;

	clean_env();
	detect_in(&d, "ec2-hostile");
	ck_assert_str_eq(d.nics[0].mac, "0e:49:61:0f:c3:11");
	ck_assert_str_eq(d.nics[1].mac, "");
}
END_TEST

START_TEST(test_virtio_pci_ids)
{
	struct detection	d;

	/* The virtio device's ids are the virtio bus's; PCI's are above. */
	clean_env();
	detect_in(&d, "gce-virtio");
	ck_assert_uint_eq(d.nics[0].vendor, 0x1af4);
	ck_assert_uint_eq(d.nics[0].device, 0x1000);
}
END_TEST

START_TEST(test_env_overrides)
{
	struct detection	 d;
	struct sysfs		 s;
	char			 err[256];

	clean_env();
	setenv("GCE_METADATA_HOST", "127.0.0.1:8080", 1);
	detect_in(&d, "laptop");
	ck_assert_str_eq(d.platform, "gcp");
	ck_assert_str_eq(d.why, "GCE_METADATA_HOST is set");
	ck_assert_str_eq(d.metadata_url, "http://127.0.0.1:8080/"
	    "computeMetadata/v1/");
	ck_assert(d.metadata_wanted);

	/* An explicit "not GCE" wins over the host and over DMI. */
	setenv("NO_GCE_CHECK", "True", 1);
	detect_in(&d, "laptop");
	ck_assert_ptr_null(d.platform);
	detect_in(&d, "gce-virtio");
	ck_assert_str_eq(d.platform, "gcp");
	ck_assert(!d.metadata_wanted);
	ck_assert_str_eq(d.metadata_why, "NO_GCE_CHECK is true");

	clean_env();
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338/", 1);
	setenv("AWS_EC2_METADATA_V1_DISABLED", "true", 1);
	detect_in(&d, "container");
	ck_assert_str_eq(d.platform, "aws");
	ck_assert_str_eq(d.metadata_url, "http://127.0.0.1:1338");
	ck_assert(!d.imds_v1_allowed);

	clean_env();
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6", 1);
	detect_in(&d, "ec2-nitro");
	ck_assert_str_eq(d.metadata_url, "http://[fd00:ec2::254]");
	setenv("AWS_EC2_METADATA_DISABLED", "TRUE", 1);
	detect_in(&d, "ec2-nitro");
	ck_assert_str_eq(d.platform, "aws");
	ck_assert(!d.metadata_wanted);

	/* Values the SDKs refuse are refused. */
	sysfs_init(&s, SYSFS "ec2-nitro");
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv5", 1);
	ck_assert_int_eq(detect_offline(&d, &s, false, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE 'ipv5' "
	    "is neither ipv4 nor ipv6");
	clean_env();
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "169.254.169.254", 1);
	ck_assert_int_eq(detect_offline(&d, &s, false, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "AWS_EC2_METADATA_SERVICE_ENDPOINT "
	    "'169.254.169.254' is not an http:// URL");
	clean_env();
}
END_TEST

START_TEST(test_cpus)
{
	struct sysfs	s;
	char		dir[] = "/tmp/mqplan-cpus-XXXXXX", path[512];
	static const struct {
		const char	*online;
		unsigned int	 n;
	} t[] = {
		{ "0", 1 }, { "0-3", 4 }, { "0-3,6", 5 }, { "0,2,4-7\n", 6 },
		{ "", 0 }, { "x", 0 }, { "3-1", 0 }, { "0-", 0 }, { "0,,1", 0 },
	};
	FILE		*fp;
	size_t		 i;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/devices", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/devices/system", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/devices/system/cpu", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	sysfs_init(&s, dir);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(path, sizeof(path), "%s/devices/system/cpu/online",
		    dir);
		fp = fopen(path, "w");
		ck_assert_ptr_nonnull(fp);
		fputs(t[i].online, fp);
		fclose(fp);
		ck_assert_msg(guest_cpus(&s) == t[i].n, "'%s'", t[i].online);
	}
	snprintf(path, sizeof(path), "%s/devices/system/cpu/online", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/devices/system/cpu", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/devices/system", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/devices", dir);
	rmdir(path);
	rmdir(dir);
}
END_TEST

START_TEST(test_pci_table)
{
	ck_assert_str_eq(guest_nic_type(0x1af4, 0x1041, NULL), "virtio-net");
	ck_assert_str_eq(guest_nic_type(0x1d0f, 0x1ec2, NULL), "ena");
	ck_assert_str_eq(guest_nic_type(0x1d0f, 0xefa1, NULL), "efa");
	ck_assert_str_eq(guest_nic_type(0x8086, 0x145c, NULL), "idpf");
	ck_assert_str_eq(guest_nic_type(0x8086, 0x10ed, NULL), "ixgbevf");
	ck_assert_str_eq(guest_nic_type(0, 0, "vif"), "netfront");
	ck_assert_ptr_null(guest_nic_type(0x8086, 0xa0f0, "iwlwifi"));
}
END_TEST

/* The pairs a device offers: combined, else the smaller direction. */
START_TEST(test_nic_max)
{
	struct guest_nic	n;

	memset(&n, 0, sizeof(n));
	ck_assert_uint_eq(guest_nic_max(&n), 0);
	n.max_rx = 16;
	ck_assert_uint_eq(guest_nic_max(&n), 16);
	n.max_tx = 8;
	ck_assert_uint_eq(guest_nic_max(&n), 8);
	n.max_rx = 4;
	ck_assert_uint_eq(guest_nic_max(&n), 4);
	n.max_combined = 32;
	ck_assert_uint_eq(guest_nic_max(&n), 32);
	n.max_combined = n.max_rx = 0;
	ck_assert_uint_eq(guest_nic_max(&n), 8);
	ck_assert(guest_nic_max_cut_at_cpus("ena"));
	ck_assert(guest_nic_max_cut_at_cpus("efa"));
	ck_assert(!guest_nic_max_cut_at_cpus("virtio-net"));
	ck_assert(!guest_nic_max_cut_at_cpus("gvnic"));
	ck_assert(!guest_nic_max_cut_at_cpus(NULL));
}
END_TEST

static Suite *
detect_suite(void)
{
	Suite	*s = suite_create("detect");
	TCase	*tc = tcase_create("offline");

	tcase_add_loop_test(tc, test_fixtures, 0,
	    (int)(sizeof(fixtures) / sizeof(fixtures[0])));
	tcase_add_test(tc, test_nitro_details);
	tcase_add_test(tc, test_endpoint_keeps_dmi);
	tcase_add_test(tc, test_bad_mac);
	tcase_add_test(tc, test_virtio_pci_ids);
	tcase_add_test(tc, test_env_overrides);
	tcase_add_test(tc, test_cpus);
	tcase_add_test(tc, test_pci_table);
	tcase_add_test(tc, test_nic_max);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (check_main(detect_suite()));
}
