// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Per-process user-space symbolization (see usym.h). A snapshot turns /proc/PID/maps into a
 * sorted array of executable mappings, each pointing at a parsed ELF file (or none). Files
 * are opened at snapshot time through /proc/PID/root/PATH, which names the right file inside
 * another mount namespace (containers); then through /proc/PID/map_files/START-END, which
 * still reaches a deleted or replaced file (needs CAP_SYS_ADMIN); and last through the plain
 * PATH, for when the process exited between reading maps and opening, or /proc/PID/root is
 * denied; that guess is accepted only if it has the mapped inode. IP to symbol uses one rule
 * for PIE, shared libraries and ET_EXEC: file offset = ip - start + pgoff, which usym-elf.c
 * turns into a virtual address through the PT_LOAD segment holding that offset.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfi.h"
#include "proc.h"
#include "tidmap.h"
#include "usym.h"
#include "usym-int.h"
#include "xalloc.h"

struct usym_map {
	uint64_t start, end, pgoff;
	const struct scd_usym_elf *elf;	/* NULL: no symbols */
	const char *module;
};

struct usym_proc {
	int32_t pid;			/* first: scd_tidmap's key */
	uint32_t n;
	struct usym_map *map;		/* sorted by start, not overlapping */
};

/* One line of /proc/PID/maps. */
struct maps_line {
	uint64_t start, end, pgoff, dev, ino;
	char perms[5];
	const char *path;		/* "" for anonymous mappings */
};

struct scd_usyms *scd_usyms_new(void)
{
	struct scd_usyms *u = xcalloc(1, sizeof(*u));

	u->procs = scd_tidmap_new(sizeof(struct usym_proc));
	return u;
}

void scd_usyms_set_cfi(struct scd_usyms *u, bool on)
{
	u->cfi = on;
}

void scd_usyms_set_debug_dir(struct scd_usyms *u, const char *dir)
{
	free(u->debug_dir);
	u->debug_dir = dir ? xstrdup(dir) : NULL;
}

void scd_usyms_free(struct scd_usyms *u)
{
	struct usym_proc *p;
	size_t i;

	if (!u)
		return;
	for (i = 0; i < scd_tidmap_capacity(u->procs); i++) {
		if (!scd_tidmap_tid_at(u->procs, i))
			continue;
		p = scd_tidmap_at(u->procs, i);
		free(p->map);
	}
	scd_tidmap_free(u->procs);
	scd_usyms_cache_free(u);
	free(u->cfi_memo);
	free(u);
}

static int parse_maps_line(char *line, struct maps_line *ml)
{
	unsigned int maj, min;
	int pos = 0;

	if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %4s %" SCNx64 " %x:%x %" SCNu64 "%n",
		   &ml->start, &ml->end, ml->perms, &ml->pgoff, &maj, &min, &ml->ino, &pos) != 7 ||
	    !pos || ml->end <= ml->start)
		return -EINVAL;
	ml->dev = (uint64_t)maj << 32 | min;
	line += pos;
	line += strspn(line, " ");
	ml->path = line;
	return 0;
}

/* Opens the file of @ml as described at the top; -errno when no way works. */
static int open_mapped(int32_t pid, const struct maps_line *ml, struct stat *st)
{
	static const char deleted[] = " (deleted)";
	size_t len = strlen(ml->path);
	bool gone = len > sizeof(deleted) &&
		    !strcmp(ml->path + len - (sizeof(deleted) - 1), deleted);
	char *path;
	int fd = -1;

	if (!gone && ml->path[0] == '/') {
		xasprintf(&path, "/proc/%d/root%s", pid, ml->path);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		free(path);
	}
	if (fd < 0) {
		xasprintf(&path, "/proc/%d/map_files/%" PRIx64 "-%" PRIx64, pid, ml->start,
			  ml->end);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		free(path);
	}
	if (fd >= 0 && !fstat(fd, st))
		return fd;
	if (fd >= 0)
		close(fd);
	if (gone || ml->path[0] != '/')
		return -ENOENT;
	fd = open(ml->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (!fstat(fd, st) && st->st_ino == ml->ino)
		return fd;
	close(fd);
	return -ESTALE;
}

/* The parsed file of a mapping; cached, opened only to check the cache is still right. */
static const struct usym_file *get_file(struct scd_usyms *u, int32_t pid,
					const struct maps_line *ml)
{
	struct usym_file *f = scd_usyms_cache_find(u, ml->dev, ml->ino);
	struct scd_usym_elf *elf;
	struct stat st;
	int fd, err;

	fd = open_mapped(pid, ml, &st);
	if (fd < 0)
		goto keep;
	if (f && f->elf && scd_usyms_cache_same(f, &st)) {
		close(fd);
		return f;
	}
	elf = scd_usym_elf_load(fd, u->debug_dir, u->cfi, &err);
	close(fd);
	if (!elf)
		goto keep;
	if (!f)
		f = scd_usyms_cache_add(u, ml->dev, ml->ino, ml->path);
	scd_usyms_cache_set(u, f, elf, &st);
	return f;
keep:
	/* Not readable now: the last good parse, if any, is the best we have. */
	if (!f) {
		f = scd_usyms_cache_add(u, ml->dev, ml->ino, ml->path);
		u->st.files_failed++;
	}
	return f;
}

static void fill_map(struct scd_usyms *u, int32_t pid, const struct maps_line *ml,
		     struct usym_map *m)
{
	const struct usym_file *f;

	m->start = ml->start;
	m->end = ml->end;
	m->pgoff = ml->pgoff;
	m->elf = NULL;
	if (ml->ino) {
		f = get_file(u, pid, ml);
		m->elf = f->elf;
		m->module = f->name;
	} else if (!strcmp(ml->path, "[vdso]")) {
		m->elf = scd_usyms_vdso(u, ml->end - ml->start);
		m->module = "[vdso]";
	} else if (!strcmp(ml->path, "[vsyscall]")) {
		m->module = "[vsyscall]";
	} else {
		m->module = "[anon]";
	}
}

static int map_cmp(const void *a, const void *b)
{
	const struct usym_map *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Fills @p from the text of a maps file (modified in place). */
static int parse_maps(struct scd_usyms *u, int32_t pid, char *text, struct usym_proc *p)
{
	size_t cap = 16;
	struct maps_line ml;
	char *line, *nl;

	p->n = 0;
	p->map = xmalloc(cap * sizeof(*p->map));
	for (line = text; *line; line = nl) {
		nl = line + strcspn(line, "\n");
		if (*nl)
			*nl++ = 0;
		if (parse_maps_line(line, &ml))
			return -EINVAL;
		if (ml.perms[2] != 'x')
			continue;
		if (p->n == cap)
			p->map = xrealloc(p->map, cap *= 2, sizeof(*p->map));
		fill_map(u, pid, &ml, &p->map[p->n++]);
	}
	qsort(p->map, p->n, sizeof(*p->map), map_cmp);
	return 0;
}

int scd_usyms_snapshot(struct scd_usyms *u, int32_t pid)
{
	struct usym_proc fresh, *p;
	char path[32], *text;
	size_t len;
	int ret;

	if (pid <= 0)
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	ret = scd_proc_read_file(path, &text, &len);
	if (ret)
		return ret;
	ret = parse_maps(u, pid, text, &fresh);
	free(text);
	/* A zombie (or kernel thread) shows no mappings: keep what perf recorded of it. */
	if (!ret && !fresh.n)
		ret = -ESRCH;
	if (ret) {
		free(fresh.map);
		return ret;
	}
	p = scd_tidmap_get(u->procs, pid, &(bool){ false });
	free(p->map);
	p->n = fresh.n;
	p->map = fresh.map;
	return 0;
}

int scd_usyms_add_map(struct scd_usyms *u, int32_t pid, uint64_t start, uint64_t end,
		      uint64_t pgoff, uint64_t dev, uint64_t ino, const char *path)
{
	struct maps_line ml = {
		.start = start, .end = end, .pgoff = pgoff, .dev = dev, .ino = ino,
		.perms = "r-xp", .path = path,
	};
	struct usym_proc *p;
	struct usym_map m;
	uint32_t i, j;

	if (pid <= 0 || end <= start)
		return -EINVAL;
	fill_map(u, pid, &ml, &m);
	p = scd_tidmap_get(u->procs, pid, &(bool){ false });
	/* A new mapping replaces whatever it overlaps (munmap left no record of its own). */
	for (i = j = 0; i < p->n; i++)
		if (p->map[i].end <= start || p->map[i].start >= end)
			p->map[j++] = p->map[i];
	p->map = xrealloc(p->map, (size_t)j + 1, sizeof(*p->map));
	for (i = j; i > 0 && p->map[i - 1].start > start; i--)
		p->map[i] = p->map[i - 1];
	p->map[i] = m;
	p->n = j + 1;
	return 0;
}

void scd_usyms_fork(struct scd_usyms *u, int32_t parent, int32_t child)
{
	const struct usym_proc *pp = parent > 0 ? scd_tidmap_find(u->procs, parent) : NULL;
	struct usym_map *copy;
	struct usym_proc *c;
	uint32_t n;

	if (!pp || child <= 0 || child == parent)
		return;
	n = pp->n;
	copy = xmalloc(((size_t)n + 1) * sizeof(*copy));
	memcpy(copy, pp->map, (size_t)n * sizeof(*copy));
	/* get may move the parent's record: it was copied first */
	c = scd_tidmap_get(u->procs, child, &(bool){ false });
	free(c->map);
	c->map = copy;
	c->n = n;
}

void scd_usyms_forget(struct scd_usyms *u, int32_t pid)
{
	struct usym_proc *p = pid > 0 ? scd_tidmap_find(u->procs, pid) : NULL;

	if (!p)
		return;
	free(p->map);
	scd_tidmap_del(u->procs, p);
}

bool scd_usyms_known(const struct scd_usyms *u, int32_t pid)
{
	return pid > 0 && scd_tidmap_find(u->procs, pid);
}

/* The mapping of @pid that holds @ip, or NULL. */
static const struct usym_map *map_of(const struct scd_usyms *u, int32_t pid, uint64_t ip)
{
	const struct usym_proc *p = pid > 0 ? scd_tidmap_find(u->procs, pid) : NULL;
	size_t lo = 0, hi = p ? p->n : 0, mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (p->map[mid].start <= ip)
			lo = mid;
		else
			hi = mid;
	}
	if (hi == lo || ip < p->map[lo].start || ip >= p->map[lo].end)
		return NULL;
	return &p->map[lo];
}

int scd_usyms_lookup(struct scd_usyms *u, int32_t pid, uint64_t ip, struct scd_usym *out)
{
	const struct usym_map *m;
	uint64_t off;

	u->st.lookups++;
	*out = (struct scd_usym){ NULL, NULL, 0 };
	m = map_of(u, pid, ip);
	if (!m) {
		u->st.no_mapping++;
		return -ENOENT;
	}
	off = ip - m->start + m->pgoff;
	out->module = m->module;
	out->name = m->elf ? scd_usym_elf_lookup(m->elf, off, &out->offset) : NULL;
	if (!out->name) {
		out->offset = off;
		u->st.no_symbol++;
	}
	return 0;
}

bool scd_usyms_maps(const struct scd_usyms *u, int32_t pid, uint64_t ip)
{
	return map_of(u, pid, ip) != NULL;
}

struct usym_cfi_memo {
	const struct scd_usym_elf *elf;
	uint64_t off;
	int ret;
	struct scd_cfi_row row;
};

int scd_usyms_cfi(struct scd_usyms *u, int32_t pid, uint64_t ip, struct scd_cfi_row *row)
{
	const struct usym_map *m = map_of(u, pid, ip);
	struct usym_cfi_memo *c;
	uint64_t off, h;

	if (!m || !m->elf)
		return -ENOENT;
	off = ip - m->start + m->pgoff;
	if (!u->cfi_memo)
		u->cfi_memo = xcalloc(USYM_CFI_MEMO, sizeof(*u->cfi_memo));
	h = (off ^ (uint64_t)(uintptr_t)m->elf) * 0x9e3779b97f4a7c15ull;
	c = &u->cfi_memo[h >> 52];	/* 12 bits: USYM_CFI_MEMO */
	if (c->elf != m->elf || c->off != off) {
		c->elf = m->elf;
		c->off = off;
		c->ret = scd_usym_elf_cfi(m->elf, off, &c->row);
	}
	if (!c->ret)
		*row = c->row;
	return c->ret;
}

void scd_usyms_stats(const struct scd_usyms *u, struct scd_usyms_stats *st)
{
	*st = u->st;
	st->processes = u->procs->used;
}
