// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Parser for the ring-buffer sub-buffers ("pages") read from per_cpu/cpuN/trace_pipe_raw.
 * Parsing them ourselves and reading fields at cached offsets is 5-8x faster than kbuffer plus
 * libtraceevent lookups (../shared/reference/kernel-interfaces.md §1.4). No library is used here,
 * so the parser is unit-tested on synthetic pages.
 */
#ifndef SCD_TFS_PAGE_H
#define SCD_TFS_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "decode.h"
#include "stream.h"

/* Sub-buffer header of a 64-bit kernel: u64 timestamp, then a commit word of long size. */
struct scd_page_fmt {
	unsigned int commit_size;	/* 8 on 64-bit kernels, 4 on 32-bit ones */
	unsigned int data_off;		/* 16 or 12 */
	unsigned int data_size;		/* room for records: 4080 with 4 KiB sub-buffers */
};

struct scd_page_info {
	uint64_t first_ts;	/* page timestamp */
	uint64_t last_ts;	/* timestamp of the last record */
	size_t data_len;	/* bytes of records in the page */
	unsigned int events;	/* records queued */
	int missed;		/* 0, -1 (some, count unknown) or the count of lost events */
};

/*
 * Parses @len bytes of one sub-buffer, decodes every record with @dec and queues them on
 * @cpu's queue of @s. A page that says events were lost before it first queues an SCD_EV_GAP.
 * Returns 0, or -EINVAL when the page is malformed (what was parsed so far stays queued).
 */
int scd_tfs_page_parse(const uint8_t *page, size_t len, const struct scd_page_fmt *fmt,
		       struct scd_decoder *dec, unsigned int cpu, struct scd_stream *s,
		       struct scd_page_info *info);

#endif
