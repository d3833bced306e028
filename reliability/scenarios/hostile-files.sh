# shellcheck shell=bash
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
    echo pw >"$dir/foreign.pass" && chmod 600 "$dir/foreign.pass"
    chown 65534 "$dir/foreign.pass" 2>/dev/null || true
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
