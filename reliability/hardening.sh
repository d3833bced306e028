# shellcheck shell=bash
# The adversarial scenarios: ways a lock wrapper can break its promise (a job twice at once, a
# lock stuck for a day, a hang) that an attacker or an unlucky operator can provoke. Sourced by
# reliability/run.sh, which provides begin/param/figure/check/end, cl, wait_for, key_gone_by,
# redis_start/redis_stop, rcli and JOB / JOB_KEY.

# ==================================================================================================
# An acquire whose answer never comes: Redis holds cronlock's acquire (CLIENT PAUSE WRITE; PING
# still answers), then stalls whole (DEBUG SLEEP, as during a slow fork or fsync) past REDIS_TIMEOUT
# and past the pause; when it wakes it runs the held acquire although cronlock is gone. (Redis 7.0
# drops a paused client's commands once it disconnects: the pause alone shows the problem only while
# cronlock is still connected.) No lock may be left to the gone process: without the give-back it
# would stay until RELEASE (a day by default) and every later run would exit 200.
orphan_acquire() {
    begin orphan-acquire "Redis stalls right after receiving the acquire; cronlock gives up"
    local dir="$WORK_DIR/answer-lost"
    mkdir -p "$dir"
    redis_start answer-lost --enable-debug-command local
    local vars=(CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$REDIS_PORT" CRONLOCK_REDIS_TIMEOUT=1 CRONLOCK_RECONNECT_ATTEMPTS=1 SLEEP=0 CODE=0)
    param "settings" "REDIS_TIMEOUT 1 s, RECONNECT_ATTEMPTS 1, RELEASE default (86400 s)"
    param "fault" "CLIENT PAUSE 3000 WRITE before the run; DEBUG SLEEP 5 as soon as Redis holds the acquire"
    # A server that served cronlock before has its scripts cached: the acquire is one EVALSHA.
    cl "$dir/warm" 30 "${vars[@]}" -- true
    rcli CLIENT PAUSE 3000 WRITE >/dev/null
    cl "$dir/run" 30 "${vars[@]}" MARK="$dir/started" -- "${JOB[@]}" &
    local runner=$! held="" _
    for _ in $(seq 1 100); do
        held=$(rcli CLIENT LIST | grep 'flags=b ' | grep -o 'cmd=eval[a-z]*' || true)
        [ -n "$held" ] && break
        sleep 0.02
    done
    rcli DEBUG SLEEP 5 >/dev/null
    wait "$runner" || true
    # Once Redis has let go of cronlock's connection, whatever it sent has run.
    for _ in $(seq 1 100); do
        [ "$(rcli CLIENT LIST | grep -vc 'cmd=client|list' || true)" = 0 ] && break
        sleep 0.05
    done
    local rc elapsed ttl
    rc=$(cat "$dir/run.rc") elapsed=$(cat "$dir/run.ms")
    ttl=$(rcli TTL "$JOB_KEY")
    cl "$dir/next" 30 "${vars[@]}" MARK="$dir/next-started" -- "${JOB[@]}"
    figure "exit code, time" "$rc after $elapsed ms"
    figure "stderr" "$(head -c 300 "$dir/run.err" | tr '\n' ' ')"
    figure "lock once Redis ran the held acquire" "$(ttl_text "$ttl")"
    figure "next run" "exit $(cat "$dir/next.rc")"
    check "$(ok [ -n "$held" ])" "Redis held cronlock's acquire (the fault took effect)"
    check "$(ok [ "$rc" = 201 ] && [ ! -e "$dir/started" ])" "cronlock gave up with exit 201, the job never started" "rc=$rc"
    check "$(ok [ "$elapsed" -le 5000 ])" "it gave up within REDIS_TIMEOUT + one more for the give-back (+3 s slack)" "${elapsed} ms"
    check "$(ok [ "$ttl" = -2 ])" "no lock left behind by the acquire Redis ran after cronlock had gone" "TTL $(ttl_text "$ttl")"
    check "$(ok [ "$(cat "$dir/next.rc")" = 0 ] && [ -e "$dir/next-started" ])" "the next run acquires and runs" "rc=$(cat "$dir/next.rc")"
    check "$(ok no_trace "$dir/run.err")" "no stack trace"
    end
    redis_stop answer-lost
}

# ==================================================================================================
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
    local vars=(CRONLOCK_HOSTS="127.0.0.1:$pa,127.0.0.1:$pb,127.0.0.1:$pc" CRONLOCK_LEASE=$lease
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

# ==================================================================================================
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

# ==================================================================================================
# Files that are not regular files, named where CronLock expects a small file: they once hung
# (a FIFO) or ate memory until the process died (/dev/zero).
hostile_files() {
    begin hostile-files "A FIFO, a device or a huge file where a config or password file belongs"
    local dir="$WORK_DIR/files"
    mkdir -p "$dir"
    mkfifo "$dir/fifo"
    head -c 2000000 /dev/zero | tr '\0' '#' >"$dir/huge.conf"
    mkdir -p "$dir/adir"
    : >"$dir/empty.pass" && chmod 600 "$dir/empty.pass"
    echo pw >"$dir/foreign.pass" && chmod 600 "$dir/foreign.pass" && chown 65534 "$dir/foreign.pass" 2>/dev/null || true
    param "settings" "CRONLOCK_CONFIG, CRONLOCK_AUTH_FILE or CRONLOCK_TLS_CA naming each file (an empty password file, one owned by uid 65534); cronlock runs under a 20 s timeout"
    local name var file rc elapsed tls
    for name in config-fifo auth-fifo tls-ca-fifo config-zero config-urandom config-huge config-dir auth-empty auth-foreign; do
        tls=CRONLOCK_TLS=no
        case "$name" in
            tls-ca-fifo) var=CRONLOCK_TLS_CA file="$dir/fifo" tls=CRONLOCK_TLS=yes ;;
            config-dir) var=CRONLOCK_CONFIG file="$dir/adir" ;;
            auth-empty) var=CRONLOCK_AUTH_FILE file="$dir/empty.pass" ;;
            auth-foreign) var=CRONLOCK_AUTH_FILE file="$dir/foreign.pass" ;;
            config-fifo) var=CRONLOCK_CONFIG file="$dir/fifo" ;;
            auth-fifo) var=CRONLOCK_AUTH_FILE file="$dir/fifo" ;;
            config-zero) var=CRONLOCK_CONFIG file=/dev/zero ;;
            config-urandom) var=CRONLOCK_CONFIG file=/dev/urandom ;;
            config-huge) var=CRONLOCK_CONFIG file="$dir/huge.conf" ;;
        esac
        cl "$dir/$name" 20 CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$(free_port)" "$tls" "$var=$file" MARK="$dir/$name-started" SLEEP=0 CODE=0 -- "${JOB[@]}"
        rc=$(cat "$dir/$name.rc") elapsed=$(cat "$dir/$name.ms")
        figure "$var=${file#"$dir"/}" "exit $rc after $elapsed ms: $(sed -e 's/^[^ ]* cronlock\[[0-9]*\] //' -e "s|$dir/||g" "$dir/$name.err" | head -c 200 | tr '\n' ' ')"
        check "$(ok [ "$rc" = 201 ] && [ "$elapsed" -le 5000 ])" "$name: exit 201 at once (within 5 s), no hang" "rc=$rc, ${elapsed} ms"
        check "$(ok [ "$(lines "$dir/$name.err")" = 1 ] && grep -qF "$file" "$dir/$name.err" && no_trace "$dir/$name.err")" "$name: one line on stderr naming the file, no stack trace"
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
