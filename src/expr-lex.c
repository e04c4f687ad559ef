// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The lexer of the expression language and its table of C type names. Tokens are C's integer
 * operators, integer constants (decimal, 0x hex, leading-0 octal as the kernel headers write
 * O_NONBLOCK "00004000", with u/l suffixes ignored) and identifiers, where "args->NAME" and
 * "$NAME" are single identifiers so that the resolver sees the name the user wrote. Anything
 * C would accept but we cannot evaluate (floats, strings, characters, '=') is an error at its
 * exact byte, so the caller can put a caret under it.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "expr-int.h"

int scd_expr_err_set(struct scd_expr_err *err, size_t pos, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		err->pos = pos;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_ident0(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident(char c)
{
	return is_ident0(c) || (c >= '0' && c <= '9');
}

static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

void scd_lex_init(struct scd_lex *lx, const char *s, size_t len)
{
	memset(lx, 0, sizeof(*lx));
	lx->s = s;
	lx->len = len;
}

static int lex_number(struct scd_lex *lx, struct scd_expr_err *err)
{
	const char *s = lx->s;
	size_t i = lx->pos, n = lx->len, nsuffix = 0;
	unsigned int base = 10, d;
	bool over = false, any = false;
	uint64_t v = 0;

	if (s[i] == '0' && i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		base = 16;
		i += 2;
	} else if (s[i] == '0') {
		base = 8;
	}
	for (; i < n && (d = digit_value(s[i])) < base; i++) {
		if (v > (UINT64_MAX - d) / base)
			over = true;
		v = v * base + d;
		any = true;
	}
	if (base == 16 && !any)
		return scd_expr_err_set(err, lx->pos, "hex constant without digits");
	if (base == 8 && i < n && (s[i] == '8' || s[i] == '9'))
		return scd_expr_err_set(err, i, "invalid digit '%c' in octal constant", s[i]);
	while (i < n && nsuffix < 3 && s[i] && strchr("uUlL", s[i])) {
		i++;
		nsuffix++;
	}
	if (i < n && s[i] == '.')
		return scd_expr_err_set(err, i, "floating-point constants are not supported");
	if (i < n && is_ident(s[i]))
		return scd_expr_err_set(err, i, "invalid suffix '%c' on integer constant", s[i]);
	if (over)
		return scd_expr_err_set(err, lx->pos, "integer constant too large");
	lx->tok = SCD_TK_NUM;
	lx->num = v;
	lx->end = i;
	return 0;
}

static size_t word_end(const struct scd_lex *lx, size_t i)
{
	while (i < lx->len && is_ident(lx->s[i]))
		i++;
	return i;
}

/* Copies "prefix" + s[from..to) into lx->ident. */
static int set_ident(struct scd_lex *lx, const char *prefix, size_t from, size_t to,
		     struct scd_expr_err *err)
{
	size_t plen = strlen(prefix);

	if (plen + (to - from) > SCD_EXPR_IDENT_MAX)
		return scd_expr_err_set(err, lx->pos, "name too long (at most %d characters)",
					SCD_EXPR_IDENT_MAX);
	memcpy(lx->ident, prefix, plen);
	memcpy(lx->ident + plen, lx->s + from, to - from);
	lx->ident[plen + (to - from)] = '\0';
	return 0;
}

static int lex_ident(struct scd_lex *lx, struct scd_expr_err *err)
{
	const char *s = lx->s;
	size_t i = lx->pos, end, j;

	lx->tok = SCD_TK_IDENT;
	if (s[i] == '$') {
		if (i + 1 >= lx->len || !is_ident0(s[i + 1]))
			return scd_expr_err_set(err, i, "expected a name after '$'");
		lx->end = word_end(lx, i + 1);
		return set_ident(lx, "$", i + 1, lx->end, err);
	}
	end = word_end(lx, i);
	lx->end = end;
	if (end - i == 4 && !memcmp(s + i, "args", 4)) {
		for (j = end; j < lx->len && is_blank(s[j]); j++)
			;
		if (j + 1 < lx->len && s[j] == '-' && s[j + 1] == '>') {
			for (j += 2; j < lx->len && is_blank(s[j]); j++)
				;
			if (j >= lx->len || !is_ident0(s[j]))
				return scd_expr_err_set(err, j, "expected a field name after "
							"'args->'");
			lx->end = word_end(lx, j);
			return set_ident(lx, "args->", j, lx->end, err);
		}
	}
	return set_ident(lx, "", i, end, err);
}

/* Operators: the longest match wins, as in C. */
static const struct {
	const char *text;
	enum scd_tok tok;
} ops[] = {
	{ "<<", SCD_TK_SHL }, { ">>", SCD_TK_SHR }, { "<=", SCD_TK_LE }, { ">=", SCD_TK_GE },
	{ "==", SCD_TK_EQ }, { "!=", SCD_TK_NE }, { "&&", SCD_TK_LAND }, { "||", SCD_TK_LOR },
	{ "(", SCD_TK_LPAREN }, { ")", SCD_TK_RPAREN }, { "?", SCD_TK_QUEST },
	{ ":", SCD_TK_COLON }, { "+", SCD_TK_PLUS }, { "-", SCD_TK_MINUS }, { "*", SCD_TK_STAR },
	{ "/", SCD_TK_SLASH }, { "%", SCD_TK_PERCENT }, { "&", SCD_TK_AMP }, { "|", SCD_TK_PIPE },
	{ "^", SCD_TK_CARET }, { "~", SCD_TK_TILDE }, { "!", SCD_TK_BANG }, { "<", SCD_TK_LT },
	{ ">", SCD_TK_GT },
};

/**
 * scd_lex_next - advance to the next token
 * @lx: the lexer
 * @err: where to describe a malformed token
 *
 * Return: 0 (lx->tok is SCD_TK_END at the end of the text) or -EINVAL.
 */
int scd_lex_next(struct scd_lex *lx, struct scd_expr_err *err)
{
	const char *s = lx->s;
	char c;
	size_t i, k, l;

	for (i = lx->off; i < lx->len && is_blank(s[i]); i++)
		;
	lx->pos = i;
	if (i >= lx->len) {
		lx->tok = SCD_TK_END;
		lx->end = lx->off = i;
		return 0;
	}
	c = s[i];
	if (c >= '0' && c <= '9') {
		if (lex_number(lx, err))
			return -EINVAL;
	} else if (is_ident0(c) || c == '$') {
		if (lex_ident(lx, err))
			return -EINVAL;
	} else if ((c == '-' || c == '+') && i + 1 < lx->len && s[i + 1] == c) {
		return scd_expr_err_set(err, i, "'%c%c' is not supported (nothing can be "
					"incremented or decremented)", c, c);
	} else {
		for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
			l = strlen(ops[k].text);
			if (l <= lx->len - i && !memcmp(s + i, ops[k].text, l))
				break;
		}
		if (k == sizeof(ops) / sizeof(ops[0])) {
			if (c == '=')
				return scd_expr_err_set(err, i, "'=' is an assignment; compare "
							"with '=='");
			if (c == '"' || c == '\'')
				return scd_expr_err_set(err, i, "string and character literals are "
							"not supported");
			if (c == '.')
				return scd_expr_err_set(err, i, "floating-point constants are not "
							"supported");
			if (c > ' ' && c < 0x7f)
				return scd_expr_err_set(err, i, "unexpected character '%c'", c);
			return scd_expr_err_set(err, i, "unexpected byte 0x%02x",
						(unsigned char)c);
		}
		lx->tok = ops[k].tok;
		lx->end = i + l;
	}
	lx->off = lx->end;
	return 0;
}

#define CT_INT(name, type, sign) { name, sizeof(type) * CHAR_BIT, sign, false, false }
static const struct {
	const char *name;
	unsigned char bits;
	bool is_signed, is_ptr, is_str;
} ctypes[] = {
	CT_INT("char", char, CHAR_MIN < 0), CT_INT("signed char", char, true),
	CT_INT("unsigned char", char, false),
	CT_INT("short", short, true), CT_INT("short int", short, true),
	CT_INT("unsigned short", short, false), CT_INT("ushort", short, false),
	CT_INT("int", int, true), CT_INT("signed", int, true), CT_INT("signed int", int, true),
	CT_INT("unsigned", int, false), CT_INT("unsigned int", int, false),
	CT_INT("uint", int, false),
	CT_INT("long", long, true), CT_INT("long int", long, true),
	CT_INT("unsigned long", long, false), CT_INT("ulong", long, false),
	CT_INT("long long", long long, true), CT_INT("unsigned long long", long long, false),
	CT_INT("u8", uint8_t, false), CT_INT("u16", uint16_t, false),
	CT_INT("u32", uint32_t, false), CT_INT("u64", uint64_t, false),
	CT_INT("s8", int8_t, true), CT_INT("s16", int16_t, true),
	CT_INT("s32", int32_t, true), CT_INT("s64", int64_t, true),
	CT_INT("uint8_t", uint8_t, false), CT_INT("uint16_t", uint16_t, false),
	CT_INT("uint32_t", uint32_t, false), CT_INT("uint64_t", uint64_t, false),
	CT_INT("int8_t", int8_t, true), CT_INT("int16_t", int16_t, true),
	CT_INT("int32_t", int32_t, true), CT_INT("int64_t", int64_t, true),
	/* The kernel's types: size_t and off_t are longs, loff_t is long long, pid_t an int. */
	CT_INT("size_t", long, false), CT_INT("ssize_t", long, true),
	CT_INT("off_t", long, true), CT_INT("loff_t", long long, true),
	CT_INT("pid_t", int, true),
	{ "void*", sizeof(void *) * CHAR_BIT, false, true, false },
	{ "char*", sizeof(void *) * CHAR_BIT, false, true, true },
	{ "const char*", sizeof(void *) * CHAR_BIT, false, true, true },
};

/**
 * scd_expr_ctype - look up a C type name
 * @name: the name, e.g. "u32", "unsigned  int", "const char *" (blanks are normalized)
 * @len: its length
 * @out: the type
 *
 * Return: 0, or -ENOENT for a name we do not know.
 */
int scd_expr_ctype(const char *name, size_t len, struct scd_ctype *out)
{
	char norm[32];
	size_t i, n = 0, k;

	for (i = 0; i < len; i++) {
		char c = name[i];

		if (is_blank(c))
			continue;
		if (c == '*') {
			if (n + 1 >= sizeof(norm))
				return -ENOENT;
			norm[n++] = c;
		} else if (is_ident(c)) {
			/* A word after a word needs the one blank between them. */
			if (n && is_ident(norm[n - 1]) && i && is_blank(name[i - 1]))
				norm[n++] = ' ';
			if (n + 1 >= sizeof(norm))
				return -ENOENT;
			norm[n++] = c;
		} else {
			return -ENOENT;
		}
	}
	norm[n] = '\0';
	for (k = 0; k < sizeof(ctypes) / sizeof(ctypes[0]); k++) {
		if (strcmp(norm, ctypes[k].name))
			continue;
		out->bits = ctypes[k].bits;
		out->is_signed = ctypes[k].is_signed;
		out->is_ptr = ctypes[k].is_ptr;
		out->is_str = ctypes[k].is_str;
		return 0;
	}
	return -ENOENT;
}

/**
 * scd_expr_cast - convert a value as a C cast to an integer type would
 * @v: the value
 * @bits: width of the type (64 or more: unchanged)
 * @is_signed: sign-extend from the top bit of the type
 *
 * Return: the converted value.
 */
int64_t scd_expr_cast(int64_t v, unsigned int bits, bool is_signed)
{
	uint64_t u = (uint64_t)v, mask;

	if (bits >= 64 || bits == 0)
		return v;
	mask = (UINT64_C(1) << bits) - 1;
	u &= mask;
	if (is_signed && (u >> (bits - 1)) & 1)
		u |= ~mask;
	return (int64_t)u;
}
