// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the time-ordered merge: events queued per CPU come out in timestamp order,
 * only up to the horizon, the rest waits for the next merge, and queues grow and compact.
 */
#include "unit.h"
#include <stdlib.h>
#include <string.h>

#include "stream.h"

struct seen {
	size_t n;
	uint64_t ts[4096];
	uint16_t cpu[4096];
};

static void take(const struct scd_event *ev, void *ctx)
{
	struct seen *s = ctx;

	if (s->n < 4096) {
		s->ts[s->n] = ev->ts;
		s->cpu[s->n] = ev->cpu;
	}
	s->n++;
}

static void push(struct scd_stream *st, unsigned int cpu, uint64_t ts)
{
	struct scd_event *ev = scd_stream_slot(st, cpu);

	memset(ev, 0, sizeof(*ev));
	ev->ts = ts;
	ev->cpu = (uint16_t)cpu;
	scd_stream_commit(st, cpu);
}

START_TEST(test_order_and_horizon)
{
	struct scd_stream *st = scd_stream_new(3);
	struct seen *s = calloc(1, sizeof(*s));
	size_t i;

	push(st, 0, 10);
	push(st, 0, 40);
	push(st, 0, 41);
	push(st, 1, 20);
	push(st, 1, 30);
	push(st, 1, 90);
	push(st, 2, 35);
	ck_assert_uint_eq(scd_stream_merge(st, 40, take, s), 5);
	{
		static const uint64_t want[] = { 10, 20, 30, 35, 40 };

		for (i = 0; i < 5; i++)
			ck_assert_uint_eq(s->ts[i], want[i]);
	}
	ck_assert_uint_eq(scd_stream_queued(st, 0), 1);
	ck_assert_uint_eq(scd_stream_queued(st, 1), 1);
	push(st, 2, 50);
	ck_assert_uint_eq(scd_stream_merge(st, UINT64_MAX, take, s), 3);
	ck_assert_uint_eq(s->ts[5], 41);
	ck_assert_uint_eq(s->ts[6], 50);
	ck_assert_uint_eq(s->ts[7], 90);
	ck_assert_uint_eq(st->backwards, 0);
	scd_stream_free(st);
	free(s);
}
END_TEST

START_TEST(test_interleaved_many)
{
	struct scd_stream *st = scd_stream_new(2);
	struct seen *s = calloc(1, sizeof(*s));
	uint64_t t;
	size_t i;

	/* 3000 events alternating between CPUs (a ping-pong), merged in three slices. */
	for (t = 1; t <= 3000; t++)
		push(st, (unsigned int)(t & 1), t);
	scd_stream_merge(st, 1000, take, s);
	scd_stream_merge(st, 2000, take, s);
	scd_stream_merge(st, UINT64_MAX, take, s);
	ck_assert_uint_eq(s->n, 3000);
	for (i = 0; i < 3000; i++)
		ck_assert_uint_eq(s->ts[i], i + 1);
	scd_stream_free(st);
	free(s);
}
END_TEST

START_TEST(test_late_event_is_counted)
{
	struct scd_stream *st = scd_stream_new(2);
	struct seen *s = calloc(1, sizeof(*s));

	push(st, 0, 100);
	scd_stream_merge(st, UINT64_MAX, take, s);
	push(st, 1, 90);	/* arrived after a newer one was handed out */
	scd_stream_merge(st, UINT64_MAX, take, s);
	ck_assert_uint_eq(s->n, 2);
	ck_assert_uint_eq(st->backwards, 1);
	scd_stream_free(st);
	free(s);
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_order_and_horizon,
		test_interleaved_many,
		test_late_event_is_counted,
	};

	return scd_run_suite(scd_suite("stream", tests, ARRAY_SIZE(tests)));
}
