// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Count analyzer (see an-count.h). Per-syscall slots are indexed by syscall number, so a call
 * costs an array index and a few additions; per-process slots live in a tid map keyed by pid.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "an-count.h"
#include "event.h"
#include "tidmap.h"
#include "xalloc.h"

struct scd_count {
	struct scd_count_cfg cfg;
	struct scd_count_sys *sys;	/* indexed by nr */
	size_t nsys;
	struct scd_tidmap *procs;
};

struct scd_count *scd_count_new(const struct scd_count_cfg *cfg)
{
	struct scd_count *c = xcalloc(1, sizeof(*c));

	c->cfg = *cfg;
	if (!c->cfg.hist_div)
		c->cfg.hist_div = 1000;
	c->procs = scd_tidmap_new(sizeof(struct scd_count_proc));
	return c;
}

static void free_sys(struct scd_count *c)
{
	size_t i;

	for (i = 0; i < c->nsys; i++) {
		free(c->sys[i].errnos);
		free(c->sys[i].hist);
	}
	free(c->sys);
	c->sys = NULL;
	c->nsys = 0;
}

void scd_count_free(struct scd_count *c)
{
	if (!c)
		return;
	free_sys(c);
	scd_tidmap_free(c->procs);
	free(c);
}

const struct scd_count_cfg *scd_count_get_cfg(const struct scd_count *c)
{
	return &c->cfg;
}

static struct scd_count_sys *sys_slot(struct scd_count *c, int nr)
{
	if ((size_t)nr >= c->nsys) {
		size_t n = (size_t)nr + 64, i;

		c->sys = xrealloc(c->sys, n, sizeof(*c->sys));
		memset(c->sys + c->nsys, 0, (n - c->nsys) * sizeof(*c->sys));
		for (i = c->nsys; i < n; i++)
			c->sys[i].nr = (int)i;
		c->nsys = n;
	}
	return &c->sys[nr];
}

void scd_count_add(struct scd_count *c, const struct scd_call *call, const struct scd_task *task)
{
	int err = scd_ret_errno(call->ret);
	struct scd_count_sys *s;
	uint64_t lat = 0;
	bool timed;

	if (call->nr < 0 || call->nr > 65535)
		return;
	if ((c->cfg.failures_only && !err) || (c->cfg.errno_filter && err != c->cfg.errno_filter))
		return;
	s = sys_slot(c, call->nr);
	s->exit_id = call->exit_id;
	s->count++;
	timed = c->cfg.latency && call->has_enter;
	if (timed) {
		lat = call->ts_exit - call->ts_enter;
		s->timed++;
		s->total_ns += lat;
		if (lat > s->max_ns)
			s->max_ns = lat;
		if (c->cfg.hist) {
			if (!s->hist)
				s->hist = xcalloc(SCD_HIST_SLOTS, sizeof(*s->hist));
			s->hist[scd_log2_slot(lat / c->cfg.hist_div)]++;
		}
	}
	if (err) {
		s->errors++;
		if (c->cfg.errno_breakdown) {
			if (!s->errnos)
				s->errnos = xcalloc(SCD_MAX_ERRNO, sizeof(*s->errnos));
			s->errnos[err]++;
		}
	}
	if (c->cfg.per_process && task) {
		bool created;
		struct scd_count_proc *p = scd_tidmap_get(c->procs, task->tgid, &created);

		if (created || strcmp(p->comm, task->comm))
			memcpy(p->comm, task->comm, sizeof(p->comm));
		p->count++;
		p->errors += err != 0;
		if (timed) {
			p->timed++;
			p->total_ns += lat;
			if (lat > p->max_ns)
				p->max_ns = lat;
		}
	}
}

void scd_count_task_named(struct scd_count *c, const struct scd_task *t)
{
	struct scd_count_proc *p = scd_tidmap_find(c->procs, t->tgid);

	if (p && !strcmp(p->comm, "[unknown]"))
		memcpy(p->comm, t->comm, sizeof(p->comm));
}

void scd_count_reset(struct scd_count *c)
{
	free_sys(c);
	scd_tidmap_free(c->procs);
	c->procs = scd_tidmap_new(sizeof(struct scd_count_proc));
}

static int by_sys(const void *a, const void *b)
{
	const struct scd_count_sys *x = *(const struct scd_count_sys *const *)a;
	const struct scd_count_sys *y = *(const struct scd_count_sys *const *)b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return x->nr - y->nr;
}

static int by_sys_time(const void *a, const void *b)
{
	const struct scd_count_sys *x = *(const struct scd_count_sys *const *)a;
	const struct scd_count_sys *y = *(const struct scd_count_sys *const *)b;

	if (x->total_ns != y->total_ns)
		return x->total_ns < y->total_ns ? 1 : -1;
	return by_sys(a, b);
}

static int by_proc(const void *a, const void *b)
{
	const struct scd_count_proc *x = *(const struct scd_count_proc *const *)a;
	const struct scd_count_proc *y = *(const struct scd_count_proc *const *)b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return x->pid - y->pid;
}

static int by_proc_time(const void *a, const void *b)
{
	const struct scd_count_proc *x = *(const struct scd_count_proc *const *)a;
	const struct scd_count_proc *y = *(const struct scd_count_proc *const *)b;

	if (x->total_ns != y->total_ns)
		return x->total_ns < y->total_ns ? 1 : -1;
	return by_proc(a, b);
}

void scd_count_view(struct scd_count *c, size_t top, struct scd_count_view *v)
{
	size_t i;

	memset(v, 0, sizeof(*v));
	v->sys = xcalloc(c->nsys + 1, sizeof(*v->sys));
	for (i = 0; i < c->nsys; i++) {
		if (!c->sys[i].count)
			continue;
		v->sys[v->nsys++] = &c->sys[i];
		v->total_calls += c->sys[i].count;
		v->total_errors += c->sys[i].errors;
	}
	qsort(v->sys, v->nsys, sizeof(*v->sys), c->cfg.latency ? by_sys_time : by_sys);
	if (top && v->nsys > top)
		v->nsys = top;

	v->proc = xcalloc(c->procs->used + 1, sizeof(*v->proc));
	for (i = 0; i < scd_tidmap_capacity(c->procs); i++) {
		const struct scd_count_proc *p = scd_tidmap_at(c->procs, i);

		if (p->pid)
			v->proc[v->nproc++] = p;
	}
	qsort(v->proc, v->nproc, sizeof(*v->proc), c->cfg.latency ? by_proc_time : by_proc);
	if (top && v->nproc > top)
		v->nproc = top;
}

void scd_count_view_free(struct scd_count_view *v)
{
	free(v->sys);
	free(v->proc);
	memset(v, 0, sizeof(*v));
}
