// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sched_switch perf source (see pf-sched.h). Ring size: a power of 2 of pages (the ABI
 * wants it); the wake-up watermark is a quarter of the ring, so a burst has three quarters
 * left while we wake, and an idle system wakes us only on the session's timeout.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "pf-sched.h"
#include "xalloc.h"

struct scd_pf_sched {
	struct scd_pf *pf;
	struct scd_pf_decoder d;	/* d.queue_base: the first of our stream queues */
};

static unsigned int pow2_pages(unsigned int kb)
{
	unsigned int page_kb = (unsigned int)sysconf(_SC_PAGESIZE) / 1024, n = 1;

	if (!page_kb)
		page_kb = 4;
	while (n * 2 * page_kb <= kb)
		n *= 2;
	return n;
}

int scd_pf_sched_open(const struct scd_pf_sched_cfg *c, struct scd_decoder *dec,
		      struct scd_stacks *stacks, struct scd_pf_sched **out)
{
	struct scd_pf_cfg pc = {
		.sched_switch_id = c->sched_switch_id,
		.kernel_stacks = c->kernel_stacks,
		.user_stacks = c->user_stacks,
		.max_stack = c->max_stack,
		.tids = c->tids,
		.ntids = c->ntids,
		.inherit = c->inherit,
#ifdef __x86_64__
		.stack_copy = c->unwind ? c->stack_copy : 0,
#endif
	};
	struct scd_pf_sched *s;
	int err;

	*out = NULL;
	pc.ring_pages = pow2_pages(c->ring_kb);
	pc.watermark = pc.ring_pages * (unsigned int)sysconf(_SC_PAGESIZE) / 4;
	s = xcalloc(1, sizeof(*s));
	err = scd_pf_open(&pc, &s->pf);
	if (err == -EINVAL && pc.stack_copy) {	/* said in the report (stack_copy_refused) */
		/* A kernel without user stack dumps: the frame-pointer chains alone. */
		pc.stack_copy = 0;
		err = scd_pf_open(&pc, &s->pf);
	}
	if (err) {
		free(s);
		return err;
	}
	s->d.dec = dec;
	s->d.stacks = stacks;
	s->d.paths = c->paths;
	s->d.callchain = c->kernel_stacks || c->user_stacks;
	s->d.max_stack = c->max_stack;
	s->d.stack_copy = pc.user_stacks && pc.stack_copy;
	s->d.unwind = s->d.stack_copy ? c->unwind : NULL;
	s->d.maps = s->d.stack_copy ? c->maps : NULL;
	s->d.unwind_ctx = c->unwind_ctx;
	s->d.stack_copy_refused = c->unwind && c->stack_copy && !pc.stack_copy;
	*out = s;
	return 0;
}

unsigned int scd_pf_sched_nrings(const struct scd_pf_sched *s)
{
	return scd_pf_nrings(s->pf);
}

void scd_pf_sched_attach(struct scd_pf_sched *s, struct scd_stream *stream,
			 unsigned int queue_base)
{
	s->d.stream = stream;
	s->d.queue_base = queue_base;
}

void scd_pf_sched_free(struct scd_pf_sched *s)
{
	if (!s)
		return;
	scd_pf_close(s->pf);
	free(s);
}

int scd_pf_sched_enable(struct scd_pf_sched *s, bool on)
{
	return on ? scd_pf_enable(s->pf) : scd_pf_disable(s->pf);
}

int scd_pf_sched_fill(struct scd_pf_sched *s, size_t max_bytes, uint64_t *horizon, bool *more)
{
	unsigned int i, n = scd_pf_nrings(s->pf);

	for (i = 0; i < n; i++) {
		unsigned int q = s->d.queue_base + i;
		bool empty;
		int err = scd_pf_drain(s->pf, i, max_bytes, scd_pf_decode, &s->d, &empty);

		if (err)
			return err;
		if (!empty) {
			const struct scd_evq *eq = &s->d.stream->q[q];

			*more = true;
			if (eq->len && eq->ev[eq->len - 1].ts < *horizon)
				*horizon = eq->ev[eq->len - 1].ts;
		}
	}
	return 0;
}

int scd_pf_sched_wait(struct scd_pf_sched *s, int timeout_ms)
{
	return scd_pf_wait(s->pf, timeout_ms);
}

int scd_pf_sched_wake_fd(const struct scd_pf_sched *s)
{
	return scd_pf_wake_fd(s->pf);
}

unsigned int scd_pf_sched_offline_cpus(const struct scd_pf_sched *s)
{
	return scd_pf_offline_cpus(s->pf);
}

const struct scd_pf_decoder *scd_pf_sched_stats(const struct scd_pf_sched *s)
{
	return &s->d;
}
