// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Text that reaches a terminal. comm, paths and other strings come from other users'
 * processes: control bytes (C0, DEL, and the C1 range 0x80-0x9f that some terminals obey)
 * must never be printed raw by a root tool.
 */
#ifndef SCD_TEXT_H
#define SCD_TEXT_H

#include <stddef.h>

/* Copies @in into @out (at most @len - 1 bytes, NUL-terminated), control bytes as '?'. */
char *scd_tty_safe(const char *in, char *out, size_t len);

#endif
