// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Internals shared by session.c (the loop), session-setup.c (events and targets) and
 * session-sched.c (sched_switch records for off-CPU analysis).
 */
#ifndef SCD_SESSION_INT_H
#define SCD_SESSION_INT_H

#include <stdarg.h>

#include "child.h"
#include "decode.h"
#include "pf-sched.h"
#include "session.h"
#include "stream.h"
#include "tfs-format.h"
#include "tfs-instance.h"
#include "tfs-reader.h"
#include "tidmap.h"

struct scd_ev_req {
	char sys[32];
	char ev[80];
	int kind;		/* enum scd_ev_kind */
	char *filter;		/* kernel filter, or NULL */
	int id;
};

struct scd_plan {
	struct scd_ev_req *ev;
	size_t nev;
	bool raw;		/* raw_syscalls backend */
	bool args;		/* enter arguments are decoded */
	int noreturn[2];	/* exit, exit_group */
	char *event_pid;	/* set_event_pid contents, or NULL for system-wide */
	bool event_fork;
	bool self_in_trace;	/* the kernel could not exclude our own pid */
	char *comm_filter;	/* COMM == "x" for -c, NULL when -c is matched in userspace */
	char **names_by_id;	/* per-syscall backend: event id -> syscall name (learned names) */
	size_t nnames_by_id;
};

/* One session run: session.c owns it, session-sched.c reads the sched parts. */
struct run {
	const struct scd_opts *o;
	const struct scd_session_hooks *h;
	struct scd_plan plan;
	struct scd_decoder *dec;
	struct scd_stream *stream;
	struct scd_pair *pair;
	struct scd_tasks *tasks;
	struct scd_tfs_instance *ti;
	struct scd_tfs_reader *rd;	/* NULL when only perf is read */
	struct scd_pf_sched *pf;	/* sched_switch through perf, or NULL */
	struct scd_tidmap *verdicts;	/* sched: tid -> wanted as a switch-out */
	struct scd_tidmap *procs;	/* sched: tgids followed (-p, -- CMD and its children) */
	struct scd_child child;
	const struct scd_task *cur_task;
	uint8_t *id_seen;
	unsigned long long lost_reported;
	uint64_t events;	/* handed out by the merge */
	uint64_t round;		/* read rounds so far */
	struct scd_tidmap *tgids;	/* the kernel's saved pid -> tgid, loaded on demand */
	uint64_t tgids_round;
	uint64_t next;		/* next interval boundary, 0 without -i */
	uint64_t interval;
	unsigned long nblocks;	/* interval blocks handed to the command */
	int32_t self;		/* our pid, dropped when the kernel cannot exclude it */
	const struct scd_sched_select *sched;	/* NULL when no sched_switch records */
	unsigned int ncpu;	/* tracefs stream queues (perf rings' queues follow) */
	int sched_id;		/* the sched_switch tracepoint id */
};

int scd_err_set(struct scd_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Validates targets (-p, -t) and decides the kernel pid filter. */
int scd_plan_targets(const struct scd_opts *o, struct scd_plan *p, struct scd_err *e);

/* Picks the backend and the exact events (and filters) for @sel. */
int scd_plan_events(const struct scd_opts *o, const struct scd_sc_select *sel, struct scd_plan *p,
		    struct scd_err *e);

/* Adds one more event to trace (sched:sched_switch for the tracefs fallback). */
void scd_plan_add(struct scd_plan *p, const char *sys, const char *ev, int kind);

/* Adds every planned event's layout to @dec; fills ids. */
int scd_plan_layouts(struct scd_plan *p, struct scd_tfs_formats *f, struct scd_decoder *dec,
		     struct scd_err *e);

/* Writes pid filters, event filters and enables, in that order. */
int scd_plan_apply(struct scd_plan *p, struct scd_tfs_instance *ti, struct scd_err *e);

void scd_plan_free(struct scd_plan *p);

/*
 * Off-CPU records (session-sched.c). _plan: the sched_switch layout and the target sets, before
 * -- CMD is started; 0 or -1 with @e set. _open: the perf source (bound to the -p/-t/-- CMD
 * threads, else per CPU), or tracefs sched_switch planned when perf is refused or not wanted;
 * fills the sched parts of @res.
 */
int scd_sched_plan(struct run *r, struct scd_tfs_formats *f, struct scd_err *e);
int scd_sched_open(struct run *r, struct scd_session_result *res);

/* Hands a sched record to the command; false when @ev is not one (the caller goes on). */
bool scd_sched_route(struct run *r, const struct scd_event *ev);

void scd_sched_teardown(struct run *r);

#endif
