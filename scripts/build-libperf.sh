#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build libperf (linux tools/lib/perf) from Debian's linux-source-6.1 package into a private
# prefix, static archives only, for scdiag to link statically.
#
#   scripts/build-libperf.sh [PREFIX]        default PREFIX: build-deps/libperf
#
# Environment: SRC_TARBALL (default /usr/src/linux-source-6.1.tar.xz), CROSS_COMPILE and
# ARCH (e.g. aarch64-linux-gnu- and arm64) for cross builds.
#
# Why it is done this way (see README, "Building"):
# - libperf.a of Linux 6.1 lacks libapi's fdarray__* objects, so libapi.a is installed next to
#   it as libperf-api.a;
# - its Makefile forces -Werror; EXTRA_CFLAGS=-Wno-error keeps newer compilers working;
# - only the ~380 files the build reads are extracted (about 10 s instead of a full unpack).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=${1:-$top/build-deps/libperf}
SRC_TARBALL=${SRC_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
WORK=$(dirname "$PREFIX")/libperf-src
S=linux-source-6.1

case "${ARCH:-$(uname -m)}" in
x86_64|i?86|x86) archdir=x86 ;;
aarch64|arm64) archdir=arm64 ;;
arm*) archdir=arm ;;
riscv*) archdir=riscv ;;
*) archdir=${ARCH:-$(uname -m)} ;;
esac

if [ -f "$PREFIX/lib/libperf.a" ] && [ -f "$PREFIX/lib/libperf-api.a" ] &&
   [ -f "$PREFIX/include/perf/evlist.h" ]; then
	echo "libperf: already built in $PREFIX"
	exit 0
fi
if [ ! -f "$SRC_TARBALL" ]; then
	echo "build-libperf: $SRC_TARBALL not found (apt-get install --no-install-recommends linux-source-6.1)" >&2
	exit 1
fi

echo "libperf: extracting tools/lib/perf from $SRC_TARBALL"
rm -rf "$WORK"
mkdir -p "$WORK"
xzcmd="xz -T0"
xz -T0 --version >/dev/null 2>&1 || xzcmd=xz
tar -C "$WORK" -I "$xzcmd" -xf "$SRC_TARBALL" \
	$S/tools/lib/perf $S/tools/lib/api $S/tools/lib/zalloc.c $S/tools/lib/str_error_r.c \
	$S/tools/include $S/tools/build $S/tools/scripts $S/tools/arch/$archdir/include

echo "libperf: building into $PREFIX"
make -s -C "$WORK/$S/tools/lib/perf" prefix="$PREFIX" libdir="$PREFIX/lib" \
	EXTRA_CFLAGS="-Wno-error -fPIC" ${CROSS_COMPILE:+ARCH=$ARCH CROSS_COMPILE=$CROSS_COMPILE} \
	install_lib install_headers install_pkgconfig >/dev/null
install -m 644 "$WORK/$S/tools/lib/api/libapi.a" "$PREFIX/lib/libperf-api.a"
# Only the static archives are used: drop the unversioned shared object so nothing links it.
rm -f "$PREFIX"/lib/libperf.so*
rm -rf "$WORK"
echo "libperf: done"
