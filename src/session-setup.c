// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Session set-up: which events to enable, with which kernel filters, for which tasks.
 * User-typed names are validated and mapped to exact event names here; numbers put into
 * filters are printed by us from parsed integers, never copied from the command line.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "session-int.h"
#include "suggest.h"
#include "syscalls.h"
#include "tfs-events.h"
#include "xalloc.h"

int scd_err_set(struct scd_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	e->exit_code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static void append(char **s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void append(char **s, const char *fmt, ...)
{
	char *add, *n;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&add, fmt, ap) < 0)
		add = NULL;
	va_end(ap);
	if (!add)
		return;
	xasprintf(&n, "%s%s", *s ? *s : "", add);
	free(add);
	free(*s);
	*s = n;
}

/* Appends every thread of process @pid to @list. */
static int add_threads(int32_t pid, char **list)
{
	char path[64];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		long tid;

		if (scd_parse_int(de->d_name, 1, INT32_MAX, &tid) == 0)
			append(list, "%s%ld", *list ? " " : "", tid);
	}
	closedir(d);
	return 0;
}

int scd_plan_targets(const struct scd_opts *o, struct scd_plan *p, struct scd_err *e)
{
	char path[64];
	size_t i;

	for (i = 0; i < o->npids; i++) {
		if (add_threads(o->pids[i], &p->event_pid) < 0)
			return scd_err_set(e, 1, "no such process %d (check the pid with ps)",
					   (int)o->pids[i]);
	}
	for (i = 0; i < o->ntids; i++) {
		snprintf(path, sizeof(path), "/proc/%d/status", (int)o->tids[i]);
		if (access(path, R_OK) < 0)
			return scd_err_set(e, 1, "no such thread %d (check the tid with ps -L)",
					   (int)o->tids[i]);
		append(&p->event_pid, "%s%d", p->event_pid ? " " : "", (int)o->tids[i]);
	}
	/* Threads created later in a -p process are followed; the tgid check drops children. */
	p->event_fork = o->npids > 0 || o->cmd;
	return 0;
}

static void add_req(struct scd_plan *p, const char *sys, const char *ev, int kind,
		    const char *filter)
{
	struct scd_ev_req *r;

	p->ev = xrealloc(p->ev, p->nev + 1, sizeof(*p->ev));
	r = &p->ev[p->nev++];
	memset(r, 0, sizeof(*r));
	snprintf(r->sys, sizeof(r->sys), "%s", sys);
	snprintf(r->ev, sizeof(r->ev), "%s", ev);
	r->kind = kind;
	r->filter = filter ? xstrdup(filter) : NULL;
	r->id = -1;
}

void scd_plan_add(struct scd_plan *p, const char *sys, const char *ev, int kind)
{
	add_req(p, sys, ev, kind, NULL);
}

static const char *name_at(size_t i, void *ctx)
{
	const char *const *v = ctx;

	return i < scd_syscall_count() ? scd_syscall_at(i) : v[i - scd_syscall_count()];
}

static int unknown_syscall(const char *name, char **evnames, size_t nev, struct scd_err *e)
{
	const char *sug[4];
	size_t n = scd_suggest_fn(name, name_at, scd_syscall_count() + nev, evnames, sug, 3), i;
	char hint[256] = "";

	for (i = 0; i < n; i++)
		snprintf(hint + strlen(hint), sizeof(hint) - strlen(hint), "%s%s",
			 i ? ", " : "did you mean ", sug[i]);
	return scd_err_set(e, 2, "unknown syscall '%s' (%s)", name,
			   n ? hint : "see scdiag list 'syscalls:sys_enter_*'");
}

static uint8_t want_of(const struct scd_sc_select *sel, size_t i)
{
	if (sel->want && sel->names)
		return sel->want[i];
	return SCD_WANT_EXIT | (sel->enters ? SCD_WANT_ENTER : 0);
}

static int plan_raw(const struct scd_sc_select *sel, struct scd_plan *p, struct scd_err *e)
{
	char *ids[2] = { NULL, NULL }, *exitf = NULL;	/* enter, exit id filters */
	bool any[2] = { !sel->names && sel->enters, !sel->names };
	size_t i;

	if (!scd_tfs_event_exists("raw_syscalls", "sys_exit"))
		return scd_err_set(e, 1, "this kernel has no syscall tracepoints "
				   "(needs CONFIG_FTRACE_SYSCALLS or HAVE_SYSCALL_TRACEPOINTS)");
	p->raw = true;
	for (i = 0; i < sel->nnames; i++) {
		int nr = scd_syscall_nr(sel->names[i]), k;

		if (nr < 0) {
			free(ids[0]);
			free(ids[1]);
			return unknown_syscall(sel->names[i], NULL, 0, e);
		}
		for (k = 0; k < 2; k++) {
			if (!(want_of(sel, i) & (k ? SCD_WANT_EXIT : SCD_WANT_ENTER)))
				continue;
			append(&ids[k], "%sid == %d", ids[k] ? " || " : "", nr);
			any[k] = true;
		}
	}
	if (ids[1] && sel->exit_filter && !sel->enters)
		xasprintf(&exitf, "(%s) && (%s)", ids[1], sel->exit_filter);
	else if (ids[1])
		exitf = xstrdup(ids[1]);
	else if (sel->exit_filter && !sel->enters)
		exitf = xstrdup(sel->exit_filter);
	if (any[0])
		add_req(p, "raw_syscalls", "sys_enter", SCD_EV_SYS_ENTER, ids[0]);
	if (any[1])
		add_req(p, "raw_syscalls", "sys_exit", SCD_EV_SYS_EXIT, exitf);
	free(ids[0]);
	free(ids[1]);
	free(exitf);
	return 0;
}

static int plan_per_syscall(const struct scd_sc_select *sel, char **evnames, size_t nev,
			    struct scd_plan *p, struct scd_err *e)
{
	const char *exitf = sel->enters ? NULL : sel->exit_filter;
	char buf[96];
	size_t i, k;

	for (i = 0; i < (sel->names ? sel->nnames : nev); i++) {
		const char *base = sel->names ? scd_syscall_event_name(sel->names[i]) : evnames[i];
		bool found = !sel->names;	/* all syscalls: evnames[i] itself */

		for (k = 0; k < nev && !found; k++)
			found = !strcmp(evnames[k], base);
		if (!found) {
			if (scd_syscall_nr(sel->names[i]) >= 0)
				return scd_err_set(e, 1, "syscall '%s' has no tracepoint on this "
						   "kernel (try --raw-syscalls)", sel->names[i]);
			return unknown_syscall(sel->names[i], evnames, nev, e);
		}
		if (want_of(sel, i) & SCD_WANT_ENTER) {
			snprintf(buf, sizeof(buf), "sys_enter_%s", base);
			add_req(p, "syscalls", buf, SCD_EV_SYS_ENTER,
				sel->enter_filters && sel->names ? sel->enter_filters[i] : NULL);
		}
		if (want_of(sel, i) & SCD_WANT_EXIT) {
			snprintf(buf, sizeof(buf), "sys_exit_%s", base);
			add_req(p, "syscalls", buf, SCD_EV_SYS_EXIT,
				sel->exit_filters && sel->names && sel->exit_filters[i] ?
				sel->exit_filters[i] : exitf);
		}
	}
	return 0;
}

int scd_plan_events(const struct scd_opts *o, const struct scd_sc_select *sel, struct scd_plan *p,
		    struct scd_err *e)
{
	char **evnames = NULL;
	size_t nev = 0, i;
	bool tasks;
	int err;

	for (i = 0; i < sel->nnames; i++)
		if (!scd_valid_name(sel->names[i], 64))
			return scd_err_set(e, 2, "invalid syscall name '%s' (lower-case letters, "
					   "digits and '_' only)", sel->names[i]);
	p->args = sel->args;
	p->noreturn[0] = scd_syscall_nr("exit");
	p->noreturn[1] = scd_syscall_nr("exit_group");
	/*
	 * Watching every syscall: raw_syscalls costs the traced tasks less per call than the
	 * per-syscall events (measured +159 against +207 ns per getppid with exit records only)
	 * and also sees syscalls that have no per-syscall event. A subset: per-syscall events,
	 * so the syscalls left out write nothing at all.
	 */
	if (!sel->no_syscalls && !o->raw_syscalls && (sel->names || sel->typed))
		scd_tfs_syscall_events(&evnames, &nev);
	if (sel->no_syscalls)
		err = 0;
	else if (!nev)
		err = plan_raw(sel, p, e);
	else
		err = plan_per_syscall(sel, evnames, nev, p, e);
	scd_tfs_names_free(evnames, nev);
	if (err)
		return err;
	if (o->has_comm)
		xasprintf(&p->comm_filter, "COMM == \"%s\"", o->comm);	/* validated: no quotes */
	/* Thread exits drop pending enters and thread info; execs refresh comm. */
	tasks = sel->tasks || o->has_comm || o->npids || sel->sched;
	if (sel->no_syscalls)
		return 0;	/* sched only: perf gives exits, the tracefs fallback adds them */
	if ((sel->enters || tasks) && scd_tfs_event_exists("sched", "sched_process_exit"))
		add_req(p, "sched", "sched_process_exit", SCD_EV_TASK_EXIT, NULL);
	if (tasks && scd_tfs_event_exists("sched", "sched_process_exec"))
		add_req(p, "sched", "sched_process_exec", SCD_EV_TASK_EXEC, NULL);
	return 0;
}

int scd_plan_layouts(struct scd_plan *p, struct scd_tfs_formats *f, struct scd_decoder *dec,
		     struct scd_err *e)
{
	size_t i;

	for (i = 0; i < p->nev; i++) {
		struct scd_ev_req *r = &p->ev[i];
		int id = scd_tfs_layout_add(f, dec, r->sys, r->ev, r->kind);

		if (id < 0)
			return scd_err_set(e, 1, "cannot read the format of %s:%s: %s", r->sys,
					   r->ev, strerror(-id));
		r->id = id;
		/* Arguments nobody reads are not decoded: six fewer field reads per enter. */
		if (r->kind == SCD_EV_SYS_ENTER && !p->args)
			scd_decoder_slot(dec, (uint32_t)id)->nargs = 0;
		if (!p->raw && r->kind == SCD_EV_SYS_EXIT) {
			if ((size_t)id >= p->nnames_by_id) {
				size_t n = (size_t)id + 256;

				p->names_by_id = xrealloc(p->names_by_id, n, sizeof(char *));
				memset(p->names_by_id + p->nnames_by_id, 0,
				       (n - p->nnames_by_id) * sizeof(char *));
				p->nnames_by_id = n;
			}
			p->names_by_id[id] = xstrdup(r->ev + strlen("sys_exit_"));
		}
	}
	return 0;
}

int scd_plan_apply(struct scd_plan *p, struct scd_tfs_instance *ti, struct scd_err *e)
{
	char kerr[512], self[32];
	size_t i;
	int err;

	if (p->event_pid) {
		err = scd_tfs_write(ti, "set_event_pid", p->event_pid);
		if (err)
			return scd_err_set(e, 1, "cannot set the pid filter: %s", strerror(-err));
	} else {
		/* System-wide: never trace our own reads of the buffers. */
		snprintf(self, sizeof(self), "%d", (int)getpid());
		if (scd_tfs_write(ti, "set_event_notrace_pid", self))
			p->self_in_trace = true;	/* before Linux 5.8: drop ours in userspace */
	}
	/*
	 * -c: the kernel compares the task's comm at the time of the event (so after exec), and
	 * drops other tasks' records before they are copied. Kernels without the COMM filter
	 * field get the comm matched in userspace instead.
	 */
	if (p->comm_filter && p->nev &&
	    scd_tfs_filter(ti, p->ev[0].sys, p->ev[0].ev, p->comm_filter, NULL, 0)) {
		free(p->comm_filter);
		p->comm_filter = NULL;
	}
	for (i = 0; i < p->nev; i++) {
		struct scd_ev_req *r = &p->ev[i];
		char *f = r->filter;

		if (p->comm_filter && r->kind != SCD_EV_TASK_EXIT && r->kind != SCD_EV_TASK_EXEC) {
			if (r->filter)
				xasprintf(&f, "(%s) && %s", r->filter, p->comm_filter);
			else
				f = p->comm_filter;
		}
		err = f ? scd_tfs_filter(ti, r->sys, r->ev, f, kerr, sizeof(kerr)) : 0;
		if (f != r->filter && f != p->comm_filter)
			free(f);
		/*
		 * Command filters are checked again in userspace (a kernel filter only saves
		 * copying), so one the kernel refuses (say a negative constant on an unsigned
		 * field) falls back to userspace; the comm filter, which is not, still must hold.
		 * raw_syscalls id filters are not checked again: they must hold too.
		 */
		if (err && r->filter && !p->raw) {
			err = p->comm_filter ? scd_tfs_filter(ti, r->sys, r->ev, p->comm_filter, kerr,
							      sizeof(kerr)) : 0;
		}
		if (err)
			return scd_err_set(e, 1, "the kernel rejected the filter of %s:%s: %s",
					   r->sys, r->ev, kerr);
	}
	for (i = 0; i < p->nev; i++) {
		err = scd_tfs_enable(ti, p->ev[i].sys, p->ev[i].ev);
		if (err)
			return scd_err_set(e, 1, "cannot enable %s:%s: %s", p->ev[i].sys,
					   p->ev[i].ev, strerror(-err));
	}
	return 0;
}

void scd_plan_free(struct scd_plan *p)
{
	size_t i;

	for (i = 0; i < p->nev; i++)
		free(p->ev[i].filter);
	free(p->ev);
	for (i = 0; i < p->nnames_by_id; i++)
		free(p->names_by_id[i]);
	free(p->names_by_id);
	free(p->event_pid);
	free(p->comm_filter);
	memset(p, 0, sizeof(*p));
}
