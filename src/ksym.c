// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel symbol table (see ksym.h). The file is read whole into one buffer and parsed in
 * place: the names we keep are moved to the front of that same buffer, which becomes the
 * string arena, so 120k symbols cost one growing read and no per-line allocation. kallsyms
 * is usually sorted already (vmlinux first, then module and BPF entries) but nothing promises
 * it, so we sort unless a linear check shows it is. Of aliases at one address (_stext,
 * _text, ...) the name with fewest leading underscores wins, then T over W over w over t.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ksym.h"
#include "proc.h"
#include "xalloc.h"

#define KSYM_NONE UINT32_MAX	/* no module; as a name: an end marker, not a symbol */

struct ksym_line {
	uint64_t addr;
	uint32_t name;		/* arena offset */
	uint32_t module;	/* arena offset or KSYM_NONE */
	uint32_t seq;		/* line number: ties keep file order */
	uint32_t rank;		/* lower is the better name for this address */
};

struct scd_ksyms {
	uint64_t *addr;		/* sorted, distinct */
	uint32_t *name;		/* arena offsets, KSYM_NONE for end markers */
	uint32_t *module;
	size_t n;
	char *arena;
	bool restricted;
};

/* Section end markers: they start no function, an address at or past one has no name. */
static bool is_end_marker(const char *s, size_t len)
{
	static const char tail[] = "_text_end";

	if ((len == 6 && !memcmp(s, "_etext", 6)) || (len == 10 && !memcmp(s, "_einittext", 10)))
		return true;
	return len > sizeof(tail) + 1 && s[0] == '_' && s[1] == '_' &&
	       !memcmp(s + len - (sizeof(tail) - 1), tail, sizeof(tail) - 1);
}

/* Global before weak before local, fewer leading underscores first (read over __read). */
static uint32_t name_rank(const char *s, char type)
{
	uint32_t under = s[0] == '_' ? (s[1] == '_' ? 2 : 1) : 0;

	return under * 4 + (type == 'T' ? 0 : type == 'W' ? 1 : type == 'w' ? 2 : 3);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * Parses one line "addr type name[\tmodule]" starting at @p, stores a kept symbol in @out
 * (copying strings down to *@w in the arena) and returns the start of the next line, or NULL
 * on a malformed line. *@kept tells whether @out was filled.
 */
static char *parse_line(char *p, char *arena, size_t *w, struct ksym_line *out, bool *kept,
			uint32_t *last_mod)
{
	char *name, *end, *mod = NULL;
	uint64_t addr = 0;
	int d, digits = 0;
	char type;

	while ((d = hexval(*p)) >= 0 && digits++ < 16)
		addr = addr << 4 | d, p++;
	if (!digits || digits > 16 || *p != ' ' || !p[1] || p[2] != ' ')
		return NULL;
	type = p[1];
	name = p + 3;
	end = name + strcspn(name, "\t\n");
	if (end == name)
		return NULL;
	if (*end == '\t') {
		mod = end + 1;
		p = mod + strcspn(mod, "\n");
	} else {
		p = end;
	}
	if (*p == '\n')
		p++;
	*kept = strchr("tTwW", type) != NULL;
	if (!*kept)
		return p;
	out->addr = addr;
	out->rank = is_end_marker(name, end - name) ? UINT32_MAX : name_rank(name, type);
	out->name = *w;
	memmove(arena + *w, name, end - name);	/* never overlaps forward: *w <= name - arena */
	*w += end - name;
	arena[(*w)++] = 0;
	out->module = KSYM_NONE;
	if (mod) {
		size_t mlen = strcspn(mod, "\n");

		if (mlen > 2 && mod[0] == '[' && mod[mlen - 1] == ']')
			mod++, mlen -= 2;
		/* Module entries come in runs: share the previous copy when the name repeats. */
		if (*last_mod != KSYM_NONE && !strncmp(arena + *last_mod, mod, mlen) &&
		    !arena[*last_mod + mlen]) {
			out->module = *last_mod;
		} else {
			out->module = *last_mod = *w;
			memmove(arena + *w, mod, mlen);
			*w += mlen;
			arena[(*w)++] = 0;
		}
	}
	return p;
}

static int line_cmp(const void *a, const void *b)
{
	const struct ksym_line *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorts @v by address and keeps the best-ranked line of each address in @k. */
static void build_table(struct scd_ksyms *k, struct ksym_line *v, size_t n)
{
	size_t i, best = 0;
	bool sorted = true;

	for (i = 1; i < n && sorted; i++)
		sorted = v[i - 1].addr <= v[i].addr;
	if (!sorted)
		qsort(v, n, sizeof(*v), line_cmp);
	k->addr = xmalloc(n * sizeof(*k->addr));
	k->name = xmalloc(n * sizeof(*k->name));
	k->module = xmalloc(n * sizeof(*k->module));
	for (i = 0; i < n; i++) {
		if (i + 1 < n && v[i + 1].addr == v[i].addr) {
			if (line_cmp(&v[i + 1], &v[best]) < 0)
				best = i + 1;
			continue;
		}
		/* v[i] ends a run of one address; v[best] is its best line. */
		k->addr[k->n] = v[i].addr;
		k->name[k->n] = v[best].rank == UINT32_MAX ? KSYM_NONE : v[best].name;
		k->module[k->n] = v[best].module;
		k->n++;
		best = i + 1;
	}
}

static int parse(struct scd_ksyms *k, char *buf, size_t len, size_t *used)
{
	size_t cap = len / 40 + 16, n = 0, w = 0;
	struct ksym_line *v = xmalloc(cap * sizeof(*v));
	uint32_t last_mod = KSYM_NONE;
	bool nonzero = false, kept;
	char *p = buf;

	if (len >= KSYM_NONE) {
		free(v);
		return -EFBIG;
	}
	while (*p) {
		if (*p == '\n') {
			p++;
			continue;
		}
		if (n == cap)
			v = xrealloc(v, cap *= 2, sizeof(*v));
		p = parse_line(p, buf, &w, &v[n], &kept, &last_mod);
		if (!p) {
			free(v);
			return -EINVAL;
		}
		if (kept) {
			nonzero |= v[n].addr != 0;
			v[n].seq = n;
			n++;
		}
	}
	k->restricted = n && !nonzero;
	build_table(k, v, k->restricted ? 0 : n);
	free(v);
	*used = w;
	return 0;
}

struct scd_ksyms *scd_ksyms_load(const char *path, int *err)
{
	struct scd_ksyms *k = NULL;
	size_t len;
	char *buf;
	int ret;

	ret = scd_proc_read_file(path ? path : "/proc/kallsyms", &buf, &len);
	if (ret)
		goto out;
	k = xcalloc(1, sizeof(*k));
	ret = parse(k, buf, len, &len);
	if (ret) {
		free(buf);
		scd_ksyms_free(k);
		k = NULL;
		goto out;
	}
	/* The arena is the front of the file buffer; give back the rest. */
	k->arena = xrealloc(buf, len + 1, 1);
out:
	if (err)
		*err = ret;
	return k;
}

void scd_ksyms_free(struct scd_ksyms *k)
{
	if (!k)
		return;
	free(k->addr);
	free(k->name);
	free(k->module);
	free(k->arena);
	free(k);
}

bool scd_ksyms_restricted(const struct scd_ksyms *k)
{
	return k->restricted;
}

size_t scd_ksyms_count(const struct scd_ksyms *k)
{
	return k->n;
}

const char *scd_ksyms_lookup_mod(const struct scd_ksyms *k, uint64_t addr, uint64_t *offset,
				 const char **module)
{
	size_t lo = 0, hi = k->n, mid;

	if (module)
		*module = NULL;
	if (!k->n || addr < k->addr[0])
		return NULL;
	/* Invariant: addr[lo] <= addr < addr[hi] (hi == n: past the end). */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (k->addr[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (k->name[lo] == KSYM_NONE || addr - k->addr[lo] >= SCD_KSYM_MAX_SPAN)
		return NULL;
	if (offset)
		*offset = addr - k->addr[lo];
	if (module && k->module[lo] != KSYM_NONE)
		*module = k->arena + k->module[lo];
	return k->arena + k->name[lo];
}

const char *scd_ksyms_lookup(const struct scd_ksyms *k, uint64_t addr, uint64_t *offset)
{
	return scd_ksyms_lookup_mod(k, addr, offset, NULL);
}
