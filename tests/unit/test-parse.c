// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the strict number parser and the name validators. Table-driven: each row is
 * an input and the exact result expected (value or negative errno), so a new corner case is
 * one line. Covers what strtoul() gets wrong: signs, spaces, hex prefixes, trailing garbage,
 * overflow, and the limits of each range. The program exits non-zero when any test fails.
 */
#include "unit.h"
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "proc.h"


START_TEST(test_u64)
{
	static const struct {
		const char *s;
		uint64_t min, max;
		int ret;
		uint64_t v;
	} rows[] = {
		{ "0", 0, 10, 0, 0 },
		{ "5", 0, 10, 0, 5 },
		{ "10", 0, 10, 0, 10 },
		{ "007", 0, 10, 0, 7 },
		{ "11", 0, 10, -ERANGE, 0 },
		{ "0", 1, 10, -ERANGE, 0 },
		{ "18446744073709551615", 0, UINT64_MAX, 0, UINT64_MAX },
		{ "18446744073709551616", 0, UINT64_MAX, -ERANGE, 0 },
		{ "99999999999999999999999", 0, UINT64_MAX, -ERANGE, 0 },
		{ "5x", 0, 10, -EINVAL, 0 },
		{ "-1", 0, 10, -EINVAL, 0 },
		{ "", 0, 10, -EINVAL, 0 },
		{ " 5", 0, 10, -EINVAL, 0 },
		{ "5 ", 0, 10, -EINVAL, 0 },
		{ "+5", 0, 10, -EINVAL, 0 },
		{ "0x10", 0, 100, -EINVAL, 0 },
		{ "1e3", 0, 10000, -EINVAL, 0 },
		{ "5.0", 0, 10, -EINVAL, 0 },
		{ "5\n", 0, 10, -EINVAL, 0 },
		{ "99999999999999999999999x", 0, UINT64_MAX, -EINVAL, 0 },
		{ "5", 10, 0, -EINVAL, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		uint64_t v = 4242;
		int ret = scd_parse_u64(rows[i].s, rows[i].min, rows[i].max, &v);

		ck_assert_msg(ret == rows[i].ret, "\"%s\": %d, want %d", rows[i].s, ret, rows[i].ret);
		ck_assert_uint_eq(v, ret ? 4242 : rows[i].v);
	}
	ck_assert_int_eq(scd_parse_u64(NULL, 0, 1, &(uint64_t){ 0 }), -EINVAL);
	ck_assert_int_eq(scd_parse_u64("1", 0, 1, NULL), -EINVAL);
}
END_TEST

START_TEST(test_int)
{
	static const struct {
		const char *s;
		long min, max;
		int ret;
		long v;
	} rows[] = {
		{ "0", -5, 5, 0, 0 },
		{ "-0", -5, 5, 0, 0 },
		{ "-5", -5, 5, 0, -5 },
		{ "5", -5, 5, 0, 5 },
		{ "-6", -5, 5, -ERANGE, 0 },
		{ "6", -5, 5, -ERANGE, 0 },
		{ "-1", 0, 5, -ERANGE, 0 },
		{ "9223372036854775807", LONG_MIN, LONG_MAX, 0, LONG_MAX },
		{ "-9223372036854775808", LONG_MIN, LONG_MAX, 0, LONG_MIN },
		{ "9223372036854775808", LONG_MIN, LONG_MAX, -ERANGE, 0 },
		{ "-9223372036854775809", LONG_MIN, LONG_MAX, -ERANGE, 0 },
		{ "99999999999999999999999", LONG_MIN, LONG_MAX, -ERANGE, 0 },
		{ "-", -5, 5, -EINVAL, 0 },
		{ "--1", -5, 5, -EINVAL, 0 },
		{ "+1", -5, 5, -EINVAL, 0 },
		{ "- 1", -5, 5, -EINVAL, 0 },
		{ "5x", -5, 5, -EINVAL, 0 },
		{ "", -5, 5, -EINVAL, 0 },
		{ " 5", -5, 5, -EINVAL, 0 },
		{ "5 ", -5, 5, -EINVAL, 0 },
		{ "0x10", -5, 100, -EINVAL, 0 },
	};
	size_t i;

	/* The LONG_MAX rows assume a 64-bit long; skip them elsewhere. */
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		long v = 4242;
		int ret;

		if (LONG_MAX != 9223372036854775807L && strlen(rows[i].s) > 18)
			continue;
		ret = scd_parse_int(rows[i].s, rows[i].min, rows[i].max, &v);
		ck_assert_msg(ret == rows[i].ret, "\"%s\": %d, want %d", rows[i].s, ret, rows[i].ret);
		ck_assert_int_eq(v, ret ? 4242 : rows[i].v);
	}
}
END_TEST

START_TEST(test_seconds)
{
	static const struct {
		const char *s;
		int ret;
		double v;
	} rows[] = {
		{ "5", 0, 5.0 },
		{ "0.5", 0, 0.5 },
		{ "2.25", 0, 2.25 },
		{ "0.001", 0, 0.001 },
		{ "3600", 0, 3600.0 },
		{ "0.0001", -ERANGE, 0 },
		{ "3600.5", -ERANGE, 0 },
		{ "0", -ERANGE, 0 },
		{ "99999999999999999999999", -ERANGE, 0 },
		{ "5s", -EINVAL, 0 },
		{ "5x", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },
		{ "+1", -EINVAL, 0 },
		{ "", -EINVAL, 0 },
		{ " 5", -EINVAL, 0 },
		{ "5 ", -EINVAL, 0 },
		{ ".5", -EINVAL, 0 },
		{ "5.", -EINVAL, 0 },
		{ "1.2.3", -EINVAL, 0 },
		{ "1e3", -EINVAL, 0 },
		{ "1,5", -EINVAL, 0 },
		{ "inf", -EINVAL, 0 },
		{ "nan", -EINVAL, 0 },
		{ "0x10", -EINVAL, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		double v = 42.0;
		int ret = scd_parse_seconds(rows[i].s, 0.001, 3600.0, &v);

		ck_assert_msg(ret == rows[i].ret, "\"%s\": %d, want %d", rows[i].s, ret, rows[i].ret);
		ck_assert_double_eq_tol(v, ret ? 42.0 : rows[i].v, 1e-12);
	}
}
END_TEST

START_TEST(test_valid_name)
{
	static const char *const good[] = { "read", "sys_enter_read", "a", "x86_64", "_", };
	static const char *const bad[] = {
		"", "../", "..", ".*", "1 || 1", "Read", "sys-enter", "a/b", "a b", "read\n",
		"raw_syscalls:sys_enter", "é",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		ck_assert_msg(scd_valid_name(good[i], 64), "\"%s\" rejected", good[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(!scd_valid_name(bad[i], 64), "\"%s\" accepted", bad[i]);
	ck_assert(scd_valid_name("abcd", 4));
	ck_assert(!scd_valid_name("abcde", 4));
	ck_assert(!scd_valid_name("a", 0));
	ck_assert(!scd_valid_name(NULL, 4));
}
END_TEST

START_TEST(test_valid_glob)
{
	static const char *const good[] = {
		"sys_enter_*", "sched:sched_switch", "sys_enter_[rw]*", "?", ".*", "a-b", "X",
	};
	static const char *const bad[] = {
		"", "../", "..", "a..b", "a/b", "1 || 1", "a b", "*;", "$(x)", "a\tb", "'a'",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		ck_assert_msg(scd_valid_glob(good[i]), "\"%s\" rejected", good[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(!scd_valid_glob(bad[i]), "\"%s\" accepted", bad[i]);
	ck_assert(!scd_valid_glob(NULL));
}
END_TEST

START_TEST(test_valid_comm)
{
	static const struct {
		const char *s;
		int ret;
	} rows[] = {
		{ "bash", 0 },
		{ "123456789012345", 0 },
		{ "1234567890123456", -ENAMETOOLONG },
		{ "kworker/0:1H", 0 },
		{ "my prog", 0 },
		{ "", -EINVAL },
		{ "a\tb", -EINVAL },
		{ "a\nb", -EINVAL },
		{ "a\x7f", -EINVAL },
		{ "a\"b", -EINVAL },
		{ "a'b", -EINVAL },
		{ "a\\b", -EINVAL },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		int ret = scd_valid_comm(rows[i].s);

		ck_assert_msg(ret == rows[i].ret, "\"%s\": %d, want %d", rows[i].s, ret, rows[i].ret);
	}
	ck_assert_int_eq(scd_valid_comm(NULL), -EINVAL);
}
END_TEST

START_TEST(test_split_list)
{
	static const char *const bad[] = { "", ",", "a,", ",a", "a,,b" };
	char **items = NULL;
	size_t i, n = 99;

	ck_assert_int_eq(scd_split_list("read,write,openat", &items, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(items[0], "read");
	ck_assert_str_eq(items[1], "write");
	ck_assert_str_eq(items[2], "openat");
	scd_free_list(items, n);

	ck_assert_int_eq(scd_split_list("one", &items, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(items[0], "one");
	scd_free_list(items, n);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		items = (char **)&n;
		n = 99;
		ck_assert_msg(scd_split_list(bad[i], &items, &n) == -EINVAL, "\"%s\"", bad[i]);
		ck_assert_ptr_null(items);
		ck_assert_uint_eq(n, 0);
	}
	ck_assert_int_eq(scd_split_list(NULL, &items, &n), -EINVAL);
	ck_assert_int_eq(scd_split_list("a", NULL, &n), -EINVAL);
	scd_free_list(NULL, 0);
}
END_TEST

/* CPU lists as sysfs writes them (online CPUs: perf rings are opened on these only). */
START_TEST(test_cpu_list)
{
	static const struct {
		const char *text;
		int n;
		int cpus[6];
	} ok[] = {
		{ "0\n", 1, { 0 } },
		{ "0-1\n", 2, { 0, 1 } },
		{ "0,2-3,6", 4, { 0, 2, 3, 6 } },
		{ "1-2,4-5\n", 4, { 1, 2, 4, 5 } },
		{ "", 0, { 0 } },
	};
	static const char *const bad[] = { "a", "0-", "3-1", "0,,1", "0 1", "-1", "70000" };
	size_t i;
	int *cpus, n, k;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		n = scd_cpu_list_parse(ok[i].text, &cpus);
		ck_assert_msg(n == ok[i].n, "\"%s\": %d", ok[i].text, n);
		for (k = 0; k < n; k++)
			ck_assert_int_eq(cpus[k], ok[i].cpus[k]);
		free(cpus);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ck_assert_msg(scd_cpu_list_parse(bad[i], &cpus) == -EINVAL, "\"%s\"", bad[i]);
		ck_assert_ptr_null(cpus);
	}
	n = scd_online_cpus(&cpus);
	ck_assert_int_ge(n, 1);
	free(cpus);
}
END_TEST

static Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc;

	tc = tcase_create("numbers");
	tcase_add_test(tc, test_u64);
	tcase_add_test(tc, test_int);
	tcase_add_test(tc, test_seconds);
	suite_add_tcase(s, tc);

	tc = tcase_create("validators");
	tcase_add_test(tc, test_valid_name);
	tcase_add_test(tc, test_valid_glob);
	tcase_add_test(tc, test_valid_comm);
	tcase_add_test(tc, test_split_list);
	tcase_add_test(tc, test_cpu_list);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return scd_run_suite(parse_suite());
}
