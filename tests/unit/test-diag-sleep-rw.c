// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the sleep.interrupted and rw.buffers diagnoses on synthetic paired calls: the
 * exact rows of sleep_ret and rw_bytes (restart codes and clock_nanosleep's positive errno
 * as EINTR, readv's unknown size as null, failures left to the errors table), and each
 * finding exactly at its threshold and not one call or one byte below it (zero calls, the
 * min-calls edge, shares and rates equal to their option). The test has its own registry of
 * just these two diagnoses, so the library's diag-registry.o is never linked in.
 */
#include "unit.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "report-diag.h"
#include "syscalls.h"

extern const struct scd_diag_ops scd_diag_sleep_interrupted;
extern const struct scd_diag_ops scd_diag_rw_buffers;

const struct scd_diag_ops *const scd_diags[] = {
	&scd_diag_sleep_interrupted,
	&scd_diag_rw_buffers,
};

const size_t scd_ndiags = sizeof(scd_diags) / sizeof(scd_diags[0]);

#define NOPID 4194305		/* above PID_MAX_LIMIT: /proc never has it */
#define ERESTART_RESTARTBLOCK 516
#define MS 1000000ull
#define US 1000ull

static struct scd_diag_run *run_new(const char *id, const struct scd_diag_cfg *cfg)
{
	bool sel[sizeof(scd_diags) / sizeof(scd_diags[0])];
	struct scd_diag_cfg def;
	size_t i;

	for (i = 0; i < scd_ndiags; i++)
		sel[i] = !strcmp(scd_diags[i]->id, id);
	if (!cfg) {
		scd_diag_cfg_defaults(&def);
		cfg = &def;
	}
	return scd_diag_run_new(sel, cfg);
}

/* @n calls of @sc by process @pid: args[0] = @a0, args[2] = @a2, @lat_ns long (0: no enter). */
static void feed(struct scd_diag_run *r, const char *sc, int32_t pid, uint64_t a0, uint64_t a2,
		 int64_t ret, uint64_t lat_ns, uint64_t n)
{
	struct scd_call c;
	struct scd_task t;
	uint64_t i;

	memset(&c, 0, sizeof(c));
	memset(&t, 0, sizeof(t));
	t.tid = t.tgid = pid;
	t.resolved = 1;
	snprintf(t.comm, sizeof(t.comm), "tester");
	c.tid = pid;
	c.nr = scd_syscall_nr(sc);
	ck_assert_int_ge(c.nr, 0);
	c.has_enter = lat_ns != 0;
	c.nargs = 6;
	c.args[0] = a0;
	c.args[2] = a2;
	c.ret = ret;
	for (i = 0; i < n; i++) {
		c.ts_enter = 1000000000ull + i * 10 * MS;
		c.ts_exit = c.ts_enter + lat_ns;
		scd_diag_run_call(r, &c, &t);
	}
}

/* The count of the row of the diagnosis's table (table 0) equal to @v; @nrows: all rows. */
static uint64_t row(struct scd_diag_run *r, const int64_t *v, size_t nv, size_t *nrows)
{
	const struct scd_ad_row **rows;
	struct scd_argdist *agg;
	uint64_t count = 0;
	size_t slot, n, i;

	scd_diag_table(r, 0, &agg, &slot);
	n = scd_argdist_rows(agg, slot, 0, &rows);
	for (i = 0; i < n; i++)
		if (!memcmp(rows[i]->v, v, nv * sizeof(*v)))
			count += rows[i]->count;
	free(rows);
	if (nrows)
		*nrows = n;
	return count;
}

static const char *ev(const struct scd_finding *f, const char *key)
{
	size_t i;

	for (i = 0; i < f->nev; i++)
		if (!strcmp(f->ev[i].key, key))
			return f->ev[i].val;
	return NULL;
}

/* How many findings have evidence problem=@problem; *@first: the first of them. */
static size_t nproblem(const struct scd_diag_run *r, const char *problem,
		       const struct scd_finding **first)
{
	size_t n = 0, i;

	for (i = 0; i < scd_diag_nfindings(r); i++) {
		const struct scd_finding *f = scd_diag_finding_at(r, i);
		const char *p = ev(f, "problem");

		if (p && !strcmp(p, problem) && n++ == 0 && first)
			*first = f;
	}
	return n;
}

static char *json_of(struct scd_diag_run *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	scd_report_diag_json(f, r, NULL, 1.0, 0);
	fclose(f);
	return buf;
}

/* ---- sleep.interrupted ---- */

START_TEST(test_sleep_zero_calls)
{
	struct scd_diag_run *r = run_new("sleep.interrupted", NULL);
	const char **names;
	size_t nrows;
	int64_t v[1] = { 0 };

	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);
	ck_assert_uint_eq(row(r, v, 0, &nrows), 0);
	ck_assert_uint_eq(nrows, 0);
	ck_assert_uint_eq(scd_diag_ntables(r), 2);	/* sleep_ret, errors */
	ck_assert_uint_eq(scd_diag_syscalls(r, &names), 2);
	ck_assert_str_eq(names[0], "nanosleep");
	ck_assert_str_eq(names[1], "clock_nanosleep");
	free(names);
	scd_diag_run_free(r);
}
END_TEST

START_TEST(test_sleep_table)
{
	struct scd_diag_run *r = run_new("sleep.interrupted", NULL);
	int64_t ns = scd_syscall_nr("nanosleep"), cns = scd_syscall_nr("clock_nanosleep");
	int64_t v[3] = { NOPID, 0, 0 };
	char *json, want[512];
	size_t nrows;

	feed(r, "nanosleep", NOPID, 0, 0, 0, 1 * MS, 3);
	feed(r, "nanosleep", NOPID, 0, 0, 0, 0, 1);		/* no enter: still a result */
	feed(r, "nanosleep", NOPID, 0, 0, -ERESTART_RESTARTBLOCK, 1 * MS, 2);
	feed(r, "nanosleep", NOPID, 0, 0, -EINTR, 1 * MS, 1);
	feed(r, "clock_nanosleep", NOPID, 1, 0, EINTR, 1 * MS, 1);	/* positive errno */
	feed(r, "clock_nanosleep", NOPID, 1, 0, -ERESTART_RESTARTBLOCK, 1 * MS, 1);
	feed(r, "clock_nanosleep", NOPID, 1, 0, -EINVAL, 1 * MS, 1);
	scd_diag_run_finish(r, 1.0);

	v[1] = ns;
	ck_assert_uint_eq(row(r, v, 3, &nrows), 4);
	ck_assert_uint_eq(nrows, 4);
	v[2] = EINTR;
	ck_assert_uint_eq(row(r, v, 3, NULL), 3);
	v[1] = cns;
	ck_assert_uint_eq(row(r, v, 3, NULL), 2);
	v[2] = EINVAL;
	ck_assert_uint_eq(row(r, v, 3, NULL), 1);
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);	/* 9 calls: below min-calls */

	json = json_of(r);
	snprintf(want, sizeof(want), "\"sleep_ret\":["
		 "{\"comm\":\"tester\",\"pid\":%d,\"syscall\":\"nanosleep\",\"result\":0,"
		 "\"count\":4},"
		 "{\"comm\":\"tester\",\"pid\":%d,\"syscall\":\"nanosleep\","
		 "\"result\":\"EINTR\",\"count\":3},"
		 "{\"comm\":\"tester\",\"pid\":%d,\"syscall\":\"clock_nanosleep\","
		 "\"result\":\"EINTR\",\"count\":2},"
		 "{\"comm\":\"tester\",\"pid\":%d,\"syscall\":\"clock_nanosleep\","
		 "\"result\":\"EINVAL\",\"count\":1}]", NOPID, NOPID, NOPID, NOPID);
	ck_assert_msg(strstr(json, want), "got %s", json);
	free(json);
	scd_diag_run_free(r);
}
END_TEST

START_TEST(test_sleep_interrupted_threshold)
{
	static const struct {
		const char *sc;
		uint64_t calls, eintr;
		int64_t ret;		/* of the interrupted calls */
		size_t want;
	} cases[] = {
		{ "nanosleep", 100, 10, -ERESTART_RESTARTBLOCK, 1 },	/* at share and min-calls */
		{ "nanosleep", 100, 9, -ERESTART_RESTARTBLOCK, 0 },	/* share 0.09 */
		{ "nanosleep", 99, 99, -EINTR, 0 },			/* below min-calls */
		{ "nanosleep", 100, 100, -EINTR, 1 },
		{ "clock_nanosleep", 100, 10, EINTR, 1 },		/* positive errno */
		{ "clock_nanosleep", 100, 10, -ERESTART_RESTARTBLOCK, 1 },
		{ "clock_nanosleep", 100, 0, 0, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct scd_diag_run *r = run_new("sleep.interrupted", NULL);
		const struct scd_finding *f = NULL;

		/* 2 ms sleeps over 10 s: neither short nor a hot rate. */
		feed(r, cases[i].sc, NOPID, 1, 0, cases[i].ret, 2 * MS, cases[i].eintr);
		feed(r, cases[i].sc, NOPID, 1, 0, 0, 2 * MS, cases[i].calls - cases[i].eintr);
		scd_diag_run_finish(r, 10.0);
		ck_assert_msg(nproblem(r, "interrupted", &f) == cases[i].want, "case %zu", i);
		ck_assert_msg(scd_diag_nfindings(r) == cases[i].want, "case %zu", i);
		if (f) {
			char s[32];

			ck_assert_str_eq(f->id, "sleep.interrupted");
			ck_assert_int_eq(f->sev, SCD_SEV_WARNING);
			ck_assert_int_eq(f->pid, NOPID);
			ck_assert_str_eq(f->comm, "tester");
			ck_assert_str_eq(ev(f, "syscall"), cases[i].sc);
			snprintf(s, sizeof(s), "%llu", (unsigned long long)cases[i].calls);
			ck_assert_str_eq(ev(f, "calls"), s);
			snprintf(s, sizeof(s), "%llu", (unsigned long long)cases[i].eintr);
			ck_assert_str_eq(ev(f, "interrupted"), s);
			ck_assert_str_eq(ev(f, "median_slept_us"), "1024-2047");
			ck_assert_ptr_nonnull(strstr(ev(f, "requested"), "unknown"));
			ck_assert_ptr_nonnull(strstr(f->summary, "interrupted"));
			ck_assert(f->advice[0]);
		}
		if (i == 0) {
			ck_assert_str_eq(ev(f, "interrupted_share"), "0.100");
			ck_assert_str_eq(ev(f, "interrupted_per_s"), "1");
		}
		scd_diag_run_free(r);
	}
}
END_TEST

START_TEST(test_sleep_tight_threshold)
{
	static const struct {
		uint64_t nshort, nlong;		/* 50 us and 2 ms sleeps */
		uint64_t lat_short;
		double secs;
		size_t want;
	} cases[] = {
		{ 1000, 0, 50 * US, 1.0, 1 },	/* exactly 1000/s, all short */
		{ 999, 0, 50 * US, 1.0, 0 },	/* 999/s */
		{ 2000, 0, 50 * US, 2.0, 1 },	/* 1000/s over 2 s */
		{ 800, 200, 50 * US, 1.0, 1 },	/* short share exactly 0.8 */
		{ 799, 201, 50 * US, 1.0, 0 },
		{ 1000, 0, 1 * MS, 1.0, 0 },	/* one full period of --rate is not short */
		{ 1000, 0, 1 * MS - 1, 1.0, 1 },
		{ 0, 0, 0, 1.0, 0 },		/* zero calls */
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct scd_diag_run *r = run_new("sleep.interrupted", NULL);
		const struct scd_finding *f = NULL;

		feed(r, "nanosleep", NOPID, 0, 0, 0, cases[i].lat_short, cases[i].nshort);
		feed(r, "nanosleep", NOPID, 0, 0, 0, 2 * MS, cases[i].nlong);
		scd_diag_run_finish(r, cases[i].secs);
		ck_assert_msg(nproblem(r, "tight_loop", &f) == cases[i].want, "case %zu", i);
		ck_assert_msg(scd_diag_nfindings(r) == cases[i].want, "case %zu", i);
		if (i == 0) {
			ck_assert_int_eq(f->sev, SCD_SEV_WARNING);
			ck_assert_str_eq(ev(f, "calls"), "1000");
			ck_assert_str_eq(ev(f, "calls_per_s"), "1000");
			ck_assert_str_eq(ev(f, "short_share"), "1");
			ck_assert_str_eq(ev(f, "median_slept_us"), "32-63");
			ck_assert_str_eq(ev(f, "avg_slept_us"), "50");
			ck_assert_ptr_nonnull(ev(f, "requested"));
			ck_assert_ptr_nonnull(strstr(f->advice, "timerfd"));
		}
		if (i == 3)
			ck_assert_str_eq(ev(f, "short_share"), "0.800");
		scd_diag_run_free(r);
	}
}
END_TEST

START_TEST(test_sleep_unpaired_and_thresholds)
{
	struct scd_diag_cfg cfg;
	struct scd_diag_run *r = run_new("sleep.interrupted", NULL);
	int64_t v[3] = { NOPID, scd_syscall_nr("nanosleep"), 0 };

	/* Without enters the time slept is unknown: counted, never called short. */
	feed(r, "nanosleep", NOPID, 0, 0, 0, 0, 5000);
	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(row(r, v, 3, NULL), 5000);
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);
	scd_diag_run_free(r);

	/* The options move the thresholds: 20 calls, 2 interrupted, 20/s. */
	scd_diag_cfg_defaults(&cfg);
	cfg.min_calls = 20;
	cfg.eintr_share = 0.1;
	cfg.rate = 20;
	r = run_new("sleep.interrupted", &cfg);
	feed(r, "nanosleep", NOPID, 0, 0, -EINTR, 1 * MS, 2);
	feed(r, "nanosleep", NOPID, 0, 0, 0, 1 * MS, 18);
	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(nproblem(r, "interrupted", NULL), 1);
	ck_assert_uint_eq(nproblem(r, "tight_loop", NULL), 1);	/* 1 ms < 1 s / 20 */
	scd_diag_run_free(r);
}
END_TEST

/* ---- rw.buffers ---- */

struct files {
	char path[64];
	int fd;			/* a regular file */
	int pfd[2];		/* a pipe */
};

static void files_open(struct files *fs)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(fs->path, sizeof(fs->path), "%s/test-diag-rw.XXXXXX",
		 tmp && strlen(tmp) < 32 ? tmp : "/tmp");
	fs->fd = mkstemp(fs->path);
	ck_assert_int_ge(fs->fd, 0);
	ck_assert_int_eq(pipe(fs->pfd), 0);
}

static void files_close(struct files *fs)
{
	close(fs->fd);
	close(fs->pfd[0]);
	close(fs->pfd[1]);
	unlink(fs->path);
}

START_TEST(test_rw_zero_calls)
{
	struct scd_diag_run *r = run_new("rw.buffers", NULL);
	const char **names;
	size_t nrows;
	int64_t v[1] = { 0 };

	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);
	ck_assert_uint_eq(row(r, v, 0, &nrows), 0);
	ck_assert_uint_eq(nrows, 0);
	ck_assert_uint_eq(scd_diag_syscalls(r, &names), 6);
	free(names);
	scd_diag_run_free(r);
}
END_TEST

START_TEST(test_rw_table)
{
	struct scd_diag_run *r = run_new("rw.buffers", NULL);
	int32_t pid = (int32_t)getpid();
	struct scd_argdist *agg;
	const struct scd_ad_row **rows;
	struct files fs;
	size_t nrows, slot;
	char *json, want[512];
	const char *p;
	int64_t v[5];

	files_open(&fs);
	feed(r, "read", pid, (uint64_t)fs.fd, 16, 16, 10 * US, 3);
	feed(r, "readv", pid, (uint64_t)fs.fd, 2, 16, 10 * US, 2);	/* args[2]: iovcnt */
	feed(r, "read", pid, (uint64_t)fs.fd, 16, -EAGAIN, 10 * US, 1);
	feed(r, "read", pid, (uint64_t)fs.fd, 16, 16, 0, 7);		/* no enter: no fd */
	feed(r, "write", pid, (uint64_t)fs.pfd[1], 100, 100, 10 * US, 1);
	feed(r, "pread64", pid, (uint64_t)fs.fd, 64, 10, 10 * US, 1);
	feed(r, "pwrite64", pid, (uint64_t)fs.fd, 8, 8, 10 * US, 1);
	feed(r, "writev", pid, (uint64_t)fs.fd, 3, 0, 10 * US, 1);
	scd_diag_run_finish(r, 1.0);

	v[0] = pid;
	v[1] = fs.fd;
	v[2] = scd_syscall_nr("read");
	v[3] = 16;
	v[4] = 16;
	ck_assert_uint_eq(row(r, v, 5, &nrows), 3);
	ck_assert_uint_eq(nrows, 6);
	v[2] = scd_syscall_nr("readv");
	v[3] = INT64_MIN;
	ck_assert_uint_eq(row(r, v, 5, NULL), 2);
	v[2] = scd_syscall_nr("pread64");
	v[3] = 64;
	v[4] = 10;
	ck_assert_uint_eq(row(r, v, 5, NULL), 1);
	v[2] = scd_syscall_nr("pwrite64");
	v[3] = 8;
	v[4] = 8;
	ck_assert_uint_eq(row(r, v, 5, NULL), 1);
	v[2] = scd_syscall_nr("writev");
	v[3] = INT64_MIN;
	v[4] = 0;
	ck_assert_uint_eq(row(r, v, 5, NULL), 1);
	v[1] = fs.pfd[1];
	v[2] = scd_syscall_nr("write");
	v[3] = 100;
	v[4] = 100;
	ck_assert_uint_eq(row(r, v, 5, NULL), 1);

	/* The failure is in the errors table only. */
	scd_diag_table(r, 1, &agg, &slot);
	ck_assert_uint_eq(scd_argdist_rows(agg, slot, 0, &rows), 1);
	ck_assert_int_eq(rows[0]->v[1], scd_syscall_nr("read"));
	ck_assert_int_eq(rows[0]->v[2], EAGAIN);
	ck_assert_uint_eq(rows[0]->count, 1);
	free(rows);

	/* Paths were cached at first sight; the file is gone now, the cache is not. */
	p = scd_diag_fd_path(r, pid, fs.pfd[1]);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(strncmp(p, "pipe:[", 6), 0);
	files_close(&fs);
	ck_assert_str_eq(scd_diag_fd_path(r, pid, fs.fd), fs.path);
	ck_assert_ptr_null(scd_diag_fd_path(r, NOPID, 3));

	json = json_of(r);
	snprintf(want, sizeof(want), "{\"comm\":\"tester\",\"pid\":%d,\"fd\":%d,\"path\":\"%s\","
		 "\"syscall\":\"readv\",\"requested\":null,\"returned\":16,\"count\":2}",
		 (int)pid, fs.fd, fs.path);
	ck_assert_msg(strstr(json, want), "got %s", json);
	snprintf(want, sizeof(want), "{\"comm\":\"tester\",\"pid\":%d,\"fd\":%d,\"path\":\"%s\","
		 "\"syscall\":\"read\",\"requested\":16,\"returned\":16,\"count\":3}",
		 (int)pid, fs.fd, fs.path);
	ck_assert_msg(strstr(json, want), "got %s", json);
	free(json);
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);
	scd_diag_run_free(r);
}
END_TEST

START_TEST(test_rw_small)
{
	static const struct {
		const char *sc;
		uint64_t req, ret, calls;
		double small_bytes, secs;
		size_t want;
		const char *suggested;
	} cases[] = {
		{ "read", 512, 512, 1000, 512, 1.0, 1, "65536" },	/* at size and rate */
		{ "read", 513, 513, 1000, 512, 1.0, 0, NULL },		/* one byte more */
		{ "read", 512, 100, 999, 512, 1.0, 0, NULL },		/* 999/s */
		{ "read", 16, 16, 2000, 512, 2.0, 1, "65536" },
		{ "read", 512, 0, 1000, 512, 1.0, 0, NULL },		/* nothing moved */
		{ "write", 16, 16, 1000, 512, 1.0, 1, "65536" },
		{ "pwrite64", 8192, 8192, 1000, 8192, 1.0, 1, "131072" },	/* 16 times */
		{ "readv", 4, 512, 1000, 512, 1.0, 1, "65536" },	/* returned bytes */
		{ "writev", 4, 513, 1000, 512, 1.0, 0, NULL },
		{ "read", 16, 16, 99, 512, 0.01, 0, NULL },		/* below min-calls */
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct scd_diag_cfg cfg;
		struct scd_diag_run *r;
		const struct scd_finding *f = NULL;

		scd_diag_cfg_defaults(&cfg);
		cfg.small_bytes = cases[i].small_bytes;
		r = run_new("rw.buffers", &cfg);
		feed(r, cases[i].sc, NOPID, 5, cases[i].req, (int64_t)cases[i].ret, 5 * US,
		     cases[i].calls);
		scd_diag_run_finish(r, cases[i].secs);
		ck_assert_msg(nproblem(r, "small_buffers", &f) == cases[i].want, "case %zu", i);
		if (f) {
			ck_assert_int_eq(f->sev, SCD_SEV_WARNING);
			ck_assert_int_eq(f->pid, NOPID);
			ck_assert_str_eq(ev(f, "syscall"), cases[i].sc);
			ck_assert_str_eq(ev(f, "fd"), "5");
			ck_assert_str_eq(ev(f, "path"), "?");
			ck_assert_str_eq(ev(f, "suggested_bytes"), cases[i].suggested);
		}
		if (!strcmp(cases[i].sc, "readv"))
			ck_assert_str_eq(ev(f, "max_returned_bytes"), "512");
		if (i == 0) {
			ck_assert_str_eq(ev(f, "max_requested_bytes"), "512");
			ck_assert_str_eq(ev(f, "calls_per_s"), "1000");
			ck_assert_ptr_nonnull(strstr(f->advice, "65536"));
		}
		scd_diag_run_free(r);
	}
}
END_TEST

START_TEST(test_rw_short)
{
	struct files fs;
	size_t i;

	files_open(&fs);
	{
		const struct {
			int32_t pid;
			int fd;
			uint64_t nshort, nfull;
			size_t want;
			const char *type;
		} cases[] = {
			{ (int32_t)getpid(), fs.fd, 51, 49, 1, "regular" },	/* most */
			{ (int32_t)getpid(), fs.fd, 50, 50, 0, NULL },		/* half */
			{ (int32_t)getpid(), fs.pfd[0], 100, 0, 0, NULL },	/* a pipe */
			{ NOPID, 9, 100, 0, 1, "unknown" },
			{ NOPID, 9, 99, 0, 0, NULL },				/* min-calls */
		};

		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			struct scd_diag_run *r = run_new("rw.buffers", NULL);
			const struct scd_finding *f = NULL;

			feed(r, "pread64", cases[i].pid, (uint64_t)cases[i].fd, 64, 10, 5 * US,
			     cases[i].nshort);
			feed(r, "pread64", cases[i].pid, (uint64_t)cases[i].fd, 64, 64, 5 * US,
			     cases[i].nfull);
			scd_diag_run_finish(r, 10.0);
			ck_assert_msg(nproblem(r, "short_reads", &f) == cases[i].want, "case %zu",
				      i);
			ck_assert_msg(scd_diag_nfindings(r) == cases[i].want, "case %zu", i);
			if (f) {
				ck_assert_int_eq(f->sev, SCD_SEV_INFO);
				ck_assert_str_eq(ev(f, "fd_type"), cases[i].type);
			}
			if (i == 0) {
				ck_assert_str_eq(ev(f, "short_reads"), "51");
				ck_assert_str_eq(ev(f, "short_share"), "0.510");
				ck_assert_str_eq(ev(f, "path"), fs.path);
			}
			scd_diag_run_free(r);
		}
	}
	files_close(&fs);
}
END_TEST

START_TEST(test_rw_eagain)
{
	static const struct {
		uint64_t eagain, ok;
		size_t want;
	} cases[] = {
		{ 50, 50, 1 },		/* share exactly 0.5 */
		{ 49, 51, 0 },
		{ 99, 0, 0 },		/* below min-calls */
		{ 100, 0, 1 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct scd_diag_run *r = run_new("rw.buffers", NULL);
		const struct scd_finding *f = NULL;

		feed(r, "read", NOPID, 7, 1, -EAGAIN, 2 * US, cases[i].eagain);
		feed(r, "read", NOPID, 7, 4096, 4096, 2 * US, cases[i].ok);
		scd_diag_run_finish(r, 10.0);
		ck_assert_msg(nproblem(r, "eagain_loop", &f) == cases[i].want, "case %zu", i);
		ck_assert_msg(scd_diag_nfindings(r) == cases[i].want, "case %zu", i);
		if (i == 0) {
			ck_assert_int_eq(f->sev, SCD_SEV_WARNING);
			ck_assert_str_eq(ev(f, "calls"), "100");
			ck_assert_str_eq(ev(f, "eagain_share"), "0.500");
			ck_assert_str_eq(ev(f, "eagain_per_s"), "5");
			ck_assert_ptr_nonnull(strstr(f->advice, "epoll"));
		}
		scd_diag_run_free(r);
	}
}
END_TEST

START_TEST(test_rw_zero_reads)
{
	static const struct {
		const char *sc;
		uint64_t zeros;
		bool alternate;		/* a data read between zeros */
		size_t want;
	} cases[] = {
		{ "read", 101, false, 1 },	/* 100 repeats */
		{ "read", 100, false, 0 },	/* 99 repeats */
		{ "read", 200, true, 0 },	/* end of each of 200 files on a reused fd */
		{ "readv", 101, false, 1 },
		{ "write", 200, false, 0 },	/* reads only */
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct scd_diag_run *r = run_new("rw.buffers", NULL);
		const struct scd_finding *f = NULL;
		uint64_t k;

		for (k = 0; k < cases[i].zeros; k++) {
			feed(r, cases[i].sc, NOPID, 8, 4096, 0, 2 * US, 1);
			if (cases[i].alternate)
				feed(r, cases[i].sc, NOPID, 8, 4096, 4096, 2 * US, 1);
		}
		scd_diag_run_finish(r, 10.0);
		ck_assert_msg(nproblem(r, "zero_reads", &f) == cases[i].want, "case %zu", i);
		ck_assert_msg(scd_diag_nfindings(r) == cases[i].want, "case %zu", i);
		if (i == 0) {
			ck_assert_int_eq(f->sev, SCD_SEV_WARNING);
			ck_assert_str_eq(ev(f, "zero_reads"), "101");
			ck_assert_str_eq(ev(f, "repeated"), "100");
		}
		scd_diag_run_free(r);
	}
}
END_TEST

START_TEST(test_rw_slow)
{
	static const struct {
		uint64_t lat;
		uint64_t n;
		size_t want;
	} cases[] = {
		{ 100 * MS, 1, 1 },		/* exactly slow-ms */
		{ 100 * MS - 1, 50, 0 },
		{ 250 * MS, 3, 1 },
		{ 0, 5, 0 },			/* no enter: no latency */
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct scd_diag_run *r = run_new("rw.buffers", NULL);
		const struct scd_finding *f = NULL;

		feed(r, "read", NOPID, 6, 4096, 4096, cases[i].lat, cases[i].n);
		scd_diag_run_finish(r, 10.0);
		ck_assert_msg(nproblem(r, "slow_calls", &f) == cases[i].want, "case %zu", i);
		ck_assert_msg(scd_diag_nfindings(r) == cases[i].want, "case %zu", i);
		if (i == 0) {
			ck_assert_int_eq(f->sev, SCD_SEV_INFO);
			ck_assert_str_eq(ev(f, "slow_calls"), "1");
			ck_assert_str_eq(ev(f, "max_ms"), "100");
		}
		if (i == 2) {
			ck_assert_str_eq(ev(f, "slow_calls"), "3");
			ck_assert_str_eq(ev(f, "max_ms"), "250");
		}
		scd_diag_run_free(r);
	}
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_sleep_zero_calls, test_sleep_table, test_sleep_interrupted_threshold,
		test_sleep_tight_threshold, test_sleep_unpaired_and_thresholds,
		test_rw_zero_calls, test_rw_table, test_rw_small, test_rw_short, test_rw_eagain,
		test_rw_zero_reads, test_rw_slow,
	};

	return scd_run_suite(scd_suite("diag-sleep-rw", tests, ARRAY_SIZE(tests)));
}
