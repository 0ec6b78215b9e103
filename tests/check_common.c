/*
 * common/: the helpers every layer shares, and the arrays built on
 * array_grow() (findings, the trace) keeping every element they were
 * given.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "common/common.h"
#include "manifest/finding.h"
#include "policy/trace.h"
#include "tests/check_main.h"

/*
 * Under SANITIZE=1, ASan aborts on an allocation it must refuse unless
 * told to return NULL as libc does; test_array_grow_fails_cleanly needs
 * the NULL.  Without ASan nothing calls this.
 */
const char	*__asan_default_options(void);

const char *
__asan_default_options(void)
{
	return ("allocator_may_return_null=1");
}

START_TEST(test_nelem)
{
	static const int	seven[7] = { 0 };
	const char		word[] = "queue";

	ck_assert_uint_eq(NELEM(seven), 7);
	ck_assert_uint_eq(NELEM(word), 6);
}
END_TEST

/* From first, doubling, only when full; what was stored stays. */
/* One measure for every "did you mean": bytes, or letters without case. */
START_TEST(test_edit_distance)
{
	char	longer[EDIT_DISTANCE_MAX + 2];

	ck_assert_uint_eq(edit_distance("m5.large", 8, "m5.large", 8, 2,
	    false), 0);
	ck_assert_uint_eq(edit_distance("m5.larg", 7, "m5.large", 8, 2,
	    false), 1);
	ck_assert_uint_eq(edit_distance("c5n.xlarge", 10, "c5.xlarge", 9, 2,
	    false), 1);
	ck_assert_uint_eq(edit_distance("kitten", 6, "sitting", 7, 3,
	    false), 3);
	/* Above the limit: limit + 1, however far. */
	ck_assert_uint_eq(edit_distance("kitten", 6, "sitting", 7, 2,
	    false), 3);
	ck_assert_uint_eq(edit_distance("a", 1, "abcdefgh", 8, 2, false), 3);
	/* Case: a substitution in bytes, nothing when folded. */
	ck_assert_uint_eq(edit_distance("RunConfig", 9, "runconfig", 9, 3,
	    false), 2);
	ck_assert_uint_eq(edit_distance("RunConfig", 9, "runconfig", 9, 3,
	    true), 0);
	/* Only the first la bytes of a count. */
	ck_assert_uint_eq(edit_distance("Imagex", 5, "Image", 5, 1, true), 0);
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	ck_assert_uint_eq(edit_distance(longer, EDIT_DISTANCE_MAX + 1, longer,
	    EDIT_DISTANCE_MAX + 1, 4, false), 5);
	ck_assert_uint_eq(edit_distance(longer, EDIT_DISTANCE_MAX, longer,
	    EDIT_DISTANCE_MAX, 4, false), 0);
}
END_TEST

START_TEST(test_array_grow_doubles)
{
	unsigned int	*v = NULL, *nv;
	size_t		 n, cap = 0, grew = 0;

	for (n = 0; n < 100; n++) {
		nv = array_grow(v, n, &cap, sizeof(*v), 8);
		ck_assert_ptr_nonnull(nv);
		if (n == 8 || n == 16 || n == 32 || n == 64)
			grew++;
		v = nv;
		v[n] = (unsigned int)n * 3;
		ck_assert_uint_ge(cap, n + 1);
	}
	ck_assert_uint_eq(cap, 128);
	ck_assert_uint_eq(grew, 4);
	for (n = 0; n < 100; n++)
		ck_assert_uint_eq(v[n], n * 3);
	free(v);
}
END_TEST

/* With room left, the same array back and the capacity untouched. */
START_TEST(test_array_grow_room)
{
	int	*v, *nv;
	size_t	 cap = 0;

	v = array_grow(NULL, 0, &cap, sizeof(*v), 4);
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(cap, 4);
	nv = array_grow(v, 3, &cap, sizeof(*v), 4);
	ck_assert_ptr_eq(nv, v);
	ck_assert_uint_eq(cap, 4);
	free(v);
}
END_TEST

/*
 * When memory runs out, or the size would wrap, NULL, and the caller
 * still holds its array and capacity: nothing it stored is lost.
 */
START_TEST(test_array_grow_fails_cleanly)
{
	int	*v, *nv;
	size_t	 cap = 0, huge = SIZE_MAX / 2 + 1;

	v = array_grow(NULL, 0, &cap, sizeof(*v), 2);
	ck_assert_ptr_nonnull(v);
	v[0] = 7;
	v[1] = 9;
	nv = array_grow(v, 2, &cap, SIZE_MAX / 3, 2);
	ck_assert_ptr_null(nv);
	ck_assert_uint_eq(cap, 2);
	ck_assert_int_eq(v[0], 7);
	ck_assert_int_eq(v[1], 9);
	/* A capacity that would wrap when doubled is refused untouched. */
	nv = array_grow(v, huge, &huge, 1, 2);
	ck_assert_ptr_null(nv);
	ck_assert_uint_eq(huge, SIZE_MAX / 2 + 1);
	free(v);
}
END_TEST

START_TEST(test_trace_keeps_every_step)
{
	struct trace	t = TRACE_INIT;
	size_t		i;

	for (i = 0; i < 100; i++)
		ck_assert_int_eq(trace_add(&t, TRACE_NOTE, "en1", NULL, 1,
		    "step %zu", i), 0);
	ck_assert_uint_eq(t.nsteps, 100);
	ck_assert_str_eq(t.steps[0].text, "step 0");
	ck_assert_str_eq(t.steps[31].text, "step 31");
	ck_assert_str_eq(t.steps[32].text, "step 32");
	ck_assert_str_eq(t.steps[99].text, "step 99");
	trace_release(&t);
	ck_assert_ptr_null(t.steps);
}
END_TEST

START_TEST(test_findings_keep_every_finding)
{
	struct findings	fs = FINDINGS_INIT;
	size_t		i;

	for (i = 0; i < 20; i++)
		ck_assert_int_eq(findings_add(&fs, FINDING_TARGET, LEVEL_WARNING,
		    NULL, 0, "finding %zu", i), 0);
	ck_assert_uint_eq(fs.n, 20);
	ck_assert_str_eq(fs.v[7].msg, "finding 7");
	ck_assert_str_eq(fs.v[8].msg, "finding 8");
	ck_assert_str_eq(fs.v[19].msg, "finding 19");
	findings_release(&fs);
}
END_TEST

static Suite *
common_suite(void)
{
	Suite	*s = suite_create("common");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_nelem);
	tcase_add_test(tc, test_edit_distance);
	tcase_add_test(tc, test_array_grow_doubles);
	tcase_add_test(tc, test_array_grow_room);
	tcase_add_test(tc, test_array_grow_fails_cleanly);
	tcase_add_test(tc, test_trace_keeps_every_step);
	tcase_add_test(tc, test_findings_keep_every_finding);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (check_main(common_suite()));
}
