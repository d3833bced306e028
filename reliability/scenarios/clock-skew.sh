# shellcheck shell=bash
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
SKEW=10 PERIOD=20 SKEW_GRACE=15
clock_skew_start() {
    redis_start skew
    SKEW_PORT=$REDIS_PORT
    local base=$(( $(date +%s) + SKEW + 3 ))
    # shellcheck disable=SC2016 # the job's shell expands them
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

clock_skew_finish() {
    local pid k runs control b_clock
    for pid in "${SKEW_PIDS[@]}"; do
        while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$SKEW_DEADLINE" ]; do sleep 0.2; done
        kill "$pid" 2>/dev/null || true
    done
    begin clock-skew "Two hosts whose clocks are ${SKEW} s apart run a 1 s job once per period, thanks to GRACE"
    # It ran in the background while the other scenarios ran: its time is up to its last firing.
    local last
    last=$(awk '{ if ($5 > m) m = $5 } END { printf "%.0f", m * 1000 }' "$SKEW_LOG.A" "$SKEW_LOG.B" 2>/dev/null || echo 0)
    # shellcheck disable=SC2034 # read by end
    SCENARIO_STARTED=$(( SKEW_STARTED + $(ms) - last - 2000 ))
    param "hosts" "A (real clock) and B (libfaketime, clock +${SKEW} s), each a loop that fires the job at the start of every ${PERIOD} s period of its own clock (reliability/cron-host.sh)"
    param "note" "B's cronlock runs without libfaketime's preload, which stalls multi-threaded programs at random (see the comment in reliability/scenarios/clock-skew.sh); a separate check runs cronlock itself on a clock 1 day fast"
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
