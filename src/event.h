// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The normalized record every source produces and every later stage consumes. A source
 * (tracefs ring-buffer pages today, perf rings later) decodes its raw bytes into struct
 * scd_event with offsets cached at set-up; nothing after decode sees a library type.
 */
#ifndef SCD_EVENT_H
#define SCD_EVENT_H

#include <stdint.h>

enum scd_ev_kind {
	SCD_EV_NONE = 0,	/* an event id we did not ask for: ignored */
	SCD_EV_SYS_ENTER,	/* nr, args[] */
	SCD_EV_SYS_EXIT,	/* nr, ret */
	SCD_EV_GAP,		/* the source lost events on this CPU just before ts */
	SCD_EV_TASK_EXEC,	/* tid called execve successfully: comm changed */
	SCD_EV_TASK_EXIT,	/* tid is gone: drop its state */
	/*
	 * sched_switch: tid = prev, ret = prev_state, nr = next (or -1 when the source gives
	 * switch-ins separately), args[0..1] = prev comm, args[2]/args[3] = kernel/user stack
	 * ids (0 = none, see stacks.h), args[4] = prev's tgid (0 = unknown).
	 */
	SCD_EV_SCHED_SWITCH,
	SCD_EV_SWITCH_IN,	/* tid starts running on cpu; args[4] = tgid */
	SCD_EV_TASK_FORK,	/* tid is new; args[0] = its tgid, args[1] = the parent's tgid */
	/*
	 * An executable mapping of process tid: args[0] start, args[1] length, args[2] file
	 * offset, args[3] device (major << 32 | minor), ret inode, nr the path's id (strtab.h).
	 */
	SCD_EV_MMAP,
	SCD_EV_WAKEUP,		/* tid was woken (sched_wakeup; the tracefs fallback only) */
};

#define SCD_MAX_ARGS 6

struct scd_event {
	uint64_t ts;		/* ns, CLOCK_MONOTONIC (trace_clock mono) */
	int32_t tid;		/* kernel pid of the thread (common_pid) */
	uint16_t cpu;
	uint8_t kind;		/* enum scd_ev_kind */
	uint8_t nargs;
	int32_t nr;		/* syscall number, -1 when not a syscall */
	int32_t id;		/* tracefs event id, for analyzers that read extra fields; -1 for
				 * records from perf */
	int64_t ret;		/* SYS_EXIT: return value; GAP: events lost, -1 unknown */
	uint64_t args[SCD_MAX_ARGS];	/* SYS_ENTER: raw argument words; TASK_EXIT: comm */
};

/* A return value in [-4095, -1] is an error (the kernel's IS_ERR_VALUE convention). */
static inline int scd_ret_errno(int64_t ret)
{
	return (ret < 0 && ret >= -4095) ? (int)-ret : 0;
}

#endif
