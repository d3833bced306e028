# shellcheck shell=bash
# A restart without persistence loses the lock keys and the cached scripts: the next run must
# load the scripts again and work.
redis_restarted() {
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
