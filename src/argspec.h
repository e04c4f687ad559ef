// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * argdist's -C/-H specs. Two forms: BCC's tracepoint form
 * "t:CATEGORY:EVENT():TYPE[,TYPE...]:EXPR[,EXPR...][:FILTER][#LABEL]", accepted unchanged so
 * that command lines from BCC documentation work, and the native form
 * "SYSCALL:EXPR[,EXPR...][:FILTER][#LABEL]" over a paired call, where expressions name the
 * entry arguments, ret, errno and latency directly. Splitting (structure, types, counts) and
 * compiling (names, which need the event's fields) are separate steps; every error carries
 * the byte offset in the whole spec so the caller can print it with a caret under it.
 */
#ifndef SCD_ARGSPEC_H
#define SCD_ARGSPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "expr.h"

enum scd_argspec_form { SCD_ARGSPEC_TRACEPOINT, SCD_ARGSPEC_SYSCALL };

/* Ordered: signed and unsigned of each width, then pointers. */
enum scd_argtype {
	SCD_AT_S8, SCD_AT_U8, SCD_AT_S16, SCD_AT_U16, SCD_AT_S32, SCD_AT_U32,
	SCD_AT_S64, SCD_AT_U64, SCD_AT_PTR, SCD_AT_STR /* char*, const char* */
};

struct scd_argexpr {
	char *text;		/* as written, e.g. "args->fd" */
	size_t pos;		/* offset of text in the whole spec */
	enum scd_argtype type;	/* from the TYPE list; S64 in the native form */
	bool is_comm;		/* the expression is exactly $COMM (a string column) */
	struct scd_expr *e;	/* NULL until compiled; NULL for $COMM */
};

struct scd_argspec {
	char *spec;		/* the whole spec as given */
	bool hist;		/* -H: exactly one expression */
	enum scd_argspec_form form;
	char *category, *event;	/* tracepoint form: "syscalls", "sys_enter_read" */
	size_t event_pos;	/* offset of the event name (tracepoint) or syscall name */
	char *syscall;		/* native form: "read" */
	struct scd_argexpr *exprs;
	size_t nexprs;
	char *filter_text;	/* NULL if none */
	size_t filter_pos;
	struct scd_expr *filter;
	char *label;		/* after '#', or NULL */
};

int scd_argspec_split(const char *spec, bool hist, struct scd_argspec *out,
		      struct scd_expr_err *err);
int scd_argspec_compile(struct scd_argspec *s, scd_expr_resolve_fn resolve, void *ctx,
			struct scd_expr_err *err);
void scd_argspec_free(struct scd_argspec *s);
int scd_argtype_parse(const char *name, size_t len, enum scd_argtype *out);
int64_t scd_argtype_apply(enum scd_argtype t, int64_t v);
void scd_argspec_caret(const char *spec, size_t pos, const char *msg, char *buf, size_t len);

#endif /* SCD_ARGSPEC_H */
