// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Enter/exit pairing per thread (see pair.h). Each thread has a slot in a tid map that stays
 * while the thread lives (its exit record removes it) and is only marked busy or idle per
 * call: one hash lookup per record, no allocation, no deletion on the hot path.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pair.h"
#include "tidmap.h"
#include "xalloc.h"

#define MAX_NORETURN 4

struct pending {
	int32_t tid;		/* first: the tid map's key */
	uint8_t busy;		/* an enter is waiting for its exit */
	int32_t nr;
	int32_t id;
	uint16_t cpu;
	uint8_t nargs;
	uint64_t ts;
	uint64_t args[SCD_MAX_ARGS];
};

struct scd_pair {
	bool use_enters;
	int noreturn[MAX_NORETURN];
	unsigned int nnoreturn;
	struct scd_tidmap *map;
	size_t busy;		/* slots with a pending enter */
	uint64_t *gap_ts;	/* per CPU: time of the last lost-events mark */
	unsigned int ngap;
	struct scd_pair_stats st;
};

struct scd_pair *scd_pair_new(bool use_enters)
{
	struct scd_pair *p = xcalloc(1, sizeof(*p));

	p->use_enters = use_enters;
	p->map = scd_tidmap_new(sizeof(struct pending));
	return p;
}

void scd_pair_free(struct scd_pair *p)
{
	if (!p)
		return;
	scd_tidmap_free(p->map);
	free(p->gap_ts);
	free(p);
}

void scd_pair_add_noreturn(struct scd_pair *p, int nr)
{
	if (nr >= 0 && p->nnoreturn < MAX_NORETURN)
		p->noreturn[p->nnoreturn++] = nr;
}

static void forget(struct scd_pair *p, struct pending *e)
{
	if (e->busy)
		p->busy--;
	scd_tidmap_del(p->map, e);
}

static bool is_noreturn(const struct scd_pair *p, int nr)
{
	unsigned int i;

	for (i = 0; i < p->nnoreturn; i++)
		if (p->noreturn[i] == nr)
			return true;
	return false;
}

/*
 * A CPU lost events: pending enters older than the gap may have lost their exit there, or
 * an exit there may be gone while a newer enter of the same thread was also lost. An enter
 * is paired only if neither its CPU nor the exit's CPU lost events since it was made.
 */
static void on_gap(struct scd_pair *p, unsigned int cpu, uint64_t ts)
{
	if (cpu >= p->ngap) {
		unsigned int n = cpu + 8, i;

		p->gap_ts = xrealloc(p->gap_ts, n, sizeof(*p->gap_ts));
		for (i = p->ngap; i < n; i++)
			p->gap_ts[i] = 0;
		p->ngap = n;
	}
	p->gap_ts[cpu] = ts;
}

static bool gap_since(const struct scd_pair *p, unsigned int cpu, uint64_t ts)
{
	return cpu < p->ngap && p->gap_ts[cpu] && p->gap_ts[cpu] >= ts;
}

static void on_enter(struct scd_pair *p, const struct scd_event *ev)
{
	struct pending *e;

	if (is_noreturn(p, ev->nr)) {
		/* The thread is leaving: whatever it had pending will never complete. */
		e = scd_tidmap_find(p->map, ev->tid);
		if (e)
			forget(p, e);
		p->st.noreturn++;
		return;
	}
	e = scd_tidmap_get(p->map, ev->tid, NULL);
	if (e->busy)
		p->st.enters_replaced++;
	else
		p->busy++;
	e->busy = 1;
	e->nr = ev->nr;
	e->id = ev->id;
	e->cpu = ev->cpu;
	e->ts = ev->ts;
	e->nargs = ev->nargs;
	memcpy(e->args, ev->args, ev->nargs * sizeof(e->args[0]));
}

static void on_exit_ev(struct scd_pair *p, const struct scd_event *ev, scd_call_fn fn, void *ctx)
{
	struct scd_call c;
	struct pending *e = p->use_enters ? scd_tidmap_find(p->map, ev->tid) : NULL;

	if (e && !e->busy)
		e = NULL;

	c.tid = ev->tid;
	c.nr = ev->nr;
	c.cpu = ev->cpu;
	c.exit_id = ev->id;
	c.ts_exit = ev->ts;
	c.ret = ev->ret;
	c.has_enter = 0;
	c.nargs = 0;
	c.enter_id = -1;
	c.ts_enter = 0;
	if (e && p->ngap && (gap_since(p, e->cpu, e->ts) || gap_since(p, ev->cpu, e->ts))) {
		/* Events were lost after this enter: its exit may be another call's. */
		e->busy = 0;
		p->busy--;
		p->st.dropped_on_gap++;
		e = NULL;
	}
	if (e && e->nr == ev->nr && e->ts <= ev->ts) {
		c.has_enter = 1;
		c.nargs = e->nargs;
		c.enter_id = e->id;
		c.ts_enter = e->ts;
		memcpy(c.args, e->args, e->nargs * sizeof(c.args[0]));
		e->busy = 0;
		p->busy--;
	} else if (p->use_enters) {
		if (e) {
			p->st.nr_mismatch++;
			e->busy = 0;
			p->busy--;
		}
		p->st.exits_without_enter++;
	}
	p->st.calls++;
	fn(&c, ctx);
}

void scd_pair_event(struct scd_pair *p, const struct scd_event *ev, scd_call_fn fn, void *ctx)
{
	struct pending *e;

	switch (ev->kind) {
	case SCD_EV_SYS_EXIT:
		if (ev->nr < 0) {
			p->st.invalid_nr++;
			return;
		}
		on_exit_ev(p, ev, fn, ctx);
		break;
	case SCD_EV_SYS_ENTER:
		if (ev->nr < 0) {
			p->st.invalid_nr++;
			return;
		}
		if (p->use_enters)
			on_enter(p, ev);
		else if (is_noreturn(p, ev->nr))
			p->st.noreturn++;
		break;
	case SCD_EV_GAP:
		on_gap(p, ev->cpu, ev->ts);
		break;
	case SCD_EV_TASK_EXIT:
		e = scd_tidmap_find(p->map, ev->tid);
		if (e) {
			if (e->busy)
				p->st.dropped_on_exit++;
			forget(p, e);
		}
		break;
	default:
		break;
	}
}

size_t scd_pair_in_flight(const struct scd_pair *p)
{
	return p->busy;
}

const struct scd_pair_stats *scd_pair_get_stats(const struct scd_pair *p)
{
	return &p->st;
}
