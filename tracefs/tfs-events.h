// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Event discovery, enabling and kernel filters, by exact name. libtracefs's enable calls take
 * case-insensitive regexes ("read.*" enables five syscalls), so we never pass user text to
 * them: names are validated (^[a-z0-9_]+$) and the enable and filter files are written
 * directly. A filter the kernel rejects leaves the event unfiltered, so it is an error here,
 * reported with the kernel's own parse error.
 */
#ifndef SCD_TFS_EVENTS_H
#define SCD_TFS_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "tfs-instance.h"

bool scd_tfs_event_exists(const char *sys, const char *ev);
bool scd_tfs_system_exists(const char *sys);

/* Top-level event id (events/SYS/EV/id), or a negative errno. */
int scd_tfs_event_id(const char *sys, const char *ev);

/*
 * Names X of every syscalls:sys_enter_X that has a matching sys_exit_X, sorted.
 * Free with scd_tfs_names_free().
 */
int scd_tfs_syscall_events(char ***names, size_t *n);
void scd_tfs_names_free(char **names, size_t n);

/* Calls @fn for every event of every system, sorted by system then event. */
int scd_tfs_each_event(void (*fn)(const char *sys, const char *ev, void *ctx), void *ctx);

int scd_tfs_enable(struct scd_tfs_instance *ti, const char *sys, const char *ev);

/*
 * Installs @filter on SYS:EV. On rejection the event is disabled again, -EINVAL is returned
 * and @kerr (if given) receives the kernel's explanation.
 */
int scd_tfs_filter(struct scd_tfs_instance *ti, const char *sys, const char *ev,
		   const char *filter, char *kerr, size_t kerrlen);

#endif
