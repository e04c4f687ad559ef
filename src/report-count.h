// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Text and JSON reports of the count analyzer. Formatting only: everything shown comes from
 * a scd_count_view and the run's metadata, so reports are tested byte for byte on synthetic
 * aggregates (tests/golden/).
 */
#ifndef SCD_REPORT_COUNT_H
#define SCD_REPORT_COUNT_H

#include <stdbool.h>
#include <stdio.h>

#include "an-count.h"
#include "pair.h"

struct scd_count_meta {
	const char *time;		/* "HH:MM:SS" header, NULL for none */
	double duration_s;
	unsigned long long lost;
	bool ms;			/* -m: milliseconds instead of microseconds */
	bool verbose;			/* -v: pairing counters */
	const char *backend;		/* "syscalls:*" or "raw_syscalls" */
	const struct scd_pair_stats *pair;
	size_t in_flight;
	uint64_t events;		/* -v: records the reader handled */
	double cpu_s;			/* -v: the reader's CPU time */
	uint64_t late;			/* -v: records that arrived behind the merge horizon */
};

void scd_report_count_text(FILE *f, const struct scd_count *c, const struct scd_count_view *v,
			   const struct scd_count_meta *m);
void scd_report_count_json(FILE *f, const struct scd_count *c, const struct scd_count_view *v,
			   const struct scd_count_meta *m);

#endif
