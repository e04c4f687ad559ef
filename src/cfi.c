// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * .eh_frame interpretation (see cfi.h). The format is the DWARF call frame information of
 * the System V x86-64 ABI and the LSB: entries are CIEs (shared defaults) and FDEs (one per
 * function range), both a length and then fields; pointers use the DW_EH_PE encodings; an
 * FDE's instructions, run after its CIE's, describe the frame row by row as the address
 * advances. .eh_frame_hdr holds a table sorted by start address for a binary search; without
 * it the FDEs are scanned. Every read is bounds-checked: the bytes come from files on disk.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "cfi.h"

/* DW_EH_PE pointer encodings. */
#define PE_OMIT 0xff
#define PE_FORMAT 0x0f
#define PE_APPL 0x70
#define PE_INDIRECT 0x80
#define PE_PCREL 0x10
#define PE_DATAREL 0x30
#define PE_DATAREL_SDATA4 0x3b

struct rd {
	const uint8_t *p, *end;
	const uint8_t *base;	/* the section's first byte ... */
	uint64_t base_addr;	/* ... and its link-time address */
	bool bad;
};

static uint64_t fixed(struct rd *r, size_t n)
{
	uint64_t v = 0;
	size_t i;

	if ((size_t)(r->end - r->p) < n) {
		r->bad = true;
		r->p = r->end;
		return 0;
	}
	for (i = 0; i < n; i++)
		v |= (uint64_t)r->p[i] << (8 * i);	/* little-endian, as on x86-64 */
	r->p += n;
	return v;
}

/* A LEB128 number, unsigned or (@sign) sign-extended from its last 7-bit group. */
static uint64_t leb(struct rd *r, bool sign)
{
	uint64_t v = 0;
	unsigned int shift = 0;
	uint8_t b;

	do {
		if (r->p >= r->end) {
			r->bad = true;
			return 0;
		}
		b = *r->p++;
		if (shift < 64)
			v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	if (sign && shift < 64 && (b & 0x40))
		v |= ~0ull << shift;
	return v;
}

static uint64_t uleb(struct rd *r)
{
	return leb(r, false);
}

static int64_t sleb(struct rd *r)
{
	return (int64_t)leb(r, true);
}

/* A DW_EH_PE-encoded value; @datarel is the base of data-relative ones. */
static uint64_t enc_ptr(struct rd *r, uint8_t enc, uint64_t datarel)
{
	uint64_t at = r->base_addr + (uint64_t)(r->p - r->base), v;

	if (enc == PE_OMIT || (enc & PE_INDIRECT)) {
		r->bad = true;
		return 0;
	}
	switch (enc & PE_FORMAT) {
	case 0x00: v = fixed(r, 8); break;
	case 0x01: v = uleb(r); break;
	case 0x02: v = fixed(r, 2); break;
	case 0x03: v = fixed(r, 4); break;
	case 0x04: v = fixed(r, 8); break;
	case 0x09: v = (uint64_t)sleb(r); break;
	case 0x0a: v = (uint64_t)(int64_t)(int16_t)fixed(r, 2); break;
	case 0x0b: v = (uint64_t)(int64_t)(int32_t)fixed(r, 4); break;
	case 0x0c: v = fixed(r, 8); break;
	default:
		r->bad = true;
		return 0;
	}
	switch (enc & PE_APPL) {
	case 0:
		return v;
	case PE_PCREL:
		return v + at;
	case PE_DATAREL:
		return v + datarel;
	default:
		r->bad = true;	/* textrel, funcrel, aligned: not used by x86-64 toolchains */
		return 0;
	}
}

/* Skips a pointer of encoding @enc whatever its application (a personality routine's). */
static void skip_ptr(struct rd *r, uint8_t enc)
{
	enc &= PE_FORMAT;
	if (enc == 0x01)
		uleb(r);
	else if (enc == 0x09)
		sleb(r);
	else
		enc_ptr(r, enc, 0);
}

struct cie {
	uint64_t code_align;
	int64_t data_align;
	uint64_t ra_reg;
	uint8_t fde_enc;
	bool aug_z;		/* FDEs have an augmentation length */
	bool signal;		/* 'S': a signal trampoline's frame */
	const uint8_t *insn, *insn_end;
};

/* Opens the entry at @off of .eh_frame: *@r spans its body; *@id_at is its id field. */
static int entry(const struct scd_cfi_tab *t, size_t off, struct rd *r, size_t *id_at)
{
	uint64_t len;

	if (off >= t->eh_len)
		return -EINVAL;
	*r = (struct rd){ t->eh + off, t->eh + t->eh_len, t->eh, t->eh_addr, false };
	len = fixed(r, 4);
	if (len == 0xffffffff)
		len = fixed(r, 8);
	if (r->bad || !len || len > (uint64_t)(r->end - r->p))
		return -EINVAL;	/* a zero length ends the section */
	r->end = r->p + len;
	*id_at = (size_t)(r->p - t->eh);
	return 0;
}

static int parse_cie(const struct scd_cfi_tab *t, size_t off, struct cie *c)
{
	const char *aug;
	const uint8_t *aug_end = NULL;
	struct rd r;
	size_t id_at, i;
	uint8_t version;

	if (entry(t, off, &r, &id_at) || fixed(&r, 4) != 0)
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	version = (uint8_t)fixed(&r, 1);
	if (version != 1 && version != 3)
		return -ENOTSUP;
	aug = (const char *)r.p;
	if (!memchr(aug, 0, (size_t)(r.end - r.p)))
		return -EINVAL;
	r.p += strlen(aug) + 1;
	if (aug[0] == 'e' && aug[1] == 'h')
		fixed(&r, 8);	/* an old GCC's EH data pointer */
	c->code_align = uleb(&r);
	c->data_align = sleb(&r);
	c->ra_reg = version == 1 ? fixed(&r, 1) : uleb(&r);
	/* Compilers write 1 and -8 (x86-64); far larger factors are damage, not code. */
	if (!c->code_align || c->code_align > 256 || c->data_align < -256 || c->data_align > 256)
		return -ENOTSUP;
	if (aug[0] == 'z') {
		uint64_t n = uleb(&r);

		if (r.bad || n > (uint64_t)(r.end - r.p))
			return -EINVAL;
		c->aug_z = true;
		aug_end = r.p + n;
		for (i = 1; aug[i]; i++) {
			if (aug[i] == 'R')
				c->fde_enc = (uint8_t)fixed(&r, 1);
			else if (aug[i] == 'P')
				skip_ptr(&r, (uint8_t)fixed(&r, 1));
			else if (aug[i] == 'L')
				fixed(&r, 1);
			else if (aug[i] == 'S')
				c->signal = true;
			else
				break;	/* unknown: its data ends at aug_end anyway */
		}
		r.p = aug_end;
	}
	if (r.bad)
		return -EINVAL;
	c->insn = r.p;
	c->insn_end = r.end;
	return 0;
}

struct fde {
	struct cie cie;
	uint64_t begin, range;
	const uint8_t *insn, *insn_end;
	size_t next;		/* offset of the entry after it */
};

/* The FDE at @off: 0; 1 when the entry is a CIE; <0 when malformed. */
static int parse_fde(const struct scd_cfi_tab *t, size_t off, struct fde *f)
{
	struct rd r;
	size_t id_at;
	uint64_t cie_ptr;
	int ret;

	if (entry(t, off, &r, &id_at))
		return -EINVAL;
	f->next = (size_t)(r.end - t->eh);
	cie_ptr = fixed(&r, 4);
	if (!cie_ptr)
		return 1;
	if (cie_ptr > id_at)
		return -EINVAL;
	ret = parse_cie(t, id_at - cie_ptr, &f->cie);
	if (ret)
		return ret;
	f->begin = enc_ptr(&r, f->cie.fde_enc, 0);
	f->range = enc_ptr(&r, f->cie.fde_enc & PE_FORMAT, 0);
	if (f->cie.aug_z) {
		uint64_t n = uleb(&r);

		if (n > (uint64_t)(r.end - r.p))
			return -EINVAL;
		r.p += n;
	}
	if (r.bad)
		return -EINVAL;
	f->insn = r.p;
	f->insn_end = r.end;
	return 0;
}

/* @v times the CIE's data alignment, wrapping (never signed overflow on hostile data). */
static int64_t factored(uint64_t v, int64_t align)
{
	return (int64_t)(v * (uint64_t)align);
}

/* Register rules we keep: rbp's and the return address's. */
enum { RULE_SAME, RULE_OFFSET, RULE_UNDEF, RULE_OTHER };

struct regrule {
	uint8_t rule;
	int64_t off;
};

struct frame_state {
	int cfa_reg;
	int64_t cfa_off;
	bool cfa_expr;
	struct regrule rbp, ra;
};

static struct regrule *rule_of(struct frame_state *s, uint64_t reg)
{
	return reg == SCD_CFI_RBP ? &s->rbp : reg == SCD_CFI_RA ? &s->ra : NULL;
}

static void set_rule(struct frame_state *s, uint64_t reg, uint8_t rule, int64_t off)
{
	struct regrule *r = rule_of(s, reg);

	if (r)
		*r = (struct regrule){ rule, off };
}

#define STATE_DEPTH 8

/*
 * Runs CFA instructions [@p, @end) from location @loc until it passes @pc, updating @s;
 * @init is the state after the CIE (for DW_CFA_restore). 0, or -ENOTSUP / -EINVAL.
 */
static int run(const struct scd_cfi_tab *t, const uint8_t *p, const uint8_t *end,
	       const struct cie *c, uint64_t loc, uint64_t pc, struct frame_state *s,
	       const struct frame_state *init)
{
	struct frame_state stack[STATE_DEPTH];
	struct rd r = { p, end, t->eh, t->eh_addr, false };
	unsigned int depth = 0;
	uint64_t reg, n;

	while (r.p < r.end && !r.bad) {
		uint8_t op = *r.p++;

		switch (op >> 6) {
		case 1:
			loc += (op & 0x3f) * c->code_align;
			if (loc > pc)
				return 0;
			continue;
		case 2:
			set_rule(s, op & 0x3f, RULE_OFFSET, factored(uleb(&r), c->data_align));
			continue;
		case 3:
			if ((op & 0x3f) == SCD_CFI_RBP)
				s->rbp = init->rbp;
			else if ((op & 0x3f) == SCD_CFI_RA)
				s->ra = init->ra;
			continue;
		}
		switch (op) {
		case 0x00:	/* nop */
			break;
		case 0x01:	/* set_loc */
			loc = enc_ptr(&r, c->fde_enc, 0);
			if (loc > pc)
				return 0;
			break;
		case 0x02:
		case 0x03:
		case 0x04:	/* advance_loc1/2/4 */
			loc += fixed(&r, op == 0x02 ? 1 : op == 0x03 ? 2 : 4) * c->code_align;
			if (loc > pc)
				return 0;
			break;
		case 0x05:	/* offset_extended */
			reg = uleb(&r);
			set_rule(s, reg, RULE_OFFSET, factored(uleb(&r), c->data_align));
			break;
		case 0x06:	/* restore_extended */
			reg = uleb(&r);
			if (reg == SCD_CFI_RBP)
				s->rbp = init->rbp;
			else if (reg == SCD_CFI_RA)
				s->ra = init->ra;
			break;
		case 0x07:	/* undefined */
			set_rule(s, uleb(&r), RULE_UNDEF, 0);
			break;
		case 0x08:	/* same_value */
			set_rule(s, uleb(&r), RULE_SAME, 0);
			break;
		case 0x09:	/* register */
			reg = uleb(&r);
			uleb(&r);
			set_rule(s, reg, RULE_OTHER, 0);
			break;
		case 0x0a:	/* remember_state */
			if (depth == STATE_DEPTH)
				return -ENOTSUP;
			stack[depth++] = *s;
			break;
		case 0x0b:	/* restore_state */
			if (!depth)
				return -EINVAL;
			*s = stack[--depth];
			break;
		case 0x0c:	/* def_cfa */
			s->cfa_reg = (int)uleb(&r);
			s->cfa_off = (int64_t)uleb(&r);
			s->cfa_expr = false;
			break;
		case 0x0d:	/* def_cfa_register */
			s->cfa_reg = (int)uleb(&r);
			s->cfa_expr = false;
			break;
		case 0x0e:	/* def_cfa_offset */
			s->cfa_off = (int64_t)uleb(&r);
			break;
		case 0x0f:	/* def_cfa_expression */
			n = uleb(&r);
			if (n > (uint64_t)(r.end - r.p))
				return -EINVAL;
			r.p += n;
			s->cfa_expr = true;
			break;
		case 0x10:	/* expression */
		case 0x16:	/* val_expression */
			reg = uleb(&r);
			n = uleb(&r);
			if (n > (uint64_t)(r.end - r.p))
				return -EINVAL;
			r.p += n;
			set_rule(s, reg, RULE_OTHER, 0);
			break;
		case 0x11:	/* offset_extended_sf */
			reg = uleb(&r);
			set_rule(s, reg, RULE_OFFSET, factored((uint64_t)sleb(&r), c->data_align));
			break;
		case 0x12:	/* def_cfa_sf */
			s->cfa_reg = (int)uleb(&r);
			s->cfa_off = factored((uint64_t)sleb(&r), c->data_align);
			s->cfa_expr = false;
			break;
		case 0x13:	/* def_cfa_offset_sf */
			s->cfa_off = factored((uint64_t)sleb(&r), c->data_align);
			break;
		case 0x14:	/* val_offset */
			reg = uleb(&r);
			uleb(&r);
			set_rule(s, reg, RULE_OTHER, 0);
			break;
		case 0x15:	/* val_offset_sf */
			reg = uleb(&r);
			sleb(&r);
			set_rule(s, reg, RULE_OTHER, 0);
			break;
		case 0x2e:	/* GNU_args_size */
			uleb(&r);
			break;
		case 0x2f:	/* GNU_negative_offset_extended */
			reg = uleb(&r);
			set_rule(s, reg, RULE_OFFSET, factored(0 - uleb(&r), c->data_align));
			break;
		default:
			return -ENOTSUP;
		}
	}
	return r.bad ? -EINVAL : 0;
}

/* The offset in .eh_frame of the FDE that may cover @pc, through the header's table. */
static int hdr_lookup(const struct scd_cfi_tab *t, uint64_t pc, size_t *off)
{
	struct rd r = { t->hdr, t->hdr + t->hdr_len, t->hdr, t->hdr_addr, false };
	uint8_t ptr_enc, cnt_enc, tab_enc;
	uint64_t count, lo = 0, hi, mid;
	const uint8_t *tab;
	int64_t loc, fde;

	if (t->hdr_len < 4 || fixed(&r, 1) != 1)
		return -ENOENT;
	ptr_enc = (uint8_t)fixed(&r, 1);
	cnt_enc = (uint8_t)fixed(&r, 1);
	tab_enc = (uint8_t)fixed(&r, 1);
	enc_ptr(&r, ptr_enc, t->hdr_addr);
	count = enc_ptr(&r, cnt_enc, t->hdr_addr);
	if (r.bad || tab_enc != PE_DATAREL_SDATA4 || count > (uint64_t)(r.end - r.p) / 8)
		return -ENOTSUP;	/* the caller scans instead */
	tab = r.p;
	hi = count;
	/* The last entry whose start is <= pc. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		loc = (int32_t)(tab[mid * 8] | tab[mid * 8 + 1] << 8 | tab[mid * 8 + 2] << 16 |
				(uint32_t)tab[mid * 8 + 3] << 24);
		if (t->hdr_addr + (uint64_t)loc <= pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return -ENOENT;
	mid = lo - 1;
	fde = (int32_t)(tab[mid * 8 + 4] | tab[mid * 8 + 5] << 8 | tab[mid * 8 + 6] << 16 |
			(uint32_t)tab[mid * 8 + 7] << 24);
	if (t->hdr_addr + (uint64_t)fde < t->eh_addr)
		return -EINVAL;
	*off = (size_t)(t->hdr_addr + (uint64_t)fde - t->eh_addr);
	return 0;
}

/* Without a usable header: every FDE in turn. */
static int scan(const struct scd_cfi_tab *t, uint64_t pc, struct fde *f)
{
	size_t off = 0;
	int ret;

	while (off < t->eh_len) {
		ret = parse_fde(t, off, f);
		if (ret < 0)
			return -ENOENT;	/* the end (a zero terminator) or damage */
		if (!ret && pc >= f->begin && pc - f->begin < f->range)
			return 0;
		off = f->next;
	}
	return -ENOENT;
}

int scd_cfi_find(const struct scd_cfi_tab *t, uint64_t pc, struct scd_cfi_row *row)
{
	struct frame_state s, init;
	struct fde f;
	size_t off;
	int ret;

	if (!t->eh || !t->eh_len)
		return -ENOENT;
	ret = t->hdr ? hdr_lookup(t, pc, &off) : -ENOTSUP;
	if (ret == -ENOTSUP)
		ret = scan(t, pc, &f);
	else if (!ret)
		ret = parse_fde(t, off, &f) ? -EINVAL : 0;
	if (ret)
		return ret;
	if (pc < f.begin || pc - f.begin >= f.range)
		return -ENOENT;
	if (f.cie.signal || f.cie.ra_reg != SCD_CFI_RA)
		return -ENOTSUP;
	memset(&s, 0, sizeof(s));
	s.cfa_reg = -1;
	ret = run(t, f.cie.insn, f.cie.insn_end, &f.cie, f.begin, UINT64_MAX, &s, &s);
	if (ret)
		return ret;
	init = s;
	ret = run(t, f.insn, f.insn_end, &f.cie, f.begin, pc, &s, &init);
	if (ret)
		return ret;
	if (s.cfa_expr || (s.cfa_reg != SCD_CFI_RSP && s.cfa_reg != SCD_CFI_RBP) ||
	    s.ra.rule == RULE_OTHER || s.rbp.rule == RULE_OTHER || s.ra.rule == RULE_SAME)
		return -ENOTSUP;
	*row = (struct scd_cfi_row){ .cfa_reg = s.cfa_reg, .cfa_off = s.cfa_off,
				     .ra_saved = s.ra.rule == RULE_OFFSET, .ra_off = s.ra.off,
				     .rbp_saved = s.rbp.rule == RULE_OFFSET,
				     .rbp_off = s.rbp.off };
	return 0;
}
