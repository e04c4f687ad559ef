// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * perf record decoding (see pf-decode.h). Layouts, by the ABI and our sample_type:
 *   SAMPLE:  u32 pid, tid; u64 time; u32 cpu, res; [u64 nr, ips[nr]]; u32 size, raw[size]
 *   others:  body, then the sample_id trailer of TID | TIME | CPU (24 bytes) at the end
 *   SWITCH_CPU_WIDE: u32 next_prev_pid, next_prev_tid; misc SWITCH_OUT marks a switch-out;
 *            the trailer names the task running after the record (the one switched in)
 *   SWITCH:  (events bound to a thread) no body; the trailer names the thread
 *   FORK/EXIT: u32 pid, ppid, tid, ptid; u64 time     COMM: u32 pid, tid; char comm[]
 *   LOST:    u64 id, lost
 *   MMAP2:   u32 pid, tid; u64 addr, len, pgoff; u32 maj, min; u64 ino, ino_generation;
 *            u32 prot, flags; char filename[] (NUL-padded to 8 bytes)
 * The raw payload is only 4-byte aligned, so every field is copied out (decode.h does).
 */
#include "config.h"

#include <string.h>

#include "pf-decode.h"

#define TRAILER 24u

struct trailer {
	uint32_t pid, tid;
	uint64_t time;
	uint32_t cpu, res;
};

static bool read_trailer(const struct perf_event_header *h, size_t body, struct trailer *t)
{
	if (h->size < sizeof(*h) + body + TRAILER)
		return false;
	memcpy(t, (const uint8_t *)h + h->size - TRAILER, TRAILER);
	return true;
}

/* The next record of @ring's queue; @cpu is the CPU the record says it came from. */
static struct scd_event *slot(struct scd_pf_decoder *d, unsigned int ring, uint32_t cpu)
{
	struct scd_event *ev = scd_stream_slot(d->stream, d->queue_base + ring);

	memset(ev, 0, sizeof(*ev));
	ev->cpu = (uint16_t)cpu;
	ev->nr = -1;
	ev->id = -1;	/* from perf, not a tracefs event id */
	return ev;
}

/* A sample's user registers and stack copy (PERF_SAMPLE_REGS_USER, STACK_USER). */
struct ustack {
	bool regs;
	struct scd_pf_uregs r;
	const uint8_t *data;
	uint64_t len;		/* dyn_size: the bytes actually copied */
};

/*
 * Splits @ips at the context markers; interns the kernel and the user part, the user part
 * completed by the unwinder when the sample has a stack copy.
 */
static void intern_chain(struct scd_pf_decoder *d, const uint64_t *ips, uint64_t nr,
			 const struct ustack *us, int32_t tgid, struct scd_event *ev)
{
	uint64_t buf[2][PERF_MAX_STACK_DEPTH], done[PERF_MAX_STACK_DEPTH];
	uint32_t n[2] = { 0, 0 };
	bool changed = false;
	size_t nu;
	int part = -1;
	uint64_t i;

	if (nr >= d->max_stack)
		d->chains_full++;
	for (i = 0; i < nr; i++) {
		uint64_t ip;

		memcpy(&ip, ips + i, sizeof(ip));
		if (ip >= PERF_CONTEXT_MAX) {
			part = ip == PERF_CONTEXT_KERNEL ? 0 : ip == PERF_CONTEXT_USER ? 1 : -1;
			continue;
		}
		if (part >= 0 && n[part] < PERF_MAX_STACK_DEPTH)
			buf[part][n[part]++] = ip;
	}
	ev->args[2] = scd_stacks_intern(d->stacks, buf[0], n[0]);
	if (d->unwind && us->regs && us->len && n[1]) {
		d->ustacks_copied++;
		/* --stack-depth counts kernel and user frames together, as the kernel does */
		nu = d->max_stack > n[0] + n[1] ? d->max_stack - n[0] : n[1];
		nu = d->unwind(d->unwind_ctx, tgid, &us->r, us->data, us->len, buf[1], n[1], done,
			       nu < PERF_MAX_STACK_DEPTH ? nu : PERF_MAX_STACK_DEPTH, &changed);
		if (changed) {
			d->ustacks_unwound++;
			ev->args[3] = scd_stacks_intern(d->stacks, done, (uint32_t)nu);
			return;
		}
	}
	ev->args[3] = scd_stacks_intern(d->stacks, buf[1], n[1]);
}

/* REGS_USER and STACK_USER after the raw data: 0, or -1 when they do not fit the record. */
static int parse_ustack(const uint8_t *p, const uint8_t *end, struct ustack *us)
{
	uint64_t abi, size;

	memset(us, 0, sizeof(*us));
	if (end - p < 8)
		return -1;
	memcpy(&abi, p, 8);
	p += 8;
	if (abi) {	/* PERF_SAMPLE_REGS_ABI_NONE (0) for kernel threads: no registers */
		if (end - p < 24)
			return -1;
		memcpy(&us->r.bp, p, 8);	/* in bit order: BP (6), SP (7), IP (8) */
		memcpy(&us->r.sp, p + 8, 8);
		memcpy(&us->r.ip, p + 16, 8);
		/* 64-bit tasks only: .eh_frame of 32-bit code has other pointer sizes */
		us->regs = abi == PERF_SAMPLE_REGS_ABI_64;
		p += 24;
	}
	if (end - p < 8)
		return -1;
	memcpy(&size, p, 8);
	p += 8;
	if (!size)
		return 0;
	if (size > (uint64_t)(end - p) || (uint64_t)(end - p) - size < 8)
		return -1;
	us->data = p;
	memcpy(&us->len, p + size, 8);
	if (us->len > size)
		return -1;
	return 0;
}

static void sample(struct scd_pf_decoder *d, const struct perf_event_header *h, unsigned int ring)
{
	const uint8_t *p = (const uint8_t *)(h + 1), *end = (const uint8_t *)h + h->size;
	uint32_t pid, size, cpu;
	uint64_t time, nr = 0;
	const uint64_t *ips = NULL;
	struct ustack us = { 0 };
	struct scd_event *ev;

	if (end - p < 24)
		goto bad;
	memcpy(&pid, p, 4);
	memcpy(&time, p + 8, 8);
	memcpy(&cpu, p + 16, 4);
	p += 24;
	if (d->callchain) {
		if (end - p < 8)
			goto bad;
		memcpy(&nr, p, 8);
		p += 8;
		if (nr > (uint64_t)(end - p) / 8)
			goto bad;
		ips = (const uint64_t *)(const void *)p;
		p += nr * 8;
	}
	if (end - p < 4)
		goto bad;
	memcpy(&size, p, 4);
	p += 4;
	if (size > (uint64_t)(end - p))
		goto bad;
	if (d->stack_copy && parse_ustack(p + size, end, &us))
		goto bad;
	/* The hot path: scd_decode() sets every field but the stack ids, tgid and args[5]. */
	ev = scd_stream_slot(d->stream, d->queue_base + ring);
	if (!scd_decode(d->dec, time, p, size, cpu, ev) || ev->kind != SCD_EV_SCHED_SWITCH)
		return;
	d->samples++;
	ev->id = -1;	/* from perf (the session tells sources apart by this) */
	ev->args[2] = ev->args[3] = ev->args[5] = 0;
	if (ips)
		intern_chain(d, ips, nr, &us, (int32_t)pid, ev);
	ev->args[4] = pid;
	scd_stream_commit(d->stream, d->queue_base + ring);
	return;
bad:
	d->malformed++;
}

static void task_rec(struct scd_pf_decoder *d, const struct perf_event_header *h,
		     unsigned int ring, uint8_t kind)
{
	uint32_t f[4];		/* pid, ppid, tid, ptid */
	struct trailer t;
	struct scd_event *ev;

	if (!read_trailer(h, 24, &t)) {
		d->malformed++;
		return;
	}
	memcpy(f, h + 1, sizeof(f));
	if (d->maps && kind == SCD_EV_TASK_FORK && f[0] == f[2])	/* a new process */
		d->maps->fork(d->unwind_ctx, (int32_t)f[1], (int32_t)f[0]);
	ev = slot(d, ring, t.cpu);
	ev->kind = kind;
	ev->ts = t.time;
	ev->tid = (int32_t)f[2];
	ev->args[0] = f[0];
	ev->args[1] = f[1];
	if (kind == SCD_EV_TASK_EXIT)
		ev->args[0] = ev->args[1] = 0;	/* TASK_EXIT args hold a comm: none here */
	scd_stream_commit(d->stream, d->queue_base + ring);
}

static void other(struct scd_pf_decoder *d, const struct perf_event_header *h, unsigned int ring,
		  uint8_t kind, size_t body, int32_t tid, int64_t ret)
{
	struct trailer t;
	struct scd_event *ev;

	if (!read_trailer(h, body, &t)) {
		d->malformed++;
		return;
	}
	ev = slot(d, ring, t.cpu);
	ev->kind = kind;
	ev->ts = t.time;
	ev->tid = tid ? tid : (int32_t)t.tid;
	ev->ret = ret;
	ev->args[4] = t.pid;
	scd_stream_commit(d->stream, d->queue_base + ring);
}

static void mmap2(struct scd_pf_decoder *d, const struct perf_event_header *h, unsigned int ring)
{
	const uint8_t *b = (const uint8_t *)(h + 1);
	uint32_t pid, maj, min, prot;
	uint64_t addr, len, pgoff, ino;
	struct trailer t;
	struct scd_event *ev;
	size_t fixed = 4 + 4 + 8 * 3 + 4 + 4 + 8 + 8 + 4 + 4, room;

	if (h->size < sizeof(*h) + fixed + TRAILER || (h->misc & PERF_RECORD_MISC_MMAP_BUILD_ID)) {
		d->malformed += !(h->misc & PERF_RECORD_MISC_MMAP_BUILD_ID);
		return;
	}
	memcpy(&prot, b + 56, 4);
	if (!(prot & 4))	/* PROT_EXEC: code mappings only */
		return;
	memcpy(&pid, b, 4);
	memcpy(&addr, b + 8, 8);
	memcpy(&len, b + 16, 8);
	memcpy(&pgoff, b + 24, 8);
	memcpy(&maj, b + 32, 4);
	memcpy(&min, b + 36, 4);
	memcpy(&ino, b + 40, 8);
	room = h->size - sizeof(*h) - fixed - TRAILER;
	read_trailer(h, fixed, &t);
	ev = slot(d, ring, t.cpu);
	ev->kind = SCD_EV_MMAP;
	ev->ts = t.time;
	ev->tid = (int32_t)pid;
	ev->args[0] = addr;
	ev->args[1] = len;
	ev->args[2] = pgoff;
	ev->args[3] = (uint64_t)maj << 32 | min;
	ev->ret = (int64_t)ino;
	ev->nr = d->paths ? (int32_t)scd_strtab_intern(d->paths, (const char *)b + fixed, room) : 0;
	ev->args[4] = pid;
	scd_stream_commit(d->stream, d->queue_base + ring);
	if (d->maps && memchr(b + fixed, 0, room))
		d->maps->mmap(d->unwind_ctx, (int32_t)pid, addr, len, pgoff,
			      (uint64_t)maj << 32 | min, ino, (const char *)b + fixed);
}

void scd_pf_decode(const struct perf_event_header *h, unsigned int ring, void *ctx)
{
	struct scd_pf_decoder *d = ctx;
	uint64_t lost[2];
	uint32_t ids[2];

	switch (h->type) {
	case PERF_RECORD_SAMPLE:
		sample(d, h, ring);
		break;
	case PERF_RECORD_SWITCH_CPU_WIDE:	/* per CPU: u32 next_prev_pid, next_prev_tid */
	case PERF_RECORD_SWITCH:		/* bound to a thread: no body */
		if (h->misc & PERF_RECORD_MISC_SWITCH_OUT)
			break;
		d->switch_ins++;
		other(d, h, ring, SCD_EV_SWITCH_IN, h->type == PERF_RECORD_SWITCH ? 0 : 8, 0, 0);
		break;
	case PERF_RECORD_FORK:
		task_rec(d, h, ring, SCD_EV_TASK_FORK);
		break;
	case PERF_RECORD_EXIT:
		task_rec(d, h, ring, SCD_EV_TASK_EXIT);
		break;
	case PERF_RECORD_COMM:
		if (!(h->misc & PERF_RECORD_MISC_COMM_EXEC) || h->size < sizeof(*h) + 8)
			break;
		memcpy(ids, h + 1, sizeof(ids));
		if (d->maps)	/* new maps from here on, for the walk too */
			d->maps->exec(d->unwind_ctx, (int32_t)ids[0]);
		other(d, h, ring, SCD_EV_TASK_EXEC, 8, (int32_t)ids[1], 0);
		break;
	case PERF_RECORD_MMAP2:
		mmap2(d, h, ring);
		break;
	case PERF_RECORD_LOST:
		if (h->size < sizeof(*h) + sizeof(lost)) {
			d->malformed++;
			break;
		}
		memcpy(lost, h + 1, sizeof(lost));
		d->lost += lost[1];
		d->lost_records++;
		other(d, h, ring, SCD_EV_GAP, 16, -1, (int64_t)lost[1]);
		break;
	default:
		break;
	}
}
