// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where tracefs is, whether we had to mount it, and whether kernel lockdown forbids it.
 * libtracefs would mount tracefs silently and trusts /proc/mounts; we check each candidate
 * with statfs() and tell the user when we mounted it.
 */
#ifndef SCD_TFS_DIR_H
#define SCD_TFS_DIR_H

#include <limits.h>
#include <stdbool.h>

enum scd_lockdown {
	SCD_LOCKDOWN_UNKNOWN = -1,	/* no /sys/kernel/security/lockdown */
	SCD_LOCKDOWN_NONE = 0,
	SCD_LOCKDOWN_INTEGRITY,
	SCD_LOCKDOWN_CONFIDENTIALITY,	/* tracefs and tracepoint perf events are forbidden */
};

struct scd_tfs_where {
	char path[PATH_MAX];
	bool mounted;		/* we mounted it */
	enum scd_lockdown lockdown;
};

/*
 * Finds tracefs (/sys/kernel/tracing, then /sys/kernel/debug/tracing), mounting it at
 * /sys/kernel/tracing when @may_mount and nothing is there, and points libtracefs at it.
 * Returns 0, -EPERM (lockdown confidentiality), -EACCES (not allowed to read it),
 * or -ENOENT (no tracefs and no way to mount it).
 */
int scd_tfs_locate(bool may_mount, struct scd_tfs_where *w);

/* The path found by the last successful scd_tfs_locate(), or NULL. */
const char *scd_tfs_path(void);

enum scd_lockdown scd_tfs_lockdown(void);
const char *scd_lockdown_name(enum scd_lockdown l);

#endif
