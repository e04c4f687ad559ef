# SPDX-License-Identifier: GPL-2.0-or-later
# SCD_WITH_DEMANGLE: --with-demangle[=yes|no|check].
#
# C++ and Rust symbol names are demangled with libiberty's cplus_demangle (Debian:
# libiberty-dev, a static library, so the binary needs nothing more at run time). Without
# it, mangled names are printed as they are in the symbol table.
AC_DEFUN([SCD_WITH_DEMANGLE], [
AC_ARG_WITH([demangle],
  [AS_HELP_STRING([--with-demangle],
    [demangle C++ and Rust names with libiberty @<:@default=check@:>@])],
  [], [with_demangle=check])
have_demangle=no
DEMANGLE_LIBS=
AS_IF([test "x$with_demangle" != xno], [
  AC_CHECK_HEADER([libiberty/demangle.h], [
    AC_CHECK_LIB([iberty], [cplus_demangle], [have_demangle=yes; DEMANGLE_LIBS=-liberty])])
  AS_IF([test "x$have_demangle" = xno && test "x$with_demangle" = xyes],
    [AC_MSG_ERROR([--with-demangle: libiberty (libiberty/demangle.h, -liberty) not found; install libiberty-dev])])
])
AS_IF([test "x$have_demangle" = xyes],
  [AC_DEFINE([HAVE_DEMANGLE], [1], [Define to 1 to demangle C++ and Rust names with libiberty])
   scd_demangle_summary="yes (libiberty: C++, Rust)"],
  [scd_demangle_summary="no (mangled names as they are)"])
AC_SUBST([DEMANGLE_LIBS])
])
