// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What perf_event_open allows here: sched_switch sampled on every CPU with raw data and
 * kernel callchains, tried for real (and closed at once), with the paranoid level for the
 * explanation. Also whether BPF is available, only so users comparing tools know.
 */
#ifndef SCD_PF_PROBE_H
#define SCD_PF_PROBE_H

#include <stdbool.h>

struct scd_perf_probe {
	int paranoid;		/* kernel.perf_event_paranoid, -99 if unreadable */
	int max_stack;		/* kernel.perf_event_max_stack, -1 if unreadable */
	int open_err;		/* 0 if sched_switch sampling opened, else errno */
	int callchain_err;	/* 0 if kernel callchains were accepted, else errno */
	bool bpf;		/* a BPF map could be created */
	int bpf_err;
	const char *backend;	/* "libperf" or "raw perf_event_open" */
};

/* @sched_switch_id: the tracepoint id, or < 0 when unknown (then open_err = ENOENT). */
void scd_perf_probe(int sched_switch_id, struct scd_perf_probe *p);

#endif
