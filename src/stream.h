// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Time order across CPUs. Each CPU's ring buffer is in time order on its own, but a thread
 * that migrates enters a syscall on one CPU and leaves it on another, so decoded events are
 * queued per CPU and merged by timestamp before pairing. The caller says up to which time
 * the queues are complete (the horizon); later events wait for the next merge.
 */
#ifndef SCD_STREAM_H
#define SCD_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

struct scd_evq {
	struct scd_event *ev;
	size_t head;		/* first event not yet merged */
	size_t len;		/* events stored */
	size_t cap;
};

struct scd_stream {
	unsigned int ncpu;
	struct scd_evq *q;
	uint64_t last_ts;	/* timestamp of the last event handed out */
	uint64_t backwards;	/* events older than one already handed out (late commits) */
};

typedef void (*scd_event_fn)(const struct scd_event *ev, void *ctx);

struct scd_stream *scd_stream_new(unsigned int ncpu);
void scd_stream_free(struct scd_stream *s);
void scd_evq_grow(struct scd_evq *q);

/* A slot for the next event of @cpu; it counts only once scd_stream_commit() is called. */
static inline struct scd_event *scd_stream_slot(struct scd_stream *s, unsigned int cpu)
{
	struct scd_evq *q = &s->q[cpu];

	if (q->len == q->cap)
		scd_evq_grow(q);
	return &q->ev[q->len];
}

static inline void scd_stream_commit(struct scd_stream *s, unsigned int cpu)
{
	s->q[cpu].len++;
}

static inline size_t scd_stream_queued(const struct scd_stream *s, unsigned int cpu)
{
	return s->q[cpu].len - s->q[cpu].head;
}

/* Hands every queued event with ts <= horizon to @fn in time order; returns how many. */
size_t scd_stream_merge(struct scd_stream *s, uint64_t horizon, scd_event_fn fn, void *ctx);

/* Drops every queued event (used when a run is abandoned). */
void scd_stream_reset(struct scd_stream *s);

#endif
