// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The argdist analyzer: for each spec, a frequency count of value tuples (-C) or a log2
 * histogram of one value (-H). The command evaluates the spec's expressions on a record or
 * a paired call and hands the values here; this module only aggregates, with a bound on the
 * number of distinct tuples kept (what does not fit is counted, not hidden).
 */
#ifndef SCD_AN_ARGDIST_H
#define SCD_AN_ARGDIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCD_AD_MAXEXPR 8
#define SCD_AD_MAXROWS (1u << 20)

/* Variable slots the expressions read (see cmd-argdist.c for how they are filled). */
enum {
	SCD_AD_SLOT_ARG0 = 0,		/* ..ARG5: entry arguments */
	SCD_AD_SLOT_RET = 6,
	SCD_AD_SLOT_ERRNO = 7,
	SCD_AD_SLOT_LATENCY = 8,	/* ns, paired calls only */
	SCD_AD_SLOT_PID = 9,		/* tgid */
	SCD_AD_SLOT_TID = 10,
	SCD_AD_SLOT_NR = 11,		/* syscall number */
	SCD_AD_NSLOTS = 12,
};

struct scd_ad_row {
	uint64_t hash;		/* 0 = empty slot */
	uint64_t count;
	int64_t v[SCD_AD_MAXEXPR];
	char comm[16];
};

struct scd_argdist;

/* @nspecs specs; spec i is a histogram when hist[i]. */
struct scd_argdist *scd_argdist_new(size_t nspecs, const bool *hist);
void scd_argdist_free(struct scd_argdist *a);

/* One event for spec @i: @nv values (and @comm, may be NULL) for -C, v[0] for -H. */
void scd_argdist_add(struct scd_argdist *a, size_t i, const int64_t *v, size_t nv,
		     const char *comm);

/* Clears every spec's aggregate (interval mode without -c). */
void scd_argdist_reset(struct scd_argdist *a);

/*
 * Rows of -C spec @i sorted by count ascending, as BCC prints them (biggest last), cut to
 * the last @top (0 = all). The array is the caller's to free; rows live until the next add.
 */
size_t scd_argdist_rows(struct scd_argdist *a, size_t i, size_t top,
			const struct scd_ad_row ***rows);

/* The 64 log2 slots of -H spec @i. */
const uint64_t *scd_argdist_hist(const struct scd_argdist *a, size_t i);

/* Events not counted because spec @i's table was full. */
uint64_t scd_argdist_dropped(const struct scd_argdist *a, size_t i);

/*
 * String values (char* arguments) travel in the tuples as ids of one table that lives as
 * long as @a (resets keep it). @ok counts the string among those read from memory, else
 * among those that could not be.
 */
int64_t scd_argdist_intern(struct scd_argdist *a, const char *s, bool ok);
const char *scd_argdist_string(const struct scd_argdist *a, int64_t id);
/* Strings read from process memory so far, and those that could not be (since the start). */
void scd_argdist_string_counts(const struct scd_argdist *a, uint64_t *read, uint64_t *failed);

/*
 * A memo of the string read for (@pid, @addr) at @now_ns, kept SCD_AD_STR_TTL_NS: a storm of
 * calls passing one buffer reads it once per period instead of once per call. -1 on a miss.
 * A hit counts again as read or unreadable, like the read it stands for.
 */
#define SCD_AD_STR_TTL_NS 10000000ll
int64_t scd_argdist_memo_get(struct scd_argdist *a, int32_t pid, uint64_t addr, int64_t now_ns);
void scd_argdist_memo_put(struct scd_argdist *a, int32_t pid, uint64_t addr, int64_t now_ns,
			  int64_t id, bool ok);

#endif
