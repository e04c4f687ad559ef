// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The perf_event_attr pair both backends open (see pf-ring.h). Facts from this kernel:
 * tracepoint events accept only NMI-safe clocks, so CLOCK_MONOTONIC (also tracefs' "mono"
 * trace_clock: one timeline for syscalls and switches); events that share a ring must use the
 * same clock; a byte watermark wakes the reader ~20x less than an event count.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "pf-ring.h"

void scd_pf_attrs(const struct scd_pf_cfg *c, struct perf_event_attr *sw,
		  struct perf_event_attr *side)
{
	memset(sw, 0, sizeof(*sw));
	sw->size = sizeof(*sw);
	sw->type = PERF_TYPE_TRACEPOINT;
	sw->config = (uint64_t)c->sched_switch_id;
	sw->sample_period = 1;
	sw->sample_type = SCD_PF_SAMPLE_BASE;
	if (c->kernel_stacks || c->user_stacks) {
		sw->sample_type |= PERF_SAMPLE_CALLCHAIN;
		sw->exclude_callchain_kernel = !c->kernel_stacks;
		sw->exclude_callchain_user = !c->user_stacks;
		sw->sample_max_stack = (uint16_t)c->max_stack;
	}
#ifdef __x86_64__
	if (c->user_stacks && c->stack_copy) {
		sw->sample_type |= PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
		sw->sample_regs_user = SCD_PF_UREGS;
		sw->sample_stack_user = c->stack_copy;
	}
#endif
	sw->disabled = 1;
	sw->use_clockid = 1;
	sw->clockid = CLOCK_MONOTONIC;
	sw->watermark = 1;
	sw->wakeup_watermark = c->watermark;
	sw->sample_id_all = 1;
	sw->inherit = c->ntids && c->inherit;

	memset(side, 0, sizeof(*side));
	side->size = sizeof(*side);
	side->type = PERF_TYPE_SOFTWARE;
	side->config = PERF_COUNT_SW_DUMMY;
	side->sample_type = SCD_PF_SIDE_SAMPLE;
	side->sample_id_all = 1;
	side->context_switch = 1;
	side->task = 1;
	side->comm = 1;
	side->comm_exec = 1;
	side->mmap = 1;		/* with mmap2: MMAP2 records of executable mappings */
	side->mmap2 = 1;
	side->disabled = 1;
	side->use_clockid = 1;
	side->clockid = CLOCK_MONOTONIC;
	side->watermark = 1;
	side->wakeup_watermark = c->watermark;
	side->inherit = sw->inherit;
}
