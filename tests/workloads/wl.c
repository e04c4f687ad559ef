// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wl: the deterministic workload of the end-to-end tests. It sets everything up (argument
 * parsing, the /dev/zero and /dev/null descriptors, the ready file), waits for one byte on a
 * "go" descriptor or FIFO so that the tracer can arm itself first, then makes an exactly known
 * number of each syscall and exits 0. Every measured call goes through syscall(SYS_xxx, ...)
 * so that libc can neither add nor hide a call (glibc's close() and nanosleep() wrappers, for
 * example, are not guaranteed to map one to one onto the syscalls a test counts).
 *
 * Usage: wl [--verbose] [--go-fd N | --go-fifo PATH] [--ready-file PATH] OP ARG [OP ARG ...]
 *
 *   getppid N            N getppid() calls
 *   close-ebadf N        N close(-1) calls, each failing with EBADF
 *   nanosleep-ms N:MS    N nanosleep() calls of MS milliseconds each
 *   read-devzero N       N 1-byte read()s from /dev/zero (opened before "go")
 *   write-devnull N      N 1-byte write()s to /dev/null (opened before "go")
 *   open-enoent N        N openat() calls of a missing path, each failing with ENOENT
 *   threads N:OP:ARG     N threads each doing OP ARG, all joined
 *   fork N:OP:ARG        N child processes each doing OP ARG then _exit(0), all waited for
 *   spin SEC             a busy loop of SEC seconds that makes no syscall (vDSO clock only)
 *   sleep SEC            one nanosleep() of SEC seconds
 *   loop-getppid SEC     getppid() in a loop for SEC seconds (benchmarks, signal tests)
 *
 * --ready-file PATH writes the pid to PATH (through a rename, so a reader never sees a partial
 * file) once set up, before waiting for "go". Exit codes: 0 done, 1 runtime error, 2 usage.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_OPS 64
#define MISSING_PATH "/nonexistent-scdiag-wl/none"

enum kind {
	OP_GETPPID,
	OP_CLOSE_EBADF,
	OP_NANOSLEEP_MS,
	OP_READ_DEVZERO,
	OP_WRITE_DEVNULL,
	OP_OPEN_ENOENT,
	OP_THREADS,
	OP_FORK,
	OP_SPIN,
	OP_SLEEP,
	OP_LOOP_GETPPID,
};

struct op {
	enum kind kind;
	unsigned long n;	/* calls, or threads/children for OP_THREADS and OP_FORK */
	unsigned long ms;	/* OP_NANOSLEEP_MS */
	double sec;		/* OP_SPIN, OP_SLEEP, OP_LOOP_GETPPID */
	struct op *sub;		/* OP_THREADS, OP_FORK: what each thread or child does */
};

static const struct {
	const char *name;
	enum kind kind;
} op_names[] = {
	{ "getppid", OP_GETPPID },
	{ "close-ebadf", OP_CLOSE_EBADF },
	{ "nanosleep-ms", OP_NANOSLEEP_MS },
	{ "read-devzero", OP_READ_DEVZERO },
	{ "write-devnull", OP_WRITE_DEVNULL },
	{ "open-enoent", OP_OPEN_ENOENT },
	{ "threads", OP_THREADS },
	{ "fork", OP_FORK },
	{ "spin", OP_SPIN },
	{ "sleep", OP_SLEEP },
	{ "loop-getppid", OP_LOOP_GETPPID },
};

#define NOP_NAMES (sizeof(op_names) / sizeof(op_names[0]))

static int zero_fd = -1, null_fd = -1;
static int verbose;

static void usage(FILE *f)
{
	fprintf(f, "Usage: wl [--verbose] [--go-fd N | --go-fifo PATH] [--ready-file PATH] "
		"OP ARG [OP ARG ...]\n"
		"OPs: getppid N, close-ebadf N, nanosleep-ms N:MS, read-devzero N, "
		"write-devnull N,\n"
		"     open-enoent N, threads N:OP:ARG, fork N:OP:ARG, spin SEC, sleep SEC,\n"
		"     loop-getppid SEC\n");
}

static void die_usage(const char *what, const char *arg)
{
	fprintf(stderr, "wl: %s '%s'\n", what, arg);
	usage(stderr);
	exit(2);
}

/* Decimal digits only, 0 to 100000000; stops at @end (or the string's end when NULL). */
static int parse_ul(const char *s, const char *end, unsigned long *out)
{
	unsigned long v = 0;
	const char *p;

	if (!end)
		end = s + strlen(s);
	if (s == end)
		return -1;
	for (p = s; p < end; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > 100000000ul)
			return -1;
	}
	*out = v;
	return 0;
}

/* "3", "0.5": digits with an optional fraction, no sign or exponent, at most 3600 s. */
static int parse_sec(const char *s, double *out)
{
	const char *dot = strchr(s, '.');
	unsigned long ip, frac = 0;
	double scale = 1.0;
	const char *p;

	if (parse_ul(s, dot, &ip))
		return -1;
	if (dot) {
		if (!dot[1] || strlen(dot + 1) > 6)
			return -1;
		for (p = dot + 1; *p; p++) {
			if (*p < '0' || *p > '9')
				return -1;
			frac = frac * 10 + (unsigned long)(*p - '0');
			scale *= 10.0;
		}
	}
	*out = (double)ip + (double)frac / scale;
	return *out > 3600.0 ? -1 : 0;
}

static int lookup(const char *name, size_t len, enum kind *kind)
{
	size_t i;

	for (i = 0; i < NOP_NAMES; i++) {
		if (strlen(op_names[i].name) == len && !strncmp(op_names[i].name, name, len)) {
			*kind = op_names[i].kind;
			return 0;
		}
	}
	return -1;
}

/* Parses ARG of @op (already holding its kind); @nested refuses threads/fork inside. */
static void parse_arg(struct op *op, const char *arg, int nested)
{
	const char *c1, *c2;

	switch (op->kind) {
	case OP_NANOSLEEP_MS:
		c1 = strchr(arg, ':');
		if (!c1 || parse_ul(arg, c1, &op->n) || parse_ul(c1 + 1, NULL, &op->ms) ||
		    op->ms > 10000)
			die_usage("nanosleep-ms wants N:MS (MS at most 10000), got", arg);
		break;
	case OP_THREADS:
	case OP_FORK:
		c1 = strchr(arg, ':');
		c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (nested)
			die_usage("threads and fork cannot be nested", arg);
		if (!c2 || parse_ul(arg, c1, &op->n) || op->n > 1000)
			die_usage("threads and fork want N:OP:ARG (N at most 1000), got", arg);
		op->sub = calloc(1, sizeof(*op->sub));
		if (!op->sub) {
			perror("wl: calloc");
			exit(1);
		}
		if (lookup(c1 + 1, (size_t)(c2 - c1 - 1), &op->sub->kind))
			die_usage("unknown operation in", arg);
		parse_arg(op->sub, c2 + 1, 1);
		break;
	case OP_SPIN:
	case OP_SLEEP:
	case OP_LOOP_GETPPID:
		if (parse_sec(arg, &op->sec))
			die_usage("expected seconds (e.g. 3 or 0.5, at most 3600), got", arg);
		break;
	default:
		if (parse_ul(arg, NULL, &op->n))
			die_usage("expected a count from 0 to 100000000, got", arg);
		break;
	}
}

static double now_s(void)
{
	struct timespec ts;

	/* A vDSO call with the tsc clocksource: no syscall. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ns(long long ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000ll), (long)(ns % 1000000000ll) };

#ifdef SYS_nanosleep
	while (syscall(SYS_nanosleep, &ts, &ts) < 0 && errno == EINTR)
		;
#else
	while (syscall(SYS_clock_nanosleep, CLOCK_REALTIME, 0, &ts, &ts) < 0 && errno == EINTR)
		;
#endif
}

static void run(const struct op *op);

static void *thread_main(void *arg)
{
	run(arg);
	return NULL;
}

static void run_threads(const struct op *op)
{
	pthread_t *t = calloc(op->n ? op->n : 1, sizeof(*t));
	unsigned long i;
	int err;

	if (!t) {
		perror("wl: calloc");
		exit(1);
	}
	for (i = 0; i < op->n; i++) {
		err = pthread_create(&t[i], NULL, thread_main, op->sub);
		if (err) {
			fprintf(stderr, "wl: pthread_create: %s\n", strerror(err));
			exit(1);
		}
	}
	for (i = 0; i < op->n; i++)
		pthread_join(t[i], NULL);
	free(t);
}

static void run_fork(const struct op *op)
{
	unsigned long i, bad = 0;
	int st;

	for (i = 0; i < op->n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("wl: fork");
			exit(1);
		}
		if (pid == 0) {
			run(op->sub);
			_exit(0);
		}
	}
	for (i = 0; i < op->n; i++) {
		if (wait(&st) < 0) {
			perror("wl: wait");
			exit(1);
		}
		bad += !WIFEXITED(st) || WEXITSTATUS(st);
	}
	if (bad) {
		fprintf(stderr, "wl: %lu children failed\n", bad);
		exit(1);
	}
}

static void run(const struct op *op)
{
	unsigned long i;
	double end;
	char b = 0;

	switch (op->kind) {
	case OP_GETPPID:
		for (i = 0; i < op->n; i++)
			syscall(SYS_getppid);
		break;
	case OP_CLOSE_EBADF:
		for (i = 0; i < op->n; i++)
			syscall(SYS_close, -1);
		break;
	case OP_NANOSLEEP_MS:
		for (i = 0; i < op->n; i++)
			sleep_ns((long long)op->ms * 1000000ll);
		break;
	case OP_READ_DEVZERO:
		for (i = 0; i < op->n; i++)
			if (syscall(SYS_read, zero_fd, &b, 1) != 1)
				exit(1);
		break;
	case OP_WRITE_DEVNULL:
		for (i = 0; i < op->n; i++)
			if (syscall(SYS_write, null_fd, &b, 1) != 1)
				exit(1);
		break;
	case OP_OPEN_ENOENT:
		for (i = 0; i < op->n; i++)
			if (syscall(SYS_openat, AT_FDCWD, MISSING_PATH, O_RDONLY) >= 0)
				exit(1);
		break;
	case OP_THREADS:
		run_threads(op);
		break;
	case OP_FORK:
		run_fork(op);
		break;
	case OP_SPIN:
		end = now_s() + op->sec;
		while (now_s() < end)
			for (i = 0; i < 100000; i++)
				__asm__ __volatile__("" ::: "memory");
		break;
	case OP_SLEEP:
		sleep_ns((long long)(op->sec * 1e9));
		break;
	case OP_LOOP_GETPPID:
		end = now_s() + op->sec;
		while (now_s() < end)
			for (i = 0; i < 256; i++)
				syscall(SYS_getppid);
		break;
	}
}

static int write_ready(const char *path)
{
	char tmp[4096], buf[32];
	int fd, len, ok;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid()) >= (int)sizeof(tmp))
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	len = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	ok = write(fd, buf, (size_t)len) == len;
	if (close(fd) < 0 || !ok || rename(tmp, path) < 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Blocks until one byte arrives; end of file means whoever held the other end gave up. */
static int wait_go(int fd)
{
	ssize_t n;
	char b;

	do
		n = read(fd, &b, 1);
	while (n < 0 && errno == EINTR);
	return n == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *go_fifo = NULL, *ready = NULL;
	struct op ops[MAX_OPS];
	size_t nops = 0, i;
	unsigned long go_fd = 0;
	int has_go_fd = 0, a = 1, fd;

	for (; a < argc && !strncmp(argv[a], "--", 2); a++) {
		if (!strcmp(argv[a], "--")) {
			a++;
			break;
		} else if (!strcmp(argv[a], "--verbose")) {
			verbose = 1;
		} else if (!strcmp(argv[a], "--help")) {
			usage(stdout);
			return 0;
		} else if (a + 1 >= argc) {
			die_usage("missing argument after", argv[a]);
		} else if (!strcmp(argv[a], "--go-fd")) {
			if (parse_ul(argv[++a], NULL, &go_fd) || go_fd > 1000000)
				die_usage("invalid --go-fd", argv[a]);
			has_go_fd = 1;
		} else if (!strcmp(argv[a], "--go-fifo")) {
			go_fifo = argv[++a];
		} else if (!strcmp(argv[a], "--ready-file")) {
			ready = argv[++a];
		} else {
			die_usage("unknown option", argv[a]);
		}
	}
	if (has_go_fd && go_fifo)
		die_usage("--go-fd and --go-fifo exclude each other", go_fifo);
	if (a >= argc || (argc - a) % 2)
		die_usage("expected OP ARG pairs after", argv[a - 1]);
	for (; a < argc; a += 2) {
		if (nops == MAX_OPS)
			die_usage("too many operations at", argv[a]);
		memset(&ops[nops], 0, sizeof(ops[nops]));
		if (lookup(argv[a], strlen(argv[a]), &ops[nops].kind))
			die_usage("unknown operation", argv[a]);
		parse_arg(&ops[nops], argv[a + 1], 0);
		nops++;
	}

	zero_fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (zero_fd < 0 || null_fd < 0) {
		perror("wl: open /dev/zero or /dev/null");
		return 1;
	}
	if (ready && write_ready(ready)) {
		fprintf(stderr, "wl: cannot write %s: %s\n", ready, strerror(errno));
		return 1;
	}
	if (go_fifo) {
		/* Opening a FIFO for reading blocks until a writer opens it. */
		fd = open(go_fifo, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "wl: cannot open %s: %s\n", go_fifo, strerror(errno));
			return 1;
		}
		if (wait_go(fd)) {
			fprintf(stderr, "wl: %s closed without a go byte\n", go_fifo);
			return 1;
		}
		/* Left open (close-on-exec): a close() here would be a measured call. */
	} else if (has_go_fd && wait_go((int)go_fd)) {
		fprintf(stderr, "wl: fd %lu closed without a go byte\n", go_fd);
		return 1;
	}

	for (i = 0; i < nops; i++) {
		run(&ops[i]);
		if (verbose)
			fprintf(stderr, "wl: done %s\n", argv[argc - 2 * (long)(nops - i)]);
	}
	if (verbose)
		fprintf(stderr, "wl: pid %d finished %zu operations\n", (int)getpid(), nops);
	for (i = 0; i < nops; i++)
		free(ops[i].sub);
	return 0;
}
