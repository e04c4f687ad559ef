// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Count reports compared byte for byte with tests/golden/: synthetic calls go through the
 * count analyzer, and the text or JSON report of the resulting view must match the file.
 * Regenerate a golden file only when a format change is intended:
 *   SCD_GOLDEN_UPDATE=1 tests/unit/test-report
 */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "an-count.h"
#include "json.h"
#include "report-count.h"
#include "text.h"

static void add(struct scd_count *c, int nr, int64_t ret, uint64_t lat_ns, int tgid,
		const char *comm, int times)
{
	struct scd_task t = { .tid = tgid, .tgid = tgid, .resolved = 1 };
	struct scd_call call;
	int i;

	snprintf(t.comm, sizeof(t.comm), "%s", comm);
	for (i = 0; i < times; i++) {
		memset(&call, 0, sizeof(call));
		call.tid = tgid;
		call.nr = nr;
		call.ret = ret;
		call.has_enter = lat_ns != 0;
		call.ts_enter = 1000;
		call.ts_exit = 1000 + lat_ns;
		scd_count_add(c, &call, &t);
	}
}

static void fill(struct scd_count *c)
{
	add(c, SYS_getppid, 123, 900, 100, "wl", 1000);
	add(c, SYS_close, -9, 1500, 100, "wl", 500);
	add(c, SYS_read, -11, 3000, 200, "srv\tx", 30);
	add(c, SYS_read, 4096, 250000, 200, "srv\tx", 10);
	add(c, SYS_nanosleep, 0, 20000000, 100, "wl", 5);
	add(c, SYS_openat, -2, 0, 300, "ls", 7);	/* no enter seen: no latency */
}

static void check_report(const struct scd_count_cfg *cfg, bool json, bool ms, const char *golden)
{
	struct scd_count *c = scd_count_new(cfg);
	struct scd_count_meta m = { .time = "12:34:56", .duration_s = 2.5, .lost = 0, .ms = ms };
	struct scd_count_view v;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fill(c);
	scd_count_view(c, 10, &v);
	if (json)
		scd_report_count_json(f, c, &v, &m);
	else
		scd_report_count_text(f, c, &v, &m);
	fclose(f);
	scd_golden_compare(golden, buf, len);
	scd_count_view_free(&v);
	scd_count_free(c);
	free(buf);
}

START_TEST(test_basic)
{
	struct scd_count_cfg cfg = { 0 };

	check_report(&cfg, false, false, "count-basic.txt");
}
END_TEST

START_TEST(test_latency)
{
	struct scd_count_cfg cfg = { .latency = true, .hist = true, .hist_div = 1000 };

	check_report(&cfg, false, false, "count-latency.txt");
}
END_TEST

START_TEST(test_errnos)
{
	struct scd_count_cfg cfg = { .errno_breakdown = true, .failures_only = true };

	check_report(&cfg, false, false, "count-errnos.txt");
}
END_TEST

START_TEST(test_process_json)
{
	struct scd_count_cfg cfg = { .per_process = true, .latency = true,
				     .errno_breakdown = true };

	check_report(&cfg, true, false, "count-process.json");
}
END_TEST

START_TEST(test_errno_filter)
{
	struct scd_count_cfg cfg = { .errno_filter = 11 };
	struct scd_count *c = scd_count_new(&cfg);
	struct scd_count_view v;

	fill(c);
	scd_count_view(c, 0, &v);
	ck_assert_uint_eq(v.nsys, 1);
	ck_assert_uint_eq(v.sys[0]->count, 30);
	ck_assert_uint_eq(v.total_errors, 30);
	scd_count_view_free(&v);
	scd_count_free(c);
}
END_TEST

/* Strings from other processes on a terminal: UTF-8 kept whole, every control byte '?'. */
START_TEST(test_tty_safe)
{
	static const struct {
		const char *in;
		size_t len;
		const char *out;
	} t[] = {
		{ "abc", 64, "abc" },
		{ "a\x1b[31mb\x7f", 64, "a?[31mb?" },
		{ "caf\xc3\xa9", 64, "caf\xc3\xa9" },		/* é */
		{ "\xf0\x9f\x98\x80!", 64, "\xf0\x9f\x98\x80!" },	/* U+1F600 */
		{ "x\xc2\x9by", 64, "x?y" },			/* U+009B, a C1 CSI */
		{ "x\x9by", 64, "x?y" },			/* a raw C1 byte */
		{ "\xff\xfe", 64, "??" },
		{ "\xc0\xaf", 64, "??" },			/* overlong '/' */
		{ "\xed\xa0\x80", 64, "???" },			/* a surrogate */
		{ "\xe2\x82", 64, "??" },			/* cut short */
		{ "a\xc3\xa9", 3, "a" },			/* never half a character */
		{ "abcdef", 4, "abc" },
		{ "", 1, "" },
	};
	char out[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		ck_assert_msg(!strcmp(scd_tty_safe(t[i].in, out, t[i].len), t[i].out),
			      "case %zu: got '%s'", i, out);
}
END_TEST

/* JSON strings: UTF-8 as it is, control bytes and non-UTF-8 bytes as \u00XX. */
START_TEST(test_json_escape)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "a\"b\\c", "\"a\\\"b\\\\c\"" },
		{ "l1\nl2\t", "\"l1\\nl2\\t\"" },
		{ "\x1b", "\"\\u001b\"" },
		{ "caf\xc3\xa9", "\"caf\xc3\xa9\"" },
		{ "\xff", "\"\\u00ff\"" },
		{ "\xc3", "\"\\u00c3\"" },
	};
	char *buf;
	size_t i, len;
	FILE *f;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		f = open_memstream(&buf, &len);
		ck_assert_ptr_nonnull(f);
		scd_json_escape(f, t[i].in);
		fclose(f);
		ck_assert_msg(!strcmp(buf, t[i].out), "case %zu: got %s", i, buf);
		free(buf);
	}
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_tty_safe,
		test_json_escape,
		test_basic,
		test_latency,
		test_errnos,
		test_process_json,
		test_errno_filter,
	};

	return scd_run_suite(scd_suite("report", tests, ARRAY_SIZE(tests)));
}
