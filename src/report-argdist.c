// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * argdist reports (see report-argdist.h). Text follows BCC argdist: the spec (or its label),
 * "\tCOUNT      EVENT", rows in ascending count order, "expr = value" pairs; histograms in
 * BCC's log2 look titled with the label or the expression. We add the lost-events line.
 */
#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "json.h"
#include "report-argdist.h"
#include "text.h"

/* A value as its declared C type prints it; char* as the string read for it. */
static void value_str(const struct scd_argdist *a, const struct scd_argexpr *x,
		      const struct scd_ad_row *r, size_t i, char *buf, size_t len)
{
	int64_t v = r->v[i];

	if (x->is_comm) {
		char comm[16];

		memcpy(comm, r->comm, 15);
		comm[15] = 0;
		scd_tty_safe(comm, buf, len);
		return;
	}
	switch (x->type) {
	case SCD_AT_U8:
	case SCD_AT_U16:
	case SCD_AT_U32:
	case SCD_AT_U64:
		snprintf(buf, len, "%" PRIu64, (uint64_t)v);
		break;
	case SCD_AT_PTR:
		snprintf(buf, len, "0x%" PRIx64, (uint64_t)v);
		break;
	case SCD_AT_STR:
		scd_tty_safe(scd_argdist_string(a, v), buf, len);
		break;
	default:
		snprintf(buf, len, "%" PRId64, v);
	}
}

/* Whether any spec has a string (char*) value. */
static bool has_strings(struct scd_argspec *const *specs, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < specs[i]->nexprs; k++)
			if (specs[i]->exprs[k].type == SCD_AT_STR && !specs[i]->exprs[k].is_comm)
				return true;
	return false;
}

static const char *title(const struct scd_argspec *s)
{
	return s->label ? s->label : s->spec;
}

void scd_report_argdist_text(FILE *f, struct scd_argdist *a, struct scd_argspec *const *specs,
			     size_t n, const char *time, size_t top, unsigned long long lost)
{
	size_t i, k, j;

	fprintf(f, "[%s]\n", time);
	for (i = 0; i < n; i++) {
		const struct scd_argspec *s = specs[i];
		const struct scd_ad_row **rows;
		size_t nrows;

		if (s->hist) {
			scd_hist_print(f, scd_argdist_hist(a, i), 64,
				       s->label ? s->label : s->exprs[0].text, SCD_HIST_BCC);
			continue;
		}
		fprintf(f, "%s\n\t%-10s %s\n", title(s), "COUNT", "EVENT");
		nrows = scd_argdist_rows(a, i, top, &rows);
		for (k = 0; k < nrows; k++) {
			fprintf(f, "\t%-10" PRIu64 " ", rows[k]->count);
			/* t:CAT:EVENT() alone counts calls: BCC prints "total calls". */
			if (s->nexprs == 1 && !strcmp(s->exprs[0].text, "1")) {
				fputs("total calls\n", f);
				continue;
			}
			for (j = 0; j < s->nexprs; j++) {
				char buf[PATH_MAX + 64];

				value_str(a, &s->exprs[j], rows[k], j, buf, sizeof(buf));
				fprintf(f, "%s%s = %s", j ? ", " : "", s->exprs[j].text, buf);
			}
			fputc('\n', f);
		}
		free(rows);
		if (scd_argdist_dropped(a, i))
			fprintf(f, "\t(%" PRIu64 " events not counted: more than %u distinct values)\n",
				scd_argdist_dropped(a, i), SCD_AD_MAXROWS);
	}
	if (has_strings(specs, n)) {
		uint64_t rd, bad;

		scd_argdist_string_counts(a, &rd, &bad);
		fprintf(f, "Strings: %" PRIu64 " read from process memory after the event, %" PRIu64
			" could not be read\n", rd, bad);
	}
	fprintf(f, "Lost events: %llu\n", lost);
}

void scd_report_argdist_json(FILE *f, struct scd_argdist *a, struct scd_argspec *const *specs,
			     size_t n, const char *time, size_t top, unsigned long long lost)
{
	struct scd_json j;
	size_t i, k, x;

	scd_json_init(&j, f);
	scd_json_obj(&j, NULL);
	scd_json_str(&j, "time", time);
	scd_json_u64(&j, "lost_events", lost);
	scd_json_arr(&j, "specs");
	for (i = 0; i < n; i++) {
		const struct scd_argspec *s = specs[i];

		scd_json_obj(&j, NULL);
		scd_json_str(&j, "spec", s->spec);
		if (s->label)
			scd_json_str(&j, "label", s->label);
		scd_json_str(&j, "kind", s->hist ? "hist" : "count");
		if (s->hist) {
			const uint64_t *slot = scd_argdist_hist(a, i);
			unsigned int b, last = 0;

			for (b = 0; b < 64; b++)
				if (slot[b])
					last = b;
			scd_json_arr(&j, "buckets");
			for (b = 0; b <= last; b++) {
				scd_json_obj(&j, NULL);
				scd_json_u64(&j, "low", b ? 1ull << b : 0);
				scd_json_u64(&j, "high", b == 63 ? UINT64_MAX : (1ull << (b + 1)) - 1);
				scd_json_u64(&j, "count", slot[b]);
				scd_json_obj_end(&j);
			}
			scd_json_arr_end(&j);
		} else {
			const struct scd_ad_row **rows;
			size_t nrows = scd_argdist_rows(a, i, top, &rows);

			scd_json_arr(&j, "rows");
			for (k = nrows; k-- > 0;) {	/* biggest first in JSON */
				scd_json_obj(&j, NULL);
				scd_json_arr(&j, "values");
				for (x = 0; x < s->nexprs; x++) {
					const struct scd_argexpr *e = &s->exprs[x];

					if (e->is_comm)
						scd_json_str(&j, NULL, rows[k]->comm);
					else if (e->type == SCD_AT_STR)
						scd_json_str(&j, NULL,
							     scd_argdist_string(a, rows[k]->v[x]));
					else if (e->type == SCD_AT_U64 || e->type == SCD_AT_PTR)
						scd_json_u64(&j, NULL, (uint64_t)rows[k]->v[x]);
					else
						scd_json_i64(&j, NULL, rows[k]->v[x]);
				}
				scd_json_arr_end(&j);
				scd_json_u64(&j, "count", rows[k]->count);
				scd_json_obj_end(&j);
			}
			scd_json_arr_end(&j);
			free(rows);
			scd_json_u64(&j, "dropped", scd_argdist_dropped(a, i));
		}
		scd_json_obj_end(&j);
	}
	scd_json_arr_end(&j);
	if (has_strings(specs, n)) {
		uint64_t rd, bad;

		scd_argdist_string_counts(a, &rd, &bad);
		scd_json_obj(&j, "strings");
		scd_json_u64(&j, "read", rd);
		scd_json_u64(&j, "unreadable", bad);
		scd_json_obj_end(&j);
	}
	scd_json_obj_end(&j);
}
