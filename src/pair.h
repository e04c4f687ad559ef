// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Enter/exit pairing. A syscall is an enter record and, later, an exit record of the same
 * thread; between them the thread may migrate. The pairer keeps the pending enter of each
 * thread in a hash table and hands every exit to the analyzers as one call, with the entry's
 * arguments and time when the entry was seen. It never invents a latency: an exit without a
 * matching enter has has_enter == 0, and pending enters of a CPU that lost events are dropped.
 */
#ifndef SCD_PAIR_H
#define SCD_PAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

struct scd_call {
	int32_t tid;
	int32_t nr;
	uint16_t cpu;		/* CPU of the exit */
	uint8_t has_enter;	/* ts_enter and args[] are valid */
	uint8_t nargs;
	int32_t enter_id;	/* tracefs event ids, for analyzers reading extra fields */
	int32_t exit_id;
	uint64_t ts_enter;
	uint64_t ts_exit;
	int64_t ret;
	uint64_t args[SCD_MAX_ARGS];
};

struct scd_pair_stats {
	uint64_t calls;			/* exits handed out */
	uint64_t exits_without_enter;	/* no pending enter (started before tracing, or lost) */
	uint64_t enters_replaced;	/* a second enter before the exit: the first exit was lost */
	uint64_t nr_mismatch;		/* exit of another syscall than the pending enter */
	uint64_t dropped_on_gap;	/* pending enters dropped because their CPU lost events */
	uint64_t dropped_on_exit;	/* pending enters of threads that exited */
	uint64_t noreturn;		/* exit/exit_group enters: never pending */
	uint64_t invalid_nr;		/* records with syscall id -1 */
};

typedef void (*scd_call_fn)(const struct scd_call *c, void *ctx);

/*
 * @use_enters false: only exits are traced (counting without latency); every exit is a call
 * with has_enter == 0 and no table lookup is made.
 */
struct scd_pair *scd_pair_new(bool use_enters);
void scd_pair_free(struct scd_pair *p);

/* Syscalls that never return (exit, exit_group): their enter drops the thread's state. */
void scd_pair_add_noreturn(struct scd_pair *p, int nr);

void scd_pair_event(struct scd_pair *p, const struct scd_event *ev, scd_call_fn fn, void *ctx);

size_t scd_pair_in_flight(const struct scd_pair *p);
const struct scd_pair_stats *scd_pair_get_stats(const struct scd_pair *p);

#endif
