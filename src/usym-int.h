// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Internals shared by usym.c (snapshots and lookups) and usym-cache.c (the parsed-file cache
 * and the vDSO). Not for other modules.
 */
#ifndef SCD_USYM_INT_H
#define SCD_USYM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "usym.h"
#include "usym-elf.h"

/* A mapped file as /proc/PID/maps names it: (device, inode), plus what we parsed from it. */
struct usym_file {
	uint64_t dev, ino;
	int64_t size, mtime_ns;			/* of the file we parsed, to notice a rewrite */
	const struct scd_usym_elf *elf;		/* NULL: never opened or parsed */
	struct usym_file *next;			/* hash chain */
	char name[];				/* basename, the "module" of lookups */
};

#define USYM_BUCKETS 256
#define USYM_CFI_MEMO 4096

struct usym_cfi_memo;

struct scd_usyms {
	struct scd_tidmap *procs;		/* pid -> struct usym_proc */
	struct usym_file *file[USYM_BUCKETS];
	struct scd_usym_elf **elf;		/* every parse kept; snapshots point into them */
	size_t nelf, elf_cap;
	struct scd_usym_elf *vdso;		/* our own vDSO, parsed once */
	uint64_t vdso_len;
	bool vdso_tried;
	char *debug_dir;			/* where debug files are looked for; NULL: nowhere */
	bool cfi;				/* keep unwind tables (scd_usyms_set_cfi) */
	struct usym_cfi_memo *cfi_memo;		/* USYM_CFI_MEMO rules, direct-mapped */
	struct scd_usyms_stats st;
};

struct usym_file *scd_usyms_cache_find(const struct scd_usyms *u, uint64_t dev, uint64_t ino);
/* A new entry without a parse; @path as in maps (the basename is kept). */
struct usym_file *scd_usyms_cache_add(struct scd_usyms *u, uint64_t dev, uint64_t ino,
				      const char *path);
/* Whether @st (the file opened now) is the file @f was parsed from. */
bool scd_usyms_cache_same(const struct usym_file *f, const struct stat *st);
/* Gives @f the parse @elf (owned from now on), or an earlier one with the same build-id. */
void scd_usyms_cache_set(struct scd_usyms *u, struct usym_file *f, struct scd_usym_elf *elf,
			 const struct stat *st);
/* Symbols for a [vdso] mapping of @len bytes: ours when the sizes match, else NULL. */
const struct scd_usym_elf *scd_usyms_vdso(struct scd_usyms *u, uint64_t len);
void scd_usyms_cache_free(struct scd_usyms *u);

#endif
