// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Interactive SVG flame graphs with no external tools: what `offcputime | flamegraph.pl` gives,
 * written by scdiag itself. Stacks are merged into a tree by common prefix and drawn root at
 * the bottom; the file is self-contained (hover for "name (value unit, share)", click to zoom,
 * Ctrl-F to search) and the same input always gives the same bytes.
 */
#ifndef SCD_FLAME_H
#define SCD_FLAME_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum scd_flame_kind {
	SCD_FLAME_ROOT_TASK = 0,	/* the task (comm) a stack belongs to, usually its root */
	SCD_FLAME_USER,			/* a user space function */
	SCD_FLAME_KERNEL,		/* a kernel function */
	SCD_FLAME_DELIM,		/* the "-" between the user and the kernel part */
};

struct scd_flame_frame {
	const char *name;	/* any bytes: invalid UTF-8 and control characters show as '?' */
	uint8_t kind;		/* enum scd_flame_kind */
};

struct scd_flame_stack {
	const struct scd_flame_frame *frames;	/* root first */
	size_t nframes;				/* at most SCD_FLAME_MAX_DEPTH */
	uint64_t value;				/* in the unit below; 0 = left out */
};

struct scd_flame_opts {
	const char *title;	/* e.g. "Off-CPU time"; NULL = "Flame Graph" */
	const char *subtitle;	/* e.g. command line and duration, may be NULL */
	const char *unit;	/* "us"; NULL = "samples" */
	unsigned int width;	/* px, 0 = 1200; otherwise 200 to 100000 */
	double min_width_px;	/* frames narrower are omitted (their time stays in the parent);
				 * 0 = 0.1 */
};

#define SCD_FLAME_MAX_DEPTH 4096

/*
 * Write the flame graph of @stacks to @f. Identical frames (same name and kind) at the same
 * depth under the same parent are merged; siblings are sorted by name (bytes). @o may be NULL
 * for all defaults. @n may be 0: the SVG then says "no samples". @f is flushed; returns 0,
 * -EINVAL for bad arguments, -EOVERFLOW if the values do not sum in 64 bits, or the negative
 * errno of a failed write (-EIO when stdio does not tell which), also for an error already
 * pending on @f.
 */
int scd_flame_write_svg(FILE *f, const struct scd_flame_opts *o,
			const struct scd_flame_stack *stacks, size_t n);

#endif
