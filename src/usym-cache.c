// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The parsed-file cache behind user-space symbolization. Entries are keyed by the (device,
 * inode) that /proc/PID/maps gives, so a library mapped by a thousand processes is parsed
 * once. An inode can be reused for a new file, and a file can be rewritten in place, so each
 * entry remembers the size and mtime it was parsed at and is parsed again when they change.
 * Parses are shared by GNU build-id: a copy of a binary under another inode (another
 * container layer, a rewrite with identical content) reuses the earlier parse, keeping the
 * one with more symbols when one copy is stripped. Parses are never freed before the cache,
 * so names handed out stay valid. The vDSO has no file: the kernel maps one image per ABI
 * into every process, so we parse our own and use it for mappings of the same size.
 */
#include "config.h"

#include <elf.h>
#include <string.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "tidmap.h"
#include "usym-int.h"
#include "xalloc.h"

static size_t bucket(uint64_t dev, uint64_t ino)
{
	return ((ino ^ dev * 31) * 0x9e3779b97f4a7c15ull) >> 56 & (USYM_BUCKETS - 1);
}

struct usym_file *scd_usyms_cache_find(const struct scd_usyms *u, uint64_t dev, uint64_t ino)
{
	struct usym_file *f;

	for (f = u->file[bucket(dev, ino)]; f; f = f->next)
		if (f->dev == dev && f->ino == ino)
			return f;
	return NULL;
}

struct usym_file *scd_usyms_cache_add(struct scd_usyms *u, uint64_t dev, uint64_t ino,
				      const char *path)
{
	static const char deleted[] = " (deleted)";
	const char *base = strrchr(path, '/');
	size_t len, b = bucket(dev, ino);
	struct usym_file *f;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (len >= sizeof(deleted) && !strcmp(base + len - (sizeof(deleted) - 1), deleted))
		len -= sizeof(deleted) - 1;
	f = xcalloc(1, sizeof(*f) + len + 1);
	memcpy(f->name, base, len);
	f->dev = dev;
	f->ino = ino;
	f->next = u->file[b];
	u->file[b] = f;
	return f;
}

static int64_t mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

bool scd_usyms_cache_same(const struct usym_file *f, const struct stat *st)
{
	return f->size == (int64_t)st->st_size && f->mtime_ns == mtime_ns(st);
}

/* An earlier parse with the same build-id as @elf (the one with most symbols), or NULL. */
static struct scd_usym_elf *same_build(const struct scd_usyms *u, const struct scd_usym_elf *elf)
{
	struct scd_usym_elf *best = NULL;
	const uint8_t *id, *other;
	size_t len, olen, i;

	id = scd_usym_elf_build_id(elf, &len);
	if (!id)
		return NULL;
	for (i = 0; i < u->nelf; i++) {
		other = scd_usym_elf_build_id(u->elf[i], &olen);
		if (olen != len || memcmp(id, other, len))
			continue;
		if (!best || scd_usym_elf_count(u->elf[i]) > scd_usym_elf_count(best))
			best = u->elf[i];
	}
	return best;
}

void scd_usyms_cache_set(struct scd_usyms *u, struct usym_file *f, struct scd_usym_elf *elf,
			 const struct stat *st)
{
	struct scd_usym_elf *old = same_build(u, elf);

	f->size = st->st_size;
	f->mtime_ns = mtime_ns(st);
	if (old && scd_usym_elf_count(old) >= scd_usym_elf_count(elf)) {
		scd_usym_elf_free(elf);
		f->elf = old;
		return;
	}
	if (u->nelf == u->elf_cap)
		u->elf = xrealloc(u->elf, u->elf_cap = u->elf_cap ? u->elf_cap * 2 : 16,
				  sizeof(*u->elf));
	u->elf[u->nelf++] = elf;
	u->st.files_loaded++;
	u->st.debug_files += scd_usym_elf_from_debug(elf);
	f->elf = elf;
}

/* Size of the ELF image at @ehdr: its section headers come last in a vDSO. */
static size_t vdso_size(const void *image)
{
	const unsigned char *id = image;

	if (memcmp(id, ELFMAG, SELFMAG))
		return 0;
	if (id[EI_CLASS] == ELFCLASS64) {
		const Elf64_Ehdr *h = image;

		return h->e_shoff + (size_t)h->e_shnum * h->e_shentsize;
	}
	if (id[EI_CLASS] == ELFCLASS32) {
		const Elf32_Ehdr *h = image;

		return h->e_shoff + (size_t)h->e_shnum * h->e_shentsize;
	}
	return 0;
}

const struct scd_usym_elf *scd_usyms_vdso(struct scd_usyms *u, uint64_t len)
{
	const void *image;
	long page;
	int err;

	if (!u->vdso_tried) {
		u->vdso_tried = true;
		/* 0 under valgrind, which hides the vDSO from its guest. */
		image = (const void *)getauxval(AT_SYSINFO_EHDR);
		page = sysconf(_SC_PAGESIZE);
		u->vdso_len = image && page > 0 ? vdso_size(image) : 0;
		if (u->vdso_len) {
			u->vdso = scd_usym_elf_load_mem(image, u->vdso_len, u->cfi, &err);
			u->vdso_len = (u->vdso_len + page - 1) / page * page;
		}
	}
	/* A 32-bit process has another vDSO image, of another size (the best check we have). */
	return u->vdso && len == u->vdso_len ? u->vdso : NULL;
}

void scd_usyms_cache_free(struct scd_usyms *u)
{
	struct usym_file *f, *next;
	size_t i;

	for (i = 0; i < USYM_BUCKETS; i++) {
		for (f = u->file[i]; f; f = next) {
			next = f->next;
			free(f);
		}
	}
	for (i = 0; i < u->nelf; i++)
		scd_usym_elf_free(u->elf[i]);
	free(u->elf);
	scd_usym_elf_free(u->vdso);
	free(u->debug_dir);
}
