#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scdiag diagnose --only net / --only open -- CMD: exact table rows of the workloads wl-net
# and wl-open (net_bytes, sock_flags, open_flags, errors), and each finding present when the
# workload triggers it, absent when it is healthy or just under the threshold (defaults:
# --min-calls 100, --rate 1000, --small-bytes 512, --eagain-share 0.5, --error-rate 1000).
# Rates are calls over the whole run (about 1.1 s: the workloads sleep 1 s before exiting, so
# that /proc can still be read when scdiag is slow to get to their records on a loaded
# machine), so the storms below make over a thousand calls per second and the paced run at
# most 200.
# wl-open is dynamically linked: the loader's own successful openat calls show up next to the
# workload's, so that one row is checked with >=.
#
# SCDIAG, WL_NET and WL_OPEN override the binaries (WL is only checked by lib.sh).

# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

WL_NET=${WL_NET:-$top_builddir/tests/workloads/wl-net}
WL_OPEN=${WL_OPEN:-$top_builddir/tests/workloads/wl-open}

require_root_tracefs
require_python
[ -x "$WL_NET" ] || hard_error "$WL_NET is not built (make tests/workloads/wl-net)"
[ -x "$WL_OPEN" ] || hard_error "$WL_OPEN is not built (make tests/workloads/wl-open)"

OUT=$TMPD/out
ERR=$TMPD/err

# diag NAME ARGS...: scdiag diagnose --json ARGS, which must exit 0 without losing events.
diag() {
	_name=$1
	shift
	json_run "$_name" diagnose "$@"
}

QUERY_PY='
import json, sys

def norm(v):
    return v if isinstance(v, str) else json.dumps(v)

d = json.load(open(sys.argv[2]))
if sys.argv[1] == "row":
    want = dict(a.split("=", 1) for a in sys.argv[4:])
    hits = [r for r in d["tables"].get(sys.argv[3], [])
            if all(k in r and norm(r[k]) == v for k, v in want.items())]
    print(hits[0].get("count", "row") if len(hits) == 1 else "missing" if not hits else
          "ambiguous")
elif sys.argv[1] == "tables":
    print(*d["tables"])
elif sys.argv[1] == "nrows":
    print(len(d["tables"][sys.argv[3]]) if sys.argv[3] in d["tables"] else "missing")
else:
    want = dict(a.split("=", 1) for a in sys.argv[4:])
    hits = [f for f in d["findings"] if f["id"] == sys.argv[3] and
            all(k in f["evidence"] and norm(f["evidence"][k]) == v for k, v in want.items())]
    if sys.argv[1] == "nfind":
        print(len(hits))
    else:
        print(hits[0]["evidence"].get(sys.argv[1][3:], "missing") if hits else "missing")
'

# row TABLE FIELD=VALUE...: the count of the one row with these values (missing, ambiguous).
row() {
	python3 -c "$QUERY_PY" row "$OUT" "$@"
}

nrows() {
	python3 -c "$QUERY_PY" nrows "$OUT" "$1"
}

# tables: the names of the tables, in report order.
tables() {
	python3 -c "$QUERY_PY" tables "$OUT"
}

# nfind ID FIELD=VALUE...: the number of findings of ID whose evidence has these values.
nfind() {
	python3 -c "$QUERY_PY" nfind "$OUT" "$@"
}

# ev KEY ID FIELD=VALUE...: evidence KEY of the first such finding.
ev() {
	_ev_key=$1
	shift
	python3 -c "$QUERY_PY" "ev:$_ev_key" "$OUT" "$@"
}

# ---- net.sizes ----

diag small --only net.sizes -- "$WL_NET" dgram 2000:64
assert_eq "small: tables" "net_bytes errors" \
	"$(tables)"
assert_eq "small: sendto row" 2000 \
	"$(row net_bytes comm=wl-net syscall=sendto requested=64 returned=64)"
assert_eq "small: recvfrom row" 2000 \
	"$(row net_bytes comm=wl-net syscall=recvfrom requested=4096 returned=64)"
assert_eq "small: net_bytes rows" 2 "$(nrows net_bytes)"
assert_eq "small: errors rows" 0 "$(nrows errors)"
assert_eq "small: sendto finding" 1 "$(nfind net.sizes kind=small_messages syscall=sendto)"
assert_eq "small: recvfrom finding" 1 "$(nfind net.sizes kind=small_messages syscall=recvfrom)"
assert_eq "small: small_calls" 2000 "$(ev small_calls net.sizes syscall=sendto)"
assert_eq "small: no eagain finding" 0 "$(nfind net.sizes kind=eagain)"

diag large --only net.sizes -- "$WL_NET" dgram 2000:1024
assert_eq "large: sendto row" 2000 "$(row net_bytes syscall=sendto requested=1024 returned=1024)"
assert_eq "large: recvfrom row" 2000 \
	"$(row net_bytes syscall=recvfrom requested=4096 returned=1024)"
json_assert large "$OUT" 'findings == []'

diag few --only net.sizes -- "$WL_NET" dgram 99:64
assert_eq "few: sendto row" 99 "$(row net_bytes syscall=sendto requested=64 returned=64)"
json_assert few "$OUT" 'findings == []'

diag eagain --only net.sizes -- "$WL_NET" eagain 300
assert_eq "eagain: errors row" 300 "$(row errors comm=wl-net syscall=recvfrom errno=EAGAIN)"
assert_eq "eagain: net_bytes rows" 0 "$(nrows net_bytes)"
assert_eq "eagain: finding" 1 "$(nfind net.sizes kind=eagain syscall=recvfrom)"
assert_eq "eagain: share" 1 "$(ev eagain_share net.sizes kind=eagain)"
assert_eq "eagain: no small finding" 0 "$(nfind net.sizes kind=small_messages)"

# Drain until EAGAIN after each datagram: half the calls fail, the threshold itself.
diag drain1 --only net.sizes -- "$WL_NET" drain 200:1
assert_eq "drain1: recvfrom row" 200 "$(row net_bytes syscall=recvfrom requested=4096 returned=1024)"
assert_eq "drain1: errors row" 200 "$(row errors syscall=recvfrom errno=EAGAIN)"
assert_eq "drain1: finding" 1 "$(nfind net.sizes kind=eagain syscall=recvfrom)"
assert_eq "drain1: share" 0.5 "$(ev eagain_share net.sizes kind=eagain)"
# After three datagrams a quarter fail: the healthy edge-triggered pattern.
diag drain3 --only net.sizes -- "$WL_NET" drain 200:3
assert_eq "drain3: recvfrom row" 600 "$(row net_bytes syscall=recvfrom requested=4096 returned=1024)"
assert_eq "drain3: sendto row" 600 "$(row net_bytes syscall=sendto requested=1024 returned=1024)"
assert_eq "drain3: errors row" 200 "$(row errors syscall=recvfrom errno=EAGAIN)"
json_assert drain3 "$OUT" 'findings == []'

# ---- net.nonblock ----

diag sock-nb --only net.nonblock -- "$WL_NET" socket 150:1
assert_eq "sock-nb: tables" "sock_flags errors" \
	"$(tables)"
assert_eq "sock-nb: row" 150 "$(row sock_flags comm=wl-net syscall=socket nonblock=true)"
assert_eq "sock-nb: rows" 1 "$(nrows sock_flags)"
json_assert sock-nb "$OUT" 'findings == []'

diag sock-b --only net.nonblock -- "$WL_NET" socket 150:0
assert_eq "sock-b: row" 150 "$(row sock_flags syscall=socket nonblock=false)"
assert_eq "sock-b: rows" 1 "$(nrows sock_flags)"
json_assert sock-b "$OUT" 'findings == []'

diag sock-fcntl --only net.nonblock -- "$WL_NET" socket-fcntl 120
assert_eq "sock-fcntl: socket row" 120 "$(row sock_flags syscall=socket nonblock=false)"
assert_eq "sock-fcntl: fcntl row" 120 "$(row sock_flags syscall=fcntl nonblock=true)"
assert_eq "sock-fcntl: rows (F_GETFL not counted)" 2 "$(nrows sock_flags)"
assert_eq "sock-fcntl: finding" 1 "$(nfind net.nonblock kind=extra_fcntl)"
assert_eq "sock-fcntl: after create" 120 "$(ev fcntl_after_create net.nonblock kind=extra_fcntl)"
assert_eq "sock-fcntl: not mixed" 0 "$(nfind net.nonblock kind=mixed)"

# 99 non-blocking and 1 blocking socket: 100, at --min-calls; 98 and 1: under it.
diag mixed --only net.nonblock -- "$WL_NET" socket 99:1 socket 1:0
assert_eq "mixed: finding" 1 "$(nfind net.nonblock kind=mixed)"
assert_eq "mixed: blocking left" 1 "$(ev blocking_left net.nonblock kind=mixed)"
diag mixed-under --only net.nonblock -- "$WL_NET" socket 98:1 socket 1:0
assert_eq "mixed-under: rows" "98 1" \
	"$(row sock_flags syscall=socket nonblock=true) $(row sock_flags syscall=socket nonblock=false)"
json_assert mixed-under "$OUT" 'findings == []'

# accept has no flags (never non-blocking), accept4 has them; fcntl only counts F_SETFL.
diag accept --only net.nonblock -- "$WL_NET" accept 5 accept4 6:1 accept4 7:0 fcntl-off 8
assert_eq "accept: accept row" 5 "$(row sock_flags syscall=accept nonblock=false)"
assert_eq "accept: accept4 nb row" 6 "$(row sock_flags syscall=accept4 nonblock=true)"
assert_eq "accept: accept4 row" 7 "$(row sock_flags syscall=accept4 nonblock=false)"
assert_eq "accept: socket nb row" 6 "$(row sock_flags syscall=socket nonblock=true)"
assert_eq "accept: socket row" 14 "$(row sock_flags syscall=socket nonblock=false)"
assert_eq "accept: fcntl off row" 8 "$(row sock_flags syscall=fcntl nonblock=false)"
assert_eq "accept: rows" 6 "$(nrows sock_flags)"
json_assert accept "$OUT" 'findings == []'

diag accept-fcntl --only net.nonblock -- "$WL_NET" accept-fcntl 110
assert_eq "accept-fcntl: accept row" 110 "$(row sock_flags syscall=accept nonblock=false)"
assert_eq "accept-fcntl: fcntl row" 110 "$(row sock_flags syscall=fcntl nonblock=true)"
assert_eq "accept-fcntl: socket row" 111 "$(row sock_flags syscall=socket nonblock=false)"
assert_eq "accept-fcntl: extra fcntl" 110 "$(ev fcntl_after_create net.nonblock kind=extra_fcntl)"
# The 110 connecting sockets stay blocking next to 110 made non-blocking.
assert_eq "accept-fcntl: mixed" 111 "$(ev blocking_left net.nonblock kind=mixed)"

# ---- open.flags ----

diag storm --only open -- "$WL_OPEN" enoent 3000
assert_eq "storm: tables" "open_flags errors" \
	"$(tables)"
assert_eq "storm: row" 3000 \
	"$(row open_flags comm=wl-open syscall=openat nonblock=false result=ENOENT)"
assert_eq "storm: errors row" 3000 "$(row errors syscall=openat errno=ENOENT)"
assert_eq "storm: finding" 1 "$(nfind open.flags kind=error_storm errno=ENOENT)"
assert_eq "storm: failures" 3000 "$(ev failures open.flags kind=error_storm)"
# The path is read from wl-open's memory (it lives 1 s after its opens): the first 64
# failures and every 256th, 75 of 3000.
assert_eq "storm: path" /nonexistent-scdiag-wl/none "$(ev path open.flags kind=error_storm)"
assert_eq "storm: paths sampled" 75 "$(($(ev paths_read open.flags kind=error_storm) + \
	$(ev paths_unreadable open.flags kind=error_storm)))"
assert_eq "storm: one distinct path" missing "$(ev other_paths open.flags kind=error_storm)"
assert_eq "storm: no other finding" 1 "$(json_get "$OUT" findings.@len)"

diag storm-few --only open -- "$WL_OPEN" enoent 99
assert_eq "storm-few: row" 99 "$(row open_flags syscall=openat nonblock=false result=ENOENT)"
json_assert storm-few "$OUT" 'findings == []'

# 150 failures, 5 ms apart: at most 200 per second.
diag storm-paced --only open -- "$WL_OPEN" enoent-paced 150:5
assert_eq "storm-paced: row" 150 "$(row open_flags syscall=openat nonblock=false result=ENOENT)"
json_assert storm-paced "$OUT" 'findings == []'

EXE=$(readlink -f "$WL_OPEN")
diag nb-regular --only open -- "$WL_OPEN" nb-regular 100
assert_eq "nb-regular: row" 100 "$(row open_flags syscall=openat nonblock=true result=ok)"
assert_eq "nb-regular: finding" 1 "$(nfind open.flags kind=nonblock_regular)"
assert_eq "nb-regular: count" 100 "$(ev regular_files open.flags kind=nonblock_regular)"
assert_eq "nb-regular: example" "$EXE" "$(ev example open.flags kind=nonblock_regular)"
assert_eq "nb-regular: errors rows" 0 "$(nrows errors)"

diag nb-under --only open -- "$WL_OPEN" nb-regular 99
assert_eq "nb-under: row" 99 "$(row open_flags syscall=openat nonblock=true result=ok)"
json_assert nb-under "$OUT" 'findings == []'

diag healthy --only open -- "$WL_OPEN" nb-dev 150 regular 150
assert_eq "healthy: nonblock row" 150 "$(row open_flags syscall=openat nonblock=true result=ok)"
json_assert healthy "$OUT" 'findings == []' \
	'tables.open_flags[nonblock=False].count >= 150'

if "$WL_OPEN" legacy 0:1 2>/dev/null; then
	diag legacy --only open -- "$WL_OPEN" legacy 100:1 legacy 3:0
	assert_eq "legacy: nonblock row" 100 "$(row open_flags syscall=open nonblock=true result=ok)"
	assert_eq "legacy: row" 3 "$(row open_flags syscall=open nonblock=false result=ok)"
	assert_eq "legacy: finding" 100 "$(ev regular_files open.flags kind=nonblock_regular)"
else
	log "no open(2) on this architecture: legacy case not run"
fi

# openat2's flags are behind a pointer: counted as not non-blocking, so no finding.
if [ -d "$TRACEFS/events/syscalls/sys_exit_openat2" ] && "$WL_OPEN" openat2 0 2>/dev/null; then
	diag openat2 --only open -- "$WL_OPEN" openat2 120
	assert_eq "openat2: row" 120 "$(row open_flags syscall=openat2 nonblock=false result=ok)"
	json_assert openat2 "$OUT" 'findings == []'
else
	log "no openat2 here: openat2 case not run"
fi

# Text output: findings first, then the tables, then the lost-events line.
scd "$OUT" "$ERR" diagnose --only net.nonblock,open -- "$WL_OPEN" enoent 3000
assert_eq "text: exit status" 0 "$RC"
assert_eq "text: first line" "Findings (1, most severe first):" "$(head -n 1 "$OUT")"
assert_eq "text: table headers" "sock_flags open_flags errors" \
	"$(grep -E '^(sock_flags|open_flags|errors)$' "$OUT" | tr '\n' ' ' | sed 's/ $//')"
assert_eq "text: storm row" "openat false ENOENT 3000" \
	"$(awk '$1 == "wl-open" && $5 == "ENOENT" { print $3, $4, $5, $6; exit }' "$OUT")"
assert_eq "text: last line" "Lost events: 0" "$(tail -n 1 "$OUT")"

finish
