# shellcheck shell=bash
# An acquire whose answer never comes: Redis holds cronlock's acquire (CLIENT PAUSE WRITE; PING
# still answers), then stalls whole (DEBUG SLEEP, as during a slow fork or fsync) past REDIS_TIMEOUT
# and past the pause; when it wakes it runs the held acquire although cronlock is gone. (Redis 7.0
# drops a paused client's commands once it disconnects: the pause alone shows the problem only while
# cronlock is still connected.) No lock may be left to the gone process: without the give-back it
# would stay until RELEASE (a day by default) and every later run would exit 200.
orphan_acquire() {
    begin orphan-acquire "Redis stalls right after receiving the acquire; cronlock gives up"
    local dir="$WORK_DIR/answer-lost"
    mkdir -p "$dir"
    redis_start answer-lost --enable-debug-command local
    local vars=(CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$REDIS_PORT" CRONLOCK_REDIS_TIMEOUT=1 CRONLOCK_RECONNECT_ATTEMPTS=1 SLEEP=0 CODE=0)
    param "settings" "REDIS_TIMEOUT 1 s, RECONNECT_ATTEMPTS 1, RELEASE default (86400 s)"
    param "fault" "CLIENT PAUSE 3000 WRITE before the run; DEBUG SLEEP 5 as soon as Redis holds the acquire"
    # A server that served cronlock before has its scripts cached: the acquire is one EVALSHA.
    cl "$dir/warm" 30 "${vars[@]}" -- true
    rcli CLIENT PAUSE 3000 WRITE >/dev/null
    cl "$dir/run" 30 "${vars[@]}" MARK="$dir/started" -- "${JOB[@]}" &
    local runner=$! held="" _
    # Watch for the held acquire for as long as the pause lasts, however slowly cronlock starts on a
    # loaded machine (other scenarios run side by side): a fixed count of polls could end first.
    local until=$(($(date +%s%N) / 1000000 + 2900))
    while [ "$(($(date +%s%N) / 1000000))" -lt "$until" ]; do
        held=$(rcli CLIENT LIST | grep 'flags=b ' | grep -o 'cmd=eval[a-z]*' || true)
        [ -n "$held" ] && break
        sleep 0.02
    done
    rcli DEBUG SLEEP 5 >/dev/null
    wait "$runner" || true
    # Once Redis has let go of cronlock's connection, whatever it sent has run.
    for _ in $(seq 1 100); do
        [ "$(rcli CLIENT LIST | grep -vc 'cmd=client|list' || true)" = 0 ] && break
        sleep 0.05
    done
    local rc elapsed ttl
    rc=$(cat "$dir/run.rc") elapsed=$(cat "$dir/run.ms")
    ttl=$(rcli TTL "$JOB_KEY")
    cl "$dir/next" 30 "${vars[@]}" MARK="$dir/next-started" -- "${JOB[@]}"
    figure "exit code, time" "$rc after $elapsed ms"
    figure "stderr" "$(head -c 300 "$dir/run.err" | tr '\n' ' ')"
    figure "lock once Redis ran the held acquire" "$(ttl_text "$ttl")"
    figure "next run" "exit $(cat "$dir/next.rc")"
    check "$(ok [ -n "$held" ])" "Redis held cronlock's acquire (the fault took effect)"
    check "$(ok [ "$rc" = 201 ] && [ ! -e "$dir/started" ])" "cronlock gave up with exit 201, the job never started" "rc=$rc"
    check "$(ok [ "$elapsed" -le 5000 ])" "it gave up within REDIS_TIMEOUT + one more for the give-back (+3 s slack)" "${elapsed} ms"
    check "$(ok [ "$ttl" = -2 ])" "no lock left behind by the acquire Redis ran after cronlock had gone" "TTL $(ttl_text "$ttl")"
    check "$(ok [ "$(cat "$dir/next.rc")" = 0 ] && [ -e "$dir/next-started" ])" "the next run acquires and runs" "rc=$(cat "$dir/next.rc")"
    check "$(ok no_trace "$dir/run.err")" "no stack trace"
    end
    redis_stop answer-lost
}
