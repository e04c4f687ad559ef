// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The session loop (see session.h). Each round: wait for a buffer to pass buffer_percent (or
 * a timeout), note the time T, read every CPU up to its writer, then hand out, in time order,
 * every queued event older than T minus a small slack: by then no CPU can still deliver an
 * older one. A CPU read only partly (page cap) holds the horizon at its newest record.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "pf-ring.h"
#include "pf-sched.h"
#include "proc.h"
#include "session-int.h"
#include "sig.h"
#include "stream.h"
#include "sysname.h"
#include "tfs-dir.h"
#include "tfs-events.h"
#include "tfs-reader.h"
#include "tidmap.h"
#include "xalloc.h"

#define HORIZON_SLACK_NS 5000000ull	/* records reserved before T but committed after it */
/*
 * Bytes read per CPU per round. Small enough that the decoded queue stays in cache until the
 * merge reads it back (256 KiB of records is ~9k events, ~750 KiB decoded); a CPU with more
 * data is read again at once.
 */
#define ROUND_BYTES (256u << 10)
#define WAIT_MS 100
/* Both sources and perf gives no fd to poll with tracefs': wake up this often. */
#define SHARED_WAIT_MS 20


static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static double self_cpu_s(void)
{
	struct rusage ru;

	/* RUSAGE_SELF: our threads only, not the -- CMD child we wait for. */
	if (getrusage(RUSAGE_SELF, &ru))
		return 0;
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static void note(struct run *r, bool verbose_only, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void note(struct run *r, bool verbose_only, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!r->h->note || (verbose_only && !r->o->verbose))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->h->note(msg, r->h->ctx);
}

static void on_call(const struct scd_call *c, void *ctx)
{
	struct run *r = ctx;

	r->h->call(c, r->cur_task, r->h->ctx);
}

struct tgid_ent {
	int32_t tid;
	int32_t tgid;
};

static void add_tgid(int pid, int tgid, void *ctx)
{
	struct tgid_ent *e = scd_tidmap_get(ctx, pid, NULL);

	e->tgid = tgid;
}

/* tgid of a thread already gone from /proc: reread saved_tgids at most once per round. */
static int32_t tgid_of(int32_t tid, void *ctx)
{
	struct run *r = ctx;
	struct tgid_ent *e;

	if (!r->tgids || r->tgids_round != r->round) {
		scd_tidmap_free(r->tgids);
		r->tgids = scd_tidmap_new(sizeof(struct tgid_ent));
		r->tgids_round = r->round;
		scd_tfs_saved_tgids(add_tgid, r->tgids);
	}
	e = scd_tidmap_find(r->tgids, tid);
	return e ? e->tgid : -ENOENT;
}

static bool task_wanted(const struct run *r, const struct scd_task *t)
{
	size_t i;

	if (r->o->has_comm && !r->plan.comm_filter && strcmp(t->comm, r->o->comm))
		return false;
	if (!r->o->npids)
		return true;
	for (i = 0; i < r->o->npids; i++)
		if (t->tgid == r->o->pids[i])
			return true;
	/* A thread given with -t is wanted whatever its process. */
	for (i = 0; i < r->o->ntids; i++)
		if (t->tid == r->o->tids[i])
			return true;
	return false;
}

static void on_event(const struct scd_event *ev, void *ctx)
{
	struct run *r = ctx;

	if (r->plan.self_in_trace && ev->tid == r->self)
		return;
	if (scd_sched_route(r, ev))
		return;

	if (ev->kind == SCD_EV_SYS_EXIT && r->id_seen && !r->id_seen[ev->id]) {
		r->id_seen[ev->id] = 1;
		if ((size_t)ev->id < r->plan.nnames_by_id && r->plan.names_by_id[ev->id])
			scd_sysname_learn(ev->nr, r->plan.names_by_id[ev->id]);
	}
	r->cur_task = NULL;
	if (r->tasks) {
		if (ev->kind == SCD_EV_TASK_EXEC) {
			scd_tasks_exec(r->tasks, ev->tid);
			return;
		}
		if (ev->kind == SCD_EV_TASK_EXIT) {
			const struct scd_task *t;

			scd_pair_event(r->pair, ev, on_call, r);
			/* A thread gone before we could read /proc: its exit record has its comm. */
			t = scd_tasks_exit(r->tasks, ev->tid, (const char *)ev->args);
			if (t && r->h->task_named)
				r->h->task_named(t, r->h->ctx);
			return;
		}
		if (ev->kind == SCD_EV_SYS_ENTER || ev->kind == SCD_EV_SYS_EXIT) {
			r->cur_task = scd_tasks_get(r->tasks, ev->tid);
			if (!task_wanted(r, r->cur_task))
				return;
		}
	}
	if (r->h->record && (ev->kind == SCD_EV_SYS_ENTER || ev->kind == SCD_EV_SYS_EXIT))
		r->h->record(ev, r->cur_task, r->h->ctx);
	scd_pair_event(r->pair, ev, on_call, r);
}

/* Reads every CPU once; returns the time up to which all queues are complete. */
static int read_round(struct run *r, size_t max_bytes, uint64_t *horizon, bool *more)
{
	unsigned int cpu, ncpu = r->rd ? scd_tfs_reader_ncpu(r->rd) : 0;
	uint64_t t = now_ns();
	int err;

	*horizon = t > HORIZON_SLACK_NS ? t - HORIZON_SLACK_NS : 0;
	*more = false;
	r->round++;
	if (r->pf) {
		err = scd_pf_sched_fill(r->pf, max_bytes, horizon, more);
		if (err)
			return err;
	}
	for (cpu = 0; cpu < ncpu; cpu++) {
		struct scd_cpu_fill f;

		err = scd_tfs_reader_fill(r->rd, cpu, r->dec, r->stream, max_bytes, &f);
		if (err)
			return err;
		if (!f.caught_up) {
			*more = true;
			if (f.last_ts < *horizon)
				*horizon = f.last_ts;
		}
	}
	return 0;
}

/* Events lost so far by both sources. */
static unsigned long long total_lost(struct run *r)
{
	unsigned long long lost = 0;

	if (r->rd)
		scd_tfs_reader_lost(r->rd, &lost);
	if (r->pf)
		lost += scd_pf_sched_stats(r->pf)->lost;
	return lost;
}

static int boundary(struct run *r, uint64_t ts)
{
	unsigned long long lost = total_lost(r);
	int err;

	err = r->h->interval ? r->h->interval(ts, lost - r->lost_reported, r->h->ctx) : 0;
	r->lost_reported = lost;
	r->nblocks++;
	return err;
}

/*
 * Hands out the events of every interval that ends at or before @horizon (and before
 * @before) and reports each block. A positive hook answer (the command has all the blocks
 * it wanted, -n) stops the session normally; a negative one is an output failure.
 */
static int close_blocks(struct run *r, uint64_t horizon, uint64_t before,
			struct scd_session_result *res)
{
	int err;

	while (r->next && horizon >= r->next && r->next < before) {
		r->events += scd_stream_merge(r->stream, r->next, on_event, r);
		err = boundary(r, r->next);
		r->next += r->interval;
		if (err < 0)
			return -EPIPE;
		if (err > 0) {
			r->next = 0;
			res->hook_stopped = true;
		}
	}
	return 0;
}

/* Gone: no /proc entry, or a zombie (exited, waiting for its parent to reap it). */
static bool task_gone(int32_t pid)
{
	char buf[512];
	const char *f = scd_proc_stat_fields(pid, buf, sizeof(buf));

	return !f || f[0] == 'Z' || f[0] == 'X';
}

/* With -p/-t, the run ends once every target has exited. */
static bool targets_gone(const struct run *r)
{
	size_t i;

	if (!r->o->npids && !r->o->ntids)
		return false;
	for (i = 0; i < r->o->npids; i++)
		if (!task_gone(r->o->pids[i]))
			return false;
	for (i = 0; i < r->o->ntids; i++)
		if (!task_gone(r->o->tids[i]))
			return false;
	return true;
}

/* Sleeps until a source has data to read or @timeout ms pass. */
static int wait_data(struct run *r, int timeout)
{
	int wake = r->pf ? scd_pf_sched_wake_fd(r->pf) : -1;

	int err;

	if (!r->rd)
		return scd_pf_sched_wait(r->pf, timeout);
	if (r->pf) {
		/* a quick look first: it also drops the events of exited threads (POLLHUP) */
		err = scd_pf_sched_wait(r->pf, 0);
		if (err)
			return err;
	}
	if (r->pf && wake < 0 && timeout > SHARED_WAIT_MS)
		timeout = SHARED_WAIT_MS;
	return scd_tfs_reader_wait(r->rd, timeout, wake);
}

static int loop(struct run *r, uint64_t t0, struct scd_session_result *res)
{
	uint64_t end = r->o->duration_s > 0 ? t0 + (uint64_t)(r->o->duration_s * 1e9) : 0;
	uint64_t horizon;
	bool more = false;
	int err;

	for (;;) {
		uint64_t t = now_ns();
		int timeout = WAIT_MS;

		if (scd_sig_count()) {
			res->interrupted = true;
			break;
		}
		if (end && t >= end)
			break;
		if (r->o->cmd && scd_child_poll(&r->child)) {
			res->target_exited = true;
			break;
		}
		if (targets_gone(r)) {
			res->target_exited = true;
			break;
		}
		if (end && (end - t) / 1000000 < (uint64_t)timeout)
			timeout = (int)((end - t) / 1000000) + 1;
		if (r->next && r->next > t && (r->next - t) / 1000000 < (uint64_t)timeout)
			timeout = (int)((r->next - t) / 1000000) + 1;
		if (!more) {
			err = wait_data(r, timeout);
			if (err)
				return err;
		}
		err = read_round(r, ROUND_BYTES, &horizon, &more);
		if (err)
			return err;
		err = close_blocks(r, horizon, end ? end : UINT64_MAX, res);
		if (err || res->hook_stopped)
			return err;
		r->events += scd_stream_merge(r->stream, horizon, on_event, r);
	}
	return 0;
}

static int finish(struct run *r, uint64_t t_stop, struct scd_session_result *res)
{
	uint64_t horizon;
	bool more;
	int err;

	/* Tracing is off: read every CPU to the end, then hand out everything. */
	do {
		err = read_round(r, ROUND_BYTES, &horizon, &more);
		if (err)
			return err;
		if (more)
			r->events += scd_stream_merge(r->stream, horizon, on_event, r);
	} while (more && scd_sig_count() < 2);
	/* Interval ends the loop had no time to close; the last block ends at the stop. */
	err = close_blocks(r, UINT64_MAX, t_stop - HORIZON_SLACK_NS, res);
	if (err || res->hook_stopped)
		return err;
	r->events += scd_stream_merge(r->stream, UINT64_MAX, on_event, r);
	return 0;
}

static void reap_note(const char *name, void *ctx)
{
	note(ctx, false, "removed tracefs instance %s left by a run that no longer exists", name);
}

static int open_tracefs(struct run *r, struct scd_err *e)
{
	struct scd_tfs_where w;
	int err = scd_tfs_locate(true, &w);

	switch (err) {
	case 0:
		break;
	case -EPERM:
		return scd_err_set(e, 1, "kernel lockdown (confidentiality) forbids tracefs "
				   "(boot with lockdown=integrity or none)");
	case -EACCES:
		return scd_err_set(e, 1, "no access to tracefs: permission denied (run as root, "
				   "e.g. sudo scdiag ...)");
	default:
		return scd_err_set(e, 1, "tracefs not available (mount -t tracefs nodev "
				   "/sys/kernel/tracing; the kernel needs CONFIG_FTRACE)");
	}
	if (w.mounted)
		note(r, false, "mounted tracefs at %s", w.path);
	scd_tfs_reap(reap_note, r);
	return 0;
}

/* The tracefs instance and its readers, when the plan has events to trace. */
static int setup_instance(struct run *r, const struct scd_sc_select *sel, struct scd_err *e)
{
	struct scd_tfs_settings set = {
		.buffer_kb = r->o->buffer_kb ? r->o->buffer_kb : 8192,
		.buffer_percent = 50,
		.subbuf_kb = 64,
	};
	int err;

	set.event_fork = r->plan.event_fork;
	set.record_tgid = sel->tasks || r->o->npids || r->o->has_comm || sel->sched;
	err = scd_tfs_instance_create(&set, &r->ti);
	if (err == -ENOMEM)
		return scd_err_set(e, 1, "cannot allocate %lu KiB of trace buffer per CPU "
				   "(use a smaller -b)", set.buffer_kb);
	if (err)
		return scd_err_set(e, 1, "cannot create a tracefs instance: %s", strerror(-err));
	if (scd_plan_apply(&r->plan, r->ti, e))
		return -1;
	err = scd_tfs_reader_open(r->ti, r->ncpu, &r->rd);
	if (err)
		return scd_err_set(e, 1, "cannot open the per-CPU trace buffers: %s",
				   strerror(-err));
	if (scd_tfs_reader_skipped_cpus(r->rd))
		note(r, false, "%u of %u CPUs have no trace buffer (offline) and are not traced",
		     scd_tfs_reader_skipped_cpus(r->rd), r->ncpu);
	return 0;
}

static int spawn(struct run *r, struct scd_err *e)
{
	int err = scd_child_spawn(r->o->cmd_path, r->o->cmd, &r->child);

	if (err)
		return scd_err_set(e, 1, "cannot start '%s': %s", r->o->cmd[0], strerror(-err));
	scd_child_track(&r->child);
	xasprintf(&r->plan.event_pid, "%d", (int)r->child.pid);
	if (r->procs)
		scd_tidmap_get(r->procs, r->child.pid, NULL);
	return 0;
}

static int setup(struct run *r, const struct scd_sc_select *sel, struct scd_session_result *res,
		 struct scd_err *e)
{
	struct scd_tfs_formats *fmts;
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	int err, i;

	r->ncpu = ncpu < 1 ? 1 : (unsigned int)ncpu;
	if (open_tracefs(r, e))
		return -1;
	if (scd_plan_targets(r->o, &r->plan, e) || scd_plan_events(r->o, sel, &r->plan, e))
		return -1;
	fmts = scd_tfs_formats_new();
	if (!fmts)
		return scd_err_set(e, 1, "out of memory");
	r->dec = scd_decoder_new();
	/* CMD is started (stopped before its exec) first: perf binds to it. */
	err = r->sched ? scd_sched_plan(r, fmts, e) : 0;
	if (!err && r->o->cmd)
		err = spawn(r, e);
	if (!err && r->sched)
		scd_sched_open(r, res);
	if (!err)
		err = scd_plan_layouts(&r->plan, fmts, r->dec, e);
	scd_tfs_formats_free(fmts);
	if (err)
		return -1;
	/* perf records go to queues of their own, one per ring: each queue is in time order. */
	r->stream = scd_stream_new(r->ncpu + (r->pf ? scd_pf_sched_nrings(r->pf) : 0));
	if (r->pf)
		scd_pf_sched_attach(r->pf, r->stream, r->ncpu);
	if (r->plan.nev && setup_instance(r, sel, e))
		return -1;
	if (res->offline_cpus)
		note(r, false, "%u of %u CPUs are offline and are not traced", res->offline_cpus,
		     r->ncpu);
	r->pair = scd_pair_new(sel->enters);
	for (i = 0; i < 2; i++)
		scd_pair_add_noreturn(r->pair, r->plan.noreturn[i]);
	if (sel->tasks || (r->o->has_comm && !r->plan.comm_filter) || r->o->npids || r->sched)
		r->tasks = scd_tasks_new(tgid_of, r);
	if (!r->plan.raw)
		r->id_seen = xcalloc(65536, 1);
	return 0;
}

static void teardown(struct run *r)
{
	/* Error paths: a CMD we started and did not reap yet is ended and reaped. */
	if (r->o->cmd && r->child.pid > 0) {
		if (r->child.released)
			scd_child_end(&r->child);
		scd_child_abort(&r->child);
	}
	scd_sched_teardown(r);
	scd_tfs_reader_free(r->rd);
	scd_tfs_instance_destroy(r->ti);
	scd_stream_free(r->stream);
	scd_pair_free(r->pair);
	scd_tasks_free(r->tasks);
	scd_tidmap_free(r->tgids);
	scd_decoder_free(r->dec);
	scd_plan_free(&r->plan);
	free(r->id_seen);
}

int scd_session_run(const struct scd_opts *o, const struct scd_sc_select *sel,
		    const struct scd_session_hooks *h, struct scd_session_result *res,
		    struct scd_err *e)
{
	struct run r;
	uint64_t t0, t_stop;
	int err, ret = -1;

	memset(&r, 0, sizeof(r));
	memset(res, 0, sizeof(*res));
	r.o = o;
	r.h = h;
	r.self = (int32_t)getpid();
	if (!h->call) {
		scd_err_set(e, 2, "internal error: no call hook");
		return -1;
	}
	r.child.err_fd = -1;
	r.sched = sel->sched;
	if (sel->sched && !h->sched) {
		scd_err_set(e, 2, "internal error: no sched hook");
		return -1;
	}
	scd_sig_install();
	if (setup(&r, sel, res, e))
		goto out;
	res->backend = sel->no_syscalls ? "none" : r.plan.raw ? "raw_syscalls" : "syscalls:*";
	note(&r, true, "tracing %zu tracefs events (syscalls: %s)%s%s%s%s", r.plan.nev,
	     res->backend, res->sched_backend ? ", sched_switch through " : "",
	     res->sched_backend ? res->sched_backend : "",
	     res->perf_bound ? " bound to the target threads" : "",
	     o->cmd ? "" : (r.plan.event_pid ? " (pid filter)" : " (system-wide)"));
	/* Drop whatever set-up produced, then start: nothing older can slip in. */
	if (r.ti && (scd_tfs_clear(r.ti) || scd_tfs_trace_on(r.ti, true))) {
		scd_err_set(e, 1, "cannot start tracing in %s", r.ti->name);
		goto out;
	}
	if (r.pf && scd_pf_sched_enable(r.pf, true)) {
		scd_err_set(e, 1, "cannot enable the perf events: %s", strerror(errno));
		goto out;
	}
	t0 = now_ns();
	if (h->started)
		h->started(h->ctx);
	r.interval = (uint64_t)(o->interval_s * 1e9);
	r.next = r.interval ? t0 + r.interval : 0;
	if (o->cmd) {
		err = scd_child_go(&r.child);
		if (err) {
			scd_err_set(e, 1, "cannot run '%s': %s", o->cmd[0], strerror(-err));
			goto out;
		}
	}
	err = loop(&r, t0, res);
	if (r.ti)
		scd_tfs_trace_on(r.ti, false);
	if (r.pf)
		scd_pf_sched_enable(r.pf, false);
	t_stop = now_ns();
	if (!err)
		err = finish(&r, t_stop, res);
	if (err == -EPIPE) {
		/* An interval report could not be written: stop, clean up, let the caller say. */
		res->output_failed = true;
		ret = 0;
		goto out;
	}
	if (err) {
		scd_err_set(e, 1, "reading the trace buffers failed: %s", strerror(-err));
		goto out;
	}
	res->duration_s = (double)(t_stop - t0) / 1e9;
	res->lost = total_lost(&r);
	res->lost_last_block = res->lost - r.lost_reported;
	res->last_block_s = r.next ? (double)(t_stop - (r.next - r.interval)) / 1e9 :
		res->duration_s;
	res->intervals = r.interval ? r.nblocks : 0;
	res->gap_pages = r.rd ? scd_tfs_reader_gaps(r.rd) : 0;
	if (r.pf) {
		const struct scd_pf_decoder *d = scd_pf_sched_stats(r.pf);

		res->perf_lost = d->lost;
		res->perf_samples = d->samples;
		res->perf_switch_ins = d->switch_ins;
		res->chains_full = d->chains_full;
		res->ustacks_copied = d->ustacks_copied;
		res->ustacks_unwound = d->ustacks_unwound;
		res->stack_copy_refused = d->stack_copy_refused;
	}
	res->pair = *scd_pair_get_stats(r.pair);
	res->in_flight = scd_pair_in_flight(r.pair);
	res->late_events = r.stream->backwards;
	res->events = r.events;
	res->cpu_s = self_cpu_s();
	if (o->cmd) {
		/* -d ran out or we were interrupted while CMD still runs: end it, we started it. */
		scd_child_end(&r.child);	/* -d ran out or a signal came: it is ours */
		scd_child_abort(&r.child);	/* reaps it */
		res->child_status = r.child.status;
	}
	ret = 0;
out:
	teardown(&r);
	return ret;
}
