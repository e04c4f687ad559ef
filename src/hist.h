// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * log2 histograms printed the way BCC and libbpf-tools print them, so users of those tools
 * read ours without thinking:  "     usecs               : count    distribution".
 */
#ifndef SCD_HIST_H
#define SCD_HIST_H

#include <stdint.h>
#include <stdio.h>

enum scd_hist_look {
	SCD_HIST_LIBBPF,	/* libbpf-tools (syscount, offcputime): "count    distribution" */
	SCD_HIST_BCC,		/* BCC's Python tools (argdist): "count     distribution" */
};

/* @slots[i] counts values v with floor(log2 v) == i (0 and 1 in slot 0); @nslots <= 64. */
void scd_hist_print(FILE *f, const uint64_t *slots, unsigned int nslots, const char *unit,
		    enum scd_hist_look look);

#endif
