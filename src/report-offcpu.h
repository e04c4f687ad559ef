// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Off-CPU reports: offcputime's multi-line stacks (leaf first, "-  comm (tid)", then the total
 * in microseconds, smallest first so the largest ends next to the prompt), its folded lines
 * (comm;user root..leaf;kernel root..leaf N) for flame graph tools, the per-thread table, the
 * per-syscall table, and one JSON document. Frames are named through a namer, so tests can
 * replace the symbolizer; formatting only.
 */
#ifndef SCD_REPORT_OFFCPU_H
#define SCD_REPORT_OFFCPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "an-offcpu.h"
#include "stacks.h"

struct scd_offcpu_namer {
	/* Names of frames; never NULL ("[unknown]" and the like when unresolved). */
	const char *(*kframe)(uint64_t ip, void *ctx);
	const char *(*uframe)(int32_t tgid, uint64_t ip, void *ctx);
	void *ctx;
};

struct scd_offcpu_meta {
	double duration_s;
	unsigned long long lost;
	const char *backend;		/* "libperf", "perf_event_open", "tracefs" */
	bool stacks;			/* the source gave stacks */
	bool kernel;			/* kernel stacks shown (not -U) */
	bool user;			/* user stacks shown (not -K) */
	bool delimited;			/* "--" / "-" between kernel and user frames */
	bool syscalls;			/* the per-syscall table */
	size_t top;			/* rows per table, 0 = all */
	const struct scd_offcpu_stats *st;
	uint64_t frames;		/* frames named, and how many were not resolved */
	uint64_t unresolved;
	uint64_t debug_files;		/* files whose symbols came from separate debug files */
	uint64_t ustacks;		/* user stacks shown, and those that end before */
	uint64_t ustacks_cut;		/* _start/clone (frame-pointer walk stopped) */
	uint64_t chains_full;		/* callchains cut at --stack-depth */
	uint64_t ustacks_copied;	/* samples with a user stack copy (0: frame pointers only) */
	uint64_t ustacks_unwound;	/* ... completed through code without frame pointers */
	bool stack_copy_refused;	/* the kernel refused the stack copy */
	const char *header;		/* "Tracing off-CPU time ..." line, or NULL */
};

#define SCD_OFFCPU_MAX_FRAMES 256

/*
 * The names of @row's kernel (leaf first, the tracing frames above the scheduler dropped)
 * and user frames (leaf first). Returns the counts through *nk and *nu.
 */
void scd_offcpu_frames(const struct scd_offcpu_row *row, const struct scd_stacks *stacks,
		       const struct scd_offcpu_namer *nm, const char **k, size_t *nk,
		       const char **u, size_t *nu);

/*
 * True when a user stack (@n frames, leaf first) reaches where threads start: _start,
 * clone, start_thread, or main (whose caller, libc's start code, has no frame pointer).
 */
bool scd_offcpu_ustack_complete(const char *const *u, size_t n);

void scd_report_offcpu_text(FILE *f, struct scd_offcpu *a, const struct scd_stacks *stacks,
			    const struct scd_offcpu_namer *nm, const struct scd_offcpu_meta *m);
void scd_report_offcpu_folded(FILE *f, struct scd_offcpu *a, const struct scd_stacks *stacks,
			      const struct scd_offcpu_namer *nm, const struct scd_offcpu_meta *m);
void scd_report_offcpu_json(FILE *f, struct scd_offcpu *a, const struct scd_stacks *stacks,
			    const struct scd_offcpu_namer *nm, const struct scd_offcpu_meta *m);
/* The per-thread and per-syscall tables and the summary lines (part of the text report). */
void scd_report_offcpu_tables(FILE *f, struct scd_offcpu *a, const struct scd_offcpu_meta *m);
void scd_report_offcpu_summary(FILE *f, const struct scd_offcpu_meta *m);

#endif
