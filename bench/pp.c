// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pp: pipe ping-pong workload (W2) for bench/offcpu-overhead. Compiled on the fly by the script.
 *
 *   pp N CPU PIDFILE GOFILE
 *
 * Forks a child; parent and child pass one byte back and forth over two pipes, N round trips.
 * Every round trip is 4 syscalls (2 write, 2 blocking read) and, when both run on one CPU,
 * 2 context switches. CPU is a CPU number to pin both processes to, or "" (not pinned).
 *
 * Start-up protocol, so a tracer can attach with -p PID before the timed loop:
 *   1. fork the child (it blocks in its first read), write the parent's pid to PIDFILE;
 *   2. wait (5 ms polls, at most 120 s) until GOFILE exists; GOFILE "" = start at once;
 *   3. run the timed loop and print one line of key=value on stdout:
 *      wall_ns ns_op (wall ns per round trip), cpu_ns_op (parent + child user+sys, getrusage),
 *      ctxt (system-wide context switches during the loop, from /proc/stat), nvcsw/nivcsw of
 *      the parent, cpu (the CPU the parent ended on).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench-time.h"


static unsigned long long ctxt(void)
{
	char line[512];
	unsigned long long v = 0;
	FILE *f = fopen("/proc/stat", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "ctxt ", 5)) {
			v = strtoull(line + 5, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static int xread(int fd, char *b)
{
	ssize_t r;

	do
		r = read(fd, b, 1);
	while (r < 0 && errno == EINTR);
	return r == 1 ? 0 : -1;
}

static int xwrite(int fd, const char *b)
{
	ssize_t r;

	do
		r = write(fd, b, 1);
	while (r < 0 && errno == EINTR);
	return r == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	int p2c[2], c2p[2], status;
	struct rusage r0, r1, rc;
	unsigned long long x0, x1;
	long long n, i, t0, t1, waited = 0;
	const char *gofile;
	char b = 'x';
	pid_t kid;
	FILE *f;

	if (argc < 5) {
		fprintf(stderr, "usage: pp N CPU PIDFILE GOFILE\n");
		return 2;
	}
	n = atoll(argv[1]);
	gofile = argv[4];
	if (n <= 0)
		return 2;
	if (pin_cpu(argv[2]))
		return 1;
	if (pipe(p2c) || pipe(c2p)) {
		perror("pipe");
		return 1;
	}
	kid = fork();
	if (kid < 0) {
		perror("fork");
		return 1;
	}
	if (kid == 0) {
		close(p2c[1]);
		close(c2p[0]);
		/* first byte = go; EOF = parent gave up */
		for (;;) {
			if (xread(p2c[0], &b))
				_exit(0);
			if (xwrite(c2p[1], &b))
				_exit(1);
		}
	}
	close(p2c[0]);
	close(c2p[1]);
	if (argv[3][0]) {
		f = fopen(argv[3], "w");
		if (f) {
			fprintf(f, "%d\n", (int)getpid());
			fclose(f);
		}
	}
	if (gofile[0]) {
		struct stat st;
		struct timespec ts = { 0, 5 * 1000000L };

		while (stat(gofile, &st)) {
			if (waited++ > 24000) {
				fprintf(stderr, "pp: %s did not appear\n", gofile);
				kill(kid, SIGKILL);
				waitpid(kid, NULL, 0);
				return 1;
			}
			nanosleep(&ts, NULL);
		}
	}
	getrusage(RUSAGE_SELF, &r0);
	x0 = ctxt();
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		if (xwrite(p2c[1], &b) || xread(c2p[0], &b)) {
			perror("pp: pipe");
			return 1;
		}
	}
	t1 = now_ns();
	x1 = ctxt();
	getrusage(RUSAGE_SELF, &r1);
	close(p2c[1]);
	if (waitpid(kid, &status, 0) != kid || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "pp: child failed\n");
		return 1;
	}
	/* the child's whole CPU (it does nothing outside the loop but block) */
	getrusage(RUSAGE_CHILDREN, &rc);
	{
		long long cpu = tv_ns(r1.ru_utime) - tv_ns(r0.ru_utime) + tv_ns(r1.ru_stime) -
				tv_ns(r0.ru_stime) + tv_ns(rc.ru_utime) + tv_ns(rc.ru_stime);

		printf("wl=pingpong n=%lld wall_ns=%lld ns_op=%.1f cpu_ns=%lld cpu_ns_op=%.1f "
		       "ctxt=%llu nvcsw=%ld nivcsw=%ld cpu=%d pid=%d\n",
		       n, t1 - t0, (double)(t1 - t0) / n, cpu, (double)cpu / n, x1 - x0,
		       r1.ru_nvcsw - r0.ru_nvcsw, r1.ru_nivcsw - r0.ru_nivcsw, sched_getcpu(),
		       (int)getpid());
	}
	return 0;
}
