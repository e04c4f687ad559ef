// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ELF symbol tables through libelf (see usym-elf.h). We read .symtab, or .dynsym when the
 * file is stripped, keep defined STT_FUNC/STT_GNU_IFUNC symbols, and copy their names into
 * one arena so the file can be closed and unmapped at once. Aliases are common (glibc has
 * read/__read, getpid/__getpid at one address); one name per address is kept, chosen the
 * way dladdr() would show it: fewer leading underscores first, then global, weak, local.
 *
 * A stripped file's .dynsym names only its exported functions. Distributions ship the full
 * .symtab apart, in debug files named by build-id (/usr/lib/debug/.build-id/ab/cdef….debug,
 * Debian's *-dbg and *-dbgsym packages, Fedora's debuginfo): when a debug directory is given
 * and the file has no .symtab, its symbols come from there. A debug file keeps the section
 * addresses of the file it was split from, so its symbols line up with our PT_LOAD segments.
 */
#include "config.h"

#include <errno.h>
#include <gelf.h>
#include <fcntl.h>
#include <libelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfi.h"
#include "usym-elf.h"
#include "xalloc.h"

struct uelf_load {
	uint64_t off, filesz, vaddr;
};

struct uelf_sym {
	uint64_t addr, size;
	uint32_t name;		/* arena offset */
	uint32_t rank;		/* lower is the better name for this address */
	uint32_t seq;		/* symbol table order, for ties */
};

struct scd_usym_elf {
	struct uelf_load *load;
	size_t nload;
	struct uelf_sym *sym;
	size_t nsym, sym_cap;
	char *names;
	size_t names_len, names_cap;
	uint8_t build_id[SCD_BUILD_ID_MAX];
	size_t build_id_len;
	bool from_debug;	/* the symbols came from a separate debug file */
	struct scd_cfi_tab cfi;	/* copies of .eh_frame_hdr and .eh_frame, when asked for */
	GElf_Phdr eh_hdr;	/* PT_GNU_EH_FRAME (p_type 0: none) */
};

static uint32_t sym_rank(const char *s, unsigned char bind)
{
	uint32_t under = s[0] == '_' ? (s[1] == '_' ? 2 : 1) : 0;

	return under * 4 + (bind == STB_GLOBAL ? 0 : bind == STB_WEAK ? 1 : 2);
}

/* Adds @s up to a symbol version ("read@GLIBC_2.2.5", "x@@V2": what dladdr() shows). */
static uint32_t add_name(struct scd_usym_elf *e, const char *s)
{
	size_t len = strcspn(s, "@") + 1, at = e->names_len;

	if (e->names_cap - e->names_len < len) {
		while (e->names_cap - e->names_len < len)
			e->names_cap = e->names_cap ? e->names_cap * 2 : 4096;
		e->names = xrealloc(e->names, e->names_cap, 1);
	}
	memcpy(e->names + at, s, len - 1);
	e->names[at + len - 1] = 0;
	e->names_len += len;
	return at;
}

/* The GNU build-id in the notes of @d, into @id (SCD_BUILD_ID_MAX bytes); its length or 0. */
static size_t note_build_id(Elf_Data *d, uint8_t *id)
{
	size_t off = 0, next, name_off, desc_off;
	GElf_Nhdr nh;

	while (d && off < d->d_size && (next = gelf_getnote(d, off, &nh, &name_off, &desc_off))) {
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
		    !memcmp((char *)d->d_buf + name_off, "GNU", 4) && nh.n_descsz &&
		    nh.n_descsz <= SCD_BUILD_ID_MAX) {
			memcpy(id, (char *)d->d_buf + desc_off, nh.n_descsz);
			return nh.n_descsz;
		}
		off = next;
	}
	return 0;
}

static void read_build_id(struct scd_usym_elf *e, Elf *elf, const GElf_Phdr *ph)
{
	e->build_id_len = note_build_id(elf_getdata_rawchunk(elf, ph->p_offset, ph->p_filesz,
							     ph->p_align == 8 ? ELF_T_NHDR8 :
							     ELF_T_NHDR), e->build_id);
}

static int read_phdrs(struct scd_usym_elf *e, Elf *elf)
{
	size_t i, n;
	GElf_Phdr ph;

	if (elf_getphdrnum(elf, &n))
		return -EIO;
	e->load = xcalloc(n, sizeof(*e->load));
	for (i = 0; i < n; i++) {
		if (!gelf_getphdr(elf, i, &ph))
			return -EIO;
		if (ph.p_type == PT_NOTE && !e->build_id_len)
			read_build_id(e, elf, &ph);
		if (ph.p_type == PT_GNU_EH_FRAME)
			e->eh_hdr = ph;
		if (ph.p_type != PT_LOAD || !ph.p_filesz)
			continue;
		e->load[e->nload++] = (struct uelf_load){ ph.p_offset, ph.p_filesz, ph.p_vaddr };
	}
	return 0;
}

/* The symbol table to read: .symtab when present, else .dynsym (stripped files). */
static Elf_Scn *find_symtab(Elf *elf, GElf_Shdr *out)
{
	Elf_Scn *scn = NULL, *dyn = NULL;
	GElf_Shdr sh, dyn_sh;

	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB && sh.sh_entsize) {
			*out = sh;
			return scn;
		}
		if (sh.sh_type == SHT_DYNSYM && sh.sh_entsize && !dyn) {
			dyn = scn;
			dyn_sh = sh;
		}
	}
	if (dyn)
		*out = dyn_sh;
	return dyn;
}

static int read_syms(struct scd_usym_elf *e, Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh)
{
	size_t i, n;
	Elf_Data *data;
	const char *name;
	GElf_Sym s;
	int type;

	data = elf_getdata(scn, NULL);
	if (!data)
		return -EIO;
	n = sh->sh_size / sh->sh_entsize;
	for (i = 0; i < n; i++) {
		if (!gelf_getsym(data, i, &s))
			break;
		type = GELF_ST_TYPE(s.st_info);
		if ((type != STT_FUNC && type != STT_GNU_IFUNC) || s.st_shndx == SHN_UNDEF ||
		    !s.st_value)
			continue;
		name = elf_strptr(elf, sh->sh_link, s.st_name);
		if (!name || !*name)
			continue;
		if (e->nsym == e->sym_cap)
			e->sym = xrealloc(e->sym, e->sym_cap = e->sym_cap ? e->sym_cap * 2 : 256,
					  sizeof(*e->sym));
		e->sym[e->nsym] = (struct uelf_sym){ s.st_value, s.st_size, add_name(e, name),
						     sym_rank(name, GELF_ST_BIND(s.st_info)),
						     e->nsym };
		e->nsym++;
	}
	return 0;
}

/* Whether the notes of @elf's sections carry @e's build-id (a debug file's check). */
static bool same_build_id(const struct scd_usym_elf *e, Elf *elf)
{
	uint8_t id[SCD_BUILD_ID_MAX];
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_NOTE &&
		    note_build_id(elf_getdata(scn, NULL), id) == e->build_id_len)
			return !memcmp(id, e->build_id, e->build_id_len);
	return false;
}

/*
 * Reads the .symtab of @e's debug file under @dir, found by build-id. 0 when it was read;
 * -ENOENT when there is none, -ESTALE when the file there is another build's, -ENOEXEC when
 * it is no ELF file or has no .symtab.
 */
static int read_debug_syms(struct scd_usym_elf *e, const char *dir)
{
	char path[PATH_MAX];
	size_t i, n;
	Elf_Scn *scn;
	GElf_Shdr sh;
	int fd, ret;
	Elf *elf;

	n = (size_t)snprintf(path, sizeof(path), "%s/.build-id/%02x/", dir, e->build_id[0]);
	for (i = 1; i < e->build_id_len && n < sizeof(path); i++)
		n += (size_t)snprintf(path + n, sizeof(path) - n, "%02x", e->build_id[i]);
	if (n >= sizeof(path) || (size_t)snprintf(path + n, sizeof(path) - n, ".debug") >=
	    sizeof(path) - n)
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	ret = -ENOEXEC;
	if (elf && elf_kind(elf) == ELF_K_ELF) {
		scn = find_symtab(elf, &sh);
		if (!same_build_id(e, elf))
			ret = -ESTALE;
		else if (scn && sh.sh_type == SHT_SYMTAB)
			ret = read_syms(e, elf, scn, &sh);
	}
	elf_end(elf);
	close(fd);
	return ret;
}

static int sym_cmp(const void *a, const void *b)
{
	const struct uelf_sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorts and keeps the best name per address, with the largest size any alias gives. */
static void dedupe(struct scd_usym_elf *e)
{
	size_t i, w = 0;

	qsort(e->sym, e->nsym, sizeof(*e->sym), sym_cmp);
	for (i = 0; i < e->nsym; i++) {
		if (w && e->sym[w - 1].addr == e->sym[i].addr) {
			if (e->sym[i].size > e->sym[w - 1].size)
				e->sym[w - 1].size = e->sym[i].size;
			continue;
		}
		e->sym[w++] = e->sym[i];
	}
	e->nsym = w;
}

/* The file offset of link-time address @va (in a PT_LOAD segment), or -1. */
static int64_t va_offset(const struct scd_usym_elf *e, uint64_t va, uint64_t *seg_end)
{
	size_t i;

	for (i = 0; i < e->nload; i++)
		if (va >= e->load[i].vaddr && va - e->load[i].vaddr < e->load[i].filesz) {
			*seg_end = e->load[i].vaddr + e->load[i].filesz;
			return (int64_t)(va - e->load[i].vaddr + e->load[i].off);
		}
	return -1;
}

/*
 * Copies .eh_frame, found through the eh_frame_ptr of .eh_frame_hdr (read with the
 * program headers): the section of that address, else the rest of its segment (the parser
 * stops at the zero terminator). Without them the file simply has no unwind table.
 */
static void read_eh_frame(struct scd_usym_elf *e, Elf *elf)
{
	uint64_t addr, end = 0, len = 0;
	Elf_Scn *scn = NULL;
	uint8_t *h;
	Elf_Data *d;
	GElf_Shdr sh;
	int64_t off;
	int32_t rel;

	if (e->eh_hdr.p_type != PT_GNU_EH_FRAME || e->eh_hdr.p_filesz < 8 ||
	    e->eh_hdr.p_filesz >= (1u << 30))
		return;
	d = elf_getdata_rawchunk(elf, (int64_t)e->eh_hdr.p_offset, e->eh_hdr.p_filesz, ELF_T_BYTE);
	if (!d || d->d_size != e->eh_hdr.p_filesz)
		return;
	h = xmalloc(d->d_size);
	memcpy(h, d->d_buf, d->d_size);
	e->cfi.hdr = h;
	e->cfi.hdr_len = d->d_size;
	e->cfi.hdr_addr = e->eh_hdr.p_vaddr;
	/* version 1, eh_frame_ptr encoded pcrel|sdata4 (what ld writes), at byte 4 */
	if (h[0] != 1 || h[1] != 0x1b)
		goto none;
	memcpy(&rel, h + 4, 4);
	addr = e->cfi.hdr_addr + 4 + (uint64_t)(int64_t)rel;
	off = va_offset(e, addr, &end);
	if (off < 0)
		goto none;
	len = end - addr;
	while ((scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_addr == addr && sh.sh_type == SHT_PROGBITS &&
		    sh.sh_size <= len) {
			len = sh.sh_size;
			break;
		}
	if (!len || len >= (1u << 30))
		goto none;
	d = elf_getdata_rawchunk(elf, off, len, ELF_T_BYTE);
	if (!d || d->d_size != len)
		goto none;
	e->cfi.eh = xmalloc(len);
	memcpy((void *)e->cfi.eh, d->d_buf, len);
	e->cfi.eh_len = len;
	e->cfi.eh_addr = addr;
	return;
none:
	free((void *)e->cfi.hdr);
	e->cfi = (struct scd_cfi_tab){ 0 };
}

/*
 * Builds the table from @elf (NULL when libelf could not open the file) and ends @elf; the
 * symbols from @debug_dir when @elf has no .symtab and a debug file is there (NULL: never);
 * with @cfi, the unwind tables too.
 */
static struct scd_usym_elf *load(Elf *elf, const char *debug_dir, bool cfi, int *err)
{
	struct scd_usym_elf *e = xcalloc(1, sizeof(*e));
	Elf_Scn *scn;
	GElf_Shdr sh;
	int ret = -EIO;

	if (!elf)
		goto fail;
	ret = -ENOEXEC;
	if (elf_kind(elf) != ELF_K_ELF)
		goto fail;
	ret = read_phdrs(e, elf);
	if (ret)
		goto fail;
	if (cfi)
		read_eh_frame(e, elf);
	scn = find_symtab(elf, &sh);
	if ((!scn || sh.sh_type != SHT_SYMTAB) && debug_dir && e->build_id_len) {
		e->from_debug = !read_debug_syms(e, debug_dir);
		if (!e->from_debug)
			e->nsym = 0;	/* a debug file that failed half way */
	}
	if (!e->from_debug && scn) {
		ret = read_syms(e, elf, scn, &sh);
		if (ret)
			goto fail;
	}
	elf_end(elf);
	dedupe(e);
	*err = 0;
	return e;
fail:
	elf_end(elf);
	scd_usym_elf_free(e);
	*err = ret;
	return NULL;
}

struct scd_usym_elf *scd_usym_elf_load(int fd, const char *debug_dir, bool cfi, int *err)
{
	elf_version(EV_CURRENT);
	return load(elf_begin(fd, ELF_C_READ_MMAP, NULL), debug_dir, cfi, err);
}

struct scd_usym_elf *scd_usym_elf_load_mem(const void *image, size_t len, bool cfi, int *err)
{
	/* libelf may write to a memory image; work on a copy (a vDSO is a few KiB). */
	char *copy = xmalloc(len);
	struct scd_usym_elf *e;

	memcpy(copy, image, len);
	elf_version(EV_CURRENT);
	e = load(elf_memory(copy, len), NULL, cfi, err);
	free(copy);
	return e;
}

void scd_usym_elf_free(struct scd_usym_elf *e)
{
	if (!e)
		return;
	free(e->load);
	free(e->sym);
	free(e->names);
	free((void *)e->cfi.hdr);
	free((void *)e->cfi.eh);
	free(e);
}

size_t scd_usym_elf_count(const struct scd_usym_elf *e)
{
	return e->nsym;
}

bool scd_usym_elf_from_debug(const struct scd_usym_elf *e)
{
	return e->from_debug;
}

const uint8_t *scd_usym_elf_build_id(const struct scd_usym_elf *e, size_t *len)
{
	*len = e->build_id_len;
	return e->build_id_len ? e->build_id : NULL;
}

const char *scd_usym_elf_lookup(const struct scd_usym_elf *e, uint64_t off, uint64_t *sym_off)
{
	const struct uelf_load *l = NULL;
	size_t i, lo = 0, hi = e->nsym, mid;
	uint64_t va;

	for (i = 0; i < e->nload && !l; i++)
		if (off >= e->load[i].off && off - e->load[i].off < e->load[i].filesz)
			l = &e->load[i];
	if (!l || !e->nsym)
		return NULL;
	va = off - l->off + l->vaddr;
	if (va < e->sym[0].addr)
		return NULL;
	/* Invariant: sym[lo].addr <= va < sym[hi].addr (hi == nsym: past the end). */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (e->sym[mid].addr <= va)
			lo = mid;
		else
			hi = mid;
	}
	if (e->sym[lo].size && va - e->sym[lo].addr >= e->sym[lo].size)
		return NULL;
	*sym_off = va - e->sym[lo].addr;
	return e->names + e->sym[lo].name;
}

int scd_usym_elf_cfi(const struct scd_usym_elf *e, uint64_t off, struct scd_cfi_row *row)
{
	size_t i;

	for (i = 0; i < e->nload; i++)
		if (off >= e->load[i].off && off - e->load[i].off < e->load[i].filesz)
			return scd_cfi_find(&e->cfi, off - e->load[i].off + e->load[i].vaddr, row);
	return -ENOENT;
}

bool scd_usym_elf_has_cfi(const struct scd_usym_elf *e)
{
	return e->cfi.eh != NULL;
}
