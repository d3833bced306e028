# shellcheck shell=bash
# With LEASE the key's TTL is the lease, renewed while the job runs. Redis is made unreachable
# (the proxy stalls every connection) rather than killed, so the test can watch the key expire on
# the live server.
lease_unreachable() {
    begin lease-unreachable "With LEASE: Redis unreachable while the job runs"
    local dir="$WORK_DIR/lease"
    mkdir -p "$dir"
    redis_start lease
    local target=$REDIS_PORT lease=3 release=60
    param "settings" "LEASE ${lease} s, RELEASE ${release} s, GRACE 1 s, REDIS_TIMEOUT 1 s, KILL_AFTER 1 s"
    param "job" "sleeps 8 s (past the lease's end with room for a loaded machine's timer slips), exits 7; 0.5 s after it starts the proxy in front of Redis stalls every connection"
    local vars=(CRONLOCK_HOST=127.0.0.1 CRONLOCK_RELEASE="$release" CRONLOCK_LEASE="$lease" CRONLOCK_GRACE=1
        CRONLOCK_REDIS_TIMEOUT=1 CRONLOCK_RECONNECT_ATTEMPTS=1 CRONLOCK_KILL_AFTER=1 SLEEP=8 CODE=7)
    local policy runner cut rc elapsed gone ttl
    for policy in warn kill; do
        start_proxy "lease-$policy" --target "$target"
        rcli DEL "$JOB_KEY" >/dev/null
        cl "$dir/$policy" 40 "${vars[@]}" CRONLOCK_PORT="$PROXY_PORT" CRONLOCK_ON_LOST=$policy MARK="$dir/$policy-started" -- "${JOB[@]}" &
        runner=$!
        wait_for "$dir/$policy-started" 15 || true
        sleep 0.5
        kill -USR2 "$PROXY_PID"
        cut=$(ms)
        ttl=$(rcli TTL "$JOB_KEY")
        gone=$(key_gone_by "$JOB_KEY" $((cut + (lease + 3) * 1000)) || true)
        wait "$runner" || true
        stop_proxy
        rc=$(cat "$dir/$policy.rc") elapsed=$(cat "$dir/$policy.ms")
        figure "ON_LOST=$policy: exit code, time" "$rc after $elapsed ms"
        figure "ON_LOST=$policy: lock on the live server" "TTL $(ttl_text "$ttl") when cut off; gone $([ -n "$gone" ] && since "$cut" "$gone" || echo "not within LEASE + 3 s") after"
        figure "ON_LOST=$policy: stderr" "$(head -c 300 "$dir/$policy.err" | tr '\n' ' ')"
        check "$(ok [ -n "$gone" ])" "ON_LOST=$policy: the lock was gone within LEASE (${lease} s, +3 s slack) of the cut, long before RELEASE (${release} s)"
        check "$(ok no_trace "$dir/$policy.err")" "ON_LOST=$policy: no stack trace"
        if [ "$policy" = warn ]; then
            check "$(ok [ "$rc" = 7 ] && [ -e "$dir/$policy-started.done" ])" "ON_LOST=warn: the job finished and its exit code came back" "rc=$rc"
            check "$(ok [ "$elapsed" -le $(( (8 + 1 + 4) * 1000 )) ])" "ON_LOST=warn: ended within job + REDIS_TIMEOUT (+4 s slack)" "${elapsed} ms"
        else
            check "$(ok [ "$rc" = 203 ])" "ON_LOST=kill: the job was stopped when the lease could not be renewed, exit 203" "rc=$rc"
            check "$(ok [ ! -e "$dir/$policy-started.done" ])" "ON_LOST=kill: the job did not reach its end"
        fi
    done
    end
    redis_stop lease
}
