// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * perf_event_open and BPF availability (see pf-probe.h). Raw syscalls on purpose: this must
 * work in every build, with or without libperf.
 */
#include "config.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pf-probe.h"
#include "pf-ring.h"

static int read_int(const char *path, int dflt)
{
	FILE *f = fopen(path, "re");
	int v;

	if (!f)
		return dflt;
	if (fscanf(f, "%d", &v) != 1)
		v = dflt;
	fclose(f);
	return v;
}

/* Opens (and closes) the sched_switch sampler exactly as offcpu does, system-wide on CPU 0. */
static int try_open(int id, bool callchain)
{
	struct scd_pf_cfg c = {
		.sched_switch_id = id,
		.kernel_stacks = callchain,
		.user_stacks = callchain,
		.max_stack = 16,
		.watermark = 4096,
	};
	struct perf_event_attr sw, side;
	int fd;

	scd_pf_attrs(&c, &sw, &side);
	fd = (int)syscall(SYS_perf_event_open, &sw, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int try_bpf(void)
{
#ifdef SYS_bpf
	/* BPF_MAP_CREATE of a one-entry array: union bpf_attr's first four u32 fields. */
	unsigned int attr[32];
	int fd;

	memset(attr, 0, sizeof(attr));
	attr[0] = 2;	/* BPF_MAP_TYPE_ARRAY */
	attr[1] = 4;	/* key size */
	attr[2] = 4;	/* value size */
	attr[3] = 1;	/* max entries */
	fd = (int)syscall(SYS_bpf, 0 /* BPF_MAP_CREATE */, attr, sizeof(attr));
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
#else
	return ENOSYS;
#endif
}

void scd_perf_probe(int sched_switch_id, struct scd_perf_probe *p)
{
	memset(p, 0, sizeof(*p));
	p->paranoid = read_int("/proc/sys/kernel/perf_event_paranoid", -99);
	p->max_stack = read_int("/proc/sys/kernel/perf_event_max_stack", -1);
	if (sched_switch_id < 0) {
		p->open_err = p->callchain_err = ENOENT;
	} else {
		p->open_err = try_open(sched_switch_id, false);
		p->callchain_err = p->open_err ? p->open_err : try_open(sched_switch_id, true);
	}
	p->bpf_err = try_bpf();
	p->bpf = p->bpf_err == 0;
#ifdef HAVE_LIBPERF
	p->backend = "libperf";
#else
	p->backend = "raw perf_event_open";
#endif
}
