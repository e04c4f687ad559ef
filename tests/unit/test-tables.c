// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the generated syscall and errno tables and of the "did you mean" suggestions.
 * Expected numbers come from the build's own <sys/syscall.h> and <errno.h> (SYS_getppid,
 * EAGAIN), never from literals, so the tests pass on every arch the tables are generated for.
 * The program exits non-zero when any test fails.
 */
#include "unit.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "errnos.h"
#include "suggest.h"
#include "syscalls.h"


static int has(const char *const *out, size_t k, const char *name)
{
	size_t i;

	for (i = 0; i < k; i++) {
		if (!strcmp(out[i], name))
			return 1;
	}
	return 0;
}

START_TEST(test_syscall_known)
{
	ck_assert_int_eq(scd_syscall_nr("getppid"), SYS_getppid);
	ck_assert_int_eq(scd_syscall_nr("getpid"), SYS_getpid);
	ck_assert_int_eq(scd_syscall_nr("exit_group"), SYS_exit_group);
	ck_assert_str_eq(scd_syscall_name(SYS_getppid), "getppid");
	ck_assert_str_eq(scd_syscall_name(SYS_read), "read");
	ck_assert_str_eq(scd_syscall_name(SYS_openat), "openat");
	ck_assert_int_eq(scd_syscall_nr("no_such_syscall"), -ENOENT);
	ck_assert_int_eq(scd_syscall_nr(""), -ENOENT);
	ck_assert_int_eq(scd_syscall_nr("GETPID"), -ENOENT);
	ck_assert_int_eq(scd_syscall_nr(NULL), -EINVAL);
	ck_assert_ptr_null(scd_syscall_name(-1));
	ck_assert_ptr_null(scd_syscall_name(scd_syscall_max()));
	ck_assert_ptr_null(scd_syscall_name(1 << 30 | 12345));
}
END_TEST

START_TEST(test_syscall_roundtrip)
{
	size_t i, n = scd_syscall_count();
	int max = 0;

	ck_assert_uint_gt(n, 100);
	ck_assert_ptr_null(scd_syscall_at(n));
	for (i = 0; i < n; i++) {
		const char *name = scd_syscall_at(i);
		int nr = scd_syscall_nr(name);

		ck_assert_ptr_nonnull(name);
		ck_assert_int_ge(nr, 0);
		ck_assert_int_lt(nr, scd_syscall_max());
		ck_assert_ptr_nonnull(scd_syscall_name(nr));
		/* Two names may share a number; the number still maps back to one of them. */
		ck_assert_int_eq(scd_syscall_nr(scd_syscall_name(nr)), nr);
		if (nr > max)
			max = nr;
	}
	ck_assert_int_eq(scd_syscall_max(), max + 1);
}
END_TEST

START_TEST(test_syscall_event_alias)
{
	ck_assert_str_eq(scd_syscall_event_name("uname"), "newuname");
	ck_assert_str_eq(scd_syscall_event_name("umount2"), "umount");
	ck_assert_str_eq(scd_syscall_event_name("read"), "read");
	ck_assert_str_eq(scd_syscall_event_name("whatever"), "whatever");
	ck_assert_ptr_null(scd_syscall_event_name(NULL));
	ck_assert_int_eq(scd_syscall_nr("newuname"), SYS_uname);
	ck_assert_int_eq(scd_syscall_nr("umount"), scd_syscall_nr("umount2"));
	ck_assert_int_eq(scd_syscall_nr("fstat"), SYS_fstat);
	ck_assert_int_eq(scd_syscall_nr("newfstat"), SYS_fstat);
#ifdef SYS_newfstatat
	ck_assert_int_eq(scd_syscall_nr("fstatat"), SYS_newfstatat);
	ck_assert_str_eq(scd_syscall_event_name("fstatat"), "newfstatat");
#endif
#if defined(__x86_64__) || defined(__aarch64__)
	ck_assert_str_eq(scd_syscall_event_name("sendfile"), "sendfile64");
	ck_assert_int_eq(scd_syscall_nr("sendfile64"), SYS_sendfile);
#endif
}
END_TEST

START_TEST(test_errno_names)
{
	ck_assert_str_eq(scd_errno_name(EBADF), "EBADF");
	ck_assert_str_eq(scd_errno_name(EAGAIN), "EAGAIN");
	ck_assert_str_eq(scd_errno_name(EDEADLK), "EDEADLK");
	ck_assert_str_eq(scd_errno_name(EOPNOTSUPP), "EOPNOTSUPP");
	ck_assert_str_eq(scd_errno_name(ENOENT), "ENOENT");
	ck_assert_ptr_null(scd_errno_name(0));
	ck_assert_ptr_null(scd_errno_name(-1));
	ck_assert_ptr_null(scd_errno_name(SCD_ERRNO_MAX + 1));
}
END_TEST

START_TEST(test_errno_parse_ok)
{
	static const struct {
		const char *s;
		int err;
	} ok[] = {
		{ "EBADF", EBADF }, { "ebadf", EBADF }, { "EbAdF", EBADF }, { "9", 9 },
		{ "EAGAIN", EAGAIN }, { "EWOULDBLOCK", EAGAIN }, { "ewouldblock", EAGAIN },
		{ "EDEADLOCK", EDEADLOCK }, { "ENOTSUP", ENOTSUP }, { "4095", 4095 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		int err = -12345;

		ck_assert_msg(scd_errno_parse(ok[i].s, &err) == 0, "\"%s\" rejected", ok[i].s);
		ck_assert_int_eq(err, ok[i].err);
	}
}
END_TEST

START_TEST(test_errno_parse_bad)
{
	static const char *const bad[] = {
		"EBADFX", "9x", "-9", "0", "99999999999999999999", "", " 9", "9 ", "+9",
		"0x9", "4096", "E", "EBADF ", "BADF", "errno",
	};
	size_t i;
	int err = -12345;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ck_assert_msg(scd_errno_parse(bad[i], &err) == -EINVAL, "\"%s\" accepted", bad[i]);
		ck_assert_int_eq(err, -12345);
	}
	ck_assert_int_eq(scd_errno_parse(NULL, &err), -EINVAL);
	ck_assert_int_eq(scd_errno_parse("EBADF", NULL), -EINVAL);
}
END_TEST

START_TEST(test_errno_table)
{
	size_t i, j, n = scd_errno_count();

	ck_assert_uint_gt(n, 30);
	ck_assert_ptr_null(scd_errno_at(n));
	for (i = 0; i < n; i++) {
		int err;

		ck_assert_int_eq(scd_errno_parse(scd_errno_at(i), &err), 0);
		ck_assert_str_eq(scd_errno_name(err), scd_errno_at(i));
		ck_assert_str_ne(scd_errno_at(i), "EWOULDBLOCK");
		ck_assert_str_ne(scd_errno_at(i), "ENOTSUP");
		for (j = 0; j < i; j++)
			ck_assert_str_ne(scd_errno_at(i), scd_errno_at(j));
	}
}
END_TEST

static const char *syscall_at(size_t i, void *ctx)
{
	(void)ctx;
	return scd_syscall_at(i);
}

START_TEST(test_suggest_syscalls)
{
	const char *out[5];
	size_t k;

	k = scd_suggest_fn("gettpid", syscall_at, scd_syscall_count(), NULL, out, 5);
	ck_assert_uint_ge(k, 2);
	ck_assert_msg(has(out, k, "getpid") && has(out, k, "getppid"), "gettpid: %s", out[0]);

	k = scd_suggest_fn("wirte", syscall_at, scd_syscall_count(), NULL, out, 5);
	ck_assert_uint_ge(k, 1);
	ck_assert_str_eq(out[0], "write");

	/* A prefix lists its completions, in table (syscall number) order. */
	k = scd_suggest_fn("epoll_ctl", syscall_at, scd_syscall_count(), NULL, out, 5);
	ck_assert_uint_ge(k, 1);
	ck_assert_str_eq(out[0], "epoll_ctl");

	k = scd_suggest_fn("xyzzyplugh", syscall_at, scd_syscall_count(), NULL, out, 5);
	ck_assert_uint_eq(k, 0);
}
END_TEST

START_TEST(test_suggest_ranking)
{
	static const char *const cands[] = {
		"sched_switch", "sched_wakeup", "sched_waking", "wakup", "irq_handler_entry",
		"wakeup_new", "wakeup", "sched_wakeup", "SCHED_PROCESS_EXIT",
	};
	const char *out[SCD_SUGGEST_MAX + 4];
	size_t k;

	/* Prefix and substring matches first, then edit distance; duplicates once. */
	k = scd_suggest("wakeup", cands, ARRAY_SIZE(cands), out, ARRAY_SIZE(out));
	ck_assert_uint_eq(k, 4);
	ck_assert_str_eq(out[0], "wakeup");
	ck_assert_str_eq(out[1], "wakeup_new");
	ck_assert_str_eq(out[2], "sched_wakeup");
	ck_assert_str_eq(out[3], "wakup");

	/* Only the best ones are kept when max is small. */
	k = scd_suggest("wakeup", cands, ARRAY_SIZE(cands), out, 2);
	ck_assert_uint_eq(k, 2);
	ck_assert_str_eq(out[1], "wakeup_new");

	/* Case-insensitive, and a swap of neighbours is one edit. */
	k = scd_suggest("sched_process_exti", cands, ARRAY_SIZE(cands), out, 1);
	ck_assert_uint_eq(k, 1);
	ck_assert_str_eq(out[0], "SCHED_PROCESS_EXIT");

	/* Short words: limit 2, no substring matches. */
	k = scd_suggest("ir", cands, ARRAY_SIZE(cands), out, ARRAY_SIZE(out));
	ck_assert_uint_eq(k, 0);

	ck_assert_uint_eq(scd_suggest("", cands, ARRAY_SIZE(cands), out, 3), 0);
	ck_assert_uint_eq(scd_suggest(NULL, cands, ARRAY_SIZE(cands), out, 3), 0);
	ck_assert_uint_eq(scd_suggest("wakeup", cands, ARRAY_SIZE(cands), out, 0), 0);
	ck_assert_uint_eq(scd_suggest("wakeup", NULL, 0, out, 3), 0);
}
END_TEST

START_TEST(test_suggest_errnos)
{
	const char *names[256];
	const char *out[3];
	size_t i, n = scd_errno_count(), k;

	if (n > ARRAY_SIZE(names))
		n = ARRAY_SIZE(names);
	for (i = 0; i < n; i++)
		names[i] = scd_errno_at(i);
	k = scd_suggest("EAGIAN", names, n, out, 3);
	ck_assert_uint_ge(k, 1);
	ck_assert_str_eq(out[0], "EAGAIN");
}
END_TEST

static Suite *tables_suite(void)
{
	Suite *s = suite_create("tables");
	TCase *tc;

	tc = tcase_create("syscalls");
	tcase_add_test(tc, test_syscall_known);
	tcase_add_test(tc, test_syscall_roundtrip);
	tcase_add_test(tc, test_syscall_event_alias);
	suite_add_tcase(s, tc);

	tc = tcase_create("errnos");
	tcase_add_test(tc, test_errno_names);
	tcase_add_test(tc, test_errno_parse_ok);
	tcase_add_test(tc, test_errno_parse_bad);
	tcase_add_test(tc, test_errno_table);
	suite_add_tcase(s, tc);

	tc = tcase_create("suggest");
	tcase_add_test(tc, test_suggest_syscalls);
	tcase_add_test(tc, test_suggest_ranking);
	tcase_add_test(tc, test_suggest_errnos);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return scd_run_suite(tables_suite());
}
