// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Helpers shared by the benchmark programs (gp.c, pp.c), which the bench scripts compile one
 * file each with ${CC:-cc}: clocks and CPU pinning; header-only, static functions.
 */
#ifndef SCD_BENCH_TIME_H
#define SCD_BENCH_TIME_H

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

/* CLOCK_MONOTONIC in ns. */
static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* A struct timeval (rusage times) in ns. */
static long long tv_ns(struct timeval tv)
{
	return tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
}

/* Pins the calling process to CPU @arg ("" = not pinned); 0, or -1 after a perror. */
static int pin_cpu(const char *arg)
{
	cpu_set_t set;

	if (!arg[0])
		return 0;
	CPU_ZERO(&set);
	CPU_SET(atoi(arg), &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("sched_setaffinity");
		return -1;
	}
	return 0;
}

#endif
