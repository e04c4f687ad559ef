// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The diagnose framework (see diag.h): selection, dispatch of paired calls by syscall
 * number, the tables (argdist aggregates with column metadata), findings, the errors
 * overview and the fd -> path cache.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "event.h"
#include "syscalls.h"
#include "xalloc.h"

#define MAX_PATHS 65536

static const struct scd_col errors_cols[] = {
	{ "comm", SCD_COL_COMM, 0 },
	{ "pid", SCD_COL_INT, 0 },
	{ "syscall", SCD_COL_SYSCALL, 1 },
	{ "errno", SCD_COL_ERRNO, 2 },
};

static const struct scd_table_def errors_table = {
	"errors", errors_cols, sizeof(errors_cols) / sizeof(errors_cols[0]), true,
};

struct path_ent {
	uint64_t key;		/* pid << 32 | fd; 0 = empty */
	char *path;		/* NULL: could not be resolved */
};

struct scd_diag_run {
	struct scd_diag_cfg cfg;
	double duration_s;
	size_t nsel;
	const struct scd_diag_ops **ops;	/* selected, in registry order */
	void **state;
	struct scd_argdist *agg;		/* slot i: table of ops[i]; slot nsel: errors */
	size_t **by_nr;				/* nr -> selected indices, -1 terminated */
	size_t nnr;
	size_t cur;				/* the diagnosis being called */
	struct scd_finding *f;
	size_t nf;
	struct path_ent *paths;
	size_t npaths;
};

void scd_diag_cfg_defaults(struct scd_diag_cfg *cfg)
{
	cfg->min_calls = 100;
	cfg->full_share = 0.5;
	cfg->empty_share = 0.8;
	cfg->short_timeout_ms = 10;
	cfg->rate = 1000;
	cfg->eintr_share = 0.1;
	cfg->small_bytes = 512;
	cfg->eagain_share = 0.5;
	cfg->error_rate = 1000;
	cfg->slow_ms = 100;
}

static void watch(struct scd_diag_run *r, int nr, size_t idx)
{
	size_t n = 0;

	if (nr < 0)
		return;
	if ((size_t)nr >= r->nnr) {
		size_t m = (size_t)nr + 32;

		r->by_nr = xrealloc(r->by_nr, m, sizeof(*r->by_nr));
		memset(r->by_nr + r->nnr, 0, (m - r->nnr) * sizeof(*r->by_nr));
		r->nnr = m;
	}
	while (r->by_nr[nr] && r->by_nr[nr][n] != (size_t)-1)
		n++;
	r->by_nr[nr] = xrealloc(r->by_nr[nr], n + 2, sizeof(size_t));
	r->by_nr[nr][n] = idx;
	r->by_nr[nr][n + 1] = (size_t)-1;
}

struct scd_diag_run *scd_diag_run_new(const bool *sel, const struct scd_diag_cfg *cfg)
{
	struct scd_diag_run *r = xcalloc(1, sizeof(*r));
	bool *hist;
	size_t i, k;

	r->cfg = *cfg;
	r->ops = xcalloc(scd_ndiags, sizeof(*r->ops));
	r->state = xcalloc(scd_ndiags, sizeof(*r->state));
	for (i = 0; i < scd_ndiags; i++) {
		if (!sel[i])
			continue;
		r->ops[r->nsel] = scd_diags[i];
		r->state[r->nsel] = xcalloc(1, scd_diags[i]->state_size ?
					    scd_diags[i]->state_size : 1);
		for (k = 0; scd_diags[i]->syscalls[k]; k++)
			watch(r, scd_syscall_nr(scd_diags[i]->syscalls[k]), r->nsel);
		r->nsel++;
	}
	hist = xcalloc(r->nsel + 1, sizeof(*hist));
	r->agg = scd_argdist_new(r->nsel + 1, hist);
	free(hist);
	return r;
}

void scd_diag_run_free(struct scd_diag_run *r)
{
	size_t i, j;

	if (!r)
		return;
	for (i = 0; i < r->nsel; i++) {
		if (r->ops[i]->free)
			r->ops[i]->free(r->state[i]);
		free(r->state[i]);
	}
	for (i = 0; i < r->nnr; i++)
		free(r->by_nr[i]);
	for (i = 0; r->paths && i < MAX_PATHS * 2; i++)
		free(r->paths[i].path);
	free(r->paths);
	free(r->by_nr);
	free(r->ops);
	free(r->state);
	for (i = 0; i < r->nf; i++)
		for (j = 0; j < r->f[i].nev; j++)
			free(r->f[i].ev[j].val);
	free(r->f);
	scd_argdist_free(r->agg);
	free(r);
}

void scd_diag_run_call(struct scd_diag_run *r, const struct scd_call *c, const struct scd_task *t)
{
	const size_t *idx;
	int err = scd_ret_errno(c->ret);
	int32_t pid = t ? t->tgid : c->tid;

	if (c->nr < 0 || (size_t)c->nr >= r->nnr || !r->by_nr[c->nr])
		return;
	for (idx = r->by_nr[c->nr]; *idx != (size_t)-1; idx++) {
		r->cur = *idx;
		r->ops[*idx]->call(r, r->state[*idx], c, t);
	}
	if (err) {
		int64_t v[3] = { pid, c->nr, err };

		scd_argdist_add(r->agg, r->nsel, v, 3, t ? t->comm : "?");
	}
}

void scd_diag_run_finish(struct scd_diag_run *r, double duration_s)
{
	size_t i;

	r->duration_s = duration_s;
	for (i = 0; i < r->nsel; i++) {
		r->cur = i;
		if (r->ops[i]->findings)
			r->ops[i]->findings(r, r->state[i]);
	}
}

const struct scd_diag_cfg *scd_diag_cfg(const struct scd_diag_run *r)
{
	return &r->cfg;
}

double scd_diag_duration(const struct scd_diag_run *r)
{
	return r->duration_s;
}

void scd_diag_row(struct scd_diag_run *r, const int64_t *v, size_t nv, const char *comm)
{
	scd_argdist_add(r->agg, r->cur, v, nv, comm ? comm : "?");
}

size_t scd_diag_rows(struct scd_diag_run *r, const struct scd_ad_row ***rows)
{
	return scd_argdist_rows(r->agg, r->cur, 0, rows);
}

struct scd_finding *scd_diag_finding(struct scd_diag_run *r, enum scd_sev sev, int32_t pid,
				     const char *comm)
{
	struct scd_finding *f;

	r->f = xrealloc(r->f, r->nf + 1, sizeof(*r->f));
	f = &r->f[r->nf++];
	memset(f, 0, sizeof(*f));
	snprintf(f->id, sizeof(f->id), "%s", r->ops[r->cur]->id);
	f->sev = sev;
	f->pid = pid;
	snprintf(f->comm, sizeof(f->comm), "%s", comm ? comm : "?");
	return f;
}

static struct scd_finding *next_ev(struct scd_finding *f, const char *key)
{
	if (f->nev >= SCD_FINDING_MAXEV)
		return NULL;
	snprintf(f->ev[f->nev].key, sizeof(f->ev[f->nev].key), "%s", key);
	return f;
}

void scd_finding_num(struct scd_finding *f, const char *key, double v)
{
	char buf[64];

	if (!next_ev(f, key))
		return;
	if (v == (double)(int64_t)v)
		snprintf(buf, sizeof(buf), "%lld", (long long)v);
	else
		snprintf(buf, sizeof(buf), "%.3f", v);
	f->ev[f->nev].val = xstrdup(buf);
	f->ev[f->nev++].num = true;
}

void scd_finding_str(struct scd_finding *f, const char *key, const char *v)
{
	if (!next_ev(f, key))
		return;
	f->ev[f->nev].val = xstrdup(v);
	f->ev[f->nev++].num = false;
}

const char *scd_diag_fd_path(struct scd_diag_run *r, int32_t pid, int64_t fd)
{
	uint64_t key = ((uint64_t)(uint32_t)pid << 32) | (uint32_t)fd, h;
	char link[64], buf[PATH_MAX];
	struct path_ent *e;
	ssize_t n;

	if (fd < 0 || fd > INT32_MAX || pid <= 0)
		return NULL;
	if (!r->paths)
		r->paths = xcalloc(MAX_PATHS * 2, sizeof(*r->paths));
	h = (key * 0x9e3779b97f4a7c15ull) >> 47;	/* 17 bits: MAX_PATHS * 2 slots */
	for (e = &r->paths[h]; e->key; e = &r->paths[h = (h + 1) & (MAX_PATHS * 2 - 1)])
		if (e->key == key)
			return e->path;
	if (r->npaths >= MAX_PATHS)
		return NULL;
	/* First sight: ask /proc now, while the fd is most likely still open. */
	snprintf(link, sizeof(link), "/proc/%d/fd/%d", (int)pid, (int)fd);
	n = readlink(link, buf, sizeof(buf) - 1);
	e->key = key;
	if (n > 0) {
		buf[n] = 0;
		e->path = xstrdup(buf);
	}
	r->npaths++;
	return e->path;
}

size_t scd_diag_nfindings(const struct scd_diag_run *r)
{
	return r->nf;
}

const struct scd_finding *scd_diag_finding_at(const struct scd_diag_run *r, size_t i)
{
	return &r->f[i];
}

size_t scd_diag_ntables(const struct scd_diag_run *r)
{
	return r->nsel + 1;
}

const struct scd_table_def *scd_diag_table(const struct scd_diag_run *r, size_t i,
					   struct scd_argdist **agg, size_t *slot)
{
	*agg = r->agg;
	*slot = i;
	return i < r->nsel ? r->ops[i]->table : &errors_table;
}

size_t scd_diag_syscalls(const struct scd_diag_run *r, const char ***names)
{
	const char **v = NULL;
	size_t n = 0, i, k, j;

	for (i = 0; i < r->nsel; i++) {
		for (k = 0; r->ops[i]->syscalls[k]; k++) {
			const char *s = r->ops[i]->syscalls[k];

			for (j = 0; j < n && strcmp(v[j], s); j++)
				;
			if (j < n)
				continue;
			v = xrealloc(v, n + 1, sizeof(*v));
			v[n++] = s;
		}
	}
	*names = v;
	return n;
}
