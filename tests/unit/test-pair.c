// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of enter/exit pairing on synthetic event streams. Each case is a short script of
 * events (E = enter, X = exit, G = gap on a CPU, Q = thread exit) and the exact calls and
 * counters expected: exit without enter, double enter, lost events on one CPU, migration,
 * tid reuse, exit_group, id -1, return values at -4095/-1/0, and a table that grows.
 */
#include "unit.h"
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "pair.h"

#define NR_EXIT_GROUP 231

struct step {
	char op;		/* E, X, G, Q */
	int tid;
	int nr;
	unsigned int cpu;
	uint64_t ts;
	int64_t ret;
};

struct got {
	size_t n;
	struct scd_call c[16];
};

static void collect(const struct scd_call *c, void *ctx)
{
	struct got *g = ctx;

	if (g->n < ARRAY_SIZE(g->c))
		g->c[g->n] = *c;
	g->n++;
}

static void run(struct scd_pair *p, const struct step *s, size_t n, struct got *g)
{
	size_t i;

	memset(g, 0, sizeof(*g));
	for (i = 0; i < n; i++) {
		struct scd_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.tid = s[i].tid;
		ev.nr = s[i].nr;
		ev.cpu = (uint16_t)s[i].cpu;
		ev.ts = s[i].ts;
		ev.ret = s[i].ret;
		ev.id = 7;
		switch (s[i].op) {
		case 'E':
			ev.kind = SCD_EV_SYS_ENTER;
			ev.nargs = 2;
			ev.args[0] = 100 + (uint64_t)i;
			ev.args[1] = 200;
			break;
		case 'X':
			ev.kind = SCD_EV_SYS_EXIT;
			break;
		case 'G':
			ev.kind = SCD_EV_GAP;
			break;
		case 'Q':
			ev.kind = SCD_EV_TASK_EXIT;
			break;
		}
		scd_pair_event(p, &ev, collect, g);
	}
}

START_TEST(test_simple_and_migration)
{
	static const struct step s[] = {
		{ 'E', 10, 0, 0, 100, 0 },
		{ 'X', 10, 0, 1, 350, 5 },	/* exit on another CPU: still paired */
		{ 'E', 11, 1, 1, 400, 0 },
		{ 'X', 11, 1, 1, 420, -9 },
	};
	struct scd_pair *p = scd_pair_new(true);
	struct got g;

	run(p, s, ARRAY_SIZE(s), &g);
	ck_assert_uint_eq(g.n, 2);
	ck_assert(g.c[0].has_enter);
	ck_assert_uint_eq(g.c[0].ts_exit - g.c[0].ts_enter, 250);
	ck_assert_uint_eq(g.c[0].args[0], 100);
	ck_assert_int_eq(g.c[0].ret, 5);
	ck_assert_int_eq(scd_ret_errno(g.c[1].ret), 9);
	ck_assert_uint_eq(scd_pair_in_flight(p), 0);
	ck_assert_uint_eq(scd_pair_get_stats(p)->exits_without_enter, 0);
	scd_pair_free(p);
}
END_TEST

START_TEST(test_exit_without_enter_and_double_enter)
{
	static const struct step s[] = {
		{ 'X', 10, 0, 0, 50, 1 },	/* began before tracing */
		{ 'E', 10, 0, 0, 100, 0 },
		{ 'E', 10, 0, 0, 200, 0 },	/* the first exit was lost */
		{ 'X', 10, 0, 0, 260, 1 },
		{ 'E', 12, 3, 0, 300, 0 },
		{ 'X', 12, 4, 0, 310, 0 },	/* exit of another syscall */
	};
	struct scd_pair *p = scd_pair_new(true);
	const struct scd_pair_stats *st;
	struct got g;

	run(p, s, ARRAY_SIZE(s), &g);
	st = scd_pair_get_stats(p);
	ck_assert_uint_eq(g.n, 3);
	ck_assert(!g.c[0].has_enter);
	ck_assert(g.c[1].has_enter);
	ck_assert_uint_eq(g.c[1].ts_enter, 200);	/* the later enter wins */
	ck_assert(!g.c[2].has_enter);
	ck_assert_uint_eq(st->exits_without_enter, 2);
	ck_assert_uint_eq(st->enters_replaced, 1);
	ck_assert_uint_eq(st->nr_mismatch, 1);
	ck_assert_uint_eq(scd_pair_in_flight(p), 0);
	scd_pair_free(p);
}
END_TEST

START_TEST(test_gap_drops_only_that_cpu)
{
	static const struct step s[] = {
		{ 'E', 10, 0, 0, 100, 0 },
		{ 'E', 11, 0, 1, 110, 0 },
		{ 'G', 0, -1, 0, 150, 0 },	/* CPU 0 lost events */
		{ 'X', 10, 0, 0, 200, 0 },	/* no invented latency */
		{ 'X', 11, 0, 1, 210, 0 },	/* CPU 1 is intact */
	};
	struct scd_pair *p = scd_pair_new(true);
	struct got g;

	run(p, s, ARRAY_SIZE(s), &g);
	ck_assert_uint_eq(g.n, 2);
	ck_assert(!g.c[0].has_enter);
	ck_assert(g.c[1].has_enter);
	ck_assert_uint_eq(g.c[1].ts_exit - g.c[1].ts_enter, 100);
	ck_assert_uint_eq(scd_pair_get_stats(p)->dropped_on_gap, 1);
	scd_pair_free(p);
}
END_TEST

START_TEST(test_gap_on_the_exit_cpu)
{
	static const struct step s[] = {
		{ 'E', 10, 0, 0, 1000, 0 },	/* enter on CPU 0 */
		{ 'G', 0, -1, 1, 9000, 0 },	/* CPU 1 lost events: maybe its exit and next enter */
		{ 'X', 10, 0, 1, 9500, 0 },	/* exit on CPU 1: not provably this enter's */
		{ 'E', 10, 0, 1, 9600, 0 },	/* after the gap: pairs normally */
		{ 'X', 10, 0, 1, 9700, 0 },
	};
	struct scd_pair *p = scd_pair_new(true);
	struct got g;

	run(p, s, ARRAY_SIZE(s), &g);
	ck_assert_uint_eq(g.n, 2);
	ck_assert(!g.c[0].has_enter);
	ck_assert(g.c[1].has_enter);
	ck_assert_uint_eq(g.c[1].ts_exit - g.c[1].ts_enter, 100);
	ck_assert_uint_eq(scd_pair_get_stats(p)->dropped_on_gap, 1);
	scd_pair_free(p);
}
END_TEST

START_TEST(test_exit_group_thread_exit_and_reuse)
{
	static const struct step s[] = {
		{ 'E', 10, NR_EXIT_GROUP, 0, 100, 0 },	/* never returns: nothing pending */
		{ 'E', 20, 0, 0, 110, 0 },
		{ 'Q', 20, -1, 0, 120, 0 },		/* thread died with a call pending */
		{ 'X', 20, 0, 0, 130, 0 },		/* tid reused: no stale pairing */
		{ 'E', -1, -1, 0, 140, 0 },		/* id -1 */
		{ 'X', 30, -1, 0, 150, 0 },
	};
	struct scd_pair *p = scd_pair_new(true);
	const struct scd_pair_stats *st;
	struct got g;

	scd_pair_add_noreturn(p, NR_EXIT_GROUP);
	run(p, s, ARRAY_SIZE(s), &g);
	st = scd_pair_get_stats(p);
	ck_assert_uint_eq(g.n, 1);
	ck_assert(!g.c[0].has_enter);
	ck_assert_uint_eq(st->noreturn, 1);
	ck_assert_uint_eq(st->dropped_on_exit, 1);
	ck_assert_uint_eq(st->invalid_nr, 2);
	ck_assert_uint_eq(scd_pair_in_flight(p), 0);
	scd_pair_free(p);
}
END_TEST

START_TEST(test_return_values)
{
	static const int64_t rets[] = { -4096, -4095, -1, 0, 1, (int64_t)0x7f0000000000 };
	static const int want[] = { 0, 4095, 1, 0, 0, 0 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rets); i++)
		ck_assert_int_eq(scd_ret_errno(rets[i]), want[i]);
}
END_TEST

START_TEST(test_exits_only_mode)
{
	static const struct step s[] = {
		{ 'E', 10, 0, 0, 100, 0 },	/* enters are ignored when not used */
		{ 'X', 10, 0, 0, 200, 3 },
		{ 'X', 10, 0, 0, 300, 3 },
	};
	struct scd_pair *p = scd_pair_new(false);
	struct got g;

	run(p, s, ARRAY_SIZE(s), &g);
	ck_assert_uint_eq(g.n, 2);
	ck_assert(!g.c[0].has_enter);
	ck_assert_uint_eq(scd_pair_get_stats(p)->exits_without_enter, 0);
	ck_assert_uint_eq(scd_pair_in_flight(p), 0);
	scd_pair_free(p);
}
END_TEST

START_TEST(test_many_threads)
{
	struct scd_pair *p = scd_pair_new(true);
	struct got g;
	int tid;

	/* 5000 threads enter (the table grows several times), then all exit in another order. */
	memset(&g, 0, sizeof(g));
	for (tid = 1; tid <= 5000; tid++) {
		struct scd_event ev = { .ts = (uint64_t)tid, .tid = tid, .kind = SCD_EV_SYS_ENTER,
					.nr = 0 };

		scd_pair_event(p, &ev, collect, &g);
	}
	ck_assert_uint_eq(scd_pair_in_flight(p), 5000);
	for (tid = 5000; tid >= 1; tid -= 2) {
		struct scd_event ev = { .ts = 10000, .tid = tid, .kind = SCD_EV_SYS_EXIT, .nr = 0 };

		scd_pair_event(p, &ev, collect, &g);
	}
	for (tid = 1; tid <= 5000; tid += 2) {
		struct scd_event ev = { .ts = 10000, .tid = tid, .kind = SCD_EV_SYS_EXIT, .nr = 0 };

		scd_pair_event(p, &ev, collect, &g);
	}
	ck_assert_uint_eq(g.n, 5000);
	ck_assert_uint_eq(scd_pair_get_stats(p)->exits_without_enter, 0);
	ck_assert_uint_eq(scd_pair_in_flight(p), 0);
	scd_pair_free(p);
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_simple_and_migration,
		test_exit_without_enter_and_double_enter,
		test_gap_drops_only_that_cpu,
		test_gap_on_the_exit_cpu,
		test_exit_group_thread_exit_and_reuse,
		test_return_values,
		test_exits_only_mode,
		test_many_threads,
	};

	return scd_run_suite(scd_suite("pair", tests, ARRAY_SIZE(tests)));
}
