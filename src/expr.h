// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The small C expression language of argdist specs: integer constants, variables named by a
 * caller's resolver (args->FIELD, $PID, bare argument names), casts to the common C integer
 * types and all of C's integer operators with C's precedence. A compiled expression reads
 * its variables from an array of int64_t slots, so evaluating it per record costs no lookup
 * and no allocation. Arithmetic is 64-bit two's complement without undefined behaviour;
 * division by zero is reported, not trapped. Simple comparisons also translate into a tracefs
 * event filter so that the kernel drops uninteresting records before they are copied out.
 */
#ifndef SCD_EXPR_H
#define SCD_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Slots are bits of a uint64_t mask: variables live in slots 0..63. */
#define SCD_EXPR_MAX_SLOTS 64

struct scd_expr;

struct scd_expr_err {
	size_t pos;		/* byte offset in the text given to the parser */
	char msg[160];
};

/*
 * Maps an identifier to a variable slot (>= 0), or returns -ENOENT: the parser then reports
 * "unknown field 'x'" at its position, followed by " (HINT)" when the resolver wrote a
 * non-empty hint (e.g. "did you mean args->fd?"). Any other negative errno is reported as
 * "'x' is not available here". Identifiers passed: "args->NAME" (spaces around "->" removed),
 * "$NAME" as written (e.g. "$PID"), and bare names (e.g. "fd", "ret", "latency").
 */
typedef int (*scd_expr_resolve_fn)(const char *ident, void *ctx, char *hint, size_t hintlen);

/* Fills @err (when not NULL) with @pos and the message; returns -EINVAL. */
int scd_expr_err_set(struct scd_expr_err *err, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int scd_expr_parse(const char *text, size_t len, scd_expr_resolve_fn resolve, void *ctx,
		   struct scd_expr **out, struct scd_expr_err *err);
int64_t scd_expr_eval(const struct scd_expr *e, const int64_t *vars, bool *ok);
uint64_t scd_expr_slots(const struct scd_expr *e);
int scd_expr_single_var(const struct scd_expr *e);
int scd_expr_kernel_filter(const struct scd_expr *e, const char *const *names, size_t nnames,
			   char *buf, size_t len);
void scd_expr_free(struct scd_expr *e);

/* A C type name as used in casts and in argdist's TYPE lists. */
struct scd_ctype {
	unsigned char bits;	/* 8, 16, 32 or 64 */
	bool is_signed;
	bool is_ptr;		/* void*, char*, const char* */
	bool is_str;		/* char*, const char*: the value is a string */
};

int scd_expr_ctype(const char *name, size_t len, struct scd_ctype *out);
int64_t scd_expr_cast(int64_t v, unsigned int bits, bool is_signed);

#endif /* SCD_EXPR_H */
