#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scdiag count -p PID and -t TID: attach to a workload that is already running and blocked on
# a FIFO, wait until scdiag is tracing, release the workload and check its exact counts. With
# -p, scdiag must stop by itself once the process is gone; -t is stopped with SIGINT after the
# workload has exited (everything it did is in the ring buffer by then). -p follows threads
# the process creates after the attach but not the child processes it forks.

# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

require_root_tracefs
require_python

# attach NAME STOP SCDIAG-TARGET-OPTION WL-OPS...: runs one attach scenario; STOP is "self"
# (scdiag must end by itself when the workload is gone) or "sigint". The workload's ops must
# make, in the traced process, 2000 getppid calls and 300 failing close calls.
attach() {
	_name=$1
	_stop=$2
	_opt=$3
	shift 3
	_ready=$TMPD/$_name.ready
	_fifo=$TMPD/$_name.fifo
	_out=$TMPD/$_name.out
	_err=$TMPD/$_name.err
	mkfifo "$_fifo" || hard_error "mkfifo $_fifo failed"

	"$WL" --ready-file "$_ready" --go-fifo "$_fifo" "$@" &
	_wl=$!
	track_pid "$_wl"
	if ! wait_file "$_ready" 10; then
		fail "$_name: the workload never wrote $_ready"
		return
	fi
	assert_eq "$_name: ready file holds the workload's pid" "$_wl" "$(cat "$_ready")"

	"$SCDIAG" count --json "$_opt" "$_wl" -s getppid,close >"$_out" 2>"$_err" &
	_scd=$!
	track_pid "$_scd"
	if ! wait_armed "$_scd" "$_err" 10; then
		fail "$_name: scdiag did not start tracing within 10 s"
		show_file "$_name stderr" "$_err"
		return
	fi

	# Opening the FIFO for writing releases the workload's open(); the byte releases its read.
	printf g >"$_fifo"
	wait_exit "$_wl" 10
	assert_eq "$_name: workload exit status" 0 "$RC"

	if [ "$_stop" = sigint ]; then
		kill -INT "$_scd"
	fi
	wait_exit "$_scd" 10
	assert_eq "$_name: scdiag exit status (stop: $_stop)" 0 "$RC"
	[ "$RC" = 0 ] || show_file "$_name stderr" "$_err"
	json_assert "$_name" "$_out" \
		'@ndocs == 1' \
		'lost_events == 0' \
		'syscalls[name=getppid].count == 2000' \
		'syscalls[name=getppid].errors == 0' \
		'syscalls[name=close].count == 300' \
		'syscalls[name=close].errors == 300' \
		'syscalls[name=close].errnos == {"EBADF":300}' \
		'syscalls.@len == 2'
	no_instances_left "$_name: no instance left"
}

attach pid self -p getppid 2000 close-ebadf 300
# The main thread: its tid is the pid.
attach tid sigint -t getppid 2000 close-ebadf 300
# New threads count; forked children (another process) do not.
attach pid-threads self -p threads 4:getppid:500 fork 2:getppid:100 threads 3:close-ebadf:100

finish
