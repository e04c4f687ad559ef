#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scdiag count at its edges: bad input (exit 2, or 1 for a target that does not exist, with
# exactly one "scdiag: " line and no instance left), stopping by SIGINT (a full report), being
# SIGKILLed (the instance stops tracing on its own and the next run removes it), -i interval
# blocks, a reader that goes away (| head) and, when strace is installed, agreement with
# strace -c on the same workload.

# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

require_root_tracefs
require_python

OUT=$TMPD/out
ERR=$TMPD/err

# bad NAME EXIT-CODES PATTERN ARGS...: scdiag ARGS must exit with one of EXIT-CODES
# (space-separated), print nothing on stdout and exactly one line on stderr, starting with
# "scdiag: " and containing PATTERN (a fixed string; empty for any).
bad() {
	_name=$1
	_codes=$2
	_pat=$3
	shift 3
	scd "$OUT" "$ERR" "$@"
	case " $_codes " in
	*" $RC "*) pass "$_name: exit status $RC" ;;
	*) fail "$_name: expected exit status in {$_codes}, got $RC" ;;
	esac
	CHECKS=$((CHECKS + 1))
	assert_eq "$_name: stderr lines" 1 "$(wc -l <"$ERR" | tr -d ' ')"
	assert_eq "$_name: stdout bytes" 0 "$(wc -c <"$OUT" | tr -d ' ')"
	assert_true "$_name: message starts with 'scdiag: '" grep -q '^scdiag: ' "$ERR"
	if [ -n "$_pat" ]; then
		assert_true "$_name: message mentions '$_pat'" grep -qF -- "$_pat" "$ERR"
	fi
	assert_eq "$_name: instances of this run" "" "$(instances_of "$SCD_PID")"
	log "    $(head -n 1 "$ERR")"
}

bad "-d 5x" 2 "-d" count -d 5x
bad "-d -1" 2 "-d" count -d -1
bad "-p overflow" 2 "-p" count -p 99999999999
bad "-T abc" 2 "-T" count -T abc
bad "-s typo" 2 "getppid" count -s gettpid
bad "-e typo" 2 "EBADF" count -e EBADFX
bad "-c 16 bytes" 2 "-c" count -c 0123456789abcdef
bad "-s path" 2 "" count -s '../x'
bad "-s regex" 2 "" count -s 'read.*'
bad "-p filter text" 2 "-p" count -p '1 || 1'
bad "missing command" "1 2" "/nonexistent/cmd" count -- /nonexistent/cmd
bad "no such pid" 1 "no such process" count -p 4000000
bad "unknown command" 2 "frobnicate" frobnicate

# SIGINT: a system-wide run prints its full report and exits 0.
"$SCDIAG" count >"$OUT" 2>"$ERR" &
SPID=$!
track_pid "$SPID"
if wait_armed "$SPID" "$ERR" 10; then
	kill -INT "$SPID"
	wait_exit "$SPID" 10
	assert_eq "SIGINT: exit status" 0 "$RC"
	assert_true "SIGINT: report has 'Lost events:'" grep -q '^Lost events: [0-9]*$' "$OUT"
	assert_true "SIGINT: report has a header" grep -q '^SYSCALL ' "$OUT"
	assert_eq "SIGINT: instances of this run" "" "$(instances_of "$SPID")"
else
	fail "SIGINT: scdiag did not start tracing within 10 s"
	show_file "SIGINT stderr" "$ERR"
fi

# SIGKILL: disable_on_free stops tracing when the dead process's free_buffer fd is closed;
# the directory stays until the next run removes it and says so. Once the killed scdiag is
# reaped (and dash may reap it during any command, not only at `wait`), any scdiag starting on
# the machine may remove its instance first: make -j check runs tests side by side. So a
# vanished instance or a missing removal line is retried, and fails only on the third try.
sigkill_case() {
	# Emptied first: wait_armed reads ERR, which may still hold the last run's "Tracing"
	# line until the shell that starts scdiag truncates it; a kill before scdiag armed its
	# instance found no instance, or one still tracing (a race of the test, not of scdiag).
	: >"$ERR"
	"$SCDIAG" count >"$OUT" 2>"$ERR" &
	_kpid=$!
	track_pid "$_kpid"
	if ! wait_armed "$_kpid" "$ERR" 10; then
		fail "SIGKILL: scdiag did not start tracing within 10 s"
		show_file "SIGKILL stderr" "$ERR"
		return 0
	fi
	kill -KILL "$_kpid"
	_n=200
	while pid_running "$_kpid" && [ "$_n" -gt 0 ]; do
		sleep 0.05
		_n=$((_n - 1))
	done
	_stale=$(instances_of "$_kpid")
	_on=""
	for _i in $_stale; do
		_on="$_on$(cat "$TRACEFS/instances/$_i/tracing_on" 2>/dev/null)"
	done
	wait "$_kpid" 2>/dev/null
	scd "$OUT" "$ERR" count -d 0.2
	_ok=1
	[ -n "$_stale" ] || _ok=0
	for _i in $_stale; do
		grep -qF -- "removed tracefs instance $_i" "$ERR" || _ok=0
	done
	if [ "$_ok" = 0 ] && [ "$1" -lt 3 ]; then
		log "SIGKILL: try $1: the instance was gone or its removal not reported" \
			"(another scdiag may have removed it): trying again"
		return 1
	fi
	assert_true "SIGKILL: instance left by the killed run" [ -n "$_stale" ]
	for _i in $_stale; do
		assert_eq "SIGKILL: $_i/tracing_on after the kill" 0 "$_on"
		assert_eq "SIGKILL: next run's exit status" 0 "$RC"
		assert_true "SIGKILL: next run reports 'removed tracefs instance $_i'" \
			grep -qF -- "removed tracefs instance $_i" "$ERR"
		assert_true "SIGKILL: $_i is gone" [ ! -d "$TRACEFS/instances/$_i" ]
	done
	return 0
}
sigkill_case 1 || sigkill_case 2 || sigkill_case 3

# -i: a block per interval, each headed [HH:MM:SS] and ended by its lost-events line. -d ends
# the run before the workload does (scdiag then ends the workload it started).
scd "$OUT" "$ERR" count -i 0.5 -d 1.6 -s getppid -- "$WL" loop-getppid 3
assert_eq "interval: exit status" 0 "$RC"
BLOCKS=$(awk '
	function close_block() { if (last !~ /^Lost events: [0-9]+$/) bad++ }
	NR == 1 && $0 !~ /^\[[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\]$/ { bad++ }
	/^\[[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\]$/ { if (n) close_block(); n++; last = ""; next }
	NF { last = $0 }
	END { if (n) close_block(); print n + 0, bad + 0 }' "$OUT")
assert_true "interval: at least 3 blocks (got ${BLOCKS% *})" [ "${BLOCKS% *}" -ge 3 ]
assert_eq "interval: blocks not headed [HH:MM:SS] or not ended by 'Lost events:'" 0 \
	"${BLOCKS#* }"
[ "${BLOCKS#* }" = 0 ] || show_file "interval stdout" "$OUT"
assert_true "interval: getppid counted" grep -q '^getppid  *[1-9]' "$OUT"

# -i with --json: one document per line per interval, each with its time.
scd "$OUT" "$ERR" count --json -i 0.5 -d 1.6 -s getppid -- "$WL" loop-getppid 3
assert_eq "interval json: exit status" 0 "$RC"
NLINES=$(wc -l <"$OUT" | tr -d ' ')
assert_true "interval json: at least 3 lines (got $NLINES)" [ "$NLINES" -ge 3 ]
json_assert "interval json" "$OUT" "@ndocs == $NLINES" '#0:lost_events >= 0' \
	'#1:syscalls[name=getppid].count > 0'
assert_eq "interval json: lines without a time field" 0 \
	"$(grep -cv '"time":"[0-9][0-9]:[0-9][0-9]:[0-9][0-9]"' "$OUT")"

# A reader that goes away: through a FIFO (a pipe whose two ends we can both track).
FIFO=$TMPD/pipe
mkfifo "$FIFO" || hard_error "mkfifo $FIFO failed"
"$SCDIAG" count -d 1 >"$FIFO" 2>"$ERR" &
PIPE_SCD=$!
track_pid "$PIPE_SCD"
head -c 1 <"$FIFO" >/dev/null &
HPID=$!
track_pid "$HPID"
wait_exit "$PIPE_SCD" 10
assert_true "pipe: scdiag -d 1 | head -c 1 ends (status $RC)" [ "$RC" != 124 ]
wait_exit "$HPID" 5
assert_eq "pipe: instances of this run" "" "$(instances_of "$PIPE_SCD")"
# With -i the reader is gone after the first block: the next block's write fails and the run
# ends then, well before -d 6 (3 s of slack for the set-up and the first blocks).
"$SCDIAG" count -i 0.2 -d 6 >"$FIFO" 2>"$ERR" &
PIPE_SCD=$!
track_pid "$PIPE_SCD"
head -c 1 <"$FIFO" >/dev/null &
HPID=$!
track_pid "$HPID"
wait_exit "$PIPE_SCD" 3
assert_eq "pipe -i: ends within 3 s, status" 0 "$RC"
wait_exit "$HPID" 5
assert_eq "pipe -i: instances of this run" "" "$(instances_of "$PIPE_SCD")"

# strace -c on the same workload must agree (skipped without strace; not a skip of the test).
if command -v strace >/dev/null 2>&1; then
	ST=$TMPD/strace
	strace -f -c -o "$ST" "$WL" getppid 300 close-ebadf 200 >/dev/null 2>&1
	ST_GETPPID=$(awk '$NF == "getppid" { print $4 }' "$ST")
	ST_CLOSE=$(awk '$NF == "close" { print $4 }' "$ST")
	ST_CLOSE_ERR=$(awk '$NF == "close" && NF == 6 { print $5 }' "$ST")
	assert_eq "strace: getppid calls" 300 "$ST_GETPPID"
	assert_eq "strace: close errors" 200 "$ST_CLOSE_ERR"
	scd "$OUT" "$ERR" count --json -s getppid,close -- "$WL" getppid 300 close-ebadf 200
	assert_eq "strace: scdiag exit status" 0 "$RC"
	json_assert strace "$OUT" \
		"syscalls[name=getppid].count == ${ST_GETPPID:-0}" \
		"syscalls[name=close].errors == ${ST_CLOSE_ERR:-0}" \
		"syscalls[name=close].count == ${ST_CLOSE:-0}"
else
	log "strace not installed: agreement check not run"
fi

finish
