// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of unwind.c on synthetic stacks: a fake rule table stands for .eh_frame, an
 * array of words for the stack copy. Frameless frames are walked from the copy and joined to
 * the kernel's frame-pointer chain at the frame it started from, or where both have the same
 * return address; everything that cannot be walked leaves the kernel's chain as it was.
 */
#include "unit.h"
#include <errno.h>
#include <string.h>

#include "unwind.h"

#define SP 0x7ffd0000ull	/* where the copy starts */
#define BP0 0x7ffd1000ull	/* the sampled rbp: a frame far up, outside the copy */

struct range {
	uint64_t lo, hi;
	struct scd_cfi_row row;
};

/* Code: frameless functions at 0x1000.., functions with a frame pointer at 0x2000.. */
static const struct scd_cfi_row leaf8 = { SCD_CFI_RSP, 8, true, -8, false, 0 };
static const struct scd_cfi_row leaf24 = { SCD_CFI_RSP, 24, true, -8, false, 0 };
static const struct scd_cfi_row saves_rbp = { SCD_CFI_RSP, 16, true, -8, true, -16 };
static const struct scd_cfi_row framed = { SCD_CFI_RBP, 16, true, -8, true, -16 };
static const struct scd_cfi_row outermost = { SCD_CFI_RSP, 8, false, 0, false, 0 };

static struct range table[] = {
	{ 0x1000, 0x1100, { SCD_CFI_RSP, 8, true, -8, false, 0 } },
	{ 0x1100, 0x1200, { SCD_CFI_RSP, 24, true, -8, false, 0 } },
	{ 0x1200, 0x1300, { SCD_CFI_RSP, 16, true, -8, true, -16 } },
	{ 0x2000, 0x2100, { SCD_CFI_RBP, 16, true, -8, true, -16 } },
	{ 0x3000, 0x3100, { SCD_CFI_RSP, 8, false, 0, false, 0 } },
	/* at a ret after pop rbp: CFA = rsp + 8, the rbp slot (CFA - 16) already popped */
	{ 0x4000, 0x4100, { SCD_CFI_RSP, 8, true, -8, true, -16 } },
	/* a frame on rbp, but not the layout the kernel's walk reads (CFA = rbp + 32) */
	{ 0x5000, 0x5100, { SCD_CFI_RBP, 32, true, -8, true, -32 } },
};

static int calls;

static int lookup(void *ctx, int32_t pid, uint64_t ip, struct scd_cfi_row *row)
{
	size_t i;

	(void)ctx;
	ck_assert_int_eq(pid, 42);
	calls++;
	for (i = 0; i < ARRAY_SIZE(table); i++)
		if (ip >= table[i].lo && ip < table[i].hi) {
			*row = table[i].row;
			return 0;
		}
	return -ENOENT;
}

static size_t run(const struct scd_uregs *r, const uint64_t *stack, size_t words,
		  const uint64_t *fp, size_t n, uint64_t *out, size_t max, bool *changed)
{
	return scd_unwind(lookup, NULL, 42, r, (const uint8_t *)stack, words * 8, fp, n, out, max,
			  changed);
}

#define CHECK(got, k, ...)                                                             \
	do {                                                                           \
		const uint64_t want_[] = { __VA_ARGS__ };                              \
		size_t i_;                                                             \
		ck_assert_uint_eq(k, ARRAY_SIZE(want_));                               \
		for (i_ = 0; i_ < ARRAY_SIZE(want_); i_++)                             \
			ck_assert_msg(got[i_] == want_[i_], "frame %zu: %#llx, want %#llx", \
				      i_, (unsigned long long)got[i_],                 \
				      (unsigned long long)want_[i_]);                  \
	} while (0)

/* A frameless leaf called by a function with a frame: the caller the kernel missed. */
START_TEST(test_frameless_leaf)
{
	struct scd_uregs r = { 0x1010, SP, BP0 };
	uint64_t stack[4] = { 0x2050 /* into the framed caller */, 7, 7, 7 };
	uint64_t fp[] = { 0x1010, 0x2090 /* the caller's caller, from [BP0+8] */, 0x20a0 };
	uint64_t out[16];
	bool changed;
	size_t k = run(&r, stack, 4, fp, 3, out, 16, &changed);

	CHECK(out, k, 0x1010, 0x2050, 0x2090, 0x20a0);
	ck_assert(changed);
	(void)leaf8;
	(void)leaf24;
	(void)saves_rbp;
	(void)framed;
	(void)outermost;
}
END_TEST

/* Two frameless frames (the leaf pushed two registers) before the framed one. */
START_TEST(test_two_frameless)
{
	struct scd_uregs r = { 0x1150, SP, BP0 };
	/* leaf: CFA = sp + 24, RA at sp + 16 -> 0x1020; then CFA = sp+24+8, RA at sp + 24 */
	uint64_t stack[6] = { 1, 2, 0x1020, 0x2050, 9, 9 };
	uint64_t fp[] = { 0x1150, 0x2090 };
	uint64_t out[16];
	bool changed;
	size_t k = run(&r, stack, 6, fp, 2, out, 16, &changed);

	CHECK(out, k, 0x1150, 0x1020, 0x2050, 0x2090);
	ck_assert(changed);
}
END_TEST

/* A leaf with a frame: the kernel's chain was complete, and is kept as it is. */
START_TEST(test_framed_leaf)
{
	struct scd_uregs r = { 0x2010, SP, BP0 };
	uint64_t stack[2] = { 5, 5 };
	uint64_t fp[] = { 0x2010, 0x2090, 0x20a0 };
	uint64_t out[16];
	bool changed;
	size_t k = run(&r, stack, 2, fp, 3, out, 16, &changed);

	CHECK(out, k, 0x2010, 0x2090, 0x20a0);
	ck_assert(!changed);
}
END_TEST

/* The copy ends before the return address: the kernel's chain, unchanged. */
START_TEST(test_short_copy)
{
	struct scd_uregs r = { 0x1150, SP, BP0 };
	uint64_t stack[2] = { 1, 2 };	/* the RA would be at sp + 16 */
	uint64_t fp[] = { 0x1150, 0x2090 };
	uint64_t out[16];
	bool changed;
	size_t k = run(&r, stack, 2, fp, 2, out, 16, &changed);

	CHECK(out, k, 0x1150, 0x2090);
	ck_assert(!changed);
}
END_TEST

/* No rule for the caller, but the kernel's chain has its return address: joined there. */
START_TEST(test_join)
{
	struct scd_uregs r = { 0x1010, SP, BP0 };
	uint64_t stack[2] = { 0x5050, 0 };	/* 0x5050: code without unwind rules */
	uint64_t fp[] = { 0x1010, 0x9999 /* a stale entry */, 0x5050, 0x20a0 };
	uint64_t out[16];
	bool changed;
	size_t k = run(&r, stack, 2, fp, 4, out, 16, &changed);

	CHECK(out, k, 0x1010, 0x5050, 0x20a0);
	ck_assert(changed);
	/* Nowhere to join: unchanged. */
	fp[2] = 0x6060;
	k = run(&r, stack, 2, fp, 4, out, 16, &changed);
	CHECK(out, k, 0x1010, 0x9999, 0x6060, 0x20a0);
	ck_assert(!changed);
}
END_TEST

/* A frameless function that saved rbp: the caller's frame is found through the restored rbp. */
START_TEST(test_saved_rbp)
{
	struct scd_uregs r = { 0x1210, SP, 12345 /* rbp used as a general register */ };
	/* CFA = sp + 16: caller's rbp at sp, RA at sp + 8; the caller's frame at SP + 32 */
	uint64_t stack[8] = { SP + 32, 0x2050, 0, 0, SP + 64 /* saved rbp */, 0x3010, 0, 0 };
	uint64_t fp[] = { 0x1210, 0xdead };
	uint64_t out[16];
	bool changed;
	size_t k = run(&r, stack, 8, fp, 2, out, 16, &changed);

	/* 0x2050 (framed, rbp = SP + 32): RA at SP + 40 = 0x3010, the outermost frame. */
	CHECK(out, k, 0x1210, 0x2050, 0x3010);
	ck_assert(changed);
}
END_TEST

/* At the ret of a function that popped rbp: rbp is the caller's already, the walk goes on. */
START_TEST(test_popped_rbp)
{
	struct scd_uregs r = { 0x4010, SP, BP0 };
	uint64_t stack[2] = { 0x2050, 0 };
	uint64_t fp[] = { 0x4010, 0x2090 };
	uint64_t out[16];
	bool changed;
	size_t k = run(&r, stack, 2, fp, 2, out, 16, &changed);

	CHECK(out, k, 0x4010, 0x2050, 0x2090);
	ck_assert(changed);
}
END_TEST

/* A frame on rbp with another layout: walked by its rule, not handed to the kernel's chain. */
START_TEST(test_other_rbp_layout)
{
	struct scd_uregs r = { 0x1010, SP, SP + 16 };
	/* leaf: RA at SP -> 0x5050 (rbp frame, CFA = rbp + 32 = SP + 48): RA at SP + 40 */
	uint64_t stack[8] = { 0x5050, 0, 0, 0, SP + 200, 0x3010, 0, 0 };
	uint64_t fp[] = { 0x1010, 0xbad };	/* what [rbp+8] would give: wrong here */
	uint64_t out[16];
	bool changed;
	size_t k = run(&r, stack, 8, fp, 2, out, 16, &changed);

	CHECK(out, k, 0x1010, 0x5050, 0x3010);
	ck_assert(changed);
}
END_TEST

/* Defensive cases: a chain that does not start at ip, no copy, the depth limit, no rule. */
START_TEST(test_edges)
{
	struct scd_uregs r = { 0x1010, SP, BP0 };
	uint64_t stack[4] = { 0x2050, 0, 0, 0 };
	uint64_t fp[] = { 0x1011, 0x2090 }, fp2[] = { 0x1010, 0x2090, 0x20a0 };
	uint64_t out[16];
	bool changed;
	size_t k;

	k = run(&r, stack, 4, fp, 2, out, 16, &changed);
	CHECK(out, k, 0x1011, 0x2090);
	ck_assert(!changed);
	k = run(&r, stack, 0, fp2, 3, out, 16, &changed);
	CHECK(out, k, 0x1010, 0x2090, 0x20a0);
	ck_assert(!changed);
	k = run(&r, stack, 4, fp2, 3, out, 3, &changed);	/* max 3 */
	CHECK(out, k, 0x1010, 0x2050, 0x2090);
	ck_assert(changed);
	r.ip = 0x7777;	/* no rule at all */
	fp2[0] = 0x7777;
	k = run(&r, stack, 4, fp2, 3, out, 16, &changed);
	CHECK(out, k, 0x7777, 0x2090, 0x20a0);
	ck_assert(!changed);
	/* A rule that does not move up the stack: stops, kernel's chain kept. */
	table[0].row.cfa_off = 0;
	r.ip = 0x1010;
	fp2[0] = 0x1010;
	k = run(&r, stack, 4, fp2, 3, out, 16, &changed);
	CHECK(out, k, 0x1010, 0x2090, 0x20a0);
	ck_assert(!changed);
	table[0].row.cfa_off = 8;
	ck_assert_int_gt(calls, 0);
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_frameless_leaf, test_two_frameless, test_framed_leaf, test_short_copy,
		test_join, test_saved_rbp, test_popped_rbp, test_other_rbp_layout, test_edges,
	};

	return scd_run_suite(scd_suite("unwind", tests, ARRAY_SIZE(tests)));
}
