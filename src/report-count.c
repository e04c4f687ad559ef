// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Count reports (see report-count.h). The text layout follows BCC/libbpf-tools syscount:
 * an optional [HH:MM:SS] line, a header with units, one row per syscall (or per process with
 * -P), top N by count or, with latency, by total time. We add the ERRORS column, errno
 * breakdown rows (-E), latency histograms (-H) and, always, the number of lost events.
 */
#include "config.h"

#include <inttypes.h>

#include "errnos.h"
#include "hist.h"
#include "json.h"
#include "report-count.h"
#include "sysname.h"
#include "text.h"

static double in_unit(uint64_t ns, bool ms)
{
	return (double)ns / (ms ? 1e6 : 1e3);
}

static void latency_cols(FILE *f, uint64_t timed, uint64_t total, uint64_t max, bool ms)
{
	fprintf(f, " %13.3f %13.3f %13.3f", in_unit(total, ms),
		timed ? in_unit(total / timed, ms) : 0.0, in_unit(max, ms));
}

static void latency_hdr(FILE *f, bool ms)
{
	const char *u = ms ? "ms" : "us";

	fprintf(f, " %8s (%s) %8s (%s) %8s (%s)", "TOTAL", u, "AVG", u, "MAX", u);
}

static void errno_rows(FILE *f, const struct scd_count_sys *s)
{
	int e;

	if (!s->errnos)
		return;
	for (e = 1; e < SCD_MAX_ERRNO; e++) {
		const char *name;
		char buf[16];

		if (!s->errnos[e])
			continue;
		name = scd_errno_name(e);
		if (!name) {
			snprintf(buf, sizeof(buf), "errno_%d", e);
			name = buf;
		}
		fprintf(f, "  %-20s %8" PRIu64 "\n", name, s->errnos[e]);
	}
}

static void sys_table(FILE *f, const struct scd_count_cfg *cfg, const struct scd_count_view *v,
		      bool ms)
{
	size_t i;

	fprintf(f, "%-22s %8s %8s", "SYSCALL", "COUNT", "ERRORS");
	if (cfg->latency)
		latency_hdr(f, ms);
	fputc('\n', f);
	for (i = 0; i < v->nsys; i++) {
		const struct scd_count_sys *s = v->sys[i];
		char buf[32];

		fprintf(f, "%-22s %8" PRIu64 " %8" PRIu64, scd_sysname(s->nr, buf, sizeof(buf)),
			s->count, s->errors);
		if (cfg->latency)
			latency_cols(f, s->timed, s->total_ns, s->max_ns, ms);
		fputc('\n', f);
		if (cfg->errno_breakdown)
			errno_rows(f, s);
	}
}

static void proc_table(FILE *f, const struct scd_count_cfg *cfg, const struct scd_count_view *v,
		       bool ms)
{
	size_t i;

	fprintf(f, "%-7s %-16s %8s %8s", "PID", "COMM", "COUNT", "ERRORS");
	if (cfg->latency)
		latency_hdr(f, ms);
	fputc('\n', f);
	for (i = 0; i < v->nproc; i++) {
		const struct scd_count_proc *p = v->proc[i];
		char comm[16];

		/* comm may hold control bytes: never let them reach a terminal. */
		fprintf(f, "%-7d %-16s %8" PRIu64 " %8" PRIu64, p->pid,
			scd_tty_safe(p->comm, comm, sizeof(comm)), p->count, p->errors);
		if (cfg->latency)
			latency_cols(f, p->timed, p->total_ns, p->max_ns, ms);
		fputc('\n', f);
	}
}

static void verbose_lines(FILE *f, const struct scd_count_meta *m)
{
	const struct scd_pair_stats *p = m->pair;

	if (!p)
		return;
	fprintf(f, "Source: %s; exits without enter: %" PRIu64 "; enters in flight: %zu; "
		"enters replaced: %" PRIu64 "; dropped after lost events: %" PRIu64
		"; exit/exit_group: %" PRIu64 "\n",
		m->backend ? m->backend : "?", p->exits_without_enter, m->in_flight,
		p->enters_replaced + p->nr_mismatch, p->dropped_on_gap, p->noreturn);
	fprintf(f, "Reader: %" PRIu64 " events in %.3f CPU-s (%.1f M events per CPU-second), "
		"%" PRIu64 " out of time order\n", m->events, m->cpu_s,
		m->cpu_s > 0 ? (double)m->events / m->cpu_s / 1e6 : 0.0, m->late);
}

void scd_report_count_text(FILE *f, const struct scd_count *c, const struct scd_count_view *v,
			   const struct scd_count_meta *m)
{
	const struct scd_count_cfg *cfg = scd_count_get_cfg(c);
	size_t i;

	if (m->time)
		fprintf(f, "[%s]\n", m->time);
	if (cfg->per_process)
		proc_table(f, cfg, v, m->ms);
	else
		sys_table(f, cfg, v, m->ms);
	if (cfg->hist) {
		for (i = 0; i < v->nsys; i++) {
			char buf[32];

			if (!v->sys[i]->hist)
				continue;
			fprintf(f, "\n%s latency:\n", scd_sysname(v->sys[i]->nr, buf, sizeof(buf)));
			scd_hist_print(f, v->sys[i]->hist, SCD_HIST_SLOTS, m->ms ? "msecs" : "usecs",
				       SCD_HIST_LIBBPF);
		}
	}
	fprintf(f, "Lost events: %llu\n", m->lost);
	if (m->verbose)
		verbose_lines(f, m);
}

static void json_sys(struct scd_json *j, const struct scd_count_cfg *cfg,
		     const struct scd_count_sys *s)
{
	char buf[32];
	int e;

	scd_json_obj(j, NULL);
	scd_json_str(j, "name", scd_sysname(s->nr, buf, sizeof(buf)));
	scd_json_u64(j, "count", s->count);
	scd_json_u64(j, "errors", s->errors);
	scd_json_obj(j, "errnos");
	for (e = 1; s->errnos && e < SCD_MAX_ERRNO; e++) {
		const char *name = scd_errno_name(e);

		if (!s->errnos[e])
			continue;
		if (!name) {
			snprintf(buf, sizeof(buf), "errno_%d", e);
			name = buf;
		}
		scd_json_u64(j, name, s->errnos[e]);
	}
	scd_json_obj_end(j);
	if (cfg->latency) {
		scd_json_u64(j, "total_ns", s->total_ns);
		scd_json_u64(j, "avg_ns", s->timed ? s->total_ns / s->timed : 0);
		scd_json_u64(j, "max_ns", s->max_ns);
	}
	if (cfg->hist && s->hist) {
		unsigned int i, last = 0;

		for (i = 0; i < SCD_HIST_SLOTS; i++)
			if (s->hist[i])
				last = i;
		scd_json_arr(j, "hist");
		for (i = 0; i <= last; i++) {
			scd_json_obj(j, NULL);
			scd_json_u64(j, "low", i ? 1ull << i : 0);
			scd_json_u64(j, "high", (1ull << (i + 1)) - 1);
			scd_json_u64(j, "count", s->hist[i]);
			scd_json_obj_end(j);
		}
		scd_json_arr_end(j);
		scd_json_str(j, "hist_unit", cfg->hist_div >= 1000000 ? "ms" : "us");
	}
	scd_json_obj_end(j);
}

void scd_report_count_json(FILE *f, const struct scd_count *c, const struct scd_count_view *v,
			   const struct scd_count_meta *m)
{
	const struct scd_count_cfg *cfg = scd_count_get_cfg(c);
	struct scd_json j;
	size_t i;

	scd_json_init(&j, f);
	scd_json_obj(&j, NULL);
	scd_json_str(&j, "command", "count");
	if (m->time)
		scd_json_str(&j, "time", m->time);
	scd_json_dbl(&j, "duration_s", m->duration_s);
	scd_json_u64(&j, "lost_events", m->lost);
	scd_json_arr(&j, "syscalls");
	for (i = 0; i < v->nsys; i++)
		json_sys(&j, cfg, v->sys[i]);
	scd_json_arr_end(&j);
	if (cfg->per_process) {
		scd_json_arr(&j, "processes");
		for (i = 0; i < v->nproc; i++) {
			const struct scd_count_proc *p = v->proc[i];

			scd_json_obj(&j, NULL);
			scd_json_i64(&j, "pid", p->pid);
			scd_json_str(&j, "comm", p->comm);
			scd_json_u64(&j, "count", p->count);
			scd_json_u64(&j, "errors", p->errors);
			if (cfg->latency) {
				scd_json_u64(&j, "total_ns", p->total_ns);
				scd_json_u64(&j, "avg_ns", p->timed ? p->total_ns / p->timed : 0);
				scd_json_u64(&j, "max_ns", p->max_ns);
			}
			scd_json_obj_end(&j);
		}
		scd_json_arr_end(&j);
	}
	if (m->verbose && m->pair) {
		scd_json_obj(&j, "pairing");
		scd_json_str(&j, "source", m->backend ? m->backend : "");
		scd_json_u64(&j, "exits_without_enter", m->pair->exits_without_enter);
		scd_json_u64(&j, "in_flight", m->in_flight);
		scd_json_u64(&j, "enters_replaced", m->pair->enters_replaced + m->pair->nr_mismatch);
		scd_json_u64(&j, "dropped_on_gap", m->pair->dropped_on_gap);
		scd_json_u64(&j, "events", m->events);
		scd_json_dbl(&j, "cpu_s", m->cpu_s);
		scd_json_obj_end(&j);
	}
	scd_json_obj_end(&j);
	scd_json_end(&j);
}
