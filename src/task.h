// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What we know of each traced thread: its process (tgid) and its comm. Tracefs syscall
 * records carry only the thread id, so both are read from /proc/TID the first time a thread
 * is seen, re-read after it calls execve (the comm changes), and forgotten when it exits.
 * A thread already gone when first seen keeps tgid = tid and takes its comm from its exit
 * record, or "[unknown]".
 */
#ifndef SCD_TASK_H
#define SCD_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct scd_task {
	int32_t tid;		/* 0 = free slot */
	int32_t tgid;
	char comm[16];
	uint8_t resolved;	/* /proc was read (or the thread was gone) */
	uint8_t unknown;	/* /proc had no entry: tgid = tid, comm "[unknown]" */
};

struct scd_tasks;

/*
 * @tgid_of (may be NULL) is asked for the tgid of a thread /proc no longer shows (the
 * kernel's record of it, see session.c); it returns the tgid or a negative errno.
 */
struct scd_tasks *scd_tasks_new(int32_t (*tgid_of)(int32_t tid, void *ctx), void *ctx);
void scd_tasks_free(struct scd_tasks *t);

/* The thread's entry, resolved from /proc on first sight. Valid until the next call. */
const struct scd_task *scd_tasks_get(struct scd_tasks *t, int32_t tid);

/* execve: the comm will be re-read at the next get. */
void scd_tasks_exec(struct scd_tasks *t, int32_t tid);

/*
 * The thread exited and is forgotten. If it was "[unknown]", returns a copy named with @comm
 * (its comm from the exit record; valid until the next call), else NULL.
 */
const struct scd_task *scd_tasks_exit(struct scd_tasks *t, int32_t tid, const char *comm);

size_t scd_tasks_count(const struct scd_tasks *t);

/* Reads Tgid and Name of /proc/TID/status; 0 or a negative errno. */
int scd_proc_task(int32_t tid, int32_t *tgid, char comm[16]);

#endif
