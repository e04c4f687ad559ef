// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Syscall number <-> name mapping of the target arch. The table is generated at build time
 * from the compiler's <asm/unistd.h> (scripts/gen-syscalls.sh -> syscalls-gen.h), so numbers
 * are those of the ABI scdiag is built for, and a cross build gets the target's table. Names
 * are the __NR_<name> spellings; tracefs names some events after the kernel function instead
 * (sys_enter_newuname for uname), which scd_syscall_event_name() translates.
 */
#ifndef SCD_SYSCALLS_H
#define SCD_SYSCALLS_H

#include <stddef.h>

struct scd_syscall_ent {
	int nr;
	const char *name;
};

/* Row of the generated event alias table: __NR name -> tracefs event base name. */
struct scd_syscall_alias {
	const char *name;
	const char *event;
};

const char *scd_syscall_name(int nr);
int scd_syscall_nr(const char *name);
const char *scd_syscall_event_name(const char *name);
int scd_syscall_max(void);
size_t scd_syscall_count(void);
const char *scd_syscall_at(size_t i);

#endif /* SCD_SYSCALLS_H */
