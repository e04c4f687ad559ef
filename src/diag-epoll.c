// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * epoll diagnoses (seeds/syscall-diagnoses.md, "epoll"):
 *   epoll.maxevents  calls that return exactly maxevents: more fds ready than one call takes
 *   epoll.timeout    timeout 0 returning nothing (busy polling), short timeouts expiring
 *                    empty, the wake-up rate
 * (epoll.mode is in diag-epoll-mode.c.)
 * epoll_pwait2 takes its timeout as a pointer to a timespec, which tracefs cannot follow: its
 * timeout is null in the tables.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "diag-epoll.h"
#include "event.h"
#include "syscalls.h"

const char *const scd_epoll_syscalls[] = { "epoll_wait", "epoll_pwait", "epoll_pwait2", NULL };

/* ---- epoll.maxevents: (comm, pid, epfd, maxevents, maxevents - ret) -> count ---- */

static const struct scd_col maxevents_cols[] = {
	{ "comm", SCD_COL_COMM, 0 },
	{ "pid", SCD_COL_INT, 0 },
	{ "epfd", SCD_COL_INT, 1 },
	{ "maxevents", SCD_COL_INT, 2 },
	{ "diff", SCD_COL_INT, 3 },
};

static const struct scd_table_def maxevents_table = {
	"epoll_maxevents", maxevents_cols, 5, true,
};


#define MAX_SETS 256

/* Registrations of each (pid, epfd), read when first seen. */
struct sets {
	size_t n;
	struct {
		int32_t pid, epfd;
		int64_t registered;	/* INT64_MIN: unknown */
	} s[MAX_SETS];
};

static int64_t registered(const struct sets *s, int64_t pid, int64_t epfd)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->s[i].pid == pid && s->s[i].epfd == epfd)
			return s->s[i].registered;
	return INT64_MIN;
}

static void remember_set(struct sets *s, int32_t pid, int32_t epfd)
{
	int64_t et, lt;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->s[i].pid == pid && s->s[i].epfd == epfd)
			return;
	if (s->n == MAX_SETS)
		return;
	scd_epoll_registrations(pid, epfd, &et, &lt);
	s->s[s->n].pid = pid;
	s->s[s->n].epfd = epfd;
	s->s[s->n++].registered = et == INT64_MIN ? INT64_MIN : et + lt;
}

static void maxevents_call(struct scd_diag_run *r, void *st, const struct scd_call *c,
			   const struct scd_task *t)
{
	int64_t v[4];

	if (!c->has_enter || c->ret < 0)
		return;	/* failures go to the errors table */
	v[0] = scd_epoll_pid(c, t);
	v[1] = (int32_t)c->args[0];
	v[2] = (int32_t)c->args[2];
	v[3] = v[2] - c->ret;
	scd_diag_row(r, v, 4, t ? t->comm : NULL);
	remember_set(st, (int32_t)v[0], (int32_t)v[1]);
}

/* Suggested maxevents: at least twice the current one, a power of two, 64 or more. */
static int64_t suggest(int64_t m)
{
	int64_t s = 64;

	while (s < 2 * m && s < (1 << 20))
		s *= 2;
	return s;
}

static void maxevents_findings(struct scd_diag_run *r, void *st)
{
	const struct scd_diag_cfg *cfg = scd_diag_cfg(r);
	const struct scd_ad_row **rows;
	size_t n = scd_diag_rows(r, &rows), i, k;

	/* Rows are (pid, epfd, maxevents, diff); total and full calls per (pid, epfd, maxevents). */
	for (i = 0; i < n; i++) {
		uint64_t calls = 0, full = 0;
		bool first = true;
		int64_t reg;

		for (k = 0; k < n; k++) {
			if (rows[k]->v[0] != rows[i]->v[0] || rows[k]->v[1] != rows[i]->v[1] ||
			    rows[k]->v[2] != rows[i]->v[2])
				continue;
			if (k < i)
				first = false;
			calls += rows[k]->count;
			if (rows[k]->v[3] == 0)
				full += rows[k]->count;
		}
		reg = registered(st, rows[i]->v[0], rows[i]->v[1]);
		/* All registered fds fit in maxevents: nothing more can have been ready. */
		if (reg != INT64_MIN && reg <= rows[i]->v[2])
			continue;
		if (first && calls >= cfg->min_calls && full &&
		    full >= cfg->full_share * (double)calls) {
			struct scd_finding *f = scd_diag_finding(r, SCD_SEV_WARNING,
								 (int32_t)rows[i]->v[0],
								 rows[i]->comm);

			snprintf(f->summary, sizeof(f->summary),
				 "epoll fd %lld returned all %lld slots in %.0f%% of %llu calls: more "
				 "fds are ready than one call takes",
				 (long long)rows[i]->v[1], (long long)rows[i]->v[2],
				 100.0 * (double)full / (double)calls, (unsigned long long)calls);
			snprintf(f->advice, sizeof(f->advice),
				 "raise maxevents from %lld to %lld (the extra slots cost nothing when "
				 "idle) so one wake-up drains the ready list",
				 (long long)rows[i]->v[2], (long long)suggest(rows[i]->v[2]));
			scd_finding_num(f, "epfd", (double)rows[i]->v[1]);
			scd_finding_num(f, "maxevents", (double)rows[i]->v[2]);
			scd_finding_num(f, "calls", (double)calls);
			scd_finding_num(f, "full_calls", (double)full);
			scd_finding_num(f, "full_share", (double)full / (double)calls);
			scd_finding_num(f, "suggested_maxevents", (double)suggest(rows[i]->v[2]));
			if (reg != INT64_MIN)
				scd_finding_num(f, "registered_fds", (double)reg);
		}
	}
	free(rows);
}

const struct scd_diag_ops scd_diag_epoll_maxevents = {
	.id = "epoll.maxevents",
	.syscalls = scd_epoll_syscalls,
	.table = &maxevents_table,
	.state_size = sizeof(struct sets),
	.call = maxevents_call,
	.findings = maxevents_findings,
};

/* ---- epoll.timeout: (comm, pid, timeout, ret) -> count, plus time waited ---- */

static const struct scd_col timeout_cols[] = {
	{ "comm", SCD_COL_COMM, 0 },
	{ "pid", SCD_COL_INT, 0 },
	{ "timeout", SCD_COL_INT_OR_NULL, 1 },
	{ "ret", SCD_COL_INT, 2 },
};

static const struct scd_table_def timeout_table = {
	"epoll_timeout", timeout_cols, 4, true,
};

#define MAX_WAITS 256

/* Per (process, timeout): calls and time waited, for the findings' evidence. */
struct waits {
	int nr_pwait2;		/* looked up at the first call, not at each */
	bool have_nr;
	size_t n;
	struct {
		int32_t pid;
		int64_t timeout;
		uint64_t calls;
		uint64_t wait_ns;
	} p[MAX_WAITS];
};

static void add_wait(struct waits *w, int32_t pid, int64_t timeout, uint64_t ns)
{
	size_t i;

	for (i = 0; i < w->n && (w->p[i].pid != pid || w->p[i].timeout != timeout); i++)
		;
	if (i == w->n) {
		if (w->n == MAX_WAITS)
			return;
		w->p[w->n].pid = pid;
		w->p[w->n++].timeout = timeout;
	}
	w->p[i].calls++;
	w->p[i].wait_ns += ns;
}

static void timeout_call(struct scd_diag_run *r, void *st, const struct scd_call *c,
			 const struct scd_task *t)
{
	struct waits *w = st;
	int64_t v[3];

	if (!c->has_enter || c->ret < 0)
		return;
	if (!w->have_nr) {
		w->nr_pwait2 = scd_syscall_nr("epoll_pwait2");
		w->have_nr = true;
	}
	v[0] = scd_epoll_pid(c, t);
	/* epoll_pwait2 passes a struct timespec pointer: unknown here. */
	v[1] = c->nr == w->nr_pwait2 ? INT64_MIN : (int32_t)c->args[3];
	v[2] = c->ret;
	scd_diag_row(r, v, 3, t ? t->comm : NULL);
	add_wait(w, (int32_t)v[0], v[1], c->ts_exit - c->ts_enter);
}

static void timeout_finding(struct scd_diag_run *r, const struct scd_ad_row *row,
			    const struct waits *w, uint64_t calls, uint64_t empty, bool busy)
{
	double secs = scd_diag_duration(r) > 0 ? scd_diag_duration(r) : 1;
	struct scd_finding *f = scd_diag_finding(r, busy ? SCD_SEV_CRITICAL : SCD_SEV_WARNING,
						 (int32_t)row->v[0], row->comm);
	size_t i;

	if (busy) {
		snprintf(f->summary, sizeof(f->summary),
			 "busy polling: %.0f%% of %llu epoll waits had timeout 0 and returned no "
			 "event (%.0f empty calls per second)", 100.0 * (double)empty / (double)calls,
			 (unsigned long long)calls, (double)empty / secs);
		snprintf(f->advice, sizeof(f->advice),
			 "block in epoll_wait with a timeout (-1, or the time to the next timer) "
			 "instead of spinning with 0; each empty call burns CPU for nothing");
	} else {
		snprintf(f->summary, sizeof(f->summary),
			 "%.0f%% of %llu epoll waits with a timeout of %lld ms expired without an "
			 "event", 100.0 * (double)empty / (double)calls, (unsigned long long)calls,
			 (long long)row->v[1]);
		snprintf(f->advice, sizeof(f->advice),
			 "use a longer timeout (or -1) and wake the loop explicitly (eventfd, "
			 "timerfd) when there is work that is not an fd");
	}
	scd_finding_num(f, "timeout_ms", (double)row->v[1]);
	scd_finding_num(f, "calls", (double)calls);
	scd_finding_num(f, "empty_calls", (double)empty);
	scd_finding_num(f, "empty_share", (double)empty / (double)calls);
	scd_finding_num(f, "calls_per_s", (double)calls / secs);
	for (i = 0; i < w->n; i++)
		if (w->p[i].pid == row->v[0] && w->p[i].timeout == row->v[1] && w->p[i].calls)
			scd_finding_num(f, "avg_wait_us",
					(double)w->p[i].wait_ns / (double)w->p[i].calls / 1000.0);
}

static void timeout_findings(struct scd_diag_run *r, void *st)
{
	const struct scd_diag_cfg *cfg = scd_diag_cfg(r);
	const struct scd_ad_row **rows;
	size_t n = scd_diag_rows(r, &rows), i, k;

	/* Per (pid, timeout): calls and calls that returned no event. */
	for (i = 0; i < n; i++) {
		uint64_t calls = 0, empty = 0;
		bool first = true;

		if (rows[i]->v[1] == INT64_MIN || rows[i]->v[1] < 0 ||
		    rows[i]->v[1] > cfg->short_timeout_ms)
			continue;	/* unknown, infinite or long timeouts are fine */
		for (k = 0; k < n; k++) {
			if (rows[k]->v[0] != rows[i]->v[0] || rows[k]->v[1] != rows[i]->v[1])
				continue;
			if (k < i)
				first = false;
			calls += rows[k]->count;
			if (rows[k]->v[2] == 0)
				empty += rows[k]->count;
		}
		if (first && calls >= cfg->min_calls && empty &&
		    empty >= cfg->empty_share * (double)calls)
			timeout_finding(r, rows[i], st, calls, empty, rows[i]->v[1] == 0);
	}
	free(rows);
}

const struct scd_diag_ops scd_diag_epoll_timeout = {
	.id = "epoll.timeout",
	.syscalls = scd_epoll_syscalls,
	.table = &timeout_table,
	.state_size = sizeof(struct waits),
	.call = timeout_call,
	.findings = timeout_findings,
};
