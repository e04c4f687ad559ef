// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * argdist aggregates (see an-argdist.h): per -C spec an open-addressing table of value tuples
 * (FNV-1a hash, linear probing, doubling at half load, never more than SCD_AD_MAXROWS rows);
 * per -H spec 64 log2 slots.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "an-argdist.h"
#include "an-count.h"
#include "strtab.h"
#include "xalloc.h"

struct ad_spec {
	bool hist;
	uint64_t slots[64];
	struct scd_ad_row *row;
	size_t mask;
	size_t used;
	uint64_t dropped;
};

struct scd_argdist {
	struct ad_spec *s;
	size_t n;
	struct scd_strtab *strs;	/* string values, created at the first one */
	uint64_t str_read, str_failed;
	int64_t str_max;		/* highest id handed out: the table's size */
	size_t str_bytes;		/* bytes interned */
	struct ad_memo *memo;		/* AD_MEMO entries, direct-mapped */
};

#define AD_MEMO 4096

struct ad_memo {
	uint64_t addr;
	int64_t at_ns, id;
	int32_t pid;
	bool ok;
};

/* Distinct strings and bytes kept; past them every new value is one marker. */
#define AD_MAXSTRS (1 << 22)
#define AD_MAXSTR_BYTES (64u << 20)

struct scd_argdist *scd_argdist_new(size_t nspecs, const bool *hist)
{
	struct scd_argdist *a = xcalloc(1, sizeof(*a));
	size_t i;

	a->n = nspecs;
	a->s = xcalloc(nspecs, sizeof(*a->s));
	for (i = 0; i < nspecs; i++)
		a->s[i].hist = hist[i];
	return a;
}

void scd_argdist_free(struct scd_argdist *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->n; i++)
		free(a->s[i].row);
	free(a->s);
	scd_strtab_free(a->strs);
	free(a->memo);
	free(a);
}

/* Word-wise multiply-xorshift: a few multiplies per tuple, not one per byte. */
static uint64_t mix(uint64_t h, uint64_t w)
{
	h ^= w * 0x9e3779b97f4a7c15ull;
	h *= 0xbf58476d1ce4e5b9ull;
	return h ^ (h >> 31);
}

static uint64_t hash_key(const int64_t *v, size_t nv, const char *comm)
{
	uint64_t h = 0x243f6a8885a308d3ull ^ nv, w[2] = { 0, 0 };
	size_t i;

	for (i = 0; i < nv; i++)
		h = mix(h, (uint64_t)v[i]);
	if (comm) {
		memcpy(w, comm, strnlen(comm, 15));
		h = mix(mix(h, w[0]), w[1]);
	}
	return h ? h : 1;	/* 0 marks an empty slot */
}

static void grow(struct ad_spec *s)
{
	struct scd_ad_row *old = s->row;
	size_t n = old ? s->mask + 1 : 0, i;

	s->mask = n ? n * 2 - 1 : 255;
	s->row = xcalloc(s->mask + 1, sizeof(*s->row));
	for (i = 0; i < n; i++) {
		size_t k;

		if (!old[i].hash)
			continue;
		k = old[i].hash & s->mask;
		while (s->row[k].hash)
			k = (k + 1) & s->mask;
		s->row[k] = old[i];
	}
	free(old);
}

static bool same(const struct scd_ad_row *r, const int64_t *v, size_t nv, const char *comm)
{
	size_t i;

	for (i = 0; i < nv; i++)
		if (r->v[i] != v[i])
			return false;
	return !comm || !strncmp(r->comm, comm, 16);
}

void scd_argdist_add(struct scd_argdist *a, size_t i, const int64_t *v, size_t nv,
		     const char *comm)
{
	struct ad_spec *s = &a->s[i];
	uint64_t h;
	size_t k;

	if (s->hist) {
		s->slots[scd_log2_slot((uint64_t)v[0])]++;
		return;
	}
	if (nv > SCD_AD_MAXEXPR)
		nv = SCD_AD_MAXEXPR;
	h = hash_key(v, nv, comm);
	if (!s->row || (s->used + 1) * 2 > s->mask + 1) {
		if (s->row && s->mask + 1 >= 2 * SCD_AD_MAXROWS) {
			/* Full: count the existing rows still, drop new ones. */
			goto find_only;
		}
		grow(s);
	}
	for (k = h & s->mask; s->row[k].hash; k = (k + 1) & s->mask) {
		if (s->row[k].hash == h && same(&s->row[k], v, nv, comm)) {
			s->row[k].count++;
			return;
		}
	}
	s->row[k].hash = h;
	s->row[k].count = 1;
	memcpy(s->row[k].v, v, nv * sizeof(*v));
	if (comm)
		memcpy(s->row[k].comm, comm, strnlen(comm, 15));
	s->used++;
	return;
find_only:
	for (k = h & s->mask; s->row[k].hash; k = (k + 1) & s->mask) {
		if (s->row[k].hash == h && same(&s->row[k], v, nv, comm)) {
			s->row[k].count++;
			return;
		}
	}
	s->dropped++;
}

void scd_argdist_reset(struct scd_argdist *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->s[i].row);
		a->s[i].row = NULL;
		a->s[i].mask = 0;
		a->s[i].used = 0;
		a->s[i].dropped = 0;
		memset(a->s[i].slots, 0, sizeof(a->s[i].slots));
	}
}

static int by_count(const void *x, const void *y)
{
	const struct scd_ad_row *a = *(const struct scd_ad_row *const *)x;
	const struct scd_ad_row *b = *(const struct scd_ad_row *const *)y;
	size_t i;

	if (a->count != b->count)
		return a->count < b->count ? -1 : 1;
	/* Equal counts: by values, so output is stable run to run. */
	for (i = 0; i < SCD_AD_MAXEXPR; i++)
		if (a->v[i] != b->v[i])
			return a->v[i] < b->v[i] ? -1 : 1;
	return strncmp(a->comm, b->comm, 16);
}

size_t scd_argdist_rows(struct scd_argdist *a, size_t i, size_t top,
			const struct scd_ad_row ***rows)
{
	struct ad_spec *s = &a->s[i];
	const struct scd_ad_row **v = xcalloc(s->used + 1, sizeof(*v));
	size_t n = 0, k;

	for (k = 0; s->row && k <= s->mask; k++)
		if (s->row[k].hash)
			v[n++] = &s->row[k];
	qsort(v, n, sizeof(*v), by_count);
	if (top && n > top) {
		memmove(v, v + (n - top), top * sizeof(*v));
		n = top;
	}
	*rows = v;
	return n;
}

const uint64_t *scd_argdist_hist(const struct scd_argdist *a, size_t i)
{
	return a->s[i].slots;
}

uint64_t scd_argdist_dropped(const struct scd_argdist *a, size_t i)
{
	return a->s[i].dropped;
}

int64_t scd_argdist_intern(struct scd_argdist *a, const char *s, bool ok)
{
	int64_t id;

	if (!a->strs)
		a->strs = scd_strtab_new();
	if (ok)
		a->str_read++;
	else
		a->str_failed++;
	if (a->str_max >= AD_MAXSTRS || a->str_bytes >= AD_MAXSTR_BYTES)
		s = "[more distinct strings than scdiag keeps]";
	id = scd_strtab_intern(a->strs, s, strlen(s));
	if (id > a->str_max) {
		a->str_max = id;
		a->str_bytes += strlen(s) + 1;
	}
	return id;
}

const char *scd_argdist_string(const struct scd_argdist *a, int64_t id)
{
	return a->strs && id >= 0 && id <= UINT32_MAX ? scd_strtab_get(a->strs, (uint32_t)id) : "";
}

void scd_argdist_string_counts(const struct scd_argdist *a, uint64_t *read, uint64_t *failed)
{
	*read = a->str_read;
	*failed = a->str_failed;
}

static struct ad_memo *memo_slot(struct scd_argdist *a, int32_t pid, uint64_t addr)
{
	uint64_t h = (addr ^ (uint64_t)(uint32_t)pid << 40) * 0x9e3779b97f4a7c15ull;

	if (!a->memo)
		a->memo = xcalloc(AD_MEMO, sizeof(*a->memo));
	return &a->memo[h >> 52];	/* 12 bits: AD_MEMO entries */
}

int64_t scd_argdist_memo_get(struct scd_argdist *a, int32_t pid, uint64_t addr, int64_t now_ns)
{
	struct ad_memo *m = memo_slot(a, pid, addr);

	if (!m->at_ns || m->pid != pid || m->addr != addr || now_ns - m->at_ns > SCD_AD_STR_TTL_NS ||
	    now_ns < m->at_ns)
		return -1;
	if (m->ok)
		a->str_read++;
	else
		a->str_failed++;
	return m->id;
}

void scd_argdist_memo_put(struct scd_argdist *a, int32_t pid, uint64_t addr, int64_t now_ns,
			  int64_t id, bool ok)
{
	*memo_slot(a, pid, addr) = (struct ad_memo){ addr, now_ns, id, pid, ok };
}
