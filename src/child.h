// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * "-- CMD ARGS": the command is forked first and waits on a pipe, so its pid can go into the
 * kernel's pid filter (with event-fork for its descendants) before it runs; then it is let
 * go and execs. If we fail before that, closing the pipe makes it exit without running.
 */
#ifndef SCD_CHILD_H
#define SCD_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

struct scd_child {
	pid_t pid;
	int go_fd;		/* write end of the "go" pipe, -1 once released */
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

/* Stops a child that never got to run (closing its pipe) and reaps it. */
void scd_child_abort(struct scd_child *c);

#endif
