// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Splitting and checking argdist specs (see argspec.h; compiling is in argspec-compile.c).
 * A ':' separates parts unless it is inside parentheses or closes the '?' of a ternary; the
 * first '#' outside parentheses starts the label. "p:", "r:" and "u:" specs are refused with
 * the reason: they need kprobes or uprobes with BPF programs, which is what scdiag exists to
 * avoid. As in BCC, "t:CATEGORY:EVENT()" alone counts calls (type u64, expression "1").
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argspec.h"
#include "xalloc.h"

/* One ':'-separated part: raw is where it starts (after the ':'), pos/len without blanks. */
struct part {
	size_t raw, pos, len;
};

/* The tracepoint form has 6 parts at most; one more is enough to say "too many". */
#define MAX_PARTS 7

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static struct part trim(const char *s, size_t from, size_t to)
{
	struct part p = { from, from, 0 };

	while (from < to && is_blank(s[from]))
		from++;
	while (to > from && is_blank(s[to - 1]))
		to--;
	p.pos = from;
	p.len = to - from;
	return p;
}

static bool is_name(const char *s, size_t len, bool dash)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		      (dash && ((s[i] >= 'A' && s[i] <= 'Z') || s[i] == '-'))))
			return false;
	return len > 0;
}

static bool part_is(const char *s, const struct part *p, const char *word)
{
	return p->len == strlen(word) && !memcmp(s + p->pos, word, p->len);
}

static char *dup_part(const char *s, const struct part *p)
{
	char *d = xmalloc(p->len + 1);

	memcpy(d, s + p->pos, p->len);
	d[p->len] = '\0';
	return d;
}

/*
 * Splits s[0..len) at ':' (or ',' when @comma) outside parentheses and ternaries. Stops at
 * the first '#' outside parentheses (*@end). Fills at most @max parts.
 */
static int split(const char *s, size_t len, bool comma, struct part *parts, size_t max,
		 size_t *n, size_t *end, struct scd_expr_err *err)
{
	size_t i, depth = 0, quest = 0, start = 0, k;

	*n = 0;
	for (i = 0; i < len && !(s[i] == '#' && !depth); i++) {
		if (s[i] == '(') {
			depth++;
		} else if (s[i] == ')') {
			if (!depth)
				return scd_expr_err_set(err, i, "unmatched ')'");
			depth--;
		} else if (s[i] == '?' && !depth) {
			quest++;
		} else if (s[i] == ':' && !depth && quest && !comma) {
			quest--;
		} else if (s[i] == (comma ? ',' : ':') && !depth) {
			if (*n < max)
				parts[(*n)++] = trim(s, start, i);
			start = i + 1;
		}
	}
	*end = i;
	if (depth) {
		/* Point at the innermost '(' that is never closed. */
		for (k = i, depth = 0; k-- > 0;) {
			if (s[k] == ')')
				depth++;
			else if (s[k] == '(' && !depth--)
				return scd_expr_err_set(err, k, "'(' is never closed");
		}
	}
	if (*n < max)
		parts[(*n)++] = trim(s, start, i);
	return 0;
}

static int parse_event(struct scd_argspec *out, const char *s, const struct part *p,
		       struct scd_expr_err *err)
{
	const char *open = memchr(s + p->pos, '(', p->len);
	struct part name, sig;
	size_t o;

	if (!p->len)
		return scd_expr_err_set(err, p->pos, "missing event name");
	o = open ? (size_t)(open - s) : p->pos + p->len;
	name = trim(s, p->pos, o);
	if (!is_name(s + name.pos, name.len, true))
		return scd_expr_err_set(err, name.pos, "invalid event name");
	if (!open)
		return scd_expr_err_set(err, o, "expected '()' after the event name");
	if (s[p->pos + p->len - 1] != ')')
		return scd_expr_err_set(err, p->pos + p->len - 1, "unexpected text after '()'");
	sig = trim(s, o + 1, p->pos + p->len - 1);
	if (sig.len)
		return scd_expr_err_set(err, sig.pos, "tracepoint signatures are not supported: "
					"write EVENT() and use args->FIELD");
	out->event = dup_part(s, &name);
	out->event_pos = name.pos;
	return 0;
}

/* Splits the ','-separated list @p; positions in the parts are made absolute. */
static int split_list(const char *s, const struct part *p, struct part **parts, size_t *n,
		      struct scd_expr_err *err)
{
	size_t max = p->len + 1, end, i;

	*parts = xcalloc(max, sizeof(**parts));
	if (split(s + p->pos, p->len, true, *parts, max, n, &end, err)) {
		if (err)
			err->pos += p->pos;
		return -EINVAL;
	}
	for (i = 0; i < *n; i++) {
		(*parts)[i].raw += p->pos;
		(*parts)[i].pos += p->pos;
	}
	return 0;
}

static int check_expr(struct scd_argspec *out, size_t i, const struct part *tp,
		      struct scd_expr_err *err)
{
	struct scd_argexpr *x = &out->exprs[i];

	if (!strlen(x->text))
		return scd_expr_err_set(err, x->pos, "empty expression");
	if (tp && !tp->len)
		return scd_expr_err_set(err, tp->pos, "missing type");
	if (tp && scd_argtype_parse(out->spec + tp->pos, tp->len, &x->type))
		return scd_expr_err_set(err, tp->pos, "unknown type '%.*s'", (int)tp->len,
					out->spec + tp->pos);
	x->is_comm = !strcmp(x->text, "$COMM");
	if (out->hist && i)
		return scd_expr_err_set(err, x->pos, "a histogram (-H) takes exactly one "
					"expression");
	if (out->hist && (x->is_comm || x->type == SCD_AT_STR))
		return scd_expr_err_set(err, x->pos, "a histogram (-H) needs a number, not a "
					"string");
	return 0;
}

/* Fills out->exprs from the EXPR list @p, their types from the TYPE list @tp (NULL: S64). */
static int parse_exprs(struct scd_argspec *out, const struct part *p, const struct part *tp,
		       struct scd_expr_err *err)
{
	struct part *xp = NULL, *tps = NULL;
	size_t n, nt = 0, i;
	int ret;

	ret = split_list(out->spec, p, &xp, &n, err);
	if (!ret && tp) {
		ret = split_list(out->spec, tp, &tps, &nt, err);
		if (!ret && nt != n)
			ret = scd_expr_err_set(err, tp->pos, "%zu type%s for %zu expression%s", nt,
					       nt == 1 ? "" : "s", n, n == 1 ? "" : "s");
	}
	if (!ret)
		out->exprs = xcalloc(n, sizeof(*out->exprs));
	for (i = 0; !ret && i < n; i++) {
		out->exprs[i].pos = xp[i].pos;
		out->exprs[i].text = dup_part(out->spec, &xp[i]);
		out->exprs[i].type = SCD_AT_S64;
		out->nexprs++;
		ret = check_expr(out, i, tp ? &tps[i] : NULL, err);
	}
	free(tps);
	free(xp);
	return ret;
}

static int parse_filter(struct scd_argspec *out, const struct part *p, struct scd_expr_err *err)
{
	if (!p->len)
		return scd_expr_err_set(err, p->pos, "empty filter");
	out->filter_text = dup_part(out->spec, p);
	out->filter_pos = p->pos;
	return 0;
}

static int split_tracepoint(struct scd_argspec *out, const struct part *parts, size_t n,
			    size_t end, struct scd_expr_err *err)
{
	const char *s = out->spec;
	int ret;

	out->form = SCD_ARGSPEC_TRACEPOINT;
	if (n < 3)
		return scd_expr_err_set(err, end, "expected CATEGORY:EVENT() after 't:'");
	if (n > 6)
		return scd_expr_err_set(err, parts[6].raw - 1, "too many ':'-separated parts "
					"(t:CATEGORY:EVENT():TYPE:EXPR[:FILTER])");
	if (!is_name(s + parts[1].pos, parts[1].len, true))
		return scd_expr_err_set(err, parts[1].pos, parts[1].len ? "invalid category name" :
					"missing category");
	out->category = dup_part(s, &parts[1]);
	ret = parse_event(out, s, &parts[2], err);
	if (ret)
		return ret;
	if (n == 3) {
		/* BCC's default: count the calls. */
		if (out->hist)
			return scd_expr_err_set(err, end, "a histogram (-H) needs :TYPE:EXPR");
		out->exprs = xcalloc(1, sizeof(*out->exprs));
		out->exprs[0] = (struct scd_argexpr){ .text = xstrdup("1"), .pos = end,
						      .type = SCD_AT_U64 };
		out->nexprs = 1;
		return 0;
	}
	if (n == 4)
		return scd_expr_err_set(err, end, "expected ':' and expressions after the types");
	if (!parts[3].len)
		return scd_expr_err_set(err, parts[3].pos, "missing type list");
	ret = parse_exprs(out, &parts[4], &parts[3], err);
	if (!ret && n == 6)
		ret = parse_filter(out, &parts[5], err);
	return ret;
}

static int split_syscall(struct scd_argspec *out, const struct part *parts, size_t n,
			 struct scd_expr_err *err)
{
	int ret;

	out->form = SCD_ARGSPEC_SYSCALL;
	out->syscall = dup_part(out->spec, &parts[0]);
	out->event_pos = parts[0].pos;
	ret = parse_exprs(out, &parts[1], NULL, err);
	if (!ret && n == 3)
		ret = parse_filter(out, &parts[2], err);
	return ret;
}

/**
 * scd_argspec_split - split and check a spec without compiling its expressions
 * @spec: the spec as given after -C or -H
 * @hist: it was given with -H (one numeric expression)
 * @out: the parts; scd_argspec_free() it, also after a failure
 * @err: where and why, on failure (may be NULL)
 *
 * Return: 0 or -EINVAL.
 */
int scd_argspec_split(const char *spec, bool hist, struct scd_argspec *out,
		      struct scd_expr_err *err)
{
	struct part parts[MAX_PARTS], label;
	size_t n, end, len;
	const char *s;
	int ret;

	memset(out, 0, sizeof(*out));
	out->hist = hist;
	if (!spec || !*spec)
		return scd_expr_err_set(err, 0, "empty spec");
	s = out->spec = xstrdup(spec);
	len = strlen(s);
	ret = split(s, len, false, parts, MAX_PARTS, &n, &end, err);
	if (ret)
		return ret;
	if (end < len) {
		label = trim(s, end + 1, len);
		if (!label.len)
			return scd_expr_err_set(err, end, "empty label after '#'");
		out->label = dup_part(s, &label);
	}
	if (part_is(s, &parts[0], "t"))
		return split_tracepoint(out, parts, n, end, err);
	if (part_is(s, &parts[0], "p") || part_is(s, &parts[0], "r") ||
	    part_is(s, &parts[0], "u"))
		return scd_expr_err_set(err, parts[0].pos, "kprobe/uprobe specs need BPF; scdiag "
					"supports t: tracepoints and SYSCALL:EXPR specs");
	if (!is_name(s + parts[0].pos, parts[0].len, false))
		return scd_expr_err_set(err, parts[0].pos, parts[0].len ?
					"expected 't' or a syscall name "
					"(t:CATEGORY:EVENT():TYPE:EXPR or SYSCALL:EXPR)" :
					"missing syscall name");
	if (n == 1)
		return scd_expr_err_set(err, end, "expected ':' and expressions after the syscall "
					"name (SYSCALL:EXPR[,EXPR...][:FILTER])");
	if (n > 3)
		return scd_expr_err_set(err, parts[3].raw - 1, "too many ':'-separated parts "
					"(SYSCALL:EXPR[,EXPR...][:FILTER])");
	return split_syscall(out, parts, n, err);
}
