// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Evaluation of compiled expressions, and their translation into tracefs event filters.
 * Evaluation follows C on a 64-bit two's complement machine but without its undefined
 * behaviour: arithmetic wraps (done on uint64_t), comparisons and division are signed, shifts
 * by a negative count or by 64 and more give 0 (or -1 when shifting a negative value right),
 * INT64_MIN / -1 wraps, and division by zero fails the whole evaluation. The kernel filter
 * language only compares a field with a constant (and tests bits with '&'), so only those
 * shapes joined by &&, || and ! are translated; for anything else the caller filters in user
 * space.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "expr-int.h"

static int64_t binary(const struct scd_expr_node *n, int64_t a, int64_t b, bool *bad)
{
	uint64_t ua = (uint64_t)a, ub = (uint64_t)b;

	switch (n->op) {
	case SCD_OP_MUL:
		return (int64_t)(ua * ub);
	case SCD_OP_DIV:
	case SCD_OP_MOD:
		if (!b) {
			*bad = true;
			return 0;
		}
		if (a == INT64_MIN && b == -1)
			return n->op == SCD_OP_DIV ? INT64_MIN : 0;
		return n->op == SCD_OP_DIV ? a / b : a % b;
	case SCD_OP_ADD:
		return (int64_t)(ua + ub);
	case SCD_OP_SUB:
		return (int64_t)(ua - ub);
	case SCD_OP_SHL:
		return b < 0 || b >= 64 ? 0 : (int64_t)(ua << b);
	case SCD_OP_SHR:
		if (b < 0 || b >= 64)
			return a < 0 ? -1 : 0;
		return a < 0 ? (int64_t)~(~ua >> b) : (int64_t)(ua >> b);
	case SCD_OP_LT:
		return a < b;
	case SCD_OP_LE:
		return a <= b;
	case SCD_OP_GT:
		return a > b;
	case SCD_OP_GE:
		return a >= b;
	case SCD_OP_EQ:
		return a == b;
	case SCD_OP_NE:
		return a != b;
	case SCD_OP_BAND:
		return (int64_t)(ua & ub);
	case SCD_OP_BXOR:
		return (int64_t)(ua ^ ub);
	case SCD_OP_BOR:
		return (int64_t)(ua | ub);
	}
	return 0;
}

/* Recursion is bounded: the parser refuses trees deeper than SCD_EXPR_MAX_DEPTH. */
int64_t scd_expr_eval_node(const struct scd_expr *e, uint32_t i, const int64_t *vars, bool *bad)
{
	const struct scd_expr_node *n = &e->n[i];
	int64_t a;

	switch (n->op) {
	case SCD_OP_CONST:
		return n->v;
	case SCD_OP_VAR:
		return vars ? vars[n->v] : 0;
	case SCD_OP_CAST:
		return scd_expr_cast(scd_expr_eval_node(e, n->a, vars, bad), n->bits, n->is_signed);
	case SCD_OP_NEG:
		return (int64_t)(0 - (uint64_t)scd_expr_eval_node(e, n->a, vars, bad));
	case SCD_OP_BNOT:
		return (int64_t)~(uint64_t)scd_expr_eval_node(e, n->a, vars, bad);
	case SCD_OP_NOT:
		return !scd_expr_eval_node(e, n->a, vars, bad);
	case SCD_OP_LAND:
		return scd_expr_eval_node(e, n->a, vars, bad) &&
		       scd_expr_eval_node(e, n->b, vars, bad);
	case SCD_OP_LOR:
		return scd_expr_eval_node(e, n->a, vars, bad) ||
		       scd_expr_eval_node(e, n->b, vars, bad);
	case SCD_OP_COND:
		return scd_expr_eval_node(e, n->a, vars, bad) ?
		       scd_expr_eval_node(e, n->b, vars, bad) :
		       scd_expr_eval_node(e, n->c, vars, bad);
	default:
		a = scd_expr_eval_node(e, n->a, vars, bad);
		return binary(n, a, scd_expr_eval_node(e, n->b, vars, bad), bad);
	}
}

/**
 * scd_expr_eval - evaluate an expression
 * @e: the expression
 * @vars: the values of its slots (at least up to the highest bit of scd_expr_slots())
 * @ok: set to false when a division or modulo by zero was evaluated, true otherwise
 *
 * Return: the value, or 0 when *@ok is false.
 */
int64_t scd_expr_eval(const struct scd_expr *e, const int64_t *vars, bool *ok)
{
	bool bad = false;
	int64_t v = scd_expr_eval_node(e, e->root, vars, &bad);

	if (ok)
		*ok = !bad;
	return bad ? 0 : v;
}

struct kfilter {
	const struct scd_expr *e;
	const char *const *names;
	size_t nnames;
	char *buf;
	size_t len, off;
};

static void __attribute__((format(printf, 2, 3))) put(struct kfilter *k, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(k->off < k->len ? k->buf + k->off : NULL,
		      k->off < k->len ? k->len - k->off : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		k->off += n;
}

/* The kernel name of a variable node, or NULL when it is not a variable in the record. */
static const char *var_name(const struct kfilter *k, const struct scd_expr_node *n)
{
	if (n->op != SCD_OP_VAR || (size_t)n->v >= k->nnames)
		return NULL;
	return k->names[n->v];
}

/* "field & CONST" (either order); @negate for "== 0". */
static int kf_band(struct kfilter *k, const struct scd_expr_node *n, bool negate)
{
	const struct scd_expr_node *l = &k->e->n[n->a], *r = &k->e->n[n->b], *t;
	const char *name;

	if (l->op == SCD_OP_CONST) {
		t = l;
		l = r;
		r = t;
	}
	name = var_name(k, l);
	if (!name || r->op != SCD_OP_CONST)
		return -ENOTSUP;
	put(k, negate ? "!(%s & %" PRId64 ")" : "%s & %" PRId64, name, r->v);
	return 0;
}

static int kf_cmp(struct kfilter *k, const struct scd_expr_node *n)
{
	static const char *const text[] = {
		[SCD_OP_LT] = "<", [SCD_OP_LE] = "<=", [SCD_OP_GT] = ">", [SCD_OP_GE] = ">=",
		[SCD_OP_EQ] = "==", [SCD_OP_NE] = "!=",
	};
	static const unsigned char flip[] = {
		[SCD_OP_LT] = SCD_OP_GT, [SCD_OP_LE] = SCD_OP_GE, [SCD_OP_GT] = SCD_OP_LT,
		[SCD_OP_GE] = SCD_OP_LE, [SCD_OP_EQ] = SCD_OP_EQ, [SCD_OP_NE] = SCD_OP_NE,
	};
	const struct scd_expr_node *l = &k->e->n[n->a], *r = &k->e->n[n->b], *t;
	unsigned int op = n->op;
	const char *name;

	if (l->op == SCD_OP_CONST) {
		t = l;
		l = r;
		r = t;
		op = flip[op];
	}
	if (r->op != SCD_OP_CONST)
		return -ENOTSUP;
	if (l->op == SCD_OP_BAND && r->v == 0 && (op == SCD_OP_EQ || op == SCD_OP_NE))
		return kf_band(k, l, op == SCD_OP_EQ);
	name = var_name(k, l);
	if (!name)
		return -ENOTSUP;
	put(k, "%s %s %" PRId64, name, text[op], r->v);
	return 0;
}

static int kf_bool(struct kfilter *k, uint32_t i)
{
	const struct scd_expr_node *n = &k->e->n[i], *kid;
	const char *name;
	unsigned int side;
	bool paren;
	int ret;

	switch (n->op) {
	case SCD_OP_LAND:
	case SCD_OP_LOR:
		for (side = 0; side < 2; side++) {
			kid = &k->e->n[side ? n->b : n->a];
			/* Mixed && and || always get parentheses: no reliance on precedence. */
			paren = (kid->op == SCD_OP_LAND || kid->op == SCD_OP_LOR) &&
				kid->op != n->op;
			if (side)
				put(k, n->op == SCD_OP_LAND ? " && " : " || ");
			if (paren)
				put(k, "(");
			ret = kf_bool(k, side ? n->b : n->a);
			if (ret)
				return ret;
			if (paren)
				put(k, ")");
		}
		return 0;
	case SCD_OP_NOT:
		name = var_name(k, &k->e->n[n->a]);
		if (name) {
			put(k, "%s == 0", name);
			return 0;
		}
		put(k, "!(");
		ret = kf_bool(k, n->a);
		put(k, ")");
		return ret;
	case SCD_OP_LT: case SCD_OP_LE: case SCD_OP_GT: case SCD_OP_GE:
	case SCD_OP_EQ: case SCD_OP_NE:
		return kf_cmp(k, n);
	case SCD_OP_BAND:
		return kf_band(k, n, false);
	case SCD_OP_VAR:
		name = var_name(k, n);
		if (!name)
			return -ENOTSUP;
		put(k, "%s != 0", name);
		return 0;
	default:
		return -ENOTSUP;
	}
}

/**
 * scd_expr_kernel_filter - write an expression as a tracefs event filter
 * @e: the expression, used as a condition
 * @names: the record's field name of each slot; NULL for slots the record does not have
 * @nnames: number of entries in @names
 * @buf: where to write the filter
 * @len: size of @buf
 *
 * Return: 0, -ENOTSUP when the expression has no kernel equivalent, or -ENOSPC when @buf is
 * too small. @buf holds an empty string on failure (when @len allows).
 */
int scd_expr_kernel_filter(const struct scd_expr *e, const char *const *names, size_t nnames,
			   char *buf, size_t len)
{
	struct kfilter k = { .e = e, .names = names, .nnames = names ? nnames : 0,
			     .buf = buf, .len = buf ? len : 0 };
	int ret = kf_bool(&k, e->root);

	if (!ret && k.off >= k.len)
		ret = -ENOSPC;
	if (ret && k.len)
		buf[0] = '\0';
	return ret;
}
