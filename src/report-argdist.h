// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * argdist reports: BCC argdist's text blocks, and the JSON document (all intervals in one).
 * Formatting only.
 */
#ifndef SCD_REPORT_ARGDIST_H
#define SCD_REPORT_ARGDIST_H

#include <stdio.h>

#include "an-argdist.h"
#include "argspec.h"

/* One interval: "[HH:MM:SS]" then each spec's table or histogram, as BCC prints them. */
void scd_report_argdist_text(FILE *f, struct scd_argdist *a, struct scd_argspec *const *specs,
			     size_t n, const char *time, size_t top, unsigned long long lost);

/* One interval as a JSON object of the "intervals" array. */
void scd_report_argdist_json(FILE *f, struct scd_argdist *a, struct scd_argspec *const *specs,
			     size_t n, const char *time, size_t top, unsigned long long lost);

#endif
