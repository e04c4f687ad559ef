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
 *   write-sizes N        for k = 0..12, N write()s of 2^k bytes each to /dev/null
 *   read-sizes N         for k = 0..12, N read()s of 2^k bytes each from /dev/zero
 *   read-eagain N        N 1-byte read()s of an empty non-blocking pipe, each failing
 *                        with EAGAIN (the pipe is made before "go")
 *   clock-nanosleep-ms N:MS  N clock_nanosleep(CLOCK_MONOTONIC) calls of MS milliseconds
 *   socket N:NB          N socket(AF_INET, SOCK_STREAM | (NB ? SOCK_NONBLOCK : 0), 0),
 *                        each closed at once (NB is 0 or 1)
 *   accept4-eagain N:NB  N accept4(fd, NULL, NULL, NB ? SOCK_NONBLOCK : 0) on a listening
 *                        AF_UNIX socket made non-blocking before "go", each failing with
 *                        EAGAIN
 *   open-nb N:NB         N openat(AT_FDCWD, "/dev/null", O_RDONLY | (NB ? O_NONBLOCK : 0)),
 *                        each closed at once
 *   open-legacy N:NB     the same through open(2), where the architecture has it (else
 *                        wl exits 1 before doing anything)
 *   sendto-dgram N:SIZE  N times: sendto() of SIZE bytes, then recvfrom() of that datagram,
 *                        on an AF_UNIX datagram socketpair made before "go" (both return
 *                        SIZE; SIZE at most 4096)
 *   sendmsg-dgram N:SIZE the same with sendmsg() and recvmsg()
 *   sendmmsg-dgram N:SIZE N times: sendmmsg() of 2 datagrams of SIZE bytes, then
 *                        recvmmsg() of both (both return 2); the *-dgram operations
 *                        cannot run in threads or fork
 *   threads N:OP:ARG     N threads each doing OP ARG, all joined
 *   fork N:OP:ARG        N child processes each doing OP ARG then _exit(0), all waited for
 *   spin SEC             a busy loop of SEC seconds that makes no syscall (vDSO clock only)
 *   sleep SEC            one nanosleep() of SEC seconds
 *   loop-getppid SEC     getppid() in a loop for SEC seconds (benchmarks, signal tests)
 *
 * --ready-file PATH writes the pid to PATH (through a rename, so a reader never sees a partial
 * file) once set up, before waiting for "go". The descriptors some operations need (the pipe,
 * the sockets) are made only when an operation needs them, also before "go", so the other
 * operations run exactly as they always did. Exit codes: 0 done, 1 runtime error, 2 usage.
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
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "wl-common.h"

#define MAX_OPS 64
#define MISSING_PATH "/nonexistent-scdiag-wl/none"
#define SIZES_MAX_SHIFT 12	/* write-sizes, read-sizes: 1 to 4096 bytes */
#define IO_MAX (1 << SIZES_MAX_SHIFT)	/* also the largest datagram */

/* One object, so that open-nb and open-legacy pass the same filename pointer. */
static const char dev_null[] = "/dev/null";

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
	OP_WRITE_SIZES,
	OP_READ_SIZES,
	OP_READ_EAGAIN,
	OP_CLOCK_NANOSLEEP_MS,
	OP_SOCKET,
	OP_ACCEPT4_EAGAIN,
	OP_OPEN_NB,
	OP_OPEN_LEGACY,
	OP_SENDTO_DGRAM,
	OP_SENDMSG_DGRAM,
	OP_SENDMMSG_DGRAM,
};

struct op {
	enum kind kind;
	unsigned long n;	/* calls, or threads/children for OP_THREADS and OP_FORK */
	unsigned long ms;	/* OP_NANOSLEEP_MS, OP_CLOCK_NANOSLEEP_MS */
	unsigned long m;	/* the second number of N:NB and N:SIZE */
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
	{ "write-sizes", OP_WRITE_SIZES },
	{ "read-sizes", OP_READ_SIZES },
	{ "read-eagain", OP_READ_EAGAIN },
	{ "clock-nanosleep-ms", OP_CLOCK_NANOSLEEP_MS },
	{ "socket", OP_SOCKET },
	{ "accept4-eagain", OP_ACCEPT4_EAGAIN },
	{ "open-nb", OP_OPEN_NB },
	{ "open-legacy", OP_OPEN_LEGACY },
	{ "sendto-dgram", OP_SENDTO_DGRAM },
	{ "sendmsg-dgram", OP_SENDMSG_DGRAM },
	{ "sendmmsg-dgram", OP_SENDMMSG_DGRAM },
};

#define NOP_NAMES (sizeof(op_names) / sizeof(op_names[0]))

static int zero_fd = -1, null_fd = -1;
static int eagain_pipe[2] = { -1, -1 };	/* read-eagain: an empty non-blocking pipe */
static int listen_fd = -1;		/* accept4-eagain */
static int dgram_sv[2] = { -1, -1 };	/* the *-dgram operations */
static char io_buf[IO_MAX], io_buf2[IO_MAX];
static int verbose;

static void usage(FILE *f)
{
	fprintf(f, "Usage: wl [--verbose] [--go-fd N | --go-fifo PATH] [--ready-file PATH] "
		"OP ARG [OP ARG ...]\n"
		"OPs: getppid N, close-ebadf N, nanosleep-ms N:MS, read-devzero N, "
		"write-devnull N,\n"
		"     open-enoent N, threads N:OP:ARG, fork N:OP:ARG, spin SEC, sleep SEC,\n"
		"     loop-getppid SEC, write-sizes N, read-sizes N, read-eagain N,\n"
		"     clock-nanosleep-ms N:MS, socket N:NB, accept4-eagain N:NB, open-nb N:NB,\n"
		"     open-legacy N:NB, sendto-dgram N:SIZE, sendmsg-dgram N:SIZE,\n"
		"     sendmmsg-dgram N:SIZE (NB: 0 or 1; SIZE: 1 to 4096)\n");
}

static void die_usage(const char *what, const char *arg)
{
	fprintf(stderr, "wl: %s '%s'\n", what, arg);
	usage(stderr);
	exit(2);
}

/* "3", "0.5": digits with an optional fraction, no sign or exponent, at most 3600 s. */
static int parse_sec(const char *s, double *out)
{
	const char *dot = strchr(s, '.');
	unsigned long ip, frac = 0;
	double scale = 1.0;
	const char *p;

	if (wl_parse_ul(s, dot, &ip))
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
	case OP_CLOCK_NANOSLEEP_MS:
		c1 = strchr(arg, ':');
		if (!c1 || wl_parse_ul(arg, c1, &op->n) || wl_parse_ul(c1 + 1, NULL, &op->ms) ||
		    op->ms > 10000)
			die_usage("nanosleep-ms and clock-nanosleep-ms want N:MS (MS at most 10000),"
				  " got", arg);
		break;
	case OP_SOCKET:
	case OP_ACCEPT4_EAGAIN:
	case OP_OPEN_NB:
	case OP_OPEN_LEGACY:
		c1 = strchr(arg, ':');
		if (!c1 || wl_parse_ul(arg, c1, &op->n) || wl_parse_ul(c1 + 1, NULL, &op->m) ||
		    op->m > 1)
			die_usage("expected N:NB (NB 0 or 1), got", arg);
#ifndef SYS_open
		if (op->kind == OP_OPEN_LEGACY) {
			fprintf(stderr, "wl: open-legacy: this architecture has no open syscall\n");
			exit(1);
		}
#endif
		break;
	case OP_SENDTO_DGRAM:
	case OP_SENDMSG_DGRAM:
	case OP_SENDMMSG_DGRAM:
		c1 = strchr(arg, ':');
		if (!c1 || wl_parse_ul(arg, c1, &op->n) || wl_parse_ul(c1 + 1, NULL, &op->m) ||
		    op->m < 1 || op->m > IO_MAX)
			die_usage("expected N:SIZE (SIZE from 1 to 4096), got", arg);
		/* One socketpair for all: concurrent receivers could split a recvmmsg. */
		if (nested)
			die_usage("the *-dgram operations cannot run in threads or children", arg);
		break;
	case OP_THREADS:
	case OP_FORK:
		c1 = strchr(arg, ':');
		c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (nested)
			die_usage("threads and fork cannot be nested", arg);
		if (!c2 || wl_parse_ul(arg, c1, &op->n) || op->n > 1000)
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
		if (wl_parse_ul(arg, NULL, &op->n))
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

static void die_call(const char *what)
{
	fprintf(stderr, "wl: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void sleep_clock_ns(long long ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000ll), (long)(ns % 1000000000ll) };
	long r;

	/* Through syscall(): -1 and errno, not the error number glibc's wrapper returns. */
	do
		r = syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, &ts);
	while (r < 0 && errno == EINTR);
}

/* write-sizes, read-sizes: for k = 0..12, N calls of 2^k bytes each. */
static void run_sizes(const struct op *op, long nr, int fd)
{
	unsigned long i, k;

	for (k = 0; k <= SIZES_MAX_SHIFT; k++)
		for (i = 0; i < op->n; i++)
			if (syscall(nr, fd, io_buf, 1ul << k) != (long)(1ul << k))
				die_call(nr == SYS_read ? "read" : "write");
}

static void run_open(const struct op *op)
{
	int flags = O_RDONLY | (op->m ? O_NONBLOCK : 0);
	unsigned long i;
	long fd;

	for (i = 0; i < op->n; i++) {
#ifdef SYS_open
		if (op->kind == OP_OPEN_LEGACY)
			fd = syscall(SYS_open, dev_null, flags);
		else
#endif
			fd = syscall(SYS_openat, AT_FDCWD, dev_null, flags);
		if (fd < 0)
			die_call("open /dev/null");
		syscall(SYS_close, fd);
	}
}

static void run_dgram(const struct op *op)
{
	struct iovec iov[2] = { { io_buf, op->m }, { io_buf2, op->m } };
	struct mmsghdr mm[2];
	struct msghdr mh;
	unsigned long i;
	long want = op->kind == OP_SENDMMSG_DGRAM ? 2 : (long)op->m;
	long s, r;

	for (i = 0; i < op->n; i++) {
		memset(&mh, 0, sizeof(mh));
		memset(mm, 0, sizeof(mm));
		mh.msg_iov = iov;
		mh.msg_iovlen = 1;
		mm[0].msg_hdr.msg_iov = &iov[0];
		mm[0].msg_hdr.msg_iovlen = 1;
		mm[1].msg_hdr.msg_iov = &iov[1];
		mm[1].msg_hdr.msg_iovlen = 1;
		switch (op->kind) {
		case OP_SENDTO_DGRAM:
			s = syscall(SYS_sendto, dgram_sv[0], io_buf, op->m, 0, NULL, 0);
			r = syscall(SYS_recvfrom, dgram_sv[1], io_buf, op->m, 0, NULL, NULL);
			break;
		case OP_SENDMSG_DGRAM:
			s = syscall(SYS_sendmsg, dgram_sv[0], &mh, 0);
			r = syscall(SYS_recvmsg, dgram_sv[1], &mh, 0);
			break;
		default:
			s = syscall(SYS_sendmmsg, dgram_sv[0], mm, 2, 0);
			/* Both datagrams are queued: MSG_WAITFORONE cannot end it early. */
			r = syscall(SYS_recvmmsg, dgram_sv[1], mm, 2, MSG_WAITFORONE, NULL);
			break;
		}
		if (s != want || r != want)
			die_call("datagram send or receive");
	}
}

/* The operations added for argdist's tests (argument mixes). */
static void run_args(const struct op *op)
{
	unsigned long i;
	long fd;
	char b = 0;

	switch (op->kind) {
	case OP_WRITE_SIZES:
		run_sizes(op, SYS_write, null_fd);
		break;
	case OP_READ_SIZES:
		run_sizes(op, SYS_read, zero_fd);
		break;
	case OP_READ_EAGAIN:
		for (i = 0; i < op->n; i++)
			if (syscall(SYS_read, eagain_pipe[0], &b, 1) != -1 || errno != EAGAIN)
				die_call("read of the empty pipe did not fail with EAGAIN");
		break;
	case OP_CLOCK_NANOSLEEP_MS:
		for (i = 0; i < op->n; i++)
			sleep_clock_ns((long long)op->ms * 1000000ll);
		break;
	case OP_SOCKET:
		for (i = 0; i < op->n; i++) {
			fd = syscall(SYS_socket, AF_INET, SOCK_STREAM | (op->m ? SOCK_NONBLOCK : 0),
				     0);
			if (fd < 0)
				die_call("socket");
			syscall(SYS_close, fd);
		}
		break;
	case OP_ACCEPT4_EAGAIN:
		for (i = 0; i < op->n; i++)
			if (syscall(SYS_accept4, listen_fd, NULL, NULL,
				    op->m ? SOCK_NONBLOCK : 0) != -1 || errno != EAGAIN)
				die_call("accept4 did not fail with EAGAIN");
		break;
	case OP_OPEN_NB:
	case OP_OPEN_LEGACY:
		run_open(op);
		break;
	default:
		run_dgram(op);
		break;
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
	default:
		run_args(op);
		break;
	}
}

/* Makes the descriptors @op needs (once for all operations), before "go". */
static void prepare(const struct op *op)
{
	struct sockaddr_un sun;

	if (op->sub)
		prepare(op->sub);
	switch (op->kind) {
	case OP_READ_EAGAIN:
		if (eagain_pipe[0] < 0 && pipe2(eagain_pipe, O_NONBLOCK | O_CLOEXEC) < 0)
			die_call("pipe2");
		break;
	case OP_ACCEPT4_EAGAIN:
		if (listen_fd >= 0)
			break;
		listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (listen_fd < 0)
			die_call("socket(AF_UNIX)");
		/* An address of just the family: the kernel picks a free abstract name. */
		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		if (bind(listen_fd, (struct sockaddr *)&sun, sizeof(sa_family_t)) < 0 ||
		    listen(listen_fd, 1) < 0 ||
		    fcntl(listen_fd, F_SETFL, fcntl(listen_fd, F_GETFL) | O_NONBLOCK) < 0)
			die_call("listening socket");
		break;
	case OP_SENDTO_DGRAM:
	case OP_SENDMSG_DGRAM:
	case OP_SENDMMSG_DGRAM:
		if (dgram_sv[0] < 0 &&
		    socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, dgram_sv) < 0)
			die_call("socketpair");
		break;
	default:
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
			if (wl_parse_ul(argv[++a], NULL, &go_fd) || go_fd > 1000000)
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
	for (i = 0; i < nops; i++)
		prepare(&ops[i]);
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
