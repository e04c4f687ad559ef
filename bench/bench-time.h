// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Clock helpers shared by the benchmark programs (gp.c, pp.c), which the bench scripts
 * compile one file each with ${CC:-cc}: header-only, static functions.
 */
#ifndef SCD_BENCH_TIME_H
#define SCD_BENCH_TIME_H

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

#endif
