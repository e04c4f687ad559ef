#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scdiag count -- CMD: exact counts and errnos of a workload that makes a known mix of calls,
# with both backends (syscalls:* and --raw-syscalls), with latency (-L, times only checked
# against the sleeps' lower bound), across threads and forked children, with the failure
# filters (-x, -e) and per process (-P). The workload is dynamically linked, so the loader's
# own successful close() calls show up next to the 500 failing ones: close counts are checked
# through their errors (or with -x), never as a bare total.

# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

require_root_tracefs
require_python

OUT=$TMPD/out
ERR=$TMPD/err
MIX="getppid 1000 close-ebadf 500 nanosleep-ms 5:20"

# run NAME ARGS...: scdiag count ARGS, which must exit 0.
run() {
	_name=$1
	shift
	scd "$OUT" "$ERR" count "$@"
	assert_eq "$_name: exit status" 0 "$RC"
	[ "$RC" = 0 ] || show_file "$_name stderr" "$ERR"
}

# The basic mix, per-syscall tracepoints.
# shellcheck disable=SC2086
run basic --json -s getppid,close,nanosleep -- "$WL" $MIX
json_assert basic "$OUT" \
	'@ndocs == 1' \
	'command == "count"' \
	'lost_events == 0' \
	'syscalls[name=getppid].count == 1000' \
	'syscalls[name=getppid].errors == 0' \
	'syscalls[name=getppid].errnos == {}' \
	'syscalls[name=close].errors == 500' \
	'syscalls[name=close].count >= 500' \
	'syscalls[name=close].errnos == {"EBADF":500}' \
	'syscalls[name=nanosleep].count == 5' \
	'syscalls[name=nanosleep].errors == 0' \
	'syscalls[name=getppid].total_ns == missing' \
	'processes == missing' \
	'syscalls.@len == 3'

# Latency: five sleeps of 20 ms each cannot take less than 100 ms in total.
# shellcheck disable=SC2086
run latency --json -L -s getppid,close,nanosleep -- "$WL" $MIX
json_assert latency "$OUT" \
	'lost_events == 0' \
	'syscalls[name=getppid].count == 1000' \
	'syscalls[name=close].errors == 500' \
	'syscalls[name=nanosleep].count == 5' \
	'syscalls[name=nanosleep].total_ns >= 100000000' \
	'syscalls[name=nanosleep].max_ns >= 20000000' \
	'syscalls[name=nanosleep].avg_ns >= 20000000' \
	'syscalls[name=nanosleep].total_ns < 5000000000' \
	'syscalls[name=getppid].max_ns > 0'

# Same counts through raw_syscalls, with and without latency.
# shellcheck disable=SC2086
run raw --json --raw-syscalls -s getppid,close,nanosleep -- "$WL" $MIX
json_assert raw "$OUT" \
	'lost_events == 0' \
	'syscalls[name=getppid].count == 1000' \
	'syscalls[name=getppid].errors == 0' \
	'syscalls[name=close].errors == 500' \
	'syscalls[name=close].errnos == {"EBADF":500}' \
	'syscalls[name=nanosleep].count == 5' \
	'syscalls.@len == 3'
# shellcheck disable=SC2086
run raw-latency --json --raw-syscalls -L -s getppid,close,nanosleep -- "$WL" $MIX
json_assert raw-latency "$OUT" \
	'lost_events == 0' \
	'syscalls[name=getppid].count == 1000' \
	'syscalls[name=close].errors == 500' \
	'syscalls[name=nanosleep].count == 5' \
	'syscalls[name=nanosleep].total_ns >= 100000000' \
	'syscalls[name=nanosleep].max_ns >= 20000000'

# Every syscall: the loader and libc add calls of their own, but no getppid; close fails at
# least the workload's 500 times.
# shellcheck disable=SC2086
run all --json -T 0 -- "$WL" $MIX
json_assert all "$OUT" \
	'lost_events == 0' \
	'syscalls[name=getppid].count == 1000' \
	'syscalls[name=close].errnos.EBADF >= 500' \
	'syscalls[name=nanosleep].count == 5' \
	'syscalls.@len > 3'

# Text output ends with the lost-events line.
# shellcheck disable=SC2086
run text -s getppid,close,nanosleep -- "$WL" $MIX
assert_eq "text: last line" "Lost events: 0" "$(tail -n 1 "$OUT")"
assert_eq "text: getppid row" "getppid 1000 0" \
	"$(awk '$1 == "getppid" { print $1, $2, $3 }' "$OUT")"
assert_eq "text: close errors" 500 "$(awk '$1 == "close" { print $3 }' "$OUT")"

# Threads and forked children are followed.
run threads --json -s getppid -- "$WL" threads 4:getppid:250
json_assert threads "$OUT" 'syscalls[name=getppid].count == 1000' 'lost_events == 0'
run fork --json -s getppid -- "$WL" fork 3:getppid:100
json_assert fork "$OUT" 'syscalls[name=getppid].count == 300' 'lost_events == 0'
run mixed --json -s getppid,close -- "$WL" threads 2:close-ebadf:50 fork 2:close-ebadf:25 \
	getppid 7
json_assert mixed "$OUT" \
	'syscalls[name=close].errors == 150' \
	'syscalls[name=getppid].count == 7' \
	'lost_events == 0'

# Failures only, and one errno only: close's 500 failures, no getppid row.
# shellcheck disable=SC2086
run failures --json -x -s getppid,close,nanosleep -- "$WL" $MIX
json_assert failures "$OUT" \
	'syscalls[name=close].count == 500' \
	'syscalls[name=close].errors == 500' \
	'syscalls[name=getppid] == missing' \
	'syscalls[name=nanosleep] == missing' \
	'lost_events == 0'
# shellcheck disable=SC2086
run errno --json -e EBADF -s getppid,close,nanosleep -- "$WL" $MIX
json_assert errno "$OUT" \
	'syscalls[name=close].count == 500' \
	'syscalls[name=close].errnos == {"EBADF":500}' \
	'syscalls[name=getppid] == missing' \
	'syscalls.@len == 1'
run errno-other --json -e ENOENT -s close,openat -- "$WL" close-ebadf 20 open-enoent 30
json_assert errno-other "$OUT" \
	'syscalls[name=openat].errnos.ENOENT >= 30' \
	'syscalls[name=close] == missing'

# Per process: the workload writes its pid to a file before it starts the mix.
PIDF=$TMPD/wl.pid
# shellcheck disable=SC2086
run process --json -P -s getppid,close,nanosleep -- "$WL" --ready-file "$PIDF" $MIX
WLPID=$(cat "$PIDF" 2>/dev/null)
json_assert process "$OUT" \
	"processes[pid=$WLPID].count >= 1500" \
	"processes[pid=$WLPID].errors == 500" \
	"processes[pid=$WLPID].comm == \"wl\"" \
	'syscalls[name=getppid].count == 1000'

finish
