// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Syscall names for reports. The build-time table (syscalls.c) is only as new as the headers
 * it was generated from; a newer kernel's syscalls (cachestat, mseal, ...) are learned at run
 * time from the per-syscall tracepoint that reported them, and anything else is syscall_<nr>.
 */
#ifndef SCD_SYSNAME_H
#define SCD_SYSNAME_H

#include <stddef.h>

/* Remember that syscall @nr is called @name (the tracepoint's base name). */
void scd_sysname_learn(int nr, const char *name);

/* The best name for @nr; may use @buf (at least 24 bytes). */
const char *scd_sysname(int nr, char *buf, size_t len);

void scd_sysname_reset(void);

#endif
