// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * perf records -> struct scd_event (see event.h), queued per CPU in the stream like the tracefs
 * records, so one merge puts both sources on one timeline. A sched_switch sample's raw payload
 * is a trace entry, decoded with the same layout table as tracefs pages; its callchain is split
 * at the PERF_CONTEXT_* markers into a kernel and a user stack and both are interned.
 */
#ifndef SCD_PF_DECODE_H
#define SCD_PF_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "decode.h"
#include "pf-ring.h"
#include "stacks.h"
#include "strtab.h"
#include "stream.h"

struct scd_pf_decoder {
	struct scd_decoder *dec;	/* holds the sched_switch layout */
	struct scd_stacks *stacks;
	struct scd_strtab *paths;	/* MMAP2 file names */
	struct scd_stream *stream;
	unsigned int queue_base;	/* ring n's records go to stream queue queue_base + n */
	bool callchain;			/* samples carry PERF_SAMPLE_CALLCHAIN */
	unsigned int max_stack;
	/* counters */
	uint64_t samples;
	uint64_t switch_ins;
	uint64_t lost;			/* PERF_RECORD_LOST totals */
	uint64_t lost_records;
	uint64_t malformed;
	uint64_t chains_full;		/* callchains that reached max_stack (cut short) */
};

/* An scd_pf_rec_fn: @ctx is the struct scd_pf_decoder; the CPU is read from each record. */
void scd_pf_decode(const struct perf_event_header *h, unsigned int ring, void *ctx);

#endif
