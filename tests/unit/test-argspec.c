// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of argdist spec parsing. Every argdist line of the syscall-diagnoses notes must
 * split and compile unchanged against the fields of the real syscall events; the native
 * SYSCALL:EXPR form, labels and ternary colons split where a user expects; each malformed
 * spec fails at the exact byte the caret will point to; declared types convert as C casts;
 * and random or truncated specs never crash (run under ASan and UBSan).
 */
#include "unit.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "argspec.h"

/* The fields of the syscall events the specs use, as in their tracefs format files. */
static const struct {
	const char *event;
	const char *fields[4];
} events[] = {
	{ "sys_enter_read", { "fd", "buf", "count" } },
	{ "sys_enter_write", { "fd", "buf", "count" } },
	{ "sys_enter_socket", { "family", "type", "protocol" } },
	{ "sys_enter_accept4", { "fd", "upeer_sockaddr", "upeer_addrlen", "flags" } },
	{ "sys_enter_open", { "filename", "flags", "mode" } },
	{ "sys_enter_openat", { "dfd", "filename", "flags", "mode" } },
	{ "sys_enter_epoll_wait", { "epfd", "events", "maxevents", "timeout" } },
	{ "sys_exit_", { "ret" } },	/* every sys_exit_* */
};

/* Native form: the paired call's values, then the entry arguments of read(). */
static const char *const native[] = { "pid", "tid", "ret", "errno", "latency", "fd", "buf",
				      "count" };

/* Tracepoint slots: $PID 0, $TID 1, then the event's fields from 2. */
static int resolve(const char *ident, void *ctx, char *hint, size_t hintlen)
{
	const struct scd_argspec *s = ctx;
	size_t i, k;

	if (s->form == SCD_ARGSPEC_SYSCALL) {
		for (i = 0; i < ARRAY_SIZE(native); i++)
			if (!strcmp(ident, native[i]))
				return (int)i;
		return -ENOENT;
	}
	if (!strcmp(ident, "$PID") || !strcmp(ident, "$TID"))
		return ident[1] == 'P' ? 0 : 1;
	for (i = 0; i < ARRAY_SIZE(events); i++) {
		if (strncmp(s->event, events[i].event, strlen(events[i].event)))
			continue;
		for (k = 0; k < 4 && events[i].fields[k]; k++) {
			if (!strncmp(ident, "args->", 6) && !strcmp(ident + 6, events[i].fields[k]))
				return (int)(2 + k);
			if (!strcmp(ident, events[i].fields[k]))
				snprintf(hint, hintlen, "did you mean args->%s?", ident);
		}
	}
	return -ENOENT;
}

static void split_compile(const char *spec, bool hist, struct scd_argspec *s)
{
	struct scd_expr_err err = { 0 };
	int ret = scd_argspec_split(spec, hist, s, &err);

	ck_assert_msg(!ret, "split \"%s\": at %zu: %s", spec, err.pos, err.msg);
	ret = scd_argspec_compile(s, resolve, s, &err);
	ck_assert_msg(!ret, "compile \"%s\": at %zu: %s", spec, err.pos, err.msg);
}

/* Every -C spec of /work/shared/seeds/syscall-diagnoses.md, byte for byte. */
static const char *const seeds[] = {
	"t:syscalls:sys_exit_nanosleep():u16:args->ret",
	"t:syscalls:sys_exit_clock_nanosleep():u16:args->ret",
	"t:syscalls:sys_enter_read():int,u32,size_t:$PID,args->fd,args->count",
	"t:syscalls:sys_enter_write():int,u32,size_t:$PID,args->fd,args->count",
	"t:syscalls:sys_exit_recvfrom():int,long:$PID,args->ret",
	"t:syscalls:sys_exit_recvmsg():int,long:$PID,args->ret",
	"t:syscalls:sys_exit_recvmmsg():int,long:$PID,args->ret",
	"t:syscalls:sys_enter_socket():int,int,int:$PID,args->protocol,args->family&00004000",
	"t:syscalls:sys_enter_accept4():int,int,int:$PID,args->fd,args->flags&00004000",
	"t:syscalls:sys_exit_sendto():int,long:$PID,args->ret",
	"t:syscalls:sys_exit_sendmsg():int,long:$PID,args->ret",
	"t:syscalls:sys_exit_sendmmsg():int,long:$PID,args->ret",
	"t:syscalls:sys_enter_open():int,char*,int:$PID,args->filename,args->flags&00004000",
	"t:syscalls:sys_exit_open():int,long:$PID,args->ret",
	"t:syscalls:sys_enter_openat():int,char*,int:$PID,args->filename,args->flags&00004000",
};

START_TEST(test_seed_specs)
{
	struct scd_argspec s;
	size_t i, k;

	for (i = 0; i < ARRAY_SIZE(seeds); i++) {
		split_compile(seeds[i], false, &s);
		ck_assert_int_eq(s.form, SCD_ARGSPEC_TRACEPOINT);
		ck_assert_str_eq(s.spec, seeds[i]);
		ck_assert_str_eq(s.category, "syscalls");
		ck_assert_ptr_nonnull(strstr(seeds[i], s.event));
		ck_assert_uint_eq(s.event_pos, strlen("t:syscalls:"));
		ck_assert_ptr_null(s.filter_text);
		ck_assert_ptr_null(s.label);
		for (k = 0; k < s.nexprs; k++) {
			ck_assert_ptr_nonnull(s.exprs[k].e);
			ck_assert(!strncmp(seeds[i] + s.exprs[k].pos, s.exprs[k].text,
					   strlen(s.exprs[k].text)));
		}
		scd_argspec_free(&s);
	}

	split_compile(seeds[2], false, &s);
	ck_assert_str_eq(s.event, "sys_enter_read");
	ck_assert_uint_eq(s.nexprs, 3);
	ck_assert_int_eq(s.exprs[0].type, SCD_AT_S32);
	ck_assert_int_eq(s.exprs[1].type, SCD_AT_U32);
	ck_assert_int_eq(s.exprs[2].type, SCD_AT_U64);
	ck_assert_str_eq(s.exprs[2].text, "args->count");
	ck_assert_int_eq(scd_expr_single_var(s.exprs[0].e), 0);
	ck_assert_int_eq(scd_expr_single_var(s.exprs[2].e), 4);
	scd_argspec_free(&s);

	/* O_NONBLOCK is 00004000 (octal): 2048. */
	split_compile(seeds[7], false, &s);
	ck_assert_str_eq(s.exprs[2].text, "args->family&00004000");
	ck_assert_uint_eq(s.exprs[2].pos, strlen(seeds[7]) - strlen("args->family&00004000"));
	ck_assert_int_eq(scd_expr_eval(s.exprs[2].e, (int64_t[]){ 1, 1, 0x802, 1, 0 }, NULL),
			 2048);
	ck_assert_uint_eq(scd_expr_slots(s.exprs[2].e), 1 << 2);
	scd_argspec_free(&s);

	split_compile(seeds[12], false, &s);
	ck_assert_int_eq(s.exprs[1].type, SCD_AT_STR);
	ck_assert_int_eq(s.exprs[0].type, SCD_AT_S32);
	scd_argspec_free(&s);

	split_compile(seeds[0], false, &s);
	ck_assert_int_eq(s.exprs[0].type, SCD_AT_U16);
	ck_assert_str_eq(s.event, "sys_exit_nanosleep");
	scd_argspec_free(&s);
}
END_TEST

START_TEST(test_native_and_labels)
{
	struct scd_argspec s;

	split_compile("read:fd,count,ret", false, &s);
	ck_assert_int_eq(s.form, SCD_ARGSPEC_SYSCALL);
	ck_assert_str_eq(s.syscall, "read");
	ck_assert_ptr_null(s.category);
	ck_assert_ptr_null(s.event);
	ck_assert_uint_eq(s.nexprs, 3);
	ck_assert_str_eq(s.exprs[1].text, "count");
	ck_assert_uint_eq(s.exprs[1].pos, 8);
	ck_assert_int_eq(s.exprs[1].type, SCD_AT_S64);
	ck_assert_int_eq(scd_expr_single_var(s.exprs[2].e), 2);
	scd_argspec_free(&s);

	split_compile("read:ret:ret>=0", true, &s);
	ck_assert(s.hist);
	ck_assert_str_eq(s.filter_text, "ret>=0");
	ck_assert_uint_eq(s.filter_pos, 9);
	ck_assert_int_eq(scd_expr_eval(s.filter, (int64_t[]){ 0, 0, -11 }, NULL), 0);
	scd_argspec_free(&s);

	split_compile("epoll_wait:latency", true, &s);
	ck_assert_str_eq(s.syscall, "epoll_wait");
	ck_assert_int_eq(scd_expr_single_var(s.exprs[0].e), 4);
	scd_argspec_free(&s);

	/* The ':' of a ternary belongs to the expression, as does one in parentheses. */
	split_compile("read:ret > 0 ? 1 : 0:fd == 3", false, &s);
	ck_assert_uint_eq(s.nexprs, 1);
	ck_assert_str_eq(s.exprs[0].text, "ret > 0 ? 1 : 0");
	ck_assert_str_eq(s.filter_text, "fd == 3");
	scd_argspec_free(&s);
	split_compile("read:fd:(ret > 0 ? 1 : 0)", false, &s);
	ck_assert_str_eq(s.filter_text, "(ret > 0 ? 1 : 0)");
	scd_argspec_free(&s);
	split_compile("read:(fd < 3 ? fd : 3),(count > 4096 ? 1 : (count ? 2 : 3))", false, &s);
	ck_assert_uint_eq(s.nexprs, 2);
	ck_assert_str_eq(s.exprs[1].text, "(count > 4096 ? 1 : (count ? 2 : 3))");
	scd_argspec_free(&s);

	split_compile("read: fd , count : ret>0 # reads by fd ", false, &s);
	ck_assert_str_eq(s.exprs[0].text, "fd");
	ck_assert_uint_eq(s.exprs[0].pos, 6);
	ck_assert_str_eq(s.exprs[1].text, "count");
	ck_assert_uint_eq(s.exprs[1].pos, 11);
	ck_assert_str_eq(s.filter_text, "ret>0");
	ck_assert_str_eq(s.label, "reads by fd");
	scd_argspec_free(&s);

	split_compile("t:syscalls:sys_enter_read():int,u32:$COMM,args->fd#by comm", false, &s);
	ck_assert(s.exprs[0].is_comm);
	ck_assert_ptr_null(s.exprs[0].e);
	ck_assert(!s.exprs[1].is_comm);
	ck_assert_str_eq(s.label, "by comm");
	scd_argspec_free(&s);

	split_compile("t:syscalls:sys_enter_read():int:args->fd:args->count > 100 && args->fd == 3",
		      false, &s);
	ck_assert_str_eq(s.filter_text, "args->count > 100 && args->fd == 3");
	ck_assert_uint_eq(s.filter_pos, 41);
	scd_argspec_free(&s);

	split_compile("t:syscalls:sys_enter_read():unsigned long, const char *, void*:"
		      "(args->count + 1) * 2, args->buf, args->buf", false, &s);
	ck_assert_int_eq(s.exprs[0].type, SCD_AT_U64);
	ck_assert_int_eq(s.exprs[1].type, SCD_AT_STR);
	ck_assert_int_eq(s.exprs[2].type, SCD_AT_PTR);
	scd_argspec_free(&s);

	/* BCC's default without TYPE:EXPR counts calls: u64 "1". */
	split_compile("t:syscalls:sys_enter_read()", false, &s);
	ck_assert_uint_eq(s.nexprs, 1);
	ck_assert_str_eq(s.exprs[0].text, "1");
	ck_assert_int_eq(s.exprs[0].type, SCD_AT_U64);
	ck_assert_int_eq(scd_expr_eval(s.exprs[0].e, NULL, NULL), 1);
	scd_argspec_free(&s);
	split_compile("t:syscalls:sys_enter_epoll_wait() # epoll", false, &s);
	ck_assert_str_eq(s.label, "epoll");
	ck_assert_str_eq(s.event, "sys_enter_epoll_wait");
	scd_argspec_free(&s);

	/* Compiling twice replaces the expressions; free is idempotent. */
	split_compile("read:fd:ret", false, &s);
	ck_assert_int_eq(scd_argspec_compile(&s, resolve, &s, NULL), 0);
	scd_argspec_free(&s);
	scd_argspec_free(&s);
	scd_argspec_free(NULL);
}
END_TEST

START_TEST(test_bad_specs)
{
	/* pos: offset of the first @at in the spec plus @skip; @at NULL: the end of the spec. */
	static const struct {
		const char *spec;
		bool hist, compile;
		const char *at;
		size_t skip;
		const char *msg;
	} rows[] = {
		{ "p:c:write", false, false, "p", 0, "kprobe/uprobe specs need BPF; scdiag "
		  "supports t: tracepoints and SYSCALL:EXPR specs" },
		{ "r::do_sys_open", false, false, "r", 0, "kprobe/uprobe" },
		{ " u:/lib/libc.so.6:malloc():u64:arg1", false, false, "u", 0, "kprobe/uprobe" },
		{ "t:syscalls:sys_enter_read():int:args->fdd", false, true, "args->fdd", 0,
		  "unknown field 'args->fdd'" },
		{ "t:syscalls:sys_enter_read():int:fd", false, true, ":fd", 1,
		  "unknown field 'fd' (did you mean args->fd?)" },
		{ "t:syscalls:sys_enter_read():int:$PID:args->fd > 0 && args->cnt", false, true,
		  "args->cnt", 0, "unknown field 'args->cnt'" },
		{ "read:fd:ret > 0 && nope", false, true, "nope", 0, "unknown field 'nope'" },
		{ "t:syscalls:sys_enter_read():int:(args->fd + 1", false, false, "(args", 0,
		  "'(' is never closed" },
		{ "read:((fd)", false, false, "(", 0, "'(' is never closed" },
		{ "t:syscalls:sys_enter_read():int:args->fd)", false, false, "fd)", 2,
		  "unmatched ')'" },
		{ "read:fd + 1 2", false, true, "2", 0, "expected an operator, found '2'" },
		{ "read:fd:ret > 0 )", false, false, ")", 0, "unmatched ')'" },
		{ "read:fd,count ret", false, true, "ret", 0, "expected an operator" },
		{ "t:syscalls:sys_enter_read():int,u32:args->fd", false, false, "int,", 0,
		  "2 types for 1 expression" },
		{ "t:syscalls:sys_enter_read():int:args->fd,args->count", false, false, "int:", 0,
		  "1 type for 2 expressions" },
		{ "t:syscalls:sys_enter_read():int,int,int:a,b", false, false, "int,", 0,
		  "3 types for 2 expressions" },
		{ "t:syscalls", false, false, NULL, 0, "expected CATEGORY:EVENT() after 't:'" },
		{ "t", false, false, NULL, 0, "expected CATEGORY:EVENT()" },
		{ "t:syscalls:sys_enter_read():int", false, false, NULL, 0,
		  "expected ':' and expressions after the types" },
		{ "t:syscalls:sys_enter_read()", true, false, NULL, 0, "needs :TYPE:EXPR" },
		{ "read", false, false, NULL, 0, "expected ':' and expressions after the syscall" },
		{ "read#label", false, false, "#", 0, "expected ':' and expressions" },
		{ "t:syscalls:sys_enter_read(int fd):int:args->fd", false, false, "int fd", 0,
		  "tracepoint signatures are not supported" },
		{ "t:syscalls:sys_enter_read:int:args->fd", false, false, ":int", 0,
		  "expected '()' after the event name" },
		{ "t:syscalls:sys_enter_read()x:int:args->fd", false, false, "x", 0,
		  "unexpected text after '()'" },
		{ "t:syscalls:sys enter:int:args->fd", false, false, "sys enter", 0,
		  "invalid event name" },
		{ "t:syscalls:():int:args->fd", false, false, "():", 0, "invalid event name" },
		{ "t:syscalls::int:args->fd", false, false, "::", 1, "missing event name" },
		{ "t::sys_enter_read():int:args->fd", false, false, "::", 1, "missing category" },
		{ "t:sys/calls:sys_enter_read():int:args->fd", false, false, "sys/", 0,
		  "invalid category name" },
		{ "t:syscalls:sys_enter_read():integer:args->fd", false, false, "integer", 0,
		  "unknown type 'integer'" },
		{ "t:syscalls:sys_enter_read():int,,u32:a,b,c", false, false, ",,", 1,
		  "missing type" },
		{ "t:syscalls:sys_enter_read()::args->fd", false, false, "::", 1,
		  "missing type list" },
		{ "t:syscalls:sys_enter_read():int,int:args->fd,args->count", true, false,
		  "args->count", 0, "a histogram (-H) takes exactly one expression" },
		{ "read:fd,count", true, false, "count", 0, "exactly one expression" },
		{ "read:$COMM", true, false, "$COMM", 0, "needs a number" },
		{ "t:syscalls:sys_enter_open():char*:args->filename", true, false, "args->", 0,
		  "needs a number" },
		{ "read:fd:", false, false, NULL, 0, "empty filter" },
		{ "read:fd:  ", false, false, NULL, 0, "empty filter" },
		{ "read:fd,,count", false, false, ",,", 1, "empty expression" },
		{ "read:fd,", false, false, NULL, 0, "empty expression" },
		{ "read:", false, false, NULL, 0, "empty expression" },
		{ "read:a:b:c", false, false, ":c", 0, "too many ':'-separated parts" },
		{ "t:syscalls:sys_enter_read():int:args->fd:args->fd > 1:x", false, false, ":x", 0,
		  "too many ':'-separated parts" },
		{ "Read:fd", false, false, "Read", 0, "expected 't' or a syscall name" },
		{ "sys_enter_epoll_wait()........", false, false, "sys", 0,
		  "expected 't' or a syscall name" },
		{ ":fd", false, false, ":", 0, "missing syscall name" },
		{ "", false, false, "", 0, "empty spec" },
		{ "read:fd#", false, false, "#", 0, "empty label after '#'" },
		{ "read:$COMM + 1", false, true, "$COMM", 0, "$COMM is a string" },
		{ "read:fd:$COMM == 1", false, true, "$COMM", 0, "$COMM is a string" },
		{ "t:syscalls:sys_enter_open():char*:args->filename + 1", false, true, "args->", 0,
		  "a string (char*) value must be one field" },
		{ "read:fd:ret >= 0x10000000000000000", false, true, "0x1", 0,
		  "integer constant too large" },
		{ "read:fd:ret = 0", false, true, "=", 0, "'=' is an assignment" },
		{ "read:fd:ret == \"bash\"", false, true, "\"", 0, "string and character" },
	};
	struct scd_argspec s;
	struct scd_expr_err err;
	size_t i, pos;
	int ret;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		const char *spec = rows[i].spec;

		memset(&err, 0, sizeof(err));
		ret = scd_argspec_split(spec, rows[i].hist, &s, &err);
		if (rows[i].compile) {
			ck_assert_msg(!ret, "\"%s\": split: %s", spec, err.msg);
			ret = scd_argspec_compile(&s, resolve, &s, &err);
		}
		pos = rows[i].at ? (size_t)(strstr(spec, rows[i].at) - spec) + rows[i].skip :
				   strlen(spec);
		ck_assert_msg(ret == -EINVAL, "\"%s\": %d", spec, ret);
		ck_assert_msg(err.pos == pos && strstr(err.msg, rows[i].msg),
			      "\"%s\": at %zu \"%s\", want %zu \"%s\"", spec, err.pos, err.msg,
			      pos, rows[i].msg);
		scd_argspec_free(&s);
	}
	ck_assert_int_eq(scd_argspec_split(NULL, false, &s, NULL), -EINVAL);
	scd_argspec_free(&s);
}
END_TEST

START_TEST(test_argtypes)
{
	static const struct {
		enum scd_argtype t;
		int64_t in, out;
	} apply[] = {
		{ SCD_AT_U16, -4, 65532 }, { SCD_AT_S32, 0x1ffffffff, -1 }, { SCD_AT_U8, 263, 7 },
		{ SCD_AT_S8, 0x80, -128 },
		{ SCD_AT_S8, 0x7f, 127 }, { SCD_AT_S16, 0x18000, -32768 },
		{ SCD_AT_U32, -1, 4294967295 }, { SCD_AT_S32, 0x80000000, INT32_MIN },
		{ SCD_AT_U32, 0x100000005, 5 }, { SCD_AT_S64, INT64_MIN, INT64_MIN },
		{ SCD_AT_U64, -1, -1 }, { SCD_AT_PTR, -4096, -4096 }, { SCD_AT_STR, 1234, 1234 },
	};
	static const struct {
		const char *name;
		int ret;
		enum scd_argtype t;
	} names[] = {
		{ "int", 0, SCD_AT_S32 }, { "u32", 0, SCD_AT_U32 }, { "size_t", 0, SCD_AT_U64 },
		{ "long", 0, SCD_AT_S64 }, { "unsigned long", 0, SCD_AT_U64 },
		{ "ulong", 0, SCD_AT_U64 }, { "uint", 0, SCD_AT_U32 },
		{ "unsigned int", 0, SCD_AT_U32 }, { "short", 0, SCD_AT_S16 },
		{ "unsigned short", 0, SCD_AT_U16 }, { "unsigned char", 0, SCD_AT_U8 },
		{ "u8", 0, SCD_AT_U8 }, { "s16", 0, SCD_AT_S16 }, { "u64", 0, SCD_AT_U64 },
		{ "int8_t", 0, SCD_AT_S8 }, { "uint16_t", 0, SCD_AT_U16 },
		{ "int32_t", 0, SCD_AT_S32 }, { "uint64_t", 0, SCD_AT_U64 },
		{ "ssize_t", 0, SCD_AT_S64 },
		{ "pid_t", 0, SCD_AT_S32 }, { "off_t", 0, SCD_AT_S64 },
		{ "loff_t", 0, SCD_AT_S64 },
		{ "void*", 0, SCD_AT_PTR }, { "void *", 0, SCD_AT_PTR },
		{ "char*", 0, SCD_AT_STR }, { "const char *", 0, SCD_AT_STR },
		{ "bogus", -ENOENT, 0 }, { "", -ENOENT, 0 }, { "int*", -ENOENT, 0 },
	};
	enum scd_argtype t;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(apply); i++)
		ck_assert_msg(scd_argtype_apply(apply[i].t, apply[i].in) == apply[i].out,
			      "type %d of %lld", apply[i].t, (long long)apply[i].in);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		t = (enum scd_argtype)-1;
		ck_assert_msg(scd_argtype_parse(names[i].name, strlen(names[i].name), &t) ==
			      names[i].ret && (names[i].ret || t == names[i].t),
			      "%s", names[i].name);
	}
}
END_TEST

START_TEST(test_caret)
{
	char buf[128], small[12];

	scd_argspec_caret("p:c:write", 0, "kprobe", buf, sizeof(buf));
	ck_assert_str_eq(buf, "  p:c:write\n  ^ kprobe");
	scd_argspec_caret("read:fd + 1 2", 12, "expected an operator", buf, sizeof(buf));
	ck_assert_str_eq(buf, "  read:fd + 1 2\n              ^ expected an operator");
	scd_argspec_caret("read", 99, "end", buf, sizeof(buf));
	ck_assert_str_eq(buf, "  read\n      ^ end");
	scd_argspec_caret("a\tb:x", 4, "m", buf, sizeof(buf));
	ck_assert_str_eq(buf, "  a\tb:x\n   \t  ^ m");
	scd_argspec_caret("a\nb", 2, "m", buf, sizeof(buf));
	ck_assert_str_eq(buf, "  a?b\n    ^ m");
	scd_argspec_caret("r\xc3\xa9:x", 4, "m", buf, sizeof(buf));
	ck_assert_str_eq(buf, "  r\xc3\xa9:x\n     ^ m");
	scd_argspec_caret("read:fd:ret > 0", 8, "a long message", small, sizeof(small));
	ck_assert_uint_eq(strlen(small), sizeof(small) - 1);
	ck_assert_str_eq(small, "  read:fd:r");
	scd_argspec_caret("x", 0, NULL, buf, sizeof(buf));
	ck_assert_str_eq(buf, "  x\n  ^ ");
	scd_argspec_caret("x", 0, "m", NULL, 0);
}
END_TEST

static uint64_t rnd_state = 0x2545f4914f6cdd1d;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* Split, compile, evaluate and translate whatever comes; nothing may crash or leak. */
static void exercise(const char *spec)
{
	const char *knames[] = { NULL, NULL, "fd", "buf", "count" };
	struct scd_expr_err err = { 0 };
	struct scd_argspec s;
	int64_t vars[64] = { 0 };
	char buf[64];
	size_t i;

	if (!scd_argspec_split(spec, rnd() & 1, &s, &err) &&
	    !scd_argspec_compile(&s, resolve, &s, &err)) {
		for (i = 0; i < s.nexprs; i++)
			if (s.exprs[i].e)
				scd_expr_eval(s.exprs[i].e, vars, NULL);
		if (s.filter)
			scd_expr_kernel_filter(s.filter, knames, ARRAY_SIZE(knames), buf,
					       sizeof(buf));
	} else {
		ck_assert_msg(err.pos <= strlen(spec) && err.msg[0], "\"%s\": %zu", spec, err.pos);
		scd_argspec_caret(spec, err.pos, err.msg, buf, sizeof(buf));
	}
	scd_argspec_free(&s);
}

START_TEST(test_random_specs)
{
	static const char *const natives[] = {
		"read:fd,count,ret", "read:ret:ret>=0", "epoll_wait:latency#lat",
		"read:ret > 0 ? 1 : 0:fd == 3", "read:(fd < 3 ? fd : 3):ret>=0 && count > 1",
		"t:syscalls:sys_enter_read():int,u32:$COMM,args->fd:args->count>100#x",
	};
	static const char special[] = ":()#,?$ \t";
	static const char alphabet[] = "t:syscalls:sys_enter_read():int,u32,char*:$PID,$COMM,"
				       "args->fd,args->count&00004000:ret>=0?1:0#l()p:r:u:";
	char spec[160];
	size_t i, n, k, len;
	const char *good;

	for (i = 0; i < ARRAY_SIZE(seeds) + ARRAY_SIZE(natives); i++) {
		good = i < ARRAY_SIZE(seeds) ? seeds[i] : natives[i - ARRAY_SIZE(seeds)];
		len = strlen(good);
		for (n = 0; n <= len; n++) {
			/* Every truncation, every deletion and every special character at n. */
			snprintf(spec, sizeof(spec), "%.*s", (int)n, good);
			exercise(spec);
			if (n == len)
				break;
			snprintf(spec, sizeof(spec), "%.*s%s", (int)n, good, good + n + 1);
			exercise(spec);
			for (k = 0; special[k]; k++) {
				snprintf(spec, sizeof(spec), "%s", good);
				spec[n] = special[k];
				exercise(spec);
			}
		}
	}
	for (i = 0; i < 100000; i++) {
		n = rnd() % (sizeof(spec) / 2);
		for (k = 0; k < n; k++) {
			spec[k] = rnd() % 16 ? alphabet[rnd() % (sizeof(alphabet) - 1)] :
					       (char)(rnd() % 255 + 1);
		}
		spec[n] = '\0';
		exercise(spec);
	}
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_seed_specs,
		test_native_and_labels,
		test_bad_specs,
		test_argtypes,
		test_caret,
		test_random_specs,
	};

	return scd_run_suite(scd_suite("argspec", tests, ARRAY_SIZE(tests)));
}
