// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Socket diagnoses (seeds/syscall-diagnoses.md, "recv..." and "send..."):
 *   net.sizes     bytes requested and returned per send/recv call: many small messages at a
 *                 high rate (batching), and calls that mostly fail with EAGAIN
 *   net.nonblock  whether sockets are non-blocking: SOCK_NONBLOCK at socket, socketpair and
 *                 accept4, or O_NONBLOCK set later with fcntl(F_SETFL); sockets made
 *                 non-blocking with one extra fcntl each, and blocking sockets in a process
 *                 whose other sockets are non-blocking
 * Some architectures (x86_64 among them) have no recv and send syscalls: libc sends them
 * through recvfrom and sendto. They are listed anyway; the command drops what the kernel
 * cannot trace.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "diag.h"
#include "event.h"
#include "syscalls.h"

static int32_t pid_of(const struct scd_call *c, const struct scd_task *t)
{
	return t ? t->tgid : c->tid;
}

/*
 * Open addressing over a power-of-two number of slots; callers keep at most half of them
 * used, so a probe always ends. v == 0 marks an empty slot.
 */
struct kslot {
	uint64_t key;
	uint32_t v;
};

static struct kslot *kfind(struct kslot *s, size_t nslots, uint64_t key)
{
	size_t h = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 40) & (nslots - 1);

	while (s[h].v && s[h].key != key)
		h = (h + 1) & (nslots - 1);
	return &s[h];
}

/* Resolves @names once into @nr (-1: not a syscall of this architecture). */
static void resolve(int *nr, const char *const *names, bool *init)
{
	size_t i;

	for (i = 0; names[i]; i++)
		nr[i] = scd_syscall_nr(names[i]);
	*init = true;
}

static int index_of(const int *nr, size_t n, int32_t c_nr)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (nr[i] == c_nr)
			return (int)i;
	return -1;
}

/* ---- net.sizes: (comm, pid, syscall, requested, returned) -> count ---- */

enum { NS_RECV, NS_RECVFROM, NS_RECVMSG, NS_RECVMMSG, NS_SEND, NS_SENDTO, NS_SENDMSG,
       NS_SENDMMSG, NS_N };

static const char *const sizes_syscalls[] = {
	"recv", "recvfrom", "recvmsg", "recvmmsg", "send", "sendto", "sendmsg", "sendmmsg", NULL,
};

static const struct scd_col sizes_cols[] = {
	{ "comm", SCD_COL_COMM, 0 },
	{ "pid", SCD_COL_INT, 0 },
	{ "syscall", SCD_COL_SYSCALL, 1 },
	{ "requested", SCD_COL_INT_OR_NULL, 2 },
	{ "returned", SCD_COL_INT, 3 },
};

static const struct scd_table_def sizes_table = {
	"net_bytes", sizes_cols, 5, true,
};

#define SIZES_MAX 512		/* (pid, syscall) pairs followed for the findings */

struct sizes_ent {
	int32_t pid;
	int sc;			/* NS_* */
	uint64_t calls;		/* failed ones included */
	uint64_t eagain;
	uint64_t small;		/* successful calls that moved small_bytes or less */
	uint64_t small_sum;	/* bytes of those */
	char comm[16];
};

struct sizes_state {
	bool init;
	int nr[NS_N];
	size_t n;
	struct sizes_ent e[SIZES_MAX];		/* in order of first sight */
	struct kslot slot[2 * SIZES_MAX];	/* pid << 32 | sc -> index + 1 */
};

/* recv/recvfrom/send/sendto take (fd, buf, len, ...); the msg variants have no length. */
static bool has_len(int sc)
{
	return sc == NS_RECV || sc == NS_RECVFROM || sc == NS_SEND || sc == NS_SENDTO;
}

/* The mmsg variants return a number of messages, not bytes. */
static bool returns_bytes(int sc)
{
	return sc != NS_RECVMMSG && sc != NS_SENDMMSG;
}

static struct sizes_ent *sizes_ent(struct sizes_state *s, int32_t pid, int sc, const char *comm)
{
	struct kslot *k = kfind(s->slot, 2 * SIZES_MAX,
				((uint64_t)(uint32_t)pid << 32) | (uint32_t)sc);
	struct sizes_ent *e;

	if (k->v)
		return &s->e[k->v - 1];
	if (s->n == SIZES_MAX)
		return NULL;	/* the table still counts them; only findings miss them */
	e = &s->e[s->n++];
	e->pid = pid;
	e->sc = sc;
	snprintf(e->comm, sizeof(e->comm), "%s", comm ? comm : "?");
	k->key = ((uint64_t)(uint32_t)pid << 32) | (uint32_t)sc;
	k->v = (uint32_t)s->n;
	return e;
}

static void sizes_call(struct scd_diag_run *r, void *st, const struct scd_call *c,
		       const struct scd_task *t)
{
	struct sizes_state *s = st;
	struct sizes_ent *e;
	int64_t v[4];
	int sc;

	if (!s->init)
		resolve(s->nr, sizes_syscalls, &s->init);
	sc = index_of(s->nr, NS_N, c->nr);
	if (sc < 0)
		return;
	v[0] = pid_of(c, t);
	e = sizes_ent(s, (int32_t)v[0], sc, t ? t->comm : NULL);
	if (e) {
		e->calls++;
		if (scd_ret_errno(c->ret) == EAGAIN)	/* == EWOULDBLOCK on Linux */
			e->eagain++;
	}
	if (c->ret < 0)
		return;	/* failures go to the errors table */
	v[1] = c->nr;
	/* An exit without its enter has no arguments: requested is unknown. */
	v[2] = INT64_MIN;
	if (c->has_enter && has_len(sc))
		v[2] = c->args[2] > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)c->args[2];
	v[3] = c->ret;
	if (e && returns_bytes(sc) && (double)c->ret <= scd_diag_cfg(r)->small_bytes) {
		e->small++;
		e->small_sum += (uint64_t)c->ret;
	}
	scd_diag_row(r, v, 4, t ? t->comm : NULL);
}

static bool is_recv(int sc)
{
	return sc <= NS_RECVMMSG;
}

static void small_finding(struct scd_diag_run *r, const struct sizes_ent *e, double secs)
{
	const struct scd_diag_cfg *cfg = scd_diag_cfg(r);
	struct scd_finding *f = scd_diag_finding(r, SCD_SEV_WARNING, e->pid, e->comm);
	double avg = (double)e->small_sum / (double)e->small;

	snprintf(f->summary, sizeof(f->summary),
		 "%llu of %llu %s calls moved %.0f bytes or less (%.0f on average), %.0f such "
		 "calls per second", (unsigned long long)e->small, (unsigned long long)e->calls,
		 sizes_syscalls[e->sc], cfg->small_bytes, avg, (double)e->small / secs);
	if (is_recv(e->sc))
		snprintf(f->advice, sizeof(f->advice),
			 "batch: recvmmsg() takes many datagrams in one call; on a stream socket "
			 "read into a larger buffer (64 KiB) and parse from it");
	else
		snprintf(f->advice, sizeof(f->advice),
			 "batch: sendmmsg() sends many datagrams in one call; on a stream socket "
			 "gather small messages into one buffer (or writev, MSG_MORE) before sending");
	scd_finding_str(f, "kind", "small_messages");
	scd_finding_str(f, "syscall", sizes_syscalls[e->sc]);
	scd_finding_num(f, "calls", (double)e->calls);
	scd_finding_num(f, "small_calls", (double)e->small);
	scd_finding_num(f, "small_bytes", cfg->small_bytes);
	scd_finding_num(f, "avg_bytes", avg);
	scd_finding_num(f, "small_calls_per_s", (double)e->small / secs);
}

static void eagain_finding(struct scd_diag_run *r, const struct sizes_ent *e, double secs)
{
	double rate = (double)e->eagain / secs;
	struct scd_finding *f = scd_diag_finding(r, rate >= scd_diag_cfg(r)->rate ?
						 SCD_SEV_CRITICAL : SCD_SEV_WARNING,
						 e->pid, e->comm);

	snprintf(f->summary, sizeof(f->summary),
		 "%.0f%% of %llu %s calls failed with EAGAIN (%.0f per second): the socket is "
		 "retried while it is not ready", 100.0 * (double)e->eagain / (double)e->calls,
		 (unsigned long long)e->calls, sizes_syscalls[e->sc], rate);
	if (is_recv(e->sc))
		snprintf(f->advice, sizeof(f->advice),
			 "wait for readability (epoll, poll) and read until EAGAIN once per "
			 "wake-up instead of retrying: every EAGAIN is a syscall for nothing");
	else
		snprintf(f->advice, sizeof(f->advice),
			 "the send buffer is full: wait for EPOLLOUT instead of retrying, and "
			 "consider a larger SO_SNDBUF");
	scd_finding_str(f, "kind", "eagain");
	scd_finding_str(f, "syscall", sizes_syscalls[e->sc]);
	scd_finding_num(f, "calls", (double)e->calls);
	scd_finding_num(f, "eagain", (double)e->eagain);
	scd_finding_num(f, "eagain_share", (double)e->eagain / (double)e->calls);
	scd_finding_num(f, "eagain_per_s", rate);
}

static void sizes_findings(struct scd_diag_run *r, void *st)
{
	const struct scd_diag_cfg *cfg = scd_diag_cfg(r);
	double secs = scd_diag_duration(r) > 0 ? scd_diag_duration(r) : 1;
	struct sizes_state *s = st;
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct sizes_ent *e = &s->e[i];

		if (e->small && (double)e->small >= cfg->min_calls &&
		    (double)e->small / secs >= cfg->rate)
			small_finding(r, e, secs);
		if (e->eagain && (double)e->calls >= cfg->min_calls &&
		    (double)e->eagain >= cfg->eagain_share * (double)e->calls)
			eagain_finding(r, e, secs);
	}
}

const struct scd_diag_ops scd_diag_net_sizes = {
	.id = "net.sizes",
	.syscalls = sizes_syscalls,
	.table = &sizes_table,
	.state_size = sizeof(struct sizes_state),
	.call = sizes_call,
	.findings = sizes_findings,
};

/* ---- net.nonblock: (comm, pid, syscall, nonblock) -> count ---- */

/*
 * The seed's argdist line for socket() tests `args->family & 00004000`: SOCK_NONBLOCK is a
 * flag of `type` (the second argument), never of `family`, so that line always prints 0.
 * Here socket and socketpair test type, accept4 its flags; accept takes no flags and its
 * socket is always blocking (Linux does not inherit O_NONBLOCK from the listening socket).
 * fcntl64 is the 32-bit architectures' name; architectures without it drop it.
 */
enum { NB_SOCKET, NB_SOCKETPAIR, NB_ACCEPT, NB_ACCEPT4, NB_FCNTL, NB_FCNTL64, NB_N };

static const char *const nonblock_syscalls[] = {
	"socket", "socketpair", "accept", "accept4", "fcntl", "fcntl64", NULL,
};

static const struct scd_col nonblock_cols[] = {
	{ "comm", SCD_COL_COMM, 0 },
	{ "pid", SCD_COL_INT, 0 },
	{ "syscall", SCD_COL_SYSCALL, 1 },
	{ "nonblock", SCD_COL_BOOL, 2 },
};

static const struct scd_table_def nonblock_table = {
	"sock_flags", nonblock_cols, 4, true,
};

#define NB_PROCS 256
#define NB_FDS 4096		/* (pid, fd) of sockets created blocking, followed for fcntl */

enum { FD_BLOCKING = 1, FD_OTHER = 2 };	/* kslot.v of the fd set */

struct nb_proc {
	int32_t pid;
	uint64_t blocking;	/* sockets created blocking (a socketpair makes two) */
	uint64_t nonblocking;	/* sockets created with SOCK_NONBLOCK */
	uint64_t fcntl_on;	/* F_SETFL with O_NONBLOCK, on any fd */
	uint64_t fcntl_new;	/* ... on an fd a blocking socket/accept/accept4 just returned */
	char comm[16];
};

struct nonblock_state {
	bool init;
	int nr[NB_N];
	size_t nprocs, nfds;
	struct nb_proc p[NB_PROCS];
	struct kslot pslot[2 * NB_PROCS];	/* pid -> index + 1 */
	struct kslot fds[2 * NB_FDS];		/* pid << 32 | fd -> FD_* */
};

static struct nb_proc *nb_proc(struct nonblock_state *s, int32_t pid, const char *comm)
{
	struct kslot *k = kfind(s->pslot, 2 * NB_PROCS, (uint32_t)pid);
	struct nb_proc *p;

	if (k->v)
		return &s->p[k->v - 1];
	if (s->nprocs == NB_PROCS)
		return NULL;
	p = &s->p[s->nprocs++];
	p->pid = pid;
	snprintf(p->comm, sizeof(p->comm), "%s", comm ? comm : "?");
	k->key = (uint32_t)pid;
	k->v = (uint32_t)s->nprocs;
	return p;
}

/*
 * Remembers whether @fd of @pid was last returned by a socket call that made it blocking.
 * An fd number comes back after close (which is not traced): a later non-blocking socket
 * on the same number clears the mark, so only the latest socket of that number counts.
 */
static void mark_fd(struct nonblock_state *s, int32_t pid, int64_t fd, bool blocking)
{
	uint64_t key = ((uint64_t)(uint32_t)pid << 32) | (uint32_t)fd;
	struct kslot *k = kfind(s->fds, 2 * NB_FDS, key);

	if (!k->v) {
		if (!blocking || s->nfds == NB_FDS)
			return;
		s->nfds++;
		k->key = key;
	}
	k->v = blocking ? FD_BLOCKING : FD_OTHER;
}

/* True if @fd was a socket created blocking; the mark is used up. */
static bool take_fd(struct nonblock_state *s, int32_t pid, int64_t fd)
{
	struct kslot *k = kfind(s->fds, 2 * NB_FDS, ((uint64_t)(uint32_t)pid << 32) | (uint32_t)fd);

	if (k->v != FD_BLOCKING)
		return false;
	k->v = FD_OTHER;
	return true;
}

static void nonblock_call(struct scd_diag_run *r, void *st, const struct scd_call *c,
			  const struct scd_task *t)
{
	struct nonblock_state *s = st;
	struct nb_proc *p;
	int64_t v[3];
	bool nb;
	int sc;

	if (!s->init)
		resolve(s->nr, nonblock_syscalls, &s->init);
	sc = index_of(s->nr, NB_N, c->nr);
	if (sc < 0 || !c->has_enter || c->ret < 0)
		return;	/* no flags without the enter; failures go to the errors table */
	if (sc == NB_FCNTL || sc == NB_FCNTL64) {
		if ((unsigned int)c->args[1] != F_SETFL)
			return;	/* F_GETFL, F_SETFD (FD_CLOEXEC) ...: not about blocking */
		nb = (c->args[2] & O_NONBLOCK) != 0;
	} else if (sc == NB_ACCEPT) {
		nb = false;
	} else {
		nb = (c->args[sc == NB_ACCEPT4 ? 3 : 1] & SOCK_NONBLOCK) != 0;
	}
	v[0] = pid_of(c, t);
	v[1] = c->nr;
	v[2] = nb;
	scd_diag_row(r, v, 3, t ? t->comm : NULL);
	p = nb_proc(s, (int32_t)v[0], t ? t->comm : NULL);
	if (!p)
		return;
	if (sc == NB_FCNTL || sc == NB_FCNTL64) {
		if (nb) {
			p->fcntl_on++;
			if (take_fd(s, p->pid, (int64_t)(int32_t)c->args[0]))
				p->fcntl_new++;
		}
		return;
	}
	/* socketpair returns 0 and writes its two fds to user memory, which is not traced. */
	if (nb)
		p->nonblocking += sc == NB_SOCKETPAIR ? 2 : 1;
	else
		p->blocking += sc == NB_SOCKETPAIR ? 2 : 1;
	if (sc != NB_SOCKETPAIR)
		mark_fd(s, p->pid, c->ret, !nb);
}

static void extra_fcntl_finding(struct scd_diag_run *r, const struct nb_proc *p, double secs)
{
	double rate = (double)p->fcntl_new / secs;
	struct scd_finding *f = scd_diag_finding(r, rate >= scd_diag_cfg(r)->rate ?
						 SCD_SEV_WARNING : SCD_SEV_INFO, p->pid, p->comm);

	snprintf(f->summary, sizeof(f->summary),
		 "%llu sockets were created blocking, then made non-blocking with "
		 "fcntl(F_SETFL, O_NONBLOCK): one extra syscall per socket (%.0f per second)",
		 (unsigned long long)p->fcntl_new, rate);
	snprintf(f->advice, sizeof(f->advice),
		 "create them non-blocking: socket(..., type | SOCK_NONBLOCK, ...) and "
		 "accept4(..., SOCK_NONBLOCK) save the fcntl (and the F_GETFL before it) per socket");
	scd_finding_str(f, "kind", "extra_fcntl");
	scd_finding_num(f, "sockets_blocking", (double)p->blocking);
	scd_finding_num(f, "sockets_nonblocking", (double)p->nonblocking);
	scd_finding_num(f, "fcntl_nonblock", (double)p->fcntl_on);
	scd_finding_num(f, "fcntl_after_create", (double)p->fcntl_new);
	scd_finding_num(f, "fcntl_per_s", rate);
}

static void mix_finding(struct scd_diag_run *r, const struct nb_proc *p, uint64_t stay,
			uint64_t nonblocking)
{
	struct scd_finding *f = scd_diag_finding(r, SCD_SEV_INFO, p->pid, p->comm);

	snprintf(f->summary, sizeof(f->summary),
		 "%llu sockets stay blocking while %llu are non-blocking in the same process",
		 (unsigned long long)stay, (unsigned long long)nonblocking);
	snprintf(f->advice, sizeof(f->advice),
		 "if the blocking sockets are used from an event loop, one call that waits stalls "
		 "every connection: create them with SOCK_NONBLOCK too, or keep them on a thread "
		 "of their own");
	scd_finding_str(f, "kind", "mixed");
	scd_finding_num(f, "sockets_blocking", (double)p->blocking);
	scd_finding_num(f, "sockets_nonblocking", (double)p->nonblocking);
	scd_finding_num(f, "fcntl_nonblock", (double)p->fcntl_on);
	scd_finding_num(f, "fcntl_after_create", (double)p->fcntl_new);
	scd_finding_num(f, "blocking_left", (double)stay);
}

static void nonblock_findings(struct scd_diag_run *r, void *st)
{
	const struct scd_diag_cfg *cfg = scd_diag_cfg(r);
	double secs = scd_diag_duration(r) > 0 ? scd_diag_duration(r) : 1;
	struct nonblock_state *s = st;
	size_t i;

	for (i = 0; i < s->nprocs; i++) {
		const struct nb_proc *p = &s->p[i];
		/*
		 * Conservative: any F_SETFL O_NONBLOCK (socketpair fds and inherited ones are
		 * not followed) may have made a blocking socket non-blocking; only sockets seen
		 * turned non-blocking count as non-blocking.
		 */
		uint64_t stay = p->blocking > p->fcntl_on ? p->blocking - p->fcntl_on : 0;
		uint64_t nonblocking = p->nonblocking + p->fcntl_new;

		if (p->fcntl_new && (double)p->fcntl_new >= cfg->min_calls)
			extra_fcntl_finding(r, p, secs);
		if (stay && nonblocking && (double)(stay + nonblocking) >= cfg->min_calls)
			mix_finding(r, p, stay, nonblocking);
	}
}

const struct scd_diag_ops scd_diag_net_nonblock = {
	.id = "net.nonblock",
	.syscalls = nonblock_syscalls,
	.table = &nonblock_table,
	.state_size = sizeof(struct nonblock_state),
	.call = nonblock_call,
	.findings = nonblock_findings,
};
