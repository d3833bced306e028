# shellcheck shell=bash
# Latency added between cronlock and Redis (reliability/proxy.py): each round trip should cost
# its time once, and latency beyond REDIS_TIMEOUT must end the run, bounded, before the job.
latency() {
    local dir="$WORK_DIR/proxy"
    mkdir -p "$dir"
    redis_start latency
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
    redis_stop latency
}
