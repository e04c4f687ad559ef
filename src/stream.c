// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Per-CPU event queues merged in time order (see stream.h). The merge works in runs: it takes
 * the CPU with the oldest head and hands out its events until they pass the next-oldest head
 * of any other CPU, so with few migrations most events cost one comparison.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "stream.h"
#include "xalloc.h"

struct scd_stream *scd_stream_new(unsigned int ncpu)
{
	struct scd_stream *s = xcalloc(1, sizeof(*s));

	s->ncpu = ncpu;
	s->q = xcalloc(ncpu, sizeof(*s->q));
	return s;
}

void scd_stream_free(struct scd_stream *s)
{
	unsigned int i;

	if (!s)
		return;
	for (i = 0; i < s->ncpu; i++)
		free(s->q[i].ev);
	free(s->q);
	free(s);
}

void scd_evq_grow(struct scd_evq *q)
{
	/* Reclaim the merged prefix before growing. */
	if (q->head) {
		memmove(q->ev, q->ev + q->head, (q->len - q->head) * sizeof(*q->ev));
		q->len -= q->head;
		q->head = 0;
		if (q->len < q->cap)
			return;
	}
	q->cap = q->cap ? q->cap * 2 : 4096;
	q->ev = xrealloc(q->ev, q->cap, sizeof(*q->ev));
}

static void compact(struct scd_evq *q)
{
	if (q->head == q->len) {
		q->head = q->len = 0;
	} else if (q->head > q->cap / 2) {
		memmove(q->ev, q->ev + q->head, (q->len - q->head) * sizeof(*q->ev));
		q->len -= q->head;
		q->head = 0;
	}
}

static void emit(struct scd_stream *s, const struct scd_event *ev, scd_event_fn fn, void *ctx)
{
	if (ev->ts < s->last_ts)
		s->backwards++;
	else
		s->last_ts = ev->ts;
	fn(ev, ctx);
}

size_t scd_stream_merge(struct scd_stream *s, uint64_t horizon, scd_event_fn fn, void *ctx)
{
	size_t n = 0;
	unsigned int i;

	for (;;) {
		struct scd_evq *best = NULL;
		uint64_t limit = horizon;

		for (i = 0; i < s->ncpu; i++) {
			struct scd_evq *q = &s->q[i];
			uint64_t ts;

			if (q->head == q->len)
				continue;
			ts = q->ev[q->head].ts;
			if (!best || ts < best->ev[best->head].ts) {
				if (best && best->ev[best->head].ts < limit)
					limit = best->ev[best->head].ts;
				best = q;
			} else if (ts < limit) {
				limit = ts;
			}
		}
		if (!best || best->ev[best->head].ts > horizon)
			break;
		/* Hand out the run of @best up to the next-oldest head (ties go to @best). */
		do {
			emit(s, &best->ev[best->head++], fn, ctx);
			n++;
		} while (best->head < best->len && best->ev[best->head].ts <= limit);
	}
	for (i = 0; i < s->ncpu; i++)
		compact(&s->q[i]);
	return n;
}

void scd_stream_reset(struct scd_stream *s)
{
	unsigned int i;

	for (i = 0; i < s->ncpu; i++)
		s->q[i].head = s->q[i].len = 0;
}
