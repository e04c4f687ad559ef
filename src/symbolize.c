// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Frame naming with a cache (see symbolize.h). Every frame of a callchain but the first is a
 * return address, and the first is the instruction after a call or a syscall, so the address
 * looked up is ip - 1: it always lies inside the calling function, never in the next one.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demangle.h"
#include "ksym.h"
#include "symbolize.h"
#include "tidmap.h"
#include "usym.h"
#include "xalloc.h"

struct name_ent {
	int32_t tgid;		/* 0 = kernel */
	int32_t used;
	uint64_t ip;
	char *name;
};

struct scd_symbolizer {
	struct scd_ksyms *k;
	int kerr;		/* loading kallsyms failed (errno), or -1 before the first try */
	bool reloaded;		/* kallsyms was read again after a miss */
	bool raw_names;		/* user names as the symbol table has them (no demangling) */
	struct scd_usyms *u;
	struct scd_tidmap *tried;	/* processes whose /proc maps were read (or tried) */
	struct name_ent *tab;
	size_t cap, n;		/* cap: power of 2 */
	uint64_t unresolved;
};

struct scd_symbolizer *scd_symbolizer_new(void)
{
	struct scd_symbolizer *s = xcalloc(1, sizeof(*s));

	s->kerr = -1;
	s->u = scd_usyms_new();
	s->tried = scd_tidmap_new(sizeof(int32_t));
	s->cap = 1024;
	s->tab = xcalloc(s->cap, sizeof(*s->tab));
	return s;
}

void scd_symbolizer_free(struct scd_symbolizer *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->cap; i++)
		free(s->tab[i].name);
	free(s->tab);
	scd_ksyms_free(s->k);
	scd_usyms_free(s->u);
	scd_tidmap_free(s->tried);
	free(s);
}

/*
 * @tgid's entry of the processes seen (its value counts the snapshots taken again), its
 * maps taken at its first sight: a live process's maps are complete; if it is gone, what
 * perf recorded stays. NULL for tgid <= 0.
 */
static int32_t *seen(struct scd_symbolizer *s, int32_t tgid)
{
	bool created;
	int32_t *n;

	if (tgid <= 0)
		return NULL;
	n = scd_tidmap_get(s->tried, tgid, &created);
	if (created) {
		*n = 0;
		scd_usyms_snapshot(s->u, tgid);
	}
	return n;
}

void scd_symbolizer_seen(struct scd_symbolizer *s, int32_t tgid)
{
	seen(s, tgid);
}

/* Snapshots of one process taken again because its sampled instruction was not mapped. */
#define MAX_REFRESH 8

void scd_symbolizer_fresh(struct scd_symbolizer *s, int32_t tgid, uint64_t ip)
{
	int32_t *n = seen(s, tgid);

	if (n && !scd_usyms_maps(s->u, tgid, ip) && *n < MAX_REFRESH) {
		(*n)++;
		scd_usyms_snapshot(s->u, tgid);
	}
}

void scd_symbolizer_exec(struct scd_symbolizer *s, int32_t tgid)
{
	void *t = scd_tidmap_find(s->tried, tgid);

	if (t)
		scd_tidmap_del(s->tried, t);
	scd_usyms_forget(s->u, tgid);
}

void scd_symbolizer_fork(struct scd_symbolizer *s, int32_t parent, int32_t child)
{
	scd_usyms_fork(s->u, parent, child);
}

void scd_symbolizer_mmap(struct scd_symbolizer *s, int32_t tgid, uint64_t start, uint64_t len,
			 uint64_t pgoff, uint64_t dev, uint64_t ino, const char *path)
{
	if (tgid > 0 && len)
		scd_usyms_add_map(s->u, tgid, start, start + len, pgoff, dev, ino, path);
}

static size_t slot_of(const struct scd_symbolizer *s, int32_t tgid, uint64_t ip)
{
	uint64_t h = (ip ^ ((uint64_t)(uint32_t)tgid << 32)) * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 20) & (s->cap - 1);
}

static struct name_ent *find(struct scd_symbolizer *s, int32_t tgid, uint64_t ip)
{
	size_t j = slot_of(s, tgid, ip);

	while (s->tab[j].used && (s->tab[j].tgid != tgid || s->tab[j].ip != ip))
		j = (j + 1) & (s->cap - 1);
	return &s->tab[j];
}

static const char *remember(struct scd_symbolizer *s, int32_t tgid, uint64_t ip, char *name,
			    bool resolved)
{
	struct name_ent *e;

	if ((s->n + 1) * 2 > s->cap) {
		struct name_ent *old = s->tab;
		size_t i, oldcap = s->cap;

		s->cap *= 2;
		s->tab = xcalloc(s->cap, sizeof(*s->tab));
		for (i = 0; i < oldcap; i++)
			if (old[i].used)
				*find(s, old[i].tgid, old[i].ip) = old[i];
		free(old);
	}
	e = find(s, tgid, ip);
	e->used = 1;
	e->tgid = tgid;
	e->ip = ip;
	e->name = name;
	s->n++;
	s->unresolved += !resolved;
	return name;
}

const char *scd_symbolizer_kernel(struct scd_symbolizer *s, uint64_t ip)
{
	struct name_ent *e = find(s, 0, ip);
	const char *name = NULL;
	char *out;
	uint64_t off;

	if (e->used)
		return e->name;
	if (s->kerr == -1) {
		int err = 0;

		s->k = scd_ksyms_load(NULL, &err);
		s->kerr = !s->k ? (err < 0 ? -err : EIO) : scd_ksyms_restricted(s->k) ? EPERM : 0;
	}
	if (s->k && !s->kerr)
		name = scd_ksyms_lookup(s->k, ip - 1, &off);
	if (!name && s->k && !s->kerr && !s->reloaded) {
		/* BPF and ftrace trampolines come and go: one fresh read of kallsyms per run */
		int err = 0;
		struct scd_ksyms *k = scd_ksyms_load(NULL, &err);

		s->reloaded = true;
		if (k) {
			scd_ksyms_free(s->k);
			s->k = k;
			name = scd_ksyms_lookup(s->k, ip - 1, &off);
		}
	}
	if (name)
		out = xstrdup(name);
	else
		xasprintf(&out, "[unknown] (0x%llx)", (unsigned long long)ip);
	return remember(s, 0, ip, out, name != NULL);
}

const char *scd_symbolizer_user(struct scd_symbolizer *s, int32_t tgid, uint64_t ip)
{
	struct name_ent *e = find(s, tgid > 0 ? tgid : -1, ip);
	struct scd_usym sym;
	char *out;
	int err;

	if (tgid <= 0)
		tgid = -1;
	if (e->used)
		return e->name;
	err = tgid > 0 ? scd_usyms_lookup(s->u, tgid, ip - 1, &sym) : -ENOENT;
	if (!err && sym.name) {
		out = s->raw_names ? NULL : scd_demangle(sym.name);	/* C++, Rust */
		if (!out)
			out = xstrdup(sym.name);
	} else if (!err && sym.module)
		xasprintf(&out, "[unknown] (%s+0x%llx)", sym.module,
			  (unsigned long long)sym.offset + 1);
	else
		xasprintf(&out, "[unknown] (0x%llx)", (unsigned long long)ip);
	return remember(s, tgid, ip, out, !err && sym.name);
}

void scd_symbolizer_unwind(struct scd_symbolizer *s, bool on)
{
	scd_usyms_set_cfi(s->u, on);
}

int scd_symbolizer_cfi(struct scd_symbolizer *s, int32_t tgid, uint64_t ip,
		       struct scd_cfi_row *row)
{
	return scd_usyms_cfi(s->u, tgid, ip, row);
}

void scd_symbolizer_demangle(struct scd_symbolizer *s, bool on)
{
	s->raw_names = !on;
}

void scd_symbolizer_debug_dir(struct scd_symbolizer *s, const char *dir)
{
	scd_usyms_set_debug_dir(s->u, dir && *dir ? dir : NULL);
}

void scd_symbolizer_counts(const struct scd_symbolizer *s, uint64_t *named, uint64_t *unresolved,
			   uint64_t *debug_files)
{
	struct scd_usyms_stats st;

	scd_usyms_stats(s->u, &st);
	*named = s->n;
	*unresolved = s->unresolved;
	*debug_files = st.debug_files;
}

const char *scd_symbolizer_kernel_problem(const struct scd_symbolizer *s)
{
	if (s->kerr == EPERM)
		return "kernel addresses are hidden (kernel.kptr_restrict): kernel frames "
		       "are not named";
	if (s->kerr > 0)
		return "cannot read /proc/kallsyms: kernel frames are not named";
	return NULL;
}
