// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the ring-buffer page parser and the decoder, on layouts built from real
 * format files of this kernel (tests/fixtures/) and synthetic sub-buffers written the way the
 * kernel writes them: small and long records, time extends, discarded (padding) records,
 * end-of-page padding, the missed-events flag with and without a stored count, and a
 * malformed length.
 */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "stream.h"
#include "tfs-format.h"
#include "tfs-page.h"

static const struct scd_page_fmt fmt64 = { .commit_size = 8, .data_off = 16, .data_size = 4080 };

static char *slurp(const char *name)
{
	char path[1024];
	FILE *f;
	char *buf = calloc(1, 65536);
	size_t n;

	snprintf(path, sizeof(path), "%s/tests/fixtures/%s", SRCDIR, name);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "missing fixture %s", path);
	n = fread(buf, 1, 65535, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static int add_layout(struct scd_tfs_formats *f, struct scd_decoder *d, const char *sys,
		      const char *file, int kind)
{
	char *text = slurp(file);
	int id = scd_tfs_layout_from_text(f, d, sys, text, kind);

	free(text);
	ck_assert_int_gt(id, 0);
	return id;
}

struct pagebuf {
	uint8_t b[4096];
	size_t len;		/* bytes of records written */
};

static void put32(struct pagebuf *p, uint32_t v)
{
	memcpy(p->b + 16 + p->len, &v, 4);
	p->len += 4;
}

static void put_bytes(struct pagebuf *p, const void *d, size_t n)
{
	memcpy(p->b + 16 + p->len, d, n);
	p->len += n;
}

/* A data record of @n bytes (multiple of 4) with the small or the long header. */
static void put_record(struct pagebuf *p, uint32_t delta, const void *d, size_t n, bool longhdr)
{
	if (!longhdr && n <= 28 * 4) {
		put32(p, (uint32_t)(n / 4) | delta << 5);
	} else {
		put32(p, 0 | delta << 5);
		put32(p, (uint32_t)n + 4);
	}
	put_bytes(p, d, n);
}

static void finish(struct pagebuf *p, uint64_t ts, uint64_t flags)
{
	uint64_t commit = p->len | flags;

	memcpy(p->b, &ts, 8);
	memcpy(p->b + 8, &commit, 8);
}

static void exit_rec(uint8_t *r, uint16_t id, int32_t pid, int32_t nr, int64_t ret)
{
	memset(r, 0, 24);
	memcpy(r, &id, 2);
	memcpy(r + 4, &pid, 4);
	memcpy(r + 8, &nr, 4);
	memcpy(r + 16, &ret, 8);
}

START_TEST(test_per_syscall_records)
{
	struct scd_tfs_formats *f = scd_tfs_formats_new();
	struct scd_decoder *d = scd_decoder_new();
	struct scd_stream *s = scd_stream_new(2);
	int enter = add_layout(f, d, "syscalls", "sys_enter_read.format", SCD_EV_SYS_ENTER);
	int xit = add_layout(f, d, "syscalls", "sys_exit_read.format", SCD_EV_SYS_EXIT);
	struct pagebuf *p = calloc(1, sizeof(*p));
	struct scd_page_info info;
	uint8_t rec[40];
	uint64_t v;
	const struct scd_event *e;

	/* enter: fd 3, buf 0x1000, count 4096 */
	memset(rec, 0, sizeof(rec));
	memcpy(rec, &(uint16_t){ (uint16_t)enter }, 2);
	memcpy(rec + 4, &(int32_t){ 77 }, 4);
	memcpy(rec + 8, &(int32_t){ 0 }, 4);
	v = 3;
	memcpy(rec + 16, &v, 8);
	v = 0x1000;
	memcpy(rec + 24, &v, 8);
	v = 4096;
	memcpy(rec + 32, &v, 8);
	put_record(p, 5, rec, 40, false);
	/* a time extend of 1 << 27 + 3 ns, then the exit with -11 (EAGAIN), long header */
	put32(p, 30 | 3u << 5);
	put32(p, 1);
	exit_rec(rec, (uint16_t)xit, 77, 0, -11);
	put_record(p, 10, rec, 24, true);
	/* a discarded record (padding with a delta), then an unknown event id */
	put32(p, 29 | 7u << 5);
	put32(p, 24);	/* the length counts itself: 4 + 20 bytes */
	put_bytes(p, "0123456789abcdefghij", 20);
	exit_rec(rec, 9999, 77, 0, 0);
	put_record(p, 1, rec, 24, false);
	finish(p, 1000000, 0);

	ck_assert_int_eq(scd_tfs_page_parse(p->b, 4096, &fmt64, d, 1, s, &info), 0);
	ck_assert_uint_eq(info.events, 2);
	ck_assert_int_eq(info.missed, 0);
	ck_assert_uint_eq(info.data_len, p->len);
	ck_assert_uint_eq(scd_stream_queued(s, 1), 2);
	e = &s->q[1].ev[0];
	ck_assert_int_eq(e->kind, SCD_EV_SYS_ENTER);
	ck_assert_uint_eq(e->ts, 1000005);
	ck_assert_int_eq(e->tid, 77);
	ck_assert_int_eq(e->nr, 0);
	ck_assert_uint_eq(e->nargs, 3);
	ck_assert_uint_eq(e->args[0], 3);
	ck_assert_uint_eq(e->args[1], 0x1000);
	ck_assert_uint_eq(e->args[2], 4096);
	e = &s->q[1].ev[1];
	ck_assert_int_eq(e->kind, SCD_EV_SYS_EXIT);
	ck_assert_uint_eq(e->ts, 1000005 + ((1ull << 27) | 3) + 10);
	ck_assert_int_eq(e->ret, -11);
	ck_assert_uint_eq(d->skipped, 1);
	ck_assert_uint_eq(info.last_ts, e->ts + 7 + 1);

	scd_stream_free(s);
	scd_decoder_free(d);
	scd_tfs_formats_free(f);
	free(p);
}
END_TEST

START_TEST(test_raw_syscalls_and_task_exit)
{
	struct scd_tfs_formats *f = scd_tfs_formats_new();
	struct scd_decoder *d = scd_decoder_new();
	struct scd_stream *s = scd_stream_new(1);
	int enter = add_layout(f, d, "raw_syscalls", "raw_sys_enter.format", SCD_EV_SYS_ENTER);
	int xit = add_layout(f, d, "sched", "sched_process_exit.format", SCD_EV_TASK_EXIT);
	struct pagebuf *p = calloc(1, sizeof(*p));
	struct scd_page_info info;
	uint8_t rec[64];
	uint64_t args[6] = { 1, 2, 3, 4, 5, 6 };
	int64_t id = 110;
	const struct scd_event *e;

	memset(rec, 0, sizeof(rec));
	memcpy(rec, &(uint16_t){ (uint16_t)enter }, 2);
	memcpy(rec + 4, &(int32_t){ 42 }, 4);
	memcpy(rec + 8, &id, 8);
	memcpy(rec + 16, args, 48);
	put_record(p, 2, rec, 64, false);
	memset(rec, 0, sizeof(rec));
	memcpy(rec, &(uint16_t){ (uint16_t)xit }, 2);
	memcpy(rec + 4, &(int32_t){ 42 }, 4);
	memcpy(rec + 8, "worker\0", 7);
	memcpy(rec + 24, &(int32_t){ 43 }, 4);	/* pid field: the thread that exits */
	put_record(p, 2, rec, 36, false);
	finish(p, 500, 0);

	ck_assert_int_eq(scd_tfs_page_parse(p->b, 4096, &fmt64, d, 0, s, &info), 0);
	ck_assert_uint_eq(info.events, 2);
	e = &s->q[0].ev[0];
	ck_assert_int_eq(e->nr, 110);
	ck_assert_uint_eq(e->nargs, 6);
	ck_assert_uint_eq(e->args[5], 6);
	e = &s->q[0].ev[1];
	ck_assert_int_eq(e->kind, SCD_EV_TASK_EXIT);
	ck_assert_int_eq(e->tid, 43);
	ck_assert_str_eq((const char *)e->args, "worker");

	scd_stream_free(s);
	scd_decoder_free(d);
	scd_tfs_formats_free(f);
	free(p);
}
END_TEST

START_TEST(test_missed_events_and_malformed)
{
	struct scd_tfs_formats *f = scd_tfs_formats_new();
	struct scd_decoder *d = scd_decoder_new();
	struct scd_stream *s = scd_stream_new(1);
	int xit = add_layout(f, d, "raw_syscalls", "raw_sys_exit.format", SCD_EV_SYS_EXIT);
	struct pagebuf *p = calloc(1, sizeof(*p));
	struct scd_page_info info;
	uint8_t rec[24];
	uint64_t lost = 1234;

	memset(rec, 0, sizeof(rec));
	memcpy(rec, &(uint16_t){ (uint16_t)xit }, 2);
	memcpy(rec + 4, &(int32_t){ 9 }, 4);
	put_record(p, 1, rec, 24, false);
	/* count stored after the data (bit 30), events lost before the page (bit 31) */
	memcpy(p->b + 16 + p->len, &lost, 8);
	finish(p, 100, (1ull << 31) | (1ull << 30));
	ck_assert_int_eq(scd_tfs_page_parse(p->b, 4096, &fmt64, d, 0, s, &info), 0);
	ck_assert_int_eq(info.missed, 1234);
	ck_assert_uint_eq(scd_stream_queued(s, 0), 2);
	ck_assert_int_eq(s->q[0].ev[0].kind, SCD_EV_GAP);
	ck_assert_int_eq(s->q[0].ev[0].ret, 1234);

	/* count unknown */
	finish(p, 100, 1ull << 31);
	ck_assert_int_eq(scd_tfs_page_parse(p->b, 4096, &fmt64, d, 0, s, &info), 0);
	ck_assert_int_eq(info.missed, -1);

	/* a record that claims to run past the data */
	memset(p, 0, sizeof(*p));
	put32(p, 0);
	put32(p, 4000);
	finish(p, 100, 0);
	ck_assert_int_eq(scd_tfs_page_parse(p->b, 4096, &fmt64, d, 0, s, &info), -22);
	/* a commit length larger than the page */
	finish(p, 100, 5000);
	ck_assert_int_eq(scd_tfs_page_parse(p->b, 4096, &fmt64, d, 0, s, &info), -22);

	scd_stream_free(s);
	scd_decoder_free(d);
	scd_tfs_formats_free(f);
	free(p);
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_per_syscall_records,
		test_raw_syscalls_and_task_exit,
		test_missed_events_and_malformed,
	};

	return scd_run_suite(scd_suite("page", tests, ARRAY_SIZE(tests)));
}
