// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the argdist expression language: constants in every base and their overflow,
 * C's precedence and associativity (each row is an expression and the value a C compiler
 * gives it), short-circuit and division by zero, the edges of 64-bit arithmetic that are
 * undefined in C, error positions, the translation into tracefs filters, and a random-input
 * loop that only has to finish without a crash (run it under ASan and UBSan).
 */
#include "unit.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "expr.h"

/* Slots of the test resolver; "big" resolves beyond the 64 slots, "forbidden" is refused. */
static const char *const names[] = {
	"a", "b", "c", "x", "args->fd", "args->count", "ret", "$PID",
};

static int resolve(const char *ident, void *ctx, char *hint, size_t hintlen)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(ident, names[i]))
			return (int)i;
	if (!strcmp(ident, "big"))
		return 70;
	if (!strcmp(ident, "forbidden"))
		return -EPERM;
	if (!strcmp(ident, "args->fdd"))
		snprintf(hint, hintlen, "did you mean args->fd?");
	return -ENOENT;
}

/* a=1 b=2 c=3 x=0x1ff fd=3 count=4096 ret=-11 $PID=42 */
static const int64_t vars[64] = { 1, 2, 3, 0x1ff, 3, 4096, -11, 42 };

static struct scd_expr *compile(const char *text)
{
	struct scd_expr_err err = { 0 };
	struct scd_expr *e = NULL;
	int ret = scd_expr_parse(text, strlen(text), resolve, NULL, &e, &err);

	ck_assert_msg(!ret, "\"%s\": %d at %zu: %s", text, ret, err.pos, err.msg);
	return e;
}

struct vrow {
	const char *text;
	int64_t v;
};

static void check_values(const struct vrow *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct scd_expr *e = compile(rows[i].text);
		bool ok = false;
		int64_t v = scd_expr_eval(e, vars, &ok);

		ck_assert_msg(ok && v == rows[i].v, "\"%s\" = %lld (ok %d), want %lld",
			      rows[i].text, (long long)v, ok, (long long)rows[i].v);
		scd_expr_free(e);
	}
}

START_TEST(test_constants)
{
	static const struct vrow rows[] = {
		{ "0", 0 }, { "42", 42 }, { "0x10", 16 }, { "0XfF", 255 },
		{ "00004000", 2048 }, { "010", 8 }, { "0x800", 2048 },
		{ "18446744073709551615", -1 }, { "0xffffffffffffffff", -1 },
		{ "9223372036854775807", INT64_MAX }, { "-9223372036854775808", INT64_MIN },
		{ "01777777777777777777777", -1 },
		{ "10u", 10 }, { "10UL", 10 }, { "10ull", 10 }, { "0x10L", 16 }, { "07lu", 7 },
		{ "  7\t", 7 },
	};

	check_values(rows, ARRAY_SIZE(rows));
}
END_TEST

START_TEST(test_precedence)
{
	static const struct vrow rows[] = {
		{ "1+2*3", 7 }, { "1+2*3==7", 1 }, { "(1+2)*3", 9 }, { "1<<2+1", 8 },
		{ "1<<2+1==8", 1 }, { "~0&0xff==0xff", 1 }, { "(~0&0xff)==0xff", 1 },
		{ "1 & 3 == 1", 0 }, { "(1 & 3) == 1", 1 }, { "1 & 3 != 1", 1 },
		{ "1 != 2 < 3", 0 }, { "1 + 6 / 2", 4 }, { "1 + 7 % 4", 4 }, { "7 - 2 * 3", 1 },
		{ "3 < 1 << 2", 1 }, { "3 > 1 << 2", 0 }, { "3 >= 1 << 2", 0 },
		{ "2 == 2 <= 1", 0 }, { "0 == 1 > 2", 1 }, { "0 == 1 >= 2", 1 },
		{ "~0 & 0xff", 255 }, { "10-4-3", 3 }, { "100/10/5", 2 }, { "2*3%4", 2 },
		{ "1|2^3&4", 3 }, { "5 & 3 | 8", 9 }, { "6 ^ 3 | 8", 13 },
		{ "1 < 2 == 1", 1 }, { "2 == 2 < 1", 0 }, { "3 > 2 > 1", 0 },
		{ "1 || 0 && 0", 1 }, { "(1 || 0) && 0", 0 }, { "0 && 0 || 1", 1 },
		{ "-2*-3", 6 }, { "- -5", 5 }, { "-(3)", -3 }, { "+4", 4 }, { "!0", 1 },
		{ "!5", 0 }, { "!!7", 1 }, { "~5", -6 }, { "-a - -b", 1 }, { "!a + 1", 1 },
		{ "1 ? 2 : 3", 2 }, { "0 ? 2 : 3", 3 }, { "0 ? 1 : 0 ? 2 : 3", 3 },
		{ "1 ? 0 ? 4 : 5 : 6", 5 }, { "1 ? 2 : 3 + 10", 2 }, { "0 ? 2 : 3 + 10", 13 },
		{ "(0 ? 2 : 3) + 10", 13 }, { "1 == 1 ? 10 : 20", 10 }, { "a ? b ? 7 : 8 : 9", 7 },
		{ "a + b * c", 7 }, { "(a + b) * c", 9 }, { "a << b << c", 32 },
		{ "args->count >> 4 & 0xff", 0 }, { "args->count / args->fd", 1365 },
		{ "ret < 0 && -ret == 11", 1 }, { "$PID % 10", 2 }, { "args -> fd", 3 },
	};

	check_values(rows, ARRAY_SIZE(rows));
}
END_TEST

/*
 * Random expressions and the values gcc -fwrapv gives them (with volatile long long a = 1,
 * b = 2, c = 3, x = 511, and no undefined behaviour under -fsanitize=undefined): every
 * precedence level and associativity against the compiler, not against our reading of C.
 */
START_TEST(test_against_gcc)
{
	static const struct vrow rows[] = {
		{ "3 + !017", 3 }, { "(3 == -017) / 1", 0 },
		{ "(1 - 3 <= (x & !9 << 5)) > 1 && a", 0 }, { "!0x10 << ~ -a >= 5 * ~0 + 7", 0 },
		{ "7 != !c >= -0x10 || 017", 1 },
		{ "2 ^ (5 + (7 <= 0x10 <= x) << c > ~2) < -017", 2 }, { "c < (5 - ~ -x)", 0 },
		{ "x ? 017 % 017 + 5 * 017 : (-b > 0) ? 4 : 6", 75 },
		{ "0x10 < c >> ((9 << 017 * a) * 5 || x ^ 9)", 0 }, { "x % a * -(017 && 5)", 0 },
		{ "!2 % 1 || x ^ x", 0 }, { "x + ~0", 510 }, { "~ -5 % -9 ? 9 : a", 9 },
		{ "0 % -(0 << a ^ b)", 0 }, { "-b / 017 <= b >> b", 1 }, { "c ^ c", 0 },
		{ "0x10 >> 3 & 3", 2 }, { "-!b ? b >= 5 ? 5 : c : 7 ? 4 : 6", 4 },
		{ "a != ~c < ~!a && ! -1 % 017", 0 },
		{ "-a || (x & (1 > 0x10 - b)) < (5 >> 1)", 1 }, { "!7 << 1 ^ ~2 && c", 1 },
		{ "(0 > ~2) || b", 1 }, { "~1 == 3 < 1", 0 }, { "1 * 017", 15 },
		{ "c % b >> (017 && 5 << 5) || x ? 9 : 7", 9 }, { "!x + x", 511 },
		{ "(2 % ~x) < 1", 0 }, { "b - (9 && b == 3) != a", 1 },
		{ "9 / 3 >> (c > ~(x ^ 0x10 * 1 > 1) && 017)", 1 }, { "-9 | (2 ^ 9) ^ b", -1 },
		{ "~7 || 3 && 017", 1 }, { "9 | 2 * (5 <= 0 == x || b) / c", 9 },
		{ "017 != 9 ? 2 : 3", 2 }, { "1 ^ (0 << 3) == ~~(3 < 0 >> a != 1) || 5", 1 },
		{ "0x10 == 017 * x", 0 }, { "5 ? 1 > c % 1 & 0x10 % 0x10 : 7 ? 4 : 6", 0 },
		{ "5 || 0x10 >= 1 & 0x10 || 0x10", 1 }, { "2 * (017 % c < (a >= b)) != -0x10", 1 },
		{ "7 * b", 14 }, { "1 || 0", 1 }, { "2 && 9 != b | !0 ^ 9", 1 },
		{ "0 * c == 0x10 ? 0x10 : 1", 1 }, { "1 == 5 >> 5", 0 }, { "1 * 3 != 0x10", 1 },
		{ "(-c > a < !0x10 > 5) > 7 >= a", 0 },
		{ "~(x ^ (c * c - b || a)) || 9 ? 3 : ~!x", 3 },
		{ "((2 != c | 3) - 5) < 3 - ~3 * 7 || (0 >> b)", 1 }, { "(~!1 - c) | x & ~1", -2 },
		{ "0 <= (7 * b <= x) * -!017 / x", 1 }, { "0x10 < 2 == (9 >> c >> -0) & ~7", 0 },
		{ "3 >> 0 - ~(!9 <= 1 & 017)", 0 }, { "~!b | (0 >= c >= a / ~a)", -1 },
		{ "2 < 0x10 & 2 < c", 1 }, { "!2 * 2 * -1 <= ~2 & 1", 0 }, { "x && -5", 1 },
		{ "0x10 | ((3 << 0 + 017 == 5) < 3 >= !7) ^ 3", 18 },
	};

	check_values(rows, ARRAY_SIZE(rows));
}
END_TEST

/* The results that C leaves undefined or implementation-defined, pinned down. */
START_TEST(test_arithmetic_edges)
{
	static const struct vrow rows[] = {
		{ "9223372036854775807 + 1", INT64_MIN }, { "-9223372036854775807 - 2", INT64_MAX },
		{ "0x4000000000000000 * 4", 0 }, { "(-9223372036854775807 - 1) / -1", INT64_MIN },
		{ "(-9223372036854775807 - 1) % -1", 0 },
		{ "-(-9223372036854775807 - 1)", INT64_MIN },
		{ "7 / -2", -3 }, { "7 % -2", 1 }, { "-7 % 2", -1 }, { "-7 / 2", -3 },
		{ "1 << 63 >> 63", -1 }, { "-16 >> 2", -4 }, { "-1 >> 70", -1 }, { "5 >> 64", 0 },
		{ "1 << 64", 0 }, { "1 << -1", 0 }, { "16 >> -1", 0 }, { "-16 >> -1", -1 },
		{ "1 << 62", INT64_C(1) << 62 }, { "0xffffffffffffffff > 0", 0 },
		{ "0x8000000000000000 < 0", 1 }, { "-1 < 1", 1 }, { "3 >= 3", 1 }, { "a >= 2", 0 },
		{ "a <= 1", 1 }, { "a > 0", 1 }, { "a < 1", 0 }, { "a != 1", 0 }, { "a == 1", 1 },
		{ "(u8)257", 1 },
		{ "(s8)255", -1 }, { "(u16)-4", 65532 }, { "(int)0x1ffffffff", -1 },
		{ "(unsigned int)-1", 4294967295 }, { "(u32)-1 + 1", 4294967296 },
		{ "(unsigned  long)-1", -1 }, { "(void *)5", 5 }, { "(u8)x", 255 }, { "(s8)x", -1 },
		{ "(short)0x18000", -32768 }, { "(u8)(u16)0x1234", 0x34 }, { "-(u8)1", -1 },
	};

	check_values(rows, ARRAY_SIZE(rows));
}
END_TEST

START_TEST(test_short_circuit_and_division)
{
	static const struct {
		const char *text;
		bool ok;
		int64_t v;
	} rows[] = {
		{ "0 && 1/0", true, 0 }, { "1 || 1/0", true, 1 }, { "1 ? 5 : 1/0", true, 5 },
		{ "0 ? 1/0 : 6", true, 6 }, { "(0 && 1/0) + 1", true, 1 },
		{ "ret > 0 && 1 / (ret - ret)", true, 0 },
		{ "1/0", false, 0 }, { "5 % 0", false, 0 }, { "1 && 1/0", false, 0 },
		{ "a / (b - 2)", false, 0 },
		{ "a % (b - 2) + 100", false, 0 }, { "a / b", true, 0 },
		{ "-(1/0) == 0", false, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct scd_expr *e = compile(rows[i].text);
		bool ok = !rows[i].ok;
		int64_t v = scd_expr_eval(e, vars, &ok);

		ck_assert_msg(ok == rows[i].ok && v == rows[i].v, "\"%s\" = %lld ok %d",
			      rows[i].text, (long long)v, ok);
		scd_expr_free(e);
	}
}
END_TEST

START_TEST(test_slots)
{
	static const struct {
		const char *text;
		uint64_t slots;
		int single;
	} rows[] = {
		{ "a", 1, 0 }, { "(c)", 4, 2 }, { "((args->fd))", 16, 4 }, { "a + c", 5, -1 },
		{ "a + 0", 1, -1 }, { "5", 0, -1 }, { "-x", 8, -1 }, { "(u32)x", 8, -1 },
		{ "args->fd > 3 && $PID == 5", (1 << 4) | (1 << 7), -1 }, { "$PID", 128, 7 },
		{ "ret ? ret : ret", 64, -1 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct scd_expr *e = compile(rows[i].text);

		ck_assert_msg(scd_expr_slots(e) == rows[i].slots, "%s", rows[i].text);
		ck_assert_int_eq(scd_expr_single_var(e), rows[i].single);
		scd_expr_free(e);
	}
	ck_assert_uint_eq(scd_expr_slots(NULL), 0);
	ck_assert_int_eq(scd_expr_single_var(NULL), -1);
	scd_expr_free(NULL);
}
END_TEST

START_TEST(test_errors)
{
	static const struct {
		const char *text;
		size_t pos;
		const char *msg;
	} rows[] = {
		{ "", 0, "empty expression" }, { "   ", 0, "empty expression" },
		{ "1 +", 3, "expected a value at the end" },
		{ "--a", 0, "'--' is not supported" }, { "a++ + 1", 1, "'++' is not supported" },
		{ "(1 + 2", 0, "'(' is never closed" }, { "1 + (2 * (3)", 4, "never closed" },
		{ "1 + 2)", 5, "unmatched ')'" }, { "(1 2)", 3, "expected ')', found '2'" },
		{ "1 2", 2, "expected an operator, found '2'" },
		{ "args->fd args", 9, "expected an operator, found 'args'" },
		{ "args->nope", 0, "unknown field 'args->nope'" },
		{ "a + args->fdd", 4, "unknown field 'args->fdd' (did you mean args->fd?)" },
		{ "a + nope", 4, "unknown field 'nope'" },
		{ "forbidden", 0, "'forbidden' is not available here" },
		{ "1 + big", 4, "too many fields" },
		{ "$COMM == 1", 0, "$COMM is a string" }, { "(a + $COMM)", 5, "$COMM" },
		{ "1 ? 2", 5, "expected ':'" }, { "a ? : 3", 4, "expected a value, found ':'" },
		{ "a ? 1 : ", 8, "expected a value at the end" },
		{ "args->", 6, "expected a field name after 'args->'" },
		{ "args-> 5", 7, "expected a field name" }, { "$", 0, "expected a name after '$'" },
		{ "$1", 0, "expected a name after '$'" }, { "a == = 1", 5, "'=' is an assignment" },
		{ "a = 1", 2, "'=' is an assignment" }, { "a @ b", 2, "unexpected character '@'" },
		{ "a\x01", 1, "unexpected byte 0x01" }, { "a, b", 1, "unexpected character ','" },
		{ "(char*)a", 1, "cannot cast to a string type" }, { "()", 1, "before ')'" },
		{ "(int)", 5, "expected a value at the end" }, { "'a'", 0, "literals" },
		{ "a == \"bash\"", 5, "string and character literals are not supported" },
		{ "1.5", 1, "floating-point" }, { ".5", 0, "floating-point" },
		{ "12abc", 2, "invalid suffix 'a'" }, { "10uuuu", 5, "invalid suffix 'u'" },
		{ "08", 1, "invalid digit '8' in octal constant" }, { "0x", 0, "without digits" },
		{ "0xg", 0, "without digits" }, { "18446744073709551616", 0, "too large" },
		{ "1 + 0x10000000000000000", 4, "integer constant too large" },
		{ "99999999999999999999999999", 0, "integer constant too large" },
		{ "a-", 2, "expected a value" }, { "* 2", 0, "expected a value, found '*'" },
		{ "a b_c_d_e_f_g_h_i_j_k_l_m_n_o_p_q_r_s_t", 2,
		  "found 'b_c_d_e_f_g_h_i_j_k_l_m_'" },
		{ "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij", 0,
		  "name too long" },
	};
	struct scd_expr_err err;
	struct scd_expr *e;
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		memset(&err, 0, sizeof(err));
		e = (struct scd_expr *)&err;
		ret = scd_expr_parse(rows[i].text, strlen(rows[i].text), resolve, NULL, &e, &err);
		ck_assert_msg(ret == -EINVAL && !e, "\"%s\": %d", rows[i].text, ret);
		ck_assert_msg(err.pos == rows[i].pos && strstr(err.msg, rows[i].msg),
			      "\"%s\": at %zu \"%s\", want %zu \"%s\"", rows[i].text, err.pos,
			      err.msg, rows[i].pos, rows[i].msg);
	}
	/* The length given is the end, also with a NUL or more text behind it. */
	ck_assert_int_eq(scd_expr_parse("1\0002", 3, resolve, NULL, &e, &err), -EINVAL);
	ck_assert_uint_eq(err.pos, 1);
	ck_assert_int_eq(scd_expr_parse("1+2junk", 3, resolve, NULL, &e, &err), 0);
	ck_assert_int_eq(scd_expr_eval(e, vars, NULL), 3);
	scd_expr_free(e);
	ck_assert_int_eq(scd_expr_parse("fd", 2, NULL, NULL, &e, NULL), -EINVAL);
	ck_assert_int_eq(scd_expr_parse(NULL, 0, resolve, NULL, &e, &err), -EINVAL);
}
END_TEST

/* Nesting beyond the limit is an error, not a stack overflow in parse or eval. */
START_TEST(test_depth)
{
	static const char *const units[] = { "(", "- ", "!", "a+", "a?1:", "(u8)", "~" };
	struct scd_expr_err err;
	struct scd_expr *e;
	char text[4096];
	size_t i, k, n;

	for (i = 0; i < ARRAY_SIZE(units); i++) {
		for (n = 0, k = 0; k < 500; k++)
			n += snprintf(text + n, sizeof(text) - n, "%s", units[i]);
		snprintf(text + n, sizeof(text) - n, "a");
		ck_assert_int_eq(scd_expr_parse(text, strlen(text), resolve, NULL, &e, &err),
				 -EINVAL);
		ck_assert_msg(strstr(err.msg, "too deeply nested"), "%s: %s", units[i], err.msg);
	}
	/* A long sum of constants folds into one node; with a variable it is a deep tree. */
	for (n = 0, k = 0; k < 500; k++)
		n += snprintf(text + n, sizeof(text) - n, "1+");
	snprintf(text + n, sizeof(text) - n, "1");
	e = compile(text);
	ck_assert_int_eq(scd_expr_eval(e, vars, NULL), 501);
	scd_expr_free(e);
	text[0] = 'a';
	ck_assert_int_eq(scd_expr_parse(text, strlen(text), resolve, NULL, &e, &err), -EINVAL);
	e = compile("((((((((((" "((((((((((" "a" "))))))))))" "))))))))))" " + 1");
	ck_assert_int_eq(scd_expr_eval(e, vars, NULL), 2);
	scd_expr_free(e);
}
END_TEST

START_TEST(test_kernel_filter)
{
	static const char *const knames[] = { "a", "b", NULL, "x", "fd", "count", "ret" };
	static const struct {
		const char *text;
		int ret;
		const char *out;
	} rows[] = {
		{ "args->count > 100 && args->fd == 3", 0, "count > 100 && fd == 3" },
		{ "ret >= 0", 0, "ret >= 0" }, { "ret>=-4095", 0, "ret >= -4095" },
		{ "ret < 0 || ret > 4096", 0, "ret < 0 || ret > 4096" },
		{ "100 < args->count", 0, "count > 100" }, { "-1 >= ret", 0, "ret <= -1" },
		{ "3 != a", 0, "a != 3" }, { "(a == 1)", 0, "a == 1" },
		{ "args->fd == 1 || args->fd == 2 && ret < 0", 0,
		  "fd == 1 || (fd == 2 && ret < 0)" },
		{ "(args->fd == 1 || args->fd == 2) && ret < 0", 0,
		  "(fd == 1 || fd == 2) && ret < 0" },
		{ "a == 1 && b == 2 && x == 3", 0, "a == 1 && b == 2 && x == 3" },
		{ "args->fd & 0x800", 0, "fd & 2048" }, { "4 & args->fd", 0, "fd & 4" },
		{ "(args->fd & 00004000) != 0", 0, "fd & 2048" },
		{ "(args->fd & 00004000) == 0", 0, "!(fd & 2048)" },
		{ "0 == (args->fd & 4)", 0, "!(fd & 4)" },
		{ "!args->fd", 0, "fd == 0" }, { "args->fd", 0, "fd != 0" },
		{ "!(args->fd == 3 && ret > 0)", 0, "!(fd == 3 && ret > 0)" },
		{ "!!a", 0, "!(a == 0)" }, { "ret == 1 << 12", 0, "ret == 4096" },
		{ "ret == 0xffffffffffffffff", 0, "ret == -1" },
		{ "args->count + 1 > 100", -ENOTSUP, "" },
		{ "args->count > args->fd", -ENOTSUP, "" },
		{ "(args->fd & 4) == 4", -ENOTSUP, "" }, { "(args->fd & a) != 0", -ENOTSUP, "" },
		{ "$PID == 5", -ENOTSUP, "" }, { "c == 1", -ENOTSUP, "" }, { "1", -ENOTSUP, "" },
		{ "(u32)ret > 0", -ENOTSUP, "" }, { "ret > 0 ? 1 : 0", -ENOTSUP, "" },
		{ "a == 1 && (b | 1)", -ENOTSUP, "" }, { "a == 1 || !$PID", -ENOTSUP, "" },
		{ "ret / 0 > 1", -ENOTSUP, "" }, { "-ret > 1", -ENOTSUP, "" },
	};
	struct scd_expr *e;
	char buf[128];
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		e = compile(rows[i].text);
		memset(buf, 'X', sizeof(buf));
		ck_assert_msg(scd_expr_kernel_filter(e, knames, ARRAY_SIZE(knames), buf,
						     sizeof(buf)) == rows[i].ret &&
			      !strcmp(buf, rows[i].out), "\"%s\" -> \"%s\"", rows[i].text, buf);
		scd_expr_free(e);
	}
	e = compile("ret >= 0");
	n = strlen("ret >= 0");
	ck_assert_int_eq(scd_expr_kernel_filter(e, knames, ARRAY_SIZE(knames), buf, n + 1), 0);
	ck_assert_int_eq(scd_expr_kernel_filter(e, knames, ARRAY_SIZE(knames), buf, n), -ENOSPC);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(scd_expr_kernel_filter(e, knames, ARRAY_SIZE(knames), NULL, 0), -ENOSPC);
	ck_assert_int_eq(scd_expr_kernel_filter(e, NULL, 7, buf, sizeof(buf)), -ENOTSUP);
	ck_assert_int_eq(scd_expr_kernel_filter(e, knames, 6, buf, sizeof(buf)), -ENOTSUP);
	scd_expr_free(e);
}
END_TEST

START_TEST(test_ctypes)
{
	static const struct {
		const char *name;
		int ret;
		unsigned int bits;
		bool is_signed, is_ptr, is_str;
	} rows[] = {
		{ "int", 0, 32, true, false, false },
		{ "unsigned  int", 0, 32, false, false, false },
		{ " u16 ", 0, 16, false, false, false }, { "s8", 0, 8, true, false, false },
		{ "long", 0, 64, true, false, false }, { "size_t", 0, 64, false, false, false },
		{ "pid_t", 0, 32, true, false, false },
		{ "unsigned char", 0, 8, false, false, false },
		{ "char *", 0, 64, false, true, true }, { "const char*", 0, 64, false, true, true },
		{ "const  char  *", 0, 64, false, true, true },
		{ "void*", 0, 64, false, true, false },
		{ "uint64_t", 0, 64, false, false, false }, { "int8_t", 0, 8, true, false, false },
		{ "", -ENOENT, 0, 0, 0, 0 }, { "foo", -ENOENT, 0, 0, 0, 0 },
		{ "int int", -ENOENT, 0, 0, 0, 0 }, { "unsignedint", -ENOENT, 0, 0, 0, 0 },
		{ "char**", -ENOENT, 0, 0, 0, 0 }, { "u32 ;", -ENOENT, 0, 0, 0, 0 },
		{ "unsigned long long long long long long long", -ENOENT, 0, 0, 0, 0 },
	};
	struct scd_ctype ct;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		int ret = scd_expr_ctype(rows[i].name, strlen(rows[i].name), &ct);

		ck_assert_msg(ret == rows[i].ret, "%s: %d", rows[i].name, ret);
		if (ret)
			continue;
		ck_assert_msg(ct.bits == rows[i].bits && ct.is_signed == rows[i].is_signed &&
			      ct.is_ptr == rows[i].is_ptr && ct.is_str == rows[i].is_str,
			      "%s", rows[i].name);
	}
	ck_assert_int_eq(scd_expr_cast(-4, 16, false), 65532);
	ck_assert_int_eq(scd_expr_cast(0x1ffffffff, 32, true), -1);
	ck_assert_int_eq(scd_expr_cast(0x80, 8, true), -128);
	ck_assert_int_eq(scd_expr_cast(-5, 64, true), -5);
}
END_TEST

static uint64_t rnd_state = 0x9e3779b97f4a7c15;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* Random text made mostly of the language's own characters; only a crash can fail it. */
START_TEST(test_random_input)
{
	static const char alphabet[] = "abcx()(()))?::+-*/%&|^~!<>==!<<>>&&||0123456789 xX0u"
				       "Ll$PID$COMMargs->fd args->count ret big(u8)(char*)\t'\",.";
	const char *knames[] = { "a", "b", "c", "x", "fd", "count", "ret", "pid" };
	struct scd_expr_err err;
	struct scd_expr *e;
	int64_t rv[64];
	char text[64], buf[64];
	size_t i, k, n;
	bool ok;

	for (i = 0; i < 200000; i++) {
		n = rnd() % sizeof(text);
		for (k = 0; k < n; k++)
			text[k] = rnd() % 16 ? alphabet[rnd() % (sizeof(alphabet) - 1)] :
					       (char)rnd();
		memset(&err, 0, sizeof(err));
		if (scd_expr_parse(text, n, resolve, NULL, &e, &err)) {
			ck_assert_msg(err.pos <= n && err.msg[0], "%.*s", (int)n, text);
			continue;
		}
		for (k = 0; k < 64; k++)
			rv[k] = rnd() % 4 ? (int64_t)(rnd() % 7) - 3 : (int64_t)rnd();
		scd_expr_eval(e, rv, &ok);
		scd_expr_kernel_filter(e, knames, ARRAY_SIZE(knames), buf, rnd() % sizeof(buf));
		scd_expr_free(e);
	}
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_constants,
		test_precedence,
		test_against_gcc,
		test_arithmetic_edges,
		test_short_circuit_and_division,
		test_slots,
		test_errors,
		test_depth,
		test_kernel_filter,
		test_ctypes,
		test_random_input,
	};

	return scd_run_suite(scd_suite("expr", tests, ARRAY_SIZE(tests)));
}
