#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scdiag offcpu -- CMD on tests/workloads/wl-offcpu (built with frame pointers): known blocking
# (K nanosleeps of known length, a pipe ping-pong between two processes, a thread blocked in
# read on a pipe) must show up with at least the time the workload blocked (times with slack:
# at least the requested sleep, at most a generous bound), on stacks holding the kernel's path
# and the workload's own functions; folded, text, JSON and SVG output; --syscalls attribution;
# the tracefs fallback (--no-perf, no stacks); bad input exits 2 with one line and leaves
# nothing in tracefs.
#
# SCDIAG and WL_OFFCPU override the binaries.

# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

WL_OFFCPU=${WL_OFFCPU:-$top_builddir/tests/workloads/wl-offcpu}

require_root_tracefs
require_python
command -v strace >/dev/null 2>&1 || skip "strace is needed to inject perf_event_open failures"
[ -x "$WL_OFFCPU" ] || hard_error "$WL_OFFCPU is not built (make tests/workloads/wl-offcpu)"
[ -d "$TRACEFS/events/sched/sched_switch" ] || skip "no sched:sched_switch tracepoint"

OUT=$TMPD/out
ERR=$TMPD/err

# Queries on an offcpu JSON document: sums over the rows of a table that match, and whether a
# stack with given frames exists.
QUERY_PY='
import json, sys

d = json.load(open(sys.argv[2]))
op, args = sys.argv[1], sys.argv[3:]

def match(r, conds):
    for c in conds:
        k, v = c.split("=", 1)
        if str(r.get(k)) != v:
            return False
    return True

if op == "sum":            # sum TABLE FIELD COND...
    rows = [r for r in d[args[0]] if match(r, args[2:])]
    print(sum(r[args[1]] for r in rows) if rows else "missing")
elif op == "count":        # count TABLE COND...
    print(len([r for r in d[args[0]] if match(r, args[1:])]))
elif op == "stack":        # stack COMM KFRAME UFRAME: total_us of stacks holding both
    # (a kernel frame matches by substring: pipe_read is anon_pipe_read on newer kernels)
    tot = [s["total_us"] for s in d["stacks"] if s["comm"] == args[0] and
           (args[1] == "-" or any(args[1] in f for f in s["kernel"])) and
           (args[2] == "-" or args[2] in s["user"])]
    print(sum(tot) if tot else "missing")
elif op == "ustack":       # ustack COMM F1 F2 ...: total_us of stacks whose user frames hold
    # F1 F2 ... one after the other (leaf first)
    k = len(args) - 1
    tot = [s["total_us"] for s in d["stacks"] if s["comm"] == args[0] and
           any(s["user"][i:i + k] == args[1:] for i in range(len(s["user"])))]
    print(sum(tot) if tot else "missing")
elif op == "frames":       # frames KIND: number of frames of that kind in all stacks
    print(sum(len(s[args[0]]) for s in d["stacks"]))
elif op == "get":
    v = d
    for k in args[0].split("."):
        v = v[k]
    print(json.dumps(v))
'

q() {
	python3 -c "$QUERY_PY" "$@"
}

# between NAME LOW HIGH VALUE
between() {
	CHECKS=$((CHECKS + 1))
	case $4 in
	''|*[!0-9]*) fail "$1: expected a number in [$2, $3], got '$4'"; return ;;
	esac
	if [ "$4" -ge "$2" ] && [ "$4" -le "$3" ]; then
		pass "$1 = $4 (in [$2, $3])"
	else
		fail "$1: expected $2 <= x <= $3, got $4"
	fi
}

run_json() {
	_name=$1
	shift
	json_run "$_name" offcpu "$@"
}

# ---- nanosleep: 20 x 10 ms on wl_sleep_leaf's stack ----
run_json sleep -- "$WL_OFFCPU" sleep 20:10
json_assert sleep "$OUT" 'stacks_available == true' 'blocks.dropped_lost == 0' >/dev/null
between "sleep: thread total (us)" 200000 1000000 "$(q sum "$OUT" threads total_us comm=wl-offcpu)"
between "sleep: thread blocks" 20 60 "$(q sum "$OUT" threads blocks comm=wl-offcpu)"
between "sleep: S time (us)" 200000 1000000 "$(q sum "$OUT" threads s_us comm=wl-offcpu)"
between "sleep: on do_nanosleep + wl_sleep_leaf (us)" 200000 1000000 \
	"$(q stack "$OUT" wl-offcpu do_nanosleep wl_sleep_leaf)"
between "sleep: caller wl_sleep_loop too (us)" 200000 1000000 \
	"$(q stack "$OUT" wl-offcpu - wl_sleep_loop)"
between "sleep: one thread" 1 1 "$(q count "$OUT" threads comm=wl-offcpu)"

# ---- through libc without frame pointers: 10 x 10 ms usleep() from wl_libc_sleep ----
# The frame-pointer walk misses wl_libc_sleep (usleep and the functions it calls have no
# frame); the stack copy and .eh_frame recover it and the libc frames, x86-64 only.
if [ "$(uname -m)" = x86_64 ]; then
	run_json libc -- "$WL_OFFCPU" libc-sleep 10:10
	between "libc: usleep;wl_libc_sleep;wl_libc_loop (us)" 100000 1000000 \
		"$(q ustack "$OUT" wl-offcpu usleep wl_libc_sleep wl_libc_loop main)"
	between "libc: samples completed" 10 1000 \
		"$(q get "$OUT" frames.user_samples_unwound)"
	run_json libc-fp --stack-copy 0 -- "$WL_OFFCPU" libc-sleep 10:10
	assert_eq "libc, frame pointers only: wl_libc_sleep missed" missing \
		"$(q ustack "$OUT" wl-offcpu wl_libc_sleep)"
	between "libc, frame pointers only: still charged to wl_libc_loop (us)" 100000 1000000 \
		"$(q ustack "$OUT" wl-offcpu wl_libc_loop main)"
	json_assert libc-fp "$OUT" 'frames.user_samples_copied == 0' \
		'frames.user_samples_unwound == 0' >/dev/null
fi

# Folded: comm;user frames root..leaf;kernel frames root..leaf COUNT
scd "$OUT" "$ERR" offcpu -f -- "$WL_OFFCPU" sleep 10:10
assert_eq "folded: exit status" 0 "$RC"
LINE=$(grep '^wl-offcpu;.*;wl_sleep_loop;wl_sleep_leaf;.*do_nanosleep' "$OUT" | head -n 1)
assert_true "folded: a wl_sleep_leaf line" test -n "$LINE"
between "folded: its microseconds" 100000 1000000 "${LINE##* }"
assert_true "folded: every line ends in a count" \
	sh -c "! grep -Ev '^[^ ].* [0-9]+\$' '$OUT'"
assert_eq "folded: lost line on stderr" "Lost events: 0" "$(grep '^Lost events' "$ERR")"

# Text: offcputime's layout, the per-thread table, the summary.
scd "$OUT" "$ERR" offcpu -- "$WL_OFFCPU" sleep 10:10
assert_eq "text: exit status" 0 "$RC"
assert_true "text: '-  comm (tid)' line" grep -Eq '^    -                wl-offcpu \([0-9]+\)$' "$OUT"
assert_true "text: frame lines" grep -q '^    wl_sleep_leaf$' "$OUT"
assert_true "text: thread table" grep -q '^Off-CPU time per thread (ms):$' "$OUT"
assert_eq "text: last line" "Lost events: 0" "$(tail -n 1 "$OUT")"

# -K: kernel frames only; -U: user frames only.
run_json kstacks -K -- "$WL_OFFCPU" sleep 5:10
assert_eq "-K: no user frames" 0 "$(q frames "$OUT" user)"
assert_true "-K: kernel frames" test "$(q frames "$OUT" kernel)" -gt 0
run_json ustacks -U -- "$WL_OFFCPU" sleep 5:10
assert_eq "-U: no kernel frames" 0 "$(q frames "$OUT" kernel)"
between "-U: wl_sleep_leaf stack (us)" 50000 1000000 "$(q stack "$OUT" wl-offcpu - wl_sleep_leaf)"

# -k: kernel threads only (the command has none); -u: user threads.
run_json kthreads -k -- "$WL_OFFCPU" sleep 5:10
assert_eq "-k: no wl-offcpu thread" 0 "$(q count "$OUT" threads comm=wl-offcpu)"
run_json uthreads -u -- "$WL_OFFCPU" sleep 5:10
assert_eq "-u: the wl-offcpu thread" 1 "$(q count "$OUT" threads comm=wl-offcpu)"

# -m: blocks of 10 ms are left out above 50 ms; -M: below 1 ms.
run_json min -m 50000 -- "$WL_OFFCPU" sleep 5:10
assert_eq "-m 50000: no wl-offcpu block" missing "$(q sum "$OUT" threads blocks comm=wl-offcpu)"
json_assert min "$OUT" 'blocks.filtered >= 5' >/dev/null
run_json max -M 1000 -- "$WL_OFFCPU" sleep 5:10
assert_eq "-M 1000: no 10 ms block" missing "$(q stack "$OUT" wl-offcpu - wl_sleep_leaf)"

# ---- pipe ping-pong between two processes: both sides block in read ----
run_json pingpong -- "$WL_OFFCPU" pingpong 2000
assert_eq "pingpong: two threads" 2 "$(q count "$OUT" threads comm=wl-offcpu)"
between "pingpong: blocks in pipe_read from wl_read" 1000 100000 \
	"$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(sum(s["blocks"] for s in d["stacks"] if s["comm"] == "wl-offcpu" and
          any("pipe_read" in f for f in s["kernel"]) and "wl_read" in s["user"]))' "$OUT")"

# ---- a thread blocked in read() for 300 ms, and --syscalls ----
run_json thread --syscalls -- "$WL_OFFCPU" thread-read 300
between "thread: reader stack (us)" 290000 2000000 \
	"$(q stack "$OUT" wl-offcpu pipe_read wl_reader_thread)"
between "thread: read syscall row (us)" 290000 2000000 \
	"$(q sum "$OUT" syscalls total_us comm=wl-offcpu syscall=read)"
between "thread: nanosleep syscall row (us)" 290000 2000000 \
	"$(q sum "$OUT" syscalls total_us comm=wl-offcpu syscall=nanosleep)"
assert_eq "thread: read row has the fd" 1 \
	"$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(len([r for r in d["syscalls"] if r["syscall"] == "read" and r["comm"] == "wl-offcpu" and
           isinstance(r["fd"], int) and r["fd"] >= 3 and r["total_us"] >= 290000]))' "$OUT")"

# ---- SVG flame graph ----
SVG=$TMPD/off.svg
scd "$OUT" "$ERR" offcpu -f --svg "$SVG" -- "$WL_OFFCPU" sleep 10:10
assert_eq "svg: exit status" 0 "$RC"
assert_true "svg: well-formed XML" python3 -c 'import sys, xml.dom.minidom
xml.dom.minidom.parse(sys.argv[1])' "$SVG"
assert_true "svg: has wl_sleep_leaf" grep -q 'wl_sleep_leaf' "$SVG"

# ---- the tracefs fallback: totals, no stacks ----
run_json noperf --no-perf -- "$WL_OFFCPU" sleep 20:10
json_assert noperf "$OUT" 'source == "tracefs"' 'stacks_available == false' >/dev/null
# A switch-in the tracepoint misses (idle -> task on some kernels) ends the block at the
# wakeup: every sleep is still counted, from switch-out to wakeup at least.
between "noperf: thread total (us)" 200000 1000000 "$(q sum "$OUT" threads total_us comm=wl-offcpu)"
between "noperf: thread blocks" 20 60 "$(q sum "$OUT" threads blocks comm=wl-offcpu)"
json_assert noperf "$OUT" 'blocks.dropped_no_switch_in == 0' >/dev/null
# A short-lived child is followed through the fork record (it may be gone before /proc is read).
run_json noperf-fork --no-perf -- "$WL_OFFCPU" pingpong 300
assert_eq "noperf: both ping-pong processes" 2 "$(q count "$OUT" threads comm=wl-offcpu)"

# perf_event_open refused (strace injects the error): one line says so, tracefs takes over.
for e in EACCES ENOSYS; do
	timeout 60 strace -o /dev/null -e trace=perf_event_open -e inject=perf_event_open:error=$e \
		"$SCDIAG" offcpu --json -- "$WL_OFFCPU" sleep 10:10 >"$OUT" 2>"$ERR"
	RC=$?
	assert_eq "perf $e: exit status" 0 "$RC"
	assert_eq "perf $e: one line says so" 1 "$(grep -c '^scdiag: perf_event_open refused' "$ERR")"
	json_assert "perf $e" "$OUT" 'source == "tracefs"' 'lost_events == 0' >/dev/null
	between "perf $e: thread total (us)" 100000 1000000 \
		"$(q sum "$OUT" threads total_us comm=wl-offcpu)"
done

# ---- -p: a process already running ----
"$WL_OFFCPU" sleep 160:25 &
WLP=$!
track_pid "$WLP"
run_json pid -p "$WLP" -d 0.5
between "-p: its thread total (us)" 300000 700000 "$(q sum "$OUT" threads total_us pid=$WLP)"
assert_eq "-p: no other process" 0 \
	"$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(len([t for t in d["threads"] if t["pid"] != int(sys.argv[2])]))' "$OUT" "$WLP")"
# -t: that thread; -c: by comm, system-wide.
run_json tid -t "$WLP" -d 0.3
between "-t: its total (us)" 150000 500000 "$(q sum "$OUT" threads total_us tid=$WLP)"
assert_eq "-t: one thread" 1 "$(python3 -c 'import json,sys
print(len(json.load(open(sys.argv[1]))["threads"]))' "$OUT")"
run_json comm -c wl-offcpu -d 0.3
between "-c: its total (us)" 150000 500000 "$(q sum "$OUT" threads total_us comm=wl-offcpu)"
assert_eq "-c: no other comm" 0 "$(python3 -c 'import json,sys
print(len([t for t in json.load(open(sys.argv[1]))["threads"] if t["comm"] != "wl-offcpu"]))' "$OUT")"
kill "$WLP" 2>/dev/null
wait_exit "$WLP" 5

# ---- a stripped program's symbols from its debug file, found by build-id ----
# sym-stripped blocks in read(0) until the pipe closes; the fixture directory holds the
# debug file of its build-id, and nothing for sh, sleep or libc.
SYM_STRIPPED=$top_builddir/tests/workloads/sym-stripped
run_json debugdir --debug-dir "$top_builddir/tests/workloads/debug" -- \
	sh -c "sleep 0.3 | '$SYM_STRIPPED' >/dev/null"
json_assert debugdir "$OUT" 'frames.from_debug_files == 1' >/dev/null
run_json no-debugdir --debug-dir '' -- sh -c "sleep 0.3 | '$SYM_STRIPPED' >/dev/null"
json_assert no-debugdir "$OUT" 'frames.from_debug_files == 0' >/dev/null

# ---- bad input: one line, exit 2, nothing left in tracefs ----
bad() {
	_name=$1
	shift
	scd "$OUT" "$ERR" offcpu "$@"
	assert_eq "bad $_name: exit 2" 2 "$RC"
	assert_eq "bad $_name: one line" 1 "$(wc -l <"$ERR" | tr -d ' ')"
}
bad "-u -k" -u -k 1
bad "-U -K" -U -K 1
bad "--state X" --state X 1
bad "--stack-depth 0" --stack-depth 0 1
bad "--stack-depth 200" --stack-depth 200 1
bad "-i" -i 1 -d 2
bad "-m 5x" -m 5x 1
bad "-M < -m" -m 100 -M 10 1
bad "duration abc" abc
bad "two durations" 1 2
bad "-f --json" -f --json 1
bad "--svg in a missing dir" --svg /nonexistent-dir/x.svg 1
bad "--stack-copy 12" --stack-copy 12 1
bad "--stack-copy 70000" --stack-copy 70000 1
bad "unknown option" --bogus

finish
