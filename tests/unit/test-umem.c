// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of umem.c: strings read from a process's memory, in this process and in a
 * child, across a page boundary, cut by the buffer or by the end of readable memory, and the
 * failures (NULL, an unreadable page, a process that is gone); every case through
 * process_vm_readv and again through /proc/PID/mem. Needs no privilege.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "unit.h"
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "umem.h"

static const char hello[] = "/etc/scdiag-test/hello.conf";

/* Two pages, the second one unmapped (/proc/PID/mem would read a PROT_NONE page). */
static char *two_pages(size_t *page)
{
	char *p;

	*page = (size_t)sysconf(_SC_PAGESIZE);
	p = mmap(NULL, 2 * *page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert(p != MAP_FAILED);
	ck_assert_int_eq(munmap(p + *page, *page), 0);
	return p;
}

static void cases(void)
{
	char out[64], *p, *q, big[8192];
	size_t page;
	bool cut;
	pid_t child;
	int status;

	ck_assert_int_eq(scd_umem_str(getpid(), (uintptr_t)hello, out, sizeof(out), &cut),
			 (ssize_t)strlen(hello));
	ck_assert_str_eq(out, hello);
	ck_assert(!cut);

	/* Cut by the buffer: len - 1 bytes. */
	ck_assert_int_eq(scd_umem_str(getpid(), (uintptr_t)hello, out, 6, &cut), 5);
	ck_assert_str_eq(out, "/etc/");
	ck_assert(cut);

	/* Ends at the end of readable memory without a NUL: what was there, cut. */
	p = two_pages(&page);
	memset(p + page - 10, 'x', 10);
	ck_assert_int_eq(scd_umem_str(getpid(), (uintptr_t)(p + page - 10), out, sizeof(out),
				      &cut), 10);
	ck_assert_str_eq(out, "xxxxxxxxxx");
	ck_assert(cut);
	/* Nothing readable, or NULL. */
	ck_assert_int_eq(scd_umem_str(getpid(), (uintptr_t)(p + page), out, sizeof(out), &cut),
			 -EFAULT);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(scd_umem_str(getpid(), 0, out, sizeof(out), &cut), -EFAULT);
	ck_assert_int_eq(scd_umem_str(getpid(), (uintptr_t)hello, out, 1, &cut), -EINVAL);
	ck_assert_int_eq(scd_umem_str(0, (uintptr_t)hello, out, sizeof(out), &cut), -EINVAL);
	munmap(p, page);

	/* Across a page boundary, longer than one piece (512 bytes). */
	q = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert(q != MAP_FAILED);
	memset(q + page - 700, 'a', 1500);
	q[page + 800] = 0;
	ck_assert_int_eq(scd_umem_str(getpid(), (uintptr_t)(q + page - 700), big, sizeof(big),
				      &cut), 1500);
	ck_assert(!cut && big[0] == 'a' && big[1499] == 'a' && !big[1500]);

	/* Another process: a child holding the same string at the same address (fork). */
	child = fork();
	ck_assert_int_ge(child, 0);
	if (!child) {
		pause();
		_exit(0);
	}
	ck_assert_int_eq(scd_umem_str(child, (uintptr_t)hello, out, sizeof(out), &cut),
			 (ssize_t)strlen(hello));
	ck_assert_str_eq(out, hello);
	kill(child, SIGKILL);
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	/* Gone. */
	ck_assert_int_eq(scd_umem_str(child, (uintptr_t)hello, out, sizeof(out), &cut), -ESRCH);
	munmap(q, 2 * page);
}

START_TEST(test_vm_readv)
{
	scd_umem_use_proc_mem(false);
	cases();
}
END_TEST

START_TEST(test_proc_mem)
{
	scd_umem_use_proc_mem(true);
	cases();
	scd_umem_use_proc_mem(false);
}
END_TEST

int main(void)
{
	const TTest *tests[] = { test_vm_readv, test_proc_mem };

	return scd_run_suite(scd_suite("umem", tests, ARRAY_SIZE(tests)));
}
