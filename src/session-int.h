// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Internals shared by session.c (the loop) and session-setup.c (events and targets).
 */
#ifndef SCD_SESSION_INT_H
#define SCD_SESSION_INT_H

#include <stdarg.h>

#include "decode.h"
#include "session.h"
#include "tfs-format.h"
#include "tfs-instance.h"

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

int scd_err_set(struct scd_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Validates targets (-p, -t) and decides the kernel pid filter. */
int scd_plan_targets(const struct scd_opts *o, struct scd_plan *p, struct scd_err *e);

/* Picks the backend and the exact events (and filters) for @sel. */
int scd_plan_events(const struct scd_opts *o, const struct scd_sc_select *sel, struct scd_plan *p,
		    struct scd_err *e);

/* Adds every planned event's layout to @dec; fills ids. */
int scd_plan_layouts(struct scd_plan *p, struct scd_tfs_formats *f, struct scd_decoder *dec,
		     struct scd_err *e);

/* Writes pid filters, event filters and enables, in that order. */
int scd_plan_apply(struct scd_plan *p, struct scd_tfs_instance *ti, struct scd_err *e);

void scd_plan_free(struct scd_plan *p);

#endif
