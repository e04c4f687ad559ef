// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * scdiag argdist: BCC argdist without BPF. Specs name syscall tracepoints
 * (t:syscalls:sys_enter_read():int,u32:$PID,args->fd) or, in the native form, a syscall whose
 * enter and exit are paired (read:fd,count,ret); their expressions are compiled once against
 * the event's fields from the kernel's format files and evaluated in userspace per record.
 * Only the events the specs name are enabled; a filter that reads one event's fields and
 * has a tracefs equivalent also goes to the kernel, so fewer records are copied.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "an-argdist.h"
#include "argdist-bind.h"
#include "argspec.h"
#include "cli.h"
#include "parse.h"
#include "report-argdist.h"
#include "session.h"
#include "tfs-dir.h"
#include "xalloc.h"

struct argdist_cmd {
	struct scd_opts o;
	struct scd_argspec **specs;
	struct scd_ad_bind *bind;	/* per spec: event, fields, slots */
	size_t nspecs;
	unsigned long top;
	unsigned long count;		/* -n */
	bool cumulative;		/* -c */
	struct scd_argdist *agg;
	FILE *json;			/* intervals collected for the one JSON document */
	char *json_buf;
	size_t json_len;
	unsigned long blocks;
	int eval_errors;
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: scdiag argdist [OPTIONS] -C SPEC|-H SPEC... [-- CMD ARGS]\n\n"
		"Frequency counts (-C) and log2 histograms (-H) of syscall arguments and return\n"
		"values, like BCC's argdist, without BPF.\n\n"
		"Specs:\n"
		"  t:syscalls:EVENT():TYPE[,TYPE...]:EXPR[,EXPR...][:FILTER][#LABEL]\n"
		"      BCC's tracepoint form; EXPR uses args->FIELD, $PID, $TID, $COMM, integer\n"
		"      constants and C operators. Fields: scdiag list -v syscalls:EVENT\n"
		"  SYSCALL:EXPR[,EXPR...][:FILTER][#LABEL]\n"
		"      the paired call: entry arguments by name, ret, errno, latency (ns), pid, tid\n\n"
		"Options:\n"
		"  -C, --count SPEC      frequency count of the values (repeatable)\n"
		"  -H, --histogram SPEC  log2 histogram of one value (repeatable)\n"
		"  -i, --interval SEC    print every SEC seconds (default 1)\n"
		"  -n, --number COUNT    stop after COUNT intervals\n"
		"  -T, --top N           show the N most frequent rows of each -C spec\n"
		"  -c, --cumulative      do not clear the counts at each interval\n"
		"  -p, --pid PID         trace this process; repeatable\n"
		"  -t, --tid TID         trace this thread; repeatable\n"
		"      --comm COMM       trace only tasks named COMM\n"
		"  -d, --duration SEC    stop after SEC seconds\n"
		"  -b, --buffer-kb KB    ring buffer per CPU in KiB (default 8192)\n"
		"      --raw-syscalls    read raw_syscalls events (arguments by position)\n"
		"      --json            one JSON document with every interval\n"
		"  -v, --verbose         more detail\n"
		"  -- CMD ARGS           run CMD and trace it and its children\n\n"
		"Examples:\n"
		"  scdiag argdist -c -C 't:syscalls:sys_enter_read():int,u32,size_t:$PID,args->fd,"
		"args->count'\n"
		"  scdiag argdist -C 't:syscalls:sys_exit_nanosleep():u16:args->ret' -i 5 -d 5\n"
		"  scdiag argdist -C 'read:fd,count,ret' -H 'epoll_wait:latency' -- ./server\n"
		"  scdiag argdist -H 'write:count:ret>=0#bytes written' -p 1234\n");
}


/* Prints (or, with --json, collects) one interval block. */
static int block(struct argdist_cmd *ac, unsigned long long lost)
{
	char hms[16];

	scd_cli_hms(hms, sizeof(hms));
	if (ac->o.json) {
		if (ac->blocks)
			fputc(',', ac->json);
		scd_report_argdist_json(ac->json, ac->agg, ac->specs, ac->nspecs, hms, ac->top,
					lost);
	} else {
		scd_report_argdist_text(stdout, ac->agg, ac->specs, ac->nspecs, hms, ac->top,
					lost);
		if (fflush(stdout) == EOF || ferror(stdout))
			return -1;
	}
	ac->blocks++;
	if (!ac->cumulative)
		scd_argdist_reset(ac->agg);
	return 0;
}

static int on_interval(uint64_t ts_end, unsigned long long lost, void *ctx)
{
	struct argdist_cmd *ac = ctx;

	(void)ts_end;
	if (block(ac, lost))
		return -1;
	return ac->count && ac->blocks >= ac->count ? 1 : 0;
}

static void on_record(const struct scd_event *ev, const struct scd_task *task, void *ctx)
{
	struct argdist_cmd *ac = ctx;

	scd_ad_on_record(ac->bind, ac->specs, ac->nspecs, ac->agg, ev, task);
}

static void on_call(const struct scd_call *c, const struct scd_task *task, void *ctx)
{
	struct argdist_cmd *ac = ctx;

	scd_ad_on_call(ac->bind, ac->specs, ac->nspecs, ac->agg, c, task);
}

static void on_started(void *ctx)
{
	(void)ctx;
	fputs("Tracing... Hit Ctrl-C to end.\n", stderr);
}


static int add_spec(struct argdist_cmd *ac, const char *text, bool hist)
{
	struct scd_argspec *s = xcalloc(1, sizeof(*s));
	struct scd_expr_err err;
	char caret[1024];

	ac->specs = xrealloc(ac->specs, ac->nspecs + 1, sizeof(*ac->specs));
	if (scd_argspec_split(text, hist, s, &err)) {
		scd_argspec_caret(text, err.pos, err.msg, caret, sizeof(caret));
		scd_msg("bad spec:\n%s", caret);
		scd_argspec_free(s);
		free(s);
		return -1;
	}
	ac->specs[ac->nspecs++] = s;
	return 0;
}

enum { OPT_COMM = SCD_OPT_FIRST_CMD };

static int parse_args(struct argdist_cmd *ac, int argc, char **argv)
{
	static const struct option longopts[] = {
		SCD_COMMON_LONG_NO_COMM,
		{ "comm", required_argument, NULL, OPT_COMM },
		{ "count", required_argument, NULL, 'C' },
		{ "histogram", required_argument, NULL, 'H' },
		{ "number", required_argument, NULL, 'n' },
		{ "top", required_argument, NULL, 'T' },
		{ "cumulative", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t u;
	int opt, r;

	opterr = 0;
	optind = 1;
	/* -c is BCC argdist's --cumulative here; the comm filter is --comm. */
	while ((opt = getopt_long(argc, argv, "+p:t:d:i:b:vhC:H:n:T:c", longopts, NULL)) != -1) {
		if (opt == 'c') {
			ac->cumulative = true;
			continue;
		}
		r = scd_opts_common(&ac->o, opt == OPT_COMM ? 'c' : opt, optarg);
		if (r < 0)
			return -1;
		if (r == 0)
			continue;
		switch (opt) {
		case 'h':
			usage(stdout);
			exit(SCD_EXIT_OK);
		case 'C':
		case 'H':
			if (add_spec(ac, optarg, opt == 'H'))
				return -1;
			break;
		case 'n':
		case 'T':
			if (scd_parse_u64(optarg, 1, 1000000, &u)) {
				scd_msg("invalid -%c argument '%s' (expected a number from 1 to 1000000)",
					opt, optarg);
				return -1;
			}
			if (opt == 'n')
				ac->count = (unsigned long)u;
			else
				ac->top = (unsigned long)u;
			break;
		case '?':
			return scd_opt_error("argdist", "ptdibCHnT", argv);
		default:
			return -1;
		}
	}
	if (!ac->nspecs) {
		scd_msg("argdist needs at least one -C or -H spec (see scdiag argdist --help)");
		return -1;
	}
	if (ac->o.interval_s <= 0)	/* BCC argdist's default: 1 s, or the whole -d if shorter */
		ac->o.interval_s = ac->o.duration_s > 0 && ac->o.duration_s < 1 ?
				   ac->o.duration_s : 1;
	return scd_opts_finish(&ac->o, argc, argv, optind);
}

/* The session's selection: each syscall once, with the union of what its specs need. */
static void select_events(struct argdist_cmd *ac, struct scd_sc_select *sel, uint8_t *want,
			  const char **kf_enter, const char **kf_exit)
{
	size_t i, k;

	memset(sel, 0, sizeof(*sel));
	sel->names = calloc(ac->nspecs, sizeof(char *));
	for (i = 0; i < ac->nspecs; i++) {
		const struct scd_ad_bind *b = &ac->bind[i];

		for (k = 0; k < sel->nnames; k++)
			if (!strcmp(sel->names[k], b->name))
				break;
		if (k == sel->nnames) {
			sel->names[sel->nnames++] = (char *)b->name;
			want[k] = 0;
			kf_enter[k] = kf_exit[k] = NULL;
		}
		want[k] |= b->want;
		if (b->kind == SCD_EV_SYS_ENTER)
			kf_enter[k] = b->kfilter;
		else if (b->kind == SCD_EV_SYS_EXIT)
			kf_exit[k] = b->kfilter;
		if (!b->kind)
			sel->enters = true;
		if (b->uses_task)
			sel->tasks = true;
	}
	sel->want = want;
	sel->enter_filters = kf_enter;
	sel->exit_filters = kf_exit;
	sel->args = true;
}

static int argdist_exec(int argc, char **argv)
{
	struct argdist_cmd ac;
	struct scd_sc_select sel = { 0 };
	struct scd_session_hooks hooks;
	struct scd_session_result res;
	struct scd_tfs_where w;
	struct scd_err err;
	char msg[1024];
	uint8_t *want = NULL;
	const char **kfe = NULL, **kfx = NULL;
	bool *hist = NULL;
	int ret = SCD_EXIT_USAGE;
	size_t i;

	memset(&ac, 0, sizeof(ac));
	if (parse_args(&ac, argc, argv))
		goto out;
	if (scd_tfs_locate(true, &w)) {
		scd_msg("tracefs not available (run as root; mount -t tracefs nodev "
			"/sys/kernel/tracing)");
		ret = SCD_EXIT_RUNTIME;
		goto out;
	}
	if (scd_ad_bind_all(ac.specs, ac.nspecs, &ac.bind, msg, sizeof(msg))) {
		scd_msg("bad spec:\n%s", msg);
		goto out;
	}
	want = calloc(ac.nspecs, 1);
	kfe = calloc(ac.nspecs, sizeof(*kfe));
	kfx = calloc(ac.nspecs, sizeof(*kfx));
	hist = calloc(ac.nspecs, sizeof(*hist));
	if (!want || !kfe || !kfx || !hist) {
		ret = SCD_EXIT_RUNTIME;
		goto out;
	}
	for (i = 0; i < ac.nspecs; i++)
		hist[i] = ac.specs[i]->hist;
	ac.agg = scd_argdist_new(ac.nspecs, hist);
	select_events(&ac, &sel, want, kfe, kfx);
	if (ac.o.json)
		ac.json = open_memstream(&ac.json_buf, &ac.json_len);

	memset(&hooks, 0, sizeof(hooks));
	hooks.ctx = &ac;
	hooks.call = on_call;
	hooks.record = on_record;
	hooks.interval = on_interval;
	hooks.note = scd_cli_note;
	hooks.started = on_started;
	if (scd_session_run(&ac.o, &sel, &hooks, &res, &err)) {
		ret = scd_report_err(&err);
		goto out;
	}
	ret = SCD_EXIT_OK;
	/* The last, partial block; not when -n already printed every block asked for. */
	if (!res.hook_stopped && !res.output_failed && block(&ac, res.lost_last_block))
		res.output_failed = true;
	if (ac.o.json && ac.json) {
		fclose(ac.json);
		ac.json = NULL;
		printf("{\"command\":\"argdist\",\"lost_events\":%llu,\"intervals\":[%.*s]}\n",
		       res.lost, (int)ac.json_len, ac.json_buf ? ac.json_buf : "");
	}
	if (res.output_failed || fflush(stdout) == EOF) {
		if (errno != EPIPE) {
			scd_msg("cannot write the report: %s", strerror(errno));
			ret = SCD_EXIT_RUNTIME;
		}
	}
out:
	if (ac.json)
		fclose(ac.json);
	free(ac.json_buf);
	free(sel.names);
	free(want);
	free(kfe);
	free(kfx);
	free(hist);
	scd_argdist_free(ac.agg);
	scd_ad_bind_free(ac.bind, ac.nspecs);
	for (i = 0; i < ac.nspecs; i++) {
		scd_argspec_free(ac.specs[i]);
		free(ac.specs[i]);
	}
	free(ac.specs);
	scd_opts_free(&ac.o);
	return ret;
}

const struct scd_cmd scd_cmd_argdist = {
	.name = "argdist",
	.summary = "frequency counts and histograms of syscall arguments (like argdist)",
	.exec = argdist_exec,
};
