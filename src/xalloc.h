// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Allocation wrappers that end the program with a message on exhaustion, as tmux's xmalloc
 * does: a tracer that runs out of memory cannot report anything useful, and checking every
 * small allocation would drown the code. Tracefs clean-up still runs through atexit.
 */
#ifndef SCD_XALLOC_H
#define SCD_XALLOC_H

#include <stddef.h>

/*
 * Our names are prefixed at link level: libiberty (demangling) calls xmalloc/xrealloc of its
 * own, with another xrealloc signature, and must get its own, not these.
 */
#define xmalloc scd_xmalloc
#define xcalloc scd_xcalloc
#define xrealloc scd_xrealloc
#define xstrdup scd_xstrdup
#define xasprintf scd_xasprintf

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *ptr, size_t n, size_t size);
char *xstrdup(const char *s);
int xasprintf(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
