// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wl-rw: the workload of the rw.buffers end-to-end tests. Before any measured call it opens
 * what the operations need at fixed descriptor numbers (so the tests can find their rows
 * among the loader's reads of fds 3 and up), sizing the data file with ftruncate (no write).
 * Then it makes an exactly known number of each call through syscall(), waits 1 s in poll()
 * (not a watched syscall) so that the tracer can still read /proc/PID/fd, and exits 0.
 *
 * Usage: wl-rw --file PATH OP N [OP N ...]
 *
 *   small-read N     fd 40: N read()s of 16 bytes of PATH          (small buffers)
 *   big-read N       fd 41: N read()s of 65536 bytes of PATH       (healthy)
 *   short-pread N    fd 42: N pread64()s of 64 bytes 10 bytes before the end of PATH:
 *                    each returns 10                              (short reads)
 *   zero-read N      fd 43: N read()s of 16 bytes at the end of PATH: each returns 0
 *   eagain N         fd 44: N read()s of 1 byte of an empty non-blocking pipe: each fails
 *                    with EAGAIN
 *   slow-read N      fd 45: N read()s of 1 byte of a pipe whose writer, a child process,
 *                    writes 1 byte to fd 46 every 150 ms             (slow blocking calls)
 *   small-write N    fd 47: N write()s of 16 bytes to /dev/null
 *   readv N          fd 48: N readv()s of two 8-byte iovecs of PATH: each returns 16
 *
 * Each OP at most once. PATH is created (or truncated) and sized to what the operations
 * read. Exit codes: 0 done, 1 a call did not behave as described, 2 usage.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_OPS 16
#define BIG 65536
#define SLOW_MS 150
#define EXIT_PAUSE_MS 1000

enum kind { SMALL_READ, BIG_READ, SHORT_PREAD, ZERO_READ, EAGAIN_READ, SLOW_READ, SMALL_WRITE,
	    READV, NKINDS };

static const char *const names[NKINDS] = {
	"small-read", "big-read", "short-pread", "zero-read", "eagain", "slow-read",
	"small-write", "readv",
};

/* Each operation's descriptor; slow-read's writer end is SLOW_WFD. */
static const int fds[NKINDS] = { 40, 41, 42, 43, 44, 45, 47, 48 };
#define SLOW_WFD 46

struct op {
	enum kind kind;
	long n;
};

static char buf[BIG];
static pid_t writer = -1;

static __attribute__((noreturn)) void die_usage(const char *what, const char *arg)
{
	fprintf(stderr, "wl-rw: %s '%s'\nUsage: wl-rw --file PATH OP N [OP N ...] (ops: "
		"small-read, big-read, short-pread, zero-read, eagain, slow-read, small-write, "
		"readv)\n", what, arg);
	exit(2);
}

static __attribute__((noreturn)) void die_call(const char *what)
{
	fprintf(stderr, "wl-rw: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Moves @fd to descriptor @to, close-on-exec like every descriptor of ours. */
static void place(int fd, int to)
{
	if (fd < 0 || dup3(fd, to, O_CLOEXEC) < 0 || close(fd) < 0)
		die_call("placing a descriptor");
}

/* The writer of slow-read: one byte every SLOW_MS, @n times, then exit. */
static void start_writer(long n)
{
	struct timespec ts = { 0, SLOW_MS * 1000000L };
	long i;

	writer = fork();
	if (writer < 0)
		die_call("fork");
	if (writer > 0)
		return;
	for (i = 0; i < n; i++) {
		nanosleep(&ts, NULL);
		if (syscall(SYS_write, SLOW_WFD, "x", 1) != 1)
			_exit(1);
	}
	_exit(0);
}

/* Opens and places every descriptor; returns the size given to PATH. */
static long prepare(const struct op *ops, size_t nops, const char *path)
{
	long need = 4096;
	int p[2], fd;
	size_t i;

	for (i = 0; i < nops; i++) {
		if (ops[i].kind == SMALL_READ && ops[i].n * 16 > need)
			need = ops[i].n * 16;
		if (ops[i].kind == BIG_READ && ops[i].n * BIG > need)
			need = ops[i].n * BIG;
		if (ops[i].kind == READV && ops[i].n * 16 > need)
			need = ops[i].n * 16;
	}
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || ftruncate(fd, need) < 0)
		die_call(path);
	for (i = 0; i < nops; i++) {
		int k = (int)ops[i].kind;

		switch (ops[i].kind) {
		case EAGAIN_READ:
		case SLOW_READ:
			if (pipe2(p, ops[i].kind == EAGAIN_READ ? O_NONBLOCK : 0) < 0)
				die_call("pipe2");
			place(p[0], fds[k]);
			if (ops[i].kind == SLOW_READ)
				place(p[1], SLOW_WFD);
			else
				place(p[1], fds[k] + 100);	/* kept open: no EOF */
			break;
		case SMALL_WRITE:
			place(open("/dev/null", O_WRONLY), fds[k]);
			break;
		default:
			place(open(path, O_RDONLY), fds[k]);
			if (ops[i].kind == ZERO_READ && lseek(fds[k], 0, SEEK_END) != need)
				die_call("lseek");
			break;
		}
	}
	if (close(fd) < 0)
		die_call(path);
	return need;
}

static void expect(long got, long want, const char *what)
{
	if (got != want) {
		fprintf(stderr, "wl-rw: %s returned %ld, expected %ld\n", what, got, want);
		exit(1);
	}
}

static void run(const struct op *op, long size)
{
	int fd = fds[op->kind];
	struct iovec iov[2] = { { buf, 8 }, { buf + 8, 8 } };
	long i;

	if (op->kind == SLOW_READ)
		start_writer(op->n);
	for (i = 0; i < op->n; i++) {
		switch (op->kind) {
		case SMALL_READ:
			expect(syscall(SYS_read, fd, buf, 16), 16, "read");
			break;
		case BIG_READ:
			expect(syscall(SYS_read, fd, buf, BIG), BIG, "read");
			break;
		case SHORT_PREAD:
			expect(syscall(SYS_pread64, fd, buf, 64, size - 10), 10, "pread64");
			break;
		case ZERO_READ:
			expect(syscall(SYS_read, fd, buf, 16), 0, "read");
			break;
		case EAGAIN_READ:
			expect(syscall(SYS_read, fd, buf, 1), -1, "read");
			expect(errno, EAGAIN, "errno of read");
			break;
		case SLOW_READ:
			expect(syscall(SYS_read, fd, buf, 1), 1, "read");
			break;
		case SMALL_WRITE:
			expect(syscall(SYS_write, fd, buf, 16), 16, "write");
			break;
		case READV:
			expect(syscall(SYS_readv, fd, iov, 2), 16, "readv");
			break;
		case NKINDS:
			break;
		}
	}
	if (op->kind == SLOW_READ) {
		int status;

		if (waitpid(writer, &status, 0) != writer || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			die_call("the slow-read writer failed");
	}
}

int main(int argc, char **argv)
{
	struct op ops[MAX_OPS];
	const char *path;
	size_t nops = 0, i;
	long size;
	int a;

	if (argc < 5 || strcmp(argv[1], "--file") || (argc - 3) % 2)
		die_usage("expected --file PATH OP N [OP N ...], got", argc > 1 ? argv[1] : "");
	path = argv[2];
	for (a = 3; a < argc; a += 2) {
		char *end;
		size_t j;
		int k;

		for (k = 0; k < NKINDS && strcmp(names[k], argv[a]); k++)
			;
		if (k == NKINDS)
			die_usage("unknown operation", argv[a]);
		for (j = 0; j < nops; j++)
			if (ops[j].kind == (enum kind)k)
				die_usage("operation given twice", argv[a]);
		if (nops == MAX_OPS)
			die_usage("too many operations at", argv[a]);
		errno = 0;
		ops[nops].kind = (enum kind)k;
		ops[nops].n = strtol(argv[a + 1], &end, 10);
		if (errno || *end || end == argv[a + 1] || ops[nops].n < 0 ||
		    ops[nops].n > 1000000)
			die_usage("invalid count", argv[a + 1]);
		nops++;
	}
	size = prepare(ops, nops, path);
	for (i = 0; i < nops; i++)
		run(&ops[i], size);
	/* Alive a little longer, outside the watched syscalls: the tracer may read /proc. */
	poll(NULL, 0, EXIT_PAUSE_MS);
	return 0;
}
