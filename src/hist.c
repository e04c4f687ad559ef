// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * BCC-style log2 histograms (see hist.h).
 */
#include "config.h"

#include <inttypes.h>

#include "hist.h"

#define STARS 40

static void stars(FILE *f, uint64_t val, uint64_t max)
{
	unsigned int n = max ? (unsigned int)((val * STARS + max - 1) / max) : 0, i;

	if (n > STARS)
		n = STARS;
	for (i = 0; i < STARS; i++)
		fputc(i < n ? '*' : ' ', f);
}

void scd_hist_print(FILE *f, const uint64_t *slots, unsigned int nslots, const char *unit,
		    enum scd_hist_look look)
{
	unsigned int i, last = 0;
	uint64_t max = 0;
	int width, uwidth;

	for (i = 0; i < nslots; i++) {
		if (slots[i])
			last = i;
		if (slots[i] > max)
			max = slots[i];
	}
	if (!max)
		return;	/* nothing recorded: print nothing, as BCC and libbpf-tools do */
	width = last <= 32 ? 10 : 20;
	uwidth = last <= 32 ? 19 : 29;
	fprintf(f, "%*s%-*s : count%sdistribution\n", last <= 32 ? 5 : 15, "", uwidth, unit,
		look == SCD_HIST_BCC ? "     " : "    ");
	for (i = 0; i <= last; i++) {
		uint64_t low = 1ull << i, high = i == 63 ? UINT64_MAX : (1ull << (i + 1)) - 1;

		if (low == high)
			low--;
		fprintf(f, "%*" PRIu64 " -> %-*" PRIu64 " : %-8" PRIu64 " |", width, low, width, high,
			slots[i]);
		stars(f, slots[i], max);
		fputs("|\n", f);
	}
}
