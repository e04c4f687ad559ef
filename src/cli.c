// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Command dispatch and the common options (see cli.h). Numbers go through the one strict
 * parser: "5x", "-1", "" and overflow are errors that name the option.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "child.h"
#include "cli.h"
#include "parse.h"
#include "tfs-instance.h"
#include "xalloc.h"

static const struct scd_cmd *const commands[] = {
	&scd_cmd_count,
	&scd_cmd_argdist,
	&scd_cmd_diagnose,
	&scd_cmd_list,
	&scd_cmd_offcpu,
	&scd_cmd_probe,
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

const char scd_common_help[] =
	"  -p, --pid PID         trace this process (all its threads); repeatable\n"
	"  -t, --tid TID         trace this thread; repeatable\n"
	"  -c, --comm COMM       trace only tasks whose comm is COMM (at most 15 bytes)\n"
	"  -d, --duration SEC    stop after SEC seconds (default: Ctrl-C or end of CMD)\n"
	"  -i, --interval SEC    print a report every SEC seconds, counters reset\n"
	"  -b, --buffer-kb KB    ring buffer per CPU in KiB (default 8192)\n"
	"      --raw-syscalls    use raw_syscalls:sys_enter/sys_exit even if syscalls:* exist\n"
	"      --json            one JSON document on stdout (one per interval with -i)\n"
	"  -v, --verbose         more detail (pairing counters, notes)\n"
	"  -- CMD ARGS           run CMD and trace it and its children from its first exec\n";

void scd_msg(const char *fmt, ...)
{
	va_list ap;

	fputs("scdiag: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

char *scd_cli_hms(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%H:%M:%S", &tm);
	return buf;
}

void scd_cli_note(const char *msg, void *ctx)
{
	(void)ctx;
	scd_msg("%s", msg);
}

static int32_t *push_id(int32_t *v, size_t *n, int32_t id)
{
	v = xrealloc(v, *n + 1, sizeof(*v));
	v[(*n)++] = id;
	return v;
}

static int bad_number(char opt, const char *arg, int err, const char *range)
{
	scd_msg("invalid -%c argument '%s': %s (expected %s)", opt, arg,
		err == -ERANGE ? "out of range" : "not a number", range);
	return -1;
}

int scd_opts_common(struct scd_opts *o, int opt, const char *arg)
{
	long v;
	uint64_t u;
	int err;

	switch (opt) {
	case 'p':
	case 't':
		err = scd_parse_int(arg, 1, 4194304, &v);
		if (err)
			return bad_number((char)opt, arg, err, "a pid from 1 to 4194304");
		if (opt == 'p')
			o->pids = push_id(o->pids, &o->npids, (int32_t)v);
		else
			o->tids = push_id(o->tids, &o->ntids, (int32_t)v);
		return 0;
	case 'c':
		err = scd_valid_comm(arg);
		if (err == -ENAMETOOLONG) {
			scd_msg("invalid -c argument '%s': longer than 15 bytes (the kernel keeps "
				"only the first 15 bytes of a comm)", arg);
			return -1;
		}
		if (err) {
			scd_msg("invalid -c argument '%s': empty or has control characters, "
				"quotes or backslashes", arg);
			return -1;
		}
		snprintf(o->comm, sizeof(o->comm), "%s", arg);
		o->has_comm = true;
		return 0;
	case 'd':
	case 'i':
		err = scd_parse_seconds(arg, 0.01, 31536000, opt == 'd' ? &o->duration_s :
					&o->interval_s);
		if (err)
			return bad_number((char)opt, arg, err, "seconds from 0.01, e.g. 5 or 0.5");
		return 0;
	case 'b':
		err = scd_parse_u64(arg, 4, 16777216, &u);
		if (err)
			return bad_number('b', arg, err, "KiB from 4 to 16777216");
		o->buffer_kb = (unsigned long)u;
		return 0;
	case 'v':
		o->verbose++;
		return 0;
	case SCD_OPT_JSON:
		o->json = true;
		return 0;
	case SCD_OPT_RAW:
		o->raw_syscalls = true;
		return 0;
	default:
		return 1;
	}
}

int scd_opts_finish(struct scd_opts *o, int argc, char **argv, int optind_)
{
	int err;

	if (optind_ < argc) {
		if (strcmp(argv[optind_ - 1], "--")) {
			scd_msg("unexpected argument '%s' (to trace a command, put it after --)",
				argv[optind_]);
			return -1;
		}
		o->cmd = &argv[optind_];
		err = scd_child_resolve(o->cmd, &o->cmd_path);
		if (err) {
			scd_msg("cannot run '%s': %s (check the command name and PATH)",
				o->cmd[0], strerror(-err));
			return -1;
		}
	}
	if (o->cmd && (o->npids || o->ntids)) {
		scd_msg("-- CMD cannot be combined with -p or -t (trace either a command or "
			"running processes)");
		return -1;
	}
	if (o->interval_s > 0 && o->duration_s > 0 && o->interval_s > o->duration_s) {
		scd_msg("-i %g is longer than -d %g (use an interval within the duration)",
			o->interval_s, o->duration_s);
		return -1;
	}
	return 0;
}

int scd_opt_top(const char *arg, unsigned long *top)
{
	uint64_t u;

	if (scd_parse_u64(arg, 0, 1000000, &u)) {
		scd_msg("invalid -T argument '%s' (expected a number from 0 to 1000000)", arg);
		return -1;
	}
	*top = (unsigned long)u;
	return 0;
}

int scd_opt_error(const char *cmd, const char *with_arg, char **argv)
{
	if (optopt)
		scd_msg("option -%c %s (see scdiag %s --help)", optopt,
			strchr(with_arg, optopt) ? "needs an argument" : "is not known", cmd);
	else
		scd_msg("unknown option '%s' (see scdiag %s --help)", argv[optind - 1], cmd);
	return -1;
}

void scd_opts_free(struct scd_opts *o)
{
	free(o->pids);
	free(o->tids);
	free(o->cmd_path);
}

int scd_report_err(const struct scd_err *e)
{
	scd_msg("%s", e->msg);
	return e->exit_code ? e->exit_code : SCD_EXIT_RUNTIME;
}

static void cleanup_at_exit(void)
{
	scd_child_atexit();
	scd_tfs_instance_cleanup();
}

void scd_cli_atexit(void)
{
	atexit(cleanup_at_exit);
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: scdiag COMMAND [OPTIONS]\n\n"
		"Syscall counts, latencies, argument distributions and diagnoses without BPF,\n"
		"from tracefs.\n\n"
		"Commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(f, "\nRun 'scdiag COMMAND --help' for a command's options; man scdiag for more.\n"
		"Examples:\n"
		"  sudo scdiag count -d 5            # top syscalls system-wide for 5 s\n"
		"  sudo scdiag count -L -p 1234      # with latency, one process\n"
		"  sudo scdiag count -x -E -- make   # failed calls of a build, by errno\n"
		"  sudo scdiag diagnose -d 10 -p 1234 # findings for a running process\n"
		"  sudo scdiag argdist -C 'read:fd,count,ret' -- ./app\n"
		"  scdiag probe                      # what this kernel offers\n");
}

int scd_cli_main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return SCD_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return SCD_EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("scdiag %s\n", PACKAGE_VERSION);
		return SCD_EXIT_OK;
	}
	for (i = 0; i < NCOMMANDS; i++) {
		if (!strcmp(argv[1], commands[i]->name)) {
			scd_cli_atexit();
			return commands[i]->exec(argc - 1, argv + 1);
		}
	}
	scd_msg("unknown command '%s' (run scdiag --help for the list)", argv[1]);
	return SCD_EXIT_USAGE;
}
