// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * read/write diagnosis (seeds/syscall-diagnoses.md, "Read/Write"):
 *   rw.buffers  read, write, pread64, pwrite64, readv, writev:
 *               (comm, pid, fd, path, syscall, requested, returned) -> count for successful
 *               calls (failures go to the errors table), and per (pid, fd, syscall) the
 *               counters behind the findings: small buffers at a high call rate, short reads
 *               of regular files, EAGAIN loops, repeated zero-byte reads (spinning at EOF)
 *               and slow blocking calls.
 * readv and writev take an iovec array that tracefs cannot follow: their requested size is
 * unknown (null) and only the bytes returned are counted. The path and the type of an fd
 * are read from /proc/PID/fd/FD the first time the (pid, fd) is seen, while it is most
 * likely still open; an fd closed and reused for another file keeps its first path.
 * Thresholds are inclusive: a share or a rate equal to its option gives a finding.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "event.h"
#include "syscalls.h"

static const char *const rw_syscalls[] = {
	"read", "write", "pread64", "pwrite64", "readv", "writev", NULL,
};

/* Row values: pid, fd, syscall, requested (INT64_MIN: unknown), returned. */
static const struct scd_col rw_cols[] = {
	{ "comm", SCD_COL_COMM, 0 },
	{ "pid", SCD_COL_INT, 0 },
	{ "fd", SCD_COL_INT, 1 },
	{ "path", SCD_COL_PATH, 0 },
	{ "syscall", SCD_COL_SYSCALL, 2 },
	{ "requested", SCD_COL_INT_OR_NULL, 3 },
	{ "returned", SCD_COL_INT, 4 },
};

static const struct scd_table_def rw_table = {
	"rw_bytes", rw_cols, sizeof(rw_cols) / sizeof(rw_cols[0]), true,
};

#define MAX_FDS 4096		/* (pid, fd, syscall) kept for the findings */
#define FD_SLOTS 8192		/* hash slots, a power of two above twice MAX_FDS */
#define SUGGEST_MIN 65536	/* suggested buffers: at least 64 KiB */

enum fd_type { FD_UNKNOWN, FD_REGULAR, FD_OTHER };

enum rw_kind { RW_READ, RW_WRITE, RW_READV, RW_WRITEV };

struct rw_fd {
	int32_t pid;
	int32_t fd;
	int32_t nr;
	uint8_t kind;			/* enum rw_kind */
	uint8_t type;			/* enum fd_type */
	bool last_zero;			/* the previous call returned 0 */
	char comm[16];
	uint64_t calls;			/* every exit, failed ones included */
	uint64_t eagain;
	uint64_t known;			/* successful calls with a known requested size */
	uint64_t small;			/* successful, > 0 bytes, buffer <= small_bytes */
	int64_t small_max;		/* largest such buffer (returned bytes for readv/writev) */
	uint64_t short_reads;		/* 0 < returned < requested */
	uint64_t zero;			/* returned 0 with bytes asked for */
	uint64_t zero_repeat;		/* ... right after another 0 on the same fd */
	uint64_t slow;			/* latency >= slow_ms */
	uint64_t max_ns;
};

struct rw_state {
	bool init;
	int nr[4];			/* by enum rw_kind: read, write, readv, writev */
	int nr_pread, nr_pwrite;
	size_t n;
	uint32_t slot[FD_SLOTS];	/* index + 1 into e[]; 0 = empty */
	struct rw_fd e[MAX_FDS];	/* in order of first sight, the findings' order */
};

static void rw_init(struct rw_state *s)
{
	s->nr[RW_READ] = scd_syscall_nr("read");
	s->nr[RW_WRITE] = scd_syscall_nr("write");
	s->nr[RW_READV] = scd_syscall_nr("readv");
	s->nr[RW_WRITEV] = scd_syscall_nr("writev");
	s->nr_pread = scd_syscall_nr("pread64");
	s->nr_pwrite = scd_syscall_nr("pwrite64");
	s->init = true;
}

static enum rw_kind kind_of(const struct rw_state *s, int nr)
{
	if (nr == s->nr[RW_WRITE] || nr == s->nr_pwrite)
		return RW_WRITE;
	if (nr == s->nr[RW_READV])
		return RW_READV;
	if (nr == s->nr[RW_WRITEV])
		return RW_WRITEV;
	return RW_READ;
}

/* The file type behind the fd: stat() follows /proc's magic link even to pipes and sockets. */
static enum fd_type fd_type_of(int32_t pid, int32_t fd)
{
	char link[64];
	struct stat st;

	snprintf(link, sizeof(link), "/proc/%d/fd/%d", (int)pid, (int)fd);
	if (pid <= 0 || fd < 0 || stat(link, &st) < 0)
		return FD_UNKNOWN;
	return S_ISREG(st.st_mode) ? FD_REGULAR : FD_OTHER;
}

static struct rw_fd *fd_of(struct scd_diag_run *r, struct rw_state *s, int32_t pid,
			   int32_t fd, int32_t nr, const char *comm)
{
	uint64_t key = ((uint64_t)(uint32_t)pid << 32 | (uint32_t)fd) * 0x9e3779b97f4a7c15ull;
	size_t h = (size_t)((key ^ (uint64_t)(uint32_t)nr * 0xff51afd7ed558ccdull) >> 51);
	struct rw_fd *e;

	for (; s->slot[h]; h = (h + 1) & (FD_SLOTS - 1)) {
		e = &s->e[s->slot[h] - 1];
		if (e->pid == pid && e->fd == fd && e->nr == nr)
			return e;
	}
	if (s->n == MAX_FDS)
		return NULL;
	e = &s->e[s->n];
	s->slot[h] = (uint32_t)++s->n;
	e->pid = pid;
	e->fd = fd;
	e->nr = nr;
	e->kind = (uint8_t)kind_of(s, nr);
	snprintf(e->comm, sizeof(e->comm), "%s", comm ? comm : "?");
	/* First sight: cache the path (for the table) and the type while the fd is open. */
	scd_diag_fd_path(r, pid, fd);
	e->type = (uint8_t)fd_type_of(pid, fd);
	return e;
}

static void count(const struct scd_diag_cfg *cfg, struct rw_fd *e, const struct scd_call *c,
		  int64_t req)
{
	bool reads = e->kind == RW_READ || e->kind == RW_READV;
	uint64_t ns = c->ts_exit >= c->ts_enter ? c->ts_exit - c->ts_enter : 0;

	e->calls++;
	if ((double)ns >= cfg->slow_ms * 1e6) {
		e->slow++;
		if (ns > e->max_ns)
			e->max_ns = ns;
	}
	if (c->ret < 0) {
		e->eagain += scd_ret_errno(c->ret) == EAGAIN;
		return;
	}
	if (req != INT64_MIN)
		e->known++;
	if (c->ret > 0 && (double)(req != INT64_MIN ? req : c->ret) <= cfg->small_bytes) {
		e->small++;
		if ((req != INT64_MIN ? req : c->ret) > e->small_max)
			e->small_max = req != INT64_MIN ? req : c->ret;
	}
	if (reads && req != INT64_MIN && c->ret > 0 && c->ret < req)
		e->short_reads++;
	if (reads && c->ret == 0 && req != 0) {
		e->zero++;
		e->zero_repeat += e->last_zero;
	}
	e->last_zero = reads && c->ret == 0 && req != 0;
}

static void rw_call(struct scd_diag_run *r, void *st, const struct scd_call *c,
		    const struct scd_task *t)
{
	struct rw_state *s = st;
	struct rw_fd *e;
	int64_t v[5];

	if (!c->has_enter)
		return;		/* the fd and the size are entry arguments */
	if (!s->init)
		rw_init(s);
	v[0] = t ? t->tgid : c->tid;
	v[1] = (int32_t)c->args[0];
	v[2] = c->nr;
	if (c->nr == s->nr[RW_READV] || c->nr == s->nr[RW_WRITEV])
		v[3] = INT64_MIN;
	else
		v[3] = c->args[2] > INT64_MAX ? INT64_MAX : (int64_t)c->args[2];
	v[4] = c->ret;
	e = fd_of(r, s, (int32_t)v[0], (int32_t)v[1], c->nr, t ? t->comm : NULL);
	if (e)
		count(scd_diag_cfg(r), e, c, v[3]);
	if (c->ret >= 0)
		scd_diag_row(r, v, 5, t ? t->comm : NULL);
}

/* 64 KiB, or 16 times the current buffer when that is more, as a power of two. */
static int64_t suggest(int64_t cur)
{
	int64_t s = SUGGEST_MIN;

	while (s < 16 * cur && s < (1 << 30))
		s *= 2;
	return s;
}

static struct scd_finding *new_finding(struct scd_diag_run *r, const struct rw_fd *e,
				       enum scd_sev sev, const char *problem)
{
	struct scd_finding *f = scd_diag_finding(r, sev, e->pid, e->comm);
	const char *name = scd_syscall_name(e->nr);
	const char *path = scd_diag_fd_path(r, e->pid, e->fd);

	scd_finding_str(f, "problem", problem);
	scd_finding_str(f, "syscall", name ? name : "?");
	scd_finding_num(f, "fd", e->fd);
	scd_finding_str(f, "path", path ? path : "?");
	return f;
}

static void small_finding(struct scd_diag_run *r, const struct rw_fd *e, double secs)
{
	struct scd_finding *f = new_finding(r, e, SCD_SEV_WARNING, "small_buffers");
	bool reads = e->kind == RW_READ || e->kind == RW_READV;
	bool vec = e->kind == RW_READV || e->kind == RW_WRITEV;
	const char *name = scd_syscall_name(e->nr);

	snprintf(f->summary, sizeof(f->summary),
		 "%.0f %s calls per second on fd %d moved at most %lld bytes each (%llu calls): "
		 "one syscall per few bytes", (double)e->small / secs, name ? name : "?", e->fd,
		 (long long)e->small_max, (unsigned long long)e->small);
	if (reads)
		snprintf(f->advice, sizeof(f->advice),
			 "read into a larger buffer (%lld bytes instead of %lld) and parse "
			 "from it, e.g. stdio with setvbuf or a read-ahead buffer of your own",
			 (long long)suggest(e->small_max), (long long)e->small_max);
	else
		snprintf(f->advice, sizeof(f->advice),
			 "gather output in a user-space buffer of %lld bytes (stdio with "
			 "setvbuf, or writev of several pieces) and write it in one call instead "
			 "of %lld bytes at a time", (long long)suggest(e->small_max),
			 (long long)e->small_max);
	scd_finding_num(f, vec ? "max_returned_bytes" : "max_requested_bytes",
			(double)e->small_max);
	scd_finding_num(f, "calls_per_s", (double)e->small / secs);
	scd_finding_num(f, "suggested_bytes", (double)suggest(e->small_max));
}

static void short_finding(struct scd_diag_run *r, const struct rw_fd *e)
{
	struct scd_finding *f = new_finding(r, e, SCD_SEV_INFO, "short_reads");
	double share = (double)e->short_reads / (double)e->known;

	snprintf(f->summary, sizeof(f->summary),
		 "%.0f%% of %llu reads of fd %d returned less than asked for (%s)", 100.0 * share,
		 (unsigned long long)e->known, e->fd,
		 e->type == FD_REGULAR ? "a regular file" : "file type unknown");
	snprintf(f->advice, sizeof(f->advice),
		 "a regular file returns less than asked only at its end: the program keeps "
		 "reading the end of the file (polling for growth?); wait for appends with "
		 "inotify, or read once and keep the offset, and handle partial reads");
	scd_finding_num(f, "short_reads", (double)e->short_reads);
	scd_finding_num(f, "short_share", share);
	scd_finding_str(f, "fd_type", e->type == FD_REGULAR ? "regular" : "unknown");
}

static void eagain_finding(struct scd_diag_run *r, const struct rw_fd *e, double secs)
{
	struct scd_finding *f = new_finding(r, e, SCD_SEV_WARNING, "eagain_loop");
	double share = (double)e->eagain / (double)e->calls;

	snprintf(f->summary, sizeof(f->summary),
		 "%.0f%% of %llu calls on non-blocking fd %d failed with EAGAIN (%.0f per second): "
		 "retrying instead of waiting", 100.0 * share, (unsigned long long)e->calls, e->fd,
		 (double)e->eagain / secs);
	snprintf(f->advice, sizeof(f->advice),
		 "wait until the fd is ready with epoll or poll (or make it blocking) instead of "
		 "retrying the call; each EAGAIN is a wasted syscall");
	scd_finding_num(f, "calls", (double)e->calls);
	scd_finding_num(f, "eagain_share", share);
	scd_finding_num(f, "eagain_per_s", (double)e->eagain / secs);
}

static void zero_finding(struct scd_diag_run *r, const struct rw_fd *e, double secs)
{
	struct scd_finding *f = new_finding(r, e, SCD_SEV_WARNING, "zero_reads");

	snprintf(f->summary, sizeof(f->summary),
		 "%llu reads of fd %d returned 0 bytes, %llu of them right after another 0 "
		 "(%.0f per second): spinning at end of file", (unsigned long long)e->zero, e->fd,
		 (unsigned long long)e->zero_repeat, (double)e->zero / secs);
	snprintf(f->advice, sizeof(f->advice),
		 "0 means end of file (or a closed peer): close the fd and stop reading, or "
		 "wait for more data (inotify for a growing file, epoll for a pipe or socket) "
		 "instead of reading again");
	scd_finding_num(f, "zero_reads", (double)e->zero);
	scd_finding_num(f, "repeated", (double)e->zero_repeat);
	scd_finding_num(f, "zero_reads_per_s", (double)e->zero / secs);
}

static void slow_finding(struct scd_diag_run *r, const struct rw_fd *e)
{
	struct scd_finding *f = new_finding(r, e, SCD_SEV_INFO, "slow_calls");

	snprintf(f->summary, sizeof(f->summary),
		 "%llu of %llu calls on fd %d blocked for %.0f ms or more (at most %.1f ms)",
		 (unsigned long long)e->slow, (unsigned long long)e->calls, e->fd,
		 scd_diag_cfg(r)->slow_ms, (double)e->max_ns / 1e6);
	if (e->type == FD_REGULAR)
		snprintf(f->advice, sizeof(f->advice),
			 "storage latency blocks this thread: check the device (iostat -x), read "
			 "ahead (posix_fadvise WILLNEED, larger sequential reads) or move file I/O "
			 "to a worker thread or io_uring");
	else
		snprintf(f->advice, sizeof(f->advice),
			 "the thread waits for its peer here; fine for a thread with nothing "
			 "else to do, otherwise wait with poll/epoll and a timeout, or move the "
			 "call to a worker thread");
	scd_finding_num(f, "slow_calls", (double)e->slow);
	scd_finding_num(f, "max_ms", (double)e->max_ns / 1e6);
	scd_finding_num(f, "slow_ms", scd_diag_cfg(r)->slow_ms);
}

static void rw_findings(struct scd_diag_run *r, void *st)
{
	const struct scd_diag_cfg *cfg = scd_diag_cfg(r);
	double secs = scd_diag_duration(r) > 0 ? scd_diag_duration(r) : 1;
	struct rw_state *s = st;
	size_t i;

	/* Ratios, not products, against shares: 7 / 10 is exactly 0.7, 0.7 * 10 is not 7. */
	for (i = 0; i < s->n; i++) {
		const struct rw_fd *e = &s->e[i];

		if (e->small && (double)e->small >= cfg->min_calls &&
		    (double)e->small / secs >= cfg->rate)
			small_finding(r, e, secs);
		if (e->short_reads && e->type != FD_OTHER && (double)e->known >= cfg->min_calls &&
		    2 * e->short_reads > e->known)
			short_finding(r, e);
		if (e->eagain && (double)e->calls >= cfg->min_calls &&
		    (double)e->eagain / (double)e->calls >= cfg->eagain_share)
			eagain_finding(r, e, secs);
		if (e->zero_repeat && (double)e->zero_repeat >= cfg->min_calls)
			zero_finding(r, e, secs);
		if (e->slow)
			slow_finding(r, e);
	}
}

const struct scd_diag_ops scd_diag_rw_buffers = {
	.id = "rw.buffers",
	.syscalls = rw_syscalls,
	.table = &rw_table,
	.state_size = sizeof(struct rw_state),
	.call = rw_call,
	.findings = rw_findings,
};
