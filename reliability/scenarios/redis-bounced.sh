# shellcheck shell=bash
# Redis killed (SIGKILL) as the job starts and back half a second later, from its AOF: the leave
# may reach the restarted server or fail, and either way the lock must go within RELEASE.
redis_bounced() {
    begin redis-bounced "Redis killed and restarted while the job runs"
    local dir="$WORK_DIR/bounced"
    mkdir -p "$dir"
    redis_start bounced --appendonly yes --appendfsync always
    local release=6
    param "settings" "RELEASE ${release} s, GRACE 1 s, REDIS_TIMEOUT 2 s"
    param "job" "sleeps 3 s, exits 7; Redis is killed as it starts and restarted (AOF) 0.5 s later"
    local vars=(CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$REDIS_PORT" CRONLOCK_RELEASE="$release" CRONLOCK_GRACE=1
        CRONLOCK_REDIS_TIMEOUT=2 CRONLOCK_RECONNECT_ATTEMPTS=1)
    cl "$dir/run" 30 "${vars[@]}" MARK="$dir/started" SLEEP=3 CODE=7 -- "${JOB[@]}" &
    local runner=$! acquired
    wait_for "$dir/started" 15 || true
    acquired=$(ms)
    redis_kill bounced
    sleep 0.5
    redis_start bounced --appendonly yes --appendfsync always
    wait "$runner" || true
    local rc elapsed ttl gone
    rc=$(cat "$dir/run.rc") elapsed=$(cat "$dir/run.ms")
    ttl=$(rcli TTL "$JOB_KEY")
    gone=$(key_gone_by "$JOB_KEY" $((acquired + (release + 3) * 1000)) || true)
    figure "exit code" "$rc"
    figure "cronlock ran for" "$elapsed ms"
    figure "lock right after the run" "$(ttl_text "$ttl") ($( [ "$ttl" -le 2 ] && echo "left per GRACE: the leave reached the restarted server" || echo "the leave failed; RELEASE bounds it"))"
    figure "stderr" "$(head -c 300 "$dir/run.err" | tr '\n' ' ')"
    check "$(ok [ "$rc" = 7 ])" "the job's exit code came back" "rc=$rc"
    check "$(ok [ -n "$gone" ])" "the lock was gone within RELEASE of the start"
    check "$(ok no_trace "$dir/run.err")" "no stack trace"
    end
    redis_stop bounced
}
