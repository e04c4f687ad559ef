// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A hash map from thread id to a fixed-size record, for per-thread state on the per-event
 * path (pending syscall enters, thread info). Open addressing with linear probing and
 * backward-shift deletion: a lookup is a multiply, a mask and usually one probe, deletions
 * leave no tombstones, and nothing is allocated except when the table doubles.
 * Each record starts with its int32_t tid (0 marks a free slot); callers embed that first.
 */
#ifndef SCD_TIDMAP_H
#define SCD_TIDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct scd_tidmap {
	uint8_t *slot;
	size_t esize;		/* bytes per record */
	size_t mask;		/* capacity - 1 */
	size_t used;
};

/* @esize: sizeof the record type, whose first member is the int32_t tid. */
struct scd_tidmap *scd_tidmap_new(size_t esize);
void scd_tidmap_free(struct scd_tidmap *m);

static inline void *scd_tidmap_at(const struct scd_tidmap *m, size_t i)
{
	return m->slot + i * m->esize;
}

static inline int32_t scd_tidmap_tid_at(const struct scd_tidmap *m, size_t i)
{
	int32_t tid;

	__builtin_memcpy(&tid, scd_tidmap_at(m, i), sizeof(tid));
	return tid;
}

void *scd_tidmap_find(const struct scd_tidmap *m, int32_t tid);
/* The record of @tid, created zeroed (but for its tid) when absent; *created tells which. */
void *scd_tidmap_get(struct scd_tidmap *m, int32_t tid, bool *created);
/* Removes @rec. Later records may move into its slot: re-check that slot when iterating. */
void scd_tidmap_del(struct scd_tidmap *m, void *rec);

static inline size_t scd_tidmap_capacity(const struct scd_tidmap *m)
{
	return m->mask + 1;
}

#endif
