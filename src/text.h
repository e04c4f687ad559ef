// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Text that reaches a terminal. comm, paths and other strings come from other users'
 * processes: control bytes (C0, DEL, and the C1 range 0x80-0x9f that some terminals obey)
 * must never be printed raw by a root tool.
 */
#ifndef SCD_TEXT_H
#define SCD_TEXT_H

#include <stddef.h>

/*
 * Copies @in into @out (at most @len - 1 bytes, NUL-terminated, never half a character):
 * valid UTF-8 as it is, control characters (C0, DEL, C1 as a byte or as U+0080..U+009F)
 * and bytes that are not UTF-8 as '?'.
 */
char *scd_tty_safe(const char *in, char *out, size_t len);

/* The length (2-4) of the valid, shortest-form UTF-8 sequence at @s, or 0. */
size_t scd_utf8_seq(const unsigned char *s);

#endif
