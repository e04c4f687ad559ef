// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The flame graph's tree (see flame-int.h) and the public entry point. Like flamegraph.pl,
 * which sorts its folded lines, the stacks are sorted frame by frame (name, then kind); then
 * merging is only a matter of reusing the path shared with the previous stack, siblings come
 * out in name order, and the nodes come out in pre-order, ready to be laid out in one pass.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "flame-int.h"
#include "xalloc.h"

static int frame_cmp(const struct scd_flame_frame *a, const struct scd_flame_frame *b)
{
	int c = strcmp(a->name, b->name);

	if (c)
		return c;
	return (a->kind > b->kind) - (a->kind < b->kind);
}

static int stack_cmp(const void *pa, const void *pb)
{
	const struct scd_flame_stack *a = *(const struct scd_flame_stack *const *)pa;
	const struct scd_flame_stack *b = *(const struct scd_flame_stack *const *)pb;
	size_t i;
	int c;

	for (i = 0; i < a->nframes && i < b->nframes; i++) {
		c = frame_cmp(&a->frames[i], &b->frames[i]);
		if (c)
			return c;
	}
	return (a->nframes > b->nframes) - (a->nframes < b->nframes);
}

/* Reject what cannot be drawn before anything is allocated or written. */
static int check_stacks(const struct scd_flame_stack *stacks, size_t n, size_t *kept,
			size_t *depth)
{
	uint64_t total = 0;
	size_t i, j;

	*kept = 0;
	*depth = 0;
	if (n && !stacks)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		const struct scd_flame_stack *s = &stacks[i];

		if (s->nframes > SCD_FLAME_MAX_DEPTH || (s->nframes && !s->frames))
			return -EINVAL;
		for (j = 0; j < s->nframes; j++)
			if (!s->frames[j].name || s->frames[j].kind > SCD_FLAME_DELIM)
				return -EINVAL;
		if (total + s->value < total)
			return -EOVERFLOW;
		total += s->value;
		*kept += s->value != 0;
		if (s->nframes > *depth)
			*depth = s->nframes;
	}
	return 0;
}

static size_t add_node(struct scd_flame_tree *t, const char *name, uint8_t kind, size_t parent,
		       unsigned int depth)
{
	struct scd_flame_node *nd;

	if (t->nnodes == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->nodes = xrealloc(t->nodes, t->cap, sizeof(*t->nodes));
	}
	nd = &t->nodes[t->nnodes];
	memset(nd, 0, sizeof(*nd));
	nd->name = name;
	nd->kind = kind;
	nd->parent = parent;
	nd->depth = depth;
	return t->nnodes++;
}

/*
 * Merge the @sorted stacks: each shares a prefix of its path with the one before. @path (room
 * for the deepest stack + 1) holds the nodes of the current stack, "all" first.
 */
static void merge(struct scd_flame_tree *t, const struct scd_flame_stack **sorted, size_t n,
		  size_t *path)
{
	const struct scd_flame_stack *prev = NULL;
	size_t i, d, common;

	path[0] = add_node(t, "all", SCD_FLAME_ALL, 0, 0);
	for (i = 0; i < n; i++) {
		const struct scd_flame_stack *s = sorted[i];

		common = 0;
		while (prev && common < s->nframes && common < prev->nframes &&
		       !frame_cmp(&s->frames[common], &prev->frames[common]))
			common++;
		for (d = common; d < s->nframes; d++)
			path[d + 1] = add_node(t, s->frames[d].name, s->frames[d].kind, path[d],
					       (unsigned int)d + 1);
		for (d = 0; d <= s->nframes; d++)
			t->nodes[path[d]].total += s->value;
		prev = s;
	}
}

/* Pre-order: every parent is placed before its children, which then follow its cursor. */
static void layout(struct scd_flame_tree *t)
{
	size_t i;

	for (i = 1; i < t->nnodes; i++) {
		struct scd_flame_node *nd = &t->nodes[i], *p = &t->nodes[nd->parent];

		nd->x = p->next;
		nd->next = nd->x;
		p->next += nd->total;
	}
}

int scd_flame_tree_new(const struct scd_flame_stack *stacks, size_t n,
		       struct scd_flame_tree **out)
{
	const struct scd_flame_stack **sorted;
	struct scd_flame_tree *t;
	size_t i, kept, depth, *path;
	int err;

	*out = NULL;
	err = check_stacks(stacks, n, &kept, &depth);
	if (err)
		return err;
	sorted = xcalloc(kept ? kept : 1, sizeof(*sorted));
	for (i = 0, kept = 0; i < n; i++)
		if (stacks[i].value)
			sorted[kept++] = &stacks[i];
	qsort(sorted, kept, sizeof(*sorted), stack_cmp);
	t = xcalloc(1, sizeof(*t));
	path = xcalloc(depth + 1, sizeof(*path));
	merge(t, sorted, kept, path);
	layout(t);
	free(path);
	free(sorted);
	*out = t;
	return 0;
}

void scd_flame_tree_free(struct scd_flame_tree *t)
{
	if (!t)
		return;
	free(t->nodes);
	free(t);
}

int scd_flame_write_svg(FILE *f, const struct scd_flame_opts *o,
			const struct scd_flame_stack *stacks, size_t n)
{
	struct scd_flame_opts def = { 0 };
	struct scd_flame_tree *t;
	int err;

	if (!f)
		return -EINVAL;
	if (!o)
		o = &def;
	if ((o->width && (o->width < 200 || o->width > 100000)) || isnan(o->min_width_px) ||
	    o->min_width_px < 0 || o->min_width_px > 1e6)
		return -EINVAL;
	err = scd_flame_tree_new(stacks, n, &t);
	if (err)
		return err;
	scd_flame_svg_draw(f, o, t);
	scd_flame_tree_free(t);
	/* Errors of the writes above stay in the stream; the flush reports the last ones. */
	errno = 0;
	if (fflush(f) == EOF || ferror(f))
		return errno ? -errno : -EIO;
	return 0;
}
