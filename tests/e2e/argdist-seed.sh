#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scdiag argdist on every argdist command line of the seed document
# (/work/shared/seeds/syscall-diagnoses.md), each spec unchanged: "argdist.py" becomes
# "scdiag argdist", "-- $WL ..." is added and "-i 5 -d 5" is kept where the seed has it. The
# workload makes a known mix of calls for each line and the counts are checked exactly, in the
# JSON report (and once in the text report). The workload is dynamically linked and traced
# from its execve(), so the loader's own reads and openat() calls show up under the same pid:
# the assertions pick the workload's rows by pid, descriptor and filename and check
# that their counts are exact, not that they are the only rows. (The epoll section's
# "argdist.py -c -C 'sys_enter_epoll_wait()........'" is a placeholder, not a command line.)
# Then -c with -i (each interval includes the counts before it), -i without -c (each interval
# starts from zero) and -n 2 (exactly two intervals).

# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

require_root_tracefs
require_python

OUT=$TMPD/out
ERR=$TMPD/err
FLAT=$TMPD/flat
PIDF=$TMPD/wl.pid

# The seed's specs, verbatim ($PID is argdist's, not the shell's).
# shellcheck disable=SC2016
SP_NANOSLEEP='t:syscalls:sys_exit_nanosleep():u16:args->ret'
# shellcheck disable=SC2016
SP_CLOCK_NANOSLEEP='t:syscalls:sys_exit_clock_nanosleep():u16:args->ret'
# shellcheck disable=SC2016
SP_READ='t:syscalls:sys_enter_read():int,u32,size_t:$PID,args->fd,args->count'
# shellcheck disable=SC2016
SP_WRITE='t:syscalls:sys_enter_write():int,u32,size_t:$PID,args->fd,args->count'
# shellcheck disable=SC2016
SP_RECVFROM='t:syscalls:sys_exit_recvfrom():int,long:$PID,args->ret'
# shellcheck disable=SC2016
SP_RECVMSG='t:syscalls:sys_exit_recvmsg():int,long:$PID,args->ret'
# shellcheck disable=SC2016
SP_RECVMMSG='t:syscalls:sys_exit_recvmmsg():int,long:$PID,args->ret'
# shellcheck disable=SC2016
SP_SOCKET='t:syscalls:sys_enter_socket():int,int,int:$PID,args->protocol,args->family&00004000'
# shellcheck disable=SC2016
SP_ACCEPT4='t:syscalls:sys_enter_accept4():int,int,int:$PID,args->fd,args->flags&00004000'
# shellcheck disable=SC2016
SP_SENDTO='t:syscalls:sys_exit_sendto():int,long:$PID,args->ret'
# shellcheck disable=SC2016
SP_SENDMSG='t:syscalls:sys_exit_sendmsg():int,long:$PID,args->ret'
# shellcheck disable=SC2016
SP_SENDMMSG='t:syscalls:sys_exit_sendmmsg():int,long:$PID,args->ret'
# shellcheck disable=SC2016
SP_OPEN='t:syscalls:sys_enter_open():int,char*,int:$PID,args->filename,args->flags&00004000'
# shellcheck disable=SC2016
SP_EXIT_OPEN='t:syscalls:sys_exit_open():int,long:$PID,args->ret'
# shellcheck disable=SC2016
SP_OPENAT='t:syscalls:sys_enter_openat():int,char*,int:$PID,args->filename,args->flags&00004000'
# Not in the seed: its socket line tests `family` (AF_INET is 2, so family&00004000 is always
# 0), but SOCK_NONBLOCK is a flag of `type`. This spec answers the seed's question.
# shellcheck disable=SC2016
SP_SOCKET_TYPE='t:syscalls:sys_enter_socket():int,int,int:$PID,args->protocol,args->type&00004000'

# flatten: one python run per report (python starts slowly; awk reads the result) turns the
# JSON report in $OUT into $FLAT, one fact a line (I: interval, S: spec, both from 0):
#   doc NDOCS COMMAND LOST
#   iv I LOST TIME
#   spec I S KIND NROWS-OR-NBUCKETS SPEC
#   label I S LABEL
#   row I S V1 V2 ... : COUNT		(in the report's order)
#   bucket I S LOW HIGH COUNT
# or "bad REASON" when it is not such a report.
flatten() {
	python3 "$(dirname "$0")/argdist-flat.py" "$OUT" >"$FLAT"
}

# IV: the interval the helpers below read; empty for the last one.
IV=""
nintervals() {
	awk '$1 == "iv" { n++ } END { print n + 0 }' "$FLAT"
}
iv() {
	if [ -n "$IV" ]; then
		echo "$IV"
	else
		awk '$1 == "iv" { n = $2 } END { print n + 0 }' "$FLAT"
	fi
}
# rows S: the rows of spec S, "V1 V2 ... : COUNT", one a line.
rows() {
	awk -v k="row $(iv) $1 " 'index($0, k) == 1 { print substr($0, length(k) + 1) }' "$FLAT"
}
# nrows S: how many rows spec S has.
nrows() {
	awk -v i="$(iv)" -v s="$1" '$1 == "spec" && $2 == i && $3 == s { print $5 }' "$FLAT"
}
# count S V1 V2 ...: the count of the row of spec S whose values are exactly V1 V2 ...
count() {
	_c_s=$1
	shift
	awk -v k="row $(iv) $_c_s $* :" 'index($0, k) == 1 { c += $NF } END { print c + 0 }' \
		"$FLAT"
}

now() {
	date +%s.%N
}

# run NAME ARGS...: scdiag argdist ARGS, which must exit 0; with --json, one report that lost
# nothing, flattened. The workload writes its pid to $PIDF, read into WLPID. ELAPSED: the
# run's wall time in seconds.
run() {
	_name=$1
	shift
	rm -f "$PIDF"
	_t0=$(now)
	scd "$OUT" "$ERR" argdist "$@"
	ELAPSED=$(echo "$_t0 $(now)" | awk '{ printf "%.3f", $2 - $1 }')
	assert_eq "$_name: exit status" 0 "$RC"
	[ "$RC" = 0 ] || show_file "$_name stderr" "$ERR"
	WLPID=$(cat "$PIDF" 2>/dev/null)
	[ -n "$WLPID" ] || fail "$_name: the workload wrote no pid to $PIDF"
	case " $* " in
	*" --json "*)
		flatten
		assert_eq "$_name: documents, command, lost events" "doc 1 argdist 0" \
			"$(grep -E '^(doc|bad) ' "$FLAT")"
		assert_eq "$_name: intervals that lost events" 0 \
			"$(awk '$1 == "iv" && $3 != 0 { n++ } END { print n + 0 }' "$FLAT")"
		grep -q '^bad ' "$FLAT" && show_file "$_name stdout" "$OUT"
		;;
	esac
	return 0
}

# These three run through assert_true.
# has_word LIST WORD: WORD is one of the blank-separated LIST.
# shellcheck disable=SC2317
has_word() {
	case " $1 " in
	*" $2 "*) return 0 ;;
	esac
	return 1
}

# nondecreasing LIST: the numbers of LIST never go down.
# shellcheck disable=SC2317
nondecreasing() {
	_nd_last=0
	for _nd in $1; do
		[ "$_nd" -ge "$_nd_last" ] || return 1
		_nd_last=$_nd
	done
	return 0
}

# gone PID: PID is set and no such process runs.
# shellcheck disable=SC2317
gone() {
	[ -n "$1" ] && ! pid_running "$1"
}

# expect NAME EXPECTED S V1 V2 ...: the count of one row.
expect() {
	_e_name=$1
	_e_exp=$2
	_e_s=$3
	shift 3
	assert_eq "$_e_name: row [$*]" "$_e_exp" "$(count "$_e_s" "$@")"
}

# one_value NAME VALUE: VALUE is one number (a descriptor or pointer found in the rows).
one_value() {
	assert_true "$1: one value (got '$2')" \
		[ "$(printf '%s\n' "$2" | grep -c '^[0-9][0-9]*$')" = 1 ]
}

# sizes_rows NAME COUNT1: the read or write line's rows [pid, fd, 2^k] of the workload: COUNT1
# for 1 byte, 3 for each other size. The fd is the one of the 4096-byte calls (nothing else
# in the workload reads or writes 4096 bytes); the loader's reads (e.g. the 832 bytes of an
# ELF header, on a descriptor that may have the same number) are other rows. Sets FD.
sizes_rows() {
	FD=$(rows 0 | awk -v p="$WLPID" '$1 == p && $3 == 4096 { print $2 }')
	one_value "$1: descriptor of the 4096-byte calls" "$FD"
	_got=""
	for _s in 1 2 4 8 16 32 64 128 256 512 1024 2048 4096; do
		_got="$_got $(count 0 "$WLPID" "$FD" "$_s")"
	done
	assert_eq "$1: counts of rows [pid, fd, 1..4096]" " $2 3 3 3 3 3 3 3 3 3 3 3 3" "$_got"
	assert_eq "$1: intervals" 1 "$(nintervals)"
	assert_eq "$1: kind" count "$(awk '$1 == "spec" { print $4 }' "$FLAT")"
}

# --- nanosleep, clock_nanosleep: "u16:args->ret" with -i 5 -d 5 -------------------------
# Three sleeps that return 0. The run ends when the workload does, well before -d 5.
run nanosleep --json -C "$SP_NANOSLEEP" -i 5 -d 5 -- "$WL" --ready-file "$PIDF" \
	nanosleep-ms 3:10
assert_eq "nanosleep: intervals" 1 "$(nintervals)"
assert_eq "nanosleep: spec" "spec 0 0 count 1 $SP_NANOSLEEP" "$(grep '^spec ' "$FLAT")"
assert_eq "nanosleep: rows" "0 : 3" "$(rows 0)"
assert_true "nanosleep: ends with the workload (${ELAPSED} s < 4 s)" \
	awk -v t="$ELAPSED" 'BEGIN { exit !(t < 4) }'

run clock_nanosleep --json -C "$SP_CLOCK_NANOSLEEP" -i 5 -d 5 -- "$WL" --ready-file "$PIDF" \
	clock-nanosleep-ms 3:10 nanosleep-ms 2:1
assert_eq "clock_nanosleep: intervals" 1 "$(nintervals)"
assert_eq "clock_nanosleep: rows" "0 : 3" "$(rows 0)"

# --- read, write: "$PID,args->fd,args->count" -------------------------------------------
run enter-read --json -c -C "$SP_READ" -- "$WL" --ready-file "$PIDF" read-sizes 3
sizes_rows enter-read 3

# write-devnull's four 1-byte writes go to the same /dev/null descriptor as write-sizes'.
run enter-write --json -c -C "$SP_WRITE" -- "$WL" --ready-file "$PIDF" write-sizes 3 \
	write-devnull 4
sizes_rows enter-write 7
WFD=$FD

# The text form of the same line, once: BCC's layout, rows by ascending count.
run write-text -c -C "$SP_WRITE" -- "$WL" --ready-file "$PIDF" write-sizes 3 write-devnull 4
head -n 1 "$OUT" >"$TMPD/line1"
assert_true "text: [HH:MM:SS] first ($(cat "$TMPD/line1"))" \
	grep -qx '\[[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\]' "$TMPD/line1"
assert_eq "text: spec line" "$SP_WRITE" "$(sed -n 2p "$OUT")"
assert_eq "text: header" "$(printf '\tCOUNT      EVENT')" "$(sed -n 3p "$OUT")"
assert_eq "text: last line" "Lost events: 0" "$(tail -n 1 "$OUT")"
for _s in 4096 2; do
	# shellcheck disable=SC2016
	assert_true "text: row of $_s bytes" grep -qxF \
		"$(printf '\t%-10s $PID = %s, args->fd = %s, args->count = %s' 3 "$WLPID" "$WFD" \
			"$_s")" "$OUT"
done
# shellcheck disable=SC2016
assert_eq "text: the 1-byte row (7 writes) is the last row" \
	"$(printf '\t%-10s $PID = %s, args->fd = %s, args->count = 1' 7 "$WLPID" "$WFD")" \
	"$(sed '$d' "$OUT" | tail -n 1)"
assert_eq "text: rows not in ascending count order" 0 "$(awk -F'\t' '
	NR > 3 && /^\t[0-9]/ { split($2, a, " "); if (a[1] + 0 < last) bad++; last = a[1] + 0 }
	END { print bad + 0 }' "$OUT")"

# --- recv*, send*: "$PID,args->ret" of the exit events ------------------------------------
# The workload sends and receives 3 datagrams of 100 bytes with sendto/recvfrom, 4 of 7 bytes
# with sendmsg/recvmsg, and 5 pairs of 9-byte datagrams with sendmmsg/recvmmsg (which return
# the number of messages, 2). Nothing else in it sends or receives.
DGRAM_MIX="sendto-dgram 3:100 sendmsg-dgram 4:7 sendmmsg-dgram 5:9"
for _case in "recvfrom $SP_RECVFROM 100 3" "recvmsg $SP_RECVMSG 7 4" \
	"recvmmsg $SP_RECVMMSG 2 5" "sendto $SP_SENDTO 100 3" "sendmsg $SP_SENDMSG 7 4" \
	"sendmmsg $SP_SENDMMSG 2 5"; do
	# shellcheck disable=SC2086
	set -- $_case
	# shellcheck disable=SC2086
	run "$1" --json -c -C "$2" -- "$WL" --ready-file "$PIDF" $DGRAM_MIX
	assert_eq "$1: rows" "$WLPID $3 : $4" "$(rows 0)"
done

# --- socket: the seed's line, then the corrected one ------------------------------------
# Three non-blocking and five blocking AF_INET stream sockets. The seed's spec masks `family`
# (AF_INET = 2): one row, 0, for all eight. `type` carries SOCK_NONBLOCK (00004000 = 2048).
run socket --json -c -C "$SP_SOCKET" -- "$WL" --ready-file "$PIDF" socket 3:1 socket 5:0
assert_eq "socket (seed: family): rows" "$WLPID 0 0 : 8" "$(rows 0)"

run socket-type --json -c -C "$SP_SOCKET" -C "$SP_SOCKET_TYPE" -- "$WL" --ready-file "$PIDF" \
	socket 3:1 socket 5:0
assert_eq "socket: family&00004000 rows" "$WLPID 0 0 : 8" "$(rows 0)"
assert_eq "socket: type&00004000 rows" "$(printf '%s 0 0 : 5\n%s 0 2048 : 3' "$WLPID" \
	"$WLPID")" "$(rows 1)"

# --- accept4: on a listening AF_UNIX socket made non-blocking before the calls -----------
run accept4 --json -c -C "$SP_ACCEPT4" -- "$WL" --ready-file "$PIDF" accept4-eagain 3:1 \
	accept4-eagain 4:0
LFD=$(rows 0 | awk -v p="$WLPID" '$1 == p { print $2 }' | sort -u)
one_value "accept4: listening descriptor" "$LFD"
expect "accept4 SOCK_NONBLOCK" 3 0 "$WLPID" "$LFD" 2048
expect "accept4 no flags" 4 0 "$WLPID" "$LFD" 0
assert_eq "accept4: rows" 2 "$(nrows 0)"

# --- open, openat: "$PID,args->filename,args->flags&00004000" ------------------------------
# char* values are the strings, read from the workload's memory when scdiag processes the
# record (tracefs records only the pointer): the workload sleeps 1 s after its opens, so it
# is still there to be read. Every filename the workload passes is one of a few known
# strings, the loader's too: no row may be unreadable.
# open_rows NAME BLOCKING: the workload's two rows, 3 with O_NONBLOCK and BLOCKING without
# (its 4, and with openat the one it opens /dev/null with at set-up).
open_rows() {
	expect "$1 O_NONBLOCK" 3 0 "$WLPID" /dev/null 2048
	expect "$1 blocking" "$2" 0 "$WLPID" /dev/null 0
	assert_eq "$1: unreadable strings" 0 "$(python3 -c 'import json,sys
print(json.load(open(sys.argv[1]))["intervals"][-1]["strings"]["unreadable"])' "$OUT")"
}

if [ -d "$TRACEFS/events/syscalls/sys_enter_open" ]; then
	run open --json -c -C "$SP_OPEN" -- "$WL" --ready-file "$PIDF" open-legacy 3:1 \
		open-legacy 4:0 sleep 1
	open_rows open 4
	# The loader and libc use openat: the workload's seven calls are all there is.
	assert_eq "open: rows" 2 "$(nrows 0)"
	# Each descriptor is closed before the next open, so all seven return the same one.
	run exit-open --json -c -C "$SP_EXIT_OPEN" -- "$WL" --ready-file "$PIDF" open-legacy 3:1 \
		open-legacy 4:0
	assert_eq "sys_exit_open: rows" 1 "$(nrows 0)"
	assert_eq "sys_exit_open: [pid, one fd >= 3] 7 times ($(rows 0))" "$WLPID yes 7" \
		"$(rows 0 | awk '{ print $1, ($2 >= 3 ? "yes" : "no"), $4 }')"
else
	log "no syscalls:sys_enter_open on this architecture: the open lines are not run"
fi

run openat --json -c -C "$SP_OPENAT" -- "$WL" --ready-file "$PIDF" open-nb 3:1 open-nb 4:0 \
	sleep 1
open_rows openat 5
assert_eq "openat: the loader's ld.so.cache" 1 "$(count 0 "$WLPID" /etc/ld.so.cache 0)"
# A process that may be gone before its records are read: a string that could not be read
# is shown as its pointer, "[0xADDR: process gone]" (which one happens depends on timing).
run openat-gone --json -c -C "$SP_OPENAT" -- "$WL" --ready-file "$PIDF" open-nb 3:1
assert_eq "openat-gone: the O_NONBLOCK opens, read or not" 3 "$(awk -v p="$WLPID" '
	$1 == "row" && $3 == 0 && $4 == p && $6 == 2048 &&
	($5 == "/dev/null" || ($5 ~ /^\[0x[0-9a-f]+:$/ && $6 == 2048)) { c += $NF }
	$1 == "row" && $3 == 0 && $4 == p && $5 ~ /^\[0x[0-9a-f]+:$/ && $6 == "process" &&
	$7 == "gone]" && $8 == 2048 { c += $NF }
	END { print c + 0 }' "$FLAT")"
# The seed repeats the sys_exit_open line under openat: openat calls are not open calls.
if [ -d "$TRACEFS/events/syscalls/sys_exit_open" ]; then
	run exit-open-openat --json -c -C "$SP_EXIT_OPEN" -- "$WL" --ready-file "$PIDF" \
		open-nb 3:1 open-nb 4:0
	assert_eq "sys_exit_open with openat calls only: rows" 0 "$(nrows 0)"
fi

# --- intervals ------------------------------------------------------------------------
# per_interval: the workload's 4096-byte write row in each interval, space-separated.
per_interval() {
	_pi_n=$(nintervals)
	_pi_seq=""
	IV=0
	while [ "$IV" -lt "$_pi_n" ]; do
		_pi_seq="$_pi_seq $(count 0 "$WLPID" "$WFD" 4096)"
		IV=$((IV + 1))
	done
	IV=""
	echo "$_pi_seq"
}

# -c -i: the workload writes 1 byte ... 4096 bytes once, sleeps 0.8 s (at least one interval
# ends meanwhile), then writes them twice more. Each interval includes the ones before it: the
# 4096-byte row goes 1, ..., 1, 3 and never down.
run cumulative --json -c -i 0.3 -C "$SP_WRITE" -- "$WL" --ready-file "$PIDF" write-sizes 1 \
	sleep 0.8 write-sizes 2
SEQ=$(per_interval)
log "    cumulative: the 4096-byte row in each interval:$SEQ"
assert_true "cumulative: at least 3 intervals ($SEQ)" [ "$(nintervals)" -ge 3 ]
assert_eq "cumulative: last interval" 3 "${SEQ##* }"
assert_true "cumulative: an interval during the sleep has 1" has_word "$SEQ" 1
assert_true "cumulative: never decreases" nondecreasing "$SEQ"
expect "cumulative: last interval's 1-byte row" 3 0 "$WLPID" "$WFD" 1

# The same without -c: each interval starts from zero, so the intervals add up to 3.
run per-interval --json -i 0.3 -C "$SP_WRITE" -- "$WL" --ready-file "$PIDF" write-sizes 1 \
	sleep 0.8 write-sizes 2
SEQ=$(per_interval)
log "    per interval: the 4096-byte row in each interval:$SEQ"
assert_eq "per interval: sum over the intervals" 3 \
	"$(echo "$SEQ" | awk '{ for (i = 1; i <= NF; i++) s += $i; print s + 0 }')"
assert_eq "per interval: first interval" 1 "$(echo "$SEQ" | awk '{ print $1 }')"
assert_true "per interval: an interval during the sleep has 0" has_word "$SEQ" 0

# -n 2: exactly two intervals, then scdiag stops (and ends the workload it started).
run number --json -n 2 -i 0.2 -C "$SP_WRITE" -- "$WL" --ready-file "$PIDF" write-sizes 1 \
	sleep 5
assert_eq "-n 2: intervals" 2 "$(nintervals)"
assert_true "-n 2: ends before the workload would (${ELAPSED} s < 4 s)" \
	awk -v t="$ELAPSED" 'BEGIN { exit !(t < 4) }'
assert_true "-n 2: the workload is gone" gone "$WLPID"
IV=0
expect "-n 2: first interval" 1 0 "$WLPID" "$WFD" 4096
IV=""

# -n 2 in text: two blocks, each headed by the time and ended by its lost-events line.
run number-text -n 2 -i 0.2 -C "$SP_WRITE" -- "$WL" --ready-file "$PIDF" sleep 5
assert_eq "-n 2 text: blocks, bad blocks" "2 0" "$(awk '
	/^\[[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\]$/ { if (n && last !~ /^Lost events: [0-9]+$/) bad++
						   n++; next }
	NF { last = $0 }
	END { if (last !~ /^Lost events: [0-9]+$/) bad++; print n + 0, bad + 0 }' "$OUT")"

finish
