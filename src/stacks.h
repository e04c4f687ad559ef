// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Interned stacks: a callchain (an array of instruction pointers, leaf first) becomes a small
 * integer when it is decoded, so the time-ordered stream carries fixed-size records and an
 * analyzer keys its tables on ids. Identical chains get the same id; id 0 is the empty stack.
 * Symbols are looked up only at report time, once per distinct address.
 */
#ifndef SCD_STACKS_H
#define SCD_STACKS_H

#include <stddef.h>
#include <stdint.h>

struct scd_stacks;

struct scd_stacks *scd_stacks_new(void);
void scd_stacks_free(struct scd_stacks *s);

/* The id of @ips[0..n-1] (leaf first), adding it when new; 0 when n == 0. */
uint32_t scd_stacks_intern(struct scd_stacks *s, const uint64_t *ips, uint32_t n);

/* The frames of @id (NULL, *n = 0 for id 0 or an unknown id). Valid until the next intern. */
const uint64_t *scd_stacks_get(const struct scd_stacks *s, uint32_t id, uint32_t *n);

/* Distinct non-empty stacks so far. */
size_t scd_stacks_count(const struct scd_stacks *s);

#endif
