// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A hash table of fixed-size rows keyed by their first bytes (a packed key struct whose
 * bytes are never all zero, e.g. one holding a pid), for analyzers that sum per composite key.
 * Open addressing, load at most 1/2; rows are zeroed when created and never removed.
 */
#ifndef SCD_ROWTAB_H
#define SCD_ROWTAB_H

#include <stddef.h>
#include <stdint.h>

struct scd_rowtab {
	uint8_t *rows;
	size_t esize;		/* bytes per row */
	size_t ksize;		/* the key: the row's first ksize bytes, at most 64 */
	size_t n, cap;		/* rows used; slots, a power of 2 */
};

void scd_rowtab_init(struct scd_rowtab *t, size_t esize, size_t ksize);
void scd_rowtab_release(struct scd_rowtab *t);

/* The row of @key (ksize bytes), created zeroed but for its key when absent. */
void *scd_rowtab_get(struct scd_rowtab *t, const void *key);

/* A malloc'ed copy of the used rows sorted with @cmp (free it); *n rows. */
void *scd_rowtab_sorted(const struct scd_rowtab *t, int (*cmp)(const void *, const void *),
			size_t *n);

#endif
