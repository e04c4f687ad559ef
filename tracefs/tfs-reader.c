// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Per-CPU ring-buffer readers (see tfs-reader.h). Measured on the project's machine: poll with
 * buffer_percent 50 and reading until a partial page costs 63-70 ns per event; reading
 * "until EAGAIN" or waking per event costs 2-3x more, and splice spins on partial pages
 * (kernel-interfaces.md §2). A 0-byte read is "no data right now", never end of file.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tfs-format.h"
#include "tfs-reader.h"
#include "xalloc.h"

#define PAGE_BUF (1 << 20)	/* one read returns one sub-buffer: up to 1 MiB ones */

struct scd_tfs_reader {
	struct scd_tfs_instance *ti;
	unsigned int ncpu;
	unsigned int skipped;
	int *fd;			/* -1: CPU without a buffer */
	unsigned long long *lost0;	/* per-CPU stats at open */
	struct pollfd *pfd;
	unsigned int *pfd_cpu;
	unsigned int npfd;
	uint8_t *page;
	struct scd_page_fmt fmt;
	uint64_t gaps;
};

int scd_tfs_reader_open(struct scd_tfs_instance *ti, unsigned int ncpu,
			struct scd_tfs_reader **out)
{
	struct scd_tfs_reader *r = xcalloc(1, sizeof(*r));
	unsigned int cpu;

	r->ti = ti;
	r->ncpu = ncpu;
	r->fd = xcalloc(ncpu, sizeof(*r->fd));
	r->lost0 = xcalloc(ncpu, sizeof(*r->lost0));
	r->pfd = xcalloc(ncpu + 1, sizeof(*r->pfd));
	r->pfd_cpu = xcalloc(ncpu + 1, sizeof(*r->pfd_cpu));
	r->page = xmalloc(PAGE_BUF);
	scd_tfs_page_format(&r->fmt);
	/* header_page describes the default sub-buffer; ours may be larger. */
	r->fmt.data_size = scd_tfs_subbuf_size(ti) - r->fmt.data_off;
	for (cpu = 0; cpu < ncpu; cpu++) {
		int fd = scd_tfs_open_cpu(ti, cpu);

		r->fd[cpu] = fd < 0 ? -1 : fd;
		if (fd < 0) {
			r->skipped++;
			continue;
		}
		scd_tfs_cpu_lost(ti, cpu, &r->lost0[cpu]);
		r->pfd[r->npfd].fd = fd;
		r->pfd[r->npfd].events = POLLIN;
		r->pfd_cpu[r->npfd++] = cpu;
	}
	if (!r->npfd) {
		scd_tfs_reader_free(r);
		return -ENODEV;
	}
	*out = r;
	return 0;
}

void scd_tfs_reader_free(struct scd_tfs_reader *r)
{
	if (!r)
		return;
	/* The fds belong to the instance, which closes them before removing itself. */
	free(r->fd);
	free(r->lost0);
	free(r->pfd);
	free(r->pfd_cpu);
	free(r->page);
	free(r);
}

unsigned int scd_tfs_reader_ncpu(const struct scd_tfs_reader *r)
{
	return r->ncpu;
}

unsigned int scd_tfs_reader_skipped_cpus(const struct scd_tfs_reader *r)
{
	return r->skipped;
}

bool scd_tfs_reader_has_cpu(const struct scd_tfs_reader *r, unsigned int cpu)
{
	return cpu < r->ncpu && r->fd[cpu] >= 0;
}

int scd_tfs_reader_wait(struct scd_tfs_reader *r, int timeout_ms, int wake_fd)
{
	unsigned int n = r->npfd;

	if (wake_fd >= 0) {
		r->pfd[n].fd = wake_fd;
		r->pfd[n].events = POLLIN;
		n++;
	}
	if (poll(r->pfd, n, timeout_ms) < 0 && errno != EINTR)
		return -errno;
	return 0;
}

int scd_tfs_reader_fill(struct scd_tfs_reader *r, unsigned int cpu, struct scd_decoder *dec,
			struct scd_stream *s, size_t max_bytes, struct scd_cpu_fill *out)
{
	size_t bytes = 0;
	/*
	 * A page with less data than this is surely the writer's page. One fuller than this may be
	 * a full page whose last record did not fit, so we read once more (EAGAIN tells).
	 */
	unsigned int partial = r->fmt.data_size - 256;

	memset(out, 0, sizeof(*out));
	if (!scd_tfs_reader_has_cpu(r, cpu)) {
		out->caught_up = true;
		return 0;
	}
	while (bytes < max_bytes) {
		struct scd_page_info info;
		ssize_t n = read(r->fd[cpu], r->page, PAGE_BUF);
		int err;

		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && errno != EAGAIN)
				return -errno;
			out->caught_up = true;	/* EAGAIN, or 0: nothing to read right now */
			break;
		}
		out->pages++;
		bytes += (size_t)n;
		err = scd_tfs_page_parse(r->page, (size_t)n, &r->fmt, dec, cpu, s, &info);
		if (err)
			return err;
		if (info.missed)
			r->gaps++;
		if (info.events)
			out->last_ts = info.last_ts;
		/*
		 * A page well short of full is the one the writer was on: we have caught up.
		 * Reading on would fetch a few records per syscall.
		 */
		/*
		 * A short page is the writer's page, so we have caught up — unless it is the first
		 * page of this call: it may then be the rest of the page the previous call stopped
		 * in, with full pages written since behind it. Read once more to know (the next
		 * read is EAGAIN, another short page, or those full pages).
		 */
		if (info.data_len < partial && out->pages > 1) {
			out->caught_up = true;
			break;
		}
	}
	return 0;
}

int scd_tfs_reader_lost(struct scd_tfs_reader *r, unsigned long long *lost)
{
	unsigned int cpu;
	int err = 0;

	*lost = 0;
	for (cpu = 0; cpu < r->ncpu; cpu++) {
		unsigned long long v;

		if (r->fd[cpu] < 0)
			continue;
		if (scd_tfs_cpu_lost(r->ti, cpu, &v) < 0) {
			err = -EIO;
			continue;
		}
		if (v >= r->lost0[cpu])
			*lost += v - r->lost0[cpu];
	}
	return err;
}

uint64_t scd_tfs_reader_gaps(const struct scd_tfs_reader *r)
{
	return r->gaps;
}
