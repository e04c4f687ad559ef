// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * scdiag diagnose: every investigation of seeds/syscall-diagnoses.md in one run. The
 * selected diagnoses' syscalls are traced with enter and exit paired; each diagnosis fills
 * the table its seed script prints and turns it into findings with evidence and advice.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "parse.h"
#include "report-diag.h"
#include "session.h"
#include "syscalls.h"
#include "tfs-dir.h"
#include "tfs-events.h"

enum {
	OPT_ONLY = SCD_OPT_FIRST_CMD,
	OPT_SKIP,
	OPT_THRESHOLD,		/* + index into thresholds[] */
};

struct threshold {
	const char *name;
	size_t off;		/* in struct scd_diag_cfg */
	double max;
	const char *help;
};

#define T(n, f, m, h) { n, offsetof(struct scd_diag_cfg, f), m, h }
static const struct threshold thresholds[] = {
	T("min-calls", min_calls, 1e12, "fewer calls of a kind give no finding (100)"),
	T("full-share", full_share, 1, "epoll: share of calls returning maxevents (0.5)"),
	T("empty-share", empty_share, 1, "epoll/sleep: share of empty waits, short sleeps (0.8)"),
	T("short-timeout-ms", short_timeout_ms, 1e9, "epoll: a short timeout, ms (10)"),
	T("rate", rate, 1e12, "calls per second that make a loop hot (1000)"),
	T("eintr-share", eintr_share, 1, "sleep: share of interrupted sleeps (0.1)"),
	T("small-bytes", small_bytes, 1e12, "rw/net: a small transfer, bytes (512)"),
	T("eagain-share", eagain_share, 1, "rw/net: share of calls failing EAGAIN (0.5)"),
	T("error-rate", error_rate, 1e12, "open: failures per second of a storm (1000)"),
	T("slow-ms", slow_ms, 1e9, "rw: a slow blocking call, ms (100)"),
};
#undef T
#define NTHRESHOLDS (sizeof(thresholds) / sizeof(thresholds[0]))

struct diagnose_cmd {
	struct scd_opts o;
	struct scd_diag_cfg cfg;
	bool sel[64];
	struct scd_diag_run *run;
	double block_s;
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: scdiag diagnose [OPTIONS] [-- CMD ARGS]\n\n"
		"Run every syscall investigation at once: tables as the seed scripts print\n"
		"them, and findings with evidence and advice.\n\nDiagnoses:\n");
	for (i = 0; i < scd_ndiags; i++)
		fprintf(f, "  %s\n", scd_diags[i]->id);
	fprintf(f, "\nOptions:\n"
		"      --only ID[,ID]    run only these diagnoses (an area prefix like 'epoll'\n"
		"                        selects all of its diagnoses)\n"
		"      --skip ID[,ID]    run all but these\n");
	for (i = 0; i < NTHRESHOLDS; i++) {
		char opt[40];

		snprintf(opt, sizeof(opt), "%s N", thresholds[i].name);
		fprintf(f, "      --%-20s%s\n", opt, thresholds[i].help);
	}
	fprintf(f, "%s\nExamples:\n"
		"  scdiag diagnose -d 10 -p 1234\n"
		"  scdiag diagnose --only epoll,sleep -- ./server\n"
		"  scdiag diagnose --json --rate 500 -d 5\n", scd_common_help);
}

/* --only/--skip: ids or area prefixes ("epoll" = "epoll.*"). */
static int select_ids(struct diagnose_cmd *dc, const char *arg, bool only)
{
	char **ids;
	size_t n, i, k;

	if (scd_split_list(arg, &ids, &n)) {
		scd_msg("invalid --%s argument '%s' (expected ID[,ID...])", only ? "only" : "skip",
			arg);
		return -1;
	}
	for (i = 0; i < n; i++) {
		size_t len = strlen(ids[i]);
		bool hit = false;

		for (k = 0; k < scd_ndiags; k++) {
			const char *id = scd_diags[k]->id;

			if (strcmp(id, ids[i]) && !(strncmp(id, ids[i], len) == 0 && id[len] == '.'))
				continue;
			hit = true;
			dc->sel[k] = only;
		}
		if (!hit) {
			scd_msg("unknown diagnosis '%s' (see scdiag diagnose --help for the ids)",
				ids[i]);
			scd_free_list(ids, n);
			return -1;
		}
	}
	scd_free_list(ids, n);
	return 0;
}

static int parse_args(struct diagnose_cmd *dc, int argc, char **argv)
{
	struct option longopts[8 + 10 + NTHRESHOLDS + 1] = {
		SCD_COMMON_LONG,
		{ "only", required_argument, NULL, OPT_ONLY },
		{ "skip", required_argument, NULL, OPT_SKIP },
	};
	size_t nl = 0, i;
	bool only_seen = false;
	int opt, r;

	while (longopts[nl].name)
		nl++;
	for (i = 0; i < NTHRESHOLDS; i++)
		longopts[nl++] = (struct option){ thresholds[i].name, required_argument, NULL,
						  OPT_THRESHOLD + (int)i };
	for (i = 0; i < scd_ndiags; i++)
		dc->sel[i] = true;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+" SCD_COMMON_SHORT, longopts, NULL)) != -1) {
		r = scd_opts_common(&dc->o, opt, optarg);
		if (r < 0)
			return -1;
		if (r == 0)
			continue;
		if (opt == 'h') {
			usage(stdout);
			exit(SCD_EXIT_OK);
		} else if (opt == OPT_ONLY) {
			if (!only_seen)
				for (i = 0; i < scd_ndiags; i++)
					dc->sel[i] = false;
			only_seen = true;
			if (select_ids(dc, optarg, true))
				return -1;
		} else if (opt == OPT_SKIP) {
			if (select_ids(dc, optarg, false))
				return -1;
		} else if (opt >= OPT_THRESHOLD && opt < OPT_THRESHOLD + (int)NTHRESHOLDS) {
			const struct threshold *t = &thresholds[opt - OPT_THRESHOLD];
			double v;

			if (scd_parse_seconds(optarg, 0, t->max, &v)) {
				scd_msg("invalid --%s argument '%s' (expected a decimal number from "
					"0 to %.0f)", t->name, optarg, t->max);
				return -1;
			}
			*(double *)((char *)&dc->cfg + t->off) = v;
		} else {
			return scd_opt_error("diagnose", "ptcdib", argv);
		}
	}
	for (i = 0; i < scd_ndiags && !dc->sel[i]; i++)
		;
	if (i == scd_ndiags) {
		scd_msg("no diagnosis selected (check --only and --skip)");
		return -1;
	}
	return scd_opts_finish(&dc->o, argc, argv, optind);
}

static void on_call(const struct scd_call *c, const struct scd_task *task, void *ctx)
{
	struct diagnose_cmd *dc = ctx;

	scd_diag_run_call(dc->run, c, task);
}

static int report(struct diagnose_cmd *dc, double secs, unsigned long long lost, bool hdr)
{
	char hms[16];

	scd_cli_hms(hms, sizeof(hms));
	scd_diag_run_finish(dc->run, secs);
	if (dc->o.json) {
		scd_report_diag_json(stdout, dc->run, hdr ? hms : NULL, secs, lost);
	} else {
		if (hdr)
			printf("[%s]\n", hms);
		scd_report_diag_text(stdout, dc->run, lost);
	}
	return fflush(stdout) == EOF || ferror(stdout) ? -1 : 0;
}

static int on_interval(uint64_t ts_end, unsigned long long lost, void *ctx)
{
	struct diagnose_cmd *dc = ctx;
	int err;

	(void)ts_end;
	err = report(dc, dc->o.interval_s, lost, true);
	if (!dc->o.json)
		putchar('\n');
	scd_diag_run_free(dc->run);
	dc->run = scd_diag_run_new(dc->sel, &dc->cfg);
	return err;
}

static void on_started(void *ctx)
{
	(void)ctx;
	fputs("Diagnosing syscalls... Ctrl-C to end.\n", stderr);
}


/* The watched syscalls this kernel can trace (epoll_pwait2 and others are recent). */
static size_t traceable(struct diagnose_cmd *dc, const char **names, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		char ev[96];

		snprintf(ev, sizeof(ev), "sys_exit_%s", scd_syscall_event_name(names[i]));
		if (scd_syscall_nr(names[i]) < 0 ||
		    (!dc->o.raw_syscalls && scd_tfs_system_exists("syscalls") &&
		     !scd_tfs_event_exists("syscalls", ev))) {
			if (dc->o.verbose)
				scd_msg("%s cannot be traced on this kernel: not watched", names[i]);
			continue;
		}
		names[k++] = names[i];
	}
	return k;
}

static int diagnose_exec(int argc, char **argv)
{
	struct diagnose_cmd dc;
	struct scd_sc_select sel = { 0 };
	struct scd_session_hooks hooks = { 0 };
	struct scd_session_result res;
	struct scd_tfs_where w;
	struct scd_err err;
	const char **names = NULL;
	int ret = SCD_EXIT_USAGE;
	size_t n;

	memset(&dc, 0, sizeof(dc));
	scd_diag_cfg_defaults(&dc.cfg);
	if (scd_ndiags > sizeof(dc.sel) / sizeof(dc.sel[0]) || parse_args(&dc, argc, argv))
		goto out;
	if (scd_tfs_locate(true, &w)) {
		scd_msg("tracefs not available (run as root; mount -t tracefs nodev "
			"/sys/kernel/tracing)");
		ret = SCD_EXIT_RUNTIME;
		goto out;
	}
	dc.run = scd_diag_run_new(dc.sel, &dc.cfg);
	n = scd_diag_syscalls(dc.run, &names);
	sel.nnames = traceable(&dc, names, n);
	sel.names = (char **)names;
	sel.enters = true;
	sel.args = true;
	sel.tasks = true;
	hooks.ctx = &dc;
	hooks.call = on_call;
	hooks.interval = dc.o.interval_s > 0 ? on_interval : NULL;
	hooks.started = on_started;
	hooks.note = scd_cli_note;
	if (scd_session_run(&dc.o, &sel, &hooks, &res, &err)) {
		ret = scd_report_err(&err);
		goto out;
	}
	ret = SCD_EXIT_OK;
	if (!res.output_failed &&
	    report(&dc, dc.o.interval_s > 0 ? res.last_block_s : res.duration_s,
		   dc.o.interval_s > 0 ? res.lost_last_block : res.lost, dc.o.interval_s > 0))
		res.output_failed = true;
	if (res.output_failed && errno != EPIPE) {
		scd_msg("cannot write the report: %s", strerror(errno));
		ret = SCD_EXIT_RUNTIME;
	}
out:
	free(names);
	scd_diag_run_free(dc.run);
	scd_opts_free(&dc.o);
	return ret;
}

const struct scd_cmd scd_cmd_diagnose = {
	.name = "diagnose",
	.summary = "all syscall investigations at once, with findings (seed scripts)",
	.exec = diagnose_exec,
};
