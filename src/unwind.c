// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The user-stack walk of unwind.h. Frame 0 is looked up at the sampled instruction, every
 * caller at its return address minus one (inside the call). A frame's canonical frame
 * address (CFA) is rsp or rbp plus an offset; the return address and, when the function
 * saved it, the caller's rbp are read from the stack copy at fixed offsets from the CFA; the
 * caller's rsp is the CFA. Each step must move up the stack, so a bad rule cannot loop.
 */
#include "config.h"

#include <string.h>

#include "unwind.h"

/* The 8 bytes at @addr of the stack copied at @base, when they are in the copy. */
static bool load(const uint8_t *stack, size_t len, uint64_t base, uint64_t addr, uint64_t *v)
{
	if (addr < base || addr - base > len || len - (addr - base) < 8)
		return false;
	memcpy(v, stack + (addr - base), 8);
	return true;
}

static size_t copy_fp(const uint64_t *fp, size_t n, uint64_t *out, size_t max, bool *changed)
{
	if (n > max)
		n = max;
	memcpy(out, fp, n * sizeof(*out));
	*changed = false;
	return n;
}

/* Appends @fp[from..n) to @out[k..max). */
static size_t append(const uint64_t *fp, size_t from, size_t n, uint64_t *out, size_t k,
		     size_t max)
{
	while (from < n && k < max)
		out[k++] = fp[from++];
	return k;
}

/* Whether out[0..k) says the same as fp[0..n). */
static bool same(const uint64_t *out, size_t k, const uint64_t *fp, size_t n)
{
	return k == n && !memcmp(out, fp, k * sizeof(*out));
}

size_t scd_unwind(scd_cfi_lookup_fn lookup, void *ctx, int32_t pid, const struct scd_uregs *r,
		  const uint8_t *stack, size_t len, const uint64_t *fp, size_t n, uint64_t *out,
		  size_t max, bool *changed)
{
	uint64_t ip = r->ip, sp = r->sp, bp = r->bp, cfa, ra, j;
	struct scd_cfi_row row;
	size_t k = 0;

	if (!n || !max || fp[0] != r->ip || !len)
		return copy_fp(fp, n, out, max, changed);
	out[k++] = ip;
	while (k < max) {
		if (lookup(ctx, pid, k == 1 ? ip : ip - 1, &row))
			break;
		if (row.cfa_reg == SCD_CFI_RBP && bp == r->bp && row.cfa_off == 16 &&
		    row.ra_saved && row.ra_off == -8 && row.rbp_saved && row.rbp_off == -16) {
			/* The frame the kernel's walk started from, laid out as that walk reads
			 * it ([rbp] the caller's rbp, [rbp+8] the return address): its chain goes
			 * on from here. */
			k = append(fp, 1, n, out, k, max);
			*changed = !same(out, k, fp, n);
			return k;
		}
		cfa = (row.cfa_reg == SCD_CFI_RBP ? bp : sp) + (uint64_t)row.cfa_off;
		if (!row.ra_saved) {	/* the outermost frame (_start, a thread's start) */
			*changed = !same(out, k, fp, n);
			return k;
		}
		if (cfa <= sp || !load(stack, len, r->sp, cfa + (uint64_t)row.ra_off, &ra))
			break;
		/* A save slot below sp was popped already (at the ret): rbp holds the caller's. */
		if (row.rbp_saved && cfa + (uint64_t)row.rbp_off >= sp &&
		    !load(stack, len, r->sp, cfa + (uint64_t)row.rbp_off, &bp))
			break;
		if (!ra) {
			*changed = !same(out, k, fp, n);
			return k;
		}
		sp = cfa;
		ip = ra;
		out[k++] = ra;
	}
	if (k == max) {
		*changed = !same(out, k, fp, n);
		return k;
	}
	/* The copy or the rules ran out: join the kernel's chain where it has our last caller. */
	for (j = 1; k > 1 && j < n; j++)
		if (fp[j] == out[k - 1]) {
			k = append(fp, j + 1, n, out, k, max);
			*changed = !same(out, k, fp, n);
			return k;
		}
	return copy_fp(fp, n, out, max, changed);
}
