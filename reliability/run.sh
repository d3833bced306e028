#!/usr/bin/env bash
# CronLock's fault-and-load suite: what happens under contention, when Redis dies, hangs, is
# slow, drops connections, when host clocks disagree, and on bad input.
#
#   bash reliability/run.sh [--quick] [--no-build]
#
# Runs the cronlock binary ($CRONLOCK_BINARY, else artifacts/bin/cronlock, published first)
# against throwaway redis-server instances on 127.0.0.1 (loopback only), through a small TCP
# proxy (reliability/proxy.py) where a fault needs one. Every scenario is bounded in time; every
# cronlock it starts runs under `timeout`, so a hang is reported as a failure, never waited for.
# Each scenario is one file in reliability/scenarios/; this file runs them and records their checks.
#
#   --quick     reduced sizes (contention 20 x 5, 200 fuzz cases, 2 clock-skew periods);
#               what scripts/test.sh runs. Writes its report to
#               artifacts/reliability/ instead of docs/.
#   --no-build  use artifacts/bin/cronlock as it is, when present
#
# The full run writes docs/reliability.md. Exit status: 0 when every invariant held, 1 otherwise
# (each violation is printed as a FAIL line on stderr).
set -euo pipefail

# shellcheck source=reliability/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

quick="" no_build=""
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1 ;;
        --no-build) no_build=--no-build ;;
        -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
        *) die "unknown argument '$arg' (see bash reliability/run.sh --help)" ;;
    esac
done

# The sizes the scenarios run at.
# shellcheck disable=SC2034
if [ -n "$quick" ]; then
    CONTENDERS=20 ROUNDS=5 FUZZ_CASES=200 SKEW_PERIODS=2 LATENCY_RUNS=3 LATENCIES="50"
else
    CONTENDERS=100 ROUNDS=30 FUZZ_CASES=1000 SKEW_PERIODS=5 LATENCY_RUNS=10 LATENCIES="50 200"
fi

ensure_packages \
    redis-server:redis-server \
    redis-cli:redis-tools \
    faketime:faketime \
    python3:python3 \
    timeout:coreutils
locate_binary $no_build

RUN_ID="run-$(date -u +%Y%m%dT%H%M%SZ)"
WORK_DIR="$REPO_ROOT/artifacts/reliability/$RUN_ID"
mkdir -p "$WORK_DIR"
RESULTS="$WORK_DIR/results.jsonl"
: >"$RESULTS"
SUITE_STARTED=$(date +%s)

# Everything started in the background (proxies, fake cron hosts, scenario chains) is listed in
# background.pids, every redis-server has its pidfile under WORK_DIR: cleanup stops exactly those.
PIDS_FILE="$WORK_DIR/background.pids"
: >"$PIDS_FILE"
background() { echo "$1" >>"$PIDS_FILE"; }
cleanup() {
    local pid pidfile
    while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$PIDS_FILE"
    for pidfile in "$WORK_DIR"/redis-*/redis.pid; do
        [ -f "$pidfile" ] || continue
        redis_stop "$(basename "$(dirname "$pidfile")" | sed 's/^redis-//')"
    done
}
trap cleanup EXIT

# Nothing from the caller's environment may change what the scenarios set.
while IFS= read -r var; do unset "$var"; done < <(env | sed -n 's/^\(CRONLOCK_[A-Z_]*\)=.*/\1/p' | grep -v '^CRONLOCK_BINARY$' || true)

# --- recording -----------------------------------------------------------------------------------
# Each scenario: begin ID TITLE; param/figure NAME VALUE; check OK DESCRIPTION DETAIL; end.
# end appends one JSON object to results.jsonl; reliability/report.py turns them into Markdown.
SCENARIO="" SCENARIO_STARTED=0
declare -a PARAMS=() FIGURES=() CHECKS=()
begin() {
    SCENARIO="$1"
    TITLE="$2"
    PARAMS=() FIGURES=() CHECKS=()
    SCENARIO_STARTED=$(ms)
    info "$SCENARIO: $TITLE"
}
param() { PARAMS+=("$1" "$2"); }
figure() { FIGURES+=("$1" "$2"); }
check() { # check 0|1 DESCRIPTION [DETAIL]
    CHECKS+=("$1" "$2" "${3:-}")
    [ "$1" = 1 ] || printf 'FAIL: %s: %s%s\n' "$SCENARIO" "$2" "${3:+ ($3)}" >&2
}
end() {
    local seconds=$(( ($(ms) - SCENARIO_STARTED) / 1000 ))
    python3 - "$SCENARIO" "$TITLE" "$seconds" "${#PARAMS[@]}" "${#FIGURES[@]}" "${PARAMS[@]}" "${FIGURES[@]}" "${CHECKS[@]}" >>"$RESULTS" <<'EOF'
import json, sys
a = sys.argv[1:]
sid, title, seconds, np, nf = a[0], a[1], int(a[2]), int(a[3]), int(a[4])
rest = a[5:]
params, rest = rest[:np], rest[np:]
figures, rest = rest[:nf], rest[nf:]
checks = [{"ok": rest[i] == "1", "what": rest[i + 1], "detail": rest[i + 2]} for i in range(0, len(rest), 3)]
print(json.dumps({"id": sid, "title": title, "seconds": seconds,
                  "params": [[params[i], params[i + 1]] for i in range(0, len(params), 2)],
                  "figures": [[figures[i], figures[i + 1]] for i in range(0, len(figures), 2)],
                  "checks": checks}))
EOF
}

# cl OUT TIMEOUT [VAR=value...] -- ARGS...: runs cronlock under `timeout`, in the background of
# nothing: waits. Leaves OUT.rc, OUT.err, OUT.out, OUT.ms (elapsed).
cl() {
    local out="$1" limit="$2" start rc=0
    shift 2
    local -a vars=()
    while [ "$#" -gt 0 ] && [ "$1" != -- ]; do vars+=("$1"); shift; done
    shift
    start=$(ms)
    env "${vars[@]}" timeout -k 3 "$limit" "$CRONLOCK" "$@" >"$out.out" 2>"$out.err" </dev/null || rc=$?
    echo "$rc" >"$out.rc"
    echo $(( $(ms) - start )) >"$out.ms"
}

# --- the TCP proxy (reliability/proxy.py) for the faults that need one ----------------------------
start_proxy() { # start_proxy NAME ARGS... ; sets PROXY_PORT, PROXY_PID
    PROXY_PORT=$(free_port)
    python3 "$REPO_ROOT/reliability/proxy.py" --listen "$PROXY_PORT" --log "$WORK_DIR/proxy-$1.log" "${@:2}" &
    PROXY_PID=$!
    background "$PROXY_PID"
    local _
    for _ in $(seq 1 100); do
        python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 0.2).close()" "$PROXY_PORT" 2>/dev/null && return 0
        sleep 0.05
    done
    die "proxy $1 did not start"
}
stop_proxy() { kill "$PROXY_PID" 2>/dev/null || true; wait "$PROXY_PID" 2>/dev/null || true; }

# --- the scenarios --------------------------------------------------------------------------------
# The job of most scenarios: touches a marker when it starts and another when it ends, sleeps
# in between, exits with a known code.
# Its command line (hence its key) is the same every time; MARK, SLEEP and CODE come from the
# environment, which is not part of the key.
# shellcheck disable=SC2016 # the job's shell expands them
JOB=(sh -c 'touch "$MARK"; sleep "$SLEEP"; touch "$MARK.done"; exit "$CODE"')
# shellcheck disable=SC2034 # for the scenarios
JOB_KEY="cronlock.$(printf '%s' "${JOB[*]}" | md5sum | cut -d' ' -f1)"

# One file each, defining one function named after the scenario (the clock skew has two: a start
# and a finish); the chains below call them.
for scenario in "$REPO_ROOT"/reliability/scenarios/*.sh; do
    # shellcheck source=/dev/null
    source "$scenario"
done

# ==================================================================================================
echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)" >"$WORK_DIR/env.txt"
# Scenarios that mostly wait (for a job, a timeout, a period) run in three background chains
# while the CPU-heavy ones (contention, fuzz) run here; each has its own redis-server and proxy,
# and appends its own line to results.jsonl. The clock skew starts first and is collected last:
# its hosts wait for their periods while everything else runs.
clock_skew_start
( redis_killed; redis_bounced; lease_unreachable; redis_restarted ) &
chain_redis=$!
background $chain_redis
( redis_blackholed; redis_refused; latency; dropped ) &
chain_network=$!
background $chain_network
# The adversarial ones: ways a lock wrapper can break its promise (a job twice at once, a lock
# stuck for a day, a hang) that an attacker or an unlucky operator can provoke.
( orphan_acquire; redlock_minority; long_durations; hostile_files; cronlock_killed ) &
chain_hardening=$!
background $chain_hardening
contention
fuzz
wait "$chain_redis" || true
wait "$chain_network" || true
wait "$chain_hardening" || true
clock_skew_finish
{
    echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "cores=$(nproc)"
    echo "cronlock=$("$CRONLOCK" --version 2>&1 | head -n1)"
    echo "redis=$(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/')"
    echo "quick=${quick:-0}"
    echo "seconds=$(( $(date +%s) - SUITE_STARTED ))"
} >>"$WORK_DIR/env.txt"

if [ -n "$quick" ]; then
    doc="$WORK_DIR/reliability.md"
else
    doc="$REPO_ROOT/docs/reliability.md"
fi
python3 "$REPO_ROOT/reliability/report.py" "$WORK_DIR" "$doc"
total=$(grep -o '"ok": ' "$RESULTS" | wc -l || true)
fails=$(grep -o '"ok": false' "$RESULTS" | wc -l || true)
scenarios=$(wc -l <"$RESULTS")
expected=16 # one per file in reliability/scenarios/
if [ "$scenarios" -ne "$expected" ]; then
    echo "FAIL: only $scenarios of $expected scenarios reported (a scenario chain died; see the output above)" >&2
    fails=$((fails + 1))
fi
echo "reliability: $((total - fails)) of $total checks held, $fails failed ($(( $(date +%s) - SUITE_STARTED )) s; report: ${doc#"$REPO_ROOT"/})"
[ "$fails" -eq 0 ]
