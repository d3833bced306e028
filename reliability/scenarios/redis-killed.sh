# shellcheck shell=bash
# Redis killed (SIGKILL) while the job runs, and back (from its AOF, so with the lock and its TTL)
# only once the job has ended: the leave fails, and the lock must still go within RELEASE.
redis_killed() {
    begin redis-killed "Redis killed (SIGKILL) while the job runs, and stays down until the job has ended"
    local dir="$WORK_DIR/killed"
    mkdir -p "$dir"
    redis_start killed --appendonly yes --appendfsync always
    local release=6 port=$REDIS_PORT
    param "settings" "RELEASE ${release} s, GRACE 1 s, REDIS_TIMEOUT 2 s, RECONNECT_ATTEMPTS 1"
    param "job" "sleeps 2 s, exits 7; Redis is killed as soon as it starts"
    param "redis" "AOF with appendfsync always, so the restarted server still has the lock, with its TTL"
    local vars=(CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$port" CRONLOCK_RELEASE="$release" CRONLOCK_GRACE=1
        CRONLOCK_REDIS_TIMEOUT=2 CRONLOCK_RECONNECT_ATTEMPTS=1 MARK="$dir/started" SLEEP=2 CODE=7)
    cl "$dir/run" 30 "${vars[@]}" -- "${JOB[@]}" &
    local runner=$! acquired
    wait_for "$dir/started" 15 || true
    acquired=$(ms)
    redis_kill killed
    wait "$runner" || true
    local rc elapsed
    rc=$(cat "$dir/run.rc") elapsed=$(cat "$dir/run.ms")
    redis_start killed --appendonly yes --appendfsync always
    local ttl gone
    ttl=$(rcli TTL "$JOB_KEY")
    gone=$(key_gone_by "$JOB_KEY" $((acquired + (release + 3) * 1000)) || true)
    figure "exit code" "$rc (the job's: 7)"
    figure "cronlock ran for" "$elapsed ms (job 2 s + the failed leave, bounded by REDIS_TIMEOUT)"
    figure "stderr" "$(head -c 300 "$dir/run.err" | tr '\n' ' ')"
    figure "lock TTL when Redis came back" "$(ttl_text "$ttl")"
    figure "lock gone, counted from the job's start" "$([ -n "$gone" ] && since "$acquired" "$gone" || echo "not within RELEASE + 3 s")"
    check "$(ok [ "$rc" = 7 ])" "the job finished and its exit code came back" "rc=$rc"
    check "$(ok [ "$elapsed" -le $(( (2 + 2 + 4) * 1000 )) ])" "cronlock ended within job + REDIS_TIMEOUT (+4 s slack)" "${elapsed} ms"
    check "$(ok [ -n "$gone" ])" "the lock was gone within RELEASE (${release} s) of the start (+2 s slack)"
    check "$(ok no_trace "$dir/run.err")" "no stack trace"
    # The next run works.
    cl "$dir/next" 30 "${vars[@]}" MARK="$dir/next-started" SLEEP=0 CODE=0 -- "${JOB[@]}"
    figure "next run, once the lock expired" "exit $(cat "$dir/next.rc")"
    check "$(ok [ "$(cat "$dir/next.rc")" = 0 ])" "the next run acquires and runs" "rc=$(cat "$dir/next.rc")"
    end
    redis_stop killed
}
