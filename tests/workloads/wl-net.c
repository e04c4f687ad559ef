// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wl-net: the workload of the net.sizes and net.nonblock end-to-end tests. It makes an exactly
 * known number of each socket syscall, every one through syscall(SYS_xxx, ...) so that libc
 * can neither add nor hide a call, then sleeps 1 s (so that scdiag can still read /proc)
 * and exits 0. It is meant to be started by scdiag (-- CMD), which traces it from its exec:
 * the setup calls below are part of the counts, and listed with each operation.
 *
 * Usage: wl-net OP ARG [OP ARG ...]
 *
 *   dgram N:SIZE      N times sendto() of SIZE bytes, then recvfrom() of it with a 4096-byte
 *                     buffer, on an AF_UNIX datagram socketpair (setup: one blocking
 *                     socketpair, shared by dgram and drain)
 *   eagain N          N recvfrom() on an empty non-blocking socket, each failing with EAGAIN
 *                     (setup: one socketpair with SOCK_NONBLOCK)
 *   drain N:B         N times: B sendto() of 1024 bytes, then recvfrom() on a non-blocking
 *                     socket until EAGAIN: N * B successes and N EAGAIN (setup: as dgram,
 *                     plus one fcntl(F_SETFL, O_RDWR | O_NONBLOCK) on the receiving end,
 *                     which dgram then shares)
 *   socket N:NB       N socket(AF_UNIX, SOCK_DGRAM | (NB ? SOCK_NONBLOCK : 0)), each closed
 *   socket-fcntl N    N times: socket(AF_UNIX, SOCK_DGRAM), fcntl(F_GETFL), fcntl(F_SETFL,
 *                     flags | O_NONBLOCK), close
 *   fcntl-off N       on one blocking socket (setup: one socket()), N times fcntl(F_SETFD,
 *                     FD_CLOEXEC) and fcntl(F_SETFL, O_RDWR) (O_NONBLOCK off)
 *   accept N          N times: socket(AF_UNIX, SOCK_STREAM) connect()ed to a listening
 *                     socket, accept(), both closed (setup: one listening socket())
 *   accept4 N:NB      the same with accept4(..., NB ? SOCK_NONBLOCK : 0); the connecting
 *                     sockets are made with the same SOCK_NONBLOCK
 *   accept-fcntl N    as accept N, then fcntl(F_SETFL, O_RDWR | O_NONBLOCK) on each accepted
 *                     socket
 *
 * Exit codes: 0 done, 1 a call failed unexpectedly, 2 usage.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "wl-common.h"

#define MAX_OPS 32
#define IO_MAX 4096
#define DRAIN_SIZE 1024

enum kind { OP_DGRAM, OP_EAGAIN, OP_DRAIN, OP_SOCKET, OP_SOCKET_FCNTL, OP_FCNTL_OFF, OP_ACCEPT,
	    OP_ACCEPT4, OP_ACCEPT_FCNTL };

static const struct {
	const char *name;
	enum kind kind;
	int two;	/* takes N:M */
} op_names[] = {
	{ "dgram", OP_DGRAM, 1 },
	{ "eagain", OP_EAGAIN, 0 },
	{ "drain", OP_DRAIN, 1 },
	{ "socket", OP_SOCKET, 1 },
	{ "socket-fcntl", OP_SOCKET_FCNTL, 0 },
	{ "fcntl-off", OP_FCNTL_OFF, 0 },
	{ "accept", OP_ACCEPT, 0 },
	{ "accept4", OP_ACCEPT4, 1 },
	{ "accept-fcntl", OP_ACCEPT_FCNTL, 0 },
};

#define NOP_NAMES (sizeof(op_names) / sizeof(op_names[0]))

struct op {
	enum kind kind;
	unsigned long n, m;
};

static int dgram_sv[2] = { -1, -1 };	/* dgram, drain */
static int drain_nb;			/* dgram_sv[1] was made non-blocking */
static int empty_sv[2] = { -1, -1 };	/* eagain */
static int flag_fd = -1;		/* fcntl-off */
static int listen_fd = -1;		/* accept* */
static struct sockaddr_un listen_addr;
static socklen_t listen_len;
static char buf[IO_MAX];

static void usage(FILE *f)
{
	fprintf(f, "Usage: wl-net OP ARG [OP ARG ...]\n"
		"OPs: dgram N:SIZE, eagain N, drain N:B, socket N:NB, socket-fcntl N, "
		"fcntl-off N,\n     accept N, accept4 N:NB, accept-fcntl N (SIZE 1 to 4096, "
		"NB 0 or 1)\n");
}

static void die_usage(const char *what, const char *arg)
{
	fprintf(stderr, "wl-net: %s '%s'\n", what, arg);
	usage(stderr);
	exit(2);
}

static void die_call(const char *what)
{
	wl_die_call("wl-net", what);
}

static void parse_op(struct op *op, const char *name, const char *arg)
{
	size_t i;

	for (i = 0; i < NOP_NAMES && strcmp(op_names[i].name, name); i++)
		;
	if (i == NOP_NAMES)
		die_usage("unknown operation", name);
	op->kind = op_names[i].kind;
	if (wl_parse_arg(arg, op_names[i].two, &op->n, &op->m))
		die_usage("invalid argument", arg);
	if ((op->kind == OP_SOCKET || op->kind == OP_ACCEPT4) && op->m > 1)
		die_usage("NB must be 0 or 1", arg);
	if (op->kind == OP_DGRAM && (op->m < 1 || op->m > IO_MAX))
		die_usage("SIZE must be 1 to 4096", arg);
	if (op->kind == OP_DRAIN && (op->m < 1 || op->m > 64))
		die_usage("B must be 1 to 64", arg);
}

/* The descriptors the operations need, made once before the first operation. */
static void setup(const struct op *ops, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		enum kind k = ops[i].kind;

		if ((k == OP_DGRAM || k == OP_DRAIN) && dgram_sv[0] < 0 &&
		    syscall(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, dgram_sv) < 0)
			die_call("socketpair");
		if (k == OP_DRAIN && !drain_nb) {
			if (syscall(SYS_fcntl, dgram_sv[1], F_SETFL, O_RDWR | O_NONBLOCK) < 0)
				die_call("fcntl");
			drain_nb = 1;
		}
		if (k == OP_EAGAIN && empty_sv[0] < 0 &&
		    syscall(SYS_socketpair, AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, empty_sv) < 0)
			die_call("socketpair");
		if (k == OP_FCNTL_OFF && flag_fd < 0 &&
		    (flag_fd = (int)syscall(SYS_socket, AF_UNIX, SOCK_DGRAM, 0)) < 0)
			die_call("socket");
		if ((k == OP_ACCEPT || k == OP_ACCEPT4 || k == OP_ACCEPT_FCNTL) && listen_fd < 0) {
			sa_family_t fam = AF_UNIX;

			listen_fd = (int)syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
			/* An address of only the family: the kernel binds an abstract name. */
			if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&fam, sizeof(fam)) ||
			    listen(listen_fd, 16))
				die_call("listening socket");
			listen_len = sizeof(listen_addr);
			if (getsockname(listen_fd, (struct sockaddr *)&listen_addr, &listen_len))
				die_call("getsockname");
		}
	}
}

static void run_dgram(const struct op *op)
{
	unsigned long i;

	for (i = 0; i < op->n; i++) {
		if (syscall(SYS_sendto, dgram_sv[0], buf, op->m, 0, NULL, 0) != (long)op->m)
			die_call("sendto");
		if (syscall(SYS_recvfrom, dgram_sv[1], buf, sizeof(buf), 0, NULL, NULL) !=
		    (long)op->m)
			die_call("recvfrom");
	}
}

static void run_eagain(const struct op *op)
{
	unsigned long i;

	for (i = 0; i < op->n; i++)
		if (syscall(SYS_recvfrom, empty_sv[1], buf, sizeof(buf), 0, NULL, NULL) >= 0 ||
		    errno != EAGAIN)
			die_call("recvfrom of an empty socket");
}

static void run_drain(const struct op *op)
{
	unsigned long i, k;

	for (i = 0; i < op->n; i++) {
		for (k = 0; k < op->m; k++)
			if (syscall(SYS_sendto, dgram_sv[0], buf, DRAIN_SIZE, 0, NULL, 0) !=
			    DRAIN_SIZE)
				die_call("sendto");
		for (k = 0; k < op->m; k++)
			if (syscall(SYS_recvfrom, dgram_sv[1], buf, sizeof(buf), 0, NULL, NULL) !=
			    DRAIN_SIZE)
				die_call("recvfrom");
		if (syscall(SYS_recvfrom, dgram_sv[1], buf, sizeof(buf), 0, NULL, NULL) >= 0 ||
		    errno != EAGAIN)
			die_call("recvfrom of a drained socket");
	}
}

static void run_socket(const struct op *op)
{
	int type = SOCK_DGRAM | (op->m ? SOCK_NONBLOCK : 0);
	unsigned long i;
	long fd, fl;

	for (i = 0; i < op->n; i++) {
		fd = syscall(SYS_socket, AF_UNIX, type, 0);
		if (fd < 0)
			die_call("socket");
		if (op->kind == OP_SOCKET_FCNTL) {
			fl = syscall(SYS_fcntl, fd, F_GETFL);
			if (fl < 0 || syscall(SYS_fcntl, fd, F_SETFL, fl | O_NONBLOCK) < 0)
				die_call("fcntl");
		}
		close((int)fd);
	}
}

static void run_fcntl_off(const struct op *op)
{
	unsigned long i;

	for (i = 0; i < op->n; i++)
		if (syscall(SYS_fcntl, flag_fd, F_SETFD, FD_CLOEXEC) < 0 ||
		    syscall(SYS_fcntl, flag_fd, F_SETFL, O_RDWR) < 0)
			die_call("fcntl");
}

static void run_accept(const struct op *op)
{
	int nb = op->kind == OP_ACCEPT4 && op->m ? SOCK_NONBLOCK : 0;
	unsigned long i;
	long c, a;

	for (i = 0; i < op->n; i++) {
		c = syscall(SYS_socket, AF_UNIX, SOCK_STREAM | nb, 0);
		/* AF_UNIX connects at once while the backlog has room, blocking or not. */
		if (c < 0 || connect((int)c, (struct sockaddr *)&listen_addr, listen_len))
			die_call("connect");
		if (op->kind == OP_ACCEPT4)
			a = syscall(SYS_accept4, listen_fd, NULL, NULL, nb);
		else
			a = syscall(SYS_accept, listen_fd, NULL, NULL);
		if (a < 0)
			die_call("accept");
		if (op->kind == OP_ACCEPT_FCNTL &&
		    syscall(SYS_fcntl, a, F_SETFL, O_RDWR | O_NONBLOCK) < 0)
			die_call("fcntl");
		close((int)a);
		close((int)c);
	}
}

int main(int argc, char **argv)
{
	struct op ops[MAX_OPS];
	struct timespec pause = { 1, 0 };
	size_t n = 0, i;
	int a;

	if (argc < 3 || (argc - 1) % 2) {
		usage(stderr);
		return 2;
	}
	for (a = 1; a + 1 < argc; a += 2) {
		if (n == MAX_OPS)
			die_usage("too many operations at", argv[a]);
		parse_op(&ops[n++], argv[a], argv[a + 1]);
	}
	setup(ops, n);
	for (i = 0; i < n; i++) {
		switch (ops[i].kind) {
		case OP_DGRAM:
			run_dgram(&ops[i]);
			break;
		case OP_EAGAIN:
			run_eagain(&ops[i]);
			break;
		case OP_DRAIN:
			run_drain(&ops[i]);
			break;
		case OP_SOCKET:
		case OP_SOCKET_FCNTL:
			run_socket(&ops[i]);
			break;
		case OP_FCNTL_OFF:
			run_fcntl_off(&ops[i]);
			break;
		case OP_ACCEPT:
		case OP_ACCEPT4:
		case OP_ACCEPT_FCNTL:
			run_accept(&ops[i]);
			break;
		}
	}
	/* Still alive while scdiag reads the last records and /proc. */
	nanosleep(&pause, NULL);
	return 0;
}
