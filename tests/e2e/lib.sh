# SPDX-License-Identifier: GPL-2.0-or-later
#
# Helpers sourced by the end-to-end tests (POSIX sh; dash is /bin/sh on Debian). A test
# sources this file, calls require_root_tracefs, runs scdiag on the workload tests/workloads/wl,
# checks the output with assert_eq / json_assert and ends with `finish`, which checks that no
# tracefs instance was left behind and exits 0 (pass) or 1 (fail). A missing prerequisite
# exits 77 (skip), or 99 when CI=true, because in CI a skipped test would hide a broken set-up.
# Every process a test starts in the background is registered with track_pid; the exit trap
# ends those (by pid, nothing else) and removes any tracefs instance one of them left.
# Variables such as RC and SCD_PID are set here and read by the tests:
# shellcheck disable=SC2034

LIB_DIR=$(cd "$(dirname "$0")" && pwd)
: "${top_builddir:=$(cd "$LIB_DIR/../.." && pwd)}"
: "${top_srcdir:=$(cd "$LIB_DIR/../.." && pwd)}"
SCDIAG=${SCDIAG:-$top_builddir/src/scdiag}
WL=${WL:-$top_builddir/tests/workloads/wl}
TRACEFS=/sys/kernel/tracing
TEST_NAME=$(basename "$0" .sh)

FAILS=0
CHECKS=0
# Results the helpers hand to the tests: RC (exit status), SCD_PID (pid of the last scd run).
RC=0
SCD_PID=0
TRACKED=""		# pids this test started in the background
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/scdiag-e2e.XXXXXX") || exit 99

log() {
	printf '%s\n' "$*" >&2
}

skip() {
	if [ "${CI:-}" = true ]; then
		log "ERROR: $TEST_NAME would be skipped in CI: $*"
		exit 99
	fi
	log "SKIP: $TEST_NAME: $*"
	exit 77
}

hard_error() {
	log "ERROR: $TEST_NAME: $*"
	exit 99
}

fail() {
	FAILS=$((FAILS + 1))
	log "FAIL: $*"
}

pass() {
	log "ok - $*"
}

# assert_eq NAME EXPECTED GOT
assert_eq() {
	CHECKS=$((CHECKS + 1))
	if [ "$2" = "$3" ]; then
		pass "$1 = $3"
	else
		fail "$1: expected '$2', got '$3'"
	fi
}

# assert_true NAME COMMAND...: passes when COMMAND succeeds.
assert_true() {
	_at_name=$1
	shift
	CHECKS=$((CHECKS + 1))
	if "$@"; then
		pass "$_at_name"
	else
		fail "$_at_name"
	fi
}

track_pid() {
	TRACKED="$TRACKED $1"
}

# pid_running PID: true while PID exists and has not exited. A child that exited stays a
# zombie until the shell reaps it (at `wait`, or earlier: dash reaps any child while it waits
# for a foreground command), so kill -0 alone would still see it.
pid_running() {
	[ -r "/proc/$1/stat" ] || return 1
	_pr_stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	_pr_state=${_pr_stat##*) }
	_pr_state=${_pr_state%% *}
	[ -n "$_pr_state" ] && [ "$_pr_state" != Z ] && [ "$_pr_state" != X ]
}

# wait_exit PID SECONDS: waits for a background child; sets RC to its exit status, or kills it
# and sets RC=124 when it is still running after SECONDS.
wait_exit() {
	_we_n=$(($2 * 20))
	while pid_running "$1" && [ "$_we_n" -gt 0 ]; do
		sleep 0.05
		_we_n=$((_we_n - 1))
	done
	if pid_running "$1"; then
		kill -KILL "$1" 2>/dev/null
		wait "$1" 2>/dev/null
		RC=124
		return 1
	fi
	wait "$1"
	RC=$?
	return 0
}

# wait_file PATH SECONDS: waits until PATH exists and is not empty.
wait_file() {
	_wf_n=$(($2 * 20))
	while [ ! -s "$1" ] && [ "$_wf_n" -gt 0 ]; do
		sleep 0.05
		_wf_n=$((_wf_n - 1))
	done
	[ -s "$1" ]
}

instances_of() {
	for _io_d in "$TRACEFS"/instances/scdiag-"$1"-*; do
		[ -d "$_io_d" ] && printf '%s\n' "${_io_d##*/}"
	done
}

# instance_armed PID: an instance of scdiag PID is tracing with its events enabled. A new
# instance starts with tracing_on=1 before scdiag switches it off and enables events, so the
# enabled events tell the two apart.
instance_armed() {
	for _ia_d in "$TRACEFS"/instances/scdiag-"$1"-*; do
		[ -d "$_ia_d" ] || continue
		[ "$(cat "$_ia_d/tracing_on" 2>/dev/null)" = 1 ] || continue
		[ -n "$(cat "$_ia_d/set_event" 2>/dev/null)" ] && return 0
	done
	return 1
}

# wait_armed PID ERRFILE SECONDS: waits until scdiag PID is tracing: its "Tracing syscalls"
# line on stderr or, for --json runs that do not print it, its armed tracefs instance.
wait_armed() {
	_wa_n=$(($3 * 20))
	while [ "$_wa_n" -gt 0 ]; do
		if grep -q '^Tracing syscalls' "$2" 2>/dev/null || instance_armed "$1"; then
			return 0
		fi
		pid_running "$1" || return 1
		sleep 0.05
		_wa_n=$((_wa_n - 1))
	done
	return 1
}

# scd OUT ERR ARGS...: runs scdiag in the background (so the trap can end it), waits at most
# SCD_TIMEOUT seconds (default 15) and sets RC and SCD_PID.
scd() {
	_scd_out=$1
	_scd_err=$2
	shift 2
	"$SCDIAG" "$@" >"$_scd_out" 2>"$_scd_err" &
	SCD_PID=$!
	track_pid "$SCD_PID"
	wait_exit "$SCD_PID" "${SCD_TIMEOUT:-15}" || fail "scdiag $* did not end in time"
}

# Quiesces and removes an instance a killed scdiag of ours left (tracing off, events off).
remove_instance() {
	_ri_d=$TRACEFS/instances/$1
	echo 0 >"$_ri_d/tracing_on" 2>/dev/null
	echo 0 >"$_ri_d/events/enable" 2>/dev/null
	rmdir "$_ri_d" 2>/dev/null
}

# no_instances_left [NAME]: no scdiag-PID-* instance may remain for any pid this test started
# (every scdiag a test runs goes through scd or track_pid). Instances of other scdiag runs on
# the machine, e.g. tests running side by side under make -j check, are not ours to judge.
no_instances_left() {
	_nil_bad=""
	for _nil_p in $TRACKED; do
		_nil_bad="$_nil_bad$(instances_of "$_nil_p" | tr '\n' ' ')"
	done
	CHECKS=$((CHECKS + 1))
	if [ -n "$_nil_bad" ]; then
		fail "${1:-no instance left}: left behind: $_nil_bad"
		return 1
	fi
	pass "${1:-no instance left}"
	return 0
}

cleanup() {
	for _cl_p in $TRACKED; do
		pid_running "$_cl_p" && kill -TERM "$_cl_p" 2>/dev/null
	done
	for _cl_p in $TRACKED; do
		_cl_n=40
		while pid_running "$_cl_p" && [ "$_cl_n" -gt 0 ]; do
			sleep 0.05
			_cl_n=$((_cl_n - 1))
		done
		pid_running "$_cl_p" && kill -KILL "$_cl_p" 2>/dev/null
		wait "$_cl_p" 2>/dev/null
	done
	if [ -d "$TRACEFS/instances" ]; then
		for _cl_p in $TRACKED; do
			for _cl_i in $(instances_of "$_cl_p"); do
				remove_instance "$_cl_i"
			done
		done
	fi
	rm -rf "$TMPD"
}

trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# finish: the last line of every test.
finish() {
	no_instances_left "no tracefs instance left by $TEST_NAME"
	if [ "$FAILS" -gt 0 ]; then
		log "$TEST_NAME: $FAILS of $CHECKS checks failed"
		exit 1
	fi
	log "$TEST_NAME: all $CHECKS checks passed"
	exit 0
}

require_root_tracefs() {
	[ "$(id -u)" = 0 ] || skip "needs root (tracefs instances and syscall events)"
	if [ ! -d "$TRACEFS/events" ]; then
		mount -t tracefs nodev "$TRACEFS" 2>/dev/null
		[ -d "$TRACEFS/events" ] || skip "no tracefs at $TRACEFS (mount -t tracefs nodev" \
			"$TRACEFS failed; the kernel needs CONFIG_FTRACE)"
	fi
	[ -d "$TRACEFS/instances" ] || skip "$TRACEFS has no instances directory"
	[ -d "$TRACEFS/events/raw_syscalls" ] || [ -d "$TRACEFS/events/syscalls" ] ||
		skip "this kernel has no syscall tracepoints (CONFIG_FTRACE_SYSCALLS)"
	[ -x "$SCDIAG" ] || hard_error "$SCDIAG is not built (make src/scdiag)"
	[ -x "$WL" ] || hard_error "$WL is not built (make tests/workloads/wl)"
}

require_python() {
	if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import json' 2>/dev/null; then
		skip "python3 with the json module is needed to check JSON output"
	fi
}

# The JSON checker. A PATH is dot-separated: a key, key[field=value] (the one list element
# whose field equals value), key[N] (index) or @len; "#N:" in front picks the N-th document
# of the file (default 0) and "@ndocs" alone counts the documents. A missing element reads
# as the word missing.
JSON_PY='
import json, re, sys

SEG = re.compile(r"^([^\[\]]*)(?:\[([^\]=]+)=([^\]]*)\]|\[(-?\d+)\])?$")
MISSING = object()

def docs(path):
    text, out, i, dec = open(path).read(), [], 0, json.JSONDecoder()
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        d, i = dec.raw_decode(text, i)
        out.append(d)

def resolve(all_docs, path):
    if path == "@ndocs":
        return len(all_docs)
    n = 0
    m = re.match(r"^#(\d+):(.*)$", path)
    if m:
        n, path = int(m.group(1)), m.group(2)
    if n >= len(all_docs):
        return MISSING
    d = all_docs[n]
    for seg in path.split(".") if path else []:
        if seg == "@len":
            d = len(d) if isinstance(d, (list, dict)) else MISSING
            continue
        m = SEG.match(seg)
        if not m:
            raise SystemExit("bad path segment " + seg)
        key, field, val, idx = m.groups()
        if key:
            if not isinstance(d, dict) or key not in d:
                return MISSING
            d = d[key]
        if field is not None:
            hits = [e for e in d if isinstance(e, dict) and str(e.get(field)) == val] \
                if isinstance(d, list) else []
            if len(hits) != 1:
                return MISSING
            d = hits[0]
        elif idx is not None:
            if not isinstance(d, list) or not -len(d) <= int(idx) < len(d):
                return MISSING
            d = d[int(idx)]
        if d is MISSING:
            return d
    return d

def show(v):
    return "missing" if v is MISSING else json.dumps(v, sort_keys=True, separators=(",", ":"))

def parse_expected(s):
    if s == "missing":
        return MISSING
    try:
        return json.loads(s)
    except ValueError:
        return s

def check(got, op, exp):
    if op == "==":
        return got is exp if exp is MISSING else got is not MISSING and got == exp
    if op == "!=":
        return not check(got, "==", exp)
    if not isinstance(got, (int, float)) or not isinstance(exp, (int, float)):
        return False
    return {">=": got >= exp, "<=": got <= exp, ">": got > exp, "<": got < exp}[op]

mode, path = sys.argv[1], sys.argv[2]
try:
    all_docs = docs(path)
except (OSError, ValueError) as e:
    print("invalid JSON in %s: %s" % (path, e))
    sys.exit(100)
if mode == "get":
    for p in sys.argv[3:]:
        print(show(resolve(all_docs, p)))
    sys.exit(0)
bad = 0
for c in sys.argv[3:]:
    parts = c.split(" ", 2)
    if len(parts) != 3 or parts[1] not in ("==", "!=", ">=", "<=", ">", "<"):
        raise SystemExit("bad check: " + c)
    got = resolve(all_docs, parts[0])
    if check(got, parts[1], parse_expected(parts[2])):
        print("ok - %s (%s)" % (c, show(got)))
    else:
        print("FAIL: %s: got %s" % (c, show(got)))
        bad += 1
sys.exit(min(bad, 99))
'

# json_get FILE PATH...: prints the value at each PATH, one a line.
json_get() {
	python3 -c "$JSON_PY" get "$@"
}

# json_run NAME COMMAND ARGS...: scdiag COMMAND --json ARGS into $OUT and $ERR (the test sets
# them); it must exit 0 with one COMMAND document that lost no events.
json_run() {
	_jr_name=$1
	_jr_cmd=$2
	shift 2
	scd "$OUT" "$ERR" "$_jr_cmd" --json "$@"
	assert_eq "$_jr_name: exit status" 0 "$RC"
	[ "$RC" = 0 ] || show_file "$_jr_name stderr" "$ERR"
	json_assert "$_jr_name" "$OUT" "command == \"$_jr_cmd\"" 'lost_events == 0' >/dev/null
}

# json_assert NAME FILE 'PATH OP EXPECTED'...: OP is == != >= <= > <; EXPECTED is a JSON
# value or the word missing. Counts one check per PATH; prints the document on failure.
json_assert() {
	_ja_name=$1
	_ja_file=$2
	shift 2
	_ja_res=$(python3 -c "$JSON_PY" check "$_ja_file" "$@")
	_ja_rc=$?
	CHECKS=$((CHECKS + $#))
	printf '%s\n' "$_ja_res" | sed "s/^/[$_ja_name] /" >&2
	if [ "$_ja_rc" -eq 100 ]; then
		fail "$_ja_name: output is not JSON"
	elif [ "$_ja_rc" -ne 0 ]; then
		FAILS=$((FAILS + _ja_rc))
	fi
	if [ "$_ja_rc" -ne 0 ]; then
		log "[$_ja_name] the output was:"
		sed "s/^/[$_ja_name]   /" "$_ja_file" >&2
	fi
	return "$_ja_rc"
}

# show_file TAG FILE: copies a file to stderr (for failures).
show_file() {
	sed "s/^/[$1]   /" "$2" >&2
}
