// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Off-CPU reports (see report-offcpu.h). Times are printed in microseconds, as offcputime
 * does, truncated from the nanoseconds the analyzer sums. The kernel part of a sched_switch
 * callchain starts inside the tracing code (perf's tracepoint handler, __traceiter_*); those
 * frames say nothing about why the thread blocked and are dropped up to the scheduler.
 */
#include "config.h"

#include <string.h>

#include "json.h"
#include "report-offcpu.h"
#include "sysname.h"
#include "text.h"

static bool tracing_frame(const char *name)
{
	return !strncmp(name, "__traceiter_", 12) || !strncmp(name, "perf_", 5) ||
	       !strncmp(name, "__perf_", 7) || !strncmp(name, "trace_", 6) ||
	       !strncmp(name, "__bpf_trace_", 12);
}

void scd_offcpu_frames(const struct scd_offcpu_row *row, const struct scd_stacks *stacks,
		       const struct scd_offcpu_namer *nm, const char **k, size_t *nk,
		       const char **u, size_t *nu)
{
	const uint64_t *ips;
	uint32_t n, i, skip = 0;

	*nk = *nu = 0;
	ips = scd_stacks_get(stacks, row->k.kstack, &n);
	for (i = 0; i < n && *nk < SCD_OFFCPU_MAX_FRAMES; i++)
		k[(*nk)++] = nm->kframe(ips[i], nm->ctx);
	/* Drop the leading tracing frames, but only when the scheduler follows them. */
	while (skip < *nk && tracing_frame(k[skip]))
		skip++;
	if (skip && skip < *nk) {
		memmove(k, k + skip, (*nk - skip) * sizeof(*k));
		*nk -= skip;
	}
	ips = scd_stacks_get(stacks, row->k.ustack, &n);
	for (i = 0; i < n && *nu < SCD_OFFCPU_MAX_FRAMES; i++)
		u[(*nu)++] = nm->uframe(row->k.tgid, ips[i], nm->ctx);
}

bool scd_offcpu_ustack_complete(const char *const *u, size_t n)
{
	/* main counts: its caller is libc's start code, which has no frame pointer. */
	static const char *const roots[] = {
		"_start", "__libc_start_main", "__libc_start_call_main", "clone", "clone3",
		"__clone", "__clone3", "start_thread", "main",
	};
	size_t i, j;

	for (j = n; j-- > 0;)
		for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
			if (!strcmp(u[j], roots[i]))
				return true;
	return false;
}

static size_t shown(size_t n, size_t top)
{
	return top && top < n ? top : n;
}

void scd_report_offcpu_text(FILE *f, struct scd_offcpu *a, const struct scd_stacks *stacks,
			    const struct scd_offcpu_namer *nm, const struct scd_offcpu_meta *m)
{
	const char *k[SCD_OFFCPU_MAX_FRAMES], *u[SCD_OFFCPU_MAX_FRAMES];
	const struct scd_offcpu_row *rows;
	char comm[16];
	size_t n, nk, nu, i, j;

	if (m->header)
		fprintf(f, "%s\n", m->header);
	rows = scd_offcpu_rows(a, &n);
	/* The top rows (largest first), printed smallest first as offcputime does: the largest
	 * ends up next to the prompt. */
	for (i = shown(n, m->top); i-- > 0;) {
		const struct scd_offcpu_row *r = &rows[i];

		if (m->stacks) {
			scd_offcpu_frames(r, stacks, nm, k, &nk, u, &nu);
			if (m->kernel)
				for (j = 0; j < nk; j++)
					fprintf(f, "    %s\n", k[j]);
			if (m->kernel && m->user && m->delimited && nk && nu)
				fprintf(f, "    --\n");
			if (m->user)
				for (j = 0; j < nu; j++)
					fprintf(f, "    %s\n", u[j]);
		}
		fprintf(f, "    %-16s %s (%d)\n", "-", scd_tty_safe(r->k.comm, comm, sizeof(comm)),
			(int)r->k.tid);
		fprintf(f, "        %llu\n\n", (unsigned long long)(r->total_ns / 1000));
	}
	scd_report_offcpu_tables(f, a, m);
	scd_report_offcpu_summary(f, m);
}

static void ms(char *buf, size_t len, uint64_t ns)
{
	snprintf(buf, len, "%.3f", (double)ns / 1e6);
}

void scd_report_offcpu_tables(FILE *f, struct scd_offcpu *a, const struct scd_offcpu_meta *m)
{
	const struct scd_offcpu_thread *th;
	const struct scd_offcpu_sys *sy;
	char comm[16], c[5][32], name[32];
	size_t n, i;

	th = scd_offcpu_threads(a, &n);
	fprintf(f, "Off-CPU time per thread (ms):\n");
	fprintf(f, "%-8s %-8s %-16s %12s %12s %12s %12s %8s %12s\n", "TID", "PID", "COMM",
		"TOTAL", "S", "D", "OTHER", "BLOCKS", "LONGEST");
	for (i = 0; i < shown(n, m->top); i++) {
		ms(c[0], sizeof(c[0]), th[i].total_ns);
		ms(c[1], sizeof(c[1]), th[i].cls_ns[SCD_CLS_S]);
		ms(c[2], sizeof(c[2]), th[i].cls_ns[SCD_CLS_D]);
		ms(c[3], sizeof(c[3]), th[i].cls_ns[SCD_CLS_OTHER] + th[i].cls_ns[SCD_CLS_R]);
		ms(c[4], sizeof(c[4]), th[i].max_ns);
		fprintf(f, "%-8d %-8d %-16s %12s %12s %12s %12s %8llu %12s\n", (int)th[i].tid,
			(int)th[i].tgid, scd_tty_safe(th[i].comm, comm, sizeof(comm)), c[0], c[1],
			c[2], c[3], (unsigned long long)th[i].blocks, c[4]);
	}
	if (!n)
		fprintf(f, "(no off-CPU blocks)\n");
	if (!m->syscalls)
		return;
	sy = scd_offcpu_syscalls(a, &n);
	fprintf(f, "\nOff-CPU time per syscall (ms; the syscall each block happened in):\n");
	fprintf(f, "%-8s %-16s %-16s %6s %12s %8s %12s\n", "PID", "COMM", "SYSCALL", "FD",
		"TOTAL", "BLOCKS", "LONGEST");
	for (i = 0; i < shown(n, m->top); i++) {
		const char *sn = sy[i].nr < 0 ? "(none)" : scd_sysname(sy[i].nr, name, sizeof(name));
		char fd[24] = "-";

		if (sy[i].fd >= 0 && sy[i].fd < (1 << 30))
			snprintf(fd, sizeof(fd), "%lld", (long long)sy[i].fd);
		ms(c[0], sizeof(c[0]), sy[i].total_ns);
		ms(c[1], sizeof(c[1]), sy[i].max_ns);
		fprintf(f, "%-8d %-16s %-16s %6s %12s %8llu %12s\n", (int)sy[i].tgid,
			scd_tty_safe(sy[i].comm, comm, sizeof(comm)), sn, fd, c[0],
			(unsigned long long)sy[i].blocks, c[1]);
	}
}

void scd_report_offcpu_summary(FILE *f, const struct scd_offcpu_meta *m)
{
	const struct scd_offcpu_stats *st = m->st;

	fprintf(f, "\nBlocks: %llu counted", (unsigned long long)st->blocks);
	if (st->filtered)
		fprintf(f, ", %llu outside -m/-M", (unsigned long long)st->filtered);
	if (st->dropped_gap)
		fprintf(f, ", %llu dropped at lost events", (unsigned long long)st->dropped_gap);
	if (st->closed_at_wakeup)
		fprintf(f, ", %llu of them ended at their wakeup (switch-in not traced)",
			(unsigned long long)st->closed_at_wakeup);
	if (st->dropped_reout)
		fprintf(f, ", %llu dropped (switch-in not seen)",
			(unsigned long long)st->dropped_reout);
	if (st->open_at_end)
		fprintf(f, ", %llu still off CPU at the end (longest %.3f ms, not counted)",
			(unsigned long long)st->open_at_end, (double)st->open_max_ns / 1e6);
	fprintf(f, "\n");
	if (m->stacks && m->frames) {
		fprintf(f, "Frames: %llu named, %llu unresolved (%.1f%%)",
			(unsigned long long)m->frames, (unsigned long long)m->unresolved,
			100.0 * (double)m->unresolved / (double)m->frames);
		if (m->debug_files)
			fprintf(f, "; symbols of %llu stripped file(s) from their debug files",
				(unsigned long long)m->debug_files);
		fputc('\n', f);
	}
	if (m->stacks && m->user && m->ustacks)
		fprintf(f, "User stacks: %llu of %llu do not reach main/_start/clone (the walk "
			"stops in code without frame pointers%s)\n",
			(unsigned long long)m->ustacks_cut, (unsigned long long)m->ustacks,
			m->ustacks_copied ? " that .eh_frame and --stack-copy did not cover" : "");
	if (m->stacks && m->user && m->ustacks_copied)
		fprintf(f, "User stacks completed from .eh_frame through code without frame "
			"pointers: %llu of %llu samples\n", (unsigned long long)m->ustacks_unwound,
			(unsigned long long)m->ustacks_copied);
	if (m->stacks && m->user && m->stack_copy_refused)
		fprintf(f, "User stack copy refused by this kernel (EINVAL): frame-pointer stacks "
			"only\n");
	if (m->chains_full)
		fprintf(f, "Callchains cut at --stack-depth: %llu\n",
			(unsigned long long)m->chains_full);
	if (!m->stacks)
		fprintf(f, "No stacks: sched_switch came from tracefs (perf_event_open was not "
			"usable)\n");
	fprintf(f, "Lost events: %llu\n", m->lost);
}

/* A folded-stack frame: ';' separates frames and a newline ends the line. */
static void folded_frame(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == ';' || *s == '\n' || (unsigned char)*s < 0x20 ? '_' : *s, f);
}

void scd_report_offcpu_folded(FILE *f, struct scd_offcpu *a, const struct scd_stacks *stacks,
			      const struct scd_offcpu_namer *nm, const struct scd_offcpu_meta *m)
{
	const char *k[SCD_OFFCPU_MAX_FRAMES], *u[SCD_OFFCPU_MAX_FRAMES];
	const struct scd_offcpu_row *rows;
	size_t n, nk, nu, i, j;

	rows = scd_offcpu_rows(a, &n);
	for (i = 0; i < shown(n, m->top); i++) {
		const struct scd_offcpu_row *r = &rows[i];

		if (r->total_ns < 1000)
			continue;	/* 0 us: flame graph tools reject a zero count */
		folded_frame(f, r->k.comm);
		scd_offcpu_frames(r, stacks, nm, k, &nk, u, &nu);
		if (m->user)
			for (j = nu; j-- > 0;) {
				fputc(';', f);
				folded_frame(f, u[j]);
			}
		if (m->kernel && m->user && m->delimited && nk && nu)
			fputs(";-", f);
		if (m->kernel)
			for (j = nk; j-- > 0;) {
				fputc(';', f);
				folded_frame(f, k[j]);
			}
		fprintf(f, " %llu\n", (unsigned long long)(r->total_ns / 1000));
	}
}

static void json_frames(struct scd_json *j, const char *key, const char **v, size_t n)
{
	size_t i;

	scd_json_arr(j, key);
	for (i = 0; i < n; i++)
		scd_json_str(j, NULL, v[i]);
	scd_json_arr_end(j);
}

static void json_stacks(struct scd_json *j, struct scd_offcpu *a, const struct scd_stacks *stacks,
			const struct scd_offcpu_namer *nm, const struct scd_offcpu_meta *m)
{
	const char *k[SCD_OFFCPU_MAX_FRAMES], *u[SCD_OFFCPU_MAX_FRAMES];
	const struct scd_offcpu_row *rows;
	size_t n, nk, nu, i;

	rows = scd_offcpu_rows(a, &n);
	scd_json_arr(j, "stacks");
	for (i = 0; i < shown(n, m->top); i++) {
		scd_json_obj(j, NULL);
		scd_json_i64(j, "tid", rows[i].k.tid);
		scd_json_i64(j, "pid", rows[i].k.tgid);
		scd_json_str(j, "comm", rows[i].k.comm);
		scd_json_u64(j, "total_us", rows[i].total_ns / 1000);
		scd_json_u64(j, "blocks", rows[i].blocks);
		scd_offcpu_frames(&rows[i], stacks, nm, k, &nk, u, &nu);
		json_frames(j, "kernel", k, m->kernel ? nk : 0);
		json_frames(j, "user", u, m->user ? nu : 0);
		scd_json_obj_end(j);
	}
	scd_json_arr_end(j);
}

static void json_threads(struct scd_json *j, struct scd_offcpu *a, const struct scd_offcpu_meta *m)
{
	const struct scd_offcpu_thread *th;
	size_t n, i;

	th = scd_offcpu_threads(a, &n);
	scd_json_arr(j, "threads");
	for (i = 0; i < shown(n, m->top); i++) {
		scd_json_obj(j, NULL);
		scd_json_i64(j, "tid", th[i].tid);
		scd_json_i64(j, "pid", th[i].tgid);
		scd_json_str(j, "comm", th[i].comm);
		scd_json_u64(j, "total_us", th[i].total_ns / 1000);
		scd_json_u64(j, "s_us", th[i].cls_ns[SCD_CLS_S] / 1000);
		scd_json_u64(j, "d_us", th[i].cls_ns[SCD_CLS_D] / 1000);
		scd_json_u64(j, "other_us",
			     (th[i].cls_ns[SCD_CLS_OTHER] + th[i].cls_ns[SCD_CLS_R]) / 1000);
		scd_json_u64(j, "blocks", th[i].blocks);
		scd_json_u64(j, "longest_us", th[i].max_ns / 1000);
		scd_json_obj_end(j);
	}
	scd_json_arr_end(j);
}

static void json_syscalls(struct scd_json *j, struct scd_offcpu *a,
			  const struct scd_offcpu_meta *m)
{
	const struct scd_offcpu_sys *sy;
	char name[32];
	size_t n, i;

	sy = scd_offcpu_syscalls(a, &n);
	scd_json_arr(j, "syscalls");
	for (i = 0; i < shown(n, m->top); i++) {
		scd_json_obj(j, NULL);
		scd_json_i64(j, "pid", sy[i].tgid);
		scd_json_str(j, "comm", sy[i].comm);
		if (sy[i].nr < 0)
			scd_json_null(j, "syscall");
		else
			scd_json_str(j, "syscall", scd_sysname(sy[i].nr, name, sizeof(name)));
		if (sy[i].fd >= 0 && sy[i].fd < (1 << 30))
			scd_json_i64(j, "fd", sy[i].fd);
		else
			scd_json_null(j, "fd");
		scd_json_u64(j, "total_us", sy[i].total_ns / 1000);
		scd_json_u64(j, "blocks", sy[i].blocks);
		scd_json_u64(j, "longest_us", sy[i].max_ns / 1000);
		scd_json_obj_end(j);
	}
	scd_json_arr_end(j);
}

static void json_stats(struct scd_json *j, const struct scd_offcpu_meta *m)
{
	const struct scd_offcpu_stats *st = m->st;

	scd_json_obj(j, "blocks");
	scd_json_u64(j, "counted", st->blocks);
	scd_json_u64(j, "filtered", st->filtered);
	scd_json_u64(j, "dropped_lost", st->dropped_gap);
	scd_json_u64(j, "ended_at_wakeup", st->closed_at_wakeup);
	scd_json_u64(j, "dropped_no_switch_in", st->dropped_reout);
	scd_json_u64(j, "exited", st->dropped_exit);
	scd_json_u64(j, "open_at_end", st->open_at_end);
	scd_json_obj_end(j);
	scd_json_obj(j, "frames");
	scd_json_u64(j, "named", m->frames);
	scd_json_u64(j, "unresolved", m->unresolved);
	scd_json_u64(j, "from_debug_files", m->debug_files);
	scd_json_u64(j, "user_stacks", m->ustacks);
	scd_json_u64(j, "user_stacks_cut", m->ustacks_cut);
	scd_json_u64(j, "chains_full", m->chains_full);
	scd_json_u64(j, "user_samples_copied", m->ustacks_copied);
	scd_json_u64(j, "user_samples_unwound", m->ustacks_unwound);
	scd_json_obj_end(j);
}

void scd_report_offcpu_json(FILE *f, struct scd_offcpu *a, const struct scd_stacks *stacks,
			    const struct scd_offcpu_namer *nm, const struct scd_offcpu_meta *m)
{
	struct scd_json j;

	scd_json_init(&j, f);
	scd_json_obj(&j, NULL);
	scd_json_str(&j, "command", "offcpu");
	scd_json_str(&j, "source", m->backend);
	scd_json_bool(&j, "stacks_available", m->stacks);
	scd_json_dbl(&j, "duration_s", m->duration_s);
	scd_json_u64(&j, "lost_events", m->lost);
	json_threads(&j, a, m);
	json_stacks(&j, a, stacks, nm, m);
	if (m->syscalls)
		json_syscalls(&j, a, m);
	json_stats(&j, m);
	scd_json_obj_end(&j);
	scd_json_end(&j);
}
