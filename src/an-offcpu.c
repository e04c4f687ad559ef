// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Off-CPU aggregation (see an-offcpu.h). Pending blocks and the per-thread rows by tid
 * (tidmap), stack rows and syscall rows by their whole key (rowtab). State bits: the
 * tracepoint's prev_state is TASK_REPORT encoded, 0 for R, 0x100 (TASK_REPORT_MAX) for a
 * preempted R+, one bit per sleeping state.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "an-offcpu.h"
#include "proc.h"
#include "rowtab.h"
#include "syscalls.h"
#include "tidmap.h"
#include "xalloc.h"

#define PF_KTHREAD 0x00200000u

struct pending {
	int32_t tid;		/* first: tid map key */
	int32_t tgid;
	uint64_t start;
	uint64_t woken;		/* first wakeup after the switch-out, 0 = none seen */
	uint32_t kstack, ustack;
	int32_t sys_nr;
	int64_t sys_fd;
	uint8_t cls;
	char comm[16];
};

struct cur_sys {
	int32_t tid;
	int32_t nr;
	int64_t arg0;
};

struct kind {
	int32_t tid;
	int8_t kthread;
};

struct scd_offcpu {
	struct scd_offcpu_cfg cfg;
	uint8_t *fd_first;	/* by syscall number: the first argument is a file descriptor */
	int nr_max;
	struct scd_tidmap *pending;
	struct scd_tidmap *threads;
	struct scd_tidmap *cursys;
	struct scd_tidmap *kinds;
	struct scd_rowtab stacks;	/* struct scd_offcpu_row */
	struct scd_rowtab sys;	/* struct scd_offcpu_sys */
	void *sorted;		/* the last sorted copy handed out */
	struct scd_offcpu_stats st;
};

/* Syscalls whose first argument is the fd they block on (the FD column of --syscalls). */
static void fd_syscalls(struct scd_offcpu *a)
{
	static const char *const names[] = {
		"read", "write", "pread64", "pwrite64", "readv", "writev", "preadv", "pwritev",
		"preadv2", "pwritev2", "recvfrom", "recvmsg", "recvmmsg", "sendto", "sendmsg",
		"sendmmsg", "accept", "accept4", "connect", "epoll_wait", "epoll_pwait",
		"epoll_pwait2", "fsync", "fdatasync", "ioctl", "fcntl", "flock", "splice",
		"sync_file_range", "ftruncate", "fallocate", "close", "shutdown", "getdents64",
		"sendfile", "copy_file_range",
	};
	size_t i;

	a->nr_max = scd_syscall_max();
	a->fd_first = xcalloc((size_t)a->nr_max + 1, 1);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int nr = scd_syscall_nr(names[i]);

		if (nr >= 0 && nr <= a->nr_max)
			a->fd_first[nr] = 1;
	}
}

struct scd_offcpu *scd_offcpu_new(const struct scd_offcpu_cfg *cfg)
{
	struct scd_offcpu *a = xcalloc(1, sizeof(*a));

	a->cfg = *cfg;
	fd_syscalls(a);
	a->pending = scd_tidmap_new(sizeof(struct pending));
	a->threads = scd_tidmap_new(sizeof(struct scd_offcpu_thread));
	a->cursys = scd_tidmap_new(sizeof(struct cur_sys));
	a->kinds = scd_tidmap_new(sizeof(struct kind));
	scd_rowtab_init(&a->stacks, sizeof(struct scd_offcpu_row), sizeof(struct scd_offcpu_key));
	scd_rowtab_init(&a->sys, sizeof(struct scd_offcpu_sys), offsetof(struct scd_offcpu_sys, total_ns));
	return a;
}

void scd_offcpu_free(struct scd_offcpu *a)
{
	if (!a)
		return;
	scd_tidmap_free(a->pending);
	scd_tidmap_free(a->threads);
	scd_tidmap_free(a->cursys);
	scd_tidmap_free(a->kinds);
	free(a->fd_first);
	scd_rowtab_release(&a->stacks);
	scd_rowtab_release(&a->sys);
	free(a->sorted);
	free(a);
}

static bool proc_kthread(int32_t tid)
{
	char buf[1024];
	const char *f = scd_proc_stat_fields(tid, buf, sizeof(buf));
	unsigned int flags;

	/* state ppid pgrp session tty_nr tpgid flags */
	if (!f || sscanf(f, "%*c %*d %*d %*d %*d %*d %u", &flags) != 1)
		return false;
	return flags & PF_KTHREAD;
}

static bool thread_kind_ok(struct scd_offcpu *a, int32_t tid)
{
	struct kind *k;
	bool created;

	if (!a->cfg.user_only && !a->cfg.kernel_only)
		return true;
	k = scd_tidmap_get(a->kinds, tid, &created);
	if (created)
		k->kthread = (int8_t)(a->cfg.is_kthread ? a->cfg.is_kthread(tid, a->cfg.ctx) :
				      proc_kthread(tid));
	return a->cfg.kernel_only ? k->kthread : !k->kthread;
}

static uint8_t cls_of(unsigned int st)
{
	if (st & SCD_ST_R)
		return SCD_CLS_R;
	if (st & SCD_ST_S)
		return SCD_CLS_S;
	if (st & SCD_ST_D)
		return SCD_CLS_D;
	return SCD_CLS_OTHER;
}

static void add_thread(struct scd_offcpu *a, const struct pending *p, uint64_t d)
{
	struct scd_offcpu_thread *th = scd_tidmap_get(a->threads, p->tid, NULL);

	th->tgid = p->tgid;
	memcpy(th->comm, p->comm, sizeof(th->comm));
	th->total_ns += d;
	th->cls_ns[p->cls] += d;
	th->blocks++;
	if (d > th->max_ns)
		th->max_ns = d;
}

static void add_sys(struct scd_offcpu *a, const struct pending *p, uint64_t d)
{
	struct scd_offcpu_sys key, *s;

	memset(&key, 0, sizeof(key));
	key.tgid = p->tgid;
	key.nr = p->sys_nr;
	key.fd = p->sys_fd;
	memcpy(key.comm, p->comm, sizeof(key.comm));
	s = scd_rowtab_get(&a->sys, &key);
	s->total_ns += d;
	s->blocks++;
	if (d > s->max_ns)
		s->max_ns = d;
}

/* Ends @p's block at @ts: counts it (within -m/-M) and forgets @p. */
static void close_block(struct scd_offcpu *a, struct pending *p, uint64_t ts)
{
	struct scd_offcpu_key key;
	struct scd_offcpu_row *row;
	uint64_t d = ts > p->start ? ts - p->start : 0;

	if (d < a->cfg.min_ns || (a->cfg.max_ns && d > a->cfg.max_ns)) {
		a->st.filtered++;
		scd_tidmap_del(a->pending, p);
		return;
	}
	memset(&key, 0, sizeof(key));
	key.tid = p->tid;
	key.tgid = p->tgid;
	key.kstack = p->kstack;
	key.ustack = p->ustack;
	memcpy(key.comm, p->comm, sizeof(key.comm));
	row = scd_rowtab_get(&a->stacks, &key);
	row->total_ns += d;
	row->blocks++;
	add_thread(a, p, d);
	if (a->cfg.syscalls)
		add_sys(a, p, d);
	a->st.blocks++;
	scd_tidmap_del(a->pending, p);
}

static void switch_in(struct scd_offcpu *a, int32_t tid, uint64_t ts)
{
	struct pending *p = scd_tidmap_find(a->pending, tid);

	if (p)
		close_block(a, p, ts);
}

static void wakeup(struct scd_offcpu *a, int32_t tid, uint64_t ts)
{
	struct pending *p = scd_tidmap_find(a->pending, tid);

	if (p && !p->woken && ts >= p->start)
		p->woken = ts;
}

/*
 * A block still pending at the thread's next switch-out lost its switch-in: it ended at the
 * wakeup when one was seen, else it cannot be measured. Either way @p is gone after this.
 */
static void end_unclosed(struct scd_offcpu *a, struct pending *p)
{
	if (p->woken) {
		a->st.closed_at_wakeup++;
		close_block(a, p, p->woken);
	} else {
		a->st.dropped_reout++;
		scd_tidmap_del(a->pending, p);
	}
}

static void switch_out(struct scd_offcpu *a, const struct scd_event *ev, const struct scd_task *t)
{
	unsigned int st = (unsigned int)ev->ret & 0x1ff;
	struct pending *p;
	struct cur_sys *cs;
	bool created;

	if (!st)
		st = SCD_ST_R;	/* yielded while runnable */
	a->st.switch_outs++;
	/* X/Z: the thread's last switch-out; other states may not be selected (-u/-k too) */
	if ((st & SCD_ST_DEAD) || !(st & a->cfg.states) || !thread_kind_ok(a, ev->tid)) {
		a->st.not_state += !(st & SCD_ST_DEAD) && !(st & a->cfg.states);
		p = scd_tidmap_find(a->pending, ev->tid);
		if (p)
			end_unclosed(a, p);
		return;
	}
	/* One lookup in the usual case: no block pending, a new one starts. */
	p = scd_tidmap_get(a->pending, ev->tid, &created);
	if (!created) {
		end_unclosed(a, p);
		p = scd_tidmap_get(a->pending, ev->tid, &created);
	}
	p->start = ev->ts;
	p->tgid = ev->args[4] ? (int32_t)ev->args[4] : t ? t->tgid : ev->tid;
	p->kstack = (uint32_t)ev->args[2];
	p->ustack = (uint32_t)ev->args[3];
	p->cls = cls_of(st);
	memcpy(p->comm, ev->args, 15);
	p->comm[15] = 0;
	p->woken = 0;
	p->sys_nr = -1;
	p->sys_fd = -1;
	cs = a->cfg.syscalls ? scd_tidmap_find(a->cursys, ev->tid) : NULL;
	if (cs) {
		p->sys_nr = cs->nr;
		p->sys_fd = cs->arg0;
	}
}

/* Records were lost: a block open across the gap may have lost its switch-in. */
static void drop_all(struct scd_offcpu *a)
{
	size_t i;

	for (i = 0; i < scd_tidmap_capacity(a->pending);) {
		if (scd_tidmap_tid_at(a->pending, i) > 0) {
			/* a later record may move into slot i: look at it again */
			scd_tidmap_del(a->pending, scd_tidmap_at(a->pending, i));
			a->st.dropped_gap++;
		} else {
			i++;
		}
	}
}

static void forget(struct scd_tidmap *m, int32_t tid)
{
	void *e = scd_tidmap_find(m, tid);

	if (e)
		scd_tidmap_del(m, e);
}

static void thread_exit(struct scd_offcpu *a, int32_t tid)
{
	struct pending *p = scd_tidmap_find(a->pending, tid);

	if (p && p->woken) {
		/* exiting, so it ran after the wakeup: the switch-in was missed */
		a->st.closed_at_wakeup++;
		close_block(a, p, p->woken);
	} else if (p) {
		scd_tidmap_del(a->pending, p);
		a->st.dropped_exit++;
	}
	forget(a->kinds, tid);
	forget(a->cursys, tid);
}

void scd_offcpu_sched(struct scd_offcpu *a, const struct scd_event *ev, const struct scd_task *t)
{
	switch (ev->kind) {
	case SCD_EV_SCHED_SWITCH:
		if (ev->tid > 0)	/* never the idle task (pid 0 on every CPU) */
			switch_out(a, ev, t);
		if (ev->nr > 0)
			switch_in(a, ev->nr, ev->ts);
		break;
	case SCD_EV_SWITCH_IN:
		switch_in(a, ev->tid, ev->ts);
		break;
	case SCD_EV_WAKEUP:
		wakeup(a, ev->tid, ev->ts);
		break;
	case SCD_EV_GAP:
		drop_all(a);
		break;
	case SCD_EV_TASK_EXIT:
		thread_exit(a, ev->tid);
		break;
	default:
		break;
	}
}

void scd_offcpu_record(struct scd_offcpu *a, const struct scd_event *ev)
{
	struct cur_sys *cs;

	if (ev->kind == SCD_EV_SYS_ENTER) {
		cs = scd_tidmap_get(a->cursys, ev->tid, NULL);
		cs->nr = ev->nr;
		cs->arg0 = ev->nargs && ev->nr >= 0 && ev->nr <= a->nr_max && a->fd_first[ev->nr] ?
			   (int64_t)ev->args[0] : -1;
	} else if (ev->kind == SCD_EV_SYS_EXIT) {
		forget(a->cursys, ev->tid);
	}
}

void scd_offcpu_finish(struct scd_offcpu *a, uint64_t ts)
{
	size_t i, n = 0, cap = scd_tidmap_capacity(a->pending);
	int32_t *woken = xcalloc(cap, sizeof(*woken));
	struct pending *p;

	/* First the tids, then the deletions: a deletion may move a later entry backwards. */
	for (i = 0; i < cap; i++) {
		p = scd_tidmap_at(a->pending, i);
		if (scd_tidmap_tid_at(a->pending, i) > 0 && p->woken)
			woken[n++] = p->tid;
	}
	for (i = 0; i < n; i++) {
		/* woken, never seen running again: the block ends at the wakeup */
		p = scd_tidmap_find(a->pending, woken[i]);
		a->st.closed_at_wakeup++;
		close_block(a, p, p->woken);
	}
	free(woken);
	for (i = 0; i < cap; i++) {
		p = scd_tidmap_at(a->pending, i);
		if (scd_tidmap_tid_at(a->pending, i) <= 0)
			continue;
		a->st.open_at_end++;
		if (ts > p->start && ts - p->start > a->st.open_max_ns)
			a->st.open_max_ns = ts - p->start;
	}
}

static int by_total_row(const void *x, const void *y)
{
	const struct scd_offcpu_row *a = x, *b = y;

	if (a->total_ns != b->total_ns)
		return a->total_ns < b->total_ns ? 1 : -1;
	return memcmp(&a->k, &b->k, sizeof(a->k));
}

static int by_total_thread(const void *x, const void *y)
{
	const struct scd_offcpu_thread *a = x, *b = y;

	if (a->total_ns != b->total_ns)
		return a->total_ns < b->total_ns ? 1 : -1;
	return a->tid < b->tid ? -1 : a->tid > b->tid;
}

static int by_total_sys(const void *x, const void *y)
{
	const struct scd_offcpu_sys *a = x, *b = y;

	if (a->total_ns != b->total_ns)
		return a->total_ns < b->total_ns ? 1 : -1;
	return memcmp(a, b, offsetof(struct scd_offcpu_sys, total_ns));
}

/* A sorted copy of a table's rows, kept in a->sorted until the next call. */
static const void *sorted(struct scd_offcpu *a, const struct scd_rowtab *t,
			  int (*cmp)(const void *, const void *), size_t *n)
{
	free(a->sorted);
	a->sorted = scd_rowtab_sorted(t, cmp, n);
	return a->sorted;
}

const struct scd_offcpu_row *scd_offcpu_rows(struct scd_offcpu *a, size_t *n)
{
	return sorted(a, &a->stacks, by_total_row, n);
}

const struct scd_offcpu_sys *scd_offcpu_syscalls(struct scd_offcpu *a, size_t *n)
{
	return sorted(a, &a->sys, by_total_sys, n);
}

const struct scd_offcpu_thread *scd_offcpu_threads(struct scd_offcpu *a, size_t *n)
{
	struct scd_offcpu_thread *out;
	size_t i;

	free(a->sorted);
	a->sorted = out = xcalloc(a->threads->used ? a->threads->used : 1, sizeof(*out));
	*n = 0;
	for (i = 0; i < scd_tidmap_capacity(a->threads); i++)
		if (scd_tidmap_tid_at(a->threads, i) > 0)
			memcpy(&out[(*n)++], scd_tidmap_at(a->threads, i), sizeof(*out));
	qsort(out, *n, sizeof(*out), by_total_thread);
	return out;
}

const struct scd_offcpu_stats *scd_offcpu_get_stats(const struct scd_offcpu *a)
{
	return &a->st;
}

int scd_offcpu_parse_states(const char *s, unsigned int *mask)
{
	static const struct { char c; unsigned int bit; } letters[] = {
		{ 'S', SCD_ST_S }, { 'D', SCD_ST_D }, { 'T', SCD_ST_T }, { 't', SCD_ST_TT },
		{ 'P', SCD_ST_P }, { 'I', SCD_ST_I }, { 'R', SCD_ST_R },
	};
	unsigned int m = 0;
	size_t i;

	if (!strcmp(s, "ALL") || !strcmp(s, "all")) {
		*mask = SCD_ST_BLOCKED | SCD_ST_R;
		return 0;
	}
	for (; *s; s++) {
		if (*s == ',')
			continue;
		for (i = 0; i < sizeof(letters) / sizeof(letters[0]); i++)
			if (letters[i].c == *s)
				break;
		if (i == sizeof(letters) / sizeof(letters[0]))
			return -EINVAL;
		m |= letters[i].bit;
	}
	if (!m)
		return -EINVAL;
	*mask = m;
	return 0;
}
