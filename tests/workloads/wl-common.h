// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the test workloads share: one strict number parser for their arguments. Header-only
 * (static functions), so each workload stays one program built from one file.
 */
#ifndef SCD_WL_COMMON_H
#define SCD_WL_COMMON_H

#include <string.h>

/* Decimal digits only, 0 to 100000000; stops at @end (or the string's end when NULL). */
static inline int wl_parse_ul(const char *s, const char *end, unsigned long *out)
{
	unsigned long v = 0;
	const char *p;

	if (!end)
		end = s + strlen(s);
	if (s == end)
		return -1;
	for (p = s; p < end; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > 100000000ul)
			return -1;
	}
	*out = v;
	return 0;
}

#endif
