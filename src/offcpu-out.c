// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * offcpu output (see offcpu-out.h). The flame graph gets each stack root first: the comm,
 * then the user frames from the outermost caller, then the kernel frames down to the
 * scheduler, the same order as the folded lines, in microseconds.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "flame.h"
#include "offcpu-out.h"
#include "report-offcpu.h"
#include "xalloc.h"

static const char *kname(uint64_t ip, void *ctx)
{
	return scd_symbolizer_kernel(ctx, ip);
}

static const char *uname_(int32_t tgid, uint64_t ip, void *ctx)
{
	return scd_symbolizer_user(ctx, tgid, ip);
}

/* Names every frame once (filling the symbolizer's counts) and counts cut user stacks. */
static void name_all(const struct scd_offcpu_out *out, const struct scd_offcpu_namer *nm,
		     struct scd_offcpu_meta *m)
{
	const char *k[SCD_OFFCPU_MAX_FRAMES], *u[SCD_OFFCPU_MAX_FRAMES];
	const struct scd_offcpu_row *rows;
	size_t n, i, nk, nu;

	rows = scd_offcpu_rows(out->a, &n);
	for (i = 0; i < n; i++) {
		scd_offcpu_frames(&rows[i], out->stacks, nm, k, &nk, u, &nu);
		if (!nu || !m->user)
			continue;
		m->ustacks++;
		m->ustacks_cut += !scd_offcpu_ustack_complete(u, nu);
	}
	scd_symbolizer_counts(out->sym, &m->frames, &m->unresolved, &m->debug_files);
}

static int write_svg(const struct scd_offcpu_out *out, const struct scd_offcpu_namer *nm,
		     const struct scd_offcpu_meta *m)
{
	const char *k[SCD_OFFCPU_MAX_FRAMES], *u[SCD_OFFCPU_MAX_FRAMES];
	const struct scd_offcpu_row *rows;
	struct scd_flame_stack *st;
	struct scd_flame_frame *fr;
	struct scd_flame_opts fo = { .title = "Off-CPU Time Flame Graph", .unit = "us" };
	char sub[160];
	size_t n, i, j, nk, nu, per = 2 * SCD_OFFCPU_MAX_FRAMES + 2;
	int err;

	rows = scd_offcpu_rows(out->a, &n);
	st = xcalloc(n ? n : 1, sizeof(*st));
	fr = xcalloc((n ? n : 1) * per, sizeof(*fr));
	for (i = 0; i < n; i++) {
		struct scd_flame_frame *f = fr + i * per;
		size_t d = 0;

		scd_offcpu_frames(&rows[i], out->stacks, nm, k, &nk, u, &nu);
		f[d++] = (struct scd_flame_frame){ rows[i].k.comm, SCD_FLAME_ROOT_TASK };
		for (j = nu; m->user && j-- > 0;)
			f[d++] = (struct scd_flame_frame){ u[j], SCD_FLAME_USER };
		if (m->kernel && m->user && m->delimited && nk && nu)
			f[d++] = (struct scd_flame_frame){ "-", SCD_FLAME_DELIM };
		for (j = nk; m->kernel && j-- > 0;)
			f[d++] = (struct scd_flame_frame){ k[j], SCD_FLAME_KERNEL };
		st[i] = (struct scd_flame_stack){ f, d, rows[i].total_ns / 1000 };
	}
	snprintf(sub, sizeof(sub), "scdiag offcpu, %.1f s, source %s, %llu events lost",
		 m->duration_s, m->backend, m->lost);
	fo.subtitle = sub;
	err = scd_flame_write_svg(out->svg, &fo, st, n);
	free(fr);
	free(st);
	return err;
}

static void stderr_notes(const struct scd_offcpu_out *out, const struct scd_offcpu_meta *m)
{
	const char *kp = m->stacks && m->kernel ? scd_symbolizer_kernel_problem(out->sym) : NULL;

	if (kp)
		scd_msg("%s", kp);
	if (out->res->lost)
		scd_msg("%llu events were lost: blocks open across a loss are dropped, totals are "
			"low (use a larger -b)", out->res->lost);
}

int scd_offcpu_output(const struct scd_offcpu_out *out)
{
	struct scd_offcpu_namer nm = { kname, uname_, out->sym };
	struct scd_offcpu_meta m = {
		.duration_s = out->res->duration_s,
		.lost = out->res->lost,
		.backend = out->res->sched_backend,
		.stacks = strcmp(out->res->sched_backend, "tracefs") != 0,
		.kernel = out->kernel,
		.user = out->user,
		.delimited = out->delimited,
		.syscalls = out->syscalls,
		.top = out->top,
		.st = scd_offcpu_get_stats(out->a),
		.chains_full = out->res->chains_full,
		.ustacks_copied = out->res->ustacks_copied,
		.ustacks_unwound = out->res->ustacks_unwound,
		.stack_copy_refused = out->res->stack_copy_refused,
	};
	int err;

	if (m.stacks)
		name_all(out, &nm, &m);
	if (out->o->json) {
		scd_report_offcpu_json(stdout, out->a, out->stacks, &nm, &m);
	} else if (out->folded) {
		scd_report_offcpu_folded(stdout, out->a, out->stacks, &nm, &m);
		scd_report_offcpu_summary(stderr, &m);
	} else {
		scd_report_offcpu_text(stdout, out->a, out->stacks, &nm, &m);
	}
	stderr_notes(out, &m);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (errno == EPIPE)
			return SCD_EXIT_OK;
		scd_msg("cannot write the report: %s", strerror(errno));
		return SCD_EXIT_RUNTIME;
	}
	if (out->svg) {
		err = write_svg(out, &nm, &m);
		if (err) {
			scd_msg("cannot write --svg %s: %s", out->svg_path, strerror(-err));
			return SCD_EXIT_RUNTIME;
		}
	}
	return SCD_EXIT_OK;
}
