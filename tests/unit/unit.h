// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What every unit test program shares: run one suite, exit non-zero if any test failed
 * (automake counts the program as failed), and ARRAY_SIZE for table-driven tests.
 */
#ifndef SCD_TESTS_UNIT_H
#define SCD_TESTS_UNIT_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#ifdef SRCDIR
/*
 * Compares @got (@len bytes) with tests/golden/@golden byte for byte. With
 * SCD_GOLDEN_UPDATE set in the environment the file is rewritten first: only for an intended
 * format change.
 */
static inline void scd_golden_compare(const char *golden, const char *got, size_t len)
{
	char path[1024];
	char *want = calloc(1, len + 2);
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/golden/%s", SRCDIR, golden);
	if (getenv("SCD_GOLDEN_UPDATE")) {
		f = fopen(path, "w");
		ck_assert(f != NULL);
		fwrite(got, 1, len, f);
		fclose(f);
	}
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "missing golden file %s", path);
	n = fread(want, 1, len + 1, f);
	fclose(f);
	ck_assert_msg(n == len && !memcmp(want, got, len), "%s differs; got:\n%.*s", golden,
		      (int)len, got);
	free(want);
}
#endif

#endif
