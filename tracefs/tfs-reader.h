// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Per-CPU readers of our instance's ring buffers: one poll() over every CPU's trace_pipe_raw
 * (woken by buffer_percent, not per event), then binary pages read per CPU until the one the
 * writer is filling (a partial page), parsed and decoded into the stream's per-CPU queues.
 * Lost events come from two places: the missed-events flag of each page says where a gap is,
 * per_cpu/cpuN/stats says how many (overrun + commit overrun + dropped events).
 */
#ifndef SCD_TFS_READER_H
#define SCD_TFS_READER_H

#include <stdbool.h>
#include <stdint.h>

#include "decode.h"
#include "stream.h"
#include "tfs-instance.h"
#include "tfs-page.h"

struct scd_tfs_reader;

struct scd_cpu_fill {
	bool caught_up;		/* read up to the writer (partial page or nothing left) */
	uint64_t last_ts;	/* newest record queued */
	unsigned int pages;
};

/* Opens every CPU in 0..ncpu-1 that has a buffer; CPUs without one are counted as skipped. */
int scd_tfs_reader_open(struct scd_tfs_instance *ti, unsigned int ncpu,
			struct scd_tfs_reader **out);
void scd_tfs_reader_free(struct scd_tfs_reader *r);

unsigned int scd_tfs_reader_ncpu(const struct scd_tfs_reader *r);
unsigned int scd_tfs_reader_skipped_cpus(const struct scd_tfs_reader *r);
bool scd_tfs_reader_has_cpu(const struct scd_tfs_reader *r, unsigned int cpu);

/*
 * Waits up to @timeout_ms for a buffer to pass its buffer_percent mark, or for @wake_fd
 * (may be -1) to become readable. Returns 0 (timeout or woken) or a negative errno; EINTR is 0.
 */
int scd_tfs_reader_wait(struct scd_tfs_reader *r, int timeout_ms, int wake_fd);

/* Reads about @max_bytes (at least one sub-buffer) of @cpu's records into @s. */
int scd_tfs_reader_fill(struct scd_tfs_reader *r, unsigned int cpu, struct scd_decoder *dec,
			struct scd_stream *s, size_t max_bytes, struct scd_cpu_fill *out);

/* Events the kernel lost since the reader was opened (from per_cpu stats), all CPUs. */
int scd_tfs_reader_lost(struct scd_tfs_reader *r, unsigned long long *lost);

/* Pages that carried the missed-events flag so far. */
uint64_t scd_tfs_reader_gaps(const struct scd_tfs_reader *r);

#endif
