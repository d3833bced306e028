#!/usr/bin/env bash
# Compares variants of one run (two builds, or one build under different settings) on a busy
# machine, where two separate timings would each see a different load:
#
#   bash bench/ab.sh [--rounds N] [--runs N] [--rusage-runs N] [--out DIR] NAME='COMMAND true' ...
#
#   bash bench/ab.sh base='artifacts/bin/cronlock true' \
#       spin0='DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 artifacts/bin/cronlock true' \
#       golock='artifacts/bench/peers/golock-peer true'
#
# Every variant runs in the same hyperfine call, round after round, the order reversed every
# other round, with the lock key of the job `true` deleted before each timed run (so every run
# acquires; each COMMAND must run `true` as its job). It starts its own redis-server on
# 127.0.0.1 and sets CRONLOCK_HOST/PORT and CRONLOCK_GRACE=0 as bench/run.sh does. It prints,
# per variant, the median of each round, the pooled median, and the ratio to the first variant
# (of the pooled medians, and the lowest and highest per round), with the load average of each
# round. Then bench/tools/ab_rusage.py runs the variants interleaved, one run each in turn, and
# prints the CPU time, page faults and context switches of each (the kernel's accounting, less
# sensitive to a busy machine than wall time). The hyperfine JSON stays in DIR (default
# artifacts/bench/ab-<time>). --rounds 0 or --rusage-runs 0 skips a part.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$REPO_ROOT"

rounds=6 runs=20 rusage_runs=60 out=""
names=() commands=()
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --rusage-runs) rusage_runs="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        -h | --help) sed -n '2,21p' "$0"; exit 0 ;;
        *=*) names+=("${1%%=*}"); commands+=("${1#*=}"); shift ;;
        *) die "unknown argument '$1' (see bash bench/ab.sh --help)" ;;
    esac
done
[ "${#names[@]}" -ge 2 ] || die "give at least two NAME='COMMAND true' variants"
ensure_packages hyperfine:hyperfine redis-server:redis-server redis-cli:redis-tools python3:python3

out="${out:-$REPO_ROOT/artifacts/bench/ab-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
WORK_DIR="$out" # where redis_start keeps the server's files
trap 'redis_stop ab' EXIT
redis_start ab
export CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$REDIS_PORT" CRONLOCK_GRACE=0
KEY="cronlock.$(printf '%s' true | md5sum | cut -d' ' -f1)"
R="redis-cli -h 127.0.0.1 -p $REDIS_PORT"
# Load the scripts once, as on a long-lived server.
for c in "${commands[@]}"; do sh -c "$c" >/dev/null 2>&1 || true; $R DEL "$KEY" >/dev/null; done

: >"$out/load.txt"
for round in $(seq 1 "$rounds"); do
    order=()
    for i in "${!names[@]}"; do order+=("$i"); done
    if [ $((round % 2)) -eq 0 ]; then
        order=()
        for ((i = ${#names[@]} - 1; i >= 0; i--)); do order+=("$i"); done
    fi
    args=()
    for i in "${order[@]}"; do args+=(-n "${names[$i]}" "${commands[$i]}"); done
    for i in "${order[@]}"; do args+=(--prepare "$R DEL $KEY"); done
    load="$(cut -d' ' -f1 /proc/loadavg)"
    echo "$round $load" >>"$out/load.txt"
    info "Round $round of $rounds ($runs runs of ${#names[@]} variants; load $load)"
    hyperfine --style basic -i -w 3 -r "$runs" --export-json "$out/round-$round.json" "${args[@]}" \
        >"$out/round-$round.log" 2>&1 || { cat "$out/round-$round.log" >&2; die "hyperfine failed"; }
done

[ "$rounds" -gt 0 ] && python3 - "$out" "${names[@]}" <<'EOF'
import glob, json, os, re, statistics, sys
out, names = sys.argv[1], sys.argv[2:]
rounds = sorted(glob.glob(os.path.join(out, "round-*.json")), key=lambda p: int(re.search(r"-(\d+)\.json$", p).group(1)))
per_round, pooled, codes = {n: [] for n in names}, {n: [] for n in names}, {n: set() for n in names}
for path in rounds:
    for r in json.load(open(path))["results"]:
        times = [t * 1000 for t in r["times"]]
        per_round[r["command"]].append(statistics.median(times))
        pooled[r["command"]].extend(times)
        codes[r["command"]].update(r.get("exit_codes") or [])
load = open(os.path.join(out, "load.txt")).read().split()[1::2]
base = names[0]
print(f"load average per round: {' '.join(load)}")
print(f"{'variant':<16} {'per-round medians ms':<48} {'median':>7} {'vs ' + base:>12} {'per round':>14}  exit")
for n in names:
    med = statistics.median(pooled[n])
    rs = [a / b for a, b in zip(per_round[n], per_round[base])]
    print(f"{n:<16} {' '.join(f'{x:.2f}' for x in per_round[n]):<48} {med:7.2f} "
          f"{med / statistics.median(pooled[base]):11.3f}× {min(rs):6.3f}–{max(rs):.3f}×  {sorted(codes[n])}")
EOF

if [ "$rusage_runs" -gt 0 ]; then
    variants=()
    for i in "${!names[@]}"; do variants+=("${names[$i]}=${commands[$i]}"); done
    python3 "$REPO_ROOT/bench/tools/ab_rusage.py" --port "$REDIS_PORT" --key "$KEY" --runs "$rusage_runs" "${variants[@]}" |
        tee "$out/rusage.txt"
fi
