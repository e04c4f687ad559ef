// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Thread-id hash map (see tidmap.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tidmap.h"
#include "xalloc.h"

static size_t home_of(int32_t tid, size_t mask)
{
	return ((uint32_t)tid * 2654435761u) & mask;
}

struct scd_tidmap *scd_tidmap_new(size_t esize)
{
	struct scd_tidmap *m = xcalloc(1, sizeof(*m));

	m->esize = esize;
	m->mask = 256 - 1;
	m->slot = xcalloc(m->mask + 1, esize);
	return m;
}

void scd_tidmap_free(struct scd_tidmap *m)
{
	if (!m)
		return;
	free(m->slot);
	free(m);
}

void *scd_tidmap_find(const struct scd_tidmap *m, int32_t tid)
{
	size_t i = home_of(tid, m->mask);
	int32_t t;

	while ((t = scd_tidmap_tid_at(m, i))) {
		if (t == tid)
			return scd_tidmap_at(m, i);
		i = (i + 1) & m->mask;
	}
	return NULL;
}

static void grow(struct scd_tidmap *m)
{
	uint8_t *old = m->slot;
	size_t n = m->mask + 1, i;

	m->mask = n * 2 - 1;
	m->slot = xcalloc(n * 2, m->esize);
	for (i = 0; i < n; i++) {
		int32_t tid;
		size_t k;

		memcpy(&tid, old + i * m->esize, sizeof(tid));
		if (!tid)
			continue;
		k = home_of(tid, m->mask);
		while (scd_tidmap_tid_at(m, k))
			k = (k + 1) & m->mask;
		memcpy(scd_tidmap_at(m, k), old + i * m->esize, m->esize);
	}
	free(old);
}

void *scd_tidmap_get(struct scd_tidmap *m, int32_t tid, bool *created)
{
	size_t i;
	int32_t t;
	void *rec;

	if ((m->used + 1) * 2 > m->mask + 1)
		grow(m);
	i = home_of(tid, m->mask);
	while ((t = scd_tidmap_tid_at(m, i))) {
		if (t == tid) {
			if (created)
				*created = false;
			return scd_tidmap_at(m, i);
		}
		i = (i + 1) & m->mask;
	}
	rec = scd_tidmap_at(m, i);
	memset(rec, 0, m->esize);
	memcpy(rec, &tid, sizeof(tid));
	m->used++;
	if (created)
		*created = true;
	return rec;
}

void scd_tidmap_del(struct scd_tidmap *m, void *rec)
{
	size_t i = (size_t)((uint8_t *)rec - m->slot) / m->esize, j = i;
	int32_t t;

	/* Backward shift: pull later members of the probe run into the hole. */
	for (;;) {
		size_t home;

		j = (j + 1) & m->mask;
		t = scd_tidmap_tid_at(m, j);
		if (!t)
			break;
		home = home_of(t, m->mask);
		/* Slot j stays if its home lies cyclically in (i, j]. */
		if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
			continue;
		memcpy(scd_tidmap_at(m, i), scd_tidmap_at(m, j), m->esize);
		i = j;
	}
	memset(scd_tidmap_at(m, i), 0, sizeof(int32_t));
	m->used--;
}
