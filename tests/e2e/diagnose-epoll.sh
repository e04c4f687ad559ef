#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scdiag diagnose --only epoll -- wl-epoll MODE: the exact rows of epoll_maxevents,
# epoll_timeout, epoll_mode (registrations read from /proc/PID/fdinfo) and errors for each
# mode of the workload, and each finding present where the workload triggers it and absent in
# the healthy modes; epoll_pwait and epoll_pwait2 counted like epoll_wait (epoll_pwait2's
# timeout is null); --only/--skip and the thresholds changing the outcome; the text report's
# layout. Times (rates, time waited) are only checked against bounds with wide slack.

# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

WL_EPOLL=${WL_EPOLL:-$top_builddir/tests/workloads/wl-epoll}

require_root_tracefs
require_python
[ -x "$WL_EPOLL" ] || hard_error "$WL_EPOLL is not built (make tests/workloads/wl-epoll)"
[ -d "$TRACEFS/events/syscalls/sys_enter_epoll_pwait2" ] ||
	[ -d "$TRACEFS/events/raw_syscalls" ] ||
	skip "this kernel cannot trace epoll_pwait2 (Linux 5.11 or later)"

OUT=$TMPD/out
ERR=$TMPD/err
PIDF=$TMPD/wl.pid
WLPID=0

# diag NAME [SCDIAG-OPTION...] -- MODE ARGS: scdiag diagnose OPTIONS -- wl-epoll MODE ARGS,
# which must exit 0 with the workload done as it promised; sets WLPID.
diag() {
	_dg_name=$1
	shift
	_dg_opts=""
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		_dg_opts="$_dg_opts $1"
		shift
	done
	shift
	rm -f "$PIDF"
	# shellcheck disable=SC2086
	scd "$OUT" "$ERR" diagnose $_dg_opts -- "$WL_EPOLL" --ready-file "$PIDF" "$@"
	assert_eq "$_dg_name: exit status" 0 "$RC"
	WLPID=$(cat "$PIDF" 2>/dev/null)
	assert_true "$_dg_name: the workload ran" [ -n "$WLPID" ]
	if grep -q '^wl-epoll:' "$ERR"; then
		fail "$_dg_name: the workload failed"
		show_file "$_dg_name stderr" "$ERR"
	fi
	[ "$RC" = 0 ] || show_file "$_dg_name stderr" "$ERR"
}

# Expected rows (comm and pid are the workload's; its epoll fd is always 100).
me_row() {	# MAXEVENTS DIFF COUNT
	printf '{"comm":"wl-epoll","pid":%s,"epfd":100,"maxevents":%s,"diff":%s,"count":%s}' \
		"$WLPID" "$1" "$2" "$3"
}
to_row() {	# TIMEOUT RET COUNT
	printf '{"comm":"wl-epoll","pid":%s,"timeout":%s,"ret":%s,"count":%s}' \
		"$WLPID" "$1" "$2" "$3"
}
mode_row() {	# EDGE LEVEL
	printf '{"comm":"wl-epoll","pid":%s,"epfd":100,"edge_triggered":%s,"level_triggered":%s}' \
		"$WLPID" "$1" "$2"
}

# check NAME 'PATH OP EXPECTED'...: the document's frame, then the given checks.
check() {
	_ck_name=$1
	shift
	json_assert "$_ck_name" "$OUT" \
		'@ndocs == 1' \
		'command == "diagnose"' \
		'lost_events == 0' \
		'duration_s > 0' \
		"$@"
}

# ---- epoll.maxevents ----
# 8 ready fds, 4 slots: every call returns 4.
diag full --json --only epoll -- full 200 4 8
check full \
	"tables.epoll_maxevents == [$(me_row 4 0 200)]" \
	"tables.epoll_timeout == [$(to_row 0 4 200)]" \
	"tables.epoll_mode == [$(mode_row 0 8)]" \
	'tables.errors == []' \
	'tables.@len == 4' \
	'findings.@len == 1' \
	'findings[0].id == "epoll.maxevents"' \
	'findings[0].severity == "warning"' \
	"findings[0].pid == $WLPID" \
	'findings[0].comm == "wl-epoll"' \
	'findings[0].evidence == {"epfd":100,"maxevents":4,"calls":200,"full_calls":200,"full_share":1,"suggested_maxevents":64,"registered_fds":8}'

# Healthy: 8 slots for 4 ready fds.
diag full-healthy --json --only epoll -- full 200 8 4
check full-healthy \
	"tables.epoll_maxevents == [$(me_row 8 4 200)]" \
	"tables.epoll_timeout == [$(to_row 0 4 200)]" \
	"tables.epoll_mode == [$(mode_row 0 4)]" \
	'findings == []'

# Healthy too: every call fills all 8 slots, but only 8 fds are registered, so nothing
# more can have been ready (the registrations come from /proc/PID/fdinfo/EPFD).
diag full-exact --json --only epoll.maxevents -- full 200 8 8
check full-exact \
	"tables.epoll_maxevents == [$(me_row 8 0 200)]" \
	'findings == []'

# The same through epoll_pwait2, whose timeout is unknown but maxevents a plain argument;
# --only epoll.maxevents: its table and errors only.
diag full-pwait2 --json --only epoll.maxevents -- --via pwait2 full 200 4 8
check full-pwait2 \
	"tables.epoll_maxevents == [$(me_row 4 0 200)]" \
	'tables.@len == 2' \
	'tables.errors == []' \
	'findings.@len == 1' \
	'findings[0].id == "epoll.maxevents"' \
	'findings[0].evidence.full_calls == 200'

# --min-calls: 200 calls are not enough at 201 (the unit tests pin the boundary).
diag min-calls-201 --json --only epoll --min-calls 201 -- full 200 4 8
check min-calls-201 "tables.epoll_maxevents == [$(me_row 4 0 200)]" 'findings == []'

# ---- epoll.timeout ----
# Busy polling: timeout 0, nothing ready.
diag busy --json --only epoll -- busy 200
check busy \
	"tables.epoll_maxevents == [$(me_row 8 8 200)]" \
	"tables.epoll_timeout == [$(to_row 0 0 200)]" \
	"tables.epoll_mode == [$(mode_row 0 1)]" \
	'tables.errors == []' \
	'findings.@len == 1' \
	'findings[0].id == "epoll.timeout"' \
	'findings[0].severity == "critical"' \
	"findings[0].pid == $WLPID" \
	'findings[0].evidence.timeout_ms == 0' \
	'findings[0].evidence.calls == 200' \
	'findings[0].evidence.empty_calls == 200' \
	'findings[0].evidence.empty_share == 1' \
	'findings[0].evidence.calls_per_s > 0' \
	'findings[0].evidence.avg_wait_us < 100000'

# A fast busy loop: empty calls are no level-triggered wake-ups (no epoll.mode finding).
diag busy-fast --json --only epoll -- busy 20000
check busy-fast \
	"tables.epoll_timeout == [$(to_row 0 0 20000)]" \
	"tables.epoll_mode == [$(mode_row 0 1)]" \
	'findings.@len == 1' \
	'findings[0].id == "epoll.timeout"' \
	'findings[0].evidence.calls_per_s >= 1000'

# epoll_pwait2: the timeout is behind a pointer, null in the table, and gives no verdict.
diag busy-pwait2 --json --only epoll -- --via pwait2 busy 200
check busy-pwait2 \
	"tables.epoll_maxevents == [$(me_row 8 8 200)]" \
	"tables.epoll_timeout == [$(to_row null 0 200)]" \
	"tables.epoll_mode == [$(mode_row 0 1)]" \
	'findings == []'

# All three syscalls in one run: 300 calls, epoll_pwait2's in their own (null) row, the
# 100 epoll_wait and 100 epoll_pwait calls busy polling together.
diag mix --json --only epoll -- mix 100
check mix \
	"tables.epoll_maxevents == [$(me_row 8 8 300)]" \
	"tables.epoll_timeout == [$(to_row 0 0 200), $(to_row null 0 100)]" \
	"tables.epoll_mode == [$(mode_row 0 1)]" \
	'findings.@len == 1' \
	'findings[0].id == "epoll.timeout"' \
	'findings[0].evidence.calls == 200'

# Short timeouts that expire: 2 ms is short (10 by default), and not with --short-timeout-ms 1.
diag short --json --only epoll -- short 100 2
check short \
	"tables.epoll_maxevents == [$(me_row 8 8 100)]" \
	"tables.epoll_timeout == [$(to_row 2 0 100)]" \
	'findings.@len == 1' \
	'findings[0].id == "epoll.timeout"' \
	'findings[0].severity == "warning"' \
	'findings[0].evidence.timeout_ms == 2' \
	'findings[0].evidence.empty_calls == 100' \
	'findings[0].evidence.avg_wait_us >= 2000' \
	'findings[0].evidence.avg_wait_us < 1000000'
diag short-threshold --json --only epoll.timeout --short-timeout-ms 1 -- short 100 2
check short-threshold \
	"tables.epoll_timeout == [$(to_row 2 0 100)]" \
	'tables.@len == 2' \
	'findings == []'

# Healthy: block (timeout -1) until a byte arrives, read it.
diag block --json --only epoll -- block 200
check block \
	"tables.epoll_maxevents == [$(me_row 8 7 200)]" \
	"tables.epoll_timeout == [$(to_row -1 1 200)]" \
	"tables.epoll_mode == [$(mode_row 0 1)]" \
	'findings == []'

# ---- epoll.mode ----
# A readable level-triggered pipe never read: one event per wake-up, tens of thousands a second.
diag lt-hot --json --only epoll -- lt-hot 20000
check lt-hot \
	"tables.epoll_maxevents == [$(me_row 8 7 20000)]" \
	"tables.epoll_timeout == [$(to_row -1 1 20000)]" \
	"tables.epoll_mode == [$(mode_row 0 1)]" \
	'findings.@len == 1' \
	'findings[0].id == "epoll.mode"' \
	'findings[0].severity == "warning"' \
	"findings[0].pid == $WLPID" \
	'findings[0].evidence.epfd == 100' \
	'findings[0].evidence.level_triggered == 1' \
	'findings[0].evidence.edge_triggered == 0' \
	'findings[0].evidence.events_per_wakeup == 1' \
	'findings[0].evidence.wakeups_per_s >= 1000'

# --rate above any real rate removes it; --skip epoll.mode removes the table and the finding.
diag lt-hot-rate --json --only epoll --rate 1000000000 -- lt-hot 20000
check lt-hot-rate "tables.epoll_mode == [$(mode_row 0 1)]" 'findings == []'
diag lt-hot-skip --json --only epoll --skip epoll.mode -- lt-hot 20000
check lt-hot-skip \
	'tables.epoll_mode == missing' \
	'tables.@len == 3' \
	"tables.epoll_timeout == [$(to_row -1 1 20000)]" \
	'findings == []'

# Healthy: the same rate, edge-triggered and drained.
diag et --json --only epoll -- et 20000
check et \
	"tables.epoll_maxevents == [$(me_row 8 7 20000)]" \
	"tables.epoll_timeout == [$(to_row -1 1 20000)]" \
	"tables.epoll_mode == [$(mode_row 1 0)]" \
	'findings == []'

# Registrations beyond one read of fdinfo (~31 KiB for 400) are all counted; 800 pipe fds
# stay below the usual RLIMIT_NOFILE of 1024.
diag many-fds --json --only epoll.mode -- full 10 64 400
check many-fds "tables.epoll_mode == [$(mode_row 0 400)]"

# ---- failures: the errors table only ----
diag einval --json --only epoll -- einval 100
check einval \
	'tables.epoll_maxevents == []' \
	'tables.epoll_timeout == []' \
	'tables.epoll_mode == []' \
	"tables.errors == [{\"comm\":\"wl-epoll\",\"pid\":$WLPID,\"syscall\":\"epoll_wait\",\"errno\":\"EINVAL\",\"count\":100}]" \
	'findings == []'

# ---- usage errors: exit 2, nothing traced ----
for args in "--only nosuch" "--only epoll.nosuch" "--only epoll --skip epoll" \
	"--full-share 1.01" \
	"--min-calls -1" "--rate 5x"; do
	# shellcheck disable=SC2086
	scd "$OUT" "$ERR" diagnose $args -- "$WL_EPOLL" busy 1
	assert_eq "diagnose $args: exit status" 2 "$RC"
	assert_true "diagnose $args: says why" grep -q '^scdiag: ' "$ERR"
	assert_eq "diagnose $args: no output" "" "$(cat "$OUT")"
done

# ---- text output: findings first, then the tables in order, then the lost events ----
diag text --only epoll -- full 200 4 8
assert_eq "text: first line" "Findings (1, most severe first):" "$(head -n 1 "$OUT")"
assert_eq "text: finding" "[warning] epoll.maxevents  pid $WLPID (wl-epoll):" \
	"$(sed -n '2s/): .*/):/p' "$OUT")"
assert_eq "text: tables in order" "epoll_maxevents epoll_timeout epoll_mode errors" \
	"$(grep -E '^(epoll_[a-z]+|errors)$' "$OUT" | tr '\n' ' ' | sed 's/ $//')"
assert_eq "text: findings before the tables" 1 \
	"$(awk '/^Findings/ { f = NR } /^epoll_maxevents$/ { t = NR } END { print (f && f < t) }' "$OUT")"
assert_eq "text: epoll_maxevents" "COMM PID EPFD MAXEVENTS DIFF COUNT|wl-epoll $WLPID 100 4 0 200" \
	"$(awk '/^epoll_maxevents$/ { n = NR } n && NR == n + 1 { h = $0 } n && NR == n + 2 { r = $0 }
		END { $0 = h; $1 = $1; h = $0; $0 = r; $1 = $1; print h "|" $0 }' "$OUT")"
assert_eq "text: epoll_mode" "wl-epoll $WLPID 100 0 8" \
	"$(awk '/^epoll_mode$/ { n = NR } n && NR == n + 2 { $1 = $1; print }' "$OUT")"
assert_eq "text: errors" "(no calls)" "$(awk '/^errors$/ { n = NR } n && NR == n + 2' "$OUT")"
assert_eq "text: last line" "Lost events: 0" "$(tail -n 1 "$OUT")"

finish
