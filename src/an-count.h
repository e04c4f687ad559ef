// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The count analyzer: per-syscall (and with -P per-process) counts, errors, errno breakdown,
 * latency totals, maxima and log2 histograms, from paired calls. Aggregation only; the
 * reports in report-count.c format a snapshot of it.
 */
#ifndef SCD_AN_COUNT_H
#define SCD_AN_COUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pair.h"
#include "task.h"

#define SCD_HIST_SLOTS 64
#define SCD_MAX_ERRNO 4096

struct scd_count_cfg {
	bool failures_only;	/* -x */
	int errno_filter;	/* -e: only calls failing with this errno (0 = all) */
	bool per_process;	/* -P */
	bool latency;		/* -L, -H */
	bool hist;		/* -H */
	bool errno_breakdown;	/* -E */
	uint64_t hist_div;	/* histogram unit in ns: 1000 (us) or 1000000 (ms with -m) */
};

struct scd_count_sys {
	int nr;
	int exit_id;		/* tracefs event id of its exit (names syscalls the table lacks) */
	uint64_t count;
	uint64_t errors;
	uint64_t timed;		/* calls with a known latency (enter seen) */
	uint64_t total_ns;
	uint64_t max_ns;
	uint64_t *errnos;	/* [SCD_MAX_ERRNO], allocated at the first error with -E */
	uint64_t *hist;		/* [SCD_HIST_SLOTS] log2 of latency in hist_div units, with -H */
};

struct scd_count_proc {
	int32_t pid;		/* first: tid map key */
	char comm[16];
	uint64_t count;
	uint64_t errors;
	uint64_t timed;
	uint64_t total_ns;
	uint64_t max_ns;
};

struct scd_count;

struct scd_count *scd_count_new(const struct scd_count_cfg *cfg);
void scd_count_free(struct scd_count *c);

/* One completed call; @task is its thread (NULL unless per-process counting). */
void scd_count_add(struct scd_count *c, const struct scd_call *call, const struct scd_task *task);

/* @t (an exited thread first seen as "[unknown]") now has a name: rename its process row. */
void scd_count_task_named(struct scd_count *c, const struct scd_task *t);

/* Clears the counters (interval mode). */
void scd_count_reset(struct scd_count *c);

/*
 * A sorted view: syscalls by count (by total time when latency is on), processes likewise,
 * each cut to @top (0 = all). The arrays point into @c and live until the next add/reset.
 */
struct scd_count_view {
	const struct scd_count_sys **sys;
	size_t nsys;
	const struct scd_count_proc **proc;
	size_t nproc;
	uint64_t total_calls;
	uint64_t total_errors;
};

void scd_count_view(struct scd_count *c, size_t top, struct scd_count_view *v);
void scd_count_view_free(struct scd_count_view *v);

const struct scd_count_cfg *scd_count_get_cfg(const struct scd_count *c);

/* log2 slot of a value: 0 for 0 and 1, floor(log2 v) otherwise. */
static inline unsigned int scd_log2_slot(uint64_t v)
{
	return v ? 63u - (unsigned int)__builtin_clzll(v) : 0u;
}

#endif
