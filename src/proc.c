// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc readers (see proc.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"
#include "xalloc.h"

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

int scd_proc_read_file(const char *path, char **buf, size_t *len)
{
	size_t cap = 1u << 16, n = 0;
	char *b;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	b = xmalloc(cap);
	for (;;) {
		if (cap - n < 2)
			b = xrealloc(b, cap *= 2, 1);
		r = read(fd, b + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += r;
	}
	if (r < 0) {
		r = -errno;
		free(b);
		close(fd);
		return r;
	}
	close(fd);
	b[n] = 0;
	*buf = b;
	*len = n;
	return 0;
}
