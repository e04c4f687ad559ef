// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Our private tracefs instance: created as scdiag-<pid>-<starttime>, configured in the safe
 * order, removed on every exit path, and made harmless if we are SIGKILLed (free_buffer held
 * open with disable_on_free: the kernel stops tracing and frees the buffer when our fds close).
 * Instances of dead scdiag runs are reaped at start. The top-level instance is never touched.
 */
#ifndef SCD_TFS_INSTANCE_H
#define SCD_TFS_INSTANCE_H

#include <stdbool.h>
#include <stddef.h>

struct tracefs_instance;

struct scd_tfs_instance {
	struct tracefs_instance *inst;
	char name[64];
	int free_fd;		/* instance free_buffer, held open */
	int *cpu_fd;		/* per_cpu/cpuN/trace_pipe_raw, -1 when not open */
	unsigned int ncpu;
};

struct scd_tfs_settings {
	size_t buffer_kb;	/* per CPU */
	unsigned int buffer_percent;
	unsigned int subbuf_kb;		/* sub-buffer size where the kernel lets us choose (6.8+) */
	bool event_fork;	/* follow children of set_event_pid tasks */
	bool record_tgid;	/* have the kernel remember each traced thread's tgid */
};

/* Removes instances whose owner is gone; @note is called with each removed name. */
int scd_tfs_reap(void (*note)(const char *name, void *ctx), void *ctx);

/* Creates our instance with tracing off and @set applied. */
int scd_tfs_instance_create(const struct scd_tfs_settings *set, struct scd_tfs_instance **out);

/* Trace off, events off, instance removed (retrying while the kernel says EBUSY). Idempotent. */
void scd_tfs_instance_destroy(struct scd_tfs_instance *ti);

/* Destroys the live instance, if any: for atexit() and fatal paths. */
void scd_tfs_instance_cleanup(void);

/*
 * Opens per_cpu/cpuN/trace_pipe_raw non-blocking. The instance owns the fd (closed before
 * the instance is removed, or rmdir fails with EBUSY). -ENODEV for a CPU that has no buffer.
 */
int scd_tfs_open_cpu(struct scd_tfs_instance *ti, unsigned int cpu);

int scd_tfs_write(struct scd_tfs_instance *ti, const char *file, const char *val);
int scd_tfs_trace_on(struct scd_tfs_instance *ti, bool on);
/* Empties the ring buffers (after enabling, before tracing_on, so set-up noise is dropped). */
int scd_tfs_clear(struct scd_tfs_instance *ti);

/*
 * Calls @fn for each pid -> tgid pair the kernel remembered (the read-only saved_tgids file,
 * kept while an instance has record-tgid set). 0 or a negative errno.
 */
int scd_tfs_saved_tgids(void (*fn)(int pid, int tgid, void *ctx), void *ctx);

/* The instance's sub-buffer size in bytes (4096 on kernels that cannot change it). */
unsigned int scd_tfs_subbuf_size(struct scd_tfs_instance *ti);

/* Reads "stat" lines from per_cpu/cpuN/stats: overrun + commit overrun + dropped events. */
int scd_tfs_cpu_lost(struct scd_tfs_instance *ti, unsigned int cpu, unsigned long long *lost);

/* The start time of @pid (field 22 of /proc/PID/stat), 0 if the process does not exist. */
unsigned long long scd_proc_starttime(int pid);

#endif
