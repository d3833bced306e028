#!/usr/bin/env bash
# CronLock's performance evidence, in one command:
#
#   bash bench/run.sh [--quick] [--no-build] [--no-micro]
#
# On Debian/Ubuntu with the .NET 10 SDK it installs what is missing (hyperfine, redis-server,
# redis-tools, strace, GNU time, python3), publishes cronlock (artifacts/bin, or uses
# $CRONLOCK_BINARY) and an AOT hello-world (bench/hello), builds the two peers cronlock is
# measured against (bench/peers: golock's sequence in Go, the C floor), starts its own redis-server on
# 127.0.0.1 and a free port (and an HTTP endpoint for the runs that ping), measures, stops them, and
# writes docs/performance.md with its charts docs/performance-time.svg and docs/performance-scaling.svg.
# Raw data stays in artifacts/bench/.
#
#   --quick     fewer rounds and runs, scaling up to 100 concurrent and 1,000 distinct jobs,
#               no BenchmarkDotNet part; a smoke test of the script: its report goes to
#               artifacts/bench/run-*/ and docs/ is left alone
#   --no-build  use artifacts/bin/cronlock as it is, when present
#   --no-micro  skip the BenchmarkDotNet part (bench/micro)
#
# What is measured, and why this way, is explained in the document it writes.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$REPO_ROOT"

quick="" no_build="" micro=1
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1; micro="" ;;
        --no-build) no_build=--no-build ;;
        --no-micro) micro="" ;;
        -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
        *) die "unknown argument '$arg' (see bash bench/run.sh --help)" ;;
    esac
done

if [ -n "$quick" ]; then
    ROUNDS=2 RUNS=10 RSS_RUNS=5 TRACE_RUNS=5 PHASE_RUNS=10 CONCURRENT="1 10 100" DISTINCT="1 10 100 1000" CMD_RUNS=5
else
    ROUNDS=5 RUNS=30 RSS_RUNS=20 TRACE_RUNS=20 PHASE_RUNS=60 CONCURRENT="1 10 100 1000" DISTINCT="1 10 100 1000 10000" CMD_RUNS=20
fi
DISTINCT_PARALLEL=$((2 * $(nproc)))
SCALING_BUDGET=240 # seconds: a step stops launching after this, and says so

ensure_packages \
    hyperfine:hyperfine \
    redis-server:redis-server \
    redis-cli:redis-tools \
    strace:strace \
    python3:python3 \
    flock:util-linux \
    'clang|gcc:clang'
[ -x /usr/bin/time ] || ensure_packages /usr/bin/time:time

WORK_DIR="$REPO_ROOT/artifacts/bench/run-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$WORK_DIR"
PING_PID=""
cleanup() {
    redis_stop bench
    if [ -n "$PING_PID" ]; then
        kill "$PING_PID" 2>/dev/null || true
        wait "$PING_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT

locate_binary $no_build

# The process floor: bench/hello, published with the same AOT settings as cronlock.
HELLO_DIR="$REPO_ROOT/artifacts/bench/hello"
if stale "$HELLO_DIR/hello" "$REPO_ROOT/bench/hello" "$REPO_ROOT/src/CronLock/NativeAot.props"; then
    info "Publishing the AOT hello-world (bench/hello)"
    publish "$REPO_ROOT/bench/hello" "$(runtime_id)" "$HELLO_DIR" "$WORK_DIR/hello-publish.log"
fi
HELLO="$HELLO_DIR/hello"

# The same cronlock built as .NET builds a native binary by default: a position-independent
# executable with dehydrated type data (src/CronLock/NativeAot.props says why cronlock is not).
PIE_DIR="$REPO_ROOT/artifacts/bench/cronlock-pie"
info "Publishing cronlock as a PIE with dehydrated data, for comparison, unless up to date (artifacts/bench/cronlock-pie)"
publish_copy "$PIE_DIR" "$WORK_DIR/pie-publish.log" -p:PositionIndependentExecutable=true -p:IlcDehydrate=true
CRONLOCK_PIE="$PIE_DIR/bin/cronlock"

# The same cronlock with its phase marks compiled in (src/CronLock/Logging/PhaseMarks.cs), for the
# phase-by-phase timings; from a copy of the sources too.
PHASES_DIR="$REPO_ROOT/artifacts/bench/cronlock-phases"
info "Publishing cronlock with phase marks, for the phase-by-phase timings, unless up to date (artifacts/bench/cronlock-phases)"
publish_copy "$PHASES_DIR" "$WORK_DIR/phases-publish.log" -p:CronLockPhases=true
CRONLOCK_PHASES_BIN="$PHASES_DIR/bin/cronlock"

# Cold cost of each part of a run, one part per process: bench/probe links what cronlock links.
PROBE_DIR="$REPO_ROOT/artifacts/bench/probe"
if stale "$PROBE_DIR/probe" "$REPO_ROOT/bench/probe" "$REPO_ROOT/src/CronLock/Options/Md5.cs" "$REPO_ROOT/src/CronLock/NativeAot.props"; then
    info "Publishing the start-up probe (bench/probe)"
    publish "$REPO_ROOT/bench/probe" "$(runtime_id)" "$PROBE_DIR" "$WORK_DIR/probe-publish.log"
fi
PROBE="$PROBE_DIR/probe"
PROBE_PARTS=(idle cli logger md5-openssl md5-managed libc-probed libc-direct raw-sync raw-async connect connect-sync)

# The yardsticks (bench/peers/README.md): golock's Redis sequence in Go, and the C floor. Rebuilt
# every run (Go's build cache keeps it quick) so that a stale peer is never measured. build.sh
# skips a peer whose packages cannot be installed, with one line saying why; peers.txt keeps that
# line, and the document says which peer is missing instead of leaving it out silently.
PEERS_DIR="$REPO_ROOT/artifacts/bench/peers"
PEERS=(golock-peer floor-peer)
rm -f "${PEERS[@]/#/$PEERS_DIR/}"
info "Building the peers (bench/peers/build.sh)"
bash "$REPO_ROOT/bench/peers/build.sh" "$PEERS_DIR" 2>"$WORK_DIR/peers-build.log" || true
declare -A PEER
BUILT_PEERS=()
: >"$WORK_DIR/peers.txt"
for peer in "${PEERS[@]}"; do
    if [ -x "$PEERS_DIR/$peer" ]; then
        PEER[$peer]="$PEERS_DIR/$peer"
        BUILT_PEERS+=("$peer")
        echo "$peer=built" >>"$WORK_DIR/peers.txt"
    else
        reason="$(sed -n "s/^==> not building $peer: //p" "$WORK_DIR/peers-build.log")"
        reason="${reason:-its build failed (see peers-build.log)}"
        info "Not measuring $peer: $reason"
        echo "$peer=not built: $reason" >>"$WORK_DIR/peers.txt"
    fi
done

redis_start bench
info "redis-server on 127.0.0.1:$REDIS_PORT; results in ${WORK_DIR#"$REPO_ROOT"/}"

# The Healthchecks endpoint of the cronlock-ping runs: plain HTTP on 127.0.0.1, 200 and an empty
# body to every request; pings.log has one line per request it answered.
python3 "$REPO_ROOT/bench/tools/ping_server.py" "$WORK_DIR/ping.port" "$WORK_DIR/pings.log" &
PING_PID=$!
for _ in $(seq 1 200); do [ -s "$WORK_DIR/ping.port" ] && break; sleep 0.05; done
[ -s "$WORK_DIR/ping.port" ] || die "the ping server (bench/tools/ping_server.py) did not start"
PING_URL="http://127.0.0.1:$(cat "$WORK_DIR/ping.port")/ping/bench"
METRICS_DIR="$WORK_DIR/metrics"
mkdir -p "$METRICS_DIR"

# Every cronlock below reaches this server; GRACE 0 so that the lock of a finished run lasts at
# most to the end of its second, and the lock key is cleared before each timed run (hyperfine
# --prepare) so every timed run acquires: the path a crontab line takes on the host that wins.
while IFS= read -r var; do unset "$var"; done < <(env | sed -n 's/^\(CRONLOCK_[A-Z_]*\)=.*/\1/p' | grep -v '^CRONLOCK_BINARY$' || true)
export CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$REDIS_PORT" CRONLOCK_GRACE=0

KEY="cronlock.$(printf '%s' true | md5sum | cut -d' ' -f1)"
FLOCK_FILE="$WORK_DIR/flock.lock"
: >"$FLOCK_FILE"
R="redis-cli -h 127.0.0.1 -p $REDIS_PORT"

# --- environment -------------------------------------------------------------------------------
{
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
    echo "cores=$(nproc)"
    echo "kernel=$(uname -sr)"
    echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "dotnet=$(dotnet --version 2>/dev/null || echo none)"
    echo "redis=$(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/')"
    echo "hyperfine=$(hyperfine --version | cut -d' ' -f2)"
    echo "cronlock=$("$CRONLOCK" --version 2>&1 | head -n1)"
    echo "cronlock_size=$(stat -c %s "$CRONLOCK")"
    echo "cronlock_path=$CRONLOCK"
    echo "hello_size=$(stat -c %s "$HELLO")"
    echo "cronlock_pie_size=$(stat -c %s "$CRONLOCK_PIE")"
    echo "quick=${quick:-0}"
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$WORK_DIR/env.txt"

# The script SHAs and the scripts themselves land in the server once; the first run after a
# restart pays an EVAL. Every timed run below finds them loaded, as on a long-lived server.
CRONLOCK_GRACE=0 "$CRONLOCK" true >/dev/null 2>&1 || true
$R DEL "$KEY" >/dev/null

# --- 1. wall time: hyperfine, in rounds ---------------------------------------------------------
# One hyperfine call per round runs every command; the order flips every round, so a drift in
# the machine's load (other jobs share it) hits all commands alike, and each ratio is taken
# within one round. Shell mode: hyperfine subtracts the cost of spawning the shell, so the shell
# pair and the single binaries are compared on what they do themselves (a crontab line pays one
# sh -c for either).
names=(cronlock cronlock-ping cronlock-quiet cronlock-metrics cronlock-json "${BUILT_PEERS[@]}" flock pair hello cronlock-held cronlock-key version bad-setting reset-key reset cronlock-pie)
declare -A cmd prep
cmd[cronlock]="$CRONLOCK true"
prep[cronlock]="$R DEL $KEY"
# The same run with one reporting setting each (none of them changes the key): pings to the
# local server, quiet mode, the textfile-collector file, JSON log lines.
declare -A reporting=(
    [cronlock-ping]="CRONLOCK_PING_URL=$PING_URL"
    [cronlock-quiet]="CRONLOCK_QUIET=yes"
    [cronlock-metrics]="CRONLOCK_METRICS_DIR=$METRICS_DIR"
    [cronlock-json]="CRONLOCK_LOG_FORMAT=json"
)
for n in "${!reporting[@]}"; do
    cmd[$n]="${reporting[$n]} $CRONLOCK true"
    prep[$n]="$R DEL $KEY"
done
# The peers lock the key cronlock locks for the same arguments, and read the same CRONLOCK_*
# settings (GRACE 0 included), so the same prepare step makes every one of their runs acquire.
for peer in "${BUILT_PEERS[@]}"; do
    cmd[$peer]="${PEER[$peer]} true"
    prep[$peer]="$R DEL $KEY"
done
cmd[flock]="flock -n $FLOCK_FILE true"
prep[flock]="$R DEL $KEY"
cmd[pair]="$R SET bench.pair v NX EX 60 && true; $R DEL bench.pair"
prep[pair]="$R DEL $KEY"
cmd[hello]="$HELLO"
prep[hello]="$R DEL $KEY"
# The host that loses: the lock is held, cronlock exits 200 without running anything.
cmd[cronlock-held]="$CRONLOCK true"
prep[cronlock-held]="$R SET $KEY 4102444800 EX 3600"
# The rungs of a ladder that splits a run's cost (see the document).
cmd[cronlock-key]="CRONLOCK_KEY=bench.fixed $CRONLOCK true"
prep[cronlock-key]="$R DEL cronlock.bench.fixed"
cmd[version]="$CRONLOCK --version"
prep[version]="$R DEL $KEY"
cmd[bad-setting]="CRONLOCK_GRACE=x $CRONLOCK true"
prep[bad-setting]="$R DEL $KEY"
cmd[reset-key]="CRONLOCK_RESET=yes CRONLOCK_KEY=bench.fixed $CRONLOCK true"
prep[reset-key]="$R DEL $KEY"
cmd[reset]="CRONLOCK_RESET=yes $CRONLOCK true"
prep[reset]="$R DEL $KEY"
# The same run, by the PIE build with dehydrated data.
cmd[cronlock-pie]="$CRONLOCK_PIE true"
prep[cronlock-pie]="$R DEL $KEY"

for round in $(seq 1 "$ROUNDS"); do
    order=("${names[@]}")
    if [ $((round % 2)) -eq 0 ]; then
        order=()
        for ((i = ${#names[@]} - 1; i >= 0; i--)); do order+=("${names[$i]}"); done
    fi
    args=()
    for n in "${order[@]}"; do args+=(-n "$n" "${cmd[$n]}"); done
    for n in "${order[@]}"; do args+=(--prepare "${prep[$n]}"); done
    info "Wall time, round $round of $ROUNDS ($RUNS runs of ${#names[@]} commands; load $(cut -d' ' -f1 /proc/loadavg))"
    hyperfine --style basic -i -w 3 -r "$RUNS" --export-json "$WORK_DIR/hyperfine-$round.json" "${args[@]}" \
        >"$WORK_DIR/hyperfine-$round.log" 2>&1 || { cat "$WORK_DIR/hyperfine-$round.log" >&2; die "hyperfine failed"; }
    # The probe's parts, no shell (-N): each is one process doing one thing.
    args=(-n hello "$HELLO")
    for part in "${PROBE_PARTS[@]}"; do args+=(-n "probe-$part" "$PROBE $part $REDIS_PORT"); done
    hyperfine --style basic -N -w 3 -r "$RUNS" --export-json "$WORK_DIR/probe-$round.json" "${args[@]}" \
        >"$WORK_DIR/probe-$round.log" 2>&1 || { cat "$WORK_DIR/probe-$round.log" >&2; die "hyperfine (probe) failed"; }
done
$R DEL "$KEY" cronlock.bench.fixed >/dev/null

# --- 2. peak RSS (GNU time's maximum resident set size), page faults, context switches -----------
info "Peak RSS ($RSS_RUNS runs each)"
rss() { # rss NAME PREPARE COMMAND...
    local name="$1" prepare="$2" i
    shift 2
    for i in $(seq 1 "$RSS_RUNS"); do
        sh -c "$prepare" >/dev/null
        /usr/bin/time -o "$WORK_DIR/time.out" -f '%M %R %w %c' "$@" >/dev/null 2>&1 || true
        printf '%s\t%s\n' "$name" "$(tail -n1 "$WORK_DIR/time.out" | tr ' ' '\t')" >>"$WORK_DIR/rss.tsv"
    done
}
: >"$WORK_DIR/rss.tsv"
rss cronlock "$R DEL $KEY" "$CRONLOCK" true
for n in cronlock-ping cronlock-quiet cronlock-metrics cronlock-json; do
    rss "$n" "$R DEL $KEY" env "${reporting[$n]}" "$CRONLOCK" true
done
rss cronlock-held "$R SET $KEY 4102444800 EX 3600" "$CRONLOCK" true
rss cronlock-key "$R DEL cronlock.bench.fixed" env CRONLOCK_KEY=bench.fixed "$CRONLOCK" true
rss version true "$CRONLOCK" --version
rss bad-setting true env CRONLOCK_GRACE=x "$CRONLOCK" true
rss reset-key true env CRONLOCK_RESET=yes CRONLOCK_KEY=bench.fixed "$CRONLOCK" true
rss reset true env CRONLOCK_RESET=yes "$CRONLOCK" true
rss cronlock-pie "$R DEL $KEY" "$CRONLOCK_PIE" true
for peer in "${BUILT_PEERS[@]}"; do rss "$peer" "$R DEL $KEY" "${PEER[$peer]}" true; done
rss flock true flock -n "$FLOCK_FILE" true
rss redis-cli true $R SET bench.pair v NX EX 60
rss hello true "$HELLO"
rss true true true
for part in "${PROBE_PARTS[@]}"; do rss "probe-$part" true "$PROBE" "$part" "$REDIS_PORT"; done
$R DEL "$KEY" cronlock.bench.fixed bench.pair >/dev/null
# What the resident set is made of: /proc/PID/smaps of a cronlock whose job (sleep) is running.
"$CRONLOCK" sleep 2 >/dev/null 2>&1 &
smaps_pid=$!
for i in $(seq 1 100); do pgrep -P "$smaps_pid" -x sleep >/dev/null && break; sleep 0.02; done
cp "/proc/$smaps_pid/smaps" "$WORK_DIR/smaps.txt" 2>/dev/null || true
wait "$smaps_pid" || true
$R DEL "cronlock.$(printf '%s' 'sleep 2' | md5sum | cut -d' ' -f1)" >/dev/null

# --- 3. Redis commands per run -------------------------------------------------------------------
# (a) INFO commandstats deltas over CMD_RUNS uncontended runs: every command the server
#     executed, including those inside CronLock's scripts.
# (b) MONITOR: what the client itself sends (script-internal commands show as "lua" and are not
#     counted), one run at a time, with the connection handshake split off.
info "Redis commands per run (INFO commandstats over $CMD_RUNS runs, MONITOR of single runs)"
$R CONFIG RESETSTAT >/dev/null
for i in $(seq 1 "$CMD_RUNS"); do
    $R DEL "$KEY" >/dev/null
    "$CRONLOCK" true >/dev/null 2>&1
done
# The DELs above are ours: the delta subtracts them and the stats calls (see load_commandstats in
# bench/tools/measurements.py).
$R INFO commandstats >"$WORK_DIR/commandstats-cronlock.txt"
echo "$CMD_RUNS" >"$WORK_DIR/commandstats-runs.txt"

monitor() { # monitor NAME PREPARE COMMAND (a sh -c string)
    local name="$1" prepare="$2" command="$3" file="$WORK_DIR/monitor-$1.txt" pid i
    sh -c "$prepare" >/dev/null 2>&1
    $R MONITOR >"$file" 2>/dev/null &
    pid=$!
    for i in $(seq 1 100); do [ -s "$file" ] && break; $R ECHO bench.monitor.start >/dev/null; sleep 0.02; done
    sh -c "$command" >/dev/null 2>&1 || true
    $R ECHO bench.monitor.end >/dev/null
    for i in $(seq 1 200); do grep -q bench.monitor.end "$file" && break; sleep 0.02; done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
monitor cronlock-cold "$R SCRIPT FLUSH; $R DEL $KEY" "$CRONLOCK true"
monitor cronlock "$R DEL $KEY" "$CRONLOCK true"
monitor cronlock-held "$R SET $KEY 4102444800 EX 3600" "$CRONLOCK true"
monitor reset "$R DEL $KEY" "CRONLOCK_RESET=yes $CRONLOCK true"
monitor pair "$R DEL bench.pair" "$R SET bench.pair v NX EX 60 && true; $R DEL bench.pair"
$R DEL "$KEY" >/dev/null

# --- 4. where one run's time goes: strace timestamps -------------------------------------------
# --seccomp-bpf stops the process only at the traced system calls, which keeps the tracing
# overhead low; the segments are cut at: execve, connect(), the acquire EVALSHA and its reply,
# the job's execve and exit, the leave EVALSHA's reply, and the process's end. One more run traces
# openat as well, to count the files a run opens (that many stops would distort the timings).
info "Where the time goes (strace of $TRACE_RUNS runs)"
for i in $(seq 1 "$TRACE_RUNS"); do
    $R DEL "$KEY" >/dev/null
    strace --seccomp-bpf -f -ttt -s 40 -o "$WORK_DIR/strace-$i.txt" \
        -e trace=execve,connect,sendto,recvfrom,clone,clone3,vfork,exit_group,wait4 \
        "$CRONLOCK" true >/dev/null 2>&1 || true
done
$R DEL "$KEY" >/dev/null
strace --seccomp-bpf -f -ttt -o "$WORK_DIR/strace-files.txt" -e trace=openat,execve \
    "$CRONLOCK" true >/dev/null 2>&1 || true
$R DEL "$KEY" >/dev/null
# What each program asks of the kernel in one run, next to the peers': the threads it starts
# (clone/clone3; the job's own process counts once in each), and the futex waits and
# sched_yield calls that mark hand-offs between threads rather than work.
for name in cronlock "${BUILT_PEERS[@]}"; do
    binary="$CRONLOCK"
    [ "$name" = cronlock ] || binary="${PEER[$name]}"
    for i in $(seq 1 "$CMD_RUNS"); do
        $R DEL "$KEY" >/dev/null
        strace -f -c -o "$WORK_DIR/syscalls-$name-$i.txt" "$binary" true >/dev/null 2>&1 || true
    done
done
$R DEL "$KEY" >/dev/null

# Phase by phase, without a tracer: the build with phase marks (bench/tools/phases.py).
info "Phase by phase ($PHASE_RUNS runs of the build with phase marks)"
python3 "$REPO_ROOT/bench/tools/phases.py" "$CRONLOCK_PHASES_BIN" "$REDIS_PORT" "$PHASE_RUNS" "$WORK_DIR/phases.tsv"
$R DEL "$KEY" >/dev/null

# --- 5. scaling ---------------------------------------------------------------------------------
# One job, N copies started at once (N hosts racing for the same lock; GRACE 40 so the
# winner's lock covers the whole burst): exactly one must run.
info "Scaling: $CONCURRENT concurrent runs of one job; $DISTINCT distinct jobs ($DISTINCT_PARALLEL at a time)"
for n in $CONCURRENT; do
    $R DEL "$KEY" >/dev/null
    $R CONFIG RESETSTAT >/dev/null
    CRONLOCK_GRACE=40 python3 "$REPO_ROOT/bench/tools/burst.py" --n "$n" --parallel "$n" --budget "$SCALING_BUDGET" \
        --stderr "$WORK_DIR/concurrent-$n.stderr" --out "$WORK_DIR/concurrent-$n.json" -- "$CRONLOCK" true
    $R INFO commandstats >"$WORK_DIR/concurrent-$n.commandstats"
done
$R DEL "$KEY" >/dev/null
# N distinct jobs (N crontab lines, each its own key), DISTINCT_PARALLEL at a time, on a server
# that starts empty; what the server holds afterwards shows what each job leaves behind.
for n in $DISTINCT; do
    $R FLUSHALL >/dev/null
    $R SCRIPT FLUSH >/dev/null
    "$CRONLOCK" true >/dev/null 2>&1 || true # load the scripts
    $R FLUSHALL >/dev/null
    $R INFO memory | tr -d '\r' | grep '^used_memory:' >"$WORK_DIR/distinct-$n.memory"
    python3 "$REPO_ROOT/bench/tools/burst.py" --n "$n" --parallel "$DISTINCT_PARALLEL" --budget "$SCALING_BUDGET" \
        --stderr "$WORK_DIR/distinct-$n.stderr" --out "$WORK_DIR/distinct-$n.json" -- "$CRONLOCK" true "job-{i}"
    {
        $R INFO memory | tr -d '\r' | grep '^used_memory:'
        echo "keys:$($R DBSIZE)"
        $R INFO keyspace | tr -d '\r' | grep '^db0:' || true
    } >>"$WORK_DIR/distinct-$n.memory"
done
$R FLUSHALL >/dev/null

# --- 6. in-process parts: BenchmarkDotNet -------------------------------------------------------
if [ -n "$micro" ]; then
    info "In-process parts (BenchmarkDotNet, bench/micro; a few minutes)"
    if BENCH_REDIS_PORT="$REDIS_PORT" dotnet run -c Release --project "$REPO_ROOT/bench/micro" -- \
        --filter '*' --artifacts "$WORK_DIR/micro" >"$WORK_DIR/micro.log" 2>&1; then
        :
    else
        tail -n 30 "$WORK_DIR/micro.log" >&2
        info "BenchmarkDotNet failed (log: ${WORK_DIR#"$REPO_ROOT"/}/micro.log); the document leaves that part out"
    fi
fi

echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$WORK_DIR/env.txt"
redis_stop bench
kill "$PING_PID" 2>/dev/null || true
wait "$PING_PID" 2>/dev/null || true
PING_PID=""

# --- report --------------------------------------------------------------------------------------
# A --quick run is a smoke test: its report stays beside its raw data, docs/ keeps the full run's.
out_dir="$REPO_ROOT/docs"
[ -z "$quick" ] || out_dir="$WORK_DIR"
python3 "$REPO_ROOT/bench/tools/report.py" "$WORK_DIR" "$out_dir"
info "Wrote ${out_dir#"$REPO_ROOT"/}/performance.md, performance-time.svg, performance-scaling.svg (raw data: ${WORK_DIR#"$REPO_ROOT"/})"
