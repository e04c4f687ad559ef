// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Instance life cycle (see tfs-instance.h). The set-up order matters: a new instance starts
 * with tracing_on=1, so we switch it off before anything else; buffer size and clock come
 * next (changing the clock clears the buffer); filters and events are the caller's, then
 * scd_tfs_clear() and scd_tfs_trace_on() (kernel-interfaces.md §1.1).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tracefs.h>

#include "proc.h"
#include "tfs-dir.h"
#include "tfs-instance.h"
#include "xalloc.h"

#define PREFIX "scdiag-"

static struct scd_tfs_instance *live;

unsigned long long scd_proc_starttime(int pid)
{
	char buf[1024];
	const char *p = scd_proc_stat_fields(pid, buf, sizeof(buf));
	int field;

	/* p is at field 3 (state); the start time is field 22. */
	for (field = 3; p && field < 22; field++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	return p ? strtoull(p, NULL, 10) : 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* rmdir of an instance fails with EBUSY while any of its files is open somewhere. */
static int remove_dir(const char *name)
{
	char path[PATH_MAX];
	int i;

	snprintf(path, sizeof(path), "%s/instances/%s", scd_tfs_path(), name);
	for (i = 0; i < 100; i++) {
		if (rmdir(path) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			return -errno;
		sleep_ms(20);
	}
	return -EBUSY;
}

static void quiesce(struct tracefs_instance *inst)
{
	tracefs_trace_off(inst);
	tracefs_instance_file_write(inst, "events/enable", "0");
}

static bool is_stale(const char *name)
{
	unsigned long long start;
	int pid, n = 0;

	if (sscanf(name, PREFIX "%d-%llu%n", &pid, &start, &n) != 2 || name[n] || pid <= 0)
		return false;
	return scd_proc_starttime(pid) != start;
}

int scd_tfs_reap(void (*note)(const char *name, void *ctx), void *ctx)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int reaped = 0;

	snprintf(path, sizeof(path), "%s/instances", scd_tfs_path());
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, PREFIX, strlen(PREFIX)) || !is_stale(de->d_name))
			continue;
		/*
		 * One rmdir, nothing else: a dead run's fds are closed, so the kernel removes the
		 * instance (and disables its events); EBUSY means a live owner we cannot see (say
		 * in another pid namespace), which must be left alone, untouched.
		 */
		snprintf(path, sizeof(path), "%s/instances/%s", scd_tfs_path(), de->d_name);
		if (rmdir(path) == 0) {
			reaped++;
			if (note)
				note(de->d_name, ctx);
		}
	}
	closedir(d);
	return reaped;
}

int scd_tfs_write(struct scd_tfs_instance *ti, const char *file, const char *val)
{
	if (tracefs_instance_file_write(ti->inst, file, val) < 0)
		return errno ? -errno : -EIO;
	return 0;
}

static int setup(struct scd_tfs_instance *ti, const struct scd_tfs_settings *set)
{
	char val[32];
	int err;

	if (tracefs_trace_off(ti->inst) < 0)
		return -EIO;
	/* disable_on_free + an open free_buffer: a SIGKILLed run stops tracing on close. */
	err = scd_tfs_write(ti, "options/disable_on_free", "1");
	if (err)
		return err;
	ti->free_fd = tracefs_instance_file_open(ti->inst, "free_buffer", O_WRONLY | O_CLOEXEC);
	if (ti->free_fd < 0)
		return -EIO;
	/*
	 * Larger sub-buffers mean fewer reads for the same data: each read() of trace_pipe_raw
	 * returns one sub-buffer, and its fixed cost (locks with interrupts off, a syscall) was a
	 * fifth of the reader's time with 4 KiB ones. Older kernels lack the file: keep 4 KiB.
	 */
	if (set->subbuf_kb && tracefs_file_exists(ti->inst, "buffer_subbuf_size_kb")) {
		snprintf(val, sizeof(val), "%u", set->subbuf_kb);
		scd_tfs_write(ti, "buffer_subbuf_size_kb", val);
	}
	if (tracefs_instance_set_buffer_size(ti->inst, set->buffer_kb, -1) < 0)
		return errno == ENOMEM ? -ENOMEM : -EIO;
	err = scd_tfs_write(ti, "trace_clock", "mono");
	if (err)
		return err;
	/* Before Linux 5.0 there is no buffer_percent: poll then wakes at the first record. */
	snprintf(val, sizeof(val), "%u", set->buffer_percent);
	if (tracefs_file_exists(ti->inst, "buffer_percent")) {
		err = scd_tfs_write(ti, "buffer_percent", val);
		if (err)
			return err;
	}
	/* record-tgid: threads that exit before we read /proc can still be put in their process. */
	if (set->record_tgid && tracefs_file_exists(ti->inst, "options/record-tgid"))
		scd_tfs_write(ti, "options/record-tgid", "1");
	/* event-fork (Linux 4.7+) is only written when children must be followed. */
	return set->event_fork ? scd_tfs_write(ti, "options/event-fork", "1") : 0;
}

int scd_tfs_saved_tgids(void (*fn)(int pid, int tgid, void *ctx), void *ctx)
{
	char path[PATH_MAX];
	int pid, tgid;
	FILE *f;

	snprintf(path, sizeof(path), "%s/saved_tgids", scd_tfs_path());
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fscanf(f, "%d %d", &pid, &tgid) == 2)
		if (pid > 0 && tgid > 0)
			fn(pid, tgid, ctx);
	fclose(f);
	return 0;
}

unsigned int scd_tfs_subbuf_size(struct scd_tfs_instance *ti)
{
	long long kb = 0;

	if (!tracefs_file_exists(ti->inst, "buffer_subbuf_size_kb") ||
	    tracefs_instance_file_read_number(ti->inst, "buffer_subbuf_size_kb", &kb) < 0 ||
	    kb < 4 || kb > 1024)
		return 4096;
	return (unsigned int)kb * 1024;
}

int scd_tfs_instance_create(const struct scd_tfs_settings *set, struct scd_tfs_instance **out)
{
	struct scd_tfs_instance *ti = xcalloc(1, sizeof(*ti));
	int err;

	ti->free_fd = -1;
	snprintf(ti->name, sizeof(ti->name), PREFIX "%d-%llu", (int)getpid(),
		 scd_proc_starttime(getpid()));
	ti->inst = tracefs_instance_create(ti->name);
	if (!ti->inst) {
		err = errno ? -errno : -EIO;
		free(ti);
		return err;
	}
	if (!tracefs_instance_is_new(ti->inst)) {
		/* Our own name exists: only a previous run with our pid and start time. */
		tracefs_instance_free(ti->inst);
		free(ti);
		return -EEXIST;
	}
	live = ti;
	err = setup(ti, set);
	if (err) {
		scd_tfs_instance_destroy(ti);
		return err;
	}
	*out = ti;
	return 0;
}

int scd_tfs_open_cpu(struct scd_tfs_instance *ti, unsigned int cpu)
{
	char file[64];
	int fd;

	if (cpu >= ti->ncpu) {
		unsigned int i, n = cpu + 1;

		ti->cpu_fd = xrealloc(ti->cpu_fd, n, sizeof(*ti->cpu_fd));
		for (i = ti->ncpu; i < n; i++)
			ti->cpu_fd[i] = -1;
		ti->ncpu = n;
	}
	if (ti->cpu_fd[cpu] >= 0)
		return ti->cpu_fd[cpu];
	snprintf(file, sizeof(file), "per_cpu/cpu%u/trace_pipe_raw", cpu);
	fd = tracefs_instance_file_open(ti->inst, file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ENODEV : (errno ? -errno : -EIO);
	ti->cpu_fd[cpu] = fd;
	return fd;
}

void scd_tfs_instance_destroy(struct scd_tfs_instance *ti)
{
	unsigned int i;

	if (!ti)
		return;
	if (ti->inst) {
		quiesce(ti->inst);
		for (i = 0; i < ti->ncpu; i++)
			if (ti->cpu_fd[i] >= 0)
				close(ti->cpu_fd[i]);
		if (ti->free_fd >= 0)
			close(ti->free_fd);
		remove_dir(ti->name);
		tracefs_instance_free(ti->inst);
	}
	if (live == ti)
		live = NULL;
	free(ti->cpu_fd);
	free(ti);
}

void scd_tfs_instance_cleanup(void)
{
	if (live)
		scd_tfs_instance_destroy(live);
}

int scd_tfs_trace_on(struct scd_tfs_instance *ti, bool on)
{
	return (on ? tracefs_trace_on(ti->inst) : tracefs_trace_off(ti->inst)) < 0 ? -EIO : 0;
}

int scd_tfs_clear(struct scd_tfs_instance *ti)
{
	return tracefs_instance_file_clear(ti->inst, "trace") < 0 ? -EIO : 0;
}

int scd_tfs_cpu_lost(struct scd_tfs_instance *ti, unsigned int cpu, unsigned long long *lost)
{
	char file[64], *buf, *line, *save = NULL;
	unsigned long long v;

	snprintf(file, sizeof(file), "per_cpu/cpu%u/stats", cpu);
	buf = tracefs_instance_file_read(ti->inst, file, NULL);
	if (!buf)
		return -EIO;
	*lost = 0;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "overrun: %llu", &v) == 1 ||
		    sscanf(line, "commit overrun: %llu", &v) == 1 ||
		    sscanf(line, "dropped events: %llu", &v) == 1)
			*lost += v;
	}
	free(buf);
	return 0;
}
