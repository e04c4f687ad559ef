// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the common option handling: every bad value named in the foundation issue
 * ("5x", negative, overflow, a 16-byte comm, filter and path injection) is refused with -1,
 * and good values land in struct scd_opts. Messages go to stderr; only results are checked.
 */
#include "unit.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"


START_TEST(test_bad_values)
{
	static const struct {
		int opt;
		const char *arg;
	} rows[] = {
		{ 'd', "5x" }, { 'd', "-1" }, { 'd', "" }, { 'd', "0" }, { 'd', "1e3" },
		{ 'd', "inf" }, { 'd', "99999999999" }, { 'i', "0.001" }, { 'i', "abc" },
		{ 'p', "0" }, { 'p', "-5" }, { 'p', "99999999999" }, { 'p', "1 || 1" },
		{ 'p', "12abc" }, { 'p', "4194305" }, { 't', "../1" }, { 't', "" },
		{ 'b', "0" }, { 'b', "3" }, { 'b', "1k" }, { 'b', "18446744073709551616" },
		{ 'c', "0123456789abcdef" }, { 'c', "" }, { 'c', "a\"b" }, { 'c', "a\\b" },
		{ 'c', "a\nb" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct scd_opts o;

		memset(&o, 0, sizeof(o));
		ck_assert_msg(scd_opts_common(&o, rows[i].opt, rows[i].arg) == -1,
			      "-%c '%s' was accepted", rows[i].opt, rows[i].arg);
		scd_opts_free(&o);
	}
}
END_TEST

START_TEST(test_good_values)
{
	struct scd_opts o;

	memset(&o, 0, sizeof(o));
	ck_assert_int_eq(scd_opts_common(&o, 'p', "42"), 0);
	ck_assert_int_eq(scd_opts_common(&o, 'p', "4194304"), 0);
	ck_assert_int_eq(scd_opts_common(&o, 't', "7"), 0);
	ck_assert_int_eq(scd_opts_common(&o, 'd', "2.5"), 0);
	ck_assert_int_eq(scd_opts_common(&o, 'i', "1"), 0);
	ck_assert_int_eq(scd_opts_common(&o, 'b', "8192"), 0);
	ck_assert_int_eq(scd_opts_common(&o, 'c', "0123456789abcde"), 0);
	ck_assert_int_eq(scd_opts_common(&o, SCD_OPT_JSON, NULL), 0);
	ck_assert_int_eq(scd_opts_common(&o, 'Z', NULL), 1);	/* not a common option */
	ck_assert_uint_eq(o.npids, 2);
	ck_assert_int_eq(o.pids[1], 4194304);
	ck_assert_uint_eq(o.ntids, 1);
	ck_assert(o.duration_s > 2.49 && o.duration_s < 2.51);
	ck_assert_uint_eq(o.buffer_kb, 8192);
	ck_assert_str_eq(o.comm, "0123456789abcde");
	ck_assert(o.has_comm && o.json);
	scd_opts_free(&o);
}
END_TEST

START_TEST(test_finish)
{
	static char a0[] = "count", a1[] = "--", a2[] = "/nonexistent/cmd", a3[] = "stray";
	char *argv1[] = { a0, a1, a2, NULL };
	char *argv2[] = { a0, a3, NULL };
	struct scd_opts o;

	memset(&o, 0, sizeof(o));
	ck_assert_int_eq(scd_opts_finish(&o, 3, argv1, 2), -1);	/* not executable */
	ck_assert_int_eq(scd_opts_finish(&o, 2, argv2, 1), -1);	/* operand without -- */
	o.interval_s = 5;
	o.duration_s = 1;
	ck_assert_int_eq(scd_opts_finish(&o, 1, argv2, 1), -1);	/* -i longer than -d */
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_bad_values,
		test_good_values,
		test_finish,
	};

	return scd_run_suite(scd_suite("cli", tests, ARRAY_SIZE(tests)));
}
