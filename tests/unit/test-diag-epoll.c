// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the epoll diagnoses (diag-epoll.c) on synthetic paired calls: the exact rows
 * of epoll_maxevents, epoll_timeout, epoll_mode and errors, and each finding exactly at its
 * threshold (struct scd_diag_cfg defaults) and not one call below: zero calls, maxevents 1,
 * timeout -1 (never a timeout finding), failed calls (only the errors table), epoll_pwait2
 * (timeout null), calls without an entry. epoll.mode reads /proc/PID/fdinfo/EPFD: most cases
 * use a pid that cannot exist (above PID_MAX_LIMIT), so the registrations are null and no
 * mode finding can appear; the mode cases use a real epoll fd of this test process.
 */
#include "unit.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "an-argdist.h"
#include "diag.h"
#include "pair.h"
#include "syscalls.h"
#include "task.h"

#define NOPID 2000000000	/* above PID_MAX_LIMIT (4194304): never a process */
#define NUL INT64_MIN		/* a null cell */

struct row {
	int64_t v[4];
	uint64_t count;
};

/* A run of the epoll diagnoses whose id starts with @prefix, with @cfg (NULL: defaults). */
static struct scd_diag_run *run_new(const char *prefix, const struct scd_diag_cfg *cfg)
{
	bool sel[64] = { false };
	struct scd_diag_cfg def;
	size_t i;

	ck_assert_uint_le(scd_ndiags, ARRAY_SIZE(sel));
	for (i = 0; i < scd_ndiags; i++)
		sel[i] = !strncmp(scd_diags[i]->id, prefix, strlen(prefix));
	scd_diag_cfg_defaults(&def);
	return scd_diag_run_new(sel, cfg ? cfg : &def);
}

/* @n calls of @sys by process @pid: epoll_wait(epfd, _, maxev, timeout) = ret, @wait_ns each. */
static void calls(struct scd_diag_run *r, const char *sys, int32_t pid, int64_t epfd,
		  int64_t maxev, int64_t timeout, int64_t ret, unsigned int n, uint64_t wait_ns)
{
	struct scd_task t = { .tid = pid, .tgid = pid, .resolved = 1 };
	struct scd_call c;
	unsigned int i;

	snprintf(t.comm, sizeof(t.comm), "srv%d", (int)(pid % 10));
	memset(&c, 0, sizeof(c));
	c.tid = pid;
	c.nr = scd_syscall_nr(sys);
	ck_assert_int_ge(c.nr, 0);
	c.has_enter = 1;
	c.nargs = 6;
	c.args[0] = (uint64_t)epfd;
	c.args[1] = 0x7ffd0000;
	c.args[2] = (uint64_t)maxev;
	c.args[3] = (uint64_t)timeout;	/* epoll_pwait2: a pointer, here 0 or a small number */
	c.ret = ret;
	for (i = 0; i < n; i++) {
		c.ts_enter = 1000000 + (uint64_t)i * 10000;
		c.ts_exit = c.ts_enter + wait_ns;
		scd_diag_run_call(r, &c, &t);
	}
}

static void waits(struct scd_diag_run *r, int32_t pid, int64_t epfd, int64_t maxev,
		  int64_t timeout, int64_t ret, unsigned int n)
{
	calls(r, "epoll_wait", pid, epfd, maxev, timeout, ret, n, 1000);
}

/* The table named @name: its rows (caller frees) and column count. */
static size_t table(struct scd_diag_run *r, const char *name, const struct scd_ad_row ***rows,
		    size_t *ncols)
{
	struct scd_argdist *agg;
	size_t i, slot;

	for (i = 0; i < scd_diag_ntables(r); i++) {
		const struct scd_table_def *def = scd_diag_table(r, i, &agg, &slot);

		if (!strcmp(def->name, name)) {
			*ncols = def->ncols;
			return scd_argdist_rows(agg, slot, 0, rows);
		}
	}
	ck_abort_msg("no table %s", name);
	return 0;
}

/* Table @name holds exactly rows @exp (values after comm and pid first, as the columns). */
static void expect_rows(struct scd_diag_run *r, const char *name, const struct row *exp,
			size_t nexp)
{
	const struct scd_ad_row **rows = NULL;
	size_t ncols, n = table(r, name, &rows, &ncols), i, k, j;

	ck_assert_msg(n == nexp, "%s: %zu rows, expected %zu", name, n, nexp);
	for (i = 0; i < nexp; i++) {
		size_t hits = 0;

		/* Every column but comm reads v[0..ncols-2]. */
		for (k = 0; k < n; k++) {
			for (j = 0; j + 1 < ncols && rows[k]->v[j] == exp[i].v[j]; j++)
				;
			if (j + 1 == ncols && rows[k]->count == exp[i].count) {
				ck_assert_int_eq(strncmp(rows[k]->comm, "srv", 3), 0);
				hits++;
			}
		}
		ck_assert_msg(hits == 1, "%s: row %zu (%lld %lld %lld %lld: %llu) found %zu times",
			      name, i, (long long)exp[i].v[0], (long long)exp[i].v[1],
			      (long long)exp[i].v[2], (long long)exp[i].v[3],
			      (unsigned long long)exp[i].count, hits);
	}
	free(rows);
}

static size_t nfindings(struct scd_diag_run *r, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < scd_diag_nfindings(r); i++)
		n += !strcmp(scd_diag_finding_at(r, i)->id, id);
	return n;
}

/* The one finding @id of @pid. */
static const struct scd_finding *finding(struct scd_diag_run *r, const char *id, int32_t pid)
{
	const struct scd_finding *f, *hit = NULL;
	size_t i;

	for (i = 0; i < scd_diag_nfindings(r); i++) {
		f = scd_diag_finding_at(r, i);
		if (!strcmp(f->id, id) && f->pid == pid) {
			ck_assert_msg(!hit, "two %s findings for pid %d", id, (int)pid);
			hit = f;
		}
	}
	ck_assert_msg(hit != NULL, "no %s finding for pid %d", id, (int)pid);
	return hit;
}

static const char *evidence(const struct scd_finding *f, const char *key)
{
	size_t i;

	for (i = 0; i < f->nev; i++)
		if (!strcmp(f->ev[i].key, key))
			return f->ev[i].val;
	ck_abort_msg("%s: no evidence %s", f->id, key);
	return NULL;
}

START_TEST(test_zero_calls_and_selection)
{
	static const char *const names[] = { "epoll_maxevents", "epoll_timeout", "epoll_mode",
					     "errors" };
	struct scd_diag_run *r = run_new("epoll.", NULL);
	struct scd_argdist *agg;
	const char **sys;
	size_t i, slot, n;

	ck_assert_uint_eq(scd_diag_ntables(r), 4);
	for (i = 0; i < 4; i++)
		ck_assert_str_eq(scd_diag_table(r, i, &agg, &slot)->name, names[i]);
	n = scd_diag_syscalls(r, &sys);
	ck_assert_uint_eq(n, 3);	/* each syscall once, though three diagnoses watch it */
	ck_assert_str_eq(sys[0], "epoll_wait");
	ck_assert_str_eq(sys[1], "epoll_pwait");
	ck_assert_str_eq(sys[2], "epoll_pwait2");
	free(sys);
	scd_diag_run_finish(r, 1.0);
	for (i = 0; i < 4; i++)
		expect_rows(r, names[i], NULL, 0);
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);
	scd_diag_run_free(r);

	/* A zero duration (an empty interval) must not divide by zero or invent a finding. */
	r = run_new("epoll.", NULL);
	scd_diag_run_finish(r, 0);
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);
	scd_diag_run_free(r);

	/* One diagnosis: its table, then errors; other syscalls are not dispatched. */
	r = run_new("epoll.timeout", NULL);
	ck_assert_uint_eq(scd_diag_ntables(r), 2);
	ck_assert_str_eq(scd_diag_table(r, 0, &agg, &slot)->name, "epoll_timeout");
	ck_assert_str_eq(scd_diag_table(r, 1, &agg, &slot)->name, "errors");
	calls(r, "getppid", NOPID, 5, 8, 0, -EBADF, 3, 0);
	scd_diag_run_finish(r, 1.0);
	expect_rows(r, "epoll_timeout", NULL, 0);
	expect_rows(r, "errors", NULL, 0);
	scd_diag_run_free(r);
	scd_diag_run_free(NULL);
}
END_TEST

START_TEST(test_maxevents_rows)
{
	struct scd_diag_run *r = run_new("epoll.", NULL);
	int nr_wait = scd_syscall_nr("epoll_wait");
	const struct row exp[] = {
		{ { NOPID, 7, 8, 0 }, 3 + 4 + 5 },	/* the three syscalls share a row */
		{ { NOPID, 7, 8, 6 }, 2 },
		{ { NOPID, 7, 8, 8 }, 1 },
		{ { NOPID, 9, 8, 0 }, 1 },		/* another epfd */
		{ { NOPID, 7, 1, 0 }, 2 },		/* another maxevents */
		{ { NOPID + 1, 7, 8, 0 }, 1 },		/* another process */
	};
	struct scd_call c = { .tid = NOPID, .nr = nr_wait, .ret = 8 };
	struct scd_task t = { .tid = NOPID, .tgid = NOPID, .comm = "srv0" };

	calls(r, "epoll_wait", NOPID, 7, 8, 0, 8, 3, 0);
	calls(r, "epoll_pwait", NOPID, 7, 8, 0, 8, 4, 0);
	calls(r, "epoll_pwait2", NOPID, 7, 8, 0, 8, 5, 0);
	waits(r, NOPID, 7, 8, 0, 2, 2);
	waits(r, NOPID, 7, 8, 0, 0, 1);
	waits(r, NOPID, 9, 8, 0, 8, 1);
	waits(r, NOPID, 7, 1, 0, 1, 2);
	waits(r, NOPID + 1, 7, 8, 0, 8, 1);
	/* An exit without its entry (the call began before tracing): no arguments, no row. */
	scd_diag_run_call(r, &c, &t);
	scd_diag_run_finish(r, 1.0);
	expect_rows(r, "epoll_maxevents", exp, ARRAY_SIZE(exp));
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);	/* 12 full calls: below min-calls */
	scd_diag_run_free(r);
}
END_TEST

/* maxevents finding: calls in one (pid, epfd, maxevents), of which @full return maxevents. */
static const struct maxev_case {
	int64_t maxev;
	unsigned int full, other;
	int64_t other_ret;
	bool finding;
	const char *suggested;
} maxev_cases[] = {
	{ 8, 50, 50, 3, true, "64" },		/* exactly full-share 0.5 and min-calls 100 */
	{ 8, 49, 51, 3, false, NULL },		/* one full call short */
	{ 8, 99, 0, 0, false, NULL },		/* 99 calls: below min-calls */
	{ 8, 100, 0, 0, true, "64" },
	{ 1, 100, 0, 0, true, "64" },		/* maxevents 1: every event fills it */
	{ 1, 50, 50, 0, true, "64" },
	{ 1, 0, 100, 0, false, NULL },		/* maxevents 1, nothing returned */
	{ 32, 100, 0, 0, true, "64" },		/* suggested: >= 2x, power of two, >= 64 */
	{ 33, 100, 0, 0, true, "128" },
	{ 64, 100, 0, 0, true, "128" },
	{ 1024, 100, 0, 0, true, "2048" },
};

START_TEST(test_maxevents_threshold)
{
	const struct maxev_case *tc = &maxev_cases[_i];
	struct scd_diag_run *r = run_new("epoll.", NULL);

	/* Spread over the three syscalls: the finding counts calls, not syscalls. */
	calls(r, "epoll_pwait", NOPID, 4, tc->maxev, -1, tc->maxev, tc->full / 2, 0);
	calls(r, "epoll_pwait2", NOPID, 4, tc->maxev, 0, tc->maxev, tc->full - tc->full / 2, 0);
	waits(r, NOPID, 4, tc->maxev, -1, tc->other_ret, tc->other);
	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(nfindings(r, "epoll.maxevents"), tc->finding);
	ck_assert_uint_eq(nfindings(r, "epoll.timeout"), 0);	/* -1 and null timeouts */
	ck_assert_uint_eq(nfindings(r, "epoll.mode"), 0);	/* no fdinfo */
	if (tc->finding) {
		const struct scd_finding *f = finding(r, "epoll.maxevents", NOPID);
		char buf[32];

		ck_assert_int_eq(f->sev, SCD_SEV_WARNING);
		ck_assert_str_eq(f->comm, "srv0");
		ck_assert_str_eq(evidence(f, "epfd"), "4");
		snprintf(buf, sizeof(buf), "%lld", (long long)tc->maxev);
		ck_assert_str_eq(evidence(f, "maxevents"), buf);
		snprintf(buf, sizeof(buf), "%u", tc->full + tc->other);
		ck_assert_str_eq(evidence(f, "calls"), buf);
		snprintf(buf, sizeof(buf), "%u", tc->full);
		ck_assert_str_eq(evidence(f, "full_calls"), buf);
		ck_assert_str_eq(evidence(f, "suggested_maxevents"), tc->suggested);
		ck_assert_ptr_nonnull(strstr(f->summary, "epoll fd 4"));
	}
	scd_diag_run_free(r);
}
END_TEST

START_TEST(test_maxevents_groups_and_options)
{
	struct scd_diag_cfg cfg;
	struct scd_diag_run *r = run_new("epoll.maxevents", NULL);

	/* Two epfds of one process and one of another: one finding each where crossed. */
	waits(r, NOPID, 4, 16, -1, 16, 100);
	waits(r, NOPID, 5, 16, -1, 16, 99);	/* below min-calls on its own */
	waits(r, NOPID + 1, 4, 16, -1, 16, 60);
	waits(r, NOPID + 1, 4, 16, -1, 15, 40);
	/* Same epfd, two maxevents: two groups, neither crosses. */
	waits(r, NOPID + 2, 4, 16, -1, 16, 50);
	waits(r, NOPID + 2, 4, 32, -1, 16, 50);
	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(scd_diag_nfindings(r), 2);
	ck_assert_str_eq(evidence(finding(r, "epoll.maxevents", NOPID), "epfd"), "4");
	ck_assert_str_eq(evidence(finding(r, "epoll.maxevents", NOPID + 1), "full_share"),
			 "0.600");
	ck_assert_str_eq(finding(r, "epoll.maxevents", NOPID + 1)->comm, "srv1");
	scd_diag_run_free(r);

	/* --full-share 1.01 can never be reached; --min-calls 1 makes one call enough. */
	scd_diag_cfg_defaults(&cfg);
	cfg.full_share = 1.01;
	r = run_new("epoll.maxevents", &cfg);
	waits(r, NOPID, 4, 16, -1, 16, 1000);
	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);
	scd_diag_run_free(r);
	scd_diag_cfg_defaults(&cfg);
	cfg.min_calls = 1;
	r = run_new("epoll.maxevents", &cfg);
	waits(r, NOPID, 4, 16, -1, 16, 1);
	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(scd_diag_nfindings(r), 1);
	scd_diag_run_free(r);

	/* --full-share 0: any full call is enough, but none is no finding. */
	scd_diag_cfg_defaults(&cfg);
	cfg.full_share = 0;
	r = run_new("epoll.maxevents", &cfg);
	waits(r, NOPID, 4, 16, -1, 15, 1000);
	waits(r, NOPID + 1, 4, 16, -1, 15, 999);
	waits(r, NOPID + 1, 4, 16, -1, 16, 1);
	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(scd_diag_nfindings(r), 1);
	ck_assert_str_eq(evidence(finding(r, "epoll.maxevents", NOPID + 1), "full_calls"), "1");
	scd_diag_run_free(r);
}
END_TEST

START_TEST(test_timeout_rows)
{
	struct scd_diag_run *r = run_new("epoll.", NULL);
	const struct row exp[] = {
		{ { NOPID, -1, 1, 0 }, 3 + 4 },		/* epoll_wait and epoll_pwait share it */
		{ { NOPID, 0, 0, 0 }, 2 },
		{ { NOPID, 0, 8, 0 }, 1 },
		{ { NOPID, 250, 0, 0 }, 5 },
		{ { NOPID, NUL, 0, 0 }, 6 },		/* epoll_pwait2, whatever the pointer */
		{ { NOPID, NUL, 1, 0 }, 1 },
		{ { NOPID + 1, 0, 0, 0 }, 1 },
	};

	calls(r, "epoll_wait", NOPID, 3, 8, -1, 1, 3, 0);
	calls(r, "epoll_pwait", NOPID, 3, 8, -1, 1, 4, 0);
	waits(r, NOPID, 3, 8, 0, 0, 2);
	waits(r, NOPID, 3, 8, 0, 8, 1);
	waits(r, NOPID, 3, 8, 250, 0, 5);
	calls(r, "epoll_pwait2", NOPID, 3, 8, 0, 0, 3, 0);
	calls(r, "epoll_pwait2", NOPID, 3, 8, 0x7ffd1000, 0, 3, 0);
	calls(r, "epoll_pwait2", NOPID, 3, 8, 0x7ffd1000, 1, 1, 0);
	waits(r, NOPID + 1, 3, 8, 0, 0, 1);
	scd_diag_run_finish(r, 1.0);
	expect_rows(r, "epoll_timeout", exp, ARRAY_SIZE(exp));
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);
	scd_diag_run_free(r);
}
END_TEST

/* timeout findings: @calls waits with @timeout (pwait2: null) of which @empty return 0. */
static const struct timeout_case {
	const char *sys;
	int64_t timeout;
	unsigned int empty, full;
	int sev;		/* -1: no finding */
} timeout_cases[] = {
	{ "epoll_wait", 0, 80, 20, SCD_SEV_CRITICAL },	/* exactly empty-share 0.8 */
	{ "epoll_wait", 0, 79, 21, -1 },
	{ "epoll_wait", 0, 99, 0, -1 },			/* below min-calls */
	{ "epoll_pwait", 0, 100, 0, SCD_SEV_CRITICAL },
	{ "epoll_wait", 1, 100, 0, SCD_SEV_WARNING },
	{ "epoll_wait", 10, 80, 20, SCD_SEV_WARNING },	/* exactly short-timeout-ms */
	{ "epoll_wait", 10, 79, 21, -1 },
	{ "epoll_wait", 11, 100, 0, -1 },		/* not short */
	{ "epoll_wait", -1, 1000, 0, -1 },		/* infinite: never (cannot expire) */
	{ "epoll_pwait", -1, 1000, 0, -1 },
	{ "epoll_wait", -5, 1000, 0, -1 },		/* any negative timeout is infinite */
	{ "epoll_pwait2", 0, 1000, 0, -1 },		/* unknown timeout: no verdict */
};

START_TEST(test_timeout_threshold)
{
	const struct timeout_case *tc = &timeout_cases[_i];
	struct scd_diag_run *r = run_new("epoll.", NULL);

	calls(r, tc->sys, NOPID, 3, 8, tc->timeout, 0, tc->empty, 2500);
	calls(r, tc->sys, NOPID, 3, 8, tc->timeout, 2, tc->full, 2500);
	scd_diag_run_finish(r, 2.0);
	ck_assert_uint_eq(nfindings(r, "epoll.timeout"), tc->sev >= 0);
	ck_assert_uint_eq(scd_diag_nfindings(r), tc->sev >= 0);
	if (tc->sev >= 0) {
		const struct scd_finding *f = finding(r, "epoll.timeout", NOPID);
		char buf[32];

		ck_assert_int_eq(f->sev, tc->sev);
		snprintf(buf, sizeof(buf), "%lld", (long long)tc->timeout);
		ck_assert_str_eq(evidence(f, "timeout_ms"), buf);
		snprintf(buf, sizeof(buf), "%u", tc->empty + tc->full);
		ck_assert_str_eq(evidence(f, "calls"), buf);
		snprintf(buf, sizeof(buf), "%u", tc->empty);
		ck_assert_str_eq(evidence(f, "empty_calls"), buf);
		snprintf(buf, sizeof(buf), "%u", (tc->empty + tc->full) / 2);
		ck_assert_str_eq(evidence(f, "calls_per_s"), buf);	/* over 2 s */
		ck_assert_str_eq(evidence(f, "avg_wait_us"), "2.500");
		ck_assert_ptr_nonnull(strstr(f->summary, tc->timeout ? "expired" : "busy"));
	}
	scd_diag_run_free(r);
}
END_TEST

START_TEST(test_timeout_groups_and_options)
{
	struct scd_diag_cfg cfg;
	struct scd_diag_run *r = run_new("epoll.timeout", NULL);

	/* (pid, timeout) groups: epfds of a process add up; processes and timeouts do not. */
	waits(r, NOPID, 3, 8, 0, 0, 50);
	waits(r, NOPID, 4, 8, 0, 0, 50);
	waits(r, NOPID, 3, 8, 5, 0, 60);
	waits(r, NOPID, 3, 8, 6, 0, 60);
	waits(r, NOPID + 1, 3, 8, 0, 0, 100);
	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(scd_diag_nfindings(r), 2);
	ck_assert_str_eq(evidence(finding(r, "epoll.timeout", NOPID), "calls"), "100");
	ck_assert_str_eq(finding(r, "epoll.timeout", NOPID + 1)->comm, "srv1");
	scd_diag_run_free(r);

	/* The time waited is the group's: 1 s blocking waits do not inflate the busy polls'. */
	r = run_new("epoll.timeout", NULL);
	calls(r, "epoll_wait", NOPID, 3, 8, 0, 0, 100, 1000);
	calls(r, "epoll_wait", NOPID, 3, 8, -1, 1, 10, 1000000000);
	calls(r, "epoll_pwait2", NOPID, 3, 8, 0, 1, 10, 1000000000);
	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(scd_diag_nfindings(r), 1);
	ck_assert_str_eq(evidence(finding(r, "epoll.timeout", NOPID), "avg_wait_us"), "1");
	scd_diag_run_free(r);

	/* --short-timeout-ms 100 makes 60 ms short; --empty-share 1 needs every call empty. */
	scd_diag_cfg_defaults(&cfg);
	cfg.short_timeout_ms = 100;
	cfg.empty_share = 1;
	r = run_new("epoll.timeout", &cfg);
	waits(r, NOPID, 3, 8, 60, 0, 100);
	waits(r, NOPID, 3, 8, 0, 0, 199);
	waits(r, NOPID, 3, 8, 0, 1, 1);
	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(scd_diag_nfindings(r), 1);
	ck_assert_str_eq(evidence(finding(r, "epoll.timeout", NOPID), "timeout_ms"), "60");
	scd_diag_run_free(r);

	/* --empty-share 0: any empty call is enough, but none is no finding. */
	scd_diag_cfg_defaults(&cfg);
	cfg.empty_share = 0;
	r = run_new("epoll.timeout", &cfg);
	waits(r, NOPID, 3, 8, 0, 1, 1000);
	waits(r, NOPID + 1, 3, 8, 0, 1, 999);
	waits(r, NOPID + 1, 3, 8, 0, 0, 1);
	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(scd_diag_nfindings(r), 1);
	ck_assert_str_eq(evidence(finding(r, "epoll.timeout", NOPID + 1), "empty_calls"), "1");
	scd_diag_run_free(r);
}
END_TEST

START_TEST(test_failed_calls)
{
	struct scd_diag_run *r = run_new("epoll.", NULL);
	const struct row exp[] = {
		{ { NOPID, scd_syscall_nr("epoll_wait"), EINTR, 0 }, 1000 },
		{ { NOPID, scd_syscall_nr("epoll_wait"), EBADF, 0 }, 2 },
		{ { NOPID, scd_syscall_nr("epoll_pwait"), EINVAL, 0 }, 3 },
		{ { NOPID, scd_syscall_nr("epoll_pwait2"), EFAULT, 0 }, 4 },
	};

	/* Many failures at a high rate: only the errors table, never a finding. */
	waits(r, NOPID, 3, 8, 0, -EINTR, 1000);
	waits(r, NOPID, -1, 8, 0, -EBADF, 2);
	calls(r, "epoll_pwait", NOPID, 3, 0, 0, -EINVAL, 3, 0);
	calls(r, "epoll_pwait2", NOPID, 3, 8, 0, -EFAULT, 4, 0);
	scd_diag_run_finish(r, 0.01);
	expect_rows(r, "epoll_maxevents", NULL, 0);
	expect_rows(r, "epoll_timeout", NULL, 0);
	expect_rows(r, "epoll_mode", NULL, 0);
	expect_rows(r, "errors", exp, ARRAY_SIZE(exp));
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);
	scd_diag_run_free(r);
}
END_TEST

START_TEST(test_mode_no_fdinfo)
{
	struct scd_diag_run *r = run_new("epoll.mode", NULL);
	const struct row exp[] = {
		{ { NOPID, 3, NUL, NUL }, 1 },		/* one row per (pid, epfd), added once */
		{ { NOPID, 4, NUL, NUL }, 1 },
		{ { NOPID + 1, 3, NUL, NUL }, 1 },
	};

	/* A hot loop by every measure, but the registrations are unknown: no verdict. */
	waits(r, NOPID, 3, 8, -1, 1, 100000);
	waits(r, NOPID, 4, 8, 0, 0, 10);
	waits(r, NOPID + 1, 3, 8, -1, 1, 5);
	scd_diag_run_finish(r, 1.0);
	expect_rows(r, "epoll_mode", exp, ARRAY_SIZE(exp));
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);
	scd_diag_run_free(r);
}
END_TEST

/* An epoll fd of this process with @lt level- and @et edge-triggered pipes registered. */
static int real_epoll(unsigned int lt, unsigned int et, int *fds, size_t *nfds)
{
	int ep = epoll_create1(EPOLL_CLOEXEC), p[2];
	unsigned int i;

	ck_assert_int_ge(ep, 0);
	*nfds = 0;
	fds[(*nfds)++] = ep;
	for (i = 0; i < lt + et; i++) {
		struct epoll_event ev = { .events = EPOLLIN | (i >= lt ? EPOLLET : 0) };

		ck_assert_int_eq(pipe(p), 0);
		fds[(*nfds)++] = p[0];
		fds[(*nfds)++] = p[1];
		ev.data.fd = p[0];
		ck_assert_int_eq(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), 0);
	}
	return ep;
}

static void close_all(const int *fds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		close(fds[i]);
}

/* mode findings on a real epfd: @ones waits returning 1, @twos returning 2, @zeros empty. */
static const struct mode_case {
	unsigned int lt, et;
	unsigned int ones, twos, zeros;
	double secs;
	const char *rate;	/* wakeups_per_s of the finding, NULL: no finding */
} mode_cases[] = {
	{ 2, 1, 1000, 0, 0, 1.0, "1000" },	/* exactly rate 1000/s, 1 event per wake-up */
	{ 2, 1, 1000, 0, 0, 1.001, NULL },	/* 999 wake-ups per second */
	{ 2, 1, 999, 0, 0, 1.0, NULL },
	{ 2, 1, 1000, 1, 0, 1.0, NULL },	/* more than one event per wake-up */
	{ 2, 1, 1000, 0, 5000, 1.0, "1000" },	/* empty calls are not wake-ups... */
	{ 2, 1, 999, 0, 5000, 1.0, NULL },	/* ...and do not make a loop hot */
	{ 1, 0, 100, 0, 0, 0.0625, "1600" },	/* exactly min-calls wake-ups */
	{ 1, 0, 99, 0, 0, 0.015625, NULL },	/* 6336/s, but below min-calls */
	{ 0, 3, 100000, 0, 0, 1.0, NULL },	/* edge-triggered only */
	{ 0, 0, 100000, 0, 0, 1.0, NULL },	/* nothing registered */
};

START_TEST(test_mode_threshold)
{
	const struct mode_case *tc = &mode_cases[_i];
	struct scd_diag_run *r = run_new("epoll.", NULL);
	int32_t pid = (int32_t)getpid();
	int fds[32];
	size_t nfds;
	int ep = real_epoll(tc->lt, tc->et, fds, &nfds);
	const struct row exp[] = { { { pid, ep, tc->et, tc->lt }, 1 } };

	waits(r, pid, ep, 8, -1, 1, tc->ones);
	waits(r, pid, ep, 8, -1, 2, tc->twos);
	waits(r, pid, ep, 8, 100, 0, tc->zeros);
	/* A failed call names no epoll fd: no row for it. */
	waits(r, pid, fds[nfds - 1], 8, -1, -EINVAL, 3);
	scd_diag_run_finish(r, tc->secs);
	expect_rows(r, "epoll_mode", exp, 1);
	ck_assert_uint_eq(nfindings(r, "epoll.mode"), tc->rate != NULL);
	if (tc->rate) {
		const struct scd_finding *f = finding(r, "epoll.mode", pid);
		char buf[32];

		snprintf(buf, sizeof(buf), "%d", ep);
		ck_assert_str_eq(evidence(f, "epfd"), buf);
		snprintf(buf, sizeof(buf), "%u", tc->lt);
		ck_assert_str_eq(evidence(f, "level_triggered"), buf);
		snprintf(buf, sizeof(buf), "%u", tc->et);
		ck_assert_str_eq(evidence(f, "edge_triggered"), buf);
		ck_assert_str_eq(evidence(f, "wakeups_per_s"), tc->rate);
		ck_assert_str_eq(evidence(f, "events_per_wakeup"), "1");
	}
	close_all(fds, nfds);
	scd_diag_run_free(r);
}
END_TEST

START_TEST(test_mode_many_registrations)
{
	/* 600 registrations print ~48 KiB of fdinfo: more than one read of it. */
	struct scd_diag_run *r = run_new("epoll.mode", NULL);
	int32_t pid = (int32_t)getpid();
	int ep = epoll_create1(EPOLL_CLOEXEC), p[2];
	const struct row exp[] = { { { pid, ep, 200, 400 }, 1 } };
	unsigned int i;

	ck_assert_int_ge(ep, 0);
	ck_assert_int_eq(pipe(p), 0);
	for (i = 0; i < 600; i++) {
		struct epoll_event ev = { .events = EPOLLIN | (i % 3 == 0 ? EPOLLET : 0) };
		int fd = dup(p[0]);

		if (fd < 0 && errno == EMFILE)
			ck_abort_msg("RLIMIT_NOFILE below 700: raise it (ulimit -n)");
		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev), 0);
	}
	waits(r, pid, ep, 8, -1, 1, 1);
	scd_diag_run_finish(r, 1.0);
	expect_rows(r, "epoll_mode", exp, 1);
	scd_diag_run_free(r);
	/* The dup'ed fds are closed at exit: check runs each test in its own process. */
	close(ep);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("diag-epoll");
	TCase *tc = tcase_create("diag-epoll");

	tcase_add_test(tc, test_zero_calls_and_selection);
	tcase_add_test(tc, test_maxevents_rows);
	tcase_add_loop_test(tc, test_maxevents_threshold, 0, (int)ARRAY_SIZE(maxev_cases));
	tcase_add_test(tc, test_maxevents_groups_and_options);
	tcase_add_test(tc, test_timeout_rows);
	tcase_add_loop_test(tc, test_timeout_threshold, 0, (int)ARRAY_SIZE(timeout_cases));
	tcase_add_test(tc, test_timeout_groups_and_options);
	tcase_add_test(tc, test_failed_calls);
	tcase_add_test(tc, test_mode_no_fdinfo);
	tcase_add_loop_test(tc, test_mode_threshold, 0, (int)ARRAY_SIZE(mode_cases));
	tcase_add_test(tc, test_mode_many_registrations);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return scd_run_suite(suite());
}
