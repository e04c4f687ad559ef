// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Binding argdist specs to syscall events: which event (or paired syscall) each spec reads,
 * which kernel fields its variables are, which events the session must enable, and the
 * per-record work: fill the variable slots, run the filter, evaluate, aggregate.
 */
#ifndef SCD_ARGDIST_BIND_H
#define SCD_ARGDIST_BIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "an-argdist.h"
#include "argspec.h"
#include "pair.h"
#include "task.h"

struct scd_ad_bind {
	int kind;		/* SCD_EV_SYS_ENTER/EXIT (tracepoint form), 0 (paired call) */
	int nr;			/* syscall number from the build's table, -1 when unknown */
	int id;			/* tracefs id of the event (exit event for paired calls) */
	char name[64];		/* syscall name as the session takes it */
	uint8_t want;		/* SCD_WANT_* */
	uint64_t slots;		/* variable slots read by the values and the filter */
	bool uses_task;		/* $PID, $COMM, pid: needs thread -> process */
	char *kfilter;		/* the filter as a kernel filter of the event, or NULL */
};

/*
 * Resolves and compiles every spec against the kernel's event formats (tracefs must be
 * located). On error returns -1 with a message (a caret line when it points into a spec).
 */
int scd_ad_bind_all(struct scd_argspec *const *specs, size_t n, struct scd_ad_bind **out,
		    char *msg, size_t msglen);
void scd_ad_bind_free(struct scd_ad_bind *b, size_t n);

void scd_ad_on_record(const struct scd_ad_bind *b, struct scd_argspec *const *specs, size_t n,
		      struct scd_argdist *agg, const struct scd_event *ev,
		      const struct scd_task *task);
void scd_ad_on_call(const struct scd_ad_bind *b, struct scd_argspec *const *specs, size_t n,
		    struct scd_argdist *agg, const struct scd_call *c, const struct scd_task *task);

#endif
