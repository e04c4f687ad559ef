// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Frame names for reports: kernel addresses through /proc/kallsyms (loaded at the first
 * kernel frame), user addresses through each process's maps and ELF symbols (ksym.h, usym.h).
 * A process's maps are read from /proc/PID/maps when it is first seen (again after it
 * execs); mappings perf recorded while tracing (MMAP2) stand in for processes that exited
 * before that. Names are cached per (process, address), so a stack shared by a thousand rows
 * is named once. Counts what could not be named.
 */
#ifndef SCD_SYMBOLIZE_H
#define SCD_SYMBOLIZE_H

#include <stdbool.h>
#include <stdint.h>

struct scd_symbolizer;

struct scd_symbolizer *scd_symbolizer_new(void);
void scd_symbolizer_free(struct scd_symbolizer *s);

/* A process was seen: take its maps now unless already held. */
void scd_symbolizer_seen(struct scd_symbolizer *s, int32_t tgid);
/* It called exec: its next sighting takes new maps. */
void scd_symbolizer_exec(struct scd_symbolizer *s, int32_t tgid);

/* @child (a new process) was forked by @parent: same maps until it execs. */
void scd_symbolizer_fork(struct scd_symbolizer *s, int32_t parent, int32_t child);

/*
 * A code mapping perf recorded (MMAP2): kept for processes that are gone before they are
 * seen; @dev is major << 32 | minor.
 */
void scd_symbolizer_mmap(struct scd_symbolizer *s, int32_t tgid, uint64_t start, uint64_t len,
			 uint64_t pgoff, uint64_t dev, uint64_t ino, const char *path);

/* Names (valid until _free): the function, or "[unknown] (module+0xoff)" / "[unknown]". */
const char *scd_symbolizer_kernel(struct scd_symbolizer *s, uint64_t ip);
const char *scd_symbolizer_user(struct scd_symbolizer *s, int32_t tgid, uint64_t ip);

/* Whether C++ and Rust user names are demangled (the default, where the build can). */
void scd_symbolizer_demangle(struct scd_symbolizer *s, bool on);

/*
 * Keep the unwind tables (.eh_frame) of the files mapped by the processes seen from now on
 * (set it before the first one), for scd_symbolizer_cfi().
 */
void scd_symbolizer_unwind(struct scd_symbolizer *s, bool on);
/*
 * Before walking a sample of @tgid whose instruction is @ip: its maps are taken now if not
 * yet, and again when they do not hold @ip (taken before an exec whose record is not
 * decoded yet, for one), a few times per process at most.
 */
void scd_symbolizer_fresh(struct scd_symbolizer *s, int32_t tgid, uint64_t ip);
/*
 * The unwind rule at @ip of process @tgid (cfi.h), from the maps held: call
 * scd_symbolizer_fresh() once per sample first (not per frame: it looks the process up).
 */
struct scd_cfi_row;
int scd_symbolizer_cfi(struct scd_symbolizer *s, int32_t tgid, uint64_t ip,
		       struct scd_cfi_row *row);

/* Where stripped files' debug files are looked for (usym.h); NULL or "" for nowhere. */
void scd_symbolizer_debug_dir(struct scd_symbolizer *s, const char *dir);

/*
 * Distinct frames named, how many of them could not be resolved to a function, and how many
 * files' symbols came from separate debug files.
 */
void scd_symbolizer_counts(const struct scd_symbolizer *s, uint64_t *named, uint64_t *unresolved,
			   uint64_t *debug_files);

/* Why kernel frames cannot be named (kallsyms unreadable or hidden), or NULL. */
const char *scd_symbolizer_kernel_problem(const struct scd_symbolizer *s);

#endif
