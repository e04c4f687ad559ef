// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Demangling through libiberty's cplus_demangle (see demangle.h). DMGL_AUTO recognises the
 * Itanium C++ ABI and both Rust manglings; DMGL_PARAMS keeps C++ parameter lists, as
 * c++filt, perf and BCC print them (overloads differ only there).
 */
#include "config.h"

#include <stddef.h>

#include "demangle.h"

#ifdef HAVE_DEMANGLE
#include <libiberty/demangle.h>

bool scd_demangle_available(void)
{
	return true;
}

char *scd_demangle(const char *sym)
{
	/* Only names that can be mangled: saves libiberty a parse of every C name. */
	if (sym[0] != '_' || (sym[1] != 'Z' && sym[1] != 'R'))
		return NULL;
	return cplus_demangle(sym, DMGL_PARAMS | DMGL_ANSI | DMGL_AUTO);
}
#else
bool scd_demangle_available(void)
{
	return false;
}

char *scd_demangle(const char *sym)
{
	(void)sym;
	return NULL;
}
#endif
