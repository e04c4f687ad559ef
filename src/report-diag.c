// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * diagnose reports (see report-diag.h). Table cells are formatted once into strings, so the
 * text columns can be sized to their widest cell and JSON can tell numbers from strings.
 */
#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "errnos.h"
#include "json.h"
#include "report-diag.h"
#include "text.h"
#include "xalloc.h"
#include "sysname.h"

static const char *const sev_names[] = { "info", "warning", "critical" };

/* Cell text; *num tells whether it is a JSON number, *null a JSON null. */
static void cell(struct scd_diag_run *r, const struct scd_col *c, const struct scd_ad_row *row,
		 char *buf, size_t len, bool *num, bool *null)
{
	int64_t v = row->v[c->v];
	const char *s;

	*num = false;
	*null = false;
	switch (c->kind) {
	case SCD_COL_COMM: {
		char comm[16];

		memcpy(comm, row->comm, 15);
		comm[15] = 0;
		snprintf(buf, len, "%s", comm);
		return;
	}
	case SCD_COL_INT_OR_NULL:
		if (v == INT64_MIN) {
			*null = true;
			snprintf(buf, len, "-");
			return;
		}
		/* fall through */
	case SCD_COL_INT:
		*num = true;
		snprintf(buf, len, "%" PRId64, v);
		return;
	case SCD_COL_BOOL:
		*num = true;	/* JSON true/false: see json_cell */
		snprintf(buf, len, "%s", v ? "true" : "false");
		return;
	case SCD_COL_SYSCALL: {
		char tmp[32];

		snprintf(buf, len, "%s", scd_sysname((int)v, tmp, sizeof(tmp)));
		return;
	}
	case SCD_COL_RESULT:
	case SCD_COL_RESULT_OK:
	case SCD_COL_ERRNO:
		if (!v) {
			snprintf(buf, len, "%s", c->kind == SCD_COL_RESULT_OK ? "ok" : "0");
			*num = c->kind == SCD_COL_RESULT;
			return;
		}
		s = scd_errno_name((int)v);
		if (s)
			snprintf(buf, len, "%s", s);
		else
			snprintf(buf, len, "errno_%" PRId64, v);
		return;
	case SCD_COL_PATH:
		s = scd_diag_fd_path(r, (int32_t)v, row->v[c->v + 1]);
		if (!s) {
			*null = true;
			snprintf(buf, len, "?");
		} else {
			snprintf(buf, len, "%s", s);
		}
		return;
	}
}

static void print_finding(FILE *f, const struct scd_finding *fd)
{
	size_t i;

	char comm[16], summary[sizeof(fd->summary)], *val;

	/* Summaries and evidence may quote paths and comms: terminal-safe copies only. */
	fprintf(f, "[%s] %s  pid %d (%s): %s\n", sev_names[fd->sev], fd->id, fd->pid,
		scd_tty_safe(fd->comm, comm, sizeof(comm)),
		scd_tty_safe(fd->summary, summary, sizeof(summary)));
	fprintf(f, "    evidence:");
	for (i = 0; i < fd->nev; i++) {
		val = xmalloc(strlen(fd->ev[i].val) + 1);
		fprintf(f, " %s=%s", fd->ev[i].key,
			scd_tty_safe(fd->ev[i].val, val, strlen(fd->ev[i].val) + 1));
		free(val);
	}
	fprintf(f, "\n    advice:   %s\n", fd->advice);
}

static int by_sev(const void *a, const void *b)
{
	const struct scd_finding *x = *(const struct scd_finding *const *)a;
	const struct scd_finding *y = *(const struct scd_finding *const *)b;

	return (int)y->sev - (int)x->sev;
}

static const struct scd_finding **sorted_findings(struct scd_diag_run *r, size_t *n)
{
	const struct scd_finding **v;
	size_t i;

	*n = scd_diag_nfindings(r);
	v = calloc(*n + 1, sizeof(*v));
	if (!v) {
		*n = 0;
		return NULL;
	}
	for (i = 0; i < *n; i++)
		v[i] = scd_diag_finding_at(r, i);
	/* qsort is not stable; findings of equal severity keep diagnosis order by index. */
	for (i = 0; i < *n; i++) {
		size_t k;

		for (k = i; k > 0 && by_sev(&v[k - 1], &v[k]) > 0; k--) {
			const struct scd_finding *t = v[k];

			v[k] = v[k - 1];
			v[k - 1] = t;
		}
	}
	return v;
}

#define CELL 160

static void print_table(FILE *f, struct scd_diag_run *r, size_t t)
{
	struct scd_argdist *agg;
	size_t slot, nrows, i, c, ncols;
	const struct scd_table_def *def = scd_diag_table(r, t, &agg, &slot);
	const struct scd_ad_row **rows;
	size_t width[16];
	char buf[CELL];
	bool num, null;

	nrows = scd_argdist_rows(agg, slot, 0, &rows);
	ncols = def->ncols < 15 ? def->ncols : 15;
	for (c = 0; c < ncols; c++)
		width[c] = strlen(def->cols[c].name);
	width[ncols] = strlen("COUNT");
	for (i = 0; i < nrows; i++) {
		for (c = 0; c < ncols; c++) {
			cell(r, &def->cols[c], rows[i], buf, sizeof(buf), &num, &null);
			if (strlen(buf) > width[c])
				width[c] = strlen(buf);
		}
		snprintf(buf, sizeof(buf), "%" PRIu64, rows[i]->count);
		if (strlen(buf) > width[ncols])
			width[ncols] = strlen(buf);
	}
	fprintf(f, "\n%s\n", def->name);
	for (c = 0; c < ncols; c++) {
		size_t k;

		for (k = 0; def->cols[c].name[k]; k++)
			fputc(def->cols[c].name[k] >= 'a' && def->cols[c].name[k] <= 'z' ?
			      def->cols[c].name[k] - 32 : def->cols[c].name[k], f);
		if (c + 1 < ncols || def->count)
			fprintf(f, "%*s", (int)(width[c] - strlen(def->cols[c].name) + 2), "");
	}
	fprintf(f, "%s\n", def->count ? "COUNT" : "");
	/* Biggest count first, as the seed's bpftrace maps print last-biggest: easier to read. */
	for (i = nrows; i-- > 0;) {
		for (c = 0; c < ncols; c++) {
			char raw[CELL];

			cell(r, &def->cols[c], rows[i], raw, sizeof(raw), &num, &null);
			scd_tty_safe(raw, buf, sizeof(buf));
			if (c + 1 < ncols || def->count)
				fprintf(f, "%-*s  ", (int)width[c], buf);
			else
				fputs(buf, f);
		}
		if (def->count)
			fprintf(f, "%" PRIu64, rows[i]->count);
		fputc('\n', f);
	}
	if (!nrows)
		fprintf(f, "(no calls)\n");
	free(rows);
}

void scd_report_diag_text(FILE *f, struct scd_diag_run *r, unsigned long long lost)
{
	const struct scd_finding **v;
	size_t n, i;

	v = sorted_findings(r, &n);
	if (!n)
		fprintf(f, "No findings.\n");
	else
		fprintf(f, "Findings (%zu, most severe first):\n", n);
	for (i = 0; i < n; i++)
		print_finding(f, v[i]);
	free(v);
	for (i = 0; i < scd_diag_ntables(r); i++)
		print_table(f, r, i);
	fprintf(f, "\nLost events: %llu\n", lost);
}

static void json_table(struct scd_json *j, struct scd_diag_run *r, size_t t)
{
	struct scd_argdist *agg;
	size_t slot, nrows, i, c;
	const struct scd_table_def *def = scd_diag_table(r, t, &agg, &slot);
	const struct scd_ad_row **rows;
	char buf[CELL];
	bool num, null;

	nrows = scd_argdist_rows(agg, slot, 0, &rows);
	scd_json_arr(j, def->name);
	for (i = nrows; i-- > 0;) {
		scd_json_obj(j, NULL);
		for (c = 0; c < def->ncols; c++) {
			const struct scd_col *col = &def->cols[c];

			cell(r, col, rows[i], buf, sizeof(buf), &num, &null);
			if (null)
				scd_json_null(j, col->name);
			else if (col->kind == SCD_COL_BOOL)
				scd_json_bool(j, col->name, rows[i]->v[col->v] != 0);
			else if (num)
				scd_json_i64(j, col->name, col->kind == SCD_COL_RESULT ? 0 :
					     rows[i]->v[col->v]);
			else
				scd_json_str(j, col->name, buf);
		}
		if (def->count)
			scd_json_u64(j, "count", rows[i]->count);
		scd_json_obj_end(j);
	}
	scd_json_arr_end(j);
	free(rows);
}

void scd_report_diag_json(FILE *f, struct scd_diag_run *r, const char *time, double duration_s,
			  unsigned long long lost)
{
	const struct scd_finding **v;
	struct scd_json j;
	size_t n, i, k;

	scd_json_init(&j, f);
	scd_json_obj(&j, NULL);
	scd_json_str(&j, "command", "diagnose");
	if (time)
		scd_json_str(&j, "time", time);
	scd_json_dbl(&j, "duration_s", duration_s);
	scd_json_u64(&j, "lost_events", lost);
	scd_json_arr(&j, "findings");
	v = sorted_findings(r, &n);
	for (i = 0; i < n; i++) {
		scd_json_obj(&j, NULL);
		scd_json_str(&j, "id", v[i]->id);
		scd_json_str(&j, "severity", sev_names[v[i]->sev]);
		scd_json_i64(&j, "pid", v[i]->pid);
		scd_json_str(&j, "comm", v[i]->comm);
		scd_json_str(&j, "summary", v[i]->summary);
		scd_json_obj(&j, "evidence");
		for (k = 0; k < v[i]->nev; k++) {
			if (v[i]->ev[k].num) {
				scd_json_escape_key(&j, v[i]->ev[k].key);
				fputs(v[i]->ev[k].val, f);
			} else {
				scd_json_str(&j, v[i]->ev[k].key, v[i]->ev[k].val);
			}
		}
		scd_json_obj_end(&j);
		scd_json_str(&j, "advice", v[i]->advice);
		scd_json_obj_end(&j);
	}
	free(v);
	scd_json_arr_end(&j);
	scd_json_obj(&j, "tables");
	for (i = 0; i < scd_diag_ntables(r); i++)
		json_table(&j, r, i);
	scd_json_obj_end(&j);
	scd_json_obj_end(&j);
	scd_json_end(&j);
}
