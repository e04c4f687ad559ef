// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * open diagnoses (seeds/syscall-diagnoses.md, "open, openat"):
 *   open.flags  (comm, pid, syscall, nonblock, result) of open, openat and openat2; error
 *               storms (many failures of one errno per second) and O_NONBLOCK on regular
 *               files, where it has no effect
 * Tracefs syscall events carry only the filename pointer, never the string: the path of a
 * successful open is read from /proc/PID/fd/RET at its exit (when the fd is still open
 * then); the path of a failed open is read from the process's memory (umem.h), sampled.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "errnos.h"
#include "event.h"
#include "syscalls.h"
#include "umem.h"
#include "xalloc.h"

/*
 * openat2 passes its flags in a struct open_how that the event only points to: its
 * nonblock is recorded as 0 (false), which may hide an O_NONBLOCK.
 */
enum { OF_OPEN, OF_OPENAT, OF_OPENAT2, OF_N };

static const char *const open_syscalls[] = { "open", "openat", "openat2", NULL };

static const struct scd_col open_cols[] = {
	{ "comm", SCD_COL_COMM, 0 },
	{ "pid", SCD_COL_INT, 0 },
	{ "syscall", SCD_COL_SYSCALL, 1 },
	{ "nonblock", SCD_COL_BOOL, 2 },
	{ "result", SCD_COL_RESULT_OK, 3 },
};

static const struct scd_table_def open_table = {
	"open_flags", open_cols, 5, true,
};

#define OPEN_PROCS 256

/* Per process: successful O_NONBLOCK opens, and of regular files, with one example path. */
struct open_proc {
	int32_t pid;
	uint64_t nonblock;
	uint64_t regular;
	char comm[16];
	char example[PATH_MAX];	/* the whole path: tests and users compare it */
};

/*
 * Per (process, errno): the paths of failed opens. Tracefs records only the path's pointer;
 * the string is read from the process's memory when the record is processed (umem.h): for
 * the first FAIL_READS failures of a group, then one in FAIL_EVERY. Distinct paths beyond
 * FAIL_PATHS are counted together.
 */
#define FAIL_GROUPS 256
#define FAIL_PATHS 4
#define FAIL_READS 64
#define FAIL_EVERY 256

struct fail_group {
	int32_t pid;
	int err;
	uint64_t fails;
	uint64_t read, unreadable, other;
	struct {
		char *path;
		uint64_t n;
	} p[FAIL_PATHS];
};

struct open_state {
	bool init;
	int nr[OF_N];
	size_t n, nfail;
	struct open_proc p[OPEN_PROCS];
	struct fail_group fail[FAIL_GROUPS];
};

static struct open_proc *open_proc(struct open_state *s, int32_t pid, const char *comm)
{
	size_t i;

	/* Linear: only successful O_NONBLOCK opens get here. */
	for (i = 0; i < s->n && s->p[i].pid != pid; i++)
		;
	if (i < s->n)
		return &s->p[i];
	if (s->n == OPEN_PROCS)
		return NULL;
	s->p[i].pid = pid;
	snprintf(s->p[i].comm, sizeof(s->p[i].comm), "%s", comm ? comm : "?");
	s->n++;
	return &s->p[i];
}

/*
 * The path of @fd, a regular file (@st) of @pid. The framework caches a path per (pid, fd)
 * at first sight, so a reused fd number keeps its first file's path: the cached one is
 * believed only when it is still the same file, else /proc is asked again.
 */
static void example_path(struct scd_diag_run *r, int32_t pid, int64_t fd,
			 const struct stat *st, char *out, size_t len)
{
	const char *p = scd_diag_fd_path(r, pid, fd);
	struct stat pst;
	char link[64];
	ssize_t n;

	if (p && p[0] == '/' && stat(p, &pst) == 0 && pst.st_dev == st->st_dev &&
	    pst.st_ino == st->st_ino) {
		snprintf(out, len, "%s", p);
		return;
	}
	snprintf(link, sizeof(link), "/proc/%d/fd/%lld", (int)pid, (long long)fd);
	n = readlink(link, out, len - 1);
	out[n > 0 ? n : 0] = 0;
}

static struct fail_group *fail_group(struct open_state *s, int32_t pid, int err)
{
	size_t i;

	for (i = 0; i < s->nfail && (s->fail[i].pid != pid || s->fail[i].err != err); i++)
		;
	if (i < s->nfail)
		return &s->fail[i];
	if (s->nfail == FAIL_GROUPS)
		return NULL;
	s->fail[i].pid = pid;
	s->fail[i].err = err;
	s->nfail++;
	return &s->fail[i];
}

/* A failed open of the path at @addr by thread @tid of @pid: sampled into its group. */
static void failed_open(struct open_state *s, int32_t pid, int32_t tid, int err, uint64_t addr)
{
	struct fail_group *g = fail_group(s, pid, err);
	char path[PATH_MAX];
	ssize_t n;
	bool cut;
	size_t i;

	if (!g || (++g->fails > FAIL_READS && g->fails % FAIL_EVERY))
		return;
	n = scd_umem_thread_str(tid, pid, addr, path, sizeof(path), &cut);
	if (n < 0 || cut) {
		g->unreadable++;
		return;
	}
	g->read++;
	for (i = 0; i < FAIL_PATHS && g->p[i].path && strcmp(g->p[i].path, path); i++)
		;
	if (i == FAIL_PATHS) {
		g->other++;
		return;
	}
	if (!g->p[i].path)
		g->p[i].path = xstrdup(path);
	g->p[i].n++;
}

static void open_free(void *st)
{
	struct open_state *s = st;
	size_t i, k;

	for (i = 0; i < s->nfail; i++)
		for (k = 0; k < FAIL_PATHS; k++)
			free(s->fail[i].p[k].path);
}

/* A successful open with O_NONBLOCK: is the fd a regular file? Asked while it is open. */
static void nonblock_open(struct scd_diag_run *r, struct open_state *s, int32_t pid,
			  const char *comm, int64_t fd)
{
	struct open_proc *p = open_proc(s, pid, comm);
	struct stat st;
	char link[64];

	if (!p)
		return;
	p->nonblock++;
	/* stat follows the /proc link to the file itself, in the process's own namespace. */
	snprintf(link, sizeof(link), "/proc/%d/fd/%lld", (int)pid, (long long)fd);
	if (stat(link, &st) < 0 || !S_ISREG(st.st_mode))
		return;	/* closed already, or a FIFO, a device, a socket: O_NONBLOCK matters */
	p->regular++;
	if (!p->example[0])
		example_path(r, pid, fd, &st, p->example, sizeof(p->example));
}

static void open_call(struct scd_diag_run *r, void *st, const struct scd_call *c,
		      const struct scd_task *t)
{
	struct open_state *s = st;
	int64_t v[4];
	int sc;

	if (!s->init) {
		for (sc = 0; sc < OF_N; sc++)
			s->nr[sc] = scd_syscall_nr(open_syscalls[sc]);
		s->init = true;
	}
	for (sc = 0; sc < OF_N && s->nr[sc] != c->nr; sc++)
		;
	if (sc == OF_N || !c->has_enter)
		return;	/* no flags without the enter: the errors table has its failure */
	v[0] = t ? t->tgid : c->tid;
	v[1] = c->nr;
	/* open(path, flags, mode), openat(dfd, path, flags, mode); openat2: see above. */
	v[2] = sc == OF_OPENAT2 ? 0 : (c->args[sc == OF_OPEN ? 1 : 2] & O_NONBLOCK) != 0;
	v[3] = scd_ret_errno(c->ret);
	scd_diag_row(r, v, 4, t ? t->comm : NULL);
	if (v[2] && c->ret >= 0)
		nonblock_open(r, s, (int32_t)v[0], t ? t->comm : NULL, c->ret);
	if (c->ret < 0)
		failed_open(s, (int32_t)v[0], c->tid, (int)v[3], c->args[sc == OF_OPEN ? 0 : 1]);
}

static const char *storm_advice(int err, bool named)
{
	switch (err) {
	case ENOENT:
	case ENOTDIR:
		return named ? "a missing path is probed over and over: cache the miss or fix the "
			       "search path (the paths read are in the evidence)" :
			       "a missing path is probed over and over: cache the miss or fix the "
			       "search path; its string could not be read from the process (strace "
			       "-f -e trace=open,openat,openat2 -e status=failed -p PID names it)";
	case EMFILE:
		return "the process is out of file descriptors: look for an fd leak "
		       "(ls /proc/PID/fd) or raise RLIMIT_NOFILE";
	case ENFILE:
		return "the system is out of open files (fs.file-max): find the process holding "
		       "them before raising the limit";
	case EACCES:
	case EPERM:
		return "opens denied by permissions are retried: fix the permissions or stop "
		       "retrying an open that cannot succeed";
	default:
		return named ? "stop retrying an open that cannot succeed (the paths read are in "
			       "the evidence)" :
			       "find the failing path (strace -f -e trace=open,openat,openat2 "
			       "-e status=failed -p PID) and stop retrying an open that cannot succeed";
	}
}

/* The paths read for a storm, as evidence; the most frequent one, or NULL. */
static const char *storm_paths(struct scd_finding *f, const struct fail_group *g)
{
	size_t i, top = 0;
	char *others = NULL, *more;

	if (!g || !g->read) {
		scd_finding_str(f, "path", "unknown");
		scd_finding_num(f, "paths_read", 0);
		scd_finding_num(f, "paths_unreadable", g ? (double)g->unreadable : 0);
		return NULL;
	}
	for (i = 1; i < FAIL_PATHS && g->p[i].path; i++)
		if (g->p[i].n > g->p[top].n)
			top = i;
	for (i = 0; i < FAIL_PATHS && g->p[i].path; i++) {
		if (i == top)
			continue;
		xasprintf(&more, "%s%s%s (%llu)", others ? others : "", others ? ", " : "",
			  g->p[i].path, (unsigned long long)g->p[i].n);
		free(others);
		others = more;
	}
	scd_finding_str(f, "path", g->p[top].path);
	scd_finding_num(f, "path_share", (double)g->p[top].n / (double)g->read);
	scd_finding_num(f, "paths_read", (double)g->read);
	scd_finding_num(f, "paths_unreadable", (double)g->unreadable);
	if (others)
		scd_finding_str(f, "other_paths", others);
	if (g->other)
		scd_finding_num(f, "more_paths", (double)g->other);
	free(others);
	return g->p[top].path;
}

/* Failures of one errno in one process, over all three syscalls and both flags. */
static void storm_findings(struct scd_diag_run *r, struct open_state *s,
			   const struct scd_ad_row **rows, size_t n)
{
	const struct scd_diag_cfg *cfg = scd_diag_cfg(r);
	double secs = scd_diag_duration(r) > 0 ? scd_diag_duration(r) : 1;
	size_t i, k;

	/* Biggest rows first, so the worst storm of a process is reported first. */
	for (i = n; i-- > 0;) {
		uint64_t fails = 0, opens = 0;
		bool first = true;
		const char *name, *path;
		struct scd_finding *f;

		if (!rows[i]->v[3])
			continue;
		for (k = 0; k < n; k++) {
			if (rows[k]->v[0] != rows[i]->v[0])
				continue;
			opens += rows[k]->count;
			if (rows[k]->v[3] != rows[i]->v[3])
				continue;
			if (k > i)
				first = false;
			fails += rows[k]->count;
		}
		if (!first || (double)fails < cfg->min_calls || (double)fails / secs < cfg->error_rate)
			continue;
		name = scd_errno_name((int)rows[i]->v[3]);
		f = scd_diag_finding(r, SCD_SEV_WARNING, (int32_t)rows[i]->v[0], rows[i]->comm);
		scd_finding_str(f, "kind", "error_storm");
		scd_finding_str(f, "errno", name ? name : "?");
		scd_finding_num(f, "failures", (double)fails);
		scd_finding_num(f, "failures_per_s", (double)fails / secs);
		scd_finding_num(f, "opens", (double)opens);
		path = storm_paths(f, fail_group(s, (int32_t)rows[i]->v[0], (int)rows[i]->v[3]));
		snprintf(f->summary, sizeof(f->summary),
			 "error storm: %llu opens failed with %s, %.0f per second (%.0f%% of %llu "
			 "opens)%s%s", (unsigned long long)fails, name ? name : "?",
			 (double)fails / secs, 100.0 * (double)fails / (double)opens,
			 (unsigned long long)opens,
			 !path ? "; the paths could not be read" :
			 strlen(path) <= 100 ? "; most often " : "; paths in the evidence",
			 path && strlen(path) <= 100 ? path : "");
		snprintf(f->advice, sizeof(f->advice), "%s",
			 storm_advice((int)rows[i]->v[3], path != NULL));
	}
}

static void regular_finding(struct scd_diag_run *r, const struct open_proc *p)
{
	struct scd_finding *f = scd_diag_finding(r, SCD_SEV_INFO, p->pid, p->comm);

	snprintf(f->summary, sizeof(f->summary),
		 "%llu opens of regular files with O_NONBLOCK, where it has no effect "
		 "(example path in the evidence)", (unsigned long long)p->regular);
	snprintf(f->advice, sizeof(f->advice),
		 "drop O_NONBLOCK when opening regular files: their reads and writes wait for the "
		 "disk whatever the flag says; use io_uring or a thread pool where file I/O must "
		 "not block");
	scd_finding_str(f, "kind", "nonblock_regular");
	scd_finding_num(f, "opens_nonblock", (double)p->nonblock);
	scd_finding_num(f, "regular_files", (double)p->regular);
	scd_finding_str(f, "example", p->example[0] ? p->example : "unknown");
}

static void open_findings(struct scd_diag_run *r, void *st)
{
	const struct scd_diag_cfg *cfg = scd_diag_cfg(r);
	struct open_state *s = st;
	const struct scd_ad_row **rows;
	size_t n = scd_diag_rows(r, &rows), i;

	storm_findings(r, s, rows, n);
	free(rows);
	for (i = 0; i < s->n; i++)
		if (s->p[i].regular && (double)s->p[i].regular >= cfg->min_calls)
			regular_finding(r, &s->p[i]);
}

const struct scd_diag_ops scd_diag_open_flags = {
	.id = "open.flags",
	.syscalls = open_syscalls,
	.table = &open_table,
	.state_size = sizeof(struct open_state),
	.call = open_call,
	.findings = open_findings,
	.free = open_free,
};
