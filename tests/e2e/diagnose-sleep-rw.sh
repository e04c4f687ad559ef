#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scdiag diagnose --only sleep / --only rw on workloads that trigger each finding exactly
# once (tests/workloads/wl-sleep, wl-rw) and on healthy ones that must not: the exact rows of
# sleep_ret and rw_bytes, the errors table, and which finding appears with which evidence.
# The workloads put their descriptors at fixed numbers (fd 40 and up), so their rows are told
# apart from the dynamic loader's reads; the loader makes no sleep. Rates are only asserted
# from below, with slack (a run of these workloads lasts well under 2 s), and latencies only
# against the workload's own sleeps.

# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

WL_SLEEP=${WL_SLEEP:-$top_builddir/tests/workloads/wl-sleep}
WL_RW=${WL_RW:-$top_builddir/tests/workloads/wl-rw}

require_root_tracefs
require_python
[ -x "$WL_SLEEP" ] || hard_error "$WL_SLEEP is not built (make tests/workloads/wl-sleep)"
[ -x "$WL_RW" ] || hard_error "$WL_RW is not built (make tests/workloads/wl-rw)"

OUT=$TMPD/out
ERR=$TMPD/err
DATA=$TMPD/data

# run NAME ARGS...: scdiag diagnose --json ARGS, which must exit 0 without losing events.
run() {
	_name=$1
	shift
	json_run "$_name" diagnose "$@"
}

# same_pid NAME PATH: the finding names the process of the table row at PATH.
same_pid() {
	assert_eq "$1: finding pid" "$(json_get "$OUT" "$2.pid")" \
		"$(json_get "$OUT" 'findings[0].pid')"
}

# ---- sleep.interrupted ----

run eintr --only sleep -- "$WL_SLEEP" eintr 200
json_assert eintr "$OUT" \
	'lost_events == 0' \
	'tables.sleep_ret.@len == 1' \
	'tables.sleep_ret[0].syscall == "nanosleep"' \
	'tables.sleep_ret[0].result == "EINTR"' \
	'tables.sleep_ret[0].count == 200' \
	'tables.sleep_ret[0].comm == "wl-sleep"' \
	'tables.errors[syscall=nanosleep].count == 200' \
	'tables.rw_bytes == missing' \
	'findings.@len == 1' \
	'findings[0].id == "sleep.interrupted"' \
	'findings[0].severity == "warning"' \
	'findings[0].comm == "wl-sleep"' \
	'findings[0].evidence.problem == "interrupted"' \
	'findings[0].evidence.syscall == "nanosleep"' \
	'findings[0].evidence.calls == 200' \
	'findings[0].evidence.interrupted == 200' \
	'findings[0].evidence.interrupted_share == 1' \
	'findings[0].evidence.interrupted_per_s >= 100'
same_pid eintr 'tables.sleep_ret[0]'

run eintr-clock --only sleep.interrupted -- "$WL_SLEEP" eintr-clock 150
json_assert eintr-clock "$OUT" \
	'lost_events == 0' \
	'tables.sleep_ret.@len == 1' \
	'tables.sleep_ret[0].syscall == "clock_nanosleep"' \
	'tables.sleep_ret[0].result == "EINTR"' \
	'tables.sleep_ret[0].count == 150' \
	'findings.@len == 1' \
	'findings[0].evidence.problem == "interrupted"' \
	'findings[0].evidence.syscall == "clock_nanosleep"' \
	'findings[0].evidence.interrupted == 150'

# Below --min-calls no finding; at it, one. Each interrupted sleep lasts one 2 ms tick.
run eintr-few --only sleep -- "$WL_SLEEP" eintr 20 sleep-ms 2:1
json_assert eintr-few "$OUT" \
	'tables.sleep_ret[result=EINTR].count == 20' \
	'tables.sleep_ret[result=0].count == 2' \
	'findings.@len == 0'
run eintr-min-calls --only sleep --min-calls 22 -- "$WL_SLEEP" eintr 20 sleep-ms 2:1
json_assert eintr-min-calls "$OUT" \
	'tables.sleep_ret[result=EINTR].count == 20' \
	'findings.@len == 1' \
	'findings[0].evidence.problem == "interrupted"' \
	'findings[0].evidence.calls == 22' \
	'findings[0].evidence.interrupted == 20'

run tight --only sleep -- "$WL_SLEEP" tight 3000
json_assert tight "$OUT" \
	'lost_events == 0' \
	'tables.sleep_ret.@len == 1' \
	'tables.sleep_ret[0].result == 0' \
	'tables.sleep_ret[0].count == 3000' \
	'findings.@len == 1' \
	'findings[0].id == "sleep.interrupted"' \
	'findings[0].severity == "warning"' \
	'findings[0].evidence.problem == "tight_loop"' \
	'findings[0].evidence.calls == 3000' \
	'findings[0].evidence.calls_per_s >= 1000' \
	'findings[0].evidence.short_share >= 0.8'
same_pid tight 'tables.sleep_ret[0]'

run tight-clock --only sleep -- "$WL_SLEEP" tight-clock 3000
json_assert tight-clock "$OUT" \
	'tables.sleep_ret[syscall=clock_nanosleep].count == 3000' \
	'findings.@len == 1' \
	'findings[0].evidence.problem == "tight_loop"' \
	'findings[0].evidence.syscall == "clock_nanosleep"'

# Healthy: a few long sleeps.
run sleep-healthy --only sleep -- "$WL_SLEEP" sleep-ms 3:50
json_assert sleep-healthy "$OUT" \
	'lost_events == 0' \
	'tables.sleep_ret.@len == 1' \
	'tables.sleep_ret[0].result == 0' \
	'tables.sleep_ret[0].count == 3' \
	'tables.errors.@len == 0' \
	'findings.@len == 0'

# Text output: the finding, then the table.
scd "$OUT" "$ERR" diagnose --only sleep -- "$WL_SLEEP" eintr 200
assert_eq "text: exit status" 0 "$RC"
assert_true "text: finding line" grep -q \
	'^\[warning\] sleep\.interrupted  pid [0-9]* (wl-sleep): 200 of 200 nanosleep calls' "$OUT"
assert_eq "text: table row" "nanosleep EINTR 200" \
	"$(awk '$1 == "wl-sleep" && $3 == "nanosleep" && $4 == "EINTR" { print $3, $4, $5 }' \
		"$OUT")"

# ---- rw.buffers ----

run small-read --only rw -- "$WL_RW" --file "$DATA" small-read 5000
json_assert small-read "$OUT" \
	'lost_events == 0' \
	'tables.rw_bytes[fd=40].syscall == "read"' \
	'tables.rw_bytes[fd=40].requested == 16' \
	'tables.rw_bytes[fd=40].returned == 16' \
	'tables.rw_bytes[fd=40].count == 5000' \
	"tables.rw_bytes[fd=40].path == \"$DATA\"" \
	'tables.sleep_ret == missing' \
	'findings.@len == 1' \
	'findings[0].id == "rw.buffers"' \
	'findings[0].severity == "warning"' \
	'findings[0].comm == "wl-rw"' \
	'findings[0].evidence.problem == "small_buffers"' \
	'findings[0].evidence.syscall == "read"' \
	'findings[0].evidence.fd == 40' \
	"findings[0].evidence.path == \"$DATA\"" \
	'findings[0].evidence.max_requested_bytes == 16' \
	'findings[0].evidence.suggested_bytes == 65536' \
	'findings[0].evidence.calls_per_s >= 2500'
same_pid small-read 'tables.rw_bytes[fd=40]'

run small-write --only rw -- "$WL_RW" --file "$DATA" small-write 5000
json_assert small-write "$OUT" \
	'tables.rw_bytes[fd=47].syscall == "write"' \
	'tables.rw_bytes[fd=47].path == "/dev/null"' \
	'tables.rw_bytes[fd=47].count == 5000' \
	'findings.@len == 1' \
	'findings[0].evidence.problem == "small_buffers"' \
	'findings[0].evidence.syscall == "write"' \
	'findings[0].evidence.fd == 47'

run short-pread --only rw -- "$WL_RW" --file "$DATA" short-pread 200
json_assert short-pread "$OUT" \
	'tables.rw_bytes[fd=42].syscall == "pread64"' \
	'tables.rw_bytes[fd=42].requested == 64' \
	'tables.rw_bytes[fd=42].returned == 10' \
	'tables.rw_bytes[fd=42].count == 200' \
	'findings.@len == 1' \
	'findings[0].severity == "info"' \
	'findings[0].evidence.problem == "short_reads"' \
	'findings[0].evidence.fd == 42' \
	'findings[0].evidence.short_reads == 200' \
	'findings[0].evidence.short_share == 1' \
	'findings[0].evidence.fd_type == "regular"'

run eagain --only rw -- "$WL_RW" --file "$DATA" eagain 200
json_assert eagain "$OUT" \
	'tables.rw_bytes[fd=44] == missing' \
	'tables.errors.@len == 1' \
	'tables.errors[0].syscall == "read"' \
	'tables.errors[0].errno == "EAGAIN"' \
	'tables.errors[0].count == 200' \
	'findings.@len == 1' \
	'findings[0].severity == "warning"' \
	'findings[0].evidence.problem == "eagain_loop"' \
	'findings[0].evidence.fd == 44' \
	'findings[0].evidence.calls == 200' \
	'findings[0].evidence.eagain_share == 1'

run zero-read --only rw -- "$WL_RW" --file "$DATA" zero-read 200
json_assert zero-read "$OUT" \
	'tables.rw_bytes[fd=43].requested == 16' \
	'tables.rw_bytes[fd=43].returned == 0' \
	'tables.rw_bytes[fd=43].count == 200' \
	'findings.@len == 1' \
	'findings[0].severity == "warning"' \
	'findings[0].evidence.problem == "zero_reads"' \
	'findings[0].evidence.fd == 43' \
	'findings[0].evidence.zero_reads == 200' \
	'findings[0].evidence.repeated == 199'

# The reader blocks about 150 ms per byte; its writer is a child process (another pid).
run slow-read --only rw -- "$WL_RW" --file "$DATA" slow-read 3
json_assert slow-read "$OUT" \
	'tables.rw_bytes[fd=45].syscall == "read"' \
	'tables.rw_bytes[fd=45].count == 3' \
	'tables.rw_bytes[fd=46].syscall == "write"' \
	'tables.rw_bytes[fd=46].count == 3' \
	'findings.@len == 1' \
	'findings[0].severity == "info"' \
	'findings[0].evidence.problem == "slow_calls"' \
	'findings[0].evidence.fd == 45' \
	'findings[0].evidence.slow_calls == 3' \
	'findings[0].evidence.max_ms >= 140' \
	'findings[0].evidence.max_ms < 5000'
same_pid slow-read 'tables.rw_bytes[fd=45]'
if [ "$(json_get "$OUT" 'tables.rw_bytes[fd=45].pid')" = \
	"$(json_get "$OUT" 'tables.rw_bytes[fd=46].pid')" ]; then
	fail "slow-read: the writer's row should be another process"
fi

# readv: the requested size is behind an iovec pointer: null.
run readv --only rw -- "$WL_RW" --file "$DATA" readv 100
json_assert readv "$OUT" \
	'tables.rw_bytes[fd=48].syscall == "readv"' \
	'tables.rw_bytes[fd=48].requested == null' \
	'tables.rw_bytes[fd=48].returned == 16' \
	'tables.rw_bytes[fd=48].count == 100' \
	'findings.@len == 0'

# Healthy: 64 KiB reads; and spinning at EOF below --min-calls.
run rw-healthy --only rw -- "$WL_RW" --file "$DATA" big-read 200 zero-read 50
json_assert rw-healthy "$OUT" \
	'lost_events == 0' \
	'tables.rw_bytes[fd=41].requested == 65536' \
	'tables.rw_bytes[fd=41].returned == 65536' \
	'tables.rw_bytes[fd=41].count == 200' \
	'tables.rw_bytes[fd=43].count == 50' \
	'tables.errors.@len == 0' \
	'findings.@len == 0'

finish
