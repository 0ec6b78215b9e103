/*
 * The metadata clients against fakemeta on 127.0.0.1, over every fault:
 * what they learn, and that they give up inside the budget with a message
 * naming the endpoint.  Never any other address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "platforms/gcp/metadata.h"
#include "tests/check_main.h"
#include "tests/fakes/spawn.h"

#define BUDGET_MS	1000.0

static int
gce(const char *fault, int latency, struct gcp_metadata *md, char *err,
    size_t errlen, double *ms, size_t *nprobes)
{
	static struct detection	 d;
	struct fake		 f;
	struct http_opts	 o;
	char			 url[128], lat[16];
	char			*argv[12];
	int			 i = 0, rc;
	double			 t;

	argv[i++] = (char *)(uintptr_t)"fakemeta";
	argv[i++] = (char *)(uintptr_t)"-m";
	argv[i++] = (char *)(uintptr_t)"gce";
	argv[i++] = (char *)(uintptr_t)"-n";
	argv[i++] = (char *)(uintptr_t)"2";
	argv[i++] = (char *)(uintptr_t)"-L";
	argv[i++] = (char *)(uintptr_t)"5";
	if (fault != NULL) {
		argv[i++] = (char *)(uintptr_t)"-f";
		argv[i++] = (char *)(uintptr_t)fault;
	}
	snprintf(lat, sizeof(lat), "%d", latency);
	argv[i++] = (char *)(uintptr_t)"-l";
	argv[i++] = lat;
	argv[i] = NULL;
	ck_assert_int_eq(fake_start(&f, argv), 0);
	memset(&d, 0, sizeof(d));
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/computeMetadata/v1/",
	    f.port);
	t = http_now();
	o.connect_ms = HTTP_CONNECT_MS;
	o.deadline = t + BUDGET_MS;
	rc = gcp_metadata_fetch(url, &o, md, &d, err, errlen);
	*ms = http_now() - t;
	*nprobes = d.nprobes;
	fake_stop(&f);
	return (rc);
}

START_TEST(test_gce_ok)
{
	struct gcp_metadata	md;
	char			err[256];
	double			ms;
	size_t			n;

	ck_assert_msg(gce(NULL, 0, &md, err, sizeof(err), &ms, &n) == 0, "%s",
	    err);
	ck_assert_str_eq(md.machine_type, "n2-standard-8");
	ck_assert_str_eq(md.zone, "us-central1-a");
	ck_assert_uint_eq(md.nics, 2);
	ck_assert_uint_eq(n, 1);
	ck_assert_msg(ms < 200, "%.1f ms", ms);
}
END_TEST

START_TEST(test_gce_retry_503)
{
	struct gcp_metadata	md;
	char			err[256];
	double			ms;
	size_t			n;

	ck_assert_msg(gce("unavailable-once", 0, &md, err, sizeof(err), &ms,
	    &n) == 0, "%s", err);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(md.machine_type, "n2-standard-8");
}
END_TEST

static const struct {
	const char	*fault;
	const char	*err;
} gce_faults[] = {
	{ "no-flavor", "lacks Metadata-Flavor: Google" },
	{ "silent", "Timeout was reached" },
	{ "drip", "Timeout was reached" },
	{ "oversize", "answer larger than 65536 bytes" },
	{ "redirect", "redirect (302) not followed" },
};

START_TEST(test_gce_faults)
{
	struct gcp_metadata	md;
	char			err[256];
	double			ms;
	size_t			n;

	ck_assert_int_eq(gce(gce_faults[_i].fault, 0, &md, err, sizeof(err),
	    &ms, &n), -1);
	ck_assert_msg(strstr(err, gce_faults[_i].err) != NULL, "%s", err);
	ck_assert_msg(strstr(err, "http://127.0.0.1:") == err, "%s", err);
	/* Inside the budget, give or take a scheduling tick. */
	ck_assert_msg(ms < BUDGET_MS + 150, "%.1f ms", ms);
}
END_TEST

START_TEST(test_gce_parse)
{
	struct gcp_metadata	 md;
	char			 err[256];
	static const char	 ok[] = "{\"machineType\": \"projects/1/"
	    "machineTypes/c3-standard-8\", \"networkInterfaces\": [{}]}";
	static const char *const bad[] = { "[]", "{}", "{\"machineType\": 7}",
	    "{\"machineType\": \"projects/1/machineTypes/\", "
	    "\"networkInterfaces\": []}",
	    "{\"machineType\": \"x\"}", "{", "" };
	size_t			 i;

	ck_assert_int_eq(gcp_metadata_parse(ok, strlen(ok), &md, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(md.machine_type, "c3-standard-8");
	ck_assert_str_eq(md.zone, "");
	ck_assert_uint_eq(md.nics, 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_int_eq(gcp_metadata_parse(bad[i], strlen(bad[i]),
		    &md, err, sizeof(err)), -1);
}
END_TEST

static Suite *
metadata_suite(void)
{
	Suite	*s = suite_create("metadata");
	TCase	*tc = tcase_create("gce");

	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, test_gce_ok);
	tcase_add_test(tc, test_gce_retry_503);
	tcase_add_loop_test(tc, test_gce_faults, 0,
	    (int)(sizeof(gce_faults) / sizeof(gce_faults[0])));
	tcase_add_test(tc, test_gce_parse);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (check_main(metadata_suite()));
}
