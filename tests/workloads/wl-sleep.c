// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wl-sleep: the workload of the sleep.interrupted end-to-end tests. It makes an exactly known
 * number of nanosleep/clock_nanosleep calls, through syscall() so that libc neither adds nor
 * hides one, then waits 0.3 s in poll() (not a watched syscall) so that the tracer can still
 * read /proc/PID while it lives, and exits 0.
 *
 * Usage: wl-sleep OP ARG [OP ARG ...]
 *
 *   eintr N              N nanosleep() calls of 1 s, each interrupted by a SIGALRM of a
 *                        2 ms interval timer whose handler is installed without SA_RESTART
 *                        (a sleep is never restarted after a handler: each one fails EINTR)
 *   eintr-clock N        the same with clock_nanosleep(CLOCK_MONOTONIC, 0)
 *   tight N              N nanosleep() calls of 1 us: a tight sleep loop
 *   tight-clock N        the same with clock_nanosleep(CLOCK_MONOTONIC, 0)
 *   sleep-ms N:MS        N nanosleep() calls of MS milliseconds (healthy when N is small)
 *
 * Exit codes: 0 done, 1 a call did not behave as described, 2 usage.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

#define TICK_US 2000		/* the interrupting timer's interval */
#define EXIT_PAUSE_MS 300

static volatile sig_atomic_t ticks;

static void on_alarm(int sig)
{
	(void)sig;
	ticks++;
}

static __attribute__((noreturn)) void die_usage(const char *what, const char *arg)
{
	fprintf(stderr, "wl-sleep: %s '%s'\nUsage: wl-sleep OP ARG [OP ARG ...] (ops: eintr N, "
		"eintr-clock N, tight N, tight-clock N, sleep-ms N:MS)\n", what, arg);
	exit(2);
}

/* A number from 0 to @max, nothing else. */
static long parse_num(const char *s, char **end, long max)
{
	long v;

	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, end, 10);
	if (errno || v > max)
		return -1;
	return v;
}

static long sleep_once(int clock, long sec, long nsec)
{
	struct timespec ts = { sec, nsec };

	if (clock)
		return syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, NULL);
	return syscall(SYS_nanosleep, &ts, NULL);
}

static int set_timer(long us)
{
	struct itimerval it = { { 0, us }, { 0, us } };

	return setitimer(ITIMER_REAL, &it, NULL);
}

/* @n sleeps of 1 s, each cut short by the interval timer. */
static int interrupted(long n, int clock)
{
	struct sigaction sa;
	long i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL) < 0 || set_timer(TICK_US) < 0) {
		perror("wl-sleep: timer");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (sleep_once(clock, 1, 0) != -1 || errno != EINTR) {
			fprintf(stderr, "wl-sleep: sleep %ld was not interrupted\n", i);
			set_timer(0);
			return -1;
		}
	}
	return set_timer(0);
}

static int sleeps(long n, long ns, int clock)
{
	long i;

	for (i = 0; i < n; i++) {
		if (sleep_once(clock, ns / 1000000000L, ns % 1000000000L) != 0) {
			perror("wl-sleep: nanosleep");
			return -1;
		}
	}
	return 0;
}

static int run(const char *op, const char *arg)
{
	char *end = NULL;
	long n = parse_num(arg, &end, 1000000), ms = 0;

	if (n < 0)
		die_usage("invalid count", arg);
	if (!strcmp(op, "sleep-ms")) {
		if (*end != ':' || (ms = parse_num(end + 1, &end, 100000)) < 0 || *end)
			die_usage("expected N:MS, got", arg);
		return sleeps(n, ms * 1000000L, 0);
	}
	if (*end)
		die_usage("invalid count", arg);
	if (!strcmp(op, "eintr") || !strcmp(op, "eintr-clock"))
		return interrupted(n, !strcmp(op, "eintr-clock"));
	if (!strcmp(op, "tight") || !strcmp(op, "tight-clock"))
		return sleeps(n, 1000, !strcmp(op, "tight-clock"));
	die_usage("unknown operation", op);
}

int main(int argc, char **argv)
{
	int a;

	if (argc < 3 || (argc - 1) % 2)
		die_usage("expected OP ARG pairs, got", argc > 1 ? argv[1] : "");
	for (a = 1; a < argc; a += 2)
		if (run(argv[a], argv[a + 1]))
			return 1;
	/* Alive a little longer, outside the watched syscalls: the tracer may read /proc. */
	poll(NULL, 0, EXIT_PAUSE_MS);
	return 0;
}
