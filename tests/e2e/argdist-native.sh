#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scdiag argdist's native form, SYSCALL:EXPR[,EXPR...][:FILTER][#LABEL], over the paired call
# (entry arguments by name, ret, errno, latency, pid, tid), on workloads with known argument
# mixes: exact rows and histogram buckets, filters, labels, casts, -T, --comm, threads and
# forked children, an attached process (-p) whose first calls began before tracing, and
# tracepoint specs whose filters go to the kernel. Then bad specs: exit 2, nothing on
# standard output, one "scdiag: bad ... spec:" message whose caret points at the right
# column, no tracefs instance and the command never started.

# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

require_root_tracefs
require_python

OUT=$TMPD/out
ERR=$TMPD/err
FLAT=$TMPD/flat
PIDF=$TMPD/wl.pid

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

# These read the last interval (every run here has one).
last_iv() {
	awk '$1 == "iv" { n = $2 } END { print n + 0 }' "$FLAT"
}
# rows S: the rows of spec S, "V1 V2 ... : COUNT", one a line, in the report's order.
rows() {
	awk -v k="row $(last_iv) $1 " 'index($0, k) == 1 { print substr($0, length(k) + 1) }' \
		"$FLAT"
}
# sorted_rows S: the same, sorted (for equal counts, whose order is not part of the check).
sorted_rows() {
	rows "$1" | sort
}
# nrows S: how many rows (or buckets) spec S has.
nrows() {
	awk -v i="$(last_iv)" -v s="$1" '$1 == "spec" && $2 == i && $3 == s { print $5 }' "$FLAT"
}
# count S V1 V2 ...: the count of the row of spec S whose values are exactly V1 V2 ...
count() {
	_c_s=$1
	shift
	awk -v k="row $(last_iv) $_c_s $* :" 'index($0, k) == 1 { c += $NF } END { print c + 0 }' \
		"$FLAT"
}
# buckets S: "LOW HIGH COUNT" per bucket of histogram S.
buckets() {
	awk -v i="$(last_iv)" -v s="$1" '$1 == "bucket" && $2 == i && $3 == s { print $4, $5, $6 }' \
		"$FLAT"
}

# run NAME ARGS...: scdiag argdist ARGS, which must exit 0; with --json, one report with one
# interval that lost nothing, flattened. WLPID: what the workload wrote to $PIDF, if anything.
run() {
	_name=$1
	shift
	rm -f "$PIDF"
	scd "$OUT" "$ERR" argdist "$@"
	assert_eq "$_name: exit status" 0 "$RC"
	[ "$RC" = 0 ] || show_file "$_name stderr" "$ERR"
	WLPID=$(cat "$PIDF" 2>/dev/null)
	case " $* " in
	*" --json "*)
		flatten
		assert_eq "$_name: documents, command, lost events; intervals" \
			"doc 1 argdist 0; 1" \
			"$(grep -E '^(doc|bad) ' "$FLAT"); $(grep -c '^iv [0-9]* 0 ' "$FLAT")"
		grep -q '^bad ' "$FLAT" && show_file "$_name stdout" "$OUT"
		;;
	esac
	return 0
}

# The rows "PREFIX 2^k ... : N" for k = 0..12, one a line (PREFIX and SUFFIX may be empty).
pow_rows() {
	for _k in 0 1 2 3 4 5 6 7 8 9 10 11 12; do
		_v=$((1 << _k))
		printf '%s%s%s : %s\n' "$1" "$_v" "$(echo "$2" | sed "s/@/$_v/g")" "$3"
	done | sort
}

# --- exact rows of fd, count and ret --------------------------------------------------
# Nothing but write-sizes writes in the workload: 13 rows, [fd, 2^k, 2^k] twice each.
run fd-count-ret --json -C 'write:fd,count,ret' -- "$WL" write-sizes 2
FD=$(rows 0 | awk '{ print $1 }' | sort -u)
assert_true "write:fd,count,ret: one descriptor (got '$FD')" \
	[ "$(printf '%s\n' "$FD" | grep -c '^[0-9][0-9]*$')" = 1 ]
assert_eq "write:fd,count,ret: rows" "$(pow_rows "$FD " " @" 2)" "$(sorted_rows 0)"

# --- histograms ----------------------------------------------------------------------
# A value of 2^k lands in bucket k (2^k .. 2^(k+1)-1; bucket 0 is 0 .. 1): 13 buckets of 3.
run hist --json -H 'write:count' -- "$WL" write-sizes 3
assert_eq "write:count histogram: kind" hist "$(awk '$1 == "spec" { print $4 }' "$FLAT")"
assert_eq "write:count histogram: buckets" "$(printf '0 1 3\n'; for k in 1 2 3 4 5 6 7 8 9 \
	10 11 12; do echo "$((1 << k)) $(((1 << (k + 1)) - 1)) 3"; done)" "$(buckets 0)"

# Latency: five sleeps of 20 ms are all at least 20 ms, so in buckets from 2^24 ns (16.8 ms)
# up; only that lower bound is checked (a loaded machine may sleep longer).
run latency --json -H 'nanosleep:latency' -- "$WL" nanosleep-ms 5:20
assert_eq "nanosleep latency: samples, samples >= 2^24 ns" "5 5" "$(buckets 0 |
	awk '{ n += $3; if ($1 >= 16777216) big += $3 } END { print n + 0, big + 0 }')"

# Label: the JSON report keeps the spec and adds the label; the text histogram is titled with it.
run label --json -H 'write:count#bytes' -C 'write:count:count>=2048#big writes' -- "$WL" \
	write-sizes 1
assert_eq "label: spec and label of -H" "spec 0 0 hist 13 write:count#bytes; label 0 0 bytes" \
	"$(grep '^spec 0 0 ' "$FLAT"); $(grep '^label 0 0 ' "$FLAT")"
assert_eq "label: label of -C" "label 0 1 big writes" "$(grep '^label 0 1 ' "$FLAT")"
run label-text -H 'write:count#bytes' -C 'write:count:count>=2048#big writes' -- "$WL" \
	write-sizes 1
assert_true "label text: histogram titled 'bytes'" \
	grep -qE '^ +bytes +: count +distribution$' "$OUT"
assert_true "label text: bucket 4096 -> 8191 holds 1" \
	grep -qE '^ +4096 -> 8191 +: 1 +\|\*{40}\|$' "$OUT"
assert_eq "label text: count block" \
	"$(printf 'big writes\n\tCOUNT      EVENT\n\t%-10s count = 2048\n\t%-10s count = 4096' 1 1)" \
	"$(sed -n '/^big writes$/,/^Lost/p' "$OUT" | sed '$d')"
assert_eq "label text: last line" "Lost events: 0" "$(tail -n 1 "$OUT")"

# --- filters ---------------------------------------------------------------------------
# count>=1024: three sizes of write-sizes 3.
run filter --json -C 'write:count:count>=1024' -- "$WL" write-sizes 3
assert_eq "write:count:count>=1024: rows" "$(printf '1024 : 3\n2048 : 3\n4096 : 3')" \
	"$(sorted_rows 0)"

# Failures: reads of an empty non-blocking pipe fail with EAGAIN (11); the loader's reads and
# read-sizes' succeed. errno is 0 for a call that did not fail.
run errors --json -C 'read:ret:ret<0' -C 'read:errno:ret<0' -C 'read:count,errno' -- "$WL" \
	read-eagain 4 read-sizes 1
assert_eq "read:ret:ret<0: rows" "-11 : 4" "$(rows 0)"
assert_eq "read:errno:ret<0: rows" "11 : 4" "$(rows 1)"
# expect_row NAME EXPECTED S V1 V2 ...: the count of one row.
expect_row() {
	_er_name=$1
	_er_exp=$2
	_er_s=$3
	shift 3
	assert_eq "$_er_name: row [$*]" "$_er_exp" "$(count "$_er_s" "$@")"
}
expect_row "read:count,errno" 4 2 1 11
expect_row "read:count,errno" 1 2 4096 0

# close(-1) fails with EBADF (9), exactly 7 times; the loader's closes succeed (errno 0).
run errno --json -C 'close:errno' -- "$WL" close-ebadf 7
expect_row "close:errno" 7 0 9
assert_eq "close:errno: no other errno" "" "$(rows 0 | awk '$1 != 0 && $1 != 9')"

# A char * field alone is its string, read from the process's memory after the call (the
# workload sleeps after its opens, so it is still there): the missing path 3 times, ENOENT.
run strings --json -i 5 -C 'openat:filename,ret' -C 'openat:filename+0:ret<0' -- "$WL" \
	open-enoent 3 sleep 1
expect_row "openat:filename,ret" 3 0 /nonexistent-scdiag-wl/none -2
assert_eq "openat:filename,ret: the loader's libc" 1 \
	"$(rows 0 | awk '$1 ~ /\/libc\.so\.6$/ && $2 >= 0 { c += $NF } END { print c + 0 }')"
# An expression of it is a number (the pointer): one row, 3 calls.
assert_eq "openat:filename+0: a pointer" 1 "$(rows 1 | awk '$1 ~ /^[0-9]+$/ && $3 == 3' | wc -l)"

# Casts: a u16 type or a (u8) cast of -11 as C would convert it.
# shellcheck disable=SC2016
run casts --json -C 't:syscalls:sys_exit_read():u16:args->ret' -C 'read:(u8)ret:ret<0' \
	-C 'read:ret < 0 ? -ret : 0' -- "$WL" read-eagain 2
expect_row "u16 args->ret" 2 0 65525
assert_eq "(u8)ret: rows" "245 : 2" "$(rows 1)"
expect_row "ret < 0 ? -ret : 0" 2 2 11

# Tracepoint filters: alone on its event a filter also goes to the kernel; two specs on one
# event are filtered in userspace. Either way the counts are the same.
run tp-filter --json -C 't:syscalls:sys_enter_write():u64:args->count:args->count>=1024' \
	-- "$WL" write-sizes 2
assert_eq "kernel-filtered: rows" "$(printf '1024 : 2\n2048 : 2\n4096 : 2')" "$(sorted_rows 0)"
run tp-filters --json -C 't:syscalls:sys_enter_write():u64:args->count:args->count>=1024' \
	-C 't:syscalls:sys_enter_write():u64:args->count:args->count<4 || args->count==64' \
	-- "$WL" write-sizes 2
assert_eq "userspace-filtered (1): rows" "$(printf '1024 : 2\n2048 : 2\n4096 : 2')" \
	"$(sorted_rows 0)"
assert_eq "userspace-filtered (2): rows" "$(printf '1 : 2\n2 : 2\n64 : 2')" "$(sorted_rows 1)"

# The kernel filter itself, read from scdiag's instance while the workload sleeps: the
# tracepoint spec's filter in tracefs syntax; none for the paired form (its enter and exit
# events must both be recorded for the pairing).
"$SCDIAG" argdist \
	-C 't:syscalls:sys_enter_write():u64:args->count:args->count>=1024 && args->fd == 4' \
	-C 'read:ret:ret<0' -- "$WL" sleep 1 >"$OUT" 2>"$ERR" &
SCD=$!
track_pid "$SCD"
if wait_armed "$SCD" "$ERR" 10; then
	KF=$(cat "$TRACEFS"/instances/scdiag-"$SCD"-*/events/syscalls/sys_enter_write/filter)
	RF=$(cat "$TRACEFS"/instances/scdiag-"$SCD"-*/events/syscalls/sys_exit_read/filter)
	assert_eq "kernel filter of sys_enter_write" "count >= 1024 && fd == 4" "$KF"
	assert_eq "kernel filter of sys_exit_read (paired form)" none "$RF"
else
	fail "kernel filter: scdiag did not start tracing within 10 s"
	show_file "kernel filter stderr" "$ERR"
fi
wait_exit "$SCD" 10
assert_eq "kernel filter: scdiag exit status" 0 "$RC"

# --- the paired form next to the tracepoint form -------------------------------------------
# shellcheck disable=SC2016
run mixed --json -C 'accept4:flags&00004000,errno' \
	-C 't:syscalls:sys_exit_accept4():long:args->ret' -- "$WL" accept4-eagain 3:1 \
	accept4-eagain 4:0
assert_eq "accept4:flags&00004000,errno: rows" "$(printf '0 11 : 4\n2048 11 : 3')" \
	"$(sorted_rows 0)"
assert_eq "sys_exit_accept4 ret: rows" "-11 : 7" "$(rows 1)"

# --- -T, --comm, threads, children -----------------------------------------------------
run top --json -T 2 -C 'write:count' -- "$WL" write-sizes 1 write-devnull 4
assert_eq "-T 2: rows" 2 "$(nrows 0)"
assert_eq "-T 2: first row" "1 : 5" "$(rows 0 | head -n 1)"

run comm --json --comm wl -C 'write:count' -- "$WL" write-sizes 1
assert_eq "--comm wl: rows" 13 "$(nrows 0)"
run comm-other --json --comm nosuchcomm -C 'write:count' -- "$WL" write-sizes 1
assert_eq "--comm nosuchcomm: rows" 0 "$(nrows 0)"

# The main thread and three others: four tids under one pid, ten calls each; $COMM names
# them. The workload stays alive for a second after its calls: scdiag reads a task's comm from
# /proc when it first processes its records, and a process already gone by then is shown as
# "[unknown]" (a known limitation of $COMM, not what this checks).
# shellcheck disable=SC2016
run threads --json -i 5 -C 'getppid:pid,tid' -C 't:syscalls:sys_enter_getppid():char*:$COMM' \
	-- "$WL" --ready-file "$PIDF" getppid 10 threads 3:getppid:10 sleep 1
assert_eq "threads: rows" 4 "$(nrows 0)"
assert_eq "threads: pid and count of every row" "$WLPID : 10" \
	"$(rows 0 | awk '{ print $1, $3, $4 }' | sort -u)"
assert_eq "threads: the main thread's row" 10 "$(count 0 "$WLPID" "$WLPID")"
assert_eq "threads: tids other than the pid" 3 \
	"$(rows 0 | awk -v p="$WLPID" '$2 != p { print $2 }' | sort -u | wc -l | tr -d ' ')"
assert_eq "threads: \$COMM" "\"wl\" : 40" "$(rows 1 | sed 's/^wl /"wl" /')"

# Two children: two pids, five calls each, none of them the parent's.
run fork --json -C 'getppid:pid' -- "$WL" --ready-file "$PIDF" fork 2:getppid:5
assert_eq "fork: rows" 2 "$(nrows 0)"
assert_eq "fork: counts" 5 "$(rows 0 | awk '{ print $3 }' | sort -u)"
assert_eq "fork: rows of the parent" 0 "$(count 0 "$WLPID")"

# --- -p: attach to a workload waiting on a FIFO ---------------------------------------------
# Its openat() of the FIFO began before tracing: 'openat:ret' counts it (the exit event has
# ret), 'openat:flags,ret' cannot (no arguments) and leaves it out. The go byte's read(), all
# traced, is a read of 1 byte returning 1. scdiag ends by itself when the process is gone.
FIFO=$TMPD/go
mkfifo "$FIFO" || hard_error "mkfifo $FIFO failed"
"$WL" --ready-file "$PIDF" --go-fifo "$FIFO" write-sizes 2 read-eagain 3 &
WLBG=$!
track_pid "$WLBG"
if wait_file "$PIDF" 10; then
	"$SCDIAG" argdist --json -C 'write:count' -C 'read:count,ret' -C 'openat:ret' \
		-C 'openat:flags,ret' -p "$WLBG" >"$OUT" 2>"$ERR" &
	SCD=$!
	track_pid "$SCD"
	if wait_armed "$SCD" "$ERR" 10; then
		printf g >"$FIFO"
		wait_exit "$WLBG" 10
		assert_eq "-p: workload exit status" 0 "$RC"
		wait_exit "$SCD" 10
		assert_eq "-p: scdiag exit status (it ends by itself)" 0 "$RC"
		flatten
		assert_eq "-p: write rows" "$(pow_rows "" "" 2)" "$(sorted_rows 0)"
		assert_eq "-p: read rows" "$(printf '1 -11 : 3\n1 1 : 1')" "$(sorted_rows 1)"
		assert_eq "-p: openat:ret rows, counts" "1 1" \
			"$(rows 2 | awk '{ n++; c += $3 } END { print n + 0, c + 0 }')"
		assert_eq "-p: openat:flags,ret rows" 0 "$(nrows 3)"
	else
		fail "-p: scdiag did not start tracing within 10 s"
		show_file "-p stderr" "$ERR"
	fi
else
	fail "-p: the workload never wrote $PIDF"
fi

# --- bad specs -------------------------------------------------------------------------------
# bad NAME OPT SPEC COLUMN TEXT: scdiag argdist OPT SPEC -- wl ... must exit 2 with nothing on
# standard output and three lines on standard error: "scdiag: bad [-C |-H ]spec:", the spec
# indented by two, and a caret under byte COLUMN of the spec followed by a message that
# contains TEXT. The workload must not have run and no instance may be left.
bad() {
	rm -f "$PIDF"
	scd "$OUT" "$ERR" argdist "$2" "$3" -- "$WL" --ready-file "$PIDF" getppid 1
	assert_eq "$1: exit status" 2 "$RC"
	assert_eq "$1: stdout bytes" 0 "$(wc -c <"$OUT" | tr -d ' ')"
	assert_eq "$1: stderr lines" 3 "$(wc -l <"$ERR" | tr -d ' ')"
	assert_true "$1: 'scdiag: bad spec:' ($(head -n 1 "$ERR"))" \
		grep -qxE 'scdiag: bad (-[CH] )?spec:' "$ERR"
	assert_eq "$1: the spec" "  $3" "$(sed -n 2p "$ERR")"
	assert_eq "$1: caret column" "$4" "$(sed -n 3p "$ERR" | awk '{ print index($0, "^") - 3 }')"
	sed -n 3p "$ERR" >"$TMPD/caret"
	assert_true "$1: message has '$5'" grep -qF -- "$5" "$TMPD/caret"
	assert_true "$1: the workload did not run" [ ! -e "$PIDF" ]
	assert_eq "$1: instances of this run" "" "$(instances_of "$SCD_PID")"
	log "    $(sed -n 3p "$ERR")"
}

bad "unknown field" -C 'write:cont' 6 "unknown field 'cont' (did you mean count?)"
# shellcheck disable=SC2016
bad "unknown args-> field" -C 't:syscalls:sys_enter_write():int:args->fdd' 33 \
	"did you mean args->fd?"
bad "unknown event" -C 't:syscalls:sys_enter_wirte():int:args->fd' 11 \
	"did you mean sys_enter_write"
bad "unknown syscall" -C 'wirte:count' 0 "did you mean write"
bad "kprobe" -C 'p:c:write(int fd):int:fd' 0 "need BPF"
# shellcheck disable=SC2016
bad "kretprobe" -C 'r::do_sys_open():int:$retval' 0 "need BPF"
bad "unclosed (" -C 'write:(count' 6 "'(' is never closed"
bad "unmatched )" -C 'write:count)' 11 "unmatched ')'"
bad "unclosed ( in a filter" -C 'write:count:(ret<0' 12 "'(' is never closed"
bad "2 types, 1 expression" -C 't:syscalls:sys_enter_write():int,int:args->fd' 29 \
	"2 types for 1 expression"
bad "1 type, 2 expressions" -C 't:syscalls:sys_enter_write():int:args->fd,args->count' 29 \
	"1 type for 2 expressions"
bad "unknown type" -C 't:syscalls:sys_enter_write():int32:args->fd' 29 "unknown type 'int32'"
bad "not syscalls:*" -C 't:sched:sched_switch():int:args->prev_pid' 2 "only syscalls:*"
bad "-H with two expressions" -H 'write:count,ret' 12 "exactly one expression"
bad "assignment" -C 'write:count:ret=1' 15 "'=' is an assignment"
bad "too many parts" -C 'write:ret:ret<0:x' 15 "too many"

finish
