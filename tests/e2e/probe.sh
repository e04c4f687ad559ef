#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scdiag probe against the machine it runs on: every fact it reports in --json is checked
# against tracefs, /proc/sys and the build (config.h) directly, the text report against the
# JSON one, and a bad option gets one line and exit 2. probe creates no tracefs instance.

# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

require_root_tracefs
require_python

OUT=$TMPD/out
ERR=$TMPD/err
TXT=$TMPD/txt

yesno() {
	if "$@"; then echo true; else echo false; fi
}

scd "$OUT" "$ERR" probe --json
assert_eq "probe: exit status" 0 "$RC"
json_assert probe "$OUT" 'command == "probe"' >/dev/null
NSYS=$(find "$TRACEFS/events/syscalls" -maxdepth 1 -name 'sys_enter_*' 2>/dev/null | wc -l)
json_assert probe "$OUT" \
	"tracefs.path == \"$TRACEFS\"" \
	"syscall_events == $NSYS" \
	"raw_syscalls == $(yesno test -d "$TRACEFS/events/raw_syscalls/sys_enter")" \
	"sched_switch == $(yesno test -d "$TRACEFS/events/sched/sched_switch")" \
	"kprobe_events == $(yesno test -e "$TRACEFS/kprobe_events")" \
	"hist_triggers == $(yesno test -e "$TRACEFS/events/sched/sched_switch/hist")" \
	"perf_event_open.paranoid == $(cat /proc/sys/kernel/perf_event_paranoid)" >/dev/null
if [ -r /proc/sys/kernel/perf_event_max_stack ]; then
	json_assert probe "$OUT" \
		"perf_event_open.max_stack == $(cat /proc/sys/kernel/perf_event_max_stack)" \
		>/dev/null
fi
if grep -q '^#define HAVE_LIBPERF 1' "$top_builddir/config.h"; then
	json_assert probe "$OUT" 'perf_event_open.backend == "libperf"' >/dev/null
else
	json_assert probe "$OUT" 'perf_event_open.backend == "raw perf_event_open"' >/dev/null
fi
if grep -q '^#define HAVE_DEMANGLE 1' "$top_builddir/config.h"; then
	json_assert probe "$OUT" 'symbols.demangle == true' >/dev/null
else
	json_assert probe "$OUT" 'symbols.demangle == false' >/dev/null
fi
DDIR=$(sed -n 's/^#define SCD_DEBUG_DIR "\(.*\)"$/\1/p' "$top_builddir/config.h")
json_assert probe "$OUT" "symbols.debug_dir == \"$DDIR\"" \
	"symbols.debug_dir_exists == $(yesno test -n "$DDIR" -a -e "$DDIR")" >/dev/null
# As root on a kernel with CONFIG_CROSS_MEMORY_ATTACH (Debian's), strings are readable.
if [ -e /proc/sys/kernel/yama/ptrace_scope ]; then
	json_assert probe "$OUT" \
		"process_memory.yama_ptrace_scope == $(cat /proc/sys/kernel/yama/ptrace_scope)" \
		>/dev/null
else
	json_assert probe "$OUT" 'process_memory.yama_ptrace_scope == null' >/dev/null
fi
json_assert probe "$OUT" 'process_memory.method == "process_vm_readv"' \
	'process_memory.error == "ok"' >/dev/null
# What it will use follows from the facts.
if [ "$NSYS" -gt 0 ]; then
	json_assert probe "$OUT" \
		'will_use.syscalls == "syscalls:sys_enter_*/sys_exit_* (typed arguments)"' >/dev/null
fi
OFFCPU=$(json_get "$OUT" will_use.offcpu | sed 's/^"//; s/"$//')
if [ "$(json_get "$OUT" perf_event_open.ok)" = true ]; then
	assert_true "will use perf for off-CPU ($OFFCPU)" \
		sh -c "printf '%s' '$OFFCPU' | grep -q '^sched_switch via perf_event_open'"
else
	assert_true "will use tracefs for off-CPU ($OFFCPU)" \
		sh -c "printf '%s' '$OFFCPU' | grep -q '^sched_switch via tracefs'"
fi

# The text report says the same.
scd "$TXT" "$ERR" probe
assert_eq "text: exit status" 0 "$RC"
assert_eq "text: tracefs" "tracefs:            $TRACEFS" "$(grep '^tracefs:' "$TXT")"
assert_eq "text: syscalls" "syscalls:* events:  $NSYS syscalls" "$(grep '^syscalls:\*' "$TXT")"
assert_eq "text: process memory" "process_vm_readv" \
	"$(sed -n 's/^process memory: *\([^ ]*\).*/\1/p' "$TXT")"
assert_eq "text: will use, three lines" "syscalls: off-CPU: char* strings:" \
	"$(sed -n '/^scdiag will use:$/,$p' "$TXT" | sed -n 's/^  \([^:]*:\).*/\1/p' |
	tr '\n' ' ' | sed 's/ $//')"
assert_eq "text: off-CPU" "  off-CPU:          $OFFCPU" "$(grep '^  off-CPU:' "$TXT")"
assert_eq "text: stderr empty" "" "$(cat "$ERR")"

# Bad input: one line, exit 2.
scd "$OUT" "$ERR" probe --bogus
assert_eq "bad option: exit 2" 2 "$RC"
assert_eq "bad option: one line" 1 "$(wc -l <"$ERR" | tr -d ' ')"
assert_eq "bad option: nothing on stdout" "" "$(cat "$OUT")"

finish
