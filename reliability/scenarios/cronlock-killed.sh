# shellcheck shell=bash
# cronlock killed with SIGKILL while its job runs: nothing can run in cronlock any more, so the
# job must not outlive it (once LEASE or RELEASE passed, a second host could start it).
alive() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

cronlock_killed() {
    begin cronlock-killed "cronlock killed with SIGKILL while its job runs"
    local dir="$WORK_DIR/killed9"
    mkdir -p "$dir"
    redis_start killed9
    param "job" "writes its pid, then sleeps 60 s; cronlock is killed with SIGKILL as soon as the pid is written"
    param "settings" "LEASE 3 s: once cronlock is gone the lock expires within 3 s, so a job left running would overlap the next host's"
    # shellcheck disable=SC2016 # the job's shell expands them
    PIDFILE="$dir/job.pid" CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$REDIS_PORT" CRONLOCK_LEASE=3 "$CRONLOCK" \
        sh -c 'echo $$ >"$PIDFILE.tmp"; mv "$PIDFILE.tmp" "$PIDFILE"; exec sleep 60' >/dev/null 2>"$dir/run.err" &
    local runner=$! job="" killed gone=""
    background "$runner"
    wait_for "$dir/job.pid" 15 || true
    job=$(cat "$dir/job.pid" 2>/dev/null || true)
    kill -9 "$runner" 2>/dev/null || true
    killed=$(ms)
    wait "$runner" 2>/dev/null || true
    local deadline=$((killed + 3000))
    while [ -n "$job" ] && [ "$(ms)" -le "$deadline" ]; do
        # Gone, or a zombie waiting for a reaper (the job's parent was cronlock).
        if ! alive "$job"; then gone=$(ms); break; fi
        sleep 0.02
    done
    [ -z "$gone" ] && [ -n "$job" ] && kill -9 "$job" 2>/dev/null
    figure "job (pid ${job:-?}) after cronlock's SIGKILL" "$([ -n "$gone" ] && echo "gone after $(since "$killed" "$gone")" || echo "still running 3 s later")"
    check "$(ok [ -n "$job" ])" "the job started"
    check "$(ok [ -n "$gone" ])" "the job dies with cronlock (within 3 s, before the 3 s lease can expire unnoticed)"
    end
    redis_stop killed9
}
