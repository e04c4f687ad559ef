// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What every unit test program shares: run one suite, exit non-zero if any test failed
 * (automake counts the program as failed), and ARRAY_SIZE for table-driven tests.
 */
#ifndef SCD_TESTS_UNIT_H
#define SCD_TESTS_UNIT_H

#include <check.h>
#include <stdlib.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static inline int scd_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* A suite of one test case holding @tests. */
static inline Suite *scd_suite(const char *name, const TTest **tests, size_t n)
{
	Suite *s = suite_create(name);
	TCase *tc = tcase_create(name);
	size_t i;

	for (i = 0; i < n; i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
	return s;
}

#endif
