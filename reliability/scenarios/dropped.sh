# shellcheck shell=bash
# Connections the network drops or stalls (reliability/proxy.py) before a run, while the job runs
# and under LEASE: the job's exit code comes back and the lock never outlives RELEASE.
dropped() {
    local dir="$WORK_DIR/proxy"
    mkdir -p "$dir"
    redis_start dropped
    local target=$REDIS_PORT
    local base=(CRONLOCK_HOST=127.0.0.1 CRONLOCK_GRACE=0)
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
    redis_stop dropped
}
