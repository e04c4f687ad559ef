// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Stack interning (see stacks.h): every chain's frames live in one growing arena of u64, an
 * entry table gives each id its arena offset and length, and an open-addressing hash of ids
 * (load at most 1/2) finds an existing chain in one probe sequence.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "stacks.h"
#include "xalloc.h"

struct stack_ent {
	size_t off;		/* first frame in the arena */
	uint32_t n;
	uint32_t hash;
};

struct scd_stacks {
	uint64_t *arena;
	size_t arena_len, arena_cap;
	struct stack_ent *ent;	/* by id; ent[0] is the empty stack */
	size_t nent, ent_cap;
	uint32_t *slots;	/* 0 = free, else an id */
	size_t nslots;		/* power of 2 */
};

static uint32_t hash_ips(const uint64_t *ips, uint32_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
	uint32_t i;

	for (i = 0; i < n; i++) {
		h ^= ips[i];
		h *= 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	return (uint32_t)h;
}

struct scd_stacks *scd_stacks_new(void)
{
	struct scd_stacks *s = xcalloc(1, sizeof(*s));

	s->ent_cap = 256;
	s->ent = xcalloc(s->ent_cap, sizeof(*s->ent));
	s->nent = 1;
	s->nslots = 512;
	s->slots = xcalloc(s->nslots, sizeof(*s->slots));
	s->arena_cap = 4096;
	s->arena = xcalloc(s->arena_cap, sizeof(*s->arena));
	return s;
}

void scd_stacks_free(struct scd_stacks *s)
{
	if (!s)
		return;
	free(s->arena);
	free(s->ent);
	free(s->slots);
	free(s);
}

static void rehash(struct scd_stacks *s)
{
	size_t n = s->nslots * 2, i;
	uint32_t *slots = xcalloc(n, sizeof(*slots));

	for (i = 1; i < s->nent; i++) {
		size_t j = s->ent[i].hash & (n - 1);

		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = (uint32_t)i;
	}
	free(s->slots);
	s->slots = slots;
	s->nslots = n;
}

static uint32_t add(struct scd_stacks *s, const uint64_t *ips, uint32_t n, uint32_t h)
{
	struct stack_ent *e;

	if (s->nent == s->ent_cap) {
		s->ent_cap *= 2;
		s->ent = xrealloc(s->ent, s->ent_cap, sizeof(*s->ent));
	}
	while (s->arena_len + n > s->arena_cap) {
		s->arena_cap *= 2;
		s->arena = xrealloc(s->arena, s->arena_cap, sizeof(*s->arena));
	}
	e = &s->ent[s->nent];
	e->off = s->arena_len;
	e->n = n;
	e->hash = h;
	memcpy(s->arena + s->arena_len, ips, n * sizeof(*ips));
	s->arena_len += n;
	return (uint32_t)s->nent++;
}

uint32_t scd_stacks_intern(struct scd_stacks *s, const uint64_t *ips, uint32_t n)
{
	uint32_t h, id;
	size_t j;

	if (!n)
		return 0;
	h = hash_ips(ips, n);
	for (j = h & (s->nslots - 1); s->slots[j]; j = (j + 1) & (s->nslots - 1)) {
		const struct stack_ent *e = &s->ent[s->slots[j]];

		if (e->hash == h && e->n == n && !memcmp(s->arena + e->off, ips, n * sizeof(*ips)))
			return s->slots[j];
	}
	id = add(s, ips, n, h);
	s->slots[j] = id;
	if (s->nent * 2 > s->nslots)
		rehash(s);
	return id;
}

const uint64_t *scd_stacks_get(const struct scd_stacks *s, uint32_t id, uint32_t *n)
{
	if (!id || id >= s->nent) {
		*n = 0;
		return NULL;
	}
	*n = s->ent[id].n;
	return s->arena + s->ent[id].off;
}

size_t scd_stacks_count(const struct scd_stacks *s)
{
	return s->nent - 1;
}
