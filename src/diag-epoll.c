// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * epoll diagnoses (seeds/syscall-diagnoses.md, "epoll"):
 *   epoll.maxevents  calls that return exactly maxevents: more fds ready than one call takes
 *   epoll.timeout    timeout 0 returning nothing (busy polling), short timeouts expiring
 *                    empty, the wake-up rate
 *   epoll.mode       edge- or level-triggered registrations (from /proc/PID/fdinfo/EPFD)
 *                    and hot level-triggered loops
 * epoll_pwait2 takes its timeout as a pointer to a timespec, which tracefs cannot follow: its
 * timeout is null in the tables.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "event.h"
#include "syscalls.h"

static const char *const epoll_syscalls[] = { "epoll_wait", "epoll_pwait", "epoll_pwait2", NULL };

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

static int32_t pid_of(const struct scd_call *c, const struct scd_task *t)
{
	return t ? t->tgid : c->tid;
}

static void maxevents_call(struct scd_diag_run *r, void *st, const struct scd_call *c,
			   const struct scd_task *t)
{
	int64_t v[4];

	(void)st;
	if (!c->has_enter || c->ret < 0)
		return;	/* failures go to the errors table */
	v[0] = pid_of(c, t);
	v[1] = (int32_t)c->args[0];
	v[2] = (int32_t)c->args[2];
	v[3] = v[2] - c->ret;
	scd_diag_row(r, v, 4, t ? t->comm : NULL);
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

	(void)st;
	/* Rows are (pid, epfd, maxevents, diff); total and full calls per (pid, epfd, maxevents). */
	for (i = 0; i < n; i++) {
		uint64_t calls = 0, full = 0;
		bool first = true;

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
		if (first && calls >= cfg->min_calls && full >= cfg->full_share * (double)calls) {
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
		}
	}
	free(rows);
}

const struct scd_diag_ops scd_diag_epoll_maxevents = {
	.id = "epoll.maxevents",
	.syscalls = epoll_syscalls,
	.table = &maxevents_table,
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

#define MAX_PROCS 256

/* Per process: calls and time waited, for the findings' evidence. */
struct waits {
	size_t n;
	struct {
		int32_t pid;
		uint64_t calls;
		uint64_t wait_ns;
	} p[MAX_PROCS];
};

static void add_wait(struct waits *w, int32_t pid, uint64_t ns)
{
	size_t i;

	for (i = 0; i < w->n && w->p[i].pid != pid; i++)
		;
	if (i == w->n) {
		if (w->n == MAX_PROCS)
			return;
		w->p[w->n++].pid = pid;
	}
	w->p[i].calls++;
	w->p[i].wait_ns += ns;
}

static void timeout_call(struct scd_diag_run *r, void *st, const struct scd_call *c,
			 const struct scd_task *t)
{
	int64_t v[3];

	if (!c->has_enter || c->ret < 0)
		return;
	v[0] = pid_of(c, t);
	/* epoll_pwait2 passes a struct timespec pointer: unknown here. */
	v[1] = c->nr == scd_syscall_nr("epoll_pwait2") ? INT64_MIN : (int32_t)c->args[3];
	v[2] = c->ret;
	scd_diag_row(r, v, 3, t ? t->comm : NULL);
	add_wait(st, (int32_t)v[0], c->ts_exit - c->ts_enter);
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
		if (w->p[i].pid == row->v[0] && w->p[i].calls)
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
		if (first && calls >= cfg->min_calls && empty >= cfg->empty_share * (double)calls)
			timeout_finding(r, rows[i], st, calls, empty, rows[i]->v[1] == 0);
	}
	free(rows);
}

const struct scd_diag_ops scd_diag_epoll_timeout = {
	.id = "epoll.timeout",
	.syscalls = epoll_syscalls,
	.table = &timeout_table,
	.state_size = sizeof(struct waits),
	.call = timeout_call,
	.findings = timeout_findings,
};

/* ---- epoll.mode: (comm, pid, epfd, edge_triggered, level_triggered) ---- */

static const struct scd_col mode_cols[] = {
	{ "comm", SCD_COL_COMM, 0 },
	{ "pid", SCD_COL_INT, 0 },
	{ "epfd", SCD_COL_INT, 1 },
	{ "edge_triggered", SCD_COL_INT_OR_NULL, 2 },
	{ "level_triggered", SCD_COL_INT_OR_NULL, 3 },
};

static const struct scd_table_def mode_table = {
	"epoll_mode", mode_cols, 5, false,
};

#define EPOLLET_BIT (1u << 31)
#define MAX_EPFDS 256

struct epfds {
	size_t n;
	struct {
		int32_t pid;
		int32_t epfd;
		int64_t et, lt;		/* registrations; INT64_MIN when fdinfo could not be read */
		uint64_t wakeups, events;	/* calls that returned events, and those events */
		char comm[16];
	} e[MAX_EPFDS];
};

/* One fdinfo line: "tfd:        5 events:       19 data: ..." (events in hex). */
static void count_line(const char *line, int64_t *et, int64_t *lt)
{
	const char *ev;
	unsigned int events;

	if (strncmp(line, "tfd:", 4))
		return;
	ev = strstr(line, "events:");
	if (!ev || sscanf(ev + 7, "%x", &events) != 1)
		return;
	if (events & EPOLLET_BIT)
		(*et)++;
	else
		(*lt)++;
}

/*
 * Counts the registered fds with and without EPOLLET in /proc/PID/fdinfo/EPFD, read in chunks:
 * a server's epoll set may hold many thousand fds, one line of ~80 bytes each.
 */
static void read_mode(int32_t pid, int32_t epfd, int64_t *et, int64_t *lt)
{
	char file[64], buf[4096], *line, *nl;
	size_t have = 0;
	ssize_t n;
	int fd;

	*et = *lt = INT64_MIN;
	snprintf(file, sizeof(file), "/proc/%d/fdinfo/%d", (int)pid, (int)epfd);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	*et = *lt = 0;
	while ((n = read(fd, buf + have, sizeof(buf) - 1 - have)) > 0) {
		have += (size_t)n;
		buf[have] = 0;
		for (line = buf; (nl = strchr(line, '\n')); line = nl + 1) {
			*nl = 0;
			count_line(line, et, lt);
		}
		have -= (size_t)(line - buf);
		memmove(buf, line, have);
		if (have == sizeof(buf) - 1)
			have = 0;	/* a line longer than the buffer: not a tfd line */
	}
	buf[have] = 0;
	count_line(buf, et, lt);
	if (n < 0)
		*et = *lt = INT64_MIN;
	close(fd);
}

static void mode_call(struct scd_diag_run *r, void *st, const struct scd_call *c,
		      const struct scd_task *t)
{
	struct epfds *s = st;
	int32_t pid = pid_of(c, t), epfd;
	size_t i;

	/* A failed call may name no epoll fd at all (EBADF, EINVAL): no row for it. */
	if (!c->has_enter || c->ret < 0)
		return;
	epfd = (int32_t)c->args[0];
	for (i = 0; i < s->n && (s->e[i].pid != pid || s->e[i].epfd != epfd); i++)
		;
	if (i == s->n) {
		int64_t v[4] = { pid, epfd, 0, 0 };

		if (s->n == MAX_EPFDS)
			return;
		s->n++;
		s->e[i].pid = pid;
		s->e[i].epfd = epfd;
		snprintf(s->e[i].comm, sizeof(s->e[i].comm), "%s", t ? t->comm : "?");
		read_mode(pid, epfd, &s->e[i].et, &s->e[i].lt);
		v[2] = s->e[i].et;
		v[3] = s->e[i].lt;
		scd_diag_row(r, v, 4, t ? t->comm : NULL);
	}
	/* Only calls that returned events are wake-ups: empty ones are epoll.timeout's. */
	if (c->ret > 0) {
		s->e[i].wakeups++;
		s->e[i].events += (uint64_t)c->ret;
	}
}

static void mode_findings(struct scd_diag_run *r, void *st)
{
	const struct scd_diag_cfg *cfg = scd_diag_cfg(r);
	double secs = scd_diag_duration(r) > 0 ? scd_diag_duration(r) : 1;
	struct epfds *s = st;
	size_t i;

	for (i = 0; i < s->n; i++) {
		double rate = (double)s->e[i].wakeups / secs;
		double per_call = s->e[i].wakeups ? (double)s->e[i].events /
			(double)s->e[i].wakeups : 0;
		struct scd_finding *f;

		/* A hot loop over level-triggered fds: many wake-ups, about one event each. */
		if (s->e[i].lt <= 0 || s->e[i].wakeups < cfg->min_calls || rate < cfg->rate ||
		    per_call > 1.0)
			continue;
		f = scd_diag_finding(r, SCD_SEV_WARNING, s->e[i].pid, s->e[i].comm);
		snprintf(f->summary, sizeof(f->summary),
			 "hot level-triggered loop on epoll fd %d: %.0f wake-ups per second, %.2f "
			 "events each, %lld of %lld fds level-triggered", s->e[i].epfd, rate, per_call,
			 (long long)s->e[i].lt, (long long)(s->e[i].lt + s->e[i].et));
		snprintf(f->advice, sizeof(f->advice),
			 "a level-triggered fd that is not drained wakes every epoll_wait again: "
			 "read until EAGAIN, or register it with EPOLLET (edge-triggered)");
		scd_finding_num(f, "epfd", s->e[i].epfd);
		scd_finding_num(f, "level_triggered", (double)s->e[i].lt);
		scd_finding_num(f, "edge_triggered", (double)s->e[i].et);
		scd_finding_num(f, "wakeups_per_s", rate);
		scd_finding_num(f, "events_per_wakeup", per_call);
	}
}

const struct scd_diag_ops scd_diag_epoll_mode = {
	.id = "epoll.mode",
	.syscalls = epoll_syscalls,
	.table = &mode_table,
	.state_size = sizeof(struct epfds),
	.call = mode_call,
	.findings = mode_findings,
};
