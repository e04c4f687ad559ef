// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * User-space symbols for many processes. A snapshot of /proc/PID/maps keeps the executable
 * mappings of one process; each mapped file is opened and its symbol table parsed during the
 * snapshot, not at lookup time, so stacks of processes that have exited by report time still
 * resolve. Parsed files are cached per (device, inode), checked against the file's size and
 * mtime, and shared between files with the same GNU build-id, so libc is parsed once for all
 * processes. A lookup is two binary searches and allocates nothing.
 */
#ifndef SCD_USYM_H
#define SCD_USYM_H

#include <stdbool.h>
#include <stdint.h>

struct scd_usyms;

struct scd_usym {
	const char *name;	/* NULL if no symbol */
	const char *module;	/* basename of the mapped file, "[vdso]", "[anon]"; NULL: no mapping */
	uint64_t offset;	/* ip - symbol start, or the file offset of ip when name is NULL */
};

struct scd_usyms_stats {
	uint64_t processes;	/* snapshots currently held */
	uint64_t files_loaded;	/* ELF files parsed */
	uint64_t files_failed;	/* mapped files that could not be opened or parsed */
	uint64_t debug_files;	/* files parsed whose symbols came from a separate debug file */
	uint64_t lookups;
	uint64_t no_mapping;	/* lookups that returned -ENOENT */
	uint64_t no_symbol;	/* lookups in a mapping but in no symbol */
};

struct scd_usyms *scd_usyms_new(void);
void scd_usyms_free(struct scd_usyms *u);

/*
 * Where to look for separate debug files of stripped files, by build-id
 * (@dir/.build-id/XX/YYYY.debug); NULL (the default) to not look. Set it before the first
 * snapshot: files parsed already keep their symbols.
 */
void scd_usyms_set_debug_dir(struct scd_usyms *u, const char *dir);

/* Keep the unwind tables of files parsed from now on (set before the first snapshot). */
void scd_usyms_set_cfi(struct scd_usyms *u, bool on);

/*
 * The unwind rule (cfi.h) at @ip in @pid's snapshot: 0, -ENOENT (no snapshot, no mapping,
 * no table, no FDE) or -ENOTSUP. Rules are cached per file and offset.
 */
struct scd_cfi_row;
/* Whether @pid's snapshot has a mapping holding @ip. */
bool scd_usyms_maps(const struct scd_usyms *u, int32_t pid, uint64_t ip);
int scd_usyms_cfi(struct scd_usyms *u, int32_t pid, uint64_t ip, struct scd_cfi_row *row);

/*
 * Reads /proc/@pid/maps now and parses the files of its executable mappings (unless cached).
 * Replaces an earlier snapshot of @pid (take one again after exec), except that a process
 * without code mappings (a zombie) keeps its earlier maps: -ESRCH. -EINVAL for pid <= 0, the
 * errno of opening or reading maps otherwise (-ENOENT: no such process). A file that cannot
 * be opened does not fail the snapshot: its lookups give the module and file offset only.
 */
int scd_usyms_snapshot(struct scd_usyms *u, int32_t pid);
/*
 * Adds one executable mapping of @pid as a perf MMAP2 record describes it (@dev is
 * major << 32 | minor), replacing the mappings it overlaps; the file is parsed now (cached).
 * For processes that may exit before a snapshot can be taken. 0 or -EINVAL.
 */
int scd_usyms_add_map(struct scd_usyms *u, int32_t pid, uint64_t start, uint64_t end,
		      uint64_t pgoff, uint64_t dev, uint64_t ino, const char *path);

/* @child was forked by @parent: it starts with a copy of the parent's maps (if known). */
void scd_usyms_fork(struct scd_usyms *u, int32_t parent, int32_t child);

/* Drops the snapshot of @pid, e.g. when it called exec; no-op when there is none. */
void scd_usyms_forget(struct scd_usyms *u, int32_t pid);
bool scd_usyms_known(const struct scd_usyms *u, int32_t pid);

/*
 * Names @ip in @pid's snapshot: 0 when a mapping contains it (out->name may still be NULL),
 * -ENOENT when @pid has no snapshot or no executable mapping contains @ip (out->module NULL).
 * The strings stay valid until scd_usyms_free(), even after forget or a new snapshot.
 */
int scd_usyms_lookup(struct scd_usyms *u, int32_t pid, uint64_t ip, struct scd_usym *out);

void scd_usyms_stats(const struct scd_usyms *u, struct scd_usyms_stats *st);

#endif
