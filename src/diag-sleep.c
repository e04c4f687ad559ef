// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sleep diagnosis (seeds/syscall-diagnoses.md, "Nanosleep"):
 *   sleep.interrupted  nanosleep and clock_nanosleep: (comm, pid, syscall, result) -> count,
 *                      the time actually slept as a log2 histogram per process and syscall;
 *                      findings for sleeps cut short by signals and for tight sleep loops.
 * The requested time is a struct timespec behind a pointer that tracefs does not follow, so
 * only the time slept (exit minus enter) is known. Thresholds are inclusive: a share or a
 * rate equal to its option gives a finding.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "errnos.h"
#include "event.h"
#include "syscalls.h"

static const char *const sleep_syscalls[] = { "nanosleep", "clock_nanosleep", NULL };

static const struct scd_col sleep_cols[] = {
	{ "comm", SCD_COL_COMM, 0 },
	{ "pid", SCD_COL_INT, 0 },
	{ "syscall", SCD_COL_SYSCALL, 1 },
	{ "result", SCD_COL_RESULT, 2 },
};

static const struct scd_table_def sleep_table = {
	"sleep_ret", sleep_cols, sizeof(sleep_cols) / sizeof(sleep_cols[0]), true,
};

#define MAX_SLEEPERS 256
#define SLEPT_SLOTS 40		/* log2 of microseconds; the last slot takes everything longer */

/* Kernel-internal restart codes (include/linux/errno.h); never seen by user space. */
#define ERESTARTSYS		512
#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514
#define ERESTART_RESTARTBLOCK	516

struct sleeper {
	int32_t pid;
	int32_t nr;
	char comm[16];
	uint64_t calls;
	uint64_t eintr;
	uint64_t paired;		/* calls with an enter: slept time known */
	uint64_t short_calls;		/* paired calls shorter than one period of cfg->rate */
	uint64_t slept_ns;
	uint64_t hist[SLEPT_SLOTS];	/* slept time, log2 us (0 and 1 us in slot 0) */
};

struct sleep_state {
	int nr_clock;			/* clock_nanosleep's number, resolved at the first call */
	bool init;
	size_t n;
	struct sleeper s[MAX_SLEEPERS];
};

/*
 * The errno of a sleep. The sys_exit tracepoint fires before signal delivery, so a sleep
 * cut short by a signal exits with -ERESTART_RESTARTBLOCK (or another restart code), not
 * -EINTR: the kernel turns it into EINTR when a handler runs, and resumes the sleep through
 * restart_syscall when none does (stop/continue, ptrace). Either way the sleep was
 * interrupted, so the restart codes count as EINTR. glibc's clock_nanosleep() returns its
 * errno as a positive number; the syscall itself returns -errno like the others, but a
 * positive value is taken as the errno too.
 */
static int sleep_errno(const struct sleep_state *s, const struct scd_call *c)
{
	int err = scd_ret_errno(c->ret);

	if (c->nr == s->nr_clock && c->ret > 0 && c->ret <= SCD_ERRNO_MAX)
		err = (int)c->ret;
	if (err == ERESTARTSYS || err == ERESTARTNOINTR || err == ERESTARTNOHAND ||
	    err == ERESTART_RESTARTBLOCK)
		err = EINTR;
	return err;
}

static unsigned int slot_of(uint64_t us)
{
	unsigned int k = 0;

	while (us > 1 && k + 1 < SLEPT_SLOTS) {
		us >>= 1;
		k++;
	}
	return k;
}

static struct sleeper *sleeper_of(struct sleep_state *s, int32_t pid, int32_t nr,
				  const char *comm)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->s[i].pid == pid && s->s[i].nr == nr)
			return &s->s[i];
	if (s->n == MAX_SLEEPERS)
		return NULL;
	s->s[s->n].pid = pid;
	s->s[s->n].nr = nr;
	snprintf(s->s[s->n].comm, sizeof(s->s[s->n].comm), "%s", comm ? comm : "?");
	return &s->s[s->n++];
}

static void sleep_call(struct scd_diag_run *r, void *st, const struct scd_call *c,
		       const struct scd_task *t)
{
	const struct scd_diag_cfg *cfg = scd_diag_cfg(r);
	struct sleep_state *s = st;
	struct sleeper *p;
	int64_t v[3];
	int err;

	if (!s->init) {
		s->nr_clock = scd_syscall_nr("clock_nanosleep");
		s->init = true;
	}
	err = sleep_errno(s, c);
	v[0] = t ? t->tgid : c->tid;
	v[1] = c->nr;
	v[2] = err;
	scd_diag_row(r, v, 3, t ? t->comm : NULL);
	p = sleeper_of(s, (int32_t)v[0], c->nr, t ? t->comm : NULL);
	if (!p)
		return;
	p->calls++;
	if (err == EINTR)
		p->eintr++;
	if (c->has_enter && c->ts_exit >= c->ts_enter) {
		uint64_t ns = c->ts_exit - c->ts_enter;

		p->paired++;
		p->slept_ns += ns;
		p->hist[slot_of(ns / 1000)]++;
		if (cfg->rate <= 0 || (double)ns < 1e9 / cfg->rate)
			p->short_calls++;
	}
}

/* The log2 slot holding the median slept time, as "LOW-HIGH" microseconds. */
static void median_slept(const struct sleeper *p, char *buf, size_t len)
{
	uint64_t sum = 0;
	unsigned int k;

	for (k = 0; k < SLEPT_SLOTS; k++) {
		sum += p->hist[k];
		if (2 * sum >= p->paired)
			break;
	}
	if (k == 0)
		snprintf(buf, len, "0-1");
	else if (k + 1 == SLEPT_SLOTS)
		snprintf(buf, len, "%llu-", 1ull << k);
	else
		snprintf(buf, len, "%llu-%llu", 1ull << k, (1ull << (k + 1)) - 1);
}

/*
 * Evidence both findings share: what is known of the time slept, and what is not. @avg:
 * room for the average too (a finding holds SCD_FINDING_MAXEV values).
 */
static void slept_evidence(struct scd_finding *f, const struct sleeper *p, bool avg)
{
	char med[48];

	if (p->paired) {
		median_slept(p, med, sizeof(med));
		scd_finding_str(f, "median_slept_us", med);
		if (avg)
			scd_finding_num(f, "avg_slept_us",
					(double)p->slept_ns / (double)p->paired / 1000.0);
	}
	scd_finding_str(f, "requested", "unknown (a timespec pointer tracefs cannot follow)");
}

static void eintr_finding(struct scd_diag_run *r, const struct sleeper *p, const char *name,
			  double secs)
{
	struct scd_finding *f = scd_diag_finding(r, SCD_SEV_WARNING, p->pid, p->comm);
	double share = (double)p->eintr / (double)p->calls;

	snprintf(f->summary, sizeof(f->summary),
		 "%llu of %llu %s calls (%.0f%%) were interrupted by a signal, %.1f per second: "
		 "these sleeps ended early", (unsigned long long)p->eintr,
		 (unsigned long long)p->calls, name, 100.0 * share, (double)p->eintr / secs);
	snprintf(f->advice, sizeof(f->advice),
		 "SA_RESTART does not restart sleeps: resume with the remaining time (the rem "
		 "argument) or sleep to a fixed deadline with clock_nanosleep(TIMER_ABSTIME); or "
		 "block the signal in this thread (pthread_sigmask) and take it with signalfd");
	scd_finding_str(f, "problem", "interrupted");
	scd_finding_str(f, "syscall", name);
	scd_finding_num(f, "calls", (double)p->calls);
	scd_finding_num(f, "interrupted", (double)p->eintr);
	scd_finding_num(f, "interrupted_share", share);
	scd_finding_num(f, "interrupted_per_s", (double)p->eintr / secs);
	slept_evidence(f, p, false);
}

static void tight_finding(struct scd_diag_run *r, const struct sleeper *p, const char *name,
			  double secs)
{
	struct scd_finding *f = scd_diag_finding(r, SCD_SEV_WARNING, p->pid, p->comm);
	double avg_us = (double)p->slept_ns / (double)p->paired / 1000.0;
	double rate = scd_diag_cfg(r)->rate;

	snprintf(f->summary, sizeof(f->summary),
		 "tight sleep loop: %.0f %s calls per second (%llu calls), %.0f%% of them shorter "
		 "than %.0f us, %.1f us slept on average", (double)p->calls / secs, name,
		 (unsigned long long)p->calls, 100.0 * (double)p->short_calls / (double)p->paired,
		 rate > 0 ? 1e6 / rate : 0, avg_us);
	snprintf(f->advice, sizeof(f->advice),
		 "each short sleep is a syscall and a timer wake-up for nothing: sleep longer, use "
		 "a timerfd for periodic work, or block on the event itself (a condition variable "
		 "or futex, an eventfd or pipe in poll/epoll) instead of polling between sleeps");
	scd_finding_str(f, "problem", "tight_loop");
	scd_finding_str(f, "syscall", name);
	scd_finding_num(f, "calls", (double)p->calls);
	scd_finding_num(f, "calls_per_s", (double)p->calls / secs);
	scd_finding_num(f, "short_share", (double)p->short_calls / (double)p->paired);
	slept_evidence(f, p, true);
}

static void sleep_findings(struct scd_diag_run *r, void *st)
{
	const struct scd_diag_cfg *cfg = scd_diag_cfg(r);
	double secs = scd_diag_duration(r) > 0 ? scd_diag_duration(r) : 1;
	struct sleep_state *s = st;
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct sleeper *p = &s->s[i];
		const char *name = scd_syscall_name(p->nr);

		if (!name)
			name = "?";
		if ((double)p->calls < cfg->min_calls || !p->calls)
			continue;
		/* Ratios, not products: 7 / 10 is exactly the double 0.7, 0.7 * 10 is not 7. */
		if ((double)p->eintr / (double)p->calls >= cfg->eintr_share && p->eintr)
			eintr_finding(r, p, name, secs);
		if ((double)p->calls / secs >= cfg->rate && p->paired &&
		    (double)p->short_calls / (double)p->paired >= cfg->empty_share &&
		    p->short_calls)
			tight_finding(r, p, name, secs);
	}
}

const struct scd_diag_ops scd_diag_sleep_interrupted = {
	.id = "sleep.interrupted",
	.syscalls = sleep_syscalls,
	.table = &sleep_table,
	.state_size = sizeof(struct sleep_state),
	.call = sleep_call,
	.findings = sleep_findings,
};
