// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rows by composite key (see rowtab.h). A slot is free while its key bytes are all zero.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "rowtab.h"
#include "xalloc.h"

void scd_rowtab_init(struct scd_rowtab *t, size_t esize, size_t ksize)
{
	t->esize = esize;
	t->ksize = ksize;
	t->cap = 256;
	t->n = 0;
	t->rows = xcalloc(t->cap, esize);
}

void scd_rowtab_release(struct scd_rowtab *t)
{
	free(t->rows);
	t->rows = NULL;
	t->n = t->cap = 0;
}

static bool used(const struct scd_rowtab *t, const uint8_t *row)
{
	static const uint8_t zero[64];

	return memcmp(row, zero, t->ksize) != 0;
}

static uint8_t *slot(const struct scd_rowtab *t, const void *key)
{
	size_t j = scd_hash_bytes(key, t->ksize) & (t->cap - 1);
	uint8_t *row;

	for (;; j = (j + 1) & (t->cap - 1)) {
		row = t->rows + j * t->esize;
		if (!used(t, row) || !memcmp(row, key, t->ksize))
			return row;
	}
}

static void grow(struct scd_rowtab *t)
{
	struct scd_rowtab big = *t;
	size_t i;

	big.cap = t->cap * 2;
	big.rows = xcalloc(big.cap, t->esize);
	for (i = 0; i < t->cap; i++) {
		const uint8_t *old = t->rows + i * t->esize;

		if (used(t, old))
			memcpy(slot(&big, old), old, t->esize);
	}
	free(t->rows);
	*t = big;
}

void *scd_rowtab_get(struct scd_rowtab *t, const void *key)
{
	uint8_t *row;

	if ((t->n + 1) * 2 > t->cap)
		grow(t);
	row = slot(t, key);
	if (!used(t, row)) {
		memcpy(row, key, t->ksize);
		t->n++;
	}
	return row;
}

void *scd_rowtab_sorted(const struct scd_rowtab *t, int (*cmp)(const void *, const void *),
			size_t *n)
{
	uint8_t *out = xcalloc(t->n ? t->n : 1, t->esize);
	size_t i;

	*n = 0;
	for (i = 0; i < t->cap; i++) {
		const uint8_t *row = t->rows + i * t->esize;

		if (used(t, row))
			memcpy(out + (*n)++ * t->esize, row, t->esize);
	}
	qsort(out, *n, t->esize, cmp);
	return out;
}
