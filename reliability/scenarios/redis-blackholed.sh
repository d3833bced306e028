# shellcheck shell=bash
# Redis black-holed: the TCP connect succeeds and nothing ever answers. cronlock must give up
# within its own bounds (REDIS_TIMEOUT per try, RECONNECT_ATTEMPTS tries, the backoff between
# them) with exit 201 and one line, and never start the job.
redis_blackholed() {
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
}
