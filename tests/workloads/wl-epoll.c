// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wl-epoll: the workload of the epoll diagnoses' end-to-end tests. Each mode makes an exactly
 * known number of epoll waits that trigger one finding of scdiag diagnose (full, busy, short,
 * lt-hot) or that a healthy program makes and that must not trigger any (block, et, and full
 * with MAXEV >= READY). The epoll fd is always fd 100 (dup2'ed there at set-up) so that tests
 * can name it, every wait goes through syscall(SYS_xxx, ...) so that libc can neither add nor
 * hide one (glibc may implement epoll_wait with epoll_pwait), and every return value is
 * checked: a wait that returns anything else than the mode promises makes wl-epoll print
 * "wl-epoll: ..." and exit 1. At the end it sleeps 0.5 s with the epoll fd open, because
 * scdiag reads /proc/PID/fdinfo/100 when it handles the first wait, possibly a little later.
 *
 * Usage: wl-epoll [--via wait|pwait|pwait2] [--ready-file PATH] MODE ARGS
 *
 *   full N MAXEV READY  READY pipes holding one byte each, level-triggered and never read;
 *                       N waits of MAXEV slots with timeout 0, each returning
 *                       min(MAXEV, READY)
 *   busy N              one empty pipe, level-triggered; N waits with timeout 0, each
 *                       returning 0
 *   short N MS          one empty pipe, level-triggered; N waits with timeout MS ms
 *                       (1 to 1000), each expiring and returning 0
 *   block N             one pipe, level-triggered; N times: write a byte, wait with timeout -1
 *                       (returns 1), read the byte back
 *   lt-hot N            one pipe holding a byte, level-triggered and never read; N waits with
 *                       timeout -1, each returning 1 at once
 *   et N                one non-blocking pipe, edge-triggered (EPOLLET); N times: write a
 *                       byte, wait with timeout -1 (returns 1), read until EAGAIN
 *   mix N               one empty pipe; N waits with timeout 0 through each of epoll_wait,
 *                       epoll_pwait and epoll_pwait2 in turn (3N waits, each returning 0;
 *                       --via is ignored)
 *   einval N            N waits with maxevents 0, each failing with EINVAL
 *
 * Waits of every mode but full use 8 slots. --via picks the syscall (default epoll_wait);
 * epoll_pwait and epoll_pwait2 get a NULL signal mask, epoll_pwait2 a timespec of the same
 * timeout (NULL for -1). --ready-file PATH writes the pid to PATH (through a rename) once set
 * up. Exit codes: 0 done, 1 runtime error, 2 usage.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define EPFD 100		/* the epoll fd every mode waits on */
#define SLOTS 8			/* maxevents of every mode but full */
#define MAX_N 100000000ul
#define MAX_READY 4096ul
#define KSIGSET_SIZE (_NSIG / 8)	/* the kernel's sigset_t, as epoll_pwait wants it */

#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441	/* same number on every architecture (Linux 5.11) */
#endif

enum via {
	VIA_WAIT,
	VIA_PWAIT,
	VIA_PWAIT2,
};

static enum via via = VIA_WAIT;
static struct epoll_event *evs;	/* MAX_READY slots */

static void usage(FILE *f)
{
	fprintf(f, "Usage: wl-epoll [--via wait|pwait|pwait2] [--ready-file PATH] MODE ARGS\n"
		"MODEs: full N MAXEV READY, busy N, short N MS, block N, lt-hot N, et N, mix N,\n"
		"       einval N\n");
}

static void die_usage(const char *what, const char *arg)
{
	fprintf(stderr, "wl-epoll: %s '%s'\n", what, arg ? arg : "");
	usage(stderr);
	exit(2);
}

static void die(const char *what)
{
	fprintf(stderr, "wl-epoll: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Decimal digits only, @min to @max. */
static unsigned long parse_num(const char *s, unsigned long min, unsigned long max)
{
	unsigned long v = 0;
	const char *p;

	if (!s || !*s)
		die_usage("expected a number, got", s);
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			die_usage("expected a number, got", s);
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > max)
			die_usage("number out of range:", s);
	}
	if (v < min)
		die_usage("number out of range:", s);
	return v;
}

/* One wait through @how; returns the syscall's result or -1 with errno set. */
static long wait_via(enum via how, int maxevents, int timeout_ms)
{
	struct timespec ts = { timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L };

	switch (how) {
	case VIA_WAIT:
#ifdef SYS_epoll_wait
		return syscall(SYS_epoll_wait, EPFD, evs, maxevents, timeout_ms);
#else
		errno = ENOSYS;	/* arm64 and others have only epoll_pwait */
		return -1;
#endif
	case VIA_PWAIT:
		return syscall(SYS_epoll_pwait, EPFD, evs, maxevents, timeout_ms, NULL,
			       KSIGSET_SIZE);
	case VIA_PWAIT2:
		return syscall(SYS_epoll_pwait2, EPFD, evs, maxevents,
			       timeout_ms < 0 ? NULL : &ts, NULL, KSIGSET_SIZE);
	}
	errno = EINVAL;
	return -1;
}

/* @n waits that must each return @want (a negative @want: fail with errno -@want). */
static void waits(unsigned long n, enum via how, int maxevents, int timeout_ms, long want)
{
	unsigned long i;
	long got;

	for (i = 0; i < n; i++) {
		got = wait_via(how, maxevents, timeout_ms);
		if (want < 0 ? (got != -1 || errno != -want) : got != want) {
			fprintf(stderr, "wl-epoll: wait %lu of %lu returned %ld (%s), expected %ld\n",
				i + 1, n, got, got < 0 ? strerror(errno) : "ok", want);
			exit(1);
		}
	}
}

/* A pipe whose read end is registered with @events; optionally non-blocking. */
static void add_pipe(int p[2], uint32_t events, int nonblock)
{
	struct epoll_event ev = { .events = events };

	if (pipe2(p, O_CLOEXEC | (nonblock ? O_NONBLOCK : 0)) < 0)
		die("pipe2");
	ev.data.fd = p[0];
	if (epoll_ctl(EPFD, EPOLL_CTL_ADD, p[0], &ev) < 0)
		die("epoll_ctl");
}

static void put_byte(int fd)
{
	if (write(fd, "x", 1) != 1)
		die("write");
}

static void setup_epoll(void)
{
	struct rlimit rl;
	int fd = epoll_create1(EPOLL_CLOEXEC);

	if (fd < 0)
		die("epoll_create1");
	if (fd != EPFD) {
		if (dup3(fd, EPFD, O_CLOEXEC) < 0)
			die("dup3");
		close(fd);
	}
	/* full needs two descriptors per ready pipe. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	evs = calloc(MAX_READY, sizeof(*evs));
	if (!evs)
		die("calloc");
}

static void write_ready_file(const char *path)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		die("ready file");
	fprintf(f, "%d\n", (int)getpid());
	if (fclose(f) != 0 || rename(tmp, path) < 0)
		die("ready file");
}

static void mode_full(unsigned long n, unsigned long maxev, unsigned long ready)
{
	unsigned long i;
	int p[2];

	for (i = 0; i < ready; i++) {
		add_pipe(p, EPOLLIN, 0);
		put_byte(p[1]);
	}
	waits(n, via, (int)maxev, 0, (long)(maxev < ready ? maxev : ready));
}

/* block and et: a byte in, one wait that must report it, the byte out. */
static void mode_ping(unsigned long n, int et)
{
	unsigned long i;
	char c;
	int p[2];

	add_pipe(p, EPOLLIN | (et ? EPOLLET : 0), et);
	for (i = 0; i < n; i++) {
		put_byte(p[1]);
		waits(1, via, SLOTS, -1, 1);
		if (read(p[0], &c, 1) != 1)
			die("read");
		/* Edge-triggered: drain to EAGAIN, as such loops must. */
		if (et && (read(p[0], &c, 1) != -1 || errno != EAGAIN))
			die("read to EAGAIN");
	}
}

static void run_mode(char **argv, int argc)
{
	const char *m = argv[0];
	int p[2];

	if (!strcmp(m, "full") && argc == 4) {
		mode_full(parse_num(argv[1], 0, MAX_N), parse_num(argv[2], 1, MAX_READY),
			  parse_num(argv[3], 0, MAX_READY));
	} else if (!strcmp(m, "busy") && argc == 2) {
		add_pipe(p, EPOLLIN, 0);
		waits(parse_num(argv[1], 0, MAX_N), via, SLOTS, 0, 0);
	} else if (!strcmp(m, "short") && argc == 3) {
		unsigned long n = parse_num(argv[1], 0, MAX_N);

		add_pipe(p, EPOLLIN, 0);
		waits(n, via, SLOTS, (int)parse_num(argv[2], 1, 1000), 0);
	} else if (!strcmp(m, "block") && argc == 2) {
		mode_ping(parse_num(argv[1], 0, MAX_N), 0);
	} else if (!strcmp(m, "lt-hot") && argc == 2) {
		add_pipe(p, EPOLLIN, 0);
		put_byte(p[1]);
		waits(parse_num(argv[1], 0, MAX_N), via, SLOTS, -1, 1);
	} else if (!strcmp(m, "et") && argc == 2) {
		mode_ping(parse_num(argv[1], 0, MAX_N), 1);
	} else if (!strcmp(m, "mix") && argc == 2) {
		unsigned long n = parse_num(argv[1], 0, MAX_N), i;

		add_pipe(p, EPOLLIN, 0);
		for (i = 0; i < n; i++) {
			waits(1, VIA_WAIT, SLOTS, 0, 0);
			waits(1, VIA_PWAIT, SLOTS, 0, 0);
			waits(1, VIA_PWAIT2, SLOTS, 0, 0);
		}
	} else if (!strcmp(m, "einval") && argc == 2) {
		waits(parse_num(argv[1], 0, MAX_N), via, 0, 0, -EINVAL);
	} else {
		die_usage("unknown mode or wrong number of arguments:", m);
	}
}

int main(int argc, char **argv)
{
	const char *ready_file = NULL;
	struct timespec linger = { 0, 500000000L };
	int i = 1;

	for (; i < argc && !strncmp(argv[i], "--", 2); i += 2) {
		if (i + 1 >= argc)
			die_usage("option needs an argument:", argv[i]);
		if (!strcmp(argv[i], "--ready-file")) {
			ready_file = argv[i + 1];
		} else if (!strcmp(argv[i], "--via")) {
			if (!strcmp(argv[i + 1], "wait"))
				via = VIA_WAIT;
			else if (!strcmp(argv[i + 1], "pwait"))
				via = VIA_PWAIT;
			else if (!strcmp(argv[i + 1], "pwait2"))
				via = VIA_PWAIT2;
			else
				die_usage("--via wants wait, pwait or pwait2, got", argv[i + 1]);
		} else {
			die_usage("unknown option", argv[i]);
		}
	}
	if (i >= argc)
		die_usage("no mode given", NULL);
	setup_epoll();
	if (ready_file)
		write_ready_file(ready_file);
	run_mode(argv + i, argc - i);
	/* Keep EPFD open while scdiag reads /proc/PID/fdinfo/EPFD. */
	while (nanosleep(&linger, &linger) < 0 && errno == EINTR)
		;
	return 0;
}
