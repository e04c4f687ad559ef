// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Starting the traced command (see child.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "xalloc.h"

/* The child a fatal exit() must not leave stopped: see scd_child_atexit(). */
static struct scd_child *unreleased;

int scd_child_resolve(char *const argv[], char **path)
{
	const char *dirs, *p;
	char buf[PATH_MAX];
	struct stat st;

	*path = NULL;
	if (!argv || !argv[0] || !argv[0][0])
		return -EINVAL;
	if (strchr(argv[0], '/')) {
		if (access(argv[0], X_OK) < 0)
			return -errno;
		*path = xstrdup(argv[0]);
		return 0;
	}
	dirs = getenv("PATH");
	if (!dirs)
		dirs = "/usr/local/bin:/usr/bin:/bin";
	for (p = dirs; *p;) {
		size_t len = strcspn(p, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, len ? p : ".", argv[0]);
		if (access(buf, X_OK) == 0 && stat(buf, &st) == 0 && S_ISREG(st.st_mode)) {
			*path = xstrdup(buf);
			return 0;
		}
		p += len;
		if (*p == ':')
			p++;
	}
	return -ENOENT;
}

int scd_child_spawn(const char *path, char *const argv[], struct scd_child *c)
{
	int er[2], st;

	memset(c, 0, sizeof(*c));
	c->err_fd = -1;
	if (pipe2(er, O_CLOEXEC) < 0)
		return -errno;
	c->pid = fork();
	if (c->pid < 0) {
		int err = -errno;

		close(er[0]);
		close(er[1]);
		return err;
	}
	if (c->pid == 0) {
		int e;

		close(er[0]);
		signal(SIGPIPE, SIG_DFL);
		/* Wait, stopped, until tracing is armed; SIGCONT resumes us right here. */
		raise(SIGSTOP);
		execv(path, argv);
		e = errno;
		if (write(er[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(er[1]);
	c->err_fd = er[0];
	/* Wait until it has stopped: its own raise() happens before tracing starts. */
	while (waitpid(c->pid, &st, WUNTRACED) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	if (!WIFSTOPPED(st)) {
		c->status = st;
		c->exited = true;
		c->pid = -c->pid;
		return -ECHILD;
	}
	return 0;
}

int scd_child_go(struct scd_child *c)
{
	ssize_t n;
	int e = 0;

	if (kill(c->pid, SIGCONT) < 0)
		return -errno;
	c->released = true;
	unreleased = NULL;
	/* The error pipe closes on a successful exec (CLOEXEC) or carries exec's errno. */
	do
		n = read(c->err_fd, &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(c->err_fd);
	c->err_fd = -1;
	return n == sizeof(e) ? -e : 0;
}

bool scd_child_poll(struct scd_child *c)
{
	siginfo_t si;

	if (c->exited || c->pid <= 0)
		return true;
	/*
	 * WNOWAIT: notice the exit but leave the zombie, so /proc/PID (comm, tgid) stays
	 * readable until its last records are read; scd_child_abort() reaps it.
	 */
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)c->pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid)
		c->exited = true;
	return c->exited;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

void scd_child_end(struct scd_child *c)
{
	int i;

	if (c->pid <= 0 || scd_child_poll(c))
		return;
	/* SIGCONT too: a stopped command would never act on SIGTERM. */
	kill(c->pid, SIGTERM);
	kill(c->pid, SIGCONT);
	for (i = 0; i < 100 && !scd_child_poll(c); i++)
		sleep_ms(20);
	if (!c->exited)
		kill(c->pid, SIGKILL);	/* it ignored SIGTERM for 2 s */
}

void scd_child_abort(struct scd_child *c)
{
	pid_t r;

	if (c->pid <= 0)
		return;
	if (!c->released)
		kill(c->pid, SIGKILL);	/* it never ran the command */
	if (c->err_fd >= 0) {
		close(c->err_fd);
		c->err_fd = -1;
	}
	do
		r = waitpid(c->pid, &c->status, 0);
	while (r < 0 && errno == EINTR);
	if (r == c->pid)
		c->exited = true;
	c->pid = -c->pid;	/* reaped: never wait for it again */
}

void scd_child_track(struct scd_child *c)
{
	unreleased = c;
}

void scd_child_atexit(void)
{
	if (unreleased && unreleased->pid > 0 && !unreleased->released)
		scd_child_abort(unreleased);
	unreleased = NULL;
}
