/*
 * The metadata clients against fakemeta on 127.0.0.1, over every fault:
 * what they learn, and that they give up inside the budget with a message
 * naming the endpoint.  Never any other address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "platforms/aws/imds.h"
#include "platforms/gcp/metadata.h"
#include "tests/check_main.h"
#include "tests/fakes/spawn.h"

#define BUDGET_MS	1000.0

static int
gce(const char *fault, int latency, struct gcp_metadata *md, char *err,
    size_t errlen, double *ms, size_t *nprobes)
{
	static struct probe_log	 d;
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
	ck_assert_str_eq(md.id, "4520031799277581759");
	ck_assert_uint_eq(md.nics, 2);
	/* Each interface listed, as the server names it. */
	ck_assert_int_eq(md.nic[1].index, 1);
	ck_assert_str_eq(md.nic[1].mac, "42:01:0a:80:00:03");
	ck_assert_str_eq(md.nic[1].network, "default");
	ck_assert_str_eq(md.nic[1].nic_type, "");
	ck_assert_uint_eq(md.nic[1].queue_count, 0);
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
	/* Not "Out of memory", libcurl's word for its own header limit. */
	{ "long-header", "response headers longer than 16384 bytes" },
	{ "huge-header", "response headers longer than 16384 bytes" },
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
	static const char	 listed[] = "{\"machineType\": \"a/c3-standard-8\","
	    " \"id\": \"123\", \"zone\": \"projects/1/zones/europe-west4-b\", "
	    "\"networkInterfaces\": [{\"mac\": \"42:01:0a:80:00:06\", "
	    "\"network\": \"projects/1/networks/vpc1\", \"nicType\": \"GVNIC\", "
	    "\"queueCount\": 4}, {\"mac\": \"42:01:0a:80:00:07\", "
	    "\"queueCount\": -3}]}";
	static const char *const bad[] = { "[]", "{}", "{\"machineType\": 7}",
	    "{\"machineType\": \"projects/1/machineTypes/\", "
	    "\"networkInterfaces\": []}",
	    "{\"machineType\": \"x\"}", "{", "" };
	size_t			 i;

	ck_assert_int_eq(gcp_metadata_parse(ok, strlen(ok), &md, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(md.machine_type, "c3-standard-8");
	ck_assert_str_eq(md.zone, "");
	ck_assert_str_eq(md.id, "");
	ck_assert_uint_eq(md.nics, 1);
	ck_assert_str_eq(md.nic[0].mac, "");
	ck_assert_int_eq(gcp_metadata_parse(listed, strlen(listed), &md, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(md.id, "123");
	ck_assert_str_eq(md.zone, "europe-west4-b");
	ck_assert_uint_eq(md.nics, 2);
	ck_assert_str_eq(md.nic[0].nic_type, "GVNIC");
	ck_assert_uint_eq(md.nic[0].queue_count, 4);
	ck_assert_str_eq(md.nic[0].network, "vpc1");
	ck_assert_str_eq(md.nic[1].mac, "42:01:0a:80:00:07");
	ck_assert_str_eq(md.nic[1].nic_type, "");
	ck_assert_uint_eq(md.nic[1].queue_count, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_int_eq(gcp_metadata_parse(bad[i], strlen(bad[i]),
		    &md, err, sizeof(err)), -1);
}
END_TEST

/*
 * Runs aws_imds_fetch() against fakemeta in imds mode with extra
 * arguments (NULL-terminated), the guest seeing the first nlocal MACs.
 */
static int
imds(const char *const *extra, size_t nlocal, bool v1_allowed,
    struct aws_metadata *md, char *err, size_t errlen, double *ms,
    struct probe_log *d)
{
	static const char *const macs[] = { "0e:49:61:0f:c3:11",
	    "0e:49:61:0f:c3:12", "0e:49:61:0f:c3:13" };
	struct fake		 f;
	struct http_opts	 o;
	char			 url[128];
	char			*argv[16];
	int			 i = 0, rc;
	double			 t;

	argv[i++] = (char *)(uintptr_t)"fakemeta";
	argv[i++] = (char *)(uintptr_t)"-m";
	argv[i++] = (char *)(uintptr_t)"imds";
	argv[i++] = (char *)(uintptr_t)"-n";
	argv[i++] = (char *)(uintptr_t)"3";
	argv[i++] = (char *)(uintptr_t)"-L";
	argv[i++] = (char *)(uintptr_t)"5";
	while (extra != NULL && *extra != NULL && i < 15)
		argv[i++] = (char *)(uintptr_t)*extra++;
	argv[i] = NULL;
	ck_assert_int_eq(fake_start(&f, argv), 0);
	memset(d, 0, sizeof(*d));
	snprintf(url, sizeof(url), "http://127.0.0.1:%d", f.port);
	t = http_now();
	o.connect_ms = HTTP_CONNECT_MS;
	o.deadline = t + BUDGET_MS;
	rc = aws_imds_fetch(url, v1_allowed, macs, nlocal, &o, md, d, err,
	    errlen);
	*ms = http_now() - t;
	fake_stop(&f);
	return (rc);
}

/* True if no probe of d shows the token. */
static bool
token_hidden(const struct probe_log *d)
{
	size_t	i;

	for (i = 0; i < d->nprobes; i++)
		if (strstr(d->probes[i].answer, "fake-") != NULL ||
		    strstr(d->probes[i].what, "fake-") != NULL)
			return (false);
	return (true);
}

START_TEST(test_imds_v2)
{
	static struct probe_log	d;
	struct aws_metadata	md;
	char			err[256];
	double			ms;
	static const char *const lat[] = { "-l", "100", NULL };

	/* Two MACs known to the guest: token + one round. */
	ck_assert_msg(imds(lat, 3, true, &md, err, sizeof(err), &ms, &d) == 0,
	    "%s", err);
	ck_assert_str_eq(md.instance_type, "c5n.xlarge");
	ck_assert_str_eq(md.instance_id, "i-0af01c0123456789a");
	ck_assert_str_eq(md.region, "us-east-1");
	ck_assert_str_eq(md.zone, "us-east-1a");
	ck_assert(!md.v1);
	ck_assert_uint_eq(md.nenis, 3);
	ck_assert_str_eq(md.enis[0].mac, "0e:49:61:0f:c3:11");
	ck_assert_int_eq(md.enis[2].device_number, 2);
	ck_assert_int_eq(md.enis[1].network_card, 0);
	ck_assert_str_eq(md.enis[1].interface_id, "eni-0a1b2c3d4e5f60001");
	/*
	 * 100 ms per request: two round trips, not fifteen (1.5 s one after
	 * another); the bound leaves room for a loaded machine.
	 */
	ck_assert_msg(ms < 6 * 100, "%.1f ms", ms);
	ck_assert_uint_eq(d.nprobes, 1 + 5 + 9);
	ck_assert(token_hidden(&d));

	/* ENIs the guest does not show cost one more round. */
	ck_assert_msg(imds(lat, 1, true, &md, err, sizeof(err), &ms, &d) == 0,
	    "%s", err);
	ck_assert_uint_eq(md.nenis, 3);
	ck_assert_int_eq(md.enis[1].device_number, 1);
	ck_assert_str_eq(md.enis[2].interface_id, "eni-0a1b2c3d4e5f60002");
	ck_assert_uint_eq(d.nprobes, 1 + 5 + 3 + 6);
}
END_TEST

/* network-card-index (2020-11-01) is not on every instance: not needed. */
START_TEST(test_imds_no_card_index)
{
	static struct probe_log	d;
	struct aws_metadata	md;
	char			err[256];
	double			ms;
	static const char *const old[] = { "-f", "no-card-index", NULL };

	ck_assert_msg(imds(old, 2, true, &md, err, sizeof(err), &ms, &d) == 0,
	    "%s", err);
	ck_assert_uint_eq(md.nenis, 3);
	ck_assert_int_eq(md.enis[0].network_card, -1);
	ck_assert_int_eq(md.enis[2].network_card, -1);
	ck_assert_int_eq(md.enis[2].device_number, 2);
	ck_assert_str_eq(md.enis[2].interface_id, "eni-0a1b2c3d4e5f60002");
}
END_TEST

START_TEST(test_imds_fallbacks)
{
	static struct probe_log	d;
	struct aws_metadata	md;
	char			err[256];
	double			ms;
	static const char *const refused[] = { "-s", "403", NULL };
	static const char *const gone[] = { "-s", "404", NULL };
	static const char *const v1off[] = { "-s", "405", "-1", NULL };
	static const char *const stale[] = { "-f", "stale-token", NULL };
	static const char *const bad[] = { "-s", "400", NULL };

	ck_assert_msg(imds(refused, 3, true, &md, err, sizeof(err), &ms,
	    &d) == 0, "%s", err);
	ck_assert(md.v1);
	ck_assert_str_eq(md.instance_type, "c5n.xlarge");
	ck_assert_msg(imds(gone, 0, true, &md, err, sizeof(err), &ms, &d) == 0,
	    "%s", err);
	ck_assert(md.v1);

	/* v1 refused by the client, or by the server. */
	ck_assert_int_eq(imds(refused, 3, false, &md, err, sizeof(err), &ms,
	    &d), -1);
	ck_assert_msg(strstr(err, "IMDSv2 token refused (HTTP 403) and "
	    "IMDSv1 is disabled") != NULL, "%s", err);
	ck_assert_int_eq(imds(v1off, 3, true, &md, err, sizeof(err), &ms, &d),
	    -1);
	ck_assert_msg(strstr(err, "HTTP 401: IMDSv1 is off") != NULL, "%s",
	    err);
	ck_assert_msg(ms < BUDGET_MS, "%.1f ms", ms);

	/* An expired token is replaced once. */
	ck_assert_msg(imds(stale, 3, true, &md, err, sizeof(err), &ms, &d) ==
	    0, "%s", err);
	ck_assert(!md.v1);
	ck_assert_uint_eq(md.nenis, 3);

	ck_assert_int_eq(imds(bad, 3, true, &md, err, sizeof(err), &ms, &d),
	    -1);
	ck_assert_msg(strstr(err, "token request refused (HTTP 400)") != NULL,
	    "%s", err);
}
END_TEST

static const struct {
	const char	*fault;
	const char	*err;
} imds_faults[] = {
	{ "silent", "/latest/api/token did not answer: Timeout was reached" },
	{ "oversize", "/latest/api/token: answer larger than 65536 bytes" },
	{ "redirect", "redirect (302) not followed" },
	{ "long-header", "/latest/api/token: response headers longer than "
	    "16384 bytes" },
	{ "huge-header", "/latest/api/token: response headers longer than "
	    "16384 bytes" },
	/* Never the token up to the NUL, which the fake would take. */
	{ "nul-token", "/latest/api/token: the token answer holds a NUL byte; "
	    "refused rather than cut" },
};

START_TEST(test_imds_faults)
{
	static struct probe_log	d;
	struct aws_metadata	md;
	char			err[256];
	double			ms;
	const char		*extra[] = { "-f", imds_faults[_i].fault,
				    NULL };

	ck_assert_int_eq(imds(extra, 3, true, &md, err, sizeof(err), &ms, &d),
	    -1);
	ck_assert_msg(strstr(err, imds_faults[_i].err) != NULL, "%s", err);
	ck_assert_msg(strstr(err, "http://127.0.0.1:") == err, "%s", err);
	ck_assert_msg(ms < BUDGET_MS + 150, "%.1f ms", ms);
}
END_TEST

START_TEST(test_imds_parse)
{
	struct aws_eni	e[4];

	ck_assert_int_eq(aws_imds_parse_macs("0e:49:61:0f:c3:11/\n"
	    "0e:49:61:0f:c3:12", e, 4), 2);
	ck_assert_str_eq(e[1].mac, "0e:49:61:0f:c3:12");
	ck_assert_int_eq(aws_imds_parse_macs("", e, 4), 0);
	ck_assert_int_eq(aws_imds_parse_macs("0E:49:61:0f:c3:11/", e, 4), -1);
	ck_assert_int_eq(aws_imds_parse_macs("0e:49:61:0f:c3/", e, 4), -1);
	ck_assert_int_eq(aws_imds_parse_macs("a\nb", e, 4), -1);
	ck_assert_int_eq(aws_imds_parse_index("0"), 0);
	ck_assert_int_eq(aws_imds_parse_index("12\n"), 12);
	ck_assert_int_eq(aws_imds_parse_index("-1"), -1);
	ck_assert_int_eq(aws_imds_parse_index("1x"), -1);
	ck_assert_int_eq(aws_imds_parse_index("99999999999999999999"), -1);
	ck_assert_int_eq(aws_imds_parse_index(""), -1);
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

	tc = tcase_create("imds");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_imds_v2);
	tcase_add_test(tc, test_imds_no_card_index);
	tcase_add_test(tc, test_imds_fallbacks);
	tcase_add_loop_test(tc, test_imds_faults, 0,
	    (int)(sizeof(imds_faults) / sizeof(imds_faults[0])));
	tcase_add_test(tc, test_imds_parse);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (check_main(metadata_suite()));
}
