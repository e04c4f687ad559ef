// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The symbol table of one ELF file (executable, shared library), read once with libelf and
 * kept without the file: function symbols sorted by address, their PT_LOAD segments, and the
 * GNU build-id. Private to usym.c, which caches these per file and maps instruction pointers
 * to file offsets; a lookup here takes a file offset.
 */
#ifndef SCD_USYM_ELF_H
#define SCD_USYM_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCD_BUILD_ID_MAX 64

struct scd_usym_elf;

/*
 * Parses the ELF file open on @fd (the caller closes it). NULL and *@err < 0 on failure:
 * -ENOEXEC when it is not ELF, -EIO when libelf fails. A file without any symbol table
 * loads, with no symbols. When the file has no .symtab and @debug_dir is not NULL, the
 * symbols come from @debug_dir/.build-id/XX/YYYY.debug if that file has the same build-id.
 * With @cfi, its unwind tables (.eh_frame_hdr, .eh_frame) are kept too (cfi.h).
 */
struct scd_usym_elf *scd_usym_elf_load(int fd, const char *debug_dir, bool cfi, int *err);
/* The same from an ELF image in memory (the vDSO); @image is copied, not kept. */
struct scd_usym_elf *scd_usym_elf_load_mem(const void *image, size_t len, bool cfi, int *err);
void scd_usym_elf_free(struct scd_usym_elf *e);

/* Number of distinct function addresses kept. */
size_t scd_usym_elf_count(const struct scd_usym_elf *e);
/* Whether the symbols came from a separate debug file. */
bool scd_usym_elf_from_debug(const struct scd_usym_elf *e);
/* The GNU build-id, *@len bytes; NULL (and *@len 0) when the file has none. */
const uint8_t *scd_usym_elf_build_id(const struct scd_usym_elf *e, size_t *len);

/*
 * The function containing file offset @off and, in *@sym_off, @off's distance from its start.
 * NULL when @off is in no PT_LOAD segment, below the first symbol, or past the end of a symbol
 * that has a size (a symbol of size 0 extends to the next one).
 */
const char *scd_usym_elf_lookup(const struct scd_usym_elf *e, uint64_t off, uint64_t *sym_off);

/*
 * The unwind rule at file offset @off (in a PT_LOAD segment), see scd_cfi_find(); -ENOENT
 * also when the file was loaded without its unwind tables.
 */
struct scd_cfi_row;
int scd_usym_elf_cfi(const struct scd_usym_elf *e, uint64_t off, struct scd_cfi_row *row);
bool scd_usym_elf_has_cfi(const struct scd_usym_elf *e);

#endif
