// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * epoll.mode (seeds/syscall-diagnoses.md, "Need to run in ET"): for each epoll set seen,
 * its registrations with and without EPOLLET from /proc/PID/fdinfo/EPFD, and the finding
 * of a hot level-triggered loop (many wake-ups, about one event each).
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "diag-epoll.h"

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
void scd_epoll_registrations(int32_t pid, int32_t epfd, int64_t *et, int64_t *lt)
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
	int32_t pid = scd_epoll_pid(c, t), epfd;
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
		scd_epoll_registrations(pid, epfd, &s->e[i].et, &s->e[i].lt);
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
	.syscalls = scd_epoll_syscalls,
	.table = &mode_table,
	.state_size = sizeof(struct epfds),
	.call = mode_call,
	.findings = mode_findings,
};
