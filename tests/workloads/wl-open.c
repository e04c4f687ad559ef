// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wl-open: the workload of the open.flags end-to-end tests. It makes an exactly known number
 * of open, openat and openat2 calls, each through syscall(SYS_xxx, ...) so that libc can
 * neither add nor hide one, keeps every descriptor it opened until the end (so that scdiag
 * can resolve /proc/PID/fd/N at each exit), sleeps 1 s and exits 0. The regular file it
 * opens is its own executable (/proc/self/exe), so no setup call is needed; the dynamic
 * loader's own opens (ld.so.cache, libc) come before the first operation.
 *
 * Usage: wl-open OP ARG [OP ARG ...]
 *
 *   enoent N          N openat(AT_FDCWD, MISSING, O_RDONLY), each failing with ENOENT
 *   enoent-paced N:MS the same with a sleep of MS milliseconds after each call
 *   nb-regular N      N openat(AT_FDCWD, "/proc/self/exe", O_RDONLY | O_NONBLOCK): a regular
 *                     file, where O_NONBLOCK has no effect
 *   nb-dev N          N openat(AT_FDCWD, "/dev/null", O_RDONLY | O_NONBLOCK): a device
 *   regular N         N openat(AT_FDCWD, "/proc/self/exe", O_RDONLY)
 *   legacy N:NB       N open("/proc/self/exe", O_RDONLY | (NB ? O_NONBLOCK : 0)), where the
 *                     architecture has open(2) (else wl-open exits 77 before any call)
 *   openat2 N         N openat2(AT_FDCWD, "/proc/self/exe", {O_RDONLY | O_NONBLOCK}); exits
 *                     77 before any call when the headers do not know openat2
 *
 * At most 900 descriptors are kept in all. Exit codes: 0 done, 1 a call failed unexpectedly,
 * 2 usage, 77 an operation this system cannot do.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "wl-common.h"

#define MAX_OPS 32
#define MAX_KEPT 900
#define MISSING_PATH "/nonexistent-scdiag-wl/none"

static const char self_exe[] = "/proc/self/exe";
static const char dev_null[] = "/dev/null";

enum kind { OP_ENOENT, OP_ENOENT_PACED, OP_NB_REGULAR, OP_NB_DEV, OP_REGULAR, OP_LEGACY,
	    OP_OPENAT2 };

static const struct {
	const char *name;
	enum kind kind;
	int two;	/* takes N:M */
	int keeps;	/* keeps its descriptors */
} op_names[] = {
	{ "enoent", OP_ENOENT, 0, 0 },
	{ "enoent-paced", OP_ENOENT_PACED, 1, 0 },
	{ "nb-regular", OP_NB_REGULAR, 0, 1 },
	{ "nb-dev", OP_NB_DEV, 0, 1 },
	{ "regular", OP_REGULAR, 0, 1 },
	{ "legacy", OP_LEGACY, 1, 1 },
	{ "openat2", OP_OPENAT2, 0, 1 },
};

#define NOP_NAMES (sizeof(op_names) / sizeof(op_names[0]))

struct op {
	enum kind kind;
	unsigned long n, m;
};

/* struct open_how of <linux/openat2.h>, which older headers lack. */
struct how {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: wl-open OP ARG [OP ARG ...]\n"
		"OPs: enoent N, enoent-paced N:MS, nb-regular N, nb-dev N, regular N,\n"
		"     legacy N:NB, openat2 N (NB 0 or 1, at most %d descriptors kept)\n", MAX_KEPT);
}

static void die_usage(const char *what, const char *arg)
{
	fprintf(stderr, "wl-open: %s '%s'\n", what, arg);
	usage(stderr);
	exit(2);
}

static void die_call(const char *what)
{
	wl_die_call("wl-open", what);
}

/* Parses one operation; returns the descriptors it keeps. */
static unsigned long parse_op(struct op *op, const char *name, const char *arg)
{
	size_t i;

	for (i = 0; i < NOP_NAMES && strcmp(op_names[i].name, name); i++)
		;
	if (i == NOP_NAMES)
		die_usage("unknown operation", name);
	op->kind = op_names[i].kind;
	if (wl_parse_arg(arg, op_names[i].two, &op->n, &op->m))
		die_usage("invalid argument", arg);
	if (op->kind == OP_LEGACY && op->m > 1)
		die_usage("NB must be 0 or 1", arg);
	if (op->kind == OP_ENOENT_PACED && op->m > 1000)
		die_usage("MS must be 0 to 1000", arg);
#ifndef SYS_open
	if (op->kind == OP_LEGACY) {
		fprintf(stderr, "wl-open: this architecture has no open(2)\n");
		exit(77);
	}
#endif
#ifndef SYS_openat2
	if (op->kind == OP_OPENAT2) {
		fprintf(stderr, "wl-open: these headers do not know openat2(2)\n");
		exit(77);
	}
#endif
	return op_names[i].keeps ? op->n : 0;
}

static void sleep_ms(unsigned long ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static long open_one(const struct op *op)
{
	switch (op->kind) {
	case OP_ENOENT:
	case OP_ENOENT_PACED:
		return syscall(SYS_openat, AT_FDCWD, MISSING_PATH, O_RDONLY);
	case OP_NB_REGULAR:
		return syscall(SYS_openat, AT_FDCWD, self_exe, O_RDONLY | O_NONBLOCK);
	case OP_NB_DEV:
		return syscall(SYS_openat, AT_FDCWD, dev_null, O_RDONLY | O_NONBLOCK);
	case OP_REGULAR:
		return syscall(SYS_openat, AT_FDCWD, self_exe, O_RDONLY);
	case OP_LEGACY:
#ifdef SYS_open
		return syscall(SYS_open, self_exe, O_RDONLY | (op->m ? O_NONBLOCK : 0));
#else
		break;
#endif
	case OP_OPENAT2: {
#ifdef SYS_openat2
		struct how how = { O_RDONLY | O_NONBLOCK, 0, 0 };

		return syscall(SYS_openat2, AT_FDCWD, self_exe, &how, sizeof(how));
#else
		break;
#endif
	}
	}
	errno = ENOSYS;
	return -1;
}

static void run(const struct op *op)
{
	int missing = op->kind == OP_ENOENT || op->kind == OP_ENOENT_PACED;
	unsigned long i;
	long fd;

	for (i = 0; i < op->n; i++) {
		fd = open_one(op);
		if (missing ? fd >= 0 || errno != ENOENT : fd < 0)
			die_call(missing ? "open of a missing path" : "open");
		if (op->kind == OP_ENOENT_PACED && op->m)
			sleep_ms(op->m);
	}
}

int main(int argc, char **argv)
{
	struct op ops[MAX_OPS];
	unsigned long kept = 0;
	size_t n = 0, i;
	int a;

	if (argc < 3 || (argc - 1) % 2) {
		usage(stderr);
		return 2;
	}
	for (a = 1; a + 1 < argc; a += 2) {
		if (n == MAX_OPS)
			die_usage("too many operations at", argv[a]);
		kept += parse_op(&ops[n++], argv[a], argv[a + 1]);
		if (kept > MAX_KEPT)
			die_usage("too many descriptors kept at", argv[a + 1]);
	}
	for (i = 0; i < n; i++)
		run(&ops[i]);
	/* Descriptors stay open while scdiag reads the last records and /proc; exit closes. */
	sleep_ms(1000);
	return 0;
}
