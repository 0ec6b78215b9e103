/*
 * The main() every Check suite shares: run the suite, print Check's
 * summary, exit non-zero if anything failed.
 */
#ifndef TESTS_CHECK_MAIN_H
#define TESTS_CHECK_MAIN_H

#include <stdlib.h>

#include <check.h>

static inline int
check_main(Suite *s)
{
	SRunner	*sr = srunner_create(s);
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}

#endif /* TESTS_CHECK_MAIN_H */
