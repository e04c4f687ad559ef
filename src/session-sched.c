// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sched_switch records in a session (see session-int.h). perf_event_open is tried first: it
 * gives callchains and, through context-switch records, every switch-in (on some kernels the
 * tracepoint skips idle->task switches). With -p, -t or -- CMD the events are bound to those
 * threads (inherited by what they start), so no other thread's switches cost anything;
 * system-wide otherwise. When perf is refused (perf_event_paranoid, no
 * CAP_PERFMON, a kernel without it) the instance traces sched:sched_switch instead: totals,
 * no stacks. perf sees the whole machine, so the targets are chosen here: a thread is wanted
 * as a switch-out by its process (-p, or -- CMD and the processes it forks), its tid (-t), its
 * comm (-c); never our own threads nor the idle task. The verdict is cached per thread.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "pf-ring.h"
#include "proc.h"
#include "tfs-events.h"
#include "xalloc.h"
#include "session-int.h"
#include "task.h"

#define DEFAULT_RING_KB 8192	/* per CPU, as the tracefs buffers */
#define MAX_RING_KB (1u << 20)	/* libperf computes the mapping's length in an int */

struct verdict {
	int32_t tid;
	int8_t wanted;
};

struct proc_ent {
	int32_t tid;		/* the tgid */
};

static int32_t ppid_of(int32_t pid)
{
	char buf[512];
	const char *f = scd_proc_stat_fields(pid, buf, sizeof(buf));
	int ppid;

	/* "S PPID ..." */
	if (!f || sscanf(f, "%*c %d", &ppid) != 1)
		return -1;
	return ppid;
}

/* -- CMD: is @tgid the command or one of its descendants (perf tells us forks; tracefs not)? */
static bool followed(struct run *r, int32_t tgid)
{
	int32_t p = tgid;
	int depth;

	if (scd_tidmap_find(r->procs, tgid))
		return true;
	if (!r->o->cmd)
		return false;
	for (depth = 0; depth < 16 && p > 1; depth++) {
		p = ppid_of(p);
		if (p > 0 && scd_tidmap_find(r->procs, p)) {
			scd_tidmap_get(r->procs, tgid, NULL);
			return true;
		}
	}
	return false;
}

static bool decide(struct run *r, int32_t tid, int32_t tgid)
{
	size_t i;

	if (tgid == r->self)
		return false;
	for (i = 0; i < r->o->ntids; i++)
		if (r->o->tids[i] == tid)
			return true;
	if (r->procs)
		return followed(r, tgid);
	return !r->o->ntids;
}

/* The cached verdict on @ev's thread (comm aside), decided at first sight. */
static bool prev_wanted_tid(struct run *r, const struct scd_event *ev,
			    const struct scd_task **task)
{
	struct verdict *v;
	bool created;
	int32_t tgid = (int32_t)ev->args[4];

	*task = NULL;
	if (ev->tid <= 0)
		return false;
	/* perf samples carry the tgid: /proc is asked only for tracefs records */
	if (r->tasks && !tgid)
		*task = scd_tasks_get(r->tasks, ev->tid);
	v = scd_tidmap_get(r->verdicts, ev->tid, &created);
	if (created) {
		if (!tgid && *task)
			tgid = (*task)->tgid;
		v->wanted = decide(r, ev->tid, tgid ? tgid : ev->tid) ? 1 : 0;
	}
	return v->wanted;
}

static bool prev_wanted(struct run *r, const struct scd_event *ev, const struct scd_task **task)
{
	*task = NULL;
	if (r->o->has_comm && strncmp((const char *)ev->args, r->o->comm, 15))
		return false;
	return prev_wanted_tid(r, ev, task);
}

/*
 * The tracefs fallback's sched_process_fork (tid = the child, args[1] = the parent thread): a
 * child of a wanted thread is wanted, decided now, while the parent is known, rather than
 * from /proc when the child (maybe gone by then) first switches out.
 */
static void tracefs_fork(struct run *r, const struct scd_event *ev)
{
	struct scd_event parent;
	const struct scd_task *task;
	struct verdict *v;

	if (!r->o->cmd && !r->o->npids)
		return;
	memset(&parent, 0, sizeof(parent));
	parent.tid = (int32_t)ev->args[1];
	if (!prev_wanted_tid(r, &parent, &task))
		return;
	v = scd_tidmap_get(r->verdicts, ev->tid, NULL);
	v->wanted = 1;
}

bool scd_sched_route(struct run *r, const struct scd_event *ev)
{
	const struct scd_task *task;
	struct scd_event in;
	void *v;

	if (!r->sched)
		return false;
	switch (ev->kind) {
	case SCD_EV_SCHED_SWITCH:
		if (prev_wanted(r, ev, &task)) {
			r->h->sched(ev, task, r->h->ctx);
		} else if (ev->nr > 0) {
			in = *ev;
			in.kind = SCD_EV_SWITCH_IN;
			in.tid = ev->nr;
			in.args[4] = 0;
			r->h->sched(&in, NULL, r->h->ctx);
		}
		return true;
	case SCD_EV_SWITCH_IN:
	case SCD_EV_MMAP:
	case SCD_EV_WAKEUP:
		r->h->sched(ev, NULL, r->h->ctx);
		return true;
	case SCD_EV_TASK_FORK:
		if (ev->id != -1) {
			tracefs_fork(r, ev);
			return true;
		}
		/* A process forked by one we follow (-- CMD) is followed too. */
		if (r->o->cmd && scd_tidmap_find(r->procs, (int32_t)ev->args[1]))
			scd_tidmap_get(r->procs, (int32_t)ev->args[0], NULL);
		r->h->sched(ev, NULL, r->h->ctx);
		return true;
	case SCD_EV_GAP:
		if (ev->id != -1)
			return false;
		r->h->sched(ev, NULL, r->h->ctx);
		return true;
	case SCD_EV_TASK_EXIT:
		v = scd_tidmap_find(r->verdicts, ev->tid);
		if (v)
			scd_tidmap_del(r->verdicts, v);
		r->h->sched(ev, NULL, r->h->ctx);
		return false;
	case SCD_EV_TASK_EXEC:
		r->h->sched(ev, NULL, r->h->ctx);
		return false;
	default:
		return false;
	}
}

static const char *perf_why(int err)
{
	switch (err) {
	case EACCES:
	case EPERM:
		return "not permitted: needs root or CAP_PERFMON, or a lower "
		       "kernel.perf_event_paranoid";
	case ENOSYS:
		return "perf_event_open is not available (kernel without CONFIG_PERF_EVENTS, "
		       "or an emulator)";
	case ENOENT:
	case ENODEV:
	case EOPNOTSUPP:
		return "this kernel cannot sample the sched_switch tracepoint";
	default:
		return strerror(err);
	}
}

static bool planned(const struct scd_plan *p, int kind)
{
	size_t i;

	for (i = 0; i < p->nev; i++)
		if (p->ev[i].kind == kind)
			return true;
	return false;
}

int scd_sched_plan(struct run *r, struct scd_tfs_formats *f, struct scd_err *e)
{
	size_t i;

	r->sched_id = scd_tfs_layout_add(f, r->dec, "sched", "sched_switch", SCD_EV_SCHED_SWITCH);
	if (r->sched_id < 0)
		return scd_err_set(e, 1, "this kernel has no usable sched:sched_switch tracepoint");
	r->verdicts = scd_tidmap_new(sizeof(struct verdict));
	if (r->o->npids || r->o->cmd) {
		r->procs = scd_tidmap_new(sizeof(struct proc_ent));
		for (i = 0; i < r->o->npids; i++)
			scd_tidmap_get(r->procs, r->o->pids[i], NULL);
	}
	return 0;
}

/* The threads to bind the perf events to: the pid filter's list (-p, -t, -- CMD). */
static size_t bound_tids(struct run *r, int32_t **tids)
{
	const char *s = r->plan.event_pid;
	struct rlimit rl;
	size_t n = 0;

	*tids = NULL;
	if (!s || !(r->o->cmd || r->o->npids || r->o->ntids))
		return 0;
	*tids = xcalloc(strlen(s) / 2 + 1, sizeof(**tids));
	while (*s) {
		char *end;
		long v = strtol(s, &end, 10);

		if (end == s)
			break;
		if (v > 0)
			(*tids)[n++] = (int32_t)v;
		s = end + strspn(end, " ");
	}
	/* Two fds per thread and CPU: past half the fd limit, sample system-wide and filter. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (rlim_t)n * 2 * (r->ncpu ? r->ncpu : 1) > rl.rlim_cur / 2) {
		free(*tids);
		*tids = NULL;
		return 0;
	}
	return n;
}

static int open_perf(struct run *r, struct scd_pf_sched_cfg *c)
{
	int32_t *tids;
	int err, tries;

	/* A thread of -p may exit between listing and opening: list again. */
	for (tries = 0; tries < 3; tries++) {
		c->ntids = bound_tids(r, &tids);
		c->tids = tids;
		c->inherit = r->o->cmd || r->o->npids;
		err = scd_pf_sched_open(c, r->dec, r->sched->stacks, &r->pf);
		free(tids);
		if (err != -ESRCH || !c->ntids || r->o->cmd)
			return err;
		free(r->plan.event_pid);
		r->plan.event_pid = NULL;
		if (scd_plan_targets(r->o, &r->plan, &(struct scd_err){ 0 }))
			return -ESRCH;
	}
	return err;
}

int scd_sched_open(struct run *r, struct scd_session_result *res)
{
	const struct scd_sched_select *s = r->sched;
	struct scd_pf_sched_cfg c = {
		.sched_switch_id = r->sched_id,
		.kernel_stacks = s->kernel_stacks,
		.user_stacks = s->user_stacks,
		.max_stack = s->max_stack,
		.ring_kb = r->o->buffer_kb ? (unsigned int)(r->o->buffer_kb < MAX_RING_KB ?
							   r->o->buffer_kb : MAX_RING_KB) :
					     DEFAULT_RING_KB,
		.paths = r->sched->paths,
		.stack_copy = s->stack_copy,
		.unwind = s->unwind,
		.maps = s->maps,
		.unwind_ctx = s->unwind_ctx,
	};
	int err;

	if (!s->no_perf) {
		err = open_perf(r, &c);
		if (!err) {
			res->sched_backend = scd_pf_backend();
			res->offline_cpus = scd_pf_sched_offline_cpus(r->pf);
			res->perf_bound = c.ntids > 0;
			return 0;
		}
		res->perf_err = -err;
		if (r->h->note) {
			char msg[384];

			snprintf(msg, sizeof(msg), "perf_event_open refused (%s): off-CPU totals "
				 "from tracefs sched_switch, without stacks", perf_why(-err));
			r->h->note(msg, r->h->ctx);
		}
	}
	res->sched_backend = "tracefs";
	scd_plan_add(&r->plan, "sched", "sched_switch", SCD_EV_SCHED_SWITCH);
	/* Where the tracepoint misses a switch-in, the wakeup before it bounds the block. */
	if (scd_tfs_event_exists("sched", "sched_wakeup"))
		scd_plan_add(&r->plan, "sched", "sched_wakeup", SCD_EV_WAKEUP);
	if (scd_tfs_event_exists("sched", "sched_process_fork"))
		scd_plan_add(&r->plan, "sched", "sched_process_fork", SCD_EV_TASK_FORK);
	if (!planned(&r->plan, SCD_EV_TASK_EXIT) &&
	    scd_tfs_event_exists("sched", "sched_process_exit"))
		scd_plan_add(&r->plan, "sched", "sched_process_exit", SCD_EV_TASK_EXIT);
	return 0;
}

void scd_sched_teardown(struct run *r)
{
	scd_pf_sched_free(r->pf);
	scd_tidmap_free(r->verdicts);
	scd_tidmap_free(r->procs);
	r->pf = NULL;
	r->verdicts = r->procs = NULL;
}
