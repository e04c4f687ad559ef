// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gp: small helper for bench/count-overhead. Compiled on the fly by the script.
 *
 *   gp run getppid|read N [CPU]   timed loop of N cheap syscalls; prints one line of key=value
 *   gp idle PCT WINDOW_MS MAX_MS  wait until /proc/stat busy < PCT % over WINDOW_MS (at most
 *                                 MAX_MS); prints "busy=P idle=0|1"
 *   gp spawn RUSFILE PIDFILE -- CMD ARGS
 *                                 run CMD in a new process group with SIGINT/SIGQUIT reset to
 *                                 default; forward SIGINT/SIGTERM/SIGHUP to it; on exit write
 *                                 its wait4() rusage to RUSFILE; exit with its status
 *   gp cpu PID                    CPU time of PID (all threads) in ns
 *   gp waitfor FILE STRING MS PID wait until FILE contains STRING (0), MS elapsed (1), or PID
 *                                 is gone (2)
 *   gp stats                      numbers on stdin -> "median min max count" (or "nan nan nan 0")
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench-time.h"


static int usage(void)
{
	fprintf(stderr, "usage: gp run getppid|read N [CPU] | idle PCT WIN_MS MAX_MS | "
			"spawn RUSFILE PIDFILE -- CMD... | cpu PID | waitfor FILE STR MS PID | stats\n");
	return 2;
}

static int cmd_run(int argc, char **argv)
{
	struct rusage r0, r1;
	long long t0, t1, n, i;
	int fd = -1, rd;
	char b;

	if (argc < 2)
		return usage();
	rd = !strcmp(argv[0], "read");
	if (!rd && strcmp(argv[0], "getppid"))
		return usage();
	n = atoll(argv[1]);
	if (n <= 0)
		return usage();
	if (argc > 2 && pin_cpu(argv[2]))
		return 1;
	if (rd) {
		fd = open("/dev/zero", O_RDONLY);
		if (fd < 0) {
			perror("/dev/zero");
			return 1;
		}
	}
	getrusage(RUSAGE_SELF, &r0);
	t0 = now_ns();
	if (rd) {
		for (i = 0; i < n; i++)
			if (read(fd, &b, 1) != 1)
				return 1;
	} else {
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
	}
	t1 = now_ns();
	getrusage(RUSAGE_SELF, &r1);
	{
		long long u = tv_ns(r1.ru_utime) - tv_ns(r0.ru_utime);
		long long s = tv_ns(r1.ru_stime) - tv_ns(r0.ru_stime);

		printf("wl=%s n=%lld wall_ns=%lld ns_op=%.1f user_ns=%lld sys_ns=%lld "
		       "cpu_ns_op=%.1f nivcsw=%ld cpu=%d selfcpu_ns=%lld\n",
		       argv[0], n, t1 - t0, (double)(t1 - t0) / n, u, s, (double)(u + s) / n,
		       r1.ru_nivcsw - r0.ru_nivcsw, sched_getcpu(),
		       tv_ns(r1.ru_utime) + tv_ns(r1.ru_stime));
	}
	return 0;
}

static int read_stat(unsigned long long *busy, unsigned long long *total)
{
	unsigned long long v[10] = { 0 };
	FILE *f = fopen("/proc/stat", "r");
	int k, i;

	if (!f)
		return -1;
	k = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
		   &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
	fclose(f);
	if (k < 4)
		return -1;
	/* guest/guest_nice are already included in user/nice */
	*total = 0;
	for (i = 0; i < 8; i++)
		*total += v[i];
	*busy = *total - v[3] - v[4];
	return 0;
}

static int cmd_idle(int argc, char **argv)
{
	double pct, busy = 100;
	long win, max;
	long long start = now_ns();

	if (argc < 3)
		return usage();
	pct = atof(argv[0]);
	win = atol(argv[1]);
	max = atol(argv[2]);
	for (;;) {
		unsigned long long b0, t0, b1, t1;
		struct timespec ts = { win / 1000, (win % 1000) * 1000000L };

		if (read_stat(&b0, &t0))
			return 1;
		nanosleep(&ts, NULL);
		if (read_stat(&b1, &t1))
			return 1;
		busy = t1 > t0 ? 100.0 * (b1 - b0) / (t1 - t0) : 0;
		if (busy < pct) {
			printf("busy=%.0f idle=1\n", busy);
			return 0;
		}
		if ((now_ns() - start) / 1000000 >= max)
			break;
	}
	printf("busy=%.0f idle=0\n", busy);
	return 0;
}

static volatile pid_t child;

static void fwd(int sig)
{
	if (child > 0)
		kill(child, sig);
}

static int cmd_spawn(int argc, char **argv)
{
	const char *rusf, *pidf;
	struct sigaction sa;
	struct rusage ru;
	int status, i;
	pid_t p;
	FILE *f;

	if (argc < 4 || strcmp(argv[2], "--"))
		return usage();
	rusf = argv[0];
	pidf = argv[1];
	/* Our own group: a terminal Ctrl-C reaches the script, which stops us in order. */
	setpgid(0, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fwd;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	/* Block until the child pid is known so no signal is lost in between. */
	{
		sigset_t s, old;

		sigemptyset(&s);
		sigaddset(&s, SIGINT);
		sigaddset(&s, SIGTERM);
		sigaddset(&s, SIGHUP);
		sigprocmask(SIG_BLOCK, &s, &old);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
		p = fork();
		if (p < 0) {
			perror("fork");
			return 1;
		}
		if (p == 0) {
			sa.sa_handler = SIG_DFL;
			sa.sa_flags = 0;
			sigaction(SIGINT, &sa, NULL);
			sigaction(SIGQUIT, &sa, NULL);
			sigaction(SIGTERM, &sa, NULL);
			sigaction(SIGHUP, &sa, NULL);
			sigprocmask(SIG_SETMASK, &old, NULL);
			execvp(argv[3], argv + 3);
			fprintf(stderr, "gp: cannot run %s: %s\n", argv[3], strerror(errno));
			_exit(127);
		}
		child = p;
		f = fopen(pidf, "w");
		if (f) {
			fprintf(f, "%d\n", (int)p);
			fclose(f);
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	for (;;) {
		pid_t w = wait4(p, &status, 0, &ru);

		if (w == p)
			break;
		if (w < 0 && errno != EINTR) {
			perror("wait4");
			return 1;
		}
	}
	child = 0;
	f = fopen(rusf, "w");
	if (f) {
		fprintf(f, "user_ns=%lld sys_ns=%lld cpu_ns=%lld maxrss_kb=%ld status=%d\n",
			tv_ns(ru.ru_utime), tv_ns(ru.ru_stime),
			tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime), ru.ru_maxrss, status);
		fclose(f);
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	i = WTERMSIG(status);
	return 128 + i;
}

/* CPU time of a process, all threads: sum of /proc/PID/task/TID/schedstat (ns, the same
 * runtime that wait4() later reports as utime+stime); fallback /proc/PID/stat (ticks). */
static int cmd_cpu(int argc, char **argv)
{
	char path[300], buf[4096], *p;
	unsigned long long ut, st, sum = 0;
	struct dirent *de;
	int fd, nth = 0;
	ssize_t n;
	DIR *d;

	if (argc < 1)
		return usage();
	snprintf(path, sizeof(path), "/proc/%s/task", argv[0]);
	d = opendir(path);
	if (d) {
		while ((de = readdir(d))) {
			unsigned long long rt;
			FILE *f;

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "/proc/%s/task/%s/schedstat", argv[0],
				 de->d_name);
			f = fopen(path, "r");
			if (!f)
				continue;
			if (fscanf(f, "%llu", &rt) == 1) {
				sum += rt;
				nth++;
			}
			fclose(f);
		}
		closedir(d);
		if (nth) {
			printf("%llu\n", sum);
			return 0;
		}
	}
	snprintf(path, sizeof(path), "/proc/%s/stat", argv[0]);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		printf("nan\n");
		return 1;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) {
		printf("nan\n");
		return 1;
	}
	buf[n] = 0;
	p = strrchr(buf, ')');
	/* after ") ": state(3) ... utime(14) stime(15) */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut,
			 &st) != 2) {
		printf("nan\n");
		return 1;
	}
	printf("%lld\n", (long long)((ut + st) * (1000000000.0 / sysconf(_SC_CLK_TCK))));
	return 0;
}

static int cmd_waitfor(int argc, char **argv)
{
	long long end;
	pid_t pid;

	if (argc < 4)
		return usage();
	end = now_ns() + atoll(argv[2]) * 1000000LL;
	pid = atoi(argv[3]);
	for (;;) {
		FILE *f = fopen(argv[0], "r");
		struct timespec ts = { 0, 20 * 1000000L };

		if (f) {
			char *line = NULL;
			size_t cap = 0;
			int hit = 0;

			while (!hit && getline(&line, &cap, f) >= 0)
				hit = strstr(line, argv[1]) != NULL;
			free(line);
			fclose(f);
			if (hit)
				return 0;
		}
		if (pid > 0 && kill(pid, 0) && errno == ESRCH)
			return 2;
		if (now_ns() >= end)
			return 1;
		nanosleep(&ts, NULL);
	}
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int cmd_stats(void)
{
	double *v = NULL, x, med;
	size_t n = 0, cap = 0;
	char tok[64];

	while (scanf("%63s", tok) == 1) {
		char *end;

		x = strtod(tok, &end);
		if (end == tok || *end || isnan(x))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = realloc(v, cap * sizeof(*v));
			if (!v)
				return 1;
		}
		v[n++] = x;
	}
	if (!n) {
		printf("nan nan nan 0\n");
		return 0;
	}
	qsort(v, n, sizeof(*v), cmp);
	med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	printf("%.6g %.6g %.6g %zu\n", med, v[0], v[n - 1], n);
	free(v);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 2, argv + 2);
	if (!strcmp(argv[1], "idle"))
		return cmd_idle(argc - 2, argv + 2);
	if (!strcmp(argv[1], "spawn"))
		return cmd_spawn(argc - 2, argv + 2);
	if (!strcmp(argv[1], "cpu"))
		return cmd_cpu(argc - 2, argv + 2);
	if (!strcmp(argv[1], "waitfor"))
		return cmd_waitfor(argc - 2, argv + 2);
	if (!strcmp(argv[1], "stats"))
		return cmd_stats();
	return usage();
}
