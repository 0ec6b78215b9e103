/*
 * Catalog files from the gcloud and aws CLIs in front of the built-in
 * tables, and "did you mean" for near misses.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "manifest/file.h"
#include "platforms/catalog.h"
#include "tests/check_main.h"

/* As cli/ does: open the file (regular files only), then load it. */
static int
load(struct catalog *c, const char *path, char *err, size_t errlen)
{
	int	fd, rc;

	if ((fd = file_open_regular(path, err, errlen)) == -1)
		return (-1);
	rc = catalog_load(c, fd, path, err, errlen);
	close(fd);
	return (rc);
}

#define DATA	TEST_DATA "/catalog/"

START_TEST(test_load_gcloud)
{
	struct catalog		c = CATALOG_INIT;
	struct instance_type	it;
	char			err[512];

	ck_assert_int_eq(load(&c, DATA "gcloud-machine-types.json",
	    err, sizeof(err)), 3);
	/* n4 may be missing from the built-in sizes; the file knows it. */
	ck_assert_int_eq(catalog_lookup(&c, "gcp", "n4-standard-2", &it, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(it.vcpus, 2);
	ck_assert_str_eq(it.nics[0], "gvnic");
	ck_assert_ptr_null(it.nics[1]);
	ck_assert_str_eq(it.source, "catalog " DATA "gcloud-machine-types.json");
	ck_assert_int_eq(catalog_lookup(&c, "gcp", "e2-micro", &it, err,
	    sizeof(err)), 0);
	ck_assert(it.shared_core);
	ck_assert_uint_eq(it.vcpus, 2);
	ck_assert_int_eq(catalog_lookup(&c, "gcp", "a3-highgpu-8g", &it, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(it.vcpus, 208);
	/* Built-in rows are still there behind the file. */
	ck_assert_int_eq(catalog_lookup(&c, "gcp", "n2-standard-8", &it, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(it.vcpus, 8);
	catalog_release(&c);
}
END_TEST

START_TEST(test_load_aws)
{
	struct catalog		c = CATALOG_INIT;
	struct instance_type	it;
	char			err[512];

	ck_assert_int_eq(load(&c, DATA "aws-instance-types.json", err,
	    sizeof(err)), 2);
	ck_assert_int_eq(catalog_lookup(&c, "aws", "m7i.large", &it, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(it.vcpus, 2);
	ck_assert_str_eq(it.nics[0], "ena");
	ck_assert_uint_eq(it.ena_default, 2);
	ck_assert_uint_eq(it.ena_max, 2);
	ck_assert_int_eq(it.flexible_ena, 1);
	ck_assert_uint_eq(it.max_nics, 3);
	/* Each figure names the file and field it came from. */
	ck_assert_int_eq(it.vcpus_from.basis, BASIS_PUBLISHED);
	ck_assert_str_eq(it.vcpus_from.source, "catalog " DATA
	    "aws-instance-types.json: VCpuInfo.DefaultVCpus");
	ck_assert_int_eq(it.max_nics_from.basis, BASIS_PUBLISHED);
	ck_assert_int_eq(it.ena_from.basis, BASIS_PUBLISHED);
	ck_assert_ptr_nonnull(strstr(it.ena_from.source, "catalog " DATA));
	ck_assert(instance_type_confirmed(&it));
	ck_assert_int_eq(catalog_lookup(&c, "aws", "t2.micro", &it, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(it.nics[0], "netfront");
	ck_assert_str_eq(it.hypervisor, "xen");
	catalog_release(&c);
}
END_TEST

START_TEST(test_load_errors)
{
	struct catalog	c = CATALOG_INIT;
	char		err[512];
	FILE		*fp;
	char		path[] = "/tmp/mqplan-catalog-XXXXXX";
	int		fd;

	ck_assert_int_eq(load(&c, DATA "truncated.json", err,
	    sizeof(err)), -1);
	/* jansson's line and column of the end of the file. */
	ck_assert_str_eq(err, DATA "truncated.json:4:0: string or '}' "
	    "expected near end of file");
	ck_assert_int_eq(load(&c, DATA "missing.json", err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "missing.json"));
	/* A directory is named as one, not parsed as an empty document. */
	ck_assert_int_eq(load(&c, TEST_DATA "/catalog", err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, TEST_DATA "/catalog: is a directory, not a "
	    "regular file");

	/* A well-formed file of the wrong shape, and a bad element. */
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	fp = fdopen(fd, "w");
	fputs("{\"Reservations\": []}\n", fp);
	fclose(fp);
	ck_assert_int_eq(load(&c, path, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "neither"));
	fp = fopen(path, "w");
	fputs("{\"InstanceTypes\": [{\"InstanceType\": \"x1.large\", "
	    "\"VCpuInfo\": {\"DefaultVCpus\": \"2\"}}]}\n", fp);
	fclose(fp);
	ck_assert_int_eq(load(&c, path, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "InstanceTypes[0]"));
	ck_assert_uint_eq(c.ntypes, 0);
	unlink(path);
	catalog_release(&c);
}
END_TEST

START_TEST(test_suggest)
{
	struct catalog	c = CATALOG_INIT;
	char		buf[256];

	catalog_suggest(&c, "gcp", "n2-standrd-8", buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, "n2-standard-8"));
	catalog_suggest(&c, "aws", "c5n.18xlarg", buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, "c5n.18xlarge"));
	catalog_suggest(&c, "aws", "m6i.larg", buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, "m6i.large"));
	catalog_suggest(&c, "gcp", "qqqqqqqqqqqqqqqqqqqqqqq", buf,
	    sizeof(buf));
	ck_assert_str_eq(buf, "");
}
END_TEST

struct unsourced {
	size_t	types;
	size_t	bad;
	char	first[160];
};

static bool
sourced(const struct provenance *p)
{
	/* glibc prints a NULL source as "(null)"; a full buffer was cut. */
	return (p->basis >= BASIS_CONFIRMED && p->basis <= BASIS_GUESS &&
	    p->source[0] != '\0' && strstr(p->source, "(null)") == NULL &&
	    strlen(p->source) < sizeof(p->source) - 1);
}

static int
check_sources(const struct instance_type *it, void *arg)
{
	struct unsourced	*u = arg;
	const char		*what = NULL;

	u->types++;
	if (!sourced(&it->vcpus_from))
		what = "vcpus";
	else if (!sourced(&it->nics_from))
		what = "nics";
	else if (strcmp(it->nics[0], "ena") == 0 && !sourced(&it->ena_from))
		what = "ena queues";
	else if (it->max_nics != 0 && !sourced(&it->max_nics_from))
		what = "max nics";
	else if (it->ena_default == 0 && it->ena_from.basis != BASIS_NONE)
		what = "ena queues (source without a figure)";
	if (what != NULL && u->bad++ == 0)
		snprintf(u->first, sizeof(u->first), "%s: %s", it->name, what);
	return (0);
}

/* Every built-in figure of every type says where it comes from. */
START_TEST(test_every_row_sourced)
{
	struct catalog		c = CATALOG_INIT;
	struct unsourced	u;

	memset(&u, 0, sizeof(u));
	ck_assert_int_eq(catalog_foreach(&c, NULL, check_sources, &u), 0);
	ck_assert_msg(u.bad == 0, "%zu types with a figure without a source, "
	    "first %s", u.bad, u.first);
	ck_assert_uint_gt(u.types, 700);
}
END_TEST

START_TEST(test_guess_platform)
{
	ck_assert_str_eq(catalog_guess_platform("c5n.18xlarge"), "aws");
	ck_assert_str_eq(catalog_guess_platform("n2-standard-8"), "gcp");
}
END_TEST

/*
 * The NIC limit rule: at the limit is fine, one more is refused naming the
 * limit and its source; a catalog's figure wins over the built-in one.
 */
START_TEST(test_check_nics)
{
	struct catalog		c = CATALOG_INIT;
	struct instance_type	it;
	char			err[1024];

	ck_assert_int_eq(catalog_lookup(&c, "aws", "m5.large", &it, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(instance_type_check_nics(&it, 3, err, sizeof(err)),
	    0);
	ck_assert_int_eq(instance_type_check_nics(&it, 4, err, sizeof(err)),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "m5.large allows at most 3 network "
	    "interfaces, not 4 (published: aws/amazon-vpc-resource-controller-"
	    "k8s pkg/aws/vpc/limits.go @ "));
	ck_assert_int_eq(catalog_lookup(&c, "gcp", "e2-micro", &it, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(instance_type_check_nics(&it, 3, err, sizeof(err)),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "e2-micro allows at most 2 network "
	    "interfaces, not 3 (derived: max(2, min(vCPUs, 8)) with 2 vCPUs; "
	    "UNCONFIRMED"));
	/* No known limit: nothing refused. */
	ck_assert_int_eq(catalog_lookup(&c, "gcp", "a3-highgpu-8g", &it, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(instance_type_check_nics(&it, 16, err, sizeof(err)),
	    0);

	ck_assert_int_eq(load(&c, DATA "aws-nic-limit.json", err,
	    sizeof(err)), 1);
	ck_assert_int_eq(catalog_lookup(&c, "aws", "m5.large", &it, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(it.max_nics, 4);
	ck_assert_uint_eq(it.network_cards, 1);
	ck_assert_int_eq(instance_type_check_nics(&it, 4, err, sizeof(err)),
	    0);
	ck_assert_int_eq(instance_type_check_nics(&it, 5, err, sizeof(err)),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "(published: catalog " DATA
	    "aws-nic-limit.json: NetworkInfo.MaximumNetworkInterfaces)"));
	catalog_release(&c);
}
END_TEST

static Suite *
catalog_suite(void)
{
	Suite	*s = suite_create("catalog");
	TCase	*tc = tcase_create("files");

	tcase_add_test(tc, test_load_gcloud);
	tcase_add_test(tc, test_load_aws);
	tcase_add_test(tc, test_load_errors);
	tcase_add_test(tc, test_suggest);
	tcase_add_test(tc, test_guess_platform);
	tcase_add_test(tc, test_every_row_sourced);
	tcase_add_test(tc, test_check_nics);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (check_main(catalog_suite()));
}
