# SPDX-License-Identifier: GPL-2.0-or-later
# SCD_WITH_LIBPERF: --with-libperf[=yes|no|check|DIR].
#
# libperf (linux tools/lib/perf) is not packaged by most distributions. We look for it
# through pkg-config or under DIR, require the Linux 6.1 API (struct perf_cpu), and link it
# statically together with its libapi (installed as libperf-api.a by scripts/build-libperf.sh)
# so the installed binary needs no libperf at run time. Without it, perf/ uses its raw
# perf_event_open backend.
AC_DEFUN([SCD_WITH_LIBPERF], [
AC_ARG_WITH([libperf],
  [AS_HELP_STRING([--with-libperf@<:@=DIR@:>@],
    [use libperf from linux tools/lib/perf, installed under DIR @<:@default=check@:>@])],
  [], [with_libperf=check])
have_libperf=no
scd_libperf_summary="no (raw perf_event_open backend)"
scd_libperf_dir=
AS_CASE([$with_libperf],
  [no], [],
  [yes|check], [
    AS_IF([test -z "$LIBPERF_LIBS" && test -f "$srcdir/build-deps/libperf/lib/libperf.a"],
      [scd_libperf_dir=`cd "$srcdir/build-deps/libperf" && pwd`],
      [AS_IF([test -n "$PKG_CONFIG" && test -z "$LIBPERF_LIBS" && $PKG_CONFIG --exists libperf],
        [scd_libperf_dir=`$PKG_CONFIG --variable=prefix libperf`])])],
  [scd_libperf_dir=$with_libperf])
AS_IF([test "x$with_libperf" != xno && test -z "$LIBPERF_LIBS" && test -n "$scd_libperf_dir"], [
  LIBPERF_CFLAGS="-I$scd_libperf_dir/include"
  for d in ${host_alias:+"lib/$host_alias"} lib lib64; do
    AS_IF([test -f "$scd_libperf_dir/$d/libperf.a"], [
      LIBPERF_LIBS="$scd_libperf_dir/$d/libperf.a"
      AS_IF([test -f "$scd_libperf_dir/$d/libperf-api.a"],
        [LIBPERF_LIBS="$LIBPERF_LIBS $scd_libperf_dir/$d/libperf-api.a"])
      break])
  done])
AS_IF([test "x$with_libperf" != xno && test -n "$LIBPERF_LIBS"], [
  save_CPPFLAGS=$CPPFLAGS; save_LIBS=$LIBS
  CPPFLAGS="$CPPFLAGS $LIBPERF_CFLAGS"; LIBS="$LIBPERF_LIBS $LIBS"
  AC_MSG_CHECKING([for the libperf 6.1 API (struct perf_cpu)])
  AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <perf/cpumap.h>
#include <perf/evlist.h>
#include <perf/core.h>]],
      [[struct perf_cpu_map *m = perf_cpu_map__new(NULL); struct perf_cpu c = perf_cpu_map__cpu(m, 0);
        libperf_init(0); (void)perf_evlist__new(); return c.cpu;]])],
    [AC_MSG_RESULT([yes]); have_libperf=yes],
    [AC_MSG_RESULT([no])])
  CPPFLAGS=$save_CPPFLAGS; LIBS=$save_LIBS])
AS_IF([test "x$have_libperf" = xyes],
  [scd_libperf_summary="yes (static: $LIBPERF_LIBS)"
   AC_DEFINE([HAVE_LIBPERF], [1], [Define to 1 to use libperf for perf_event_open])],
  [LIBPERF_CFLAGS=; LIBPERF_LIBS=
   AS_IF([test "x$with_libperf" != xcheck && test "x$with_libperf" != xno],
     [AC_MSG_ERROR([libperf requested but not usable (need the Linux 6.1 API); run scripts/build-libperf.sh or pass --with-libperf=DIR])])])
AC_SUBST([LIBPERF_CFLAGS])
AC_SUBST([LIBPERF_LIBS])
AM_CONDITIONAL([HAVE_LIBPERF], [test "x$have_libperf" = xyes])
])
