// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the three parts of the expression module share and nobody else sees: the token stream
 * of the lexer (expr-lex.c), the node array the parser builds (expr.c) and the evaluator and
 * kernel-filter writer walk (expr-eval.c). Nodes live in one array and refer to their
 * children by index, so freeing an expression is one free and walking it touches one block.
 */
#ifndef SCD_EXPR_INT_H
#define SCD_EXPR_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "expr.h"

/* Longest identifier, e.g. "args->upeer_addrlen" (the kernel's field names are far shorter). */
#define SCD_EXPR_IDENT_MAX 63
/* Deepest tree and deepest parser recursion: bounds the stack use of parse and eval. */
#define SCD_EXPR_MAX_DEPTH 200

enum scd_tok {
	SCD_TK_END, SCD_TK_NUM, SCD_TK_IDENT,
	SCD_TK_LPAREN, SCD_TK_RPAREN, SCD_TK_QUEST, SCD_TK_COLON,
	SCD_TK_PLUS, SCD_TK_MINUS, SCD_TK_STAR, SCD_TK_SLASH, SCD_TK_PERCENT,
	SCD_TK_AMP, SCD_TK_PIPE, SCD_TK_CARET, SCD_TK_TILDE, SCD_TK_BANG,
	SCD_TK_SHL, SCD_TK_SHR, SCD_TK_LT, SCD_TK_LE, SCD_TK_GT, SCD_TK_GE,
	SCD_TK_EQ, SCD_TK_NE, SCD_TK_LAND, SCD_TK_LOR,
};

struct scd_lex {
	const char *s;
	size_t len;
	size_t off;			/* where the next token starts (before blanks) */
	enum scd_tok tok;		/* the current token */
	size_t pos, end;		/* its bytes: s[pos..end) */
	uint64_t num;			/* SCD_TK_NUM */
	char ident[SCD_EXPR_IDENT_MAX + 1];	/* SCD_TK_IDENT, normalized */
};

enum scd_op {
	SCD_OP_CONST, SCD_OP_VAR, SCD_OP_CAST,
	SCD_OP_NEG, SCD_OP_BNOT, SCD_OP_NOT,
	SCD_OP_MUL, SCD_OP_DIV, SCD_OP_MOD, SCD_OP_ADD, SCD_OP_SUB, SCD_OP_SHL, SCD_OP_SHR,
	SCD_OP_LT, SCD_OP_LE, SCD_OP_GT, SCD_OP_GE, SCD_OP_EQ, SCD_OP_NE,
	SCD_OP_BAND, SCD_OP_BXOR, SCD_OP_BOR, SCD_OP_LAND, SCD_OP_LOR, SCD_OP_COND,
};

struct scd_expr_node {
	uint8_t op;			/* enum scd_op */
	uint8_t bits;			/* SCD_OP_CAST: width */
	bool is_signed;			/* SCD_OP_CAST: sign-extend */
	uint8_t depth;			/* height of this subtree, 1 for a leaf */
	uint32_t a, b, c;		/* children (c: the else branch of ?:) */
	int64_t v;			/* SCD_OP_CONST: value; SCD_OP_VAR: slot */
};

struct scd_expr {
	struct scd_expr_node *n;
	uint32_t nn, cap;
	uint32_t root;
	uint64_t slots;
};

void scd_lex_init(struct scd_lex *lx, const char *s, size_t len);
int scd_lex_next(struct scd_lex *lx, struct scd_expr_err *err);
int64_t scd_expr_eval_node(const struct scd_expr *e, uint32_t i, const int64_t *vars, bool *bad);

#endif /* SCD_EXPR_INT_H */
