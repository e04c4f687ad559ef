// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sym-target: the process whose symbols the unit test of usym.c resolves. Built twice, as a
 * PIE (sym-pie) and as a position-dependent ET_EXEC (sym-nopie), so that both address layouts
 * go through the same file-offset rule. It prints "NAME 0xADDR" lines: three functions of its
 * own (global, global, static), one with an explicit ELF size of 1 byte followed by bytes that
 * belong to no symbol (x86-64 only), one whose symbol is a mangled C++ name (an asm label),
 * and two libc functions; then "ready", and it waits until
 * its stdin reaches end of file, so that the test can snapshot /proc/PID/maps while it lives.
 * Libc addresses come from dlsym(): in an ET_EXEC, &getppid would be the executable's PLT slot.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

int sym_target_alpha(int x);
int sym_target_beta(int x);
void sym_target_sized(void);
/* Named as C++ would name scdiag::target::mangled(int). */
int sym_target_mangled(int x) __asm__("_ZN6scdiag6target7mangledEi");

__attribute__((noinline)) int sym_target_alpha(int x)
{
	volatile int v = x;

	v = v * 3 + 1;	/* volatile: a body of several instructions, > 8 bytes */
	return v;
}

__attribute__((noinline)) int sym_target_beta(int x)
{
	volatile int v = x;

	v = v * 5 + 2;	/* volatile: a body of several instructions, > 8 bytes */
	return v;
}

__attribute__((noinline)) int sym_target_mangled(int x)
{
	volatile int v = x;

	v = v * 11 + 4;	/* volatile: a body of several instructions, > 8 bytes */
	return v;
}

static __attribute__((noinline)) int sym_target_local(int x)
{
	volatile int v = x;

	v = v * 7 + 3;	/* volatile: a body of several instructions, > 8 bytes */
	return v;
}

#ifdef __x86_64__
__asm__(".text\n"
	".p2align 4\n"
	".globl sym_target_sized\n"
	".type sym_target_sized, @function\n"
	"sym_target_sized:\n"
	"\tret\n"
	".size sym_target_sized, 1\n"
	"\t.skip 15, 0xcc\n");

/*
 * Two functions with known unwind rules for the .eh_frame test (never called). cfi_pushes:
 * frameless, pushes rbx and rbp, then 32 bytes; cfi_framed: the frame-pointer prologue.
 * Instruction offsets: pushes 0 push rbx, 1 push rbp, 2 sub, 6 nop, 7 add, 11 pop rbp,
 * 12 pop rbx, 13 ret; framed 0 push rbp, 1 mov, 4 nop, 5 pop rbp, 6 ret.
 */
__asm__(".text\n"
	".globl sym_target_cfi_pushes\n"
	".type sym_target_cfi_pushes, @function\n"
	"sym_target_cfi_pushes:\n"
	".cfi_startproc\n"
	"\tpush %rbx\n"
	".cfi_adjust_cfa_offset 8\n"
	".cfi_rel_offset %rbx, 0\n"
	"\tpush %rbp\n"
	".cfi_adjust_cfa_offset 8\n"
	".cfi_rel_offset %rbp, 0\n"
	"\tsub $32, %rsp\n"
	".cfi_adjust_cfa_offset 32\n"
	"\tnop\n"
	"\tadd $32, %rsp\n"
	".cfi_adjust_cfa_offset -32\n"
	"\tpop %rbp\n"
	".cfi_adjust_cfa_offset -8\n"
	".cfi_restore %rbp\n"
	"\tpop %rbx\n"
	".cfi_adjust_cfa_offset -8\n"
	"\tret\n"
	".cfi_endproc\n"
	".size sym_target_cfi_pushes, .-sym_target_cfi_pushes\n"
	".globl sym_target_cfi_framed\n"
	".type sym_target_cfi_framed, @function\n"
	"sym_target_cfi_framed:\n"
	".cfi_startproc\n"
	"\tpush %rbp\n"
	".cfi_def_cfa_offset 16\n"
	".cfi_offset %rbp, -16\n"
	"\tmov %rsp, %rbp\n"
	".cfi_def_cfa_register %rbp\n"
	"\tnop\n"
	"\tpop %rbp\n"
	".cfi_def_cfa %rsp, 8\n"
	"\tret\n"
	".cfi_endproc\n"
	".size sym_target_cfi_framed, .-sym_target_cfi_framed\n");
void sym_target_cfi_pushes(void);
void sym_target_cfi_framed(void);
#endif

static void show(const char *name, uintptr_t addr)
{
	printf("%s %#jx\n", name, (uintmax_t)addr);
}

int main(void)
{
	char buf[64];

	show("sym_target_alpha", (uintptr_t)sym_target_alpha);
	show("sym_target_beta", (uintptr_t)sym_target_beta);
	show("sym_target_local", (uintptr_t)sym_target_local);
	show("sym_target_mangled", (uintptr_t)sym_target_mangled);
#ifdef __x86_64__
	show("sym_target_sized", (uintptr_t)sym_target_sized);
	show("sym_target_cfi_pushes", (uintptr_t)sym_target_cfi_pushes);
	show("sym_target_cfi_framed", (uintptr_t)sym_target_cfi_framed);
#endif
	show("getppid", (uintptr_t)dlsym(RTLD_DEFAULT, "getppid"));
	show("read", (uintptr_t)dlsym(RTLD_DEFAULT, "read"));
	printf("ready\n");
	fflush(stdout);
	while (read(0, buf, sizeof(buf)) > 0)
		;
	return sym_target_alpha(0) + sym_target_beta(0) + sym_target_local(0) +
	       sym_target_mangled(0) == 10 ? 0 : 1;
}
