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
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "xalloc.h"

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
	int go[2], er[2];

	memset(c, 0, sizeof(*c));
	c->go_fd = c->err_fd = -1;
	if (pipe2(go, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(er, O_CLOEXEC) < 0) {
		close(go[0]);
		close(go[1]);
		return -errno;
	}
	c->pid = fork();
	if (c->pid < 0) {
		int err = -errno;

		close(go[0]);
		close(go[1]);
		close(er[0]);
		close(er[1]);
		return err;
	}
	if (c->pid == 0) {
		char b;
		int e;

		close(go[1]);
		close(er[0]);
		signal(SIGPIPE, SIG_DFL);
		/* Wait for "go"; end of file means the tracer gave up: do not run. */
		if (read(go[0], &b, 1) != 1)
			_exit(127);
		execv(path, argv);
		e = errno;
		if (write(er[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(go[0]);
	close(er[1]);
	c->go_fd = go[1];
	c->err_fd = er[0];
	return 0;
}

int scd_child_go(struct scd_child *c)
{
	ssize_t n;
	int e = 0;

	if (write(c->go_fd, "g", 1) != 1)
		return -errno;
	close(c->go_fd);
	c->go_fd = -1;
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

void scd_child_abort(struct scd_child *c)
{
	if (c->pid <= 0)
		return;
	if (c->go_fd >= 0) {
		close(c->go_fd);
		c->go_fd = -1;
	}
	if (c->err_fd >= 0) {
		close(c->err_fd);
		c->err_fd = -1;
	}
	if (waitpid(c->pid, &c->status, 0) == c->pid)
		c->exited = true;
	c->pid = -c->pid;	/* reaped: never wait for it again */
}
