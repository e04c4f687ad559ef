// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Ring-buffer sub-buffer parser (see tfs-page.h). Layout, from the kernel's ring_buffer.c and
 * checked against libtraceevent's kbuffer on this kernel:
 *   header: u64 timestamp; commit word (long): bits 0-26 data length, bit 31 events were lost
 *           before this page, bit 30 the lost count is stored as a long after the data.
 *   record: u32 type_len:5, time_delta:27, then
 *           type_len 1..28: payload of type_len * 4 bytes
 *           type_len 0:     u32 length (including itself), then the payload
 *           29 padding:     delta 0 ends the page; else u32 length follows (a discarded record)
 *           30 time extend: delta += array[0] << 27
 *           31 time stamp:  absolute time (array[0] << 27 | time_delta)
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "tfs-page.h"

#define COMMIT_LEN_MASK ((1u << 27) - 1)
#define MISSED_EVENTS (1ul << 31)
#define MISSED_STORED (1ul << 30)

enum {
	TYPE_DATA_MAX = 28,
	TYPE_PADDING = 29,
	TYPE_TIME_EXTEND = 30,
	TYPE_TIME_STAMP = 31,
};

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd_long(const uint8_t *p, unsigned int size)
{
	uint64_t v = 0;

	if (size == 8)
		memcpy(&v, p, 8);
	else
		v = rd32(p);
	return v;
}

int scd_tfs_page_parse(const uint8_t *page, size_t len, const struct scd_page_fmt *fmt,
		       struct scd_decoder *dec, unsigned int cpu, struct scd_stream *s,
		       struct scd_page_info *info)
{
	const uint8_t *p, *end;
	uint64_t commit, ts;

	memset(info, 0, sizeof(*info));
	if (len < fmt->data_off)
		return -EINVAL;
	memcpy(&ts, page, 8);
	commit = rd_long(page + 8, fmt->commit_size);
	info->first_ts = ts;
	info->data_len = commit & COMMIT_LEN_MASK;
	if (info->data_len > len - fmt->data_off)
		return -EINVAL;
	p = page + fmt->data_off;
	end = p + info->data_len;

	if (commit & MISSED_EVENTS) {
		struct scd_event *ev = scd_stream_slot(s, cpu);

		info->missed = -1;
		if ((commit & MISSED_STORED) && end + fmt->commit_size <= page + len)
			info->missed = (int)rd_long(end, fmt->commit_size);
		memset(ev, 0, sizeof(*ev));
		ev->ts = ts;
		ev->cpu = (uint16_t)cpu;
		ev->kind = SCD_EV_GAP;
		ev->nr = -1;
		ev->ret = info->missed;
		scd_stream_commit(s, cpu);
	}

	while (p + 4 <= end) {
		uint32_t hdr = rd32(p);
		unsigned int type_len = hdr & 0x1f;
		uint32_t delta = hdr >> 5, size;
		const uint8_t *data;

		switch (type_len) {
		case TYPE_PADDING:
			if (!delta)
				goto done;	/* the rest of the page is unused */
			if (p + 8 > end)
				return -EINVAL;
			ts += delta;
			p += 4 + rd32(p + 4);
			continue;
		case TYPE_TIME_EXTEND:
			if (p + 8 > end)
				return -EINVAL;
			ts += ((uint64_t)rd32(p + 4) << 27) | delta;
			p += 8;
			continue;
		case TYPE_TIME_STAMP:
			if (p + 8 > end)
				return -EINVAL;
			ts = ((uint64_t)rd32(p + 4) << 27) | delta | (ts & ~((1ull << 59) - 1));
			p += 8;
			continue;
		case 0:
			if (p + 8 > end)
				return -EINVAL;
			size = rd32(p + 4);
			if (size < 4)
				return -EINVAL;
			size -= 4;
			data = p + 8;
			break;
		default:
			size = type_len * 4;
			data = p + 4;
			break;
		}
		if (data + size > end)
			return -EINVAL;
		ts += delta;
		if (scd_decode(dec, ts, data, size, cpu, scd_stream_slot(s, cpu))) {
			scd_stream_commit(s, cpu);
			info->events++;
		}
		info->last_ts = ts;
		p = data + size;
	}
done:
	return 0;
}
