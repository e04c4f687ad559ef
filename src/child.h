// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * "-- CMD ARGS": the command is forked first and stops itself (SIGSTOP) before it execs, so
 * its pid can go into the kernel's pid filter (with event-fork for its descendants) while
 * it runs nothing; SIGCONT then lets it exec. A stopped task is resumed without returning
 * from a syscall, so no record of ours ends up in its trace (a pipe read would leave one).
 * If we fail before that, it is killed without having run.
 */
#ifndef SCD_CHILD_H
#define SCD_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

struct scd_child {
	pid_t pid;
	bool released;		/* SIGCONT sent: CMD runs */
	int err_fd;		/* read end of the exec-error pipe (CLOEXEC in the child) */
	int status;		/* wait status once exited */
	bool exited;
};

/*
 * Finds argv[0] (PATH search) before any tracing is set up, so the traced child execs it
 * directly: a PATH search in the child would show up as failed execve calls in the trace.
 * Returns 0 with *path (malloc'd) or a negative errno.
 */
int scd_child_resolve(char *const argv[], char **path);

int scd_child_spawn(const char *path, char *const argv[], struct scd_child *c);

/* Lets the child exec; returns 0, or the child's exec errno negated. */
int scd_child_go(struct scd_child *c);

/* Reaps the child if it exited; true once it has. */
bool scd_child_poll(struct scd_child *c);

/* Ends a running child: SIGTERM (and SIGCONT), SIGKILL after 2 s. Does not reap it. */
void scd_child_end(struct scd_child *c);

/* Remember @c until it is released, so scd_child_atexit() can kill it on a fatal exit. */
void scd_child_track(struct scd_child *c);
void scd_child_atexit(void);

/* Kills a child that never got to run, and reaps the child. */
void scd_child_abort(struct scd_child *c);

#endif
