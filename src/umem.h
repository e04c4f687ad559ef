// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Strings from another process's memory. Syscall tracepoints record a char* argument (a
 * path) as the pointer only, and tracefs cannot follow it; we can, from user space, with
 * process_vm_readv(2), but only later, when the record is read: the process may have
 * exited (-ESRCH), unmapped the page (-EFAULT), or written something else there since.
 * Callers say so wherever they show such a string.
 */
#ifndef SCD_UMEM_H
#define SCD_UMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Copies the NUL-terminated string at @addr of thread @tid into @out (@len >= 2 bytes, always
 * NUL-terminated). Returns its length; *@cut is set when it did not end within @len - 1 bytes
 * or at the end of readable memory. -errno on failure: -ESRCH (no such thread), -EFAULT
 * (nothing readable at @addr, or @addr is 0), -EPERM (ptrace access denied), -EINVAL. A
 * string of exactly @len - 1 bytes is reported cut (the NUL after it is not read).
 */
ssize_t scd_umem_str(int32_t tid, uint64_t addr, char *out, size_t len, bool *cut);

/*
 * The same for a string a thread @tid of process @tgid passed: read through the process
 * when the thread has exited since (its memory is the process's).
 */
ssize_t scd_umem_thread_str(int32_t tid, int32_t tgid, uint64_t addr, char *out, size_t len,
			    bool *cut);

/*
 * How strings are read on this kernel: "process_vm_readv" or "/proc/PID/mem" (found by
 * reading this process), or NULL and *@err (an errno) when neither works.
 */
const char *scd_umem_method(int *err);

/* Tests: read through /proc/TID/mem as on kernels without process_vm_readv(2). */
void scd_umem_use_proc_mem(bool on);

#endif
