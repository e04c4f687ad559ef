// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The off-CPU analyzer on synthetic sched streams (table-driven edge cases: a block closed by
 * a context-switch record or by the next sched_switch, preempted switch-outs, a lost-records
 * gap, a switch-in never seen, exits, dead states, blocks still open at the end, -m/-M, the
 * thread split by state, syscall attribution), and its folded and per-thread reports compared
 * byte for byte with tests/golden/ through a fake symbolizer. Regenerate the goldens only when
 * a format change is intended: SCD_GOLDEN_UPDATE=1 tests/unit/test-offcpu
 */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "an-offcpu.h"
#include "report-offcpu.h"
#include "stacks.h"

#define MS 1000000ull

struct fixture {
	struct scd_offcpu *a;
	struct scd_stacks *st;
	uint32_t k1, u1, k2, u2;
};

static void ev_out(struct scd_offcpu *a, uint64_t ts, int tid, int tgid, const char *comm,
		   unsigned int state, uint32_t kst, uint32_t ust, int next)
{
	struct scd_event e;

	memset(&e, 0, sizeof(e));
	e.kind = SCD_EV_SCHED_SWITCH;
	e.ts = ts;
	e.tid = tid;
	e.ret = state;
	e.nr = next;
	strncpy((char *)e.args, comm, 15);
	e.args[2] = kst;
	e.args[3] = ust;
	e.args[4] = (uint64_t)tgid;
	scd_offcpu_sched(a, &e, NULL);
}

static void ev_kind(struct scd_offcpu *a, uint64_t ts, int tid, int kind)
{
	struct scd_event e;

	memset(&e, 0, sizeof(e));
	e.kind = (uint8_t)kind;
	e.ts = ts;
	e.tid = tid;
	e.id = -1;
	scd_offcpu_sched(a, &e, NULL);
}

static void ev_sys(struct scd_offcpu *a, int kind, int tid, int nr, uint64_t arg0)
{
	struct scd_event e;

	memset(&e, 0, sizeof(e));
	e.kind = (uint8_t)kind;
	e.tid = tid;
	e.nr = nr;
	e.nargs = 6;
	e.args[0] = arg0;
	scd_offcpu_record(a, &e);
}

static const char *fake_k(uint64_t ip, void *ctx)
{
	static const char *const names[] = { "perf_trace_sched_switch", "__traceiter_sched_switch",
					     "__schedule", "schedule", "do_nanosleep",
					     "pipe_read" };

	(void)ctx;
	return ip >= 0x10 && ip < 0x10 + 6 ? names[ip - 0x10] : "[unknown] (0xbad)";
}

static const char *fake_u(int32_t tgid, uint64_t ip, void *ctx)
{
	static const char *const names[] = { "__nanosleep", "main", "_start", "read",
					     "worker;loop" };

	(void)ctx;
	(void)tgid;
	return ip >= 0x400 && ip < 0x400 + 5 ? names[ip - 0x400] : "[unknown] (a.out+0x9)";
}

static void setup(struct fixture *fx, const struct scd_offcpu_cfg *cfg)
{
	static const uint64_t k1[] = { 0x10, 0x11, 0x12, 0x13, 0x14 };	/* nanosleep */
	static const uint64_t u1[] = { 0x400, 0x401, 0x402 };
	static const uint64_t k2[] = { 0x10, 0x11, 0x12, 0x13, 0x15 };	/* pipe_read */
	static const uint64_t u2[] = { 0x403, 0x404 };

	fx->st = scd_stacks_new();
	fx->k1 = scd_stacks_intern(fx->st, k1, 5);
	fx->u1 = scd_stacks_intern(fx->st, u1, 3);
	fx->k2 = scd_stacks_intern(fx->st, k2, 5);
	fx->u2 = scd_stacks_intern(fx->st, u2, 2);
	fx->a = scd_offcpu_new(cfg);
}

static void teardown(struct fixture *fx)
{
	scd_offcpu_free(fx->a);
	scd_stacks_free(fx->st);
}

static const struct scd_offcpu_cfg dflt = { .states = SCD_ST_BLOCKED, .min_ns = 1000 };

/* The mixed stream every report test uses. */
static void stream(struct fixture *fx)
{
	struct scd_offcpu *a = fx->a;

	ev_out(a, 1 * MS, 100, 100, "app", SCD_ST_S, fx->k1, fx->u1, -1);
	ev_kind(a, 3 * MS, 100, SCD_EV_SWITCH_IN);			/* 2 ms */
	ev_out(a, 4 * MS, 100, 100, "app", SCD_ST_S, fx->k1, fx->u1, -1);
	ev_kind(a, 5 * MS, 100, SCD_EV_SWITCH_IN);			/* 1 ms */
	ev_out(a, 1 * MS, 101, 100, "app-w", SCD_ST_D, fx->k2, fx->u2, -1);
	ev_out(a, 11 * MS, 0, 0, "swapper/1", 0, 0, 0, 101);		/* 10 ms, closed by next */
	ev_out(a, 2 * MS, 102, 102, "busy", 0x100, fx->k1, 0, -1);	/* preempted: not counted */
	ev_kind(a, 3 * MS, 102, SCD_EV_SWITCH_IN);
}

START_TEST(test_blocks)
{
	struct fixture fx;
	const struct scd_offcpu_stats *s;
	const struct scd_offcpu_thread *th;
	const struct scd_offcpu_row *rows;
	size_t n;

	setup(&fx, &dflt);
	stream(&fx);
	s = scd_offcpu_get_stats(fx.a);
	ck_assert_uint_eq(s->blocks, 3);
	ck_assert_uint_eq(s->not_state, 1);
	rows = scd_offcpu_rows(fx.a, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(rows[0].k.tid, 101);
	ck_assert_uint_eq(rows[0].total_ns, 10 * MS);
	ck_assert_uint_eq(rows[1].total_ns, 3 * MS);
	ck_assert_uint_eq(rows[1].blocks, 2);
	th = scd_offcpu_threads(fx.a, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(th[0].cls_ns[SCD_CLS_D], 10 * MS);
	ck_assert_uint_eq(th[1].cls_ns[SCD_CLS_S], 3 * MS);
	ck_assert_uint_eq(th[1].max_ns, 2 * MS);
	teardown(&fx);
}
END_TEST

/* Edge cases: each row is a stream of one thread and the stats it must leave. */
START_TEST(test_edges)
{
	struct fixture fx;
	const struct scd_offcpu_stats *s;
	const struct scd_offcpu_thread *th;
	size_t n;

	setup(&fx, &dflt);
	/* a gap (perf lost records) drops the block open across it */
	ev_out(fx.a, 2 * MS, 103, 103, "g", SCD_ST_S, fx.k1, 0, -1);
	ev_kind(fx.a, 3 * MS, -1, SCD_EV_GAP);
	ev_kind(fx.a, 4 * MS, 103, SCD_EV_SWITCH_IN);
	/* switched out twice: the first block lost its switch-in and is dropped */
	ev_out(fx.a, 2 * MS, 104, 104, "r", SCD_ST_S, fx.k1, 0, -1);
	ev_out(fx.a, 5 * MS, 104, 104, "r", SCD_ST_S, fx.k1, 0, -1);
	ev_kind(fx.a, 6 * MS, 104, SCD_EV_SWITCH_IN);			/* 1 ms counted */
	/* exit while off CPU; a dead state never starts a block */
	ev_out(fx.a, 2 * MS, 105, 105, "e", SCD_ST_S, fx.k1, 0, -1);
	ev_kind(fx.a, 3 * MS, 105, SCD_EV_TASK_EXIT);
	ev_out(fx.a, 2 * MS, 106, 106, "z", 0x20, fx.k1, 0, -1);
	ev_kind(fx.a, 3 * MS, 106, SCD_EV_SWITCH_IN);
	/* a switch-in without a switch-out is nothing */
	ev_kind(fx.a, 3 * MS, 108, SCD_EV_SWITCH_IN);
	/* still off CPU at the end */
	ev_out(fx.a, 7 * MS, 107, 107, "o", SCD_ST_S, fx.k1, 0, -1);
	/* the switch-in was not traced, the wakeup was: the block ends at the wakeup */
	ev_out(fx.a, 1 * MS, 109, 109, "w", SCD_ST_S, fx.k1, 0, -1);
	ev_kind(fx.a, 2 * MS, 109, SCD_EV_WAKEUP);
	ev_kind(fx.a, 2 * MS + 500, 109, SCD_EV_WAKEUP);	/* a second wakeup changes nothing */
	ev_out(fx.a, 4 * MS, 109, 109, "w", SCD_ST_S, fx.k1, 0, -1);	/* 1 ms, new block */
	ev_kind(fx.a, 5 * MS, 109, SCD_EV_WAKEUP);
	ev_kind(fx.a, 6 * MS, 109, SCD_EV_TASK_EXIT);			/* 1 ms */
	ev_out(fx.a, 8 * MS, 110, 110, "v", SCD_ST_S, fx.k1, 0, -1);
	ev_kind(fx.a, 9 * MS, 110, SCD_EV_WAKEUP);			/* 1 ms, at the end */
	scd_offcpu_finish(fx.a, 10 * MS);
	s = scd_offcpu_get_stats(fx.a);
	ck_assert_uint_eq(s->dropped_gap, 1);
	ck_assert_uint_eq(s->dropped_reout, 1);
	ck_assert_uint_eq(s->dropped_exit, 1);	/* the dead state starts nothing */
	ck_assert_uint_eq(s->open_at_end, 1);
	ck_assert_uint_eq(s->open_max_ns, 3 * MS);
	ck_assert_uint_eq(s->closed_at_wakeup, 3);
	ck_assert_uint_eq(s->blocks, 4);
	th = scd_offcpu_threads(fx.a, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(th[0].tid, 109);
	ck_assert_uint_eq(th[0].total_ns, 2 * MS);
	ck_assert_uint_eq(th[0].blocks, 2);
	teardown(&fx);
}
END_TEST

START_TEST(test_min_max_state)
{
	static const struct scd_offcpu_cfg cases[] = {
		{ .states = SCD_ST_BLOCKED, .min_ns = 2 * MS },			/* -m 2000 */
		{ .states = SCD_ST_BLOCKED, .min_ns = 1000, .max_ns = 1 * MS },	/* -M 1000 */
		{ .states = SCD_ST_D, .min_ns = 1000 },				/* --state D */
		{ .states = SCD_ST_BLOCKED | SCD_ST_R, .min_ns = 1000 },	/* --state ALL */
	};
	static const uint64_t want_blocks[] = { 2, 1, 1, 4 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fixture fx;

		setup(&fx, &cases[i]);
		stream(&fx);
		ck_assert_msg(scd_offcpu_get_stats(fx.a)->blocks == want_blocks[i],
			      "case %zu: %llu blocks", i,
			      (unsigned long long)scd_offcpu_get_stats(fx.a)->blocks);
		teardown(&fx);
	}
}
END_TEST

START_TEST(test_syscalls)
{
	struct scd_offcpu_cfg cfg = dflt;
	const struct scd_offcpu_sys *sy;
	struct fixture fx;
	size_t n;

	cfg.syscalls = true;
	setup(&fx, &cfg);
	ev_sys(fx.a, SCD_EV_SYS_ENTER, 100, SYS_read, 7);
	ev_out(fx.a, 1 * MS, 100, 100, "app", SCD_ST_S, fx.k2, 0, -1);
	ev_kind(fx.a, 4 * MS, 100, SCD_EV_SWITCH_IN);
	ev_sys(fx.a, SCD_EV_SYS_EXIT, 100, SYS_read, 0);
	ev_out(fx.a, 5 * MS, 100, 100, "app", SCD_ST_S, fx.k1, 0, -1);	/* not in a syscall */
	ev_kind(fx.a, 6 * MS, 100, SCD_EV_SWITCH_IN);
	/* wait4's first argument is a pid, not an fd: no fd */
	ev_sys(fx.a, SCD_EV_SYS_ENTER, 100, SYS_wait4, 4242);
	ev_out(fx.a, 7 * MS, 100, 100, "app", SCD_ST_S, fx.k1, 0, -1);
	ev_kind(fx.a, 7 * MS + 500000, 100, SCD_EV_SWITCH_IN);
	sy = scd_offcpu_syscalls(fx.a, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(sy[2].nr, SYS_wait4);
	ck_assert_int_eq(sy[2].fd, -1);
	ck_assert_int_eq(sy[0].nr, SYS_read);
	ck_assert_int_eq(sy[0].fd, 7);
	ck_assert_uint_eq(sy[0].total_ns, 3 * MS);
	ck_assert_int_eq(sy[1].nr, -1);
	ck_assert_uint_eq(sy[1].total_ns, 1 * MS);
	teardown(&fx);
}
END_TEST

START_TEST(test_states_parse)
{
	unsigned int m;

	ck_assert_int_eq(scd_offcpu_parse_states("S", &m), 0);
	ck_assert_uint_eq(m, SCD_ST_S);
	ck_assert_int_eq(scd_offcpu_parse_states("S,D", &m), 0);
	ck_assert_uint_eq(m, SCD_ST_S | SCD_ST_D);
	ck_assert_int_eq(scd_offcpu_parse_states("ALL", &m), 0);
	ck_assert_uint_eq(m, SCD_ST_BLOCKED | SCD_ST_R);
	ck_assert_int_ne(scd_offcpu_parse_states("X", &m), 0);
	ck_assert_int_ne(scd_offcpu_parse_states("", &m), 0);
	ck_assert_int_ne(scd_offcpu_parse_states(",", &m), 0);
}
END_TEST

static void report(const char *golden, int kind, bool delimited)
{
	struct scd_offcpu_namer nm = { fake_k, fake_u, NULL };
	struct scd_offcpu_meta m = {
		.duration_s = 1, .backend = "libperf", .stacks = true, .kernel = true,
		.user = true, .delimited = delimited,
	};
	struct fixture fx;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	setup(&fx, &dflt);
	stream(&fx);
	m.st = scd_offcpu_get_stats(fx.a);
	if (kind == 0)
		scd_report_offcpu_folded(f, fx.a, fx.st, &nm, &m);
	else if (kind == 1)
		scd_report_offcpu_text(f, fx.a, fx.st, &nm, &m);
	else
		scd_report_offcpu_json(f, fx.a, fx.st, &nm, &m);
	fclose(f);
	scd_golden_compare(golden, buf, len);
	free(buf);
	teardown(&fx);
}

START_TEST(test_report_folded)
{
	report("offcpu-folded.txt", 0, false);
	report("offcpu-folded-delim.txt", 0, true);
}
END_TEST

START_TEST(test_report_text)
{
	report("offcpu-text.txt", 1, false);
}
END_TEST

START_TEST(test_report_json)
{
	report("offcpu.json", 2, false);
}
END_TEST

/* -T 1 keeps the largest stack; the syscall table names its syscalls. */
START_TEST(test_report_top_syscalls)
{
	struct scd_offcpu_namer nm = { fake_k, fake_u, NULL };
	struct scd_offcpu_cfg cfg = dflt;
	struct scd_offcpu_meta m = {
		.duration_s = 1, .backend = "libperf", .stacks = true, .kernel = true,
		.user = true, .top = 1, .syscalls = true,
	};
	struct fixture fx;
	char *buf = NULL, want[64];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cfg.syscalls = true;
	setup(&fx, &cfg);
	ev_sys(fx.a, SCD_EV_SYS_ENTER, 101, SYS_read, 7);
	stream(&fx);
	m.st = scd_offcpu_get_stats(fx.a);
	scd_report_offcpu_text(f, fx.a, fx.st, &nm, &m);
	fclose(f);
	ck_assert_msg(strstr(buf, "app-w (101)") != NULL, "%s", buf);
	ck_assert_msg(strstr(buf, "app (100)") == NULL, "%s", buf);
	snprintf(want, sizeof(want), "%-16s %6s", "read", "7");
	ck_assert_msg(strstr(buf, want) != NULL, "%s", buf);
	free(buf);
	teardown(&fx);
}
END_TEST

START_TEST(test_ustack_complete)
{
	static const char *const a[] = { "read", "main", "[unknown] (libc.so.6+0x10)" };
	static const char *const b[] = { "read", "worker", "start_thread", "clone3" };
	static const char *const c[] = { "read", "[unknown] (libc.so.6+0x10)" };
	static const char *const d[] = { "pthread_cond_wait", "worker" };

	ck_assert(scd_offcpu_ustack_complete(a, 3));
	ck_assert(scd_offcpu_ustack_complete(b, 4));
	ck_assert(!scd_offcpu_ustack_complete(c, 2));
	ck_assert(!scd_offcpu_ustack_complete(d, 2));
	ck_assert(!scd_offcpu_ustack_complete(a, 0));
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_blocks, test_edges, test_min_max_state, test_syscalls, test_states_parse,
		test_report_folded, test_report_text, test_report_json, test_report_top_syscalls,
		test_ustack_complete,
	};

	return scd_run_suite(scd_suite("offcpu", tests, ARRAY_SIZE(tests)));
}
