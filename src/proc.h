// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Small readers of /proc/PID files. comm may hold any byte but NUL, spaces and ')' included,
 * so /proc/PID/stat fields are found after the last ')'.
 */
#ifndef SCD_PROC_H
#define SCD_PROC_H

#include <stddef.h>
#include <sys/types.h>

/* Reads /proc/PID/FILE into @buf (NUL-terminated); bytes read or a negative errno. */
ssize_t scd_proc_read(int pid, const char *file, char *buf, size_t len);

/* The text of /proc/PID/stat after "PID (comm) ", i.e. starting at the state field; NULL if
 * the process does not exist. Points into @buf. */
const char *scd_proc_stat_fields(int pid, char *buf, size_t len);

/*
 * Reads all of @path into a new NUL-terminated buffer (*@buf, free() it; *@len excludes the
 * NUL). For procfs files that report size 0 and may be megabytes (kallsyms, big maps).
 * 0 or a negative errno.
 */
int scd_proc_read_file(const char *path, char **buf, size_t *len);

/*
 * The CPUs in a list such as /sys/devices/system/cpu/online ("0-3,6"): count, and an
 * allocated array in *@cpus. A negative errno when the text is malformed.
 */
int scd_cpu_list_parse(const char *text, int **cpus);

/* The online CPUs (scd_cpu_list_parse of the sysfs file). */
int scd_online_cpus(int **cpus);

#endif
