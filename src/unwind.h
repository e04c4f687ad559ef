// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Completing user stacks through code built without frame pointers (x86-64). The kernel
 * walks a user stack by frame pointer: a function that has no frame (Debian's libc, for
 * one) is missed together with every caller up to the next function that has one. perf can
 * also copy the sampled thread's registers and the top of its stack; with the unwind rules
 * of .eh_frame (cfi.h) the frames in that copy are walked exactly, and where the walk
 * reaches a function with a frame pointer whose frame the kernel's walk started from, the
 * kernel's chain continues it. When the copy or the rules run out first, the kernel's chain
 * is kept as it was (or joined where both agree on a return address): never a guess.
 */
#ifndef SCD_UNWIND_H
#define SCD_UNWIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfi.h"

struct scd_uregs {
	uint64_t ip, sp, bp;
};

/* The rule at @ip of process @pid (see scd_usyms_cfi): 0 or a negative errno. */
typedef int (*scd_cfi_lookup_fn)(void *ctx, int32_t pid, uint64_t ip, struct scd_cfi_row *row);

/*
 * Writes to @out (at most @max entries) the user stack of @pid, leaf first: from the
 * registers @r and the @len bytes of stack copied at r->sp, joined with @fp (@n entries, the
 * kernel's frame-pointer chain, whose first entry is r->ip). Returns the number written;
 * *@changed tells whether it differs from @fp (when it does not, @out is a copy of @fp).
 */
size_t scd_unwind(scd_cfi_lookup_fn lookup, void *ctx, int32_t pid, const struct scd_uregs *r,
		  const uint8_t *stack, size_t len, const uint64_t *fp, size_t n, uint64_t *out,
		  size_t max, bool *changed);

#endif
