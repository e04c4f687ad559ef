// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The perf event source: sched:sched_switch sampled (period 1, raw payload, callchains) plus a
 * side-band dummy event on the same rings for context-switch, fork, exit, comm and mmap2
 * records, one ring per online CPU. The events are either system-wide or bound to given
 * threads (one pair per thread and CPU, inherited by the threads and processes they create):
 * then only those threads' switches are sampled at all, which is what makes -p and -- CMD
 * cheap. One interface, two backends chosen at configure
 * time as htop does: pf-libperf.c (libperf's evlist/mmap) when HAVE_LIBPERF, else pf-raw.c
 * (perf_event_open and the mmap ring read by hand). Both hand out each ring's records as raw
 * bytes; pf-decode.c turns them into struct scd_event. Nothing here prints.
 */
#ifndef SCD_PF_RING_H
#define SCD_PF_RING_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct scd_pf_cfg {
	int sched_switch_id;	/* tracepoint id (events/sched/sched_switch/id) */
	bool kernel_stacks;	/* PERF_SAMPLE_CALLCHAIN with the kernel part */
	bool user_stacks;	/* ... with the user part (frame-pointer walk) */
	unsigned int max_stack;	/* sample_max_stack, <= kernel.perf_event_max_stack */
	unsigned int ring_pages;	/* data pages per ring, a power of 2 */
	unsigned int watermark;	/* bytes in a ring before poll wakes us */
	const int32_t *tids;	/* bind to these threads (ntids > 0), else every online CPU */
	size_t ntids;
	bool inherit;		/* with tids: follow the threads and processes they create */
	unsigned int stack_copy;	/* bytes of user stack (and rbp, rsp, rip) per sample, x86-64;
				 * 0: none */
};

/* The user registers sampled with a stack copy, in PERF_REG_X86_* bit order. */
#define SCD_PF_UREGS ((1ull << 6) | (1ull << 7) | (1ull << 8))	/* BP, SP, IP */

/* What every sample carries, in ABI order (pf-decode.c parses exactly this). */
#define SCD_PF_SAMPLE_BASE (PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_RAW)
#define SCD_PF_SIDE_SAMPLE (PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU)

struct scd_pf;

/* The attributes both backends open: the sched_switch sampler and the side-band event. */
void scd_pf_attrs(const struct scd_pf_cfg *c, struct perf_event_attr *sw,
		  struct perf_event_attr *side);

/* Opens and maps both events (disabled) per CPU or per thread. 0 or a negative errno. */
int scd_pf_open(const struct scd_pf_cfg *c, struct scd_pf **out);
void scd_pf_close(struct scd_pf *p);

int scd_pf_enable(struct scd_pf *p);
int scd_pf_disable(struct scd_pf *p);

/* Number of rings (online CPUs), and CPUs configured but offline (not traced). */
unsigned int scd_pf_nrings(const struct scd_pf *p);
unsigned int scd_pf_offline_cpus(const struct scd_pf *p);

/* Waits up to @timeout_ms for a ring to pass its watermark. 0 or a negative errno (EINTR: 0). */
int scd_pf_wait(struct scd_pf *p, int timeout_ms);

/* An fd that polls readable when a ring has data (for a combined wait), or -1. */
int scd_pf_wake_fd(const struct scd_pf *p);

/*
 * Hands @ring's records, oldest first, to @fn (header included; a record that wraps the ring
 * is copied, so @rec is valid only during the call) until about @max_bytes were read. Sets
 * *@empty when the ring was read to its head. 0 or a negative errno.
 */
typedef void (*scd_pf_rec_fn)(const struct perf_event_header *rec, unsigned int ring, void *ctx);
int scd_pf_drain(struct scd_pf *p, unsigned int ring, size_t max_bytes, scd_pf_rec_fn fn,
		 void *ctx, bool *empty);

/* "libperf" or "perf_event_open". */
const char *scd_pf_backend(void);

#endif
