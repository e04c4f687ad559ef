// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The perf source on libperf (see pf-ring.h): one evlist holding the sched_switch sampler and
 * the side-band event, opened on the online CPUs with a dummy thread map (system-wide) or the
 * bound threads' map. perf_evlist__mmap() makes one ring per CPU and redirects every other
 * event of that CPU into it. Facts
 * about libperf 6.1: libperf_init() must run before anything else; perf_mmap__read_done()
 * jumps the read position to the head, so after a partial read (byte budget reached) it is
 * not called and the next perf_mmap__read_init() resumes where the last consumed record ended;
 * perf_evlist__delete() also deletes the evsels. libperf exposes no fds, so the combined
 * wait with tracefs polls with a timeout (scd_pf_wake_fd() is -1).
 */
#include "config.h"

#ifdef HAVE_LIBPERF

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include <perf/core.h>
#include <perf/cpumap.h>
#include <perf/event.h>
#include <perf/evlist.h>
#include <perf/evsel.h>
#include <perf/mmap.h>
#include <perf/threadmap.h>

#include "pf-ring.h"
#include "xalloc.h"

struct scd_pf {
	struct perf_evlist *evlist;
	struct perf_cpu_map *cpus;
	struct perf_thread_map *threads;
	struct perf_mmap **maps;	/* by ring, in CPU map order */
	unsigned int nring;
	unsigned int offline;
	bool opened;		/* perf_evlist__disable() on an unopened evlist dereferences NULL */
	bool woke;		/* the last poll returned events */
	uint64_t records;	/* records read since that poll */
};

static int quiet(enum libperf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

int scd_pf_open(const struct scd_pf_cfg *c, struct scd_pf **out)
{
	struct perf_event_attr sw, side;
	struct scd_pf *p;
	struct perf_mmap *m;
	long conf = sysconf(_SC_NPROCESSORS_CONF);
	int err, n, i;

	*out = NULL;
	libperf_init(quiet);
	p = xcalloc(1, sizeof(*p));
	/* bound to threads: one event pair per (thread, CPU), one ring per CPU all the same */
	p->cpus = perf_cpu_map__new(NULL);
	p->threads = c->ntids ? perf_thread_map__new_array((int)c->ntids, (pid_t *)c->tids) :
				perf_thread_map__new_dummy();
	p->evlist = perf_evlist__new();
	if (!p->cpus || !p->threads || !p->evlist) {
		err = -ENOMEM;
		goto fail;
	}
	n = perf_cpu_map__nr(p->cpus);
	p->offline = conf > n ? (unsigned int)(conf - n) : 0;
	scd_pf_attrs(c, &sw, &side);
	for (i = 0; i < 2; i++) {
		struct perf_evsel *ev = perf_evsel__new(i ? &side : &sw);

		if (!ev) {
			err = -ENOMEM;
			goto fail;
		}
		perf_evlist__add(p->evlist, ev);
	}
	perf_evlist__set_maps(p->evlist, p->cpus, p->threads);
	err = perf_evlist__open(p->evlist);
	if (err)
		goto fail;
	p->opened = true;
	err = perf_evlist__mmap(p->evlist, (int)c->ring_pages);
	if (err) {
		err = errno ? -errno : -EINVAL;	/* libperf returns -1 here */
		goto fail;
	}
	p->maps = xcalloc((size_t)n, sizeof(*p->maps));
	perf_evlist__for_each_mmap(p->evlist, m, false) {
		if (p->nring < (unsigned int)n)
			p->maps[p->nring++] = m;
	}
	*out = p;
	return 0;
fail:
	scd_pf_close(p);
	return err < 0 ? err : -EINVAL;
}

void scd_pf_close(struct scd_pf *p)
{
	if (!p)
		return;
	if (p->opened)
		perf_evlist__disable(p->evlist);
	/*
	 * delete also unmaps, closes and deletes the evsels (a NULL evlist is fine). libperf 6.1's
	 * perf_evsel__delete() does not put the maps the evsel holds (valgrind shows 48 bytes
	 * lost at exit); putting them here would over-release them with libperfs that do.
	 */
	perf_evlist__delete(p->evlist);
	perf_cpu_map__put(p->cpus);
	perf_thread_map__put(p->threads);
	free(p->maps);
	free(p);
}

int scd_pf_enable(struct scd_pf *p)
{
	perf_evlist__enable(p->evlist);
	return 0;
}

int scd_pf_disable(struct scd_pf *p)
{
	perf_evlist__disable(p->evlist);
	return 0;
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
	struct timespec ts;
	int n;

	/*
	 * The event of a bound thread that exited polls POLLHUP for ever, and libperf cannot
	 * take an fd out of its poll set (its filter clears the requested events, but poll
	 * reports POLLHUP anyway). A wake-up after which the rings held nothing was that: the
	 * next wait sleeps a little instead, so the loop does not spin; records are then read
	 * at most 20 ms late.
	 */
	if (p->woke && !p->records && timeout_ms > 0) {
		p->woke = false;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(timeout_ms < 20 ? timeout_ms : 20) * 1000000L;
		nanosleep(&ts, NULL);
		return 0;
	}
	n = perf_evlist__poll(p->evlist, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	p->woke = n > 0;
	p->records = 0;
	return 0;
}

int scd_pf_wake_fd(const struct scd_pf *p)
{
	(void)p;
	return -1;
}

int scd_pf_drain(struct scd_pf *p, unsigned int ring, size_t max_bytes, scd_pf_rec_fn fn,
		 void *ctx, bool *empty)
{
	struct perf_mmap *m = p->maps[ring];
	union perf_event *ev;
	size_t bytes = 0;
	int err = perf_mmap__read_init(m);

	*empty = true;
	if (err == -EAGAIN || err == -ENOENT)
		return 0;
	if (err)
		return err;
	/*
	 * The tail is published once per batch, not per record (consume stores the position
	 * read_event left, with a barrier): the kernel gets the space back a batch later.
	 */
	while (bytes < max_bytes) {
		ev = perf_mmap__read_event(m);
		if (!ev) {
			/* no read_done: forward mode, it would skip records published meanwhile */
			perf_mmap__consume(m);
			return 0;
		}
		fn(&ev->header, ring, ctx);
		bytes += ev->header.size;
		p->records++;
	}
	perf_mmap__consume(m);
	*empty = false;
	return 0;
}

const char *scd_pf_backend(void)
{
	return "libperf";
}

#endif /* HAVE_LIBPERF */
