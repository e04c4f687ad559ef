// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Allocation wrappers that end the program with a message on exhaustion, as tmux's xmalloc
 * does: a tracer that runs out of memory cannot report anything useful, and checking every
 * small allocation would drown the code. Tracefs clean-up still runs through atexit.
 */
#ifndef SCD_XALLOC_H
#define SCD_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *ptr, size_t n, size_t size);
char *xstrdup(const char *s);
int xasprintf(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
