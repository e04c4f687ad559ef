// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The diagnose framework. A diagnosis (diag-<area>.c) names the syscalls it watches, sees
 * each paired call of them, fills its table (the one the seed's script prints: value tuples
 * -> count) and, at the end, turns aggregates into findings: what is wrong, the evidence in
 * numbers, what to change. The framework keeps the tables, the findings, the fd -> path
 * cache and the errors overview, so adding a diagnosis is one file and one registry entry.
 */
#ifndef SCD_DIAG_H
#define SCD_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "an-argdist.h"
#include "pair.h"
#include "task.h"

/* Thresholds that drive findings; each is an option of scdiag diagnose (cmd-diagnose.c). */
struct scd_diag_cfg {
	double min_calls;		/* fewer calls of a kind: no finding (noise) */
	double full_share;		/* epoll: share of calls returning exactly maxevents */
	double empty_share;		/* epoll/sleep: share of calls that return nothing useful */
	double short_timeout_ms;	/* epoll: a timeout this short or shorter is "short" */
	double rate;			/* calls per second that make a loop "hot" */
	double eintr_share;		/* sleep: share of interrupted sleeps */
	double small_bytes;		/* rw/net: a transfer this small or smaller is "small" */
	double eagain_share;		/* rw/net: share of calls failing with EAGAIN */
	double error_rate;		/* open: failures per second that make a storm */
	double slow_ms;			/* rw: a blocking call this slow or slower is "slow" */
};

void scd_diag_cfg_defaults(struct scd_diag_cfg *cfg);

enum scd_sev {
	SCD_SEV_INFO,
	SCD_SEV_WARNING,
	SCD_SEV_CRITICAL,
};

#define SCD_FINDING_MAXEV 12

struct scd_finding {
	char id[32];
	enum scd_sev sev;
	int32_t pid;
	char comm[16];
	char summary[256];
	char advice[320];
	struct {
		char key[32];
		char *val;	/* owned by the finding: any length (paths) */
		bool num;	/* val is a JSON number */
	} ev[SCD_FINDING_MAXEV];
	size_t nev;
};

/* Column kinds of a table: how v[i] of a row prints. */
enum scd_col_kind {
	SCD_COL_COMM,		/* the row's comm */
	SCD_COL_INT,
	SCD_COL_INT_OR_NULL,	/* INT64_MIN prints as null / "-" */
	SCD_COL_SYSCALL,	/* a syscall number, printed by name */
	SCD_COL_RESULT,		/* v is an errno: 0 prints "0", else the errno's name */
	SCD_COL_RESULT_OK,	/* v is an errno: 0 prints "ok", else the errno's name */
	SCD_COL_ERRNO,		/* an errno, printed by name */
	SCD_COL_PATH,		/* v[col.v] is the pid, v[col.v + 1] the fd: the fd's path */
	SCD_COL_BOOL,
};

struct scd_col {
	const char *name;
	enum scd_col_kind kind;
	int v;			/* index into the row's values (unused for COMM) */
};

struct scd_table_def {
	const char *name;	/* stable JSON name, e.g. "epoll_maxevents" */
	const struct scd_col *cols;
	size_t ncols;
	bool count;		/* rows end with a count column */
};

struct scd_diag_run;

struct scd_diag_ops {
	const char *id;				/* "epoll.maxevents" */
	const char *const *syscalls;		/* NULL-terminated user names */
	const struct scd_table_def *table;
	size_t state_size;			/* zeroed state passed to the hooks */
	void (*call)(struct scd_diag_run *r, void *st, const struct scd_call *c,
		     const struct scd_task *t);
	void (*findings)(struct scd_diag_run *r, void *st);
	void (*free)(void *st);			/* may be NULL */
};

/* The registry, in report order. */
extern const struct scd_diag_ops *const scd_diags[];
extern const size_t scd_ndiags;

/* A run over the selected diagnoses (@sel[i] for scd_diags[i]). */
struct scd_diag_run *scd_diag_run_new(const bool *sel, const struct scd_diag_cfg *cfg);
void scd_diag_run_free(struct scd_diag_run *r);

/* Hands a paired call to the diagnoses that watch its syscall, and to the errors table. */
void scd_diag_run_call(struct scd_diag_run *r, const struct scd_call *c, const struct scd_task *t);

/* Computes the findings of every selected diagnosis over @duration_s seconds. */
void scd_diag_run_finish(struct scd_diag_run *r, double duration_s);

/* For the diagnoses: */
const struct scd_diag_cfg *scd_diag_cfg(const struct scd_diag_run *r);
double scd_diag_duration(const struct scd_diag_run *r);
/* Adds a row (values and comm) to the calling diagnosis's table. */
void scd_diag_row(struct scd_diag_run *r, const int64_t *v, size_t nv, const char *comm);
/* A new finding of the calling diagnosis, filled by the caller. */
struct scd_finding *scd_diag_finding(struct scd_diag_run *r, enum scd_sev sev, int32_t pid,
				     const char *comm);
void scd_finding_num(struct scd_finding *f, const char *key, double v);
void scd_finding_str(struct scd_finding *f, const char *key, const char *v);
/* Path of @fd in @pid from /proc, cached at first sight; NULL when it cannot be resolved. */
const char *scd_diag_fd_path(struct scd_diag_run *r, int32_t pid, int64_t fd);
/* The rows of the calling diagnosis's table (argdist rows, ascending by count). */
size_t scd_diag_rows(struct scd_diag_run *r, const struct scd_ad_row ***rows);

/* Reading the results. */
size_t scd_diag_nfindings(const struct scd_diag_run *r);
const struct scd_finding *scd_diag_finding_at(const struct scd_diag_run *r, size_t i);
/* Tables in report order: the selected diagnoses' tables, then "errors". */
size_t scd_diag_ntables(const struct scd_diag_run *r);
const struct scd_table_def *scd_diag_table(const struct scd_diag_run *r, size_t i,
					   struct scd_argdist **agg, size_t *slot);

/* Syscalls to watch (union, each once): fills @names (caller frees the array only). */
size_t scd_diag_syscalls(const struct scd_diag_run *r, const char ***names);

#endif
