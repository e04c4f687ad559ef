// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command table and what every command shares: exit codes, the message format
 * ("scdiag: <what failed>: <reason> (<what to do>)") and the common tracing options.
 * Only cli.c and cmd-*.c print or choose exit codes.
 */
#ifndef SCD_CLI_H
#define SCD_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "session.h"

enum {
	SCD_EXIT_OK = 0,
	SCD_EXIT_RUNTIME = 1,
	SCD_EXIT_USAGE = 2,
};

struct scd_cmd {
	const char *name;
	const char *summary;
	int (*exec)(int argc, char **argv);
};

extern const struct scd_cmd scd_cmd_argdist;
extern const struct scd_cmd scd_cmd_count;
extern const struct scd_cmd scd_cmd_diagnose;
extern const struct scd_cmd scd_cmd_list;
extern const struct scd_cmd scd_cmd_offcpu;
extern const struct scd_cmd scd_cmd_probe;

int scd_cli_main(int argc, char **argv);

void scd_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The local time as HH:MM:SS, for [HH:MM:SS] interval headers. */
char *scd_cli_hms(char *buf, size_t len);

/* The session's note hook for every command: the note as one "scdiag: " line. */
void scd_cli_note(const char *msg, void *ctx);

/* Short options and long options every tracing command accepts (append to your own). */
#define SCD_COMMON_SHORT "p:t:c:d:i:b:vh"
enum {
	SCD_OPT_JSON = 0x100,
	SCD_OPT_RAW,
	SCD_OPT_HELP,
	SCD_OPT_FIRST_CMD = 0x200,	/* commands number their own long options from here */
};
/* Without --comm, for commands whose -c means something else (argdist: cumulative). */
#define SCD_COMMON_LONG_NO_COMM \
	{ "pid", required_argument, NULL, 'p' }, \
	{ "tid", required_argument, NULL, 't' }, \
	{ "duration", required_argument, NULL, 'd' }, \
	{ "interval", required_argument, NULL, 'i' }, \
	{ "buffer-kb", required_argument, NULL, 'b' }, \
	{ "verbose", no_argument, NULL, 'v' }, \
	{ "json", no_argument, NULL, SCD_OPT_JSON }, \
	{ "raw-syscalls", no_argument, NULL, SCD_OPT_RAW }, \
	{ "help", no_argument, NULL, 'h' }
#define SCD_COMMON_LONG SCD_COMMON_LONG_NO_COMM, { "comm", required_argument, NULL, 'c' }

/* Prints the message for getopt's '?' (unknown option or missing argument); returns -1. */
int scd_opt_error(const char *cmd, const char *with_arg, char **argv);

/* -T N (0 = all, at most 1000000): 0, or -1 after printing the usage error. */
int scd_opt_top(const char *arg, unsigned long *top);

/* Text for --help describing the common options. */
extern const char scd_common_help[];

/*
 * Handles a common option. Returns 1 if @opt is not one, 0 if handled, -1 after printing a
 * usage error.
 */
int scd_opts_common(struct scd_opts *o, int opt, const char *arg);

/* After getopt: takes "-- CMD ARGS" and rejects stray operands. 0 or -1 (message printed). */
int scd_opts_finish(struct scd_opts *o, int argc, char **argv, int optind_);

void scd_opts_free(struct scd_opts *o);

/* Prints a session error and returns its exit code. */
int scd_report_err(const struct scd_err *e);

/* Registers the atexit clean-up of tracefs state. */
void scd_cli_atexit(void);

#endif
