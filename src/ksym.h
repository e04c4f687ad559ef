// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel symbols from /proc/kallsyms, for naming kernel stack frames. Only text symbols
 * (t/T/w/W) are kept, sorted by address with one name per address; the names live in one
 * string arena built from a single read of the file. A lookup is a binary search for the
 * largest start <= addr. kallsyms is a snapshot: BPF programs and ftrace trampolines come
 * and go, so a caller that misses in such a region may load the table again.
 */
#ifndef SCD_KSYM_H
#define SCD_KSYM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct scd_ksyms;

/*
 * Loads @path (NULL: /proc/kallsyms). Returns NULL and sets *@err to a negative errno when the
 * file cannot be read or holds a malformed line. A file whose addresses are all zero
 * (kptr_restrict, or a reader without CAP_SYSLOG) loads fine but is "restricted": it has no
 * symbols and every lookup fails.
 */
struct scd_ksyms *scd_ksyms_load(const char *path, int *err);
void scd_ksyms_free(struct scd_ksyms *k);

bool scd_ksyms_restricted(const struct scd_ksyms *k);
/* Number of distinct symbol addresses kept. */
size_t scd_ksyms_count(const struct scd_ksyms *k);

/*
 * The symbol containing @addr and, in *@offset (if not NULL), addr minus its start. NULL when
 * @addr is below the first symbol, past an end marker (_etext, _einittext, ...), more than
 * SCD_KSYM_MAX_SPAN past the start of the symbol before it, or when the table is restricted.
 * No kernel function comes near that span (the largest here is ~21 KiB); larger gaps are
 * padding, data or the end of the table, so user-space and stray addresses do not get named.
 * The module (without brackets) is in *@module when @module is not NULL, NULL for vmlinux.
 */
#define SCD_KSYM_MAX_SPAN (256u << 10)
const char *scd_ksyms_lookup(const struct scd_ksyms *k, uint64_t addr, uint64_t *offset);
const char *scd_ksyms_lookup_mod(const struct scd_ksyms *k, uint64_t addr, uint64_t *offset,
				 const char **module);

#endif
