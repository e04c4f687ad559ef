// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * scdiag count: syscall counts like BCC/libbpf-tools syscount, from tracefs. Without latency
 * only exit records are needed (the count, the error and the errno are all in them), which is
 * the cheapest way to count with tracefs; -L/-H add the enter records and pair them.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "an-count.h"
#include "cli.h"
#include "errnos.h"
#include "parse.h"
#include "report-count.h"
#include "session.h"
#include "suggest.h"

struct count_cmd {
	struct scd_opts o;
	struct scd_count_cfg cfg;
	struct scd_count *c;
	unsigned long top;
	bool ms;
	char **names;
	size_t nnames;
	char exit_filter[64];
	double interval_s;
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: scdiag count [OPTIONS] [-- CMD ARGS]\n\n"
		"Count syscalls (like syscount), with errors, errnos and latency.\n\n"
		"Options:\n"
		"  -P, --process         count per process instead of per syscall\n"
		"  -L, --latency         total, average and maximum latency per syscall\n"
		"  -H, --histogram       log2 latency histogram per syscall (implies -L)\n"
		"  -x, --failures        count failed calls only\n"
		"  -e, --errno ERRNO     count only calls failing with ERRNO (name or number)\n"
		"  -E, --errnos          errno breakdown under each syscall\n"
		"  -s, --syscall NAMES   only these syscalls (comma-separated; only their\n"
		"                        tracepoints are enabled)\n"
		"  -T, --top N           show the top N rows (default 10, 0 = all)\n"
		"  -m, --milliseconds    latency in milliseconds instead of microseconds\n"
		"%s\n"
		"Every report ends with the number of events the kernel lost (0 included).\n\n"
		"Examples:\n"
		"  scdiag count -d 5                 # top 10 syscalls system-wide, 5 s\n"
		"  scdiag count -P -i 1              # per process, every second\n"
		"  scdiag count -L -p 1234 -T 20     # latency of one process, top 20\n"
		"  scdiag count -x -E -- ls /nope    # failed calls of a command, by errno\n"
		"  scdiag count -e ENOENT -s openat,newfstatat,statx\n"
		"  scdiag count -H -s nanosleep,clock_nanosleep -- sleep 1\n",
		scd_common_help);
}


static int print(struct count_cmd *cc, const char *time_hdr, double secs,
		 unsigned long long lost, const struct scd_session_result *res)
{
	struct scd_count_meta m = {
		.time = time_hdr, .duration_s = secs, .lost = lost, .ms = cc->ms,
		.verbose = cc->o.verbose > 0 && res, .backend = res ? res->backend : NULL,
		.pair = res ? &res->pair : NULL, .in_flight = res ? res->in_flight : 0,
		.events = res ? res->events : 0, .cpu_s = res ? res->cpu_s : 0,
		.late = res ? res->late_events : 0,
	};
	struct scd_count_view v;

	scd_count_view(cc->c, cc->top, &v);
	if (cc->o.json)
		scd_report_count_json(stdout, cc->c, &v, &m);
	else
		scd_report_count_text(stdout, cc->c, &v, &m);
	scd_count_view_free(&v);
	if (fflush(stdout) == EOF || ferror(stdout))
		return -1;
	return 0;
}

static void on_call(const struct scd_call *c, const struct scd_task *task, void *ctx)
{
	struct count_cmd *cc = ctx;

	scd_count_add(cc->c, c, task);
}

static void on_task_named(const struct scd_task *t, void *ctx)
{
	struct count_cmd *cc = ctx;

	scd_count_task_named(cc->c, t);
}

static int on_interval(uint64_t ts_end, unsigned long long lost, void *ctx)
{
	struct count_cmd *cc = ctx;
	char hms[16];
	int err;

	(void)ts_end;
	scd_cli_hms(hms, sizeof(hms));
	err = print(cc, hms, cc->interval_s, lost, NULL);
	if (!cc->o.json)
		putchar('\n');
	scd_count_reset(cc->c);
	return err;
}


static const char *errno_at(size_t i, void *ctx)
{
	(void)ctx;
	return scd_errno_at(i);
}

static void on_started(void *ctx)
{
	struct count_cmd *cc = ctx;

	/* On stderr, also with --json: it tells scripts that tracing is armed. */
	if (cc->top)
		fprintf(stderr, "Tracing syscalls, printing top %lu %s... Ctrl-C to end.\n",
			cc->top, cc->cfg.per_process ? "processes" : "syscalls");
	else
		fprintf(stderr, "Tracing syscalls, printing all %s... Ctrl-C to end.\n",
			cc->cfg.per_process ? "processes" : "syscalls");
}

static int parse_errno(struct count_cmd *cc, const char *arg)
{
	const char *sug[3];
	size_t n;

	if (scd_errno_parse(arg, &cc->cfg.errno_filter) == 0)
		return 0;
	n = scd_suggest_fn(arg, errno_at, scd_errno_count(), NULL, sug, 3);
	if (n)
		scd_msg("unknown errno '%s' (did you mean %s%s%s%s%s?)", arg, sug[0],
			n > 1 ? ", " : "", n > 1 ? sug[1] : "", n > 2 ? ", " : "",
			n > 2 ? sug[2] : "");
	else
		scd_msg("unknown errno '%s' (use a name like EAGAIN or a number from 1 to 4095)",
			arg);
	return -1;
}

static int parse_args(struct count_cmd *cc, int argc, char **argv)
{
	static const struct option longopts[] = {
		SCD_COMMON_LONG,
		{ "process", no_argument, NULL, 'P' },
		{ "latency", no_argument, NULL, 'L' },
		{ "histogram", no_argument, NULL, 'H' },
		{ "failures", no_argument, NULL, 'x' },
		{ "errno", required_argument, NULL, 'e' },
		{ "errnos", no_argument, NULL, 'E' },
		{ "syscall", required_argument, NULL, 's' },
		{ "top", required_argument, NULL, 'T' },
		{ "milliseconds", no_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	int opt, r;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+" SCD_COMMON_SHORT "PLHxe:Es:T:m", longopts,
				  NULL)) != -1) {
		r = scd_opts_common(&cc->o, opt, optarg);
		if (r < 0)
			return -1;
		if (r == 0)
			continue;
		switch (opt) {
		case 'h':
			usage(stdout);
			exit(SCD_EXIT_OK);
		case 'P':
			cc->cfg.per_process = true;
			break;
		case 'H':
			cc->cfg.hist = true;
			/* fall through */
		case 'L':
			cc->cfg.latency = true;
			break;
		case 'x':
			cc->cfg.failures_only = true;
			break;
		case 'e':
			if (parse_errno(cc, optarg))
				return -1;
			break;
		case 'E':
			cc->cfg.errno_breakdown = true;
			break;
		case 's':
			if (cc->names) {
				scd_msg("-s given twice (list the syscalls once, comma-separated)");
				return -1;
			}
			if (scd_split_list(optarg, &cc->names, &cc->nnames)) {
				scd_msg("invalid -s argument '%s' (expected NAME[,NAME...])", optarg);
				return -1;
			}
			break;
		case 'T':
			if (scd_opt_top(optarg, &cc->top))
				return -1;
			break;
		case 'm':
			cc->ms = true;
			break;
		case '?':
			return scd_opt_error("count", "ptcdibeTs", argv);
		default:
			return -1;
		}
	}
	return scd_opts_finish(&cc->o, argc, argv, optind);
}

static int count_exec(int argc, char **argv)
{
	struct count_cmd cc;
	struct scd_sc_select sel;
	struct scd_session_hooks hooks;
	struct scd_session_result res;
	struct scd_err err;
	int ret, err_out;

	memset(&cc, 0, sizeof(cc));
	cc.top = 10;
	if (parse_args(&cc, argc, argv)) {
		ret = SCD_EXIT_USAGE;
		goto out;
	}
	cc.cfg.hist_div = cc.ms ? 1000000 : 1000;
	/* The JSON document always carries the errno breakdown. */
	if (cc.o.json)
		cc.cfg.errno_breakdown = true;
	cc.interval_s = cc.o.interval_s;
	cc.c = scd_count_new(&cc.cfg);

	memset(&sel, 0, sizeof(sel));
	sel.names = cc.names;
	sel.nnames = cc.nnames;
	sel.enters = cc.cfg.latency;
	sel.tasks = cc.cfg.per_process;
	/* Without enters, let the kernel drop the successful calls we would not count. */
	if (cc.cfg.errno_filter)
		snprintf(cc.exit_filter, sizeof(cc.exit_filter), "ret == -%d", cc.cfg.errno_filter);
	else if (cc.cfg.failures_only)
		snprintf(cc.exit_filter, sizeof(cc.exit_filter), "ret < 0 && ret >= -4095");
	sel.exit_filter = cc.exit_filter[0] ? cc.exit_filter : NULL;

	memset(&hooks, 0, sizeof(hooks));
	hooks.ctx = &cc;
	hooks.call = on_call;
	hooks.interval = cc.o.interval_s > 0 ? on_interval : NULL;
	hooks.note = scd_cli_note;
	hooks.started = on_started;
	hooks.task_named = on_task_named;

	if (scd_session_run(&cc.o, &sel, &hooks, &res, &err)) {
		ret = scd_report_err(&err);
		goto out;
	}
	ret = SCD_EXIT_OK;
	if (cc.o.interval_s > 0) {
		char hms[16];

		scd_cli_hms(hms, sizeof(hms));
		err_out = print(&cc, hms, res.last_block_s, res.lost_last_block, &res);
	} else {
		err_out = print(&cc, NULL, res.duration_s, res.lost, &res);
	}
	if (err_out || res.output_failed) {
		/* A reader that went away (EPIPE) is a normal end; a full disk is not. */
		if (errno != EPIPE) {
			scd_msg("cannot write the report: %s", strerror(errno));
			ret = SCD_EXIT_RUNTIME;
		}
		goto out;
	}
	if (res.lost && !cc.o.json)
		scd_msg("the kernel lost %llu events: counts are low and some latencies are "
			"missing (use a larger -b)", res.lost);
out:
	scd_count_free(cc.c);
	scd_free_list(cc.names, cc.nnames);
	scd_opts_free(&cc.o);
	return ret;
}

const struct scd_cmd scd_cmd_count = {
	.name = "count",
	.summary = "count syscalls, errors and latency (like syscount)",
	.exec = count_exec,
};
