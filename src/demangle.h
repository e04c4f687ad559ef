// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Readable names for C++ and Rust symbols (_Z…, _R…, and Rust's legacy _ZN…17h<hash>E),
 * through libiberty when the build has it (configure --with-demangle). Plain C names, and
 * every name in a build without libiberty, are left as they are.
 */
#ifndef SCD_DEMANGLE_H
#define SCD_DEMANGLE_H

#include <stdbool.h>

/* Whether this build can demangle. */
bool scd_demangle_available(void);

/* The demangled form of @sym (free it), or NULL when @sym is not mangled or cannot be. */
char *scd_demangle(const char *sym);

#endif
