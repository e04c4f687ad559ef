// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The off-CPU analyzer (offcputime's semantics, without BPF). At the switch-out of a wanted
 * thread that is not runnable it remembers the time, the thread's state and its stacks (and,
 * with syscall records, the syscall it is in); at the thread's next switch-in it adds the
 * time off CPU to three tables: by (thread, kernel stack, user stack), by thread (split by
 * state), and by (thread, syscall, fd). Blocks that cannot be measured honestly are counted,
 * not guessed: a lost-records gap drops the blocks open across it, a switch-out seen twice
 * without a switch-in between drops the first, unless a wakeup was seen in between (the
 * tracefs fallback traces sched_wakeup): then the block ends at the wakeup, which leaves out
 * only the wait for a CPU, and is counted as such. Aggregation only; report-offcpu.c formats.
 */
#ifndef SCD_AN_OFFCPU_H
#define SCD_AN_OFFCPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "task.h"

/* Thread states as the sched_switch tracepoint reports them (TASK_REPORT bits). */
#define SCD_ST_S 0x01		/* interruptible sleep */
#define SCD_ST_D 0x02		/* uninterruptible */
#define SCD_ST_T 0x04		/* stopped */
#define SCD_ST_TT 0x08		/* traced */
#define SCD_ST_DEAD 0x30	/* X, Z: exiting, never switched in again */
#define SCD_ST_P 0x40		/* parked */
#define SCD_ST_I 0x80		/* idle (kernel threads) */
#define SCD_ST_R 0x100		/* runnable: preempted (R+) or yielded (R) */
#define SCD_ST_BLOCKED (SCD_ST_S | SCD_ST_D | SCD_ST_T | SCD_ST_TT | SCD_ST_P | SCD_ST_I)

/* The per-thread split: S, D, and the rest. */
enum scd_offcpu_cls { SCD_CLS_S, SCD_CLS_D, SCD_CLS_OTHER, SCD_CLS_R, SCD_CLS_N };

struct scd_offcpu_cfg {
	unsigned int states;	/* SCD_ST_* mask of switch-outs that start a block */
	bool user_only;		/* -u */
	bool kernel_only;	/* -k */
	uint64_t min_ns;	/* -m: blocks shorter are not counted */
	uint64_t max_ns;	/* -M: blocks longer are not counted (0 = no limit) */
	bool syscalls;		/* attribute blocks to the syscall in progress */
	/* With -u/-k: is @tid a kernel thread? NULL = /proc/TID/stat flags (PF_KTHREAD). */
	bool (*is_kthread)(int32_t tid, void *ctx);
	void *ctx;
};

struct scd_offcpu_key {
	int32_t tid;
	int32_t tgid;
	uint32_t kstack;	/* stack ids (stacks.h), 0 = none */
	uint32_t ustack;
	char comm[16];
};

struct scd_offcpu_row {
	struct scd_offcpu_key k;
	uint64_t total_ns;
	uint64_t blocks;
};

struct scd_offcpu_thread {
	int32_t tid;		/* first: tid map key */
	int32_t tgid;
	char comm[16];
	uint64_t total_ns;
	uint64_t cls_ns[SCD_CLS_N];
	uint64_t blocks;
	uint64_t max_ns;
};

struct scd_offcpu_sys {
	int32_t tgid;
	int32_t nr;		/* syscall number, -1 = not in a syscall */
	int64_t fd;		/* first argument of fd syscalls, -1 = none */
	char comm[16];
	uint64_t total_ns;
	uint64_t blocks;
	uint64_t max_ns;
};

struct scd_offcpu_stats {
	uint64_t switch_outs;	/* of wanted threads */
	uint64_t blocks;	/* measured and counted */
	uint64_t filtered;	/* measured, outside -m/-M */
	uint64_t not_state;	/* switch-outs in a state not selected (e.g. preempted) */
	uint64_t dropped_gap;	/* open across lost records */
	uint64_t dropped_reout;	/* switched out again with no switch-in (nor wakeup) seen */
	uint64_t closed_at_wakeup;	/* switch-in not seen: ended at the wakeup (tracefs) */
	uint64_t dropped_exit;	/* the thread exited while off CPU (no wakeup seen) */
	uint64_t open_at_end;	/* still off CPU when tracing stopped */
	uint64_t open_max_ns;	/* the longest of those so far */
};

struct scd_offcpu;

struct scd_offcpu *scd_offcpu_new(const struct scd_offcpu_cfg *cfg);
void scd_offcpu_free(struct scd_offcpu *a);

/* A sched record from the session's sched hook (@task: prev's entry, may be NULL). */
void scd_offcpu_sched(struct scd_offcpu *a, const struct scd_event *ev, const struct scd_task *t);

/* A syscall enter or exit record (with cfg.syscalls): tracks the syscall each thread is in. */
void scd_offcpu_record(struct scd_offcpu *a, const struct scd_event *ev);

/* Ends the run at @ts: counts the blocks still open. */
void scd_offcpu_finish(struct scd_offcpu *a, uint64_t ts);

/* The tables, sorted by total time (largest first); valid until the next call on @a. */
const struct scd_offcpu_row *scd_offcpu_rows(struct scd_offcpu *a, size_t *n);
const struct scd_offcpu_thread *scd_offcpu_threads(struct scd_offcpu *a, size_t *n);
const struct scd_offcpu_sys *scd_offcpu_syscalls(struct scd_offcpu *a, size_t *n);
const struct scd_offcpu_stats *scd_offcpu_get_stats(const struct scd_offcpu *a);

/* Parses --state: "S", "D", "S,D", "ALL" (letters S D T t P I R). 0 or -EINVAL. */
int scd_offcpu_parse_states(const char *s, unsigned int *mask);

#endif
