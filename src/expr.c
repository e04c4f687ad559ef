// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The parser of the expression language: recursive descent for unary operators, casts and
 * parentheses, precedence climbing for C's ten levels of binary operators, and a right-
 * associative ?: on top. Identifiers become variable slots through the caller's resolver at
 * parse time, so evaluation never looks a name up. Subtrees made only of constants are folded
 * while they are built ("-1", "1 << 12"), which is what lets "ret >= -4095" become a kernel
 * filter. Every error names the byte it is about.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr-int.h"
#include "xalloc.h"

struct parser {
	struct scd_lex lx;
	struct scd_expr *e;
	scd_expr_resolve_fn resolve;
	void *ctx;
	struct scd_expr_err *err;
	unsigned int depth;
};

static int parse_cond(struct parser *p, uint32_t *out);

static int next(struct parser *p)
{
	return scd_lex_next(&p->lx, p->err);
}

/*
 * Appends a node; folds it into a constant when all its operands are constants. For a cast,
 * @v holds the width and 0x100 for a signed type.
 */
static int add_node(struct parser *p, enum scd_op op, uint32_t a, uint32_t b, uint32_t c,
		    int64_t v, size_t pos, uint32_t *out)
{
	struct scd_expr *e = p->e;
	struct scd_expr_node *n;
	unsigned int nkids = 0, depth = 0, k;
	uint32_t kids[3] = { a, b, c };
	bool all_const = true, bad = false;
	int64_t folded;

	if (op >= SCD_OP_CAST)
		nkids = op == SCD_OP_COND ? 3 : op <= SCD_OP_NOT ? 1 : 2;
	for (k = 0; k < nkids; k++) {
		if (e->n[kids[k]].depth > depth)
			depth = e->n[kids[k]].depth;
		if (e->n[kids[k]].op != SCD_OP_CONST)
			all_const = false;
	}
	if (depth + 1 > SCD_EXPR_MAX_DEPTH)
		return scd_expr_err_set(p->err, pos, "expression too deeply nested");
	if (e->nn == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 16;
		e->n = xrealloc(e->n, e->cap, sizeof(*e->n));
	}
	n = &e->n[e->nn];
	memset(n, 0, sizeof(*n));
	n->op = op;
	n->a = a;
	n->b = b;
	n->c = c;
	n->v = v;
	n->depth = depth + 1;
	if (op == SCD_OP_CAST) {
		n->bits = v & 0xff;
		n->is_signed = v & 0x100;
		n->v = 0;
	}
	if (nkids && all_const) {
		folded = scd_expr_eval_node(e, e->nn, NULL, &bad);
		/* Division by zero stays in the tree: evaluating it must fail each time. */
		if (!bad) {
			memset(n, 0, sizeof(*n));
			n->op = SCD_OP_CONST;
			n->v = folded;
			n->depth = 1;
		}
	}
	*out = e->nn++;
	return 0;
}

/* Describes the current token for a message: "end of expression" or 'text'. */
static const char *tok_text(struct parser *p, char *buf, size_t len)
{
	size_t n = p->lx.end - p->lx.pos;

	if (p->lx.tok == SCD_TK_END)
		return "the end of the expression";
	if (n > 24)
		n = 24;
	snprintf(buf, len, "'%.*s'", (int)n, p->lx.s + p->lx.pos);
	return buf;
}

static int parse_ident(struct parser *p, uint32_t *out)
{
	char hint[96] = "";
	const char *id = p->lx.ident;
	size_t pos = p->lx.pos;
	int slot;

	if (!strcmp(id, "$COMM"))
		return scd_expr_err_set(p->err, pos, "$COMM is a string: it can only be a value "
					"column by itself");
	slot = p->resolve ? p->resolve(id, p->ctx, hint, sizeof(hint)) : -ENOENT;
	hint[sizeof(hint) - 1] = '\0';
	if (slot == -ENOENT)
		return scd_expr_err_set(p->err, pos, "unknown field '%s'%s%s%s", id,
					*hint ? " (" : "", hint, *hint ? ")" : "");
	if (slot < 0)
		return scd_expr_err_set(p->err, pos, "'%s' is not available here%s%s%s", id,
					*hint ? " (" : "", hint, *hint ? ")" : "");
	if (slot >= SCD_EXPR_MAX_SLOTS)
		return scd_expr_err_set(p->err, pos, "too many fields: '%s' needs slot %d "
					"(at most %d)", id, slot, SCD_EXPR_MAX_SLOTS);
	p->e->slots |= UINT64_C(1) << slot;
	if (add_node(p, SCD_OP_VAR, 0, 0, 0, slot, pos, out))
		return -EINVAL;
	return next(p);
}

/*
 * "(TYPE)": a cast when the parentheses hold only a known type name. Returns 1 and moves past
 * the ')' for a cast, 0 when this is an ordinary parenthesis.
 */
static int try_cast(struct parser *p, struct scd_ctype *ct)
{
	const char *s = p->lx.s;
	size_t i, start = p->lx.end;

	for (i = start; i < p->lx.len && s[i] != ')'; i++)
		if ((!s[i] || !strchr(" \t\n*_", s[i])) && !(s[i] >= 'a' && s[i] <= 'z') &&
		    !(s[i] >= 'A' && s[i] <= 'Z') && !(s[i] >= '0' && s[i] <= '9'))
			return 0;
	if (i >= p->lx.len || scd_expr_ctype(s + start, i - start, ct))
		return 0;
	if (ct->is_str)
		return scd_expr_err_set(p->err, start, "cannot cast to a string type");
	p->lx.off = i + 1;
	return next(p) ? -EINVAL : 1;
}

static int parse_unary(struct parser *p, uint32_t *out)
{
	static const enum scd_op unops[] = {
		[SCD_TK_MINUS] = SCD_OP_NEG, [SCD_TK_TILDE] = SCD_OP_BNOT,
		[SCD_TK_BANG] = SCD_OP_NOT,
	};
	size_t pos = p->lx.pos;
	enum scd_tok tok = p->lx.tok;
	struct scd_ctype ct;
	uint32_t a;
	char buf[32];
	int ret;

	if (++p->depth > SCD_EXPR_MAX_DEPTH)
		return scd_expr_err_set(p->err, pos, "expression too deeply nested");
	switch (tok) {
	case SCD_TK_NUM:
		ret = add_node(p, SCD_OP_CONST, 0, 0, 0, (int64_t)p->lx.num, pos, out);
		ret = ret ? ret : next(p);
		break;
	case SCD_TK_IDENT:
		ret = parse_ident(p, out);
		break;
	case SCD_TK_PLUS:
		ret = next(p);
		ret = ret ? ret : parse_unary(p, out);
		break;
	case SCD_TK_MINUS:
	case SCD_TK_TILDE:
	case SCD_TK_BANG:
		ret = next(p);
		ret = ret ? ret : parse_unary(p, &a);
		ret = ret ? ret : add_node(p, unops[tok], a, 0, 0, 0, pos, out);
		break;
	case SCD_TK_LPAREN:
		ret = try_cast(p, &ct);
		if (ret > 0) {
			ret = parse_unary(p, &a);
			ret = ret ? ret : add_node(p, SCD_OP_CAST, a, 0, 0,
						   ct.bits | (ct.is_signed ? 0x100 : 0), pos, out);
			break;
		}
		ret = ret ? ret : next(p);
		ret = ret ? ret : parse_cond(p, out);
		if (!ret && p->lx.tok == SCD_TK_END)
			ret = scd_expr_err_set(p->err, pos, "'(' is never closed");
		else if (!ret && p->lx.tok != SCD_TK_RPAREN)
			ret = scd_expr_err_set(p->err, p->lx.pos, "expected ')', found %s",
					       tok_text(p, buf, sizeof(buf)));
		ret = ret ? ret : next(p);
		break;
	case SCD_TK_END:
		ret = scd_expr_err_set(p->err, pos, "expected a value at the end");
		break;
	case SCD_TK_RPAREN:
		ret = scd_expr_err_set(p->err, pos, "expected a value before ')'");
		break;
	default:
		ret = scd_expr_err_set(p->err, pos, "expected a value, found %s",
				       tok_text(p, buf, sizeof(buf)));
		break;
	}
	p->depth--;
	return ret;
}

/* Binary operators by token: C's precedence (higher binds tighter); all left-associative. */
static const struct {
	unsigned char prec;
	unsigned char op;
} binops[] = {
	[SCD_TK_STAR] = { 10, SCD_OP_MUL }, [SCD_TK_SLASH] = { 10, SCD_OP_DIV },
	[SCD_TK_PERCENT] = { 10, SCD_OP_MOD },
	[SCD_TK_PLUS] = { 9, SCD_OP_ADD }, [SCD_TK_MINUS] = { 9, SCD_OP_SUB },
	[SCD_TK_SHL] = { 8, SCD_OP_SHL }, [SCD_TK_SHR] = { 8, SCD_OP_SHR },
	[SCD_TK_LT] = { 7, SCD_OP_LT }, [SCD_TK_LE] = { 7, SCD_OP_LE },
	[SCD_TK_GT] = { 7, SCD_OP_GT }, [SCD_TK_GE] = { 7, SCD_OP_GE },
	[SCD_TK_EQ] = { 6, SCD_OP_EQ }, [SCD_TK_NE] = { 6, SCD_OP_NE },
	[SCD_TK_AMP] = { 5, SCD_OP_BAND }, [SCD_TK_CARET] = { 4, SCD_OP_BXOR },
	[SCD_TK_PIPE] = { 3, SCD_OP_BOR }, [SCD_TK_LAND] = { 2, SCD_OP_LAND },
	[SCD_TK_LOR] = { 1, SCD_OP_LOR },
};

static unsigned int prec_of(enum scd_tok tok)
{
	return tok < sizeof(binops) / sizeof(binops[0]) ? binops[tok].prec : 0;
}

static int parse_binary(struct parser *p, unsigned int min_prec, uint32_t *out)
{
	unsigned int prec;
	enum scd_tok tok;
	uint32_t rhs;
	size_t pos;

	if (parse_unary(p, out))
		return -EINVAL;
	while ((prec = prec_of(p->lx.tok)) && prec >= min_prec) {
		tok = p->lx.tok;
		pos = p->lx.pos;
		if (next(p) || parse_binary(p, prec + 1, &rhs))
			return -EINVAL;
		if (add_node(p, binops[tok].op, *out, rhs, 0, 0, pos, out))
			return -EINVAL;
	}
	return 0;
}

static int parse_cond(struct parser *p, uint32_t *out)
{
	uint32_t c, a, b;
	size_t pos;
	char buf[32];
	int ret;

	if (++p->depth > SCD_EXPR_MAX_DEPTH)
		return scd_expr_err_set(p->err, p->lx.pos, "expression too deeply nested");
	ret = parse_binary(p, 1, &c);
	if (!ret && p->lx.tok == SCD_TK_QUEST) {
		pos = p->lx.pos;
		ret = next(p);
		ret = ret ? ret : parse_cond(p, &a);
		if (!ret && p->lx.tok != SCD_TK_COLON)
			ret = scd_expr_err_set(p->err, p->lx.pos, "expected ':' of the '?' at "
					       "offset %zu, found %s", pos,
					       tok_text(p, buf, sizeof(buf)));
		ret = ret ? ret : next(p);
		ret = ret ? ret : parse_cond(p, &b);
		ret = ret ? ret : add_node(p, SCD_OP_COND, c, a, b, 0, pos, &c);
	}
	*out = c;
	p->depth--;
	return ret;
}

/**
 * scd_expr_parse - compile an expression
 * @text: the expression (need not be NUL-terminated)
 * @len: its length
 * @resolve: maps identifiers to variable slots
 * @ctx: passed to @resolve
 * @out: the compiled expression, for scd_expr_free()
 * @err: where and why, on failure (may be NULL)
 *
 * Return: 0 or -EINVAL.
 */
int scd_expr_parse(const char *text, size_t len, scd_expr_resolve_fn resolve, void *ctx,
		   struct scd_expr **out, struct scd_expr_err *err)
{
	struct parser p = { .resolve = resolve, .ctx = ctx, .err = err };
	char buf[32];
	int ret;

	*out = NULL;
	if (!text)
		return scd_expr_err_set(err, 0, "empty expression");
	scd_lex_init(&p.lx, text, len);
	p.e = xcalloc(1, sizeof(*p.e));
	ret = next(&p);
	if (!ret && p.lx.tok == SCD_TK_END)
		ret = scd_expr_err_set(err, 0, "empty expression");
	ret = ret ? ret : parse_cond(&p, &p.e->root);
	if (!ret && p.lx.tok == SCD_TK_RPAREN)
		ret = scd_expr_err_set(err, p.lx.pos, "unmatched ')'");
	else if (!ret && p.lx.tok != SCD_TK_END)
		ret = scd_expr_err_set(err, p.lx.pos, "expected an operator, found %s",
				       tok_text(&p, buf, sizeof(buf)));
	if (ret) {
		scd_expr_free(p.e);
		return ret;
	}
	*out = p.e;
	return 0;
}

/* The slots the expression reads, bit i for slot i: what the caller must fill per record. */
uint64_t scd_expr_slots(const struct scd_expr *e)
{
	return e ? e->slots : 0;
}

/* The slot when the whole expression is one variable ("args->fd", "(fd)"), else -1. */
int scd_expr_single_var(const struct scd_expr *e)
{
	if (!e || e->n[e->root].op != SCD_OP_VAR)
		return -1;
	return (int)e->n[e->root].v;
}

void scd_expr_free(struct scd_expr *e)
{
	if (!e)
		return;
	free(e->n);
	free(e);
}
