// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Call frame information (.eh_frame, found through .eh_frame_hdr): for a code address of an
 * ELF file, how to find the caller's frame. The kernel walks user stacks by frame pointer
 * only, and code built without one (Debian's libc, for one) hides its callers from that
 * walk; with the rule at the sampled instruction and a copy of the stack top, unwind.c
 * recovers those frames. Only what x86-64 code needs is interpreted: the canonical frame
 * address (CFA) as a register plus an offset, where the return address and the caller's
 * rbp were saved. Everything else (expressions, values in other registers) is reported as
 * unsupported, so the caller falls back to the frame-pointer walk.
 */
#ifndef SCD_CFI_H
#define SCD_CFI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* DWARF register numbers of x86-64. */
#define SCD_CFI_RBP 6
#define SCD_CFI_RSP 7
#define SCD_CFI_RA 16

struct scd_cfi_row {
	int cfa_reg;		/* SCD_CFI_RSP or SCD_CFI_RBP */
	int64_t cfa_off;	/* CFA = cfa_reg + cfa_off */
	bool ra_saved;		/* the return address is at CFA + ra_off */
	int64_t ra_off;
	bool rbp_saved;		/* the caller's rbp is at CFA + rbp_off; else rbp is unchanged */
	int64_t rbp_off;
};

/* The two sections, as loaded: bytes and their link-time addresses. */
struct scd_cfi_tab {
	const uint8_t *hdr;	/* .eh_frame_hdr (may be NULL: the FDEs are then searched) */
	size_t hdr_len;
	uint64_t hdr_addr;
	const uint8_t *eh;	/* .eh_frame */
	size_t eh_len;
	uint64_t eh_addr;
};

/*
 * The rule in force at link-time address @pc. 0 with *@row set; -ENOENT when no FDE covers
 * @pc; -ENOTSUP for what we do not interpret (a CFA or return address given by an
 * expression or another register, a signal frame); -EINVAL for malformed data.
 */
int scd_cfi_find(const struct scd_cfi_tab *t, uint64_t pc, struct scd_cfi_row *row);

#endif
