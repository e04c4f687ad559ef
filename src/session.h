// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A syscall tracing session, shared by every command that watches syscalls (count today;
 * diagnose and argdist build on it). It turns the common options and the set of syscalls a
 * command needs into a tracefs instance with only those events enabled and the pid filters in
 * the kernel, runs the read -> decode -> merge -> pair loop, and hands each completed call and
 * each interval boundary to the command's hooks. It never prints: problems come back as one
 * message and an exit code for the command to show.
 */
#ifndef SCD_SESSION_H
#define SCD_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pair.h"
#include "pf-decode.h"
#include "task.h"

/* Options common to the tracing commands (cli.c parses them). */
struct scd_opts {
	int32_t *pids;		/* -p, repeatable: whole processes */
	size_t npids;
	int32_t *tids;		/* -t, repeatable: single threads */
	size_t ntids;
	char comm[16];		/* -c */
	bool has_comm;
	double duration_s;	/* -d, 0 = until Ctrl-C or the command exits */
	double interval_s;	/* -i, 0 = one report at the end */
	char **cmd;		/* -- CMD ARGS (NULL-terminated), or NULL */
	char *cmd_path;		/* CMD found in PATH */
	unsigned long buffer_kb;	/* -b, per CPU */
	bool raw_syscalls;	/* --raw-syscalls */
	bool json;
	int verbose;
};

struct scd_stacks;
struct scd_strtab;

/* Off-CPU analysis: sched_switch records (perf samples with stacks, or tracefs). */
struct scd_sched_select {
	struct scd_stacks *stacks;	/* where callchains are interned (the command owns it) */
	struct scd_strtab *paths;	/* where mapped files' paths are interned (SCD_EV_MMAP) */
	bool kernel_stacks;
	bool user_stacks;
	unsigned int max_stack;		/* frames per callchain, kernel + user */
	bool no_perf;			/* tracefs sched_switch even if perf_event_open works */
	unsigned int stack_copy;	/* bytes of user stack per sample for @unwind (x86-64) */
	scd_pf_unwind_fn unwind;	/* completes user chains; NULL: frame pointers only */
	const struct scd_pf_maps_hooks *maps;	/* execs, forks, mmaps as soon as decoded */
	void *unwind_ctx;
};

#define SCD_WANT_ENTER 1
#define SCD_WANT_EXIT 2

/* What a command needs from the kernel. */
struct scd_sc_select {
	char **names;		/* syscalls by user name; NULL = all syscalls */
	size_t nnames;
	const uint8_t *want;	/* per name, SCD_WANT_* (NULL: the exit, and the enter if .enters) */
	const char *const *enter_filters;	/* per name: kernel filter of its enter event */
	const char *const *exit_filters;	/* per name: of its exit event (syscalls:* only) */
	bool enters;		/* pair enter records with exits (latency, arguments of calls) */
	bool args;		/* decode the enter records' arguments */
	bool typed;		/* needs the per-syscall events' typed fields even for all syscalls */
	bool tasks;		/* thread -> process/comm resolution (per-process reports) */
	const char *exit_filter;	/* kernel filter on "ret" for exit records, NULL = none;
					 * used only without enters (else pairing would suffer) */
	bool no_syscalls;		/* watch no syscall at all (sched only) */
	const struct scd_sched_select *sched;	/* NULL: no sched_switch records */
};

struct scd_session_hooks {
	void *ctx;
	/* A completed call. @task is set when tasks are resolved, else NULL. */
	void (*call)(const struct scd_call *c, const struct scd_task *task, void *ctx);
	/* Every enter and exit record, in time order, before pairing; may be NULL. */
	void (*record)(const struct scd_event *ev, const struct scd_task *task, void *ctx);
	/*
	 * End of an interval block (-i): every call up to @ts_end was handed out. @lost: events
	 * lost during the block. Negative stops the session as an output failure (stdout closed),
	 * positive stops it normally (the command has all the blocks it wants). The last,
	 * possibly partial, block is reported by the command after scd_session_run() returns,
	 * unless a hook stopped the session.
	 */
	int (*interval)(uint64_t ts_end, unsigned long long lost, void *ctx);
	/*
	 * A thread that had exited before /proc could name it ("[unknown]") is now named from
	 * its exit record; may be NULL.
	 */
	void (*task_named)(const struct scd_task *t, void *ctx);
	/*
	 * With sel->sched: SCHED_SWITCH records of wanted threads (an unwanted prev becomes a
	 * SWITCH_IN of next), SWITCH_IN, WAKEUP, TASK_EXEC, TASK_EXIT, TASK_FORK, MMAP and perf GAP
	 * records (id -1), in
	 * time order with the syscall records. @task: prev's entry (SCHED_SWITCH), else NULL.
	 */
	void (*sched)(const struct scd_event *ev, const struct scd_task *task, void *ctx);
	/* Tracing has started (set-up succeeded); may be NULL. */
	void (*started)(void *ctx);
	/* Informational notes for stderr (reaped instances, mounted tracefs; with -v the backend). */
	void (*note)(const char *msg, void *ctx);
};

struct scd_session_result {
	double duration_s;
	double last_block_s;		/* with -i: length of the last (partial) block */
	unsigned long long lost;	/* events lost in the whole run */
	unsigned long long lost_last_block;	/* with -i: lost in the last block */
	uint64_t gap_pages;		/* pages that carried the missed-events flag */
	struct scd_pair_stats pair;
	size_t in_flight;		/* enters still waiting for their exit at the end */
	const char *backend;		/* "syscalls:*" or "raw_syscalls" */
	bool interrupted;		/* ended by a signal */
	bool output_failed;		/* an interval hook failed (errno tells why) */
	bool hook_stopped;		/* an interval hook asked to stop */
	unsigned long intervals;	/* interval blocks handed to the hook */
	bool target_exited;		/* -- CMD (or every -p process) ended */
	int child_status;		/* wait status of -- CMD */
	uint64_t late_events;		/* records that arrived behind the merge horizon */
	uint64_t events;		/* records read, decoded and handed out */
	double cpu_s;			/* our own CPU time (user + system), set-up included */
	/* sched_switch source (with sel->sched) */
	const char *sched_backend;	/* "libperf", "perf_event_open" or "tracefs" */
	int perf_err;			/* why perf was not used (errno), 0 if it was */
	unsigned long long perf_lost;	/* samples and records perf lost (also in .lost) */
	uint64_t perf_samples;
	uint64_t perf_switch_ins;
	uint64_t chains_full;		/* callchains cut at max_stack */
	uint64_t ustacks_copied;	/* samples with a user stack copy */
	uint64_t ustacks_unwound;	/* ... whose user chain the unwinder completed */
	bool stack_copy_refused;	/* the kernel refused the user stack copy (EINVAL) */
	unsigned int offline_cpus;
	bool perf_bound;		/* perf events bound to the target threads (not per CPU) */
};

struct scd_err {
	int exit_code;		/* 1 runtime, 2 usage */
	char msg[768];
};

/* Runs the whole session. Returns 0, or -1 with @err filled; tracefs is always cleaned up. */
int scd_session_run(const struct scd_opts *o, const struct scd_sc_select *sel,
		    const struct scd_session_hooks *h, struct scd_session_result *res,
		    struct scd_err *err);

#endif
