// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The end of an offcpu run: names the frames (symbolize.h), counts what could not be named
 * or was cut short, and writes the chosen report (text, folded, JSON) and the SVG flame graph.
 * Also the loss and fallback lines on stderr. Returns the command's exit code.
 */
#ifndef SCD_OFFCPU_OUT_H
#define SCD_OFFCPU_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "an-offcpu.h"
#include "session.h"
#include "stacks.h"
#include "symbolize.h"

struct scd_offcpu_out {
	struct scd_offcpu *a;
	const struct scd_stacks *stacks;
	struct scd_symbolizer *sym;
	const struct scd_session_result *res;
	const struct scd_opts *o;
	bool folded, delimited, kernel, user, syscalls;
	size_t top;
	FILE *svg;		/* or NULL */
	const char *svg_path;
};

int scd_offcpu_output(const struct scd_offcpu_out *out);

#endif
