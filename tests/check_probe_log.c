/*
 * The probe log detection and the metadata clients write to, which
 * `mqplan detect --explain` lists: probes in the order taken, answers
 * formatted and cut to their buffer, and past PROBE_LOG_MAX the first
 * ones kept and the last kept one intact.
 */
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "platforms/probe_log.h"
#include "tests/check_main.h"

START_TEST(test_order_and_format)
{
	static struct probe_log	log;

	memset(&log, 0, sizeof(log));
	probe_log_add(&log, "env GCE_METADATA_HOST", 0.25, "%s", "unset");
	probe_log_add(&log, "GET instance/", 12.5, "%ld, %zu bytes%s", 200L,
	    (size_t)1234, ", no Metadata-Flavor: Google");
	ck_assert_uint_eq(log.nprobes, 2);
	ck_assert_str_eq(log.probes[0].what, "env GCE_METADATA_HOST");
	ck_assert_str_eq(log.probes[0].answer, "unset");
	ck_assert(log.probes[0].ms == 0.25);
	ck_assert_str_eq(log.probes[1].what, "GET instance/");
	ck_assert_str_eq(log.probes[1].answer,
	    "200, 1234 bytes, no Metadata-Flavor: Google");
	ck_assert(log.probes[1].ms == 12.5);
}
END_TEST

/* A value longer than the buffers (an environment variable, DMI). */
START_TEST(test_cut)
{
	static struct probe_log	log;
	char			long_what[300], long_answer[400];

	memset(&log, 0, sizeof(log));
	memset(long_what, 'w', sizeof(long_what) - 1);
	long_what[sizeof(long_what) - 1] = '\0';
	memset(long_answer, 'a', sizeof(long_answer) - 1);
	long_answer[sizeof(long_answer) - 1] = '\0';
	probe_log_add(&log, long_what, 1.0, "%s", long_answer);
	ck_assert_uint_eq(log.nprobes, 1);
	ck_assert_uint_eq(strlen(log.probes[0].what),
	    sizeof(log.probes[0].what) - 1);
	ck_assert_uint_eq(strlen(log.probes[0].answer), PROBE_TEXT_MAX - 1);
	ck_assert(strspn(log.probes[0].answer, "a") == PROBE_TEXT_MAX - 1);
}
END_TEST

/* A full log keeps what decided the platform, and the last probe too. */
START_TEST(test_full)
{
	static struct probe_log	log;
	char			what[32];
	size_t			i;

	memset(&log, 0, sizeof(log));
	for (i = 0; i < PROBE_LOG_MAX + 5; i++) {
		snprintf(what, sizeof(what), "probe %zu", i);
		probe_log_add(&log, what, (double)i, "answer %zu", i);
	}
	ck_assert_uint_eq(log.nprobes, PROBE_LOG_MAX);
	ck_assert_str_eq(log.probes[0].what, "probe 0");
	snprintf(what, sizeof(what), "answer %d", PROBE_LOG_MAX - 1);
	ck_assert_str_eq(log.probes[PROBE_LOG_MAX - 1].answer, what);
	ck_assert(log.probes[PROBE_LOG_MAX - 1].ms == PROBE_LOG_MAX - 1);
}
END_TEST

static Suite *
probe_log_suite(void)
{
	Suite	*s = suite_create("probe_log");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_order_and_format);
	tcase_add_test(tc, test_cut);
	tcase_add_test(tc, test_full);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (check_main(probe_log_suite()));
}
