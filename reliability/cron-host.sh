#!/usr/bin/env bash
# A stand-in for one host's cron daemon, for the clock-skew scenario of the reliability suite
# (reliability/scenarios/clock-skew.sh):
#
#   cron-host.sh NAME BASE PERIOD COUNT LOG -- cronlock-command...
#
# Fires the command COUNT times, at BASE, BASE+PERIOD, ... (unix seconds) as read from THIS
# process's clock, the way cron fires at minute boundaries of the host's own clock. Run it under
# `faketime -f +10s` and it fires 10 s (real time) early, like a host whose clock is 10 s fast.
# Each firing appends "period name exit-code own-clock real-clock" to LOG (the real clock read
# without libfaketime's preload); the command gets PERIOD and CRON_HOST in its environment.
set -uo pipefail

name="$1" base="$2" period="$3" count="$4" log="$5"
shift 5
[ "${1:-}" = -- ] && shift

for ((k = 0; k < count; k++)); do
    target=$((base + k * period))
    while :; do
        now="$(date +%s.%N)"
        # Compare as integers of milliseconds; date is the clock libfaketime shifts.
        now_ms="${now%.*}${now#*.}"
        now_ms="${now_ms:0:13}"
        [ "$now_ms" -ge $((target * 1000)) ] && break
        sleep 0.05
    done
    real="$(env -u LD_PRELOAD date +%s.%N)"
    PERIOD="$k" CRON_HOST="$name" "$@" >/dev/null 2>>"$log.stderr"
    rc=$?
    echo "$k $name $rc $now $real" >>"$log"
done
