// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Errno number <-> name mapping of the target arch, generated at build time from the
 * compiler's <errno.h> (scripts/gen-errnos.sh -> errnos-gen.h) because the values are not the
 * same on every arch. Each number has one canonical name used for output (EAGAIN, EDEADLK,
 * EOPNOTSUPP); the aliases (EWOULDBLOCK, EDEADLOCK, ENOTSUP) are accepted on input only.
 */
#ifndef SCD_ERRNOS_H
#define SCD_ERRNOS_H

#include <stddef.h>

/* Largest errno the kernel returns in a syscall's return value (MAX_ERRNO). */
#define SCD_ERRNO_MAX 4095

struct scd_errno_ent {
	int nr;
	const char *name;
};

/* Row of the generated alias table: another name for a number of the table. */
struct scd_errno_alias {
	const char *name;
	int nr;
};

const char *scd_errno_name(int err);
int scd_errno_parse(const char *s, int *err);
size_t scd_errno_count(void);
const char *scd_errno_at(size_t i);

#endif /* SCD_ERRNOS_H */
