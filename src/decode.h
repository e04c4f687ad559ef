// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Raw tracepoint record -> struct scd_event. At set-up, each event id we enable gets a layout
 * (field offsets and sizes taken from the kernel's format files by the source); in the hot path
 * a record costs one table index on common_type and one memcpy per needed field. Offsets are
 * never hard-coded: `int fd` is stored in 8 bytes on 64-bit kernels, and formats change.
 */
#ifndef SCD_DECODE_H
#define SCD_DECODE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "event.h"

struct scd_field_loc {
	uint16_t off;
	uint8_t size;		/* 0 = absent */
	uint8_t is_signed;
};

struct scd_ev_layout {
	uint8_t kind;		/* enum scd_ev_kind; SCD_EV_NONE = ignore */
	uint8_t nargs;
	uint16_t min_size;	/* records shorter than this are malformed and skipped */
	int32_t fixed_nr;	/* syscall number when the record has no nr field */
	struct scd_field_loc tid;	/* common_pid, or the pid field of sched_process_* */
	struct scd_field_loc nr;	/* __syscall_nr or id */
	struct scd_field_loc ret;
	struct scd_field_loc args[SCD_MAX_ARGS];
	struct scd_field_loc comm;	/* TASK_EXIT: char comm[16], copied into args[0..1] */
};

struct scd_decoder {
	struct scd_ev_layout *by_id;
	uint32_t nids;
	uint64_t skipped;	/* malformed or unknown records */
};

struct scd_decoder *scd_decoder_new(void);
void scd_decoder_free(struct scd_decoder *d);
/* Returns the layout slot of @id, growing the table; the caller fills it in. */
struct scd_ev_layout *scd_decoder_slot(struct scd_decoder *d, uint32_t id);

static inline uint64_t scd_read_field(const uint8_t *data, const struct scd_field_loc *f)
{
	switch (f->size) {
	case 1: {
		uint8_t v = data[f->off];
		return f->is_signed ? (uint64_t)(int64_t)(int8_t)v : v;
	}
	case 2: {
		uint16_t v;
		memcpy(&v, data + f->off, 2);
		return f->is_signed ? (uint64_t)(int64_t)(int16_t)v : v;
	}
	case 4: {
		uint32_t v;
		memcpy(&v, data + f->off, 4);
		return f->is_signed ? (uint64_t)(int64_t)(int32_t)v : v;
	}
	case 8: {
		uint64_t v;
		memcpy(&v, data + f->off, 8);
		return v;
	}
	default:
		return 0;
	}
}

/* Decodes one record into @ev; false when the record is not one we asked for. */
static inline bool scd_decode(struct scd_decoder *d, uint64_t ts, const uint8_t *data,
			      uint32_t size, unsigned int cpu, struct scd_event *ev)
{
	const struct scd_ev_layout *l;
	uint16_t type;
	unsigned int i;

	if (size < 8)
		goto skip;
	memcpy(&type, data, sizeof(type));
	if (type >= d->nids)
		goto skip;
	l = &d->by_id[type];
	if (!l->kind || size < l->min_size)
		goto skip;
	ev->ts = ts;
	ev->cpu = (uint16_t)cpu;
	ev->kind = l->kind;
	ev->id = type;
	ev->tid = (int32_t)scd_read_field(data, &l->tid);
	ev->nr = l->nr.size ? (int32_t)(int64_t)scd_read_field(data, &l->nr) : l->fixed_nr;
	ev->ret = l->ret.size ? (int64_t)scd_read_field(data, &l->ret) : 0;
	ev->nargs = l->nargs;
	for (i = 0; i < l->nargs; i++)
		ev->args[i] = scd_read_field(data, &l->args[i]);
	if (l->comm.size) {
		/* records with a comm (exits, sched_switch) have no arguments: none stale either */
		memset(ev->args, 0, sizeof(ev->args));
		memcpy(ev->args, data + l->comm.off, l->comm.size < 16 ? l->comm.size : 15);
	}
	return true;
skip:
	d->skipped++;
	return false;
}

#endif
