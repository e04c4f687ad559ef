// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The perf source without libperf (see pf-ring.h): per online CPU, open the sched_switch
 * sampler (system-wide, or once per bound thread) and map one ring (one header page + a power of 2 of data pages), open
 * the side-band event and redirect it into the same ring with PERF_EVENT_IOC_SET_OUTPUT. The
 * ring protocol: the kernel publishes data_head (read it, then a read barrier), we consume
 * records between our tail and the head and publish data_tail after a full barrier. A record
 * that wraps the end of the data area is copied into a bounce buffer. An epoll fd over all
 * rings serves both our own wait and a caller's combined poll.
 */
#include "config.h"

#ifndef HAVE_LIBPERF

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pf-ring.h"
#include "proc.h"
#include "xalloc.h"

struct raw_ring {
	int cpu;
	int *fd;		/* fd[0] owns the ring; every other event is redirected into it */
	unsigned int nfd;
	struct perf_event_mmap_page *meta;
	uint8_t *data;
	size_t size;		/* data area bytes, a power of 2 */
};

struct scd_pf {
	struct raw_ring *ring;
	unsigned int nring;
	unsigned int offline;
	size_t map_len;
	int epfd;
	uint8_t *bounce;	/* one record that wraps (records are < 64 KiB) */
};

static int perf_open(struct perf_event_attr *a, int tid, int cpu)
{
	int fd = (int)syscall(SYS_perf_event_open, a, tid, cpu, -1, PERF_FLAG_FD_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/* Opens @a for @tid on @r's CPU into @r's ring: mapped if it is the first, else redirected. */
static int add_event(struct scd_pf *p, struct raw_ring *r, struct perf_event_attr *a, int tid)
{
	int fd = perf_open(a, tid, r->cpu);
	void *m;

	if (fd < 0)
		return fd;
	r->fd[r->nfd++] = fd;
	if (r->nfd > 1)
		return ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, r->fd[0]) ? -errno : 0;
	m = mmap(NULL, p->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return -errno;
	r->meta = m;
	r->data = (uint8_t *)m + sysconf(_SC_PAGESIZE);
	r->size = p->map_len - (size_t)sysconf(_SC_PAGESIZE);
	return 0;
}

/*
 * One ring per CPU. System-wide: the two events of that CPU. Bound to threads: the two events
 * of each thread on that CPU (inherited events cannot be mapped per thread, cpu -1, and
 * events of different threads can share a ring only per CPU).
 */
static int ring_open(struct scd_pf *p, struct raw_ring *r, const struct scd_pf_cfg *c,
		     struct perf_event_attr *sw, struct perf_event_attr *side)
{
	struct epoll_event ev = { .events = EPOLLIN };
	size_t n = c->ntids ? c->ntids : 1, i;
	int err;

	r->fd = xcalloc(2 * n, sizeof(*r->fd));
	for (i = 0; i < n; i++) {
		int tid = c->ntids ? c->tids[i] : -1;

		err = add_event(p, r, sw, tid);
		if (!err)
			err = add_event(p, r, side, tid);
		if (err)
			return err;
	}
	/*
	 * Every event of the ring is polled: they share its wake-ups, and when a bound thread
	 * exits its events poll EPOLLHUP for ever and are dropped from the set (scd_pf_wait).
	 */
	for (i = 0; i < r->nfd; i++) {
		ev.data.fd = r->fd[i];
		if (epoll_ctl(p->epfd, EPOLL_CTL_ADD, r->fd[i], &ev))
			return -errno;
	}
	return 0;
}

int scd_pf_open(const struct scd_pf_cfg *c, struct scd_pf **out)
{
	struct perf_event_attr sw, side;
	struct scd_pf *p = xcalloc(1, sizeof(*p));
	long conf = sysconf(_SC_NPROCESSORS_CONF);
	int *cpus = NULL, n, i, err;

	*out = NULL;
	n = scd_online_cpus(&cpus);
	if (n <= 0) {
		free(p);
		return n < 0 ? n : -ENODEV;
	}
	p->offline = conf > n ? (unsigned int)(conf - n) : 0;
	p->map_len = ((size_t)c->ring_pages + 1) * (size_t)sysconf(_SC_PAGESIZE);
	p->bounce = xmalloc(1 << 16);
	p->ring = xcalloc((size_t)n, sizeof(*p->ring));
	p->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (p->epfd < 0) {
		err = -errno;
		goto fail;
	}
	scd_pf_attrs(c, &sw, &side);
	for (i = 0; i < n; i++) {
		struct raw_ring *r = &p->ring[p->nring++];

		r->cpu = cpus[i];
		err = ring_open(p, r, c, &sw, &side);
		if (err)
			goto fail;
	}
	free(cpus);
	*out = p;
	return 0;
fail:
	free(cpus);
	scd_pf_close(p);
	return err;
}

void scd_pf_close(struct scd_pf *p)
{
	unsigned int i, k;

	if (!p)
		return;
	for (i = 0; i < p->nring; i++) {
		struct raw_ring *r = &p->ring[i];

		if (r->meta)
			munmap(r->meta, p->map_len);
		for (k = 0; k < r->nfd; k++)
			close(r->fd[k]);
		free(r->fd);
	}
	if (p->epfd >= 0)
		close(p->epfd);
	free(p->ring);
	free(p->bounce);
	free(p);
}

static int ioctl_all(struct scd_pf *p, unsigned long req)
{
	unsigned int i;

	unsigned int k;

	for (i = 0; i < p->nring; i++)
		for (k = 0; k < p->ring[i].nfd; k++)
			if (ioctl(p->ring[i].fd[k], req, 0))
				return -errno;
	return 0;
}

int scd_pf_enable(struct scd_pf *p)
{
	return ioctl_all(p, PERF_EVENT_IOC_ENABLE);
}

int scd_pf_disable(struct scd_pf *p)
{
	return ioctl_all(p, PERF_EVENT_IOC_DISABLE);
}

unsigned int scd_pf_nrings(const struct scd_pf *p)
{
	return p->nring;
}

unsigned int scd_pf_offline_cpus(const struct scd_pf *p)
{
	return p->offline;
}

int scd_pf_wait(struct scd_pf *p, int timeout_ms)
{
	struct epoll_event ev[16];
	int n, i;

	n = epoll_wait(p->epfd, ev, 16, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++)
		if (ev[i].events & (EPOLLHUP | EPOLLERR))
			epoll_ctl(p->epfd, EPOLL_CTL_DEL, ev[i].data.fd, NULL);
	return 0;
}

int scd_pf_wake_fd(const struct scd_pf *p)
{
	return p->epfd;
}

int scd_pf_drain(struct scd_pf *p, unsigned int ring, size_t max_bytes, scd_pf_rec_fn fn,
		 void *ctx, bool *empty)
{
	struct raw_ring *r = &p->ring[ring];
	uint64_t head = __atomic_load_n(&r->meta->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = r->meta->data_tail, start = tail;
	size_t mask = r->size - 1;

	while (tail < head && tail - start < max_bytes) {
		const struct perf_event_header *h;
		struct perf_event_header hdr;
		size_t off = tail & mask;

		/* The header itself may straddle the end (8-byte records align it, but be safe). */
		if (off + sizeof(hdr) <= r->size) {
			memcpy(&hdr, r->data + off, sizeof(hdr));
		} else {
			memcpy(&hdr, r->data + off, r->size - off);
			memcpy((uint8_t *)&hdr + (r->size - off), r->data, sizeof(hdr) - (r->size - off));
		}
		if (hdr.size < sizeof(hdr) || tail + hdr.size > head) {
			tail = head;	/* malformed: give up the rest rather than spin on it */
			break;
		}
		if (off + hdr.size <= r->size) {
			h = (const void *)(r->data + off);
		} else {
			size_t first = r->size - off;

			memcpy(p->bounce, r->data + off, first);
			memcpy(p->bounce + first, r->data, hdr.size - first);
			h = (const void *)p->bounce;
		}
		fn(h, ring, ctx);
		tail += hdr.size;
	}
	__atomic_store_n(&r->meta->data_tail, tail, __ATOMIC_RELEASE);
	*empty = tail >= head;
	return 0;
}

const char *scd_pf_backend(void)
{
	return "perf_event_open";
}

#endif /* !HAVE_LIBPERF */
