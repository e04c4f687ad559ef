// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The second half of argdist specs (see argspec.h): compiling the expressions once the
 * event's fields are known, the C types of BCC's TYPE lists and what they do to a value, and
 * the two-line caret display of an error. The caret line keeps the spec's tabs and skips
 * UTF-8 continuation bytes so that it points at the right character in a terminal.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argspec.h"

/* Compiles one expression of the spec; error positions become offsets in the whole spec. */
static int compile_one(const char *text, size_t pos, scd_expr_resolve_fn resolve, void *ctx,
		       struct scd_expr **e, struct scd_expr_err *err)
{
	int ret;

	scd_expr_free(*e);
	ret = scd_expr_parse(text, strlen(text), resolve, ctx, e, err);
	if (ret && err)
		err->pos += pos;
	return ret;
}

/**
 * scd_argspec_compile - compile the expressions and the filter of a split spec
 * @s: the spec from scd_argspec_split()
 * @resolve: maps the names in the expressions to slots
 * @ctx: passed to @resolve
 * @err: where and why, on failure (may be NULL); the position is in the whole spec
 *
 * Return: 0 or -EINVAL.
 */
int scd_argspec_compile(struct scd_argspec *s, scd_expr_resolve_fn resolve, void *ctx,
			struct scd_expr_err *err)
{
	struct scd_argexpr *x;
	size_t i;

	for (i = 0; i < s->nexprs; i++) {
		x = &s->exprs[i];
		if (x->is_comm)
			continue;
		if (compile_one(x->text, x->pos, resolve, ctx, &x->e, err))
			return -EINVAL;
		if (x->type == SCD_AT_STR && scd_expr_single_var(x->e) < 0)
			return scd_expr_err_set(err, x->pos, "a string (char*) value must be one "
						"field, e.g. args->filename");
	}
	if (s->filter_text)
		return compile_one(s->filter_text, s->filter_pos, resolve, ctx, &s->filter, err);
	return 0;
}

void scd_argspec_free(struct scd_argspec *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nexprs; i++) {
		free(s->exprs[i].text);
		scd_expr_free(s->exprs[i].e);
	}
	free(s->exprs);
	free(s->spec);
	free(s->category);
	free(s->event);
	free(s->syscall);
	free(s->filter_text);
	scd_expr_free(s->filter);
	free(s->label);
	memset(s, 0, sizeof(*s));
}

/**
 * scd_argtype_parse - look up a type of a TYPE list
 * @name: e.g. "u32", "unsigned long", "const char *"
 * @len: its length
 * @out: the type
 *
 * Return: 0 or -ENOENT.
 */
int scd_argtype_parse(const char *name, size_t len, enum scd_argtype *out)
{
	struct scd_ctype ct;
	unsigned int w;

	if (scd_expr_ctype(name, len, &ct))
		return -ENOENT;
	if (ct.is_ptr) {
		*out = ct.is_str ? SCD_AT_STR : SCD_AT_PTR;
		return 0;
	}
	for (w = 0; 8u << w < ct.bits; w++)
		;
	*out = (enum scd_argtype)(2 * w + !ct.is_signed);
	return 0;
}

/* A value as the declared C type would hold it: "u16" of -4 is 65532, "int" sign-extends. */
int64_t scd_argtype_apply(enum scd_argtype t, int64_t v)
{
	if (t < SCD_AT_S64)
		return scd_expr_cast(v, 8u << (t / 2), !(t & 1));
	return v;
}

/* Appends @c when there is room for it and the final NUL. */
static void put_char(char *buf, size_t len, size_t *off, char c)
{
	if (*off + 1 < len)
		buf[(*off)++] = c;
}

/**
 * scd_argspec_caret - show where in a spec an error is
 * @spec: the spec
 * @pos: byte offset of the offending character (clamped to the end)
 * @msg: the message to put after the caret
 * @buf: where to write "  SPEC\n  <blanks>^ MSG" (no final newline; truncated to fit)
 * @len: size of @buf
 *
 * Control characters of @spec are shown as '?', tabs are kept so that the caret lines up,
 * and UTF-8 continuation bytes take no column.
 */
void scd_argspec_caret(const char *spec, size_t pos, const char *msg, char *buf, size_t len)
{
	size_t n, i, off = 0;
	unsigned char c;

	if (!buf || !len)
		return;
	spec = spec ? spec : "";
	n = strlen(spec);
	if (pos > n)
		pos = n;
	put_char(buf, len, &off, ' ');
	put_char(buf, len, &off, ' ');
	for (i = 0; i < n; i++) {
		c = (unsigned char)spec[i];
		put_char(buf, len, &off, (c < ' ' && c != '\t') || c == 0x7f ? '?' : (char)c);
	}
	put_char(buf, len, &off, '\n');
	put_char(buf, len, &off, ' ');
	put_char(buf, len, &off, ' ');
	for (i = 0; i < pos; i++) {
		c = (unsigned char)spec[i];
		if ((c & 0xc0) != 0x80)
			put_char(buf, len, &off, c == '\t' ? '\t' : ' ');
	}
	snprintf(buf + off, len - off, "^ %s", msg ? msg : "");
}
