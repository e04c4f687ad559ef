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

int scd_cpu_list_parse(const char *text, int **cpus)
{
	int *v = NULL, n = 0;
	const char *s = text;

	*cpus = NULL;
	while (*s && *s != '\n') {
		char *end;
		long a = strtol(s, &end, 10), b;

		if (end == s || a < 0 || a > 65535)
			goto bad;
		b = a;
		s = end;
		if (*s == '-') {
			b = strtol(s + 1, &end, 10);
			if (end == s + 1 || b < a || b > 65535)
				goto bad;
			s = end;
		}
		v = xrealloc(v, (size_t)(n + b - a + 1), sizeof(*v));
		for (; a <= b; a++)
			v[n++] = (int)a;
		if (*s == ',')
			s++;
		else if (*s && *s != '\n')
			goto bad;
	}
	*cpus = v;
	return n;
bad:
	free(v);
	return -EINVAL;
}

int scd_online_cpus(int **cpus)
{
	char buf[4096];
	ssize_t n;
	int fd = open("/sys/devices/system/cpu/online", O_RDONLY | O_CLOEXEC);

	*cpus = NULL;
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EINVAL;
	buf[n] = 0;
	return scd_cpu_list_parse(buf, cpus);
}
