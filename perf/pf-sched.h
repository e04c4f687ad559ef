// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sched_switch source for off-CPU analysis: opens the perf rings (pf-ring.h) with the
 * options of a command, drains them into the shared stream through pf-decode.c, and tells the
 * session up to which time its queues are complete. The session owns the stream, the decoder
 * (which must already hold the sched_switch layout) and the stack table.
 */
#ifndef SCD_PF_SCHED_H
#define SCD_PF_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "pf-decode.h"

struct scd_pf_sched;

struct scd_pf_sched_cfg {
	int sched_switch_id;
	bool kernel_stacks;
	bool user_stacks;
	unsigned int max_stack;
	unsigned int ring_kb;		/* per CPU; rounded down to a power-of-2 page count */
	const int32_t *tids;		/* bind to these threads (ntids > 0), else system-wide */
	size_t ntids;
	bool inherit;			/* with tids: also the threads and processes they start */
	struct scd_strtab *paths;	/* where MMAP2 file names are interned */
	unsigned int stack_copy;	/* bytes of user stack per sample for @unwind (x86-64) */
	scd_pf_unwind_fn unwind;	/* completes user chains (NULL: as the kernel walked) */
	const struct scd_pf_maps_hooks *maps;	/* see struct scd_pf_decoder */
	void *unwind_ctx;
};

/*
 * Opens the rings (disabled), one per online CPU. 0 or a negative errno from perf_event_open
 * (EACCES/EPERM: not allowed, ENOENT, ENOSYS, ESRCH: a bound thread is gone, EMFILE...).
 */
int scd_pf_sched_open(const struct scd_pf_sched_cfg *c, struct scd_decoder *dec,
		      struct scd_stacks *stacks, struct scd_pf_sched **out);
void scd_pf_sched_free(struct scd_pf_sched *s);

/* The number of rings: the stream needs as many queues, from @queue_base on. */
unsigned int scd_pf_sched_nrings(const struct scd_pf_sched *s);
void scd_pf_sched_attach(struct scd_pf_sched *s, struct scd_stream *stream,
			 unsigned int queue_base);

int scd_pf_sched_enable(struct scd_pf_sched *s, bool on);

/*
 * Reads every ring once (about @max_bytes each). *@horizon is lowered to the newest record of
 * a ring that still has data (*@more is then set). 0 or a negative errno.
 */
int scd_pf_sched_fill(struct scd_pf_sched *s, size_t max_bytes, uint64_t *horizon, bool *more);

int scd_pf_sched_wait(struct scd_pf_sched *s, int timeout_ms);
int scd_pf_sched_wake_fd(const struct scd_pf_sched *s);
unsigned int scd_pf_sched_offline_cpus(const struct scd_pf_sched *s);
const struct scd_pf_decoder *scd_pf_sched_stats(const struct scd_pf_sched *s);

#endif
