// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Syscall number <-> name lookups over the table generated from the target's <asm/unistd.h>.
 * Number -> name is on the per-record path (reports name every syscall id they see), so it
 * goes through a dense index covering [lowest nr, highest nr], built once at first use in
 * static storage: no allocation, one array read per lookup. The range does not start at 0 on
 * every ABI (MIPS o32 starts at 4000, x32 at 0x40000000), hence the offset. Name -> number is
 * only used while parsing the command line and stays a linear scan.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "syscalls.h"
#include "syscalls-gen.h"

#define SCD_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

_Static_assert(SCD_ARRAY_SIZE(scd_syscall_table) < UINT16_MAX,
	       "syscall table too large for a 16-bit index");

/*
 * A sane table spans a few hundred numbers. Should some ABI ever spread its numbers much
 * further, fall back to a binary search rather than reserve a huge index.
 */
#if SCD_SYSCALL_NR_MAX - SCD_SYSCALL_NR_MIN < 65536
#define SCD_SYSCALL_DENSE 1
#define SCD_SYSCALL_SPAN (SCD_SYSCALL_NR_MAX - SCD_SYSCALL_NR_MIN + 1)

/* Table position + 1 of each number, 0 where the number has no name. */
static uint16_t scd_syscall_index[SCD_SYSCALL_SPAN];
static bool scd_syscall_index_ready;

static void scd_syscall_index_build(void)
{
	size_t i;

	/* Walk backwards so that the first name of a number shared by two names wins. */
	for (i = SCD_ARRAY_SIZE(scd_syscall_table); i-- > 0;) {
		int off = scd_syscall_table[i].nr - SCD_SYSCALL_NR_MIN;

		scd_syscall_index[off] = (uint16_t)(i + 1);
	}
	scd_syscall_index_ready = true;
}
#else
#define SCD_SYSCALL_DENSE 0
#endif

/**
 * scd_syscall_name - name of a syscall number
 * @nr: syscall number of the target ABI (the id field of raw_syscalls events)
 *
 * Return: the __NR_ name without prefix ("read"), or NULL when the table does not know @nr
 * (negative, beyond the table, a hole, or a syscall newer than the build's kernel headers).
 */
const char *scd_syscall_name(int nr)
{
#if SCD_SYSCALL_DENSE
	unsigned int pos;

	if (nr < SCD_SYSCALL_NR_MIN || nr > SCD_SYSCALL_NR_MAX)
		return NULL;
	if (!scd_syscall_index_ready)
		scd_syscall_index_build();
	pos = scd_syscall_index[nr - SCD_SYSCALL_NR_MIN];
	return pos ? scd_syscall_table[pos - 1].name : NULL;
#else
	size_t lo = 0, hi = SCD_ARRAY_SIZE(scd_syscall_table);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (scd_syscall_table[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < SCD_ARRAY_SIZE(scd_syscall_table) && scd_syscall_table[lo].nr == nr)
		return scd_syscall_table[lo].name;
	return NULL;
#endif
}

static int scd_syscall_find(const char *name)
{
	size_t i;

	for (i = 0; i < SCD_ARRAY_SIZE(scd_syscall_table); i++) {
		if (!strcmp(scd_syscall_table[i].name, name))
			return scd_syscall_table[i].nr;
	}
	return -ENOENT;
}

/**
 * scd_syscall_nr - number of a syscall name
 * @name: __NR_ name ("uname"), a tracefs event base name ("newuname"), or a user alias
 *        of the alias table ("fstatat")
 *
 * Return: the syscall number, -ENOENT when the name is unknown, -EINVAL when @name is NULL.
 */
int scd_syscall_nr(const char *name)
{
	size_t i;
	int nr;

	if (!name)
		return -EINVAL;
	nr = scd_syscall_find(name);
	if (nr >= 0)
		return nr;

	/* An alias row links two spellings; whichever the table has gives the number. */
	for (i = 0; i < SCD_ARRAY_SIZE(scd_syscall_event_alias); i++) {
		const struct scd_syscall_alias *a = &scd_syscall_event_alias[i];

		if (!strcmp(a->event, name))
			nr = scd_syscall_find(a->name);
		else if (!strcmp(a->name, name))
			nr = scd_syscall_find(a->event);
		else
			continue;
		if (nr >= 0)
			return nr;
	}
	return -ENOENT;
}

/**
 * scd_syscall_event_name - tracefs event base name of a syscall
 * @name: name as the user typed it ("uname")
 *
 * The result is what follows sys_enter_/sys_exit_ under events/syscalls/ ("newuname").
 * Names without an alias are returned unchanged, known or not: checking that the event
 * exists is the caller's job, against the running kernel.
 *
 * Return: the event base name, or NULL when @name is NULL.
 */
const char *scd_syscall_event_name(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < SCD_ARRAY_SIZE(scd_syscall_event_alias); i++) {
		if (!strcmp(scd_syscall_event_alias[i].name, name))
			return scd_syscall_event_alias[i].event;
	}
	return name;
}

/**
 * scd_syscall_max - size of a table indexed by syscall number
 *
 * Return: one more than the highest number in the table.
 */
int scd_syscall_max(void)
{
	return SCD_SYSCALL_NR_MAX + 1;
}

/**
 * scd_syscall_count - number of entries in the table, for iteration with scd_syscall_at()
 */
size_t scd_syscall_count(void)
{
	return SCD_ARRAY_SIZE(scd_syscall_table);
}

/**
 * scd_syscall_at - name of the @i-th entry, in number order
 * @i: 0 <= i < scd_syscall_count()
 *
 * Return: the name, or NULL when @i is out of range.
 */
const char *scd_syscall_at(size_t i)
{
	if (i >= SCD_ARRAY_SIZE(scd_syscall_table))
		return NULL;
	return scd_syscall_table[i].name;
}
