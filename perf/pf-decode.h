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

/* A sample's user registers, when it carries a stack copy. */
struct scd_pf_uregs {
	uint64_t ip, sp, bp;
};

/*
 * Rewrites the user part of a callchain (@chain, @n entries, leaf first) of process @tgid
 * from the registers and the @len bytes of stack copied at r->sp: the new chain in @out (at
 * most @max), its length returned, *@changed when it differs. perf/ knows no symbols: the
 * command provides this (src/unwind.c).
 */
typedef size_t (*scd_pf_unwind_fn)(void *ctx, int32_t tgid, const struct scd_pf_uregs *r,
				   const uint8_t *stack, size_t len, const uint64_t *chain,
				   size_t n, uint64_t *out, size_t max, bool *changed);

struct scd_pf_maps_hooks {
	void (*exec)(void *ctx, int32_t tgid);
	void (*fork)(void *ctx, int32_t parent, int32_t child);
	void (*mmap)(void *ctx, int32_t tgid, uint64_t start, uint64_t len, uint64_t pgoff,
		     uint64_t dev, uint64_t ino, const char *path);
};

struct scd_pf_decoder {
	struct scd_decoder *dec;	/* holds the sched_switch layout */
	struct scd_stacks *stacks;
	struct scd_strtab *paths;	/* MMAP2 file names */
	struct scd_stream *stream;
	unsigned int queue_base;	/* ring n's records go to stream queue queue_base + n */
	bool callchain;			/* samples carry PERF_SAMPLE_CALLCHAIN */
	bool stack_copy;		/* ... and REGS_USER (SCD_PF_UREGS) + STACK_USER */
	bool stack_copy_refused;	/* asked for, but the kernel said EINVAL */
	unsigned int max_stack;
	scd_pf_unwind_fn unwind;	/* NULL: user chains as the kernel walked them */
	void *unwind_ctx;
	/*
	 * Told of execs, new processes and code mappings as soon as they are decoded, so that
	 * later samples are walked with the right maps even when the process is gone by then.
	 */
	const struct scd_pf_maps_hooks *maps;
	/* counters */
	uint64_t samples;
	uint64_t switch_ins;
	uint64_t lost;			/* PERF_RECORD_LOST totals */
	uint64_t lost_records;
	uint64_t malformed;
	uint64_t chains_full;		/* callchains that reached max_stack (cut short) */
	uint64_t ustacks_copied;	/* samples with user registers and a stack copy */
	uint64_t ustacks_unwound;	/* ... whose user chain the unwinder completed */
};

/* An scd_pf_rec_fn: @ctx is the struct scd_pf_decoder; the CPU is read from each record. */
void scd_pf_decode(const struct perf_event_header *h, unsigned int ring, void *ctx);

#endif
