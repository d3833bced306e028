# shellcheck shell=bash
# Redlock over three masters with LEASE: C is down before the run, and once the job runs B loses
# the lock's keys (as a restart without persistence does). Only A still holds it, one of three,
# while B and C would grant it to another host: renewal must count the lock as lost.
redlock_minority() {
    begin redlock-minority "Redlock: the lock left on a minority of masters mid-run (C down, B lost the keys)"
    local dir="$WORK_DIR/redlock"
    mkdir -p "$dir"
    local pa pb pc lease=3
    redis_start redlock-a && pa=$REDIS_PORT
    redis_start redlock-b && pb=$REDIS_PORT
    redis_start redlock-c && pc=$REDIS_PORT
    redis_stop redlock-c
    param "settings" "HOSTS of three masters, LEASE ${lease} s, REDIS_TIMEOUT 1 s, RECONNECT_ATTEMPTS 1"
    param "job" "sleeps 8 s, exits 7; master C is stopped before the run, master B loses the lock's keys (DEL) 0.5 s after the job starts"
    local vars=(CRONLOCK_HOSTS="127.0.0.1:$pa,127.0.0.1:$pb,127.0.0.1:$pc" CRONLOCK_LEASE="$lease"
        CRONLOCK_REDIS_TIMEOUT=1 CRONLOCK_RECONNECT_ATTEMPTS=1 SLEEP=8 CODE=7)
    local policy runner cut rc elapsed port
    for policy in kill warn; do
        cl "$dir/$policy" 40 "${vars[@]}" CRONLOCK_ON_LOST=$policy MARK="$dir/$policy-started" -- "${JOB[@]}" &
        runner=$!
        wait_for "$dir/$policy-started" 15 || true
        sleep 0.5
        REDIS_PORT=$pb rcli DEL "$JOB_KEY" "{$JOB_KEY}:holder" >/dev/null
        cut=$(ms)
        wait "$runner" || true
        rc=$(cat "$dir/$policy.rc") elapsed=$(( $(ms) - cut ))
        figure "ON_LOST=$policy: exit code, time after B lost the keys" "$rc after $elapsed ms"
        figure "ON_LOST=$policy: stderr" "$(head -c 400 "$dir/$policy.err" | tr '\n' ' ')"
        check "$(ok grep -q 'lock lost: Redlock: only 1 of 3 masters' "$dir/$policy.err")" "ON_LOST=$policy: the loss is logged, naming the minority"
        check "$(ok no_trace "$dir/$policy.err")" "ON_LOST=$policy: no stack trace"
        if [ "$policy" = kill ]; then
            check "$(ok [ "$rc" = 203 ])" "ON_LOST=kill: the job was stopped, exit 203" "rc=$rc"
            check "$(ok [ ! -e "$dir/$policy-started.done" ])" "ON_LOST=kill: the job did not reach its end"
            check "$(ok [ "$elapsed" -le $(( (lease + 3) * 1000 )) ])" "ON_LOST=kill: stopped within LEASE (+3 s slack) of the loss" "${elapsed} ms"
        else
            check "$(ok [ "$rc" = 7 ] && [ -e "$dir/$policy-started.done" ])" "ON_LOST=warn: the job finished and its exit code came back" "rc=$rc"
            check "$(ok grep -q 'warning: the lock was lost' "$dir/$policy.err")" "ON_LOST=warn: a warning says the lock was lost"
        fi
        for port in $pa $pb; do REDIS_PORT=$port rcli DEL "$JOB_KEY" "{$JOB_KEY}:holder" >/dev/null; done
    done
    end
    redis_stop redlock-a
    redis_stop redlock-b
}
