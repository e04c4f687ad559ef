// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Close-match suggestions for "did you mean" messages. Candidates are ranked in classes:
 * names the word is a prefix of ("epoll" -> epoll_wait), names containing the word, then
 * names within an edit distance limit (optimal string alignment: insert, delete, substitute,
 * swap two neighbours, each one edit; ASCII case ignored). Ties keep the candidates' order,
 * so a table sorted by syscall number offers the older, more common syscall first. Lists are
 * a few hundred short names, so the quadratic distance is cheap and no allocation is needed.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "suggest.h"

/* Words or candidates longer than this are not compared by edit distance. */
#define SCD_SUGGEST_LEN 64
/* Prefix and substring matches need this many characters to mean anything. */
#define SCD_SUGGEST_SUBLEN 3

enum scd_sugg_class {
	SCD_SUGG_PREFIX,
	SCD_SUGG_SUBSTR,
	SCD_SUGG_EDIT,
};

struct scd_sugg {
	const char *name;
	enum scd_sugg_class cls;
	size_t dist;
	size_t idx;
};

struct scd_suggest_arr {
	const char *const *cands;
};

static char scd_suggest_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static void scd_suggest_fold(char *dst, const char *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = scd_suggest_lower(src[i]);
	dst[len] = '\0';
}

static size_t scd_min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/* Optimal string alignment distance of two folded strings of at most SCD_SUGGEST_LEN. */
static size_t scd_suggest_dist(const char *a, size_t la, const char *b, size_t lb)
{
	size_t rows[3][SCD_SUGGEST_LEN + 1];
	size_t *pp = rows[0], *prev = rows[1], *cur = rows[2], *t;
	size_t i, j;

	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];

			cur[j] = scd_min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < cur[j])
				cur[j] = pp[j - 2] + 1;
		}
		t = pp;
		pp = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

/* Nonzero if @x ranks before @y. */
static int scd_sugg_before(const struct scd_sugg *x, const struct scd_sugg *y)
{
	if (x->cls != y->cls)
		return x->cls < y->cls;
	if (x->dist != y->dist)
		return x->dist < y->dist;
	return x->idx < y->idx;
}

/* Insert @s into @best (sorted, @k used of @cap) unless it ranks too low or is a duplicate. */
static size_t scd_sugg_insert(struct scd_sugg *best, size_t k, size_t cap,
			      const struct scd_sugg *s)
{
	size_t i;

	for (i = 0; i < k; i++) {
		if (!strcmp(best[i].name, s->name))
			return k;
	}
	if (k == cap) {
		if (!scd_sugg_before(s, &best[k - 1]))
			return k;
		k--;
	}
	for (i = k; i > 0 && scd_sugg_before(s, &best[i - 1]); i--)
		best[i] = best[i - 1];
	best[i] = *s;
	return k + 1;
}

/* Classify @cand against the folded @word; 0 if it is not close enough to suggest. */
static int scd_sugg_rate(const char *word, size_t wlen, size_t limit, const char *cand,
			 struct scd_sugg *s)
{
	char c[SCD_SUGGEST_LEN + 1];
	size_t clen = strlen(cand);

	if (clen > SCD_SUGGEST_LEN)
		return 0;
	scd_suggest_fold(c, cand, clen);

	if (wlen >= SCD_SUGGEST_SUBLEN && clen >= wlen) {
		const char *hit = strstr(c, word);

		if (hit) {
			s->cls = hit == c ? SCD_SUGG_PREFIX : SCD_SUGG_SUBSTR;
			s->dist = clen - wlen;
			return 1;
		}
	}
	if ((clen > wlen ? clen - wlen : wlen - clen) > limit)
		return 0;
	s->cls = SCD_SUGG_EDIT;
	s->dist = scd_suggest_dist(word, wlen, c, clen);
	/* An exact match (only case differed) belongs with the best prefix matches. */
	if (s->dist == 0)
		s->cls = SCD_SUGG_PREFIX;
	return s->dist <= limit;
}

/**
 * scd_suggest_fn - close matches of a word among candidates given by an accessor
 * @word: the unknown word the user typed
 * @at: returns candidate @i (NULL entries are skipped)
 * @n: number of candidates
 * @ctx: passed to @at
 * @out: receives up to @max names, best first (pointers returned by @at)
 * @max: size of @out; at most SCD_SUGGEST_MAX are written
 *
 * The edit distance limit is a third of the word's length, at least 2.
 *
 * Return: the number of names written to @out.
 */
size_t scd_suggest_fn(const char *word, const char *(*at)(size_t i, void *ctx), size_t n,
		      void *ctx, const char **out, size_t max)
{
	struct scd_sugg best[SCD_SUGGEST_MAX], s;
	char w[SCD_SUGGEST_LEN + 1];
	size_t wlen, limit, i, k = 0;

	if (!word || !at || !out || !max)
		return 0;
	wlen = strlen(word);
	if (!wlen || wlen > SCD_SUGGEST_LEN)
		return 0;
	scd_suggest_fold(w, word, wlen);
	limit = wlen / 3 > 2 ? wlen / 3 : 2;
	if (max > SCD_SUGGEST_MAX)
		max = SCD_SUGGEST_MAX;

	for (i = 0; i < n; i++) {
		s.name = at(i, ctx);
		s.idx = i;
		if (s.name && scd_sugg_rate(w, wlen, limit, s.name, &s))
			k = scd_sugg_insert(best, k, max, &s);
	}
	for (i = 0; i < k; i++)
		out[i] = best[i].name;
	return k;
}

static const char *scd_suggest_arr_at(size_t i, void *ctx)
{
	const struct scd_suggest_arr *arr = ctx;

	return arr->cands[i];
}

/**
 * scd_suggest - close matches of a word among an array of candidates
 * @word: the unknown word the user typed
 * @cands: candidate names
 * @n: number of entries in @cands
 * @out: receives up to @max names, best first (pointers taken from @cands)
 * @max: size of @out; at most SCD_SUGGEST_MAX are written
 *
 * Return: the number of names written to @out.
 */
size_t scd_suggest(const char *word, const char *const *cands, size_t n, const char **out,
		   size_t max)
{
	struct scd_suggest_arr arr = { .cands = cands };

	if (!cands)
		return 0;
	return scd_suggest_fn(word, scd_suggest_arr_at, n, &arr, out, max);
}
