// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Interned strings: a string (a mapped file's path in a perf MMAP2 record) becomes a small
 * integer so it can travel in the fixed-size records of the time-ordered stream. Id 0 is "".
 */
#ifndef SCD_STRTAB_H
#define SCD_STRTAB_H

#include <stddef.h>
#include <stdint.h>

struct scd_strtab;

struct scd_strtab *scd_strtab_new(void);
void scd_strtab_free(struct scd_strtab *t);

/* The id of the @len bytes at @s (no NUL needed), adding them when new. */
uint32_t scd_strtab_intern(struct scd_strtab *t, const char *s, size_t len);

/* The string of @id ("" for an unknown id); valid until _free. */
const char *scd_strtab_get(const struct scd_strtab *t, uint32_t id);

#endif
