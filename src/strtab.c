// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * String interning (see strtab.h): each string is its own allocation (so pointers stay valid
 * while the table grows), found again through an open-addressing hash of ids.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "strtab.h"
#include "xalloc.h"

struct scd_strtab {
	char **str;		/* by id; str[0] = "" */
	size_t n, cap;
	uint32_t *slots;	/* 0 = free */
	size_t nslots;		/* power of 2, load <= 1/2 */
};

struct scd_strtab *scd_strtab_new(void)
{
	struct scd_strtab *t = xcalloc(1, sizeof(*t));

	t->cap = 64;
	t->str = xcalloc(t->cap, sizeof(*t->str));
	t->str[0] = xstrdup("");
	t->n = 1;
	t->nslots = 128;
	t->slots = xcalloc(t->nslots, sizeof(*t->slots));
	return t;
}

void scd_strtab_free(struct scd_strtab *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		free(t->str[i]);
	free(t->str);
	free(t->slots);
	free(t);
}

static size_t find(const struct scd_strtab *t, const char *s, size_t len)
{
	size_t j = scd_hash_bytes(s, len) & (t->nslots - 1);

	while (t->slots[j]) {
		const char *c = t->str[t->slots[j]];

		if (!strncmp(c, s, len) && c[len] == 0)
			break;
		j = (j + 1) & (t->nslots - 1);
	}
	return j;
}

uint32_t scd_strtab_intern(struct scd_strtab *t, const char *s, size_t len)
{
	size_t j, i;
	uint32_t id;
	char *copy;

	len = strnlen(s, len);
	if (!len)
		return 0;
	j = find(t, s, len);
	if (t->slots[j])
		return t->slots[j];
	if (t->n == t->cap) {
		t->cap *= 2;
		t->str = xrealloc(t->str, t->cap, sizeof(*t->str));
	}
	copy = xmalloc(len + 1);
	memcpy(copy, s, len);
	copy[len] = 0;
	t->str[t->n] = copy;
	id = (uint32_t)t->n++;
	t->slots[j] = id;
	if (t->n * 2 > t->nslots) {
		free(t->slots);
		t->nslots *= 2;
		t->slots = xcalloc(t->nslots, sizeof(*t->slots));
		for (i = 1; i < t->n; i++)
			t->slots[find(t, t->str[i], strlen(t->str[i]))] = (uint32_t)i;
	}
	return id;
}

const char *scd_strtab_get(const struct scd_strtab *t, uint32_t id)
{
	return id < t->n ? t->str[id] : "";
}
