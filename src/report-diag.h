// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * diagnose reports: findings first (most severe first: summary, evidence, advice), then
 * every table as aligned columns; or one JSON document with the stable names.
 */
#ifndef SCD_REPORT_DIAG_H
#define SCD_REPORT_DIAG_H

#include <stdio.h>

#include "diag.h"

void scd_report_diag_text(FILE *f, struct scd_diag_run *r, unsigned long long lost);
/* @time: "HH:MM:SS" of an interval report (-i), or NULL. */
void scd_report_diag_json(FILE *f, struct scd_diag_run *r, const char *time, double duration_s,
			  unsigned long long lost);

#endif
