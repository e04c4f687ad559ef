// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wl-offcpu: the workload of the offcpu end-to-end tests, built with frame pointers so its
 * own functions appear in the user stacks. The blocking syscalls are issued by an inline
 * syscall instruction (x86-64, aarch64) in the workload's own functions rather than by libc's
 * syscall(), which has no frame pointer and would hide its caller from the frame-pointer walk.
 *
 * Usage: wl-offcpu OP ARG [OP ARG ...]
 *
 *   sleep N:MS        N nanosleep() calls of MS milliseconds, from wl_sleep_leaf()
 *   pingpong N        a parent and a forked child pass one byte back and forth N times
 *                     over two pipes (each side blocks in read N times)
 *   thread-read MS    a second thread blocks in read() on a pipe (wl_reader_thread) until
 *                     the main thread writes to it MS milliseconds later
 *   libc-sleep N:MS   N usleep() calls of MS milliseconds through libc (no frame pointers:
 *                     usleep, nanosleep and clock_nanosleep hide wl_libc_sleep from the
 *                     frame-pointer walk), from wl_libc_sleep() called by wl_libc_loop()
 *
 * Exit codes: 0 done, 1 a call failed, 2 usage.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "wl-common.h"

/*
 * Inlined into its callers: a function without a frame of its own (a leaf compiled without
 * one) hides its caller from the walk, so the syscall instruction sits in the caller.
 */
static inline __attribute__((always_inline)) long wl_raw_syscall3(long nr, long a, long b,
								   long c)
{
#if defined(__x86_64__)
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
#elif defined(__aarch64__)
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
	return x0;
#else
	return syscall(nr, a, b, c);
#endif
}

__attribute__((noinline)) static int wl_sleep_leaf(unsigned long ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	return wl_raw_syscall3(SYS_nanosleep, (long)&ts, 0, 0) ? -1 : 0;
}

__attribute__((noinline)) static int wl_sleep_loop(unsigned long n, unsigned long ms)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		if (wl_sleep_leaf(ms))
			return -1;
	return 0;
}

__attribute__((noinline)) static int wl_libc_sleep(unsigned long ms)
{
	int ret = usleep((useconds_t)(ms * 1000));

	__asm__ volatile("" ::: "memory");	/* not a tail call: this frame stays */
	return ret;
}

__attribute__((noinline)) static int wl_libc_loop(unsigned long n, unsigned long ms)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		if (wl_libc_sleep(ms))
			return -1;
	return 0;
}

/* Reads one byte into a buffer on its own stack: a frame (and frame pointer) of its own. */
__attribute__((noinline)) static long wl_read(int fd)
{
	volatile char buf[16];

	return wl_raw_syscall3(SYS_read, fd, (long)buf, 1);
}

__attribute__((noinline)) static int wl_pingpong(unsigned long n)
{
	int ab[2], ba[2], status;
	unsigned long i;
	pid_t pid;
	char c = 'x';

	if (pipe(ab) || pipe(ba))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		for (i = 0; i < n; i++)
			if (wl_read(ab[0]) != 1 || write(ba[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	for (i = 0; i < n; i++)
		if (write(ab[1], &c, 1) != 1 || wl_read(ba[0]) != 1)
			return -1;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	close(ab[0]);
	close(ab[1]);
	close(ba[0]);
	close(ba[1]);
	return 0;
}

static int pipefd[2];

__attribute__((noinline)) static void *wl_reader_thread(void *arg)
{
	(void)arg;
	return wl_read(pipefd[0]) == 1 ? NULL : (void *)1;
}

static int wl_thread_read(unsigned long ms)
{
	pthread_t t;
	void *ret;

	if (pipe(pipefd) || pthread_create(&t, NULL, wl_reader_thread, NULL))
		return -1;
	if (wl_sleep_leaf(ms) || write(pipefd[1], "x", 1) != 1 || pthread_join(t, &ret))
		return -1;
	close(pipefd[0]);
	close(pipefd[1]);
	return ret ? -1 : 0;
}

static int run(const char *op, const char *arg)
{
	unsigned long n, ms;

	if (!strcmp(op, "sleep") && !wl_parse_arg(arg, 1, &n, &ms))
		return wl_sleep_loop(n, ms) ? 1 : 0;
	if (!strcmp(op, "pingpong") && !wl_parse_arg(arg, 0, &n, &ms))
		return wl_pingpong(n) ? 1 : 0;
	if (!strcmp(op, "thread-read") && !wl_parse_arg(arg, 0, &ms, &n))
		return wl_thread_read(ms) ? 1 : 0;
	if (!strcmp(op, "libc-sleep") && !wl_parse_arg(arg, 1, &n, &ms))
		return wl_libc_loop(n, ms) ? 1 : 0;
	fprintf(stderr, "wl-offcpu: bad operation '%s %s'\n", op, arg);
	return 2;
}

int main(int argc, char **argv)
{
	int i, ret;

	if (argc < 3 || argc % 2 == 0) {
		fprintf(stderr, "usage: wl-offcpu OP ARG [OP ARG ...]\n");
		return 2;
	}
	for (i = 1; i + 1 < argc; i += 2) {
		ret = run(argv[i], argv[i + 1]);
		if (ret) {
			if (ret == 1)
				perror("wl-offcpu");
			return ret;
		}
	}
	return 0;
}
