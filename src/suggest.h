// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * "Did you mean" suggestions: pick the candidates closest to a word the user mistyped
 * (a syscall, errno, event or command name). Prefix and substring matches come first, then
 * the others by case-insensitive edit distance (a transposition counts as one edit), within
 * a limit of about a third of the word's length so that unrelated names are not offered.
 */
#ifndef SCD_SUGGEST_H
#define SCD_SUGGEST_H

#include <stddef.h>

/* At most this many suggestions are returned, whatever max is. */
#define SCD_SUGGEST_MAX 16

size_t scd_suggest(const char *word, const char *const *cands, size_t n, const char **out,
		   size_t max);
size_t scd_suggest_fn(const char *word, const char *(*at)(size_t i, void *ctx), size_t n,
		      void *ctx, const char **out, size_t max);

#endif /* SCD_SUGGEST_H */
