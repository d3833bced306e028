# shellcheck shell=bash
# Nothing listens on Redis's port: every connect is refused at once, so cronlock's time is the
# backoff between its tries, and no more; then exit 201, one line, no job.
redis_refused() {
    local dir="$WORK_DIR/unreachable"
    mkdir -p "$dir"
    begin redis-refused "Redis not listening: connection refused on every try"
    local port rc elapsed a=3 b=1
    port=$(free_port)
    local bound=$(( b * a * (a - 1) / 2 ))
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
