// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * scdiag offcpu: off-CPU time by stack and per thread, like BCC offcputime, from sched_switch
 * sampled through perf_event_open (stacks at switch-out, switch-in times from context-switch
 * records), or from tracefs sched_switch (totals only) when perf is refused. --syscalls adds
 * the tracefs syscall stream on the same clock and charges each block to the syscall the
 * thread was in. Reports: offcputime's stacks, folded lines (-f), JSON, an SVG flame graph.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "an-offcpu.h"
#include "cli.h"
#include "offcpu-out.h"
#include "parse.h"
#include "report-offcpu.h"
#include "session.h"
#include "stacks.h"
#include "strtab.h"
#include "symbolize.h"
#include "unwind.h"

/* Bytes of user stack per sample: libc's syscall wrappers and their callers (1024 also
 * covers pthread_join, but doubles the ring bandwidth: events were lost in the benchmark). */
#define SCD_STACK_COPY 512u

enum {
	OPT_STACK_DEPTH = SCD_OPT_FIRST_CMD,
	OPT_STATE,
	OPT_SVG,
	OPT_SYSCALLS,
	OPT_NO_PERF,
	OPT_DELIMITED,
	OPT_DEBUG_DIR,
	OPT_NO_DEMANGLE,
	OPT_STACK_COPY,
};

struct offcpu_cmd {
	struct scd_opts o;
	struct scd_offcpu_cfg cfg;
	struct scd_sched_select sched;
	struct scd_offcpu *a;
	struct scd_symbolizer *sym;
	bool folded, delimited;
	const struct scd_session_result *res;	/* filled by the session as it goes */
	bool kernel_only_stacks, user_only_stacks;	/* -K, -U */
	const char *svg_path;
	FILE *svg;
	const char *debug_dir;		/* separate debug files of stripped ELF files */
	bool no_demangle;
	bool maps_at_decode;		/* the symbolizer follows execs, forks, mmaps at decode */
	unsigned int stack_copy;	/* bytes of user stack per sample; 0: frame pointers only */
	unsigned long top;
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: scdiag offcpu [OPTIONS] [DURATION] [-- CMD ARGS]\n\n"
		"Off-CPU time by kernel and user stack and per thread (like offcputime):\n"
		"sched_switch through perf_event_open, or tracefs without stacks when perf is\n"
		"not allowed.\n\n"
		"Options:\n"
		"  -u, --user-threads-only    only user threads\n"
		"  -k, --kernel-threads-only  only kernel threads\n"
		"  -U, --user-stacks-only     show user stacks only (no kernel frames)\n"
		"  -K, --kernel-stacks-only   show kernel stacks only (no user frames)\n"
		"  -m, --min-block-time US    count blocks of at least US microseconds (default 1)\n"
		"  -M, --max-block-time US    count blocks of at most US microseconds\n"
		"  -f, --folded               folded output: comm;user..;kernel.. US (flame graphs)\n"
		"      --delimited            '--' ('-' folded) between kernel and user frames\n"
		"      --stack-depth N        frames per callchain, 1-127 (default 127)\n"
		"      --state STATES         switch-outs that start a block: letters of S D T t\n"
		"                             P I R, or ALL (default: every state but R, i.e.\n"
		"                             blocked, not preempted)\n"
		"      --svg FILE             also write an interactive SVG flame graph to FILE\n"
		"      --syscalls             charge each block to the syscall (and fd) it\n"
		"                             happened in (reads the syscall tracepoints too)\n"
		"      --no-perf              use tracefs sched_switch (totals, no stacks)\n"
		"      --debug-dir DIR        symbols of stripped files from DIR/.build-id/\n"
		"                             (default %s; '' for none)\n"
		"      --no-demangle          C++ and Rust names as mangled in the binary\n"
		"      --stack-copy BYTES     user stack copied per sample to walk code without\n"
		"                             frame pointers (x86-64; default %u, 0: frame\n"
		"                             pointers only, as offcputime)\n"
		"  -T, --top N                at most N rows per table (default all)\n"
		"%s\n"
		"DURATION (seconds) is the same as -d. Every report ends with the events lost.\n\n"
		"Examples:\n"
		"  scdiag offcpu 5                       # all threads, 5 seconds\n"
		"  scdiag offcpu -p 1234 -f 10 > out.folded\n"
		"  scdiag offcpu --svg off.svg -- ./server --once\n"
		"  scdiag offcpu -K --state D -d 10      # uninterruptible waits, kernel stacks\n"
		"  scdiag offcpu --syscalls -p 1234 5    # blocked time per syscall and fd\n",
		SCD_DEBUG_DIR[0] ? SCD_DEBUG_DIR : "none", SCD_STACK_COPY, scd_common_help);
}

#ifdef __x86_64__
static int cfi_lookup(void *ctx, int32_t pid, uint64_t ip, struct scd_cfi_row *row)
{
	return scd_symbolizer_cfi(ctx, pid, ip, row);
}

/* The perf decoder's unwinder (scd_pf_unwind_fn): unwind.c over the symbolizer's maps. */
static size_t unwind_user(void *ctx, int32_t tgid, const struct scd_pf_uregs *r,
			  const uint8_t *stack, size_t len, const uint64_t *chain, size_t n,
			  uint64_t *out, size_t max, bool *changed)
{
	struct scd_uregs ur = { r->ip, r->sp, r->bp };

	scd_symbolizer_fresh(ctx, tgid, r->ip);
	return scd_unwind(cfi_lookup, ctx, tgid, &ur, stack, len, chain, n, out, max, changed);
}

/*
 * With the walk, maps follow the records as they are decoded (the next walk of a process
 * that exec'd reads its new maps; one that is gone by then still has perf's): not again
 * when the merged stream delivers them.
 */
static void decode_exec(void *ctx, int32_t tgid)
{
	scd_symbolizer_exec(ctx, tgid);
}

static void decode_fork(void *ctx, int32_t parent, int32_t child)
{
	scd_symbolizer_fork(ctx, parent, child);
}

static void decode_mmap(void *ctx, int32_t tgid, uint64_t start, uint64_t len, uint64_t pgoff,
			uint64_t dev, uint64_t ino, const char *path)
{
	scd_symbolizer_mmap(ctx, tgid, start, len, pgoff, dev, ino, path);
}

static const struct scd_pf_maps_hooks decode_maps = { decode_exec, decode_fork, decode_mmap };
#endif

static int parse_us(const char *opt, const char *arg, uint64_t *ns)
{
	uint64_t v;

	if (scd_parse_u64(arg, 0, UINT64_MAX / 1000, &v)) {
		scd_msg("invalid %s argument '%s' (expected microseconds, a whole number)", opt,
			arg);
		return -1;
	}
	*ns = v * 1000;
	return 0;
}

static int parse_one(struct offcpu_cmd *oc, int opt, const char *arg, char **argv)
{
	uint64_t u;

	switch (opt) {
	case 'u':
		oc->cfg.user_only = true;
		return 0;
	case 'k':
		oc->cfg.kernel_only = true;
		return 0;
	case 'U':
		oc->user_only_stacks = true;
		return 0;
	case 'K':
		oc->kernel_only_stacks = true;
		return 0;
	case 'm':
		return parse_us("-m", arg, &oc->cfg.min_ns);
	case 'M':
		return parse_us("-M", arg, &oc->cfg.max_ns);
	case 'f':
		oc->folded = true;
		return 0;
	case OPT_DELIMITED:
		oc->delimited = true;
		return 0;
	case 'T':
		return scd_opt_top(arg, &oc->top);
	case OPT_STACK_DEPTH:
		if (scd_parse_u64(arg, 1, 127, &u)) {
			scd_msg("invalid --stack-depth '%s' (expected 1 to 127 frames)", arg);
			return -1;
		}
		oc->sched.max_stack = (unsigned int)u;
		return 0;
	case OPT_STATE:
		if (scd_offcpu_parse_states(arg, &oc->cfg.states)) {
			scd_msg("invalid --state '%s' (letters of S D T t P I R, e.g. S,D, or ALL)",
				arg);
			return -1;
		}
		return 0;
	case OPT_SVG:
		oc->svg_path = arg;
		return 0;
	case OPT_SYSCALLS:
		oc->cfg.syscalls = true;
		return 0;
	case OPT_NO_PERF:
		oc->sched.no_perf = true;
		return 0;
	case OPT_DEBUG_DIR:
		oc->debug_dir = arg;
		return 0;
	case OPT_NO_DEMANGLE:
		oc->no_demangle = true;
		return 0;
	case OPT_STACK_COPY:
		if (scd_parse_u64(arg, 0, 65528, &u) || u % 8) {
			scd_msg("invalid --stack-copy '%s' (bytes, a multiple of 8 up to 65528; "
				"0 for frame pointers only)", arg);
			return -1;
		}
		oc->stack_copy = (unsigned int)u;
		return 0;
	case 'h':
		usage(stdout);
		exit(SCD_EXIT_OK);
	case '?':
		return scd_opt_error("offcpu", "ptcdibmMT", argv);
	default:
		return -1;
	}
}

static int check_args(struct offcpu_cmd *oc)
{
	if (oc->cfg.user_only && oc->cfg.kernel_only) {
		scd_msg("-u and -k exclude each other (user threads or kernel threads)");
		return -1;
	}
	if (oc->user_only_stacks && oc->kernel_only_stacks) {
		scd_msg("-U and -K exclude each other (show user or kernel stacks)");
		return -1;
	}
	if (oc->cfg.max_ns && oc->cfg.max_ns < oc->cfg.min_ns) {
		scd_msg("-M %llu is below -m %llu (the maximum block time must be >= the minimum)",
			(unsigned long long)oc->cfg.max_ns / 1000,
			(unsigned long long)oc->cfg.min_ns / 1000);
		return -1;
	}
	if (oc->o.interval_s > 0) {
		scd_msg("offcpu reports once, at the end (-i is not supported; use -d)");
		return -1;
	}
	if ((oc->folded ? 1 : 0) + (oc->o.json ? 1 : 0) > 1) {
		scd_msg("-f and --json exclude each other (choose one output format)");
		return -1;
	}
	return 0;
}

static int parse_args(struct offcpu_cmd *oc, int argc, char **argv)
{
	static const struct option longopts[] = {
		SCD_COMMON_LONG,
		{ "user-threads-only", no_argument, NULL, 'u' },
		{ "kernel-threads-only", no_argument, NULL, 'k' },
		{ "user-stacks-only", no_argument, NULL, 'U' },
		{ "kernel-stacks-only", no_argument, NULL, 'K' },
		{ "min-block-time", required_argument, NULL, 'm' },
		{ "max-block-time", required_argument, NULL, 'M' },
		{ "folded", no_argument, NULL, 'f' },
		{ "top", required_argument, NULL, 'T' },
		{ "delimited", no_argument, NULL, OPT_DELIMITED },
		{ "stack-depth", required_argument, NULL, OPT_STACK_DEPTH },
		{ "state", required_argument, NULL, OPT_STATE },
		{ "svg", required_argument, NULL, OPT_SVG },
		{ "syscalls", no_argument, NULL, OPT_SYSCALLS },
		{ "no-perf", no_argument, NULL, OPT_NO_PERF },
		{ "debug-dir", required_argument, NULL, OPT_DEBUG_DIR },
		{ "no-demangle", no_argument, NULL, OPT_NO_DEMANGLE },
		{ "stack-copy", required_argument, NULL, OPT_STACK_COPY },
		{ NULL, 0, NULL, 0 },
	};
	bool have_dur = false;
	int opt, r;

	opterr = 0;
	optind = 1;
	for (;;) {
		while ((opt = getopt_long(argc, argv, "+" SCD_COMMON_SHORT "ukUKm:M:fT:", longopts,
					  NULL)) != -1) {
			r = scd_opts_common(&oc->o, opt, optarg);
			if (r < 0)
				return -1;
			if (r > 0 && parse_one(oc, opt, optarg, argv))
				return -1;
		}
		/* A positional DURATION, as offcputime takes it; options may follow it. */
		if (optind >= argc || !strcmp(argv[optind - 1], "--") || have_dur)
			break;
		if (scd_parse_seconds(argv[optind], 0.001, 1e7, &oc->o.duration_s)) {
			scd_msg("unexpected argument '%s' (a duration in seconds, or a command "
				"after --)", argv[optind]);
			return -1;
		}
		have_dur = true;
		optind++;
	}
	if (check_args(oc))
		return -1;
	return scd_opts_finish(&oc->o, argc, argv, optind);
}

static void on_sched(const struct scd_event *ev, const struct scd_task *t, void *ctx)
{
	struct offcpu_cmd *oc = ctx;

	if (ev->kind == SCD_EV_SCHED_SWITCH && ev->args[3]) {
		int32_t tgid = ev->args[4] ? (int32_t)ev->args[4] : t ? t->tgid : 0;

		scd_symbolizer_seen(oc->sym, tgid);
	} else if (ev->kind == SCD_EV_TASK_EXEC) {
		if (!oc->maps_at_decode)
			scd_symbolizer_exec(oc->sym, ev->tid);
	} else if (ev->kind == SCD_EV_TASK_FORK) {
		if ((int32_t)ev->args[0] == ev->tid && !oc->maps_at_decode)	/* a new process */
			scd_symbolizer_fork(oc->sym, (int32_t)ev->args[1], ev->tid);
		return;
	} else if (ev->kind == SCD_EV_MMAP) {
		if (!oc->maps_at_decode)
			scd_symbolizer_mmap(oc->sym, ev->tid, ev->args[0], ev->args[1],
					    ev->args[2], ev->args[3], (uint64_t)ev->ret,
					    scd_strtab_get(oc->sched.paths, (uint32_t)ev->nr));
		return;
	}
	scd_offcpu_sched(oc->a, ev, t);
}

static void on_record(const struct scd_event *ev, const struct scd_task *t, void *ctx)
{
	struct offcpu_cmd *oc = ctx;

	(void)t;
	scd_offcpu_record(oc->a, ev);
}

static void on_call(const struct scd_call *c, const struct scd_task *t, void *ctx)
{
	(void)c;
	(void)t;
	(void)ctx;
}

static void on_started(void *ctx)
{
	struct offcpu_cmd *oc = ctx;
	const char *who = oc->cfg.user_only ? "user threads" :
			  oc->cfg.kernel_only ? "kernel threads" : "all threads";

	if (oc->o.cmd || oc->o.npids || oc->o.ntids)
		who = oc->o.cmd ? "the command and its children" : "the given processes/threads";
	/* set-up is done: the session knows where sched_switch comes from */
	if (oc->res->sched_backend && !strcmp(oc->res->sched_backend, "tracefs"))
		fprintf(stderr, "Tracing off-CPU time (us) of %s (totals, no stacks)", who);
	else
		fprintf(stderr, "Tracing off-CPU time (us) of %s by %s stack", who,
			oc->kernel_only_stacks ? "kernel" :
			oc->user_only_stacks ? "user" : "user + kernel");
	if (oc->o.duration_s > 0)
		fprintf(stderr, " for %g secs.\n", oc->o.duration_s);
	else
		fprintf(stderr, "... Hit Ctrl-C to end.\n");
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int run(struct offcpu_cmd *oc, struct scd_session_result *res)
{
	struct scd_sc_select sel;
	struct scd_session_hooks hooks;
	struct scd_err err;

	memset(&sel, 0, sizeof(sel));
	sel.no_syscalls = !oc->cfg.syscalls;
	sel.enters = oc->cfg.syscalls;
	sel.args = oc->cfg.syscalls;
	sel.sched = &oc->sched;
	memset(&hooks, 0, sizeof(hooks));
	oc->res = res;
	hooks.ctx = oc;
	hooks.call = on_call;
	hooks.record = oc->cfg.syscalls ? on_record : NULL;
	hooks.sched = on_sched;
	hooks.note = scd_cli_note;
	hooks.started = on_started;
	if (scd_session_run(&oc->o, &sel, &hooks, res, &err))
		return scd_report_err(&err);
	scd_offcpu_finish(oc->a, mono_ns());
	return SCD_EXIT_OK;
}

static int offcpu_exec(int argc, char **argv)
{
	struct offcpu_cmd oc;
	struct scd_session_result res;
	int ret;

	memset(&oc, 0, sizeof(oc));
	oc.cfg.states = SCD_ST_BLOCKED;
	oc.cfg.min_ns = 1000;
	oc.sched.max_stack = 127;
	oc.debug_dir = SCD_DEBUG_DIR;
	oc.stack_copy = SCD_STACK_COPY;
	if (parse_args(&oc, argc, argv)) {
		ret = SCD_EXIT_USAGE;
		goto out;
	}
	if (oc.svg_path) {
		oc.svg = fopen(oc.svg_path, "we");
		if (!oc.svg) {
			scd_msg("cannot write --svg %s: %s (check the directory)", oc.svg_path,
				strerror(errno));
			ret = SCD_EXIT_USAGE;
			goto out;
		}
	}
	oc.sched.stacks = scd_stacks_new();
	oc.sched.paths = scd_strtab_new();
	oc.sched.kernel_stacks = !oc.user_only_stacks;
	oc.sched.user_stacks = !oc.kernel_only_stacks;
	oc.a = scd_offcpu_new(&oc.cfg);
	oc.sym = scd_symbolizer_new();
	scd_symbolizer_debug_dir(oc.sym, oc.debug_dir);
	scd_symbolizer_demangle(oc.sym, !oc.no_demangle);
#ifdef __x86_64__
	if (oc.stack_copy && oc.sched.user_stacks) {
		scd_symbolizer_unwind(oc.sym, true);
		oc.sched.stack_copy = oc.stack_copy;
		oc.sched.unwind = unwind_user;
		oc.sched.maps = &decode_maps;
		oc.maps_at_decode = true;
		oc.sched.unwind_ctx = oc.sym;
	}
#endif
	ret = run(&oc, &res);
	if (ret == SCD_EXIT_OK)
		ret = scd_offcpu_output(&(struct scd_offcpu_out){
			.a = oc.a, .stacks = oc.sched.stacks, .sym = oc.sym, .res = &res,
			.o = &oc.o, .folded = oc.folded, .delimited = oc.delimited,
			.kernel = !oc.user_only_stacks, .user = !oc.kernel_only_stacks,
			.syscalls = oc.cfg.syscalls, .top = oc.top, .svg = oc.svg,
			.svg_path = oc.svg_path });
out:
	if (oc.svg && fclose(oc.svg) && ret == SCD_EXIT_OK) {
		scd_msg("cannot write --svg %s: %s", oc.svg_path, strerror(errno));
		ret = SCD_EXIT_RUNTIME;
	}
	scd_symbolizer_free(oc.sym);
	scd_offcpu_free(oc.a);
	scd_stacks_free(oc.sched.stacks);
	scd_strtab_free(oc.sched.paths);
	scd_opts_free(&oc.o);
	return ret;
}

const struct scd_cmd scd_cmd_offcpu = {
	.name = "offcpu",
	.summary = "off-CPU time by stack and per thread (like offcputime)",
	.exec = offcpu_exec,
};
