// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Locating (and if needed mounting) tracefs; see tfs-dir.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <tracefs.h>

#include "tfs-dir.h"

#define TRACEFS_MAGIC_NR 0x74726163
#define DEBUGFS_MAGIC_NR 0x64626720

static char found[PATH_MAX];

enum scd_lockdown scd_tfs_lockdown(void)
{
	char buf[128] = "";
	FILE *f = fopen("/sys/kernel/security/lockdown", "r");

	if (!f)
		return SCD_LOCKDOWN_UNKNOWN;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	/* The active mode is shown in brackets: "none [integrity] confidentiality". */
	if (strstr(buf, "[confidentiality]"))
		return SCD_LOCKDOWN_CONFIDENTIALITY;
	if (strstr(buf, "[integrity]"))
		return SCD_LOCKDOWN_INTEGRITY;
	if (strstr(buf, "[none]"))
		return SCD_LOCKDOWN_NONE;
	return SCD_LOCKDOWN_UNKNOWN;
}

const char *scd_lockdown_name(enum scd_lockdown l)
{
	switch (l) {
	case SCD_LOCKDOWN_NONE:
		return "none";
	case SCD_LOCKDOWN_INTEGRITY:
		return "integrity";
	case SCD_LOCKDOWN_CONFIDENTIALITY:
		return "confidentiality";
	default:
		return "unknown";
	}
}

/* 0 if @dir is a usable tracefs, else a negative errno. */
static int check_dir(const char *dir)
{
	char events[PATH_MAX];
	struct statfs sfs;

	if (statfs(dir, &sfs) < 0)
		return -errno;
	if (sfs.f_type != TRACEFS_MAGIC_NR && sfs.f_type != DEBUGFS_MAGIC_NR)
		return -ENOENT;
	snprintf(events, sizeof(events), "%s/events", dir);
	if (access(events, R_OK | X_OK) < 0)
		return -errno;
	return 0;
}

int scd_tfs_locate(bool may_mount, struct scd_tfs_where *w)
{
	static const char *const cands[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	int err = -ENOENT, e;
	size_t i;

	memset(w, 0, sizeof(*w));
	w->lockdown = scd_tfs_lockdown();
	if (w->lockdown == SCD_LOCKDOWN_CONFIDENTIALITY)
		return -EPERM;
	for (i = 0; i < sizeof(cands) / sizeof(cands[0]); i++) {
		e = check_dir(cands[i]);
		if (!e) {
			snprintf(w->path, sizeof(w->path), "%s", cands[i]);
			goto found;
		}
		if (e == -EACCES || e == -EPERM)
			err = -EACCES;
	}
	if (err == -EACCES || !may_mount || geteuid() != 0)
		return err;
	if (mount("nodev", cands[0], "tracefs", 0, NULL) < 0)
		return -ENOENT;
	if (check_dir(cands[0]) < 0)
		return -ENOENT;
	snprintf(w->path, sizeof(w->path), "%s", cands[0]);
	w->mounted = true;
found:
	snprintf(found, sizeof(found), "%s", w->path);
	if (tracefs_set_tracing_dir(found) < 0)
		return -ENOMEM;
	return 0;
}

const char *scd_tfs_path(void)
{
	return found[0] ? found : NULL;
}
