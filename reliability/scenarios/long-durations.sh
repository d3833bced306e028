# shellcheck shell=bash
# Durations past what a .NET timer holds (~49.7 days in milliseconds) once made cronlock exit 201
# while the job ran on, and give the lock back.
long_durations() {
    begin long-durations "Durations longer than a .NET timer can hold (about 49.7 days)"
    local dir="$WORK_DIR/durations"
    mkdir -p "$dir"
    redis_start durations
    local big=5000000 huge=13000000
    param "settings" "TIMEOUT and KILL_AFTER of ${big} s (57 days), LEASE and RELEASE of ${huge} s (150 days: a third of it, the wait between renewals, is past a timer's reach too); GRACE 30 s"
    local vars=(CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$REDIS_PORT" CRONLOCK_GRACE=30)
    cl "$dir/timeout" 30 "${vars[@]}" CRONLOCK_TIMEOUT=$big -- sh -c 'exit 7' timeout
    local key ttl
    key="cronlock.$(printf '%s' "sh -c exit 7 timeout" | md5sum | cut -d' ' -f1)"
    ttl=$(rcli TTL "$key")
    figure "TIMEOUT ${big}: exit code, lock TTL after the run" "$(cat "$dir/timeout.rc"), $(ttl_text "$ttl")"
    check "$(ok [ "$(cat "$dir/timeout.rc")" = 7 ])" "TIMEOUT ${big}: the job's exit code comes back" "rc=$(cat "$dir/timeout.rc"): $(head -c 200 "$dir/timeout.err")"
    check "$(ok [ "$ttl" -gt 0 ])" "TIMEOUT ${big}: the lock is kept for GRACE, not given back early" "ttl=$ttl"
    cl "$dir/killafter" 30 "${vars[@]}" CRONLOCK_TIMEOUT=1 CRONLOCK_TIMEOUT_SIGNAL=TERM CRONLOCK_KILL_AFTER=$big \
        -- sh -c 'trap "exit 5" TERM; while :; do sleep 0.1; done' kill-after
    figure "KILL_AFTER ${big}, job ends on TERM" "exit $(cat "$dir/killafter.rc") after $(cat "$dir/killafter.ms") ms"
    check "$(ok [ "$(cat "$dir/killafter.rc")" = 202 ])" "KILL_AFTER ${big}: the timeout's TERM stops the job, exit 202" "rc=$(cat "$dir/killafter.rc"): $(head -c 200 "$dir/killafter.err")"
    cl "$dir/lease" 30 "${vars[@]}" CRONLOCK_LEASE=$huge CRONLOCK_RELEASE=$huge -- sh -c 'exit 3' lease
    figure "LEASE and RELEASE ${huge}" "exit $(cat "$dir/lease.rc")"
    check "$(ok [ "$(cat "$dir/lease.rc")" = 3 ])" "LEASE/RELEASE ${huge}: the job's exit code comes back" "rc=$(cat "$dir/lease.rc"): $(head -c 200 "$dir/lease.err")"
    cl "$dir/over" 30 "${vars[@]}" CRONLOCK_RELEASE=999999999999 MARK="$dir/over-started" SLEEP=0 CODE=0 -- "${JOB[@]}"
    figure "RELEASE past its maximum" "exit $(cat "$dir/over.rc"): $(head -c 200 "$dir/over.err")"
    check "$(ok [ "$(cat "$dir/over.rc")" = 201 ] && [ "$(lines "$dir/over.err")" = 1 ] && grep -q '[0-9]\{9\}' "$dir/over.err")" \
        "a duration past its maximum: one line naming the maximum, exit 201" "rc=$(cat "$dir/over.rc")"
    check "$(ok [ ! -e "$dir/over-started" ])" "...and the job never started"
    for f in timeout killafter lease over; do
        check "$(ok no_trace "$dir/$f.err")" "no stack trace ($f)"
    done
    end
    redis_stop durations
}
