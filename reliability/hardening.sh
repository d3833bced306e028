# shellcheck shell=bash
# The adversarial scenarios: ways a lock wrapper can break its promise (a job twice at once, a
# lock stuck for a day, a hang) that an attacker or an unlucky operator can provoke. Sourced by
# reliability/run.sh, which provides begin/param/figure/check/end, cl, wait_for, key_gone_by,
# redis_start/redis_stop, rcli and JOB / JOB_KEY.

# ==================================================================================================
# Redis stalls right after it received the acquire: cronlock's wait for the reply times out, then
# Redis executes the acquire. Without a clean-up the lock would belong to a process that is gone,
# until RELEASE (a day by default), and every later run would exit 200.
orphan_acquire() {
    begin orphan-acquire "Redis stalls right after receiving the acquire (its reply times out)"
    local dir="$WORK_DIR/orphan"
    mkdir -p "$dir"
    redis_start orphan
    local pause_ms=3000
    param "stall" "CLIENT PAUSE ${pause_ms} WRITE just before the run: PING still answers, the acquire script is held until the pause ends"
    param "settings" "REDIS_TIMEOUT 1 s, RECONNECT_ATTEMPTS 1, RELEASE 86400 s (the default)"
    local vars=(CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$REDIS_PORT" CRONLOCK_REDIS_TIMEOUT=1 CRONLOCK_RECONNECT_ATTEMPTS=1
        MARK="$dir/started" SLEEP=0 CODE=0)
    rcli DEL "$JOB_KEY" >/dev/null
    local paused
    paused=$(ms)
    rcli CLIENT PAUSE "$pause_ms" WRITE >/dev/null
    cl "$dir/run" 30 "${vars[@]}" -- "${JOB[@]}"
    local rc elapsed gone
    rc=$(cat "$dir/run.rc") elapsed=$(cat "$dir/run.ms")
    gone=$(key_gone_by "$JOB_KEY" $((paused + pause_ms + 3000)) || true)
    # The key must stay gone: poll a little longer, in case the acquire landed late.
    sleep 1
    local after
    after=$(rcli EXISTS "$JOB_KEY")
    figure "exit code, time" "$rc after $elapsed ms"
    figure "stderr" "$(head -c 300 "$dir/run.err" | tr '\n' ' ')"
    figure "lock after the pause ended" "$([ -n "$gone" ] && [ "$after" = 0 ] && echo "gone (cleaned up by holder id)" || echo "present, TTL $(ttl_text "$(rcli TTL "$JOB_KEY")")")"
    check "$(ok [ "$rc" = 201 ])" "the run whose acquire timed out exits 201" "rc=$rc"
    check "$(ok [ ! -e "$dir/started" ])" "its job never started"
    check "$(ok [ -n "$gone" ] && [ "$after" = 0 ])" "no orphan lock survives the stall (gone within the pause + 3 s, and stays gone)"
    check "$(ok no_trace "$dir/run.err")" "no stack trace"
    cl "$dir/next" 30 "${vars[@]}" MARK="$dir/next-started" -- "${JOB[@]}"
    figure "next run" "exit $(cat "$dir/next.rc")"
    check "$(ok [ "$(cat "$dir/next.rc")" = 0 ] && [ -e "$dir/next-started" ])" "the next run takes the lock and runs the job" "rc=$(cat "$dir/next.rc")"
    end
    redis_stop orphan
}

# ==================================================================================================
# Redlock with one master down from the start; during the job a second master loses its data (a
# restart without persistence). The holder then has the lock on one master of three: a minority.
redlock_minority() {
    begin redlock-minority "Redlock: a master loses the lock while the job runs, leaving a minority"
    local dir="$WORK_DIR/redlock"
    mkdir -p "$dir"
    local a b c
    redis_start redlock-a && a=$REDIS_PORT
    redis_start redlock-b && b=$REDIS_PORT
    redis_start redlock-c && c=$REDIS_PORT
    redis_stop redlock-c
    local lease=3
    param "masters" "three redis-server; C is down when the run starts; B is restarted without persistence 1 s into the job"
    param "settings" "HOSTS A,B,C, LEASE ${lease} s, KILL_AFTER 1 s, REDIS_TIMEOUT 1 s; the job sleeps 12 s"
    local hosts="127.0.0.1:$a,127.0.0.1:$b,127.0.0.1:$c"
    local vars=(CRONLOCK_HOSTS="$hosts" CRONLOCK_LEASE=$lease CRONLOCK_KILL_AFTER=1 CRONLOCK_REDIS_TIMEOUT=1
        CRONLOCK_RECONNECT_ATTEMPTS=1 CRONLOCK_GRACE=0 SLEEP=12 CODE=0)
    cl "$dir/first" 40 "${vars[@]}" MARK="$dir/first-started" -- "${JOB[@]}" &
    local runner=$! lost_at
    wait_for "$dir/first-started" 15 || true
    sleep 1
    redis_stop redlock-b
    redis_start redlock-b
    redis_start redlock-c
    lost_at=$(ms)
    wait "$runner" || true
    local rc elapsed
    rc=$(cat "$dir/first.rc") elapsed=$(cat "$dir/first.ms")
    figure "holder: exit code, time" "$rc after $elapsed ms"
    figure "holder: stderr" "$(head -c 300 "$dir/first.err" | tr '\n' ' ')"
    figure "holder ended, counted from B's data loss" "$(since "$lost_at" "$(ms)")"
    check "$(ok [ "$rc" = 203 ])" "the holder sees it no longer holds a majority and stops its job (ON_LOST=kill, 203)" "rc=$rc"
    check "$(ok [ ! -e "$dir/first-started.done" ])" "its job did not run to its end"
    check "$(ok no_trace "$dir/first.err")" "no stack trace"
    cl "$dir/second" 30 "${vars[@]}" SLEEP=0 MARK="$dir/second-started" -- "${JOB[@]}"
    figure "a second host afterwards" "exit $(cat "$dir/second.rc")"
    check "$(ok [ "$(cat "$dir/second.rc")" = 0 ])" "a second host then takes the lock (B and C) and runs the job, alone" "rc=$(cat "$dir/second.rc")"
    end
    redis_stop redlock-a
    redis_stop redlock-b
    redis_stop redlock-c
}

# ==================================================================================================
# Durations past what a .NET timer holds (~49.7 days in milliseconds) once made cronlock exit 201
# while the job ran on, and give the lock back.
long_durations() {
    begin long-durations "Durations longer than a .NET timer can hold (about 49.7 days)"
    local dir="$WORK_DIR/durations"
    mkdir -p "$dir"
    redis_start durations
    local big=5000000
    param "settings" "TIMEOUT, KILL_AFTER, LEASE and RELEASE of ${big} s (57 days); GRACE 30 s"
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
    cl "$dir/lease" 30 "${vars[@]}" CRONLOCK_LEASE=$big CRONLOCK_RELEASE=$big -- sh -c 'exit 3' lease
    figure "LEASE and RELEASE ${big}" "exit $(cat "$dir/lease.rc")"
    check "$(ok [ "$(cat "$dir/lease.rc")" = 3 ])" "LEASE/RELEASE ${big}: the job's exit code comes back" "rc=$(cat "$dir/lease.rc"): $(head -c 200 "$dir/lease.err")"
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

# ==================================================================================================
# Files that are not regular files, named where CronLock expects a small file: they once hung
# (a FIFO) or ate memory until the process died (/dev/zero).
hostile_files() {
    begin hostile-files "A FIFO, a device or a huge file where a config or password file belongs"
    local dir="$WORK_DIR/files"
    mkdir -p "$dir"
    mkfifo "$dir/fifo"
    head -c 2000000 /dev/zero | tr '\0' '#' >"$dir/huge.conf"
    param "settings" "CRONLOCK_CONFIG or CRONLOCK_AUTH_FILE naming each file; cronlock runs under a 20 s timeout"
    local name var file rc elapsed
    for name in config-fifo auth-fifo config-zero config-urandom config-huge; do
        case "$name" in
            config-fifo) var=CRONLOCK_CONFIG file="$dir/fifo" ;;
            auth-fifo) var=CRONLOCK_AUTH_FILE file="$dir/fifo" ;;
            config-zero) var=CRONLOCK_CONFIG file=/dev/zero ;;
            config-urandom) var=CRONLOCK_CONFIG file=/dev/urandom ;;
            config-huge) var=CRONLOCK_CONFIG file="$dir/huge.conf" ;;
        esac
        cl "$dir/$name" 20 CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$(free_port)" "$var=$file" MARK="$dir/$name-started" SLEEP=0 CODE=0 -- "${JOB[@]}"
        rc=$(cat "$dir/$name.rc") elapsed=$(cat "$dir/$name.ms")
        figure "$var=$file" "exit $rc after $elapsed ms: $(head -c 160 "$dir/$name.err" | tr '\n' ' ')"
        check "$(ok [ "$rc" = 201 ] && [ "$elapsed" -le 5000 ])" "$name: exit 201 at once (within 5 s), no hang" "rc=$rc, ${elapsed} ms"
        check "$(ok [ "$(lines "$dir/$name.err")" = 1 ] && no_trace "$dir/$name.err")" "$name: one line on stderr, no stack trace"
        check "$(ok [ ! -e "$dir/$name-started" ])" "$name: the job never started"
    done
    end
}

# ==================================================================================================
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
