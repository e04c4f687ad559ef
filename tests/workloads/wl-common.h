// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the test workloads share: one strict parser for their arguments, and the exit for a
 * call that failed. Header-only
 * (static functions), so each workload stays one program built from one file.
 */
#ifndef SCD_WL_COMMON_H
#define SCD_WL_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

/* An operation's argument: "N", or "N:M" when @two (else *m = 0). 0, or -1 when malformed. */
static inline int wl_parse_arg(const char *arg, int two, unsigned long *n, unsigned long *m)
{
	const char *colon = strchr(arg, ':');

	*m = 0;
	if (!two != !colon || wl_parse_ul(arg, colon, n) ||
	    (colon && wl_parse_ul(colon + 1, NULL, m)))
		return -1;
	return 0;
}

/* A call that must not fail did: "PROG: WHAT: reason", exit 1. */
static inline void wl_die_call(const char *prog, const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
	exit(1);
}

#endif
