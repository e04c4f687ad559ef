// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * FNV-1a over bytes, for the tables keyed by byte strings (rowtab.c, strtab.c). Tables keyed
 * by one integer mix it with a multiply instead (tidmap.c and friends).
 */
#ifndef SCD_HASH_H
#define SCD_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t scd_hash_bytes(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ull;
	}
	return h;
}

#endif
