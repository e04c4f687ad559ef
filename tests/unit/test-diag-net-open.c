// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the net.sizes, net.nonblock and open.flags diagnoses on synthetic paired
 * calls: the exact rows of net_bytes, sock_flags and open_flags (and of the errors table),
 * and each finding exactly at its threshold and not below it. Edge cases: no calls at all,
 * exits without their enter, fcntl commands other than F_SETFL, accept (no flags) against
 * accept4, openat2 (flags behind a pointer), a reused fd number. This program has its own
 * registry of the three diagnoses, so it does not depend on diag-registry.c.
 */
#include "unit.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "an-argdist.h"
#include "diag.h"
#include "event.h"
#include "pair.h"
#include "report-diag.h"
#include "syscalls.h"
#include "task.h"

extern const struct scd_diag_ops scd_diag_net_sizes;
extern const struct scd_diag_ops scd_diag_net_nonblock;
extern const struct scd_diag_ops scd_diag_open_flags;

const struct scd_diag_ops *const scd_diags[] = {
	&scd_diag_net_sizes,
	&scd_diag_net_nonblock,
	&scd_diag_open_flags,
};

const size_t scd_ndiags = ARRAY_SIZE(scd_diags);

enum { D_SIZES, D_NONBLOCK, D_OPEN };

#define NOARG 0x4000	/* garbage with O_NONBLOCK's bit, where no flag may be read */

struct cs {
	const char *sc;
	int64_t ret;
	uint64_t a[4];
};

static struct scd_task task = { .tid = 4242, .tgid = 4242, .comm = "srv", .resolved = 1 };

/* Test thresholds: small numbers, so that a case is a few dozen calls. */
static void cfg_test(struct scd_diag_cfg *cfg)
{
	scd_diag_cfg_defaults(cfg);
	cfg->min_calls = 10;
	cfg->rate = 100;
	cfg->small_bytes = 512;
	cfg->eagain_share = 0.5;
	cfg->error_rate = 100;
}

static struct scd_diag_run *run_one(int which, const struct scd_diag_cfg *cfg)
{
	bool sel[ARRAY_SIZE(scd_diags)] = { false };

	sel[which] = true;
	return scd_diag_run_new(sel, cfg);
}

static int nr(const char *name)
{
	return scd_syscall_nr(name);
}

/* @n paired calls of @c; @enter false: exits whose enter was not seen. */
static void feed_as(struct scd_diag_run *r, const struct cs *c, unsigned int n, bool enter)
{
	struct scd_call call;
	unsigned int i;

	memset(&call, 0, sizeof(call));
	call.tid = task.tid;
	call.nr = nr(c->sc);
	ck_assert_msg(call.nr >= 0, "%s is not a syscall here", c->sc);
	call.has_enter = enter;
	call.nargs = 6;
	memcpy(call.args, c->a, sizeof(c->a));
	call.ret = c->ret;
	for (i = 0; i < n; i++) {
		call.ts_enter = 1000 * (uint64_t)i;
		call.ts_exit = call.ts_enter + 10;
		scd_diag_run_call(r, &call, &task);
	}
}

static void feed(struct scd_diag_run *r, const struct cs *c, unsigned int n)
{
	feed_as(r, c, n, true);
}

/* Rows of table @t (0: the diagnosis's, 1: errors). */
static size_t rows_of(struct scd_diag_run *r, size_t t, const struct scd_ad_row ***rows)
{
	struct scd_argdist *agg;
	size_t slot;

	scd_diag_table(r, t, &agg, &slot);
	return scd_argdist_rows(agg, slot, 0, rows);
}

/* Count of the row (@v[0..nv-1], comm "srv") of table @t, 0 if there is none. */
static uint64_t row_count(struct scd_diag_run *r, size_t t, const int64_t *v, size_t nv)
{
	const struct scd_ad_row **rows;
	size_t n = rows_of(r, t, &rows), i;
	uint64_t c = 0;

	for (i = 0; i < n; i++)
		if (!memcmp(rows[i]->v, v, nv * sizeof(*v)) && !strcmp(rows[i]->comm, "srv"))
			c = rows[i]->count;
	free(rows);
	return c;
}

static size_t nrows(struct scd_diag_run *r, size_t t)
{
	const struct scd_ad_row **rows;
	size_t n = rows_of(r, t, &rows);

	free(rows);
	return n;
}

static const char *ev(const struct scd_finding *f, const char *key)
{
	size_t i;

	for (i = 0; i < f->nev; i++)
		if (!strcmp(f->ev[i].key, key))
			return f->ev[i].val;
	return NULL;
}

/* The findings of kind @kind; the last one in *@last. */
static size_t nfind(struct scd_diag_run *r, const char *kind, const struct scd_finding **last)
{
	size_t i, n = 0;

	for (i = 0; i < scd_diag_nfindings(r); i++) {
		const struct scd_finding *f = scd_diag_finding_at(r, i);
		const char *k = ev(f, "kind");

		if (k && !strcmp(k, kind)) {
			n++;
			if (last)
				*last = f;
		}
	}
	return n;
}

/* ---- net.sizes ---- */

START_TEST(test_sizes_zero_calls)
{
	struct scd_diag_cfg cfg;
	struct scd_diag_run *r;
	const char **names;
	size_t n;

	cfg_test(&cfg);
	cfg.min_calls = 0;	/* even with no noise floor, nothing comes from nothing */
	cfg.rate = 0;
	cfg.eagain_share = 0;
	r = run_one(D_SIZES, &cfg);
	scd_diag_run_finish(r, 0);
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);
	ck_assert_uint_eq(scd_diag_ntables(r), 2);
	ck_assert_uint_eq(nrows(r, 0), 0);
	ck_assert_uint_eq(nrows(r, 1), 0);
	/* The eight syscalls are watched, recv and send whether or not this arch has them. */
	n = scd_diag_syscalls(r, &names);
	ck_assert_uint_eq(n, 8);
	ck_assert_str_eq(names[0], "recv");
	ck_assert_str_eq(names[7], "sendmmsg");
	free(names);
	scd_diag_run_free(r);
}
END_TEST

START_TEST(test_sizes_table)
{
	static const struct cs recvfrom_ok = { "recvfrom", 100, { 3, 0x1000, 4096, 0 } };
	static const struct cs sendto_ok = { "sendto", 64, { 3, 0x1000, 64, 0 } };
	static const struct cs recvmsg_ok = { "recvmsg", 10, { 3, 0x1000, 0, 0 } };
	static const struct cs sendmmsg_ok = { "sendmmsg", 2, { 3, 0x1000, 2, 0 } };
	static const struct cs recvfrom_eagain = { "recvfrom", -EAGAIN, { 3, 0x1000, 4096, 0 } };
	static const struct cs read_ok = { "read", 100, { 3, 0x1000, 4096, 0 } };
	static const struct cs huge = { "sendto", 7, { 3, 0x1000, UINT64_MAX, 0 } };
	struct scd_diag_cfg cfg;
	struct scd_diag_run *r;

	cfg_test(&cfg);
	r = run_one(D_SIZES, &cfg);
	feed(r, &recvfrom_ok, 3);
	feed_as(r, &recvfrom_ok, 2, false);	/* requested unknown without the enter */
	feed(r, &sendto_ok, 2);
	feed(r, &recvmsg_ok, 1);
	feed(r, &sendmmsg_ok, 5);
	feed(r, &recvfrom_eagain, 4);
	feed(r, &read_ok, 9);			/* not watched */
	feed(r, &huge, 1);
	if (nr("recv") >= 0) {
		static const struct cs recv_ok = { "recv", 5, { 3, 0x1000, 16, 0 } };

		feed(r, &recv_ok, 1);
		ck_assert_uint_eq(row_count(r, 0, (int64_t[]){ 4242, nr("recv"), 16, 5 }, 4), 1);
	}
	scd_diag_run_finish(r, 1);
	ck_assert_uint_eq(row_count(r, 0, (int64_t[]){ 4242, nr("recvfrom"), 4096, 100 }, 4), 3);
	ck_assert_uint_eq(row_count(r, 0, (int64_t[]){ 4242, nr("recvfrom"), INT64_MIN, 100 },
				    4), 2);
	ck_assert_uint_eq(row_count(r, 0, (int64_t[]){ 4242, nr("sendto"), 64, 64 }, 4), 2);
	ck_assert_uint_eq(row_count(r, 0, (int64_t[]){ 4242, nr("recvmsg"), INT64_MIN, 10 }, 4),
			  1);
	ck_assert_uint_eq(row_count(r, 0, (int64_t[]){ 4242, nr("sendmmsg"), INT64_MIN, 2 }, 4),
			  5);
	ck_assert_uint_eq(row_count(r, 0, (int64_t[]){ 4242, nr("sendto"), INT64_MAX, 7 }, 4), 1);
	ck_assert_uint_eq(nrows(r, 0), nr("recv") >= 0 ? 7 : 6);
	/* Failures only in the errors table. */
	ck_assert_uint_eq(row_count(r, 1, (int64_t[]){ 4242, nr("recvfrom"), EAGAIN }, 3), 4);
	ck_assert_uint_eq(nrows(r, 1), 1);
	/* 4 EAGAIN of 9 recvfrom calls, under min_calls anyway: no finding. */
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);
	scd_diag_run_free(r);
}
END_TEST

START_TEST(test_sizes_small_threshold)
{
	static const struct {
		const char *sc;
		unsigned int n;
		double secs;
		int64_t ret;
		size_t expect;
	} t[] = {
		{ "sendto", 100, 1.0, 512, 1 },		/* exactly at rate and size */
		{ "sendto", 99, 1.0, 512, 0 },		/* 99 per second */
		{ "sendto", 100, 1.01, 512, 0 },	/* 99.0 per second */
		{ "sendto", 100, 1.0, 513, 0 },		/* not small */
		{ "recvfrom", 10, 0.1, 0, 1 },		/* at min_calls, 100 per second */
		{ "recvfrom", 9, 0.09, 1, 0 },		/* 100 per second, under min_calls */
		{ "recvmsg", 1000, 1.0, 1, 1 },
		{ "sendmmsg", 1000, 1.0, 1, 0 },	/* returns messages, not bytes */
		{ "recvmmsg", 1000, 1.0, 1, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct cs c = { t[i].sc, t[i].ret, { 3, 0x1000, 4096, 0 } };
		const struct scd_finding *f = NULL;
		struct scd_diag_cfg cfg;
		struct scd_diag_run *r;

		cfg_test(&cfg);
		r = run_one(D_SIZES, &cfg);
		feed(r, &c, t[i].n);
		scd_diag_run_finish(r, t[i].secs);
		ck_assert_msg(nfind(r, "small_messages", &f) == t[i].expect, "case %zu", i);
		ck_assert_msg(nfind(r, "eagain", NULL) == 0, "case %zu", i);
		if (f) {
			ck_assert_str_eq(f->id, "net.sizes");
			ck_assert_int_eq(f->sev, SCD_SEV_WARNING);
			ck_assert_int_eq(f->pid, 4242);
			ck_assert_str_eq(f->comm, "srv");
			ck_assert_str_eq(ev(f, "syscall"), t[i].sc);
			ck_assert_uint_eq(strtoull(ev(f, "small_calls"), NULL, 10), t[i].n);
			ck_assert(strstr(f->advice, t[i].sc[0] == 'r' ? "recvmmsg" : "sendmmsg"));
		}
		scd_diag_run_free(r);
	}
}
END_TEST

START_TEST(test_sizes_eagain_threshold)
{
	static const struct {
		const char *sc;
		unsigned int ok, eagain, other;
		double rate;
		size_t expect;
		enum scd_sev sev;
	} t[] = {
		{ "recvfrom", 50, 50, 0, 100, 1, SCD_SEV_WARNING },	/* share 0.5, 100 calls */
		{ "recvfrom", 51, 49, 0, 100, 0, 0 },			/* share 0.49 */
		{ "recvfrom", 0, 99, 0, 100, 0, 0 },			/* under min_calls */
		{ "recvfrom", 0, 100, 0, 100, 1, SCD_SEV_CRITICAL },	/* 100 per second */
		{ "recvfrom", 0, 100, 0, 101, 1, SCD_SEV_WARNING },
		{ "sendto", 40, 60, 0, 100, 1, SCD_SEV_WARNING },
		{ "recvmsg", 0, 0, 100, 100, 0, 0 },			/* other errno */
		{ "recvmmsg", 50, 50, 0, 100, 1, SCD_SEV_WARNING },
		{ "recvmmsg", 49, 50, 0, 100, 0, 0 },			/* 99 calls */
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct cs ok = { t[i].sc, 1024, { 3, 0x1000, 4096, 0 } };
		struct cs eagain = { t[i].sc, -EAGAIN, { 3, 0x1000, 4096, 0 } };
		struct cs other = { t[i].sc, -ECONNREFUSED, { 3, 0x1000, 4096, 0 } };
		const struct scd_finding *f = NULL;
		struct scd_diag_cfg cfg;
		struct scd_diag_run *r;

		cfg_test(&cfg);
		cfg.min_calls = 100;
		cfg.rate = t[i].rate;
		r = run_one(D_SIZES, &cfg);
		feed(r, &ok, t[i].ok);
		feed(r, &eagain, t[i].eagain);
		feed(r, &other, t[i].other);
		scd_diag_run_finish(r, 1.0);
		ck_assert_msg(nfind(r, "eagain", &f) == t[i].expect, "case %zu", i);
		if (f) {
			ck_assert_int_eq(f->sev, t[i].sev);
			ck_assert_str_eq(ev(f, "syscall"), t[i].sc);
			ck_assert_uint_eq(strtoull(ev(f, "eagain"), NULL, 10), t[i].eagain);
			ck_assert_uint_eq(strtoull(ev(f, "calls"), NULL, 10),
					  t[i].ok + t[i].eagain + t[i].other);
		}
		scd_diag_run_free(r);
	}
}
END_TEST

/* ---- net.nonblock ---- */

START_TEST(test_nonblock_table)
{
	static const struct cs calls[] = {
		{ "socket", 3, { AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0, NOARG } },
		{ "socket", 4, { AF_INET, SOCK_STREAM, 0, NOARG } },
		/* the seed's mistake: a family with 04000 set says nothing about blocking */
		{ "socket", 4, { AF_INET | 04000, SOCK_DGRAM, 0, 0 } },
		{ "socketpair", 0, { AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, 0x7ff0 } },
		{ "accept", 5, { 3, 0, 0, NOARG } },	/* no flags: args[3] is garbage */
		{ "accept4", 6, { 3, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC } },
		{ "accept4", 7, { 3, 0, 0, SOCK_CLOEXEC } },
		{ "fcntl", 0, { 5, F_SETFL, O_RDWR | O_NONBLOCK, 0 } },
		{ "fcntl", 0, { 5, F_SETFL, O_RDWR, 0 } },
	};
	static const struct cs ignored[] = {
		{ "fcntl", O_RDWR | O_NONBLOCK, { 5, F_GETFL, NOARG, 0 } },
		{ "fcntl", 0, { 5, F_SETFD, FD_CLOEXEC | NOARG, 0 } },
		{ "fcntl", 4, { 5, F_DUPFD, NOARG, 0 } },
	};
	static const struct cs failed[] = {
		{ "fcntl", -EBADF, { 99, F_SETFL, O_NONBLOCK, 0 } },
		{ "socket", -EMFILE, { AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0, 0 } },
		{ "accept4", -EAGAIN, { 3, 0, 0, SOCK_NONBLOCK } },
	};
	static const struct {
		const char *sc;
		int nb;
		uint64_t count;
	} rows[] = {
		{ "socket", 1, 1 }, { "socket", 0, 2 }, { "socketpair", 1, 1 }, { "accept", 0, 1 },
		{ "accept4", 1, 1 }, { "accept4", 0, 1 }, { "fcntl", 1, 1 }, { "fcntl", 0, 1 },
	};
	struct scd_diag_cfg cfg;
	struct scd_diag_run *r;
	size_t i;

	cfg_test(&cfg);
	r = run_one(D_NONBLOCK, &cfg);
	for (i = 0; i < ARRAY_SIZE(calls); i++)
		feed(r, &calls[i], 1);
	for (i = 0; i < ARRAY_SIZE(ignored); i++)
		feed(r, &ignored[i], 3);
	for (i = 0; i < ARRAY_SIZE(failed); i++)
		feed(r, &failed[i], 2);
	feed_as(r, &calls[0], 5, false);	/* no flags without the enter */
	scd_diag_run_finish(r, 1.0);
	for (i = 0; i < ARRAY_SIZE(rows); i++)
		ck_assert_msg(row_count(r, 0, (int64_t[]){ 4242, nr(rows[i].sc), rows[i].nb }, 3) ==
			      rows[i].count, "row %zu", i);
	ck_assert_uint_eq(nrows(r, 0), ARRAY_SIZE(rows));
	ck_assert_uint_eq(row_count(r, 1, (int64_t[]){ 4242, nr("fcntl"), EBADF }, 3), 2);
	ck_assert_uint_eq(row_count(r, 1, (int64_t[]){ 4242, nr("socket"), EMFILE }, 3), 2);
	ck_assert_uint_eq(row_count(r, 1, (int64_t[]){ 4242, nr("accept4"), EAGAIN }, 3), 2);
	ck_assert_uint_eq(nrows(r, 1), 3);
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);
	scd_diag_run_free(r);
}
END_TEST

/* A socket created by @sc (blocking unless @nb), returning fd 7, then F_SETFL O_NONBLOCK. */
static void create_then_fcntl(struct scd_diag_run *r, const char *sc, bool nb, unsigned int n)
{
	struct cs c = { sc, 7, { AF_INET, SOCK_STREAM | (nb ? SOCK_NONBLOCK : 0), 0, 0 } };
	static const struct cs setfl = { "fcntl", 0, { 7, F_SETFL, O_RDWR | O_NONBLOCK, 0 } };
	static const struct cs getfl = { "fcntl", O_RDWR, { 7, F_GETFL, 0, 0 } };
	unsigned int i;

	if (!strcmp(sc, "accept4")) {
		c.a[1] = 0;
		c.a[3] = nb ? SOCK_NONBLOCK : 0;
	} else if (!strcmp(sc, "accept")) {
		c.a[1] = 0;
		c.a[3] = NOARG;
	}
	for (i = 0; i < n; i++) {
		feed(r, &c, 1);
		feed(r, &getfl, 1);
		feed(r, &setfl, 1);
	}
}

START_TEST(test_nonblock_extra_fcntl)
{
	static const struct {
		const char *sc;
		bool nb;
		unsigned int n;
		size_t expect;
	} t[] = {
		{ "socket", false, 10, 1 },	/* at min_calls */
		{ "socket", false, 9, 0 },
		{ "accept", false, 10, 1 },	/* accept's sockets are always blocking */
		{ "accept4", false, 10, 1 },
		{ "accept4", true, 50, 0 },	/* already non-blocking: fcntl is redundant, not extra */
		{ "socket", true, 50, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		const struct scd_finding *f = NULL;
		struct scd_diag_cfg cfg;
		struct scd_diag_run *r;

		cfg_test(&cfg);
		r = run_one(D_NONBLOCK, &cfg);
		create_then_fcntl(r, t[i].sc, t[i].nb, t[i].n);
		scd_diag_run_finish(r, 1.0);
		ck_assert_msg(nfind(r, "extra_fcntl", &f) == t[i].expect, "case %zu", i);
		ck_assert_msg(nfind(r, "mixed", NULL) == 0, "case %zu", i);
		if (f) {
			ck_assert_str_eq(f->id, "net.nonblock");
			ck_assert_int_eq(f->sev, SCD_SEV_INFO);
			ck_assert_uint_eq(strtoull(ev(f, "fcntl_after_create"), NULL, 10), t[i].n);
			ck_assert(strstr(f->advice, "SOCK_NONBLOCK"));
		}
		ck_assert_uint_eq(row_count(r, 0, (int64_t[]){ 4242, nr("fcntl"), 1 }, 3), t[i].n);
		scd_diag_run_free(r);
	}
}
END_TEST

START_TEST(test_nonblock_extra_fcntl_fds)
{
	static const struct cs sock_b = { "socket", 7, { AF_INET, SOCK_STREAM, 0, 0 } };
	static const struct cs sock_nb = { "socket", 7, { AF_INET, SOCK_STREAM | SOCK_NONBLOCK,
							  0, 0 } };
	static const struct cs pair_b = { "socketpair", 0, { AF_UNIX, SOCK_STREAM, 0, 0 } };
	static const struct cs setfl7 = { "fcntl", 0, { 7, F_SETFL, O_NONBLOCK, 0 } };
	static const struct cs setfl9 = { "fcntl", 0, { 9, F_SETFL, O_NONBLOCK, 0 } };
	const struct scd_finding *f = NULL;
	struct scd_diag_cfg cfg;
	struct scd_diag_run *r;
	unsigned int i;

	cfg_test(&cfg);
	cfg.rate = 15;
	r = run_one(D_NONBLOCK, &cfg);
	for (i = 0; i < 20; i++) {
		feed(r, &setfl9, 1);	/* fd 9 was never a socket we saw made */
		feed(r, &pair_b, 1);	/* socketpair's fds are not known */
		feed(r, &setfl9, 1);
	}
	for (i = 0; i < 20; i++) {
		feed(r, &sock_b, 1);	/* fd 7 closed untraced, reused non-blocking */
		feed(r, &sock_nb, 1);
		feed(r, &setfl7, 1);
	}
	for (i = 0; i < 15; i++) {
		feed(r, &sock_b, 1);
		feed(r, &setfl7, 1);
		feed(r, &setfl7, 1);	/* the second fcntl of the same socket is not "after create" */
	}
	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(nfind(r, "extra_fcntl", &f), 1);
	ck_assert_str_eq(ev(f, "fcntl_after_create"), "15");
	ck_assert_str_eq(ev(f, "fcntl_nonblock"), "90");
	ck_assert_str_eq(ev(f, "sockets_blocking"), "75");
	ck_assert_int_eq(f->sev, SCD_SEV_WARNING);	/* 15 per second, at --rate */
	scd_diag_run_free(r);
}
END_TEST

START_TEST(test_nonblock_mixed)
{
	static const struct {
		unsigned int nb, blocking, pairs;
		size_t expect;
	} t[] = {
		{ 9, 1, 0, 1 },		/* 10 sockets: at min_calls */
		{ 8, 1, 0, 0 },
		{ 10, 0, 0, 0 },	/* all non-blocking */
		{ 0, 10, 0, 0 },	/* all blocking */
		{ 8, 0, 1, 1 },		/* a socketpair makes two blocking sockets */
		{ 7, 0, 1, 0 },
	};
	static const struct cs sock_nb = { "socket", 3, { AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0,
							  0 } };
	static const struct cs sock_b = { "socket", 4, { AF_INET, SOCK_DGRAM, 0, 0 } };
	static const struct cs pair_b = { "socketpair", 0, { AF_UNIX, SOCK_STREAM, 0, 0 } };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		const struct scd_finding *f = NULL;
		struct scd_diag_cfg cfg;
		struct scd_diag_run *r;

		cfg_test(&cfg);
		r = run_one(D_NONBLOCK, &cfg);
		feed(r, &sock_nb, t[i].nb);
		feed(r, &sock_b, t[i].blocking);
		feed(r, &pair_b, t[i].pairs);
		scd_diag_run_finish(r, 1.0);
		ck_assert_msg(nfind(r, "mixed", &f) == t[i].expect, "case %zu", i);
		ck_assert_uint_eq(nfind(r, "extra_fcntl", NULL), 0);
		if (f) {
			ck_assert_int_eq(f->sev, SCD_SEV_INFO);
			ck_assert_uint_eq(strtoull(ev(f, "blocking_left"), NULL, 10),
					  t[i].blocking + 2 * t[i].pairs);
		}
		scd_diag_run_free(r);
	}
}
END_TEST

/* ---- open.flags ---- */

static bool have_open(void)
{
	return nr("open") >= 0;
}

START_TEST(test_open_zero_calls)
{
	struct scd_diag_cfg cfg;
	struct scd_diag_run *r;

	cfg_test(&cfg);
	cfg.min_calls = 0;
	cfg.error_rate = 0;
	r = run_one(D_OPEN, &cfg);
	scd_diag_run_finish(r, 0);
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);
	ck_assert_uint_eq(nrows(r, 0), 0);
	scd_diag_run_free(r);
}
END_TEST

START_TEST(test_open_table)
{
	int devnull = open("/dev/null", O_RDONLY);
	struct cs nb_ok = { "openat", devnull, { (uint64_t)AT_FDCWD, 0x1000, O_RDONLY | O_NONBLOCK,
						 0 } };
	static const struct cs enoent = { "openat", -ENOENT, { (uint64_t)AT_FDCWD, 0x1000,
							       O_RDONLY | O_CLOEXEC, 0 } };
	/* openat2's third argument is a struct open_how pointer: its bits are no flags. */
	static const struct cs at2 = { "openat2", -ENOENT, { (uint64_t)AT_FDCWD, 0x1000, 0x7800,
							     24 } };
	struct scd_diag_cfg cfg;
	struct scd_diag_run *r;

	ck_assert_int_ge(devnull, 0);
	task.tid = task.tgid = getpid();
	cfg_test(&cfg);
	r = run_one(D_OPEN, &cfg);
	feed(r, &nb_ok, 2);
	feed(r, &enoent, 3);
	feed_as(r, &enoent, 4, false);	/* no flags: errors table only */
	feed(r, &at2, 1);
	if (have_open()) {
		struct cs o = { "open", -EACCES, { 0x1000, O_WRONLY | O_NONBLOCK, 0, 0 } };

		feed(r, &o, 1);
		ck_assert_uint_eq(row_count(r, 0, (int64_t[]){ getpid(), nr("open"), 1, EACCES },
					    4), 1);
	}
	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(row_count(r, 0, (int64_t[]){ getpid(), nr("openat"), 1, 0 }, 4), 2);
	ck_assert_uint_eq(row_count(r, 0, (int64_t[]){ getpid(), nr("openat"), 0, ENOENT }, 4), 3);
	ck_assert_uint_eq(row_count(r, 0, (int64_t[]){ getpid(), nr("openat2"), 0, ENOENT }, 4), 1);
	ck_assert_uint_eq(nrows(r, 0), have_open() ? 4 : 3);
	ck_assert_uint_eq(row_count(r, 1, (int64_t[]){ getpid(), nr("openat"), ENOENT }, 3), 7);
	ck_assert_uint_eq(scd_diag_nfindings(r), 0);	/* /dev/null is no regular file */
	scd_diag_run_free(r);
	close(devnull);
	task.tid = task.tgid = 4242;
}
END_TEST

START_TEST(test_open_storm_threshold)
{
	static const struct {
		unsigned int openat, other, eacces;
		double secs;
		size_t expect;
	} t[] = {
		{ 100, 0, 0, 1.0, 1 },		/* 100 per second */
		{ 99, 0, 0, 1.0, 0 },
		{ 60, 40, 0, 1.0, 1 },		/* openat and open(at2) together */
		{ 10, 0, 0, 0.1, 1 },		/* at min_calls */
		{ 9, 0, 0, 0.09, 0 },		/* the rate, but under min_calls */
		{ 100, 0, 100, 1.0, 2 },	/* one storm per errno */
		{ 100, 0, 99, 1.0, 1 },
	};
	static const struct cs enoent = { "openat", -ENOENT, { (uint64_t)AT_FDCWD, 0x1000, 0,
							       0 } };
	static const struct cs ok = { "openat", 3, { (uint64_t)AT_FDCWD, 0x1000, 0, 0 } };
	struct cs other = { have_open() ? "open" : "openat2", -ENOENT, { 0x1000, 0, 0, 0 } };
	struct cs eacces = { "openat", -EACCES, { (uint64_t)AT_FDCWD, 0x1000, O_NONBLOCK, 0 } };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		const struct scd_finding *f = NULL;
		struct scd_diag_cfg cfg;
		struct scd_diag_run *r;
		size_t k;

		cfg_test(&cfg);
		r = run_one(D_OPEN, &cfg);
		feed(r, &ok, 100);
		feed(r, &enoent, t[i].openat);
		feed(r, &other, t[i].other);
		feed(r, &eacces, t[i].eacces);
		scd_diag_run_finish(r, t[i].secs);
		ck_assert_msg(nfind(r, "error_storm", NULL) == t[i].expect, "case %zu", i);
		for (k = 0; k < scd_diag_nfindings(r); k++) {
			f = scd_diag_finding_at(r, k);
			ck_assert_str_eq(f->id, "open.flags");
			ck_assert_int_eq(f->sev, SCD_SEV_WARNING);
			ck_assert_str_eq(ev(f, "path"), "unknown");
			ck_assert_uint_eq(strtoull(ev(f, "opens"), NULL, 10),
					  100 + t[i].openat + t[i].other + t[i].eacces);
		}
		if (t[i].expect == 1) {
			ck_assert_str_eq(ev(f, "errno"), "ENOENT");
			ck_assert_uint_eq(strtoull(ev(f, "failures"), NULL, 10),
					  t[i].openat + t[i].other);
			ck_assert(strstr(f->summary, "ENOENT"));
			ck_assert(strstr(f->advice, "strace"));
		}
		scd_diag_run_free(r);
	}
}
END_TEST

/*
 * The paths of a storm are read from the process's memory (here: ours) when the call is
 * processed, the first 64 failures of a (process, errno) and then one in 256; the most
 * frequent names the finding, the next three are listed, the rest counted.
 */
START_TEST(test_open_storm_paths)
{
	static const char *const names[] = { "/no/such/a.conf", "/no/such/b.conf",
					     "/no/such/c.conf", "/no/such/d.conf",
					     "/no/such/e.conf" };
	struct cs c = { "openat", -ENOENT, { (uint64_t)AT_FDCWD, 0, 0, 0 } };
	const struct scd_finding *f = NULL;
	struct scd_diag_cfg cfg;
	struct scd_diag_run *r;
	size_t i;

	task.tid = task.tgid = getpid();
	cfg_test(&cfg);
	r = run_one(D_OPEN, &cfg);
	c.a[1] = (uintptr_t)names[0];
	feed(r, &c, 50);
	c.a[1] = (uintptr_t)names[1];
	feed(r, &c, 10);
	c.a[1] = (uintptr_t)names[0];
	feed(r, &c, 1000);	/* read at failures 61-64, 256, 512, 768 and 1024 */
	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(nfind(r, "error_storm", &f), 1);
	ck_assert_str_eq(ev(f, "path"), "/no/such/a.conf");
	ck_assert_str_eq(ev(f, "paths_read"), "68");
	ck_assert_str_eq(ev(f, "path_share"), "0.853");	/* 58 of 68 */
	ck_assert_str_eq(ev(f, "paths_unreadable"), "0");
	ck_assert_str_eq(ev(f, "other_paths"), "/no/such/b.conf (10)");
	ck_assert_ptr_null(ev(f, "more_paths"));
	ck_assert(strstr(f->summary, "most often /no/such/a.conf"));
	ck_assert(!strstr(f->advice, "strace"));
	scd_diag_run_free(r);

	/* Five paths: four kept, the fifth counted; an unreadable pointer is counted apart. */
	r = run_one(D_OPEN, &cfg);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		c.a[1] = (uintptr_t)names[i];
		feed(r, &c, 10);
	}
	c.a[1] = 0x10;	/* the first page is never mapped */
	feed(r, &c, 3);
	scd_diag_run_finish(r, 0.1);	/* 530 failures per second */
	ck_assert_uint_eq(nfind(r, "error_storm", &f), 1);
	ck_assert_str_eq(ev(f, "path"), "/no/such/a.conf");	/* the first of equals */
	ck_assert_str_eq(ev(f, "paths_read"), "50");
	ck_assert_str_eq(ev(f, "paths_unreadable"), "3");
	ck_assert_str_eq(ev(f, "other_paths"),
			 "/no/such/b.conf (10), /no/such/c.conf (10), /no/such/d.conf (10)");
	ck_assert_str_eq(ev(f, "more_paths"), "10");
	scd_diag_run_free(r);

	/* Nothing readable: said so, and strace suggested. */
	r = run_one(D_OPEN, &cfg);
	feed(r, &c, 100);
	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(nfind(r, "error_storm", &f), 1);
	ck_assert_str_eq(ev(f, "path"), "unknown");
	ck_assert_str_eq(ev(f, "paths_unreadable"), "64");
	ck_assert(strstr(f->summary, "could not be read"));
	ck_assert(strstr(f->advice, "strace"));
	scd_diag_run_free(r);
	task.tid = task.tgid = 4242;
}
END_TEST

/*
 * A regular file in the test's directory, open; its path in @path. The name is long (220
 * bytes) so that a path cut anywhere on its way to the evidence fails the comparison.
 */
static int regular_file(char *path, size_t len)
{
	char name[221];
	int fd;

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	memcpy(name, "scdiag-test-open-", 17);
	memcpy(name + sizeof(name) - 8, ".XXXXXX", 7);
	snprintf(path, len, "%s/%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	return fd;
}

START_TEST(test_open_nonblock_regular)
{
	static const struct {
		int flags;
		const char *sc;
		bool regular;
		unsigned int n;
		size_t expect;
	} t[] = {
		{ O_RDONLY | O_NONBLOCK, "openat", true, 10, 1 },	/* at min_calls */
		{ O_RDONLY | O_NONBLOCK, "openat", true, 9, 0 },
		{ O_RDONLY, "openat", true, 50, 0 },			/* no O_NONBLOCK */
		{ O_RDONLY | O_NONBLOCK, "openat", false, 50, 0 },	/* /dev/null: it matters */
		{ O_RDONLY | O_NONBLOCK, "openat2", true, 50, 0 },	/* flags not visible */
		{ O_WRONLY | O_NONBLOCK, "open", true, 10, 1 },
	};
	char path[PATH_MAX];
	int reg = regular_file(path, sizeof(path)), dev = open("/dev/null", O_RDONLY);
	size_t i;

	ck_assert_int_ge(dev, 0);
	task.tid = task.tgid = getpid();
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct cs c = { t[i].sc, t[i].regular ? reg : dev, { (uint64_t)AT_FDCWD, 0x1000,
								     (uint64_t)t[i].flags, 0 } };
		const struct scd_finding *f = NULL;
		struct scd_diag_cfg cfg;
		struct scd_diag_run *r;

		if (!strcmp(t[i].sc, "open")) {
			if (!have_open())
				continue;
			c.a[0] = 0x1000;
			c.a[1] = (uint64_t)t[i].flags;
			c.a[2] = 0;
		}
		cfg_test(&cfg);
		r = run_one(D_OPEN, &cfg);
		feed(r, &c, t[i].n);
		scd_diag_run_finish(r, 1.0);
		ck_assert_msg(nfind(r, "nonblock_regular", &f) == t[i].expect, "case %zu", i);
		ck_assert_uint_eq(nfind(r, "error_storm", NULL), 0);
		if (f) {
			ck_assert_int_eq(f->sev, SCD_SEV_INFO);
			ck_assert_int_eq(f->pid, getpid());
			ck_assert_str_eq(ev(f, "example"), path);
			ck_assert_uint_eq(strtoull(ev(f, "regular_files"), NULL, 10), t[i].n);
			ck_assert(strlen(path) > 220);
			ck_assert(strstr(f->summary, "regular files with O_NONBLOCK"));
		}
		scd_diag_run_free(r);
	}
	close(dev);
	close(reg);
	unlink(path);
	task.tid = task.tgid = 4242;
}
END_TEST

/* A path cached for a reused fd number is not taken for the new file's. */
START_TEST(test_open_example_reused_fd)
{
	struct scd_diag_cfg cfg;
	struct scd_diag_run *r;
	const struct scd_finding *f = NULL;
	char path[PATH_MAX];
	int fd = open("/dev/null", O_RDONLY), reg, gone;
	struct cs c = { "openat", fd, { (uint64_t)AT_FDCWD, 0x1000, O_RDONLY | O_NONBLOCK, 0 } };

	ck_assert_int_ge(fd, 0);
	task.tid = task.tgid = getpid();
	cfg_test(&cfg);
	r = run_one(D_OPEN, &cfg);
	feed(r, &c, 1);
	ck_assert_str_eq(scd_diag_fd_path(r, getpid(), fd), "/dev/null");	/* now cached */
	close(fd);
	reg = regular_file(path, sizeof(path));
	ck_assert_int_eq(reg, fd);	/* the lowest free number: the same one */
	feed(r, &c, 10);
	/* An fd closed before its exit was read cannot be looked at: not counted. */
	gone = dup(reg);
	close(gone);
	c.ret = gone;
	feed(r, &c, 5);
	scd_diag_run_finish(r, 1.0);
	ck_assert_uint_eq(nfind(r, "nonblock_regular", &f), 1);
	ck_assert_str_eq(ev(f, "example"), path);
	ck_assert_str_eq(ev(f, "opens_nonblock"), "16");
	ck_assert_str_eq(ev(f, "regular_files"), "10");
	ck_assert_uint_eq(row_count(r, 0, (int64_t[]){ getpid(), nr("openat"), 1, 0 }, 4), 16);
	scd_diag_run_free(r);
	close(reg);
	unlink(path);
	task.tid = task.tgid = 4242;
}
END_TEST

/* The JSON names of the issue: requested null where unknown, booleans, "ok" or the errno. */
START_TEST(test_json_report)
{
	static const struct cs rmsg = { "recvmsg", 10, { 3, 0x1000, 0, 0 } };
	static const struct cs sto = { "sendto", 64, { 3, 0x1000, 100, 0 } };
	static const struct cs sock = { "socket", 3, { AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0,
						       0 } };
	static const struct cs enoent = { "openat", -ENOENT, { (uint64_t)AT_FDCWD, 0x1000, 0,
							       0 } };
	bool sel[ARRAY_SIZE(scd_diags)] = { true, true, true };
	struct scd_diag_cfg cfg;
	struct scd_diag_run *r;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	cfg_test(&cfg);
	r = scd_diag_run_new(sel, &cfg);
	feed(r, &rmsg, 1);
	feed(r, &sto, 2);
	feed(r, &sock, 1);
	feed(r, &enoent, 3);
	scd_diag_run_finish(r, 1.0);
	scd_report_diag_json(f, r, NULL, 1.0, 0);
	fclose(f);
	ck_assert_msg(strstr(buf, "\"net_bytes\":[{\"comm\":\"srv\",\"pid\":4242,"
			     "\"syscall\":\"sendto\",\"requested\":100,\"returned\":64,"
			     "\"count\":2},{\"comm\":\"srv\",\"pid\":4242,\"syscall\":\"recvmsg\","
			     "\"requested\":null,\"returned\":10,\"count\":1}]"), "%s", buf);
	ck_assert_msg(strstr(buf, "\"sock_flags\":[{\"comm\":\"srv\",\"pid\":4242,"
			     "\"syscall\":\"socket\",\"nonblock\":true,\"count\":1}]"), "%s", buf);
	ck_assert_msg(strstr(buf, "\"open_flags\":[{\"comm\":\"srv\",\"pid\":4242,"
			     "\"syscall\":\"openat\",\"nonblock\":false,\"result\":\"ENOENT\","
			     "\"count\":3}]"), "%s", buf);
	ck_assert_msg(strstr(buf, "\"errors\":[{\"comm\":\"srv\",\"pid\":4242,"
			     "\"syscall\":\"openat\",\"errno\":\"ENOENT\",\"count\":3}]"), "%s", buf);
	free(buf);
	scd_diag_run_free(r);
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_sizes_zero_calls,
		test_sizes_table,
		test_sizes_small_threshold,
		test_sizes_eagain_threshold,
		test_nonblock_table,
		test_nonblock_extra_fcntl,
		test_nonblock_extra_fcntl_fds,
		test_nonblock_mixed,
		test_open_zero_calls,
		test_open_table,
		test_open_storm_threshold, test_open_storm_paths,
		test_open_nonblock_regular,
		test_open_example_reused_fd,
		test_json_report,
	};

	return scd_run_suite(scd_suite("diag-net-open", tests, ARRAY_SIZE(tests)));
}
