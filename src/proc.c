// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc readers (see proc.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"

ssize_t scd_proc_read(int pid, const char *file, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	if (len < 1)
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n <= 0)
		return n < 0 ? n : -EIO;
	buf[n] = 0;
	return n;
}

const char *scd_proc_stat_fields(int pid, char *buf, size_t len)
{
	char *p;

	if (scd_proc_read(pid, "stat", buf, len) < 0)
		return NULL;
	p = strrchr(buf, ')');
	if (!p || p[1] != ' ')
		return NULL;
	return p + 2;
}
