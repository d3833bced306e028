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
#
#   --quick     reduced sizes (contention 20 x 5, 200 fuzz cases, 2 clock-skew periods);
#               what scripts/test.sh runs. Writes its report to
#               artifacts/reliability/ instead of docs/.
#   --no-build  use artifacts/bin/cronlock as it is, when present
#
# The full run writes docs/reliability.md. Exit status: 0 when every invariant held, 1 otherwise
# (each violation is printed as a FAIL line on stderr).
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../bench/lib.sh"
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

ms() { date +%s%3N; }
ok() { if "$@"; then echo 1; else echo 0; fi; }
# Stack-trace markers: a .NET frame line, the runtime's unhandled-exception banner.
no_trace() { ! grep -qE '^[[:space:]]+at [A-Za-z_]|Unhandled exception|^[[:space:]]*System\.[A-Za-z.]+Exception' "$1"; }
lines() { grep -c . "$1" || true; }

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

# wait_for FILE SECONDS: until FILE exists; 0 if it did.
wait_for() {
    local deadline=$(( $(ms) + $2 * 1000 ))
    while [ ! -e "$1" ]; do
        [ "$(ms)" -lt "$deadline" ] || return 1
        sleep 0.02
    done
}

# key_gone_by KEY DEADLINE_MS: polls until KEY is absent; prints the time it was seen gone (ms),
# or nothing if it was still there at the deadline.
key_gone_by() {
    local key="$1" deadline="$2"
    while [ "$(ms)" -le "$deadline" ]; do
        if [ "$(rcli EXISTS "$key" 2>/dev/null)" = 0 ]; then ms; return 0; fi
        sleep 0.1
    done
    return 1
}

# since START_MS END_MS: "2.4 s" (one decimal), or "-" when END_MS is empty.
since() { if [ -n "${2:-}" ]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f s", (b - a) / 1000 }'; else echo "-"; fi; }
# ttl_text TTL: what a TTL reply means.
ttl_text() { case "$1" in -2) echo "gone" ;; -1) echo "no TTL" ;; *) echo "$1 s" ;; esac; }

start_proxy() { # start_proxy NAME ARGS... ; sets PROXY_PORT, PROXY_PID
    PROXY_PORT=$(free_port)
    python3 "$REPO_ROOT/reliability/proxy.py" --listen "$PROXY_PORT" --log "$WORK_DIR/proxy-$1.log" "${@:2}" &
    PROXY_PID=$!
    background "$PROXY_PID"
    local i
    for i in $(seq 1 100); do
        python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 0.2).close()" "$PROXY_PORT" 2>/dev/null && return 0
        sleep 0.05
    done
    die "proxy $1 did not start"
}
stop_proxy() { kill "$PROXY_PID" 2>/dev/null || true; wait "$PROXY_PID" 2>/dev/null || true; }

# The job of most scenarios: touches a marker when it starts and another when it ends, sleeps
# in between, exits with a known code.
# Its command line (hence its key) is the same every time; MARK, SLEEP and CODE come from the
# environment, which is not part of the key.
JOB=(sh -c 'touch "$MARK"; sleep "$SLEEP"; touch "$MARK.done"; exit "$CODE"')
JOB_KEY="cronlock.$(printf '%s' "${JOB[*]}" | md5sum | cut -d' ' -f1)"

# ==================================================================================================
# Clock skew: started first, in the background, because it mostly waits for its periods.
# Two "hosts" run the same 1-second job from cron at the start of each period of their own
# clock; host B's clock is 10 s fast (libfaketime). With GRACE 15 the job runs once per period;
# a control job with GRACE 0 (its own key) runs twice per period, which proves the skew is real.
#
# Host B's cron runs on the skewed clock; the cronlock it starts does not get libfaketime's
# preload. libfaketime 0.9.10 (Debian 12) mishandles monotonic condition-variable waits in
# multi-threaded programs (wolfcw/libfaketime#469, fixed after 0.9.10 by #503): measured here,
# 3-4 % of cronlock runs under it stalled 5-10 s in a connect wait, against 0 of 210 runs
# without it. CronLock takes every lock time from Redis's TIME, so its own clock does not enter
# the lock decision; a separate check below runs cronlock itself on a clock one day fast and
# verifies the lock it writes is timed by Redis, not by that clock.
# ==================================================================================================
SKEW=10 PERIOD=20 SKEW_GRACE=15
skew_start() {
    redis_start skew
    SKEW_PORT=$REDIS_PORT
    local base=$(( $(date +%s) + SKEW + 3 ))
    local job=(sh -c 'echo "$PERIOD $CRON_HOST" >>"$RUNS"; sleep 1')
    SKEW_LOG="$WORK_DIR/skew"
    : >"$SKEW_LOG.runs" && : >"$SKEW_LOG.control-runs"
    local common=(CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$SKEW_PORT" FAKETIME_DONT_FAKE_MONOTONIC=1)
    env "${common[@]}" CRONLOCK_GRACE=$SKEW_GRACE RUNS="$SKEW_LOG.runs" \
        bash "$REPO_ROOT/reliability/cron-host.sh" A "$base" $PERIOD "$SKEW_PERIODS" "$SKEW_LOG.A" -- "$CRONLOCK" "${job[@]}" &
    background $! && SKEW_PIDS=($!)
    env "${common[@]}" CRONLOCK_GRACE=$SKEW_GRACE RUNS="$SKEW_LOG.runs" \
        faketime -f "+${SKEW}s" bash "$REPO_ROOT/reliability/cron-host.sh" B "$base" $PERIOD "$SKEW_PERIODS" "$SKEW_LOG.B" -- env -u LD_PRELOAD "$CRONLOCK" "${job[@]}" &
    background $! && SKEW_PIDS+=($!)
    env "${common[@]}" CRONLOCK_GRACE=0 RUNS="$SKEW_LOG.control-runs" \
        bash "$REPO_ROOT/reliability/cron-host.sh" A "$base" $PERIOD "$SKEW_PERIODS" "$SKEW_LOG.control-A" -- "$CRONLOCK" "${job[@]}" control &
    background $! && SKEW_PIDS+=($!)
    env "${common[@]}" CRONLOCK_GRACE=0 RUNS="$SKEW_LOG.control-runs" \
        faketime -f "+${SKEW}s" bash "$REPO_ROOT/reliability/cron-host.sh" B "$base" $PERIOD "$SKEW_PERIODS" "$SKEW_LOG.control-B" -- env -u LD_PRELOAD "$CRONLOCK" "${job[@]}" control &
    background $! && SKEW_PIDS+=($!)
    SKEW_STARTED=$(ms)
    SKEW_DEADLINE=$(( base + SKEW_PERIODS * PERIOD + 30 ))
}

skew_finish() {
    local pid k runs control b_clock
    for pid in "${SKEW_PIDS[@]}"; do
        while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$SKEW_DEADLINE" ]; do sleep 0.2; done
        kill "$pid" 2>/dev/null || true
    done
    begin clock-skew "Two hosts whose clocks are ${SKEW} s apart run a 1 s job once per period, thanks to GRACE"
    # It ran in the background while the other scenarios ran: its time is up to its last firing.
    local last
    last=$(awk '{ if ($5 > m) m = $5 } END { printf "%.0f", m * 1000 }' "$SKEW_LOG.A" "$SKEW_LOG.B" 2>/dev/null || echo 0)
    SCENARIO_STARTED=$(( SKEW_STARTED + $(ms) - last - 2000 ))
    param "hosts" "A (real clock) and B (libfaketime, clock +${SKEW} s), each a loop that fires the job at the start of every ${PERIOD} s period of its own clock (reliability/cron-host.sh)"
    param "note" "B's cronlock runs without libfaketime's preload, which stalls multi-threaded programs at random (see the comment in reliability/run.sh); a separate check runs cronlock itself on a clock 1 day fast"
    param "job" "1 s; GRACE ${SKEW_GRACE} s; control job (own key) with GRACE 0"
    param "periods" "$SKEW_PERIODS"
    # Host B's own clock against the real one, read at each of its firings.
    b_clock=$(awk '{ d += $4 - $5; n++ } END { if (n) printf "%.1f", d / n }' "$SKEW_LOG.B" 2>/dev/null || true)
    for ((k = 0; k < SKEW_PERIODS; k++)); do
        runs=$(awk -v k="$k" '$1 == k' "$SKEW_LOG.runs" | wc -l)
        control=$(awk -v k="$k" '$1 == k' "$SKEW_LOG.control-runs" | wc -l)
        check "$(ok [ "$runs" -eq 1 ])" "period $k: the job ran exactly once (GRACE ${SKEW_GRACE})" "runs=$runs: $(awk -v k="$k" '$1 == k {print $2}' "$SKEW_LOG.runs" | tr '\n' ' ')"
        check "$(ok [ "$control" -eq 2 ])" "period $k: the GRACE 0 control ran on both hosts (the skew is real)" "runs=$control"
    done
    figure "runs per period (GRACE ${SKEW_GRACE})" "$(for ((k = 0; k < SKEW_PERIODS; k++)); do awk -v k="$k" '$1 == k' "$SKEW_LOG.runs" | wc -l; done | tr '\n' ' ')"
    figure "runs per period (control, GRACE 0)" "$(for ((k = 0; k < SKEW_PERIODS; k++)); do awk -v k="$k" '$1 == k' "$SKEW_LOG.control-runs" | wc -l; done | tr '\n' ' ')"
    figure "who ran (GRACE ${SKEW_GRACE})" "$(awk '{print $2}' "$SKEW_LOG.runs" | sort | uniq -c | awk '{printf "%s: %s  ", $2, $1}')"
    figure "exit codes, host A / host B" "$(awk '{print $3}' "$SKEW_LOG.A" | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')/ $(awk '{print $3}' "$SKEW_LOG.B" | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
    figure "host B's clock minus the real clock, at its firings" "${b_clock:-?} s"
    figure "firings, real time (period host exit)" "$(awk '{ printf "%s %s %s @%s; ", $1, $2, $3, strftime("%H:%M:%S", $5) }' "$SKEW_LOG.A" "$SKEW_LOG.B" 2>/dev/null | head -c 600)"
    check "$(ok no_trace "$SKEW_LOG.A.stderr")" "no stack trace (host A)"
    [ -f "$SKEW_LOG.B.stderr" ] && check "$(ok no_trace "$SKEW_LOG.B.stderr")" "no stack trace (host B)"

    # cronlock itself on a clock one day fast: the lock it writes must be timed by Redis.
    REDIS_PORT=$SKEW_PORT
    local release=100 mark="$WORK_DIR/skew-day.started" value server_now
    env CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$SKEW_PORT" CRONLOCK_RELEASE=$release CRONLOCK_GRACE=0 \
        CRONLOCK_REDIS_TIMEOUT=2 CRONLOCK_RECONNECT_ATTEMPTS=3 CRONLOCK_RECONNECT_BACKOFF=0 MARK="$mark" SLEEP=2 CODE=0 \
        FAKETIME_DONT_FAKE_MONOTONIC=1 timeout -k 3 40 faketime -f +1d "$CRONLOCK" "${JOB[@]}" day-ahead \
        >/dev/null 2>"$WORK_DIR/skew-day.err" &
    local runner=$!
    wait_for "$mark" 30 || true
    value=$(rcli GET "cronlock.$(printf '%s' "${JOB[*]} day-ahead" | md5sum | cut -d' ' -f1)")
    server_now=$(rcli TIME | head -n1)
    wait "$runner" || true
    figure "cronlock on a clock 1 day fast: lock value − Redis time" "$(( ${value:-0} - server_now )) s (RELEASE ${release} s; a lock timed by the local clock would be ~86400 s further)"
    check "$(ok [ -n "$value" ] && [ $(( value - server_now )) -ge $((release - 2)) ] && [ $(( value - server_now )) -le $((release + 2)) ])" \
        "cronlock on a clock 1 day fast writes a lock timed by Redis (value = Redis time + RELEASE + 1, ±2 s)" "value=$value, redis time=$server_now"
    end
    redis_stop skew
}

# ==================================================================================================
contention() {
    begin contention "${CONTENDERS} concurrent cronlock processes x ${ROUNDS} rounds on one job"
    redis_start contention
    local stamps="$WORK_DIR/contention.stamps" gate="$WORK_DIR/contention.gate" round i rc
    local job=(sh -c 'echo "$ROUND start $$ $(date +%s%N)" >>"$STAMPS"; sleep 0.2; echo "$ROUND end $$ $(date +%s%N)" >>"$STAMPS"')
    local env=(CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$REDIS_PORT" CRONLOCK_GRACE=60 CRONLOCK_RELEASE=120 STAMPS="$stamps")
    param "processes per round" "$CONTENDERS, released together through a FIFO"
    param "rounds" "$ROUNDS; the lock is reset (CRONLOCK_RESET) between rounds"
    param "job" "appends start/end stamps with its pid, sleeps 0.2 s"
    param "lock" "GRACE 60 s, RELEASE 120 s (outlive a round)"
    : >"$stamps"
    local bad_rounds=0 other_codes=0 total_ran=0 spreads=()
    for round in $(seq 1 "$ROUNDS"); do
        rm -f "$gate" && mkfifo "$gate"
        local pids=()
        for i in $(seq 1 "$CONTENDERS"); do
            ( exec 3<"$gate"; exec env ROUND="$round" "${env[@]}" timeout -k 3 60 "$CRONLOCK" "${job[@]}" ) \
                >/dev/null 2>>"$WORK_DIR/contention.stderr" &
            pids+=($!)
        done
        sleep 0.3
        local opened
        opened=$(ms)
        exec 4>"$gate" # every process blocked opening the FIFO goes now
        local zero=0 held=0 other=0
        for pid in "${pids[@]}"; do
            rc=0
            wait "$pid" || rc=$?
            case "$rc" in
                0) zero=$((zero + 1)) ;;
                200) held=$((held + 1)) ;;
                *) other=$((other + 1)); echo "round $round: exit $rc" >>"$WORK_DIR/contention.codes" ;;
            esac
        done
        spreads+=($(( $(ms) - opened )))
        exec 4>&-
        total_ran=$((total_ran + zero))
        other_codes=$((other_codes + other))
        local starts
        starts=$(awk -v r="$round" '$1 == r && $2 == "start"' "$stamps" | wc -l)
        if [ "$zero" -ne 1 ] || [ "$held" -ne $((CONTENDERS - 1)) ] || [ "$starts" -ne 1 ]; then
            bad_rounds=$((bad_rounds + 1))
            echo "round $round: exit 0 x$zero, 200 x$held, other x$other, job starts $starts" >>"$WORK_DIR/contention.codes"
        fi
        env "${env[@]}" CRONLOCK_RESET=yes timeout 30 "$CRONLOCK" "${job[@]}" >/dev/null 2>>"$WORK_DIR/contention.stderr" || true
    done
    # Overlaps: sort the job's intervals by start; each must start after the previous one ended.
    local overlaps
    overlaps=$(awk '{ if ($2 == "start") s[$1" "$3] = $4; else e[$1" "$3] = $4 }
        END { for (k in s) print s[k], (k in e ? e[k] : "unfinished") }' "$stamps" | sort -n |
        awk 'BEGIN { last = 0; n = 0 } { if ($2 == "unfinished" || $1 < last) n++; if ($2 != "unfinished") last = $2 } END { print n }')
    figure "job runs" "$total_ran in $ROUNDS rounds"
    figure "rounds with exactly one run and $((CONTENDERS - 1)) exits 200" "$((ROUNDS - bad_rounds)) of $ROUNDS"
    figure "overlapping runs" "$overlaps"
    figure "exit codes other than 0 and 200" "$other_codes"
    figure "time from release to the last exit, per round (median / max)" "$(printf '%s\n' "${spreads[@]}" | median) / $(printf '%s\n' "${spreads[@]}" | sort -n | tail -n1) ms"
    check "$(ok [ "$bad_rounds" -eq 0 ])" "exactly one run per round, every other process exits 200" "$bad_rounds bad round(s), see contention.codes"
    check "$(ok [ "$overlaps" -eq 0 ])" "0 overlapping runs" "overlaps=$overlaps"
    check "$(ok [ "$total_ran" -eq "$ROUNDS" ])" "$ROUNDS runs in all" "runs=$total_ran"
    check "$(ok no_trace "$WORK_DIR/contention.stderr")" "no stack trace"
    end
    redis_stop contention
}

# ==================================================================================================
redis_killed_during_job() {
    begin redis-killed "Redis killed (SIGKILL) while the job runs, and stays down until the job has ended"
    local dir="$WORK_DIR/killed"
    mkdir -p "$dir"
    redis_start killed --appendonly yes --appendfsync always
    local release=6 port=$REDIS_PORT
    param "settings" "RELEASE ${release} s, GRACE 1 s, REDIS_TIMEOUT 2 s, RECONNECT_ATTEMPTS 1"
    param "job" "sleeps 2 s, exits 7; Redis is killed as soon as it starts"
    param "redis" "AOF with appendfsync always, so the restarted server still has the lock, with its TTL"
    local vars=(CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$port" CRONLOCK_RELEASE="$release" CRONLOCK_GRACE=1
        CRONLOCK_REDIS_TIMEOUT=2 CRONLOCK_RECONNECT_ATTEMPTS=1 MARK="$dir/started" SLEEP=2 CODE=7)
    cl "$dir/run" 30 "${vars[@]}" -- "${JOB[@]}" &
    local runner=$! acquired
    wait_for "$dir/started" 15 || true
    acquired=$(ms)
    redis_kill killed
    wait "$runner" || true
    local rc elapsed
    rc=$(cat "$dir/run.rc") elapsed=$(cat "$dir/run.ms")
    redis_start killed --appendonly yes --appendfsync always
    local ttl gone
    ttl=$(rcli TTL "$JOB_KEY")
    gone=$(key_gone_by "$JOB_KEY" $((acquired + (release + 3) * 1000)) || true)
    figure "exit code" "$rc (the job's: 7)"
    figure "cronlock ran for" "$elapsed ms (job 2 s + the failed leave, bounded by REDIS_TIMEOUT)"
    figure "stderr" "$(head -c 300 "$dir/run.err" | tr '\n' ' ')"
    figure "lock TTL when Redis came back" "$(ttl_text "$ttl")"
    figure "lock gone, counted from the job's start" "$([ -n "$gone" ] && since "$acquired" "$gone" || echo "not within RELEASE + 3 s")"
    check "$(ok [ "$rc" = 7 ])" "the job finished and its exit code came back" "rc=$rc"
    check "$(ok [ "$elapsed" -le $(( (2 + 2 + 4) * 1000 )) ])" "cronlock ended within job + REDIS_TIMEOUT (+4 s slack)" "${elapsed} ms"
    check "$(ok [ -n "$gone" ])" "the lock was gone within RELEASE (${release} s) of the start (+2 s slack)"
    check "$(ok no_trace "$dir/run.err")" "no stack trace"
    # The next run works.
    cl "$dir/next" 30 "${vars[@]}" MARK="$dir/next-started" SLEEP=0 CODE=0 -- "${JOB[@]}"
    figure "next run, once the lock expired" "exit $(cat "$dir/next.rc")"
    check "$(ok [ "$(cat "$dir/next.rc")" = 0 ])" "the next run acquires and runs" "rc=$(cat "$dir/next.rc")"
    end

    begin redis-bounced "Redis killed and restarted while the job runs"
    mkdir -p "$dir/b"
    param "settings" "RELEASE ${release} s, GRACE 1 s, REDIS_TIMEOUT 2 s"
    param "job" "sleeps 3 s, exits 7; Redis is killed as it starts and restarted (AOF) 0.5 s later"
    rcli DEL "$JOB_KEY" >/dev/null
    cl "$dir/b/run" 30 "${vars[@]}" MARK="$dir/b/started" SLEEP=3 CODE=7 -- "${JOB[@]}" &
    runner=$!
    wait_for "$dir/b/started" 15 || true
    acquired=$(ms)
    redis_kill killed
    sleep 0.5
    redis_start killed --appendonly yes --appendfsync always
    wait "$runner" || true
    rc=$(cat "$dir/b/run.rc") elapsed=$(cat "$dir/b/run.ms")
    ttl=$(rcli TTL "$JOB_KEY")
    gone=$(key_gone_by "$JOB_KEY" $((acquired + (release + 3) * 1000)) || true)
    figure "exit code" "$rc"
    figure "cronlock ran for" "$elapsed ms"
    figure "lock right after the run" "$(ttl_text "$ttl") ($( [ "$ttl" -le 2 ] && echo "left per GRACE: the leave reached the restarted server" || echo "the leave failed; RELEASE bounds it"))"
    figure "stderr" "$(head -c 300 "$dir/b/run.err" | tr '\n' ' ')"
    check "$(ok [ "$rc" = 7 ])" "the job's exit code came back" "rc=$rc"
    check "$(ok [ -n "$gone" ])" "the lock was gone within RELEASE of the start"
    check "$(ok no_trace "$dir/b/run.err")" "no stack trace"
    end

    redis_stop killed
}

# ==================================================================================================
# With LEASE the key's TTL is the lease, renewed while the job runs. Redis is made unreachable
# (the proxy stalls every connection) rather than killed, so the test can watch the key expire on
# the live server.
lease_unreachable() {
    begin lease-unreachable "With LEASE: Redis unreachable while the job runs"
    local dir="$WORK_DIR/lease"
    mkdir -p "$dir"
    redis_start lease
    local target=$REDIS_PORT lease=3 release=60
    param "settings" "LEASE ${lease} s, RELEASE ${release} s, GRACE 1 s, REDIS_TIMEOUT 1 s, KILL_AFTER 1 s"
    param "job" "sleeps 5 s, exits 7; 0.5 s after it starts the proxy in front of Redis stalls every connection"
    local vars=(CRONLOCK_HOST=127.0.0.1 CRONLOCK_RELEASE="$release" CRONLOCK_LEASE="$lease" CRONLOCK_GRACE=1
        CRONLOCK_REDIS_TIMEOUT=1 CRONLOCK_RECONNECT_ATTEMPTS=1 CRONLOCK_KILL_AFTER=1 SLEEP=5 CODE=7)
    local policy runner cut rc elapsed gone ttl
    for policy in warn kill; do
        start_proxy "lease-$policy" --target "$target"
        rcli DEL "$JOB_KEY" >/dev/null
        cl "$dir/$policy" 40 "${vars[@]}" CRONLOCK_PORT="$PROXY_PORT" CRONLOCK_ON_LOST=$policy MARK="$dir/$policy-started" -- "${JOB[@]}" &
        runner=$!
        wait_for "$dir/$policy-started" 15 || true
        sleep 0.5
        kill -USR2 "$PROXY_PID"
        cut=$(ms)
        ttl=$(rcli TTL "$JOB_KEY")
        gone=$(key_gone_by "$JOB_KEY" $((cut + (lease + 3) * 1000)) || true)
        wait "$runner" || true
        stop_proxy
        rc=$(cat "$dir/$policy.rc") elapsed=$(cat "$dir/$policy.ms")
        figure "ON_LOST=$policy: exit code, time" "$rc after $elapsed ms"
        figure "ON_LOST=$policy: lock on the live server" "TTL $(ttl_text "$ttl") when cut off; gone $([ -n "$gone" ] && since "$cut" "$gone" || echo "not within LEASE + 3 s") after"
        figure "ON_LOST=$policy: stderr" "$(head -c 300 "$dir/$policy.err" | tr '\n' ' ')"
        check "$(ok [ -n "$gone" ])" "ON_LOST=$policy: the lock was gone within LEASE (${lease} s, +3 s slack) of the cut, long before RELEASE (${release} s)"
        check "$(ok no_trace "$dir/$policy.err")" "ON_LOST=$policy: no stack trace"
        if [ "$policy" = warn ]; then
            check "$(ok [ "$rc" = 7 ] && [ -e "$dir/$policy-started.done" ])" "ON_LOST=warn: the job finished and its exit code came back" "rc=$rc"
            check "$(ok [ "$elapsed" -le $(( (5 + 1 + 4) * 1000 )) ])" "ON_LOST=warn: ended within job + REDIS_TIMEOUT (+4 s slack)" "${elapsed} ms"
        else
            check "$(ok [ "$rc" = 203 ])" "ON_LOST=kill: the job was stopped when the lease could not be renewed, exit 203" "rc=$rc"
            check "$(ok [ ! -e "$dir/$policy-started.done" ])" "ON_LOST=kill: the job did not reach its end"
        fi
    done
    end
    redis_stop lease
}


# ==================================================================================================
redis_restarted_between_runs() {
    begin redis-restarted "Redis restarted between two runs (no persistence: keys and cached scripts are gone)"
    local dir="$WORK_DIR/restarted"
    mkdir -p "$dir"
    redis_start restarted
    local vars=(CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$REDIS_PORT" CRONLOCK_GRACE=0 SLEEP=0 CODE=0)
    cl "$dir/first" 30 "${vars[@]}" MARK="$dir/first-started" -- "${JOB[@]}"
    redis_stop restarted
    redis_start restarted
    cl "$dir/second" 30 "${vars[@]}" MARK="$dir/second-started" -- "${JOB[@]}"
    param "settings" "GRACE 0; the server is stopped (SIGTERM) and started again on the same port"
    figure "first run / second run" "exit $(cat "$dir/first.rc") in $(cat "$dir/first.ms") ms / exit $(cat "$dir/second.rc") in $(cat "$dir/second.ms") ms"
    check "$(ok [ "$(cat "$dir/first.rc")" = 0 ])" "the first run works"
    check "$(ok [ "$(cat "$dir/second.rc")" = 0 ] && [ -e "$dir/second-started" ])" "the run after the restart works (scripts are loaded again)" "rc=$(cat "$dir/second.rc")"
    check "$(ok no_trace "$dir/second.err")" "no stack trace"
    end
    redis_stop restarted
}

# ==================================================================================================
redis_unreachable() {
    local dir="$WORK_DIR/unreachable"
    mkdir -p "$dir"
    begin redis-blackholed "Redis black-holed: a listening socket that never answers"
    start_proxy blackhole --blackhole
    local t=2 a=2 b=1
    local bound=$(( t * a + b * a * (a - 1) / 2 ))
    param "settings" "REDIS_TIMEOUT ${t} s, RECONNECT_ATTEMPTS ${a}, RECONNECT_BACKOFF ${b} s"
    param "server" "python socket: listen(), never accept(); TCP connects, nothing is ever read or answered"
    param "expected bound" "REDIS_TIMEOUT x attempts + backoff waits = ${t}x${a} + ${b} = ${bound} s"
    cl "$dir/blackhole" 60 CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$PROXY_PORT" CRONLOCK_REDIS_TIMEOUT=$t \
        CRONLOCK_RECONNECT_ATTEMPTS=$a CRONLOCK_RECONNECT_BACKOFF=$b MARK="$dir/blackhole-started" SLEEP=0 CODE=0 -- "${JOB[@]}"
    local rc elapsed
    rc=$(cat "$dir/blackhole.rc") elapsed=$(cat "$dir/blackhole.ms")
    stop_proxy
    figure "exit code, time" "$rc after $elapsed ms"
    figure "stderr" "$(head -c 300 "$dir/blackhole.err")"
    check "$(ok [ "$rc" = 201 ])" "exit 201" "rc=$rc"
    check "$(ok [ "$elapsed" -le $(( (bound + 3) * 1000 )) ])" "within REDIS_TIMEOUT x attempts + backoff (+3 s slack)" "${elapsed} ms, bound ${bound} s"
    check "$(ok [ "$(lines "$dir/blackhole.err")" = 1 ])" "exactly one line on stderr" "$(lines "$dir/blackhole.err") lines"
    check "$(ok [ ! -e "$dir/blackhole-started" ])" "the job never started"
    check "$(ok no_trace "$dir/blackhole.err")" "no stack trace"
    end

    begin redis-refused "Redis not listening: connection refused on every try"
    local port
    port=$(free_port)
    a=3 b=1
    bound=$(( b * a * (a - 1) / 2 ))
    param "settings" "RECONNECT_ATTEMPTS ${a}, RECONNECT_BACKOFF ${b} s (waits 0, 1, 2 s)"
    cl "$dir/refused" 60 CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$port" CRONLOCK_REDIS_TIMEOUT=2 \
        CRONLOCK_RECONNECT_ATTEMPTS=$a CRONLOCK_RECONNECT_BACKOFF=$b MARK="$dir/refused-started" SLEEP=0 CODE=0 -- "${JOB[@]}"
    rc=$(cat "$dir/refused.rc") elapsed=$(cat "$dir/refused.ms")
    figure "exit code, time" "$rc after $elapsed ms (backoff waits alone: ${bound} s)"
    figure "stderr" "$(head -c 300 "$dir/refused.err")"
    check "$(ok [ "$rc" = 201 ])" "exit 201" "rc=$rc"
    check "$(ok [ "$elapsed" -ge $(( bound * 1000 - 200 )) ] && [ "$elapsed" -le $(( (bound + 3) * 1000 )) ])" "took the backoff schedule, and no more (+3 s slack)" "${elapsed} ms"
    check "$(ok [ "$(lines "$dir/refused.err")" = 1 ])" "exactly one line on stderr"
    check "$(ok [ ! -e "$dir/refused-started" ])" "the job never started"
    end
}

# ==================================================================================================
through_proxy() {
    local dir="$WORK_DIR/proxy"
    mkdir -p "$dir"
    redis_start proxied
    local target=$REDIS_PORT i
    local base=(CRONLOCK_HOST=127.0.0.1 CRONLOCK_GRACE=0)

    begin latency "Added latency between cronlock and Redis (TCP proxy)"
    param "proxy" "reliability/proxy.py, delays every chunk in both directions"
    param "runs" "$LATENCY_RUNS per setting, distinct keys; the job is \`true\`"
    local direct=() slow=() fast_rc=0
    for i in $(seq 1 "$LATENCY_RUNS"); do
        cl "$dir/direct-$i" 30 "${base[@]}" CRONLOCK_PORT="$target" -- true "direct-$i"
        direct+=("$(cat "$dir/direct-$i.ms")")
    done
    local latency
    for latency in $LATENCIES; do
        start_proxy "latency-$latency" --target "$target" --latency-ms "$latency"
        slow=() fast_rc=0
        for i in $(seq 1 "$LATENCY_RUNS"); do
            cl "$dir/lat$latency-$i" 30 "${base[@]}" CRONLOCK_PORT="$PROXY_PORT" -- true "lat$latency-$i"
            slow+=("$(cat "$dir/lat$latency-$i.ms")")
            [ "$(cat "$dir/lat$latency-$i.rc")" = 0 ] || fast_rc=$((fast_rc + 1))
        done
        stop_proxy
        local med_direct med_slow
        med_direct=$(printf '%s\n' "${direct[@]}" | median)
        med_slow=$(printf '%s\n' "${slow[@]}" | median)
        figure "one-way latency ${latency} ms (round trip $((2 * latency)) ms)" "median run ${med_slow} ms vs ${med_direct} ms direct: +$(( ${med_slow%.*} - ${med_direct%.*} )) ms ≈ $(awk -v d="$(( ${med_slow%.*} - ${med_direct%.*} ))" -v r=$((2 * latency)) 'BEGIN { printf "%.1f", d / r }') round trips"
        check "$(ok [ "$fast_rc" -eq 0 ])" "every run through ${latency} ms of latency succeeds" "$fast_rc failed"
    done
    start_proxy latency-over --target "$target" --latency-ms 1500
    cl "$dir/over" 30 "${base[@]}" CRONLOCK_PORT="$PROXY_PORT" CRONLOCK_REDIS_TIMEOUT=1 CRONLOCK_RECONNECT_ATTEMPTS=1 \
        MARK="$dir/over-started" SLEEP=0 CODE=0 -- "${JOB[@]}"
    stop_proxy
    figure "one-way latency 1500 ms, REDIS_TIMEOUT 1 s, one try" "exit $(cat "$dir/over.rc") after $(cat "$dir/over.ms") ms: $(head -c 200 "$dir/over.err")"
    check "$(ok [ "$(cat "$dir/over.rc")" = 201 ] && [ ! -e "$dir/over-started" ])" "latency beyond REDIS_TIMEOUT: exit 201, job not started" "rc=$(cat "$dir/over.rc")"
    check "$(ok [ "$(cat "$dir/over.ms")" -le 5000 ])" "latency beyond REDIS_TIMEOUT: bounded (≤ 5 s)" "$(cat "$dir/over.ms") ms"
    check "$(ok [ "$(lines "$dir/over.err")" = 1 ])" "latency beyond REDIS_TIMEOUT: one stderr line"
    end

    begin dropped "Connections dropped by the network (TCP proxy)"
    param "proxy" "SIGUSR1 aborts every open connection (the client sees a reset); SIGUSR2 stalls them"
    local vars=("${base[@]}" CRONLOCK_RELEASE=6 CRONLOCK_REDIS_TIMEOUT=2)
    # (a) dropped while the job runs: the leave must reconnect, or fail and leave the lock to RELEASE.
    start_proxy drop --target "$target"
    rcli DEL "$JOB_KEY" >/dev/null
    cl "$dir/drop" 30 "${vars[@]}" CRONLOCK_PORT="$PROXY_PORT" MARK="$dir/drop-started" SLEEP=2 CODE=5 -- "${JOB[@]}" &
    local runner=$! acquired
    wait_for "$dir/drop-started" 15 || true
    acquired=$(ms)
    sleep 0.3
    kill -USR1 "$PROXY_PID"
    wait "$runner" || true
    stop_proxy
    local ttl gone
    ttl=$(rcli TTL "$JOB_KEY")
    gone=$(key_gone_by "$JOB_KEY" $((acquired + 9000)) || true)
    figure "dropped during the job: exit code, time" "$(cat "$dir/drop.rc") after $(cat "$dir/drop.ms") ms; lock after the run: $(ttl_text "$ttl") ($( [ "$ttl" -le 1 ] && echo "left per GRACE: the leave reconnected" || echo "the leave failed; RELEASE bounds it"))"
    figure "dropped during the job: stderr" "$(head -c 300 "$dir/drop.err" | tr '\n' ' ')"
    check "$(ok [ "$(cat "$dir/drop.rc")" = 5 ])" "dropped during the job: the job's exit code comes back" "rc=$(cat "$dir/drop.rc")"
    check "$(ok [ -n "$gone" ])" "dropped during the job: the lock is gone within RELEASE"
    check "$(ok no_trace "$dir/drop.err")" "dropped during the job: no stack trace"
    # (b) the first connections are refused: the connect loop tries again.
    start_proxy refuse --target "$target" --refuse-first 2
    cl "$dir/refuse" 30 "${base[@]}" CRONLOCK_PORT="$PROXY_PORT" CRONLOCK_RECONNECT_ATTEMPTS=3 CRONLOCK_RECONNECT_BACKOFF=0 \
        -- true refuse-first
    stop_proxy
    figure "first 2 connections aborted, 3 tries allowed" "exit $(cat "$dir/refuse.rc") after $(cat "$dir/refuse.ms") ms"
    check "$(ok [ "$(cat "$dir/refuse.rc")" = 0 ])" "aborted connects: a later try succeeds and the job runs" "rc=$(cat "$dir/refuse.rc"): $(head -c 200 "$dir/refuse.err")"
    start_proxy refuse-all --target "$target" --refuse-first 1000
    cl "$dir/refuse-all" 30 "${base[@]}" CRONLOCK_PORT="$PROXY_PORT" CRONLOCK_RECONNECT_ATTEMPTS=3 CRONLOCK_RECONNECT_BACKOFF=0 \
        MARK="$dir/refuse-all-started" SLEEP=0 CODE=0 -- "${JOB[@]}"
    stop_proxy
    figure "every connection aborted, 3 tries" "exit $(cat "$dir/refuse-all.rc") after $(cat "$dir/refuse-all.ms") ms: $(head -c 200 "$dir/refuse-all.err")"
    check "$(ok [ "$(cat "$dir/refuse-all.rc")" = 201 ] && [ ! -e "$dir/refuse-all-started" ])" "every connect aborted: exit 201, job not started"
    check "$(ok [ "$(lines "$dir/refuse-all.err")" = 1 ])" "every connect aborted: one stderr line"
    # (c) stalled while the job runs: the leave times out after REDIS_TIMEOUT.
    start_proxy stall --target "$target"
    rcli DEL "$JOB_KEY" >/dev/null
    cl "$dir/stall" 30 "${vars[@]}" CRONLOCK_PORT="$PROXY_PORT" MARK="$dir/stall-started" SLEEP=2 CODE=5 -- "${JOB[@]}" &
    runner=$!
    wait_for "$dir/stall-started" 15 || true
    acquired=$(ms)
    kill -USR2 "$PROXY_PID"
    wait "$runner" || true
    stop_proxy
    gone=$(key_gone_by "$JOB_KEY" $((acquired + 9000)) || true)
    figure "stalled during the job (REDIS_TIMEOUT 2 s): exit code, time" "$(cat "$dir/stall.rc") after $(cat "$dir/stall.ms") ms"
    figure "stalled during the job: stderr" "$(head -c 300 "$dir/stall.err" | tr '\n' ' ')"
    check "$(ok [ "$(cat "$dir/stall.rc")" = 5 ])" "stalled during the job: the job's exit code comes back" "rc=$(cat "$dir/stall.rc")"
    check "$(ok [ "$(cat "$dir/stall.ms")" -le $(( (2 + 2 + 4) * 1000 )) ])" "stalled during the job: ends within job + REDIS_TIMEOUT (+4 s slack)" "$(cat "$dir/stall.ms") ms"
    check "$(ok [ -n "$gone" ])" "stalled during the job: the lock is gone within RELEASE"
    check "$(ok no_trace "$dir/stall.err")" "stalled during the job: no stack trace"
    # (d) LEASE across a dropped connection: renewal reconnects, the job is not killed.
    start_proxy lease-drop --target "$target"
    rcli DEL "$JOB_KEY" >/dev/null
    cl "$dir/lease" 40 "${base[@]}" CRONLOCK_PORT="$PROXY_PORT" CRONLOCK_LEASE=3 CRONLOCK_RELEASE=60 CRONLOCK_REDIS_TIMEOUT=2 \
        MARK="$dir/lease-started" SLEEP=5 CODE=5 -- "${JOB[@]}" &
    runner=$!
    wait_for "$dir/lease-started" 15 || true
    sleep 1
    kill -USR1 "$PROXY_PID"
    wait "$runner" || true
    stop_proxy
    figure "LEASE 3 s, connection dropped 1 s into a 5 s job" "exit $(cat "$dir/lease.rc") after $(cat "$dir/lease.ms") ms"
    check "$(ok [ "$(cat "$dir/lease.rc")" = 5 ])" "LEASE: renewal survives a dropped connection, the job completes" "rc=$(cat "$dir/lease.rc"): $(head -c 200 "$dir/lease.err")"
    check "$(ok no_trace "$dir/lease.err")" "LEASE: no stack trace"
    end
    redis_stop proxied
}

# ==================================================================================================
fuzz() {
    begin fuzz "Bad input: ${FUZZ_CASES} random combinations of CRONLOCK_* variables and flags"
    redis_start fuzz
    param "generator" "reliability/fuzz.py, seed 8; settings and value types read from cronlock --help"
    param "values" "valid and invalid per type (seconds, counts, ports, hosts, URLs, paths, switches, text), unknown flags, no command, -- , words for the job that look like options"
    param "invariants" "no stack trace; ends within 30 s; exit code 0 (the job's) or one of 200-204; on 201 exactly one stderr line and no job; on 200 no job; the job ran exactly when exit 0, and never with a mode option (--status, --list, --acquire, --unlock...); stdout empty unless a mode option asked for output; no password in the output"
    local rc=0
    python3 "$REPO_ROOT/reliability/fuzz.py" --binary "$CRONLOCK" --port "$REDIS_PORT" --closed-port "$(free_port)" \
        --cases "$FUZZ_CASES" --parallel 6 --seed 8 --work "$WORK_DIR/fuzz" --out "$WORK_DIR/fuzz.json" || rc=$?
    local summary
    summary=$(python3 - "$WORK_DIR/fuzz.json" 2>/dev/null <<'EOF' || printf '0\t\t0\t1\t0\t0\t0\n'
import json, sys
d = json.load(open(sys.argv[1]))
codes = ", ".join(f"{k}×{v}" for k, v in sorted(d["codes"].items()))
e = d["elapsed_s"]
print(f"{d['cases']}\t{codes}\t{d['ran']}\t{d['violations']}\t{e['median']:.2f}\t{e['max']:.2f}\t{d['settings_fuzzed']}")
for x in d["examples"][:5]:
    print("EXAMPLE\t" + "; ".join(x["problems"]) + " | env " + json.dumps(x["env"]) + " | args " + json.dumps(x["args"]))
EOF
)
    local cases codes ran violations med max nsettings
    IFS=$'\t' read -r cases codes ran violations med max nsettings <<<"$(head -n1 <<<"$summary")"
    figure "cases run" "$cases, over $nsettings options"
    figure "exit codes" "$codes"
    figure "cases where the job ran" "$ran"
    figure "time per case, median / max" "${med} s / ${max} s"
    figure "violations" "$violations"
    check "$(ok [ "$rc" = 0 ] && [ "$violations" = 0 ] && [ "$cases" = "$FUZZ_CASES" ])" "every case kept every invariant" "$violations violation(s); examples in fuzz.json"
    while IFS= read -r line; do
        [ "${line%%$'\t'*}" = EXAMPLE ] && figure "violation" "${line#*$'\t'}"
    done <<<"$summary"
    end
    redis_stop fuzz
}

# The adversarial scenarios (a stalled acquire, a Redlock minority, timer-sized durations, hostile
# files, cronlock killed with SIGKILL).
# shellcheck source=reliability/hardening.sh
source "$REPO_ROOT/reliability/hardening.sh"

# ==================================================================================================
echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)" >"$WORK_DIR/env.txt"
# Scenarios that mostly wait (for a job, a timeout, a period) run in two background chains
# while the CPU-heavy ones (contention, fuzz) run here; each has its own redis-server and proxy,
# and appends its own line to results.jsonl.
skew_start
( redis_killed_during_job; lease_unreachable; redis_restarted_between_runs ) &
chain_redis=$!
background $chain_redis
( redis_unreachable; through_proxy ) &
chain_network=$!
background $chain_network
( orphan_acquire; redlock_minority; long_durations; hostile_files; cronlock_killed ) &
chain_hardening=$!
background $chain_hardening
contention
fuzz
wait "$chain_redis" || true
wait "$chain_network" || true
wait "$chain_hardening" || true
skew_finish
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
expected=16
if [ "$scenarios" -ne "$expected" ]; then
    echo "FAIL: only $scenarios of $expected scenarios reported (a scenario chain died; see the output above)" >&2
    fails=$((fails + 1))
fi
echo "reliability: $((total - fails)) of $total checks held, $fails failed ($(( $(date +%s) - SUITE_STARTED )) s; report: ${doc#"$REPO_ROOT"/})"
[ "$fails" -eq 0 ]
